"""The demo authority's parameters (settings.toml beside this file, each value sourced)."""

from __future__ import annotations

import datetime as dt
import tomllib
from importlib.resources import files


def load() -> dict:
    settings = tomllib.loads(files("caretrack.demo").joinpath("settings.toml").read_text(encoding="utf-8"))
    settings["operational_from"] = dt.date.fromisoformat(settings["operational_from"])
    return settings


def for_year(table: dict, year: int, default: float = 1.0) -> float:
    """A yearly setting's value in a collection year: the year's own, else the table's
    `default` (else `default`)."""
    return float(table.get(str(year), table.get("default", default)))


def starts_in(settings: dict, year: int, table: str = "starts") -> float:
    """Expected starts in a collection year (`uasc_starts` for UASC arrivals)."""
    return for_year(settings[table], year)


# The periods of on_time's targets, by the last collection year of each: the 2019-20
# figures up to 2020-21, those of 2023-24 for 2021-22 to 2023-24, then those of 2024-25.
ON_TIME_PERIODS = {2021: "2020", 2024: "2024", 9999: "2025"}


def on_time(settings: dict, year: int, what: str) -> float:
    """Target share in timescale for a kind of case work in a collection year (see
    ON_TIME_PERIODS)."""
    values = settings["on_time"][next(key for last, key in ON_TIME_PERIODS.items() if year <= last)]
    return float(values.get(what, values.get(what.split("_")[0], 0.9)))
