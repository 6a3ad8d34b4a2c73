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
import heapq
import itertools
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd
from scipy import sparse

from cctvgeo import settings
from cctvgeo._errors import InfeasiblePlanError
from cctvgeo._validate import Problem, ValidationReport
from cctvgeo.planning._fixing import reduced_cost_fixing
from cctvgeo.planning._lagrange import DualResult, fractional_knapsack, lagrangian_bound
from cctvgeo.planning._swaps import SwapProblem, improve_by_swaps

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float64]
    IntArray = npt.NDArray[np.intp]
    BoolArray = npt.NDArray[np.bool_]

__all__ = ["KMN_GUARANTEE", "PARTIAL_ENUMERATION_GUARANTEE", "BudgetedCoverage"]

Method = Literal["greedy", "exact", "auto"]

#: The a-priori guarantee of ``solve("greedy")`` (best of the cost-effectiveness greedy and
#: the best single affordable candidate): ``(1 - 1/e) / 2`` (Khuller, Moss & Naor 1999).
KMN_GUARANTEE: float = (1.0 - 1.0 / math.e) / 2.0
#: The a-priori guarantee of ``solve("greedy", seeds=3)`` (partial enumeration):
#: ``1 - 1/e`` (Khuller, Moss & Naor 1999; Sviridenko 2004 for submodular objectives).
PARTIAL_ENUMERATION_GUARANTEE: float = 1.0 - 1.0 / math.e

# Gains below this share of the total weight are rounding, not coverage.
_REL_TOL = 1e-12
# A relative gap at or below this is a proof of optimality (rounding allowance).
_PROVED = 1e-9
# The exact method's first fixing threshold lies this share of the way from the bound down
# to the best plan; each retry moves it this many times further down.
_FIRST_THRESHOLD_SHARE = 64.0
_WIDEN = 4.0


def _top_two(cols: IntArray, data: FloatArray, m: int) -> tuple[FloatArray, FloatArray]:
    """Largest and second-largest value per column of the entries ``(cols, data)``."""
    m1, m2 = np.zeros(m), np.zeros(m)
    if cols.size == 0:
        return m1, m2
    order = np.lexsort((-data, cols))
    c, d = cols[order], data[order]
    first = np.ones(c.size, dtype=bool)
    first[1:] = c[1:] != c[:-1]
    second = np.zeros(c.size, dtype=bool)
    second[1:] = ~first[1:] & first[:-1]
    m1[c[first]] = d[first]
    m2[c[second]] = d[second]
    return m1, m2


def _add_top(m1: FloatArray, m2: FloatArray, a: FloatArray) -> tuple[FloatArray, FloatArray]:
    """The top two after one more camera with shares ``a``."""
    return np.maximum(m1, a), np.where(a >= m1, m1, np.maximum(m2, a))


@dataclass
class _State:
    """The greedy's current selection."""

    m1: FloatArray  # best share per demand element
    m2: FloatArray  # second-best share (backup coverage)
    chosen: BoolArray
    counts: list[IntArray]  # selected members per group, per grouping
    spent: float


@dataclass
class _Milp:
    """The MILP's arrays and how to read its solution back."""

    free: IntArray  # candidate position of each binary
    constant: float  # objective of the elements left out of the model
    c: FloatArray
    upper: FloatArray
    integrality: FloatArray
    a: sparse.csr_array
    ub: FloatArray
    n_rows: int


