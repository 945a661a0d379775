"""How many children are in care, start and cease.

Source: DfE, "Children looked after in England including adoptions", national
statistics and methodology: counts exclude children on an agreed series of short-term
breaks (LS V3/V4); a child starting (ceasing) more than once in a year is counted once.
"""

from __future__ import annotations

from caretrack.indicators import cohorts
from caretrack.indicators.data import attach
from caretrack.indicators.registry import indicator

DFE = "DfE, Children looked after in England including adoptions (national statistics), table A1 and methodology"
CHILD_FIELDS = ("LA", "CHILD", "DECOM", "LS", "PLACE", "PLACE_PROVIDER", "PERIOD_START")


@indicator("in_care_31_march", "Children in care at 31 March", "count",
           cohort="children with an episode open on 31 March", numerator="children", denominator=None,
           exclusions="short breaks (LS V3, V4); episodes that ceased on 31 March", source=DFE)
def in_care_31_march(data):
    return cohorts.in_care_31_march(data).select(*CHILD_FIELDS, "SEX", "DOB", "AGE")


@indicator("rate_per_10000", "Children in care per 10,000 children aged 0-17", "rate",
           cohort="children in care at 31 March", numerator="children in care at 31 March",
           denominator="population aged 0-17 (ONS mid-year estimate, the Population table)",
           exclusions="short breaks (LS V3, V4)", source=DFE + "; rates use ONS mid-year population estimates")
def rate_per_10000(data):
    return in_care_31_march(data)


@indicator("starts", "Children who started to be looked after in the year", "count",
           cohort="children with an episode starting (RNE S) between 1 April and 31 March",
           numerator="children (first start in the year)", denominator=None,
           exclusions="short breaks (LS V3, V4)", source=DFE)
def starts(data):
    return cohorts.starts(data).select("LA", "CHILD", "DECOM", "LS", "PLACE", "CIN")


@indicator("starts_section_20", "Children who started to be looked after under section 20", "percent",
           cohort="children who started to be looked after in the year", numerator="whose first episode was under s20 (LS V2)",
           denominator="children who started to be looked after in the year", exclusions="short breaks (LS V3, V4)",
           source=DFE + "; Children Act 1989 s20")
def starts_section_20(data):
    s = starts(data)
    return s.mutate(numerator=s.LS == "V2")


@indicator("starts_previous_permanence", "Children who started to be looked after having had a permanence order", "count",
           cohort="children who started to be looked after in the year",
           numerator="with a previous adoption, special guardianship or child arrangements order (PrevPerm P1-P3)",
           denominator=None, exclusions="short breaks (LS V3, V4)", source=DFE + "; 903 PrevPerm table")
def starts_previous_permanence(data):
    s = starts(data)
    p = data.returned("PrevPerm")
    p = p.filter(p.PREV_PERM.isin(("P1", "P2", "P3"))).select("LA", "CHILD", "PREV_PERM", "DATE_PERM")
    return attach(s, p, "inner")


@indicator("ceased", "Children who ceased to be looked after in the year", "count",
           cohort="children whose episode ceased between 1 April and 31 March for a reason other than X1",
           numerator="children (last cessation in the year)", denominator=None,
           exclusions="short breaks (LS V3, V4)", source=DFE)
def ceased(data):
    return cohorts.ceased(data).select("LA", "CHILD", "DEC", "REC", "LS", "PLACE", "PERIOD_START")


@indicator("ceased_to_parents_or_relatives", "Children who ceased to be looked after to live with parents or relatives", "percent",
           cohort="children who ceased to be looked after in the year",
           numerator="who returned home or went to live with parents, relatives or others (REC E4A, E4B, E13)",
           denominator="children who ceased to be looked after in the year", exclusions="short breaks (LS V3, V4)",
           source=DFE + ", table D1 (reason episode ceased)")
def ceased_to_parents_or_relatives(data):
    c = ceased(data)
    return c.mutate(numerator=c.REC.isin(("E4A", "E4B", "E13")))
