"""The 20 % linkage selection and the repair priorities."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
from shapely import Point, box

import cctvgeo as cg
from cctvgeo.planning import repair_priorities, select_for_linkage

CRS = 32647


def points_demand() -> gpd.GeoDataFrame:
    """Five risk points 7 m east of five camera positions (inside a default camera's view)."""
    xs = [0.0, 100.0, 200.0, 300.0, 400.0]
    return gpd.GeoDataFrame(
        {
            "demand_id": [f"p{i}" for i in range(5)],
            "kind": "point",
            "weight": [1.0, 5.0, 3.0, 4.0, 2.0],
            "name": ["school", "market", "bank", "temple", "pier"],
        },
        geometry=[Point(x + 7, 0) for x in xs],
        crs=CRS,
    )


def cameras(status: list[str], linked: list[bool | None]) -> gpd.GeoDataFrame:
    n = len(status)
    return gpd.GeoDataFrame(
        {
            "camera_id": [f"C{i}" for i in range(n)],
            "name": [f"pole {i}" for i in range(n)],
            "camera_type": "fixed",
            "heading_deg": 90.0,
            "status": status,
            "linked": linked,
            "repair_budget_thb": 10_000.0,
        },
        geometry=[Point(100.0 * i, 0) for i in range(n)],
        crs=CRS,
        index=[10 + i for i in range(n)],
    ).astype({"linked": "boolean"})


def test_linkage_fills_the_quota_with_the_most_valuable_cameras() -> None:
    cams = cameras(["working"] * 5, [False] * 5)
    sel = select_for_linkage(cams, points_demand(), share=0.4)
    assert sel.quota == 2
    assert sel.selected["camera_id"].tolist() == ["C1", "C3"]  # weights 5 and 4
    assert sel.selected["link_rank"].tolist() == [1, 2]
    assert sel.selected["link_gain"].tolist() == [5.0, 4.0]
    assert sel.objective_before == 0.0 and sel.objective_after == 9.0
    out = sel.cameras
    assert out.index.tolist() == cams.index.tolist()  # the input's index, nothing dropped
    assert list(out.columns[: len(cams.columns)]) == list(cams.columns)
    assert sel.selected["link_reason"].iloc[0] == (
        "Link camera C1 at pole 1 to the central system: covers risk point market."
    )
    assert sel.selected["link_reason_th"].iloc[0].startswith("เชื่อมโยงกล้อง C1")
    assert "link_status" not in cams.columns  # the input is unchanged


def test_already_linked_cameras_count_and_broken_ones_are_skipped() -> None:
    cams = cameras(
        ["working", "broken", "working", "working", "working"], [False, False, True, None, False]
    )
    sel = select_for_linkage(cams, points_demand(), share=0.4)
    status = sel.cameras["link_status"].tolist()
    assert status == ["not selected", "not working", "already linked", "selected", "not selected"]
    assert sel.objective_before == 3.0 and sel.objective_after == 7.0
    # A quota already met selects nothing more.
    full = select_for_linkage(cams, points_demand(), share=0.2)
    assert (full.cameras["link_status"] == "selected").sum() == 0


def test_link_budget_is_respected() -> None:
    cams = cameras(["working"] * 5, [False] * 5)
    costs = [1_000.0, 30_000.0, 1_000.0, 30_000.0, 1_000.0]
    sel = select_for_linkage(cams, points_demand(), share=0.4, link_costs=costs, budget=31_000)
    chosen = sel.selected
    assert chosen["link_cost_thb"].sum() <= 31_000
    # 5 + 3 for 31,000 beats 4 + 3 or 3 + 2; ranked by value per baht (C2: 3 per 1,000).
    assert chosen["camera_id"].tolist() == ["C2", "C1"]


def test_linkage_reports_per_district() -> None:
    cams = cameras(["working"] * 5, [False] * 5)
    districts = gpd.GeoDataFrame(
        {"name_en": ["West", "East"]},
        geometry=[box(-50, -50, 250, 50), box(250, -50, 450, 50)],
        crs=CRS,
    )
    sel = select_for_linkage(cams, points_demand(), share=0.4, districts=districts)
    table = sel.by_district.set_index("district")
    assert table.loc["West", "cameras"] == 3 and table.loc["East", "cameras"] == 2
    assert table.loc["West", "selected"] == 1 and table.loc["East", "selected"] == 1
    assert table.loc["East", "share_linked_after"] == 0.5
    assert sel.cameras["district"].tolist() == ["West", "West", "West", "East", "East"]


def test_repair_priorities_rank_by_restored_demand_per_baht() -> None:
    cams = cameras(["broken", "broken", "working", "not_working", "under_repair"], [False] * 5)
    cams["repair_budget_thb"] = [1_000.0, 50_000.0, 0.0, 2_000.0, np.nan]
    ranked = repair_priorities(cams, points_demand())
    # Cost = repair (survey budget, else 8,000 for a fixed camera) + a year's running
    # (1,500 maintenance + 6 W of electricity = 1,720.75): weight 4 for 3,721 first,
    # then 1 for 2,721, 2 for 9,721 and 5 for 51,721.
    assert ranked["camera_id"].tolist() == ["C3", "C0", "C4", "C1"]
    running = 1500 + 6 * 8.76 * 4.2
    assert ranked["repair_cost_thb"].tolist() == pytest.approx(
        [2_000 + running, 1_000 + running, 8_000 + running, 50_000 + running]
    )
    assert ranked["restored"].tolist() == [4.0, 1.0, 2.0, 5.0]
    assert ranked["repair_rank"].tolist() == [1, 2, 3, 4]
    assert ranked["repair_reason"].iloc[0] == (
        "Repair camera C3 at pole 3 (not working): covers risk point temple."
    )


def test_a_repair_seeing_what_another_restores_ranks_last() -> None:
    cams = cameras(["broken", "broken"], [False, False])
    cams = cams.set_geometry([Point(0, 0), Point(0.5, 0)], crs=CRS)  # both see the school
    ranked = repair_priorities(cams, points_demand())
    assert ranked["restored"].tolist() == [1.0, 0.0]
    assert ranked["restored_alone"].tolist() == [1.0, 1.0]


def sample_cameras_and_risk_points() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """The sample province's cameras (projected) and its risk points as point demand."""
    sample = cg.datasets.load_sample()
    rp = sample.risk_points
    demand = gpd.GeoDataFrame(
        {"demand_id": rp["point_id"], "kind": "point", "weight": 1.0, "name": rp["name"]},
        geometry=rp.geometry,
        crs=rp.crs,
    )
    return cg.project(sample.cameras), demand


def test_sample_province_linkage_and_repairs() -> None:
    sample = cg.datasets.load_sample()
    cams, demand = sample_cameras_and_risk_points()
    sel = select_for_linkage(cams, demand, share=0.4, districts=sample.districts)
    assert sel.quota == 344
    linked = sel.cameras["link_status"].isin(["already linked", "selected"]).sum()
    assert linked <= sel.quota or (sel.cameras["link_status"] == "selected").sum() == 0
    assert sel.objective_after >= sel.objective_before
    assert sel.by_district["cameras"].sum() == len(cams)
    ranked = repair_priorities(cams, demand)
    assert len(ranked) == 126
    per = ranked["restored"].to_numpy() / ranked["repair_cost_thb"].to_numpy()
    positive = per[per > 0]
    assert (np.diff(positive) <= 1e-12).sum() >= len(positive) - 2  # mostly non-increasing


def test_one_matrix_serves_the_linkage_and_the_repairs() -> None:
    """The coverage matrix of the whole survey, built once, gives the same answers as each
    function building the matrix of its own cameras; a matrix of the wrong shape is refused."""
    cams, demand = sample_cameras_and_risk_points()
    views = cg.coverage.fields_of_view(cams, missing_heading="omni")  # as without roads
    matrix = cg.coverage.coverage_matrix(demand, views)
    own = select_for_linkage(cams, demand, share=0.4)
    shared = select_for_linkage(cams, demand, share=0.4, matrix=matrix)
    assert shared.cameras.drop(columns="geometry").equals(own.cameras.drop(columns="geometry"))
    assert shared.objective_after == own.objective_after > shared.objective_before
    ranked = repair_priorities(cams, demand, matrix=matrix)
    assert ranked.drop(columns="geometry").equals(
        repair_priorities(cams, demand).drop(columns="geometry")
    )
    with pytest.raises(cg.ValidationError, match="one row per camera") as info:
        repair_priorities(cams, demand, matrix=matrix[1:])
    assert [p.column for p in info.value.report.problems] == ["matrix"]
    with pytest.raises(cg.ValidationError, match="one row per camera"):
        select_for_linkage(cams, demand, matrix=matrix[:, 1:])
