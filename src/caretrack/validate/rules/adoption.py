"""Rules on adoption: the AD1, PlacedAdoption and PrevPerm tables, and episodes against them.

AD1 (a child adopted this year: the dates of the decision and the match, the former
foster carers, the adopters' number, genders and legal status), PlacedAdoption (each
decision that the child should be placed for adoption and its reversal), PrevPerm (the
child's permanence option before care). Episodes are checked against the decisions:
placements for adoption (A3 to A6), placement and freeing orders (legal status E1, D1),
leaving care adopted (E11, E12) or not. INT31 and INT35 are the data integrity checks
of one row per child in AD1 and PrevPerm. See caretrack.validate.rule for the conventions.
"""

from caretrack.validate.rule import first_in_child, flag_pairs, rule
from caretrack.validate.rules.cohorts import one_per_child

# Placement types of a child placed for adoption.
ADOPTION_PLACES = "('A3', 'A4', 'A5', 'A6')"
# Reasons an episode ceased: adopted.
ADOPTED = "('E11', 'E12')"
# The DfE's old three-digit local authority numbers of English authorities (those since
# abolished included: a previous permanence order may be years old), 999, and the codes
# for an order arranged outside England.
LA_PERM_CODES = tuple(
    """
    201 202 203 204 205 206 207 208 209 210 211 212 213 301 302 303 304 305 306 307 308 309
    310 311 312 313 314 315 316 317 318 319 320 330 331 332 333 334 335 336 340 341 342 343
    344 350 351 352 353 354 355 356 357 358 359 370 371 372 373 380 381 382 383 384 390 391
    392 393 394 420 800 801 802 803 805 806 807 808 810 811 812 813 815 816 821 822 823 825
    826 830 831 835 836 837 838 839 840 841 845 846 850 851 852 855 856 857 860 861 865 866
    867 868 869 870 871 872 873 874 876 877 878 879 880 881 882 883 884 885 886 887 888 889
    890 891 892 893 894 895 896 908 909 916 919 921 925 926 928 929 931 933 935 936 937 938
    940 941 942 943 999 WAL SCO NIR NUK
    """.split()
)


def _in(values) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def _bad_date(code, message, table, field):
    """A rule flagging a provided date that is not a valid dd/mm/YYYY date."""
    sql = f"SELECT '{table}' AS tbl, ROW_ID FROM {table.lower()} WHERE {field} IS NOT NULL AND to_date({field}) IS NULL"
    return rule(code, message, [field], sql)


def _code(code, message, table, field, codes=None):
    """A rule flagging a provided value not in the field's code list (`codes`: the list's name)."""
    sql = f"SELECT '{table}' AS tbl, ROW_ID FROM {table.lower()} WHERE {field} IS NOT NULL AND NOT is_code('{codes or field}', {field})"
    return rule(code, message, [field], sql)


def _adopters_sexes(code, message, legal_status, sexes):
    """A rule flagging an adopters' legal status whose genders (blank too) are not among `sexes`."""
    sql = f"""
        SELECT 'AD1' AS tbl, ROW_ID FROM ad1
        WHERE LS_ADOPTR = '{legal_status}' AND COALESCE(SEX_ADOPTR NOT IN {_in(sexes)}, TRUE)
    """
    return rule(code, message, ["LS_ADOPTR", "SEX_ADOPTR"], sql)


# Each child's latest decision to place for adoption, by a valid DATE_PLACED (as `d`;
# of two on the same day, the first in input order).
LATEST_DECISION = f"""
    SELECT *, to_date(DATE_PLACED) AS d
    FROM placedadoption WHERE to_date(DATE_PLACED) IS NOT NULL AND CHILD IS NOT NULL
    QUALIFY {first_in_child("to_date(DATE_PLACED) DESC, ROW_ID")}
"""


