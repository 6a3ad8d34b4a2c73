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
"""

from __future__ import annotations

import base64
import functools
import html
import io
import math
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from cctvgeo._i18n import budget_line, budget_lines, check_lang, label, place_name, text
from cctvgeo._personal import MARKER_EN, scrub, scrub_values
from cctvgeo._validate import ValidationReport

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


# --------------------------------------------------------------------------- data classes


@dataclass(frozen=True)
class Section:
    """One dashboard item.

    Attributes
    ----------
    key : str
        One of :data:`ITEMS`.
    title : str
        The heading, in the dashboard's language.
    figures : list of str
        Key figures, one sentence each.
    tables : list of (str, DataFrame)
        Captioned tables.
    charts : list of (str, bytes)
        Captioned charts, as SVG (text kept as text).
    """

    key: str
    title: str
    figures: list[str] = field(default_factory=list)
    tables: list[tuple[str, pd.DataFrame]] = field(default_factory=list)
    charts: list[tuple[str, bytes]] = field(default_factory=list)


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
        return _html_page(self)

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


# --------------------------------------------------------------------------- helpers


def _missing(value: Any) -> bool:
    """None, NaN, pd.NA or NaT."""
    import pandas as pd

    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, (float, np.floating)) and bool(np.isnan(value))


def _text_values(series: pd.Series, lang: str) -> pd.Series:
    """Text with missing values shown as "(none)"."""
    none = text("none", lang)
    return series.map(lambda v: none if _missing(v) or str(v).strip() == "" else str(v)).astype(
        "str"
    )


def _vocab(series: pd.Series, lang: str) -> pd.Series:
    return series.map(lambda v: label("unknown" if _missing(v) else str(v), lang)).astype("str")


def _share(part: Any, whole: Any) -> Any:
    whole_arr = np.asarray(whole, dtype=float)
    part_arr = np.asarray(part, dtype=float)
    return np.round(
        np.divide(
            100.0 * part_arr, whole_arr, out=np.full(part_arr.shape, np.nan), where=whole_arr > 0
        ),
        1,
    )


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    import pandas as pd

    if name in frame.columns:
        return frame[name]
    return pd.Series([None] * len(frame), index=frame.index, dtype=object)


def _numeric(frame: pd.DataFrame, name: str) -> pd.Series:
    import pandas as pd

    return pd.to_numeric(_column(frame, name), errors="coerce").astype(float)


# --------------------------------------------------------------------------- charts


_THAI_FAMILIES = (
    "Noto Sans Thai",
    "Noto Sans Thai UI",
    "Noto Serif Thai",
    "Sarabun",
    "TH Sarabun New",
    "Tahoma",
    "Leelawadee UI",
    "Leelawadee",
    "Loma",
    "Garuda",
    "Norasi",
    "Kinnari",
    "Waree",
    "Umpush",
)


@functools.cache
def thai_font() -> str | None:
    """The family name of an installed font with Thai glyphs that matplotlib can use, or None.

    Examples
    --------
    >>> font = thai_font()
    >>> font is None or isinstance(font, str)
    True
    """
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in _THAI_FAMILIES if name in names), None)


def _chart_style() -> Any:
    """Matplotlib rc settings of every chart: SVG with text kept as text, the same bytes each run.

    The browser draws the text with the page's fonts, so Thai labels show on any machine;
    matplotlib measures them with the first Thai font it finds (:func:`thai_font`), or
    without one (the layout is then approximate).
    """
    font = thai_font()
    return {
        "font.family": [font, "DejaVu Sans"] if font else ["DejaVu Sans"],
        "font.size": 9,
        "svg.fonttype": "none",
        "svg.hashsalt": "cctvgeo",
    }


def _chart_text(labels: Sequence[Any]) -> list[str]:
    """Chart labels as text, with any personal value replaced (PDPA).

    The marker is in English, which every chart font can draw.
    """
    return [str(v) for v in scrub_values(labels, MARKER_EN)]


def _figure(width: float, height: float) -> Any:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100, layout="constrained", facecolor="white")


def _svg(fig: Any) -> bytes:
    """The figure as SVG bytes, text as text, no date (no pyplot, no global backend).

    Without a Thai font matplotlib warns of each glyph it cannot measure; the browser draws
    them, so those warnings say nothing about the chart.
    """
    import warnings

    from matplotlib.backends.backend_svg import FigureCanvasSVG

    FigureCanvasSVG(fig)
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message="Glyph .* missing from font", category=UserWarning
        )
        fig.savefig(buf, format="svg", metadata={"Date": None})
    return buf.getvalue()


def _bar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    colours: Sequence[str] | None = None,
    xlabel: str = "",
    horizontal: bool = True,
) -> bytes:
    import matplotlib as mpl

    labels = _chart_text(labels)
    with mpl.rc_context(_chart_style()):
        fig = _figure(6.4, max(1.6, 0.32 * len(labels) + 0.8))
        ax = fig.add_subplot()
        pos = np.arange(len(labels))
        kwargs = {"color": list(colours)} if colours else {"color": "#3182bd"}
        if horizontal:
            bars = ax.barh(pos, values, **kwargs)
            ax.set_yticks(pos, labels=list(labels))
            ax.invert_yaxis()
            ax.set_xlabel(xlabel)
            ax.bar_label(bars, labels=[f"{v:,.0f}" for v in values], padding=3, fontsize=8)
            ax.margins(x=0.15)
        else:
            bars = ax.bar(pos, values, **kwargs)
            ax.set_xticks(pos, labels=list(labels))
            ax.set_ylabel(xlabel)
        ax.spines[["top", "right"]].set_visible(False)
        return _svg(fig)


# --------------------------------------------------------------------------- items


_STATUS_ORDER = ("working", "under_repair", "not_working", "broken", "unknown")
_STATUS_COLOURS = {
    "working": "#1a9641",
    "under_repair": "#fdae61",
    "not_working": "#d7191c",
    "broken": "#a50026",
    "unknown": "#7f7f7f",
}
_REPAIR_STATUSES = ("not_working", "broken", "under_repair")


def _status_section(cams: pd.DataFrame, lang: str) -> Section:
    import pandas as pd

    status = _column(cams, "status").map(lambda v: "unknown" if _missing(v) else str(v))
    budget = _numeric(cams, "repair_budget_thb")
    order = [s for s in _STATUS_ORDER if (status == s).any()] + sorted(
        set(status) - set(_STATUS_ORDER)
    )
    counts = status.value_counts().reindex(order, fill_value=0)
    by_status = pd.DataFrame(
        {
            text("status", lang): [label(s, lang) for s in order],
            text("col_cameras", lang): counts.to_numpy(dtype=np.int64),
            text("col_percent", lang): _share(counts.to_numpy(), len(cams)),
            text("col_with_budget", lang): [
                int(((status == s) & budget.notna()).sum()) for s in order
            ],
            text("repair_budget_thb", lang): [float(budget[status == s].sum()) for s in order],
        }
    )
    to_repair = status.isin(_REPAIR_STATUSES)
    agency = _text_values(_column(cams, "repair_agency"), lang)[to_repair]
    rep = pd.DataFrame({"agency": agency, "budget": budget[to_repair]})
    by_repair = (
        rep.groupby("agency", sort=True)
        .agg(n=("agency", "size"), budget=("budget", "sum"))
        .sort_values(["n", "budget"], ascending=False, kind="stable")
        .reset_index()
    )
    by_repair.columns = [
        text("repair_agency", lang),
        text("col_to_repair", lang),
        text("repair_budget_thb", lang),
    ]
    own = _text_values(_column(cams, "agency"), lang)
    ag = pd.DataFrame({"agency": own, "working": status == "working"})
    by_agency = (
        ag.groupby("agency", sort=True)
        .agg(n=("agency", "size"), working=("working", "sum"))
        .sort_values("n", ascending=False, kind="stable")
        .reset_index()
    )
    by_agency["share"] = _share(by_agency["working"], by_agency["n"])
    by_agency.columns = [
        text("agency", lang),
        text("col_cameras", lang),
        text("col_working", lang),
        text("col_working_share", lang),
    ]
    n, w = len(cams), int((status == "working").sum())
    figures = [
        text("kf_cameras", lang, n=n, w=w, p=100.0 * w / n if n else 0.0),
        text("kf_repair", lang, n=int(to_repair.sum()), b=float(budget[to_repair].sum())),
    ]
    chart = _bar_chart(
        [label(s, lang) for s in order],
        counts.to_numpy(dtype=float),
        colours=[_STATUS_COLOURS.get(s, "#7f7f7f") for s in order],
        xlabel=text("col_cameras", lang),
    )
    return Section(
        "status",
        text("item_status", lang),
        figures,
        [
            (text("cap_by_status", lang), by_status),
            (text("cap_by_repair_agency", lang), by_repair),
            (text("cap_by_agency", lang), by_agency),
        ],
        [(text("cap_by_status", lang), chart)],
    )


def _linkage_section(cams: pd.DataFrame, linkage: Any, lang: str) -> Section:
    import pandas as pd

    from cctvgeo import settings

    linked = _column(cams, "linked")
    key = linked.map(
        lambda v: "unknown" if _missing(v) else ("linked" if bool(v) else "not_linked")
    )
    order = ["linked", "not_linked", "unknown"]
    counts = key.value_counts().reindex(order, fill_value=0)
    by_linkage = pd.DataFrame(
        {
            text("link_status", lang): [label(k, lang) for k in order],
            text("col_cameras", lang): counts.to_numpy(dtype=np.int64),
            text("col_percent", lang): _share(counts.to_numpy(), len(cams)),
        }
    )
    net = _text_values(_column(cams, "network"), lang)[key == "linked"]
    by_network = (
        net.value_counts()
        .rename_axis(text("network", lang))
        .reset_index(name=text("col_cameras", lang))
    )
    agency = _text_values(_column(cams, "agency"), lang)
    table = pd.crosstab(agency, key).reindex(columns=order, fill_value=0)
    table = table.sort_values(by=list(table.columns), ascending=False, kind="stable")
    by_agency = table.reset_index()
    by_agency.columns = [
        text("agency", lang),
        text("linked", lang),
        text("not_linked", lang),
        text("unknown", lang),
    ]
    share = float(getattr(settings, "linkage_share", 0.2))
    target = math.ceil(share * len(cams))
    figures = [
        text(
            "kf_linked",
            lang,
            l=int(counts["linked"]),
            p=100.0 * counts["linked"] / len(cams) if len(cams) else 0.0,
            u=int(counts["unknown"]),
        ),
        text("kf_target", lang, s=100 * share, t=target),
    ]
    tables = [
        (text("cap_linkage", lang), by_linkage),
        (text("cap_by_network", lang), by_network),
        (text("cap_linkage_agency", lang), by_agency),
    ]
    chart = _bar_chart(
        [label(k, lang) for k in order],
        counts.to_numpy(dtype=float),
        colours=["#1a9641", "#d7191c", "#7f7f7f"],
        xlabel=text("col_cameras", lang),
    )
    if linkage is not None:
        more_figures, more_tables = _linkage_tables(linkage, lang)
        figures += more_figures
        tables += more_tables
    return Section(
        "linkage", text("item_linkage", lang), figures, tables, [(text("cap_linkage", lang), chart)]
    )


def _group_wanted(frame: pd.DataFrame, by: pd.Series, header: str) -> pd.DataFrame:
    import pandas as pd

    data = pd.DataFrame(
        {"by": by, "wanted": frame["wanted"], "budget": frame["budget"]}, index=frame.index
    )
    out = (
        data.groupby("by", sort=True)
        .agg(points=("by", "size"), wanted=("wanted", "sum"), budget=("budget", "sum"))
        .sort_values(["budget", "points"], ascending=False, kind="stable")
        .reset_index()
    )
    out.columns = [header, "points", "wanted", "budget"]
    return out


def _wanted_section(risk_points: pd.DataFrame | None, plan: Any, lang: str) -> Section:
    section = _wanted_from_points(risk_points, lang)
    if plan is None:
        return section
    figures, tables = _plan_tables(plan, lang)
    keep = [] if risk_points is None else section.figures
    return Section("wanted", section.title, keep + figures, section.tables + tables, section.charts)


def _wanted_from_points(risk_points: pd.DataFrame | None, lang: str) -> Section:
    import pandas as pd

    if risk_points is None:
        return Section("wanted", text("item_wanted", lang), [text("not_given", lang)])
    frame = pd.DataFrame(
        {
            "wanted": _numeric(risk_points, "requested_cameras").fillna(0.0),
            "budget": _numeric(risk_points, "budget_thb").fillna(0.0),
        },
        index=risk_points.index,
    )
    rename = {
        "points": text("col_points", lang),
        "wanted": text("requested_cameras", lang),
        "budget": text("budget_thb", lang),
    }
    tables = []
    for cap, col, vocab in (
        ("cap_by_reason", "reason", False),
        ("cap_by_category", "category", True),
        ("cap_by_priority", "priority", True),
        ("cap_by_source", "budget_source", False),
    ):
        values = _column(risk_points, col)
        by = _vocab(values, lang) if vocab else _text_values(values, lang)
        table = _group_wanted(frame, by, text(col, lang)).rename(columns=rename)
        table[text("requested_cameras", lang)] = table[text("requested_cameras", lang)].astype(
            np.int64
        )
        tables.append((text(cap, lang), table))
    figures = [
        text(
            "kf_wanted",
            lang,
            p=len(risk_points),
            c=int(frame["wanted"].sum()),
            b=float(frame["budget"].sum()),
        )
    ]
    cat = _vocab(_column(risk_points, "category"), lang)
    by_cat = (
        frame.groupby(cat.to_numpy())["wanted"].sum().sort_values(ascending=False, kind="stable")
    )
    chart = _bar_chart(
        list(by_cat.index.astype(str)),
        by_cat.to_numpy(dtype=float),
        colours=None,
        xlabel=text("requested_cameras", lang),
    )
    return Section(
        "wanted",
        text("item_wanted", lang),
        figures,
        tables,
        [(text("cap_by_category", lang), chart)],
    )


_OUTCOME_ORDER = ("footage_found", "no_camera", "camera_broken", "retention_expired", "denied")
_OUTCOME_COLOURS = ("#1a9641", "#d7191c", "#a50026", "#fdae61", "#7f7f7f")


def _requests_section(
    requests: pd.DataFrame | None, cams: pd.DataFrame, lang: str, *, top: int = 15
) -> Section:
    import pandas as pd

    if requests is None:
        return Section("requests", text("item_requests", lang), [text("not_given", lang)])
    # Only these columns are ever read: nothing personal can reach the outputs.
    outcome = _column(requests, "outcome").map(lambda v: "unknown" if _missing(v) else str(v))
    order = [o for o in _OUTCOME_ORDER if (outcome == o).any()]
    order += sorted(set(outcome) - set(order))
    counts = outcome.value_counts().reindex(order, fill_value=0)
    n = len(requests)
    by_outcome = pd.DataFrame(
        {
            text("col_outcome", lang): [label(o, lang) for o in order],
            text("n_requests", lang): counts.to_numpy(dtype=np.int64),
            text("col_percent", lang): _share(counts.to_numpy(), n),
        }
    )
    ids = _column(requests, "camera_id")
    stats = _camera_request_stats(ids, outcome, cams)
    top_cams = stats.head(top)
    top_table = pd.DataFrame(
        {
            text("camera_id", lang): top_cams["camera_id"].to_numpy(),
            text("name", lang): _text_values(top_cams["name"], lang).to_numpy(),
            text("agency", lang): _text_values(top_cams["agency"], lang).to_numpy(),
            text("n_requests", lang): top_cams["n"].to_numpy(dtype=np.int64),
            text("col_found", lang): top_cams["found"].to_numpy(dtype=np.int64),
            text("col_success", lang): _share(top_cams["found"], top_cams["known"]),
            text("col_broken_when_needed", lang): [
                text("yes", lang) if b else text("no", lang) for b in top_cams["broken"]
            ],
        }
    )
    tables = [(text("cap_outcomes", lang), by_outcome), (text("cap_top_cameras", lang), top_table)]
    charts = []
    charts.append(
        (
            text("cap_outcomes", lang),
            _bar_chart(
                [label(o, lang) for o in order],
                counts.to_numpy(dtype=float),
                colours=[
                    dict(zip(_OUTCOME_ORDER, _OUTCOME_COLOURS, strict=True)).get(o, "#7f7f7f")
                    for o in order
                ],
                xlabel=text("n_requests", lang),
            ),
        )
    )
    when = pd.to_datetime(_column(requests, "requested_at"), errors="coerce")
    if when.notna().any():
        month = when.dt.strftime("%Y-%m")
        by_month = pd.crosstab(month, outcome).reindex(columns=order, fill_value=0).sort_index()
        month_table = by_month.reset_index()
        month_table.columns = [text("col_month", lang)] + [label(o, lang) for o in order]
        tables.append((text("cap_by_month", lang), month_table))
        charts.append((text("cap_by_month", lang), _month_chart(by_month, order, lang)))
    found = int(counts.get("footage_found", 0))
    unmet = int(counts.get("no_camera", 0) + counts.get("camera_broken", 0))
    figures = [
        text("kf_requests", lang, n=n, f=found, p=100.0 * found / n if n else 0.0, u=unmet),
        text("kf_pdpa", lang),
    ]
    return Section("requests", text("item_requests", lang), figures, tables, charts)


def _camera_request_stats(ids: pd.Series, outcome: pd.Series, cams: pd.DataFrame) -> pd.DataFrame:
    """Requests per camera: count, footage found, known outcomes, broken when needed."""
    import pandas as pd

    data = pd.DataFrame({"camera_id": ids, "outcome": outcome})
    data = data[data["camera_id"].notna()]
    data["camera_id"] = data["camera_id"].astype("str")
    known = data["outcome"].isin(_OUTCOME_ORDER)
    grouped = pd.DataFrame(
        {
            "n": data.groupby("camera_id").size(),
            "found": (data["outcome"] == "footage_found").groupby(data["camera_id"]).sum(),
            "known": known.groupby(data["camera_id"]).sum(),
            "broken": (data["outcome"] == "camera_broken").groupby(data["camera_id"]).any(),
        }
    )
    info = pd.DataFrame(
        {
            "name": _column(cams, "name").to_numpy(),
            "agency": _column(cams, "agency").to_numpy(),
        },
        index=_column(cams, "camera_id").astype("str").to_numpy(),
    )
    info = info[~info.index.duplicated()]
    grouped = grouped.join(info, how="left")
    grouped.index.name = "camera_id"
    return grouped.reset_index().sort_values(
        ["n", "camera_id"], ascending=[False, True], kind="stable"
    )


def _month_chart(by_month: pd.DataFrame, order: Sequence[str], lang: str) -> bytes:
    import matplotlib as mpl

    colours = dict(zip(_OUTCOME_ORDER, _OUTCOME_COLOURS, strict=True))
    with mpl.rc_context(_chart_style()):
        fig = _figure(7.2, 3.0)
        ax = fig.add_subplot()
        pos = np.arange(len(by_month))
        bottom = np.zeros(len(by_month))
        for o, name in zip(order, _chart_text([label(o, lang) for o in order]), strict=True):
            values = by_month[o].to_numpy(dtype=float)
            ax.bar(pos, values, bottom=bottom, color=colours.get(o, "#7f7f7f"), label=name)
            bottom += values
        step = max(1, len(pos) // 12)
        ax.set_xticks(pos[::step], labels=list(by_month.index[::step]), rotation=45, ha="right")
        ax.set_ylabel(text("n_requests", lang))
        ax.legend(fontsize=7, ncols=3, frameon=False)
        ax.spines[["top", "right"]].set_visible(False)
        return _svg(fig)


def _reports(problems: Any) -> tuple[list[ValidationReport], list[str]]:
    """Split ``problems`` into validation reports and free-text problems."""
    if problems is None:
        return [], []
    items: Iterable[Any] = [problems] if isinstance(problems, (ValidationReport, str)) else problems
    reports: list[ValidationReport] = []
    texts: list[str] = []
    for item in items:
        if isinstance(item, ValidationReport):
            reports.append(item)
        elif isinstance(item, str):
            texts.append(item)
        else:
            raise TypeError(
                "problems must be a ValidationReport, a str, or a list of them; "
                f"got {type(item).__name__}."
            )
    return reports, texts


def _problems_section(problems: Any, lang: str) -> Section:
    import pandas as pd

    reports, texts = _reports(problems)
    if not reports and not texts:
        return Section("problems", text("item_problems", lang), [text("not_given", lang)])
    summary = pd.DataFrame(
        {
            text("col_source", lang): [r.source for r in reports],
            text("col_rows", lang): [r.n_rows for r in reports],
            text("col_errors", lang): [len(r.errors) for r in reports],
            text("col_warnings", lang): [len(r.warnings) for r in reports],
            text("col_dropped", lang): [len(r.dropped_rows) for r in reports],
        }
    )
    rows = [
        (
            r.source,
            p.severity,
            "" if p.row is None else str(p.row),
            p.column or "",
            p.value,
            p.message,
            p.fix,
        )
        for r in reports
        for p in sorted(r.problems, key=lambda p: p.severity != "error")
    ]
    listing = pd.DataFrame(
        rows,
        columns=[
            text("col_source", lang),
            text("col_severity", lang),
            text("col_row", lang),
            text("col_column", lang),
            text("col_value", lang),
            text("col_problem", lang),
            text("col_fix", lang),
        ],
    )
    tables = []
    if reports:
        tables += [(text("cap_reports", lang), summary), (text("cap_problem_list", lang), listing)]
    if texts:
        tables.append((text("cap_free_text", lang), pd.DataFrame({text("col_text", lang): texts})))
    figures = [
        text(
            "kf_problems",
            lang,
            e=sum(len(r.errors) for r in reports),
            w=sum(len(r.warnings) for r in reports),
        )
    ]
    return Section("problems", text("item_problems", lang), figures, tables)


# --------------------------------------------------------------------------- the plan


def _budget_lines(sources: pd.Series, lang: str) -> pd.DataFrame:
    """Sum the "line: amount[/yr]; ..." texts of the plan's sites per budget line."""
    import pandas as pd

    once: dict[str, float] = {}
    yearly: dict[str, float] = {}
    for lines_of_site in sources.dropna().astype(str):
        for part in lines_of_site.split("; "):
            line, sep, amount = part.rpartition(": ")
            line = budget_line(line, lang)
            if not sep:
                continue
            per_year = amount.endswith("/yr")
            try:
                value = float(amount.removesuffix("/yr").replace(",", ""))
            except ValueError:
                continue
            target = yearly if per_year else once
            target[line] = target.get(line, 0.0) + value
    lines = sorted(set(once) | set(yearly))
    return pd.DataFrame(
        {
            text("col_line", lang): lines,
            text("col_once", lang): [once.get(k, 0.0) for k in lines],
            text("col_per_year", lang): [yearly.get(k, 0.0) for k in lines],
        }
    )


