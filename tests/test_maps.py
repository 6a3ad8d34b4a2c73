"""Folium maps: offline pages, escaped text, light layers, labels, determinism.

What the browser does with these pages is tested in tests/test_browser.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely import LineString, Point, Polygon

import cctvgeo as cg
from cctvgeo import maps
from cctvgeo._i18n import budget_lines
from cctvgeo.maps._assets import js_json

UTM = 32647
XSS = "<img src=x onerror=alert(1)>"
SCRIPT_END = "</script><script>alert(2)</script>"


def layer_names(m: object) -> list[str]:
    return [c.layer_name for c in m._children.values() if hasattr(c, "layer_name")]  # type: ignore[attr-defined]


def layer_data(m: object, name: str) -> dict:
    for c in m._children.values():  # type: ignore[attr-defined]
        if getattr(c, "layer_name", None) == name:
            return json.loads(c.data)
    raise KeyError(name)


def layer_spec(m: object, name: str) -> dict:
    for c in m._children.values():  # type: ignore[attr-defined]
        if getattr(c, "layer_name", None) == name:
            return json.loads(c.spec)
    raise KeyError(name)


def cameras(names: list[str] | None = None) -> gpd.GeoDataFrame:
    names = names or ["ตลาดเทศบาล", "หน้าวัด"]
    n = len(names)
    return gpd.GeoDataFrame(
        {
            "camera_id": [f"C{i}" for i in range(n)],
            "name": names,
            "agency": ["เทศบาล"] * n,
            "status": (["working", "broken", "under_repair", None] * n)[:n],
            "heading_deg": [90.0] * n,
            "repair_budget_thb": [np.nan, 15000.0, 2500.5, np.nan][:n] + [np.nan] * max(0, n - 4),
        },
        geometry=[Point(650_000 + 100 * i, 1_615_000) for i in range(n)],
        crs=UTM,
    )


# --------------------------------------------------------------------------- escaping


def test_js_json_cannot_end_a_script_element() -> None:
    text = js_json({"name": SCRIPT_END, "amp": "a&b", "sep": "\u2028"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"name": SCRIPT_END, "amp": "a&b", "sep": "\u2028"}


def test_input_strings_never_reach_the_page_as_markup(tmp_path: Path) -> None:
    cams = cameras([XSS, SCRIPT_END])
    cams["agency"] = ["<b>agency</b>", "x&y"]
    page = maps.save_map(maps.cameras_map(cams), tmp_path / "m.html").read_text(encoding="utf-8")
    assert XSS not in page
    assert "<script>alert" not in page
    assert "<b>agency" not in page
    # ... but they are in the data, escaped, and come back intact when read as JSON
    data = layer_data(maps.cameras_map(cams), "กล้องที่มีอยู่")
    names = [f["properties"]["name"] for f in data["features"]]
    assert names == [XSS, SCRIPT_END]


# Text from input files that Jinja would run or choke on if it ever reached a template source.
JINJA_PAYLOADS = (
    "{{ cycler.__init__.__globals__.os.system('touch PWNED') }}",
    "{{ 7*6 }}",
    "ป้าย {% ซ่อม",
    "{# ความเห็น",
)


def assert_literal_and_inert(page: str, folder: Path) -> None:
    for payload in JINJA_PAYLOADS:
        assert js_json(payload)[1:-1] in page, payload
    assert not (folder / "PWNED").exists()


@pytest.mark.parametrize("payload", JINJA_PAYLOADS)
def test_template_text_in_any_camera_field_is_shown_not_run(
    payload: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    cams = cameras([payload, "ok"])
    cams["camera_id"] = [payload, "C1"]
    cams["agency"] = [payload, payload]
    cams["status"] = [payload, "working"]
    m = maps.cameras_map(cams, lang="en", title=payload)
    page = maps.save_map(m, tmp_path / "m.html").read_text(encoding="utf-8")
    assert page.count(js_json(payload)[1:-1]) >= 4
    assert not (tmp_path / "PWNED").exists()


def test_template_text_in_risk_points_routes_hotspots_and_districts_is_inert(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    n = len(JINJA_PAYLOADS)
    x0, y0 = 650_000, 1_615_000
    rp = gpd.GeoDataFrame(
        {
            "point_id": list(JINJA_PAYLOADS),
            "name": list(JINJA_PAYLOADS),
            "priority": ["urgent"] * n,
        },
        geometry=[Point(x0 + 50 * i, y0) for i in range(n)],
        crs=UTM,
    )
    routes = gpd.GeoDataFrame(
        {"route_id": list(JINJA_PAYLOADS), "name": list(JINJA_PAYLOADS)},
        geometry=[LineString([(x0, y0 + 10 * i), (x0 + 500, y0 + 10 * i)]) for i in range(n)],
        crs=UTM,
    )
    districts = gpd.GeoDataFrame(
        {"name": list(JINJA_PAYLOADS)},
        geometry=[shapely.box(x0 + 100 * i, y0, x0 + 100 * i + 90, y0 + 90) for i in range(n)],
        crs=UTM,
    )
    m = maps.coverage_map(
        risk_points=rp, routes=routes, districts=districts, title=JINJA_PAYLOADS[0], lang="th"
    )
    assert_literal_and_inert(maps.save_map(m, tmp_path / "c.html").read_text("utf-8"), tmp_path)
    roads = routes.rename(columns={"route_id": "ref"})
    m = maps.route_drawing_map(roads, title=JINJA_PAYLOADS[1], file_name=JINJA_PAYLOADS[2])
    assert_literal_and_inert(maps.save_map(m, tmp_path / "d.html").read_text("utf-8"), tmp_path)


def test_the_page_links_no_outside_file(tmp_path: Path) -> None:
    page = maps.save_map(maps.cameras_map(cameras()), tmp_path / "m.html").read_text(
        encoding="utf-8"
    )
    assert not re.search(r"""<script[^>]+src=|<link[^>]+href=["']?https?:""", page)
    assert "cdn." not in page and "jquery" not in page.lower()
    assert "Leaflet 1.9.3" in page  # inlined, with its licence notice
    assert "url(images/" not in page  # Leaflet's CSS images are data URIs


