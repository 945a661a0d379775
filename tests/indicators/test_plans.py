"""Compiled SQL kept between runs (caretrack.indicators.plans) changes nothing: a first
run (compiling and keeping every query) and a second run (running the kept SQL) give
exactly the figures of a run without it, on the golden authority."""

from __future__ import annotations

import os

from caretrack.indicators import compute
from caretrack.indicators.backends import duckdb_store
from caretrack.indicators.plans import Plans


def test_kept_sql_gives_the_same_figures(golden_store, tmp_path, monkeypatch):
    monkeypatch.setenv("CARETRACK_CACHE", str(tmp_path))
    plain = [r.as_dict() for r in compute(duckdb_store(golden_store), 2025)]
    first = [r.as_dict() for r in compute(duckdb_store(golden_store), 2025, plans=Plans())]
    kept = list(tmp_path.glob("compiled-sql-*.json"))
    assert len(kept) == 1
    second_plans = Plans()
    assert second_plans.sql, "the first run kept its SQL"
    # A fresh connection: every shared table is created again from the kept SQL.
    second = [r.as_dict() for r in compute(duckdb_store(golden_store), 2025, plans=second_plans)]
    assert first == plain
    assert second == plain
    assert not second_plans.changed, "the second run compiled nothing new"


def test_a_change_of_settings_is_a_new_fingerprint(tmp_path, monkeypatch):
    monkeypatch.setenv("CARETRACK_CACHE", str(tmp_path))
    monkeypatch.delenv("CARETRACK_SETTINGS", raising=False)
    default = Plans().path
    settings = tmp_path / "settings.toml"
    settings.write_text("[visits]\ninterval = \"4 weeks\"\n")
    monkeypatch.setenv("CARETRACK_SETTINGS", str(settings))
    assert Plans().path != default


def test_the_sql_is_the_same_in_every_process():
    """The SQL `caretrack explain` shows, and the SQL kept between runs, is the same text
    whatever Python's hash seed: a drop of several columns (DuckDB's EXCLUDE listed them
    in set order), a code list held as a set and the working-day calendar's random
    in-memory table name each made it differ from one run to the next. The figures
    checked are ones each of those reached."""
    import subprocess
    import sys

    ids = ["uasc", "reviews_in_timescale", "initial_health_assessments_in_timescale", "care_leavers_in_touch"]
    script = ("import sys; from caretrack.indicators.engine import sql; "
              f"sys.stdout.write(''.join(sql(i, 2025) for i in {ids!r}))")
    runs = [subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                             env={**os.environ, "PYTHONHASHSEED": seed}) for seed in ("1", "2")]
    first, second = (run.communicate()[0] for run in runs)
    assert all(run.returncode == 0 for run in runs)
    assert "EXCLUDE" in first and "caretrack_working_days" in first and "_memtable_" not in first
    assert first == second


def test_explain_writes_every_dialect_in_a_fresh_process():
    """`caretrack explain ID --dialect spark` ended in a traceback: ibis's PySpark
    compiler reads options the backend registers only once it is loaded, which a
    process that only compiles never did (the Spark tests load it, so it is checked in
    a process of its own)."""
    import subprocess
    import sys

    script = ("import sys; from caretrack.indicators.engine import sql; "
              "sys.stdout.write('\\0'.join(sql('placements_3_plus', 2025, d) for d in ('postgres', 'tsql', 'spark')))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-500:]
    postgres, tsql, spark = done.stdout.split("\0")
    assert '"LA"' in postgres and "[LA]" in tsql and "`LA`" in spark
