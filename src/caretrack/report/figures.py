"""The report's figures: the indicator engine's results for a year, the year before and
a trend, wrapped so a template can show them.

Every number in a report comes from `caretrack.indicators.compute` (DESIGN.md, "Nothing
computes a figure twice"), so the report shows what `caretrack indicators` shows for
the same year. A template reaches a figure by its indicator id:

    {{ fig.in_care_31_march }}             702 (tagged with its id and year)
    {{ fig.in_care_31_march.value }}       the same
    {{ fig.care_leavers_eet.of }}          270 of 433
    {{ fig.care_leavers_eet.previous }}    last year's figure
    {{ fig.care_leavers_eet.change }}      better, worse, same, up or down
    {{ fig.uasc.part("UASC") }}            one category of a breakdown

Shown figures are `<data>` elements carrying the indicator id, the year and the exact
value, so a test can check every figure in a report against the engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup, escape

from caretrack.indicators import compute, get
from caretrack.indicators.model import Indicator, Result

# Figures followed over the years in the store (the trend chart and the appendix).
TREND_IDS = (
    "in_care_31_march", "rate_per_10000", "starts", "ceased", "adopted", "sgo_from_care",
    "placements_3_plus", "long_term_stability", "care_leavers_in_touch", "care_leavers_eet",
    "care_leavers_suitable_accommodation",
)
TREND_YEARS = 5


class Number(float):
    """A figure's value: a float that shows itself formatted, tagged with its indicator."""

    def __new__(cls, value: float, shown: str, id: str, year: int, category: str | None = None):
        n = super().__new__(cls, value)
        n.shown, n.id, n.year, n.category = shown, id, year, category
        return n

    def __str__(self) -> str:
        return self.shown

    def __format__(self, spec: str) -> str:
        return self.shown if not spec else format(float(self), spec)

    def __html__(self) -> str:
        part = f' data-category="{escape(self.category)}"' if self.category is not None else ""
        return Markup(f'<data value="{float(self)!r}" data-indicator="{self.id}" data-year="{self.year}"{part}>'
                      f"{escape(self.shown)}</data>")


class Missing:
    """No figure (nothing to divide by, or a year not in the store): shows as "n/a".
    Every attribute is itself (the year before's `.value` too, which had shown as
    "None" in the reports of a store holding one year)."""

    shown = "n/a"

    def __str__(self) -> str:
        return self.shown

    def __html__(self) -> str:
        return Markup('<span class="na">n/a</span>')

    def __bool__(self) -> bool:
        return False

    def __getattr__(self, name):
        return MISSING


MISSING = Missing()


def shown(value: float | None, indicator: Indicator) -> str:
    """A value written the way the seeds write it: 702; 62.4%; 49.2; 431 days; £1,400."""
    if value is None:
        return "n/a"
    if indicator.unit == "percent":
        return f"{value:.1f}%"
    if indicator.unit in ("rate", "per_year"):
        return f"{value:.1f}"
    if indicator.unit == "average":
        if indicator.measure_unit == "pounds":
            return f"£{value:,.0f}"
        if indicator.measure_unit == "days":
            return f"{value:,.0f} days"
        return f"{value:,.1f}"
    return f"{value:,.0f}"


