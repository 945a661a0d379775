"""The report's charts: static SVG drawn with matplotlib, no browser needed.

Each chart is drawn from figures the report already holds (caretrack.report.figures)
and comes with alt text that states its numbers, so a reader who cannot see it loses
nothing. Charts are embedded as data URIs in <img> elements: the HTML stays one
self-contained file and WeasyPrint draws the same SVG in the PDF.

Colours are the GOV.UK palette's blue and orange (distinguishable in the common forms
of colour blindness), with text in near-black; text stays text in the SVG.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass

import matplotlib

from caretrack.schema import year_label

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

BLUE, ORANGE, GREY, INK = "#1d70b8", "#f47738", "#505a5f", "#0b0c0c"
AGE_BANDS = ("under 1", "1 to 4", "5 to 9", "10 to 15", "16 and over")
plt.rcParams.update({
    "svg.fonttype": "none",          # text as text: smaller, sharp, selectable
    "svg.hashsalt": "caretrack",     # the same figures give the same bytes
    "font.family": "sans-serif",
    "font.sans-serif": ["Arial", "Liberation Sans", "DejaVu Sans"],
    "font.size": 9,
    "axes.edgecolor": GREY,
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
})


@dataclass
class Chart:
    title: str
    alt: str
    svg: str

    @property
    def src(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode("utf-8")).decode("ascii")


def _svg(fig) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": "caretrack"})
    plt.close(fig)
    return buffer.getvalue()


def _label_bars(ax, bars, fmt="{:,.0f}") -> None:
    for bar in bars:
        w = bar.get_width()
        ax.annotate(fmt.format(w), (w, bar.get_y() + bar.get_height() / 2), xytext=(3, 0),
                    textcoords="offset points", va="center", fontsize=8, color=INK)


def _paired_bars(ax, categories, values, labels, colours, unit: str, fmt: str = "{:,.0f}") -> None:
    """Two series of horizontal bars side by side for each category, labelled, with a legend."""
    h = 0.4
    for offset, series, label, colour in zip((-h / 2, h / 2), values, labels, colours):
        bars = ax.barh([i + offset for i in range(len(categories))], series, h, color=colour, label=label)
        _label_bars(ax, bars, fmt)
    ax.set_yticks(range(len(categories)), categories)
    ax.invert_yaxis()
    ax.set_xlabel(unit)
    ax.legend(frameon=False, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2)


def age_and_sex(breakdown: dict[str, int], year: int) -> Chart:
    """Children in care at 31 March by age band, male and female side by side."""
    rows = {sex: [breakdown.get(f"{sex}, {band}", 0) for band in AGE_BANDS] for sex in ("male", "female")}
    fig, ax = plt.subplots(figsize=(6.2, 2.8))
    _paired_bars(ax, AGE_BANDS, (rows["male"], rows["female"]), ("male", "female"), (BLUE, ORANGE), "children")
    parts = "; ".join(f"{band}: {a} male, {b} female" for band, a, b in zip(AGE_BANDS, rows["male"], rows["female"]))
    other = sum(v for k, v in breakdown.items() if not k.startswith(("male,", "female,")))
    extra = f"; {other} of another or unknown sex" if other else ""
    title = f"Children in care at 31 March {year} by age and sex"
    return Chart(title, f"Bar chart of children in care at 31 March {year} by age band and sex. {parts}{extra}.",
                 _svg(fig))


def compare_bars(title: str, now: dict[str, float], before: dict[str, float], labels: tuple[str, str],
                 unit: str = "children", percent: bool = False) -> Chart:
    """Categories this year beside last year (placement types; care leaver outcomes)."""
    keys = sorted(set(now) | set(before), key=lambda k: -(now.get(k) or 0))  # None: no figure
    fig, ax = plt.subplots(figsize=(6.2, 0.45 * len(keys) + 0.9))
    fmt = "{:.1f}%" if percent else "{:,.0f}"
    values = ([before.get(k, 0) or 0 for k in keys], [now.get(k, 0) or 0 for k in keys])
    _paired_bars(ax, keys, values, labels, (ORANGE, BLUE), unit, fmt)
    if percent:
        ax.set_xlim(0, 110)

    def say(d, k):
        v = d.get(k)
        if v is None:  # a category with no children is 0; a percentage with none is no figure
            return "no figure" if percent else "0"
        return fmt.format(v)

    parts = "; ".join(f"{k}: {say(now, k)} ({labels[0]}: {say(before, k)})" for k in keys)
    return Chart(title, f"Bar chart: {title}, {labels[1]} beside {labels[0]}. {parts}.", _svg(fig))


def trends(series: dict[str, list[tuple[int, float | None]]], percent: set[str]) -> Chart:
    """Small line charts of the headline figures over the years in the store."""
    names = list(series)
    cols = 2
    rows = (len(names) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(6.4, 1.9 * rows), squeeze=False)
    alt = []
    for ax, name in zip([a for row in axes for a in row], names):
        points = [(y, v) for y, v in series[name] if v is not None]
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        ax.plot(xs, ys, color=BLUE, marker="o", markersize=3)
        fmt = "{:.1f}%" if name in percent else "{:,.0f}"
        for x, v in points:
            ax.annotate(fmt.format(v), (x, v), xytext=(0, 4), textcoords="offset points", ha="center", fontsize=7)
        ax.set_title(name, fontsize=9, loc="left", color=INK)
        ax.set_xticks(xs, [year_label(x) for x in xs], fontsize=7)
        lo, hi = (min(ys), max(ys)) if ys else (0, 1)
        ax.set_ylim(0 if name not in percent else max(0, lo - 15), hi * 1.2 if name not in percent else min(105, hi + 10))
        alt.append(f"{name}: " + ", ".join(f"{year_label(x)} {fmt.format(v)}" for x, v in points))
    for ax in [a for row in axes for a in row][len(names):]:
        ax.set_visible(False)
    fig.tight_layout()
    years = sorted({y for s in series.values() for y, _ in s})
    span = f"{year_label(years[0])} to {year_label(years[-1])}" if years else ""
    title = f"Headline figures, {span}"
    return Chart(title, f"Line charts of the headline figures, {span}. " + "; ".join(alt) + ".", _svg(fig))


def bands(title: str, breakdown: dict[str, int], order: list[str] | None = None) -> Chart:
    """One breakdown as bars (the SDQ bands)."""
    keys = order or sorted(breakdown)
    fig, ax = plt.subplots(figsize=(6.2, 0.4 * len(keys) + 0.8))
    bars = ax.barh(range(len(keys)), [breakdown.get(k, 0) for k in keys], 0.6, color=BLUE)
    _label_bars(ax, bars)
    ax.set_yticks(range(len(keys)), keys)
    ax.invert_yaxis()
    ax.set_xlabel("children")
    parts = "; ".join(f"{k}: {breakdown.get(k, 0)}" for k in keys)
    return Chart(title, f"Bar chart: {title}. {parts}.", _svg(fig))
