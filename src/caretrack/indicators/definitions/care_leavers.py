"""Care leavers aged 17 to 21: contact, activity, accommodation, staying put.

Source: DfE, "Children looked after in England including adoptions", care leavers
tables (F1, F2): young people in the year's OC3 (their 17th to 21st birthday fell in
the year), split 17-18 and 19-21. In touch is IN_TOUCH YES; in education, employment
or training (EET) is any full-time or part-time activity (ACTIV F* or P*); suitable
accommodation is an ACCOM code ending 1 (domain.md). The denominator is every young
person of the age band in the OC3.
"""

from __future__ import annotations

from caretrack.indicators import cohorts
from caretrack.indicators.registry import indicator

DFE = "DfE, Children looked after in England including adoptions, care leavers tables F1 and F2"
BANDS = {"": (17, 18, 19, 20, 21), "_17_18": (17, 18), "_19_21": (19, 20, 21)}
FIELDS = ("LA", "CHILD", "AGE", "IN_TOUCH", "ACTIV", "ACCOM")


def _label(ages):
    return f"care leavers whose {ages[0]}th to {ages[-1]}st birthday fell in the year" if ages[-1] == 21 else \
        f"care leavers whose {ages[0]}th or {ages[-1]}th birthday fell in the year"


def _measure(id, title, test, numerator):
    for suffix, ages in BANDS.items():
        def units(data, ages=ages):
            o = cohorts.care_leavers(data, ages)
            return o.select(*FIELDS, numerator=test(o).fill_null(False))

        who = _label(ages)
        indicator(f"{id}{suffix}", f"{title} ({who.split(' whose ')[1].split(' birthday')[0]})", "percent", who,
                  numerator, who, DFE, higher_is_better=True)(units)


_measure("care_leavers_in_touch", "Care leavers in touch", lambda o: o.IN_TOUCH == "YES", "in touch (IN_TOUCH YES)")
_measure("care_leavers_eet", "Care leavers in education, employment or training",
         lambda o: o.ACTIV.startswith("F") | o.ACTIV.startswith("P"), "in education, employment or training (ACTIV F*, P*)")
_measure("care_leavers_suitable_accommodation", "Care leavers in suitable accommodation",
         lambda o: o.ACCOM.endswith("1"), "in suitable accommodation (ACCOM ending 1)")


@indicator("care_leavers", "Care leavers in the year's return (17th to 21st birthday)", "count", _label(BANDS[""]),
           "young people", None, DFE)
def care_leavers(data):
    return cohorts.care_leavers(data, BANDS[""]).select(*FIELDS)


@indicator("staying_put", "Care leavers living with their former foster carers (staying put)", "count",
           _label(BANDS[""]), "living with former foster carers (ACCOM Z1, Z2)", None,
           DFE + "; Children Act 1989 s23CZA (staying put)", higher_is_better=True)
def staying_put(data):
    o = cohorts.care_leavers(data, BANDS[""])
    return o.filter(o.ACCOM.isin(("Z1", "Z2"))).select(*FIELDS)
