"""National scale: generate N authorities (default 150, about 100,000 children in care),
load them, then time the whole indicator set, every child's due dates and the validation
of every authority's 2024-25 return, each as a whole process, with peak memory (GNU
time's maximum resident set; for validation, which works in one process per core, the
largest of them).

    .venv/bin/python bench/bench_national.py [--authorities 150] [--keep DIR]

Targets: indicators under 60 s and 4 GB (issue "Indicators"); due dates for all
children under 60 s (issue "Statutory timescales"); validation under 2 minutes and 4 GB
(issue "Validation").
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

CARETRACK = str(Path(sys.executable).with_name("caretrack"))


def timed(label: str, *args: str, ok=(0,)) -> None:
    result = subprocess.run(["/usr/bin/time", "-v", CARETRACK, *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    if result.returncode not in ok:
        raise SystemExit(f"{label} failed: {result.stderr[-2000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time.*: (.+)", result.stderr)[1]
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)[1]) / 1024
    minutes, _, seconds = wall.rpartition(":")
    total = float(seconds) + 60 * float(minutes or 0)
    print(f"{label:>12} {total:9.1f} {peak:9.0f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--authorities", type=int, default=150)
    parser.add_argument("--keep", type=Path, help="keep the generated data and store here")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp())
    data, store = work / "data", work / "national.duckdb"
    print(f"{'step':>12} {'seconds':>9} {'peak MiB':>9}")
    timed("demo", "demo", "--out", str(data), "--authorities", str(args.authorities))
    timed("load", "load", str(data), "--store", str(store))
    timed("indicators", "indicators", "--year", "2025", "--format", "json", "--store", str(store))
    timed("due", "due", "--at", "2025-03-31", "--format", "csv", "--store", str(store))
    # Exit 1 means errors were found, which the demo's returns have.
    timed("validate", "validate", str(data), "--authorities", "--year", "2025", ok=(0, 1))


if __name__ == "__main__":
    main()
