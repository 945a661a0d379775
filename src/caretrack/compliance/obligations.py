"""Every child's statutory obligations on a date: last done, next due, status.

Each obligation is an ibis expression (so it runs on DuckDB and PostgreSQL alike) that
returns, per child it applies to on the date: LA, CHILD, OBLIGATION, LAST_DONE, DUE,
and the fields that decide them. `status` adds STATUS: "overdue" (due before the date),
"due soon" (due within the `due_soon` timescale) or "in time". A child an obligation
does not apply to has no row for it ("not applicable"). Timescales, their statutory
sources and how an authority sets its own are in timescales.toml.

Which completions count: for obligations of a period of care (visits, plans, reviews,
PEPs), only those on or after the start of the current period (visits: of the current
placement); for health, dental and SDQ, the latest ever.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import ibis
import ibis.expr.api as ibis_api
from ibis import _

from caretrack.compliance.calendar import working_day_sql, working_day_table
from caretrack.compliance.timescales import Duration, duration
from caretrack.indicators import cohorts, plans
from caretrack.indicators.data import Data, age_at, attach, without

WORKING_DAY_OFFSETS = (10, 20)
LONG_TERM_FOSTER = ("U1", "U4")  # designated long-term foster placements (903 PLACE)
CARE_LEAVER_CATEGORIES = ("ELIGIBLE", "RELEVANT", "FORMER_RELEVANT")


CALENDAR_SPAN = (dt.date(2005, 1, 1), dt.date(2035, 12, 31))


@lru_cache(maxsize=1)
def _calendar():
    table = working_day_table(*CALENDAR_SPAN, WORKING_DAY_OFFSETS)
    # ibis.memtable's own dispatch first imports every kind of table it knows (pandas
    # and polars among them), a tenth of a second of every run: call its Arrow case.
    return ibis_api._memtable_from_pyarrow_table(table)


plans.MEMTABLES["caretrack_working_days"] = plans.MemTable(_calendar, lambda: working_day_sql(*CALENDAR_SPAN, WORKING_DAY_OFFSETS))


def plus(t, column: str, d: Duration, name: str):
    """`t` with column `name` = `column` moved on by duration `d`, a date.

    A date plus an interval is a TIMESTAMP in DuckDB and PostgreSQL, but a date to ibis,
    which drops a cast to date as having nothing to do; cast through TIMESTAMP so the
    SQL itself makes it a date again."""
    if d.unit in ("days", "months"):
        moved = t[column] + ibis.interval(**{d.unit: d.n})
        return t.mutate(**{name: moved.cast("timestamp").date()})
    if d.n not in WORKING_DAY_OFFSETS:
        raise ValueError(f"{d}: working-day timescales of {WORKING_DAY_OFFSETS} days are supported")
    cal = _calendar()
    cal = cal.select(_DAY=cal.DAY, **{name: cal[f"WD_{d.n}"]})
    return t.left_join(cal, t[column] == cal._DAY).drop("_DAY")


def latest(events, date_column: str, on: dt.date, name: str = "LAST_DONE"):
    """The latest event on or before `on`, per child."""
    e = events.filter(events[date_column] <= on)
    return e.group_by("LA", "CHILD").aggregate(**{name: e[date_column].max()})


def _since(t, events, date_column: str, floor: str, on: dt.date):
    """`t` with LAST_DONE: the latest event between t[floor] and `on`."""
    e = events.select("LA", "CHILD", _DONE=events[date_column])
    j = attach(t.select("LA", "CHILD", floor), e, "inner")
    j = j.filter((j._DONE >= j[floor]) & (j._DONE <= on))
    last = j.group_by("LA", "CHILD").aggregate(LAST_DONE=j._DONE.max(), DONE_COUNT=j.count())
    return attach(t, last)


def _due(t, first_due: str, interval_due: str):
    """DUE: the first due date when nothing is done yet, else the interval's."""
    return t.mutate(DUE=ibis.ifelse(t.LAST_DONE.isnull(), t[first_due], t[interval_due]))


def _in_care(data: Data, on: dt.date):
    c = cohorts.in_care_on(data, on)
    return c.select("LA", "CHILD", "DOB", "AGE", "LS", "PLACE", "PLACE_PROVIDER", "DECOM", "PERIOD_START")


def _finish(t, obligation: str, *fields: str):
    keep = [c for c in fields if c in t.columns]
    return t.select("LA", "CHILD", *keep, "LAST_DONE", "DUE", OBLIGATION=ibis.literal(obligation))


# --- children in care ---------------------------------------------------------------


