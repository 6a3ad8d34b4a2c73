"""The ``cctvgeo`` command, run as a user runs it: a subprocess."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

import cctvgeo as cg
from cctvgeo import cli
from cctvgeo.cli.config import DEMO_CONFIG


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cctvgeo.cli", *args], capture_output=True, text=True, check=False
    )


def test_validate_a_messy_survey_writes_outputs_and_exits_1(tmp_path: Path) -> None:
    survey = tmp_path / "survey.csv"
    survey.write_text(
        "รหัสกล้อง,ละติจูด,ลองจิจูด,ทิศทาง,สถานะ\n"
        "A1,14.59,100.45,๙๐,ใช้งานได้ปกติ\n"
        "A2,100.46,14.58,abc,ชำรุด\n"
        "A3,,,,ใช้งานไม่ได้\n",
        encoding="utf-8",
    )
    result = run("validate", str(survey), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "3 rows read, 2 errors, 1 warning, 1 row dropped" in result.stderr
    assert "row 3, column 'ทิศทาง' (value 'abc')" in result.stderr
    assert "Traceback" not in result.stderr
    cams = cg.read_cameras(tmp_path / "out" / "survey_cameras.gpkg")
    assert cams["camera_id"].tolist() == ["A1", "A2"]
    problems = pd.read_csv(tmp_path / "out" / "survey_problems.csv")
    assert problems["row"].tolist() == [3, 3, 4]
    assert "&lt;" not in (tmp_path / "out" / "survey_validation.html").read_text(encoding="utf-8")


def test_validate_a_clean_file_exits_0(tmp_path: Path) -> None:
    survey = tmp_path / "ok.csv"
    survey.write_text("id,lat,lon,status\nA,14.5,100.4,working\n", encoding="utf-8")
    result = run("validate", str(survey), "--quiet")
    assert result.returncode == 0
    assert result.stderr.strip() == "ok.csv: 1 row read, 0 errors, 0 warnings, 0 rows dropped"


def test_missing_file_is_exit_2_with_one_line(tmp_path: Path) -> None:
    result = run("validate", str(tmp_path / "nope.xlsx"))
    assert result.returncode == 2
    assert result.stderr.strip() == f"cctvgeo: error: File not found: {tmp_path / 'nope.xlsx'}"


def test_wrong_kind_of_file_is_exit_2(tmp_path: Path) -> None:
    picture = tmp_path / "photo.png"
    picture.write_bytes(b"\x89PNG\r\n")
    result = run("validate", str(picture))
    assert result.returncode == 2
    assert "Unsupported file type '.png'" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_file_without_coordinates_is_exit_2(tmp_path: Path) -> None:
    survey = tmp_path / "names.csv"
    survey.write_text("name,agency\nตลาด,เทศบาล\n", encoding="utf-8")
    result = run("validate", str(survey))
    assert result.returncode == 2
    assert "no coordinate columns" in result.stderr


def test_usage_error_is_exit_2() -> None:
    result = run("frobnicate")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


# --------------------------------------------------------------------------- plan / map / report

GOOD_CONFIG = """\
# a configuration as a committee's analyst writes it
title: Test province
lang: en
inputs:
  cameras: {path: "sample:angthong.gpkg", layer: cameras}
  roads: town_roads.gpkg
  districts: {path: "sample:angthong.gpkg", layer: districts}
  risk_points: "sample:angthong_risk_points.xlsx"
coverage:
  level: detect
  max_length: 25
plan:
  annual_budgets: [1000000, 500000]
  headings: road
  method: greedy
