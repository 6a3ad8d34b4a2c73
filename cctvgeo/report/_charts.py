"""The dashboard's charts: SVG with the text kept as text, the same bytes on every run."""

from __future__ import annotations

import functools
import io
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from cctvgeo._i18n import label, text
from cctvgeo._personal import MARKER_EN, scrub_values

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


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


def bar_chart(
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


def _month_chart(
    by_month: pd.DataFrame, order: Sequence[str], lang: str, colours: Mapping[str, str]
) -> bytes:
    """Requests per month, stacked by outcome (in ``order``, coloured by ``colours``)."""
    import matplotlib as mpl

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


def _curve_chart(curve: pd.DataFrame, lang: str) -> bytes:
    """Coverage (%) against the budget (million baht) of a plan's coverage curve."""
    import matplotlib as mpl

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
        return _svg(fig)