def visits(data: Data, on: dt.date, ts: dict):
    c = _in_care(data, on)
    e = cohorts.new_carers(data.episodes)
    e = e.filter(e.DECOM <= on)
    starts = attach(e.select("LA", "CHILD", "DECOM", "PERIOD_START"), c.select("LA", "CHILD", _period=c.PERIOD_START), "inner")
    starts = starts.filter(starts.PERIOD_START == starts._period)
    starts = starts.group_by("LA", "CHILD").aggregate(PLACEMENT_START=_.DECOM.max())
    c = attach(c, starts)
    # No new carer in the history known: in the same placement since the period began.
    c = c.mutate(PLACEMENT_START=c.PLACEMENT_START.fill_null(c.PERIOD_START))
    c = _since(c, data.table("Visits"), "VISIT_DATE", "PLACEMENT_START", on)
    c = plus(c, "PLACEMENT_START", duration(ts, "visits", "first"), "_first")
    c = plus(c, "LAST_DONE", duration(ts, "visits", "interval"), "_every")
    c = plus(c, "LAST_DONE", duration(ts, "visits", "long_term_interval"), "_long_term")
    c = plus(c, "LAST_DONE", duration(ts, "visits", "placed_with_parents_interval"), "_parents")
    c = plus(c, "PLACEMENT_START", Duration(12, "months"), "_first_year_ends")
    interval_due = ibis.cases(
        (c.PLACE == "P1", c._parents),
        (c.PLACE.isin(LONG_TERM_FOSTER) & (c.LAST_DONE >= c._first_year_ends), c._long_term),
        else_=c._every,
    )
    c = _due(c.mutate(_interval=interval_due), "_first", "_interval")
    return _finish(c, "visits", "PLACE", "PLACEMENT_START")


def care_plans(data: Data, on: dt.date, ts: dict):
    c = _since(_in_care(data, on), data.table("CarePlans"), "SIGNED_OFF", "PERIOD_START", on)
    c = plus(c, "PERIOD_START", duration(ts, "care_plans", "first"), "_first")
    c = plus(c, "LAST_DONE", duration(ts, "care_plans", "interval"), "_next")
    return _finish(_due(c, "_first", "_next"), "care_plans", "PERIOD_START")


def reviews(data: Data, on: dt.date, ts: dict):
    c = _since(_in_care(data, on), data.table("LookedAfterReviews"), "REVIEW_DATE", "PERIOD_START", on)
    c = plus(c, "PERIOD_START", duration(ts, "reviews", "first"), "_first")
    c = plus(c, "LAST_DONE", duration(ts, "reviews", "second"), "_second")
    c = plus(c, "LAST_DONE", duration(ts, "reviews", "interval"), "_later")
    c = c.mutate(_next=ibis.ifelse(c.DONE_COUNT == 1, c._second, c._later))
    return _finish(_due(c, "_first", "_next"), "reviews", "PERIOD_START", "DONE_COUNT")


def _health_assessments(data: Data, kind: str | None = None):
    h = data.table("HealthAssessments")
    return h.filter(h.ASSESSMENT_TYPE == kind) if kind else h


def initial_health_assessments(data: Data, on: dt.date, ts: dict):
    """Due 20 working days after the period of care began; done by any health
    assessment since (a child already in review assessments needs no initial one)."""
    c = _since(_in_care(data, on), _health_assessments(data), "ASSESSMENT_DATE", "PERIOD_START", on)
    c = plus(c, "PERIOD_START", duration(ts, "initial_health_assessments", "first"), "DUE")
    return _finish(c, "initial_health_assessments", "PERIOD_START")


def review_health_assessments(data: Data, on: dt.date, ts: dict):
    c = _in_care(data, on)
    c = attach(c, latest(_health_assessments(data), "ASSESSMENT_DATE", on))
    c = plus(c, "PERIOD_START", duration(ts, "initial_health_assessments", "first"), "_first")
    c = plus(c, "LAST_DONE", duration(ts, "review_health_assessments", "under_5_interval"), "_under_5")
    c = plus(c, "LAST_DONE", duration(ts, "review_health_assessments", "interval"), "_yearly")
    c = c.mutate(_next=ibis.ifelse(c.AGE < 5, c._under_5, c._yearly))
    return _finish(_due(c, "_first", "_next"), "review_health_assessments", "AGE", "PERIOD_START")


def _yearly(data: Data, on: dt.date, ts: dict, name: str, events, date_column: str, c=None):
    c = _in_care(data, on) if c is None else c
    c = attach(c, latest(events, date_column, on))
    first = ts[name].get("first", ts[name]["interval"])
    c = plus(c, "PERIOD_START", Duration.parse(first), "_first")
    c = plus(c, "LAST_DONE", duration(ts, name, "interval"), "_next")
    return _finish(_due(c, "_first", "_next"), name, "AGE", "PERIOD_START")


