"""The synthetic demo authority, "Demo County", and as many others as wanted.

`generate(out, ...)` simulates children's care histories (simulate.py), draws yearly
SSDA903 returns (returns.py) and case records (operational.py) from them and writes
them as CSV files that `caretrack load OUT` reads back:

    OUT/authority.toml                      la and name
    OUT/<year>/SSDA903_<year>_<Table>.csv   one folder per collection year
    OUT/operational/<Table>.csv             the case records, one snapshot

With several authorities, each has that layout in OUT/<LA>/. No real person is in it:
identifiers, postcodes and reference numbers are made up. The same seed writes the same
bytes: authority i draws from streams named from "seed/i/stream" (settings' `stream`)
down to each child's arrival in care and each process: the child's history, case
records and returns (draws.py), so a change in how one process or child is drawn
leaves the others as they were.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from caretrack.demo import settings as demo_settings
from caretrack.demo.operational import Records
from caretrack.demo.returns import ReturnBuilder
from caretrack.demo.simulate import Simulator
from caretrack.demo.writer import write_table
from caretrack.schema import OPERATIONAL_TABLES, SSDA903_TABLES


def _authorities(settings: dict, count: int, seed: int) -> list[tuple[str, str, float]]:
    """(LA code, name, size relative to Demo County) for each authority."""
    if count == 1:
        return [(settings["la"], settings["name"], 1.0)]
    sizes = np.random.default_rng([seed, 0]).lognormal(0.0, 0.45, size=count)
    sizes = sizes / sizes.mean()
    return [(settings["la"], settings["name"], 1.0)] + [(f"{800 + i}", f"Demo Authority {800 + i}", float(sizes[i]))
                                                       for i in range(1, count)]


def generate_one(out: Path, la: str, name: str, scale: float, index: int, seed: int, start: dt.date, end: dt.date) -> str:
    """Simulate and write one authority; returns its LA code."""
    # The histories and tables are trees of tuples and lists, freed by reference counting;
    # the cyclic collector would only rescan them, more often the larger the authority.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _generate_one(out, la, name, scale, index, seed, start, end)
    finally:
        if was_enabled:
            gc.enable()


def _generate_one(out: Path, la: str, name: str, scale: float, index: int, seed: int, start: dt.date, end: dt.date) -> str:
    settings = demo_settings.load()
    settings["_scale"] = scale
    sim_start = dt.date(start.year - settings["burn_in_years"], 4, 1)
    children = Simulator(settings, f"{seed}/{index}/{int(settings.get('stream', 0))}", sim_start, end, prefix=f"D{la}").run()
    ops_from = max(settings["operational_from"], start)
    records = Records(children, settings, ops_from, end)
    operational = records.build()
    builder = ReturnBuilder(children, settings, records.sw_episodes)
    out.mkdir(parents=True, exist_ok=True)
    (out / "authority.toml").write_text(f'la = "{la}"\nname = "{name}"\n', encoding="utf-8")
    first_year = start.year + 1 if start.month >= 4 else start.year
    last_year = end.year if end >= dt.date(end.year, 3, 31) else end.year - 1
    for year in range(first_year, last_year + 1):
        tables = builder.year(year, end)
        folder = out / str(year)
        folder.mkdir(exist_ok=True)
        for table in SSDA903_TABLES:
            if year in table.years and table.name in tables:
                write_table(table.name, tables[table.name], folder / f"SSDA903_{year}_{table.name}.csv")
    folder = out / "operational"
    folder.mkdir(exist_ok=True)
    for table in OPERATIONAL_TABLES:
        write_table(table.name, operational.get(table.name, []), folder / f"{table.name}.csv")
    return la


DEFAULT_SEED = 5  # the seed whose Demo County lands closest to the seeds' figures (tests/test_demo_calibration.py)


def generate(out: Path, seed: int = DEFAULT_SEED, start: dt.date = dt.date(2014, 4, 1), end: dt.date = dt.date(2025, 3, 31),
             authorities: int = 1, progress: Callable[[], None] | None = None, workers: int = 2) -> list[str]:
    """Write `authorities` synthetic authorities (Demo County first) into `out`."""
    settings = demo_settings.load()
    plan = _authorities(settings, authorities, seed)
    if authorities == 1:
        la, name, scale = plan[0]
        generate_one(out, la, name, scale, 0, seed, start, end)
        if progress:
            progress()
        return [la]
    codes = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(generate_one, out / la, la, name, scale, i, seed, start, end)
                   for i, (la, name, scale) in enumerate(plan)]
        for future in futures:
            codes.append(future.result())
            if progress:
                progress()
    return codes
