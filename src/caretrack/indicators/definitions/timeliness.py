"""Timeliness: plans, visits, reviews, health and care leaver contact in timescale.

How "in timescale" is measured (see also docs/indicators.md and timescales.toml):
- At a date (31 March of the year): of the children an obligation applies to on that
  date, the share for whom it is not overdue: the next visit, plan, review, health
  assessment, dental check, SDQ, PEP, pathway plan or adviser contact is not yet past
  due. This is how the seeds report "visits in timescale 90%". Dental checks count only
  children in care for 12 months or more: the cohort whose dental check in the year the
  903 return collects (OC2 TEETH_CHECK), and the children a check has fallen due for.
  A child's first is due 12 months after coming into care, so counting newer children
  as "in timescale" would lift the figure with children of whom none was yet asked.
- Over the year: initial health assessments (children who became looked after in the
  year, whose assessment was due by 31 March: done within 20 working days), advisers
  allocated by 16 (children in care on a 16th birthday in the year), housing
  applications by 17 and a half (young people in care or care leavers reaching 17
  years 6 months in the year), age assessments (completed in the year: within 28 days).
Timescales are the statutory defaults of caretrack.compliance, or the authority's
own, from the settings file named by CARETRACK_SETTINGS.
"""

from __future__ import annotations

import os

import ibis

from caretrack.compliance import obligations as ob
from caretrack.compliance.timescales import Duration, duration, load
from caretrack.indicators import cohorts
from caretrack.indicators.data import attach
from caretrack.indicators.registry import indicator

SOURCES = "caretrack.compliance timescales (statutory sources in timescales.toml)"


def timescales() -> dict:
    return load(os.environ.get("CARETRACK_SETTINGS") or None)


def _at_date(obligation: str, data):
    return data.shared(("obligation", obligation), lambda: _status_at_end(obligation, data))


TWELVE_MONTHS = {"dental_checks"}  # counted for children in care 12 months or more


def _status_at_end(obligation: str, data):
    ts = timescales()
    t = ob.with_status(ob.OBLIGATIONS[obligation](data, data.end, ts), data.end, ts)
    if obligation in TWELVE_MONTHS:
        t = cohorts.twelve_months(data, t)
    return t.mutate(numerator=t.STATUS != "overdue")


AT_DATE = {
    "visits_in_timescale": ("visits", "Visits in timescale", "children in care at 31 March (not short breaks)"),
    "care_plans_in_timescale": ("care_plans", "Care plans in timescale", "children in care at 31 March"),
    "reviews_in_timescale": ("reviews", "Looked-after reviews in timescale", "children in care at 31 March"),
    "review_health_assessments_in_timescale": ("review_health_assessments", "Health assessments in timescale",
                                               "children in care at 31 March"),
    "dental_checks_in_timescale": ("dental_checks", "Dental checks in timescale",
                                   "children in care at 31 March for 12 months or more"),
    "sdq_in_timescale": ("sdq", "SDQs in timescale", "children aged 4 to 16 in care for 12 months or more"),
    "peps_in_timescale": ("peps", "Personal education plans in timescale", "children in care aged 3 to 17"),
    "pathway_plans_in_timescale": ("pathway_plans", "Pathway plans in timescale", "care leavers aged 16 to 21"),
    "care_leaver_contacts_in_timescale": ("adviser_contacts", "Care leaver contacts in timescale",
                                          "care leavers aged 16 to 21 with a personal adviser"),
}

_DEFAULTS = load()
for _id, (_obligation, _title, _cohort) in AT_DATE.items():
    indicator(_id, _title, "percent", _cohort, "whose next one is not yet past due on 31 March", _cohort,
              f"{_DEFAULTS[_obligation]['source']}; timescale in caretrack's timescales.toml", higher_is_better=True)(
        lambda data, o=_obligation: _at_date(o, data))


def _uasc_split(obligation: str, data, uasc: bool):
    t = cohorts.uasc_on(data, _at_date(obligation, data), data.end)
    return t.filter(t.UASC == uasc)


# The seeds report visits and dental checks separately for unaccompanied asylum-seeking
# children ("55.9% due to the difficulties of identifying an NHS dentist").
for _obligation, _what, _one, _cohort in (("visits", "Visits", "visit", "in care at 31 March"),
                                          ("dental_checks", "Dental checks", "dental check",
                                           "in care at 31 March for 12 months or more")):
    _counts = f"whose {_one} is not overdue on 31 March"
    indicator(f"{_obligation}_in_timescale_uasc", f"{_what} in timescale: unaccompanied asylum-seeking children",
              "percent", f"UASC {_cohort}", _counts, f"UASC {_cohort}", SOURCES,
              higher_is_better=True)(lambda data, o=_obligation: _uasc_split(o, data, True))
    indicator(f"{_obligation}_in_timescale_not_uasc", f"{_what} in timescale: other children", "percent",
              f"children {_cohort} who are not UASC", _counts, f"children {_cohort} who are not UASC", SOURCES,
              higher_is_better=True)(lambda data, o=_obligation: _uasc_split(o, data, False))