def dental_checks(data: Data, on: dt.date, ts: dict):
    return _yearly(data, on, ts, "dental_checks", data.table("DentalChecks"), "CHECK_DATE")


def sdq(data: Data, on: dt.date, ts: dict):
    c = _in_care(data, on)
    c = c.filter((c.AGE >= 4) & (c.AGE <= 16))
    c = plus(c, "PERIOD_START", Duration(12, "months"), "_twelve_months")
    c = c.filter(c._twelve_months <= on).drop("_twelve_months")
    return _yearly(data, on, ts, "sdq", data.table("SDQ"), "SDQ_DATE", c)


def peps(data: Data, on: dt.date, ts: dict):
    c = _in_care(data, on)
    c = c.filter((c.AGE >= 3) & (c.AGE <= 17))
    c = _since(c, data.table("PEPs"), "PEP_DATE", "PERIOD_START", on)
    c = plus(c, "PERIOD_START", duration(ts, "peps", "first"), "_first")
    c = plus(c, "LAST_DONE", duration(ts, "peps", "interval"), "_next")
    return _finish(_due(c, "_first", "_next"), "peps", "AGE", "PERIOD_START")


def _sixteen(data: Data, on: dt.date):
    """Children in care aged 16 or 17, with their 16th birthday."""
    c = _in_care(data, on)
    c = c.filter((c.AGE >= 16) & (c.AGE <= 17))
    c = plus(c, "DOB", Duration(192, "months"), "SIXTEENTH_BIRTHDAY")
    return c.mutate(_from=ibis.greatest(c.SIXTEENTH_BIRTHDAY, c.PERIOD_START))


def needs_assessments(data: Data, on: dt.date, ts: dict):
    c = _sixteen(data, on)
    c = attach(c, latest(data.table("NeedsAssessments"), "ASSESSMENT_DATE", on))
    c = plus(c, "_from", duration(ts, "needs_assessments", "first"), "DUE")
    return _finish(c, "needs_assessments", "SIXTEENTH_BIRTHDAY")


def adviser_allocation(data: Data, on: dt.date, ts: dict):
    c = _sixteen(data, on)
    a = data.table("Allocations")
    c = attach(c, latest(a.filter(a.ROLE == "PA"), "START_DATE", on))
    c = plus(c, "_from", duration(ts, "adviser_allocation", "first"), "DUE")
    return _finish(c, "adviser_allocation", "SIXTEENTH_BIRTHDAY")


def age_assessments(data: Data, on: dt.date, ts: dict):
    a = data.table("AgeAssessments")
    a = a.filter(a.START_DATE <= on).mutate(LAST_DONE=ibis.ifelse(a.END_DATE <= on, a.END_DATE, ibis.null("date")))
    a = plus(a, "START_DATE", duration(ts, "age_assessments", "first"), "DUE")
    return _finish(a, "age_assessments", "START_DATE", "OUTCOME")


# --- care leavers ----------------------------------------------------------------------


def care_leavers_on(data: Data, on: dt.date, ages=(16, 21)):
    """Care leavers on a date: their latest status on or before it names a care leaver
    category, they are alive and aged within `ages`."""
    return data.shared(("care_leavers_on", on, ages), lambda: _care_leavers_on(data, on, ages))


def _care_leavers_on(data: Data, on: dt.date, ages):
    s = data.table("CareLeaverStatus")
    s = s.filter(s.STATUS_DATE <= on)
    first = s.group_by("LA", "CHILD").aggregate(FIRST_STATUS=s.STATUS_DATE.min())
    pick = ibis.window(group_by=[s.LA, s.CHILD], order_by=ibis.desc(s.STATUS_DATE))
    s = s.mutate(_rank=ibis.row_number().over(pick)).filter(_._rank == 0).drop("_rank")
    s = s.filter(s.ELIGIBILITY.isin(CARE_LEAVER_CATEGORIES) & (s.IN_TOUCH.isnull() | (s.IN_TOUCH != "DIED")))
    h = data.header.select("LA", "CHILD", _HEADER_DOB=data.header.DOB)
    s = attach(attach(s, h), first)
    # Care leavers over 21 are in no 903 return: their status record carries the DOB.
    s = s.mutate(DOB=s.DOB.fill_null(s._HEADER_DOB)).drop("_HEADER_DOB")
    s = s.mutate(AGE=age_at(s.DOB, on))
    return s.filter((s.AGE >= ages[0]) & (s.AGE <= ages[1]))


