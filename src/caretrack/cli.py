"""The `caretrack` command.

The CLI is one of the two layers allowed to read today's date (DESIGN.md, "Time is a
parameter"); everything below it takes dates and years as arguments.
"""

# No `from __future__ import annotations` here: typer reads every command's annotations
# each time the command starts, and as strings it compiles and evaluates each twice;
# evaluated once as the module is read, they cost about 10 ms less a run.
import contextlib
import datetime as dt
import gc
import tempfile
from pathlib import Path
from typing import Annotated, Optional

import typer

from caretrack.io import output
from caretrack.io.problems import InputError, Problem
from caretrack.schema import year_label, years_label

app = typer.Typer(
    help=(
        "caretrack: children in care and care leavers information system.\n\n"
        "Start with `caretrack load FOLDER` (SSDA903 CSV or XML returns and operational CSVs), "
        "then `caretrack info`. The store is a DuckDB file: --store PATH, or CARETRACK_STORE, "
        "else ./caretrack.duckdb."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="markdown",
    # A traceback never shows local variables: they may hold children's records.
    pretty_exceptions_show_locals=False,
)


class _Console:
    """rich's Console, imported and made when a command first prints through it: a
    validation whose report goes to a file prints only plain lines (`note`), and rich is
    a tenth of its imports."""

    def __init__(self, stderr: bool = False):
        self._stderr, self._console = stderr, None

    def rich(self):
        if self._console is None:
            from rich.console import Console

            # No markup: what is printed holds paths, option values and values of the
            # return ("[/x]" stopped a command, "[old]" vanished). Styles are given as
            # rich Text (`styled`, `labelled`).
            self._console = Console(stderr=self._stderr, markup=False)
        return self._console

    def __getattr__(self, name):
        return getattr(self.rich(), name)


console = _Console()
errors = _Console(stderr=True)


def styled(text: str, style: str, rest=""):
    """`text` in a style, then `rest` (a str or another styled text) as it is: a rich
    Text, imported when something is printed."""
    from rich.text import Text

    return Text.assemble((text, style), rest)


def labelled(label: str, text: str):
    """'Label: text', the label in bold."""
    return styled(f"{label}:", "bold", f" {text}")


def note(text: str) -> None:
    """A plain line on standard error, unwrapped (what a log or pipeline keeps)."""
    typer.echo(text, err=True)

MAX_SHOWN = 50

StoreOption = Annotated[
    Path,
    typer.Option("--store", envvar="CARETRACK_STORE", help="The store file (DuckDB).", show_default=True),
]


def _require_format(format: str, *names: str) -> None:
    """Refuse a --format the command does not write (exit 2, a usage error, as Click
    gives for a bad option), naming those it does."""
    if format not in names:
        errors.print(f"Unknown format {format!r}: use {', '.join(names[:-1])} or {names[-1]}.")
        raise typer.Exit(2)


def _date_option(option: str, text: str) -> dt.date:
    """A date option as 31/03/2025 (as caretrack writes dates) or 2025-03-31; a usage
    error (exit 2) otherwise, not a traceback."""
    from caretrack.io.values import parse_date

    try:
        return parse_date(text.strip())
    except ValueError:
        errors.print(f"{option} {text!r} is not a date: give it as dd/mm/YYYY or YYYY-MM-DD.")
        raise typer.Exit(2) from None


def _store_default() -> Path:
    # The same as caretrack.store.DEFAULT_STORE (a test checks), without importing the
    # store and its dependencies for commands that do not open it.
    return Path("caretrack.duckdb")


def progress():
    """A progress bar on standard error (rich's, imported when a command shows one)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=errors.rich(),
        transient=True,
    )


def rich_table(*args, **kwargs):
    """rich's Table, imported when a command prints one (most of a validation's output is
    a file, and rich's tables and bars are a tenth of its imports)."""
    from rich.table import Table

    return Table(*args, **kwargs)


def show_problems(problems: list[Problem], title: str) -> None:
    table = rich_table(title=title, title_justify="left")
    for column in ("file", "row", "column", "problem"):
        table.add_column(column, overflow="fold")
    for p in problems[:MAX_SHOWN]:
        detail = p.message
        if p.value is not None:
            detail += f": found {p.value!r}"
        if p.expected:
            detail += f"; expected {p.expected}"
        table.add_row(p.file, "" if p.row is None else str(p.row), p.column or "", detail)
    errors.print(table)
    if len(problems) > MAX_SHOWN:
        errors.print(f"... and {len(problems) - MAX_SHOWN} more.")


@contextlib.contextmanager
def _stops(title: str, code: int):
    """Input that cannot be used ends the command with exit `code`: an InputError's
    problems listed under `title`, a ValueError's message."""
    try:
        yield
    except InputError as e:
        show_problems(e.problems, title)
        raise typer.Exit(code) from None
    except ValueError as e:
        errors.print(str(e))
        raise typer.Exit(code) from None


@app.command()
def load(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders of 903 returns (CSV, XML, Parquet) and operational CSVs.")],
    la: Annotated[Optional[str], typer.Option(help="Authority code for every file (else each folder's authority.toml).")] = None,
    year: Annotated[Optional[int], typer.Option(help="Collection year by its end, e.g. 2025 for 2024-25 (else from folder or file names, else from the dates).")] = None,
    store: StoreOption = _store_default(),
) -> None:
    """Load returns and operational records into the store, all or nothing.

    Every file is read and checked first; if any has a problem, each problem is listed
    with its file, row and column, nothing is stored and the exit code is 1. Loading a
    year again replaces that authority's return for the year.
    """
    from caretrack.io.sources import data_files, read_sources
    from caretrack.store import Store

    try:
        total = len(data_files(paths))
        with progress() as bar:
            task = bar.add_task("Reading", total=total)
            sources = read_sources(paths, la=la, year=year, progress=lambda f: bar.advance(task))
    except InputError as e:
        if e.warnings:
            show_problems(e.warnings, "Warnings")
        show_problems(e.problems, f"Not loaded: {len(e.problems)} problem(s); the store is unchanged")
        raise typer.Exit(1) from None
    if sources.warnings:
        show_problems(sources.warnings, "Warnings (loaded all the same)")
    with Store(store) as st:
        dropped = st.load(sources, loaded_at=dt.datetime.now())
    for note in sources.notes:
        console.print(styled("Loaded", "green", f" {note}"))
    by_return: dict[tuple[str, int], list[str]] = {}
    for authority, held_year, table in dropped:
        by_return.setdefault((authority, held_year), []).append(table)
    for (authority, held_year), tables in by_return.items():
        console.print(styled("Replaced", "yellow", f" {authority} {year_label(held_year)} as a whole: its "
                             f"{', '.join(tables)} are no longer in the store (not in this load)."))
    for authority, tables in sources.operational.items():
        console.print(styled("Loaded", "green", f" {authority} operational records: {', '.join(sorted(tables))}"))
    console.print(f"{len(sources.files)} file(s) into {store}")


@app.command()
def info(store: StoreOption = _store_default()) -> None:
    """Show the authorities, collection years, tables and row counts in the store."""
    from caretrack.store import Store

    _require_store(store)
    with Store(store, read_only=True) as st:
        names = st.authorities()
        counts = st.counts()
    returns = {}
    for table, la, year, rows in counts:
        returns.setdefault((la, year), []).append(f"{table} {rows:,}")
    view = rich_table(title=f"Store {store}", title_justify="left")
    for column in ("authority", "year", "tables (rows)"):
        view.add_column(column, overflow="fold")
    for (la, year), tables in sorted(returns.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0)):
        label = f"{la} {names.get(la) or ''}".strip()
        view.add_row(label, year_label(year) if year else "operational", ", ".join(tables))
    console.print(view if returns else "The store is empty.")


