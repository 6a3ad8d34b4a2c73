"""Generate the bundled synthetic sample province, modelled on Ang Thong (อ่างทอง).

Run ``python data/make_sample.py`` from the repository root. The script writes
``cctvgeo/sample_data/``:

* ``angthong.gpkg`` (EPSG:32647) with the layers ``road_nodes``, ``road_edges``,
  ``buildings``, ``cameras``, ``risk_points``, ``escape_routes`` and ``districts``;
* ``angthong_survey.xlsx``: the cameras as a Thai agency fills survey part 1, with
  deliberate, documented errors (:data:`SURVEY_ERRORS`, also written to
  ``angthong_survey_errors.csv``);
* ``angthong_risk_points.xlsx``: the risk points as survey part 2, with a few documented
  errors (:data:`RISK_POINT_ERRORS`, also in ``angthong_risk_points_errors.csv``);
* ``angthong_requests.csv``: two fiscal years (พ.ศ. 2565-2566) of footage-access requests
  with Thai headers, including fake personal-data columns that the library must drop.
* ``angthong_drawn_routes.geojson``: three escape routes as police draw them on
  ``cg.maps.route_drawing_map`` and export them (:data:`DRAWN_ROUTES`), byte for byte the
  file the map's export button writes.

Everything is synthetic. Only public facts are used: the province's location and size,
its seven districts, the Chao Phraya river and Asian Highway 1 (route 32) on its east
side, and the survey figures reported at the December 2016 committee meeting (55
agencies answered, 43 have cameras, 860 cameras of which 734 work; district offices'
camera counts; the education office's 16 cameras with about 3 days of recording; the
highway office's camera at km 40). Street names, buildings, camera positions, risk
points and requests are invented. Personal data is obviously fake: names are
"ทดสอบ ตัวอย่าง" (test example) with a number, and national ID numbers start with 0,
which no real Thai ID does.

The output depends only on the seed: :func:`build` returns every layer and table in
memory without writing (the tests compare it with the shipped files), and :func:`main`
writes them atomically (a temporary file, then a rename with :meth:`pathlib.Path.replace`).
"""

# The generator builds one synthetic province step by step; its long build functions read
# top to bottom like a recipe, and splitting them would only scatter the recipe, so the
# size-of-function rules are relaxed for this script only.
# ruff: noqa: PLR0912, PLR0915, PLR0917

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import minimum_spanning_tree
from scipy.spatial import Delaunay, cKDTree

from cctvgeo import settings
from cctvgeo.inventory import SCHEMA

SEED = 20161220  # the day of the Ang Thong committee meeting (DOMAIN.md), as a number
CRS = "EPSG:32647"
OUT_DIR = Path(__file__).resolve().parents[1] / "cctvgeo" / "sample_data"
GPKG_NAME = "angthong.gpkg"
SURVEY_NAME = "angthong_survey.xlsx"
SURVEY_ERRORS_NAME = "angthong_survey_errors.csv"
RISK_NAME = "angthong_risk_points.xlsx"
RISK_ERRORS_NAME = "angthong_risk_points_errors.csv"
REQUESTS_NAME = "angthong_requests.csv"
DRAWN_ROUTES_NAME = "angthong_drawn_routes.geojson"
SURVEY_SHEET = "ส่วนที่1_กล้องที่มีอยู่"
RISK_SHEET = "ส่วนที่2_จุดติดตั้งเพิ่มเติม"
LAYERS = (
    "road_nodes",
    "road_edges",
    "buildings",
    "cameras",
    "risk_points",
    "escape_routes",
    "districts",
)

N_CAMERAS = 860
N_WORKING = 734
# The 126 cameras that do not work, by status (the meeting gave only the total).
N_BY_FAULT = {"broken": 56, "not_working": 44, "under_repair": 26}
PROVINCE_AREA_KM2 = 968.0
N_REQUESTS = 5000
FISCAL_START = date(2021, 10, 1)  # fiscal year 2565 starts on 1 October 2021
FISCAL_END = date(2023, 9, 30)  # fiscal year 2566 ends on 30 September 2023
HIGHWAY_KM_AT_SOUTH_BORDER = 30.0  # chainage of route 32 where it enters the province

CAMERA_COLUMNS = list(SCHEMA)  # the canonical camera schema

