"""The budgeted coverage optimiser against brute force, hand-checked cases and spopt's SF case."""

from __future__ import annotations

import itertools
import math
import re
import warnings
from importlib import resources
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import sparse

import cctvgeo as cg
from cctvgeo.planning import (
    KMN_GUARANTEE,
    PARTIAL_ENUMERATION_GUARANTEE,
    BudgetedCoverage,
)
from cctvgeo.planning._fixing import forced_knapsacks, reduced_cost_fixing
from cctvgeo.planning._lagrange import (
    DualResult,
    fractional_knapsack,
    lagrangian_bound,
    level_value,
)
from cctvgeo.planning._swaps import improve_by_swaps


def brute_force(problem: BudgetedCoverage) -> float:
    """The optimum by enumerating every subset (incumbents optional, as in the model)."""
    best = -math.inf
    for bits in itertools.product((False, True), repeat=problem.n_candidates):
        mask = np.array(bits, dtype=bool)
        if problem.feasible(mask):
            best = max(best, problem.value(mask))
    return best


@st.composite
def instances(draw: st.DrawFn, *, with_groups: bool, with_fixed: bool) -> dict:
    n = draw(st.integers(1, 7))
    m = draw(st.integers(1, 8))
    shares = st.sampled_from([0.0, 0.0, 0.0, 0.25, 0.5, 0.75, 1.0, 1.0])
    cover = np.array(draw(st.lists(shares, min_size=n * m, max_size=n * m))).reshape(n, m)
    weights = draw(st.lists(st.integers(0, 10), min_size=m, max_size=m))
    costs = draw(st.lists(st.integers(0, 12), min_size=n, max_size=n))
    budget = draw(st.integers(0, 30))
    kw: dict = {
        "k_required": draw(st.lists(st.sampled_from([1, 1, 2]), min_size=m, max_size=m)),
        "binary": draw(st.lists(st.booleans(), min_size=m, max_size=m)),
        "backup_weight": draw(st.sampled_from([0.0, 0.5, 1.0])),
    }
    if with_groups:
        kw["groups"] = [
            draw(st.lists(st.sampled_from(["a", "b", None]), min_size=n, max_size=n)),
            draw(st.lists(st.sampled_from(["s1", "s2"]), min_size=n, max_size=n)),
        ]
        kw["max_per_group"] = [1, draw(st.integers(1, 2))]
    if with_fixed:
        kw["fixed"] = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    return {"coverage": cover, "weights": weights, "costs": costs, "budget": budget, **kw}


def build(inst: dict) -> BudgetedCoverage | None:
    try:
        return BudgetedCoverage.from_matrix(
            inst["coverage"],
            inst["weights"],
            inst["costs"],
            inst["budget"],
            **{
                k: v for k, v in inst.items() if k not in {"coverage", "weights", "costs", "budget"}
            },
        )
    except cg.InfeasiblePlanError:
        return None


PROPS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)


@PROPS
@given(instances(with_groups=True, with_fixed=True))
def test_exact_equals_brute_force(inst: dict) -> None:
    problem = build(inst)
    if problem is None:
        return
    opt = brute_force(problem)
    problem.solve("exact")
    assert problem.objective == pytest.approx(opt, abs=1e-6)
    assert problem.feasible(problem.selected)
    assert problem.value(problem.selected) == pytest.approx(problem.objective)
    assert problem.cost <= inst["budget"] + 1e-9
    assert problem.upper_bound >= opt - 1e-6


@PROPS
@given(instances(with_groups=False, with_fixed=True))
def test_greedy_meets_its_guarantee(inst: dict) -> None:
    problem = build(inst)
    if problem is None:
        return
    opt = brute_force(problem)
    problem.solve("greedy")
    base = problem.baseline
    assert problem.objective - base >= KMN_GUARANTEE * (opt - base) - 1e-9
    assert problem.feasible(problem.selected)
    assert problem.cost <= inst["budget"] + 1e-9
    # The a-posteriori certificate bounds the true optimum.
    assert problem.upper_bound >= opt - 1e-9
    assert problem.objective <= opt + 1e-9


