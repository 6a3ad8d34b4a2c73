"""Swap local search for budgeted coverage on level elements.

The greedy of :mod:`cctvgeo.planning.optimize` stops at the first set where no single
addition pays; it can still be improved by exchanging one chosen candidate for another
(the "interchange" heuristic of Teitz & Bart 1968, used for the maximal covering problem
since Church & ReVelle 1974). :func:`improve_by_swaps` takes, repeatedly, the best move
among

* *swaps*: one removable chosen candidate out, one other in, when the money and the groups
  allow it;
* *additions*: one candidate in, when it still fits (a swap may have freed money);

until no move gains more than a tolerance. It never lowers the objective, so every
guarantee of the starting set is kept.

Every move is priced at once for all pairs with sparse products over *level elements*
(demand elements split at their distinct share values, see
:class:`cctvgeo.planning.BudgetedCoverage`): level ``l`` of weight ``u_l`` and backup weight
``beta_l`` is worth ``u_l (1[n_l >= 1] + beta_l 1[n_l >= 2])`` with ``n_l`` the chosen
candidates covering it. Moving candidate ``i`` out and ``j`` in changes the objective by

``add_j - loss_i + W_ij``,

where ``add_j`` is what ``j`` adds now, ``loss_i`` what the set loses without ``i``, and
``W_ij`` corrects the levels both cover (where the exchange changes nothing):
``W = B_S diag(u ((1 - beta) 1[n = 1] + beta 1[n = 2])) B^T`` with ``B`` the candidate x
level incidence and ``B_S`` its chosen rows.

References
----------
Teitz, M. B. & Bart, P. (1968). Heuristic methods for estimating the generalized vertex
median of a weighted graph. *Operations Research* 16(5), 955-961.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse

from cctvgeo.planning._rows import matvec, row_entries, transpose

if TYPE_CHECKING:  # pragma: no cover
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float64]
    IntArray = npt.NDArray[np.intp]
    BoolArray = npt.NDArray[np.bool_]

# Rows of the swap matrix priced at once (bounds memory at about 8 * _CHUNK * n bytes).
_CHUNK = 256
# The largest power of two the objective's lattice is looked for at (1/1024 of a unit).
_MAX_UNIT_SCALE = 1024.0


@dataclass
class SwapProblem:
    """The arrays the swap search needs.

    Attributes
    ----------
    cover : scipy.sparse.csr_array
        ``(n_candidates, n_levels)`` 0/1: which free candidate covers which level element
        (rows of mandatory candidates are empty; their cover is in ``held``).
    weight, beta : ndarray
        Per level: its weight ``u_l`` and backup weight ``beta_l``.
    held : ndarray of int
        Per level: the mandatory candidates covering it.
    costs : ndarray
        Per candidate, baht.
    budget : float
        Money for the whole selection.
    removable : ndarray of bool
        Candidates the search may take out (the free ones).
    groups : list of ndarray of int
        Group codes per grouping (-1: no group), with ``caps``.
    caps : list of int
        The most members chosen per group, per grouping.
    tol : float
        Gains at or below this are rounding, not coverage.
    """

    cover: sparse.csr_array
    weight: FloatArray
    beta: FloatArray
    held: IntArray
    costs: FloatArray
    budget: float
    removable: BoolArray
    groups: list[IntArray]
    caps: list[int]
    tol: float

    @cached_property
    def cover_t(self) -> sparse.csr_array:
        """The level x candidate incidence (``cover`` transposed, row-compressed)."""
        return transpose(self.cover)

    @cached_property
    def backup_levels(self) -> IntArray:
        """The levels whose second camera counts (``beta_l > 0``)."""
        return np.flatnonzero(self.beta > 0)

    @cached_property
    def backup_weight(self) -> FloatArray:
        """Per level of :attr:`backup_levels`, the weight of its second camera."""
        return (self.beta * self.weight)[self.backup_levels]

    @cached_property
    def unit(self) -> float:
        """The objective's lattice: every plan is worth a whole multiple of it (0: none).

        Each plan's value is a sum of level weights ``u_l`` and backup weights
        ``beta_l u_l``; when all of them are whole multiples of one number (whole weights
        and 0/1 shares, or binary fractions of them such as a backup weight of 0.5), so is
        every plan's value, and the largest such number is the lattice's step. Found
        exactly: the values are scaled by powers of two (exact in floating point) until
        they are whole, and their greatest common divisor taken; the scaled sum must stay
        below 2**52 so that sums of them are exact too.

        Examples
        --------
        >>> cover = sparse.csr_array(np.ones((1, 3)))
        >>> def unit(weight, beta):
        ...     return SwapProblem(cover, np.array(weight), np.array(beta), np.zeros(3, int),
        ...                        np.ones(1), 1.0, np.ones(1, bool), [], [], 1e-9).unit
        >>> unit([4.0, 6.0, 10.0], [0.0, 0.0, 0.0]), unit([3.0, 2.0, 2.0], [0.5, 0.0, 0.0])
        (2.0, 0.5)
        >>> unit([1.0, 0.1, 2.0], [0.0, 0.0, 0.0])
        0.0
        """
        values = np.concatenate([self.weight, self.beta * self.weight])
        values = values[values != 0]
        if values.size == 0 or not np.isfinite(values).all():
            return 0.0
        scale = 1.0
        while not (values * scale == np.round(values * scale)).all():
            scale *= 2.0
            if scale > _MAX_UNIT_SCALE:
                return 0.0
        whole = np.abs(values * scale)
        if float(whole.sum()) >= 2.0**52:
            return 0.0
        return float(np.gcd.reduce(whole.astype(np.int64))) / scale


def improve_by_swaps(
    problem: SwapProblem, chosen: BoolArray, max_moves: int
) -> tuple[BoolArray, int]:
    """Best-improvement swaps and additions from ``chosen`` until none gains.

    Parameters
    ----------
    problem : SwapProblem
        The instance on level elements.
    chosen : ndarray of bool
        A feasible starting set (mandatory candidates included).
    max_moves : int
        The most moves made (each strictly improves the objective).

    Returns
    -------
    chosen : ndarray of bool
        The improved set, still feasible.
    moves : int
        Moves made.

    Examples
    --------
    Two candidates at 1 baht each, a budget of 1: the greedy-like start takes candidate 0
    (levels of weight 3); a swap to candidate 1 (weight 2 + 2) is better:

    >>> import numpy as np
    >>> from scipy import sparse
    >>> cover = sparse.csr_array(np.array([[1, 0, 0], [0, 1, 1]], dtype=float))
    >>> p = SwapProblem(cover, np.array([3.0, 2.0, 2.0]), np.zeros(3), np.zeros(3, int),
    ...                 np.ones(2), 1.0, np.ones(2, bool), [], [], 1e-9)
    >>> chosen, moves = improve_by_swaps(p, np.array([True, False]), 10)
    >>> chosen.tolist(), moves
    ([False, True], 1)
    """
    chosen = chosen.copy()
    moves = 0
    while moves < max_moves:
        covering = matvec(problem.cover_t, chosen.astype(np.float64), np.empty(problem.held.size))
        counts = problem.held + np.rint(covering).astype(np.intp)
        move = _best_move(problem, chosen, counts)
        if move is None:
            break
        out, into = move
        if out >= 0:
            chosen[out] = False
        chosen[into] = True
        moves += 1
    return chosen, moves


def _level_terms(
    problem: SwapProblem, counts: IntArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Per level: what one more camera adds, what one fewer loses, and the pair correction."""
    u, b = problem.weight, problem.beta
    one, two = counts == 1, counts == 2
    add = u * ((counts == 0) + b * one)
    loss = u * (one + b * two)
    both = u * ((1.0 - b) * one + b * two)
    return add, loss, both


