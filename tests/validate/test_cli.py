"""`caretrack validate`: findings with child, table, source row, fields; exit codes; reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from caretrack.cli import app
from caretrack.io.problems import InputError
from caretrack.validate import validate
from caretrack.validate.files import read_return

runner = CliRunner()
HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nV1,M,01/01/2010,XXXX,,,\nV2,3,31/02/2010,WBRI,,,\nV3,F,01/01/2011,WBRI,,,\n"
# The Header's own rules: these tests are about the command's output, not the rules.
HEADER_RULES = ["--rule", "101", "--rule", "102", "--rule", "103"]


def _return(tmp_path):
    folder = tmp_path / "2025"
    folder.mkdir()
    (folder / "header.csv").write_text(HEADER)
    return folder


def test_api_gives_positions_per_rule_and_table():
    import pandas as pd

    header = pd.DataFrame({"CHILD": ["1", "2"], "SEX": ["M", "9"], "DOB": ["01/01/2010", "x"], "ETHNIC": ["WBRI", "WBRI"]})
    got = validate({"Header": header}, 2025, rules=["101", "102", "103"])
    assert got == {"101": {"Header": [1]}, "102": {"Header": [1]}, "103": {}}
    assert set(validate({"Header": header}, 2025, rules=["sw11bstg2", "392D"])) == {"SW11bSTG2", "392d"}  # any case


def test_api_refuses_an_earlier_return_that_is_not_earlier_than_last_years():
    import pandas as pd
    import pytest

    episodes = pd.DataFrame({"CHILD": ["1"], "DECOM": ["01/01/2023"]})
    with pytest.raises(ValueError, match="an earlier return is for 2023-24"):
        validate({"Episodes": episodes}, 2025, rules=["1002"], earlier={2024: {"Episodes": episodes}})


def test_earlier_returns_are_one_table_of_their_episodes_with_years_back():
    """The rules looking back over a child's history read one table of every earlier
    return's Episodes, each row with its position in its file and how many years back
    its return is; a return without Episodes adds nothing."""
    import pandas as pd
    import pyarrow as pa

    from caretrack.validate.engine import EARLIER, connect

    given = {2022: {"Episodes": pd.DataFrame({"CHILD": ["a"], "DECOM": ["01/05/2021"]})},
             2021: {"episodes": pa.table({"CHILD": ["B", "C"], "DECOM": [" 01/05/2020", ""]})},
             2020: {"Header": pd.DataFrame({"CHILD": ["D"]})}}
    con = connect({}, 2025, earlier=given)
    assert con.execute(f"SELECT YEARS_BACK, ROW_ID, CHILD, DECOM, RNE FROM {EARLIER} ORDER BY ALL").fetchall() == [
        (3, 0, "A", "01/05/2021", None), (4, 0, "B", "01/05/2020", None), (4, 1, "C", None, None)]
    assert connect({}, 2025).execute(f"SELECT count(*) FROM {EARLIER}").fetchone() == (0,)


def test_api_refuses_a_table_name_it_does_not_know():
    """A misspelt table name would leave its rows unchecked and the rules reading it
    finding nothing: it is refused, naming it. Names are matched in any case, and results
    given by the DfE's name."""
    import pandas as pd

    header = pd.DataFrame({"CHILD": ["1"], "SEX": ["9"]})
    with pytest.raises(ValueError, match="tables: no 903 table called 'Headr'"):
        validate({"Headr": header}, 2025, rules=["101"])
    with pytest.raises(ValueError, match="previous: no 903 table called 'Epsiodes'"):
        validate({"Header": header}, 2025, previous={"Epsiodes": header}, rules=["101"])
    with pytest.raises(ValueError, match="earlier\\[2022\\]: no 903 table called 'Episode'"):
        validate({"Header": header}, 2025, rules=["101"], earlier={2022: {"Episode": header}})
    with pytest.raises(ValueError, match="reference: no reference data called 'postcode'"):
        validate({"Header": header}, 2025, rules=["101"], reference={"postcode": header})
    assert validate({"header": header}, 2025, rules=["101"]) == {"101": {"Header": [0]}}  # by the DfE name


def test_files_read_as_rows_give_what_the_same_tables_in_arrow_give(example, tmp_path):
    """The command hands DuckDB the rows it read as a CSV file; the API takes Arrow or
    pandas. Same tables, same findings, values with commas, quotes and new lines too."""
    import pyarrow as pa

    from caretrack.validate import check
    from caretrack.validate.files import read_return

    header = example / "2025" / "header.csv"
    header.write_text(header.read_text() + 'Q1,M,"01/01/2010","WB,RI","a ""quoted""\nvalue",,\n')
    raw = read_return([example / "2025"], 2025)
    arrow = {n: pa.table({c: pa.array([r[i] for r in t.rows], pa.string()) for i, c in enumerate(t.columns)})
             for n, t in raw.tables.items()}
    assert list(raw.tables["Header"].rows[-1][3:5]) == ["WB,RI", 'a "quoted"\nvalue']
    from_rows, _ = check(raw.tables, 2025)
    assert any(rows for tables in from_rows.values() for rows in tables.values())
    assert from_rows == check(arrow, 2025)[0]


def test_json_findings_name_child_table_source_row_and_fields(tmp_path):
    result = runner.invoke(app, ["validate", str(_return(tmp_path)), "--format", "json", *HEADER_RULES])
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    assert {(f["child"], f["table"], f["row"], f["code"]) for f in findings} == {
        ("V1", "Header", 2, "103"), ("V2", "Header", 3, "101"), ("V2", "Header", 3, "102")
    }
    assert next(f for f in findings if f["code"] == "102")["fields"] == {"DOB": "31/02/2010"}


