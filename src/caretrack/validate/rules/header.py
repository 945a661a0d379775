"""Rules on the Header table: the child's characteristics, and ages against episodes.

Valid codes and dates of the Header's fields (UPN, mother and her child's birth), their
agreement with last year's Header, and the child's age (from the Header's DOB) at
events: episodes starting and ending, legal statuses, the decision to place for
adoption, care leaver accommodation. Ages are counted by adding whole years to the
date of birth (a 29 February birthday falls on 28 February), as the DfE's rules state
them.
See caretrack.validate.rule for the conventions.
"""

from caretrack.validate.rule import rule

# Sex codes were 1 (male) and 2 (female) up to 2023-24, M, F and U (unknown) from 2024-25.
# Each year's rules read that year's codes (as csc-validator-be-903 does): a code of the
# other form is not valid that year (rule 101) and is not taken as a sex.
OLD_SEX_CODES = {"M": "1", "F": "2"}


def sex_is(sex: str, column: str = "SEX") -> str:
    """SQL: `column` holds the year's code for `sex` (M or F)."""
    return f"{column} = CASE WHEN collection_year() >= 2025 THEN '{sex}' ELSE '{OLD_SEX_CODES[sex]}' END"


MALE, FEMALE = sex_is("M"), sex_is("F")
UNKNOWN_UPN = "('UN1', 'UN2', 'UN3', 'UN4', 'UN5')"
# Short breaks (V3, V4) do not make a child looked after for these rules.
NOT_SHORT_BREAK = "COALESCE(e.LS NOT IN ('V3', 'V4'), TRUE)"
# Episodes with the child's date of birth from the Header (`born`) and its row (`hdr`).
WITH_DOB = """
    SELECT e.*, to_date(h.DOB) AS born, h.ROW_ID AS hdr
    FROM episodes AS e JOIN header AS h ON h.CHILD = e.CHILD
"""


def _male_mother(message, years):
    return rule(
        "174",
        message,
        ["SEX", "MC_DOB"],
        f"SELECT 'Header' AS tbl, ROW_ID FROM header WHERE {MALE} AND MC_DOB IS NOT NULL",
        years=years,
    )


