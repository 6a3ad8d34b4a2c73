"""Benchmark the pipeline of ``cctvgeo demo`` step by step, and a notebook's re-planning.

Part 1 (demo): the steps of ``cctvgeo demo`` on the bundled sample province, in one
process as the command runs them (survey, roads, footprints, coverage, risk points,
requests, escape routes, districts, plan, map, dashboard), each timed, and the number of
optimiser solves (:meth:`cctvgeo.planning.BudgetedCoverage.solve`) in the run.

Part 2 (notebook): what a planner does in ``notebooks/04_budget_plan.ipynb`` after the
demand and the candidates are built: a 3-year plan of the sample (``plan()``), a new budget
on the same problem (``InstallationPlan.replan``: footprints and coverage matrix reused),
its coverage curve (``coverage_curve()``, 11 points) and the plan's summary.

Both parts run with the optimiser's settings as they are; ``--lagrangian N`` sets
``cctvgeo.settings.planning_lagrangian_iterations`` to ``N`` first (0: no Lagrangian
phase), to tell this pipeline's time from the optimiser's.

Usage::

    .venv/bin/python benchmarks/bench_pipeline.py                  # both parts
    .venv/bin/python benchmarks/bench_pipeline.py --lagrangian 0   # without the Lagrangian phase
    .venv/bin/python benchmarks/bench_pipeline.py --notebook       # part 2 only
    .venv/bin/python benchmarks/bench_pipeline.py --notebook --lagrangian 0 --compare-curve
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cctvgeo as cg
from cctvgeo.cli import pipeline
from cctvgeo.cli.config import DEMO_CONFIG, parse_config
from cctvgeo.planning import BudgetedCoverage


class SolveCounter:
    """Count calls of ``BudgetedCoverage.solve`` while in use."""

    def __enter__(self) -> SolveCounter:
        self.calls = 0
        self.original = BudgetedCoverage.solve

        def counted(problem: BudgetedCoverage, *args: Any, **kwargs: Any) -> BudgetedCoverage:
            self.calls += 1
            return self.original(problem, *args, **kwargs)

        BudgetedCoverage.solve = counted  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        BudgetedCoverage.solve = self.original  # type: ignore[method-assign]


Rows = list[tuple[str, float, float]]


def timed(label: str, rows: Rows, fn: Callable[[], Any]) -> Any:
    """Run ``fn``; append its wall-clock and CPU seconds (CPU: this process, every thread)."""
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    rows.append((label, time.perf_counter() - wall, time.process_time() - cpu))
    return out


def table(title: str, rows: Rows) -> str:
    lines = [f"| {title} | wall s | CPU s |", "|---|---|---|"]
    lines += [f"| {label} | {wall:.2f} | {cpu:.2f} |" for label, wall, cpu in rows]
    wall, cpu = sum(r[1] for r in rows), sum(r[2] for r in rows)
    lines.append(f"| **all** | **{wall:.1f}** | **{cpu:.1f}** |")
    return "\n".join(lines)


def demo_steps(out: Path) -> tuple[Rows, int]:
    """Run the demo's steps one by one; their times and the optimiser solves."""
    cfg = parse_config(DEMO_CONFIG, base=Path.cwd())
    steps = pipeline._steps(cfg, {k for k, v in cfg.outputs.items() if v})
    res = pipeline._Results(wanted={k for k, v in cfg.outputs.items() if v})
    rows: Rows = []
    with SolveCounter() as counter:
        for label, step in steps:
            timed(label, rows, lambda step=step: step(cfg, res, out))
    return rows, counter.calls


def notebook(rows: Rows, *, compare: bool = False) -> int:
    """The re-planning of notebook 04 on the sample; its times, and the solves.

    With ``compare``, the parametric curve is also printed against one solve per point
    (``coverage_curve(method="auto")``, the greedy on an instance of this size).
    """
    s = cg.datasets.load_sample()
    segments = cg.coverage.road_segments(s.roads, max_length=20.0)
    rp = cg.project(cg.riskpoints.read_risk_points(s.risk_points_path, errors="report")[0])
    demand = cg.riskpoints.demand(segments, risk_points=rp, routes=s.escape_routes)
    footprints = cg.coverage.fields_of_view(s.cameras, roads=s.roads, buildings=s.buildings)
    candidates = cg.planning.candidate_sites(
        segments,
        risk_points=rp,
        cams=s.cameras,
        buildings=s.buildings,
        headings="road",
        footprints=footprints,
    )
    with SolveCounter() as counter:
        p = timed(
            "plan(), 3 years",
            rows,
            lambda: cg.planning.plan(
                demand,
                candidates,
                annual_budgets=[3e6, 2e6, 2e6],
                cams=s.cameras,
                buildings=s.buildings,
                method="greedy",
                footprints=footprints,
            ),
        )
        timed("coverage_curve(), 11 points", rows, p.coverage_curve)
        timed("summary()", rows, p.summary)
        p2 = timed("replan(budget=5e6)", rows, lambda: p.replan(budget=5e6, method="greedy"))
        timed("coverage_curve() of the re-plan", rows, p2.coverage_curve)
    if compare:
        curve = p.coverage_curve()
        solved = timed(
            "coverage_curve(method='auto'): a solve per point",
            rows,
            lambda: p.coverage_curve(method="auto"),
        )
        curve["gain_solved"], curve["upper_bound_solved"] = solved["gain"], solved["upper_bound"]
        curve["gain_ratio"] = curve["gain"] / curve["gain_solved"]
        print(
            curve[
                [
                    "budget_thb",
                    "gain",
                    "gain_solved",
                    "gain_ratio",
                    "upper_bound",
                    "upper_bound_solved",
                ]
            ]
            .round(3)
            .to_string()
        )
    return counter.calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--lagrangian", type=int, default=None, help="Lagrangian iterations")
    parser.add_argument("--notebook", action="store_true", help="part 2 only")
    parser.add_argument(
        "--compare-curve", action="store_true", help="the curve against a solve per point"
    )
    args = parser.parse_args()
    if args.lagrangian is not None:
        cg.settings.planning_lagrangian_iterations = args.lagrangian
    print(f"planning_lagrangian_iterations = {cg.settings.planning_lagrangian_iterations}")
    if not args.notebook:
        with tempfile.TemporaryDirectory() as tmp:
            rows, solves = demo_steps(Path(tmp))
        print("\n" + table("demo step", rows))
        print(f"\noptimiser solves in the demo: {solves}")
    rows = []
    solves = notebook(rows, compare=args.compare_curve)
    print("\n" + table("notebook step", rows))
    print(f"\noptimiser solves in the notebook part: {solves}")


if __name__ == "__main__":
    main()
