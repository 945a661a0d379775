"""Working days in England: Monday to Friday, less England and Wales bank holidays.

Bank holidays come from the `govuk-bank-holidays` package's cached copy of GOV.UK's
list (read offline; it covers 2012 to two years ahead of the package's release). For
dates beyond the cached list only weekends are excluded, and `covered_until` says
where that starts.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where used: a run whose SQL is kept needs neither
    import numpy as np
    import pyarrow as pa

DAY = dt.timedelta(days=1)


@lru_cache(maxsize=1)
def bank_holidays() -> frozenset[dt.date]:
    """England and Wales bank holidays: the package's cached copy of GOV.UK's list, read
    as the package reads it. Its module imports `requests` (for the live list, which is
    not used), about a tenth of a second of every indicator run: the file is read here."""
    listed = json.loads((resources.files("govuk_bank_holidays") / "bank-holidays.json").read_text(encoding="utf-8"))
    return frozenset(dt.date.fromisoformat(event["date"]) for event in listed["england-and-wales"]["events"])


def covered_until() -> dt.date:
    """The last date of the year the cached bank holiday list reaches."""
    return dt.date(max(bank_holidays()).year, 12, 31)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays()


def add_working_days(day: dt.date, n: int) -> dt.date:
    """The date `n` working days after `day` (the day itself does not count).

    A child who becomes looked after on Friday 22 August 2025 has 10 working days to
    Monday 8 September: the 25th is the summer bank holiday.
    """
    while n > 0:
        day += DAY
        if is_working_day(day):
            n -= 1
    return day


def working_day_table(start: dt.date, end: dt.date, offsets: tuple[int, ...]) -> pa.Table:
    """DAY and, for each n in offsets, WD_n: the date n working days after DAY.

    Engines join this table to move dates by working days in SQL, so a timescale in
    working days runs on every backend. numpy's business-day arithmetic gives the same
    dates as `add_working_days` (a test checks): rolling a weekend or bank holiday back
    to the working day before it, then counting n working days on.
    """
    import numpy as np
    import pyarrow as pa

    days = np.arange(np.datetime64(start, "D"), np.datetime64(end, "D") + 1)
    holidays = np.array(sorted(bank_holidays()), dtype="datetime64[D]")
    columns = {f"WD_{n}": _date32(np.busday_offset(days, n, roll="backward", holidays=holidays)) for n in offsets}
    return pa.table({"DAY": _date32(days), **columns})


def working_day_sql(start: dt.date, end: dt.date, offsets: tuple[int, ...]) -> str:
    """DuckDB SQL for the rows of `working_day_table`, made by the database itself.

    Handing DuckDB any Python table makes it import pandas, a tenth of a second of an
    indicator run on an authority's store. The same rule as above: number the working
    days in order; a day's WD_n is the working day numbered n after the last working
    day on or before it. Days are numbered past `end` so the last rows have theirs.
    """
    beyond = end + dt.timedelta(days=2 * max(offsets) + 30)
    holidays = ", ".join(f"DATE '{d}'" for d in sorted(bank_holidays()))
    joins = " ".join(f"LEFT JOIN working AS w{n} ON w{n}.k = d.k + {n}" for n in offsets)
    columns = ", ".join(f"w{n}.DAY AS WD_{n}" for n in offsets)
    return f"""
        WITH days AS (
            SELECT CAST(generate_series AS DATE) AS DAY,
                   ISODOW(generate_series) <= 5 AND CAST(generate_series AS DATE) NOT IN ({holidays}) AS is_working
            FROM generate_series(DATE '{start}', DATE '{beyond}', INTERVAL 1 DAY)
        ),
        numbered AS (SELECT DAY, is_working, SUM(CAST(is_working AS INTEGER)) OVER (ORDER BY DAY) AS k FROM days),
        working AS (SELECT DAY, k FROM numbered WHERE is_working)
        SELECT d.DAY, {columns} FROM numbered AS d {joins} WHERE d.DAY <= DATE '{end}' ORDER BY d.DAY"""


def _date32(days: np.ndarray) -> pa.Array:
    """Arrow dates from datetime64[D] (both count days from 1970-01-01), built from the
    buffer: `pa.array` would import pandas to inspect its argument, a tenth of a second
    of every indicator run."""
    import pyarrow as pa

    values = days.astype("int32")
    return pa.Array.from_buffers(pa.date32(), len(values), [None, pa.py_buffer(values)])
