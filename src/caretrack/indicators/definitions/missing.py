"""Children missing from placement.

Source: DfE, "Children looked after in England including adoptions", missing tables
(G1): children who had a missing incident during the year and the number of incidents;
episodes of being away without authorisation (MISSING A) are counted separately by the
DfE and are not included here.
"""

from __future__ import annotations

from caretrack.indicators.cohorts import in_year
from caretrack.indicators.registry import indicator

DFE = "DfE, Children looked after in England including adoptions, missing tables"


def _missing(data):
    m = data.returned("Missing")
    return m.filter((m.MISSING == "M") & in_year(data, m.MIS_START))


@indicator("missing_episodes", "Missing incidents in the year", "count", "missing episodes (MISSING M) starting in the year",
           "incidents", None, DFE, higher_is_better=False)
def missing_episodes(data):
    return _missing(data).select("LA", "CHILD", "MIS_START", "MIS_END")


@indicator("missing_children", "Children who went missing in the year", "count",
           "children with a missing episode (MISSING M) starting in the year", "children", None, DFE, higher_is_better=False)
def missing_children(data):
    m = _missing(data)
    return m.group_by("LA", "CHILD").aggregate(INCIDENTS=m.count(), FIRST_MISSING=m.MIS_START.min())
