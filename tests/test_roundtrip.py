"""Writing cameras and reading them back gives the same frame, for every output format."""

from __future__ import annotations

import tempfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cctvgeo as cg
from cctvgeo.inventory import CAMERA_TYPES, OWNERS, STATUSES

# Printable text, Thai included; no control characters (Excel cannot store them).
TEXT = (
    st.text(
        alphabet=st.characters(
            categories=["L", "N", "P", "S", "Zs"],
            include_characters="กขคงจฉชซญณดตถทธนบปผพฟภมยรลวศสหอฮะาิีึืุูเแโใไ่้๊๋็์ั๐๑๒๓๔๕๖๗๘๙",
        ),
        min_size=1,
        max_size=12,
    )
    .map(str.strip)
    .filter(
        lambda s: (
            s
            and not s.startswith(("'", "-"))
            and s.lower() not in {"nan", "na", "none", "null", "n/a", "unknown"}
        )
    )
)
FINITE = st.floats(min_value=0.5, max_value=359.0, allow_nan=False).map(lambda v: round(v, 6))


def maybe(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(st.none(), strategy)


camera_row = st.fixed_dictionaries(
    {
        "camera_id": TEXT,
        "name": maybe(TEXT),
        "agency": maybe(TEXT),
        "owner": maybe(st.sampled_from(OWNERS)),
        "camera_type": maybe(st.sampled_from(CAMERA_TYPES)),
        "heading_deg": maybe(FINITE),
        "hfov_deg": maybe(FINITE),
        "resolution_px": maybe(st.sampled_from([1280.0, 1920.0, 3840.0])),
        "height_m": maybe(st.floats(min_value=0.0, max_value=30.0).map(lambda v: round(v, 3))),
        "status": st.sampled_from(STATUSES),
        "linked": maybe(st.booleans()),
        "retention_days": maybe(st.integers(min_value=30, max_value=365).map(float)),
        "repair_budget_thb": maybe(st.integers(min_value=0, max_value=10**7).map(float)),
        "installed": maybe(st.integers(min_value=1990, max_value=2025)),
        "หมายเหตุ": maybe(TEXT),
        "latitude": st.floats(min_value=5.6, max_value=20.4),
        "longitude": st.floats(min_value=97.4, max_value=105.6),
    }
)


def canonical(rows: list[dict[str, object]]) -> gpd.GeoDataFrame:
    """Cameras as read_cameras makes them from a DataFrame of the rows."""
    frame = pd.DataFrame(rows)
    for col in {"linked", "installed"} & set(frame.columns):
        frame[col] = frame[col].astype(object)  # keep None as None, not NaN
    return cg.read_cameras(frame)


def assert_same(
    back: gpd.GeoDataFrame, cams: gpd.GeoDataFrame, *, digits: int, xy_digits: int
) -> None:
    """Equal frames: values to ``digits`` significant digits, coordinates to ``xy_digits``."""
    back, cams = back.reset_index(drop=True), cams.reset_index(drop=True)
    pd.testing.assert_frame_equal(
        pd.DataFrame(back.drop(columns="geometry")),
        pd.DataFrame(cams.drop(columns="geometry")),
        check_exact=digits == 17,
        rtol=10.0**-digits,
    )
    assert back.crs == cams.crs
    tol = 0.0 if xy_digits == 17 else 10.0 ** -(xy_digits - 3)  # degrees below 1000
    assert shapely.equals_exact(
        back.geometry.to_numpy(), cams.geometry.to_numpy(), tolerance=tol
    ).all()


# GDAL's GeoJSON writer keeps 15 significant digits of coordinates, and Excel 15 of any number:
# well below a millimetre. GPKG and CSV are exact.
@pytest.mark.parametrize(
    ("suffix", "digits", "xy_digits"),
    [(".gpkg", 17, 17), (".geojson", 17, 15), (".csv", 17, 17), (".xlsx", 15, 15)],
)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(
        camera_row,
        min_size=1,
        max_size=6,
        unique_by=(lambda r: r["camera_id"], lambda r: r["latitude"]),
    )
)
def test_write_then_read_gives_the_same_frame(
    suffix: str, digits: int, xy_digits: int, rows: list[dict[str, object]]
) -> None:
    cams = canonical(rows)
    with tempfile.TemporaryDirectory() as folder:
        path = cg.write_cameras(cams, Path(folder) / f"cameras{suffix}")
        back = cg.read_cameras(path)
    assert_same(back, cams, digits=digits, xy_digits=xy_digits)


