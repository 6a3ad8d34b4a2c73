"""The committee dashboard: the five items, exact figures, PDPA, escaping, HTML and Excel."""

from __future__ import annotations

import base64
import math
import re
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import openpyxl
import pandas as pd
import pytest
from shapely import Point

import cctvgeo as cg
from cctvgeo import report
from cctvgeo._validate import Problem, ValidationReport


def four_cameras() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "camera_id": ["A", "B", "C", "D"],
            "name": ["ตลาด", "วัด", "โรงเรียน", '=HYPERLINK("http://x")'],
            "agency": ["เทศบาล", "เทศบาล", "อบต.", None],
            "status": ["working", "broken", "broken", "under_repair"],
            "repair_budget_thb": [np.nan, 10_000.0, 5_500.0, np.nan],
            "repair_agency": [None, "เทศบาล", "เทศบาล", None],
            "linked": pd.array([True, False, None, True], dtype="boolean"),
            "network": ["ศูนย์ A", None, None, "ศูนย์ A"],
        },
        geometry=[Point(100.45 + i / 100, 14.59) for i in range(4)],
        crs=4326,
    )


def table(section: report.Section, caption: str) -> pd.DataFrame:
    return dict(section.tables)[caption]


def test_status_item_counts_budgets_and_repair_agencies() -> None:
    d = report.dashboard(four_cameras(), lang="en")
    s = d["status"]
    assert s.figures == [
        "4 cameras, 1 working (25.0 %)",
        "3 to repair; repair budgets reported: 15,500 THB",
    ]
    by_status = table(s, "Cameras by status")
    assert by_status.to_dict("list") == {
        "status": ["working", "under repair", "broken"],
        "cameras": [1, 1, 2],
        "share (%)": [25.0, 25.0, 50.0],
        "cameras with a repair budget": [0, 0, 2],
        "repair budget (THB)": [0.0, 0.0, 15_500.0],
    }
    by_agency = table(s, "Cameras to repair by repair agency")
    assert by_agency.to_dict("list") == {
        "repair agency": ["เทศบาล", "(none)"],
        "cameras to repair": [2, 1],
        "repair budget (THB)": [15_500.0, 0.0],
    }
    owners = table(s, "Cameras by owning agency")
    assert owners.iloc[0].tolist() == ["เทศบาล", 2, 1, 50.0]


def test_linkage_item_and_the_20_percent_target() -> None:
    s = report.dashboard(four_cameras(), lang="en")["linkage"]
    assert table(s, "Cameras by linkage")["cameras"].tolist() == [2, 1, 1]
    assert table(s, "Linked cameras by network").values.tolist() == [["ศูนย์ A", 2]]
    assert s.figures == [
        "2 linked (50.0 %), 1 unknown",
        "Central-linkage target: 20 % of cameras = 1",
    ]


def test_wanted_item_groups_risk_points_by_reason_category_priority_and_source() -> None:
    rp = gpd.GeoDataFrame(
        {
            "reason": ["ลักทรัพย์บ่อย", "ลักทรัพย์บ่อย", "อุบัติเหตุ"],
            "category": ["crime_hotspot", "crime_hotspot", "accident_blackspot"],
            "priority": ["urgent", "high", "urgent"],
            "requested_cameras": [2, 3, 1],
            "budget_thb": [100_000.0, 150_000.0, 40_000.0],
            "budget_source": ["งบจังหวัด", "งบกลาง", "งบจังหวัด"],
        },
        geometry=[Point(100.4, 14.5)] * 3,
        crs=4326,
    )
    s = report.dashboard(four_cameras(), risk_points=rp, lang="en")["wanted"]
    assert s.figures == ["3 points, 6 cameras wanted, 290,000 THB"]
    assert table(s, "By reason for installing").values.tolist() == [
        ["ลักทรัพย์บ่อย", 2, 5, 250_000.0],
        ["อุบัติเหตุ", 1, 1, 40_000.0],
    ]
    assert table(s, "By budget source").values.tolist() == [
        ["งบกลาง", 1, 3, 150_000.0],
        ["งบจังหวัด", 2, 3, 140_000.0],
    ]
    assert table(s, "By category of risk point").iloc[:, 0].tolist() == [
        "crime hotspot",
        "accident black spot",
    ]


