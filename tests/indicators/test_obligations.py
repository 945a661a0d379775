"""Obligations of the golden authority's children on chosen dates, worked out by hand
(timescales: src/caretrack/compliance/timescales.toml), on DuckDB and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import ibis
import pytest

from caretrack.compliance import due

D = dt.date
ON = D(2025, 3, 31)

# (child, obligation): (last done, due, status) on 31/03/2025.
CASES = {
    # A placement change resets the visit clock: the 20/11/2024 visit was for the old
    # placement; the current one began 01/12/2024; last visit 01/03/2025 + 6 weeks.
    ("G3", "visits"): (D(2025, 3, 1), D(2025, 4, 12), "due soon"),
    # Long-term foster placement (U4) for over a year: 3-monthly.
    ("G1", "visits"): (D(2025, 1, 10), D(2025, 4, 10), "due soon"),
    # U4 but in its first year at the last visit: 6-weekly.
    ("G13", "visits"): (D(2025, 1, 20), D(2025, 3, 3), "overdue"),
    # Entered care Friday 23/08/2024, bank holiday Monday 26/08: care plan due 09/09/2024.
    ("G4", "care_plans"): (None, D(2024, 9, 9), "overdue"),
    # First review 20 working days after 23/08/2024 = 23/09/2024 (held 20/09); second
    # 18/12; next 6 months on.
    ("G4", "reviews"): (D(2024, 12, 18), D(2025, 6, 18), "in time"),
    # Under 5: review health assessment 6-monthly.
    ("G7", "review_health_assessments"): (D(2024, 8, 15), D(2025, 2, 15), "overdue"),
    # A care leaver who moved on 10/03/2025 after her last contact: contact within 7 days.
    ("G9", "adviser_contacts"): (D(2025, 2, 20), D(2025, 3, 17), "overdue"),
    # Turned 16 on 31/03/2025: adviser allocated that day; needs assessment due in 3 months.
    ("G2", "adviser_allocation"): (D(2025, 3, 31), D(2025, 3, 31), "done"),
    ("G2", "needs_assessments"): (None, D(2025, 6, 30), "in time"),
    # Aged 23, no adviser: keep in touch at least every 4 months.
    ("G14", "keep_in_touch"): (D(2024, 10, 1), D(2025, 2, 1), "overdue"),
    # Dental check due one year on: 30/03/2025, a day before the date.
    ("G7", "dental_checks"): (D(2024, 3, 30), D(2025, 3, 30), "overdue"),
}


@pytest.fixture(scope="module", params=["duckdb", "postgres"])
def rows(request):
    con = request.getfixturevalue(f"{request.param}_con")
    frame = due(con, 2025, ON).execute()
    return {(r.CHILD, r.OBLIGATION): r for r in frame.itertuples()}


def _date(value):
    return None if value is None or value != value else (value.date() if hasattr(value, "date") else value)


@pytest.mark.parametrize("key", sorted(CASES))
def test_obligation_on_31_march(rows, key):
    last, due_on, status = CASES[key]
    row = rows[key]
    assert (_date(row.LAST_DONE), _date(row.DUE), row.STATUS) == (last, due_on, status)


def test_obligations_that_do_not_apply_have_no_row(rows):
    assert ("G6", "visits") not in rows  # short breaks
    assert ("G5", "visits") not in rows  # left care on 31 March
    assert ("G3", "sdq") not in rows  # in care under 12 months
    assert ("G11", "adviser_contacts") not in rows  # no adviser allocated


def test_team_and_worker_are_those_holding_the_case(rows):
    assert (rows[("G4", "visits")].TEAM, rows[("G4", "visits")].WORKER) == ("T1", "W2")
    assert (rows[("G9", "pathway_plans")].TEAM, rows[("G9", "pathway_plans")].WORKER) == ("T2", "W9")


def test_turning_5_changes_the_health_assessment_interval(duckdb_con):
    # G7 turns 5 on 05/11/2025: on 01/12/2025 the yearly interval applies to the same
    # last assessment (15/08/2024), so it was due 15/08/2025.
    frame = due(duckdb_con, 2025, D(2025, 12, 1), which={"review_health_assessments"}).execute()
    row = frame[frame.CHILD == "G7"].iloc[0]
    assert _date(row.DUE) == D(2025, 8, 15)


def test_due_dates_are_dates_in_the_database(duckdb_con):
    # A date plus an interval is a TIMESTAMP in DuckDB: the SQL itself (as the indicator
    # engine runs it to make its cohorts) keeps DUE a DATE.
    expr = due(duckdb_con, 2025, ON)
    expr.execute()  # registers the tables it makes in memory (the working-day calendar)
    types = dict(zip(expr.columns, duckdb_con.con.sql(str(ibis.to_sql(expr, dialect="duckdb"))).types))
    assert (str(types["DUE"]), str(types["LAST_DONE"])) == ("DATE", "DATE")


def test_due_command_lists_obligations_and_checks_its_options(golden_store, tmp_path):
    """`caretrack due` as a table: a young person no team holds (G14's keep-in-touch
    contacts) is shown with a blank team, where the table had stopped with an error. Its
    options are checked: a date that is no date, a --within that is no number of days, a
    format it does not write and a team that holds no case are refused (exit 2) rather
    than ending in a traceback or an empty list."""
    from typer.testing import CliRunner

    from caretrack.cli import app

    runner = CliRunner()
    base = ["due", "--store", str(golden_store), "--at", "2025-05-01"]
    shown = runner.invoke(app, base, terminal_width=200)
    assert shown.exit_code == 0, shown.output
    g14 = [line for line in shown.output.splitlines() if "G14" in line and "keep in touch" in line]
    assert len(g14) == 1 and "│ T" not in g14[0]
    assert runner.invoke(app, [*base, "--team", "T2"]).exit_code == 0
    # Settings that are not TOML, or name no timescale: tracebacks until now.
    (tmp_path / "broken.toml").write_text("[timescales\n")
    (tmp_path / "unknown.toml").write_text('[timescales.visits_nothing]\nfirst = "3 days"\n')
    for name, words in (("broken.toml", "not valid TOML"), ("unknown.toml", "no timescale called 'visits_nothing'")):
        refused = runner.invoke(app, [*base, "--settings", str(tmp_path / name)], terminal_width=200)
        assert refused.exit_code == 1 and words in " ".join(refused.output.split()), refused.output
    # Looked at over a month after the records end (the golden authority's last visit is
    # on 20 March 2025), what fell due since shows as overdue: a note says so.
    assert "The latest visit the store records is on 20/03/2025: what was done since" in shown.stderr
    assert "The latest visit" not in runner.invoke(app, [*base[:-1], "2025-04-10"]).stderr
    # As caretrack writes dates: --at took YYYY-MM-DD alone.
    british = runner.invoke(app, [*base[:-1], "01/05/2025"], terminal_width=200)
    assert british.exit_code == 0 and british.output == shown.output
    for extra, words in ((["--at", "2025-13-01"], "is not a date"), (["--within", "14x"], "give a number of days"),
                         (["--format", "json"], "use table or csv"), (["--team", "T9"], "No team 'T9' holds a case")):
        refused = runner.invoke(app, [*base, *extra])
        assert refused.exit_code == 2 and words in refused.output, (extra, refused.output)


def test_a_year_or_authority_the_store_does_not_hold_is_refused(golden_store):
    """`children` listed children in care "at 31 March 2031" from open episodes, and
    `indicators`, `children` and `due` gave empty tables for an authority the store does
    not hold: each is refused, naming what the store holds."""
    from typer.testing import CliRunner

    from caretrack.cli import app

    runner = CliRunner()
    store = ["--store", str(golden_store)]
    for args in (["children", "in_care_31_march", "--year", "2031"], ["indicators", "--year", "2031"]):
        result = runner.invoke(app, [*args, *store])
        assert result.exit_code == 1 and "The store holds no return for 2030-31; it holds 2022-23 to 2024-25." in " ".join(result.output.split()), args
    for args in (["children", "in_care_31_march"], ["indicators"], ["due"]):
        result = runner.invoke(app, [*args, "--la", "X99", *store])
        assert result.exit_code == 1 and "no return for authority 'X99'; it holds G01" in result.output, args
    listed = runner.invoke(app, ["children", "in_care_31_march", "--la", "G01", "--format", "csv", *store])
    assert listed.exit_code == 0 and listed.output.startswith("LA,CHILD")


def test_the_indicators_table_puts_a_shared_year_and_authority_in_its_title(golden_store):
    """One year of one authority: the year and authority head the table rather than
    filling two columns of every row (the titles wrapped to five lines on 80 columns)."""
    from typer.testing import CliRunner

    from caretrack.cli import app

    runner = CliRunner()
    store = ["--store", str(golden_store)]
    one = runner.invoke(app, ["indicators", "--year", "2025", "--id", "in_care_31_march", *store], env={"COLUMNS": "120"})
    assert one.exit_code == 0, one.output
    assert one.stdout.splitlines()[0].strip() == "Collection year 2024-25, authority G01"
    heading = one.stdout.splitlines()[2]
    assert "indicator" in heading and "value" in heading and "year" not in heading and "LA" not in heading
    trend = runner.invoke(app, ["indicators", "--trend", "--id", "in_care_31_march", *store], env={"COLUMNS": "120"})
    assert trend.stdout.splitlines()[0].strip() == "Authority G01" and "year" in trend.stdout.splitlines()[2]
    # Each row's year as the title writes it (2024-25), not its end alone (2025).
    assert "│ 2024-25 │" in trend.stdout and "│ 2025 │" not in trend.stdout