class BudgetedCoverage:
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

    def __init__(
        self,
        coverage: sparse.csr_array,
        weights: FloatArray,
        costs: FloatArray,
        budget: float,
        *,
        fixed: BoolArray,
        incumbent: BoolArray,
        groups: list[IntArray],
        caps: list[int],
        beta: FloatArray,
        binary: BoolArray,
    ) -> None:
        self.coverage = coverage
        self.weights = weights
        self.costs = costs
        self.budget = float(budget)
        self.fixed = fixed
        self.incumbent = incumbent
        self.groups = groups
        self.caps = caps
        self.beta = beta
        self.binary = binary
        self.demand: gpd.GeoDataFrame | None = None
        self.candidates: gpd.GeoDataFrame | None = None
        self.selected: IntArray = np.zeros(0, dtype=np.intp)
        self.marginal_gains: FloatArray = np.zeros(0)
        self.replaced: IntArray = np.zeros(0, dtype=np.intp)
        self.objective = math.nan
        self.baseline = math.nan
        self.cost = math.nan
        self.upper_bound = math.nan
        self.gap = math.nan
        self.method = ""
        self.status = "not solved"
        self._csc: sparse.csc_array | None = None
        self._level_problem: SwapProblem | None = None
        self._dual: DualResult | None = None

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
        matrix = _as_csr(coverage, report)
        n, m = matrix.shape
        w = _vector(weights, m, "weights", report, nonnegative=True)
        c = _vector(costs, n, "costs", report, nonnegative=True)
        if not (isinstance(budget, int | float | np.number) and math.isfinite(float(budget))):
            report.add(
                _problem("budget", budget, "The budget is not a finite number.", "Give baht.")
            )
        elif float(budget) < 0:
            report.add(_problem("budget", budget, "The budget is negative.", "Give 0 or more."))
        if matrix.nnz and (
            not np.isfinite(matrix.data).all() or matrix.data.min() < 0 or matrix.data.max() > 1
        ):
            report.add(
                _problem(
                    "coverage",
                    "",
                    "Coverage shares must be finite and between 0 and 1.",
                    "Build the matrix with cg.coverage.coverage_matrix.",
                )
            )
        fixed_mask = _mask(fixed, n, "fixed", report)
        inc_mask = _mask(incumbent, n, "incumbent", report)
        if (fixed_mask & inc_mask).any():
            report.add(
                _problem(
                    "incumbent",
                    "",
                    "A candidate is both fixed and incumbent.",
                    "An incumbent may be replaced; a fixed candidate may not. Choose one.",
                )
            )
        group_codes, caps = _groups(groups, max_per_group, n, report)
        kreq = _k_required(k_required, m, report)
        bw = settings.planning_backup_weight if backup_weight is None else backup_weight
        if not (isinstance(bw, int | float) and 0.0 <= float(bw) <= 1.0):
            report.add(
                _problem(
                    "backup_weight",
                    bw,
                    "The backup weight must be between 0 and 1 (a second camera is worth at "
                    "most as much as the first; above 1 the objective is not submodular).",
                    "Give a number in [0, 1].",
                )
            )
            bw = 0.0
        binary_mask = _mask(binary, m, "binary", report)
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
        costs: str | Any = "cost_thb",
        fixed: str | Any = None,
        incumbent: str | Any = None,
        groups: str | Sequence[str] | None = None,
        max_per_group: int | Sequence[int] = 1,
        backup_weight: float | None = None,
    ) -> BudgetedCoverage:
        """Set up the problem from demand elements and candidate footprints.

        The coverage matrix is built with :func:`cctvgeo.coverage.coverage_matrix`, the
        same engine that measures existing cameras; everything else follows the demand
        contract of :func:`cctvgeo.riskpoints.demand`.

        Parameters
        ----------
        demand : GeoDataFrame
            Demand elements in a projected CRS with a ``weight`` column; optional ``kind``
            (rows ``"route"`` are binarised: flow capture) and ``k_required`` (1 or 2).
        candidates : GeoDataFrame
            Candidate footprints (polygons) in the same CRS.
        budget : float
            Baht.
        costs : str or array-like, default "cost_thb"
            A column of ``candidates`` or one cost per candidate.
        fixed, incumbent : str or array-like, optional
            A boolean column of ``candidates``, or masks/positions (see :meth:`from_matrix`).
        groups : str or sequence of str, optional
            Columns of ``candidates`` holding group labels, with caps in ``max_per_group``.
        max_per_group : int or sequence of int, default 1
            Caps, one per grouping.
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
        ...     {"cost_thb": [30000.0, 20000.0]},
        ...     geometry=[box(0, -5, 100, 5), box(140, -5, 160, 5)], crs=32647)
        >>> bc = BudgetedCoverage.from_geodataframe(demand, cands, 25000).solve()
        >>> bc.selected.tolist(), bc.objective
        ([1], 5.0)
        """
        from cctvgeo._validate import require_projected, require_same_crs
        from cctvgeo.coverage import coverage_matrix

        require_projected(demand, "demand")
        require_projected(candidates, "candidates")
        require_same_crs(demand=demand, candidates=candidates)
        report = ValidationReport("demand")
        if "weight" not in demand.columns:
            report.add(
                _problem(
                    "weight",
                    "",
                    "demand has no 'weight' column.",
                    "Build demand with cg.riskpoints.demand, or add weights.",
                )
            )
        if isinstance(costs, str) and costs not in candidates.columns:
            report.add(
                _problem(
                    costs,
                    "",
                    f"candidates has no {costs!r} column.",
                    "Cost them with cg.planning.candidate_sites or pass costs=.",
                )
            )
        group_cols = [groups] if isinstance(groups, str) else list(groups or [])
        for col in [*group_cols, *(x for x in (fixed, incumbent) if isinstance(x, str))]:
            if col not in candidates.columns:
                report.add(_problem(col, "", f"candidates has no {col!r} column.", "Add it."))
        report.raise_if_errors()
        matrix = coverage_matrix(demand, candidates)
        binary = (
            (demand["kind"] == "route").to_numpy(dtype=bool) if "kind" in demand.columns else None
        )
        kreq = demand["k_required"] if "k_required" in demand.columns else None
        problem = cls.from_matrix(
            matrix,
            demand["weight"],
            candidates[costs] if isinstance(costs, str) else costs,
            budget,
            fixed=candidates[fixed] if isinstance(fixed, str) else fixed,
            incumbent=candidates[incumbent] if isinstance(incumbent, str) else incumbent,
            groups=[candidates[g] for g in group_cols] or None,
            max_per_group=max_per_group,
            k_required=kreq,
            backup_weight=backup_weight,
            binary=binary,
        )
        problem.demand = demand
        problem.candidates = candidates
        return problem

    # ------------------------------------------------------------------ evaluation

    @property
    def n_candidates(self) -> int:
        """Number of candidates (rows of the matrix)."""
        return int(self.coverage.shape[0])

    @property
    def n_demand(self) -> int:
        """Number of demand elements (columns of the matrix)."""
        return int(self.coverage.shape[1])

    @property
    def total_weight(self) -> float:
        """The objective if every element had all the cameras it needs."""
        return float((self.weights * (1.0 + self.beta)).sum())

    def top_two(self, chosen: Any) -> tuple[FloatArray, FloatArray]:
        """Best and second-best share per demand element for a set of candidates."""
        mask = _mask(chosen, self.n_candidates, "chosen", ValidationReport())
        sub = sparse.coo_array(self.coverage[np.flatnonzero(mask)])
        return _top_two(sub.col.astype(np.intp), sub.data, self.n_demand)

    def element_values(self, chosen: Any) -> FloatArray:
        """Per demand element, ``m1 + beta * m2`` in [0, 1 + beta]: 1 is covered once, fully."""
        m1, m2 = self.top_two(chosen)
        return m1 + self.beta * m2

    def value(self, chosen: Any) -> float:
        """``f(chosen)``: the weighted covered demand of a set of candidates."""
        return float(self.weights @ self.element_values(chosen))

    def _state_value(self, state: _State) -> float:
        return float(self.weights @ (state.m1 + self.beta * state.m2))

    def feasible(self, chosen: Any) -> bool:
        """Whether a set respects the budget, the groups and the mandatory candidates."""
        mask = _mask(chosen, self.n_candidates, "chosen", ValidationReport())
        if (self.fixed & ~mask).any():
            return False
        if float(self.costs[mask].sum()) > self.budget * (1 + 1e-12) + 1e-9:
            return False
        for codes, cap in zip(self.groups, self.caps, strict=True):
            sel = codes[mask & (codes >= 0)]
            if sel.size and np.bincount(sel).max() > cap:
                return False
        return True

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

    def _finish(self, state: _State, order: list[int], gains: list[float], method: str) -> None:
        base_fixed = np.flatnonzero(self.fixed)
        kept_inc = np.flatnonzero(self.incumbent & state.chosen)
        self.selected = np.concatenate(
            [base_fixed, kept_inc, np.asarray(order, dtype=np.intp)]
        ).astype(np.intp)
        self.marginal_gains = np.concatenate(
            [np.zeros(len(base_fixed) + len(kept_inc)), np.asarray(gains, dtype=np.float64)]
        )
        self.replaced = np.flatnonzero(self.incumbent & ~state.chosen).astype(np.intp)
        self.objective = self._state_value(state)
        self.cost = float(self.costs[state.chosen].sum())
        self.method = method

    # ------------------------------------------------------------------ greedy

    def _csc_matrix(self) -> sparse.csc_array:
        if self._csc is None:
            self._csc = sparse.csc_array(self.coverage)
        return self._csc

    def _row(self, i: int) -> tuple[IntArray, FloatArray]:
        lo, hi = self.coverage.indptr[i], self.coverage.indptr[i + 1]
        return self.coverage.indices[lo:hi], self.coverage.data[lo:hi]

    def _add_gain(self, i: int, state: _State) -> float:
        cols, a = self._row(i)
        if cols.size == 0:
            return 0.0
        m1, m2, b = state.m1[cols], state.m2[cols], self.beta[cols]
        n1, n2 = _add_top(m1, m2, a)
        return float(self.weights[cols] @ (n1 - m1 + b * (n2 - m2)))

    def _columns_without(
        self, state: _State, out: int, cols: IntArray
    ) -> tuple[FloatArray, FloatArray]:
        """Top two on ``cols`` over the chosen candidates other than ``out``."""
        sub = sparse.coo_array(self._csc_matrix()[:, cols])
        keep = state.chosen[sub.row] & (sub.row != out)
        return _top_two(sub.col[keep].astype(np.intp), sub.data[keep], cols.size)

    def _swap_gain(self, i: int, out: int, state: _State) -> float:
        ci, ai = self._row(i)
        co, _ = self._row(out)
        cols = np.union1d(ci, co).astype(np.intp)
        if cols.size == 0:
            return 0.0
        t1, t2 = self._columns_without(state, out, cols)
        a = np.zeros(cols.size)
        a[np.searchsorted(cols, ci)] = ai
        n1, n2 = _add_top(t1, t2, a)
        m1, m2, b = state.m1[cols], state.m2[cols], self.beta[cols]
        return float(self.weights[cols] @ (n1 - m1 + b * (n2 - m2)))

    def _all_add_gains(self, state: _State, rows: IntArray) -> FloatArray:
        """Add-gains of many candidates at once (one vectorised pass over their entries)."""
        sub = self.coverage[rows] if rows.size < self.n_candidates else self.coverage
        counts = np.diff(sub.indptr)
        cols = sub.indices
        m1, m2, b = state.m1[cols], state.m2[cols], self.beta[cols]
        n1, n2 = _add_top(m1, m2, sub.data)
        contrib = self.weights[cols] * (n1 - m1 + b * (n2 - m2))
        owner = np.repeat(np.arange(len(rows)), counts)
        return np.bincount(owner, weights=contrib, minlength=len(rows)).astype(np.float64)

    def _incumbent_partner(self) -> IntArray:
        """For each candidate, the incumbent sharing one of its groups (-1 if none)."""
        partner = np.full(self.n_candidates, -1, dtype=np.intp)
        inc = np.flatnonzero(self.incumbent)
        if inc.size == 0:
            return partner
        for codes in self.groups:
            has = codes[inc] >= 0
            if not has.any():
                continue
            by_group = np.full(int(codes.max()) + 1, -1, dtype=np.intp)
            by_group[codes[inc[has]]] = inc[has]
            member = codes >= 0
            cand = np.where(member, by_group[np.where(member, codes, 0)], -1)
            take = (partner < 0) & (cand >= 0) & ~self.incumbent
            partner[take] = cand[take]
        return partner

    def _fits_groups(self, i: int, state: _State, out: int) -> bool:
        for codes, counts, cap in zip(self.groups, state.counts, self.caps, strict=True):
            g = codes[i]
            if g < 0:
                continue
            held = counts[g] - (1 if out >= 0 and codes[out] == g else 0)
            if held + 1 > cap:
                return False
        return True

    def _new_state(self, chosen: BoolArray) -> _State:
        counts = [
            np.bincount(codes[chosen & (codes >= 0)], minlength=int(codes.max()) + 1)
            if codes.size and codes.max() >= 0
            else np.zeros(1, dtype=np.intp)
            for codes in self.groups
        ]
        m1, m2 = self.top_two(chosen)
        return _State(
            m1=m1,
            m2=m2,
            chosen=chosen.copy(),
            counts=counts,
            spent=float(self.costs[chosen].sum()),
        )

    def _take(self, state: _State, i: int, out: int) -> None:
        cols, a = self._row(i)
        state.m1[cols], state.m2[cols] = _add_top(state.m1[cols], state.m2[cols], a)
        state.chosen[i] = True
        state.spent += float(self.costs[i])
        for codes, counts in zip(self.groups, state.counts, strict=True):
            if codes[i] >= 0:
                counts[codes[i]] += 1
        if out >= 0:
            state.chosen[out] = False
            cols, _ = self._row(out)
            state.m1[cols], state.m2[cols] = self._columns_without(state, out, cols)
            state.spent -= float(self.costs[out])
            for codes, counts in zip(self.groups, state.counts, strict=True):
                if codes[out] >= 0:
                    counts[codes[out]] -= 1

    def _greedy_from(
        self, start: BoolArray, allowed: BoolArray, budget: float
    ) -> tuple[_State, list[int], list[float]]:
        """Lazy cost-effectiveness greedy from the set ``start`` over ``allowed`` candidates.

        It goes on past candidates that no longer fit (Khuller, Moss & Naor's variant), so it
        fills the budget. Heap keys are upper bounds on each candidate's ratio (add-gains
        only shrink as coverage grows); after a swap lowers coverage, the keys of the
        candidates touching the freed elements are refreshed.
        """
        state = self._new_state(start)
        lazy = _LazyHeap(self, state, allowed & ~state.chosen, budget)
        order: list[int] = []
        gains: list[float] = []
        while True:
            best = lazy.pop_best()
            if best is None:
                break
            gain, i, out = best
            self._take(state, i, out)
            order.append(i)
            gains.append(gain)
            lazy.after_take(i, out)
        return state, order, gains

    def _solve_greedy(self, seeds: int) -> None:
        self._dual = None
        base = self.fixed | self.incumbent
        allowed = ~base
        state, order, gains = self._greedy_from(base, allowed, self.budget)
        method = "greedy"
        best_single = self._best_single(base, allowed)
        value = self._state_value(state)
        if best_single is not None and best_single[1] > value - self.baseline + 1e-9:
            i, gain, out = best_single
            state = self._new_state(base)
            self._take(state, i, out)
            order, gains, method = [i], [gain], "greedy+singleton"
            value = self._state_value(state)
        if seeds == 3:
            found = self._partial_enumeration(base, allowed, value)
            if found is not None:
                state, order, gains = found
                method = "greedy+seeds"
        self._finish(state, order, gains, method)
        self.upper_bound = self._online_bound(state)
        if self._improve_by_swaps(state.chosen):
            self.upper_bound = min(
                self.upper_bound, self._online_bound(self._new_state(self._selected_mask()))
            )
        self.upper_bound = min(self.upper_bound, self._lagrangian_phase())
        self.gap = _gap(self.objective, self.upper_bound)
        proved = "; proved optimal" if self.gap <= _PROVED else ""
        self.status = (
            f"Greedy ({self.method}): {len(self.selected)} candidates chosen; the optimum is "
            f"at most {self.upper_bound:.6g} (certified gap {self.gap:.2%}{proved})."
        )

    def _improve_by_swaps(self, chosen: BoolArray) -> int:
        """Improve the solution by swaps and additions (:mod:`cctvgeo.planning._swaps`).

        Runs when :data:`cctvgeo.settings.planning_swap_max_moves` is positive and the
        instance has at most :data:`cctvgeo.settings.planning_swap_max_pairs` (chosen,
        candidate) pairs; adopts the result when it is better. Returns the moves made.
        """
        max_moves = settings.planning_swap_max_moves
        pairs = int(chosen.sum()) * self.n_candidates
        if max_moves <= 0 or pairs > settings.planning_swap_max_pairs:
            return 0
        improved, moves = improve_by_swaps(self._swap_problem(), chosen, max_moves)
        if moves:
            self._adopt(improved, f"{self.method}+swaps")
        return moves

    def _selected_mask(self) -> BoolArray:
        chosen = np.zeros(self.n_candidates, dtype=bool)
        chosen[self.selected] = True
        return chosen

    def _lagrangian_phase(self) -> float:
        """Tighten the certificate with a Lagrangian bound and try the plans it suggests.

        Runs :func:`cctvgeo.planning._lagrange.lagrangian_bound` for at most
        :data:`cctvgeo.settings.planning_lagrangian_iterations` steps, fewer on large
        instances (:data:`cctvgeo.settings.planning_lagrangian_max_entries`). Each step's
        knapsack is made feasible for the groups (:meth:`_within_groups`) and valued; the best such
        plan, improved by swaps, replaces the solution when it is better. Returns the bound
        (``inf`` when the phase is off).
        """
        levels = self._swap_problem()
        iterations = self._lagrangian_iterations()
        if iterations <= 0:
            return math.inf
        start = (self.objective, self._selected_mask())
        dual = lagrangian_bound(levels, self.fixed, start, iterations, self._within_groups)
        self._dual = dual
        if dual.value > start[0]:
            method = self.method
            self._adopt(dual.plan, "lagrangian")
            self._improve_by_swaps(self._selected_mask())
            self.method = f"{self.method} (after {method})"
        return max(dual.bound, self.objective)

    def _lagrangian_iterations(self) -> int:
        """The most steps of the Lagrangian phase, fewer on large instances (see settings)."""
        return min(
            settings.planning_lagrangian_iterations,
            settings.planning_lagrangian_max_entries // max(self._swap_problem().cover.nnz, 1),
        )

    def _within_groups(self, mask: BoolArray, ratio: FloatArray) -> BoolArray:
        """Drop members of overfull groups, the lowest ``ratio`` first (never a fixed one)."""
        mask = mask.copy()
        for codes, cap in zip(self.groups, self.caps, strict=True):
            member = np.flatnonzero(mask & (codes >= 0))
            if member.size == 0:
                continue
            # Within each group, fixed members first, then by ratio, best first.
            order = member[np.lexsort((-ratio[member], ~self.fixed[member], codes[member]))]
            g = codes[order]
            start = np.searchsorted(g, g, side="left")
            rank = np.arange(order.size) - start
            mask[order[rank >= cap]] = False
        return mask

    def _swap_problem(self) -> SwapProblem:
        """The instance on level elements, for the swaps and the Lagrangian phase (cached)."""
        if self._level_problem is None:
            self._level_problem = self._build_swap_problem()
        return self._level_problem

    def _build_swap_problem(self) -> SwapProblem:
        n, m = self.coverage.shape
        lv = _levels(sparse.coo_array(self.coverage), self.fixed, m)
        cover = sparse.csr_array(
            (np.ones(lv.entry_row.size), (lv.entry_row, lv.entry_level)),
            shape=(n, lv.step.size),
        )
        if cover.nnz < np.iinfo(np.int32).max:
            # Half the index memory: the Lagrangian phase's products are memory-bound.
            cover.indices = cover.indices.astype(np.int32)
            cover.indptr = cover.indptr.astype(np.int32)
        return SwapProblem(
            cover=cover,
            weight=self.weights[lv.column] * lv.step,
            beta=self.beta[lv.column],
            held=lv.n_fixed,
            costs=self.costs,
            budget=self.budget,
            removable=~self.fixed,
            groups=self.groups,
            caps=self.caps,
            tol=_REL_TOL * max(self.total_weight, 1.0),
        )

    def _best_single(self, base: BoolArray, allowed: BoolArray) -> tuple[int, float, int] | None:
        state = self._new_state(base)
        room = self.budget - state.spent
        cand = np.flatnonzero(allowed & (self.costs <= room + 1e-9 + 1e-12 * self.budget))
        if cand.size == 0:
            return None
        gains = self._all_add_gains(state, cand)
        partner = self._incumbent_partner()
        for k, i in enumerate(cand.tolist()):
            out = int(partner[i]) if partner[i] >= 0 and state.chosen[partner[i]] else -1
            if not self._fits_groups(i, state, out):
                gains[k] = -np.inf
            elif out >= 0:
                gains[k] = self._swap_gain(i, out, state)
        k = int(np.argmax(gains))
        if not gains[k] > 0:
            return None
        i = int(cand[k])
        out = int(partner[i]) if partner[i] >= 0 and state.chosen[partner[i]] else -1
        return i, float(gains[k]), out

    def _partial_enumeration(
        self, base: BoolArray, allowed: BoolArray, incumbent_value: float
    ) -> tuple[_State, list[int], list[float]] | None:
        cand = np.flatnonzero(allowed).tolist()
        n_seeds = math.comb(len(cand), 3) + math.comb(len(cand), 2)
        if n_seeds > settings.planning_max_seeds:
            raise ValueError(
                f"seeds=3 needs {n_seeds:,} seed sets for {len(cand)} candidates, more than "
                f"settings.planning_max_seeds={settings.planning_max_seeds:,}. Use seeds=1."
            )
        best_value = incumbent_value
        best: tuple[_State, list[int], list[float]] | None = None
        for size in (2, 3):
            for seed in itertools.combinations(cand, size):
                start = base.copy()
                start[list(seed)] = True
                if not self.feasible(start):
                    continue
                if size == 2:
                    state = self._new_state(start)
                    order, gains = list(seed), [math.nan, math.nan]
                else:
                    state, rest, rest_gains = self._greedy_from(
                        start, allowed & ~start, self.budget
                    )
                    order, gains = [*seed, *rest], [math.nan] * 3 + rest_gains
                value = self._state_value(state)
                if value > best_value + 1e-9:
                    best_value, best = value, (state, order, gains)
        if best is None:
            return None
        state, order, _ = best
        # Seeds have no greedy gain: give every entry its marginal gain in this order.
        _, gains = self._replay(base, order)
        return state, order, gains

    def singleton_gains(self) -> FloatArray:
        """What each candidate alone adds to the mandatory ones and incumbents (0 for those).

        A candidate that replaces an incumbent is counted net of what the incumbent covered.
        """
        base = self.fixed | self.incumbent
        state = self._new_state(base)
        gains = self._all_add_gains(state, np.arange(self.n_candidates, dtype=np.intp))
        partner = self._incumbent_partner()
        for i in np.flatnonzero((partner >= 0) & ~base).tolist():
            gains[i] = self._swap_gain(i, int(partner[i]), state)
        gains[base] = 0.0
        return gains

    def explain(self, order: Sequence[int]) -> list[dict[str, Any]]:
        """What each candidate adds when taken in ``order`` after the mandatory ones.

        Parameters
        ----------
        order : sequence of int
            Candidate positions, for example ``selected`` without the mandatory ones and
            kept incumbents.

        Returns
        -------
        list of dict
            One per candidate, with arrays over the demand elements it changes:
            ``columns``; ``gain`` (weighted change of value, negative where a replaced
            incumbent's view is lost); ``before`` and ``after`` of the best share ``m1``
            and of the backup share ``m2`` (``m1_before``, ``m1_after``, ``m2_before``,
            ``m2_after``); and ``replaced``: the incumbent it replaced, or -1.
        """
        state = self._new_state(self.fixed | self.incumbent)
        partner = self._incumbent_partner()
        out = []
        for i in order:
            rep = int(partner[i]) if partner[i] >= 0 and state.chosen[partner[i]] else -1
            cols = self._row(i)[0]
            if rep >= 0:
                cols = np.union1d(cols, self._row(rep)[0]).astype(np.intp)
            m1b, m2b = state.m1[cols].copy(), state.m2[cols].copy()
            self._take(state, i, rep)
            m1a, m2a = state.m1[cols], state.m2[cols]
            b = self.beta[cols]
            gain = self.weights[cols] * (m1a - m1b + b * (m2a - m2b))
            keep = gain != 0
            out.append(
                {
                    "columns": cols[keep],
                    "gain": gain[keep],
                    "m1_before": m1b[keep],
                    "m1_after": m1a[keep].copy(),
                    "m2_before": m2b[keep],
                    "m2_after": m2a[keep].copy(),
                    "replaced": rep,
                }
            )
        return out

    def _replay(self, base: BoolArray, order: Sequence[int]) -> tuple[_State, list[float]]:
        """Take ``order`` one by one from ``base``; the gain of each (net of a replaced one)."""
        state = self._new_state(base)
        partner = self._incumbent_partner()
        gains = []
        for i in order:
            out = int(partner[i]) if partner[i] >= 0 and state.chosen[partner[i]] else -1
            before = self._state_value(state)
            self._take(state, i, out)
            gains.append(self._state_value(state) - before)
        return state, gains

    def _online_bound(self, state: _State) -> float:
        value = self._state_value(state)
        rest = np.flatnonzero(~state.chosen)
        capacity = self.budget - float(self.costs[self.fixed].sum())
        gains = self._all_add_gains(state, rest)
        bound = value + float(gains @ fractional_knapsack(gains, self.costs[rest], capacity))
        # Nothing can cover more than the elements some candidate reaches.
        return min(bound, self.value(np.ones(self.n_candidates, dtype=bool)))

    # ------------------------------------------------------------------ exact

    def _milp(self, fixed: BoolArray | None = None, allowed: BoolArray | None = None) -> _Milp:
        """The MILP on level elements: binaries x (free candidates), shares y and backups z.

        Each demand element is split at its distinct share values into level elements
        (see the module notes), each covered 0/1. For a level element ``l`` of weight
        ``u_l``, covered by ``C_l`` mandatory candidates and by the free candidates ``F_l``:
        maximise ``sum u_l (y_l + beta_l z_l)`` subject to
        ``y_l + z_l - sum_{i in F_l} x_i <= C_l``, ``0 <= y_l, z_l <= 1``; the budget; and
        per group that could overfill ``sum x_i <= cap - mandatory members``. Levels already
        saturated by mandatory candidates, with no weight or out of every free candidate's
        reach are constants; identical level elements are merged.

        ``fixed`` (default: the mandatory candidates) and ``allowed`` (default: all) restrict
        it: the candidates fixed to 1 count as mandatory, those neither fixed nor allowed
        are left out (fixed to 0).
        """
        n, m = self.coverage.shape
        fixed = self.fixed if fixed is None else fixed
        free = np.flatnonzero(~fixed if allowed is None else allowed & ~fixed)
        local = np.full(n, -1, dtype=np.intp)
        local[free] = np.arange(free.size)
        coo = sparse.coo_array(self.coverage)
        if allowed is not None:
            keep = (allowed | fixed)[coo.row]
            coo = sparse.coo_array(
                (coo.data[keep], (coo.row[keep], coo.col[keep])), shape=coo.shape
            )
        lv = _levels(coo, fixed, m)
        u = self.weights[lv.column] * lv.step
        b = self.beta[lv.column]
        top = np.where(b > 0, 2, 1)
        active = (u > 0) & (lv.n_free > 0) & (lv.n_fixed < top)
        held = lv.n_fixed.astype(np.float64)
        h = np.minimum(held, 1.0) + b * np.clip(held - 1.0, 0.0, 1.0)
        constant = float(u[~active] @ h[~active])
        # The free candidates covering each level element, as a (n_free, n_levels) matrix.
        cover = sparse.csc_array(
            (np.ones(lv.entry_row.size), (local[lv.entry_row], lv.entry_level)),
            shape=(free.size, lv.step.size),
        )
        cols = np.flatnonzero(active)
        rep, u_merged = _merge_identical_columns(cover, cols, held, b, u)
        keep = cols[rep]
        n_x, n_y = free.size, keep.size
        backup = np.flatnonzero(b[keep] > 0)
        n_z = backup.size
        z_rows = sparse.csr_array(
            (np.ones(n_z), (backup, np.arange(n_z))), shape=(n_y, n_z), dtype=np.float64
        )
        a_t = sparse.csr_array(cover[:, keep].T)
        blocks = [sparse.hstack([-a_t, sparse.eye_array(n_y, format="csr"), z_rows])]
        ub_rows = [held[keep]]
        blocks.append(
            sparse.csr_array(np.concatenate([self.costs[free], np.zeros(n_y + n_z)])[None, :])
        )
        ub_rows.append(np.array([self.budget - float(self.costs[fixed].sum())]))
        for codes, cap in zip(self.groups, self.caps, strict=True):
            found = _group_rows(codes, cap, free, fixed, n_x + n_y + n_z)
            if found is not None:
                blocks.append(found[0])
                ub_rows.append(found[1])
        return _Milp(
            free=free,
            constant=constant,
            c=np.concatenate([np.zeros(n_x), -u_merged, -u_merged[backup] * b[keep][backup]]),
            upper=np.ones(n_x + n_y + n_z),
            integrality=np.concatenate([np.ones(n_x), np.zeros(n_y + n_z)]),
            a=sparse.vstack(blocks, format="csr"),
            ub=np.concatenate(ub_rows),
            n_rows=n_y,
        )

    def _solve_exact(self, time_limit: float, mip_rel_gap: float) -> None:
        """Prove the greedy pipeline's plan optimal, or find the optimum, within the time limit.

        When the Lagrangian phase left multipliers, candidates are fixed by their reduced
        costs (:mod:`cctvgeo.planning._fixing`) against a threshold just below the bound
        and HiGHS solves the MILP on the candidates left free; while the restricted
        optimum falls short of the threshold, the threshold is lowered (down to the best
        plan's value, where the fixing is exact) and the MILP solved again. Without
        multipliers, the MILP on all candidates.
        """
        deadline = time.monotonic() + time_limit
        if self.gap <= max(mip_rel_gap, _PROVED):
            proved = "proved optimal" if self.gap <= _PROVED else f"gap {self.gap:.2%}"
            self.status = (
                f"Exact: the plan of the greedy pipeline ({self.method}) meets the "
                f"Lagrangian bound; {proved}."
            )
            return
        dual = self._dual
        if dual is None:
            self._exact_round(self.fixed, None, -math.inf, deadline, mip_rel_gap)
            return
        margin = _PROVED * max(self.upper_bound, 1.0)
        delta = (self.upper_bound - self.objective) / _FIRST_THRESHOLD_SHARE
        while True:
            threshold = max(self.objective, self.upper_bound - delta)
            to_one, to_zero = reduced_cost_fixing(dual, self.costs, ~self.fixed, threshold, margin)
            done = self._exact_round(
                self.fixed | to_one, ~to_zero, threshold, deadline, mip_rel_gap
            )
            if done or self.gap <= mip_rel_gap or threshold <= self.objective:
                return
            if time.monotonic() >= deadline:
                return
            if self.objective > dual.value:
                # A better plan is a better target: closer multipliers fix more.
                dual = self._refine_dual(dual)
            delta *= _WIDEN

    def _refine_dual(self, dual: DualResult) -> DualResult:
        """Go on with the Lagrangian phase from its multipliers, towards the current plan.

        Returns the multipliers of the smaller bound, and tightens ``upper_bound``.
        """
        found = lagrangian_bound(
            self._swap_problem(),
            self.fixed,
            (self.objective, self._selected_mask()),
            self._lagrangian_iterations(),
            self._within_groups,
            multipliers=dual.multipliers,
        )
        if found.bound >= dual.bound:
            return dual
        self.upper_bound = max(min(self.upper_bound, found.bound), self.objective)
        self.gap = _gap(self.objective, self.upper_bound)
        return found

    def _exact_round(
        self,
        fixed: BoolArray,
        allowed: BoolArray | None,
        threshold: float,
        deadline: float,
        mip_rel_gap: float,
    ) -> bool:
        """One MILP on the candidates neither fixed nor left out; whether it proved optimality.

        Every plan outside the restricted problem is worth less than ``threshold``, so the
        optimum is at most the larger of it and the MILP's dual bound. The MILP's plan
        replaces the solution when it is better.
        """
        model = self._milp(fixed, allowed)
        n_x = len(model.free)
        if not self.feasible(fixed):
            # The candidates fixed to 1 overfill the budget or a group: no plan in there.
            chosen, optimal, bound = None, True, -math.inf
        elif n_x == 0 or model.n_rows == 0:
            chosen, optimal, bound = fixed, True, -math.inf
        else:
            chosen, optimal, bound = self._run_milp(model, fixed, deadline, mip_rel_gap)
        value = -math.inf if chosen is None else self.value(chosen)
        if chosen is not None and value > self.objective + _REL_TOL * max(self.total_weight, 1.0):
            self._adopt(chosen, "exact")
        if optimal:
            bound = max(bound, value)
        self.upper_bound = max(min(self.upper_bound, max(threshold, bound)), self.objective)
        self.gap = _gap(self.objective, self.upper_bound)
        proved = optimal and value >= threshold - _PROVED * max(abs(threshold), 1.0)
        left = (
            ""
            if allowed is None
            else f"reduced-cost fixing left {n_x} of {self.n_candidates} candidates; "
        )
        self.status = (
            f"Exact ({left}HiGHS MILP, {n_x} binaries, {model.n_rows} demand rows): "
            f"{'proved optimal' if proved else 'not proved optimal'}; gap {self.gap:.2%}."
        )
        return proved

    def _run_milp(
        self, model: _Milp, fixed: BoolArray, deadline: float, mip_rel_gap: float
    ) -> tuple[BoolArray | None, bool, float]:
        """Solve a MILP with HiGHS: its plan (None if none found), whether optimal, dual bound.

        An infeasible MILP counts as solved, with no plan and a bound of ``-inf``.
        """
        from scipy.optimize import Bounds, LinearConstraint, milp

        res = milp(
            model.c,
            integrality=model.integrality,
            bounds=Bounds(np.zeros_like(model.upper), model.upper),
            constraints=LinearConstraint(model.a, -np.inf, model.ub),
            options={
                "time_limit": max(deadline - time.monotonic(), 0.01),
                "mip_rel_gap": float(mip_rel_gap),
            },
        )
        if res.status == 2:
            return None, True, -math.inf
        dual = getattr(res, "mip_dual_bound", None)
        bound = (
            model.constant - float(dual) if dual is not None and math.isfinite(dual) else math.inf
        )
        if res.x is None:
            return None, False, bound
        chosen = fixed.copy()
        chosen[model.free[res.x[: len(model.free)] > 0.5]] = True
        return chosen, res.status == 0, bound

    def _adopt(self, chosen: BoolArray, method: str) -> None:
        """Make ``chosen`` (found other than by the greedy) the solution, ranked.

        Candidates are ranked by a cost-effectiveness replay (:meth:`_rank`). An incumbent
        left out without a replacement is kept (it costs nothing), and candidates that add
        nothing once the others are in are dropped: the same coverage for less money.
        """
        order, rest = self._rank(chosen)
        state, gains = self._replay(self.fixed | self.incumbent, order + rest)
        if rest:
            lean, lean_gains = self._replay(self.fixed | self.incumbent, order)
            if self._state_value(lean) >= self._state_value(state) - 1e-9:
                state, gains, rest = lean, lean_gains, []
        self._finish(state, order + rest, gains, method)

    def _rank(self, chosen: BoolArray) -> tuple[list[int], list[int]]:
        """Order a solution's non-base candidates by cost-effectiveness (a greedy replay).

        Returns the candidates the replay takes, in order, and the others (which add
        nothing once the first are in, or only as a swap the replay declined).
        """
        base = self.fixed | self.incumbent
        pick = chosen & ~base
        _, order, _ = self._greedy_from(base, pick, math.inf)
        taken = set(order)
        return order, [i for i in np.flatnonzero(pick).tolist() if i not in taken]


