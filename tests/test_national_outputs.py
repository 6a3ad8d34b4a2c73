"""The national map and dashboard (issue 15): what they show, that totals add up, that hostile
text stays text, that re-runs give the same bytes, and the map in headless Chromium.

The national table here is built from the small national sample by this file (counts by
status per province, road km of the sample's roads; coverage, budgets and plans by simple
stated rules), in the shape of ``NationalRollup``; it tests the outputs, not the engine.
"""

from __future__ import annotations

import html
import json
import math
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import geopandas as gpd
import numpy as np
import openpyxl
import pandas as pd
import pytest

import cctvgeo as cg
from cctvgeo.national import sample as ns
from cctvgeo.national._dashboard import national_dashboard, write_national_dashboard
from cctvgeo.national._map import METRICS, class_breaks, national_map
from cctvgeo.riskpoints.requests import OUTCOMES

XSS = "<img src=x onerror=alert(1)>"
JINJA = "{{ 7*6 }}"
FORMULA = '=HYPERLINK("http://example.invalid","x")'
SUMS = (
    "n_cameras",
    "n_working",
    "n_broken",
    "n_unknown_status",
    "n_linked",
    "road_km",
    "covered_km",
    "gap_km",
    "n_linkage_selected",
    "n_repair_priorities",
    "repair_cost_thb",
    "budget_thb",
    "planned_spend_thb",
    "n_planned_sites",
    "n_requests",
    *(f"n_requests_{o}" for o in OUTCOMES),
    "n_request_hotspots",
)
FAILED = "96"  # Narathiwat: its figures are missing, as when its input file is broken


def _code(frame: pd.DataFrame) -> pd.Series:
    return frame["pro_code"].astype(int).astype(str).str.zfill(2)


def _province_table(folder: Path) -> pd.DataFrame:
    """``NationalRollup.provinces`` from the sample: real counts, stated coverage and plans.

    Covered km = road km x working share x 0.3; as many more selected for linkage as
    bring the linked cameras to 20 % (rounded up), as the engine reports; provinces with
    an even code have a budget of 1,000 THB per camera, spend 90 % of it on one site per
    50,000 THB and gain 5 points of coverage; the others have no budget (NaN).
    """
    cams = pd.read_parquet(folder / "cameras.parquet", columns=["pro_code", "status", "linked"])
    roads = gpd.read_parquet(folder / "roads.parquet")
    polygons = ns.provinces()
    codes = polygons["pro_code"]
    status = pd.crosstab(_code(cams), cams["status"]).reindex(codes)
    km = roads.to_crs(ns.CRS_METRIC).length.groupby(_code(roads)).sum().reindex(codes) / 1e3
    t = pd.DataFrame(
        {
            "pro_code": codes,
            "name_th": polygons["pro_th"],
            "name_en": polygons["pro_en"],
            "region": polygons["reg_royin"],
            "region_th": polygons["region_th"],
            "status": "complete",
            "problem": "",
            "n_cameras": status.sum(axis=1).to_numpy(dtype=float),
            "n_working": status["working"].to_numpy(dtype=float),
            "n_broken": status[["not_working", "broken", "under_repair"]]
            .sum(axis=1)
            .to_numpy(dtype=float),
            "n_unknown_status": status["unknown"].to_numpy(dtype=float),
            "n_linked": cams["linked"]
            .fillna(False)
            .groupby(_code(cams))
            .sum()
            .reindex(codes)
            .to_numpy(dtype=float),
            "road_km": km.to_numpy(),
        }
    )
    t["broken_share"] = t["n_broken"] / t["n_cameras"]
    t["covered_km"] = t["road_km"] * t["n_working"] / t["n_cameras"] * 0.3
    t["coverage_share"] = t["covered_km"] / t["road_km"]
    t["gap_km"] = t["road_km"] - t["covered_km"]
    t["n_linkage_selected"] = np.maximum(0, np.ceil(0.2 * t["n_cameras"]) - t["n_linked"])
    t["n_repair_priorities"] = t["n_broken"]
    t["repair_cost_thb"] = 15_000.0 * t["n_broken"]
    even = t["pro_code"].astype(int) % 2 == 0
    t["budget_thb"] = np.where(even, 1_000.0 * t["n_cameras"], np.nan)
    t["planned_spend_thb"] = 0.9 * t["budget_thb"]
    t["n_planned_sites"] = np.floor(t["budget_thb"] / 50_000)
    t["coverage_share_after"] = np.where(even, t["coverage_share"] + 0.05, np.nan)
    t["approval_level"] = np.where(even, "provincial working group", "")
    t["approval_level_th"] = np.where(even, "คณะทำงานระดับจังหวัด", "")
    # the sample's request logs, counted by outcome; a hotspot per 20 requests
    requests = pd.read_parquet(folder / "requests.parquet", columns=["pro_code", "outcome"])
    outcomes = pd.crosstab(_code(requests), requests["outcome"]).reindex(codes, fill_value=0)
    t["n_requests"] = outcomes.sum(axis=1).to_numpy(dtype=float)
    for o in OUTCOMES:
        t[f"n_requests_{o}"] = outcomes.get(o, 0.0 * t["n_requests"]).to_numpy(dtype=float)
    t["request_success_share"] = t["n_requests_footage_found"] / t["n_requests"]
    t["n_request_hotspots"] = np.floor(t["n_requests"] / 20)
    failed = t["pro_code"] == FAILED
    numbers = [c for c in t.columns if t[c].dtype.kind == "f"]
    t.loc[failed, numbers] = np.nan
    t.loc[failed, "status"] = "failed"
    t.loc[failed, "problem"] = "cameras: cannot read pro_code=96/part.0.parquet"
    return t


