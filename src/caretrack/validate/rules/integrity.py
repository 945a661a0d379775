"""Data integrity checks: a child's rows agreeing across the return's tables.

The INT checks are the DfE's internal checks that each table's children are in the
Header, that a child's date of birth and sex agree with the Header's, and that a child
has one row in the Header and the UASC table. They are generated from the small tables
below with one helper each. EPI warns of a Header child with neither episodes nor care
leaver (OC3) information. See caretrack.validate.rule for the conventions.
"""

from caretrack.validate.rule import rule

# (code, table): every row of the table must have a child who is in the Header.
# A row with no CHILD cannot be matched to the Header and is flagged.
NOT_IN_HEADER = [
    ("INT01", "AD1"),
    ("INT02", "PlacedAdoption"),
    ("INT03", "Episodes"),
    ("INT04", "Missing"),
    ("INT05", "OC2"),
    ("INT06", "OC3"),
    ("INT07", "PrevPerm"),
    ("INT08", "Reviews"),
    ("INT09", "UASC"),
]

# (code, table, field): the table's field must agree with the child's Header row
# when both are given (DOB compared as dates, so only two valid dates can disagree).
DIFFERS_FROM_HEADER = [
    ("INT11", "AD1", "DOB"),
    ("INT12", "PlacedAdoption", "DOB"),
    ("INT13", "Missing", "DOB"),
    ("INT14", "OC2", "DOB"),
    ("INT15", "OC3", "DOB"),
    ("INT16", "PrevPerm", "DOB"),
    ("INT17", "Reviews", "DOB"),
    ("INT18", "UASC", "DOB"),
    ("INT21", "UASC", "SEX"),
]

# (code, table): a child may have only one row in the table.
ONCE_PER_CHILD = [
    ("INT32", "Header"),
    ("INT36", "UASC"),
]

# INT01's message alone says "Data Integrity Check" rather than "Internal Check".
PREFIX = {"INT01": "Data Integrity Check"}


def _message(code, text):
    return f"{PREFIX.get(code, 'Internal Check')}: {text}"


def _not_in_header(code, table):
    return rule(
        code,
        _message(code, f"Child in {table} does not exist in Header."),
        ["CHILD"],
        f"""
        SELECT '{table}' AS tbl, ROW_ID FROM {table.lower()} AS t
        WHERE NOT EXISTS (SELECT 1 FROM header AS h WHERE h.CHILD = t.CHILD)
        """,
    )


def _differs_from_header(code, table, field):
    value = "to_date({}.DOB)" if field == "DOB" else "{}." + field
    mine, header = value.format("t"), value.format("h")
    return rule(
        code,
        _message(code, f"{field} in {table} is different to {field} in Header."),
        [field],
        f"""
        SELECT '{table}' AS tbl, t.ROW_ID FROM {table.lower()} AS t JOIN header AS h ON h.CHILD = t.CHILD
        WHERE {mine} <> {header}
        """,
    )


def _once_per_child(code, table):
    return rule(
        code,
        _message(code, f"Child should only exist once in {table}."),
        ["CHILD"],
        f"""
        SELECT '{table}' AS tbl, ROW_ID
        FROM (SELECT ROW_ID, COUNT(*) OVER (PARTITION BY CHILD) AS rows FROM {table.lower()} WHERE CHILD IS NOT NULL)
        WHERE rows > 1
        """,
    )


RULES = [
    *[_not_in_header(*row) for row in NOT_IN_HEADER],
    *[_differs_from_header(*row) for row in DIFFERS_FROM_HEADER],
    *[_once_per_child(*row) for row in ONCE_PER_CHILD],
    rule(
        "EPI",
        "WARNING: Episodes need to be loaded for this child before further validation is possible",
        ["CHILD"],
        """
        SELECT 'Header' AS tbl, ROW_ID FROM header AS h
        WHERE NOT EXISTS (SELECT 1 FROM episodes AS e WHERE e.CHILD = h.CHILD)
          AND NOT EXISTS (SELECT 1 FROM oc3 AS o WHERE o.CHILD = h.CHILD)
        """,
    ),
]
