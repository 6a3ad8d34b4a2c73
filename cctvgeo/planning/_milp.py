"""The exact method of budgeted coverage: reduced-cost fixing and a MILP solved by HiGHS.

:class:`ExactCoverage` adds to the greedy pipeline of :class:`GreedyCoverage` the MILP on
level elements (a maximal covering model, Church & ReVelle 1974) and the loop of
:meth:`cctvgeo.planning.BudgetedCoverage.solve` with ``method="exact"``: fix candidates by
their reduced costs at the Lagrangian multipliers (:mod:`cctvgeo.planning._fixing`), solve
the rest with :func:`scipy.optimize.milp`, lower the threshold until the optimum is proved.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse

from cctvgeo.planning._fixing import reduced_cost_fixing
from cctvgeo.planning._greedy import PROVED, REL_TOL, GreedyCoverage, relative_gap
from cctvgeo.planning._lagrange import DualResult, lagrangian_bound, round_down
from cctvgeo.planning._levels import split_levels

if TYPE_CHECKING:  # pragma: no cover
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float64]
    IntArray = npt.NDArray[np.intp]
    BoolArray = npt.NDArray[np.bool_]

# The exact method's first fixing threshold lies this share of the way from the bound down
# to the best plan; each retry moves it this many times further down.
_FIRST_THRESHOLD_SHARE = 64.0
_WIDEN = 4.0


@dataclass
class Milp:
    """The MILP's arrays and how to read its solution back."""

    free: IntArray  # candidate position of each binary
    constant: float  # objective of the elements left out of the model
    c: FloatArray
    upper: FloatArray
    integrality: FloatArray
    a: sparse.csr_array
    ub: FloatArray
    n_rows: int


