"""Rules on unaccompanied asylum-seeking children: the UASC table and UASC status.

In the CSV return a child's UASC status (the Header's UASC field in the XML return) is
told by the UASC table: a child with a row there is UASC this year, one with a row in
last year's table was UASC last year (as csc-validator-be-903 also reads CSV returns).
Three rules check the XML field itself (105, 205C, 303): they need an XML return
("xml"), whose Header then has UASC as its HEADER gives it (caretrack.validate.files);
the XML reader makes the UASC table from the children with status 1 or a DUC.
DUC, the date UASC status ceased, is the date the child stopped being UASC or, for a
child still UASC, the 18th birthday. The rules check DUC's date, that it agrees with last
year's, and that care leavers not looked after this year carry no UASC information.
See caretrack.validate.rule for the conventions.
"""

from caretrack.validate.rule import flag_pairs, rule

# Last year's collection year, 1 April to 31 March.
LAST_START = "year_start() - INTERVAL 1 YEAR"
LAST_END = "year_end() - INTERVAL 1 YEAR"

# A child UASC last year: by the XML Header's status where last year's return gives it,
# else by a row in last year's UASC table (a CSV return). `c` is the child's identifier.
UASC_LAST_YEAR = """COALESCE(
    (SELECT bool_or(hl.UASC = '1') FROM header_last AS hl WHERE hl.CHILD = {c}),
    EXISTS (SELECT 1 FROM uasc_last AS l WHERE l.CHILD = {c}))"""

