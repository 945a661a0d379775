"""Every figure a report shows is the engine's: the same as `caretrack indicators`.

Reports tag each figure as <data value=... data-indicator=ID data-year=Y
[data-category=...]>; these tests read every tag and check it against the JSON that
`caretrack indicators --format json` prints for the same store and year.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from typer.testing import CliRunner

from caretrack.cli import app
from caretrack.indicators import all_indicators

from .conftest import html_of


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "data" and "data-indicator" in a:
            self.found.append(a)


def tags(html: str) -> list[dict]:
    parser = Tags()
    parser.feed(html)
    return parser.found


def cli_figures(store, year: int) -> dict[str, dict]:
    result = CliRunner().invoke(app, ["indicators", "--year", str(year), "--format", "json", "--store", str(store)])
    assert result.exit_code == 0, result.output
    return {r["id"]: r for r in json.loads(result.stdout)}


@pytest.mark.parametrize("name", ["annual", "committee"])
def test_every_figure_shown_is_the_one_caretrack_indicators_gives(built, store, name):
    found = tags(html_of(built, name))
    years = {int(t["data-year"]) for t in found}
    assert years <= {2024, 2025} and 2025 in years
    cli = {y: cli_figures(store, y) for y in years}
    assert len(found) >= (150 if name == "annual" else 40)
    for t in found:
        want = cli[int(t["data-year"])][t["data-indicator"]]
        category = t.get("data-category")
        if category is None:
            expected = want["value"]
        elif category in ("numerator", "denominator"):
            expected = want[category]
        else:
            expected = want.get("breakdown", {}).get(category, 0)
        assert float(t["value"]) == pytest.approx(expected, abs=1e-9), t


def test_the_annual_report_shows_every_section_s_figures(built):
    """Each indicator the annual report's sections need is on the page."""
    shown = {t["data-indicator"] for t in tags(html_of(built, "annual"))}
    every = {i.id for i in all_indicators()}
    missing = every - shown
    # Age and sex is drawn as a chart (its numbers are in the chart's alt text).
    assert missing <= {"age_and_sex"}, missing


def test_direction_follows_higher_is_better(built):
    g = built.gathered
    for f in g.figures.values():
        now, before = f.result.value, f.previous.result.value if f.previous else None
        if now is None or before is None or round(now, 1) == round(before, 1):
            continue
        if f.indicator.higher_is_better is None:
            assert f.change == ("up" if now > before else "down")
        else:
            assert f.change == ("better" if (now > before) == f.indicator.higher_is_better else "worse")


def test_trends_come_from_each_year_s_engine_figures(built, store):
    g = built.gathered
    trend = dict(g.figures["in_care_31_march"].trend)
    assert sorted(trend) == [2023, 2024, 2025]
    for year, value in trend.items():
        assert value == cli_figures(store, year)["in_care_31_march"]["value"]


def test_the_committee_report_holds_no_child_level_data(built, store):
    import duckdb

    con = duckdb.connect(str(store), read_only=True)
    children = {r[0] for r in con.execute("SELECT DISTINCT CHILD FROM header").fetchall()}
    con.close()
    assert children
    for name in ("committee", "annual"):
        text = re.sub(r'src="data:[^"]*"', "", html_of(built, name))
        leaked = [c for c in children if re.search(rf"(?<![\w-]){re.escape(c)}(?![\w-])", text)]
        assert not leaked, f"{name}: {leaked}"


def test_numerator_and_denominator_are_tagged_not_escaped(built):
    """'270 of 433' is two tagged figures, never markup shown as text."""
    for name in ("annual", "committee"):
        html = html_of(built, name)
        assert "&lt;data" not in html and "&lt;span" not in html
    assert any(t.get("data-category") == "denominator" for t in tags(html_of(built, "annual")))