# --------------------------------------------------------------------------- layers and labels


def test_thai_and_english_labels() -> None:
    assert layer_names(maps.cameras_map(cameras(), lang="th")) == ["กล้องที่มีอยู่"]
    m = maps.cameras_map(cameras(), lang="en")
    assert layer_names(m) == ["Existing cameras"]
    props = [f["properties"] for f in layer_data(m, "Existing cameras")["features"]]
    assert [p["status"] for p in props] == ["working", "broken"]
    props_th = [
        f["properties"]
        for f in layer_data(maps.cameras_map(cameras(), lang="th"), "กล้องที่มีอยู่")["features"]
    ]
    assert [p["status"] for p in props_th] == ["ใช้งานได้ปกติ", "ชำรุด"]
    assert props[1]["repair_budget_thb"] == "15,000"
    with pytest.raises(ValueError, match="lang"):
        maps.cameras_map(cameras(), lang="fr")  # type: ignore[arg-type]


def test_coordinates_are_converted_to_wgs84_and_rounded() -> None:
    cams = cameras()
    m = maps.cameras_map(cams, lang="en")
    feature = layer_data(m, "Existing cameras")["features"][0]
    lon, lat = feature["geometry"]["coordinates"]
    expected = gpd.GeoSeries([cams.geometry.iloc[0]], crs=UTM).to_crs(4326).iloc[0]
    decimals = cg.settings.map_coordinate_decimals
    assert (lon, lat) == (round(expected.x, decimals), round(expected.y, decimals))
    assert abs(lon - expected.x) <= 0.5 * 10**-decimals


