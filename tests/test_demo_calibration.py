"""The demo authority looks like the seeds' county: its figures, counted here with plain
code straight from the CSV files `caretrack demo` writes (not through caretrack's
indicators), land within the tolerance of shared/reference/demo-targets.md: 15%
(relative) for counts, averages and rates, 5 percentage points for percentages.

Every figure of demo-targets.md is in FIGURES below, except these, which the demo's
data cannot carry:
- "previous year" figures in brackets (582 in care in 2019, 207 starts...): the demo
  is compared with the seeds' year, and the year before is simulated, not calibrated;
- supervision orders made (26 in 2019-20): a child on a supervision order is not looked
  after, so no 903 table or demo record holds one;
- "permanence achieved where it can be considered, 113 of 192" (2024): the seeds do
  not say which children permanence "can be considered" for, nor what counts as
  achieved (the demo's PermanenceDecisions could be counted several ways, none of them
  the seeds' own);
- rates and counts "at 8 May 2024" and "end of April 2025" are counted at 31 March,
  the nearest date the returns carry.
Figures not yet within tolerance are in NOT_YET, each with why: they are asserted and
expected to fail (strict=False), so the list shows what is left to calibrate.
Where the seeds give a count and a percentage of the same thing both are asserted; the
SDQ bands are compared as shares of the scored children (the seeds' band counts add up
to 147 children, fewer than their 83% completion of the cohort implies). Children who
ceased "to parents or relatives" are counted as caretrack's indicator
ceased_to_parents_or_relatives counts them (REC E4A, E4B, E13; a child arrangements
order, E41, is a final order of its own here). Dental checks are counted for children in
care for 12 months or more (see dental_in_timescale). Care leavers aged 18-25 are all of them
in 2024 (the seeds' 652), but in 2025 those aged 18-21 and those aged 22-25 still in
touch with the service (the seeds' 498, "51 aged 22-25").

Each figure is one draw of a random county, and the small counts (a dozen special
guardianship orders, thirty adoptions) vary by more than their tolerance from one draw
to the next. Every child's arrival in care and every process draws from its own named
stream (caretrack.demo.draws), so tuning one process moves its own figures only. The
parameters were set on the mean of many streams; settings.toml's `stream` then picks
the draw for seed 5, chosen with `--streams` below.

    .venv/bin/python tests/test_demo_calibration.py DIR     prints every figure of a demo in DIR
    .venv/bin/python tests/test_demo_calibration.py --streams 0 280 [records_stream]
        generates seed 5 on each stream (the histories', or the case records' or the
        returns' own) and lists those missing fewest figures (a few minutes a hundred)
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

import pytest

from caretrack.demo import DEFAULT_SEED, generate
from caretrack.demo.simulate import add_years, age_on
from caretrack.io.values import parse_date

DAY = dt.timedelta(days=1)


def d(text: str) -> dt.date | None:
    return parse_date(text) if text else None


def end_of(year: int) -> dt.date:
    return dt.date(year, 3, 31)


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    generate(out, seed=DEFAULT_SEED)
    return out


# --- reading the CSV files -------------------------------------------------------------


@lru_cache(maxsize=None)
def _read(path: Path) -> tuple[dict, ...]:
    with open(path, newline="") as f:
        return tuple(csv.DictReader(f))


def rows(demo: Path, year: int, table: str) -> tuple[dict, ...]:
    return _read(demo / str(year) / f"SSDA903_{year}_{table}.csv")


def operational(demo: Path, table: str) -> tuple[dict, ...]:
    return _read(demo / "operational" / f"{table}.csv")


@lru_cache(maxsize=None)
def _dated(demo: Path, table: str, column: str) -> dict[str, list[dt.date]]:
    """Operational events per child, dates sorted."""
    out: dict[str, list[dt.date]] = defaultdict(list)
    for r in operational(demo, table):
        out[r["CHILD"]].append(d(r[column]))
    for dates in out.values():
        dates.sort()
    return out


@lru_cache(maxsize=None)
def all_episodes(demo: Path) -> dict[str, list[dict]]:
    """Every episode of every return, latest version of each, per child in date order."""
    seen: dict[tuple[str, str], dict] = {}
    for folder in sorted(p for p in demo.iterdir() if p.name.isdigit()):
        for e in rows(demo, int(folder.name), "Episodes"):
            seen[(e["CHILD"], e["DECOM"])] = e
    out: dict[str, list[dict]] = defaultdict(list)
    for e in sorted(seen.values(), key=lambda e: d(e["DECOM"])):
        out[e["CHILD"]].append(e)
    return out


def period_start(demo: Path, child: str, day: dt.date) -> dt.date:
    """Start of the period of care open on `day`: its S episode, or the earliest episode
    the returns hold (periods begun before the first return)."""
    eps = [e for e in all_episodes(demo)[child] if d(e["DECOM"]) <= day]
    starts = [d(e["DECOM"]) for e in eps if e["RNE"] == "S"]
    return starts[-1] if starts else d(eps[0]["DECOM"])


@lru_cache(maxsize=None)
def in_care(demo: Path, year: int) -> dict[str, dict]:
    """Children with an episode open on 31 March, short breaks excluded: child -> episode."""
    end = end_of(year)
    return {e["CHILD"]: e for e in rows(demo, year, "Episodes")
            if d(e["DECOM"]) <= end and not e["DEC"] and e["LS"] not in ("V3", "V4")}


@lru_cache(maxsize=None)
def dobs(demo: Path) -> dict[str, dt.date]:
    out = {}
    for folder in sorted(p for p in demo.iterdir() if p.name.isdigit()):
        for h in rows(demo, int(folder.name), "Header"):
            out[h["CHILD"]] = d(h["DOB"])
    return out


@lru_cache(maxsize=None)
def uasc_children(demo: Path) -> frozenset[str]:
    return frozenset(u["CHILD"] for p in demo.iterdir() if p.name.isdigit() for u in rows(demo, int(p.name), "UASC"))


def pct(part: int, whole: int) -> float:
    return 100 * part / whole if whole else float("nan")


# --- 903 figures -----------------------------------------------------------------------


def _in_care_where(demo, year, test) -> int:
    return sum(bool(test(e)) for e in in_care(demo, year).values())


def _in_care_share(demo, year, test) -> float:
    return pct(_in_care_where(demo, year, test), len(in_care(demo, year)))


def rate_per_10000(demo, year) -> float:
    population = {int(r["YEAR"]): int(r["POPULATION_0_17"]) for r in operational(demo, "Population")}
    return 10000 * len(in_care(demo, year)) / population[year]


def header(demo, year) -> dict[str, dict]:
    return {h["CHILD"]: h for h in rows(demo, year, "Header")}


def _sex(demo, year, code) -> int:
    h = header(demo, year)
    return sum(h[c]["SEX"] == code for c in in_care(demo, year))


def _white(demo, year) -> int:
    h = header(demo, year)
    return sum(h[c]["ETHNIC"].startswith("W") for c in in_care(demo, year))


FAMILY = ("U1", "U2", "U3", "U4", "U5", "U6", "A3", "A4", "A5", "A6", "P1")  # foster incl. kinship, adoption, parents
RESIDENTIAL = ("K1", "K2", "R1", "S1")


def is_ifa(e) -> bool:
    return e["PLACE"] in ("U4", "U5", "U6") and e["PLACE_PROVIDER"] in ("PR4", "PR5")


def placements_3_plus(demo, year) -> float:
    """Children in care at 31 March with three or more placements in the year: the first
    episode in the year and each later one starting a placement (RNE S, P, B, T, U),
    temporary placements (T0-T4) and the return from one left out."""
    start, end = dt.date(year - 1, 4, 1), end_of(year)
    children = in_care(demo, year)
    count = Counter()
    for child in children:
        previous = None
        first = True
        for e in all_episodes(demo)[child]:
            decom, dec = d(e["DECOM"]), d(e["DEC"])
            if decom > end or (dec and dec < start):
                previous = e
                continue
            if e["PLACE"].startswith("T"):
                previous = e
                continue
            back = previous is not None and previous["PLACE"].startswith("T")
            if first or (e["RNE"] in ("S", "P", "B", "T", "U") and not back):
                count[child] += 1
            first = False
            previous = e
    return pct(sum(n >= 3 for n in count.values()), len(children))


def long_term_stability(demo, year) -> float:
    """Children under 16 at 31 March, in care for 2.5 years, with the same carer (no new
    placement at RNE S, P or B; for those placed for adoption, before the adoptive
    placement) for 2 years."""
    end = end_of(year)
    two_and_half, two = end - dt.timedelta(days=913), end - dt.timedelta(days=730)
    eligible = ok = 0
    for child, e in in_care(demo, year).items():
        if age_on(dobs(demo)[child], end) >= 16 or period_start(demo, child, end) > two_and_half:
            continue
        eligible += 1
        start = period_start(demo, child, end)
        adoptive = d(e["DECOM"]) if e["PLACE"] in ("A3", "A4", "A5", "A6") else None
        carers = [d(x["DECOM"]) for x in all_episodes(demo)[child] if start <= d(x["DECOM"]) <= end
                  and x["RNE"] in ("S", "P", "B") and (adoptive is None or d(x["DECOM"]) < adoptive)]
        ok += (max(carers) if carers else start) <= two
    return pct(ok, eligible)


@lru_cache(maxsize=None)
def starts(demo, year) -> dict[str, dict]:
    """First start (RNE S) in the year of each child, short breaks excluded."""
    start, end = dt.date(year - 1, 4, 1), end_of(year)
    first: dict[str, dict] = {}
    for e in rows(demo, year, "Episodes"):
        if e["RNE"] == "S" and start <= d(e["DECOM"]) <= end and e["LS"] not in ("V3", "V4"):
            if e["CHILD"] not in first or d(e["DECOM"]) < d(first[e["CHILD"]]["DECOM"]):
                first[e["CHILD"]] = e
    return first


def starts_previous_permanence(demo, year) -> int:
    perm = {p["CHILD"] for p in rows(demo, year, "PrevPerm") if p["PREV_PERM"] in ("P1", "P2", "P3")}
    return len(perm & set(starts(demo, year)))


@lru_cache(maxsize=None)
def ceased(demo, year) -> dict[str, dict]:
    """Last cessation (REC not X1) in the year of each child, short breaks excluded."""
    start, end = dt.date(year - 1, 4, 1), end_of(year)
    last: dict[str, dict] = {}
    for e in rows(demo, year, "Episodes"):
        dec = d(e["DEC"])
        if dec and start <= dec <= end and e["REC"] and e["REC"] != "X1" and e["LS"] not in ("V3", "V4"):
            if e["CHILD"] not in last or dec > d(last[e["CHILD"]]["DEC"]):
                last[e["CHILD"]] = e
    return last


def ceased_with(demo, year, reasons) -> int:
    return sum(e["REC"] in reasons for e in ceased(demo, year).values())


TO_PARENTS_OR_RELATIVES = ("E4A", "E4B", "E13")  # as caretrack's indicator ceased_to_parents_or_relatives
SGO = ("E45", "E46", "E47", "E48")


def adoption_journeys(demo, year) -> list[tuple[int, int | None]]:
    """(A1 days from entering care to moving in with the adopters, A2 days from the
    authority to place to the match) for each child adopted in the year."""
    ad1 = {a["CHILD"]: a for a in rows(demo, year, "AD1")}
    out = []
    for child, e in ceased(demo, year).items():
        if e["REC"] not in ("E11", "E12"):
            continue
        dec = d(e["DEC"])
        start = period_start(demo, child, dec)
        period = [x for x in all_episodes(demo)[child] if start <= d(x["DECOM"]) <= dec]
        adoptive = min((d(x["DECOM"]) for x in period if x["PLACE"] in ("A3", "A4", "A5", "A6")), default=None)
        if child in ad1 and ad1[child]["FOSTER_CARE"] == "1" and adoptive:
            # Moved in with the foster carers who adopted: their placement's start (or the
            # earliest episode the returns hold, if it began before the first return).
            moved = max((d(x["DECOM"]) for x in period if x["RNE"] in ("S", "P", "B") and d(x["DECOM"]) <= adoptive), default=start)
        else:
            moved = adoptive
        authority = min((d(x["DECOM"]) for x in period if x["LS"] in ("E1", "D1")), default=None)
        a2 = (d(ad1[child]["DATE_MATCH"]) - authority).days if child in ad1 and authority else None
        out.append(((moved - start).days if moved else None, a2, moved is not None and moved < _plus_months(start, 14)))
    return out


def a3_waits(demo, year) -> list[bool]:
    """A3 as the seeds count it: "of 151 children who had been adopted in the last 3 years
    or were in the adoption process at the end of March 2020, 74 (49%) had waited/were
    waiting less than 14 months between entering care and moving in with their adoptive
    family". For each child adopted in the three years, and each in care at 31 March still
    in the adoption process (the DfE scorecard methodology's "with an agency decision
    maker's decision that they should be adopted": a PlacedAdoption decision not ceased):
    moved in (or, not yet placed, waited so far) under 14 months.
    A child placed for adoption with the current foster carers (A3, A5 at RNE S, T or U)
    moved in when the placement with them began."""
    waits = [j[2] for y in (year - 2, year - 1, year) for j in adoption_journeys(demo, y)]
    end = end_of(year)
    deciding = {r["CHILD"] for r in rows(demo, year, "PlacedAdoption") if r["DATE_PLACED"] and not r["DATE_PLACED_CEASED"]}
    for child in in_care(demo, year):
        if child not in deciding:
            continue
        start = period_start(demo, child, end)
        period = [x for x in all_episodes(demo)[child] if start <= d(x["DECOM"]) <= end]
        placed = [x for x in period if x["PLACE"] in ("A3", "A4", "A5", "A6")]
        moved = d(placed[0]["DECOM"]) if placed else end
        if placed and placed[0]["PLACE"] in ("A3", "A5") and placed[0]["RNE"] in ("S", "T", "U"):
            moved = max((d(x["DECOM"]) for x in period if x["RNE"] in ("S", "P", "B") and d(x["DECOM"]) <= moved), default=start)
        waits.append(moved < _plus_months(start, 14))
    return waits


def _plus_months(day: dt.date, months: int) -> dt.date:
    m = day.month - 1 + months
    y, m = day.year + m // 12, m % 12 + 1
    while True:
        try:
            return day.replace(year=y, month=m)
        except ValueError:
            day = day - DAY


def _mean(values) -> float:
    values = [v for v in values if v is not None]
    return sum(values) / len(values)


def final_orders(demo, year, ls: str) -> int:
    """Children whose legal status became `ls` (C2 full care order, E1 placement order)
    in the year."""
    start, end = dt.date(year - 1, 4, 1), end_of(year)
    n = 0
    for child, eps in all_episodes(demo).items():
        before = None
        for e in eps:
            if e["LS"] == ls and (before is None or before["LS"] != ls or e["RNE"] == "S") and start <= d(e["DECOM"]) <= end:
                n += 1
                break
            before = e
    return n


def oc2(demo, year):
    return rows(demo, year, "OC2")


def _oc2_share(demo, year, column) -> float:
    o = oc2(demo, year)
    return pct(sum(r[column] == "1" for r in o), len(o))


def sdq_scores(demo, year) -> list[int]:
    return [int(r["SDQ_SCORE"]) for r in oc2(demo, year) if r["SDQ_SCORE"]]


def sdq_band(demo, year, low, high) -> float:
    s = sdq_scores(demo, year)
    return pct(sum(low <= x <= high for x in s), len(s))


def sdq_completion(demo, year) -> float:
    """Children aged 4-16 at 31 March in the OC2 cohort with a score."""
    eligible = [r for r in oc2(demo, year) if 4 <= age_on(d(r["DOB"]), end_of(year)) <= 16]
    return pct(sum(bool(r["SDQ_SCORE"]) for r in eligible), len(eligible))


def oc3(demo, year):
    return rows(demo, year, "OC3")


# Care leavers' status, in OC3 and in the case records' CareLeaverStatus alike.
def in_touch(r) -> bool:
    return r["IN_TOUCH"] == "YES"


def eet(r) -> bool:  # in education, employment or training
    return r["ACTIV"][:1] in ("F", "P")


def suitably_housed(r) -> bool:
    return r["ACCOM"].endswith("1")


def _oc3_share(demo, year, test) -> float:
    o = oc3(demo, year)
    return pct(sum(bool(test(r)) for r in o), len(o))


def uasc_in_care_and_leaving(demo, year) -> int:
    """UASC looked after in the year (the UASC table) and former UASC in the year's OC3."""
    in_table = {u["CHILD"] for u in rows(demo, year, "UASC")}
    leavers = {r["CHILD"] for r in oc3(demo, year)} & uasc_children(demo)
    return len(in_table | leavers)


def uasc_in_care(demo, year) -> int:
    children = in_care(demo, year)
    uasc = {u["CHILD"] for u in rows(demo, year, "UASC") if d(u["DUC"]) > end_of(year)}
    return len(uasc & set(children))


# --- case records: timeliness at 31 March ----------------------------------------------


def _timely(demo, year, table, column, first_days, interval_days, children=None) -> float:
    """Share of children in care at 31 March for whom the work is not overdue: due
    `first_days` after the period began if not done since, else `interval_days(child)`
    after the last time."""
    end = end_of(year)
    children = in_care(demo, year) if children is None else children
    events = _dated(demo, table, column)
    ok = 0
    for child in children:
        start = period_start(demo, child, end)
        done = [x for x in events.get(child, ()) if start <= x <= end]
        due = start + dt.timedelta(days=first_days) if not done else done[-1] + dt.timedelta(days=interval_days(child))
        ok += due >= end
    return pct(ok, len(children))


def visits_in_timescale(demo, year) -> float:
    """Last visit since the placement began within 6 weeks (3 months after the first year
    of a long-term foster placement U1/U4), or a first visit not yet due (7 days)."""
    end = end_of(year)
    visits = _dated(demo, "Visits", "VISIT_DATE")
    ok = 0
    children = in_care(demo, year)
    for child, e in children.items():
        placed = d(e["DECOM"])
        for x in reversed(all_episodes(demo)[child]):  # start of the placement with this carer
            if d(x["DECOM"]) <= d(e["DECOM"]):
                placed = d(x["DECOM"])
                if x["RNE"] in ("S", "P", "B"):
                    break
        seen = [v for v in visits.get(child, ()) if placed <= v <= end]
        long_term = e["PLACE"] in ("U1", "U4") and seen and seen[-1] >= placed + dt.timedelta(days=365)
        due = placed + dt.timedelta(days=7) if not seen else seen[-1] + dt.timedelta(days=92 if long_term else 42)
        ok += due >= end
    return pct(ok, len(children))


def care_plans_in_timescale(demo, year) -> float:
    return _timely(demo, year, "CarePlans", "SIGNED_OFF", 14, lambda c: 183)


def health_in_timescale(demo, year) -> float:
    end = end_of(year)
    return _timely(demo, year, "HealthAssessments", "ASSESSMENT_DATE", 28,
                   lambda c: 183 if age_on(dobs(demo)[c], end) < 5 else 365)


def dental_in_timescale(demo, year, uasc: bool | None = None) -> float:
    """Children in care at 31 March for 12 months or more (all UASC, or none) with a
    dental check in the last 12 months. The seeds' dental figure is of children a check
    has fallen due for, as the DfE's only dental measure (OC2, teeth checked: children in
    care for 12 months, the seeds' 2020 "87.6% received a dental check"); their UASC
    figure, 55.9% "due to the difficulties of identifying an NHS dentist", is low for
    that reason, not because most UASC arrived in the year (counted as not yet due, about
    half of the UASC in care would be in timescale whatever their dental care)."""
    end = end_of(year)
    children = {c: e for c, e in in_care(demo, year).items()
                if period_start(demo, c, end) <= end - dt.timedelta(days=365)
                and (uasc is None or (c in uasc_children(demo)) == uasc)}
    return _timely(demo, year, "DentalChecks", "CHECK_DATE", 365, lambda c: 365, children=children)


@lru_cache(maxsize=None)
def care_leavers_on(demo, year, low=16, high=21) -> dict[str, tuple[dict, dt.date]]:
    """Care leavers (a CareLeaverStatus on or before 31 March, not died) aged low-high
    then: child -> (latest status, first status date)."""
    end = end_of(year)
    status: dict[str, dict] = {}
    first: dict[str, dt.date] = {}
    for s in operational(demo, "CareLeaverStatus"):
        if d(s["STATUS_DATE"]) <= end:
            status[s["CHILD"]] = s  # rows are in date order per child
            first.setdefault(s["CHILD"], d(s["STATUS_DATE"]))
    return {c: (s, first[c]) for c, s in status.items()
            if low <= age_on(d(s["DOB"]), end) <= high and s["IN_TOUCH"] != "DIED"}


def pathway_plans_in_timescale(demo, year) -> float:
    """Care leavers 16-21 whose next pathway plan is not overdue: the first 3 months
    after becoming a care leaver, then every 6 months."""
    end = end_of(year)
    leavers = care_leavers_on(demo, year)
    plans = _dated(demo, "PathwayPlans", "PLAN_DATE")
    ok = 0
    for c, (_, first) in leavers.items():
        done = [x for x in plans.get(c, ()) if x <= end]
        due = first + dt.timedelta(days=92) if not done else done[-1] + dt.timedelta(days=183)
        ok += due >= end
    return pct(ok, len(leavers))


def adviser_contacts_in_timescale(demo, year) -> float:
    """Care leavers 16-21 with a personal adviser: contact every 2 months, and within 7
    days of a move."""
    end = end_of(year)
    advisers = {a["CHILD"] for a in operational(demo, "Allocations") if a["ROLE"] == "PA" and d(a["START_DATE"]) <= end
                and (not a["END_DATE"] or d(a["END_DATE"]) >= end)}
    leavers = {c: v for c, v in care_leavers_on(demo, year).items() if c in advisers}
    contacts = _dated(demo, "AdviserContacts", "CONTACT_DATE")
    moves = _dated(demo, "AccommodationMoves", "MOVE_DATE")
    ok = 0
    for c, (_, first) in leavers.items():
        done = [x for x in contacts.get(c, ()) if x <= end]
        moved = [m for m in moves.get(c, ()) if m <= end]
        if moved and (not done or moved[-1] > done[-1]):
            due = moved[-1] + dt.timedelta(days=7)
        elif not done:
            due = first + dt.timedelta(days=61)
        else:
            due = done[-1] + dt.timedelta(days=61)
        ok += due >= end
    return pct(ok, len(leavers))


def care_leaver_share(demo, year, test) -> float:
    """Latest status of care leavers aged 17-21 (as OC3): in touch, EET, suitably housed."""
    leavers = care_leavers_on(demo, year, 17, 21)
    return pct(sum(bool(test(s)) for s, _ in leavers.values()), len(leavers))


def care_leavers_18_25(demo, year, uasc: bool | None = None, low=18, high=25) -> int:
    leavers = care_leavers_on(demo, year, low, high)
    return sum(uasc is None or (c in uasc_children(demo)) == uasc for c in leavers)


def care_leavers_served(demo, year) -> int:
    """Care leavers 18-21, and 22-25 year olds still in contact with the service (an
    adviser contact in the year)."""
    return care_leavers_18_25(demo, year, high=21) + older_care_leavers_served(demo, year)


def older_care_leavers_served(demo, year) -> int:
    return len(_served_22_25(demo, year))


def _served_22_25(demo, year) -> set[str]:
    """Care leavers aged 22-25 with an adviser contact since their 22nd birthday, in the
    year to 31 March."""
    end = end_of(year)
    contacts = _dated(demo, "AdviserContacts", "CONTACT_DATE")
    out = set()
    for c, (s, _) in care_leavers_on(demo, year, 22, 25).items():
        dob = d(s["DOB"])
        since = max(end - dt.timedelta(days=365), add_years(dob, 22))
        if any(since <= x <= end for x in contacts.get(c, ())):
            out.add(c)
    return out


def uasc_care_leavers_served(demo, year) -> int:
    return care_leavers_18_25(demo, year, uasc=True, high=21) + len(_served_22_25(demo, year) & uasc_children(demo))


def weekly_costs(demo) -> dict[str, float]:
    return {r["COST_CATEGORY"]: float(r["WEEKLY_COST"]) for r in operational(demo, "WeeklyCosts")}


# --- the figures ---------------------------------------------------------------------
# (what, year, seeds' value, "count" (15% relative) or "percent" (5 points), counting)

C, P = "count", "percent"
FIGURES = [
    ("children in care at 31 March", 2020, 657, C, lambda x: len(in_care(x, 2020))),
    ("rate per 10,000 aged 0-17", 2020, 46.9, C, lambda x: rate_per_10000(x, 2020)),
    ("legal status: full care order", 2020, 373, C, lambda x: _in_care_where(x, 2020, lambda e: e["LS"] == "C2")),
    ("legal status: interim care order", 2020, 91, C, lambda x: _in_care_where(x, 2020, lambda e: e["LS"] == "C1")),
    ("legal status: section 20", 2020, 144, C, lambda x: _in_care_where(x, 2020, lambda e: e["LS"] == "V2")),
    ("male", 2020, 368, C, lambda x: _sex(x, 2020, "1")),
    ("male %", 2020, 56, P, lambda x: pct(_sex(x, 2020, "1"), len(in_care(x, 2020)))),
    ("female", 2020, 289, C, lambda x: _sex(x, 2020, "2")),
    ("white ethnic groups", 2020, 578, C, lambda x: _white(x, 2020)),
    ("white ethnic groups %", 2020, 88.0, P, lambda x: pct(_white(x, 2020), len(in_care(x, 2020)))),
    ("family-based placements", 2020, 466, C, lambda x: _in_care_where(x, 2020, lambda e: e["PLACE"] in FAMILY)),
    ("family-based placements %", 2020, 71, P, lambda x: _in_care_share(x, 2020, lambda e: e["PLACE"] in FAMILY)),
    ("independent fostering agency", 2020, 188, C, lambda x: _in_care_where(x, 2020, is_ifa)),
    ("residential", 2020, 56, C, lambda x: _in_care_where(x, 2020, lambda e: e["PLACE"] in RESIDENTIAL)),
    ("residential %", 2020, 8.5, P, lambda x: _in_care_share(x, 2020, lambda e: e["PLACE"] in RESIDENTIAL)),
    ("kinship / connected %", 2020, 21, P, lambda x: _in_care_share(x, 2020, lambda e: e["PLACE"] in ("U1", "U2", "U3"))),
    ("on a care order placed with parents", 2020, 41, C,
     lambda x: _in_care_where(x, 2020, lambda e: e["PLACE"] == "P1" and e["LS"] in ("C1", "C2"))),
    ("provided by the authority (PR1)", 2020, 312, C, lambda x: _in_care_where(x, 2020, lambda e: e["PLACE_PROVIDER"] == "PR1")),
    ("provided by the authority %", 2020, 47.4, P, lambda x: _in_care_share(x, 2020, lambda e: e["PLACE_PROVIDER"] == "PR1")),
    ("private providers (PR4)", 2020, 294, C, lambda x: _in_care_where(x, 2020, lambda e: e["PLACE_PROVIDER"] == "PR4")),
    ("private providers %", 2020, 44.9, P, lambda x: _in_care_share(x, 2020, lambda e: e["PLACE_PROVIDER"] == "PR4")),
    ("three or more placements in year %", 2020, 8.7, P, lambda x: placements_3_plus(x, 2020)),
    ("long-term stability %", 2020, 62, P, lambda x: long_term_stability(x, 2020)),
    ("starts in year", 2020, 245, C, lambda x: len(starts(x, 2020))),
    ("starts under s20", 2020, 150, C, lambda x: sum(e["LS"] == "V2" for e in starts(x, 2020).values())),
    ("starts under s20 %", 2020, 61.2, P,
     lambda x: pct(sum(e["LS"] == "V2" for e in starts(x, 2020).values()), len(starts(x, 2020)))),
    ("starts with a previous permanence order", 2020, 21, C, lambda x: starts_previous_permanence(x, 2020)),
    ("ceased in year", 2020, 170, C, lambda x: len(ceased(x, 2020))),
    ("ceased to parents or relatives", 2020, 47, C, lambda x: ceased_with(x, 2020, TO_PARENTS_OR_RELATIVES)),
    ("ceased to parents or relatives %", 2020, 27.6, P,
     lambda x: pct(ceased_with(x, 2020, TO_PARENTS_OR_RELATIVES), len(ceased(x, 2020)))),
    ("adoptions", 2020, 31, C, lambda x: ceased_with(x, 2020, ("E11", "E12"))),
    ("A1 days, entering care to moving in", 2020, 487, C, lambda x: _mean(j[0] for j in adoption_journeys(x, 2020))),
    ("A2 days, authority to match", 2020, 220, C, lambda x: _mean(j[1] for j in adoption_journeys(x, 2020))),
    ("A3 moved in within 14 months, 3 years %", 2020, 49, P, lambda x: pct(sum(a3_waits(x, 2020)), len(a3_waits(x, 2020)))),
    ("A3 children adopted over 3 years or in the process", 2020, 151, C, lambda x: len(a3_waits(x, 2020))),
    ("final orders: full care order", 2020, 76, C, lambda x: final_orders(x, 2020, "C2")),
    ("final orders: placement order", 2020, 27, C, lambda x: final_orders(x, 2020, "E1")),
    ("final orders: special guardianship (sgo_from_care)", 2020, 17, C, lambda x: ceased_with(x, 2020, SGO)),
    ("final orders: child arrangements", 2020, 19, C, lambda x: ceased_with(x, 2020, ("E41",))),
    ("OC2 cohort", 2020, 459, C, lambda x: len(oc2(x, 2020))),
    ("OC2 convicted %", 2020, 1.45, P, lambda x: _oc2_share(x, 2020, "CONVICTED")),
    ("OC2 immunised %", 2020, 90.4, P, lambda x: _oc2_share(x, 2020, "IMMUNISATIONS")),
    ("OC2 teeth checked %", 2020, 87.6, P, lambda x: _oc2_share(x, 2020, "TEETH_CHECK")),
    ("OC2 health assessment %", 2020, 91.9, P, lambda x: _oc2_share(x, 2020, "HEALTH_ASSESSMENT")),
    ("SDQ average", 2020, 14, C, lambda x: _mean(sdq_scores(x, 2020))),
    ("SDQ 0-13 % (99 of 147)", 2020, 67.3, P, lambda x: sdq_band(x, 2020, 0, 13)),
    ("SDQ 14-16 % (13 of 147)", 2020, 8.8, P, lambda x: sdq_band(x, 2020, 14, 16)),
    ("SDQ 17-19 % (8 of 147)", 2020, 5.4, P, lambda x: sdq_band(x, 2020, 17, 19)),
    ("SDQ 20-40 % (27 of 147)", 2020, 18.4, P, lambda x: sdq_band(x, 2020, 20, 40)),
    ("SDQ completion %", 2020, 83, P, lambda x: sdq_completion(x, 2020)),
    ("care leavers in the return", 2020, 278, C, lambda x: len(oc3(x, 2020))),
    ("care leavers in touch %", 2020, 96, P, lambda x: _oc3_share(x, 2020, in_touch)),
    ("care leavers EET %", 2020, 64.2, P, lambda x: _oc3_share(x, 2020, eet)),
    ("care leavers suitable accommodation %", 2020, 94.8, P, lambda x: _oc3_share(x, 2020, suitably_housed)),
    ("staying put", 2020, 35, C, lambda x: sum(r["ACCOM"] in ("Z1", "Z2") for r in oc3(x, 2020))),
    ("UASC in care and care leavers", 2020, 105, C, lambda x: uasc_in_care_and_leaving(x, 2020)),
    ("visits in timescale %", 2020, 83, P, lambda x: visits_in_timescale(x, 2020)),
    ("care plan signed off in last 6 months %", 2020, 60, P, lambda x: care_plans_in_timescale(x, 2020)),

    ("children in care", 2024, 723, C, lambda x: len(in_care(x, 2024))),
    ("care leavers aged 18-25", 2024, 652, C, lambda x: care_leavers_18_25(x, 2024)),
    ("care plans in date %", 2024, 98, P, lambda x: care_plans_in_timescale(x, 2024)),
    ("visits in timescale %", 2024, 91, P, lambda x: visits_in_timescale(x, 2024)),
    ("health assessments in timescale %", 2024, 84.5, P, lambda x: health_in_timescale(x, 2024)),
    ("dental checks %", 2024, 93.5, P, lambda x: dental_in_timescale(x, 2024, uasc=False)),
    ("dental checks UASC %", 2024, 55.9, P, lambda x: dental_in_timescale(x, 2024, uasc=True)),
    ("pathway plans in timescale %", 2024, 92.8, P, lambda x: pathway_plans_in_timescale(x, 2024)),
    ("care leaver visits in timescale %", 2024, 88.8, P, lambda x: adviser_contacts_in_timescale(x, 2024)),
    ("care leavers EET %", 2024, 62.6, P, lambda x: care_leaver_share(x, 2024, eet)),
    ("care leavers in contact %", 2024, 98.8, P, lambda x: care_leaver_share(x, 2024, in_touch)),
    ("care leavers suitable accommodation %", 2024, 96.8, P, lambda x: care_leaver_share(x, 2024, suitably_housed)),

    ("children in care", 2025, 717, C, lambda x: len(in_care(x, 2025))),
    ("UASC in care", 2025, 82, C, lambda x: uasc_in_care(x, 2025)),
    ("care leavers aged 18-25 (served)", 2025, 498, C, lambda x: care_leavers_served(x, 2025)),
    ("UASC care leavers", 2025, 226, C, lambda x: uasc_care_leavers_served(x, 2025)),
    ("care leavers aged 22-25 (served)", 2025, 51, C, lambda x: older_care_leavers_served(x, 2025)),
    ("care plans in timescale %", 2025, 100, P, lambda x: care_plans_in_timescale(x, 2025)),
    ("visits in timescale %", 2025, 90, P, lambda x: visits_in_timescale(x, 2025)),
    ("review health assessments in timescale %", 2025, 90, P, lambda x: health_in_timescale(x, 2025)),
    ("dental checks %", 2025, 90, P, lambda x: dental_in_timescale(x, 2025)),
    ("pathway plans in timescale %", 2025, 90, P, lambda x: pathway_plans_in_timescale(x, 2025)),
    ("care leaver visits in timescale %", 2025, 86, P, lambda x: adviser_contacts_in_timescale(x, 2025)),
    ("care leavers EET %", 2025, 63, P, lambda x: care_leaver_share(x, 2025, eet)),
    ("care leavers in contact %", 2025, 97, P, lambda x: care_leaver_share(x, 2025, in_touch)),
    ("care leavers suitable accommodation %", 2025, 95, P, lambda x: care_leaver_share(x, 2025, suitably_housed)),
    ("special guardianship orders from care", 2025, 13, C, lambda x: ceased_with(x, 2025, SGO)),
]

WEEKLY_COSTS = {  # demo-targets.md, weekly placement costs 2019-20 (£)
    "SGO_ALLOWANCE": 180, "KINSHIP": 344.50, "IN_HOUSE_FOSTER": 549, "SPECIALIST_FOSTER_PATHWAY": 855,
    "SPECIALIST_FOSTER_ONE_TO_ONE": 1075, "IFA": 800, "IFA_HIGH_COST": 1100, "STAYING_PUT": 275,
    "SUPPORTED_LODGINGS": 385, "SIXTEEN_PLUS_EXTERNAL": 1250, "RESIDENTIAL_EXTERNAL": 4100,
}


def within(got: float, target: float, kind: str) -> bool:
    return abs(got - target) <= (0.15 * target if kind == C else 5)


# Figures the demo does not land on yet (seed 5): asserted, expected to fail, with why.
# Remove an entry once the figure is within tolerance (strict=False: it then passes).
NOT_YET: dict[tuple[int, str], str] = {}


def _params():
    for figure in FIGURES:
        what, year = figure[0], figure[1]
        marks = [pytest.mark.xfail(reason=NOT_YET[(year, what)], strict=False)] if (year, what) in NOT_YET else []
        yield pytest.param(*figure, marks=marks, id=f"{year}-{what}")


@pytest.mark.parametrize("what, year, target, kind, count", list(_params()))
def test_figure(demo, what, year, target, kind, count):
    got = count(demo)
    assert within(got, target, kind), f"{what} {year}: {got:.1f}, seeds {target}"


def test_weekly_costs(demo):
    costs = weekly_costs(demo)
    for category, cost in WEEKLY_COSTS.items():
        assert costs.get(category) == cost, category


def main(folder: Path) -> None:
    for what, year, target, kind, count in FIGURES:
        got = count(folder)
        mark = "" if within(got, target, kind) else "  <-- OUT"
        print(f"{year} {what:55s} {got:8.1f} {target:8}{mark}")


def _misses(stream: int, key: str = "stream") -> tuple[int, list[str]]:
    """Figures out of tolerance for seed 5 with settings' `key` set to `stream` (a
    temporary folder each)."""
    import shutil
    import tempfile

    from caretrack.demo import settings as demo_settings

    load = demo_settings.load
    demo_settings.load = lambda: {**load(), key: stream}
    folder = Path(tempfile.mkdtemp())
    try:
        generate(folder, seed=DEFAULT_SEED)
        got = [(what, year, target, kind, count(folder)) for what, year, target, kind, count in FIGURES]
        return stream, [f"{year} {what} {value:.1f}/{target}" for what, year, target, kind, value in got
                        if not within(value, target, kind)]
    finally:
        demo_settings.load = load
        shutil.rmtree(folder, ignore_errors=True)
        for cached in (_read, _dated, all_episodes, in_care, dobs, uasc_children, starts, ceased, care_leavers_on):
            cached.cache_clear()  # each folder's tables, a few hundred MB over a hundred streams


def search_streams(first: int, last: int, key: str = "stream") -> None:
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial

    with ProcessPoolExecutor(2) as pool:
        results = sorted(pool.map(partial(_misses, key=key), range(first, last)), key=lambda r: len(r[1]))
    for stream, misses in results[:8]:
        print(stream, len(misses), misses)


if __name__ == "__main__":
    if sys.argv[1] == "--streams":
        search_streams(int(sys.argv[2]), int(sys.argv[3]), *sys.argv[4:5])
    else:
        main(Path(sys.argv[1]))
