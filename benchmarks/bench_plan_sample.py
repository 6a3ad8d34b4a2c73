"""Time the optimiser inside ``plan()`` on the bundled sample (3 years, with the certificate).

Runs the example of docs/planning.md (5 M baht over 3 years, existing cameras fixed,
buildings occluding) and times every ``BudgetedCoverage.solve`` call that ``plan()``
makes, with the size of its instance, its method and its certified gap. The footprints,
the coverage matrix and the rest of ``plan()`` are timed as one remainder.

Usage::

    .venv/bin/python benchmarks/bench_plan_sample.py
"""

from __future__ import annotations

import time
from typing import Any

import cctvgeo as cg
from cctvgeo.planning import BudgetedCoverage


def timed_plan() -> tuple[float, list[dict[str, Any]]]:
    """Run the sample plan; return its total seconds and one record per solve."""
    records: list[dict[str, Any]] = []
    solve = BudgetedCoverage.solve

    def recording(self: BudgetedCoverage, *args: Any, **kwargs: Any) -> BudgetedCoverage:
        start = time.perf_counter()
        out = solve(self, *args, **kwargs)
        records.append(
            {
                "seconds": time.perf_counter() - start,
                "candidates": self.n_candidates,
                "elements": self.n_demand,
                "nnz": self.coverage.nnz,
                "method": self.method,
                "gap": self.gap,
                "status": self.status,
            }
        )
        return out

    sample = cg.datasets.load_sample()
    segs = cg.coverage.road_segments(sample.roads)
    cams = cg.project(sample.cameras)
    dem = cg.riskpoints.demand(segs, risk_points=sample.risk_points, routes=sample.escape_routes)
    cand = cg.planning.candidate_sites(
        segs, risk_points=sample.risk_points, cams=cams, buildings=sample.buildings
    )
    BudgetedCoverage.solve = recording  # type: ignore[method-assign]
    try:
        start = time.perf_counter()
        cg.planning.plan(
            dem, cand, budget=5_000_000, years=3, cams=cams, buildings=sample.buildings
        )
        total = time.perf_counter() - start
    finally:
        BudgetedCoverage.solve = solve  # type: ignore[method-assign]
    return total, records


def main() -> None:
    total, records = timed_plan()
    print("| solve | candidates | elements | nnz | seconds | method | certified gap |")
    print("|---|---|---|---|---|---|---|")
    for k, r in enumerate(records, 1):
        print(
            f"| {k} | {r['candidates']:,} | {r['elements']:,} | {r['nnz']:,} | "
            f"{r['seconds']:.2f} | {r['method']} | {r['gap']:.3%} |"
        )
    solves = sum(r["seconds"] for r in records)
    print(f"\nplan(): {total:.1f} s, of which {len(records)} solves {solves:.1f} s")


if __name__ == "__main__":
    main()
