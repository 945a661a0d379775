"""The demo authority's case records: visits, plans, health, care leavers, permanence,
allocations and costs, with realistic lateness.

Lateness is set so that the share in timescale on a random day is about the target of
settings.toml for the year: a piece of recurring work due every `interval` days is late
with probability q, by a mean of `late` days, so the time overdue is about
q * late / (interval + q * late); q is solved from the target (mean_late), and where the
target is too low for that (q above 0.95: UASC's dental checks) the work is late more
often than not and by longer, so every target can be reached.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right

from caretrack.demo.draws import Stream, own_number
from caretrack.demo.returns import care_leaver, sdq_score
from caretrack.demo.settings import ON_TIME_PERIODS, on_time
from caretrack.demo.simulate import Child, add_years, age_on, collection_year
from caretrack.schema.operational import DEFAULT_COST_YEAR, DEFAULT_WEEKLY_COSTS

# The day each period of on_time's targets after the first begins (1 April), as a day number.
_PERIOD_STARTS = tuple(dt.date(last, 4, 1).toordinal() for last in list(ON_TIME_PERIODS)[:-1])


def mean_late(interval: int) -> int:
    """Mean days late when work is late: a month for visits, longer for yearly work."""
    return max(30, int(interval * 0.8))


def cost_category(place: str, provider: str, rec: str | None) -> str:
    if place in ("U1", "U2", "U3"):
        return "KINSHIP"
    if place in ("U4", "U5", "U6"):
        return "IFA" if provider in ("PR4", "PR5") else "IN_HOUSE_FOSTER"
    if place in ("K1", "K2", "R1", "S1"):
        return "RESIDENTIAL_EXTERNAL" if provider in ("PR4", "PR5") else "OTHER"
    if place in ("H5", "K3", "P2"):
        return "SIXTEEN_PLUS_EXTERNAL" if provider in ("PR4", "PR5") else "SUPPORTED_LODGINGS"
    return "OTHER"


class Records:
    """Operational tables for one authority, as lists of row tuples keyed by table name;
    each child's records draw from the child's own stream (draws.py)."""

    def __init__(self, children: list[Child], settings: dict, ops_from: dt.date, sim_end: dt.date):
        self.children, self.s, self.start, self.end = children, settings, ops_from, sim_end
        self.rng = Stream("")  # restarted as each child's stream
        self.stream = own_number(settings, "records_stream")
        self.t: dict[str, list[tuple]] = {}
        self.sw_episodes: dict[str, list[tuple]] = {}
        self._late: dict = {}

    def add(self, table: str, *row) -> None:
        self.t.setdefault(table, []).append(row)

    def _lateness(self, interval: int, what: str) -> tuple[tuple[tuple[float, int], ...], int]:
        """((chance late, days late at most) in each period of targets, days early at most)."""
        key = (interval, what)
        if key not in self._late:
            periods = []
            for year in ON_TIME_PERIODS:
                f = 1 - on_time(self.s, year, what)
                late = mean_late(interval)
                q = interval * f / (late * max(1 - f, 0.05))
                if q > 0.95:
                    q, late = 0.95, interval * f / (0.95 * max(1 - f, 0.05))
                periods.append((q, int(2 * late) - 1))
            self._late[key] = (tuple(periods), max(1, interval // 4))
        return self._late[key]

    def recurring(self, first_due: dt.date, until: dt.date, interval: int, what: str, uasc: bool = False,
                  floor: dt.date | None = None, later_interval: int | None = None, later_from: dt.date | None = None) -> list[dt.date]:
        """Dates of recurring work from its first due date to `until`, with lateness,
        never before `floor`; from `later_from` on, every `later_interval` days.

        Each piece of work is done late (by 1 to 2 x the mean days late) with the chance
        of its period's target, else up to a quarter interval early; the next is due an
        interval after. The random numbers are drawn for the whole series at once and the
        dates kept as day numbers, so the loop below does integer sums only."""
        due, end = first_due.toordinal(), until.toordinal()
        if due >= end:
            return []
        periods, early_span = self._lateness(interval, f"{what}_uasc" if uasc else what)
        shortest = min(interval, later_interval or interval) - early_span + 1
        n = (end - due) // max(1, shortest) + 2
        draws = self.rng.uniforms(2 * n)
        floor_day = floor.toordinal() if floor else 0
        start = self.start.toordinal()
        later = later_from.toordinal() if later_interval and later_from else None
        out, k = [], 0
        while due < end:
            if k == n:  # more than drawn for (never expected): draw on
                draws, k, n = self.rng.uniforms(2 * n), 0, n
            q, late_span = periods[bisect_right(_PERIOD_STARTS, due)]
            u, v = draws[2 * k], draws[2 * k + 1]
            k += 1
            day = due + 1 + int(v * late_span) if u < q else due - int(v * early_span)
            if day < floor_day:
                day = floor_day
            if day >= end:
                break
            if day >= start:
                out.append(day)
            due = day + (later_interval if later is not None and day >= later else interval)
            floor_day = day + 1
        return [dt.date.fromordinal(x) for x in out]

    def build(self) -> dict[str, list[tuple]]:
        s = self.s
        teams = s["workforce"]["teams"]
        per_team = s["workforce"]["social_workers_per_team"]
        sws = [(f"SW{t + 1}{n + 1:02d}", f"T{t + 1}") for t in range(3) for n in range(per_team)]
        pas = [(f"PA{n + 1:02d}", "T4") for n in range(s["workforce"]["advisers"])]
        iros = [f"IRO{n + 1}" for n in range(s["workforce"]["iros"])]
        for t, name in enumerate(teams):
            self.add("Teams", f"T{t + 1}", name, "16+" if t == 3 else "Children in care")
        for wid, team in sws:
            self.add("Workers", wid, f"Social worker {wid}", "SW", team)
        for wid, team in pas:
            self.add("Workers", wid, f"Personal adviser {wid}", "PA", team)
        for wid in iros:
            self.add("Workers", wid, f"IRO {wid}", "IRO", None)
        for year in range(self.start.year, self.end.year + 2):
            self.add("Population", year, int(s["population_0_17"] * (1 + s["population_growth"]) ** (year - 2020)),
                     "synthetic (Demo County)")
        for category, cost in DEFAULT_WEEKLY_COSTS.items():
            self.add("WeeklyCosts", category, DEFAULT_COST_YEAR, cost)
        for c in self.children:
            self.rng.restart(f"{c.key}/records{self.stream}")
            if c.disabled:
                self.add("Disability", c.id, "Y", "synthetic")
            self.child_in_care(c, sws, iros)
            self.care_leaver(c, pas)
            if c.age_assessment:
                a_start, a_end, outcome = c.age_assessment
                if a_start >= self.start and a_start <= self.end:
                    self.add("AgeAssessments", c.id, a_start, a_end if a_end <= self.end else None, outcome if a_end <= self.end else None)
        return self.t

    def child_in_care(self, c: Child, sws, iros) -> None:
        rng = self.rng
        for p in c.periods:
            end = min(p.end or self.end, self.end)
            if end < self.start - dt.timedelta(days=400) or p.start > self.end:
                continue
            team_sw = sws[rng.integers(len(sws))] if not c.disabled else sws[2 * len(sws) // 3 + rng.integers(len(sws) // 3)]
            # Social worker allocations, changing about once a year.
            day, episodes = p.start, []
            while day < end:
                change = day + dt.timedelta(days=int(rng.exponential(420)) + 30)
                stop = change if change < end else (p.end if p.end and p.end <= self.end else None)
                self.add("Allocations", c.id, "SW", team_sw[0], team_sw[1], day, stop)
                episodes.append((team_sw[0], day, stop, ("LEFTRL" if rng.chance(0.5) else "MANAGE") if stop and stop != p.end else None))
                if change >= end:
                    break
                team_sw = sws[rng.integers(len(sws))]
                day = change
            self.sw_episodes.setdefault(c.id, []).extend(episodes)
            for r in p.reviews:
                if self.start <= r <= self.end:
                    self.add("LookedAfterReviews", c.id, r, iros[rng.integers(len(iros))])
            for e in p.episodes:
                if (e.dec is None or e.dec >= self.start) and e.decom <= self.end:
                    self.add("PlacementCosts", c.id, e.decom, cost_category(e.place, e.provider, e.rec))
            # Visits: within a week of each new carer, then six-weekly, three-monthly after
            # the first year of a long-term foster placement (CPPCR 2010 reg 28).
            for carer_start, carer_end, long_term in self.carer_placements(p):
                if carer_end < self.start or carer_start > self.end:
                    continue
                for v in self.recurring(carer_start + dt.timedelta(days=7), min(carer_end, self.end) + dt.timedelta(days=1), 42,
                                        "visits", floor=carer_start, later_interval=91 if long_term else None,
                                        later_from=carer_start + dt.timedelta(days=365)):
                    self.add("Visits", c.id, v, team_sw[0], "Y" if rng.chance(0.8) else "N")
            ten_wd = p.start + dt.timedelta(days=13)
            for d in self.recurring(ten_wd, end, 182, "care_plans", floor=p.start):
                self.add("CarePlans", c.id, d)
            if p.start >= self.start:
                iha_due = p.start + dt.timedelta(days=27)
                iha = iha_due - dt.timedelta(days=rng.integers(0, 20)) if rng.chance(on_time(self.s, collection_year(iha_due), "health")) \
                    else iha_due + dt.timedelta(days=rng.integers(1, 45))
                if iha <= self.end:
                    self.add("HealthAssessments", c.id, "IHA", p.start + dt.timedelta(days=2), iha)
                rha_from = iha
            else:
                rha_from = p.start + dt.timedelta(days=27)
            under_5 = age_on(c.dob, max(rha_from, self.start)) < 5
            for d in self.recurring(rha_from + dt.timedelta(days=182 if under_5 else 365), end, 182 if under_5 else 365, "health"):
                self.add("HealthAssessments", c.id, "RHA", None, d)
            for d in self.recurring(p.start + dt.timedelta(days=200), end, 365, "dental", uasc=c.uasc):
                self.add("DentalChecks", c.id, d)
            if rng.chance(0.9):
                self.add("Immunisations", c.id, min(end, max(self.start, p.start + dt.timedelta(days=30))), "Y" if rng.chance(0.9) else "N")
            four, seventeen = add_years(c.dob, 4), add_years(c.dob, 17)
            sdq_from = max(p.start + dt.timedelta(days=365), four)
            for d in self.recurring(sdq_from, min(end, seventeen), 365, "health"):
                self.add("SDQ", c.id, d, sdq_score(rng, self.s["outcomes"]))
            three, eighteen = add_years(c.dob, 3), add_years(c.dob, 18)
            pep_from = max(p.start + dt.timedelta(days=13), three)
            for i, d in enumerate(self.recurring(pep_from, min(end, eighteen), 120, "peps", floor=p.start)):
                self.add("PEPs", c.id, d, "INITIAL" if i == 0 and d < p.start + dt.timedelta(days=60) else "REVIEW")
            sixteen = add_years(c.dob, 16)
            if p.start <= sixteen < end:
                if sixteen + dt.timedelta(days=60) <= self.end and rng.chance(0.9):
                    self.add("NeedsAssessments", c.id, sixteen + dt.timedelta(days=rng.integers(10, 100)))
            for day, plan, decision in p.panel:
                if self.start <= day <= self.end:
                    self.add("PermanenceDecisions", c.id, day, plan, decision)
            if p.sgo_start and p.sgo_start <= self.end and (p.end or self.end) >= self.start:
                granted = p.end and p.end <= self.end and p.reason in ("E45", "E46", "E47", "E48")
                stage = "GRANTED" if granted else rng.pick(("ASSESSMENT", "FILED", "HEARING"))
                self.add("SGOAssessments", c.id, p.sgo_start, stage, p.end if granted else None, p.end if granted else None)
            if p.reason in ("E4A", "E41") and p.episodes[-1].ls == "C2" and p.end and self.start <= p.end <= self.end:
                self.add("Revocations", c.id, "CARE_ORDER", p.end - dt.timedelta(days=rng.integers(60, 150)), p.end)

    @staticmethod
    def carer_placements(p) -> list[tuple[dt.date, dt.date, bool]]:
        """(start, end, ends long-term) of each placement with one carer in a period:
        a new carer at RNE S, P or B; temporary placements (T codes) are left out and the
        return from one continues the placement before it."""
        out: list[list] = []
        previous = None
        for e in p.episodes:
            end = e.dec or dt.date.max
            if e.place.startswith("T"):
                previous = e
                continue
            returning = previous is not None and previous.place.startswith("T")
            if out and not (e.rne in ("S", "P", "B") and not returning):
                out[-1][1], out[-1][2] = end, e.place in ("U1", "U4")
            else:
                out.append([e.decom, end, e.place in ("U1", "U4")])
            previous = e
        return [tuple(x) for x in out]

    def care_leaver(self, c: Child, pas) -> None:
        """Care leavers: status, personal adviser, pathway plans, contacts, moves, housing."""
        left = care_leaver(c)
        rng = self.rng
        sixteen = add_years(c.dob, 16)
        last = c.periods[-1] if c.periods else None
        in_care_at_16 = any(p.start <= sixteen and (p.end is None or p.end > sixteen) for p in c.periods)
        if not left and not in_care_at_16:
            return
        adviser = pas[rng.integers(len(pas))]
        pa_from = max(sixteen - dt.timedelta(days=rng.integers(0, 40)), last.start) if rng.chance(0.93) else \
            sixteen + dt.timedelta(days=rng.integers(10, 120))
        # Advisers, pathway plans and contacts run to the 22nd birthday (through age 21);
        # then keep-in-touch contact to 25 (Children and Social Work Act 2017).
        twenty_two, twenty_five = add_years(c.dob, 22), add_years(c.dob, 25)
        if pa_from <= self.end and twenty_two >= self.start:
            self.add("Allocations", c.id, "PA", adviser[0], adviser[1], pa_from, twenty_two if twenty_two <= self.end else None)
        seventeen_half = add_years(c.dob, 17) + dt.timedelta(days=182)
        if self.start <= seventeen_half <= self.end + dt.timedelta(days=200) and rng.chance(0.95):
            applied = seventeen_half - dt.timedelta(days=rng.integers(0, 90)) if rng.chance(0.85) \
                else seventeen_half + dt.timedelta(days=rng.integers(1, 120))
            if applied <= self.end:
                self.add("HousingApplications", c.id, applied)
        if not left:
            return
        staying = last.reason == "E17"
        lv = self.s["leaving"]
        status_days = [left] + [add_years(c.dob, a) for a in range(age_on(c.dob, left) + 1, 26)]
        for day in status_days:
            if not (self.start <= day <= self.end):
                continue
            age = age_on(c.dob, day)
            category = "RELEVANT" if age < 18 else "FORMER_RELEVANT"
            touch = "YES" if rng.chance(lv["in_touch"]) else "NO"
            activ = ("F2" if rng.chance(0.5) else "F5") if rng.chance(lv["eet"]) else "G5"
            accom = ("Z" if staying and age < 21 else "U") + ("1" if rng.chance(lv["suitable"]) else "2")
            self.add("CareLeaverStatus", c.id, day, c.dob, category, "Y" if staying and age < 21 else "N", "N", touch,
                     activ if touch == "YES" else "0", accom if touch == "YES" else "0")
        until = min(twenty_two, self.end)
        for d in self.recurring(left + dt.timedelta(days=60), until, 182, "pathway_plans"):
            self.add("PathwayPlans", c.id, d)
        moves = sorted(left + dt.timedelta(days=rng.integers(30, 1500)) for _ in range(rng.poisson(1.5)))
        moves = [m for m in moves if self.start <= m <= until]
        for m in moves:
            self.add("AccommodationMoves", c.id, m, rng.pick(("U1", "E1", "D1", "T1", "K1")))
        contacts = self.recurring(left + dt.timedelta(days=30), until, 56, "adviser_contacts")
        for m in moves:  # a contact within a week of most moves (Care Leavers Regs reg 8)
            if rng.chance(0.85):
                contacts.append(m + dt.timedelta(days=rng.integers(1, 7)))
        for d in sorted(set(contacts)):
            if d <= until:
                self.add("AdviserContacts", c.id, d, adviser[0], "VISIT" if rng.chance(0.7) else "PHONE")
        if twenty_two < self.end and rng.chance(self.s["keep_in_touch"]["share_22_25"]):  # 22 to 25: three times a year
            for d in self.recurring(twenty_two + dt.timedelta(days=100), min(twenty_five, self.end), 110, "adviser_contacts"):
                self.add("AdviserContacts", c.id, d, None, "PHONE")
