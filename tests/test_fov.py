"""Tests for cctvgeo.coverage.fov: footprints and headings (the optics are in test_dori)."""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely import LineString, Point
from shapely.affinity import rotate

import cctvgeo as cg
from cctvgeo import settings as cg_settings
from cctvgeo.coverage import _headings, fov
from cctvgeo.coverage.dori import dori_reach, vertical_fov
from cctvgeo.coverage.fov import fields_of_view

REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"
UTM = 32647


def cameras(**cols: object) -> gpd.GeoDataFrame:
    """One or more cameras at the origin (or at ``geometry``) in UTM 47N."""
    geometry = cols.pop("geometry", None)
    n = max((len(v) for v in cols.values() if isinstance(v, list)), default=1)
    data = {k: (v if isinstance(v, list) else [v] * n) for k, v in cols.items()}
    if geometry is None:
        geometry = [Point(0, 0)] * n
    return gpd.GeoDataFrame(data, geometry=geometry, crs=UTM)


def analytic_sector(
    x: float, y: float, heading: float, width: float, *, near: float, far: float
) -> shapely.Polygon:
    """The annular sector with arcs approximated to 0.01 degree (for comparison)."""
    return fov._annular_sectors(
        np.array([x]),
        np.array([y]),
        np.array([heading]),
        np.array([width]),
        np.array([near]),
        far=np.array([far]),
        step_deg=0.01,
    )[0]


# --------------------------------------------------------------------------- hand geometry


def test_camera_facing_east_is_the_analytic_annular_sector() -> None:
    cams = cameras(
        camera_id="C1",
        status="working",
        camera_type="fixed",
        heading_deg=90.0,
        hfov_deg=90.0,
        resolution_px=1920.0,
        height_m=5.0,
        tilt_deg=15.0,
    )
    fp = fields_of_view(cams, level="detect")
    row = fp.iloc[0]
    vfov = math.degrees(2 * math.atan(math.tan(math.radians(45)) * 9 / 16))
    near = 5.0 / math.tan(math.radians(15 + vfov / 2))
    far = math.sqrt(38.4**2 - 5.0**2)  # DORI limit; the upper edge is above the horizon
    assert row["near_m"] == pytest.approx(near, rel=1e-12)
    assert row["far_m"] == pytest.approx(far, rel=1e-12)
    assert row["reach_m"] == pytest.approx(38.4)
    assert row["heading_source"] == "data"
    assert row["shape"] == "sector"
    assert pd.isna(row["reason"])
    poly = row.geometry
    assert poly.is_valid
    true_area = math.pi / 4 * (far**2 - near**2)
    assert poly.area == pytest.approx(true_area, rel=2e-3)
    assert poly.area <= true_area
    exact = analytic_sector(0, 0, 90, 90, near=near, far=far)
    # The polygon lies inside the true sector, within the arc tolerance of it.
    assert poly.difference(exact).area < 1e-3
    assert exact.hausdorff_distance(poly) < far * (1 - math.cos(math.radians(2.5))) + 1e-6
    assert poly.bounds[2] == pytest.approx(far)  # a vertex straight ahead at the far edge
    assert poly.contains(Point(20, 0))
    assert poly.contains(Point(20, 19.5))
    assert not poly.contains(Point(20, 20.5))  # outside heading +- 45
    assert not poly.contains(Point(near - 0.1, 0))  # blind zone
    assert not poly.contains(Point(far + 0.1, 0))


def test_tilt_limits_the_far_edge() -> None:
    # tilt 40, vfov of 90/16:9 = 58.7 -> upper edge 10.64 deg below the horizon.
    fp = fields_of_view(
        cameras(heading_deg=0.0, hfov_deg=90.0, resolution_px=1920.0, height_m=5.0, tilt_deg=40.0),
        level="detect",
    )
    vfov = float(vertical_fov(90.0))
    assert fp["far_m"].iloc[0] == pytest.approx(5 / math.tan(math.radians(40 - vfov / 2)))


