"""From rows of text to a typed Arrow table, with every problem found on the way.

All readers (CSV, XML, Parquet) hand their rows to `type_rows`, so every format gets
the same checks: required values present, values of the right type, key codes known,
no duplicate rows and no two rows with the same key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from caretrack.io.problems import Problem
from caretrack.io.values import EXPECTED, parse
from caretrack.schema.codes import CODE_LISTS
from caretrack.schema.model import Kind, Table

if TYPE_CHECKING:
    import pyarrow as pa

# Arrow's type for each kind of value (pyarrow is imported when a table is typed, not
# before: the validator reads returns as text and never needs it).
ARROW_TYPES = {Kind.TEXT: "string", Kind.CODE: "string", Kind.DATE: "date32", Kind.INTEGER: "int32",
               Kind.DECIMAL: "float64"}


def arrow_type(kind: Kind) -> pa.DataType:
    import pyarrow as pa

    return getattr(pa, ARROW_TYPES[kind])()


def arrow_schema(table: Table) -> pa.Schema:
    import pyarrow as pa

    return pa.schema([(c.name, arrow_type(c.kind)) for c in table.columns])


@dataclass
class RawTable:
    """Rows of text for one table, as read from one file.

    `columns` are the table's column names in the order of `rows`; absent columns are
    filled with "" by the reader after it has reported them. `row_numbers` give each
    row's place in its file as a person would find it (spreadsheet row, XML line).
    """

    table: Table
    file: str
    rows: list[tuple[str, ...]]
    row_numbers: list[int]


def _shown(column, text: str) -> str | None:
    """The value to repeat in a message: never that of an identifying text column."""
    return None if column.kind is Kind.TEXT else text


def type_rows(raw: RawTable) -> tuple[pa.Table, list[Problem]]:
    """Typed columns for `raw`, and the problems that stop it loading."""
    import pyarrow as pa

    table, problems = raw.table, []
    columns = list(zip(*raw.rows)) if raw.rows else [()] * len(table.columns)
    arrays = []
    for column, texts in zip(table.columns, columns):
        known = set(CODE_LISTS[column.codes]) if column.key and column.codes else None
        values = []
        for text, row in zip(texts, raw.row_numbers):
            text = text.strip()
            if not text:
                values.append(None)
                if column.required:
                    problems.append(Problem(raw.file, "a value is required", row, column.name, expected=column.description))
                continue
            try:
                value = parse(column.kind, text)
            except ValueError:
                problems.append(
                    Problem(raw.file, "not a valid value", row, column.name, _shown(column, text), EXPECTED[column.kind])
                )
                values.append(None)
                continue
            if known is not None and value not in known:
                problems.append(
                    Problem(raw.file, "unknown code", row, column.name, text, f"one of {', '.join(sorted(known))}")
                )
            values.append(value)
        arrays.append(pa.array(values, type=arrow_type(column.kind)))
    problems += _duplicates(raw)
    return pa.Table.from_arrays(arrays, schema=arrow_schema(table)), problems


def _duplicates(raw: RawTable) -> list[Problem]:
    """Rows repeated exactly, and rows sharing the table's key."""
    problems = []
    names = raw.table.column_names
    key_at = [names.index(k) for k in raw.table.primary_key]
    seen_rows: dict[tuple, int] = {}
    seen_keys: dict[tuple, int] = {}
    for row, number in zip(raw.rows, raw.row_numbers):
        norm = tuple(v.strip().upper() for v in row)
        if norm in seen_rows:
            problems.append(Problem(raw.file, f"duplicate of row {seen_rows[norm]}", number))
            continue
        seen_rows[norm] = number
        key = tuple(norm[i] for i in key_at)
        if all(key) and key in seen_keys:
            problems.append(
                Problem(
                    raw.file,
                    f"same {' and '.join(raw.table.primary_key)} as row {seen_keys[key]}",
                    number,
                    expected=f"one row per {', '.join(raw.table.primary_key)} in {raw.table.name}",
                )
            )
        seen_keys.setdefault(key, number)
    return problems
