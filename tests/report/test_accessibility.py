"""The HTML reports pass axe-core's automated accessibility checks (WCAG 2.x A and AA,
and axe's best practices), in Debian's chromium driven by Playwright."""

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


@pytest.mark.parametrize("name", ["annual", "committee"])
def test_no_accessibility_violations(built, browser, name):
    from axe_playwright_python.sync_playwright import Axe

    path = next(p for p in built.written if p.name == f"{name}-report-2025.html")
    page = browser.new_page()
    page.goto(path.as_uri())
    results = Axe().run(page)
    page.close()
    violations = results.response["violations"]
    assert results.response["passes"], "axe ran no checks"
    assert not violations, results.generate_report()
