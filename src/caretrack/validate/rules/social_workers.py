"""SWEpisodes rules, social worker episodes from 2023-24 (see caretrack.validate.rule for the conventions)."""

from caretrack.validate.rule import CHILD_ROWS, derived, first_in_child, lag_in_child, lead_in_child, row_in_child, rule

# The social worker episodes table is collected from 2023-24.
SW_YEARS = (2024, 2025, 2026, 2027)

# Social worker episodes with their dates parsed (`decom`, `dec`; `dec_at_end`: ended in
# the last days of the year before 31 March, 26 to 30 March), all rows (a blank CHILD counts as one more
# child), each child's in two orders. By start, then end, then input order (unknown dates
# last): `prev_row` and `prev_dec`, the row and end of the episode before. By start, then
# input order (unknown starts last): `n`, its position; `prev_dec_by_start` and
# `prev_at_end`, the end of the episode before and whether that was in the last days.
# `episodes`: the child's number of episodes.
IN_ORDER = derived("social_worker_episodes_in_order", f"""
    SELECT *,
        {lag_in_child("ROW_ID", "by_dates")} AS prev_row,
        {lag_in_child("dec", "by_dates")} AS prev_dec,
        {row_in_child("by_start", "c")} AS n,
        {lag_in_child("dec", "by_start")} AS prev_dec_by_start,
        {lag_in_child("dec_at_end", "by_start")} AS prev_at_end,
        COUNT(*) OVER c AS episodes
    FROM (
        SELECT ROW_ID, CHILD, SW_REASON, to_date(SW_DECOM) AS decom, to_date(SW_DEC) AS dec,
            to_date(SW_DEC) BETWEEN year_end() - 5 AND year_end() - 1 AS dec_at_end
        FROM swepisodes
    )
    WINDOW by_dates AS (ORDER BY CHILD, decom NULLS LAST, dec NULLS LAST, ROW_ID),
        by_start AS (ORDER BY CHILD, decom NULLS LAST, ROW_ID),
        c AS ({CHILD_ROWS})
""")

# Social worker episodes whose {col} is not a date as the 2023-24 and 2024-25 returns
# accepted it: a day or month of ZZ and a year of ZZZZ stand for an unknown part (any
# other text must be a real date). The date's parts are split, and the text with the
# unknown parts filled in is made, once (to_date reads its argument twice).
_PARTIAL_DATE_INVALID = """
    SELECT 'SWEpisodes' AS tbl, ROW_ID FROM (
        SELECT ROW_ID, len(part) = 3 AS three_parts, concat_ws('/',
            CASE WHEN part[1] = 'ZZ' THEN '01' ELSE part[1] END,
            CASE WHEN part[2] = 'ZZ' THEN '01' ELSE part[2] END,
            CASE WHEN part[3] = 'ZZZZ' THEN '2000' ELSE part[3] END
        ) AS filled
        FROM (SELECT ROW_ID, string_split({col}, '/') AS part FROM swepisodes WHERE {col} IS NOT NULL)
    )
    WHERE NOT (three_parts AND to_date(filled) IS NOT NULL)
"""

_COMPLETE = "For each social worker episode, information should be complete"
_SW10 = "A new social worker episode has started before the end date of the previous social worker episode."
_SW11 = "Social worker episode has ended before 31 March and no subsequent social worker episode has been provided."
_SW12 = (
    "If a child is looked after on 31 March then all social worker episodes for the full previous year "
    "should be reported, even those whilst they were not looked after"
)

# SW12: care episodes that start or end care, each to be matched by a social worker
# episode starting on or before its end (unless it ended in a move to a temporary
# placement, X1) or on or after its start (when it started care, S). An episode still
# open is looked after on 31 March: its end is taken as 31 March, as the reference
# validator in effect does (its rule 365 fills open episodes' DEC before SW12 runs). An
# episode is flagged when none of the child's social worker episodes does either. (The
# peer flags it when any one does neither: a social worker episode from before the child
# came into care, which the rule asks to be reported, then flags the start of care:
# docs/validation-differences.md.)
_SW12_SQL = """
    WITH epi AS (
        SELECT ROW_ID, CHILD, RNE, REC, to_date(DECOM) AS decom, to_date(DEC) AS dec FROM episodes
        WHERE (LS IS NULL OR LS NOT IN ('V3', 'V4')) AND (RNE = 'S' OR REC IS NULL OR REC <> 'X1')
          {window}
    )
    SELECT 'Episodes' AS tbl, e.ROW_ID FROM epi AS e
    WHERE NOT EXISTS (
        SELECT 1 FROM swepisodes AS s
        WHERE s.CHILD = e.CHILD
          AND (COALESCE(to_date(s.SW_DECOM) <= COALESCE(e.dec, year_end()) AND (e.REC IS NULL OR e.REC <> 'X1'), FALSE)
               OR COALESCE(to_date(s.SW_DECOM) >= e.decom AND e.RNE = 'S', FALSE)))
"""

