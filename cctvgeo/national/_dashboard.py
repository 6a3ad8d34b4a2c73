"""The national dashboard: the committee's five items by region and by province.

It is the provincial dashboard's page and workbook (:class:`cctvgeo.report.Dashboard`:
escaped HTML, formula-safe Excel with fixed dates, personal data replaced) filled with the
national roll-up's figures instead of one province's survey:

1. cameras by status, with the repair priorities and their cost;
2. linkage: cameras linked, and the 20 % selected for the central system, by province;
3. the installation plans: budget, planned spend, sites, coverage after, approval level;
4. footage-access requests: counts by outcome, the share that found footage and the
   request hotspots (a note when the roll-up was given no request log);
5. problems: provinces that failed, cameras in no province, provinces without cameras;

and road coverage by region and by province. Each item has a table by region, ending with
the national total, and a table by province. Figures are the roll-up's own: region rows
are ``NationalRollup.regions`` and the total row is ``NationalRollup.totals`` (shares
computed from sums there, never averaged here).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from cctvgeo._i18n import label, text
from cctvgeo.national._bilingual import local
from cctvgeo.national._province import REQUEST_COLUMNS

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from cctvgeo.report import Dashboard, Section

__all__ = ["national_dashboard", "write_national_dashboard"]

HTML_NAME = "national_dashboard.html"
XLSX_NAME = "national_dashboard.xlsx"

#: Each item's figures (columns of the national table, or the two shares computed here).
ITEM_COLUMNS: dict[str, tuple[str, ...]] = {
    "status": (
        "n_cameras",
        "n_working",
        "n_broken",
        "n_unknown_status",
        "broken_share",
        "n_repair_priorities",
        "repair_cost_thb",
    ),
    "linkage": ("n_cameras", "n_linked", "linked_share", "n_linkage_selected"),
    "wanted": (
        "budget_thb",
        "planned_spend_thb",
        "n_planned_sites",
        "coverage_share",
        "coverage_share_after",
        "approval_level",
    ),
    "requests": REQUEST_COLUMNS,
    "coverage": ("road_km", "covered_km", "coverage_share", "gap_km", "coverage_share_after"),
}
#: Shares shown in % of the table's 0-1 values.
SHARES = ("broken_share", "coverage_share", "coverage_share_after", "request_success_share")
#: Shares computed here from two counts: (part, whole).
RATIOS = {
    "linked_share": ("n_linked", "n_cameras"),
}


def _percent(value: Any) -> str:
    """A 0-1 share as "12.3 %", or "-" when it is missing."""
    return "-" if value is None or not np.isfinite(value) else f"{100 * float(value):.1f} %"


def _values(frame: pd.DataFrame, column: str, lang: str) -> Any:
    """One figure of every row, or None when ``frame`` lacks it.

    Shares are in %, ratios are computed here, the approval level is text (regions have
    none).
    """
    from cctvgeo.report import percent

    if column in RATIOS:
        part, whole = RATIOS[column]
        return percent(frame[part].to_numpy(dtype=float), frame[whole].to_numpy(dtype=float))
    if column == "approval_level":
        return local(frame, column, lang).astype(str).to_numpy() if column in frame else None
    if column in SHARES:
        return np.round(100 * frame[column].to_numpy(dtype=float), 1)
    return frame[column].to_numpy(dtype=float)


def _figures_table(frame: pd.DataFrame, columns: tuple[str, ...], lang: str) -> pd.DataFrame:
    """``columns`` of ``frame`` under their labels (see :func:`_values`)."""
    import pandas as pd

    values = {text(c, lang): _values(frame, c, lang) for c in columns}
    return pd.DataFrame({k: v for k, v in values.items() if v is not None}, index=frame.index)


def _by_region(rollup: Any, columns: tuple[str, ...], lang: str) -> pd.DataFrame:
    """Regions then the national total, each with its provinces and ``columns``."""
    import pandas as pd

    total = rollup.totals.to_frame().T
    total["region"] = total["region_th"] = text("total", lang)
    rows = pd.concat([rollup.regions, total], ignore_index=True)
    head = pd.DataFrame(
        {
            text("region", lang): local(rows, "region", lang).to_numpy(),
            text("n_provinces", lang): rows["n_provinces"].to_numpy(dtype=float),
        }
    )
    return pd.concat([head, _figures_table(rows, columns, lang)], axis=1)


def _by_province(rollup: Any, columns: tuple[str, ...], lang: str) -> pd.DataFrame:
    """One row per province: code, name, region, status of its run and ``columns``."""
    import pandas as pd

    rows = rollup.provinces.reset_index(drop=True)
    head = pd.DataFrame(
        {
            text("pro_code", lang): rows["pro_code"].astype(str).to_numpy(),
            text("province", lang): local(rows, "name", lang).astype(str).to_numpy(),
            text("region", lang): local(rows, "region", lang).astype(str).to_numpy(),
            text("status", lang): [label(s, lang, column="status") for s in rows["status"]],
        }
    )
    return pd.concat([head, _figures_table(rows, columns, lang)], axis=1)


def _tables(rollup: Any, key: str, lang: str) -> list[tuple[str, pd.DataFrame]]:
    columns = ITEM_COLUMNS[key]
    return [
        (text("national_by_region", lang), _by_region(rollup, columns, lang)),
        (text("national_by_province", lang), _by_province(rollup, columns, lang)),
    ]


def _region_chart(rollup: Any, column: str, lang: str) -> tuple[str, bytes]:
    """A bar chart of ``column`` by region (Thai labels only with a Thai font)."""
    from cctvgeo.report import bar_chart

    regions = rollup.regions
    png = bar_chart(
        [str(r) for r in local(regions, "region", lang)],
        regions[column].to_numpy(dtype=float),
        xlabel=text(column, lang),
    )
    return f"{text(column, lang)} ({text('national_by_region', lang)})", png


def _sections(rollup: Any, lang: str) -> list[Section]:
    """The dashboard's sections, in the provincial dashboard's order of items."""
    total = rollup.totals
    table = rollup.provinces
    planned = int(table["budget_thb"].notna().sum())
    partial = [text("national_kf_partial", lang)] if rollup.partial else []
    status = [
        text(
            "national_kf_cameras",
            lang,
            n=total["n_cameras"],
            k=len(table),
            w=total["n_working"],
            b=total["n_broken"],
            p=_percent(total["broken_share"]),
        ),
        text(
            "national_kf_repairs", lang, n=total["n_repair_priorities"], c=total["repair_cost_thb"]
        ),
        *partial,
    ]
    cameras = total["n_cameras"]
    linkage = [
        text(
            "national_kf_linked",
            lang,
            l=total["n_linked"],
            p=_percent(total["n_linked"] / cameras if cameras else np.nan),
            s=total["n_linkage_selected"],
        ),
        *partial,
    ]
    wanted = (
        [
            text(
                "national_kf_plans",
                lang,
                k=planned,
                b=total["budget_thb"],
                s=total["planned_spend_thb"],
                n=total["n_planned_sites"],
            )
        ]
        if planned
        else [text("no_plan", lang)]
    )
    coverage = [
        text(
            "national_kf_coverage",
            lang,
            r=total["road_km"],
            c=total["covered_km"],
            p=_percent(total["coverage_share"]),
            g=total["gap_km"],
            a=_percent(total["coverage_share_after"]),
        ),
        *partial,
    ]
    return [
        _item(rollup, "status", status, lang, chart="n_broken"),
        _item(rollup, "linkage", linkage, lang, chart="n_linkage_selected"),
        _item(rollup, "wanted", wanted, lang),
        _requests(rollup, partial, lang),
        _problems(rollup, lang),
        _item(rollup, "coverage", coverage, lang),
    ]


def _item(
    rollup: Any, key: str, figures: list[str], lang: str, *, chart: str | None = None
) -> Section:
    """An item with its tables by region and by province.

    With ``chart``, a bar chart of that column by region too.
    """
    from cctvgeo.report import Section

    charts = [_region_chart(rollup, chart, lang)] if chart else []
    return Section(key, text(f"item_{key}", lang), figures, _tables(rollup, key, lang), charts)


def _requests(rollup: Any, partial: list[str], lang: str) -> Section:
    """Item 4: the footage-access requests, or a note when no request log was given."""
    from cctvgeo.report import Section

    total, table = rollup.totals, rollup.provinces
    logged = int(table["n_requests"].notna().sum())
    if not logged:
        return Section(
            "requests", text("item_requests", lang), [text("national_kf_no_requests", lang)]
        )
    figures = [
        text(
            "national_kf_requests",
            lang,
            n=total["n_requests"],
            k=logged,
            p=_percent(total["request_success_share"]),
            b=total["n_requests_camera_broken"],
            c=total["n_requests_no_camera"],
            h=total["n_request_hotspots"],
        ),
        *partial,
    ]
    return _item(rollup, "requests", figures, lang, chart="n_requests")


def unassigned_reason(reason: str, lang: str) -> str:
    """Why a camera is in no province (``NationalRollup.unassigned.reason``), in ``lang``.

    A reason that is not one :func:`cctvgeo.national.assign_provinces` gives is shown as it is.

    Examples
    --------
    >>> unassigned_reason("on the border of 10, 11", "th")
    'อยู่บนเส้นแบ่งเขตจังหวัด 10, 11'
    >>> unassigned_reason("outside every province", "th")
    'อยู่นอกทุกจังหวัด'
    """
    from cctvgeo.national import _assign

    for prefix, key in ((_assign.ON_BORDER, "on_border"), (_assign.OVERLAP, "overlap")):
        if reason.startswith(prefix):
            return text(f"national_{key}", lang, codes=reason[len(prefix) :])
    fixed = {_assign.NO_LOCATION: "national_no_location", _assign.OUTSIDE: "national_outside"}
    return text(fixed[reason], lang) if reason in fixed else reason


def _problems(rollup: Any, lang: str) -> Section:
    """Item 5: failed provinces with their reason, cameras in no province, empty provinces."""
    import pandas as pd

    from cctvgeo.report import Section

    failed = rollup.problems
    table = rollup.provinces
    empty = table[table["status"] == "no cameras"]
    reasons = rollup.unassigned["reason"].astype(str)
    unassigned = reasons.value_counts().sort_index()
    unassigned.index = [unassigned_reason(r, lang) for r in unassigned.index]
    tables = [
        (
            text("national_failed_provinces", lang),
            pd.DataFrame(
                {
                    text("pro_code", lang): failed["pro_code"].astype(str).to_numpy(),
                    text("province", lang): local(failed, "name", lang).astype(str).to_numpy(),
                    text("national_reason", lang): failed["reason"].astype(str).to_numpy(),
                }
            ),
        ),
        (
            text("national_unassigned", lang),
            pd.DataFrame(
                {
                    text("national_reason", lang): unassigned.index.astype(str),
                    text("n_cameras", lang): unassigned.to_numpy(dtype=np.int64),
                }
            ),
        ),
        (
            text("national_empty", lang),
            pd.DataFrame(
                {
                    text("pro_code", lang): empty["pro_code"].astype(str).to_numpy(),
                    text("province", lang): local(empty, "name", lang).astype(str).to_numpy(),
                }
            ),
        ),
    ]
    figures = [text("national_kf_problems", lang, f=len(failed), u=len(reasons))]
    return Section("problems", text("item_problems", lang), figures, tables)


def national_dashboard(rollup: Any, *, lang: str = "th", title: str | None = None) -> Dashboard:
    """The national dashboard of a roll-up, to write with ``to_html`` and ``to_excel``.

    Parameters
    ----------
    rollup : NationalRollup
        From :func:`cctvgeo.national.rollup`: its ``provinces``, ``regions``, ``totals``,
        ``problems``, ``unassigned`` and ``partial`` are read.
    lang : {"th", "en"}, default "th"
        Language of headings, tables and province names.
    title : str, optional
        The page title.

    Returns
    -------
    cctvgeo.report.Dashboard
        Sections ``status``, ``linkage``, ``wanted``, ``requests``, ``problems`` (the five
        committee items) and ``coverage``.
    """
    from cctvgeo._i18n import LANGUAGES
    from cctvgeo.report import Dashboard, without_personal_data

    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}, not {lang!r}.")
    sections = [without_personal_data(s) for s in _sections(rollup, lang)]
    return Dashboard(title or text("national_title", lang), lang, sections)


def write_national_dashboard(
    rollup: Any,
    folder: str | os.PathLike[str],
    *,
    lang: str = "th",
    title: str | None = None,
) -> tuple[Path, Path]:
    """Write the national dashboard as HTML and Excel into ``folder``, atomically.

    The workbook is byte for byte the same for the same roll-up (fixed dates), and so is
    the page; text cells never run as formulas and every value in the page is escaped.

    Parameters
    ----------
    rollup : NationalRollup
        See :func:`national_dashboard`.
    folder : str or PathLike
        An existing folder; ``national_dashboard.html`` and ``national_dashboard.xlsx`` are
        written there.
    lang : {"th", "en"}, default "th"
        Language of the dashboard.
    title : str, optional
        The page title.

    Returns
    -------
    (Path, Path)
        The HTML page and the workbook.
    """
    board = national_dashboard(rollup, lang=lang, title=title)
    folder = Path(folder)
    return board.to_html(folder / HTML_NAME), board.to_excel(folder / XLSX_NAME)
