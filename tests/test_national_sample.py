"""The national sample (issue 15): shipped province polygons, counts, places, attributes,
determinism."""

from __future__ import annotations

import hashlib
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given
from hypothesis import strategies as st

import cctvgeo as cg
from cctvgeo.inventory import SCHEMA, STATUSES
from cctvgeo.national import sample as ns
from cctvgeo.national._cli import load_national_config
from cctvgeo.riskpoints.requests import REQUEST_SCHEMA

POLYGONS = Path(cg.__file__).parent / "sample_data" / "thailand_provinces.gpkg"


def _read(folder: Path, what: str) -> gpd.GeoDataFrame:
    """A partitioned dataset with ``pro_code`` back as two-digit text."""
    frame = gpd.read_parquet(folder / what)
    return frame.assign(pro_code=frame["pro_code"].astype(int).astype(str).str.zfill(2))


def _digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# The shipped polygons ------------------------------------------------------------------


def test_polygons_file_is_small_and_complete() -> None:
    p = ns.provinces()
    assert POLYGONS.stat().st_size < 600_000
    assert len(p) == 77
    assert list(p.columns) == ["pro_code", "pro_th", "pro_en", "reg_royin", "region_th", "geometry"]
    assert p["pro_code"].str.fullmatch(r"\d\d").all() and p["pro_code"].is_unique
    assert p["pro_code"].is_monotonic_increasing
    assert p.crs.to_epsg() == 4326
    assert p.is_valid.all() and not p.is_empty.any()
    assert set(p["reg_royin"]) == set(
        ns_regions := {"Central", "East", "North", "Northeast", "South", "West"}
    )
    assert p.drop_duplicates("reg_royin").set_index("reg_royin")["region_th"].loc[
        sorted(ns_regions)
    ].tolist() == ["ภาคกลาง", "ภาคตะวันออก", "ภาคเหนือ", "ภาคตะวันออกเฉียงเหนือ", "ภาคใต้", "ภาคตะวันตก"]
    bangkok = p.set_index("pro_code").loc["10"]
    assert (bangkok["pro_th"], bangkok["pro_en"], bangkok["reg_royin"]) == (
        "กรุงเทพมหานคร",
        "Bangkok",
        "Central",
    )


def test_polygons_keep_shared_borders() -> None:
    """Simplified as one coverage: neighbours neither overlap nor open gaps between them."""
    p = ns.provinces().to_crs(ns.CRS_METRIC)
    pairs = gpd.sjoin(p, p, predicate="overlaps")
    pairs = pairs[pairs.index < pairs["index_right"]]
    overlap = shapely.area(
        shapely.intersection(
            p.geometry.loc[pairs.index].values, p.geometry.loc[pairs["index_right"]].values
        )
    )
    assert overlap.sum() < 10_000  # m², the source's own sliver near Bangkok
    touching = gpd.sjoin(p, p, predicate="touches")
    assert touching.groupby(level=0).size().min() >= 1  # every province has a neighbour


def test_polygons_follow_the_source(realdata: Path) -> None:
    """Against the real source: the same provinces and names, areas within 2 %."""
    source = gpd.read_file(realdata / "thailand-provinces" / "provinces.geojson")
    source = source.sort_values("pro_code", ignore_index=True)
    shipped = ns.provinces()
    assert shipped["pro_code"].tolist() == source["pro_code"].tolist()
    assert shipped["pro_th"].tolist() == source["pro_th"].tolist()
    ratio = shipped.to_crs(ns.CRS_METRIC).area / source.to_crs(ns.CRS_METRIC).area
    assert ratio.between(0.98, 1.02).all()


# Counts --------------------------------------------------------------------------------


@given(
    st.integers(0, 10_000),
    st.lists(st.floats(0.01, 1e6), min_size=1, max_size=30),
)
def test_apportion_is_exact_and_close(total: int, weights: list[float]) -> None:
    w = np.array(weights)
    counts = ns.apportion(total, w)
    assert counts.sum() == total
    assert np.all(np.abs(counts - total * w / w.sum()) < 1)


def test_full_counts_match_the_published_figures() -> None:
    counts = ns.camera_counts(ns.provinces(), "full")
    assert counts.sum() == 377_380 == 5 * 75_476
    assert counts["10"] == 68_747
    assert len(counts) == 77 and (counts > 0).all()
    # the rule: sqrt(area) x factor; a big-city province gets 3/2 of a priority province
    # of the same area and 3 times a plain one
    area = ns.provinces().set_index("pro_code").to_crs(ns.CRS_METRIC).area / 1e6
    per_root_km = (counts / np.sqrt(area)).drop("10")
    plain = per_root_km.drop([*ns.CITY_PROVINCES, *ns.PRIORITY_PROVINCES])
    assert plain.max() - plain.min() < 1.5 / np.sqrt(area).min()
    assert per_root_km["50"] == pytest.approx(3 * plain.mean(), rel=0.01)  # Chiang Mai
    assert per_root_km["95"] == pytest.approx(2 * plain.mean(), rel=0.01)  # Yala


