"""Rules on the Header table: the child's characteristics."""

from caretrack.validate.rule import rule

RULES = [
    rule(
        "101",
        "Gender code is not valid.",
        ["SEX"],
        "SELECT 'Header' AS tbl, ROW_ID FROM header WHERE NOT is_code('SEX', SEX)",
    ),
    rule(
        "102",
        "Date of birth is not a valid date.",
        ["DOB"],
        "SELECT 'Header' AS tbl, ROW_ID FROM header WHERE to_date(DOB) IS NULL",
    ),
    rule(
        "103",
        "The ethnicity code is either not valid or has not been entered.",
        ["ETHNIC"],
        "SELECT 'Header' AS tbl, ROW_ID FROM header WHERE NOT is_code('ETHNIC', ETHNIC)",
    ),
]