def test_a_finding_gives_the_childs_header_fields_its_row_has_not(tmp_path):
    """An age rule flags an episode, whose row has no date of birth: the finding gives
    the child's DOB from its Header, in every format, so the analyst need not look it
    up. A child with two Header rows gets none (either could be the one meant)."""
    folder = tmp_path / "2023"
    folder.mkdir()
    (folder / "header.csv").write_text("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nA1,1,01/06/2008,WBRI,,,\n"
                                       "A2,1,01/06/2009,WBRI,,,\nA2,1,01/06/2008,WBRI,,,\n")
    (folder / "episodes.csv").write_text("CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,"
                                         "HOME_POST,PL_POST,URN\nA1,31/05/2022,S,C2,N1,H5,PR1,,,,,,\n"
                                         "A2,31/05/2022,S,C2,N1,H5,PR1,,,,,,\n")
    args = ["validate", str(folder), "--rule", "371"]
    found = json.loads(runner.invoke(app, [*args, "--format", "json"]).stdout)["findings"]
    assert [(f["child"], f["table"], f["fields"], f["header"]) for f in found] == [
        ("A1", "Episodes", {"DECOM": "31/05/2022", "PLACE": "H5"}, {"DOB": "01/06/2008"}),
        ("A2", "Episodes", {"DECOM": "31/05/2022", "PLACE": "H5"}, {}),
    ]
    rows = runner.invoke(app, [*args, "--format", "csv"]).stdout.splitlines()
    assert rows[0].endswith(",fields,header") and rows[1].endswith(",DECOM=31/05/2022; PLACE=H5,DOB=01/06/2008")
    assert "DOB = 01/06/2008 <span class=\"from\">(Header)</span>" in runner.invoke(app, [*args, "--format", "html"]).stdout
    assert "DOB=01/06/2008 (Header)" in runner.invoke(app, args, env={"COLUMNS": "250"}).stdout


def test_the_tables_a_return_lacks_are_noted(tmp_path):
    """A Header alone makes every child "without episodes" (EPI): the report says which of
    the year's tables the return did not give, in JSON, HTML and on standard error."""
    folder = _return(tmp_path)
    expected = ("The return has no Episodes, UASC, Reviews, OC2, OC3, AD1, PlacedAdoption, PrevPerm, Missing, "
                "SWEpisodes tables: the rules read them as empty, and flag what they then expect there.")
    result = runner.invoke(app, ["validate", str(folder), *HEADER_RULES, "--format", "json"])
    assert json.loads(result.stdout)["notes"] == [expected]
    assert expected in " ".join(result.stderr.split())
    html = runner.invoke(app, ["validate", str(folder), *HEADER_RULES, "--format", "html"]).stdout
    assert f'<p class="note">{expected}</p>' in html
    assert html.index('class="note"') < html.index("Summary by rule")  # read before the findings it explains
    from caretrack.schema import SSDA903_TABLES

    for table in SSDA903_TABLES:  # the others, as files of no rows
        if table.name != "Header" and 2025 in table.years:
            (folder / f"{table.name}.csv").write_text(",".join(table.column_names) + "\n")
    assert json.loads(runner.invoke(app, ["validate", str(folder), *HEADER_RULES, "--format", "json"]).stdout)[
        "notes"] == []
    (tmp_path / "2024").mkdir()
    (tmp_path / "2024" / "header.csv").write_text(HEADER)
    (tmp_path / "2024" / "episodes.csv").write_text((folder / "Episodes.csv").read_text())
    with_last = runner.invoke(app, ["validate", str(folder), "--previous", str(tmp_path / "2024"), *HEADER_RULES,
                                    "--format", "json"])
    assert json.loads(with_last.stdout)["notes"] == [
        "Last year's return has no UASC, Reviews, OC2, OC3, AD1, PlacedAdoption, PrevPerm, Missing, SWEpisodes tables: "
        "the rules read them as empty, and flag what they then expect there."]
    # An XML return has no tables to leave out: a child without adoption records has none.
    xml = tmp_path / "SSDA903_2025.xml"
    xml.write_text('<?xml version="1.0"?>\n<EXPSSDA903><CHILD><HEADER><CHILDID>X1</CHILDID><SEX>M</SEX>'
                   "<DOB>01/01/2010</DOB><ETHNIC>WBRI</ETHNIC></HEADER></CHILD></EXPSSDA903>\n")
    assert json.loads(runner.invoke(app, ["validate", str(xml), *HEADER_RULES, "--format", "json"]).stdout)[
        "notes"] == []


def test_dates_not_written_dd_mm_yyyy_are_noted_without_their_values(tmp_path):
    """An extract with ISO dates, or a spreadsheet's midnight time, loads (caretrack load
    reads both) but gives a "not a valid date" finding for every date, as the DfE's
    rules would, with no word why: 4,616 findings for Demo County's 2024-25 return with
    ISO dates. A note now says which file, columns and form, and how many; never a date."""
    folder = tmp_path / "2025"
    folder.mkdir()
    (folder / "header.csv").write_text("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
                                       "V1,M,2010-01-31,WBRI,,,\nV2,F,31/01/2011 00:00,WBRI,,,2011-05-01T00:00:00\n"
                                       "V3,F,31/01/2011,WBRI,,,\nV4,F,01-02-2011,WBRI,,,\n")
    result = runner.invoke(app, ["validate", str(folder), "--rule", "102", "--format", "json"])
    report = json.loads(result.stdout)
    assert [f["child"] for f in report["findings"]] == ["V1", "V2", "V4"]  # the DfE's form alone is a date
    assert report["notes"][0] == (
        f"{folder / 'header.csv'}: 3 dates (DOB, MC_DOB) written YYYY-MM-DD or with a time, not dd/mm/YYYY as the "
        "return's dates are: the rules read them as not valid dates. To put them right: caretrack load reads these "
        "forms, and caretrack export then writes the return with dd/mm/YYYY dates.")
    assert "2010" not in " ".join(report["notes"]) and "2010" not in result.stderr