@app.command()
def export(
    year: Annotated[int, typer.Option(help="Collection year by its end, e.g. 2025.")],
    out: Annotated[Path, typer.Option(help="Folder to write into.")],
    la: Annotated[Optional[str], typer.Option(help="Authority code (needed when the store holds several).")] = None,
    format: Annotated[str, typer.Option("--format", help="csv, xml or parquet.")] = "csv",
    replace: Annotated[bool, typer.Option("--replace", help="Write over files of the same names in the folder.")] = False,
    store: StoreOption = _store_default(),
) -> None:
    """Write a year's 903 return back out as CSV files, one XML file or Parquet files.

    Files of the same names already in the folder (the return as it was submitted, it
    may be) are not written over unless --replace is given."""
    from caretrack.io.export import export_return
    from caretrack.store import Store

    _require_format(format, "csv", "xml", "parquet")

    with Store(store, read_only=True) as st:
        try:
            la = st.return_of(year, la)
            written = export_return(st, la, year, format, out, replace=replace)
        except FileExistsError as e:
            errors.print(f"{e}: nothing written (--replace writes over them).")
            raise typer.Exit(1) from None
        except (ValueError, InputError) as e:
            errors.print(str(e))
            raise typer.Exit(1) from None
    console.print(f"Wrote {len(written)} file(s) to {out}")