@dataclass
class Figure:
    """One indicator for one year, with the year before and its trend when known."""

    indicator: Indicator
    result: Result
    previous: "Figure | Missing" = MISSING
    trend: list[tuple[int, float | None]] = field(default_factory=list)
    comparators: object = None  # a Comparison, filled by caretrack.report.comparators

    @property
    def id(self) -> str:
        return self.indicator.id

    @property
    def title(self) -> str:
        return self.indicator.title

    @property
    def year(self) -> int:
        return self.result.year

    @property
    def value(self) -> Number | Missing:
        r = self.result
        return MISSING if r.value is None else Number(r.value, shown(r.value, self.indicator), self.id, r.year)

    @property
    def numerator(self) -> Number | Missing:
        n = self.result.numerator
        return MISSING if n is None else Number(n, f"{n:,.0f}", self.id, self.year, "numerator")

    @property
    def denominator(self) -> Number | Missing:
        d = self.result.denominator
        return MISSING if d is None else Number(d, f"{d:,.0f}", self.id, self.year, "denominator")

    @property
    def of(self) -> Markup:
        """'270 of 433' for a percentage; empty for other units."""
        if self.indicator.unit != "percent" or not self.result.denominator:
            return Markup("")
        return Markup("{} of {}").format(self.numerator, self.denominator)

    @property
    def breakdown(self) -> dict[str, int]:
        return self.result.breakdown or {}

    def part(self, category: str) -> Number:
        """One category of a breakdown (0 when the authority has none in it)."""
        n = self.breakdown.get(category, 0)
        return Number(n, f"{n:,}", self.id, self.year, category)

    def share(self, category: str) -> str:
        """A category's share of the breakdown's total, as the seeds write it (56.0%)."""
        total = self.result.value or 0
        return f"{100.0 * self.breakdown.get(category, 0) / total:.1f}%" if total else "n/a"

    def parts(self, order: list[str] | None = None) -> list[tuple[str, Number]]:
        """Every category of a breakdown: in `order` (others after), else largest first."""
        keys = sorted(self.breakdown, key=lambda k: (-self.breakdown[k], k))
        if order:
            keys = [k for k in order if k in self.breakdown] + [k for k in keys if k not in order]
        return [(k, self.part(k)) for k in keys]

    @property
    def change(self) -> str:
        """better or worse than last year (by the indicator's higher_is_better), else
        up or down for a figure that is neither better nor worse higher; same; or ''."""
        now, before = self.result.value, self.previous.result.value if self.previous else None
        if now is None or before is None:
            return ""
        if round(now, 1) == round(before, 1):
            return "same"
        up = now > before
        if self.indicator.higher_is_better is None:
            return "up" if up else "down"
        return "better" if up == self.indicator.higher_is_better else "worse"

    def __str__(self) -> str:
        return str(self.value)

    def __html__(self) -> str:
        return self.value.__html__()


class Figures(dict):
    """Figures by indicator id; a missing id is an error naming the known ids."""

    def __missing__(self, id: str):
        raise KeyError(f"no figure {id!r} in the report; indicator ids are listed in docs/indicators.md")

    def __getattr__(self, id: str) -> Figure:
        try:
            return self[id]
        except KeyError as e:
            raise AttributeError(str(e)) from None


@dataclass
class Gathered:
    """What a report is made from: the year's figures and the years the store holds."""

    year: int
    la: str
    figures: Figures
    years: list[int]
    results: list[Result]  # every Result computed, for the appendix and the tests


def gather(con, year: int, la: str, years: list[int], plans=None, trend_years: int = TREND_YEARS) -> Gathered:
    """Compute every indicator for `year` and the year before, and the trend figures
    for up to `trend_years` years, for one authority.

    Earlier years compute only TREND_IDS, which keeps a report on an authority's
    store to a few seconds.
    """
    now = compute(con, year, la=la, plans=plans)
    before = {r.id: r for r in compute(con, year - 1, la=la, plans=plans)} if year - 1 in years else {}
    shown_years = [y for y in years if year - trend_years < y <= year]
    earlier = {y: {r.id: r for r in compute(con, y, ids=list(TREND_IDS), la=la, plans=plans)}
               for y in shown_years if y < year - 1}
    by_year = {**earlier, **({year - 1: before} if before else {}), year: {r.id: r for r in now}}
    figures = Figures()
    for r in now:
        i = get(r.id)
        prev = before.get(r.id)
        f = Figure(i, r, Figure(i, prev) if prev is not None else MISSING)
        if r.id in TREND_IDS:
            f.trend = [(y, by_year[y][r.id].value) for y in sorted(by_year) if r.id in by_year[y]]
        figures[r.id] = f
    results = [r for y in sorted(by_year) for r in by_year[y].values()]
    return Gathered(year, la, figures, sorted(by_year), results)


def period(year: int) -> str:
    """2025 -> '1 April 2024 to 31 March 2025'."""
    return f"1 April {year - 1} to 31 March {year}"


def unit_costs(con, year: int, la: str) -> dict[str, float]:
    """Each placement cost category's weekly cost for the year, from WeeklyCosts.

    Not an indicator: it is the authority's price list (an input, like the population
    table), not a figure about children. It is read through the same definition the
    `average_weekly_cost` indicator prices placements with, so the report's cost
    table and that indicator cannot disagree.
    """
    from caretrack.indicators.data import Data
    from caretrack.indicators.definitions.costs import weekly_costs

    frame = weekly_costs(Data(con, year, la)).execute()
    return {row.COST_CATEGORY: float(row.WEEKLY_COST) for row in frame.itertuples()}
