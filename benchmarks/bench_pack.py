"""Time the committee pack of the demo plan against the plan's own workbook, in one run.

Runs ``cctvgeo demo``'s pipeline once (not timed), keeping its plan, then times, ``--reps``
times each and alternating so that the machine's load falls on both alike:

* the pack: ``plan.proposals(...)`` (grouping, costs, what each project covers) and
  ``cctvgeo.pack.write_pack`` (maps, PDFs through WeasyPrint, DOCX), as ``cctvgeo plan``
  runs them;
* the peers: ``plan.to_excel`` of the same plan (four sheets, the coverage curve read from
  the plan's cache), and the committee dashboard (``cg.report.dashboard`` with its
  matplotlib charts, written as HTML and Excel), as ``cctvgeo plan`` writes it.

The pack is written as ``cctvgeo plan`` writes it, by ``write_pack``'s default number of
processes (``--workers`` to choose), and its CPU seconds are this process's and its
children's. The first pack of the process (its imports, font caches, the children's
first start) is timed apart, as ``first``. Then, once, the pack in one process
(``workers=1``), its CPU time split into its parts: grouping (``plan.proposals``), the
layers the maps are drawn from, the documents' texts, maps, PDF layout and writing, and
DOCX.

Wall and CPU seconds are both printed, with the load average before and after: the
machine is shared, and CPU time is what the pack costs on an idle one. The target
(issue 17) is the pack in 10 s or less of wall time.

Usage::

    .venv/bin/python benchmarks/bench_pack.py [--reps 3] [--workers N]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
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
    from cctvgeo.pack import _content, _docx, _map, _pdf
    from cctvgeo.planning import InstallationPlan

    targets = [
        (InstallationPlan, "proposals", "grouping"),
        (_map, "project_layers", "layers"),
        (_content, "documents", "texts"),
        (_map.Sheet, "png", "maps"),
        (_pdf, "write_pdf", "pdf"),
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


def _cpu() -> float:
    """CPU seconds of this process and of its children that have ended."""
    own, children = (
        resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(fn: Any) -> tuple[float, float, Any]:
    """Wall and CPU seconds (children's included) of ``fn()``, and its value."""
    wall, cpu = time.perf_counter(), _cpu()
    value = fn()
    return time.perf_counter() - wall, _cpu() - cpu, value


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--workers", type=int, default=None, help="write_pack's workers")
    args = parser.parse_args()
    from cctvgeo.pack import write_pack

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        res = demo_results(folder / "demo")
        plan = res.plan

        def pack(workers: int | None = args.workers) -> Any:
            props = plan.proposals(
                cameras=res.cameras, risk_points=res.risk_points, hotspots=res.hotspots
            )
            return write_pack(props, folder / "proposals", linkage=res.linkage, workers=workers)

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
        loads = [_load()]
        first = timed(pack)  # imports, fonts, the plan's cached summary and curve
        for peer in peers.values():
            peer()
        rows: dict[str, list[tuple[float, float]]] = {"pack": [], **{k: [] for k in peers}}
        files = 0
        for _ in range(args.reps):
            wall, cpu, written = timed(pack)
            rows["pack"].append((wall, cpu))
            files = len(written)
            for name, peer in peers.items():
                wall, cpu, _ = timed(peer)
                rows[name].append((wall, cpu))
        parts: dict[str, float] = {}
        with _parts_timed(parts):
            alone = timed(lambda: pack(1))
        loads.append(_load())
    med = {
        k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v))
        for k, v in rows.items()
    }
    print(
        f"demo plan: {len(plan.sites)} sites; pack: {files} files; {args.reps} repetitions, "
        f"medians; load average (1, 5, 15 min) before {loads[0]}, after {loads[1]}"
    )
    print(f"{'':16s} {'wall s':>8s} {'cpu s':>8s}")
    for name, (wall, cpu) in med.items():
        print(f"{name:16s} {wall:8.2f} {cpu:8.2f}")
    print(f"{'pack, first':16s} {first[0]:8.2f} {first[1]:8.2f}")
    print(f"{'pack, 1 process':16s} {alone[0]:8.2f} {alone[1]:8.2f}")
    for peer in ("to_excel", "dashboard"):
        print(
            f"pack / {peer}: wall {med['pack'][0] / med[peer][0]:.1f}x, "
            f"cpu {med['pack'][1] / med[peer][1]:.1f}x"
        )
    print(
        "pack in 1 process, CPU s by part: " + ", ".join(f"{k} {v:.2f}" for k, v in parts.items())
    )
    print(f"target {TARGET_S:.0f} s: {'met' if med['pack'][0] <= TARGET_S else 'NOT met'} (wall)")


if __name__ == "__main__":
    main()
