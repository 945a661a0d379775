"""Where children live and how stable their placements are.

Sources: DfE, "Children looked after in England including adoptions", table A2
(placements at 31 March) and the placement stability measures: short term, children
in care at 31 March with three or more placements in the year; long term, children
under 16 at 31 March in care for at least 2.5 years who have lived in the same
placement for at least 2 years, or are placed for adoption and their adoptive
placement together with their previous placement lasts 2 years.

Counting placements (domain.md marks this to verify against the DfE's methodology;
caretrack's reading): a placement starts with the child's first episode in the year and
with every later episode whose reason for new episode is a change of placement (RNE
P, B, T or U, or a new period of care S); changes of legal status only (RNE L) are not
placements, and temporary placements (PLACE T0-T4) are not counted, nor is the return
from one to the placement before it. For long-term stability a placement with the same
carer continues through RNE T and U ("living with the same carer", DfE 2024 release),
so only RNE S, P and B start a new one.
"""

from __future__ import annotations

import ibis
from ibis import _

from caretrack.indicators import cohorts
from caretrack.indicators.data import attach, months_before
from caretrack.indicators.definitions.groups import ADOPTION, FOSTER, KINSHIP, RESIDENTIAL, placement_group
from caretrack.indicators.registry import indicator

DFE = "DfE, Children looked after in England including adoptions, table A2"
STABILITY = "DfE, Children looked after in England including adoptions: placement stability measures (methodology)"
COHORT = "children in care at 31 March"
SHORT = "short breaks (LS V3, V4)"
FIELDS = ("LA", "CHILD", "PLACE", "PLACE_PROVIDER", "LS", "DECOM")
TEMPORARY = ("T0", "T1", "T2", "T3", "T4")


def _at_31_march(data):
    c = cohorts.in_care_31_march(data)
    return c.mutate(category=placement_group(c.PLACE, c.PLACE_PROVIDER))


@indicator("placement_type", "Children in care at 31 March by placement", "breakdown", COHORT, "children", None, DFE,
           exclusions=SHORT)
def placement_type(data):
    return _at_31_march(data).select(*FIELDS, "category")


@indicator("placement_provider", "Children in care at 31 March by placement provider", "breakdown", COHORT,
           "children", None, DFE, exclusions=SHORT)
def placement_provider(data):
    c = cohorts.in_care_31_march(data)
    return c.select(*FIELDS, category=c.PLACE_PROVIDER.fill_null("none (temporary or other placement)"))


@indicator("placed_with_parents_on_care_order", "Children on a care order placed with parents at 31 March", "count",
           COHORT, "placed with parents (PLACE P1) on an interim or full care order (LS C1, C2)", None, DFE,
           exclusions=SHORT, higher_is_better=None)
def placed_with_parents_on_care_order(data):
    c = cohorts.in_care_31_march(data)
    return c.filter((c.PLACE == "P1") & c.LS.isin(("C1", "C2"))).select(*FIELDS)


@indicator("kinship_share", "Children in care at 31 March placed with kinship / connected carers", "percent", COHORT,
           "placed with relatives or friends (PLACE U1-U3)", COHORT, DFE, exclusions=SHORT, higher_is_better=True)
def kinship_share(data):
    c = cohorts.in_care_31_march(data)
    return c.select(*FIELDS, numerator=c.PLACE.isin(KINSHIP))


@indicator("family_based_share", "Children in care at 31 March in family-based placements", "percent", COHORT,
           "placed with foster carers, kinship or not, in-house or through an agency (U1-U6), placed for adoption "
           "(A3-A6) or placed with parents (P1)", COHORT,
           "The seeds' annual report 2019-20 (\"71% (466) children are placed in family-based placements\": foster, "
           "kinship, adoptive families and parents); " + DFE, exclusions=SHORT, higher_is_better=True)
def family_based_share(data):
    c = cohorts.in_care_31_march(data)
    return c.select(*FIELDS, numerator=c.PLACE.isin(FOSTER + KINSHIP + ADOPTION + ("P1",)))


@indicator("residential_share", "Children in care at 31 March in residential placements", "percent", COHORT,
           "in secure or other children's homes, residential care homes or residential schools (K1, K2, R1, S1)",
           COHORT, DFE, exclusions=SHORT, higher_is_better=False)
def residential_share(data):
    c = cohorts.in_care_31_march(data)
    return c.select(*FIELDS, numerator=c.PLACE.isin(RESIDENTIAL))


def placements_in_year(data):
    """Placements each child had in the year (see the module's docstring)."""
    e = data.episodes
    e = e.filter((e.DECOM <= data.end) & (e.DEC.isnull() | (e.DEC >= data.start)))
    e = cohorts.with_temporary_returns(e)
    e = e.filter(~e.PLACE.isin(TEMPORARY))
    first = ibis.window(group_by=[e.LA, e.CHILD], order_by=e.DECOM)
    e = e.mutate(_rank=ibis.row_number().over(first))
    starts_placement = (e._rank == 0) | (e.RNE.isin(("S", "P", "B", "T", "U")) & ~e.RETURN_FROM_TEMPORARY)
    return e.filter(starts_placement).group_by("LA", "CHILD").aggregate(PLACEMENTS=_.count())


@indicator("placements_3_plus", "Children in care at 31 March with three or more placements in the year", "percent",
           COHORT, "with three or more placements during the year", COHORT, STABILITY, exclusions=SHORT,
           higher_is_better=False)
def placements_3_plus(data):
    c = cohorts.in_care_31_march(data)
    p = placements_in_year(data)
    j = attach(c, p)
    return j.select("LA", "CHILD", "PERIOD_START", "PLACEMENTS", numerator=j.PLACEMENTS >= 3)


@indicator("long_term_stability", "Children in care 2.5 years or more who have lived in the same placement for 2 years",
           "percent", "children under 16 at 31 March, in care continuously for at least 2.5 years",
           "in the same placement for at least 2 years, or placed for adoption with adoptive and previous placement lasting 2 years",
           "children under 16 at 31 March in care continuously for at least 2.5 years", STABILITY, exclusions=SHORT,
           higher_is_better=True)
def long_term_stability(data):
    c = cohorts.in_care_31_march(data)
    c = c.filter((c.AGE < 16) & (c.PERIOD_START <= months_before(data.end, 30)))
    e = cohorts.new_carers(data.episodes)
    e = e.filter(e.DECOM <= data.end)
    # The current placement's start; for a child placed for adoption, the start of
    # the placement before the adoptive one.
    adoptive = c.filter(c.PLACE.isin(("A3", "A4", "A5", "A6"))).select("LA", "CHILD", ADOPTIVE_START=c.DECOM)
    e = attach(e, adoptive)
    e = e.filter(e.ADOPTIVE_START.isnull() | (e.DECOM < e.ADOPTIVE_START))
    starts = e.group_by("LA", "CHILD").aggregate(PLACEMENT_START=_.DECOM.max())
    j = attach(c, starts)
    # No new carer in the history known: in the same placement since the period began.
    j = j.mutate(PLACEMENT_START=j.PLACEMENT_START.fill_null(j.PERIOD_START))
    same_two_years = j.PLACEMENT_START <= months_before(data.end, 24)
    return j.select("LA", "CHILD", "AGE", "PERIOD_START", "PLACE", "PLACEMENT_START", numerator=same_two_years.fill_null(False))
