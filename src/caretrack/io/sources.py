"""Finding and reading a folder of returns: which authority, which year, which tables.

`read_sources` walks the paths given to `caretrack load`, reads every CSV, XML and
Parquet file in them and groups the typed tables into 903 returns (one per authority
and collection year) and operational snapshots (one per authority). It reads
everything before anything is stored and raises one InputError listing every problem
in every file, so a load is all or nothing.

Which authority: `--la`, else the nearest `authority.toml` (`la = "990"`,
`name = "Demo County"`) in the file's folder or a folder above it, up to the path given.

Which collection year (903 files only): `--year`, else a year in the file's name or
its folders' names (`2025/`, `SSDA903_2025_episodes.csv`, `2024-25/`), else the dates
in the return: the year whose 31 March ends the period holding the latest episode,
review or missing date.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from caretrack.io.csvfiles import check_size, read_csv, recognise
from caretrack.io.problems import InputError, Problem
from caretrack.io.rows import RawTable, type_rows
from caretrack.io.settings import read_toml
from caretrack.io.values import format_value
from caretrack.schema import YEARS, year_label
from caretrack.schema.model import Table

if TYPE_CHECKING:
    import pyarrow as pa  # imported where used: the validator never needs it

DATA_SUFFIXES = {".csv", ".xml", ".parquet"}
AUTHORITY_FILE = "authority.toml"
_SPAN = re.compile(r"(?<!\d)20(\d\d)[-_ ]?(\d\d)(?!\d)")
_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
# Dates that place a return in its collection year (they all fall within it).
YEAR_DATES = {"Episodes": ("DECOM", "DEC"), "Reviews": ("REVIEW",), "Missing": ("MIS_START", "MIS_END")}


@dataclass
class Authority:
    la: str
    name: str | None = None


@dataclass
class Sources:
    """Everything read from the paths, ready to store."""

    returns: dict[tuple[str, int], dict[str, pa.Table]] = field(default_factory=dict)
    operational: dict[str, dict[str, pa.Table]] = field(default_factory=dict)
    authorities: dict[str, Authority] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def data_files(paths: list[Path]) -> list[tuple[Path, Path]]:
    """(file, root) for every data file under the paths, in a stable order. A folder
    with none is an error, naming what is there instead: loading or checking nothing
    would otherwise succeed, and pass whatever it gates."""
    found, problems = [], []
    for root in paths:
        if root.is_file():
            found.append((root, root.parent))
        elif root.is_dir():
            files = [f for f in sorted(root.rglob("*")) if f.is_file()]
            data = [(f, root) for f in files if f.suffix.lower() in DATA_SUFFIXES]
            if not data:
                others = ", ".join(f.name for f in files[:5]) + (", ..." if len(files) > 5 else "")
                problems.append(Problem(str(root), "no data files in the folder" + (f" (found {others})" if files else ""),
                                        expected="CSV, XML or Parquet files"))
            found += data
        else:
            problems.append(Problem(str(root), "no such file or folder"))
    if problems:
        raise InputError(problems)
    return found


def year_from_path(file: Path, root: Path) -> int | None:
    """A collection year named in the file's name or a folder between it and root."""
    found = _year_in_path(file, root)
    return found[0] if found else None


def _year_in_path(file: Path, root: Path) -> tuple[int, str] | None:
    """(year, the name that holds it) from the file's name or its folders' names."""
    parts = [file.name] + [p.name for p in file.parents if p == root or root in p.parents]
    for part in parts:
        span = _SPAN.search(part)
        if span and (int(span[1]) + 1) % 100 == int(span[2]):
            return 2000 + int(span[1]) + 1, part
        year = _YEAR.search(part)
        if year:
            return int(year[1]), part
    return None


def year_from_dates(tables: dict[str, pa.Table]) -> int | None:
    """The collection year holding the latest episode, review or missing date."""
    import pyarrow.compute as pc  # here, not at the top: most commands never need it

    latest = None
    for name, columns in YEAR_DATES.items():
        for column in columns:
            if name in tables:
                value = pc.max(tables[name].column(column)).as_py()
                if value and (latest is None or value > latest):
                    latest = value
    if latest is None:
        return None
    return latest.year + 1 if latest.month >= 4 else latest.year


def authority_for(file: Path, root: Path, la: str | None) -> Authority | None:
    if la:
        return Authority(la)
    for folder in [file.parent, *file.parent.parents]:
        config = folder / AUTHORITY_FILE
        if config.is_file():
            data = read_toml(config, 'the authority\'s code (la = "<code>")')
            if "la" not in data:
                raise InputError([Problem(str(config), "no `la` entry", expected='la = "<the authority code>"')])
            return Authority(str(data["la"]), data.get("name"))
        if folder == root or root not in folder.parents:
            break
    return None


