"""Budgeted maximal coverage: the candidates that cover the most weighted demand for the money.

The problem (budgeted maximum coverage, Khuller, Moss & Naor 1999; the maximal covering
location problem of Church & ReVelle 1974 with a budget instead of a number of sites):
choose a set ``S`` of candidates (new cameras, repairs, re-aims) whose total cost is at
most the budget, at most ``max_per_group`` of them in each group, containing every
mandatory candidate, that maximises the covered demand

``f(S) = sum_j w_j * (m1_j(S) + beta_j * m2_j(S))``,

where ``a_ij`` is the share of demand element ``j`` that candidate ``i`` covers (from
:func:`cctvgeo.coverage.coverage_matrix`), ``m1_j(S)`` and ``m2_j(S)`` the largest and
second-largest of ``a_ij`` over ``i`` in ``S`` (0 when absent), ``w_j`` the element's weight
and ``beta_j`` the weight of a second, backup camera for the elements that need two
(``k_required = 2``; 0 for the others).

*Several cameras on one element.* The coverage matrix holds each camera's share alone,
not where on the element it falls, so the share the *union* of several footprints covers
is not known from it. cctvgeo counts the best single camera's share (``m1``), a lower
bound on the union's share:

* it is exact for 0/1 elements (points, routes, and road pieces that a footprint covers
  wholly or not at all), and whenever one camera's covered part contains the others';
* it under-counts only cameras covering *different* parts of one element, by less than the
  element's length, so the short road pieces of :func:`cctvgeo.coverage.road_segments`
  (20 m by default) keep it tight;
* it never promises coverage that is not there, and a second footprint over the same
  ground adds nothing. The alternative, ``min(1, sum of shares)``, is an upper bound that an
  optimiser exploits: two identical cameras over half a segment would "cover" all of it.

It is exactly a weighted *coverage function*: split element ``j`` at its distinct share
values ``v_1 < ... < v_k`` into level elements of weight ``w_j (v_l - v_(l-1))``, each
covered 0/1 by the candidates with ``a_ij >= v_l``; ``m1`` sums the covered levels. So the
objective is monotone and submodular (with ``0 <= beta <= 1`` the backup term is a concave
function of each level's camera count), the greedy guarantees below apply, and the MILP is
a maximal covering model on the level elements. :class:`cctvgeo.planning.InstallationPlan`
reports the exact union of the chosen plan measured with
:func:`cctvgeo.coverage.road_coverage` beside this optimised value.

*Routes* are flows to intercept (Hodgson 1990): a route counts in full once any camera
sees it anywhere, so its column is binarised (share > 0 -> 1) with ``binary``.
"""

from __future__ import annotations

import functools
import math
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from scipy import sparse

from cctvgeo import settings
from cctvgeo._errors import InfeasiblePlanError
from cctvgeo._validate import ValidationReport
from cctvgeo.planning._inputs import (
    as_csr,
    as_groups,
    as_k_required,
    as_mask,
    as_vector,
    input_problem,
)
from cctvgeo.planning._milp import ExactCoverage
from cctvgeo.planning.candidates import plan_groupings

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

__all__ = ["KMN_GUARANTEE", "PARTIAL_ENUMERATION_GUARANTEE", "BudgetedCoverage"]

Method = Literal["greedy", "exact", "auto"]

#: The a-priori guarantee of ``solve("greedy")`` (best of the cost-effectiveness greedy and
#: the best single affordable candidate): ``(1 - 1/e) / 2`` (Khuller, Moss & Naor 1999).
KMN_GUARANTEE: float = (1.0 - 1.0 / math.e) / 2.0
#: The a-priori guarantee of ``solve("greedy", seeds=3)`` (partial enumeration):
#: ``1 - 1/e`` (Khuller, Moss & Naor 1999; Sviridenko 2004 for submodular objectives).
PARTIAL_ENUMERATION_GUARANTEE: float = 1.0 - 1.0 / math.e