def test_layers_are_simplified_by_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    # a 1 km straight road with a 0.4 m wiggle in the middle: simplified away at 1 m
    wiggly = LineString([(650_000, 1_615_000), (650_500, 1_615_000.4), (651_000, 1_615_000)])
    routes = gpd.GeoDataFrame({"route_id": ["R1"], "name": ["r"]}, geometry=[wiggly], crs=UTM)
    m = maps.coverage_map(routes=routes, lang="en")
    line = layer_data(m, "Escape routes")["features"][0]["geometry"]["coordinates"]
    assert len(line) == 2
    monkeypatch.setattr(cg.settings, "map_simplify_m", 0.0)
    m = maps.coverage_map(routes=routes, lang="en")
    assert len(layer_data(m, "Escape routes")["features"][0]["geometry"]["coordinates"]) == 3


def test_roads_are_merged_into_covered_partly_and_gap() -> None:
    x0, y0 = 650_000, 1_615_000
    segs = gpd.GeoDataFrame(
        {"covered_share": [1.0, 1.0, 0.5, 0.0], "covered_m": [100.0, 100.0, 50.0, 0.0]},
        geometry=[LineString([(x0 + a, y0), (x0 + a + 100, y0)]) for a in (0, 100, 200, 300)],
        crs=UTM,
    )
    m = maps.coverage_map(segs, lang="en")
    feats = layer_data(m, "Roads: covered / gap")["features"]
    by_key = {f["properties"]["_k"]: f for f in feats}
    assert set(by_key) == {"road_full", "road_part", "road_none"}
    # the two covered segments are one line from 0 to 200 m
    assert by_key["road_full"]["geometry"]["type"] == "LineString"
    assert len(by_key["road_full"]["geometry"]["coordinates"]) == 2
    assert by_key["road_full"]["properties"]["_tip"] == "Covered: 0.2 km"
    assert by_key["road_none"]["properties"]["_tip"] == "Gap (not covered): 0.1 km"


def test_first_and_last_seen_markers_lie_on_the_route_at_their_distances() -> None:
    route = LineString([(650_000, 1_615_000), (651_000, 1_615_000), (651_000, 1_616_000)])
    routes = gpd.GeoDataFrame(
        {"route_id": ["R1"], "name": ["หนีไปทางเหนือ"]}, geometry=[route], crs=UTM
    )
    # a camera whose footprint is the square 400-600 m along the first leg, another at 1500 m
    fp = gpd.GeoDataFrame(
        {"camera_id": ["A", "B"], "status": ["working", "working"]},
        geometry=[
            shapely.box(650_400, 1_614_990, 650_600, 1_615_010),
            shapely.box(650_990, 1_615_450, 651_010, 1_615_550),
        ],
        crs=UTM,
    )
    m = maps.coverage_map(routes=routes, footprints=fp, lang="en")
    feats = layer_data(m, "Escape routes")["features"]
    marks = {f["properties"]["_k"]: f for f in feats if f["geometry"]["type"] == "Point"}
    first = gpd.GeoSeries([Point(650_400, 1_615_000)], crs=UTM).to_crs(4326).iloc[0]
    last = gpd.GeoSeries([Point(651_000, 1_615_550)], crs=UTM).to_crs(4326).iloc[0]
    d = cg.settings.map_coordinate_decimals
    assert marks["first_seen"]["geometry"]["coordinates"] == [round(first.x, d), round(first.y, d)]
    assert marks["last_seen"]["geometry"]["coordinates"] == [round(last.x, d), round(last.y, d)]
    assert marks["last_seen"]["properties"]["last_seen_m"] == "1,550"
    line = next(f for f in feats if f["geometry"]["type"] == "LineString")["properties"]
    assert line["covered_share"] == "15.0 %"
    assert line["first_seen_m"] == "400"
    assert line["seen_by"] == "A, B"


