"""Coverage gaps: uncovered stretches joined along roads (cctvgeo.coverage.gaps)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely import LineString, Point, box
from test_network import (  # the road and footprint builders of the coverage tests
    CRS,
    fps,
    polygons,
    polylines,
    roads_gdf,
    segments_allowing_duplicates,
)

import cctvgeo as cg
from cctvgeo.coverage import coverage_gaps, road_coverage, road_segments


def test_gaps_on_both_sides_of_one_camera():
    segs = road_segments(
        roads_gdf([LineString([(0, 0), (200, 0)])], highway=["primary"], name=["A"])
    )
    cov = road_coverage(segs, fps([box(90, -5, 110, 5)]))
    gaps = coverage_gaps(cov, min_length=50)
    assert gaps["length_m"].tolist() == pytest.approx([90, 90])
    assert gaps.geometry.length.tolist() == pytest.approx([90, 90])
    assert gaps["highway"].tolist() == ["primary", "primary"]
    assert gaps["n_segments"].tolist() == [5, 5]
    xs = sorted(tuple(sorted((g.coords[0][0], g.coords[-1][0]))) for g in gaps.geometry)
    assert xs == [pytest.approx((0, 90)), pytest.approx((110, 200))]
    assert coverage_gaps(cov, min_length=100).empty


def test_gap_inside_a_partly_covered_segment():
    segs = road_segments(roads_gdf([LineString([(0, 0), (20, 0)])]), max_length=20)
    cov = road_coverage(segs, fps([box(-1, -1, 5, 1), box(15, -1, 21, 1)]))
    gaps = coverage_gaps(cov, min_length=0)
    assert gaps["length_m"].tolist() == pytest.approx([10.0])
    g = gaps.geometry.iloc[0]
    assert (g.coords[0], g.coords[-1]) == (pytest.approx((5, 0)), pytest.approx((15, 0)))


def test_gaps_merge_through_degree_two_nodes_and_stop_at_junctions():
    a = LineString([(0, 0), (100, 0)])
    b = LineString([(100, 0), (250, 0)])
    roads = roads_gdf([a, b], highway=["primary", "secondary"], name=["A", "B"])
    fp = fps([box(-5, -5, 20, 5)])
    gaps = coverage_gaps(road_coverage(road_segments(roads), fp), min_length=0)
    assert gaps["length_m"].tolist() == pytest.approx([230.0])
    assert gaps["highway"].tolist() == ["secondary"]  # 150 of the 230 m
    assert gaps["edge_ids"].tolist() == [[0, 1]]
    assert gaps.geometry.iloc[0].geom_type == "LineString"
    # a third road at (100, 0) makes it a junction: three gaps
    c = LineString([(100, 0), (100, 100)])
    roads3 = roads_gdf([a, b, c], highway=["primary", "secondary", "residential"], name=list("ABC"))
    gaps3 = coverage_gaps(road_coverage(road_segments(roads3), fp), min_length=0)
    assert gaps3["length_m"].tolist() == pytest.approx([150.0, 100.0, 80.0])


def test_gap_of_a_reversed_neighbour_line_still_merges():
    a = LineString([(0, 0), (100, 0)])
    b = LineString([(250, 0), (100, 0)])  # drawn the other way
    gaps = coverage_gaps(
        road_coverage(road_segments(roads_gdf([a, b])), fps([box(240, -5, 260, 5)])), min_length=0
    )
    assert gaps["length_m"].tolist() == pytest.approx([240.0])


def test_gaps_name_the_risk_points_they_pass():
    segs = road_segments(roads_gdf([LineString([(0, 0), (300, 0)])]))
    cov = road_coverage(segs, fps([box(140, -5, 160, 5)]))
    rp = gpd.GeoDataFrame(
        {"name": ["school", "gold shop", "temple"]},
        geometry=[Point(50, 20), Point(250, -25), Point(150, 45)],
        crs=CRS,
    )
    gaps = coverage_gaps(cov, min_length=50, risk_points=rp)
    by_start = {
        round(min(g.coords[0][0], g.coords[-1][0])): r
        for g, r in zip(gaps.geometry, gaps.risk_points, strict=True)
    }
    assert by_start == {0: ["school"], 160: ["gold shop"]}
    near = coverage_gaps(cov, min_length=50, risk_points=rp, risk_point_distance=21)
    assert sorted(map(tuple, near.risk_points)) == [(), ("school",)]
    assert near["n_risk_points"].sum() == 1


def test_gaps_need_road_coverage_output():
    segs = road_segments(roads_gdf([LineString([(0, 0), (300, 0)])]))
    with pytest.raises(cg.ValidationError, match="covered_intervals"):
        coverage_gaps(segs)


def test_fully_covered_network_has_no_gaps():
    segs = road_segments(roads_gdf([LineString([(0, 0), (300, 0)])]))
    gaps = coverage_gaps(road_coverage(segs, fps([box(-1, -1, 301, 1)])), min_length=0)
    assert gaps.empty
    assert list(gaps.columns)[-1] == "geometry"


@settings(max_examples=40, deadline=None)
@given(
    lines=st.lists(polylines(), min_size=1, max_size=4),
    polys=st.lists(polygons(), min_size=0, max_size=5),
)
def test_gap_lengths_add_up_to_the_uncovered_length(lines, polys):
    segs = segments_allowing_duplicates(lines, max_length=15)
    cov = road_coverage(segs, fps(polys) if polys else fps([box(1e6, 1e6, 1e6 + 1, 1e6 + 1)]))
    gaps = coverage_gaps(cov, min_length=0)
    uncovered = (cov["length"] - cov["covered_m"]).sum()
    assert gaps["length_m"].sum() == pytest.approx(uncovered, abs=1e-5)
    assert np.allclose(gaps.geometry.length, gaps["length_m"], atol=1e-6)