def test_values_and_paths_are_shown_as_they_are_not_read_as_markup(tmp_path):
    """The terminal read what it printed as rich markup: a child "[/x]" stopped the
    command with a traceback, and "[old]" in a folder's name vanished."""
    folder = tmp_path / "[old]" / "2025"
    folder.mkdir(parents=True)
    (folder / "header.csv").write_text("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n[/x],Z,01/01/2010,WBRI,,,\n"
                                       "[bold]B1,Z,01/01/2010,WBRI,,,\n")
    shown = runner.invoke(app, ["validate", str(folder), "--rule", "101"], env={"COLUMNS": "200"})
    assert shown.exit_code == 1, shown.output
    assert "│ [/x] " in shown.stdout and "│ [bold]B1 " in shown.stdout
    (folder / "header.csv").write_text("CHILD,SEX\n")
    refused = runner.invoke(app, ["validate", str(folder)], env={"COLUMNS": "200"})
    assert refused.exit_code == 2 and f"{tmp_path}/[old]/2025/header.csv" in refused.stderr


def test_clean_return_exits_zero(tmp_path):
    folder = _return(tmp_path)
    (folder / "header.csv").write_text("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nV3,F,01/01/2011,WBRI,,,\n")
    result = runner.invoke(app, ["validate", str(folder), *HEADER_RULES])
    assert result.exit_code == 0 and "No errors found." in result.output and "not run" not in result.output
    # The rules that did not run are named with why, found or not: "No errors found" alone
    # passed a return none of whose year-on-year rules had run.
    result = runner.invoke(app, ["validate", str(folder), *HEADER_RULES, "--rule", "202"], env={"COLUMNS": "250"})
    assert result.exit_code == 0 and "No errors found by the rules run." in result.output
    assert "1 rule(s) not run, needs the previous year's return (--previous): 202" in result.output


def test_html_report_groups_by_child(tmp_path):
    out = tmp_path / "reports" / "report.html"  # a folder not there yet is made
    result = runner.invoke(app, ["validate", str(_return(tmp_path)), "--format", "html", "--out", str(out), *HEADER_RULES])
    assert result.exit_code == 1
    html = out.read_text()
    assert "Child V2: 2 finding(s)" in html and "Child V1: 1 finding(s)" in html
    # Each rule in the summary links to its children's findings.
    assert "<h1>SSDA903 validation, collection year 2024-25</h1>" in html  # no authority.toml, no --la
    assert '<table id="child-V2">' in html and '<summary>1 child(ren)</summary><a href="#child-V2">V2</a>' in html
    assert "<caption>" in html and 'lang="en-GB"' in html


def test_the_report_format_follows_out_unless_given(tmp_path):
    """`--out report.html` without --format printed the table and wrote nothing. The
    format is now the --out file's (by its suffix); a suffix that names none, the table
    with --out, or a folder as --out (it said "give --format for the" folder), is a usage
    error."""
    folder = _return(tmp_path)
    # A CSV file starts with a byte order mark, by which Excel reads the DfE's "children’s"
    # as UTF-8 (it showed "childrenâ€™s"); on standard output, piped to a tool, it has none.
    for name, first in (("r.html", "<!DOCTYPE html>"), ("r.CSV", "\ufeffchild,table,row"), ("r.json", "{")):
        result = runner.invoke(app, ["validate", str(folder), *HEADER_RULES, "--out", str(tmp_path / name)])
        assert result.exit_code == 1 and (tmp_path / name).read_text().startswith(first), (name, result.output)
    piped = runner.invoke(app, ["validate", str(folder), *HEADER_RULES, "--format", "csv"])
    assert piped.stdout.startswith("child,table,row")
    for args, message in ((["--out", str(tmp_path / "r.txt")], "Give --format csv, json or html for the"),
                          (["--out", str(tmp_path / "r.html"), "--format", "table"], "--format table is for the terminal"),
                          (["--format", "xlsx"], "Unknown format 'xlsx'"),
                          (["--out", str(tmp_path)], f"--out {tmp_path} is a folder: give the report's file")):
        result = runner.invoke(app, ["validate", str(folder), *HEADER_RULES, *args])
        assert result.exit_code == 2 and message in " ".join(result.output.split()), (args, result.output)
    assert not (tmp_path / "r.txt").exists()


def test_nothing_to_check_exits_2(tmp_path):
    """An empty folder, or one without a table of the return, passed as clean (exit 0):
    a pipeline gated on the check let it through. It is refused, saying why."""
    (tmp_path / "empty").mkdir()
    (tmp_path / "visits").mkdir()
    (tmp_path / "visits" / "visits.csv").write_text("CHILD,VISIT_DATE,WORKER_ID,SEEN_ALONE\nV1,01/05/2024,W1,Y\n")
    for folder, why in (("empty", "no data files in the folder"),
                        ("visits", "no table of the SSDA903 return in the files")):
        result = runner.invoke(app, ["validate", str(tmp_path / folder), "--year", "2025"])
        assert result.exit_code == 2, result.output
        with pytest.raises(InputError) as refused:
            read_return([tmp_path / folder], 2025)
        assert [p.message for p in refused.value.problems] == [why]


