"""Lagrangian upper bound and candidate sets for budgeted coverage on level elements.

Relaxing the coverage rows ``y_l + z_l <= held_l + sum_{i covers l} x_i`` of the MILP (see
:meth:`cctvgeo.planning.BudgetedCoverage`) with multipliers ``lambda_l >= 0`` leaves

``L(lambda) = sum_l [max(0, u_l - lambda_l) + max(0, beta_l u_l - lambda_l)
+ lambda_l held_l] + K(B lambda)``,

where ``K(r)`` is the best fractional knapsack of the candidates' prices ``r_i`` within the
budget (the group caps are dropped, which can only raise it). Every ``L(lambda)`` is an
upper bound on the optimum, so the smallest one found certifies how far a plan can be from
the best. The bound is minimised by subgradient steps with Polyak's step size towards the
best known plan, halving the step when it stalls (the scheme of Galvão & ReVelle 1996 for
the maximal covering location problem). For ``beta = 0`` the best multipliers give the LP
relaxation's bound, which is tight or nearly so on covering problems.

The knapsack's whole items at each step are also plans in their own right; the caller
makes them feasible for the groups and keeps the best.

References
----------
Fisher, M. L. (1981). The Lagrangian relaxation method for solving integer programming
problems. *Management Science* 27(1), 1-18.

Galvão, R. D. & ReVelle, C. (1996). A Lagrangean heuristic for the maximal covering
location problem. *European Journal of Operational Research* 88(1), 114-123.

Polyak, B. T. (1969). Minimization of unsmooth functionals. *USSR Computational
Mathematics and Mathematical Physics* 9(3), 14-29.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    import numpy.typing as npt

    from cctvgeo.planning._swaps import SwapProblem

    FloatArray = npt.NDArray[np.float64]
    BoolArray = npt.NDArray[np.bool_]

# Halve the step after this many steps without a better bound; stop below the last size.
_PATIENCE = 20
_MIN_STEP = 1e-4


def fractional_knapsack(values: FloatArray, costs: FloatArray, capacity: float) -> FloatArray:
    """The best fractional knapsack: how much of each item to take (0 to 1).

    Items of no value are left out; items of no cost and positive value are taken whole;
    the rest by value per baht until the capacity is used, the last one in part.

    Examples
    --------
    >>> fractional_knapsack(np.array([6.0, 4.0, 2.0]), np.array([3.0, 4.0, 1.0]), 5.0).tolist()
    [1.0, 0.25, 1.0]
    """
    x = np.zeros(values.size)
    pos = values > 0
    x[pos & (costs <= 0)] = 1.0
    paid = np.flatnonzero(pos & (costs > 0))
    if capacity <= 0 or paid.size == 0:
        return x
    order = paid[np.argsort(-values[paid] / costs[paid], kind="stable")]
    cum = np.cumsum(costs[order])
    full = int(np.searchsorted(cum, capacity, side="right"))
    x[order[:full]] = 1.0
    if full < order.size:
        left = capacity - (float(cum[full - 1]) if full > 0 else 0.0)
        x[order[full]] = left / float(costs[order[full]])
    return x


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
    counts = problem.held + problem.cover_t @ chosen.astype(np.float64)
    return float(problem.weight @ ((counts >= 0.5) + problem.beta * (counts >= 1.5)))


def lagrangian_bound(
    problem: SwapProblem,
    fixed: BoolArray,
    start: tuple[float, BoolArray],
    iterations: int,
    feasible: Callable[[BoolArray, FloatArray], BoolArray],
) -> tuple[float, float, BoolArray]:
    """The smallest Lagrangian bound found by subgradient steps, and the best plan seen.

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
        The most subgradient steps.
    feasible : callable
        Makes a plan of the knapsack's whole items at each step: called with them (a mask
        over the candidates, mandatory ones added) and their prices per baht, returns a
        feasible set.

    Returns
    -------
    bound : float
        An upper bound on the optimum (``inf`` when no step was taken).
    value : float
        The value of the best plan, ``start``'s or one made at a step.
    chosen : ndarray of bool
        That plan.

    Examples
    --------
    Two candidates covering weights 3 and 2 + 2 at 1 baht each, one baht: from the plan of
    candidate 0 (3), the steps find candidate 1 (4) and prove it optimal.

    >>> from scipy import sparse
    >>> from cctvgeo.planning._swaps import SwapProblem
    >>> cover = sparse.csr_array(np.array([[1, 0, 0], [0, 1, 1]], dtype=float))
    >>> p = SwapProblem(cover, np.array([3.0, 2.0, 2.0]), np.zeros(3), np.zeros(3, int),
    ...                 np.ones(2), 1.0, np.ones(2, bool), [], [], 1e-9)
    >>> bound, value, chosen = lagrangian_bound(
    ...     p, np.zeros(2, bool), (3.0, np.array([True, False])), 200, lambda x, r: x)
    >>> round(bound, 6), value, chosen.tolist()
    (4.0, 4.0, [False, True])
    """
    u, b, held = problem.weight, problem.beta, problem.held.astype(np.float64)
    capacity = problem.budget - float(problem.costs[fixed].sum())
    free = ~fixed
    lower, plan = start
    last = plan
    lam = np.where(held > 0, b * u, 0.5 * u)
    step, best, stall = 2.0, np.inf, 0
    for _ in range(iterations):
        prices = np.where(free, problem.cover @ lam, 0.0)
        x = fractional_knapsack(prices, problem.costs, capacity)
        bound = float(
            (np.maximum(0.0, u - lam) + np.maximum(0.0, b * u - lam) + lam * held).sum()
            + prices @ x
        )
        candidate = feasible((x >= 1.0) | fixed, prices / np.maximum(problem.costs, 1e-12))
        if not np.array_equal(candidate, last):
            last = candidate
            value = level_value(problem, candidate)
            if value > lower + problem.tol:
                lower, plan = value, candidate
        if bound < best - problem.tol:
            best, stall = bound, 0
        else:
            best, stall = min(best, bound), stall + 1
            if stall >= _PATIENCE:
                step, stall = step / 2.0, 0
        if best - lower <= problem.tol or step < _MIN_STEP:
            break
        grad = held + problem.cover_t @ x - (lam < u) - (lam < b * u)
        norm = float(grad @ grad)
        if norm == 0.0:
            break
        lam = np.clip(lam - step * (bound - lower) / norm * grad, 0.0, u)
    return best, lower, plan
