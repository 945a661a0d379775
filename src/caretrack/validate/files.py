"""A return as the validator reads it: every 903 table as text, exactly as in its files.

Unlike `caretrack load`, nothing is refused here for bad values: a bad date or an
unknown code is what the rules are there to report. Files that cannot be read at all
(binary, malformed CSV, unsafe XML, unknown columns), and rows that cannot be read as
rows of their table, still raise InputError, naming file and row; what is only warned
of (an extra column, an unknown XML element) is kept in `RawReturn.warnings`. An XML
return's Header has one field more than a CSV return's: UASC, as its HEADER gives it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from caretrack.io.problems import InputError, Problem
from caretrack.io.rows import RawTable, type_rows
from caretrack.io.sources import YEAR_DATES, _year_in_path, data_files, read_file, year_from_dates
from caretrack.schema import year_label, years_label
from caretrack.schema.ssda903 import XML_UASC_STATUS
from caretrack.validate.engine import EARLIER_TABLES, Rows


@dataclass
class RawReturn:
    """One return's tables as text, with where each row came from."""

    tables: dict[str, Rows] = field(default_factory=dict)
    source_rows: dict[str, list[int]] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    year: int | None = None
    how: str = ""
    warnings: list[Problem] = field(default_factory=list)
    named: tuple[int, str] | None = None  # a year its files' or folders' names give, and the name
    dated: int | None = None  # the year its latest episode, review or missing date falls in


def read_return(paths: list[Path], year: int | None = None, only: set[str] | None = None) -> RawReturn:
    """Every 903 table in the paths (one return), as text, and its collection year; with
    `only` (table names), those tables alone (an earlier return's Episodes). A folder of
    several years' returns (2024/, 2025/, ... as `caretrack demo` writes) is refused with
    a ValueError naming them: its tables would all be "second" tables of one return."""
    for path in paths:
        by_year = year_folders(path) if path.is_dir() else {}
        if len(by_year) > 1:
            latest = max(by_year)
            raise ValueError(f"{path} holds the returns of {years_label(by_year)}: give one year's folder, such as "
                             f"{by_year[latest]} (with --previous {by_year.get(latest - 1, 'LAST_YEAR')} and "
                             f"--earlier {path})")
    out, problems, named, typed = RawReturn(), [], None, {}
    for file, root in data_files(paths):
        try:
            raws, found = read_file(file, only)
        except InputError as e:
            problems += e.problems
            continue
        # A row the file's reader could not take (the wrong number of values, an XML
        # CHILD without a HEADER) is an error: checking the return without it would
        # report its child's other rows wrongly, and the row itself not at all.
        problems += [p for p in found if p.severity == "error"]
        out.warnings += [p for p in found if p.severity != "error"]
        named = named or _year_in_path(file, root)
        for raw in raws:
            if raw.table.source != "903" or (only is not None and raw.table.name not in only):
                continue
            name = raw.table.name
            if name in out.tables:
                problems.append(Problem(str(file), f"a second {name} table (the first is {out.files[name]})"))
                continue
            out.tables[name] = Rows(tuple(raw.table.column_names), raw.rows)
            out.source_rows[name] = raw.row_numbers
            out.files[name] = raw.file
            typed[name] = raw
        status = next((r for r in raws if r.table is XML_UASC_STATUS), None)
        if status is not None and out.files.get("Header") == status.file:
            out.tables["Header"] = _with_uasc_status(out.tables["Header"], status)
    if not out.tables and not problems:
        wanted = f"no {' or '.join(sorted(only))} table" if only else "no table of the SSDA903 return"
        problems.append(Problem(", ".join(map(str, paths)), f"{wanted} in the files",
                                expected="the return's tables (Header, Episodes, ...) as CSV, XML or Parquet"))
    if problems:
        raise InputError(problems)
    out.named = named
    if not named:  # typing the dated tables' values is only needed to find the latest date
        out.dated = year_from_dates({n: type_rows(r)[0] for n, r in typed.items() if n in YEAR_DATES})
    if year:
        out.year, out.how = year, "from --year"
    elif named:
        out.year, out.how = named[0], f"from the name {named[1]!r}"
    else:
        out.year, out.how = out.dated, "from the latest date in the return"
        if out.year is None:  # no episode, review or missing date: a Header alone, say
            raise InputError([Problem(", ".join(map(str, paths)), "cannot tell the collection year",
                                      expected="--year, or the year in a folder or file name")])
    return out