def _sums(rows: pd.DataFrame) -> pd.Series:
    out = rows[list(SUMS)].sum(min_count=1)
    out["n_provinces"] = len(rows)
    out["n_failed"] = int((rows["status"] == "failed").sum())
    out["broken_share"] = out["n_broken"] / out["n_cameras"]
    out["coverage_share"] = out["covered_km"] / out["road_km"]
    out["request_success_share"] = out["n_requests_footage_found"] / out["n_requests"]
    after = rows["coverage_share_after"].fillna(rows["coverage_share"]) * rows["road_km"]
    out["coverage_share_after"] = after.sum() / out["road_km"]
    return out.astype(float)


def _rollup(table: pd.DataFrame) -> SimpleNamespace:
    """A NationalRollup-shaped object around a national table."""
    groups = table.groupby(["region", "region_th"])
    regions = pd.DataFrame({key: _sums(rows) for key, rows in groups}).T
    failed = table["status"] == "failed"
    problems = table.loc[failed, ["pro_code", "name_th", "name_en", "problem"]]
    unassigned = gpd.GeoDataFrame(
        {
            "reason": [
                "outside every province",
                "on the border of 10, 11",
                "on the border of 10, 11",
            ]
        },
        geometry=gpd.points_from_xy([90.0, 100.5, 100.6], [10.0, 13.7, 13.8]),
        crs=4326,
    )
    return SimpleNamespace(
        provinces=table,
        regions=regions.rename_axis(["region", "region_th"]).reset_index(),
        totals=_sums(table).rename("total"),
        problems=problems.rename(columns={"problem": "reason"}).reset_index(drop=True),
        unassigned=unassigned,
        partial=bool(failed.any()),
    )


@pytest.fixture(scope="module")
def table(national_small: Path) -> pd.DataFrame:
    return _province_table(national_small)


@pytest.fixture(scope="module")
def rollup(table: pd.DataFrame) -> SimpleNamespace:
    return _rollup(table)


def _hostile(table: pd.DataFrame) -> pd.DataFrame:
    """The table with Ang Thong's names and a problem text an attacker chose."""
    out = table.copy()
    angthong = out["pro_code"] == "15"
    out.loc[angthong, "name_th"] = XSS + JINJA
    out.loc[angthong, "name_en"] = FORMULA
    out.loc[out["pro_code"] == FAILED, "problem"] = "</script><script>alert(2)</script>" + JINJA
    return out


