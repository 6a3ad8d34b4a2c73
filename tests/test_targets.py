"""Coverage of points (k-coverage) and routes (first/last sighting) (cctvgeo.coverage.targets)."""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely import LineString, MultiLineString, Point, box

import cctvgeo as cg
from cctvgeo.coverage import point_coverage, route_coverage

CRS = 32647


def sector(x, y, heading, hfov, radii, *, n=181):
    r_in, r_out = radii
    t = np.radians(heading + hfov * np.linspace(-0.5, 0.5, n))
    outer = np.c_[x + r_out * np.sin(t), y + r_out * np.cos(t)]
    inner = np.c_[x + r_in * np.sin(t[::-1]), y + r_in * np.cos(t[::-1])]
    return shapely.Polygon(np.vstack([outer, inner]))


def fps(geoms, ids=None, status=None):
    n = len(geoms)
    return gpd.GeoDataFrame(
        {"camera_id": ids or [f"C{i}" for i in range(n)], "status": status or ["working"] * n},
        geometry=list(geoms),
        crs=CRS,
    )


def frame(geoms, **cols):
    return gpd.GeoDataFrame(cols or None, geometry=list(geoms), crs=CRS)


# --------------------------------------------------------------------------------------
# Points
# --------------------------------------------------------------------------------------
def test_points_k_coverage_by_hand():
    fp = fps([box(0, 0, 10, 10), box(5, 5, 20, 20), box(0, 0, 3, 3)], ids=["B", "A", "B"])
    pts = frame(
        [Point(7, 7), Point(1, 1), Point(15, 15), Point(50, 50), Point(10, 2)],
        name=["both", "B twice", "A only", "none", "on B's edge"],
    )
    pts.index = pd.Index([10, 11, 12, 13, 14])
    one = point_coverage(pts, fp)
    assert one["n_cameras"].tolist() == [2, 1, 1, 0, 1]
    assert one["covered"].tolist() == [True, True, True, False, True]
    assert one["camera_ids"].tolist() == [["A", "B"], ["B"], ["A"], [], ["B"]]
    assert one.index.tolist() == [10, 11, 12, 13, 14]
    two = point_coverage(pts, fp, k_required=2)
    assert two["covered"].tolist() == [True, False, False, False, False]
    assert "covered" not in pts.columns


def test_points_statuses():
    fp = fps([box(0, 0, 10, 10), box(0, 0, 10, 10)], status=["working", "broken"])
    pts = frame([Point(5, 5)])
    assert point_coverage(pts, fp)["n_cameras"].tolist() == [1]
    assert point_coverage(pts, fp, as_if_repaired=True)["n_cameras"].tolist() == [2]
    assert point_coverage(pts, fp, statuses=["broken"])["camera_ids"].tolist() == [["C1"]]


def test_points_seen_by_cameras_without_a_status():
    fp = fps([box(0, 0, 10, 10), box(5, 5, 20, 20)], ids=["U", "W"])
    pts = frame([Point(7, 7), Point(2, 2), Point(50, 50)])
    no_status = point_coverage(pts, fp.drop(columns="status"))  # all unknown: all count
    assert no_status["n_cameras"].tolist() == [2, 1, 0]
    assert no_status["n_unverified"].tolist() == [0, 0, 0]
    assert no_status.attrs["coverage_cameras"]["n_unknown_counted"] == 2
    mixed = fp.assign(status=["unknown", "working"])
    with pytest.warns(cg.coverage.CoverageWarning, match="1 of 2 cameras"):
        out = point_coverage(pts, mixed)
    assert out["camera_ids"].tolist() == [["W"], [], []]
    assert out["covered"].tolist() == [True, False, False]
    assert out["n_unverified"].tolist() == [1, 1, 0]


