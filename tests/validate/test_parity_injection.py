"""How bench/parity_903.py moves a rule's failing cases to another collection year, so
that every rule has rows to flag in every year it applies to."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd

_spec = importlib.util.spec_from_file_location("parity_903", Path(__file__).parents[2] / "bench" / "parity_903.py")
parity = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(parity)


def test_a_date_moves_by_whole_years_written_as_it_was():
    assert parity._later("1/6/2024", 1) == "1/6/2025"
    assert parity._later("01/06/2024", -2) == "01/06/2022"
    assert parity._later("29/02/2024", 1) == "28/02/2025"
    # A previous permanence date whose day or month is not known.
    assert parity._later("ZZ/05/2020", 1) == "ZZ/05/2021" and parity._later("zz/zz/2020", -1) == "zz/zz/2019"
    # Not a date: left as it is, so an invalid date stays invalid.
    assert [parity._later(t, 1) for t in ("", "xx", "31/06/2024", "1/6/24")] == ["", "xx", "31/06/2024", "1/6/24"]


def test_sex_is_recoded_only_when_moved_across_2024_25():
    header = pd.DataFrame({"CHILD": ["1", "2", "3"], "SEX": ["1", "2", "M"], "DOB": ["01/01/2010"] * 3})
    to_2025 = parity.moved_on(header.copy(), "Header", 1, 2025)
    assert list(to_2025.SEX) == ["M", "F", "M"] and list(to_2025.DOB) == ["01/01/2011"] * 3
    back = parity.moved_on(pd.DataFrame({"SEX": ["M", "F", "1"]}), "Header", -2, 2023)
    assert list(back.SEX) == ["1", "2", "1"]
    # Within the same coding (2025-26 from 2024-25) an invalid code stays invalid.
    assert list(parity.moved_on(pd.DataFrame({"SEX": ["1", "M"]}), "Header", 1, 2026).SEX) == ["1", "M"]


def test_a_rule_takes_the_cases_of_the_nearest_year_written_for():
    spec = {"code": "X", "year": 2025, "fail": [{"name": "a"}, {"name": "b", "year": 2023}, {"name": "c", "year": 2027}]}
    assert parity.failing_cases(spec, 2025) == (2025, [{"name": "a"}])
    assert parity.failing_cases(spec, 2024) == (2025, [{"name": "a"}])  # as near as 2023: the later
    assert parity.failing_cases(spec, 2023) == (2023, [{"name": "b", "year": 2023}])
    assert parity.failing_cases(spec, 2026) == (2027, [{"name": "c", "year": 2027}])


def test_a_difference_on_another_rules_case_is_told_apart():
    children = {"Episodes": ["D1", "Z355N0X1", "Z101N0X1"]}
    # Only the peer flags row 2, a child of rule 101's case: not the rule's own rows.
    assert not parity.differs_on_own_rows("355", {"caretrack": {}, "peer": {"Episodes": [2]}}, children)
    # Row 1 is the rule's own case; row 0 a demo child.
    assert parity.differs_on_own_rows("355", {"caretrack": {"Episodes": [1]}, "peer": {}}, children)
    assert parity.differs_on_own_rows("355", {"caretrack": {"Episodes": [0, 2]}, "peer": {"Episodes": [2]}}, children)
    # Rule 35's own rows are not rule 355's.
    assert not parity.differs_on_own_rows("35", {"caretrack": {"Episodes": [1]}, "peer": {}}, children)


def test_the_documented_differences_are_read_by_section():
    """The bench prints each differing rule with the section of
    docs/validation-differences.md that explains it, and any not explained there."""
    from caretrack.validate.rules import ALL_RULES

    documented = parity.documented_differences(parity.DIFFERENCES.read_text(encoding="utf-8"))
    assert documented["146"] == documented["SW12STG2"] == "Peer bugs"
    assert documented["131"] == documented["198"] == documented["432"] == (
        "Caretrack follows the DfE text where the peer narrows or widens it")
    assert documented["359"].startswith("Only as the peer runs today")
    assert "210" not in documented  # identical on both sides, explained elsewhere
    assert set(documented) <= {r.code for r in ALL_RULES}  # no misspelt code