def read_parquet(path: Path) -> tuple[RawTable, list[Problem]]:
    """A Parquet file of one table, as rows of text so it gets the checks every format gets."""
    import pyarrow as pa
    import pyarrow.parquet as pq  # here, not at the top: most returns are CSV or XML

    check_size(path)
    try:
        data = pq.read_table(path)
    except (pa.ArrowInvalid, OSError) as e:
        raise InputError([Problem(str(path), f"not a readable Parquet file ({e})")]) from None
    table, problems = recognise([n.upper() for n in data.column_names], str(path))
    data = data.rename_columns([n.upper() for n in data.column_names])
    columns = [[format_value(c.kind, v) for v in data.column(c.name).to_pylist()] for c in table.columns]
    rows = list(zip(*columns)) if data.num_rows else []
    return RawTable(table, str(path), rows, list(range(1, data.num_rows + 1))), problems


def read_file(file: Path, only: set[str] | None = None) -> tuple[list[RawTable], list[Problem]]:
    """The tables in one data file, with warnings; with `only` (table names), a CSV
    file of another table is not read beyond its header (read_csv)."""
    suffix = file.suffix.lower()
    if suffix == ".xml":
        from caretrack.io.xml903 import read_xml  # its XML parsers only for an XML return

        return read_xml(file)
    raw, problems = read_parquet(file) if suffix == ".parquet" else read_csv(file, only)
    return [raw], problems


def read_sources(
    paths: list[Path],
    la: str | None = None,
    year: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> Sources:
    """Read and check every data file under `paths`; raise InputError if any is bad."""
    if year is not None and year not in YEARS:
        raise InputError([Problem("--year", f"collection year {year} is not supported",
                                  expected=f"one of {', '.join(map(str, YEARS))} (the year's end)")])
    out = Sources()
    problems: list[Problem] = []
    # (la, year or folder or "operational") -> table name -> (typed table, (file, name holding the year))
    pending: dict[tuple[str, object], dict[str, tuple[pa.Table, tuple]]] = defaultdict(dict)
    for file, root in data_files(paths):
        if progress:
            progress(str(file))
        try:
            raws, found = read_file(file)
        except InputError as e:
            problems += e.problems + e.warnings
            continue
        problems += found
        authority = authority_for(file, root, la)
        if authority is None:
            problems.append(Problem(str(file), f"no authority code: give --la or put an {AUTHORITY_FILE} beside the files"))
            continue
        out.authorities.setdefault(authority.la, authority)
        out.files.append(str(file))
        for raw in raws:
            typed, found = type_rows(raw)
            problems += found
            if raw.table.source == "xml":
                continue  # checked (an XML HEADER's UASC status is a code), not stored
            named = (year, "--year") if year else _year_in_path(file, root)
            _place(raw.table, typed, str(file), authority.la, named, file.parent, pending, problems)
    for (authority, group), tables in pending.items():
        _settle(authority, group, tables, out, problems)
    out.warnings = [p for p in problems if p.severity != "error"]
    if any(p.severity == "error" for p in problems):
        raise InputError(problems)
    return out


def _place(table: Table, typed, file, la, named, folder, pending, problems) -> None:
    """File a typed table under its authority and its year (named) or folder (year unknown yet)."""
    group = "operational" if table.source == "operational" else (named[0] if named else folder)
    tables = pending[(la, group)]
    if table.name in tables:
        problems.append(Problem(file, f"a second {table.name} table for the same authority and year "
                                      f"(the first is {tables[table.name][1][0]})"))
        return
    tables[table.name] = (typed, (file, named[1] if named else None))


def _settle(la, group, tables, out: Sources, problems: list[Problem]) -> None:
    """Give a group of tables its year (903) or file it as an operational snapshot."""
    if group == "operational":
        # A file of its header alone (an unfilled `caretrack templates` file, loaded with
        # the one that was filled in) replaced the authority's records with none.
        kept = {}
        for name, (typed, (file, _)) in tables.items():
            if typed.num_rows:
                kept[name] = typed
            else:
                problems.append(Problem(file, f"no rows: the store's {name} records are kept (only a file with "
                                              "rows replaces them)", severity="warning"))
        if kept:
            out.operational[la] = kept
        return
    typed_tables = {name: typed for name, (typed, _) in tables.items()}
    if isinstance(group, int):
        names = sorted({name for _, (_, name) in tables.values()})
        how = "from --year" if names == ["--year"] else f"from the name {names[0]!r}" if len(names) == 1 else \
            f"from its file names ({names[0]!r} and {len(names) - 1} more)"
        year = group
    else:
        year, how = year_from_dates(typed_tables), "from the latest date in the return"
        if year is None:
            problems.append(Problem(str(group), "cannot tell the collection year", expected="--year, or the year in a folder or file name"))
            return
    if year not in YEARS:
        problems.append(Problem(str(group), f"collection year {year} is not supported",
                                expected=f"one of {', '.join(map(str, YEARS))}"))
        return
    if (la, year) in out.returns:
        clash = set(out.returns[(la, year)]) & set(typed_tables)
        if clash:
            problems.append(Problem(str(group), f"{', '.join(sorted(clash))} for {la} {year_label(year)} given twice"))
            return
    out.returns.setdefault((la, year), {}).update(typed_tables)
    out.notes.append(f"{la} {year_label(year)} (year {year}) {how}: {', '.join(sorted(typed_tables))}")