def _room(problem: SwapProblem, chosen: BoolArray) -> list[BoolArray]:
    """Per grouping, per candidate: whether its group is already full."""
    full = []
    for codes, cap in zip(problem.groups, problem.caps, strict=True):
        member = codes >= 0
        held = np.bincount(codes[chosen & member], minlength=max(int(codes.max()) + 1, 1))
        full.append(member & (held[np.where(member, codes, 0)] >= cap))
    return full


def _best_move(problem: SwapProblem, chosen: BoolArray, counts: IntArray) -> tuple[int, int] | None:
    """The (out, in) move of largest gain above the tolerance; out is -1 for an addition."""
    add_l, loss_l, both_l = _level_terms(problem, counts)
    add = matvec(problem.cover, add_l, np.empty(chosen.size))
    spent = float(problem.costs[chosen].sum())
    left = problem.budget - spent + 1e-9 + 1e-12 * problem.budget
    full = _room(problem, chosen)
    outside = ~chosen
    blocked = np.zeros(chosen.size, dtype=bool)
    for f in full:
        blocked |= f
    best_gain, best = problem.tol, None
    fits = outside & ~blocked & (problem.costs <= left)
    if fits.any():
        j = int(np.flatnonzero(fits)[np.argmax(add[fits])])
        if add[j] > best_gain:
            best_gain, best = float(add[j]), (-1, j)
    out_pos = np.flatnonzero(chosen & problem.removable)
    if out_pos.size == 0 or not outside.any():
        return best
    loss, shares = _row_sums(problem.cover, out_pos, loss_l, np.maximum(both_l, 0.0))
    # No swap out of a row gains more than its hope: the best addition, less what the row
    # loses, plus all it shares (W_ij <= the row's sum of positive pair corrections).
    hope = float(add[outside].max()) - loss + shares
    slack = 1e-9 * (float(np.abs(hope).max()) + float(np.abs(loss).max()) + 1.0)
    live = np.flatnonzero(hope >= best_gain - slack)
    for start in range(0, live.size, _CHUNK):
        at = live[start : start + _CHUNK]
        at = at[hope[at] >= best_gain - slack]  # rows that can still beat the best so far
        rows = out_pos[at]
        if rows.size == 0:
            continue
        gain = _swap_gains(problem, rows, add=add, loss=loss[at], both_l=both_l)
        ok = outside[None, :] & (problem.costs[None, :] <= left + problem.costs[rows, None])
        for codes, f in zip(problem.groups, full, strict=True):
            # A full group takes a newcomer only in exchange for one of its members.
            ok &= ~f[None, :] | ((codes[rows, None] == codes[None, :]) & (codes[None, :] >= 0))
        gain = np.where(ok, gain, -np.inf)
        k = int(np.argmax(gain))
        r, j = divmod(k, gain.shape[1])
        if gain[r, j] > best_gain:
            best_gain, best = float(gain[r, j]), (int(rows[r]), int(j))
    return best