"""


def write_config(folder: Path, text: str) -> Path:
    """The configuration, beside the roads of the provincial town (5 km square) it names."""
    roads = cg.datasets.load_sample().roads
    x, y = 655_500.0, 1_613_500.0  # Mueang Ang Thong
    town = roads.cx[x - 2_500 : x + 2_500, y - 2_500 : y + 2_500]
    assert 300 < len(town) < len(roads)
    town.reset_index().to_file(folder / "town_roads.gpkg")
    path = folder / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_plan_with_a_good_config_writes_the_same_files_twice(tmp_path: Path) -> None:
    config = write_config(tmp_path, GOOD_CONFIG)
    # the two runs go side by side (two cores), as two cron jobs might
    jobs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "cctvgeo.cli",
                "plan",
                str(config),
                "--out",
                str(tmp_path / d),
                "--quiet",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for d in ("a", "b")
    ]
    first, second = (subprocess.CompletedProcess(j.args, j.wait(), *j.communicate()) for j in jobs)
    # the risk-point sheet has two planted errors, so the exit code is 1 (done, with input errors)
    assert first.returncode == 1, first.stderr
    assert "angthong_risk_points.xlsx: 100 rows read, 2 errors" in first.stderr
    assert "Traceback" not in first.stderr
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == [
        "angthong_cameras.gpkg",
        "angthong_problems.csv",
        "angthong_validation.html",
        "dashboard.html",
        "dashboard.xlsx",
        "map.html",
        "plan.gpkg",
        "plan.xlsx",
    ]
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert second.stderr.count("files written") == 1
    page = (tmp_path / "a" / "map.html").read_text(encoding="utf-8")
    assert "Fields of view (detect)" in page and "Proposed sites" in page
    sites = gpd.read_file(tmp_path / "a" / "plan.gpkg", layer="sites")
    years = pd.read_excel(tmp_path / "a" / "plan.xlsx", sheet_name="years")
    assert years["budget_thb"].tolist() == [1_000_000, 500_000]
    assert (years["charged_thb"] <= years["budget_thb"]).all()
    assert set(sites["year"]) == {1, 2}


def test_the_demo_solves_once_per_year_plus_the_linkage(demo_run) -> None:
    """The plan solves each year once, the linkage once; the curves and summary reuse them."""
    assert demo_run.code == 0
    years = pd.read_excel(demo_run.out / "plan.xlsx", sheet_name="งบรายปี")
    assert len(years) == len(DEMO_CONFIG["plan"]["annual_budgets"]) == 3
    assert len(demo_run.solves) <= len(years) + 1, demo_run.solves
    # The workbook and the dashboard still show the coverage curve, drawn without solving.
    curve = pd.read_excel(demo_run.out / "plan.xlsx", sheet_name="ความครอบคลุมตามงบ")
    assert len(curve) == 11
    assert curve["งบประมาณ (บาท)"].iloc[-1] == sum(DEMO_CONFIG["plan"]["annual_budgets"])
    assert curve["ความครอบคลุมถ่วงน้ำหนัก"].is_monotonic_increasing
    assert (curve["ความครอบคลุมสูงสุดที่เป็นไปได้"] >= curve["ความครอบคลุมถ่วงน้ำหนัก"]).all()
    page = (demo_run.out / "dashboard.html").read_text(encoding="utf-8")
    budget = page.split('<section id="budget">', 1)[1].split("</section>", 1)[0]
    assert "<img" in budget and "<table" in budget


def test_map_and_report_commands_write_one_output_each(tmp_path: Path) -> None:
    without_plan = GOOD_CONFIG.split("plan:", maxsplit=1)[0].replace(
        "  risk_points:", "  # risk_points:"
    )
    config = write_config(tmp_path, without_plan)
    result = run("map", str(config), "--out", str(tmp_path / "m"), "--quiet")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "m").iterdir()) == ["map.html"]
    result = run("report", str(config), "--out", str(tmp_path / "r"), "--quiet")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "r").iterdir()) == [
        "dashboard.html",
        "dashboard.xlsx",
    ]


def test_a_wrong_key_is_exit_2_naming_the_key_meant(tmp_path: Path) -> None:
    config = write_config(
        tmp_path,
        GOOD_CONFIG.replace("max_length", "max_lenght").replace("lang:", "langauge:")
        + "plan:\n  annual_budgets: [1000000, -5]\n",
    )
    result = run("plan", str(config), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr == (
        f"cctvgeo: error: {config} has 3 problems:\n"
        "  - top level: unknown key 'langauge'; did you mean 'lang'?\n"
        "  - coverage: unknown key 'max_lenght'; did you mean 'max_length'?\n"
        "  - plan.annual_budgets: year 2: must be more than 0 and at most 1,000,000,000,000 baht, got -5\n"
    )
    assert not (tmp_path / "out").exists()  # checked before any work


def test_a_missing_input_file_is_exit_2(tmp_path: Path) -> None:
    config = write_config(
        tmp_path, GOOD_CONFIG.replace('"sample:angthong_risk_points.xlsx"', "rp.xlsx")
    )
    result = run("plan", str(config), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert f"inputs.risk_points: file not found: {tmp_path / 'rp.xlsx'}" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_config_that_is_not_yaml_or_missing_is_exit_2(tmp_path: Path) -> None:
    config = write_config(tmp_path, "inputs:\n  cameras: [unclosed\n")
    result = run("plan", str(config))
    assert result.returncode == 2
    assert "is not valid YAML at line 3" in result.stderr
    result = run("plan", str(tmp_path / "nope.yaml"))
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        == f"cctvgeo: error: Configuration file not found: {tmp_path / 'nope.yaml'}"
    )


def test_a_survey_full_of_errors_still_plans_and_exits_1(tmp_path: Path) -> None:
    survey = tmp_path / "survey.csv"
    survey.write_text(
        "รหัสกล้อง,ละติจูด,ลองจิจูด,ทิศทาง,สถานะ\n"
        "A1,14.59,100.45,๙๐,ใช้งานได้ปกติ\n"
        "A1,14.59,100.45,๙๐,ใช้งานได้ปกติ\n"
        "A2,100.46,14.58,abc,ชำรุด\n"
        "A3,,,,ใช้งานไม่ได้\n"
        "A4,14.60,100.46,400,พังยับ\n",
        encoding="utf-8",
    )
    config = write_config(
        tmp_path,
        "inputs:\n  cameras: survey.csv\n"
        '  roads: {path: "sample:angthong.gpkg", layer: road_edges}\n',
    )
    result = run("plan", str(config), "--out", str(tmp_path / "out"), "--quiet")
    assert result.returncode == 1, result.stderr
    assert "survey.csv: 5 rows read, " in result.stderr
    problems = pd.read_csv(tmp_path / "out" / "survey_problems.csv")
    assert {3, 4, 5, 6} <= set(problems["row"])
    page = (tmp_path / "out" / "dashboard.html").read_text(encoding="utf-8")
    assert "ปัญหาและอุปสรรค" in page and "survey.csv" in page


def test_a_survey_without_usable_rows_is_exit_2(tmp_path: Path) -> None:
    survey = tmp_path / "survey.csv"
    survey.write_text("id,lat,lon\nA,,\n", encoding="utf-8")
    config = write_config(
        tmp_path,
        "inputs:\n  cameras: survey.csv\n"
        '  roads: {path: "sample:angthong.gpkg", layer: road_edges}\n',
    )
    result = run("plan", str(config), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "inputs.cameras: no usable camera" in result.stderr
    assert "Traceback" not in result.stderr


# --------------------------------------------------------------------------- the configuration

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_every_configuration_key_is_documented() -> None:
    from cctvgeo.cli.config import SCHEMA

    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    for section, rule in SCHEMA.items():
        assert f"{section}:" in text, section
        for key in rule if isinstance(rule, dict) else ():
            assert f"{key}:" in text, f"{section}.{key}"


def test_the_documented_demo_configuration_is_the_demos() -> None:
    import yaml

    from cctvgeo.cli.config import DEMO_CONFIG

    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    block = text.split("## `cctvgeo demo`", 1)[1].split("```yaml", 1)[1].split("```", 1)[0]
    assert yaml.safe_load(block) == DEMO_CONFIG


def test_config_checks_weights_costs_headings_and_required_inputs(tmp_path: Path) -> None:
    from cctvgeo.cli.config import ConfigError, parse_config

    costs = tmp_path / "costs.yaml"
    costs.write_text("items:\n  pole: {thb: -3}\n  poles: {thb: 1}\n", encoding="utf-8")
    data = {
        "inputs": {"cameras": "sample:angthong_survey.xlsx", "roads": {"file": "x.gpkg"}},
        "plan": {
            "annual_budgets": 5,
            "factors": {"point_weigth": 2, "route_weight": -1},
            "headings": "north",
            "cost_model": "costs.yaml",
        },
        "outputs": {"map": "yes"},
    }
    with pytest.raises(ConfigError) as err:
        parse_config(data, base=tmp_path)
    message = str(err.value)
    for expected in (
        "inputs.roads: unknown key 'file'",
        "inputs.roads: expected a file path, got None",
        "plan.factors: unknown key 'point_weigth'; did you mean 'point_weight'?",
        "plan.factors.route_weight: must be from 0 to 1,000,000, got -1",
        "plan.headings: expected a number of headings (1 to 36), a list of degrees or 'road'",
        "plan.cost_model (costs.yaml): items.poles: Unknown cost item.",
        "plan.cost_model (costs.yaml): items.pole.thb:",
        "outputs.map: expected true or false, got 'yes'",
    ):
        assert expected in message, expected
    assert "inputs.roads: required" not in message  # given, though wrong
    cfg = parse_config(
        {"inputs": {"cameras": "sample:angthong_survey.xlsx", "roads": "sample:angthong.gpkg"}},
        base=tmp_path,
    )
    assert not cfg.has_plan and cfg.headings == 8 and cfg.outputs["map"] is True
    with pytest.raises(ConfigError, match=r"inputs\.roads: required, but missing"):
        parse_config({"inputs": {"cameras": "sample:angthong_survey.xlsx"}}, base=tmp_path)
    with pytest.raises(ConfigError, match="expected keys such as 'inputs:'"):
        parse_config(["not", "a", "mapping"], base=tmp_path)


def test_a_warning_prints_as_one_line_without_python_source(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import argparse
    import warnings

    def run(args: argparse.Namespace) -> int:
        warnings.warn("3 cameras left out; pass unknown='count'", UserWarning, stacklevel=1)
        return 0

    class Parser:
        def parse_args(self, argv: object) -> argparse.Namespace:
            return argparse.Namespace(run=run)

    monkeypatch.setattr(cli, "_parser", Parser)
    with warnings.catch_warnings():
        warnings.simplefilter("always")  # the suite turns warnings into errors
        assert cli.main([]) == 0
    err = capsys.readouterr().err
    assert err == "cctvgeo: warning: 3 cameras left out; pass unknown='count'\n"