class ExactCoverage(GreedyCoverage):
    """The greedy pipeline and the exact method (the base of ``BudgetedCoverage``)."""

    # ------------------------------------------------------------------ exact

    def _milp(self, fixed: BoolArray | None = None, allowed: BoolArray | None = None) -> Milp:
        """The MILP on level elements: binaries x (free candidates), shares y and backups z.

        Each demand element is split at its distinct share values into level elements
        (see the module notes), each covered 0/1. For a level element ``l`` of weight
        ``u_l``, covered by ``C_l`` mandatory candidates and by the free candidates ``F_l``:
        maximise ``sum u_l (y_l + beta_l z_l)`` subject to
        ``y_l + z_l - sum_{i in F_l} x_i <= C_l``, ``0 <= y_l, z_l <= 1``; the budget; and
        per group that could overfill ``sum x_i <= cap - mandatory members``. Levels already
        saturated by mandatory candidates, with no weight or out of every free candidate's
        reach are constants; identical level elements are merged.

        ``fixed`` (default: the mandatory candidates) and ``allowed`` (default: all) restrict
        it: the candidates fixed to 1 count as mandatory, those neither fixed nor allowed
        are left out (fixed to 0).
        """
        n, m = self.coverage.shape
        fixed = self.fixed if fixed is None else fixed
        free = np.flatnonzero(~fixed if allowed is None else allowed & ~fixed)
        local = np.full(n, -1, dtype=np.intp)
        local[free] = np.arange(free.size)
        coo = sparse.coo_array(self.coverage)
        if allowed is not None:
            keep = (allowed | fixed)[coo.row]
            coo = sparse.coo_array(
                (coo.data[keep], (coo.row[keep], coo.col[keep])), shape=coo.shape
            )
        lv = split_levels(coo, fixed, m)
        u = self.weights[lv.column] * lv.step
        b = self.beta[lv.column]
        top = np.where(b > 0, 2, 1)
        active = (u > 0) & (lv.n_free > 0) & (lv.n_fixed < top)
        held = lv.n_fixed.astype(np.float64)
        h = np.minimum(held, 1.0) + b * np.clip(held - 1.0, 0.0, 1.0)
        constant = float(u[~active] @ h[~active])
        # The free candidates covering each level element, as a (n_free, n_levels) matrix.
        cover = sparse.csc_array(
            (np.ones(lv.entry_row.size), (local[lv.entry_row], lv.entry_level)),
            shape=(free.size, lv.step.size),
        )
        cols = np.flatnonzero(active)
        rep, u_merged = merge_identical_columns(cover, cols, held, b, u)
        keep = cols[rep]
        n_x, n_y = free.size, keep.size
        backup = np.flatnonzero(b[keep] > 0)
        n_z = backup.size
        z_rows = sparse.csr_array(
            (np.ones(n_z), (backup, np.arange(n_z))), shape=(n_y, n_z), dtype=np.float64
        )
        a_t = sparse.csr_array(cover[:, keep].T)
        blocks = [sparse.hstack([-a_t, sparse.eye_array(n_y, format="csr"), z_rows])]
        ub_rows = [held[keep]]
        blocks.append(
            sparse.csr_array(np.concatenate([self.costs[free], np.zeros(n_y + n_z)])[None, :])
        )
        ub_rows.append(np.array([self.budget - float(self.costs[fixed].sum())]))
        for codes, cap in zip(self.groups, self.caps, strict=True):
            found = group_rows(codes, cap, free, fixed, n_x + n_y + n_z)
            if found is not None:
                blocks.append(found[0])
                ub_rows.append(found[1])
        return Milp(
            free=free,
            constant=constant,
            c=np.concatenate([np.zeros(n_x), -u_merged, -u_merged[backup] * b[keep][backup]]),
            upper=np.ones(n_x + n_y + n_z),
            integrality=np.concatenate([np.ones(n_x), np.zeros(n_y + n_z)]),
            a=sparse.vstack(blocks, format="csr"),
            ub=np.concatenate(ub_rows),
            n_rows=n_y,
        )

    def _solve_exact(self, time_limit: float, mip_rel_gap: float) -> None:
        """Prove the greedy pipeline's plan optimal, or find the optimum, within the time limit.

        When the Lagrangian phase left multipliers, candidates are fixed by their reduced
        costs (:mod:`cctvgeo.planning._fixing`) against a threshold just below the bound
        and HiGHS solves the MILP on the candidates left free; while the restricted
        optimum falls short of the threshold, the threshold is lowered (down to the best
        plan's value, where the fixing is exact) and the MILP solved again. Without
        multipliers, the MILP on all candidates.
        """
        deadline = time.monotonic() + time_limit
        if self.gap <= max(mip_rel_gap, PROVED):
            proved = "proved optimal" if self.gap <= PROVED else f"gap {self.gap:.2%}"
            self.status = (
                f"Exact: the plan of the greedy pipeline ({self.method}) meets the "
                f"Lagrangian bound; {proved}."
            )
            return
        dual = self._dual
        if dual is None:
            self._exact_round(self.fixed, None, -math.inf, deadline, mip_rel_gap)
            return
        margin = PROVED * max(self.upper_bound, 1.0)
        delta = (self.upper_bound - self.objective) / _FIRST_THRESHOLD_SHARE
        while True:
            threshold = max(self.objective, self.upper_bound - delta)
            to_one, to_zero = reduced_cost_fixing(dual, self.costs, ~self.fixed, threshold, margin)
            done = self._exact_round(
                self.fixed | to_one, ~to_zero, threshold, deadline, mip_rel_gap
            )
            if done or self.gap <= mip_rel_gap or threshold <= self.objective:
                return
            if time.monotonic() >= deadline:
                return
            if self.objective > dual.value:
                # A better plan is a better target: closer multipliers fix more.
                dual = self._refine_dual(dual)
            delta *= _WIDEN

    def _refine_dual(self, dual: DualResult) -> DualResult:
        """Go on with the Lagrangian phase from its multipliers, towards the current plan.

        Returns the multipliers of the smaller bound, and tightens ``upper_bound``.
        """
        found = lagrangian_bound(
            self._swap_problem(),
            self.fixed,
            (self.objective, self._selected_mask()),
            self._lagrangian_iterations(),
            self._within_groups,
            multipliers=dual.multipliers,
        )
        if found.bound >= dual.bound:
            return dual
        bound = round_down(self._swap_problem(), found.bound)
        self.upper_bound = max(min(self.upper_bound, bound), self.objective)
        self.gap = relative_gap(self.objective, self.upper_bound)
        return found

    def _exact_round(
        self,
        fixed: BoolArray,
        allowed: BoolArray | None,
        threshold: float,
        deadline: float,
        mip_rel_gap: float,
    ) -> bool:
        """One MILP on the candidates neither fixed nor left out; whether it proved optimality.

        Every plan outside the restricted problem is worth less than ``threshold``, so the
        optimum is at most the larger of it and the MILP's dual bound. The MILP's plan
        replaces the solution when it is better.
        """
        model = self._milp(fixed, allowed)
        n_x = len(model.free)
        if not self.feasible(fixed):
            # The candidates fixed to 1 overfill the budget or a group: no plan in there.
            chosen, optimal, bound = None, True, -math.inf
        elif n_x == 0 or model.n_rows == 0:
            chosen, optimal, bound = fixed, True, -math.inf
        else:
            chosen, optimal, bound = self._run_milp(model, fixed, deadline, mip_rel_gap)
        value = -math.inf if chosen is None else self.value(chosen)
        if chosen is not None and value > self.objective + REL_TOL * max(self.total_weight, 1.0):
            self._adopt(chosen, "exact")
        if optimal:
            bound = max(bound, value)
        self.upper_bound = max(min(self.upper_bound, max(threshold, bound)), self.objective)
        self.gap = relative_gap(self.objective, self.upper_bound)
        proved = optimal and value >= threshold - PROVED * max(abs(threshold), 1.0)
        left = (
            ""
            if allowed is None
            else f"reduced-cost fixing left {n_x} of {self.n_candidates} candidates; "
        )
        self.status = (
            f"Exact ({left}HiGHS MILP, {n_x} binaries, {model.n_rows} demand rows): "
            f"{'proved optimal' if proved else 'not proved optimal'}; gap {self.gap:.2%}."
        )
        return proved

    def _run_milp(
        self, model: Milp, fixed: BoolArray, deadline: float, mip_rel_gap: float
    ) -> tuple[BoolArray | None, bool, float]:
        """Solve a MILP with HiGHS: its plan (None if none found), whether optimal, dual bound.

        An infeasible MILP counts as solved, with no plan and a bound of ``-inf``.
        """
        from scipy.optimize import Bounds, LinearConstraint, milp

        res = milp(
            model.c,
            integrality=model.integrality,
            bounds=Bounds(np.zeros_like(model.upper), model.upper),
            constraints=LinearConstraint(model.a, -np.inf, model.ub),
            options={
                "time_limit": max(deadline - time.monotonic(), 0.01),
                "mip_rel_gap": float(mip_rel_gap),
            },
        )
        if res.status == 2:
            return None, True, -math.inf
        dual = getattr(res, "mip_dual_bound", None)
        bound = (
            model.constant - float(dual) if dual is not None and math.isfinite(dual) else math.inf
        )
        if res.x is None:
            return None, False, bound
        chosen = fixed.copy()
        chosen[model.free[res.x[: len(model.free)] > 0.5]] = True
        return chosen, res.status == 0, bound