def _row_sums(cover: sparse.csr_array, rows: IntArray, *values: FloatArray) -> list[FloatArray]:
    """Per vector of ``values`` (one value per level), ``cover[rows] @ vector``.

    The rows' entries are gathered once from the compressed arrays (no scipy slicing).
    """
    at, lengths = row_entries(cover, rows)
    levels = cover.indices[at]
    owner = np.repeat(np.arange(rows.size), lengths)
    # (bincount of nothing is an integer array)
    sums = [
        np.bincount(owner, weights=v[levels] * cover.data[at], minlength=rows.size) for v in values
    ]
    return [x.astype(np.float64) for x in sums]


def _swap_gains(
    problem: SwapProblem,
    rows: IntArray,
    *,
    add: FloatArray,
    loss: FloatArray,
    both_l: FloatArray,
) -> FloatArray:
    """Dense ``(len(rows), n_candidates)`` gains of swapping each of ``rows`` for each candidate.

    ``add_j - loss_i + W_ij`` (``loss`` per row of ``rows``), with ``W`` summed over the pairs (level of ``i``, candidate
    ``j`` covering it), gathered from the compressed arrays of ``cover`` and ``cover_t``.
    """
    n = problem.costs.size
    cover, cover_t = problem.cover, problem.cover_t
    at, lengths = row_entries(cover, rows)
    levels = cover.indices[at]
    owner = np.repeat(np.arange(rows.size), lengths)
    weight = both_l[levels] * cover.data[at]
    shared = weight != 0
    at_t, lengths_t = row_entries(cover_t, levels[shared])
    pair = np.repeat(owner[shared] * n, lengths_t) + cover_t.indices[at_t]
    share = np.repeat(weight[shared], lengths_t) * cover_t.data[at_t]
    gain = np.bincount(pair, weights=share, minlength=rows.size * n).astype(np.float64)
    gain = gain.reshape(rows.size, n) + add[None, :]
    gain -= loss[:, None]
    return gain