def requests_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "request_id": ["R1", "R2", "R3", "R4", "R5"],
            "requested_at": pd.to_datetime(
                ["2021-10-01", "2021-10-15", "2021-11-02", "2021-11-03", None]
            ),
            "camera_id": ["A", "A", "B", None, "A"],
            "outcome": ["footage_found", "camera_broken", "footage_found", "no_camera", None],
            "ชื่อผู้ขอ": ["ร.ต.อ.ทดสอบ หนึ่ง"] * 5,
            "requester_name": ["Somchai Secret"] * 5,
        }
    )


def test_requests_item_top_cameras_success_rates_and_unmet() -> None:
    s = report.dashboard(four_cameras(), requests=requests_frame(), lang="en")["requests"]
    assert s.figures[0] == "5 requests, footage found for 2 (40.0 %), no working camera for 2"
    top = table(s, "Most requested cameras")
    assert top.iloc[:, 0].tolist() == ["A", "B"]
    # A: 3 requests, 1 found, 2 with a known outcome -> 50 %; broken once when needed
    assert top.iloc[0, 3:].tolist() == [3, 1, 50.0, "yes"]
    assert top.iloc[1, 3:].tolist() == [1, 1, 100.0, "no"]
    months = table(s, "Requests per month")
    assert months.iloc[:, 0].tolist() == ["2021-10", "2021-11"]
    assert months.iloc[:, 1:].sum(axis=1).tolist() == [2, 2]


def test_no_requester_data_reaches_any_output(tmp_path: Path) -> None:
    # Even a raw log that still holds the personal columns yields outputs free of them.
    d = report.dashboard(four_cameras(), requests=requests_frame(), lang="th")
    page = d.to_html(tmp_path / "d.html").read_text(encoding="utf-8")
    book = d.to_excel(tmp_path / "d.xlsx")
    cells = " ".join(
        str(c.value)
        for ws in openpyxl.load_workbook(book).worksheets
        for row in ws.iter_rows()
        for c in row
        if c.value is not None
    )
    for secret in ("ทดสอบ หนึ่ง", "Somchai", "ชื่อผู้ขอ", "requester_name"):
        assert secret not in page
        assert secret not in cells


def test_sample_request_log_names_and_phones_never_appear(tmp_path: Path) -> None:
    sample = cg.datasets.load_sample()
    raw = sample.requests
    reqs = cg.riskpoints.read_access_requests(sample.requests_path)
    d = report.dashboard(sample.cameras, requests=reqs)
    page = d.to_html(tmp_path / "d.html").read_text(encoding="utf-8")
    names = raw["ชื่อผู้ขอ"].dropna().unique()
    phones = raw["เบอร์โทร"].dropna().unique()
    ids = raw["เลขบัตรประชาชน"].dropna().unique()
    assert len(names) > 100
    leaked = [v for v in (*names, *phones, *ids) if str(v) in page]
    assert leaked == []
    assert "พ.ร.บ. คุ้มครองข้อมูลส่วนบุคคล" in page


def test_problems_item_lists_every_problem_escaped(tmp_path: Path) -> None:
    rep = ValidationReport("survey.xlsx", n_rows=10)
    rep.add(Problem(3, "ทิศทาง", "<script>alert(1)</script>", "Not a number.", "Enter degrees."))
    rep.add(Problem(4, "status", "{{ 7*6 }}", "Unknown.", "Use a status word.", severity="warning"))
    d = report.dashboard(four_cameras(), problems=[rep, "งบซ่อม <b>ไม่พอ</b>"], lang="en")
    s = d["problems"]
    assert s.figures == ["1 errors, 1 warnings"]
    assert table(s, "Data checks").values.tolist() == [["survey.xlsx", 10, 1, 1, 0]]
    assert table(s, "Errors and warnings").iloc[:, 1].tolist() == ["error", "warning"]
    page = d.to_html_text()
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>ไม่พอ" not in page and "&lt;b&gt;ไม่พอ&lt;/b&gt;" in page
    assert "{{ 7*6 }}" in page  # text, never a template
    with pytest.raises(TypeError, match="ValidationReport"):
        report.dashboard(four_cameras(), problems=[42])  # type: ignore[list-item]


