"""Writing the demo's tables as the CSV files an authority's systems would export."""

from __future__ import annotations

import csv
import datetime as dt
from functools import lru_cache
from pathlib import Path

from caretrack.schema import TABLES


@lru_cache(maxsize=65536)
def _date_text(value: dt.date) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def _text(value) -> str:
    if value is None:
        return ""
    if value.__class__ is dt.date:
        return _date_text(value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def write_table(name: str, rows: list[tuple], path: Path) -> int:
    """Write rows (in the schema's column order) as CSV; rows repeating an earlier row's
    key are dropped, as a case-management system holds one record per key."""
    table = TABLES[name]
    key_at = [table.column_names.index(k) for k in table.primary_key]
    seen, written = set(), 0
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(table.column_names)
        for row in rows:
            key = tuple(row[i] for i in key_at)
            if key in seen:
                continue
            seen.add(key)
            writer.writerow([_text(v) for v in row])
            written += 1
    return written
