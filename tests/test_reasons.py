"""Plan reasons and the plan's tables in words (cctvgeo.planning.reasons), Thai and English."""

from __future__ import annotations

import re

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely import LineString, Point

from cctvgeo.planning.reasons import DemandText, compass, plan_sheets

CRS = 32647


def road_demand() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "kind": ["segment", "segment", "point"],
            "name": ["ถนนเทศบาล 1", "unnamed residential road", "ตลาด"],
            "highway": ["primary", "residential", None],
            "priority": [None, None, "high"],
        },
        geometry=[LineString([(0, 0), (100, 0)]), LineString([(0, 10), (40, 10)]), Point(5, 5)],
        crs=CRS,
    )


def note(gain: list[float], before: list[float], after: list[float]) -> dict[str, np.ndarray]:
    return {
        "columns": np.arange(len(gain)),
        "gain": np.array(gain),
        "m1_before": np.array(before),
        "m1_after": np.array(after),
    }


def test_a_reason_by_hand_in_both_languages() -> None:
    row = pd.Series({"kind": "new", "site_name": "unnamed residential", "heading_deg": 180.0})
    words = DemandText(road_demand()).reason(row, note([5.0, 2.0, 9.0], [0, 0, 0], [1, 1, 1]))
    assert words["en"] == (
        "New camera at unnamed residential, facing south (180°): covers risk point ตลาด (high); "
        "sees 140 m of road not seen before "
        "(ถนนเทศบาล 1 (primary) 100 m, unnamed residential road 40 m)."
    )
    assert words["th"] == (
        "ติดตั้งกล้องใหม่ ที่ ถนนไม่มีชื่อ (ถนนในชุมชน) หันไปทิศใต้ (180°): "
        "ครอบคลุมจุดเสี่ยง ตลาด (เร่งด่วน); เห็นถนนที่ยังไม่มีกล้อง 140 ม. "
        "(ถนนเทศบาล 1 (ถนนสายหลัก) 100 ม., ถนนไม่มีชื่อ (ถนนในชุมชน) 40 ม.)"
    )
    assert words["road_m"] == 140.0 and words["points"] == "ตลาด"


def test_a_re_aim_says_what_it_gives_up() -> None:
    row = pd.Series({"kind": "re-aim", "site_name": "ร้านค้า", "camera_id": "W", "heading_deg": 0})
    words = DemandText(road_demand()).reason(row, note([-3.0, 0.0, -9.0], [1, 0, 1], [0, 0, 0]))
    assert words["en"] == (
        "Ask the owner of camera W at ร้านค้า to turn it facing north (0°): "
        "gives up 100 m of road and risk point ตลาด it watched before."
    )
    assert words["th"] == (
        "ขอความร่วมมือเจ้าของกล้อง W ที่ ร้านค้า หันไปทิศเหนือ (0°): เลิกเฝ้าถนน 100 ม. และจุดเสี่ยง ตลาดที่เคยเห็น"
    )


def test_compass_points_split_the_circle_in_eighths() -> None:
    assert [compass(h) for h in (0, 22.4, 22.6, 90, 359)] == [
        "north", "north", "north-east", "east", "north",
    ]  # fmt: skip


def test_thai_sheets_say_everything_in_thai() -> None:
    frames = {
        "plan": pd.DataFrame(
            {
                "kind": ["re-aim"],
                "direction": ["south-west"],
                "lens": ["narrow"],
                "site_name": ["unnamed road"],
                "reason": ["Repair"],
                "reason_th": ["ซ่อม"],
                "budget_source": ["งบลงทุน (capital: equipment): 9,000; งบ (operating): 60/yr"],
            }
        ),
        "summary": pd.DataFrame(
            {
                "section": ["roads", "weighted demand"],
                "group": ["residential", "optimised measure"],
                "unit": ["m", "weight"],
            }
        ),
        "years": pd.DataFrame(
            {
                "method": ["greedy+swaps (after exact)", "exact"],
                "gap": [0.0123, 0.0],
                "status": ["Greedy ...", "Exact ..."],
            }
        ),
    }
    th = plan_sheets(frames, "th")
    assert list(th) == ["แผนติดตั้ง", "สรุปความครอบคลุม", "งบรายปี"]
    latin = {
        name: [
            v for v in [*frame.columns, *frame.to_numpy().ravel()] if re.search("[A-Za-z]", str(v))
        ]
        for name, frame in th.items()
    }
    assert latin == {"แผนติดตั้ง": [], "สรุปความครอบคลุม": [], "งบรายปี": []}
    assert th["แผนติดตั้ง"]["แหล่งงบประมาณ"].iloc[0] == "งบลงทุน: 9,000; งบ: 60/ปี"
    assert th["งบรายปี"]["สถานะการคำนวณ"].tolist() == [
        "ละโมบ+สลับปรับปรุง (หลังจาก หาค่าที่ดีที่สุดแบบแม่นตรง): พิสูจน์แล้วว่าห่างจากค่าที่ดีที่สุดไม่เกิน 1.23%",
        "หาค่าที่ดีที่สุดแบบแม่นตรง: พิสูจน์แล้วว่าดีที่สุด",
    ]
    en = plan_sheets(frames, "en")
    assert list(en) == ["plan", "summary", "years"]
    assert en["plan"].columns.tolist() == [
        "kind", "direction", "lens", "site_name", "reason", "budget_source",
    ]  # fmt: skip
    assert en["plan"]["reason"].tolist() == ["Repair"]
    assert en["plan"]["budget_source"].tolist() == ["capital: equipment: 9,000; operating: 60/yr"]
    with pytest.raises(ValueError, match="lang"):
        plan_sheets(frames, "fr")


@pytest.mark.parametrize(
    ("words", "values"),
    [
        ("PRIORITY_WORDS", ("urgent", "high", "normal")),
        ("STATUS_WORDS", ("working", "not_working", "broken", "under_repair")),
    ],
)
def test_thai_labels_read_back_as_the_same_value(words: str, values: tuple[str, ...]) -> None:
    # Plan reasons, the map legend and the workbook show these labels; a survey typed from
    # them must mean the same thing (plan reasons once called "urgent" what the parser reads
    # as "high").
    from cctvgeo._i18n import label
    from cctvgeo._read import cells

    table = getattr(cells, words)
    assert {v: table[cells.key(label(v, "th"))] for v in values} == {v: v for v in values}


def test_a_plan_reason_names_an_urgent_risk_point_as_the_legend_does() -> None:
    demand = gpd.GeoDataFrame(
        {"kind": ["point", "point"], "name": ["ร้านทอง", "โรงเรียน"], "priority": ["urgent", "high"]},
        geometry=[Point(0, 0), Point(10, 0)],
        crs=32647,
    )
    text = DemandText(demand)._points(np.array([0, 1]), "th")
    assert "ร้านทอง (เร่งด่วนมาก)" in text and "โรงเรียน (เร่งด่วน)" in text
    assert "urgent" in DemandText(demand)._points(np.array([0]), "en")
