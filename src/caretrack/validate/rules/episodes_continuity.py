"""Rules on a child's sequence of episodes, within the year and across years.

How one episode follows another (continuation episodes and their reason for new
episode, the reason the previous one ceased, overlaps), episodes carried from last
year's return (the first episode this year against the open one at the end of last
year; the `*_last` tables), the placement's local authority, location and distance
(derived from the postcodes as the DfE does), and what adoption, motherhood, previous
permanence and care leaver data say about the child's episodes.
See caretrack.validate.rule for the conventions.
"""

from caretrack.validate.rule import (
    CHILD_ROWS, VALIDATED_YEARS, derived, first_in_child, flag_pairs, lag_in_child, row_in_child, rule,
)
from caretrack.validate.rules.cohorts import POSTCODES, UASC_CHILDREN, miles
from caretrack.validate.rules.episodes import ORDERED
from caretrack.validate.rules.header import sex_is

# Each child's episodes in order (invalid start dates last), with the previous one's fields.
SEQUENCE = derived("episodes_in_sequence", f"""
    SELECT * EXCLUDE (stop),
           {row_in_child("w", "c")} AS n,
           COUNT(*) OVER c AS total,
           {lag_in_child("stop", "w")} AS prev_stop,
           {lag_in_child("REC", "w")} AS prev_rec,
           {lag_in_child("LS", "w")} AS prev_ls,
           {lag_in_child("CIN", "w")} AS prev_cin,
           {lag_in_child("PLACE", "w")} AS prev_place,
           {lag_in_child("REPLACE(PL_POST, ' ', '')", "w")} AS prev_pl_post,
           {lag_in_child("URN", "w")} AS prev_urn,
           {lag_in_child("PLACE_PROVIDER", "w")} AS prev_provider
    FROM (SELECT *, to_date(DECOM) AS start, to_date(DEC) AS stop FROM episodes WHERE CHILD IS NOT NULL)
    WINDOW w AS (ORDER BY CHILD, start NULLS LAST, stop NULLS LAST, ROW_ID), c AS ({CHILD_ROWS})
""")
# In SEQUENCE: the placement (type, postcode, URN, provider) is the previous episode's.
SAME_PLACEMENT = """(
    PLACE IS NOT DISTINCT FROM prev_place AND REPLACE(PL_POST, ' ', '') IS NOT DISTINCT FROM prev_pl_post
    AND URN IS NOT DISTINCT FROM prev_urn AND PLACE_PROVIDER IS NOT DISTINCT FROM prev_provider)"""
# Reasons an episode ceased that end the period of being looked after (all but X1).
CEASED = (
    "('E2', 'E3', 'E4A', 'E4B', 'E5', 'E6', 'E7', 'E8', 'E9', 'E11', 'E12', 'E13', 'E14', 'E15', 'E16', 'E17',"
    " 'E41', 'E45', 'E46', 'E47', 'E48')"
)
# Adoption details of the AD1 table.
AD1_FIELDS = ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR")
# Episodes ending in adoption (E11, E12) during the year.
ADOPTED = "REC IN ('E11', 'E12') AND to_date(DEC) BETWEEN year_start() AND year_end()"


def _placed(table):
    """`table` (episodes or episodes_last) with the fields the DfE derives from the postcodes:
    PL_LA (the placement's LA code, or SCO, WAL, NIR outside England), PL_LOCATION (IN the
    return's own LA or OUT; NULL when PL_POST is not found) and PL_DISTANCE (miles between
    HOME_POST and PL_POST, straight line, one decimal place; NULL unless both are found)."""
    return f"""
        SELECT t.*,
               CASE WHEN pl.pc IS NULL THEN NULL
                    WHEN LEFT(pl.LA_CODE, 1) = 'S' THEN 'SCO'
                    WHEN LEFT(pl.LA_CODE, 1) = 'W' THEN 'WAL'
                    WHEN LEFT(pl.LA_CODE, 1) = 'N' THEN 'NIR'
                    ELSE pl.LA_CODE END AS PL_LA,
               CASE WHEN pl.pc IS NULL THEN NULL
                    WHEN pl.LA_CODE = la_code() THEN 'IN' ELSE 'OUT' END AS PL_LOCATION,
               {miles("h", "pl")} AS PL_DISTANCE
        FROM {table} AS t
        LEFT JOIN ({POSTCODES}) AS pl ON pl.pc = REPLACE(t.PL_POST, ' ', '')
        LEFT JOIN ({POSTCODES}) AS h ON h.pc = REPLACE(t.HOME_POST, ' ', '')
    """


