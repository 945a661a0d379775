"""The store's tables as an indicator sees them: as of a collection year.

Indicators are ibis expressions over these tables, so the same definition runs on
DuckDB (the store), PostgreSQL (the web app's database) and PySpark (national scale).
Nothing here reads today's date: the year is a parameter (DESIGN.md, "Time is a
parameter").

As of year Y, a child's history is every episode of the returns for Y and earlier,
each (LA, CHILD, DECOM) taken from the latest of those returns (the store's merge rule,
docs/data.md), so loading a later year never changes an earlier year's figures.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
from functools import cached_property

import ibis
import ibis.expr.operations as ops
from ibis import _

from caretrack.indicators import plans as plans_module
from caretrack.schema import TABLES
from caretrack.schema import table as schema_table

SHORT_BREAKS = ("V3", "V4")  # LS codes of agreed series of short-term breaks


def age_at(dob, on: dt.date):
    """Whole years of age on a date (an ibis expression); 29 February birthdays fall on 1 March."""
    before_birthday = (dob.month() * 100 + dob.day()) > (on.month * 100 + on.day)
    return on.year - dob.year() - ibis.ifelse(before_birthday, 1, 0)


def without(t, *names: str):
    """`t` less the named columns. ibis's `drop` of two or more columns compiles, for
    DuckDB, to `EXCLUDE (...)` listing them in the order of a Python set, which changes
    with the hash seed from one process to the next; the SQL `caretrack explain` shows,
    and the SQL kept between runs, then differed from run to run. This selects the
    columns kept, by name, in the table's order. (Dropping one column is stable.)"""
    gone = set(names)
    return t.select(*[c for c in t.columns if c not in gone])