class BudgetedCoverage(ExactCoverage):
    """Budgeted maximal coverage with groups, mandatory candidates, backup and route capture.

    Build it with :meth:`from_matrix` (arrays and ``scipy.sparse`` only) or
    :meth:`from_geodataframe` (demand and candidate footprints), then call :meth:`solve`,
    which returns the object itself with the solution in its attributes (the pattern of
    ``spopt.locate``).

    Attributes
    ----------
    coverage : scipy.sparse.csr_array
        ``(n_candidates, n_demand)`` shares in [0, 1]; binarised columns hold 0/1.
    weights, costs : ndarray
        Demand weights and candidate costs (baht).
    budget : float
        Money for the whole selection, mandatory candidates included.
    fixed, incumbent : ndarray of bool
        Mandatory candidates, and candidates already in place that a candidate of their
        group may replace (a re-aimed camera's current view).
    selected : ndarray of int
        After :meth:`solve`: positions of the chosen candidates, mandatory ones first,
        then kept incumbents, then the rest in the order of the greedy (or, for an exact
        solution, ranked by cost-effectiveness).
    marginal_gains : ndarray of float
        The gain each entry of ``selected`` added when it was taken (0 for mandatory ones
        and incumbents; for a candidate that replaced an incumbent, net of what it lost).
    replaced : ndarray of int
        Incumbents given up for another member of their group.
    objective : float
        ``f(selected)``: weighted covered demand, mandatory candidates and incumbents
        included.
    baseline : float
        ``f(fixed | incumbent)``: what is covered without spending anything more.
    cost : float
        Total cost of ``selected``.
    upper_bound : float
        A proven upper bound on the optimum. For ``"exact"``: the objective when proved
        optimal, else the larger of the last fixing threshold and HiGHS's dual bound on the
        candidates left free (or the greedy's bound, if smaller). For ``"greedy"``: the
        smaller of the online bound of Leskovec et al. (2007) (``f(S)``
        plus the best fractional knapsack of the candidates' marginal gains over the
        budget left after mandatory candidates, valid for any monotone submodular
        objective) and the Lagrangian bound of the greedy's last phase (see Notes).
    gap : float
        ``(upper_bound - objective) / objective``: the certified distance from the optimum
        (0, or HiGHS's ``mip_rel_gap`` at most, when proved optimal).
    method : str
        The method that produced the solution: ``"greedy"``, ``"greedy+singleton"`` when
        the best single candidate beat the greedy, ``"greedy+seeds"``, any of them with
        ``"+swaps"`` when swaps improved it, ``"lagrangian..."`` when a plan of the
        Lagrangian phase beat it, or ``"exact"``.
    status : str
        A plain message on how the solve ended.

    Notes
    -----
    **Guarantees.** ``f`` is monotone and submodular for non-negative weights and
    ``0 <= backup_weight <= 1`` (a weighted coverage function of the level elements).

    * ``solve("greedy")`` is the lazy ("CELF", Leskovec et al. 2007) cost-effectiveness
      greedy with the Khuller-Moss-Naor correction: it returns the better of the greedy
      solution and the best single affordable candidate. When no group constraint can bind
      (no grouping, or no group with more than ``max_per_group`` candidates) and there are
      no incumbents, it guarantees ``objective - baseline >= (1 - 1/e)/2 * (OPT - baseline)``,
      about 0.316 (Khuller, Moss & Naor 1999; Krause & Guestrin 2005 for submodular
      objectives). Plain ratio-greedy without the correction has no constant guarantee.
    * ``solve("greedy", seeds=3)`` adds partial enumeration: every feasible set of up to
      three candidates, each completed greedily. Under the same conditions it guarantees
      ``1 - 1/e`` (about 0.632) (Khuller, Moss & Naor 1999; Sviridenko 2004). It costs
      ``O(n^3)`` greedy runs, so it is for small instances.
    * With binding groups or incumbents (re-aims) the greedy is a heuristic with no a-priori
      constant; every greedy solution still carries the a-posteriori certificate
      ``objective >= OPT / (1 + gap)`` through ``upper_bound``.
    * After the greedy, ``solve("greedy")`` improves the plan by *swaps* (one chosen
      candidate out, another in, or one more in, best first, until none gains;
      :data:`cctvgeo.settings.planning_swap_max_moves`) and runs a *Lagrangian phase*
      (at most :data:`cctvgeo.settings.planning_lagrangian_iterations` steps of the volume
      algorithm, Barahona & Anbil 2000, on the coverage rows of the MILP below; Galvão &
      ReVelle 1996): its bound tightens
      ``upper_bound`` (for maximal covering it approaches the LP relaxation's, often the
      optimum itself, so ``gap`` 0 proves the plan optimal), and each step's knapsack,
      made feasible for the groups, is a plan that replaces the greedy's when better. Both
      only ever raise the objective, so the guarantees above still hold.
    * ``solve("exact")`` runs the above, then fixes candidates by their reduced costs at
      the Lagrangian multipliers (:mod:`cctvgeo.planning._fixing`) and solves the MILP on
      the candidates left free with HiGHS (:func:`scipy.optimize.milp`), lowering the
      fixing threshold until the restricted optimum reaches it, which proves it globally
      optimal; at the time limit it reports the best solution found and its gap.

    References
    ----------
    Barahona, F. & Anbil, R. (2000). The volume algorithm: producing primal solutions with
    a subgradient method. *Mathematical Programming* 87(3), 385-399.

    Church, R. & ReVelle, C. (1974). The maximal covering location problem. *Papers of the
    Regional Science Association* 32, 101-118.

    Galvão, R. D. & ReVelle, C. (1996). A Lagrangean heuristic for the maximal covering
    location problem. *European Journal of Operational Research* 88(1), 114-123.

    Hodgson, M. J. (1990). A flow-capturing location-allocation model. *Geographical
    Analysis* 22(3), 270-279.

    Khuller, S., Moss, A. & Naor, J. (1999). The budgeted maximum coverage problem.
    *Information Processing Letters* 70(1), 39-45.

    Krause, A. & Guestrin, C. (2005). A note on the budgeted maximization of submodular
    functions. Technical report CMU-CALD-05-103, Carnegie Mellon University.

    Leskovec, J., Krause, A., Guestrin, C., Faloutsos, C., VanBriesen, J. & Glance, N.
    (2007). Cost-effective outbreak detection in networks. *KDD '07*, 420-429.

    Sviridenko, M. (2004). A note on maximizing a submodular set function subject to a
    knapsack constraint. *Operations Research Letters* 32(1), 41-43.

    Examples
    --------
    Three candidate cameras, four demand elements (weights 4, 3, 2, 1), 10 baht:

    >>> import numpy as np
    >>> from cctvgeo.planning import BudgetedCoverage
    >>> cover = np.array([[1, 1, 0, 0], [0, 1, 1, 0], [0, 0, 1, 1]], dtype=float)
    >>> bc = BudgetedCoverage.from_matrix(cover, [4, 3, 2, 1], [5, 5, 5], 10).solve("exact")
    >>> bc.selected.tolist(), bc.objective, bc.cost, bc.gap
    ([0, 2], 10.0, 10.0, 0.0)

    When the first camera costs 6, the two others (6 baht of demand) lose to it alone (7):

    >>> bc = BudgetedCoverage.from_matrix(cover, [4, 3, 2, 1], [6, 5, 5], 10).solve("greedy")
    >>> bc.selected.tolist(), bc.objective, bc.upper_bound >= bc.objective
    ([0], 7.0, True)
    """

    # ------------------------------------------------------------------ construction

    @classmethod
    def from_matrix(
        cls,
        coverage: Any,
        weights: Any,
        costs: Any,
        budget: float,
        *,
        fixed: Any = None,
        incumbent: Any = None,
        groups: Any = None,
        max_per_group: int | Sequence[int] = 1,
        k_required: Any = None,
        backup_weight: float | None = None,
        binary: Any = None,
    ) -> BudgetedCoverage:
        """Set up the problem from a coverage matrix and arrays.

        Parameters
        ----------
        coverage : array-like or scipy.sparse matrix
            ``(n_candidates, n_demand)``: the share of each demand element each candidate
            covers, in [0, 1] (as :func:`cctvgeo.coverage.coverage_matrix` returns it).
        weights : array-like
            ``n_demand`` non-negative weights.
        costs : array-like
            ``n_candidates`` non-negative costs (baht).
        budget : float
            The money available, mandatory candidates included.
        fixed : array-like of bool or of int, optional
            Mandatory candidates (a mask or positions). Existing working cameras enter here
            at cost 0, so the demand they cover has no value left to buy.
        incumbent : array-like of bool or of int, optional
            Candidates in place at no cost that one other member of their group may replace:
            a camera's current view, in the group of its re-aims (``max_per_group`` 1).
        groups : array-like or sequence of array-like, optional
            Group labels per candidate (any hashable; missing values (None/NaN) mean no
            group), or several such arrays, each with its own cap in ``max_per_group``: for
            example one label per site and heading (cap 1) and one per site (cap 2).
        max_per_group : int or sequence of int, default 1
            The most candidates chosen in one group, per grouping.
        k_required : array-like of int, optional
            ``n_demand`` values 1 or 2: elements with 2 count a second camera (backup
            coverage, Hogan & ReVelle 1986) at ``backup_weight`` times their weight.
        backup_weight : float, optional
            Weight of the second camera, in [0, 1]; default
            :data:`cctvgeo.settings.planning_backup_weight`.
        binary : array-like of bool, optional
            ``n_demand`` flags: these columns count in full once any candidate covers any
            part of them (routes as flows, Hodgson 1990).

        Returns
        -------
        BudgetedCoverage

        Raises
        ------
        cctvgeo.ValidationError
            Every problem with the arrays at once (shapes, negative or missing values,
            shares outside [0, 1], bad k_required or backup weight).
        cctvgeo.InfeasiblePlanError
            The mandatory candidates cost more than the budget or overfill a group.
        """
        report = ValidationReport("optimisation input")
        matrix = as_csr(coverage, report)
        n, m = matrix.shape
        w = as_vector(weights, m, "weights", report, nonnegative=True)
        c = as_vector(costs, n, "costs", report, nonnegative=True)
        if not (isinstance(budget, int | float | np.number) and math.isfinite(float(budget))):
            report.add(
                input_problem("budget", budget, "The budget is not a finite number.", "Give baht.")
            )
        elif float(budget) < 0:
            report.add(
                input_problem("budget", budget, "The budget is negative.", "Give 0 or more.")
            )
        if matrix.nnz and (
            not np.isfinite(matrix.data).all() or matrix.data.min() < 0 or matrix.data.max() > 1
        ):
            report.add(
                input_problem(
                    "coverage",
                    "",
                    "Coverage shares must be finite and between 0 and 1.",
                    "Build the matrix with cg.coverage.coverage_matrix.",
                )
            )
        fixed_mask = as_mask(fixed, n, "fixed", report)
        inc_mask = as_mask(incumbent, n, "incumbent", report)
        if (fixed_mask & inc_mask).any():
            report.add(
                input_problem(
                    "incumbent",
                    "",
                    "A candidate is both fixed and incumbent.",
                    "An incumbent may be replaced; a fixed candidate may not. Choose one.",
                )
            )
        group_codes, caps = as_groups(groups, max_per_group, n, report)
        kreq = as_k_required(k_required, m, report)
        bw = settings.planning_backup_weight if backup_weight is None else backup_weight
        if not (isinstance(bw, int | float) and 0.0 <= float(bw) <= 1.0):
            report.add(
                input_problem(
                    "backup_weight",
                    bw,
                    "The backup weight must be between 0 and 1 (a second camera is worth at "
                    "most as much as the first; above 1 the objective is not submodular).",
                    "Give a number in [0, 1].",
                )
            )
            bw = 0.0
        binary_mask = as_mask(binary, m, "binary", report)
        report.raise_if_errors()

        if binary_mask.any():
            matrix = matrix.tocsc()
            cols = np.repeat(np.arange(m), np.diff(matrix.indptr))
            matrix.data = np.where(binary_mask[cols] & (matrix.data > 0), 1.0, matrix.data)
            matrix = sparse.csr_array(matrix)
        matrix.sort_indices()
        beta = np.where(kreq == 2, float(bw), 0.0)
        cost_fixed = float(c[fixed_mask].sum() + c[inc_mask].sum())
        if cost_fixed > float(budget) * (1 + 1e-12) + 1e-9:
            raise InfeasiblePlanError(
                f"The mandatory candidates and incumbents cost {cost_fixed:,.0f} baht, more than "
                f"the budget of {float(budget):,.0f}. Raise the budget or make fewer mandatory."
            )
        for codes, cap in zip(group_codes, caps, strict=True):
            held = np.bincount(codes[(fixed_mask | inc_mask) & (codes >= 0)], minlength=1)
            if held.size and held.max() > cap:
                raise InfeasiblePlanError(
                    f"Mandatory candidates and incumbents put {int(held.max())} candidates in "
                    f"one group, more than max_per_group={cap}."
                )
        return cls(
            matrix,
            w,
            c,
            float(budget),
            fixed=fixed_mask,
            incumbent=inc_mask,
            groups=group_codes,
            caps=caps,
            beta=beta,
            binary=binary_mask,
        )

    @classmethod
    def from_geodataframe(
        cls,
        demand: gpd.GeoDataFrame,
        candidates: gpd.GeoDataFrame,
        budget: float,
        *,
        costs: str | Any = None,
        fixed: str | Any = None,
        incumbent: str | Any = None,
        groups: str | Sequence[str] | None = None,
        max_per_group: int | Sequence[int] | None = None,
        backup_weight: float | None = None,
    ) -> BudgetedCoverage:
        """Set up the problem from demand elements and candidate footprints.

        The coverage matrix is built with :func:`cctvgeo.coverage.coverage_matrix`, the
        same engine that measures existing cameras; everything else follows the demand
        contract of :func:`cctvgeo.riskpoints.demand`. By default the candidates of
        :func:`cctvgeo.planning.candidate_sites` are costed and capped as
        :func:`cctvgeo.planning.plan` does in its first year.

        Parameters
        ----------
        demand : GeoDataFrame
            Demand elements in a projected CRS with a ``weight`` column; optional ``kind``
            (rows ``"route"`` are binarised: flow capture) and ``k_required`` (1 or 2).
        candidates : GeoDataFrame
            Candidate footprints (polygons) in the same CRS.
        budget : float
            Baht.
        costs : str or array-like, optional
            A column of ``candidates`` or one cost per candidate. Default: capital plus
            one year of running costs (``capital_thb + running_thb_per_year``, the
            columns of :func:`~cctvgeo.planning.candidate_sites`; what a plan's first
            year charges). Until 0.x the default was a column ``cost_thb``, which
            candidate_sites never made; a frame with only that column is still read, with
            a :class:`FutureWarning`.
        fixed, incumbent : str or array-like, optional
            A boolean column of ``candidates``, or masks/positions (see :meth:`from_matrix`).
        groups : str or sequence of str, optional
            Columns of ``candidates`` holding group labels, with caps in ``max_per_group``.
            Default: the groupings of a plan, those of :func:`cctvgeo.planning.candidate_sites`
            that ``candidates`` has: one candidate per site and heading (``group``, cap 1)
            and :data:`cctvgeo.settings.planning_max_per_site` per site (``site_id``).
            ``[]`` for none.
        max_per_group : int or sequence of int, optional
            Caps, one per grouping; default 1 for the groups given, the plan's caps above
            for the default groupings.
        backup_weight : float, optional
            See :meth:`from_matrix`.

        Returns
        -------
        BudgetedCoverage
            With ``demand`` and ``candidates`` kept as attributes.

        Examples
        --------
        >>> import geopandas as gpd
        >>> from shapely import LineString, Point, box
        >>> demand = gpd.GeoDataFrame(
        ...     {"weight": [1.0, 5.0]},
        ...     geometry=[LineString([(0, 0), (100, 0)]), Point(150, 0)], crs=32647)
        >>> cands = gpd.GeoDataFrame(
        ...     {"capital_thb": [25000.0, 15000.0], "running_thb_per_year": [5000.0, 5000.0]},
        ...     geometry=[box(0, -5, 100, 5), box(140, -5, 160, 5)], crs=32647)
        >>> bc = BudgetedCoverage.from_geodataframe(demand, cands, 25000).solve()
        >>> bc.selected.tolist(), bc.objective, bc.cost
        ([1], 5.0, 20000.0)
        """
        from cctvgeo._validate import require_projected, require_same_crs
        from cctvgeo.coverage import coverage_matrix

        require_projected(demand, "demand")
        require_projected(candidates, "candidates")
        require_same_crs(demand=demand, candidates=candidates)
        report = ValidationReport("demand")
        if "weight" not in demand.columns:
            report.add(
                input_problem(
                    "weight",
                    "",
                    "demand has no 'weight' column.",
                    "Build demand with cg.riskpoints.demand, or add weights.",
                )
            )
        cost_values = _candidate_costs(candidates, costs, report)
        group_cols, caps = _candidate_groupings(candidates, groups, max_per_group)
        for col in [*group_cols, *(x for x in (fixed, incumbent) if isinstance(x, str))]:
            if col not in candidates.columns:
                report.add(input_problem(col, "", f"candidates has no {col!r} column.", "Add it."))
        report.raise_if_errors()
        matrix = coverage_matrix(demand, candidates)
        binary = (
            (demand["kind"] == "route").to_numpy(dtype=bool) if "kind" in demand.columns else None
        )
        kreq = demand["k_required"] if "k_required" in demand.columns else None
        problem = cls.from_matrix(
            matrix,
            demand["weight"],
            cost_values,
            budget,
            fixed=candidates[fixed] if isinstance(fixed, str) else fixed,
            incumbent=candidates[incumbent] if isinstance(incumbent, str) else incumbent,
            groups=[candidates[g] for g in group_cols] or None,
            max_per_group=caps,
            k_required=kreq,
            backup_weight=backup_weight,
            binary=binary,
        )
        problem.demand = demand
        problem.candidates = candidates
        return problem

    # ------------------------------------------------------------------ solving

    def solve(
        self,
        method: Method = "auto",
        *,
        time_limit: float | None = None,
        seeds: int = 1,
        mip_rel_gap: float | None = None,
    ) -> BudgetedCoverage:
        """Choose the candidates; return ``self`` with the solution attributes set.

        Parameters
        ----------
        method : {"auto", "greedy", "exact"}, default "auto"
            ``"greedy"``: lazy cost-effectiveness greedy with the Khuller-Moss-Naor
            correction (see the class notes for its guarantee), improved by swaps and a
            Lagrangian phase that also certifies how close it is to the optimum.
            ``"exact"``: the greedy pipeline, then reduced-cost fixing and the MILP on the
            candidates left free (HiGHS), until optimality is proved or the time runs out.
            ``"auto"``: the greedy, then the exact method as well when the instance is small
            (:data:`cctvgeo.settings.planning_exact_max_candidates` free candidates and
            :data:`cctvgeo.settings.planning_exact_max_nonzeros` matrix entries).
        time_limit : float, optional
            Seconds for the MILP; default :data:`cctvgeo.settings.planning_time_limit_s`.
            At the limit the best solution found is kept and ``gap`` says how far from
            optimal it can be.
        seeds : {1, 3}, default 1
            For the greedy: 1 compares with the best single candidate (guarantee
            ``(1-1/e)/2``); 3 enumerates every feasible set of up to three candidates and
            completes each greedily (guarantee ``1-1/e``), for small instances only (at most
            :data:`cctvgeo.settings.planning_max_seeds` seed sets).
        mip_rel_gap : float, optional
            The certified relative gap at which the exact method stops (and HiGHS's MILP
            with it); default :data:`cctvgeo.settings.planning_mip_rel_gap`.

        Returns
        -------
        BudgetedCoverage
            ``self``.
        """
        if method not in ("greedy", "exact", "auto"):
            raise ValueError(f"method must be 'greedy', 'exact' or 'auto', not {method!r}.")
        if seeds not in (1, 3):
            raise ValueError(f"seeds must be 1 (best single candidate) or 3, not {seeds!r}.")
        base = self.fixed | self.incumbent
        self.baseline = self.value(base)
        with _blas_controller().limit(limits=1, user_api="blas"):
            # Many short vector products: BLAS threads only wait on a shared machine.
            self._solve_greedy(seeds)
            if method == "exact" or (method == "auto" and self._small()):
                self._solve_exact(
                    settings.planning_time_limit_s if time_limit is None else time_limit,
                    settings.planning_mip_rel_gap if mip_rel_gap is None else mip_rel_gap,
                )
        return self

    def _small(self) -> bool:
        free = ~self.fixed
        return (
            int(free.sum()) <= settings.planning_exact_max_candidates
            and self.coverage.nnz <= settings.planning_exact_max_nonzeros
        )