class _LazyHeap:
    """The candidates of a lazy greedy, keyed by an upper bound on their gain per baht."""

    def __init__(
        self, problem: BudgetedCoverage, state: _State, cand_mask: BoolArray, budget: float
    ) -> None:
        self.p = problem
        self.state = state
        self.budget = budget
        self.eps = 1e-9 + 1e-12 * (budget if math.isfinite(budget) else 0.0)
        self.tol = _REL_TOL * max(problem.total_weight, 1.0)
        self.partner = problem._incumbent_partner()
        n = problem.n_candidates
        self.version = np.zeros(n, dtype=np.int64)
        self.alive = cand_mask.copy()
        cand = np.flatnonzero(cand_mask)
        ub = problem._all_add_gains(state, cand) if cand.size else np.zeros(0)
        costs = problem.costs
        self.heap: list[tuple[float, int, int]] = [
            (-_ratio(g, float(costs[i])), int(i), 0)
            for i, g in zip(cand.tolist(), ub.tolist(), strict=True)
            if g > self.tol
        ]
        heapq.heapify(self.heap)
        self.popped: list[tuple[float, int]] = []

    def _evaluate(self, i: int) -> tuple[float, float, int] | None:
        """(add-gain, exact gain, incumbent replaced) of candidate ``i``, or None if it is out."""
        p, state = self.p, self.state
        cost = float(p.costs[i])
        if state.spent + cost > self.budget + self.eps:
            return None  # budgets only shrink: never again
        out = int(self.partner[i])
        if out >= 0 and not state.chosen[out]:
            out = -1  # the incumbent is gone: an ordinary addition if the groups allow it
        if not p._fits_groups(i, state, out):
            return None  # groups only fill up
        add = p._add_gain(i, state)
        gain = add if out < 0 else p._swap_gain(i, out, state)
        return add, gain, out

    def pop_best(self) -> tuple[float, int, int] | None:
        """The candidate with the best exact gain per baht: (gain, i, incumbent replaced)."""
        best: tuple[float, float, int, int] | None = None  # ratio, gain, i, out
        self.popped = []
        while self.heap and (best is None or -self.heap[0][0] > best[0]):
            _, i, ver = heapq.heappop(self.heap)
            if not self.alive[i] or ver != self.version[i]:
                continue
            found = self._evaluate(i)
            if found is None:
                self.alive[i] = False
                continue
            add, gain, out = found
            cost = float(self.p.costs[i])
            if add > self.tol:
                self.popped.append((_ratio(add, cost), i))
            if gain > self.tol:
                r = _ratio(gain, cost)
                if best is None or r > best[0] or (r == best[0] and i < best[2]):
                    best = (r, gain, i, out)
        if best is None:
            return None
        return best[1], best[2], best[3]

    def _push(self, key: float, j: int) -> None:
        self.version[j] += 1
        heapq.heappush(self.heap, (-key, j, int(self.version[j])))

    def after_take(self, i: int, out: int) -> None:
        """Put the evaluated candidates back with fresh keys; refresh after a swap."""
        self.alive[i] = False
        for key, j in self.popped:
            if j != i and self.alive[j]:
                self._push(key, j)
        if out < 0:
            return
        # Coverage fell where the incumbent was: the keys of candidates there may be too low.
        cols, _ = self.p._row(out)
        touched = np.unique(self.p._csc_matrix()[:, cols].tocoo().row)
        touched = touched[self.alive[touched]].astype(np.intp)
        if touched.size:
            fresh = self.p._all_add_gains(self.state, touched)
            for j, g in zip(touched.tolist(), fresh.tolist(), strict=True):
                if g > self.tol:
                    self._push(_ratio(g, float(self.p.costs[j])), j)
                else:
                    self.version[j] += 1


