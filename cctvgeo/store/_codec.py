"""Values to and from the store's columns: JSON rows and tables, GeoPackage point blobs.

Tables (a plan's sites, years, ...) are stored as JSON text that gives back the same frame:
the same columns in order, dtypes, index, values (floats exactly: Python writes the
shortest text that reads back to the same double) and, for a GeoDataFrame, the geometry
(as WKB) and CRS. Nothing is pickled: a store may be shared, and loading never runs code.
"""

from __future__ import annotations

import io
import json
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

#: A GeoPackage point blob (OGC 12-128r18, 2.1.3): header, then little-endian 2D WKB.
_GPKG_POINT = np.dtype(
    [
        ("magic", "S2"),
        ("version", "u1"),
        ("flags", "u1"),  # little-endian, no envelope
        ("srs_id", "<i4"),
        ("byte_order", "u1"),
        ("wkb_type", "<u4"),
        ("x", "<f8"),
        ("y", "<f8"),
    ]
)


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """An object-dtype copy with every missing value as ``None`` (what DB drivers and JSON take)."""
    out = frame.astype(object)
    return out.where(frame.notna().to_numpy(), None)


def gpkg_points(geoms: gpd.GeoSeries) -> list[bytes]:
    """GeoPackage blobs of points in EPSG:4326 (vectorised: one numpy record per point)."""
    rec = np.zeros(len(geoms), dtype=_GPKG_POINT)
    rec["magic"], rec["flags"], rec["srs_id"] = b"GP", 1, 4326
    rec["byte_order"], rec["wkb_type"] = 1, 1
    rec["x"], rec["y"] = shapely.get_x(geoms.to_numpy()), shapely.get_y(geoms.to_numpy())
    blobs: list[bytes] = rec.view(f"V{_GPKG_POINT.itemsize}").tolist()
    return blobs


#: SQL (SQLite) for the WKB inside a GeoPackage blob: skip the 8-byte header and the
#: envelope its flags byte announces (none, 32, 48 or 64 bytes).
GPKG_WKB_SQL = (
    "substr({col}, 9 + CASE substr(hex(substr({col}, 4, 1)), 2, 1)"
    " WHEN '0' THEN 0 WHEN '1' THEN 0 WHEN '2' THEN 32 WHEN '3' THEN 32"
    " WHEN '8' THEN 64 WHEN '9' THEN 64 ELSE 48 END)"
)


def json_rows(frame: pd.DataFrame) -> list[str]:
    """One JSON object per row (column order kept), e.g. a survey's unknown columns."""
    if frame.shape[1] == 0:
        return ["{}"] * len(frame)
    text = plain(frame).to_json(
        orient="records", lines=True, force_ascii=False, double_precision=15
    )
    return text.splitlines()


def frame_from_json_rows(texts: pd.Series) -> pd.DataFrame:
    """The frame :func:`json_rows` wrote (object columns, missing as ``None``)."""
    if len(texts) == 0:
        return pd.DataFrame(index=texts.index)
    out = pd.read_json(io.StringIO("\n".join(texts)), lines=True, orient="records", dtype=False)
    out.index = texts.index
    return out


def table_to_json(frame: pd.DataFrame) -> str:
    """A frame as JSON text that :func:`table_from_json` turns back into the same frame."""
    geometry = frame.geometry.name if isinstance(frame, gpd.GeoDataFrame) else None
    data = frame.drop(columns=[geometry]) if geometry else frame
    doc: dict[str, Any] = {
        "columns": [str(c) for c in frame.columns],
        "dtypes": {str(c): str(t) for c, t in data.dtypes.items()},
        "index": plain(frame.index.to_frame(index=False)).iloc[:, 0].tolist(),
        "index_name": frame.index.name,
        "index_dtype": str(frame.index.dtype),
        "data": plain(data).to_dict(orient="list"),
    }
    if geometry:
        doc["geometry"] = {
            "name": geometry,
            "crs": frame.crs.to_wkt() if frame.crs is not None else None,
            "wkb": shapely.to_wkb(frame.geometry.to_numpy(), hex=True).tolist(),
        }
    return json.dumps(doc, ensure_ascii=False, default=str)


def table_from_json(text: str) -> pd.DataFrame:
    """The frame :func:`table_to_json` wrote: same columns, dtypes, index, values and CRS."""
    doc = json.loads(text)
    index = pd.Index(doc["index"], name=doc["index_name"]).astype(doc["index_dtype"])
    data = pd.DataFrame(doc["data"], index=index, columns=list(doc["dtypes"]))
    data = data.astype(doc["dtypes"]) if len(data.columns) else data
    geo = doc.get("geometry")
    if geo is None:
        return data[doc["columns"]]
    geoms = shapely.from_wkb(np.asarray(geo["wkb"], dtype=object))
    out = gpd.GeoDataFrame(data, geometry=gpd.GeoSeries(geoms, index=index, crs=geo["crs"]))
    out = out.rename_geometry(geo["name"]) if geo["name"] != "geometry" else out
    return out[doc["columns"]]
