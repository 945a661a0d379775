"""The whole indicator set on PySpark (local mode) agrees with DuckDB on the golden
authority: one definition, several engines (DESIGN.md). Slower than the rest (a JVM
starts), so it is one test over every indicator."""

from __future__ import annotations

import os

import pytest

from caretrack.indicators import compute
from caretrack.indicators.backends import copy_tables


@pytest.fixture(scope="module")
def spark_con(duckdb_con, tmp_path_factory):
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    ibis = pytest.importorskip("ibis")
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.warehouse.dir", str(tmp_path_factory.mktemp("spark-warehouse")))
        .getOrCreate()
    )
    con = ibis.pyspark.connect(session)
    copy_tables(duckdb_con, con)
    yield con
    session.stop()


def test_pyspark_agrees_with_duckdb(duckdb_con, spark_con):
    on_duckdb = [r.as_dict() for r in compute(duckdb_con, 2025)]
    on_spark = [r.as_dict() for r in compute(spark_con, 2025)]
    assert on_spark == on_duckdb
