"""A DfE validation rule for the SSDA903 return, as a small readable definition.

Each rule has the DfE's code and message, the fields it points at, the collection
years it applies to and one SQL query (DuckDB dialect) that returns the rows it flags
as `(tbl, ROW_ID)`: the table's name and the row's position in the input (0-based).
Queries read the return's tables by their lower-case names (`header`, `episodes`,
...; the previous year's as `header_last`, ...), every value as trimmed upper-case
text, blank as NULL, and may use the macros of `caretrack.validate.engine`:
`to_date(x)`, `is_code('LIST', x)` (LIST, written as a literal, a code list of
`caretrack.schema.codes`), `year_start()`, `year_end()`, `age(born, on_date)`,
`la_code()` (the return's own local authority code; a rule using it needs "authority"),
and the derived tables registered with `derived` (cohorts and orderings many rules share).

Source for every rule: DfE, "Children looked after return: validation rules" for the
year, and its messages; the behaviour of csc-validator-be-903 was read as a reference.
"""

from __future__ import annotations

from dataclasses import dataclass

VALIDATED_YEARS = (2023, 2024, 2025, 2026, 2027)

# What a rule may need beyond the return itself, and why it would be skipped.
NEEDS = {
    "previous": "needs the previous year's return (--previous)",
    "provider_info": "needs Ofsted's children's homes and social care providers lists",
    "postcodes": "needs a postcode directory to measure distances",
    "authority": "needs the return's local authority code (--la, or `la` in authority.toml)",
    "xml": "needs an XML return: UASC status is a field of its HEADER (a CSV return lists UASC children in its "
           "UASC table)",
}


@dataclass(frozen=True)
class Rule:
    code: str
    message: str
    fields: tuple[str, ...]
    sql: str
    years: tuple[int, ...] = VALIDATED_YEARS
    needs: tuple[str, ...] = ()

    def __post_init__(self):
        unknown = set(self.needs) - set(NEEDS)
        if unknown:
            raise ValueError(f"rule {self.code}: unknown needs {unknown}")


# Derived tables: what many rules ask of the same records (a cohort, each child's
# episodes in order), worked out once per return. name -> its SQL (a query that may read
# the return's tables, the macros and other derived tables).
DERIVED: dict[str, str] = {}


def derived(name: str, sql: str) -> str:
    """Register a derived table; returns a query of it to put where the SQL would go.

    A derived table is made once, before the first rule that reads it runs, so its
    windows and groupings are worked out once rather than in every rule that needs
    them (on an authority's return, a fifth of the rules' time).
    """
    sql = sql.strip()
    if DERIVED.setdefault(name, sql) != sql:
        raise ValueError(f"derived table {name} has two definitions")
    return f"SELECT * FROM {name}"


def rule(code: str, message: str, fields, sql: str, years=VALIDATED_YEARS, needs=()) -> Rule:
    """Shorthand for a Rule, with `fields` and `years` given as any iterables."""
    return Rule(code, message, tuple(fields), sql.strip(), tuple(years), tuple(needs))


def flag_pairs(pairs: str, first: tuple[str, str], second: tuple[str, str]) -> str:
    """SQL flagging both rows of each pair that `pairs` selects, in two tables: `first`
    and `second` are (903 table name, the column of `pairs` holding that table's ROW_ID).
    For the rules where two records disagree and each is to be put right."""
    return (f"WITH pairs AS ({pairs})\n"
            f"SELECT '{first[0]}' AS tbl, {first[1]} AS ROW_ID FROM pairs\n"
            f"UNION ALL SELECT '{second[0]}', {second[1]} FROM pairs")


# Windows within each child's rows. DuckDB (1.5.6) works out a window with PARTITION BY
# at a cost per partition: on a return's ~1,000 children about three times that of a
# window over one order of all the rows. So where that shows, a query orders all the rows
# by CHILD first (`WINDOW w AS (ORDER BY CHILD, ...)`) and reads a neighbour only when it
# is the same child (a blank CHILD being one more child, as with PARTITION BY), and takes
# the child's count and first row from a window over its rows, `CHILD_ROWS`. (A lone
# COUNT(*) OVER (PARTITION BY CHILD) stays: DuckDB makes it an aggregate, cheap unless it
# sits beside other windows.)
CHILD_ROWS = "ORDER BY CHILD GROUPS BETWEEN CURRENT ROW AND CURRENT ROW"


def _neighbour_in_child(function: str, expr: str, window: str, offset: int) -> str:
    return (f"CASE WHEN {function}(CHILD, {offset}) OVER {window} IS NOT DISTINCT FROM CHILD"
            f" THEN {function}({expr}, {offset}) OVER {window} END")


def lag_in_child(expr: str, window: str, offset: int = 1) -> str:
    """SQL: LAG(expr, offset) OVER (PARTITION BY CHILD ORDER BY ...), over `window` of
    the same order with CHILD first."""
    return _neighbour_in_child("LAG", expr, window, offset)


def lead_in_child(expr: str, window: str, offset: int = 1) -> str:
    """SQL: LEAD(expr, offset) within the child, as lag_in_child."""
    return _neighbour_in_child("LEAD", expr, window, offset)


def row_in_child(window: str, child_rows: str) -> str:
    """SQL: ROW_NUMBER() OVER (PARTITION BY CHILD ORDER BY ...), over `window` of the same
    order with CHILD first and `child_rows` a window of CHILD_ROWS: the row's place in
    all the rows less the rows of the children before it."""
    return f"ROW_NUMBER() OVER {window} - RANK() OVER {child_rows} + 1"


def first_in_child(order: str) -> str:
    """SQL: the row is its child's first in `order` (as ROW_NUMBER() OVER (PARTITION BY
    CHILD ORDER BY order) = 1), over one order of all the rows with CHILD first: its
    place in all the rows is one after the rows of the children before it."""
    return f"ROW_NUMBER() OVER (ORDER BY CHILD, {order}) = RANK() OVER (ORDER BY CHILD)"
