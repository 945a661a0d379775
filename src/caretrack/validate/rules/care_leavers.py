"""Rules on care leavers (the OC3 table) and on who may have care leaver information.

The codes of the in-touch, activity and accommodation fields and how they fit together,
the ages for which the information is collected, and the checks of OC3 against the
child's episodes (this year's and, where given, last year's): a child who died in care,
was never looked after, is not a relevant or former relevant child, or is still looked
after on their 17th or 18th birthday should have no care leaver information; nor should
a child looked after continuously for 12 months, nor one in the adoption (AD1) table.
See caretrack.validate.rule for the conventions.
"""

from caretrack.validate.rule import rule
from caretrack.validate.rules.cohorts import EPISODES_EVERY_YEAR, LOOKED_AFTER_12_MONTHS


def info(alias: str = "") -> str:
    """SQL: any of the care leaver information is given (columns of table `alias`)."""
    a = f"{alias}." if alias else ""
    return f"COALESCE({a}IN_TOUCH, {a}ACTIV, {a}ACCOM) IS NOT NULL"


INFO = info()
# An episode that counts towards time in care: not a short break (LS V3, V4).
_COUNTED = "COALESCE(e.LS NOT IN ('V3', 'V4'), TRUE)"
# Any of the adoption (AD1) information is given.
AD1_INFO = "COALESCE(DATE_INT, DATE_MATCH, FOSTER_CARE, NB_ADOPTR, SEX_ADOPTR, LS_ADOPTR) IS NOT NULL"


def birthday(dob: str, years: int | str) -> str:
    """SQL for the date a child born on `dob` (a DATE expression) turns `years` (a number
    or an integer expression) old (a 29 February birthday falls on 1 March, as in the
    engine's age())."""
    shifted = f"({dob}) + INTERVAL ({years}) YEAR"
    return (
        f"CAST({shifted} + CASE WHEN STRFTIME({shifted}, '%m%d') <> STRFTIME({dob}, '%m%d') "
        f"THEN INTERVAL 1 DAY ELSE INTERVAL 0 DAY END AS DATE)"
    )


def _oc3_code(code, message, field, invalid=""):
    """A rule flagging a given OC3 value that is not in the field's code list."""
    extra = f" OR {field} IN {invalid}" if invalid else ""
    sql = f"SELECT 'OC3' AS tbl, ROW_ID FROM oc3 WHERE {field} IS NOT NULL AND (NOT is_code('{field}', {field}){extra})"
    return rule(code, message, [field], sql)


# OC3 children aged 17 or 18 at 31 March, with the 17th or 18th birthday in the year.
_AGED_17_OR_18 = f"""
    SELECT *, {birthday('born', 'years')} AS bday
    FROM (SELECT *, age(born, year_end()) AS years FROM (SELECT *, to_date(DOB) AS born FROM oc3))
    WHERE years IN (17, 18) AND {INFO}
"""

