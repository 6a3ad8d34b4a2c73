"""The Lagrangian phase's building blocks against independent references.

The fractional knapsack against its LP dual, the objective's lattice and the rounded bound
against brute force, the gathered rows and products against scipy's own, and the level
matrix of 0/1 coverage against the general split.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import sparse

from cctvgeo.planning import BudgetedCoverage
from cctvgeo.planning._lagrange import Knapsack, lagrangian_bound, round_down
from cctvgeo.planning._levels import _binary_level_matrix, level_matrix, split_levels
from cctvgeo.planning._rows import matvec, row_entries, transpose

PROPS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)


@PROPS
@given(
    st.integers(1, 150),
    st.integers(0, 2**32 - 1),
    st.booleans(),
    st.floats(0.0, 1.2),
)
def test_knapsack_is_the_lp_optimum(n: int, seed: int, same_cost: bool, share: float) -> None:
    """Values and costs of every sign and size (ties, zero costs, equal costs): the
    knapsack's value is the LP optimum (from the LP dual), and its solution is feasible."""
    rng = np.random.default_rng(seed)
    values = rng.integers(-5, 20, n).astype(float) * rng.choice([1.0, 0.37], n)
    costs = np.full(n, 3.0) if same_cost else rng.integers(0, 6, n).astype(float)
    capacity = share * float(costs.sum())
    allowed = rng.random(n) < 0.9
    x = Knapsack(costs, capacity, allowed).solve(values)
    assert ((x >= 0) & (x <= 1)).all()
    assert float(costs @ x) <= capacity + 1e-9
    assert not x[(values <= 0) | ~allowed].any()
    assert float(values @ x) == pytest.approx(
        _lp_optimum(values[allowed], costs[allowed], capacity)
    )


def _lp_optimum(values: np.ndarray, costs: np.ndarray, capacity: float) -> float:
    """The LP optimum by duality: ``min over pi >= 0 of pi * capacity + sum (v - pi c)+``.

    The dual is convex and piecewise linear in ``pi``, so its minimum is at 0 or at one of
    the items' ratios.
    """
    paid = costs > 0
    pis = np.concatenate([[0.0], np.maximum(values[paid] / costs[paid], 0.0)])
    duals = [pi * capacity + np.maximum(values - pi * costs, 0.0).sum() for pi in pis]
    return float(min(duals))


def test_knapsack_of_equal_costs_takes_the_best_whole_and_the_next_in_part() -> None:
    # Capacity 7 of items costing 2: the three best whole, half of the fourth.
    x = Knapsack(np.full(6, 2.0), 7.0).solve(np.array([1.0, 9.0, 4.0, -1.0, 8.0, 3.0]))
    assert x.tolist() == [0.0, 1.0, 1.0, 0.0, 1.0, 0.5]


@st.composite
def lattice_instances(draw: st.DrawFn) -> BudgetedCoverage:
    n, m = draw(st.integers(1, 6)), draw(st.integers(1, 7))
    shares = st.sampled_from([0.0, 0.0, 0.25, 0.5, 1.0, 1.0])
    cover = np.array(draw(st.lists(shares, min_size=n * m, max_size=n * m))).reshape(n, m)
    scale = draw(st.sampled_from([1.0, 3.0, 0.1]))  # 0.1: no lattice
    weights = np.array(draw(st.lists(st.integers(0, 9), min_size=m, max_size=m))) * scale
    return BudgetedCoverage.from_matrix(
        cover,
        weights,
        draw(st.lists(st.integers(1, 5), min_size=n, max_size=n)),
        draw(st.integers(0, 12)),
        k_required=draw(st.lists(st.sampled_from([1, 2]), min_size=m, max_size=m)),
        backup_weight=draw(st.sampled_from([0.0, 0.5, 1.0])),
    )


@PROPS
@given(lattice_instances())
def test_every_plan_is_on_the_lattice_and_the_rounded_bound_holds(
    problem: BudgetedCoverage,
) -> None:
    """Every plan's value is a whole multiple of the unit, and the Lagrangian bound rounded
    down to it is never below the brute-force optimum."""
    levels = problem._swap_problem()
    unit = levels.unit
    values = [
        problem.value(mask)
        for bits in itertools.product((False, True), repeat=problem.n_candidates)
        if problem.feasible(mask := np.array(bits, dtype=bool))
    ]
    if unit > 0:
        steps = np.array(values) / unit
        assert np.abs(steps - np.round(steps)).max() < 1e-9
    start = np.zeros(problem.n_candidates, dtype=bool)
    dual = lagrangian_bound(levels, problem.fixed, (0.0, start), 300, problem._within_groups)
    assert round_down(levels, dual.bound) >= max(values) - 1e-9
    assert round_down(levels, dual.bound) <= dual.bound + 1e-9 * max(abs(dual.bound), 1.0)


def test_the_lattice_of_whole_weights_with_a_backup_weight_of_a_half() -> None:
    # Level values 4, 5, 10 and the backup 0.5 * 5 = 2.5: every plan is a multiple of 0.5.
    cover = np.array([[1.0, 1.0, 0.0], [0.0, 1.0, 1.0]])
    problem = BudgetedCoverage.from_matrix(
        cover, [4.0, 5.0, 10.0], [1.0, 1.0], 2.0, k_required=[1, 2, 1], backup_weight=0.5
    )
    assert problem._swap_problem().unit == 0.5
    assert round_down(problem._swap_problem(), 21.9) == 21.5
    assert problem.solve("greedy").objective == 21.5
    assert problem.upper_bound == 21.5


