"""Indicators: every figure the committee reports use, with its children and its SQL.

`compute(con, year)` gives every figure for a collection year; `children(con, id, year)`
the rows behind one; `sql(id, year, dialect)` the SQL it runs. `con` is an ibis
backend over the store's tables (see `caretrack.indicators.backends`).
"""

from caretrack.indicators.engine import children, compute, sql
from caretrack.indicators.registry import all_indicators, get

__all__ = ["compute", "children", "sql", "all_indicators", "get"]