def _plan_tables(plan: Any, lang: str) -> tuple[list[str], list[tuple[str, pd.DataFrame]]]:
    import pandas as pd

    sites, years = plan.sites, plan.years
    th = lang == "th"
    kinds = _column(sites, "kind").astype("str")
    per_year = pd.DataFrame(
        {
            text("year", lang): years["year"].to_numpy(),
            text("col_year_budget", lang): years["budget_thb"].to_numpy(dtype=float),
            text("earlier_running_thb", lang): years["earlier_running_thb"].to_numpy(dtype=float),
            text("n_new", lang): years["n_new"].to_numpy(dtype=np.int64),
            text("n_repair", lang): years["n_repair"].to_numpy(dtype=np.int64),
            text("n_reaim", lang): years["n_reaim"].to_numpy(dtype=np.int64),
            text("new_capital_thb", lang): years["new_capital_thb"].to_numpy(dtype=float),
            text("charged_thb", lang): years["charged_thb"].to_numpy(dtype=float),
            text("unspent_thb", lang): years["unspent_thb"].to_numpy(dtype=float),
            text("approval_level", lang): years["approval_level_th" if th else "approval_level"]
            .astype("str")
            .to_numpy(),
        }
    )
    listing = pd.DataFrame(
        {
            text("rank", lang): _column(sites, "rank").to_numpy(),
            text("year", lang): _column(sites, "year").to_numpy(),
            text("kind", lang): [label(k, lang) for k in kinds],
            text("site_name", lang): _text_values(
                _column(sites, "site_name").map(lambda v: place_name(v, lang)), lang
            ).to_numpy(),
            text("capital_thb", lang): _numeric(sites, "capital_thb").to_numpy(),
            text("running_thb_per_year", lang): _numeric(sites, "running_thb_per_year").to_numpy(),
            text("life_cycle_thb", lang): _numeric(sites, "life_cycle_thb").to_numpy(),
            text("budget_source", lang): _text_values(
                _column(sites, "budget_source").map(lambda v: budget_lines(v, lang)), lang
            ).to_numpy(),
            text("approval_level", lang): _text_values(
                _column(sites, "approval_level_th" if th else "approval_level"), lang
            ).to_numpy(),
            text("reason", lang): _text_values(
                _column(sites, "reason_th" if th else "reason"), lang
            ).to_numpy(),
        }
    )
    figures = [
        text(
            "kf_plan",
            lang,
            y=len(years),
            b=float(years["budget_thb"].sum()),
            n=int((kinds == "new").sum()),
            r=int((kinds == "repair").sum()),
            a=int((kinds == "re-aim").sum()),
        ),
        text("kf_running", lang, r=float(years["running_after_plan_thb"].iloc[-1])),
    ]
    tables = [
        (text("cap_plan_years", lang), per_year),
        (text("cap_plan_lines", lang), _budget_lines(_column(sites, "budget_source"), lang)),
        (text("cap_plan_sites", lang), listing),
    ]
    return figures, tables


