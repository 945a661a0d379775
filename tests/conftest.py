"""Shared fixtures: the example return shipped with the package, a fresh store, and the
golden authority (tests/indicators/golden) loaded into a store once per run."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[1] / "src" / "caretrack" / "example"
GOLDEN = Path(__file__).parent / "indicators" / "golden"


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the example return (authority 999, collection year 2025)."""
    target = tmp_path / "example"
    shutil.copytree(EXAMPLE, target)
    return target


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store.duckdb"


@pytest.fixture(scope="session")
def golden_store(tmp_path_factory) -> Path:
    """The golden authority in a DuckDB store, as loaded on 1 May 2025."""
    from caretrack.io.sources import read_sources
    from caretrack.store import Store

    path = tmp_path_factory.mktemp("golden") / "golden.duckdb"
    with Store(path) as store:
        store.load(read_sources([GOLDEN]), dt.datetime(2025, 5, 1))
    return path
