"""Projects for the committees: the plan's sites grouped into budget requests.

A committee approves projects, not a ranked list. :func:`proposals` groups the sites of an
:class:`~cctvgeo.planning.InstallationPlan` into projects (by default one per year,
responsible agency and funding source), costs each over the cost model's horizon by budget
line, finds who approves it, and says what it covers: the risk points, escape routes and
footage-request hotspots its cameras see, and the coverage before and after it.
:mod:`cctvgeo.pack` writes the documents.

**The grouping rule** (every part of it can be overridden):

* ``agency`` (the responsible agency): for a repair, the survey's ``repair_agency`` of the
  camera, else its ``agency`` (needs ``cameras=``); for new cameras and re-aims, not
  assigned (``""``: the documents say "to be assigned").
* ``funding_source`` (แหล่งงบประมาณ): for a new camera at a risk-point site, the
  ``budget_source`` the survey gives for the first of its risk points that has one (needs
  ``risk_points=``); otherwise not assigned (``""``).
* Sites with the same ``year``, ``agency`` and ``funding_source`` are one project. Pass
  ``agency=`` or ``funding_source=`` (one text for every site, one value per site, or a
  function of the sites table) to assign them otherwise, and ``by=`` to group by other
  columns of the sites table (``"year"`` must be one of them: a project is one year's
  budget request); ``by=("year", "kind")`` gives the plan's own projects.

**Costs.** A site chosen in year ``y`` is charged its capital cost in ``y`` and its running
cost (maintenance, electricity, link fee) every year from ``y`` for ``horizon_years`` years
(the cost model's horizon, as in ``life_cycle_thb``), and at least to the plan's last year
(the plan pays them until then). So the projects' costs in each of the plan's years add up
to the plan's spending that year (``plan.years["charged_thb"]``).

**Approval.** Each project is approved by the body the plan's threshold rule
(:func:`~cctvgeo.planning.approval_level`, ``settings.approval_levels``) gives for its
request in its year: its capital plus its first year's running costs, the total the plan
itself uses for its yearly projects.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeAlias

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from cctvgeo.planning._shared import approval_level, reaim_partners
from cctvgeo.planning.costs import CAPITAL_ITEMS, RUNNING_ITEMS, CostModel

if TYPE_CHECKING:  # pragma: no cover
    from numpy.typing import NDArray

    from cctvgeo.planning.plan import InstallationPlan

__all__ = ["PROJECT_KEYS", "UNITEMISED", "Proposals", "proposals"]

#: The item (and budget line) of the part of a site's capital or running cost that its
#: cost columns do not itemise (candidates built without them): kept, so totals still add up.
UNITEMISED = "not itemised"
#: The default grouping of sites into projects.
PROJECT_KEYS = ("year", "agency", "funding_source")

Assignment: TypeAlias = str | Sequence[Any] | pd.Series | Callable[[pd.DataFrame], Any] | None


@dataclass
class Proposals:
    """The plan's sites as projects for the committees. Make it with :func:`proposals`.

    Attributes
    ----------
    projects : DataFrame
        One row per project, by year then by its keys: ``project_id``, ``year``, the
        grouping keys, ``agency`` and ``funding_source`` (when they are not keys, every
        value the project's sites have, joined with "; "), ``n_new``, ``n_repair``, ``n_reaim``, ``capital_thb``,
        ``running_thb`` (over the horizon), ``total_thb``, ``request_thb`` (capital and the
        first year's running costs), ``approval_level``, ``approval_level_th``.
    sites : GeoDataFrame
        The plan's sites with ``project_id``, ``agency``, ``funding_source``, the DORI
        ``level`` of the footprint, its reach ``far_m``, the site's ``risk_point_ids`` and
        a repaired camera's ``status_before``.
    costs : DataFrame
        Long form: ``project_id``, ``year``, ``item``, ``budget_line``, ``kind``
        (``"capital"`` or ``"running"``), ``amount_thb``.
    covers : DataFrame
        What each project's cameras see: ``project_id``, ``kind`` (``"risk point"``,
        ``"escape route"``, ``"hotspot"``), ``name``, ``priority``, ``category``,
        ``requests`` (hotspots) and ``before`` (already seen at the start of its year).
    coverage : DataFrame
        Per project and ``measure``: ``unit``, ``total``, ``before`` (the cameras at the
        start of its year) and ``after`` (with the project).
    gaps : GeoDataFrame
        Road pieces no camera saw at the start of a project's year that it sees:
        ``project_id``, ``demand_id``, ``name``, ``highway``.
    horizon_years : int
        Years of running costs counted for each site.
    """

    projects: pd.DataFrame
    sites: gpd.GeoDataFrame
    costs: pd.DataFrame
    covers: pd.DataFrame
    coverage: pd.DataFrame
    gaps: gpd.GeoDataFrame
    horizon_years: int
    plan: InstallationPlan = field(repr=False)

    def spend_by_year(self) -> pd.Series:
        """Baht per year over all projects (equal to the plan's spending in its years)."""
        return self.costs.groupby("year")["amount_thb"].sum()

    def budget_lines(self) -> pd.DataFrame:
        """Per project and budget line: ``capital_thb``, ``running_thb`` (over the horizon)."""
        return _costs_by(self.costs, ["project_id", "budget_line"]).reset_index()

    def schedule(self) -> pd.DataFrame:
        """Per project and year: ``capital_thb``, ``running_thb``."""
        return _costs_by(self.costs, ["project_id", "year"]).reset_index()


def _costs_by(costs: pd.DataFrame, index: list[str]) -> pd.DataFrame:
    """The capital (``capital_thb``) and running (``running_thb``) amounts of ``costs`` by ``index``."""
    table = costs.pivot_table(
        index=index, columns="kind", values="amount_thb", aggfunc="sum", fill_value=0.0
    )
    table = table.reindex(columns=["capital", "running"], fill_value=0.0)
    return table.rename(columns=lambda k: f"{k}_thb").rename_axis(None, axis=1)


def proposals(
    plan: InstallationPlan,
    *,
    cameras: pd.DataFrame | None = None,
    risk_points: pd.DataFrame | None = None,
    hotspots: gpd.GeoDataFrame | None = None,
    agency: Assignment = None,
    funding_source: Assignment = None,
    by: Sequence[str] = PROJECT_KEYS,
    cost_model: CostModel | None = None,
) -> Proposals:
    """Group a plan's sites into projects, with costs, approval and what each covers.

    The rule is in the module's notes; :meth:`InstallationPlan.proposals` calls this.

    Parameters
    ----------
    plan : InstallationPlan
        The plan.
    cameras : DataFrame, optional
        The camera survey the plan was made from (``camera_id``, ``agency``,
        ``repair_agency``): the agencies of repairs.
    risk_points : DataFrame, optional
        The risk points (``point_id``, ``budget_source``): the funding sources of new
        cameras at their sites.
    hotspots : GeoDataFrame, optional
        Footage-request hotspots (``hotspot_id``, ``n_requests``, polygons, in the plan's
        CRS): the ones a project's cameras look into are listed.
    agency, funding_source : str, sequence, Series or callable, optional
        Override the rule: one text for every site, one value per site (in the order of
        ``plan.sites``), or a function of the sites table returning those values.
    by : sequence of str, default ``("year", "agency", "funding_source")``
        Columns of the sites table that make a project; ``"year"`` must be one.
    cost_model : CostModel, optional
        The cost model the plan's candidates were costed with (budget lines and horizon);
        default :meth:`CostModel.default`.

    Returns
    -------
    Proposals

    Raises
    ------
    ValueError
        ``by`` lacks ``"year"`` or names a column the sites do not have, or an override
        has the wrong length.
    """
    model = cost_model or CostModel.default()
    sites = _with_candidate_columns(plan)
    sites["agency"] = _assigned(agency, sites, _default_agency(sites, cameras), "agency")
    sites["funding_source"] = _assigned(
        funding_source, sites, _default_funding(sites, risk_points), "funding_source"
    )
    keys = _keys(by, sites)
    order = sites.sort_values([*keys, "rank"], kind="stable")
    number = order.groupby(keys, sort=False).ngroup().to_numpy()
    first = number - pd.Series(number).groupby(order["year"].to_numpy()).transform("min").to_numpy()
    ids = pd.Series(
        [f"{y}-{k + 1:02d}" for y, k in zip(order["year"], first, strict=True)], index=order.index
    )
    sites["project_id"] = ids.reindex(sites.index).to_numpy()
    last_year = int(plan.years["year"].max())
    costs = _costs(sites, model, last_year=last_year)
    projects = _projects(sites, costs, keys)
    covers, coverage, gaps = _why(plan, sites, projects, hotspots)
    return Proposals(
        projects=projects,
        sites=sites,
        costs=costs,
        covers=covers,
        coverage=coverage,
        gaps=gaps,
        horizon_years=model.horizon_years,
        plan=plan,
    )


# ---------------------------------------------------------------------- assigning sites


def _with_candidate_columns(plan: InstallationPlan) -> gpd.GeoDataFrame:
    """The plan's sites with their candidates' DORI level, reach, risk points and status."""
    cand = plan._ctx.footprints.drop_duplicates("candidate_id").set_index("candidate_id")
    sites = plan.sites.copy()
    extra = (("level", ""), ("far_m", np.nan), ("risk_point_ids", ""), ("status_before", ""))
    for col, default in extra:
        values = cand[col].reindex(sites["candidate_id"]) if col in cand.columns else None
        sites[col] = default if values is None else values.fillna(default).to_numpy()
    return sites


def _default_agency(sites: pd.DataFrame, cameras: pd.DataFrame | None) -> NDArray[np.object_]:
    """A repair's repair agency (else the camera's agency); "" for the rest."""
    out = np.full(len(sites), "", dtype=object)
    if cameras is None or "camera_id" not in cameras.columns:
        return out
    from cctvgeo.planning.existing import camera_keys

    table = pd.DataFrame(index=pd.Index(camera_keys(cameras)))
    for col in ("repair_agency", "agency"):
        table[col] = (
            cameras[col].astype("object").where(cameras[col].notna(), "").astype(str).to_numpy()
            if col in cameras.columns
            else ""
        )
    table = table[~table.index.duplicated()]
    chosen = table["repair_agency"].where(table["repair_agency"].str.strip() != "", table["agency"])
    found = chosen.reindex(sites["camera_id"].astype(str)).fillna("").to_numpy(dtype=object)
    return np.where(sites["kind"].to_numpy() == "repair", found, out)


def _default_funding(sites: pd.DataFrame, risk_points: pd.DataFrame | None) -> NDArray[np.object_]:
    """A new camera's first risk point's budget source; "" for the rest."""
    out = np.full(len(sites), "", dtype=object)
    if risk_points is None or not {"point_id", "budget_source"} <= set(risk_points.columns):
        return out
    source = (
        risk_points.assign(point_id=risk_points["point_id"].astype(str))
        .drop_duplicates("point_id")
        .set_index("point_id")["budget_source"]
    )
    source = source[source.notna() & (source.astype(str).str.strip() != "")].astype(str)
    ids = (
        sites["risk_point_ids"]
        .where(sites["kind"] == "new", "")
        .astype(str)
        .str.split(";")
        .explode()
    )
    found = ids.map(source).dropna()
    first = found[~found.index.duplicated()]
    return first.reindex(sites.index).fillna("").to_numpy(dtype=object)


def _assigned(
    value: Assignment, sites: pd.DataFrame, default: NDArray[np.object_], what: str
) -> NDArray[np.object_]:
    """The override ``value`` per site (text, values or a function), or ``default``."""
    if value is None:
        return default
    if callable(value):
        value = value(sites)
    if isinstance(value, str):
        return np.full(len(sites), value, dtype=object)
    values = np.asarray(value.to_numpy() if isinstance(value, pd.Series) else value, dtype=object)
    if values.shape != (len(sites),):
        raise ValueError(
            f"{what}= gives {values.size} values for {len(sites)} sites: give one per site "
            "(in the order of plan.sites), one text for all, or a function of the sites."
        )
    return np.array(["" if pd.isna(v) else str(v) for v in values], dtype=object)


def _keys(by: Sequence[str], sites: pd.DataFrame) -> list[str]:
    keys = list(dict.fromkeys(by))
    if "year" not in keys:
        raise ValueError(f"by={tuple(by)!r} must include 'year': a project is one year's budget.")
    missing = [k for k in keys if k not in sites.columns]
    if missing:
        raise ValueError(f"by names columns the sites do not have: {missing}.")
    return ["year", *(k for k in keys if k != "year")]


# ---------------------------------------------------------------------- costs


def _costs(sites: pd.DataFrame, model: CostModel, *, last_year: int) -> pd.DataFrame:
    """Every site's capital in its year and running costs over its years, by budget line."""
    year = sites["year"].to_numpy(dtype=np.int64)
    end = np.maximum(year + model.horizon_years - 1, last_year)
    span = end - year + 1
    sites = sites.assign(
        **{
            f"{UNITEMISED}_thb": sites["capital_thb"]
            - sites[[f"{k}_thb" for k in CAPITAL_ITEMS]].sum(axis=1),
            f"{UNITEMISED}_thb_per_year": sites["running_thb_per_year"]
            - sites[[f"{k}_thb_per_year" for k in RUNNING_ITEMS]].sum(axis=1),
        }
    )
    once = np.ones_like(span)
    capital = [(k, f"{k}_thb") for k in (*CAPITAL_ITEMS, UNITEMISED)]
    running = [(k, f"{k}_thb_per_year") for k in (*RUNNING_ITEMS, UNITEMISED)]
    parts = [_item_rows(sites, k, c, "capital", year=year, span=once) for k, c in capital]
    parts += [_item_rows(sites, k, c, "running", year=year, span=span) for k, c in running]
    rows = pd.concat(parts, ignore_index=True)
    rows = rows[np.abs(rows["amount_thb"].to_numpy()) > 1e-9]
    lines = {k: model.budget_source(k) for k in (*CAPITAL_ITEMS, *RUNNING_ITEMS)}
    rows["budget_line"] = rows["item"].map({**lines, UNITEMISED: UNITEMISED})
    keys = ["project_id", "year", "kind", "item", "budget_line"]
    out = rows.groupby(keys, sort=True, as_index=False)["amount_thb"].sum()
    return out[["project_id", "year", "item", "budget_line", "kind", "amount_thb"]]


def _item_rows(
    sites: pd.DataFrame,
    item: str,
    column: str,
    kind: str,
    *,
    year: NDArray[np.int64],
    span: NDArray[np.int64],
) -> pd.DataFrame:
    """One row per site and year it pays ``item`` (``span`` years from its own year)."""
    at = np.repeat(np.arange(len(sites)), span)
    offset = np.arange(at.size) - np.repeat(np.cumsum(span) - span, span)
    return pd.DataFrame(
        {
            "project_id": sites["project_id"].to_numpy()[at],
            "year": year[at] + offset,
            "kind": kind,
            "item": item,
            "amount_thb": sites[column].to_numpy(dtype=np.float64)[at],
        }
    )


def _projects(sites: pd.DataFrame, costs: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """One row per project: keys, counts, totals and the approval body."""
    grouped = sites.groupby("project_id", sort=True)
    out = grouped[keys].first()
    for col in ("agency", "funding_source"):  # not a key: every value its sites have
        if col not in keys:
            out[col] = grouped[col].agg(lambda v: "; ".join(sorted(set(v) - {""})))
    for kind, col in (("new", "n_new"), ("repair", "n_repair"), ("re-aim", "n_reaim")):
        out[col] = grouped["kind"].agg(lambda k, kind=kind: int((k == kind).sum()))
    by_kind = _costs_by(costs, ["project_id"]).reindex(out.index, fill_value=0.0)
    out["capital_thb"] = by_kind["capital_thb"]
    out["running_thb"] = by_kind["running_thb"]
    out["total_thb"] = out["capital_thb"] + out["running_thb"]
    out["request_thb"] = grouped["charged_thb"].sum()
    levels = [approval_level(v) for v in out["request_thb"].to_numpy(dtype=np.float64)]
    out["approval_level"] = [lv[0] for lv in levels]
    out["approval_level_th"] = [lv[1] for lv in levels]
    out = out.reset_index()
    order = np.lexsort([out["project_id"].to_numpy(), out["year"].to_numpy()])
    return out.iloc[order].reset_index(drop=True)


# ---------------------------------------------------------------------- what each covers


def _why(
    plan: InstallationPlan,
    sites: pd.DataFrame,
    projects: pd.DataFrame,
    hotspots: gpd.GeoDataFrame | None,
) -> tuple[pd.DataFrame, pd.DataFrame, gpd.GeoDataFrame]:
    """Per project: what its cameras see, the coverage before and after, the gaps closed."""
    ctx, run = plan._ctx, plan._run
    explainer = run.explainer
    position = np.asarray(run.order, dtype=np.intp)  # sites are in rank order
    partner = reaim_partners(ctx.groups[0], ctx.incumbent0)
    base = ctx.existing_fixed | ctx.incumbent0
    dem = plan.demand
    text = _DemandColumns(dem)
    year = sites["year"].to_numpy()
    project = sites["project_id"].to_numpy()
    covers, coverage, gaps = [], [], []
    for pid, y in zip(projects["project_id"], projects["year"], strict=True):
        own = position[project == pid]
        before = _state(base, position[year < y], partner)
        after = _state(before, own, partner)
        alone = np.zeros_like(base)
        alone[own] = True
        m1_alone = explainer.top_two(alone)[0]
        m1_before = explainer.top_two(before)[0]
        m1_after = explainer.top_two(after)[0]
        covers.append(text.seen(pid, m1_alone > 0, m1_before > 0))
        coverage.append(
            text.measures(
                pid,
                m1_before,
                m1_after,
                (explainer.value(before), explainer.value(after), explainer.total_weight),
            )
        )
        newly = text.segment & (m1_before <= 0) & (m1_after > 0)
        gaps.append(pd.DataFrame({"project_id": pid, "row": np.flatnonzero(newly)}))
    if hotspots is not None and len(hotspots):
        covers.append(_hotspots_seen(plan, sites, hotspots))
    gap = pd.concat(gaps, ignore_index=True)
    rows = dem.iloc[gap["row"].to_numpy()]
    gap_frame = gpd.GeoDataFrame(
        {
            "project_id": gap["project_id"].to_numpy(),
            "demand_id": rows["demand_id"].astype(str).to_numpy(),
            "name": text.name[gap["row"].to_numpy()],
            "highway": text.highway[gap["row"].to_numpy()],
        },
        geometry=rows.geometry.to_numpy(),
        crs=dem.crs,
    )
    seen = pd.concat(covers, ignore_index=True)
    kind_order = seen["kind"].map({"risk point": 0, "escape route": 1, "hotspot": 2})
    return (
        seen.iloc[np.lexsort([kind_order.to_numpy(), seen["project_id"].to_numpy()])],
        pd.concat(coverage, ignore_index=True),
        gap_frame,
    )


def _state(
    base: NDArray[np.bool_], picks: NDArray[np.intp], partner: NDArray[np.intp]
) -> NDArray[np.bool_]:
    """``base`` with ``picks`` taken, and the views re-aims replace dropped."""
    out = base.copy()
    out[partner[picks][partner[picks] >= 0]] = False
    out[picks] = True
    return out


class _DemandColumns:
    """The demand's names, kinds and lengths, for what a project covers."""

    def __init__(self, dem: gpd.GeoDataFrame) -> None:
        kind = dem["kind"].astype(str).to_numpy()
        self.point, self.route, self.segment = (kind == k for k in ("point", "route", "segment"))
        self.name = self._text(dem, "name")
        self.priority = self._text(dem, "priority")
        self.category = self._text(dem, "category")
        self.highway = self._text(dem, "highway")
        self.length = (
            pd.to_numeric(dem["length_m"], errors="coerce").to_numpy(dtype=np.float64)
            if "length_m" in dem.columns
            else np.full(len(dem), np.nan)
        )
        self.length = np.where(
            np.isfinite(self.length),
            self.length,
            shapely.length(np.asarray(dem.geometry.array, dtype=object)),
        )
        self.hotspot = (
            pd.to_numeric(dem["hotspot_boost"], errors="coerce").fillna(1.0).to_numpy() > 1.0
            if "hotspot_boost" in dem.columns
            else np.zeros(len(dem), dtype=bool)
        )
        self.urgent = self.point & (self.priority == "urgent")

    @staticmethod
    def _text(dem: pd.DataFrame, col: str) -> NDArray[np.object_]:
        if col not in dem.columns:
            return np.full(len(dem), "", dtype=object)
        return dem[col].astype("object").where(dem[col].notna(), "").astype(str).to_numpy()

    def seen(self, pid: str, seen: NDArray[np.bool_], before: NDArray[np.bool_]) -> pd.DataFrame:
        """The risk points and routes a project sees; new ones, urgent ones first."""
        rows = np.flatnonzero(seen & (self.point | self.route))
        rank = pd.Series(self.priority[rows]).map({"urgent": 0, "high": 1, "normal": 2}).fillna(3)
        keys = [self.name[rows], rank.to_numpy(), before[rows], ~self.point[rows]]
        rows = rows[np.lexsort(keys)]
        return pd.DataFrame(
            {
                "project_id": pid,
                "kind": np.where(self.point[rows], "risk point", "escape route"),
                "name": self.name[rows],
                "priority": self.priority[rows],
                "category": self.category[rows],
                "requests": np.nan,
                "before": before[rows],
            }
        )

    def measures(
        self,
        pid: str,
        m1_before: NDArray[np.float64],
        m1_after: NDArray[np.float64],
        weighted: tuple[float, float, float],
    ) -> pd.DataFrame:
        """Coverage before and after a project, by measure."""
        road = self.segment * self.length
        hot = road * self.hotspot
        rows = [
            ("risk points", "points", self.point, m1_before > 0, m1_after > 0),
            ("urgent risk points", "points", self.urgent, m1_before > 0, m1_after > 0),
            ("escape routes", "routes", self.route, m1_before > 0, m1_after > 0),
            ("road", "m", road, m1_before, m1_after),
            ("road in request hotspots", "m", hot, m1_before, m1_after),
        ]
        frame = pd.DataFrame(
            [
                {
                    "measure": name,
                    "unit": unit,
                    "total": float(np.sum(amount)),
                    "before": float(np.sum(amount * b)),
                    "after": float(np.sum(amount * a)),
                }
                for name, unit, amount, b, a in rows
            ]
        )
        before, after, total = weighted
        frame.loc[len(frame)] = ["weighted demand", "weight", total, before, after]
        frame.insert(0, "project_id", pid)
        return frame[frame["total"] > 0]


def _hotspots_seen(
    plan: InstallationPlan, sites: pd.DataFrame, hotspots: gpd.GeoDataFrame
) -> pd.DataFrame:
    """The hotspots each project's footprints reach, most requests first."""
    fp = plan.footprints.geometry.to_numpy()
    hot = hotspots.to_crs(plan.footprints.crs) if hotspots.crs != plan.footprints.crs else hotspots
    tree = shapely.STRtree(np.asarray(hot.geometry.array, dtype=object))
    site_pos, hot_pos = tree.query(fp, predicate="intersects")
    pairs = pd.DataFrame(
        {"project_id": sites["project_id"].to_numpy()[site_pos], "hot": hot_pos}
    ).drop_duplicates()
    ids = (
        hot["hotspot_id"] if "hotspot_id" in hot.columns else pd.Series(hot.index, index=hot.index)
    )
    requests = (
        pd.to_numeric(hot["n_requests"], errors="coerce")
        if "n_requests" in hot.columns
        else pd.Series(np.nan, index=hot.index)
    )
    out = pd.DataFrame(
        {
            "project_id": pairs["project_id"].to_numpy(),
            "kind": "hotspot",
            "name": ids.astype(str).to_numpy()[pairs["hot"].to_numpy()],
            "priority": "",
            "category": "",
            "requests": requests.to_numpy(dtype=np.float64)[pairs["hot"].to_numpy()],
            "before": pd.array([pd.NA] * len(pairs), dtype="boolean"),  # not measured
        }
    )
    return out.sort_values(["project_id", "requests", "name"], ascending=[True, False, True])