RULES = [
    rule(
        "105",
        "Data entry for Unaccompanied Asylum-Seeking Children (UASC) status of child is invalid or has not been completed.",
        ["UASC"],
        # The XML HEADER's UASC must be 0 or 1; blank is "not completed".
        "SELECT 'Header' AS tbl, ROW_ID FROM header WHERE NOT is_code('UASC_STATUS', UASC)",
        needs=("xml",),
    ),
    rule(
        "303",
        "If date Unaccompanied Asylum-Seeking Child (UASC) status ceased is not null, UASC status must be coded 1.",
        ["DUC", "UASC"],
        # The child's DUC (its UASC row) and its Header, whose status is not 1.
        flag_pairs(
            """SELECT u.ROW_ID AS uasc_row, h.ROW_ID AS header_row FROM uasc AS u JOIN header AS h ON h.CHILD = u.CHILD
               WHERE u.DUC IS NOT NULL AND h.UASC IS DISTINCT FROM '1'""",
            ("UASC", "uasc_row"), ("Header", "header_row")),
        needs=("xml",),
    ),
    rule(
        "205C",
        "Child not identified as UASC either this year or last year but date UASC ceased has been provided.",
        ["DUC", "UASC"],
        # Status not 1 this year (XML Header) nor last year, and a DUC given in either year:
        # the child's UASC row and its Header.
        flag_pairs(
            f"""SELECT u.ROW_ID AS uasc_row, h.ROW_ID AS header_row FROM uasc AS u JOIN header AS h ON h.CHILD = u.CHILD
               WHERE h.UASC IS DISTINCT FROM '1'
                 AND NOT {UASC_LAST_YEAR.format(c="u.CHILD")}
                 AND (u.DUC IS NOT NULL
                      OR EXISTS (SELECT 1 FROM uasc_last AS l WHERE l.CHILD = u.CHILD AND l.DUC IS NOT NULL))""",
            ("UASC", "uasc_row"), ("Header", "header_row")),
        needs=("xml", "previous"),
    ),
    rule(
        "104",
        "Date for Unaccompanied Asylum-Seeking Children (UASC) status ceased is not a valid date.",
        ["DUC"],
        # A child UASC this year cannot have ceased to be before the year began.
        """
        SELECT 'UASC' AS tbl, ROW_ID FROM uasc
        WHERE DUC IS NOT NULL AND COALESCE(to_date(DUC) < year_start(), TRUE)
        """,
    ),
    rule(
        "205A",
        "Child identified as UASC last year is no longer UASC this year, but date UASC ceased in both years does not support this.",
        ["CHILD", "UASC"],
        # UASC last year, in this year's return but not its UASC table: UASC status must have
        # ceased (DUC) within last year.
        f"""
        SELECT 'Header' AS tbl, h.ROW_ID FROM header AS h JOIN uasc_last AS l ON l.CHILD = h.CHILD
        WHERE NOT EXISTS (SELECT 1 FROM uasc AS u WHERE u.CHILD = h.CHILD)
          AND NOT COALESCE(to_date(l.DUC) BETWEEN {LAST_START} AND {LAST_END}, FALSE)
        """,
        needs=("previous",),
    ),
    rule(
        "205B",
        "Child previously identified as UASC is also UASC this year, but date UASC ceased in both years does not support this.",
        ["DUC", "UASC"],
        # UASC in both years: last year's DUC must be last year's 18th birthday (still UASC
        # at its end), and this year's within this year or the same date as last year's.
        """
        WITH both_years AS (
            SELECT u.ROW_ID, u.CHILD
            FROM (SELECT ROW_ID, CHILD, to_date(DUC) AS duc FROM uasc) AS u
            JOIN (SELECT CHILD, to_date(DUC) AS duc, to_date(DOB) AS born FROM uasc_last) AS l ON l.CHILD = u.CHILD
            WHERE l.duc IS DISTINCT FROM l.born + INTERVAL 18 YEAR
               OR l.duc IS NULL
               OR NOT (COALESCE(u.duc BETWEEN year_start() AND year_end(), FALSE)
                       OR COALESCE(u.duc = l.duc, FALSE))
        )
        SELECT 'UASC' AS tbl, ROW_ID FROM both_years
        UNION ALL SELECT 'Header', h.ROW_ID FROM header AS h JOIN both_years AS b ON b.CHILD = h.CHILD
        """,
        needs=("previous",),
    ),
    rule(
        "205D",
        "Child identified as UASC this year but not identified as UASC status provided for the child last year.",
        ["UASC", "CHILD"],
        # In both years' returns, UASC this year but not last year.
        """
        SELECT 'Header' AS tbl, h.ROW_ID FROM header AS h
        WHERE EXISTS (SELECT 1 FROM header_last AS hl WHERE hl.CHILD = h.CHILD)
          AND EXISTS (SELECT 1 FROM uasc AS u WHERE u.CHILD = h.CHILD)
          AND NOT EXISTS (SELECT 1 FROM uasc_last AS l WHERE l.CHILD = h.CHILD)
        """,
        needs=("previous",),
    ),
    rule(
        "304",
        "Date unaccompanied asylum-seeking child (UASC) status ceased must be on or before the 18th birthday of a child.",
        ["DUC"],
        "SELECT 'UASC' AS tbl, ROW_ID FROM uasc WHERE to_date(DUC) > to_date(DOB) + INTERVAL 18 YEAR",
    ),
    rule(
        "1014",
        "UASC information is not required for care leavers",
        ["ACTIV", "ACCOM", "IN_TOUCH", "DUC"],
        # DfE: if care leaver information (IN_TOUCH, ACTIV or ACCOM) is given and the child
        # has no episode open in the year, UASC must be 0 and DUC blank: no UASC row.
        """
        WITH leaver AS (
            SELECT o.ROW_ID, o.CHILD FROM oc3 AS o
            WHERE COALESCE(o.IN_TOUCH, o.ACTIV, o.ACCOM) IS NOT NULL
              AND EXISTS (SELECT 1 FROM uasc AS u WHERE u.CHILD = o.CHILD)
              AND NOT EXISTS (
                  SELECT 1 FROM episodes AS e
                  WHERE e.CHILD = o.CHILD AND to_date(e.DECOM) <= year_end()
                    AND COALESCE(to_date(e.DEC), year_end()) >= year_start())
        )
        SELECT 'OC3' AS tbl, ROW_ID FROM leaver
        UNION ALL SELECT 'UASC', u.ROW_ID FROM uasc AS u JOIN leaver AS l ON l.CHILD = u.CHILD
        """,
    ),
]
