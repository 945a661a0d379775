"""On Demo County, caretrack's indicators land within the tolerance of the seeds' figures
(shared/reference/demo-targets.md), as the indicators issue asks.

The targets, tolerances and the figures not yet calibrated are those of
tests/test_demo_calibration.py, which counts the same figures with plain code straight
from the CSV files. Here each comes from the indicator engine instead, on the demo loaded
into a store, so the two are independent: the engine must reach the seeds' figures by its
own definitions. Only figures with an indicator of their own are here; FIGURES has the
rest (for example care leavers of the service, who are not in a 903 cohort).
"""

from __future__ import annotations

import datetime as dt

import ibis
import pytest

from caretrack.demo import DEFAULT_SEED, generate
from caretrack.indicators.engine import compute
from caretrack.io.sources import read_sources
from caretrack.store import Store

from test_demo_calibration import FIGURES, NOT_YET, within  # tests/ is on the path (rootdir)


def value(id):
    return lambda results: results[id].value


def part(id, *categories):
    return lambda results: sum(results[id].breakdown.get(c, 0) for c in categories)


def share(id, *categories):
    """A breakdown's categories as a percentage of the children it counts."""
    return lambda results: 100 * part(id, *categories)(results) / results[id].value


def denominator(id):
    return lambda results: results[id].denominator


FAMILY_BASED = ("in-house foster", "independent fostering agency", "kinship / connected", "placed for adoption",
                "placed with parents")

