"""Rules on the Episodes table's own fields and dates.

Valid codes and dates of each episode field, the pairing of an episode's end date and
reason, what the placement type allows (provider, Ofsted URN, reason for placement
change), the URN against Ofsted's providers lists, and a few checks of an episode
against its neighbours of the same child or the child's Header (birth, mother, UPN).
See caretrack.validate.rule for the conventions.
"""

from caretrack.validate.rule import CHILD_ROWS, derived, flag_pairs, lag_in_child, lead_in_child, row_in_child, rule
from caretrack.validate.rules.cohorts import EPISODES_EVERY_YEAR, UASC_CHILDREN, WITH_DISTANCE

# Placement types of temporary moves.
TEMPORARY = "('T0', 'T1', 'T2', 'T3', 'T4')"
# A URN of seven Xs stands for a provider without one (regional adoption agencies).
REAL_URN = "URN IS NOT NULL AND URN <> 'XXXXXXX'"
# Ofsted's registration end date, as dd/mm/YYYY or ISO.
REG_END = "COALESCE(to_date(p.REG_END), TRY_CAST(p.REG_END AS DATE))"
# Episodes in each child's order (invalid start dates last), with their neighbours: `n`
# its place in the order, `total` and `dated` the child's episodes and those with a valid
# start date (the latest of which is the one with n = dated), the placement type and
# reason for change of the one before, the placement type and postcode of the one before
# that, the reason for new episode and placement type of the next one.
ORDERED = derived("episodes_in_order", f"""
    SELECT *,
           {row_in_child("w", "c")} AS n,
           COUNT(*) OVER c AS total,
           COUNT(start) OVER c AS dated,
           {lag_in_child("PLACE", "w")} AS prev_place,
           {lag_in_child("REASON_PLACE_CHANGE", "w")} AS prev_reason,
           {lag_in_child("PLACE", "w", 2)} AS before_place,
           {lag_in_child("PL_POST", "w", 2)} AS before_post,
           {lead_in_child("RNE", "w")} AS next_rne,
           {lead_in_child("PLACE", "w")} AS next_place
    FROM (SELECT *, to_date(DECOM) AS start FROM episodes WHERE CHILD IS NOT NULL)
    WINDOW w AS (ORDER BY CHILD, start NULLS LAST, ROW_ID), c AS ({CHILD_ROWS})
""")
# Placement postcodes looked up in the postcode directory (PL_LA and PL_LOCATION are
# derived from it: an episode whose PL_POST is not found has neither).
PLACED = """
    SELECT e.*, pc.EASTING IS NOT NULL AS pl_found
    FROM episodes AS e
    LEFT JOIN (SELECT DISTINCT REPLACE(POSTCODE, ' ', '') AS pc, EASTING FROM postcodes) AS pc
      ON pc.pc = REPLACE(e.PL_POST, ' ', '')
"""
# PLACED with the placement's country, told from its postcode area while the postcode
# directory gives no LA or country: BT Northern Ireland; AB, DD, DG, EH, FK, G, HS, IV,
# KA, KW, KY, ML, PA, PH, TD, ZE Scotland; CF, LD, LL, NP, SA Wales; others England
# (cross-border districts such as SY, CH, HR, TD15 fall to their area's main country).
PLACED_COUNTRY = f"""
    SELECT *, CASE
        WHEN NOT pl_found THEN NULL
        WHEN area = 'BT' THEN 'NIR'
        WHEN area IN ('AB', 'DD', 'DG', 'EH', 'FK', 'G', 'HS', 'IV', 'KA', 'KW', 'KY', 'ML', 'PA', 'PH', 'TD', 'ZE') THEN 'SCO'
        WHEN area IN ('CF', 'LD', 'LL', 'NP', 'SA') THEN 'WAL'
        ELSE 'ENG' END AS country
    FROM (SELECT *, REGEXP_EXTRACT(PL_POST, '^[A-Z]+') AS area FROM ({PLACED}))
"""


def _code(code, message, field):
    """A rule flagging a provided value that is not in the field's code list for the year."""
    sql = f"SELECT 'Episodes' AS tbl, ROW_ID FROM episodes WHERE {field} IS NOT NULL AND NOT is_code('{field}', {field})"
    return rule(code, message, [field], sql)