@PROPS
@given(instances(with_groups=False, with_fixed=False))
def test_partial_enumeration_meets_1_minus_1_over_e(inst: dict) -> None:
    problem = build(inst)
    assert problem is not None
    opt = brute_force(problem)
    problem.solve("greedy", seeds=3)
    assert problem.objective >= PARTIAL_ENUMERATION_GUARANTEE * opt - 1e-9
    assert problem.feasible(problem.selected)


@PROPS
@given(instances(with_groups=True, with_fixed=True))
def test_greedy_with_groups_is_feasible_and_certified(inst: dict) -> None:
    problem = build(inst)
    if problem is None:
        return
    opt = brute_force(problem)
    problem.solve("greedy")
    assert problem.feasible(problem.selected)
    assert problem.objective <= opt + 1e-9 <= problem.upper_bound + 2e-9
    assert problem.marginal_gains.sum() == pytest.approx(problem.objective - problem.baseline)


@PROPS
@given(instances(with_groups=False, with_fixed=False), st.integers(0, 6))
def test_incumbents_and_reaims_match_brute_force(inst: dict, seed: int) -> None:
    """A cost-0 incumbent per group and its re-aims: exact matches brute force."""
    n = len(inst["costs"])
    rng = np.random.default_rng(seed)
    group = [f"g{int(g)}" for g in rng.integers(0, 2, n)]
    incumbent = np.zeros(n, dtype=bool)
    for g in set(group):
        first = group.index(g)
        incumbent[first] = True
        inst["costs"][first] = 0
    inst |= {"groups": group, "max_per_group": 1, "incumbent": incumbent}
    problem = build(inst)
    assert problem is not None
    opt = brute_force(problem)
    problem.solve("exact")
    assert problem.objective == pytest.approx(opt, abs=1e-6)
    greedy = BudgetedCoverage.from_matrix(
        inst["coverage"],
        inst["weights"],
        inst["costs"],
        inst["budget"],
        groups=group,
        incumbent=incumbent,
        k_required=inst["k_required"],
        binary=inst["binary"],
        backup_weight=inst["backup_weight"],
    ).solve("greedy")
    assert greedy.feasible(greedy.selected)
    assert greedy.objective >= greedy.baseline - 1e-9
    assert greedy.objective <= opt + 1e-9


@PROPS
@given(instances(with_groups=True, with_fixed=True))
def test_swaps_end_at_a_local_optimum(inst: dict) -> None:
    """From the mandatory set, swaps climb to a feasible set no single swap or addition beats."""
    problem = build(inst)
    if problem is None:
        return
    levels = problem._swap_problem()
    start = problem.fixed.copy()
    chosen, moves = improve_by_swaps(levels, start, 1000)
    value = problem.value(chosen)
    assert problem.feasible(chosen)
    assert value >= problem.value(start) - 1e-9
    assert level_value(levels, chosen) == pytest.approx(value)
    outs = [-1, *np.flatnonzero(chosen & ~problem.fixed).tolist()]
    for out, into in itertools.product(outs, np.flatnonzero(~chosen).tolist()):
        other = chosen.copy()
        other[into] = True
        if out >= 0:
            other[out] = False
        if problem.feasible(other):
            assert problem.value(other) <= value + 1e-9, (out, into, moves)


@PROPS
@given(instances(with_groups=True, with_fixed=True))
def test_lagrangian_bound_is_an_upper_bound_and_its_plans_are_feasible(inst: dict) -> None:
    problem = build(inst)
    if problem is None:
        return
    opt = brute_force(problem)
    dual = _dual(problem)
    assert dual.bound >= opt - 1e-9
    assert problem.feasible(dual.plan)
    assert dual.value == pytest.approx(problem.value(dual.plan))
    assert dual.value <= opt + 1e-9


def _dual(problem: BudgetedCoverage) -> DualResult:
    start = problem.fixed.copy()
    return lagrangian_bound(
        problem._swap_problem(),
        problem.fixed,
        (problem.value(start), start),
        300,
        problem._within_groups,
    )


