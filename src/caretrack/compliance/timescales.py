"""Timescale definitions as data: the defaults in timescales.toml, and an authority's
own practice standards from its settings file over them.

A settings file (TOML) overrides any value under `[timescales.<obligation>]`, e.g.

    [timescales.visits]
    interval = "6 weeks"
    long_term_interval = "6 weeks"   # six-weekly visits for everyone
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from caretrack.io.settings import read_toml

_DURATION = re.compile(r"(\d+)\s+(working days?|days?|weeks?|months?)")


@dataclass(frozen=True)
class Duration:
    """A timescale: a number of days, weeks, months or working days."""

    n: int
    unit: str  # "days", "months" or "working days" (weeks are held as days)

    @classmethod
    def parse(cls, text: str) -> "Duration":
        m = _DURATION.fullmatch(text.strip())
        if not m:
            raise ValueError(f"not a duration: {text!r} (expected e.g. '6 weeks', '3 months', '10 working days')")
        n, unit = int(m[1]), m[2].rstrip("s")
        if unit == "week":
            return cls(n * 7, "days")
        return cls(n, {"day": "days", "month": "months", "working day": "working days"}[unit])

    def __str__(self) -> str:
        return f"{self.n} {self.unit}"


def load(settings: Path | None = None) -> dict:
    """The timescales in force: defaults, then the authority's settings over them."""
    defaults = tomllib.loads(files("caretrack.compliance").joinpath("timescales.toml").read_text(encoding="utf-8"))
    if settings:
        own = read_toml(settings, "timescales ([timescales] tables, docs/timescales.md)").get("timescales", {})
        for name, values in own.items():
            if name not in defaults or not isinstance(defaults[name], dict):
                raise ValueError(f"{settings}: no timescale called {name!r}")
            defaults[name] = {**defaults[name], **values}
    return defaults


def duration(timescales: dict, obligation: str, key: str) -> Duration:
    return Duration.parse(timescales[obligation][key])
