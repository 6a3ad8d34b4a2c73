"""Reduced-cost fixing from Lagrangian multipliers: which candidates cannot change the optimum.

With multipliers ``lambda`` on the coverage rows (see :mod:`cctvgeo.planning._lagrange`),
``L(lambda) = E(lambda) + K(r)`` is an upper bound on every plan's value, where ``E`` is
the demand elements' part and ``K(r)`` the best fractional knapsack of the candidates'
prices ``r``. Forcing candidate ``i`` in (or out) only changes the knapsack, and any
fractional knapsack bounds the forced one:

* *forced in*: ``r_i + K(r, capacity - c_i)``, since the others then fill what is left
  (taking ``i`` out of the others can only lower their knapsack);
* *forced out*: ``K(r, capacity + c_i) - r_i``, since the others' best, plus ``i`` whole,
  is a fractional knapsack of capacity ``capacity + c_i``.

So every plan that differs from the knapsack's solution in candidate ``i`` is worth at
most ``E + `` the forced bound. If that is below a threshold ``T``, no plan worth ``T`` or
more differs from the knapsack there, and ``i`` is fixed: to 1 if the knapsack takes it
whole, to 0 if it leaves it out. Fractional items are never fixed. Then:

* every plan outside the restricted problem (the fixed candidates as fixed) is worth less
  than ``T``, so the optimum is at most ``max(T, the restricted problem's bound)``;
* if the restricted problem's optimum reaches ``T``, it is the global optimum;
* with ``T`` at the value of a known plan, that plan is inside the restricted problem (it
  is worth ``T``), so the restricted optimum always reaches ``T``: the fixing is exact.

A ``T`` above the best known plan fixes more and leaves a smaller problem, at the risk of
an optimum below ``T``; the caller then lowers ``T`` and tries again. This is the reduced
cost fixing of LP-based branch and bound (Crowder, Johnson & Padberg 1983; Nemhauser &
Wolsey 1988, section II.5.1) with Lagrangian bounds (Beasley 1993), with the knapsack's
bounds computed for all candidates at once from one sorted prefix.

References
----------
Beasley, J. E. (1993). Lagrangean relaxation. In C. R. Reeves (ed.), *Modern Heuristic
Techniques for Combinatorial Problems*, 243-303. Blackwell.

Crowder, H., Johnson, E. L. & Padberg, M. (1983). Solving large-scale zero-one linear
programming problems. *Operations Research* 31(5), 803-834.

Nemhauser, G. L. & Wolsey, L. A. (1988). *Integer and Combinatorial Optimization*. Wiley.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from cctvgeo.planning._lagrange import fractional_knapsack

if TYPE_CHECKING:  # pragma: no cover
    import numpy.typing as npt

    from cctvgeo.planning._lagrange import DualResult

    FloatArray = npt.NDArray[np.float64]
    BoolArray = npt.NDArray[np.bool_]


def forced_knapsacks(
    prices: FloatArray, costs: FloatArray, capacity: float
) -> tuple[FloatArray, FloatArray]:
    """Per item, upper bounds on the fractional knapsack with it forced in, and forced out.

    They are exact where they matter: forced in for the items the knapsack leaves out,
    forced out for those it takes.

    Parameters
    ----------
    prices, costs : ndarray
        Per item, its value and its cost (items of no value or no cost are handled too).
    capacity : float
        The knapsack's capacity.

    Returns
    -------
    forced_in, forced_out : ndarray
        ``-inf`` where forcing the item in cannot fit.

    Examples
    --------
    Capacity 2, three items of cost 1 worth 5, 3 and 1: the knapsack takes 5 + 3 = 8;
    forced in, the last gives 1 + 5 = 6; forced out, the first leaves 3 + 1 = 4.

    >>> fin, fout = forced_knapsacks(np.array([5.0, 3.0, 1.0]), np.ones(3), 2.0)
    >>> float(fin[2]), float(fout[0])
    (6.0, 4.0)
    """
    positive = prices > 0
    free_gift = float(prices[positive & (costs <= 0)].sum())
    paid = np.flatnonzero(positive & (costs > 0))
    ratio = prices[paid] / costs[paid]
    order = np.argsort(-ratio, kind="stable")
    cum_cost = np.concatenate([[0.0], np.cumsum(costs[paid][order])])
    cum_value = np.concatenate([[0.0], np.cumsum(prices[paid][order])])
    ratio_next = np.concatenate([ratio[order], [0.0]])

    def knapsack(room: FloatArray) -> FloatArray:
        room = np.maximum(room, 0.0)
        whole = np.searchsorted(cum_cost, room, side="right") - 1
        return free_gift + cum_value[whole] + (room - cum_cost[whole]) * ratio_next[whole]

    # Both bounds may count the item twice where it would not be used (forced in while
    # the knapsack takes it anyway): still upper bounds, and unused there.
    forced_in = np.where(costs <= capacity, prices + knapsack(capacity - costs), -np.inf)
    forced_out = knapsack(capacity + costs) - np.maximum(prices, 0.0)
    return forced_in, forced_out


def reduced_cost_fixing(
    dual: DualResult, costs: FloatArray, free: BoolArray, threshold: float, margin: float
) -> tuple[BoolArray, BoolArray]:
    """Candidates that no plan worth ``threshold`` or more sets otherwise than the knapsack.

    Parameters
    ----------
    dual : DualResult
        The multipliers' bound and prices (:func:`cctvgeo.planning._lagrange.lagrangian_bound`).
    costs : ndarray
        Per candidate, baht.
    free : ndarray of bool
        The candidates that may be fixed (not mandatory).
    threshold : float
        The value ``T`` (see the module notes).
    margin : float
        Rounding allowance: a candidate is fixed only when its bound is below ``T - margin``.

    Returns
    -------
    to_one, to_zero : ndarray of bool
        Candidates every plan worth ``T`` or more takes, and leaves out.
    """
    take = fractional_knapsack(dual.prices, costs, dual.capacity)
    elements = dual.bound - float(dual.prices @ take)
    forced_in, forced_out = forced_knapsacks(dual.prices, costs, dual.capacity)
    cut = threshold - margin
    to_one = free & (take >= 1.0) & (elements + forced_out < cut)
    to_zero = free & (take <= 0.0) & (elements + forced_in < cut)
    return to_one, to_zero
