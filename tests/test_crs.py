"""Choosing the local metric CRS, and refusing metric work in degrees."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
from shapely import Point

import cctvgeo as cg
from cctvgeo._validate import require_projected, require_same_crs


@pytest.mark.parametrize(
    ("lon", "lat", "epsg"),
    [
        (100.45, 14.59, 32647),  # Ang Thong
        (102.5, 13.8, 32648),  # Sa Kaeo border checkpoint, east of 102 E
        (101.3, 6.5, 32647),  # Yala, deep south
        (-76.61, 39.29, 32618),  # Baltimore
        (-2.28, 53.46, 32630),  # Trafford
        (151.2, -33.87, 32756),  # Sydney: southern hemisphere
    ],
)
def test_project_picks_the_local_utm_zone(lon: float, lat: float, epsg: int) -> None:
    pts = gpd.GeoDataFrame({"a": [1]}, geometry=[Point(lon, lat)], crs=4326)
    out = cg.project(pts)
    assert out.crs.to_epsg() == epsg
    assert pts.crs.to_epsg() == 4326, "the input is not changed"
    back = out.to_crs(4326).geometry.iloc[0]
    assert (back.x, back.y) == pytest.approx((lon, lat), abs=1e-9)


@pytest.mark.realdata
def test_every_thai_province_gets_zone_47_or_48(realdata: Path) -> None:
    provinces = gpd.read_file(realdata / "thailand-provinces" / "provinces.geojson")
    assert len(provinces) == 77
    zones = {cg.project(provinces.iloc[[i]]).crs.to_epsg() for i in range(len(provinces))}
    assert zones == {32647, 32648}


def test_project_to_a_given_crs_and_refuses_geographic_targets() -> None:
    pts = gpd.GeoSeries([Point(100.45, 14.59)], crs=4326)
    assert cg.project(pts, to_crs=32648).crs.to_epsg() == 32648
    with pytest.raises(cg.CRSError, match="geographic"):
        cg.project(pts, to_crs=4326)


def test_project_without_crs_or_geometry() -> None:
    with pytest.raises(cg.CRSError, match="no CRS"):
        cg.project(gpd.GeoSeries([Point(1, 1)]))
    with pytest.raises(cg.CRSError, match="no geometry"):
        cg.project(gpd.GeoSeries([None], crs=4326))


def test_metric_functions_name_the_fix() -> None:
    pts = gpd.GeoDataFrame(geometry=[Point(100.45, 14.59)], crs=4326)
    with pytest.raises(cg.CRSError, match=r"cams = cg\.project\(cams\)"):
        require_projected(pts, "cams")
    with pytest.raises(cg.CRSError, match="no CRS"):
        require_projected(gpd.GeoDataFrame(geometry=[Point(0, 0)]), "cams")
    require_projected(cg.project(pts), "cams")


def test_mismatched_crs_is_refused() -> None:
    a = gpd.GeoSeries([Point(0, 0)], crs=32647)
    b = gpd.GeoSeries([Point(0, 0)], crs=32648)
    with pytest.raises(cg.CRSError, match=r"roads\.to_crs"):
        require_same_crs(cams=a, roads=b, buildings=None)
    require_same_crs(cams=a, roads=a, buildings=None)
