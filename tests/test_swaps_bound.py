"""The swap search's bound skips only rows that cannot give the best move."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse

from cctvgeo.planning._swaps import SwapProblem, _best_move


def level_value(problem: SwapProblem, chosen: np.ndarray) -> float:
    """The objective of ``chosen``: per level ``u (1[n >= 1] + beta 1[n >= 2])``."""
    n = problem.held + problem.cover_t @ chosen.astype(float)
    return float((problem.weight * ((n >= 1) + problem.beta * (n >= 2))).sum())


def brute_best_move(problem: SwapProblem, chosen: np.ndarray) -> tuple[int, int] | None:
    """Every addition, then every swap in (out, in) order; the first of largest gain wins."""
    now = level_value(problem, chosen)
    left = problem.budget - problem.costs[chosen].sum()
    best_gain, best = problem.tol, None
    moves = [(-1, j) for j in np.flatnonzero(~chosen)]
    moves += [
        (i, j) for i in np.flatnonzero(chosen & problem.removable) for j in np.flatnonzero(~chosen)
    ]
    for i, j in moves:
        other = chosen.copy()
        other[j] = True
        freed = 0.0
        if i >= 0:
            other[i] = False
            freed = problem.costs[i]
        if problem.costs[j] > left + freed + 1e-9:
            continue
        gain = level_value(problem, other) - now
        if gain > best_gain:
            best_gain, best = gain, (int(i), int(j))
    return best


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 12), st.integers(1, 15))
def test_best_move_is_the_brute_force_best_move(seed: int, n: int, levels: int) -> None:
    """Integer weights, halves for beta: every gain is exact, so ties are real ties."""
    rng = np.random.default_rng(seed)
    cover = sparse.csr_array((rng.random((n, levels)) < 0.4).astype(float))
    problem = SwapProblem(
        cover,
        rng.integers(0, 5, levels).astype(float),
        rng.choice([0.0, 0.5], levels),
        rng.integers(0, 2, levels),
        rng.integers(1, 4, n).astype(float),
        float(rng.integers(1, 8)),
        rng.random(n) < 0.8,
        [],
        [],
        1e-9,
    )
    chosen = np.zeros(n, dtype=bool)
    for i in rng.permutation(n):  # a feasible start: the cheap ones that fit
        if problem.costs[chosen].sum() + problem.costs[i] <= problem.budget:
            chosen[i] = rng.random() < 0.7
    counts = problem.held + np.rint(problem.cover_t @ chosen.astype(float)).astype(np.intp)
    assert _best_move(problem, chosen, counts) == brute_best_move(problem, chosen)