def pathway_plans(data: Data, on: dt.date, ts: dict):
    c = attach(care_leavers_on(data, on), latest(data.table("PathwayPlans"), "PLAN_DATE", on))
    c = plus(c, "FIRST_STATUS", duration(ts, "needs_assessments", "first"), "_first")
    c = plus(c, "LAST_DONE", duration(ts, "pathway_plans", "interval"), "_next")
    return _finish(_due(c, "_first", "_next"), "pathway_plans", "AGE", "ELIGIBILITY")


def _current_adviser(data: Data, on: dt.date):
    a = data.table("Allocations")
    a = a.filter((a.ROLE == "PA") & (a.START_DATE <= on) & (a.END_DATE.isnull() | (a.END_DATE > on)))
    return a.group_by("LA", "CHILD").aggregate(ADVISER=a.WORKER_ID.min())


def adviser_contacts(data: Data, on: dt.date, ts: dict):
    c = care_leavers_on(data, on)
    c = attach(c, _current_adviser(data, on), "inner")
    c = attach(c, latest(data.table("AdviserContacts"), "CONTACT_DATE", on))
    c = attach(c, latest(data.table("AccommodationMoves"), "MOVE_DATE", on, "LAST_MOVE"))
    c = plus(c, "LAST_MOVE", duration(ts, "adviser_contacts", "after_move"), "_after_move")
    c = plus(c, "LAST_DONE", duration(ts, "adviser_contacts", "interval"), "_next")
    c = plus(c, "FIRST_STATUS", duration(ts, "adviser_contacts", "interval"), "_first")
    moved_since = c.LAST_MOVE.notnull() & (c.LAST_DONE.isnull() | (c.LAST_DONE < c.LAST_MOVE))
    c = c.mutate(DUE=ibis.cases((moved_since, c._after_move), (c.LAST_DONE.isnull(), c._first), else_=c._next))
    return _finish(c, "adviser_contacts", "AGE", "ADVISER", "LAST_MOVE")


def housing_applications(data: Data, on: dt.date, ts: dict):
    c = care_leavers_on(data, on, ages=(16, 18)).select("LA", "CHILD", "DOB", "AGE")
    c = c.union(_sixteen(data, on).select("LA", "CHILD", "DOB", "AGE")).distinct()
    c = attach(c, latest(data.table("HousingApplications"), "APPLICATION_DATE", on))
    c = plus(c, "DOB", duration(ts, "housing_applications", "first"), "DUE")
    return _finish(c, "housing_applications", "AGE")


def keep_in_touch(data: Data, on: dt.date, ts: dict):
    c = care_leavers_on(data, on, ages=(22, 25))
    adviser = _current_adviser(data, on).select("LA", "CHILD", _has=ibis.literal(True))
    c = attach(c, adviser)
    c = c.filter(c._has.isnull()).drop("_has")
    c = attach(c, latest(data.table("AdviserContacts"), "CONTACT_DATE", on))
    c = plus(c, "FIRST_STATUS", duration(ts, "keep_in_touch", "interval"), "_first")
    c = plus(c, "LAST_DONE", duration(ts, "keep_in_touch", "interval"), "_next")
    return _finish(_due(c, "_first", "_next"), "keep_in_touch", "AGE")


OBLIGATIONS = {
    "visits": visits,
    "care_plans": care_plans,
    "reviews": reviews,
    "initial_health_assessments": initial_health_assessments,
    "review_health_assessments": review_health_assessments,
    "dental_checks": dental_checks,
    "sdq": sdq,
    "peps": peps,
    "needs_assessments": needs_assessments,
    "adviser_allocation": adviser_allocation,
    "pathway_plans": pathway_plans,
    "adviser_contacts": adviser_contacts,
    "housing_applications": housing_applications,
    "keep_in_touch": keep_in_touch,
    "age_assessments": age_assessments,
}
# One-off obligations: once done, nothing more is due.
ONE_OFF = ("initial_health_assessments", "needs_assessments", "adviser_allocation", "housing_applications", "age_assessments")


def with_status(t, on: dt.date, ts: dict):
    """STATUS of each row on the date: done (one-off, completed), overdue, due soon or in time."""
    soon = Duration.parse(ts["due_soon"])
    t = plus(t.mutate(_on=ibis.literal(on)), "_on", soon, "_soon")
    one_off_done = t.OBLIGATION.isin(ONE_OFF) & t.LAST_DONE.notnull()
    status = ibis.cases(
        (one_off_done, "done"),
        (t.DUE < on, "overdue"),
        (t.DUE <= t._soon, "due soon"),
        else_="in time",
    )
    return without(t.mutate(STATUS=status), "_on", "_soon")
