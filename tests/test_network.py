"""Road segments, road coverage and the summary (cctvgeo.coverage.network); gaps are in test_gaps."""

from __future__ import annotations

import importlib.util
import math
import warnings

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely import LineString, MultiLineString, Point, box

import cctvgeo as cg
from cctvgeo.coverage import coverage_gaps, coverage_summary, road_coverage, road_segments

CRS = 32647


def sector(x, y, heading, hfov, radii, *, n=721):
    """Annular sector (clockwise-from-north heading) with the arc vertices symmetric about it."""
    r_in, r_out = radii
    t = np.radians(heading + hfov * np.linspace(-0.5, 0.5, n))
    outer = np.c_[x + r_out * np.sin(t), y + r_out * np.cos(t)]
    inner = np.c_[x + r_in * np.sin(t[::-1]), y + r_in * np.cos(t[::-1])]
    return shapely.Polygon(np.vstack([outer, inner]))


def fps(geoms, ids=None, status=None, **cols):
    n = len(geoms)
    return gpd.GeoDataFrame(
        {
            "camera_id": ids or [f"C{i}" for i in range(n)],
            "status": status or ["working"] * n,
            **cols,
        },
        geometry=list(geoms),
        crs=CRS,
    )


def roads_gdf(lines, **cols):
    return gpd.GeoDataFrame(cols or None, geometry=list(lines), crs=CRS)


