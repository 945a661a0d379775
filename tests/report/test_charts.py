"""Charts: static SVG whose alt text carries the numbers; headings, captions, lang."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from caretrack.report import charts

from .conftest import html_of


def test_age_and_sex_chart_svg_and_alt_text():
    c = charts.age_and_sex({"male, 10 to 15": 7, "female, 10 to 15": 3, "female, under 1": 1}, 2025)
    ET.fromstring(c.svg)  # well-formed SVG
    assert "10 to 15: 7 male, 3 female" in c.alt and "under 1: 0 male, 1 female" in c.alt
    assert c.src.startswith("data:image/svg+xml;base64,")


def test_compare_bars_alt_text_names_both_years():
    c = charts.compare_bars("Placements", {"IFA": 5}, {"IFA": 4, "residential": 1}, ("2024", "2025"))
    assert "IFA: 5 (2024: 4)" in c.alt and "residential: 0 (2024: 1)" in c.alt


def test_reports_have_lang_alt_captions_and_headings_in_order(built):
    for name in ("annual", "committee"):
        html = html_of(built, name)
        assert '<html lang="en-GB">' in html
        imgs = re.findall(r"<img [^>]*>", html)
        assert all(re.search(r'alt="[^"]{20,}"', i) for i in imgs)
        assert html.count("<table>") == html.count("<caption>") > 0
        levels = [int(h) for h in re.findall(r"<h([1-6])[ >]", html)]
        assert levels[0] == 1 and levels.count(1) == 1
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels
    assert len(re.findall(r"<img ", html_of(built, "annual"))) == 5
