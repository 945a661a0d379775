"""Working days: weekends and England and Wales bank holidays (govuk-bank-holidays, offline)."""

import datetime as dt

import duckdb
import pytest

from caretrack.compliance.calendar import (
    add_working_days,
    bank_holidays,
    covered_until,
    is_working_day,
    working_day_sql,
    working_day_table,
)
from caretrack.compliance.timescales import Duration, load


@pytest.mark.parametrize(
    "start, n, expected",
    [
        # Friday before the summer bank holiday Monday (25/08/2025): 10 working days.
        (dt.date(2025, 8, 22), 10, dt.date(2025, 9, 8)),
        # Wednesday 1 May 2024, with the early May (6th) and spring (27th) bank holidays: 20.
        (dt.date(2024, 5, 1), 20, dt.date(2024, 5, 31)),
        # Across Christmas and New Year 2024-25: 27, 30 and 31 December, 2 and 3 January.
        (dt.date(2024, 12, 24), 5, dt.date(2025, 1, 3)),
        # Across Easter 2025 (Good Friday 18 April, Easter Monday 21 April).
        (dt.date(2025, 4, 17), 1, dt.date(2025, 4, 22)),
        # From a Saturday in a leap year: Monday 2 March 2020 is the first.
        (dt.date(2020, 2, 29), 1, dt.date(2020, 3, 2)),
    ],
)
def test_add_working_days(start, n, expected):
    assert add_working_days(start, n) == expected


def test_bank_holidays_are_not_working_days():
    assert not is_working_day(dt.date(2024, 12, 25))
    assert not is_working_day(dt.date(2025, 5, 5))  # early May bank holiday
    assert is_working_day(dt.date(2025, 5, 6))
    assert covered_until() >= dt.date(2026, 12, 31)


def test_bank_holidays_are_the_packages_own_list():
    """`bank_holidays` reads the package's cached file itself (its module imports
    requests): the same dates as the package gives."""
    from govuk_bank_holidays.bank_holidays import BankHolidays

    cached = BankHolidays(use_cached_holidays=True)
    assert bank_holidays() == {h["date"] for h in cached.get_holidays(division=BankHolidays.ENGLAND_AND_WALES)}


def test_durations_and_settings(tmp_path):
    assert Duration.parse("6 weeks") == Duration(42, "days")
    assert Duration.parse("10 working days") == Duration(10, "working days")
    assert Duration.parse("3 months") == Duration(3, "months")
    with pytest.raises(ValueError):
        Duration.parse("fortnightly")
    settings = tmp_path / "settings.toml"
    settings.write_text('[timescales.visits]\nlong_term_interval = "6 weeks"\n')
    ts = load(settings)
    assert ts["visits"]["long_term_interval"] == "6 weeks" and ts["visits"]["interval"] == "6 weeks"
    settings.write_text('[timescales.nonsense]\ninterval = "1 day"\n')
    with pytest.raises(ValueError, match="no timescale called"):
        load(settings)


def test_the_working_day_table_agrees_with_counting_day_by_day():
    """The vectorised table (numpy business days) against add_working_days, over two
    years with Easter, Christmas and the late summer bank holiday."""
    table = working_day_table(dt.date(2024, 1, 1), dt.date(2025, 12, 31), (5, 10, 20)).to_pydict()
    for i, day in enumerate(table["DAY"]):
        for n in (5, 10, 20):
            assert table[f"WD_{n}"][i] == add_working_days(day, n), (day, n)


def test_the_working_day_sql_makes_the_same_table():
    """DuckDB's own copy of the calendar (made without handing it a Python table) has
    the same rows, the last days of the range included."""
    start, end = dt.date(2024, 1, 1), dt.date(2025, 12, 31)
    table = working_day_table(start, end, (5, 10, 20))
    expected = list(zip(*(table.column(c).to_pylist() for c in table.column_names)))
    assert duckdb.connect().sql(working_day_sql(start, end, (5, 10, 20))).fetchall() == expected
