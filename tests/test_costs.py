"""Life-cycle cost model: defaults, YAML overrides, repairs, re-aims and budget lines."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import yaml

import cctvgeo as cg
from cctvgeo.planning import CAPITAL_ITEMS, COST_COLUMNS, RUNNING_ITEMS, CostModel


def test_defaults_have_every_item_with_a_budget_source() -> None:
    cm = CostModel.default()
    assert cm.horizon_years == 5
    for item in CAPITAL_ITEMS + RUNNING_ITEMS:
        assert cm.budget_source(item)
    assert "indicative" in cm.source


def test_new_camera_costs_by_hand() -> None:
    cm = CostModel.default()
    models = cm.catalogue().set_index("model_id").loc[["fixed_2mp_bullet", "ptz_2mp_25x"]]
    c = cm.new_camera_costs(models, has_pole=[False, True])
    assert list(c.columns) == list(COST_COLUMNS)
    # bullet: 6,000 + 7,000 + pole 25,000 + link 8,000; PTZ on an existing pole: 60,000 + 15,000 + 8,000
    assert c["capital_thb"].tolist() == [46_000.0, 83_000.0]
    assert c["pole_thb"].tolist() == [25_000.0, 0.0]
    # electricity: W x 8,760 h / 1,000 x 4.2 baht/kWh
    assert c["electricity_thb_per_year"].tolist() == pytest.approx(
        [6 * 8.76 * 4.2, 40 * 8.76 * 4.2]
    )
    running = 1500 + 6 * 8.76 * 4.2 + 6000
    assert c["running_thb_per_year"].iloc[0] == pytest.approx(running)
    assert c["life_cycle_thb"].iloc[0] == pytest.approx(46_000 + 5 * running)
    # Equipment, installation and the link are one budget line; the pole another.
    src = c["budget_source"].iloc[0]
    assert "ค่าครุภัณฑ์ (capital: equipment): 21,000" in src
    assert "ค่าที่ดินและสิ่งก่อสร้าง (capital: land and construction): 25,000" in src
    assert "1,500/yr" in src
    assert "ค่าที่ดินและสิ่งก่อสร้าง" not in c["budget_source"].iloc[1]


def test_repair_costs_use_the_survey_budget_else_the_type_default() -> None:
    cm = CostModel.default()
    cams = pd.DataFrame(
        {
            "camera_type": ["fixed", "ptz", None, "weird"],
            "repair_budget_thb": [12_500, np.nan, -5, np.nan],
        },
        index=[10, 11, 12, 13],
    )
    c = cm.repair_costs(cams)
    assert c.index.tolist() == [10, 11, 12, 13]
    assert c["repair_thb"].tolist() == [12_500.0, 25_000.0, 10_000.0, 10_000.0]
    assert c["link_fee_thb_per_year"].tolist() == [0.0] * 4  # the camera keeps its link
    assert c["maintenance_thb_per_year"].tolist() == [1500.0, 6000.0, 2000.0, 2000.0]
    assert c["capital_thb"].tolist() == c["repair_thb"].tolist()


def test_reaim_costs_are_the_cooperation_cost_only() -> None:
    c = CostModel.default().reaim_costs(pd.Index(["a", "b"]))
    assert c["capital_thb"].tolist() == [1500.0, 1500.0]
    assert c["running_thb_per_year"].tolist() == [0.0, 0.0]
    assert c["budget_source"].iloc[0] == "งบดำเนินงาน ค่าใช้สอย (operating: services): 1,500"


def test_yaml_overrides_change_only_what_they_name(tmp_path) -> None:
    path = tmp_path / "costs.yaml"
    path.write_text(
        "horizon_years: 10\nitems:\n  pole: {thb: 30000, budget_source: 'งบกลาง (central fund)'}\n",
        encoding="utf-8",
    )
    cm = CostModel.from_yaml(path)
    assert cm.horizon_years == 10
    assert cm.items["pole"]["thb"] == 30000
    assert cm.budget_source("pole") == "งบกลาง (central fund)"
    assert cm.items["network_link"]["thb"] == 8000  # untouched
    models = cm.catalogue().set_index("model_id").loc[["fixed_2mp_bullet"]]
    c = cm.new_camera_costs(models, has_pole=[False])
    assert c["capital_thb"].iloc[0] == 51_000.0
    assert "งบกลาง (central fund): 30,000" in c["budget_source"].iloc[0]


def test_bad_yaml_lists_every_problem(tmp_path) -> None:
    path = tmp_path / "costs.yaml"
    path.write_text(
        "colour: red\nitems:\n  pole: {thb: -1}\n  helicopter: {thb: 1}\n"
        "  link_fee: {budget_source: ''}\n",
        encoding="utf-8",
    )
    with pytest.raises(cg.ValidationError) as info:
        CostModel.from_yaml(path)
    where = {p.column for p in info.value.report.problems}
    assert {"colour", "items.pole.thb", "items.helicopter", "items.link_fee.budget_source"} <= where


def test_yaml_is_loaded_safely(tmp_path) -> None:
    path = tmp_path / "costs.yaml"
    path.write_text("horizon_years: !!python/object/apply:os.getcwd []\n", encoding="utf-8")
    with pytest.raises(yaml.YAMLError):
        CostModel.from_yaml(path)
