"""Coverage of risk points (k-coverage) and of escape routes (first and last sighting).

Risk points come from the police (survey part 2, จุดเสี่ยง / จุดสำคัญ); escape routes
(เส้นทางหลบหนี) are drawn by the police or computed on the road graph. Both are measured
against camera footprints with the same STRtree and interval engine as road coverage
(:mod:`cctvgeo.coverage.network`). See ``docs/coverage.md``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from cctvgeo import settings
from cctvgeo._compat import renamed_keywords
from cctvgeo._validate import Problem, ValidationReport, require_projected, require_same_crs
from cctvgeo.coverage._measure import (
    _geometry_problems,
    _line_polygon_intervals,
    _lists_by,
    _merge_intervals,
    _prepared_copy,
    _union_along,
    _unverified_m,
)
from cctvgeo.coverage.statuses import _UNVERIFIED_M, _select_footprints, _warn_left_out

if TYPE_CHECKING:  # pragma: no cover
    from numpy.typing import NDArray

__all__ = ["point_coverage", "route_coverage"]


@renamed_keywords(k="k_required")
def point_coverage(
    points: gpd.GeoDataFrame,
    footprints: gpd.GeoDataFrame,
    *,
    k_required: int = 1,
    statuses: Sequence[str] | None = None,
    as_if_repaired: bool = False,
    level: str | None = None,
    unknown: str | None = None,
) -> gpd.GeoDataFrame:
    """Which cameras see each point, and whether at least ``k_required`` of them do.

    A risk point that needs backup (if one camera fails or is blocked, another still
    sees it) asks for ``k_required=2``: the *backup coverage* of Hogan & ReVelle (1986), called
    k-coverage in sensor networks (Huang & Tseng, 2005).

    Parameters
    ----------
    points : GeoDataFrame
        Point geometries in a projected CRS (risk points, footage-request locations...).
    footprints : GeoDataFrame
        Camera footprints in the same CRS with ``camera_id`` and ``status`` columns.
    k_required : int, default 1
        A point is ``covered`` when at least ``k_required`` distinct cameras see it (the
        name of the demand column and of the optimiser's argument with the same meaning;
        ``k=`` is its deprecated old name).
    statuses : sequence of str, optional
        Statuses that count; default ``cg.settings.coverage_statuses`` (working only).
    as_if_repaired : bool, default False
        Also count ``cg.settings.repairable_statuses``.
    level : str, optional
        The detail level to use when ``footprints`` hold several.
    unknown : {"auto", "count", "exclude"}, optional
        How cameras of status "unknown" (or with no status) count; default
        ``cg.settings.coverage_unknown_status``. See
        :func:`cctvgeo.coverage.statuses.counted_cameras`.

    Returns
    -------
    GeoDataFrame
        A copy of ``points`` (same index and CRS) with ``covered`` (bool), ``n_cameras``
        (distinct cameras whose footprint holds the point, boundary included),
        ``camera_ids`` (sorted list of str) and ``n_unverified`` (distinct cameras left out
        because their status is "unknown" that hold the point). ``attrs["coverage_cameras"]``
        counts the cameras, as in :func:`cctvgeo.coverage.road_coverage`.

    Warns
    -----
    CoverageWarning
        When rule "auto" left cameras of status "unknown" out (the others have a status).

    References
    ----------
    Hogan, K. & ReVelle, C. (1986). Concepts and applications of backup coverage.
    *Management Science* 32(11), 1434-1444.
    Huang, C.-F. & Tseng, Y.-C. (2005). The coverage problem in a wireless sensor network.
    *Mobile Networks and Applications* 10(4), 519-528.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely import Point, box
    >>> pts = gpd.GeoDataFrame({"name": ["market", "temple"]},
    ...     geometry=[Point(5, 5), Point(50, 50)], crs=32647)
    >>> fp = gpd.GeoDataFrame({"camera_id": ["A", "B"], "status": ["working"] * 2},
    ...     geometry=[box(0, 0, 10, 10), box(4, 4, 20, 20)], crs=32647)
    >>> out = point_coverage(pts, fp, k_required=2)
    >>> out[["covered", "n_cameras", "camera_ids"]].values.tolist()
    [[True, 2, ['A', 'B']], [False, 0, []]]
    """
    require_projected(points, "points")
    require_projected(footprints, "footprints")
    require_same_crs(points=points, footprints=footprints)
    report = ValidationReport("points", n_rows=len(points))
    if (
        isinstance(k_required, bool)
        or not isinstance(k_required, int | np.integer)
        or k_required < 1
    ):
        report.add(
            Problem(
                None,
                "k_required",
                str(k_required),
                "k_required must be a whole number >= 1.",
                "Use k_required=1 or 2.",
            )
        )
    report.extend(
        _geometry_problems(
            points,
            "points",
            ("Point",),
            allow_empty=False,
            fix="Give the row a Point; for an area, use its centroid or a representative point.",
        )
    )
    report.raise_if_errors()
    sel = _select_footprints(
        footprints, statuses=statuses, as_if_repaired=as_if_repaired, level=level, unknown=unknown
    )
    geoms = np.asarray(points.geometry.array, dtype=object)
    n = len(geoms)
    if len(sel.polys) and n:
        tree = shapely.STRtree(geoms)
        fi, pi = tree.query(_prepared_copy(sel.polys), predicate="intersects")
    else:
        fi = pi = np.empty(0, dtype=np.intp)
    n_cams = max(len(sel.cam_ids), 1)
    key = np.unique(pi.astype(np.int64) * n_cams + sel.cams[fi])
    u_pt = (key // n_cams).astype(np.intp)
    u_cam = (key % n_cams).astype(np.intp)
    # A camera's polygons are all counted or all unverified: its status decides.
    counted_cam = np.zeros(len(sel.cam_ids), dtype=bool)
    counted_cam[sel.cams[: sel.n_counted]] = True
    by_counted = counted_cam[u_cam]
    counts = np.bincount(u_pt[by_counted], minlength=n).astype(np.int64)
    out = points.copy()
    out["covered"] = counts >= k_required
    out["n_cameras"] = counts
    out["camera_ids"] = pd.Series(
        _lists_by(n, u_pt[by_counted], sel.cam_ids[u_cam[by_counted]].tolist()),
        index=out.index,
        dtype=object,
    )
    out["n_unverified"] = np.bincount(u_pt[~by_counted], minlength=n).astype(np.int64)
    out.attrs["coverage_cameras"] = sel.cameras
    _warn_left_out(sel.cameras, "how many of them see each point is in 'n_unverified'")
    return out


def _route_lines(routes: gpd.GeoDataFrame) -> NDArray[np.object_]:
    """Routes as single LineStrings (MultiLineStrings that join end to end are merged)."""
    report = ValidationReport("routes", n_rows=len(routes))
    report.extend(
        _geometry_problems(
            routes,
            "routes",
            ("LineString", "MultiLineString"),
            allow_empty=False,
            fix="Give each route one line from its origin to its end.",
        )
    )
    report.raise_if_errors()
    geoms = np.asarray(routes.geometry.array, dtype=object)
    multi = shapely.get_type_id(geoms) == 5
    if multi.any():
        geoms = geoms.copy()
        geoms[multi] = shapely.line_merge(geoms[multi], directed=True)
        still = shapely.get_type_id(geoms) != 1
        for label in routes.index[still]:
            report.add(
                Problem(
                    label,
                    "geometry",
                    "MultiLineString",
                    "The route's parts do not join end to end into one line, so distances "
                    "from its origin are undefined.",
                    "Give the route as one LineString in travel order.",
                )
            )
        report.raise_if_errors()
    return geoms


def _cameras_in_order(
    line_i: NDArray[np.intp], cam: NDArray[np.intp], a: NDArray[np.float64]
) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """Distinct (line, camera) pairs, sorted by line then by where the camera's view begins."""
    order = np.lexsort((a, cam, line_i))
    li_o, cam_o, a_o = line_i[order], cam[order], a[order]
    first_of_pair = np.ones(len(li_o), dtype=bool)
    first_of_pair[1:] = (li_o[1:] != li_o[:-1]) | (cam_o[1:] != cam_o[:-1])
    li_o, cam_o, a_o = li_o[first_of_pair], cam_o[first_of_pair], a_o[first_of_pair]
    met = np.lexsort((cam_o, a_o, li_o))
    return li_o[met], cam_o[met]


