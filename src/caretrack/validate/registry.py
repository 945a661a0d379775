"""Which rules apply in which collection year.

A rule code may have several definitions over the years (the DfE changes a rule's
codes or wording); each definition lists its years, and no two definitions of one
code may share a year (tests/validate/test_rules.py checks).
"""

from __future__ import annotations

from caretrack.schema import year_label, years_label
from caretrack.validate.rule import VALIDATED_YEARS, Rule
from caretrack.validate.rules import ALL_RULES


def rules_for(year: int) -> dict[str, Rule]:
    """Every rule that applies in collection `year`, by code."""
    if year not in VALIDATED_YEARS:
        raise ValueError(f"no validation rules for collection year {year_label(year)}; rules cover "
                         f"{years_label(VALIDATED_YEARS)}")
    return {r.code: r for r in ALL_RULES if year in r.years}
