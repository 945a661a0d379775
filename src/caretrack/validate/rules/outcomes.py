"""Rules on the OC2 table: outcomes of children looked after for 12 months.

OC2 holds, for children looked after continuously for at least 12 months at 31 March,
the strengths and difficulties questionnaire (SDQ) score or the reason it is missing,
convictions (aged 10+), health promotion checks (under 5), immunisations, teeth
checks, health assessments, substance misuse and interventions. Which children belong
in that cohort is told from the Episodes table (LOOKED_AFTER_12_MONTHS); ages are taken
from OC2's own DOB. Also INT33 (a child at most once in OC2) and 215 (OC3 care leavers
do not have OC2 outcomes). See caretrack.validate.rule for the conventions.
"""

from caretrack.validate.rule import derived, flag_pairs, rule
from caretrack.validate.rules.cohorts import LOOKED_AFTER_12_MONTHS
from caretrack.validate.rules.episodes import ORDERED

# OC2 rows with `cla` (the child is in LOOKED_AFTER_12_MONTHS) and `born` (OC2's DOB).
OC2_COHORT = derived("oc2_cohort", f"""
    SELECT *, COALESCE(CHILD IN (SELECT CHILD FROM ({LOOKED_AFTER_12_MONTHS})), FALSE) AS cla, to_date(DOB) AS born
    FROM oc2
""")
# The data items of children looked after for 12 months, and the four every such child has.
TWELVE_MONTH_ITEMS = (
    "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE",
    "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED",
)
CORE_ITEMS = ("IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE")


def _any_given(fields):
    return f"COALESCE({', '.join(fields)}) IS NOT NULL"


def _any_blank(fields):
    return "(" + " OR ".join(f"{f} IS NULL" for f in fields) + ")"


def _oc2(code, message, fields, where, cohort=False):
    """A rule flagging the OC2 rows matching `where`, which may use `born` (and `cla` when `cohort`)."""
    source = f"({OC2_COHORT})" if cohort else "(SELECT *, to_date(DOB) AS born FROM oc2)"
    return rule(code, message, fields, f"SELECT 'OC2' AS tbl, ROW_ID FROM {source} WHERE {where}")


def _with_core_items(code, message, field):
    # "Information completed" read as csc-validator-be-903 reads it: <field> = 1 (convicted,
    # health check up to date). A 0 with a core item blank is still reported by 182.
    return _oc2(code, message, [field, *CORE_ITEMS], f"{field} = '1' AND {_any_blank(CORE_ITEMS)}")


