"""Installation plans: phasing, existing cameras, re-aims, repairs, reasons, approvals, exports."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import openpyxl
import pandas as pd
import pyogrio
import pytest
from shapely import LineString, Point, box

import cctvgeo as cg
from cctvgeo.planning import SITE_COLUMNS, candidate_sites, plan

CRS = 32647


def hand_demand() -> gpd.GeoDataFrame:
    """Ten 20 m pieces of road A, an urgent risk point needing two cameras, one more, a route."""
    road = gpd.GeoDataFrame(
        {"name": ["Road A"], "highway": ["primary"]},
        geometry=[LineString([(0, 0), (200, 0)])],
        crs=CRS,
    )
    segs = cg.coverage.road_segments(road, max_length=20.0)
    seg = pd.DataFrame(
        {
            "demand_id": [f"segment:{i}" for i in range(len(segs))],
            "kind": "segment",
            "weight": 20.0,
            "name": "Road A",
            "k_required": 1,
            "highway": "primary",
            "priority": None,
        }
    )
    other = pd.DataFrame(
        {
            "demand_id": ["point:P1", "point:P2", "route:R1"],
            "kind": ["point", "point", "route"],
            "weight": [200.0, 100.0, 150.0],
            "name": ["market", "school", "escape to the north"],
            "k_required": [2, 1, 1],
            "highway": None,
            "priority": ["urgent", "normal", None],
        }
    )
    geoms = [
        *segs.geometry,
        Point(50, 0),
        Point(150, 0),
        LineString([(190, 0), (190, -300)]),
    ]
    dem = gpd.GeoDataFrame(pd.concat([seg, other], ignore_index=True), geometry=geoms, crs=CRS)
    dem["k_required"] = dem["k_required"].astype("Int64")
    return dem


def hand_candidates() -> gpd.GeoDataFrame:
    rows = {
        "candidate_id": ["a", "b", "c", "d", "e"],
        "kind": ["new"] * 5,
        "site_id": ["S1", "S2", "S3", "S4", "S5"],
        "group": ["S1@090", "S2@090", "S3@090", "S4@090", "S5@090"],
        "site_name": ["west end", "market corner", "school gate", "east end", "market back"],
        "heading_deg": [90.0] * 5,
        "capital_thb": [40_000.0, 30_000.0, 30_000.0, 20_000.0, 32_000.0],
        "running_thb_per_year": [8_000.0, 5_000.0, 5_000.0, 4_000.0, 5_000.0],
        "site_x": [0.0, 40.0, 140.0, 185.0, 60.0],
        "site_y": [0.0] * 5,
    }
    geoms = [
        box(0, -5, 40, 5),  # pieces 0 and 1
        box(40, -5, 60, 5),  # piece 2 and the market
        box(140, -5, 160, 5),  # piece 7 and the school
        box(185, -5, 200, 5),  # 15 m of piece 9 and the route
        box(40, -5, 60, 5),  # the market again: its backup camera
    ]
    return gpd.GeoDataFrame(rows, geometry=geoms, crs=CRS)


def test_a_single_year_plan_by_hand() -> None:
    p = plan(hand_demand(), hand_candidates(), budget=50_000, method="exact")
    # Within 50,000 (capital + a year's running): b alone (220) beats d alone (165).
    assert p.sites["candidate_id"].tolist() == ["b"]
    row = p.sites.iloc[0]
    assert row["charged_thb"] == 35_000.0
    assert row["marginal_gain"] == 220.0
    assert row["reason"] == (
        "New camera at market corner, facing east (90°): covers risk point market (urgent); "
        "sees 20 m of road not seen before (Road A (primary) 20 m)."
    )
    assert row["reason_th"].startswith("ติดตั้งกล้องใหม่ ที่ market corner หันไปทิศตะวันออก (90°)")
    assert row["approval_level"] == "provincial working group"
    assert list(p.sites.columns) == [*SITE_COLUMNS, "geometry"]
    assert p.sites.geometry.iloc[0].equals(Point(40, 0))
    # The greedy's Khuller-Moss-Naor correction finds the same plan here.
    assert plan(hand_demand(), hand_candidates(), budget=50_000, method="greedy").sites[
        "candidate_id"
    ].tolist() == ["b"]


def test_phased_plans_are_nested_and_pay_earlier_running_costs() -> None:
    dem, cand = hand_demand(), hand_candidates()
    p = plan(dem, cand, annual_budgets=[50_000, 50_000, 50_000], method="exact")
    assert p.sites["year"].tolist() == [1, 2, 3]
    assert p.sites["candidate_id"].tolist() == ["b", "d", "c"]
    first = plan(dem, cand, budget=50_000, method="exact")
    assert set(p.sites.loc[p.sites["year"] == 1, "candidate_id"]) == set(
        first.sites["candidate_id"]
    )
    years = p.years
    assert years["earlier_running_thb"].tolist() == [0.0, 5_000.0, 9_000.0]
    assert years["charged_thb"].tolist() == [35_000.0, 29_000.0, 44_000.0]
    assert (years["charged_thb"] <= years["budget_thb"]).all()
    assert years["running_after_plan_thb"].iloc[0] == 14_000.0
    # The same budget as one amount split over three years.
    assert plan(dem, cand, budget=150_000, years=3, method="exact").sites[
        "candidate_id"
    ].tolist() == ["b", "d", "c"]
    # Money for the running costs must be there in later years.
    with pytest.raises(cg.InfeasiblePlanError, match="Year 2"):
        plan(dem, cand, annual_budgets=[50_000, 1_000])


def test_summary_counts_exact_road_length_points_and_routes() -> None:
    p = plan(hand_demand(), hand_candidates(), annual_budgets=[50_000] * 3, method="exact")
    s = p.summary().set_index(["section", "group"])
    assert s.loc[("roads", "primary"), "total"] == pytest.approx(200.0)
    assert s.loc[("roads", "primary"), "before"] == 0.0
    assert s.loc[("roads", "primary"), "after"] == pytest.approx(55.0)  # 20 + 15 + 20
    assert s.loc[("risk points", "all"), "after"] == 2.0
    assert s.loc[("risk points", "two cameras (backup)"), "after"] == 0.0
    assert s.loc[("escape routes", "captured"), "after"] == 1.0
    assert s.loc[("weighted demand", "optimised measure"), "after"] == pytest.approx(
        20 + 200 + 15 + 150 + 20 + 100
    )
    curve = p.coverage_curve(points=4, method="exact")
    assert curve["budget_thb"].tolist() == [0.0, 50_000.0, 100_000.0, 150_000.0]
    assert curve["gain"].iloc[0] == 0.0
    assert (curve["cost_thb"] <= curve["budget_thb"] + 1e-9).all()
    assert curve["objective"].iloc[1] == pytest.approx(220.0)


def existing_camera(heading: float, owner: str = "public") -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "camera_id": ["W"],
            "name": ["shop"],
            "owner": [owner],
            "camera_type": ["fixed"],
            "heading_deg": [heading],
            "hfov_deg": [50.0],
            "status": ["working"],
        },
        geometry=[Point(100, 0)],
        crs=CRS,
    )


def test_existing_cameras_remove_the_value_of_what_they_cover() -> None:
    dem = hand_demand()
    cams = existing_camera(90.0)
    fp = cg.coverage.fields_of_view(cams, level="recognise")
    cand = hand_candidates()
    twin = cand.iloc[[0]].copy()
    twin["candidate_id"], twin["site_id"], twin["group"] = "twin", "S9", "S9@090"
    twin["capital_thb"], twin["running_thb_per_year"] = 1.0, 0.0
    twin = twin.set_geometry([fp.geometry.iloc[0]], crs=CRS)
    both = pd.concat([cand, twin], ignore_index=True)
    with_cam = plan(dem, both, budget=1e6, cams=cams, method="exact")
    without = plan(dem, both, budget=1e6, method="exact")
    assert "twin" in set(without.sites["candidate_id"])  # cheap and useful without the camera
    assert "twin" not in set(with_cam.sites["candidate_id"])  # worthless with it
    assert with_cam.objective_before > 0


def test_existing_cameras_without_a_status_count_as_working() -> None:
    """Open data has no status: such cameras are not ignored, nor doubled by new ones (#12)."""
    dem = hand_demand()
    cams = existing_camera(90.0).drop(columns="status")
    fp = cg.coverage.fields_of_view(cams, level="recognise")
    twin = hand_candidates().iloc[[0]].copy()
    twin["candidate_id"], twin["site_id"], twin["group"] = "twin", "S9", "S9@090"
    twin["capital_thb"], twin["running_thb_per_year"] = 1.0, 0.0
    twin = twin.set_geometry([fp.geometry.iloc[0]], crs=CRS)
    p = plan(dem, twin, budget=1e6, cams=cams, method="exact")
    assert p.objective_before > 0
    assert p.sites.empty  # the new camera would see only what the existing one sees


def test_reaims_need_the_existing_camera_and_replace_its_view() -> None:
    dem = hand_demand()
    cams = existing_camera(0.0, owner="private")  # looking north, off the road
    road = dem[dem["kind"] == "segment"]
    cand = candidate_sites(road, cams=cams, headings=4, junctions=False)
    assert set(cand["kind"]) == {"re-aim"}
    with pytest.raises(cg.ValidationError, match="existing"):
        plan(dem, cand, budget=10_000)
    p = plan(dem, cand, budget=10_000, cams=cams, method="exact")
    assert len(p.sites) == 1
    # The old keyword name still works, with a warning, and gives the same plan.
    with pytest.warns(FutureWarning, match=r"plan\(existing=\.\.\.\) is deprecated.*cams="):
        old = plan(dem, cand, budget=10_000, existing=cams, method="exact")
    assert old.sites["candidate_id"].tolist() == p.sites["candidate_id"].tolist()
    row = p.sites.iloc[0]
    assert row["kind"] == "re-aim"
    assert row["heading_deg"] in (90.0, 270.0)
    assert row["charged_thb"] == 1500.0
    assert row["reason"].startswith("Ask the owner of camera W at shop to turn it facing")
    assert row["new_road_m"] > 0


def test_a_repair_competes_fairly_with_a_new_site() -> None:
    dem = hand_demand()
    broken = existing_camera(90.0).assign(status="broken", repair_budget_thb=10_000.0)
    road = dem[dem["kind"] == "segment"]
    repair = candidate_sites(road, cams=broken, junctions=False)
    assert repair["kind"].tolist() == ["repair"]
    new = repair.copy()
    new["candidate_id"], new["kind"], new["site_id"], new["group"] = "new", "new", "S9", "S9@090"
    for new_cost, winner in ((5_000.0, "new"), (50_000.0, "repair")):
        new["capital_thb"] = new_cost
        both = pd.concat([repair, new], ignore_index=True)
        p = plan(dem, both, budget=1e6, method="exact")
        assert p.sites["kind"].tolist() == [winner]


def test_approval_levels_follow_the_settings(monkeypatch) -> None:
    monkeypatch.setattr(
        cg.settings,
        "approval_levels",
        (
            (0.0, "provincial working group", "คณะทำงานระดับจังหวัด"),
            (60_000.0, "national sub-committee", "คณะอนุกรรมการระดับชาติ"),
        ),
    )
    p = plan(hand_demand(), hand_candidates(), annual_budgets=[100_000, 50_000], method="exact")
    by_year = p.sites.groupby("year")["approval_level"].first().to_dict()
    charged = p.sites.groupby("year")["charged_thb"].sum().to_dict()
    for year, level in by_year.items():
        expected = (
            "national sub-committee" if charged[year] >= 60_000 else "provincial working group"
        )
        assert level == expected
    assert "national sub-committee" in by_year.values()
    assert cg.planning.approval_level(59_999)[0] == "provincial working group"


def test_bad_budgets_and_columns_are_reported() -> None:
    dem, cand = hand_demand(), hand_candidates()
    with pytest.raises(cg.ValidationError, match="No budget"):
        plan(dem, cand)
    with pytest.raises(cg.ValidationError, match="differs"):
        plan(dem, cand, budget=10, annual_budgets=[1, 2])
    with pytest.raises(cg.ValidationError) as info:
        plan(dem.drop(columns=["weight"]), cand.drop(columns=["group"]), budget=10)
    assert {p.column for p in info.value.report.problems} == {"weight", "group"}


def test_exports_are_written_in_thai_or_english(tmp_path) -> None:
    p = plan(hand_demand(), hand_candidates(), annual_budgets=[50_000] * 3, method="exact")
    th = p.to_excel(tmp_path / "plan_th.xlsx", lang="th")
    book = openpyxl.load_workbook(th, read_only=True)
    assert book.sheetnames == ["แผนติดตั้ง", "สรุปความครอบคลุม", "งบรายปี", "ความครอบคลุมตามงบ"]
    rows = list(book["แผนติดตั้ง"].iter_rows(values_only=True))
    header = list(rows[0])
    assert "เหตุผลในการติดตั้ง" in header and "แหล่งงบประมาณ" in header
    assert rows[1][header.index("เหตุผลในการติดตั้ง")].startswith("ติดตั้งกล้องใหม่")
    assert len(rows) == 4
    en = p.to_excel(tmp_path / "plan_en.xlsx", lang="en")
    header_en = next(openpyxl.load_workbook(en, read_only=True)["plan"].iter_rows(values_only=True))
    assert "reason" in header_en and "reason_th" not in header_en
    gpkg = p.to_file(tmp_path / "plan.gpkg")
    assert sorted(pyogrio.list_layers(gpkg)[:, 0].tolist()) == ["footprints", "sites"]
    back = gpd.read_file(gpkg, layer="sites")
    assert back["candidate_id"].tolist() == ["b", "d", "c"]
    csv = p.to_csv(tmp_path / "plan.csv")
    raw = csv.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert pd.read_csv(csv, encoding="utf-8-sig")["candidate_id"].tolist() == ["b", "d", "c"]
    with pytest.raises(cg.CctvgeoError, match="does not exist"):
        p.to_csv(tmp_path / "missing" / "plan.csv")
    assert not (tmp_path / "missing").exists()


# ---------------------------------------------------------------------- the sample province


@pytest.fixture(scope="module")
def sample_plan(sample_candidates):
    sample = cg.datasets.load_sample()
    segs = cg.coverage.road_segments(sample.roads)
    cams = cg.project(sample.cameras)
    risk = sample.risk_points.assign(weight=1.0)
    seg = pd.DataFrame(
        {
            "demand_id": [f"segment:{i}" for i in segs.index],
            "kind": "segment",
            "weight": segs["length"].to_numpy(),
            "name": segs["name"].to_numpy(),
            "k_required": 1,
            "highway": segs["highway"].to_numpy(),
            "priority": None,
        }
    )
    pts = pd.DataFrame(
        {
            "demand_id": "point:" + risk["point_id"],
            "kind": "point",
            "weight": risk["priority"].map({"urgent": 300.0, "high": 200.0, "normal": 100.0}),
            "name": risk["name"],
            "k_required": np.where(risk["priority"] == "urgent", 2, 1),
            "highway": None,
            "priority": risk["priority"],
        }
    )
    routes = pd.DataFrame(
        {
            "demand_id": "route:" + sample.escape_routes["route_id"],
            "kind": "route",
            "weight": 500.0,
            "name": sample.escape_routes["name"],
            "k_required": 1,
            "highway": None,
            "priority": None,
        }
    )
    geoms = [*segs.geometry, *risk.geometry, *sample.escape_routes.geometry]
    demand = gpd.GeoDataFrame(
        pd.concat([seg, pts, routes], ignore_index=True), geometry=geoms, crs=segs.crs
    )
    demand["k_required"] = demand["k_required"].astype("Int64")
    cand = sample_candidates[0]
    p = plan(demand, cand, budget=5_000_000, years=3, cams=cams, buildings=sample.buildings)
    return p, cams, sample


def test_sample_province_plan_is_readable(sample_plan) -> None:
    p, _, _ = sample_plan
    sites, years = p.sites, p.years
    assert len(sites) > 30
    assert years["year"].tolist() == [1, 2, 3]
    assert (years["charged_thb"] <= years["budget_thb"] + 1e-6).all()
    assert (years["unspent_thb"] >= -1e-6).all()
    # Earlier years' running costs are paid first, from later budgets.
    for y in (2, 3):
        earlier = sites.loc[sites["year"] < y, "running_thb_per_year"].sum()
        assert years.loc[years["year"] == y, "earlier_running_thb"].iloc[0] == pytest.approx(
            earlier
        )
    assert set(sites["kind"]) <= {"new", "repair", "re-aim"}
    assert {"new", "re-aim"} <= set(sites["kind"])
    assert sites["reason"].str.len().gt(20).all()
    assert sites["reason_th"].str.len().gt(10).all()
    assert sites["budget_source"].str.len().gt(0).all()
    assert set(sites["approval_level"]) <= {"provincial working group", "national sub-committee"}
    assert sites["rank"].tolist() == list(range(1, len(sites) + 1))
    assert (np.diff(sites["cumulative_gain"].to_numpy()) > -1e-6).sum() >= len(sites) - 1 - (
        sites["kind"] == "re-aim"
    ).sum()
    # Reasons name the risk points they cover.
    named = sites[sites["risk_points"] != ""]
    assert len(named) > 0
    for _, row in named.iterrows():
        assert row["risk_points"].split(";")[0] in row["reason"]
    s = p.summary()
    assert (s["after"] >= s["before"] - 1e-6).all()
    assert p.objective_after > p.objective_before
    curve = p.coverage_curve(points=3)
    assert curve["budget_thb"].tolist() == [0.0, 2_500_000.0, 5_000_000.0]
    assert curve["gain"].iloc[0] == 0.0
    assert curve["objective"].iloc[2] > curve["objective"].iloc[1] > curve["objective"].iloc[0]


def test_sample_best_camera_share_is_a_lower_bound_of_the_union(sample_plan) -> None:
    """The optimiser counts the best camera's share of each road piece; the union is more."""
    p, cams, sample = sample_plan
    dem = p.demand[p.demand["kind"] == "segment"]
    working = cams[cams["status"] == "working"]
    fp_old = cg.coverage.fields_of_view(
        working, level="recognise", roads=dem, buildings=sample.buildings
    )
    fps = pd.concat([fp_old[["geometry"]], p.footprints[["geometry"]]], ignore_index=True).set_crs(
        dem.crs, allow_override=True
    )
    best = cg.coverage.coverage_matrix(dem, fps).max(axis=0).toarray().ravel()
    union = cg.coverage.road_coverage(
        dem, fps.assign(camera_id=[f"c{i}" for i in range(len(fps))], status="working")
    )["covered_share"].to_numpy()
    assert (union >= best - 1e-9).all()
    length = dem.geometry.length.to_numpy()
    # On 20 m pieces the two measures differ by little.
    assert (union * length).sum() - (best * length).sum() < 0.05 * (union * length).sum()


# ---------------------------------------------------------------------- computed once, reused


def test_footprints_given_are_those_computed_and_checked() -> None:
    """plan(), candidate_sites() and the linkage reuse footprints, with the same result."""
    dem = hand_demand()
    cams = pd.concat(
        [
            existing_camera(0.0, owner="private"),
            existing_camera(90.0).assign(camera_id="B", status="broken"),
            existing_camera(270.0).assign(camera_id="E"),
        ],
        ignore_index=True,
    )
    road = dem[dem["kind"] == "segment"]
    fp = cg.coverage.fields_of_view(cams, level="recognise", roads=road)
    cand = candidate_sites(road, cams=cams, headings=4, junctions=False)
    assert candidate_sites(road, cams=cams, headings=4, junctions=False, footprints=fp).equals(cand)
    assert set(cand["kind"]) == {"re-aim", "repair"}
    computed = plan(dem, cand, budget=20_000, cams=cams, method="exact")
    given = plan(dem, cand, budget=20_000, cams=cams, method="exact", footprints=fp)
    assert given.sites.drop(columns="geometry").equals(computed.sites.drop(columns="geometry"))
    assert given.objective_before == computed.objective_before > 0
    # Several levels at once: each function takes the rows of its level.
    both = cg.coverage.fields_of_view(cams, levels=["detect", "recognise"], roads=road)
    assert plan(
        dem, cand, budget=20_000, cams=cams, method="exact", footprints=both
    ).objective_after == pytest.approx(computed.objective_after)
    link = cg.planning.select_for_linkage(cams, dem, share=0.5, footprints=fp)
    assert (
        link.objective_after == cg.planning.select_for_linkage(cams, dem, share=0.5).objective_after
    )
    repairs = cg.planning.repair_priorities(cams, dem, footprints=fp)
    assert (
        repairs["restored"].tolist()
        == cg.planning.repair_priorities(cams, dem)["restored"].tolist()
    )
    # Footprints of other cameras, or at another level, are refused with the rows named.
    with pytest.raises(cg.ValidationError, match="no footprint") as info:
        plan(dem, cand, budget=20_000, cams=cams, footprints=fp.iloc[1:])
    assert [p.row for p in info.value.report.problems] == [0]
    with pytest.raises(cg.ValidationError, match="level planned for"):
        cg.planning.select_for_linkage(
            cams, dem, footprints=cg.coverage.fields_of_view(cams, level="detect", roads=road)
        )


def test_a_plan_measures_once_and_replans_without_rebuilding(monkeypatch) -> None:
    p = plan(hand_demand(), hand_candidates(), annual_budgets=[50_000] * 3, method="exact")
    calls = []
    original = cg.planning.BudgetedCoverage.solve

    def counted(self, *args, **kwargs):
        calls.append(self.budget)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(cg.planning.BudgetedCoverage, "solve", counted)
    monkeypatch.setattr(cg.coverage, "coverage_matrix", None)  # a re-plan must not rebuild it
    summary, curve = p.summary(), p.coverage_curve()
    summary.loc[0, "after"] = -1.0  # a copy: the plan's own table is not changed
    assert p.summary()["after"].iloc[0] != -1.0
    assert p.coverage_curve().equals(curve)
    assert calls == []  # the default curve does not solve; nor does the summary
    again = p.replan(budget=50_000, method="exact")
    assert calls == [50_000.0]
    assert again.sites["candidate_id"].tolist() == ["b"]
    assert p.sites["candidate_id"].tolist() == ["b", "d", "c"]  # unchanged


def test_sample_curve_is_monotone_within_budget_and_certified(sample_plan) -> None:
    p, _, _ = sample_plan
    curve = p.coverage_curve()
    assert curve["budget_thb"].iloc[-1] == pytest.approx(5_000_000)
    assert (np.diff(curve["objective"]) >= -1e-9).all()
    assert (curve["cost_thb"] <= curve["budget_thb"] + 1e-6).all()
    assert (curve["upper_bound"] >= curve["objective"] - 1e-9).all()
    assert (np.diff(curve["upper_bound"]) >= -1e-9).all()
    # All the plan's picks fit the total at first-year costs, so the last point has them.
    assert curve["objective"].iloc[-1] >= p.objective_after - 1e-6
    assert curve["gain"].iloc[0] == 0.0
    # A year-1 plan for the first point's budget is no better than its certified bound.
    year1 = p.replan(budget=float(curve["budget_thb"].iloc[1]), method="greedy")
    assert year1.objective_after <= curve["upper_bound"].iloc[1] + 1e-6


@pytest.mark.parametrize("lang", ["th", "en"])
def test_exports_from_python_repeat_byte_for_byte(tmp_path, lang) -> None:
    # Two plans solved separately, written from Python (no CLI): the same bytes, and every
    # date inside the files is the fixed one (a clock would differ between runs).
    import sqlite3
    import zipfile

    from cctvgeo._write import FIXED_DATE, FIXED_GPKG_DATE

    plans = [plan(hand_demand(), hand_candidates(), annual_budgets=[50_000] * 3) for _ in "ab"]
    books = [p.to_excel(tmp_path / f"{i}.xlsx", lang=lang) for i, p in enumerate(plans)]
    assert books[0].read_bytes() == books[1].read_bytes()
    with zipfile.ZipFile(books[0]) as z:
        assert {info.date_time for info in z.infolist()} == {FIXED_DATE}
        assert b"2000-01-01T00:00:00Z</dcterms:modified>" in z.read("docProps/core.xml")
    files = [p.to_file(tmp_path / f"{i}.gpkg") for i, p in enumerate(plans)]
    assert files[0].read_bytes() == files[1].read_bytes()
    with sqlite3.connect(files[0]) as con:
        dates = {r[0] for r in con.execute("SELECT last_change FROM gpkg_contents")}
    assert dates == {FIXED_GPKG_DATE}