def _layers(m: Any) -> list[Any]:
    return [c for c in m._children.values() if type(c).__name__ == "DataLayer"]


def _features(m: Any) -> list[dict[str, Any]]:
    """The provinces the map's figures draw (placed in the page once)."""
    (data,) = [c for c in m._children.values() if type(c).__name__ == "Data"]
    features: list[dict[str, Any]] = json.loads(data.data)["features"]
    return features


# --------------------------------------------------------------------------- the map


def test_class_breaks_by_hand() -> None:
    assert class_breaks(pd.Series([0.0]), (0.1, 0.2, 0.3, 0.5)) == (0.1, 0.2, 0.3, 0.5)
    # quintiles of 0..100 are 20, 40, 60, 80
    assert class_breaks(pd.Series(np.arange(101.0)), None) == (20.0, 40.0, 60.0, 80.0)
    # two significant digits: 12,345 -> 12,000
    assert class_breaks(pd.Series([12_345.0] * 5), None) == (12_000.0,)
    assert class_breaks(pd.Series([np.nan, np.nan]), None) == ()


def test_map_has_the_77_provinces_in_four_figures(table: pd.DataFrame) -> None:
    m = national_map(table, ns.provinces())
    layers = _layers(m)
    assert [layer.layer_name for layer in layers] == [
        "ความครอบคลุมถนน (%)",
        "ร้อยละที่ใช้งานไม่ได้",
        "เลือกเชื่อมโยงส่วนกลางเพิ่ม (เกณฑ์ 20 %)",
        "ใช้งบตามแผน (บาท)",
    ]
    assert [layer.overlay for layer in layers] == [False] * 4  # radio: one at a time
    assert [layer.show for layer in layers] == [True, False, False, False]
    (data,) = [c for c in m._children.values() if type(c).__name__ == "Data"]
    assert {layer.data for layer in layers} == {data.get_name()}  # the polygons once, for all
    features = _features(m)
    assert len(features) == 77
    assert {f["properties"]["pro_code"] for f in features} == set(table["pro_code"])
    assert [json.loads(layer.spec)["key"] for layer in layers] == [f"_k_{k}" for k in METRICS]
    coverage = {f["properties"]["pro_code"]: f["properties"] for f in features}
    bangkok = table.set_index("pro_code").loc["10"]
    assert coverage["10"]["name"] == "กรุงเทพมหานคร"
    assert coverage["10"]["n_cameras"] == f"{bangkok['n_cameras']:,.0f}" == "3,643"
    assert coverage["10"]["coverage_share"] == f"{100 * bangkok['coverage_share']:.1f} %"
    # the class follows the fixed breaks 10, 20, 30, 50 %
    expected = int(np.searchsorted([0.1, 0.2, 0.3, 0.5], bangkok["coverage_share"], side="right"))
    assert coverage["10"]["_k_coverage_share"] == str(expected)
    # the failed province has no figures: "no data", with its problem in the popup
    assert {coverage[FAILED][f"_k_{k}"] for k in METRICS} == {"_"}
    assert coverage[FAILED]["status"] == "ประมวลผลไม่สำเร็จ"
    assert "cannot read" in coverage[FAILED]["problem"]
    assert "n_cameras" not in coverage[FAILED]


def test_map_in_english(table: pd.DataFrame, tmp_path: Path) -> None:
    m = national_map(table, ns.provinces(), lang="en")
    page = cg.maps.save_map(m, tmp_path / "en.html").read_text(encoding="utf-8")
    assert "road coverage (%)" in page and "Bangkok" in page
    assert "CCTV by province" in page
    assert "กรุงเทพมหานคร" not in page


def test_map_escapes_hostile_names(table: pd.DataFrame, tmp_path: Path) -> None:
    m = national_map(_hostile(table), ns.provinces())
    page = cg.maps.save_map(m, tmp_path / "map.html").read_text(encoding="utf-8")
    assert XSS not in page and "<script>alert(2)" not in page
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page
    assert JINJA in page  # shown as written, never run as a template ("42")
    assert "\\u003c/script\\u003e" in page


