"""Tests for cctvgeo.coverage.occlusion: building shadows and the DEM viewshed."""

from __future__ import annotations

import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely import LineString, Point, Polygon, box

import cctvgeo as cg
from cctvgeo import settings as cg_settings
from cctvgeo.coverage import clip_to_viewshed, fields_of_view, occlude
from cctvgeo.coverage.occlusion import REASON_HIDDEN_BY_BUILDINGS, REASON_OUTSIDE_DEM

UTM = 32647


def east_camera(**extra: object) -> gpd.GeoDataFrame:
    """A camera at the origin looking east, 90-degree view, reaching the DORI limit."""
    cols = {
        "camera_id": "E1",
        "heading_deg": 90.0,
        "hfov_deg": 90.0,
        "resolution_px": 1920.0,
        "height_m": 5.0,
        "tilt_deg": 5.0,
    }
    cols.update(extra)
    return gpd.GeoDataFrame({k: [v] for k, v in cols.items()}, geometry=[Point(0, 0)], crs=UTM)


def test_square_building_in_front_hides_itself_and_its_shadow_exactly() -> None:
    cams = east_camera()
    fp = fields_of_view(cams, level="detect")  # far edge 38.07 m
    house = gpd.GeoDataFrame(geometry=[box(10, -5, 20, 5)], crs=UTM)
    out = occlude(fp, cams, house)
    seen = out.geometry.iloc[0]
    # The hidden region is exactly the building and the wedge behind it: x >= 10, |y| <= x/2.
    far = 100.0
    wedge = Polygon([(10, -5), (10, 5), (far, far / 2), (far, -far / 2)])
    expected = fp.geometry.iloc[0].difference(wedge)
    assert seen.is_valid
    assert seen.symmetric_difference(expected).area < 1e-6
    # Area from the formula: the wedge inside the far edge R is atan(1/2) R^2 minus the
    # triangle in front of the building (area 50); the polygon's arc is within 0.2 %.
    r = fp["far_m"].iloc[0]
    hidden = math.atan(0.5) * r**2 - 50.0
    assert fp.geometry.iloc[0].area - seen.area == pytest.approx(hidden, rel=2e-3)
    assert out["occluded_share"].iloc[0] == pytest.approx(
        hidden / fp.geometry.iloc[0].area, rel=3e-3
    )
    assert not seen.contains(Point(15, 0))  # the building
    assert not seen.contains(Point(30, 0))  # its shadow
    assert not seen.contains(Point(30, 14.9))
    assert seen.contains(Point(30, 15.1))  # beside the shadow
    assert seen.contains(Point(8, 0))  # in front of the building
    assert out.index.equals(fp.index)
    assert out.crs == fp.crs


def test_building_beside_the_view_changes_nothing() -> None:
    cams = east_camera()
    fp = fields_of_view(cams, level="detect")
    behind = gpd.GeoDataFrame(geometry=[box(-30, -5, -20, 5)], crs=UTM)
    out = occlude(fp, cams, behind)
    assert out.geometry.iloc[0].equals(fp.geometry.iloc[0])
    assert out["occluded_share"].iloc[0] == 0.0


def test_building_the_camera_is_mounted_on_does_not_occlude() -> None:
    cams = east_camera()
    fp = fields_of_view(cams, level="detect")
    mount = gpd.GeoDataFrame(geometry=[box(-10, -10, 0.5, 10)], crs=UTM)  # camera inside
    out = occlude(fp, cams, mount)
    assert out.geometry.iloc[0].equals(fp.geometry.iloc[0])


def test_building_in_the_blind_zone_still_casts_a_shadow() -> None:
    cams = east_camera(tilt_deg=40.0)  # near edge 1.88 m, far edge 26.6 m (tilt)
    fp = fields_of_view(cams, level="detect")
    near = fp["near_m"].iloc[0]
    post = gpd.GeoDataFrame(geometry=[box(1.2, -0.2, 1.6, 0.2)], crs=UTM)  # > 1 m away
    assert near > 1.0
    assert not post.geometry.iloc[0].intersects(fp.geometry.iloc[0])
    out = occlude(fp, cams, post)
    assert out["occluded_share"].iloc[0] > 0
    assert not out.geometry.iloc[0].contains(Point(near + 1.0, 0.0))


