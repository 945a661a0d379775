"""Time the whole indicator set as a whole process (`caretrack indicators --year 2025`)
on the Demo County store, and on a store of N generated authorities when one is given.

    .venv/bin/python bench/bench_indicators.py [--store-many PATH] [--repeat N]

Targets (issue "Indicators"): under 3 s on the demo authority; under 60 s and 4 GB on
150 authorities. Prints wall and CPU seconds (a first run compiles in two processes,
caretrack.indicators.worker) and the largest process's peak memory, for a first run
(empty cache of compiled SQL, caretrack.indicators.plans) and a second run (SQL kept),
N times each.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from machine import describe  # bench/machine.py, beside this script

CARETRACK = Path(sys.executable).with_name("caretrack")


def timed(*args: str, env: dict | None = None) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (the process and its worker) and peak MiB of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([str(CARETRACK), *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    wall, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu, max(before.ru_maxrss, after.ru_maxrss) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store-many", type=Path, help="a store holding many authorities (caretrack demo --authorities 150, then load)")
    parser.add_argument("--repeat", type=int, default=1, help="first and second runs this many times, each with a new cache")
    args = parser.parse_args()
    print(describe())
    with tempfile.TemporaryDirectory() as tmp:
        demo, store = Path(tmp) / "demo", Path(tmp) / "demo.duckdb"
        subprocess.run([str(CARETRACK), "demo", "--out", str(demo)], check=True, stdout=subprocess.DEVNULL)
        subprocess.run([str(CARETRACK), "load", str(demo), "--store", str(store)], check=True, stdout=subprocess.DEVNULL)
        print(f"{'store':>24} {'run':>7} {'seconds':>8} {'CPU s':>6} {'peak MiB':>9}")
        for label, path in (("Demo County", store), ("many authorities", args.store_many)):
            if path is None:
                continue
            for n in range(args.repeat):
                env = os.environ | {"CARETRACK_CACHE": str(Path(tmp) / f"cache-{label}-{n}")}
                for run in ("first", "second"):
                    seconds, cpu, peak = timed("indicators", "--year", "2025", "--format", "json", "--store", str(path), env=env)
                    print(f"{label:>24} {run:>7} {seconds:8.2f} {cpu:6.2f} {peak:9.0f}")


if __name__ == "__main__":
    main()