def _order_without_decision(code, message, legal_status, years):
    """An order (legal status) with no date of decision; or, while the order lasts, a reversed decision."""
    return rule(
        code,
        message,
        ["CHILD", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"],
        f"""
        SELECT 'Episodes' AS tbl, e.ROW_ID FROM episodes AS e
        WHERE e.LS = '{legal_status}'
          AND NOT EXISTS (SELECT 1 FROM placedadoption AS p WHERE p.CHILD = e.CHILD AND p.DATE_PLACED IS NOT NULL)
        UNION ALL
        SELECT 'PlacedAdoption', ROW_ID FROM placedadoption
        WHERE (DATE_PLACED_CEASED IS NOT NULL OR REASON_PLACED_CEASED IS NOT NULL)
          AND CHILD IN (SELECT CHILD FROM episodes WHERE LS = '{legal_status}' AND DEC IS NULL AND CHILD IS NOT NULL)
        """,
        years=years,
    )


def _decision_after_order(code, message, legal_status, years):
    """A decision to place for adoption dated after the order was granted (the child's first episode with it)."""
    first_under = {"E1": "first_placement_order", "D1": "first_freeing_order"}[legal_status]
    return rule(
        code,
        message,
        ["DATE_PLACED", "DECOM", "LS"],
        flag_pairs(
            f"""
            SELECT e.ROW_ID AS eps, p.ROW_ID AS pa
            FROM ({one_per_child(first_under)}) AS e
            JOIN placedadoption AS p ON p.CHILD = e.CHILD
            WHERE to_date(p.DATE_PLACED) > e.start
            """,
            ("Episodes", "eps"), ("PlacedAdoption", "pa"),
        ),
        years=years,
    )


def _left_not_adopted(orders, years):
    """557: placed for adoption or under an order in `orders`, left care not adopted, decision not reversed."""
    return rule(
        "557",
        "Child for whom the decision was made that they should be placed for adoption has left care but was not adopted and information on the decision that they should no longer be placed for adoption items has not been completed.",
        ["DATE_PLACED_CEASED", "REASON_PLACED_CEASED", "PLACE", "LS", "REC"],
        # Left care: a reason other than adopted or a change within care (X1).
        f"""
        WITH left_care AS (
            SELECT ROW_ID, CHILD FROM episodes
            WHERE (PLACE IN {ADOPTION_PLACES} OR LS IN {orders}) AND REC NOT IN ('E11', 'E12', 'X1')
        ),
        open_decision AS (
            SELECT ROW_ID, CHILD FROM placedadoption WHERE DATE_PLACED_CEASED IS NULL OR REASON_PLACED_CEASED IS NULL
        )
        SELECT 'Episodes' AS tbl, ROW_ID FROM left_care
        WHERE CHILD IN (SELECT CHILD FROM open_decision)
           OR CHILD NOT IN (SELECT CHILD FROM placedadoption WHERE CHILD IS NOT NULL)
        UNION ALL
        SELECT 'PlacedAdoption', ROW_ID FROM open_decision WHERE CHILD IN (SELECT CHILD FROM left_care)
        """,
        years=years,
    )


def _once(code, table):
    """A data integrity check: a child has at most one row in `table`."""
    return rule(
        code,
        f"Internal Check: Child should only exist once in {table}.",
        ["CHILD"],
        f"""
        SELECT '{table}' AS tbl, ROW_ID FROM {table.lower()}
        WHERE CHILD IN (SELECT CHILD FROM {table.lower()} WHERE CHILD IS NOT NULL GROUP BY CHILD HAVING COUNT(*) > 1)
        """,
    )


RULES = [
    _bad_date("112", "Date should be placed for adoption is not a valid date.", "AD1", "DATE_INT"),
    _bad_date("113", "Date matching child and adopter(s) is not a valid date.", "AD1", "DATE_MATCH"),
    _code(
        "114",
        "Data entry to record the status of former carer(s) of an adopted child is invalid.",
        "AD1",
        "FOSTER_CARE",
        "YES_NO_01",
    ),
    _bad_date(
        "115",
        "Date of Local Authority's (LA) decision that a child should be placed for adoption is not a valid date.",
        "PlacedAdoption",
        "DATE_PLACED",
    ),
    _bad_date(
        "116",
        "Date of Local Authority's (LA) decision that a child should no longer be placed for adoption is not a valid date.",
        "PlacedAdoption",
        "DATE_PLACED_CEASED",
    ),
    rule(
        "119",
        "If the decision is made that a child should no longer be placed for adoption, then the date of this decision and the reason why this decision was made must be completed.",
        ["REASON_PLACED_CEASED", "DATE_PLACED_CEASED"],
        """
        SELECT 'PlacedAdoption' AS tbl, ROW_ID FROM placedadoption
        WHERE (DATE_PLACED_CEASED IS NULL) <> (REASON_PLACED_CEASED IS NULL)
        """,
    ),
    # Only RD1-RD4 (the code list) are reasons for a reversal: an adopted child's
    # decision is not reversed and its DATE_PLACED_CEASED stays blank (rule 558).
    _code(
        "120",
        "The reason for the reversal of the decision that the child should be placed for adoption code is not valid.",
        "PlacedAdoption",
        "REASON_PLACED_CEASED",
    ),
    rule(
        "151",
        "All data items relating to a childs adoption must be coded or left blank.",
        ["DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"],
        """
        SELECT 'AD1' AS tbl, ROW_ID FROM ad1
        WHERE (DATE_INT IS NOT NULL)::INT + (DATE_MATCH IS NOT NULL)::INT + (FOSTER_CARE IS NOT NULL)::INT
            + (NB_ADOPTR IS NOT NULL)::INT + (SEX_ADOPTR IS NOT NULL)::INT + (LS_ADOPTR IS NOT NULL)::INT BETWEEN 1 AND 5
        """,
    ),
    _code("175", "The number of adopter(s) code is not a valid code.", "AD1", "NB_ADOPTR"),
    _code("176", "The gender of adopter(s) at the date of adoption code is not a valid code.", "AD1", "SEX_ADOPTR"),
    _code("177", "The legal status of adopter(s) code is not a valid code.", "AD1", "LS_ADOPTR"),
    rule(
        "331",
        "Date of matching child and adopter(s) should be the same as, or prior to, the date of placement of adoption.",
        ["DATE_MATCH", "DECOM", "REC"],
        # The episode that ended in adoption started with the placement for adoption.
        flag_pairs(
            f"""
            SELECT e.ROW_ID AS eps, a.ROW_ID AS ad
            FROM episodes AS e JOIN ad1 AS a ON a.CHILD = e.CHILD
            WHERE e.REC IN {ADOPTED} AND to_date(a.DATE_MATCH) > to_date(e.DECOM)
            """,
            ("AD1", "ad"), ("Episodes", "eps"),
        ),
    ),
    rule(
        "333",
        "Date should be placed for adoption must be on or prior to the date of matching child with adopter(s).",
        ["DATE_INT"],
        # A match needs a (valid) date of the decision on or before it.
        """
        SELECT 'AD1' AS tbl, ROW_ID FROM ad1
        WHERE to_date(DATE_MATCH) IS NOT NULL AND COALESCE(to_date(DATE_INT) > to_date(DATE_MATCH), TRUE)
        """,
    ),
    rule(
        "511",
        "If reporting that the number of person(s) adopting the looked after child is two adopters then the code should only be MM, FF or MF. MM = the adopting couple are both males; FF = the adopting couple are both females; MF = The adopting couple are male and female.",
        ["NB_ADOPTR", "SEX_ADOPTR"],
        "SELECT 'AD1' AS tbl, ROW_ID FROM ad1 WHERE NB_ADOPTR = '2' AND COALESCE(SEX_ADOPTR NOT IN ('MM', 'FF', 'MF'), TRUE)",
    ),
    _adopters_sexes(
        "514",
        "Data entry on the legal status of adopters shows a single adopter but data entry for the numbers of adopters shows it as a couple.",
        "L0",
        ("M1", "F1"),
    ),
    _adopters_sexes(
        "517",
        "If reporting legal status of adopters is L3 then the genders of adopters should be coded as MF. MF = the adopting couple are male and female.",
        "L3",
        ("MF",),
    ),
    _adopters_sexes(
        "518",
        "If reporting legal status of adopters is L4 then the genders of adopters should be coded as MM or FF. MM = the adopting couple are both males. FF = the adopting couple are both females.",
        "L4",
        ("MM", "FF"),
    ),
    _adopters_sexes(
        "519",
        "Data entered on the legal status of adopters shows civil partnership couple, but data entered on genders of adopters does not show it as a couple.",
        "L2",
        ("MM", "FF", "MF"),
    ),
    _adopters_sexes(
        "520",
        "Data entry on the legal status of adopters shows different gender married couple but data entry on genders of adopters shows it as a same gender couple.",
        "L11",
        ("MF",),
    ),
    _adopters_sexes(
        "524",
        "If reporting legal status of adopters is L12 then the genders of adopters should be coded as MM or FF. MM = the adopting couple are both males. FF = the adopting couple are both females",
        "L12",
        ("MM", "FF"),
    ),
    rule(
        "523",
        "Date of decision that the child should be placed for adoption should be the same date as the decision that adoption is in the best interest (date should be placed).",
        ["DATE_PLACED", "DATE_INT"],
        flag_pairs(
            """
            SELECT p.ROW_ID AS pa, a.ROW_ID AS ad
            FROM placedadoption AS p JOIN ad1 AS a ON a.CHILD = p.CHILD
            WHERE to_date(p.DATE_PLACED) <> to_date(a.DATE_INT)
            """,
            ("PlacedAdoption", "pa"), ("AD1", "ad"),
        ),
    ),
    rule(
        "525",
        "A child for whom the decision to be placed for adoption has been reversed cannot be adopted during the year.",
        ["DATE_PLACED_CEASED", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"],
        flag_pairs(
            """
            SELECT p.ROW_ID AS pa, a.ROW_ID AS ad
            FROM placedadoption AS p JOIN ad1 AS a ON a.CHILD = p.CHILD
            WHERE p.DATE_PLACED_CEASED IS NOT NULL
              AND COALESCE(a.DATE_INT, a.DATE_MATCH, a.FOSTER_CARE, a.NB_ADOPTR, a.SEX_ADOPTR, a.LS_ADOPTR) IS NOT NULL
            """,
            ("PlacedAdoption", "pa"), ("AD1", "ad"),
        ),
    ),
    rule(
        "582",
        "Child is showing as ceasing to be looked after due to adoption, but the date of adoption is the same as the date reported for being matched with adopters. In most circumstances we expect the date the child is matched with adopters to be before the date of adoption.",
        ["DEC", "DATE_MATCH"],
        f"""
        SELECT 'Episodes' AS tbl, e.ROW_ID
        FROM episodes AS e JOIN ad1 AS a ON a.CHILD = e.CHILD
        WHERE e.REC IN {ADOPTED} AND to_date(e.DEC) = to_date(a.DATE_MATCH)
        """,
    ),
    rule(
        "522",
        "Date of decision that the child should be placed for adoption must be on or before the date that a child should no longer be placed for adoption.",
        ["DATE_PLACED", "DATE_PLACED_CEASED"],
        "SELECT 'PlacedAdoption' AS tbl, ROW_ID FROM placedadoption WHERE to_date(DATE_PLACED_CEASED) < to_date(DATE_PLACED)",
    ),
    rule(
        "551",
        "Child has been placed for adoption but there is no date of the decision that the child should be placed for adoption.",
        ["DATE_PLACED", "PLACE"],
        f"""
        SELECT 'Episodes' AS tbl, e.ROW_ID FROM episodes AS e
        WHERE e.PLACE IN {ADOPTION_PLACES}
          AND NOT EXISTS (SELECT 1 FROM placedadoption AS p WHERE p.CHILD = e.CHILD AND p.DATE_PLACED IS NOT NULL)
        """,
    ),
    rule(
        "552",
        "Date of Decision to place a child for adoption should be on or prior to the date that the child was placed for adoption.",
        ["DATE_PLACED", "DECOM"],
        # The child's latest decision against its first placement for adoption.
        flag_pairs(
            f"""
            SELECT e.ROW_ID AS eps, p.ROW_ID AS pa
            FROM ({one_per_child("first_placed_for_adoption")}) AS e
            JOIN ({LATEST_DECISION}) AS p ON p.CHILD = e.CHILD
            WHERE p.d > e.start
            """,
            ("Episodes", "eps"), ("PlacedAdoption", "pa"),
        ),
    ),
    _order_without_decision(
        "553",
        "Placement order has been granted but there is no date of decision that the child should be placed for adoption.",
        "E1",
        (2023, 2024, 2025, 2026, 2027),
    ),
    _decision_after_order(
        "554",
        "Date of decision that the child should be placed for adoption should be on or prior to the date that the placement order was granted.",
        "E1",
        (2023, 2024, 2025, 2026, 2027),
    ),
    _order_without_decision(
        "555",
        "Freeing order has been granted but there is no date of decision that the child should be placed for adoption.",
        "D1",
        (2023, 2024),
    ),
    _decision_after_order(
        "556",
        "Date of decision that the child should be placed for adoption should be on or prior to the date that the freeing order was granted.",
        "D1",
        (2023, 2024),
    ),
    rule(
        "1003",
        "Date of LA's decision that a child should be placed for adoption is before the child started to be looked after.",
        ["DATE_PLACED", "DECOM", "RNE"],
        # Started to be looked after: the child's first episode starting a period of care (RNE S).
        flag_pairs(
            f"""
            SELECT e.ROW_ID AS eps, p.ROW_ID AS pa
            FROM ({one_per_child("first_starting_care")}) AS e
            JOIN placedadoption AS p ON p.CHILD = e.CHILD
            WHERE to_date(p.DATE_PLACED) < e.start
            """,
            ("Episodes", "eps"), ("PlacedAdoption", "pa"),
        ),
    ),
    _left_not_adopted("('D1', 'E1')", (2023, 2024)),
    _left_not_adopted("('E1')", (2025, 2026, 2027)),
    rule(
        "558",
        "If a child has been adopted, then the decision to place them for adoption has not been disrupted and the date of the decision that a child should no longer be placed for adoption should be left blank.",
        ["DATE_PLACED_CEASED", "REC"],
        # DfE: "If latest episode REC = E11 or E12 then if number of DATE_PLACED_CEASED in the year
        # is > 1 then latest DATE_PLACED_CEASED must be NULL": adopted, more than one decision with
        # a date it ceased, and none left open. One ceased decision alone is not this rule's error.
        f"""
        SELECT 'Episodes' AS tbl, ROW_ID FROM episodes
        WHERE REC IN {ADOPTED}
          AND CHILD IN (SELECT CHILD FROM placedadoption GROUP BY CHILD
                        HAVING COUNT(*) = COUNT(DATE_PLACED_CEASED) AND COUNT(DATE_PLACED_CEASED) > 1)
        """,
    ),
    rule(
        "563",
        "The child should no longer be placed for adoption but the date of the decision that the child should be placed for adoption is blank",
        ["DATE_PLACED", "REASON_PLACED_CEASED", "DATE_PLACED_CEASED"],
        """
        SELECT 'PlacedAdoption' AS tbl, ROW_ID FROM placedadoption
        WHERE REASON_PLACED_CEASED IS NOT NULL AND DATE_PLACED_CEASED IS NOT NULL AND DATE_PLACED IS NULL
        """,
    ),
    rule(
        "579",
        "A new decision that the child should be placed for adoption this year cannot start when the previous decision is still open. Decisions to place the child for adoption should also not overlap. The date of any new decision to place the child for adoption must not be before the date placed ceased of previous decisions.",
        ["DATE_PLACED", "DATE_PLACED_CEASED"],
        # Each of a child's decisions, in date order (invalid dates last), against the one before:
        # that one must have ceased (a valid date) on or before this one's date.
        """
        SELECT 'PlacedAdoption' AS tbl, ROW_ID FROM (
            SELECT ROW_ID, to_date(DATE_PLACED) AS placed,
                   LAG(to_date(DATE_PLACED_CEASED)) OVER w AS prev_ceased,
                   LAG(CHILD) OVER w = CHILD AS follows
            FROM placedadoption WHERE CHILD IS NOT NULL
            WINDOW w AS (ORDER BY CHILD, to_date(DATE_PLACED) NULLS LAST, ROW_ID)
        )
        WHERE follows AND (prev_ceased IS NULL OR placed < prev_ceased)
        """,
    ),
    rule(
        "583",
        "More than one date the child should be placed for adoption has been reported, but an earlier decision has not been revoked. Check that both dates are required and add in the date the earlier decision was revoked. Note this may be in a previous year.",
        ["DATE_PLACED", "DATE_PLACED_CEASED"],
        # All but the child's latest decision must have a date it ceased.
        f"""
        SELECT 'PlacedAdoption' AS tbl, ROW_ID FROM (
            SELECT ROW_ID, DATE_PLACED_CEASED,
                   {first_in_child("to_date(DATE_PLACED) DESC NULLS LAST, ROW_ID DESC")} AS latest
            FROM placedadoption WHERE CHILD IS NOT NULL
        )
        WHERE NOT latest AND DATE_PLACED_CEASED IS NULL
        """,
    ),
    rule(
        "559",
        "Date of decision that a child should be placed for adoption was not in the current year but the date of the decision that the child should be placed for adoption was not completed in a previous return.",
        ["DATE_PLACED"],
        """
        SELECT 'PlacedAdoption' AS tbl, p.ROW_ID FROM placedadoption AS p
        WHERE to_date(p.DATE_PLACED) < year_start()
          AND NOT EXISTS (SELECT 1 FROM placedadoption_last AS l WHERE l.CHILD = p.CHILD AND to_date(l.DATE_PLACED) IS NOT NULL)
        """,
        needs=("previous",),
    ),
    rule(
        "560",
        "Date of decision that the child should be placed for adoption this year is different from that recorded last year but the decision to place the child for adoption did not change.",
        ["DATE_PLACED", "DATE_PLACED_CEASED"],
        # Last year's open decision must be carried over with its date: a child's rows this
        # year are flagged when none of them has that date.
        """
        SELECT 'PlacedAdoption' AS tbl, p.ROW_ID
        FROM placedadoption AS p JOIN placedadoption_last AS l ON l.CHILD = p.CHILD
        WHERE l.DATE_PLACED IS NOT NULL AND l.DATE_PLACED_CEASED IS NULL
          AND NOT EXISTS (
              SELECT 1 FROM placedadoption AS same
              WHERE same.CHILD = l.CHILD AND to_date(same.DATE_PLACED) = to_date(l.DATE_PLACED)
          )
        """,
        needs=("previous",),
    ),
    rule(
        "561",
        "Date of the decision that the child should be placed for adoption this year is the same as that recorded last year but records show that the decision changed, and the child should no longer be placed for adoption last year.",
        ["DATE_PLACED"],
        """
        SELECT 'PlacedAdoption' AS tbl, p.ROW_ID
        FROM placedadoption AS p JOIN placedadoption_last AS l ON l.CHILD = p.CHILD
        WHERE to_date(p.DATE_PLACED) = to_date(l.DATE_PLACED)
          AND (l.DATE_PLACED_CEASED IS NOT NULL OR l.REASON_PLACED_CEASED IS NOT NULL)
        """,
        needs=("previous",),
    ),
    rule(
        "584",
        "Date of decision that the child should be placed for adoption this year is different from that recorded last year, but the decision to placed the child for adoption changed and the child should no longer be placed for adoption.",
        ["DATE_PLACED"],
        # After last year's decision was reversed, a decision this year must be a new, later one.
        """
        SELECT 'PlacedAdoption' AS tbl, p.ROW_ID
        FROM placedadoption AS p JOIN placedadoption_last AS l ON l.CHILD = p.CHILD
        WHERE l.DATE_PLACED IS NOT NULL
          AND (l.DATE_PLACED_CEASED IS NOT NULL OR l.REASON_PLACED_CEASED IS NOT NULL)
          AND (p.DATE_PLACED IS NULL OR to_date(p.DATE_PLACED) <= to_date(l.DATE_PLACED))
        """,
        needs=("previous",),
    ),
    _code("631", "Previous permanence option not a valid value.", "PrevPerm", "PREV_PERM"),
    rule(
        "633",
        "Local authority code where previous permanence option was arranged is not a valid value.",
        ["LA_PERM"],
        f"SELECT 'PrevPerm' AS tbl, ROW_ID FROM prevperm WHERE LA_PERM IS NOT NULL AND LA_PERM NOT IN {_in(LA_PERM_CODES)}",
    ),
    rule(
        "635",
        "There are entries for date of order and local authority code where previous permanence option was arranged but previous permanence code is Z1",
        ["LA_PERM", "DATE_PERM", "PREV_PERM"],
        # A date or authority of the previous order needs an option that was one (not Z1,
        # "no previous permanence option", nor blank).
        """
        SELECT 'PrevPerm' AS tbl, ROW_ID FROM prevperm
        WHERE (LA_PERM IS NOT NULL OR DATE_PERM IS NOT NULL) AND COALESCE(PREV_PERM = 'Z1', TRUE)
        """,
    ),
    _once("INT31", "AD1"),
    _once("INT35", "PrevPerm"),
]
