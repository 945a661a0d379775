"""Building the reports: figures from the store, charts, the templates, HTML and PDF.

Two documents per year, each from a Jinja template the authority can edit (see
docs/reports.md): the annual children in care and care leavers report (annual.html)
and the committee performance sections (committee.html). The committee report holds
no child-level data: only figures for the whole authority. The optional analyst
appendix adds each figure's definition and source (from the indicator registry) and
data-quality notes.
"""

from __future__ import annotations

import base64
import mimetypes
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined, select_autoescape

from caretrack.indicators import all_indicators
from caretrack.io import output
from caretrack.report import charts
from caretrack.report.figures import Gathered, gather, period, unit_costs
from caretrack.schema import year_label
from caretrack.schema.codes import CODE_LISTS

REPORTS = ("annual", "committee")
SDQ_BANDS = ["0-13 normal", "14-16 borderline", "17-19 high", "20-40 very high"]
OUTCOMES = {"care_leavers_in_touch": "in touch", "care_leavers_eet": "in education, employment or training",
            "care_leavers_suitable_accommodation": "in suitable accommodation"}
TREND_CHART = {"in_care_31_march": "Children in care at 31 March", "starts": "Started to be looked after",
               "ceased": "Ceased to be looked after", "care_leavers_eet": "Care leavers in EET (17 to 21)"}
SMALL = 10  # a percentage of fewer children than this is noted as unstable


@dataclass
class Options:
    year: int
    la: str | None = None
    formats: tuple[str, ...] = ("html",)
    template: Path | None = None
    comparators: list[Path] = field(default_factory=list)
    neighbours: list[str] = field(default_factory=list)
    comparator_map: Path | None = None
    appendix: bool = False
    produced: str = ""  # the date the report was made, written by the CLI


@dataclass
class Built:
    written: list[Path]
    gathered: Gathered


def _template_folder(template: Path | None) -> Path:
    """Where the user's template files are (logos and PDF resources are found from there)."""
    if template is None:
        return Path.cwd()
    return template if template.is_dir() else template.parent


