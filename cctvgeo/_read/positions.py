"""Point positions for survey rows, from whatever the source offers.

Geometry of a GIS file, latitude/longitude columns (decimal or DMS, with a "lat, lon"
pair allowed in one cell), a one-cell coordinates column, or WKT (its axis order is
detected). Swapped latitude/longitude are fixed where unambiguous and reported.
Shared by every reader of located rows: cameras, risk points, requests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

from cctvgeo._errors import CctvgeoError, CRSError
from cctvgeo._read import cells, coords
from cctvgeo._read.cells import cell_problem
from cctvgeo._read.table import RawTable
from cctvgeo._validate import Note, Problem


def positions(
    table: RawTable, mapping: dict[str, str], crs: Any, area: Any, *, required: bool = True
) -> tuple[gpd.GeoSeries, set[str], list[Problem]]:
    """Point geometry for every row, from geometry, lat/lon, one-cell or WKT columns.

    Parameters
    ----------
    table : RawTable
        The rows as read.
    mapping : dict
        Canonical name -> source header; ``latitude``, ``longitude``, ``coordinates`` and
        ``wkt`` are used here.
    crs : optional
        CRS of coordinate columns that are not longitude/latitude.
    area : optional
        Where the points should be, used to decide swapped coordinates. Without it, a
        point far from all the others is reported and dropped (never moved).
    required : bool, default True
        Whether a row without coordinates is an error ("No coordinates.", row dropped).

    Returns
    -------
    geometry : GeoSeries
        Points on the table's index; None where a row has no usable position.
    used : set of str
        Source columns consumed as coordinates (the others stay as extra columns).
    problems : list of Problem
        Cells that are not coordinates, every swap fixed, and every row dropped: out of
        range (a lost decimal point, metres, ``inf``), far from the others, or without
        coordinates. Dropped rows have no geometry, so they take no part in choosing a
        UTM zone.

    Raises
    ------
    CRSError
        When most rows hold metres and no ``crs`` was given; the message names ``crs=``.
    """
    frame = table.frame
    n = len(frame)
    x = np.full(n, np.nan)
    y = np.full(n, np.nan)
    source_col = np.full(n, "", dtype=object)
    problems: list[Problem] = []
    used: set[str] = set()
    in_crs = pyproj.CRS.from_user_input(crs) if crs is not None else None

    if table.geometry is not None:
        in_crs = table.geometry.crs or in_crs
        if in_crs is None:
            raise CRSError(
                f"{table.source} has geometry but no CRS. Fix: pass crs= the CRS of its "
                "coordinates, e.g. crs=4326 for longitude/latitude."
            )
        gx, gy, geom_problems = _points_of(table.geometry, frame.index)
        problems += geom_problems
        x, y = gx, gy
        source_col[np.isfinite(x)] = "geometry"

    lat_col, lon_col = mapping.get("latitude"), mapping.get("longitude")
    if lat_col and lon_col:
        used |= {lat_col, lon_col}
        cx, cy, col_problems = _coordinate_columns(frame, lat_col, lon_col)
        problems += col_problems
        take = ~np.isfinite(x) & np.isfinite(cx)
        x[take], y[take] = cx[take], cy[take]
        source_col[take] = lat_col
    for kind in ("coordinates", "wkt"):
        col = mapping.get(kind)
        if col is None:
            continue
        cx, cy, col_problems = _single_column(frame[col], kind)
        if not np.isfinite(cx).any() and not col_problems:
            continue  # not coordinates after all (e.g. an address in "location"): keep as extra
        used.add(col)
        if kind == "wkt":
            cx, cy = _wkt_axis_order((cx, cy), (x, y), notes=table.notes, col=col)
        take = ~np.isfinite(x) & np.isfinite(cx)
        x[take], y[take] = cx[take], cy[take]
        source_col[take] = col
        problems += [p for p in col_problems if not np.isfinite(x[frame.index.get_loc(p.row)])]
    if not used and table.geometry is None:
        _no_coordinate_columns(table)
    if in_crs is None:
        _refuse_metres(x, y, table.source)
        in_crs = pyproj.CRS.from_epsg(4326)
    if in_crs.is_geographic:
        x, y, swap_problems = _fix_swaps(x, y, frame.index, source_col, area)
        problems += swap_problems
    column = mapping.get("latitude") or min(used, default="geometry")
    problems += _unusable(
        Located(x, y, frame.index.tolist(), source_col, in_crs), area, column if required else None
    )
    geometry = gpd.GeoSeries(gpd.points_from_xy(x, y), index=frame.index, crs=in_crs)
    geometry[~(np.isfinite(x) & np.isfinite(y))] = None
    return geometry, used, problems


def _no_coordinate_columns(table: RawTable) -> None:
    found = ", ".join(map(repr, table.frame.columns))
    raise CctvgeoError(
        f"{table.source} has no coordinate columns. Found: {found}. Add latitude and "
        "longitude columns (e.g. 'ละติจูด'/'ลองจิจูด' or 'lat'/'lon'), one 'พิกัด' cell "
        "with 'lat, lon', or a WKT column. Fix: name them with "
        "columns={'my header': 'latitude', ...}, or add such columns."
    )


def _unusable(located: Located, area: Any, unplaced_column: str | None) -> list[Problem]:
    """Rows dropped for their position: out of range, far from the others, or unplaced.

    Rows without coordinates are reported (under ``unplaced_column``) only when it is given.
    """
    problems = _out_of_range(located)
    if located.crs.is_geographic and area is None:
        problems += _far_outliers(located)
    if unplaced_column is not None:
        problems += _unplaced(located, problems, unplaced_column)
    return problems


@dataclass
class Located:
    """Coordinates of every row as read, with where each came from.

    Checks set ``x`` and ``y`` to NaN on the rows they drop, so the geometry made from
    them is missing there and no later step (the UTM zone, distances) sees the value.
    """

    x: np.ndarray
    y: np.ndarray
    labels: list[Any]
    source_col: np.ndarray
    crs: pyproj.CRS

    def drop(self, mask: np.ndarray) -> None:
        """Forget the coordinates of the rows in ``mask``."""
        self.x[mask] = np.nan
        self.y[mask] = np.nan


def _metres_like(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Values too large for degrees in both axes but of the size metres (UTM) are, below 1e10."""
    with np.errstate(invalid="ignore"):
        ax, ay = np.abs(x), np.abs(y)
        return (ax > 180) & (ay > 180) & (ax < 1e10) & (ay < 1e10)


