"""Permanence: why children start and stop being looked after, the permanence panel,
special guardianship assessments and revoked orders.

The annual report's permanence and "entry and exit" sections need figures the
indicator set did not hold: the category of need of children who started to be
looked after, the reason children ceased, and three operational records that the 903
cannot carry (panel decisions, special guardianship assessments, revocations).

Sources: DfE, "Children looked after in England including adoptions" (national
tables on children who started to be looked after by category of need, and who
ceased by reason, 903 CIN and REC codes); DfE, "The Children Act 1989 guidance and
regulations, volume 2: care planning, placement and case review" (2021), chapter 2
on permanence planning; the Special Guardianship Regulations 2005; Children Act 1989
s39 (discharge of care orders) and Adoption and Children Act 2002 s24 (revocation of
placement orders).
"""

from __future__ import annotations

import ibis

from caretrack.indicators import cohorts
from caretrack.indicators.registry import indicator

DFE = "DfE, Children looked after in England including adoptions (national statistics)"
PERMANENCE = ("DfE, The Children Act 1989 guidance and regulations, volume 2: care planning, placement and case "
              "review, chapter 2 (permanence planning); the authority's permanence panel records")
SHORT = "short breaks (LS V3, V4)"

NEED = {"N1": "abuse or neglect", "N2": "child's disability", "N3": "parental illness or disability",
        "N4": "family in acute stress", "N5": "family dysfunction", "N6": "socially unacceptable behaviour",
        "N7": "low income", "N8": "absent parenting"}
CEASED = (
    (("E11", "E12"), "adopted"),
    (("E45", "E46", "E47", "E48"), "special guardianship order"),
    (("E41",), "child arrangements order"),
    (("E4A", "E4B", "E13"), "returned home or to parents or relatives"),
    (("E17",), "aged 18, stayed with carers"),
    (("E5", "E6"), "moved to independent living"),
    (("E7",), "adult social care"),
    (("E9", "E14"), "custody or remand ended"),
)


@indicator("starts_by_need", "Children who started to be looked after by category of need", "breakdown",
           cohort="children who started to be looked after in the year (first start)", numerator="children",
           denominator=None, exclusions=SHORT,
           source=DFE + ", children who started to be looked after by category of need (903 CIN N1-N8)")
def starts_by_need(data):
    s = cohorts.starts(data)
    category = ibis.cases(*((s.CIN == code, label) for code, label in NEED.items()), else_="not recorded")
    return s.select("LA", "CHILD", "DECOM", "CIN", category=category)


@indicator("ceased_by_reason", "Children who ceased to be looked after by reason", "breakdown",
           cohort="children who ceased to be looked after in the year (last cessation)", numerator="children",
           denominator=None, exclusions=SHORT,
           source=DFE + ", table D1 (reason episode ceased, 903 REC codes, grouped)")
def ceased_by_reason(data):
    c = cohorts.ceased(data)
    category = ibis.cases(*((c.REC.isin(codes), label) for codes, label in CEASED), else_="other reason")
    return c.select("LA", "CHILD", "DEC", "REC", category=category)


@indicator("permanence_panel_decisions", "Permanence panel decisions in the year", "breakdown",
           cohort="permanence panel decisions dated 1 April to 31 March (PermanenceDecisions table)",
           numerator="decisions, by decision (AGREED, NOT_AGREED, TRACKED)", denominator=None, source=PERMANENCE)
def permanence_panel_decisions(data):
    d = data.table("PermanenceDecisions")
    d = d.filter(cohorts.in_year(data, d.PANEL_DATE))
    return d.select("LA", "CHILD", "PANEL_DATE", "PERMANENCE_PLAN", category=d.DECISION)


@indicator("sgo_assessments", "Special guardianship assessments started in the year, by stage reached", "breakdown",
           cohort="special guardianship assessments started 1 April to 31 March (SGOAssessments table)",
           numerator="assessments, by the court stage recorded (ASSESSMENT, FILED, HEARING, GRANTED, WITHDRAWN)",
           denominator=None,
           source="Special Guardianship Regulations 2005 (assessment reports); the authority's SGO assessment records")
def sgo_assessments(data):
    a = data.table("SGOAssessments")
    a = a.filter(cohorts.in_year(data, a.START_DATE))
    return a.select("LA", "CHILD", "START_DATE", "STAGE_DATE", "ORDER_DATE",
                    category=a.COURT_STAGE.fill_null("not recorded"))


@indicator("orders_revoked", "Care orders and placement orders revoked in the year", "breakdown",
           cohort="orders revoked 1 April to 31 March (Revocations table)",
           numerator="orders revoked, by order (CARE_ORDER, PLACEMENT_ORDER)", denominator=None,
           source="Children Act 1989 s39 (discharge of a care order); Adoption and Children Act 2002 s24 "
                  "(revocation of a placement order); the authority's court records")
def orders_revoked(data):
    r = data.table("Revocations")
    r = r.filter(cohorts.in_year(data, r.REVOKED_DATE))
    return r.select("LA", "CHILD", "APPLICATION_DATE", "REVOKED_DATE", category=r.ORDER_REVOKED)