# (name in FIGURES, year) -> the engine's figure for it.
ENGINE = {
    ("children in care at 31 March", 2020): value("in_care_31_march"),
    ("rate per 10,000 aged 0-17", 2020): value("rate_per_10000"),
    ("legal status: full care order", 2020): part("legal_status", "full care order"),
    ("legal status: interim care order", 2020): part("legal_status", "interim care order"),
    ("legal status: section 20", 2020): part("legal_status", "section 20"),
    ("male", 2020): part("sex", "male"),
    ("male %", 2020): share("sex", "male"),
    ("female", 2020): part("sex", "female"),
    ("white ethnic groups", 2020): part("ethnicity", "White"),
    ("white ethnic groups %", 2020): share("ethnicity", "White"),
    ("family-based placements", 2020): part("placement_type", *FAMILY_BASED),
    ("family-based placements %", 2020): value("family_based_share"),
    ("independent fostering agency", 2020): part("placement_type", "independent fostering agency"),
    ("residential", 2020): part("placement_type", "residential"),
    ("residential %", 2020): value("residential_share"),
    ("kinship / connected %", 2020): value("kinship_share"),
    ("on a care order placed with parents", 2020): value("placed_with_parents_on_care_order"),
    ("provided by the authority (PR1)", 2020): part("placement_provider", "PR1"),
    ("provided by the authority %", 2020): share("placement_provider", "PR1"),
    ("private providers (PR4)", 2020): part("placement_provider", "PR4"),
    ("private providers %", 2020): share("placement_provider", "PR4"),
    ("three or more placements in year %", 2020): value("placements_3_plus"),
    ("long-term stability %", 2020): value("long_term_stability"),
    ("starts in year", 2020): value("starts"),
    ("starts under s20 %", 2020): value("starts_section_20"),
    ("starts with a previous permanence order", 2020): value("starts_previous_permanence"),
    ("ceased in year", 2020): value("ceased"),
    ("ceased to parents or relatives %", 2020): value("ceased_to_parents_or_relatives"),
    ("adoptions", 2020): value("adopted"),
    ("A1 days, entering care to moving in", 2020): value("adoption_a1_days"),
    ("A2 days, authority to match", 2020): value("adoption_a2_days"),
    ("A3 moved in within 14 months, 3 years %", 2020): value("adoption_a3_percent_3yr"),
    ("A3 children adopted over 3 years or in the process", 2020): denominator("adoption_a3_percent_3yr"),
    ("final orders: special guardianship (sgo_from_care)", 2020): value("sgo_from_care"),
    ("final orders: child arrangements", 2020): part("ceased_by_reason", "child arrangements order"),
    ("OC2 cohort", 2020): value("oc2_cohort"),
    ("OC2 convicted %", 2020): value("oc2_convicted"),
    ("OC2 immunised %", 2020): value("oc2_immunised"),
    ("OC2 teeth checked %", 2020): value("oc2_teeth_checked"),
    ("OC2 health assessment %", 2020): value("oc2_health_assessment"),
    ("SDQ average", 2020): value("sdq_average"),
    ("SDQ 0-13 % (99 of 147)", 2020): share("sdq_bands", "0-13 normal"),
    ("SDQ 14-16 % (13 of 147)", 2020): share("sdq_bands", "14-16 borderline"),
    ("SDQ 17-19 % (8 of 147)", 2020): share("sdq_bands", "17-19 high"),
    ("SDQ 20-40 % (27 of 147)", 2020): share("sdq_bands", "20-40 very high"),
    ("SDQ completion %", 2020): value("sdq_completion"),
    ("care leavers in the return", 2020): value("care_leavers"),
    ("care leavers in touch %", 2020): value("care_leavers_in_touch"),
    ("care leavers EET %", 2020): value("care_leavers_eet"),
    ("care leavers suitable accommodation %", 2020): value("care_leavers_suitable_accommodation"),
    ("staying put", 2020): value("staying_put"),
    ("visits in timescale %", 2020): value("visits_in_timescale"),
    ("care plan signed off in last 6 months %", 2020): value("care_plans_in_timescale"),
    ("children in care", 2024): value("in_care_31_march"),
    ("care plans in date %", 2024): value("care_plans_in_timescale"),
    ("visits in timescale %", 2024): value("visits_in_timescale"),
    ("health assessments in timescale %", 2024): value("review_health_assessments_in_timescale"),
    ("dental checks %", 2024): value("dental_checks_in_timescale_not_uasc"),
    ("dental checks UASC %", 2024): value("dental_checks_in_timescale_uasc"),
    ("pathway plans in timescale %", 2024): value("pathway_plans_in_timescale"),
    ("care leaver visits in timescale %", 2024): value("care_leaver_contacts_in_timescale"),
    ("children in care", 2025): value("in_care_31_march"),
    ("UASC in care", 2025): part("uasc", "UASC"),
    ("care plans in timescale %", 2025): value("care_plans_in_timescale"),
    ("visits in timescale %", 2025): value("visits_in_timescale"),
    ("review health assessments in timescale %", 2025): value("review_health_assessments_in_timescale"),
    ("dental checks %", 2025): value("dental_checks_in_timescale"),
    ("pathway plans in timescale %", 2025): value("pathway_plans_in_timescale"),
    ("care leaver visits in timescale %", 2025): value("care_leaver_contacts_in_timescale"),
    ("special guardianship orders from care", 2025): value("sgo_from_care"),
}
TARGETS = {(what, year): (target, kind) for what, year, target, kind, _ in FIGURES}


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    """Every indicator of the years with targets, on Demo County (seed 5), by (id, year)."""
    folder = tmp_path_factory.mktemp("demo-store")
    generate(folder / "demo", seed=DEFAULT_SEED)
    with Store(folder / "demo.duckdb") as store:
        store.load(read_sources([folder / "demo"]), dt.datetime(2025, 5, 1))
    con = ibis.duckdb.connect(str(folder / "demo.duckdb"), read_only=True)
    by_year = {year: {r.id: r for r in compute(con, year)} for year in sorted({y for _, y in ENGINE})}
    return lambda year: by_year[year]


def test_every_mapped_figure_has_a_target():
    assert set(ENGINE) <= set(TARGETS)


def _params():
    for what, year in ENGINE:
        late = NOT_YET.get((year, what))
        marks = [pytest.mark.xfail(reason=late, strict=False)] if late else []
        yield pytest.param(what, year, marks=marks, id=f"{year}-{what}")


@pytest.mark.parametrize("what, year", list(_params()))
def test_indicator_within_tolerance_of_the_seeds(results, what, year):
    target, kind = TARGETS[(what, year)]
    got = ENGINE[(what, year)](results(year))
    assert within(got, target, kind), f"{what} {year}: the engine gives {got:.1f}, the seeds {target}"