def test_partial_shares_have_no_lattice() -> None:
    cover = np.array([[0.3, 1.0], [0.1, 0.0]])
    problem = BudgetedCoverage.from_matrix(cover, [7.0, 5.0], [1.0, 1.0], 1.0)
    assert problem._swap_problem().unit == 0.0
    assert round_down(problem._swap_problem(), 12.7) == 12.7
    assert math.isinf(round_down(problem._swap_problem(), math.inf))


@PROPS
@given(st.integers(0, 2**32 - 1), st.integers(1, 30), st.integers(1, 30))
def test_row_entries_match_scipy_slicing(seed: int, n: int, m: int) -> None:
    rng = np.random.default_rng(seed)
    matrix = sparse.random_array((n, m), density=0.3, rng=rng, format="csr")
    rows = rng.integers(0, n, rng.integers(0, 2 * n))
    at, lengths = row_entries(matrix, rows)
    sliced = matrix[rows]
    assert lengths.tolist() == np.diff(sliced.indptr).tolist()
    assert matrix.indices[at].tolist() == sliced.indices.tolist()
    assert matrix.data[at].tolist() == sliced.data.tolist()


@PROPS
@given(st.integers(0, 2**32 - 1), st.integers(1, 30), st.integers(1, 30))
def test_matvec_and_transpose_match_scipy(seed: int, n: int, m: int) -> None:
    rng = np.random.default_rng(seed)
    matrix = sparse.random_array((n, m), density=0.3, rng=rng, format="csr")
    vector = rng.normal(size=m)
    out = np.full(n, np.nan)  # overwritten, never accumulated into
    assert np.allclose(matvec(matrix, vector, out), matrix @ vector, rtol=0, atol=1e-12)
    mask = vector > 0  # not float64: scipy's own product, not a misread of the bytes
    assert np.allclose(matvec(matrix, mask, out), matrix @ mask, rtol=0, atol=1e-12)
    flipped = transpose(matrix)
    assert flipped.has_sorted_indices
    assert (flipped.toarray() == matrix.toarray().T).all()


@PROPS
@given(st.integers(0, 2**32 - 1), st.integers(1, 12), st.integers(1, 12), st.floats(0.05, 1.0))
def test_binary_level_matrix_is_the_general_split(
    seed: int, n: int, m: int, density: float
) -> None:
    """On 0/1 coverage (empty columns and mandatory rows included), the fast path gives
    the levels, steps, mandatory counts and free cover of :func:`split_levels`."""
    rng = np.random.default_rng(seed)
    matrix = sparse.csr_array((rng.random((n, m)) < density).astype(float))
    fixed = rng.random(n) < 0.3
    fast = _binary_level_matrix(matrix, fixed)
    general = split_levels(sparse.coo_array(matrix), fixed, m)
    assert fast.column.tolist() == general.column.tolist()
    assert fast.step.tolist() == general.step.tolist()
    assert fast.n_fixed.tolist() == general.n_fixed.tolist()
    pairs = sorted(zip(general.entry_row.tolist(), general.entry_level.tolist(), strict=True))
    coo = fast.cover.tocoo()
    assert sorted(zip(coo.row.tolist(), coo.col.tolist(), strict=True)) == pairs
    assert fast.cover.shape == (n, general.step.size)
    assert fast.cover.has_canonical_format
    # level_matrix takes the fast path exactly when every share is 1.
    assert level_matrix(matrix, fixed).cover.nnz == fast.cover.nnz


@st.composite
def binary_instances(draw: st.DrawFn) -> BudgetedCoverage:
    """0/1 coverage (the level matrix's fast path), with mandatory candidates and backups."""
    n, m = draw(st.integers(1, 7)), draw(st.integers(1, 8))
    cover = np.array(draw(st.lists(st.booleans(), min_size=n * m, max_size=n * m)), float)
    costs = draw(st.lists(st.integers(0, 5), min_size=n, max_size=n))
    fixed = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    fixed = [f and c == 0 for f, c in zip(fixed, costs, strict=True)]  # mandatory ones free
    return BudgetedCoverage.from_matrix(
        cover.reshape(n, m),
        draw(st.lists(st.integers(0, 9), min_size=m, max_size=m)),
        costs,
        draw(st.integers(0, 12)),
        fixed=fixed,
        k_required=draw(st.lists(st.sampled_from([1, 2]), min_size=m, max_size=m)),
        backup_weight=draw(st.sampled_from([0.0, 0.5, 1.0])),
    )


@PROPS
@given(binary_instances())
def test_binary_coverage_is_solved_exactly_and_bounded(problem: BudgetedCoverage) -> None:
    """On 0/1 coverage the greedy's certificate is never below the brute-force optimum and
    the exact method finds it (the proofs run on the level matrix of the fast path)."""
    values = [
        problem.value(mask)
        for bits in itertools.product((False, True), repeat=problem.n_candidates)
        if problem.feasible(mask := np.array(bits, dtype=bool))
    ]
    greedy = problem.solve("greedy")
    assert greedy.upper_bound >= max(values) - 1e-9
    assert greedy.objective <= max(values) + 1e-9
    exact = problem.solve("exact")
    assert exact.objective == pytest.approx(max(values))
    assert exact.feasible(exact.selected)