def _coverage_section(plan: Any, lang: str) -> Section:
    import pandas as pd

    summary = plan.summary()
    table = pd.DataFrame(
        {
            text("section", lang): [
                label(v, lang, column="section") for v in summary["section"].astype(str)
            ],
            text("group", lang): [
                label(v, lang, column="group") for v in summary["group"].astype(str)
            ],
            text("unit", lang): [
                label(v, lang, column="unit") for v in summary["unit"].astype(str)
            ],
            text("total", lang): summary["total"].to_numpy(dtype=float),
            text("before", lang): summary["before"].to_numpy(dtype=float),
            text("after", lang): summary["after"].to_numpy(dtype=float),
            text("col_before_percent", lang): np.round(
                100 * summary["before_share"].to_numpy(dtype=float), 1
            ),
            text("col_after_percent", lang): np.round(
                100 * summary["after_share"].to_numpy(dtype=float), 1
            ),
        }
    )
    rows = {
        (sec, grp): (b, a)
        for sec, grp, b, a in zip(
            summary["section"],
            summary["group"],
            summary["before_share"],
            summary["after_share"],
            strict=True,
        )
    }
    figures = []
    if ("roads", "all") in rows:
        b, a = rows[("roads", "all")]
        figures.append(text("kf_roads", lang, b=100 * b, a=100 * a))
    if ("risk points", "all") in rows:
        b, a = rows[("risk points", "all")]
        figures.append(text("kf_points", lang, b=100 * b, a=100 * a))
    picked = [
        k
        for k in (("roads", "all"), ("risk points", "all"), ("escape routes", "captured"))
        if k in rows
    ]
    chart = _before_after_chart(
        [label(sec, lang, column="section") for sec, _ in picked],
        [100 * rows[k][0] for k in picked],
        [100 * rows[k][1] for k in picked],
        lang,
    )
    return Section(
        "coverage",
        text("item_coverage", lang),
        figures,
        [(text("cap_summary", lang), table)],
        [(text("cap_summary", lang), chart)],
    )


