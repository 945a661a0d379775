"""Adoption and special guardianship from care, and the adoption scorecard.

Sources: DfE, "Children looked after in England including adoptions", table E1
(adoptions, REC E11/E12) and D1 (special guardianship orders, REC E45-E48); DfE
adoption scorecard (local authority interactive tool) for A1, A2 and A3:
- A1: average days between entering care and moving in with the adoptive family, for
  children adopted; where the child is adopted by their foster carers (AD1
  FOSTER_CARE 1) the date they moved in with those carers is used;
- A2: average days between the court's authority to place (the first placement order
  episode, LS E1 or D1, in the period of care) and the match with adopters (AD1
  DATE_MATCH);
- A3: percentage of children who wait less than 14 months between entering care and
  moving in with their adoptive family, of the children adopted and those still going
  through the adoption process at 31 March (DfE, "Adoption scorecards: methodology and
  guidance", A3: in process means an agency decision maker's decision that the child
  should be adopted; in the 903, a PlacedAdoption DATE_PLACED with no
  DATE_PLACED_CEASED). The seeds count it so ("of 151 children who had been adopted in
  the last 3 years or were in the adoption process at the end of March 2020, 74 had
  waited/were waiting less than 14 months"). A child in process has waited until moving
  in (the A1 dates: placed for adoption with the current foster carers, PLACE A3 or A5,
  counts from the placement with them), or, not yet placed, is still waiting at 31
  March.
Each also as a 3-year figure over the three collection years ending in the year (the
scorecard's 3-year average: all children adopted in the three years together, and those
in the process at the end of the last).
"""

from __future__ import annotations

import ibis
from ibis import _

from caretrack.indicators import cohorts
from caretrack.indicators.data import attach
from caretrack.indicators.registry import indicator

DFE = "DfE, Children looked after in England including adoptions, table E1"
SCORECARD = "DfE, Adoption scorecard (LAIT): indicators A1, A2, A3"
ADOPTIVE = ("A3", "A4", "A5", "A6")


@indicator("adopted", "Children adopted from care in the year", "count", "children who ceased to be looked after in the year",
           "adopted (REC E11, E12)", None, DFE, higher_is_better=True)
def adopted(data):
    c = cohorts.ceased(data)
    return c.filter(c.REC.isin(("E11", "E12"))).select("LA", "CHILD", "DEC", "REC", "PERIOD_START")


@indicator("adopted_3yr", "Children adopted from care a year, on average over 3 years", "per_year",
           "children who ceased to be looked after in the three collection years ending in the year",
           "adopted (REC E11, E12)", "3 years", DFE, higher_is_better=True, years=3)
def adopted_3yr(data):
    pieces = [adopted(data.for_year(data.year - k)) for k in range(3)]
    return pieces[0].union(pieces[1]).union(pieces[2])


@indicator("sgo_from_care", "Children who left care on a special guardianship order", "count",
           "children who ceased to be looked after in the year", "on a special guardianship order (REC E45-E48)",
           None, "DfE, Children looked after in England including adoptions, table D1", higher_is_better=True)
def sgo_from_care(data):
    c = cohorts.ceased(data)
    return c.filter(c.REC.isin(("E45", "E46", "E47", "E48"))).select("LA", "CHILD", "DEC", "REC", "PERIOD_START")


def adoption_journeys(data):
    """Children adopted in the year with the scorecard's dates and days."""
    return data.shared("adoption_journeys", lambda: _adoption_journeys(data))


def _period_episodes(data, children):
    """The episodes of each child's period of care (`children` has LA, CHILD, PERIOD_START)."""
    e = attach(data.episodes, children.select("LA", "CHILD", _period=children.PERIOD_START), "inner")
    return e.filter(e.PERIOD_START == e._period)


def _placed_for_adoption(e):
    """From a period's episodes: ADOPTIVE_PLACEMENT, the first placement for adoption (PLACE
    A3-A6), WITH_FOSTER_CARERS, whether it was with the current foster carers (A3, A5),
    and CARER_PLACEMENT, when the child moved in with the carers it was made with."""
    adoptive = e.filter(e.PLACE.isin(ADOPTIVE)).group_by("LA", "CHILD").aggregate(
        ADOPTIVE_PLACEMENT=_.DECOM.min(), WITH_FOSTER_CARERS=_.PLACE.isin(("A3", "A5")).any())
    e = attach(e, adoptive)
    with_carer = (
        e.filter(e.RNE.isin(("S", "P", "B")) & (e.DECOM <= e.ADOPTIVE_PLACEMENT))
        .group_by("LA", "CHILD")
        .aggregate(CARER_PLACEMENT=_.DECOM.max())
    )
    return attach(adoptive, with_carer)


