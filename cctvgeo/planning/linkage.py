"""Which existing cameras to link to the central system, and which broken ones to repair first.

In 2021 every province was asked to select 20 % of its cameras for linkage to the central
system and storage (75,476 cameras nationwide in 2022). :func:`select_for_linkage` picks the
cameras whose views cover the most weighted demand, so the centre sees the risk points,
roads and escape routes that matter. :func:`repair_priorities` ranks broken cameras by the
demand each would restore per baht.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy.sparse import csr_array

from cctvgeo import settings
from cctvgeo._validate import Problem, ValidationReport, require_projected, require_same_crs
from cctvgeo.coverage.dori import chosen_level
from cctvgeo.planning.costs import CostModel
from cctvgeo.planning.existing import camera_footprints, camera_keys
from cctvgeo.planning.optimize import BudgetedCoverage
from cctvgeo.planning.reasons import DemandText

if TYPE_CHECKING:  # pragma: no cover
    from numpy.typing import NDArray

__all__ = ["LinkageSelection", "repair_priorities", "select_for_linkage"]

Method = Literal["greedy", "exact", "auto"]


@dataclass
class LinkageSelection:
    """The result of :func:`select_for_linkage`.

    Attributes
    ----------
    cameras : GeoDataFrame
        The input cameras (same index, CRS and columns) with ``link_status``
        (``"already linked"``, ``"selected"``, ``"not selected"``, ``"not working"``),
        ``link_rank`` (1, 2, ... for the selected, in order of value), ``link_gain`` (the
        weighted demand each adds, in that order), ``link_cost_thb``, ``link_reason``
        (English) and ``link_reason_th`` (Thai), and ``district`` when districts are given.
    by_district : DataFrame or None
        Per district: cameras, working, linked before, linked after the selection, and the
        share of the district's cameras linked.
    quota : int
        Cameras to link in all: ``ceil(share x number of cameras)``.
    objective_before, objective_after : float
        Weighted demand the linked cameras cover, before and after the selection.
    """

    cameras: gpd.GeoDataFrame
    by_district: pd.DataFrame | None
    quota: int
    objective_before: float
    objective_after: float

    @property
    def selected(self) -> gpd.GeoDataFrame:
        """The cameras newly selected for linkage, in rank order."""
        sel = self.cameras[self.cameras["link_status"] == "selected"]
        return sel.sort_values("link_rank")


def _linked(cams: pd.DataFrame) -> NDArray[np.bool_]:
    if "linked" not in cams.columns:
        return np.zeros(len(cams), dtype=bool)
    return cams["linked"].astype("boolean").fillna(False).to_numpy(dtype=bool)


def _working(cams: pd.DataFrame) -> NDArray[np.bool_]:
    from cctvgeo.coverage import counted_cameras

    return counted_cameras(cams)


def _camera_matrix(
    cams: gpd.GeoDataFrame,
    rows: NDArray[np.bool_],
    demand: gpd.GeoDataFrame,
    *,
    level: str | None,
    buildings: Any,
    footprints: gpd.GeoDataFrame | None,
    matrix: Any,
) -> csr_array:
    """The coverage matrix of the ``rows`` of ``cams`` over ``demand``.

    Sliced from ``matrix`` (all of ``cams``, in order) when given; else built from the
    footprints (``footprints`` reused, or computed now).
    """
    if matrix is not None:
        return csr_array(matrix)[np.flatnonzero(rows)]
    segs = demand[demand["kind"] == "segment"] if "kind" in demand.columns else demand.iloc[:0]
    fp = camera_footprints(
        cams[rows],
        level=chosen_level(level),
        buildings=buildings,
        roads=segs,
        footprints=footprints,
    )
    from cctvgeo.coverage import coverage_matrix

    return coverage_matrix(demand, fp)


def _check_matrix(
    matrix: Any, cams: gpd.GeoDataFrame, demand: gpd.GeoDataFrame, report: ValidationReport
) -> None:
    """Report a ``matrix`` that is not one row per camera and one column per demand element."""
    if matrix is None:
        return
    wanted = (len(cams), len(demand))
    shape = tuple(getattr(matrix, "shape", ()))
    if shape != wanted:
        report.add(
            Problem(
                None,
                "matrix",
                str(shape),
                f"matrix must have one row per camera and one column per demand element {wanted}.",
                "Pass cctvgeo.coverage.coverage_matrix(demand, footprints) of all of cams, in order.",
            )
        )


def _costs_of(link_costs: Any, cams: pd.DataFrame, report: ValidationReport) -> NDArray[np.float64]:
    n = len(cams)
    if link_costs is None:
        return np.zeros(n)
    if isinstance(link_costs, str):
        if link_costs not in cams.columns:
            report.add(Problem(None, link_costs, "", "cams has no such column.", "Name a column."))
            return np.zeros(n)
        values = pd.to_numeric(cams[link_costs], errors="coerce").to_numpy(dtype=np.float64)
    elif isinstance(link_costs, int | float):
        values = np.full(n, float(link_costs))
    else:
        values = np.asarray(
            link_costs.reindex(cams.index) if isinstance(link_costs, pd.Series) else link_costs,
            dtype=np.float64,
        )
    if values.shape != (n,) or not (np.isfinite(values) & (values >= 0)).all():
        report.add(
            Problem(
                None,
                "link_costs",
                "",
                "link_costs must give every camera a cost of 0 baht or more.",
                "Give a number, a column name or one value per camera.",
            )
        )
        return np.zeros(n)
    return values


def select_for_linkage(
    cams: gpd.GeoDataFrame,
    demand: gpd.GeoDataFrame,
    *,
    share: float | None = None,
    link_costs: Any = None,
    budget: float | None = None,
    districts: gpd.GeoDataFrame | None = None,
    district_column: str | None = None,
    level: str | None = None,
    buildings: gpd.GeoDataFrame | gpd.GeoSeries | None = None,
    method: Method = "auto",
    footprints: gpd.GeoDataFrame | None = None,
    matrix: Any = None,
) -> LinkageSelection:
    """Choose the working cameras to link so that the linked ones cover the most demand.

    The quota is ``ceil(share x len(cams))`` (the national rule counts all cameras). Working
    cameras already linked (``linked`` true) count towards it and are kept; the rest of the
    quota goes to the unlinked working cameras that add the most weighted demand to what the
    linked ones already see (maximal coverage with a cardinality constraint, solved by
    :class:`cctvgeo.planning.BudgetedCoverage`; the same demand measure as :func:`plan`).
    With ``link_costs`` and a ``budget``, the selection also keeps within the budget (a
    budgeted maximal coverage under the quota).

    Parameters
    ----------
    cams : GeoDataFrame
        The camera survey (:func:`cctvgeo.read_cameras`), projected.
    demand : GeoDataFrame
        Demand elements in the same CRS (``kind``, ``weight``; see :func:`plan`).
    share : float, optional
        Share of cameras to link; default :data:`cctvgeo.settings.linkage_share` (0.2).
    link_costs : float, str or array-like, optional
        Baht to link each camera: one number, a column of ``cams``, or one value per camera.
        Reported per camera; used only with ``budget``.
    budget : float, optional
        Baht for the new links.
    districts : GeoDataFrame, optional
        Polygons in the same CRS for a per-district report.
    district_column : str, optional
        The district name column; default the first of ``name_en``, ``name_th``, ``name``,
        ``district_id`` present.
    level : str, optional
        DORI level of the footprints; default :data:`cctvgeo.settings.planning_level`.
    buildings : GeoDataFrame or GeoSeries, optional
        Buildings occluding the footprints.
    method : {"auto", "greedy", "exact"}, default "auto"
        See :meth:`cctvgeo.planning.BudgetedCoverage.solve`.
    footprints : GeoDataFrame, optional
        The cameras' fields of view at ``level``, computed before
        (:func:`cctvgeo.coverage.fields_of_view` of ``cams``, on its index, with the
        buildings): reused instead of computed again.
    matrix : scipy.sparse array, optional
        The coverage matrix of all of ``cams`` (one row per camera, in order) over
        ``demand``, :func:`cctvgeo.coverage.coverage_matrix` of their footprints, computed
        before: the rows of the working cameras are taken from it, and ``footprints``,
        ``level`` and ``buildings`` are not used. :func:`repair_priorities` takes the same
        matrix, so a pipeline builds it once for both.

    Returns
    -------
    LinkageSelection

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely import LineString, Point
    >>> demand = gpd.GeoDataFrame({"demand_id": ["p1", "p2"], "kind": ["point", "point"],
    ...     "weight": [1.0, 5.0], "name": ["school", "market"]},
    ...     geometry=[Point(7, 0), Point(107, 0)], crs=32647)
    >>> cams = gpd.GeoDataFrame({"camera_id": ["A", "B"], "status": ["working"] * 2,
    ...     "camera_type": ["fixed"] * 2, "heading_deg": [90.0, 90.0], "linked": [False, False]},
    ...     geometry=[Point(0, 0), Point(100, 0)], crs=32647)
    >>> sel = select_for_linkage(cams, demand, share=0.5)
    >>> sel.selected["camera_id"].tolist(), sel.quota
    (['B'], 1)
    >>> print(sel.selected["link_reason"].iloc[0])
    Link camera B at B to the central system: covers risk point market.
    """
    require_projected(cams, "cams")
    require_projected(demand, "demand")
    require_same_crs(cams=cams, demand=demand, districts=districts, buildings=buildings)
    report = ValidationReport("select_for_linkage")
    share = settings.linkage_share if share is None else share
    if not (isinstance(share, int | float) and 0 <= share <= 1):
        report.add(Problem(None, "share", str(share), "share must be between 0 and 1.", "Fix."))
        share = 0.0
    costs = _costs_of(link_costs, cams, report)
    _check_matrix(matrix, cams, demand, report)
    report.raise_if_errors()

    working = _working(cams)
    linked = _linked(cams) & working
    quota = math.ceil(share * len(cams) - 1e-9)
    room = max(quota - int(linked.sum()), 0)
    covers = _camera_matrix(
        cams,
        working,
        demand,
        level=level,
        buildings=buildings,
        footprints=footprints,
        matrix=matrix,
    )
    wl = linked[working]
    free = ~wl
    kind = demand["kind"].astype("str").to_numpy() if "kind" in demand.columns else None
    problem = BudgetedCoverage.from_matrix(
        covers,
        demand["weight"],
        np.where(free, costs[working], 0.0),
        float(costs[working].sum()) + 1.0 if budget is None else float(budget),
        fixed=wl,
        groups=[["quota" if f else None for f in free]],
        max_per_group=[max(room, 1)],
        k_required=demand["k_required"] if "k_required" in demand.columns else None,
        binary=None if kind is None else kind == "route",
    )
    if room == 0:
        problem.solve("greedy")
        order: list[int] = []
        gains: list[float] = []
        notes: list[dict[str, Any]] = []
    else:
        problem.solve(method)
        base = np.flatnonzero(wl)
        picked = [int(i) for i in problem.selected[~np.isin(problem.selected, base)]]
        order = picked
        notes = problem.explain(order)
        gains = [float(n["gain"].sum()) for n in notes]
    out = _annotate(
        cams, demand, working=working, linked=linked, order=order, gains=gains, notes=notes
    )
    out["link_cost_thb"] = costs
    by_district = None
    if districts is not None:
        out["district"], by_district = _district_report(out, districts, district_column)
    before = problem.value(wl)
    after = problem.value(problem.selected)
    return LinkageSelection(out, by_district, quota, before, after)


def _annotate(
    cams: gpd.GeoDataFrame,
    demand: gpd.GeoDataFrame,
    *,
    working: NDArray[np.bool_],
    linked: NDArray[np.bool_],
    order: list[int],
    gains: list[float],
    notes: list[dict[str, Any]],
) -> gpd.GeoDataFrame:
    """The cameras with their linkage status, rank, gain and reason."""
    out = cams.copy()
    status = np.where(working, "not selected", "not working").astype(object)
    status[linked] = "already linked"
    rank = pd.array([pd.NA] * len(cams), dtype="Int64")
    gain_col = np.full(len(cams), np.nan)
    reason = np.full(len(cams), "", dtype=object)
    reason_th = np.full(len(cams), "", dtype=object)
    pos_in_cams = np.flatnonzero(working)
    texts = DemandText(demand)
    keys = camera_keys(cams)
    names = cams["name"] if "name" in cams.columns else pd.Series(keys, index=cams.index)
    picked = pos_in_cams[np.asarray(order, dtype=np.intp)]
    status[picked] = "selected"
    rank[picked] = np.arange(1, len(order) + 1)
    gain_col[picked] = gains
    rows = pd.DataFrame(
        {"kind": "link", "camera_id": keys[picked], "site_name": names.iloc[picked].to_numpy()}
    )
    words = texts.reasons(rows, notes)
    reason[picked], reason_th[picked] = words["en"].to_numpy(), words["th"].to_numpy()
    out["link_status"] = pd.array(status, dtype="str")
    out["link_rank"] = rank
    out["link_gain"] = gain_col
    out["link_reason"] = pd.array(reason, dtype="str")
    out["link_reason_th"] = pd.array(reason_th, dtype="str")
    return out


def _district_report(
    out: gpd.GeoDataFrame, districts: gpd.GeoDataFrame, column: str | None
) -> tuple[NDArray[np.object_], pd.DataFrame]:
    if column is None:
        column = next(
            (c for c in ("name_en", "name_th", "name", "district_id") if c in districts.columns),
            None,
        )
    labels = (
        districts[column].astype("str").to_numpy()
        if column is not None
        else np.array([str(i) for i in districts.index], dtype=object)
    )
    pts = np.asarray(out.geometry.array, dtype=object)
    polys = np.asarray(districts.geometry.array, dtype=object)
    pi, di = shapely.STRtree(polys).query(pts, predicate="within")
    name = np.full(len(out), "outside the districts", dtype=object)
    first = np.unique(pi, return_index=True)[1]
    name[pi[first]] = labels[di[first]]
    frame = pd.DataFrame(
        {
            "district": name,
            "cameras": 1,
            "working": (out["link_status"] != "not working").to_numpy(),
            "linked_before": (out["link_status"] == "already linked").to_numpy(),
            "linked_after": out["link_status"].isin(["already linked", "selected"]).to_numpy(),
            "selected": (out["link_status"] == "selected").to_numpy(),
            "gain": np.nan_to_num(out["link_gain"].to_numpy(dtype=np.float64)),
        }
    )
    table = frame.groupby("district", sort=True).sum(numeric_only=True)
    table["share_linked_after"] = table["linked_after"] / table["cameras"]
    return name, table.reset_index()


def repair_priorities(
    cams: gpd.GeoDataFrame,
    demand: gpd.GeoDataFrame,
    *,
    cost_model: CostModel | None = None,
    level: str | None = None,
    buildings: gpd.GeoDataFrame | gpd.GeoSeries | None = None,
    footprints: gpd.GeoDataFrame | None = None,
    matrix: Any = None,
) -> gpd.GeoDataFrame:
    """Rank the cameras awaiting repair by the demand they would restore per baht.

    Each repairable camera (status in :data:`cctvgeo.settings.repairable_statuses`) is
    costed at its survey ``repair_budget_thb`` (else the default for its type) plus one
    year of running costs (:meth:`CostModel.repair_costs`). The ranking is the lazy
    cost-effectiveness greedy of :class:`cctvgeo.planning.BudgetedCoverage`: each next
    repair is the one restoring the most not-yet-covered demand per baht given the working
    cameras and the repairs ranked before it, so two broken cameras watching the same
    corner are not both ranked high. Repairs that restore nothing come last.

    Parameters
    ----------
    cams : GeoDataFrame
        The camera survey, projected.
    demand : GeoDataFrame
        Demand elements in the same CRS.
    cost_model : CostModel, optional
        Default :meth:`CostModel.default`.
    level : str, optional
        DORI level; default :data:`cctvgeo.settings.planning_level`.
    buildings : GeoDataFrame or GeoSeries, optional
        Buildings occluding the footprints.
    footprints : GeoDataFrame, optional
        The cameras' fields of view at ``level``, computed before (as in
        :func:`select_for_linkage`).
    matrix : scipy.sparse array, optional
        The coverage matrix of all of ``cams`` over ``demand``, computed before (as in
        :func:`select_for_linkage`).

    Returns
    -------
    GeoDataFrame
        The repairable cameras (input index and columns), ranked, with ``repair_rank``,
        ``repair_cost_thb`` (repair plus a year's running), ``restored_alone`` (weighted
        demand the repair restores on its own), ``restored`` (what it adds in rank order),
        ``restored_per_million_thb`` and ``repair_reason`` / ``repair_reason_th``.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely import Point
    >>> demand = gpd.GeoDataFrame({"demand_id": ["p1", "p2"], "kind": ["point", "point"],
    ...     "weight": [1.0, 5.0], "name": ["school", "market"]},
    ...     geometry=[Point(7, 0), Point(107, 0)], crs=32647)
    >>> cams = gpd.GeoDataFrame({"camera_id": ["A", "B"], "status": ["broken", "broken"],
    ...     "camera_type": ["fixed"] * 2, "heading_deg": [90.0, 90.0],
    ...     "repair_budget_thb": [5000.0, 20000.0]},
    ...     geometry=[Point(0, 0), Point(100, 0)], crs=32647)
    >>> repair_priorities(cams, demand)["camera_id"].tolist()  # 5 per 21,721 beats 1 per 6,721
    ['B', 'A']
    """
    require_projected(cams, "cams")
    require_projected(demand, "demand")
    require_same_crs(cams=cams, demand=demand, buildings=buildings)
    report = ValidationReport("repair_priorities")
    _check_matrix(matrix, cams, demand, report)
    report.raise_if_errors()
    cost_model = cost_model or CostModel.default()
    status = cams["status"] if "status" in cams.columns else pd.Series(None, index=cams.index)
    broken = status.isin(settings.repairable_statuses).to_numpy(dtype=bool)
    working = _working(cams)
    rows = cams[working | broken]
    covers = _camera_matrix(
        cams,
        working | broken,
        demand,
        level=level,
        buildings=buildings,
        footprints=footprints,
        matrix=matrix,
    )
    is_broken = broken[working | broken]
    costs = cost_model.repair_costs(rows)
    charge = (costs["capital_thb"] + costs["running_thb_per_year"]).to_numpy(dtype=np.float64)
    charge = np.where(is_broken, charge, 0.0)
    kind = demand["kind"].astype("str").to_numpy() if "kind" in demand.columns else None
    problem = BudgetedCoverage.from_matrix(
        covers,
        demand["weight"],
        charge,
        float(charge.sum()) + 1.0,
        fixed=~is_broken,
        k_required=demand["k_required"] if "k_required" in demand.columns else None,
        binary=None if kind is None else kind == "route",
    ).solve("greedy")
    alone = problem.singleton_gains()
    order = [int(i) for i in problem.selected if is_broken[i]]
    rest = np.setdiff1d(np.flatnonzero(is_broken), order).tolist()  # ascending, as before
    ranked = order + rest
    notes = problem.explain(ranked)
    texts = DemandText(demand)
    keys = camera_keys(rows)
    names = rows["name"] if "name" in rows.columns else pd.Series(keys, index=rows.index)
    out = rows.iloc[ranked].copy()
    out["repair_rank"] = np.arange(1, len(ranked) + 1)
    out["repair_cost_thb"] = charge[ranked]
    out["restored_alone"] = alone[ranked]
    restored = np.array([float(n["gain"].sum()) for n in notes])
    out["restored"] = restored
    with np.errstate(divide="ignore", invalid="ignore"):
        out["restored_per_million_thb"] = np.where(
            charge[ranked] > 0, restored / charge[ranked] * 1e6, np.inf * (restored > 0)
        )
    picks = pd.DataFrame(
        {
            "kind": "repair",
            "camera_id": keys[ranked],
            "site_name": names.iloc[ranked].to_numpy(),
            "status_before": status.loc[rows.index[ranked]].to_numpy(),
        }
    )
    words = texts.reasons(picks, notes)
    out["repair_reason"] = pd.array(words["en"], dtype="str")
    out["repair_reason_th"] = pd.array(words["th"], dtype="str")
    return out
