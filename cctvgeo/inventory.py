"""The camera inventory: read, validate and write camera surveys.

A survey comes as the national form's Excel export, a CSV (UTF-8 or Thai TIS-620),
a GIS file, a DataFrame, or OpenStreetMap cameras. :func:`read_cameras` turns any of
them into one canonical GeoDataFrame (see :data:`SCHEMA`), reporting every problem
with the row and column the user sees; :func:`write_cameras` writes it back losslessly.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal, overload

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from cctvgeo import _write, settings
from cctvgeo._errors import CctvgeoError
from cctvgeo._read import cells, coords, osm
from cctvgeo._read.headers import (
    CAMERA_ALIASES,
    CAMERA_HEADER_HINT,
    COORDINATE_ALIASES,
    match_headers,
)
from cctvgeo._read.positions import area_geometry
from cctvgeo._read.rows import (
    ErrorsMode,
    apply_problems,
    check_errors_mode,
    duplicate_ids,
    fill_missing_ids,
    finish,
    parse_rows,
)
from cctvgeo._read.table import RawTable, read_table
from cctvgeo._validate import Note, Problem, ValidationReport
from cctvgeo.crs import utm_crs

__all__ = ["SCHEMA", "read_cameras", "validate_cameras", "write_cameras"]

#: The canonical camera columns and their pandas dtypes, in order. Any other column is kept.
SCHEMA: dict[str, str] = {
    "camera_id": "str",
    "name": "str",
    "agency": "str",
    "owner": "str",
    "camera_type": "str",
    "heading_deg": "float64",
    "sweep_deg": "float64",
    "hfov_deg": "float64",
    "focal_length_mm": "float64",
    "sensor_width_mm": "float64",
    "resolution_px": "float64",
    "height_m": "float64",
    "tilt_deg": "float64",
    "status": "str",
    "linked": "boolean",
    "network": "str",
    "retention_days": "float64",
    "repair_budget_thb": "float64",
    "repair_agency": "str",
    "installed": "Int64",
}
STATUSES = ("working", "not_working", "broken", "under_repair", "unknown")
OWNERS = ("public", "private")
CAMERA_TYPES = ("fixed", "ptz", "dome", "panoramic", "alpr")


def _free_text(value: Any) -> str | None:
    """Free text (names, agencies) is kept as written, only trimmed; blanks become missing."""
    return None if cells.is_missing(value) else str(value).strip()


def _vocab(words: Mapping[str, str], what: str) -> Callable[[Any], str | None]:
    return lambda value: cells.vocabulary(value, words, what=what)


#: How each canonical column's cells are parsed (heading is parsed with its sweep).
_PARSERS: dict[str, Callable[[Any], Any]] = {
    "camera_id": _free_text,
    "name": _free_text,
    "agency": _free_text,
    "owner": _vocab(cells.OWNER_WORDS, "what_owner"),
    "camera_type": _vocab(cells.CAMERA_TYPE_WORDS, "what_camera_type"),
    "heading_deg": lambda cell: cells.heading(cell)[0],
    "sweep_deg": cells.number,
    "hfov_deg": cells.number,
    "focal_length_mm": cells.number,
    "sensor_width_mm": cells.number,
    "resolution_px": cells.resolution,
    "height_m": cells.number,
    "tilt_deg": cells.number,
    "status": _vocab(cells.STATUS_WORDS, "what_status"),
    "linked": cells.yes_no,
    "network": _free_text,
    "retention_days": cells.number,
    "repair_budget_thb": cells.number,
    "repair_agency": _free_text,
    "installed": cells.year,
}

#: Valid ranges: column -> (low, high, low inclusive). Outside them a value is cleared; the
#: fix says what to write (``what_range_<column>`` in the label table).
_RANGES: dict[str, tuple[float, float, bool]] = {
    "heading_deg": (0.0, 360.0, True),
    "sweep_deg": (0.0, 360.0, False),
    "hfov_deg": (0.0, 360.0, False),
    "focal_length_mm": (0.0, math.inf, False),
    "sensor_width_mm": (0.0, math.inf, False),
    "resolution_px": (0.0, math.inf, False),
    "height_m": (0.0, 500.0, True),
    "tilt_deg": (-90.0, 90.0, True),
    "retention_days": (0.0, math.inf, True),
    "repair_budget_thb": (0.0, math.inf, True),
}


@overload
def read_cameras(
    source: Any,
    *,
    columns: Mapping[str, str] | None = ...,
    crs: Any = ...,
    errors: Literal["raise"] = ...,
    area: Any = ...,
    sheet: str | int | None = ...,
) -> gpd.GeoDataFrame: ...
@overload
def read_cameras(
    source: Any,
    *,
    columns: Mapping[str, str] | None = ...,
    crs: Any = ...,
    errors: Literal["report"],
    area: Any = ...,
    sheet: str | int | None = ...,
) -> tuple[gpd.GeoDataFrame, ValidationReport]: ...


def read_cameras(
    source: Any,
    *,
    columns: Mapping[str, str] | None = None,
    crs: Any = None,
    errors: ErrorsMode = "raise",
    area: Any = None,
    sheet: str | int | None = None,
) -> gpd.GeoDataFrame | tuple[gpd.GeoDataFrame, ValidationReport]:
    """Read a camera survey into the canonical camera GeoDataFrame.

    Parameters
    ----------
    source : str, PathLike, DataFrame or GeoDataFrame
        ``.xlsx``, ``.csv`` (UTF-8, UTF-8 with BOM or Thai TIS-620/cp874), ``.gpkg``,
        ``.geojson``, ``.shp``, ``.osm`` (OpenStreetMap XML), a DataFrame, or a
        GeoDataFrame (including OSM features as ``osmnx.features_from_*`` returns them).
        Headers may be Thai or English (see ``docs/data-formats.md``); Thai digits,
        Buddhist-era years, Thai status words, DMS and WKT coordinates are understood.
    columns : mapping, optional
        Source header -> canonical column, overriding the built-in header aliases,
        e.g. ``{"จุดที่": "name"}``. Canonical names include ``latitude``,
        ``longitude``, ``coordinates`` (one "lat, lon" cell) and ``wkt``.
    crs : optional
        CRS of coordinate columns when they are not longitude/latitude, e.g. ``32647``
        for UTM easting/northing in ``x``/``y`` columns. GIS files carry their own CRS.
    errors : {"raise", "report"}
        ``"raise"`` raises one :class:`~cctvgeo.ValidationError` listing every error.
        ``"report"`` returns ``(cameras, report)``: unusable rows are left out of
        ``cameras`` and listed in ``report`` with the reason; bad values are cleared
        and listed. No row is ever dropped without appearing in the report.
    area : shapely geometry, GeoSeries or GeoDataFrame, optional
        Where the cameras should be (e.g. the province polygon). Points outside it are
        errors; a point that falls inside only when swapped is fixed and reported.
        A bare shapely geometry is taken to be in longitude/latitude.
    sheet : str or int, optional
        Excel sheet to read; the first by default.

    Returns
    -------
    GeoDataFrame or (GeoDataFrame, ValidationReport)
        Columns of :data:`SCHEMA`, then the source's other columns untouched, then
        ``geometry`` (points, in EPSG:4326 for latitude/longitude input). The index
        holds the source row: the spreadsheet row number for Excel and CSV (header =
        row 1), the feature number for GIS files, ``node/<id>`` for OSM.

    Raises
    ------
    ValidationError
        With ``errors="raise"``, when any error is found (warnings never raise).
    CctvgeoError
        When the source cannot be read at all: missing or empty file, unsupported
        format, no coordinate columns.

    Examples
    --------
    >>> import cctvgeo as cg
    >>> survey = cg.datasets.load_sample().survey_path
    >>> cams, report = cg.read_cameras(survey, errors="report")
    >>> print(report.summary())  # doctest: +ELLIPSIS
    angthong_survey.xlsx ...
    >>> cams.crs.to_epsg()
    4326
    """
    check_errors_mode(errors)
    table, mapping, notes = _read_source(source, columns, sheet)

    def adjust(values: dict[str, list[Any]]) -> None:
        if "heading_deg" in mapping and "sweep_deg" not in mapping:
            values["sweep_deg"] = [_sweep(c) for c in table.frame[mapping["heading_deg"]]]
        status = values.get("status") or [None] * len(table.frame)
        values["status"] = [v or "unknown" for v in status]

    cams, problems, report = parse_rows(
        table, mapping, schema=SCHEMA, parsers=_PARSERS, crs=crs, area=area, notes=notes,
        adjust=adjust,
    )  # fmt: skip
    fill_missing_ids(cams, "camera_id", mapping, report, what="camera")
    problems += _check(cams, area, placed=False)
    cams = _apply(cams, problems)
    return finish(
        cams, problems, report, table=table, mapping=mapping, schema=SCHEMA, errors=errors
    )


def _read_source(
    source: Any, columns: Mapping[str, str] | None, sheet: str | int | None
) -> tuple[RawTable, dict[str, str], list[str]]:
    if isinstance(source, str | os.PathLike) and Path(source).suffix.lower() == ".osm":
        path = Path(source)
        if not path.exists():
            raise CctvgeoError(f"File not found: {path}")
        table = osm.read_osm_xml(path)
    else:
        table = read_table(source, header_hint=CAMERA_HEADER_HINT, sheet=sheet)
    if osm.is_osm(table.frame):
        table = osm.to_survey(table)
        mapping = {c: c for c in table.frame.columns if c in SCHEMA}
        return table, mapping, []
    mapping, notes = match_headers(
        table.frame.columns, {**CAMERA_ALIASES, **COORDINATE_ALIASES}, columns
    )
    if columns is None or mapping.get("owner") not in columns:
        notes += _owner_or_agency(table.frame, mapping)
    if "camera_id" in mapping and table.frame[mapping["camera_id"]].map(cells.is_missing).all():
        notes.append(Note("empty_id_column", column=repr(mapping.pop("camera_id"))))
    return table, mapping, notes


def _owner_or_agency(frame: pd.DataFrame, mapping: dict[str, str]) -> list[str]:
    """An "owner" column of agency names (Baltimore's "BPD - Downtown") is the agency."""
    header = mapping.get("owner")
    if header is None:
        return []
    values = frame[header][~frame[header].map(cells.is_missing)]
    recognised = values.map(lambda v: cells.key(v) in cells.OWNER_WORDS)
    if len(values) == 0 or recognised.mean() >= 0.5:
        return []
    del mapping["owner"]
    if "agency" in mapping:
        return [Note("owner_names.kept", column=repr(header))]
    mapping["agency"] = header
    return [Note("owner_names.agency", column=repr(header))]


def _sweep(cell: Any) -> float:
    """The swept width of a heading cell written as a range ("90-270"); NaN otherwise."""
    try:
        return cells.heading(cell)[1]
    except cells.CellError:
        return math.nan  # the heading parser reports the cell


# --------------------------------------------------------------------------- validation


def validate_cameras(cams: gpd.GeoDataFrame, *, area: Any = None) -> ValidationReport:
    """Check a canonical camera GeoDataFrame and report every problem.

    Checks: missing or impossible coordinates, points outside ``area``, duplicate ids,
    duplicate positions with the same heading, values out of range (heading outside
    0-360, negative budget, ...), unknown status words, and, as a warning, retention
    shorter than :data:`cctvgeo.settings.min_retention_days`.

    Parameters
    ----------
    cams : GeoDataFrame
        Cameras in the canonical schema (as :func:`read_cameras` returns them).
    area : shapely geometry, GeoSeries or GeoDataFrame, optional
        Where the cameras should be; a bare geometry is taken as longitude/latitude.

    Returns
    -------
    ValidationReport
        Rows are the frame's index labels; columns are canonical names.

    Examples
    --------
    >>> import cctvgeo as cg
    >>> report = cg.validate_cameras(cg.datasets.load_sample().cameras)
    >>> report.ok
    True
    """
    missing = [c for c in ("camera_id", "status") if c not in cams.columns]
    if missing:
        raise CctvgeoError(
            f"cams lacks the column(s) {missing}; read it with cg.read_cameras(...) first."
        )
    return ValidationReport(source="cameras", problems=_check(cams, area), n_rows=len(cams))


def _check(cams: gpd.GeoDataFrame, area: Any, *, placed: bool = True) -> list[Problem]:
    """Every check of :func:`validate_cameras`.

    ``placed=False`` when the reader has already reported each row without a usable
    position (:func:`cctvgeo._read.positions.positions`), so it is not reported twice.
    """
    problems = _check_geometry(cams, area) if placed else []
    problems += _check_area(cams, area)
    problems += _check_ranges(cams)
    problems += _check_duplicates(cams)
    problems += _check_status(cams)
    if "retention_days" in cams:
        short = cams["retention_days"] < settings.min_retention_days
        problems += [
            Problem.coded(
                "retention_short", row, "retention_days", f"{v:g}", severity="warning",
                days=f"{v:g}", minimum=settings.min_retention_days,
            )
            for row, v in cams.loc[short.fillna(False), "retention_days"].items()
        ]  # fmt: skip
    return problems


def _check_geometry(cams: gpd.GeoDataFrame, area: Any) -> list[Problem]:
    """Missing and impossible positions in a frame given by the user."""
    geoms = cams.geometry.to_numpy()
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    problems = [
        Problem.coded("no_coordinates", row, "latitude", "", action="row dropped")
        for row in cams.index[missing]
    ]  # fmt: skip
    kinds = shapely.get_type_id(geoms)
    not_point = ~missing & (kinds != shapely.GeometryType.POINT)
    problems += [
        Problem.coded("shape_not_point", row, "geometry", geom.geom_type, action="row dropped")
        for row, geom in zip(cams.index[not_point], geoms[not_point], strict=True)
    ]  # fmt: skip
    if cams.crs is not None and cams.crs.is_geographic:
        lon, lat = _lonlat(geoms)
        bad = ~missing & ~not_point & ~coords.valid_lonlat(lon, lat)
        problems += [
            Problem.coded(
                "impossible_coordinates", row, "latitude", f"{la:g}, {lo:g}", action="row dropped"
            )
            for row, lo, la in zip(cams.index[bad], lon[bad], lat[bad], strict=True)
        ]  # fmt: skip
    return problems


def _lonlat(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The x and y of point geometries, NaN where missing, empty or not a point."""
    point = (shapely.get_type_id(geoms) == shapely.GeometryType.POINT) & ~shapely.is_empty(geoms)
    xy = np.full((len(geoms), 2), np.nan)
    xy[point] = shapely.get_coordinates(geoms[point])
    return xy[:, 0], xy[:, 1]


def _check_area(cams: gpd.GeoDataFrame, area: Any) -> list[Problem]:
    """Cameras with a possible position outside ``area``."""
    if area is None or cams.crs is None:
        return []
    geoms = cams.geometry.to_numpy()
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    if cams.crs.is_geographic:
        present &= coords.valid_lonlat(*_lonlat(geoms))
    region = area_geometry(area, cams.crs)
    outside = present & ~shapely.covers(region, np.where(present, geoms, None))
    return [
        Problem.coded("outside_area", row, "latitude", f"{g.y:g}, {g.x:g}", action="row dropped")
        for row, g in zip(cams.index[outside], geoms[outside], strict=True)
    ]  # fmt: skip


def _check_ranges(cams: gpd.GeoDataFrame) -> list[Problem]:
    problems = []
    for col, (low, high, low_inclusive) in _RANGES.items():
        if col not in cams:
            continue
        v = cams[col].to_numpy(dtype=float)
        with np.errstate(invalid="ignore"):
            below = v < low if low_inclusive else v <= low
            bad = ~np.isnan(v) & (np.isinf(v) | below | (v > high))  # infinite: never in range
        problems += [
            Problem.coded(
                "out_of_range",
                row,
                col,
                f"{value:g}",
                action="value cleared",
                what=f"what_range_{col}",
            )
            for row, value in zip(cams.index[bad], v[bad], strict=True)
        ]
    return problems


def _check_duplicates(cams: gpd.GeoDataFrame) -> list[Problem]:
    problems = duplicate_ids(cams, "camera_id", what="camera")
    return problems + _duplicate_positions(cams)


def _duplicate_positions(cams: gpd.GeoDataFrame) -> list[Problem]:
    """Cameras within settings.duplicate_distance_m of another with the same heading."""
    geoms = cams.geometry
    present = ~(geoms.isna() | geoms.is_empty).to_numpy()
    if cams.crs is not None and cams.crs.is_geographic:  # impossible positions are reported apart
        present &= coords.valid_lonlat(*_lonlat(geoms.to_numpy()))
    if present.sum() < 2 or cams.crs is None:
        return []
    metric = (
        geoms[present] if cams.crs.is_projected else geoms[present].to_crs(utm_crs(geoms[present]))
    )
    tree = shapely.STRtree(metric.to_numpy())
    left, right = tree.query(
        metric.to_numpy(), predicate="dwithin", distance=settings.duplicate_distance_m
    )
    keep = left < right
    heading = cams["heading_deg"].to_numpy(dtype=float)[present] if "heading_deg" in cams else None
    if heading is not None:
        a, b = heading[left[keep]], heading[right[keep]]
        same = (a == b) | (np.isnan(a) & np.isnan(b))
        left, right = left[keep][same], right[keep][same]
    else:
        left, right = left[keep], right[keep]
    rows = cams.index[present].tolist()
    return [
        Problem.coded(
            "same_position", rows[j], "camera_id",
            str(cams["camera_id"].iloc[np.flatnonzero(present)[j]]), severity="warning",
            first=rows[i],
        )
        for i, j in zip(left, right, strict=True)
    ]  # fmt: skip


def _check_status(cams: gpd.GeoDataFrame) -> list[Problem]:
    bad = ~cams["status"].isin(STATUSES)
    return [
        Problem.coded(
            "status_unknown", row, "status", str(v), action="value fixed",
            accepted=", ".join(STATUSES),
        )
        for row, v in cams.loc[bad, "status"].items()
    ]  # fmt: skip


def _apply(cams: gpd.GeoDataFrame, problems: list[Problem]) -> gpd.GeoDataFrame:
    """Carry out what the problems say: clear values, fix unknown statuses, drop rows."""
    out = apply_problems(cams, problems, SCHEMA)
    for p in problems:
        if p.row not in out.index:
            continue
        if p.column == "status" and p.action in ("value cleared", "value fixed"):
            out.loc[p.row, "status"] = "unknown"
        elif p.action == "value cleared" and p.column == "heading_deg" and "sweep_deg" in out:
            out.loc[p.row, "sweep_deg"] = np.nan
    return out


# --------------------------------------------------------------------------- writing


def write_cameras(cams: gpd.GeoDataFrame, path: str | os.PathLike[str]) -> Path:
    """Write cameras to GPKG, GeoJSON, CSV or XLSX, atomically.

    The file is written to a temporary name in the same folder and renamed into place,
    so a failure never leaves a half-written file. Unknown columns and Thai text are
    kept, and :func:`read_cameras` reads the file back to the same values. GPKG and
    GeoJSON keep the frame's CRS; CSV and XLSX hold the position as ``latitude`` and
    ``longitude`` in EPSG:4326, the last two columns. CSV is UTF-8 with a BOM so Excel
    shows Thai; XLSX keeps 15 significant digits, as Excel does.

    Parameters
    ----------
    cams : GeoDataFrame
        Cameras, typically from :func:`read_cameras`.
    path : str or PathLike
        Output file; its suffix (``.gpkg``, ``.geojson``, ``.csv``, ``.xlsx``) picks the format.

    Returns
    -------
    Path
        The path written.

    Examples
    --------
    >>> import tempfile, pathlib, cctvgeo as cg
    >>> cams = cg.datasets.load_sample().cameras
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "cameras.gpkg"
    >>> back = cg.read_cameras(cg.write_cameras(cams, out))
    >>> back["camera_id"].tolist() == cams["camera_id"].tolist()
    True
    """
    return _write.write_frame(cams, path, layer="cameras")
