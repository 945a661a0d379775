"""What the validator found, as an analyst reads it: terminal table, CSV, JSON, HTML.

Each finding names the child, the table, the row in its file, the fields and their
values, and the rule's code and message. The child's Header fields that the rule reads
and the flagged row has not (the date of birth of an age rule flagging an episode) are
given from the Header as `header`, so the finding can be judged without looking the
child up. The HTML report groups findings by child, so each child's record can be put
right in one go. These outputs hold child-level data from the authority's own return:
keep them within the authority.
"""

from __future__ import annotations

import csv
import functools
import io
import json
from dataclasses import dataclass

from caretrack.io.problems import Problem
from caretrack.io.values import parse_date
from caretrack.schema import SSDA903_TABLES, TABLES, year_label
from caretrack.schema.model import Kind
from caretrack.validate.engine import header_columns_read
from caretrack.validate.files import RawReturn
from caretrack.validate.rule import Rule


@dataclass
class Finding:
    code: str
    message: str
    table: str
    position: int
    row: int | None
    file: str
    child: str | None
    fields: dict[str, str | None]
    header: dict[str, str | None]


def findings(flagged: dict[str, dict[str, list[int]]], raw: RawReturn, rules: dict[str, Rule]) -> list[Finding]:
    out = []
    headers = _header_rows(raw)
    for code, tables in flagged.items():
        rule = rules[code]
        for table, positions in tables.items():
            rows, sources = raw.tables.get(table), raw.source_rows.get(table)
            for position in positions:
                record = rows.record(position) if rows is not None else {}
                child = record.get("CHILD")
                header = headers.get(child, {}) if table != "Header" else {}
                out.append(
                    Finding(
                        code, rule.message, table, position,
                        sources[position] if sources and position < len(sources) else None,
                        raw.files.get(table, ""),
                        child,
                        # The rule's fields this table has: a field of another table
                        # (the Header's UASC for a UASC row) would show as blank.
                        {f: (record.get(f) or None) for f in rule.fields if f in record},
                        {f: (header.get(f) or None) for f in dict.fromkeys((*rule.fields, *header_columns_read(rule)))
                         if f in header and f not in record},
                    )
                )
    return sorted(out, key=lambda f: (f.child or "", f.table, f.row or 0, f.code))


def _header_rows(raw: RawReturn) -> dict[str, dict[str, str]]:
    """Each child's Header row as {column: value}, for children with exactly one (a
    child with two is reported by its own rule, and either row could be the one meant)."""
    header = raw.tables.get("Header")
    if header is None:
        return {}
    rows: dict[str, list[int]] = {}
    for position in range(len(header)):
        rows.setdefault(header.record(position).get("CHILD"), []).append(position)
    return {child: header.record(found[0]) for child, found in rows.items() if child and len(found) == 1}


def summary(found: list[Finding]) -> list[tuple[str, str, int]]:
    """(code, message, rows flagged), most frequent first."""
    counts: dict[tuple[str, str], int] = {}
    for f in found:
        counts[(f.code, f.message)] = counts.get((f.code, f.message), 0) + 1
    return sorted(((c, m, n) for (c, m), n in counts.items()), key=lambda x: (-x[2], x[0]))


def as_csv(found: list[Finding]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["child", "table", "row", "file", "rule", "message", "fields", "header"])
    for f in found:
        writer.writerow([f.child, f.table, f.row, f.file, f.code, f.message, pairs(f.fields), pairs(f.header)])
    return buffer.getvalue()


def pairs(fields: dict[str, str | None], sep: str = "; ", blank: str = "", after: str = "") -> str:
    """A finding's fields as text: DECOM=01/05/2024; PLACE=H5 (`after` each value)."""
    return sep.join(f"{k}={v if v is not None else blank}{after}" for k, v in fields.items())


def _warning(p: Problem) -> dict:
    return {"file": p.file, "row": p.row, "column": p.column, "warning": p.message}


def as_json(found: list[Finding], skipped: dict[str, str], warnings: list[Problem] = (),
            notes: tuple[str, ...] = ()) -> str:
    """Findings, rules not run with why, what was only warned of in reading the files, and
    the notes for reading the findings (`notes`)."""
    # vars() rather than dataclasses.asdict, which deep-copies every field (ten times slower).
    return json.dumps({"findings": [vars(f) for f in found], "skipped": skipped,
                       "warnings": [_warning(p) for p in warnings], "notes": list(notes)}, indent=1)


# Shown with findings of rules that look back over a child's history of care, when no
# earlier returns were given (caretrack validate --earlier).
TWO_YEARS_ONLY = ("Rules 1001 and 1002 were checked against this year's and last year's returns only, so they "
                  "flag care leavers whose time in care ended before last year's return. The DfE checks them "
                  "against every year it holds: give the earlier returns with --earlier.")