def test_map_needs_a_polygon_for_every_province(table: pd.DataFrame) -> None:
    polygons = ns.provinces()
    with pytest.raises(cg.CctvgeoError, match="without a polygon: 10"):
        national_map(table, polygons[polygons["pro_code"] != "10"])
    # a polygon without a row is drawn as "no data"
    m = national_map(table[table["pro_code"] != "10"], polygons)
    features = _features(m)
    assert len(features) == 77
    bangkok = [f["properties"] for f in features if f["properties"]["pro_code"] == "10"]
    assert [p["_k_coverage_share"] for p in bangkok] == ["_"]


def test_map_same_bytes_on_rerun(table: pd.DataFrame, tmp_path: Path) -> None:
    a = cg.maps.save_map(national_map(table, ns.provinces()), tmp_path / "a.html")
    b = cg.maps.save_map(national_map(table, ns.provinces()), tmp_path / "b.html")
    assert a.read_bytes() == b.read_bytes()
    assert b"cdn." not in a.read_bytes()


# --------------------------------------------------------------------------- the dashboard


def _numbers(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.select_dtypes("number")


def _assert_adds_up(board: Any, key: str, *, provinces: int, regions: int) -> None:
    """An item's province rows, region rows and total row agree (shares aside)."""
    (_, by_region), (_, by_province) = board[key].tables
    assert len(by_province) == provinces and len(by_region) == regions + 1
    assert by_region.iloc[-1, 0] == "total"
    region_rows, total = _numbers(by_region.iloc[:-1]), _numbers(by_region.iloc[-1:]).iloc[0]
    for column in _numbers(by_province).columns:
        if "%" in column:  # shares: from the sums, never summed
            continue
        assert by_province[column].sum() == pytest.approx(total[column]), column
        assert region_rows[column].sum() == pytest.approx(total[column]), column
    assert region_rows["provinces"].sum() == total["provinces"] == provinces


@pytest.mark.parametrize("key", ["status", "linkage", "wanted", "requests", "coverage"])
def test_dashboard_totals_add_up(rollup: SimpleNamespace, key: str) -> None:
    _assert_adds_up(national_dashboard(rollup, lang="en"), key, provinces=77, regions=6)


def test_dashboard_shares_come_from_sums(rollup: SimpleNamespace) -> None:
    board = national_dashboard(rollup, lang="en")
    _, by_region = board["status"].tables[0]
    total = by_region.iloc[-1]
    expected = round(100 * total["not working, broken or under repair"] / total["cameras"], 1)
    assert total["not working (%)"] == expected
    _, linkage = board["linkage"].tables[0]
    assert linkage["linked (%)"].iloc[-1] == round(
        100 * linkage["linked"].iloc[-1] / linkage["cameras"].iloc[-1], 1
    )


def test_dashboard_items_and_figures(rollup: SimpleNamespace) -> None:
    board = national_dashboard(rollup, lang="en")
    assert [s.key for s in board.sections] == [*cg.report.ITEMS[:5], "coverage"]
    t = rollup.totals
    assert board["status"].figures[0] == (
        f"{t['n_cameras']:,.0f} cameras in 77 provinces: {t['n_working']:,.0f} working, "
        f"{t['n_broken']:,.0f} not working ({100 * t['broken_share']:.1f} %)"
    )
    assert "leave out the provinces that failed" in board["status"].figures[-1]
    assert board["requests"].figures[0] == (
        f"{t['n_requests']:,.0f} footage-access requests from 76 provinces: footage found for "
        f"{100 * t['request_success_share']:.1f} %; camera broken "
        f"{t['n_requests_camera_broken']:,.0f}, no camera {t['n_requests_no_camera']:,.0f}; "
        f"{t['n_request_hotspots']:,.0f} request hotspots"
    )
    _, requests = board["requests"].tables[0]
    assert requests["footage found (%)"].iloc[-1] == round(
        100 * requests["requests: footage found"].iloc[-1] / requests["requests"].iloc[-1], 1
    )
    no_log = rollup.provinces.assign(n_requests=np.nan)
    board = national_dashboard(_rollup(no_log), lang="en")
    assert board["requests"].figures == [
        "No footage-request log was given to this roll-up (inputs: requests in the config)."
    ]
    failed, unassigned, empty = (frame for _, frame in board["problems"].tables)
    assert failed.to_dict("list") == {
        "province code": [FAILED],
        "province": ["Narathiwat"],
        "reason": ["cameras: cannot read pro_code=96/part.0.parquet"],
    }
    assert unassigned.to_dict("list") == {
        "reason": ["on the border of 10, 11", "outside every province"],
        "cameras": [2, 1],
    }
    _, unassigned_th, _ = (frame for _, frame in national_dashboard(rollup)["problems"].tables)
    assert unassigned_th.iloc[:, 0].tolist() == [
        "อยู่บนเส้นแบ่งเขตจังหวัด 10, 11",
        "อยู่นอกทุกจังหวัด",
    ]
    assert empty.empty
    _, plans = board["wanted"].tables[1]
    planned = plans.set_index("province code")
    assert planned.loc["10", "approval level"] == "provincial working group"
    assert math.isnan(planned.loc["11", "budget (THB)"])  # no budget: missing, not zero


def test_dashboard_without_budgets_says_so(table: pd.DataFrame) -> None:
    plain = table.assign(budget_thb=np.nan, planned_spend_thb=np.nan, n_planned_sites=np.nan)
    board = national_dashboard(_rollup(plain), lang="en")
    assert board["wanted"].figures == ["No plan was given (it needs a budget)."]


def test_dashboard_same_bytes_on_rerun(rollup: SimpleNamespace, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    html_a, xlsx_a = write_national_dashboard(rollup, tmp_path / "a")
    html_b, xlsx_b = write_national_dashboard(rollup, tmp_path / "b")
    assert xlsx_a.read_bytes() == xlsx_b.read_bytes()
    assert html_a.read_bytes() == html_b.read_bytes()
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == [
        "national_dashboard.html",
        "national_dashboard.xlsx",
    ]
    book = openpyxl.load_workbook(xlsx_a)
    assert book.sheetnames == [
        "1 สถานะกล้อง",
        "2 การเชื่อมโยง",
        "3 กล้องที่ต้องการ",
        "4 คำขอดูภาพ",
        "5 ปัญหา",
        "ความครอบคลุม",
    ]


def test_dashboard_escapes_and_neutralises(table: pd.DataFrame, tmp_path: Path) -> None:
    rollup = _rollup(_hostile(table))
    html_th, _ = write_national_dashboard(rollup, tmp_path)
    page = html_th.read_text(encoding="utf-8")
    assert XSS not in page and "<script>" not in page
    assert html.escape(XSS) in page
    (tmp_path / "en").mkdir()
    _, xlsx = write_national_dashboard(rollup, tmp_path / "en", lang="en")
    sheet = openpyxl.load_workbook(xlsx)["1 Status"]
    cells = [c for row in sheet.iter_rows() for c in row if c.value == FORMULA]
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)


# --------------------------------------------------------------------------- the real engine

#: Small provinces of four regions, for a real roll-up that runs in seconds.
REAL = ["17", "37", "51", "91"]  # Sing Buri, Amnat Charoen, Lamphun, Satun


@pytest.fixture(scope="module")
def real_rollup(national_small: Path) -> Any:
    """``cctvgeo.national.rollup`` of four provinces of the small sample, one with a budget."""
    from cctvgeo.national import rollup

    def part(what: str) -> gpd.GeoDataFrame:
        frame = gpd.read_parquet(national_small / what)
        frame["pro_code"] = _code(frame)
        return frame[frame["pro_code"].isin(REAL)]

    polygons = ns.provinces()
    return rollup(
        part("cameras.parquet"),
        polygons[polygons["pro_code"].isin(REAL)],
        roads=part("roads.parquet"),
        budgets={"51": 1_000_000.0},
        level="detect",
        n_workers=1,
        quiet=True,
    )


@pytest.mark.slow
def test_outputs_of_a_real_rollup(real_rollup: Any, tmp_path: Path) -> None:
    board = national_dashboard(real_rollup, lang="en")
    for key in ("status", "linkage", "wanted", "coverage"):
        _assert_adds_up(board, key, provinces=4, regions=4)
    _, by_province = board["status"].tables[1]
    assert by_province["cameras"].tolist() == [
        float(n) for n in ns.camera_counts(ns.provinces(), "small")[REAL]
    ]
    _, plans = board["wanted"].tables[1]
    spent = plans.set_index("province code")["planned spend (THB)"]
    assert 0 < spent["51"] <= 1_000_000 and spent.drop("51").isna().all()
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = [p.read_bytes() for p in write_national_dashboard(real_rollup, tmp_path / "a")]
    again = [p.read_bytes() for p in write_national_dashboard(real_rollup, tmp_path / "b")]
    assert first == again
    # the map: the four provinces with their figures, the other 73 "no data"
    m = national_map(real_rollup.provinces, ns.provinces())
    drawn = {
        f["properties"]["pro_code"]: f["properties"]["_k_coverage_share"] for f in _features(m)
    }
    assert len(drawn) == 77
    assert sorted(code for code, k in drawn.items() if k != "_") == REAL


# --------------------------------------------------------------------------- in Chromium


@pytest.mark.slow
def test_map_in_chromium_shows_77_provinces_and_their_figures(
    table: pd.DataFrame, tmp_path: Path
) -> None:
    from test_browser import ARTIFACTS, Page, _unavailable

    reason = _unavailable()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright
    from test_browser import CHROMIUM, FLAGS

    path = cg.maps.save_map(national_map(table, ns.provinces()), tmp_path / "national_map.html")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        p = Page(browser)
        page = p.open(path)
        assert page.locator("path.leaflet-interactive").count() == 77
        legend = page.inner_text(".cg-legend")
        assert "ความครอบคลุมถนน (%)" in legend and "ร้อยละที่ใช้งานไม่ได้" not in legend
        # switch to the broken share: the legend follows
        page.get_by_label("ร้อยละที่ใช้งานไม่ได้").check()
        assert page.locator("path.leaflet-interactive").count() == 77
        assert "ร้อยละที่ใช้งานไม่ได้" in page.inner_text(".cg-legend")
        # click inside Bangkok, at the centre of its polygon's largest part
        name = p.map_name()
        box = page.locator(f"#{name}").bounding_box()
        xy = page.evaluate(f"{name}.latLngToContainerPoint([13.76, 100.60])")
        page.mouse.click(box["x"] + xy["x"], box["y"] + xy["y"])
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for()
        text = popup.inner_text()
        assert "กรุงเทพมหานคร" in text
        assert "กล้องทั้งหมด\t3,643" in text
        broken = table.set_index("pro_code").loc["10", "broken_share"]
        assert f"ร้อยละที่ใช้งานไม่ได้\t{100 * broken:.1f} %" in text
        page.wait_for_timeout(300)  # the popup fades in
        shot = p.screenshot("national_map.png")
        assert p.errors == [] and p.dialogs == [] and p.outside == []
        p.close()
        browser.close()
    assert shot.parent == ARTIFACTS and shot.stat().st_size > 10_000


def test_a_config_without_a_title_titles_the_outputs_in_its_language(
    rollup: SimpleNamespace, tmp_path: Path
) -> None:
    # once every national configuration defaulted to a Thai title, in English outputs too
    from cctvgeo._i18n import text
    from cctvgeo.national._cli import load_national_config

    (tmp_path / "provinces.gpkg").touch()
    for folder in ("cameras.parquet", "roads.parquet"):
        (tmp_path / folder).mkdir()
    config = tmp_path / "national.yaml"
    config.write_text(
        "inputs:\n  provinces: provinces.gpkg\n  cameras: cameras.parquet\n"
        "  roads: roads.parquet\nlang: en\n",
        encoding="utf-8",
    )
    cfg = load_national_config(config)
    board = national_dashboard(rollup, lang=cfg.lang, title=cfg.title)
    assert board.title == text("national_title", "en")