def _visible_by_rays(cam: tuple[float, float], building: Polygon, points: np.ndarray) -> np.ndarray:
    """Brute force: a point is visible when the sight line does not meet the building."""
    lines = shapely.linestrings(np.stack([np.broadcast_to(cam, points.shape), points], axis=1))
    return ~shapely.intersects(lines, building)


def mm(lo: float, hi: float) -> st.SearchStrategy[float]:
    """Floats in [lo, hi] to the millimetre (survey precision; no subnormal noise)."""
    return st.integers(round(lo * 1000), round(hi * 1000)).map(lambda v: v / 1000)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cx=mm(8.0, 25.0),
    cy=mm(-15.0, 15.0),
    w=mm(1.0, 10.0),
    h=mm(1.0, 10.0),
    angle=mm(0.0, 90.0),
    notch=st.booleans(),
)
def test_shadows_agree_with_brute_force_rays(
    *, cx: float, cy: float, w: float, h: float, angle: float, notch: bool
) -> None:
    """Any (rotated, possibly L-shaped) building: clipped footprint == points with clear sight."""
    building = box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
    if notch:  # make it concave
        building = building.difference(box(cx - w / 2, cy, cx, cy + h / 2))
    building = shapely.affinity.rotate(building, angle, origin=(cx, cy))
    cams = east_camera()
    fp = fields_of_view(cams, level="detect")
    out = occlude(fp, cams, gpd.GeoSeries([building], crs=UTM))
    seen, whole = out.geometry.iloc[0], fp.geometry.iloc[0]
    assert seen.is_valid
    rng = np.random.default_rng(0)
    pts = rng.uniform([-40, -40], [40, 40], size=(3000, 2))
    pts = pts[shapely.contains_xy(whole, pts[:, 0], pts[:, 1])]
    geoms = shapely.points(pts)
    clear = shapely.distance(geoms, seen.boundary) > 1e-6
    truth = _visible_by_rays((0.0, 0.0), building, pts)
    got = shapely.contains_xy(seen, pts[:, 0], pts[:, 1])
    assert np.array_equal(got[clear], truth[clear])


def test_several_cameras_levels_and_fields_of_view_buildings_path() -> None:
    cams = gpd.GeoDataFrame(
        {
            "camera_id": ["a", "b", "c"],
            "heading_deg": [90.0, 270.0, 0.0],
            "hfov_deg": 90.0,
            "tilt_deg": 5.0,
        },
        geometry=[Point(0, 0), Point(60, 0), Point(500, 500)],
        crs=UTM,
    )
    cams.index = pd.Index(["x", "y", "z"])
    buildings = gpd.GeoDataFrame(
        geometry=[box(10, -5, 20, 5), box(35, -3, 40, 3), shapely.MultiPolygon([box(0, 0, 1, 1)])],
        crs=UTM,
    )
    levels = ["detect", "observe"]
    fp = fields_of_view(cams, levels=levels)
    by_hand = occlude(fp, cams, buildings)
    direct = fields_of_view(cams, levels=levels, buildings=buildings)
    assert direct.index.equals(fp.index)
    assert shapely.equals(direct.geometry.to_numpy(), by_hand.geometry.to_numpy()).all()
    share = direct["occluded_share"]
    assert share.loc[("x", "detect")] > 0
    assert share.loc[("y", "detect")] > 0
    assert share.loc[("z", "detect")] == 0.0
    # Camera b (at x=60 looking west) is hidden from x <= 40 behind the second building.
    assert not direct.geometry.loc[("y", "detect")].contains(Point(30, 0))


def test_footprint_hidden_entirely_is_reported() -> None:
    cams = east_camera()
    fp = fields_of_view(cams, level="detect")
    wall = gpd.GeoSeries([box(2, -20, 3, 20)], crs=UTM)  # across the whole view
    out = occlude(fp, cams, wall)
    assert out.geometry.iloc[0].is_empty
    assert out["occluded_share"].iloc[0] == 1.0
    assert out["reason"].iloc[0] == REASON_HIDDEN_BY_BUILDINGS