def test_level_never_reached_on_the_ground_is_reported() -> None:
    # identify at 1920 px / 90 deg reaches 3.84 m along the line of sight < 5 m height.
    fp = fields_of_view(
        cameras(camera_id="C9", heading_deg=0.0, hfov_deg=90.0, resolution_px=1920.0),
        level="identify",
    )
    assert fp.geometry.iloc[0].is_empty
    assert fp["reason"].iloc[0] == fov.REASON_NEVER
    assert fp["reach_m"].iloc[0] == pytest.approx(3.84)
    assert np.isnan(fp["far_m"].iloc[0])


def test_level_reached_only_in_the_blind_zone_is_reported() -> None:
    # reach 6 m along the line of sight -> 3.3 m on the ground, but the near edge is 5.1 m.
    res = 6.0 * 2 * 125.0 * math.tan(math.radians(45))
    fp = fields_of_view(cameras(heading_deg=0.0, hfov_deg=90.0, resolution_px=res))
    assert fp.geometry.iloc[0].is_empty
    assert fp["reason"].iloc[0] == fov.REASON_BLIND


def test_bad_values_and_missing_points_are_reported_not_dropped() -> None:
    cams = cameras(
        camera_id=["a", "b", "c", "d", "e"],
        heading_deg=0.0,
        hfov_deg=[400.0, 90.0, 90.0, 90.0, 90.0],
        height_m=[5.0, -1.0, 5.0, 5.0, 5.0],
        tilt_deg=[15.0, 15.0, 15.0, 95.0, 15.0],
        geometry=[Point(0, 0), Point(1, 0), None, Point(3, 0), Point(4, 0)],
    )
    fp = fields_of_view(cams)
    assert list(fp.index) == list(cams.index)
    assert list(fp.geometry.is_empty) == [True, True, True, True, False]
    assert "hfov_deg" in fp["reason"].iloc[0]
    assert "height_m" in fp["reason"].iloc[1]
    assert fp["reason"].iloc[2] == fov.REASON_NO_POINT
    assert "tilt_deg" in fp["reason"].iloc[3]
    assert pd.isna(fp["reason"].iloc[4])


def test_text_in_a_numeric_column_raises_with_every_row() -> None:
    cams = cameras(camera_id=["a", "b", "c"], heading_deg=[0.0, 0.0, 0.0])
    cams["height_m"] = pd.Series(["5", "high", "tall"], dtype=object)
    with pytest.raises(cg.ValidationError) as err:
        fields_of_view(cams)
    rows = [p.row for p in err.value.report.problems]
    assert rows == [1, 2]
    assert "height_m" in str(err.value)


def test_defaults_are_used_and_named() -> None:
    fp = fields_of_view(cameras(camera_type="alpr", heading_deg=10.0))
    row = fp.iloc[0]
    assert row["hfov_deg"] == cg_settings.default_hfov_deg["alpr"]
    assert row["height_m"] == cg_settings.default_height_m
    assert row["tilt_deg"] == cg_settings.default_tilt_deg
    assert row["assumed"] == "hfov_deg,resolution_px,height_m,tilt_deg"
    lens = fields_of_view(
        cameras(heading_deg=10.0, focal_length_mm=2.0, sensor_width_mm=4.0, resolution_px=1920.0)
    )
    assert lens["hfov_deg"].iloc[0] == pytest.approx(90.0)
    assert lens["assumed"].iloc[0] == "height_m,tilt_deg"


# --------------------------------------------------------------------------- camera types


def test_ptz_ring_swept_range_and_view_share() -> None:
    cams = cameras(
        camera_type=["ptz", "ptz", "ptz"],
        heading_deg=[np.nan, 180.0, 180.0],
        sweep_deg=[np.nan, 180.0, 330.0],
        hfov_deg=60.0,
        resolution_px=1920.0,
        tilt_deg=10.0,
        height_m=8.0,
        geometry=[Point(0, 0), Point(500, 0), Point(1000, 0)],
    )
    fp = fields_of_view(cams, level="detect")
    ring, swept, _full = fp.geometry
    near, far = fp["near_m"].iloc[0], fp["far_m"].iloc[0]
    assert list(fp["shape"]) == ["ring", "sector", "ring"]
    assert list(fp["heading_source"]) == ["omni", "data", "omni"]
    assert ring.area == pytest.approx(math.pi * (far**2 - near**2), rel=3e-3)
    assert len(ring.interiors) == 1  # the blind zone is a hole
    assert not ring.contains(Point(near / 2, 0))
    # swept range 90-270 widened by 60 -> 60..300 degrees, i.e. 240 of 360.
    assert swept.area == pytest.approx(ring.area * 240 / 360, rel=3e-3)
    assert swept.contains(
        Point(500 + 30 * math.sin(math.radians(65)), 30 * math.cos(65 * math.pi / 180))
    )
    assert not swept.contains(
        Point(500 + 30 * math.sin(math.radians(55)), 30 * math.cos(55 * math.pi / 180))
    )
    assert list(fp["view_share"]) == pytest.approx([60 / 360, 60 / 240, 60 / 360])
    assert np.isnan(fp["heading_deg"].iloc[2])