def _not_within_7_days(first_contact_exempt: bool = False) -> str:
    """SQL (SW10, SW10a): each episode after a child's first that does not start within 7
    days either side of the previous one's end; an unknown start or previous end counts as
    not within. With `first_contact_exempt`, an episode started at first contact (FCONTA)
    is not flagged."""
    exempt = "AND SW_REASON IS DISTINCT FROM 'FCONTA'" if first_contact_exempt else ""
    return f"""
        SELECT 'SWEpisodes' AS tbl, ROW_ID FROM ({IN_ORDER})
        WHERE prev_row IS NOT NULL {exempt}
          AND NOT COALESCE(decom BETWEEN prev_dec - 7 AND prev_dec + 7, FALSE)
    """


def _date_versions(code: str, message: str, column: str) -> list:
    """A date-validity rule in its two versions: to 2024-25 a date whose day or month
    is ZZ/ZZZZ (not known) passes; from 2025-26 only a full dd/mm/YYYY date does."""
    return [
        rule(code, message, [column], _PARTIAL_DATE_INVALID.format(col=column), years=[2024, 2025]),
        rule(code, message, [column], f"SELECT 'SWEpisodes' AS tbl, ROW_ID FROM swepisodes WHERE {column} IS NOT NULL AND to_date({column}) IS NULL", years=[2026, 2027]),
    ]


