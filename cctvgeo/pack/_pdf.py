"""PDF documents: a Jinja2 template with autoescape, laid out by WeasyPrint.

WeasyPrint shapes text with HarfBuzz, so Thai vowels and tone marks sit where they belong.
The font is Laksaman (Debian's ``fonts-tlwg-laksaman``, metric-compatible with the
government's TH Sarabun PSK), embedded from its file; without it the PDF falls back to the
system's Thai fonts and a warning says so. The creation and modification dates and the
PDF's identifier are fixed, so the same inputs give the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import re
import warnings
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    import jinja2

    from cctvgeo.pack._content import Document, Table

#: The date written into every document (W3C form), so that re-runs are byte-identical.
FIXED_DATE = "2000-01-01T00:00:00Z"
#: The family asked for; its regular and bold files are embedded when found.
FONT = "Laksaman"
#: Used, in this order, when Laksaman is missing.
_MOST_LINES = 40  # lines a cell's text is wrapped into, at most, when widths are shared
_TABLE_CHARS = 75  # Laksaman's 13 pt Thai letters (0.49 em) across the table's 167 mm
_PADDING = 1.5  # characters of a cell's padding and borders
_THAI_PIECE, _LATIN_PIECE = 7, 14  # longest unbreakable piece counted of a Thai / Latin word
#: Not "TH SarabunPSK": Debian's fontconfig maps that name to a horizontally scaled Laksaman,
#: whose glyphs WeasyPrint then sets on top of one another.
FALLBACK_FONTS = ("Garuda", "Loma", "Noto Sans Thai", "sans-serif")


@cache
def font_files() -> dict[str, Path]:
    """Laksaman's regular and bold files (``{"normal": path, "bold": path}``), as found.

    Searched with matplotlib's font finder (fontconfig's list where there is one); empty
    when the font is not installed.
    """
    from matplotlib import font_manager

    found = {Path(p).stem: Path(p) for p in font_manager.findSystemFonts()}
    wanted = {"normal": FONT, "bold": f"{FONT}-Bold"}
    return {weight: found[stem] for weight, stem in wanted.items() if stem in found}


def font_css() -> tuple[str, str]:
    """``@font-face`` rules for the files found, and the ``font-family`` list.

    Warns (once per call) when Laksaman is missing; called once per pack, in the process
    that writes it, and handed to the processes that lay the documents out.
    """
    files = font_files()
    if "normal" not in files:
        warnings.warn(
            f"The {FONT} font is not installed (Debian: apt-get install fonts-tlwg-laksaman); "
            f"the committee pack uses {', '.join(FALLBACK_FONTS[:-1])} or the default sans-serif "
            "instead, which may not match TH Sarabun PSK's metrics.",
            UserWarning,
            stacklevel=3,
        )
    faces = "\n".join(
        f'@font-face {{ font-family: "{FONT}"; font-weight: {weight}; '
        f'src: url("{path.as_uri()}"); }}'
        for weight, path in sorted(files.items())
    )
    family = ", ".join(f'"{f}"' if " " in f or f == FONT else f for f in (FONT, *FALLBACK_FONTS))
    return faces, family


@cache
def _environment() -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("cctvgeo.pack", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["b64"] = lambda data: base64.b64encode(data).decode("ascii")
    env.filters["widths"] = column_widths
    return env


def column_widths(table: Table) -> list[str]:
    """Column widths in percent: each column's narrowest fit, then the fewest lines.

    The tables are laid out with ``table-layout: fixed`` (WeasyPrint's automatic layout
    measures every word of every cell twice and was most of the time of a pack), so the
    widths are estimated here, in characters (Thai marks above and below take no width).
    A column's floor is its longest unbreakable piece: a whole number (numbers never wrap),
    a Latin word, or a few Thai letters (Thai wraps between words, which have no spaces).
    Above their floors, the columns with long texts
    share the table's width so that their longest texts wrap into as few lines as the
    width allows (a text of 79 characters gets about three times the width of one of 25).
    """
    cells = [*table.rows, *([table.total] if table.total else [])]
    floor = np.array(
        [
            max([_piece(c, number) for row in cells for c in row[k : k + 1]] + [_piece(h, False)])
            for k, (h, number) in enumerate(zip(table.headers, table.numeric, strict=True))
        ],
        dtype=np.float64,
    )
    want = np.array(
        [
            max([_width(c) for row in cells for c in row[k : k + 1]] + [1])
            for k in range(len(table.headers))
        ],
        dtype=np.float64,
    )
    lines = np.arange(1, _MOST_LINES + 1, dtype=np.float64)[:, None]
    widths = np.maximum(floor, want / lines)  # per number of lines (rows), per column
    fits = widths.sum(axis=1) + _PADDING * floor.size <= _TABLE_CHARS
    share = widths[int(np.argmax(fits))] if fits.any() else floor
    share = share + _PADDING
    return [f"{100 * w / share.sum():.1f}" for w in share]


_MARK = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")
_THAI = re.compile("[\u0e00-\u0e7f]")


def _width(text: str) -> int:
    """Characters that take width (Thai marks above and below a letter take none)."""
    return len(_MARK.sub("", str(text)))


def _piece(text: str, number: bool) -> int:
    """The longest part of ``text`` that cannot wrap, in characters (see :func:`column_widths`)."""
    if number:
        return _width(text) + 2  # digits are wider than the average letter; totals are bold
    words = str(text).split() or [""]
    return max(min(_width(w), _THAI_PIECE if _THAI.search(w) else _LATIN_PIECE) for w in words) + 1


def render_html(doc: Document, fonts: tuple[str, str]) -> str:
    """The document as an HTML page (its texts escaped by autoescape).

    ``fonts`` is :func:`font_css`'s ``@font-face`` rules and ``font-family`` list. Each
    page's foot gives its number and the document's page count (``หน้า 2/5``).
    """
    from markupsafe import Markup

    from cctvgeo.pack._content import t

    faces, family = fonts
    counter = t("page", doc.lang, page='" counter(page) "', pages='" counter(pages) "')
    return (
        _environment()
        .get_template("pack.html")
        .render(
            doc=doc,
            date=FIXED_DATE,
            font_faces=Markup(faces),  # our own CSS, not input text  # noqa: S704
            font_family=Markup(family),  # noqa: S704
            page_counter=Markup(f'"{counter}"'),  # noqa: S704
        )
    )


def write_pdf(doc: Document, path: Path, fonts: tuple[str, str], font_config: Any) -> None:
    """Lay ``doc`` out alone and write it to ``path``, with fixed dates and identifier.

    ``font_config`` is a WeasyPrint ``FontConfiguration``, shared by the documents one
    process lays out (the fonts are then read once); a document's bytes do not depend on
    which documents it shared it with. The identifier comes from the document's own HTML.
    """
    from weasyprint import HTML

    html = render_html(doc, fonts)
    rendered = HTML(string=html, base_url=None).render(font_config=font_config)
    rendered.metadata.title = doc.title
    identifier = hashlib.sha256(f"{doc.stem}\n{html}".encode()).hexdigest()[:32]
    rendered.write_pdf(path, pdf_identifier=identifier.encode("ascii"))
