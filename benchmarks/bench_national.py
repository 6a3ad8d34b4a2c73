"""Benchmark the national roll-up (issue 15) on the synthetic national sample.

For each worker count it starts a fresh dask.distributed LocalCluster (single-threaded
worker processes), runs ``cctvgeo.national.rollup`` on the sample (footprints, road
coverage, gaps, the 20 % linkage selection and repair priorities of every province; no
budgets), and reports the wall time, the peak memory (RSS) of each worker process, and the
compute time of every task from Dask's task stream. Then:

* parallel efficiency ``T1 / (n x Tn)`` against the 1-worker run when there is one, else
  against the sum of the task times (an estimate of the 1-worker time, said so);
* the largest single task (Bangkok, pro_code 10, in parts when it is split);
* a projection for 16 and 64 workers: the province jobs placed longest first on the
  workers (LPT list scheduling of the measured task times), never below the critical path
  (the longest chain of tasks: Bangkok's).

Usage::

    python benchmarks/bench_national.py --size full --workers 1 2
    python benchmarks/bench_national.py --size small --workers 2   # quick look
"""

from __future__ import annotations

import argparse
import heapq
import logging
import resource
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

TARGET_S, TARGET_EFFICIENCY, TARGET_GB = 300.0, 0.80, 4.0


def _peak_rss_gb() -> float:
    """Peak resident memory of this process (a worker, when run there), in GB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e9


def _task_times(stream: list[dict[str, Any]]) -> dict[str, float]:
    """Compute seconds per task key, from Dask's task stream (a re-run adds up)."""
    times: dict[str, float] = defaultdict(float)
    for task in stream:
        for part in task["startstops"]:
            if part["action"] == "compute":
                times[str(task["key"])] += part["stop"] - part["start"]
    return dict(times)


def _province_of(key: str) -> str:
    """The province of a task key ``kind-XX-...-run`` (assign, piece, province, prepare, cover)."""
    kind, rest = key.split("-", 1)
    return rest.split("-")[1] if kind == "piece" else rest.split("-")[0]


def _lpt(jobs: list[float], workers: int) -> float:
    """Makespan of the jobs placed longest first on the least loaded worker."""
    loads = [0.0] * workers
    for job in sorted(jobs, reverse=True):
        heapq.heapreplace(loads, loads[0] + job)
    return max(loads)


def run(sample: Path, workers: int) -> dict[str, Any]:
    from distributed import Client, LocalCluster, get_task_stream

    from cctvgeo.national import rollup
    from cctvgeo.national._cli import load_national_config

    cfg = load_national_config(sample / "national.yaml")
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        client.wait_for_workers(workers)
        with get_task_stream(client=client) as stream:
            start = time.perf_counter()
            result = rollup(
                cfg.cameras,
                cfg.provinces,
                roads=cfg.roads,
                level=cfg.level,
                client=client,
                work_dir=sample / f"work-{workers}",
                quiet=True,
            )
            wall = time.perf_counter() - start
        peaks = client.run(_peak_rss_gb)
    return {
        "workers": workers,
        "wall_s": wall,
        "peak_gb": max(peaks.values()),
        "tasks": _task_times(stream.data),
        "n_cameras": result.totals["n_cameras"],
        "n_failed": result.totals["n_failed"],
    }


def report(runs: list[dict[str, Any]], *, full: bool) -> None:
    base = next((r for r in runs if r["workers"] == 1), None)
    for r in runs:
        tasks = r["tasks"]
        busy = sum(tasks.values())
        t1 = base["wall_s"] if base else busy
        eff = t1 / (r["workers"] * r["wall_s"])
        print(
            f"{r['workers']} worker(s): {r['wall_s']:.1f} s wall for {r['n_cameras']:,.0f} cameras "
            f"({r['n_failed']:.0f} provinces failed); task time {busy:.1f} s; "
            f"efficiency {eff:.0%}{'' if base else ' (against the sum of task times)'}; "
            f"peak per worker {r['peak_gb']:.2f} GB"
        )
    last = runs[-1]
    by_province: dict[str, float] = defaultdict(float)
    for key, seconds in last["tasks"].items():
        by_province[_province_of(key)] += seconds
    bangkok = {k: v for k, v in last["tasks"].items() if _province_of(k) == "10"}
    chain = sum(v for k, v in bangkok.items() if not k.startswith("cover-"))
    covers = [v for k, v in bangkok.items() if k.startswith("cover-")]
    floor = chain + max(covers, default=0.0)
    print(
        "largest province (Bangkok, 10): "
        + ", ".join(f"{k.rsplit('-', 1)[0]} {v:.1f} s" for k, v in sorted(bangkok.items()))
    )
    print(f"Bangkok in all {by_province['10']:.1f} s; critical path (floor) {floor:.1f} s")
    top = sorted(by_province.items(), key=lambda kv: -kv[1])[:5]
    print("slowest provinces: " + ", ".join(f"{c} {s:.1f} s" for c, s in top))
    jobs = [s for c, s in by_province.items() if c != "10"] + [chain, *covers]
    overhead = last["wall_s"] - _lpt(jobs, last["workers"])
    for n in (16, 64):
        makespan = max(_lpt(jobs, n), floor)
        print(
            f"projection {n} workers: {makespan + max(overhead, 0):.1f} s (floor {floor:.1f} s, overhead {max(overhead, 0):.1f} s as measured)"
        )
    if not full:
        print(
            "targets apply to the full sample (--size full); this run is not checked against them"
        )
        return
    ok = last["wall_s"] <= TARGET_S and last["peak_gb"] <= TARGET_GB
    print(
        f"targets: <= {TARGET_S:.0f} s with 2 workers, >= {TARGET_EFFICIENCY:.0%} efficiency, <= {TARGET_GB:.0f} GB per worker: {'met' if ok else 'NOT met'} (time and memory)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=["small", "full"], default="full")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--dir", type=Path, default=Path("/tmp/cctvgeo-bench-national"))
    args = parser.parse_args()
    from cctvgeo.national.sample import national_sample

    sample = args.dir / args.size
    if not (sample / "national.yaml").exists():
        start = time.perf_counter()
        national_sample(sample, size=args.size)
        print(f"national sample ({args.size}) written in {time.perf_counter() - start:.1f} s")
    runs = [run(sample, n) for n in sorted(args.workers)]
    report(runs, full=args.size == "full")


if __name__ == "__main__":
    main()
