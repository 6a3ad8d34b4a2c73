"""Time the linkage selection and the repair priorities with one shared coverage matrix.

On one province of the small national sample (Bangkok by default: 3,643 cameras), as the
national roll-up runs them (``cctvgeo.national._province.finish``), after the province's
footprints and demand are computed (not timed):

* **each builds its own** (the peer): ``select_for_linkage(..., footprints=fp)`` and
  ``repair_priorities(..., footprints=fp)``, each building the coverage matrix of its own
  cameras;
* **one shared matrix**: ``coverage_matrix(demand, footprints)`` of the whole survey once,
  then both with ``matrix=``.

Both are timed ``--reps`` times, alternating, and the medians compared; the two must give
the same selection and ranking (checked).

Usage::

    .venv/bin/python benchmarks/bench_linkage_repairs.py [--province 10] [--reps 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

LEVEL = "detect"  # the national sample's config


def province_inputs(code: str) -> tuple[Any, Any, Any]:
    """The province's cameras, footprints and demand, as the roll-up prepares them."""
    from cctvgeo.national import _engine as engine
    from cctvgeo.national import _province as province
    from cctvgeo.national._sources import partitions
    from cctvgeo.national.sample import national_sample, provinces
    from cctvgeo.riskpoints import demand

    folder = national_sample(Path(tempfile.mkdtemp()) / "small", size="small")
    spec = engine.province_specs(engine.read_provinces(provinces()), level=LEVEL)[code]
    read = {
        what: engine.read_part(partitions(folder / f"{what}.parquet", what)[code], what)
        for what in ("cameras", "roads")
    }
    prep = province.prepare(spec, read["cameras"], read["roads"])
    return prep.cameras, prep.footprints, demand(prep.segments)


def each_builds_its_own(cams: Any, fp: Any, dem: Any) -> tuple[Any, Any]:
    from cctvgeo import planning

    linkage = planning.select_for_linkage(cams, dem, level=LEVEL, method="greedy", footprints=fp)
    return linkage, planning.repair_priorities(cams, dem, level=LEVEL, footprints=fp)


def one_shared_matrix(cams: Any, fp: Any, dem: Any) -> tuple[Any, Any]:
    from cctvgeo import planning
    from cctvgeo.coverage import coverage_matrix

    matrix = coverage_matrix(dem, fp.loc[cams.index])
    linkage = planning.select_for_linkage(cams, dem, method="greedy", matrix=matrix)
    return linkage, planning.repair_priorities(cams, dem, matrix=matrix)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--province", default="10")
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    cams, fp, dem = province_inputs(args.province)
    print(f"province {args.province}: {len(cams):,} cameras, {len(dem):,} demand elements")
    times: dict[str, list[float]] = {"each builds its own": [], "one shared matrix": []}
    results = {}
    for _ in range(args.reps):
        for name, run in (
            ("each builds its own", each_builds_its_own),
            ("one shared matrix", one_shared_matrix),
        ):
            start = time.perf_counter()
            results[name] = run(cams, fp, dem)
            times[name].append(time.perf_counter() - start)
    (own_link, own_rep), (shared_link, shared_rep) = results.values()
    assert own_link.selected["camera_id"].tolist() == shared_link.selected["camera_id"].tolist()
    assert own_rep["camera_id"].tolist() == shared_rep["camera_id"].tolist()
    medians = {name: statistics.median(t) for name, t in times.items()}
    for name, median in medians.items():
        print(f"{name:>20}: {median:6.2f} s (median of {args.reps})")
    ratio = medians["each builds its own"] / medians["one shared matrix"]
    print(f"{'ratio':>20}: {ratio:6.2f}x (same selection and ranking)")


if __name__ == "__main__":
    main()