def test_empty_footprints_stay_empty_and_keep_their_reason() -> None:
    cams = east_camera(resolution_px=640.0)
    fp = fields_of_view(cams, level="identify")
    out = occlude(fp, cams, gpd.GeoSeries([box(10, -5, 20, 5)], crs=UTM))
    assert out.geometry.iloc[0].is_empty
    assert out["reason"].iloc[0] == fp["reason"].iloc[0]
    assert np.isnan(out["occluded_share"].iloc[0])


def test_occlusion_crs_and_index_errors() -> None:
    cams = east_camera()
    fp = fields_of_view(cams, level="detect")
    with pytest.raises(cg.CRSError, match="buildings"):
        occlude(fp, cams, gpd.GeoSeries([box(10, -5, 20, 5)], crs=32648))
    other = cams.copy()
    other.index = pd.Index([99])
    with pytest.raises(ValueError, match="no camera in cams"):
        occlude(fp, other, gpd.GeoSeries([box(10, -5, 20, 5)], crs=UTM))


def test_sample_scale_occlusion_is_vectorised_and_consistent() -> None:
    """1,000 cameras and 3,000 buildings: the result matches occluding each camera alone."""
    rng = np.random.default_rng(42)
    xy = rng.uniform(0, 3000, size=(1000, 2))
    cams = gpd.GeoDataFrame(
        {"heading_deg": rng.uniform(0, 360, 1000), "hfov_deg": 80.0, "tilt_deg": 8.0},
        geometry=shapely.points(xy),
        crs=UTM,
    )
    corner = rng.uniform(0, 3000, size=(3000, 2))
    size = rng.uniform(5, 20, size=(3000, 2))
    buildings = gpd.GeoSeries(
        shapely.box(
            corner[:, 0], corner[:, 1], corner[:, 0] + size[:, 0], corner[:, 1] + size[:, 1]
        ),
        crs=UTM,
    )
    fp = fields_of_view(cams, level="detect")
    out = occlude(fp, cams, buildings)
    assert out.geometry.is_valid.all()
    assert (out.geometry.area <= fp.geometry.area + 1e-6).all()
    assert (out["occluded_share"] > 0).sum() > 50
    for i in (0, 17, 256, 999):  # a few cameras occluded on their own agree
        alone = occlude(fp.iloc[[i]], cams.iloc[[i]], buildings)
        assert alone.geometry.iloc[0].symmetric_difference(out.geometry.iloc[i]).area < 1e-6


# --------------------------------------------------------------------------- DEM viewshed


def write_dem(
    path: Path, z: np.ndarray, *, west: float, north: float, crs: str = "EPSG:32647"
) -> Path:
    import rasterio
    from rasterio.transform import Affine

    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        height=z.shape[0],
        width=z.shape[1],
        count=1,
        dtype="float32",
        crs=crs,
        transform=Affine(1.0, 0.0, west, 0.0, -1.0, north),
        nodata=-9999.0,
    ) as dst:
        dst.write(z.astype("float32"), 1)
    return path


