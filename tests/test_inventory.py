"""Reading, validating and writing camera surveys."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import openpyxl
import pandas as pd
import pytest
import shapely
from shapely import LineString, MultiPoint, Point, box

import cctvgeo as cg

THAI_HEADERS = [
    "รหัสกล้อง",
    "ชื่อจุดติดตั้ง",
    "หน่วยงาน",
    "ประเภทเจ้าของ",
    "ประเภทกล้อง",
    "ละติจูด",
    "ลองจิจูด",
    "ทิศทาง (องศา)",
    "สถานะ",
    "การเชื่อมโยง",
    "ระยะเวลาบันทึก (วัน)",
    "งบประมาณซ่อม (บาท)",
    "ปีที่ติดตั้ง (พ.ศ.)",
    "หมายเหตุ",
]
ROWS = [
    ["ATG-001", "ตลาดเทศบาล", "เทศบาลเมืองอ่างทอง", "รัฐ", "โดม", "๑๔.๕๙๑๒", "๑๐๐.๔๕๒๑", "๙๐", "ใช้งานได้ปกติ", "เชื่อมโยงแล้ว", "๓๐", "", "๒๕๕๙", "หน้าตลาด"],
    ["ATG-002", "ร้านทองเยาวราช", "ร้านทองเยาวราช", "เอกชน", "มุมมองคงที่", "100.4530", "14.5901", "NE", "ชำรุด", "ไม่ใช่", "7", "15,000", "2560", ""],
    ["ATG-003", "สี่แยกไฟแดง", "สภ.เมืองอ่างทอง", "รัฐ", "PTZ", "14.5880, 100.4490", "", "90-270", "อยู่ระหว่างการซ่อมแซม", "", "", "", "2015", "=HYPERLINK(\"x\")"],
    ["ATG-004", "หน้าโรงเรียน", "สพป.อ่างทอง", "รัฐ", "โดม", "14°35'28.3\"N", "100°27'07.6\"E", "abc", "ใช้งานไม่ได้", "", "3", "-500", "2558", ""],
    ["ATG-004", "ซ้ำ", "อบต.", "รัฐ", "โดม", "", "", "400", "ใช้งานได้ปกติ", "", "", "", "", ""],
]  # fmt: skip


def write_xlsx(path: Path, rows: list[list[object]], *, title: str | None = None) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
    sheet.append(THAI_HEADERS)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def write_csv(path: Path, rows: list[list[object]], *, encoding: str) -> Path:
    with path.open("w", encoding=encoding, newline="") as f:
        writer = csv.writer(f)
        writer.writerow(THAI_HEADERS)
        writer.writerows(rows)
    return path


@pytest.fixture
def survey_xlsx(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "survey.xlsx", ROWS, title="แบบสำรวจกล้อง CCTV จังหวัดอ่างทอง")


def test_thai_survey_values_are_parsed(survey_xlsx: Path) -> None:
    cams, report = cg.read_cameras(survey_xlsx, errors="report")
    first = cams.loc[3]  # title on row 1, header on row 2: first camera is spreadsheet row 3
    assert first["camera_id"] == "ATG-001"
    assert (first.geometry.y, first.geometry.x) == (14.5912, 100.4521)
    assert first["heading_deg"] == 90.0
    assert first["status"] == "working"
    assert first["owner"] == "public"
    assert first["camera_type"] == "dome"
    assert bool(first["linked"]) is True
    assert first["retention_days"] == 30.0
    assert first["installed"] == 2016
    assert first["หมายเหตุ"] == "หน้าตลาด", "unknown columns are kept"
    assert cams.loc[4, "repair_budget_thb"] == 15000.0
    assert cams.loc[5, ["heading_deg", "sweep_deg"]].tolist() == [180.0, 180.0]
    assert cams.loc[5, "status"] == "under_repair"
    assert cams.loc[6].geometry.y == pytest.approx(14 + 35 / 60 + 28.3 / 3600)
    assert "title" in report.notes[0]


def test_every_problem_has_row_column_value_and_fix(survey_xlsx: Path) -> None:
    _, report = cg.read_cameras(survey_xlsx, errors="report")
    found = {(p.row, p.column, p.severity, p.action) for p in report}
    assert (4, "ละติจูด", "warning", "value fixed") in found  # swapped coordinates
    assert (6, "ทิศทาง (องศา)", "error", "value cleared") in found  # "abc"
    assert (6, "งบประมาณซ่อม (บาท)", "error", "value cleared") in found  # -500
    assert (6, "ระยะเวลาบันทึก (วัน)", "warning", "kept") in found  # 3 days
    assert (7, "ละติจูด", "error", "row dropped") in found  # no coordinates
    assert (7, "ทิศทาง (องศา)", "error", "value cleared") in found  # 400
    assert (7, "รหัสกล้อง", "error", "kept") in found  # duplicate id
    assert all(p.fix for p in report)
    assert report.dropped_rows == [7]


def test_swapped_row_is_fixed_and_reported(survey_xlsx: Path) -> None:
    cams, report = cg.read_cameras(survey_xlsx, errors="report")
    assert (cams.loc[4].geometry.x, cams.loc[4].geometry.y) == (100.4530, 14.5901)
    (swap,) = [p for p in report if p.action == "value fixed" and p.row == 4]
    assert "swapped" in swap.message


def test_raise_mode_reports_everything_at_once(survey_xlsx: Path) -> None:
    with pytest.raises(cg.ValidationError) as info:
        cg.read_cameras(survey_xlsx)
    assert len(info.value.report.errors) == 5
    text = str(info.value)
    assert "row 6, column 'ทิศทาง (องศา)' (value 'abc')" in text
    assert "row 7" in text


def test_no_row_is_lost(survey_xlsx: Path) -> None:
    cams, report = cg.read_cameras(survey_xlsx, errors="report")
    assert sorted([*cams.index, *report.dropped_rows]) == [3, 4, 5, 6, 7]
    assert report.n_rows == 5


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp874"])
def test_csv_encodings_give_the_same_cameras(
    tmp_path: Path, survey_xlsx: Path, encoding: str
) -> None:
    rows = [[c.replace("°", " ").replace('"', "") for c in r] for r in ROWS]  # cp874 has no "°"
    path = write_csv(tmp_path / "survey.csv", rows, encoding=encoding)
    cams, report = cg.read_cameras(path, errors="report")
    assert cams["camera_id"].tolist() == ["ATG-001", "ATG-002", "ATG-003", "ATG-004"]
    assert cams.loc[2, "name"] == "ตลาดเทศบาล"
    assert cams.loc[5].geometry.y == pytest.approx(14 + 35 / 60 + 28.3 / 3600)
    assert ("cp874" in " ".join(report.notes)) == (encoding == "cp874")


def test_empty_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(cg.CctvgeoError, match=r"empty\.csv is empty"):
        cg.read_cameras(path)


def test_header_only_file_is_a_clear_error(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "header.csv", [], encoding="utf-8")
    with pytest.raises(cg.CctvgeoError, match="no data rows"):
        cg.read_cameras(path)


def test_no_coordinate_columns_names_what_was_found(tmp_path: Path) -> None:
    path = tmp_path / "nocoords.csv"
    path.write_text("id,name,status\n1,a,working\n", encoding="utf-8")
    with pytest.raises(cg.CctvgeoError, match="no coordinate columns") as info:
        cg.read_cameras(path)
    assert "'name'" in str(info.value)
    assert "ละติจูด" in str(info.value)


def test_missing_file_and_unsupported_type(tmp_path: Path) -> None:
    with pytest.raises(cg.CctvgeoError, match="File not found"):
        cg.read_cameras(tmp_path / "nope.xlsx")
    legacy = tmp_path / "old.xls"
    legacy.write_bytes(b"x")
    with pytest.raises(cg.CctvgeoError, match=r"\.xlsx in Excel"):
        cg.read_cameras(legacy)


def test_not_really_an_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("not a zip", encoding="utf-8")
    with pytest.raises(cg.CctvgeoError, match=r"not a readable \.xlsx"):
        cg.read_cameras(path)


def test_non_numeric_headings_each_reported(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "lat": [14.5, 14.6, 14.7],
            "lon": [100.4, 100.5, 100.6],
            "heading": ["north-ish", "45", "??"],
        }
    )
    with pytest.raises(cg.ValidationError) as info:
        cg.read_cameras(frame)
    bad = [(p.row, p.column, p.value) for p in info.value.report.errors]
    assert bad == [(0, "heading", "north-ish"), (2, "heading", "??")]


def test_blank_rows_are_skipped_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "gaps.csv"
    path.write_text("lat,lon\n14.5,100.4\n,\n\n14.6,100.5\n", encoding="utf-8")
    cams, report = cg.read_cameras(path, errors="report")
    assert cams.index.tolist() == [2, 5]
    assert "2 empty rows (every cell blank or '-') were skipped (rows 3-4)." in report.notes[0]
    assert report.skipped_rows == [3, 4]


def test_dataframe_input_is_not_modified() -> None:
    frame = pd.DataFrame({"ละติจูด": ["๑๔.๕"], "ลองจิจูด": ["๑๐๐.๔"], "สถานะ": ["ชำรุด"]})
    before = frame.copy()
    cams = cg.read_cameras(frame)
    pd.testing.assert_frame_equal(frame, before)
    assert cams["status"].tolist() == ["broken"]


def test_projected_xy_columns_with_crs() -> None:
    frame = pd.DataFrame({"x": [660_000.0], "y": [1_613_000.0], "id": ["A"]})
    cams = cg.read_cameras(frame, crs=32647)
    assert cams.crs.to_epsg() == 32647
    assert (cams.geometry.x.iloc[0], cams.geometry.y.iloc[0]) == (660_000.0, 1_613_000.0)


def test_columns_override() -> None:
    frame = pd.DataFrame({"N": [14.5], "E": [100.4], "จุดที่": ["ตลาด"]})
    cams = cg.read_cameras(frame, columns={"N": "latitude", "E": "longitude", "จุดที่": "name"})
    assert cams["name"].tolist() == ["ตลาด"]
    assert cams.geometry.y.tolist() == [14.5]


def test_area_rejects_outside_and_fixes_swaps_into_it() -> None:
    area = box(100.0, 14.0, 101.0, 15.0)
    frame = pd.DataFrame(
        {"lat": [14.5, 14.5, 16.0], "lon": [100.5, 100.5, 100.5], "id": list("ABC")}
    )
    frame.loc[1, ["lat", "lon"]] = [100.5, 14.5]
    cams, report = cg.read_cameras(frame, area=area, errors="report")
    assert cams["camera_id"].tolist() == ["A", "B"]
    assert (cams.loc[1].geometry.x, cams.loc[1].geometry.y) == (100.5, 14.5)
    assert [(p.row, p.message) for p in report.errors] == [(2, "The camera is outside the area.")]


def test_validate_cameras_on_a_frame() -> None:
    cams = gpd.GeoDataFrame(
        {
            "camera_id": ["a", "b", "b", "c"],
            "status": ["working", "working", "broken", "working"],
            "heading_deg": [10.0, 10.0, 370.0, np.nan],
            "repair_budget_thb": [0.0, -1.0, 5.0, np.nan],
            "retention_days": [90.0, 2.0, np.nan, 30.0],
        },
        geometry=[Point(0, 0), Point(0.5, 0), Point(100, 0), None],
        crs=32647,
    )
    report = cg.validate_cameras(cams)
    got = {(p.row, p.column, p.severity) for p in report}
    assert got == {
        (1, "camera_id", "warning"),  # 0.5 m from "a", same heading
        (1, "repair_budget_thb", "error"),
        (1, "retention_days", "warning"),
        (2, "camera_id", "error"),  # duplicate id
        (2, "heading_deg", "error"),  # 370
        (3, "latitude", "error"),  # no geometry
    }


def test_validate_cameras_needs_the_schema() -> None:
    frame = gpd.GeoDataFrame({"x": [1]}, geometry=[Point(0, 0)], crs=4326)
    with pytest.raises(cg.CctvgeoError, match="read_cameras"):
        cg.validate_cameras(frame)


def test_report_html_escapes_untrusted_values() -> None:
    frame = pd.DataFrame(
        {
            "lat": [14.5, 14.6],
            "lon": [100.4, 100.4],
            "heading": ["<img src=x onerror=alert(1)>", "{{ 7*6 }} {% if %}"],
        }
    )
    _, report = cg.read_cameras(frame, errors="report")
    html = report.to_html()
    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "{{ 7*6 }} {% if %}" in html  # text, never a template


OSM_XML = """<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6">
 <node id="1" lat="14.59" lon="100.45">
  <tag k="man_made" v="surveillance"/><tag k="surveillance:type" v="camera"/>
  <tag k="camera:direction" v="NE"/><tag k="camera:type" v="fixed"/><tag k="camera:mount" v="pole"/>
  <tag k="surveillance" v="public"/><tag k="operator" v="เทศบาลเมืองอ่างทอง"/>
  <tag k="height" v="5 m"/><tag k="camera:angle" v="20"/>
 </node>
 <node id="2" lat="14.60" lon="100.46">
  <tag k="man_made" v="surveillance"/><tag k="camera:direction" v="90-270"/>
  <tag k="camera:type" v="panning"/><tag k="surveillance" v="outdoor"/>
 </node>
 <node id="3" lat="14.61" lon="100.47">
  <tag k="man_made" v="surveillance"/><tag k="surveillance:type" v="guard"/>
 </node>
 <node id="4" lat="14.62" lon="100.48">
  <tag k="man_made" v="surveillance"/><tag k="surveillance:type" v="ALPR"/>
 </node>
 <node id="5" lat="14.62" lon="100.48"/>
 <way id="9"><nd ref="1"/><tag k="man_made" v="surveillance"/></way>
