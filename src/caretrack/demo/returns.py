"""Yearly SSDA903 returns drawn from the simulated histories.

A return for collection year Y (1 April Y-1 to 31 March Y) holds, as the DfE guide
asks: every episode open at any time in the year (an episode ending after 31 March
appears open, DEC and REC blank), the year's reviews, missing episodes, UASC status,
OC2 outcomes for children in care continuously for 12 months at 31 March, OC3 for care
leavers whose 17th to 21st birthday falls in the year, adoptions and decisions to place
for adoption, previous permanence for children who started, social worker episodes
(from 2023-24), and a Header row for every child in any of those.
"""

from __future__ import annotations

import datetime as dt

from caretrack.demo.draws import Stream, own_number
from caretrack.demo.simulate import Child, add_years, age_on


# Old DfE authority numbers for the previous permanence orders' LA_PERM: Demo County's
# own number (990) is not a real one, so shire counties stand in (assumption).
NEIGHBOURS = ("825", "826", "830", "855", "860", "873", "935")


def sdq_score(rng: Stream, o: dict) -> int:
    """An SDQ total score (0-40) from the settings' mixture of low and high scorers."""
    if rng.random() < o["sdq_high_share"]:
        value = rng.normal(o["sdq_high_mean"], o["sdq_high_sd"])
    else:
        value = rng.normal(o["sdq_low_mean"], o["sdq_low_sd"])
    return int(min(40, max(0, round(value))))


def care_leaver(child: Child) -> dt.date | None:
    """The day a child left care as a care leaver (relevant / former relevant), if they did:
    looked after for at least 13 weeks since 14 and still at 16 (Children Act 1989 sch 2
    para 19B; Care Leavers (England) Regulations 2010)."""
    fourteen, sixteen = add_years(child.dob, 14), add_years(child.dob, 16)
    days_since_14 = sum(max(0, ((p.end or dt.date.max) - max(p.start, fourteen)).days) for p in child.periods if p.end and p.end > fourteen)
    last = child.periods[-1] if child.periods else None
    # Adopted, found to be adults, died, or gone home to their family: not care leavers
    # (a young person home for six months stops being a relevant child).
    if not last or not last.end or last.end < sixteen or days_since_14 < 91 or \
            last.reason in ("E11", "E12", "E15", "E2", "E4A", "E4B"):
        return None
    return last.end


