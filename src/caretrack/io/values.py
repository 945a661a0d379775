"""Turning the text of a 903 or operational file into typed values, and back.

Dates are read as dd/mm/YYYY (the DfE's format; one-digit day and month and a
trailing midnight time, as spreadsheets write them, are tolerated) or ISO
YYYY-MM-DD, and written as dd/mm/YYYY.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from caretrack.schema.model import Kind

_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?: 00:00(?::00)?)?")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]00:00(?::00)?)?")

EXPECTED = {
    Kind.DATE: "a date as dd/mm/YYYY",
    Kind.INTEGER: "a whole number",
    Kind.DECIMAL: "a number",
}


@lru_cache(maxsize=200_000)
def parse_date(text: str) -> dt.date:
    """A date from dd/mm/YYYY or YYYY-MM-DD; ValueError otherwise."""
    m = _DMY.fullmatch(text)
    if m:
        day, month, year = int(m[1]), int(m[2]), int(m[3])
    else:
        m = _ISO.fullmatch(text)
        if not m:
            raise ValueError(text)
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    return dt.date(year, month, day)  # raises ValueError for 31/02 and the like


def parse_integer(text: str) -> int:
    """A whole number that fits the store's INTEGER (32 bits); ValueError otherwise."""
    value = int(text)
    if not -(2**31) <= value < 2**31:
        raise ValueError(text)
    return value


# How a stripped, non-blank text becomes the value of a column of each kind.
PARSERS = {Kind.DATE: parse_date, Kind.INTEGER: parse_integer, Kind.DECIMAL: float, Kind.CODE: str.upper,
           Kind.TEXT: str}


def parse(kind: Kind, text: str):
    """The typed value of `text` (already stripped, not blank) for a column of `kind`."""
    return PARSERS[kind](text)


def format_value(kind: Kind, value) -> str:
    """The text of a typed value as the 903 writes it ('' for missing)."""
    if value is None:
        return ""
    if kind is Kind.DATE:
        return value.strftime("%d/%m/%Y")
    if kind is Kind.DECIMAL:
        return f"{value:g}"
    return str(value)