def test_projected_frames_keep_their_crs_in_gpkg(tmp_path: Path) -> None:
    cams = cg.project(
        canonical([{"camera_id": "a", "status": "working", "latitude": 14.59, "longitude": 100.45}])
    )
    back = cg.read_cameras(cg.write_cameras(cams, tmp_path / "c.gpkg"))
    assert back.crs.to_epsg() == 32647
    assert back.geometry.iloc[0].equals_exact(cams.geometry.iloc[0], 1e-9)


def test_csv_and_xlsx_store_positions_in_degrees(tmp_path: Path) -> None:
    cams = cg.project(
        canonical([{"camera_id": "a", "status": "working", "latitude": 14.59, "longitude": 100.45}])
    )
    back = cg.read_cameras(cg.write_cameras(cams, tmp_path / "c.csv"))
    assert back.crs.to_epsg() == 4326
    assert (back.geometry.y.iloc[0], back.geometry.x.iloc[0]) == pytest.approx(
        (14.59, 100.45), abs=1e-9
    )


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    cams = canonical(
        [
            {
                "camera_id": "=1+1",
                "name": '=HYPERLINK("http://x")',
                "status": "working",
                "latitude": 14.5,
                "longitude": 100.5,
            }
        ]
    )
    path = cg.write_cameras(cams, tmp_path / "c.xlsx")
    import openpyxl

    sheet = openpyxl.load_workbook(path).active
    assert [c.data_type for c in sheet[2][:2]] == ["s", "s"]
    assert cg.read_cameras(path)["name"].tolist() == ['=HYPERLINK("http://x")']


def test_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cams = canonical(
        [{"camera_id": "a", "status": "working", "latitude": 14.5, "longitude": 100.5}]
    )
    target = tmp_path / "c.gpkg"
    target.write_bytes(b"previous")

    def half_write(self: gpd.GeoDataFrame, path: Path, **kwargs: object) -> None:
        Path(path).write_bytes(b"half")
        raise OSError("disk full")

    monkeypatch.setattr(gpd.GeoDataFrame, "to_file", half_write)
    with pytest.raises(OSError, match="disk full"):
        cg.write_cameras(cams, target)
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["c.gpkg"]


def test_write_to_a_missing_folder(tmp_path: Path) -> None:
    cams = canonical(
        [{"camera_id": "a", "status": "working", "latitude": 14.5, "longitude": 100.5}]
    )
    with pytest.raises(cg.CctvgeoError, match="does not exist"):
        cg.write_cameras(cams, tmp_path / "missing" / "c.gpkg")


def test_unsupported_output_suffix(tmp_path: Path) -> None:
    cams = canonical(
        [{"camera_id": "a", "status": "working", "latitude": 14.5, "longitude": 100.5}]
    )
    with pytest.raises(cg.CctvgeoError, match="Cannot write"):
        cg.write_cameras(cams, tmp_path / "c.parquet")


def test_unknown_numeric_columns_round_trip_in_gis_formats(tmp_path: Path) -> None:
    cams = canonical(
        [{"camera_id": "a", "status": "working", "latitude": 14.5, "longitude": 100.5}]
    )
    cams["pole_no"] = np.array([17], dtype="int64")
    back = cg.read_cameras(cg.write_cameras(cams, tmp_path / "c.gpkg"))
    assert back["pole_no"].tolist() == [17]