</osm>
"""


def test_osm_xml_tags_map_to_the_schema(tmp_path: Path) -> None:
    path = tmp_path / "cams.osm"
    path.write_text(OSM_XML, encoding="utf-8")
    cams, report = cg.read_cameras(path, errors="report")
    assert cams.index.tolist() == ["node/1", "node/2", "node/4"]
    one = cams.loc["node/1"]
    assert (one["heading_deg"], one["camera_type"], one["owner"]) == (45.0, "fixed", "public")
    assert (one["agency"], one["height_m"], one["tilt_deg"]) == ("เทศบาลเมืองอ่างทอง", 5.0, 20.0)
    assert one["camera:mount"] == "pole", "unmapped tags are kept"
    two = cams.loc["node/2"]
    assert (two["heading_deg"], two["sweep_deg"], two["camera_type"], two["owner"]) == (
        180.0,
        180.0,
        "ptz",
        "private",
    )
    assert cams.loc["node/4", "camera_type"] == "alpr"
    assert set(cams["status"]) == {"unknown"}
    notes = " ".join(report.notes)
    assert "way/9" in notes
    assert "node/3 (guard)" in notes


def test_osm_camera_angle_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "cams.osm"
    path.write_text(OSM_XML, encoding="utf-8")
    monkeypatch.setattr(cg.settings, "osm_camera_angle", "hfov")
    cams = cg.read_cameras(path)
    assert cams.loc["node/1", "hfov_deg"] == 20.0
    assert np.isnan(cams.loc["node/1", "tilt_deg"])


def test_osm_features_frame_like_osmnx() -> None:
    index = pd.MultiIndex.from_tuples([("node", 11), ("node", 12)], names=["element", "id"])
    features = gpd.GeoDataFrame(
        {
            "man_made": ["surveillance", "surveillance"],
            "surveillance:type": ["camera", "camera"],
            "camera:direction": ["S", None],
            "operator": ["สภ.ป่าโมก", None],
        },
        geometry=[Point(100.44, 14.49), Point(100.45, 14.50)],
        index=index,
        crs=4326,
    )
    cams = cg.read_cameras(features)
    assert cams.index.tolist() == ["node/11", "node/12"]
    assert cams["heading_deg"].tolist()[0] == 180.0
    assert cams["agency"].tolist()[0] == "สภ.ป่าโมก"


def test_osm_xml_entity_attack_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.osm"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE osm [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><osm>&b;</osm>',
        encoding="utf-8",
    )
    with pytest.raises(cg.CctvgeoError, match="unsafe"):
        cg.read_cameras(path)


def test_wkt_latitude_first_is_detected_without_other_columns() -> None:
    frame = pd.DataFrame(
        {"Location": ["POINT (39.310861 -76.640704)", "POINT (39.291378 -76.60783)"]}
    )
    cams, report = cg.read_cameras(frame, errors="report")
    assert cams.geometry.x.tolist() == [-76.640704, -76.60783]
    assert any("latitude first" in n for n in report.notes)
    assert not [p for p in report if p.action == "value fixed"], "a column-wide order is one note"


def test_address_in_a_location_column_is_kept_as_text() -> None:
    frame = pd.DataFrame({"lat": [53.46], "lon": [-2.28], "location": ["Trafford Wharf Road"]})
    cams = cg.read_cameras(frame)
    assert cams["location"].tolist() == ["Trafford Wharf Road"]


# --------------------------------------------------------------------------- real data


@pytest.mark.realdata
def test_baltimore_bpd_cameras(realdata: Path) -> None:
    cams, report = cg.read_cameras(
        realdata / "baltimore-citiwatch" / "bpd_cameras.csv", errors="report"
    )
    assert len(cams) == 592 and report.n_rows == 592
    assert report.ok and not report.dropped_rows
    minx, miny, maxx, maxy = cams.total_bounds
    assert -76.72 < minx < maxx < -76.52 and 39.19 < miny < maxy < 39.38
    assert cams["name"].iloc[0] == "535 - Greenmount  - 30th"


@pytest.mark.realdata
def test_baltimore_open_data_with_latitude_first_wkt(realdata: Path) -> None:
    path = realdata / "baltimore-citiwatch" / "cctv_locations_opendata.csv"
    cams, report = cg.read_cameras(path, errors="report")
    assert len(cams) == 614 and report.ok and not report.dropped_rows
    assert any("latitude first" in n for n in report.notes)
    assert cams["agency"].iloc[0] == "BPD - North Ave West"
    raw = pd.read_csv(path)
    np.testing.assert_allclose(cams.geometry.y.to_numpy(), raw["Latitude"].to_numpy())
    # The WKT column alone, latitude first, gives the same points.
    only_wkt = cg.read_cameras(raw[["ID", "Location"]])
    np.testing.assert_allclose(only_wkt.geometry.x.to_numpy(), raw["Longitude"].to_numpy())


@pytest.mark.realdata
def test_trafford_csv_and_geojson_agree(realdata: Path) -> None:
    from_csv = cg.read_cameras(realdata / "trafford-cctv" / "trafford_cctv_cameras.csv")
    from_geojson = cg.read_cameras(realdata / "trafford-cctv" / "trafford_cctv_cameras.geojson")
    assert len(from_csv) == len(from_geojson) == 99
    assert from_csv["camera_id"].tolist() == from_geojson["camera_id"].tolist()
    assert shapely.equals_exact(
        from_csv.geometry.to_numpy(), from_geojson.geometry.to_numpy(), tolerance=1e-6
    ).all()


def test_import_does_not_load_heavy_libraries() -> None:
    code = (
        "import sys, cctvgeo; heavy = {'pandas', 'geopandas', 'shapely', 'folium', 'sklearn', 'osmnx'};"
        "print(sorted(heavy & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --------------------------------------------------------------------------- the sample survey


def test_sample_survey_every_planted_error_is_reported() -> None:
    sample = cg.datasets.load_sample()
    planted = pd.read_csv(sample.survey_path.with_name("angthong_survey_errors.csv"))
    cams, report = cg.read_cameras(sample.survey_path, errors="report")
    reported = {(p.row, p.column) for p in report}
    expected = planted[planted["severity"].isin(["error", "fixable"])]
    expected = expected[~expected["kind"].str.startswith("status_")]  # clean spellings: no problem
    missing = [
        (r.excel_row, r.column, r.kind)
        for r in expected.itertuples()
        if (r.excel_row, r.column) not in reported
        and r.kind not in {"coordinates_in_one_cell", "dms_latitude"}
    ]
    assert missing == []
    # Forms that are valid, only unusual, are read without complaint.
    quiet = planted[
        planted["kind"].isin(["coordinates_in_one_cell", "dms_latitude", "heading_unknown_word"])
    ]
    assert not {(r.excel_row, r.column) for r in quiet.itertuples()} & reported
    assert (
        report.dropped_rows
        == planted.loc[planted["kind"] == "missing_coordinates", "excel_row"].tolist()
    )
    assert len(cams) + len(report.dropped_rows) == report.n_rows == 860
    assert set(cams["status"]) <= {"working", "broken", "not_working", "under_repair"}
    assert (
        cams.loc[planted.loc[planted["kind"] == "status_english", "excel_row"], "status"]
        .notna()
        .all()
    )


def test_shapefile_and_geopackage_sources(tmp_path: Path) -> None:
    frame = gpd.GeoDataFrame(
        {"cam_id": ["A", "B"], "status": ["ชำรุด", "working"], "heading": [90.0, None]},
        geometry=[Point(100.45, 14.59), Point(100.46, 14.60)],
        crs=4326,
    )
    for suffix in (".shp", ".gpkg"):
        path = tmp_path / f"cams{suffix}"
        frame.to_file(path)
        cams = cg.read_cameras(path)
        assert cams.index.tolist() == [1, 2], "GIS rows are numbered from 1"
        assert cams["camera_id"].tolist() == ["A", "B"]
        assert cams["status"].tolist() == ["broken", "working"]
        assert cams["heading_deg"].iloc[0] == 90.0
        assert np.isnan(cams["heading_deg"].iloc[1])


def test_problem_rows_are_plain_python_labels(survey_xlsx: Path) -> None:
    _, report = cg.read_cameras(survey_xlsx, errors="report")
    assert {type(p.row) for p in report} == {int}


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_delimiters_and_quotes_in_cells(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "q.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter=delimiter)
        writer.writerow(["id", "lat", "lon", "หมายเหตุ"])
        writer.writerow(["A", "14.5", "100.4", ',0"'])
        writer.writerow(["B", "14.6", "100.5", 'say "hi"; ok, fine'])
    cams = cg.read_cameras(path)
    assert cams["หมายเหตุ"].tolist() == [',0"', 'say "hi"; ok, fine']


INFINITE_COLUMNS = (
    "heading_deg", "sweep_deg", "hfov_deg", "focal_length_mm", "sensor_width_mm",
    "resolution_px", "height_m", "tilt_deg", "retention_days", "repair_budget_thb",
)  # fmt: skip


@pytest.mark.parametrize("sign", [1, -1])
def test_an_infinite_number_is_an_error_with_row_and_column(sign: int) -> None:
    """Issue 12: inf passed every range check, giving 0 errors and footprints of area 0."""
    n = len(INFINITE_COLUMNS)
    frame = pd.DataFrame(
        {
            "camera_id": [f"C{i}" for i in range(n + 1)],
            "latitude": 14.5 + 0.001 * np.arange(n + 1),
            "longitude": 100.4 + 0.001 * np.arange(n + 1),
            "status": "working",
            **{
                col: [sign * np.inf if i == j else None for i in range(n + 1)]
                for j, col in enumerate(INFINITE_COLUMNS)
            },
        }
    )
    frame["heading_deg"] = frame["heading_deg"].fillna(90.0)
    cams, report = cg.read_cameras(frame, errors="report")
    assert [(p.row, p.column, p.action) for p in report.errors] == [
        (i, col, "value cleared") for i, col in enumerate(INFINITE_COLUMNS)
    ]
    assert not np.isinf(cams[list(INFINITE_COLUMNS)].to_numpy(dtype=float)).any()
    cams.loc[0, "heading_deg"] = 0.0  # the cleared heading, given again
    footprints = cg.coverage.fields_of_view(cg.project(cams))
    assert len(footprints) == n + 1 and (footprints.area > 10.0).all()


def test_validate_cameras_reports_infinite_values_as_out_of_range() -> None:
    cams = cg.datasets.load_sample().cameras.head(3).copy()
    cams.loc[cams.index[0], "height_m"] = np.inf
    cams.loc[cams.index[1], "retention_days"] = np.inf
    cams.loc[cams.index[2], "repair_budget_thb"] = -np.inf
    report = cg.validate_cameras(cams)
    assert [(p.row, p.column, p.value, p.message) for p in report.errors] == [
        (cams.index[0], "height_m", "inf", "Out of range."),
        (cams.index[1], "retention_days", "inf", "Out of range."),
        (cams.index[2], "repair_budget_thb", "-inf", "Out of range."),
    ]


def test_an_infinite_risk_point_budget_is_an_error() -> None:
    frame = pd.DataFrame(
        {"name": ["ตลาด", "โรงเรียน"], "lat": [14.5, 14.51], "lon": [100.4, 100.41],
         "budget_thb": [np.inf, 5000.0]}
    )  # fmt: skip
    points, report = cg.riskpoints.read_risk_points(frame, errors="report")
    assert [(p.row, p.column) for p in report.errors] == [(0, "budget_thb")]
    assert np.isnan(points.loc[0, "budget_thb"]) and points.loc[1, "budget_thb"] == 5000.0


@pytest.mark.parametrize("crs", [4326, 32647])
def test_a_camera_that_is_not_a_point_is_an_error_not_a_crash(crs: int) -> None:
    cams = cg.datasets.load_sample().cameras.head(3).to_crs(crs)
    x, y = cams.geometry.iloc[1].x, cams.geometry.iloc[1].y
    d = 0.0001 if crs == 4326 else 10.0
    cams.loc[cams.index[1], "geometry"] = LineString([(x, y), (x + d, y)])
    cams.loc[cams.index[2], "geometry"] = MultiPoint([(x, y), (x + d, y)])
    report = cg.validate_cameras(cams)
    shapes = [(p.row, p.column, p.value) for p in report.errors if p.column == "geometry"]
    assert shapes == [
        (cams.index[1], "geometry", "LineString"),
        (cams.index[2], "geometry", "MultiPoint"),
    ]
    assert report.dropped_rows == [cams.index[1], cams.index[2]]