def test_small_counts_scale_the_full_ones() -> None:
    full = ns.camera_counts(ns.provinces(), "full")
    small = ns.camera_counts(ns.provinces(), "small")
    assert small.sum() == 20_000
    assert small["10"] == 3_643  # 68,747 x 20,000 / 377,380 = 3,643.4
    assert np.all(np.abs(small - full * 20_000 / 377_380) < 1)
    assert small.min() >= 20


def test_unknown_size_is_refused() -> None:
    with pytest.raises(cg.CctvgeoError, match="full, small"):
        ns.camera_counts(ns.provinces(), "medium")  # type: ignore[arg-type]


def test_bangkok_owners_follow_the_2020_split() -> None:
    rows = ns._spread(ns.BANGKOK_AGENCIES, 68_747, np.random.default_rng(0))
    assert np.bincount(rows).tolist() == [60_254, 4_825, 2_917, 128, 623]


# The written sample --------------------------------------------------------------------


def test_layout_on_disk(national_small: Path) -> None:
    codes = ns.provinces()["pro_code"].tolist()
    for what in ("cameras.parquet", "roads.parquet", "requests.parquet"):
        parts = sorted(
            p.relative_to(national_small / what).as_posix()
            for p in (national_small / what).rglob("*")
            if p.is_file()
        )
        assert parts == [f"pro_code={c}/part.0.parquet" for c in codes]
    assert (national_small / "provinces.gpkg").read_bytes() == POLYGONS.read_bytes()
    config = load_national_config(national_small / "national.yaml")
    assert config.cameras == national_small / "cameras.parquet"
    assert config.budgets == ns.SAMPLE_BUDGETS  # the demo plans these provinces
    assert config.requests == national_small / "requests.parquet"
    assert set(config.budgets) <= set(codes)


def test_cameras_counts_and_places(national_small: Path) -> None:
    cams = _read(national_small, "cameras.parquet")
    polygons = ns.provinces()
    assert cams.crs.to_epsg() == 4326 and (cams.geom_type == "Point").all()
    per_province = cams.groupby("pro_code").size()
    pd.testing.assert_series_equal(
        per_province, ns.camera_counts(polygons, "small"), check_names=False
    )
    # every camera lies inside its own province, and in no other
    hits = gpd.sjoin(cams[["camera_id", "pro_code", "geometry"]], polygons, predicate="within")
    assert len(hits) == len(cams) and hits["camera_id"].is_unique
    assert (hits["pro_code_left"] == hits["pro_code_right"]).all()
    assert cams["camera_id"].is_unique


def test_cameras_are_densest_in_cities(national_small: Path) -> None:
    cams = _read(national_small, "cameras.parquet")
    polygons = ns.provinces().set_index("pro_code").to_crs(ns.CRS_METRIC)
    density = cams.groupby("pro_code").size() / (polygons.area / 1e6)
    assert density.idxmax() == "10"
    # within a province, half the cameras stand in the capital town: the densest 1 % of
    # the province's area holds far more than 1 % of its cameras
    angthong = cams[cams["pro_code"] == "15"].to_crs(ns.CRS_METRIC)
    xy = np.column_stack([angthong.geometry.x, angthong.geometry.y])
    near = np.hypot(*(xy - np.median(xy, axis=0)).T) < np.sqrt(polygons.area["15"] * 0.01 / np.pi)
    assert near.mean() > 0.1


def test_cameras_read_like_a_survey(national_small: Path, tmp_path: Path) -> None:
    """The columns and values are those read_cameras returns: a survey written and read
    back gives the same frame, and validation finds no errors."""
    cams = _read(national_small, "cameras.parquet")
    assert list(cams.columns) == [*SCHEMA, "model_id", "geometry", "pro_code"]
    one = cams[cams["pro_code"] == "15"].drop(columns="pro_code").reset_index(drop=True)
    assert dict(one.dtypes.astype(str)) == {
        **dict(pd.DataFrame({c: pd.Series(dtype=t) for c, t in SCHEMA.items()}).dtypes.astype(str)),
        "model_id": "str",
        "geometry": "geometry",
    }
    assert set(cams["status"]) == set(STATUSES)
    assert set(cams["camera_type"]) <= set(cg.inventory.CAMERA_TYPES)
    assert set(cams["owner"]) == {"public", "private"}
    assert set(cams["model_id"]) == set(cg.coverage.camera_models()["model_id"])
    assert cams["heading_deg"].between(0, 360, inclusive="left").all()
    assert (cams["repair_budget_thb"].notna() <= ~cams["status"].isin(["working", "unknown"])).all()
    report = cg.validate_cameras(cg.project(one))
    assert not report.errors
    cg.write_cameras(one, tmp_path / "survey.xlsx")
    back = cg.read_cameras(tmp_path / "survey.xlsx")
    assert back["camera_id"].tolist() == one["camera_id"].tolist()
    for column in ("status", "linked", "camera_type", "agency", "owner", "model_id", "installed"):
        assert back[column].astype(str).tolist() == one[column].astype(str).tolist(), column