def test_a_return_whose_year_cannot_be_told_is_refused(tmp_path):
    """A Header alone, in a folder and file whose names give no year, has no episode,
    review or missing date to tell the year from: validate ended in a traceback
    (load refused it, naming the file)."""
    (tmp_path / "undated").mkdir()
    (tmp_path / "undated" / "header.csv").write_text(HEADER)
    result = runner.invoke(app, ["validate", str(tmp_path / "undated" / "header.csv")])
    assert result.exit_code == 2 and "Traceback" not in result.output
    with pytest.raises(InputError) as refused:
        read_return([tmp_path / "undated"])
    assert [(p.message, p.expected) for p in refused.value.problems] == [
        ("cannot tell the collection year", "--year, or the year in a folder or file name")]
    given = runner.invoke(app, ["validate", str(tmp_path / "undated"), "--year", "2025", *HEADER_RULES])
    assert given.exit_code == 1  # V2's SEX and DOB


def test_a_previous_return_named_for_another_year_is_refused(tmp_path):
    """This year's return given as --previous by mistake made thousands of findings (502,
    503A-F...). When the files' names give a year, --previous must be last year's; when
    they give none, its latest date must not be in this return's year."""
    folder = _return(tmp_path)
    result = runner.invoke(app, ["validate", str(folder), "--previous", str(folder), *HEADER_RULES])
    assert result.exit_code == 2
    assert "--previous takes last year's return (2023-24), but the name '2025' is for 2024-25" in " ".join(
        result.output.split())
    (tmp_path / "2024").mkdir()
    (tmp_path / "2024" / "header.csv").write_text(HEADER)
    assert runner.invoke(app, ["validate", str(folder), "--previous", str(tmp_path / "2024"), *HEADER_RULES]).exit_code == 1
    # With no year in its names, its dates tell: an episode of 2024-25 is not last year's.
    episodes = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
    for name, decom in (("this", "01/06/2024"), ("last", "01/06/2023")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "header.csv").write_text(HEADER)
        (tmp_path / name / "episodes.csv").write_text(episodes + f"V1,{decom},S,C2,N1,U1,PR1,,,,,,\n")
    mistaken = runner.invoke(app, ["validate", str(folder), "--previous", str(tmp_path / "this"), *HEADER_RULES])
    assert mistaken.exit_code == 2 and ("but its latest episode, review or missing date is in 2024-25, this "
                                        "return's year" in " ".join(mistaken.output.split()))
    assert runner.invoke(app, ["validate", str(folder), "--previous", str(tmp_path / "last"), *HEADER_RULES]).exit_code == 1


def test_a_year_or_rule_caretrack_does_not_have_is_a_usage_error(tmp_path):
    folder = _return(tmp_path)
    for args, message in ((["--year", "2021"], "no validation rules for collection year 2020-21; rules cover 2022-23 "
                                                "to 2026-27"),
                          (["--rule", "999"], "no such rule(s) for 2024-25: 999")):
        result = runner.invoke(app, ["validate", str(folder), *args])
        assert result.exit_code == 2 and message in " ".join(result.output.split()), result.output


def test_a_folder_of_several_years_is_refused_naming_them(tmp_path):
    """A folder of returns by year given as the return (or as --previous) made a hundred
    problems, "a second Header table" and so on. It is refused, saying what to give."""
    for y in (2024, 2025):
        (tmp_path / "returns" / str(y)).mkdir(parents=True)
        (tmp_path / "returns" / str(y) / "header.csv").write_text(HEADER)
    returns = tmp_path / "returns"
    for args in ([str(returns)], [str(returns / "2025"), "--previous", str(returns)]):
        result = runner.invoke(app, ["validate", *args, *HEADER_RULES])
        assert result.exit_code == 2 and (
            f"{returns} holds the returns of 2023-24 to 2024-25: give one year's folder, such as {returns / '2025'} "
            f"(with --previous {returns / '2024'} and --earlier {returns})") in " ".join(result.output.split()), args


def test_unreadable_files_exit_2(tmp_path):
    (tmp_path / "episodes.csv").write_bytes(b"\x00\x01\x02binary")
    result = runner.invoke(app, ["validate", str(tmp_path), "--year", "2025"])
    assert result.exit_code == 2 and "binary file" in result.output


