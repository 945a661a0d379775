"""Cohorts shared by many indicators, each defined once.

Sources: DfE, "Children looked after in England including adoptions: methodology"
(children looked after at 31 March exclude those on an agreed series of short-term
breaks, LS V3/V4; a child who starts or ceases more than once in a year is counted
once, on the first start and the last cessation), and the SSDA903 guide for the
meaning of each field.
"""

from __future__ import annotations

import datetime as dt

import ibis

from caretrack.indicators.data import SHORT_BREAKS, Data, age_at, attach, without


def with_temporary_returns(episodes):
    """Episodes with RETURN_FROM_TEMPORARY: the child goes back, after a temporary
    placement (PLACE T0-T4), to the same placement (PLACE and URN) as before it."""
    by_child = ibis.window(group_by=[episodes.LA, episodes.CHILD], order_by=episodes.DECOM)
    e = episodes.mutate(
        _prev=episodes.PLACE.lag().over(by_child),
        _before_place=episodes.PLACE.lag(2).over(by_child),
        _before_urn=episodes.URN.lag(2).over(by_child),
    )
    back = e._prev.startswith("T") & (e.PLACE == e._before_place) & (e.URN.fill_null("") == e._before_urn.fill_null(""))
    return without(e.mutate(RETURN_FROM_TEMPORARY=back.fill_null(False)), "_prev", "_before_place", "_before_urn")


def new_carers(episodes):
    """Episodes that start a placement with a new carer: RNE S, P or B, but neither a
    temporary placement (T0-T4) nor the return from one to the placement before it."""
    e = with_temporary_returns(episodes)
    keep = e.RNE.isin(("S", "P", "B")) & ~e.PLACE.startswith("T") & ~e.RETURN_FROM_TEMPORARY
    return e.filter(keep).drop("RETURN_FROM_TEMPORARY")


def open_on(data: Data, on: dt.date):
    """Episodes open on a date: started on or before it and not ceased by it.

    An episode that ceased on the date itself is not open: the child had left care.
    """
    e = data.episodes
    return e.filter((e.DECOM <= on) & (e.DEC.isnull() | (e.DEC > on)))


def in_care_on(data: Data, on: dt.date):
    """One row per child looked after on a date (short breaks excluded), with Header fields."""
    return data.shared(("in_care_on", on), lambda: _in_care_on(data, on))


def _in_care_on(data: Data, on: dt.date):
    e = open_on(data, on)
    e = e.filter(~e.LS.isin(SHORT_BREAKS))
    # Data errors aside, a child has one open episode; keep the latest-starting one.
    pick = ibis.window(group_by=[e.LA, e.CHILD], order_by=ibis.desc(e.DECOM))
    e = e.mutate(_rank=ibis.row_number().over(pick)).filter(lambda t: t._rank == 0).drop("_rank")
    h = data.header.select("LA", "CHILD", "SEX", "DOB", "ETHNIC")
    joined = attach(e, h)
    return joined.mutate(AGE=age_at(joined.DOB, on))


def uasc_on(data: Data, t, on: dt.date):
    """`t` (rows with LA, CHILD) with UASC: whether the child was an unaccompanied
    asylum-seeking child on the date (in the year's UASC table, DUC blank or later)."""
    u = data.returned("UASC").select("LA", "CHILD", "DUC", _listed=ibis.literal(True))
    j = attach(t, u)
    return j.mutate(UASC=(j._listed.notnull() & (j.DUC.isnull() | (j.DUC > on))).fill_null(False)).drop("_listed")


def in_care_31_march(data: Data):
    """Children looked after at 31 March of the collection year."""
    return in_care_on(data, data.end)


def in_year(data: Data, column):
    return (column >= data.start) & (column <= data.end)


def starts(data: Data):
    """Children who started to be looked after in the year: their first start (RNE S)."""
    return data.shared("starts", lambda: _starts(data))


def _starts(data: Data):
    e = data.episodes
    e = e.filter((e.RNE == "S") & in_year(data, e.DECOM) & ~e.LS.isin(SHORT_BREAKS))
    first = ibis.window(group_by=[e.LA, e.CHILD], order_by=e.DECOM)
    return e.mutate(_rank=ibis.row_number().over(first)).filter(lambda t: t._rank == 0).drop("_rank")


def ceased(data: Data):
    """Children who ceased to be looked after in the year: their last cessation (REC not X1)."""
    return data.shared("ceased", lambda: _ceased(data))


def _ceased(data: Data):
    e = data.episodes
    e = e.filter(in_year(data, e.DEC) & e.REC.notnull() & (e.REC != "X1") & ~e.LS.isin(SHORT_BREAKS))
    last = ibis.window(group_by=[e.LA, e.CHILD], order_by=ibis.desc(e.DEC))
    return e.mutate(_rank=ibis.row_number().over(last)).filter(lambda t: t._rank == 0).drop("_rank")


def twelve_months(data: Data, t):
    """Rows of `t` (children in care at 31 March, with PERIOD_START) looked after
    continuously for at least 12 months: their period of care began by 1 April."""
    return t.filter(t.PERIOD_START <= data.start)


def oc2_cohort(data: Data):
    """Children looked after continuously for at least 12 months at 31 March.

    DfE, "Outcomes for children looked after by local authorities" methodology: in
    care at 31 March and for the whole year before it (their period of care began on or
    before 1 April), short breaks excluded. Carries the year's OC2 row, if returned.
    """
    return data.shared("oc2_cohort", lambda: _oc2_cohort(data))


def _oc2_cohort(data: Data):
    c = twelve_months(data, in_care_31_march(data))
    oc2 = without(data.returned("OC2"), "YEAR", "DOB")
    return attach(c, oc2)


def care_leavers(data: Data, ages: tuple[int, ...]):
    """Care leavers in the year's OC3 whose birthday in the year was one of `ages`.

    The OC3 table holds young people whose 17th to 21st birthday falls in the year;
    their age at 31 March is the birthday's age.
    """
    o = data.returned("OC3").drop("YEAR")
    o = o.mutate(AGE=age_at(o.DOB, data.end))
    return o.filter(o.AGE.isin(ages))