def _other_form(value: str) -> str | None:
    """How a date the rules cannot read but `caretrack load` can is written; None
    otherwise. The rules read a date only as dd/mm/YYYY, as the DfE's do (engine.MACROS'
    to_date; reference/domain.md); the loader also reads ISO dates and a spreadsheet's
    midnight time (io.values.parse_date)."""
    if len(value) <= 10 and "-" not in value:  # dd/mm/YYYY, blank or no date: most values, at once
        return None
    try:
        parse_date(value)
    except ValueError:
        return None  # no date at all: the rules' own finding says so
    return "YYYY-MM-DD" if "-" in value else "with a time"


def dates_in_other_forms(given: RawReturn) -> list[str]:
    """A note for each file whose dates are written in another form than dd/mm/YYYY that
    the loader reads: how many, in which columns and forms (no value: they are
    children's dates of birth)."""
    out = []
    for name, rows in given.tables.items():
        table = TABLES.get(name)
        dates = [i for i, c in enumerate(rows.columns)
                 if table is not None and c in table.column_names and table.column(c).kind is Kind.DATE]
        count, columns, forms = 0, {}, {}
        for row in rows.rows:
            for i in dates:
                form = _other_form(row[i].strip())
                if form:
                    count, columns[rows.columns[i]], forms[form] = count + 1, None, None
        if count:
            out.append(f"{given.files.get(name, name)}: {count:,} date{'s' if count > 1 else ''} "
                       f"({', '.join(columns)}) written {' or '.join(forms)}, not dd/mm/YYYY as the return's dates "
                       f"are: the rules read {'them' if count > 1 else 'it'} as not valid dates. To put them right: "
                       "caretrack load reads these forms, and caretrack export then writes the return with "
                       "dd/mm/YYYY dates.")
    return out


def notes_for(found: list[Finding], raw: RawReturn, last: RawReturn | None, earlier_given: bool) -> tuple[str, ...]:
    """What the analyst should know to read the findings: the tables this year's or last
    year's return (as CSV files) did not give (the rules read them as empty: a Header
    alone makes every child "without episodes"); dates in another form than dd/mm/YYYY
    (each one a finding of "not a valid date", with no word why); and, without earlier
    returns, that 1001 and 1002 saw two years only."""
    out = [*dates_in_other_forms(raw), *(dates_in_other_forms(last) if last else ())]
    for which, given, year in (("The return", raw, raw.year), ("Last year's return", last, raw.year - 1)):
        # An XML return has no tables to leave out: a child's records are in its CHILD
        # element, and a return without adoptions has no AD1 records at all.
        if given is None or any(str(f).lower().endswith(".xml") for f in given.files.values()):
            continue
        absent = [t.name for t in SSDA903_TABLES if year in t.years and t.name not in given.tables]
        if absent:
            out.append(f"{which} has no {', '.join(absent)} table{'s' if len(absent) > 1 else ''}: the rules read "
                       f"{'them' if len(absent) > 1 else 'it'} as empty, and flag what they then expect there.")
    if not earlier_given and any(f.code in ("1001", "1002") for f in found):
        out.append(TWO_YEARS_ONLY)
    return tuple(out)


@functools.cache
def template(name: str):
    """One of the validator's HTML templates (jinja2, imported when a report is written),
    compiled once a process: --authorities writes one report after another."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("caretrack.validate", "templates"), autoescape=select_autoescape(["html"]))
    env.filters["thousands"] = "{:,}".format  # 5,563 findings, as the reports write numbers
    return env.get_template(name)


def as_html(found: list[Finding], skipped: dict[str, str], raw: RawReturn, authority: str = "",
            notes: tuple[str, ...] = (), warnings: list[Problem] = ()) -> str:
    by_child: dict[str, list[Finding]] = {}
    children_by_rule: dict[str, dict[str, None]] = {}  # each rule's children, in order, to link to
    for f in found:
        child = f.child or "(no child identifier)"
        by_child.setdefault(child, []).append(f)
        children_by_rule.setdefault(f.code, {})[child] = None
    return template("report.html").render(
        by_child=by_child, children_by_rule={code: list(kids) for code, kids in children_by_rule.items()},
        summary=summary(found), skipped=skipped, year_name=year_label(raw.year), total=len(found), authority=authority,
        notes=notes, warnings=[_warning(p) for p in warnings],
        with_rows=any(f.row is not None for f in found),  # none for a return read from the store
    )


def as_text(format: str, found: list[Finding], skipped: dict[str, str], raw: RawReturn,
            warnings: list[Problem] = (), notes: tuple[str, ...] = (), authority: str = "") -> str:
    """The report in a file format (csv, json or html), as `caretrack validate` writes it
    for one return or, with --authorities, for each."""
    if format == "csv":
        return as_csv(found)
    if format == "json":
        return as_json(found, skipped, warnings, notes)
    return as_html(found, skipped, raw, authority, notes, warnings)
