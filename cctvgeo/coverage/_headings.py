"""Heading inference: which way a camera without a recorded heading most likely looks.

A directional camera with no heading is given the bearing of the nearest road segment
(within :data:`cctvgeo.settings.heading_road_max_distance_m`), in the direction whose
sector holds more road (:func:`_infer_headings`; the length of road in a sector is exact,
:func:`_length_in_sector`). Used by :func:`cctvgeo.coverage.fields_of_view` with
``missing_heading="road"``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import shapely

from cctvgeo import settings
from cctvgeo._roads import is_graph, road_edges

if TYPE_CHECKING:  # pragma: no cover
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float64]


def _road_lines(roads: Any) -> npt.NDArray[np.object_]:
    """Return the roads as an array of LineStrings (parts of multi-lines exploded)."""
    if is_graph(roads) or isinstance(roads, gpd.GeoDataFrame):
        roads = road_edges(roads, projected=False)
    geoms = roads.geometry.to_numpy() if hasattr(roads, "geometry") else np.asarray(roads)
    parts = shapely.get_parts(geoms)
    lines = parts[shapely.get_type_id(parts) == 1]
    if len(lines) == 0:
        raise ValueError("roads has no LineString geometry to infer headings from.")
    return np.asarray(lines, dtype=object)


def _road_segments(lines: npt.NDArray[np.object_]) -> tuple[FloatArray, FloatArray]:
    """Return the straight segments of the lines as start and end coordinate arrays."""
    xy, idx = shapely.get_coordinates(lines, return_index=True)
    same = idx[:-1] == idx[1:]
    a, b = xy[:-1][same], xy[1:][same]
    keep = np.hypot(*(b - a).T) > 0
    return a[keep], b[keep]


def _infer_headings(
    x: FloatArray,
    y: FloatArray,
    hfov: FloatArray,
    near: FloatArray,
    radius: FloatArray,
    *,
    roads: Any,
) -> tuple[FloatArray, npt.NDArray[np.bool_]]:
    """Infer headings from the nearest road segment's bearing.

    Of the two directions along the segment, the one whose sector (``hfov`` wide, from
    ``near`` to ``radius``) holds more road length (measured exactly on every road segment
    nearby) wins; a tie goes to the direction the road is digitised in. Returns the
    headings and which cameras had a road in range.
    """
    a, b = _road_segments(_road_lines(roads))
    segs = shapely.linestrings(np.stack((a, b), axis=1))
    tree = shapely.STRtree(segs)
    pts = shapely.points(x, y)
    (cam, seg), _ = tree.query_nearest(
        pts,
        max_distance=settings.heading_road_max_distance_m,
        return_distance=True,
        all_matches=False,
    )
    heading = np.full(len(x), np.nan)
    found = np.zeros(len(x), dtype=bool)
    if len(cam) == 0:
        return heading, found
    d = b[seg] - a[seg]
    bearing = np.mod(np.degrees(np.arctan2(d[:, 0], d[:, 1])), 360.0)
    cx, cy, r0 = x[cam], y[cam], near[cam]
    r1 = np.where(radius[cam] > r0, radius[cam], r0 + settings.heading_road_radius_m)
    # Road segments near each camera (bounding boxes only), scored analytically for both
    # directions: the length of each segment inside each candidate sector.
    boxes = shapely.box(cx - r1, cy - r1, cx + r1, cy + r1)
    k, hit = tree.query(boxes)
    width = np.minimum(hfov[cam], 360.0)[k]
    covered = []
    for direction in (bearing, bearing + 180.0):
        length = _length_in_sector(
            a[hit] - np.column_stack((cx[k], cy[k])),
            b[hit] - np.column_stack((cx[k], cy[k])),
            heading=direction[k],
            width=width,
            near=r0[k],
            far=r1[k],
        )
        covered.append(np.bincount(k, weights=length, minlength=len(cam)))
    forward, backward = covered
    reverse = backward > forward + 1e-9 * np.maximum(forward, 1.0)
    heading[cam] = np.where(reverse, np.mod(bearing + 180.0, 360.0), bearing)
    found[cam] = True
    return heading, found


def _length_in_sector(
    a: FloatArray,
    b: FloatArray,
    *,
    heading: FloatArray,
    width: FloatArray,
    near: FloatArray,
    far: FloatArray,
) -> FloatArray:
    """Length of each segment ``a -> b`` (camera at the origin) inside its annular sector.

    Exact: the segment ``a + t (b - a)``, ``t`` in [0, 1], is inside the outer circle on
    one interval of ``t`` (a quadratic), inside the blind zone on another, and inside a
    wedge of at most 180 degrees on a third (two linear half-plane conditions). A wedge
    wider than 180 degrees is the ring minus the opposite, narrower wedge.
    """
    d = b - a
    seg_len = np.hypot(d[:, 0], d[:, 1])
    dd = np.maximum(seg_len**2, 1e-300)
    ad = np.einsum("ij,ij->i", a, d)
    aa = np.einsum("ij,ij->i", a, a)

    def disc(r: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Return the t-interval of the segment inside the circle of radius r."""
        disc_ = ad**2 - dd * (aa - r**2)
        root = np.sqrt(np.maximum(disc_, 0.0))
        lo, hi = (-ad - root) / dd, (-ad + root) / dd
        empty = disc_ <= 0
        return np.where(empty, 1.0, lo), np.where(empty, 0.0, hi)

    def overlap(lo1: FloatArray, hi1: FloatArray, lo2: FloatArray, hi2: FloatArray) -> FloatArray:
        return np.maximum(np.minimum(hi1, hi2) - np.maximum(lo1, lo2), 0.0)

    def halfplane(theta: FloatArray, keep_cw: bool) -> tuple[FloatArray, FloatArray]:
        """Return the t-interval on the clockwise (or counter-clockwise) side of a ray."""
        u = np.column_stack((np.sin(theta), np.cos(theta)))
        f0 = u[:, 0] * a[:, 1] - u[:, 1] * a[:, 0]  # cross(u, a): > 0 counter-clockwise
        f1 = u[:, 0] * d[:, 1] - u[:, 1] * d[:, 0]
        sign = -1.0 if keep_cw else 1.0  # keep sign * (f0 + t f1) >= 0
        g0, g1 = sign * f0, sign * f1
        with np.errstate(divide="ignore", invalid="ignore"):
            cut = -g0 / g1
        lo = np.where(g1 > 0, cut, np.where(g1 < 0, -np.inf, np.where(g0 >= 0, -np.inf, np.inf)))
        hi = np.where(g1 < 0, cut, np.where(g1 > 0, np.inf, np.where(g0 >= 0, np.inf, -np.inf)))
        return lo, hi

    def in_wedge(h: FloatArray, w: FloatArray) -> FloatArray:
        """Return the length inside the ring and a convex wedge (w <= 180)."""
        t = np.radians(h)
        lo1, hi1 = halfplane(t - np.radians(w) / 2, keep_cw=True)
        lo2, hi2 = halfplane(t + np.radians(w) / 2, keep_cw=False)
        lo, hi = np.maximum(np.maximum(lo1, lo2), flo), np.minimum(np.minimum(hi1, hi2), fhi)
        return np.maximum(hi - lo, 0.0) - overlap(lo, hi, nlo, nhi)

    flo, fhi = disc(far)
    flo, fhi = np.maximum(flo, 0.0), np.minimum(fhi, 1.0)
    nlo, nhi = disc(near)
    ring = np.maximum(fhi - flo, 0.0) - overlap(flo, fhi, nlo, nhi)
    wide = width > 180.0
    inside = np.where(
        wide,
        ring - in_wedge(heading + 180.0, 360.0 - width),
        in_wedge(heading, np.minimum(width, 180.0)),
    )
    return np.clip(inside, 0.0, None) * seg_len