def _refuse_metres(x: np.ndarray, y: np.ndarray, source: str) -> None:
    """Raise when most rows (over half) hold metres where degrees were expected: a projected file."""
    given = ~(np.isnan(x) & np.isnan(y))
    metres = _metres_like(x, y)
    if metres.sum() * 2 <= given.sum():
        return
    i = int(np.flatnonzero(metres)[0])
    raise CRSError(
        f"{source}: {int(metres.sum())} of {int(given.sum())} rows have coordinates in metres, "
        f"not degrees (first: x {x[i]:.12g}, y {y[i]:.12g}). Read the file with crs= the CRS of its "
        "columns, e.g. crs=32647 for UTM zone 47N (western Thailand) or crs=32648 for zone 48N "
        "(in a YAML config, crs: 32647). Fix: give crs=, or enter latitude and longitude in degrees."
    )


def _out_of_range(located: Located) -> list[Problem]:
    """Rows whose coordinates are no position on Earth (after any swap fix): reported and dropped."""
    x, y = located.x, located.y
    given = ~(np.isnan(x) & np.isnan(y))
    if located.crs.is_geographic:
        lon, lat = x, y
    else:
        to_lonlat = pyproj.Transformer.from_crs(located.crs, 4326, always_xy=True)
        with np.errstate(all="ignore"):
            lon, lat = to_lonlat.transform(np.where(given, x, 0.0), np.where(given, y, 0.0))
    bad = given & ~coords.valid_lonlat(np.asarray(lon, float), np.asarray(lat, float))
    crs: dict[str, Any] = {} if located.crs.is_geographic else {"crs": located.crs.name}
    code = "crs_out_of_range" if crs else "degrees_out_of_range"
    metres = _metres_like(x, y)
    variants = np.where(
        ~(np.isfinite(x) & np.isfinite(y)), f"{code}.not_finite",
        np.where(metres & located.crs.is_geographic, f"{code}.metres", code),
    )  # fmt: skip
    problems = [
        Problem.coded(
            str(variants[i]), located.labels[i], str(located.source_col[i]) or None,
            f"{y[i]:.12g}, {x[i]:.12g}", action="row dropped", **crs,
        )
        for i in np.flatnonzero(bad)
    ]  # fmt: skip
    located.drop(bad)
    return problems


