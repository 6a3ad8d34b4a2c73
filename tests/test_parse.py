"""Cell parsers: Thai digits, Buddhist-era years, Thai words, headings, coordinates."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cctvgeo._read import cells, coords
from cctvgeo._read.headers import CAMERA_ALIASES, COORDINATE_ALIASES, match_headers

THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("๑๒.๕", 12.5),
        ("1,200 บาท", 1200.0),
        ("5 ม.", 5.0),
        ("90°", 90.0),
        (" 30 วัน ", 30.0),
        (7, 7.0),
        ("-15", -15.0),
    ],
)
def test_number_reads_what_people_write(cell: object, expected: float) -> None:
    assert cells.number(cell) == expected


@pytest.mark.parametrize("cell", ["", None, float("nan"), "-", "ไม่ทราบ", "N/A"])
def test_missing_cells_are_nan(cell: object) -> None:
    assert math.isnan(cells.number(cell))


@pytest.mark.parametrize("cell", ["abc", "12 apples", "1.2.3", True])
def test_number_refuses_text(cell: object) -> None:
    with pytest.raises(cells.CellError, match=r"number|yes/no"):
        cells.number(cell)


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).map(lambda v: round(v, 4)))
def test_thai_digits_parse_like_arabic_digits(value: float) -> None:
    written = repr(value)
    assert cells.number(written.translate(THAI)) == cells.number(written) == value


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2559", 2016),
        ("พ.ศ. ๒๕๕๙", 2016),
        ("พ.ศ.2563", 2020),
        (2016, 2016),
        ("15/03/2559", 2016),
        (dt.date(2559, 1, 1), 2016),
        ("", None),
    ],
)
def test_year_converts_buddhist_era(cell: object, expected: int | None) -> None:
    assert cells.year(cell) == expected


@pytest.mark.parametrize("cell", ["1800", "3100", "ปีที่แล้ว"])
def test_year_refuses_implausible(cell: str) -> None:
    with pytest.raises(cells.CellError):
        cells.year(cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("15/03/2566", dt.datetime(2023, 3, 15)),
        ("15-03-2023", dt.datetime(2023, 3, 15)),
        ("2023-03-15", dt.datetime(2023, 3, 15)),
        ("15 มี.ค. ๒๕๖๖", dt.datetime(2023, 3, 15)),
        ("15 มีนาคม พ.ศ. 2566", dt.datetime(2023, 3, 15)),
        ("01/12/2565 13:45", dt.datetime(2022, 12, 1, 13, 45)),
    ],
)
def test_date_reads_thai_office_dates(cell: str, expected: dt.datetime) -> None:
    assert cells.date(cell) == expected


def test_date_refuses_impossible_day() -> None:
    with pytest.raises(cells.CellError, match="valid date"):
        cells.date("31/02/2566")


@pytest.mark.parametrize(
    ("cell", "status"),
    [
        ("ใช้งานได้ปกติ", "working"),
        ("ใช้งานไม่ได้", "not_working"),
        ("ชำรุด", "broken"),
        ("อยู่ระหว่างการซ่อมแซม", "under_repair"),
        (" Working ", "working"),
        ("NOT-WORKING", "not_working"),
        ("under repair", "under_repair"),
    ],
)
def test_status_words(cell: str, status: str) -> None:
    assert cells.vocabulary(cell, cells.STATUS_WORDS, what="status") == status


def test_unknown_status_lists_accepted_values() -> None:
    with pytest.raises(cells.CellError) as info:
        cells.vocabulary("พัง", cells.STATUS_WORDS, what="status")
    assert "under_repair" in info.value.fix


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("ใช่", True), ("ไม่ใช่", False), ("เชื่อมโยงแล้ว", True), ("ยังไม่เชื่อมโยง", False), ("", None)],
)
def test_yes_no(cell: str, expected: bool | None) -> None:
    assert cells.yes_no(cell) is expected


@pytest.mark.parametrize(
    ("cell", "heading", "sweep"),
    [
        ("๙๐", 90.0, math.nan),
        ("NE", 45.0, math.nan),
        ("ทิศตะวันตก", 270.0, math.nan),
        ("90-270", 180.0, 180.0),
        ("270-90", 0.0, 180.0),
        ("0-360", 180.0, 360.0),
        ("W-E", 0.0, 180.0),
    ],
)
def test_heading_forms(cell: str, heading: float, sweep: float) -> None:
    got_heading, got_sweep = cells.heading(cell)
    assert got_heading == heading
    assert got_sweep == sweep or (math.isnan(sweep) and math.isnan(got_sweep))


@pytest.mark.parametrize(
    ("cell", "px"), [("1920x1080", 1920.0), ("2MP", 1920.0), ("๔ MP", 2560.0), (3840, 3840.0)]
)
def test_resolution_forms(cell: object, px: float) -> None:
    assert cells.resolution(cell) == px


@pytest.mark.parametrize(
    ("cell", "degrees", "axis"),
    [
        ("14°35'28.3\"N", 14 + 35 / 60 + 28.3 / 3600, "lat"),
        ("100 27 07.6 E", 100 + 27 / 60 + 7.6 / 3600, "lon"),
        ("S33°52'", -(33 + 52 / 60), "lat"),
        ("14,5912", 14.5912, None),
        ("๑๐๐.๔๕", 100.45, None),
    ],
)
def test_coordinate_forms(cell: str, degrees: float, axis: str | None) -> None:
    value, got_axis = coords.coordinate(cell)
    assert value == pytest.approx(degrees, abs=1e-12)
    assert got_axis == axis


def test_pair_honours_hemisphere_letters() -> None:
    assert coords.pair("100°27'E, 14°35'N") == pytest.approx((14 + 35 / 60, 100.45))
    assert coords.pair("14.5912, 100.4521") == (14.5912, 100.4521)


def test_swap_fix_out_of_range_is_unambiguous() -> None:
    lon = np.array([100.45, 14.60, 100.40])
    lat = np.array([14.59, 100.46, 14.50])
    new_lon, new_lat, fixes = coords.fix_swapped(lon, lat)
    assert list(fixes.swapped) == [1]
    assert (new_lon[1], new_lat[1]) == (100.46, 14.60)
    assert lon[1] == 14.60, "the input arrays are not changed"


def test_swap_fix_by_distance_from_the_bulk() -> None:
    # Trafford, Greater Manchester: swapped, (-2.28, 53.46) is a valid point off Somalia.
    lon = np.array([-2.28, -2.29, -2.30, -2.27, -2.31, 53.46])
    lat = np.array([53.46, 53.45, 53.44, 53.47, 53.45, -2.28])
    _, _, fixes = coords.fix_swapped(lon, lat)
    assert list(fixes.swapped) == [5]
    assert fixes.swapped[5] == "what_swap_far"  # far from the other points as given


def test_no_fix_when_both_readings_are_plausible_and_nothing_disagrees() -> None:
    lon, lat = np.array([39.3, 39.31]), np.array([-7.6, -7.61])  # both readings plausible
    _, _, fixes = coords.fix_swapped(lon, lat)
    assert fixes.swapped == {}


def test_headers_match_thai_and_english_with_units() -> None:
    mapping, notes = match_headers(
        ["ละติจูด", "Longitude", "ทิศทาง (องศา)", "สถานะ", "Lat"],
        {**CAMERA_ALIASES, **COORDINATE_ALIASES},
    )
    assert mapping == {
        "latitude": "ละติจูด",
        "longitude": "Longitude",
        "heading_deg": "ทิศทาง (องศา)",
        "status": "สถานะ",
    }
    assert "Lat" in notes[0]


def test_columns_override_refuses_unknown_target() -> None:
    with pytest.raises(ValueError, match="not known columns"):
        match_headers(["a"], CAMERA_ALIASES, {"a": "colour"})
