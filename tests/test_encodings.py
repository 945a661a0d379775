"""CSV text in every encoding authorities' systems write, and headers as people type them."""

from __future__ import annotations

import datetime as dt

import pytest

from caretrack.io.csvfiles import read_csv
from caretrack.io.rows import type_rows

HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\r\nB1,1,14/06/2012,WBRI,Zoë’s UPN,,\r\n"


@pytest.mark.parametrize(
    "encoding, prefix",
    [
        ("utf-8", b""),
        ("utf-8", b"\xef\xbb\xbf"),  # Excel's "CSV UTF-8" adds a byte order mark
        ("utf-16-le", b"\xff\xfe"),  # Excel's "Unicode text"
        ("utf-16-be", b"\xfe\xff"),
        ("utf-16-le", b""),  # no byte order mark: recognised by its zero bytes
        ("cp1252", b""),  # Windows-1252, the default of older exports
    ],
)
def test_encodings(tmp_path, encoding, prefix):
    path = tmp_path / "header.csv"
    path.write_bytes(prefix + HEADER.encode(encoding))
    raw, warnings = read_csv(path)
    data, problems = type_rows(raw)
    assert (warnings, problems) == ([], [])
    assert data.to_pylist() == [
        {"CHILD": "B1", "SEX": "1", "DOB": dt.date(2012, 6, 14), "ETHNIC": "WBRI", "UPN": "Zoë’s UPN", "MOTHER": None, "MC_DOB": None}
    ]


def test_case_spacing_order_and_iso_dates_are_tolerated(tmp_path):
    path = tmp_path / "any name.csv"
    path.write_text(" dob , child,Ethnic,sex,upn,Mother ,mc dob\n2012-06-14,B1,wbri,1,A1,,\n")
    raw, warnings = read_csv(path)
    data, problems = type_rows(raw)
    assert raw.table.name == "Header" and (warnings, problems) == ([], [])
    row = data.to_pylist()[0]
    assert row["DOB"] == dt.date(2012, 6, 14) and row["ETHNIC"] == "WBRI" and row["CHILD"] == "B1"


def test_one_digit_days_and_spreadsheet_times_are_read(tmp_path):
    path = tmp_path / "reviews.csv"
    path.write_text("CHILD,DOB,REVIEW,REVIEW_CODE\nB1,4/6/2012 00:00:00,29/02/2024,PN1\n")
    data, problems = type_rows(read_csv(path)[0])
    assert problems == []
    assert data.to_pylist()[0]["DOB"] == dt.date(2012, 6, 4)
    assert data.to_pylist()[0]["REVIEW"] == dt.date(2024, 2, 29)  # a leap day


def test_text_that_is_no_known_encoding_is_refused(tmp_path):
    from caretrack.io.problems import InputError

    path = tmp_path / "header.csv"
    path.write_bytes(b"CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nB1,1,14/06/2012,WBRI,\x81\x8d,,\n")
    with pytest.raises(InputError) as caught:
        read_csv(path)
    assert caught.value.problems[0].row == 2