def test_routes_report_what_only_unknown_cameras_see():
    route = frame([LineString([(0, 0), (1000, 0)])])
    fp = fps(
        [box(100, -5, 200, 5), box(150, -5, 300, 5), box(600, -5, 650, 5)],
        ids=["W", "U", "U"],
        status=["working", "unknown", "unknown"],
    )
    with pytest.warns(cg.coverage.CoverageWarning, match="unverified_m"):
        r = route_coverage(route, fp).iloc[0]
    assert r["covered_m"] == pytest.approx(100)
    assert r["unverified_m"] == pytest.approx(100 + 50)  # 200..300 and 600..650
    assert (r["first_seen_m"], r["last_seen_m"], r["camera_ids"]) == (100, 200, ["W"])
    every = route_coverage(route, fp.drop(columns="status")).iloc[0]
    assert every["covered_m"] == pytest.approx(250) and every["unverified_m"] == 0
    assert every["camera_ids"] == ["W", "U"]


def test_points_old_keyword_k_still_works_with_a_warning():
    fp = fps([box(0, 0, 10, 10), box(5, 5, 15, 15)], ids=["A", "B"])
    pts = frame([Point(7, 7), Point(2, 2)])
    with pytest.warns(FutureWarning, match=r"k=\.\.\.\) is deprecated.*k_required="):
        old = point_coverage(pts, fp, k=2)
    assert old["covered"].tolist() == [True, False]
    assert old.equals(point_coverage(pts, fp, k_required=2))


def test_points_bad_input():
    fp = fps([box(0, 0, 10, 10)])
    with pytest.raises(cg.ValidationError, match="k_required must"):
        point_coverage(frame([Point(0, 0)]), fp, k_required=0)
    with pytest.raises(cg.ValidationError) as err:
        point_coverage(frame([Point(0, 0), box(0, 0, 1, 1), None]), fp)
    assert [p.row for p in err.value.report.errors] == [1, 2]
    with pytest.raises(cg.CRSError, match=r"cg\.project"):
        point_coverage(frame([Point(0, 0)]).set_crs(4326, allow_override=True), fp)


@settings(max_examples=50, deadline=None)
@given(
    pts=st.lists(st.tuples(st.integers(-30, 30), st.integers(-30, 30)), min_size=1, max_size=15),
    boxes=st.lists(
        st.tuples(
            st.integers(-30, 30), st.integers(-30, 30), st.integers(1, 30), st.integers(1, 30)
        ),
        max_size=8,
    ),
    k=st.integers(1, 3),
)
def test_points_match_brute_force(pts, boxes, k):
    # integer coordinates put many points exactly on footprint edges: boundary counts as seen
    polys = [box(x, y, x + w, y + h) for x, y, w, h in boxes] or [box(1e5, 1e5, 1e5 + 1, 1e5 + 1)]
    ids = [f"C{i % 3}" for i in range(len(polys))]
    out = point_coverage(frame([Point(p) for p in pts]), fps(polys, ids=ids), k_required=k)
    for row, (x, y) in zip(out.itertuples(), pts, strict=True):
        seen = sorted(
            {c for c, poly in zip(ids, polys, strict=True) if poly.intersects(Point(x, y))}
        )
        assert row.camera_ids == seen
        assert row.n_cameras == len(seen)
        assert row.covered == (len(seen) >= k)


# --------------------------------------------------------------------------------------
# Routes
# --------------------------------------------------------------------------------------
HALF = 20 * math.tan(math.radians(30))  # half-width of the view on the road: 11.547 m


def three_cameras():
    # cameras 20 m south of the road at x = 200, 500, 800 looking north with a 60 degree view
    return fps(
        [sector(x, -20, 0, 60, (5, 60)) for x in (200, 500, 800)], ids=["Z-200", "M-500", "A-800"]
    )


