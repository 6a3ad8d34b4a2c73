"""The dashboard's sections: the five committee items, the plan, coverage and the budget curve.

Each builds a :class:`Section` of key figures, captioned tables and charts in one language.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from cctvgeo._i18n import budget_line, budget_lines, label, place_name, text
from cctvgeo._personal import scrub, scrub_values
from cctvgeo._validate import ValidationReport
from cctvgeo.maps import is_missing
from cctvgeo.report._charts import _before_after_chart, _curve_chart, _month_chart, bar_chart

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


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


# --------------------------------------------------------------------------- helpers


def _text_values(series: pd.Series, lang: str) -> pd.Series:
    """Text with missing values shown as "(none)"."""
    none = text("none", lang)
    return series.map(lambda v: none if is_missing(v) or str(v).strip() == "" else str(v)).astype(
        "str"
    )


def _vocab(series: pd.Series, lang: str) -> pd.Series:
    return series.map(lambda v: label("unknown" if is_missing(v) else str(v), lang)).astype("str")


def percent(part: Any, whole: Any) -> Any:
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

    status = _column(cams, "status").map(lambda v: "unknown" if is_missing(v) else str(v))
    budget = _numeric(cams, "repair_budget_thb")
    order = [s for s in _STATUS_ORDER if (status == s).any()] + sorted(
        set(status) - set(_STATUS_ORDER)
    )
    counts = status.value_counts().reindex(order, fill_value=0)
    by_status = pd.DataFrame(
        {
            text("status", lang): [label(s, lang) for s in order],
            text("col_cameras", lang): counts.to_numpy(dtype=np.int64),
            text("col_percent", lang): percent(counts.to_numpy(), len(cams)),
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
    by_agency["share"] = percent(by_agency["working"], by_agency["n"])
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
    chart = bar_chart(
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
        lambda v: "unknown" if is_missing(v) else ("linked" if bool(v) else "not_linked")
    )
    order = ["linked", "not_linked", "unknown"]
    counts = key.value_counts().reindex(order, fill_value=0)
    by_linkage = pd.DataFrame(
        {
            text("link_status", lang): [label(k, lang) for k in order],
            text("col_cameras", lang): counts.to_numpy(dtype=np.int64),
            text("col_percent", lang): percent(counts.to_numpy(), len(cams)),
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
    chart = bar_chart(
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
    chart = bar_chart(
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
    outcome = _column(requests, "outcome").map(lambda v: "unknown" if is_missing(v) else str(v))
    order = [o for o in _OUTCOME_ORDER if (outcome == o).any()]
    order += sorted(set(outcome) - set(order))
    counts = outcome.value_counts().reindex(order, fill_value=0)
    n = len(requests)
    by_outcome = pd.DataFrame(
        {
            text("col_outcome", lang): [label(o, lang) for o in order],
            text("n_requests", lang): counts.to_numpy(dtype=np.int64),
            text("col_percent", lang): percent(counts.to_numpy(), n),
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
            text("col_success", lang): percent(top_cams["found"], top_cams["known"]),
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
            bar_chart(
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
        charts.append(
            (
                text("cap_by_month", lang),
                _month_chart(
                    by_month, order, lang, dict(zip(_OUTCOME_ORDER, _OUTCOME_COLOURS, strict=True))
                ),
            )
        )
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
            label(p.severity, lang, column="severity"),
            "" if p.row is None else str(p.row),
            p.column or "",
            p.value,
            p.message_in(lang),
            p.fix_in(lang),
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


def _budget_section(plan: Any, lang: str, *, points: int) -> Section:
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
    chart = _curve_chart(curve, lang)
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


def without_personal_data(section: Section) -> Section:
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
