"""What an indicator is, and what computing one gives.

An indicator is one small definition (DESIGN.md, "Definitions are the product"): a
stable id, a plain-English title, its cohort, numerator, denominator and exclusions,
its unit, whether higher is better and the public source it follows. Its `units`
function returns an ibis table with one row per counted unit (usually a child) and
the fields that put it there; the engine turns that into the figure in one generic
way per unit, so a figure and its list of children can never disagree.

Units and what `units` must return (besides LA, CHILD and any fields to show):
- count: one row per unit counted.
- percent: one row per unit of the denominator, with a boolean `numerator`.
- rate: one row per unit counted; the denominator is the population aged 0-17.
- average: one row per unit, with a numeric `measure`; the value is their mean.
- per_year: one row per unit counted over `years` collection years; the value is the
  count divided by the years (a yearly average).
- breakdown: one row per unit, with a string `category`; the value is the total.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

UNITS = ("count", "percent", "rate", "average", "per_year", "breakdown")


@dataclass(frozen=True)
class Indicator:
    id: str
    title: str
    unit: str
    cohort: str
    numerator: str
    denominator: str | None
    source: str
    units: Callable = field(repr=False, compare=False)
    exclusions: str = ""
    higher_is_better: bool | None = None
    measure_unit: str = ""  # e.g. "days" for averages
    years: int = 1  # the collection years a per_year figure averages over

    def __post_init__(self):
        if self.unit not in UNITS:
            raise ValueError(f"{self.id}: unit {self.unit!r} not one of {UNITS}")


@dataclass
class Result:
    id: str
    year: int
    la: str
    value: float | None
    numerator: float | None
    denominator: float | None
    breakdown: dict[str, int] | None = None

    def as_dict(self) -> dict:
        out = {"id": self.id, "year": self.year, "la": self.la, "value": self.value,
               "numerator": self.numerator, "denominator": self.denominator}
        if self.breakdown is not None:
            out["breakdown"] = self.breakdown
        return out
