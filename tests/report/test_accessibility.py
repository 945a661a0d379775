"""The HTML reports (the annual and committee reports, and the validation report an
analyst works through) pass axe-core's automated accessibility checks (WCAG 2.x A and
AA, and axe's best practices), in Debian's chromium driven by Playwright."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("CI needs Debian's chromium for the accessibility check: apt-get install -y chromium")
        pytest.skip("no /usr/bin/chromium: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield b
        b.close()


def _assert_no_violations(browser, path: Path) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page()
    page.goto(path.as_uri())
    results = Axe().run(page)
    page.close()
    violations = results.response["violations"]
    assert results.response["passes"], "axe ran no checks"
    assert not violations, results.generate_report()


@pytest.mark.parametrize("name", ["annual", "committee"])
def test_no_accessibility_violations(built, browser, name):
    _assert_no_violations(browser, next(p for p in built.written if p.name == f"{name}-report-2025.html"))


def test_validation_report_has_no_accessibility_violations(example, browser, tmp_path):
    from typer.testing import CliRunner

    from caretrack.cli import app

    out = tmp_path / "validation.html"
    # An extra column, so that the table of warnings is on the page too.
    header = example / "2025" / "header.csv"
    lines = header.read_text().splitlines()
    header.write_text("\n".join([lines[0] + ",NOTE"] + [line + "," for line in lines[1:]]) + "\n")
    result = CliRunner().invoke(app, ["validate", str(example / "2025"), "--format", "html", "--out", str(out)])
    html = out.read_text()
    assert result.exit_code == 1 and "Child " in html  # the example return has findings
    assert "Warnings from reading the files" in html
    _assert_no_violations(browser, out)


def test_index_of_many_authorities_has_no_accessibility_violations(example, browser, tmp_path):
    from typer.testing import CliRunner

    from caretrack.cli import app

    (tmp_path / "all").mkdir()
    example.rename(tmp_path / "all" / "999")
    out = tmp_path / "reports"
    CliRunner().invoke(app, ["validate", str(tmp_path / "all"), "--authorities", "--year", "2025", "--format", "html",
                             "--out", str(out)])
    assert "999-2025.html" in (out / "index.html").read_text()
    _assert_no_violations(browser, out / "index.html")
