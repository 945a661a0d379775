"""Running rules: the return's tables in an in-memory DuckDB, then the rules' queries
(in batches, see BATCH).

Input tables (pandas DataFrames, Arrow tables, or the `Rows` the command reads from the
files, keyed by 903 table name) are copied in as text, those the rules name: every
schema column present (a missing one is NULL), values trimmed and upper-cased (as the
DfE's upload and csc-validator-be-903 read them), blanks NULL, and `ROW_ID` holding each row's position
in the input, so results can be compared with any other implementation. Several
authorities can be validated in one pass by giving each row an LA: CHILD becomes
LA-qualified, so rules that join on CHILD never mix them.
Derived tables (`caretrack.validate.rule.derived`) are made before the rules that read
them.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
import tempfile
import textwrap
import threading
from concurrent.futures import ThreadPoolExecutor
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from caretrack.schema import SSDA903_TABLES, year_label
from caretrack.schema.codes import CODE_LISTS
from caretrack.schema.ssda903 import EPISODES, HEADER
from caretrack.validate.rule import DERIVED, NEEDS, Rule

if TYPE_CHECKING:
    import pyarrow as pa

MACROS = [
    # dd/mm/YYYY with a four-digit year (strptime alone would read 01/01/01 as year 1).
    "CREATE MACRO to_date(x) AS CASE WHEN REGEXP_MATCHES(x, '^\\d{{1,2}}/\\d{{1,2}}/\\d{{4}}$') THEN TRY_STRPTIME(x, '%d/%m/%Y')::DATE END",
    "CREATE MACRO year_start() AS DATE '{start}'",
    "CREATE MACRO year_end() AS DATE '{end}'",
    "CREATE MACRO collection_year() AS {year}",
    # The return's own local authority code (NULL when not given).
    "CREATE MACRO la_code() AS {la}",
    # Whole years of age at a date (birthdays on 29 February fall on 1 March): the dates
    # as numbers YYYYMMDD, their difference in whole 10,000s. Each argument is written
    # once, as a macro's argument is planned again wherever it appears.
    "CREATE MACRO age(born, on_date) AS CAST(FLOOR((STRFTIME(on_date, '%Y%m%d')::INTEGER - STRFTIME(born, '%Y%m%d')::INTEGER) / 10000) AS BIGINT)",
]


def _sql_text(value: str | None) -> str:
    """A SQL literal for an optional text value."""
    return "NULL::VARCHAR" if value is None else "'" + value.strip().upper().replace("'", "''") + "'"


@dataclass(frozen=True)
class Rows:
    """A table as read from its file: column names and rows of text.

    The engine hands it to DuckDB as a CSV file DuckDB reads itself: handing DuckDB (or
    pyarrow) Python objects makes them import pandas, a fifth of a validation's time.
    """

    columns: tuple[str, ...]
    rows: list[list[str]]

    def __len__(self) -> int:
        return len(self.rows)

    def record(self, position: int) -> dict:
        """Row `position` as {column: value}; empty when there is no such row."""
        return dict(zip(self.columns, self.rows[position])) if 0 <= position < len(self.rows) else {}

    def source(self, folder: Path, name: str) -> str:
        """A DuckDB FROM clause reading the rows (and __ROW_ID, each row's position)."""
        path = folder / f"{name}.csv"
        with open(path, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(["__ROW_ID", *self.columns])
            writer.writerows([i, *row] for i, row in enumerate(self.rows))
        types = ", ".join(f"'{c}': 'VARCHAR'" for c in self.columns)
        quoted = str(path).replace("'", "''")
        return (f"FROM read_csv('{quoted}', header = true, auto_detect = false, delim = ',', quote = '\"', "
                f"escape = '\"', columns = {{'__ROW_ID': 'BIGINT', {types}}})")


def _as_arrow(data) -> pa.Table:
    import pyarrow as pa

    if isinstance(data, pa.Table):
        return data
    return pa.Table.from_pandas(data.astype(object).where(data.notna(), None), preserve_index=False)


def _text_table(con, name: str, columns: tuple[str, ...], data, la_column: bool, folder: Path) -> None:
    """Copy `data` (Rows, an Arrow table or a pandas DataFrame) into table `name` as
    normalised text with ROW_ID; `folder` is for the CSV files Rows are read from."""
    con.execute(f"CREATE TABLE {name} AS {_text_select(con, name, columns, data, la_column, folder)}")
    _unregister(con, name, data)


def _unregister(con, name: str, data) -> None:
    """Drop what _text_select registered for table `name` (data given as Arrow or pandas)."""
    if data is not None and not isinstance(data, Rows):
        con.unregister(f"incoming_{name}")


def _text_select(con, name: str, columns: tuple[str, ...], data, la_column: bool, folder: Path,
                 first: str | None = None) -> str:
    """A SELECT of `data` as normalised text with ROW_ID (see _text_table), after the
    select item `first` if given; data given as Arrow or pandas is registered with `con`
    as `incoming_<name>`."""
    if isinstance(data, Rows):
        present = {c.upper(): c for c in data.columns}
        source = data.source(folder, name)
    elif data is not None:
        import pyarrow as pa  # only for tables given as Arrow or pandas (the API)

        incoming = _as_arrow(data)
        present = {c.upper(): c for c in incoming.column_names}
        incoming = incoming.append_column("__ROW_ID", pa.array(range(incoming.num_rows), pa.int64()))
        con.register(f"incoming_{name}", incoming)
        source = f"FROM incoming_{name}"
    else:
        present, source = {}, "LIMIT 0"
    select = [first] if first else []
    select.append("__ROW_ID AS ROW_ID" if data is not None else "NULL::BIGINT AS ROW_ID")
    for column in columns:
        if column in present:
            value = f"NULLIF(UPPER(TRIM(CAST(\"{present[column]}\" AS VARCHAR))), '')"
            if column == "CHILD" and la_column and "LA" in present:
                value = f"CAST(\"{present['LA']}\" AS VARCHAR) || ':' || {value}"
            select.append(f"{value} AS {column}")
        else:
            select.append(f"NULL::VARCHAR AS {column}")
    return f"SELECT {', '.join(select)} {source}"


def _earlier_table(con, given: dict[int, object], year: int, folder: Path) -> None:
    """Copy the Episodes of every earlier return (`given`, by year) into one table,
    EARLIER, with YEARS_BACK: one statement, rather than a table per year joined
    afterwards."""
    parts = [_text_select(con, f"{EARLIER}_{y}", EPISODES.column_names, episodes, True, folder,
                          first=f"{year - y}::INTEGER AS YEARS_BACK") for y, episodes in given.items()]
    parts = parts or [_text_select(con, EARLIER, EPISODES.column_names, None, True, folder,
                                   first="NULL::INTEGER AS YEARS_BACK")]
    con.execute(f"CREATE TABLE {EARLIER} AS {' UNION ALL '.join(parts)}")
    for y, episodes in given.items():
        _unregister(con, f"{EARLIER}_{y}", episodes)


def _table_named(tables: dict | None, name: str):
    """The table called `name` among a return's tables (keyed by 903 table name, any
    case), or None."""
    return next((v for k, v in (tables or {}).items() if k.lower() == name.lower()), None)


# Reference data some rules need, with the columns a rule may read.
REFERENCE_COLUMNS = {
    # Ofsted's children's homes and social care providers lists, one row per URN.
    "provider_info": ("URN", "LA_CODE", "PLACE_CODES", "PROVIDER_CODES", "REG_END", "POSTCODE"),
    # A postcode directory: postcode, its easting and northing in metres, and the code
    # of the local authority it lies in.
    "postcodes": ("POSTCODE", "EASTING", "NORTHING", "LA_CODE"),
}


def columns_read(table) -> tuple[str, ...]:
    """The columns of a 903 table the rules read: its own, and for the Header the UASC
    status that only an XML return gives (schema.ssda903.XML_UASC_STATUS; NULL without)."""
    return (*table.column_names, "UASC") if table is HEADER else table.column_names


def has_uasc_status(tables: dict | None) -> bool:
    """Whether the Header among `tables` (Rows, Arrow or pandas) has the UASC field of an
    XML return: the rules that need "xml" then run."""
    header = _table_named(tables, HEADER.store_name)
    if header is None:
        return False
    columns = header.column_names if hasattr(header, "column_names") else header.columns  # Arrow; Rows, pandas
    return "UASC" in {str(c).upper() for c in columns}


# Earlier returns' episodes, for the rules that look back over a child's whole history:
# one table of every earlier return's Episodes, each row with YEARS_BACK (2 for the
# return of two years before this one, and so on).
EARLIER = "episodes_earlier"
# The tables of an earlier return that are read (its other files are recognised by
# their header and skipped).
EARLIER_TABLES = {EPISODES.name}


def connect(tables: dict, year: int, previous: dict | None = None, reference: dict | None = None,
            la: str | None = None, threads: int = 1, reads: set[str] | None = None,
            earlier: dict | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB holding the return (and the previous one) ready for rules.

    `earlier` maps the collection years before the previous return's to their returns'
    tables, of which the Episodes are read (table `episodes_earlier`, empty without).
    Only the tables named in `reads` are copied in (`tables_read`; None: every table):
    most rules read neither last year's returns nor the reference data. With `threads`
    above 1 the tables are copied in, and the macros made, over that many connections at
    once (DuckDB reads a CSV file without Python's lock)."""
    for y in earlier or {}:
        if y >= year - 1:
            raise ValueError(f"an earlier return is for {year_label(y)}: earlier returns are those before "
                             f"last year's ({year_label(year - 1)})")
    con = duckdb.connect()
    # One thread: a return's tables are a few thousand rows, and a second thread only
    # adds its start-up to each of some 300 small queries (about 5% of a run here).
    con.execute("SET threads TO 1")
    start, end = dt.date(year - 1, 4, 1), dt.date(year, 3, 31)
    macros = []
    for name, codes in CODE_LISTS.items():
        valid = ", ".join(_sql_text(c.code) for c in codes.values() if c.valid_in(year)) or "NULL"
        macros.append(f"CREATE MACRO is_code_{name}(x) AS COALESCE(x IN ({valid}), FALSE)")
    macros += [m.format(start=start, end=end, year=year, la=_sql_text(la)) for m in MACROS]
    copies = [(t.store_name, columns_read(t), _table_named(tables, t.store_name), True) for t in SSDA903_TABLES]
    copies += [(f"{t.store_name}_last", columns_read(t), _table_named(previous, t.store_name), True)
               for t in SSDA903_TABLES]
    copies += [(name, columns, (reference or {}).get(name), False) for name, columns in REFERENCE_COLUMNS.items()]
    if reads is not None:
        copies = [c for c in copies if c[0] in reads]
    wants_earlier = reads is None or EARLIER in reads
    with tempfile.TemporaryDirectory(prefix="caretrack-validate-") as folder:
        def make_macros(cursor):
            for macro in macros:
                cursor.execute(macro)

        # Each job with what it costs, in rows copied: a table's file written and read
        # costs about as much as 850 of its rows, the macros about 2,600 (in-process
        # timings on Demo County's return).
        jobs = [(2600, make_macros)] + [
            (850 + (len(c[2]) if c[2] is not None else 0), lambda cursor, c=c: _text_table(cursor, *c, Path(folder)))
            for c in copies]
        if wants_earlier:
            given = {y: e for y, t in sorted((earlier or {}).items())
                     if (e := _table_named(t, EPISODES.store_name)) is not None}
            jobs.append((850 * max(len(given), 1) + sum(map(len, given.values())),
                         lambda cursor: _earlier_table(cursor, given, year, Path(folder))))

        def run_jobs(cursor, share):
            for job in share:
                job(cursor)

        _on_connections(con, _shared(jobs, threads), run_jobs)
    return con


def _shared(jobs: list[tuple[int, Callable]], threads: int) -> list[list[Callable]]:
    """The jobs of (cost, job) pairs shared out over `threads` connections, the costliest
    first, each to the connection with least to do so far."""
    shares, loads = [[] for _ in range(threads)], [0] * threads
    for cost, job in sorted(jobs, key=lambda pair: pair[0], reverse=True):
        least = loads.index(min(loads))
        shares[least].append(job)
        loads[least] += cost
    return shares


def tables_read(rules: list[Rule]) -> set[str]:
    """The tables whose names the rules' queries, or the derived tables they read, hold:
    a table no rule names is not copied in (names found as text rather than parsed SQL,
    so more tables than are read, never fewer)."""
    text = _with_derived([r.sql for r in rules]).lower()
    names = [t.store_name for t in SSDA903_TABLES] + [f"{t.store_name}_last" for t in SSDA903_TABLES]
    return {name for name in names + list(REFERENCE_COLUMNS) + [EARLIER] if name in text}


def _with_derived(sqls: list[str]) -> str:
    """The queries' text with that of the derived tables they read, to look for names in."""
    return " ".join(sqls + [DERIVED[name] for name in _derived_order(sqls)])


@functools.cache
def header_columns_read(rule: Rule) -> tuple[str, ...]:
    """The Header's columns (CHILD aside) that a rule's query, or a derived table it
    reads, names when it reads the Header: found as text, as tables_read finds tables
    (more than are read, never fewer). A finding on another table gives the child's
    values of them (validate.report): an age rule's DOB for an episode it flags."""
    text = _with_derived([rule.sql])
    if not re.search(r"\bheader\b", text):
        return ()
    return tuple(c for c in columns_read(HEADER) if c != "CHILD" and re.search(rf"\b{c}\b", text))


def _on_connections(con, shares: list, work) -> None:
    """`work(connection, share)` for each share at once, each on its own connection to
    `con`'s database and its own thread (just `con` when there is one share)."""
    if len(shares) == 1:
        work(con, shares[0])
        return

    def on_own(share):
        with con.cursor() as cursor:
            work(cursor, share)

    with ThreadPoolExecutor(len(shares)) as pool:
        for done in [pool.submit(on_own, share) for share in shares]:
            done.result()


# `is_code('LIST', x)` as rules write it, run as the list's own macro `is_code_LIST(x)`:
# a list of literals DuckDB plans in a fraction of the time a lookup table takes.
IS_CODE = re.compile(r"\bis_code\('([A-Z0-9_]+)',\s*")


def _runnable(sql: str) -> str:
    return IS_CODE.sub(r"is_code_\1(", sql)


def rule_script(rule: Rule) -> str:
    """A rule's query as a script a reader can follow (caretrack explain): the derived
    tables it reads, each made from the ones before, then the query itself."""
    parts = ["-- DuckDB. The return's tables (header, episodes, ...; last year's as header_last, ...) hold",
             "-- every value as trimmed upper-case text, blank as NULL, with ROW_ID, the row's position.",
             "-- to_date, year_start, year_end, age, la_code and is_code_<list> are macros made for the",
             "-- collection year (caretrack.validate.engine.MACROS).", ""]
    for name in _derived_order([rule.sql]):
        parts += [f"-- {name}: made once for the return, and read by the rules that need it", f"CREATE TABLE {name} AS",
                  f"{_flush_left(DERIVED[name])};", ""]
    parts += [f"-- rule {rule.code}: the rows it flags, by table (tbl) and position (ROW_ID)", f"{_flush_left(rule.sql)};"]
    return "\n".join(parts)


def _flush_left(sql: str) -> str:
    """A query written indented in its module (its first line stripped) moved to the left."""
    first, _, rest = sql.partition("\n")
    return first + ("\n" + textwrap.dedent(rest) if rest else "")


def _reads(sql: str) -> tuple[str, ...]:
    """The derived tables a query reads itself, in the order they were registered."""
    return _reads_of(sql, tuple(DERIVED))


@functools.cache
def _reads_of(sql: str, names: tuple[str, ...]) -> tuple[str, ...]:
    found = set(re.findall(r"\b(" + "|".join(map(re.escape, names)) + r")\b", sql))
    return tuple(name for name in names if name in found)


def _derived_order(sqls: list[str]) -> list[str]:
    """The derived tables the queries read, and those they read, each after those it reads."""
    order: list[str] = []

    def visit(sql: str) -> None:
        for name in _reads(sql):
            if name not in order:
                visit(DERIVED[name])
                order.append(name)

    for sql in sqls:
        visit(sql)
    return order


# Rules run in batches of this many, one query each (the rules' queries joined by UNION
# ALL): a 2024-25 return's ~280 rules take about 30% less time than one query per rule,
# as DuckDB's fixed cost per query is paid once a batch (docs/benchmarks.md). Larger
# batches are slower again, and share out less evenly over the connections.
BATCH = 15


def _flagged(con, rules: list[Rule]) -> dict[str, dict[str, list[int]]]:
    """The rows each of `rules` flags, by table, from one query; a batch whose query fails
    is run rule by rule, so that the error names its rule."""
    query = " UNION ALL ".join(f"SELECT '{r.code}' AS code, * FROM ({_runnable(r.sql)})" for r in rules)
    try:
        rows = con.execute(query).fetchall()
    except duckdb.Error:
        if len(rules) == 1:
            raise RuntimeError(f"rule {rules[0].code} could not run") from None  # its SQL, not the data
        return {code: flagged for r in rules for code, flagged in _flagged(con, [r]).items()}
    found: dict[str, dict[str, list[int]]] = {r.code: {} for r in rules}
    # Distinct and in order here rather than in SQL: less for DuckDB to plan.
    for code, tbl, row_id in sorted(set(rows)):
        found[code].setdefault(tbl, []).append(row_id)
    return found


def run(con, rules: list[Rule], available: set[str],
        threads: int = 1) -> tuple[dict[str, dict[str, list[int]]], dict[str, str]]:
    """Flagged rows per rule, and the rules skipped with why.

    With `threads` above 1 the batches of rules are shared out over that many
    connections to the same database (a batch is a small query: DuckDB plans and runs
    it on one core, so two cores run two at once). One of them first makes the derived
    tables the rules read while the others run the rules that read none.
    """
    skipped: dict[str, str] = {}
    chosen = []
    for r in rules:
        missing = [n for n in r.needs if n not in available]
        if missing:
            skipped[r.code] = NEEDS[missing[0]]
        else:
            chosen.append(r)
    derived = _derived_order([r.sql for r in chosen])
    batches = []  # those reading no derived table first, so they can run while those are made
    for reading in (False, True):
        some = [r for r in chosen if bool(_reads(r.sql)) == reading]
        batches += [(reading, some[i:i + BATCH]) for i in range(0, len(some), BATCH)]
    queue = iter(batches)
    taking, made = threading.Lock(), threading.Event()
    found: dict[str, dict[str, list[int]]] = {}

    def work(cursor, first: bool) -> None:
        if first:
            try:
                for name in derived:
                    cursor.execute(f"CREATE TABLE {name} AS {_runnable(DERIVED[name])}")
            finally:
                made.set()
        while True:
            with taking:
                batch = next(queue, None)
            if batch is None:
                return
            reading, batch_rules = batch
            if reading:
                made.wait()
            found.update(_flagged(cursor, batch_rules))

    _on_connections(con, [i == 0 for i in range(threads)], work)
    return {r.code: found[r.code] for r in chosen}, skipped
