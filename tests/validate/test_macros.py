"""The SQL macros rules are written with (caretrack.validate.engine.MACROS), against
plain Python readings of what they mean."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from caretrack.validate import engine


@pytest.fixture(scope="module")
def con():
    connection = engine.connect({}, 2025)
    yield connection
    connection.close()


def whole_years(born: dt.date, on: dt.date) -> int:
    """Age in whole years, a 29 February birthday falling on 1 March in other years."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def test_age_in_whole_years(con):
    days = [dt.date(2000, 2, 29), dt.date(2004, 2, 29), dt.date(2001, 2, 28), dt.date(2001, 3, 1),
            dt.date(2005, 12, 31), dt.date(2006, 1, 1), dt.date(1999, 7, 15), dt.date(2024, 7, 14)]
    pairs = [(a, b) for a in days for b in days] + [
        (dt.date(2008, 2, 29), dt.date(2026, 2, 28)),  # not yet 18: the birthday is 1 March
        (dt.date(2008, 2, 29), dt.date(2026, 3, 1)),
        (dt.date(2008, 2, 29), dt.date(2028, 2, 29)),
    ]
    got = con.execute("SELECT age(b, o) FROM (SELECT UNNEST(?) AS b, UNNEST(?) AS o)",
                      [[a for a, _ in pairs], [b for _, b in pairs]]).fetchall()
    assert [g for (g,) in got] == [whole_years(a, b) for a, b in pairs]
    assert got[-3:] == [(17,), (18,), (20,)]
    assert con.execute("SELECT age(NULL::DATE, DATE '2025-03-31')").fetchone() == (None,)


def test_to_date_reads_day_month_and_a_four_digit_year(con):
    texts = ["01/02/2024", "1/2/2024", "29/02/2024", "29/02/2023", "01/01/24", "01/01/02024",
             "2024-02-01", "001/02/2024", "1/ 2/2024", "31/04/2024", "", "x"]
    got = [d for (d,) in con.execute("SELECT to_date(t) FROM (SELECT UNNEST(?) AS t)", [texts]).fetchall()]

    def reading(text: str):
        if not re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", text):
            return None
        try:
            return dt.datetime.strptime(text, "%d/%m/%Y").date()
        except ValueError:
            return None

    assert got == [reading(t) for t in texts]
    assert got[:3] == [dt.date(2024, 2, 1), dt.date(2024, 2, 1), dt.date(2024, 2, 29)]
