"""The `caretrack` command.

The CLI is one of the two layers allowed to read today's date (DESIGN.md, "Time is a
parameter"); everything below it takes dates and years as arguments.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table as RichTable

from caretrack.io.problems import InputError, Problem
from caretrack.schema import year_label

app = typer.Typer(
    help=(
        "caretrack: children in care and care leavers information system.\n\n"
        "Start with `caretrack load FOLDER` (SSDA903 CSV or XML returns and operational CSVs), "
        "then `caretrack info`. The store is a DuckDB file: --store PATH, or CARETRACK_STORE, "
        "else ./caretrack.duckdb."
    ),
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
errors = Console(stderr=True)
MAX_SHOWN = 50

StoreOption = Annotated[
    Path,
    typer.Option("--store", envvar="CARETRACK_STORE", help="The store file (DuckDB).", show_default=True),
]


def _store_default() -> Path:
    from caretrack.store import DEFAULT_STORE

    return Path(DEFAULT_STORE)


def progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=errors,
        transient=True,
    )


def show_problems(problems: list[Problem], title: str) -> None:
    table = RichTable(title=title, title_justify="left")
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
        st.load(sources, loaded_at=dt.datetime.now())
    for note in sources.notes:
        console.print(f"[green]Loaded[/] {note}")
    for authority, tables in sources.operational.items():
        console.print(f"[green]Loaded[/] {authority} operational records: {', '.join(sorted(tables))}")
    console.print(f"{len(sources.files)} file(s) into {store}")


@app.command()
def info(store: StoreOption = _store_default()) -> None:
    """Show the authorities, collection years, tables and row counts in the store."""
    from caretrack.store import Store

    if not store.exists():
        errors.print(f"No store at {store}: run `caretrack load FOLDER` first.")
        raise typer.Exit(1)
    with Store(store, read_only=True) as st:
        names = st.authorities()
        counts = st.counts()
    returns = {}
    for table, la, year, rows in counts:
        returns.setdefault((la, year), []).append(f"{table} {rows:,}")
    view = RichTable(title=f"Store {store}", title_justify="left")
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
    store: StoreOption = _store_default(),
) -> None:
    """Write a year's 903 return back out as CSV files, one XML file or Parquet files."""
    from caretrack.io.export import export_return
    from caretrack.store import Store

    with Store(store, read_only=True) as st:
        held = [a for a, y in st.years() if y == year]
        if la is None:
            if len(set(held)) != 1:
                errors.print(f"Give --la: the store holds {year_label(year)} for {len(set(held))} authorities.")
                raise typer.Exit(1)
            la = held[0]
        if la not in held:
            errors.print(f"The store holds no {year_label(year)} return for {la}.")
            raise typer.Exit(1)
        try:
            written = export_return(st, la, year, format, out)
        except (ValueError, InputError) as e:
            errors.print(str(e))
            raise typer.Exit(1) from None
    console.print(f"Wrote {len(written)} file(s) to {out}")


@app.command()
def demo(
    out: Annotated[Path, typer.Option(help="Folder to write the demo authority's returns and records into.")] = Path("demo-data"),
    seed: Annotated[int, typer.Option(help="Random seed: the same seed writes the same bytes.")] = 1,
    start: Annotated[str, typer.Option(help="First day simulated (YYYY-MM-DD).")] = "2014-04-01",
    end: Annotated[str, typer.Option(help="Last day simulated (YYYY-MM-DD), normally a 31 March.")] = "2025-03-31",
    authorities: Annotated[int, typer.Option(help="How many synthetic authorities to write (one folder each when more than one).")] = 1,
) -> None:
    """Write the synthetic "Demo County": yearly 903 returns and operational CSVs.

    No real person is in it. Load it with `caretrack load OUT`.
    """
    from caretrack.demo import generate

    first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    with progress() as bar:
        task = bar.add_task("Simulating", total=authorities)
        codes = generate(out, seed=seed, start=first, end=last, authorities=authorities, progress=lambda: bar.advance(task))
    console.print(f"Wrote {len(codes)} authority(ies) to {out}: load them with `caretrack load {out}`")


@app.command()
def templates(folder: Annotated[Path, typer.Argument(help="Folder to write the blank CSVs and README into.")]) -> None:
    """Write blank operational CSV templates and a README describing every column."""
    from caretrack.io.templates import write_templates

    written = write_templates(folder)
    console.print(f"Wrote {len(written)} files to {folder}; read {folder / 'README.md'} first.")


if __name__ == "__main__":
    app()