def test_items_without_data_say_so() -> None:
    d = report.dashboard(four_cameras(), lang="en")
    assert [s.key for s in d.sections] == ["status", "linkage", "wanted", "requests", "problems"]
    for key in ("wanted", "requests", "problems"):
        assert d[key].figures == ["No data was given for this item."]
        assert d[key].tables == [] and d[key].charts == []
    with pytest.raises(KeyError, match="the items are"):
        d["budgett"]


def test_html_is_one_self_contained_deterministic_file(tmp_path: Path) -> None:
    a = report.dashboard(four_cameras(), requests=requests_frame()).to_html(tmp_path / "a.html")
    b = report.dashboard(four_cameras(), requests=requests_frame()).to_html(tmp_path / "b.html")
    page = a.read_text(encoding="utf-8")
    assert a.read_bytes() == b.read_bytes()
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", page)
    images = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', page)
    assert len(images) == 4  # status, linkage, request outcomes, requests per month
    svgs = [base64.b64decode(data).decode("utf-8") for data in images]
    for svg in svgs:
        assert svg.startswith("<?xml") and "<svg" in svg and "<dc:date>" not in svg
        # the text is text, drawn by the browser in the page's fonts (no glyph outlines)
        assert "<text " in svg and 'id="DejaVuSans-' not in svg
    assert "ใช้งานได้ปกติ" in svgs[0]  # Thai on any machine


def test_excel_has_one_sheet_per_item_text_as_text_and_same_bytes(tmp_path: Path) -> None:
    d = report.dashboard(four_cameras(), requests=requests_frame(), lang="en")
    a = d.to_excel(tmp_path / "a.xlsx")
    b = report.dashboard(four_cameras(), requests=requests_frame(), lang="en").to_excel(
        tmp_path / "b.xlsx"
    )
    assert a.read_bytes() == b.read_bytes()
    book = openpyxl.load_workbook(a)
    assert book.sheetnames == [
        "1 Status",
        "2 Linkage",
        "3 Cameras wanted",
        "4 Requests",
        "5 Problems",
    ]
    ws = book["4 Requests"]
    values = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert values[0] == "4. Footage-access requests"
    assert "Most requested cameras" in values
    formula = [c for row in book["1 Status"].iter_rows() for c in row if c.data_type == "f"]
    assert formula == []


def test_sample_dashboard_matches_the_survey() -> None:
    sample = cg.datasets.load_sample()
    cams = sample.cameras
    d = report.dashboard(cams, risk_points=sample.risk_points, lang="en")
    by_status = table(d["status"], "Cameras by status")
    counts = cams["status"].value_counts()
    assert dict(zip(by_status["status"], by_status["cameras"], strict=True)) == {
        "working": counts["working"],
        "under repair": counts["under_repair"],
        "not working": counts["not_working"],
        "broken": counts["broken"],
    }
    assert by_status["repair budget (THB)"].sum() == pytest.approx(cams["repair_budget_thb"].sum())
    assert (
        d["linkage"].figures[1]
        == f"Central-linkage target: 20 % of cameras = {math.ceil(0.2 * len(cams))}"
    )
    wanted = table(d["wanted"], "By budget source")
    assert wanted["cameras wanted"].sum() == sample.risk_points["requested_cameras"].sum()


@pytest.fixture(scope="module")
def small_plan() -> object:
    from shapely import LineString

    x0, y0 = 650_000.0, 1_615_000.0
    lines = [LineString([(x0, y0 + 400 * i), (x0 + 800, y0 + 400 * i)]) for i in range(3)]
    lines += [LineString([(x0 + 400 * i, y0), (x0 + 400 * i, y0 + 800)]) for i in range(3)]
    roads = gpd.GeoDataFrame(
        {"name": [f"ถนน {i}" for i in range(6)], "highway": ["residential"] * 6},
        geometry=lines,
        crs=32647,
    )
    segs = cg.coverage.road_segments(roads)
    candidates = cg.planning.candidate_sites(segs, headings=4, spacing=200.0)
    return cg.planning.plan(
        cg.riskpoints.demand(segs), candidates, annual_budgets=[150_000, 100_000], method="greedy"
    )