# ---------------------------------------------------------------------- helpers


@functools.cache
def _blas_controller() -> Any:
    """The BLAS libraries numpy and scipy loaded (found once: looking costs milliseconds)."""
    from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped]

    return ThreadpoolController()


def _ratio(gain: float, cost: float) -> float:
    if cost <= 0:
        return math.inf if gain > 0 else 0.0
    return gain / cost


def _gap(objective: float, bound: float) -> float:
    if not math.isfinite(bound):
        return math.inf
    if objective <= 0:
        return 0.0 if bound <= 1e-12 else math.inf
    return max(0.0, (bound - objective) / objective)


@dataclass
class _Levels:
    """Demand elements split at their distinct share values (see the module notes)."""

    column: IntArray  # per level: its demand element
    step: FloatArray  # per level: v_l - v_(l-1)
    n_fixed: IntArray  # per level: mandatory candidates with a share >= v_l
    n_free: IntArray  # per level: free candidates with a share >= v_l
    entry_row: IntArray  # per (free candidate, level) pair: the candidate ...
    entry_level: IntArray  # ... and the level


def _levels(coo: sparse.coo_array, fixed: BoolArray, m: int) -> _Levels:
    """Split each column at its distinct values: level ``l`` is covered by ``a_ij >= v_l``."""
    order = np.lexsort((-coo.data, coo.col))
    col = coo.col[order].astype(np.intp)
    val = coo.data[order]
    row = coo.row[order].astype(np.intp)
    size = col.size
    if size == 0:
        z = np.zeros(0, dtype=np.intp)
        return _Levels(z, np.zeros(0), z, z, z, z)
    # A level ends where the value or the column changes: its prefix is the column's
    # entries up to there (all with a share >= the level's value).
    end = np.ones(size, dtype=bool)
    end[:-1] = (col[1:] != col[:-1]) | (val[1:] != val[:-1])
    ends = np.flatnonzero(end)
    col_start = np.searchsorted(col, col, side="left")
    level_col = col[ends]
    level_val = val[ends]
    # The next smaller value in the same column (0 after the last).
    nxt = np.zeros(ends.size)
    same = np.zeros(ends.size, dtype=bool)
    same[:-1] = level_col[1:] == level_col[:-1]
    nxt[:-1] = np.where(same[:-1], level_val[1:], 0.0)
    prefix_start = col_start[ends]
    prefix_len = ends - prefix_start + 1
    is_fixed = fixed[row].astype(np.int64)
    cum = np.concatenate([[0], np.cumsum(is_fixed)])
    n_fixed = cum[ends + 1] - cum[prefix_start]
    n_free = prefix_len - n_fixed
    # Expand every level's prefix into (entry, level) pairs; keep the free candidates.
    level_of = np.repeat(np.arange(ends.size), prefix_len)
    offset = np.arange(int(prefix_len.sum())) - np.repeat(
        np.cumsum(prefix_len) - prefix_len, prefix_len
    )
    entry = np.repeat(prefix_start, prefix_len) + offset
    keep = ~fixed[row[entry]]
    return _Levels(
        column=level_col,
        step=level_val - nxt,
        n_fixed=n_fixed.astype(np.intp),
        n_free=n_free.astype(np.intp),
        entry_row=row[entry[keep]],
        entry_level=level_of[keep].astype(np.intp),
    )


