"""903 and operational tables as CSV files.

A file's table is recognised by its column set (as the DfE's own tool does), so file
names do not matter; a name that contains a table's name only breaks ties and helps
say which columns are missing. Header case, spacing, column order and a byte order
mark are tolerated. Text is read as UTF-8, UTF-16 (with a byte order mark, or
recognised by its zero bytes) or Windows-1252, the encodings case-management systems
and Excel write. Files are written as UTF-8 with dates as dd/mm/YYYY.
"""

from __future__ import annotations

import csv
import io
import os
import re
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING

from caretrack.io import output
from caretrack.io.problems import InputError, Problem
from caretrack.io.rows import RawTable
from caretrack.io.values import format_value
from caretrack.schema import TABLES
from caretrack.schema.model import Table

if TYPE_CHECKING:
    import pyarrow as pa  # imported where used: the validator never needs it

MAX_FILE_BYTES = int(os.environ.get("CARETRACK_MAX_FILE_BYTES", 2 * 1024**3))


def check_size(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError(
            [
                Problem(
                    str(path),
                    f"file is {size / 1024**2:,.0f} MiB, larger than the {MAX_FILE_BYTES / 1024**2:,.0f} MiB limit "
                    "(set CARETRACK_MAX_FILE_BYTES to raise it)",
                )
            ]
        )


def decode(data: bytes, file: str) -> tuple[str, str]:
    """The text of a file and the encoding it was read with."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode(data[3:], "utf-8", file), "UTF-8"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode(data, "utf-16", file), "UTF-16"
    head = data[:200]
    if len(head) >= 4 and head[1::2].count(0) > len(head) // 4 and head[0::2].count(0) == 0:
        return _decode(data, "utf-16-le", file), "UTF-16"
    if len(head) >= 4 and head[0::2].count(0) > len(head) // 4 and head[1::2].count(0) == 0:
        return _decode(data, "utf-16-be", file), "UTF-16"
    if b"\x00" in data:
        raise InputError([Problem(file, "this is a binary file, not a CSV text file", expected="a CSV file")])
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        return _decode(data, "cp1252", file), "Windows-1252"


def text_of(path: Path) -> str:
    """A text file's text, in UTF-8, UTF-16 or Windows-1252 (as `decode` tells them apart);
    an InputError naming the file when it is too large, missing, binary or not text."""
    try:
        check_size(path)
        data = path.read_bytes()
    except OSError as e:
        raise InputError([Problem(str(path), f"cannot be read ({e.strerror})")]) from None
    return decode(data, str(path))[0]


def _decode(data: bytes, encoding: str, file: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise InputError(
            [Problem(file, "cannot be read as text", line, expected="UTF-8, UTF-16 or Windows-1252 text")]
        ) from None
    if "\x00" in text:
        raise InputError([Problem(file, "this is a binary file, not a CSV text file", expected="a CSV file")])
    return text


def normalise_name(name: str) -> str:
    """A header cell as a column name: 'place provider ' -> 'PLACE_PROVIDER'."""
    return re.sub(r"[\s\-]+", "_", name.strip().lstrip("\ufeff").strip()).upper()


def _named_in(file: str) -> Table | None:
    """The table whose name the file name holds, the longest such name winning."""
    stem = re.sub(r"[^a-z0-9]", "", Path(file).stem.lower())
    hits = [t for t in TABLES.values() if t.name.lower() in stem]
    return max(hits, key=lambda t: len(t.name)) if hits else None


def recognise(columns: list[str], file: str) -> tuple[Table, list[Problem]]:
    """Which table a header belongs to, with warnings for extra columns.

    Raises InputError if no table fits, naming the missing columns of the closest.
    """
    found = set(columns)
    named = _named_in(file)
    contained = [t for t in TABLES.values() if set(t.column_names) <= found]
    if contained:
        most = max(len(t.columns) for t in contained)
        best = [t for t in contained if len(t.columns) == most]
        table = named if named in best else best[0]
        if len(best) > 1 and named not in best:
            raise InputError(
                [Problem(file, f"columns fit several tables ({', '.join(t.name for t in best)}); "
                         "put the table's name in the file name")]
            )
        extra = [c for c in columns if c not in table.column_names]
        return table, [
            Problem(file, f"extra column ignored (not part of {table.name})", 1, c, severity="warning") for c in extra
        ]

    def overlap(t: Table) -> float:
        return len(found & set(t.column_names)) / len(t.columns)

    closest = max(TABLES.values(), key=lambda t: (overlap(t), t is named))
    if overlap(closest) < 0.5:
        separators = {"semicolons": ";", "tabs": "\t", "vertical bars": "|"}
        by = next((name for name, sep in separators.items() if len(columns) == 1 and sep in columns[0]), None)
        if by:  # a spreadsheet saved with another list separator: one column named "CHILD;SEX;DOB;..."
            raise InputError([Problem(file, f"the values are separated by {by}, not commas", 1,
                                      expected="comma-separated values")])
        raise InputError(
            [Problem(file, "the columns do not match any 903 or operational table", 1,
                     expected="the column set of one table; see `caretrack templates` and docs/data.md")]
        )
    missing = [c for c in closest.column_names if c not in found]
    raise InputError(
        [Problem(file, f"missing column for table {closest.name}", 1, c, expected=f"the columns {', '.join(closest.column_names)}")
         for c in missing]
    )


def read_csv(path: Path, only: set[str] | None = None) -> tuple[RawTable, list[Problem]]:
    """One CSV file as rows of text for the table it holds, with warnings.

    With `only` (table names), a file of another table is recognised from its header
    and its rows are not read (no rows, no warnings).
    Raises InputError for a file that cannot be read at all (empty, binary, wrong
    columns, malformed rows).
    """
    file = str(path)
    text = text_of(path)
    if not text.strip():
        raise InputError([Problem(file, "the file is empty", expected="a header row and data rows")])
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    number = 1
    try:
        header = next(reader)
        columns = [normalise_name(c) for c in header]
        dupes = sorted({c for c in columns if columns.count(c) > 1 and c})
        if dupes:
            raise InputError([Problem(file, "column appears more than once", 1, c) for c in dupes])
        table, problems = recognise([c for c in columns if c], file)
        if only is not None and table.name not in only:
            return RawTable(table, file, [], []), []
        positions = [columns.index(c) for c in table.column_names]
        # The table's values of a record, in the table's order, as a tuple.
        pick = itemgetter(*positions) if len(positions) > 1 else lambda record: (record[positions[0]],)
        width = len(columns)
        rows, numbers = [], []
        for number, record in enumerate(reader, start=2):
            if len(record) == width and (width > 1 or record[0].strip()):  # the usual record, first
                rows.append(pick(record))
                numbers.append(number)
                continue
            if not record or (len(record) == 1 and not record[0].strip()):
                continue
            # What is left is a record of the wrong width.
            truncated = number == _last_record(text) and not text.endswith(("\n", "\r"))
            problems.append(
                Problem(
                    file,
                    f"row has {len(record)} values but the header has {len(columns)}"
                    + (": the file looks truncated" if truncated else ""),
                    number,
                    expected=f"{len(columns)} comma-separated values",
                )
            )
    except csv.Error as e:
        raise InputError(
            [Problem(file, f"malformed CSV ({e}): an unclosed quote or a truncated file", number + 1)]
        ) from None
    return RawTable(table, file, rows, numbers), problems


def _last_record(text: str) -> int:
    """How many records the text holds (for telling a truncated last row)."""
    return sum(1 for _ in csv.reader(io.StringIO(text, newline="")))


def write_csv(table: Table, data: pa.Table, path: Path) -> None:
    """Write `data` (columns of `table`, typed) as a 903-style CSV file."""
    columns = [data.column(name).to_pylist() for name in table.column_names]
    with output.replacing(path) as f:
        writer = csv.writer(f)
        writer.writerow(table.column_names)
        for values in zip(*columns):
            writer.writerow([format_value(c.kind, v) for c, v in zip(table.columns, values)])
