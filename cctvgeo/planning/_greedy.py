"""The lazy cost-effectiveness greedy of budgeted coverage, its swaps and Lagrangian phase.

:class:`GreedyCoverage` holds a problem's arrays and solution, evaluates sets of candidates
and runs the greedy pipeline of :meth:`cctvgeo.planning.BudgetedCoverage.solve`: the lazy
greedy (Leskovec et al. 2007) with the Khuller-Moss-Naor correction, optional partial
enumeration, swaps (:mod:`cctvgeo.planning._swaps`) and the Lagrangian phase
(:mod:`cctvgeo.planning._lagrange`). The guarantees and references are in
:class:`cctvgeo.planning.BudgetedCoverage`.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy import sparse

from cctvgeo import settings
from cctvgeo._validate import ValidationReport
from cctvgeo.planning._inputs import as_mask
from cctvgeo.planning._lagrange import (
    DualResult,
    fractional_knapsack,
    lagrangian_bound,
    level_value,
    round_down,
)
from cctvgeo.planning._levels import add_shares, level_matrix, top_two_shares
from cctvgeo.planning._rows import row_entries
from cctvgeo.planning._swaps import SwapProblem, improve_by_swaps

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float64]
    IntArray = npt.NDArray[np.intp]
    BoolArray = npt.NDArray[np.bool_]

# Gains below this share of the total weight are rounding, not coverage.
REL_TOL = 1e-12
# A relative gap at or below this is a proof of optimality (rounding allowance).
PROVED = 1e-9


@dataclass
class State:
    """The greedy's current selection."""

    m1: FloatArray  # best share per demand element
    m2: FloatArray  # second-best share (backup coverage)
    chosen: BoolArray
    counts: list[IntArray]  # selected members per group, per grouping
    spent: float


