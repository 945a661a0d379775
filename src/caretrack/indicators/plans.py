"""Compiled SQL kept between runs of the indicator set on a DuckDB store.

Turning the ibis definitions into SQL is most of a run's time on an authority's store
(about two thirds of it); the SQL itself runs in a fraction of a second. So a run on
DuckDB keeps each query it compiled (every figure's, and every shared cohort's, which
it materialises as a temporary table with a name fixed by what it holds) and the next
run on the same year and authority runs that SQL straight away. (The first run
compiles in two processes: caretrack.indicators.worker.)

Entries sit under a fingerprint of everything that shapes the SQL: caretrack's own
source and settings files, the timescales settings in use, and the versions of ibis
and DuckDB. Change any of them and the old entries are not found, so a stale query is
never run. The file is JSON in $CARETRACK_CACHE (else ~/.cache/caretrack); a cache that
cannot be read or written is ignored, and the run compiles as if it were not there.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Callable, NamedTuple

import caretrack
from caretrack.io import output

# The names of shared cohorts' temporary tables, and of the in-memory tables (the
# working-day calendar) that compiled SQL may read.
SHARED_PREFIX = "caretrack_shared_"
SHARED_NAME = re.compile(SHARED_PREFIX + r"[0-9a-f]{16}")


class MemTable(NamedTuple):
    """An in-memory table that compiled SQL may read: `expr()` is its ibis memtable (for
    every backend), `duckdb_sql()` the query that makes the same rows inside DuckDB."""

    expr: Callable
    duckdb_sql: Callable[[], str]


# In-memory tables by their fixed name (filled in by the modules that define them, such
# as the working-day calendar of caretrack.compliance).
MEMTABLES: dict[str, MemTable] = {}


def fixed_names(sql: str) -> str:
    """`sql` with each in-memory table's fixed name for the random one ibis gives it in
    each process. (Only when one is named: making one just to look would import numpy
    and pyarrow.)"""
    if "_memtable_" in sql:
        for fixed, table in MEMTABLES.items():
            sql = sql.replace(table.expr().op().name, fixed)
    return sql


def shared_name(*parts) -> str:
    """The temporary table name of a shared cohort: fixed by what it holds."""
    return SHARED_PREFIX + hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


@lru_cache(maxsize=4)
def fingerprint(settings: str) -> str:
    """A digest of caretrack's source and settings, the timescales in use and the versions
    of ibis and DuckDB: whatever could change a compiled query."""
    import duckdb
    import ibis

    digest = hashlib.sha256(f"{ibis.__version__}|{duckdb.__version__}|{settings}".encode())
    package = Path(caretrack.__file__).parent
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".toml"):
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:24]


class Plans:
    """Compiled SQL by key, read from and written back to the cache directory."""

    def __init__(self):
        settings = os.environ.get("CARETRACK_SETTINGS")
        try:
            settings_text = Path(settings).read_text(encoding="utf-8") if settings else ""
        except OSError:
            settings_text = settings or ""
        folder = Path(os.environ.get("CARETRACK_CACHE") or Path.home() / ".cache" / "caretrack")
        self.path = folder / f"compiled-sql-{fingerprint(settings_text)}.json"
        self.changed = False
        try:
            self.sql: dict[str, str] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.sql = {}

    def get(self, key: str) -> str | None:
        return self.sql.get(key)

    def put(self, key: str, sql: str) -> None:
        if self.sql.get(key) != sql:
            self.sql[key] = sql
            self.changed = True

    def save(self) -> None:
        """Write the file atomically (a reader never sees half of it); ignore failures."""
        if not self.changed:
            return
        try:
            with output.replacing(self.path) as f:
                json.dump(self.sql, f, sort_keys=True)  # the same file whichever process compiled first
            self.changed = False
        except OSError:
            pass
