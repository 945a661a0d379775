"""Parity and speed of caretrack's validator against csc-validator-be-903, the tool
most authorities use today.

    .venv/bin/python bench/parity_903.py [--years 2025 ...] [--out out/parity]

1. Installs csc-validator-be-903 (pinned below) in a virtualenv of its own
   (~/.cache/caretrack/peer-903, or $CARETRACK_PEER_VENV). It is never a dependency
   of caretrack, and none of its code is copied here: it is run as a separate program.
2. Generates Demo County (`caretrack demo`) and, for each collection year, takes its
   return (and the year before, for the rules that compare years; 2025-26 and 2026-27,
   which the demo does not reach, reuse its 2024-25 and 2023-24 returns with every date
   moved on by one or two years and SEX in the year's codes). Into it go the failing
   cases of the test file (tests/validate/cases) of every rule that applies in the
   year, each child renamed so cases never meet, so that every rule has rows to flag
   (rows without a child are left out: they would all meet each other). A rule's
   cases written for another year are moved to this one the same way.
3. Runs both validators on the same files and compares, rule by rule, the rows each
   flags (by table and position in the file). Rules that one side skips (reference
   data it does not have) or cannot run are listed, not compared.
   The peer is run twice: as it runs for authorities ("as run": each rule gets a
   *shallow* copy of the tables, so a rule that writes into them, as its rule 365
   writes 31 March into every blank DEC, changes what the rules after it see), and
   "isolated": each rule on its own deep copy, so each is compared on exactly the
   input caretrack saw. The isolated figure compares the rules' definitions; the
   as-run figure is what authorities get. `--peer as-run` or `--peer isolated` runs
   only one. A peer rule that raises an error (a minimal case row can stop a whole
   rule) is compared again on the demo's return with only the cases of the rules that
   raised one, but for those that raise one on the demo's return alone.
4. Times both as whole processes on the plain demo return (`caretrack validate` and the
   peer's validator over the same files), their runs alternated, and prints the ratio
   of the best of each.

With `--national DIR` (a folder of N generated authorities, `caretrack demo
--authorities N`), also times the peer on a sample of them (`--sample`, default 10), one
process per authority as it runs, and gives the total that makes for all N; caretrack's
own time on that folder is in bench/bench_national.py.

Writes <out>/parity-<year>.json with every rule's rows on both sides.
"""

from __future__ import annotations

import argparse
import functools
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import tomllib
from datetime import datetime
from pathlib import Path

import pandas as pd

import caretrack
from caretrack.schema import SSDA903_TABLES, Kind
from caretrack.validate import check
from caretrack.validate.files import read_return
from caretrack.validate.registry import rules_for

PEER = "csc-validator-be-903==0.1.17"
ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "validate" / "cases"
CARETRACK = Path(sys.executable).with_name("caretrack")
COLUMNS = {t.name: list(t.column_names) for t in SSDA903_TABLES}
# The dates of each table (DATE_PERM is text: its day or month may be ZZ, not known).
DATES = {t.name: [c.name for c in t.columns if c.kind == Kind.DATE or c.name == "DATE_PERM"] for t in SSDA903_TABLES}
# The local authority named in the peer's metadata (it needs one; only rules with
# reference data, not compared here, use it).
LA = "E10000034"

