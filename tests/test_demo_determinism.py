"""The demo writes the same bytes for the same seed, different ones for another, and
everything it writes loads."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from caretrack.cli import app
from caretrack.demo import generate
from caretrack.io.sources import read_sources
from caretrack.store import Store

SHORT = dict(start=dt.date(2021, 4, 1), end=dt.date(2023, 3, 31))


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def seed_7(tmp_path_factory) -> Path:
    """A short demo of seed 7, written once for the tests that read it."""
    out = tmp_path_factory.mktemp("seed_7")
    generate(out, seed=7, **SHORT)
    return out


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path, seed_7):
    generate(tmp_path / "b", seed=7, **SHORT)
    generate(tmp_path / "c", seed=8, **SHORT)
    a, b, c = digest(seed_7), digest(tmp_path / "b"), digest(tmp_path / "c")
    assert a == b
    assert a.keys() == c.keys() and a != c
    assert "2022/SSDA903_2022_Episodes.csv" in a and "operational/Visits.csv" in a


def test_csv_as_the_csv_module_writes_it(seed_7):
    """The demo's own CSV writer writes what Python's csv module would (CRLF, quoting)."""
    for path in sorted(seed_7.rglob("*.csv")):
        raw = path.read_bytes().decode("utf-8")
        again = io.StringIO(newline="")
        csv.writer(again).writerows(csv.reader(io.StringIO(raw, newline="")))
        assert again.getvalue() == raw, path.name


def test_every_year_and_record_loads(tmp_path):
    generate(tmp_path / "demo", seed=3, **SHORT)
    sources = read_sources([tmp_path / "demo"])
    assert sorted(sources.returns) == [("990", 2022), ("990", 2023)]
    assert sources.warnings == []
    with Store(tmp_path / "s.duckdb") as store:
        store.load(sources, dt.datetime(2023, 5, 1))
        assert store.authorities() == {"990": "Demo County"}
        assert store.con.execute("SELECT COUNT(*) FROM visits").fetchone()[0] > 1000


def test_several_authorities_cli(tmp_path):
    result = CliRunner().invoke(app, ["demo", "--out", str(tmp_path / "many"), "--authorities", "3",
                                      "--start", "2022-04-01", "--end", "2023-03-31"])
    assert result.exit_code == 0, result.output
    folders = sorted(p.name for p in (tmp_path / "many").iterdir())
    assert folders == ["801", "802", "990"]
    sources = read_sources([tmp_path / "many"])
    assert sorted(sources.returns) == [("801", 2023), ("802", 2023), ("990", 2023)]
    # Never over files: into a folder that is not empty it writes nothing.
    again = CliRunner().invoke(app, ["demo", "--out", str(tmp_path / "many"), "--start", "2022-04-01", "--end", "2023-03-31"])
    assert again.exit_code == 1 and "is not an empty folder" in " ".join(again.output.split())
    assert sorted(p.name for p in (tmp_path / "many").iterdir()) == ["801", "802", "990"]
    # A date that is not one, or an end before the start, was a traceback.
    for dates, words in ((["--end", "31/13/2025"], "--end '31/13/2025' is not a date"),
                         (["--start", "01/04/2025", "--end", "2024-03-31"], "is not before --end")):
        refused = CliRunner().invoke(app, ["demo", "--out", str(tmp_path / "new"), *dates])
        assert refused.exit_code == 2 and words in refused.output, refused.output
    assert not (tmp_path / "new").exists()
