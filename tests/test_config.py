"""The configuration and the command line on hostile and mistaken input (issue 12).

Every case runs the real entry point in-process, ``cctvgeo.cli.main([...])``, and checks
the exit code and that the one message names the key, the value and what to do.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import geopandas as gpd
import openpyxl
import pandas as pd
import pyogrio
import pytest
import shapely
import yaml
from hypothesis import given
from hypothesis import strategies as st

import cctvgeo as cg
from cctvgeo.cli import EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, main
from cctvgeo.cli.config import (
    MAX_BYTES,
    MAX_DEPTH,
    MAX_NODES,
    SCHEMA,
    ConfigError,
    load_config,
    parse_config,
)

INPUTS = """\
inputs:
  cameras: {path: "sample:angthong.gpkg", layer: cameras}
  roads: {path: "sample:angthong.gpkg", layer: road_edges}
"""


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """Run the command in-process; return the exit code and standard error."""
    code = main(list(args))
    return code, capsys.readouterr().err


def plan(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str) -> tuple[int, str]:
    """``cctvgeo plan`` on a configuration with ``text``; the output folder must stay unmade."""
    config = tmp_path / "plan.yaml"
    config.write_text(text, encoding="utf-8")
    code, err = run(capsys, "plan", str(config), "--out", str(tmp_path / "out"))
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()  # refused before any work
    return code, err


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # .nan and .inf budgets and weights: refused before any work, not late with "Fix it."
        (
            "plan: {annual_budgets: [1000000, .nan]}",
            "plan.annual_budgets: year 2: must be more than 0 and at most 1,000,000,000,000 baht, got nan",
        ),
        ("plan: {annual_budgets: .inf}", "plan.annual_budgets: year 1: must be more than 0"),
        ("plan: {annual_budgets: -.inf}", "got -inf"),
        (
            "plan: {annual_budgets: 1000000, factors: {point_weight: .nan}}",
            "plan.factors.point_weight: must be from 0 to 1,000,000, got nan",
        ),
        (
            "plan: {annual_budgets: 1000000, factors: {road_class_factor: {trunk: .inf}}}",
            "plan.factors.road_class_factor: trunk: must be from 0 to 1,000,000, got inf",
        ),
        (
            "plan: {annual_budgets: 1000000, factors: {hotspot_radius_m: 1.0e+9}}",
            "plan.factors.hotspot_radius_m: must be from 0 to 100,000 m, got 1000000000.0",
        ),
        # a typo that would ask numpy for 3.76 TiB, or run for ever
        (
            "coverage: {max_length: 0.000001}",
            "coverage.max_length: must be from 1 to 1,000 m, got 1e-06",
        ),
        (
            "routes: {k: 1000000000}",
            "routes.k: must be from 1 to 20, got 1000000000",
        ),
        ("routes: {k: 2.5}", "routes.k: expected a whole number from 1 to 20"),
        (
            "routes: {origins: [crime_hotspot]}",
            "routes.origins: names risk-point categories, but inputs.risk_points is missing; "
            "add the risk points, or remove routes.origins.",
        ),
        (
            "routes: {origins: [crime_hotspt]}",
            "routes.origins: origin 1: 'crime_hotspt' is not one of",
        ),
        (
            "plan: {annual_budgets: 1000000, spacing: 0.01}",
            "plan.spacing: must be from 20 to 10,000 m, got 0.01",
        ),
        (
            "plan: {annual_budgets: 1000000, headings: 100000}",
            "plan.headings: must be from 1 to 36",
        ),
        (
            "plan: {annual_budgets: 1000000, headings: [0, .nan]}",
            "plan.headings: heading 2: must be",
        ),
        (
            "plan: {annual_budgets: [" + ", ".join(["1"] * 51) + "]}",
            "plan.annual_budgets: give 1 to 50",
        ),
        (
            "plan: {annual_budgets: '5 million'}",
            "plan.annual_budgets: year 1: expected a number more than 0",
        ),
        ("title: " + "x" * 300, "title: at most 200 characters, got 300"),
    ],
)
def test_a_number_out_of_its_range_is_exit_2_naming_key_value_and_range(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, expected: str
) -> None:
    code, err = plan(tmp_path, capsys, INPUTS + text + "\n")
    assert code == EXIT_BAD_INPUT
    assert err.startswith(f"cctvgeo: error: {tmp_path / 'plan.yaml'} has 1 problem:\n")
    assert expected in err


def test_every_number_in_the_schema_has_a_finite_range() -> None:
    """Walk SCHEMA: every rule that wants a number refuses nan, inf and a 400-digit integer."""
    rules = _numeric_rules(SCHEMA)
    assert set(rules) >= {
        "coverage.max_length",
        "routes.k",
        "plan.annual_budgets",
        "plan.spacing",
        "plan.headings",
        "plan.factors.point_weight",
        "plan.factors.hotspot_radius_m",
    }
    for where, rule in rules.items():
        for bad in (math.nan, math.inf, -math.inf, 10**400, -(10**400)):
            with pytest.raises(ValueError, match=r"must be|expected") as refused:
                rule(bad)
            assert "number" in str(refused.value) or "must be" in str(refused.value), where


def _numeric_rules(rules: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """The rules whose message for a text value asks for a number."""
    out: dict[str, Any] = {}
    for key, rule in rules.items():
        where = f"{prefix}{key}"
        if isinstance(rule, dict):
            out |= _numeric_rules(rule, f"{where}.")
        elif callable(rule):
            try:
                rule("text")
            except ValueError as exc:
                if "number" in str(exc):
                    out[where] = rule
    return out


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_a_budget_is_taken_exactly_when_it_is_a_finite_positive_sum(value: float) -> None:
    data = yaml.safe_load(INPUTS) | {"plan": {"annual_budgets": [value]}}
    ok = math.isfinite(value) and 0 < value <= 1e12
    if ok:
        assert parse_config(data, base=Path()).annual_budgets == (value,)
    else:
        with pytest.raises(ConfigError, match=r"plan\.annual_budgets: year 1: must be more than 0"):
            parse_config(data, base=Path())


# --------------------------------------------------------------------------- the YAML itself


#: Nine levels of nine aliases each: 9**9 = 387 million values once expanded.
LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]\n"
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
)


def test_billion_laughs_are_refused_quickly_with_one_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = plan(tmp_path, capsys, INPUTS + LAUGHS)
    assert code == EXIT_BAD_INPUT
    assert err.count("\n") == 1
    assert f"holds more than {MAX_NODES:,} values once its YAML aliases" in err
    assert "without aliases" in err  # the fix


def test_billion_laughs_in_the_cost_file_are_refused_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "costs.yaml").write_text(LAUGHS, encoding="utf-8")
    code, err = plan(
        tmp_path, capsys, INPUTS + "plan: {annual_budgets: 1000000, cost_model: costs.yaml}\n"
    )
    assert code == EXIT_BAD_INPUT
    assert (
        f"  - plan.cost_model: {tmp_path / 'costs.yaml'} holds more than {MAX_NODES:,} values"
        in err
    )


def test_a_few_aliases_are_fine(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "plan.yaml"
    config.write_text(
        INPUTS
        + "plan:\n  annual_budgets: &b [1000000, 1000000]\n  factors: {backup_priorities: [urgent]}\n"
    )
    cfg = load_config(config)
    assert cfg.annual_budgets == (1e6, 1e6)


@pytest.mark.parametrize(
    "nested",
    [
        "plan: " + "[" * 5000 + "]" * 5000,  # flow style: a RecursionError before
        "plan:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 400)),  # block style
        "plan: " + "{a: " * 3000 + "1" + "}" * 3000,
    ],
)
def test_deep_nesting_is_refused_with_one_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], nested: str
) -> None:
    code, err = plan(tmp_path, capsys, INPUTS + nested + "\n")
    assert code == EXIT_BAD_INPUT
    assert f"nests more than {MAX_DEPTH} levels deep" in err
    assert "a configuration needs 4" in err


def test_a_huge_file_is_refused_before_parsing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = plan(tmp_path, capsys, INPUTS + "# " + "x" * MAX_BYTES + "\n")
    assert code == EXIT_BAD_INPUT
    assert f"a configuration is at most {MAX_BYTES:,}" in err
    assert "Name data files under inputs:" in err


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: &a [*a]\n", "the alias *a (line 1) is inside its own anchor"),
        (
            "plan: {annual_budgets: " + "9" * 5000 + "}\n",
            "a value could not be read (Exceeds the limit",
        ),
        ("plan: {annual_budgets: 2024-13-45}\n", "a value could not be read"),
        ("inputs: {cameras: [unclosed\n", "is not valid YAML at line 2"),
    ],
)
def test_unreadable_yaml_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, expected: str
) -> None:
    code, err = plan(tmp_path, capsys, text)
    assert code == EXIT_BAD_INPUT
    assert expected in err


def test_a_message_never_echoes_a_huge_value(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = plan(tmp_path, capsys, INPUTS + "lang: " + "ไทย" * 100_000 + "\n")
    assert code == EXIT_BAD_INPUT
    assert "lang: 'ไทยไทย" in err and len(err) < 400


# --------------------------------------------------------------------------- input files


def test_roads_given_as_a_table_is_exit_2_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "roads.csv").write_text("name,lat,lon\nA,14.5,100.4\n", encoding="utf-8")
    code, err = plan(
        tmp_path,
        capsys,
        INPUTS.replace('{path: "sample:angthong.gpkg", layer: road_edges}', "roads.csv"),
    )
    assert code == EXIT_BAD_INPUT
    assert (
        "inputs.roads: roads.csv is a table, not a GIS file; give road lines as a GeoPackage" in err
    )


@pytest.mark.parametrize(
    ("key", "file", "expected"),
    [
        ("roads", "attributes.gpkg", "has no geometries; save it as a GeoPackage"),
        ("roads", "points.geojson", "must hold lines, not Point; give a file of lines."),
        ("roads", "nothing.geojson", "has no lines; give a file of lines."),
        ("buildings", "points.geojson", "must hold polygons, not Point; give a file of polygons."),
        ("districts", "nothing.geojson", "has no polygons; give a file of polygons."),
    ],
)
def test_a_gis_input_without_geometries_or_of_the_wrong_kind_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], key: str, file: str, expected: str
) -> None:
    """Before, points as buildings or districts were taken silently (no occlusion at all)."""
    pyogrio.write_dataframe(pd.DataFrame({"name": ["A"]}), tmp_path / "attributes.gpkg")
    for name, geometry in (("points", [shapely.Point(100.4, 14.5)]), ("nothing", [])):
        gpd.GeoDataFrame(geometry=geometry, crs=4326).to_file(tmp_path / f"{name}.geojson")
    road_edges = '{path: "sample:angthong.gpkg", layer: road_edges}'
    text = INPUTS.replace(road_edges, file) if key == "roads" else f"{INPUTS}  {key}: {file}\n"
    config = tmp_path / "plan.yaml"
    config.write_text(text, encoding="utf-8")
    code, err = run(capsys, "plan", str(config), "--out", str(tmp_path / "out"), "--quiet")
    assert code == EXIT_BAD_INPUT, err
    assert f"cctvgeo: error: inputs.{key}: {tmp_path / file} " in err and expected in err
    assert "Traceback" not in err


def test_crs_names_the_crs_of_a_shapefile_saved_without_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roads = cg.datasets.load_sample().roads  # UTM 47N
    x, y = 655_500.0, 1_613_500.0
    roads.cx[x - 800 : x + 800, y - 800 : y + 800].reset_index()[
        ["u", "v", "key", "geometry"]
    ].to_file(tmp_path / "roads.shp")
    (tmp_path / "roads.prj").unlink()
    only_gpkg = "outputs: {map: false, dashboard: false, excel: false}\n"
    without = INPUTS.replace('{path: "sample:angthong.gpkg", layer: road_edges}', "roads.shp")
    config = tmp_path / "plan.yaml"
    config.write_text(without + only_gpkg, encoding="utf-8")
    code, err = run(capsys, "plan", str(config), "--out", str(tmp_path / "a"), "--quiet")
    assert code == EXIT_BAD_INPUT
    assert (
        "inputs.roads: " in err
        and "has no CRS; save it with one (EPSG:4326 or UTM), or name it with crs:" in err
    )
    config.write_text(
        without.replace("roads.shp", "{path: roads.shp, crs: 32647}") + only_gpkg, encoding="utf-8"
    )
    code, err = run(capsys, "plan", str(config), "--out", str(tmp_path / "b"), "--quiet")
    assert code == EXIT_OK, err


def test_crs_is_passed_to_the_survey_reader(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """UTM easting/northing in x/y columns: read with crs: 32647, refused without."""
    survey = tmp_path / "utm.csv"
    survey.write_text("id,x,y,status\nA,655500,1613500,working\n", encoding="utf-8")
    cfg = parse_config(
        {"inputs": {"cameras": {"path": "utm.csv", "crs": 32647}, "roads": "sample:angthong.gpkg"}},
        base=tmp_path,
    )
    assert cfg.cameras.crs == 32647
    code, err = run(capsys, "validate", str(survey), "--crs", "EPSG:32647", "--quiet")
    assert (code, err.strip()) == (
        EXIT_OK,
        "utm.csv: 1 row read, 0 errors, 0 warnings, 0 rows dropped",
    )
    with pytest.raises(SystemExit) as exit_:
        main(["validate", str(survey), "--crs", "EPSG:99999"])
    assert exit_.value.code == EXIT_BAD_INPUT
    assert "'EPSG:99999' is not a CRS pyproj knows; use an EPSG code" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("{path: survey.csv, crs: 'EPSG:99999'}", "inputs.cameras.crs: 'EPSG:99999' is not a CRS"),
        ("{path: survey.csv, crs: [1]}", "inputs.cameras.crs: expected a CRS, got [1]"),
        (
            "{path: survey.csv, sheet: data}",
            "inputs.cameras.sheet: survey.csv is not an Excel workbook",
        ),
        (
            "{path: book.xlsx, sheet: Data}",
            "inputs.cameras.sheet: book.xlsx has no sheet 'Data'. Its sheets are: 'ปก', 'data', "
            "'2568'. Fix: give one of them as sheet= (CLI --sheet, YAML sheet:)",
        ),
        ("{path: book.xlsx, sheet: 3}", "book.xlsx has no sheet 3"),
        (
            "{path: book.xlsx, sheet: true}",
            "inputs.cameras.sheet: expected a sheet name or its position",
        ),
        (
            "{path: book.xlsx, tab: data}",
            "inputs.cameras: unknown key 'tab' (allowed: path, layer, sheet, crs)",
        ),
    ],
)
def test_sheet_and_crs_of_an_input_are_checked_up_front(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], entry: str, expected: str
) -> None:
    (tmp_path / "survey.csv").write_text("id,lat,lon\nA,14.5,100.4\n", encoding="utf-8")
    workbook(tmp_path / "book.xlsx")
    text = INPUTS.replace('{path: "sample:angthong.gpkg", layer: cameras}', entry)
    code, err = plan(tmp_path, capsys, text)
    assert code == EXIT_BAD_INPUT
    assert expected in err


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ('"a\\0b.csv"', "a\0b.csv"),  # a NUL: ValueError from the file system before
        ('"~nosuchuser9/a.csv"', "~nosuchuser9/a.csv"),  # RuntimeError from expanduser before
        ("x" * 5000 + ".csv", "xxx"),  # a name too long for any file system
    ],
)
def test_a_path_no_file_can_have_is_file_not_found(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], path: str, shown: str
) -> None:
    text = INPUTS.replace('{path: "sample:angthong.gpkg", layer: cameras}', path)
    code, err = plan(tmp_path, capsys, text)
    assert code == EXIT_BAD_INPUT
    assert "inputs.cameras: file not found: " in err and shown in err


def workbook(path: Path) -> Path:
    """A workbook as provinces send them: a cover sheet, the data, and a sheet named by year."""
    book = openpyxl.Workbook()
    cover = book.active
    assert cover is not None
    cover.title = "ปก"
    cover.append(["แบบสำรวจกล้องโทรทัศน์วงจรปิด"])
    for name, rows in (
        ("data", [("A", 14.59, 100.45), ("B", 14.6, 100.46)]),
        ("2568", [("C", 14.61, 100.47)]),
    ):
        sheet = book.create_sheet(name)
        sheet.append(["รหัสกล้อง", "ละติจูด", "ลองจิจูด", "สถานะ"])
        for row in rows:
            sheet.append([*row, "ใช้งานได้"])
    book.save(path)
    return path


@pytest.mark.parametrize(
    ("sheet", "ids"), [("data", ["A", "B"]), ("1", ["A", "B"]), ("2568", ["C"]), ("-1", ["C"])]
)
def test_validate_sheet_picks_the_sheet_by_name_or_position(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sheet: str, ids: list[str]
) -> None:
    """``--sheet 2568`` is the sheet named 2568 (a Buddhist-era year), not the 2569th."""
    book = workbook(tmp_path / "book.xlsx")
    code, err = run(
        capsys, "validate", str(book), "--sheet", sheet, "--out", str(tmp_path), "--quiet"
    )
    assert code == EXIT_OK, err
    assert cg.read_cameras(tmp_path / "book_cameras.gpkg")["camera_id"].tolist() == ids


def test_validate_a_missing_sheet_is_exit_2_listing_the_sheets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = workbook(tmp_path / "book.xlsx")
    code, err = run(capsys, "validate", str(book), "--sheet", "survey")
    assert code == EXIT_BAD_INPUT
    assert err == (
        "cctvgeo: error: book.xlsx has no sheet 'survey'. Its sheets are: 'ปก', 'data', '2568'. "
        "Fix: give one of them as sheet= (CLI --sheet, YAML sheet:), by name or 0-based number.\n"
    )


def test_yaml_sheet_reaches_the_reader(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workbook(tmp_path / "book.xlsx")
    config = tmp_path / "plan.yaml"
    config.write_text(
        INPUTS.replace(
            '{path: "sample:angthong.gpkg", layer: cameras}', "{path: book.xlsx, sheet: 2568}"
        )
        + "outputs: {map: false, dashboard: false, excel: false}\n",
        encoding="utf-8",
    )
    assert load_config(config).cameras.sheet == "2568"
    code, err = run(capsys, "plan", str(config), "--out", str(tmp_path / "out"), "--quiet")
    assert code == EXIT_OK, err
    assert "book.xlsx: 1 row read" in err
    assert cg.read_cameras(tmp_path / "out" / "book_cameras.gpkg")["camera_id"].tolist() == ["C"]


# --------------------------------------------------------------------------- --area


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        ("points", "must hold polygons, not Point; give a file of polygons."),
        ("lines", "must hold polygons, not LineString; give a file of polygons."),
        ("csv", "has no geometries; save it as a GeoPackage, GeoJSON or shapefile"),
        ("empty", "has no polygons; give a file of polygons."),
        ("garbage", "could not be read:"),
    ],
)
def test_area_that_is_not_a_polygon_file_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: str, expected: str
) -> None:
    survey = tmp_path / "survey.csv"
    survey.write_text("id,lat,lon,status\nA,14.5,100.4,working\n", encoding="utf-8")
    area = tmp_path / ("area.csv" if make == "csv" else "area.geojson")
    geometry = {
        "points": [shapely.Point(100.4, 14.5)],
        "lines": [shapely.LineString([(100.3, 14.4), (100.5, 14.6)])],
        "empty": [],
    }
    if make in geometry:
        gpd.GeoDataFrame(geometry=geometry[make], crs=4326).to_file(area)
    elif make == "csv":
        area.write_text("name,lat,lon\nA,14.5,100.4\n", encoding="utf-8")
    else:
        area.write_bytes(b"\x00\x01 not json")
    code, err = run(capsys, "validate", str(survey), "--area", str(area))
    assert code == EXIT_BAD_INPUT
    assert err.startswith("cctvgeo: error: --area: ") and expected in err
    assert err.count("\n") == 1


def test_area_of_polygons_still_works(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    survey = tmp_path / "survey.csv"
    survey.write_text(
        "id,lat,lon,status\nA,14.5,100.4,working\nB,13.7,100.5,working\n", encoding="utf-8"
    )
    area = tmp_path / "area.geojson"
    gpd.GeoDataFrame(geometry=[shapely.box(100.3, 14.4, 100.5, 14.6)], crs=4326).to_file(area)
    code, err = run(capsys, "validate", str(survey), "--area", str(area))
    assert code == 1  # done; B is outside the area, an input error
    assert "row 3, column 'lat'" in err and "The camera is outside the area." in err


# --------------------------------------------------------------------------- exit codes


def test_an_internal_error_is_exit_3_without_a_traceback_unless_debug(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> int:
        raise TypeError("unsupported operand")

    monkeypatch.setattr(cg.cli, "_validate_survey", broken)
    survey = tmp_path / "s.csv"
    survey.write_text("id,lat,lon\nA,14.5,100.4\n", encoding="utf-8")
    code, err = run(capsys, "validate", str(survey))
    assert code == EXIT_INTERNAL == 3
    assert err.startswith("cctvgeo: internal error: TypeError: unsupported operand\n")
    assert "This is a bug in cctvgeo" in err and "--debug" in err and "Traceback" not in err
    code, err = run(capsys, "validate", str(survey), "--debug")
    assert code == EXIT_INTERNAL  # not Python's 1, which means "the inputs have errors"
    assert err.startswith("Traceback (most recent call last):")
    assert "TypeError: unsupported operand" in err and "This is a bug in cctvgeo" in err


def test_an_internal_error_in_a_db_command_asks_for_no_flag_it_lacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from cctvgeo import store

    def broken(*args: object, **kwargs: object) -> object:
        raise TypeError("unsupported operand")

    monkeypatch.setattr(store, "open", broken)
    code, err = run(capsys, "db", "init", str(tmp_path / "s.gpkg"))
    assert code == EXIT_INTERNAL
    assert "--debug" not in err and "Please report it with the command you ran." in err


@pytest.mark.parametrize(
    ("raised", "code", "expected"),
    [
        (
            KeyboardInterrupt(),
            EXIT_INTERRUPTED,
            "cctvgeo: interrupted; no file is left half-written.",
        ),
        (MemoryError(), EXIT_BAD_INPUT, "cctvgeo: error: not enough memory for these inputs"),
        (
            PermissionError(13, "Permission denied", "out/map.html"),
            EXIT_BAD_INPUT,
            "cctvgeo: error: out/map.html: Permission denied. Check that the folder exists",
        ),
    ],
)
def test_interrupts_memory_and_os_errors_have_their_exit_codes(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    raised: BaseException,
    code: int,
    expected: str,
) -> None:
    def stop(*args: object, **kwargs: object) -> int:
        raise raised

    monkeypatch.setattr(cg.cli, "_validate_survey", stop)
    got, err = run(capsys, "validate", "s.csv")
    assert got == code
    assert err.startswith(expected) and "Traceback" not in err


def test_exit_codes_are_documented() -> None:
    text = (Path(__file__).resolve().parents[1] / "docs" / "cli.md").read_text(encoding="utf-8")
    table = text.split("## Exit codes", 1)[1].split("##", 1)[0]
    for code in (0, 1, 2, 3, 130):
        assert f"| {code} |" in table, code


# --------------------------------------------------------------------------- keys renamed and removed

OLD_KEYS = {
    "coverage.segment_length_m": 25,
    "routes.per_origin": 2,
    "plan.budgets": [1_000_000, 500_000],
    "plan.candidate_spacing_m": 250,
    "plan.weights": {"point_weight": 150.0},
}


def nested(key: str, value: Any) -> dict[str, Any]:
    section, name = key.split(".")
    return {section: {name: value}}


@pytest.mark.parametrize("old", [*OLD_KEYS, "plan.costs"])
def test_an_old_key_is_read_as_its_new_name_with_a_warning(old: str, tmp_path: Path) -> None:
    from cctvgeo.cli.config import RENAMED_KEYS

    value = OLD_KEYS.get(old)
    if old == "plan.costs":
        (tmp_path / "costs.yaml").write_text("items:\n  pole: {thb: 9000}\n", encoding="utf-8")
        value = "costs.yaml"
    new = RENAMED_KEYS[old]
    base = yaml.safe_load(INPUTS) | {"routes": {}, "plan": {"annual_budgets": 1}}
    with pytest.warns(FutureWarning, match=rf"{old} is now {new} \(the keyword"):
        from_old = parse_config(base | nested(old, value), base=tmp_path)
    from_new = parse_config(base | nested(new, value), base=tmp_path)
    assert from_old == from_new
    assert from_old != parse_config(base, base=tmp_path)  # the value was read, not dropped


def test_an_old_key_beside_its_new_name_is_a_problem() -> None:
    data = yaml.safe_load(INPUTS) | {"plan": {"budgets": [1], "annual_budgets": [2]}}
    with pytest.raises(ConfigError) as err:
        parse_config(data, base=Path())
    assert "plan.budgets: the old name of plan.annual_budgets, which is also given" in str(
        err.value
    )


def test_min_gap_is_no_longer_read_and_says_so() -> None:
    data = yaml.safe_load(INPUTS)
    with pytest.warns(FutureWarning, match=r"coverage\.min_gap_m is no longer read"):
        cfg = parse_config(data | {"coverage": {"min_gap_m": 50, "level": "detect"}}, base=Path())
    assert cfg == parse_config(data | {"coverage": {"level": "detect"}}, base=Path())
    assert "min_gap_m" not in SCHEMA["coverage"]


def test_the_command_prints_an_old_key_as_one_warning_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import warnings

    text = INPUTS + "coverage: {segment_length_m: 20, level: recognize}\n"
    with warnings.catch_warnings():
        warnings.simplefilter("always")  # the suite turns warnings into errors
        code, err = plan(tmp_path, capsys, text)
    assert code == EXIT_BAD_INPUT  # the misspelt level; the old key alone is no error
    lines = err.splitlines()
    assert lines[0] == (
        f"cctvgeo: warning: {tmp_path / 'plan.yaml'}: coverage.segment_length_m is now "
        "coverage.max_length (the keyword of the function it feeds); rename it."
    )
    assert "  - coverage.level: 'recognize' is not one of" in err


def test_each_default_is_written_once() -> None:
    """The demo's configuration gives no key its default, and the schema is the fields'."""
    import dataclasses

    from cctvgeo.cli.config import DEMO_CONFIG, PlanConfig

    defaults = {
        f.metadata["key"]: f.default
        for f in dataclasses.fields(PlanConfig)
        if "key" in f.metadata and f.default is not dataclasses.MISSING
    }
    given = {
        f"{section}.{key}": value
        for section, keys in DEMO_CONFIG.items()
        if isinstance(keys, dict)
        for key, value in keys.items()
    }
    assert [k for k, v in given.items() if defaults.get(k, object()) == v] == []
    cfg = parse_config(yaml.safe_load(INPUTS), base=Path())
    assert (cfg.level, cfg.max_length, cfg.k, cfg.method, cfg.headings) == (
        "recognise",
        20.0,
        3,
        "greedy",
        8,
    )
    assert set(SCHEMA) == {"title", "lang", "inputs", "coverage", "routes", "plan", "outputs"}


@pytest.mark.parametrize(
    ("name", "home"), [("DEMO_CONFIG", "cctvgeo.cli.config"), ("FIXED_GPKG_DATE", "cctvgeo._write")]
)
def test_names_the_command_module_had_still_work_with_a_warning(name: str, home: str) -> None:
    import importlib

    from cctvgeo import cli

    with pytest.warns(FutureWarning, match=rf"cctvgeo\.cli\.{name} has moved to {home}\.{name}"):
        value = getattr(cli, name)
    assert value is getattr(importlib.import_module(home), name)


def test_the_level_left_out_is_the_planning_level_in_force(monkeypatch: pytest.MonkeyPatch) -> None:
    data = yaml.safe_load(INPUTS)
    assert parse_config(data, base=Path()).level == cg.settings.planning_level == "recognise"
    monkeypatch.setattr(cg.settings, "planning_level", "detect")
    assert parse_config(data, base=Path()).level == "detect"
    assert parse_config(data | {"coverage": {"level": "identify"}}, base=Path()).level == "identify"
