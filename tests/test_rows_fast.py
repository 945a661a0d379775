"""`type_rows` against the plain row-by-row typing it replaced.

`type_rows` and `_duplicates` work a column at a time and read each distinct text once
(for speed); the problems they report, and their order, must be exactly those of the
straightforward loop below, which is kept here as the reference: every row of the
first column, then of the next, then duplicate rows and keys in row order.
"""

from __future__ import annotations

import random

import pytest

from caretrack.io.problems import Problem
from caretrack.io.rows import RawTable, arrow_schema, arrow_type, type_rows
from caretrack.io.values import EXPECTED, parse
from caretrack.schema import TABLES
from caretrack.schema.codes import CODE_LISTS
from caretrack.schema.model import Kind


def reference(raw: RawTable):
    """The row-by-row typing of the first to third sessions, verbatim in effect."""
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
                shown = None if column.kind is Kind.TEXT else text
                problems.append(Problem(raw.file, "not a valid value", row, column.name, shown, EXPECTED[column.kind]))
                values.append(None)
                continue
            if known is not None and value not in known:
                problems.append(Problem(raw.file, "unknown code", row, column.name, text, f"one of {', '.join(sorted(known))}"))
            values.append(value)
        arrays.append(pa.array(values, type=arrow_type(column.kind)))
    seen_rows: dict[tuple, int] = {}
    seen_keys: dict[tuple, int] = {}
    key_at = [table.column_names.index(k) for k in table.primary_key]
    for row, number in zip(raw.rows, raw.row_numbers):
        norm = tuple(v.strip().upper() for v in row)
        if norm in seen_rows:
            problems.append(Problem(raw.file, f"duplicate of row {seen_rows[norm]}", number))
            continue
        seen_rows[norm] = number
        key = tuple(norm[i] for i in key_at)
        if all(key) and key in seen_keys:
            problems.append(Problem(raw.file, f"same {' and '.join(table.primary_key)} as row {seen_keys[key]}", number,
                                    expected=f"one row per {', '.join(table.primary_key)} in {table.name}"))
        seen_keys.setdefault(key, number)
    return pa.Table.from_arrays(arrays, schema=arrow_schema(table)), problems


# Texts a column of each kind may hold: good, blank, padded, differently cased, bad.
TEXTS = {
    Kind.DATE: ["01/04/2024", "1/4/2024", " 01/04/2024 ", "2024-04-01", "2024-04-01T00:00", "31/02/2024", "4/6/2012 00:00:00",
                "yesterday", "", "  ", "29/02/2024", "2024-4-1"],
    Kind.INTEGER: ["1", " 2", "007", "-3", "x", "", "1.5", "2_000", " "],
    Kind.DECIMAL: ["1.5", "2", " 3.25 ", "nan", "abc", "", "1e3"],
    Kind.TEXT: ["A1", "a1", " A1", "B2", "", " ", "C3", "Zoë"],
}


def _texts(column) -> list[str]:
    if column.kind is Kind.CODE:
        codes = list(CODE_LISTS[column.codes])[:4] if column.codes else ["X", "Y"]
        return codes + [c.lower() for c in codes] + [" " + codes[0], "ZZZ", "", " "]
    return TEXTS[column.kind]


@pytest.mark.parametrize("name", ["Header", "Episodes", "Reviews", "OC2", "Workers", "WeeklyCosts", "Population", "Visits"])
@pytest.mark.parametrize("seed", range(4))
def test_same_values_and_problems_in_the_same_order(name, seed):
    rnd = random.Random(seed)
    table = TABLES[name]
    choices = [_texts(c) for c in table.columns]
    # Few distinct texts per column, so exact duplicates and shared keys happen.
    rows = [tuple(rnd.choice(c[: 3 + seed]) if rnd.random() < 0.9 else rnd.choice(c) for c in choices) for _ in range(300)]
    rows += rnd.sample(rows, 20)
    raw = RawTable(table, "f.csv", rows, list(range(2, 2 + len(rows))))
    data, problems = type_rows(raw)
    want_data, want_problems = reference(raw)
    assert problems == want_problems
    # repr, not ==: "nan" is a valid decimal and NaN equals nothing
    assert data.schema == want_data.schema and repr(data.to_pylist()) == repr(want_data.to_pylist())


@pytest.mark.parametrize("name", ["Header", "Episodes", "WeeklyCosts"])
def test_no_rows(name):
    raw = RawTable(TABLES[name], "f.csv", [], [])
    data, problems = type_rows(raw)
    want_data, want_problems = reference(raw)
    assert problems == want_problems == [] and data.equals(want_data)
