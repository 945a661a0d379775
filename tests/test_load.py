"""`caretrack load`: which authority and year, replacing a year, merging years."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from caretrack.cli import app
from caretrack.io.problems import InputError
from caretrack.io.sources import read_sources, year_from_path
from caretrack.store import Store

runner = CliRunner()
WHEN = dt.datetime(2025, 5, 1)
HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
EPISODES = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"


@pytest.mark.parametrize(
    "relative, year",
    [
        ("2025/episodes.csv", 2025),
        ("returns/2024-25/episodes.csv", 2025),
        ("SSDA903_2025_episodes.csv", 2025),
        ("la_999_2023_24/episodes.csv", 2024),
        ("export_20250401/episodes.csv", None),  # a date stamp is not a year
        ("episodes.csv", None),
    ],
)
def test_year_from_folder_or_file_name(tmp_path, relative, year):
    assert year_from_path(tmp_path / relative, tmp_path) == year


def test_year_from_dates_when_no_name_holds_it(tmp_path):
    (tmp_path / "header.csv").write_text(HEADER + "B1,1,01/01/2010,WBRI,,,\n")
    # The latest date, 12/02/2024, falls in the year 1 April 2023 to 31 March 2024.
    (tmp_path / "episodes.csv").write_text(EPISODES + "B1,01/05/2023,S,C2,N1,U4,PR1,12/02/2024,E13,,,,\n")
    sources = read_sources([tmp_path], la="900")
    assert list(sources.returns) == [("900", 2024)]
    assert "from the latest date in the return" in sources.notes[0]


def test_year_option_wins(tmp_path):
    (tmp_path / "2019").mkdir()
    (tmp_path / "2019" / "header.csv").write_text(HEADER + "B1,1,01/01/2010,WBRI,,,\n")
    assert list(read_sources([tmp_path], la="900", year=2026).returns) == [("900", 2026)]


def test_unsupported_year_is_refused(tmp_path):
    with pytest.raises(InputError, match="not supported"):
        read_sources([tmp_path], la="900", year=2031)


def test_authority_comes_from_option_or_authority_toml(example, tmp_path):
    assert list(read_sources([example]).returns) == [("999", 2025)]
    assert list(read_sources([example], la="123").returns) == [("123", 2025)]
    (example / "authority.toml").unlink()
    with pytest.raises(InputError, match="no authority code"):
        read_sources([example])


def test_two_files_for_one_table_are_refused(example):
    shutil.copy(example / "2025" / "header.csv", example / "2025" / "header_copy.csv")
    with pytest.raises(InputError, match="a second Header table"):
        read_sources([example])


def test_reloading_a_year_replaces_it(example, store_path):
    with Store(store_path) as store:
        store.load(read_sources([example]), WHEN)
        (example / "2025" / "missing.csv").unlink()  # the new return has no Missing table
        (example / "2025" / "reviews.csv").write_text("CHILD,DOB,REVIEW,REVIEW_CODE\nE1001,14/06/2012,01/01/2025,PN1\n")
        dropped = store.load(read_sources([example]), WHEN)
        assert store.con.execute("SELECT COUNT(*) FROM reviews").fetchone() == (1,)
        assert store.con.execute("SELECT COUNT(*) FROM missing").fetchone() == (0,)
        assert store.con.execute("SELECT COUNT(*) FROM header").fetchone() == (5,)
        # What went with the return it replaced is said.
        assert dropped == [("999", 2025, "Missing")]


def test_loading_part_of_a_year_says_what_the_store_no_longer_holds(example, store_path):
    """A year's return is replaced as a whole: a corrected Header loaded alone leaves a
    Header only. The command says which tables went, so that it is not found later."""
    assert runner.invoke(app, ["load", str(example), "--store", str(store_path)]).exit_code == 0
    result = runner.invoke(app, ["load", str(example / "2025" / "header.csv"), "--la", "999", "--year", "2025",
                                 "--store", str(store_path)])
    assert result.exit_code == 0
    assert ("Replaced 999 2024-25 as a whole: its Episodes, UASC, Reviews, OC2, Missing are no longer in the store"
            in " ".join(result.output.split()))


def _year(folder: Path, year: int, episodes: str) -> None:
    (folder / str(year)).mkdir(parents=True)
    (folder / str(year) / "header.csv").write_text(HEADER + "M1,2,01/01/2012,WBRI,,,\n")
    (folder / str(year) / "episodes.csv").write_text(EPISODES + episodes)


def test_consecutive_years_merge_into_one_history(tmp_path, store_path):
    # 2024 return: the second episode is open at 31 March 2024. The 2025 return
    # holds it again, now closed; the merged history keeps the 2025 row.
    _year(tmp_path, 2024, "M1,01/06/2023,S,V2,N1,U6,PR1,01/09/2023,X1,,,,\nM1,01/09/2023,L,C2,N1,U6,PR1,,,,,,\n")
    _year(tmp_path, 2025, "M1,01/09/2023,L,C2,N1,U6,PR1,10/10/2024,E45,,,,\n")
    with Store(store_path) as store:
        store.load(read_sources([tmp_path], la="900"), WHEN)
        history = store.con.execute(
            "SELECT YEAR, DECOM, DEC, REC FROM episodes_history ORDER BY DECOM"
        ).fetchall()
    assert history == [
        (2024, dt.date(2023, 6, 1), dt.date(2023, 9, 1), "X1"),
        (2025, dt.date(2023, 9, 1), dt.date(2024, 10, 10), "E45"),
    ]


def test_the_return_asked_for_is_named_when_the_store_does_not_hold_it(tmp_path, store_path):
    """export and report take a year's return by `Store.return_of`: the only authority
    holding the year, or the one given; else a message naming what the store holds."""
    _year(tmp_path / "900", 2024, "M1,01/06/2023,S,V2,N1,U6,PR1,,,,,,\n")
    _year(tmp_path / "901", 2024, "M1,01/06/2023,S,V2,N1,U6,PR1,,,,,,\n")
    _year(tmp_path / "901", 2025, "M1,01/06/2023,S,V2,N1,U6,PR1,,,,,,\n")
    with Store(store_path) as store:
        store.load(read_sources([tmp_path / "900"], la="900"), WHEN)
        store.load(read_sources([tmp_path / "901"], la="901"), WHEN)
        assert store.return_of(2025, None) == "901"
        assert store.return_of(2024, "900") == "900"
        refused = {}
        for year, la in ((2023, None), (2024, None), (2025, "900")):
            with pytest.raises(ValueError) as e:
                store.return_of(year, la)
            refused[(year, la)] = str(e.value)
    assert refused == {
        (2023, None): "The store holds no return for 2022-23; it holds 2023-24 to 2024-25.",
        (2024, None): "Give --la: one of 900, 901 (the authorities with a 2023-24 return).",
        (2025, "900"): "The store holds no 2024-25 return for 900; it holds that year for 901.",
    }


def test_operational_records_are_a_snapshot_per_authority(tmp_path, store_path):
    (tmp_path / "visits.csv").write_text("CHILD,VISIT_DATE,WORKER_ID,SEEN_ALONE\nB1,01/02/2025,W1,Y\nB1,10/03/2025,W1,N\n")
    with Store(store_path) as store:
        store.load(read_sources([tmp_path], la="900"), WHEN)
        (tmp_path / "visits.csv").write_text("CHILD,VISIT_DATE,WORKER_ID,SEEN_ALONE\nB1,01/02/2025,W1,Y\n")
        store.load(read_sources([tmp_path], la="900"), WHEN)
        store.load(read_sources([tmp_path], la="901"), WHEN)
        assert store.con.execute("SELECT LA, COUNT(*) FROM visits GROUP BY LA ORDER BY LA").fetchall() == [
            ("900", 1),
            ("901", 1),
        ]
        # A file of its header alone (an unfilled template loaded beside a filled one)
        # replaced the authority's visits with none: it is skipped, with a warning.
        (tmp_path / "visits.csv").write_text("CHILD,VISIT_DATE,WORKER_ID,SEEN_ALONE\n")
        (tmp_path / "teams.csv").write_text("TEAM_ID,TEAM_NAME,SERVICE\nT1,Team one,Children in care\n")
        sources = read_sources([tmp_path], la="900")
        assert [(p.file, p.message, p.severity) for p in sources.warnings] == [
            (str(tmp_path / "visits.csv"), "no rows: the store's Visits records are kept (only a file with rows "
                                           "replaces them)", "warning")]
        store.load(sources, WHEN)
        assert store.con.execute("SELECT LA, COUNT(*) FROM visits GROUP BY LA ORDER BY LA").fetchall() == [
            ("900", 1),
            ("901", 1),
        ]
        assert store.con.execute("SELECT COUNT(*) FROM teams").fetchone() == (1,)


def test_cli_load_and_info(example, store_path):
    result = runner.invoke(app, ["load", str(example), "--store", str(store_path)])
    assert result.exit_code == 0, result.output
    assert "999 2024-25 (year 2025)" in result.output
    result = runner.invoke(app, ["info", "--store", str(store_path)])
    assert result.exit_code == 0
    assert "Example Borough" in result.output and "Episodes 6" in result.output


def test_store_path_from_environment(example, tmp_path, monkeypatch):
    monkeypatch.setenv("CARETRACK_STORE", str(tmp_path / "env.duckdb"))
    assert runner.invoke(app, ["load", str(example)]).exit_code == 0
    assert (tmp_path / "env.duckdb").exists()


def test_templates_write_every_operational_table_and_a_readme(tmp_path):
    from caretrack.schema import OPERATIONAL_TABLES

    result = runner.invoke(app, ["templates", str(tmp_path / "t")])
    assert result.exit_code == 0
    written = sorted(p.stem for p in (tmp_path / "t").glob("*.csv"))
    assert written == sorted(t.name for t in OPERATIONAL_TABLES)
    assert "ASSESSMENT_TYPE" in (tmp_path / "t" / "README.md").read_text()
    # A filled-in template loads (the cost table comes pre-filled with the defaults).
    sources = read_sources([tmp_path / "t"], la="900")
    assert sources.operational["900"]["WeeklyCosts"].num_rows == 11
    # Written again into the folder, they would write over what was filled in.
    visits = tmp_path / "t" / "Visits.csv"
    visits.write_text(visits.read_text() + "C1,01/05/2024,W1,Y\n")
    again = runner.invoke(app, ["templates", str(tmp_path / "t")])
    assert again.exit_code == 1 and "nothing written" in again.output
    assert visits.read_text().endswith("C1,01/05/2024,W1,Y\n")
    assert runner.invoke(app, ["templates", str(tmp_path / "t"), "--replace"]).exit_code == 0
    assert visits.read_text().count("\n") == 1


def test_help_of_every_command():
    """Every command has help, and its description is wrapped to the terminal: the line
    breaks of the docstring are not kept (they left one-word lines at 80 columns)."""
    commands = [c.name or c.callback.__name__ for c in app.registered_commands]
    assert {"load", "info", "validate", "indicators", "report", "due"} <= set(commands)
    for command in commands:
        result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "80"}, terminal_width=80)
        assert result.exit_code == 0 and "Usage" in result.output, command
        description = [line.rstrip() for line in result.output.split("Usage")[1].split("╭")[0].splitlines()[1:]]
        paragraphs = [p.strip("\n").splitlines() for p in "\n".join(description).split("\n\n") if p.strip()]
        for lines in paragraphs:
            short = [line for line in lines[:-1] if len(line.rstrip()) < 50]
            assert not short, (command, short)


def test_every_command_refuses_a_format_it_does_not_write(tmp_path):
    """A usage error (exit 2) naming the formats, the same for every command: children
    and export took any value (children wrote a table), indicators exited 1."""
    store = ["--store", str(tmp_path / "none.duckdb")]
    for args, named in ((["validate", str(tmp_path), "--format", "xls"], "table, csv, json or html"),
                        (["indicators", "--format", "xls", *store], "table, csv or json"),
                        (["children", "in_care_31_march", "--format", "xls", *store], "table or csv"),
                        (["due", "--format", "xls", *store], "table or csv"),
                        (["report", "--year", "2025", "--format", "xls", *store], "html, pdf or both"),
                        (["export", "--year", "2025", "--format", "xls", "--out", str(tmp_path), *store],
                         "csv, xml or parquet")):
        result = runner.invoke(app, args)
        assert result.exit_code == 2 and f"Unknown format 'xls': use {named}." in result.output, args


def test_cli_default_store_is_the_store_modules():
    from caretrack.cli import _store_default
    from caretrack.store import DEFAULT_STORE

    assert str(_store_default()) == DEFAULT_STORE


def test_the_installed_command_leaves_a_whole_store(example, store_path):
    """`caretrack` as a process (its console script, `caretrack.cli:main`, which leaves
    objects to the operating system at exit): the store it loads holds every row, with
    no write-ahead log left to replay."""
    import subprocess
    import sys

    command = Path(sys.executable).with_name("caretrack")
    done = subprocess.run([str(command), "load", str(example), "--store", str(store_path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert not store_path.with_name(store_path.name + ".wal").exists()
    from caretrack.schema import table

    read = read_sources([example])
    expected: dict[str, int] = {}
    for tables in [*read.returns.values(), *read.operational.values()]:
        for name, rows in tables.items():
            expected[table(name).store_name] = expected.get(table(name).store_name, 0) + rows.num_rows
    with Store(store_path, read_only=True) as st:
        counts = {name: st.con.execute(f"SELECT count(*) FROM {name}").fetchone()[0] for name in expected}
    assert counts == expected and all(counts.values())
