"""Candidate sites: junctions, spacing, risk points, user sites, merging, repairs and re-aims."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely import LineString, Point, box

import cctvgeo as cg
from cctvgeo.planning import CANDIDATE_COLUMNS, candidate_sites

CRS = 32647
ONE = {"models": ["fixed_2mp_bullet"], "lenses": ["wide"]}


def cross() -> gpd.GeoDataFrame:
    """Two streets crossing at the origin, each as two lines."""
    return gpd.GeoDataFrame(
        {"name": ["A", "A", "B", "B"], "highway": ["primary"] * 2 + ["residential"] * 2},
        geometry=[
            LineString([(-100, 0), (0, 0)]),
            LineString([(0, 0), (100, 0)]),
            LineString([(0, -100), (0, 0)]),
            LineString([(0, 0), (0, 100)]),
        ],
        crs=CRS,
    )


def test_junctions_need_three_road_ends() -> None:
    roads = cross()
    cand = candidate_sites(roads, headings=4, **ONE)
    assert set(zip(cand["site_x"], cand["site_y"], strict=True)) == {(0.0, 0.0)}
    assert cand["site_name"].iloc[0] == "A / B"
    # An L (two lines meeting) has no junction; a T (three) has one.
    ell = roads.iloc[[1, 3]]
    assert len(candidate_sites(ell, headings=4, **ONE)) == 0
    tee = roads.iloc[[0, 1, 3]]
    assert len(candidate_sites(tee, headings=4, **ONE)) == 4


def test_junctions_from_road_segments_use_parent_edges() -> None:
    # road_segments cuts each line into 20 m pieces: only the parent ends are nodes.
    segs = cg.coverage.road_segments(cross(), max_length=20.0)
    cand = candidate_sites(segs, headings=4, **ONE)
    assert set(zip(cand["site_x"], cand["site_y"], strict=True)) == {(0.0, 0.0)}


def test_spacing_points_along_each_line() -> None:
    road = gpd.GeoDataFrame(geometry=[LineString([(0, 0), (100, 0)])], crs=CRS)
    cand = candidate_sites(road, spacing=30.0, headings=[90.0], junctions=False, **ONE)
    assert sorted(cand["site_x"].tolist()) == [30.0, 60.0, 90.0]
    assert set(cand["site_source"]) == {"spacing"}
    assert cand["pole_thb"].tolist() == [25_000.0] * 3  # generated sites have no pole


def test_road_headings_point_both_ways_along_each_road() -> None:
    cand = candidate_sites(cross(), headings="road", **ONE)
    assert sorted(cand["heading_deg"].round(6).tolist()) == [0.0, 90.0, 180.0, 270.0]
    assert set(cand["heading_source"]) == {"road"}
    assert sorted(cand["group"]) == ["S0001@000", "S0001@090", "S0001@180", "S0001@270"]


def test_variants_cross_models_lenses_and_headings() -> None:
    cand = candidate_sites(cross(), headings=8, models=["fixed_2mp_bullet", "ptz_2mp_25x"])
    # 8 headings x 2 lenses of the bullet, and one ring for the PTZ.
    assert len(cand) == 8 * 2 + 1
    ring = cand[cand["model_id"] == "ptz_2mp_25x"]
    assert ring["heading_deg"].isna().all()
    assert ring["group"].tolist() == ["S0001@ring"]
    wide = cand[(cand["lens"] == "wide") & (cand["model_id"] == "fixed_2mp_bullet")]
    narrow = cand[cand["lens"] == "narrow"]
    assert set(wide["hfov_deg"]) == {90.0}
    assert set(narrow["hfov_deg"]) == {50.0}
    assert (narrow["far_m"].to_numpy() > wide["far_m"].to_numpy()).all()  # narrower sees farther
    assert list(cand.columns) == [*CANDIDATE_COLUMNS, "geometry"]
    assert cand.index.name == "candidate"
    assert cand["candidate_id"].is_unique


def test_footprints_are_those_of_fields_of_view() -> None:
    cand = candidate_sites(cross(), headings=[90.0], **ONE)
    cam = gpd.GeoDataFrame(
        {
            "camera_id": ["x"],
            "camera_type": ["fixed"],
            "heading_deg": [90.0],
            "hfov_deg": [90.0],
            "resolution_px": [1920.0],
            "height_m": [5.0],
            "tilt_deg": [15.0],
        },
        geometry=[Point(0, 0)],
        crs=CRS,
    )
    fp = cg.coverage.fields_of_view(cam, level="recognise")
    assert cand.geometry.iloc[0].equals(fp.geometry.iloc[0])
    assert cand["far_m"].iloc[0] == pytest.approx(fp["far_m"].iloc[0])


def test_risk_point_sites_look_at_the_point() -> None:
    rp = gpd.GeoDataFrame(
        {"point_id": ["RP-1"], "name": ["market"]}, geometry=[Point(60, 8)], crs=CRS
    )
    cand = candidate_sites(cross(), risk_points=rp, headings=4, junctions=False, **ONE)
    xs = sorted(set(cand["site_x"].round(6)))
    assert xs == [35.0, 60.0, 85.0]  # the nearest road point and 25 m either side
    assert set(cand["risk_point_ids"]) == {"RP-1"}
    assert cand["site_name"].iloc[0] == "market (A)"
    look = cand[cand["heading_source"] == "risk point"]
    expected = np.degrees(np.arctan2(25.0, 8.0))  # from (35, 0) towards (60, 8)
    assert sorted(look["heading_deg"].round(6).tolist()) == pytest.approx(
        [round(expected, 6), round(360 - expected, 6)]
    )
    # A risk point farther than the search radius from every road gets no site.
    far = rp.set_geometry([Point(60, 1000)], crs=CRS)
    assert len(candidate_sites(cross(), risk_points=far, junctions=False, **ONE)) == 0


def test_close_sites_merge_into_the_most_specific() -> None:
    user = gpd.GeoDataFrame(
        {"site_id": ["POLE-7"], "name": ["police box pole"], "has_pole": [True]},
        geometry=[Point(4, 3)],
        crs=CRS,
    )
    cand = candidate_sites(cross(), sites=user, headings=4, **ONE)
    assert set(cand["site_id"]) == {"POLE-7"}
    assert set(cand["site_source"]) == {"user;junction"}
    assert set(zip(cand["site_x"], cand["site_y"], strict=True)) == {(4.0, 3.0)}
    assert set(cand["pole_thb"]) == {0.0}
    assert cand["site_name"].iloc[0] == "police box pole"


def test_generated_sites_inside_buildings_are_dropped_user_sites_kept() -> None:
    buildings = gpd.GeoDataFrame(geometry=[box(-5, -5, 5, 5), box(40, 40, 60, 60)], crs=CRS)
    user = gpd.GeoDataFrame(geometry=[Point(50, 50)], crs=CRS)
    cand = candidate_sites(cross(), sites=user, buildings=buildings, headings=4, **ONE)
    assert set(cand["site_source"]) == {"user"}


def survey() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "camera_id": ["B1", "W1", "W2", "P1"],
            "name": ["broken pole", "shop", "office", "ptz"],
            "owner": ["public", "private", "public", "private"],
            "camera_type": ["fixed", "fixed", "fixed", "ptz"],
            "heading_deg": [90.0, 0.0, 0.0, np.nan],
            "status": ["broken", "working", "working", "working"],
            "repair_budget_thb": [9_000.0, np.nan, np.nan, np.nan],
        },
        geometry=[Point(10, 2), Point(-20, 3), Point(30, 3), Point(0, 50)],
        crs=CRS,
        index=[5, 6, 7, 8],
    )


def test_repairs_and_reaims_from_the_survey() -> None:
    cams = survey()
    cand = candidate_sites(cross(), cams=cams, headings=4, junctions=False, **ONE)
    repair = cand[cand["kind"] == "repair"]
    assert repair["camera_id"].tolist() == ["B1"]
    assert repair["repair_thb"].tolist() == [9_000.0]
    assert repair["group"].tolist() == ["repair:B1"]
    fp = cg.coverage.fields_of_view(cams.loc[[5]], level="recognise", roads=cross())
    assert repair.geometry.iloc[0].equals(fp.geometry.iloc[0])
    reaim = cand[cand["kind"] == "re-aim"]
    # Only the private working directional camera; not towards its current heading (0).
    assert set(reaim["camera_id"]) == {"W1"}
    assert sorted(reaim["heading_deg"].tolist()) == [90.0, 180.0, 270.0]
    assert set(reaim["group"]) == {"camera:W1"}
    assert set(reaim["capital_thb"]) == {1500.0}
    assert set(reaim["running_thb_per_year"]) == {0.0}
    # Allowing public owners adds W2.
    more = candidate_sites(
        cross(), cams=cams, headings=4, junctions=False, reaim_owners=["private", "public"], **ONE
    )
    assert set(more.loc[more["kind"] == "re-aim", "camera_id"]) == {"W1", "W2"}


def test_bad_options_are_reported_together() -> None:
    with pytest.raises(cg.ValidationError) as info:
        candidate_sites(cross(), models=["no_such_model"], lenses=["fisheye"], spacing=-5)
    columns = [p.column for p in info.value.report.problems]
    assert columns == ["models", "spacing", "lenses"]
    with pytest.raises(cg.ValidationError):
        candidate_sites(cross(), headings="sideways")
    with pytest.raises(cg.CRSError):
        candidate_sites(cross().to_crs(4326))


def test_sample_province_candidates(sample_candidates) -> None:
    cand, sample = sample_candidates
    cams = sample.cameras
    repairable = cams["status"].isin(["broken", "not_working", "under_repair"])
    assert (cand["kind"] == "repair").sum() == repairable.sum() == 126
    reaim_cams = set(cand.loc[cand["kind"] == "re-aim", "camera_id"])
    owners = cams.set_index("camera_id").loc[sorted(reaim_cams)]
    assert (owners["owner"] == "private").all()
    assert (owners["status"] == "working").all()
    new = cand[cand["kind"] == "new"]
    # Every risk point near a road has sites, every site sits outside buildings.
    assert set(";".join(new["risk_point_ids"]).split(";")) - {""} <= set(
        sample.risk_points["point_id"]
    )
    sites = gpd.GeoSeries(
        gpd.points_from_xy(new["site_x"], new["site_y"]), crs=cand.crs
    ).drop_duplicates()
    inside = gpd.sjoin(gpd.GeoDataFrame(geometry=sites), sample.buildings, predicate="within")
    assert len(inside) == 0
    assert cand["candidate_id"].is_unique
    assert (cand["capital_thb"] > 0).all()
    assert pd.Series(cand["budget_source"]).str.len().gt(0).all()