def test_a_row_that_cannot_be_read_stops_the_check_and_is_named(tmp_path):
    """A row with the wrong number of values was dropped without a word, and its child's
    other rows then reported as having no Header: it is an error naming file and row,
    nothing is checked and no report written (exit 2). So is an XML CHILD without a
    HEADER. An extra column is a warning (on standard error), and the return is checked
    all the same."""
    folder = _return(tmp_path)
    out = tmp_path / "report.csv"
    (folder / "header.csv").write_text(HEADER + "V4,F,01/01/2011\n")
    result = runner.invoke(app, ["validate", str(folder), "--format", "csv", "--out", str(out), *HEADER_RULES])
    assert result.exit_code == 2 and "Cannot validate" in result.output and not out.exists()
    with pytest.raises(InputError) as refused:
        read_return([folder], 2025)
    assert [(Path(p.file).name, p.row, p.message) for p in refused.value.problems] == [
        ("header.csv", 5, "row has 3 values but the header has 7")]
    (tmp_path / "xml").mkdir()
    (tmp_path / "xml" / "SSDA903_2025.xml").write_text(
        '<?xml version="1.0"?>\n<EXPSSDA903>\n<CHILD><EPISODE><DECOM>01/06/2024</DECOM></EPISODE></CHILD>\n</EXPSSDA903>\n')
    with pytest.raises(InputError) as refused:
        read_return([tmp_path / "xml"], 2025)
    assert [(p.row, p.message) for p in refused.value.problems] == [(3, "CHILD element without a HEADER")]
    (folder / "header.csv").write_text(HEADER.replace("MC_DOB\n", "MC_DOB,NOTE\n").replace(",,\n", ",,,x\n"))
    result = runner.invoke(app, ["validate", str(folder), "--format", "csv", "--out", str(out), *HEADER_RULES])
    assert result.exit_code == 1 and "Warnings (checked all the same)" in result.stderr
    assert [(p.row, p.column, p.message) for p in read_return([folder], 2025).warnings] == [
        (1, "NOTE", "extra column ignored (not part of Header)")]
    # The JSON and HTML reports carry them too.
    as_json = json.loads(runner.invoke(app, ["validate", str(folder), "--format", "json", *HEADER_RULES]).stdout)
    assert [{k: w[k] for k in ("row", "column", "warning")} for w in as_json["warnings"]] == [
        {"row": 1, "column": "NOTE", "warning": "extra column ignored (not part of Header)"}]
    runner.invoke(app, ["validate", str(folder), "--format", "html", "--out", str(tmp_path / "r.html"), *HEADER_RULES])
    html = (tmp_path / "r.html").read_text()
    assert "Warnings from reading the files" in html and "extra column ignored (not part of Header)" in html
    assert out.read_text().count("\n") == 4  # the heading and V1's and V2's three findings


def test_many_authorities_each_checked_with_a_report(tmp_path):
    """`--authorities`: one folder per authority (with its authority.toml), each return
    checked on its own and reported in its own file."""
    for la, sex in (("801", "M"), ("802", "X")):
        folder = tmp_path / "all" / la / "2025"
        folder.mkdir(parents=True)
        (folder.parent / "authority.toml").write_text(f'la = "{la}"\n')
        (folder / "header.csv").write_text(f"CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nV1,{sex},01/01/2010,WBRI,,,\n")
    out = tmp_path / "reports"
    result = runner.invoke(app, ["validate", str(tmp_path / "all"), "--authorities", "--year", "2025", "--format", "csv",
                                 "--out", str(out), *HEADER_RULES])
    assert result.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == ["801-2025.csv", "802-2025.csv"]
    assert (out / "801-2025.csv").read_text().count("\n") == 1  # the heading only
    assert (out / "801-2025.csv").read_text().startswith("\ufeffchild,")  # for Excel, as above
    rows = (out / "802-2025.csv").read_text().splitlines()[1:]
    assert len(rows) == 1 and ",101," in rows[0]


def test_many_authorities_each_checked_with_its_earlier_returns(tmp_path):
    """`--authorities` gives each authority's years before last year's to rules 1001 and
    1002, as --earlier does: a care leaver whose care ended two years ago is no finding."""
    episodes = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
    authority = tmp_path / "all" / "801"
    for year, rows in ((2025, "V1,01/06/2024,S,C2,N1,U1,PR1,,,,,,\n"), (2024, "V1,01/06/2023,S,C2,N1,U1,PR1,,,,,,\n"),
                       (2022, "L1,01/05/2021,S,C2,N1,U1,PR1,01/03/2022,E8,,,,\n")):
        (authority / str(year)).mkdir(parents=True)
        (authority / str(year) / f"SSDA903_{year}_Episodes.csv").write_text(episodes + rows)
    (authority / "authority.toml").write_text('la = "801"\n')
    (authority / "2025" / "SSDA903_2025_OC3.csv").write_text("CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\nL1,01/06/2006,YES,F1,B1\n")
    out = tmp_path / "reports"
    result = runner.invoke(app, ["validate", str(tmp_path / "all"), "--authorities", "--year", "2025", "--format", "csv",
                                 "--out", str(out), "--rule", "1002"])
    assert result.exit_code == 0, result.output
    assert (out / "801-2025.csv").read_text().count("\n") == 1  # the heading only
    (authority / "2022" / "SSDA903_2022_Episodes.csv").unlink()
    (authority / "2022").rmdir()
    assert runner.invoke(app, ["validate", str(tmp_path / "all"), "--authorities", "--year", "2025", "--format", "csv",
                               "--out", str(out), "--rule", "1002"]).exit_code == 1