def _urn_not_for(places, years):
    return rule(
        "222",
        "Ofsted Unique reference number (URN) should not be recorded for this placement type.",
        ["URN"],
        f"SELECT 'Episodes' AS tbl, ROW_ID FROM episodes WHERE {REAL_URN} AND PLACE IN {places}",
        years=years,
    )


def _urn_postcode(places, years):
    return rule(
        "221",
        "The Ofsted Unique reference number (URN) provided for the child's placement does not match the placement postcode provided.",
        ["PL_POST"],
        f"""
        SELECT 'Episodes' AS tbl, e.ROW_ID
        FROM episodes AS e LEFT JOIN provider_info AS p ON p.URN = e.URN
        WHERE e.URN IS NOT NULL AND e.URN <> 'XXXXXXX' AND e.PL_POST IS NOT NULL
          AND e.PLACE IN {places} AND COALESCE(e.LS NOT IN ('V3', 'V4'), TRUE)
          AND REPLACE(e.PL_POST, ' ', '') IS DISTINCT FROM REPLACE(p.POSTCODE, ' ', '')
        """,
        years=years,
        needs=("provider_info",),
    )


def _provider_code(no_provider, years):
    return rule(
        "178",
        "Placement provider code is not a valid code.",
        ["PLACE_PROVIDER"],
        f"""
        SELECT 'Episodes' AS tbl, ROW_ID FROM episodes
        WHERE PLACE_PROVIDER IS NOT NULL
          AND (NOT is_code('PLACE_PROVIDER', PLACE_PROVIDER) OR COALESCE(PLACE IN {no_provider}, FALSE))
        """,
        years=years,
    )


def _provider_not_required(places, years):
    return rule(
        "213",
        "Placement provider information not required.",
        ["PLACE_PROVIDER"],
        f"SELECT 'Episodes' AS tbl, ROW_ID FROM episodes WHERE PLACE IN {places} AND PLACE_PROVIDER IS NOT NULL",
        years=years,
    )


def _urn_required(exempt, unknown_is_england, years):
    # Outside England no URN is expected. Up to 2024-25 the peer (and so this rule) also
    # exempts a placement whose LA is unknown (postcode not found); from 2025-26 it does not.
    england = "country = 'ENG'" if not unknown_is_england else "COALESCE(country = 'ENG', TRUE)"
    return rule(
        "218",
        "Ofsted Unique reference number (URN) is required.",
        ["URN"],
        f"""
        SELECT 'Episodes' AS tbl, ROW_ID FROM ({PLACED_COUNTRY})
        WHERE URN IS NULL AND COALESCE(PLACE NOT IN {exempt}, TRUE)
          AND (DEC IS NULL OR to_date(DEC) >= year_start()) AND {england}
        """,
        years=years,
        needs=("postcodes",),
    )


# Episodes with `pl_la`, the local authority of the placement postcode (PL_LA, derived
# from the postcode directory; NULL when the postcode is not found; the first code in
# order should a directory give one postcode two).
PLACED_LA = """
    SELECT e.*, pc.LA_CODE AS pl_la
    FROM episodes AS e
    LEFT JOIN (SELECT REPLACE(POSTCODE, ' ', '') AS pc, MIN(LA_CODE) AS LA_CODE FROM postcodes GROUP BY 1) AS pc
      ON pc.pc = REPLACE(e.PL_POST, ' ', '')
"""


def _provider_las(la):
    """Whether `la` is one of the provider's LA codes (LA_CODE may list several, comma-separated)."""
    return f"COALESCE(list_contains(string_split(REPLACE(p.LA_CODE, ' ', ''), ','), {la}), FALSE)"


def _provider_missing(exempt, years):
    return rule(
        "526",
        "Child is missing a placement provider code for at least one episode.",
        ["PLACE", "PLACE_PROVIDER"],
        f"SELECT 'Episodes' AS tbl, ROW_ID FROM episodes WHERE PLACE_PROVIDER IS NULL AND COALESCE(PLACE NOT IN {exempt}, TRUE)",
        years=years,
    )


def _provider_not_for(code, message, provider, places):
    return rule(
        code,
        message,
        ["PLACE", "PLACE_PROVIDER"],
        f"SELECT 'Episodes' AS tbl, ROW_ID FROM episodes WHERE PLACE_PROVIDER = '{provider}' AND PLACE IN {places}",
    )


