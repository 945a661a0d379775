"""Rules on episodes' dates, placements and legal statuses over time.

Episode dates against the collection year and each other (353-356, 385, 388), the
first episode's reason (357), how long a legal status (361-364), a short break
(365-367, V3/V4) or a temporary placement (375-377, 379-383) may last and what it
allows, the youngest age for a placement type (370-374), the care period around
adoption decisions (117, 118, 334, 335, 390), and postcodes and the placement distance
derived from them (392a-392d, 398, 399).
See caretrack.validate.rule for the conventions.
"""

from caretrack.validate.rule import (
    CHILD_ROWS, VALIDATED_YEARS, derived, flag_pairs, lag_in_child, lead_in_child, row_in_child, rule,
)
from caretrack.validate.rules.cohorts import POSTCODES, UASC_CHILDREN, WITH_DISTANCE, one_per_child
from caretrack.validate.rules.episodes import ORDERED, TEMPORARY
from caretrack.validate.rules.episodes_continuity import FIRST_EPISODES

SHORT_BREAKS = "('V3', 'V4')"

# When an episode ended: an open one (no DEC) lasts to 31 March; an invalid DEC is unknown.
FINISH = "CASE WHEN DEC IS NULL THEN year_end() ELSE to_date(DEC) END"

NOT_UASC = f"NOT COALESCE(CHILD IN ({UASC_CHILDREN}), FALSE)"


# The legal statuses that may last only days (police protection L1, emergency protection
# order L2, child assessment order L3, PACE detention J2; 361-364).
SHORT_LEGAL_STATUSES = ("L1", "L2", "L3", "J2")

# Spells of those legal statuses: back-to-back dated episodes of one of them (each
# starting the day the one before ended) are one spell, so a change of placement does
# not restart the clock. Each such episode with its legal status and its spell's first
# start and last finish (each child's dated episodes in order of start, then input
# order; those of a legal status numbered into spells in that order, across all children
# in one order, CHILD first: see rule.CHILD_ROWS).
LEGAL_STATUS_SPELLS = derived("legal_status_spells", f"""
    WITH ordered AS (
        SELECT ROW_ID, CHILD, LS, start, CASE WHEN DEC IS NULL THEN year_end() ELSE ended END AS finish,
               {lag_in_child("LS", "w")} AS prev_ls, {lag_in_child("ended", "w")} AS prev_end
        FROM (SELECT ROW_ID, CHILD, LS, DEC, to_date(DECOM) AS start, to_date(DEC) AS ended FROM episodes WHERE CHILD IS NOT NULL)
        WHERE start IS NOT NULL
        WINDOW w AS (ORDER BY CHILD, start, ROW_ID)
    ),
    numbered AS (
        SELECT *, SUM(CASE WHEN prev_ls = LS AND prev_end = start THEN 0 ELSE 1 END)
                    OVER (ORDER BY CHILD, LS, start, ROW_ID ROWS UNBOUNDED PRECEDING) AS spell
        FROM ordered WHERE LS IN {SHORT_LEGAL_STATUSES}
    )
    -- A spell's rows, over one order of the spells (cheaper than grouping and joining back).
    SELECT ROW_ID, CHILD, LS, MIN(start) OVER s AS first_start, MAX(finish) OVER s AS last_finish
    FROM numbered WINDOW s AS (ORDER BY spell GROUPS BETWEEN CURRENT ROW AND CURRENT ROW)
""")


def _legal_status_too_long(code, message, ls, days):
    if ls not in SHORT_LEGAL_STATUSES:
        raise ValueError(f"rule {code}: legal_status_spells holds no spells of {ls}")
    return rule(
        code,
        message,
        ["DECOM", "LS", "DEC"],
        f"""
        SELECT 'Episodes' AS tbl, ROW_ID FROM ({LEGAL_STATUS_SPELLS})
        WHERE LS = '{ls}' AND DATE_DIFF('day', first_start, last_finish) > {days}
        """,
    )


def _temporary_too_long(code, message, place, days):
    return rule(
        code,
        message,
        ["DECOM", "PLACE"],
        f"SELECT 'Episodes' AS tbl, ROW_ID FROM episodes WHERE PLACE = '{place}' AND DATE_DIFF('day', to_date(DECOM), {FINISH}) > {days}",
    )