#: Columns of a plan's first-year cost of a candidate (capital plus one year of running).
_FIRST_YEAR_COLUMNS = ("capital_thb", "running_thb_per_year")
#: The old default cost column of ``from_geodataframe``, read with a warning.
_OLD_COST_COLUMN = "cost_thb"


def _candidate_costs(candidates: gpd.GeoDataFrame, costs: Any, report: ValidationReport) -> Any:
    """The costs ``from_geodataframe`` uses (see its ``costs``); problems go to ``report``."""
    if costs is not None and not isinstance(costs, str):
        return costs
    if costs is None:
        have = set(candidates.columns)
        if not set(_FIRST_YEAR_COLUMNS) <= have and _OLD_COST_COLUMN in have:
            warnings.warn(
                "BudgetedCoverage.from_geodataframe reads costs from 'capital_thb' and "
                "'running_thb_per_year' (the columns of candidate_sites); the old default "
                "column 'cost_thb' is deprecated: pass costs='cost_thb' to keep using it.",
                FutureWarning,
                stacklevel=3,
            )
            costs = _OLD_COST_COLUMN
    names = list(_FIRST_YEAR_COLUMNS) if costs is None else [costs]
    missing = [c for c in names if c not in candidates.columns]
    for col in missing:
        report.add(
            input_problem(
                col,
                "",
                f"candidates has no {col!r} column.",
                "Cost them with cg.planning.candidate_sites or pass costs=.",
            )
        )
    if missing:
        return np.zeros(len(candidates))
    return candidates[names].sum(axis=1)


def _candidate_groupings(
    candidates: gpd.GeoDataFrame,
    groups: str | Sequence[str] | None,
    max_per_group: int | Sequence[int] | None,
) -> tuple[list[str], int | list[int]]:
    """Group columns and caps of ``from_geodataframe`` (see its ``groups``)."""
    if groups is not None:
        cols = [groups] if isinstance(groups, str) else list(groups)
        return cols, 1 if max_per_group is None else _as_caps(max_per_group)
    cols, caps = plan_groupings(candidates)
    return cols, caps if max_per_group is None else _as_caps(max_per_group)


def _as_caps(max_per_group: int | Sequence[int]) -> int | list[int]:
    return max_per_group if isinstance(max_per_group, int) else list(max_per_group)


@functools.cache
def _blas_controller() -> Any:
    """The BLAS libraries numpy and scipy loaded (found once: looking costs milliseconds)."""
    from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped]

    return ThreadpoolController()
