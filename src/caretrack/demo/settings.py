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


def on_time(settings: dict, year: int, what: str) -> float:
    """Target share in timescale for a kind of case work in a collection year: the
    2019-20 figures up to 2020-21, those of 2023-24 for 2021-22 to 2023-24, then 2024-25."""
    table = settings["on_time"]
    key = "2020" if year <= 2021 else "2024" if year <= 2024 else "2025"
    values = table[key]
    return float(values.get(what, values.get(what.split("_")[0], 0.9)))