def _too_young(code, message, place, minimum_age, years=VALIDATED_YEARS):
    # Age on the day the episode (and so the placement) began.
    return rule(
        code,
        message,
        ["DECOM", "PLACE"],
        f"""
        SELECT 'Episodes' AS tbl, e.ROW_ID FROM episodes AS e JOIN header AS h ON h.CHILD = e.CHILD
        WHERE e.PLACE = '{place}' AND age(to_date(h.DOB), to_date(e.DECOM)) < {minimum_age}
        """,
        years=years,
    )


def _return_from_temporary(same_postcode, years):
    # The episode after a temporary placement must return (RNE P) to the placement before
    # it: same placement type and, from 2025-26, the same placement postcode.
    postcode = (
        " OR REPLACE(PL_POST, ' ', '') IS DISTINCT FROM REPLACE(before_post, ' ', '')" if same_postcode else ""
    )
    return rule(
        "383",
        "A child in a temporary placement must subsequently return to his/her normal placement.",
        ["PLACE", "RNE", "PL_POST"] if same_postcode else ["PLACE"],
        f"""
        SELECT 'Episodes' AS tbl, ROW_ID FROM ({ORDERED})
        WHERE n > 2 AND prev_place IN {TEMPORARY}
          AND (RNE IS DISTINCT FROM 'P' OR PLACE IS DISTINCT FROM before_place{postcode})
        """,
        years=years,
    )


