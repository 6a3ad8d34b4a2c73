"""The weighted demand set: hand-checked weights and the contract planning relies on."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely import LineString, Point, box

import cctvgeo as cg
from cctvgeo.riskpoints import DEMAND_COLUMNS, demand

CRS = 32647


def segments() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"edge_id": [7, 8], "highway": ["primary", "residential"], "name": ["ถนนโพธิ์ทอง", None],
         "length": [20.0, 20.0]},
        geometry=[LineString([(0, 0), (20, 0)]), LineString([(0, 1000), (20, 1000)])],
        crs=CRS,
        index=pd.Index([10, 11], name="segment_id"),
    )  # fmt: skip


def risk_points() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"point_id": ["RP-1", "RP-2"], "name": ["ร้านทอง", None], "category": ["bank_gold_shop", "school"],
         "priority": ["urgent", "normal"], "weight": [2.0, 1.0]},
        geometry=[Point(10, 100), Point(5000, 5000)],
        crs=CRS,
    )  # fmt: skip


def hotspots() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"hotspot_id": ["H-001", "H-002"], "weight": [4.0, 2.0]},
        geometry=[box(0, 990, 20, 1010), box(9000, 9000, 9100, 9100)],
        crs=CRS,
    )


def routes() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"route_id": ["ER-01"], "name": ["หนีไปสิงห์บุรี"]},
        geometry=[LineString([(0, 0), (0, 1000)])],
        crs=CRS,
    )


def test_weights_by_hand() -> None:
    d = demand(segments(), risk_points=risk_points(), hotspots=hotspots(), routes=routes())
    assert d["demand_id"].tolist() == [
        "segment:10", "segment:11", "point:RP-1", "point:RP-2", "route:ER-01",
    ]  # fmt: skip
    # A: 20 m primary (1.75); RP-1 (weight 2) 100 m away, R = 200 m: 1 + 0.5 * 2 * (1 - 100/200)
    # B: 20 m residential (1.0), inside hotspot H-001 (weight 4, mean 3): 1 + 1.0 * 4/3
    assert d["weight"].tolist() == pytest.approx(
        [20 * 1.75 * 1.5, 20 * 1.0 * (1 + 4 / 3), 200.0, 100.0, 500.0]
    )
    assert d["risk_boost"].iloc[:2].tolist() == pytest.approx([1.5, 1.0])
    assert d["hotspot_boost"].iloc[:2].tolist() == pytest.approx([1.0, 7 / 3])
    assert d["k_required"].tolist() == [1, 1, 2, 1, 1]  # urgent point needs backup
    assert d["name"].tolist() == [
        "ถนนโพธิ์ทอง", "unnamed residential road", "ร้านทอง", "RP-2", "หนีไปสิงห์บุรี",
    ]  # fmt: skip
    assert d["source_id"].tolist() == ["7", "8", "RP-1", "RP-2", "ER-01"]
    assert d["kind"].tolist() == ["segment", "segment", "point", "point", "route"]
    assert d["length_m"].tolist()[4] == pytest.approx(1000.0)


def test_the_contract_planning_relies_on() -> None:
    d = demand(segments(), risk_points=risk_points(), hotspots=hotspots(), routes=routes())
    assert tuple(d.columns) == (*DEMAND_COLUMNS, "geometry")
    assert d.crs.to_epsg() == CRS and isinstance(d.index, pd.RangeIndex)
    assert d["demand_id"].is_unique
    assert str(d["k_required"].dtype) == "Int64"
    assert d["weight"].dtype == float and (d["weight"] >= 0).all()
    for col in ("demand_id", "kind", "name", "source_id"):
        assert str(d[col].dtype) == "str" and d[col].notna().all()
    types = dict(zip(d["kind"], d.geometry.geom_type, strict=False))
    assert types == {"segment": "LineString", "point": "Point", "route": "LineString"}
    assert d.loc[d["kind"] == "point", "category"].tolist() == ["bank_gold_shop", "school"]
    assert d.loc[d["kind"] == "segment", "highway"].tolist() == ["primary", "residential"]


def test_every_factor_can_be_overridden_and_settings_apply(monkeypatch: pytest.MonkeyPatch) -> None:
    base = demand(segments(), risk_points=risk_points())
    w = demand(
        segments(), risk_points=risk_points(),
        factors={"road_class_factor": {"primary": 1.0}, "risk_point_boost": 0.0,
                 "point_weight": 10.0, "backup_priorities": ()},
    )  # fmt: skip
    assert w["weight"].tolist() == pytest.approx([20.0, 20.0, 20.0, 10.0])
    assert w["k_required"].tolist() == [1, 1, 1, 1]
    monkeypatch.setattr(cg.settings, "demand_risk_point_radius_m", 50.0)  # RP-1 now out of reach
    assert demand(segments(), risk_points=risk_points())["weight"].iloc[0] == pytest.approx(35.0)
    assert base["weight"].iloc[0] == pytest.approx(52.5)
    with pytest.raises(ValueError, match="unknown keys"):
        demand(segments(), factors={"speed": 1})
    with pytest.raises(ValueError, match=r">= 0"):
        demand(segments(), factors={"point_weight": -1})


def test_crs_and_geometry_are_checked() -> None:
    with pytest.raises(cg.CRSError, match=r"cg\.project"):
        demand(segments().to_crs(4326))
    with pytest.raises(cg.CRSError):
        demand(segments(), risk_points=risk_points().to_crs(4326))
    bad = risk_points()
    bad.loc[1, "geometry"] = None
    with pytest.raises(cg.ValidationError, match="no geometry"):
        demand(segments(), risk_points=bad)


def test_risk_points_without_weight_are_weighted_by_the_table() -> None:
    rp = risk_points().drop(columns="weight")
    d = demand(segments(), risk_points=rp)
    assert d.loc[d["kind"] == "point", "weight"].tolist() == pytest.approx(
        [100 * 3 * 1.3, 100 * 1.0]
    )


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(0, 2000), st.floats(0, 2000), st.floats(1, 100)),
        min_size=1,
        max_size=20,
    ),
    st.lists(st.tuples(st.floats(0, 2000), st.floats(0, 2000), st.floats(0, 5)), max_size=10),
)
def test_boosts_never_lower_a_weight_and_decay_with_distance(
    segs: list[tuple[float, float, float]], points: list[tuple[float, float, float]]
) -> None:
    lines = gpd.GeoDataFrame(
        {"highway": ["tertiary"] * len(segs)},
        geometry=[LineString([(x, y), (x + length, y)]) for x, y, length in segs],
        crs=CRS,
    )
    rp = gpd.GeoDataFrame(
        {"weight": [w for *_, w in points]}, geometry=[Point(x, y) for x, y, _ in points], crs=CRS
    )
    d = demand(lines, risk_points=rp if len(rp) else None)
    seg = d[d["kind"] == "segment"]
    base = (
        shapely.length(lines.geometry.to_numpy()) * cg.settings.demand_road_class_factor["tertiary"]
    )
    assert (seg["weight"].to_numpy() >= base - 1e-9).all()
    far = np.array([rp.distance(g).min() > 200 if len(rp) else True for g in lines.geometry])
    assert np.allclose(seg["weight"].to_numpy()[far], base[far])


def test_sample_demand_has_every_kind() -> None:
    sample = cg.datasets.load_sample()
    segs = cg.coverage.road_segments(sample.roads)
    rp, _ = cg.riskpoints.read_risk_points(sample.risk_points_path, errors="report")
    d = demand(segs, risk_points=rp.to_crs(segs.crs), routes=sample.escape_routes)
    counts = d["kind"].value_counts().to_dict()
    assert counts == {"segment": len(segs), "point": 100, "route": 12}
    assert d["demand_id"].is_unique and (d["weight"] > 0).all()
    urgent = (rp["priority"] == "urgent").sum()
    assert (d["k_required"] == 2).sum() == urgent


def test_old_keyword_names_still_work_with_a_warning() -> None:
    from cctvgeo.riskpoints import risk_weight_table

    factors = {"point_weight": 10.0}
    new = demand(segments(), risk_points=risk_points(), factors=factors)
    with pytest.warns(FutureWarning, match=r"demand\(weights=...\) is deprecated"):
        old = demand(segments(), risk_points=risk_points(), weights=factors)
    pd.testing.assert_frame_equal(old, new)
    cells = {"normal": {"school": 4.0}}
    with pytest.warns(FutureWarning, match="use risk_weight_table"):
        old_table = risk_weight_table(weights=cells)
    pd.testing.assert_frame_equal(old_table, risk_weight_table(weight_overrides=cells))
    assert old_table.loc["normal", "school"] == 4.0