def test_plan_adds_years_budget_lines_sites_coverage_and_the_curve(small_plan: object) -> None:
    p: Any = small_plan
    d = report.dashboard(four_cameras(), plan=p, lang="en", curve_points=3)
    assert [s.key for s in d.sections] == [
        "status", "linkage", "wanted", "requests", "problems", "coverage", "budget",
    ]  # fmt: skip
    wanted = d["wanted"]
    years = table(wanted, "Plan by year")
    assert years["year's budget (THB)"].tolist() == [150_000.0, 100_000.0]
    assert years["charged this year (THB)"].tolist() == p.years["charged_thb"].tolist()
    sites = table(wanted, "Proposed sites in rank order")
    assert sites["rank"].tolist() == p.sites["rank"].tolist()
    assert sites["reason"].tolist() == p.sites["reason"].tolist()
    lines = table(wanted, "Budget by budget line")
    # the budget lines add up to the sites' costs (the plan words each amount in whole baht)
    rounding = 0.5 * 3 * len(p.sites)
    assert lines["one-off (THB)"].sum() == pytest.approx(p.sites["capital_thb"].sum(), abs=rounding)
    assert lines["per year (THB)"].sum() == pytest.approx(
        p.sites["running_thb_per_year"].sum(), abs=rounding
    )
    assert wanted.figures[0].startswith(f"2-year plan, 250,000 THB: {len(p.sites)} new cameras")
    summary = table(d["coverage"], "Coverage before and after the plan")
    assert summary["after"].tolist() == pytest.approx(p.summary()["after"].tolist())
    curve = table(d["budget"], "Coverage for each budget (one-year plans)")
    assert curve["budget (THB)"].tolist() == [0.0, 125_000.0, 250_000.0]
    assert curve["coverage (%)"].is_monotonic_increasing
    assert len(d["coverage"].charts) == 1 and len(d["budget"].charts) == 1


def test_a_plan_dashboard_writes_its_sheets(small_plan: object, tmp_path: Path) -> None:
    d = report.dashboard(four_cameras(), plan=small_plan, lang="th", curve_points=2)
    book = openpyxl.load_workbook(d.to_excel(tmp_path / "d.xlsx"))
    assert book.sheetnames[-2:] == ["ความครอบคลุม", "งบประมาณ"]
    page = d.to_html_text()
    assert "แผนรายปี" in page and "ความครอบคลุมเทียบกับงบประมาณ" in page


def test_dashboard_shows_itself_in_jupyter() -> None:
    d = report.dashboard(four_cameras(), lang="en")
    assert d._repr_html_() == d.to_html_text()
    assert "1. Cameras by status, repair budget and repair agency" in d._repr_html_()


def test_an_empty_table_says_none_in_the_page_language() -> None:
    # The page is a Jinja2 template: its words are variables (Jinja2 reads a bare ``none``
    # as the None constant; an empty table once showed "None").
    empty = pd.DataFrame({"a": pd.Series([], dtype=object)})
    for lang, word in (("en", "(none)"), ("th", "(ไม่ระบุ)")):
        d = report.Dashboard("t", lang, [report.Section("status", "S", [], [("cap", empty)])])
        page = d.to_html_text()
        assert f"<h3>cap</h3><p>{word}</p>" in page and "None" not in page


def test_an_english_dashboard_is_english_but_for_the_provinces_own_text(
    small_plan: object,
) -> None:
    # the mirror of tests/test_thai_outputs.py: no Thai word that cctvgeo wrote
    d = report.dashboard(
        four_cameras(), requests=requests_frame(), plan=small_plan, lang="en", curve_points=3
    )
    page = d.to_html_text()
    charts = [base64.b64decode(s).decode("utf-8") for s in re.findall(r"base64,([^\"]+)", page)]
    texts = [page, *charts]
    own = ["ตลาด", "วัด", "โรงเรียน", "เทศบาล", "อบต.", "ศูนย์", *(f"ถนน {i}" for i in range(6))]
    theirs = re.compile("|".join(map(re.escape, own)))
    found = {w for t in texts for w in re.findall("[\u0e00-\u0e7f]+", theirs.sub("", t))}
    assert found == set()