@PROPS
@given(instances(with_groups=True, with_fixed=True), st.floats(0.0, 1.0))
def test_reduced_cost_fixing_never_cuts_off_a_plan_worth_the_threshold(
    inst: dict, share: float
) -> None:
    """Every plan worth T or more agrees with the fixing at T, for T up to the bound.

    At T = the optimum this says no optimal plan is cut off.
    """
    problem = build(inst)
    if problem is None:
        return
    plans = [
        mask
        for bits in itertools.product((False, True), repeat=problem.n_candidates)
        if problem.feasible(mask := np.array(bits, dtype=bool))
    ]
    values = np.array([problem.value(mask) for mask in plans])
    dual = _dual(problem)
    assert dual.bound >= values.max() - 1e-9
    for threshold in (values.max(), values.max() + share * (dual.bound - values.max())):
        one, zero = reduced_cost_fixing(dual, problem.costs, ~problem.fixed, threshold, 1e-9)
        for mask in np.array(plans)[values >= threshold - 1e-12]:
            assert mask[one].all() and not mask[zero].any()


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    st.lists(st.integers(-3, 9), min_size=1, max_size=6),
    st.lists(st.integers(0, 4), min_size=6, max_size=6),
    st.integers(0, 12),
)
def test_forced_knapsacks_bound_the_knapsack_with_an_item_forced(
    prices: list[int], costs: list[int], capacity: int
) -> None:
    r = np.array(prices, dtype=float)
    c = np.array(costs[: r.size], dtype=float)
    forced_in, forced_out = forced_knapsacks(r, c, float(capacity))
    for i in range(r.size):
        others = np.arange(r.size) != i
        without = float(r[others] @ fractional_knapsack(r[others], c[others], capacity))
        assert forced_out[i] >= without - 1e-9
        if c[i] <= capacity:
            room = capacity - c[i]
            with_i = r[i] + float(r[others] @ fractional_knapsack(r[others], c[others], room))
            assert forced_in[i] >= with_i - 1e-9
        else:
            assert forced_in[i] == -np.inf


def test_a_swap_escapes_the_greedy_trap(monkeypatch: pytest.MonkeyPatch) -> None:
    # Candidate 0 covers the middle four elements, 1 and 2 the left and right three. With
    # two cameras the greedy takes 0 (4) and then 1 (+1): 5. Swapping 0 for 2 gives all 6.
    cover = np.array([[0, 1, 1, 1, 1, 0], [1, 1, 1, 0, 0, 0], [0, 0, 0, 1, 1, 1]], dtype=float)
    monkeypatch.setattr(cg.settings, "planning_lagrangian_iterations", 0)
    monkeypatch.setattr(cg.settings, "planning_swap_max_moves", 0)
    plain = BudgetedCoverage.from_matrix(cover, np.ones(6), np.ones(3), 2).solve("greedy")
    assert (plain.objective, plain.method) == (5.0, "greedy")
    monkeypatch.setattr(cg.settings, "planning_swap_max_moves", 10)
    swapped = BudgetedCoverage.from_matrix(cover, np.ones(6), np.ones(3), 2).solve("greedy")
    assert (swapped.objective, swapped.method) == (6.0, "greedy+swaps")
    assert sorted(swapped.selected.tolist()) == [1, 2]
    assert swapped.marginal_gains.sum() == pytest.approx(6.0)


def test_lagrangian_phase_proves_the_greedy_plan_optimal_on_a_covering_instance() -> None:
    """A maximal covering instance like the benchmark's: the certificate closes at the optimum."""
    from scipy.spatial import cKDTree

    rng = np.random.default_rng(0)
    sites, points = rng.random((200, 2)) * 10_000, rng.random((2_000, 2)) * 10_000
    weights = rng.integers(1, 100, 2_000).astype(float)
    lists = cKDTree(points).query_ball_point(sites, 600.0)
    rows = np.repeat(np.arange(200), [len(x) for x in lists])
    cols = np.concatenate([np.asarray(x, dtype=np.intp) for x in lists])
    cover = sparse.csr_array((np.ones(cols.size), (rows, cols)), shape=(200, 2_000))
    greedy = BudgetedCoverage.from_matrix(cover, weights, np.ones(200), 10).solve("greedy")
    exact = BudgetedCoverage.from_matrix(cover, weights, np.ones(200), 10).solve("exact")
    assert greedy.objective == exact.objective
    assert greedy.gap == pytest.approx(0.0, abs=1e-9)
    assert greedy.upper_bound >= exact.objective


