"""Reading risk points (survey part 2): Thai headers, categories, priorities, weights."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cctvgeo as cg
from cctvgeo.riskpoints import CATEGORIES, PRIORITIES, read_risk_points, risk_weight_table


def test_every_planted_error_of_the_sample_is_reported_at_its_row() -> None:
    sample = cg.datasets.load_sample()
    planted = pd.read_csv(sample.risk_points_path.with_name("angthong_risk_points_errors.csv"))
    points, report = read_risk_points(sample.risk_points_path, errors="report")
    for e in planted.itertuples():
        found = [p for p in report.problems if p.row == e.excel_row and p.column == e.column]
        assert found, f"row {e.excel_row} {e.kind} not reported"
        expected = "warning" if e.severity == "fixable" else "error"
        assert {p.severity for p in found} == {expected}
    assert {p.row for p in report.problems} == set(planted["excel_row"])
    assert len(points) == 100 and report.dropped_rows == []
    # the cleared values are missing, the rest agree with the generator's truth
    assert pd.isna(points.loc[38, "budget_thb"]) and pd.isna(points.loc[63, "priority"])
    truth = sample.risk_points.set_index(points.index)
    for col in ("point_id", "name", "category", "camera_type", "requested_cameras"):
        assert (points[col].astype(str) == truth[col].astype(str)).all(), col
    keep = points.index != 63
    assert (points.loc[keep, "priority"] == truth.loc[keep, "priority"]).all()
    metric = points.to_crs(truth.crs)
    assert float(metric.distance(truth, align=True).max()) < 0.2  # 6-decimal degrees


def test_raise_mode_raises_once_with_every_error() -> None:
    path = cg.datasets.load_sample().risk_points_path
    with pytest.raises(cg.ValidationError) as info:
        read_risk_points(path)
    assert sorted(p.row for p in info.value.report.errors) == [38, 63]


def test_english_headers_numeric_priorities_and_default_weights() -> None:
    frame = pd.DataFrame(
        {
            "Point ID": ["A", "B", "C", "D"],
            "Name": ["gold shop", "school", "market", "lane"],
            "Type": ["ร้านทอง", "School", "ตลาดนัด", ""],
            "Priority": [1, "2", "ปกติ", None],
            "Cameras wanted": ["๔", 2, "2.5", -1],
            "Budget": ["๑๒๐,๐๐๐ บาท", 5000, "", "-10"],
            "lat": [14.59, 14.60, 14.61, 14.62],
            "lon": [100.45, 100.46, 100.47, 100.48],
            "note": ["x", None, "y", "z"],
        }
    )
    points, report = read_risk_points(frame, errors="report")
    assert points["category"].tolist()[:3] == ["bank_gold_shop", "school", "market"]
    assert points["priority"].tolist()[:3] == ["urgent", "high", "normal"]
    assert points["requested_cameras"].tolist()[:2] == [4, 2]
    assert points["budget_thb"].tolist()[:2] == [120000.0, 5000.0]
    # weight = priority weight x category weight (settings); blanks use the defaults
    assert points["weight"].tolist() == [3.0 * 1.3, 2.0 * 1.0, 1.0 * 1.1, 1.0 * 1.0]
    problems = {(p.row, p.column, p.severity) for p in report.problems}
    assert (2, "Cameras wanted", "error") in problems  # 2.5 cameras
    assert (3, "Cameras wanted", "error") in problems  # negative
    assert (3, "Budget", "error") in problems
    assert (3, "Priority", "warning") in problems and (3, "Type", "warning") in problems
    assert list(points.columns[-2:]) == ["note", "geometry"]


def test_weights_override_cells_and_settings_are_read_at_call_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = cg.datasets.load_sample().risk_points_path
    base, _ = read_risk_points(path, errors="report")
    over, _ = read_risk_points(
        path, errors="report", weight_overrides={"high": {"tourist_site": 9.0}}
    )
    hit = (base["priority"] == "high") & (base["category"] == "tourist_site")
    assert hit.any()
    assert (over.loc[hit, "weight"] == 9.0).all()
    assert (over.loc[~hit, "weight"] == base.loc[~hit, "weight"]).all()
    monkeypatch.setitem(cg.settings.risk_priority_weight, "urgent", 10.0)
    again, _ = read_risk_points(path, errors="report")
    urgent = base["priority"] == "urgent"
    assert (again.loc[urgent, "weight"] > base.loc[urgent, "weight"]).all()
    with pytest.raises(ValueError, match="categories"):
        risk_weight_table({"urgent": {"castle": 1.0}})
    with pytest.raises(ValueError, match=">= 0"):
        risk_weight_table({"urgent": {"school": -1.0}})


@settings(max_examples=30, deadline=None)
@given(
    st.sampled_from(PRIORITIES),
    st.sampled_from(CATEGORIES),
    st.floats(min_value=0, max_value=1e6, allow_nan=False),
)
def test_weight_table_is_the_product_with_overrides(p: str, c: str, w: float) -> None:
    table = risk_weight_table({p: {c: w}})
    assert table.loc[p, c] == w
    base = risk_weight_table()
    for q in PRIORITIES:
        for d in CATEGORIES:
            expect = cg.settings.risk_priority_weight[q] * cg.settings.risk_category_weight[d]
            assert base.loc[q, d] == pytest.approx(expect)
            if (q, d) != (p, c):
                assert table.loc[q, d] == base.loc[q, d]
    frame = pd.DataFrame(table)
    assert risk_weight_table(frame).equals(table)