@indicator("initial_health_assessments_in_timescale", "Initial health assessments in timescale", "percent",
           "children who became looked after in the year whose assessment was due by 31 March",
           "assessed within 20 working days", "children who became looked after in the year, assessment due by 31 March",
           SOURCES, higher_is_better=True)
def initial_health_assessments(data):
    ts = timescales()
    s = cohorts.starts(data).select("LA", "CHILD", PERIOD_START=cohorts.starts(data).DECOM)
    h = data.table("HealthAssessments")
    s = ob._since(s, h.filter(h.ASSESSMENT_TYPE == "IHA"), "ASSESSMENT_DATE", "PERIOD_START", data.end)
    s = ob.plus(s, "PERIOD_START", duration(ts, "initial_health_assessments", "first"), "DUE")
    s = s.filter(s.DUE <= data.end)
    return s.select("LA", "CHILD", "PERIOD_START", "DUE", "LAST_DONE",
                    numerator=(s.LAST_DONE <= s.DUE).fill_null(False))


@indicator("advisers_allocated_by_16", "Personal adviser allocated by 16", "percent",
           "children in care on their 16th birthday, which fell in the year", "with a personal adviser allocated by then",
           "children in care on their 16th birthday in the year", SOURCES, higher_is_better=True)
def advisers_allocated_by_16(data):
    h = data.header.select("LA", "CHILD", "DOB")
    h = ob.plus(h, "DOB", Duration(192, "months"), "SIXTEENTH_BIRTHDAY")
    h = h.filter(cohorts.in_year(data, h.SIXTEENTH_BIRTHDAY))
    e = data.episodes.filter(~data.episodes.LS.isin(("V3", "V4")))
    j = attach(h, e.select("LA", "CHILD", "DECOM", "DEC"), "inner")
    j = j.filter((j.DECOM <= j.SIXTEENTH_BIRTHDAY) & (j.DEC.isnull() | (j.DEC > j.SIXTEENTH_BIRTHDAY)))
    j = j.select("LA", "CHILD", "SIXTEENTH_BIRTHDAY").distinct()
    a = data.table("Allocations")
    a = attach(j, a.filter(a.ROLE == "PA").select("LA", "CHILD", "START_DATE"), "left")
    a = a.mutate(_by=(a.START_DATE <= a.SIXTEENTH_BIRTHDAY).fill_null(False))
    a = a.group_by("LA", "CHILD", "SIXTEENTH_BIRTHDAY").aggregate(ADVISER_FROM=a.START_DATE.min(), numerator=a._by.any())
    return a


@indicator("housing_applications_by_17_5", "Housing applications by 17 and a half", "percent",
           "young people in care or care leavers reaching 17 years 6 months in the year", "with a housing application by then",
           "young people in care or care leavers reaching 17 years 6 months in the year", SOURCES, higher_is_better=True)
def housing_applications_by_17_5(data):
    ts = timescales()
    h = ob.plus(data.header.select("LA", "CHILD", "DOB"), "DOB", duration(ts, "housing_applications", "first"), "DUE")
    h = h.filter(cohorts.in_year(data, h.DUE))
    in_care = data.episodes.filter(~data.episodes.LS.isin(("V3", "V4"))).select("LA", "CHILD", "DECOM", "DEC")
    j = attach(h, in_care, "left")
    j = j.mutate(_in_care=((j.DECOM <= j.DUE) & (j.DEC.isnull() | (j.DEC > j.DUE))).fill_null(False))
    s = data.table("CareLeaverStatus")
    leaver = s.filter(s.ELIGIBILITY.isin(ob.CARE_LEAVER_CATEGORIES)).select("LA", "CHILD", _since=s.STATUS_DATE)
    j = attach(j, leaver, "left")
    j = j.mutate(_leaver=(j._since <= j.DUE).fill_null(False))
    j = j.group_by("LA", "CHILD", "DUE").aggregate(_eligible=(j._in_care | j._leaver).any())
    j = j.filter(j._eligible).drop("_eligible")
    first_application = data.table("HousingApplications").group_by("LA", "CHILD").aggregate(APPLIED=ibis._.APPLICATION_DATE.min())
    j = attach(j, first_application)
    return j.mutate(numerator=(j.APPLIED <= j.DUE).fill_null(False))


@indicator("age_assessments_within_28_days", "Age assessments completed within 28 days", "percent",
           "age assessments completed in the year", "completed within 28 days of starting",
           "age assessments completed in the year", SOURCES, higher_is_better=True)
def age_assessments_within_28_days(data):
    ts = timescales()
    a = data.table("AgeAssessments")
    a = a.filter(cohorts.in_year(data, a.END_DATE))
    a = ob.plus(a, "START_DATE", duration(ts, "age_assessments", "first"), "DUE")
    return a.select("LA", "CHILD", "START_DATE", "END_DATE", "DUE", "OUTCOME", numerator=a.END_DATE <= a.DUE)