def _own_provision_elsewhere(exempt, years):
    # Own provision (PR1) must be in the authority's own area, except fostering and
    # adoption placements (and from 2025-26 K3) and short breaks. A placement whose
    # postcode is not found has no PL_LA, so is not in the authority either.
    return rule(
        "1015",
        "Placement provider is own provision but child not placed in own LA.",
        ["PL_LA"],
        f"""
        SELECT 'Episodes' AS tbl, ROW_ID FROM ({PLACED_LA})
        WHERE PLACE_PROVIDER = 'PR1' AND PLACE NOT IN {exempt} AND LS NOT IN ('V3', 'V4')
          AND pl_la IS DISTINCT FROM la_code()
        """,
        years=years,
        needs=("postcodes", "authority"),
    )


def _provider_la(exempt, years):
    # PR1 (own provision) needs a provider of the authority's own area, PR2 (another
    # LA's provision) one of another area. A URN missing from the lists has no LA code,
    # so PR1 with it is flagged (as "must equal" reads) and PR2 is not.
    not_exempt = f"AND COALESCE(e.PLACE NOT IN {exempt}, TRUE)" if exempt else ""
    return rule(
        "229",
        "Placement provider does not match between the placing authority and the local authority code of the provider.",
        ["URN", "PLACE_PROVIDER"],
        f"""
        SELECT 'Episodes' AS tbl, e.ROW_ID
        FROM episodes AS e LEFT JOIN provider_info AS p ON p.URN = e.URN
        WHERE e.URN IS NOT NULL AND e.URN <> 'XXXXXXX' {not_exempt}
          AND ((e.PLACE_PROVIDER = 'PR1' AND NOT {_provider_las("la_code()")})
            OR (e.PLACE_PROVIDER = 'PR2' AND {_provider_las("la_code()")}))
        """,
        years=years,
        needs=("provider_info", "authority"),
    )


