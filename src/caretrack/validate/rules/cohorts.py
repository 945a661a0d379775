"""Groups of children that several rules share, each defined once (the DfE's derived
fields of the SSDA903 validation rules). See caretrack.validate.rule for the conventions."""

from caretrack.validate.rule import CHILD_ROWS, derived

# Children looked after continuously for at least 12 months at 31 March (the DfE's
# LOOKED_AFTER_CONTINUOUSLY): looked after at some time in the year and without any
# episode that starts a period of care after 1 April (RNE S), ends one in the year
# (DEC from 1 April up to and including 31 March with REC blank or not X1: a child
# who left on 31 March was not looked after at 31 March) or is a short break (LS V3 or
# V4) in the year. A date that is not valid counts as not given.
LOOKED_AFTER_12_MONTHS = derived("looked_after_12_months", """
    SELECT CHILD FROM (
        SELECT CHILD, RNE, LS, REC, to_date(DECOM) AS s, to_date(DEC) AS e,
               to_date(DECOM) <= year_end() AND (to_date(DEC) IS NULL OR to_date(DEC) >= year_start()) AS in_year
        FROM episodes WHERE CHILD IS NOT NULL
    )
    GROUP BY CHILD
    HAVING BOOL_OR(in_year) AND NOT BOOL_OR(COALESCE(
        (RNE = 'S' AND s > year_start() AND s <= year_end())
        OR (COALESCE(REC <> 'X1', TRUE) AND e BETWEEN year_start() AND year_end())
        OR (LS IN ('V3', 'V4') AND in_year), FALSE))
""")

# Every year's episodes given (`last` 0 for this year's return, 1 for last year's, 2 for
# the year before, ...: earlier returns are read when given, engine.EARLIER) with a
# valid start date, for the rules that follow a child across returns. Each child's are
# in order of start, the later return's before the earlier's on the same day, then input
# order: `adoptions` counts the adoptions (REC E11, E12) so far in that order (this one
# included); `first_on_start` marks the first of the child's episodes starting that day
# (an episode in several returns counts once, as the latest return's); `latest` marks
# those starting on the child's latest start date. Over one order of all children's
# episodes (see rule.CHILD_ROWS): the adoptions so far are those so far in that order
# less those of the children before.
_ADOPTION = "CASE WHEN REC IN ('E11', 'E12') THEN 1 ELSE 0 END"
EPISODES_EVERY_YEAR = derived("episodes_every_year", f"""
    SELECT *,
           SUM({_ADOPTION}) OVER (ORDER BY CHILD, start, last, ROW_ID ROWS UNBOUNDED PRECEDING)
               - COALESCE(SUM({_ADOPTION}) OVER (ORDER BY CHILD GROUPS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
               AS adoptions,
           LAG(CHILD) OVER w IS DISTINCT FROM CHILD OR LAG(start) OVER w IS DISTINCT FROM start AS first_on_start,
           start = MAX(start) OVER c AS latest
    FROM (
        SELECT 0 AS last, ROW_ID, CHILD, LS, REC, to_date(DECOM) AS start, to_date(DEC) AS finish FROM episodes
        UNION ALL
        SELECT 1, ROW_ID, CHILD, LS, REC, to_date(DECOM), to_date(DEC) FROM episodes_last
        UNION ALL
        SELECT YEARS_BACK, ROW_ID, CHILD, LS, REC, to_date(DECOM), to_date(DEC) FROM episodes_earlier
    )
    WHERE CHILD IS NOT NULL AND start IS NOT NULL
    WINDOW w AS (ORDER BY CHILD, start, last, ROW_ID), c AS ({CHILD_ROWS})
""")

# Each child's first or latest episode of a kind, among those with a valid start date
# (first: the earliest start; latest: the latest start; of two starting the same day,
# the first in input order), as the episode's ROW_ID (NULL when the child has none):
# not a short break (LS V3, V4); under a placement order (E1) or a freeing order (D1);
# placed for adoption (A3 to A6); starting a period of care (RNE S); not continued by
# another episode (REC not X1: ended care, or still open).
FIRST_AND_LATEST_EPISODES = derived("first_and_latest_episodes", """
    SELECT CHILD,
        arg_min(ROW_ID, (start, ROW_ID)) FILTER (WHERE COALESCE(LS NOT IN ('V3', 'V4'), TRUE)) AS first_not_short_break,
        arg_min(ROW_ID, (start, ROW_ID)) FILTER (WHERE LS = 'E1') AS first_placement_order,
        arg_min(ROW_ID, (start, ROW_ID)) FILTER (WHERE LS = 'D1') AS first_freeing_order,
        arg_min(ROW_ID, (start, ROW_ID)) FILTER (WHERE PLACE IN ('A3', 'A4', 'A5', 'A6')) AS first_placed_for_adoption,
        arg_min(ROW_ID, (start, ROW_ID)) FILTER (WHERE RNE = 'S') AS first_starting_care,
        arg_max(ROW_ID, (start, -ROW_ID)) FILTER (WHERE RNE = 'S') AS latest_starting_care,
        arg_max(ROW_ID, (start, -ROW_ID)) FILTER (WHERE REC IS DISTINCT FROM 'X1') AS latest_not_continued
    FROM (SELECT ROW_ID, CHILD, LS, PLACE, RNE, REC, to_date(DECOM) AS start FROM episodes)
    WHERE CHILD IS NOT NULL AND start IS NOT NULL
    GROUP BY CHILD
""")