def _before_after_chart(
    labels: Sequence[str], before: Sequence[float], after: Sequence[float], lang: str
) -> bytes:
    import matplotlib as mpl

    with mpl.rc_context(_chart_style()):
        fig = _figure(6.4, 2.8)
        ax = fig.add_subplot()
        pos = np.arange(len(labels))
        b1 = ax.barh(pos - 0.2, before, height=0.4, color="#bdbdbd", label=text("before", lang))
        b2 = ax.barh(pos + 0.2, after, height=0.4, color="#1a9641", label=text("after", lang))
        ax.bar_label(b1, labels=[f"{v:.1f} %" for v in before], padding=3, fontsize=8)
        ax.bar_label(b2, labels=[f"{v:.1f} %" for v in after], padding=3, fontsize=8)
        ax.set_yticks(pos, labels=list(labels))
        ax.invert_yaxis()
        ax.set_xlim(0, 115)
        ax.set_xlabel("%")
        ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        ax.spines[["top", "right"]].set_visible(False)
        return _svg(fig)


def _budget_section(plan: Any, lang: str, *, points: int) -> Section:
    import matplotlib as mpl
    import pandas as pd

    curve = plan.coverage_curve(points=points)
    table = pd.DataFrame(
        {
            text("budget_thb", lang): curve["budget_thb"].to_numpy(dtype=float),
            text("col_coverage_percent", lang): np.round(
                100 * curve["share"].to_numpy(dtype=float), 2
            ),
            text("gain", lang): curve["gain"].to_numpy(dtype=float),
            text("n_selected", lang): curve["n_selected"].to_numpy(dtype=np.int64),
            text("cost_thb", lang): curve["cost_thb"].to_numpy(dtype=float),
        }
    )
    with mpl.rc_context(_chart_style()):
        fig = _figure(6.4, 3.0)
        ax = fig.add_subplot()
        x = curve["budget_thb"].to_numpy(dtype=float) / 1e6
        y = 100 * curve["share"].to_numpy(dtype=float)
        ax.plot(x, y, marker="o", color="#3182bd")
        ax.set_xlabel(text("col_budget_millions", lang))
        ax.set_ylabel(text("col_coverage_percent", lang))
        ax.grid(alpha=0.3)
        ax.spines[["top", "right"]].set_visible(False)
        chart = _svg(fig)
    return Section(
        "budget",
        text("item_budget", lang),
        [text("kf_curve", lang)],
        [(text("cap_curve", lang), table)],
        [(text("cap_curve", lang), chart)],
    )