def environment(template: Path | None) -> Environment:
    """Templates: the user's (a file standing for annual.html, or a folder of any of
    annual.html, committee.html and the partials) before the package's defaults."""
    loaders = []
    if template is not None:
        loaders.append(FileSystemLoader(str(_template_folder(template))))
    loaders.append(PackageLoader("caretrack.report", "templates"))
    env = Environment(loader=ChoiceLoader(loaders), autoescape=select_autoescape(["html"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["data_uri"] = lambda path: _data_uri(path, _template_folder(template))
    env.globals["year_label"] = year_label
    return env


def _data_uri(path: str, base: Path) -> str:
    """A file (the logo) as a data URI, so the HTML is one self-contained file."""
    if not path:
        return ""
    p = Path(path)
    p = p if p.is_absolute() else base / p
    kind = mimetypes.guess_type(p.name)[0] or "application/octet-stream"
    return f"data:{kind};base64," + base64.b64encode(p.read_bytes()).decode("ascii")


def build_charts(g: Gathered) -> dict[str, charts.Chart]:
    fig, year = g.figures, g.year
    out = {"age_and_sex": charts.age_and_sex(fig["age_and_sex"].breakdown, year)}
    place = fig["placement_type"]
    out["placements"] = charts.compare_bars(
        f"Children in care by placement type, 31 March {year - 1} and {year}", place.breakdown,
        place.previous.breakdown if place.previous else {}, (f"31 March {year - 1}", f"31 March {year}"))
    series = {TREND_CHART[i]: fig[i].trend for i in TREND_CHART}
    out["trends"] = charts.trends(series, {TREND_CHART["care_leavers_eet"]})
    out["sdq"] = charts.bands(f"SDQ total difficulties scores by band, {year_label(year)}", fig["sdq_bands"].breakdown,
                              SDQ_BANDS + sorted(set(fig["sdq_bands"].breakdown) - set(SDQ_BANDS)))
    now = {label: fig[i].result.value for i, label in OUTCOMES.items()}
    before = {label: (fig[i].previous.result.value if fig[i].previous else None) for i, label in OUTCOMES.items()}
    out["care_leavers"] = charts.compare_bars(
        f"Care leavers aged 17 to 21: outcomes, {year_label(year - 1)} and {year_label(year)}", now, before,
        (year_label(year - 1), year_label(year)), unit="% of care leavers", percent=True)
    return out


def quality_notes(g: Gathered) -> list[str]:
    """Data-quality notes for the analyst appendix, from the figures themselves."""
    fig, notes = g.figures, []
    if g.year - 1 not in g.years:
        notes.append(f"The store holds no {year_label(g.year - 1)} return: no figure is compared with last year.")
    not_costed = fig["placement_cost_category"].breakdown.get("not costed", 0)
    if not_costed:
        notes.append(f"{not_costed} placement(s) open on 31 March have no cost category (PlacementCosts): "
                     "the average weekly cost leaves them out.")
    unknown = fig["disabled"].breakdown.get("not recorded", 0)
    if unknown:
        notes.append(f"Disability is not recorded for {unknown} of {fig['disabled'].result.value:,.0f} children in care.")
    refused = fig["ethnicity"].breakdown.get("Refused or not obtained", 0)
    if refused:
        notes.append(f"Ethnicity refused or not obtained for {refused} children.")
    for f in fig.values():
        i, r = f.indicator, f.result
        if i.unit == "percent" and r.denominator is not None and 0 < r.denominator < SMALL:
            notes.append(f"{i.title} ({i.id}): {r.numerator:.0f} of {r.denominator:.0f}; a percentage of so few "
                         "children moves a long way with one child.")
        if i.unit in ("percent", "average") and r.value is None:
            notes.append(f"{i.title} ({i.id}): no figure; no child is in its denominator.")
        c = f.comparators
        if c is not None and c.authority is not None and c.year == g.year and r.value is not None \
                and abs(c.authority - r.value) > (0.5 if i.unit != "count" else 0):
            notes.append(f"{i.title} ({i.id}): published {c.authority:g} for {c.label}, caretrack {r.value:g}; "
                         "check the return the DfE holds against the store.")
    return notes


def context(g: Gathered, con, options: Options, authority_name: str | None) -> dict:
    costs = unit_costs(con, g.year, g.la)
    cost_rows = []
    labels = {code: c.meaning for code, c in CODE_LISTS["COST_CATEGORY"].items()}
    for code, n in g.figures["placement_cost_category"].parts():
        cost_rows.append({"code": code, "label": labels.get(code, code), "children": n, "weekly": costs.get(code)})
    return {
        "fig": g.figures,
        "year": g.year,
        "years": g.years,
        "period": period(g.year),
        "authority": {"code": g.la, "name": authority_name or f"Authority {g.la}"},
        "charts": build_charts(g),
        "costs": cost_rows,
        "comparing": any(f.comparators is not None for f in g.figures.values()),
        "neighbours": options.neighbours,
        "appendix": options.appendix,
        "definitions": [i for i in all_indicators() if i.id in g.figures],
        "notes": quality_notes(g) if options.appendix else [],
        "produced": options.produced,
    }


def build(store: Path, options: Options, out: Path) -> Built:
    """Compute, draw and write the reports; returns the files written and the figures."""
    from caretrack.indicators.backends import duckdb_store
    from caretrack.indicators.plans import Plans
    from caretrack.report import comparators
    from caretrack.store import Store

    with Store(store, read_only=True) as st:
        la = st.return_of(options.year, options.la)
        held = st.years()
        names = st.authorities()
    years = sorted({y for a, y in held if a == la})
    con = duckdb_store(store)
    g = gather(con, options.year, la, years, plans=Plans())
    if options.comparators:
        comparators.attach(g.figures, options.comparators, options.year, la, names.get(la), options.neighbours,
                           options.comparator_map)
    ctx = context(g, con, options, names.get(la))
    env = environment(options.template)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in REPORTS:
        source = options.template.name if (name == "annual" and options.template and options.template.is_file()) \
            else f"{name}.html"
        html = env.get_template(source).render(**ctx, report=name)
        stem = f"{name}-report-{options.year}"
        if "html" in options.formats:
            path = out / f"{stem}.html"
            output.write_text(path, html)
            written.append(path)
        if "pdf" in options.formats:
            path = out / f"{stem}.pdf"
            write_pdf(html, path, options.template)
            written.append(path)
    return Built(written, g)


def write_pdf(html: str, path: Path, template: Path | None = None) -> None:
    """A4 PDF with page numbers (the templates' @page rules) through WeasyPrint."""
    import logging

    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    document = HTML(string=html, base_url=str(_template_folder(template))).render()
    with output.replacing(path, text=False) as f:
        document.write_pdf(f)
