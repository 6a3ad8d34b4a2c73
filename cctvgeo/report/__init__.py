"""The committee dashboard: the five items of the national survey, as HTML and Excel.

The national CCTV committee asked every province for the same five items (see
``docs/maps-and-dashboard.md`` and the domain notes):

1. cameras by operating status, with repair budgets and repair agencies (the repair plan);
2. cameras by network linkage, with the 20 % selected for the central system (linkage plan);
3. cameras wanted, by reason, budget and budget source (the installation plan);
4. footage-request statistics per camera: the most requested, success rates, and requests
   that found no working camera (สถิติการขอเข้าดูข้อมูลกล้อง);
5. problems: the data-quality report of each input plus free-text problems.

With a plan, the dashboard also shows coverage before and after it and the coverage-versus-
budget curve. :func:`dashboard` builds a :class:`Dashboard`; :meth:`Dashboard.to_html` writes
one self-contained page (charts embedded as SVG, no outside file, readable offline) and
:meth:`Dashboard.to_excel` one workbook with a sheet per item.

**Personal data.** Request logs can name the requester (PDPA B.E. 2562). The dashboard only
counts requests by camera, outcome, month and agency; it never copies a request row, so no
requester name, phone or id number can reach its outputs even if the log still holds them.
Every text it shows besides (tables, key figures, chart labels, the problems of item 5) goes
through :mod:`cctvgeo._personal`, so an id number, phone number, e-mail or titled name typed
into the wrong column, or quoted by a hand-made report, is replaced before it is written.

**Charts** are drawn with matplotlib's object API on the SVG canvas (no pyplot, so a user's
backend is untouched), with their text kept as text (``svg.fonttype = "none"``): the browser
draws it with the page's fonts, so a Thai dashboard's charts are in Thai on any machine,
whether or not matplotlib finds a Thai font. The SVG carries no date and fixed ids, so the
page is the same bytes on every run.

**Building blocks.** :class:`Section`, :func:`bar_chart`, :func:`percent` and
:func:`without_personal_data` serve the package's other dashboards (the national roll-up's);
they are importable from here, the last three not part of ``__all__``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from cctvgeo._i18n import check_lang, text
from cctvgeo._validate import ValidationReport
from cctvgeo.report._charts import bar_chart as bar_chart  # a building block
from cctvgeo.report._charts import thai_font
from cctvgeo.report._sections import (
    Section,
    _budget_section,
    _coverage_section,
    _linkage_section,
    _problems_section,
    _requests_section,
    _status_section,
    _wanted_section,
    without_personal_data,
)
from cctvgeo.report._sections import percent as percent  # a building block

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import pandas as pd

    from cctvgeo._write import Block

__all__ = ["ITEMS", "Dashboard", "Section", "dashboard", "thai_font"]

Lang = Literal["th", "en"]

#: The dashboard's sections, in order: the five committee items, then coverage and budget.
ITEMS: tuple[str, ...] = (
    "status",
    "linkage",
    "wanted",
    "requests",
    "problems",
    "coverage",
    "budget",
)


@dataclass(frozen=True)
class Dashboard:
    """The committee dashboard built by :func:`dashboard`.

    Attributes
    ----------
    title : str
        Shown at the top of the page.
    lang : {"th", "en"}
        Language of headings and tables.
    sections : list of Section
        The items in the order of :data:`ITEMS`; an item without data has a note instead.
    """

    title: str
    lang: str
    sections: list[Section]

    def __getitem__(self, key: str) -> Section:
        for s in self.sections:
            if s.key == key:
                return s
        raise KeyError(f"No dashboard item {key!r}; the items are {', '.join(ITEMS)}.")

    def to_html_text(self) -> str:
        """The dashboard as one self-contained HTML page (every value escaped)."""
        from cctvgeo.report._page import html_page

        return html_page(self)

    def _repr_html_(self) -> str:
        """Show the dashboard in Jupyter: the same page as :meth:`to_html`."""
        return self.to_html_text()

    def to_html(self, path: str | os.PathLike[str]) -> Path:
        """Write one self-contained HTML file, charts embedded; atomic.

        Parameters
        ----------
        path : str or PathLike
            The ``.html`` file.

        Returns
        -------
        Path
            ``path``.
        """
        from cctvgeo._write import atomic_path

        path = Path(path)
        with atomic_path(path) as tmp:
            tmp.write_text(self.to_html_text(), encoding="utf-8")
        return path

    def to_excel(self, path: str | os.PathLike[str]) -> Path:
        """Write one workbook, a sheet per item (tables stacked with their captions); atomic.

        Text cells are stored as text, never as formulas. The file is byte for byte the same
        for the same dashboard: the zip entries and document properties carry a fixed date.

        Parameters
        ----------
        path : str or PathLike
            The ``.xlsx`` file.

        Returns
        -------
        Path
            ``path``.
        """
        from cctvgeo._write import write_xlsx

        return write_xlsx(_workbook_sheets(self), path)


# --------------------------------------------------------------------------- public


def dashboard(
    cams: gpd.GeoDataFrame,
    *,
    risk_points: gpd.GeoDataFrame | None = None,
    requests: pd.DataFrame | None = None,
    plan: Any = None,
    problems: ValidationReport | str | Sequence[ValidationReport | str] | None = None,
    linkage: Any = None,
    lang: Lang = "th",
    title: str | None = None,
    curve_points: int = 11,
) -> Dashboard:
    """Build the five-item committee dashboard, with coverage and budget when a plan is given.

    Parameters
    ----------
    cams : GeoDataFrame
        The camera survey (:func:`cctvgeo.read_cameras`): ``status``,
        ``repair_budget_thb``, ``repair_agency``, ``agency``, ``linked`` and ``network``
        are used (a missing column counts as unknown).
    risk_points : GeoDataFrame, optional
        Survey part 2 (:func:`cctvgeo.riskpoints.read_risk_points`): ``requested_cameras``,
        ``reason``, ``category``, ``priority``, ``budget_thb`` and ``budget_source``.
    requests : DataFrame, optional
        The footage-request log (:func:`cctvgeo.riskpoints.read_access_requests`). Only
        ``camera_id``, ``outcome`` and ``requested_at`` are read, and only counted.
    plan : InstallationPlan, optional
        From :func:`cctvgeo.planning.plan`: adds the plan (by year, by budget line, every
        site with its cost, approval and reason) to item 3, and two sections: coverage
        before and after the plan (:meth:`~cctvgeo.planning.InstallationPlan.summary`) and
        the coverage-versus-budget curve
        (:meth:`~cctvgeo.planning.InstallationPlan.coverage_curve`).
    problems : ValidationReport, str or list of them, optional
        The data-quality reports of the inputs (``read_cameras(..., errors="report")``) and
        free-text problems reported by agencies (survey part 3).
    linkage : LinkageSelection, optional
        From :func:`cctvgeo.planning.select_for_linkage`: adds the cameras selected for the
        central system (the 20 % rule) to item 2.
    lang : {"th", "en"}, default "th"
        Language of headings and tables.
    title : str, optional
        The page title.
    curve_points : int, default 11
        Budgets on the coverage-versus-budget curve. It is the plan's cached
        :meth:`~cctvgeo.planning.InstallationPlan.coverage_curve` (the one ``to_excel``
        writes, with the same 11 points): drawing it solves nothing again.

    Returns
    -------
    Dashboard
        Write it with :meth:`Dashboard.to_html` and :meth:`Dashboard.to_excel`.

    Examples
    --------
    >>> import cctvgeo as cg
    >>> s = cg.datasets.load_sample()
    >>> d = cg.report.dashboard(s.cameras, risk_points=s.risk_points, lang="en")
    >>> d["status"].figures[0]
    '860 cameras, 734 working (85.3 %)'
    >>> [s.key for s in d.sections]
    ['status', 'linkage', 'wanted', 'requests', 'problems']
    """
    check_lang(lang)
    sections = [
        _status_section(cams, lang),
        _linkage_section(cams, linkage, lang),
        _wanted_section(risk_points, plan, lang),
        _requests_section(requests, cams, lang),
        _problems_section(problems, lang),
    ]
    if plan is not None:
        sections += [
            _coverage_section(plan, lang),
            _budget_section(plan, lang, points=curve_points),
        ]
    safe = [without_personal_data(s) for s in sections]
    return Dashboard(title or text("title_dashboard", lang), lang, safe)


# --------------------------------------------------------------------------- Excel


def _workbook_sheets(d: Dashboard) -> dict[str, list[Block]]:
    """The dashboard as workbook sheets: per item its title, figures, and captioned tables."""
    from cctvgeo._write import Heading

    sheets: dict[str, list[Block]] = {}
    for s in d.sections:
        blocks: list[Block] = [Heading(s.title, size=13), *s.figures]
        for caption, table in s.tables:
            blocks += [None, Heading(caption), table]
        sheets[text(f"sheet_{s.key}", d.lang)] = blocks
    return sheets
