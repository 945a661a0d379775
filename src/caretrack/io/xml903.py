"""The SSDA903 return as XML.

Layout, as authorities' systems export it and the DfE's upload accepts it (element
names follow the DfE's XML; the CSV's CHILD is CHILDID and PLACE is PL):

    <EXPSSDA903>
      <CHILD>
        <HEADER>
          <CHILDID/> <SEX/> <DOB/> <ETHNIC/> <UPN/> <MOTHER/> <MC_DOB/> <UASC/> <DUC/>
          <AREVIEW>...</AREVIEW>*  <AMISSING>...</AMISSING>*  <OC2/> <OC3/> <AD1/>
          <PERMANENCE/> <AD_PLACED/>*  <SW_EPISODE/>*  <DOLO/>*
        </HEADER>
        <EPISODE>...</EPISODE>*
      </CHILD>
    </EXPSSDA903>

The element names for OC3, AD1, SW episodes and DoLo are caretrack's reading of the
DfE's schema (marked to verify in shared/reference/domain.md); OC3 and AD1 fields
are also read when they stand directly in HEADER.

Parsing goes through defusedxml with DTDs forbidden, so external entities, entity
expansion ("billion laughs") and remote DTDs are refused before any data is read.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING

import defusedxml
import defusedxml.ElementTree as SafeET

from caretrack.io import output
from caretrack.io.csvfiles import check_size
from caretrack.io.problems import InputError, Problem
from caretrack.io.rows import RawTable
from caretrack.io.values import format_value
from caretrack.schema import TABLES
from caretrack.schema.ssda903 import HEADER, SSDA903_TABLES, UASC, XML_UASC_STATUS

if TYPE_CHECKING:
    import pyarrow as pa  # imported where used: the validator never needs it

ROOT = "EXPSSDA903"
XML_NAMES = {"CHILD": "CHILDID", "PLACE": "PL"}
CSV_NAMES = {v: k for k, v in XML_NAMES.items()}
HEADER_FIELDS = {"CHILDID", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB", "UASC", "DUC"}
NESTED = {t.xml_tag: t for t in SSDA903_TABLES if t.xml_tag and t.xml_tag not in ("HEADER", "EPISODE")}
LOOSE = {"IN_TOUCH": TABLES["OC3"], "DATE_INT": TABLES["AD1"]}  # OC3/AD1 fields standing in HEADER


class _Element(ET.Element):
    line = None


class _LineTreeBuilder(ET.TreeBuilder):
    """Records the line each element starts on, for messages."""

    parser = None

    def __init__(self):
        super().__init__(element_factory=_Element)

    def start(self, tag, attrs):
        element = super().start(tag, attrs)
        element.line = self.parser.parser.CurrentLineNumber
        return element


def _parse(path: Path) -> ET.Element:
    file = str(path)
    check_size(path)
    builder = _LineTreeBuilder()
    parser = SafeET.DefusedXMLParser(target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    builder.parser = parser
    try:
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                parser.feed(block)
        return parser.close()
    except defusedxml.DefusedXmlException as e:
        raise InputError(
            [Problem(file, f"refused unsafe XML: {type(e).__name__} (DTDs, entities and external references are not allowed)")]
        ) from None
    except ET.ParseError as e:
        line, _ = e.position
        raise InputError([Problem(file, f"not well-formed XML ({e.msg if hasattr(e, 'msg') else e})", line)]) from None


def _leaves(element: ET.Element) -> dict[str, str]:
    return {CSV_NAMES.get(e.tag, e.tag): (e.text or "") for e in element if len(e) == 0}


def read_xml(path: Path) -> tuple[list[RawTable], list[Problem]]:
    """Every 903 table held in an XML return, as rows of text, and the UASC status of
    each HEADER (schema.ssda903.XML_UASC_STATUS)."""
    file = str(path)
    root = _parse(path)
    if root.tag != ROOT:
        raise InputError([Problem(file, f"root element is <{root.tag}>", 1, expected=f"<{ROOT}>")])
    read = {t.name: t for t in (*SSDA903_TABLES, XML_UASC_STATUS)}
    rows: dict[str, list] = {name: [] for name in read}
    problems: list[Problem] = []

    def add(table, fields: dict, line: int):
        rows[table.name].append((tuple(fields.get(c, "") for c in table.column_names), line))

    for child in root:
        if child.tag != "CHILD":
            problems.append(Problem(file, f"unknown element <{child.tag}> ignored", child.line, severity="warning"))
            continue
        header = child.find("HEADER")
        if header is None:
            problems.append(Problem(file, "CHILD element without a HEADER", child.line, expected="<HEADER> in every <CHILD>"))
            continue
        fields = _leaves(header)
        ident = {"CHILD": fields.get("CHILD", ""), "DOB": fields.get("DOB", "")}
        add(HEADER, fields, header.line)
        add(XML_UASC_STATUS, fields, header.line)
        if fields.get("UASC", "").strip() == "1" or fields.get("DUC", "").strip():
            add(UASC, fields, header.line)
            if fields.get("UASC", "").strip() != "1":
                problems.append(Problem(file, "a date UASC status ceased (DUC) with UASC status not 1: read as a UASC "
                                        "child (DfE rule 303 reports it)", header.line, "UASC", severity="warning"))
        for loose, table in LOOSE.items():
            if loose in fields:
                add(table, fields, header.line)
        for element in header:
            if len(element) == 0:
                if element.tag not in HEADER_FIELDS and element.tag not in {c for t in LOOSE.values() for c in t.column_names}:
                    problems.append(Problem(file, f"unknown element <{element.tag}> ignored", element.line, severity="warning"))
                continue
            table = NESTED.get(element.tag)
            if table is None:
                problems.append(Problem(file, f"unknown element <{element.tag}> ignored", element.line, severity="warning"))
                continue
            add(table, {**ident, **_leaves(element)}, element.line)
        for episode in child.iterfind("EPISODE"):
            add(TABLES["Episodes"], {**ident, **_leaves(episode)}, episode.line)

    tables = [
        RawTable(read[name], file, [r for r, _ in found], [n for _, n in found])
        for name, found in rows.items()
        if found or name in ("Header", "Episodes", XML_UASC_STATUS.name)
    ]
    return tables, problems


def write_xml(tables: dict[str, pa.Table], path: Path) -> None:
    """Write a year's 903 tables (typed, keyed by table name) as one XML return."""
    by_child: dict[str, dict[str, list[dict]]] = {}
    for name, data in tables.items():
        for record in data.to_pylist():
            by_child.setdefault(record["CHILD"], {}).setdefault(name, []).append(record)
    orphans = [c for c, t in by_child.items() if "Header" not in t]
    if orphans:
        raise InputError(
            [Problem(str(path), f"{len(orphans)} children have rows but no Header row; XML nests every table under the header")]
        )
    root = ET.Element(ROOT)
    for child_id, found in by_child.items():
        child = ET.SubElement(root, "CHILD")
        header = ET.SubElement(child, "HEADER")
        record = found["Header"][0]
        uasc = found.get("UASC", [])
        for column in HEADER.columns:
            _field(header, column, record[column.name])
        ET.SubElement(header, "UASC").text = "1" if uasc else "0"
        if uasc:
            _field(header, UASC.column("DUC"), uasc[0]["DUC"])
        for tag, table in NESTED.items():
            for rec in found.get(table.name, []):
                element = ET.SubElement(header, tag)
                for column in table.columns:
                    if column.name not in ("CHILD", "DOB"):
                        _field(element, column, rec[column.name])
        for rec in found.get("Episodes", []):
            element = ET.SubElement(child, "EPISODE")
            for column in TABLES["Episodes"].columns:
                if column.name != "CHILD":
                    _field(element, column, rec[column.name])
    ET.indent(root)
    with output.replacing(path, text=False) as f:
        ET.ElementTree(root).write(f, encoding="utf-8", xml_declaration=True)


def _field(parent: ET.Element, column, value) -> None:
    ET.SubElement(parent, XML_NAMES.get(column.name, column.name)).text = format_value(column.kind, value) or None
