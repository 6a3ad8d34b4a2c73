"""Personal data (PDPA): recognised by header and by content, dropped at load, never output.

The hostile request logs below put names, phone numbers, national id numbers and e-mail
addresses under every realistic header and into the wrong columns. The promise checked is
the issue's: no personal value in the returned frame, the report, or any file written from
them (CSV, XLSX unzipped, GPKG, GeoJSON, the dashboard's HTML and XLSX), found by grepping
the bytes. Each check is shown able to fail on the raw input.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import geopandas as gpd
import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from shapely import Point

import cctvgeo as cg
from cctvgeo import report
from cctvgeo._personal import MARKER, header_kind, scrub
from cctvgeo._validate import Problem, ValidationReport
from cctvgeo._write import write_frame
from cctvgeo.riskpoints import read_access_requests


def check_digit(first12: list[int]) -> int:
    """The Thai national id check digit, written out as the Interior Ministry states it."""
    total = sum(d * w for d, w in zip(first12, range(13, 1, -1), strict=True))
    return (11 - total % 11) % 10


def valid_id(digits: list[int]) -> bool:
    return 10 <= digits[1] * 10 + digits[2] <= 96 and check_digit(digits[:12]) == digits[12]


def with_check(first12: str) -> str:
    return first12 + str(check_digit([int(c) for c in first12]))


# ------------------------------------------------------------------------------ headers

#: Spellings of personal columns seen in real logs (the issue's, and more of the same kinds).
PERSONAL_HEADERS = {
    "เบอร์โทรศัพท์ผู้ขอ": "phone",
    "เลขบัตรประจำตัวประชาชน": "national_id",
    "ชื่อ-สกุลผู้ขอ": "name",
    "โทร.": "phone",
    "Phone No.": "phone",
    "ID card no.": "national_id",
    "ชื่อ - นามสกุล": "name",
    "ชื่อ\u2060ผู้ขอ": "name",  # a word joiner inside
    "เบอร์\u00adโทร": "phone",  # a soft hyphen inside
    "หมายเลขบัตรประจำตัวประชาชน (13 หลัก)": "national_id",
    "E-mail:": "email",
    "อีเมล์ผู้ขอ": "email",
    "Mobile phone": "phone",
    "Tel": "phone",
    "Citizen ID No.": "national_id",
    "ที่อยู่ผู้ขอ": "address",
    "Requester address": "address",
    "Line ID": "contact",
    "เบอร์มือถือ": "phone",
    "ผู้แจ้ง": "name",
    "Requested by": "name",
    "Full name": "name",
    "ข้อมูลผู้ขอ": "name",  # the top of a merged two-level header
}
#: Headers that look close but hold no personal data.
ORDINARY_HEADERS = (
    "หน่วยงานผู้ขอ",  # the requesting agency
    "Requesting agency",
    "ประเภทกล้องโทรทัศน์วงจรปิด",  # "television" starts like "telephone" in Thai
    "Hotel",
    "camera id",
    "ชื่อกล้อง",
    "สถานีตำรวจ",
    "status",
    "หมายเหตุ",
    "ตำแหน่ง",
    "ชื่อจุดเสี่ยง",
)


@pytest.mark.parametrize(("header", "kind"), PERSONAL_HEADERS.items())
def test_personal_headers_are_recognised_in_any_spelling(header: str, kind: str) -> None:
    assert header_kind(header) == kind


@pytest.mark.parametrize("header", ORDINARY_HEADERS)
def test_ordinary_headers_are_not_personal(header: str) -> None:
    assert header_kind(header) is None


# ------------------------------------------------------------------------------- values

VALID_ID = "1234567890121"  # check digit worked by hand: 352 % 11 = 0 -> (11 - 0) % 10 = 1
PERSONAL_VALUES = {
    VALID_ID: "national_id",
    "1-2345-67890-12-1": "national_id",
    "1 2345 67890 12 1": "national_id",
    "๑๒๓๔๕๖๗๘๙๐๑๒๑": "national_id",
    "1234567890121.0": "national_id",
    "081-234-5678": "phone",
    "0812345678": "phone",
    "08-1234-5678": "phone",
    "02-123-4567": "phone",
    "035-123-456": "phone",
    "0-2123-4567": "phone",
    "+66 81 234 5678": "phone",
    "+66-2-123-4567": "phone",
    "0066812345678": "phone",
    "somchai.j@example.co.th": "email",
    "นายสมชาย ใจดี": "name",
    "นางสาวสมหญิง รักเรียน": "name",
    "น.ส.สมหญิง": "name",
    "ร.ต.อ.มานพ กล้าหาญ": "name",
    "ด.ต.สมศักดิ์": "name",
    "Mr. Somchai Jaidee": "name",
    "Mrs Malee": "name",
}
ORDINARY_VALUES = (
    "1234567890122",  # wrong check digit
    "2024061394963",  # a reference number beginning with a year: no province 02
    "REQ-2565-00001",
    "01/10/2564",
    "05-10-2564 1:30",
    "14.5912, 100.4521",
    "0.6666666667",
    "100452100",
    "69620753-87C6-47EA-89A0-927862995A94",  # a UUID's digit runs
    "นายกเทศมนตรีตำบลบางปลา",
    "ที่ว่าการอำเภอ นายอำเภอเมือง",
    "นางรอง",
    "สภ.เมืองอ่างทอง",
    "ATG-0341",
    "CAM-0812345678",  # a camera id whose digits look like a mobile number
    "CAM_1101400001231",  # ... or like an id number
    "MS Excel",
    "พบภาพ",
)


@pytest.mark.parametrize(("value", "kind"), PERSONAL_VALUES.items())
def test_personal_values_are_found_by_content(value: str, kind: str) -> None:
    scrubbed, kinds, whole = scrub(pd.Series([value, f"ติดต่อ {value}, ด่วน"], dtype=object))
    assert kinds[kind].tolist() == [True, True]
    assert scrubbed.tolist() == [MARKER, f"ติดต่อ {MARKER}, ด่วน"]
    assert whole.tolist() == [True, False]


@pytest.mark.parametrize("value", ORDINARY_VALUES)
def test_ordinary_values_are_left_alone(value: str) -> None:
    scrubbed, kinds, whole = scrub(pd.Series([value], dtype=object))
    assert scrubbed.tolist() == [value] and not kinds.to_numpy().any() and not whole.any()


def test_excel_numbers_that_are_id_numbers_are_found() -> None:
    cells = pd.Series(
        [1234567890121, 1234567890121.0, 1234567890122, 12.5, None, 10**400, True], dtype=object
    )
    scrubbed, _, whole = scrub(cells)  # an integer too large for a float is no id, no crash
    assert whole.tolist() == [True, True, False, False, False, False, False]
    assert scrubbed.tolist()[2:4] == [1234567890122, 12.5]


twelve = st.tuples(
    st.integers(1, 8), st.integers(10, 96), st.lists(st.integers(0, 9), min_size=9, max_size=9)
).map(lambda t: [t[0], t[1] // 10, t[1] % 10, *t[2]])


@given(twelve)
def test_every_valid_id_is_found_in_every_layout(first12: list[int]) -> None:
    digits = [*first12, check_digit(first12)]
    plain = "".join(map(str, digits))
    dashed = f"{plain[0]}-{plain[1:5]}-{plain[5:10]}-{plain[10:12]}-{plain[12]}"
    layouts = [plain, dashed, dashed.replace("-", " "), int(plain)]
    assert scrub(pd.Series(layouts, dtype=object))[2].all()


@given(twelve, st.integers(0, 12), st.integers(1, 9))
def test_a_changed_digit_is_found_exactly_when_the_checksum_allows(
    first12: list[int], position: int, shift: int
) -> None:
    digits = [*first12, check_digit(first12)]
    digits[position] = (digits[position] + shift) % 10
    text = "".join(map(str, digits))
    # a number cannot keep a leading zero: "0…" is looked for as text only
    layouts = [text, int(text)] if digits[0] else [text]
    found = bool(scrub(pd.Series(layouts, dtype=object))[2].all())
    assert found == valid_id(digits)
    if position == 12:  # a changed check digit is always rejected
        assert not found


def test_the_checksum_misses_only_what_mod_11_cannot_see() -> None:
    # Every single-digit change of one id, by brute force: a change is accepted only where
    # mod 11 is blind (digit 3 weighs 11) or the remainder becomes 10 (check digit 1, as for
    # remainder 0), and the province stays 10-96.
    base = [int(c) for c in VALID_ID]
    accepted = []
    for position in range(13):
        for digit in set(range(10)) - {base[position]}:
            changed = [*base]
            changed[position] = digit
            found = bool(scrub(pd.Series(["".join(map(str, changed))], dtype=object))[2][0])
            assert found == valid_id(changed)
            if found:
                accepted.append((position, digit))
    weights = range(13, 1, -1)
    for position, digit in accepted:
        changed = [*base]
        changed[position] = digit
        total = sum(d * w for d, w in zip(changed[:12], weights, strict=False))
        assert position == 2 or total % 11 == 10
    assert 0 < len(accepted) < 20  # of 117 changes


# --------------------------------------------------------------------- hostile logs

NAMES = ("สมชาย", "ใจดี", "สมหญิง", "รักเรียน", "มานพ", "กล้าหาญ", "Somchai", "Jaidee")
PHONES = ("0812345678", "021234567", "66897654321", "0898765432")
IDS = (VALID_ID, with_check("310050012345"), with_check("503990001111"))
EMAILS = ("somchai.j@example.co.th", "malee@example.org")


def leaks(data: bytes | str) -> list[str]:
    """Every personal value found in the bytes, in any layout of its digits.

    XML character references are read as the characters they stand for: openpyxl writes
    ``&#3585;`` for Thai text when lxml is installed.
    """
    text = data.decode("utf-8", errors="ignore") if isinstance(data, bytes) else data
    text = html.unescape(text)
    digits = re.sub(r"[-\s.+()]", "", text)
    found = [n for n in (*NAMES, *EMAILS) if n in text]
    return found + [d for d in (*PHONES, *IDS) if d in digits]


def hostile_rows() -> dict[str, list[object]]:
    """A request log with personal columns under real headers and values in wrong columns."""
    return {
        "เลขที่คำขอ": ["R1", "R2", "R3", "R4"],
        "วันที่ขอ": ["01/10/2564", "081-234-5678", "นายสมชาย ใจดี", "02/10/2564"],
        "รหัสกล้อง": ["C1", "C2", "C3", "C1"],
        "หน่วยงานที่ขอ": ["สภ.เมือง โทร 02-123-4567", "สภ.ป่าโมก", "สภ.ป่าโมก", "สภ.วิเศษชัยชาญ"],
        "ผลการขอ": ["พบภาพ", IDS[1], EMAILS[0], "พบภาพ แจ้ง ร.ต.อ.มานพ กล้าหาญ"],
        "ประเภทคดี": ["ลักทรัพย์", "Mr. Somchai Jaidee", "ลักทรัพย์", "ชนแล้วหนี"],
        "เบอร์โทรศัพท์ผู้ขอ": ["089-876-5432"] * 4,
        "เลขบัตรประจำตัวประชาชน": [IDS[2]] * 4,
        "ชื่อ-สกุลผู้ขอ": ["น.ส.สมหญิง รักเรียน"] * 4,
        "โทร.": ["+66 89 765 4321"] * 4,
        "Phone No.": ["0812345678"] * 4,
        "ID card no.": ["1-2345-67890-12-1"] * 4,
        "E-mail": [EMAILS[1]] * 4,
        "ชื่อ": ["สมชาย"] * 4,  # a bare name, personal in a request log
        "ข้อมูลติดต่อเพิ่มเติม": ["02-123-4567", "0898765432", "081 234 5678", ""],
        "หมายเหตุ": ["ขอภาพด่วน", "ผู้ขอ นางสาวสมหญิง รักเรียน", "-", "ok"],
    }


def write_xlsx(rows: dict[str, list[object]], path: Path, *, numbers: bool = True) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(list(rows))
    for i in range(len(next(iter(rows.values())))):
        ws.append([_excel(v[i], numbers) for v in rows.values()])
    book.save(path)
    return path


def _excel(value: object, numbers: bool) -> object:
    text = str(value)
    return int(text) if numbers and re.fullmatch(r"\d{13}", text) else value


def three_cameras() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"camera_id": ["C1", "C2", "C3"], "status": ["working", "broken", "working"]},
        geometry=[Point(100.45 + i / 100, 14.59) for i in range(3)],
        crs=4326,
    )


def every_output(reqs: gpd.GeoDataFrame, rep: ValidationReport, folder: Path) -> list[bytes]:
    """The frame, the report in every form, and every file cctvgeo writes from them."""
    texts = [reqs.to_csv(), str(rep), rep.digest(), rep.to_html(), rep.to_frame().to_csv()]
    out = [t.encode("utf-8") for t in texts]
    files = [
        write_frame(reqs, folder / f"reqs{s}", layer="r")
        for s in (".csv", ".xlsx", ".gpkg", ".geojson")
    ]
    d = report.dashboard(three_cameras(), requests=reqs, problems=[rep], lang="th")
    files += [d.to_html(folder / "d.html"), d.to_excel(folder / "d.xlsx")]
    for path in files:
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as z:
                out.append(b"".join(z.read(n) for n in z.namelist()))
        else:
            out.append(path.read_bytes())
    return out


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_hostile_request_log_leaves_nothing_personal_anywhere(tmp_path: Path, suffix: str) -> None:
    rows = hostile_rows()
    path = tmp_path / f"log{suffix}"
    if suffix == ".csv":
        pd.DataFrame(rows).to_csv(path, index=False)
    else:
        write_xlsx(rows, path)
    # the check can fail: the raw log holds every value looked for
    raw = path.read_bytes()
    if suffix == ".xlsx":
        with zipfile.ZipFile(path) as z:
            raw = b"".join(z.read(n) for n in z.namelist())
    assert sorted(leaks(raw)) == sorted((*NAMES, *EMAILS, *PHONES, *IDS))

    reqs, rep = read_access_requests(path, errors="report")
    for i, data in enumerate(every_output(reqs, rep, tmp_path)):
        assert leaks(data) == [], i
    assert len(reqs) == 4  # no row is lost for holding personal data
    extra = [c for c in reqs.columns if c not in cg.riskpoints.REQUEST_SCHEMA and c != "geometry"]
    assert extra == ["หมายเหตุ"]
    assert reqs.loc[3, "หมายเหตุ"] == f"ผู้ขอ {MARKER}"
    assert reqs.loc[2, "agency"] == f"สภ.เมือง โทร {MARKER}"
    note = next(n for n in rep.notes if "PDPA" in n)
    for header in (
        "เบอร์โทรศัพท์ผู้ขอ",
        "ID card no.",
        "'ชื่อ'",
        "ข้อมูลติดต่อเพิ่มเติม' (phone number, by its content",
    ):
        assert header in note
    scrubbed = {(p.row, p.column, p.action) for p in rep.problems if "personal data" in p.message}
    assert scrubbed == {
        (2, "หน่วยงานที่ขอ", "value fixed"),
        (3, "วันที่ขอ", "value cleared"),
        (3, "ผลการขอ", "value cleared"),
        (3, "ประเภทคดี", "value cleared"),
        (3, "หมายเหตุ", "value fixed"),
        (4, "วันที่ขอ", "value cleared"),
        (4, "ผลการขอ", "value cleared"),
        (5, "ผลการขอ", "value fixed"),
    }
    assert all(
        p.value == "" and p.severity == "warning" for p in rep.problems if "personal" in p.message
    )


def test_merged_two_level_header_keeps_no_requester_data(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["เลขที่คำขอ", "วันที่ขอ", "รหัสกล้อง", "ผลการขอ", "ข้อมูลผู้ขอ", None, None])
    ws.append([None, None, None, None, "ชื่อ", "เบอร์โทร", "เลขบัตร"])
    for col in "ABCD":
        ws.merge_cells(f"{col}1:{col}2")
    ws.merge_cells("E1:G1")
    ws.append(["R1", "01/10/2564", "C1", "พบภาพ", "สมชาย ใจดี", "0812345678", int(IDS[1])])
    ws.append(["R2", "02/10/2564", "C2", "พบภาพ", "สมหญิง รักเรียน", "0898765432", int(IDS[2])])
    path = tmp_path / "merged.xlsx"
    book.save(path)
    reqs, rep = read_access_requests(path, errors="report")
    for data in every_output(reqs, rep, tmp_path):
        assert leaks(data) == []


def test_dashboard_scrubs_raw_frames_reports_and_free_text(tmp_path: Path) -> None:
    # Inputs that did not come through a reader: a raw log and hand-made reports.
    raw = pd.DataFrame(
        {
            "camera_id": ["C1", "C2", "081-234-5678"],
            "outcome": ["footage_found", "นายสมชาย ใจดี", "0898765432"],
            "requested_at": pd.to_datetime(["2021-10-01", "2021-10-02", "2021-11-01"]),
        }
    )
    rep = ValidationReport(
        "log.csv",
        [
            Problem(3, "วันที่ขอ", "081-234-5678", "Not a date.", "Fix it."),
            Problem(4, "ผลการขอ", IDS[0], f"Outcome {EMAILS[0]!r} unknown.", "Use a word."),
        ],
        n_rows=4,
        notes=["Mr. Somchai Jaidee checked this file"],
    )
    d = report.dashboard(
        three_cameras(), requests=raw, problems=[rep, "กล้องเสีย แจ้ง น.ส.สมหญิง โทร 02-123-4567"]
    )
    page = d.to_html(tmp_path / "d.html").read_bytes()
    with zipfile.ZipFile(d.to_excel(tmp_path / "d.xlsx")) as z:
        book = b"".join(z.read(n) for n in z.namelist())
    assert leaks(page) == [] and leaks(book) == []
    assert MARKER in page.decode("utf-8")  # the problems are listed, their values scrubbed
    # the check can fail: the same inputs, unguarded, hold the values
    assert leaks(str(rep) + raw.to_csv()) != []


def test_camera_and_risk_point_readers_drop_and_scrub_too(tmp_path: Path) -> None:
    survey = pd.DataFrame(
        {
            "รหัสกล้อง": ["A1", "A2"],
            "ชื่อ": ["หน้าวัด", "ตลาด"],  # the camera's name: not personal here
            "ผู้รับผิดชอบ": ["เทศบาล", "นายสมชาย ใจดี"],  # read as the agency
            "ละติจูด": [14.5, 14.6],
            "ลองจิจูด": [100.5, 100.5],
            "เบอร์โทรผู้ดูแล": ["081-234-5678", "089-876-5432"],
            "หมายเหตุ": ["ติดต่อ somchai.j@example.co.th", ""],
        }
    )
    cams, rep = cg.read_cameras(survey, errors="report")
    assert cams["name"].tolist() == ["หน้าวัด", "ตลาด"]
    assert cams["agency"].tolist()[0] == "เทศบาล" and pd.isna(cams["agency"].iloc[1])
    assert "เบอร์โทรผู้ดูแล" not in cams.columns
    assert cams["หมายเหตุ"].tolist()[0] == f"ติดต่อ {MARKER}"
    assert leaks(cams.to_csv() + str(rep)) == []
    points = pd.DataFrame(
        {
            "รหัสจุด": ["RP-1"],
            "ชื่อจุด": ["ตลาดสด"],
            "ละติจูด": [14.5],
            "ลองจิจูด": [100.5],
            "ผู้ประสานงาน": ["นางสาวสมหญิง รักเรียน"],
            "เหตุผล": ["ชาวบ้านร้องเรียน โทร 0812345678"],
        }
    )
    rp, rep = cg.riskpoints.read_risk_points(points, errors="report")
    assert "ผู้ประสานงาน" not in rp.columns
    assert rp["reason"].tolist() == [f"ชาวบ้านร้องเรียน โทร {MARKER}"]
    assert leaks(rp.to_csv() + str(rep)) == []


def test_the_sample_inputs_have_no_false_alarms() -> None:
    s = cg.datasets.load_sample()
    for read, path in (
        (cg.read_cameras, s.survey_path),
        (cg.riskpoints.read_risk_points, s.risk_points_path),
        (read_access_requests, s.requests_path),
    ):
        frame, rep = read(path, errors="report")
        assert [p for p in rep.problems if "personal data" in p.message] == [], path.name
    # the request log's three personal columns, by their headers, and nothing else
    assert rep.notes == [
        "Personal data dropped at load time (PDPA): 'ชื่อผู้ขอ' (requester_name, by its header), "
        "'เบอร์โทร' (phone number, by its header), 'เลขบัตรประชาชน' (national id number, by its "
        "header). Their values are not kept in any output."
    ]
    assert len(frame) == 5000


def test_real_open_data_has_no_false_alarms(realdata: Path) -> None:
    for path in (
        realdata / "baltimore-citiwatch" / "cctv_locations_opendata.csv",
        realdata / "baltimore-citiwatch" / "crime_property.csv",
        realdata / "trafford-cctv" / "trafford_cctv_cameras.geojson",
        realdata / "trafford-cctv" / "stats19_road_casualties_gm_2019-2024H1.csv",
    ):
        frame = pd.read_csv(path, dtype=str) if path.suffix == ".csv" else gpd.read_file(path)
        found = {
            c: int(scrub(frame[c])[1].to_numpy().sum()) for c in frame.columns if c != "geometry"
        }
        assert sum(found.values()) == 0, (path.name, found)
        assert [c for c in frame.columns if header_kind(c)] == [], path.name


def test_a_hostile_run_of_the_command_writes_nothing_personal(tmp_path: Path) -> None:
    # The request log and risk points above, through `cctvgeo report` and `cctvgeo map`.
    sample = cg.datasets.load_sample()
    x, y = 655_500.0, 1_613_500.0  # Mueang Ang Thong
    sample.roads.cx[x - 1_000 : x + 1_000, y - 1_000 : y + 1_000].reset_index().to_file(
        tmp_path / "roads.gpkg"
    )
    ids = sample.cameras["camera_id"].iloc[:3].tolist()
    rows = hostile_rows()
    rows["รหัสกล้อง"] = [ids[0], ids[1], ids[2], ids[0]]
    pd.DataFrame(rows).to_csv(tmp_path / "log.csv", index=False)
    pd.DataFrame(
        {
            "รหัสจุด": ["RP-1", "RP-2"],
            "ชื่อจุด": ["ตลาดสด", "หน้าโรงเรียน"],
            "ละติจูด": [14.59, 14.60],
            "ลองจิจูด": [100.45, 100.45],
            "ผู้ประสานงาน": ["นางสาวสมหญิง รักเรียน", "Mr. Somchai Jaidee"],
            "เบอร์ติดต่อ": ["0812345678", "02-123-4567"],
            "เหตุผล": ["ชาวบ้านร้องเรียน โทร 089-876-5432", f"แจ้งโดย {EMAILS[1]}"],
        }
    ).to_csv(tmp_path / "points.csv", index=False)
    (tmp_path / "run.yaml").write_text(
        "lang: th\ninputs:\n"
        '  cameras: {path: "sample:angthong.gpkg", layer: cameras}\n'
        "  roads: roads.gpkg\n  requests: log.csv\n  risk_points: points.csv\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    for command in ("report", "map"):
        result = subprocess.run(
            [sys.executable, "-m", "cctvgeo.cli", command, str(tmp_path / "run.yaml"),
             "--out", str(out), "--quiet"],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert result.returncode in (0, 1), result.stderr  # done (1: with input errors)
        assert leaks(result.stdout + result.stderr) == []
    written = sorted(p.name for p in out.iterdir())
    assert written == ["dashboard.html", "dashboard.xlsx", "map.html"]
    for path in out.iterdir():
        data = path.read_bytes()
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as z:
                data = b"".join(z.read(n) for n in z.namelist())
        assert leaks(data) == [], path.name
    assert MARKER in (out / "dashboard.html").read_text(encoding="utf-8")
