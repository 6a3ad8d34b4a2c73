"""Benchmark road coverage on a synthetic Bangkok-sized case.

Bangkok had 68,747 cameras in 2020 (DOMAIN.md). The synthetic case has 70,000 camera
footprints (annular sectors, made here with numpy + shapely.polygons) on a jittered
grid-like street network cut into about 300,000 segments of at most 20 m.

Each measurement runs in its own Python process, so its peak resident memory
(``resource.getrusage(RUSAGE_SELF).ru_maxrss``) is honest: it includes building the
synthetic data, and the baseline after building it is reported beside it.

Methods:

- ``cctvgeo``: ``cg.coverage.road_coverage(segments, footprints)``;
- ``segments``, ``gaps``, ``matrix``: ``road_segments`` on the street lines,
  ``coverage_gaps`` on the coverage (the time excludes ``road_coverage``), and
  ``coverage_matrix(segments, footprints)`` (the covered figure printed for it is the
  best single camera per segment, so it is smaller than the union);
- ``geopandas``: the straightforward way, ``segments.intersection(footprints.union_all())``
  and its length. Its time grows faster than the case (every segment is intersected with
  one huge union polygon), so it is too slow for the full case; both methods run on
  square windows of the city (3 km and 6 km wide) and are compared there, and
  ``--full-peer`` also runs it on the full case.

Run from the repository root::

    .venv/bin/python benchmarks/bench_coverage.py            # windows + the full case
    .venv/bin/python benchmarks/bench_coverage.py --quick    # a small case, for a smoke test
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

CRS = 32647  # WGS 84 / UTM 47N, Bangkok's zone
SPACING_M = 200.0  # block size of the grid
JITTER_M = 40.0  # random shift of every junction, so streets are not axis-parallel
N_ARC = 12  # vertices on each arc of a sector


def make_roads(n_segments: int, seed: int = 0) -> gpd.GeoDataFrame:
    """Streets of a jittered grid, each with a bend in the middle, about ``n_segments`` * 20 m."""
    rng = np.random.default_rng(seed)
    # 2 n (n - 1) edges of about 200 m give about 10 segments each.
    n = int(np.ceil((1 + np.sqrt(1 + 2 * n_segments / 10.5)) / 2))
    xx, yy = np.meshgrid(np.arange(n) * SPACING_M, np.arange(n) * SPACING_M, indexing="ij")
    nodes = np.stack([xx, yy], axis=-1) + rng.uniform(-JITTER_M, JITTER_M, (n, n, 2))
    nodes += (660_000.0, 1_520_000.0)  # around Bangkok in UTM 47N
    a = np.concatenate([nodes[:-1, :].reshape(-1, 2), nodes[:, :-1].reshape(-1, 2)])
    b = np.concatenate([nodes[1:, :].reshape(-1, 2), nodes[:, 1:].reshape(-1, 2)])
    mid = (a + b) / 2 + rng.normal(0, 6.0, a.shape)
    coords = np.stack([a, mid, b], axis=1)
    kinds = np.array(["primary", "secondary", "tertiary", "residential"], dtype=object)
    highway = kinds[rng.choice(4, len(a), p=[0.1, 0.15, 0.25, 0.5])]
    return gpd.GeoDataFrame(
        {"highway": highway, "name": [f"Soi {i}" for i in range(len(a))]},
        geometry=shapely.linestrings(coords),
        crs=CRS,
    )


def make_footprints(roads: gpd.GeoDataFrame, n_cameras: int, seed: int = 1) -> gpd.GeoDataFrame:
    """Annular sectors for cameras placed beside random streets, looking along or across them."""
    rng = np.random.default_rng(seed)
    lines = np.asarray(roads.geometry.array, dtype=object)
    pick = rng.integers(0, len(lines), n_cameras)
    pos = rng.uniform(0, 1, n_cameras)
    p = shapely.get_coordinates(shapely.line_interpolate_point(lines[pick], pos, normalized=True))
    p += rng.normal(0, 4.0, p.shape)
    # Heading: mostly along the street (either way), sometimes anywhere.
    start = shapely.get_coordinates(shapely.get_point(lines[pick], 0))
    end = shapely.get_coordinates(shapely.get_point(lines[pick], -1))
    along = np.degrees(np.arctan2(end[:, 0] - start[:, 0], end[:, 1] - start[:, 1]))
    heading = np.where(
        rng.uniform(size=n_cameras) < 0.7,
        along + 180.0 * rng.integers(0, 2, n_cameras) + rng.normal(0, 15, n_cameras),
        rng.uniform(0, 360, n_cameras),
    )
    hfov = rng.uniform(40, 100, n_cameras)
    r_in = rng.uniform(2, 6, n_cameras)
    r_out = rng.uniform(20, 60, n_cameras)
    t = np.linspace(-0.5, 0.5, N_ARC)
    ang = np.radians(heading[:, None] + hfov[:, None] * t[None, :])  # clockwise from north
    outer = np.stack([np.sin(ang), np.cos(ang)], -1) * r_out[:, None, None]
    inner = np.stack([np.sin(ang[:, ::-1]), np.cos(ang[:, ::-1])], -1) * r_in[:, None, None]
    ring = np.concatenate([outer, inner, outer[:, :1]], axis=1) + p[:, None, :]
    return gpd.GeoDataFrame(
        {
            "camera_id": [f"BKK-{i:05d}" for i in range(n_cameras)],
            "status": np.full(n_cameras, "working", dtype=object),
        },
        geometry=shapely.polygons(ring),
        crs=CRS,
    )


def build_case(n_segments: int, n_cameras: int, window_km: float | None):
    import cctvgeo as cg

    roads = make_roads(n_segments)
    fp = make_footprints(roads, n_cameras)
    segs = cg.coverage.road_segments(roads, max_length=20.0)
    if window_km is not None:
        x0, y0, _, _ = segs.total_bounds
        win = shapely.box(x0, y0, x0 + window_km * 1000, y0 + window_km * 1000)
        segs = segs[segs.intersects(win)]
        fp = fp[fp.intersects(win)]
    return roads, segs, fp


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # kB on Linux


def run_one(
    method: str, n_segments: int, n_cameras: int, window_km: float | None, out: str
) -> None:
    """Measure one method in this process and print a JSON line."""
    import cctvgeo as cg

    t0 = time.perf_counter()
    _, segs, fp = build_case(n_segments, n_cameras, window_km)
    t_build = time.perf_counter() - t0
    base = maxrss_mb()
    t0 = time.perf_counter()
    if method == "cctvgeo":
        covered = cg.coverage.road_coverage(segs, fp)["covered_m"].to_numpy()
    elif method == "geopandas":
        union = fp.geometry.union_all()
        covered = segs.geometry.intersection(union).length.to_numpy()
    elif method == "segments":
        covered = np.zeros(len(segs))
        roads = make_roads(n_segments)
        t0 = time.perf_counter()
        cg.coverage.road_segments(roads, max_length=20.0)
    elif method == "gaps":
        cov = cg.coverage.road_coverage(segs, fp)
        covered = cov["covered_m"].to_numpy()
        t0 = time.perf_counter()
        cg.coverage.coverage_gaps(cov, min_length=50.0)
    elif method == "matrix":
        matrix = cg.coverage.coverage_matrix(segs, fp)
        covered = np.asarray(matrix.multiply(segs.length.to_numpy()[None, :]).max(axis=0).todense())
    else:
        raise SystemExit(f"unknown method {method}")
    elapsed = time.perf_counter() - t0
    np.save(out, covered)
    result = {
        "method": method,
        "n_segments": len(segs),
        "n_footprints": len(fp),
        "seconds": elapsed,
        "build_seconds": t_build,
        "baseline_rss_mb": base,
        "peak_rss_mb": maxrss_mb(),
        "covered_km": float(covered.sum() / 1000),
        "total_km": float(segs.length.sum() / 1000),
    }
    print(json.dumps(result))


def measure(method: str, n_segments: int, n_cameras: int, window_km: float | None, tmp: Path):
    out = tmp / f"{method}-{window_km}.npy"
    cmd = [sys.executable, __file__, "--one", method, "--segments", str(n_segments)]
    cmd += ["--cameras", str(n_cameras), "--out", str(out)]
    if window_km is not None:
        cmd += ["--window", str(window_km)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    print(
        f"  {method:9s} {result['n_footprints']:6d} footprints x {result['n_segments']:6d} "
        f"segments: {result['seconds']:7.2f} s, peak RSS {result['peak_rss_mb']:6.0f} MB "
        f"(after building the data {result['baseline_rss_mb']:6.0f} MB), "
        f"covered {result['covered_km']:.3f} of {result['total_km']:.1f} km",
        flush=True,
    )
    return result, np.load(out)


def compare(a: tuple, b: tuple) -> None:
    (ra, ca), (rb, cb) = a, b
    diff = np.abs(ca - cb)
    tot = max(rb["covered_km"] * 1000, 1e-9)
    print(
        f"  ratio {rb['method']} / {ra['method']} time: {rb['seconds'] / ra['seconds']:.1f}x; "
        f"total covered differs by {abs(ra['covered_km'] - rb['covered_km']) * 1000:.4f} m "
        f"({abs(ra['covered_km'] - rb['covered_km']) * 1000 / tot:.2e} relative); "
        f"largest per-segment difference {diff.max():.2e} m",
        flush=True,
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--one", help="internal: measure one method in this process")
    ap.add_argument("--segments", type=int, default=300_000)
    ap.add_argument("--cameras", type=int, default=70_000)
    ap.add_argument("--window", type=float, default=None, help="window width in km")
    ap.add_argument("--out", default=None)
    ap.add_argument("--quick", action="store_true", help="small case (smoke test)")
    ap.add_argument(
        "--full-peer", action="store_true", help="also run geopandas on the full case (hours)"
    )
    args = ap.parse_args()
    if args.one:
        run_one(args.one, args.segments, args.cameras, args.window, args.out)
        return
    if args.quick:
        args.segments, args.cameras = 20_000, 4_700
    windows = [2.0] if args.quick else [3.0, 6.0]
    import platform

    print(
        f"python {platform.python_version()}, shapely {shapely.__version__} (GEOS "
        f"{shapely.geos_version_string}), geopandas {gpd.__version__}, numpy {np.__version__}"
    )
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        for window in windows:
            print(f"window {window:g} km x {window:g} km of the case:")
            w_cg = measure("cctvgeo", args.segments, args.cameras, window, tmp)
            w_gp = measure("geopandas", args.segments, args.cameras, window, tmp)
            compare(w_cg, w_gp)
        print(f"full case ({args.cameras} cameras, ~{args.segments} segments):")
        measure("segments", args.segments, args.cameras, None, tmp)
        f_cg = measure("cctvgeo", args.segments, args.cameras, None, tmp)
        met = f_cg[0]["seconds"] < 60 and f_cg[0]["peak_rss_mb"] < 4096
        print(f"  target (road_coverage < 60 s, peak < 4 GB): {'met' if met else 'NOT met'}")
        measure("gaps", args.segments, args.cameras, None, tmp)
        measure("matrix", args.segments, args.cameras, None, tmp)
        if args.full_peer:
            f_gp = measure("geopandas", args.segments, args.cameras, None, tmp)
            compare(f_cg, f_gp)


if __name__ == "__main__":
    main()