def _first_and_last(placed=False):
    """Each child's first episode this year (by start date, invalid dates last, then input
    order: ORDERED's first) and last episode of last year's return (latest start, invalid
    dates last, then the last in input order); with the postcodes' fields when `placed`
    (those two are derived tables of their own)."""
    if not placed:
        this = f"SELECT * FROM ({ORDERED}) WHERE n = 1"
    else:
        this = derived("first_episodes_placed", f"""
        SELECT * FROM ({_placed("episodes")}) WHERE CHILD IS NOT NULL
        QUALIFY {first_in_child("to_date(DECOM) NULLS LAST, ROW_ID")}""")
    suffix = "_placed" if placed else ""
    last = derived(f"last_episodes_last_year{suffix}", f"""
        SELECT * FROM ({_placed("episodes_last") if placed else "SELECT * FROM episodes_last"}) WHERE CHILD IS NOT NULL
        QUALIFY {first_in_child("to_date(DECOM) DESC NULLS LAST, ROW_ID DESC")}""")
    return this, last


# Each child's first episode this year, and last episode in last year's return (see
# _first_and_last). A child's first episode with a valid start date, when it has one, is
# its first episode; likewise its last one last year.
FIRST_EPISODES, LAST_EPISODES_LAST_YEAR = _first_and_last()


def _carried_over(condition, placed=False, last_open=True):
    """Each child's first episode this year (c) against the last episode of last year's
    return (p), flagged where `condition` holds; by default only when that last episode
    was still open (no DEC)."""
    this, last = _first_and_last(placed)
    return f"""
        WITH this AS ({this}), last AS ({last})
        SELECT 'Episodes' AS tbl, c.ROW_ID FROM this AS c JOIN last AS p ON p.CHILD = c.CHILD
        WHERE {"p.DEC IS NULL AND " if last_open else ""}({condition})
    """


# Distances of two episodes differ by 0.2 miles or more, or only one has one.
DISTANCE_DIFFERS = (
    "COALESCE(ROUND(ABS(c.PL_DISTANCE - p.PL_DISTANCE), 1) >= 0.2, (c.PL_DISTANCE IS NULL) <> (p.PL_DISTANCE IS NULL))"
)
DERIVED = {"PL_LA", "PL_LOCATION", "PL_DISTANCE"}


def _as_last_year(code, message, field, allowed=None, years=VALIDATED_YEARS):
    """503A-503J: the first episode's `field` must be the open episode's at the end of last
    year; `allowed` (last, this) pairs of codes are recoded changes that are not errors."""
    differs = DISTANCE_DIFFERS if field == "PL_DISTANCE" else f"c.{field} IS DISTINCT FROM p.{field}"
    for last, this in allowed or ():
        differs += f" AND NOT (p.{field} = '{last}' AND c.{field} IN {this})"
    needs = ("previous",) + (("postcodes",) if field in DERIVED else ()) + (("authority",) if field == "PL_LOCATION" else ())
    return rule(code, message, [field], _carried_over(differs, placed=field in DERIVED), years=years, needs=needs)


_DOES_NOT_MATCH = "in the first episode does not match open episode at end of last year"
_PLACE_503D = f"The placement type {_DOES_NOT_MATCH}"

