"""Read, store, write, read again: the same rows, in CSV, XML and Parquet."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from caretrack.cli import app
from caretrack.io.export import export_return
from caretrack.io.sources import read_sources
from caretrack.schema import SSDA903_TABLES
from caretrack.store import Store

WHEN = dt.datetime(2025, 5, 1, 9, 0)


def rows(sources, la="999", year=2025):
    return {
        name: sorted(map(lambda r: tuple(r.values()), table.to_pylist()), key=repr)
        for name, table in sources.returns[(la, year)].items()
        if table.num_rows
    }


@pytest.mark.parametrize("fmt", ["csv", "xml", "parquet"])
def test_read_write_read_is_lossless(example, store_path, tmp_path, fmt):
    first = read_sources([example])
    with Store(store_path) as store:
        store.load(first, WHEN)
        export_return(store, "999", 2025, fmt, tmp_path / "out")
    again = read_sources([tmp_path / "out"])
    assert again.authorities["999"].name == "Example Borough (synthetic)"
    assert rows(again) == rows(first)


def test_export_writes_every_table_of_the_year_and_the_authority(example, store_path, tmp_path):
    with Store(store_path) as store:
        store.load(read_sources([example]), WHEN)
        written = export_return(store, "999", 2025, "csv", tmp_path / "out")
    names = sorted(p.name for p in written)
    assert names[0] == "SSDA903_2025_AD1.csv" and "authority.toml" in names
    assert len(names) == 1 + sum(2025 in t.years for t in SSDA903_TABLES)
    # Never over files of the same names (the return as submitted, it may be) unless told:
    # the store keeps neither their extra columns nor their forms of dates.
    header = tmp_path / "out" / "SSDA903_2025_Header.csv"
    header.write_text("as submitted\n")
    with Store(store_path) as store:
        with pytest.raises(FileExistsError, match="already holds SSDA903_2025_Header.csv, SSDA903_2025_Episodes"):
            export_return(store, "999", 2025, "csv", tmp_path / "out")
        assert header.read_text() == "as submitted\n"
        export_return(store, "999", 2025, "xml", tmp_path / "out")  # its own file; the same authority.toml
        export_return(store, "999", 2025, "csv", tmp_path / "out", replace=True)
    assert header.read_text().startswith("CHILD,SEX,DOB")
    result = CliRunner().invoke(app, ["export", "--year", "2025", "--out", str(tmp_path / "out"),
                                      "--store", str(store_path)])
    assert result.exit_code == 1 and "nothing written (--replace writes over them)" in " ".join(result.output.split())


codes = st.sampled_from
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2025, 3, 31))
episode = st.fixed_dictionaries(
    {
        "DECOM": dates,
        "RNE": codes("SLPTBU"),
        "LS": codes(["C1", "C2", "V2", "E1", "J1"]),
        "PLACE": codes(["U1", "U4", "K2", "P1", "H5"]),
        "DEC": st.none() | dates,
        "HOME_POST": st.text(alphabet="ABCDEFGH0123456789 ,\"'", max_size=8),
    }
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(episodes=st.lists(episode, min_size=1, max_size=6, unique_by=lambda e: e["DECOM"]))
def test_any_episodes_survive_csv_and_xml(tmp_path_factory, episodes):
    """Generated episodes, with commas and quotes in text, come back unchanged."""
    folder = tmp_path_factory.mktemp("gen")
    (folder / "header.csv").write_text("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nG1,1,01/01/2010,WBRI,,,\n")
    with open(folder / "episodes.csv", "w", newline="") as f:
        import csv

        writer = csv.writer(f)
        writer.writerow(["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
                         "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"])
        for e in episodes:
            dec = e["DEC"].strftime("%d/%m/%Y") if e["DEC"] else ""
            writer.writerow(["G1", e["DECOM"].isoformat(), e["RNE"], e["LS"], "N1", e["PLACE"], "PR1", dec, "", "",
                             e["HOME_POST"], "", ""])
    first = read_sources([folder], la="900", year=2025)
    for fmt in ("csv", "xml"):
        store_path = folder / f"{fmt}.duckdb"
        with Store(store_path) as store:
            store.load(first, WHEN)
            export_return(store, "900", 2025, fmt, folder / fmt)
        assert rows(read_sources([folder / fmt]), "900") == rows(first, "900")


def test_loaded_rows_carry_authority_and_year(example, store_path):
    with Store(store_path) as store:
        store.load(read_sources([example]), WHEN)
        got = store.con.execute("SELECT DISTINCT LA, YEAR FROM episodes").fetchall()
    assert got == [("999", 2025)]
