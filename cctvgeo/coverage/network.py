"""Road network -> short segments; what the cameras see of them, in total and by group.

The gaps between covered stretches are in :mod:`cctvgeo.coverage.gaps`, which cameras count
in :mod:`cctvgeo.coverage.statuses`. The measuring engine (:mod:`cctvgeo.coverage._measure`)
is shared with :mod:`cctvgeo.coverage.targets` (points and routes) and
:mod:`cctvgeo.coverage.matrix`:

1. lines are cut into their straight edges (vertex to vertex), and an
   :class:`shapely.STRtree` query finds every (edge, footprint) pair whose geometries
   intersect (the footprint polygons are prepared, so the test is fast);
2. pairs where the footprint covers the whole edge give the interval ``[0, edge length]``
   directly; the others are intersected with shapely's array functions, and every
   piece of the intersection, which lies on the straight edge, becomes an interval
   ``[a, b]`` in metres from the line's start (a dot product with the edge's direction);
3. the intervals of each line are merged by a sort and a running maximum in numpy
   (the one-dimensional union of Klee's measure problem), which is exact and never
   double counts overlapping footprints. No polygon union is ever built.

See ``docs/coverage.md`` for the definitions and ``docs/performance.md`` for speed.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy.sparse import coo_array
from scipy.sparse.csgraph import connected_components

from cctvgeo import settings
from cctvgeo._compat import moved_attributes
from cctvgeo._roads import is_edge_table, is_graph, road_edges
from cctvgeo._validate import Problem, ValidationReport, require_projected, require_same_crs
from cctvgeo.coverage._measure import (
    _LINE_TYPES,
    _count_cameras,
    _geometry_problems,
    _line_axis,
    _line_polygon_intervals,
    _lists_by,
    _names_of,
    _substrings,
    _union_along,
    _unverified_m,
)
from cctvgeo.coverage.statuses import (
    _UNVERIFIED_M,
    CoverageWarning,
    _select_footprints,
    _warn_left_out,
)

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    from numpy.typing import NDArray

__all__ = ["coverage_summary", "road_coverage", "road_segments"]

# Old homes of names that moved to another module (deprecated).
__getattr__ = moved_attributes(
    __name__,
    {
        "coverage_gaps": "cctvgeo.coverage.gaps",
        "counted_cameras": "cctvgeo.coverage.statuses",
        "KNOWN_STATUSES": "cctvgeo.coverage.statuses",
        "UNKNOWN_RULES": "cctvgeo.coverage.statuses",
    },
)


# --------------------------------------------------------------------------------------
# Road segments
# --------------------------------------------------------------------------------------
def _duplicate_of(geoms: NDArray[np.object_]) -> NDArray[np.intp]:
    """For each line, the position of the first line it duplicates (itself if none).

    Two lines are duplicates when every vertex of each lies within
    ``settings.duplicate_line_tolerance_m`` of the other line (their Hausdorff distance, as
    GEOS measures it from the vertices), and their lengths agree within twice that. Direction,
    extra vertices along the way, the start of a closed line and the order of a
    MultiLineString's parts do not matter; a line that doubles back over itself is longer,
    so it is not the same. Exact copies (equal once ``shapely.normalize`` has put them in one
    direction) are grouped first by their WKB, so many copies of one line cost no pairs.
    Candidates among the rest are the pairs whose bounding boxes agree within the
    tolerance, found with an STRtree of the boxes' lower-left corners; chains of duplicates
    form one group.
    """
    codes, uniques = pd.factorize(shapely.to_wkb(shapely.normalize(geoms)))
    first_copy = np.full(len(uniques), len(geoms), dtype=np.intp)
    np.minimum.at(first_copy, codes, np.arange(len(geoms)))  # increasing: first appearance
    return first_copy[_near_duplicate_of(geoms[first_copy])][codes]


def _near_duplicate_of(geoms: NDArray[np.object_]) -> NDArray[np.intp]:
    """:func:`_duplicate_of` for lines of which none is an exact copy of another."""
    n = len(geoms)
    tol = float(settings.duplicate_line_tolerance_m)
    bounds = shapely.bounds(geoms)
    tree = shapely.STRtree(shapely.points(bounds[:, :2]))
    near = shapely.box(*(bounds[:, :2] - tol).T, *(bounds[:, :2] + tol).T)
    i, j = tree.query(near, predicate="intersects")
    pair = (i < j) & (np.abs(bounds[i, 2:] - bounds[j, 2:]) <= tol).all(axis=1)
    i, j = i[pair], j[pair]
    length = shapely.length(geoms)
    same = np.abs(length[i] - length[j]) <= 2 * tol
    same[same] = shapely.hausdorff_distance(geoms[i[same]], geoms[j[same]]) <= tol
    adj = coo_array((np.ones(int(same.sum())), (i[same], j[same])), shape=(n, n))
    n_groups, group = connected_components(adj, directed=False)
    first = np.full(n_groups, n, dtype=np.intp)
    np.minimum.at(first, group, np.arange(n))
    return first[group]


def _merge_duplicate_lines(edges: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, dict[str, Any]]:
    """Keep each road line once: drop lines that repeat an earlier one, reversed or not.

    Returns the kept rows (labels and attributes unchanged) and what was merged:
    ``n_lines`` dropped and their length in ``km``. Warns when anything was merged.
    """
    geoms = np.asarray(edges.geometry.array, dtype=object)
    keep = _duplicate_of(geoms) == np.arange(len(geoms))
    merged = {
        "n_lines": int((~keep).sum()),
        "km": float(shapely.length(geoms[~keep]).sum() / 1000.0),
    }
    if merged["n_lines"]:
        warnings.warn(
            f"road_segments: {merged['n_lines']} road lines ({merged['km']:.3f} km) repeat "
            "another line, reversed or not, and were merged into it, so each street counts "
            "once (a directed network, such as MATSim links or a routing export, stores a "
            "two-way street once per direction). The first line of each group keeps its "
            "attributes; segments.attrs['merged_duplicate_lines'] says what was merged.",
            CoverageWarning,
            stacklevel=3,
        )
    return edges.loc[keep], merged


def road_segments(
    roads: nx.MultiDiGraph | gpd.GeoDataFrame, *, max_length: float = 20.0
) -> gpd.GeoDataFrame:
    """Split a road network into pieces no longer than ``max_length`` metres.

    Parameters
    ----------
    roads : networkx.MultiDiGraph or GeoDataFrame
        Either an osmnx graph in a projected CRS (``graph.graph["crs"]``), or a GeoDataFrame
        of LineStrings/MultiLineStrings in a projected CRS from any source (OSM, a highways
        department's centre lines...). In a graph a two-way street is stored as two edges,
        u->v and v->u; it is counted once (twins are recognised by the unordered node pair
        and the same geometry up to direction). An osmnx edge table (a GeoDataFrame indexed
        by ``u, v, key``, as ``ox.graph_to_gdfs`` returns it) is treated like its graph.
        In any input, a line that repeats another, reversed or not (a directed network such
        as MATSim links stores a two-way street once per direction), is merged into the
        first one, which keeps its attributes; see ``settings.duplicate_line_tolerance_m``.
        A one-way street, stored once, is untouched. MultiLineStrings are split into their
        parts.
    max_length : float, default 20.0
        Longest piece, in metres. Each line is cut into ``ceil(length / max_length)`` pieces
        of equal length.

    Returns
    -------
    GeoDataFrame
        One row per piece, on a new ``RangeIndex`` named ``segment_id``, in the roads' CRS,
        ordered by parent edge and position along it. Columns:

        - ``edge_id``: the parent's index label for a GeoDataFrame; for a graph or an osmnx
          edge table, the number of the (de-duplicated) edge, with its ``u``, ``v`` and
          ``key`` kept as columns;
        - ``part``: 0, 1, ... along the parent; ``start_m``, ``end_m``: where the piece starts
          and ends, in metres from the parent's start (across the parts of a MultiLineString);
        - ``length``: the piece's length in metres; ``edge_length``: the parent's planar length
          (an osmnx ``length`` attribute is replaced by these planar figures);
        - ``highway``, ``name`` (missing values when the input has no such column; osmnx lists
          are joined with ``;`` as in OSM tags), then every other attribute of the parent.

        ``attrs["merged_duplicate_lines"]`` holds ``n_lines``, the number of duplicate lines
        merged (osmnx's reciprocal twins are not counted), and their length in ``km``.

    Warns
    -----
    CoverageWarning
        When duplicate lines were merged (besides osmnx's reciprocal twins).

    Raises
    ------
    cctvgeo.CRSError
        If the roads are not in a projected CRS.
    cctvgeo.ValidationError
        If a row has a missing, empty or non-line geometry, or ``max_length`` is not positive.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely import LineString
    >>> roads = gpd.GeoDataFrame(
    ...     {"highway": ["primary"], "name": ["Thanon Pho Thong"]},
    ...     geometry=[LineString([(0, 0), (50, 0)])], crs=32647)
    >>> segs = road_segments(roads, max_length=20.0)
    >>> segs[["part", "start_m", "end_m", "length"]].round(2).to_dict("list")
    {'part': [0, 1, 2], 'start_m': [0.0, 16.67, 33.33], 'end_m': [16.67, 33.33, 50.0], 'length': [16.67, 16.67, 16.67]}
    """
    report = ValidationReport("roads")
    if not (isinstance(max_length, int | float) and math.isfinite(max_length) and max_length > 0):
        report.add(
            Problem(
                None,
                "max_length",
                str(max_length),
                "max_length must be > 0 metres.",
                "Use e.g. 20.0.",
            )
        )
        report.raise_if_errors()
    fix = "Remove the row or give it a LineString geometry."
    if isinstance(roads, gpd.GeoDataFrame):  # checked before osmnx twins are merged
        require_projected(roads, "roads")
        report.n_rows = len(roads)
        report.extend(_geometry_problems(roads, "roads", _LINE_TYPES, allow_empty=False, fix=fix))
        report.raise_if_errors()
    edges = road_edges(roads)
    if is_graph(roads):
        report.n_rows = len(edges)
        report.extend(_geometry_problems(edges, "roads", _LINE_TYPES, allow_empty=False, fix=fix))
    report.raise_if_errors()
    edges, merged = _merge_duplicate_lines(edges)
    if is_graph(roads) or is_edge_table(roads):
        edges = edges.reset_index(drop=True)
    out = _split_lines(edges, float(max_length))
    out.attrs["merged_duplicate_lines"] = merged
    return out


def _split_lines(edges: gpd.GeoDataFrame, max_length: float) -> gpd.GeoDataFrame:
    geoms = np.asarray(edges.geometry.array, dtype=object)
    parts, parent = shapely.get_parts(geoms, return_index=True)
    parts = np.asarray(parts, dtype=object)
    _, _, _, plen = _line_axis(parts)
    # Offset of each part along its parent (MultiLineString parts follow one another).
    csum = np.cumsum(plen)
    first_of_parent = np.searchsorted(parent, parent, side="left")
    part_offset = csum - plen - (csum[first_of_parent] - plen[first_of_parent])
    edge_len = np.bincount(parent, weights=plen, minlength=len(geoms))

    n_pieces = np.maximum(1, np.ceil(plen / max_length - 1e-9)).astype(np.int64)
    piece_part = np.repeat(np.arange(len(parts)), n_pieces)
    first_piece = np.concatenate([[0], np.cumsum(n_pieces)[:-1]])
    i = np.arange(len(piece_part)) - first_piece[piece_part]
    n_of = n_pieces[piece_part]
    part_len = plen[piece_part]
    s = part_len * i / n_of
    e = np.where(i == n_of - 1, part_len, part_len * (i + 1) / n_of)

    seg_geoms = np.empty(len(piece_part), dtype=object)
    positive = e > s
    seg_geoms[positive] = _substrings(parts, piece_part[positive], s[positive], e[positive])
    seg_geoms[~positive] = parts[piece_part[~positive]]  # zero-length line: kept as it is

    piece_parent = parent[piece_part]
    first_piece_of_parent = np.searchsorted(piece_parent, piece_parent, side="left")
    attrs = pd.DataFrame(edges.drop(columns=edges.geometry.name)).iloc[piece_parent]
    reserved = ["edge_id", "part", "start_m", "end_m", "length", "edge_length", "highway", "name"]
    attrs = attrs.drop(
        columns=[c for c in reserved if c in attrs.columns and c not in ("highway", "name")]
    )
    front = pd.DataFrame(
        {
            "edge_id": edges.index.to_numpy()[piece_parent],
            "part": np.arange(len(piece_part)) - first_piece_of_parent,
            "start_m": part_offset[piece_part] + s,
            "end_m": part_offset[piece_part] + e,
            "length": e - s,
            "edge_length": edge_len[piece_parent],
            "highway": attrs["highway"].to_numpy() if "highway" in attrs else pd.NA,
            "name": attrs["name"].to_numpy() if "name" in attrs else pd.NA,
        }
    )
    front["edge_id"] = front["edge_id"].astype(edges.index.dtype)
    if "highway" not in attrs:
        front["highway"] = front["highway"].astype("str")
    if "name" not in attrs:
        front["name"] = front["name"].astype("str")
    rest = attrs.drop(columns=[c for c in ("highway", "name") if c in attrs.columns])
    rest.index = front.index
    out = gpd.GeoDataFrame(
        pd.concat([front, rest], axis=1),
        geometry=gpd.GeoSeries(seg_geoms, crs=edges.crs).values,
        crs=edges.crs,
    )
    out.index.name = "segment_id"
    return out


# --------------------------------------------------------------------------------------
# Road coverage
# --------------------------------------------------------------------------------------
def road_coverage(
    segments: gpd.GeoDataFrame,
    footprints: gpd.GeoDataFrame,
    *,
    statuses: Sequence[str] | None = None,
    as_if_repaired: bool = False,
    camera_ids: bool = False,
    level: str | None = None,
    unknown: str | None = None,
) -> gpd.GeoDataFrame:
    """Measure what the cameras see of each road segment.

    The covered length of a segment is the length of its part inside the *union* of the
    footprints: where two cameras overlap, the road counts once.

    Parameters
    ----------
    segments : GeoDataFrame
        Lines in a projected CRS, usually from :func:`road_segments`.
    footprints : GeoDataFrame
        Camera footprints: (Multi)Polygons in the same CRS with ``camera_id`` and ``status``
        columns (as :func:`cctvgeo.coverage.fields_of_view` makes them). Missing or empty
        footprints cover nothing.
    statuses : sequence of str, optional
        Camera statuses that count. Default ``cg.settings.coverage_statuses`` (``("working",)``).
    as_if_repaired : bool, default False
        Also count the statuses in ``cg.settings.repairable_statuses`` (broken, not working,
        under repair): the picture after the repair plan.
    camera_ids : bool, default False
        Add a ``camera_ids`` column: the sorted ids of the cameras that see each segment.
    level : str, optional
        When ``footprints`` has a ``level`` column with several detail levels (one polygon per
        camera and level), the level to measure. Required in that case.
    unknown : {"auto", "count", "exclude"}, optional
        How cameras of status "unknown" (or with no status) count; default
        ``cg.settings.coverage_unknown_status`` ("auto": as working when no camera has a
        recorded status, else left out with a :class:`CoverageWarning`). See
        :func:`counted_cameras`.

    Returns
    -------
    GeoDataFrame
        A copy of ``segments`` (same index and CRS) with:

        - ``covered_m``: metres inside the union of the counted footprints (float);
        - ``unverified_m``: metres seen only by cameras left out because their status is
          "unknown" (0 when none were left out);
        - ``covered_share``: ``covered_m / length`` (0 for a zero-length segment);
        - ``n_cameras``: number of distinct cameras that see a positive length of it;
        - ``covered_intervals``: a tuple of ``(from_m, to_m)`` pairs, the covered stretches
          in metres from the segment's start, disjoint and sorted (used by
          :func:`coverage_gaps`; drop it before writing to a file);
        - ``camera_ids`` (list of str) when asked for.

        ``attrs["coverage_cameras"]`` counts the cameras: ``n_cameras``, ``n_counted``,
        ``n_unknown_counted``, ``n_unknown_left_out`` and the ``unknown_rule`` applied.

    Warns
    -----
    CoverageWarning
        When rule "auto" left cameras of status "unknown" out (the others have a status);
        when ``segments`` not made by :func:`road_segments` repeat one another (a directed
        network passed as it is), since their totals count those streets twice.

    Notes
    -----
    Each (segment, footprint) pair found by an STRtree query is intersected with shapely's
    array functions; each piece of an intersection becomes an interval along the segment,
    and the intervals of a segment are merged exactly in one numpy pass (a sorted
    running maximum). Stretches shorter than ``cg.settings.coverage_tolerance_m`` are
    rounding, not coverage. See ``docs/coverage.md``.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely import LineString, box
    >>> segs = road_segments(gpd.GeoDataFrame(
    ...     geometry=[LineString([(0, 0), (100, 0)])], crs=32647), max_length=50)
    >>> fp = gpd.GeoDataFrame({"camera_id": ["A", "B"], "status": ["working", "working"]},
    ...     geometry=[box(10, -5, 40, 5), box(30, -5, 60, 5)], crs=32647)
    >>> cov = road_coverage(segs, fp)
    >>> cov["covered_m"].tolist(), cov["n_cameras"].tolist()
    ([40.0, 10.0], [2, 1])
    """
    require_projected(segments, "segments")
    require_projected(footprints, "footprints")
    require_same_crs(segments=segments, footprints=footprints)
    report = ValidationReport("segments", n_rows=len(segments))
    report.extend(
        _geometry_problems(
            segments,
            "segments",
            ("LineString",),
            allow_empty=False,
            fix="Make segments with cg.coverage.road_segments(roads).",
        )
    )
    report.raise_if_errors()
    sel = _select_footprints(
        footprints, statuses=statuses, as_if_repaired=as_if_repaired, level=level, unknown=unknown
    )
    lines = np.asarray(segments.geometry.array, dtype=object)
    if "merged_duplicate_lines" not in segments.attrs:  # not made by road_segments
        _warn_repeated_segments(lines)
    n = len(lines)
    lengths = np.asarray(shapely.length(lines), dtype=np.float64)
    li, pi, a, b = _line_polygon_intervals(lines, lengths, sel.polys)
    counts = pi < sel.n_counted
    m_line, m_a, m_b, covered = _union_along(li[counts], a[counts], b[counts], lengths)
    n_cam, u_line, u_cam = _count_cameras(n, li[counts], sel.cams[pi[counts]], len(sel.cam_ids))

    out = segments.copy()
    out["covered_m"] = covered
    out["unverified_m"] = _unverified_m(li, a, b, lengths, covered, counts=counts)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["covered_share"] = np.where(lengths > 0, covered / lengths, 0.0)
    out["n_cameras"] = n_cam
    pairs = list(zip(m_a.tolist(), m_b.tolist(), strict=True))
    out["covered_intervals"] = pd.Series(
        [tuple(x) for x in _lists_by(n, m_line, pairs)], index=out.index, dtype=object
    )
    if camera_ids:
        out["camera_ids"] = pd.Series(
            _lists_by(n, u_line, sel.cam_ids[u_cam].tolist()), index=out.index, dtype=object
        )
    out.attrs["coverage_cameras"] = sel.cameras
    _warn_left_out(sel.cameras, _UNVERIFIED_M)
    return out


def _warn_repeated_segments(lines: NDArray[np.object_]) -> None:
    """Warn when segments repeat one another: their totals would count a street twice."""
    repeats = _duplicate_of(lines) != np.arange(len(lines))
    if repeats.any():
        warnings.warn(
            f"road_coverage: {int(repeats.sum())} segments ("
            f"{shapely.length(lines[repeats]).sum() / 1000.0:.3f} km) repeat another segment, "
            "reversed or not (a directed network stores a two-way street once per "
            "direction), so totals over the segments count those streets twice. Make the "
            "segments with cg.coverage.road_segments(roads), which merges them.",
            CoverageWarning,
            stacklevel=3,
        )


# --------------------------------------------------------------------------------------
# Summary
# --------------------------------------------------------------------------------------
def coverage_summary(
    cov: gpd.GeoDataFrame,
    *,
    by: str | Sequence[str] | None = "highway",
    districts: gpd.GeoDataFrame | None = None,
    district_name: str | None = None,
    total: bool = True,
) -> pd.DataFrame:
    """Total and covered kilometres of road, by road class and by district.

    Parameters
    ----------
    cov : GeoDataFrame
        The result of :func:`road_coverage`.
    by : str or list of str or None, default "highway"
        Column(s) of ``cov`` to group by. ``None`` gives one row (or one per district).
    districts : GeoDataFrame, optional
        District polygons in ``cov``'s CRS. Each segment goes to the district that holds its
        midpoint (the first one, in ``districts`` order, if they overlap); segments outside
        every district are reported under ``"(outside districts)"``. With 20 m segments the
        midpoint rule misplaces at most 10 m of road at each district border crossing.
    district_name : str, optional
        Column of ``districts`` with their names; default ``name`` if present, else the index.
    total : bool, default True
        Add a last row ``"all"`` with the totals over every group.

    Returns
    -------
    pandas.DataFrame
        One row per group, indexed by ``district`` (when given) then the ``by`` columns, with
        ``total_km``, ``covered_km``, ``uncovered_km``, ``covered_share`` (covered_km /
        total_km, 0 for no road) and ``n_segments``. Missing group values show as ``"(none)"``.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely import LineString, box
    >>> roads = gpd.GeoDataFrame({"highway": ["primary", "residential"]},
    ...     geometry=[LineString([(0, 0), (1000, 0)]), LineString([(0, 50), (500, 50)])],
    ...     crs=32647)
    >>> fp = gpd.GeoDataFrame({"camera_id": ["A"], "status": ["working"]},
    ...     geometry=[box(0, -10, 250, 10)], crs=32647)
    >>> s = coverage_summary(road_coverage(road_segments(roads), fp))
    >>> s["covered_share"].round(3).to_dict()
    {'primary': 0.25, 'residential': 0.0, 'all': 0.167}
    """
    require_projected(cov, "cov")
    missing = [c for c in ("covered_m",) if c not in cov.columns]
    keys: list[str] = [] if by is None else ([by] if isinstance(by, str) else list(by))
    missing += [c for c in keys if c not in cov.columns]
    if missing:
        report = ValidationReport("cov", n_rows=len(cov))
        for col in missing:
            report.add(
                Problem(
                    None, col, "", f"cov has no {col!r} column.", "Pass road_coverage(...) output."
                )
            )
        report.raise_if_errors()
    lines = np.asarray(cov.geometry.array, dtype=object)
    frame = pd.DataFrame(
        {
            "total_km": np.asarray(shapely.length(lines), dtype=np.float64) / 1000.0,
            "covered_km": cov["covered_m"].to_numpy(dtype=np.float64) / 1000.0,
        },
        index=cov.index,
    )
    group_cols: list[str] = []
    if districts is not None:
        require_projected(districts, "districts")
        require_same_crs(cov=cov, districts=districts)
        names = _names_of(districts, district_name)
        mids = shapely.line_interpolate_point(lines, 0.5, normalized=True)
        tree = shapely.STRtree(np.asarray(districts.geometry.array, dtype=object))
        mi, di = tree.query(mids, predicate="intersects")
        assigned = np.full(len(lines), len(districts), dtype=np.intp)
        np.minimum.at(assigned, mi, di)
        label = np.append(names, "(outside districts)")
        frame["district"] = label[assigned]
        group_cols.append("district")
    for key in keys:
        frame[key] = cov[key].astype(object).where(cov[key].notna(), "(none)").astype(str)
        group_cols.append(key)
    if not group_cols:
        frame["group"] = "all"
        group_cols = ["group"]
        total = False
    grouped = frame.groupby(group_cols, sort=True)
    table = grouped[["total_km", "covered_km"]].sum()
    table["n_segments"] = grouped.size().astype(np.int64)
    if total:
        all_row = pd.DataFrame(
            {
                "total_km": [frame["total_km"].sum()],
                "covered_km": [frame["covered_km"].sum()],
                "n_segments": [len(frame)],
            },
            index=pd.MultiIndex.from_tuples([("all",) * len(group_cols)], names=group_cols)
            if len(group_cols) > 1
            else pd.Index(["all"], name=group_cols[0]),
        )
        table = pd.concat([table, all_row])
    table["uncovered_km"] = table["total_km"] - table["covered_km"]
    tot = table["total_km"].to_numpy()
    table["covered_share"] = np.divide(
        table["covered_km"].to_numpy(), tot, out=np.zeros(len(table)), where=tot > 0
    )
    return table[["total_km", "covered_km", "uncovered_km", "covered_share", "n_segments"]]
