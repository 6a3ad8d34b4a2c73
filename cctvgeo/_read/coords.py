"""Coordinates as people write them, and the detection of swapped latitude/longitude.

Surveys give positions as two columns, one "lat, lon" cell, degrees-minutes-seconds
or WKT, and often with latitude and longitude swapped. This module turns them into
arrays of longitude/latitude and reports every fix it makes.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from cctvgeo import settings
from cctvgeo._read.cells import NUMERAL, CellError, as_float, numeral, text

if TYPE_CHECKING:  # pragma: no cover
    from shapely import Geometry

_DMS = re.compile(
    r"""^\s*(?P<h1>[NSEWnsew])?\s*
    (?P<deg>[+-]?\d+(?:\.\d+)?)\s*(?:°|º|d|deg|\s)\s*
    (?:(?P<min>\d+(?:\.\d+)?)\s*(?:'|′|’|m|\s)\s*)?
    (?:(?P<sec>\d+(?:\.\d+)?)\s*(?:"|″|”|''|s)?\s*)?
    (?P<h2>[NSEWnsew])?\s*$""",
    re.VERBOSE,
)
_PAIR_SPLIT = re.compile(r"\s*[,;]\s*|\s+(?=[+-]?\d)")
_NUMERAL = re.compile(NUMERAL)


def coordinate(value: Any) -> tuple[float, str | None]:
    r"""Parse one coordinate: decimal degrees or degrees-minutes-seconds.

    Returns
    -------
    (degrees, axis)
        ``axis`` is ``"lat"`` or ``"lon"`` when a hemisphere letter says which one it is,
        else None. S and W give negative degrees.

    Examples
    --------
    >>> coordinate('14°35\'28.3"N')
    (14.591194444444445, 'lat')
    >>> coordinate("๑๐๐.๔๕")
    (100.45, None)
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        return as_float(value), None
    cleaned = text(value)
    if _NUMERAL.fullmatch(cleaned):  # decimal comma as in every numeric column: "14,5912"
        return numeral(cleaned), None
    try:
        return float(cleaned), None  # also "1e308" and "inf": range checks report them
    except ValueError:
        pass
    m = _DMS.match(cleaned)
    if m is None or (m.group("h1") and m.group("h2")):
        raise CellError("not_a_coordinate")
    deg = float(m.group("deg"))
    minutes = float(m.group("min") or 0.0)
    seconds = float(m.group("sec") or 0.0)
    if minutes >= 60 or seconds >= 60:
        raise CellError("dms_over_60")
    magnitude = abs(deg) + minutes / 60.0 + seconds / 3600.0
    hemisphere = (m.group("h1") or m.group("h2") or "").upper()
    sign = -1.0 if deg < 0 or hemisphere in {"S", "W"} else 1.0
    axis = {"N": "lat", "S": "lat", "E": "lon", "W": "lon"}.get(hemisphere)
    return sign * magnitude, axis


def pair(value: Any) -> tuple[float, float]:
    """Parse "lat, lon" written in one cell; hemisphere letters override the order.

    Examples
    --------
    >>> pair("14.5912, 100.4521")
    (14.5912, 100.4521)
    >>> pair("100°27'E 14°35'N")
    (14.583333333333334, 100.45)
    """
    parts = [p for p in _PAIR_SPLIT.split(text(value)) if p]
    if len(parts) != 2:
        raise CellError("not_a_pair")
    (a, axis_a), (b, axis_b) = coordinate(parts[0]), coordinate(parts[1])
    if axis_a == "lon" or axis_b == "lat":
        return b, a
    return a, b


@dataclass
class PointFixes:
    """What :func:`fix_swapped` changed: rows swapped, each with its reason (a label key)."""

    swapped: dict[int, str] = field(default_factory=dict)


def valid_lonlat(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Finite and inside the valid ranges (longitude ±180, latitude ±90)."""
    with np.errstate(invalid="ignore"):
        return np.isfinite(lon) & np.isfinite(lat) & (np.abs(lon) <= 180) & (np.abs(lat) <= 90)


def plausible_lonlat(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Valid and at a latitude where cameras are plausible (:data:`settings.plausible_latitude`)."""
    south, north = settings.plausible_latitude
    with np.errstate(invalid="ignore"):
        return valid_lonlat(lon, lat) & (lat >= south) & (lat <= north)


def fix_swapped(
    lon: np.ndarray, lat: np.ndarray, *, area: Geometry | None = None
) -> tuple[np.ndarray, np.ndarray, PointFixes]:
    """Swap latitude and longitude back on the rows where that is unambiguous.

    A row is swapped only when its reading as given is impossible or implausible and
    the swapped reading is plausible, by one of these tests, in order:

    1. as given it is out of range (|lat| > 90) and swapped it is valid;
    2. as given its latitude is outside :data:`settings.plausible_latitude` and swapped it is not;
    3. with ``area`` (lon/lat polygon): as given it is outside and swapped it is inside;
    4. without ``area``: as given it is far from the bulk of the other points (more than
       100 km and 10 times the median distance from the median point) and swapped it is
       within the bulk's spread.

    Parameters
    ----------
    lon, lat : ndarray
        Coordinates in degrees, NaN where missing.
    area : shapely geometry, optional
        Where the points should be, in longitude/latitude.

    Returns
    -------
    lon, lat : ndarray
        New arrays with the fixes applied.
    fixes : PointFixes
        Position of every swapped row and the reason.
    """
    lon, lat = lon.astype(float).copy(), lat.astype(float).copy()
    fixes = PointFixes()
    candidates = [
        (~valid_lonlat(lon, lat) & valid_lonlat(lat, lon), "what_swap_out_of_range"),
        (
            valid_lonlat(lon, lat) & ~plausible_lonlat(lon, lat) & plausible_lonlat(lat, lon),
            "what_swap_implausible",
        ),
    ]
    if area is not None:
        import shapely

        inside = shapely.contains_xy(area, lon, lat)
        inside_swapped = shapely.contains_xy(area, lat, lon)
        candidates.append((~inside & inside_swapped, "what_swap_area"))
    else:
        candidates.append((_outliers_fixed_by_swap(lon, lat), "what_swap_far"))
    for mask, reason in candidates:
        rows = np.flatnonzero(mask & ~np.isin(np.arange(lon.size), list(fixes.swapped)))
        for i in rows:
            fixes.swapped[int(i)] = reason
        lon[rows], lat[rows] = lat[rows], lon[rows].copy()
    return lon, lat, fixes


def far_from_others(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Points far from the bulk of the others, and every point's distance from the bulk.

    The bulk's centre is the median point of the plausible points; a point is far when it
    is more than 100 km and more than 10 times the median distance from that centre. With
    fewer than 5 plausible points nothing is far.

    Returns
    -------
    far : ndarray of bool
    distance_km : ndarray of float
        Distance from the centre (NaN without a centre or a plausible position).

    Examples
    --------
    >>> lon = np.array([100.45, 100.46, 100.47, 100.48, 100.5, -0.13])
    >>> lat = np.array([14.59, 14.6, 14.61, 14.62, 14.63, 51.51])
    >>> far_from_others(lon, lat)[0].tolist()
    [False, False, False, False, False, True]
    """
    ok = plausible_lonlat(lon, lat)
    if ok.sum() < 5:
        return np.zeros(lon.size, dtype=bool), np.full(lon.size, np.nan)
    d = _km_from_centre(lon, lat, lon[ok], lat[ok])
    spread = float(np.median(d[ok]))
    with np.errstate(invalid="ignore"):
        return ok & (d > max(100.0, 10.0 * spread)), np.where(ok, d, np.nan)


def _km_from_centre(
    lon: np.ndarray, lat: np.ndarray, bulk_lon: np.ndarray, bulk_lat: np.ndarray
) -> np.ndarray:
    """Approximate distance in km from the median point of the bulk (flat-earth, fine for outliers)."""
    centre = np.array([np.median(bulk_lon), np.median(bulk_lat)])
    km_per_deg = 111.32 * np.array([math.cos(math.radians(centre[1])), 1.0])
    with np.errstate(over="ignore", invalid="ignore"):  # 1e308 is just very far
        return np.hypot((lon - centre[0]) * km_per_deg[0], (lat - centre[1]) * km_per_deg[1])


def _outliers_fixed_by_swap(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Far points that, swapped, land among the bulk (the bulk measured without the far points)."""
    far, d_given = far_from_others(lon, lat)
    if not far.any():
        return far
    ok = plausible_lonlat(lon, lat)
    bulk = ok & ~far
    d_swapped = _km_from_centre(lat, lon, lon[ok], lat[ok])
    reach = float(np.percentile(d_given[bulk], 95))
    with np.errstate(invalid="ignore"):
        near_swapped = d_swapped <= max(reach, 1.0)
    return far & near_swapped & plausible_lonlat(lat, lon)