# Runs in the peer's virtualenv: its validator over a folder of CSV files, then each
# rule's flagged rows by table and position, as JSON.
DRIVER = r'''
import copy, dataclasses, json, sys, time
from pathlib import Path
import numpy as np
import lac_validator.lac_validator as lv
from lac_validator.lac_validator import LacValidator
from lac_validator.rules.ruleset_utils import get_year_ruleset

this, last, year, la, out, isolate = sys.argv[1:7]
if isolate == "1":
    # Each rule (and the results) on its own deep copy of the tables, not the shallow
    # copy the peer gives it, so no rule sees what an earlier one wrote.
    lv.copy_datastore = lambda ds: {k: copy.deepcopy(v) if k == "metadata" else v.copy(deep=True) for k, v in ds.items()}
files = [{"name": p.name, "file_content": p.read_bytes(), "description": "This year"} for p in sorted(Path(this).glob("*.csv"))]
if last != "-":
    files += [{"name": p.name, "file_content": p.read_bytes(), "description": "Prev year"} for p in sorted(Path(last).glob("*.csv"))]
# Positions a rule returns that its table does not have (a rule returning another
# table's positions under this one's name) would stop the whole validator when it
# marks them; they are kept aside and reported as flagged like the others.
elsewhere = {}
def kept_aside(code, func):
    def run(ds):
        index = {k: t.index.copy() for k, t in ds.items() if k != "metadata"}
        result = func(ds)
        for table, values in list(result.items()):
            gone = [int(x) for x in values if x == x and table in index and x not in index[table]]
            if gone:
                elsewhere.setdefault(code, {})[table] = gone
                result[table] = [x for x in values if not (x == x and x in gone)]
        return result
    return run
registry = {code: dataclasses.replace(rule, func=kept_aside(code, rule.func)) for code, rule in get_year_ruleset(year).items()}
v = LacValidator(metadata={"collectionYear": year, "localAuthority": la}, files=files, registry=registry)
flagged = {code: {} for code in v.dones}
for table, df in v.ds_results.items():
    if not hasattr(df, "columns"):
        continue
    for column in df.columns:
        if str(column).startswith("ERR_"):
            code = column[4:]
            rows = df.index[df[column].fillna(False).astype(bool)].tolist()
            if rows:
                flagged.setdefault(code, {})[table] = sorted(int(r) for r in rows)
for code, tables in elsewhere.items():
    for table, rows in tables.items():
        flagged.setdefault(code, {})[table] = sorted(set(flagged.get(code, {}).get(table, [])) | set(rows))
json.dump({"flagged": flagged, "skipped": v.skips, "failed": v.fails, "rules": sorted(registry)}, open(out, "w"))
'''


def peer_python() -> Path:
    """The peer's virtualenv, made on first use."""
    venv = Path(os.environ.get("CARETRACK_PEER_VENV", Path.home() / ".cache" / "caretrack" / "peer-903"))
    python = venv / "bin" / "python"
    if not (venv / ".installed").exists():
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", PEER], check=True)
        (venv / ".installed").write_text(PEER)
    return python


def _frame(text: str, table: str) -> pd.DataFrame:
    df = pd.read_csv(io.StringIO(text.strip() + "\n"), dtype=str, keep_default_na=False)
    for column in COLUMNS[table]:
        if column not in df:
            df[column] = ""
    return df[COLUMNS[table]]


def _later(text: str, years: int) -> str:
    """A dd/mm/YYYY date `years` later, written as it was (1/6/2024 stays unpadded: some
    rules are about how a date is written; 29 February becomes 28 February); a day or
    month not known (ZZ/05/2020, as DATE_PERM may be) stays so. Anything else, an
    invalid date included, as it is."""
    match = re.fullmatch(r"([0-9Zz]{1,2})/([0-9Zz]{1,2})/(\d{4})", text)
    if not match:
        return text
    day, month, year = match.groups()
    if "z" not in (day + month).lower():
        try:
            datetime(int(year), int(month), int(day))
        except ValueError:
            return text
        if (int(day), int(month)) == (29, 2):
            day = "28"
    return f"{day}/{month}/{int(year) + years}"


def moved_on(df: pd.DataFrame, table: str, years: int, label: int) -> pd.DataFrame:
    """A table made one of `years` later (or earlier), collection year `label`: every
    date moved by whole years (so ages, durations and the days of the week's pattern
    hold) and, moved across 2024-25, SEX in the year's codes (M/F from 2024-25, 1/2
    before; a code invalid in its own year stays as it is)."""
    if years:
        for column in DATES[table]:
            if column in df:
                df[column] = df[column].map(lambda v: _later(v, years))
    if "SEX" in df and (label >= 2025) != (label - years >= 2025):
        df["SEX"] = df["SEX"].replace({"1": "M", "2": "F"} if label >= 2025 else {"M": "1", "F": "2"})
    return df