@app.command()
def validate(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="The return's files or folder (CSV, XML or Parquet); none: the store's return for --year and --la.")] = None,
    year: Annotated[Optional[int], typer.Option(help="Collection year by its end, e.g. 2026 for 2025-26 (else from names or dates).")] = None,
    previous: Annotated[Optional[Path], typer.Option(help="Last year's return, for the rules that compare years.")] = None,
    earlier: Annotated[Optional[list[Path]], typer.Option("--earlier", help="Returns of the years before last year's (repeat the option), or a folder of them by year (2019, 2020, ... as `caretrack demo` writes): rules 199, 1000, 1001 and 1002 then look over the whole history of care, as the DfE does.")] = None,
    rule: Annotated[Optional[list[str]], typer.Option("--rule", help="Only these rules (repeat the option).")] = None,
    format: Annotated[Optional[str], typer.Option("--format", help="table, csv, json or html (default: the --out file's, by its suffix; else table).")] = None,
    out: Annotated[Optional[Path], typer.Option(help="Write the csv, json or html report to this file (else standard output); with --authorities, a folder for one report per authority.")] = None,
    la: Annotated[Optional[str], typer.Option("--la", help="The return's own authority code, for the rules that need it (default: `la` in the nearest authority.toml).")] = None,
    providers: Annotated[Optional[Path], typer.Option(help="Ofsted's providers as CSV (URN, LA_CODE, PLACE_CODES, PROVIDER_CODES, REG_END, POSTCODE), for the rules that need it.")] = None,
    postcodes: Annotated[Optional[Path], typer.Option(help="A postcode directory as CSV (POSTCODE, EASTING, NORTHING, LA_CODE), for the rules on placement distance and location.")] = None,
    authorities: Annotated[bool, typer.Option("--authorities", help="PATH is a folder of authorities (one sub-folder each, as `caretrack demo --authorities N` writes): check each one's return for --year, with the year before as the previous return and the years before that as earlier returns (as --earlier).")] = False,
    store: StoreOption = _store_default(),
) -> None:
    """Check a 903 return against the DfE's validation rules for its year.

    Lists every error with the child, table, row in its file, fields (and the child's
    Header fields the rule reads), rule code and message, then a summary by rule;
    --format html writes a report grouped by child. Rules that need what is not given
    (--previous, --la, --providers, --postcodes) are listed as not run, with why,
    whether anything is found or not. Without --earlier, rules 1001 and 1002 flag care
    leavers whose time in care was before last year's return. Exits 1 when anything is
    found, so it can gate a pipeline, and 2 when a file or row cannot be read (nothing is
    checked then; with --authorities, the other authorities are). Without PATH, the
    return the store holds for --year (default: its latest) and --la is checked, with
    the store's years before it as last year's and earlier returns. The output holds the
    return's own child-level data: keep it within the authority.
    """
    from caretrack.io.sources import authority_for
    from caretrack.validate import check
    from caretrack.validate import report as rep
    from caretrack.validate.files import read_earlier, read_previous, read_return, warnings_of
    from caretrack.validate.registry import rules_for

    format = _report_format(format, out, authorities)
    # The store's return is written out as a return's files, and read as they are.
    written = contextlib.nullcontext() if paths else tempfile.TemporaryDirectory(prefix="caretrack-validate-")
    with _stops("Cannot validate: these files cannot be read", 2), written as temporary:
        folder = Path(temporary) if temporary else None
        reference = _reference_data(providers, postcodes)
        if authorities:
            _validate_authorities(paths or [], year, format, out, reference, rule)
            return
        if folder is not None:
            if previous or earlier:
                raise ValueError("--previous and --earlier are for a return's files: the store's return is checked "
                                 "with the store's earlier years.")
            asked = year
            paths, previous, earlier, year, la = _store_return(store, year, la, folder)
        raw = read_return(paths, year)
        if folder is not None and asked is None:
            raw.how = "the latest the store holds"
        last = read_previous(previous, raw.year) if previous else None
        rules = rules_for(raw.year)
        if la is None and paths:
            # The nearest authority.toml above the return, as `caretrack load` reads it.
            first = paths[0] / "return" if paths[0].is_dir() else paths[0]
            found = authority_for(first, Path(first.anchor), None)
            la = found.la if found else None
        history = read_earlier(earlier or [], raw.year, each_holds_one=True)
        warnings = warnings_of(raw, last, *history.values())
        if warnings:
            show_problems(warnings, "Warnings (checked all the same)")
        flagged, skipped = check(raw.tables, raw.year, last.tables if last else None, rule, reference, la,
                                 earlier={y: r.tables for y, r in history.items()})
    if folder is not None:
        # Findings name the store's return: the files were only the way in.
        raw.files = {name: f"{store} ({la}, {year_label(raw.year)})" for name in raw.files}
        raw.source_rows = {}
    found = rep.findings(flagged, raw, rules)
    notes = rep.notes_for(found, raw, last, bool(history))
    note(f"Collection year {year_label(raw.year)} ({raw.how}); {len(flagged)} rules run, "
         f"{len(skipped)} skipped; {len(found)} finding(s).")
    if format == "table":
        _show_findings(found, skipped, notes)
    else:
        for line in notes:
            note(line)
        text = rep.as_text(format, found, skipped, raw, warnings, notes, la or "")
        if out:
            try:
                output.write_text(out, text, bom=format == "csv")  # a file is opened in Excel; stdout is piped
            except OSError as e:
                errors.print(f"Cannot write {out}: {e.strerror}.")
                raise typer.Exit(2) from None
            note(f"Wrote {out}")
        else:
            print(text, end="")
    if found:
        raise typer.Exit(1)


def _show_findings(found: list, skipped: dict[str, str], notes: tuple[str, ...]) -> None:
    """validate's terminal output: the findings (the first 500) and a summary by rule,
    then the notes (before the findings, those would scroll away) and the rules not
    run, found or not: "No errors found" alone would pass a return whose year-on-year
    rules never ran."""
    from caretrack.validate import report as rep

    if not found:
        console.print(styled("No errors found", "green", f"{' by the rules run' if skipped else ''}."))
    else:
        view = rich_table(title="Findings", title_justify="left")
        for column in ("child", "table", "row", "rule", "message", "fields"):
            view.add_column(column, overflow="fold")
        for f in found[:500]:
            fields = ", ".join(filter(None, (rep.pairs(f.fields, ", ", "(blank)"),
                                             rep.pairs(f.header, ", ", "(blank)", " (Header)"))))
            view.add_row(f.child or "", f.table, str(f.row or ""), f.code, f.message, fields)
        console.print(view)
        if len(found) > 500:
            console.print(f"... and {len(found) - 500} more: use --format csv or html for all.")
        totals = rich_table(title="Summary by rule", title_justify="left")
        for column in ("rule", "message", "rows"):
            totals.add_column(column, overflow="fold")
        for code, message, n in rep.summary(found):
            totals.add_row(code, message, str(n))
        console.print(totals)
    for line in notes:
        console.print(line, style="yellow")
    by_reason: dict[str, list[str]] = {}
    for code, why in skipped.items():
        by_reason.setdefault(why, []).append(code)
    for why, codes in by_reason.items():
        console.print(f"{len(codes)} rule(s) not run, {why}: {', '.join(codes)}", style="dim")


