"""The demo's map and dashboard, opened in headless Chromium as a committee member would.

Driven by Playwright with the system's Chromium (Debian package ``chromium``, at
/usr/bin/chromium); no browser is downloaded. Skipped with the reason on a machine without
either; in CI (``CI`` set) a missing browser fails instead, so the tests always run there.
Screenshots are saved under ``test-artifacts/`` (gitignored) for a person to look at.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import geopandas as gpd
import networkx as nx
import numpy as np
import pytest
from shapely import Point

import cctvgeo as cg
from cctvgeo import maps
from cctvgeo._i18n import place_name

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
XSS = "<img src=x onerror=alert(1)>"
JINJA = "{{ 7*6 }} {{ cycler.__init__ }}"  # text Jinja would run if it reached a template

pytestmark = pytest.mark.slow


def _unavailable() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Python playwright is not installed (pip install -e '.[dev]')"
    if CHROMIUM is None:
        return "no Chromium found (Debian/Ubuntu: apt-get install chromium)"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    reason = _unavailable()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser tests, but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield b
        b.close()


class Page:
    """A page that records console errors, page errors, dialogs and outside requests."""

    def __init__(self, browser: Any, *, downloads: bool = False) -> None:
        self.context = browser.new_context(
            viewport={"width": 1400, "height": 900}, accept_downloads=downloads
        )
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.outside: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.route("**/*", self._route)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:")):
            route.continue_()
        else:  # the machine is offline; record and refuse any attempt to go out
            self.outside.append(url)
            route.abort()

    def open(self, path: Path) -> Any:
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_load_state("load")
        return self.page

    def map_name(self) -> str:
        name: str = self.page.evaluate(
            "Object.keys(window).find(k => k.startsWith('map_') && window[k] instanceof L.Map)"
        )
        return name

    def screenshot(self, name: str, **kwargs: Any) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / name
        self.page.screenshot(path=str(path), **kwargs)
        return path

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def demo(demo_run: Any) -> Path:
    assert demo_run.code == 0
    return Path(demo_run.out)


def overlay_names(page: Any) -> list[str]:
    names: list[str] = page.eval_on_selector_all(
        ".leaflet-control-layers-overlays label", "els => els.map(e => e.textContent.trim())"
    )
    return names


def test_demo_map_opens_offline_with_its_layers(browser: Any, demo: Path) -> None:
    p = Page(browser)
    page = p.open(demo / "map.html")
    page.wait_for_timeout(300)
    p.screenshot("demo_map.png")
    assert p.errors == []
    assert p.outside == []
    assert overlay_names(page) == [
        "เขตอำเภอ",
        "ถนน: มีกล้อง / ไม่มีกล้อง",
        "ช่วงถนนที่ไม่มีกล้อง",
        "พื้นที่ที่กล้องมองเห็น (จดจำ)",
        "จุดที่ขอดูภาพบ่อย",
        "เส้นทางหลบหนี",
        "กล้องที่มีอยู่",
        "จุดเสี่ยง / จุดสำคัญ",
        "พื้นที่มองเห็นของจุดที่เสนอ",
        "จุดติดตั้งที่เสนอ",
    ]
    # every overlay is drawn: SVG paths for lines and areas, icons for risk points
    assert page.locator("path.leaflet-interactive").count() > 1000
    assert page.locator(".cg-symbol").count() > 90
    n_sites = len(gpd.read_file(demo / "plan.gpkg", layer="sites"))
    assert page.locator(".cg-site").count() == n_sites > 20
    assert "คำอธิบายสัญลักษณ์" in page.inner_text(".cg-legend")
    # a layer can be switched off in the layer control
    n_icons = page.locator(".cg-symbol").count()
    page.get_by_label("จุดเสี่ยง / จุดสำคัญ").uncheck()
    assert page.locator(".cg-symbol").count() == 0
    page.get_by_label("จุดเสี่ยง / จุดสำคัญ").check()
    assert page.locator(".cg-symbol").count() == n_icons
    p.close()


def click_at(p: Page, lat: float, lon: float, *, zoom: int = 17) -> None:
    """Centre the map on a point at a street zoom and click there, as a person would."""
    name = p.map_name()
    # (each evaluate returns nothing: serialising the returned Leaflet map would take seconds)
    p.page.evaluate(f"() => {{ {name}.setView([{lat}, {lon}], {zoom}, {{animate: false}}); }}")
    box = p.page.locator(f"#{name}").bounding_box()
    xy = p.page.evaluate(f"{name}.latLngToContainerPoint([{lat}, {lon}])")
    p.page.mouse.click(box["x"] + xy["x"], box["y"] + xy["y"])


def test_clicking_a_risk_point_opens_its_popup(browser: Any, demo: Path) -> None:
    p = Page(browser)
    page = p.open(demo / "map.html")
    point = cg.datasets.load_sample().risk_points.to_crs(4326).geometry.iloc[0]
    click_at(p, point.y, point.x)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert "เหตุผลในการติดตั้ง" in text
    assert "แหล่งงบประมาณ" in text
    assert "กล้องที่เห็น" in text
    page.wait_for_timeout(300)  # the popup fades in
    p.screenshot("demo_map_risk_point_popup.png")
    assert p.errors == []
    p.close()


def test_clicking_a_proposed_site_shows_reason_cost_and_approval(browser: Any, demo: Path) -> None:
    sites = gpd.read_file(demo / "plan.gpkg", layer="sites").to_crs(4326)
    first = sites[sites["rank"] == 1].iloc[0]
    p = Page(browser)
    page = p.open(demo / "map.html")
    click_at(p, first.geometry.y, first.geometry.x, zoom=18)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    for label in ("เหตุผลในการติดตั้ง", "ค่าลงทุน (บาท)", "แหล่งงบประมาณ", "ผู้อนุมัติ"):
        assert label in text
    assert first["reason_th"] in text
    assert first["approval_level_th"] in text
    assert f"{first['capital_thb']:,.0f}" in text
    assert text.startswith(f"1. {place_name(first['site_name'], 'th')}")
    page.wait_for_timeout(300)  # the popup fades in
    p.screenshot("demo_map_site_popup.png")
    assert p.errors == []
    p.close()


def test_a_camera_name_with_markup_shows_as_text(browser: Any, tmp_path: Path) -> None:
    cams = gpd.GeoDataFrame(
        {
            "camera_id": ["X1", "X2", "X3"],
            "name": [XSS, "</script><script>alert(2)</script>", JINJA],
            "agency": ['<a href="javascript:alert(3)">agency</a>', "ok", "{% if %}"],
            "status": ["working", "broken", "working"],
        },
        geometry=[Point(100.45, 14.59), Point(100.452, 14.59), Point(100.454, 14.59)],
        crs=4326,
    )
    path = maps.save_map(maps.cameras_map(cams, lang="en"), tmp_path / "xss.html")
    p = Page(browser)
    page = p.open(path)
    name = p.map_name()
    shown = ((100.45, XSS), (100.452, "</script><script>alert(2)</script>"), (100.454, JINJA))
    for lon, expected in shown:
        click_at(p, 14.59, lon, zoom=18)
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for()
        assert expected in popup.inner_text()
        page.evaluate(f"() => {{ {name}.closePopup(); }}")
        popup.wait_for(state="detached")
    # the hover title and tooltip are text too
    page.evaluate(
        f"() => {{ {name}.eachLayer(l => {{ if (l.getTooltip && l.getTooltip()) l.openTooltip(); }}); }}"
    )
    assert XSS in page.inner_text(".leaflet-tooltip-pane")
    page.wait_for_timeout(300)
    p.screenshot("xss_popup.png")
    assert page.locator('img[src="x"]').count() == 0
    assert page.locator('a[href^="javascript"]').count() == 0
    assert p.dialogs == []
    assert p.errors == []
    p.close()


def test_drawn_route_round_trips_through_read_escape_routes(browser: Any, tmp_path: Path) -> None:
    sample = cg.datasets.load_sample()
    graph = sample.graph()
    nodes = sample.road_nodes
    # a real route of 1.6 km on the road graph (6 nodes), drawn by clicking its nodes
    ids = nodes.index.to_numpy()
    a, b = int(ids[5]), int(ids[25])
    path_nodes = nx.shortest_path(graph, a, b, weight="length")
    wgs = nodes.to_crs(4326)
    latlon = [(wgs.geometry[n].y, wgs.geometry[n].x) for n in path_nodes]
    m = maps.route_drawing_map(sample.roads, lang="th")
    html = maps.save_map(m, tmp_path / "draw.html")
    p = Page(browser, downloads=True)
    page = p.open(html)
    name = p.map_name()
    lats, lons = [q[0] for q in latlon], [q[1] for q in latlon]
    page.evaluate(
        f"() => {{ {name}.fitBounds([[{min(lats)}, {min(lons)}], [{max(lats)}, {max(lons)}]], "
        "{padding: [100, 100], animate: false}); }"
    )
    page.fill(".cg-route-name", "ทางหนี <b>ทดสอบ</b>")
    page.click(".cg-start")
    box = page.locator(f"#{name}").bounding_box()
    assert box is not None
    # click every node, each 3 px off, so snapping puts it back
    chosen = path_nodes
    assert len(chosen) == 6
    for node in chosen:
        lat, lon = wgs.geometry[node].y, wgs.geometry[node].x
        xy = page.evaluate(f"{name}.latLngToContainerPoint([{lat}, {lon}])")
        page.mouse.click(box["x"] + xy["x"] + 3, box["y"] + xy["y"] - 2)
    page.click(".cg-finish")
    assert "1 เส้นทาง" in page.inner_text(".cg-status")
    p.screenshot("route_drawing.png")
    with page.expect_download() as download:
        page.click(".cg-export")
    assert download.value.suggested_filename == "escape_routes.geojson"
    exported = tmp_path / "escape_routes.geojson"
    download.value.save_as(exported)
    assert p.errors == []
    p.close()

    data = json.loads(exported.read_text(encoding="utf-8"))
    feature = data["features"][0]
    assert feature["properties"] == {"route_id": "R01", "name": "ทางหนี <b>ทดสอบ</b>"}
    d = cg.settings.map_coordinate_decimals
    expected = [[round(wgs.geometry[n].x, d), round(wgs.geometry[n].y, d)] for n in chosen]
    assert np.allclose(feature["geometry"]["coordinates"], expected, atol=1e-9)

    routes = cg.riskpoints.read_escape_routes(exported, graph)
    assert routes["route_id"].tolist() == ["R01"]
    assert routes["name"].tolist() == ["ทางหนี <b>ทดสอบ</b>"]
    assert list(routes["nodes"].iloc[0]) == path_nodes
    assert routes["max_offset_m"].iloc[0] < 5.0


def test_demo_dashboard_renders_with_its_charts(browser: Any, demo: Path) -> None:
    p = Page(browser)
    page = p.open(demo / "dashboard.html")
    images = page.evaluate(
        "Array.from(document.images).map(i => [i.complete, i.naturalWidth, i.naturalHeight])"
    )
    assert len(images) >= 5
    assert all(done and w > 300 and h > 100 for done, w, h in images)
    headings = page.eval_on_selector_all("h2", "els => els.map(e => e.textContent)")
    assert headings[:5] == [
        "1. กล้องตามสถานะการใช้งาน งบซ่อม และหน่วยงานซ่อม",
        "2. การเชื่อมโยงเครือข่าย",
        "3. กล้องที่ต้องการติดตั้งเพิ่ม",
        "4. สถิติการขอเข้าดูข้อมูลกล้อง",
        "5. ปัญหาและอุปสรรค",
    ]
    p.screenshot("demo_dashboard_top.png")
    p.screenshot("demo_dashboard_full.png", full_page=True)
    assert p.errors == [] and p.outside == []
    p.close()


def test_demo_outputs_hold_no_requester_data(demo: Path) -> None:
    """The sample request log names its requesters (PDPA test data); no output may."""
    import re

    import openpyxl

    raw = cg.datasets.load_sample().requests
    secrets = {
        str(v) for col in ("ชื่อผู้ขอ", "เบอร์โทร", "เลขบัตรประชาชน") for v in raw[col].dropna().unique()
    }
    assert len(secrets) > 1000
    # every name holds "ทดสอบ ตัวอย่าง" (and nothing else in the sample does); phones are
    # 0xx-xxx-xxxx and id numbers 13 digits: find such tokens, then look them up
    marker = "ทดสอบ ตัวอย่าง"
    shapes = re.compile(r"\d{3}-\d{3}-\d{4}|\d{13}")
    assert all(marker in v or shapes.fullmatch(v) for v in secrets)
    texts = {p.name: p.read_text(encoding="utf-8") for p in demo.glob("*.html")}
    texts |= {p.name: p.read_text(encoding="utf-8-sig") for p in demo.glob("*.csv")}
    for path in demo.glob("*.xlsx"):
        book = openpyxl.load_workbook(path, read_only=True)
        texts[path.name] = " ".join(
            str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row
        )
    assert set(texts) >= {"map.html", "dashboard.html", "dashboard.xlsx", "plan.xlsx"}
    leaks = {name: sorted(set(shapes.findall(text)) & secrets) for name, text in texts.items()}
    assert all(found == [] for found in leaks.values()), leaks
    assert [name for name, text in texts.items() if marker in text] == []
