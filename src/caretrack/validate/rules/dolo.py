"""DoLo rules, deprivation of liberty orders from 2026-27 (see caretrack.validate.rule for the conventions)."""

from caretrack.validate.rule import lag_in_child, rule
from caretrack.validate.rules.cohorts import PERIODS_OF_CARE

# Care episodes during an order that has both dates: the episode starts on or before the
# order's end and ends on or after its start (or is open, or its end is not a date).
_OVERLAPS = """
    WITH during AS (
        SELECT d.ROW_ID AS dolo_row, e.ROW_ID AS episode_row, e.PLACE
        FROM dolo AS d JOIN episodes AS e ON e.CHILD = d.CHILD
        WHERE d.DOLO_START IS NOT NULL AND d.DOLO_END IS NOT NULL
          AND (to_date(d.DOLO_START) <= to_date(e.DEC) OR to_date(e.DEC) IS NULL)
          AND to_date(d.DOLO_END) >= to_date(e.DECOM)
    )
"""

RULES = [
    rule(
        "700",
        "The start date of the DoLO is not a valid date.",
        ["DOLO_START"],
        "SELECT 'DoLo' AS tbl, ROW_ID FROM dolo WHERE to_date(DOLO_START) IS NULL",
        years=[2027],
    ),
    rule(
        "701",
        "The end date of the DoLO is not a valid date.",
        ["DOLO_END"],
        "SELECT 'DoLo' AS tbl, ROW_ID FROM dolo WHERE DOLO_END IS NOT NULL AND to_date(DOLO_END) IS NULL",
        years=[2027],
    ),
    rule(
        "702",
        "The date that the DoLO ended is before the date that it started.",
        ["DOLO_END", "DOLO_START"],
        # An order ending on the day it started also flags.
        "SELECT 'DoLo' AS tbl, ROW_ID FROM dolo WHERE to_date(DOLO_END) <= to_date(DOLO_START)",
        years=[2027],
    ),
    rule(
        "703",
        "The date that the DoLO started is after the end of the collection year.",
        ["DOLO_START"],
        "SELECT 'DoLo' AS tbl, ROW_ID FROM dolo WHERE to_date(DOLO_START) > year_end()",
        years=[2027],
    ),
    rule(
        "704",
        "The date that the DoLO ended is before the start or after the end of the collection year.",
        ["DOLO_END"],
        "SELECT 'DoLo' AS tbl, ROW_ID FROM dolo WHERE to_date(DOLO_END) NOT BETWEEN year_start() AND year_end()",
        years=[2027],
    ),
    rule(
        "705",
        "A DoLO cannot start when the previous DoLO is still open.",
        ["DOLO_END", "DOLO_START"],
        # A child's orders in order of end (an open one at its start), then start; each
        # after the first flags when the one before has no end or ends after it starts.
        f"""
        WITH d AS (SELECT ROW_ID, CHILD, to_date(DOLO_START) AS start, to_date(DOLO_END) AS stop FROM dolo),
        ordered AS (
            SELECT *, {lag_in_child("ROW_ID", "w")} AS prev_row, {lag_in_child("stop", "w")} AS prev_stop
            FROM d
            WINDOW w AS (ORDER BY CHILD, COALESCE(stop, start) NULLS LAST, start NULLS LAST, ROW_ID)
        )
        SELECT 'DoLo' AS tbl, ROW_ID FROM ordered
        WHERE prev_row IS NOT NULL AND (prev_stop IS NULL OR start < prev_stop)
        """,
        years=[2027],
    ),
    rule(
        "706",
        "There is an open DoLO in last year’s return and there is no corresponding DoLO recorded at the start of this year..",
        ["DOLO_START"],
        # An order open at the end of last year must appear this year with the same start.
        # Flags the child's orders this year, or the child's Header row when there are none.
        """
        WITH unmatched AS (
            SELECT DISTINCT l.CHILD FROM dolo_last AS l
            WHERE l.DOLO_END IS NULL
              AND NOT EXISTS (SELECT 1 FROM dolo AS d WHERE d.CHILD = l.CHILD AND d.DOLO_START = l.DOLO_START)
        )
        SELECT 'DoLo' AS tbl, d.ROW_ID FROM dolo AS d JOIN unmatched AS u ON u.CHILD = d.CHILD
        UNION ALL
        SELECT 'Header' AS tbl, h.ROW_ID FROM header AS h JOIN unmatched AS u ON u.CHILD = h.CHILD
        WHERE NOT EXISTS (SELECT 1 FROM dolo AS d WHERE d.CHILD = h.CHILD)
        """,
        years=[2027],
        needs=("previous",),
    ),
    rule(
        "707",
        "Child ceased to be looked after but there is a DoLO without an end date.",
        ["DOLO_END"],
        # An order flags when, for every period of care of its child (cohorts.PERIODS_OF_CARE),
        # it is open after the period ended, open since before it started, or ended after its
        # end or before its start.
        f"""
        WITH periods AS ({PERIODS_OF_CARE}),
        d AS (
            SELECT ROW_ID, CHILD, to_date(DOLO_START) AS start, to_date(DOLO_END) AS stop FROM dolo
            WHERE to_date(DOLO_START) IS NOT NULL
        )
        SELECT 'DoLo' AS tbl, d.ROW_ID FROM d JOIN periods AS p ON p.CHILD = d.CHILD
        GROUP BY d.ROW_ID
        HAVING BOOL_AND(COALESCE(
            (d.stop IS NULL AND p.poc_end IS NOT NULL) OR (d.stop IS NULL AND d.start < p.poc_start)
            OR d.stop > p.poc_end OR d.stop < p.poc_start, FALSE))
        """,
        years=[2027],
    ),
    rule(
        "708",
        "Dates of DoLOs are before child’s date of birth.",
        ["DOLO_START"],
        # A start on the date of birth also flags (it must be after).
        "SELECT 'DoLo' AS tbl, ROW_ID FROM dolo WHERE to_date(DOLO_START) <= to_date(DOB)",
        years=[2027],
    ),
    rule(
        "709",
        "Child with a DoLO is in an unexpected placement type.",
        ["DOLO_START", "PLACE"],
        _OVERLAPS
        + """
        , flagged AS (SELECT * FROM during WHERE PLACE IS NULL OR PLACE NOT IN ('K2', 'Z12', 'Z13'))
        SELECT 'DoLo' AS tbl, dolo_row AS ROW_ID FROM flagged
        UNION ALL
        SELECT 'Episodes' AS tbl, episode_row AS ROW_ID FROM flagged
        """,
        years=[2027],
    ),
    rule(
        "710",
        "Child with a DoLO can not be placed in secure children's homes, with parents, young offender institutions, "
        "or supported accommodation.",
        ["DOLO_START", "PLACE"],
        _OVERLAPS
        + """
        , flagged AS (SELECT * FROM during WHERE PLACE IN ('K1', 'P1', 'R5', 'K3'))
        SELECT 'DoLo' AS tbl, dolo_row AS ROW_ID FROM flagged
        UNION ALL
        SELECT 'Episodes' AS tbl, episode_row AS ROW_ID FROM flagged
        """,
        years=[2027],
    ),
]
