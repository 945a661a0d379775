"""Time the whole indicator set as a whole process (`caretrack indicators --year 2025`)
on the Demo County store, and on a store of N generated authorities when one is given.

    .venv/bin/python bench/bench_indicators.py [--store-many PATH]

Targets (issue "Indicators"): under 3 s on the demo authority; under 60 s and 4 GB on
150 authorities. Prints seconds and the process's peak memory, for a first run (empty
cache of compiled SQL, caretrack.indicators.plans) and a second run (SQL kept).
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


def timed(*args: str, env: dict | None = None) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run([str(CARETRACK), *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start, max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store-many", type=Path, help="a store holding many authorities (caretrack demo --authorities 150, then load)")
    args = parser.parse_args()
    print(describe())
    with tempfile.TemporaryDirectory() as tmp:
        demo, store = Path(tmp) / "demo", Path(tmp) / "demo.duckdb"
        subprocess.run([str(CARETRACK), "demo", "--out", str(demo)], check=True, stdout=subprocess.DEVNULL)
        subprocess.run([str(CARETRACK), "load", str(demo), "--store", str(store)], check=True, stdout=subprocess.DEVNULL)
        print(f"{'store':>24} {'run':>7} {'seconds':>8} {'peak MiB':>9}")
        for label, path in (("Demo County", store), ("many authorities", args.store_many)):
            if path is None:
                continue
            env = os.environ | {"CARETRACK_CACHE": str(Path(tmp) / f"cache-{label}")}
            for run in ("first", "second"):
                seconds, peak = timed("indicators", "--year", "2025", "--format", "json", "--store", str(path), env=env)
                print(f"{label:>24} {run:>7} {seconds:8.1f} {peak:9.0f}")


if __name__ == "__main__":
    main()
