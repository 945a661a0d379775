"""Computing indicators, listing their children and showing their SQL.

One generic aggregation per unit (see `model`), so every figure is computed the same
way on every backend and its children are exactly the rows it counts.
"""

from __future__ import annotations

import ibis

from caretrack.indicators import worker
from caretrack.indicators.data import Data
from caretrack.indicators.model import Indicator, Result
from caretrack.indicators.plans import fixed_names
from caretrack.indicators.registry import all_indicators, get
from caretrack.schema import TABLES


def figure(indicator: Indicator, data: Data):
    """The ibis expression of an indicator's figure: one row per authority.

    Columns: LA, value, numerator, denominator (and category, count for breakdowns).
    """
    u = indicator.units(data)
    g = u.group_by("LA")
    if indicator.unit == "count":
        return g.aggregate(value=u.count().cast("float64"), numerator=u.count().cast("float64"),
                           denominator=ibis.null("float64"))
    if indicator.unit == "percent":
        n = ibis.ifelse(u.numerator, 1, 0).sum().cast("float64")
        d = u.count().cast("float64")
        return g.aggregate(value=n * 100.0 / d, numerator=n, denominator=d)
    if indicator.unit == "average":
        return g.aggregate(value=u.measure.cast("float64").mean(), numerator=u.measure.cast("float64").sum(),
                           denominator=u.measure.count().cast("float64"))
    if indicator.unit == "per_year":
        n = u.count().cast("float64")
        return g.aggregate(value=n / indicator.years, numerator=n, denominator=ibis.literal(indicator.years).cast("float64"))
    if indicator.unit == "rate":
        counted = g.aggregate(numerator=u.count().cast("float64"))
        p = data.table("Population")
        p = p.filter(p.YEAR == data.year).select("LA", denominator=p.POPULATION_0_17.cast("float64"))
        joined = counted.left_join(p, counted.LA == p.LA).drop("LA_right")
        return joined.mutate(value=joined.numerator * 10000.0 / joined.denominator)
    # breakdown
    return u.group_by("LA", "category").aggregate(count=u.count())


def _results(indicator: Indicator, data: Data, rows: list[dict], authorities: list[str]) -> list[Result]:
    """Results for every authority in the year's returns, those with no rows included."""
    if indicator.unit != "breakdown":
        found = {
            row["LA"]: Result(indicator.id, data.year, row["LA"], _num(row["value"]), _num(row["numerator"]),
                              _num(row["denominator"]))
            for row in rows
        }
    else:
        found = _breakdowns(indicator, data, rows)
    return [found.get(la) or _empty(indicator, data.year, la) for la in authorities]


def _empty(indicator: Indicator, year: int, la: str) -> Result:
    """No rows: nought counted, and no percentage or average (nothing to divide by)."""
    if indicator.unit in ("count", "breakdown"):
        return Result(indicator.id, year, la, 0.0, 0.0, None, {} if indicator.unit == "breakdown" else None)
    if indicator.unit == "per_year":
        return Result(indicator.id, year, la, 0.0, 0.0, float(indicator.years))
    return Result(indicator.id, year, la, None, 0.0, 0.0 if indicator.unit != "rate" else None)


def _breakdowns(indicator: Indicator, data: Data, rows: list[dict]) -> dict[str, Result]:
    out: dict[str, Result] = {}
    for row in sorted(rows, key=lambda r: (r["LA"], r["category"] is None, str(r["category"]))):
        r = out.setdefault(row["LA"], Result(indicator.id, data.year, row["LA"], 0.0, 0.0, None, {}))
        key = "unknown" if row["category"] is None else str(row["category"])
        r.breakdown[key] = r.breakdown.get(key, 0) + int(row["count"])
        r.value += int(row["count"])
        r.numerator = r.value
    return out


def _num(value) -> float | None:
    if value is None or value != value:  # None or NaN
        return None
    return round(float(value), 4)


