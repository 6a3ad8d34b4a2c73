"""Time the committee pack of the demo plan against the plan's own workbook, in one run.

Runs ``cctvgeo demo``'s pipeline once (not timed), keeping its plan, then times, ``--reps``
times each and alternating so that the machine's load falls on both alike:

* the pack: ``plan.proposals(...)`` (grouping, costs, what each project covers) and
  ``cctvgeo.pack.write_pack`` (maps, PDFs through WeasyPrint, DOCX), as ``cctvgeo plan``
  runs them;
* the peers: ``plan.to_excel`` of the same plan (four sheets, the coverage curve read from
  the plan's cache), and the committee dashboard (``cg.report.dashboard`` with its
  matplotlib charts, written as HTML and Excel), as ``cctvgeo plan`` writes it.

The pack's CPU time is also split into its parts: grouping (``plan.proposals``), maps,
PDF layout and writing, and DOCX.

Wall and CPU seconds are both printed: the machine is shared, and CPU time is what the
pack costs on an idle one. The target (issue 17) is the pack in 10 s or less.

Usage::

    .venv/bin/python benchmarks/bench_pack.py [--reps 3]
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

TARGET_S = 10.0


def demo_results(out: Path) -> Any:
    """The demo pipeline's results (plan, survey, risk points, hotspots, linkage)."""
    from cctvgeo.cli import pipeline
    from cctvgeo.cli.config import DEMO_CONFIG, parse_config

    kept: dict[str, Any] = {}
    step = pipeline._step_plan

    def keeping(cfg: Any, res: Any, folder: Path) -> None:
        step(cfg, res, folder)
        kept["res"] = res

    pipeline._step_plan = keeping
    try:
        cfg = parse_config(DEMO_CONFIG, base=Path.cwd())
        pipeline.run(cfg, out, quiet=True, only=set())
    finally:
        pipeline._step_plan = step
    return kept["res"]


@contextlib.contextmanager
def _parts_timed(parts: dict[str, float]) -> Iterator[None]:
    """Add the CPU seconds of the pack's parts to ``parts`` while inside."""
    from cctvgeo.pack import _docx, _map, _pdf
    from cctvgeo.planning import InstallationPlan

    targets = [
        (InstallationPlan, "proposals", "grouping"),
        (_map, "project_maps", "maps"),
        (_pdf, "write_pdfs", "pdf"),
        (_docx, "write_docx", "docx"),
    ]
    originals = [getattr(owner, name) for owner, name, _ in targets]

    def wrap(fn: Any, label: str) -> Any:
        def timed_part(*args: Any, **kwargs: Any) -> Any:
            start = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                parts[label] = parts.get(label, 0.0) + time.process_time() - start

        return timed_part

    for (owner, name, label), fn in zip(targets, originals, strict=True):
        setattr(owner, name, wrap(fn, label))
    try:
        yield
    finally:
        for (owner, name, _), fn in zip(targets, originals, strict=True):
            setattr(owner, name, fn)


def timed(fn: Any) -> tuple[float, float, Any]:
    wall, cpu = time.perf_counter(), time.process_time()
    value = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    from cctvgeo.pack import write_pack

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        res = demo_results(folder / "demo")
        plan = res.plan

        def pack() -> Any:
            props = plan.proposals(
                cameras=res.cameras, risk_points=res.risk_points, hotspots=res.hotspots
            )
            return write_pack(props, folder / "proposals", linkage=res.linkage)

        def dashboard() -> None:
            from cctvgeo import report

            d = report.dashboard(
                res.cameras,
                risk_points=res.risk_points,
                requests=res.requests,
                plan=plan,
                problems=res.reports,
                linkage=res.linkage,
            )
            d.to_html(folder / "dashboard.html")
            d.to_excel(folder / "dashboard.xlsx")

        peers = {"to_excel": lambda: plan.to_excel(folder / "plan.xlsx"), "dashboard": dashboard}
        pack()  # warm: imports, fonts, the plan's cached summary and curve
        for peer in peers.values():
            peer()
        rows: dict[str, list[tuple[float, float]]] = {"pack": [], **{k: [] for k in peers}}
        parts: dict[str, float] = {}
        files = 0
        for _ in range(args.reps):
            with _parts_timed(parts):
                wall, cpu, written = timed(pack)
            rows["pack"].append((wall, cpu))
            files = len(written)
            for name, peer in peers.items():
                wall, cpu, _ = timed(peer)
                rows[name].append((wall, cpu))
    med = {
        k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v))
        for k, v in rows.items()
    }
    print(
        f"demo plan: {len(plan.sites)} sites; pack: {files} files; {args.reps} repetitions, medians"
    )
    print(f"{'':10s} {'wall s':>8s} {'cpu s':>8s}")
    for name, (wall, cpu) in med.items():
        print(f"{name:10s} {wall:8.2f} {cpu:8.2f}")
    for peer in ("to_excel", "dashboard"):
        print(
            f"pack / {peer}: wall {med['pack'][0] / med[peer][0]:.1f}x, "
            f"cpu {med['pack'][1] / med[peer][1]:.1f}x"
        )
    print(
        "pack CPU s by part (mean per pack): "
        + ", ".join(f"{k} {v / args.reps:.2f}" for k, v in parts.items())
    )
    print(f"target {TARGET_S:.0f} s: {'met' if med['pack'][0] <= TARGET_S else 'NOT met'} (wall)")


if __name__ == "__main__":
    main()
