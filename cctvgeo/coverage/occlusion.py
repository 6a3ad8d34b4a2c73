"""Clip camera footprints by what stands in the way: buildings, and optionally terrain.

:func:`occlude` removes from each footprint every building and the ground hidden behind
it as seen from the camera (its *shadow*). Buildings are taken as taller than the camera
(Thai shophouses of 3-4 storeys are 10-14 m high; cameras hang at 3-6 m), so a shadow
runs to the far edge of the footprint. The shadow of a polygon seen from a point is the
union of the shadows of its edges that face the point; each edge's shadow is the
quadrilateral between the edge and its projection away from the camera. All shadows are
built at once with numpy and shapely, found with an STRtree, unioned per footprint with
one vectorised ``union_all`` per size class, and subtracted in one call. The result is
exact for any polygonal building, convex or not.

:func:`clip_to_viewshed` clips footprints by a line-of-sight viewshed over a DEM or DSM
raster (rasterio) for hilly terrain. See ``docs/footprints.md``.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from cctvgeo import settings
from cctvgeo._errors import CRSError
from cctvgeo._validate import require_projected, require_same_crs
from cctvgeo.coverage.dori import LEVEL_INDEX_NAME

if TYPE_CHECKING:  # pragma: no cover
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float64]
    ObjArray = npt.NDArray[np.object_]

__all__ = ["clip_to_viewshed", "occlude"]

#: Rays between the two ends of an edge used to close its shadow beyond the footprint.
_SHADOW_RAYS = 4

REASON_OUTSIDE_DEM = "camera outside the DEM or on a no-data cell: not clipped by terrain"
REASON_HIDDEN_BY_BUILDINGS = "hidden by buildings: every part of the footprint is behind one"
REASON_HIDDEN_BY_TERRAIN = "hidden by terrain: no cell of the footprint is visible in the DEM"


def _camera_xy(
    footprints: gpd.GeoDataFrame, cams: gpd.GeoDataFrame
) -> tuple[FloatArray, FloatArray]:
    """Return each footprint row's camera position, matched on the cameras' index."""
    labels = footprints.index
    if isinstance(labels, pd.MultiIndex) and LEVEL_INDEX_NAME in labels.names:
        labels = labels.droplevel(LEVEL_INDEX_NAME)
    if not cams.index.is_unique:
        raise ValueError("cams has a duplicated index; footprints are matched to cameras on it.")
    pos = cams.index.get_indexer(labels)
    if (pos < 0).any():
        missing = list(labels[pos < 0][:5])
        raise ValueError(
            f"footprints rows {missing} have no camera in cams with the same index; pass the "
            "cameras the footprints were made from."
        )
    geom = cams.geometry.to_numpy()[pos]
    return shapely.get_x(geom), shapely.get_y(geom)


def occlude(
    footprints: gpd.GeoDataFrame,
    cams: gpd.GeoDataFrame,
    buildings: gpd.GeoDataFrame | gpd.GeoSeries,
) -> gpd.GeoDataFrame:
    """Remove buildings and the ground they hide from the cameras' footprints.

    A camera does not see through a building: each footprint loses every building polygon
    it reaches and the building's shadow, the ground behind it as seen from the camera,
    out to the far edge. Buildings are treated as taller than the camera. A building
    within :data:`cctvgeo.settings.occlusion_mount_tolerance_m` of a camera is taken as
    the one the camera is mounted on and does not occlude it.

    Parameters
    ----------
    footprints : GeoDataFrame
        Output of :func:`cctvgeo.coverage.fields_of_view` (one level, or several on a
        MultiIndex whose other levels are the cameras' index).
    cams : GeoDataFrame
        The cameras the footprints were made from (matched on the index).
    buildings : GeoDataFrame or GeoSeries
        Building polygons (MultiPolygons are split into parts), same projected CRS.

    Returns
    -------
    GeoDataFrame
        A copy of ``footprints`` with clipped geometry (a Polygon or MultiPolygon) and an
        ``occluded_share`` column: the share of each footprint's area removed (NaN for an
        empty footprint). A footprint hidden entirely becomes empty and its ``reason``
        says so.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely import Point, box
    >>> from cctvgeo.coverage import fields_of_view
    >>> cams = gpd.GeoDataFrame({"heading_deg": [90.0], "tilt_deg": [5.0]},
    ...                         geometry=[Point(0, 0)], crs=32647)
    >>> fp = fields_of_view(cams, level="detect")
    >>> house = gpd.GeoSeries([box(10, -5, 20, 5)], crs=32647)
    >>> clipped = occlude(fp, cams, house)
    >>> bool(clipped.geometry.iloc[0].contains(Point(25, 0)))
    False
    """
    require_projected(footprints, "footprints")
    require_same_crs(footprints=footprints, cams=cams, buildings=buildings)
    x, y = _camera_xy(footprints, cams)
    return _occlude_rows(footprints, x, y, buildings)


def _occlude_rows(
    footprints: gpd.GeoDataFrame,
    x: FloatArray,
    y: FloatArray,
    buildings: gpd.GeoDataFrame | gpd.GeoSeries,
) -> gpd.GeoDataFrame:
    fp = footprints.geometry.to_numpy()
    live = ~(shapely.is_empty(fp) | shapely.is_missing(fp)) & np.isfinite(x) & np.isfinite(y)
    rows = np.nonzero(live)[0]
    hidden = _shadows(fp[rows], x[rows], y[rows], buildings.geometry.to_numpy())
    clipped = fp.copy()
    has = hidden != None  # noqa: E711
    try:
        clipped[rows[has]] = shapely.difference(fp[rows[has]], hidden[has])
    except shapely.errors.GEOSException:  # rare robustness failure: snap to a 1 um grid
        clipped[rows[has]] = shapely.difference(fp[rows[has]], hidden[has], grid_size=1e-6)
    clipped[rows[has]] = _polygonal(clipped[rows[has]])
    before = shapely.area(fp)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(before > 0, 1.0 - shapely.area(clipped) / before, np.nan)
    out = footprints.copy()
    out["occluded_share"] = np.clip(share, 0.0, 1.0)
    _add_reason(out, live & (shapely.area(clipped) <= 0), REASON_HIDDEN_BY_BUILDINGS)
    return out.set_geometry(gpd.GeoSeries(clipped, index=out.index, crs=footprints.crs))


def _add_reason(out: gpd.GeoDataFrame, mask: npt.NDArray[np.bool_], text: str) -> None:
    """Append ``text`` to the ``reason`` of the rows in ``mask`` (in place on ``out``)."""
    if not mask.any():
        return
    if "reason" in out.columns:
        old = out["reason"].astype("str")
    else:
        old = pd.Series(pd.NA, index=out.index, dtype="str")
    new = old.copy()
    new[mask & old.isna().to_numpy()] = text
    both = mask & old.notna().to_numpy()
    new[both] = old[both] + "; " + text
    out["reason"] = new


def _polygonal(geoms: ObjArray) -> ObjArray:
    """Keep only the polygonal parts of difference results (drop slivers of lower dimension)."""
    kind = shapely.get_type_id(geoms)
    odd = np.nonzero(~np.isin(kind, (3, 6)) & ~shapely.is_empty(geoms))[0]
    if len(odd):
        parts, owner = shapely.get_parts(geoms[odd], return_index=True)
        areal = np.isin(shapely.get_type_id(parts), (3, 6))
        fixed = np.full(len(odd), shapely.Polygon(), dtype=object)
        merged = _grouped_union(parts[areal], owner[areal], len(odd))
        has = merged != None  # noqa: E711
        fixed[has] = merged[has]
        geoms = geoms.copy()
        geoms[odd] = fixed
    return geoms


def _shadows(fp: ObjArray, cx: FloatArray, cy: FloatArray, bgeoms: ObjArray) -> ObjArray:
    """Return, per footprint, the union of the building shadows that reach it (or None)."""
    n = len(fp)
    result = np.full(n, None, dtype=object)
    parts = shapely.get_parts(bgeoms[~shapely.is_missing(bgeoms)])
    parts = parts[(shapely.get_type_id(parts) == 3) & ~shapely.is_empty(parts)]
    if n == 0 or len(parts) == 0:
        return result
    parts = shapely.orient_polygons(parts, exterior_cw=False)
    cam = shapely.points(cx, cy)

    # Camera-building pairs: buildings inside the convex hull of camera and footprint.
    view = shapely.convex_hull(shapely.union(fp, cam))
    row, part = shapely.STRtree(parts).query(view, predicate="intersects")
    mounted = shapely.dwithin(parts[part], cam[row], settings.occlusion_mount_tolerance_m)
    row, part = row[~mounted], part[~mounted]
    if len(row) == 0:
        return result

    # Edges of the buildings' exterior rings (counter-clockwise: inside on the left).
    xy, ring = shapely.get_coordinates(shapely.get_exterior_ring(parts), return_index=True)
    same = ring[:-1] == ring[1:]
    ea, eb, epart = xy[:-1][same], xy[1:][same], ring[:-1][same]
    ecount = np.bincount(epart, minlength=len(parts))
    eoff = np.cumsum(ecount) - ecount

    # Every (pair, edge).
    cnt = ecount[part]
    prow = np.repeat(row, cnt)
    local = np.arange(int(cnt.sum())) - np.repeat(np.cumsum(cnt) - cnt, cnt)
    edge = np.repeat(eoff[part], cnt) + local
    a, b = ea[edge], eb[edge]
    c = np.column_stack((cx[prow], cy[prow]))
    ab, ac = b - a, c - a
    cross = ab[:, 0] * ac[:, 1] - ab[:, 1] * ac[:, 0]
    scale = np.hypot(*ab.T) * np.hypot(*ac.T)
    front = cross < -1e-9 * scale  # camera on the outer side of the edge: the edge faces it
    prow, a, b, c = prow[front], a[front], b[front], c[front]
    if len(prow) == 0:
        return result

    # Shadow quadrilateral of each edge: a, b, then points on the rays through b ... a,
    # beyond the footprint. Rays are at most span/(k+1) apart at distance L, so the chords
    # between them stay beyond radius L*cos(step/2) >= the footprint's farthest point.
    bounds = shapely.bounds(fp)
    corners_x = np.stack((bounds[:, 0], bounds[:, 2]), axis=1) - cx[:, None]
    corners_y = np.stack((bounds[:, 1], bounds[:, 3]), axis=1) - cy[:, None]
    reach = np.sqrt(
        np.max(corners_x**2, axis=1) + np.max(corners_y**2, axis=1)
    )  # farthest bbox corner
    ta = np.arctan2(a[:, 1] - c[:, 1], a[:, 0] - c[:, 0])
    tb = np.arctan2(b[:, 1] - c[:, 1], b[:, 0] - c[:, 0])
    span = np.mod(tb - ta + math.pi, 2 * math.pi) - math.pi
    k = _SHADOW_RAYS + 1
    dmax = np.maximum(np.hypot(*(a - c).T), np.hypot(*(b - c).T))
    length = np.maximum(reach[prow], dmax) * 1.01 + 1.0
    length = length / np.cos(np.abs(span) / (2 * k))
    steps = np.arange(k, -1, -1) / k  # from b back to a
    theta = ta[:, None] + span[:, None] * steps[None, :]
    far_x = c[:, 0, None] + length[:, None] * np.cos(theta)
    far_y = c[:, 1, None] + length[:, None] * np.sin(theta)
    quad = np.empty((len(prow), k + 3, 2))
    quad[:, 0], quad[:, 1] = a, b
    quad[:, 2:, 0], quad[:, 2:, 1] = far_x, far_y
    shadows = shapely.polygons(quad)

    return _grouped_union(shadows, prow, n)


def _grouped_union(geoms: ObjArray, group: npt.NDArray[np.int64], n: int) -> ObjArray:
    """Union geometries by group number, vectorised per size class (powers of two)."""
    result = np.full(n, None, dtype=object)
    if len(geoms) == 0:
        return result
    order = np.argsort(group, kind="stable")
    group, geoms = group[order], geoms[order]
    groups, first, counts = np.unique(group, return_index=True, return_counts=True)
    size_class = np.ceil(np.log2(counts)).astype(np.int64)
    for cls in np.unique(size_class):  # at most ~30 classes, each one vectorised call
        sel = np.nonzero(size_class == cls)[0]
        width = int(counts[sel].max())
        cnt = counts[sel]
        r = np.repeat(np.arange(len(sel)), cnt)
        col = np.arange(int(cnt.sum())) - np.repeat(np.cumsum(cnt) - cnt, cnt)
        table = np.full((len(sel), width), None, dtype=object)
        table[r, col] = geoms[np.repeat(first[sel], cnt) + col]
        try:
            result[groups[sel]] = shapely.union_all(table, axis=1)
        except shapely.errors.GEOSException:  # rare robustness failure: snap to a 1 um grid
            result[groups[sel]] = shapely.union_all(table, axis=1, grid_size=1e-6)
    return result


# --------------------------------------------------------------------------- DEM viewshed


def clip_to_viewshed(
    footprints: gpd.GeoDataFrame,
    cams: gpd.GeoDataFrame,
    dem: Any,
    *,
    band: int = 1,
    target_height_m: float | None = None,
) -> gpd.GeoDataFrame:
    """Clip footprints to the ground each camera can see over a DEM or DSM raster.

    For every raster cell under a footprint, the line of sight from the camera (its cell's
    elevation plus its mounting height) to the cell (elevation plus ``target_height_m``)
    is sampled every half cell; the cell is visible when no sample rises above the line.
    The visible cells become polygons (:func:`rasterio.features.shapes`) and the footprint
    is intersected with them, so the result follows the cell edges. A DSM (with buildings
    and trees) gives occlusion by everything in it; a DEM by terrain only.

    This is for hilly terrain and for a subset of cameras: each camera is processed in
    turn (vectorised over its cells). Needs ``rasterio``.

    Parameters
    ----------
    footprints : GeoDataFrame
        Output of :func:`cctvgeo.coverage.fields_of_view` (uses its ``height_m`` column).
    cams : GeoDataFrame
        The cameras the footprints were made from (matched on the index).
    dem : str, Path or rasterio dataset
        Elevation raster (metres) in the footprints' CRS.
    band : int, default 1
        Raster band holding elevations.
    target_height_m : float, optional
        Height of the target above the ground; default
        :data:`cctvgeo.settings.viewshed_target_height_m` (0: the ground itself).

    Returns
    -------
    GeoDataFrame
        A copy of ``footprints`` with clipped geometry and a ``terrain_hidden_share``
        column. A camera outside the raster or on a no-data cell keeps its footprint and
        its ``reason`` says so.

    Examples
    --------
    >>> import numpy as np, rasterio, tempfile, os
    >>> import geopandas as gpd
    >>> from rasterio.transform import Affine
    >>> from shapely import Point
    >>> from cctvgeo.coverage import fields_of_view
    >>> cams = gpd.GeoDataFrame({"heading_deg": [90.0], "tilt_deg": [5.0]},
    ...                         geometry=[Point(0.5, 0.5)], crs=32647)
    >>> fp = fields_of_view(cams, level="detect")
    >>> z = np.zeros((80, 80), dtype="float32"); z[:, 60] = 20.0  # a wall at x = 20
    >>> path = os.path.join(tempfile.mkdtemp(), "dem.tif")
    >>> with rasterio.open(path, "w", driver="GTiff", height=80, width=80, count=1,
    ...                    dtype="float32", crs="EPSG:32647",
    ...                    transform=Affine(1, 0, -40, 0, -1, 40)) as dst:
    ...     dst.write(z, 1)
    >>> seen = clip_to_viewshed(fp, cams, path)
    >>> bool(seen.geometry.iloc[0].contains(Point(30, 0.5)))
    False
    """
    import rasterio
    from rasterio.crs import CRS

    require_projected(footprints, "footprints")
    require_same_crs(footprints=footprints, cams=cams)
    target_h = settings.viewshed_target_height_m if target_height_m is None else target_height_m
    x, y = _camera_xy(footprints, cams)
    if "height_m" in footprints.columns:
        heights = footprints["height_m"].to_numpy(dtype=float, na_value=np.nan)
    else:
        heights = np.full(len(footprints), np.nan)
    heights = np.where(np.isfinite(heights), heights, settings.default_height_m)

    own = isinstance(dem, str | Path)
    src = rasterio.open(dem) if own else dem
    try:
        if src.crs is None or CRS.from_user_input(footprints.crs) != src.crs:
            raise CRSError(
                f"dem is in {src.crs} but footprints are in {footprints.crs.name}; "
                "reproject the raster (gdalwarp) or the footprints to one metric CRS."
            )
        fp = footprints.geometry.to_numpy()
        clipped = fp.copy()
        outside = np.zeros(len(fp), dtype=bool)
        for i in np.nonzero(~(shapely.is_empty(fp) | shapely.is_missing(fp)))[0]:
            seen = _visible_area(
                src, fp[i], x[i], y[i], band=band, height=heights[i], target_h=target_h
            )
            if seen is None:
                outside[i] = True
            else:
                clipped[i] = shapely.intersection(fp[i], seen)
    finally:
        if own:
            src.close()
    clipped = _polygonal(np.asarray(clipped, dtype=object))
    before = shapely.area(fp)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(before > 0, 1.0 - shapely.area(clipped) / before, np.nan)
    out = footprints.copy()
    out["terrain_hidden_share"] = np.clip(share, 0.0, 1.0)
    _add_reason(out, outside, REASON_OUTSIDE_DEM)
    _add_reason(out, (before > 0) & (shapely.area(clipped) <= 0), REASON_HIDDEN_BY_TERRAIN)
    return out.set_geometry(gpd.GeoSeries(clipped, index=out.index, crs=footprints.crs))


def _visible_area(
    src: Any,
    footprint: Any,
    cx: float,
    cy: float,
    *,
    band: int,
    height: float,
    target_h: float,
) -> Any:
    """Return the union of the cells one camera sees, or None if it stands off the raster."""
    from rasterio import features, windows
    from rasterio.transform import Affine

    g = src.transform
    if g.b != 0 or g.d != 0:
        raise ValueError("dem is rotated; warp it to a north-up grid first (gdalwarp).")
    minx, miny, maxx, maxy = footprint.bounds
    xs = sorted(((min(minx, cx) - g.c) / g.a, (max(maxx, cx) - g.c) / g.a))
    ys = sorted(((min(miny, cy) - g.f) / g.e, (max(maxy, cy) - g.f) / g.e))
    col0, col1 = max(math.floor(xs[0]), 0), min(math.ceil(xs[1]), src.width)
    row0, row1 = max(math.floor(ys[0]), 0), min(math.ceil(ys[1]), src.height)
    if col1 <= col0 or row1 <= row0:
        return None
    win = windows.Window(col0, row0, col1 - col0, row1 - row0)
    z = src.read(band, window=win, masked=True).astype(float)
    nodata = np.ma.getmaskarray(z)
    zf = np.ma.filled(z, np.nan)
    # The window's transform, written out: rasterio's helpers warn under affine 3.
    tr = Affine(g.a, 0.0, g.c + col0 * g.a, 0.0, g.e, g.f + row0 * g.e)
    nrow, ncol = zf.shape
    inv = ~tr
    ccol = math.floor(inv.a * cx + inv.b * cy + inv.c)
    crow = math.floor(inv.d * cx + inv.e * cy + inv.f)
    if not (0 <= crow < nrow and 0 <= ccol < ncol) or nodata[crow, ccol]:
        return None
    z_obs = zf[crow, ccol] + height

    rr = np.repeat(np.arange(nrow), ncol)
    cc = np.tile(np.arange(ncol), nrow)
    tx = tr.c + (cc + 0.5) * tr.a + (rr + 0.5) * tr.b
    ty = tr.f + (cc + 0.5) * tr.d + (rr + 0.5) * tr.e
    dist = np.hypot(tx - cx, ty - cy)
    cell = min(abs(tr.a), abs(tr.e))
    nsamp = max(2, math.ceil(float(dist.max()) / (0.5 * cell)))
    t = np.arange(1, nsamp) / nsamp
    target_slope = (zf[rr, cc] + target_h - z_obs) / np.maximum(dist, 1e-9)
    visible = np.zeros(len(rr), dtype=bool)
    chunk = max(1, 2_000_000 // len(t))
    for lo in range(0, len(rr), chunk):  # bounded memory; vectorised within each chunk
        sl = slice(lo, lo + chunk)
        sx = cx + t[None, :] * (tx[sl, None] - cx)
        sy = cy + t[None, :] * (ty[sl, None] - cy)
        scol = np.floor(inv.a * sx + inv.b * sy + inv.c).astype(np.int64)
        srow = np.floor(inv.d * sx + inv.e * sy + inv.f).astype(np.int64)
        inside = (srow >= 0) & (srow < nrow) & (scol >= 0) & (scol < ncol)
        own = ((srow == rr[sl, None]) & (scol == cc[sl, None])) | ((srow == crow) & (scol == ccol))
        zs = np.where(inside, zf[np.clip(srow, 0, nrow - 1), np.clip(scol, 0, ncol - 1)], np.nan)
        zs = np.where(own, np.nan, zs)
        slope = (zs - z_obs) / (t[None, :] * dist[sl, None])
        blocked = np.nanmax(np.where(np.isnan(slope), -np.inf, slope), axis=1)
        visible[sl] = target_slope[sl] >= blocked - 1e-12
    visible &= ~nodata[rr, cc]
    visible[(rr == crow) & (cc == ccol)] = True
    mask = visible.reshape(nrow, ncol)
    polys = [
        shapely.geometry.shape(geom)
        for geom, _ in features.shapes(mask.astype(np.uint8), mask=mask, transform=tr)
    ]
    return shapely.union_all(polys) if polys else shapely.Polygon()
