"""Time ``import cctvgeo`` in fresh interpreters, beside peers measured in the same run.

Run: ``.venv/bin/python benchmarks/bench_import.py``. Each module is imported in a new
process ``--runs`` times; the median wall time of the import statement alone is reported,
with the ratio to ``import cctvgeo``. Target (DESIGN.md): under 1 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys

CODE = "import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"


def import_seconds(module: str, runs: int) -> float:
    """Median seconds to import ``module`` in a fresh interpreter."""
    times = [
        float(
            subprocess.run(
                [sys.executable, "-c", CODE.format(module=module)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        for _ in range(runs)
    ]
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    ours = import_seconds("cctvgeo", args.runs)
    print(f"{'module':<22}{'median s':>10}{'x cctvgeo':>11}")
    print(f"{'cctvgeo':<22}{ours:>10.3f}{1.0:>11.1f}")
    for peer in ("pandas", "geopandas", "osmnx", "spopt" if _has("spopt") else None):
        if peer:
            t = import_seconds(peer, args.runs)
            print(f"{peer:<22}{t:>10.3f}{t / ours:>11.1f}")
    print(f"target: import cctvgeo < 1 s -> {'met' if ours < 1.0 else 'NOT met'}")


def _has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


if __name__ == "__main__":
    main()
