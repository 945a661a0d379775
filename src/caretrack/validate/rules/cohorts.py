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
