"""Every validation rule against its readable cases in tests/validate/cases/<code>.toml.

A case file holds `[[fail]]` cases, each with the rows the rule must flag
(`flagged = {Header = [0]}`), and `[[pass]]` cases the rule must not flag. Tables are
CSV text under their 903 names (only the columns a case needs); the previous year's
tables take the suffix `_last`, an earlier return's its collection year (`Episodes_2023`,
given as `earlier`); reference data (`provider_info`, `postcodes`) is CSV text under its
name. `year` (file or case) is the collection year by its end; `la` (file or
case) the return's own local authority code.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from caretrack.schema import SSDA903_TABLES
from caretrack.validate import check
from caretrack.validate.registry import rules_for
from caretrack.validate.rule import VALIDATED_YEARS
from caretrack.validate.rules import ALL_RULES

CASES = Path(__file__).parent / "cases"
NAMES = {t.name for t in SSDA903_TABLES}


def _tables(case: dict, suffix: str = "") -> dict[str, pd.DataFrame]:
    out = {}
    for name in NAMES:
        text = case.get(name + suffix)
        if text is not None:
            out[name] = pd.read_csv(io.StringIO(text.strip() + "\n"), dtype=str, keep_default_na=False)
    return out


def _earlier(case: dict) -> dict[int, dict[str, pd.DataFrame]]:
    """An earlier return's tables by its collection year (keys such as `Episodes_2023`)."""
    years = {int(key.rsplit("_", 1)[1]) for key in case if re.fullmatch(r"[A-Za-z0-9]+_\d{4}", key)}
    return {year: _tables(case, f"_{year}") for year in sorted(years)}


def _cases():
    for path in sorted(CASES.glob("*.toml")):
        spec = tomllib.loads(path.read_text(encoding="utf-8"))
        for kind in ("fail", "pass"):
            for i, case in enumerate(spec.get(kind, [])):
                yield pytest.param(spec, kind, case, id=f"{spec['code']}-{kind}-{case.get('name', i)}")


@pytest.mark.parametrize("spec, kind, case", list(_cases()))
def test_rule_case(spec, kind, case):
    year = case.get("year", spec.get("year", 2025))
    previous = _tables(case, "_last") or None
    reference = {
        name: pd.read_csv(io.StringIO(case[name].strip() + "\n"), dtype=str, keep_default_na=False)
        for name in ("provider_info", "postcodes")
        if name in case
    }
    la = case.get("la", spec.get("la"))
    flagged, skipped = check(_tables(case), year, previous=previous, rules=[spec["code"]], reference=reference, la=la,
                             earlier=_earlier(case))
    assert spec["code"] not in skipped, skipped
    got = {t: rows for t, rows in flagged[spec["code"]].items() if rows}
    if kind == "fail":
        assert got == case["flagged"]
    else:
        assert got == {}


def test_every_rule_has_a_failing_and_a_passing_case():
    covered = {}
    for path in CASES.glob("*.toml"):
        spec = tomllib.loads(path.read_text(encoding="utf-8"))
        covered[spec["code"]] = (bool(spec.get("fail")), bool(spec.get("pass")))
    missing = sorted({r.code for r in ALL_RULES} - {c for c, (f, p) in covered.items() if f and p})
    assert missing == []


def test_derived_tables_are_made_once_and_only_when_read(monkeypatch):
    """The derived tables the rules run read are made once per return, each after those
    it reads, and none when no rule run reads one."""
    from caretrack.validate import engine

    made = []
    monkeypatch.setattr(engine, "_derived_order", lambda sqls, real=engine._derived_order: made.append(real(sqls)) or made[-1])
    tables = {"Episodes": pd.DataFrame({"CHILD": ["1"], "DECOM": ["01/05/2024"], "RNE": ["S"]})}
    check(tables, 2025, rules=["101", "SW02STG1"])
    assert made[0] == []
    made.clear()
    check(tables, 2025, rules=["191", "190"])  # both read the OC2 cohort; 191 the ordered episodes too
    # The oc2_cohort reads looked_after_12_months, so that is made first.
    assert made[0] == ["looked_after_12_months", "oc2_cohort", "episodes_in_order"]


def test_rules_shared_over_two_threads_flag_what_one_thread_flags(monkeypatch):
    """Every rule's failing cases of 2024-25 in one return (children of different cases
    may meet: the point is the same input), checked on one thread and on two, with
    every table copied in rather than those the rules name, and one rule per query
    rather than in batches."""
    from caretrack.validate import engine

    this, last = {}, {}
    for spec, kind, case in (p.values for p in _cases()):
        if kind == "fail" and case.get("year", spec.get("year", 2025)) == 2025:
            for tables, suffix in ((this, ""), (last, "_last")):
                for name, frame in _tables(case, suffix).items():
                    tables[name] = pd.concat([tables.get(name, frame.iloc[:0]), frame], ignore_index=True)
    one, skipped = check(this, 2025, previous=last, threads=1)
    assert sum(1 for tables in one.values() if any(tables.values())) > 200
    assert check(this, 2025, previous=last, threads=2) == (one, skipped)
    monkeypatch.setattr(engine, "tables_read", lambda rules: None)
    assert check(this, 2025, previous=last, threads=2) == (one, skipped)
    monkeypatch.setattr(engine, "BATCH", 1)
    assert check(this, 2025, previous=last, threads=2) == (one, skipped)


