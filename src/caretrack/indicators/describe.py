"""docs/indicators.md, generated from the registry so it cannot drift from the code.

Regenerate with `python -m caretrack.indicators.describe > docs/indicators.md`.
"""

from __future__ import annotations

import inspect

from caretrack.indicators.registry import all_indicators

INTRO = """# caretrack indicators

Generated from the indicator registry by `python -m caretrack.indicators.describe`; do
not edit by hand. Each figure is computed for a collection year (named by its end:
2025 is 1 April 2024 to 31 March 2025) from the returns up to that year.

- `caretrack indicators --year 2025 [--format table|csv|json] [--trend]` computes them;
- `caretrack children ID --year 2025` lists the children (or episodes) behind one;
- `caretrack explain ID [--dialect duckdb|postgres|tsql|spark]` prints its SQL.

How a figure is made from its rows, the same for every indicator: a count counts the
rows; a percentage is rows in the numerator over all rows, times 100; a rate is the
count over the population aged 0-17 (the Population table) times 10,000; an average is
the mean of the rows' measure; a yearly average (per_year) is the count of rows over
several years divided by the years; a breakdown counts rows per category. Where the
authority has no rows, a count or yearly average is 0 and a percentage or average has
no value.

Golden cases: every indicator is checked against a hand-built authority whose
figures were worked out by hand (tests/indicators/golden/), on DuckDB and PostgreSQL.
"""


def indicators_markdown() -> str:
    out = [INTRO]
    modules: dict[str, list] = {}
    for i in all_indicators():
        modules.setdefault(inspect.getmodule(i.units).__name__, []).append(i)
    for name, items in modules.items():
        doc = inspect.getdoc(__import__(name, fromlist=["_"])) or ""
        out += [f"## {doc.splitlines()[0] if doc else name}", ""]
        rest = "\n".join(doc.splitlines()[1:]).strip()
        if rest:
            out += [rest, ""]
        for i in items:
            out += [f"### `{i.id}`: {i.title}", "", "| | |", "|---|---|", f"| unit | {i.unit}{' (' + i.measure_unit + ')' if i.measure_unit else ''} |",
                    f"| cohort | {i.cohort} |", f"| counts | {i.numerator} |"]
            if i.denominator:
                out.append(f"| out of | {i.denominator} |")
            if i.exclusions:
                out.append(f"| excludes | {i.exclusions} |")
            if i.higher_is_better is not None:
                out.append(f"| better | {'higher' if i.higher_is_better else 'lower'} |")
            out += [f"| source | {i.source} |", ""]
    return "\n".join(out)


if __name__ == "__main__":
    print(indicators_markdown(), end="")