def _reference_data(providers: Path | None, postcodes: Path | None) -> dict:
    """The reference data given on the command line, read as text."""
    import io

    from caretrack.io.csvfiles import text_of
    from caretrack.validate.engine import REFERENCE_COLUMNS

    out = {}
    for name, path in (("provider_info", providers), ("postcodes", postcodes)):
        if path is None:
            continue
        import pandas as pd  # only when there is reference data: a fifth of a run's time

        try:
            out[name] = pd.read_csv(io.StringIO(text_of(path)), dtype=str, keep_default_na=False)
        except ValueError as e:
            raise InputError([Problem(str(path), f"cannot be read as CSV: {e}")]) from None
        # Without its columns the rules reading it would run on blanks and report nothing.
        found = {str(c).strip().upper() for c in out[name].columns}
        missing = [c for c in REFERENCE_COLUMNS[name] if c not in found]
        if missing:
            raise InputError([Problem(str(path), "missing column", 1, c, expected=f"the columns {', '.join(REFERENCE_COLUMNS[name])}")
                              for c in missing])
    return out


def _store_return(store: Path, year: int | None, la: str | None, folder: Path):
    """The store's return for `year` (default: the latest it holds) and `la`, written into
    `folder` as CSV files by year, with the years the store holds before it: what
    `caretrack validate` then reads as (paths, --previous, --earlier, year, la)."""
    from caretrack.io.export import export_return
    from caretrack.store import Store
    from caretrack.validate.engine import EARLIER_TABLES

    if not store.exists():
        raise ValueError(f"No store at {store}: give the return's files as PATH, or load them with `caretrack load`.")
    with Store(store, read_only=True) as st:
        returns = st.years()
        years = sorted({y for a, y in returns if la in (None, a)})
        year = year or (years[-1] if years else None)
        if year is None:
            raise ValueError(f"The store holds no 903 return{f' for {la}' if la else ''}: load one with "
                             "`caretrack load FOLDER`, or give PATH.")
        la = st.return_of(year, la)
        held = sorted(y for a, y in returns if a == la and y <= year)
        for y in held:  # of the returns before last year's, the Episodes alone are read
            export_return(st, la, y, "csv", folder / str(y), None if y >= year - 1 else EARLIER_TABLES)
    previous = folder / str(year - 1) if year - 1 in held else None
    return [folder / str(year)], previous, [folder] if any(y < year - 1 for y in held) else [], year, la


def _report_format(format: str | None, out: Path | None, authorities: bool) -> str:
    """validate's --format: as given, else the --out file's by its suffix, else the table.
    The table is for the terminal: with --out it would have written nothing (exit 2)."""
    if out is not None and not authorities and out.is_dir():
        errors.print(f"--out {out} is a folder: give the report's file, such as {out / 'validation.html'}.")
        raise typer.Exit(2)
    if format is None and out is not None and not authorities:
        format = {".csv": "csv", ".json": "json", ".html": "html", ".htm": "html"}.get(out.suffix.lower())
    if format is None and out is not None:
        errors.print(f"Give --format csv, json or html for the {'reports in ' if authorities else ''}{out}.")
        raise typer.Exit(2)
    _require_format(format or "table", "table", "csv", "json", "html")
    if format == "table" and out is not None:
        errors.print("--format table is for the terminal: give --format csv, json or html with --out.")
        raise typer.Exit(2)
    return format or "table"


def _validate_authorities(paths: list[Path], year: int | None, format: str, out: Path | None, reference: dict,
                          rules: list[str] | None) -> None:
    """`caretrack validate --authorities FOLDER --year Y`: a summary line per authority."""
    from caretrack.validate.many import authority_folders, validate_many

    if len(paths) != 1 or not paths[0].is_dir() or year is None:
        errors.print("--authorities takes one folder of authorities and --year.")
        raise typer.Exit(2)
    if format != "table" and out is None:
        errors.print("With --authorities, give --out FOLDER for the per-authority reports.")
        raise typer.Exit(2)
    folders = authority_folders(paths[0])
    if not folders:
        errors.print(f"No authority folders (with authority.toml) in {paths[0]}.")
        raise typer.Exit(2)
    with progress() as bar:
        task = bar.add_task("Validating", total=len(folders))
        results = validate_many(paths[0], year, out if format != "table" else None, format, reference, rules,
                                progress=lambda: bar.advance(task))
    view = rich_table(title=f"Collection year {year_label(year)}: {len(results)} authorities", title_justify="left")
    for column in ("authority", "findings", "rules with findings", "report"):
        view.add_column(column, overflow="fold")
    for r in results:
        if r.problems:
            view.add_row(r.la, "", "", styled("not checked: its files cannot be read", "red"))
        else:
            view.add_row(r.la, f"{r.findings:,}", str(len(r.by_rule)), r.report or "")
    console.print(view)
    if out is not None and format == "html":
        console.print(f"Index of the reports: {out / 'index.html'}")
    unread = [r for r in results if r.problems]
    for r in unread:
        show_problems(r.problems, f"Authority {r.la} not checked: these files cannot be read")
    if unread:
        raise typer.Exit(2)
    if any(r.findings for r in results):
        raise typer.Exit(1)