RULES = [
    rule(
        "SW01STG1",
        "Child looked after on 31 March, but no social worker episode information is reported",
        ["DEC"],
        # Looked after on 31 March: an open episode not under a short-break legal status.
        # The child needs at least one social worker ID, start date and reason among its episodes.
        """
        SELECT 'Episodes' AS tbl, e.ROW_ID FROM episodes AS e
        WHERE e.DEC IS NULL AND (e.LS IS NULL OR e.LS NOT IN ('V3', 'V4'))
          AND NOT (
              EXISTS (SELECT 1 FROM swepisodes AS s WHERE s.CHILD = e.CHILD AND s.SW_ID IS NOT NULL)
              AND EXISTS (SELECT 1 FROM swepisodes AS s WHERE s.CHILD = e.CHILD AND s.SW_DECOM IS NOT NULL)
              AND EXISTS (SELECT 1 FROM swepisodes AS s WHERE s.CHILD = e.CHILD AND s.SW_REASON IS NOT NULL)
          )
        """,
        years=[2024],
    ),
    rule(
        "SW01aSTG1",
        _COMPLETE,
        ["SW_DECOM", "SW_ID"],
        # Episodes that started before 1 April 2023 need an ID (a reason may be missing).
        """
        SELECT 'SWEpisodes' AS tbl, ROW_ID FROM swepisodes
        WHERE to_date(SW_DECOM) IS NULL OR (to_date(SW_DECOM) < DATE '2023-04-01' AND SW_ID IS NULL)
        """,
        years=[2025],
    ),
    rule(
        "SW01bSTG1",
        _COMPLETE,
        ["SW_DECOM", "SW_ID", "SW_REASON"],
        # Episodes that started on or after 1 April 2023 need an ID and a reason.
        """
        SELECT 'SWEpisodes' AS tbl, ROW_ID FROM swepisodes
        WHERE to_date(SW_DECOM) IS NULL
           OR (to_date(SW_DECOM) >= DATE '2023-04-01' AND (SW_ID IS NULL OR SW_REASON IS NULL))
        """,
        years=[2025],
    ),
    rule(
        "SW02STG1",
        "Social worker ID does not begin with the characters ‘SW’ or ‘XX’.",
        ["SW_ID"],
        "SELECT 'SWEpisodes' AS tbl, ROW_ID FROM swepisodes WHERE COALESCE(LEFT(SW_ID, 2) NOT IN ('SW', 'XX'), TRUE)",
        years=[2024, 2025],
    ),
    rule(
        "SW02STG1",
        "Social worker ID does not begin with the characters ‘SW’ or ‘XX’.",
        ["SW_ID"],
        # From 2025-26 the prefix must also be followed by something: at least 4 characters.
        """
        SELECT 'SWEpisodes' AS tbl, ROW_ID FROM swepisodes
        WHERE COALESCE(LEFT(SW_ID, 2) NOT IN ('SW', 'XX') OR LENGTH(SW_ID) < 4, TRUE)
        """,
        years=[2026, 2027],
    ),
    rule(
        "SW03STG1",
        "For each social worker episode, information should be complete.",
        ["SW_DECOM", "SW_ID", "SW_REASON"],
        "SELECT 'SWEpisodes' AS tbl, ROW_ID FROM swepisodes WHERE SW_ID IS NULL OR SW_DECOM IS NULL OR SW_REASON IS NULL",
        years=[2024],
    ),
    *_date_versions("SW04STG1", "Date social worker episode began is not a valid date..", "SW_DECOM"),
    *_date_versions("SW05STG1", "Date social worker episode began is not a valid date.", "SW_DEC"),
    rule(
        "SW06STG2",
        "Social worker episode data should be within the social worker data reporting year.",
        ["SW_DECOM"],
        "SELECT 'SWEpisodes' AS tbl, ROW_ID FROM swepisodes WHERE to_date(SW_DECOM) > year_end()",
        years=SW_YEARS,
    ),
    rule(
        "SW07STG2",
        "Social worker episode end date should be on or after the start of the social worker reporting period, "
        "and should be on or before the collection end date.",
        ["SW_DEC"],
        """
        SELECT 'SWEpisodes' AS tbl, ROW_ID FROM swepisodes
        WHERE to_date(SW_DEC) < year_start() OR to_date(SW_DEC) > year_end()
        """,
        years=[2024],
    ),
    rule(
        "SW07STG2",
        "Social worker episode end date should be on or after the start of the social worker reporting period, "
        "and should be on or before the collection end date.",
        ["SW_DEC"],
        # From 2024-25 the social worker reporting period starts a year before the collection year.
        """
        SELECT 'SWEpisodes' AS tbl, ROW_ID FROM swepisodes
        WHERE to_date(SW_DEC) < year_start() - INTERVAL 1 YEAR OR to_date(SW_DEC) > year_end()
        """,
        years=[2025, 2026, 2027],
    ),
    rule(
        "SW08STG2",
        "A new social worker episode has started, but the previous episode has not ended.",
        ["SW_DEC"],
        # Every episode but the child's latest (by start date; one with no valid start counts as latest) needs an end.
        f"""
        SELECT 'SWEpisodes' AS tbl, ROW_ID FROM ({IN_ORDER})
        WHERE n < episodes AND dec IS NULL AND decom IS NOT NULL AND CHILD IS NOT NULL
        """,
        years=SW_YEARS,
    ),
    rule(
        "SW09STG2",
        "Social worker episode appears to have lasted for less than 24 hours.",
        ["SW_DECOM", "SW_DEC"],
        "SELECT 'SWEpisodes' AS tbl, ROW_ID FROM swepisodes WHERE SW_DEC = SW_DECOM OR to_date(SW_DEC) = to_date(SW_DECOM)",
        years=[2024, 2025],
    ),
    rule(
        "SW09STG2",
        "Social worker episode appears to have lasted for less than 24 hours.",
        ["SW_DECOM", "SW_DEC"],
        # From 2025-26 (as the reference validator reads it): an episode must last at least 3 days.
        "SELECT 'SWEpisodes' AS tbl, ROW_ID FROM swepisodes WHERE to_date(SW_DEC) < to_date(SW_DECOM) + 3",
        years=[2026, 2027],
    ),
    rule(
        "SW10STG2",
        _SW10,
        ["SW_DECOM"],
        _not_within_7_days(),
        years=[2024],
    ),
    rule(
        "SW10STG2",
        _SW10,
        ["SW_DECOM"],
        # From 2024-25 an episode started at first contact (FCONTA) is exempt.
        _not_within_7_days(first_contact_exempt=True),
        years=[2025, 2026, 2027],
    ),
    rule(
        "SW10aSTG2",
        "A new social worker episode has started and it is not within +/- 7 days of a previous episode.",
        ["SW_DECOM"],
        _not_within_7_days(first_contact_exempt=True),
        years=[2026, 2027],
    ),
    rule(
        "SW10bSTG2",
        "A new social worker episode has started with a reason of first contact before the previous episode has ended.",
        ["SW_DECOM", "SW_REASON"],
        f"""
        SELECT 'SWEpisodes' AS tbl, ROW_ID FROM ({IN_ORDER})
        WHERE prev_row IS NOT NULL AND SW_REASON = 'FCONTA' AND decom <= prev_dec
        """,
        years=[2026, 2027],
    ),
    rule(
        "SW11aSTG2",
        _SW11,
        ["SW_DEC"],
        # After an episode that ended on or before 26 March, the child's next episode
        # (by start date) must start within 5 days of that end.
        f"""
        SELECT 'SWEpisodes' AS tbl, ROW_ID FROM ({IN_ORDER})
        WHERE CHILD IS NOT NULL AND prev_dec_by_start <= year_end() - 5
          AND NOT COALESCE(decom BETWEEN prev_dec_by_start - 5 AND prev_dec_by_start + 5, FALSE)
        """,
        years=[2024],
    ),
    rule(
        "SW11bSTG2",
        _SW11,
        ["SW_DEC"],
        # An episode ending in the five days before 31 March (26 to 30 March: "ended
        # before 31 March") with no subsequent episode: the child's last by start date.
        # When the next episode has no valid start (it sorts last), that episode is
        # flagged instead. (The peer also flags an episode ending on 31 March itself, and
        # one ending in those days that has an earlier one before it, whether or not one
        # follows: docs/validation-differences.md.)
        f"""
        SELECT 'SWEpisodes' AS tbl, ROW_ID FROM ({IN_ORDER})
        WHERE (prev_at_end AND decom IS NULL)
           OR (dec_at_end AND n = episodes AND CHILD IS NOT NULL)
        """,
        years=SW_YEARS,
    ),
    rule(
        "SW12STG2",
        _SW12,
        ["SW_DECOM"],
        _SW12_SQL.format(window=""),
        years=[2024],
    ),
    rule(
        "SW12STG2",
        _SW12,
        ["SW_DECOM"],
        # From 2024-25, only episodes open or ending from a year before the collection year.
        _SW12_SQL.format(window="AND (to_date(DEC) IS NULL OR to_date(DEC) BETWEEN year_start() - INTERVAL 1 YEAR AND year_end())"),
        years=[2025, 2026, 2027],
    ),
    rule(
        "SW13STG1",
        "The reason for social worker change is not valid.",
        ["SW_REASON"],
        "SELECT 'SWEpisodes' AS tbl, ROW_ID FROM swepisodes WHERE NOT is_code('SW_REASON', SW_REASON)",
        years=[2024],
    ),
    rule(
        "SW13STG1",
        "The reason for social worker change is not valid.",
        ["SW_REASON"],
        # From 2024-25 a reason may be missing for an episode that started before 1 April 2023.
        """
        SELECT 'SWEpisodes' AS tbl, ROW_ID FROM swepisodes
        WHERE (SW_REASON IS NOT NULL AND NOT is_code('SW_REASON', SW_REASON))
           OR (SW_REASON IS NULL AND to_date(SW_DECOM) >= DATE '2023-04-01')
        """,
        years=[2025, 2026, 2027],
    ),
    rule(
        "SW14STG2",
        "Social worker episode date ceased is blank.",
        ["SW_DEC"],
        # Every episode but the child's latest (by start date; one with no valid start counts as latest) needs an end.
        f"SELECT 'SWEpisodes' AS tbl, ROW_ID FROM ({IN_ORDER}) WHERE n < episodes AND dec IS NULL",
        years=[2024],
    ),
    rule(
        "SW17STG2",
        "There is no social worker episode open at 31 March",
        ["SW_DEC", "SW_DECOM"],
        # The child's latest episode (by start date) must have no end date. Of two
        # episodes starting the same day, an open one is the latest (SW19 reports the tie).
        f"""
        WITH sw AS (
            SELECT ROW_ID, SW_DEC,
                {first_in_child("to_date(SW_DECOM) DESC NULLS LAST, SW_DEC IS NULL DESC, ROW_ID")} AS latest
            FROM swepisodes
        )
        SELECT 'SWEpisodes' AS tbl, ROW_ID FROM sw WHERE latest AND SW_DEC IS NOT NULL
        """,
        years=[2026, 2027],
    ),
    rule(
        "SW18STG2",
        "The end date of the social worker episode is before the start date",
        ["SW_DEC", "SW_DECOM"],
        # An end on the start date also flags (the end must be after the start).
        "SELECT 'SWEpisodes' AS tbl, ROW_ID FROM swepisodes WHERE to_date(SW_DEC) <= to_date(SW_DECOM)",
        years=[2026, 2027],
    ),
    rule(
        "SW19STG2",
        "There are 2 social worker episodes for the child starting on the same date.",
        ["SW_DEC", "SW_DECOM"],
        # The second and later episodes of a child with one start date (as text where it is not a date):
        # in one order of all the episodes (see rule.CHILD_ROWS), those placed after the first of
        # their child and date.
        """
        WITH sw AS (
            SELECT ROW_ID, ROW_NUMBER() OVER (ORDER BY CHILD, day, ROW_ID) > RANK() OVER (ORDER BY CHILD, day) AS repeated
            FROM (SELECT ROW_ID, CHILD, COALESCE(CAST(to_date(SW_DECOM) AS VARCHAR), SW_DECOM) AS day FROM swepisodes)
        )
        SELECT 'SWEpisodes' AS tbl, ROW_ID FROM sw WHERE repeated
        """,
        years=[2026, 2027],
    ),
]
