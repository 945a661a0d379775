"""What placements cost: each placement's cost category and the average weekly cost.

The 903 holds no costs; an authority records each placement's cost category
(PlacementCosts, keyed by the 903 episode: CHILD and DECOM) and its average weekly
cost per category (WeeklyCosts, by collection year). A year without its own cost for
a category uses the latest earlier year's, so a cost table kept since 2019-20 (the
seeds' and the default one) still prices every later year.

Sources: the seeds' placement cost table (annual report 2019-20, "overview of
placement costs"); DfE, "Section 251 outturn" (local authority expenditure on
children looked after) for what the categories stand for; DfE, Children looked after
in England including adoptions, table A2, for the cohort (placements at 31 March).
"""

from __future__ import annotations

from ibis import _

from caretrack.indicators import cohorts
from caretrack.indicators.data import attach
from caretrack.indicators.registry import indicator

SOURCE = ("Authority's placement cost records (PlacementCosts, WeeklyCosts), as in the seeds' placement cost "
          "table; DfE, Section 251 outturn (expenditure on children looked after); DfE, Children looked after in "
          "England including adoptions, table A2 (placements at 31 March)")
COHORT = "children in care at 31 March"
SHORT = "short breaks (LS V3, V4)"


def _costed(data):
    """Children in care at 31 March with their placement's cost category (or none)."""
    c = cohorts.in_care_31_march(data).select("LA", "CHILD", "DECOM", "PLACE", "PLACE_PROVIDER")
    p = data.table("PlacementCosts").select("LA", "CHILD", "DECOM", "COST_CATEGORY")
    return attach(c, p, keys=("LA", "CHILD", "DECOM"))


def weekly_costs(data):
    """Each cost category's weekly cost for the year: its own, else the latest earlier year's."""
    w = data.table("WeeklyCosts")
    w = w.filter(w.YEAR <= data.year)
    latest = w.group_by("LA", "COST_CATEGORY").aggregate(YEAR=_.YEAR.max())
    return w.join(latest, ["LA", "COST_CATEGORY", "YEAR"]).select("LA", "COST_CATEGORY", "YEAR", "WEEKLY_COST")


@indicator("placement_cost_category", "Children in care at 31 March by placement cost category", "breakdown", COHORT,
           "children, by the cost category of the placement open on 31 March (not costed: no PlacementCosts row "
           "for that episode)", None, SOURCE, exclusions=SHORT)
def placement_cost_category(data):
    j = _costed(data)
    return j.select("LA", "CHILD", "DECOM", "PLACE", category=j.COST_CATEGORY.fill_null("not costed"))


@indicator("average_weekly_cost", "Average weekly cost of a placement at 31 March", "average",
           "children in care at 31 March whose placement has a cost category with a weekly cost",
           "weekly cost of the placement open on 31 March (numerator: the total weekly cost)",
           "children whose placement is costed", SOURCE, exclusions=SHORT + "; placements not costed",
           higher_is_better=None, measure_unit="pounds")
def average_weekly_cost(data):
    j = _costed(data)
    w = weekly_costs(data).drop("YEAR")
    k = j.join(w, ["LA", "COST_CATEGORY"])
    return k.select("LA", "CHILD", "DECOM", "COST_CATEGORY", measure=k.WEEKLY_COST)
