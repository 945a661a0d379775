"""How fast this machine is today, so timings from different sessions can be compared.

The project's machine is a shared virtual machine whose speed varies from session to
session: the same whole-process runs took twice as long in one session as in the one
before. Each benchmark prints two references next to its figures, best of three each:
a fixed pure-Python loop (ten million additions), and a fresh Python process importing
the libraries caretrack's commands start with (ibis, DuckDB, pyarrow, pandas), which is
where most of a short command's time goes and which slowed down far more than the loop.
Absolute targets (seconds) are judged on the machine of the day; ratios against a peer
run in the same script are not affected.

    .venv/bin/python bench/machine.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import time


def reference_seconds() -> float:
    """Best of three timings of the same ten million additions in pure Python."""
    best = float("inf")
    for _ in range(3):
        start, total = time.perf_counter(), 0
        for i in range(10_000_000):
            total += i
        best = min(best, time.perf_counter() - start)
    return best


def import_seconds() -> float:
    """Best of three fresh processes importing ibis, DuckDB, pyarrow and pandas."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import ibis, duckdb, pyarrow, pandas"], check=True)
        best = min(best, time.perf_counter() - start)
    return best


def describe() -> str:
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"machine: reference loop {reference_seconds():.2f} s, imports {import_seconds():.2f} s "
            f"(lower is faster); load average {load}")


if __name__ == "__main__":
    print(describe())
