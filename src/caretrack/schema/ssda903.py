"""The tables of the SSDA903 return, collection years 2022-23 to 2026-27.

Source: DfE, "Children looked after return: guide" for each year (field names and
meanings), and the CSV layout that authorities' case-management systems export: one
file per table, recognised by its exact column set, dates as dd/mm/YYYY. The XML form
nests the same fields under EXPSSDA903/CHILD (see `caretrack.io.xml903`).
"""

from __future__ import annotations

from caretrack.schema.model import Column, Kind, Table

T, C, D, I = Kind.TEXT, Kind.CODE, Kind.DATE, Kind.INTEGER

CHILD = Column("CHILD", T, "Child's identifier, unique within the authority and stable across years", required=True)
DOB = Column("DOB", D, "Date of birth", required=True)


def _table(name, description, columns, key, years=None, xml_tag=None) -> Table:
    kwargs = {"years": tuple(years)} if years else {}
    return Table(name, "903", description, tuple(columns), tuple(key), xml_tag=xml_tag, **kwargs)


HEADER = _table(
    "Header",
    "One row per child in the return: characteristics that do not change within the year.",
    [
        CHILD,
        Column("SEX", C, "Sex", codes="SEX", key=True),
        DOB,
        Column("ETHNIC", C, "Ethnic origin", codes="ETHNIC"),
        Column("UPN", T, "Unique pupil number (or a UN code where none is available)"),
        Column("MOTHER", C, "Is the child a mother? (1 yes, 0 no; for girls aged 12+)", codes="YES_NO_01"),
        Column("MC_DOB", D, "Date of birth of the child's first child"),
    ],
    ["CHILD"],
    xml_tag="HEADER",
)

EPISODES = _table(
    "Episodes",
    "One row per episode of care: a period with unchanged legal status and placement.",
    [
        CHILD,
        Column("DECOM", D, "Date episode commenced", required=True),
        Column("RNE", C, "Reason for new episode", codes="RNE", key=True),
        Column("LS", C, "Legal status", codes="LS", key=True),
        Column("CIN", C, "Category of need", codes="CIN"),
        Column("PLACE", C, "Placement type (PL in the XML)", codes="PLACE", key=True),
        Column("PLACE_PROVIDER", C, "Placement provider (blank for temporary and Z1 placements)", codes="PLACE_PROVIDER"),
        Column("DEC", D, "Date episode ceased (blank if open at 31 March)"),
        Column("REC", C, "Reason episode ceased", codes="REC"),
        Column("REASON_PLACE_CHANGE", C, "Reason for placement change", codes="REASON_PLACE_CHANGE"),
        Column("HOME_POST", T, "Postcode of the child's home at the start of the period of care"),
        Column("PL_POST", T, "Postcode of the placement"),
        Column("URN", T, "Ofsted unique reference number of the placement provider"),
    ],
    ["CHILD", "DECOM"],
    xml_tag="EPISODE",
)

UASC = _table(
    "UASC",
    "Unaccompanied asylum-seeking children: one row per child who was UASC during the year. "
    "An XML return gives UASC status (code list UASC_STATUS) and DUC in each HEADER instead: "
    "a row here for each child with status 1 or a DUC.",
    [
        CHILD,
        Column("SEX", C, "Sex", codes="SEX"),
        DOB,
        Column("DUC", D, "Date the child ceased to be an unaccompanied asylum-seeking child"),
    ],
    ["CHILD"],
)

REVIEWS = _table(
    "Reviews",
    "Looked-after reviews held during the year, with the child's participation.",
    [
        CHILD,
        DOB,
        Column("REVIEW", D, "Date of the review", required=True),
        Column("REVIEW_CODE", C, "Participation of the child in the review", codes="REVIEW_CODE"),
    ],
    ["CHILD", "REVIEW"],
    xml_tag="AREVIEW",
)

_FLAG = "YES_NO_01"
OC2 = _table(
    "OC2",
    "Outcomes for children looked after continuously for 12 months or more at 31 March.",
    [
        CHILD,
        DOB,
        Column("SDQ_SCORE", I, "Strengths and difficulties questionnaire total score (0-40)"),
        Column("SDQ_REASON", C, "Reason no SDQ score was returned", codes="SDQ_REASON"),
        Column("CONVICTED", C, "Convicted or subject to a youth caution or conditional caution in the year (aged 10+)", codes=_FLAG),
        Column("HEALTH_CHECK", C, "Health surveillance / development checks up to date (aged under 5)", codes=_FLAG),
        Column("IMMUNISATIONS", C, "Immunisations up to date", codes=_FLAG),
        Column("TEETH_CHECK", C, "Teeth checked by a dentist in the year", codes=_FLAG),
        Column("HEALTH_ASSESSMENT", C, "Annual health assessment up to date", codes=_FLAG),
        Column("SUBSTANCE_MISUSE", C, "Identified as having a substance misuse problem in the year", codes=_FLAG),
        Column("INTERVENTION_RECEIVED", C, "Received an intervention for substance misuse", codes=_FLAG),
        Column("INTERVENTION_OFFERED", C, "Offered an intervention for substance misuse but refused it", codes=_FLAG),
    ],
    ["CHILD"],
    xml_tag="OC2",
)