def test_route_past_three_cameras():
    route = frame([LineString([(0, 0), (400, 0), (1000, 0)])], name=["escape"])
    out = route_coverage(route, three_cameras()).iloc[0]
    assert out["n_sightings"] == 3
    assert out["first_seen_m"] == pytest.approx(200 - HALF)
    assert out["last_seen_m"] == pytest.approx(800 + HALF)
    assert out["covered_m"] == pytest.approx(6 * HALF)
    assert out["covered_share"] == pytest.approx(6 * HALF / 1000)
    assert out["longest_blind_m"] == pytest.approx(300 - 2 * HALF)
    assert out["length_m"] == pytest.approx(1000)
    assert out["camera_ids"] == ["Z-200", "M-500", "A-800"]  # in the order they are met
    assert out["n_cameras"] == 3


def test_route_direction_matters():
    back = frame([LineString([(1000, 0), (0, 0)])])
    out = route_coverage(back, three_cameras()).iloc[0]
    assert out["first_seen_m"] == pytest.approx(200 - HALF)
    assert out["last_seen_m"] == pytest.approx(800 + HALF)
    assert out["camera_ids"] == ["A-800", "M-500", "Z-200"]
    start_blind = frame([LineString([(150, 0), (1500, 0)])])
    out = route_coverage(start_blind, three_cameras()).iloc[0]
    assert out["first_seen_m"] == pytest.approx(50 - HALF)
    assert out["longest_blind_m"] == pytest.approx(700 - HALF)  # after the last camera


def test_route_sightings_merge_across_short_gaps():
    route = frame([LineString([(0, 0), (1000, 0)])])
    fp = three_cameras()
    assert route_coverage(route, fp, min_sighting_gap=300)["n_sightings"].tolist() == [1]
    assert route_coverage(route, fp, min_sighting_gap=250)["n_sightings"].tolist() == [3]
    cg.settings.route_sighting_gap_m = 1000.0
    try:
        assert route_coverage(route, fp)["n_sightings"].tolist() == [1]
    finally:
        cg.settings.route_sighting_gap_m = 0.0
    # covered length and blind stretches ignore the sighting rule
    out = route_coverage(route, fp, min_sighting_gap=300).iloc[0]
    assert out["longest_blind_m"] == pytest.approx(300 - 2 * HALF)


def test_overlapping_cameras_are_one_sighting():
    route = frame([LineString([(0, 0), (100, 0)])])
    fp = fps([box(10, -5, 40, 5), box(35, -5, 60, 5)])
    out = route_coverage(route, fp).iloc[0]
    assert out["n_sightings"] == 1
    assert out["covered_m"] == pytest.approx(50)
    assert out["longest_blind_m"] == pytest.approx(40)


def test_route_never_seen():
    route = frame([LineString([(0, 100), (500, 100)])])
    out = route_coverage(route, three_cameras()).iloc[0]
    assert math.isnan(out["first_seen_m"])
    assert math.isnan(out["last_seen_m"])
    assert out["n_sightings"] == 0
    assert out["longest_blind_m"] == pytest.approx(500)
    assert out["camera_ids"] == []


def test_route_that_crosses_itself_is_seen_twice():
    # round the block and back through the same junction, watched by one camera
    route = frame([LineString([(0, 0), (200, 0), (200, 100), (100, 100), (100, -100)])])
    fp = fps([box(90, -10, 110, 10)])
    out = route_coverage(route, fp).iloc[0]
    assert out["n_sightings"] == 2
    assert out["first_seen_m"] == pytest.approx(90)
    assert out["last_seen_m"] == pytest.approx(200 + 100 + 100 + 110)
    assert out["covered_m"] == pytest.approx(40)


def test_route_multilinestring_in_order_is_merged_and_broken_one_is_reported():
    good = MultiLineString([[(0, 0), (300, 0)], [(300, 0), (1000, 0)]])
    broken = MultiLineString([[(0, 0), (300, 0)], [(400, 0), (1000, 0)]])
    out = route_coverage(frame([good]), three_cameras())
    assert out["n_sightings"].tolist() == [3]
    with pytest.raises(cg.ValidationError, match="join end to end"):
        route_coverage(frame([good, broken]), three_cameras())


