"""The store: one DuckDB file holding every table of the canonical schema.

Every row carries the authority's code (LA), so many authorities can share a store;
903 rows also carry their collection year (YEAR, by its end: 2025 is 2024-25).

Loading is atomic: one transaction replaces, for each authority and year loaded, every
903 table of that return (tables absent from the new return are emptied too), and for
each operational table loaded, that authority's snapshot. It commits whole or, on any
failure, rolls back and leaves the store as it was.

One child history across years: a child looked after over several years appears in
several returns, an episode open at 31 March in both years. The view
`episodes_history` keeps one row per authority, child and episode start date (DECOM),
taken from the latest collection year that holds it, since a later return carries
the episode's end (DEC, REC) that an earlier one could not know. `header_latest`
likewise keeps each child's Header row from the latest return.
"""

from __future__ import annotations

import datetime as dt
import os
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pyarrow as pa

from caretrack.io.sources import Sources
from caretrack.schema import SSDA903_TABLES, TABLES, year_label, years_label
from caretrack.schema.model import Table

DEFAULT_STORE = "caretrack.duckdb"
STORE_ENV = "CARETRACK_STORE"
SCHEMA_VERSION = 1


def default_path() -> Path:
    return Path(os.environ.get(STORE_ENV) or DEFAULT_STORE)


def _ddl(table: Table) -> str:
    keys = ["LA VARCHAR NOT NULL"] + (["YEAR INTEGER NOT NULL"] if table.source == "903" else [])
    columns = keys + [f"{c.name} {c.kind.sql}" for c in table.columns]
    return f"CREATE TABLE IF NOT EXISTS {table.store_name} ({', '.join(columns)})"


_LATEST = """
CREATE OR REPLACE VIEW {view} AS
SELECT {columns} FROM (
  SELECT t.*, ROW_NUMBER() OVER (PARTITION BY LA, {key} ORDER BY YEAR DESC) AS latest_rank
  FROM {table} AS t
) AS ranked WHERE latest_rank = 1
"""