def _years_in(con) -> list[int]:
    """The collection years of the 903 returns in the store (an open ibis connection)."""
    return [y for (y,) in con.raw_sql("SELECT DISTINCT YEAR FROM header ORDER BY YEAR").fetchall()]


def _held(con, year: int | None, la: str | None, every_year: bool = False) -> list[int]:
    """The collection years asked for: `year` (default: the latest in the store), or every
    year held. A year or authority the store does not hold is refused (exit 1): figures
    and lists of nothing would otherwise show as zeros or an empty table."""
    years = _years_in(con)
    chosen = years if every_year else [year or (years[-1] if years else None)]
    if not years:
        errors.print("The store holds no 903 return: load one with `caretrack load FOLDER`.")
        raise typer.Exit(1)
    if any(y not in years for y in chosen):
        errors.print(f"The store holds no return for {year_label(year)}; it holds {years_label(years)}.")
        raise typer.Exit(1)
    if la is not None:
        las = [a for (a,) in con.raw_sql("SELECT DISTINCT LA FROM header ORDER BY LA").fetchall()]
        if la not in las:
            errors.print(f"The store holds no return for authority {la!r}; it holds {', '.join(las)}.")
            raise typer.Exit(1)
    return chosen


def _require_store(store: Path) -> None:
    if not store.exists():
        errors.print(f"No store at {store}: run `caretrack load FOLDER` first.")
        raise typer.Exit(1)


def _open_store(store: Path, settings: Path | None = None):
    from caretrack.indicators.backends import duckdb_store

    _require_store(store)
    _require_settings(settings)
    return duckdb_store(store)


def _require_settings(settings: Path | None = None) -> None:
    """The authority's settings (--settings, else CARETRACK_SETTINGS), read before any
    figure is: a file that is not valid TOML, or names a timescale there is none of,
    is refused with its name and line (exit 1) rather than a traceback mid-way."""
    import os

    from caretrack.compliance.timescales import load

    path = settings or os.environ.get("CARETRACK_SETTINGS")
    if not path:
        return
    with _stops("Cannot read the settings", 1):
        load(Path(path))


def _shown(value, unit: str = "") -> str:
    if value is None:
        return "-"
    return f"{value:,.1f}" if unit in ("percent", "rate", "average", "per_year") else f"{value:,.0f}"


@app.command()
def indicators(
    year: Annotated[Optional[int], typer.Option(help="Collection year by its end, e.g. 2025 (default: the latest in the store).")] = None,
    la: Annotated[Optional[str], typer.Option(help="One authority (default: every authority in the store).")] = None,
    id: Annotated[Optional[list[str]], typer.Option("--id", help="Only these indicators (repeat the option).")] = None,
    trend: Annotated[bool, typer.Option(help="Every collection year in the store, not just one.")] = False,
    list_: Annotated[bool, typer.Option("--list", help="List the indicators and their definitions, then stop.")] = False,
    format: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
    store: StoreOption = _store_default(),
) -> None:
    """Compute every indicator the committee reports use.

    json gives a list of objects with id, year, la, value, numerator, denominator and,
    for breakdowns, breakdown (category to count). `caretrack children ID` lists the
    children behind a figure; `caretrack explain ID` shows its definition and SQL.
    """
    import csv
    import json
    import sys

    from caretrack.indicators import all_indicators, compute, get
    from caretrack.indicators.plans import Plans

    if list_:
        view = rich_table(title="Indicators", title_justify="left")
        for column in ("id", "unit", "title"):
            view.add_column(column, overflow="fold")
        for i in all_indicators():
            view.add_row(i.id, i.unit, i.title)
        console.print(view)
        return
    _require_format(format, "table", "csv", "json")
    con = _open_store(store)
    chosen = _held(con, year, la, every_year=trend)
    results, plans = [], Plans()
    with progress() as bar:
        task = bar.add_task("Computing", total=len(chosen))
        for y in chosen:
            results += compute(con, y, ids=id, la=la, plans=plans)
            bar.advance(task)
    if format == "json":
        print(json.dumps([r.as_dict() for r in results], indent=1))
    elif format == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(["id", "year", "la", "value", "numerator", "denominator", "category", "count"])
        for r in results:
            rows = r.breakdown.items() if r.breakdown else [("", "")]
            for category, count in rows:
                writer.writerow([r.id, r.year, r.la, r.value, r.numerator, r.denominator, category, count])
    else:
        # A year or authority that every row shares goes in the title, leaving the
        # indicators' titles room on a narrow terminal.
        years, las = sorted({r.year for r in results}), sorted({r.la for r in results})
        shared = ([f"collection year {year_label(years[0])}"] if len(years) == 1 else []) + (
            [f"authority {las[0]}"] if len(las) == 1 else [])
        columns = ["indicator"] + (["year"] if len(years) > 1 else []) + (["LA"] if len(las) > 1 else [])
        title = ", ".join(shared)
        view = rich_table(title=title[:1].upper() + title[1:] or None, title_justify="left")
        for column in columns + ["value", "of", "breakdown"]:
            view.add_column(column, overflow="fold", no_wrap=column in ("value", "year", "LA"))
        for r in results:
            i = get(r.id)
            shown = _shown(r.value, i.unit) + ("%" if i.unit == "percent" and r.value is not None else "")
            of = "" if r.denominator is None else f"{_shown(r.numerator)} of {_shown(r.denominator)}"
            parts = ", ".join(f"{k} {v}" for k, v in (r.breakdown or {}).items())
            varying = ([year_label(r.year)] if len(years) > 1 else []) + ([r.la] if len(las) > 1 else [])
            view.add_row(styled(f"{i.title} ", "", styled(f"({i.id})", "dim")), *varying, shown, of, parts)  # id dimmed
        console.print(view)


