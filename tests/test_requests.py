"""Footage-access requests: reading, PDPA, statistics, unmet demand, hotspots, density."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import rasterio
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely import Point, box

import cctvgeo as cg
from cctvgeo._write import write_frame
from cctvgeo.riskpoints import (
    density_raster,
    read_access_requests,
    request_hotspots,
    request_stats,
    unmet_demand,
)

PDPA = ("ชื่อผู้ขอ", "เบอร์โทร", "เลขบัตรประชาชน")


def test_sample_log_is_read_with_buddhist_era_dates_and_thai_outcomes() -> None:
    sample = cg.datasets.load_sample()
    reqs, report = read_access_requests(sample.requests_path, errors="report")
    raw = sample.requests
    assert report.ok and len(reqs) == len(raw) == 5000
    assert reqs["requested_at"].dtype == "datetime64[ns]"
    # "01/10/2564" is 1 October 2021 (BE 2564 = CE 2021)
    assert raw["วันที่ขอ"].iloc[0] == "01/10/2564"
    assert reqs["requested_at"].iloc[0] == pd.Timestamp("2021-10-01")
    assert reqs["outcome"].value_counts().to_dict() == {
        "footage_found": 2154,
        "no_camera": 2022,
        "camera_broken": 302,
        "retention_expired": 282,
        "denied": 240,
    }
    assert reqs["camera_id"].notna().sum() == (raw["รหัสกล้อง"] != "").sum()
    assert not set(PDPA) & set(reqs.columns)
    assert any("PDPA" in n and all(c in n for c in PDPA) for n in report.notes)


def test_thai_log_with_errors_gives_a_complete_report(tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    pd.DataFrame(
        {
            "เลขที่คำขอ": ["R1", "R2", "R2", "R4", ""],
            "วันที่ขอ": ["15 มี.ค. ๒๕๖๖", "31/02/2566", "1/1/2566", "yesterday", "2/1/2566"],
            "รหัสกล้อง": ["C1", "", "C2", "", "C1"],
            "ละติจูด": ["", "", "14.6", "", "14.6"],
            "ลองจิจูด": ["", "", "100.4", "", "100.4"],
            "ผลการขอ": ["พบภาพ", "ไม่อนุญาต", "หาย", "กล้องชำรุด", ""],
            "ชื่อผู้ขอ": ["นายสมชาย ใจดี"] * 5,
        }
    ).to_csv(log, index=False, encoding="cp874")
    reqs, report = read_access_requests(log, errors="report")
    found = {(p.row, p.column, p.action) for p in report.problems}
    assert (3, "วันที่ขอ", "value cleared") in found  # 31 February
    assert (5, "วันที่ขอ", "value cleared") in found  # not a date
    assert (4, "เลขที่คำขอ", "kept") in found  # R2 repeated: an error
    assert (4, "ผลการขอ", "value cleared") in found  # unknown outcome
    assert (6, "เลขที่คำขอ", "value fixed") in found  # no id: ROW-6
    dropped = [p for p in report.problems if p.action == "row dropped"]
    assert [p.row for p in dropped] == [3, 5]  # neither camera nor location
    assert reqs.index.tolist() == [2, 4, 6]
    assert reqs.loc[2, "requested_at"] == pd.Timestamp("2023-03-15")
    assert "ROW-6" in reqs["request_id"].tolist()
    with pytest.raises(cg.ValidationError):
        read_access_requests(log)


class Personal:
    """The sample log's personal data, searched for exactly and quickly in any output.

    Every fake name holds the marker "ทดสอบ ตัวอย่าง" (no other column does); phones are
    ddd-ddd-dddd and national ids 13 digits, so every candidate in an output is found by a
    pattern and compared with the log's own values.
    """

    def __init__(self, raw: pd.DataFrame) -> None:
        self.names = set(raw["ชื่อผู้ขอ"])
        self.phones = set(raw["เบอร์โทร"])
        self.ids = set(raw["เลขบัตรประชาชน"])
        assert min(len(self.names), len(self.phones), len(self.ids)) > 1000
        assert all("ทดสอบ ตัวอย่าง" in n for n in self.names)

    def leaks(self, data: bytes) -> list[str]:
        text = data.decode("utf-8", errors="ignore")
        found = [m for m in ("ทดสอบ", "ตัวอย่าง") if m in text]
        found += sorted(set(re.findall(r"\d{3}-\d{3}-\d{4}", text)) & self.phones)
        found += sorted(set(re.findall(r"(?<!\d)\d{13}(?!\d)", text)) & self.ids)
        return found


def test_no_requester_data_reaches_any_output(tmp_path: Path) -> None:
    sample = cg.datasets.load_sample()
    personal = Personal(sample.requests)
    reqs, report = read_access_requests(sample.requests_path, errors="report")
    metric = reqs.to_crs(32647)
    cams = sample.cameras
    outputs: list[pd.DataFrame] = [
        reqs,
        report.to_frame(),
        request_stats(reqs, cams),
        unmet_demand(metric, cams, roads=sample.roads),
        request_hotspots(metric, cams, roads=sample.roads),
    ]
    text = "\n".join(
        [str(report), report.digest(), report.to_html(), *(f.to_csv() for f in outputs)]
    )
    assert personal.leaks(text.encode("utf-8")) == []
    files = [density_raster(metric, tmp_path / "kde.tif")]
    for suffix in (".csv", ".xlsx", ".gpkg", ".geojson"):
        files.append(write_frame(reqs, tmp_path / f"requests{suffix}", layer="requests"))
    for path in files:
        data = path.read_bytes()
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as z:
                data = b"".join(z.read(n) for n in z.namelist())
        assert personal.leaks(data) == [], path.name
    # the check can fail: the raw log holds every kind of personal data it looks for
    raw_leaks = personal.leaks(sample.requests_path.read_bytes())
    assert raw_leaks[:2] == ["ทดสอบ", "ตัวอย่าง"] and len(raw_leaks) > 2000


def test_english_personal_columns_and_extra_ones_are_dropped() -> None:
    frame = pd.DataFrame(
        {
            "request id": ["R1"],
            "Requester_Name": ["Jane Doe"],
            "Phone": ["081-000-0000"],
            "E-mail": ["jane@example.org"],
            "Requester address": ["1 Secret Road"],
            "National ID": ["1234567890123"],
            "camera": ["C1"],
            "outcome": ["found"],
            "Badge": ["B-77"],
        }
    )
    reqs, report = read_access_requests(frame, errors="report", personal_columns=["badge"])
    assert reqs.columns.tolist() == [*cg.riskpoints.REQUEST_SCHEMA, "geometry"]
    blob = reqs.to_csv() + str(report) + report.to_html()
    for secret in ("Jane Doe", "081-000-0000", "jane@example.org", "1 Secret Road", "B-77"):
        assert secret not in blob
    assert reqs["outcome"].tolist() == ["footage_found"]


def test_request_stats_are_counted_per_camera() -> None:
    cams = gpd.GeoDataFrame(
        {"camera_id": ["A", "B", "C"]},
        geometry=[Point(0, 0), Point(100, 0), Point(200, 0)],
        crs=32647,
        index=[10, 11, 12],
    )
    reqs = pd.DataFrame(
        {
            "camera_id": ["A", "A", "A", "A", "B", "B", "Z", None],
            "outcome": [
                "footage_found", "camera_broken", "camera_broken", None,
                "retention_expired", "footage_found", "footage_found", "no_camera",
            ],
        }
    )  # fmt: skip
    s = request_stats(reqs, cams)
    assert s.index.tolist() == [10, 11, 12] and s.crs == cams.crs
    assert s["n_requests"].tolist() == [4, 2, 0]
    assert s["n_camera_broken"].tolist() == [2, 0, 0]
    assert s["n_retention_expired"].tolist() == [0, 1, 0]
    assert s["success_rate"].iloc[0] == pytest.approx(1 / 3)  # one found of three known
    assert s["success_rate"].iloc[1] == pytest.approx(0.5)
    assert np.isnan(s["success_rate"].iloc[2])
    assert s["broken_when_needed"].tolist() == [True, False, False]


def test_unmet_demand_uses_own_location_else_the_cameras() -> None:
    cams = gpd.GeoDataFrame(
        {"camera_id": ["A", "B"], "status": ["working", "broken"]},
        geometry=[Point(0, 0), Point(1000, 0)],
        crs=32647,
    )
    fp = gpd.GeoDataFrame(
        {"camera_id": ["A", "B"], "status": ["working", "broken"]},
        geometry=[box(-10, -10, 10, 10), box(990, -10, 1010, 10)],
        crs=32647,
    )
    reqs = gpd.GeoDataFrame(
        {"request_id": ["in", "out", "via-A", "via-B", "nowhere"],
         "camera_id": [None, None, "A", "B", "Q"]},
        geometry=[Point(5, 5), Point(50, 50), None, None, None],
        crs=32647,
    )  # fmt: skip
    um = unmet_demand(reqs, cams, footprints=fp)
    assert um["request_id"].tolist() == ["out", "via-B"]  # B is broken: not covered
    assert um["location_source"].tolist() == ["request", "camera"]
    assert um.geometry.iloc[1].equals(Point(1000, 0))
    with pytest.raises(cg.CRSError):
        unmet_demand(reqs.to_crs(4326), cams, footprints=fp)


def _baltimore_shootings(realdata: Path) -> gpd.GeoDataFrame:
    path = realdata / "baltimore-citiwatch" / "crime_shootings.csv"
    reqs, report = read_access_requests(
        path, columns={"crime_date": "requested_at"}, errors="report"
    )
    assert report.ok and len(reqs) == 678
    assert reqs["requested_at"].dt.year.eq(2018).all()
    return reqs.to_crs(26985)  # NAD83 / Maryland, metres


@pytest.mark.realdata
def test_hdbscan_hotspots_on_baltimore_shootings_are_stable(realdata: Path) -> None:
    shootings = _baltimore_shootings(realdata)
    hot = request_hotspots(shootings)
    again = request_hotspots(shootings)
    shuffled = request_hotspots(shootings.sample(frac=1.0, random_state=7))
    for other in (again, shuffled):
        assert other["n_requests"].tolist() == hot["n_requests"].tolist()
        assert all(a.equals(b) for a, b in zip(hot.geometry, other.geometry, strict=True))
    n = hot["n_requests"].to_numpy()
    assert 8 <= len(hot) <= 40  # a city's street-scale hotspots, not one blob nor noise
    assert n.max() < 0.2 * len(shootings) and n.min() >= cg.settings.hotspot_min_cluster_size
    assert 0.3 < n.sum() / len(shootings) < 0.9
    assert hot["hotspot_id"].tolist() == [f"H-{i:03d}" for i in range(1, len(hot) + 1)]
    assert (np.diff(hot["weight"].to_numpy()) <= 0).all()
    assert hot["n_unmet"].isna().all()  # no cameras given
    inside = shapely.contains(
        shapely.union_all(hot.geometry.to_numpy()), shootings.geometry.to_numpy()
    )
    assert inside.sum() >= n.sum()  # every member lies in its polygon
    db = request_hotspots(shootings, method="dbscan")
    assert len(db) >= 3 and db["n_requests"].max() < 0.2 * len(shootings)


@pytest.mark.realdata
def test_hotspots_weigh_requests_no_camera_covers(realdata: Path) -> None:
    shootings = _baltimore_shootings(realdata)
    path = realdata / "baltimore-citiwatch" / "cctv_locations_opendata.csv"
    cams, _ = cg.read_cameras(path, errors="report")
    cams = cams.to_crs(26985)
    hot = request_hotspots(shootings, cams)
    assert (hot["n_unmet"] <= hot["n_requests"]).all() and hot["n_unmet"].sum() > 0
    expected = hot["n_requests"] + (cg.settings.hotspot_unmet_weight - 1) * hot["n_unmet"]
    assert np.allclose(hot["weight"], expected.astype(float))


def test_dbscan_hotspot_polygons_by_hand() -> None:
    xy = [(0, 0), (10, 0), (0, 10), (10, 10), (500, 500), (505, 500), (500, 505), (2000, 0)]
    reqs = gpd.GeoDataFrame(geometry=shapely.points(xy), crs=32647)
    hot = request_hotspots(reqs, method="dbscan", eps=20, min_cluster_size=3, buffer=0)
    assert hot["n_requests"].tolist() == [4, 3]
    assert hot["area_m2"].tolist() == pytest.approx([100.0, 12.5])
    assert hot.geometry.iloc[0].equals(box(0, 0, 10, 10).convex_hull) or (
        hot.geometry.iloc[0].symmetric_difference(box(0, 0, 10, 10)).area < 1e-9
    )


def test_density_raster_crs_transform_and_mass(tmp_path: Path) -> None:
    pts = gpd.GeoDataFrame(
        {"w": [1.0, 3.0, 0.0]},
        geometry=[Point(1000, 2000), Point(1500, 2100), None],
        crs=32647,
    )
    out = density_raster(pts, tmp_path / "kde.tif", cell=10, bandwidth=40, weight_column="w")
    with rasterio.open(out) as src:
        band = src.read(1)
        assert src.crs.to_epsg() == 32647
        t = src.transform
        assert (t.a, t.e) == (10.0, -10.0)
        assert t.c == 1000 - 160 and t.f == 2100 + 160  # four bandwidths of margin
        assert (src.width, src.height) == ((500 + 320) // 10, (100 + 320) // 10)
        assert src.tags()["n_skipped"] == "1" and src.tags()["n_points"] == "2"
        assert band.sum() * 100 / 1e6 == pytest.approx(4.0, rel=1e-4)  # mass kept
        row, col = src.index(1500, 2100)
        peak = np.unravel_index(np.argmax(band), band.shape)
        assert abs(peak[0] - row) <= 1 and abs(peak[1] - col) <= 1
        # a Gaussian of sigma 40 m holding 3 points: 3 / (2 pi 40^2) per m2 at its centre
        assert band.max() == pytest.approx(3 / (2 * np.pi * 40**2) * 1e6, rel=0.05)
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left
    with pytest.raises(cg.CRSError):
        density_raster(pts.to_crs(4326), tmp_path / "x.tif")
    with pytest.warns(FutureWarning, match=r"use density_raster\(weight_column=...\)"):
        old = density_raster(pts, tmp_path / "old.tif", cell=10, bandwidth=40, weights="w")
    with rasterio.open(old) as src:
        assert src.read(1).sum() * 100 / 1e6 == pytest.approx(4.0, rel=1e-4)


@settings(max_examples=20, deadline=None)
@given(
    st.lists(st.tuples(st.floats(0, 5000), st.floats(0, 5000)), min_size=1, max_size=30),
    st.floats(10, 200),
)
def test_density_raster_keeps_the_number_of_points(
    xy: list[tuple[float, float]], bandwidth: float
) -> None:
    import tempfile

    pts = gpd.GeoSeries(shapely.points(xy), crs=32647)
    with tempfile.TemporaryDirectory() as d:
        path = density_raster(pts, Path(d) / "k.tif", cell=25, bandwidth=bandwidth)
        with rasterio.open(path) as src:
            total = src.read(1).astype(float).sum() * 625 / 1e6
    assert total == pytest.approx(len(xy), rel=1e-3)