_DISTRICT_COLUMNS = {
    "district": "district",
    "cameras": "col_cameras",
    "working": "col_working",
    "linked_before": "col_linked_before",
    "linked_after": "col_linked_after",
    "selected": "col_selected",
    "gain": "gain",
    "share_linked_after": "col_linked_percent",
}


def _district_table(by_district: pd.DataFrame, lang: str) -> pd.DataFrame:
    table = by_district.copy()
    if "share_linked_after" in table.columns:
        table["share_linked_after"] = np.round(100 * table["share_linked_after"].astype(float), 1)
    return table.rename(columns={k: text(v, lang) for k, v in _DISTRICT_COLUMNS.items()})


def _linkage_tables(linkage: Any, lang: str) -> tuple[list[str], list[tuple[str, pd.DataFrame]]]:
    import pandas as pd

    sel = linkage.selected
    th = lang == "th"
    table = pd.DataFrame(
        {
            text("rank", lang): _column(sel, "link_rank").to_numpy(),
            text("camera_id", lang): _column(sel, "camera_id").to_numpy(),
            text("name", lang): _text_values(_column(sel, "name"), lang).to_numpy(),
            text("agency", lang): _text_values(_column(sel, "agency"), lang).to_numpy(),
            text("gain", lang): _numeric(sel, "link_gain").to_numpy(),
            text("reason", lang): _text_values(
                _column(sel, "link_reason_th" if th else "link_reason"), lang
            ).to_numpy(),
        }
    )
    tables = [(text("cap_linkage_selected", lang), table)]
    if linkage.by_district is not None:
        tables.append(
            (text("cap_linkage_district", lang), _district_table(linkage.by_district, lang))
        )
    figures = [text("kf_linkage_selected", lang, n=len(sel), t=int(linkage.quota))]
    return figures, tables


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
    safe = [_without_personal_data(s) for s in sections]
    return Dashboard(title or text("title_dashboard", lang), lang, safe)


