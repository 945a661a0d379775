"""The bad-input corpus (tests/corpus/bad): every file is refused with a message that
names the file, row and column, the exit code is non-zero and the store is unchanged.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from caretrack.cli import app
from caretrack.io.problems import InputError
from caretrack.io.sources import read_sources
from caretrack.store import Store

CORPUS = Path(__file__).parent / "corpus" / "bad"
runner = CliRunner()

# file -> (row, column, words the message must contain); None where it does not apply.
CASES = {
    "missing_column.csv": (1, "LS", "missing column for table Episodes"),
    "bad_date.csv": (3, "DOB", "not a valid value"),
    "bad_date_words.csv": (2, "REVIEW", "not a valid value"),
    "unknown_code.csv": (3, "LS", "unknown code"),
    "duplicate_row.csv": (4, None, "duplicate of row 2"),
    "duplicate_key.csv": (3, None, "same CHILD as row 2"),
    "empty.csv": (None, None, "the file is empty"),
    "truncated.csv": (3, None, "the file looks truncated"),
    "unclosed_quote.csv": (2, None, "unclosed quote"),
    "unknown_columns.csv": (1, None, "do not match any 903 or operational table"),
    # A spreadsheet saved with semicolons as its list separator: was "do not match any table".
    "semicolons.csv": (1, None, "the values are separated by semicolons, not commas"),
    "blank_required.csv": (2, "DECOM", "a value is required"),
    "number_too_large.csv": (3, "SDQ_SCORE", "not a valid value"),  # beyond the store's 32-bit INTEGER
    "too_many_values.csv": (2, None, "row has 5 values but the header has 4"),
    "repeated_column.csv": (1, "DOB", "column appears more than once"),
    "billion_laughs.xml": (None, None, "refused unsafe XML"),
    "external_entity.xml": (None, None, "refused unsafe XML"),
    "remote_dtd.xml": (None, None, "refused unsafe XML"),
    "malformed.xml": (4, None, "not well-formed XML"),
    "wrong_root.xml": (1, None, "root element is <RETURN>"),
    "bad_date.xml": (5, "DECOM", "not a valid value"),
    # Was dropped without a word: the child then counted as not UASC.
    "bad_uasc_status.xml": (7, "UASC", "unknown code"),
}


def test_every_corpus_file_has_a_case():
    assert sorted(p.name for p in CORPUS.iterdir()) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_file_is_refused_with_file_row_and_column(tmp_path, name):
    row, column, words = CASES[name]
    target = tmp_path / "2025" / name
    target.parent.mkdir()
    shutil.copy(CORPUS / name, target)
    with pytest.raises(InputError) as caught:
        read_sources([tmp_path], la="999")
    matching = [p for p in caught.value.problems if words in p.message]
    assert matching, [str(p) for p in caught.value.problems]
    problem = matching[0]
    assert problem.file == str(target)
    assert problem.row == row
    assert problem.column == column


def test_values_of_identifying_columns_never_appear_in_messages(tmp_path):
    shutil.copy(CORPUS / "duplicate_key.csv", tmp_path / "header_2025.csv")
    result = runner.invoke(app, ["load", str(tmp_path), "--la", "999", "--store", str(tmp_path / "s.duckdb")])
    assert result.exit_code == 1
    assert "same CHILD as row 2" in result.output
    assert "SECRET77" not in result.output


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_bad_file_among_good_ones_leaves_the_store_as_it_was(example, store_path, name):
    assert runner.invoke(app, ["load", str(example), "--store", str(store_path)]).exit_code == 0
    with Store(store_path, read_only=True) as st:
        before = st.counts()
    # The same return again, but with one bad file in it: nothing may change.
    (example / "2025" / "reviews.csv").write_text("CHILD,DOB,REVIEW,REVIEW_CODE\nE1001,14/06/2012,01/01/2025,PN1\n")
    shutil.copy(CORPUS / name, example / "2025" / name)
    result = runner.invoke(app, ["load", str(example), "--store", str(store_path)])
    assert result.exit_code == 1
    assert "the store is unchanged" in result.output
    with Store(store_path, read_only=True) as st:
        assert st.counts() == before


def test_binary_file_is_refused(tmp_path):
    (tmp_path / "episodes.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(InputError) as caught:
        read_sources([tmp_path], la="999", year=2025)
    assert "binary file" in caught.value.problems[0].message


def test_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    import caretrack.io.csvfiles as csvfiles

    monkeypatch.setattr(csvfiles, "MAX_FILE_BYTES", 100)
    (tmp_path / "header.csv").write_text("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n" + "B1,1,14/06/2012,WBRI,A1,,\n" * 10)
    with pytest.raises(InputError) as caught:
        read_sources([tmp_path], la="999", year=2025)
    assert "larger than the" in caught.value.problems[0].message


def test_extra_column_is_a_warning_and_the_rest_loads(tmp_path):
    (tmp_path / "header.csv").write_text("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB,NOTES\nB1,1,14/06/2012,WBRI,A1,,,free text\n")
    sources = read_sources([tmp_path], la="999", year=2025)
    assert sources.returns[("999", 2025)]["Header"].num_rows == 1
    assert [(w.column, w.severity) for w in sources.warnings] == [("NOTES", "warning")]


def test_every_problem_is_reported_not_just_the_first(tmp_path):
    for name in ("bad_date.csv", "unknown_code.csv", "blank_required.csv"):
        shutil.copy(CORPUS / name, tmp_path / name)
    with pytest.raises(InputError) as caught:
        read_sources([tmp_path], la="999", year=2025)
    assert {p.file.rsplit("/", 1)[1] for p in caught.value.problems} == {"bad_date.csv", "unknown_code.csv", "blank_required.csv"}


def test_a_failure_inside_the_transaction_rolls_everything_back(example, store_path, monkeypatch):
    assert runner.invoke(app, ["load", str(example), "--store", str(store_path)]).exit_code == 0
    with Store(store_path, read_only=True) as st:
        before = st.counts()
    sources = read_sources([example])
    with Store(store_path) as st:
        real_insert = st._insert
        calls = []

        def failing_insert(table, parts):  # one call per table, after the deletes and two tables' rows
            calls.append(table.name)
            if len(calls) == 3:
                raise OSError("disk full")
            real_insert(table, parts)

        monkeypatch.setattr(st, "_insert", failing_insert)
        with pytest.raises(OSError):
            st.load(sources, loaded_at=__import__("datetime").datetime(2025, 5, 1))
    with Store(store_path, read_only=True) as st:
        assert st.counts() == before


def test_a_folder_without_data_files_is_refused(tmp_path):
    """Loading nothing used to succeed ("0 file(s)", exit 0): a folder with no CSV, XML
    or Parquet file is refused, naming what is there instead."""
    (tmp_path / "return.xlsx").write_bytes(b"PK")
    result = runner.invoke(app, ["load", str(tmp_path), "--la", "999", "--store", str(tmp_path / "s.duckdb")])
    assert result.exit_code == 1 and not (tmp_path / "s.duckdb").exists()
    with pytest.raises(InputError) as caught:
        read_sources([tmp_path], la="999")
    assert [(p.file, p.message) for p in caught.value.problems] == [
        (str(tmp_path), "no data files in the folder (found return.xlsx)")]