class Store:
    """A caretrack store on disk."""

    def __init__(self, path: Path | str, read_only: bool = False):
        self.path = Path(path)
        if read_only and not self.path.exists():
            raise FileNotFoundError(f"no store at {self.path}: run `caretrack load` first")
        self.con = duckdb.connect(str(self.path), read_only=read_only)
        if not read_only:
            self._create()

    def close(self) -> None:
        self.con.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _create(self) -> None:
        for table in TABLES.values():
            self.con.execute(_ddl(table))
        self.con.execute("CREATE TABLE IF NOT EXISTS authorities (LA VARCHAR PRIMARY KEY, NAME VARCHAR)")
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS loads (LOADED_AT TIMESTAMP, LA VARCHAR, YEAR INTEGER, TABLE_NAME VARCHAR, ROWS INTEGER)"
        )
        self.con.execute("CREATE TABLE IF NOT EXISTS meta (KEY VARCHAR PRIMARY KEY, VALUE VARCHAR)")
        self.con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
        for view, table, key in (("episodes_history", "Episodes", "CHILD, DECOM"), ("header_latest", "Header", "CHILD")):
            columns = ", ".join(["LA", "YEAR", *TABLES[table].column_names])
            self.con.execute(_LATEST.format(view=view, columns=columns, table=TABLES[table].store_name, key=key))

    def load(self, sources: Sources, loaded_at: dt.datetime) -> list[tuple[str, int, str]]:
        """Store everything read, in one transaction (see the module's docstring), and
        say what went with the returns it replaced: (LA, YEAR, table) for each table the
        store held for a return loaded again that the new return does not have (a
        return is replaced as a whole, so a corrected Header alone leaves only a Header).

        Each table gets one DELETE and one INSERT for the whole load rather than one
        per return (a national load has some 1,600 returns of 10 tables): the returns'
        rows go in as one Arrow table per canonical table, in the order the returns
        were read, with their LA and YEAR as columns. The deletes touch only tables and
        (authority, year) or authority pairs being loaded, none of them loaded twice,
        so deleting everything first and then inserting stores what replacing the
        returns one by one stored, row for row and in the same order.
        """
        con = self.con
        parts: dict[str, list[tuple[pa.Table, list]]] = {}
        loads = []  # (LA, YEAR, TABLE_NAME, ROWS), in the order the tables are stored
        for (la, year), tables in sources.returns.items():
            for name, data in tables.items():
                parts.setdefault(name, []).append((data, [la, year]))
                loads.append((la, year, name, data.num_rows))
        for la, tables in sources.operational.items():
            for name, data in tables.items():
                parts.setdefault(name, []).append((data, [la]))
                loads.append((la, None, name, data.num_rows))
        dropped: list[tuple[str, int, str]] = []
        con.begin()
        try:
            if sources.returns:
                returns = pa.table({"LA": pa.array([la for la, _ in sources.returns], pa.string()),
                                    "YEAR": pa.array([year for _, year in sources.returns], pa.int32())})
                with self._registered("replaced", returns):
                    for table in SSDA903_TABLES:
                        held = con.execute(f"SELECT DISTINCT t.LA, t.YEAR FROM {table.store_name} AS t "
                                           "JOIN replaced AS r ON t.LA = r.LA AND t.YEAR = r.YEAR").fetchall()
                        dropped += [(la, year, table.name) for la, year in sorted(held)
                                    if table.name not in sources.returns[(la, year)]]
                        con.execute(f"DELETE FROM {table.store_name} AS t USING replaced AS r "
                                    "WHERE t.LA = r.LA AND t.YEAR = r.YEAR")
            operational: dict[str, list[str]] = {}
            for la, tables in sources.operational.items():
                for name in tables:
                    operational.setdefault(name, []).append(la)
            for name, las in operational.items():
                with self._registered("replaced", pa.table({"LA": pa.array(las, pa.string())})):
                    con.execute(f"DELETE FROM {TABLES[name].store_name} WHERE LA IN (SELECT LA FROM replaced)")
            for name, tables in parts.items():
                self._insert(TABLES[name], tables)
            if loads:
                columns = list(zip(*loads))
                rows = pa.table({"LA": pa.array(columns[0], pa.string()), "YEAR": pa.array(columns[1], pa.int32()),
                                 "TABLE_NAME": pa.array(columns[2], pa.string()), "ROWS": pa.array(columns[3], pa.int32())})
                with self._registered("incoming_loads", rows):
                    con.execute("INSERT INTO loads SELECT ?, LA, YEAR, TABLE_NAME, ROWS FROM incoming_loads", [loaded_at])
            for authority in sources.authorities.values():
                con.execute(
                    "INSERT INTO authorities VALUES (?, ?) ON CONFLICT (LA) DO UPDATE SET NAME = COALESCE(excluded.NAME, NAME)",
                    [authority.la, authority.name],
                )
            con.commit()
        except BaseException:
            con.rollback()
            raise
        return dropped

    @contextmanager
    def _registered(self, name: str, data: pa.Table):
        """`data` visible to SQL as `name` for the duration."""
        self.con.register(name, data)
        try:
            yield
        finally:
            self.con.unregister(name)

    def _insert(self, table: Table, parts: list[tuple[pa.Table, list]]) -> None:
        """Insert several typed tables of one canonical table, each with its keys
        (LA, and YEAR for a 903 table), as one statement, in the order given."""
        keyed = []
        for data, keys in parts:
            extra = [pa.repeat(pa.scalar(keys[0], pa.string()), data.num_rows)]
            if len(keys) > 1:
                extra.append(pa.repeat(pa.scalar(keys[1], pa.int32()), data.num_rows))
            names = ["LA", "YEAR"][: len(keys)]
            keyed.append(pa.Table.from_arrays(extra + data.columns, names=names + data.column_names))
        with self._registered("incoming", pa.concat_tables(keyed)):
            columns = ", ".join(["LA", "YEAR"][: len(parts[0][1])] + list(table.column_names))
            self.con.execute(f"INSERT INTO {table.store_name} SELECT {columns} FROM incoming")

    def years(self) -> list[tuple[str, int]]:
        """(authority, collection year) of every 903 return in the store."""
        return [tuple(r) for r in self.con.execute("SELECT DISTINCT LA, YEAR FROM header ORDER BY LA, YEAR").fetchall()]

    def return_of(self, year: int, la: str | None) -> str:
        """The authority whose `year` return is asked for: `la`, or the only authority
        holding that year. A ValueError names what the store holds instead, so that a
        mistyped year or authority is not answered with an empty report or export."""
        held = self.years()
        las = sorted({a for a, y in held if y == year})
        if not las:
            years = sorted({y for _, y in held})
            raise ValueError(f"The store holds no return for {year_label(year)}"
                             + (f"; it holds {years_label(years)}." if years else "."))
        if la is None and len(las) > 1:
            raise ValueError(f"Give --la: one of {', '.join(las)} (the authorities with a {year_label(year)} return).")
        if la is not None and la not in las:
            raise ValueError(f"The store holds no {year_label(year)} return for {la}; "
                             f"it holds that year for {', '.join(las)}.")
        return la or las[0]

    def authorities(self) -> dict[str, str | None]:
        return dict(self.con.execute("SELECT LA, NAME FROM authorities ORDER BY LA").fetchall())

    def counts(self) -> list[tuple[str, str, int | None, int]]:
        """(table, authority, year or None, rows) for every non-empty table."""
        out = []
        for table in TABLES.values():
            year = "YEAR" if table.source == "903" else "NULL"
            out += self.con.execute(
                f"SELECT ?, LA, {year}, COUNT(*) FROM {table.store_name} GROUP BY ALL ORDER BY 2, 3", [table.name]
            ).fetchall()
        return out

    def read(self, table: Table, la: str, year: int | None = None) -> pa.Table:
        """One table's rows for an authority (and year, for 903 tables), without LA and YEAR."""
        where, params = "LA = ?", [la]
        if table.source == "903":
            where, params = where + " AND YEAR = ?", params + [year]
        key = ", ".join(table.primary_key)
        sql = f"SELECT {', '.join(table.column_names)} FROM {table.store_name} WHERE {where} ORDER BY {key}"
        return self.con.execute(sql, params).to_arrow_table()