def _same_as_last_year(code, message, field, value):
    """A Header field that must agree with last year's for a child in both returns."""
    return rule(
        code,
        message,
        [field],
        f"""
        SELECT 'Header' AS tbl, h.ROW_ID FROM header AS h JOIN header_last AS l ON l.CHILD = h.CHILD
        WHERE {value.format('h')} IS DISTINCT FROM {value.format('l')}
        """,
        needs=("previous",),
    )


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
    rule(
        "165",
        "Data entry for mother status is invalid.",
        ["MOTHER", "SEX", "ACTIV", "ACCOM", "IN_TOUCH", "DECOM"],
        # DfE: if provided, MOTHER must be 0 or 1 and the child female; if not provided,
        # the child must be male, or have no episode this year and care leaver (OC3)
        # information. Short breaks (V3, V4) are not episodes here. The child's OC3 rows
        # are flagged with the Header row.
        f"""
        WITH in_year AS (
            SELECT CHILD FROM episodes
            WHERE COALESCE(LS NOT IN ('V3', 'V4'), TRUE)
              AND to_date(DECOM) <= year_end() AND COALESCE(to_date(DEC), year_end()) >= year_start()
        ),
        leaver AS (SELECT CHILD FROM oc3 WHERE COALESCE(IN_TOUCH, ACTIV, ACCOM) IS NOT NULL),
        wrong AS (
            SELECT ROW_ID, CHILD FROM header AS h
            WHERE (MOTHER IS NOT NULL AND (MOTHER NOT IN ('0', '1') OR {MALE}))
               OR (MOTHER IS NULL AND {FEMALE}
                   AND (EXISTS (SELECT 1 FROM in_year AS e WHERE e.CHILD = h.CHILD)
                        OR NOT EXISTS (SELECT 1 FROM leaver AS o WHERE o.CHILD = h.CHILD)))
        )
        SELECT 'Header' AS tbl, ROW_ID FROM wrong
        UNION ALL SELECT 'OC3', o.ROW_ID FROM oc3 AS o JOIN wrong AS w ON w.CHILD = o.CHILD
        """,
    ),
    rule(
        "168",
        "Unique Pupil Number (UPN) is not valid. If unknown, default codes should be UN1, UN2, UN3, UN4 or UN5.",
        ["UPN"],
        # A check letter (not I, O or S), then 12 digits or 11 digits and a letter.
        r"""
        SELECT 'Header' AS tbl, ROW_ID FROM header
        WHERE UPN IS NOT NULL AND NOT regexp_full_match(UPN, '[A-HJ-NP-RT-Z](\d{12}|\d{11}[A-Z])|UN[1-5]')
        """,
    ),
    rule(
        "171",
        "Date of birth of mother's child is not a valid date.",
        ["MC_DOB"],
        "SELECT 'Header' AS tbl, ROW_ID FROM header WHERE MC_DOB IS NOT NULL AND to_date(MC_DOB) IS NULL",
    ),
    _male_mother("Mother's child date of birth is recorded but gender shows that the child is a male.", (2023, 2024)),
    _male_mother("Mother's child date of birth is recorded but sex shows that the child is a male.", (2025, 2026, 2027)),
    rule(
        "184",
        "Date of decision that a child should be placed for adoption is before the child was born.",
        ["DATE_PLACED", "DOB"],
        """
        SELECT 'PlacedAdoption' AS tbl, p.ROW_ID FROM placedadoption AS p JOIN header AS h ON h.CHILD = p.CHILD
        WHERE to_date(p.DATE_PLACED) < to_date(h.DOB)
        """,
    ),
    _same_as_last_year(
        "202", "The gender code conflicts with the gender already recorded for this child.", "SEX",
        # The codes changed from 1/2 to M/F in 2024-25: the same sex under either code agrees.
        "CASE {0}.SEX WHEN '1' THEN 'M' WHEN '2' THEN 'F' ELSE {0}.SEX END",
    ),
    _same_as_last_year(
        "203", "Date of birth disagrees with the date of birth already recorded for this child.", "DOB",
        "to_date({0}.DOB)",
    ),
    _same_as_last_year(
        "204", "Ethnic origin code disagrees with the ethnic origin already recorded for this child.", "ETHNIC",
        "{0}.ETHNIC",
    ),
    rule(
        "208",
        "Unique Pupil Number (UPN) for the current year disagrees with the Unique Pupil Number (UPN) already recorded for this child.",
        ["UPN"],
        # A UPN may change only from unknown to better known: from blank to UN1, from blank
        # or UN1 to UN2-UN5, or from blank or any UN code to a real UPN.
        f"""
        SELECT 'Header' AS tbl, h.ROW_ID FROM header AS h JOIN header_last AS l ON l.CHILD = h.CHILD
        WHERE h.UPN IS DISTINCT FROM l.UPN
          AND NOT COALESCE(l.UPN IS NULL AND h.UPN = 'UN1', FALSE)
          AND NOT COALESCE(COALESCE(l.UPN = 'UN1', TRUE) AND h.UPN IN ('UN2', 'UN3', 'UN4', 'UN5'), FALSE)
          AND NOT COALESCE(COALESCE(l.UPN IN {UNKNOWN_UPN}, TRUE) AND h.UPN NOT IN {UNKNOWN_UPN}, FALSE)
        """,
        needs=("previous",),
    ),
    rule(
        "209",
        "Child looked after is of school age and should not have an unknown Unique Pupil Number (UPN) code of UN1.",
        ["UPN", "DOB"],
        # School age: 4 or over on 31 August of the year before the collection year began.
        """
        SELECT 'Header' AS tbl, ROW_ID FROM header
        WHERE UPN = 'UN1' AND to_date(DOB) + INTERVAL 4 YEAR <= make_date(collection_year() - 2, 8, 31)
        """,
    ),
    rule(
        "231",
        "We expect that unaccompanied asylum seeking children are generally older young people. Please check the date of birth is correct. If the date of birth is correct then please provide details in a bypass request.",
        ["DOB", "UASC_STATUS"],
        # A child in the UASC table is UASC (the CSV return's form of UASC status 1).
        """
        SELECT 'Header' AS tbl, ROW_ID FROM header AS h
        WHERE EXISTS (SELECT 1 FROM uasc AS u WHERE u.CHILD = h.CHILD)
          AND to_date(DOB) > year_end() - INTERVAL 11 YEAR
        """,
        years=(2025, 2026, 2027),
    ),
    rule(
        "232",
        "Sex of the child/young person has been reported as unknown.",
        ["SEX"],
        "SELECT 'Header' AS tbl, ROW_ID FROM header WHERE SEX = 'U'",
        years=(2025, 2026, 2027),
    ),
    rule(
        "301",
        "Date of birth falls after the year ended.",
        ["DOB"],
        "SELECT 'Header' AS tbl, ROW_ID FROM header WHERE to_date(DOB) > year_end()",
    ),
    rule(
        "351",
        "Child was over 25 at the start of the current collection year.",
        ["DOB"],
        "SELECT 'Header' AS tbl, ROW_ID FROM header WHERE to_date(DOB) + INTERVAL 25 YEAR < year_start()",
    ),
    rule(
        "352",
        "Child who started to be looked after was aged 18 or over.",
        ["DECOM", "RNE"],
        f"SELECT 'Episodes' AS tbl, ROW_ID FROM ({WITH_DOB}) WHERE RNE = 'S' AND to_date(DECOM) >= born + INTERVAL 18 YEAR",
    ),
    rule(
        "358",
        "Child with this legal status should not be under 10.",
        ["DECOM", "DOB", "LS"],
        # Youth justice legal statuses, starting on or before the 10th birthday.
        f"""
        WITH young AS (
            SELECT ROW_ID, hdr FROM ({WITH_DOB})
            WHERE LS IN ('J1', 'J2', 'J3') AND to_date(DECOM) <= born + INTERVAL 10 YEAR
        )
        SELECT 'Episodes' AS tbl, ROW_ID FROM young
        UNION ALL SELECT 'Header', hdr FROM young
        """,
    ),
    rule(
        "359",
        "Child being looked after following 18th birthday must be accommodated under section 20(5) of the Children Act 1989 in a community home.",
        ["DEC", "LS", "PLACE"],
        # An open episode of a child 18 before the year ended must be V2 in K2.
        f"""
        SELECT 'Episodes' AS tbl, ROW_ID FROM ({WITH_DOB})
        WHERE DEC IS NULL AND born + INTERVAL 18 YEAR < year_end()
          AND NOT COALESCE(LS = 'V2' AND PLACE = 'K2', FALSE)
        """,
    ),
    rule(
        "386",
        "Reason episode ceased is adopted but child has reached age 18.",
        ["REC"],
        f"SELECT 'Episodes' AS tbl, ROW_ID FROM ({WITH_DOB}) WHERE REC IN ('E11', 'E12') AND to_date(DEC) >= born + INTERVAL 18 YEAR",
    ),
    rule(
        "387",
        "Reason episode ceased is child moved into independent living arrangement, but the child is aged under 14.",
        ["REC"],
        f"SELECT 'Episodes' AS tbl, ROW_ID FROM ({WITH_DOB}) WHERE REC IN ('E5', 'E6') AND to_date(DEC) < born + INTERVAL 14 YEAR",
    ),
    rule(
        "393",
        "Child is looked after but mother field is not completed.",
        ["MOTHER"],
        f"""
        SELECT 'Header' AS tbl, ROW_ID FROM header AS h
        WHERE {FEMALE} AND MOTHER IS NULL
          AND EXISTS (SELECT 1 FROM episodes AS e WHERE e.CHILD = h.CHILD AND {NOT_SHORT_BREAK})
        """,
    ),
    rule(
        "442",
        "Unique Pupil Number (UPN) field is not completed.",
        ["UPN"],
        f"""
        SELECT 'Header' AS tbl, ROW_ID FROM header AS h
        WHERE UPN IS NULL AND EXISTS (SELECT 1 FROM episodes AS e WHERE e.CHILD = h.CHILD AND {NOT_SHORT_BREAK})
        """,
    ),
    rule(
        "444",
        "Duplicate UPN has been reported",
        ["UPN"],
        # A real UPN (not a UN code) belongs to one child: every row sharing one is flagged.
        f"""
        SELECT 'Header' AS tbl, ROW_ID
        FROM (SELECT ROW_ID, UPN, COUNT(*) OVER (PARTITION BY UPN) AS uses FROM header WHERE UPN IS NOT NULL)
        WHERE uses > 1 AND UPN NOT IN {UNKNOWN_UPN}
        """,
        years=(2026, 2027),
    ),
    rule(
        "460",
        "Reason episode ceased is that child stayed with current carers at age 18 (or above), but child is aged under 18.",
        ["DEC", "REC"],
        f"SELECT 'Episodes' AS tbl, ROW_ID FROM ({WITH_DOB}) WHERE REC = 'E17' AND to_date(DEC) < born + INTERVAL 18 YEAR",
    ),
    rule(
        "611",
        "Date of birth field is blank, but child is a mother.",
        ["MOTHER", "MC_DOB"],
        "SELECT 'Header' AS tbl, ROW_ID FROM header WHERE MOTHER = '1' AND MC_DOB IS NULL",
    ),
    rule(
        "612",
        "Date of birth field has been completed but mother field indicates child is not a mother.",
        ["SEX", "MOTHER", "MC_DOB"],
        f"SELECT 'Header' AS tbl, ROW_ID FROM header WHERE COALESCE(MOTHER = '0', TRUE) AND {FEMALE} AND MC_DOB IS NOT NULL",
    ),
    rule(
        "620",
        "Child has been recorded as a mother, but date of birth shows that the mother is under 11 years of age.",
        ["DOB", "MOTHER"],
        "SELECT 'Header' AS tbl, ROW_ID FROM header WHERE MOTHER = '1' AND to_date(DOB) + INTERVAL 11 YEAR > year_start()",
    ),
    rule(
        "621",
        "Mother’s field has been completed but date of birth shows that the mother is younger than her child.",
        ["DOB", "MC_DOB"],
        "SELECT 'Header' AS tbl, ROW_ID FROM header WHERE to_date(MC_DOB) <= to_date(DOB)",
    ),
    rule(
        "624",
        "Date of birth of the first child contradicts the date of birth of the first child previously recorded.",
        ["MC_DOB"],
        # Compared as dates where both are valid (01/02/2020 agrees with 1/2/2020).
        """
        SELECT 'Header' AS tbl, h.ROW_ID FROM header AS h JOIN header_last AS l ON l.CHILD = h.CHILD
        WHERE l.MC_DOB IS NOT NULL
          AND COALESCE(CAST(to_date(h.MC_DOB) AS VARCHAR), h.MC_DOB) IS DISTINCT FROM COALESCE(CAST(to_date(l.MC_DOB) AS VARCHAR), l.MC_DOB)
        """,
        needs=("previous",),
    ),
    rule(
        "626",
        "Child was reported as a mother but the date of birth of the first child is before the current year which contradicts with the mother status recorded last year.",
        ["MOTHER", "MC_DOB"],
        """
        SELECT 'Header' AS tbl, h.ROW_ID FROM header AS h JOIN header_last AS l ON l.CHILD = h.CHILD
        WHERE h.MOTHER = '1' AND l.MOTHER = '0' AND to_date(h.MC_DOB) < year_start()
        """,
        needs=("previous",),
    ),
    rule(
        "3001",
        "Where care leavers information is being returned for a young person around their 17th birthday, the accommodation cannot be with their former foster carer(s).",
        ["REC"],
        # Z1/Z2: with former foster carers; 17th birthday (Header DOB) within the year.
        """
        SELECT 'OC3' AS tbl, o.ROW_ID FROM oc3 AS o JOIN header AS h ON h.CHILD = o.CHILD
        WHERE o.ACCOM IN ('Z1', 'Z2')
          AND to_date(h.DOB) + INTERVAL 17 YEAR BETWEEN year_start() AND year_end()
        """,
    ),
]