def _group_rows(
    codes: IntArray, cap: int, free: IntArray, fixed: BoolArray, width: int
) -> tuple[sparse.csr_array, FloatArray] | None:
    """MILP rows ``sum x_i <= cap - mandatory members`` for the groups that can overfill."""
    fc = codes[free]
    member = np.flatnonzero(fc >= 0)
    if member.size == 0:
        return None
    labels, local = np.unique(fc[member], return_inverse=True)
    held = np.bincount(codes[fixed & (codes >= 0)], minlength=int(codes.max()) + 1)
    room = cap - held[labels]
    binding = np.bincount(local, minlength=labels.size) > room
    if not binding.any():
        return None
    rows_of = np.full(labels.size, -1)
    rows_of[binding] = np.arange(int(binding.sum()))
    use = binding[local]
    rows = sparse.csr_array(
        (np.ones(int(use.sum())), (rows_of[local[use]], member[use])),
        shape=(int(binding.sum()), width),
    )
    return rows, room[binding].astype(np.float64)


def _merge_identical_columns(
    sub: sparse.csc_array, cols: IntArray, s0: FloatArray, beta: FloatArray, w: FloatArray
) -> tuple[IntArray, FloatArray]:
    """Merge demand columns with identical coverage, base share and backup weight.

    Returns positions (into ``cols``) of one representative per distinct column and the
    merged weights. Candidates are found with two random projections and confirmed entry
    by entry, so distinct columns are never merged.
    """
    if cols.size == 0:
        return np.zeros(0, dtype=np.intp), np.zeros(0)
    part = sparse.csc_array(sub[:, cols])
    part.sort_indices()
    rng = np.random.default_rng(0)
    r1, r2 = rng.random(part.shape[0]), rng.random(part.shape[0])
    h1 = np.asarray(part.T @ r1).ravel()
    h2 = np.asarray(part.T @ r2).ravel()
    nnz = np.diff(part.indptr)
    key = np.rec.fromarrays([nnz, h1, h2, s0[cols], beta[cols]])
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    rep_of = first[inverse]  # candidate representative per column
    # Confirm entry by entry.
    same = np.ones(cols.size, dtype=bool)
    check = np.flatnonzero(rep_of != np.arange(cols.size))
    if check.size:
        lengths = nnz[check]
        starts_a = part.indptr[check]
        starts_b = part.indptr[rep_of[check]]
        offs = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        ia = np.repeat(starts_a, lengths) + offs
        ib = np.repeat(starts_b, lengths) + offs
        eq = (part.indices[ia] == part.indices[ib]) & (part.data[ia] == part.data[ib])
        owner = np.repeat(np.arange(check.size), lengths)
        bad = np.bincount(owner, weights=~eq, minlength=check.size) > 0
        same[check[bad]] = False
    rep_of = np.where(same, rep_of, np.arange(cols.size))
    reps, inv = np.unique(rep_of, return_inverse=True)
    merged = np.bincount(inv, weights=w[cols], minlength=reps.size).astype(np.float64)
    return reps.astype(np.intp), merged


