"""docs/validation-rules.md, generated from the rule modules so it cannot drift from the code.

Regenerate with `python -m caretrack.validate.describe > docs/validation-rules.md`.
"""

from __future__ import annotations

import inspect
import re

from caretrack.schema import years_label
from caretrack.validate.rule import NEEDS, VALIDATED_YEARS, Rule
from caretrack.validate.rules import MODULES

INTRO = f"""# SSDA903 validation rules

Generated from the rule modules (`src/caretrack/validate/rules/`) by `python -m
caretrack.validate.describe`; do not edit by hand. Every rule of the DfE's "Children
looked after return: validation rules" for {years_label(VALIDATED_YEARS)}, with the DfE's
code and message, the fields a finding points at and the collection years it applies
to. Where the DfE changed a rule, each version has its own row.

- `caretrack validate PATH` checks a return against the rules of its year;
- `caretrack explain CODE [--year 2025]` prints a rule's SQL (and that of the groups of
  children it reads, such as the 12-month cohort);
- each rule's cases, which must and must not be flagged, are in
  `tests/validate/cases/CODE.toml`;
- where caretrack and csc-validator-be-903 read a rule differently:
  [validation-differences.md](validation-differences.md).

What a rule needs beyond the return, and is listed as not run without:

{chr(10).join(f"- **{name}**: {why}" for name, why in NEEDS.items())}
"""


def _order(rule: Rule) -> tuple:
    """Codes in their numeric order (301 before 3001), then the years."""
    prefix, number, rest = re.fullmatch(r"(\D*)(\d*)(.*)", rule.code).groups()
    return prefix, int(number or 0), rest, rule.years


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def rules_markdown() -> str:
    out = [INTRO]
    for module in MODULES:
        title = (inspect.getdoc(module) or module.__name__).splitlines()[0].split(" (see ")[0].rstrip(".")
        out += [f"## {title}", "", "| code | message | fields | years | needs |",
                "|---|---|---|---|---|"]
        for rule in sorted(module.RULES, key=_order):
            out.append(f"| {rule.code} | {_cell(rule.message)} | {', '.join(rule.fields)} | {years_label(rule.years)} | "
                       f"{', '.join(rule.needs)} |")
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    print(rules_markdown(), end="")
