"""The golden authority's store (tests/indicators/golden) and reports built from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from caretrack.report import Options, build

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def store(golden_store) -> Path:
    return golden_store


@pytest.fixture(scope="session")
def built(store, tmp_path_factory):
    """HTML and PDF of both reports for 2025, with the appendix and comparators."""
    out = tmp_path_factory.mktemp("reports")
    options = Options(year=2025, formats=("html", "pdf"), appendix=True,
                      comparators=[FIXTURES / "ees_synthetic.csv"], neighbours=["N01", "Synthetic Neighbour Two", "N03"])
    return build(store, options, out)


def html_of(built, name: str) -> str:
    return next(p for p in built.written if p.name == f"{name}-report-2025.html").read_text(encoding="utf-8")
