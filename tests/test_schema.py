"""The schema itself: every table recognisable from its columns, docs in step with code."""

from pathlib import Path

from caretrack.schema import SSDA903_TABLES, TABLES, year_label
from caretrack.schema.codes import CODE_LISTS, valid_codes
from caretrack.schema.describe import data_markdown

DOCS = Path(__file__).resolve().parents[1] / "docs" / "data.md"


def test_column_sets_are_unique_so_files_can_be_recognised():
    sets = [frozenset(t.column_names) for t in TABLES.values()]
    assert len(sets) == len(set(sets))


def test_the_903_tables_have_the_dfe_columns():
    # domain.md, "The SSDA903 return": the column sets of each table.
    assert TABLES["Episodes"].column_names == (
        "CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
        "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN",
    )
    assert TABLES["Header"].column_names == ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB")
    assert [t.name for t in SSDA903_TABLES] == [
        "Header", "Episodes", "UASC", "Reviews", "OC2", "OC3", "AD1", "PlacedAdoption", "PrevPerm",
        "Missing", "SWEpisodes", "DoLo",
    ]
    assert TABLES["SWEpisodes"].years[0] == 2024 and TABLES["DoLo"].years == (2027,)


def test_every_coded_column_names_a_code_list():
    for t in TABLES.values():
        for c in t.columns:
            assert c.codes is None or c.codes in CODE_LISTS, (t.name, c.name)


def test_codes_valid_by_year():
    # domain.md: K3 from 2024-25; H5, P2 and Z1 invalid from 2025-26.
    assert "K3" not in valid_codes("PLACE", 2024) and "K3" in valid_codes("PLACE", 2025)
    assert {"H5", "P2", "Z1"} <= valid_codes("PLACE", 2025)
    assert not {"H5", "P2", "Z1"} & valid_codes("PLACE", 2026)


def test_year_label():
    assert year_label(2025) == "2024-25"
    assert year_label(2100) == "2099-00"


def test_docs_data_md_is_generated_from_the_schema():
    assert DOCS.read_text(encoding="utf-8") == data_markdown(), "run: python -m caretrack.schema.describe > docs/data.md"