def read_previous(path: Path, year: int) -> RawReturn:
    """Last year's return for a return of `year` (--previous). This year's return given
    by mistake made hundreds of findings (502, 503A-F...), so a ValueError refuses one
    whose names give another year, or, with no year in its names, whose latest date is
    in `year`."""
    last = read_return([path], year - 1)
    if last.named and last.named[0] != last.year:
        raise ValueError(f"{path}: --previous takes last year's return ({year_label(last.year)}), but the name "
                         f"{last.named[1]!r} is for {year_label(last.named[0])}")
    if last.dated == year:
        raise ValueError(f"{path}: --previous takes last year's return ({year_label(last.year)}), but its latest "
                         f"episode, review or missing date is in {year_label(year)}, this return's year (if it "
                         f"is last year's, put {last.year} in its folder's name)")
    return last


def _with_uasc_status(header: Rows, status: RawTable) -> Rows:
    """An XML return's Header with its UASC field, as the XML HEADER has it (the status
    rows, schema.ssda903.XML_UASC_STATUS, are the Header's, one each, in order). Rules
    105, 205C and 303 read it; a CSV return's Header has no UASC field."""
    assert len(header.rows) == len(status.rows), "an XML HEADER without its UASC status"
    at = status.table.column_names.index("UASC")
    return Rows((*header.columns, "UASC"), [(*row, s[at]) for row, s in zip(header.rows, status.rows)])


def read_earlier(paths: list[Path], year: int, each_holds_one: bool = False) -> dict[int, RawReturn]:
    """The returns before last year's, by collection year, as `--earlier` gives them: each
    path a return (its year from its names or dates), or a folder of returns in folders
    named by year, of which those before last year's are taken. Of each, the Episodes
    alone are read (engine.EARLIER_TABLES). With `each_holds_one` (a path the user named),
    a folder holding none of those years is a ValueError: rules 1001 and 1002 would
    quietly see two years only. An authority's folder (--authorities) may hold none."""
    found: dict[int, tuple[Path, RawReturn]] = {}
    for path in paths:
        by_year = year_folders(path) if path.is_dir() else {}
        returns = [(p, y) for y, p in by_year.items() if y < year - 1] if by_year else [(path, None)]
        if each_holds_one and not returns:
            raise ValueError(f"{path} holds no return before last year's ({year_label(year - 1)}): its years are "
                             f"{years_label(by_year)}; --earlier takes the years before last year's")
        for where, named in returns:
            raw = read_return([where], named, EARLIER_TABLES)
            if raw.year >= year - 1:
                raise ValueError(f"{where}: the return for {year_label(raw.year)} is not earlier than last year's "
                                 f"({year_label(year - 1)}); --earlier takes the years before it, --previous last year's")
            if raw.year in found:
                raise ValueError(f"{where}: a second return for {year_label(raw.year)} (the first is {found[raw.year][0]})")
            found[raw.year] = (where, raw)
    return {y: raw for y, (_, raw) in found.items()}


def warnings_of(*returns: RawReturn | None) -> list[Problem]:
    """What reading the returns only warned of (None for a return not given)."""
    return [w for r in returns if r for w in r.warnings]


def year_folders(folder: Path) -> dict[int, Path]:
    """`folder`'s sub-folders named by a collection year (2024, 2025, ...), as `caretrack
    demo` writes an authority's returns: {year: folder}."""
    return {int(p.name): p for p in sorted(folder.iterdir()) if p.is_dir() and re.fullmatch(r"\d{4}", p.name)}