def one_per_child(kind: str) -> str:
    """SQL: each child's episode of `kind` (a column of FIRST_AND_LATEST_EPISODES), with
    its ROW_ID, CHILD, start (DECOM) and finish (DEC) dates."""
    return f"""
        SELECT e.ROW_ID, e.CHILD, to_date(e.DECOM) AS start, to_date(e.DEC) AS finish
        FROM ({FIRST_AND_LATEST_EPISODES}) AS k JOIN episodes AS e ON e.ROW_ID = k.{kind}
    """


# Children who are or were unaccompanied asylum-seeking children (this year's or last
# year's UASC table, a row with any item given): no postcodes or distance are expected
# for them.
UASC_CHILDREN = """
    SELECT CHILD FROM uasc WHERE CHILD IS NOT NULL AND COALESCE(SEX, DOB, DUC) IS NOT NULL
    UNION SELECT CHILD FROM uasc_last WHERE CHILD IS NOT NULL AND COALESCE(SEX, DOB, DUC) IS NOT NULL
"""

# The postcode directory keyed by postcode without spaces (`pc`), with its grid
# reference in metres (`e`, `n`) and the code of the local authority it lies in.
POSTCODES = """
    SELECT DISTINCT REPLACE(POSTCODE, ' ', '') AS pc, TRY_CAST(EASTING AS DOUBLE) AS e,
           TRY_CAST(NORTHING AS DOUBLE) AS n, LA_CODE
    FROM postcodes WHERE POSTCODE IS NOT NULL
"""


def miles(a: str, b: str) -> str:
    """SQL: miles between rows `a` and `b` of POSTCODES, as the DfE derive PL_DISTANCE
    (straight line, to one decimal place)."""
    return f"ROUND(SQRT(({a}.e - {b}.e) ** 2 + ({a}.n - {b}.n) ** 2) / 1000 / 1.6093, 1)"


# Episodes with PL_DISTANCE as `distance`: NULL unless both HOME_POST and PL_POST are
# found in the directory.
WITH_DISTANCE = f"""
    SELECT ep.*, {miles("h", "p")} AS distance
    FROM episodes AS ep
    LEFT JOIN ({POSTCODES}) AS h ON h.pc = REPLACE(ep.HOME_POST, ' ', '')
    LEFT JOIN ({POSTCODES}) AS p ON p.pc = REPLACE(ep.PL_POST, ' ', '')
"""

# Each child's periods of care (CHILD, poc_start, poc_end): runs of episodes (by start date)
# where each begins no later than the one before it ended; a period ends with its last
# episode's end date (NULL: open).
# All children's episodes in one order, CHILD first (see rule.CHILD_ROWS for why): a period
# starts with a child's first episode or one starting after the episode before ended, and
# its last episode is the one before the next period's first (or the child's last);
# periods are numbered across all children.
PERIODS_OF_CARE = derived("periods_of_care", """
    WITH eps AS (
        SELECT CHILD, to_date(DECOM) AS s, to_date(DEC) AS d, ROW_ID
        FROM episodes WHERE CHILD IS NOT NULL AND to_date(DECOM) IS NOT NULL
    ),
    marked AS (
        SELECT *, LAG(CHILD) OVER w IS DISTINCT FROM CHILD OR s > LAG(d) OVER w AS first_in_period,
               LEAD(CHILD) OVER w IS DISTINCT FROM CHILD OR LEAD(s) OVER w > d AS last_in_period
        FROM eps WINDOW w AS (ORDER BY CHILD, s, ROW_ID)
    ),
    numbered AS (
        SELECT *, SUM(CASE WHEN first_in_period THEN 1 ELSE 0 END)
                    OVER (ORDER BY CHILD, s, ROW_ID ROWS UNBOUNDED PRECEDING) AS period
        FROM marked
    )
    SELECT CHILD, MIN(s) AS poc_start, MAX(CASE WHEN last_in_period THEN d END) AS poc_end
    FROM numbered GROUP BY CHILD, period
""")
