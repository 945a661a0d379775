"""The user's own template: named placeholders, authority name and logo."""

from __future__ import annotations

import base64

from typer.testing import CliRunner

from caretrack.cli import app
from caretrack.report import Options, build


def test_a_user_template_with_placeholders_and_a_logo(store, tmp_path):
    (tmp_path / "logo.png").write_bytes(base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="))
    mine = tmp_path / "ours.html"
    mine.write_text(
        '{% set logo = "logo.png" %}{% set service = "Our service" %}{% import "_macros.html" as m with context %}'
        '<!DOCTYPE html><html lang="en-GB"><head><title>t</title></head><body>{{ m.masthead(logo, service) }}'
        "<p>In care: {{ fig.in_care_31_march.value }}; last year {{ fig.in_care_31_march.previous }};"
        " {{ authority.name }}; {{ fig.care_leavers_eet.change }}</p></body></html>", encoding="utf-8")
    b = build(store, Options(year=2025, template=mine), tmp_path / "out")
    html = (tmp_path / "out" / "annual-report-2025.html").read_text(encoding="utf-8")
    in_care = b.gathered.figures["in_care_31_march"]
    assert f'data-indicator="in_care_31_march" data-year="2025">{in_care.result.value:,.0f}</data>' in html
    assert "Golden test authority (hand-built)" in html and "Our service" in html
    assert 'src="data:image/png;base64,iVBOR' in html
    # The committee report still comes from the package's template.
    assert "Performance data: care leavers" in (tmp_path / "out" / "committee-report-2025.html").read_text()


def test_an_unknown_placeholder_is_an_error_not_a_blank(store, tmp_path):
    mine = tmp_path / "typo.html"
    mine.write_text("{{ fig.in_care_31_march_typo }}", encoding="utf-8")
    result = CliRunner().invoke(app, ["report", "--year", "2025", "--store", str(store), "--out", str(tmp_path / "o"),
                                      "--template", str(mine)])
    assert result.exit_code != 0


def test_cli_refuses_a_year_not_in_the_store_and_an_unknown_format(store, tmp_path):
    runner = CliRunner()
    r = runner.invoke(app, ["report", "--year", "2019", "--store", str(store), "--out", str(tmp_path)])
    assert r.exit_code == 1 and "holds no return for 2018-19" in r.output
    r = runner.invoke(app, ["report", "--year", "2025", "--format", "docx", "--store", str(store)])
    assert r.exit_code == 2
    # Neighbours without the files that name them were ignored.
    r = runner.invoke(app, ["report", "--year", "2025", "--store", str(store), "--neighbours", "N01"])
    assert r.exit_code == 2 and "--comparators" in r.output
    # A template that is not there: the default one was used without a word.
    r = runner.invoke(app, ["report", "--year", "2025", "--store", str(store), "--out", str(tmp_path / "o"),
                            "--template", str(tmp_path / "annual-typo.html")])
    assert r.exit_code == 2 and "No such file or folder" in r.output and not (tmp_path / "o").exists()
    # A folder that cannot be made: the message was Python's errno and the path's repr.
    (tmp_path / "a-file").write_text("")
    r = runner.invoke(app, ["report", "--year", "2025", "--store", str(store), "--format", "html",
                            "--out", str(tmp_path / "a-file" / "reports")])
    assert r.exit_code == 1 and "[Errno" not in r.output, r.output
    assert f"Cannot use {tmp_path / 'a-file' / 'reports'}: Not a directory." in " ".join(r.output.split())


def test_cli_writes_both_formats(store, tmp_path):
    r = CliRunner().invoke(app, ["report", "--year", "2025", "--format", "both", "--store", str(store),
                                 "--out", str(tmp_path)])
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "annual-report-2025.html", "annual-report-2025.pdf", "committee-report-2025.html", "committee-report-2025.pdf"]


def test_a_store_of_one_year_reads_without_a_year_before(example, tmp_path):
    """An authority's first year in caretrack has no year before: its reports printed
    "None" in every last-year column, "(n/a last year)" and "against n/a a year before"
    throughout, and "746 children were in care on 31 March 2025, : ..."; one chart
    stopped the report altogether when a figure had no value. Comparisons are now left
    out, and a missing figure reads n/a."""
    import html
    import re

    store = tmp_path / "one.duckdb"
    assert CliRunner().invoke(app, ["load", str(example), "--store", str(store)]).exit_code == 0
    r = CliRunner().invoke(app, ["report", "--year", "2025", "--store", str(store), "--out", str(tmp_path / "o")])
    assert r.exit_code == 0, r.output
    for name in ("annual", "committee"):
        page = (tmp_path / "o" / f"{name}-report-2025.html").read_text()
        text = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", re.sub(r"<(style|svg).*?</\1>", "", page, flags=re.S))))
        assert "None" not in text and "n/a last year" not in text and "against n/a" not in text, name
        assert ", :" not in text and "( )" not in text, name
    assert re.search(r"children were in care on 31 March 2025 ?:", text := html.unescape(re.sub(
        r"<[^>]+>", "", (tmp_path / "o" / "annual-report-2025.html").read_text())))


def test_a_chart_of_percentages_with_no_figure_for_one():
    """Care leavers' outcomes with no care leaver (no figure, None) stopped the report:
    the bars were sorted by a value that was not there."""
    from caretrack.report.charts import compare_bars

    chart = compare_bars("Outcomes", {"in touch": None, "EET": 50.0}, {}, ("2023-24", "2024-25"), percent=True)
    assert "EET: 50.0% (2023-24: no figure); in touch: no figure (2023-24: no figure)" in chart.alt