OC3 = _table(
    "OC3",
    "Care leavers whose 17th to 21st birthday falls in the year: contact, activity and accommodation around that birthday.",
    [
        CHILD,
        DOB,
        Column("IN_TOUCH", C, "Whether the authority is in touch with the young person", codes="IN_TOUCH"),
        Column("ACTIV", C, "Main activity", codes="ACTIV"),
        Column("ACCOM", C, "Type and suitability of accommodation", codes="ACCOM"),
    ],
    ["CHILD"],
    xml_tag="OC3",
)

AD1 = _table(
    "AD1",
    "Children adopted during the year: dates of the decision and the match, and the adopters.",
    [
        CHILD,
        DOB,
        Column("DATE_INT", D, "Date of the decision that the child should be placed for adoption"),
        Column("DATE_MATCH", D, "Date the child was matched with the prospective adopter(s)"),
        Column("FOSTER_CARE", C, "Adopted by their foster carer(s)", codes=_FLAG),
        Column("NB_ADOPTR", C, "Number of adopters", codes="NB_ADOPTR"),
        Column("SEX_ADOPTR", C, "Sex of adopter(s)", codes="SEX_ADOPTR"),
        Column("LS_ADOPTR", C, "Legal status of adopter(s)", codes="LS_ADOPTR"),
    ],
    ["CHILD"],
    xml_tag="AD1",
)

PLACED_ADOPTION = _table(
    "PlacedAdoption",
    "Decisions that a child should be placed for adoption, and why any such decision ceased.",
    [
        CHILD,
        DOB,
        Column("DATE_PLACED", D, "Date of the decision that the child should be placed for adoption", required=True),
        Column("DATE_PLACED_CEASED", D, "Date the decision ceased to apply"),
        Column("REASON_PLACED_CEASED", C, "Reason the decision ceased", codes="REASON_PLACED_CEASED"),
    ],
    ["CHILD", "DATE_PLACED"],
    xml_tag="AD_PLACED",
)

PREV_PERM = _table(
    "PrevPerm",
    "Permanence (adoption, special guardianship, child arrangements) before the current period of care.",
    [
        CHILD,
        DOB,
        Column("PREV_PERM", C, "Previous permanence option", codes="PREV_PERM"),
        Column("LA_PERM", T, "Authority that granted the previous permanence order"),
        Column("DATE_PERM", T, "Date of the previous permanence order (dd/mm/YYYY, or zz/mm/YYYY when the day is not known)"),
    ],
    ["CHILD"],
    xml_tag="PERMANENCE",
)

MISSING = _table(
    "Missing",
    "Episodes of being missing from or away from placement without authorisation.",
    [
        CHILD,
        DOB,
        Column("MISSING", C, "Missing or away from placement without authorisation", codes="MISSING"),
        Column("MIS_START", D, "Date the episode started", required=True),
        Column("MIS_END", D, "Date the episode ended"),
    ],
    ["CHILD", "MIS_START"],
    xml_tag="AMISSING",
)

SW_EPISODES = _table(
    "SWEpisodes",
    "Social worker episodes: who the child's social worker was and why they changed (from 2023-24).",
    [
        CHILD,
        DOB,
        Column("SW_ID", T, "Social worker's identifier", required=True),
        Column("SW_DECOM", D, "Date the social worker episode started", required=True),
        Column("SW_DEC", D, "Date the social worker episode ended"),
        Column("SW_REASON", C, "Reason for the change of social worker", codes="SW_REASON"),
    ],
    ["CHILD", "SW_DECOM"],
    years=range(2024, 2028),
    xml_tag="SW_EPISODE",
)

DOLO = _table(
    "DoLo",
    "Deprivation of liberty orders (from 2026-27).",
    [
        CHILD,
        DOB,
        Column("DOLO_START", D, "Date the deprivation of liberty order started", required=True),
        Column("DOLO_END", D, "Date the deprivation of liberty order ended"),
    ],
    ["CHILD", "DOLO_START"],
    years=[2027],
    xml_tag="DOLO",
)

SSDA903_TABLES: tuple[Table, ...] = (
    HEADER, EPISODES, UASC, REVIEWS, OC2, OC3, AD1, PLACED_ADOPTION, PREV_PERM, MISSING, SW_EPISODES, DOLO,
)

# The UASC status the XML return gives in each HEADER (CHILDID/UASC), one row per Header
# row, in the same order. Not a table of the return or of the store: the XML reader
# makes the UASC table from it (status 1, or DUC given); the loader refuses a status
# that is no code (a key); the validator reads it as the Header's UASC field, for the
# DfE rules only an XML return can break (105, 205C, 303).
XML_UASC_STATUS = Table(
    "UASCStatus",
    "xml",
    "The UASC status given in each XML HEADER (0 or 1).",
    (CHILD, Column("UASC", C, "UASC status (0 or 1)", codes="UASC_STATUS", key=True)),
    ("CHILD",),
)
