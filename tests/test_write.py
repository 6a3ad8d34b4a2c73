"""The one XLSX writer and the one GPKG writer: same content, same bytes, from Python.

The CLI once patched dates into its outputs after writing them, so a workbook or a
GeoPackage written from a notebook differed on every run. The writers now fix every date
themselves; these tests look at the dates inside the files (a run within the same second
would hide a clock) as well as at the bytes.
"""

from __future__ import annotations

import os
import re
import sqlite3
import zipfile
from pathlib import Path

import geopandas as gpd
import openpyxl
import pandas as pd
import pytest
from shapely import Point

import cctvgeo as cg
from cctvgeo._write import (
    FIXED_DATE,
    FIXED_GPKG_DATE,
    Heading,
    write_frame,
    write_gpkg,
    write_xlsx,
)


def zip_dates(path: Path) -> set[tuple[int, ...]]:
    with zipfile.ZipFile(path) as z:
        return {info.date_time for info in z.infolist()}


def document_times(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        core = z.read("docProps/core.xml").decode()
    return re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]*)<", core)


def last_changes(path: Path) -> list[str]:
    with sqlite3.connect(path) as con:
        return [r[0] for r in con.execute("SELECT last_change FROM gpkg_contents")]


def test_any_frame_gives_the_same_workbook_and_reads_back(tmp_path: Path) -> None:
    frame = pd.DataFrame({"a": [1, 2]})
    first = write_xlsx({"t": frame}, tmp_path / "a.xlsx").read_bytes()
    assert write_xlsx({"t": frame}, tmp_path / "a.xlsx").read_bytes() == first
    assert pd.read_excel(tmp_path / "a.xlsx")["a"].tolist() == [1, 2]
    assert zip_dates(tmp_path / "a.xlsx") == {FIXED_DATE}
    assert document_times(tmp_path / "a.xlsx") == ["2000-01-01T00:00:00Z"] * 2


def test_blocks_are_stacked_with_bold_headings_and_widths_from_the_tables(
    tmp_path: Path,
) -> None:
    table = pd.DataFrame({"name": ["a" * 10, "b"], "n": [1, 22], "x" * 100: [None, "=1+2"]})
    blocks = [Heading("Title", size=13), "a figure", None, Heading("Caption"), table]
    path = write_xlsx({"s" * 40: blocks}, tmp_path / "b.xlsx")
    ws = openpyxl.load_workbook(path)["s" * 31]  # Excel's longest sheet name
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows == [
        ["Title", None, None],
        ["a figure", None, None],
        [None, None, None],
        ["Caption", None, None],
        ["name", "n", "x" * 100],
        ["a" * 10, 1, None],
        ["b", 22, "=1+2"],
    ]
    assert ws["A1"].font.b and ws["A1"].font.sz == 13 and not ws["A2"].font.b
    assert ws["A4"].font.b and ws["C5"].font.b and not ws["A6"].font.b
    assert ws["C7"].data_type == "s" and ws["C7"].quotePrefix  # text, never a formula
    # longest cell + 2, at least 8 and at most 60 characters
    assert [ws.column_dimensions[c].width for c in "ABC"] == [12, 8, 60]


def test_geopackages_carry_the_fixed_date_and_leave_the_environment_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OGR_CURRENT_DATE", "2011-11-11T11:11:11.000Z")
    frame = gpd.GeoDataFrame({"v": [1, 2]}, geometry=[Point(0, 0), Point(1, 1)], crs=4326)
    path = write_gpkg({"one": frame, "two": frame}, tmp_path / "a.gpkg")
    first = path.read_bytes()
    assert last_changes(path) == [FIXED_GPKG_DATE] * 2
    assert write_gpkg({"one": frame, "two": frame}, path).read_bytes() == first
    assert gpd.read_file(path, layer="two")["v"].tolist() == [1, 2]
    assert os.environ["OGR_CURRENT_DATE"] == "2011-11-11T11:11:11.000Z"


@pytest.mark.parametrize("suffix", [".gpkg", ".xlsx", ".csv", ".geojson"])
def test_cameras_written_from_python_repeat_byte_for_byte(tmp_path: Path, suffix: str) -> None:
    cams = cg.datasets.load_sample().cameras.head(30)
    a = cg.write_cameras(cams, tmp_path / f"a{suffix}")
    b = cg.write_cameras(cams, tmp_path / f"b{suffix}")
    assert a.read_bytes() == b.read_bytes()
    assert write_frame(cams, tmp_path / f"c{suffix}", layer="cameras").read_bytes() == (
        a.read_bytes()
    )