def _adoption_journeys(data):
    a = adopted(data)
    e = _period_episodes(data, a)
    authority = e.filter(e.LS.isin(("E1", "D1"))).group_by("LA", "CHILD").aggregate(AUTHORITY_TO_PLACE=_.DECOM.min())
    ad1 = data.returned("AD1").select("LA", "CHILD", "DATE_MATCH", "FOSTER_CARE")
    j = a
    for t in (_placed_for_adoption(e), authority, ad1):
        j = attach(j, t)
    moved_in = ibis.ifelse(j.FOSTER_CARE == "1", j.CARER_PLACEMENT, j.ADOPTIVE_PLACEMENT)
    j = j.mutate(MOVED_IN=moved_in)
    return j.mutate(
        A1_DAYS=(j.MOVED_IN - j.PERIOD_START).cast("int64"),
        A2_DAYS=(j.DATE_MATCH - j.AUTHORITY_TO_PLACE).cast("int64"),
    )


def _journeys(data, years: int):
    return data.shared(("adoption_journeys", years), lambda: _journeys_over(data, years))


def _journeys_over(data, years: int):
    pieces = [adoption_journeys(data.for_year(data.year - k)) for k in range(years)]
    out = pieces[0]
    for p in pieces[1:]:
        out = out.union(p)
    return out


def _a1(data, years):
    j = _journeys(data, years)
    j = j.filter(j.A1_DAYS.notnull())
    return j.select("LA", "CHILD", "DEC", "PERIOD_START", "MOVED_IN", "FOSTER_CARE", measure=j.A1_DAYS)


def _a2(data, years):
    j = _journeys(data, years)
    j = j.filter(j.A2_DAYS.notnull())
    return j.select("LA", "CHILD", "DEC", "AUTHORITY_TO_PLACE", "DATE_MATCH", measure=j.A2_DAYS)


def in_adoption_process(data):
    """Children in care at 31 March with a decision that they should be placed for
    adoption that has not ceased, with when they moved in with their adoptive family
    (NULL: not yet placed)."""
    return data.shared("in_adoption_process", lambda: _in_adoption_process(data))


def _in_adoption_process(data):
    c = cohorts.in_care_31_march(data).select("LA", "CHILD", "PERIOD_START")
    p = data.returned("PlacedAdoption")
    p = p.filter(p.DATE_PLACED.notnull() & p.DATE_PLACED_CEASED.isnull()).select("LA", "CHILD").distinct()
    c = attach(c, p, "inner")
    e = _period_episodes(data, c)
    j = attach(c, _placed_for_adoption(e.filter(e.DECOM <= data.end)))
    moved_in = ibis.ifelse(j.WITH_FOSTER_CARERS.fill_null(False), j.CARER_PLACEMENT, j.ADOPTIVE_PLACEMENT)
    return j.mutate(DEC=ibis.null("date"), MOVED_IN=moved_in).select("LA", "CHILD", "DEC", "PERIOD_START", "MOVED_IN")


def _a3(data, years):
    j = _journeys(data, years)
    j = j.filter(j.MOVED_IN.notnull()).select("LA", "CHILD", "DEC", "PERIOD_START", "MOVED_IN")
    j = j.union(in_adoption_process(data))
    deadline = j.PERIOD_START + ibis.interval(months=14)
    # Not yet placed: still waiting at 31 March, within 14 months if entering care was later than 14 months before.
    within = ibis.ifelse(j.MOVED_IN.isnull(), deadline > data.end, j.MOVED_IN < deadline)
    return j.select("LA", "CHILD", "DEC", "PERIOD_START", "MOVED_IN", numerator=within)


A1 = dict(cohort="children adopted", numerator="days from entering care to moving in with the adoptive family",
          denominator="children adopted", source=SCORECARD, higher_is_better=False, measure_unit="days")
A2 = dict(cohort="children adopted", numerator="days from the court's authority to place to the match with adopters",
          denominator="children adopted with a placement order", source=SCORECARD, higher_is_better=False, measure_unit="days")
A3 = dict(cohort="children adopted, and children in the adoption process at 31 March",
          numerator="moved in with their adoptive family (or, not yet placed, waiting) less than 14 months after entering care",
          denominator="children adopted, and children in care at 31 March with a decision that they should be adopted",
          source=SCORECARD + "; methodology and guidance, A3", higher_is_better=True)

for suffix, years, span in (("", 1, "in the year"), ("_3yr", 3, "over 3 years")):
    indicator(f"adoption_a1_days{suffix}", f"A1: average days from entering care to moving in with adopters, {span}",
              "average", **A1)(lambda data, y=years: _a1(data, y))
    indicator(f"adoption_a2_days{suffix}", f"A2: average days from authority to place to match, {span}",
              "average", **A2)(lambda data, y=years: _a2(data, y))
    indicator(f"adoption_a3_percent{suffix}", f"A3: children adopted or in the adoption process who waited under 14 months, {span}",
              "percent", **A3)(lambda data, y=years: _a3(data, y))