def test_many_authorities_one_unreadable(tmp_path):
    """`--authorities` with one authority whose return cannot be read: that one is listed
    as not checked, with its file, and no report; the others are checked and reported
    (exit 2)."""
    for la, header in (("801", HEADER), ("802", HEADER + "V4,F\n")):
        folder = tmp_path / "all" / la / "2025"
        folder.mkdir(parents=True)
        (folder.parent / "authority.toml").write_text(f'la = "{la}"\n')
        (folder / "header.csv").write_text(header)
    out = tmp_path / "reports"
    result = runner.invoke(app, ["validate", str(tmp_path / "all"), "--authorities", "--year", "2025", "--format", "csv",
                                 "--out", str(out), *HEADER_RULES])
    assert result.exit_code == 2
    assert "Authority 802 not checked: these files cannot be read" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["801-2025.csv"]
    assert (out / "801-2025.csv").read_text().count("\n") == 4
    # As HTML, with an index of the authorities beside the reports.
    html = tmp_path / "html"
    assert runner.invoke(app, ["validate", str(tmp_path / "all"), "--authorities", "--year", "2025", "--format", "html",
                               "--out", str(html), *HEADER_RULES]).exit_code == 2
    assert sorted(p.name for p in html.iterdir()) == ["801-2025.html", "index.html"]
    index = " ".join((html / "index.html").read_text().split())
    assert "<p>1 of 2 authorities have findings; 3 finding(s) in all. 1 could not be checked.</p>" in index
    assert ('<tr><td>801</td> <td>3</td><td><span class="code">101</span> (1), <span class="code">102</span> (1), '
            '<span class="code">103</span> (1)</td> <td><a href="801-2025.html">801-2025.html</a></td></tr>') in index
    assert "<tr><td>802</td> <td></td><td>not checked: its files cannot be read (1 problem(s))</td>" in index


def test_reference_data_without_its_columns_is_refused(tmp_path):
    """A postcode directory without its columns was taken, and the rules reading it ran
    on blanks: it is refused, naming each missing column. Column names in any case."""
    folder = _return(tmp_path)
    postcodes = tmp_path / "postcodes.csv"
    postcodes.write_text("POSTCODE,X,Y\n")
    result = runner.invoke(app, ["validate", str(folder), "--postcodes", str(postcodes), *HEADER_RULES])
    assert result.exit_code == 2 and "missing column" in result.output
    from caretrack.cli import _reference_data

    with pytest.raises(InputError) as refused:
        _reference_data(None, postcodes)
    assert [p.column for p in refused.value.problems] == ["EASTING", "NORTHING", "LA_CODE"]
    postcodes.write_text("postcode,easting,northing,la_code\n")
    assert list(_reference_data(None, postcodes)) == ["postcodes"]
    # In UTF-16 or Windows-1252, as the loader reads files, not only UTF-8.
    postcodes.write_text("POSTCODE,EASTING,NORTHING,LA_CODE\nAB1 2CD,1,2,990\n", encoding="utf-16")
    assert _reference_data(None, postcodes)["postcodes"].to_dict("records") == [
        {"POSTCODE": "AB1 2CD", "EASTING": "1", "NORTHING": "2", "LA_CODE": "990"}]
    # A file that is not there: the error ended in a traceback once the file was read as text.
    result = runner.invoke(app, ["validate", str(folder), "--providers", str(tmp_path / "none.csv"), *HEADER_RULES])
    assert result.exit_code == 2 and "Traceback" not in result.output
    with pytest.raises(InputError) as refused:
        _reference_data(tmp_path / "none.csv", None)
    assert [(p.file, p.message) for p in refused.value.problems] == [
        (str(tmp_path / "none.csv"), "cannot be read (No such file or directory)")]


def test_an_authority_toml_that_is_not_toml_is_named_with_its_line(tmp_path):
    """A broken authority.toml stopped `load` with tomllib's traceback, and `validate`
    with its message alone ("Illegal character"), naming no file."""
    folder = _return(tmp_path)
    (tmp_path / "authority.toml").write_text('name = "Demo County"\nla = "990\n')
    checked = runner.invoke(app, ["validate", str(folder), *HEADER_RULES])
    loaded = runner.invoke(app, ["load", str(tmp_path), "--store", str(tmp_path / "s.duckdb")])
    assert (checked.exit_code, loaded.exit_code) == (2, 1) and "Traceback" not in checked.output + loaded.output
    assert not (tmp_path / "s.duckdb").exists()
    from caretrack.io.sources import read_sources

    with pytest.raises(InputError) as refused:
        read_sources([tmp_path])
    assert [(p.file, p.row, p.message) for p in refused.value.problems] == [
        (str(tmp_path / "authority.toml"), 2, "not valid TOML: Illegal character '\\n'")]


def test_the_authority_code_comes_from_the_nearest_authority_toml(tmp_path):
    """Rule 1015 (own provision outside the authority) needs the postcode directory and
    the return's own LA code: with a postcode directory but no authority.toml it is
    listed as not run, with why; with an authority.toml above the return it runs."""
    folder = _return(tmp_path)
    postcodes = tmp_path / "postcodes.csv"
    postcodes.write_text("POSTCODE,EASTING,NORTHING,LA_CODE\n")
    args = ["validate", str(folder), "--format", "json", "--postcodes", str(postcodes), "--rule", "1015"]
    skipped = json.loads(runner.invoke(app, args).stdout)["skipped"]
    assert skipped == {"1015": "needs the return's local authority code (--la, or `la` in authority.toml)"}
    (tmp_path / "authority.toml").write_text('la = "E10000034"\n')
    assert json.loads(runner.invoke(app, args).stdout)["skipped"] == {}