RULES = [
    rule(
        "141",
        "Date episode began is not a valid date.",
        ["DECOM"],
        "SELECT 'Episodes' AS tbl, ROW_ID FROM episodes WHERE DECOM IS NOT NULL AND to_date(DECOM) IS NULL",
    ),
    rule(
        "142",
        "A new episode has started, but the previous episode has not ended.",
        ["DEC", "REC"],
        # Every episode but the child's latest must have ended: a valid DEC and a REC.
        f"""
        SELECT 'Episodes' AS tbl, ROW_ID FROM ({ORDERED})
        WHERE n < total AND start IS NOT NULL AND (to_date(DEC) IS NULL OR REC IS NULL)
        """,
    ),
    _code("143", "The reason for new episode code is not a valid code.", "RNE"),
    _code("144", "The legal status code is not a valid code.", "LS"),
    _code("145", "Category of need code is not a valid code.", "CIN"),
    _code("146", "Placement type code is not a valid code.", "PLACE"),
    rule(
        "147",
        "Date episode ceased is not a valid date.",
        ["DEC"],
        "SELECT 'Episodes' AS tbl, ROW_ID FROM episodes WHERE DEC IS NOT NULL AND to_date(DEC) IS NULL",
    ),
    rule(
        "148",
        "Date episode ceased and reason episode ceased must both be coded, or both left blank.",
        ["DEC", "REC"],
        "SELECT 'Episodes' AS tbl, ROW_ID FROM episodes WHERE (DEC IS NULL) <> (REC IS NULL)",
    ),
    _code("149", "Reason episode ceased code is not valid. ", "REC"),
    rule(
        "164",
        "Distance is not valid. Please check a valid postcode has been entered.",
        ["PL_DISTANCE"],
        # PL_DISTANCE: miles between home and placement postcodes, to one decimal place.
        # Children who are or were UASC (this year's or last year's UASC table) are exempt,
        # and so (by the DfE's rule; not in csc-validator-be-903) are short breaks V3/V4.
f"""
        SELECT 'Episodes' AS tbl, ROW_ID FROM ({WITH_DISTANCE})
        WHERE NOT (distance BETWEEN 0 AND 999.9)
          AND COALESCE(LS NOT IN ('V3', 'V4'), TRUE)
          AND CHILD NOT IN ({UASC_CHILDREN})
        """,
        needs=("postcodes",),
    ),
    rule(
        "169",
        "Local Authority (LA) of placement is not valid or is missing. Please check a valid postcode has been entered.",
        ["PL_LA"],
        f"SELECT 'Episodes' AS tbl, ROW_ID FROM ({PLACED}) WHERE NOT pl_found AND COALESCE(LS NOT IN ('V3', 'V4'), TRUE)",
        needs=("postcodes",),
    ),
    _provider_code("('T0', 'T1', 'T2', 'T3', 'T4', 'Z1')", (2023, 2024, 2025)),
    _provider_code("('T0', 'T1', 'T2', 'T3', 'Z11', 'Z12', 'Z13', 'Z14')", (2026, 2027)),
    rule(
        "179",
        "Placement location code is not a valid code.",
        ["PL_LOCATION"],
        f"SELECT 'Episodes' AS tbl, ROW_ID FROM ({PLACED}) WHERE NOT pl_found AND COALESCE(LS NOT IN ('V3', 'V4'), TRUE)",
        needs=("postcodes",),
    ),
    rule(
        "199",
        "Episode information shows child has been previously adopted from care.",
        ["CHILD"],
        # Any episode after the child's first adoption (E11/E12), this year's or an
        # earlier return's, is an error; earlier returns are used when given.
        f"""
        SELECT 'Episodes' AS tbl, ROW_ID FROM ({EPISODES_EVERY_YEAR})
        WHERE last = 0 AND adoptions > 0 AND NOT (adoptions = 1 AND COALESCE(REC IN ('E11', 'E12'), FALSE))
        """,
    ),
    rule(
        "207",
        "Mother status for the current year disagrees with the mother status already recorded for this child.",
        ["MOTHER"],
        # A child recorded as a mother last year must still be one (if looked after this year).
        """
        SELECT 'Header' AS tbl, h.ROW_ID
        FROM header AS h JOIN header_last AS l ON l.CHILD = h.CHILD
        WHERE l.MOTHER = '1' AND h.MOTHER IS DISTINCT FROM '1'
          AND h.CHILD IN (SELECT CHILD FROM episodes WHERE CHILD IS NOT NULL)
        """,
        needs=("previous",),
    ),
    rule(
        "210",
        "Children looked after for more than a week at 31 March should not have an unknown Unique Pupil Number (UPN) code of UN4.",
        ["DECOM", "UPN"],
        # DfE: "if UPN = UN4 then no episode DECOM must be >= 24/03/YYYY" (as the peer reads it;
        # the message suggests the opposite comparison).
        flag_pairs(
            """
            SELECT e.ROW_ID AS eps, h.ROW_ID AS hdr
            FROM episodes AS e JOIN header AS h ON h.CHILD = e.CHILD
            WHERE h.UPN = 'UN4' AND to_date(e.DECOM) >= year_end() - INTERVAL 7 DAY
            """,
            ("Episodes", "eps"), ("Header", "hdr"),
        ),
    ),
    _provider_not_required(TEMPORARY, (2023, 2024, 2025)),
    _provider_not_required("('T0', 'T1', 'T2', 'T3', 'T4', 'Z11', 'Z12', 'Z13', 'Z14')", (2026, 2027)),
    rule(
        "214",
        "Placement location information not required.",
        ["PL_POST", "URN"],
        "SELECT 'Episodes' AS tbl, ROW_ID FROM episodes WHERE LS IN ('V3', 'V4') AND (PL_POST IS NOT NULL OR URN IS NOT NULL)",
    ),
    rule(
        "217",
        "Children who are placed for adoption with current foster carers (placement types A3 or A5) must have a reason for new episode of S, T or U.",
        ["DECOM", "PLACE", "RNE"],
        """
        SELECT 'Episodes' AS tbl, ROW_ID FROM episodes
        WHERE PLACE IN ('A3', 'A5') AND to_date(DECOM) >= DATE '2015-04-01' AND COALESCE(RNE NOT IN ('S', 'T', 'U'), TRUE)
        """,
    ),
    rule(
        "217t",
        "Placement type 'P2' is not a valid placement type from 28 October 2023.",
        ["DECOM", "PLACE"],
        # An open episode (or one whose end date is not a valid date) counts as still in P2.
        "SELECT 'Episodes' AS tbl, ROW_ID FROM episodes WHERE PLACE = 'P2' AND COALESCE(to_date(DEC) > DATE '2023-10-28', TRUE)",
        years=(2024,),
    ),
    _urn_required("('H5', 'P1', 'P2', 'P3', 'R1', 'R2', 'R5', 'T0', 'T1', 'T2', 'T3', 'T4', 'Z1')", False, (2023, 2024)),
    _urn_required("('P1', 'P3', 'R1', 'R2', 'R5', 'T0', 'T1', 'T2', 'T3', 'T4', 'Z1')", False, (2025,)),
    _urn_required("('P1', 'P3', 'R1', 'R2', 'R5', 'T0', 'T1', 'T2', 'T3', 'T4', 'Z11', 'Z12', 'Z13', 'Z14')", True, (2026, 2027)),
    rule(
        "219",
        "The Ofsted Unique reference number (URN) provided for the child's placement does not match the placement type recorded.",
        ["PLACE", "URN"],
        # A URN not in the providers lists matches no placement type.
        """
        SELECT 'Episodes' AS tbl, e.ROW_ID
        FROM episodes AS e LEFT JOIN provider_info AS p ON p.URN = e.URN
        WHERE e.URN IS NOT NULL AND e.URN <> 'XXXXXXX'
          AND NOT COALESCE(list_contains(string_split(p.PLACE_CODES, ','), e.PLACE), FALSE)
        """,
        needs=("provider_info",),
    ),
    _urn_postcode("('K1', 'K2', 'R3', 'S1')", (2023,)),
    _urn_postcode("('H5', 'K1', 'K2', 'R3', 'S1')", (2024,)),
    _urn_postcode("('K1', 'K2', 'K3', 'R3', 'S1')", (2025, 2026, 2027)),
    _urn_not_for("('H5', 'P1', 'P2', 'P3', 'R1', 'R2', 'R5', 'T0', 'T1', 'T2', 'T3', 'T4', 'Z1')", (2023,)),
    _urn_not_for("('P1', 'P2', 'P3', 'R1', 'R2', 'R5', 'T0', 'T1', 'T2', 'T3', 'T4', 'Z1')", (2024,)),
    _urn_not_for("('P1', 'P3', 'R1', 'R2', 'R5', 'T0', 'T1', 'T2', 'T3', 'T4', 'Z1')", (2025,)),
    _urn_not_for("('P1', 'P3', 'R1', 'R2', 'R5', 'T0', 'T1', 'T2', 'T3', 'T4', 'Z11', 'Z12', 'Z13', 'Z14')", (2026, 2027)),
    rule(
        "224",
        "The Ofsted Unique reference number (URN) provided for the child's placement does not match the placement provider recorded.",
        ["PLACE_PROVIDER"],
        """
        SELECT 'Episodes' AS tbl, e.ROW_ID
        FROM episodes AS e LEFT JOIN provider_info AS p ON p.URN = e.URN
        WHERE e.URN IS NOT NULL AND e.URN <> 'XXXXXXX'
          AND NOT COALESCE(list_contains(string_split(p.PROVIDER_CODES, ','), e.PLACE_PROVIDER), FALSE)
        """,
        needs=("provider_info",),
    ),
    rule(
        "225",
        "Reason for placement change must be recorded.",
        ["REASON_PLACE_CHANGE"],
        # An X1 episode followed by a change of placement (neither side temporary).
        f"""
        SELECT 'Episodes' AS tbl, ROW_ID FROM ({ORDERED})
        WHERE REC = 'X1' AND REASON_PLACE_CHANGE IS NULL
          AND COALESCE(PLACE NOT IN {TEMPORARY}, TRUE)
          AND next_rne IN ('P', 'B', 'T', 'U') AND COALESCE(next_place NOT IN {TEMPORARY}, TRUE)
        """,
    ),
    rule(
        "226",
        "Reason for placement change is not required for temporary placements.",
        ["PLACE", "REASON_PLACE_CHANGE"],
        # Neither a temporary episode nor the one before it (the move into it) has a reason.
        f"""
        SELECT 'Episodes' AS tbl, ROW_ID FROM ({ORDERED})
        WHERE PLACE IN {TEMPORARY} AND (REASON_PLACE_CHANGE IS NOT NULL OR prev_reason IS NOT NULL)
        UNION ALL
        SELECT 'Episodes', ROW_ID FROM episodes
        WHERE CHILD IS NULL AND PLACE IN {TEMPORARY} AND REASON_PLACE_CHANGE IS NOT NULL
        """,
    ),
    rule(
        "227",
        "Ofsted Unique reference number (URN) is not valid for the episode start date.",
        ["DECOM", "URN"],
        f"""
        SELECT 'Episodes' AS tbl, e.ROW_ID
        FROM episodes AS e JOIN provider_info AS p ON p.URN = e.URN
        WHERE e.URN <> 'XXXXXXX' AND to_date(e.DECOM) >= {REG_END}
        """,
        needs=("provider_info",),
    ),
    rule(
        "228",
        "Ofsted Unique reference number (URN) is not valid for the episode end date",
        ["DEC", "URN"],
        # An open episode (no valid DEC) must be at a provider still registered on 31 March.
        f"""
        SELECT 'Episodes' AS tbl, e.ROW_ID
        FROM episodes AS e JOIN provider_info AS p ON p.URN = e.URN
        WHERE e.URN <> 'XXXXXXX' AND COALESCE(to_date(e.DEC), year_end()) > {REG_END}
        """,
        needs=("provider_info",),
    ),
    rule(
        "230",
        "Ofsted Unique reference number (URN) is required for any English H5 placements from 28 October 2023.",
        ["DEC", "PLACE", "URN"],
        # Open (or invalid DEC) or ending from 29 October 2023, in England (postcode found).
        f"""
        SELECT 'Episodes' AS tbl, ROW_ID FROM ({PLACED_COUNTRY})
        WHERE PLACE = 'H5' AND COALESCE(to_date(DEC) >= DATE '2023-10-29', TRUE)
          AND (URN IS NULL OR URN = 'XXXXXXX') AND country = 'ENG'
        """,
        years=(2024,),
        needs=("postcodes",),
    ),
    rule(
        "233",
        "Reason for placement change is not required when the episode has not ceased.",
        ["REASON_PLACE_CHANGE", "REASON_PLACE_CHANGE"],
        # DfE: if DEC is null then REASON_PLACE_CHANGE should be null.
        "SELECT 'Episodes' AS tbl, ROW_ID FROM episodes WHERE DEC IS NULL AND REASON_PLACE_CHANGE IS NOT NULL",
        years=(2026, 2027),
    ),
    rule(
        "234",
        "A child aged under 10 can not change placement due to being admitted to custody",
        ["DOB", "REASON_PLACE_CHANGE"],
        flag_pairs(
            """
            SELECT e.ROW_ID AS eps, h.ROW_ID AS hdr
            FROM episodes AS e JOIN header AS h ON h.CHILD = e.CHILD
            WHERE e.REASON_PLACE_CHANGE = 'CUSTOD' AND to_date(e.DECOM) < to_date(h.DOB) + INTERVAL 10 YEAR
            """,
            ("Episodes", "eps"), ("Header", "hdr"),
        ),
        years=(2026, 2027),
    ),
    rule(
        "242",
        "URN = 'XXXXXXX' can only be used for regional adoption agencies",
        ["URN"],
        """
        SELECT 'Episodes' AS tbl, ROW_ID FROM episodes
        WHERE URN = 'XXXXXXX' AND COALESCE(PLACE NOT IN ('A3', 'A4', 'A5', 'A6', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6'), TRUE)
        """,
        years=(2026, 2027),
    ),
    rule(
        "243",
        "Only placements with providers registered with Ofsted should have a URN reported.",
        ["URN"],
        f"SELECT 'Episodes' AS tbl, ROW_ID FROM ({PLACED_COUNTRY}) WHERE URN IS NOT NULL AND country <> 'ENG'",
        years=(2026, 2027),
        needs=("postcodes",),
    ),
    rule(
        "302",
        "First episode starts before child was born.",
        ["DECOM", "DOB"],
        flag_pairs(
            f"""
            SELECT e.ROW_ID AS eps, h.ROW_ID AS hdr
            FROM ({ORDERED}) AS e JOIN header AS h ON h.CHILD = e.CHILD
            WHERE e.n = 1 AND e.start < to_date(h.DOB)
            """,
            ("Episodes", "eps"), ("Header", "hdr"),
        ),
    ),
    rule(
        "336",
        "Child does not have a foster placement immediately prior to being placed for adoption.",
        ["PLACE"],
        # Placed for adoption with current foster carers (A3, A5): the episode before must
        # be a foster or adoption placement. The child's first episode is not checked.
        f"""
        SELECT 'Episodes' AS tbl, ROW_ID FROM ({ORDERED})
        WHERE PLACE IN ('A3', 'A5') AND n > 1
          AND COALESCE(prev_place NOT IN ('A3', 'A4', 'A5', 'A6', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6'), TRUE)
        """,
    ),
    rule(
        "1008",
        "Ofsted Unique Reference Number (URN) is not valid.",
        ["URN"],
        f"""
        SELECT 'Episodes' AS tbl, ROW_ID FROM episodes
        WHERE {REAL_URN} AND URN NOT IN (SELECT URN FROM provider_info WHERE URN IS NOT NULL)
        """,
        needs=("provider_info",),
    ),
    _code("1009", "Reason for placement change is not a valid code.", "REASON_PLACE_CHANGE"),
    _own_provision_elsewhere("('A3', 'A4', 'A5', 'A6', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6')", (2023, 2024, 2025)),
    _own_provision_elsewhere("('A3', 'A4', 'A5', 'A6', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'K3')", (2026, 2027)),
    _provider_la(None, (2023, 2024, 2025)),
    _provider_la(
        "('K3', 'P1', 'P3', 'R1', 'R2', 'R5', 'T0', 'T1', 'T2', 'T3', 'T4', 'Z11', 'Z12', 'Z13', 'Z14')", (2026, 2027)
    ),
    rule(
        "241",
        "LA of placement is not an LA the provider has premises.",
        ["URN"],
        # DfE: for K3, PL_LA must be one of the LA codes of the URN's provider (the peer
        # compares PL_LA with the return's own LA instead).
        f"""
        SELECT 'Episodes' AS tbl, e.ROW_ID
        FROM ({PLACED_LA}) AS e LEFT JOIN provider_info AS p ON p.URN = e.URN
        WHERE e.PLACE = 'K3' AND e.URN IS NOT NULL AND e.URN <> 'XXXXXXX' AND NOT {_provider_las("e.pl_la")}
        """,
        years=(2026, 2027),
        needs=("provider_info", "postcodes"),
    ),
    _provider_missing("('T0', 'T1', 'T2', 'T3', 'T4', 'Z1')", (2023, 2024, 2025)),
    _provider_missing("('T0', 'T1', 'T2', 'T3', 'T4', 'Z11', 'Z12', 'Z13', 'Z14')", (2026, 2027)),
    _provider_not_for(
        "527", "A placement provider code of PR1 cannot be associated with placements P1, R2 or R5.", "PR1", "('P1', 'R2', 'R5')"
    ),
    _provider_not_for(
        "528", "A placement provider code of PR2 cannot be associated with placements P1, R2 or R5.", "PR2", "('P1', 'R2', 'R5')"
    ),
    _provider_not_for(
        "529",
        "Placement provider code of PR3 cannot be associated with placements P1, A3 to A6, K1, K2 and U1 to U6 as these placements cannot be provided by other public organisations.",
        "PR3",
        "('P1', 'A3', 'A4', 'A5', 'A6', 'K1', 'K2', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6')",
    ),
    _provider_not_for("530", "A placement provider code of PR4 cannot be associated with placement P1.", "PR4", "('P1')"),
    _provider_not_for("531", "A placement provider code of PR5 cannot be associated with placements P1.", "PR5", "('P1')"),
    rule(
        "550",
        "A placement provider code of PR0 can only be associated with placement P1.",
        ["PLACE", "PLACE_PROVIDER"],
        "SELECT 'Episodes' AS tbl, ROW_ID FROM episodes WHERE PLACE_PROVIDER = 'PR0' AND COALESCE(PLACE <> 'P1', TRUE)",
    ),
]
