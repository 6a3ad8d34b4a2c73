"""Coverage against budget as one parametric computation over a plan's nested picks.

A plan's picks, in rank order, are a nested sequence of plans with cumulative costs. At
each budget of a curve, :func:`prefix_curve` takes the best of the longest prefix that
fits (completed with later picks that still fit), the best single candidate that fits,
and the point before; and certifies it with the online bound of Leskovec et al. (2007).
No point solves the problem again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from cctvgeo.planning._lagrange import fractional_knapsack

if TYPE_CHECKING:  # pragma: no cover
    from numpy.typing import NDArray

    from cctvgeo.planning.optimize import BudgetedCoverage

__all__ = ["CurvePath", "prefix_curve"]


@dataclass
class CurvePath:
    """The points of :func:`prefix_curve`, one entry per budget.

    Attributes
    ----------
    chosen : ndarray of bool, shape (points, candidates)
        Each point's plan, mandatory candidates and kept incumbents included.
    objective, cost, upper_bound : ndarray of float
        Its weighted covered demand, its cost, and a proven upper bound on the optimum
        at that budget.
    n_selected : ndarray of int
        Candidates it adds to the mandatory ones and incumbents.
    """

    chosen: NDArray[np.bool_]
    objective: NDArray[np.float64]
    cost: NDArray[np.float64]
    upper_bound: NDArray[np.float64]
    n_selected: NDArray[np.intp]


def prefix_curve(
    problem: BudgetedCoverage,
    order: Sequence[int] | NDArray[np.intp],
    budgets: NDArray[np.float64],
    *,
    partner: NDArray[np.intp],
    problem_at: Callable[[NDArray[np.bool_]], BudgetedCoverage],
) -> CurvePath:
    """The best nested plan at each budget, with its certified upper bound.

    Parameters
    ----------
    problem : BudgetedCoverage
        The problem (any budget: each point uses its own); not solved again.
    order : sequence of int
        Candidate positions in the order they were taken, every prefix feasible for the
        groups (for example a plan's picks in rank order).
    budgets : ndarray of float
        Increasing budgets, in the problem's currency.
    partner : ndarray of int
        Per candidate, the incumbent it replaces when taken, or -1.
    problem_at : callable
        ``problem_at(chosen)`` is the same problem with ``chosen`` mandatory and no
        incumbents; its :meth:`~BudgetedCoverage.singleton_gains` are every candidate's
        gain over ``chosen``, for the bound.

    Returns
    -------
    CurvePath
        Point by point: the plan (within its budget and the groups), its value and cost,
        and an upper bound on the optimum at that budget. The values never decrease.

    Notes
    -----
    The bound ``f(S) + K(S, b)``, with ``K`` the best fractional knapsack of the gains
    ``f(S + j) - f(S)`` within the budget ``b``, holds for any set ``S`` when ``f`` is
    monotone and submodular (Leskovec et al. 2007): an optimal plan ``T`` has
    ``f(T) <= f(S | T) <= f(S) + sum over T - S of the gains``, and ``T - S`` fits in
    ``b``. A bound at a larger budget also holds, so each point keeps the smallest bound
    from there on.
    """
    budgets = np.asarray(budgets, dtype=np.float64)
    if (np.diff(budgets) < 0).any():
        raise ValueError("budgets must be increasing.")
    order_arr = np.asarray(order, dtype=np.intp)
    base = problem.fixed | problem.incumbent
    alone = problem.singleton_gains()
    everything = problem.value(np.ones(problem.n_candidates, dtype=bool))
    chosen = np.zeros((budgets.size, problem.n_candidates), dtype=bool)
    value = np.zeros(budgets.size)
    previous, previous_value = base, problem.value(base)
    for k, budget in enumerate(budgets.tolist()):
        taken = _fill(problem.costs[order_arr], budget)
        options = [_with(base, order_arr[taken], partner), previous]
        values = [problem.value(options[0]), previous_value]
        single = _best_single(alone, problem.costs, base, budget)
        if single >= 0:
            options.append(_with(base, np.array([single]), partner))
            values.append(problem.value(options[-1]))
        best = int(np.argmax(values))
        chosen[k], value[k] = options[best], values[best]
        previous, previous_value = chosen[k], value[k]
    bound = np.array(
        [
            v + _knapsack_value(problem_at(c).singleton_gains(), problem.costs, b)
            for c, v, b in zip(chosen, value, budgets.tolist(), strict=True)
        ]
    )
    bound = np.minimum.accumulate(np.minimum(bound, everything)[::-1])[::-1]
    return CurvePath(
        chosen=chosen,
        objective=value,
        cost=chosen.astype(np.float64) @ problem.costs,
        upper_bound=np.maximum(bound, value),
        n_selected=(chosen & ~base).sum(axis=1),
    )


def _fill(costs: NDArray[np.float64], budget: float) -> NDArray[np.bool_]:
    """Take items in order while they fit, then each later one that still fits.

    Rounds of vector operations: each round takes the longest run of the items that fit
    what is left, and moves past the first one that no longer does.
    """
    tol = 1e-9 + 1e-12 * abs(budget)
    taken = np.zeros(costs.size, dtype=bool)
    left, start = budget, 0
    while start < costs.size:
        fits = start + np.flatnonzero(costs[start:] <= left + tol)
        if fits.size == 0:
            break
        cum = np.cumsum(costs[fits])
        k = int(np.searchsorted(cum, left + tol, side="right"))
        taken[fits[:k]] = True
        left -= float(cum[k - 1])
        if k == fits.size:
            break
        start = int(fits[k]) + 1
    return taken


def _with(
    base: NDArray[np.bool_], picked: NDArray[np.intp], partner: NDArray[np.intp]
) -> NDArray[np.bool_]:
    """``base`` plus ``picked``, without the incumbents the picked ones replace."""
    mask = base.copy()
    mask[picked] = True
    out = partner[picked]
    mask[out[out >= 0]] = False
    return mask


def _best_single(
    gains: NDArray[np.float64], costs: NDArray[np.float64], base: NDArray[np.bool_], budget: float
) -> int:
    """The candidate that alone adds the most within ``budget`` (-1 if none adds anything)."""
    fits = ~base & (costs <= budget + 1e-9 + 1e-12 * abs(budget)) & (gains > 0)
    if not fits.any():
        return -1
    return int(np.flatnonzero(fits)[np.argmax(gains[fits])])


def _knapsack_value(
    gains: NDArray[np.float64], costs: NDArray[np.float64], capacity: float
) -> float:
    """The most gain items fit in ``capacity`` when they may be taken in part."""
    return float(fractional_knapsack(gains, costs, capacity) @ gains)