def _without_personal_data(section: Section) -> Section:
    """The section with every personal value in its texts replaced (PDPA).

    Charts are guarded where they are drawn (:func:`_chart_text`).
    """
    import pandas as pd

    tables = [
        (
            caption,
            pd.concat(
                [_scrubbed_column(table.iloc[:, i]) for i in range(table.shape[1])], axis=1
            ).set_axis(scrub_values(table.columns), axis=1)
            if table.shape[1]
            else table,
        )
        for caption, table in section.tables
    ]
    figures = [str(f) for f in scrub_values(section.figures)]
    return Section(section.key, section.title, figures, tables, section.charts)


def _scrubbed_column(values: pd.Series) -> pd.Series:
    """A text column with its personal values replaced; other columns as they are."""
    if values.dtype.kind in "biufcmM":
        return values
    scrubbed, kinds, _ = scrub(values)
    return scrubbed if kinds.to_numpy().any() else values


# --------------------------------------------------------------------------- HTML


_CSS = """
body { font-family: Tahoma, 'Noto Sans Thai', 'Leelawadee UI', Loma, Garuda, sans-serif;
  margin: 1.5em 2em; color: #222; max-width: 1100px; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 1.6em;
  border-bottom: 2px solid #3182bd; padding-bottom: 2px; }
h3 { font-size: 1em; margin: 1em 0 0.3em 0; }
ul.figures { background: #f3f7fb; padding: 0.6em 1.8em; border-radius: 4px; }
table { border-collapse: collapse; font-size: 0.85em; margin-bottom: 0.6em; }
th, td { border: 1px solid #bbb; padding: 2px 6px; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
th { background: #eef2f6; }
figure { margin: 0.6em 0; } figure img { max-width: 100%; border: 1px solid #ddd; }
figcaption { font-size: 0.85em; color: #555; }
nav ul { columns: 2; list-style: none; padding-left: 0.5em; }
@media print { h2 { page-break-before: auto; } figure, table { page-break-inside: avoid; } }
"""


