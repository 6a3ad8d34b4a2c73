"""The measuring engine of coverage: lengths of lines inside polygons, without a union.

Shared by :mod:`cctvgeo.coverage.network` (roads), :mod:`cctvgeo.coverage.gaps`,
:mod:`cctvgeo.coverage.targets` (points and routes) and :mod:`cctvgeo.coverage.matrix`;
the method is described in :mod:`cctvgeo.coverage.network`. Also the one check of the
geometries these functions measure (:func:`_geometry_problems`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from cctvgeo import settings
from cctvgeo._validate import Problem

if TYPE_CHECKING:  # pragma: no cover
    from numpy.typing import NDArray

_LINE_TYPES = ("LineString", "MultiLineString")
_POLYGON_TYPES = ("Polygon", "MultiPolygon")
# Names of shapely.get_type_id codes 0..7.
_TYPE_NAMES = (
    "Point",
    "LineString",
    "LinearRing",
    "Polygon",
    "MultiPoint",
    "MultiLineString",
    "MultiPolygon",
    "GeometryCollection",
)
# Gap between consecutive lines on the virtual axis used to merge intervals of many lines
# in one sorted pass; any positive value keeps the lines apart.
_AXIS_SEPARATION = 1.0
# Positions along lines are summed in whole units of this many metres (2**-30, about 1e-9 m)
# as integers: exact, so where a line is cut does not depend on the lines before it (a road
# lying along a footprint's edge is then in or out of it whatever the order of the roads).
_UNIT_M = 2.0**-30


def _line_axis(
    lines: NDArray[np.object_],
) -> tuple[NDArray[np.float64], NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
    """Coordinates of all ``lines`` on one increasing axis, in whole units of ``_UNIT_M``.

    Returns ``coords`` (n_vertices, 2), ``q`` (the position of each vertex on a virtual
    axis that runs through every line in turn, with a gap of ``_AXIS_SEPARATION`` between
    lines, in integer units), ``q0`` (the axis position of each line's start) and
    ``length`` (each line's planar length in metres, from the same units). Integer sums are
    exact, so a vertex's position on its own line, ``q - q0``, does not depend on the
    other lines measured with it.
    """
    coords, vidx = shapely.get_coordinates(lines, return_index=True)
    step = np.hypot(np.diff(coords[:, 0]), np.diff(coords[:, 1]))
    units = np.rint(step / _UNIT_M).astype(np.int64)
    units[vidx[1:] != vidx[:-1]] = round(_AXIS_SEPARATION / _UNIT_M)
    q = np.concatenate([np.zeros(1, dtype=np.int64), np.cumsum(units)])
    n = len(lines)
    counts = np.bincount(vidx, minlength=n)
    first = np.concatenate([[0], np.cumsum(counts)[:-1]])
    last = first + counts - 1
    q0 = q[first]
    length = (q[last] - q0) * _UNIT_M
    return coords, q, q0, length


def _substrings(
    lines: NDArray[np.object_],
    line_idx: NDArray[np.intp],
    starts: NDArray[np.float64],
    ends: NDArray[np.float64],
) -> NDArray[np.object_]:
    """Cut the parts of ``lines[line_idx]`` between ``starts`` and ``ends`` metres (vectorised).

    Every requested piece must satisfy ``0 <= start < end <= length`` of its line. The
    result keeps the line's direction and every vertex of the line strictly inside the
    piece; the two ends are interpolated linearly, as :func:`shapely.ops.substring` does.
    """
    if len(line_idx) == 0:
        return np.empty(0, dtype=object)
    coords, q, q0, _ = _line_axis(lines)
    sq = q0[line_idx] + np.rint(starts / _UNIT_M).astype(np.int64)
    eq = q0[line_idx] + np.rint(ends / _UNIT_M).astype(np.int64)
    j = np.searchsorted(q, sq, side="right") - 1  # last vertex at or before the start
    k = np.searchsorted(q, eq, side="left")  # first vertex at or after the end
    j = np.clip(j, 0, len(q) - 2)
    k = np.clip(k, 1, len(q) - 1)
    # Differences of whole units on one line: the cut is the same point in any company.
    t0 = ((sq - q[j]) / (q[j + 1] - q[j]))[:, None]
    p0 = coords[j] + (coords[j + 1] - coords[j]) * t0
    t1 = ((eq - q[k - 1]) / (q[k] - q[k - 1]))[:, None]
    p1 = coords[k - 1] + (coords[k] - coords[k - 1]) * t1
    n_inner = np.maximum(k - 1 - j, 0)
    n_out = n_inner + 2
    out_start = np.concatenate([[0], np.cumsum(n_out)[:-1]])
    total = int(n_out.sum())
    out = np.empty((total, 2), dtype=np.float64)
    out[out_start] = p0
    out[out_start + n_out - 1] = p1
    n_in_total = int(n_inner.sum())
    if n_in_total:
        piece_of_inner = np.repeat(np.arange(len(line_idx)), n_inner)
        inner_first = np.concatenate([[0], np.cumsum(n_inner)[:-1]])
        rank = np.arange(n_in_total) - inner_first[piece_of_inner]
        out[out_start[piece_of_inner] + 1 + rank] = coords[j[piece_of_inner] + 1 + rank]
    piece_id = np.repeat(np.arange(len(line_idx)), n_out)
    return np.asarray(shapely.linestrings(out, indices=piece_id), dtype=object)


def _prepared_copy(geoms: NDArray[np.object_]) -> NDArray[np.object_]:
    """Return prepared copies of ``geoms``, so the caller's geometry objects stay untouched."""
    copies = np.asarray(shapely.from_wkb(shapely.to_wkb(geoms)), dtype=object)
    shapely.prepare(copies)
    return copies


def _line_edges(
    lines: NDArray[np.object_],
) -> tuple[NDArray[np.intp], NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Cut lines into their straight edges (vertex to vertex), dropping zero-length ones.

    Returns ``line`` (the line of each edge), ``start`` and ``end`` coordinates (n, 2) and
    ``offset``: where the edge starts, in metres along its line.
    """
    coords, vidx = shapely.get_coordinates(lines, return_index=True)
    same = vidx[1:] == vidx[:-1]
    step = np.hypot(np.diff(coords[:, 0]), np.diff(coords[:, 1]))
    cum = np.concatenate([[0.0], np.cumsum(np.where(same, step, 0.0))])
    counts = np.bincount(vidx, minlength=len(lines))
    first = np.concatenate([[0], np.cumsum(counts)[:-1]])
    keep = same & (step > 0)
    e_line = vidx[:-1][keep].astype(np.intp)
    offset = cum[:-1][keep] - cum[first[e_line]]
    return e_line, coords[:-1][keep], coords[1:][keep], offset


def _line_polygon_intervals(
    lines: NDArray[np.object_],
    lengths: NDArray[np.float64],
    polygons: NDArray[np.object_],
) -> tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.float64], NDArray[np.float64]]:
    """Every stretch of a line that lies inside a polygon, as intervals along the line.

    Returns ``(line, polygon, a, b)`` arrays, one row per stretch of positive length, with
    ``0 <= a < b <= lengths[line]`` in metres from the line's start. A polygon that only
    touches a line at a point gives no row.

    The work is done on the lines' straight edges: a piece of the intersection of a straight
    edge with a polygon lies on that edge, so its position is a dot product, exact and
    unambiguous even on a line that crosses or doubles back on itself.
    """
    empty_i = np.empty(0, dtype=np.intp)
    empty_f = np.empty(0, dtype=np.float64)
    if len(lines) == 0 or len(polygons) == 0:
        return empty_i, empty_i, empty_f, empty_f
    e_line, e0, e1, e_off = _line_edges(lines)
    if len(e_line) == 0:
        return empty_i, empty_i, empty_f, empty_f
    edges = np.asarray(shapely.linestrings(np.stack([e0, e1], axis=1)), dtype=object)
    e_len = np.hypot(*(e1 - e0).T)
    polys = _prepared_copy(polygons)
    tree = shapely.STRtree(edges)
    pi, ei = tree.query(polys, predicate="intersects")
    if len(pi) == 0:
        return empty_i, empty_i, empty_f, empty_f
    inside = shapely.covers(polys[pi], edges[ei])
    # Whole edges inside a footprint need no intersection.
    out_e, out_p = [ei[inside]], [pi[inside]]
    out_a, out_b = [np.zeros(int(inside.sum()))], [e_len[ei[inside]]]
    rest = ~inside
    if rest.any():
        er, pr = ei[rest], pi[rest]
        inter = shapely.intersection(edges[er], polygons[pr])
        parts, pidx = shapely.get_parts(inter, return_index=True)
        # A collection may hold multi-part members; flatten once more.
        nested = shapely.get_type_id(parts) >= 4
        if nested.any():
            sub, sidx = shapely.get_parts(parts[nested], return_index=True)
            parts = np.concatenate([parts[~nested], sub])
            pidx = np.concatenate([pidx[~nested], pidx[nested][sidx]])
        is_line = (shapely.get_type_id(parts) == 1) & ~shapely.is_empty(parts)
        parts, pidx = parts[is_line], pidx[is_line]
        edge_of = er[pidx]
        direction = (e1[edge_of] - e0[edge_of]) / e_len[edge_of, None]
        p0 = shapely.get_coordinates(shapely.get_point(parts, 0))
        p1 = shapely.get_coordinates(shapely.get_point(parts, -1))
        t0 = np.einsum("ij,ij->i", p0 - e0[edge_of], direction)
        t1 = np.einsum("ij,ij->i", p1 - e0[edge_of], direction)
        out_e.append(edge_of)
        out_p.append(pr[pidx])
        out_a.append(np.minimum(t0, t1))
        out_b.append(np.maximum(t0, t1))
    edge_i = np.concatenate(out_e).astype(np.intp)
    line_i = e_line[edge_i]
    poly_i = np.concatenate(out_p).astype(np.intp)
    a = np.clip(np.concatenate(out_a), 0.0, e_len[edge_i]) + e_off[edge_i]
    b = np.clip(np.concatenate(out_b), 0.0, e_len[edge_i]) + e_off[edge_i]
    a = np.minimum(a, lengths[line_i])
    b = np.minimum(b, lengths[line_i])
    keep = b - a > settings.coverage_tolerance_m
    return line_i[keep], poly_i[keep], a[keep], b[keep]


def _merge_intervals(
    line_i: NDArray[np.intp],
    a: NDArray[np.float64],
    b: NDArray[np.float64],
    lengths: NDArray[np.float64],
    *,
    join_gap: float = 0.0,
) -> tuple[NDArray[np.intp], NDArray[np.float64], NDArray[np.float64]]:
    """Union of intervals per line: sorted, disjoint ``(line, a, b)``.

    Intervals of one line that overlap, touch, or are separated by at most
    ``join_gap + settings.coverage_tolerance_m`` metres become one.
    """
    if len(line_i) == 0:
        return line_i, a, b
    order = np.lexsort((a, line_i))
    line_i, a, b = line_i[order], a[order], b[order]
    shift = np.concatenate([[0.0], np.cumsum(lengths + join_gap + 1.0 + _AXIS_SEPARATION)[:-1]])
    big_a = a + shift[line_i]
    big_b = b + shift[line_i]
    reach = np.maximum.accumulate(big_b)
    new = np.ones(len(a), dtype=bool)
    new[1:] = big_a[1:] > reach[:-1] + join_gap + settings.coverage_tolerance_m
    starts = np.flatnonzero(new)
    m_line = line_i[starts]
    m_a = a[starts]
    m_b = np.maximum.reduceat(big_b, starts) - shift[m_line]
    return m_line, m_a, np.minimum(m_b, lengths[m_line])


def _union_along(
    line_i: NDArray[np.intp],
    a: NDArray[np.float64],
    b: NDArray[np.float64],
    lengths: NDArray[np.float64],
) -> tuple[NDArray[np.intp], NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """The merged intervals of each line (see :func:`_merge_intervals`) and their total length."""
    m_line, m_a, m_b = _merge_intervals(line_i, a, b, lengths)
    total = np.minimum(np.bincount(m_line, weights=m_b - m_a, minlength=len(lengths)), lengths)
    return m_line, m_a, m_b, total


def _count_cameras(
    n: int, line_i: NDArray[np.intp], cam: NDArray[np.intp], n_cams: int
) -> tuple[NDArray[np.int64], NDArray[np.intp], NDArray[np.intp]]:
    """Distinct cameras per line: counts, and the sorted unique (line, camera) pairs."""
    key = np.unique(line_i.astype(np.int64) * max(n_cams, 1) + cam)
    u_line = (key // max(n_cams, 1)).astype(np.intp)
    u_cam = (key % max(n_cams, 1)).astype(np.intp)
    return np.bincount(u_line, minlength=n).astype(np.int64), u_line, u_cam


def _lists_by(
    n: int, owner: NDArray[np.intp], values: NDArray[Any] | Sequence[Any]
) -> list[list[Any]]:
    """``n`` lists: ``values`` grouped by ``owner`` (which must be sorted ascending)."""
    bounds = np.searchsorted(owner, np.arange(n + 1))
    vals = list(values)
    return [vals[bounds[i] : bounds[i + 1]] for i in range(n)]


def _geometry_problems(
    gdf: gpd.GeoDataFrame,
    name: str,
    allowed: Iterable[str],
    *,
    allow_empty: bool,
    fix: str,
) -> list[Problem]:
    """List the rows whose geometry cannot be measured.

    That is: missing or empty (unless allowed), of a type not in ``allowed``, with a
    non-finite coordinate, or an invalid polygon.
    """
    geoms = np.asarray(gdf.geometry.array, dtype=object)
    types = np.asarray(shapely.get_type_id(geoms))
    missing = shapely.is_missing(geoms)
    empty = shapely.is_empty(geoms) & ~missing
    allowed = tuple(allowed)
    type_names = np.asarray(_TYPE_NAMES, dtype=object)[np.clip(types, 0, len(_TYPE_NAMES) - 1)]
    ok_type = np.isin(type_names, allowed) & (types >= 0)
    present = ok_type & ~missing & ~empty
    coords, owner = shapely.get_coordinates(geoms, return_index=True)
    not_finite = np.zeros(len(geoms), dtype=bool)
    not_finite[owner[~np.isfinite(coords).all(axis=1)]] = True
    # GEOS needs valid polygons (no self-intersection) to intersect them reliably.
    is_polygon = np.isin(types, (3, 6))
    invalid = np.zeros(len(geoms), dtype=bool)
    check = present & is_polygon & ~not_finite
    invalid[check] = ~shapely.is_valid(geoms[check])
    bad = (~ok_type & ~missing & ~empty) | (~allow_empty & (missing | empty))
    bad |= present & (not_finite | invalid)
    problems = []
    labels = gdf.index
    for pos in np.flatnonzero(bad):
        if missing[pos] or empty[pos]:
            value, msg, how = "", f"{name} has a missing or empty geometry.", fix
        elif not ok_type[pos]:
            value = str(type_names[pos])
            msg, how = f"{name} has a {value}; expected {' or '.join(allowed)}.", fix
        elif not_finite[pos]:
            value, msg = str(type_names[pos]), f"{name} has a NaN or infinite coordinate."
            how = "Correct the coordinates or remove the row."
        else:
            value = shapely.is_valid_reason(geoms[pos])
            msg = f"{name} has an invalid polygon ({value})."
            how = "Repair it, for example with shapely.make_valid or GeoSeries.make_valid()."
        problems.append(Problem(labels[pos], "geometry", value, msg, how))
    return problems


def _unverified_m(
    line_i: NDArray[np.intp],
    a: NDArray[np.float64],
    b: NDArray[np.float64],
    lengths: NDArray[np.float64],
    covered: NDArray[np.float64],
    *,
    counts: NDArray[np.bool_],
) -> NDArray[np.float64]:
    """Metres of each line inside any footprint (counted or unverified) but no counted one.

    ``counts`` marks the intervals of counted cameras; when every interval counts (the
    usual case) nothing is unverified and the intervals are not merged a second time.
    """
    if counts.all():
        return np.zeros(len(lengths))
    seen = _union_along(line_i, a, b, lengths)[3]
    return np.maximum(seen - covered, 0.0)


def _names_of(frame: gpd.GeoDataFrame, column: str | None) -> NDArray[np.object_]:
    if column is not None and column in frame.columns:
        values = frame[column]
    elif column is None and "name" in frame.columns:
        values = frame["name"]
    else:
        values = pd.Series(frame.index.astype(str), index=frame.index)
    filled = values.astype(object).where(
        values.notna(), pd.Series(frame.index.astype(str), index=frame.index)
    )
    return np.asarray(filled.astype(str), dtype=object)
