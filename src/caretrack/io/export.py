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


def export_return(store: Store, la: str, year: int, fmt: str, folder: Path, only: set[str] | None = None,
                  replace: bool = False) -> list[Path]:
    """Write one authority's return for one collection year (with `only`, those of its
    tables alone); the paths written. Files of those names already in the folder may be
    the return as the authority submitted it (with columns and forms the store does not
    keep): unless `replace`, FileExistsError names them and nothing is written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    tables = {t.name: store.read(t, la, year) for t in SSDA903_TABLES
              if year in t.years and (only is None or t.name in only)}
    paths = {"xml": folder / f"SSDA903_{year}.xml"} if fmt == "xml" else \
        {t.name: folder / f"SSDA903_{year}_{t.name}.{fmt}" for t in SSDA903_TABLES if t.name in tables}
    name = store.authorities().get(la)
    config, settings = folder / AUTHORITY_FILE, f'la = "{la}"\n' + (f'name = "{name}"\n' if name else "")
    there = [p.name for p in paths.values() if p.exists()]
    if config.exists() and config.read_text(encoding="utf-8", errors="replace") != settings:
        there.append(config.name)  # the same authority.toml again is no loss
    if there and not replace:
        raise FileExistsError(f"{folder} already holds {', '.join(there)}")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    if fmt == "xml":
        write_xml(tables, paths["xml"])
        written.append(paths["xml"])
    else:
        for table in SSDA903_TABLES:
            if table.name not in tables:
                continue
            path = paths[table.name]
            if fmt == "csv":
                write_csv(table, tables[table.name], path)
            else:
                with output.replacing(path, text=False) as f:
                    pq.write_table(tables[table.name], f)
            written.append(path)
    output.write_text(config, settings)
    return written + [config]
