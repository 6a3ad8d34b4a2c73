"""DOCX documents with python-docx, for offices that edit a proposal before submitting it.

The text is set in TH SarabunPSK, the Thai government's document font (Laksaman, its
metric-compatible free twin, stands in for it where it is missing), for Latin and Thai
(complex-script) runs alike. The core properties' dates and the zip entries' times are
fixed (as in the plan's workbooks), so the same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

    from cctvgeo.pack._content import Document, Table

#: The font named in the documents.
DOCX_FONT = "TH SarabunPSK"
_FIXED = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def write_docx(doc: Document, path: Path) -> None:
    """Write ``doc`` as DOCX to ``path`` with fixed dates (the caller makes it atomic)."""
    import docx
    from docx.shared import Cm, Pt

    out = docx.Document()
    _fonts(out)
    section = out.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin, section.right_margin = Cm(2.5), Cm(1.8)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(1.8)
    out.add_heading(doc.title, level=0)
    if doc.subtitle:
        out.add_paragraph(doc.subtitle)
    if doc.facts:
        facts = out.add_table(rows=0, cols=2)
        for key, value in doc.facts:
            cells = facts.add_row().cells
            cells[0].paragraphs[0].add_run(key).bold = True
            cells[1].text = value
    for part in doc.sections:
        out.add_heading(part.title, level=1)
        for text in part.paragraphs:
            out.add_paragraph(text)
        for table in part.tables:
            _table(out, table)
        if part.image:
            out.add_picture(io.BytesIO(part.image), width=Cm(16.5))
            out.add_paragraph(part.image_caption).runs[0].font.size = Pt(12)
    if doc.decision:
        out.add_paragraph(doc.decision)
    for line in doc.signatures:
        out.add_paragraph("")
        out.add_paragraph(line)
        out.add_paragraph(doc.sign_date)
    _fixed_properties(out, doc.title)
    buffer = io.BytesIO()
    out.save(buffer)
    from cctvgeo._write import write_fixed_zip  # the zip of fixed dates the workbooks use

    write_fixed_zip(buffer.getvalue(), path)


def _fonts(out: Any) -> None:
    """TH SarabunPSK 16 pt for Latin and Thai runs in every style the pack uses."""
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    for name, size in (("Normal", 16), ("Title", 22), ("Heading 1", 18), ("Caption", 14)):
        style = out.styles[name]
        style.font.name = DOCX_FONT
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0, 0, 0)
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), DOCX_FONT)
        cs_size = style.element.get_or_add_rPr().find(qn("w:szCs"))
        if cs_size is None:
            cs_size = style.element.get_or_add_rPr().makeelement(qn("w:szCs"), {})
            style.element.get_or_add_rPr().append(cs_size)
        cs_size.set(qn("w:val"), str(size * 2))


def _table(out: Any, table: Table) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    if table.caption:
        out.add_paragraph(table.caption).runs[0].bold = True
    rows = [*table.rows, *([table.total] if table.total else [])]
    grid = out.add_table(rows=1 + len(rows), cols=len(table.headers))
    grid.style = "Table Grid"
    header, *body = grid.rows  # once: indexing the rows searches the table each time
    for cell, text in zip(header.cells, table.headers, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for r, (row, values) in enumerate(zip(body, rows, strict=True), start=1):
        for cell, text, number in zip(row.cells, values, table.numeric, strict=True):
            para = cell.paragraphs[0]
            run = para.add_run(text)
            run.bold = bool(table.total) and r == len(rows)
            if number:
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _fixed_properties(out: Any, title: str) -> None:
    props = out.core_properties
    props.title = title
    props.author = "cctvgeo"
    props.last_modified_by = "cctvgeo"
    props.created = _FIXED
    props.modified = _FIXED
    props.last_printed = _FIXED
    props.revision = 1