def attach(left, right, how: str = "left", keys: tuple[str, ...] = ("LA", "CHILD")):
    """Join `right` to `left` on the authority and the child (or other `keys`), keeping one of each key."""
    joined = left.join(right, list(keys), how=how)
    return without(joined, *[f"{k}_right" for k in keys if f"{k}_right" in joined.columns])


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier (the month's last day if shorter)."""
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class Data:
    """Tables for collection `year` (by its end), for one authority or all of them."""

    def __init__(self, con, year: int, la: str | None = None, cache: bool = False, plans=None, tables=None):
        self.con, self.year, self.la, self.cache = con, year, la, cache
        # The store's tables by name, each looked up once (a lookup asks the database for
        # its schema); shared by `for_year`.
        self._tables = {} if tables is None else tables
        # Compiled SQL kept between runs (caretrack.indicators.plans), DuckDB only.
        self.plans = plans if cache and con.name == "duckdb" else None
        # Temporary tables already made on this connection: a report computes several
        # years on one connection, and each year's shared tables are made once.
        # Kept on the connection object itself: ibis backends compare equal by what they
        # connect to, but temporary tables belong to one connection.
        self._created = con.__dict__.setdefault("_caretrack_temporary_tables", set())
        self.start = dt.date(year - 1, 4, 1)
        self.end = dt.date(year, 3, 31)

    def for_year(self, year: int) -> "Data":
        """The same store as of another collection year (for trends and 3-year averages)."""
        if year == self.year:
            return self
        others = self.__dict__.setdefault("_others", {})
        if year not in others:
            others[year] = Data(self.con, year, self.la, self.cache, self.plans, self._tables)
        return others[year]

    def shared(self, key, build):
        """A cohort or input that many figures use, built once per `Data`.

        With `cache` (a whole run of the indicator set) it is also computed once and
        kept as a temporary table, so each figure's query starts from it: the figures'
        queries stay small, which is what makes compiling and running them fast. On
        DuckDB the figure reads the table by name: its SQL is compiled (or found in the
        plans) now, and the table is made only when a query that reads it runs
        (`prepare`), so compiling needs no database.
        """
        memo = self.__dict__.setdefault("_shared", {})
        if key not in memo:
            if self.plans is not None:
                name = plans_module.shared_name(key, self.year, self.la)
                expr = build()
                self.compiled(name, lambda: expr)
                memo[key] = _table(self.con, name, expr.schema())
            elif self.cache:
                expr = build()
                # ibis 12's PySpark backend caches without registering the in-memory
                # tables (the working-day calendar) an expression reads: register first.
                self.con._register_in_memory_tables(expr)
                memo[key] = expr.cache()
            else:
                memo[key] = build()
        return memo[key]

    def compiled(self, key: str, build) -> str:
        """The SQL of `build()`'s expression: from the plans kept by an earlier run, or
        compiled now (and kept), with the shared tables it reads. Touches no database:
        `prepare` makes what the SQL reads."""
        sql = self.plans.get(key)
        if sql is not None and all(self.plans.get(n) for n in plans_module.SHARED_NAME.findall(sql)):
            return sql
        sql = plans_module.fixed_names(str(self.con.compile(build())))
        self.plans.put(key, sql)
        return sql

    def prepare(self, sql: str) -> None:
        """Create what compiled SQL reads, once per connection: shared tables (from their
        own kept SQL) and the in-memory tables named in plans.MEMTABLES."""
        for name in plans_module.SHARED_NAME.findall(sql):
            if name not in self._created:
                shared_sql = self.plans.get(name)
                self.prepare(shared_sql)
                self.con.raw_sql(f'CREATE OR REPLACE TEMP TABLE "{name}" AS {shared_sql}')
                self._created.add(name)
        for fixed, table in plans_module.MEMTABLES.items():
            if fixed in sql and fixed not in self._created:
                self.con.raw_sql(f'CREATE OR REPLACE TEMP TABLE "{fixed}" AS {table.duckdb_sql()}')
                self._created.add(fixed)

    def look_up_tables(self) -> None:
        """Look up every table of the DuckDB store now, in one query, as `con.table` would
        one by one (37 queries, and pyarrow and numpy imported to read them): building
        and compiling queries afterwards asks nothing of the database (see `detach`)."""
        columns = self.con.raw_sql(
            "SELECT table_name, column_name, data_type, is_nullable FROM duckdb_columns() "
            "WHERE database_name = current_database() AND schema_name = current_schema() "
            "ORDER BY table_name, column_index").fetchall()
        store_names = {schema_table(name).store_name for name in TABLES}
        types = self.con.compiler.type_mapper
        for name, rows in itertools.groupby(columns, key=lambda row: row[0]):
            if name in store_names:
                schema = ibis.schema({c: types.from_string(t, nullable=null) for _, c, t, null in rows})
                self._tables[name] = _table(self.con, name, schema)

    def detach(self) -> None:
        """In a forked worker process (caretrack.indicators.worker): make any use of the
        connection, which belongs to the parent process, fail at once."""
        self.con.con = _Detached()

    def table(self, name: str):
        """A stored table, for this authority if one was chosen."""
        store_name = schema_table(name).store_name
        if store_name not in self._tables:
            self._tables[store_name] = self.con.table(store_name)
        t = self._tables[store_name]
        return t.filter(t.LA == self.la) if self.la else t

    def returned(self, name: str):
        """The rows of this year's return for a 903 table."""
        t = self.table(name)
        return t.filter(t.YEAR == self.year)

    @cached_property
    def episodes(self):
        """Every episode known as of this year, from the latest return that holds it."""
        e = self.table("Episodes")
        e = e.filter(e.YEAR <= self.year)
        latest = ibis.window(group_by=[e.LA, e.CHILD, e.DECOM], order_by=ibis.desc(e.YEAR))
        e = e.mutate(_rank=ibis.row_number().over(latest)).filter(_._rank == 0).drop("_rank")
        # Computed once per run and kept as a temporary table when many figures use it.
        return self.shared("episodes", lambda: with_periods(e))

    @cached_property
    def header(self):
        """Each child's Header row from the latest return up to this year."""
        h = self.table("Header")
        h = h.filter(h.YEAR <= self.year)
        latest = ibis.window(group_by=[h.LA, h.CHILD], order_by=ibis.desc(h.YEAR))
        return self.shared("header", lambda: without(h.mutate(_rank=ibis.row_number().over(latest)).filter(_._rank == 0),
                                                     "_rank", "YEAR"))


def _table(con, name: str, schema):
    """The table `name` of the connection with a known schema, as `con.table(name)` gives
    it, without asking the database."""
    return ops.DatabaseTable(name, schema=schema, source=con, namespace=ops.Namespace()).to_expr()


class _Detached:
    """Stands in for a DuckDB connection that this process must not use."""

    def __getattr__(self, name):
        raise RuntimeError("a worker process used the database connection of the process it was forked from")


def with_periods(e):
    """Episodes with PERIOD_START: the start of the period of care they belong to.

    A period of care is a run of episodes each starting the day the previous one ended
    (DfE, 903 guide: episodes chain with REC X1); a new one starts at RNE S or a gap.
    """
    by_child = ibis.window(group_by=[e.LA, e.CHILD], order_by=e.DECOM)
    e = e.mutate(_prev_dec=e.DEC.lag().over(by_child))
    e = e.mutate(_new=ibis.ifelse((e.RNE == "S") | e._prev_dec.isnull() | (e._prev_dec != e.DECOM), 1, 0))
    e = e.mutate(_period=e._new.cumsum(group_by=[e.LA, e.CHILD], order_by=e.DECOM))
    e = e.mutate(PERIOD_START=e.DECOM.min().over(ibis.window(group_by=[e.LA, e.CHILD, e._period])))
    return without(e, "_prev_dec", "_new", "_period")
