"""Writing a year's return from the store back out as 903 CSV, XML or Parquet.

The folder written loads back as it is: file names carry the collection year and an
authority.toml carries the authority's code, so `caretrack load` on it gives the same
rows (read, write, read is lossless; tests/test_roundtrip.py shows it).
"""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from caretrack.io import output
from caretrack.io.csvfiles import write_csv
from caretrack.io.sources import AUTHORITY_FILE
from caretrack.io.xml903 import write_xml
from caretrack.schema import SSDA903_TABLES
from caretrack.store import Store

FORMATS = ("csv", "xml", "parquet")


def export_return(store: Store, la: str, year: int, fmt: str, folder: Path, only: set[str] | None = None) -> list[Path]:
    """Write one authority's return for one collection year (with `only`, those of its
    tables alone); the paths written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    folder.mkdir(parents=True, exist_ok=True)
    tables = {t.name: store.read(t, la, year) for t in SSDA903_TABLES
              if year in t.years and (only is None or t.name in only)}
    written = []
    if fmt == "xml":
        path = folder / f"SSDA903_{year}.xml"
        write_xml(tables, path)
        written.append(path)
    else:
        for table in SSDA903_TABLES:
            if table.name not in tables:
                continue
            path = folder / f"SSDA903_{year}_{table.name}.{fmt}"
            if fmt == "csv":
                write_csv(table, tables[table.name], path)
            else:
                with output.replacing(path, text=False) as f:
                    pq.write_table(tables[table.name], f)
            written.append(path)
    name = store.authorities().get(la)
    config = folder / AUTHORITY_FILE
    output.write_text(config, f'la = "{la}"\n' + (f'name = "{name}"\n' if name else ""))
    return written + [config]
