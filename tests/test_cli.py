"""The ``cctvgeo`` command, run as a user runs it: a subprocess."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd

import cctvgeo as cg


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
    assert "3 rows read, 2 errors, 1 warnings, 1 rows dropped" in result.stderr
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
    assert result.stderr.strip() == "ok.csv: 1 rows read, 0 errors, 0 warnings, 0 rows dropped"


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
