"""The bundled sample province: generator, shipped files and their promises."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal
from openpyxl import load_workbook

from cctvgeo import datasets
from cctvgeo.datasets import Sample, load_sample
from cctvgeo.inventory import SCHEMA
from cctvgeo.riskpoints import read_escape_routes

ROOT = Path(__file__).resolve().parents[1]
THAI_TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def _load_generator() -> ModuleType:
    path = ROOT / "data" / "make_sample.py"
    spec = importlib.util.spec_from_file_location("make_sample", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_sample"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


ms = _load_generator()


@pytest.fixture(scope="module")
def built() -> Any:
    return ms.build(ms.SEED)


@pytest.fixture(scope="module")
def sample() -> Sample:
    return load_sample()


def _sheet_cells(path: Path, title: str) -> tuple[list[str], list[list[Any]]]:
    wb = load_workbook(path, read_only=True)
    assert wb.sheetnames == [title]
    rows = [list(r) for r in wb[title].iter_rows(values_only=True)]
    wb.close()
    return [str(h) for h in rows[0]], rows[1:]


def _frame_cells(frame: pd.DataFrame) -> list[list[Any]]:
    return [[ms._clean(v) for v in row] for row in frame.itertuples(index=False)]


# ------------------------------------------------------------------ generator and files


def test_generator_is_deterministic(built: Any) -> None:
    again = ms.build(ms.SEED)
    for name in ms.LAYERS:
        assert_geodataframe_equal(built.layers[name], again.layers[name])
    pd.testing.assert_frame_equal(built.requests, again.requests)
    pd.testing.assert_frame_equal(built.survey, again.survey)
    pd.testing.assert_frame_equal(built.risk_sheet, again.risk_sheet)
    pd.testing.assert_frame_equal(built.survey_errors, again.survey_errors)


def test_shipped_layers_equal_generator_output(built: Any, sample: Sample) -> None:
    """Fails when someone changes make_sample.py without regenerating the files."""
    shipped = {
        "road_nodes": sample.road_nodes,
        "road_edges": sample.roads,
        "buildings": sample.buildings,
        "cameras": sample.cameras,
        "risk_points": sample.risk_points,
        "escape_routes": sample.escape_routes,
        "districts": sample.districts,
    }
    for name in ms.LAYERS:
        assert_geodataframe_equal(shipped[name], built.layers[name])
    pd.testing.assert_frame_equal(sample.requests, built.requests)


def test_shipped_spreadsheets_equal_generator_output(built: Any, sample: Sample) -> None:
    headers, rows = _sheet_cells(sample.survey_path, ms.SURVEY_SHEET)
    assert headers == list(built.survey.columns)
    assert rows == _frame_cells(built.survey)
    headers, rows = _sheet_cells(sample.risk_points_path, ms.RISK_SHEET)
    assert headers == list(built.risk_sheet.columns)
    assert rows == _frame_cells(built.risk_sheet)
    folder = datasets.sample_dir()
    for name, frame in (
        (ms.SURVEY_ERRORS_NAME, built.survey_errors),
        (ms.RISK_ERRORS_NAME, built.risk_errors),
    ):
        pd.testing.assert_frame_equal(pd.read_csv(folder / name), frame)


def test_sample_is_small() -> None:
    files = [p for p in datasets.sample_dir().iterdir() if p.is_file()]
    assert {p.name for p in files} == {
        "angthong.gpkg",
        "angthong_survey.xlsx",
        "angthong_survey_errors.csv",
        "angthong_risk_points.xlsx",
        "angthong_risk_points_errors.csv",
        "angthong_requests.csv",
        "angthong_drawn_routes.geojson",
        "thailand_provinces.gpkg",  # the national sample's province polygons
        "thailand_provinces.SOURCE.md",
    }
    assert sum(p.stat().st_size for p in files) < 6_000_000


def test_layer_dtypes_follow_the_declared_schema(sample: Sample) -> None:
    cams = sample.cameras
    assert list(cams.columns) == [*ms.CAMERA_COLUMNS, "geometry"]
    for col, dtype in SCHEMA.items():
        assert cams[col].dtype == dtype, col
    for frame in (sample.roads, sample.road_nodes, sample.buildings, cams, sample.districts):
        assert frame.crs.to_epsg() == 32647


# ------------------------------------------------------------------ counts and facts


def test_camera_counts_match_the_ang_thong_survey(sample: Sample) -> None:
    cams = sample.cameras
    assert len(cams) == 860
    assert cams["camera_id"].is_unique
    assert re.fullmatch(r"ATG-\d{4}", cams["camera_id"].iloc[0])
    status = cams["status"].value_counts().to_dict()
    assert status["working"] == 734
    assert set(status) == {"working", "broken", "not_working", "under_repair"}
    assert sum(status.values()) - status["working"] == 126
    assert cams["agency"].nunique() == 43
    assert set(cams["owner"]) == {"public", "private"}
    assert set(cams["camera_type"]) == {"fixed", "dome", "ptz", "alpr", "panoramic"}
    assert cams["camera_type"].value_counts().index[0] == "fixed"
    linked = cams["linked"].mean()
    assert 0.2 <= linked <= 0.3
    unknown_heading = cams["heading_deg"].isna().mean()
    assert 0.08 <= unknown_heading <= 0.12
    assert cams["installed"].between(2010, 2023).all()
    assert cams["retention_days"].dropna().between(3, 90).all()
    working = cams["status"] == "working"
    assert cams.loc[working, "repair_budget_thb"].isna().all()
    assert cams.loc[~working, "repair_budget_thb"].notna().mean() > 0.8
    assert (cams.loc[~working, "repair_budget_thb"].dropna() > 0).all()


def test_district_office_and_named_agency_cameras(sample: Sample) -> None:
    cams = sample.cameras
    expected = {  # working/total from the meeting
        "ที่ว่าการอำเภอเมืองอ่างทอง": (2, 2),
        "ที่ว่าการอำเภอวิเศษชัยชาญ": (8, 8),
        "ที่ว่าการอำเภอโพธิ์ทอง": (6, 6),
        "ที่ว่าการอำเภอป่าโมก": (8, 8),
        "ที่ว่าการอำเภอไชโย": (4, 4),
        "ที่ว่าการอำเภอแสวงหา": (7, 8),
        "ที่ว่าการอำเภอสามโก้": (8, 8),
    }
    for agency, (working, total) in expected.items():
        own = cams[cams["agency"] == agency]
        assert (int((own["status"] == "working").sum()), len(own)) == (working, total)
    edu = cams[cams["agency"] == "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาอ่างทอง"]
    assert len(edu) == 16
    assert (edu["retention_days"] == 3).all()
    km40 = cams[cams["name"].str.contains("กม. 40 ", regex=False)]
    assert len(km40) == 1
    assert km40["agency"].iloc[0] == "แขวงทางหลวงอ่างทอง"
    trunk = sample.roads[sample.roads["highway"] == "trunk"]
    assert trunk.distance(km40.geometry.iloc[0]).min() < 8.0


def test_ptz_sweeps(sample: Sample) -> None:
    cams = sample.cameras
    swept = cams[cams["sweep_deg"].notna()]
    assert len(swept) == ms.N_PTZ_SWEEP
    assert (swept["camera_type"] == "ptz").all()
    assert swept["heading_deg"].notna().all()
    assert swept["sweep_deg"].between(90, 270).all()


def test_other_counts(sample: Sample) -> None:
    assert len(sample.risk_points) == 100
    assert sample.risk_points["point_id"].is_unique
    assert set(sample.risk_points["category"]) <= set(ms.CATEGORY_TH)
    assert set(sample.risk_points["priority"]) == {"urgent", "high", "normal"}
    assert (sample.risk_points["requested_cameras"] >= 1).all()
    assert len(sample.requests) == 5000
    assert len(sample.escape_routes) == 12
    assert len(sample.districts) == 7
    assert 2000 <= len(sample.roads) <= 8000
    assert 2000 <= len(sample.buildings) <= 8000


def test_districts_tile_the_province_and_hold_every_camera(sample: Sample) -> None:
    d = sample.districts
    assert sorted(d["district_id"]) == [f"150{i}" for i in range(1, 8)]
    union = d.union_all()
    assert d.area.sum() == pytest.approx(union.area, rel=1e-9)  # no overlaps
    assert union.area / 1e6 == pytest.approx(968.0, rel=0.01)
    hits = gpd.sjoin(sample.cameras, d, predicate="within")
    assert hits.index.is_unique
    assert len(hits) == len(sample.cameras)
    assert shapely.contains(union, sample.risk_points.geometry.to_numpy()).all()


# ------------------------------------------------------------------ geometry promises


def test_graph_builds_and_is_strongly_connected(sample: Sample) -> None:
    g = sample.graph()
    assert isinstance(g, nx.MultiDiGraph)
    assert g.number_of_edges() == len(sample.roads)
    assert g.number_of_nodes() == len(sample.road_nodes)
    assert nx.is_strongly_connected(g)
    assert g.graph["crs"].to_epsg() == 32647
    highways = set(sample.roads["highway"])
    assert highways == {"trunk", "primary", "secondary", "tertiary", "unclassified", "residential"}
    assert sample.roads["oneway"].any()
    trunk_names = set(sample.roads.loc[sample.roads["highway"] == "trunk", "name"])
    assert trunk_names == {"ถนนสายเอเชีย (ทางหลวง 32)"}


def test_two_way_streets_appear_in_both_directions(sample: Sample) -> None:
    roads = sample.roads
    u = roads.index.get_level_values("u")
    v = roads.index.get_level_values("v")
    pairs = set(zip(u, v, strict=True))
    two_way = ~roads["oneway"].to_numpy()
    assert all((b, a) in pairs for a, b in zip(u[two_way], v[two_way], strict=True))
    one_way = roads["oneway"].to_numpy()
    assert not any((b, a) in pairs for a, b in zip(u[one_way], v[one_way], strict=True))
    assert not roads.loc[one_way, "reversed"].any()
    # geometry runs from u to v, and lengths are the geometry's
    xy = sample.road_nodes[["x", "y"]]
    start = shapely.get_coordinates(shapely.get_point(roads.geometry.to_numpy(), 0))
    np.testing.assert_allclose(start, xy.loc[u].to_numpy())
    np.testing.assert_allclose(roads["length"], roads.length)


def test_escape_routes_follow_roads_to_the_boundary(sample: Sample) -> None:
    tree = shapely.STRtree(sample.roads.geometry.to_numpy())
    boundary = sample.districts.union_all().boundary
    origins = sample.risk_points.set_index("point_id")
    for route in sample.escape_routes.itertuples():
        line = route.geometry
        pts = shapely.line_interpolate_point(line, np.arange(0.0, line.length, 5.0))
        _, dist = tree.query_nearest(pts, return_distance=True, all_matches=False)
        assert dist.max() < 1.0, route.route_id
        assert shapely.distance(shapely.get_point(line, -1), boundary) < 1.0
        origin = origins.loc[route.origin_point_id, "geometry"]
        assert shapely.distance(shapely.get_point(line, 0), origin) < 300.0
        assert route.length_m == pytest.approx(line.length)


def test_shipped_drawn_routes_equal_generator_output(built: Any) -> None:
    shipped = (datasets.sample_dir() / ms.DRAWN_ROUTES_NAME).read_bytes()
    assert shipped == built.drawn_routes.encode("utf-8")


def test_drawn_routes_are_what_the_map_exports(sample: Sample) -> None:
    """Layout of JSON.stringify(fc, null, 1), ids R01.., and every click a vertex of the map."""
    from cctvgeo.maps._builder import _geoms_for_map
    from cctvgeo.maps._layers import _road_lines

    text = (datasets.sample_dir() / ms.DRAWN_ROUTES_NAME).read_text(encoding="utf-8")
    fc = json.loads(text)
    assert text == json.dumps(fc, indent=1, ensure_ascii=False)  # no final newline either
    assert fc["type"] == "FeatureCollection"
    assert [f["properties"] for f in fc["features"]] == [
        {"route_id": f"R{n:02d}", "name": name}
        for n, (_, _, name) in enumerate(ms.DRAWN_ROUTES, start=1)
    ]
    shown = _geoms_for_map(_road_lines(sample.roads))
    vertices = {(round(x, 6), round(y, 6)) for x, y in shapely.get_coordinates(shown)}
    for f in fc["features"]:
        assert f["geometry"]["type"] == "LineString"
        clicks = [tuple(c) for c in f["geometry"]["coordinates"]]
        assert len(clicks) >= 2
        assert set(clicks) <= vertices, f["properties"]["route_id"]


def test_drawn_routes_snap_back_to_the_paths_they_were_drawn_along(sample: Sample) -> None:
    path = datasets.sample_dir() / ms.DRAWN_ROUTES_NAME
    routes = read_escape_routes(path, sample.graph())
    layers = {
        "road_nodes": sample.road_nodes,
        "road_edges": sample.roads,
        "risk_points": sample.risk_points,
    }
    assert len(routes) == len(ms.DRAWN_ROUTES)
    for (origin, exit_point, _), row in zip(ms.DRAWN_ROUTES, routes.itertuples(), strict=True):
        assert row.nodes == ms.back_road_path(layers, origin, exit_point), row.route_id
        assert row.off_corridor_m == 0.0
        assert row.max_offset_m < ms.CLICK_SPACING_M


def test_cameras_stand_beside_roads(sample: Sample) -> None:
    tree = shapely.STRtree(sample.roads.geometry.to_numpy())
    _, dist = tree.query_nearest(
        sample.cameras.geometry.to_numpy(), return_distance=True, all_matches=False
    )
    assert dist.max() <= 8.0
    assert np.median(dist) >= 2.0  # off the centreline, not on it


def test_buildings_are_set_back_from_roads_and_do_not_overlap(sample: Sample) -> None:
    b = sample.buildings.geometry.to_numpy()
    tree = shapely.STRtree(sample.roads.geometry.to_numpy())
    _, dist = tree.query_nearest(b, return_distance=True, all_matches=False)
    assert dist.min() >= 4.0
    left, right = shapely.STRtree(b).query(b, predicate="intersects")
    assert (left == right).all()
    kinds = set(sample.buildings["kind"])
    assert {"house", "shop", "temple", "school", "government", "market"} <= kinds


def test_headings_mostly_follow_the_nearest_road(sample: Sample) -> None:
    cams = sample.cameras[sample.cameras["heading_deg"].notna()]
    tree = shapely.STRtree(sample.roads.geometry.to_numpy())
    idx = tree.query_nearest(cams.geometry.to_numpy(), all_matches=False)[1]
    xy = shapely.get_coordinates(sample.roads.geometry.to_numpy()).reshape(-1, 2, 2)[idx]
    bearing = np.degrees(np.arctan2(*(xy[:, 1] - xy[:, 0]).T[[0, 1]])) % 180.0
    diff = np.abs((cams["heading_deg"].to_numpy() % 180.0) - bearing)
    diff = np.minimum(diff, 180.0 - diff)
    assert np.mean(diff < 25.0) > 0.6


# ------------------------------------------------------------------ the survey spreadsheets


def test_survey_headers_and_rows(sample: Sample) -> None:
    headers, rows = _sheet_cells(sample.survey_path, ms.SURVEY_SHEET)
    assert headers == [
        "ลำดับ",
        "รหัสกล้อง",
        "ชื่อจุดติดตั้ง",
        "หน่วยงาน",
        "ประเภทเจ้าของ",
        "ประเภทกล้อง",
        "ละติจูด",
        "ลองจิจูด",
        "ทิศทาง (องศา)",
        "มุมมองแนวนอน (องศา)",
        "ความละเอียด (พิกเซล)",
        "ความสูง (ม.)",
        "มุมก้ม (องศา)",
        "สถานะ",
        "การเชื่อมโยง",
        "เครือข่าย",
        "ระยะเวลาบันทึก (วัน)",
        "งบประมาณซ่อม (บาท)",
        "หน่วยงานซ่อม",
        "ปีที่ติดตั้ง (พ.ศ.)",
        "หมายเหตุ",
    ]
    assert len(rows) == 860
    assert [r[0] for r in rows] == list(range(1, 861))
    col = {h: i for i, h in enumerate(headers)}
    thai = sum(
        isinstance(r[col[h]], str) and bool(re.search("[๐-๙]", r[col[h]]))
        for r in rows
        for h in ("ความสูง (ม.)", "มุมก้ม (องศา)", "ปีที่ติดตั้ง (พ.ศ.)")
    )
    assert 0.05 < thai / (3 * 860) < 0.15
    assert {r[col["ประเภทกล้อง"]] for r in rows} == set(ms.TYPE_TH.values())


def test_survey_error_list_matches_csv_and_module(sample: Sample) -> None:
    frame = pd.read_csv(datasets.sample_dir() / "angthong_survey_errors.csv")
    assert list(frame.columns) == ["excel_row", "column", "kind", "severity", "description"]
    listed = [(e.excel_row, e.column, e.kind) for e in ms.SURVEY_ERRORS]
    assert listed == list(zip(frame["excel_row"], frame["column"], frame["kind"], strict=True))
    counts = frame["kind"].value_counts().to_dict()
    assert counts["latlon_swapped"] == 6
    assert 75 <= counts["heading_blank"] <= 90
    for kind in ("duplicate_id", "missing_coordinates", "coordinates_in_one_cell"):
        assert counts[kind] == 1
    for kind in ("dms_latitude", "heading_unknown_word", "heading_non_numeric"):
        assert counts[kind] == 1
    assert counts["negative_repair_budget"] == counts["heading_out_of_range"] == 1


def _num(value: Any) -> float:
    return float(str(value).translate(THAI_TO_ARABIC))


Cell = Callable[[int, str], Any]
STATUS_WORDS = set(ms.STATUS_TH.values())
HEAD = "ทิศทาง (องศา)"
# What each documented kind of survey error looks like in its row.
ERROR_SHOWS: dict[str, Callable[[Cell, int], bool]] = {
    "latlon_swapped": lambda c, r: (
        99 < _num(c(r, "ละติจูด")) < 101 and 14 < _num(c(r, "ลองจิจูด")) < 15
    ),
    "duplicate_id": lambda c, r: c(r, "รหัสกล้อง") == c(r - 1, "รหัสกล้อง"),
    "missing_coordinates": lambda c, r: c(r, "ละติจูด") is None and c(r, "ลองจิจูด") is None,
    "coordinates_in_one_cell": lambda c, r: (
        re.fullmatch(r"14\.\d+, 100\.\d+", c(r, "ละติจูด")) is not None and c(r, "ลองจิจูด") is None
    ),
    "dms_latitude": lambda c, r: re.fullmatch(r"14°\d\d'\d\d\.\d\"N", c(r, "ละติจูด")) is not None,
    "heading_unknown_word": lambda c, r: c(r, HEAD) == "ไม่ทราบ",
    "heading_non_numeric": lambda c, r: c(r, HEAD) == "abc",
    "heading_out_of_range": lambda c, r: c(r, HEAD) == 400,
    "heading_blank": lambda c, r: c(r, HEAD) is None,
    "negative_repair_budget": lambda c, r: c(r, "งบประมาณซ่อม (บาท)") < 0,
    "status_english": lambda c, r: re.fullmatch(r"[A-Za-z ]+", c(r, "สถานะ")) is not None,
    "status_whitespace": lambda c, r: (
        c(r, "สถานะ") != c(r, "สถานะ").strip() and c(r, "สถานะ").strip() in STATUS_WORDS
    ),
}


def test_every_documented_survey_error_is_in_the_sheet(sample: Sample) -> None:
    headers, rows = _sheet_cells(sample.survey_path, ms.SURVEY_SHEET)
    col = {h: i for i, h in enumerate(headers)}

    def cell(row: int, header: str) -> Any:
        return rows[row - 2][col[header]]

    for e in ms.SURVEY_ERRORS:
        assert e.kind in ERROR_SHOWS, e
        assert ERROR_SHOWS[e.kind](cell, e.excel_row), e
        assert e.severity in {"error", "fixable", "info"}
    # Cells without a documented problem are clean.
    flagged = {(e.excel_row, e.column) for e in ms.SURVEY_ERRORS}
    for r in range(2, 862):
        if (r, "สถานะ") not in flagged:
            assert cell(r, "สถานะ") in STATUS_WORDS
        if (r, "ละติจูด") not in flagged:
            assert 14 < _num(cell(r, "ละติจูด")) < 15
    ids = [cell(r, "รหัสกล้อง") for r in range(2, 862)]
    assert len(ids) - len(set(ids)) == 1


def test_unknown_headings_are_exactly_the_blank_rows(sample: Sample) -> None:
    nan_rows = set(np.flatnonzero(sample.cameras["heading_deg"].isna().to_numpy()) + 2)
    blank = {e.excel_row for e in ms.SURVEY_ERRORS if e.kind == "heading_blank"}
    word = {e.excel_row for e in ms.SURVEY_ERRORS if e.kind == "heading_unknown_word"}
    assert nan_rows == blank | word


def test_survey_values_agree_with_the_camera_layer(sample: Sample) -> None:
    headers, rows = _sheet_cells(sample.survey_path, ms.SURVEY_SHEET)
    col = {h: i for i, h in enumerate(headers)}
    cams = sample.cameras.to_crs(4326)
    flagged = {e.excel_row for e in ms.SURVEY_ERRORS}
    sweeps = 0
    for i, row in enumerate(rows):
        if i + 2 in flagged:
            continue
        lat = float(str(row[col["ละติจูด"]]).translate(THAI_TO_ARABIC))
        lon = float(str(row[col["ลองจิจูด"]]).translate(THAI_TO_ARABIC))
        assert lat == pytest.approx(cams.geometry.iloc[i].y, abs=1e-6)
        assert lon == pytest.approx(cams.geometry.iloc[i].x, abs=1e-6)
        year = int(str(row[col["ปีที่ติดตั้ง (พ.ศ.)"]]).translate(THAI_TO_ARABIC))
        assert year == cams["installed"].iloc[i] + 543
        heading = str(row[col["ทิศทาง (องศา)"]]).translate(THAI_TO_ARABIC)
        if "-" in heading:  # a PTZ sweep "a-b", clockwise from a to b
            a, b = (float(x) for x in heading.split("-"))
            width = (b - a) % 360
            assert width == cams["sweep_deg"].iloc[i]
            assert (a + width / 2) % 360 == pytest.approx(cams["heading_deg"].iloc[i])
            sweeps += 1
        elif heading != "None":
            assert float(heading) == cams["heading_deg"].iloc[i]
    assert sweeps == ms.N_PTZ_SWEEP
    assert {r[col["ความละเอียด (พิกเซล)"]] for r in rows} >= {"2MP", "1920x1080", 1920}


def test_risk_point_sheet(sample: Sample) -> None:
    headers, rows = _sheet_cells(sample.risk_points_path, ms.RISK_SHEET)
    assert headers == [
        "รหัสจุด",
        "ชื่อจุดเสี่ยง/จุดสำคัญ",
        "ประเภทจุด",
        "ลำดับความสำคัญเร่งด่วน",
        "เหตุผลในการติดตั้ง",
        "ผู้เสนอ",
        "จำนวนกล้องที่ต้องการ",
        "ประเภทกล้อง",
        "งบประมาณ (บาท)",
        "แหล่งงบประมาณ",
        "ละติจูด",
        "ลองจิจูด",
    ]
    assert len(rows) == 100
    col = {h: i for i, h in enumerate(headers)}
    errors = pd.read_csv(datasets.sample_dir() / "angthong_risk_points_errors.csv")
    assert list(errors["excel_row"]) == [e.excel_row for e in ms.RISK_POINT_ERRORS]
    kinds = dict(zip(errors["excel_row"], errors["kind"], strict=True))
    priorities = set(ms.PRIORITY_TH.values())
    categories = set(ms.CATEGORY_TH.values())
    for r, row in enumerate(rows, start=2):
        lat = float(str(row[col["ละติจูด"]]).translate(THAI_TO_ARABIC))
        assert (99 < lat < 101) == (kinds.get(r) == "latlon_swapped")
        assert (row[col["ลำดับความสำคัญเร่งด่วน"]] in priorities) == (
            kinds.get(r) != "unknown_priority"
        )
        budget = str(row[col["งบประมาณ (บาท)"]]).translate(THAI_TO_ARABIC).replace(",", "")
        assert budget.isdigit() == (kinds.get(r) != "budget_non_numeric")
        assert row[col["ประเภทจุด"]] in categories


# ------------------------------------------------------------------ the request log


def test_request_log_is_raw_thai_csv_with_personal_data(sample: Sample) -> None:
    raw = sample.requests_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    req = sample.requests
    assert list(req.columns) == ms.REQUEST_HEADERS
    for column in ("ชื่อผู้ขอ", "เบอร์โทร", "เลขบัตรประชาชน"):
        assert (req[column] != "").all()
    assert req["ชื่อผู้ขอ"].str.contains("ทดสอบ ตัวอย่าง", regex=False).all()
    assert req["เบอร์โทร"].str.fullmatch(r"08\d-\d{3}-\d{4}").all()
    assert req["เลขบัตรประชาชน"].str.fullmatch(r"0\d{12}").all()  # no real ID starts with 0
    assert req["เลขที่คำขอ"].is_unique
    day, month, year = (req["วันที่ขอ"].str.split("/", expand=True)[k].astype(int) for k in range(3))
    ce = [date(y - 543, m, d) for d, m, y in zip(day, month, year, strict=True)]
    assert min(ce) >= date(2021, 10, 1)
    assert max(ce) <= date(2023, 9, 30)
    assert set(req["ผลการขอ"]) == set(ms.OUTCOME_TH.values())
    assert set(req["ประเภทคดี"]) == set(ms.CASE_TYPES)
    assert req["หน่วยงานที่ขอ"].str.startswith("สภ.").mean() > 0.6
    assert 0.05 < (req["รหัสกล้อง"] == "").mean() < 0.7


def test_request_outcomes_follow_the_cameras(sample: Sample) -> None:
    req = sample.requests
    pts = gpd.GeoSeries.from_xy(
        req["ลองจิจูด"].astype(float), req["ละติจูด"].astype(float), crs=4326
    ).to_crs(32647)
    cams = sample.cameras
    tree = shapely.STRtree(cams.geometry.to_numpy())
    idx, dist = tree.query_nearest(pts.to_numpy(), return_distance=True, all_matches=False)
    outcome = req["ผลการขอ"].to_numpy()
    nearest_status = cams["status"].to_numpy()[idx[1]]
    assert (dist[outcome == "ไม่มีกล้อง"] > 100).all()
    broken = outcome == "กล้องชำรุด"
    assert (nearest_status[broken] != "working").all()
    assert (dist[broken] <= 100).all()
    # Cameras that keep footage 3 days or less lose it more often.
    ret = cams["retention_days"].to_numpy()[idx[1]]
    near_working = (dist <= 100) & (nearest_status == "working")
    expired = outcome == "ภาพถูกลบแล้ว/เกินระยะเวลาเก็บ"
    short = near_working & (ret <= 3)
    long = near_working & (ret > 7)
    assert expired[short].mean() > 3 * expired[long].mean()
    # Requests concentrate: the busiest 1 % of 200 m cells hold a large share.
    cells = np.floor(pts.get_coordinates().to_numpy() / 200.0)
    _, counts = np.unique(cells, axis=0, return_counts=True)
    top = np.sort(counts)[::-1][: max(1, len(counts) // 100)]
    assert top.sum() / counts.sum() > 0.3
    # camera ids given point at a camera near the incident
    given = req["รหัสกล้อง"] != ""
    by_id = cams.set_index("camera_id").geometry
    d = shapely.distance(by_id.loc[req.loc[given, "รหัสกล้อง"]].to_numpy(), pts[given].to_numpy())
    assert (d <= 100).all()