@app.command()
def children(
    indicator: Annotated[str, typer.Argument(help="Indicator id, e.g. placements_3_plus (see `caretrack indicators --list`).")],
    year: Annotated[Optional[int], typer.Option(help="Collection year by its end (default: the latest in the store).")] = None,
    la: Annotated[Optional[str], typer.Option(help="One authority.")] = None,
    format: Annotated[str, typer.Option("--format", help="table or csv.")] = "table",
    store: StoreOption = _store_default(),
) -> None:
    """List the children an indicator counts, with the fields that put them there.

    For a percentage, every child of the denominator is listed and `numerator` says
    whether the child is counted in the numerator too.
    """
    import sys

    from caretrack.indicators import children as rows_of

    _require_format(format, "table", "csv")

    con = _open_store(store)
    try:
        frame = rows_of(con, indicator, _held(con, year, la)[0], la)
    except KeyError as e:
        errors.print(str(e).strip("'\""))
        raise typer.Exit(1) from None
    for column in frame.columns:
        if str(frame[column].dtype).startswith("datetime"):
            frame[column] = frame[column].dt.strftime("%d/%m/%Y")
    if format == "csv":
        frame.to_csv(sys.stdout, index=False)
        return
    view = rich_table(title=f"{indicator}: {len(frame)} row(s)", title_justify="left")
    for column in frame.columns:
        view.add_column(str(column), overflow="fold")
    for row in frame.itertuples(index=False):
        view.add_row(*["" if v is None or v != v else str(v) for v in row])
    console.print(view)


@app.command()
def explain(
    indicator: Annotated[str, typer.Argument(help="Indicator id (see `caretrack indicators --list`), or a validation rule's code (docs/validation-rules.md).")],
    dialect: Annotated[str, typer.Option(help="SQL dialect: duckdb, postgres, tsql or spark (a validation rule: duckdb).")] = "duckdb",
    year: Annotated[int, typer.Option(help="Collection year the SQL is written for.")] = 2025,
) -> None:
    """Show an indicator's definition, its source and the SQL it runs; or a validation
    rule's message, fields, years and SQL."""
    from caretrack.indicators import get, sql

    try:
        i = get(indicator)
    except KeyError:
        if not _explain_rule(indicator, year, dialect):
            errors.print(f"{indicator!r} is neither an indicator (`caretrack indicators --list` lists them) nor a "
                         "validation rule's code (docs/validation-rules.md).")
            raise typer.Exit(1) from None
        return
    console.print(styled(i.title, "bold", f" ({i.id}, {i.unit})"))
    for label, text in (("Cohort", i.cohort), ("Counts", i.numerator), ("Out of", i.denominator),
                        ("Excludes", i.exclusions), ("Source", i.source)):
        if text:
            console.print(labelled(label, text))
    if i.higher_is_better is not None:
        console.print(labelled("Better", "higher" if i.higher_is_better else "lower"))
    print()
    print(sql(indicator, year, dialect))


def _explain_rule(code: str, year: int, dialect: str) -> bool:
    """Print the validation rule `code`'s definition for `year`; False if no rule has
    that code (in any year)."""
    from caretrack.validate.engine import rule_script
    from caretrack.validate.rules import ALL_RULES

    versions = [r for r in ALL_RULES if r.code.upper() == code.upper()]
    if not versions:
        return False
    rule = next((r for r in versions if year in r.years), None)
    if rule is None:
        years = sorted({y for r in versions for y in r.years})
        errors.print(f"Rule {versions[0].code} applies in {years_label(years)}, not in {year_label(year)}.")
        raise typer.Exit(1)
    if dialect != "duckdb":
        errors.print("A validation rule is DuckDB SQL: give --dialect duckdb, or leave it out.")
        raise typer.Exit(2)
    console.print(styled(f"Rule {rule.code}", "bold", f" ({year_label(year)}): {rule.message}"), highlight=False)
    console.print(labelled("Fields", ", ".join(rule.fields)), highlight=False)
    others = [r for r in versions if r is not rule]
    console.print(labelled("Years", years_label(rule.years)
                           + (f" (worded or defined otherwise in {years_label(y for r in others for y in r.years)})"
                              if others else "")), highlight=False)
    if rule.needs:
        from caretrack.validate.rule import NEEDS

        console.print(labelled("Needs", "; ".join(NEEDS[n].removeprefix("needs ") for n in rule.needs)), highlight=False)
    console.print(labelled("Source", f"DfE, Children looked after return {year_label(year)}: validation rules"),
                  highlight=False)
    print()
    print(rule_script(rule))
    return True


