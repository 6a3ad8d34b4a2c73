"""The installation plan: which candidates to buy, in which year, why, and who approves.

:func:`plan` turns a budget (one amount, or one per year) into an :class:`InstallationPlan`:
a ranked table of sites with their costs, budget lines, marginal gains, a plain-language
reason and the approval level; a summary of coverage before and after; the coverage a
committee gets for each amount up to the budget; and exports to Excel (Thai or English
headers), GeoPackage and CSV. The reasons and the workbook's wording are in
:mod:`cctvgeo.planning.reasons`.

**Size.** About 1,050 lines: :class:`InstallationPlan` (reading and writing a plan) and the
steps that build one (the problem's context, the yearly phases, the budget and column
checks, the existing cameras' footprints, the sites table) are one concern, a plan, and share
the private ``_Context`` and ``_Run``; the solving itself is in
:mod:`cctvgeo.planning.optimize` and the curve in :mod:`cctvgeo.planning._curve`.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from cctvgeo import settings
from cctvgeo._compat import renamed_keywords
from cctvgeo._errors import InfeasiblePlanError
from cctvgeo._validate import Problem, ValidationReport, require_projected, require_same_crs
from cctvgeo.planning._curve import prefix_curve
from cctvgeo.planning._shared import approval_level, reaim_partners
from cctvgeo.planning.candidates import plan_groupings
from cctvgeo.planning.costs import CAPITAL_ITEMS, RUNNING_ITEMS
from cctvgeo.planning.existing import camera_footprints, camera_keys
from cctvgeo.planning.optimize import BudgetedCoverage
from cctvgeo.planning.reasons import DemandText, column_values, compass, plan_sheets

if TYPE_CHECKING:  # pragma: no cover
    from numpy.typing import NDArray
    from scipy.sparse import csr_array

    from cctvgeo.planning.proposals import Proposals

__all__ = ["SITE_COLUMNS", "InstallationPlan", "approval_level", "plan"]

Method = Literal["greedy", "exact", "auto"]

#: Columns of :attr:`InstallationPlan.sites`, before ``geometry`` (the camera position).
SITE_COLUMNS = (
    "rank",
    "year",
    "kind",
    "candidate_id",
    "site_id",
    "site_name",
    "camera_id",
    "model_id",
    "model_name",
    "camera_type",
    "lens",
    "heading_deg",
    "direction",
    *(f"{k}_thb" for k in CAPITAL_ITEMS),
    *(f"{k}_thb_per_year" for k in RUNNING_ITEMS),
    "capital_thb",
    "running_thb_per_year",
    "charged_thb",
    "life_cycle_thb",
    "budget_source",
    "marginal_gain",
    "cumulative_gain",
    "cumulative_share",
    "new_road_m",
    "risk_points",
    "routes",
    "approval_level",
    "approval_level_th",
    "reason",
    "reason_th",
)

_REQUIRED_DEMAND = ("demand_id", "kind", "weight")
_REQUIRED_CANDIDATES = (
    "candidate_id",
    "kind",
    "site_id",
    "group",
    "capital_thb",
    "running_thb_per_year",
)


# ---------------------------------------------------------------------- the plan object


@dataclass
class InstallationPlan:
    """A phased, ranked installation plan. Make it with :func:`plan`.

    Attributes
    ----------
    sites : GeoDataFrame
        One row per chosen candidate (new camera, repair or re-aim), ranked: by year, then
        in the order the optimiser took them (cost-effectiveness). Columns
        :data:`SITE_COLUMNS`; geometry is the camera position (a point).
    footprints : GeoDataFrame
        The chosen candidates' footprints (polygons), same rows and order as ``sites``.
    years : DataFrame
        Per year: budget, running costs of earlier years' cameras, new capital and running
        costs, total charged, unspent, the approval level of the year's project, the
        optimiser's method, certified gap and status.
    demand : GeoDataFrame
        The demand elements the plan was made for.
    objective_before, objective_after : float
        Weighted covered demand (the optimiser's measure) with the existing cameras only,
        and with the plan.
    total_weight : float
        The weighted demand if everything were covered (backup included).
    """

    sites: gpd.GeoDataFrame
    footprints: gpd.GeoDataFrame
    years: pd.DataFrame
    demand: gpd.GeoDataFrame
    objective_before: float
    objective_after: float
    total_weight: float
    _ctx: _Context = field(repr=False)
    _run: _Run = field(repr=False)
    _cache: dict[Any, pd.DataFrame] = field(default_factory=dict, repr=False)

    # ------------------------------------------------------------------ reading

    def summary(self) -> pd.DataFrame:
        """Coverage before and after the plan, by road class, risk-point priority and route.

        Road lengths are the exact union of the footprints measured with
        :func:`cctvgeo.coverage.road_coverage` (where two cameras overlap the road counts
        once); points and routes count as covered when a camera sees them (routes:
        anywhere along them), and points needing backup also get a line for two cameras.
        It is measured once; later calls return a copy of the first result.

        Returns
        -------
        DataFrame
            Columns ``section``, ``group``, ``unit``, ``total``, ``before``, ``after``,
            ``before_share``, ``after_share``.
        """
        if "summary" not in self._cache:
            self._cache["summary"] = self._summary()
        return self._cache["summary"].copy()

    def _summary(self) -> pd.DataFrame:
        ctx, run = self._ctx, self._run
        rows: list[dict[str, Any]] = []
        dem = self.demand
        kind = dem["kind"].astype("str").to_numpy()
        before, after = ctx.existing_fixed | ctx.incumbent0, run.final_mask
        rows += _road_rows(dem, kind, ctx.footprints, before, after)
        m1b, m2b = run.explainer.top_two(before)
        m1a, m2a = run.explainer.top_two(after)
        point = kind == "point"
        if point.any():
            prio = (
                dem["priority"].astype("object").where(dem["priority"].notna(), "unknown")
                if "priority" in dem.columns
                else pd.Series("all", index=dem.index)
            ).to_numpy()
            for group in [*sorted(set(prio[point])), "all"]:
                sel = point & ((prio == group) if group != "all" else True)
                rows.append(
                    _count_row(
                        "risk points",
                        group=str(group),
                        sel=sel,
                        before=m1b > 0,
                        after=m1a > 0,
                        unit="points",
                    )
                )
            if "k_required" in dem.columns:
                need2 = point & (pd.to_numeric(dem["k_required"]).fillna(1).to_numpy() >= 2)
                if need2.any():
                    rows.append(
                        _count_row(
                            "risk points",
                            group="two cameras (backup)",
                            sel=need2,
                            before=m2b > 0,
                            after=m2a > 0,
                            unit="points",
                        )
                    )
        route = kind == "route"
        if route.any():
            rows.append(
                _count_row(
                    "escape routes",
                    group="captured",
                    sel=route,
                    before=m1b > 0,
                    after=m1a > 0,
                    unit="routes",
                )
            )
        rows.append(
            {
                "section": "weighted demand",
                "group": "optimised measure",
                "unit": "weight",
                "total": self.total_weight,
                "before": self.objective_before,
                "after": self.objective_after,
            }
        )
        out = pd.DataFrame(rows)
        total = out["total"].replace(0, np.nan)
        out["before_share"] = out["before"] / total
        out["after_share"] = out["after"] / total
        return out

    def coverage_curve(self, *, points: int = 11, method: Method = "greedy") -> pd.DataFrame:
        """Weighted coverage against budget, from 0 to the plan's total budget.

        Each point is a single-year plan for that amount (costs: capital plus one year of
        running costs, as in year 1), with the existing cameras as they are, and a proven
        upper bound on the best such plan.

        With ``method="greedy"`` the curve is one parametric computation, without solving
        again: the plan's picks in rank order, then the other candidates by their gain per
        baht over the plan (as long as they fit the groups), are a nested sequence of plans
        with their cumulative costs. At each budget the point is the best of: the longest
        prefix that fits, completed with the later candidates that still fit (in order);
        the best single candidate that fits; and the point before it (so the curve never
        goes down). Its ``upper_bound`` is ``f(S) + `` the best fractional knapsack of every
        candidate's gain over the point's set ``S`` within the budget, valid because the
        measure is monotone and submodular (Leskovec et al. 2007; see
        :class:`~cctvgeo.planning.BudgetedCoverage`), and never more than a later point's
        bound. ``"exact"`` and ``"auto"`` solve each point with that method instead (for
        small instances). Each curve is computed once per plan; later calls return a copy.

        Parameters
        ----------
        points : int, default 11
            Budgets evenly spaced from 0 to the total.
        method : {"greedy", "exact", "auto"}, default "greedy"
            How the points are found (see above).

        Returns
        -------
        DataFrame
            ``budget_thb``, ``objective``, ``share`` (of the total weight), ``gain`` (over
            the existing cameras), ``n_selected``, ``cost_thb`` and ``upper_bound`` (no
            plan for that budget covers more).
        """
        if points < 2:
            raise ValueError("points must be at least 2 (0 and the total budget).")
        if method not in ("greedy", "exact", "auto"):
            raise ValueError(f"method must be 'greedy', 'exact' or 'auto', not {method!r}.")
        key = ("curve", points, method)
        if key not in self._cache:
            budgets = np.linspace(0.0, float(self.years["budget_thb"].sum()), points)
            self._cache[key] = (
                self._prefix_curve(budgets)
                if method == "greedy"
                else self._solved_curve(budgets, method)
            )
        return self._cache[key].copy()

    def _prefix_curve(self, budgets: NDArray[np.float64]) -> pd.DataFrame:
        ctx, run = self._ctx, self._run
        path = prefix_curve(
            run.explainer,
            _curve_order(ctx, run),
            budgets,
            partner=reaim_partners(ctx.groups[0], ctx.incumbent0),
            problem_at=ctx.problem_with,
        )
        return self._curve_frame(
            budgets,
            objective=path.objective,
            n_selected=path.n_selected,
            cost=path.cost,
            upper_bound=path.upper_bound,
        )

    def _solved_curve(self, budgets: NDArray[np.float64], method: Method) -> pd.DataFrame:
        ctx = self._ctx
        base = ctx.existing_fixed | ctx.incumbent0
        problems = [
            ctx.problem_for(budget=float(b), fixed=ctx.existing_fixed).solve(method)
            for b in budgets
        ]
        return self._curve_frame(
            budgets,
            objective=np.array([p.objective for p in problems]),
            n_selected=np.array(
                [np.setdiff1d(p.selected, np.flatnonzero(base)).size for p in problems]
            ),
            cost=np.array([p.cost for p in problems]),
            upper_bound=np.array([p.upper_bound for p in problems]),
        )

    def _curve_frame(
        self,
        budgets: NDArray[np.float64],
        *,
        objective: NDArray[np.float64],
        n_selected: NDArray[np.intp],
        cost: NDArray[np.float64],
        upper_bound: NDArray[np.float64],
    ) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "budget_thb": budgets,
                "objective": objective,
                "share": objective / self.total_weight if self.total_weight else 0.0,
                "gain": objective - self.objective_before,
                "n_selected": n_selected.astype(np.int64),
                "cost_thb": cost,
                "upper_bound": upper_bound,
            }
        )

    def replan(
        self,
        *,
        budget: float | None = None,
        years: int = 1,
        annual_budgets: Sequence[float] | None = None,
        method: Method = "auto",
        time_limit: float | None = None,
    ) -> InstallationPlan:
        """The plan for another budget, on the same demand, candidates and existing cameras.

        The footprints and the coverage matrix are reused, so only the optimiser runs: this
        is how to try several budgets in a notebook. The arguments are those of
        :func:`plan`.

        Returns
        -------
        InstallationPlan
            A new plan; this one is unchanged.

        Examples
        --------
        >>> p3 = p.replan(budget=3_000_000)  # doctest: +SKIP
        """
        budgets = _budgets(budget, years, annual_budgets)
        return _solve_plan(self._ctx, budgets, method=method, time_limit=time_limit)

    def proposals(self, **kwargs: Any) -> Proposals:
        """The sites as projects for the committees: :func:`cctvgeo.planning.proposals.proposals`."""
        from cctvgeo.planning.proposals import proposals

        return proposals(self, **kwargs)

    # ------------------------------------------------------------------ writing

    def to_csv(self, path: str | os.PathLike[str]) -> Path:
        """Write :attr:`sites` as CSV (UTF-8 with BOM, positions as latitude/longitude), atomically."""
        from cctvgeo._write import write_frame

        return write_frame(self.sites, path, layer="sites")

    def to_file(self, path: str | os.PathLike[str]) -> Path:
        """Write a GeoPackage with layers ``sites`` (points) and ``footprints``, atomically.

        The same plan gives the same bytes (:func:`cctvgeo._write.write_gpkg`).
        """
        from cctvgeo._write import write_gpkg

        return write_gpkg({"sites": self.sites, "footprints": self.footprints}, path)

    def to_excel(self, path: str | os.PathLike[str], *, lang: Literal["th", "en"] = "th") -> Path:
        """Write the plan, summary, years and coverage curve to one workbook, atomically.

        The same plan gives the same bytes (:func:`cctvgeo._write.write_xlsx`).

        Parameters
        ----------
        path : str or PathLike
            An ``.xlsx`` file.
        lang : {"th", "en"}, default "th"
            Language of the sheet names, the headers and the words in the cells (Thai
            reasons, kinds, statuses and units under Thai headers; English ones under the
            column names).
        """
        from cctvgeo._write import spreadsheet_ready, write_xlsx

        frames = {
            "plan": spreadsheet_ready(self.sites),
            "summary": self.summary(),
            "years": self.years,
            "curve": self.coverage_curve(),
        }
        return write_xlsx(plan_sheets(frames, lang), path)


# ---------------------------------------------------------------------- building a plan


@dataclass
class _Context:
    """The plan's problem, built once: demand, candidates, matrix, costs and groups."""

    matrix: csr_array
    weights: NDArray[np.float64]
    k_required: Any
    binary: NDArray[np.bool_]
    backup_weight: float | None
    groups: list[NDArray[np.object_]]
    caps: list[int]
    capital: NDArray[np.float64]
    running: NDArray[np.float64]
    existing_fixed: NDArray[np.bool_]
    incumbent0: NDArray[np.bool_]
    footprints: gpd.GeoDataFrame
    demand: gpd.GeoDataFrame

    @property
    def first_year_cost(self) -> NDArray[np.float64]:
        """Capital plus one year of running costs, per candidate (0 for existing cameras)."""
        return self.capital + self.running

    def problem_for(
        self,
        *,
        budget: float,
        fixed: NDArray[np.bool_],
        incumbent: NDArray[np.bool_] | None = None,
    ) -> BudgetedCoverage:
        """The problem at ``budget`` with first-year costs (mandatory and incumbents free)."""
        incumbent = self.incumbent0 if incumbent is None else incumbent
        return BudgetedCoverage.from_matrix(
            self.matrix,
            self.weights,
            np.where(fixed | incumbent, 0.0, self.first_year_cost),
            budget,
            fixed=fixed,
            incumbent=incumbent,
            groups=self.groups,
            max_per_group=self.caps,
            k_required=self.k_required,
            backup_weight=self.backup_weight,
            binary=self.binary,
        )

    def problem_with(self, chosen: NDArray[np.bool_]) -> BudgetedCoverage:
        """The problem with ``chosen`` mandatory, no incumbents and every candidate affordable."""
        return self.problem_for(
            budget=float(self.first_year_cost.sum()), fixed=chosen, incumbent=np.zeros_like(chosen)
        )


@dataclass
class _Run:
    """What one solve of the years found: the order of the picks and the final selection."""

    explainer: BudgetedCoverage  # the problem with every candidate affordable, not solved
    order: list[int]  # positions of the picks, in rank order
    final_mask: NDArray[np.bool_]  # existing cameras as kept, and every pick


@renamed_keywords(existing="cams")
def plan(
    demand: gpd.GeoDataFrame,
    candidates: gpd.GeoDataFrame,
    *,
    budget: float | None = None,
    cams: gpd.GeoDataFrame | None = None,
    years: int = 1,
    annual_budgets: Sequence[float] | None = None,
    method: Method = "auto",
    max_per_site: int | None = None,
    backup_weight: float | None = None,
    level: str | None = None,
    buildings: gpd.GeoDataFrame | gpd.GeoSeries | None = None,
    time_limit: float | None = None,
    footprints: gpd.GeoDataFrame | None = None,
) -> InstallationPlan:
    """Plan which candidates to buy with a budget, year by year.

    **Phasing.** Year 1's sites are the plan for year 1's budget. Each later year keeps
    everything chosen before (the plans are nested) and adds to it. A year's budget first
    pays the running costs (maintenance, electricity, link fee) of the cameras installed
    or repaired in earlier years; what is left buys new candidates, each charged its capital
    cost and its first year's running cost. Money does not carry over between years.

    **Existing cameras.** Working cameras in ``cams`` are fixed at no cost, so the
    demand they already cover has no value left to buy. Cameras of status "unknown" count
    as in road coverage (:func:`cctvgeo.coverage.counted_cameras`): all of them when no
    camera has a status, as in most open data. A working camera with re-aim
    candidates keeps its current view unless the plan pays to turn it (one view per camera).

    **Objective.** Weighted covered demand, maximised by
    :class:`cctvgeo.planning.BudgetedCoverage` (see its notes for the measure and the
    guarantees), with at most one variant per site and heading and at most
    ``max_per_site`` cameras per site.

    Parameters
    ----------
    demand : GeoDataFrame
        Demand elements in a projected CRS: ``demand_id``, ``kind`` (``"segment"``,
        ``"point"``, ``"route"``), ``weight``, and optionally ``name``, ``k_required``,
        ``highway``, ``priority``, ``length_m`` (the contract of
        :func:`cctvgeo.riskpoints.demand`).
    candidates : GeoDataFrame
        From :func:`cctvgeo.planning.candidate_sites` (footprints, groups, costs).
    budget : float, optional
        Baht for the whole plan, split evenly over ``years``; or give ``annual_budgets``.
    cams : GeoDataFrame, optional
        The camera survey (:func:`cctvgeo.read_cameras`, projected), named ``cams`` as
        everywhere in cctvgeo (``existing=`` is its deprecated old name). Required when the
        candidates include re-aims.
    years : int, default 1
        Number of yearly phases when ``budget`` is given.
    annual_budgets : sequence of float, optional
        Baht per year; sets the number of years.
    method : {"auto", "greedy", "exact"}, default "auto"
        See :meth:`cctvgeo.planning.BudgetedCoverage.solve`.
    max_per_site : int, optional
        Cameras per site; default :data:`cctvgeo.settings.planning_max_per_site`.
    backup_weight : float, optional
        Weight of a second camera on points that need two; default
        :data:`cctvgeo.settings.planning_backup_weight`.
    level : str, optional
        DORI level of the existing cameras' footprints; default
        :data:`cctvgeo.settings.planning_level` (use the candidates' level).
    buildings : GeoDataFrame or GeoSeries, optional
        Buildings occluding the existing cameras' footprints.
    time_limit : float, optional
        Seconds per year for the exact MILP.
    footprints : GeoDataFrame, optional
        The existing cameras' fields of view at ``level``, computed before
        (:func:`cctvgeo.coverage.fields_of_view` of ``cams``, on its index, with the
        buildings): reused instead of computed again.

    Returns
    -------
    InstallationPlan
        Its :meth:`~InstallationPlan.replan` tries another budget on the same problem
        without building it again.

    Raises
    ------
    cctvgeo.ValidationError
        Missing columns, bad budgets, footprints that lack a camera; every problem at once.
    cctvgeo.InfeasiblePlanError
        A year's budget does not cover the running costs of the cameras installed before.
    cctvgeo.CRSError
        The frames are not projected or not in one CRS.

    Examples
    --------
    Two road pieces and a risk point; a camera on the risk point and one on a road:

    >>> import geopandas as gpd
    >>> from shapely import LineString, Point, box
    >>> demand = gpd.GeoDataFrame({
    ...     "demand_id": ["segment:0", "segment:1", "point:RP-1"],
    ...     "kind": ["segment", "segment", "point"], "weight": [20.0, 20.0, 100.0],
    ...     "name": ["Thanon A", "Thanon A", "market"], "highway": ["primary"] * 2 + [None],
    ...     "priority": [None, None, "urgent"], "k_required": [1, 1, 1]},
    ...     geometry=[LineString([(0, 0), (20, 0)]), LineString([(20, 0), (40, 0)]),
    ...               Point(100, 0)], crs=32647)
    >>> cands = gpd.GeoDataFrame({
    ...     "candidate_id": ["c1", "c2"], "kind": ["new", "new"], "site_id": ["S1", "S2"],
    ...     "group": ["S1@090", "S2@090"], "capital_thb": [40000.0, 40000.0],
    ...     "running_thb_per_year": [8000.0, 8000.0], "site_x": [0.0, 95.0],
    ...     "site_y": [0.0, 0.0], "site_name": ["Thanon A", "near market"],
    ...     "heading_deg": [90.0, 90.0]},
    ...     geometry=[box(0, -5, 40, 5), box(95, -5, 110, 5)], crs=32647)
    >>> p = plan(demand, cands, budget=50000)
    >>> p.sites["candidate_id"].tolist(), p.sites["charged_thb"].tolist()
    (['c2'], [48000.0])
    >>> print(p.sites["reason"].iloc[0])
    New camera at near market, facing east (90°): covers risk point market (urgent).
    """
    require_projected(demand, "demand")
    require_projected(candidates, "candidates")
    require_same_crs(demand=demand, candidates=candidates, cams=cams, buildings=buildings)
    budgets = _budgets(budget, years, annual_budgets)
    _check_columns(demand, candidates)
    group_cols, caps = plan_groupings(candidates, max_per_site)

    ex_fp, ex_incumbent = _existing_footprints(
        cams,
        candidates,
        demand=demand,
        level=level,
        buildings=buildings,
        footprints=footprints,
    )
    n_ex = len(ex_fp)
    allfp = _all_footprints(ex_fp, candidates)
    from cctvgeo.coverage import coverage_matrix

    n = len(allfp)
    existing_fixed = np.zeros(n, dtype=bool)
    existing_fixed[:n_ex] = ~ex_incumbent
    incumbent0 = np.zeros(n, dtype=bool)
    incumbent0[:n_ex] = ex_incumbent
    capital = np.concatenate([np.zeros(n_ex), candidates["capital_thb"].to_numpy(dtype=np.float64)])
    running = np.concatenate(
        [np.zeros(n_ex), candidates["running_thb_per_year"].to_numpy(dtype=np.float64)]
    )
    kind = demand["kind"].astype("str").to_numpy()
    ctx = _Context(
        matrix=coverage_matrix(demand, allfp),
        weights=demand["weight"].to_numpy(dtype=np.float64),
        k_required=demand["k_required"] if "k_required" in demand.columns else None,
        binary=kind == "route",
        backup_weight=backup_weight,
        groups=[allfp[c].to_numpy(dtype=object) for c in group_cols],
        caps=caps,
        capital=capital,
        running=running,
        existing_fixed=existing_fixed,
        incumbent0=incumbent0,
        footprints=allfp,
        demand=demand,
    )
    return _solve_plan(ctx, budgets, method=method, time_limit=time_limit)


def _solve_plan(
    ctx: _Context, budgets: list[float], *, method: Method, time_limit: float | None
) -> InstallationPlan:
    """Solve the years of ``budgets`` on the problem of ``ctx``; build the plan's tables."""
    chosen, incumbent, picks, year_rows = _phases(
        ctx, budgets, kinds=ctx.footprints["kind"].to_numpy(), method=method, time_limit=time_limit
    )
    base = ctx.existing_fixed | ctx.incumbent0
    explainer = ctx.problem_for(budget=float(ctx.first_year_cost.sum()), fixed=ctx.existing_fixed)
    order = [p[0] for p in picks]
    notes = explainer.explain(order)
    before = explainer.value(base)
    final_mask = ctx.existing_fixed | chosen | incumbent
    total_weight = explainer.total_weight
    sites, fps = _sites_table(
        ctx.footprints,
        picks,
        notes=notes,
        demand=ctx.demand,
        capital=ctx.capital,
        running=ctx.running,
        before=before,
        total_weight=total_weight,
    )
    years_frame = pd.DataFrame(year_rows)
    years_frame["running_after_plan_thb"] = float(ctx.running[chosen].sum())
    appr = [
        approval_level(v) for v in (years_frame["new_capital_thb"] + years_frame["new_running_thb"])
    ]
    years_frame["approval_level"] = [a[0] for a in appr]
    years_frame["approval_level_th"] = [a[1] for a in appr]
    return InstallationPlan(
        sites=sites,
        footprints=fps,
        years=years_frame,
        demand=ctx.demand,
        objective_before=before,
        objective_after=explainer.value(final_mask),
        total_weight=total_weight,
        _ctx=ctx,
        _run=_Run(explainer=explainer, order=order, final_mask=final_mask),
    )


def _phases(
    ctx: _Context,
    budgets: list[float],
    *,
    kinds: NDArray[Any],
    method: Method,
    time_limit: float | None,
) -> tuple[
    NDArray[np.bool_], NDArray[np.bool_], list[tuple[int, int, float]], list[dict[str, Any]]
]:
    """Solve year after year: each year keeps what earlier years chose (nested plans)."""
    existing_fixed = ctx.existing_fixed
    capital, running = ctx.capital, ctx.running
    n = existing_fixed.size
    chosen = np.zeros(n, dtype=bool)
    incumbent = ctx.incumbent0.copy()
    picks: list[tuple[int, int, float]] = []  # (position, year, gain)
    year_rows = []
    for y, amount in enumerate(budgets, start=1):
        committed = float(running[chosen].sum())
        if committed > amount + 1e-6:
            raise InfeasiblePlanError(
                f"Year {y}'s budget ({amount:,.0f} baht) does not cover the running costs of "
                f"the cameras installed in earlier years ({committed:,.0f} baht a year). Raise "
                "the later budgets, or plan with fewer years."
            )
        problem = ctx.problem_for(
            budget=amount - committed, fixed=existing_fixed | chosen, incumbent=incumbent
        )
        problem.solve(method, time_limit=time_limit)
        base = existing_fixed | chosen | incumbent
        new = [int(i) for i in problem.selected if not base[i]]
        gains = dict(zip(problem.selected.tolist(), problem.marginal_gains.tolist(), strict=True))
        for i in new:
            picks.append((i, y, gains[i]))
        chosen[new] = True
        incumbent[problem.replaced] = False
        spent_capital = float(capital[new].sum())
        spent_running = float(running[new].sum())
        year_rows.append(
            {
                "year": y,
                "budget_thb": amount,
                "earlier_running_thb": committed,
                "new_capital_thb": spent_capital,
                "new_running_thb": spent_running,
                "charged_thb": committed + spent_capital + spent_running,
                "unspent_thb": amount - committed - spent_capital - spent_running,
                "n_new": int((kinds[new] == "new").sum()),
                "n_repair": int((kinds[new] == "repair").sum()),
                "n_reaim": int((kinds[new] == "re-aim").sum()),
                "objective": problem.objective,
                "method": problem.method,
                "gap": problem.gap,
                "status": problem.status,
            }
        )
    return chosen, incumbent, picks, year_rows


def _budgets(
    budget: float | None, years: int, annual_budgets: Sequence[float] | None
) -> list[float]:
    report = ValidationReport("plan")
    out: list[float] = []
    if annual_budgets is not None:
        out = [float(b) for b in annual_budgets]
        if not out:
            report.add(
                Problem(None, "annual_budgets", "", "No annual budget.", "Give at least one.")
            )
        if budget is not None and abs(sum(out) - float(budget)) > 1e-6 * max(1.0, float(budget)):
            report.add(
                Problem(
                    None,
                    "budget",
                    str(budget),
                    f"budget differs from the sum of annual_budgets ({sum(out):,.0f}).",
                    "Give one of them, or make them agree.",
                )
            )
        if years not in (1, len(out)):
            report.add(
                Problem(
                    None,
                    "years",
                    str(years),
                    f"years={years} but {len(out)} annual budgets.",
                    "Leave years out when you give annual_budgets.",
                )
            )
    elif budget is None:
        report.add(Problem(None, "budget", "", "No budget.", "Give budget= or annual_budgets=."))
    elif not (isinstance(years, int) and years >= 1):
        report.add(Problem(None, "years", str(years), "years must be 1 or more.", "Fix it."))
    else:
        out = [float(budget) / years] * years
    for y, b in enumerate(out, start=1):
        if not (math.isfinite(b) and b >= 0):
            report.add(
                Problem(
                    None,
                    "budget",
                    str(b),
                    f"Year {y}'s budget is not a sum of baht >= 0.",
                    "Fix it.",
                )
            )
    report.raise_if_errors()
    return out


def _check_columns(demand: gpd.GeoDataFrame, candidates: gpd.GeoDataFrame) -> None:
    report = ValidationReport("plan inputs")
    for col in _REQUIRED_DEMAND:
        if col not in demand.columns:
            report.add(
                Problem(
                    None,
                    col,
                    "",
                    f"demand has no {col!r} column.",
                    "Build demand with cg.riskpoints.demand (see docs/planning.md).",
                )
            )
    for col in _REQUIRED_CANDIDATES:
        if col not in candidates.columns:
            report.add(
                Problem(
                    None,
                    col,
                    "",
                    f"candidates has no {col!r} column.",
                    "Build candidates with cg.planning.candidate_sites.",
                )
            )
    if "kind" in demand.columns:
        bad = ~demand["kind"].isin(["segment", "point", "route"])
        for label in demand.index[bad.to_numpy()]:
            report.add(
                Problem(
                    label,
                    "kind",
                    str(demand.loc[label, "kind"]),
                    "Unknown demand kind.",
                    "Use segment, point or route.",
                )
            )
    report.raise_if_errors()


def _existing_footprints(
    cams: gpd.GeoDataFrame | None,
    candidates: gpd.GeoDataFrame,
    *,
    demand: gpd.GeoDataFrame,
    level: str | None,
    buildings: Any,
    footprints: gpd.GeoDataFrame | None,
) -> tuple[gpd.GeoDataFrame, NDArray[np.bool_]]:
    """Footprints of the working existing cameras, and which are re-aimable incumbents."""
    reaim_groups = set(candidates.loc[candidates["kind"] == "re-aim", "group"].astype(str))
    if cams is None or cams.empty:
        if reaim_groups:
            report = ValidationReport("plan inputs")
            report.add(
                Problem(
                    None,
                    "cams",
                    "",
                    "The candidates include re-aims, but the existing cameras (cams=) are not given: the plan "
                    "needs the cameras' current views (what a re-aim gives up).",
                    "Pass cams= (the survey the candidates were built from).",
                )
            )
            report.raise_if_errors()
        return gpd.GeoDataFrame(geometry=gpd.GeoSeries([], crs=demand.crs)), np.zeros(0, dtype=bool)
    from cctvgeo.coverage import counted_cameras

    working = cams[counted_cameras(cams)]
    fp = camera_footprints(
        working,
        level=level or settings.planning_level,
        buildings=buildings,
        roads=demand[demand["kind"] == "segment"],
        footprints=footprints,
    )
    keys = camera_keys(working)
    group = np.array(["camera:" + k for k in keys], dtype=object)
    incumbent = np.isin(group, list(reaim_groups))
    xy = shapely.get_coordinates(np.asarray(working.geometry.array, dtype=object))
    frame = gpd.GeoDataFrame(
        {
            "candidate_id": ["existing-" + k for k in keys],
            "kind": "existing",
            "site_id": [g if inc else None for g, inc in zip(group, incumbent, strict=True)],
            "group": [g if inc else None for g, inc in zip(group, incumbent, strict=True)],
            "camera_id": keys,
            "site_x": xy[:, 0],
            "site_y": xy[:, 1],
            "heading_deg": fp["heading_deg"].to_numpy(dtype=np.float64),
        },
        geometry=fp.geometry.to_numpy(),
        crs=demand.crs,
    )
    return frame, incumbent


def _curve_order(ctx: _Context, run: _Run) -> NDArray[np.intp]:
    """The plan's picks, then the other candidates by their gain per baht over the plan.

    Only candidates that fit the groups with the plan and those before them are added,
    so any subset of the order is within the groups.
    """
    gains = ctx.problem_with(run.final_mask).singleton_gains()
    rest = np.flatnonzero(~run.final_mask & (gains > 0))
    with np.errstate(divide="ignore"):
        ratio = gains[rest] / ctx.first_year_cost[rest]
    rest = rest[np.argsort(-ratio, kind="stable")]
    keep = np.ones(rest.size, dtype=bool)
    for labels, cap in zip(ctx.groups, ctx.caps, strict=True):
        label = pd.Series(labels[rest], dtype=object)
        held = pd.Series(labels[run.final_mask], dtype=object).value_counts()
        grouped = label.notna().to_numpy()
        count = (
            label.map(held).fillna(0).to_numpy()
            + label.groupby(label).cumcount().reindex(label.index, fill_value=0).to_numpy()
        )
        keep &= ~grouped | (count < cap)
    return np.concatenate([np.asarray(run.order, dtype=np.intp), rest[keep]])


def _all_footprints(ex_fp: gpd.GeoDataFrame, candidates: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    cand = candidates.reset_index(drop=True)
    if ex_fp.empty:
        return gpd.GeoDataFrame(cand, geometry=cand.geometry.name, crs=candidates.crs)
    out = pd.concat([ex_fp, cand], ignore_index=True)
    return gpd.GeoDataFrame(out, geometry="geometry", crs=candidates.crs)


# ---------------------------------------------------------------------- tables and reasons


def _sites_table(
    allfp: gpd.GeoDataFrame,
    picks: list[tuple[int, int, float]],
    *,
    notes: list[dict[str, Any]],
    demand: gpd.GeoDataFrame,
    capital: NDArray[np.float64],
    running: NDArray[np.float64],
    before: float,
    total_weight: float,
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    pos = np.array([p[0] for p in picks], dtype=np.intp)
    rows = allfp.iloc[pos].reset_index(drop=True)
    gain = np.array([float(n["gain"].sum()) for n in notes])
    texts = DemandText(demand)
    reasons = texts.reasons(rows, notes).to_dict("records")
    out = pd.DataFrame(
        {
            "rank": np.arange(1, len(rows) + 1),
            "year": [p[1] for p in picks],
            "kind": column_values(rows, "kind"),
            "candidate_id": column_values(rows, "candidate_id"),
            "site_id": column_values(rows, "site_id"),
            "site_name": column_values(rows, "site_name", ""),
            "camera_id": column_values(rows, "camera_id"),
            "model_id": column_values(rows, "model_id"),
            "model_name": column_values(rows, "model_name"),
            "camera_type": column_values(rows, "camera_type"),
            "lens": column_values(rows, "lens"),
            "heading_deg": pd.to_numeric(
                pd.Series(column_values(rows, "heading_deg", np.nan)), errors="coerce"
            ).to_numpy(),
        }
    )
    out["direction"] = [compass(h) for h in out["heading_deg"].to_numpy(dtype=np.float64)]
    for c in [*(f"{k}_thb" for k in CAPITAL_ITEMS), *(f"{k}_thb_per_year" for k in RUNNING_ITEMS)]:
        out[c] = (
            pd.to_numeric(pd.Series(column_values(rows, c, 0.0)), errors="coerce")
            .fillna(0.0)
            .to_numpy()
        )
    out["capital_thb"] = capital[pos]
    out["running_thb_per_year"] = running[pos]
    out["charged_thb"] = capital[pos] + running[pos]
    out["life_cycle_thb"] = pd.to_numeric(
        pd.Series(column_values(rows, "life_cycle_thb", np.nan)), errors="coerce"
    ).to_numpy()
    out["budget_source"] = column_values(rows, "budget_source", "")
    out["marginal_gain"] = gain
    out["cumulative_gain"] = before + np.cumsum(gain)
    out["cumulative_share"] = out["cumulative_gain"] / total_weight if total_weight else 0.0
    out["new_road_m"] = [r["road_m"] for r in reasons]
    out["risk_points"] = [r["points"] for r in reasons]
    out["routes"] = [r["routes"] for r in reasons]
    project = out.groupby(["year", "kind"])["charged_thb"].transform("sum").to_numpy()
    appr = [approval_level(v) for v in project]
    out["approval_level"] = [a[0] for a in appr]
    out["approval_level_th"] = [a[1] for a in appr]
    out["reason"] = [r["en"] for r in reasons]
    out["reason_th"] = [r["th"] for r in reasons]
    for c in out.columns:
        if out[c].dtype == object:
            out[c] = out[c].astype("str")
    geom = shapely.points(
        pd.to_numeric(pd.Series(column_values(rows, "site_x", np.nan))).to_numpy(dtype=np.float64),
        pd.to_numeric(pd.Series(column_values(rows, "site_y", np.nan))).to_numpy(dtype=np.float64),
    )
    sites = gpd.GeoDataFrame(out, geometry=gpd.GeoSeries(geom, crs=allfp.crs), crs=allfp.crs)
    sites.index = pd.Index(
        out["rank"].to_numpy()
    )  # labels are the ranks; unnamed, beside the "rank" column
    fps = gpd.GeoDataFrame(
        out[["rank", "year", "kind", "candidate_id", "site_id"]].copy(),
        geometry=gpd.GeoSeries(allfp.geometry.to_numpy()[pos], crs=allfp.crs),
        crs=allfp.crs,
    )
    fps.index = sites.index
    return sites, fps


def _road_rows(
    dem: gpd.GeoDataFrame,
    kind: NDArray[np.object_],
    footprints: gpd.GeoDataFrame,
    before: NDArray[np.bool_],
    after: NDArray[np.bool_],
) -> list[dict[str, Any]]:
    seg = kind == "segment"
    if not seg.any():
        return []
    from cctvgeo.coverage import road_coverage

    segs = dem[seg]
    out = {}
    for label, mask in (("before", before), ("after", after)):
        fp = footprints[mask][[footprints.geometry.name]].copy()
        fp["camera_id"] = [f"c{i}" for i in range(len(fp))]
        fp["status"] = "working"
        cov = road_coverage(segs, fp)
        out[label] = cov["covered_m"].to_numpy(dtype=np.float64)
    length = shapely.length(np.asarray(segs.geometry.array, dtype=object))
    cls = (
        segs["highway"]
        .astype("object")
        .where(segs["highway"].notna(), "unclassified")
        .astype(str)
        .to_numpy()
        if "highway" in segs.columns
        else np.full(len(segs), "all")
    )
    rows = []
    for group in [*sorted(set(cls)), "all"]:
        sel = (cls == group) if group != "all" else np.ones(len(segs), dtype=bool)
        rows.append(
            {
                "section": "roads",
                "group": group,
                "unit": "m",
                "total": float(length[sel].sum()),
                "before": float(out["before"][sel].sum()),
                "after": float(out["after"][sel].sum()),
            }
        )
    return rows


def _count_row(
    section: str,
    *,
    group: str,
    sel: NDArray[np.bool_],
    before: NDArray[np.bool_],
    after: NDArray[np.bool_],
    unit: str,
) -> dict[str, Any]:
    return {
        "section": section,
        "group": group,
        "unit": unit,
        "total": float(sel.sum()),
        "before": float((sel & before).sum()),
        "after": float((sel & after).sum()),
    }
