"""Lagrangian upper bound and candidate sets for budgeted coverage on level elements.

Relaxing the coverage rows ``y_l + z_l <= held_l + sum_{i covers l} x_i`` of the MILP (see
:meth:`cctvgeo.planning.BudgetedCoverage`) with multipliers ``lambda_l >= 0`` leaves

``L(lambda) = sum_l [max(0, u_l - lambda_l) + max(0, beta_l u_l - lambda_l)
+ lambda_l held_l] + K(B lambda)``,

where ``K(r)`` is the best fractional knapsack of the candidates' prices ``r_i`` within the
budget (the group caps are dropped, which can only raise it). Every ``L(lambda)`` is an
upper bound on the optimum, so the smallest one found certifies how far a plan can be from
the best. The bound is minimised by the *volume algorithm* (Barahona & Anbil 2000): a
subgradient method whose direction is the subgradient at a running average of the
subproblems' solutions (an approximate LP primal), with Polyak's step size (Polyak 1969)
towards the best known plan, the step factor grown after improving steps and shrunk after
runs of non-improving ones. For ``beta = 0`` the best multipliers give the LP relaxation's
bound, which is tight or nearly so on covering problems (Galvão & ReVelle 1996); the volume
algorithm gets close to it in a few hundred cheap steps (two sparse products and a partial
sort each), where plain subgradient steps stall well above it.

The knapsack's whole items at each step, and the rounded average, are also plans in their
own right; the caller makes them feasible for the groups and keeps the best. The
multipliers at the best bound serve the reduced-cost fixing of
:mod:`cctvgeo.planning._fixing`.

References
----------
Barahona, F. & Anbil, R. (2000). The volume algorithm: producing primal solutions with a
subgradient method. *Mathematical Programming* 87(3), 385-399.

Fisher, M. L. (1981). The Lagrangian relaxation method for solving integer programming
problems. *Management Science* 27(1), 1-18.

Galvão, R. D. & ReVelle, C. (1996). A Lagrangean heuristic for the maximal covering
location problem. *European Journal of Operational Research* 88(1), 114-123.

Polyak, B. T. (1969). Minimization of unsmooth functionals. *USSR Computational
Mathematics and Mathematical Physics* 9(3), 14-29.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from cctvgeo.planning._rows import matvec, row_entries

if TYPE_CHECKING:  # pragma: no cover
    import numpy.typing as npt

    from cctvgeo.planning._swaps import SwapProblem

    FloatArray = npt.NDArray[np.float64]
    IntArray = npt.NDArray[np.intp]
    BoolArray = npt.NDArray[np.bool_]

# The volume algorithm's step factor: start, growth after an improving step whose direction
# agrees with the last one, shrink after this many steps without improvement, and the
# smallest factor worth going on with. (Tuned on maximal covering instances of 200 x 2,000
# to 2,000 x 20,000, benchmarks/bench_planning.py: from 0.1 and 0.1, a start of 0.5 and an
# average weight of at most 0.15 take about a third fewer steps to the same proofs.)
_FACTOR = 0.5
_GROW = 1.1
_SHRINK = 0.66
_PATIENCE = 10
_MIN_FACTOR = 1e-5
# The bound meets the plan when their gap is at most this share (the optimiser's proof).
_CLOSED = 1e-9
# Weight of each new subproblem solution in the running average, at most.
_AVERAGE = 0.15
# Stop when, in the last _STALL steps, the bound has fallen by less than _STALL_GAP of the
# gap to the best plan, or by less than _STALL_SHARE of itself.
_STALL = 50
_STALL_GAP = 0.01
_STALL_SHARE = 1e-6
# Round the average into a plan every this many steps.
_ROUND_EVERY = 25
# Up to this many matrix entries, ``B^T x`` is one product over all of them (cheaper than
# gathering the rows of ``x``'s candidates, whose many small array calls cost more).
_WHOLE_PRODUCT = 50_000


@dataclass
class DualResult:
    """What the volume algorithm found.

    Attributes
    ----------
    bound : float
        The smallest Lagrangian bound: an upper bound on the optimum (``inf`` when no
        bound was computed).
    value : float
        The value of the best plan, the starting one or one found on the way.
    plan : ndarray of bool
        That plan.
    multipliers : ndarray
        Per level element, the multipliers at ``bound`` (empty when no bound).
    prices : ndarray
        Per candidate, its knapsack price at those multipliers (0 for mandatory ones).
    capacity : float
        The budget left after the mandatory candidates.
    """

    bound: float
    value: float
    plan: BoolArray
    multipliers: FloatArray
    prices: FloatArray
    capacity: float


class Knapsack:
    """The best fractional knapsack of fixed items and capacity, for many value vectors.

    What depends only on the costs (which items are paid, which free of cost, how many to
    sort) is found once; each :meth:`solve` then takes a few array operations, which is
    what the Lagrangian phase's many steps need.

    Parameters
    ----------
    costs : ndarray
        Per item, its cost.
    capacity : float
        The knapsack's capacity.
    allowed : ndarray of bool, optional
        The items that may be taken (default: all); the others are always left out.
    """

    def __init__(self, costs: FloatArray, capacity: float, allowed: BoolArray | None = None):
        allowed = np.ones(costs.size, dtype=bool) if allowed is None else allowed
        self.size = costs.size
        self.capacity = capacity
        self.paid = np.flatnonzero(allowed & (costs > 0))
        self.gift = np.flatnonzero(allowed & (costs <= 0))
        self.cost = costs[self.paid]
        self.every = self.paid.size == self.size  # every item paid and allowed
        typical = float(self.cost.mean()) if self.paid.size else 1.0
        # A partial sort of enough items to fill the capacity four times over, widened
        # when they do not fill it (items of no value are cut after the sort).
        self.first = max(64, 4 * int(capacity / typical) + 2)
        # When every paid item costs the same, the best ``fit`` of them by value fill the
        # capacity whole and the next one in part: a selection, no sort.
        self.same = bool(self.paid.size) and bool((self.cost == self.cost[0]).all())
        self.fit = min(int(max(capacity, 0.0) // typical), self.paid.size) if self.same else 0

    def _by_ratio(self, ratio: FloatArray) -> tuple[IntArray, int, float]:
        """The items to take by ratio: ``(order, full, left)``.

        ``order``: positions in ``paid`` of positive ratio, best first, enough to fill the
        capacity; ``full``: how many of them fit whole; ``left``: the capacity they leave.
        """
        neg = -ratio
        k = self.first
        while True:
            if 2 * k >= ratio.size:
                top = np.argsort(neg, kind="stable")
                break
            top = np.argpartition(neg, k - 1)[:k]
            top = top[np.argsort(neg[top], kind="stable")]
            if float(self.cost[top].sum()) >= self.capacity or ratio[top[-1]] <= 0:
                break
            k *= 2
        order = top[: int(np.searchsorted(neg[top], 0.0, side="left"))]
        cum = np.cumsum(self.cost[order])
        full = int(np.searchsorted(cum, self.capacity, side="right"))
        return order, full, self.capacity - (float(cum[full - 1]) if full > 0 else 0.0)

    def _by_value(self, values: FloatArray) -> tuple[IntArray, int, float]:
        """As :meth:`_by_ratio` when every paid item costs the same.

        ``order`` holds the best ``fit`` items of positive value, then the next best if it
        is positive (the first ``fit`` in no particular order).
        """
        fit = self.fit
        if fit >= values.size:
            order = np.flatnonzero(values > 0)
        else:
            order = np.argpartition(-values, fit)[: fit + 1]
            order = order[values[order] > 0]
        full = min(fit, order.size)
        return order, full, self.capacity - full * float(self.cost[0])

    def solve(self, values: FloatArray) -> FloatArray:
        """How much of each item to take (0 to 1) for ``values``.

        Items of no value are left out; items of no cost and positive value are taken
        whole; the rest by value per unit of cost until the capacity is used, the last one
        in part.
        """
        x = np.zeros(self.size)
        if self.gift.size:
            x[self.gift[values[self.gift] > 0]] = 1.0
        if self.capacity <= 0 or self.paid.size == 0:
            return x
        paid_values = values if self.every else values[self.paid]
        if self.same:
            order, full, left = self._by_value(paid_values)
        else:
            order, full, left = self._by_ratio(paid_values / self.cost)
        items = order if self.every else self.paid[order]
        x[items[:full]] = 1.0
        if full < order.size:
            x[items[full]] = min(left / float(self.cost[order[full]]), 1.0)
        return x


def fractional_knapsack(values: FloatArray, costs: FloatArray, capacity: float) -> FloatArray:
    """The best fractional knapsack: how much of each item to take (0 to 1).

    Items of no value are left out; items of no cost and positive value are taken whole;
    the rest by value per baht until the capacity is used, the last one in part (see
    :class:`Knapsack`, which serves many value vectors over the same costs).

    Examples
    --------
    >>> fractional_knapsack(np.array([6.0, 4.0, 2.0]), np.array([3.0, 4.0, 1.0]), 5.0).tolist()
    [1.0, 0.25, 1.0]
    """
    return Knapsack(costs, capacity).solve(values)


def level_counts(problem: SwapProblem, x: FloatArray) -> FloatArray:
    """``B^T x``: per level element, the (fractional) candidates of ``x`` covering it.

    ``x`` is float64. On small instances one compiled product over all entries; on large
    ones only the rows of the candidates in ``x`` (few next to all of them), gathered
    straight from the compressed arrays.

    Examples
    --------
    >>> from scipy import sparse
    >>> from cctvgeo.planning._swaps import SwapProblem
    >>> cover = sparse.csr_array(np.array([[1, 1, 0], [0, 1, 1]], dtype=float))
    >>> p = SwapProblem(cover, np.ones(3), np.zeros(3), np.zeros(3, int),
    ...                 np.ones(2), 1.0, np.ones(2, bool), [], [], 1e-9)
    >>> level_counts(p, np.array([0.5, 1.0])).tolist()
    [0.5, 1.5, 1.0]
    >>> level_counts(p, np.zeros(2)).tolist()
    [0.0, 0.0, 0.0]
    """
    cover = problem.cover
    if cover.nnz <= _WHOLE_PRODUCT:
        return matvec(problem.cover_t, x, np.empty(cover.shape[1]))
    rows = np.flatnonzero(x)
    at, lengths = row_entries(cover, rows)
    share = np.repeat(x[rows], lengths) * cover.data[at]
    counts = np.bincount(cover.indices[at], weights=share, minlength=cover.shape[1])
    return counts.astype(np.float64, copy=False)


def level_value(problem: SwapProblem, chosen: BoolArray) -> float:
    """The objective of a set of candidates, from the level elements it covers.

    Examples
    --------
    >>> from scipy import sparse
    >>> from cctvgeo.planning._swaps import SwapProblem
    >>> cover = sparse.csr_array(np.array([[1, 0, 0], [0, 1, 1]], dtype=float))
    >>> p = SwapProblem(cover, np.array([3.0, 2.0, 2.0]), np.zeros(3), np.zeros(3, int),
    ...                 np.ones(2), 1.0, np.ones(2, bool), [], [], 1e-9)
    >>> level_value(p, np.array([False, True]))
    4.0
    """
    return counts_value(problem, problem.held + level_counts(problem, chosen.astype(np.float64)))


def counts_value(problem: SwapProblem, counts: FloatArray) -> float:
    """The objective of a set of candidates from its cameras per level element ``counts``.

    A level counts its weight once covered, and its backup weight from the second camera.
    """
    value = float(problem.weight @ (counts >= 0.5))
    if problem.backup_levels.size:
        value += float(problem.backup_weight @ (counts[problem.backup_levels] >= 1.5))
    return value


class _Subproblem:
    """The Lagrangian subproblem at given multipliers: its value, solution and subgradient.

    Everything that does not depend on the multipliers is found once, so that a step is a
    few array operations (and no scipy dispatch: the products call the compiled loop).
    """

    def __init__(self, problem: SwapProblem, fixed: BoolArray) -> None:
        self.p = problem
        self.fixed = np.flatnonzero(fixed)
        self.capacity = problem.budget - float(problem.costs[fixed].sum())
        self.knapsack = Knapsack(problem.costs, self.capacity, ~fixed)
        self.held = problem.held.astype(np.float64)
        self.any_held = bool(self.held.any())
        self.u = problem.weight
        # The multipliers stay in [0, u], so max(0, u - lam) is u - lam; the backup and held
        # terms only touch the levels that have them.
        self.total = float(self.u.sum())
        self.backup = problem.backup_levels
        self.bu_b = problem.backup_weight
        self.covered = np.flatnonzero(problem.held > 0)
        self.held_c = self.held[self.covered]

    def solve(self, lam: FloatArray) -> tuple[float, FloatArray, FloatArray, npt.NDArray[Any]]:
        """``L(lam)``, the prices, the knapsack ``x`` and the element part ``y + z``.

        ``y + z`` is boolean when no level has a backup weight (``z`` is then 0).
        """
        prices = matvec(self.p.cover, lam, np.empty(self.knapsack.size))
        if self.fixed.size:
            prices[self.fixed] = 0.0
        x = self.knapsack.solve(prices)
        elements = self.total - float(lam.sum())
        yz = lam < self.u
        if self.backup.size:
            yz = yz.astype(np.float64)
            lam_b = lam[self.backup]
            elements += float(np.maximum(0.0, self.bu_b - lam_b).sum())
            yz[self.backup] += lam_b < self.bu_b
        if self.covered.size:
            elements += float(lam[self.covered] @ self.held_c)
        return elements + float(prices @ x), prices, x, yz

    def violation(self, x: FloatArray, yz: npt.NDArray[Any]) -> tuple[FloatArray, FloatArray]:
        """The subgradient ``held + B^T x - y - z`` of ``L`` at ``x``, and ``held + B^T x``."""
        counts = level_counts(self.p, x)
        if self.any_held:
            counts += self.held
        return np.subtract(counts, yz), counts


def round_down(problem: SwapProblem, bound: float) -> float:
    """An upper bound on the optimum, rounded down to the objective's lattice.

    Every plan is worth a whole multiple of ``problem.unit`` (see
    :attr:`cctvgeo.planning._swaps.SwapProblem.unit`), so the optimum is at most the largest
    multiple not above ``bound``. The bound is first raised by the rounding allowance of
    the proofs (a relative 1e-9), so rounding errors in it never cut below the optimum.

    Examples
    --------
    >>> from scipy import sparse
    >>> from cctvgeo.planning._swaps import SwapProblem
    >>> p = SwapProblem(sparse.csr_array(np.ones((1, 2))), np.array([2.0, 3.0]), np.zeros(2),
    ...                 np.zeros(2, int), np.ones(1), 1.0, np.ones(1, bool), [], [], 1e-9)
    >>> round_down(p, 4.7), round_down(p, 4.999999999999), round_down(p, float("inf"))
    (4.0, 5.0, inf)
    """
    unit = problem.unit
    if unit <= 0 or not math.isfinite(bound):
        return bound
    slack = problem.tol + _CLOSED * abs(bound)
    return unit * math.floor((bound + slack) / unit)


def lagrangian_bound(
    problem: SwapProblem,
    fixed: BoolArray,
    start: tuple[float, BoolArray],
    iterations: int,
    feasible: Callable[[BoolArray, FloatArray], BoolArray],
    *,
    multipliers: FloatArray | None = None,
) -> DualResult:
    """The smallest Lagrangian bound the volume algorithm finds, and the best plan seen.

    Parameters
    ----------
    problem : SwapProblem
        The instance on level elements (cover, weights, backup weights, held counts,
        costs, budget).
    fixed : ndarray of bool
        Mandatory candidates (their cost comes off the budget; their cover is ``held``).
    start : (float, ndarray of bool)
        The value and set of the best plan known: the target of the steps.
    iterations : int
        The most steps. The steps stop earlier when the bound meets the best plan (to a
        relative 1e-9, or once rounded down to the objective's lattice, see
        :func:`round_down`), or has fallen in the last 50 steps by less than 1 % of its gap
        to the best plan (or a millionth of itself).
    feasible : callable
        Makes a plan of whole items (a mask over the candidates, mandatory ones added)
        given their prices per baht; returns a feasible set.
    multipliers : ndarray, optional
        Where to start (the multipliers of an earlier run); by default half of each level
        element's weight (its backup weight where mandatory candidates cover it).

    Returns
    -------
    DualResult

    Examples
    --------
    Two candidates covering weights 3 and 2 + 2 at 1 baht each, one baht: from the plan of
    candidate 0 (3), the steps find candidate 1 (4) and prove it optimal: every plan is
    worth a whole number, and the bound is below 5.

    >>> from scipy import sparse
    >>> from cctvgeo.planning._swaps import SwapProblem
    >>> cover = sparse.csr_array(np.array([[1, 0, 0], [0, 1, 1]], dtype=float))
    >>> p = SwapProblem(cover, np.array([3.0, 2.0, 2.0]), np.zeros(3), np.zeros(3, int),
    ...                 np.ones(2), 1.0, np.ones(2, bool), [], [], 1e-9)
    >>> found = lagrangian_bound(
    ...     p, np.zeros(2, bool), (3.0, np.array([True, False])), 200, lambda x, r: x)
    >>> found.bound < 5, round_down(p, found.bound), found.value, found.plan.tolist()
    (True, 4.0, 4.0, [False, True])
    """
    sub = _Subproblem(problem, fixed)
    best_plan = _BestPlan(problem, fixed, feasible, start)
    if multipliers is None:
        lam = np.where(problem.held > 0, problem.beta * problem.weight, 0.5 * problem.weight)
    else:
        lam = multipliers
    best, prices, x, yz = sub.solve(lam)
    best_prices, avg_x = prices, x.copy()
    v, counts = sub.violation(x, yz)  # at the average, which is linear in it: updated in step
    vv = float(v @ v)
    factor, red, history = _FACTOR, 0, [best, best]
    for it in range(iterations):
        if it == 0 or history[-1] < history[-2]:
            best_plan.consider(x, prices, counts)
        if it % _ROUND_EVERY == _ROUND_EVERY - 1:
            best_plan.consider(np.floor(sub.knapsack.solve(avg_x)), best_prices, None)
        if factor < _MIN_FACTOR or vv == 0.0 or _done(problem, history, best_plan.value):
            break
        trial = v * (-factor * (best - best_plan.value) / vv)
        trial += lam
        np.minimum(np.maximum(trial, 0.0, out=trial), sub.u, out=trial)
        bound, prices, x, yz = sub.solve(trial)
        vt, counts = sub.violation(x, yz)
        vtv = float(vt @ v)
        alpha = _average_weight(vv, vtv, float(vt @ vt))
        avg_x *= 1.0 - alpha
        avg_x += alpha * x
        if bound < best - problem.tol:
            if vtv >= 0.0:
                factor *= _GROW
            lam, best, best_prices, red = trial, bound, prices, 0
        else:
            red += 1
            if red >= _PATIENCE:
                factor, red = factor * _SHRINK, 0
        v *= 1.0 - alpha
        v += alpha * vt
        vv = float(v @ v)
        history.append(best)
    return DualResult(best, best_plan.value, best_plan.plan, lam, best_prices, sub.capacity)


class _BestPlan:
    """The best plan the phase has seen (its value and set), and the last one it valued."""

    def __init__(
        self,
        problem: SwapProblem,
        fixed: BoolArray,
        feasible: Callable[[BoolArray, FloatArray], BoolArray],
        start: tuple[float, BoolArray],
    ) -> None:
        self.problem, self.fixed, self.feasible = problem, fixed, feasible
        self.any_fixed = bool(fixed.any())
        self.per_baht = 1.0 / np.maximum(problem.costs, 1e-12)
        self.value, self.plan = start
        self.tried = self.plan.tobytes()  # the last plan valued, as bytes (a quick compare)

    def consider(self, x: FloatArray, prices: FloatArray, counts: FloatArray | None) -> None:
        """Value the plan of ``x``'s whole items made feasible, and keep it if it is better.

        ``counts`` (``held + B^T x``) are the plan's own when ``x`` is whole and feasible.
        """
        whole = x >= 1.0
        candidate = whole | self.fixed if self.any_fixed else whole
        if self.problem.groups:
            # The knapsack's whole items are within the budget: only the groups can overfill.
            candidate = self.feasible(candidate, prices * self.per_baht)
        key = candidate.tobytes()
        if key == self.tried:
            return
        self.tried = key
        taken = (x > 0) | self.fixed if self.any_fixed else x > 0
        if counts is not None and taken.tobytes() == key:
            value = counts_value(self.problem, counts)
        else:
            value = level_value(self.problem, candidate)
        if value > self.value + self.problem.tol:
            self.value, self.plan = value, candidate


def _done(problem: SwapProblem, history: list[float], lower: float) -> bool:
    """Whether the bound meets the best plan, or has stopped falling (see ``iterations``)."""
    best = history[-1]
    if best - lower <= problem.tol + _CLOSED * abs(lower):
        return True
    if round_down(problem, best) <= lower + problem.tol:
        return True
    return len(history) > _STALL and history[-_STALL - 1] - best <= max(
        _STALL_SHARE * abs(best), _STALL_GAP * (best - lower)
    )


def _average_weight(vv: float, vtv: float, vtvt: float) -> float:
    """The weight of the new subgradient ``vt`` in the average with ``v`` (Barahona & Anbil).

    It minimises ``|alpha vt + (1 - alpha) v|``, computed from the dot products ``v.v``,
    ``vt.v`` and ``vt.vt``, and is kept in ``[_AVERAGE / 10, _AVERAGE]``.
    """
    dd = max(vtvt - 2.0 * vtv + vv, 0.0)
    if dd == 0.0:
        return _AVERAGE
    return min(max((vv - vtv) / dd, _AVERAGE / 10), _AVERAGE)