class ReturnBuilder:
    """Builds the 903 tables of each year for one authority, as lists of row tuples; each
    child's draws for a year's return come from its own stream (draws.py)."""

    def __init__(self, children: list[Child], settings: dict, sw_episodes):
        self.s = settings
        self.stream = own_number(settings, "returns_stream")
        # SW_REASON is why an episode began (the same every year it is returned): the
        # reason the worker before changed, or first contact (FCONTA) for a child's first
        # worker in a period of care (DfE 903 guide 2023-24; rules SW03, SW10, SW13).
        self.sw = {child: [(worker, start, end, episodes[i - 1][3] if i and episodes[i - 1][3] else "FCONTA")
                           for i, (worker, start, end, _) in enumerate(episodes)]
                   for child, episodes in sw_episodes.items()}
        self.leavers = {c.id: care_leaver(c) for c in children}
        self.rng = Stream("")  # restarted as each child's stream for the year
        self.oc3_draws: dict[tuple[str, int], tuple[str, str, str]] = {}
        # The span of days in which a child can appear in a return: from the first period
        # of care to the last end (open: always), or to the 21st birthday for care leavers;
        # and a care leaver's 17th to 21st birthdays (age, day), around which OC3 asks.
        self.spans = []
        for c in children:
            if not c.periods:
                continue
            last = max((p.end or dt.date.max) for p in c.periods)
            birthdays = tuple((age, add_years(c.dob, age)) for age in (17, 18, 19, 20, 21)) if self.leavers[c.id] else ()
            if birthdays:
                last = max(last, birthdays[-1][1])
            self.spans.append((min(p.start for p in c.periods), last, c, birthdays))

    def year(self, year: int, sim_end: dt.date) -> dict[str, list[tuple]]:
        ys, ye = dt.date(year - 1, 4, 1), dt.date(year, 3, 31)
        out = {n: [] for n in ("Header", "Episodes", "UASC", "Reviews", "OC2", "OC3", "AD1", "PlacedAdoption",
                               "PrevPerm", "Missing", "SWEpisodes")}
        o = self.s["outcomes"]
        # SEX is coded 1/2 up to 2023-24 and M/F from 2024-25 (see caretrack.schema.codes).
        sex_code = {"1": "M", "2": "F"} if year >= 2025 else {"1": "1", "2": "2"}
        # From 2024-25 the social worker episodes of the year before are returned too (rule SW07).
        sw_from = ys if year == 2024 else add_years(ys, -1)
        school_age_by = dt.date(year - 2, 8, 31)  # 4 by then: of school age in the year (UPN)
        for first, last, c, birthdays in self.spans:
            if first > ye or last < ys:  # nothing of this child's in the year: nothing drawn either
                continue
            rng = self.rng.restart(f"{c.key}/returns/{year}{self.stream}")
            in_year = looked_after = False
            dob = c.dob
            for p in c.periods:
                if p.start > ye or (p.end and p.end < ys):
                    continue
                for e in p.episodes:
                    if e.decom > ye or (e.dec and e.dec < ys):
                        continue
                    in_year = looked_after = True
                    closed = e.dec is not None and e.dec <= min(ye, sim_end)
                    # A move (RNE P) is to new carers: placed for adoption with other than the
                    # current foster carers, A6, not A5 (rules 217, 336).
                    place = "A6" if e.place == "A5" and e.rne not in ("S", "T", "U") else e.place
                    out["Episodes"].append((c.id, e.decom, e.rne, e.ls, e.cin, place, e.provider or None,
                                            e.dec if closed else None, e.rec if closed else None,
                                            e.reason if closed and e.rec == "X1" else None, c.home_post, e.pl_post, e.urn))
                for r in p.reviews:
                    if ys <= r <= ye:
                        code = "PN0" if age_on(dob, r) < 4 else ("PN1" if rng.random() < 0.6 else f"PN{rng.integers(2, 8)}")
                        out["Reviews"].append((c.id, dob, r, code))
                if ys <= p.start <= ye:
                    # A previous order needs the authority that made it and its date (rule 630):
                    # mostly this county or a neighbour; not known (P4): 999 and ZZ/ZZ/ZZZZ.
                    la_perm = perm_date = None
                    if p.prev_perm in ("P1", "P2", "P3"):
                        la_perm = NEIGHBOURS[int(c.id[-6:]) % len(NEIGHBOURS)]  # no draw: the returns' draws stay as they were
                        perm_date = add_years(p.start, -rng.integers(1, 6)).strftime("%d/%m/%Y")
                    elif p.prev_perm == "P4":
                        la_perm, perm_date = "999", "ZZ/ZZ/ZZZZ"
                    out["PrevPerm"].append((c.id, dob, p.prev_perm, la_perm, perm_date))
                a = p.adoption
                if a:
                    adopted = p.end if p.reason in ("E11", "E12") and p.end <= sim_end else None
                    if a["date_int"] <= ye and (adopted is None or adopted >= ys):
                        # The decision stands for an adopted child: no date or reason it ceased (rules 120, 558).
                        out["PlacedAdoption"].append((c.id, dob, a["date_int"], None, None))
                    if adopted and ys <= adopted <= ye:
                        two = rng.random() < 0.8
                        sexes = ("MF" if rng.random() < 0.85 else "FF") if two else "F1"
                        # Couples mostly married (L11/L12), else unmarried (L3/L4); one adopter L0.
                        married = two and rng.random() < 0.8
                        status = ("L11" if married else "L3") if sexes == "MF" else ("L12" if married else "L4")
                        last = p.episodes[-1]  # adopted by the foster carers: placed with them (A3, A5; rule 335)
                        by_carers = last.place in ("A3", "A5") and last.rne in ("S", "T", "U")
                        out["AD1"].append((c.id, dob, a["date_int"], a["match"], "1" if by_carers else "0",
                                           "2" if two else "1", sexes, status if two else "L0"))
            in_care_ye = any(p.start <= ye and (p.end is None or p.end > ye) for p in c.periods)
            since_ys = any(p.start <= ys and (p.end is None or p.end > ye) for p in c.periods)
            if in_care_ye and since_ys:
                age = age_on(dob, ye)
                sdq = None
                reason = None
                if age < 4:  # no SDQ for under-4s (rule 188)
                    pass
                elif age <= 16:
                    if rng.random() < o["sdq_completion"]:
                        sdq = sdq_score(rng, o)
                    else:
                        reason = "SDQ" + str(rng.choice([2, 3, 4, 5]))
                else:
                    reason = "SDQ1"
                flag = lambda p: "1" if rng.random() < p else "0"  # noqa: E731
                misuse = flag(o["substance_misuse"]) if age >= 11 else "0"
                received = flag(0.5) if misuse == "1" else None  # offered only asked when not received (rule 158)
                out["OC2"].append((c.id, dob, sdq, reason, flag(o["convicted"]) if age >= 10 else None,
                                   flag(o["development_checks"]) if age < 5 else None, flag(o["immunised"]),
                                   flag(o["teeth_checked"]), flag(o["health_assessment"]), misuse,
                                   received, flag(0.3) if received == "0" else None))
            left = self.leavers[c.id]
            if left:
                # From 2023-24 no information for 17- and 18-year-olds who left care on or
                # after the birthday, as those leaving at 18 do (DfE 903 guide; rule 1016).
                for birthday_age, birthday in birthdays:
                    if ys <= birthday <= ye and (left < birthday or year < 2024 and left == birthday) and birthday <= sim_end:
                        in_year = True
                        out["OC3"].append((c.id, dob, *self.oc3(c, birthday_age, left)))
            if c.uasc and in_year and any(p.start <= ye and (p.end is None or p.end >= ys) for p in c.periods):
                out["UASC"].append((c.id, sex_code[c.sex], dob, add_years(dob, 18)))
            for kind, start, end in c.missing:
                # A period starting in the year, or still open when it began: one left
                # open at last year's end is reported again (DfE rule 576).
                if start <= ye and (ys <= start or end is None or end >= ys):
                    out["Missing"].append((c.id, dob, kind, start, end if end and end <= ye else None))
            if year >= 2024:
                for worker, start, end, reason in self.sw.get(c.id, ()):
                    if start <= ye and (end is None or end >= sw_from):
                        closed = end is not None and end <= ye
                        out["SWEpisodes"].append((c.id, dob, worker, start, end if closed else None, reason))
            if in_year:
                # Children not yet of school age (4 by 31 August before the year) have no UPN
                # yet: UN1. MOTHER is given for every girl looked after in the year, and for
                # no one else (DfE 903 guide; rules 165, 393, 628).
                upn = "UN1" if add_years(dob, 4) > school_age_by and not c.uasc else c.upn
                out["Header"].append((c.id, sex_code[c.sex], dob, c.ethnic, upn, "0" if c.sex == "2" and looked_after else None, None))
        return out

    def oc3(self, child: Child, age: int, left: dt.date) -> tuple[str, str, str]:
        """IN_TOUCH, ACTIV, ACCOM around a birthday (seeds 2020: 96% in touch, 64.2% EET,
        94.8% suitable accommodation)."""
        key = (child.id, age)
        if key not in self.oc3_draws:
            rng, lv = self.rng, self.s["leaving"]  # the child's stream for the year
            r = rng.random()
            # Staying put: with the former foster carers (so in touch) to 21 (Children and
            # Families Act 2014 s 98); no one under 18 at the year's start in a foyer (rule 347).
            staying = child.periods[-1].reason == "E17" and age <= 20
            if staying or r < lv["in_touch"]:
                activ = rng.pick(("F1", "F2", "F2", "F4", "F5", "F5", "P2", "P5")) if rng.random() < lv["eet"] else \
                    rng.pick(("G4", "G5", "G5", "G6"))
                letter = "Z" if staying else rng.pick(("U", "U", "E", "D", "B", "K", "T", "C") if age >= 19 else ("U", "U", "E", "D", "B", "K", "C"))
                accom = letter + ("1" if rng.random() < lv["suitable"] else "2")
                self.oc3_draws[key] = ("YES", activ, accom)
            elif r < lv["in_touch"] + lv["no_longer_requires"]:
                self.oc3_draws[key] = ("NREQ", "0", "0")
            else:
                self.oc3_draws[key] = (rng.pick(("NO", "REFU")), "0", "0")
        return self.oc3_draws[key]