def test_dome_follows_the_dome_is_ptz_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    cams = cameras(camera_type="dome", heading_deg=45.0, hfov_deg=90.0)
    assert fields_of_view(cams)["shape"].iloc[0] == "ring"
    monkeypatch.setattr(cg_settings, "dome_is_ptz", False)
    fp = fields_of_view(cams)
    assert fp["shape"].iloc[0] == "sector"
    assert fp["heading_deg"].iloc[0] == 45.0


def test_panoramic_is_a_ring_with_its_own_reach() -> None:
    fp = fields_of_view(
        cameras(camera_type="panoramic", resolution_px=10240.0, height_m=8.0, tilt_deg=30.0),
        level="detect",
    )
    row = fp.iloc[0]
    reach = 10240 / (25 * 2 * math.pi)
    assert row["shape"] == "ring"
    assert row["reach_m"] == pytest.approx(reach)
    assert row["far_m"] == pytest.approx(math.sqrt(reach**2 - 64))
    assert row["hfov_deg"] == 360.0


# --------------------------------------------------------------------------- frame contract


def test_several_levels_give_a_multiindex_and_keep_index_crs_and_input() -> None:
    cams = cameras(
        camera_id=["A", "B"],
        status=["working", "broken"],
        heading_deg=[0.0, 90.0],
        hfov_deg=60.0,
        resolution_px=3840.0,
        geometry=[Point(0, 0), Point(100, 0)],
    )
    cams.index = pd.Index(["r7", "r9"], name="row")
    before = cams.copy()
    fp = fields_of_view(cams, levels=["detect", "recognise", "identify"])
    pd.testing.assert_frame_equal(cams, before)
    assert fp.crs == cams.crs
    assert fp.index.names == ["row", "dori_level"]
    assert list(fp.index) == [
        ("r7", "detect"),
        ("r7", "recognise"),
        ("r7", "identify"),
        ("r9", "detect"),
        ("r9", "recognise"),
        ("r9", "identify"),
    ]
    assert list(fp["level"]) == ["detect", "recognise", "identify"] * 2
    assert list(fp["status"]) == ["working"] * 3 + ["broken"] * 3
    far = fp["far_m"].to_numpy()
    assert far[0] > far[1] > far[2]  # finer detail, shorter reach
    assert fp.groupby("level").size().to_dict() == {"detect": 2, "identify": 2, "recognise": 2}
    single = fields_of_view(cams, level="recognise")
    assert single.index.equals(cams.index)
    assert single.geometry.iloc[1].equals(fp.geometry.iloc[4])


def test_crs_errors() -> None:
    geo = cameras(heading_deg=0.0).to_crs(4326)
    with pytest.raises(cg.CRSError, match=r"cg\.project"):
        fields_of_view(geo)
    naive = cameras(heading_deg=0.0).set_crs(None, allow_override=True)
    with pytest.raises(cg.CRSError, match="no CRS"):
        fields_of_view(naive)
    roads = gpd.GeoDataFrame(geometry=[LineString([(0, 0), (1, 1)])], crs=32648)
    with pytest.raises(cg.CRSError, match="roads"):
        fields_of_view(cameras(heading_deg=np.nan), roads=roads)


def test_unknown_options_raise() -> None:
    with pytest.raises(ValueError, match="missing_heading"):
        fields_of_view(cameras(heading_deg=0.0), missing_heading="guess")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="levels is empty"):
        fields_of_view(cameras(heading_deg=0.0), levels=[])


# --------------------------------------------------------------------------- missing headings