def test_fixing_and_a_small_milp_prove_the_optimum_the_whole_milp_finds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Where the greedy pipeline stops short (0.6 %), reduced-cost fixing leaves 20 of 150
    candidates free and the MILP on those proves the optimum of the MILP on all of them."""
    from scipy.spatial import cKDTree

    rng = np.random.default_rng(0)
    sites, points = rng.random((150, 2)) * 5_000, rng.random((1_500, 2)) * 5_000
    weights = rng.integers(1, 100, 1_500).astype(float)
    lists = cKDTree(points).query_ball_point(sites, 500.0)
    rows = np.repeat(np.arange(150), [len(x) for x in lists])
    cols = np.concatenate([np.asarray(x, dtype=np.intp) for x in lists])
    cover = sparse.csr_array((np.ones(cols.size), (rows, cols)), shape=(150, 1_500))
    greedy = BudgetedCoverage.from_matrix(cover, weights, np.ones(150), 12).solve("greedy")
    fast = BudgetedCoverage.from_matrix(cover, weights, np.ones(150), 12).solve("exact")
    monkeypatch.setattr(cg.settings, "planning_lagrangian_iterations", 0)
    whole = BudgetedCoverage.from_matrix(cover, weights, np.ones(150), 12).solve("exact")
    assert "reduced-cost fixing" not in whole.status
    assert greedy.objective < whole.objective <= greedy.upper_bound
    left = int(re.search(r"fixing left (\d+) of 150", fast.status).group(1))
    assert left < 50 and "proved optimal" in fast.status
    assert fast.objective == whole.objective == fast.upper_bound
    assert fast.feasible(fast.selected)


def test_budget_never_exceeded_on_a_larger_random_instance() -> None:
    rng = np.random.default_rng(3)
    cover = sparse.random_array((300, 2000), density=0.01, rng=rng, format="csr")
    costs = rng.integers(1, 20, 300).astype(float)
    for budget in (0, 7, 55, 400):
        for method in ("greedy", "exact"):
            bc = BudgetedCoverage.from_matrix(cover, rng.random(2000), costs, budget)
            bc.solve(method)
            assert bc.cost <= budget + 1e-9
            assert bc.feasible(bc.selected)
    exact = BudgetedCoverage.from_matrix(cover, np.ones(2000), costs, 55).solve("exact")
    greedy = BudgetedCoverage.from_matrix(cover, np.ones(2000), costs, 55).solve("greedy")
    assert greedy.objective <= exact.objective + 1e-6
    assert greedy.objective >= 0.9 * exact.objective  # far above the worst-case guarantee


def test_kmn_correction_beats_plain_ratio_greedy() -> None:
    # A: 1 baht for weight 2 (ratio 2); B: 100 baht for weight 100 (ratio 1); budget 100.
    # Ratio-greedy takes A and then cannot afford B: 2. The best single set is B: 100.
    cover = np.eye(2)
    bc = BudgetedCoverage.from_matrix(cover, [2.0, 100.0], [1.0, 100.0], 100.0).solve("greedy")
    assert bc.selected.tolist() == [1]
    assert bc.objective == 100.0
    assert bc.method == "greedy+singleton"


def test_existing_cameras_remove_the_value_of_what_they_cover() -> None:
    # Row 0: an existing working camera (fixed, cost 0). Row 1 covers the same elements;
    # row 2 covers a new one worth less. With money for everything, row 1 is still useless.
    cover = np.array([[1.0, 1.0, 0.0], [1.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    for method in ("greedy", "exact"):
        bc = BudgetedCoverage.from_matrix(
            cover, [10.0, 10.0, 1.0], [0.0, 5.0, 5.0], 100.0, fixed=[True, False, False]
        ).solve(method)
        assert sorted(bc.selected.tolist()) == [0, 2]
        assert bc.baseline == 20.0
        assert bc.objective == 21.0
        assert bc.objective - bc.baseline == 1.0


def test_a_repair_competes_fairly_with_a_new_site() -> None:
    # A repair and a new camera with the same footprint: money for one; the cheaper wins,
    # whichever kind it is, and the other adds nothing once one is chosen.
    cover = np.array([[1.0, 0.5], [1.0, 0.5]])
    for costs, winner in (([12_000.0, 30_000.0], 0), ([30_000.0, 12_000.0], 1)):
        for method in ("greedy", "exact"):
            bc = BudgetedCoverage.from_matrix(cover, [3.0, 2.0], costs, 1e6).solve(method)
            assert bc.selected.tolist() == [winner]
            assert bc.objective == 4.0


def test_routes_count_once_covered_anywhere() -> None:
    # Column 0 is a route seen on 10 % of its length; column 1 a road seen on 10 %.
    cover = np.array([[0.1, 0.1]])
    bc = BudgetedCoverage.from_matrix(cover, [5.0, 5.0], [1.0], 1.0, binary=[True, False])
    assert bc.solve("exact").objective == pytest.approx(5.0 + 0.5)


def test_backup_coverage_counts_a_second_camera_at_its_weight() -> None:
    cover = np.array([[1.0], [1.0], [1.0]])
    bc = BudgetedCoverage.from_matrix(
        cover, [10.0], [1, 1, 1], 3, k_required=[2], backup_weight=0.4
    )
    bc.solve("exact")
    assert bc.objective == pytest.approx(14.0)  # first camera 10, second 4, third nothing
    assert len(bc.selected) == 2
    assert bc.solve("greedy").objective == pytest.approx(14.0)


def test_a_reaim_replaces_the_current_view() -> None:
    # Candidate 0: a private camera's current view (incumbent, free), covering element 0
    # (weight 1). Candidate 1: the same camera turned to element 1 (weight 5), 1,500 baht.
    cover = np.array([[1.0, 0.0], [0.0, 1.0]])
    for method in ("greedy", "exact"):
        bc = BudgetedCoverage.from_matrix(
            cover, [1.0, 5.0], [0.0, 1500.0], 2000.0, incumbent=[True, False], groups=["c", "c"]
        ).solve(method)
        assert bc.selected.tolist() == [1]
        assert bc.replaced.tolist() == [0]
        assert bc.objective == 5.0
        assert bc.marginal_gains.tolist() == [4.0]  # net of what the old view covered
    # Not enough money: the current view is kept.
    bc = BudgetedCoverage.from_matrix(
        cover, [1.0, 5.0], [0.0, 1500.0], 1000.0, incumbent=[True, False], groups=["c", "c"]
    ).solve("greedy")
    assert bc.selected.tolist() == [0]
    assert bc.replaced.tolist() == []


def test_groups_cap_variants_per_site_and_heading() -> None:
    # Two models at one site and heading (group h1) and one elsewhere: only one of h1.
    cover = np.array([[1.0, 0.0, 0.0], [1.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    bc = BudgetedCoverage.from_matrix(
        cover, [1.0, 1.0, 1.0], [1, 1, 1], 3, groups=["h1", "h1", "h2"]
    ).solve("exact")
    assert sorted(bc.selected.tolist()) == [1, 2]


def test_mandatory_candidates_and_infeasible_plans() -> None:
    cover = np.eye(3)
    bc = BudgetedCoverage.from_matrix(cover, [1, 2, 3], [5, 5, 5], 10, fixed=[0]).solve("exact")
    assert sorted(bc.selected.tolist()) == [0, 2]
    with pytest.raises(cg.InfeasiblePlanError, match="more than the budget"):
        BudgetedCoverage.from_matrix(cover, [1, 2, 3], [5, 5, 5], 8, fixed=[0, 1])
    with pytest.raises(cg.InfeasiblePlanError, match="max_per_group"):
        BudgetedCoverage.from_matrix(
            cover, [1, 2, 3], [0, 0, 0], 8, fixed=[0, 1], groups=["a", "a", "b"]
        )


def test_bad_input_lists_every_problem() -> None:
    with pytest.raises(cg.ValidationError) as info:
        BudgetedCoverage.from_matrix(
            np.array([[1.5, 0.0]]),
            [1.0, -1.0],
            [np.nan],
            10,
            k_required=[1, 3],
            backup_weight=2.0,
        )
    columns = {p.column for p in info.value.report.problems}
    assert columns == {"coverage", "weights", "costs", "k_required", "backup_weight"}


def test_identical_columns_are_merged_without_changing_the_optimum() -> None:
    rng = np.random.default_rng(1)
    base = (rng.random((6, 5)) < 0.4).astype(float)
    cover = np.hstack([base, base, base[:, :2]])  # many duplicated columns
    weights = rng.integers(1, 9, cover.shape[1]).astype(float)
    costs = rng.integers(1, 6, 6).astype(float)
    bc = BudgetedCoverage.from_matrix(cover, weights, costs, 8).solve("exact")
    assert bc.objective == pytest.approx(brute_force(bc))
    assert bc._milp().n_rows <= 5 < cover.shape[1]  # 12 columns, at most 5 distinct


def test_auto_uses_exact_when_small_and_keeps_the_better() -> None:
    cover = np.array([[1, 1, 0, 0], [0, 1, 1, 0], [0, 0, 1, 1]], dtype=float)
    bc = BudgetedCoverage.from_matrix(cover, [4, 3, 2, 1], [5, 5, 5], 10).solve("auto")
    assert bc.status.startswith("Exact") and "proved optimal" in bc.status
    assert (bc.objective, bc.upper_bound) == (10.0, 10.0)


def test_time_limit_reports_a_gap() -> None:
    rng = np.random.default_rng(7)
    cover = sparse.random_array((400, 3000), density=0.02, rng=rng, format="csr")
    bc = BudgetedCoverage.from_matrix(cover, rng.random(3000), rng.integers(1, 9, 400), 60)
    bc.solve("exact", time_limit=0.5)
    assert bc.feasible(bc.selected)
    assert bc.upper_bound >= bc.objective
    assert bc.gap >= 0.0
    assert bc.cost <= 60


def test_from_geodataframe_uses_the_coverage_engine() -> None:
    import geopandas as gpd
    from shapely import LineString, Point, box

    demand = gpd.GeoDataFrame(
        {
            "demand_id": ["s1", "p1", "r1"],
            "kind": ["segment", "point", "route"],
            "weight": [1.0, 5.0, 3.0],
            "k_required": [1, 2, 1],
        },
        geometry=[
            LineString([(0, 0), (100, 0)]),
            Point(150, 0),
            LineString([(0, 50), (1000, 50)]),
        ],
        crs=32647,
    )
    cands = gpd.GeoDataFrame(
        {"cost_thb": [30_000.0, 20_000.0, 20_000.0, 1_000.0]},
        geometry=[
            box(0, -5, 50, 5),  # half the segment: 0.5
            box(140, -5, 160, 5),  # the point
            box(140, -5, 160, 5),  # the point again: backup
            box(0, 45, 10, 55),  # 1 % of the route: captured
        ],
        crs=32647,
    )
    bc = BudgetedCoverage.from_geodataframe(
        demand, cands, 100_000, costs="cost_thb", backup_weight=0.5
    )
    bc.solve("exact")
    assert bc.objective == pytest.approx(0.5 + 5.0 + 2.5 + 3.0)
    with pytest.raises(cg.CRSError):
        BudgetedCoverage.from_geodataframe(demand.to_crs(4326), cands, 1.0)
    # The old default column still works, with a warning that names the new default.
    with pytest.warns(FutureWarning, match="capital_thb"):
        old = BudgetedCoverage.from_geodataframe(demand, cands, 100_000, backup_weight=0.5)
    assert old.costs.tolist() == [30_000.0, 20_000.0, 20_000.0, 1_000.0]


def _one_site_instance() -> tuple[Any, Any]:
    """Four points (weights 10, 20, 30, 40) and four candidates at one site S1.

    Candidates a and b share the group S1@000 (one variant per site and heading) and see
    P1 and P2; c (S1@090) sees P3 and d (S1@180) P4. Each costs 10,000 baht of capital and
    2,000 a year to run, the columns candidate_sites makes.
    """
    import geopandas as gpd
    from shapely import Point, box

    xs = [0.0, 100.0, 200.0, 300.0]
    demand = gpd.GeoDataFrame(
        {
            "demand_id": [f"point:P{i}" for i in range(1, 5)],
            "kind": "point",
            "weight": [10.0, 20.0, 30.0, 40.0],
            "name": [f"P{i}" for i in range(1, 5)],
            "k_required": 1,
        },
        geometry=[Point(x, 0) for x in xs],
        crs=32647,
    )
    cands = gpd.GeoDataFrame(
        {
            "candidate_id": ["a", "b", "c", "d"],
            "kind": "new",
            "site_id": "S1",
            "group": ["S1@000", "S1@000", "S1@090", "S1@180"],
            "capital_thb": 10_000.0,
            "running_thb_per_year": 2_000.0,
            "site_x": 0.0,
            "site_y": 0.0,
            "site_name": "S1",
            "heading_deg": [0.0, 0.0, 90.0, 180.0],
        },
        geometry=[box(x - 5, -5, x + 5, 5) for x in xs],
        crs=32647,
    )
    return demand, cands


def test_from_geodataframe_costs_and_caps_candidates_as_a_plan_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Default costs are the first year's (capital + running); default caps are the plan's."""
    monkeypatch.setattr(cg.settings, "planning_max_per_site", 2)
    demand, cands = _one_site_instance()
    # 12,000 a candidate: 23,999 buys one (P4, 40), not two as capital alone (20,000) would.
    one = BudgetedCoverage.from_geodataframe(demand, cands, 23_999).solve("exact")
    assert one.costs.tolist() == [12_000.0] * 4
    assert (one.selected.tolist(), one.objective) == ([3], 40.0)
    # Money for all four: one of a/b (one group), two cameras at the site: d and c.
    capped = BudgetedCoverage.from_geodataframe(demand, cands, 1e6).solve("exact")
    assert sorted(capped.selected.tolist()) == [2, 3]
    assert capped.objective == 70.0
    # The plan on the same instance makes the same choice.
    chosen = cg.planning.plan(demand, cands, budget=1e6, method="exact")
    assert sorted(chosen.sites["candidate_id"]) == ["c", "d"]
    # No groups: every candidate; the group alone: b, c and d (no site cap).
    free = BudgetedCoverage.from_geodataframe(demand, cands, 1e6, groups=[]).solve("exact")
    assert free.objective == 100.0
    by_group = BudgetedCoverage.from_geodataframe(demand, cands, 1e6, groups="group")
    assert by_group.solve("exact").objective == 20.0 + 30.0 + 40.0
    site_cap_3 = BudgetedCoverage.from_geodataframe(demand, cands, 1e6, max_per_group=[1, 3])
    assert site_cap_3.solve("exact").objective == 90.0


