"""What each document says: tables and paragraphs of plain text, in Thai or English.

The PDF (:mod:`cctvgeo.pack._pdf`) and the DOCX (:mod:`cctvgeo.pack._docx`) lay out the same
:class:`Document`, so they never say different things. Every text that comes from the
inputs (names, agencies, funding sources) passes through :func:`cctvgeo._personal.scrub_values`
here, before either format sees it; nothing is escaped here (each format escapes its own).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from cctvgeo import settings
from cctvgeo._i18n import budget_line, label, place_name, text
from cctvgeo._personal import MARKER, MARKER_EN, scrub_values

if TYPE_CHECKING:  # pragma: no cover
    from cctvgeo.pack._map import MapLayers, Sheet
    from cctvgeo.planning.proposals import Proposals

#: Escape routes and hotspots listed in a proposal before "and N more" (risk points: all;
#: routes no camera saw before come first, hotspots with the most requests).
_LIST_MAX = 5


def t(key: str, lang: str, **values: Any) -> str:
    """The pack's fixed text ``key`` in ``lang`` (``pack_<key>`` of the one label table)."""
    return text(f"pack_{key}", lang, **values)


def baht(value: float) -> str:
    """Whole baht with thousands separators: ``1,234,567``."""
    return f"{value:,.0f}"


@dataclass(frozen=True)
class Table:
    """A table: caption, headers, rows of text, which columns are numbers, a last total row."""

    caption: str
    headers: list[str]
    rows: list[list[str]]
    numeric: list[bool]
    total: list[str] | None = None


@dataclass
class Section:
    """A numbered part of a document: paragraphs, tables, an optional map.

    The map is first the layers it is drawn from (``layers``), then, drawn by the process
    that writes the document (:meth:`Document.drawn`), its PNG (``image``).
    """

    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    image: bytes | None = None
    image_caption: str = ""
    layers: MapLayers | None = None


@dataclass
class Document:
    """One document of the pack: a title, facts about it, sections and signature lines."""

    stem: str
    title: str
    subtitle: str
    facts: list[tuple[str, str]]
    sections: list[Section]
    signatures: list[str]
    decision: str = ""
    lang: str = "th"

    @property
    def sign_date(self) -> str:
        """The date line under each signature."""
        return t("sign_date", self.lang)

    def drawn(self, sheet: Sheet) -> Document:
        """The document with its maps drawn on ``sheet`` (as PNG), ready to lay out."""
        sections = [
            part
            if part.layers is None
            else replace(part, image=sheet.png(part.layers), layers=None)
            for part in self.sections
        ]
        return replace(self, sections=sections)


def safe(values: Any, lang: str) -> list[str]:
    """Input-derived texts with personal data replaced (PDPA), as plain strings."""
    marker = MARKER if lang == "th" else MARKER_EN
    return [str(v) for v in scrub_values(["" if pd.isna(v) else v for v in values], marker)]


def body_name(english: str, lang: str) -> str:
    """An approval body's name in ``lang`` (from ``settings.approval_levels``)."""
    names = {en: th for _, en, th in settings.approval_levels}
    return names.get(english, english) if lang == "th" else english