def test_missing_heading_raise_lists_every_camera() -> None:
    cams = cameras(
        camera_id=["K1", "K2", "K3", "K4"],
        camera_type=["fixed", "ptz", None, "alpr"],
        heading_deg=[np.nan, np.nan, np.nan, 30.0],
        geometry=[Point(i, 0) for i in range(4)],
    )
    cams.index = pd.Index([11, 12, 13, 14])
    with pytest.raises(cg.ValidationError) as err:
        fields_of_view(cams, missing_heading="raise")
    problems = err.value.report.problems
    assert [p.row for p in problems] == [11, 13]  # the PTZ needs no heading
    message = str(err.value)
    assert "'K1'" in message
    assert "'K3'" in message
    assert "K2" not in message
    assert "K4" not in message


def test_missing_heading_road_without_roads_names_the_argument() -> None:
    with pytest.raises(ValueError, match="roads="):
        fields_of_view(cameras(heading_deg=np.nan))
    # ...but not when every camera has a heading.
    assert len(fields_of_view(cameras(heading_deg=10.0))) == 1


def test_omni_ring_has_the_sector_area() -> None:
    cams = cameras(
        camera_id=["with", "without"],
        heading_deg=[0.0, np.nan],
        hfov_deg=90.0,
        geometry=[Point(0, 0), Point(100, 0)],
    )
    fp = fields_of_view(cams, missing_heading="omni", level="detect")
    sector, ring = fp.geometry
    assert list(fp["heading_source"]) == ["data", "omni"]
    assert fp["reason"].iloc[1] == fov.REASON_OMNI
    assert ring.area == pytest.approx(sector.area, rel=3e-3)
    assert fp["far_m"].iloc[1] < fp["far_m"].iloc[0]


def straight_road(bearing: float, length: float = 1000.0, centre: float = 0.0) -> gpd.GeoDataFrame:
    """A straight road through (centre along the bearing) digitised in the bearing's direction."""
    dx, dy = math.sin(math.radians(bearing)), math.cos(math.radians(bearing))
    a = (-(length / 2 - centre) * dx, -(length / 2 - centre) * dy)
    b = ((length / 2 + centre) * dx, (length / 2 + centre) * dy)
    return gpd.GeoDataFrame(geometry=[LineString([a, b])], crs=UTM)


@pytest.mark.parametrize("bearing", [0.0, 37.0, 90.0, 200.0, 315.0])
def test_heading_inferred_from_a_straight_road_is_its_bearing(bearing: float) -> None:
    # Camera 4 m to the side of the middle of the road: both directions cover the same
    # road length, and the tie goes to the direction the road is digitised in.
    side = math.radians(bearing + 90)
    cam = cameras(heading_deg=np.nan, geometry=[Point(4 * math.sin(side), 4 * math.cos(side))])
    fp = fields_of_view(cam, roads=straight_road(bearing))
    assert fp["heading_source"].iloc[0] == "inferred"
    assert fp["heading_deg"].iloc[0] == pytest.approx(bearing)
    reverse = straight_road(bearing).reverse()  # digitised the other way: the reverse bearing
    fp = fields_of_view(cam, roads=gpd.GeoDataFrame(geometry=reverse, crs=UTM))
    assert fp["heading_deg"].iloc[0] == pytest.approx((bearing + 180) % 360)


def test_heading_inferred_towards_the_longer_stretch_of_road() -> None:
    # The road runs north-south and ends 5 m south of the camera: it looks north (0), even
    # though the road is digitised southwards (180).
    road = gpd.GeoDataFrame(geometry=[LineString([(0, 300), (0, -5)])], crs=UTM)
    fp = fields_of_view(cameras(heading_deg=np.nan, geometry=[Point(3, 0)]), roads=road)
    assert fp["heading_deg"].iloc[0] == pytest.approx(0.0)


def test_camera_far_from_roads_falls_back_to_a_reported_ring() -> None:
    cams = cameras(
        heading_deg=np.nan, geometry=[Point(0, 5), Point(0, 500)], camera_id=["near", "far"]
    )
    road = gpd.GeoDataFrame(geometry=[LineString([(-100, 0), (100, 0)])], crs=UTM)
    fp = fields_of_view(cams, roads=road)
    assert list(fp["heading_source"]) == ["inferred", "omni"]
    assert "no road within" in fp["reason"].iloc[1]
    assert not fp.geometry.iloc[1].is_empty


