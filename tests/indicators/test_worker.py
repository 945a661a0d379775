"""The worker process that compiles part of a first run (caretrack.indicators.worker):
every item comes out once, with the worker's SQL in this process's plans, whether the
worker works, fails or hangs; and compiling the whole set needs no database."""

from __future__ import annotations

import os
import threading
import time

import pytest

from caretrack.indicators import all_indicators, compute, engine, worker
from caretrack.indicators.backends import duckdb_store
from caretrack.indicators.data import Data
from caretrack.indicators.plans import Plans
from caretrack.schema import TABLES

pytestmark = pytest.mark.skipif(not worker.available(), reason="the worker needs fork")


class FakePlans:
    def __init__(self):
        self.sql: dict[str, str] = {}

    def put(self, key: str, sql: str) -> None:
        self.sql[key] = sql


def run(split: worker.Split, compile_here=None) -> list:
    """The items as this process gets them, each after the worker has taken its first
    (waiting up to 20 s), so that this process does not take them all first; with
    `compile_here`, called on each item this process took itself."""
    seen = []
    with split as items:
        for item in items:
            deadline = time.monotonic() + 20
            while split.claims[1] == len(split.items) and time.monotonic() < deadline:
                time.sleep(0.01)
            if compile_here and item not in split.received:
                compile_here(item)
            seen.append(item)
    return seen


def test_every_item_comes_out_once_with_the_workers_sql():
    plans, items = FakePlans(), list(range(20))
    split = worker.Split(items, lambda i: plans.put(f"k{i}", f"SELECT {i}"), plans)
    assert sorted(run(split)) == items
    assert split.received, "the worker compiled some items"
    assert all(plans.sql[f"k{i}"] == f"SELECT {i}" for i in split.received)


def test_no_worker_is_forked_from_a_thread_other_than_the_main_one():
    """As a threaded web server would call it: the items come out in order, all
    compiled here."""
    plans, items, got = FakePlans(), list(range(20)), {}

    def in_a_thread():
        split = worker.Split(items, lambda i: plans.put(f"k{i}", f"SELECT {i}"), plans)
        with split as these:
            got["items"], got["pid"] = list(these), split.pid

    thread = threading.Thread(target=in_a_thread)
    thread.start()
    thread.join()
    assert got == {"items": items, "pid": None}


def test_a_group_stays_in_one_process():
    """Both processes go at the same pace, so they meet in the middle group: whichever
    took an item of it first keeps it whole."""
    plans, items = FakePlans(), list(range(15))

    def compile_one(i):
        time.sleep(0.05)
        plans.put(f"k{i}", "SELECT 1")

    split = worker.Split(items, compile_one, plans, group=lambda i: i // 5)
    assert sorted(run(split, compile_here=compile_one)) == items
    for group in (range(0, 5), range(5, 10), range(10, 15)):
        by_worker = [i in split.received for i in group]
        assert all(by_worker) or not any(by_worker), by_worker
    assert all(i in split.received for i in range(10, 15))


def test_a_failing_worker_leaves_its_items_to_this_process():
    plans, items, parent = FakePlans(), list(range(12)), os.getpid()

    def compile_one(i):
        if os.getpid() != parent:
            raise RuntimeError("the worker fails")
        plans.put(f"k{i}", "SELECT 1")

    split = worker.Split(items, compile_one, plans)
    assert sorted(run(split)) == items
    assert split.claims[1] < len(items), "the worker took an item"
    assert list(plans.sql) == ["k0"], "only the first item, compiled before the fork"


def test_no_worker_to_be_had(monkeypatch):
    def fork():
        raise OSError("no more processes")

    monkeypatch.setattr(os, "fork", fork)
    plans, items = FakePlans(), list(range(12))
    split = worker.Split(items, lambda i: plans.put(f"k{i}", "SELECT 1"), plans)
    with split as out:
        seen = list(out)
    assert seen == items and split.pid is None


def test_a_worker_that_does_not_answer_is_stopped(monkeypatch):
    monkeypatch.setattr(worker, "WAIT_SECONDS", 0.5)
    plans, items, parent = FakePlans(), list(range(12)), os.getpid()

    def compile_one(i):
        if os.getpid() != parent:
            time.sleep(3600)

    split = worker.Split(items, compile_one, plans)
    assert sorted(run(split)) == items
    assert split.claims[1] < len(items), "the worker took an item"
    with pytest.raises(ChildProcessError):  # stopped and reaped on leaving the block
        os.waitpid(split.pid, os.WNOHANG)


def test_tables_looked_up_at_once_are_those_ibis_gives(golden_store):
    con = duckdb_store(golden_store)
    data = Data(con, 2025)
    data.look_up_tables()
    for name, table in TABLES.items():
        assert data.table(name).op() == con.table(table.store_name).op(), name


def test_compiling_needs_no_database(golden_store, tmp_path, monkeypatch):
    """What the worker does, here: with the store's tables looked up, every figure of
    two years compiles with the connection unusable."""
    monkeypatch.setenv("CARETRACK_CACHE", str(tmp_path))
    data = Data(duckdb_store(golden_store), 2025, cache=True, plans=Plans())
    data.look_up_tables()
    data.detach()
    with pytest.raises(RuntimeError):
        data.con.raw_sql("SELECT 1")
    for year in (2025, 2024):
        for indicator in all_indicators():
            assert engine._compiled(indicator, data.for_year(year)).startswith(("SELECT", "WITH"))


def test_the_worker_compiles_what_this_process_would(golden_store, tmp_path, monkeypatch):
    monkeypatch.setenv("CARETRACK_CACHE", str(tmp_path))
    with_worker = Plans()
    first = compute(duckdb_store(golden_store), 2025, plans=with_worker)
    monkeypatch.setattr(worker, "available", lambda: False)
    alone = Plans()
    alone.sql = {}
    assert [r.as_dict() for r in compute(duckdb_store(golden_store), 2025, plans=alone)] == [r.as_dict() for r in first]
    assert with_worker.sql == alone.sql
