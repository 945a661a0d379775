"""Validation of the SSDA903 return against the DfE's rules.

`validate(tables, year, previous=None, rules=None)` is the API: tables are pandas
DataFrames or Arrow tables keyed by 903 table name (Header, Episodes, ...), `year` is
the collection year by its end (2026 for 2025-26). It returns, for every rule run, a
mapping from table name to the positions (0-based) of the rows it flags, so results
can be compared with any other implementation.
"""

from __future__ import annotations

import os

from caretrack.schema import SSDA903_TABLES, year_label
from caretrack.validate import engine
from caretrack.validate.registry import rules_for
from caretrack.validate.rule import Rule


def check(tables: dict, year: int, previous: dict | None = None, rules=None, reference: dict | None = None,
          la: str | None = None, threads: int | None = None, earlier: dict | None = None):
    """(flagged, skipped): flagged rows per rule code, and skipped rule codes with why.

    `reference` holds reference data by name (see engine.REFERENCE_COLUMNS) and `la` the
    return's own local authority code; rules that need what is not given are skipped,
    with the reason. `earlier` maps the collection years before the previous return's
    to their returns' tables (as `tables`): the rules that look back over a child's
    whole history of care (199, 1000, 1001, 1002) then see their episodes too, as the
    DfE, holding every year, does. `threads` rules run at once (default: two, or one on
    a single core; many returns checked in parallel processes want one each).
    """
    chosen = rules_for(year)
    if rules is not None:
        spelt = {c.upper(): c for c in chosen}  # a code in any case: sw11bstg2, 392D
        wanted = {spelt.get(str(r).upper(), r) for r in rules}
        unknown = wanted - set(chosen)
        if unknown:
            raise ValueError(f"no such rule(s) for {year_label(year)}: {', '.join(sorted(unknown))}")
        chosen = {c: r for c, r in chosen.items() if c in wanted}
    _known_names(tables, previous, reference, earlier)
    available = set(reference or {}) | ({"previous"} if previous else set()) | ({"authority"} if la else set())
    available |= {"xml"} if engine.has_uasc_status(tables) else set()
    threads = threads or min(2, os.cpu_count() or 1)
    con = engine.connect(tables, year, previous, reference, la, threads, engine.tables_read(list(chosen.values())),
                         earlier)
    try:
        return engine.run(con, list(chosen.values()), available, threads)
    finally:
        con.close()


def _known_names(tables: dict, previous: dict | None, reference: dict | None, earlier: dict | None) -> None:
    """Raise ValueError for a table name that is not a 903 table (any case) or, in
    `reference`, not reference data a rule reads: a misspelt name would otherwise leave
    its rows unchecked, and the rules reading it would find nothing."""
    names = {t.store_name for t in SSDA903_TABLES}
    given = [("tables", tables), ("previous", previous)] + [(f"earlier[{y}]", t) for y, t in (earlier or {}).items()]
    for where, held in given:
        unknown = sorted(k for k in held or {} if k.lower() not in names)
        if unknown:
            raise ValueError(f"{where}: no 903 table called {', '.join(map(repr, unknown))}; the tables are "
                             f"{', '.join(t.name for t in SSDA903_TABLES)}")
    unknown = sorted(set(reference or {}) - set(engine.REFERENCE_COLUMNS))
    if unknown:
        raise ValueError(f"reference: no reference data called {', '.join(map(repr, unknown))}; "
                         f"rules read {', '.join(engine.REFERENCE_COLUMNS)}")


def validate(tables: dict, year: int, previous: dict | None = None, rules=None, reference: dict | None = None,
             la: str | None = None, earlier: dict | None = None) -> dict[str, dict[str, list[int]]]:
    """Rows flagged by each rule: {rule code: {table name: [row positions]}} (see `check`)."""
    flagged, _ = check(tables, year, previous, rules, reference, la, earlier=earlier)
    return flagged


__all__ = ["validate", "check", "rules_for", "Rule"]