def _sf_case() -> tuple[np.ndarray, np.ndarray]:
    """spopt's published real-world MCLP case: 205 SF tracts, 16 stores, network distances."""
    pytest.importorskip("spopt", reason="spopt (dev extra) ships the San Francisco case")
    import pandas as pd

    data = resources.files("spopt").joinpath("tests", "test_locate", "data")
    dist = pd.read_csv(data / "SF_network_distance_candidateStore_16_censusTract_205_new.csv")
    table = dist.pivot_table(values="distance", index="DestinationName", columns="name")
    tracts = pd.read_csv(data / "SF_demand_205_centroid_uniform_weight.csv").sort_values("NAME")
    assert (table.index.to_numpy() == tracts["NAME"].to_numpy()).all()
    return table.to_numpy(), tracts["POP2000"].to_numpy(dtype=float)


def test_spopt_san_francisco_mclp_case() -> None:
    """Radius 5,000 m, p = 4: the same optimal covered population as spopt's MCLP."""
    distance, population = _sf_case()
    covered = (distance <= 5000.0).T.astype(float)  # stores x tracts
    bc = BudgetedCoverage.from_matrix(covered, population, np.ones(16), 4).solve("exact")
    # spopt's test suite publishes 21 uncovered tracts of 205 (89.756 % covered) for p = 4.
    values = bc.element_values(bc.selected)
    assert len(bc.selected) == 4
    assert int((values == 0).sum()) == 21
    assert 100 * (values > 0).mean() == pytest.approx(89.75609756097561)
    # And the covered population equals spopt's own optimum, solved here with PuLP/CBC.
    import pulp

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # spopt/pulp internals may warn; not what is tested
        from spopt.locate import MCLP

        peer = MCLP.from_cost_matrix(distance, population, 5000.0, 4)
        peer.solve(pulp.PULP_CBC_CMD(msg=False))
    assert bc.objective == pytest.approx(pulp.value(peer.problem.objective))
    greedy = BudgetedCoverage.from_matrix(covered, population, np.ones(16), 4).solve("greedy")
    assert greedy.objective >= 0.98 * bc.objective