# A previous permanence date: dd/mm/YYYY where the day, the month or the year may be ZZ/ZZZZ
# (not known). Its latest possible date (NULL with an unknown year), and whether it is valid.
PERM_DATE = """
    SELECT *,
        CASE WHEN y <> 'ZZZZ' THEN CASE WHEN d = 'ZZ' THEN last_day(known) ELSE known END END AS latest,
        DATE_PERM IS NULL OR known IS NOT NULL AS perm_valid
    FROM (
        SELECT *, to_date(CASE WHEN d = 'ZZ' THEN '01' ELSE d END || '/' || CASE WHEN m = 'ZZ' THEN '12' ELSE m END
                          || '/' || CASE WHEN y = 'ZZZZ' THEN '2000' ELSE y END) AS known
        FROM (
            SELECT *, REGEXP_EXTRACT(DATE_PERM, '^(\\d{1,2}|ZZ)/(\\d{1,2}|ZZ)/(\\d{4}|ZZZZ)$', 1) AS d,
                   REGEXP_EXTRACT(DATE_PERM, '^(\\d{1,2}|ZZ)/(\\d{1,2}|ZZ)/(\\d{4}|ZZZZ)$', 2) AS m,
                   REGEXP_EXTRACT(DATE_PERM, '^(\\d{1,2}|ZZ)/(\\d{1,2}|ZZ)/(\\d{4}|ZZZZ)$', 3) AS y
            FROM prevperm
        )
    )
"""


