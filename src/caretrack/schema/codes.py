"""Code lists of the SSDA903 return and of caretrack's operational tables.

Each code carries its meaning and the collection years (by their end: 2025 is
2024-25) in which the DfE accepts it. Sources: DfE, "Children looked after return
2022 to 2023 ... 2026 to 2027: guide" (the yearly SSDA903 guidance), and the valid
code lists of the open-source validator csc-validator-be-903, read as a reference,
never copied. Where a meaning could not be confirmed from a primary source it says
"(to verify)".

The loader refuses a value that is in no year's list only for key columns (see
`Column.key`); whether a code is valid *in a given year* is a validation rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from caretrack.schema.model import FIRST_YEAR, LAST_YEAR


@dataclass(frozen=True)
class Code:
    code: str
    meaning: str
    first_year: int = FIRST_YEAR
    last_year: int = LAST_YEAR

    def valid_in(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year


def _codes(*rows: tuple) -> dict[str, Code]:
    return {row[0]: Code(*row) for row in rows}


CODE_LISTS: dict[str, dict[str, Code]] = {
    # From 2024-25 the DfE codes sex as M/F/U (its rule 101 and 174's wording change then).
    "SEX": _codes(
        ("1", "Male", FIRST_YEAR, 2024),
        ("2", "Female", FIRST_YEAR, 2024),
        ("M", "Male", 2025),
        ("F", "Female", 2025),
        ("U", "Unknown or indeterminate", 2025),
    ),
    # The XML return's HEADER/UASC: whether the child was an unaccompanied asylum-seeking
    # child during the year (DfE rule 105: "invalid or has not been completed"). The CSV
    # return has no such field: it lists UASC children in its UASC table.
    "UASC_STATUS": _codes(
        ("0", "Not an unaccompanied asylum-seeking child during the year"),
        ("1", "An unaccompanied asylum-seeking child during the year"),
    ),
    "ETHNIC": _codes(
        ("WBRI", "White British"),
        ("WIRI", "White Irish"),
        ("WOTH", "Any other White background"),
        ("WIRT", "Traveller of Irish heritage"),
        ("WROM", "Gypsy/Roma"),
        ("MWBC", "White and Black Caribbean"),
        ("MWBA", "White and Black African"),
        ("MWAS", "White and Asian"),
        ("MOTH", "Any other mixed background"),
        ("AIND", "Indian"),
        ("APKN", "Pakistani"),
        ("ABAN", "Bangladeshi"),
        ("AOTH", "Any other Asian background"),
        ("BCRB", "Caribbean"),
        ("BAFR", "African"),
        ("BOTH", "Any other Black background"),
        ("CHNE", "Chinese"),
        ("OOTH", "Any other ethnic group"),
        ("REFU", "Refused"),
        ("NOBT", "Information not yet obtained"),
    ),
    "YES_NO_01": _codes(("0", "No"), ("1", "Yes")),
    "RNE": _codes(
        ("S", "Started to be looked after"),
        ("L", "Change of legal status only"),
        ("P", "Change of placement and carer(s) only"),
        ("T", "Change of placement but same carer(s) only"),
        ("B", "Change of legal status and placement and carer(s) at the same time"),
        ("U", "Change of legal status and change of placement but same carer(s)"),
    ),
    "LS": _codes(
        ("C1", "Interim care order"),
        ("C2", "Full care order"),
        ("D1", "Freeing order granted"),
        ("E1", "Placement order granted"),
        ("V2", "Single period of accommodation under section 20"),
        ("V3", "Accommodated under an agreed series of short-term breaks, individual episodes"),
        ("V4", "Accommodated under an agreed series of short-term breaks, agreement"),
        ("L1", "Under police protection and in local authority accommodation"),
        ("L2", "Under an emergency protection order"),
        ("L3", "Under a child assessment order and in local authority accommodation"),
        ("J1", "Remanded to local authority accommodation or youth detention accommodation"),
        ("J2", "Placed in local authority accommodation under PACE"),
        ("J3", "Sentenced to a youth rehabilitation order with residence or intensive fostering requirement"),
    ),
    "CIN": _codes(
        ("N1", "Abuse or neglect"),
        ("N2", "Child's disability"),
        ("N3", "Parental illness or disability"),
        ("N4", "Family in acute stress"),
        ("N5", "Family dysfunction"),
        ("N6", "Socially unacceptable behaviour"),
        ("N7", "Low income"),
        ("N8", "Absent parenting"),
    ),
    "PLACE": _codes(
        ("A3", "Placed for adoption with parental consent with current foster carer(s)"),
        ("A4", "Placed for adoption with parental consent not with current foster carer(s)"),
        ("A5", "Placed for adoption with placement order with current foster carer(s)"),
        ("A6", "Placed for adoption with placement order not with current foster carer(s)"),
        ("H5", "Semi-independent living accommodation not subject to children's homes regulations", FIRST_YEAR, 2025),
        ("K1", "Secure children's home"),
        ("K2", "Children's home subject to children's homes regulations"),
        ("K3", "Registered supported accommodation", 2025),
        ("P1", "Placed with own parent(s) or other person(s) with parental responsibility"),
        ("P2", "Independent living, for example in a flat, lodgings, bedsit, B&B or with friends", FIRST_YEAR, 2025),
        ("P3", "Residential employment"),
        ("R1", "Residential care home"),
        ("R2", "NHS/health trust or other establishment providing medical or nursing care"),
        ("R3", "Family centre or mother and baby unit"),
        ("R5", "Young offender institution or prison"),
        ("S1", "All residential schools, except where dual-registered as a school and children's home"),
        ("T0", "All types of temporary move"),
        ("T1", "Temporary periods in hospital"),
        ("T2", "Temporary absences of the child on holiday"),
        ("T3", "Temporary accommodation whilst normal foster carer(s) is/are on holiday"),
        ("T4", "Temporary accommodation of seven days or less, for any reason, not covered by T0 to T3"),
        ("U1", "Foster placement with relative(s) or friend(s), long-term fostering"),
        ("U2", "Foster placement with relative(s) or friend(s) who is/are also an approved adopter(s), fostering for adoption or concurrent planning"),
        ("U3", "Foster placement with relative(s) or friend(s), not long-term or fostering for adoption"),
        ("U4", "Foster placement with other foster carer(s), long-term fostering"),
        ("U5", "Foster placement with other foster carer(s) who is/are also an approved adopter(s), fostering for adoption or concurrent planning"),
        ("U6", "Foster placement with other foster carer(s), not long-term or fostering for adoption"),
        ("Z1", "Other placements (must be listed on a schedule sent to DfE with annual submission)", FIRST_YEAR, 2025),
        ("Z11", "Other placement (new from 2025-26; meaning to verify)", 2026),
        ("Z12", "Other placement (new from 2025-26; meaning to verify)", 2026),
        ("Z13", "Other placement (new from 2025-26; meaning to verify)", 2026),
        ("Z14", "Other placement (new from 2025-26; meaning to verify)", 2026),
    ),
    "PLACE_PROVIDER": _codes(
        ("PR0", "Parent(s) or other person(s) with parental responsibility"),
        ("PR1", "Own provision (by the local authority)"),
        ("PR2", "Other local authority provision"),
        ("PR3", "Other public provision (for example, a primary care trust)"),
        ("PR4", "Private provision"),
        ("PR5", "Voluntary/third sector provision"),
    ),
    "REC": _codes(
        ("E11", "Adopted, application for an adoption order unopposed"),
        ("E12", "Adopted, consent dispensed with by the court"),
        ("E13", "Left care to live with parent(s), relative(s), or other person(s) with no parental responsibility"),
        ("E14", "Accommodation on remand ended"),
        ("E15", "Age assessment determined child is aged 18 or over and E5, E6 and E7 do not apply"),
        ("E16", "Child moved abroad"),
        ("E17", "Aged 18 (or over) and remained with current carers (inc under staying put arrangements)"),
        ("E2", "Died"),
        ("E3", "Care taken over by another local authority in the UK"),
        ("E41", "Residence order (or, from 22 April 2014, a child arrangement order which sets out with whom the child is to live) granted"),
        ("E45", "Special guardianship order made to former foster carer(s), who was/are a relative(s) or friend(s)"),
        ("E46", "Special guardianship order made to former foster carer(s), other than relative(s) or friend(s)"),
        ("E47", "Special guardianship order made to carer(s), other than former foster carer(s), who was/are a relative(s) or friend(s)"),
        ("E48", "Special guardianship order made to carer(s), other than former foster carer(s), other than relative(s) or friend(s)"),
        ("E4A", "Returned home to live with parent(s), relative(s), or other person(s) with parental responsibility as part of the care planning process"),
        ("E4B", "Returned home to live with parent(s), relative(s), or other person(s) with parental responsibility which was not part of the current care planning process"),
        ("E5", "Moved into independent living arrangement and no longer looked after: supportive accommodation providing formalised advice/support arrangements"),
        ("E6", "Moved into independent living arrangement and no longer looked after: accommodation providing no formalised advice/support arrangements"),
        ("E7", "Transferred to residential care funded by adult social care services"),
        ("E8", "Period of being looked after ceased for any other reason"),
        ("E9", "Sentenced to custody"),
        ("X1", "Episode ceases, and new episode begins on same day, for any reason"),
    ),
    "REASON_PLACE_CHANGE": _codes(
        ("CARPL", "Change to/implementation of care plan"),
        ("CLOSE", "Resignation/closure of provision"),
        ("ALLEG", "Allegation (s47)"),
        ("STAND", "Standards of care concern"),
        ("APPRR", "Approval removed"),
        ("CREQB", "Carer(s) requests placement end due to child's behaviour"),
        ("CREQO", "Carer(s) requests placement end other than due to child's behaviour"),
        ("CHILD", "Child requests placement end"),
        ("LAREQ", "Responsible/area authority requests placement end"),
        ("PLACE", "Change in the status of placement only"),
        ("CUSTOD", "Custody arrangement"),
        ("OTHER", "Other"),
    ),
    "REVIEW_CODE": _codes(
        ("PN0", "Child aged under 4 at the time of the review"),
        ("PN1", "Child physically attends and speaks for themselves"),
        ("PN2", "Child physically attends and an advocate speaks on their behalf"),
        ("PN3", "Child attends and conveys their view symbolically (non-verbally)"),
        ("PN4", "Child physically attends but does not speak for themselves, does not convey their view symbolically and does not ask an advocate to speak for them"),
        ("PN5", "Child does not attend physically but briefs an advocate to speak for them"),
        ("PN6", "Child does not attend but conveys their feelings to the review by a facilitative medium"),
        ("PN7", "Child does not attend nor are their views conveyed to the review"),
    ),
    "SDQ_REASON": _codes(
        ("SDQ1", "No form returned as child was aged under 4 or over 17 at date of latest assessment"),
        ("SDQ2", "Carer(s) refused to complete and return questionnaire"),
        ("SDQ3", "Not possible to complete the questionnaire due to severity of the child's disability"),
        ("SDQ4", "Other"),
        ("SDQ5", "Child or young person refuses to allow an SDQ to be completed"),
    ),
    "IN_TOUCH": _codes(
        ("YES", "In touch"),
        ("NO", "Not in touch"),
        ("DIED", "Died"),
        ("REFU", "Young person refuses contact"),
        ("NREQ", "Young person no longer requires services"),
        ("RHOM", "Young person has returned home to parents or relatives for a continuous period of at least six months"),
    ),
    "ACTIV": _codes(
        ("F1", "Full-time in higher education"),
        ("P1", "Part-time in higher education"),
        ("F2", "Full-time in education other than higher education"),
        ("P2", "Part-time in education other than higher education"),
        ("F4", "Full-time apprenticeship"),
        ("P4", "Part-time apprenticeship"),
        ("F5", "Full-time in training or employment"),
        ("P5", "Part-time in training or employment"),
        ("G4", "Not in education, training or employment, owing to illness or disability"),
        ("G5", "Not in education, training or employment, owing to other reasons"),
        ("G6", "Not in education, training or employment, owing to pregnancy or parenting"),
        ("0", "Not known: not in touch, died or returned home"),
    ),
    "ACCOM": _codes(
        *[
            (letter + suffix, f"{place}, {'suitable' if suffix == '1' else 'not suitable'}")
            for letter, place in (
                ("B", "With parents or relatives"),
                ("C", "Community home or other form of residential care"),
                ("D", "Semi-independent, transitional accommodation"),
                ("E", "Supported lodgings"),
                ("G", "Gone abroad"),
                ("H", "Deported"),
                ("K", "Ordinary lodgings, without formal support"),
                ("R", "Residence not known"),
                ("S", "No fixed abode / homeless"),
                ("T", "Foyers and similar supported accommodation"),
                ("U", "Independent living"),
                ("V", "Emergency accommodation"),
                ("W", "Bed and breakfast"),
                ("X", "In custody"),
                ("Y", "Other accommodation"),
                ("Z", "With former foster carers"),
            )
            for suffix in ("1", "2")
        ],
        ("0", "Not known: not in touch, died or returned home"),
    ),
    "NB_ADOPTR": _codes(("1", "Single adopter"), ("2", "Two adopters")),
    "SEX_ADOPTR": _codes(
        ("M1", "Single male adopter"),
        ("F1", "Single female adopter"),
        ("MM", "Male couple"),
        ("FF", "Female couple"),
        ("MF", "Male and female couple"),
    ),
    "LS_ADOPTR": _codes(
        # Meanings as the DfE's validation messages give them (rules 514, 517-520, 524).
        ("L0", "Single adopter"),
        ("L11", "Married couple, different sex"),
        ("L12", "Married couple, same sex"),
        ("L2", "Civil partnership couple"),
        ("L3", "Unmarried couple, male and female"),
        ("L4", "Unmarried couple, same sex"),
    ),
    # Reasons a decision to place for adoption was reversed. An adopted child's decision
    # is not reversed: its DATE_PLACED_CEASED and reason stay blank (DfE rules 120, 558).
    "REASON_PLACED_CEASED": _codes(
        ("RD1", "Child's needs changed subsequent to decision"),
        ("RD2", "Child's needs could not be met by prospective adopters"),
        ("RD3", "Prospective adopters could not be found"),
        ("RD4", "Any other reason"),
    ),
    "PREV_PERM": _codes(
        ("P1", "Adoption"),
        ("P2", "Special guardianship order"),
        ("P3", "Residence order or child arrangements order"),
        ("P4", "Previous permanence option not known"),
        ("Z1", "Child has not previously had a permanence option"),
    ),
    "MISSING": _codes(("M", "Missing"), ("A", "Away from placement without authorisation")),
    "SW_REASON": _codes(
        ("MANAGE", "Management decision"),
        ("FCONTA", "Family requested a change of social worker"),
        ("LEFTRL", "Social worker left the role"),
        ("ORGRST", "Organisational restructure"),
        ("TSPROC", "Transfer between teams as part of a process"),
        ("ABSENC", "Social worker absence"),
        ("CHCHAN", "Child requested a change of social worker"),
        ("PCCHAN", "Change in the child's circumstances"),
        ("SWDIED", "Social worker died"),
        ("OTHERS", "Other"),
    ),
    # Operational code lists: caretrack's own, for records the 903 does not carry.
    "YN": _codes(("Y", "Yes"), ("N", "No")),
    "ROLE": _codes(
        ("SW", "Social worker"),
        ("PA", "Personal adviser"),
        ("IRO", "Independent reviewing officer"),
        ("TM", "Team manager"),
    ),
    "HEALTH_ASSESSMENT_TYPE": _codes(
        ("IHA", "Initial health assessment (CPPCR 2010 reg 7)"),
        ("RHA", "Review health assessment"),
    ),
    "PEP_TYPE": _codes(("INITIAL", "Initial PEP"), ("REVIEW", "PEP review")),
    "CONTACT_TYPE": _codes(
        ("VISIT", "Face-to-face visit"),
        ("PHONE", "Telephone or video call"),
        ("OTHER", "Other contact"),
    ),
    "ELIGIBILITY": _codes(
        ("ELIGIBLE", "Eligible child: aged 16-17, looked after (Children Act 1989 sch 2 para 19B)"),
        ("RELEVANT", "Relevant child: aged 16-17, left care (Children Act 1989 s23A)"),
        ("FORMER_RELEVANT", "Former relevant child: aged 18-25 (Children Act 1989 s23C)"),
        ("QUALIFYING", "Qualifying care leaver (Children Act 1989 s24)"),
    ),
    "PERMANENCE_PLAN": _codes(
        ("ADOPTION", "Adoption"),
        ("SGO", "Special guardianship order"),
        ("CAO", "Child arrangements order"),
        ("LONG_TERM_FOSTERING", "Long-term fostering"),
        ("RETURN_HOME", "Return to parents"),
        ("RESIDENTIAL", "Long-term residential care"),
    ),
    "PANEL_DECISION": _codes(
        ("AGREED", "Permanence plan agreed"),
        ("NOT_AGREED", "Permanence plan not agreed"),
        ("TRACKED", "Being tracked by the panel"),
    ),
    "SGO_STAGE": _codes(
        ("ASSESSMENT", "Assessment of the prospective special guardian under way"),
        ("FILED", "Assessment filed with the court"),
        ("HEARING", "Awaiting final hearing"),
        ("GRANTED", "Special guardianship order granted"),
        ("WITHDRAWN", "Application withdrawn or refused"),
    ),
    "REVOKED_ORDER": _codes(
        ("CARE_ORDER", "Care order"),
        ("PLACEMENT_ORDER", "Placement order"),
    ),
    "AGE_ASSESSMENT_OUTCOME": _codes(
        ("UNDER_18", "Assessed as under 18, age as claimed"),
        ("UNDER_18_OLDER", "Assessed as under 18, older than claimed"),
        ("OVER_18", "Assessed as 18 or over"),
        ("WITHDRAWN", "Assessment not completed"),
    ),
    "COST_CATEGORY": _codes(
        ("SGO_ALLOWANCE", "Special guardianship order (allowance)"),
        ("KINSHIP", "Kinship / connected carer"),
        ("IN_HOUSE_FOSTER", "Mainstream in-house foster care"),
        ("SPECIALIST_FOSTER_PATHWAY", "Specialist foster carer (pathway)"),
        ("SPECIALIST_FOSTER_ONE_TO_ONE", "Specialist foster carer (one to one)"),
        ("IFA", "Independent fostering agency"),
        ("IFA_HIGH_COST", "High-cost independent fostering agency"),
        ("STAYING_PUT", "Staying put"),
        ("SUPPORTED_LODGINGS", "Supported lodgings, internal"),
        ("SIXTEEN_PLUS_EXTERNAL", "16+ external provision"),
        ("RESIDENTIAL_EXTERNAL", "Residential, external"),
        ("OTHER", "Other"),
    ),
}


def meaning(code_list: str, code: str) -> str:
    """The meaning of a code, or "unknown code" for a value in no list."""
    entry = CODE_LISTS[code_list].get(code)
    return entry.meaning if entry else "unknown code"


def valid_codes(code_list: str, year: int | None = None) -> set[str]:
    """Codes of a list, all of them or only those the DfE accepts in `year`."""
    codes = CODE_LISTS[code_list].values()
    return {c.code for c in codes if year is None or c.valid_in(year)}
