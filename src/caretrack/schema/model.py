"""The building blocks of the canonical schema: a column and a table.

Every producer (file readers, the demo generator, later the web app) writes tables of
this shape and every engine reads them, so a table is defined once, here, with its
types and meanings (DESIGN.md, "One canonical schema").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

# Collection years by their end (2025 is 2024-25). The schema and code lists are those
# of 2022-23 to 2026-27; earlier returns (from 2014-15, which the demo authority's
# history reaches back to) are read with the 2022-23 layout.
FIRST_YEAR = 2015
LAST_YEAR = 2027


class Kind(str, Enum):
    """The storage type of a column."""

    TEXT = "text"  # free text or an identifier, kept as written
    CODE = "code"  # a value from a code list, upper-cased on read
    DATE = "date"  # a calendar date; dd/mm/YYYY in 903 files, ISO also read
    INTEGER = "integer"
    DECIMAL = "decimal"

    @property
    def sql(self) -> str:
        return {
            Kind.TEXT: "VARCHAR",
            Kind.CODE: "VARCHAR",
            Kind.DATE: "DATE",
            Kind.INTEGER: "INTEGER",
            Kind.DECIMAL: "DOUBLE",
        }[self]


@dataclass(frozen=True)
class Column:
    """One column of a canonical table.

    `codes` names a code list in `caretrack.schema.codes`. `key` marks a coded column
    whose unknown values make a record uninterpretable, so the loader refuses them
    (codes that are merely out of date for a year are the validator's business, not
    the loader's). `required` columns may not be blank.
    """

    name: str
    kind: Kind
    description: str
    codes: str | None = None
    required: bool = False
    key: bool = False


@dataclass(frozen=True)
class Table:
    """A canonical table.

    `source` is "903" for tables of the SSDA903 return (stored per collection year)
    or "operational" for the authority's case records (stored as a snapshot per
    authority). `primary_key` columns identify a row; two rows with the same key in
    one file are refused. `years` are the collection years (by their end) in which
    the table is part of the return.
    """

    name: str
    source: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    years: tuple[int, ...] = field(default=tuple(range(FIRST_YEAR, LAST_YEAR + 1)))
    xml_tag: str | None = None

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def store_name(self) -> str:
        """The table's name in the store: lower case, as SQL engines fold it."""
        return self.name.lower()
