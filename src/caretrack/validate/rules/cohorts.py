"""Groups of children that several rules share, each defined once (the DfE's derived
fields of the SSDA903 validation rules). See caretrack.validate.rule for the conventions."""

from caretrack.validate.rule import derived

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

# Both years' episodes (`last` 1 for last year's return, 0 for this year's) with a valid
# start date, for the rules that follow a child across the two returns. Each child's are
# in order of start, this year's before last year's on the same day, then input order:
# `adoptions` counts the adoptions (REC E11, E12) so far in that order (this one
# included); `first_on_start` marks the first of the child's episodes starting that day
# (an episode in both returns counts once, as this year's); `latest` marks those
# starting on the child's latest start date.
EPISODES_BOTH_YEARS = derived("episodes_both_years", """
    SELECT *,
           SUM(CASE WHEN REC IN ('E11', 'E12') THEN 1 ELSE 0 END)
               OVER (PARTITION BY CHILD ORDER BY start, last, ROW_ID ROWS UNBOUNDED PRECEDING) AS adoptions,
           ROW_NUMBER() OVER (PARTITION BY CHILD, start ORDER BY last, ROW_ID) = 1 AS first_on_start,
           start = MAX(start) OVER (PARTITION BY CHILD) AS latest
    FROM (
        SELECT 0 AS last, ROW_ID, CHILD, LS, REC, to_date(DECOM) AS start, to_date(DEC) AS finish FROM episodes
        UNION ALL
        SELECT 1, ROW_ID, CHILD, LS, REC, to_date(DECOM), to_date(DEC) FROM episodes_last
    )
    WHERE CHILD IS NOT NULL AND start IS NOT NULL
""")
