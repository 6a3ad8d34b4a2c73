"""Messy and hostile reader inputs (issue 12): every row accounted for, never a traceback.

Each case is a small file written in ``tmp_path``. A reader either returns a report in
which the rows read plus the empty rows skipped are every row below the header, and the
rows kept plus the rows dropped are the rows read, or raises one
:class:`~cctvgeo.CctvgeoError` whose message says how to fix the file.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

import cctvgeo as cg
from cctvgeo.riskpoints import read_access_requests, read_risk_points

HEADER = "id,lat,lon,status"
GOOD = ["A,14.5912,100.4521,working", "B,14.6001,100.4602,broken", "C,14.6102,100.4703,working"]
THAI_POINTS = [(14.59 + i / 100, 100.45 + i / 100) for i in range(6)]


def csv_text(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return path


def workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def camera_rows() -> list[list[object]]:
    return [["id", "lat", "lon"], ["A", 14.5912, 100.4521], ["B", 14.6001, 100.4602]]


def corrupt_member(source: Path, target: Path, member: str) -> Path:
    """A copy of an xlsx with one member cut in half (a truncated sheet)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zout.writestr(info, data[: len(data) // 2] if info.filename == member else data)
    return target


def without_sheets(source: Path, target: Path) -> Path:
    """A copy of an xlsx whose workbook lists no sheet."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/workbook.xml":
                data = re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", data, flags=re.S)
            zout.writestr(info, data)
    return target


def two_level_camera_workbook(path: Path) -> Path:
    """``พิกัด`` merged over ``ละติจูด``/``ลองจิจูด``; the other headers merged down two rows."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["รหัสกล้อง", "ชื่อจุดติดตั้ง", "พิกัด", None, "สถานะ"])
    sheet.append([None, None, "ละติจูด", "ลองจิจูด", None])
    sheet.append(["ATG-1", "ตลาด", 14.5912, 100.4521, "ใช้งานได้"])
    sheet.append(["ATG-2", "วัด", 14.6001, 100.4602, "ชำรุด"])
    sheet.append(["ATG-3", "โรงเรียน", 14.6102, 100.4703, "ใช้งานได้"])
    for cells in ("C1:D1", "A1:A2", "B1:B2", "E1:E2"):
        sheet.merge_cells(cells)
    book.save(path)
    return path


@dataclass
class Case:
    """A hostile input: how to write it, and the rows below its header (None: refused)."""

    make: Callable[[Path], Path]
    rows: int | None
    error: str = ""


def _huge_cell(p: Path) -> Path:
    return write(
        p / "huge.csv",
        csv_text(HEADER + ",note", *(g + ",x" for g in GOOD[:2]), GOOD[2] + "," + "ก" * 200_000),
    )


CASES: dict[str, Case] = {
    "plain": Case(lambda p: write(p / "plain.csv", csv_text(HEADER, *GOOD)), 3),
    "mac_cr_only": Case(lambda p: write(p / "mac.csv", "\r".join([HEADER, *GOOD]) + "\r"), 3),
    "cr_in_quoted_cell": Case(
        lambda p: write(p / "cr.csv", f'{HEADER},note\r\n{GOOD[0]},"a\rb"\r\n{GOOD[1]},x\r\n'), 2
    ),
    "cell_over_csv_limit": Case(_huge_cell, 3),
    "unbalanced_quote": Case(
        lambda p: write(p / "quote.csv", csv_text(HEADER, 'A,14.59,100.45,"working', *GOOD[1:])),
        None,
        r"quote .* opened on line 2",
    ),
    "blank_and_dash_rows": Case(
        lambda p: write(
            p / "gaps.csv", csv_text(HEADER, GOOD[0], ",,,", "-,-,-,-", " , ,-, ", GOOD[1])
        ),
        5,
    ),
    "empty_file": Case(lambda p: write(p / "empty.csv", b""), None, "empty"),
    "header_only": Case(lambda p: write(p / "header.csv", csv_text(HEADER)), None, "no data rows"),
    "binary_garbage": Case(
        lambda p: write(p / "garbage.csv", np.random.default_rng(0).bytes(4096)),
        None,
        "NUL|neither",
    ),
    "xlsx_named_csv": Case(
        lambda p: write(p / "book.csv", workbook(p / "b.xlsx", {"s": camera_rows()}).read_bytes()),
        None,
        "NUL",
    ),
    "csv_named_xlsx": Case(
        lambda p: write(p / "text.xlsx", csv_text(HEADER, *GOOD)), None, "not a readable"
    ),
    "truncated_xlsx": Case(
        lambda p: write(
            p / "cut.xlsx", workbook(p / "w.xlsx", {"s": camera_rows()}).read_bytes()[:900]
        ),
        None,
        "not a readable",
    ),
    "corrupt_sheet_xml": Case(
        lambda p: corrupt_member(
            workbook(p / "w.xlsx", {"s": camera_rows()}), p / "bad.xlsx", "xl/worksheets/sheet1.xml"
        ),
        None,
        "damaged or truncated",
    ),
    "xlsx_without_sheets": Case(
        lambda p: without_sheets(workbook(p / "w.xlsx", {"s": camera_rows()}), p / "none.xlsx"),
        None,
        "no sheets|not a readable",
    ),
    "cover_sheet": Case(
        lambda p: workbook(p / "cover.xlsx", {"ปก": [["แบบสำรวจกล้อง"]], "data": camera_rows()}),
        None,
        "sheet='data'",
    ),
    "two_level_header": Case(lambda p: two_level_camera_workbook(p / "merged.xlsx"), 3),
    "utf16_bom": Case(lambda p: write(p / "u16.csv", csv_text(HEADER, *GOOD).encode("utf-16")), 3),
    "utf16_no_bom": Case(
        lambda p: write(p / "u16le.csv", csv_text(HEADER, *GOOD).encode("utf-16-le")),
        None,
        "UTF-16",
    ),
    "tis620": Case(
        lambda p: write(
            p / "thai.csv", csv_text("รหัส,ละติจูด,ลองจิจูด", "ก-1,14.59,100.45").encode("cp874")
        ),
        1,
    ),
    "invisible_header_chars": Case(
        lambda p: write(p / "zw.csv", csv_text("id,la\u2060t,lo\u00adn,sta\u200btus", *GOOD)), 3
    ),
    "header_below_row_10": Case(
        lambda p: write(p / "low.csv", csv_text(*["รายงาน"] * 12, HEADER, *GOOD)),
        None,
        "row 13, below the first 10",
    ),
    "wrong_extension": Case(
        lambda p: write(p / "cams.doc", csv_text(HEADER, *GOOD)), None, "Unsupported"
    ),
    "lost_decimal_point": Case(
        lambda p: write(p / "lost.csv", csv_text(HEADER, *GOOD, "D,14591234,100452100,working")), 4
    ),
    "metres_row": Case(
        lambda p: write(p / "m.csv", csv_text(HEADER, *GOOD, "D,1613000,650000,working")), 4
    ),
    "whole_file_metres": Case(
        lambda p: write(p / "utm.csv", csv_text(HEADER, "A,1613000,650000,", "B,1614000,651000,")),
        None,
        "crs=",
    ),
    "huge_negative_nan": Case(
        lambda p: write(
            p / "num.csv",
            csv_text(
                HEADER,
                "A,1e308,1e308,working",
                "B,-inf,100.4,working",
                "C,nan,NaN,x",
                "D,-14.59,-100.45,",
            ),
        ),
        4,
    ),
    "thai_digits_be_years": Case(
        lambda p: write(
            p / "thai_digits.csv",
            csv_text(
                "รหัส,ละติจูด,ลองจิจูด,ปีที่ติดตั้ง", "ก,๑๔.๕๙,๑๐๐.๔๕,๒๕๕๙", 'ข,"๑๔,๕๙๑๒","๑๐๐,๔๕๒๑",พ.ศ. ๒๕๖๐'
            ),
        ),
        2,
    ),
    "far_outlier": Case(
        lambda p: write(
            p / "uk.csv",
            csv_text(
                HEADER,
                *(f"T{i},{la},{lo},working" for i, (la, lo) in enumerate(THAI_POINTS)),
                "UK,51.5074,-0.1278,working",
            ),
        ),
        7,
    ),
    "json_not_gis": Case(lambda p: write(p / "cams.json", '{"cameras": [1, 2]}'), None, "GIS"),
    "huge_integers": Case(
        lambda p: write(p / "digits.csv", csv_text(HEADER, *GOOD, f"D,{'9' * 400},{'9' * 400},x")),
        4,
    ),
    "ragged_rows": Case(
        lambda p: write(
            p / "ragged.csv", csv_text(HEADER, "A,14.59", "B,14.6,100.46,working,extra,more", "C")
        ),
        3,
    ),
    "semicolon_decimal_comma": Case(
        lambda p: write(
            p / "semi.csv",
            csv_text("id;lat;lon;height", "A;14,5912;100,4521;6,5", "B;14,6;100,46;1,200"),
        ),
        2,
    ),
}

READERS = {
    "cameras": cg.read_cameras,
    "risk_points": read_risk_points,
    "requests": read_access_requests,
}


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("case", CASES)
def test_hostile_input_is_reported_or_refused_with_a_fix(
    tmp_path: Path, case: str, reader: str
) -> None:
    spec = CASES[case]
    path = spec.make(tmp_path)
    read = READERS[reader]
    if spec.rows is None:
        with pytest.raises(cg.CctvgeoError, match=spec.error) as info:
            read(path, errors="report")
        assert "Fix: " in str(info.value)
        return
    frame, report = read(path, errors="report")
    assert report.n_rows + len(report.skipped_rows) == spec.rows
    assert len(frame) + len(report.dropped_rows) == report.n_rows
    assert set(report.dropped_rows) <= {p.row for p in report.problems}
    assert not set(frame.index) & set(report.dropped_rows)


# --------------------------------------------------------------------------- coordinates


def test_lost_decimal_point_is_reported_and_left_out_of_the_utm_choice(tmp_path: Path) -> None:
    path = CASES["lost_decimal_point"].make(tmp_path)
    cams, report = cg.read_cameras(path, errors="report")
    (problem,) = report.errors
    assert (problem.row, problem.column, problem.action) == (5, "lat", "row dropped")
    assert problem.value == "14591234, 100452100"
    assert "Out of range for degrees" in problem.message and "lost decimal point" in problem.message
    assert "crs=" in problem.fix
    assert cams.index.tolist() == [2, 3, 4]
    assert cg.project(cams).crs.to_epsg() == 32647


def test_metres_in_degree_columns_and_1e308_are_out_of_range(tmp_path: Path) -> None:
    path = write(
        tmp_path / "mixed.csv",
        csv_text(
            HEADER,
            *GOOD,
            "D,1613000,650000,working",
            "E,1e308,1e308,working",
            "F,inf,100.4,working",
        ),
    )
    cams, report = cg.read_cameras(path, errors="report")
    assert [(p.row, p.value) for p in report.errors] == [
        (5, "1613000, 650000"),
        (6, "1e+308, 1e+308"),
        (7, "inf, 100.4"),
    ]
    assert all(p.message.startswith("Out of range") for p in report.errors)
    assert "not a finite number" in report.errors[2].message
    assert not any(p.message == "No coordinates." for p in report.problems)
    assert cams.index.tolist() == [2, 3, 4]


def test_a_whole_file_in_metres_names_crs_and_reads_with_it(tmp_path: Path) -> None:
    path = CASES["whole_file_metres"].make(tmp_path)
    with pytest.raises(cg.CRSError, match=r"crs=32647"):
        cg.read_cameras(path)
    cams = cg.read_cameras(path, crs=32647)
    assert cams.crs.to_epsg() == 32647
    assert cams.geometry.x.tolist() == [650_000.0, 651_000.0]
    assert cams.geometry.y.tolist() == [1_613_000.0, 1_614_000.0]
    lonlat = cams.to_crs(4326).geometry
    assert 100.3 < lonlat.x.iloc[0] < 100.5 and 14.5 < lonlat.y.iloc[0] < 14.7


def test_projected_values_off_the_earth_are_reported(tmp_path: Path) -> None:
    frame = pd.DataFrame({"x": [650_000.0, 1e308], "y": [1_613_000.0, 1e308]})
    cams, report = cg.read_cameras(frame, crs=32647, errors="report")
    assert cams.index.tolist() == [0]
    assert [(p.row, p.action) for p in report.errors] == [(1, "row dropped")]
    assert report.errors[0].message.startswith("Not a position in WGS 84 / UTM zone 47N")


def test_a_far_outlier_is_reported_not_swapped_into_the_sea(tmp_path: Path) -> None:
    path = CASES["far_outlier"].make(tmp_path)
    cams, report = cg.read_cameras(path, errors="report")
    (problem,) = report.problems
    assert (problem.row, problem.action, problem.value) == (8, "row dropped", "51.5074, -0.1278")
    assert "Far from the other points" in problem.message and "not moved" in problem.message
    assert cams.index.tolist() == list(range(2, 8))
    assert cg.project(cams).crs.to_epsg() == 32647


def test_a_swapped_point_among_the_others_is_still_swapped_back() -> None:
    # Near Baghdad both readings are valid degrees: only the distance to the others tells.
    lat = [33.30 + i / 100 for i in range(6)] + [44.415]
    lon = [44.40 + i / 100 for i in range(6)] + [33.325]
    cams, report = cg.read_cameras(pd.DataFrame({"lat": lat, "lon": lon}), errors="report")
    assert [(p.row, p.action) for p in report.problems] == [(6, "value fixed")]
    assert "far from the other points as given" in report.problems[0].message
    assert (cams.geometry.x.iloc[-1], cams.geometry.y.iloc[-1]) == (44.415, 33.325)


def test_risk_points_without_coordinates_or_in_metres_are_dropped(tmp_path: Path) -> None:
    path = write(
        tmp_path / "rp.csv",
        csv_text(
            "รหัสจุด,ชื่อจุด,ละติจูด,ลองจิจูด",
            "P1,a,14.59,100.45",
            "P2,b,,",
            "P3,c,1613000,650000",
            "P4,d,14.6,100.46",
        ),
    )
    points, report = read_risk_points(path, errors="report")
    assert points.index.tolist() == [2, 5]
    assert [(p.row, p.message.split(" (")[0].split(":")[0]) for p in report.errors] == [
        (3, "No coordinates."),
        (4, "Out of range for degrees"),
    ]
    assert points.geometry.notna().all()
    with pytest.raises(cg.ValidationError):
        read_risk_points(path)


def test_request_rows_in_metres_are_dropped_and_blank_ones_need_a_camera(tmp_path: Path) -> None:
    path = write(
        tmp_path / "req.csv",
        csv_text(
            "เลขที่คำขอ,รหัสกล้อง,ละติจูด,ลองจิจูด,ผลการขอ",
            "R1,,14.59,100.45,พบภาพ",
            "R2,,,,พบภาพ",
            "R3,C-1,,,พบภาพ",
            "R4,,1613000,650000,พบภาพ",
        ),
    )
    reqs, report = read_access_requests(path, errors="report")
    assert reqs.index.tolist() == [2, 4]
    assert report.dropped_rows == [3, 5]
    assert "Out of range" in report.errors[1].message


# --------------------------------------------------------------------------- readers


@pytest.mark.parametrize("ending", ["\r", "\n", "\r\n"])
def test_any_line_ending_reads_the_same(tmp_path: Path, ending: str) -> None:
    path = write(tmp_path / "cams.csv", ending.join([HEADER, *GOOD]) + ending)
    cams = cg.read_cameras(path)
    assert cams["camera_id"].tolist() == ["A", "B", "C"]
    assert cams.index.tolist() == [2, 3, 4]


def test_a_bare_cr_inside_a_quoted_cell_stays_in_the_cell(tmp_path: Path) -> None:
    cams = cg.read_cameras(CASES["cr_in_quoted_cell"].make(tmp_path))
    assert cams["note"].tolist() == ["a\rb", "x"]


def test_a_cell_over_the_csv_field_limit_is_read(tmp_path: Path) -> None:
    import csv

    before = csv.field_size_limit()
    cams = cg.read_cameras(_huge_cell(tmp_path))
    assert len(cams.loc[4, "note"]) == 200_000
    assert csv.field_size_limit() == before


def test_an_unclosed_quote_names_its_line(tmp_path: Path) -> None:
    path = CASES["unbalanced_quote"].make(tmp_path)
    with pytest.raises(cg.CctvgeoError) as info:
        cg.read_cameras(path)
    message = str(info.value)
    assert "opened on line 2" in message and "lines 3-4" in message and "double it" in message


def test_a_multiline_note_is_not_mistaken_for_swallowed_rows(tmp_path: Path) -> None:
    path = write(
        tmp_path / "note.csv",
        csv_text(HEADER + ",note", GOOD[0] + ',"line one\nline two"', GOOD[1] + ",x"),
    )
    cams = cg.read_cameras(path)
    assert cams["note"].tolist() == ["line one\nline two", "x"]
    assert cams.index.tolist() == [2, 3]


def test_empty_rows_are_listed_as_skipped(tmp_path: Path) -> None:
    cams, report = cg.read_cameras(CASES["blank_and_dash_rows"].make(tmp_path), errors="report")
    assert cams.index.tolist() == [2, 6]
    assert report.skipped_rows == [3, 4, 5]
    assert "3 empty rows (every cell blank or '-') were skipped (rows 3-5)." in report.notes
    assert report.summary().endswith("3 empty rows skipped")


@pytest.mark.parametrize("case", ["truncated_xlsx", "corrupt_sheet_xml"])
def test_a_damaged_workbook_is_one_clear_error(tmp_path: Path, case: str) -> None:
    with pytest.raises(cg.CctvgeoError, match=r"save it again as \.xlsx"):
        cg.read_cameras(CASES[case].make(tmp_path))


@pytest.mark.parametrize("sheet", ["nope", 5, -3, "7"])
def test_an_unknown_sheet_lists_the_sheets(tmp_path: Path, sheet: str | int) -> None:
    path = workbook(tmp_path / "two.xlsx", {"first": camera_rows(), "second": camera_rows()})
    with pytest.raises(cg.CctvgeoError, match=r"Its sheets are: 'first', 'second'"):
        cg.read_cameras(path, sheet=sheet)
    assert cg.read_cameras(path, sheet=-1)["camera_id"].tolist() == ["A", "B"]
    assert cg.read_cameras(path, sheet="1")["camera_id"].tolist() == ["A", "B"]


def test_a_cover_sheet_suggests_sheet_and_sheet_reads_it(tmp_path: Path) -> None:
    path = CASES["cover_sheet"].make(tmp_path)
    with pytest.raises(cg.CctvgeoError, match=r"first sheet, 'ปก'.*sheet='data'"):
        cg.read_cameras(path)
    for reader in READERS.values():
        assert len(reader(path, sheet="data")) == 2
    assert len(cg.read_cameras(path, sheet=1)) == 2


def test_utf16_with_a_bom_is_read_and_without_one_gets_the_fix(tmp_path: Path) -> None:
    for bom_encoding in ("utf-16", "utf-16-be"):
        raw = csv_text(HEADER, *GOOD).encode(bom_encoding)
        if not raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raw = codecs.BOM_UTF16_BE + raw
        cams, report = cg.read_cameras(write(tmp_path / "u.csv", raw), errors="report")
        assert cams["camera_id"].tolist() == ["A", "B", "C"]
        assert "u.csv was read as UTF-16 text." in report.notes
    with pytest.raises(cg.CctvgeoError, match="CSV UTF-8"):
        cg.read_cameras(CASES["utf16_no_bom"].make(tmp_path))


@pytest.mark.parametrize("char", ["\u2060", "\u200b", "\u00ad", "\ufeff", "\u200e"])
def test_invisible_characters_in_headers_match(tmp_path: Path, char: str) -> None:
    header = f"id,ละติ{char}จูด,ลองจิจูด{char},สถา{char}นะ"
    cams = cg.read_cameras(write(tmp_path / "h.csv", csv_text(header, "A,14.59,100.45,ชำรุด")))
    assert cams["status"].tolist() == ["broken"]
    assert cams.geometry.y.tolist() == [14.59]


def test_a_header_below_row_10_gets_a_message_that_says_so(tmp_path: Path) -> None:
    with pytest.raises(cg.CctvgeoError, match="row 13, below the first 10 rows"):
        cg.read_cameras(CASES["header_below_row_10"].make(tmp_path))
    nine_titles = write(tmp_path / "nine.csv", csv_text(*["รายงาน"] * 9, HEADER, *GOOD))
    assert cg.read_cameras(nine_titles).index.tolist() == [11, 12, 13]


def test_a_merged_coordinates_header_over_latitude_and_longitude(tmp_path: Path) -> None:
    cams, report = cg.read_cameras(two_level_camera_workbook(tmp_path / "m.xlsx"), errors="report")
    assert cams["camera_id"].tolist() == ["ATG-1", "ATG-2", "ATG-3"]
    assert cams.index.tolist() == [3, 4, 5]
    assert cams["status"].tolist() == ["working", "broken", "working"]
    assert cams.geometry.y.tolist() == [14.5912, 14.6001, 14.6102]
    assert any("two-level header" in n for n in report.notes)


def test_a_merged_requester_header_keeps_every_row_and_drops_the_names(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["เลขที่คำขอ", "วันที่", "ข้อมูลผู้ขอ", None, "รหัสกล้อง", "ผลการขอ"])
    sheet.append([None, None, "ชื่อ", "เบอร์โทร", None, None])
    sheet.append(["R1", "01/10/2564", "สมชาย ใจดี", "0812345678", "C-1", "พบภาพ"])
    sheet.append(["R2", "02/10/2564", "สมหญิง ใจดี", "0898765432", "C-2", "ไม่มีกล้อง"])
    for cells in ("C1:D1", "A1:A2", "B1:B2", "E1:E2", "F1:F2"):
        sheet.merge_cells(cells)
    path = tmp_path / "log.xlsx"
    book.save(path)
    reqs, report = read_access_requests(path, errors="report")
    assert reqs["request_id"].tolist() == ["R1", "R2"]
    assert reqs["outcome"].tolist() == ["footage_found", "no_camera"]
    text = reqs.astype(str).to_string() + str(report)
    assert "สมชาย" not in text and "0812345678" not in text


def test_a_data_row_of_text_under_a_header_with_gaps_is_data(tmp_path: Path) -> None:
    path = write(
        tmp_path / "log.csv",
        csv_text("เลขที่คำขอ,วันที่,,รหัสกล้อง", "R1,01/10/2564,x,C-1", "R2,02/10/2564,,C-2"),
    )
    reqs = read_access_requests(path)
    assert reqs["request_id"].tolist() == ["R1", "R2"]


def test_a_decimal_comma_is_the_same_in_every_numeric_column(tmp_path: Path) -> None:
    path = write(
        tmp_path / "dc.csv",
        csv_text(
            "id;lat;lon;height;tilt;repair budget",
            "A;14,5912;100,4521;6,5;12,5;1,200",
            "B;14.6;100.46;6.5;12.5;1200",
        ),
    )
    cams = cg.read_cameras(path)
    assert cams["height_m"].tolist() == [6.5, 6.5]
    assert cams["tilt_deg"].tolist() == [12.5, 12.5]
    assert cams["repair_budget_thb"].tolist() == [1200.0, 1200.0]
    assert cams.geometry.y.tolist() == [14.5912, 14.6]


def test_thai_digits_with_a_decimal_comma_and_buddhist_era_years(tmp_path: Path) -> None:
    cams = cg.read_cameras(CASES["thai_digits_be_years"].make(tmp_path))
    assert cams.geometry.y.tolist() == [14.59, 14.5912]
    assert cams.geometry.x.tolist() == [100.45, 100.4521]
    assert cams["installed"].tolist() == [2016, 2017]


def test_integers_too_large_for_a_float_are_out_of_range() -> None:
    frame = pd.DataFrame({"lat": [14.59, 10**400], "lon": [100.45, 100.45]}, dtype=object)
    cams, report = cg.read_cameras(frame, errors="report")
    assert cams.index.tolist() == [0]
    assert [(p.row, p.value) for p in report.errors] == [(1, "inf, 100.45")]


def test_an_area_without_polygons_is_one_clear_error() -> None:
    import geopandas as gpd
    from shapely import LineString, Point

    frame = pd.DataFrame({"lat": [14.59], "lon": [100.45]})
    points = gpd.GeoDataFrame(geometry=[Point(100.45, 14.59), Point(100.5, 14.6)], crs=4326)
    line = gpd.GeoSeries([LineString([(100, 14), (101, 15)])], crs=4326)
    for area in (points, line, Point(100.45, 14.59)):
        with pytest.raises(cg.CctvgeoError, match=r"area holds no polygon .*Fix: "):
            cg.read_cameras(frame, area=area)
    with pytest.raises(cg.CctvgeoError, match="area is a table without shapes"):
        cg.read_cameras(frame, area=pd.DataFrame({"a": [1]}))


def test_a_row_of_units_under_the_headers_is_part_of_the_header(tmp_path: Path) -> None:
    path = write(
        tmp_path / "units.csv",
        csv_text("รหัสกล้อง,ละติจูด,ลองจิจูด,ทิศทาง,ความสูง", ",,,(องศา),(ม.)", "A,14.59,100.45,90,6"),
    )
    cams, report = cg.read_cameras(path, errors="report")
    assert cams.index.tolist() == [3]
    assert (cams["heading_deg"].tolist(), cams["height_m"].tolist()) == ([90.0], [6.0])
    assert report.ok and any("two-level header" in n for n in report.notes)