class GreedyCoverage:
    """A budgeted coverage problem's arrays and solution, and the greedy pipeline.

    The base of :class:`cctvgeo.planning.BudgetedCoverage`, which documents the attributes.
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
        self._no_backup = not beta.any()
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
        mask = as_mask(chosen, self.n_candidates, "chosen", ValidationReport())
        at, _ = row_entries(self.coverage, np.flatnonzero(mask))
        cols = self.coverage.indices[at].astype(np.intp)
        return top_two_shares(cols, self.coverage.data[at], self.n_demand)

    def element_values(self, chosen: Any) -> FloatArray:
        """Per demand element, ``m1 + beta * m2`` in [0, 1 + beta]: 1 is covered once, fully."""
        m1, m2 = self.top_two(chosen)
        return m1 + self.beta * m2

    def value(self, chosen: Any) -> float:
        """``f(chosen)``: the weighted covered demand of a set of candidates."""
        return float(self.weights @ self.element_values(chosen))

    def _state_value(self, state: State) -> float:
        return float(self.weights @ (state.m1 + self.beta * state.m2))

    def feasible(self, chosen: Any) -> bool:
        """Whether a set respects the budget, the groups and the mandatory candidates."""
        mask = as_mask(chosen, self.n_candidates, "chosen", ValidationReport())
        if (self.fixed & ~mask).any():
            return False
        if float(self.costs[mask].sum()) > self.budget * (1 + 1e-12) + 1e-9:
            return False
        for codes, cap in zip(self.groups, self.caps, strict=True):
            sel = codes[mask & (codes >= 0)]
            if sel.size and np.bincount(sel).max() > cap:
                return False
        return True

    def _finish(self, state: State, order: list[int], gains: list[float], method: str) -> None:
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

    def _add_gain(self, i: int, state: State) -> float:
        cols, a = self._row(i)
        if cols.size == 0:
            return 0.0
        if self._no_backup:
            # Only the best share counts: the gain is what ``a`` adds above it.
            return float(self.weights[cols] @ np.maximum(a - state.m1[cols], 0.0))
        m1, m2, b = state.m1[cols], state.m2[cols], self.beta[cols]
        n1, n2 = add_shares(m1, m2, a)
        return float(self.weights[cols] @ (n1 - m1 + b * (n2 - m2)))

    def _columns_without(
        self, state: State, out: int, cols: IntArray
    ) -> tuple[FloatArray, FloatArray]:
        """Top two on ``cols`` over the chosen candidates other than ``out``."""
        sub = sparse.coo_array(self._csc_matrix()[:, cols])
        keep = state.chosen[sub.row] & (sub.row != out)
        return top_two_shares(sub.col[keep].astype(np.intp), sub.data[keep], cols.size)

    def _swap_gain(self, i: int, out: int, state: State) -> float:
        ci, ai = self._row(i)
        co, _ = self._row(out)
        cols = np.union1d(ci, co).astype(np.intp)
        if cols.size == 0:
            return 0.0
        t1, t2 = self._columns_without(state, out, cols)
        a = np.zeros(cols.size)
        a[np.searchsorted(cols, ci)] = ai
        n1, n2 = add_shares(t1, t2, a)
        m1, m2, b = state.m1[cols], state.m2[cols], self.beta[cols]
        return float(self.weights[cols] @ (n1 - m1 + b * (n2 - m2)))

    def _all_add_gains(self, state: State, rows: IntArray) -> FloatArray:
        """Add-gains of many candidates at once (one vectorised pass over their entries)."""
        at, counts = row_entries(self.coverage, rows)
        cols = self.coverage.indices[at]
        m1, m2, b = state.m1[cols], state.m2[cols], self.beta[cols]
        n1, n2 = add_shares(m1, m2, self.coverage.data[at])
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

    def _fits_groups(self, i: int, state: State, out: int) -> bool:
        for codes, counts, cap in zip(self.groups, state.counts, self.caps, strict=True):
            g = codes[i]
            if g < 0:
                continue
            held = counts[g] - (1 if out >= 0 and codes[out] == g else 0)
            if held + 1 > cap:
                return False
        return True

    def _fit_groups(self, cand: IntArray, state: State) -> BoolArray:
        """Per candidate of ``cand``: whether its groups have room for one more.

        :meth:`_fits_groups` with nothing replaced, for all of them at once.
        """
        fits = np.ones(cand.size, dtype=bool)
        for codes, counts, cap in zip(self.groups, state.counts, self.caps, strict=True):
            g = codes[cand]
            fits &= (g < 0) | (counts[np.maximum(g, 0)] < cap)
        return fits

    def _new_state(self, chosen: BoolArray) -> State:
        counts = [
            np.bincount(codes[chosen & (codes >= 0)], minlength=int(codes.max()) + 1)
            if codes.size and codes.max() >= 0
            else np.zeros(1, dtype=np.intp)
            for codes in self.groups
        ]
        m1, m2 = self.top_two(chosen)
        return State(
            m1=m1,
            m2=m2,
            chosen=chosen.copy(),
            counts=counts,
            spent=float(self.costs[chosen].sum()),
        )

    def _take(self, state: State, i: int, out: int) -> None:
        cols, a = self._row(i)
        state.m1[cols], state.m2[cols] = add_shares(state.m1[cols], state.m2[cols], a)
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
    ) -> tuple[State, list[int], list[float]]:
        """Lazy cost-effectiveness greedy from the set ``start`` over ``allowed`` candidates.

        It goes on past candidates that no longer fit (Khuller, Moss & Naor's variant), so it
        fills the budget. Heap keys are upper bounds on each candidate's ratio (add-gains
        only shrink as coverage grows); after a swap lowers coverage, the keys of the
        candidates touching the freed elements are refreshed.
        """
        state = self._new_state(start)
        lazy = LazyHeap(self, state, allowed & ~state.chosen, budget)
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
        swapped = self._selected_mask() if self._improve_by_swaps(state.chosen) else None
        self.upper_bound = self._lagrangian_phase()
        if self.upper_bound > self.objective:
            # Not proved by the Lagrangian bound: the greedy's online bounds may be lower
            # (when it is proved, they are no lower than the optimum it proves).
            self.upper_bound = min(self.upper_bound, self._online_bound(state))
            if swapped is not None:
                self.upper_bound = min(
                    self.upper_bound, self._online_bound(self._new_state(swapped))
                )
        self.gap = relative_gap(self.objective, self.upper_bound)
        proved = "; proved optimal" if self.gap <= PROVED else ""
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
        return max(round_down(levels, dual.bound), self.objective)

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
        lv = level_matrix(self.coverage, self.fixed)
        cover = lv.cover
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
            tol=REL_TOL * max(self.total_weight, 1.0),
        )

    def _best_single(self, base: BoolArray, allowed: BoolArray) -> tuple[int, float, int] | None:
        state = self._new_state(base)
        room = self.budget - state.spent
        cand = np.flatnonzero(allowed & (self.costs <= room + 1e-9 + 1e-12 * self.budget))
        if cand.size == 0:
            return None
        gains = self._all_add_gains(state, cand)
        partner = self._incumbent_partner()[cand]
        swaps = partner >= 0
        swaps[swaps] = state.chosen[partner[swaps]]
        gains[~swaps & ~self._fit_groups(cand, state)] = -np.inf
        for k in np.flatnonzero(swaps).tolist():
            i, out = int(cand[k]), int(partner[k])
            fits = self._fits_groups(i, state, out)
            gains[k] = self._swap_gain(i, out, state) if fits else -np.inf
        k = int(np.argmax(gains))
        if not gains[k] > 0:
            return None
        return int(cand[k]), float(gains[k]), int(partner[k]) if swaps[k] else -1

    def _partial_enumeration(
        self, base: BoolArray, allowed: BoolArray, incumbent_value: float
    ) -> tuple[State, list[int], list[float]] | None:
        cand = np.flatnonzero(allowed).tolist()
        n_seeds = math.comb(len(cand), 3) + math.comb(len(cand), 2)
        if n_seeds > settings.planning_max_seeds:
            raise ValueError(
                f"seeds=3 needs {n_seeds:,} seed sets for {len(cand)} candidates, more than "
                f"settings.planning_max_seeds={settings.planning_max_seeds:,}. Use seeds=1."
            )
        best_value = incumbent_value
        best: tuple[State, list[int], list[float]] | None = None
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

    def _replay(self, base: BoolArray, order: Sequence[int]) -> tuple[State, list[float]]:
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

    def _online_bound(self, state: State) -> float:
        value = self._state_value(state)
        rest = np.flatnonzero(~state.chosen)
        capacity = self.budget - float(self.costs[self.fixed].sum())
        gains = self._all_add_gains(state, rest)
        bound = value + float(gains @ fractional_knapsack(gains, self.costs[rest], capacity))
        # Nothing can cover more than the elements some candidate reaches.
        everything = np.ones(self.n_candidates, dtype=bool)
        return min(bound, level_value(self._swap_problem(), everything))

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


class LazyHeap:
    """The candidates of a lazy greedy, keyed by an upper bound on their gain per baht."""

    def __init__(
        self, problem: GreedyCoverage, state: State, cand_mask: BoolArray, budget: float
    ) -> None:
        self.p = problem
        self.state = state
        self.budget = budget
        self.eps = 1e-9 + 1e-12 * (budget if math.isfinite(budget) else 0.0)
        self.tol = REL_TOL * max(problem.total_weight, 1.0)
        self.partner = problem._incumbent_partner()
        n = problem.n_candidates
        self.version = np.zeros(n, dtype=np.int64)
        self.alive = cand_mask.copy()
        cand = np.flatnonzero(cand_mask)
        ub = problem._all_add_gains(state, cand) if cand.size else np.zeros(0)
        cost = problem.costs[cand]
        # Nothing fits once the budget left is below the cheapest candidate's cost.
        self.cheapest = float(cost.min()) if cand.size else math.inf
        keep = ub > self.tol
        cand, ub, cost = cand[keep], ub[keep], cost[keep]
        # Keys as gain_per_baht gives them (all gains here are positive), sorted: a heap.
        ratio = np.divide(ub, cost, out=np.full(ub.size, math.inf), where=cost > 0)
        order = np.lexsort((cand, -ratio))
        self.heap: list[tuple[float, int, int]] = list(
            zip((-ratio[order]).tolist(), cand[order].tolist(), itertools.repeat(0))
        )
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
        if self.state.spent + self.cheapest > self.budget + self.eps:
            self.heap = []  # budgets only shrink: nothing will fit again
            return None
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
                self.popped.append((gain_per_baht(add, cost), i))
            if gain > self.tol:
                r = gain_per_baht(gain, cost)
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
                    self._push(gain_per_baht(g, float(self.p.costs[j])), j)
                else:
                    self.version[j] += 1


def gain_per_baht(gain: float, cost: float) -> float:
    if cost <= 0:
        return math.inf if gain > 0 else 0.0
    return gain / cost


def relative_gap(objective: float, bound: float) -> float:
    if not math.isfinite(bound):
        return math.inf
    if objective <= 0:
        return 0.0 if bound <= 1e-12 else math.inf
    return max(0.0, (bound - objective) / objective)
