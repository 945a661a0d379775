"""The schema described in Markdown: docs/data.md and the README that `caretrack
templates` writes beside its blank files both come from here, so they cannot drift
from the code. Regenerate docs/data.md with `python -m caretrack.schema.describe`.
"""

from __future__ import annotations

from caretrack.schema import SSDA903_TABLES, OPERATIONAL_TABLES, year_label
from caretrack.schema.codes import CODE_LISTS
from caretrack.schema.model import Table


def _years(table: Table) -> str:
    return f"{year_label(table.years[0])} to {year_label(table.years[-1])}"


def table_markdown(table: Table) -> str:
    lines = [f"### {table.name}", "", table.description, ""]
    if table.source == "903":
        lines += [f"In the return {_years(table)}. One row per {', '.join(table.primary_key)}.", ""]
    else:
        lines += [f"One row per {', '.join(table.primary_key)}.", ""]
    lines += ["| column | type | required | codes | meaning |", "|---|---|---|---|---|"]
    for c in table.columns:
        codes = f"[{c.codes}](#{c.codes.lower().replace('_', '-')})" if c.codes else ""
        lines.append(f"| {c.name} | {c.kind.value} | {'yes' if c.required else ''} | {codes} | {c.description} |")
    return "\n".join(lines) + "\n"


def code_lists_markdown() -> str:
    out = ["## Code lists", "", "Years are collection years (2025 is 2024-25).", ""]
    for name, codes in CODE_LISTS.items():
        out += [f"### {name}", "", "| code | meaning | valid |", "|---|---|---|"]
        for c in codes.values():
            out.append(f"| {c.code} | {c.meaning} | {year_label(c.first_year)} to {year_label(c.last_year)} |")
        out.append("")
    return "\n".join(out)


def operational_markdown() -> str:
    return "\n".join(table_markdown(t) for t in OPERATIONAL_TABLES)


def data_markdown() -> str:
    """The whole of docs/data.md."""
    return "\n".join(
        [
            "# caretrack data",
            "",
            "Generated from `caretrack.schema` by `python -m caretrack.schema.describe`; do not edit by hand.",
            "",
            "Every table in the store also has `LA` (the authority's code); 903 tables also have",
            "`YEAR`, the collection year by its end (2025 is 2024-25). Dates are written dd/mm/YYYY",
            "in files (ISO YYYY-MM-DD is also read). Files are recognised by their column set,",
            "whatever their names. The view `episodes_history` merges the years' episodes into",
            "one history per child (the latest year's row for each CHILD and DECOM) and",
            "`header_latest` keeps each child's latest Header row.",
            "",
            "## SSDA903 tables",
            "",
            "Source: DfE, *Children looked after return: guide* for each collection year.",
            "",
            *[table_markdown(t) for t in SSDA903_TABLES],
            "## Operational tables",
            "",
            "caretrack's own: case records the committee reports need and the 903 does not carry.",
            "Each is a snapshot: loading one again for an authority replaces its rows. A file with",
            "its header alone is skipped, with a warning, and the rows the store holds are kept: a",
            "folder of `caretrack templates` with one filled in emptied every other table.",
            "",
            operational_markdown(),
            code_lists_markdown(),
        ]
    )


if __name__ == "__main__":
    print(data_markdown(), end="")
