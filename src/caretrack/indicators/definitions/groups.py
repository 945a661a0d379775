"""Groupings of 903 codes as the seeds' committee reports and the DfE's tables use them."""

from __future__ import annotations

import ibis

# Placement groups as the seeds present their placement profile (domain.md, "Seeds").
FOSTER = ("U4", "U5", "U6")
KINSHIP = ("U1", "U2", "U3")
RESIDENTIAL = ("K1", "K2", "R1", "S1")
ADOPTION = ("A3", "A4", "A5", "A6")
SUPPORTED = ("H5", "K3", "P2")
INDEPENDENT_PROVIDERS = ("PR4", "PR5")


def placement_group(place, provider):
    """In-house foster, kinship / connected, independent fostering agency (IFA),
    residential, placed with parents, placed for adoption, semi-independent and
    supported, other."""
    return ibis.cases(
        (place.isin(FOSTER) & provider.isin(INDEPENDENT_PROVIDERS), "independent fostering agency"),
        (place.isin(FOSTER), "in-house foster"),
        (place.isin(KINSHIP), "kinship / connected"),
        (place.isin(RESIDENTIAL), "residential"),
        (place == "P1", "placed with parents"),
        (place.isin(ADOPTION), "placed for adoption"),
        (place.isin(SUPPORTED), "semi-independent and supported"),
        else_="other",
    )


def legal_status_group(ls):
    """Legal status as the DfE's tables group it."""
    return ibis.cases(
        (ls == "C2", "full care order"),
        (ls == "C1", "interim care order"),
        (ls.isin(("E1", "D1")), "placement order"),
        (ls == "V2", "section 20"),
        (ls.isin(("J1", "J2", "J3")), "youth justice"),
        (ls.isin(("L1", "L2", "L3")), "emergency or police protection"),
        else_="other",
    )


def sex_group(sex):
    """Reported sex: 1/M male, 2/F female (codes by year: docs/data.md)."""
    return ibis.cases((sex.isin(("1", "M")), "male"), (sex.isin(("2", "F")), "female"), else_="not known")


def ethnicity_group(ethnic):
    """The DfE's major ethnic groups."""
    return ibis.cases(
        (ethnic.startswith("W"), "White"),
        (ethnic.startswith("M"), "Mixed or multiple"),
        (ethnic.startswith("A"), "Asian or Asian British"),
        (ethnic.startswith("B"), "Black, African, Caribbean or Black British"),
        (ethnic.isin(("CHNE", "OOTH")), "Other ethnic group"),
        else_="Refused or not obtained",
    )


def age_band(age):
    """The DfE's age bands at 31 March."""
    return ibis.cases(
        (age < 1, "under 1"),
        (age <= 4, "1 to 4"),
        (age <= 9, "5 to 9"),
        (age <= 15, "10 to 15"),
        else_="16 and over",
    )