def _problem(column: str, value: Any, message: str, fix: str) -> Problem:
    return Problem(None, column, "" if value is None else str(value), message, fix)


def _as_csr(coverage: Any, report: ValidationReport) -> sparse.csr_array:
    try:
        if sparse.issparse(coverage):
            matrix = sparse.csr_array(coverage, dtype=np.float64)
        else:
            dense = np.asarray(coverage, dtype=np.float64)
            if dense.ndim != 2:
                raise ValueError("not two-dimensional")
            matrix = sparse.csr_array(dense)
    except (TypeError, ValueError) as exc:
        report.add(
            _problem(
                "coverage",
                "",
                f"The coverage matrix is not a 2-D numeric array ({exc}).",
                "Pass a scipy.sparse matrix or a 2-D array (candidates x demand).",
            )
        )
        return sparse.csr_array((0, 0), dtype=np.float64)
    matrix.sum_duplicates()
    matrix.eliminate_zeros()
    return matrix


def _vector(
    values: Any, n: int, name: str, report: ValidationReport, *, nonnegative: bool
) -> FloatArray:
    try:
        arr = np.asarray(_as_array(values), dtype=np.float64)
    except (TypeError, ValueError):
        report.add(_problem(name, "", f"{name} is not numeric.", "Give numbers."))
        return np.zeros(n)
    if arr.shape != (n,):
        report.add(
            _problem(name, arr.shape, f"{name} has shape {arr.shape}, expected ({n},).", "Fix it.")
        )
        return np.zeros(n)
    bad = ~np.isfinite(arr) | ((arr < 0) if nonnegative else False)
    if bad.any():
        first = np.flatnonzero(bad)[:5].tolist()
        report.add(
            Problem(
                first[0],
                name,
                str(arr[first[0]]),
                f"{int(bad.sum())} {name} are missing, infinite or negative (positions {first}).",
                f"Give every {name} a finite number of 0 or more.",
            )
        )
        return np.where(bad, 0.0, arr)
    return arr


