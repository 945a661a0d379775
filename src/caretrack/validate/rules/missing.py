"""Rules on the Missing table: periods of being missing or away from placement without authorisation.

The missing type and dates of each period (valid, within the year, after birth, in
order, not overlapping), and the periods against the child's episodes (within a period
of care, ended when the placement or care ends) and against last year's open periods.
See caretrack.validate.rule for the conventions.
"""

from caretrack.validate.rule import first_in_child, rule
from caretrack.validate.rules.care_leavers import birthday
from caretrack.validate.rules.cohorts import PERIODS_OF_CARE

# Missing periods with their dates read.
DATED = "SELECT *, to_date(MIS_START) AS started, to_date(MIS_END) AS ended FROM missing"
# A missing period's start falls within one of the child's periods of care.
IN_CARE = "EXISTS (SELECT 1 FROM periods AS p WHERE p.CHILD = m.CHILD AND p.poc_start <= m.started AND (p.poc_end IS NULL OR m.started <= p.poc_end))"


RULES = [
    rule(
        "564",
        "Child was missing or away from placement without authorisation and the date started is blank.",
        ["MISSING", "MIS_START"],
        "SELECT 'Missing' AS tbl, ROW_ID FROM missing WHERE MISSING IN ('M', 'A') AND MIS_START IS NULL",
    ),
    rule(
        "565",
        "The date that the child started to be missing or away from placement without authorisation has been completed but whether the child was missing or away from placement without authorisation has not been completed.",
        ["MISSING", "MIS_START"],
        "SELECT 'Missing' AS tbl, ROW_ID FROM missing WHERE MIS_START IS NOT NULL AND MISSING IS NULL",
    ),
    rule(
        "566",
        "The date that the child's episode of being missing or away from placement without authorisation ended has been completed but whether the child was missing or away without authorisation has not been completed.",
        ["MISSING", "MIS_END"],
        "SELECT 'Missing' AS tbl, ROW_ID FROM missing WHERE MIS_END IS NOT NULL AND MISSING IS NULL",
    ),
    rule(
        "567",
        "The date that the missing episode or episode that the child was away from placement without authorisation ended is before the date that it started.",
        ["MIS_START", "MIS_END"],
        f"SELECT 'Missing' AS tbl, ROW_ID FROM ({DATED}) WHERE ended < started",
    ),
    rule(
        "570",
        "The date that the child started to be missing or away from placement without authorisation is after the end of the collection year.",
        ["MIS_START"],
        f"SELECT 'Missing' AS tbl, ROW_ID FROM ({DATED}) WHERE started > year_end()",
    ),
    rule(
        "571",
        "The date that the child ceased to be missing or away from placement without authorisation is before the start or after the end of the collection year.",
        ["MIS_END"],
        f"SELECT 'Missing' AS tbl, ROW_ID FROM ({DATED}) WHERE ended < year_start() OR ended > year_end()",
    ),
    rule(
        "574",
        "A new missing/away from placement without authorisation period cannot start when the previous missing/away from placement without authorisation period is still open. Missing/away from placement without authorisation periods should also not overlap.",
        ["MIS_START", "MIS_END"],
        # Each child's periods in order of end (an open one by its start): a period must not
        # follow one that is open (no valid end) or start before the previous one ended
        # (all children's periods in one order, CHILD first: see rule.CHILD_ROWS).
        f"""
        SELECT 'Missing' AS tbl, ROW_ID FROM (
            SELECT ROW_ID, started, LAG(CHILD) OVER w = CHILD AS follows,
                   LAG(ended) OVER w AS prev_end
            FROM ({DATED}) WHERE CHILD IS NOT NULL
            WINDOW w AS (ORDER BY CHILD, COALESCE(ended, started) NULLS LAST, started NULLS LAST, ROW_ID)
        )
        WHERE follows AND (prev_end IS NULL OR started < prev_end)
        """,
    ),
    rule(
        "575",
        "If the placement from which the child goes missing/away from placement without authorisation ends, the missing/away from placement without authorisation period in the missing module must also have an end date.",
        ["MIS_END"],
        f"""
        SELECT 'Missing' AS tbl, m.ROW_ID FROM ({DATED}) AS m
        WHERE m.MIS_END IS NULL AND EXISTS (
            SELECT 1 FROM episodes AS e
            WHERE e.CHILD = m.CHILD AND to_date(e.DEC) IS NOT NULL
              AND m.started BETWEEN to_date(e.DECOM) AND to_date(e.DEC))
        """,
    ),
    rule(
        "576",
        "There is an open missing/away from placement without authorisation period in last year’s return and there is no corresponding period recorded at the start of this year.",
        ["CHILD"],
        # The child's first period this year must be the one left open last year.
        f"""
        WITH firsts AS (
            SELECT * FROM ({DATED}) WHERE CHILD IS NOT NULL
            QUALIFY {first_in_child("started NULLS LAST, ROW_ID")}
        )
        SELECT 'Missing' AS tbl, f.ROW_ID FROM firsts AS f
        JOIN missing_last AS l ON l.CHILD = f.CHILD
        WHERE l.MIS_END IS NULL AND to_date(l.MIS_START) IS NOT NULL
          AND f.started IS DISTINCT FROM to_date(l.MIS_START)
        """,
        needs=("previous",),
    ),
    rule(
        "577",
        "Child ceased to be looked after but there is a missing/away from placement without authorisation period without an end date.",
        ["MIS_END"],
        # An open missing period is right only while the child is still in the period of
        # care in which it began.
        f"""
        WITH periods AS ({PERIODS_OF_CARE})
        SELECT 'Missing' AS tbl, m.ROW_ID FROM ({DATED}) AS m
        WHERE m.started IS NOT NULL AND m.ended IS NULL
          AND m.CHILD IN (SELECT CHILD FROM periods)
          AND NOT EXISTS (
              SELECT 1 FROM periods AS p
              WHERE p.CHILD = m.CHILD AND p.poc_end IS NULL AND p.poc_start <= m.started)
        """,
    ),
    rule(
        "578",
        "The date that the child started to be missing is after the child ceased to be looked after.",
        ["MIS_START"],
        f"""
        WITH periods AS ({PERIODS_OF_CARE})
        SELECT 'Missing' AS tbl, m.ROW_ID FROM ({DATED}) AS m
        WHERE m.started IS NOT NULL AND NOT {IN_CARE}
          AND EXISTS (SELECT 1 FROM periods AS p WHERE p.CHILD = m.CHILD AND p.poc_end < m.started)
        """,
    ),
    rule(
        "580",
        "Child is missing when cease being looked after but reason episode ceased not ‘E8’.",
        ["REC"],
        # A missing period ending on the 18th birthday, the day care ended.
        f"""
        SELECT 'Episodes' AS tbl, e.ROW_ID
        FROM episodes AS e JOIN (SELECT *, to_date(DOB) AS born FROM ({DATED})) AS m ON m.CHILD = e.CHILD
        WHERE m.ended = {birthday('m.born', 18)} AND to_date(e.DEC) = m.ended
          AND e.REC IS DISTINCT FROM 'E8'
        """,
    ),
    rule(
        "581",
        "Child is missing but has not yet started to be looked after.",
        ["MIS_START"],
        # A child with episodes: the period must start within one of them.
        f"""
        SELECT 'Missing' AS tbl, m.ROW_ID FROM ({DATED}) AS m
        WHERE m.started IS NOT NULL
          AND m.CHILD IN (SELECT CHILD FROM episodes)
          AND NOT EXISTS (
              SELECT 1 FROM episodes AS e
              WHERE e.CHILD = m.CHILD AND to_date(e.DECOM) <= m.started
                AND (to_date(e.DEC) IS NULL OR m.started <= to_date(e.DEC)))
        """,
    ),
    rule(
        "586",
        "Dates of missing periods are before child’s date of birth.",
        ["MIS_START"],
        f"SELECT 'Missing' AS tbl, ROW_ID FROM ({DATED}) WHERE started <= to_date(DOB)",
    ),
    rule(
        "1004",
        "The start date of the missing episode or episode that the child was away from placement without authorisation is not a valid date.",
        ["MIS_START"],
        f"SELECT 'Missing' AS tbl, ROW_ID FROM ({DATED}) WHERE started IS NULL",
    ),
    rule(
        "1005",
        "The end date of the missing episode or episode that the child was away from placement without authorisation is not a valid date.",
        ["MIS_END"],
        f"SELECT 'Missing' AS tbl, ROW_ID FROM ({DATED}) WHERE MIS_END IS NOT NULL AND ended IS NULL",
    ),
    rule(
        "1006",
        "Missing type invalid.",
        ["MISSING"],
        "SELECT 'Missing' AS tbl, ROW_ID FROM missing WHERE MISSING IS NOT NULL AND NOT is_code('MISSING', MISSING)",
    ),
]
