"""Rules on the Reviews table: the review date and the child's participation.

REVIEW_CODE PN0 means the child was under 4 at the review; PN1 to PN7 are ways a
child aged 4 or over took part. Ages are taken from the Reviews table's own DOB.
See caretrack.validate.rule for the conventions.
"""

from caretrack.validate.rule import rule

# Reviews with the child's age in whole years on the review date.
AGED = "SELECT *, age(to_date(DOB), to_date(REVIEW)) AS age_at_review FROM reviews"

RULES = [
    rule(
        "166",
        "Date of review is invalid or blank.",
        ["REVIEW"],
        "SELECT 'Reviews' AS tbl, ROW_ID FROM reviews WHERE to_date(REVIEW) IS NULL",
    ),
    rule(
        "167",
        "Data entry for participation is invalid or blank.",
        ["REVIEW_CODE"],
        # A review needs a valid code; a row without a review date needs none.
        """
        SELECT 'Reviews' AS tbl, ROW_ID FROM reviews
        WHERE NOT ((REVIEW IS NOT NULL AND is_code('REVIEW_CODE', REVIEW_CODE)) OR (REVIEW IS NULL AND REVIEW_CODE IS NULL))
        """,
    ),
    rule(
        "440",
        "Participation method indicates child was under 4 years old at the time of the review, but date of birth and review date indicates the child was 4 years old or over.",
        ["DOB", "REVIEW", "REVIEW_CODE"],
        # A review on the 4th birthday is of a 4-year-old (the peer lets it pass).
        f"SELECT 'Reviews' AS tbl, ROW_ID FROM ({AGED}) WHERE REVIEW_CODE = 'PN0' AND age_at_review >= 4",
    ),
    rule(
        "441",
        "Participation method indicates child was 4 years old or over at the time of the review, but the date of birth and review date indicates the child was under 4 years old.",
        ["DOB", "REVIEW", "REVIEW_CODE"],
        f"""
        SELECT 'Reviews' AS tbl, ROW_ID FROM ({AGED})
        WHERE REVIEW_CODE IN ('PN1', 'PN2', 'PN3', 'PN4', 'PN5', 'PN6', 'PN7') AND age_at_review < 4
        """,
    ),
]