def _far_outliers(located: Located) -> list[Problem]:
    """Points far from all the others (another country, a typing error): reported and dropped."""
    far, km = coords.far_from_others(located.x, located.y)
    problems = [
        Problem.coded(
            "far_from_others", located.labels[i], str(located.source_col[i]),
            f"{located.y[i]:.12g}, {located.x[i]:.12g}", action="row dropped", km=f"{km[i]:,.0f}",
        )
        for i in np.flatnonzero(far)
    ]  # fmt: skip
    located.drop(far)
    return problems


def _unplaced(located: Located, problems: list[Problem], column: str) -> list[Problem]:
    """Rows without coordinates that no earlier problem already drops."""
    dropped = {p.row for p in problems if p.action == "row dropped"}
    missing = ~(np.isfinite(located.x) & np.isfinite(located.y))
    return [
        Problem.coded("no_coordinates", located.labels[i], column, "", action="row dropped")
        for i in np.flatnonzero(missing)
        if located.labels[i] not in dropped
    ]  # fmt: skip


def _points_of(
    geometry: gpd.GeoSeries, index: pd.Index
) -> tuple[np.ndarray, np.ndarray, list[Problem]]:
    geoms = geometry.to_numpy()
    types = shapely.get_type_id(geoms)
    is_point = (types == shapely.GeometryType.POINT) & ~shapely.is_empty(geoms)
    x = np.where(is_point, shapely.get_x(np.where(is_point, geoms, None)), np.nan)
    y = np.where(is_point, shapely.get_y(np.where(is_point, geoms, None)), np.nan)
    problems = [
        Problem.coded(
            "geometry_not_point",
            row,
            "geometry",
            (shapely.get_type_id(g) >= 0 and g.geom_type) or "",
        )
        for row, g, ok in zip(
            index, geoms, is_point | (types < 0) | shapely.is_empty(geoms), strict=True
        )
        if not ok
    ]
    return x.astype(float), y.astype(float), problems


def _coordinate_columns(
    frame: pd.DataFrame, lat_col: str, lon_col: str
) -> tuple[np.ndarray, np.ndarray, list[Problem]]:
    """Longitude and latitude from two columns; a "lat, lon" pair in the latitude cell is accepted."""
    n = len(frame)
    lon, lat = np.full(n, np.nan), np.full(n, np.nan)
    problems: list[Problem] = []
    for i, (row, a, b) in enumerate(zip(frame.index, frame[lat_col], frame[lon_col], strict=True)):
        a_missing, b_missing = cells.is_missing(a), cells.is_missing(b)
        try:
            if b_missing and not a_missing and re.search(r"\d\s*[,;\s]\s*[+-]?\d", cells.text(a)):
                lat[i], lon[i] = coords.pair(a)
                continue
            if a_missing or b_missing:
                continue
        except cells.CellError as exc:
            problems.append(cell_problem(row, lat_col, a, exc))
            continue
        values = []
        for col, cell in ((lat_col, a), (lon_col, b)):
            try:
                values.append(coords.coordinate(cell))
            except cells.CellError as exc:
                problems.append(cell_problem(row, col, cell, exc))
        if len(values) == 2:
            (va, axis_a), (vb, axis_b) = values
            lat[i], lon[i] = (vb, va) if axis_a == "lon" or axis_b == "lat" else (va, vb)
    return lon, lat, problems


def _single_column(series: pd.Series, kind: str) -> tuple[np.ndarray, np.ndarray, list[Problem]]:
    """Coordinates from one column of "lat, lon" cells or of WKT points (x, y as written)."""
    n = len(series)
    x, y = np.full(n, np.nan), np.full(n, np.nan)
    problems: list[Problem] = []
    present = ~series.map(cells.is_missing).to_numpy(dtype=bool)
    if kind == "wkt":
        texts = series.map(cells.text).to_numpy(dtype=object)
        looks_wkt = np.array(
            [bool(re.match(r"^\s*(SRID=\d+;)?\s*POINT\b", t, re.I)) for t in texts]
        )
        if not looks_wkt[present].any():
            return x, y, []
        geoms = shapely.from_wkt(np.where(looks_wkt, texts, None), on_invalid="ignore")
        ok = ~shapely.is_missing(geoms) & ~shapely.is_empty(geoms)
        x[ok], y[ok] = shapely.get_x(geoms[ok]), shapely.get_y(geoms[ok])
        bad = present & ~ok
        problems = [
            Problem.coded("not_a_wkt_point", row, str(series.name), str(v), action="row dropped")
            for row, v in series[bad].items()
        ]
        return x, y, problems
    for i, (row, cell) in enumerate(series.items()):
        if not present[i]:
            continue
        try:
            y[i], x[i] = coords.pair(cell)
        except cells.CellError as exc:
            problems.append(cell_problem(row, str(series.name), cell, exc))
    if not np.isfinite(x).any():
        return x, y, []
    return x, y, problems


