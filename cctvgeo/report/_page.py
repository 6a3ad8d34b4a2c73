"""The dashboard as one HTML page, rendered from ``templates/dashboard.html.j2``.

The template is a file of the package and Jinja2 escapes every variable (autoescape): text
from the inputs (names, agencies, problems) only ever reaches the page as a template
variable, never as part of a template's source, so ``{{ 7*6 }}`` in a camera name shows as
those characters and ``<script>`` as text.
"""

from __future__ import annotations

import base64
import functools
from typing import TYPE_CHECKING, Any

import numpy as np

from cctvgeo._i18n import text
from cctvgeo.maps import is_missing

if TYPE_CHECKING:  # pragma: no cover
    import jinja2
    import pandas as pd

    from cctvgeo.report import Dashboard

#: Tables longer than this show their first rows, and the rest under "show all".
_HTML_ROWS_SHOWN = 12


@functools.cache
def _template() -> jinja2.Template:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("cctvgeo.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
    )
    return env.get_template("dashboard.html.j2")


def html_page(d: Dashboard) -> str:
    """The dashboard's page: every value a template variable, escaped."""
    sections = [
        {
            "key": s.key,
            "title": s.title,
            "figures": s.figures,
            "charts": [
                {"caption": caption, "base64": base64.b64encode(svg).decode("ascii")}
                for caption, svg in s.charts
            ],
            "tables": [_table(caption, table, d.lang) for caption, table in s.tables],
        }
        for s in d.sections
    ]
    return _template().render(
        lang=d.lang,
        title=d.title,
        contents=text("contents", d.lang),
        no_rows=text("none", d.lang),
        sections=sections,
    )


def _table(caption: str, frame: pd.DataFrame, lang: str) -> dict[str, Any]:
    """A table for the template: header, rows of (text, is a number), and the rows shown."""
    header = [str(c) for c in frame.columns]
    rows = [[_cell(v) for v in row] for row in frame.itertuples(index=False)]
    long = len(rows) > _HTML_ROWS_SHOWN + 3
    return {
        "caption": caption,
        "header": header,
        "rows": rows,
        "shown": {"header": header, "rows": rows[:_HTML_ROWS_SHOWN]} if long else None,
        "more": text("more_rows", lang, n=len(rows)),
    }


def _cell(value: Any) -> tuple[str, bool]:
    """A table cell's text and whether it is a number (whole baht and metres from 1,000 up)."""
    if is_missing(value):
        return "", False
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value)), False
    if isinstance(value, (int, np.integer)):
        return f"{int(value):,}", True
    if isinstance(value, (float, np.floating)):
        number = float(value)
        whole = number.is_integer() or abs(number) >= 1000
        return (f"{number:,.0f}" if whole else f"{number:,.1f}"), True
    return str(value), False