@functools.cache
def case_files() -> tuple[dict, ...]:
    """Every rule's test file (tests/validate/cases), read once for all the years."""
    return tuple(tomllib.loads(path.read_text(encoding="utf-8")) for path in sorted(CASES.glob("*.toml")))


def failing_cases(spec: dict, year: int) -> tuple[int, list[dict]]:
    """A rule's failing cases for `year`: those written for it, or else those of the
    nearest year they were written for (the later of two as near), to be moved to it.
    Returns the year they were written for and the cases."""
    by_year: dict[int, list[dict]] = {}
    for case in spec.get("fail", []):
        by_year.setdefault(case.get("year", spec.get("year", 2025)), []).append(case)
    written = min(by_year, key=lambda y: (abs(y - year), -y))
    return written, by_year[written]


def injected_return(demo: Path, year: int, into: Path, first_only: bool = False,
                    inject: bool = True, codes: set[str] | None = None) -> tuple[Path, Path, int]:
    """The demo's return for `year` (and the year before) with the failing cases of
    every rule that applies in `year` (or of those of them in `codes`) added (none when
    not `inject`), written as CSV; returns the two folders and the number of cases
    added. A case written for another year is moved to this one (see `moved_on`), so
    that every rule of every year has rows to flag. Years the demo
    does not reach (2025-26 on) take its 2024-25 and 2023-24 returns moved on the same
    way, not as they are: a 2024-25 return labelled 2026-27 has no child in care in the
    year."""
    base = min(year, 2025)
    folders = {"": into / "this", "_last": into / "last"}
    tables = {}
    for suffix, source, label in (("", demo / str(base), year), ("_last", demo / str(base - 1), year - 1)):
        for path in source.glob("*.csv"):
            name = path.stem.split("_")[-1]
            df = pd.read_csv(path, dtype=str, keep_default_na=False)
            tables[name + suffix] = [moved_on(df, name, year - base, label) if name in COLUMNS else df]
    added = 0
    applies = rules_for(year)
    for spec in case_files() if inject else ():
        if spec["code"] not in applies or (codes is not None and spec["code"] not in codes):
            continue
        written, cases = failing_cases(spec, year)
        for i, case in enumerate(cases[:1] if first_only else cases):
            prefix = f"Z{spec['code']}N{i}X"
            for name in COLUMNS:
                for suffix, label in (("", year), ("_last", year - 1)):
                    if name + suffix in case:
                        df = moved_on(_frame(case[name + suffix], name), name, year - written, label)
                        # A row without a child would meet every other case's childless
                        # rows: such cases are for the rule tests, not for this return.
                        df = df[df["CHILD"] != ""]
                        df["CHILD"] = [prefix + c for c in df["CHILD"]]
                        tables.setdefault(name + suffix, []).append(df)
            added += 1
    for key, parts in tables.items():
        name, last = (key[:-5], "_last") if key.endswith("_last") else (key, "")
        folder = folders[last]
        folder.mkdir(parents=True, exist_ok=True)
        label = year - 1 if last else year
        pd.concat(parts, ignore_index=True).to_csv(folder / f"SSDA903_{label}_{name}.csv", index=False)
    return folders[""], folders["_last"], added


