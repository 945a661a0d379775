"""England and statistical-neighbour figures read from explore education statistics
CSVs (a synthetic fixture: fixtures/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from caretrack.io.problems import InputError
from caretrack.report.comparators import compare, default_mapping, end_year, read_csvs

from .conftest import FIXTURES, html_of

CSV = FIXTURES / "ees_synthetic.csv"


def found(year=2025, neighbours=("N01", "Synthetic Neighbour Two", "N03")):
    return compare(read_csvs([CSV]), default_mapping(), year, "G01", "Golden test authority (hand-built)",
                   list(neighbours), {"care_leavers_eet", "placements_3_plus"})


def test_england_neighbours_and_own_figure():
    c = found()["in_care_31_march"]
    assert c.year == 2025 and c.england == 80000 and c.authority == 6
    # N03 is suppressed (c): the average of N01 (by code) and N02 (by name).
    assert c.neighbours == 600 and c.neighbours_n == 2


def test_percentages_and_quoted_values():
    c = found()["care_leavers_eet"]
    assert (c.england, c.neighbours, c.england_shown) == (56.0, 62.5, "56.0%")


def test_latest_published_year_up_to_the_report_year():
    assert found(2024)["in_care_31_march"].england == 81000
    # 202324 is the collection year 2024; the 2030 row is after the report's year.
    c = found(2025)["placements_3_plus"]
    assert (c.year, c.england) == (2024, 10.0)
    assert "starts" not in found()


def test_a_neighbour_not_in_the_files_is_refused():
    """A misspelt neighbour was left out of the average without a word (an average of
    fewer authorities, or none)."""
    with pytest.raises(ValueError, match="statistical neighbours not in the comparator files: N99, Nowhere"):
        found(neighbours=("N01", "N99", "Nowhere"))


def test_end_year():
    assert [end_year(p) for p in ("2025", "202425", "2024/25")] == [2025, 2025, None]


def test_a_file_that_is_not_from_ees_is_refused(tmp_path: Path):
    bad = tmp_path / "other.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        read_csvs([bad])
    assert "time_period" in e.value.problems[0].expected


def test_the_report_shows_them_beside_the_authority_s(built):
    html = html_of(built, "annual")
    assert "80,000" in html and "statistical neighbours" in html
    assert "N01, Synthetic Neighbour Two, N03" in html
