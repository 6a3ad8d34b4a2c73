"""Time the riskpoints steps on the bundled sample, and the KDE raster against its peer.

Run: ``.venv/bin/python benchmarks/bench_riskpoints.py``. The density raster (binned Gaussian
kernel smoothed with ``scipy.ndimage.gaussian_filter``) is compared with evaluating the same
Gaussian kernel at every cell centre with ``sklearn.neighbors.KernelDensity`` (the peer), on
the sample's 5,000 request locations at 25 m cells; the largest difference between the two
rasters is reported relative to the peak. The other steps run on the sample province.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import rasterio
import shapely

import cctvgeo as cg


def seconds(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    out = fn(*args, **kwargs)
    return time.perf_counter() - t, out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cell", type=float, default=25.0)
    parser.add_argument("--bandwidth", type=float, default=150.0)
    args = parser.parse_args()
    from sklearn.neighbors import KernelDensity

    sample = cg.datasets.load_sample()
    t_read, reqs = seconds(cg.riskpoints.read_access_requests, sample.requests_path)
    reqs = reqs.to_crs(32647)
    xy = shapely.get_coordinates(reqs.geometry.to_numpy())
    with tempfile.TemporaryDirectory() as d:
        t_kde, path = seconds(
            cg.riskpoints.density_raster, reqs, Path(d) / "kde.tif", cell=args.cell,
            bandwidth=args.bandwidth,
        )  # fmt: skip
        with rasterio.open(path) as src:
            ours = src.read(1).astype(float)
            t = src.transform
            cols = t.c + args.cell * (np.arange(src.width) + 0.5)
            rows = t.f - args.cell * (np.arange(src.height) + 0.5)
    gx, gy = np.meshgrid(cols, rows)
    start = time.perf_counter()
    kde = KernelDensity(bandwidth=args.bandwidth, kernel="gaussian").fit(xy)
    peer = np.exp(kde.score_samples(np.c_[gx.ravel(), gy.ravel()])).reshape(gx.shape)
    peer *= len(xy) * 1e6
    t_peer = time.perf_counter() - start
    diff = float(np.abs(ours - peer).max() / peer.max())
    print(f"grid {ours.shape[1]} x {ours.shape[0]} cells, {len(xy)} points")
    print(
        f"density_raster {t_kde:.2f} s; sklearn KernelDensity {t_peer:.2f} s; "
        f"peer/ours {t_peer / t_kde:.0f}x; max difference {diff:.2%} of the peak"
    )
    t_hot, hot = seconds(cg.riskpoints.request_hotspots, reqs, sample.cameras, roads=sample.roads)
    graph = sample.graph()
    rp = sample.risk_points
    origins = rp[rp["category"] == "crime_hotspot"]
    t_routes, routes = seconds(cg.riskpoints.escape_routes, graph, origins, k=3)
    drawn = sample.escape_routes
    t_snap, _ = seconds(cg.riskpoints.read_escape_routes, drawn, graph)
    segs = cg.coverage.road_segments(sample.roads)
    t_dem, dem = seconds(cg.riskpoints.demand, segs, risk_points=rp, hotspots=hot, routes=routes)
    print(f"read_access_requests (5,000 rows) {t_read:.2f} s")
    print(f"request_hotspots incl. footprints {t_hot:.2f} s ({len(hot)} hotspots)")
    print(f"escape_routes {len(origins)} origins x k=3 {t_routes:.2f} s ({len(routes)} routes)")
    print(f"read_escape_routes {len(drawn)} routes {t_snap:.2f} s")
    print(f"demand {len(dem)} elements {t_dem:.2f} s")


if __name__ == "__main__":
    main()