def test_a_rule_that_cannot_run_is_named_and_its_batch_still_runs():
    """A batch whose query fails runs rule by rule: the error names the rule that
    failed, not the batch, and gives none of the data."""
    from caretrack.validate import engine
    from caretrack.validate.rule import rule

    tables = {"Header": pd.DataFrame({"CHILD": ["1", "2"], "SEX": ["M", "X"]})}
    good = rule("T1", "test", ["SEX"], "SELECT 'Header' AS tbl, ROW_ID FROM header WHERE SEX = 'X'")
    bad = rule("T2", "test", ["SEX"], "SELECT 'Header' AS tbl, ROW_ID FROM header WHERE CAST(SEX AS INTEGER) = 1")
    con = engine.connect(tables, 2025)
    assert engine._flagged(con, [good]) == {"T1": {"Header": [1]}}
    with pytest.raises(RuntimeError, match="^rule T2 could not run$"):
        engine.run(con, [good, bad], set())


def test_only_the_tables_rules_name_are_copied_in():
    from caretrack.validate import engine
    from caretrack.validate.registry import rules_for

    rules = rules_for(2025)
    every = engine.tables_read(list(rules.values()))
    assert {"episodes_last", "header_last", "uasc_last"} <= every and "reviews_last" not in every
    # 191 reads OC2 and Episodes through two derived tables (the OC2 cohort, episodes in order).
    reads = engine.tables_read([rules["191"]])
    con = engine.connect({"Episodes": pd.DataFrame({"CHILD": ["1"]}), "Reviews": pd.DataFrame({"CHILD": ["1"]})},
                         2025, reads=reads)
    made = {name for (name,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert made == {"episodes", "oc2"}


def test_a_derived_table_has_one_definition(monkeypatch):
    from caretrack.validate import rule

    monkeypatch.setattr(rule, "DERIVED", {})
    derived = rule.derived
    derived("test_only_derived", "SELECT 1 AS x")
    assert derived("test_only_derived", " SELECT 1 AS x\n") == "SELECT * FROM test_only_derived"
    with pytest.raises(ValueError, match="two definitions"):
        derived("test_only_derived", "SELECT 2 AS x")


def test_no_two_definitions_of_a_rule_share_a_year():
    seen = set()
    for r in ALL_RULES:
        for y in r.years:
            assert (r.code, y) not in seen, (r.code, y)
            assert y in VALIDATED_YEARS
            seen.add((r.code, y))


# DfE rules that cannot be checked on any return caretrack reads, with why (README,
# "Validating"). (105, 205C and 303 read the XML Header's UASC field: they run on an
# XML return and are listed as not run on a CSV one.)
NOT_CHECKABLE = {
    "411": "compares PL_LA with PL_LOCATION, both derived from the one placement postcode",
}


def test_every_dfe_rule_is_implemented_for_its_years():
    listed = {}
    for line in (Path(__file__).parent / "dfe_rules.tsv").read_text(encoding="utf-8").splitlines()[4:]:
        code, years = line.split("\t")
        listed[code] = {int(y) for y in years.split(",")}
    ours: dict[str, set[int]] = {}
    for r in ALL_RULES:
        ours.setdefault(r.code, set()).update(r.years)
    assert {c: sorted(y) for c, y in listed.items() if c not in NOT_CHECKABLE and ours.get(c) != y} == {}
    assert set(ours) - set(listed) == set()


def _any_return(draw, children: list[str]) -> dict[str, pd.DataFrame]:
    """Every 903 table with a few rows of these children, each value what a return could
    hold or not: a code of the column's list, a date around the years validated, a date
    that is no date, blank, or any text."""
    from hypothesis import strategies as st

    from caretrack.schema.codes import CODE_LISTS
    from caretrack.schema.model import Kind

    odd = st.sampled_from(["", "X", "31/02/2024", "01/01/0001", "2024-01-01", "1/1/2024", "99999999999999999999",
                           "-1", "1.5", "'", "ZZ/05/2020"])
    dates = st.dates(dt.date(2000, 1, 1), dt.date(2027, 6, 30)).map(lambda d: d.strftime("%d/%m/%Y"))
    tables = {}
    for table in SSDA903_TABLES:
        def value(column):
            usual = (st.sampled_from(sorted(CODE_LISTS[column.codes])) if column.codes
                     else dates if column.kind == Kind.DATE else st.text(max_size=8))
            return st.one_of(usual, usual, odd, st.text(max_size=12))

        rows = draw(st.lists(st.fixed_dictionaries(
            {c.name: (st.sampled_from(children) if c.name == "CHILD" else value(c)) for c in table.columns}),
            max_size=4))
        tables[table.name] = pd.DataFrame(rows, columns=table.column_names, dtype=object)
    return tables


def test_every_rule_runs_on_any_values():
    """No value a return can hold stops a rule (a rule that raised would stop the whole
    check): every table, this year's and last year's, filled with codes, dates, dates
    that are none, blanks and any text, for a child or two, in every year validated."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st

    # No shrinking: the error names the rule, and shrinking a return takes minutes.
    @settings(max_examples=25, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.data(), st.sampled_from(VALIDATED_YEARS))
    def runs(data, year):
        children = ["A", "B"]
        flagged, skipped = check(_any_return(data.draw, children), year, previous=_any_return(data.draw, children),
                                 la="999")
        assert set(flagged) | set(skipped) == set(rules_for(year))
        assert all(why.startswith("needs") for why in skipped.values()), skipped

    runs()
