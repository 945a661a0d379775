"""The rules, one module per 903 table or theme they are mainly about."""

from caretrack.validate.rules import (
    adoption,
    care_leavers,
    dolo,
    episodes,
    episodes_continuity,
    header,
    integrity,
    missing,
    outcomes,
    placements,
    reviews,
    social_workers,
    uasc,
)

MODULES = (
    header, integrity, uasc, episodes, placements, episodes_continuity, adoption, outcomes, care_leavers, reviews, missing,
    social_workers, dolo,
)
ALL_RULES = [r for m in MODULES for r in m.RULES]
