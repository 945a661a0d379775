"""ibis backends over the store: DuckDB (the store itself), PostgreSQL and PySpark.

The same indicator definitions run on each; the tests run them on DuckDB and on the
machine's PostgreSQL and compare (tests/indicators/test_engines.py).
"""

from __future__ import annotations

from pathlib import Path

import ibis

from caretrack.schema import TABLES


def duckdb_store(path: Path | str):
    """The store file, read-only."""
    return ibis.duckdb.connect(str(path), read_only=True)


def copy_tables(source, target, overwrite: bool = True) -> None:
    """Copy every canonical table from one ibis backend to another (PostgreSQL, PySpark)."""
    for table in TABLES.values():
        data = source.table(table.store_name).to_pyarrow()
        if target.name == "pyspark":
            # Straight from Arrow: going through pandas would turn integer columns
            # with blanks into floats, which Spark then reads as all NULL.
            target._session.createDataFrame(data).createOrReplaceTempView(table.store_name)
        else:
            target.create_table(table.store_name, data, overwrite=overwrite)
