"""Children's care histories, simulated day by day from entry to exit.

Each child enters care by a route (section 20, interim care order, police protection,
remand, or as an unaccompanied asylum-seeking child), moves between placements, may
change legal status (interim to full care order, placement order) and leaves (home,
special guardianship, child arrangements, adoption, at 18 with or without staying put,
transfer). The parameters, and where each comes from, are in settings.toml.

Each arrival in care draws from its own named streams (draws.py): the arrival's own
(who, by which route, for how long, the court's outcome), then one each for adoption,
age assessment, placements, and reviews with missing episodes. A change to one process
or one child leaves every other child's history as it was; the same seed gives the same
histories (and the same bytes on disk).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from caretrack.demo.draws import Stream
from caretrack.demo.settings import for_year, on_time, starts_in

DAY = dt.timedelta(days=1)
ETHNIC_WHITE = ("WBRI", "WBRI", "WBRI", "WBRI", "WBRI", "WBRI", "WBRI", "WOTH", "WIRI", "WIRT", "WROM")
ETHNIC_OTHER = ("MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH")
ETHNIC_UASC = ("AOTH", "BAFR", "BOTH", "OOTH", "WOTH")
# Semi-independent placements of under-16s banned from this day (The Care Planning,
# Placement and Case Review (England) (Amendment) Regulations 2021).
UNDER_16_BAN = dt.date(2021, 9, 9)

# Reasons a period of care ends, drawn with equal chance (DfE 2020 table D1: about a
# third of children who leave go home to parents or relatives; "any other reason" E8 and
# transfers E3 are rare in the seeds' county, assumption).
S20_EXITS = ("E4A", "E4A", "E4A", "E4A", "E4B", "E13", "E13", "E41", "E5", "E8")
CARE_ORDER_EXITS = ("E45", "E46", "E47", "E4A", "E4A", "E41", "E41", "E13")
FOSTER = ("U1", "U2", "U3", "U4", "U5", "U6")
FOSTER_REASONS = ("CARPL", "CREQB", "CREQO", "CHILD", "LAREQ", "STAND", "CLOSE", "OTHER")


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February: the birthday falls on 1 March
        return dt.date(day.year + years, 3, 1)


def upn(number: int) -> str:
    """A Unique Pupil Number: a check letter and 12 digits; the letter is the sum of
    the digits weighted 2 to 13, modulo 23, in "A" to "Z" without I, O and S (DfE, UPN
    guide). UASC, never in a school in England, are UN2 (DfE 903 guide)."""
    digits = str(number)
    return "ABCDEFGHJKLMNPQRTUVWXYZ"[sum(int(d) * w for d, w in zip(digits, range(2, 14))) % 23] + digits


def collection_year(day: dt.date) -> int:
    """The collection year (1 April to 31 March, by its end) a day falls in."""
    return day.year + 1 if day.month >= 4 else day.year


def age_on(dob: dt.date, day: dt.date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


@dataclass
class Episode:
    decom: dt.date
    rne: str
    ls: str
    cin: str
    place: str
    provider: str
    dec: dt.date | None = None
    rec: str | None = None
    reason: str | None = None
    pl_post: str = ""
    urn: str = ""


@dataclass
class Period:
    start: dt.date
    route: str
    end: dt.date | None = None
    reason: str | None = None
    episodes: list[Episode] = field(default_factory=list)
    reviews: list[dt.date] = field(default_factory=list)
    prev_perm: str = "Z1"
    adoption: dict | None = None
    sgo_start: dt.date | None = None
    panel: list[tuple[dt.date, str, str]] = field(default_factory=list)


@dataclass
class Child:
    id: str
    sex: str
    dob: dt.date
    ethnic: str
    uasc: bool
    disabled: bool
    home_post: str
    upn: str
    key: str = ""  # the name of the arrival that brought the child into care first: their streams' stem
    periods: list[Period] = field(default_factory=list)
    missing: list[tuple[str, dt.date, dt.date | None]] = field(default_factory=list)
    age_assessment: tuple[dt.date, dt.date | None, str] | None = None

    @property
    def last_end(self) -> dt.date | None:
        return self.periods[-1].end if self.periods else None


class Simulator:
    """Simulates one authority's children from `sim_start` to `sim_end`; `key` names its
    random streams (draws.py)."""

    def __init__(self, settings: dict, key: str, sim_start: dt.date, sim_end: dt.date, prefix: str):
        self.s, self.key, self.start, self.end, self.prefix = settings, key, sim_start, sim_end, prefix
        self.children: list[Child] = []
        self.local: list[Child] = []  # children not UASC: those who may come back into care
        # Reused for each arrival's stream, and for each of its processes' streams in turn.
        self.arrival, self.process = Stream(""), Stream("")
        self.postcodes = [f"DC{d} {n}{a}{b}" for d in range(1, 20) for n in range(1, 10) for a in "ABDEFG" for b in "HJLNPQ"]

    # --- helpers -------------------------------------------------------------------
    def postcode(self, rng: Stream) -> str:
        return self.postcodes[rng.integers(len(self.postcodes))]

    @staticmethod
    def urn(place: str, rng: Stream) -> str:
        """Ofsted URN: XXXXXXX where the provider has none; none for placements Ofsted
        does not register (the 903 guide's list: R1 care homes, Z1 other placements)."""
        if place in ("P1", "T0", "T1", "T2", "T3", "T4", "P2", "H5", "R1", "Z1"):
            return "" if place in ("R1", "Z1") else "XXXXXXX"
        return f"SC{rng.integers(100000, 999999)}"

    # --- people ----------------------------------------------------------------------
    def new_child(self, entry: dt.date, route: str, rng: Stream, key: str) -> Child:
        s = self.s
        if route == "uasc":
            u = s["uasc"]
            age = int(rng.choice([15, 16, 17], p=[u["age_15"], u["age_16"], u["age_17"]]))
            sex = "1" if rng.chance(u["male"]) else "2"
            ethnic = rng.pick(ETHNIC_UASC)
        else:
            bands = s["entry_age"]
            band = rng.choice(5, p=[bands["under_1"], bands["1_to_4"], bands["5_to_9"], bands["10_to_15"], bands["16_plus"]])
            low, high = [(0, 0), (1, 4), (5, 9), (10, 15), (16, 17)][band]
            age = rng.integers(low, high + 1)
            if route == "remand":
                age = rng.integers(12, 18)
            sex = "1" if rng.chance(s["people"]["male"]) else "2"
            ethnic = rng.pick(ETHNIC_WHITE) if rng.chance(s["people"]["white"]) else rng.pick(ETHNIC_OTHER)
        # Date of birth: `age` whole years on the entry date.
        earliest = add_years(entry, -(age + 1)) + DAY
        latest = add_years(entry, -age)
        span = max((latest - earliest).days, 0)
        dob = earliest + dt.timedelta(days=rng.integers(span + 1))
        n = len(self.children) + 1
        child = Child(
            id=f"{self.prefix}{n:06d}", sex=sex, dob=dob, ethnic=ethnic, uasc=route == "uasc",
            disabled=rng.chance(s["people"]["disabled"]) and route != "uasc",
            home_post=self.postcode(rng), upn="UN2" if route == "uasc" else upn(rng.integers(10**11, 10**12)), key=key,
        )
        self.children.append(child)
        if not child.uasc:
            self.local.append(child)
        return child

    # --- placements -----------------------------------------------------------------
    def placement(self, child: Child, day: dt.date, ls: str, rng: Stream) -> tuple[str, str]:
        """A new placement (PLACE, PLACE_PROVIDER) for the child on the day."""
        p, age = self.s["placements"], age_on(child.dob, day)
        if ls == "E1" and age < 8:
            return self.placed_for_adoption(rng)
        if ls in ("C2", "C1") and age >= 1 and rng.chance(p["placed_with_parents"]):
            return "P1", "PR0"
        if age >= 16 and rng.chance(p["semi_independent_16"] + (0.3 if child.uasc else 0)):
            return ("K3" if day >= dt.date(2024, 4, 1) else "H5"), rng.pick(("PR4", "PR4", "PR1", "PR1"))
        if 11 <= age <= 17 and rng.chance(p["residential_teen"]):
            return rng.pick(("K2", "K2", "K2", "K2", "R1", "S1", "K1")), rng.pick(("PR4", "PR4", "PR4", "PR1"))
        if 11 <= age <= 15 and rng.chance(p["other_11_15"]):  # unregulated before the 2021 ban, then "other"
            provider = rng.pick(("PR4", "PR1"))
            return ("H5", provider) if day < UNDER_16_BAN else ("Z1", "")  # no provider code for Z1 (903 guide)
        if not child.uasc and rng.chance(p["kinship"]):
            return "U3", "PR1"
        return "U6", ("PR4" if rng.chance(p["ifa"]) else "PR1")

    @staticmethod
    def placed_for_adoption(rng: Stream) -> tuple[str, str]:
        """A placement with prospective adopters (A5, A6), whatever the child's age: an
        adopted child is placed for adoption first (DfE rule 390)."""
        return rng.pick(("A5", "A6", "A6")), rng.pick(("PR1", "PR1", "PR2", "PR5"))

    # --- periods of care -------------------------------------------------------------
    def start_period(self, child: Child, start: dt.date, route: str, rng: Stream, key: str) -> None:
        """A period of care from `start`: its legal route and how it ends drawn from the
        arrival's stream `rng`, the rest from the streams named `key`/process."""
        s = self.s
        age = age_on(child.dob, start)
        eighteen = add_years(child.dob, 18)
        period = Period(start=start, route=route)
        r, pp = rng.random(), s["previous_permanence"]
        period.prev_perm = "P2" if r < pp["sgo"] else "P3" if r < pp["sgo"] + pp["cao"] else \
            "P1" if r < pp["sgo"] + pp["cao"] + pp["adoption"] else "P4" if r < pp["sgo"] + pp["cao"] + pp["adoption"] + 0.015 else "Z1"
        cin = "N2" if child.disabled else "N4" if route == "uasc" else rng.pick(("N1", "N1", "N1", "N1", "N1", "N2", "N3", "N4", "N5", "N6", "N8"))
        d = s["duration_days"]
        changes: list[tuple[dt.date, str]] = []  # legal status changes (date, LS)
        exit_day, reason = None, None
        if route == "remand":
            ls = "J1"
            exit_day, reason = start + dt.timedelta(days=rng.days(d["remand"], 2)), ("E14" if rng.chance(0.8) else "E9")
        elif route == "police_protection":
            ls = rng.pick(("L1", "L2"))
            turn = start + dt.timedelta(days=rng.days(d["police_protection"], 1))
            # Police protection lasts at most 72 hours, an emergency protection order 8 days
            # (Children Act 1989 ss 45-46; rules 361, 362): a child not home or on an
            # order by then is accommodated under section 20 (V2) meanwhile.
            limit = start + dt.timedelta(days=3 if ls == "L1" else 8)
            r = rng.random()
            if r < 0.35:
                exit_day, reason = turn, "E4A"
            else:
                route = "interim_care_order" if r < 0.75 else "s20"
                changes.append((turn, "C1" if route == "interim_care_order" else "V2"))
        elif route == "uasc":
            ls = "V2"
        elif route == "interim_care_order":
            ls = "C1"
        else:
            ls = "V2"
        at = changes[-1][0] if changes else start
        if exit_day is None and route == "s20":
            if rng.chance(d["s20_to_care_order_young"] if age < 10 else d["s20_to_care_order_teen"]):  # s20 then proceedings
                at = at + dt.timedelta(days=rng.days(90, 14))
                changes.append((at, "C1"))
                route = "interim_care_order"
            else:
                length = rng.days(d["s20_young"] if age < 10 else d["s20_teen"], 3)
                exit_day = at + dt.timedelta(days=length)
                reason = rng.pick(S20_EXITS)
        if exit_day is None and route == "interim_care_order":
            outcome_day = at + dt.timedelta(days=int(rng.normal(d["interim_order_days"], 70)))
            outcome_day = max(outcome_day, at + dt.timedelta(days=30))
            o = s["care_order_outcomes"]
            young = age_on(child.dob, outcome_day) < 5
            by_year, year = s.get("care_order_outcomes_by_year", {}), collection_year(outcome_day)

            def weight(name: str) -> float:
                return o[name] * for_year(by_year.get(name, {}), year)

            weights = [weight("full_care_order"), weight("placement_order") * (11 if young else 0.1),
                       weight("special_guardianship"), weight("child_arrangements"), weight("home")]
            outcome = rng.choice(5, p=weights)
            period.panel.append((at + dt.timedelta(days=110), rng.pick(("ADOPTION", "SGO", "LONG_TERM_FOSTERING", "RETURN_HOME")),
                                 "AGREED" if rng.chance(0.85) else "TRACKED" if rng.chance(0.6) else "NOT_AGREED"))
            if outcome == 0:
                changes.append((outcome_day, "C2"))
                # On a full care order: leave by SGO, home or other at a low yearly rate, else stay to 18.
                years = rng.exponential(1 / d["care_order_exit_rate"])
                exit_day = outcome_day + dt.timedelta(days=int(years * 365))
                reason = rng.pick(CARE_ORDER_EXITS)
            elif outcome == 1:
                exit_day, reason = self.adoption(period, at, changes, self.process.restart(f"{key}/adoption"))
            else:
                exit_day = outcome_day
                reason = rng.pick(("E45", "E46", "E47", "E48")) if outcome == 2 else "E41" if outcome == 3 else "E4A"
                if outcome == 2:
                    period.sgo_start = outcome_day - dt.timedelta(days=rng.integers(90, 160))
        if exit_day is None and route == "uasc":
            exit_day = eighteen
        # Nobody stays past 18: leave on the 18th birthday.
        if exit_day is None or exit_day >= eighteen:
            exit_day = eighteen
            reason = None  # decided at 18 from the placement then
        if child.uasc and child.age_assessment is None:
            exit_day, reason = self.age_assessment(child, start, exit_day, reason, self.process.restart(f"{key}/age_assessment"))
        self.build_episodes(child, period, ls, cin, changes, exit_day, reason, self.process.restart(f"{key}/placements"))
        if ls in ("L1", "L2") and limit < period.end:
            self.accommodated_from(period, limit)
        casework = self.process.restart(f"{key}/reviews")  # reviews and missing episodes
        self.reviews(period, casework)
        self.missing(child, period, casework)
        child.periods.append(period)

    def adoption(self, period: Period, at: dt.date, changes: list, rng: Stream) -> tuple[dt.date, str]:
        """The road to adoption after care proceedings begun on `at`: placement order (LS
        E1), match, moving in with the adopters, adoption order. Returns the day and REC."""
        a = self.s["adoption"]
        order = at + dt.timedelta(days=rng.days(a["placement_order_after_days"] * 0.5, 60) + 120)
        match = order + dt.timedelta(days=rng.days(a["matched_after_days"], 30))
        moved = match + dt.timedelta(days=rng.days(a["moved_in_after_match_days"], 7))
        adopted = moved + dt.timedelta(days=rng.days(a["adopted_after_move_days"] * 0.6, 70) + 70)
        changes.append((order, "E1"))
        changes.append((moved, "E1A"))  # moves in with adopters (a placement change under E1)
        period.adoption = {"date_int": order - dt.timedelta(days=rng.integers(20, 90)), "order": order,
                           "match": match, "moved": moved, "foster_care": rng.chance(a["foster_carer_adopts"])}
        return adopted, rng.pick(("E11", "E11", "E12"))

    def age_assessment(self, child: Child, start: dt.date, exit_day: dt.date, reason: str | None,
                       rng: Stream) -> tuple[dt.date, str | None]:
        """A UASC's age assessment, for some; one found to be 18 or over leaves care (E15)."""
        u = self.s["uasc"]
        if not rng.chance(u["age_assessed"]):
            return exit_day, reason
        a_start = start + dt.timedelta(days=rng.integers(3, 30))
        a_end = a_start + dt.timedelta(days=rng.days(u["age_assessment_days"], 5))
        found_adult = rng.chance(u["found_18_plus"])
        child.age_assessment = (a_start, a_end, "OVER_18" if found_adult else rng.pick(("UNDER_18", "UNDER_18", "UNDER_18_OLDER")))
        if found_adult and a_end < exit_day:
            return a_end, "E15"
        return exit_day, reason

    def build_episodes(self, child, period, ls, cin, changes, exit_day, reason, rng: Stream) -> None:
        s = self.s["placements"]
        start = period.start
        years = max((exit_day - start).days, 1) / 365.25 * rng.gamma(s["moves_spread"], 1 / s["moves_spread"])
        moves = sorted(start + dt.timedelta(days=rng.integers(1, max(2, (exit_day - start).days)))
                       for _ in range(rng.poisson(s["moves_per_year"] * years)))
        temps = sorted(start + dt.timedelta(days=rng.integers(1, max(2, (exit_day - start).days)))
                       for _ in range(rng.poisson(s["temporary_per_year"] * years)))
        move_on_day = add_years(child.dob, 16) + dt.timedelta(days=s["move_on_after_16_days"])
        move_on = [move_on_day] if start < move_on_day < exit_day and rng.chance(s["move_on_at_16"]) else []
        # On the day of the 2021 ban under-16s still in semi-independent placements (H5)
        # stay where they are, recorded as "other" placements (Z1, RNE T, reason PLACE).
        ban = [UNDER_16_BAN] if age_on(child.dob, UNDER_16_BAN) < 16 else []
        events = [(d, "ls", v) for d, v in changes] + [(d, "move", None) for d in moves] + \
            [(d, "temp", None) for d in temps] + [(d, "move16", None) for d in move_on] + [(d, "ban", None) for d in ban]
        events = sorted((e for e in events if start < e[0] < exit_day), key=lambda e: (e[0], e[1]))
        place, provider = self.placement(child, start, ls, rng)
        post = self.postcode(rng)
        eps = [Episode(start, "S", ls, cin, place, provider, pl_post=post, urn=self.urn(place, rng))]
        placed_on = start
        for day, kind, value in events:
            cur = eps[-1]
            if day <= cur.decom:
                continue
            # Foster placements lasting long enough become long-term (same carer: RNE T).
            long_term_day = placed_on + dt.timedelta(days=s["long_term_after_days"])
            if cur.place in ("U3", "U6") and cur.decom < long_term_day < day:
                self._close(eps, long_term_day, "PLACE")
                eps.append(Episode(long_term_day, "T", cur.ls, cin, "U1" if cur.place == "U3" else "U4", cur.provider,
                                   pl_post=cur.pl_post, urn=cur.urn))
                cur = eps[-1]
            if kind == "ban":
                if cur.place == "H5":
                    self._close(eps, day, "PLACE")
                    eps.append(Episode(day, "T", cur.ls, cin, "Z1", "", pl_post=cur.pl_post))
            elif kind == "ls":
                if value == "E1A" and period.adoption["foster_care"] and cur.place in FOSTER:
                    # Adopted by the foster carers: the placement becomes one for adoption
                    # with the current foster carers (A5, RNE T: same carer).
                    self._close(eps, day, "PLACE")
                    eps.append(Episode(day, "T", "E1", cin, "A5", cur.provider, pl_post=cur.pl_post, urn=cur.urn))
                elif value == "E1A":  # moving in with the adopters
                    place, provider = self.placed_for_adoption(rng)
                    self._close(eps, day, "CARPL")
                    eps.append(Episode(day, "P", "E1", cin, place, provider, pl_post=self.postcode(rng), urn=self.urn(place, rng)))
                    placed_on = day
                else:
                    self._close(eps, day)
                    eps.append(Episode(day, "L", value, cin, cur.place, cur.provider, pl_post=cur.pl_post, urn=cur.urn))
            elif kind == "move16" and (cur.place in ("P1", "A5", "A6") or
                                       cur.place in ("U1", "U4") and not rng.chance(s["move_on_long_term_16"])):
                continue  # settled with long-term carers or family: stays (and may stay put at 18)
            elif kind in ("move", "move16") and cur.place not in ("A5", "A6", "A3", "A4"):
                place, provider = self.placement(child, day, cur.ls, rng)
                self._close(eps, day, rng.pick(FOSTER_REASONS))
                eps.append(Episode(day, "P", cur.ls, cin, place, provider, pl_post=self.postcode(rng), urn=self.urn(place, rng)))
                placed_on = day
            elif kind == "temp" and day + dt.timedelta(days=7) < exit_day:
                back = day + dt.timedelta(days=rng.integers(2, 7))
                self._close(eps, day)  # no reason for moves into or out of a temporary placement (rule 226)
                eps.append(Episode(day, "P", cur.ls, cin, "T4", "", pl_post=self.postcode(rng), urn="XXXXXXX"))
                self._close(eps, back)
                eps.append(Episode(back, "P", cur.ls, cin, cur.place, cur.provider, pl_post=cur.pl_post, urn=cur.urn))
        # A final long-term designation if the last placement lasted.
        cur = eps[-1]
        long_term_day = placed_on + dt.timedelta(days=s["long_term_after_days"])
        if cur.place in ("U3", "U6") and long_term_day < exit_day and long_term_day > cur.decom:
            self._close(eps, long_term_day, "PLACE")
            eps.append(Episode(long_term_day, "T", cur.ls, cin, "U1" if cur.place == "U3" else "U4", cur.provider,
                               pl_post=cur.pl_post, urn=cur.urn))
        if reason is None:  # left at 18
            foster = eps[-1].place in FOSTER
            leave = self.s["leaving"]
            reason = "E17" if foster and rng.chance(leave["staying_put"]) else \
                rng.pick(("E5", "E5", "E5", "E6", "E5", "E7" if child.disabled else "E5"))
        if reason == "E5" and age_on(child.dob, exit_day) < 16:
            # Independent living is for young people of 16 and over (DfE rule 387 reports
            # it under 14): a younger child's care ends for another reason (E8). Not E4A,
            # home: which children may come back into care (`returning`) would change,
            # and with it every flow of the simulation. No draw, so no stream moves.
            reason = "E8"
        if reason in ("E45", "E46") and eps[-1].place not in FOSTER:
            # A special guardianship order to the former foster carers (E45, E46) is made
            # from a foster placement (rule 516); from any other, to other carers (E47, E48).
            reason = "E47" if reason == "E45" else "E48"
        last = eps[-1]
        last.dec, last.rec = exit_day, reason
        period.end, period.reason, period.episodes = exit_day, reason, eps

    @staticmethod
    def accommodated_from(period: Period, day: dt.date) -> None:
        """Police protection or an EPO running past its limit: section 20 (V2) from `day`
        (splitting the episode open then) until the next change of legal status."""
        eps = period.episodes
        for i, e in enumerate(eps):
            if e.decom < day < e.dec:
                eps.insert(i + 1, replace(e, decom=day, rne="L", ls="V2"))
                e.dec, e.rec, e.reason = day, "X1", None
                break
        out = []
        for e in eps:
            if e.decom >= day and e.ls in ("L1", "L2"):
                e.ls = "V2"
            if out and e.rne == "L" and e.ls == out[-1].ls:  # no change after all: one episode
                out[-1].dec, out[-1].rec, out[-1].reason = e.dec, e.rec, e.reason
                continue
            out.append(e)
        period.episodes = out

    @staticmethod
    def _close(eps: list[Episode], day: dt.date, reason: str | None = None) -> None:
        eps[-1].dec, eps[-1].rec, eps[-1].reason = day, "X1", reason

    def reviews(self, period: Period, rng: Stream) -> None:
        """First review within 20 working days (about 26 days), second within 3 months,
        then every 6 months (CPPCR 2010 reg 33), on time as often as the settings' on_time
        reviews say for the year the review falls due in."""
        day, n = period.start, 0
        while True:
            gap = 24 if n == 0 else 88 if n == 1 else 178
            on_time_share = on_time(self.s, collection_year(day + dt.timedelta(days=gap)), "reviews")
            late = rng.integers(5, 40) if rng.chance(1 - on_time_share) else -rng.integers(0, 10)
            day = day + dt.timedelta(days=max(5, gap + late))
            if day >= period.end:
                break
            period.reviews.append(day)
            n += 1

    def missing(self, child: Child, period: Period, rng: Stream) -> None:
        start = max(period.start, add_years(child.dob, 11))
        if start >= period.end:
            return
        years = (period.end - start).days / 365.25
        for _ in range(rng.poisson(self.s["outcomes"]["missing_per_year_teen"] * years * (1.8 if rng.chance(0.2) else 0.4))):
            day = start + dt.timedelta(days=rng.integers(0, max(1, (period.end - start).days)))
            kind = "M" if rng.chance(0.85) else "A"
            child.missing.append((kind, day, day + dt.timedelta(days=rng.integers(0, 4))))

    # --- the whole authority ---------------------------------------------------------
    def arrivals(self, year: int, kind: str, mean: float) -> list[tuple[int, str, int]]:
        """(day of the year, kind, number) of each arrival of a kind ("other" or "uasc") in
        a collection year: a Poisson process with `mean` arrivals in the year."""
        rng, out, t = Stream(f"{self.key}/{year}/{kind}"), [], 0.0
        while mean > 0:
            t += rng.exponential(365 / mean)
            if t >= 365:
                break
            out.append((int(t), kind, len(out)))
        return out

    def run(self) -> list[Child]:
        s = self.s
        routes = s["routes"]
        names = list(routes)
        weights = [routes[n] for n in names]
        scale = s.get("_scale", 1.0)
        year = self.start.year + 1
        while dt.date(year - 1, 4, 1) <= self.end:
            first = dt.date(year - 1, 4, 1)
            arrivals = sorted(self.arrivals(year, "other", starts_in(s, year) * scale) +
                              self.arrivals(year, "uasc", starts_in(s, year, "uasc_starts") * scale))
            for offset, kind, number in arrivals:
                day = first + dt.timedelta(days=offset)
                if day > self.end:
                    break
                key = f"{self.key}/{year}/{kind}/{number}"
                rng = self.arrival.restart(key)  # the arrival's own: who, by which route, for how long
                route = "uasc" if kind == "uasc" else names[rng.choice(len(names), p=weights)]
                child = self.returning(day, rng) if route in ("s20", "interim_care_order") and rng.chance(0.07) else None
                if child is None:
                    child = self.new_child(day, route, rng, key)
                if age_on(child.dob, day) >= 18:
                    continue
                if route in ("s20", "police_protection") and age_on(child.dob, day) < 5 \
                        and rng.chance(s["entry_age"]["route_under_5_care_order"]):
                    route = "interim_care_order"
                self.start_period(child, day, route, rng, key)
            year += 1
        return self.children

    def returning(self, day: dt.date, rng: Stream) -> Child | None:
        """A child who left care before (not adopted, under 16) coming back."""
        for _ in range(5):
            if not self.local:
                return None
            c = self.local[rng.integers(len(self.local))]
            if c.last_end and c.last_end < day - dt.timedelta(days=30) and c.periods[-1].reason in ("E4A", "E4B", "E13", "E41") \
                    and age_on(c.dob, day) < 16:
                return c
        return None
