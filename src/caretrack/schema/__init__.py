"""The canonical schema: every SSDA903 table and every operational table, defined once.

`TABLES` maps a table's name to its definition; `table(name)` finds one by any case.
"""

from __future__ import annotations

from caretrack.schema.model import FIRST_YEAR, LAST_YEAR, Column, Kind, Table
from caretrack.schema.operational import OPERATIONAL_TABLES
from caretrack.schema.ssda903 import SSDA903_TABLES

TABLES: dict[str, Table] = {t.name: t for t in SSDA903_TABLES + OPERATIONAL_TABLES}
YEARS = tuple(range(FIRST_YEAR, LAST_YEAR + 1))


def table(name: str) -> Table:
    """The table called `name`, whatever its case."""
    for t in TABLES.values():
        if t.name.lower() == name.lower():
            return t
    raise KeyError(f"no table called {name!r}; known tables: {', '.join(TABLES)}")


def year_label(year: int) -> str:
    """A collection year's name as people write it: 2025 -> '2024-25'."""
    return f"{year - 1}-{year % 100:02d}"


def years_label(years) -> str:
    """Collection years as runs: (2023, 2024, 2025, 2027) -> '2022-23 to 2024-25, 2026-27'."""
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and runs[-1][-1] == year - 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(year_label(r[0]) + (f" to {year_label(r[-1])}" if len(r) > 1 else "") for r in runs)


__all__ = ["TABLES", "YEARS", "Column", "Kind", "Table", "table", "year_label", "years_label", "SSDA903_TABLES", "OPERATIONAL_TABLES"]