SURVEY_HEADERS = [
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
RISK_HEADERS = [
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
REQUEST_HEADERS = [
    "เลขที่คำขอ",
    "วันที่ขอ",
    "รหัสกล้อง",
    "ละติจูด",
    "ลองจิจูด",
    "หน่วยงานที่ขอ",
    "ประเภทคดี",
    "ผลการขอ",
    "ชื่อผู้ขอ",
    "เบอร์โทร",
    "เลขบัตรประชาชน",
]
PDPA_COLUMNS = ("ชื่อผู้ขอ", "เบอร์โทร", "เลขบัตรประชาชน")

TYPE_TH = {
    "fixed": "มุมมองคงที่",
    "ptz": "PTZ",
    "dome": "โดม",
    "panoramic": "พาโนรามา",
    "alpr": "อ่านป้ายทะเบียน",
}
STATUS_TH = {
    "working": "ใช้งานได้ปกติ",
    "not_working": "ใช้งานไม่ได้",
    "broken": "ชำรุด",
    "under_repair": "อยู่ระหว่างการซ่อมแซม",
}
STATUS_EN_WORD = {
    "working": "Working",
    "not_working": "not working",
    "broken": "Broken",
    "under_repair": "under repair",
}
CATEGORY_TH = {
    "escape_route": "เส้นทางหลบหนี",
    "crime_hotspot": "จุดเสี่ยงอาชญากรรม",
    "accident_blackspot": "จุดเสี่ยงอุบัติเหตุ",
    "tourist_site": "แหล่งท่องเที่ยว",
    "school": "สถานศึกษา",
    "bank_gold_shop": "ธนาคาร/ร้านทอง",
    "market": "ตลาด",
    "border_checkpoint": "ด่านชายแดน",
    "government": "สถานที่ราชการ",
    "transport_hub": "สถานีขนส่ง",
    "other": "อื่นๆ",
}
PRIORITY_TH = {"urgent": "เร่งด่วนมาก", "high": "เร่งด่วน", "normal": "ปกติ"}
OUTCOME_TH = {
    "footage_found": "พบภาพ",
    "camera_broken": "กล้องชำรุด",
    "no_camera": "ไม่มีกล้อง",
    "retention_expired": "ภาพถูกลบแล้ว/เกินระยะเวลาเก็บ",
    "denied": "ไม่อนุญาต",
}
CASE_TYPES = ["ลักทรัพย์", "อุบัติเหตุจราจร", "ทำร้ายร่างกาย", "ยาเสพติด", "บุคคลสูญหาย", "อื่นๆ"]
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")

# Half the carriageway width by road class (m): buildings stand clear of it.
HALF_WIDTH = {
    "trunk": 10.0,
    "primary": 7.0,
    "secondary": 6.0,
    "tertiary": 5.0,
    "unclassified": 4.0,
    "residential": 3.5,
}


# --------------------------------------------------------------------------------------
# Deliberate errors in the survey sheets
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetError:
    """One deliberate irregularity in a generated spreadsheet.

    ``severity`` says what a validator should do: ``"error"`` (the value or row is
    unusable and must be reported as an error), ``"fixable"`` (irregular but unambiguous:
    a reader may repair it and should report a warning) or ``"info"`` (a legitimate way of
    writing an unknown or special value; nothing needs to be reported).
    """

    excel_row: int
    column: str
    kind: str
    severity: str
    description: str


_LAT, _LON, _HEAD = "ละติจูด", "ลองจิจูด", "ทิศทาง (องศา)"
# The single deliberate errors of the camera survey, at fixed Excel rows (header = row 1).
_SURVEY_SINGLE_ERRORS: tuple[SheetError, ...] = (
    *(
        SheetError(r, _LAT, "latlon_swapped", "fixable", "Latitude and longitude swapped.")
        for r in (23, 148, 309, 466, 590, 771)
    ),
    SheetError(402, "รหัสกล้อง", "duplicate_id", "error", "Repeats the camera id of row 401."),
    SheetError(512, _LAT, "missing_coordinates", "error", "Latitude and longitude blank."),
    SheetError(
        87,
        _LAT,
        "coordinates_in_one_cell",
        "fixable",
        'Latitude cell holds "lat, lon"; longitude blank.',
    ),
    SheetError(233, _LAT, "dms_latitude", "fixable", "Latitude in degrees-minutes-seconds."),
    SheetError(655, _HEAD, "heading_unknown_word", "info", 'Heading "ไม่ทราบ" (unknown).'),
    SheetError(128, _HEAD, "heading_non_numeric", "error", 'Heading "abc" is not a number.'),
    SheetError(347, _HEAD, "heading_out_of_range", "error", "Heading 400 is above 360."),
    SheetError(
        690, "งบประมาณซ่อม (บาท)", "negative_repair_budget", "error", "Negative repair budget."
    ),
    SheetError(199, "สถานะ", "status_english", "fixable", "Status written in English."),
    SheetError(733, "สถานะ", "status_english", "fixable", "Status written in English."),
    SheetError(59, "สถานะ", "status_whitespace", "fixable", "Status with extra spaces."),
    SheetError(560, "สถานะ", "status_whitespace", "fixable", "Status with extra spaces."),
)
N_UNKNOWN_HEADING = 86  # cameras with unknown heading (NaN): one is written "ไม่ทราบ"
N_PTZ_SWEEP = 8  # PTZ cameras with a sweep range written "a-b" in the heading cell

_RISK_LAT = "ละติจูด"
RISK_POINT_ERRORS: tuple[SheetError, ...] = (
    SheetError(14, _RISK_LAT, "latlon_swapped", "fixable", "Latitude and longitude swapped."),
    SheetError(38, "งบประมาณ (บาท)", "budget_non_numeric", "error", "Budget written in words."),
    SheetError(
        63,
        "ลำดับความสำคัญเร่งด่วน",
        "unknown_priority",
        "error",
        'Priority "ด่วนที่สุด" is not one of the form\'s three levels.',
    ),
)


def _row_stream(seed: int, stream: int) -> np.random.Generator:
    """An independent random stream for one purpose, derived from the seed."""
    return np.random.default_rng([seed, stream])


def unknown_heading_rows(seed: int = SEED) -> list[int]:
    """Excel rows (2..861) whose camera has an unknown heading.

    Drawn from their own random stream, so the list is known without building the
    whole province. Rows that carry a deliberate error elsewhere are avoided.
    """
    busy = {e.excel_row for e in _SURVEY_SINGLE_ERRORS} - {655}
    free = np.array([r for r in range(2, N_CAMERAS + 2) if r not in busy])
    rng = _row_stream(seed, 1)
    rows = rng.choice(free[free != 655], size=N_UNKNOWN_HEADING - 1, replace=False)
    return sorted([*rows.tolist(), 655])


def survey_errors(seed: int = SEED) -> list[SheetError]:
    """Every deliberate irregularity of the camera survey, sorted by Excel row."""
    blank = [
        SheetError(r, _HEAD, "heading_blank", "info", "Heading left blank (unknown).")
        for r in unknown_heading_rows(seed)
        if r != 655
    ]
    return sorted([*_SURVEY_SINGLE_ERRORS, *blank], key=lambda e: (e.excel_row, e.kind))


SURVEY_ERRORS: list[SheetError] = survey_errors(SEED)


# --------------------------------------------------------------------------------------
# Geography
# --------------------------------------------------------------------------------------


@dataclass
class Town:
    """A district seat with a street grid."""

    key: str
    code: str
    name_th: str
    name_en: str
    seat: tuple[float, float]
    centre: tuple[float, float]
    nx: int
    ny: int
    spacing: float
    angle: float
    nodes: np.ndarray = field(default_factory=lambda: np.zeros((0, 0, 2)))

    @property
    def entrances(self) -> dict[str, np.ndarray]:
        """Ends of the central row (W, E) and column (S, N), and the corners."""
        r, c = self.ny // 2, self.nx // 2
        n = self.nodes
        return {
            "W": n[r, 0],
            "E": n[r, -1],
            "S": n[0, c],
            "N": n[-1, c],
            "NW": n[-1, 0],
            "NE": n[-1, -1],
            "SW": n[0, 0],
            "SE": n[0, -1],
        }

    def cell_centre(self, row: int, col: int) -> np.ndarray:
        """Centre of the block between grid rows row..row+1 and columns col..col+1."""
        return np.asarray(self.nodes[row : row + 2, col : col + 2].reshape(-1, 2).mean(axis=0))

    @property
    def radius(self) -> float:
        """Half the grid's diagonal plus a margin: what counts as 'in town'."""
        return 0.5 * self.spacing * math.hypot(self.nx - 1, self.ny - 1) + 60.0


# key, code, Thai, English, seat (UTM 47N), grid centre offset, nx, ny, spacing
_TOWN_SPECS: tuple[tuple[str, str, str, str, tuple[float, float], float, int, int, float], ...] = (
    ("mueang", "1501", "เมืองอ่างทอง", "Mueang Ang Thong", (656410, 1613368), -350, 11, 15, 125),
    ("chaiyo", "1502", "ไชโย", "Chaiyo", (656894, 1621779), 0, 6, 6, 110),
    ("pamok", "1503", "ป่าโมก", "Pa Mok", (655723, 1602742), 0, 6, 6, 110),
    ("photong", "1504", "โพธิ์ทอง", "Pho Thong", (648056, 1622830), 0, 6, 6, 110),
    ("sawaeng", "1505", "แสวงหา", "Sawaeng Ha", (642081, 1631645), 0, 5, 5, 110),
    ("wcc", "1506", "วิเศษชัยชาญ", "Wiset Chai Chan", (644884, 1612854), 0, 6, 6, 115),
    ("samko", "1507", "สามโก้", "Samko", (636795, 1614467), 0, 5, 5, 110),
)
WAT_MUANG = (645784.0, 1606443.0)  # the big seated Buddha of Wat Muang (approximate)

# Outline of the synthetic province (km, UTM 47N), clockwise from the north-west.
_OUTLINE_KM = (
    (639.5, 1636.6),
    (646.0, 1636.2),
    (652.0, 1634.6),
    (657.0, 1634.0),
    (660.6, 1630.0),
    (661.8, 1621.0),
    (661.6, 1611.0),
    (661.0, 1602.0),
    (659.8, 1597.2),
    (655.0, 1596.6),
    (651.0, 1598.6),
    (646.0, 1600.6),
    (640.0, 1604.0),
    (634.6, 1607.6),
    (633.6, 1613.5),
    (634.4, 1620.0),
    (636.4, 1626.0),
    (637.0, 1632.0),
)
# The Chao Phraya: control points (x, y) in metres, north to south.
_RIVER = (
    (657300, 1642000),
    (657650, 1630000),
    (657394, 1621779),
    (657200, 1617500),
    (656910, 1613368),
    (656650, 1608000),
    (656223, 1602742),
    (656300, 1598000),
    (655900, 1592000),
)


def _province(rng: np.random.Generator) -> shapely.Polygon:
    """A wobbly outline of about 968 km² around the seats."""
    ring = shapely.LinearRing(np.asarray(_OUTLINE_KM) * 1000.0)
    dense = shapely.get_coordinates(shapely.segmentize(ring, 400.0))[:-1]
    cx, cy = dense.mean(axis=0)
    ang = np.arctan2(dense[:, 1] - cy, dense[:, 0] - cx)
    wob = np.zeros(len(dense))
    for k, amp in ((3, 0.012), (7, 0.010), (13, 0.006), (29, 0.003)):
        wob += amp * np.sin(k * ang + rng.uniform(0, 2 * np.pi))
    pts = np.column_stack([cx, cy]) + (dense - [cx, cy]) * (1.0 + wob)[:, None]
    poly = shapely.Polygon(pts)
    scale = math.sqrt(PROVINCE_AREA_KM2 * 1e6 / poly.area)
    pts = np.column_stack([cx, cy]) + (pts - [cx, cy]) * scale
    poly = shapely.Polygon(np.round(pts, 2))
    assert poly.is_valid
    return poly


def _river() -> shapely.LineString:
    pts = np.asarray(_RIVER, dtype=float)
    return shapely.LineString(pts)


def _river_x(y: np.ndarray | float) -> np.ndarray:
    pts = np.asarray(_RIVER, dtype=float)[::-1]
    return np.asarray(np.interp(y, pts[:, 1], pts[:, 0]))


def _towns(rng: np.random.Generator) -> list[Town]:
    towns = []
    for key, code, th, en, seat, dx, nx_, ny_, sp in _TOWN_SPECS:
        angle = 0.03 if key == "mueang" else float(rng.uniform(-0.25, 0.25))
        centre = (seat[0] + dx, float(seat[1]))
        ii, jj = np.meshgrid(np.arange(ny_), np.arange(nx_), indexing="ij")
        lx = (jj - (nx_ - 1) / 2) * sp
        ly = (ii - (ny_ - 1) / 2) * sp
        ca, sa = math.cos(angle), math.sin(angle)
        x = centre[0] + ca * lx - sa * ly + rng.uniform(-5, 5, lx.shape)
        y = centre[1] + sa * lx + ca * ly + rng.uniform(-5, 5, lx.shape)
        seat_xy = (float(seat[0]), float(seat[1]))
        nodes = np.stack([x, y], axis=-1)
        towns.append(Town(key, code, th, en, seat_xy, centre, nx_, ny_, sp, angle, nodes))
    return towns


# --------------------------------------------------------------------------------------
# Roads
# --------------------------------------------------------------------------------------


@dataclass
class RoadLine:
    """One OSM-like way before noding."""

    coords: np.ndarray
    highway: str
    name: str | None
    oneway: bool = False


@dataclass
class Exit:
    """Where a main road leaves the province."""

    xy: np.ndarray
    name: str
    road: str


def _wiggle(
    rng: np.random.Generator, waypoints: Sequence[Any], step: float, amp: float
) -> np.ndarray:
    """A gently curving polyline through the waypoints, a vertex about every ``step`` m."""
    out = [np.asarray(waypoints[0], dtype=float)]
    for a, b in itertools.pairwise(waypoints):
        a_ = np.asarray(a, dtype=float)
        b_ = np.asarray(b, dtype=float)
        d = b_ - a_
        length = float(np.hypot(*d))
        n = max(1, round(length / step))
        t = np.arange(1, n + 1) / n
        normal = np.array([-d[1], d[0]]) / max(length, 1e-9)
        bow = amp * length * rng.uniform(-1, 1) * np.sin(np.pi * t)
        jitter = rng.uniform(-12, 12, n)
        jitter[-1] = 0.0
        pts = a_ + t[:, None] * d + (bow + jitter)[:, None] * normal
        pts[-1] = b_
        out.extend(pts)
    return np.asarray(out)


def _clip_from_start(line: np.ndarray, province: shapely.Polygon) -> np.ndarray:
    """The part of a line from its first (inside) vertex to where it leaves the province."""
    geom = shapely.intersection(shapely.LineString(line), province)
    parts = shapely.get_parts(geom)
    start = shapely.Point(line[0])
    best = min(parts, key=lambda p: shapely.distance(p, start))
    return shapely.get_coordinates(best)


def _grid_lines(rng: np.random.Generator, town: Town) -> list[RoadLine]:
    n = town.nodes
    r0, c0 = town.ny // 2, town.nx // 2
    lines = []
    big = town.key == "mueang"
    oneway_rows = {r0 - 2: -1, r0 + 2: 1} if big else {}
    oneway_cols = {c0 - 2: 1} if big else {}
    tertiary_rows = {r0 - 4, r0 + 4} if big else set()
    for r in range(town.ny):
        a, b = 0, town.nx
        if r != r0 and r not in oneway_rows and 0 < r < town.ny - 1:
            if rng.random() < 0.3:
                a = 1
            if rng.random() < 0.3:
                b = town.nx - 1
        coords = n[r, a:b]
        if r == r0:
            hw, name = ("secondary", "ถนนตลาดหลวง") if big else ("tertiary", None)
            name = name or f"ถนนเทศบาลตำบล{town.name_th} สายหลัก"
        elif r in tertiary_rows:
            hw, name = "tertiary", f"ถนนเทศบาล {abs(r - r0)}" + (" เหนือ" if r > r0 else " ใต้")
        else:
            hw = "residential"
            name = (
                f"ถนนเทศบาล {abs(r - r0)}" + (" เหนือ" if r > r0 else " ใต้")
                if big
                else f"ซอย{town.name_th} {r + 1}"
            )
        one = r in oneway_rows
        if one and oneway_rows[r] < 0:
            coords = coords[::-1]
        lines.append(RoadLine(coords, hw, name, one))
    for c in range(town.nx):
        a, b = 0, town.ny
        if c != c0 and c not in oneway_cols and 0 < c < town.nx - 1:
            if rng.random() < 0.3:
                a = 1
            if rng.random() < 0.3:
                b = town.ny - 1
        coords = n[a:b, c]
        if c == c0:
            hw, name = "tertiary", ("ถนนศาลาแดง" if big else f"ถนน{town.name_th}-สถานีตำรวจ")
        else:
            hw = "residential"
            name = f"ซอยเทศบาล {c + 1}" if big else f"ซอย{town.name_th} {town.ny + c + 1}"
        lines.append(RoadLine(coords, hw, name, c in oneway_cols))
    return lines


def _village_names(rng: np.random.Generator, n: int) -> list[str]:
    first = ["หนอง", "คลอง", "โคก", "ดอน", "บาง", "ไผ่", "ท่า", "วัด", "ศาลา", "ห้วย", "สระ"]
    second = ["แก้ว", "ทอง", "ยาง", "ขาม", "ม่วง", "ตะโก", "กระทุ่ม", "จิก", "ไทร", "หิน"]
    second += ["พุทรา", "สะแก", "ระกำ", "ใหม่", "เตย", "บัว", "กร่าง", "โพธิ์", "มะขาม", "ลาน"]
    combos = [f"บ้าน{a}{b}" for a in first for b in second]
    picks = rng.choice(len(combos), size=n, replace=False)
    return [combos[i] for i in picks]


@dataclass
class Village:
    """A village centre and its name."""

    xy: np.ndarray
    name: str
    main: np.ndarray  # main street vertices (the centre is one of them)


def _villages(
    rng: np.random.Generator,
    province: shapely.Polygon,
    towns: list[Town],
    river: shapely.LineString,
    highway: np.ndarray,
    n: int = 86,
) -> list[Village]:
    inner = province.buffer(-900.0)
    minx, miny, maxx, maxy = inner.bounds
    cand = np.column_stack([rng.uniform(minx, maxx, 40 * n), rng.uniform(miny, maxy, 40 * n)])
    pts = shapely.points(cand)
    ok = shapely.contains_xy(inner, cand[:, 0], cand[:, 1])
    ok &= shapely.distance(river, pts) > 700.0
    ok &= shapely.distance(shapely.LineString(highway), pts) > 300.0
    for t in towns:
        clear = 2700.0 if t.key == "mueang" else 1500.0
        ok &= np.hypot(cand[:, 0] - t.centre[0], cand[:, 1] - t.centre[1]) > clear
    ok &= np.hypot(cand[:, 0] - WAT_MUANG[0], cand[:, 1] - WAT_MUANG[1]) > 900.0
    cand = cand[ok]
    chosen: list[np.ndarray] = []
    for p in cand:  # dart throwing is sequential by nature; ~3,000 candidates
        if len(chosen) == n:
            break
        if chosen and np.min(np.hypot(*(np.asarray(chosen) - p).T)) < 1900.0:
            continue
        chosen.append(p)
    names = _village_names(rng, len(chosen))
    out = []
    for p, name in zip(chosen, names, strict=True):
        ang = rng.uniform(0, np.pi)
        half = rng.uniform(220, 380)
        u = np.array([math.cos(ang), math.sin(ang)])
        along = np.array([-1.0, -0.5, 0.0, 0.5, 1.0]) * half
        main = p + along[:, None] * u + rng.uniform(-8, 8, (5, 2))
        main[2] = p
        out.append(Village(p, name, main))
    return out


def _arterials(
    rng: np.random.Generator, towns: dict[str, Town], province: shapely.Polygon
) -> tuple[list[RoadLine], list[Exit], np.ndarray]:
    """Trunk, primary, secondary and tertiary roads, and the province exits."""
    lines: list[RoadLine] = []
    exits: list[Exit] = []
    ent = {k: t.entrances for k, t in towns.items()}

    # Asian Highway 1 / route 32: 2.6 km east of the river, north-south through the province.
    ys = np.arange(1590000.0, 1642001.0, 500.0)
    xs = _river_x(ys) + 2600.0 + 250.0 * np.sin(ys / 4100.0)
    hw = np.column_stack([xs, ys]) + np.column_stack(
        [rng.uniform(-10, 10, len(ys)), np.zeros(len(ys))]
    )
    geom = shapely.intersection(shapely.LineString(hw), province)
    hw = shapely.get_coordinates(max(shapely.get_parts(geom), key=lambda g: g.length))
    if hw[0, 1] > hw[-1, 1]:
        hw = hw[::-1]
    trunk_name = "ถนนสายเอเชีย (ทางหลวง 32)"
    lines.append(RoadLine(hw, "trunk", trunk_name))
    exits.append(Exit(hw[0], "ทางหลวง 32 ไปจังหวัดพระนครศรีอยุธยา", trunk_name))
    exits.append(Exit(hw[-1], "ทางหลวง 32 ไปจังหวัดสิงห์บุรี", trunk_name))

    def nearest_hw(p: np.ndarray) -> np.ndarray:
        return np.asarray(hw[np.argmin(np.hypot(*(hw - p).T))])

    def add(pts: Sequence[Any], highway: str, name: str, amp: float = 0.04) -> None:
        lines.append(RoadLine(_wiggle(rng, pts, 380.0, amp), highway, name))

    def add_exit(start: np.ndarray, far: Sequence[float], highway: str, name: str, to: str) -> None:
        coords = _clip_from_start(_wiggle(rng, [start, far], 380.0, 0.03), province)
        lines.append(RoadLine(coords, highway, name))
        exits.append(Exit(coords[-1], to, name))

    m, c, p = ent["mueang"], ent["chaiyo"], ent["pamok"]
    r309n = "ทางหลวง 309 อ่างทอง-ไชโย"
    r309s = "ทางหลวง 309 อ่างทอง-ป่าโมก"
    add([m["N"], c["S"]], "primary", r309n, 0.02)
    add_exit(
        c["N"],
        (c["N"][0] - 500, 1641000),
        "primary",
        "ทางหลวง 309 ไชโย-สิงห์บุรี",
        "ทางหลวง 309 ไปจังหวัดสิงห์บุรี",
    )
    add([m["S"], p["N"]], "primary", r309s, 0.02)
    add_exit(
        p["S"],
        (p["S"][0] - 500, 1591000),
        "primary",
        "ทางหลวง 309 ป่าโมก-บางปะหัน",
        "ทางหลวง 309 ไปจังหวัดพระนครศรีอยุธยา",
    )

    w, s, pt, sh = ent["wcc"], ent["samko"], ent["photong"], ent["sawaeng"]
    add([m["W"], w["E"]], "secondary", "ทางหลวง 3064 อ่างทอง-วิเศษชัยชาญ")
    add([w["W"], s["E"]], "secondary", "ทางหลวง 3064 วิเศษชัยชาญ-สามโก้")
    add_exit(
        s["W"],
        (627000, s["W"][1] - 600),
        "secondary",
        "ทางหลวง 3064 สามโก้-ศรีประจันต์",
        "ทางหลวง 3064 ไปจังหวัดสุพรรณบุรี",
    )
    add([m["NW"], pt["E"]], "secondary", "ทางหลวง 3195 อ่างทอง-โพธิ์ทอง")
    add([pt["N"], sh["E"]], "secondary", "ทางหลวง 3195 โพธิ์ทอง-แสวงหา")
    add_exit(
        sh["N"],
        (sh["N"][0] + 300, 1642000),
        "secondary",
        "ทางหลวง 3195 แสวงหา-บางระจัน",
        "ทางหลวง 3195 ไปจังหวัดสิงห์บุรี",
    )
    add_exit(
        sh["W"],
        (628000, sh["W"][1] + 1500),
        "tertiary",
        "ถนนแสวงหา-ดอนเจดีย์",
        "ถนนแสวงหา-ดอนเจดีย์ ไปจังหวัดสุพรรณบุรี",
    )
    add([w["N"], pt["S"]], "tertiary", "ถนนวิเศษชัยชาญ-โพธิ์ทอง")
    add([s["N"], sh["S"]], "tertiary", "ถนนสามโก้-แสวงหา")
    add([c["W"], pt["NE"]], "tertiary", "ถนนไชโย-โพธิ์ทอง")
    add(
        [w["S"], (WAT_MUANG[0] - 220, WAT_MUANG[1] - 220), p["W"]],
        "tertiary",
        "ถนนวิเศษชัยชาญ-ป่าโมก (ทางไปวัดม่วง)",
        0.02,
    )

    # Bridges over the Chao Phraya to the highway.
    add([m["E"], nearest_hw(m["E"] + [2600, 0])], "secondary", "ถนนอ่างทอง-ทางหลวงสายเอเชีย", 0.0)
    add([c["E"], nearest_hw(c["E"] + [2600, 0])], "tertiary", "ถนนไชโย-ทางหลวงสายเอเชีย", 0.0)
    add([p["E"], nearest_hw(p["E"] + [2600, 300])], "tertiary", "ถนนป่าโมก-ทางหลวงสายเอเชีย", 0.0)
    start = nearest_hw(np.array([hw[0, 0], towns["mueang"].centre[1] - 3500]))
    add_exit(
        start, (668000, start[1] + 800), "secondary", "ถนนอ่างทอง-ท่าวุ้ง", "ถนนอ่างทอง-ท่าวุ้ง ไปจังหวัดลพบุรี"
    )

    # Western bypass of Mueang Ang Thong: an arc joining route 309 north and south.
    mt = towns["mueang"]
    ang = np.radians(np.arange(100, 261, 8))
    arc = np.column_stack([mt.centre[0] + 2000 * np.cos(ang), mt.centre[1] + 2000 * np.sin(ang)])
    north = next(ln for ln in lines if ln.name == r309n).coords
    south = next(ln for ln in lines if ln.name == r309s).coords
    arc[0] = north[np.argmin(np.hypot(*(north - arc[0]).T))]
    arc[-1] = south[np.argmin(np.hypot(*(south - arc[-1]).T))]
    lines.append(RoadLine(arc, "primary", "ถนนเลี่ยงเมืองอ่างทอง"))
    return lines, exits, hw


def _rural_lines(
    rng: np.random.Generator,
    villages: list[Village],
    arterials: list[RoadLine],
    towns: list[Town],
    river: shapely.LineString,
    province: shapely.Polygon,
    reserved: list[shapely.Polygon],
) -> list[RoadLine]:
    """Village streets and the rural roads that tie villages to each other and the arterials."""
    lines: list[RoadLine] = []
    for v in villages:
        lines.append(RoadLine(v.main, "residential", f"ถนนในหมู่บ้าน{v.name}"))
        for k in range(int(rng.integers(1, 4))):
            base = v.main[int(rng.integers(0, 5))]
            d = v.main[-1] - v.main[0]
            nrm = np.array([-d[1], d[0]]) / np.hypot(*d) * rng.choice([-1, 1])
            tip = base + nrm * rng.uniform(110, 230) + rng.uniform(-20, 20, 2)
            lines.append(RoadLine(np.array([base, tip]), "residential", f"ซอย{v.name} {k + 1}"))

    vxy = np.array([v.xy for v in villages])
    anchors = np.concatenate(
        [ln.coords[1:-1] for ln in arterials if ln.highway != "trunk"]
        + [next(ln.coords for ln in arterials if ln.highway == "trunk")[1:-1]]
    )
    # Keep anchors away from town grids so rural roads join the arterials outside towns.
    far = np.ones(len(anchors), dtype=bool)
    for t in towns:
        far &= np.hypot(*(anchors - t.centre).T) > t.radius + 150.0
    anchors = anchors[far]
    pts = np.concatenate([vxy, anchors])
    nv = len(vxy)
    tri = Delaunay(pts)
    simp = tri.simplices
    pairs = np.concatenate([simp[:, [0, 1]], simp[:, [1, 2]], simp[:, [0, 2]]])
    pairs = np.unique(np.sort(pairs, axis=1), axis=0)
    pairs = pairs[pairs[:, 0] < nv]  # at least one end is a village
    segs = shapely.linestrings(np.stack([pts[pairs[:, 0]], pts[pairs[:, 1]]], axis=1))
    length = shapely.length(segs)
    ok = ~shapely.intersects(segs, river)
    ok &= shapely.within(segs, province)
    hulls = [
        shapely.buffer(shapely.MultiPoint(t.nodes.reshape(-1, 2)).convex_hull, 60.0) for t in towns
    ]
    for poly in [*hulls, *reserved]:
        ok &= ~shapely.intersects(segs, poly)
    pairs, length = pairs[ok], length[ok]
    # Minimum spanning tree with the arterial anchors pre-joined (weight ~0 between them).
    n = len(pts)
    ai = np.arange(nv, n - 1)
    rows = np.concatenate([pairs[:, 0], ai])
    cols = np.concatenate([pairs[:, 1], ai + 1])
    wts = np.concatenate([length, np.full(len(ai), 1e-6)])
    mst = minimum_spanning_tree(coo_matrix((wts, (rows, cols)), shape=(n, n))).tocoo()
    in_mst = {(min(a, b), max(a, b)) for a, b in zip(mst.row, mst.col, strict=True)}
    keep = np.array([(a, b) in in_mst for a, b in pairs])
    extra = ~keep & (length < 3000.0) & (pairs[:, 1] < nv) & (rng.random(len(pairs)) < 0.5)
    names = [v.name for v in villages]
    for (a, b), _ in zip(pairs[keep | extra], length[keep | extra], strict=True):
        coords = _wiggle(rng, [pts[a], pts[b]], 450.0, 0.06)
        if b < nv:
            name: str | None = f"ถนนสาย{names[a]}-{names[b]}"
        else:
            name = f"ถนนเข้า{names[a]}"
        if rng.random() < 0.1:
            name = None
        lines.append(RoadLine(coords, "unclassified", name))
    return lines


@dataclass
class Network:
    """Noded road network: node coordinates and directed edges."""

    nodes: np.ndarray  # (N, 2)
    u: np.ndarray
    v: np.ndarray
    line: np.ndarray  # index into the RoadLine list
    reversed_: np.ndarray


def _node_lines(lines: list[RoadLine]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Split every line at every crossing with another line.

    Returns the node coordinates (rounded to 1 cm) and the undirected segments as
    (node a, node b, line index) with a -> b in the line's own direction.
    """
    counts = np.array([len(ln.coords) for ln in lines])
    allxy = np.concatenate([ln.coords for ln in lines]).astype(float)
    lid = np.repeat(np.arange(len(lines)), counts)
    geoms = shapely.linestrings(allxy, indices=lid)
    tree = shapely.STRtree(geoms)
    a, b = tree.query(geoms, predicate="intersects")
    keep = a < b
    a, b = a[keep], b[keep]
    inter = shapely.intersection(geoms[a], geoms[b])
    parts, pidx = shapely.get_parts(inter, return_index=True)
    is_line = shapely.get_type_id(parts) == 1
    parts = np.where(is_line, shapely.boundary(parts), parts)
    pts, pidx2 = shapely.get_parts(parts, return_index=True)
    pidx = pidx[pidx2]
    nonempty = ~shapely.is_empty(pts)
    pts, pidx = pts[nonempty], pidx[nonempty]
    ixy = shapely.get_coordinates(pts)
    i_line = np.concatenate([a[pidx], b[pidx]])
    i_xy = np.concatenate([ixy, ixy])
    i_dist = shapely.line_locate_point(geoms[i_line], shapely.points(i_xy))
    # vertices and their distances along their line
    seg_len = np.hypot(*np.diff(allxy, axis=0).T)
    seg_len[np.cumsum(counts)[:-1] - 1] = 0.0  # no length across line boundaries
    cum = np.concatenate([[0.0], np.cumsum(seg_len)])
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    v_dist = cum - np.repeat(cum[starts], counts)
    line_all = np.concatenate([lid, i_line])
    dist_all = np.concatenate([v_dist, i_dist])
    xy_all = np.concatenate([allxy, i_xy])
    is_int = np.concatenate([np.zeros(len(lid), bool), np.ones(len(i_line), bool)])
    order = np.lexsort((~is_int, dist_all, line_all))
    line_all, dist_all, xy_all, is_int = (
        line_all[order],
        dist_all[order],
        xy_all[order],
        is_int[order],
    )
    new = np.ones(len(order), dtype=bool)
    new[1:] = (line_all[1:] != line_all[:-1]) | (np.diff(dist_all) > 0.05)
    cluster = np.cumsum(new) - 1
    # representative of a cluster: an intersection point if it has one, so lines share it
    rep_order = np.lexsort((~is_int, cluster))
    first = np.ones(len(rep_order), dtype=bool)
    first[1:] = cluster[rep_order][1:] != cluster[rep_order][:-1]
    rep = rep_order[first]  # one per cluster, in cluster order
    c_xy = np.round(xy_all[rep], 2)
    c_line = line_all[rep]
    nodes, node_id = np.unique(c_xy, axis=0, return_inverse=True)
    node_id = node_id.ravel()
    same = c_line[1:] == c_line[:-1]
    na, nb, nl = node_id[:-1][same], node_id[1:][same], c_line[1:][same]
    ok = na != nb
    na, nb, nl = na[ok], nb[ok], nl[ok]
    key = np.sort(np.column_stack([na, nb]), axis=1)
    _, first_idx = np.unique(key, axis=0, return_index=True)
    first_idx = np.sort(first_idx)
    return nodes, np.column_stack([na, nb])[first_idx], nl[first_idx]


def _network(lines: list[RoadLine]) -> Network:
    nodes, segs, seg_line = _node_lines(lines)
    oneway = np.array([ln.oneway for ln in lines])[seg_line]
    two = ~oneway
    u = np.concatenate([segs[:, 0], segs[two, 1]])
    v = np.concatenate([segs[:, 1], segs[two, 0]])
    line = np.concatenate([seg_line, seg_line[two]])
    rev = np.concatenate([np.zeros(len(segs), bool), np.ones(int(two.sum()), bool)])
    # keep the largest strongly connected component (the design makes it nearly all)
    g = nx.DiGraph()
    g.add_edges_from(zip(u.tolist(), v.tolist(), strict=True))
    big = max(nx.strongly_connected_components(g), key=len)
    lost = g.number_of_nodes() - len(big)
    assert lost < 0.01 * g.number_of_nodes(), f"{lost} nodes outside the main component"
    inb = np.zeros(len(nodes), dtype=bool)
    inb[list(big)] = True
    keep = inb[u] & inb[v]
    used = np.unique(np.concatenate([u[keep], v[keep]]))
    remap = np.full(len(nodes), -1)
    remap[used] = np.arange(len(used))
    u, v, line, rev = remap[u[keep]], remap[v[keep]], line[keep], rev[keep]
    order = np.lexsort((v, u))
    return Network(nodes[used], u[order], v[order], line[order], rev[order])


def _road_frames(net: Network, lines: list[RoadLine]) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """osmnx-style node and edge GeoDataFrames."""
    osmid = np.arange(len(net.nodes), dtype=np.int64) + 1000001
    und = np.sort(np.column_stack([net.u, net.v]), axis=1)
    und = np.unique(und, axis=0)
    street_count = np.bincount(und.ravel(), minlength=len(net.nodes)).astype(np.int64)
    nodes = gpd.GeoDataFrame(
        {
            "x": net.nodes[:, 0],
            "y": net.nodes[:, 1],
            "street_count": street_count,
        },
        geometry=shapely.points(net.nodes),
        crs=CRS,
        index=pd.Index(osmid, name="osmid"),
    )
    start, end = net.nodes[net.u], net.nodes[net.v]
    geom = shapely.linestrings(np.stack([start, end], axis=1))
    hw = np.array([ln.highway for ln in lines], dtype=object)[net.line]
    names = [lines[i].name for i in net.line]
    oneway = np.array([ln.oneway for ln in lines])[net.line]
    edges = gpd.GeoDataFrame(
        {
            "osmid": (net.line + 50000001).astype(np.int64),
            "highway": pd.array(hw, dtype="str"),
            "name": pd.array(names, dtype="str"),
            "oneway": oneway,
            "reversed": net.reversed_,
            "length": np.hypot(*(end - start).T),
        },
        geometry=geom,
        crs=CRS,
        index=pd.MultiIndex.from_arrays(
            [osmid[net.u], osmid[net.v], np.zeros(len(net.u), dtype=np.int64)],
            names=["u", "v", "key"],
        ),
    )
    return nodes, edges


# --------------------------------------------------------------------------------------
# Buildings and named places
# --------------------------------------------------------------------------------------


@dataclass
class Place:
    """A named building or site that cameras, risk points and requests refer to."""

    kind: str
    name: str
    xy: np.ndarray
    town: str | None  # town key, or None outside the towns
    district: str  # district code


@dataclass
class Roads:
    """The undirected road segments as arrays, for sampling positions on roads."""

    start: np.ndarray
    end: np.ndarray
    length: np.ndarray
    highway: np.ndarray
    name: list[str | None]
    geom: np.ndarray
    allowed: np.ndarray  # far enough inside the province for a camera

    @classmethod
    def from_edges(cls, edges: gpd.GeoDataFrame, province: shapely.Polygon) -> Roads:
        """One row per street segment (the forward copy of two-way streets)."""
        und = edges[~edges["reversed"].to_numpy()]
        coords = shapely.get_coordinates(und.geometry.to_numpy()).reshape(-1, 2, 2)
        inner = province.buffer(-60.0)
        geom = und.geometry.to_numpy()
        return cls(
            start=coords[:, 0],
            end=coords[:, 1],
            length=und["length"].to_numpy(),
            highway=und["highway"].to_numpy(dtype=object),
            name=[None if pd.isna(n) else str(n) for n in und["name"]],
            geom=geom,
            allowed=shapely.within(geom, inner),
        )


def _district_of(xy: np.ndarray, towns: list[Town]) -> np.ndarray:
    """District code of each point: the districts are the Voronoi cells of the seats."""
    seats = np.array([t.seat for t in towns])
    d = np.hypot(xy[:, None, 0] - seats[None, :, 0], xy[:, None, 1] - seats[None, :, 1])
    codes = np.array([t.code for t in towns])
    return np.asarray(codes[np.argmin(d, axis=1)])


def _rect(
    cx: np.ndarray, cy: np.ndarray, ux: np.ndarray, uy: np.ndarray, w: np.ndarray, d: np.ndarray
) -> np.ndarray:
    """Rectangles centred on (cx, cy), width w along (ux, uy) and depth d across it."""
    nx_, ny_ = -uy, ux
    corners = []
    for sw, sd in ((-1, -1), (1, -1), (1, 1), (-1, 1), (-1, -1)):
        corners.append(
            np.column_stack(
                [cx + sw * ux * w / 2 + sd * nx_ * d / 2, cy + sw * uy * w / 2 + sd * ny_ * d / 2]
            )
        )
    return np.asarray(shapely.polygons(np.round(np.stack(corners, axis=1), 2)))


def _block_specials(towns: list[Town]) -> list[tuple[str, str, shapely.Polygon, str]]:
    """Large public buildings, each centred in one block of a town grid."""
    out = []
    for t in towns:
        r0, c0 = t.ny // 2, t.nx // 2
        th = t.name_th
        if t.key == "mueang":
            spec = [
                ("market", "ตลาดเทศบาลเมืองอ่างทอง", (r0, c0), 0.62),
                ("government", "ศาลากลางจังหวัดอ่างทอง", (r0 + 3, c0 - 3), 0.6),
                ("government", "ที่ว่าการอำเภอเมืองอ่างทอง", (r0 - 1, c0 + 2), 0.45),
                ("government", "สำนักงานเทศบาลเมืองอ่างทอง", (r0 + 1, c0 - 2), 0.45),
                ("government", "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาอ่างทอง", (r0 - 3, c0 + 3), 0.45),
                ("police", "สถานีตำรวจภูธรเมืองอ่างทอง", (r0 + 2, c0 + 1), 0.42),
                ("police", "ตำรวจภูธรจังหวัดอ่างทอง", (r0 + 3, c0 - 1), 0.45),
                ("hospital", "โรงพยาบาลอ่างทอง", (r0 - 4, c0 - 2), 0.7),
                ("school", "โรงเรียนอนุบาลอ่างทอง", (r0 + 5, c0), 0.6),
                ("school", "โรงเรียนเทศบาล 1 (วัดโพสะ)", (r0 - 6, c0 + 1), 0.6),
                ("school", "โรงเรียนประจำจังหวัดอ่างทอง", (r0 - 2, c0 - 4), 0.65),
                ("temple", "วัดต้นสน", (r0 + 4, c0 + 3), 0.6),
                ("temple", "วัดชัยมงคล", (r0 - 5, c0 - 4), 0.6),
                ("transport", "สถานีขนส่งผู้โดยสารจังหวัดอ่างทอง", (r0 - 2, c0 + 1), 0.55),
            ]
        else:
            temple = {
                "chaiyo": ("วัดไชโยวรวิหาร", (r0, c0 + 1), 0.7),
                "pamok": ("วัดป่าโมกวรวิหาร", (r0, c0 - 2), 0.7),
            }.get(t.key, (f"วัด{th}", (r0, c0 - 2), 0.6))
            market = "ตลาดศาลเจ้าโรงทอง" if t.key == "wcc" else f"ตลาดสดเทศบาลตำบล{th}"
            spec = [
                ("market", market, (r0 - 1, c0 - 1), 0.6),
                ("government", f"ที่ว่าการอำเภอ{th}", (r0, c0), 0.45),
                ("police", f"สถานีตำรวจภูธร{th}", (r0 - 1, c0), 0.42),
                ("school", f"โรงเรียน{th}วิทยาคม", (r0 - 2, c0 - 2), 0.6),
                ("temple", temple[0], temple[1], temple[2]),
                ("hospital", f"โรงพยาบาล{th}", (r0 - 2, c0), 0.55),
            ]
        for kind, name, (r, c), frac in spec:
            assert 0 <= r < t.ny - 1, (t.key, name)
            assert 0 <= c < t.nx - 1, (t.key, name)
            cx, cy = t.cell_centre(r, c)
            ux, uy = math.cos(t.angle), math.sin(t.angle)
            poly = _rect(
                np.array([cx]),
                np.array([cy]),
                np.array([ux]),
                np.array([uy]),
                np.array([t.spacing * frac]),
                np.array([t.spacing * frac * 0.8]),
            )[0]
            out.append((kind, name, poly, t.key))
    return out


def _frontage(
    rng: np.random.Generator,
    roads: Roads,
    sel: np.ndarray,
    pitch: float,
    keep: float,
    width: tuple[float, float],
    depth: tuple[float, float],
) -> np.ndarray:
    """Building lots along both sides of the selected road segments."""
    idx = np.flatnonzero(sel)
    length = roads.length[idx]
    n = np.maximum(((length - 16.0) // pitch).astype(int) + 1, 0)
    n[length < 20.0] = 0
    seg = np.repeat(idx, n)
    k = np.concatenate([np.arange(m) for m in n]) if len(n) else np.zeros(0, int)
    seg = np.concatenate([seg, seg])
    k = np.concatenate([k, k])
    side = np.repeat([1.0, -1.0], len(seg) // 2)
    m = len(seg)
    take = rng.random(m) < keep
    t = 8.0 + k * pitch + rng.uniform(-2, 2, m)
    d = roads.end[seg] - roads.start[seg]
    u = d / roads.length[seg][:, None]
    p = roads.start[seg] + u * t[:, None]
    w = rng.uniform(*width, m)
    dep = rng.uniform(*depth, m)
    half = np.array([HALF_WIDTH[h] for h in roads.highway[seg]])
    setback = half + rng.uniform(1.5, 4.0, m) + dep / 2
    cx = p[:, 0] - side * u[:, 1] * setback
    cy = p[:, 1] + side * u[:, 0] * setback
    polys = _rect(cx, cy, u[:, 0], u[:, 1], w, dep)
    return np.asarray(polys[take])


def _buildings(
    rng: np.random.Generator,
    towns: list[Town],
    villages: list[Village],
    roads: Roads,
    river: shapely.LineString,
    province: shapely.Polygon,
) -> tuple[gpd.GeoDataFrame, list[Place]]:
    tdict = {t.key: t for t in towns}
    special: list[tuple[str, str, shapely.Polygon, str | None]] = []
    special += _block_specials(towns)
    special.append(
        (
            "temple",
            "วัดม่วง (พระพุทธรูปองค์ใหญ่)",
            _rect(*(np.array([v]) for v in (WAT_MUANG[0], WAT_MUANG[1] + 20, 1.0, 0.0, 140, 110)))[
                0
            ],
            None,
        )
    )
    # Village temples and schools, beside the village main street where they fit.
    tree = shapely.STRtree(roads.geom)
    half = np.array([HALF_WIDTH[h] for h in roads.highway])

    def fits(poly: shapely.Polygon) -> bool:
        near = tree.query(poly, predicate="dwithin", distance=12.0)
        clear = shapely.distance(poly, roads.geom[near]) >= half[near] + 1.0
        taken = any(shapely.intersects(poly, s[2]) for s in special)
        return bool(np.all(clear)) and not taken

    photong = np.array(tdict["photong"].seat)
    khun = int(np.argmin([np.hypot(*(v.xy - photong)) for v in villages]))
    for i, v in enumerate(villages):
        for kind, prob, w, dd in (("temple", 0.55, 55.0, 45.0), ("school", 0.3, 45.0, 35.0)):
            if rng.random() >= prob and not (kind == "temple" and i == khun):
                continue
            bare = v.name.removeprefix("บ้าน")
            name = f"วัด{bare}" if kind == "temple" else f"โรงเรียนบ้าน{bare}"
            if kind == "temple" and i == khun:
                name = "วัดขุนอินทประมูล"
            options = [(j, side) for j in range(4) for side in (-1.0, 1.0)]
            for o in rng.permutation(len(options)):
                j, side = options[o]
                a, b = v.main[j], v.main[j + 1]
                u = (b - a) / np.hypot(*(b - a))
                off = HALF_WIDTH["residential"] + 5 + dd / 2
                c = (a + b) / 2 + side * np.array([-u[1], u[0]]) * off
                poly = _rect(*(np.array([q]) for q in (c[0], c[1], u[0], u[1], w, dd)))[0]
                if fits(poly):
                    special.append((kind, name, poly, None))
                    break
            else:
                assert name != "วัดขุนอินทประมูล", "no room for Wat Khun Inthapramun"

    # Ordinary lots: towns, villages and a few along main roads.
    mid = (roads.start + roads.end) / 2
    town_of = np.full(len(mid), -1)
    for i, t in enumerate(towns):
        town_of[np.hypot(*(mid - t.centre).T) < t.radius] = i
    vxy = np.array([v.xy for v in villages])
    dv = cKDTree(vxy).query(mid)[0]
    in_village = (
        (town_of < 0) & (dv < 650.0) & np.isin(roads.highway, ["residential", "unclassified"])
    )
    main_road = (
        (town_of < 0) & ~in_village & np.isin(roads.highway, ["trunk", "primary", "secondary"])
    )
    lots = [
        _frontage(rng, roads, town_of == 0, 17.0, 0.4, (6, 11), (9, 15)),
        _frontage(rng, roads, town_of > 0, 18.0, 0.34, (6, 11), (9, 14)),
        _frontage(rng, roads, in_village, 30.0, 0.3, (8, 13), (8, 12)),
        _frontage(rng, roads, main_road, 90.0, 0.12, (10, 20), (10, 18)),
    ]
    generic = np.concatenate(lots)
    n_sp = len(special)
    geoms = np.concatenate([np.array([s[2] for s in special], dtype=object), generic])
    kinds = np.array([s[0] for s in special] + ["house"] * len(generic), dtype=object)
    names: list[str | None] = [s[1] for s in special] + [None] * len(generic)

    # Drop lots on roads, in the river, outside the province, or overlapping earlier ones.
    bad = np.zeros(len(geoms), dtype=bool)
    bi, ri = tree.query(geoms, predicate="dwithin", distance=12.0)
    too_close = shapely.distance(geoms[bi], roads.geom[ri]) < half[ri] + 1.0
    bad[bi[too_close]] = True
    bad |= shapely.distance(river, geoms) < 40.0
    bad |= ~shapely.within(geoms, province)
    btree = shapely.STRtree(geoms)
    a, b = btree.query(geoms, predicate="intersects")
    later = a < b
    bad[b[later]] = True
    lost = [names[i] for i in range(n_sp) if bad[i]]
    assert not lost, f"special buildings dropped: {lost}"
    geoms, kinds = geoms[~bad], kinds[~bad]
    names = [n for n, x in zip(names, bad, strict=True) if not x]

    # Shops near town centres, then banks, gold shops and convenience stores among them.
    cent = shapely.get_coordinates(shapely.centroid(geoms))
    generic_mask = np.arange(len(geoms)) >= n_sp
    places: list[Place] = []
    for i in range(n_sp):
        places.append(Place(kinds[i], str(names[i]), cent[i], None, ""))
    for t in towns:
        mk = next(
            p_.xy
            for p_ in places
            if p_.kind == "market" and np.hypot(*(p_.xy - t.centre)) < t.radius
        )
        big = t.key == "mueang"
        dist = np.hypot(*(cent - mk).T)
        near = generic_mask & (dist < (380.0 if big else 180.0))
        shop = near & (rng.random(len(geoms)) < 0.75)
        kinds[shop] = "shop"
        counts = (
            {"gold_shop": 6, "bank": 5, "convenience_store": 6}
            if big
            else {
                "gold_shop": 2,
                "bank": 1 + int(t.key in ("photong", "wcc", "pamok")),
                "convenience_store": 2,
            }
        )
        for kind, n in counts.items():
            limit = 170.0 if kind == "gold_shop" else 9e9
            pool = np.flatnonzero((kinds == "shop") & (dist < limit))
            pick = rng.choice(pool, size=n, replace=False)
            for j, i in enumerate(sorted(pick.tolist())):
                kinds[i] = kind
                names[i] = _shop_name(kind, t.name_th, j)
                places.append(Place(kind, str(names[i]), cent[i], t.key, ""))
    rural_shop = generic_mask & (kinds == "house") & (rng.random(len(geoms)) < 0.04)
    kinds[rural_shop] = "shop"
    # Towns and districts of places.
    codes = _district_of(np.array([p_.xy for p_ in places]), towns)
    for p_, code in zip(places, codes, strict=True):
        p_.district = str(code)
        if p_.town is None:
            for t in towns:
                if np.hypot(*(p_.xy - t.centre)) < t.radius:
                    p_.town = t.key
    frame = gpd.GeoDataFrame(
        {
            "building_id": np.arange(1, len(geoms) + 1, dtype=np.int64),
            "kind": pd.array(kinds, dtype="str"),
            "name": pd.array(names, dtype="str"),
        },
        geometry=geoms,
        crs=CRS,
    )
    return frame, places


def _shop_name(kind: str, town_th: str, j: int) -> str:
    if kind == "gold_shop":
        brand = [
            "ห้างทองทองดี",
            "ห้างทองเจริญทอง",
            "ร้านทองไทยทอง",
            "ห้างทองรุ่งเรือง",
            "ร้านทองทองใบ",
            "ห้างทองแสงทอง",
        ][j % 6]
        return f"{brand} ({town_th})"
    if kind == "bank":
        return f"ธนาคารพาณิชย์ สาขา{town_th} {j + 1}"
    return f"ร้านสะดวกซื้อ สาขา{town_th} {j + 1}"


# --------------------------------------------------------------------------------------
# Cameras
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """Habits of one kind of camera owner."""

    types: dict[str, float]
    linked: float
    network: str | None
    retention: tuple[int, ...]
    fail: float
    years: tuple[int, int]
    owner: str = "public"
    face_building: float = 0.0  # share of cameras aimed at their building, not along the road


GROUPS: dict[str, Group] = {
    "province": Group(
        {"fixed": 0.5, "dome": 0.12, "ptz": 0.25, "alpr": 0.1, "panoramic": 0.03},
        0.85,
        "ศูนย์ควบคุมกล้อง CCTV จังหวัดอ่างทอง",
        (15, 30, 30, 45),
        0.8,
        (2012, 2022),
    ),
    "district": Group(
        {"fixed": 0.7, "dome": 0.3},
        0.3,
        "ศูนย์ควบคุมกล้อง CCTV จังหวัดอ่างทอง",
        (7, 15, 30),
        0.0,
        (2013, 2021),
        face_building=0.4,
    ),
    "municipality": Group(
        {"fixed": 0.55, "dome": 0.15, "ptz": 0.22, "panoramic": 0.05, "alpr": 0.03},
        0.3,
        None,
        (7, 15, 30, 30),
        1.1,
        (2010, 2023),
    ),
    "sao": Group(
        {"fixed": 0.8, "dome": 0.08, "ptz": 0.12},
        0.05,
        "ศูนย์ควบคุมกล้อง CCTV จังหวัดอ่างทอง",
        (3, 5, 7, 7, 15),
        2.2,
        (2010, 2020),
    ),
    "police": Group(
        {"fixed": 0.5, "dome": 0.1, "ptz": 0.15, "alpr": 0.22, "panoramic": 0.03},
        0.6,
        "ศูนย์วิทยุ ตำรวจภูธรจังหวัดอ่างทอง",
        (15, 30, 30, 60),
        1.0,
        (2011, 2023),
    ),
    "education": Group(
        {"fixed": 0.5, "dome": 0.5},
        0.0,
        None,
        (3,),
        0.6,
        (2014, 2020),
        face_building=0.5,
    ),
    "highway": Group(
        {"ptz": 0.45, "alpr": 0.35, "fixed": 0.2},
        0.9,
        "ระบบกล้องกรมทางหลวง (ทล.)",
        (30, 60, 90),
        0.8,
        (2012, 2022),
    ),
    "hospital": Group(
        {"fixed": 0.5, "dome": 0.45, "panoramic": 0.05},
        0.15,
        "ศูนย์ควบคุมกล้อง CCTV จังหวัดอ่างทอง",
        (15, 30),
        0.7,
        (2012, 2023),
        face_building=0.4,
    ),
    "gold": Group(
        {"fixed": 0.5, "dome": 0.5},
        0.03,
        "ศูนย์วิทยุ ตำรวจภูธรจังหวัดอ่างทอง",
        (15, 30),
        0.5,
        (2011, 2023),
        "private",
        0.35,
    ),
    "bank": Group(
        {"fixed": 0.4, "dome": 0.55, "panoramic": 0.05},
        0.05,
        "ศูนย์วิทยุ ตำรวจภูธรจังหวัดอ่างทอง",
        (30, 60, 90),
        0.4,
        (2012, 2023),
        "private",
        0.35,
    ),
    "convenience": Group(
        {"dome": 0.7, "fixed": 0.3},
        0.0,
        None,
        (7, 10, 15),
        0.6,
        (2014, 2023),
        "private",
        0.35,
    ),
    "shop": Group(
        {"fixed": 0.7, "dome": 0.3},
        0.0,
        None,
        (3, 5, 7, 15),
        1.0,
        (2010, 2023),
        "private",
        0.2,
    ),
}

CLASS_WEIGHT = {
    "trunk": 1.5,
    "primary": 1.5,
    "secondary": 1.4,
    "tertiary": 1.2,
    "residential": 0.8,
    "unclassified": 0.5,
}

# (optics) per camera type: hfov range, resolutions and their shares, height range, tilt range
OPTICS: dict[
    str, tuple[tuple[float, float], dict[int, float], tuple[float, float], tuple[int, int]]
] = {
    "fixed": ((30, 110), {1920: 0.6, 2560: 0.3, 3840: 0.1}, (3.0, 8.0), (5, 30)),
    "dome": ((70, 110), {1920: 0.55, 2560: 0.35, 3840: 0.1}, (3.0, 5.0), (10, 30)),
    "ptz": ((55, 63), {1920: 0.7, 2560: 0.2, 3840: 0.1}, (6.0, 8.0), (5, 20)),
    "alpr": ((25, 40), {1920: 0.5, 2560: 0.5}, (5.0, 7.0), (10, 20)),
    "panoramic": ((180, 180), {3840: 0.6, 2560: 0.4}, (4.0, 8.0), (20, 30)),
}


@dataclass
class Agency:
    """A camera owner with where its cameras are."""

    name: str
    group: str
    count: int
    anchors: np.ndarray
    sigma: np.ndarray
    weight: np.ndarray
    is_exit: np.ndarray
    trunk_only: bool = False


_SAO = (
    ("อบต.บ้านแห", "1501"),
    ("อบต.ศาลาแดง", "1501"),
    ("อบต.จรเข้ร้อง", "1502"),
    ("อบต.ชัยฤทธิ์", "1502"),
    ("อบต.บางเสด็จ", "1503"),
    ("อบต.โรงช้าง", "1503"),
    ("อบต.อินทประมูล", "1504"),
    ("อบต.บางพลับ", "1504"),
    ("อบต.ศรีพราน", "1505"),
    ("อบต.ห้วยไผ่", "1505"),
    ("อบต.ไผ่วง", "1506"),
    ("อบต.ม่วงเตี้ย", "1506"),
    ("อบต.สามโก้", "1507"),
    ("อบต.มงคลธรรมนิมิต", "1507"),
)
_SAO_COUNTS = (18, 16, 15, 14, 13, 13, 12, 12, 11, 11, 10, 9, 8, 8)
# District office cameras (total, working) as reported at the meeting.
DISTRICT_OFFICE_CAMERAS = {
    "mueang": (2, 2),
    "wcc": (8, 8),
    "photong": (6, 6),
    "pamok": (8, 8),
    "chaiyo": (4, 4),
    "sawaeng": (8, 7),
    "samko": (8, 8),
}
_POLICE_COUNTS = {
    "mueang": 30,
    "chaiyo": 12,
    "pamok": 12,
    "photong": 12,
    "sawaeng": 12,
    "wcc": 12,
    "samko": 12,
}


def _exit_points(exits: list[Exit], lines: list[RoadLine], inward: float) -> np.ndarray:
    """A point ``inward`` metres inside the province along each exit road."""
    out = []
    for e in exits:
        ln = next(
            ln
            for ln in lines
            if ln.name == e.road and np.isclose(ln.coords[[0, -1]], e.xy).all(axis=1).any()
        )
        geom = shapely.LineString(ln.coords)
        d = shapely.line_locate_point(geom, shapely.Point(e.xy))
        d = d - inward if d > geom.length / 2 else d + inward
        out.append(shapely.get_coordinates(shapely.line_interpolate_point(geom, d))[0])
    return np.asarray(out)


def _agencies(
    rng: np.random.Generator,
    towns: list[Town],
    villages: list[Village],
    places: list[Place],
    exit_in: np.ndarray,
    trunk: np.ndarray,
) -> list[Agency]:
    tdict = {t.key: t for t in towns}
    pmap = {p.name: p for p in places}

    def place(name: str) -> np.ndarray:
        return pmap[name].xy

    def ag(
        name: str,
        group: str,
        count: int,
        spec: Sequence[tuple[np.ndarray, float, float, bool]],
        trunk_only: bool = False,
    ) -> Agency:
        xy = np.array([s[0] for s in spec], dtype=float).reshape(-1, 2)
        return Agency(
            name,
            group,
            count,
            xy,
            np.array([s[1] for s in spec], dtype=float),
            np.array([s[2] for s in spec], dtype=float),
            np.array([s[3] for s in spec], dtype=bool),
            trunk_only,
        )

    seat_codes = {t.code: t for t in towns}
    exit_district = _district_of(exit_in, towns)
    junctions = [trunk[np.argmin(np.hypot(*(trunk - t.seat).T))] for t in towns[:3]]
    mt = tdict["mueang"]
    m_market = place("ตลาดเทศบาลเมืองอ่างทอง")
    out = [
        ag(
            "สำนักงานจังหวัดอ่างทอง",
            "province",
            36,
            [(np.array(mt.centre), 600, 3, False), (place("ศาลากลางจังหวัดอ่างทอง"), 40, 1, False)]
            + [(e, 150, 0.25, True) for e in exit_in]
            + [(j, 80, 0.3, False) for j in junctions],
        )
    ]
    for key in ("mueang", "chaiyo", "pamok", "photong", "sawaeng", "wcc", "samko"):
        t = tdict[key]
        office = place(f"ที่ว่าการอำเภอ{t.name_th}")
        out.append(
            ag(
                f"ที่ว่าการอำเภอ{t.name_th}",
                "district",
                DISTRICT_OFFICE_CAMERAS[key][0],
                [(office, 35, 1, False)],
            )
        )
    out.append(
        ag(
            "เทศบาลเมืองอ่างทอง",
            "municipality",
            160,
            [(np.array(mt.centre), 550, 4, False), (m_market, 100, 2, False)],
        )
    )
    for key, n in (("photong", 40), ("wcc", 36), ("pamok", 32)):
        t = tdict[key]
        mk = next(p.xy for p in places if p.kind == "market" and p.town == key)
        out.append(
            ag(
                f"เทศบาลตำบล{t.name_th}",
                "municipality",
                n,
                [(np.array(t.centre), 280, 3, False), (mk, 80, 1, False)],
            )
        )
    vxy = np.array([v.xy for v in villages])
    vdist = _district_of(vxy, towns)
    used_seed: dict[str, np.ndarray] = {}
    for (name, code), n in zip(_SAO, _SAO_COUNTS, strict=True):
        idx = np.flatnonzero(vdist == code)
        if len(idx) == 0:  # no village in the district: the countryside around the seat
            seat = np.array(seat_codes[code].seat)
            out.append(ag(name, "sao", n, [(seat, 1500, 1, False)]))
            continue
        if code in used_seed:
            seed_i = idx[np.argmax(np.hypot(*(vxy[idx] - used_seed[code]).T))]
        else:
            seed_i = idx[int(rng.integers(0, len(idx)))]
            used_seed[code] = vxy[seed_i]
        near = idx[np.argsort(np.hypot(*(vxy[idx] - vxy[seed_i]).T))[:4]]
        out.append(ag(name, "sao", n, [(vxy[i], 250, 1, False) for i in near]))
    for key, n in _POLICE_COUNTS.items():
        t = tdict[key]
        spec: list[tuple[np.ndarray, float, float, bool]] = [
            (place(f"สถานีตำรวจภูธร{t.name_th}"), 40, 1, False),
            (np.array(t.centre), 350, 2, False),
        ]
        spec += [
            (e, 150, 0.6, True) for e, c in zip(exit_in, exit_district, strict=True) if c == t.code
        ]
        out.append(ag(f"สภ.{t.name_th}", "police", n, spec))
    out.append(
        ag(
            "ตำรวจภูธรจังหวัดอ่างทอง",
            "police",
            14,
            [(e, 150, 1, True) for e in exit_in] + [(j, 80, 0.5, False) for j in junctions],
        )
    )
    schools = [(p.xy, 25, 2.0 if p.town else 0.3, False) for p in places if p.kind == "school"]
    out.append(ag("สำนักงานเขตพื้นที่การศึกษาประถมศึกษาอ่างทอง", "education", 16, schools))
    tv = trunk[:: max(1, len(trunk) // 12)]
    out.append(
        ag("แขวงทางหลวงอ่างทอง", "highway", 14, [(p, 60, 1, False) for p in tv], trunk_only=True)
    )
    for name, n in (("โรงพยาบาลอ่างทอง", 24), ("โรงพยาบาลโพธิ์ทอง", 10), ("โรงพยาบาลป่าโมก", 8)):
        out.append(ag(name, "hospital", n, [(place(name), 40, 1, False)]))
    for kind, name, group, n in (
        ("gold_shop", "ชมรมผู้ค้าทองคำจังหวัดอ่างทอง", "gold", 38),
        ("bank", "ธนาคารพาณิชย์ในจังหวัดอ่างทอง", "bank", 36),
        ("convenience_store", "ร้านสะดวกซื้อในจังหวัดอ่างทอง", "convenience", 44),
    ):
        out.append(ag(name, group, n, [(p.xy, 15, 1, False) for p in places if p.kind == kind]))
    shops = [(p.xy, 150, 1, False) for p in places if p.kind == "market"]
    shops += [(np.array(t.centre), 250, 1, False) for t in towns]
    out.append(ag("ผู้ประกอบการร้านค้าเอกชน", "shop", 36, shops))
    assert sum(a.count for a in out) == N_CAMERAS, sum(a.count for a in out)
    assert len(out) == 43, len(out)
    return out


def _sample_on_roads(
    rng: np.random.Generator, roads: Roads, agency: Agency
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Positions a few metres off a road near the agency's anchors.

    Returns (xy, road bearing in degrees, segment index, anchor index, position along m).
    """
    n = agency.count
    k = rng.choice(len(agency.anchors), size=n, p=agency.weight / agency.weight.sum())
    seg = np.zeros(n, dtype=int)
    t = np.zeros(n)
    cw = np.array([CLASS_WEIGHT[h] for h in roads.highway])
    if agency.trunk_only:
        cw = np.where(roads.highway == "trunk", 1.0, 0.0)
    for a in np.unique(k):
        rows = np.flatnonzero(k == a)
        anchor = shapely.Point(agency.anchors[a])
        sig = agency.sigma[a]
        d = shapely.distance(anchor, roads.geom)
        p = roads.length * cw * np.exp(-0.5 * (d / sig) ** 2) * roads.allowed
        if p.sum() == 0:
            p = np.where(roads.allowed, np.exp(-d / 500.0), 0.0)
        e = rng.choice(len(p), size=len(rows), p=p / p.sum())
        seg[rows] = e
        length = roads.length[e]
        if sig < 150:
            proj = shapely.line_locate_point(roads.geom[e], anchor)
            t[rows] = proj + rng.normal(0, max(5.0, sig / 3), len(rows))
        else:
            at_junction = rng.random(len(rows)) < 0.4
            from_end = rng.uniform(6, 15, len(rows))
            end = rng.random(len(rows)) < 0.5
            t[rows] = np.where(
                at_junction,
                np.where(end, length - from_end, from_end),
                rng.uniform(0.1, 0.9, len(rows)) * length,
            )
    length = roads.length[seg]
    margin = np.minimum(3.0, length / 2)
    t = np.clip(t, margin, length - margin)
    d = roads.end[seg] - roads.start[seg]
    u = d / length[:, None]
    p = roads.start[seg] + u * t[:, None]
    normal = np.column_stack([-u[:, 1], u[:, 0]])
    towards = np.sign(np.einsum("ij,ij->i", normal, agency.anchors[k] - p))
    towards[towards == 0] = 1.0
    side = np.where(agency.sigma[k] < 150, towards, rng.choice([-1.0, 1.0], n))
    xy = p + normal * (side * rng.uniform(2.5, 6.0, n))[:, None]
    bearing = np.degrees(np.arctan2(u[:, 0], u[:, 1])) % 360.0
    return xy, bearing, seg, k, t


def _to_wgs84(xy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    tr = Transformer.from_crs(CRS, "EPSG:4326", always_xy=True)
    lon, lat = tr.transform(xy[:, 0], xy[:, 1])
    return np.asarray(lat), np.asarray(lon)


def _from_wgs84(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    tr = Transformer.from_crs("EPSG:4326", CRS, always_xy=True)
    x, y = tr.transform(lon, lat)
    return np.column_stack([x, y])


def _pick(rng: np.random.Generator, shares: dict[Any, float], n: int) -> np.ndarray:
    keys = list(shares)
    p = np.array([shares[k] for k in keys], dtype=float)
    return np.asarray(np.array(keys, dtype=object)[rng.choice(len(keys), size=n, p=p / p.sum())])


@dataclass
class CameraBuild:
    """The camera layer and what the survey writer needs to know about it."""

    frame: gpd.GeoDataFrame
    lat: np.ndarray
    lon: np.ndarray
    sweep_rows: list[int]  # Excel rows whose heading cell holds a sweep range


def _cameras(
    rng: np.random.Generator,
    seed: int,
    agencies: list[Agency],
    roads: Roads,
    places: list[Place],
    trunk: np.ndarray,
    towns: list[Town],
) -> CameraBuild:
    xy_l, bear_l, seg_l, face_l, agency_l, group_l, exit_l = [], [], [], [], [], [], []
    for a in agencies:
        xy, bearing, seg, k, _ = _sample_on_roads(rng, roads, a)
        xy_l.append(xy)
        bear_l.append(bearing)
        seg_l.append(seg)
        face_l.append(np.degrees(np.arctan2(*(a.anchors[k] - xy).T)) % 360.0)
        agency_l += [a.name] * a.count
        group_l += [a.group] * a.count
        exit_l.append(a.is_exit[k])
    xy = np.concatenate(xy_l)
    bearing = np.concatenate(bear_l)
    seg = np.concatenate(seg_l)
    face = np.concatenate(face_l)
    near_exit = np.concatenate(exit_l)
    agency = np.array(agency_l, dtype=object)
    group = np.array(group_l, dtype=object)
    n = len(xy)
    rows = np.arange(n) + 2  # Excel rows of the survey

    # The highway office's camera at km 40 of the Asian Highway, watching festival traffic.
    trunk_line = shapely.LineString(trunk)
    km = (
        HIGHWAY_KM_AT_SOUTH_BORDER
        + shapely.line_locate_point(trunk_line, shapely.points(xy)) / 1000.0
    )
    unknown = set(unknown_heading_rows(seed))
    busy = {e.excel_row for e in _SURVEY_SINGLE_ERRORS}
    hw_rows = np.flatnonzero(agency == "แขวงทางหลวงอ่างทอง")
    km40 = int(next(i for i in hw_rows if rows[i] not in unknown | busy))
    d40 = (40.0 - HIGHWAY_KM_AT_SOUTH_BORDER) * 1000.0
    p40 = shapely.get_coordinates(shapely.line_interpolate_point(trunk_line, d40))[0]
    ahead = shapely.get_coordinates(shapely.line_interpolate_point(trunk_line, d40 + 5))[0]
    u40 = (ahead - p40) / np.hypot(*(ahead - p40))
    xy[km40] = p40 + np.array([u40[1], -u40[0]]) * 5.0  # 5 m east of the centreline
    bearing[km40] = np.degrees(np.arctan2(u40[0], u40[1])) % 360.0
    km[km40] = 40.0

    # The survey carries WGS84 degrees with 6 decimals; the layer is exactly that point.
    lat, lon = _to_wgs84(xy)
    lat, lon = np.round(lat, 6), np.round(lon, 6)
    xy = _from_wgs84(lat, lon)

    # Camera types and optics.
    ctype = np.empty(n, dtype=object)
    for g in np.unique(group):
        m = group == g
        ctype[m] = _pick(rng, GROUPS[g].types, int(m.sum()))
    to_alpr = near_exit & (rng.random(n) < 0.65)
    ctype[to_alpr] = "alpr"
    ctype[km40] = "ptz"
    hfov = np.full(n, np.nan)
    res = np.full(n, np.nan)
    height = np.full(n, np.nan)
    tilt = np.full(n, np.nan)
    for ty, (hf, rs, ht, tl) in OPTICS.items():
        m = ctype == ty
        c = int(m.sum())
        hfov[m] = np.round(rng.uniform(*hf, c))
        if ty == "panoramic":
            hfov[m] = rng.choice([180.0, 360.0], c)
        res[m] = _pick(rng, rs, c).astype(float)
        height[m] = np.round(rng.uniform(*ht, c), 1)
        tilt[m] = np.round(rng.uniform(*tl, c))
    hfov[rng.random(n) < 0.04] = np.nan
    res[rng.random(n) < 0.04] = np.nan
    height[rng.random(n) < 0.03] = np.nan
    tilt[rng.random(n) < 0.06] = np.nan

    # Headings: along the road in either direction, some aimed at their building.
    face_share = np.array([GROUPS[g].face_building for g in group])
    flip = rng.random(n) < 0.5
    heading = (bearing + np.where(flip, 180.0, 0.0) + rng.normal(0, 8, n)) % 360.0
    facing = rng.random(n) < face_share
    heading = np.where(facing, face + rng.normal(0, 10, n), heading)
    heading = np.round(heading % 360.0) % 360.0
    heading[[r - 2 for r in sorted(unknown)]] = np.nan
    sweep = np.full(n, np.nan)
    ptz_ok = np.flatnonzero((ctype == "ptz") & ~np.isnan(heading) & ~np.isin(rows, list(busy)))
    ptz_ok = ptz_ok[ptz_ok != km40]
    sweep_idx = np.sort(
        np.concatenate([[km40], rng.choice(ptz_ok, N_PTZ_SWEEP - 1, replace=False)])
    )
    sweep[sweep_idx] = rng.choice([90.0, 120.0, 180.0, 240.0, 270.0], len(sweep_idx))
    sweep[km40] = 180.0

    # Installation year, then status: older cameras and some owners fail more.
    installed = np.zeros(n, dtype=np.int64)
    for g in np.unique(group):
        m = group == g
        lo, hi = GROUPS[g].years
        installed[m] = rng.integers(lo, hi + 1, int(m.sum()))
    status = np.full(n, "working", dtype=object)
    sh_office = int(np.flatnonzero(agency == "ที่ว่าการอำเภอแสวงหา")[0])
    forced_broken = 690 - 2  # the row with the negative repair budget is a broken camera
    assert group[forced_broken] != "district"
    wfail = np.array([GROUPS[g].fail for g in group]) * (1 + (2023 - installed) / 6.0)
    wfail[[sh_office, forced_broken, km40]] = 0.0
    n_fault = N_CAMERAS - N_WORKING
    drawn = rng.choice(n, size=n_fault - 2, replace=False, p=wfail / wfail.sum())
    faults = np.array(
        ["broken"] * (N_BY_FAULT["broken"] - 1)
        + ["not_working"] * (N_BY_FAULT["not_working"] - 1)
        + ["under_repair"] * N_BY_FAULT["under_repair"],
        dtype=object,
    )
    status[drawn] = rng.permutation(faults)
    status[sh_office] = "not_working"
    status[forced_broken] = "broken"

    linked_p = np.array([GROUPS[g].linked for g in group])
    linked = pd.array(rng.random(n) < linked_p, dtype="boolean")
    linked[rng.random(n) < 0.02] = pd.NA
    network = np.full(n, None, dtype=object)
    for i in range(n):  # a string per camera; 860 items
        if linked[i] is pd.NA:
            continue
        if linked[i]:
            net = GROUPS[group[i]].network
            network[i] = net if net else f"ศูนย์ควบคุมกล้อง{agency[i]}"
    unl = np.flatnonzero(~linked.fillna(True).to_numpy(dtype=bool))
    network[unl[rng.random(len(unl)) < 0.5]] = "NVR ภายในหน่วยงาน"

    retention = np.array([float(rng.choice(GROUPS[g].retention)) for g in group])
    retention[(rng.random(n) < 0.03) & (group != "education")] = np.nan

    broken = status != "working"
    budget = np.full(n, np.nan)
    low = np.select([status == "broken", status == "not_working"], [8000, 3000], 5000)
    high = np.select([status == "broken", status == "not_working"], [45000, 20000], 30000)
    raw = rng.uniform(low, high)
    budget[broken] = np.round(raw[broken] / 500.0) * 500.0
    budget[broken & (rng.random(n) < 0.12)] = np.nan
    budget[forced_broken] = 12500.0
    repair_agency = np.full(n, None, dtype=object)
    choice = rng.random(n)
    for i in np.flatnonzero(broken).tolist():
        if choice[i] < 0.1:
            continue
        if GROUPS[group[i]].owner == "private":
            repair_agency[i] = "เจ้าของกิจการ"
        elif choice[i] < 0.3:
            repair_agency[i] = "องค์การบริหารส่วนจังหวัดอ่างทอง"
        elif status[i] == "under_repair" and choice[i] < 0.6:
            repair_agency[i] = "ห้างหุ้นส่วนจำกัด อ่างทองเทคโนโลยี (ผู้รับจ้าง)"
        else:
            repair_agency[i] = str(agency[i])

    names = _camera_names(xy, seg, roads, places, towns, km, ctype, group)
    names[km40] = "ทางหลวง 32 กม. 40 (จุดเฝ้าระวังการจราจรช่วงเทศกาล)"
    owner = np.array([GROUPS[g].owner for g in group], dtype=object)

    frame = gpd.GeoDataFrame(
        {
            "camera_id": pd.array([f"ATG-{i + 1:04d}" for i in range(n)], dtype="str"),
            "name": pd.array(names, dtype="str"),
            "agency": pd.array(agency, dtype="str"),
            "owner": pd.array(owner, dtype="str"),
            "camera_type": pd.array(ctype, dtype="str"),
            "heading_deg": heading,
            "sweep_deg": sweep,
            "hfov_deg": hfov,
            "focal_length_mm": np.full(n, np.nan),
            "sensor_width_mm": np.full(n, np.nan),
            "resolution_px": res,
            "height_m": height,
            "tilt_deg": tilt,
            "status": pd.array(status, dtype="str"),
            "linked": linked,
            "network": pd.array(network, dtype="str"),
            "retention_days": retention,
            "repair_budget_thb": budget,
            "repair_agency": pd.array(repair_agency, dtype="str"),
            "installed": pd.array(installed, dtype="Int64"),
        },
        geometry=shapely.points(xy),
        crs=CRS,
    )
    return CameraBuild(frame, lat, lon, [int(rows[i]) for i in sweep_idx])


def _camera_names(
    xy: np.ndarray,
    seg: np.ndarray,
    roads: Roads,
    places: list[Place],
    towns: list[Town],
    km: np.ndarray,
    ctype: np.ndarray,
    group: np.ndarray,
) -> np.ndarray:
    pxy = np.array([p.xy for p in places])
    dist, near = cKDTree(pxy).query(xy)
    district = _district_of(xy, towns)
    th = {t.code: t.name_th for t in towns}
    out = np.empty(len(xy), dtype=object)
    for i in range(len(xy)):  # Thai text per camera
        road = roads.name[seg[i]]
        hwy = roads.highway[seg[i]]
        if dist[i] < 60.0:
            out[i] = f"หน้า{places[near[i]].name}"
        elif hwy == "trunk":
            whole = int(km[i])
            metres = round((km[i] - whole) * 1000) // 100 * 100
            out[i] = f"ทางหลวง 32 กม. {whole}+{metres:03d}"
        elif road is None:
            out[i] = f"ถนนสาธารณะ อำเภอ{th[district[i]]}"
        elif ctype[i] == "alpr" or group[i] in ("police", "province"):
            out[i] = f"แยก{road}"
        else:
            out[i] = road
    return out


# --------------------------------------------------------------------------------------
# Risk points, escape routes, districts
# --------------------------------------------------------------------------------------

_REASONS = {
    "escape_route": (
        "เป็นเส้นทางหลบหนีออกนอกจังหวัด ใช้ติดตามยานพาหนะของคนร้าย",
        "ทางออกจังหวัด ต้องการกล้องอ่านป้ายทะเบียนตรวจสอบรถต้องสงสัย",
        "เส้นทางโจรตามข้อมูลการสืบสวนของสถานีตำรวจ",
    ),
    "crime_hotspot": (
        "เกิดเหตุลักทรัพย์บ่อยครั้ง",
        "เป็นแหล่งมั่วสุมและค้ายาเสพติด",
        "เกิดเหตุทำร้ายร่างกายในเวลากลางคืน",
        "มีการขอดูภาพกล้องบ่อยแต่ไม่มีกล้องที่ใช้งานได้",
    ),
    "accident_blackspot": (
        "เกิดอุบัติเหตุรุนแรงซ้ำซาก",
        "ทางแยกไม่มีสัญญาณไฟ เกิดอุบัติเหตุบ่อย",
        "ทางโค้งอันตราย รถใช้ความเร็วสูง",
    ),
    "tourist_site": (
        "นักท่องเที่ยวจำนวนมากช่วงเทศกาล",
        "ดูแลความปลอดภัยของนักท่องเที่ยวและทรัพย์สิน",
        "กล้องเดิมชำรุด ไม่มีงบประมาณดูแล",
    ),
    "school": (
        "ดูแลความปลอดภัยนักเรียนช่วงเข้าออกโรงเรียน",
        "มีการลักขโมยทรัพย์สินของโรงเรียน",
    ),
    "bank_gold_shop": (
        "ป้องกันการชิงทรัพย์ร้านทองและธนาคาร",
        "กล้องของเอกชนไม่ครอบคลุมหน้าร้านและถนน",
    ),
    "market": (
        "ผู้คนหนาแน่น เกิดเหตุลักทรัพย์และล้วงกระเป๋า",
        "มีการขอดูภาพกล้องบ่อยครั้ง",
    ),
    "government": ("ดูแลความปลอดภัยสถานที่ราชการ", "กล้องเดิมชำรุด ไม่มีงบซ่อม"),
    "transport_hub": (
        "ผู้โดยสารหนาแน่น ใช้ติดตามบุคคลสูญหายและคนร้าย",
        "จุดเชื่อมต่อการเดินทางออกนอกพื้นที่",
    ),
    "other": ("จุดอับสายตา ประชาชนร้องเรียน", "พื้นที่สาธารณะมีผู้ใช้จำนวนมาก"),
}
_RISK_TYPES: dict[str, dict[str, float]] = {
    "escape_route": {"alpr": 0.8, "ptz": 0.2},
    "accident_blackspot": {"fixed": 0.5, "ptz": 0.3, "alpr": 0.2},
    "crime_hotspot": {"fixed": 0.5, "ptz": 0.4, "panoramic": 0.1},
    "tourist_site": {"ptz": 0.5, "fixed": 0.3, "panoramic": 0.2},
    "school": {"fixed": 0.6, "dome": 0.4},
    "bank_gold_shop": {"fixed": 0.7, "dome": 0.3},
    "market": {"ptz": 0.5, "fixed": 0.3, "panoramic": 0.2},
    "government": {"fixed": 0.5, "dome": 0.5},
    "transport_hub": {"dome": 0.4, "ptz": 0.4, "fixed": 0.2},
    "other": {"fixed": 1.0},
}
_RISK_COUNT = {
    "escape_route": (2, 4),
    "accident_blackspot": (2, 4),
    "crime_hotspot": (2, 6),
    "tourist_site": (3, 8),
    "school": (2, 4),
    "bank_gold_shop": (1, 3),
    "market": (3, 8),
    "government": (2, 4),
    "transport_hub": (2, 6),
    "other": (1, 4),
}
UNIT_COST_THB = {"fixed": 28000, "dome": 25000, "ptz": 85000, "alpr": 120000, "panoramic": 65000}
_SOURCES = {
    "town": ("งบเทศบาล", "งบจังหวัด", "งบ อบจ."),
    "rural": ("งบ อบต.", "งบ อบจ.", "งบจังหวัด"),
    "main": ("งบจังหวัด", "งบกลาง", "งบ อบจ.", "งบกลุ่มจังหวัด"),
}


def _named_junctions(edges: gpd.GeoDataFrame) -> dict[frozenset[str], int]:
    """Nodes where two differently named roads meet: {frozenset(names): node osmid}."""
    u = edges.index.get_level_values("u").to_numpy()
    names = edges["name"].to_numpy(dtype=object)
    by_node: dict[int, set[str]] = {}
    for node, name in zip(u.tolist(), names, strict=True):
        if isinstance(name, str):
            by_node.setdefault(node, set()).add(name)
    out: dict[frozenset[str], int] = {}
    for node, ns in sorted(by_node.items()):
        srt = sorted(ns)
        for i, a in enumerate(srt):
            for b in srt[i + 1 :]:
                out.setdefault(frozenset((a, b)), node)
    return out


def _risk_points(
    rng: np.random.Generator,
    places: list[Place],
    towns: list[Town],
    villages: list[Village],
    exits: list[Exit],
    exit_in: np.ndarray,
    nodes: gpd.GeoDataFrame,
    edges: gpd.GeoDataFrame,
    roads: Roads,
) -> gpd.GeoDataFrame:
    pmap = {p.name: p for p in places}
    tdict = {t.key: t for t in towns}
    node_xy = nodes[["x", "y"]].to_numpy()
    node_pos = {int(o): i for i, o in enumerate(nodes.index)}
    junc = _named_junctions(edges)
    rows: list[tuple[str, str, np.ndarray, str]] = []  # category, name, anchor, area kind

    def at(name: str) -> np.ndarray:
        return pmap[name].xy

    # Tourist sites
    for name in (
        "วัดไชโยวรวิหาร",
        "วัดม่วง (พระพุทธรูปองค์ใหญ่)",
        "วัดขุนอินทประมูล",
        "วัดป่าโมกวรวิหาร",
        "วัดต้นสน",
        "ตลาดศาลเจ้าโรงทอง",
    ):
        rows.append(("tourist_site", name, at(name), "main"))
    vxy = np.array([v.xy for v in villages])
    vdist = _district_of(vxy, towns)
    pamok_v = np.flatnonzero(vdist == "1503")
    doll = pamok_v[0] if len(pamok_v) else 0
    rows.append(("tourist_site", "หมู่บ้านตุ๊กตาชาววังบางเสด็จ", vxy[doll], "rural"))
    # Markets
    for p in places:
        if p.kind == "market" and p.name != "ตลาดศาลเจ้าโรงทอง":
            rows.append(("market", p.name, p.xy, "town"))
    hw_m = junc[frozenset(("ถนนสายเอเชีย (ทางหลวง 32)", "ถนนอ่างทอง-ทางหลวงสายเอเชีย"))]
    rows.append(
        ("market", "ตลาดนัดริมทางหลวง 32 (แยกอ่างทอง)", node_xy[node_pos[hw_m]] + [60.0, 40.0], "main")
    )
    # Banks and gold shops, schools, government
    shops = [p for p in places if p.kind in ("gold_shop", "bank")]
    for i in sorted(rng.choice(len(shops), 10, replace=False).tolist()):
        rows.append(("bank_gold_shop", shops[i].name, shops[i].xy, "town"))
    town_schools = [p for p in places if p.kind == "school" and p.town]
    vil_schools = [p for p in places if p.kind == "school" and not p.town]
    for i in sorted(rng.choice(len(town_schools), 7, replace=False).tolist()):
        rows.append(("school", town_schools[i].name, town_schools[i].xy, "town"))
    for i in sorted(rng.choice(len(vil_schools), 3, replace=False).tolist()):
        rows.append(("school", vil_schools[i].name, vil_schools[i].xy, "rural"))
    rows.append(("government", "ศาลากลางจังหวัดอ่างทอง", at("ศาลากลางจังหวัดอ่างทอง"), "town"))
    for key in ("chaiyo", "pamok", "photong", "sawaeng", "samko"):
        name = f"ที่ว่าการอำเภอ{tdict[key].name_th}"
        rows.append(("government", name, at(name), "town"))
    # Transport hubs
    rows.append(
        ("transport_hub", "สถานีขนส่งผู้โดยสารจังหวัดอ่างทอง", at("สถานีขนส่งผู้โดยสารจังหวัดอ่างทอง"), "town")
    )
    rows.append(("transport_hub", "จุดจอดรถตู้โดยสารป่าโมก", np.array(tdict["pamok"].centre), "town"))
    rows.append(("transport_hub", "ท่าเรือวัดไชโย", tdict["chaiyo"].entrances["E"], "town"))
    # Escape routes: exits and the junctions leading to them
    for e, p in zip(exits, exit_in, strict=True):
        rows.append(("escape_route", f"ทางออกจังหวัด {e.name}", p, "main"))
    for a, b in (
        ("ถนนเลี่ยงเมืองอ่างทอง", "ทางหลวง 3064 อ่างทอง-วิเศษชัยชาญ"),
        ("ถนนเลี่ยงเมืองอ่างทอง", "ทางหลวง 3195 อ่างทอง-โพธิ์ทอง"),
        ("ถนนสายเอเชีย (ทางหลวง 32)", "ถนนอ่างทอง-ทางหลวงสายเอเชีย"),
        ("ถนนสายเอเชีย (ทางหลวง 32)", "ถนนไชโย-ทางหลวงสายเอเชีย"),
        ("ถนนสายเอเชีย (ทางหลวง 32)", "ถนนป่าโมก-ทางหลวงสายเอเชีย"),
        ("ถนนสายเอเชีย (ทางหลวง 32)", "ถนนอ่างทอง-ท่าวุ้ง"),
    ):
        node = junc[frozenset((a, b))]
        rows.append(("escape_route", f"ทางแยก{a} ตัด{b}", node_xy[node_pos[node]], "main"))
    # Accident blackspots: junctions on main roads outside the towns
    u_hw = pd.Series(edges["highway"].to_numpy(), index=edges.index.get_level_values("u"))
    main_nodes = set(u_hw[u_hw.isin(["trunk", "primary", "secondary"])].index.tolist())
    cand = np.array(
        [
            i
            for i, o in enumerate(nodes.index)
            if int(o) in main_nodes
            and int(nodes["street_count"].iloc[i]) >= 3
            and all(np.hypot(*(node_xy[i] - t.centre)) > t.radius + 100 for t in towns)
        ]
    )
    chosen: list[int] = []
    for i in rng.permutation(cand):
        if all(np.hypot(*(node_xy[i] - node_xy[j])) > 1500 for j in chosen):
            chosen.append(int(i))
        if len(chosen) == 16:
            break
    names_at = edges.groupby(level="u")["name"].agg(lambda s: sorted(set(s.dropna())))
    for i in chosen:
        ns = names_at.get(nodes.index[i], [])
        label = f"ทางแยก{ns[0]}" + (f" ตัด{ns[1]}" if len(ns) > 1 else "") if ns else "ทางแยก"
        rows.append(("accident_blackspot", label, node_xy[i], "main"))
    # Crime hotspots: villages and busy town junctions
    for i in sorted(rng.choice(len(villages), 12, replace=False).tolist()):
        rows.append(("crime_hotspot", f"ชุมชน{villages[i].name}", vxy[i], "rural"))
    for t in towns[:4]:
        for k in range(2):
            r = t.ny // 2 + (k * 2 - 1) * 2
            rows.append(
                (
                    "crime_hotspot",
                    f"ชุมชนในเขตเทศบาล{t.name_th} {k + 1}",
                    t.nodes[r, t.nx // 2],
                    "town",
                )
            )
    # Other
    mt = tdict["mueang"]
    others = (
        ("สวนสาธารณะเฉลิมพระเกียรติ", mt.cell_centre(1, 1), "town"),
        ("สนามกีฬาจังหวัดอ่างทอง", mt.cell_centre(mt.ny - 3, 1), "town"),
        ("ลานจอดรถวัดม่วง", np.array(WAT_MUANG) + np.array([-180.0, -150.0]), "main"),
        ("ประตูระบายน้ำคลองโผงเผง", vxy[pamok_v[-1]] if len(pamok_v) else vxy[1], "rural"),
        ("ตลาดนัดวัดขุนอินทประมูล", at("วัดขุนอินทประมูล"), "rural"),
        ("ปั๊มน้ำมันริมทางหลวง 32 (ไชโย)", tdict["chaiyo"].entrances["E"] + [2500, 0], "main"),
        ("ลานกิจกรรมริมแม่น้ำเจ้าพระยา", mt.entrances["E"], "town"),
    )
    for name, xy, area in others:
        rows.append(("other", name, np.asarray(xy, dtype=float), area))
    assert len(rows) == 100, len(rows)

    anchors = np.array([r[2] for r in rows], dtype=float)
    tree = shapely.STRtree(roads.geom)
    pts = shapely.points(anchors)
    near = tree.query_nearest(pts, all_matches=False)[1]
    on_road = shapely.get_coordinates(shapely.shortest_line(roads.geom[near], pts))[::2]
    away = anchors - on_road
    dist = np.hypot(*away.T)
    unit = np.where(dist[:, None] > 0.5, away / np.maximum(dist, 1e-9)[:, None], [[0.7071, 0.7071]])
    xy = on_road + unit * np.minimum(np.maximum(dist, 3.0), rng.uniform(3, 10, len(rows)))[:, None]

    cats = [r[0] for r in rows]
    district = _district_of(xy, towns)
    th = {t.code: t.name_th for t in towns}
    prio = []
    nominated = []
    ctype = []
    n_cam = []
    budget = []
    source = []
    reason = []
    for i, cat in enumerate(cats):  # one row of text per point; 100 points
        shares = (
            (0.5, 0.35, 0.15)
            if cat in ("escape_route", "crime_hotspot")
            else (0.35, 0.4, 0.25)
            if cat == "accident_blackspot"
            else (0.15, 0.35, 0.5)
        )
        prio.append(str(rng.choice(["urgent", "high", "normal"], p=shares)))
        d = th[district[i]]
        if cat in ("government", "school", "other") and rng.random() < 0.4:
            nominated.append(f"ที่ว่าการอำเภอ{d}")
        elif cat == "tourist_site" and rng.random() < 0.5:
            nominated.append("สำนักงานการท่องเที่ยวและกีฬาจังหวัดอ่างทอง")
        else:
            nominated.append(f"สภ.{d}")
        ty = str(_pick(rng, _RISK_TYPES[cat], 1)[0])
        ctype.append(ty)
        lo, hi = _RISK_COUNT[cat]
        k = int(rng.integers(lo, hi + 1))
        n_cam.append(k)
        cost = k * (UNIT_COST_THB[ty] + 15000) + 30000
        budget.append(float(round(cost * rng.uniform(0.95, 1.15), -3)))
        source.append(str(rng.choice(_SOURCES[rows[i][3]])))
        reason.append(str(rng.choice(_REASONS[cat])))
    return gpd.GeoDataFrame(
        {
            "point_id": pd.array([f"RP-{i + 1:03d}" for i in range(len(rows))], dtype="str"),
            "name": pd.array([r[1] for r in rows], dtype="str"),
            "category": pd.array(cats, dtype="str"),
            "priority": pd.array(prio, dtype="str"),
            "reason": pd.array(reason, dtype="str"),
            "nominated_by": pd.array(nominated, dtype="str"),
            "requested_cameras": np.array(n_cam, dtype=np.int64),
            "camera_type": pd.array(ctype, dtype="str"),
            "budget_thb": np.array(budget, dtype=float),
            "budget_source": pd.array(source, dtype="str"),
        },
        geometry=shapely.points(xy),
        crs=CRS,
    )


def _escape_routes(
    rng: np.random.Generator,
    risk: gpd.GeoDataFrame,
    exits: list[Exit],
    nodes: gpd.GeoDataFrame,
    edges: gpd.GeoDataFrame,
) -> gpd.GeoDataFrame:
    """Shortest road routes from six places where crimes happen to the two nearest exits each."""
    g = nx.DiGraph()
    u = edges.index.get_level_values("u").to_numpy()
    v = edges.index.get_level_values("v").to_numpy()
    g.add_weighted_edges_from(zip(u.tolist(), v.tolist(), edges["length"].tolist(), strict=True))
    node_xy = nodes[["x", "y"]].to_numpy()
    ids = nodes.index.to_numpy()
    tree = cKDTree(node_xy)
    exit_nodes = [int(ids[tree.query(e.xy)[1]]) for e in exits]
    cats = risk["category"].to_numpy()
    names = risk["name"].to_numpy()
    markets = [i for i in range(len(risk)) if cats[i] == "market" and "ตลาดนัด" not in names[i]]
    gold = [i for i in range(len(risk)) if cats[i] == "bank_gold_shop"]
    crime = [i for i in range(len(risk)) if cats[i] == "crime_hotspot"]
    origins = [*markets[:4], gold[0], crime[int(rng.integers(0, len(crime)))]]
    geo: list[shapely.LineString] = []
    out: dict[str, list[Any]] = {
        "route_id": [],
        "name": [],
        "origin_point_id": [],
        "exit_name": [],
        "length_m": [],
    }
    pxy = shapely.get_coordinates(risk.geometry.to_numpy())
    for o in origins:
        start = int(ids[tree.query(pxy[o])[1]])
        dist, paths = nx.single_source_dijkstra(g, start, weight="weight")
        order = sorted(range(len(exits)), key=lambda k: dist.get(exit_nodes[k], np.inf))
        for k in order[:2]:
            path = paths[exit_nodes[k]]
            pos = np.searchsorted(ids, path)
            assert np.array_equal(ids[pos], path)
            geo.append(shapely.LineString(node_xy[pos]))
            out["route_id"].append(f"ER-{len(geo):02d}")
            out["name"].append(f"เส้นทางหลบหนีจาก{names[o]} ไป{exits[k].name}")
            out["origin_point_id"].append(risk["point_id"].iloc[o])
            out["exit_name"].append(exits[k].name)
            out["length_m"].append(float(dist[exit_nodes[k]]))
    return gpd.GeoDataFrame(
        {
            k: (pd.array(vals, dtype="str") if k != "length_m" else np.array(vals))
            for k, vals in out.items()
        },
        geometry=geo,
        crs=CRS,
    )


# Escape routes as the police of the sample draw them on cg.maps.route_drawing_map: from the
# scene (a risk point) to a province exit (an escape_route risk point), with the name typed in
# the tool's box. Thieves keep off the main roads, where the checkpoints and most cameras are,
# so the route is the shortest path with main roads made longer by BACK_ROAD_FACTOR.
DRAWN_ROUTES = (
    ("RP-016", "RP-051", "ชิงทรัพย์ร้านทองแสงทอง หนีทางลัดไปท่าวุ้ง (ลพบุรี)"),
    ("RP-024", "RP-048", "ร้านทองทองดี สามโก้ หนีไปสุพรรณบุรี ทาง 3064"),
    ("RP-083", "RP-048", "ลักรถจักรยานยนต์ บ้านท่าจิก หนีไปสุพรรณบุรี"),
)
BACK_ROAD_FACTOR = {"trunk": 8.0, "primary": 4.0, "secondary": 2.0}
CLICK_SPACING_M = 10.0  # the officer clicks at each turn or bend of more than this


def back_road_path(layers: dict[str, gpd.GeoDataFrame], origin: str, exit_point: str) -> list[int]:
    """Road nodes of the drawn route from risk point ``origin`` to risk point ``exit_point``.

    The shortest path along the directed road graph (one-way streets respected) with the
    lengths of main roads multiplied by :data:`BACK_ROAD_FACTOR`.
    """
    nodes, edges, risk = layers["road_nodes"], layers["road_edges"], layers["risk_points"]
    g = nx.DiGraph()
    u = edges.index.get_level_values("u").to_numpy()
    v = edges.index.get_level_values("v").to_numpy()
    factor = edges["highway"].map(lambda h: BACK_ROAD_FACTOR.get(h, 1.0)).to_numpy(dtype=float)
    cost = edges["length"].to_numpy() * factor
    g.add_weighted_edges_from(zip(u.tolist(), v.tolist(), cost.tolist(), strict=True))
    ids = nodes.index.to_numpy()
    tree = cKDTree(nodes[["x", "y"]].to_numpy())
    at = dict(zip(risk["point_id"], shapely.get_coordinates(risk.geometry.to_numpy()), strict=True))
    start, end = (int(ids[tree.query(at[p])[1]]) for p in (origin, exit_point))
    return [int(n) for n in nx.dijkstra_path(g, start, end, weight="weight")]


def _js_round6(x: float) -> float:
    """JavaScript's ``Math.round(x * 1e6) / 1e6`` (the map's export), for x > 0."""
    return math.floor(x * 1e6 + 0.5) / 1e6


def drawn_routes(layers: dict[str, gpd.GeoDataFrame]) -> str:
    """The GeoJSON text that the route-drawing map exports for :data:`DRAWN_ROUTES`.

    Each route is clicked in travel order at the road vertices where it turns or bends
    (the path's vertices kept by a Douglas-Peucker simplification at
    :data:`CLICK_SPACING_M`; every vertex of the sample's roads is a node, so each click
    is a vertex the map snaps to). The text is what the map's script writes: vertices as
    the map holds them (EPSG:4326 rounded to ``settings.map_coordinate_decimals``), then
    ``Math.round(x * 1e6) / 1e6``, and ``JSON.stringify(fc, null, 1)`` (one-space indent,
    non-ASCII text as is, no final newline).
    """
    nodes = layers["road_nodes"]
    features = []
    for n, (origin, exit_point, name) in enumerate(DRAWN_ROUTES, start=1):
        path = back_road_path(layers, origin, exit_point)
        line = shapely.LineString(nodes.loc[path, ["x", "y"]].to_numpy())
        clicks = shapely.get_coordinates(shapely.simplify(line, CLICK_SPACING_M))
        lat, lon = _to_wgs84(clicks)
        decimals = settings.map_coordinate_decimals
        lon, lat = np.round(lon, decimals), np.round(lat, decimals)
        coords = [[_js_round6(x), _js_round6(y)] for x, y in zip(lon, lat, strict=True)]
        features.append(
            {
                "type": "Feature",
                "properties": {"route_id": f"R{n:02d}", "name": name},
                "geometry": {"type": "LineString", "coordinates": coords},
            }
        )
    fc = {"type": "FeatureCollection", "features": features}
    # JSON.stringify writes 14.5 as 14.5 and 14.0 as 14; no coordinate here is whole.
    assert all(
        not float(c).is_integer() for f in features for p in f["geometry"]["coordinates"] for c in p
    )
    return json.dumps(fc, indent=1, ensure_ascii=False)


def _districts(towns: list[Town], province: shapely.Polygon) -> gpd.GeoDataFrame:
    """Voronoi cells of the seven district seats, clipped to the province."""
    seats = shapely.points(np.array([t.seat for t in towns]))
    cells = shapely.get_parts(
        shapely.voronoi_polygons(shapely.multipoints(seats), extend_to=province)
    )
    geoms = []
    for s in seats:
        cell = next(c for c in cells if shapely.contains(c, s))
        geoms.append(shapely.intersection(cell, province))
    return gpd.GeoDataFrame(
        {
            "district_id": pd.array([t.code for t in towns], dtype="str"),
            "name_th": pd.array([t.name_th for t in towns], dtype="str"),
            "name_en": pd.array([t.name_en for t in towns], dtype="str"),
        },
        geometry=geoms,
        crs=CRS,
    )


# --------------------------------------------------------------------------------------
# Footage-access requests
# --------------------------------------------------------------------------------------

_CASE_SHARES = {
    "market": (0.55, 0.1, 0.12, 0.08, 0.05, 0.1),
    "gold": (0.72, 0.05, 0.08, 0.03, 0.02, 0.1),
    "junction": (0.08, 0.72, 0.06, 0.04, 0.03, 0.07),
    "drugs": (0.2, 0.05, 0.15, 0.5, 0.03, 0.07),
    "background": (0.35, 0.25, 0.12, 0.1, 0.06, 0.12),
}


def _thai_date(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year + 543}"


def _fiscal_year_be(d: date) -> int:
    return d.year + 543 + (1 if d.month >= 10 else 0)


def _requests(
    rng: np.random.Generator,
    cameras: CameraBuild,
    places: list[Place],
    towns: list[Town],
    roads: Roads,
    risk: gpd.GeoDataFrame,
    edges: gpd.GeoDataFrame,
    province: shapely.Polygon,
) -> pd.DataFrame:
    n = N_REQUESTS
    pmap = {p.name: p for p in places}
    junc = _named_junctions(edges)
    node_xy = dict(
        zip(
            edges.index.get_level_values("u"),
            shapely.get_coordinates(edges.geometry.to_numpy()).reshape(-1, 2, 2)[:, 0].tolist(),
            strict=False,
        )
    )
    trunk = "ถนนสายเอเชีย (ทางหลวง 32)"
    gold_m = np.array([p.xy for p in places if p.kind == "gold_shop" and p.town == "mueang"])
    crime_rural = risk[(risk["category"] == "crime_hotspot")].geometry.iloc[0]
    hotspots = [
        (pmap["ตลาดเทศบาลเมืองอ่างทอง"].xy, 90.0, 0.16, "market"),
        (gold_m.mean(axis=0), 60.0, 0.08, "gold"),
        (node_xy[junc[frozenset((trunk, "ถนนอ่างทอง-ทางหลวงสายเอเชีย"))]], 120.0, 0.10, "junction"),
        (node_xy[junc[frozenset((trunk, "ถนนไชโย-ทางหลวงสายเอเชีย"))]], 120.0, 0.05, "junction"),
        (pmap["ตลาดสดเทศบาลตำบลโพธิ์ทอง"].xy, 80.0, 0.06, "market"),
        (pmap["ตลาดศาลเจ้าโรงทอง"].xy, 90.0, 0.05, "market"),
        (pmap["ตลาดสดเทศบาลตำบลป่าโมก"].xy, 90.0, 0.04, "market"),
        (
            node_xy[junc[frozenset(("ถนนเลี่ยงเมืองอ่างทอง", "ทางหลวง 3064 อ่างทอง-วิเศษชัยชาญ"))]],
            100.0,
            0.04,
            "junction",
        ),
        ((crime_rural.x, crime_rural.y), 200.0, 0.03, "drugs"),
    ]
    weights = np.array([h[2] for h in hotspots] + [1.0 - sum(h[2] for h in hotspots)])
    which = rng.choice(len(weights), size=n, p=weights)
    xy = np.zeros((n, 2))
    mid = (roads.start + roads.end) / 2
    boost = np.ones(len(mid))
    for t in towns:
        boost[np.hypot(*(mid - t.centre).T) < t.radius] = 4.0
    pw = roads.length * boost * roads.allowed
    todo = np.arange(n)
    for _ in range(20):  # resample the few points that fall outside the province
        k = len(todo)
        seg = rng.choice(len(pw), size=k, p=pw / pw.sum())
        f = rng.random(k)
        bg = roads.start[seg] + (roads.end[seg] - roads.start[seg]) * f[:, None]
        bg = bg + rng.normal(0, 20, (k, 2))
        centre = np.array([hotspots[min(w, len(hotspots) - 1)][0] for w in which[todo]], float)
        sig = np.array([hotspots[min(w, len(hotspots) - 1)][1] for w in which[todo]])
        hot = centre + rng.normal(0, 1, (k, 2)) * sig[:, None]
        xy[todo] = np.where((which[todo] == len(hotspots))[:, None], bg, hot)
        inside = shapely.contains_xy(province, xy[todo, 0], xy[todo, 1])
        todo = todo[~inside]
        if len(todo) == 0:
            break
    assert len(todo) == 0

    kinds = [h[3] for h in hotspots] + ["background"]
    case = np.empty(n, dtype=object)
    for j, kind in enumerate(kinds):
        m = which == j
        case[m] = np.array(CASE_TYPES, dtype=object)[
            rng.choice(len(CASE_TYPES), size=int(m.sum()), p=_CASE_SHARES[kind])
        ]

    # What the requester got depends on the nearest camera.
    cam = cameras.frame
    cxy = shapely.get_coordinates(cam.geometry.to_numpy())
    dist, near = cKDTree(cxy).query(xy)
    status = cam["status"].to_numpy(dtype=object)[near]
    retention = cam["retention_days"].to_numpy()[near]
    private = cam["owner"].to_numpy(dtype=object)[near] == "private"
    r = rng.random(n)
    has = dist <= 100.0
    p_ret = np.select(
        [np.isnan(retention), retention <= 3, retention <= 7], [0.1, 0.55, 0.25], 0.06
    )
    p_den = np.where(private, 0.12, 0.03)
    outcome = np.where(
        ~has,
        np.where(r < 0.95, "no_camera", "denied"),
        np.where(
            status != "working",
            np.where(r < 0.92, "camera_broken", "denied"),
            np.where(
                r < p_ret,
                "retention_expired",
                np.where(r < p_ret + p_den, "denied", "footage_found"),
            ),
        ),
    )
    ids = cam["camera_id"].to_numpy(dtype=object)[near]
    cam_id = np.where(has & (outcome != "no_camera") & (rng.random(n) < 0.9), ids, "")

    # Who asked.
    th = {t.code: t.name_th for t in towns}
    district = _district_of(xy, towns)
    station = np.array([f"สภ.{th[d]}" for d in district], dtype=object)
    office = np.array([f"ที่ว่าการอำเภอ{th[d]}" for d in district], dtype=object)
    a = rng.random(n)
    accident = case == "อุบัติเหตุจราจร"
    agency = np.where(a < 0.82, station, np.where(a < 0.88, "ตำรวจภูธรจังหวัดอ่างทอง", office))
    agency = np.where(accident & (a > 0.9), "บริษัทประกันภัย (ผู้รับประกันรถยนต์)", agency)
    agency = np.where(~accident & (a > 0.95), "ประชาชนทั่วไป", agency)

    days = rng.integers(0, (FISCAL_END - FISCAL_START).days + 1, n)
    order = np.argsort(days, kind="stable")
    dates = [FISCAL_START + timedelta(days=int(d)) for d in days[order]]
    fy = np.array([_fiscal_year_be(d) for d in dates])
    seq = np.zeros(n, dtype=int)
    for y in np.unique(fy):
        m = fy == y
        seq[m] = np.arange(1, int(m.sum()) + 1)
    lat, lon = _to_wgs84(xy[order])

    police = np.array([str(a).startswith(("สภ.", "ตำรวจ")) for a in agency[order]])
    prefix = np.where(
        police,
        rng.choice(["ร.ต.อ.", "ด.ต.", "จ.ส.ต.", "พ.ต.ท.", "ส.ต.อ."], n),
        rng.choice(["นาย", "นาง", "นางสาว"], n),
    )
    number = rng.integers(1, 1000, n)
    names = [
        f"{p}ทดสอบ ตัวอย่าง {str(k).translate(THAI_DIGITS)}"
        for p, k in zip(prefix, number, strict=True)
    ]
    phone_digits = rng.integers(0, 10, (n, 9))
    phones = [
        f"08{d[0]}-{d[1]}{d[2]}{d[3]}-{d[4]}{d[5]}{d[6]}{d[7]}" for d in phone_digits.tolist()
    ]
    id_digits = rng.integers(0, 10, (n, 12))
    national = ["0" + "".join(map(str, d)) for d in id_digits.tolist()]  # real IDs never start 0
    table = {
        "เลขที่คำขอ": [f"REQ-{y}-{s:05d}" for y, s in zip(fy, seq, strict=True)],
        "วันที่ขอ": [_thai_date(d) for d in dates],
        "รหัสกล้อง": cam_id[order].tolist(),
        "ละติจูด": [f"{v:.6f}" for v in lat],
        "ลองจิจูด": [f"{v:.6f}" for v in lon],
        "หน่วยงานที่ขอ": agency[order].tolist(),
        "ประเภทคดี": case[order].tolist(),
        "ผลการขอ": [OUTCOME_TH[o] for o in outcome[order]],
        "ชื่อผู้ขอ": names,
        "เบอร์โทร": phones,
        "เลขบัตรประชาชน": national,
    }
    return pd.DataFrame({k: pd.array(v, dtype="str") for k, v in table.items()})


# --------------------------------------------------------------------------------------
# Survey spreadsheets
# --------------------------------------------------------------------------------------

_REMARKS = (
    "ติดตั้งโดยงบ อบจ.",
    "ภาพไม่ชัดเวลากลางคืน",
    "ย้ายจุดติดตั้งแล้ว",
    "อยู่ระหว่างของบซ่อม",
    "ใช้ไฟจากเสาไฟฟ้าสาธารณะ",
    "สัญญาณขาดบ่อย",
    "เจ้าของร้านยินดีหันกล้องตามที่ตำรวจขอ",
    "บันทึกภาพลงการ์ดหน่วยความจำ",
)
_RES_TEXT = {
    1920: ("2MP", "1920x1080"),
    2560: ("4MP", "2560x1440"),
    3840: ("8MP", "3840x2160"),
}


def _thai(value: Any, fmt: str = "{}") -> str:
    return fmt.format(value).translate(THAI_DIGITS)


def _dms(lat: float) -> str:
    d = int(lat)
    m_full = (lat - d) * 60
    m = int(m_full)
    s = (m_full - m) * 60
    return f"{d}°{m:02d}'{s:04.1f}\"N"


def _clean(v: Any) -> Any:
    """NaN and NA as an empty cell; numpy scalars as Python numbers."""
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return None
    if isinstance(v, np.generic):
        return v.item()
    return v


def _survey_sheet(
    rng: np.random.Generator, cb: CameraBuild, seed: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    cam = cb.frame
    n = len(cam)

    def num(col: str, kind: type) -> list[Any]:
        vals = cam[col].to_numpy(dtype=float, na_value=np.nan)
        return [None if np.isnan(v) else kind(v) for v in vals]

    linked = cam["linked"].to_numpy(dtype=object, na_value=None)
    cells: dict[str, list[Any]] = {
        "ลำดับ": list(range(1, n + 1)),
        "รหัสกล้อง": cam["camera_id"].tolist(),
        "ชื่อจุดติดตั้ง": cam["name"].tolist(),
        "หน่วยงาน": cam["agency"].tolist(),
        "ประเภทเจ้าของ": ["รัฐ" if o == "public" else "เอกชน" for o in cam["owner"]],
        "ประเภทกล้อง": [TYPE_TH[t] for t in cam["camera_type"]],
        "ละติจูด": cb.lat.tolist(),
        "ลองจิจูด": cb.lon.tolist(),
        "ทิศทาง (องศา)": num("heading_deg", int),
        "มุมมองแนวนอน (องศา)": num("hfov_deg", int),
        "ความละเอียด (พิกเซล)": num("resolution_px", int),
        "ความสูง (ม.)": num("height_m", float),
        "มุมก้ม (องศา)": num("tilt_deg", int),
        "สถานะ": [STATUS_TH[s] for s in cam["status"]],
        "การเชื่อมโยง": [
            None if v is None else ("เชื่อมโยงแล้ว" if v else "ยังไม่เชื่อมโยง") for v in linked
        ],
        "เครือข่าย": [_clean(v) for v in cam["network"]],
        "ระยะเวลาบันทึก (วัน)": num("retention_days", int),
        "งบประมาณซ่อม (บาท)": num("repair_budget_thb", int),
        "หน่วยงานซ่อม": [_clean(v) for v in cam["repair_agency"]],
        "ปีที่ติดตั้ง (พ.ศ.)": [int(y) + 543 for y in cam["installed"]],
        "หมายเหตุ": [str(rng.choice(_REMARKS)) if rng.random() < 0.15 else None for _ in range(n)],
    }
    # Resolution as text for some rows, as agencies type it.
    res = cells["ความละเอียด (พิกเซล)"]
    for i in np.flatnonzero(rng.random(n) < 0.1).tolist():
        if res[i] is not None:
            res[i] = _RES_TEXT[res[i]][int(rng.integers(0, 2))]
    # Thai digits in about 10 % of numeric cells (never in the cells with a deliberate error).
    errors = survey_errors(seed)
    busy = {(e.excel_row, e.column) for e in errors}
    busy |= {(e.excel_row, _LON) for e in errors if e.column == _LAT}
    formats = {
        "ละติจูด": "{:.6f}",
        "ลองจิจูด": "{:.6f}",
        "ทิศทาง (องศา)": "{}",
        "มุมมองแนวนอน (องศา)": "{}",
        "ความละเอียด (พิกเซล)": "{}",
        "ความสูง (ม.)": "{:.1f}",
        "มุมก้ม (องศา)": "{}",
        "ระยะเวลาบันทึก (วัน)": "{}",
        "งบประมาณซ่อม (บาท)": "{}",
        "ปีที่ติดตั้ง (พ.ศ.)": "{}",
    }
    for col, fmt in formats.items():
        pick = rng.random(n) < 0.1
        for i in np.flatnonzero(pick).tolist():
            v = cells[col][i]
            if isinstance(v, int | float) and (i + 2, col) not in busy:
                cells[col][i] = _thai(v, fmt)
    # PTZ sweep ranges in the heading cell, e.g. "๙๐-๒๗๐".
    head = cells[_HEAD]
    for j, row in enumerate(cb.sweep_rows):
        i = row - 2
        h = float(cam["heading_deg"].iloc[i])
        s = float(cam["sweep_deg"].iloc[i])
        a, b = int((h - s / 2) % 360), int((h + s / 2) % 360)
        text = f"{a}-{b}"
        head[i] = text.translate(THAI_DIGITS) if j % 2 == 0 else text
    # The deliberate errors.
    lat, lon = cells[_LAT], cells[_LON]
    for e in errors:
        i = e.excel_row - 2
        if e.kind == "latlon_swapped":
            lat[i], lon[i] = cb.lon[i].item(), cb.lat[i].item()
        elif e.kind == "duplicate_id":
            cells["รหัสกล้อง"][i] = cells["รหัสกล้อง"][i - 1]
        elif e.kind == "missing_coordinates":
            lat[i], lon[i] = None, None
        elif e.kind == "coordinates_in_one_cell":
            lat[i], lon[i] = f"{cb.lat[i]:.6f}, {cb.lon[i]:.6f}", None
        elif e.kind == "dms_latitude":
            lat[i] = _dms(float(cb.lat[i]))
        elif e.kind == "heading_unknown_word":
            head[i] = "ไม่ทราบ"
        elif e.kind == "heading_non_numeric":
            head[i] = "abc"
        elif e.kind == "heading_out_of_range":
            head[i] = 400
        elif e.kind == "negative_repair_budget":
            cells["งบประมาณซ่อม (บาท)"][i] = -abs(int(cam["repair_budget_thb"].iloc[i]))
        elif e.kind == "status_english":
            cells["สถานะ"][i] = STATUS_EN_WORD[str(cam["status"].iloc[i])]
        elif e.kind == "status_whitespace":
            th = STATUS_TH[str(cam["status"].iloc[i])]
            cells["สถานะ"][i] = f"  {th} " if e.excel_row % 2 else f"{th}   "
        elif e.kind == "heading_blank":
            assert head[i] is None, e
        else:  # pragma: no cover - every kind above is handled
            raise AssertionError(e.kind)
    sheet = pd.DataFrame({h: pd.Series(cells[h], dtype=object) for h in SURVEY_HEADERS})
    return sheet, _error_frame(errors)


def _error_frame(errors: Sequence[SheetError]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "excel_row": np.array([e.excel_row for e in errors], dtype=np.int64),
            "column": pd.array([e.column for e in errors], dtype="str"),
            "kind": pd.array([e.kind for e in errors], dtype="str"),
            "severity": pd.array([e.severity for e in errors], dtype="str"),
            "description": pd.array([e.description for e in errors], dtype="str"),
        }
    )


def _risk_sheet(
    rng: np.random.Generator, risk: gpd.GeoDataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    lat, lon = _to_wgs84(shapely.get_coordinates(risk.geometry.to_numpy()))
    cells: dict[str, list[Any]] = {
        "รหัสจุด": risk["point_id"].tolist(),
        "ชื่อจุดเสี่ยง/จุดสำคัญ": risk["name"].tolist(),
        "ประเภทจุด": [CATEGORY_TH[c] for c in risk["category"]],
        "ลำดับความสำคัญเร่งด่วน": [PRIORITY_TH[p] for p in risk["priority"]],
        "เหตุผลในการติดตั้ง": risk["reason"].tolist(),
        "ผู้เสนอ": risk["nominated_by"].tolist(),
        "จำนวนกล้องที่ต้องการ": [int(v) for v in risk["requested_cameras"]],
        "ประเภทกล้อง": [TYPE_TH[t] for t in risk["camera_type"]],
        "งบประมาณ (บาท)": [int(v) for v in risk["budget_thb"]],
        "แหล่งงบประมาณ": risk["budget_source"].tolist(),
        "ละติจูด": np.round(lat, 6).tolist(),
        "ลองจิจูด": np.round(lon, 6).tolist(),
    }
    n = len(risk)
    busy = {(e.excel_row, e.column) for e in RISK_POINT_ERRORS}
    busy |= {(e.excel_row, "ลองจิจูด") for e in RISK_POINT_ERRORS if e.column == _RISK_LAT}
    for col, fmt in (
        ("จำนวนกล้องที่ต้องการ", "{}"),
        ("งบประมาณ (บาท)", "{:,}"),
        ("ละติจูด", "{:.6f}"),
        ("ลองจิจูด", "{:.6f}"),
    ):
        for i in np.flatnonzero(rng.random(n) < 0.1).tolist():
            if (i + 2, col) not in busy:
                cells[col][i] = _thai(cells[col][i], fmt)
    for e in RISK_POINT_ERRORS:
        i = e.excel_row - 2
        if e.kind == "latlon_swapped":
            cells["ละติจูด"][i], cells["ลองจิจูด"][i] = cells["ลองจิจูด"][i], cells["ละติจูด"][i]
        elif e.kind == "budget_non_numeric":
            cells["งบประมาณ (บาท)"][i] = "ประมาณสามแสนบาท"
        elif e.kind == "unknown_priority":
            cells["ลำดับความสำคัญเร่งด่วน"][i] = "ด่วนที่สุด"
        else:  # pragma: no cover
            raise AssertionError(e.kind)
    sheet = pd.DataFrame({h: pd.Series(cells[h], dtype=object) for h in RISK_HEADERS})
    return sheet, _error_frame(RISK_POINT_ERRORS)


# --------------------------------------------------------------------------------------
# Build and write
# --------------------------------------------------------------------------------------


@dataclass
class SampleBuild:
    """Everything the generator makes, in memory.

    ``layers`` holds the GeoPackage layers (``road_nodes`` indexed by ``osmid``,
    ``road_edges`` by ``(u, v, key)``, as osmnx makes them); ``survey`` and ``risk_sheet``
    hold the spreadsheet cells (None for an empty cell); ``requests`` holds the CSV text;
    ``drawn_routes`` the GeoJSON text of :func:`drawn_routes`.
    """

    layers: dict[str, gpd.GeoDataFrame]
    requests: pd.DataFrame
    survey: pd.DataFrame
    survey_errors: pd.DataFrame
    risk_sheet: pd.DataFrame
    risk_errors: pd.DataFrame
    drawn_routes: str


def build(seed: int = SEED) -> SampleBuild:
    """Build the whole sample province in memory from ``seed``, writing nothing."""
    rng = np.random.default_rng(seed)
    province = _province(rng)
    towns = _towns(rng)
    tdict = {t.key: t for t in towns}
    river = _river()
    arterials, exits, trunk = _arterials(rng, tdict, province)
    villages = _villages(rng, province, towns, river, trunk)
    grids = [ln for t in towns for ln in _grid_lines(rng, t)]
    reserved = [shapely.buffer(shapely.Point(WAT_MUANG), 250.0)]
    rural = _rural_lines(rng, villages, arterials, towns, river, province, reserved)
    lines = grids + arterials + rural
    net = _network(lines)
    nodes, edges = _road_frames(net, lines)
    roads = Roads.from_edges(edges, province)
    buildings, places = _buildings(rng, towns, villages, roads, river, province)
    exit_in = _exit_points(exits, lines, 250.0)
    agencies = _agencies(rng, towns, villages, places, exit_in, trunk)
    cams = _cameras(rng, seed, agencies, roads, places, trunk, towns)
    risk = _risk_points(rng, places, towns, villages, exits, exit_in, nodes, edges, roads)
    routes = _escape_routes(rng, risk, exits, nodes, edges)
    districts = _districts(towns, province)
    requests = _requests(rng, cams, places, towns, roads, risk, edges, province)
    survey, survey_err = _survey_sheet(rng, cams, seed)
    risk_sheet, risk_err = _risk_sheet(rng, risk)
    layers = {
        "road_nodes": nodes,
        "road_edges": edges,
        "buildings": buildings,
        "cameras": cams.frame,
        "risk_points": risk,
        "escape_routes": routes,
        "districts": districts,
    }
    drawn = drawn_routes(layers)
    return SampleBuild(layers, requests, survey, survey_err, risk_sheet, risk_err, drawn)


def _tmp_path(final: Path) -> Path:
    return final.with_name(f".{final.stem}.{os.getpid()}.tmp{final.suffix}")


def _write_xlsx(sheet: pd.DataFrame, title: str, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(list(sheet.columns))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in sheet.itertuples(index=False):
        ws.append([_clean(v) for v in row])
    ws.freeze_panes = "A2"
    tmp = _tmp_path(path)
    wb.save(tmp)
    tmp.replace(path)


def _write_csv(frame: pd.DataFrame, path: Path, *, bom: bool) -> None:
    tmp = _tmp_path(path)
    frame.to_csv(tmp, index=False, encoding="utf-8-sig" if bom else "utf-8", lineterminator="\n")
    tmp.replace(path)


def gpkg_frames(layers: dict[str, gpd.GeoDataFrame]) -> dict[str, gpd.GeoDataFrame]:
    """The layers as stored in the GeoPackage: graph indexes become ordinary columns."""
    out = {}
    for name in LAYERS:
        frame = layers[name]
        if name in ("road_nodes", "road_edges"):
            frame = frame.reset_index()
        out[name] = frame
    return out


def write(sample: SampleBuild, out_dir: Path = OUT_DIR) -> None:
    """Write every file atomically into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    gpkg = out_dir / GPKG_NAME
    tmp = _tmp_path(gpkg)
    if tmp.exists():
        tmp.unlink()
    for name, frame in gpkg_frames(sample.layers).items():
        frame.to_file(tmp, layer=name, driver="GPKG", engine="pyogrio")
    tmp.replace(gpkg)
    _write_xlsx(sample.survey, SURVEY_SHEET, out_dir / SURVEY_NAME)
    _write_xlsx(sample.risk_sheet, RISK_SHEET, out_dir / RISK_NAME)
    _write_csv(sample.survey_errors, out_dir / SURVEY_ERRORS_NAME, bom=False)
    _write_csv(sample.risk_errors, out_dir / RISK_ERRORS_NAME, bom=False)
    _write_csv(sample.requests, out_dir / REQUESTS_NAME, bom=True)
    drawn = out_dir / DRAWN_ROUTES_NAME
    tmp = _tmp_path(drawn)
    tmp.write_bytes(sample.drawn_routes.encode("utf-8"))
    tmp.replace(drawn)


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: build the sample and write it (default: the package's sample_data)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out-dir", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)
    sample = build(args.seed)
    write(sample, args.out_dir)
    for name, frame in sample.layers.items():
        print(f"{name:14s} {len(frame):6d} rows")
    print(f"{'requests':14s} {len(sample.requests):6d} rows")
    total = 0
    for path in sorted(args.out_dir.iterdir()):
        if path.is_file():
            total += path.stat().st_size
            print(f"{path.name:36s} {path.stat().st_size / 1e6:6.2f} MB")
    print(f"{'total':36s} {total / 1e6:6.2f} MB")


if __name__ == "__main__":
    main()