def segments_allowing_duplicates(lines, **kwargs):
    """Segments of random lines, which may repeat one another (merged, with a warning)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cg.coverage.CoverageWarning)
        return road_segments(roads_gdf(lines), **kwargs)


# --------------------------------------------------------------------------------------
# road_segments
# --------------------------------------------------------------------------------------
def test_segments_split_lengths_and_order():
    roads = roads_gdf(
        [LineString([(0, 0), (30, 0), (30, 40)]), LineString([(0, 10), (10, 10)])],
        highway=["primary", "residential"],
        name=["A", "B"],
        lanes=[2, 1],
    )
    segs = road_segments(roads, max_length=20.0)
    first = segs[segs.edge_id == 0]
    # 70 m -> 4 pieces of 17.5 m
    assert len(first) == 4
    assert first["length"].tolist() == pytest.approx([17.5] * 4)
    assert first["part"].tolist() == [0, 1, 2, 3]
    assert first["start_m"].tolist() == pytest.approx([0, 17.5, 35, 52.5])
    assert first["end_m"].tolist() == pytest.approx([17.5, 35, 52.5, 70])
    assert first["edge_length"].tolist() == pytest.approx([70] * 4)
    # the second piece bends at the vertex (30, 0)
    assert np.allclose(first.geometry.iloc[1].coords, [(17.5, 0), (30, 0), (30, 5)])
    assert segs.length.sum() == pytest.approx(80.0)
    assert (segs["length"] <= 20.0 + 1e-9).all()
    assert segs.loc[segs.edge_id == 1, "highway"].tolist() == ["residential"]
    assert segs.loc[segs.edge_id == 1, "lanes"].tolist() == [1]
    assert segs.index.name == "segment_id"
    assert segs.crs == roads.crs
    # pieces join end to end along their parent
    ends = shapely.get_coordinates(shapely.get_point(first.geometry.values, -1))[:-1]
    starts = shapely.get_coordinates(shapely.get_point(first.geometry.values, 0))[1:]
    assert np.allclose(ends, starts)


def test_segments_keep_index_label_as_edge_id_and_explode_multilines():
    roads = gpd.GeoDataFrame(
        {"name": ["M"]},
        geometry=[MultiLineString([[(0, 0), (25, 0)], [(100, 0), (110, 0)]])],
        index=pd.Index(["road-7"]),
        crs=CRS,
    )
    segs = road_segments(roads, max_length=20.0)
    assert segs["edge_id"].tolist() == ["road-7"] * 3
    assert segs["part"].tolist() == [0, 1, 2]
    assert segs["start_m"].tolist() == pytest.approx([0, 12.5, 25])
    assert segs["end_m"].tolist() == pytest.approx([12.5, 25, 35])
    assert segs["highway"].isna().all()


def test_segments_do_not_change_the_input():
    roads = roads_gdf([LineString([(0, 0), (50, 0)])], highway=["primary"])
    before = roads.copy()
    road_segments(roads)
    pd.testing.assert_frame_equal(roads, before)


def test_segments_reject_bad_geometry_listing_every_row():
    roads = roads_gdf([LineString([(0, 0), (5, 0)]), Point(0, 0), None, box(0, 0, 1, 1)])
    with pytest.raises(cg.ValidationError) as err:
        road_segments(roads)
    rows = [p.row for p in err.value.report.errors]
    assert rows == [1, 2, 3]


def test_segments_need_a_projected_crs():
    roads = gpd.GeoDataFrame(geometry=[LineString([(100.4, 14.5), (100.5, 14.6)])], crs=4326)
    with pytest.raises(cg.CRSError, match=r"cg\.project"):
        road_segments(roads)


def test_segments_reject_non_positive_max_length():
    with pytest.raises(cg.ValidationError, match="max_length"):
        road_segments(roads_gdf([LineString([(0, 0), (5, 0)])]), max_length=0)


def hand_graph(crs="EPSG:32647"):
    """A tiny osmnx-like graph: a two-way street 1-2 (two edges), a one-way 2-3, two-way 3-4."""
    g = nx.MultiDiGraph(crs=crs)
    for node, (x, y) in {1: (0, 0), 2: (100, 0), 3: (100, 60), 4: (200, 60)}.items():
        g.add_node(node, x=x, y=y)
    a = LineString([(0, 0), (50, 5), (100, 0)])
    g.add_edge(1, 2, 0, osmid=11, highway="primary", name="Main", oneway=False, geometry=a)
    g.add_edge(
        2, 1, 0, osmid=11, highway="primary", name="Main", oneway=False, geometry=a.reverse()
    )
    g.add_edge(2, 3, 0, osmid=12, highway="residential", name="Soi 1", oneway=True)
    b = LineString([(100, 60), (200, 60)])
    g.add_edge(3, 4, 0, osmid=13, highway=["tertiary", "residential"], oneway=False, geometry=b)
    g.add_edge(
        4, 3, 0, osmid=13, highway=["tertiary", "residential"], oneway=False, geometry=b.reverse()
    )
    return g


def test_two_way_osmnx_street_counts_once():
    g = hand_graph()
    segs = road_segments(g, max_length=20.0)
    main_len = LineString([(0, 0), (50, 5), (100, 0)]).length
    assert segs.length.sum() == pytest.approx(main_len + 60 + 100)
    assert sorted(segs["edge_id"].unique().tolist()) == [0, 1, 2]
    assert set(segs["highway"]) == {"primary", "residential", "tertiary;residential"}
    assert {"u", "v", "key", "osmid", "oneway"} <= set(segs.columns)
    # a camera over the two-way street counts its metres once
    fp = fps([box(-1, -10, 40, 10)])
    cov = road_coverage(segs, fp)
    assert cov["covered_m"].sum() == pytest.approx(
        shapely.intersection(LineString([(0, 0), (50, 5), (100, 0)]), box(-1, -10, 40, 10)).length
    )


def test_osmnx_edge_table_is_read_like_its_graph():
    import osmnx as ox

    g = hand_graph()
    edges = ox.graph_to_gdfs(g, nodes=False)
    assert len(edges) == 5
    from_table = road_segments(edges)
    from_graph = road_segments(g)
    pd.testing.assert_frame_equal(from_table, from_graph)


def test_parallel_edges_with_different_geometry_are_both_kept():
    g = nx.MultiDiGraph(crs="EPSG:32647")
    g.add_node(1, x=0, y=0)
    g.add_node(2, x=100, y=0)
    g.add_edge(1, 2, 0, osmid=1, geometry=LineString([(0, 0), (100, 0)]))
    g.add_edge(1, 2, 1, osmid=2, geometry=LineString([(0, 0), (50, 30), (100, 0)]))
    segs = road_segments(g)
    assert segs.length.sum() == pytest.approx(100 + 2 * math.hypot(50, 30))


def test_unprojected_graph_names_the_fix():
    g = hand_graph(crs="EPSG:4326")
    with pytest.raises(cg.CRSError, match="project_graph"):
        road_segments(g)


def test_graph_and_geodataframe_give_the_same_figures():
    import osmnx as ox

    lines = {
        ("a", "b"): LineString([(0, 0), (120, 0)]),
        ("b", "c"): LineString([(120, 0), (120, 90), (150, 130)]),
        ("b", "d"): LineString([(120, 0), (260, 10)]),
    }
    oneway = {("b", "d")}
    roads = roads_gdf(
        list(lines.values()), highway=["primary", "secondary", "residential"], name=["x", "y", "z"]
    )
    pos = {}
    for (u, v), geom in lines.items():
        pos[u] = geom.coords[0]
        pos[v] = geom.coords[-1]
    nodes = gpd.GeoDataFrame(
        {"x": [p[0] for p in pos.values()], "y": [p[1] for p in pos.values()]},
        geometry=[Point(p) for p in pos.values()],
        index=pd.Index(list(pos), name="osmid"),
        crs=CRS,
    )
    rows, keys = [], []
    for (u, v), geom, hw, nm in zip(lines, lines.values(), roads.highway, roads.name, strict=True):
        rows.append({"highway": hw, "name": nm, "oneway": (u, v) in oneway, "geometry": geom})
        keys.append((u, v, 0))
        if (u, v) not in oneway:
            rows.append({"highway": hw, "name": nm, "oneway": False, "geometry": geom.reverse()})
            keys.append((v, u, 0))
    edges = gpd.GeoDataFrame(
        rows, index=pd.MultiIndex.from_tuples(keys, names=["u", "v", "key"]), crs=CRS
    )
    graph = ox.graph_from_gdfs(nodes, edges)
    assert graph.number_of_edges() == 5

    fp = fps([sector(110, -5, 10, 90, (2, 60)), box(200, -20, 300, 30), box(130, 95, 160, 140)])
    seg_g = road_segments(graph)
    seg_r = road_segments(roads)
    cov_g = road_coverage(seg_g, fp)
    cov_r = road_coverage(seg_r, fp)
    assert len(seg_g) == len(seg_r)
    for col in ("length", "covered_m"):
        assert cov_g[col].sum() == pytest.approx(cov_r[col].sum())
    by_g = cov_g.groupby("highway")["covered_m"].sum()
    by_r = cov_r.groupby("highway")["covered_m"].sum()
    pd.testing.assert_series_equal(by_g, by_r)
    gaps_g = coverage_gaps(cov_g, min_length=0)
    gaps_r = coverage_gaps(cov_r, min_length=0)
    assert sorted(gaps_g.length_m.round(6)) == sorted(gaps_r.length_m.round(6))
    s_g = coverage_summary(cov_g)
    s_r = coverage_summary(cov_r)
    pd.testing.assert_frame_equal(s_g, s_r)


# --------------------------------------------------------------------------------------
# road_coverage: hand cases
# --------------------------------------------------------------------------------------
def test_sector_facing_east_covers_the_analytic_length():
    # camera at the origin, heading 90 (east), 60 degree view, blind inside 5 m, reach 30 m
    fp = fps([sector(0, 0, 90, 60, (5, 30))])
    on_axis = road_segments(roads_gdf([LineString([(-50, 0), (100, 0)])]))
    cov = road_coverage(on_axis, fp)
    assert cov["covered_m"].sum() == pytest.approx(25.0, abs=1e-9)  # from x=5 to x=30
    # a parallel road 10 m north: enters at the 30 degree edge, leaves at the 30 m arc
    north = road_segments(roads_gdf([LineString([(-50, 10), (100, 10)])]))
    exact = math.sqrt(30**2 - 10**2) - 10 / math.tan(math.radians(30))
    cov = road_coverage(north, fp)
    assert cov["covered_m"].sum() == pytest.approx(exact, abs=1e-3)
    assert cov["n_cameras"].max() == 1
    assert (cov["covered_share"] <= 1).all()


def test_overlapping_footprints_do_not_double_count():
    segs = road_segments(roads_gdf([LineString([(0, 0), (100, 0)])]), max_length=100)
    fp = fps([box(10, -5, 40, 5), box(30, -5, 60, 5), box(35, -1, 38, 1)])
    cov = road_coverage(segs, fp, camera_ids=True)
    assert cov["covered_m"].tolist() == pytest.approx([50.0])
    assert cov["covered_share"].tolist() == pytest.approx([0.5])
    assert cov["n_cameras"].tolist() == [3]
    assert cov["camera_ids"].tolist() == [["C0", "C1", "C2"]]
    assert np.allclose(cov["covered_intervals"].iloc[0], [(10.0, 60.0)])


def test_one_camera_with_two_polygons_is_one_camera():
    segs = road_segments(roads_gdf([LineString([(0, 0), (100, 0)])]), max_length=100)
    fp = fps([box(0, -5, 10, 5), box(50, -5, 70, 5)], ids=["A", "A"])
    cov = road_coverage(segs, fp)
    assert cov["n_cameras"].tolist() == [1]
    assert cov["covered_m"].tolist() == pytest.approx([30.0])


def test_touching_at_a_point_covers_nothing():
    segs = road_segments(roads_gdf([LineString([(0, 0), (10, 0)])]))
    fp = fps([box(10, -5, 20, 5), box(3, 0, 6, 4)])  # corner touch; edge-on along the road
    cov = road_coverage(segs, fp)
    # the second box lies on the road along its bottom edge: 3 m of boundary count as seen
    assert cov["covered_m"].tolist() == pytest.approx([3.0])
    assert cov["n_cameras"].tolist() == [1]


def test_statuses_and_as_if_repaired():
    segs = road_segments(roads_gdf([LineString([(0, 0), (100, 0)])]), max_length=100)
    fp = fps(
        [box(0, -5, 10, 5), box(20, -5, 30, 5), box(40, -5, 50, 5), box(60, -5, 70, 5)],
        status=["working", "broken", "under_repair", "unknown"],
    )
    with pytest.warns(cg.coverage.CoverageWarning, match="1 of 4 cameras have status 'unknown'"):
        today = road_coverage(segs, fp)
    assert today["covered_m"].iloc[0] == pytest.approx(10)
    assert today["unverified_m"].iloc[0] == pytest.approx(10)  # what camera C3 alone sees
    repaired = road_coverage(segs, fp, as_if_repaired=True, unknown="exclude")
    assert repaired["covered_m"].iloc[0] == pytest.approx(30)
    assert repaired.attrs["coverage_cameras"]["n_unknown_left_out"] == 1
    every = road_coverage(segs, fp, statuses=cg.coverage.statuses.KNOWN_STATUSES)
    assert every["covered_m"].iloc[0] == pytest.approx(40)
    cg.settings.coverage_statuses = ("working", "unknown")
    try:
        assert road_coverage(segs, fp)["covered_m"].iloc[0] == pytest.approx(20)
    finally:
        cg.settings.coverage_statuses = ("working",)


def test_cameras_without_a_status_count_as_working():
    """Open data has no status column: every camera is "unknown", and none may be dropped."""
    segs = road_segments(roads_gdf([LineString([(0, 0), (100, 0)])]), max_length=100)
    fp = fps([box(0, -5, 10, 5), box(5, -5, 30, 5)], status=["unknown", "unknown"])
    cov = road_coverage(segs, fp)  # no warning: nothing was left out
    assert cov["covered_m"].iloc[0] == pytest.approx(30)
    assert cov["unverified_m"].iloc[0] == 0
    assert cov.attrs["coverage_cameras"] == {
        "n_cameras": 2,
        "n_counted": 2,
        "n_unknown_counted": 2,
        "n_unknown_left_out": 0,
        "unknown_rule": "auto",
    }
    strict = road_coverage(segs, fp, unknown="exclude")  # asked for: no warning
    assert strict["covered_m"].iloc[0] == 0
    assert strict["unverified_m"].iloc[0] == pytest.approx(30)
    assert strict.attrs["coverage_cameras"]["n_unknown_left_out"] == 2
    # statuses that leave out "working" leave the unknown cameras out as well, silently
    broken_only = road_coverage(segs, fp, statuses=["broken"])
    assert broken_only["covered_m"].iloc[0] == 0 and broken_only["unverified_m"].iloc[0] == 0


def test_mixed_statuses_report_unverified_coverage_and_warn():
    segs = road_segments(roads_gdf([LineString([(0, 0), (100, 0)])]), max_length=100)
    fp = fps(
        [box(0, -5, 20, 5), box(10, -5, 50, 5), box(45, -5, 60, 5), box(90, -5, 95, 5)],
        ids=["W", "U", "U", "B"],  # camera U has two polygons
        status=["working", "unknown", "unknown", "broken"],
    )
    with pytest.warns(cg.coverage.CoverageWarning, match=r"1 of 3 cameras .*unknown='count'"):
        cov = road_coverage(segs, fp, camera_ids=True)
    assert cov["covered_m"].iloc[0] == pytest.approx(20)
    assert cov["unverified_m"].iloc[0] == pytest.approx(40)  # 20..60, seen by U alone
    assert cov["camera_ids"].iloc[0] == ["W"] and cov["n_cameras"].iloc[0] == 1
    counted = road_coverage(segs, fp, unknown="count")
    assert counted["covered_m"].iloc[0] == pytest.approx(60)
    assert counted["unverified_m"].iloc[0] == 0
    cg.settings.coverage_unknown_status = "count"
    try:
        assert road_coverage(segs, fp)["covered_m"].iloc[0] == pytest.approx(60)
    finally:
        cg.settings.coverage_unknown_status = "auto"
    with pytest.raises(cg.ValidationError, match="unknown="):
        road_coverage(segs, fp, unknown="maybe")


def test_counted_cameras_applies_the_same_rule():
    from cctvgeo.coverage import counted_cameras

    no_status = pd.DataFrame({"camera_id": ["a", "b"]})
    assert counted_cameras(no_status).tolist() == [True, True]
    mixed = pd.DataFrame({"camera_id": ["a", "b", "c"], "status": ["working", None, "broken"]})
    with pytest.warns(cg.coverage.CoverageWarning, match="1 of 3 cameras"):
        assert counted_cameras(mixed).tolist() == [True, False, False]
    assert counted_cameras(mixed, as_if_repaired=True, unknown="count").tolist() == [True] * 3


def test_levels_must_be_chosen():
    segs = road_segments(roads_gdf([LineString([(0, 0), (100, 0)])]), max_length=100)
    fp = fps(
        [box(0, -5, 10, 5), box(0, -5, 40, 5)],
        ids=["A", "A"],
        level=["identify", "detect"],
    )
    with pytest.raises(cg.ValidationError, match="level"):
        road_coverage(segs, fp)
    assert road_coverage(segs, fp, level="detect")["covered_m"].iloc[0] == pytest.approx(40)
    assert road_coverage(segs, fp, level="identify")["covered_m"].iloc[0] == pytest.approx(10)


def test_bad_footprints_are_reported_together():
    segs = road_segments(roads_gdf([LineString([(0, 0), (100, 0)])]))
    fp = gpd.GeoDataFrame(
        {"camera_id": ["A", None, "C"], "status": ["working", "working", "kaput"]},
        geometry=[box(0, 0, 1, 1), box(0, 0, 1, 1), Point(0, 0)],
        crs=CRS,
    )
    with pytest.raises(cg.ValidationError) as err:
        road_coverage(segs, fp)
    found = {(p.row, p.column) for p in err.value.report.errors}
    assert found == {(1, "camera_id"), (2, "status"), (2, "geometry")}
    # No status column: every camera's status is unknown, and they all count as working.
    no_status = road_coverage(segs, fps([box(0, -1, 1, 1)]).drop(columns="status"))
    assert no_status["covered_m"].iloc[0] == pytest.approx(1.0)


def test_invalid_polygons_and_nan_coordinates_are_reported():
    segs = road_segments(roads_gdf([LineString([(0, 0), (100, 0)])]))
    bowtie = shapely.Polygon([(0, 0), (10, 10), (10, 0), (0, 10)])
    with pytest.raises(cg.ValidationError, match="invalid polygon") as err:
        road_coverage(segs, fps([box(0, 0, 1, 1), bowtie]))
    assert [p.row for p in err.value.report.errors] == [1]
    assert "make_valid" in err.value.report.errors[0].fix
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # shapely warns when it is built
        nan_line = LineString([(0, 0), (np.nan, 5)])
    with pytest.raises(cg.ValidationError, match="NaN"):
        road_segments(roads_gdf([nan_line]))


def test_crs_mismatch_raises():
    segs = road_segments(roads_gdf([LineString([(0, 0), (100, 0)])]))
    fp = fps([box(0, 0, 1, 1)]).set_crs(32648, allow_override=True)
    with pytest.raises(cg.CRSError):
        road_coverage(segs, fp)


def test_coverage_keeps_index_and_does_not_mutate():
    segs = road_segments(roads_gdf([LineString([(0, 0), (100, 0)])]))
    segs.index = segs.index + 100
    before = segs.copy()
    fp = fps([box(0, -5, 50, 5)])
    cov = road_coverage(segs, fp)
    pd.testing.assert_frame_equal(segs, before)
    assert cov.index.tolist() == segs.index.tolist()
    assert "covered_m" not in segs.columns


def test_no_footprints_means_no_coverage():
    segs = road_segments(roads_gdf([LineString([(0, 0), (100, 0)])]))
    cov = road_coverage(segs, fps([box(0, -5, 50, 5)], status=["broken"]))
    assert cov["covered_m"].sum() == 0
    assert cov["n_cameras"].sum() == 0
    assert cov["covered_intervals"].map(len).sum() == 0


# --------------------------------------------------------------------------------------
# road_coverage: properties and an exact reference
# --------------------------------------------------------------------------------------
def mm(lo, hi):
    """Numbers to the millimetre, as surveyed geometry is (no subnormal 1e-309 offsets)."""
    return st.integers(round(lo * 1000), round(hi * 1000)).map(lambda v: v / 1000)


coord = mm(-100, 100)


@st.composite
def polygons(draw):
    kind = draw(st.sampled_from(["box", "disc", "sector", "triangle"]))
    x, y = draw(coord), draw(coord)
    if kind == "box":
        w, h = draw(mm(0.5, 80)), draw(mm(0.5, 80))
        return box(x, y, x + w, y + h)
    if kind == "disc":
        return Point(x, y).buffer(draw(mm(0.5, 50)), quad_segs=8)
    if kind == "sector":
        r_in = draw(mm(0, 10))
        poly = sector(
            x,
            y,
            draw(mm(0, 360)),
            draw(mm(5, 180)),
            (r_in, r_in + 5 + draw(mm(0, 60))),
            n=15,
        )
        return poly if poly.is_valid else box(x, y, x + 5, y + 5)
    pts = [(draw(coord), draw(coord)) for _ in range(3)]
    poly = shapely.Polygon(pts)
    return poly if poly.is_valid and poly.area > 1 else box(x, y, x + 5, y + 5)


@st.composite
def polylines(draw):
    n = draw(st.integers(2, 6))
    pts = [(draw(coord), draw(coord)) for _ in range(n)]
    line = LineString(pts)
    return line if line.length > 1 else LineString([(0, 0), (10, 3)])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lines=st.lists(polylines(), min_size=1, max_size=4),
    polys=st.lists(polygons(), min_size=1, max_size=6),
    max_length=st.sampled_from([5.0, 20.0, 1000.0]),
)
def test_covered_m_matches_exact_union_intersection(lines, polys, max_length):
    segs = segments_allowing_duplicates(lines, max_length=max_length)
    cov = road_coverage(segs, fps(polys))
    union = shapely.union_all(polys)
    got = cov["covered_m"].to_numpy()
    assert np.all(got <= cov["length"].to_numpy() + 1e-9)
    assert np.all(got >= 0)
    # Reference: GEOS's exact intersection of each straight edge with the union. (A line that
    # doubles back on itself is travelled twice, so it is measured edge by edge.)
    exact = np.zeros(len(segs))
    for i, geom in enumerate(segs.geometry):
        xy = np.asarray(geom.coords)
        edges = shapely.linestrings(np.stack([xy[:-1], xy[1:]], axis=1))
        exact[i] = shapely.length(shapely.intersection(edges, union)).sum()
    assert np.allclose(got, exact, atol=1e-6, rtol=1e-9)
    simple = shapely.is_simple(segs.geometry.values)
    whole = shapely.length(shapely.intersection(segs.geometry.values, union))
    assert np.allclose(got[simple], whole[simple], atol=1e-6, rtol=1e-9), (
        got[simple],
        whole[simple],
        [p.wkt for p in polys],
    )
    assert np.all((cov["covered_share"] >= 0) & (cov["covered_share"] <= 1 + 1e-12))
    # intervals are sorted, disjoint, inside the segment, and add up to covered_m
    for ivs, length, total in zip(cov.covered_intervals, cov.length, got, strict=True):
        flat = np.array(ivs, dtype=float).reshape(-1, 2)
        assert np.all(flat[:, 0] < flat[:, 1])
        assert np.all(flat[1:, 0] > flat[:-1, 1])
        assert flat.size == 0 or (flat.min() >= 0 and flat.max() <= length + 1e-9)
        assert flat[:, 1].sum() - flat[:, 0].sum() == pytest.approx(total, abs=1e-9)


def jittered_grid(n=8, spacing=150.0, seed=3):
    rng = np.random.default_rng(seed)
    xx, yy = np.meshgrid(np.arange(n) * spacing, np.arange(n) * spacing, indexing="ij")
    nodes = np.stack([xx, yy], -1) + rng.uniform(-25, 25, (n, n, 2))
    a = np.concatenate([nodes[:-1, :].reshape(-1, 2), nodes[:, :-1].reshape(-1, 2)])
    b = np.concatenate([nodes[1:, :].reshape(-1, 2), nodes[:, 1:].reshape(-1, 2)])
    mid = (a + b) / 2 + rng.normal(0, 5, a.shape)
    kinds = np.array(["primary", "secondary", "residential"], dtype=object)
    return gpd.GeoDataFrame(
        {"highway": kinds[rng.integers(0, 3, len(a))], "name": [f"Soi {i}" for i in range(len(a))]},
        geometry=shapely.linestrings(np.stack([a, mid, b], 1)),
        crs=CRS,
    )


def random_sectors(roads, n=150, seed=4):
    rng = np.random.default_rng(seed)
    lines = roads.geometry.values
    pts = shapely.line_interpolate_point(
        lines[rng.integers(0, len(lines), n)], rng.uniform(0, 1, n), normalized=True
    )
    xy = shapely.get_coordinates(pts) + rng.normal(0, 3, (n, 2))
    geoms = [
        sector(x, y, h, f, (ri, ro), n=13)
        for x, y, h, f, ri, ro in zip(
            xy[:, 0],
            xy[:, 1],
            rng.uniform(0, 360, n),
            rng.uniform(40, 110, n),
            rng.uniform(1, 5, n),
            rng.uniform(20, 70, n),
            strict=True,
        )
    ]
    status = rng.choice(["working", "broken", "unknown"], n, p=[0.8, 0.15, 0.05]).tolist()
    return fps(geoms, status=status)


def test_realistic_case_agrees_with_exact_union_within_one_percent():
    roads = jittered_grid()
    fp = random_sectors(roads)
    segs = road_segments(roads)
    cov = road_coverage(segs, fp, unknown="exclude")
    working = fp[fp.status == "working"].geometry.union_all()
    exact = shapely.length(shapely.intersection(segs.geometry.values, working))
    got = cov["covered_m"].to_numpy()
    assert got.sum() > 0.1 * segs.length.sum()  # the case is not trivial
    assert got.sum() == pytest.approx(exact.sum(), rel=0.01)
    assert np.all(np.abs(got - exact) <= np.maximum(0.5, 0.01 * exact))
    assert np.abs(got - exact).max() < 1e-6  # in fact it is exact


# --------------------------------------------------------------------------------------
# Directed networks: a two-way street drawn once per direction counts once
# --------------------------------------------------------------------------------------
def test_reversed_and_exact_duplicate_lines_are_merged_and_reported():
    street = LineString([(0, 0), (60, 0), (100, 30)])
    oneway = LineString([(0, 0), (0, 80)])
    roads = roads_gdf(
        [
            street,
            street.reverse(),  # the other direction of a two-way street
            oneway,  # a one-way street, stored once: untouched
            LineString([(0, 80), (50, 80)]),
            LineString([(50, 80.0005), (0, 80)]),  # reversed, 0.5 mm off: the same street
            LineString([(0, 81), (50, 81)]),  # 1 m away: another line, kept
            street,  # an exact copy
        ],
        highway=["primary", "primary", "residential", "service", "service", "track", "x"],
        name=["A-east", "A-west", "B", "C", "C'", "D", "A-copy"],
    )
    with pytest.warns(cg.coverage.CoverageWarning, match=r"3 road lines \(0\.270 km\)"):
        segs = road_segments(roads, max_length=1000)
    assert segs["edge_id"].tolist() == [0, 2, 3, 5]
    assert segs["name"].tolist() == ["A-east", "B", "C", "D"]  # the first line's attributes
    assert segs.geometry.iloc[0].equals(street)  # kept as drawn, in its own direction
    assert segs.length.sum() == pytest.approx(110 + 80 + 50 + 50)
    assert segs.attrs["merged_duplicate_lines"] == {"n_lines": 3, "km": pytest.approx(0.27)}


def test_same_street_drawn_differently_is_merged_but_a_doubled_back_line_is_not():
    ring = LineString([(0, 0), (40, 0), (40, 40), (0, 40), (0, 0)])
    roads = roads_gdf(
        [
            LineString([(0, 100), (100, 100)]),
            LineString([(100, 100), (50, 100), (0, 100)]),  # reversed, an extra vertex
            ring,
            LineString([(40, 40), (40, 0), (0, 0), (0, 40), (40, 40)]),  # the ring, reversed
            LineString([(0, 200), (100, 200), (50, 200)]),  # doubles back: 150 m, not 100
            LineString([(0, 200), (100, 200)]),
        ]
    )
    with pytest.warns(cg.coverage.CoverageWarning, match=r"2 road lines \(0\.260 km\)"):
        segs = road_segments(roads, max_length=1000)
    assert sorted(set(segs["edge_id"])) == [0, 2, 4, 5]


def test_coverage_of_directed_lines_given_as_segments_warns():
    street = LineString([(0, 0), (100, 0)])
    lines = roads_gdf([street, street.reverse(), LineString([(0, 0), (0, 50)])])
    fp = fps([box(0, -5, 30, 5)])
    with pytest.warns(cg.coverage.CoverageWarning, match=r"1 segments \(0\.100 km\) repeat"):
        cov = road_coverage(lines, fp)
    assert cov["covered_m"].tolist() == pytest.approx([30, 30, 5])  # each row, as given


def test_reversed_multilinestring_is_merged():
    multi = MultiLineString([[(0, 0), (10, 0)], [(20, 0), (30, 5)]])
    backwards = MultiLineString([[(30, 5), (20, 0)], [(10, 0), (0, 0)]])
    with pytest.warns(cg.coverage.CoverageWarning, match="1 road lines"):
        segs = road_segments(roads_gdf([multi, backwards]), max_length=100)
    assert set(segs["edge_id"]) == {0}
    assert segs.length.sum() == pytest.approx(multi.length)


def test_network_without_duplicates_is_untouched_and_silent():
    roads = jittered_grid()
    segs = road_segments(roads)  # pytest turns any warning into an error
    assert segs.attrs["merged_duplicate_lines"] == {"n_lines": 0, "km": 0.0}
    assert set(segs["edge_id"]) == set(roads.index)


def test_osmnx_twins_are_merged_silently():
    segs = road_segments(hand_graph())
    assert segs.attrs["merged_duplicate_lines"]["n_lines"] == 0


def test_a_road_along_a_footprint_edge_is_measured_alike_in_any_order():
    """Where a line is cut does not depend on the lines before it (hypothesis found this).

    The road's long edge lies exactly on the triangle's edge: a cut point one ulp to either
    side put 22 m in or out of the footprint, depending on which roads came first.
    """
    along = LineString([(0, 0), (0.002, 0.15), (22.006, 0)])
    other = LineString([(0, 0), (0, 1.379)])
    fp = fps([shapely.Polygon([(0.002, 0.15), (22.006, 0), (0, 0)])])
    covered = []
    for lines in ([along], [along, other], [other, along]):
        cov = road_coverage(road_segments(roads_gdf(lines), max_length=15), fp)
        covered.append(cov["covered_m"].sum())
    assert covered[1] == pytest.approx(covered[0], abs=1e-9)
    assert covered[2] == pytest.approx(covered[0], abs=1e-9)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lines=st.lists(polylines(), min_size=1, max_size=5),
    polys=st.lists(polygons(), min_size=0, max_size=5),
    data=st.data(),
)
def test_reversed_copies_change_no_figure(lines, polys, data):
    """Adding reversed copies of any subset of lines, anywhere, changes no total or gap."""
    chosen = data.draw(st.lists(st.sampled_from(range(len(lines))), unique=True))
    directed = data.draw(st.permutations([*lines, *(lines[i].reverse() for i in chosen)]))
    fp = fps(polys) if polys else fps([box(1e6, 1e6, 1e6 + 1, 1e6 + 1)])
    figures = []
    for roads in (lines, directed):
        segs = segments_allowing_duplicates(roads, max_length=15)
        cov = road_coverage(segs, fp)
        gaps = coverage_gaps(cov, min_length=0)
        figures.append(
            (segs.length.sum(), cov["covered_m"].sum(), len(gaps), np.sort(gaps["length_m"]))
        )
    (len_a, cov_a, n_a, gaps_a), (len_b, cov_b, n_b, gaps_b) = figures
    assert len_b == pytest.approx(len_a, abs=1e-6)
    assert cov_b == pytest.approx(cov_a, abs=1e-6)
    assert n_b == n_a
    assert np.allclose(gaps_b, gaps_a, atol=1e-6)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lines=st.lists(polylines(), min_size=1, max_size=3),
    polys=st.lists(polygons(), min_size=1, max_size=5),
    data=st.data(),
)
def test_unverified_coverage_is_what_counting_unknown_cameras_adds(lines, polys, data):
    status = data.draw(
        st.lists(
            st.sampled_from(["working", "unknown", "broken"]),
            min_size=len(polys),
            max_size=len(polys),
        )
    )
    segs = segments_allowing_duplicates(lines, max_length=20)
    fp = fps(polys, status=status)
    strict = road_coverage(segs, fp, unknown="exclude")
    counted = road_coverage(segs, fp, unknown="count")
    as_working = road_coverage(segs, fp.assign(status=fp.status.replace("unknown", "working")))
    assert np.allclose(counted["covered_m"], as_working["covered_m"], atol=1e-9)
    assert np.allclose(
        strict["covered_m"] + strict["unverified_m"], counted["covered_m"], atol=1e-6
    )
    assert (counted["unverified_m"] == 0).all()
    if "unknown" not in status:
        assert strict.attrs["coverage_cameras"]["n_unknown_left_out"] == 0


# --------------------------------------------------------------------------------------
# Summary
# --------------------------------------------------------------------------------------
def test_summary_by_class_and_district():
    roads = roads_gdf(
        [
            LineString([(0, 0), (1000, 0)]),
            LineString([(0, 50), (500, 50)]),
            LineString([(1200, 0), (1400, 0)]),
        ],
        highway=["primary", "residential", None],
    )
    fp = fps([box(0, -10, 250, 10), box(900, -10, 1100, 10)])
    cov = road_coverage(road_segments(roads), fp)
    s = coverage_summary(cov)
    assert s.loc["primary", "total_km"] == pytest.approx(1.0)
    assert s.loc["primary", "covered_km"] == pytest.approx(0.35)
    assert s.loc["(none)", "covered_share"] == 0
    assert s.loc["all", "total_km"] == pytest.approx(1.7)
    assert s.loc["all", "covered_share"] == pytest.approx(0.35 / 1.7)
    districts = gpd.GeoDataFrame(
        {"name": ["West", "East"]},
        geometry=[box(-10, -100, 600, 100), box(600, -100, 1100, 100)],
        crs=CRS,
    )
    d = coverage_summary(cov, by=None, districts=districts)
    assert d.loc["West", "total_km"] == pytest.approx(1.1)
    assert d.loc["West", "covered_km"] == pytest.approx(0.25)
    assert d.loc["East", "covered_km"] == pytest.approx(0.1)
    assert d.loc["(outside districts)", "total_km"] == pytest.approx(0.2)
    both = coverage_summary(cov, districts=districts, total=False)
    assert both.index.names == ["district", "highway"]
    assert both.loc[("West", "residential"), "total_km"] == pytest.approx(0.5)
    assert both["total_km"].sum() == pytest.approx(1.7)


# --------------------------------------------------------------------------------------
# Independent check on the sample province
# --------------------------------------------------------------------------------------
def test_sample_province_agrees_with_exact_union_intersection():
    if importlib.util.find_spec("cctvgeo.datasets") is None:
        pytest.skip("cctvgeo.datasets (the bundled sample province) is not written yet")
    if not hasattr(cg.coverage, "fields_of_view"):
        pytest.skip("cg.coverage.fields_of_view (footprints) is not written yet")
    sample = cg.datasets.load_sample()
    cams = cg.project(sample.cameras)
    roads = cg.project(sample.roads).to_crs(cams.crs)
    fp = cg.coverage.fields_of_view(cams, level="recognise", roads=roads)
    segs = road_segments(roads)
    cov = road_coverage(segs, fp)
    working = fp[fp["status"] == "working"].geometry
    union = shapely.union_all(working[~(working.isna() | working.is_empty)].values)
    exact = shapely.length(shapely.intersection(segs.geometry.values, union))
    got = cov["covered_m"].to_numpy()
    assert exact.sum() > 0
    assert got.sum() == pytest.approx(exact.sum(), rel=0.01)
    assert np.all(np.abs(got - exact) <= np.maximum(0.5, 0.01 * exact))
    # the same figures from the osmnx graph of the same roads
    import osmnx as ox

    graph = ox.project_graph(sample.graph(), to_crs=cams.crs)
    cov_g = road_coverage(road_segments(graph), fp)
    assert cov_g["length"].sum() == pytest.approx(cov["length"].sum(), rel=1e-6)
    assert cov_g["covered_m"].sum() == pytest.approx(got.sum(), rel=1e-6)


# --------------------------------------------------------------------------------------
# Real cameras without a status on a directed network (issue 12)
# --------------------------------------------------------------------------------------
def directed_grid(x0, y0, size, spacing, oneway_every):
    """A street grid stored as a directed network: every block of a two-way street twice.

    The blocks run node to node, as MATSim links and routing exports store them. Every
    ``oneway_every``-th street in each direction is one-way and stored once. Returns the
    directed lines and the undirected network (each block once).
    """
    ticks = np.arange(0.0, size + spacing / 2, spacing)
    a, b = np.meshgrid(ticks[:-1], ticks, indexing="ij")  # along a street, across streets
    along, across = a.ravel(), b.ravel()
    street = np.tile(np.arange(len(ticks)), len(ticks) - 1)
    starts = np.concatenate([np.c_[x0 + along, y0 + across], np.c_[x0 + across, y0 + along]])
    ends = starts + np.concatenate([[[spacing, 0.0]] * len(along), [[0.0, spacing]] * len(along)])
    blocks = shapely.linestrings(np.stack([starts, ends], axis=1))
    two_way = np.concatenate([street, street]) % oneway_every != 0
    directed = np.concatenate([blocks, shapely.reverse(blocks[two_way])])
    return (
        gpd.GeoDataFrame(geometry=directed, crs=26985),
        gpd.GeoDataFrame(geometry=blocks, crs=26985),
    )


@pytest.mark.realdata
def test_baltimore_cameras_without_status_on_a_directed_network(realdata):
    """Real cameras with no status column give real coverage on a directed network.

    Real: the 592 Baltimore CitiWatch camera positions (``bpd_cameras.csv``, city open
    data), which have no status, type, heading or height; their footprints follow from
    cctvgeo's documented defaults. Synthetic: the road network. No Baltimore road network
    is available offline, so a 100 m street grid covers the 3 km square of downtown that
    holds the most cameras, stored the way a directed network (MATSim links, a routing
    export) stores it: two reversed lines per block of a two-way street, one line per
    block of the one-way streets (every third street). The reference is GEOS's exact
    intersection of each undirected block with the union of all the footprints.
    """
    cams = cg.read_cameras(realdata / "baltimore-citiwatch" / "bpd_cameras.csv").to_crs(26985)
    assert (cams["status"] == "unknown").all()
    x0, y0, size = 432110.0, 178943.0, 3000.0
    directed, undirected = directed_grid(x0, y0, size, spacing=100.0, oneway_every=3)
    cams = cams.cx[x0 : x0 + size, y0 : y0 + size]
    assert len(cams) > 200
    fp = cg.coverage.fields_of_view(cams, level="detect", roads=undirected)

    with pytest.warns(cg.coverage.CoverageWarning, match="road lines"):
        segs = road_segments(directed)
    cov = road_coverage(segs, fp)
    merged = segs.attrs["merged_duplicate_lines"]
    assert merged["n_lines"] == len(directed) - len(undirected)
    # 31 streets each way, 11 of them one-way (0, 3, ..., 30): the directed lines hold
    # 1 + 20/31 times the road; the segments hold each street once
    assert directed.length.sum() / undirected.length.sum() == pytest.approx(1 + 20 / 31)
    assert segs.length.sum() == pytest.approx(undirected.length.sum(), rel=1e-9)
    # every camera counts (no status anywhere), and the coverage is not zero
    assert cov.attrs["coverage_cameras"]["n_unknown_counted"] == len(cams)
    assert cov["unverified_m"].sum() == 0
    got = cov["covered_m"].sum()
    assert got > 0.02 * segs.length.sum()  # 9.4 km of 186 km
    # the old default, working cameras only, gave 0 m here, with no warning
    strict = road_coverage(segs, fp, unknown="exclude")
    assert strict["covered_m"].sum() == 0
    assert strict["unverified_m"].sum() == pytest.approx(got)
    # exact: GEOS union of the footprints, intersected with each undirected block
    union = shapely.union_all(fp.geometry.values[~(fp.geometry.isna() | fp.geometry.is_empty)])
    exact = shapely.length(shapely.intersection(undirected.geometry.values, union)).sum()
    assert got == pytest.approx(exact, rel=0.01)
    per_segment = shapely.length(shapely.intersection(segs.geometry.values, union))
    assert np.abs(cov["covered_m"].to_numpy() - per_segment).max() < 1e-6
    # the gaps are those of the undirected grid
    gaps = coverage_gaps(cov, min_length=0)
    gaps_u = coverage_gaps(road_coverage(road_segments(undirected), fp), min_length=0)
    assert gaps["length_m"].sum() == pytest.approx(gaps_u["length_m"].sum(), rel=1e-9)
    assert len(gaps) == len(gaps_u)


@pytest.mark.realdata
def test_trafford_cameras_without_status_on_directed_links_between_real_road_nodes(realdata):
    """The same check with Trafford's council cameras and real road-network nodes.

    Real: the 99 Trafford council cameras (``trafford_cctv_cameras.csv``, OGL; no status,
    type or heading) and the 9,115 OS Open Roads nodes of Trafford (junctions, road ends,
    pseudo nodes, roundabouts). Synthetic: the links. OS Open Roads' own links are not in
    the copy we have, so the links are the Delaunay edges of the real nodes, up to 150 m
    long: a mesh denser than the real roads, through the real junctions. Each link is
    stored twice, once reversed, as a directed network stores a two-way street.
    """
    folder = realdata / "trafford-cctv"
    cams = cg.project(cg.read_cameras(folder / "trafford_cctv_cameras.csv"))
    assert len(cams) == 99 and (cams["status"] == "unknown").all()
    nodes = gpd.read_file(folder / "os_open_roads_trafford_roadNode.geojson").to_crs(cams.crs)
    mesh = shapely.delaunay_triangles(shapely.multipoints(nodes.geometry.values), only_edges=True)
    links = shapely.get_parts(mesh)
    links = links[shapely.length(links) <= 150.0]
    directed = gpd.GeoDataFrame(
        geometry=np.concatenate([links, shapely.reverse(links)]), crs=cams.crs
    )
    fp = cg.coverage.fields_of_view(cams, level="detect", roads=directed)
    with pytest.warns(cg.coverage.CoverageWarning, match=f"{len(links)} road lines"):
        segs = road_segments(directed)
    cov = road_coverage(segs, fp)
    assert segs.length.sum() == pytest.approx(shapely.length(links).sum(), rel=1e-9)
    assert cov.attrs["coverage_cameras"]["n_unknown_counted"] == 99
    union = shapely.union_all(fp.geometry.values[~(fp.geometry.isna() | fp.geometry.is_empty)])
    exact = shapely.length(shapely.intersection(links, union)).sum()
    assert cov["covered_m"].sum() > 1000.0
    assert cov["covered_m"].sum() == pytest.approx(exact, rel=0.01)
