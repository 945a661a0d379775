"""Health and wellbeing of children in care for 12 months or more (the OC2 cohort).

Source: DfE, "Outcomes for children looked after by local authorities in England"
(OC2 measures) and methodology: the cohort is children looked after continuously for
at least 12 months at 31 March, short breaks excluded; convictions count children aged
10 or over, development checks children under 5, SDQ children aged 4 to 16 at 31
March, with scores banded 0-13 normal, 14-16 borderline, 17-19 high, 20-40 very high
(domain.md; Goodman's SDQ bands).
"""

from __future__ import annotations

import ibis

from caretrack.indicators import cohorts
from caretrack.indicators.registry import indicator

DFE = "DfE, Outcomes for children looked after by local authorities in England (OC2 measures)"
COHORT = "children looked after continuously for at least 12 months at 31 March"
FIELDS = ("LA", "CHILD", "AGE", "PERIOD_START")


@indicator("oc2_cohort", "Children looked after for 12 months or more at 31 March", "count", COHORT, "children", None,
           DFE, exclusions="short breaks (LS V3, V4)")
def oc2_cohort(data):
    return cohorts.oc2_cohort(data).select(*FIELDS)


def _flag(id, title, column, ages=None, higher=True, note=""):
    def units(data):
        c = cohorts.oc2_cohort(data)
        if ages:
            c = c.filter((c.AGE >= ages[0]) & (c.AGE <= ages[1]))
        return c.select(*FIELDS, column, numerator=(c[column] == "1").fill_null(False))

    who = f"{COHORT}, aged {ages[0]} to {ages[1]}" if ages else COHORT
    indicator(id, title, "percent", who, f"{note or title} (OC2 {column} = 1)", who, DFE, higher_is_better=higher)(units)


_flag("oc2_convicted", "Convicted or given a youth caution during the year", "CONVICTED", ages=(10, 17), higher=False)
_flag("oc2_health_assessment", "Annual health assessment up to date", "HEALTH_ASSESSMENT")
_flag("oc2_immunised", "Immunisations up to date", "IMMUNISATIONS")
_flag("oc2_teeth_checked", "Teeth checked by a dentist during the year", "TEETH_CHECK")
_flag("oc2_development_checks", "Development checks up to date (under 5s)", "HEALTH_CHECK", ages=(0, 4))
_flag("oc2_substance_misuse", "Identified as having a substance misuse problem", "SUBSTANCE_MISUSE", higher=False)

SDQ_ELIGIBLE = f"{COHORT}, aged 4 to 16 at 31 March"


def _sdq_eligible(data):
    c = cohorts.oc2_cohort(data)
    return c.filter((c.AGE >= 4) & (c.AGE <= 16))


@indicator("sdq_average", "Average SDQ score", "average", SDQ_ELIGIBLE, "SDQ total difficulties score",
           f"{SDQ_ELIGIBLE} with a score", DFE, higher_is_better=False)
def sdq_average(data):
    c = _sdq_eligible(data)
    c = c.filter(c.SDQ_SCORE.notnull())
    return c.select(*FIELDS, "SDQ_SCORE", measure=c.SDQ_SCORE)


@indicator("sdq_bands", "SDQ scores by band", "breakdown", SDQ_ELIGIBLE, f"{SDQ_ELIGIBLE} with a score", None, DFE)
def sdq_bands(data):
    c = _sdq_eligible(data)
    c = c.filter(c.SDQ_SCORE.notnull())
    band = ibis.cases(
        (c.SDQ_SCORE <= 13, "0-13 normal"),
        (c.SDQ_SCORE <= 16, "14-16 borderline"),
        (c.SDQ_SCORE <= 19, "17-19 high"),
        else_="20-40 very high",
    )
    return c.select(*FIELDS, "SDQ_SCORE", category=band)


@indicator("sdq_completion", "SDQ completed", "percent", SDQ_ELIGIBLE, "with an SDQ score", SDQ_ELIGIBLE, DFE,
           higher_is_better=True)
def sdq_completion(data):
    c = _sdq_eligible(data)
    return c.select(*FIELDS, "SDQ_SCORE", "SDQ_REASON", numerator=c.SDQ_SCORE.notnull())