RULES = [
    rule(
        "406",
        "Child is Unaccompanied Asylum-Seeking Child (UASC) or was formerly UASC. Distance should be blank.",
        ["PL_DISTANCE"],
        # The DfE leaves PL_DISTANCE blank for (former) UASC: a distance derived for one is an error.
        f"""
        SELECT 'Episodes' AS tbl, ROW_ID FROM ({_placed("episodes")})
        WHERE PL_DISTANCE IS NOT NULL AND CHILD IN ({UASC_CHILDREN})
        """,
        needs=("postcodes",),
    ),
    rule(
        "407",
        "Reason episode ceased is Special Guardianship Order, but child has reached age 18.",
        ["DEC", "DOB", "REC"],
        flag_pairs(
            """
            SELECT e.ROW_ID AS eps, h.ROW_ID AS hdr
            FROM episodes AS e JOIN header AS h ON h.CHILD = e.CHILD
            WHERE e.REC IN ('E45', 'E46', 'E47', 'E48') AND age(to_date(h.DOB), to_date(e.DEC)) >= 18
            """,
            ("Episodes", "eps"), ("Header", "hdr"),
        ),
    ),
    rule(
        "408",
        "Child is placed for adoption with a placement order, but no placement order has been recorded.",
        ["PLACE", "LS"],
        "SELECT 'Episodes' AS tbl, ROW_ID FROM episodes WHERE PLACE IN ('A5', 'A6') AND COALESCE(LS <> 'E1', TRUE)",
    ),
    rule(
        "420",
        "LA of placement completed but child is looked after under legal status V3 or V4.",
        ["PL_LA"],
        f"SELECT 'Episodes' AS tbl, ROW_ID FROM ({_placed('episodes')}) WHERE LS IN ('V3', 'V4') AND PL_LA IS NOT NULL",
        needs=("postcodes",),
    ),
    rule(
        "426",
        "A child receiving respite care cannot be recorded under a legal status of V3 and V4 in the same year.",
        ["LS"],
        """
        SELECT 'Episodes' AS tbl, ROW_ID FROM episodes
        WHERE LS IN ('V3', 'V4') AND CHILD IN (
            SELECT CHILD FROM episodes WHERE LS IN ('V3', 'V4') GROUP BY CHILD HAVING COUNT(DISTINCT LS) = 2)
        """,
    ),
    rule(
        "431",
        "The reason for new episode is started to be looked after, but the previous episode ended on the same day.",
        ["RNE", "DECOM"],
        # A new period of care must start after the previous episode's end date.
        f"SELECT 'Episodes' AS tbl, ROW_ID FROM ({SEQUENCE}) WHERE RNE = 'S' AND start <= prev_stop",
    ),
    rule(
        "432",
        "The child ceased to be looked after at the end of the previous episode but the reason for the new episode is not started to be looked after.",
        ["RNE"],
        f"SELECT 'Episodes' AS tbl, ROW_ID FROM ({SEQUENCE}) WHERE prev_rec IN {CEASED} AND COALESCE(RNE <> 'S', TRUE)",
    ),
    rule(
        "433",
        "The reason for new episode suggests that this is a continuation episode, but the episode does not start on the same day as the last episode finished.",
        ["RNE", "DECOM"],
        f"""
        SELECT 'Episodes' AS tbl, ROW_ID FROM ({SEQUENCE})
        WHERE n > 1 AND RNE IN ('P', 'L', 'T', 'U', 'B') AND COALESCE(start <> prev_stop, TRUE)
        """,
    ),
    rule(
        "434",
        "Reason for new episode is that child's legal status has changed but not the placement, but this is not reflected in the episode data.",
        ["RNE", "LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"],
        f"""
        SELECT 'Episodes' AS tbl, ROW_ID FROM ({SEQUENCE})
        WHERE n > 1 AND RNE = 'L' AND (LS IS NOT DISTINCT FROM prev_ls OR NOT {SAME_PLACEMENT})
        """,
    ),
    rule(
        "435",
        "Reason for new episode is that child’s placement has changed but not the legal status, but this is not reflected in the episode data recorded.",
        ["LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"],
        f"""
        SELECT 'Episodes' AS tbl, ROW_ID FROM ({SEQUENCE})
        WHERE n > 1 AND RNE IN ('P', 'T') AND (LS IS DISTINCT FROM prev_ls OR {SAME_PLACEMENT})
        """,
    ),
    rule(
        "436",
        "Reason for new episode is that both child’s placement and legal status have changed, but this is not reflected in the episode data.",
        ["RNE", "LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"],
        f"""
        SELECT 'Episodes' AS tbl, ROW_ID FROM ({SEQUENCE})
        WHERE n > 1 AND RNE IN ('U', 'B') AND (LS IS NOT DISTINCT FROM prev_ls OR {SAME_PLACEMENT})
        """,
    ),
    rule(
        "437",
        "Reason episode ceased is child has died or is aged 18 or over but there are further episodes.",
        ["REC"],
        f"SELECT 'Episodes' AS tbl, ROW_ID FROM ({SEQUENCE}) WHERE REC IN ('E2', 'E15') AND start IS NOT NULL AND n < total",
    ),
    rule(
        "445",
        "D1 is not a valid code for episodes starting after December 2005.",
        ["LS", "DECOM"],
        "SELECT 'Episodes' AS tbl, ROW_ID FROM episodes WHERE LS = 'D1' AND to_date(DECOM) > DATE '2005-12-31'",
        years=(2023, 2024),
    ),
    rule(
        "446",
        "E1 is not a valid code for episodes starting before December 2005.",
        ["LS", "DECOM"],
        "SELECT 'Episodes' AS tbl, ROW_ID FROM episodes WHERE LS = 'E1' AND to_date(DECOM) < DATE '2005-12-01'",
    ),
    rule(
        "451",
        "Child is still freed for adoption, but freeing orders could not be applied for since 30 December 2005.",
        ["DEC", "REC", "LS"],
        "SELECT 'Episodes' AS tbl, ROW_ID FROM episodes WHERE LS = 'D1' AND DEC IS NULL AND REC IS NULL",
        years=(2023, 2024),
    ),
    rule(
        "452",
        "Contradiction between local authority of placement code in the last episode of the previous year and in the first episode of the current year.",
        ["PL_LA"],
        _carried_over("c.RNE = p.RNE AND c.PL_LA IS DISTINCT FROM p.PL_LA", placed=True),
        needs=("previous", "postcodes"),
    ),
    rule(
        "453",
        "Contradiction between placement distance in the last episode of the previous year and in the first episode of the current year.",
        ["PL_DISTANCE"],
        _carried_over(f"c.RNE = p.RNE AND {DISTANCE_DIFFERS}", placed=True),
        needs=("previous", "postcodes"),
    ),
    rule(
        "454",
        "Placement distance from home is over 350 miles.",
        ["PL_DISTANCE"],
        # 999.9 stands for a distance not measured; (former) UASC children have no distance (406).
        f"""
        SELECT 'Episodes' AS tbl, ROW_ID FROM ({_placed("episodes")})
        WHERE PL_DISTANCE > 350 AND PL_DISTANCE <> 999.9 AND CHILD NOT IN ({UASC_CHILDREN})
        """,
        years=(2026, 2027),
        needs=("postcodes",),
    ),
    rule(
        "501",
        "A new episode has started before the end date of the previous episode.",
        ["DECOM", "DEC"],
        f"SELECT 'Episodes' AS tbl, ROW_ID FROM ({SEQUENCE}) WHERE start < prev_stop",
    ),
    rule(
        "502",
        "Last year's record ended with an open episode. The date on which that episode started does not match the start date of the first episode on this year’s record.",
        ["DECOM"],
        _carried_over("to_date(c.DECOM) IS DISTINCT FROM to_date(p.DECOM)"),
        needs=("previous",),
    ),
    _as_last_year("503A", f"The reason for new episode {_DOES_NOT_MATCH}.", "RNE"),
    _as_last_year("503B", f"The legal status {_DOES_NOT_MATCH}.", "LS"),
    _as_last_year("503C", f"The category of need {_DOES_NOT_MATCH}.", "CIN"),
    # Placement types recoded between the years: H5 became K3 in 2024-25, Z1 was split
    # into Z11-Z14 in 2025-26; carrying the open episode over with the new code is right.
    _as_last_year("503D", _PLACE_503D, "PLACE", years=(2023, 2024)),
    _as_last_year("503D", _PLACE_503D, "PLACE", allowed=[("H5", "('K3')")], years=(2025,)),
    _as_last_year("503D", _PLACE_503D, "PLACE", allowed=[("Z1", "('Z11', 'Z12', 'Z13', 'Z14')")], years=(2026,)),
    _as_last_year("503D", _PLACE_503D, "PLACE", years=(2027,)),
    _as_last_year("503E", f"The placement provider {_DOES_NOT_MATCH}.", "PLACE_PROVIDER"),
    _as_last_year("503F", "The Ofsted URN in the  first episode does not match open episode at end of last year.", "URN"),
    _as_last_year("503G", "The distance in first episode does not match open episode at end of last year.", "PL_DISTANCE"),
    _as_last_year("503H", "The placement LA in first episode does not match open episode at end of last year.", "PL_LA"),
    _as_last_year("503J", "The placement location in first episode does not match open episode at end of last year.", "PL_LOCATION"),
    rule(
        "504",
        "The category of need code differs from that reported at start of current period of being looked after",
        ["CIN"],
        # A continuation (the previous episode ended X1 on this one's start) keeps the category of need.
        f"""
        SELECT 'Episodes' AS tbl, ROW_ID FROM ({SEQUENCE})
        WHERE prev_rec = 'X1' AND start = prev_stop AND CIN IS DISTINCT FROM prev_cin
        """,
    ),
    rule(
        "516",
        "The episode data submitted for this child does not show that he/she was with their former foster carer(s) during the year.If the code in the reason episode ceased is E45 or E46 the child must have a placement code of U1 to U6.",
        ["REC", "PLACE"],
        """
        SELECT 'Episodes' AS tbl, ROW_ID FROM episodes
        WHERE REC IN ('E45', 'E46') AND COALESCE(PLACE NOT IN ('U1', 'U2', 'U3', 'U4', 'U5', 'U6'), TRUE)
        """,
    ),
    rule(
        "521",
        "Date of local authority's decision (LA) that adoption is in the best interests of the child (date should be placed) must be on or prior to the date the child is placed for adoption.",
        ["PLACE", "DECOM", "DATE_INT"],
        flag_pairs(
            """
            SELECT e.ROW_ID AS eps, a.ROW_ID AS ad1
            FROM episodes AS e JOIN ad1 AS a ON a.CHILD = e.CHILD
            WHERE e.PLACE IN ('A3', 'A4', 'A5', 'A6') AND to_date(a.DATE_INT) > to_date(e.DECOM)
            """,
            ("Episodes", "eps"), ("AD1", "ad1"),
        ),
    ),
    rule(
        "562",
        "Episode commenced before the start of the current collection year but there is a missing continuous episode in the previous year.",
        ["DECOM"],
        # The first episode begun before 1 April continues last year's last episode: same start.
        f"""
        SELECT 'Episodes' AS tbl, f.ROW_ID
        FROM ({FIRST_EPISODES}) AS f LEFT JOIN ({LAST_EPISODES_LAST_YEAR}) AS l ON l.CHILD = f.CHILD
        WHERE to_date(f.DECOM) < year_start() AND to_date(l.DECOM) IS DISTINCT FROM to_date(f.DECOM)
        """,
        needs=("previous",),
    ),
    rule(
        "601",
        "The additional fields relating to adoption have not been completed although the episode data shows that the child was adopted during the year.",
        ["REC", *AD1_FIELDS],
        # A child adopted in the year without an AD1 row has none of the fields completed.
        f"""
        WITH missing AS (
            SELECT e.ROW_ID AS eps, a.ROW_ID AS ad1
            FROM episodes AS e LEFT JOIN ad1 AS a ON a.CHILD = e.CHILD
            WHERE e.{ADOPTED} AND ({" OR ".join(f"a.{f} IS NULL" for f in AD1_FIELDS)})
        )
        SELECT 'Episodes' AS tbl, eps AS ROW_ID FROM missing
        UNION ALL SELECT 'AD1', ad1 FROM missing WHERE ad1 IS NOT NULL
        """,
    ),
    rule(
        "602",
        "The episode data submitted for this child does not show that he/she was adopted during the year.",
        ["CHILD"],
        f"""
        SELECT 'AD1' AS tbl, ROW_ID FROM ad1
        WHERE COALESCE({", ".join(AD1_FIELDS)}) IS NOT NULL
          AND CHILD NOT IN (SELECT CHILD FROM episodes WHERE CHILD IS NOT NULL AND {ADOPTED})
        """,
    ),
    rule(
        "607",
        "Child ceased to be looked after in the year, but mother field has not been completed.",
        ["DEC", "REC", "MOTHER", "LS", "SEX"],
        # Girls (SEX 2, from 2024-25 F) who left care in the year, other than from short breaks (V3, V4).
        flag_pairs(
            f"""
            SELECT e.ROW_ID AS eps, h.ROW_ID AS hdr
            FROM episodes AS e JOIN header AS h ON h.CHILD = e.CHILD
            WHERE e.REC <> 'X1' AND to_date(e.DEC) BETWEEN year_start() AND year_end()
              AND COALESCE(e.LS NOT IN ('V3', 'V4'), TRUE) AND {sex_is("F", "h.SEX")} AND h.MOTHER IS NULL
            """,
            ("Episodes", "eps"), ("Header", "hdr"),
        ),
    ),
    rule(
        "625",
        "Date of birth of the first child is beyond the end of this reporting year or the date the child ceased to be looked after.",
        ["MC_DOB", "DEC"],
        # The latest episode is the one begun last; an open one bounds MC_DOB by the year's end only.
        f"""
        WITH late AS (
            SELECT h.ROW_ID AS hdr, e.ROW_ID AS eps
            FROM header AS h LEFT JOIN ({SEQUENCE}) AS e ON e.CHILD = h.CHILD AND e.n = e.total
            WHERE to_date(h.MC_DOB) > year_end() OR to_date(h.MC_DOB) > to_date(e.DEC)
        )
        SELECT 'Header' AS tbl, hdr AS ROW_ID FROM late
        UNION ALL SELECT 'Episodes', eps FROM late WHERE eps IS NOT NULL
        """,
    ),
    rule(
        "628",
        "Motherhood details are not required for care leavers who have not been looked after during the year.",
        ["MOTHER"],
        """
        SELECT 'Header' AS tbl, ROW_ID FROM header
        WHERE MOTHER IS NOT NULL
          AND CHILD NOT IN (SELECT CHILD FROM episodes WHERE CHILD IS NOT NULL)
          AND CHILD IN (SELECT CHILD FROM oc3 WHERE COALESCE(IN_TOUCH, ACTIV, ACCOM) IS NOT NULL)
        """,
    ),
    rule(
        "630",
        "Information on previous permanence option should be returned.",
        ["RNE"],
        # Started to be looked after in the year: PREV_PERM, and for a permanence order
        # (not Z1) its LA and date.
        """
        SELECT 'Episodes' AS tbl, e.ROW_ID
        FROM episodes AS e LEFT JOIN prevperm AS p ON p.CHILD = e.CHILD
        WHERE e.RNE = 'S' AND to_date(e.DECOM) >= year_start()
          AND (p.PREV_PERM IS NULL OR (p.PREV_PERM <> 'Z1' AND (p.LA_PERM IS NULL OR p.DATE_PERM IS NULL)))
        """,
    ),
    rule(
        "632",
        "Date of previous permanence order not a valid value.",
        ["DATE_PERM", "DECOM"],
        # DATE_PERM must be a date (unknown parts ZZ) before the child's first episode began;
        # an unknown day or month is read as the latest date it could be.
        f"""
        WITH first AS (SELECT * FROM ({FIRST_EPISODES}) WHERE to_date(DECOM) IS NOT NULL),
        wrong AS (
            SELECT e.ROW_ID AS eps, p.ROW_ID AS perm
            FROM first AS e JOIN ({PERM_DATE}) AS p ON p.CHILD = e.CHILD
            WHERE NOT p.perm_valid OR p.latest >= to_date(e.DECOM)
        )
        SELECT 'Episodes' AS tbl, eps AS ROW_ID FROM wrong
        UNION ALL SELECT 'PrevPerm', perm FROM wrong
        """,
    ),
    rule(
        "634",
        "There are entries for previous permanence options, but child has not started to be looked after from 1 April 2016 onwards.",
        ["LA_PERM", "PREV_PERM", "DATE_PERM", "DECOM"],
        # DfE: if any of PREV_PERM, LA_PERM, DATE_PERM is provided, at least one episode must
        # have begun from 1 April 2016. Only children with dated episodes are judged (as
        # csc-validator-be-903 does): PrevPerm rows of a child without episodes are 1012's
        # error, and episodes without a valid start date 141's.
        """
        WITH stale AS (
            SELECT ROW_ID, CHILD FROM prevperm
            WHERE COALESCE(PREV_PERM, LA_PERM, DATE_PERM) IS NOT NULL
              AND CHILD IN (SELECT CHILD FROM episodes GROUP BY CHILD HAVING MAX(to_date(DECOM)) < DATE '2016-04-01')
        )
        SELECT 'PrevPerm' AS tbl, ROW_ID FROM stale
        UNION ALL SELECT 'Episodes', ROW_ID FROM episodes WHERE CHILD IN (SELECT CHILD FROM stale)
        """,
    ),
    rule(
        "1010",
        "This child has no episodes loaded for current year even though there was an open episode of care at the end of the previous year, and care leaver data has been entered.",
        ["IN_TOUCH", "ACTIV", "ACCOM"],
        f"""
        WITH last AS (SELECT * FROM ({LAST_EPISODES_LAST_YEAR}) WHERE to_date(DECOM) IS NOT NULL)
        SELECT 'OC3' AS tbl, ROW_ID FROM oc3
        WHERE COALESCE(IN_TOUCH, ACTIV, ACCOM) IS NOT NULL
          AND CHILD IN (SELECT CHILD FROM last WHERE DEC IS NULL)
          AND CHILD NOT IN (SELECT CHILD FROM episodes WHERE CHILD IS NOT NULL)
        """,
        needs=("previous",),
    ),
    rule(
        "1011",
        "This child is recorded as having his/her care transferred to another local authority for the final episode and therefore should not have the care leaver information completed.",
        ["IN_TOUCH", "ACTIV", "ACCOM"],
        # The child's latest episode with a valid start date (the last of that day in input order).
        f"""
        SELECT 'OC3' AS tbl, ROW_ID FROM oc3
        WHERE COALESCE(IN_TOUCH, ACTIV, ACCOM) IS NOT NULL
          AND CHILD IN (SELECT CHILD FROM ({ORDERED}) WHERE n = dated AND REC = 'E3')
        """,
    ),
    rule(
        "NoE",
        "This child has no episodes loaded for previous year even though child started to be looked after before this current year.",
        ["DECOM"],
        """
        SELECT 'Episodes' AS tbl, ROW_ID FROM episodes
        WHERE to_date(DECOM) < year_start()
          AND CHILD NOT IN (SELECT CHILD FROM episodes_last WHERE CHILD IS NOT NULL)
        """,
        needs=("previous",),
    ),
]