@app.command()
def due(
    at: Annotated[Optional[str], typer.Option(help="The date to look from (dd/mm/YYYY or YYYY-MM-DD); default today.")] = None,
    team: Annotated[Optional[str], typer.Option(help="Only this team (TEAM_ID).")] = None,
    worker: Annotated[Optional[str], typer.Option(help="Only this worker (WORKER_ID).")] = None,
    within: Annotated[Optional[str], typer.Option(help="Only what is due within this many days, e.g. 14d (overdue included).")] = None,
    overdue: Annotated[bool, typer.Option(help="Only what is overdue.")] = False,
    la: Annotated[Optional[str], typer.Option(help="One authority.")] = None,
    settings: Annotated[Optional[Path], typer.Option(envvar="CARETRACK_SETTINGS", help="The authority's settings file (its own timescales).")] = None,
    format: Annotated[str, typer.Option("--format", help="table or csv.")] = "table",
    store: StoreOption = _store_default(),
) -> None:
    """List every child's statutory obligations: last done, next due, status, team and worker.

    Obligations are visits, care plans, reviews, health assessments, dental checks,
    SDQs, PEPs, needs assessments, advisers by 16, pathway plans, adviser contacts,
    housing applications, keep-in-touch contacts and age assessments; timescales are
    the statutory defaults or the authority's own (--settings; docs/timescales.md).
    """
    import re
    import sys

    import pandas as pd  # already loaded by ibis, which hands back pandas values

    from caretrack.compliance import due as due_on

    on = _date_option("--at", at) if at else dt.date.today()
    days = re.fullmatch(r"(\d+)d?", within.strip().lower()) if within else None
    if within and days is None:
        errors.print(f"--within {within!r}: give a number of days, e.g. 14d.")
        raise typer.Exit(2)
    _require_format(format, "table", "csv")
    con = _open_store(store, settings)
    latest = _held(con, None, la)[0]
    every = due_on(con, min(on.year + (1 if on.month >= 4 else 0), latest), on, settings, la)
    t = every.filter(every.STATUS != "done")
    holders = {column: value for column, value in (("TEAM", team), ("WORKER", worker)) if value is not None}
    for column, value in holders.items():
        t = t.filter(t[column] == value)
    if overdue:
        t = t.filter(t.STATUS == "overdue")
    if days:
        t = t.filter(t.DUE <= on + dt.timedelta(days=int(days[1])))
    frame = t.order_by(["DUE", "CHILD", "OBLIGATION"]).execute()
    for column, value in holders.items():
        # Nothing for a team or worker that holds no case is likely a misspelling.
        if frame.empty and every.filter(every[column] == value).count().execute() == 0:
            errors.print(f"No {column.lower()} {value!r} holds a case (--{column.lower()} takes the case records' "
                         f"{column}_ID).")
            raise typer.Exit(2)
    visits = con.table("visits")
    recorded = (visits.filter(visits.LA == la) if la else visits).VISIT_DATE.max().execute()  # a Timestamp, or NaT
    if not pd.isna(recorded) and (on - recorded.date()).days > 31:
        # The demo's records end on 31 March 2025: looked at from today, everything due
        # since showed as overdue, with no word why. Visits, the most frequent obligation,
        # tell when the records end (the latest of every obligation's costs the run again).
        note(f"The latest visit the store records is on {recorded.date():%d/%m/%Y}: what was done since is not in it, so "
             "what fell due since shows as overdue. Load newer records, or look from an earlier date with --at.")
    for column in ("LAST_DONE", "DUE"):
        frame[column] = frame[column].map(lambda d: "" if d is None or d != d else d.strftime("%d/%m/%Y"))
    # A child not allocated to a team or worker (a care leaver's keep-in-touch contacts):
    # blank, where pandas gives NaN.
    frame[["TEAM", "WORKER"]] = frame[["TEAM", "WORKER"]].astype(object).where(frame[["TEAM", "WORKER"]].notna(), "")
    if format == "csv":
        frame.to_csv(sys.stdout, index=False)
        return
    view = rich_table(title=f"Obligations on {on:%d/%m/%Y}: {len(frame)}", title_justify="left")
    for column in ("CHILD", "OBLIGATION", "LAST_DONE", "DUE", "STATUS", "TEAM", "WORKER"):
        view.add_column(column.replace("_", " ").lower())
    colour = {"overdue": "red", "due soon": "yellow", "in time": "green"}
    for row in frame.itertuples(index=False):
        status = styled(row.STATUS, colour.get(row.STATUS, "white"))
        view.add_row(row.CHILD, row.OBLIGATION.replace("_", " "), row.LAST_DONE, row.DUE, status, row.TEAM, row.WORKER)
    console.print(view)


