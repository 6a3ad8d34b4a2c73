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
from xml.sax.saxutils import escape

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

    from cctvgeo.pack._content import Document

#: The font named in the documents.
DOCX_FONT = "TH SarabunPSK"
_FIXED = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
_GRID = '<w:tblStyle w:val="TableGrid"/>'  # the data tables' lines; the facts have none
_TABLE_PROPERTIES = (
    '<w:tblW w:type="auto" w:w="0"/><w:tblLook w:firstColumn="1" w:firstRow="1" '
    'w:lastColumn="0" w:lastRow="0" w:noHBand="0" w:noVBand="1" w:val="04A0"/>'
)
_RIGHT = '<w:pPr><w:jc w:val="right"/></w:pPr>'
_FACT_WIDTHS = ("42", "58")  # percent, as the PDF's facts table


def write_docx(doc: Document, path: Path) -> None:
    """Write ``doc`` as DOCX to ``path`` with fixed dates (the caller makes it atomic).

    The paragraphs and tables are written as WordprocessingML text and added to
    python-docx's document in a piece (:class:`_Body`): python-docx's cells, runs and
    style look-ups were most of a document's time. The texts are escaped.
    """
    import docx
    from docx.shared import Cm, Emu

    from cctvgeo.pack._pdf import column_widths

    out = docx.Document()
    _fonts(out)
    section = out.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin, section.right_margin = Cm(2.5), Cm(1.8)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(1.8)
    body = _Body(out, Emu(section.page_width - section.left_margin - section.right_margin).twips)
    body.paragraph(doc.title, style="Title")
    if doc.subtitle:
        body.paragraph(doc.subtitle)
    if doc.facts:
        body.table([[k, v] for k, v in doc.facts], list(_FACT_WIDTHS), bold_first_column=True)
    for part in doc.sections:
        body.paragraph(part.title, style="Heading1")
        for text in part.paragraphs:
            body.paragraph(text)
        for table in part.tables:
            if table.caption:
                body.paragraph(table.caption, bold=True)
            body.table(
                [table.headers, *table.rows, *([table.total] if table.total else [])],
                column_widths(table),
                numeric=table.numeric,
                bold_rows=(0, len(table.rows) + 1) if table.total else (0,),
                grid=True,
            )
        if part.image:
            body.flush()
            out.add_picture(io.BytesIO(part.image), width=Cm(16.5))
            body.paragraph(part.image_caption, size=12)
    if doc.decision:
        body.paragraph(doc.decision)
    for line in doc.signatures:
        body.paragraph("")
        body.paragraph(line)
        body.paragraph(doc.sign_date)
    body.flush()
    _fixed_properties(out, doc.title)
    buffer = io.BytesIO()
    out.save(buffer)
    from cctvgeo._write import write_fixed_zip  # the zip of fixed dates the workbooks use

    write_fixed_zip(buffer.getvalue(), path)


class _Body:
    """Paragraphs and tables as WordprocessingML text, added to ``out`` at :meth:`flush`.

    ``width`` is the text's width between the margins, in twips.
    """

    def __init__(self, out: Any, width: int) -> None:
        self.out = out
        self.width = width
        self.xml: list[str] = []

    def paragraph(self, text: str, *, style: str = "", bold: bool = False, size: int = 0) -> None:
        """A paragraph of ``text`` in the style of id ``style``, bold, or of ``size`` points."""
        props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
        run = ("<w:b/>" if bold else "") + (
            f'<w:sz w:val="{2 * size}"/><w:szCs w:val="{2 * size}"/>' if size else ""
        )
        self.xml.append(f"<w:p>{props}{_run(text, run)}</w:p>" if text else "<w:p/>")

    def table(
        self,
        rows: list[list[str]],
        widths: list[str],
        *,
        numeric: list[bool] | None = None,
        bold_rows: tuple[int, ...] = (),
        bold_first_column: bool = False,
        grid: bool = False,
    ) -> None:
        """A table of ``rows`` of text, its columns ``widths`` percent of the text's width.

        ``numeric`` columns are right-aligned (not in a bold row: the headers);
        ``bold_rows`` (by position) and the first column if ``bold_first_column`` are in
        bold; ``grid`` draws the "Table Grid" style's lines.
        """
        twips = [round(self.width * float(w) / 100) for w in widths]
        right = [False] * len(twips) if numeric is None else numeric
        grid_cols = "".join(f'<w:gridCol w:w="{w}"/>' for w in twips)
        trs = "".join(
            "<w:tr>"
            + "".join(
                f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{w}"/></w:tcPr><w:p>'
                + (_RIGHT if number and r not in bold_rows else "")
                + _run(text, "<w:b/>" if r in bold_rows or (bold_first_column and c == 0) else "")
                + "</w:p></w:tc>"
                for c, (text, number, w) in enumerate(zip(row, right, twips, strict=True))
            )
            + "</w:tr>"
            for r, row in enumerate(rows)
        )
        self.xml.append(
            f"<w:tbl><w:tblPr>{_GRID if grid else ''}{_TABLE_PROPERTIES}</w:tblPr>"
            f"<w:tblGrid>{grid_cols}</w:tblGrid>{trs}</w:tbl>"
        )

    def flush(self) -> None:
        """Add what was written since the last flush to the end of ``out``'s body."""
        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls

        end = self.out.element.body.sectPr  # the page settings stay last
        for element in parse_xml(f"<w:body {nsdecls('w')}>{''.join(self.xml)}</w:body>"):
            end.addprevious(element)
        self.xml = []


def _run(text: str, props: str) -> str:
    """A ``w:r`` of ``text`` (escaped; tabs and line breaks as Word's own elements)."""
    escaped = (
        escape(str(text))
        .replace("\t", '</w:t><w:tab/><w:t xml:space="preserve">')
        .replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')
    )
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escaped}</w:t></w:r>'


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


def _fixed_properties(out: Any, title: str) -> None:
    props = out.core_properties
    props.title = title
    props.author = "cctvgeo"
    props.last_modified_by = "cctvgeo"
    props.created = _FIXED
    props.modified = _FIXED
    props.last_printed = _FIXED
    props.revision = 1