def test_viewshed_wall_hides_the_ground_behind_it(tmp_path: Path) -> None:
    # 1 m cells from x=-40..40, y=-40..40; flat ground with a 20 m wall at x in [20, 21],
    # y in [-10, 10]. A camera 5 m up at (0.5, 0.5) looks east.
    z = np.zeros((80, 80))
    z[30:50, 60] = 20.0  # rows 30-49 are y 10..-10; column 60 is x 20..21
    dem = write_dem(tmp_path / "dem.tif", z, west=-40.0, north=40.0)
    cams = gpd.GeoDataFrame(
        {"heading_deg": [90.0], "hfov_deg": [90.0], "tilt_deg": [5.0]},
        geometry=[Point(0.5, 0.5)],
        crs=UTM,
    )
    fp = fields_of_view(cams, level="detect")
    out = clip_to_viewshed(fp, cams, dem)
    seen = out.geometry.iloc[0]
    assert seen.is_valid
    assert not seen.contains(Point(30.5, 0.5))  # straight behind the wall
    assert not seen.contains(Point(35.5, 10.5))  # behind the wall's end, inside its shadow
    assert seen.contains(Point(15.5, 0.5))  # in front of the wall
    assert seen.contains(Point(30.5, 20.5))  # beside the shadow (|y| > 15 at x = 30)
    # The shadow is the wedge behind the wall out to the far edge (the wall's own cells
    # included). The raster answer may differ from it only along the wedge's edges, by
    # the cell size: visibility is decided per cell.
    wedge = Polygon(
        [(20, -10), (20, 10), (100, 10 + 80 * 9.5 / 19.5), (100, -10 - 80 * 10.5 / 19.5)]
    )
    expected = fp.geometry.iloc[0].difference(wedge)
    differ = seen.symmetric_difference(expected)
    assert differ.difference(wedge.boundary.buffer(1.5)).area < 1e-6
    assert differ.area < 0.06 * expected.area
    assert out["terrain_hidden_share"].iloc[0] > 0.1


def test_viewshed_on_flat_ground_keeps_the_footprint(tmp_path: Path) -> None:
    dem = write_dem(tmp_path / "flat.tif", np.full((80, 80), 3.0), west=-40.0, north=40.0)
    cams = east_camera()
    fp = fields_of_view(cams, level="detect")
    out = clip_to_viewshed(fp, cams, dem)
    assert out.geometry.iloc[0].symmetric_difference(fp.geometry.iloc[0]).area < 1e-6
    assert out["terrain_hidden_share"].iloc[0] == pytest.approx(0.0, abs=1e-9)


def test_viewshed_reports_cameras_off_the_raster_and_checks_crs(tmp_path: Path) -> None:
    dem = write_dem(tmp_path / "dem.tif", np.zeros((10, 10)), west=1000.0, north=1000.0)
    cams = east_camera()
    fp = fields_of_view(cams, level="detect")
    out = clip_to_viewshed(fp, cams, dem)
    assert out.geometry.iloc[0].equals(fp.geometry.iloc[0])
    assert out["reason"].iloc[0] == REASON_OUTSIDE_DEM
    other = write_dem(
        tmp_path / "other.tif", np.zeros((10, 10)), west=-5.0, north=5.0, crs="EPSG:32648"
    )
    with pytest.raises(cg.CRSError, match="dem"):
        clip_to_viewshed(fp, cams, other)


def test_viewshed_target_height_sees_over_a_low_wall(tmp_path: Path) -> None:
    z = np.zeros((80, 80))
    z[:, 60] = 1.0  # a 1 m wall across the whole view at x = 20
    dem = write_dem(tmp_path / "low.tif", z, west=-40.0, north=40.0)
    cams = gpd.GeoDataFrame(
        {"heading_deg": [90.0], "hfov_deg": [90.0], "tilt_deg": [5.0], "height_m": [5.0]},
        geometry=[Point(0.5, 0.5)],
        crs=UTM,
    )
    fp = fields_of_view(cams, level="detect")
    ground = clip_to_viewshed(fp, cams, dem).geometry.iloc[0]
    # Behind a 1 m wall 19.5 m away, a camera 5 m up cannot see the ground until
    # about 20.5 * 5 / 4 = 25.6 m from it; a target 2 m tall is never hidden by a 1 m wall.
    assert not ground.contains(Point(22.5, 0.5))
    assert ground.contains(Point(28.5, 0.5))
    tall = clip_to_viewshed(fp, cams, dem, target_height_m=2.0).geometry.iloc[0]
    assert tall.contains(Point(22.5, 0.5))
    assert cg_settings.viewshed_target_height_m == 0.0


def test_no_line_of_sight_helper_misuse() -> None:
    # A LineString is not a building: it is ignored, not an error.
    cams = east_camera()
    fp = fields_of_view(cams, level="detect")
    out = occlude(fp, cams, gpd.GeoSeries([LineString([(10, -5), (10, 5)])], crs=UTM))
    assert out.geometry.iloc[0].equals(fp.geometry.iloc[0])