def test_a_route_never_seen_says_so_and_has_no_markers() -> None:
    route = LineString([(650_000, 1_615_000), (651_000, 1_615_000)])
    routes = gpd.GeoDataFrame({"route_id": ["R1"]}, geometry=[route], crs=UTM)
    fp = gpd.GeoDataFrame(
        {"camera_id": ["A"], "status": ["working"]},
        geometry=[shapely.box(0, 0, 10, 10)],
        crs=UTM,
    )
    feats = layer_data(maps.coverage_map(routes=routes, footprints=fp, lang="en"), "Escape routes")[
        "features"
    ]
    assert [f["geometry"]["type"] for f in feats] == ["LineString"]
    assert feats[0]["properties"]["first_seen_m"] == "never seen"


def test_risk_point_symbol_follows_priority_and_popup_lists_seeing_cameras() -> None:
    rp = gpd.GeoDataFrame(
        {
            "point_id": ["P1", "P2", "P3"],
            "name": ["ร้านทอง", "โรงเรียน", "?"],
            "priority": ["urgent", "normal", None],
            "category": ["bank_gold_shop", "school", "other"],
            "budget_thb": [120_000.0, 50_000.0, np.nan],
        },
        geometry=[Point(650_005, 1_615_000), Point(652_000, 1_615_000), Point(653_000, 1_615_000)],
        crs=UTM,
    )
    fp = gpd.GeoDataFrame(
        {"camera_id": ["A"], "status": ["working"]},
        geometry=[shapely.box(650_000, 1_614_990, 650_010, 1_615_010)],
        crs=UTM,
    )
    m = maps.coverage_map(risk_points=rp, footprints=fp, lang="en")
    props = [f["properties"] for f in layer_data(m, "Risk points")["features"]]
    assert [p["_k"] for p in props] == ["urgent", "normal", "unknown"]
    assert [p["category"] for p in props] == ["bank / gold shop", "school", "other"]
    assert props[0]["seen_by"] == "A" and props[1]["seen_by"] == "-"
    assert props[0]["budget_thb"] == "120,000" and "budget_thb" not in props[2]


def test_inputs_are_not_changed() -> None:
    cams = cameras()
    before = cams.copy()
    maps.cameras_map(cams)
    assert cams.equals(before) and cams.crs == before.crs


def test_a_frame_without_crs_is_refused_with_the_fix() -> None:
    cams = cameras().set_crs(None, allow_override=True)
    with pytest.raises(cg.CRSError, match="set_crs"):
        maps.cameras_map(cams)


def test_save_map_is_deterministic_and_atomic(tmp_path: Path) -> None:
    a = maps.save_map(maps.cameras_map(cameras()), tmp_path / "a.html").read_bytes()
    b = maps.save_map(maps.cameras_map(cameras()), tmp_path / "b.html").read_bytes()
    assert a == b
    assert not re.search(rb"[0-9a-f]{32}", a)  # folium's random element ids are gone
    with pytest.raises(cg.CctvgeoError, match="does not exist"):
        maps.save_map(maps.cameras_map(cameras()), tmp_path / "missing" / "m.html")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.html", "b.html"]


# --------------------------------------------------------------------------- sample province


@pytest.fixture(scope="module")
def sample() -> cg.datasets.Sample:
    return cg.datasets.load_sample()