def _wkt_axis_order(
    wkt_xy: tuple[np.ndarray, np.ndarray],
    xy: tuple[np.ndarray, np.ndarray],
    *,
    notes: list[str],
    col: str,
) -> tuple[np.ndarray, np.ndarray]:
    """Detect a WKT column written latitude first, by the lat/lon columns or by plausibility."""
    (wx, wy), (x, y) = wkt_xy, xy
    both = np.isfinite(wx) & np.isfinite(x)
    if both.any():
        as_is = np.isclose(wx[both], x[both]) & np.isclose(wy[both], y[both])
        swapped = np.isclose(wx[both], y[both]) & np.isclose(wy[both], x[both])
        lat_first = swapped.sum() > as_is.sum()
    else:
        finite = np.isfinite(wx)
        plausible_as_is = (
            coords.plausible_lonlat(wx[finite], wy[finite]).mean() if finite.any() else 1.0
        )
        plausible_swapped = (
            coords.plausible_lonlat(wy[finite], wx[finite]).mean() if finite.any() else 0.0
        )
        lat_first = plausible_swapped > 0.5 > plausible_as_is
    if lat_first:
        notes.append(Note("wkt_lat_first", column=repr(col)))
        return wy, wx
    return wx, wy


def _fix_swaps(
    x: np.ndarray, y: np.ndarray, index: pd.Index, source_col: np.ndarray, area: Any
) -> tuple[np.ndarray, np.ndarray, list[Problem]]:
    area_lonlat = area_geometry(area, 4326)
    lon, lat, fixes = coords.fix_swapped(x, y, area=area_lonlat)
    labels = index.tolist()  # plain Python labels, as every other problem carries
    problems = [
        Problem.coded(
            "coordinates_swapped", labels[i], str(source_col[i]), f"{y[i]:g}, {x[i]:g}",
            severity="warning", action="value fixed", what=reason, lat=f"{lat[i]:g}",
            lon=f"{lon[i]:g}",
        )
        for i, reason in sorted(fixes.swapped.items())
    ]  # fmt: skip
    return lon, lat, problems


def area_geometry(area: Any, crs: Any) -> shapely.Geometry | None:
    """The area as one polygonal shapely geometry in ``crs``; bare geometries are taken as lon/lat.

    Raises
    ------
    CctvgeoError
        When the area is a table without geometry, or holds no polygon (points, lines).
    CRSError
        When a GeoDataFrame or GeoSeries area has no CRS.
    """
    if area is None:
        return None
    import geopandas as gpd
    import pandas as pd

    if isinstance(area, pd.DataFrame) and not isinstance(area, gpd.GeoDataFrame):
        raise CctvgeoError(
            "area is a table without shapes. Fix: give the boundary as a polygon file "
            "(GeoPackage, GeoJSON, shapefile) or a shapely polygon."
        )
    if isinstance(area, gpd.GeoDataFrame | gpd.GeoSeries):
        if area.crs is None:
            raise CRSError("area has no CRS. Fix: set it with area.set_crs(...).")
        region = shapely.union_all(area.to_crs(crs).geometry.to_numpy())
    elif isinstance(area, shapely.Geometry):
        region = gpd.GeoSeries([area], crs=4326).to_crs(crs).iloc[0]
    else:
        raise TypeError(
            f"area must be a shapely geometry, GeoSeries or GeoDataFrame, not {type(area).__name__}."
        )
    if shapely.area(region) <= 0:
        raise CctvgeoError(
            f"area holds no polygon ({region.geom_type}). Fix: give the boundary polygon "
            "(e.g. the province), not points or lines."
        )
    return region
