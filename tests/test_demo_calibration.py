"""The demo authority looks like the seeds' county: its figures, counted here with plain
code straight from the CSV files `caretrack demo` writes (not through caretrack's
indicators), land within the tolerance of shared/reference/demo-targets.md: 15%
(relative) for counts, 5 percentage points for percentages.

Not yet within tolerance, and so not asserted (see the issue's note): children who
ceased in 2019-20 (about 200 against 170: the seeds' year grew its care population by
75 children, which a steady simulation does not), the share ceasing to parents or
relatives, family-based placements (about 80% against 71%) and adoptions in 2019-20
(about 39 against 31).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from caretrack.demo import DEFAULT_SEED, generate

END_2020, END_2024, END_2025 = dt.date(2020, 3, 31), dt.date(2024, 3, 31), dt.date(2025, 3, 31)


def d(text: str) -> dt.date | None:
    return dt.datetime.strptime(text, "%d/%m/%Y").date() if text else None


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    generate(out, seed=DEFAULT_SEED)
    return out


def rows(demo: Path, year: int, table: str) -> list[dict]:
    with open(demo / str(year) / f"SSDA903_{year}_{table}.csv", newline="") as f:
        return list(csv.DictReader(f))


def operational(demo: Path, table: str) -> list[dict]:
    with open(demo / "operational" / f"{table}.csv", newline="") as f:
        return list(csv.DictReader(f))


def in_care(demo: Path, year: int) -> dict[str, dict]:
    """Children with an episode open on 31 March, short breaks excluded: child -> episode."""
    end = dt.date(year, 3, 31)
    out = {}
    for e in rows(demo, year, "Episodes"):
        if d(e["DECOM"]) <= end and not e["DEC"] and e["LS"] not in ("V3", "V4"):
            out[e["CHILD"]] = e
    return out


def within(got: float, target: float) -> bool:
    return abs(got - target) <= 0.15 * target


def near(got: float, target: float) -> bool:
    return abs(got - target) <= 5


# --- 2019-20 (the report of September 2020) -------------------------------------------


def test_children_in_care_2020(demo):
    assert within(len(in_care(demo, 2020)), 657)  # seeds: 657 at 31 March 2020


def test_legal_status_2020(demo):
    ls = [e["LS"] for e in in_care(demo, 2020).values()]
    assert within(ls.count("C2"), 373)  # full care order 373
    assert within(ls.count("C1"), 91)  # interim care order 91
    assert within(ls.count("V2"), 144)  # s20 144


def test_sex_and_ethnicity_2020(demo):
    header = {h["CHILD"]: h for h in rows(demo, 2020, "Header")}
    children = in_care(demo, 2020)
    male = sum(header[c]["SEX"] == "1" for c in children)
    white = sum(header[c]["ETHNIC"].startswith("W") for c in children)
    assert near(100 * male / len(children), 56)  # 368 male (56%)
    assert near(100 * white / len(children), 88.0)  # white ethnic groups 88.0%


def test_placements_2020(demo):
    episodes = list(in_care(demo, 2020).values())
    n = len(episodes)
    ifa = sum(e["PLACE"] in ("U4", "U5", "U6") and e["PLACE_PROVIDER"] in ("PR4", "PR5") for e in episodes)
    residential = sum(e["PLACE"] in ("K1", "K2", "R1", "S1") for e in episodes)
    kinship = sum(e["PLACE"] in ("U1", "U2", "U3") for e in episodes)
    parents_on_order = sum(e["PLACE"] == "P1" and e["LS"] in ("C1", "C2") for e in episodes)
    assert within(ifa, 188)  # independent fostering agency 188
    assert near(100 * residential / n, 8.5)  # residential 8.5%
    assert near(100 * kinship / n, 21)  # kinship / connected 21% of all
    assert within(parents_on_order, 41)  # on a care order and placed with parents 41


def test_starts_2020(demo):
    start, end = dt.date(2019, 4, 1), END_2020
    first: dict[str, dict] = {}
    for e in rows(demo, 2020, "Episodes"):
        if e["RNE"] == "S" and start <= d(e["DECOM"]) <= end and e["LS"] not in ("V3", "V4"):
            if e["CHILD"] not in first or d(e["DECOM"]) < d(first[e["CHILD"]]["DECOM"]):
                first[e["CHILD"]] = e
    assert within(len(first), 245)  # starts 245
    assert near(100 * sum(e["LS"] == "V2" for e in first.values()) / len(first), 61.2)  # 61.2% under s20


def test_oc2_2020(demo):
    oc2 = rows(demo, 2020, "OC2")
    n = len(oc2)
    assert within(n, 459)  # OC2 cohort 459
    assert near(100 * sum(r["IMMUNISATIONS"] == "1" for r in oc2) / n, 90.4)  # immunised 90.4%
    assert near(100 * sum(r["TEETH_CHECK"] == "1" for r in oc2) / n, 87.6)  # teeth checked 87.6%
    assert near(100 * sum(r["HEALTH_ASSESSMENT"] == "1" for r in oc2) / n, 91.9)  # health assessment 91.9%
    scores = [int(r["SDQ_SCORE"]) for r in oc2 if r["SDQ_SCORE"]]
    assert within(sum(scores) / len(scores), 14)  # SDQ average 14


def test_care_leavers_2020(demo):
    oc3 = rows(demo, 2020, "OC3")
    n = len(oc3)
    assert within(n, 278)  # care leavers in the return 278
    assert near(100 * sum(r["IN_TOUCH"] == "YES" for r in oc3) / n, 96)  # in touch 96%
    assert near(100 * sum(r["ACTIV"][:1] in ("F", "P") for r in oc3) / n, 64.2)  # EET 64.2%
    assert near(100 * sum(r["ACCOM"].endswith("1") for r in oc3) / n, 94.8)  # suitable accommodation 94.8%


# --- 2023-24 and 2024-25 --------------------------------------------------------------


def test_children_in_care_2024_2025(demo):
    assert within(len(in_care(demo, 2024)), 723)  # 723 children in care (figures at 8 May 2024)
    assert within(len(in_care(demo, 2025)), 717)  # 717 (end of April 2025)


def test_uasc_in_care_2025(demo):
    children = in_care(demo, 2025)
    uasc = {u["CHILD"] for u in rows(demo, 2025, "UASC") if d(u["DUC"]) > END_2025}
    assert within(len(uasc & set(children)), 82)  # 717, of whom 82 UASC


def _visits_in_timescale(demo: Path, year: int) -> float:
    """Share of children in care at 31 March whose last visit since their placement
    began was within 6 weeks (3 months in a long-term foster placement U1/U4), or whose
    placement began within the last week."""
    end = dt.date(year, 3, 31)
    children = in_care(demo, year)
    last: dict[str, dt.date] = {}
    for v in operational(demo, "Visits"):
        day = d(v["VISIT_DATE"])
        if day <= end and (v["CHILD"] not in last or day > last[v["CHILD"]]):
            last[v["CHILD"]] = day
    ok = 0
    for child, e in children.items():
        allowed = 92 if e["PLACE"] in ("U1", "U4") else 42
        seen = last.get(child)
        if (seen and (end - seen).days <= allowed) or (end - d(e["DECOM"])).days <= 7:
            ok += 1
    return 100 * ok / len(children)


@pytest.mark.parametrize("year, target", [(2020, 83), (2024, 91), (2025, 90)])
def test_visits_in_timescale(demo, year, target):
    # seeds: visits in timescale 83% (2019-20), 91% (2024), 90% (2025)
    assert near(_visits_in_timescale(demo, year), target)


@pytest.mark.parametrize("year, target", [(2024, 92.8), (2025, 90)])
def test_pathway_plans_in_last_6_months(demo, year, target):
    """Care leavers (a CareLeaverStatus on or before 31 March, aged 16-21, a care
    leaver for 3 months or more, so a first plan was due) with a pathway plan in the 6
    months to 31 March (seeds: 92.8% in 2024, 90% in 2025)."""
    end = dt.date(year, 3, 31)
    status: dict[str, dict] = {}
    first: dict[str, dt.date] = {}
    for s in operational(demo, "CareLeaverStatus"):
        if d(s["STATUS_DATE"]) <= end:
            status[s["CHILD"]] = s  # rows are in date order per child
            first.setdefault(s["CHILD"], d(s["STATUS_DATE"]))
    leavers = {c for c, s in status.items() if 16 <= (end - d(s["DOB"])).days / 365.25 < 22 and s["IN_TOUCH"] != "DIED"
               and (end - first[c]).days >= 92}
    recent = {p["CHILD"] for p in operational(demo, "PathwayPlans")
              if dt.date(year - 1, 9, 30) <= d(p["PLAN_DATE"]) <= end}
    assert near(100 * len(leavers & recent) / len(leavers), target)