def test_sample_coverage_map_is_light(sample: cg.datasets.Sample, tmp_path: Path) -> None:
    cams = cg.project(sample.cameras)
    fp = cg.coverage.fields_of_view(cams, roads=sample.roads, buildings=sample.buildings)
    cov = cg.coverage.road_coverage(cg.coverage.road_segments(sample.roads), fp)
    m = maps.coverage_map(
        cov,
        cameras=cams,
        footprints=fp,
        risk_points=sample.risk_points,
        routes=sample.escape_routes,
        districts=sample.districts,
    )
    path = maps.save_map(m, tmp_path / "coverage.html")
    assert path.stat().st_size < 10_000_000
    assert layer_names(m) == [
        "เขตอำเภอ",
        "ถนน: มีกล้อง / ไม่มีกล้อง",
        "ช่วงถนนที่ไม่มีกล้อง",
        "พื้นที่ที่กล้องมองเห็น (จดจำ)",
        "เส้นทางหลบหนี",
        "กล้องที่มีอยู่",
        "จุดเสี่ยง / จุดสำคัญ",
    ]
    # every camera is on the map; footprints that are empty (no view) are not drawn
    assert len(layer_data(m, "กล้องที่มีอยู่")["features"]) == len(cams)
    n_fp = int((~fp.geometry.is_empty).sum())
    assert len(layer_data(m, "พื้นที่ที่กล้องมองเห็น (จดจำ)")["features"]) == n_fp
    # gaps were computed from the coverage, with the risk points they pass
    gaps = layer_data(m, "ช่วงถนนที่ไม่มีกล้อง")["features"]
    expected = cg.coverage.coverage_gaps(cov, risk_points=sample.risk_points.to_crs(cov.crs))
    assert len(gaps) == len(expected)
    assert sum(f["properties"]["_k"] == "gap_risk" for f in gaps) == int(
        (expected["n_risk_points"] > 0).sum()
    )


def test_route_drawing_map_has_each_street_once(sample: cg.datasets.Sample) -> None:
    m = maps.route_drawing_map(sample.roads, lang="en")
    roads = layer_data(m, "Roads")["features"]
    undirected = {
        frozenset((u, v)) for u, v, _ in sample.roads.index
    }  # the sample has no parallel edges between one pair of nodes
    assert len(roads) == len(undirected)
    page = m.get_root().render()
    assert "cctvgeo.drawRoutes" in page
    assert '"fileName":"escape_routes.geojson"' in page


def test_route_drawing_map_accepts_a_graph(sample: cg.datasets.Sample) -> None:
    m = maps.route_drawing_map(sample.graph(), lang="en")
    assert len(layer_data(m, "Roads")["features"]) == len(
        layer_data(maps.route_drawing_map(sample.roads, lang="en"), "Roads")["features"]
    )


def test_polygon_layers_keep_their_shape() -> None:
    districts = gpd.GeoDataFrame(
        {"name_th": ["เมือง"], "name_en": ["Mueang"]},
        geometry=[Polygon([(650_000, 1_615_000), (652_000, 1_615_000), (651_000, 1_617_000)])],
        crs=UTM,
    )
    m = maps.cameras_map(cameras(), districts=districts, lang="en")
    feat = layer_data(m, "District boundaries")["features"][0]
    assert feat["geometry"]["type"] == "Polygon"
    assert len(feat["geometry"]["coordinates"][0]) == 4
    assert feat["properties"]["_tip"] == "Mueang"


# --------------------------------------------------------------------------- plan map


@pytest.fixture(scope="module")
def small_plan() -> object:
    """A plan on a 1 km street grid whose one street has a name with markup in it."""
    x0, y0 = 650_000.0, 1_615_000.0
    lines, names = [], []
    for i in range(3):
        lines.append(LineString([(x0, y0 + 400 * i), (x0 + 800, y0 + 400 * i)]))
        names.append(XSS if i == 1 else f"ถนน {i}")
        lines.append(LineString([(x0 + 400 * i, y0), (x0 + 400 * i, y0 + 800)]))
        names.append(f"ซอย {i}")
    roads = gpd.GeoDataFrame(
        {"name": names, "highway": ["residential"] * len(lines)}, geometry=lines, crs=UTM
    )
    segs = cg.coverage.road_segments(roads)
    demand = cg.riskpoints.demand(segs)
    candidates = cg.planning.candidate_sites(segs, headings=4, spacing=200.0)
    return cg.planning.plan(demand, candidates, annual_budgets=[150_000, 100_000], method="greedy")


