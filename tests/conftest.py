"""Shared fixtures: the example return shipped with the package, and a fresh store."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[1] / "src" / "caretrack" / "example"


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the example return (authority 999, collection year 2025)."""
    target = tmp_path / "example"
    shutil.copytree(EXAMPLE, target)
    return target


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store.duckdb"