def run_peer(python: Path, this: Path, last: Path | None, year: int, out: Path,
             isolated: bool = False) -> tuple[dict, float]:
    driver = out.with_suffix(".driver.py")
    driver.write_text(DRIVER)
    start = time.perf_counter()
    subprocess.run([str(python), str(driver), str(this), str(last) if last else "-", str(year), LA, str(out),
                    "1" if isolated else "0"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return json.loads(out.read_text()), time.perf_counter() - start


def run_ours(this: Path, last: Path | None, year: int) -> tuple[dict, dict, dict[str, list[str]]]:
    """caretrack's findings and skipped rules, and each table's CHILD by position."""
    raw = read_return([this], year)
    previous = read_return([last], year - 1).tables if last else None
    children = {name: [rows.record(i).get("CHILD", "") for i in range(len(rows))] for name, rows in raw.tables.items()}
    return (*check(raw.tables, year, previous), children)


def compared_on(python: Path, this: Path, last: Path, year: int, ours: tuple, out: Path, mode: str) -> dict:
    """Both sides' rows on one return, rule by rule (see `compare`), each different rule
    marked with whether it differs on its own rows (see `differs_on_own_rows`)."""
    flagged, skipped, children = ours
    peer, _ = run_peer(python, this, last, year, out, mode == "isolated")
    rows = compare(flagged, skipped, peer, year)
    for code, row in rows.items():
        if row["status"] == "different":
            row["differs_on_own_rows"] = differs_on_own_rows(code, row, children)
    return rows


def compare(ours: dict, ours_skipped: dict, peer: dict, year: int) -> dict:
    """Rule by rule: identical, different, or why not compared."""
    mine = set(rules_for(year))
    theirs = set(peer["rules"])
    rows = {}
    for code in sorted(mine | theirs):
        if code not in mine:
            rows[code] = {"status": "only the peer has it"}
        elif code not in theirs:
            rows[code] = {"status": "only caretrack has it"}
        elif code in ours_skipped:
            rows[code] = {"status": f"caretrack skipped: {ours_skipped[code]}"}
        elif code in peer["failed"]:
            rows[code] = {"status": "the peer's rule raised an error"}
        elif code in peer["skipped"]:
            rows[code] = {"status": "the peer skipped it (tables missing)"}
        else:
            a = {t: r for t, r in ours.get(code, {}).items() if r}
            b = {t: r for t, r in peer["flagged"].get(code, {}).items() if r}
            rows[code] = {"status": "identical" if a == b else "different", "caretrack": a, "peer": b}
    return rows


def differs_on_own_rows(code: str, row: dict, children: dict[str, list[str]]) -> bool:
    """Whether a rule's two sides differ on a row of the demo's own children or of the
    rule's own cases (`children`: each table's CHILD by position), rather than only on
    rows of other rules' cases, whose minimal rows provoke differences of their own."""
    for table in set(row["caretrack"]) | set(row["peer"]):
        either = set(row["caretrack"].get(table, [])) ^ set(row["peer"].get(table, []))
        column = children.get(table, [])
        for i in either:
            child = column[i] if i < len(column) else ""
            if not child.startswith("Z") or child.startswith(f"Z{code}N"):
                return True
    return False


DIFFERENCES = ROOT / "docs" / "validation-differences.md"
# A rule code as the DfE writes it: 146, 392d, 503A, SW11bSTG2, INT01, NoE, EPI.
CODE = re.compile(r"\d{3,4}[A-Za-z]?|SW\w+|INT\d+|NoE|EPI")


def documented_differences(text: str) -> dict[str, str]:
    """The rules docs/validation-differences.md explains under "Rules that still differ",
    each with the heading of the section it is in (a rule's entry starts with its code,
    or codes, in bold)."""
    part = text.split("\n## Rules that still differ", 1)[1].split("\n## ", 1)[0]
    found: dict[str, str] = {}
    for section in re.split(r"\n### ", part)[1:]:
        heading = section.split("\n", 1)[0].strip()
        for bold in re.findall(r"\*\*([^*]+)\*\*", section):
            codes = [c.strip() for c in re.split(r",| and ", bold)]
            if all(CODE.fullmatch(c) for c in codes):
                for code in codes:
                    found.setdefault(code, heading)
    return found


def whole_process(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, nargs="*", default=[2023, 2024, 2025, 2026, 2027])
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "parity")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each validator on the plain demo return (0: no timing)")
    parser.add_argument("--first-case-only", action="store_true",
                        help="inject each rule's first failing case for the year (its plain error) rather than every one "
                             "(which includes the edge cases written to tell readings apart)")
    parser.add_argument("--no-cases", action="store_true",
                        help="the demo's returns as they are, nothing injected (the peer then runs rules it cannot run "
                             "on the injected returns)")
    parser.add_argument("--peer", choices=("both", "as-run", "isolated"), default="both",
                        help="run the peer as authorities do (as-run: rules share shallow copies of the tables, so one "
                             "rule's writes reach the rules after it), with each rule on its own deep copy (isolated), "
                             "or both (default)")
    parser.add_argument("--keep", action="store_true", help="keep the injected returns in <out>/inject-<year>")
    parser.add_argument("--national", type=Path, help="a folder of generated authorities: time the peer on a sample")
    parser.add_argument("--sample", type=int, default=10)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    python = peer_python()
    modes = {"both": ("as-run", "isolated"), "as-run": ("as-run",), "isolated": ("isolated",)}[args.peer]
    with tempfile.TemporaryDirectory() as tmp:
        demo = Path(tmp) / "demo"
        subprocess.run([str(CARETRACK), "demo", "--out", str(demo)], check=True, stdout=subprocess.DEVNULL)
        totals = []
        for year in args.years:
            where = args.out if args.keep else Path(tmp)
            inject = functools.partial(injected_return, demo, year, first_only=args.first_case_only,
                                       inject=not args.no_cases)
            this, last, added = inject(where / f"inject-{year}")
            ours = run_ours(this, last, year)
            # Rules the peer fails on with the demo's return alone fail whatever the input
            # (a column name wrong in its code): their cases are left out of the retry
            # below, where they would stop other rules.
            alone: set[str] = set()
            retried_on: dict[frozenset, tuple] = {}  # the retry's return and our findings, by its rules
            if not args.no_cases:
                this0, last0, _ = inject(where / f"inject-{year}-alone", inject=False)
                alone = set(run_peer(python, this0, last0, year, args.out / f"peer-{year}-alone.json")[0]["failed"])
            for mode in modes:
                suffix = "" if mode == "as-run" else "-isolated"
                rows = compared_on(python, this, last, year, ours, args.out / f"peer-{year}{suffix}.json", mode)
                # A peer rule that raised an error on this return (one case's minimal row
                # stops the whole rule) is compared again with only the cases of such rules.
                retry = {c for c, r in rows.items() if r["status"] == "the peer's rule raised an error"} - alone
                if retry and not args.no_cases:
                    key = frozenset(retry)
                    if key not in retried_on:  # both modes usually retry the same rules
                        this2, last2, _ = inject(where / f"inject-{year}-retry-{len(retried_on)}", codes=retry)
                        retried_on[key] = (this2, last2, run_ours(this2, last2, year))
                    this2, last2, ours2 = retried_on[key]
                    rows2 = compared_on(python, this2, last2, year, ours2,
                                        args.out / f"peer-{year}{suffix}-retry.json", mode)
                    rows.update({c: dict(rows2[c], retried=True)
                                 for c in retry if rows2[c]["status"] in ("identical", "different")})
                (args.out / f"parity-{year}{suffix}.json").write_text(json.dumps(rows, indent=1))
                compared = [c for c, r in rows.items() if r["status"] in ("identical", "different")]
                same = [c for c in compared if rows[c]["status"] == "identical"]
                differ = [c for c in compared if rows[c]["status"] == "different"]
                # A rule neither side flags is identical without having been put to the test.
                fired = [c for c in compared if rows[c]["caretrack"] or rows[c]["peer"]]
                own = len(compared) - sum(rows[c]["differs_on_own_rows"] for c in differ)
                totals.append((year, mode, added, len(compared), len(same), len(fired), own, differ, rows))
        print(f"{'year':>6} {'peer':>9} {'cases':>6} {'compared':>9} {'fired':>6} {'identical':>10} {'share':>7}"
              f" {'own rows':>9} {'share':>7}")
        for year, mode, added, n, same, fired, own, differ, rows in totals:
            print(f"{year:>6} {mode:>9} {added:>6} {n:>9} {fired:>6} {same:>10} {same / max(n, 1):7.1%}"
                  f" {own:>9} {own / max(n, 1):7.1%}")
        print("(fired: rules that flagged rows on either side; the others are identical because neither flags.\n"
              " own rows: rules identical on the rows of the demo's children and of their own cases, differing\n"
              " if at all only on rows of other rules' cases)")
        documented = documented_differences(DIFFERENCES.read_text(encoding="utf-8"))
        for year, mode, added, n, same, fired, own, differ, rows in totals:
            print(f"\n{year} {mode}: different ({len(differ)}): {' '.join(differ) or '-'}")
            # Each difference by the section of docs/validation-differences.md explaining it.
            by_section: dict[str, list[str]] = {}
            for code in differ:
                by_section.setdefault(documented.get(code, "NOT DOCUMENTED: investigate"), []).append(code)
            for heading, codes in by_section.items():
                print(f"  {heading} ({len(codes)}): {' '.join(codes)}")
            retried = [c for c, r in rows.items() if "retried" in r]
            if retried:
                print(f"  compared with only the cases of the rules the peer failed on ({len(retried)}): "
                      f"{' '.join(retried)}")
            if mode != modes[0]:
                continue  # the rules not compared are the same in both modes but for the peer's errors
            others: dict[str, list[str]] = {}
            for code, r in rows.items():
                if r["status"] not in ("identical", "different"):
                    others.setdefault(r["status"], []).append(code)
            for status, codes in sorted(others.items()):
                print(f"  {status} ({len(codes)}): {' '.join(codes)}")

        if args.runs > 0:
            # caretrack's modules byte-compiled first, as pip compiles a package it installs
            # (the peer's were): an editable checkout with PYTHONDONTWRITEBYTECODE set, as on
            # this project's machine, would otherwise compile its ~40 modules in every run.
            subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(caretrack.__file__).parent)], check=True)
            # Speed: whole processes on the plain demo return, previous year included.
            this, last = demo / "2025", demo / "2024"
            # The two alternate, run by run: this machine's speed drifts by tens of percent
            # within minutes, which would favour whichever ran in the faster minutes.
            ours_t, peer_t = [], []
            for _ in range(args.runs):
                ours_t.append(whole_process([str(CARETRACK), "validate", str(this), "--previous", str(last),
                                             "--format", "json", "--out", str(Path(tmp) / "ours.json")]))
                peer_t.append(run_peer(python, this, last, 2025, Path(tmp) / "peer-speed.json")[1])
            best_ours, best_peer = min(ours_t), min(peer_t)
            print(f"\nOne authority's 2024-25 return, whole process, best of {args.runs} (runs alternated):")
            print(f"  caretrack validate        {best_ours:6.2f} s")
            print(f"  csc-validator-be-903      {best_peer:6.2f} s")
            print(f"  caretrack is {best_peer / best_ours:.1f}x faster")

        if args.national:
            folders = sorted(p.parent for p in args.national.glob("*/authority.toml"))
            sample = folders[:: max(1, len(folders) // args.sample)][: args.sample]
            seconds = [run_peer(python, f / "2025", f / "2024", 2025, Path(tmp) / "peer-national.json")[1] for f in sample]
            mean = sum(seconds) / len(seconds)
            print(f"\ncsc-validator-be-903 on {len(sample)} of the {len(folders)} authorities in {args.national}:")
            print(f"  {mean:.2f} s each on average (from {min(seconds):.2f} to {max(seconds):.2f} s)")
            print(f"  about {mean * len(folders) / 60:.1f} minutes for all {len(folders)}, one at a time as it runs")


if __name__ == "__main__":
    main()