def _as_array(values: Any) -> npt.NDArray[Any]:
    to_numpy = getattr(values, "to_numpy", None)
    return np.asarray(to_numpy() if to_numpy is not None else values)


def _mask(values: Any, n: int, name: str, report: ValidationReport) -> BoolArray:
    if values is None:
        return np.zeros(n, dtype=bool)
    arr = _as_array(values)
    if arr.shape == (n,) and arr.dtype == np.dtype(bool):
        return arr.copy()
    if arr.shape == (n,) and arr.dtype == np.dtype(object):
        series = pd.Series(arr, dtype="object")
        filled = series.where(~series.isna(), False)
        if filled.map(lambda v: isinstance(v, bool | np.bool_)).all():
            return filled.to_numpy(dtype=bool)
    elif arr.ndim == 1 and np.issubdtype(arr.dtype, np.integer):
        if arr.size and (arr.min() < 0 or arr.max() >= n):
            report.add(_problem(name, "", f"{name} has positions outside 0..{n - 1}.", "Fix it."))
            return np.zeros(n, dtype=bool)
        out = np.zeros(n, dtype=bool)
        out[arr] = True
        return out
    report.add(
        _problem(
            name,
            "",
            f"{name} must be {n} booleans or a list of positions.",
            "Give a boolean mask or integer positions.",
        )
    )
    return np.zeros(n, dtype=bool)


