"""Time `caretrack demo` as a whole process: one authority, and N authorities (default
150, about 100,000 children in care at 31 March), with peak memory.

    .venv/bin/python bench/bench_demo.py [--authorities 150]

Targets (issue "The demo authority"): 150 authorities in under 2 minutes and 4 GB.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CARETRACK = Path(sys.executable).with_name("caretrack")


def run(authorities: int) -> tuple[float, float, int]:
    """(seconds, peak MiB of the largest process, children in care at 31 March 2025)."""
    with tempfile.TemporaryDirectory() as out:
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        subprocess.run([str(CARETRACK), "demo", "--out", out, "--authorities", str(authorities)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seconds = time.perf_counter() - start
        peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
        in_care = 0
        for episodes in Path(out).rglob("SSDA903_2025_Episodes.csv"):
            with open(episodes) as f:
                next(f)
                open_children = {line.split(",", 1)[0] for line in f if line.split(",")[7] == "" and line.split(",")[3] not in ("V3", "V4")}
            in_care += len(open_children)
        return seconds, peak, in_care


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--authorities", type=int, default=150)
    args = parser.parse_args()
    print(f"{'authorities':>12} {'seconds':>8} {'peak MiB':>9} {'in care 31/03/2025':>19}")
    one = run(1)
    print(f"{1:>12} {one[0]:8.1f} {one[1]:9.0f} {one[2]:19,}")
    many = run(args.authorities)
    print(f"{args.authorities:>12} {many[0]:8.1f} {many[1]:9.0f} {many[2]:19,}")
    print(f"ratio: {many[0] / one[0]:.1f}x the time of one authority for {args.authorities}x the authorities")


if __name__ == "__main__":
    main()
