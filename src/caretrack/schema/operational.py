"""Operational tables: the case records the committee reports need and the 903 lacks.

An authority exports these from its case-management system (or the Ofsted Annex A
lists) as CSV; `caretrack templates DIR` writes a blank file for each with a README.
Each table is a snapshot: loading it again for an authority replaces that
authority's rows. Column names follow the 903's style (upper case, CHILD as the
child's identifier, the same identifier as in the 903 return).

Statutory sources for what each record evidences are cited per table; the
timescales themselves live in `caretrack.compliance`.
"""

from __future__ import annotations

from caretrack.schema.model import Column, Kind, Table
from caretrack.schema.ssda903 import CHILD

T, C, D, I, N = Kind.TEXT, Kind.CODE, Kind.DATE, Kind.INTEGER, Kind.DECIMAL


def _table(name, description, columns, key) -> Table:
    return Table(name, "operational", description, tuple(columns), tuple(key))


def _date(name, description, required=True) -> Column:
    return Column(name, D, description, required=required)


WORKER_ID = Column("WORKER_ID", T, "Worker's identifier (as in Workers)", required=True)

OPERATIONAL_TABLES: tuple[Table, ...] = (
    _table(
        "Population",
        "Population aged 0-17 of the authority (ONS mid-year estimate), for rates per 10,000.",
        [
            Column("YEAR", I, "Collection year the estimate is used for (by its end: 2025 is 2024-25)", required=True),
            Column("POPULATION_0_17", I, "Children aged 0 to 17", required=True),
            Column("SOURCE", T, "Where the figure comes from, e.g. 'ONS mid-2023 estimate'"),
        ],
        ["YEAR"],
    ),
    _table(
        "Teams",
        "Teams of the children in care and care leavers service.",
        [
            Column("TEAM_ID", T, "Team identifier", required=True),
            Column("TEAM_NAME", T, "Team name"),
            Column("SERVICE", T, "Service the team belongs to, e.g. 'Children in care', '16+'"),
        ],
        ["TEAM_ID"],
    ),
    _table(
        "Workers",
        "Social workers, personal advisers, independent reviewing officers and managers.",
        [
            WORKER_ID,
            Column("WORKER_NAME", T, "Worker's name"),
            Column("ROLE", C, "Role", codes="ROLE", key=True),
            Column("TEAM_ID", T, "Team (as in Teams)"),
        ],
        ["WORKER_ID"],
    ),
    _table(
        "Allocations",
        "Who holds each child's case: social worker, personal adviser (from 16; Children and Social Work Act 2017) or IRO, with dates.",
        [
            CHILD,
            Column("ROLE", C, "Role of the allocated worker", codes="ROLE", key=True, required=True),
            WORKER_ID,
            Column("TEAM_ID", T, "Team holding the case"),
            _date("START_DATE", "Date the allocation started"),
            _date("END_DATE", "Date the allocation ended (blank if current)", required=False),
        ],
        ["CHILD", "ROLE", "START_DATE"],
    ),
    _table(
        "Disability",
        "Whether the child has a disability (Equality Act 2010 s6), as recorded by the authority.",
        [
            CHILD,
            Column("DISABLED", C, "Has a disability", codes="YN", required=True),
            Column("DISABILITY_TYPE", T, "Description of the disability"),
        ],
        ["CHILD"],
    ),
    _table(
        "Visits",
        "Social worker visits to a child in care (CPPCR 2010 reg 28).",
        [
            CHILD,
            _date("VISIT_DATE", "Date of the visit"),
            Column("WORKER_ID", T, "Visiting worker"),
            Column("SEEN_ALONE", C, "Child seen alone", codes="YN"),
        ],
        ["CHILD", "VISIT_DATE"],
    ),
    _table(
        "CarePlans",
        "Care plans signed off by a manager (CPPCR 2010 reg 4-5).",
        [CHILD, _date("SIGNED_OFF", "Date the care plan was signed off")],
        ["CHILD", "SIGNED_OFF"],
    ),
    _table(
        "LookedAfterReviews",
        "Looked-after reviews chaired by the IRO (CPPCR 2010 reg 33); the live record the 903 Reviews table is drawn from.",
        [
            CHILD,
            _date("REVIEW_DATE", "Date of the review"),
            Column("IRO_ID", T, "Independent reviewing officer (as in Workers)"),
        ],
        ["CHILD", "REVIEW_DATE"],
    ),
    _table(
        "HealthAssessments",
        "Initial and review health assessments (CPPCR 2010 reg 7; Promoting the health and well-being of looked-after children, DfE/DH 2015).",
        [
            CHILD,
            Column("ASSESSMENT_TYPE", C, "Initial or review", codes="HEALTH_ASSESSMENT_TYPE", key=True, required=True),
            _date("REFERRAL_DATE", "Date the child was referred to health", required=False),
            _date("ASSESSMENT_DATE", "Date the assessment was completed"),
        ],
        ["CHILD", "ASSESSMENT_TYPE", "ASSESSMENT_DATE"],
    ),
    _table(
        "DentalChecks",
        "Dental checks (Promoting the health and well-being of looked-after children, 2015).",
        [CHILD, _date("CHECK_DATE", "Date of the dental check")],
        ["CHILD", "CHECK_DATE"],
    ),
    _table(
        "Immunisations",
        "Immunisation status as recorded at a date.",
        [
            CHILD,
            _date("RECORDED_DATE", "Date the status was recorded"),
            Column("UP_TO_DATE", C, "Immunisations up to date", codes="YN", required=True),
        ],
        ["CHILD", "RECORDED_DATE"],
    ),
    _table(
        "SDQ",
        "Strengths and difficulties questionnaires (statutory guidance 2015: yearly for ages 4-16).",
        [
            CHILD,
            _date("SDQ_DATE", "Date the questionnaire was completed"),
            Column("SDQ_SCORE", I, "Total difficulties score (0-40)"),
        ],
        ["CHILD", "SDQ_DATE"],
    ),
    _table(
        "PEPs",
        "Personal education plans and their reviews (DfE, Promoting the education of looked-after children, 2018).",
        [
            CHILD,
            _date("PEP_DATE", "Date the PEP was completed or reviewed"),
            Column("PEP_TYPE", C, "Initial PEP or review", codes="PEP_TYPE"),
        ],
        ["CHILD", "PEP_DATE"],
    ),
    _table(
        "NeedsAssessments",
        "Needs assessments of eligible children (CPPCR 2010 reg 42).",
        [CHILD, _date("ASSESSMENT_DATE", "Date the needs assessment was completed")],
        ["CHILD", "ASSESSMENT_DATE"],
    ),
    _table(
        "PathwayPlans",
        "Pathway plans and their reviews (Care Leavers (England) Regulations 2010 reg 6-7).",
        [CHILD, _date("PLAN_DATE", "Date the pathway plan was completed or reviewed")],
        ["CHILD", "PLAN_DATE"],
    ),
    _table(
        "AdviserContacts",
        "Personal adviser contacts with care leavers (Care Leavers (England) Regulations 2010 reg 8).",
        [
            CHILD,
            _date("CONTACT_DATE", "Date of the contact"),
            Column("WORKER_ID", T, "Personal adviser"),
            Column("CONTACT_TYPE", C, "Kind of contact", codes="CONTACT_TYPE"),
        ],
        ["CHILD", "CONTACT_DATE"],
    ),
    _table(
        "CareLeaverStatus",
        "A care leaver's status as recorded at a date: eligibility category, staying put, custody, contact, activity, accommodation.",
        [
            CHILD,
            _date("STATUS_DATE", "Date the status was recorded"),
            _date("DOB", "Date of birth (care leavers over 21 are in no 903 return)", required=False),
            Column("ELIGIBILITY", C, "Care leaver category", codes="ELIGIBILITY"),
            Column("STAYING_PUT", C, "Living with former foster carers under a staying put arrangement (Children Act 1989 s23CZA)", codes="YN"),
            Column("IN_CUSTODY", C, "In custody", codes="YN"),
            Column("IN_TOUCH", C, "In touch (903 OC3 codes)", codes="IN_TOUCH"),
            Column("ACTIV", C, "Main activity (903 OC3 codes)", codes="ACTIV"),
            Column("ACCOM", C, "Accommodation and its suitability (903 OC3 codes)", codes="ACCOM"),
        ],
        ["CHILD", "STATUS_DATE"],
    ),
    _table(
        "AccommodationMoves",
        "Moves of a care leaver into new accommodation (a PA contact is due within 7 days; Care Leavers Regulations reg 8).",
        [
            CHILD,
            _date("MOVE_DATE", "Date of the move"),
            Column("ACCOM", C, "New accommodation (903 OC3 codes)", codes="ACCOM"),
        ],
        ["CHILD", "MOVE_DATE"],
    ),
    _table(
        "HousingApplications",
        "Housing applications for care leavers (the seeds' protocol: completed by 17.5 so they go live at 18).",
        [CHILD, _date("APPLICATION_DATE", "Date the housing application was completed")],
        ["CHILD", "APPLICATION_DATE"],
    ),
    _table(
        "PermanenceDecisions",
        "Decisions of the permanence panel on a child's permanence plan.",
        [
            CHILD,
            _date("PANEL_DATE", "Date of the panel"),
            Column("PERMANENCE_PLAN", C, "Plan considered", codes="PERMANENCE_PLAN"),
            Column("DECISION", C, "Panel decision", codes="PANEL_DECISION", key=True, required=True),
        ],
        ["CHILD", "PANEL_DATE"],
    ),
    _table(
        "SGOAssessments",
        "Special guardianship assessments and their court stage (Special Guardianship Regulations 2005).",
        [
            CHILD,
            _date("START_DATE", "Date the assessment started"),
            Column("COURT_STAGE", C, "Current stage", codes="SGO_STAGE", key=True),
            _date("STAGE_DATE", "Date the current stage was reached", required=False),
            _date("ORDER_DATE", "Date the order was made", required=False),
        ],
        ["CHILD", "START_DATE"],
    ),
    _table(
        "Revocations",
        "Applications to revoke a care order or placement order.",
        [
            CHILD,
            Column("ORDER_REVOKED", C, "Order to be revoked", codes="REVOKED_ORDER", required=True),
            _date("APPLICATION_DATE", "Date of the application"),
            _date("REVOKED_DATE", "Date the order was revoked", required=False),
        ],
        ["CHILD", "ORDER_REVOKED", "APPLICATION_DATE"],
    ),
    _table(
        "AgeAssessments",
        "Age assessments of young people whose age is disputed (Merton-compliant; the seeds aim for 28 days).",
        [
            CHILD,
            _date("START_DATE", "Date the assessment started"),
            _date("END_DATE", "Date the assessment was completed", required=False),
            Column("OUTCOME", C, "Outcome", codes="AGE_ASSESSMENT_OUTCOME"),
        ],
        ["CHILD", "START_DATE"],
    ),
    _table(
        "PlacementCosts",
        "Cost category of each placement, keyed by the 903 episode it belongs to.",
        [
            CHILD,
            _date("DECOM", "Start date of the 903 episode the cost applies to"),
            Column("COST_CATEGORY", C, "Cost category (as in WeeklyCosts)", codes="COST_CATEGORY", key=True, required=True),
        ],
        ["CHILD", "DECOM"],
    ),
    _table(
        "WeeklyCosts",
        "Average weekly cost of each placement cost category, by collection year.",
        [
            Column("COST_CATEGORY", C, "Cost category", codes="COST_CATEGORY", key=True, required=True),
            Column("YEAR", I, "Collection year the cost applies to", required=True),
            Column("WEEKLY_COST", N, "Average weekly cost in pounds", required=True),
        ],
        ["COST_CATEGORY", "YEAR"],
    ),
)

# The seeds' 2019-20 average weekly costs (shared/reference/demo-targets.md), the
# default cost table for an authority that supplies none.
DEFAULT_WEEKLY_COSTS: dict[str, float] = {
    "SGO_ALLOWANCE": 180.0,
    "KINSHIP": 344.5,
    "IN_HOUSE_FOSTER": 549.0,
    "SPECIALIST_FOSTER_PATHWAY": 855.0,
    "SPECIALIST_FOSTER_ONE_TO_ONE": 1075.0,
    "IFA": 800.0,
    "IFA_HIGH_COST": 1100.0,
    "STAYING_PUT": 275.0,
    "SUPPORTED_LODGINGS": 385.0,
    "SIXTEEN_PLUS_EXTERNAL": 1250.0,
    "RESIDENTIAL_EXTERNAL": 4100.0,
}
DEFAULT_COST_YEAR = 2020
