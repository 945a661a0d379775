"""Validating many authorities' returns in one run (regional or national data).

A folder of authorities is laid out as `caretrack demo --authorities N` writes it: one
sub-folder per authority, each with its `authority.toml` and a folder per collection
year. Each authority's return is checked on its own, with its earlier years' returns
(rules compare children within one return, and a duplicate UPN in two authorities is no
error); an authority whose returns cannot be read is listed with why, and the others
are checked all the same. The authorities are shared
out over worker processes, one per core. Each worker writes its authority's report
when asked and sends back only a summary, so memory stays that of one return per core.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from caretrack.io import output
from caretrack.io.problems import InputError, Problem
from caretrack.io.sources import AUTHORITY_FILE, authority_for
from caretrack.schema import year_label
from caretrack.validate import check
from caretrack.validate import report as rep
from caretrack.validate.files import read_earlier, read_return, warnings_of
from caretrack.validate.registry import rules_for


@dataclass
class AuthorityResult:
    la: str
    folder: str
    findings: int = 0
    by_rule: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    report: str | None = None
    problems: list[Problem] = field(default_factory=list)  # why its returns could not be read


def authority_folders(root: Path) -> list[Path]:
    """The sub-folders of `root` holding an authority.toml, in name order."""
    return sorted(p.parent for p in root.glob(f"*/{AUTHORITY_FILE}"))


def validate_authority(folder: Path, year: int, out: Path | None = None, format: str = "csv",
                       reference: dict | None = None, rules: list[str] | None = None) -> AuthorityResult:
    """Check one authority's return for `year`, with the year before and the years before
    that (as `caretrack validate --earlier`) when their folders are there."""
    found = authority_for(folder / AUTHORITY_FILE, folder, None)
    la = found.la if found else folder.name
    try:
        raw = read_return([folder / str(year)], year)
        last_folder = folder / str(year - 1)
        last = read_return([last_folder], year - 1) if last_folder.is_dir() else None
        earlier = read_earlier([folder], year)
    except InputError as e:
        # Not checked, and no report written: the other authorities still are.
        return AuthorityResult(la, str(folder), problems=e.problems)
    # One thread: the authorities are already shared out over the cores.
    flagged, skipped = check(raw.tables, year, last.tables if last else None, rules, reference, la, threads=1,
                             earlier={y: r.tables for y, r in earlier.items()})
    found = rep.findings(flagged, raw, rules_for(year))
    result = AuthorityResult(la, str(folder), len(found), {c: n for c, _, n in rep.summary(found)}, skipped)
    if out is not None:
        path = out / f"{la}-{year}.{format}"
        output.write_text(path, rep.as_text(format, found, skipped, raw, warnings_of(raw, last, *earlier.values()),
                                            rep.notes_for(found, raw, last, bool(earlier)), la),
                          bom=format == "csv")
        result.report = str(path)
    return result


def validate_many(root: Path, year: int, out: Path | None = None, format: str = "csv", reference: dict | None = None,
                  rules: list[str] | None = None, workers: int | None = None, progress=None) -> list[AuthorityResult]:
    """Check every authority under `root`; `progress` is called after each one."""
    folders = authority_folders(root)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    results = []
    with ProcessPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        futures = [pool.submit(validate_authority, f, year, out, format, reference, rules) for f in folders]
        for future in futures:
            results.append(future.result())
            if progress:
                progress()
    if out is not None and format == "html":
        write_index(results, year, out / "index.html")
    return results


def write_index(results: list[AuthorityResult], year: int, path: Path) -> None:
    """An HTML page of every authority checked: its findings, the rules with most, and a
    link to its report (beside the page); those that could not be read, saying so."""
    rows = [dict(vars(r), report_name=Path(r.report).name if r.report else None) for r in results]
    output.write_text(path, rep.template("index.html").render(results=rows, year_name=year_label(year),
                                                              unread=sum(1 for r in results if r.problems)))
