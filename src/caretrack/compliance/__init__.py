"""Statutory timescales: every child's obligations on a date, and who holds the case.

`due(con, year, on)` lists, for every child in care and care leaver, each obligation
that applies with its last completion, next due date and status, and the team and
worker allocated (the social worker, or for care leavers the personal adviser).
"""

from __future__ import annotations

import datetime as dt

import ibis

from caretrack.compliance import obligations as ob
from caretrack.compliance.timescales import load
from caretrack.indicators.data import Data, attach

def _allocated(data: Data, on: dt.date):
    """The worker and team holding each case on the date: social worker first, else adviser."""
    a = data.table("Allocations")
    a = a.filter(a.ROLE.isin(("SW", "PA")) & (a.START_DATE <= on) & (a.END_DATE.isnull() | (a.END_DATE > on)))
    a = a.mutate(_order=ibis.ifelse(a.ROLE == "SW", 0, 1))
    pick = ibis.window(group_by=[a.LA, a.CHILD], order_by=[a._order, a.START_DATE.desc()])
    a = a.mutate(_rank=ibis.row_number().over(pick)).filter(lambda t: t._rank == 0)
    return a.select("LA", "CHILD", TEAM=a.TEAM_ID, WORKER=a.WORKER_ID)


def due(con, year: int, on: dt.date, settings=None, la: str | None = None, which=None):
    """Every applicable obligation on `on`, as an ibis table (see the module docstring).

    `year` is the collection year whose returns (and earlier) give the care histories.
    """
    ts = load(settings)
    data = Data(con, year, la)
    tables = []
    for name, build in ob.OBLIGATIONS.items():
        if which and name not in which:
            continue
        t = ob.with_status(build(data, on, ts), on, ts)
        tables.append(t.select(LA=t.LA.cast("string"), CHILD=t.CHILD.cast("string"), OBLIGATION=t.OBLIGATION.cast("string"), LAST_DONE=t.LAST_DONE.cast("date"),
                               DUE=t.DUE.cast("date"), STATUS=t.STATUS.cast("string")))
    out = tables[0]
    for t in tables[1:]:
        out = out.union(t)
    return attach(out, _allocated(data, on))


__all__ = ["due"]