RULES = [
    rule(
        "117",
        "Date of decision that a child should/should no longer be placed for adoption is beyond the current collection year or after the child ceased to be looked after.",
        ["DATE_PLACED_CEASED", "DATE_PLACED", "DEC", "REC", "DECOM"],
        # Against the child's latest episode that is not followed by another (REC not X1;
        # an open episode counts, with no DEC to compare).
        flag_pairs(
            f"""
            SELECT e.ROW_ID AS eps, p.ROW_ID AS pa
            FROM placedadoption AS p
            JOIN ({one_per_child("latest_not_continued")}) AS e ON e.CHILD = p.CHILD
            WHERE COALESCE(to_date(p.DATE_PLACED) > year_end() OR to_date(p.DATE_PLACED) > e.finish, FALSE)
               OR COALESCE(to_date(p.DATE_PLACED_CEASED) > year_end() OR to_date(p.DATE_PLACED_CEASED) > e.finish, FALSE)
            """,
            ("Episodes", "eps"), ("PlacedAdoption", "pa"),
        ),
    ),
    rule(
        "118",
        "Date of decision that a child should no longer be placed for adoption is before the current collection year or before the date the child started to be looked after.",
        ["DATE_PLACED_CEASED", "DECOM", "LS"],
        # Against the child's earliest episode that is not a short break.
        flag_pairs(
            f"""
            SELECT e.ROW_ID AS eps, p.ROW_ID AS pa
            FROM placedadoption AS p
            JOIN ({one_per_child("first_not_short_break")}) AS e ON e.CHILD = p.CHILD
            WHERE to_date(p.DATE_PLACED_CEASED) < GREATEST(year_start(), e.start)
            """,
            ("Episodes", "eps"), ("PlacedAdoption", "pa"),
        ),
    ),
    rule(
        "334",
        "Date child started to be looked after in latest period of care must be on or prior to the date should be placed for adoption. ",
        ["DATE_INT", "DECOM", "RNE"],
        # The latest period of care starts with the child's latest RNE S episode.
        flag_pairs(
            f"""
            SELECT e.ROW_ID AS eps, a.ROW_ID AS ad
            FROM ad1 AS a JOIN ({one_per_child("latest_starting_care")}) AS e ON e.CHILD = a.CHILD
            WHERE to_date(a.DATE_INT) < e.start
            """,
            ("Episodes", "eps"), ("AD1", "ad"),
        ),
    ),
    rule(
        "335",
        "The current foster value (0) suggests that child is not adopted by current foster carer, but last placement is A2, A3, or A5. Or the current foster value (1) suggests that child is adopted by current foster carer, but last placement is A1, A4 or A6.",
        ["PLACE", "FOSTER_CARE"],
        flag_pairs(
            """
            SELECT e.ROW_ID AS eps, a.ROW_ID AS ad
            FROM episodes AS e JOIN ad1 AS a ON a.CHILD = e.CHILD
            WHERE e.REC IN ('E1', 'E11', 'E12')
              AND ((e.PLACE IN ('A2', 'A3', 'A5') AND a.FOSTER_CARE = '0')
                OR (e.PLACE IN ('A1', 'A4', 'A6') AND a.FOSTER_CARE = '1'))
            """,
            ("Episodes", "eps"), ("AD1", "ad"),
        ),
    ),
    rule(
        "353",
        "No episode submitted can start before 14 October 1991.",
        ["DECOM"],
        "SELECT 'Episodes' AS tbl, ROW_ID FROM episodes WHERE to_date(DECOM) < DATE '1991-10-14'",
    ),
    rule(
        "354",
        "Date episode ceased must be on or before the end of the current collection year.",
        ["DECOM"],
        # The DfE's rule is on DECOM, whatever its message says.
        "SELECT 'Episodes' AS tbl, ROW_ID FROM episodes WHERE to_date(DECOM) > year_end()",
    ),
    rule(
        "355",
        "Episode appears to have lasted for less than 24 hours",
        ["DECOM", "DEC"],
        "SELECT 'Episodes' AS tbl, ROW_ID FROM episodes WHERE to_date(DECOM) = to_date(DEC)",
    ),
    rule(
        "356",
        "The date the episode ceased is before the date the same episode started.",
        ["DECOM"],
        "SELECT 'Episodes' AS tbl, ROW_ID FROM episodes WHERE to_date(DEC) < to_date(DECOM)",
    ),
    rule(
        "357",
        "If this is the first episode ever for this child, reason for new episode must be S.  Check whether there is an episode immediately preceding this one, which has been left out.  If not the reason for new episode code must be amended to S.",
        ["RNE"],
        # The child's first episode in the return, when it starts in the year (one that
        # started before may continue a period of care from earlier returns).
        f"""
        SELECT 'Episodes' AS tbl, ROW_ID FROM ({FIRST_EPISODES})
        WHERE to_date(DECOM) >= year_start() AND RNE IS DISTINCT FROM 'S'
        """,
    ),
    _legal_status_too_long(
        "361", "Police protection legal status lasted longer than maximum 72 hours allowed in the Children Act 1989.", "L1", 3
    ),
    _legal_status_too_long("362", "Emergency protection order (EPO) lasted longer than 21 days", "L2", 21),
    _legal_status_too_long(
        "363", "Child assessment order (CAO) lasted longer than 7 days allowed in the Children Act 1989.", "L3", 7
    ),
    _legal_status_too_long(
        "364",
        "Sections 41-46 of Police and Criminal Evidence (PACE; 1984) severely limits the time a child can be detained in custody in Local Authority (LA) accommodation.",
        "J2",
        21,
    ),
    rule(
        "365",
        "Any individual short- term respite placement must not exceed 17 days.",
        ["LS", "DECOM", "DEC"],
        f"SELECT 'Episodes' AS tbl, ROW_ID FROM episodes WHERE LS = 'V3' AND DATE_DIFF('day', to_date(DECOM), {FINISH}) > 17",
    ),
    rule(
        "366",
        "A child cannot change placement during the course of an individual short-term respite break.",
        ["RNE"],
        # Each short break (V3) is an episode of its own, starting a period of care.
        "SELECT 'Episodes' AS tbl, ROW_ID FROM episodes WHERE LS = 'V3' AND RNE IS DISTINCT FROM 'S'",
    ),
    rule(
        "367",
        "The maximum amount of respite care allowable is 75 days in any 12-month period.",
        ["LS", "DECOM", "DEC"],
        # Days of short breaks (V3) within the collection year, added up per child.
        f"""
        WITH breaks AS (
            SELECT ROW_ID, CHILD,
                   DATE_DIFF('day', GREATEST(to_date(DECOM), year_start()), LEAST({FINISH}, year_end())) AS days
            FROM episodes
            WHERE LS = 'V3' AND CHILD IS NOT NULL AND to_date(DECOM) IS NOT NULL AND {FINISH} IS NOT NULL
        )
        SELECT 'Episodes' AS tbl, ROW_ID FROM (
            SELECT ROW_ID, SUM(days) OVER (PARTITION BY CHILD) AS total FROM breaks WHERE days > 0
        ) WHERE total > 75
        """,
    ),
    _too_young("370", "Child in independent living should be at least 15.", "P2", 15, (2023,)),
    _too_young("370", "Child in independent living should be at least 16.", "P2", 16, (2024,)),
    _too_young(
        "371",
        "Child in semi-independent living accommodation not subject to children’s homes regulations should be at least 14.",
        "H5",
        14,
        (2023,),
    ),
    _too_young(
        "371",
        "Child in semi-independent living accommodation not subject to children’s homes regulations should be at least 16.",
        "H5",
        16,
        (2024,),
    ),
    _too_young(
        "371",
        "Child in supported accomodation not subject to children’s homes regulations should be at least 16.",
        "K3",
        16,
        (2025, 2026, 2027),
    ),
    _too_young("372", "Child in youth custody or prison should be at least 10.", "R5", 10),
    _too_young("373", "Child placed in a school should be at least 4 years old.", "S1", 4),
    _too_young("374", "Child in residential employment should be at least 14 years old.", "P3", 14),
    _temporary_too_long("375", "Hospitalisation coded as a temporary placement exceeds six weeks.", "T1", 42),
    _temporary_too_long(
        "376", "Temporary placements coded as being due to holiday of usual foster carer(s) cannot exceed three weeks.", "T3", 21
    ),
    rule(
        "377",
        "Only two temporary placements coded as being due to holiday of usual foster carer(s) are allowed in any 12- month period.",
        ["PLACE"],
        # The return covers one year: a child's third T3 episode in it is one too many.
        """
        SELECT 'Episodes' AS tbl, ROW_ID FROM (
            SELECT ROW_ID, COUNT(*) OVER (PARTITION BY CHILD) AS holidays
            FROM episodes WHERE PLACE = 'T3' AND CHILD IS NOT NULL
        ) WHERE holidays > 2
        """,
    ),
    rule(
        "378",
        "A child who is placed with parent(s) cannot be looked after under a single period of accommodation under Section 20 of the Children Act 1989.",
        ["PLACE", "LS"],
        "SELECT 'Episodes' AS tbl, ROW_ID FROM episodes WHERE PLACE = 'P1' AND LS = 'V2'",
    ),
    _temporary_too_long(
        "379", "Temporary placements for unspecified reason (placement code T4) cannot exceed seven days.", "T4", 7
    ),
    rule(
        "380",
        "A period of care cannot start with a temporary placement.",
        ["PLACE", "RNE"],
        f"SELECT 'Episodes' AS tbl, ROW_ID FROM episodes WHERE PLACE IN {TEMPORARY} AND COALESCE(RNE NOT IN ('P', 'B'), TRUE)",
    ),
    rule(
        "381",
        "A period of care cannot end with a temporary placement.",
        ["PLACE", "REC"],
        f"SELECT 'Episodes' AS tbl, ROW_ID FROM episodes WHERE PLACE IN {TEMPORARY} AND REC <> 'X1'",
    ),
    rule(
        "382",
        "A child receiving respite care cannot be in a temporary placement.",
        ["LS", "PLACE"],
        f"SELECT 'Episodes' AS tbl, ROW_ID FROM episodes WHERE LS IN {SHORT_BREAKS} AND PLACE IN {TEMPORARY}",
    ),
    _return_from_temporary(False, (2023, 2024, 2025)),
    _return_from_temporary(True, (2026, 2027)),
    rule(
        "384",
        "A child receiving respite care cannot be in a long-term foster placement ",
        ["PLACE", "LS"],
        f"SELECT 'Episodes' AS tbl, ROW_ID FROM episodes WHERE LS IN {SHORT_BREAKS} AND PLACE IN ('U1', 'U4')",
    ),
    rule(
        "385",
        "Date episode ceased must be on or before the end of the current collection year.",
        ["DEC"],
        "SELECT 'Episodes' AS tbl, ROW_ID FROM episodes WHERE to_date(DEC) > year_end()",
    ),
    rule(
        "388",
        "Reason episode ceased is coded new episode begins, but there is no continuation episode.",
        ["REC"],
        # X1 exactly when the child's next episode starts the day this one ended: an X1
        # episode needs a next one starting that day, another ended episode followed the
        # same day should be X1, and the child's last episode cannot be X1. Episodes with
        # no valid start date come first and never count as starting on the X1 day.
        f"""
        SELECT 'Episodes' AS tbl, ROW_ID FROM (
            SELECT ROW_ID, REC, to_date(DEC) AS finish,
                   {lead_in_child("start", "w")} AS next_start,
                   {row_in_child("w", "c")} AS n, COUNT(*) OVER c AS total
            FROM (SELECT *, to_date(DECOM) AS start FROM episodes WHERE CHILD IS NOT NULL)
            WINDOW w AS (ORDER BY CHILD, start NULLS FIRST, ROW_ID), c AS ({CHILD_ROWS})
        )
        WHERE finish IS NOT NULL AND (
            (n < total AND REC = 'X1' AND COALESCE(finish <> next_start, TRUE))
            OR (n < total AND REC <> 'X1' AND finish = next_start)
            OR (n = total AND REC = 'X1'))
        """,
    ),
    rule(
        "389",
        "Reason episode ceased is that child transferred to care of adult social care services, but child is aged under 16.",
        ["REC"],
        """
        SELECT 'Episodes' AS tbl, e.ROW_ID FROM episodes AS e JOIN header AS h ON h.CHILD = e.CHILD
        WHERE e.REC = 'E7' AND age(to_date(h.DOB), to_date(e.DEC)) < 16
        """,
    ),
    rule(
        "390",
        "Reason episode ceased is adopted but child has not been previously placed for adoption.",
        ["PLACE", "REC"],
        """
        SELECT 'Episodes' AS tbl, ROW_ID FROM episodes
        WHERE REC IN ('E11', 'E12') AND COALESCE(PLACE NOT IN ('A3', 'A4', 'A5', 'A6'), TRUE)
        """,
    ),
    rule(
        "392a",
        "Child is looked after but no distance is recorded.",
        ["PL_DISTANCE"],
        # No distance can be derived unless both postcodes are in the directory.
        f"""
        SELECT 'Episodes' AS tbl, ROW_ID FROM ({WITH_DISTANCE})
        WHERE distance IS NULL AND COALESCE(LS NOT IN {SHORT_BREAKS}, TRUE) AND {NOT_UASC}
        """,
        needs=("postcodes",),
    ),
    rule(
        "392b",
        "Child is looked after but no postcodes are recorded.",
        ["HOME_POST", "PL_POST"],
        f"""
        SELECT 'Episodes' AS tbl, ROW_ID FROM episodes
        WHERE (HOME_POST IS NULL OR PL_POST IS NULL) AND COALESCE(LS NOT IN {SHORT_BREAKS}, TRUE) AND {NOT_UASC}
        """,
    ),
    rule(
        "392c",
        "Postcode(s) provided are invalid.",
        ["HOME_POST", "PL_POST"],
        f"""
        SELECT 'Episodes' AS tbl, ROW_ID FROM episodes
        WHERE REPLACE(HOME_POST, ' ', '') NOT IN (SELECT pc FROM ({POSTCODES}))
           OR REPLACE(PL_POST, ' ', '') NOT IN (SELECT pc FROM ({POSTCODES}))
        """,
        needs=("postcodes",),
    ),
    rule(
        "392d",
        "Home and placement postcodes should not be same unless the placement type is P1.",
        ["HOME_POST", "PL_POST", "PLACE"],
        """
        SELECT 'Episodes' AS tbl, ROW_ID FROM episodes
        WHERE REPLACE(HOME_POST, ' ', '') = REPLACE(PL_POST, ' ', '') AND PLACE IS DISTINCT FROM 'P1'
        """,
    ),
    rule(
        "398",
        "Distance field completed but child looked after under legal status V3 or V4.",
        ["LS", "HOME_POST", "PL_POST"],
        # The distance is derived (both postcodes found) for a short break.
        f"SELECT 'Episodes' AS tbl, ROW_ID FROM ({WITH_DISTANCE}) WHERE LS IN {SHORT_BREAKS} AND distance IS NOT NULL",
        needs=("postcodes",),
    ),
    rule(
        "399",
        "Mother field, review field or participation field are completed but child is looked after under legal status V3 or V4.",
        ["MOTHER", "LS", "REVIEW", "REVIEW_CODE"],
        # Only for children all of whose episodes are short breaks: the rows holding the
        # fields, and the child's episodes.
        f"""
        WITH short_breaks_only AS (
            SELECT CHILD FROM episodes WHERE CHILD IS NOT NULL
            GROUP BY CHILD HAVING BOOL_AND(COALESCE(LS IN {SHORT_BREAKS}, FALSE))
        ),
        completed AS (
            SELECT 'Header' AS tbl, ROW_ID, CHILD FROM header WHERE MOTHER IS NOT NULL
            UNION ALL
            SELECT 'Reviews', ROW_ID, CHILD FROM reviews WHERE REVIEW IS NOT NULL OR REVIEW_CODE IS NOT NULL
        ),
        flagged AS (SELECT * FROM completed WHERE CHILD IN (SELECT CHILD FROM short_breaks_only))
        SELECT tbl, ROW_ID FROM flagged
        UNION ALL
        SELECT 'Episodes', ROW_ID FROM episodes WHERE CHILD IN (SELECT CHILD FROM flagged)
        """,
    ),
]