def compute(con, year: int, ids: list[str] | None = None, la: str | None = None, plans=None) -> list[Result]:
    """Every indicator (or those named) for a collection year, per authority.

    `plans` (caretrack.indicators.plans.Plans) keeps the compiled SQL for the next run
    on a DuckDB store; results are the same with or without it.
    """
    data = Data(con, year, la, cache=True, plans=plans)
    chosen = [get(i) for i in ids] if ids else all_indicators()
    rows = {}
    if data.plans is not None:
        # Figures whose SQL is not kept yet: a worker process compiles some of them
        # while this one compiles the others and runs them all (caretrack.indicators.worker).
        cold = [i for i in chosen if data.plans.get(_key(i, data)) is None]
        compile_one = lambda i: _compiled(i, data)  # noqa: E731
        # A definition module's figures tend to share cohorts: one process compiles them.
        group = lambda i: i.units.__module__  # noqa: E731
        with worker.Split(cold, compile_one, data.plans, group, data.look_up_tables, data.detach) as items:
            for indicator in items:
                rows[indicator.id] = _figure_rows(indicator, data)
    authorities = authorities_in(data)
    results = []
    for indicator in chosen:
        found = rows[indicator.id] if indicator.id in rows else _figure_rows(indicator, data)
        results += _results(indicator, data, found, authorities)
    if data.plans is not None:
        data.plans.save()
    return results


def _key(indicator: Indicator, data: Data) -> str:
    return f"figure|{indicator.id}|{data.year}|{data.la}"


def _compiled(indicator: Indicator, data: Data) -> str:
    return data.compiled(_key(indicator, data), lambda: figure(indicator, data))


def _figure_rows(indicator: Indicator, data: Data) -> list[dict]:
    if data.plans is None:
        return _records(data.con, figure(indicator, data))
    sql = _compiled(indicator, data)
    data.prepare(sql)
    return _records(data.con, sql)


def _records(con, query) -> list[dict]:
    """Rows of an expression (or, on DuckDB, of SQL text) as plain records.

    On DuckDB the cursor is read directly: ibis's own fetching imports pandas, which
    alone is a tenth of a whole run on an authority's store.
    """
    if con.name != "duckdb":
        return query.to_pyarrow().to_pylist()
    cursor = con.raw_sql(query if isinstance(query, str) else str(con.compile(query)))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def authorities_in(data: Data) -> list[str]:
    """The authorities with a return for the year."""
    build = lambda: data.returned("Header").select("LA").distinct()  # noqa: E731
    # Its SQL is kept too, so that a second run compiles nothing.
    query = build() if data.plans is None else data.compiled(f"authorities|{data.year}|{data.la}", build)
    return sorted(r["LA"] for r in _records(data.con, query))


def children(con, id: str, year: int, la: str | None = None):
    """The rows an indicator counts, with the fields that put them there (a DataFrame)."""
    indicator = get(id)
    units = indicator.units(Data(con, year, la))
    order = [c for c in ("LA", "CHILD") if c in units.columns]
    return units.order_by(order).execute()


class _Unbound:
    """Stands in for a backend so an indicator's SQL can be shown without data."""

    def table(self, name: str):
        t = TABLES[name] if name in TABLES else next(t for t in TABLES.values() if t.store_name == name)
        keys = {"LA": "string"} | ({"YEAR": "int32"} if t.source == "903" else {})
        types = {"text": "string", "code": "string", "date": "date", "integer": "int32", "decimal": "float64"}
        return ibis.table(keys | {c.name: types[c.kind.value] for c in t.columns}, name=t.store_name)


def sql(id: str, year: int, dialect: str = "duckdb") -> str:
    """The SQL an indicator runs for a year, in a dialect (duckdb, postgres, tsql, spark)."""
    dialect = {"tsql": "mssql", "spark": "pyspark"}.get(dialect, dialect)
    if dialect == "pyspark":
        ibis.pyspark  # noqa: B018 - loading the backend registers the options its compiler reads
    return fixed_names(str(ibis.to_sql(figure(get(id), Data(_Unbound(), year)), dialect=dialect)))