def cm(lo, hi):
    """Coordinates to the centimetre, as surveyed lines are (no 1e-93 m offsets)."""
    return st.integers(lo * 100, hi * 100).map(lambda v: v / 100)


@settings(max_examples=50, deadline=None)
@given(
    pts=st.lists(st.tuples(cm(-200, 200), cm(-200, 200)), min_size=2, max_size=7),
    boxes=st.lists(
        st.tuples(cm(-200, 200), cm(-200, 200), cm(1, 80), cm(1, 80)),
        min_size=1,
        max_size=6,
    ),
)
def test_route_figures_are_consistent(pts, boxes):
    line = LineString(pts)
    if line.length < 1:
        return
    polys = [box(x, y, x + w, y + h) for x, y, w, h in boxes]
    out = route_coverage(frame([line]), fps(polys)).iloc[0]
    length = out["length_m"]
    assert 0 <= out["covered_m"] <= length + 1e-9
    if out["n_sightings"] == 0:
        assert out["covered_m"] == 0
        assert out["longest_blind_m"] == pytest.approx(length)
    else:
        assert 0 <= out["first_seen_m"] < out["last_seen_m"] <= length + 1e-9
        assert out["last_seen_m"] - out["first_seen_m"] >= out["covered_m"] - 1e-6
        blind = length - out["covered_m"]
        assert out["longest_blind_m"] <= blind + 1e-6
        assert out["longest_blind_m"] >= blind / (out["n_sightings"] + 1) - 1e-6
        # the first point seen really is inside a footprint, and nothing before it is
        union = shapely.union_all(polys)
        first = line.interpolate(out["first_seen_m"])
        assert union.distance(first) < 1e-6
        if out["first_seen_m"] > 1e-3:
            before = shapely.ops.substring(line, 0, out["first_seen_m"] - 1e-3)
            assert before.intersection(union).length < 1e-6
    if line.is_simple:
        exact = line.intersection(shapely.union_all(polys)).length
        assert out["covered_m"] == pytest.approx(exact, abs=1e-6)


# --------------------------------------------------------------------------------------
# Real data: Baltimore CitiWatch cameras and 2018 homicides
# --------------------------------------------------------------------------------------
@pytest.mark.realdata
def test_baltimore_homicides_near_cameras_match_brute_force(realdata):
    base = realdata / "baltimore-citiwatch"
    cams = pd.read_csv(base / "cctv_locations_opendata.csv")
    crimes = pd.read_csv(base / "crime_homicides.csv").dropna(subset=["Longitude", "Latitude"])
    cams = gpd.GeoDataFrame(
        {"camera_id": cams["ID"].astype(str), "status": "working"},
        geometry=gpd.points_from_xy(cams["Longitude"], cams["Latitude"]),
        crs=4326,
    )
    cams = cg.project(cams)
    points = gpd.GeoDataFrame(
        geometry=gpd.points_from_xy(crimes["Longitude"], crimes["Latitude"]), crs=4326
    ).to_crs(cams.crs)
    # Hand-made footprints: a 60 m disc around each camera (a PTZ that can turn all round).
    fp = cams.set_geometry(cams.buffer(60, quad_segs=16))
    out = point_coverage(points, fp, k_required=2)
    assert len(cams) > 500
    assert len(points) > 200
    d = shapely.distance(
        np.asarray(points.geometry.array, dtype=object)[:, None],
        np.asarray(fp.geometry.array, dtype=object)[None, :],
    )  # dense check, fine at this size
    expected = (d <= 0).sum(axis=1)
    assert out["n_cameras"].tolist() == expected.tolist()
    assert out["covered"].tolist() == (expected >= 2).tolist()
    assert 0 < out["n_cameras"].astype(bool).sum() < len(points)
