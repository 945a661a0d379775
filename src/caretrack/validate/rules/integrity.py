"""Rules: data integrity checks (INT), a child's rows agreeing across tables (see caretrack.validate.rule for the conventions)."""

from caretrack.validate.rule import rule  # noqa: F401

RULES: list = []
