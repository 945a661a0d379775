"""Every indicator on the hand-built golden authority, on DuckDB and on PostgreSQL.

Expected figures and their working: tests/indicators/golden/expected.toml.
"""

from __future__ import annotations

import tomllib

import pytest

from caretrack.indicators import all_indicators, compute

from .conftest import GOLDEN

EXPECTED = tomllib.loads((GOLDEN / "expected.toml").read_text(encoding="utf-8"))


def test_every_indicator_has_a_golden_figure():
    assert sorted(EXPECTED) == sorted(i.id for i in all_indicators())


@pytest.fixture(scope="module", params=["duckdb", "postgres"])
def results(request):
    con = request.getfixturevalue(f"{request.param}_con")
    return {r.id: r for r in compute(con, 2025)}


@pytest.mark.parametrize("id", sorted(EXPECTED))
def test_golden(results, id):
    got, want = results[id], EXPECTED[id]
    assert got.la == "G01" and got.year == 2025
    assert got.value == pytest.approx(want["value"], abs=1e-4)
    for part in ("numerator", "denominator"):
        if part in want:
            assert getattr(got, part) == pytest.approx(want[part], abs=1e-4), part
    if "breakdown" in want:
        assert got.breakdown == want["breakdown"]


def test_docs_indicators_md_is_generated_from_the_registry():
    from pathlib import Path

    from caretrack.indicators.describe import indicators_markdown

    docs = Path(__file__).resolve().parents[2] / "docs" / "indicators.md"
    assert docs.read_text(encoding="utf-8") == indicators_markdown(), \
        "run: python -m caretrack.indicators.describe > docs/indicators.md"