def test_earlier_returns_give_the_whole_history_of_care(tmp_path):
    """Rule 1002 (care leaver information for a child with no previous episodes): a
    young person who left care two years ago is flagged with last year's return alone,
    not once `--earlier` gives the returns before it, as one return or as a folder of
    returns by year (of which this year's and last year's are not taken again). A return
    that is not earlier than last year's is refused, naming it."""
    episodes = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
    for year, rows in ((2025, "V1,01/06/2024,S,C2,N1,U1,PR1,,,,,,\n"), (2024, "V1,01/06/2023,S,C2,N1,U1,PR1,,,,,,\n"),
                       (2022, "L1,01/05/2021,S,C2,N1,U1,PR1,01/03/2022,E8,,,,\n")):
        (tmp_path / "all" / str(year)).mkdir(parents=True)
        (tmp_path / "all" / str(year) / f"SSDA903_{year}_Episodes.csv").write_text(episodes + rows)
    (tmp_path / "all" / "2025" / "SSDA903_2025_OC3.csv").write_text("CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\nL1,01/06/2006,YES,F1,B1\n")
    this, last = tmp_path / "all" / "2025", tmp_path / "all" / "2024"
    args = ["validate", str(this), "--previous", str(last), "--rule", "1002", "--format", "json"]
    flagged = runner.invoke(app, args)
    assert flagged.exit_code == 1 and [f["child"] for f in json.loads(flagged.stdout)["findings"]] == ["L1"]
    for earlier in (tmp_path / "all" / "2022", tmp_path / "all"):
        result = runner.invoke(app, [*args, "--earlier", str(earlier)])
        assert result.exit_code == 0 and json.loads(result.stdout)["findings"] == []
    # Without them, the reports say what the finding may be.
    html = ["--format", "html", "--out", str(tmp_path / "report.html")]
    runner.invoke(app, [*args, *html])
    assert "give the earlier returns with --earlier" in (tmp_path / "report.html").read_text()
    runner.invoke(app, [*args, *html, "--earlier", str(tmp_path / "all" / "2022")])
    assert "--earlier" not in (tmp_path / "report.html").read_text()
    refused = runner.invoke(app, [*args, "--earlier", str(last)])
    assert refused.exit_code == 2
    assert "the return for 2023-24 is not earlier than last year's" in " ".join(refused.output.split())


def test_an_earlier_folder_without_an_earlier_year_is_refused(tmp_path):
    """`--earlier FOLDER` whose year folders are all last year's or later was taken as
    no earlier return: 1001 and 1002 then saw two years only, and the report said to
    give --earlier, which had been given."""
    folder = _return(tmp_path)  # tmp_path/2025
    (tmp_path / "2024").mkdir()
    result = runner.invoke(app, ["validate", str(folder), "--earlier", str(tmp_path), *HEADER_RULES])
    assert result.exit_code == 2
    assert (f"{tmp_path} holds no return before last year's (2023-24): its years are 2023-24 to 2024-25"
            in " ".join(result.output.split()))


def test_an_earlier_return_is_read_for_its_episodes_alone(tmp_path):
    """Of an earlier return only the Episodes are read (engine.EARLIER_TABLES): its other
    files are recognised by their header and their rows skipped, so a bad row there, which
    a return being checked is refused for, does not stop the check of a later year. A
    file that is no 903 table is still refused."""
    from caretrack.validate.engine import EARLIER_TABLES

    folder = tmp_path / "2022"
    folder.mkdir()
    (folder / "SSDA903_2022_Episodes.csv").write_text(
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
        "L1,01/05/2021,S,C2,N1,U1,PR1,01/03/2022,E8,,,,\n")
    (folder / "SSDA903_2022_Header.csv").write_text("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nL1,1,01/06/2006\n")
    with pytest.raises(InputError) as whole:
        read_return([folder], 2022)
    assert [(p.row, "Header" in p.file) for p in whole.value.problems] == [(2, True)]
    raw = read_return([folder], 2022, EARLIER_TABLES)
    assert list(raw.tables) == ["Episodes"] and raw.tables["Episodes"].rows == [
        ("L1", "01/05/2021", "S", "C2", "N1", "U1", "PR1", "01/03/2022", "E8", "", "", "", "")]
    (folder / "notes.csv").write_text("WHO,WHAT\nx,y\n")
    with pytest.raises(InputError):
        read_return([folder], 2022, EARLIER_TABLES)


def test_an_xml_return_is_checked_for_its_uasc_status(tmp_path):
    """An XML return gives each child's UASC status in its HEADER, and rules 105 (status
    invalid or blank) and 303 (DUC given, status not 1) check it, naming the HEADER's
    line and the value. A CSV return has no such field: the rules are listed as not run,
    with why."""
    header = "<CHILDID>{}</CHILDID><SEX>M</SEX><DOB>01/01/2010</DOB><ETHNIC>WBRI</ETHNIC>"
    (tmp_path / "SSDA903_2025.xml").write_text(
        '<?xml version="1.0"?>\n<EXPSSDA903>\n'
        f"<CHILD><HEADER>{header.format('X1')}<UASC>1</UASC><DUC>01/01/2028</DUC></HEADER></CHILD>\n"
        f"<CHILD><HEADER>{header.format('X2')}<UASC>7</UASC></HEADER></CHILD>\n"
        f"<CHILD><HEADER>{header.format('X3')}<UASC>0</UASC><DUC>01/01/2028</DUC></HEADER></CHILD>\n"
        "</EXPSSDA903>\n")
    result = runner.invoke(app, ["validate", str(tmp_path / "SSDA903_2025.xml"), "--format", "json",
                                 "--rule", "105", "--rule", "303"])
    assert result.exit_code == 1, result.output
    found = json.loads(result.stdout)
    assert sorted((f["code"], f["child"], f["table"], f["row"], f["fields"], f["header"])
                  for f in found["findings"]) == [
        ("105", "X2", "Header", 4, {"UASC": "7"}, {}),
        # each row with the fields it has, and those it has not from the child's Header
        ("303", "X3", "Header", 5, {"UASC": "0"}, {}),
        ("303", "X3", "UASC", 5, {"DUC": "01/01/2028"}, {"UASC": "0"}),
    ]
    # Reading X3 as a UASC child (it has a DUC) is said, for `caretrack load` too.
    assert [(w["row"], w["column"]) for w in found["warnings"]] == [(5, "UASC")]
    assert "read as a UASC child" in found["warnings"][0]["warning"]
    folder = _return(tmp_path)
    skipped = json.loads(runner.invoke(app, ["validate", str(folder), "--format", "json", "--rule", "105"]).stdout)["skipped"]
    assert skipped == {"105": "needs an XML return: UASC status is a field of its HEADER (a CSV return lists UASC "
                              "children in its UASC table)"}


