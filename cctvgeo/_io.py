"""Atomic output files: a temporary file in the target folder, renamed into place.

A failure never leaves a half-written file, and readers never see one. Every
writer in cctvgeo (cameras, plans, maps, reports) goes through :func:`atomic_path`.
"""

from __future__ import annotations

import contextlib
import math
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from cctvgeo._errors import CctvgeoError

#: Output formats by file suffix.
TABLE_FORMATS = {".gpkg": "GPKG", ".geojson": "GeoJSON", ".csv": "csv", ".xlsx": "xlsx"}


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; on success rename it to ``path``.

    The temporary path does not exist when yielded, so tools that refuse to overwrite
    (GDAL) can create it. On error it is removed and ``path`` is left as it was.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "note.txt"
    >>> with atomic_path(out) as tmp:
    ...     _ = tmp.write_text("done")
    >>> out.read_text()
    'done'
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise CctvgeoError(f"The folder {path.parent} does not exist.")
    fd, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    tmp.unlink()
    try:
        yield tmp
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def write_frame(gdf: gpd.GeoDataFrame, path: str | os.PathLike[str], *, layer: str) -> Path:
    """Write a GeoDataFrame as GPKG, GeoJSON, CSV or XLSX, atomically.

    GPKG and GeoJSON keep the CRS. CSV and XLSX, the formats people open in Excel,
    hold point positions as ``latitude``/``longitude`` in EPSG:4326 in the last two
    columns (other geometry types as one ``wkt`` column). CSV is UTF-8 with a
    BOM so Excel shows Thai; XLSX stores text as text, never as a formula.

    Parameters
    ----------
    gdf : GeoDataFrame
        The data; its index is not written.
    path : str or PathLike
        Output file; the suffix picks the format (:data:`TABLE_FORMATS`).
    layer : str
        GPKG layer and XLSX sheet name.
    """
    path = Path(path)
    driver = TABLE_FORMATS.get(path.suffix.lower())
    if driver is None:
        raise CctvgeoError(
            f"Cannot write {path.suffix!r} files; use one of {', '.join(TABLE_FORMATS)}."
        )
    with atomic_path(path) as tmp:
        if driver in {"GPKG", "GeoJSON"}:
            _gdal_ready(gdf).to_file(tmp, driver=driver, layer=layer if driver == "GPKG" else None)
        elif driver == "csv":
            _spreadsheet_ready(gdf).to_csv(
                tmp, index=False, encoding="utf-8-sig", float_format="%.17g"
            )
        else:
            _write_xlsx(_spreadsheet_ready(gdf), tmp, sheet=layer)
    return path


def _gdal_ready(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """A copy GDAL can store: nullable booleans and mixed object columns as text."""
    out = gdf.reset_index(drop=True)
    for col in out.columns:
        if col == out.geometry.name:
            continue
        if str(out[col].dtype) == "boolean":
            out[col] = out[col].map({True: "true", False: "false"}).astype("str")
        elif out[col].dtype == object:
            out[col] = out[col].map(lambda v: None if _is_missing(v) else str(v)).astype("str")
    return out


def _spreadsheet_ready(gdf: gpd.GeoDataFrame) -> pd.DataFrame:
    """Columns for CSV/XLSX, with the geometry as latitude/longitude (points) or WKT."""
    geoms = gdf.geometry
    if gdf.crs is not None and not gdf.crs.equals("EPSG:4326"):
        geoms = geoms.to_crs(4326)
    frame = pd.DataFrame(_gdal_ready(gdf).drop(columns=gdf.geometry.name))
    present = ~(geoms.isna() | geoms.is_empty).to_numpy()
    if bool((geoms[present].geom_type == "Point").all()):
        lat = np.full(len(geoms), np.nan)
        lon = np.full(len(geoms), np.nan)
        lat[present], lon[present] = geoms[present].y.to_numpy(), geoms[present].x.to_numpy()
        position = pd.DataFrame({"latitude": lat, "longitude": lon})
    else:
        position = pd.DataFrame({"wkt": geoms.to_wkt().to_numpy()})
    return pd.concat([frame, position], axis=1)


def _write_xlsx(frame: pd.DataFrame, path: Path, *, sheet: str) -> None:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    ws = book.create_sheet(sheet[:31])
    ws.append([str(c) for c in frame.columns])
    for row in frame.itertuples(index=False):
        ws.append([_excel_cell(ws, v) for v in row])
    book.save(path)


def _excel_cell(ws: Any, value: Any) -> Any:
    """An openpyxl cell value: missing is empty; text stays text, never a formula."""
    from openpyxl.cell import WriteOnlyCell

    if _is_missing(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, str):
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"  # a survey text such as "=HYPERLINK(...)" must not run as a formula
        return cell
    return value


def _is_missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))