def route_coverage(
    routes: gpd.GeoDataFrame,
    footprints: gpd.GeoDataFrame,
    *,
    statuses: Sequence[str] | None = None,
    as_if_repaired: bool = False,
    level: str | None = None,
    min_sighting_gap: float | None = None,
    unknown: str | None = None,
) -> gpd.GeoDataFrame:
    """Where a vehicle on each escape route is seen: first, last, how often, longest blind.

    The route runs from its first vertex (the origin, for example the scene of a crime) to
    its last. Distances are metres along the route from the origin.

    Parameters
    ----------
    routes : GeoDataFrame
        LineStrings in a projected CRS, drawn in travel order (a MultiLineString whose
        parts join end to end in order is merged into one line).
    footprints : GeoDataFrame
        Camera footprints in the same CRS with ``camera_id`` and ``status`` columns.
    statuses : sequence of str, optional
        Statuses that count; default ``cg.settings.coverage_statuses`` (working only).
    as_if_repaired : bool, default False
        Also count ``cg.settings.repairable_statuses``.
    level : str, optional
        The detail level to use when ``footprints`` hold several.
    min_sighting_gap : float, optional
        Covered stretches separated by a blind gap of at most this many metres are one
        sighting. Default ``cg.settings.route_sighting_gap_m`` (0: any gap separates).
    unknown : {"auto", "count", "exclude"}, optional
        How cameras of status "unknown" (or with no status) count; default
        ``cg.settings.coverage_unknown_status``. See
        :func:`cctvgeo.coverage.statuses.counted_cameras`.

    Returns
    -------
    GeoDataFrame
        A copy of ``routes`` (same index and CRS) with:

        - ``length_m``: the route's length;
        - ``covered_m`` and ``covered_share``: length inside the union of the footprints;
        - ``first_seen_m``: distance from the origin to the first covered point (NaN if the
          route is never seen);
        - ``last_seen_m``: distance from the origin to the *end* of the last covered
          stretch, where the vehicle leaves the last camera's view (NaN if never seen);
        - ``longest_blind_m``: the longest uncovered stretch, including the stretch before
          the first sighting and the one after the last (the whole length if never seen);
        - ``n_sightings``: the number of separate covered stretches (see ``min_sighting_gap``);
        - ``n_cameras`` and ``camera_ids``: the distinct cameras that see the route, in the
          order the vehicle first meets them.
        - ``unverified_m``: length seen only by cameras left out because their status is
          "unknown" (0 when none were left out).

        ``attrs["coverage_cameras"]`` counts the cameras, as in
        :func:`cctvgeo.coverage.road_coverage`.

    Warns
    -----
    CoverageWarning
        When rule "auto" left cameras of status "unknown" out (the others have a status).

    References
    ----------
    Hodgson, M. J. (1990). A flow-capturing location-allocation model. *Geographical
    Analysis* 22(3), 270-279 (coverage of paths rather than points).

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely import LineString, box
    >>> route = gpd.GeoDataFrame(geometry=[LineString([(0, 0), (1000, 0)])], crs=32647)
    >>> fp = gpd.GeoDataFrame({"camera_id": ["A", "B", "C"], "status": ["working"] * 3},
    ...     geometry=[box(100, -5, 150, 5), box(400, -5, 420, 5), box(800, -5, 900, 5)],
    ...     crs=32647)
    >>> r = route_coverage(route, fp).iloc[0]
    >>> float(r.first_seen_m), float(r.last_seen_m), int(r.n_sightings), float(r.longest_blind_m)
    (100.0, 900.0, 3, 380.0)
    """
    require_projected(routes, "routes")
    require_projected(footprints, "footprints")
    require_same_crs(routes=routes, footprints=footprints)
    gap = settings.route_sighting_gap_m if min_sighting_gap is None else min_sighting_gap
    if not (isinstance(gap, int | float) and math.isfinite(gap) and gap >= 0):
        report = ValidationReport("routes")
        report.add(
            Problem(None, "min_sighting_gap", str(gap), "Must be >= 0 metres.", "Use e.g. 0 or 50.")
        )
        report.raise_if_errors()
    lines = _route_lines(routes)
    sel = _select_footprints(
        footprints, statuses=statuses, as_if_repaired=as_if_repaired, level=level, unknown=unknown
    )
    n = len(lines)
    lengths = np.asarray(shapely.length(lines), dtype=np.float64)
    li_all, pi_all, a_all, b_all = _line_polygon_intervals(lines, lengths, sel.polys)
    counts = pi_all < sel.n_counted
    li, pi, a, b = li_all[counts], pi_all[counts], a_all[counts], b_all[counts]
    m_line, m_a, m_b, covered = _union_along(li, a, b, lengths)

    first = np.full(n, np.nan)
    last = np.full(n, np.nan)
    if len(m_line):
        starts = np.searchsorted(m_line, np.arange(n), side="left")
        ends = np.searchsorted(m_line, np.arange(n), side="right")
        seen = ends > starts
        first[seen] = m_a[starts[seen]]
        last[seen] = m_b[ends[seen] - 1]
    # Blind stretches: before the first sighting, between sightings, after the last.
    blind = lengths.copy()
    if len(m_line):
        same = m_line[1:] == m_line[:-1]
        between = np.zeros(n)
        np.maximum.at(between, m_line[1:][same], (m_a[1:] - m_b[:-1])[same])
        seen = ~np.isnan(first)
        blind = np.where(
            seen,
            np.maximum.reduce([np.nan_to_num(first), lengths - np.nan_to_num(last), between]),
            lengths,
        )
    s_line, _, _ = _merge_intervals(m_line, m_a, m_b, lengths, join_gap=float(gap))
    sightings = np.bincount(s_line, minlength=n).astype(np.int64)

    li_o, cam_o = _cameras_in_order(li, sel.cams[pi], a)
    n_cam = np.bincount(li_o, minlength=n).astype(np.int64)

    out = routes.copy()
    out["length_m"] = lengths
    out["covered_m"] = covered
    out["covered_share"] = np.divide(covered, lengths, out=np.zeros(n), where=lengths > 0)
    out["first_seen_m"] = first
    out["last_seen_m"] = last
    out["longest_blind_m"] = blind
    out["n_sightings"] = sightings
    out["n_cameras"] = n_cam
    out["camera_ids"] = pd.Series(
        _lists_by(n, li_o, sel.cam_ids[cam_o].tolist()), index=out.index, dtype=object
    )
    out["unverified_m"] = _unverified_m(li_all, a_all, b_all, lengths, covered, counts=counts)
    out.attrs["coverage_cameras"] = sel.cameras
    _warn_left_out(sel.cameras, _UNVERIFIED_M)
    return out
