"""Time `caretrack demo` as a whole process: one authority, and N authorities (default
150, about 100,000 children in care at 31 March), with peak memory.

    .venv/bin/python bench/bench_demo.py [--authorities 150] [--repeat 2]

Prints wall seconds, CPU seconds (all processes), the peak resident memory of the
largest single process and the peak of the whole process tree (sampled every 0.1 s from
/proc), and the load average before each run: the machine may be shared.
Targets (issue "The demo authority"): 150 authorities in under 2 minutes and 4 GB.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from machine import describe  # bench/machine.py, beside this script

CARETRACK = Path(sys.executable).with_name("caretrack")
PAGE = os.sysconf("SC_PAGE_SIZE")


def _tree_rss_mib(root: int) -> float:
    """Resident memory of a process and all its descendants, MiB (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
            rss[int(entry)] = int(fields[21]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, ()))
    return total / 2**20


def run(authorities: int) -> dict:
    with tempfile.TemporaryDirectory() as out:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        load = os.getloadavg()
        start = time.perf_counter()
        process = subprocess.Popen([str(CARETRACK), "demo", "--out", out, "--authorities", str(authorities)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        peak_tree = 0.0
        done = threading.Event()

        def sample() -> None:
            nonlocal peak_tree
            while not done.is_set():
                peak_tree = max(peak_tree, _tree_rss_mib(process.pid))
                time.sleep(0.1)

        sampler = threading.Thread(target=sample)
        sampler.start()
        code = process.wait()
        seconds = time.perf_counter() - start
        done.set()
        sampler.join()
        if code:
            raise SystemExit(f"caretrack demo failed ({code})")
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        in_care = 0
        for episodes in Path(out).rglob("SSDA903_2025_Episodes.csv"):
            with open(episodes) as f:
                next(f)
                fields = (line.split(",") for line in f)
                in_care += len({x[0] for x in fields if x[7] == "" and x[3] not in ("V3", "V4")})
        return dict(seconds=seconds, cpu=cpu, peak_process=after.ru_maxrss / 1024, peak_tree=peak_tree, in_care=in_care,
                    load=load)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--authorities", type=int, default=150)
    parser.add_argument("--repeat", type=int, default=1, help="runs of the N-authority case")
    args = parser.parse_args()
    print(describe())
    print(f"{'authorities':>11} {'seconds':>8} {'CPU s':>7} {'peak MiB (process)':>18} {'peak MiB (all)':>14} "
          f"{'in care 31/03/2025':>18}  load average before (1, 5, 15 min)")
    results = {}
    for n in [1] + [args.authorities] * args.repeat:
        r = run(n)
        results.setdefault(n, r)
        print(f"{n:>11} {r['seconds']:8.1f} {r['cpu']:7.1f} {r['peak_process']:18.0f} {r['peak_tree']:14.0f} "
              f"{r['in_care']:18,}  {' '.join(f'{x:.2f}' for x in r['load'])}", flush=True)
    one, many = results[1], results[args.authorities]
    print(f"ratio: {many['seconds'] / one['seconds']:.1f}x the time of one authority for {args.authorities}x the authorities")


if __name__ == "__main__":
    main()