@app.command()
def report(
    year: Annotated[int, typer.Option(help="Collection year by its end, e.g. 2025 for 2024-25.")],
    format: Annotated[str, typer.Option("--format", help="html, pdf or both.")] = "html",
    out: Annotated[Path, typer.Option(help="Folder to write the reports into.")] = Path("reports"),
    la: Annotated[Optional[str], typer.Option(help="Authority code (needed when the store holds several).")] = None,
    template: Annotated[Optional[Path], typer.Option(help="Your annual report template (a copy of the default), or a folder of templates (annual.html, committee.html); docs/reports.md.")] = None,
    comparators: Annotated[Optional[list[Path]], typer.Option("--comparators", help="Published authority-level CSVs from explore education statistics, for England and statistical-neighbour figures (repeat the option).")] = None,
    neighbours: Annotated[Optional[str], typer.Option(help="Statistical neighbours for --comparators: LA codes or names, comma-separated.")] = None,
    comparator_map: Annotated[Optional[Path], typer.Option(help="Which CSV rows stand for which indicator (TOML; default: caretrack/report/comparators.toml).")] = None,
    appendix: Annotated[bool, typer.Option("--appendix", help="Add the analyst appendix: each figure's definition and source, and data-quality notes.")] = False,
    store: StoreOption = _store_default(),
) -> None:
    """Write the annual children in care and care leavers report and the committee
    performance sections, as HTML and/or A4 PDF.

    Every figure comes from the indicator engine, so it is the same as `caretrack
    indicators --year YEAR` shows. The reports hold figures for the whole authority,
    no child-level data.
    """
    import time

    from caretrack.report import Options, build

    _require_format(format, "html", "pdf", "both")
    formats = {"html": ("html",), "pdf": ("pdf",), "both": ("html", "pdf")}[format]
    if neighbours and not comparators:
        errors.print("--neighbours names the statistical neighbours in the --comparators files: give those too.")
        raise typer.Exit(2)
    for given in (template, comparator_map):
        if given is not None and not given.exists():  # else the default would be used without a word
            errors.print(f"No such file or folder: {given}")
            raise typer.Exit(2)
    _require_store(store)
    started = time.perf_counter()
    options = Options(year=year, la=la, formats=formats, template=template, comparators=list(comparators or []),
                      neighbours=[n.strip() for n in (neighbours or "").split(",") if n.strip()],
                      comparator_map=comparator_map, appendix=appendix, produced=f"{dt.date.today():%d %B %Y}")
    _require_settings()
    with _stops("Cannot read the comparator files", 1):
        try:
            built = build(store, options, out)
        except OSError as e:
            errors.print(f"Cannot use {e.filename or out}: {e.strerror or e}.")  # not the errno and repr of a path
            raise typer.Exit(1) from None
    for path in built.written:
        console.print(styled("Wrote", "green", f" {path}"))
    console.print(f"{len(built.written)} file(s) in {time.perf_counter() - started:.1f} s")


@app.command()
def demo(
    out: Annotated[Path, typer.Option(help="Folder to write the demo authority's returns and records into.")] = Path("demo-data"),
    seed: Annotated[int, typer.Option(help="Random seed: the same seed writes the same bytes (5 is the calibrated Demo County).")] = 5,
    start: Annotated[str, typer.Option(help="First day simulated (dd/mm/YYYY or YYYY-MM-DD).")] = "2014-04-01",
    end: Annotated[str, typer.Option(help="Last day simulated (dd/mm/YYYY or YYYY-MM-DD), normally a 31 March.")] = "2025-03-31",
    authorities: Annotated[int, typer.Option(min=1, help="How many synthetic authorities to write (one folder each when more than one).")] = 1,
) -> None:
    """Write the synthetic "Demo County": yearly 903 returns and operational CSVs.

    No real person is in it. Load it with `caretrack load OUT`. OUT must be new or
    empty, so that synthetic returns never mix with, or replace, an authority's own.
    """
    from caretrack.demo import generate

    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        errors.print(f"{out} is not an empty folder: the demo writes into a new or empty one, never over files.")
        raise typer.Exit(1)

    first, last = _date_option("--start", start), _date_option("--end", end)
    if first >= last:
        errors.print(f"--start {start} is not before --end {end}.")
        raise typer.Exit(2)
    with progress() as bar:
        task = bar.add_task("Simulating", total=authorities)
        codes = generate(out, seed=seed, start=first, end=last, authorities=authorities, progress=lambda: bar.advance(task))
    console.print(f"Wrote {len(codes)} authority(ies) to {out}: load them with `caretrack load {out}`")


@app.command()
def templates(
    folder: Annotated[Path, typer.Argument(help="Folder to write the blank CSVs and README into.")],
    replace: Annotated[bool, typer.Option("--replace", help="Write over templates already in the folder.")] = False,
) -> None:
    """Write blank operational CSV templates and a README describing every column.

    Templates already in the folder (perhaps filled in) are not written over unless
    --replace is given.
    """
    from caretrack.io.templates import write_templates

    try:
        written = write_templates(folder, replace)
    except FileExistsError as e:
        errors.print(f"{e}: nothing written (--replace writes over them).")
        raise typer.Exit(1) from None
    console.print(f"Wrote {len(written)} files to {folder}; read {folder / 'README.md'} first.")


def main() -> None:
    """The `caretrack` command. When it has done, the objects it made are left to the
    operating system (`gc.freeze`) rather than walked by the garbage collector as Python
    tears its modules down: 0.05 to 0.3 s of every command, a tenth of a validation.
    Nothing is lost: every command closes its files and its store before it returns."""
    try:
        app()
    finally:
        gc.freeze()


if __name__ == "__main__":
    main()