def test_plan_map_numbers_sites_by_rank_coloured_by_year(
    small_plan: object, tmp_path: Path
) -> None:
    sites = small_plan.sites  # type: ignore[attr-defined]
    m = maps.plan_map(small_plan, lang="en")
    assert layer_names(m) == ["Proposed fields of view", "Proposed sites"]
    feats = layer_data(m, "Proposed sites")["features"]
    assert [f["properties"]["rank"] for f in feats] == sites["rank"].tolist()
    assert [f["properties"]["_k"] for f in feats] == [
        f"{k}|{y}" for k, y in zip(sites["kind"], sites["year"], strict=True)
    ]
    assert set(sites["year"]) == {1, 2}
    page = maps.save_map(m, tmp_path / "plan.html").read_text(encoding="utf-8")
    spec = layer_spec(m, "Proposed sites")
    assert spec["markers"]["new|1"]["color"] == maps.YEAR_COLOURS[0]
    assert spec["markers"]["new|2"]["color"] == maps.YEAR_COLOURS[1]
    assert spec["markers"]["new|1"]["label"] == "rank"
    assert XSS not in page


def test_site_popup_has_reason_costs_budget_source_and_approval(small_plan: object) -> None:
    sites = small_plan.sites  # type: ignore[attr-defined]
    first = sites.iloc[0]
    props = layer_data(maps.plan_map(small_plan, lang="en"), "Proposed sites")["features"][0][
        "properties"
    ]
    assert props["reason"] == first["reason"]
    assert props["approval_level"] == first["approval_level"] == "provincial working group"
    assert props["capital_thb"] == f"{first['capital_thb']:,.0f}"
    # the catalogue's "Thai (English)" budget lines by their English gloss
    assert props["budget_source"] == budget_lines(first["budget_source"], "en").replace("; ", "\n")
    assert "capital: equipment" in props["budget_source"]
    assert not re.search("[\u0e00-\u0e7f]", props["budget_source"])
    # every cost item the site pays is listed, and no item it does not pay
    for item in ("equipment_thb", "installation_thb", "pole_thb", "repair_thb", "cooperation_thb"):
        assert (item in props) == (first[item] > 0), item
    th = layer_data(maps.plan_map(small_plan, lang="th"), "จุดติดตั้งที่เสนอ")["features"][0][
        "properties"
    ]
    assert th["reason"] == first["reason_th"]
    assert th["approval_level"] == first["approval_level_th"]
    assert th["site_kind"] == "ติดตั้งกล้องใหม่"


def test_plan_map_rejects_what_is_not_a_plan() -> None:
    with pytest.raises(TypeError, match="InstallationPlan"):
        maps.plan_map(cameras())


def test_the_scale_bar_is_in_metres_only(tmp_path: Path) -> None:
    page = maps.save_map(maps.cameras_map(cameras(), lang="th"), tmp_path / "m.html").read_text(
        encoding="utf-8"
    )
    assert re.search(r"cctvgeo\.scale\(map_\d+\);", page)
    assert "L.control.scale({imperial: false})" in page
    assert "L.control.scale(\n" not in page and "L.control.scale()" not in page  # folium's own


def test_an_english_plan_map_says_in_english_what_cctvgeo_writes(
    small_plan: object, tmp_path: Path
) -> None:
    m = maps.plan_map(small_plan, lang="en")
    page = maps.save_map(m, tmp_path / "en.html").read_text(encoding="utf-8")
    spec = layer_spec(m, "Proposed sites")
    props = [f["properties"] for f in layer_data(m, "Proposed sites")["features"]]
    own = ("site_name", "reason", "_tip", "site_risk_points", "site_routes")  # road names
    written = [label for _, label in spec["fields"]] + [
        str(v) for p in props for k, v in p.items() if k not in own
    ]
    legend = json.loads(re.search(r"cctvgeo\.legend\(map_\d+, (.*)\);", page).group(1))
    written += [legend["title"], *(i["label"] for g in legend["groups"] for i in g["items"])]
    assert [w for w in written if re.search("[\u0e00-\u0e7f]", w)] == []
    assert "Work" in written  # the field labels, capitalised
