"""Blank operational CSV templates, with a README describing every column."""

from __future__ import annotations

import csv
from pathlib import Path

from caretrack.schema import OPERATIONAL_TABLES
from caretrack.schema.describe import operational_markdown
from caretrack.schema.operational import DEFAULT_COST_YEAR, DEFAULT_WEEKLY_COSTS

README = """# Operational data templates

One CSV file per table: fill in one row per record, keep the header row. Dates are
dd/mm/YYYY. CHILD is the child's identifier as in the 903 return. Load the folder with
`caretrack load FOLDER --la <authority code>` (or put an authority.toml with
`la = "<code>"` beside the files). Each load replaces that authority's rows of the
tables it has rows for; a file left with its header alone is skipped, so the store
keeps what it holds for that table. WeeklyCosts comes filled with the default cost
table (average weekly costs, 2019-20); replace it with your own.

"""


def write_templates(folder: Path, replace: bool = False) -> list[Path]:
    """Write the templates and README into `folder`. Files already there are a user's
    filled-in templates as likely as not: unless `replace`, FileExistsError names them
    and nothing is written."""
    targets = [folder / f"{table.name}.csv" for table in OPERATIONAL_TABLES] + [folder / "README.md"]
    there = [p.name for p in targets if p.exists()]
    if there and not replace:
        raise FileExistsError(f"{folder} already holds {', '.join(there)}")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in OPERATIONAL_TABLES:
        path = folder / f"{table.name}.csv"
        with open(path, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(table.column_names)
            if table.name == "WeeklyCosts":
                for category, cost in DEFAULT_WEEKLY_COSTS.items():
                    writer.writerow([category, DEFAULT_COST_YEAR, f"{cost:g}"])
        written.append(path)
    readme = folder / "README.md"
    readme.write_text(README + operational_markdown(), encoding="utf-8")
    return written + [readme]
