"""Writing the demo's tables as the CSV files an authority's systems would export.

Rows are turned into columns, each column into text at once (dates as dd/mm/yyyy, a
cache of each date's text), and the lines joined column-wise: the same bytes as
Python's csv module writes (CRLF line ends, quotes only where a value needs them; a
table with such a value, which the demo does not make, is written by the csv module).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from caretrack.schema import TABLES

_DATES: dict[dt.date, str] = {}
_SPECIAL = (",", '"', "\r", "\n")


def _date_text(value: dt.date) -> str:
    text = _DATES.get(value)
    if text is None:
        text = _DATES[value] = f"{value.day:02d}/{value.month:02d}/{value.year}"
    return text


def _text(value) -> str:
    if value is None:
        return ""
    if value.__class__ is dt.date:
        return _date_text(value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _column(values: tuple) -> tuple[list[str] | tuple, bool]:
    """One column as text ("" for None), and whether it holds any text values (which
    might need quoting) rather than only dates or numbers."""
    kinds = set(map(type, values))
    kinds.discard(type(None))
    if kinds == {str}:
        return (values if None not in values else ["" if v is None else v for v in values]), True
    if kinds == {dt.date}:
        get = _DATES.get
        out = [get(v) for v in values]
        if None in out:
            out = ["" if v is None else _date_text(v) for v in values]
        return out, False
    if kinds <= {int}:
        return ["" if v is None else str(v) for v in values], False
    return [_text(v) for v in values], True


def write_table(name: str, rows: list[tuple], path: Path) -> int:
    """Write rows (in the schema's column order) as CSV; rows repeating an earlier row's
    key are dropped, as a case-management system holds one record per key."""
    table = TABLES[name]
    names = table.column_names
    key_at = [names.index(k) for k in table.primary_key]
    columns = list(zip(*rows))
    if columns:
        keys = list(zip(*(columns[i] for i in key_at)))
        if len(set(keys)) != len(keys):  # keep the first row of each key
            seen: set = set()
            rows = [row for key, row in zip(keys, rows) if not (key in seen or seen.add(key))]
            columns = list(zip(*rows))
    converted = [_column(c) for c in columns]
    text = [t for t, _ in converted]
    strings = "".join("".join(t) for t, has_text in converted if has_text)
    if any(s in strings for s in _SPECIAL):
        with open(path, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(names)
            writer.writerows(zip(*text))
        return len(rows)
    with open(path, "w", newline="", encoding="utf-8") as f:
        f.write(",".join(names) + "\r\n")
        if text:
            f.write("\r\n".join(map(",".join, zip(*text))))
            f.write("\r\n")
    return len(rows)