RULES = [
    _oc2(
        "157",
        "Child is aged 4 years or over at the beginning of the year or 16 years or under at the end of the year and Strengths and Difficulties Questionnaire (SDQ) 1 has been recorded as the reason for no Strengths and Difficulties Questionnaire (SDQ) score.",
        ["SDQ_REASON", "DOB"],
        # SDQ1 is for a child under 4 or over 17 at the assessment: wrong for one aged
        # 4 or over on 1 April and 16 or under on 31 March.
        "cla AND age(born, year_start()) >= 4 AND age(born, year_end()) <= 16 AND SDQ_SCORE IS NULL AND SDQ_REASON = 'SDQ1'",
        cohort=True,
    ),
    _oc2(
        "158",
        "If a child has been recorded as receiving an intervention for their substance misuse problem, then the additional item on whether an intervention was offered should be left blank.",
        ["INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"],
        "INTERVENTION_RECEIVED = '1' AND INTERVENTION_OFFERED IS NOT NULL",
    ),
    _oc2(
        "159",
        "If a child has been recorded as not receiving an intervention for their substance misuse problem, then the additional item on whether an intervention was offered should be completed as well.",
        ["SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"],
        "SUBSTANCE_MISUSE = '1' AND INTERVENTION_RECEIVED = '0' AND INTERVENTION_OFFERED IS NULL",
    ),
    _oc2(
        "180",
        "Data entry for the strengths and difficulties questionnaire (SDQ) score is invalid.",
        ["SDQ_SCORE"],
        # A whole number from 0 to 40.
        "SDQ_SCORE IS NOT NULL AND NOT COALESCE(TRY_CAST(SDQ_SCORE AS DOUBLE) IN (SELECT * FROM range(0, 41)), FALSE)",
    ),
    _oc2(
        "181",
        "Data items relating to children looked after continuously for 12 months should be completed with a 0 or 1.",
        TWELVE_MONTH_ITEMS,
        " OR ".join(f"{f} NOT IN ('0', '1')" for f in TWELVE_MONTH_ITEMS),
    ),
    _oc2(
        "182",
        "Data entries on immunisations, teeth checks, health assessments and substance misuse problem identified should be completed or all OC2 fields should be left blank.",
        [*CORE_ITEMS, "CONVICTED", "HEALTH_CHECK", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"],
        # Any of the items given means the four core ones are all due (the peer only
        # counts the other four items as "given").
        f"{_any_given(TWELVE_MONTH_ITEMS)} AND {_any_blank(CORE_ITEMS)}",
    ),
    _oc2(
        "188",
        "Child is aged under 4 years at the end of the year, but a Strengths and Difficulties (SDQ) score or a reason for no SDQ score has been completed. ",
        ["SDQ_SCORE", "SDQ_REASON"],
        "born + INTERVAL 4 YEAR > year_end() AND (SDQ_SCORE IS NOT NULL OR SDQ_REASON IS NOT NULL)",
    ),
    _oc2(
        "189",
        "Child is aged 17 years or over at the beginning of the year, but an Strengths and Difficulties (SDQ) score or a reason for no Strengths and Difficulties (SDQ) score has been completed.",
        ["DOB", "SDQ_SCORE", "SDQ_REASON"],
        # DfE: DOB more than 17 years before 1 April; a 17th birthday on 1 April itself
        # is a birthday in the year, when 197B wants the SDQ.
        "born + INTERVAL 17 YEAR < year_start() AND (SDQ_SCORE IS NOT NULL OR SDQ_REASON IS NOT NULL)",
    ),
    _oc2(
        "190",
        "Child has not been looked after continuously for at least 12 months at 31 March but one or more data items relating to children looked after for 12 months have been completed.",
        TWELVE_MONTH_ITEMS,
        f"NOT cla AND {_any_given(TWELVE_MONTH_ITEMS)}",
        cohort=True,
    ),
    rule(
        "191",
        "Child has been looked after continuously for at least 12 months at 31 March but one or more data items relating to children looked after for 12 months have been left blank.",
        [*CORE_ITEMS, "CHILD"],
        # A child of the cohort with no OC2 row at all is pointed at by their first episode.
        f"""
        SELECT 'OC2' AS tbl, ROW_ID FROM ({OC2_COHORT}) WHERE cla AND {_any_blank(CORE_ITEMS)}
        UNION ALL
        SELECT 'Episodes', ROW_ID FROM ({ORDERED})
        WHERE n = 1 AND CHILD IN (SELECT CHILD FROM ({LOOKED_AFTER_12_MONTHS}))
          AND CHILD NOT IN (SELECT CHILD FROM oc2 WHERE CHILD IS NOT NULL)
        """,
    ),
    _oc2(
        "192",
        "Child has been identified as having a substance misuse problem but the additional item on whether an intervention was received has been left blank.",
        ["SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED"],
        "SUBSTANCE_MISUSE = '1' AND INTERVENTION_RECEIVED IS NULL",
    ),
    _oc2(
        "193",
        "Child not identified as having a substance misuse problem but at least one of the two additional items on whether an intervention were offered and received have been completed.",
        ["SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"],
        "COALESCE(SUBSTANCE_MISUSE = '0', TRUE) AND (INTERVENTION_RECEIVED IS NOT NULL OR INTERVENTION_OFFERED IS NOT NULL)",
    ),
    _oc2(
        "196",
        "Strengths and Difficulties (SDQ) reason is not a valid code.",
        ["SDQ_REASON"],
        "SDQ_REASON IS NOT NULL AND NOT is_code('SDQ_REASON', SDQ_REASON)",
    ),
    _oc2(
        "197B",
        "SDQ score or reason for no SDQ should be reported for 4- or 17-year-olds.",
        ["SDQ_REASON", "DOB"],
        # Children of the cohort whose 4th or 17th birthday falls in the year.
        """
        cla AND SDQ_SCORE IS NULL AND SDQ_REASON IS NULL
        AND (born + INTERVAL 4 YEAR BETWEEN year_start() AND year_end()
             OR born + INTERVAL 17 YEAR BETWEEN year_start() AND year_end())
        """,
        cohort=True,
    ),
    _oc2(
        "197a",
        "Reason for no Strengths and Difficulties (SDQ) score is not required if Strengths and Difficulties Questionnaire score is filled in.",
        ["SDQ_SCORE", "SDQ_REASON"],
        "SDQ_SCORE IS NOT NULL AND SDQ_REASON IS NOT NULL",
    ),
    rule(
        "215",
        "Child has care leaver information but one or more data items relating to children looked after for 12 months have been completed.",
        ["IN_TOUCH", "ACTIV", "ACCOM", *TWELVE_MONTH_ITEMS],
        flag_pairs(
            f"""
            SELECT c.ROW_ID AS oc3_row, o.ROW_ID AS oc2_row
            FROM oc3 AS c JOIN oc2 AS o ON o.CHILD = c.CHILD
            WHERE {_any_given(("c.IN_TOUCH", "c.ACTIV", "c.ACCOM"))}
              AND {_any_given(tuple(f"o.{f}" for f in TWELVE_MONTH_ITEMS))}
            """,
            ("OC3", "oc3_row"), ("OC2", "oc2_row"),
        ),
    ),
    _oc2(
        "542",
        "A child aged under 10 at 31 March should not have conviction information completed.",
        ["CONVICTED"],
        "born + INTERVAL 10 YEAR > year_end() AND CONVICTED IS NOT NULL",
    ),
    _oc2(
        "543",
        "Child is aged 10 or over at 31 March and has been looked after continuously for 12 months yet conviction information has not been completed.",
        ["DOB", "CONVICTED"],
        # DfE: DOB 10 or more years before 31 March (a 10th birthday on 31 March counts).
        "cla AND born + INTERVAL 10 YEAR <= year_end() AND CONVICTED IS NULL",
        cohort=True,
    ),
    _with_core_items(
        "544",
        "Any child who has conviction information completed must also have immunisation, teeth check, health assessment and substance misuse problem identified fields completed.",
        "CONVICTED",
    ),
    _oc2(
        "545",
        "Child is aged under 5 at 31 March and has been looked after continuously for 12 months yet health promotion information has not been completed.",
        ["DOB", "HEALTH_CHECK"],
        "cla AND born + INTERVAL 5 YEAR > year_end() AND HEALTH_CHECK IS NULL",
        cohort=True,
    ),
    _oc2(
        "546",
        "Children aged 5 or over at 31 March should not have health promotion information completed.",
        ["DOB", "HEALTH_CHECK"],
        # DfE: for the cohort (LOOKED_AFTER_CONTINUOUSLY = 'Y'); others fall to 190.
        "cla AND born + INTERVAL 5 YEAR <= year_end() AND HEALTH_CHECK IS NOT NULL",
        cohort=True,
    ),
    _with_core_items(
        "547",
        "Any child who has health promotion information completed must also have immunisation, teeth check, health assessment and substance misuse problem identified fields completed.",
        "HEALTH_CHECK",
    ),
    rule(
        "INT33",
        "Internal Check: Child should only exist once in OC2.",
        ["CHILD"],
        """
        SELECT 'OC2' AS tbl, ROW_ID FROM oc2
        WHERE CHILD IN (SELECT CHILD FROM oc2 WHERE CHILD IS NOT NULL GROUP BY CHILD HAVING COUNT(*) > 1)
        """,
    ),
    _oc2(
        "185",
        "Child has not been looked after continuously for at least 12 months at 31 March but a Strengths and Difficulties (SDQ) score has been completed.",
        ["SDQ_SCORE"],
        "SDQ_SCORE IS NOT NULL AND NOT cla",
        cohort=True,
    ),
    _oc2(
        "186",
        "Children aged 4 or over at the start of the year and children aged under 17 at the end of the year and who have been looked after for at least 12 months continuously should have a Strengths and Difficulties (SDQ) score completed.",
        ["SDQ_SCORE"],
        "SDQ_SCORE IS NULL AND SDQ_REASON IS NULL AND cla AND age(born, year_start()) >= 4 AND age(born, year_end()) < 17",
        cohort=True,
    ),
    _oc2(
        "198",
        "Child has not been looked after continuously for at least 12 months at 31 March but a reason for no Strengths and Difficulties (SDQ) score has been completed. ",
        ["SDQ_REASON"],
        "SDQ_REASON IS NOT NULL AND NOT cla",
        cohort=True,
    ),
]
