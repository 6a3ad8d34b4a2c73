"""The incident risk model: spatial cross-validation reported honestly, on synthetic and real data."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely import LineString, Point

import cctvgeo as cg
from cctvgeo.riskpoints import risk_surface

CRS = 32647


def street_grid(seed: int) -> gpd.GeoDataFrame:
    """900 pieces of 90 m road on a 3 km square, 20 % primary."""
    rng = np.random.default_rng(seed)
    lines = [
        LineString([(x, y), (x + 90, y)]) for x in range(0, 3000, 100) for y in range(0, 3000, 100)
    ]
    hw = np.where(rng.random(len(lines)) < 0.2, "primary", "residential")
    return gpd.GeoDataFrame(
        {"highway": hw, "name": [f"road {i}" for i in range(len(lines))]}, geometry=lines, crs=CRS
    )


def incidents_on(segs: gpd.GeoDataFrame, rate: np.ndarray, seed: int) -> gpd.GeoSeries:
    rng = np.random.default_rng(seed)
    n = rng.poisson(rate)
    pts = [
        line.interpolate(rng.random(), normalized=True)
        for line, k in zip(segs.geometry, n, strict=True)
        for _ in range(k)
    ]
    return gpd.GeoSeries(pts, crs=CRS)


def test_a_real_signal_beats_the_baseline_and_proposes_labelled_points() -> None:
    segs = street_grid(1)
    rate = np.where(segs["highway"] == "primary", 2.0, 0.1)
    rs = risk_surface(incidents_on(segs, rate, 2), segs, features=["highway"], n_proposals=5)
    assert rs.better_than_baseline and rs.d2 > 0.3
    assert rs.deviance_model < rs.deviance_baseline
    assert "better than the baseline" in rs.summary()
    assert len(rs.folds) == 5 and (rs.folds["d2"] > 0).all()
    assert rs.units["incidents"].sum() == rs.n_incidents - rs.n_unassigned
    # folds are whole areas: no block is split between folds
    assert rs.units.groupby("cv_block")["cv_fold"].nunique().max() == 1
    p = rs.proposals
    assert len(p) == 5 and (p["nominated_by"] == "model-proposed").all()
    assert (p["source"] == "model-proposed").all() and p["reason"].str.contains(
        "Accept or reject"
    ).all()
    assert p["point_id"].tolist() == [f"MODEL-{i:03d}" for i in range(1, 6)]
    on = segs.loc[p["unit"].astype(int), "highway"]
    assert (on == "primary").all()
    xy = shapely.get_coordinates(p.geometry.to_numpy())
    gaps = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
    assert gaps[np.triu_indices(len(p), 1)].min() >= cg.settings.risk_proposal_min_distance_m
    # the proposals can go straight into demand as risk points
    d = cg.riskpoints.demand(segs, risk_points=p)
    assert (d["kind"] == "point").sum() == 5


def test_a_model_worse_than_the_baseline_is_reported_as_worse() -> None:
    segs = street_grid(3)
    rng = np.random.default_rng(4)
    segs["noise_a"] = rng.random(len(segs))
    segs["noise_b"] = rng.normal(size=len(segs))
    segs["noise_c"] = rng.integers(0, 7, len(segs)).astype(float)
    incidents = incidents_on(segs, np.full(len(segs), 0.3), 5)  # counts unrelated to features
    rs = risk_surface(incidents, segs, features=["noise_a", "noise_b", "noise_c"])
    assert not rs.better_than_baseline
    assert rs.deviance_model > rs.deviance_baseline and rs.d2 < 0
    assert "WORSE than the baseline" in rs.summary()
    assert len(rs.proposals) == 0  # nothing proposed from a model that does not predict


def test_pois_and_junction_degree_features() -> None:
    segs = street_grid(6)
    bank = gpd.GeoDataFrame(geometry=[Point(1500, 1500)], crs=CRS)
    d = shapely.distance(segs.geometry.to_numpy(), bank.geometry.iloc[0])
    rate = 3.0 * np.exp(-d / 300) + 0.02
    rs = risk_surface(
        incidents_on(segs, rate, 7), segs, features=["junction_degree"], pois={"bank": bank}
    )
    assert "dist_bank" in rs.features and np.allclose(rs.units["dist_bank"], d)
    assert (rs.units["junction_degree"] == 1).all()  # isolated pieces: dead ends both sides
    assert rs.better_than_baseline
    near = rs.proposals.distance(bank.geometry.iloc[0])
    assert near.iloc[0] < 600 and near.mean() < 0.5 * d.mean()  # proposed around the bank


def test_junction_degree_by_hand() -> None:
    lines = gpd.GeoDataFrame(
        geometry=[LineString([(0, 0), (100, 0)]), LineString([(100, 0), (200, 0)]),
                  LineString([(100, 0), (100, 100)]), LineString([(200, 0), (300, 0)])],
        crs=CRS,
    )  # fmt: skip
    from cctvgeo.riskpoints.risk import _junction_degree

    assert _junction_degree(lines.geometry.to_numpy()).tolist() == [3, 3, 3, 2]


@pytest.mark.realdata
def test_trafford_casualties_at_junctions(realdata: Path) -> None:
    folder = realdata / "trafford-cctv"
    nodes = gpd.read_file(folder / "os_open_roads_trafford_roadNode.geojson").to_crs(27700)
    table = pd.read_csv(folder / "stats19_road_casualties_gm_2019-2024H1.csv")
    table = table[table["area_name"] == "Trafford"]
    casualties = gpd.GeoDataFrame(
        table, geometry=gpd.points_from_xy(table["lon"], table["lat"]), crs=4326
    ).to_crs(27700)  # British National Grid, metres
    cams = gpd.read_file(folder / "trafford_cctv_cameras.geojson").to_crs(27700)
    rs = risk_surface(
        casualties, nodes, features=["formOfNode"], pois={"camera": cams},
        max_distance=50.0, category="accident_blackspot",
    )  # fmt: skip
    assert len(rs.units) == 9115 and rs.n_incidents == len(casualties) == 1431
    assert 0.5 < (rs.n_incidents - rs.n_unassigned) / rs.n_incidents <= 1
    assert len(rs.folds) == 5
    assert rs.better_than_baseline == (rs.deviance_model < rs.deviance_baseline)
    assert rs.d2 == pytest.approx(1 - rs.deviance_model / rs.deviance_baseline)
    pooled = (rs.folds["deviance_model"] * rs.folds["n_test"]).sum() / rs.folds["n_test"].sum()
    assert pooled == pytest.approx(rs.deviance_model)
    if rs.better_than_baseline:
        assert len(rs.proposals) > 0
        assert (rs.proposals["category"] == "accident_blackspot").all()
    else:
        assert len(rs.proposals) == 0


@pytest.mark.realdata
def test_baltimore_property_crime_on_a_grid(realdata: Path) -> None:
    folder = realdata / "baltimore-citiwatch"
    table = pd.read_csv(folder / "crime_property.csv")
    crimes = gpd.GeoDataFrame(
        table, geometry=gpd.points_from_xy(table["Longitude"], table["Latitude"]), crs=4326
    ).to_crs(26985)
    cams, _ = cg.read_cameras(folder / "cctv_locations_opendata.csv", errors="report")
    x0, y0, x1, y1 = crimes.total_bounds
    xs, ys = np.meshgrid(np.arange(x0, x1, 300.0), np.arange(y0, y1, 300.0))
    cells = gpd.GeoDataFrame(
        geometry=shapely.box(xs.ravel(), ys.ravel(), xs.ravel() + 300, ys.ravel() + 300), crs=26985
    )
    rs = risk_surface(
        crimes,
        cells,
        features=[],
        pois={"camera": cams.to_crs(26985)},
        max_distance=0.0,
        block=1500.0,
    )
    assert rs.n_unassigned == 0 and rs.units["incidents"].sum() == len(crimes)
    assert rs.better_than_baseline == (rs.deviance_model < rs.deviance_baseline)
    assert rs.units.groupby("cv_block")["cv_fold"].nunique().max() == 1
    # cameras were put where crime is: distance to them predicts burglaries out of sample
    assert rs.better_than_baseline and rs.d2 > 0.1