def test_roads_may_be_a_geoseries_of_multilines() -> None:
    roads = gpd.GeoSeries(
        [shapely.MultiLineString([[(0, -100), (0, 100)], [(50, 0), (60, 0)]])], crs=UTM
    )
    fp = fields_of_view(cameras(heading_deg=np.nan, geometry=[Point(3, 0)]), roads=roads)
    assert fp["heading_deg"].iloc[0] == pytest.approx(0.0)


# Lengths below a micrometre are left out: there shapely's intersection, the reference, is
# no longer exact (a segment leaving the apex at 45 degrees from a 5-degree sector with a
# 1e-301 m blind zone measures 1.41 m in shapely, 0 m here, and 0 is right).
_METRES = st.floats(-60, 60).filter(lambda v: v == 0 or abs(v) >= 1e-6)


@settings(max_examples=80, deadline=None)
@given(
    seg=st.lists(_METRES, min_size=4, max_size=4),
    heading=st.floats(0, 360),
    width=st.floats(5, 359),
    near=st.one_of(st.just(0.0), st.floats(1e-6, 10)),
    extra=st.floats(1, 50),
)
def test_road_length_inside_a_sector_is_exact(
    *, seg: list[float], heading: float, width: float, near: float, extra: float
) -> None:
    """The analytic length used to choose a direction equals shapely's intersection."""
    a, b = np.array([seg[:2]]), np.array([seg[2:]])
    got = _headings._length_in_sector(
        a,
        b,
        heading=np.array([heading]),
        width=np.array([width]),
        near=np.array([near]),
        far=np.array([near + extra]),
    )[0]
    sector = analytic_sector(0, 0, heading, width, near=near, far=near + extra)
    want = LineString([seg[:2], seg[2:]]).intersection(sector).length
    assert got == pytest.approx(want, rel=2e-3, abs=2e-3 * (near + extra))


def test_roads_may_be_an_osmnx_graph_in_the_cameras_crs() -> None:
    import networkx as nx

    graph = nx.MultiDiGraph(crs="EPSG:32647")
    graph.add_node(1, x=0.0, y=100.0)
    graph.add_node(2, x=0.0, y=-100.0)
    graph.add_edge(1, 2, key=0, length=200.0)  # digitised southwards
    cam = cameras(heading_deg=np.nan, geometry=[Point(3, 0)])
    fp = fields_of_view(cam, roads=graph)
    assert fp["heading_deg"].iloc[0] == pytest.approx(180.0)
    graph.graph["crs"] = "EPSG:4326"
    with pytest.raises(cg.CRSError, match="project_graph"):
        fields_of_view(cam, roads=graph)


# --------------------------------------------------------------------------- properties

headings = st.floats(0, 359.999)
hfovs = st.floats(1.0, 179.0)
heights = st.floats(1.0, 30.0)
tilts = st.floats(-10.0, 85.0)
resolutions = st.floats(640.0, 8000.0)
fast = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def one(
    heading: float, hfov: float, height: float, tilt: float, res: float, **kw: object
) -> gpd.GeoDataFrame:
    cams = cameras(
        heading_deg=heading,
        hfov_deg=hfov,
        height_m=height,
        tilt_deg=tilt,
        resolution_px=res,
        geometry=[Point(1000.0, 2000.0)],
    )
    return fields_of_view(cams, level=str(kw.get("level", "detect")))


@fast
@given(headings, hfovs, heights, tilts, resolutions)
def test_footprint_is_valid_and_inside_its_sector(
    heading: float, hfov: float, height: float, tilt: float, res: float
) -> None:
    fp = one(heading, hfov, height, tilt, res)
    row = fp.iloc[0]
    poly = row.geometry
    assert poly.is_valid
    assert poly.is_empty == isinstance(row["reason"], str)
    if poly.is_empty:
        return
    assert poly.geom_type == "Polygon"
    cam = Point(1000.0, 2000.0)
    xy = shapely.get_coordinates(poly) - [1000.0, 2000.0]
    dist = np.hypot(xy[:, 0], xy[:, 1])
    assert dist.max() <= row["far_m"] * (1 + 1e-9)
    assert poly.distance(cam) >= row["near_m"] * (1 - 1e-9) - 1e-9
    away = dist > 1e-6
    bearing = np.degrees(np.arctan2(xy[away, 0], xy[away, 1]))
    off = (bearing - heading + 180) % 360 - 180
    assert np.all(np.abs(off) <= hfov / 2 + 1e-6)


