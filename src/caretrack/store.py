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
from pathlib import Path

import duckdb
import pyarrow as pa

from caretrack.io.sources import Sources
from caretrack.schema import SSDA903_TABLES, TABLES
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

    def load(self, sources: Sources, loaded_at: dt.datetime) -> None:
        """Store everything read, in one transaction (see the module's docstring)."""
        con = self.con
        con.begin()
        try:
            for (la, year), tables in sources.returns.items():
                for table in SSDA903_TABLES:
                    con.execute(f"DELETE FROM {table.store_name} WHERE LA = ? AND YEAR = ?", [la, year])
                for name, data in tables.items():
                    self._insert(TABLES[name], data, [la, year])
                    con.execute("INSERT INTO loads VALUES (?, ?, ?, ?, ?)", [loaded_at, la, year, name, data.num_rows])
            for la, tables in sources.operational.items():
                for name, data in tables.items():
                    con.execute(f"DELETE FROM {TABLES[name].store_name} WHERE LA = ?", [la])
                    self._insert(TABLES[name], data, [la])
                    con.execute("INSERT INTO loads VALUES (?, ?, NULL, ?, ?)", [loaded_at, la, name, data.num_rows])
            for authority in sources.authorities.values():
                con.execute(
                    "INSERT INTO authorities VALUES (?, ?) ON CONFLICT (LA) DO UPDATE SET NAME = COALESCE(excluded.NAME, NAME)",
                    [authority.la, authority.name],
                )
            con.commit()
        except BaseException:
            con.rollback()
            raise

    def _insert(self, table: Table, data: pa.Table, keys: list) -> None:
        self.con.register("incoming", data)
        try:
            marks = ", ".join("?" for _ in keys)
            self.con.execute(
                f"INSERT INTO {table.store_name} SELECT {marks}, {', '.join(table.column_names)} FROM incoming", keys
            )
        finally:
            self.con.unregister("incoming")

    def years(self) -> list[tuple[str, int]]:
        """(authority, collection year) of every 903 return in the store."""
        return [tuple(r) for r in self.con.execute("SELECT DISTINCT LA, YEAR FROM header ORDER BY LA, YEAR").fetchall()]

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
