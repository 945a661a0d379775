"""The golden authority loaded into a DuckDB store, and the same tables in PostgreSQL."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import ibis
import pytest

from caretrack.indicators.backends import copy_tables, duckdb_store

GOLDEN = Path(__file__).parent / "golden"
PG = dict(host=os.environ.get("PGHOST", "127.0.0.1"), port=int(os.environ.get("PGPORT", 5432)),
          user=os.environ.get("PGUSER", "postgres"), database=os.environ.get("PGDATABASE", "test"))


@pytest.fixture(scope="session")
def duckdb_con(golden_store):
    return duckdb_store(golden_store)


@pytest.fixture(scope="session")
def postgres_con(duckdb_con):
    """The golden tables copied into a schema of its own in the machine's PostgreSQL."""
    try:
        admin = ibis.postgres.connect(**PG)
    except Exception as e:  # pragma: no cover - CI starts PostgreSQL
        pytest.fail(f"PostgreSQL is needed for these tests and is not reachable: {e}")
    schema = f"caretrack_test_{uuid.uuid4().hex[:8]}"
    admin.raw_sql(f"CREATE SCHEMA {schema}")
    con = ibis.postgres.connect(**PG, schema=schema)
    copy_tables(duckdb_con, con)
    yield con
    admin.raw_sql(f"DROP SCHEMA {schema} CASCADE")