def test_explain_shows_a_rules_definition_and_the_sql_it_runs():
    """`caretrack explain CODE`: the rule of that year, with its message, fields, years and
    SQL, the derived tables it reads first; a year it does not apply in, a code that is no
    rule, and another SQL dialect are refused."""
    wide = {"COLUMNS": "250"}
    shown = runner.invoke(app, ["explain", "371", "--year", "2024"], env=wide)
    assert shown.exit_code == 0, shown.output
    assert "Rule 371 (2023-24): Child in semi-independent living accommodation not subject to children’s homes " \
           "regulations should be at least 16." in shown.stdout
    assert "Years: 2023-24 (worded or defined otherwise in 2022-23, 2024-25 to 2026-27)" in shown.stdout
    assert shown.stdout.rstrip().endswith("WHERE e.PLACE = 'H5' AND age(to_date(h.DOB), to_date(e.DECOM)) < 16;")
    history = runner.invoke(app, ["explain", "1001"], env=wide).stdout
    assert "Needs: the previous year's return (--previous)" in history
    assert history.index("CREATE TABLE episodes_every_year AS") < history.index("-- rule 1001")
    for args, code, message in ((["231", "--year", "2023"], 1, "Rule 231 applies in 2024-25 to 2026-27, not in 2022-23."),
                                (["102", "--dialect", "spark"], 2, "A validation rule is DuckDB SQL"),
                                (["nothing"], 1, "'nothing' is neither an indicator")):
        refused = runner.invoke(app, ["explain", *args], env=wide)
        assert refused.exit_code == code and message in refused.output, (args, refused.output)


def test_docs_list_every_rule():
    from caretrack.validate.describe import rules_markdown

    docs = Path(__file__).parents[2] / "docs" / "validation-rules.md"
    assert docs.read_text(encoding="utf-8") == rules_markdown(), (
        "run: python -m caretrack.validate.describe > docs/validation-rules.md")


def test_without_path_the_stores_return_is_checked(example, store_path):
    """No PATH: the store's return for --year (default its latest) and --la, with the
    store's earlier years, gives what its files give, each finding naming the store."""
    assert runner.invoke(app, ["load", str(example), "--store", str(store_path)]).exit_code == 0
    from_files = json.loads(runner.invoke(app, ["validate", str(example / "2025"), "--format", "json"]).stdout)
    stored = runner.invoke(app, ["validate", "--store", str(store_path), "--format", "json"])
    assert stored.exit_code == 1 and "Collection year 2024-25 (the latest the store holds)" in stored.stderr
    found = json.loads(stored.stdout)
    assert {f["file"] for f in found["findings"]} == {f"{store_path} (999, 2024-25)"}
    assert {f["row"] for f in found["findings"]} == {None}
    key = lambda f: (f["code"], f["child"], f["table"], sorted(f["fields"].items()))  # noqa: E731
    assert sorted(map(key, found["findings"])) == sorted(map(key, from_files["findings"]))
    assert found["skipped"] == from_files["skipped"]
    html = runner.invoke(app, ["validate", "--store", str(store_path), "--format", "html"]).stdout
    assert '<th scope="col">row</th>' not in html and "None" not in html and "<caption>Child " in html
    assert "<h1>SSDA903 validation, 999, collection year 2024-25</h1>" in html
    for args, message in ((["--year", "2024"], "The store holds no return for 2023-24; it holds 2024-25."),
                          (["--previous", str(example)], "--previous and --earlier are for a return's files"),
                          (["--store", str(store_path.with_name("none.duckdb"))], "No store at")):
        refused = runner.invoke(app, ["validate", "--store", str(store_path), *args])
        assert refused.exit_code == 2 and message in " ".join(refused.output.split()), refused.output


def test_the_stores_return_is_checked_with_its_earlier_years(golden_store):
    """The golden authority holds 2022-23 to 2024-25: its 2024-25 return checked from the
    store finds what its files find with --previous and --earlier (1001 and 1002 among
    them, which read the earlier years)."""
    golden = Path(__file__).parents[1] / "indicators" / "golden"
    # The store keeps rows in its own order, so findings are compared by what they show.
    key = lambda f: (f["code"], f["child"], f["table"], sorted(f["fields"].items()))  # noqa: E731
    files = json.loads(runner.invoke(app, ["validate", str(golden / "2025"), "--previous", str(golden / "2024"),
                                           "--earlier", str(golden), "--format", "json"]).stdout)
    stored = json.loads(runner.invoke(app, ["validate", "--store", str(golden_store), "--format", "json"]).stdout)
    assert {"1001", "1002"} <= {f["code"] for f in files["findings"]}
    assert sorted(map(key, stored["findings"])) == sorted(map(key, files["findings"]))
    # The files lack some tables (noted); the store holds every table, some with no rows.
    assert len(files["notes"]) == 2 and stored["notes"] == []