def _cell(value: Any) -> tuple[str, bool]:
    """A table cell's text and whether it is a number (whole baht and metres from 1,000 up)."""
    if _missing(value):
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


#: Tables longer than this show their first rows, and the rest under "show all".
_HTML_ROWS_SHOWN = 12


def _html_table(frame: pd.DataFrame, lang: str = "en") -> str:
    if len(frame) > _HTML_ROWS_SHOWN + 3:
        head = _html_rows(frame.iloc[:_HTML_ROWS_SHOWN])
        rest = html.escape(text("more_rows", lang, n=len(frame)))
        return f"{head}<details><summary>{rest}</summary>{_html_rows(frame)}</details>"
    return _html_rows(frame)


def _html_rows(frame: pd.DataFrame) -> str:
    esc = html.escape
    head = "".join(f"<th>{esc(str(c))}</th>" for c in frame.columns)
    body = []
    for row in frame.itertuples(index=False):
        cells = []
        for value in row:
            text, numeric = _cell(value)
            cls = ' class="num"' if numeric else ""
            cells.append(f"<td{cls}>{esc(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _html_page(d: Dashboard) -> str:
    esc = html.escape
    parts = [
        f'<!DOCTYPE html><html lang="{esc(d.lang)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(d.title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{esc(d.title)}</h1>",
        f"<nav><h3>{esc(text('contents', d.lang))}</h3><ul>",
    ]
    parts += [f'<li><a href="#{esc(s.key)}">{esc(s.title)}</a></li>' for s in d.sections]
    parts.append("</ul></nav>")
    for s in d.sections:
        parts.append(f'<section id="{esc(s.key)}"><h2>{esc(s.title)}</h2>')
        if s.figures:
            parts.append(
                '<ul class="figures">' + "".join(f"<li>{esc(f)}</li>" for f in s.figures) + "</ul>"
            )
        for caption, svg in s.charts:
            data = base64.b64encode(svg).decode("ascii")
            parts.append(
                f'<figure><img alt="{esc(caption)}" src="data:image/svg+xml;base64,{data}">'
                f"<figcaption>{esc(caption)}</figcaption></figure>"
            )
        for caption, table in s.tables:
            body = (
                _html_table(table, d.lang) if len(table) else f"<p>{esc(text('none', d.lang))}</p>"
            )
            parts.append(f"<h3>{esc(caption)}</h3>{body}")
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts)


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