@fast
@given(
    heading=headings,
    turn=st.floats(-720.0, 720.0),
    hfov=hfovs,
    height=heights,
    tilt=tilts,
    res=resolutions,
)
def test_rotating_the_heading_rotates_the_footprint(
    *, heading: float, turn: float, hfov: float, height: float, tilt: float, res: float
) -> None:
    a = one(heading, hfov, height, tilt, res).geometry.iloc[0]
    b = one(heading + turn, hfov, height, tilt, res).geometry.iloc[0]
    assert a.is_empty == b.is_empty
    if a.is_empty:
        return
    # Headings turn clockwise; shapely rotates counter-clockwise for positive angles.
    turned = rotate(a, -turn, origin=(1000.0, 2000.0))
    assert turned.symmetric_difference(b).area <= 1e-6 * a.area + 1e-9


@fast
@given(
    heading=headings,
    hfov=hfovs,
    height=heights,
    tilt=tilts,
    res=resolutions,
    more=st.floats(1.01, 4.0),
)
def test_reach_grows_with_resolution(
    *, heading: float, hfov: float, height: float, tilt: float, res: float, more: float
) -> None:
    low = one(heading, hfov, height, tilt, res).iloc[0]
    high = one(heading, hfov, height, tilt, res * more).iloc[0]
    assert high["reach_m"] > low["reach_m"]
    if low.geometry.is_empty:
        return
    assert not high.geometry.is_empty
    assert high["far_m"] >= low["far_m"]
    assert high.geometry.buffer(1e-6).contains(low.geometry)


@fast
@given(
    heading=headings,
    hfov=hfovs,
    height=heights,
    more=st.floats(1.01, 3.0),
    tilt=st.floats(0.0, 60.0),
    res=resolutions,
)
def test_blind_zone_grows_with_height(
    *, heading: float, hfov: float, height: float, more: float, tilt: float, res: float
) -> None:
    low = one(heading, hfov, height, tilt, res).iloc[0]
    high = one(heading, hfov, height * more, tilt, res).iloc[0]
    if low["near_m"] == 0.0:  # looking straight down: no blind zone at either height
        assert high["near_m"] == 0.0
        return
    assert high["near_m"] > low["near_m"]
    assert high["near_m"] == pytest.approx(low["near_m"] * more)
    if not high.geometry.is_empty:
        rad = math.radians(heading)
        probe = (low["near_m"] + high["near_m"]) / 2
        inside_low = Point(1000 + probe * math.sin(rad), 2000 + probe * math.cos(rad))
        assert not high.geometry.contains(inside_low)


@fast
@given(st.lists(st.tuples(headings, hfovs, heights, tilts, resolutions), min_size=1, max_size=30))
def test_every_camera_gets_a_footprint_or_a_reason(rows: list[tuple[float, ...]]) -> None:
    h, f, z, t, r = (list(col) for col in zip(*rows, strict=True))
    cams = cameras(
        heading_deg=h,
        hfov_deg=f,
        height_m=z,
        tilt_deg=t,
        resolution_px=r,
        geometry=[Point(10 * i, 0) for i in range(len(rows))],
    )
    fp = fields_of_view(cams, levels=["detect", "identify"])
    assert len(fp) == 2 * len(cams)
    assert fp.geometry.is_valid.all()
    empty = fp.geometry.is_empty.to_numpy()
    assert np.array_equal(empty, fp["reason"].notna().to_numpy())


# --------------------------------------------------------------------------- catalogue