def group_rows(
    codes: IntArray, cap: int, free: IntArray, fixed: BoolArray, width: int
) -> tuple[sparse.csr_array, FloatArray] | None:
    """MILP rows ``sum x_i <= cap - mandatory members`` for the groups that can overfill."""
    fc = codes[free]
    member = np.flatnonzero(fc >= 0)
    if member.size == 0:
        return None
    labels, local = np.unique(fc[member], return_inverse=True)
    held = np.bincount(codes[fixed & (codes >= 0)], minlength=int(codes.max()) + 1)
    room = cap - held[labels]
    binding = np.bincount(local, minlength=labels.size) > room
    if not binding.any():
        return None
    rows_of = np.full(labels.size, -1)
    rows_of[binding] = np.arange(int(binding.sum()))
    use = binding[local]
    rows = sparse.csr_array(
        (np.ones(int(use.sum())), (rows_of[local[use]], member[use])),
        shape=(int(binding.sum()), width),
    )
    return rows, room[binding].astype(np.float64)


def merge_identical_columns(
    sub: sparse.csc_array, cols: IntArray, s0: FloatArray, beta: FloatArray, w: FloatArray
) -> tuple[IntArray, FloatArray]:
    """Merge demand columns with identical coverage, base share and backup weight.

    Returns positions (into ``cols``) of one representative per distinct column and the
    merged weights. Candidates are found with two random projections and confirmed entry
    by entry, so distinct columns are never merged.
    """
    if cols.size == 0:
        return np.zeros(0, dtype=np.intp), np.zeros(0)
    part = sparse.csc_array(sub[:, cols])
    part.sort_indices()
    rng = np.random.default_rng(0)
    r1, r2 = rng.random(part.shape[0]), rng.random(part.shape[0])
    h1 = np.asarray(part.T @ r1).ravel()
    h2 = np.asarray(part.T @ r2).ravel()
    nnz = np.diff(part.indptr)
    key = np.rec.fromarrays([nnz, h1, h2, s0[cols], beta[cols]])
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    rep_of = first[inverse]  # candidate representative per column
    # Confirm entry by entry.
    same = np.ones(cols.size, dtype=bool)
    check = np.flatnonzero(rep_of != np.arange(cols.size))
    if check.size:
        lengths = nnz[check]
        starts_a = part.indptr[check]
        starts_b = part.indptr[rep_of[check]]
        offs = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        ia = np.repeat(starts_a, lengths) + offs
        ib = np.repeat(starts_b, lengths) + offs
        eq = (part.indices[ia] == part.indices[ib]) & (part.data[ia] == part.data[ib])
        owner = np.repeat(np.arange(check.size), lengths)
        bad = np.bincount(owner, weights=~eq, minlength=check.size) > 0
        same[check[bad]] = False
    rep_of = np.where(same, rep_of, np.arange(cols.size))
    reps, inv = np.unique(rep_of, return_inverse=True)
    merged = np.bincount(inv, weights=w[cols], minlength=reps.size).astype(np.float64)
    return reps.astype(np.intp), merged