def _is_labels(obj: Any) -> bool:
    return hasattr(obj, "__len__") and not isinstance(obj, str | bytes)


def _groups(
    groups: Any, max_per_group: int | Sequence[int], n: int, report: ValidationReport
) -> tuple[list[IntArray], list[int]]:
    if groups is None:
        return [], []
    several = isinstance(groups, list | tuple) and len(groups) > 0 and all(map(_is_labels, groups))
    labels_list: list[Any] = list(groups) if several else [groups]
    caps_in = (
        [max_per_group] * len(labels_list)
        if isinstance(max_per_group, int | np.integer)
        else list(max_per_group)
    )
    if len(caps_in) != len(labels_list):
        report.add(
            _problem(
                "max_per_group",
                caps_in,
                f"{len(caps_in)} caps for {len(labels_list)} groupings.",
                "Give one cap per grouping.",
            )
        )
        return [], []
    codes_out: list[IntArray] = []
    caps: list[int] = []
    for labels, cap in zip(labels_list, caps_in, strict=True):
        lab = pd.Series(_as_array(labels), dtype="object")
        if len(lab) != n:
            report.add(_problem("groups", len(lab), f"groups need {n} labels.", "Fix it."))
            continue
        if not (isinstance(cap, int | np.integer) and cap >= 1):
            report.add(_problem("max_per_group", cap, "Caps must be whole numbers >= 1.", "Fix."))
            continue
        missing = lab.isna().to_numpy()
        codes = np.full(n, -1, dtype=np.intp)
        if (~missing).any():
            _, inv = np.unique(lab[~missing].astype(str).to_numpy(), return_inverse=True)
            codes[~missing] = inv
        codes_out.append(codes)
        caps.append(int(cap))
    return codes_out, caps


def _k_required(values: Any, m: int, report: ValidationReport) -> IntArray:
    if values is None:
        return np.ones(m, dtype=np.intp)
    raw = pd.Series(_as_array(values), dtype="object")
    if len(raw) != m:
        report.add(_problem("k_required", len(raw), f"k_required needs {m} values.", "Fix it."))
        return np.ones(m, dtype=np.intp)
    num = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    given = ~raw.isna().to_numpy()
    bad = np.flatnonzero(given & ~np.isin(num, (1.0, 2.0)))
    if bad.size:
        report.add(
            Problem(
                int(bad[0]),
                "k_required",
                str(raw.iloc[bad[0]]),
                f"{bad.size} k_required values are not 1 or 2 (positions {bad[:5].tolist()}).",
                "Use 1, or 2 for points that need a backup camera.",
            )
        )
    return np.where(given & (num == 2.0), 2, 1).astype(np.intp)