def test_status_shares_are_realistic(national_small: Path) -> None:
    cams = _read(national_small, "cameras.parquet")
    share = cams["status"].value_counts(normalize=True)
    assert 0.10 < 1 - share["working"] - share["unknown"] < 0.30
    assert 0.002 < share["unknown"] < 0.02
    broken = (~cams["status"].isin(["working", "unknown"])).groupby(cams["pro_code"]).mean()
    assert broken.std() > 0.02  # provinces differ
    linked = cams["linked"].astype("float").groupby(cams["status"] == "working").mean()
    assert linked[True] > 2 * linked[False]


def test_roads_are_inside_and_denser_with_cameras(national_small: Path) -> None:
    roads = _read(national_small, "roads.parquet")
    polygons = ns.provinces()
    assert (roads.geom_type == "LineString").all() and not roads.is_empty.any()
    assert roads["road_id"].is_unique
    hits = gpd.sjoin(roads[["road_id", "pro_code", "geometry"]], polygons, predicate="within")
    assert len(hits) == len(roads) and (hits["pro_code_left"] == hits["pro_code_right"]).all()
    km = roads.to_crs(ns.CRS_METRIC).length.groupby(roads["pro_code"]).sum() / 1e3
    area_km2 = polygons.set_index("pro_code").to_crs(ns.CRS_METRIC).area / 1e6
    assert (km / area_km2).idxmax() == "10"
    assert set(roads["highway"]) == {"residential", "primary"}


def test_same_bytes_for_the_same_seed(national_small: Path, tmp_path: Path) -> None:
    again = ns.national_sample(tmp_path / "again", size="small", seed=0)
    assert _digests(again) == _digests(national_small)
    other = ns.national_sample(tmp_path / "other", size="small", seed=1)
    changed = {k for k, v in _digests(other).items() if _digests(national_small)[k] != v}
    assert {k.split("/")[0] for k in changed} == {
        "cameras.parquet",
        "roads.parquet",
        "requests.parquet",
        "national.yaml",
    }


def test_requests_follow_the_cameras(national_small: Path) -> None:
    """Each province's log: as many requests as cameras, inside the province, with
    the outcomes the stated rules give, and no personal data; it reads back unchanged."""
    requests = _read(national_small, "requests.parquet")
    cams = _read(national_small, "cameras.parquet").set_index("camera_id")
    polygons = ns.provinces()
    per_province = requests.groupby("pro_code").size()
    expected = (ns.camera_counts(polygons, "small") * ns.REQUESTS_PER_CAMERA).round()
    assert per_province.reindex(expected.index).tolist() == expected.tolist()
    assert set(requests.columns) == {*REQUEST_SCHEMA, "geometry", "pro_code"}
    hits = gpd.sjoin(requests, polygons[["pro_code", "geometry"]], predicate="within")
    assert len(hits) == len(requests) and (hits["pro_code_left"] == hits["pro_code_right"]).all()
    named = requests["camera_id"].notna()
    assert (requests.loc[~named, "outcome"] == "no_camera").all()
    status = cams.loc[requests.loc[named, "camera_id"], "status"].to_numpy()
    outcome = requests.loc[named, "outcome"].to_numpy()
    assert ((status == "working") == (outcome != "camera_broken")).all()
    assert set(outcome[status == "working"]) == set(ns.WORKING_OUTCOMES)
    assert 0.15 < (~named).mean() < 0.25  # NO_CAMERA_SHARE = 0.2
    # a named request lies a few metres from its camera (normal, sigma 8 m)
    metric = requests[named].to_crs(ns.CRS_METRIC)
    at = gpd.GeoSeries(cams.loc[metric["camera_id"], "geometry"].to_numpy(), crs=4326)
    assert metric.distance(at.to_crs(ns.CRS_METRIC), align=False).quantile(0.99) < 40