def test_camera_models_catalogue() -> None:
    models = cg.coverage.camera_models()
    assert {"fixed", "ptz", "alpr", "panoramic"} <= set(models["camera_type"])
    assert set(models["camera_type"]) <= set(fov.CAMERA_TYPES)
    assert models["model_id"].is_unique
    for col in ("resolution_px", "hfov_min_deg", "hfov_max_deg", "price_thb", "install_thb"):
        assert models[col].dtype == "float64"
        assert (models[col] > 0).all()
    assert (models["hfov_min_deg"] <= models["hfov_max_deg"]).all()
    assert models["maintenance_thb_per_year"].notna().all()
    assert models["power_w"].notna().all()
    assert models["source"].str.contains("indicative").all()
    four_k = models.set_index("model_id").loc["fixed_8mp_4k"]
    assert four_k["resolution_px"] == 3840
    # The catalogue feeds fields_of_view directly.
    cams = cameras(
        camera_type=list(models["camera_type"]),
        hfov_deg=list(models["hfov_max_deg"]),
        resolution_px=list(models["resolution_px"]),
        height_m=list(models["height_m"]),
        tilt_deg=list(models["tilt_deg"]),
        heading_deg=0.0,
        geometry=[Point(100 * i, 0) for i in range(len(models))],
    )
    fp = fields_of_view(cams, level="detect")
    assert not fp.geometry.is_empty.any()


# --------------------------------------------------------------------------- sample and real data


@pytest.mark.skipif(
    importlib.util.find_spec("cctvgeo.datasets") is None,
    reason="cctvgeo.datasets (the bundled sample) is not written yet",
)
def test_every_sample_camera_gets_a_footprint_or_a_reason() -> None:
    from cctvgeo import datasets

    sample = datasets.load_sample()
    cams = sample.cameras if sample.cameras.crs.is_projected else cg.project(sample.cameras)
    roads = sample.roads.to_crs(cams.crs)
    buildings = sample.buildings.to_crs(cams.crs)
    levels = ["detect", "recognise"]
    fp = fields_of_view(cams, levels=levels, roads=roads, buildings=buildings)
    assert len(fp) == 2 * len(cams)
    assert fp.index.droplevel("dori_level").unique().equals(cams.index)
    empty = (fp.geometry.is_empty | fp.geometry.isna()).to_numpy()
    assert fp.loc[empty, "reason"].notna().all()
    assert fp.geometry.is_valid.all()
    # Every camera without a heading got one from a road, or a reported stand-in ring.
    missing = cams["heading_deg"].isna() & cams["camera_type"].isin(["fixed", "alpr"])
    detect = fp.xs("detect", level="dori_level")
    src = detect.loc[missing[missing].index, "heading_source"]
    assert set(src) <= {"inferred", "omni"}
    assert detect.loc[src[src == "omni"].index, "reason"].str.contains("no road within").all()
    # Detail falls with distance: no recognise footprint reaches further than detect.
    recog = fp.xs("recognise", level="dori_level")
    both = recog["far_m"].notna()
    assert (recog.loc[both, "far_m"] <= detect.loc[both, "far_m"] + 1e-9).all()


@pytest.mark.realdata
def test_trafford_cameras_without_headings() -> None:
    path = REALDATA / "trafford-cctv" / "trafford_cctv_cameras.geojson"
    if not path.exists():
        pytest.skip(f"real data not present at {path} (a user's clone without ../shared)")
    cams = cg.project(cg.read_cameras(path))
    assert cams.crs.to_epsg() == 32630
    with pytest.raises(cg.ValidationError) as err:
        fields_of_view(cams, missing_heading="raise")
    assert len(err.value.report.problems) == len(cams) == 99  # no camera has a heading
    fp = fields_of_view(cams, missing_heading="omni")
    assert len(fp) == 99
    assert (fp["heading_source"] == "omni").all()
    assert not fp.geometry.is_empty.any()
    assert (fp["reason"] == fov.REASON_OMNI).all()


def test_level_none_is_the_planning_level_everywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """One rule: level=None means settings.planning_level (footprints and reach alike)."""
    cams_ = cameras(camera_type=["fixed"], heading_deg=[90.0], hfov_deg=[60.0])
    default = fields_of_view(cams_)
    assert default["level"].tolist() == ["recognise"]
    assert default["far_m"].iloc[0] == fields_of_view(cams_, level="recognise")["far_m"].iloc[0]
    monkeypatch.setattr(cg_settings, "planning_level", "detect")
    detect = fields_of_view(cams_)
    assert detect["level"].tolist() == ["detect"]
    assert detect["far_m"].iloc[0] > default["far_m"].iloc[0]  # detect reaches further
    assert float(dori_reach(1920, 90)) == float(dori_reach(1920, 90, level="detect"))