RULES = [
    _oc3_code("131", "Data entry for being in touch after leaving care is invalid.", "IN_TOUCH"),
    _oc3_code("132", "Data entry for activity after leaving care is invalid.", "ACTIV"),
    # The DfE's guide counts no fixed abode (S) and custody (X) as never suitable.
    _oc3_code(
        "133",
        "Data entry for accommodation after leaving care is invalid. If reporting on a childs accommodation after leaving care the data entry must be valid",
        "ACCOM",
        invalid="('S1', 'X1')",
    ),
    rule(
        "134",
        "Data on adoption should not be entered for the OC3 cohort.",
        ["IN_TOUCH", "ACTIV", "ACCOM", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"],
        f"""
        SELECT 'AD1' AS tbl, ROW_ID FROM ad1
        WHERE {AD1_INFO} AND CHILD IN (SELECT CHILD FROM oc3 WHERE {INFO})
        """,
    ),
    rule(
        "153",
        "All data items relating to a child's activity or accommodation after leaving care must be coded or left blank.",
        ["IN_TOUCH", "ACTIV", "ACCOM"],
        f"SELECT 'OC3' AS tbl, ROW_ID FROM oc3 WHERE {INFO} AND (IN_TOUCH IS NULL OR ACTIV IS NULL OR ACCOM IS NULL)",
    ),
    rule(
        "187",
        "Child cannot be looked after continuously for 12 months at 31 March (OC2) and have any of adoption or care leavers returns completed.",
        ["DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR", "IN_TOUCH", "ACTIV", "ACCOM"],
        f"""
        WITH cla AS ({LOOKED_AFTER_12_MONTHS})
        SELECT 'OC3' AS tbl, ROW_ID FROM oc3 WHERE {INFO} AND CHILD IN (SELECT CHILD FROM cla)
        UNION ALL
        SELECT 'AD1', ROW_ID FROM ad1 WHERE {AD1_INFO} AND CHILD IN (SELECT CHILD FROM cla)
        """,
    ),
    rule(
        "344",
        "The record shows the young person has died or returned home to live with parent(s) or someone with parental responsibility for a continuous period of 6 months or more, but activity and/or accommodation on leaving care have been completed.",
        ["IN_TOUCH", "ACTIV", "ACCOM"],
        # Activity and accommodation must then be 0 (not known), not blank.
        """
        SELECT 'OC3' AS tbl, ROW_ID FROM oc3
        WHERE IN_TOUCH IN ('DIED', 'RHOM') AND (ACTIV IS DISTINCT FROM '0' OR ACCOM IS DISTINCT FROM '0')
        """,
    ),
    rule(
        "345",
        "The data collection record shows the local authority is in touch with this young person, but activity and/or accommodation data items are zero.",
        ["IN_TOUCH", "ACTIV", "ACCOM"],
        "SELECT 'OC3' AS tbl, ROW_ID FROM oc3 WHERE IN_TOUCH = 'YES' AND (ACTIV = '0' OR ACCOM = '0')",
    ),
    rule(
        "347",
        "Care leavers aged under 18 years, can not be accommodated in a Foyer.",
        ["PLACE", "DEC", "URN"],
        # Foyers are accommodation T1/T2; the young person must be 18 at the year's start.
        "SELECT 'OC3' AS tbl, ROW_ID FROM oc3 WHERE ACCOM IN ('T1', 'T2') AND age(to_date(DOB), year_start()) < 18",
        years=(2024, 2025, 2026, 2027),
    ),
    rule(
        "348",
        "Care leaver has previously been reported as having died. ",
        ["IN_TOUCH"],
        """
        SELECT 'OC3' AS tbl, o.ROW_ID FROM oc3 AS o
        WHERE o.IN_TOUCH IS DISTINCT FROM 'DIED'
          AND o.CHILD IN (SELECT CHILD FROM oc3_last WHERE IN_TOUCH = 'DIED')
        """,
        years=(2026, 2027),
        needs=("previous",),
    ),
    rule(
        "391",
        "Young person was not 17, 18, 19, 20 or 21 during the current collection year. ",
        ["DOB", "IN_TOUCH", "ACTIV", "ACCOM"],
        f"SELECT 'OC3' AS tbl, ROW_ID FROM oc3 WHERE age(to_date(DOB), year_end()) < 17 AND {INFO}",
    ),
    rule(
        "1000",
        "This child is recorded as having died in care and therefore should not have the care leaver information completed.",
        ["IN_TOUCH", "ACTIV", "ACCOM"],
        # Earlier years' episodes are used when given.
        f"""
        SELECT 'OC3' AS tbl, ROW_ID FROM oc3
        WHERE {INFO} AND CHILD IN (
            SELECT CHILD FROM episodes WHERE REC = 'E2' UNION SELECT CHILD FROM episodes_last WHERE REC = 'E2'
            UNION SELECT CHILD FROM episodes_earlier WHERE REC = 'E2')
        """,
    ),
    rule(
        "1001",
        "The episodes recorded for this young person suggest they are not a relevant or a former relevant child and therefore should not have care leaver information completed.",
        ["IN_TOUCH", "ACTIV", "ACCOM"],
        # A (former) relevant child was looked after for 13 weeks (91 days) since the age of
        # 14, at some time after their 16th birthday, and was not adopted at the end of it.
        # Young people 20 or over at 31 March are not checked: with two years of episodes
        # (the least this rule runs on) their time in care since 14 cannot be seen. Earlier
        # returns, when given, are read too (fewer young people without the episodes
        # that made them relevant). An episode in several returns counts once (the latest return's); open
        # episodes run to 31 March; short breaks (V3, V4) do not count. The date of birth
        # is the Header's (of a child given two Header rows, the first that has one), else OC3's.
        # Days in care and adoption in one pass over the child's episodes.
        f"""
        WITH born AS (
            SELECT CHILD, dob, {birthday('dob', 14)} AS b14, {birthday('dob', 16)} AS b16 FROM (
                SELECT o.CHILD, COALESCE(to_date(h.DOB), to_date(o.DOB)) AS dob
                FROM oc3 AS o LEFT JOIN (SELECT CHILD, arg_min(DOB, ROW_ID) AS DOB FROM header GROUP BY CHILD) AS h
                  ON h.CHILD = o.CHILD)
        ),
        care AS (
            SELECT e.CHILD,
                   SUM(GREATEST(DATE_DIFF('day', GREATEST(e.start, b.b14), COALESCE(e.finish, year_end())), 0)) FILTER (WHERE {_COUNTED}) AS days14,
                   SUM(GREATEST(DATE_DIFF('day', GREATEST(e.start, b.b16), COALESCE(e.finish, year_end())), 0)) FILTER (WHERE {_COUNTED}) AS days16,
                   BOOL_OR(e.latest AND COALESCE(e.REC IN ('E11', 'E12'), FALSE)) AS adopted
            FROM ({EPISODES_EVERY_YEAR}) AS e JOIN born AS b ON b.CHILD = e.CHILD
            WHERE e.first_on_start
            GROUP BY e.CHILD
        )
        SELECT 'OC3' AS tbl, o.ROW_ID
        FROM oc3 AS o
        JOIN born AS b ON b.CHILD = o.CHILD
        LEFT JOIN care AS c ON c.CHILD = o.CHILD
        WHERE {info('o')}
          AND age(b.dob, year_end()) < 20
          AND (COALESCE(c.days14, 0) < 91 OR COALESCE(c.days16, 0) < 1 OR c.adopted)
        """,
        needs=("previous",),
    ),
    rule(
        "1002",
        "This child has no previous episodes of care, therefore should not have care leaver information recorded.",
        ["IN_TOUCH", "ACTIV", "ACCOM"],
        # Earlier years' episodes are used when given: the DfE, holding every year, finds
        # the episodes of a young person who left care before last year.
        f"""
        SELECT 'OC3' AS tbl, ROW_ID FROM oc3
        WHERE {INFO} AND CHILD NOT IN (
            SELECT CHILD FROM episodes WHERE CHILD IS NOT NULL
            UNION SELECT CHILD FROM episodes_last WHERE CHILD IS NOT NULL
            UNION SELECT CHILD FROM episodes_earlier WHERE CHILD IS NOT NULL)
        """,
        needs=("previous",),
    ),
    rule(
        "1007",
        "Care leaver information is not required for 17- or 18-year olds who are still looked after [on their 17th or 18th birthday.]",
        ["IN_TOUCH", "ACTIV", "ACCOM"],
        # Looked after on the birthday: an episode begun by then, open or ended after it.
        f"""
        SELECT 'OC3' AS tbl, o.ROW_ID FROM ({_AGED_17_OR_18}) AS o
        WHERE EXISTS (
            SELECT 1 FROM episodes AS e
            WHERE e.CHILD = o.CHILD AND to_date(e.DECOM) <= o.bday
              AND (e.DEC IS NULL OR to_date(e.DEC) > o.bday))
        """,
    ),
    rule(
        "1012",
        "No other data should be returned for OC3 children who had no episodes in the current year",
        ["CHILD"],
        """
        WITH looked_after AS (SELECT DISTINCT CHILD FROM episodes WHERE CHILD IS NOT NULL),
        others AS (
            SELECT 'PlacedAdoption' AS tbl, ROW_ID, CHILD FROM placedadoption
            UNION ALL SELECT 'Missing', ROW_ID, CHILD FROM missing
            UNION ALL SELECT 'Reviews', ROW_ID, CHILD FROM reviews
            UNION ALL SELECT 'AD1', ROW_ID, CHILD FROM ad1
            UNION ALL SELECT 'PrevPerm', ROW_ID, CHILD FROM prevperm
            UNION ALL SELECT 'OC2', ROW_ID, CHILD FROM oc2
        )
        SELECT tbl, ROW_ID FROM others
        WHERE EXISTS (SELECT 1 FROM episodes)
          AND NOT EXISTS (SELECT 1 FROM looked_after AS l WHERE l.CHILD = others.CHILD)
        """,
    ),
    rule(
        "1016",
        "Care leaver information is not required for 17- or 18-year olds who cease to be looked after, after their birthday.",
        ["IN_TOUCH", "ACTIV", "ACCOM"],
        f"""
        SELECT 'OC3' AS tbl, o.ROW_ID FROM ({_AGED_17_OR_18}) AS o
        WHERE EXISTS (SELECT 1 FROM episodes AS e WHERE e.CHILD = o.CHILD AND to_date(e.DEC) >= o.bday)
        """,
        years=(2024, 2025, 2026, 2027),
    ),
    rule(
        "INT34",
        "Internal Check: Child should only exist once in OC3.",
        ["CHILD"],
        "SELECT 'OC3' AS tbl, ROW_ID FROM oc3 WHERE CHILD IS NOT NULL QUALIFY COUNT(*) OVER (PARTITION BY CHILD) > 1",
    ),
]
