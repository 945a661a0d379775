"""Who is in care at 31 March: legal status, sex, age, ethnicity, UASC, disability.

Source: DfE, "Children looked after in England including adoptions", table A1
(characteristics of children looked after at 31 March).
"""

from __future__ import annotations

import ibis

from caretrack.indicators import cohorts
from caretrack.indicators.data import attach
from caretrack.indicators.definitions.groups import age_band, ethnicity_group, legal_status_group, sex_group
from caretrack.indicators.registry import indicator

DFE = "DfE, Children looked after in England including adoptions, table A1"
COHORT = "children in care at 31 March"
SHORT = "short breaks (LS V3, V4)"


def _breakdown(data, category, *fields):
    c = cohorts.in_care_31_march(data)
    return c.select("LA", "CHILD", *fields, category=category(c))


@indicator("legal_status", "Children in care at 31 March by legal status", "breakdown", COHORT, "children",
           None, DFE, exclusions=SHORT)
def legal_status(data):
    return _breakdown(data, lambda c: legal_status_group(c.LS), "LS")


@indicator("sex", "Children in care at 31 March by sex", "breakdown", COHORT, "children", None, DFE, exclusions=SHORT)
def sex(data):
    return _breakdown(data, lambda c: sex_group(c.SEX), "SEX")


@indicator("age_band", "Children in care at 31 March by age", "breakdown", COHORT, "children", None, DFE,
           exclusions=SHORT)
def age(data):
    return _breakdown(data, lambda c: age_band(c.AGE), "DOB", "AGE")


@indicator("age_and_sex", "Children in care at 31 March by sex and age", "breakdown", COHORT, "children, by sex "
           "and age band (category: 'sex, age band')", None, DFE, exclusions=SHORT)
def age_and_sex(data):
    return _breakdown(data, lambda c: sex_group(c.SEX).concat(", ", age_band(c.AGE)), "SEX", "DOB", "AGE")


@indicator("ethnicity", "Children in care at 31 March by ethnic group", "breakdown", COHORT, "children", None, DFE,
           exclusions=SHORT)
def ethnicity(data):
    return _breakdown(data, lambda c: ethnicity_group(c.ETHNIC), "ETHNIC")


@indicator("uasc", "Children in care at 31 March who are unaccompanied asylum-seeking children", "breakdown", COHORT,
           "children", None, DFE + "; 903 UASC table (DUC: date ceased to be UASC)", exclusions=SHORT)
def uasc(data):
    j = cohorts.uasc_on(data, cohorts.in_care_31_march(data), data.end)
    return j.select("LA", "CHILD", "DUC", category=ibis.ifelse(j.UASC, "UASC", "not UASC"))


@indicator("disabled", "Children in care at 31 March with a disability", "breakdown", COHORT, "children", None,
           "Authority's record of disability (Equality Act 2010 s6), the Disability table", exclusions=SHORT)
def disabled(data):
    c = cohorts.in_care_31_march(data)
    d = data.table("Disability").select("LA", "CHILD", "DISABLED")
    j = attach(c, d)
    category = ibis.cases((j.DISABLED == "Y", "disabled"), (j.DISABLED == "N", "not disabled"), else_="not recorded")
    return j.select("LA", "CHILD", "DISABLED", category=category)
