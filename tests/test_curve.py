"""The coverage curve as one parametric computation: monotone, within budget, certified."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_optimize import brute_force  # the one brute force of the planning tests

from cctvgeo.planning import BudgetedCoverage
from cctvgeo.planning._curve import _fill, _knapsack_value, prefix_curve


@st.composite
def instances(draw: st.DrawFn) -> dict:
    """Tiny instances with groups, mandatory candidates (free, as in a plan) and backup."""
    n = draw(st.integers(1, 7))
    m = draw(st.integers(1, 8))
    shares = st.sampled_from([0.0, 0.0, 0.0, 0.25, 0.5, 0.75, 1.0, 1.0])
    cover = np.array(draw(st.lists(shares, min_size=n * m, max_size=n * m))).reshape(n, m)
    fixed = np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    costs = np.array(draw(st.lists(st.integers(0, 12), min_size=n, max_size=n)), dtype=float)
    return {
        "coverage": cover,
        "weights": draw(st.lists(st.integers(0, 10), min_size=m, max_size=m)),
        "costs": np.where(fixed, 0.0, costs),
        "fixed": fixed,
        "k_required": draw(st.lists(st.sampled_from([1, 1, 2]), min_size=m, max_size=m)),
        "binary": draw(st.lists(st.booleans(), min_size=m, max_size=m)),
        "backup_weight": draw(st.sampled_from([0.0, 0.5, 1.0])),
        "groups": [
            [None if f else g for f, g in zip(fixed, groups, strict=True)]
            for groups in (
                draw(st.lists(st.sampled_from(["a", "b", None]), min_size=n, max_size=n)),
                draw(st.lists(st.sampled_from(["s1", "s2"]), min_size=n, max_size=n)),
            )
        ],
        "max_per_group": [1, draw(st.integers(1, 2))],
        "points": draw(st.integers(2, 6)),
    }


def build(inst: dict, budget: float, fixed: np.ndarray | None = None) -> BudgetedCoverage:
    return BudgetedCoverage.from_matrix(
        inst["coverage"],
        inst["weights"],
        inst["costs"],
        budget,
        fixed=inst["fixed"] if fixed is None else fixed,
        groups=inst["groups"],
        max_per_group=inst["max_per_group"],
        k_required=inst["k_required"],
        binary=inst["binary"],
        backup_weight=inst["backup_weight"],
    )


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
@given(instances())
def test_the_curve_is_monotone_within_budget_and_bounds_the_optimum(inst: dict) -> None:
    total = float(inst["costs"].sum())
    full = build(inst, total).solve("greedy")
    order = [int(i) for i in full.selected if not inst["fixed"][i]]
    budgets = np.linspace(0.0, total, inst["points"])
    path = prefix_curve(
        build(inst, total),
        order,
        budgets,
        partner=np.full(len(inst["costs"]), -1, dtype=np.intp),
        problem_at=lambda chosen: build(inst, total, fixed=chosen),
    )
    assert (np.diff(path.objective) >= -1e-9).all()
    for k, budget in enumerate(budgets):
        at = build(inst, budget)
        chosen = path.chosen[k]
        assert at.feasible(chosen), (budget, chosen)
        assert at.value(chosen) == pytest.approx(path.objective[k])
        assert path.cost[k] == pytest.approx(float(inst["costs"][chosen].sum()))
        assert path.cost[k] <= budget + 1e-9
        optimum = brute_force(at)
        assert path.objective[k] <= optimum + 1e-9
        assert path.upper_bound[k] >= optimum - 1e-9
    # At the total budget the curve has at least the full greedy plan.
    assert path.objective[-1] >= full.objective - 1e-9


def test_fill_takes_the_prefix_then_what_still_fits() -> None:
    # 4 + 3 fit in 9; 5 does not; 2 still does; 1 no longer.
    assert _fill(np.array([4.0, 3.0, 5.0, 2.0, 1.0]), 9.0).tolist() == [
        True,
        True,
        False,
        True,
        False,
    ]
    assert _fill(np.array([10.0, 1.0]), 0.0).tolist() == [False, False]
    assert _fill(np.array([0.0, 10.0, 0.0]), 0.0).tolist() == [True, False, True]


def test_knapsack_value_by_hand() -> None:
    # ratios 3, 2, 1; capacity 5 takes the first two (cost 4) and 1/3 of the third.
    gains, costs = np.array([3.0, 6.0, 3.0, -1.0]), np.array([1.0, 3.0, 3.0, 1.0])
    assert _knapsack_value(gains, costs, 5.0) == pytest.approx(3 + 6 + 1)
    assert _knapsack_value(np.array([2.0, 1.0]), np.array([0.0, 4.0]), 2.0) == 2.5