def slug(text: str) -> str:
    """A file-name part from an English name: ``provincial-working-group``."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "body"


def project_title(row: pd.Series, lang: str) -> str:
    """``Project: installation and repair of CCTV cameras, plan year 1``, from the counts."""
    kinds = [
        k for k, n in (("new", "n_new"), ("repair", "n_repair"), ("re-aim", "n_reaim")) if row[n]
    ]
    what = t("and", lang).join(t(k, lang) for k in kinds)
    if lang == "th":
        return f"โครงการ{what} ปีงบประมาณที่ {int(row['year'])}"
    return f"Project: {what}, plan year {int(row['year'])}"


def documents(
    pack: Proposals, lang: str, maps: dict[str, MapLayers], linkage: Any
) -> list[Document]:
    """The cover of each approval body, then one proposal per project (``maps``: by project)."""
    parts = _Parts(pack, lang)
    linked = _Linked.of(linkage)
    return [
        *(_cover(pack, parts, body, lang) for body in _bodies(pack)),
        *(
            _proposal(pack, parts, row, lang, layers=maps.get(str(row.project_id)), linked=linked)
            for row in parts.projects.itertuples(index=False)
        ),
    ]


class _Parts:
    """The proposals' tables split by project, with their input texts made safe once."""

    def __init__(self, pack: Proposals, lang: str) -> None:
        projects = pack.projects.copy()
        projects["agency"] = _assigned(projects["agency"], lang)
        projects["funding_source"] = _assigned(projects["funding_source"], lang)
        projects["title"] = [project_title(r, lang) for _, r in projects.iterrows()]
        self.projects = projects
        sites = numbered(pack.sites)
        sites = pd.DataFrame(sites.drop(columns=sites.geometry.name))  # sliced per project: fast
        names = sites["site_name"].where(sites["site_name"].astype(str) != "", sites["site_id"])
        self.sites = self._split(
            sites.assign(
                site_label=[place_name(n, lang) for n in safe(names, lang)],
                camera_label=safe(sites["camera_id"], lang),
            )
        )
        covers = pack.covers.assign(
            name=[place_name(n, lang) for n in safe(pack.covers["name"], lang)]
        )
        self.covers = self._split(covers)
        self.coverage = self._split(pack.coverage)
        self.lines = self._split(pack.budget_lines())
        self.years = self._split(pack.schedule())

    @staticmethod
    def _split(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
        parts = {str(k): g for k, g in frame.groupby("project_id", sort=False)}
        parts[""] = frame.iloc[0:0]
        return parts

    def of(self, table: str, pid: str) -> pd.DataFrame:
        """The rows of ``table`` for project ``pid`` (none: no rows, the same columns)."""
        parts: dict[str, pd.DataFrame] = getattr(self, table)
        return parts.get(pid, parts[""])


def _bodies(pack: Proposals) -> list[str]:
    order = [en for _, en, _ in sorted(settings.approval_levels)]
    present = set(pack.projects["approval_level"])
    return [b for b in order if b in present] + sorted(present - set(order))


def _assigned(values: Any, lang: str) -> list[str]:
    return [v if v.strip() else t("unassigned", lang) for v in safe(values, lang)]


# ---------------------------------------------------------------------- the cover


def _cover(pack: Proposals, parts: _Parts, body: str, lang: str) -> Document:
    rows = parts.projects[parts.projects["approval_level"] == body]
    name = body_name(body, lang)
    h = pack.horizon_years
    table = Table(
        caption="",
        headers=[
            t("project_id", lang),
            t("project_name", lang),
            t("agency", lang),
            t("funding", lang),
            t("request", lang),
            t("total", lang, h=h),
        ],
        rows=[
            [
                r.project_id,
                r.title,
                r.agency,
                r.funding_source,
                baht(r.request_thb),
                baht(r.total_thb),
            ]
            for r in rows.itertuples(index=False)
        ],
        numeric=[False, False, False, False, True, True],
        total=[
            t("sum", lang),
            "",
            "",
            "",
            baht(rows["request_thb"].sum()),
            baht(rows["total_thb"].sum()),
        ],
    )
    curve = pack.plan.coverage_curve()
    curve_table = Table(
        caption=t("curve", lang),
        headers=[
            t("curve_budget", lang),
            t("curve_share", lang),
            t("curve_bound", lang),
            t("curve_n", lang),
        ],
        rows=[
            [
                baht(c.budget_thb),
                f"{100 * c.share:.1f}",
                f"{100 * c.upper_bound / pack.plan.total_weight:.1f}"
                if pack.plan.total_weight
                else "",
                str(int(c.n_selected)),
            ]
            for c in curve.itertuples(index=False)
        ],
        numeric=[True, True, True, True],
    )
    threshold = [
        t("threshold", lang, low=baht(low), body=body_name(en, lang))
        for low, en, _ in sorted(settings.approval_levels)
        if low > 0
    ]
    return Document(
        stem=f"cover-{slug(body)}",
        title=t("cover_title", lang, body=name),
        subtitle="",
        facts=[],
        sections=[
            Section(
                title=t("cover_intro", lang, n=len(rows), body=name),
                paragraphs=[*threshold, t("placeholder_costs", lang)],
                tables=[table],
            ),
            Section(title=t("curve", lang), tables=[curve_table]),
        ],
        signatures=[t("sign_line", lang, role=t("sign_approver", lang, body=name))],
        lang=lang,
    )


# ---------------------------------------------------------------------- a proposal


def _proposal(
    pack: Proposals,
    parts: _Parts,
    row: Any,
    lang: str,
    *,
    layers: MapLayers | None,
    linked: _Linked | None,
) -> Document:
    pid = str(row.project_id)
    h = pack.horizon_years
    body = body_name(str(row.approval_level), lang)
    facts = [
        (t("project_id", lang), pid),
        (t("year", lang), str(int(row.year))),
        (t("agency", lang), row.agency),
        (t("funding", lang), row.funding_source),
        (t("approval", lang), body),
        (t("request", lang), baht(row.request_thb)),
        (t("total", lang, h=h), baht(row.total_thb)),
    ]
    sites = parts.of("sites", pid)
    sections = [
        _why(parts, pid, lang),
        _what(sites, lang),
        _costs(parts, pid, row, h, lang),
        _linkage(sites, lang, linked),
        Section(title=t("map", lang), image_caption=t("map_legend", lang), layers=layers),
        Section(title=t("signature", lang)),
    ]
    return Document(
        stem=f"project-{pid}",
        title=row.title,
        subtitle=row.agency,
        facts=facts,
        sections=sections,
        signatures=[
            t("sign_line", lang, role=t("sign_proposer", lang)),
            t("sign_line", lang, role=t("sign_approver", lang, body=body)),
        ],
        decision=t("decision", lang),
        lang=lang,
    )


def _why(parts: _Parts, pid: str, lang: str) -> Section:
    seen = parts.of("covers", pid)
    kind = seen["kind"]
    named = pd.concat([seen[kind == "risk point"], seen[kind == "escape route"].head(_LIST_MAX)])
    hot = seen[kind == "hotspot"]
    tables = []
    if len(named):
        rows = [
            [t(k, lang), name, str(label(p, lang)) if p else "", t("yes" if b else "no", lang)]
            for k, name, p, b in zip(
                named["kind"], named["name"], named["priority"], named["before"], strict=True
            )
        ]
        tables.append(
            Table(
                caption="",
                headers=[
                    t("kind", lang),
                    t("name", lang),
                    t("priority", lang),
                    t("seen_before", lang),
                ],
                rows=rows + _more(int((kind == "escape route").sum()), 4, lang),
                numeric=[False, False, False, False],
            )
        )
    if len(hot):
        tables.append(
            Table(
                caption=t("hotspot", lang),
                headers=[t("name", lang), t("requests", lang)],
                rows=[
                    [name, "" if np.isnan(n) else f"{n:,.0f}"]
                    for name, n in zip(hot["name"].head(_LIST_MAX), hot["requests"], strict=False)
                ]
                + _more(len(hot), 2, lang),
                numeric=[False, True],
            )
        )
    cov = parts.of("coverage", pid)
    tables.append(
        Table(
            caption=t("coverage_caption", lang),
            headers=[t("measure", lang), t("before", lang), t("after", lang), t("of_total", lang)],
            rows=[_measure_row(m, lang) for m in cov.itertuples(index=False)],
            numeric=[False, True, True, True],
        )
    )
    intro = t("why_intro", lang) if len(named) or len(hot) else t("nothing_named", lang)
    return Section(title=t("why", lang), paragraphs=[intro], tables=tables)


def _more(count: int, width: int, lang: str) -> list[list[str]]:
    """A last row "and N more" when a list of ``count`` was cut at :data:`_LIST_MAX`."""
    if count <= _LIST_MAX:
        return []
    return [[t("more", lang, n=count - _LIST_MAX)] + [""] * (width - 1)]


def _measure_row(m: Any, lang: str) -> list[str]:
    if m.measure == "weighted demand":
        share = 100.0 / m.total
        return [t(m.measure, lang), f"{m.before * share:.2f}", f"{m.after * share:.2f}", "100"]
    return [t(m.measure, lang), f"{m.before:,.0f}", f"{m.after:,.0f}", f"{m.total:,.0f}"]


#: The order of a project's cameras in its tables and on its map.
KINDS = ("new", "repair", "re-aim")


def numbered(sites: pd.DataFrame) -> pd.DataFrame:
    """The sites by project; in each, new cameras, repairs, re-aims, numbered 1, 2, ... (``number``)."""
    order = sites["kind"].map({k: i for i, k in enumerate(KINDS)}).fillna(len(KINDS))
    out = sites.assign(_order=order.to_numpy()).sort_values(
        ["project_id", "_order", "rank"], kind="stable"
    )
    number = out.groupby("project_id", sort=False).cumcount().to_numpy() + 1
    return out.drop(columns="_order").assign(number=number)


def _what(sites: pd.DataFrame, lang: str) -> Section:
    tables = []
    for kind in KINDS:
        part = sites[sites["kind"] == kind]
        if part.empty:
            continue
        numbers = [str(n) for n in part["number"]]
        names = part["site_label"].tolist()
        heading = [
            "" if pd.isna(h) else f"{h:.0f}° ({label(d, lang) if isinstance(d, str) else ''})"
            for h, d in zip(part["heading_deg"], part["direction"], strict=True)
        ]
        cost = [baht(v) for v in part["capital_thb"]]
        running = [baht(v) for v in part["running_thb_per_year"]]
        if kind == "new":
            model = safe(
                [
                    f"{m} / {lens}" if isinstance(lens, str) and lens else m
                    for m, lens in zip(part["model_name"], part["lens"], strict=True)
                ],
                lang,
            )
            dori = [
                f"{label(lv, lang)} ({far:.0f})" if np.isfinite(far) else str(label(lv, lang))
                for lv, far in zip(part["level"], part["far_m"].astype(float), strict=True)
            ]
            headers = ["number", "site", "heading", "model", "dori", "capital", "running_year"]
            rows = list(zip(numbers, names, heading, model, dori, cost, running, strict=True))
        elif kind == "repair":
            status = [str(label(s, lang)) for s in part["status_before"]]
            headers = ["number", "camera", "site", "status", "capital", "running_year"]
            rows = list(
                zip(numbers, part["camera_label"], names, status, cost, running, strict=True)
            )
        else:
            headers = ["number", "camera", "site", "heading", "capital"]
            rows = list(zip(numbers, part["camera_label"], names, heading, cost, strict=True))
        tables.append(
            Table(
                caption=t(f"{kind}_caption", lang),
                headers=[t(h, lang) for h in headers],
                rows=[list(r) for r in rows],
                numeric=[h in ("capital", "running_year") for h in headers],
            )
        )
    return Section(title=t("what", lang), tables=tables)


def _costs(parts: _Parts, pid: str, row: Any, h: int, lang: str) -> Section:
    lines = parts.of("lines", pid)
    per_year = parts.of("years", pid)
    first = parts.of("sites", pid)["running_thb_per_year"].sum()
    by_line = _money_table(
        t("line", lang),
        [t("line", lang), t("capital", lang), t("running_total", lang, h=h)],
        [budget_line(line, lang) for line in lines["budget_line"]],
        lines,
        total=row.total_thb,
        lang=lang,
    )
    schedule = _money_table(
        t("schedule", lang),
        [t("schedule_year", lang), t("capital", lang), t("running_year", lang)],
        [str(int(y)) for y in per_year["year"]],
        per_year,
        total=row.total_thb,
        lang=lang,
    )
    note = t("running_note", lang, running=baht(first), total=baht(row.running_thb), h=h)
    return Section(
        title=t("costs", lang),
        paragraphs=[note, t("placeholder_costs", lang)],
        tables=[by_line, schedule],
    )


def _money_table(
    caption: str,
    headers: list[str],
    labels: list[str],
    amounts: pd.DataFrame,
    *,
    total: float,
    lang: str,
) -> Table:
    """Rows of capital, running and their sum by ``labels``, with a total row."""
    capital, running = amounts["capital_thb"], amounts["running_thb"]
    return Table(
        caption=caption,
        headers=[*headers, t("sum", lang)],
        rows=[
            [name, baht(c), baht(r), baht(c + r)]
            for name, c, r in zip(labels, capital, running, strict=True)
        ],
        numeric=[False, True, True, True],
        total=[t("sum", lang), baht(capital.sum()), baht(running.sum()), baht(total)],
    )


def _linkage(sites: pd.DataFrame, lang: str, linked: _Linked | None) -> Section:
    paragraphs = [t("linkage_rule", lang, share=100 * settings.linkage_share)]
    n_new = int((sites["kind"] == "new").sum())
    if n_new:
        paragraphs.append(t("linkage_new", lang, n=n_new))
    if linked is not None:
        paragraphs.append(
            t(
                "linkage_quota",
                lang,
                selected=linked.selected,
                linked=linked.linked,
                quota=linked.quota,
            )
        )
        repaired = sites.loc[sites["kind"] == "repair", "camera_id"].astype(str)
        inside = [c for c in repaired if c in linked.chosen]
        if len(repaired):
            paragraphs.append(t("linkage_repairs", lang, cams=", ".join(safe(inside, lang)) or "-"))
    return Section(title=t("linkage", lang), paragraphs=paragraphs)


@dataclass(frozen=True)
class _Linked:
    """The province's 20 % selection as each proposal quotes it (read once, not per project)."""

    selected: int
    linked: int
    quota: Any
    chosen: frozenset[str]  # the cameras selected or already linked

    @classmethod
    def of(cls, linkage: Any) -> _Linked | None:
        """From a :class:`~cctvgeo.planning.LinkageSelection` (None: none given)."""
        if linkage is None:
            return None
        status = linkage.cameras["link_status"].astype(str)
        ids = linkage.cameras["camera_id"].astype(str)
        return cls(
            selected=int((status == "selected").sum()),
            linked=int((status == "already linked").sum()),
            quota=linkage.quota,
            chosen=frozenset(ids[status.isin(["selected", "already linked"]).to_numpy()]),
        )
