"""England and statistical-neighbour figures beside the authority's own.

The DfE publishes the children looked after statistics on explore education
statistics (EES) as authority-level CSVs ("Children looked after in England including
adoptions", underlying data; columns such as time_period, geographic_level, la_name,
new_la_code, old_la_code, ... number, percentage). The user downloads them; this
module reads them and, for each indicator named in the mapping (comparators.toml,
or the user's own), picks the published figure for England and for each statistical
neighbour, and shows the neighbours' simple average (as the DfE's local authority
interactive tool, LAIT, does).

These are published figures, not the engine's: the report shows them beside the
authority's own for context and never mixes them into its own figures. Published
data lag a year, so each comparison names its year.
"""

from __future__ import annotations

import io
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from caretrack.io.csvfiles import text_of
from caretrack.io.problems import InputError, Problem
from caretrack.io.settings import read_toml
from caretrack.schema import year_label

SUPPRESSED = {"c", "z", "x", "low", "u", ":", "", "..", "k"}  # EES symbols for no figure


@dataclass
class Comparison:
    """The published figures for one indicator and one year."""

    year: int
    england: float | None
    neighbours: float | None
    neighbours_n: int
    authority: float | None  # the authority's own published figure, when the file has it
    percent: bool

    def _shown(self, v: float | None) -> str:
        if v is None:
            return "n/a"
        return f"{v:.1f}%" if self.percent else (f"{v:,.1f}" if v != int(v) else f"{v:,.0f}")

    @property
    def england_shown(self) -> str:
        return self._shown(self.england)

    @property
    def neighbours_shown(self) -> str:
        return self._shown(self.neighbours)

    @property
    def label(self) -> str:
        return year_label(self.year)


def default_mapping() -> dict:
    return tomllib.loads(resources.files("caretrack.report").joinpath("comparators.toml").read_text(encoding="utf-8"))


def read_mapping(path: Path | None) -> dict:
    if path is None:
        return default_mapping()
    return read_toml(path, "a comparator map (docs/reports.md)")


def read_csvs(paths: list[Path]):
    """Every row of the CSVs, as text, in one frame (a problem names its file)."""
    import pandas as pd

    frames = []
    for path in paths:
        try:
            frame = pd.read_csv(io.StringIO(text_of(path)), dtype=str, keep_default_na=False)
        except ValueError as e:
            raise InputError([Problem(str(path), f"cannot be read as CSV: {e}")]) from None
        missing = {"time_period", "geographic_level"} - set(frame.columns)
        if missing:
            raise InputError([Problem(str(path), "is not an explore education statistics file",
                                      expected="columns " + ", ".join(sorted(missing)))])
        frames.append(frame)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def end_year(period: str) -> int | None:
    """EES time_period to a collection year by its end: 2024 -> 2024; 202324 -> 2024."""
    p = period.strip()
    if len(p) == 6 and p.isdigit():
        return int(p[:4]) + 1
    if len(p) == 4 and p.isdigit():
        return int(p)
    return None


def _number(text: str) -> float | None:
    t = str(text).strip().replace(",", "")
    if t.lower() in SUPPRESSED:
        return None
    try:
        return float(t)
    except ValueError:
        return None


def _is_authority(frame, keys: set[str]):
    """Rows of one of the authorities named by code (old or new) or name."""
    keys = {k.strip().lower() for k in keys if k and k.strip()}
    hit = None
    for column in ("old_la_code", "new_la_code", "la_name"):
        if column in frame.columns:
            m = frame[column].str.strip().str.lower().isin(keys)
            hit = m if hit is None else hit | m
    return hit if hit is not None else frame["geographic_level"].map(lambda _: False)  # no column names authorities


def compare(frame, mapping: dict, year: int, la: str, la_name: str | None, neighbours: list[str],
            percent_ids: set[str]) -> dict[str, Comparison]:
    """For each mapped indicator, the latest published year up to `year` with an
    England figure: England, the neighbours' average and the authority's own."""
    out: dict[str, Comparison] = {}
    if frame.empty:
        return out
    years = frame["time_period"].map(end_year)
    level = frame["geographic_level"].str.strip().str.lower()
    national = level == "national"
    local = level == "local authority"
    own = local & _is_authority(frame, {la, la_name or ""})
    each_neighbour = [local & _is_authority(frame, {n}) for n in neighbours]
    absent = [n for n, rows in zip(neighbours, each_neighbour) if not rows.any()]
    if absent:  # else the neighbours' average would quietly be of fewer authorities, or none
        raise ValueError(f"statistical neighbours not in the comparator files: {', '.join(absent)} "
                         "(give their LA codes or names as the files write them)")
    for id, rule in mapping.items():
        column, where = rule.get("column", "number"), rule.get("where", {})
        if column not in frame.columns or any(c not in frame.columns for c in where):
            continue
        rows = years.notna() & (years <= year)
        for c, v in where.items():
            rows &= frame[c].str.strip() == str(v)
        found = sorted({int(y) for y in years[rows & national].dropna()}, reverse=True)
        if not found:
            continue
        y = found[0]
        at = rows & (years == y)

        def first(mask):
            values = [_number(v) for v in frame.loc[at & mask, column]]
            values = [v for v in values if v is not None]
            return values[0] if values else None

        near = [v for v in (first(m) for m in each_neighbour) if v is not None]
        out[id] = Comparison(y, first(national), sum(near) / len(near) if near else None, len(near), first(own),
                             id in percent_ids)
    return out


def attach(figures, paths: list[Path], year: int, la: str, la_name: str | None, neighbours: list[str],
           mapping_path: Path | None = None) -> int:
    """Read the CSVs and put each comparison on its figure; returns how many."""
    frame = read_csvs(paths)
    mapping = read_mapping(mapping_path)
    percent_ids = {id for id, f in figures.items() if f.indicator.unit == "percent"}
    found = compare(frame, mapping, year, la, la_name, neighbours, percent_ids)
    for id, c in found.items():
        if id in figures:
            figures[id].comparators = c
    return len(found)
