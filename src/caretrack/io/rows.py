"""From rows of text to a typed Arrow table, with every problem found on the way.

All readers (CSV, XML, Parquet) hand their rows to `type_rows`, so every format gets
the same checks: required values present, values of the right type, key codes known,
no duplicate rows and no two rows with the same key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from caretrack.io.problems import Problem
from caretrack.io.values import EXPECTED, PARSERS
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
    """Typed columns for `raw`, and the problems that stop it loading.

    Problems come column by column, each column's in row order, then the duplicates
    (see `_duplicates`). A column's texts repeat a great deal (dates, codes, numbers),
    so each distinct text is read once (`_read_texts`) and the rows take their value
    from a dict; only a column with a bad text is walked again, row by row, to report
    its problems where they are. Values and problems are those of reading every row in
    turn (tests/test_rows_fast.py holds that loop and checks against it).
    """
    import pyarrow as pa

    table, problems = raw.table, []
    columns = list(zip(*raw.rows)) if raw.rows else [()] * len(table.columns)
    arrays = []
    for column, texts in zip(table.columns, columns):
        value_of, bad = _read_texts(column, texts)
        arrays.append(_array(column.kind, value_of, texts))
        if bad:
            for text, row in zip(texts, raw.row_numbers):
                found = bad.get(text)
                if found is not None:
                    message, value, expected = found
                    problems.append(Problem(raw.file, message, row, column.name, value, expected))
    problems += _duplicates(raw, columns)
    return pa.Table.from_arrays(arrays, schema=arrow_schema(table)), problems


# Kinds whose Python values Arrow converts slowly one by one (about 1.5 microseconds a
# date or int32, against 0.04 for a string): their arrays are made from the distinct
# values and then repeated by index (`Array.take`), which gives the same array.
_BY_INDEX = {Kind.DATE, Kind.INTEGER}


def _array(kind: Kind, value_of: dict, texts) -> pa.Array:
    """The Arrow array of a column's values, given each distinct text's value."""
    import pyarrow as pa

    if kind not in _BY_INDEX:
        return pa.array(list(map(value_of.__getitem__, texts)), type=arrow_type(kind))
    index_of = {text: i for i, text in enumerate(value_of)}
    distinct = pa.array(list(value_of.values()), type=arrow_type(kind))
    return distinct.take(pa.array(list(map(index_of.__getitem__, texts)), type=pa.int32()))


def _read_texts(column, texts) -> tuple[dict, dict]:
    """For each distinct text of a column: its value, and (message, value shown,
    expected) for a text that is a problem wherever it appears.

    A text's value and problem depend on the text alone: blank (after stripping) is
    missing, required or not; a text that does not parse is missing and invalid; a key
    code not in its list keeps its value and is unknown.
    """
    known = set(CODE_LISTS[column.codes]) if column.key and column.codes else None
    convert = PARSERS[column.kind]
    value_of, bad = {}, {}
    for raw_text in set(texts):
        text = raw_text.strip()
        if not text:
            value_of[raw_text] = None
            if column.required:
                bad[raw_text] = ("a value is required", None, column.description)
            continue
        try:
            value = convert(text)
        except ValueError:
            value_of[raw_text] = None
            bad[raw_text] = ("not a valid value", _shown(column, text), EXPECTED[column.kind])
            continue
        if known is not None and value not in known:
            bad[raw_text] = ("unknown code", text, f"one of {', '.join(sorted(known))}")
        value_of[raw_text] = value
    return value_of, bad


def _duplicates(raw: RawTable, columns: list | None = None) -> list[Problem]:
    """Rows repeated exactly, and rows sharing the table's key, in row order.

    Rows are compared stripped and upper-cased. Each column's distinct texts are
    normalised once; sets then tell, without a message built, whether there is any
    repeat at all (the usual case: none). Only then are the rows walked in order,
    each repeat reported against the first row it repeats; a row repeating another
    exactly is reported as such, not also for its key, and a key with a blank part
    is never a repeat. `columns` are the rows' columns if the caller has them.
    """
    if columns is None:
        columns = list(zip(*raw.rows)) if raw.rows else [()] * len(raw.table.columns)
    norm_columns = []
    for texts in columns:
        norm = {text: text.strip().upper() for text in set(texts)}
        norm_columns.append(list(map(norm.__getitem__, texts)))
    norm_rows = list(zip(*norm_columns))
    names = raw.table.column_names
    key_at = [names.index(k) for k in raw.table.primary_key]
    keys = list(zip(*(norm_columns[i] for i in key_at))) if key_at else [()] * len(norm_rows)
    if len(set(norm_rows)) == len(norm_rows):
        full_keys = [key for key in keys if all(key)]
        if len(set(full_keys)) == len(full_keys):
            return []
    problems = []
    seen_rows: dict[tuple, int] = {}
    seen_keys: dict[tuple, int] = {}
    for norm, key, number in zip(norm_rows, keys, raw.row_numbers):
        if norm in seen_rows:
            problems.append(Problem(raw.file, f"duplicate of row {seen_rows[norm]}", number))
            continue
        seen_rows[norm] = number
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
