"""Coverage gaps: the uncovered stretches of road, merged along the network.

:func:`coverage_gaps` takes the result of :func:`cctvgeo.coverage.road_coverage`, cuts out
the covered intervals of each segment and joins the uncovered pieces that meet where only
two segment ends meet (a road continuing, not a junction), so a gap follows a road through
its bends and stops at junctions. Each gap names its road and the risk points near it.
"""

from __future__ import annotations

from itertools import chain
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy.sparse import coo_array
from scipy.sparse.csgraph import connected_components

from cctvgeo import settings
from cctvgeo._validate import Problem, ValidationReport, require_projected, require_same_crs
from cctvgeo.coverage._measure import (
    _geometry_problems,
    _lists_by,
    _names_of,
    _substrings,
)

if TYPE_CHECKING:  # pragma: no cover
    from numpy.typing import NDArray

__all__ = ["coverage_gaps"]


def _uncovered_pieces(
    cov: gpd.GeoDataFrame, lengths: NDArray[np.float64]
) -> tuple[NDArray[np.intp], NDArray[np.float64], NDArray[np.float64]]:
    """Complement of the covered intervals of each segment: ``(segment, s, e)``."""
    col = cov["covered_intervals"].to_numpy()
    counts = np.fromiter((len(c) for c in col), dtype=np.intp, count=len(col))
    flat = np.fromiter(
        chain.from_iterable(chain.from_iterable(col)), dtype=np.float64, count=2 * int(counts.sum())
    ).reshape(-1, 2)
    n = len(col)
    seg_of = np.repeat(np.arange(n), counts)
    # Gap starts: 0 and every covered end; gap ends: every covered start and the length.
    s_seg = np.concatenate([np.arange(n), seg_of])
    s_val = np.concatenate([np.zeros(n), flat[:, 1]])
    e_seg = np.concatenate([seg_of, np.arange(n)])
    e_val = np.concatenate([flat[:, 0], lengths])
    so = np.lexsort((s_val, s_seg))
    eo = np.lexsort((e_val, e_seg))
    seg, s, e = s_seg[so], s_val[so], e_val[eo]
    e = np.minimum(e, lengths[seg])
    keep = e - s > settings.coverage_tolerance_m
    return seg[keep].astype(np.intp), s[keep], e[keep]


def _node_keys(points_xy: NDArray[np.float64]) -> NDArray[np.intp]:
    """Integer node ids for points: points on the same ``gap_node_tolerance_m`` grid cell match."""
    tol = max(settings.gap_node_tolerance_m, 1e-9)
    snapped = np.round(points_xy / tol).astype(np.int64)
    _, inverse = np.unique(snapped, axis=0, return_inverse=True)
    return np.asarray(inverse, dtype=np.intp).ravel()


def _longest_value(
    groups: NDArray[np.intp], values: pd.Series, weights: NDArray[np.float64], n: int
) -> NDArray[np.object_]:
    """Per group, the value with the greatest total weight (missing when all are missing)."""
    df = pd.DataFrame({"g": groups, "v": values.to_numpy(dtype=object), "w": weights})
    df = df[df["v"].notna()]
    out = np.full(n, None, dtype=object)
    if len(df):
        tot = df.groupby(["g", "v"], sort=True)["w"].sum().reset_index()
        tot = tot.sort_values(["g", "w"], ascending=[True, False], kind="stable")
        best = tot.drop_duplicates("g")
        out[best["g"].to_numpy(dtype=np.intp)] = best["v"].to_numpy(dtype=object)
    return out


def _link_pieces(
    lines: NDArray[np.object_],
    lengths: NDArray[np.float64],
    seg: NDArray[np.intp],
    s: NDArray[np.float64],
    e: NDArray[np.float64],
) -> tuple[int, NDArray[np.intp]]:
    """Group uncovered pieces into gaps: pieces meeting where exactly two segment ends meet."""
    n_pieces = len(seg)
    tol = settings.coverage_tolerance_m
    # Nodes: every segment end; degree = how many segment ends meet there.
    ends_xy = np.concatenate(
        [
            shapely.get_coordinates(shapely.get_point(lines, 0)),
            shapely.get_coordinates(shapely.get_point(lines, -1)),
        ]
    )
    node = _node_keys(ends_xy)
    n_seg = len(lines)
    degree = np.bincount(node)
    start_node, end_node = node[:n_seg], node[n_seg:]
    # Piece ends that sit on a segment end, at a node where exactly two segment ends meet.
    at_start = s <= tol
    at_end = e >= lengths[seg] - tol
    piece_ids = np.arange(n_pieces)
    end_piece = np.concatenate([piece_ids[at_start], piece_ids[at_end]])
    end_node_of = np.concatenate([start_node[seg[at_start]], end_node[seg[at_end]]])
    linkable = degree[end_node_of] == 2
    end_piece, end_node_of = end_piece[linkable], end_node_of[linkable]
    order = np.argsort(end_node_of, kind="stable")
    end_piece, end_node_of = end_piece[order], end_node_of[order]
    same = end_node_of[1:] == end_node_of[:-1]
    adj = coo_array(
        (np.ones(int(same.sum())), (end_piece[:-1][same], end_piece[1:][same])),
        shape=(n_pieces, n_pieces),
    )
    n_gaps, comp = connected_components(adj, directed=False)
    return int(n_gaps), np.asarray(comp, dtype=np.intp)


def _risk_points_near(
    gaps: NDArray[np.object_],
    risk_points: gpd.GeoDataFrame | None,
    distance: float | None,
    name_column: str | None,
) -> pd.Series:
    """For each gap line, the sorted names of the risk points within ``distance`` metres."""
    k = len(gaps)
    if risk_points is None or len(risk_points) == 0:
        return pd.Series([[] for _ in range(k)], dtype=object)
    dist = settings.gap_risk_point_distance_m if distance is None else distance
    names = _names_of(risk_points, name_column)
    rp_geoms = np.asarray(risk_points.geometry.array, dtype=object)
    tree = shapely.STRtree(gaps)
    rp_i, gap_i = tree.query(rp_geoms, predicate="dwithin", distance=float(dist))
    df = pd.DataFrame({"g": gap_i, "n": names[rp_i]}).drop_duplicates()
    df = df.sort_values(["g", "n"], kind="stable")
    return pd.Series(_lists_by(k, df["g"].to_numpy(dtype=np.intp), df["n"].tolist()), dtype=object)


def coverage_gaps(
    cov: gpd.GeoDataFrame,
    *,
    min_length: float = 50.0,
    risk_points: gpd.GeoDataFrame | None = None,
    risk_point_distance: float | None = None,
    risk_point_name: str | None = None,
) -> gpd.GeoDataFrame:
    """Merge contiguous uncovered stretches of road into gap lines.

    Parameters
    ----------
    cov : GeoDataFrame
        The result of :func:`road_coverage` (it needs ``covered_intervals``, ``highway`` and
        ``name``).
    min_length : float, default 50.0
        Shortest gap returned, in metres.
    risk_points : GeoDataFrame, optional
        Police-nominated risk points (any geometry) in the same CRS.
    risk_point_distance : float, optional
        A gap passes a risk point when it comes within this many metres of it. Default
        ``cg.settings.gap_risk_point_distance_m``.
    risk_point_name : str, optional
        Column of ``risk_points`` holding their names; default ``name`` if present, else the
        index label.

    Returns
    -------
    GeoDataFrame
        One row per gap, longest first, on a ``RangeIndex`` named ``gap_id``, in ``cov``'s CRS:
        ``length_m``, ``highway`` and ``name`` (the values along most of the gap's length),
        ``n_segments``, ``edge_ids`` (list), ``risk_points`` (list of names, sorted) and the
        gap's line geometry.

    Notes
    -----
    Uncovered stretches are the complement of the covered intervals inside every segment,
    so a partly covered segment contributes its blind ends or middle. Two stretches are
    *contiguous* when they meet end to end at a point where exactly two segment ends meet
    (points closer than ``cg.settings.gap_node_tolerance_m`` are one point): a cut made by
    :func:`road_segments` inside a road, or a road node joining only two lines (a bend, a
    change of name or class, a split in a highways department's lines). Gaps stop at
    junctions of three or more lines and at dead ends: a blind junction ends the blind
    stretches of each road that meets there.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely import LineString, box
    >>> from cctvgeo.coverage import road_coverage, road_segments
    >>> segs = road_segments(gpd.GeoDataFrame({"highway": ["primary"], "name": ["A"]},
    ...     geometry=[LineString([(0, 0), (200, 0)])], crs=32647), max_length=20)
    >>> fp = gpd.GeoDataFrame({"camera_id": ["A"], "status": ["working"]},
    ...     geometry=[box(90, -5, 110, 5)], crs=32647)
    >>> gaps = coverage_gaps(road_coverage(segs, fp), min_length=50)
    >>> gaps["length_m"].round(3).tolist()
    [90.0, 90.0]
    """
    require_projected(cov, "cov")
    if risk_points is not None:
        require_projected(risk_points, "risk_points")
        require_same_crs(cov=cov, risk_points=risk_points)
    report = ValidationReport("cov", n_rows=len(cov))
    for col in ("covered_intervals", "highway", "name"):
        if col not in cov.columns:
            report.add(
                Problem(
                    None,
                    col,
                    "",
                    f"cov has no {col!r} column.",
                    "Pass the result of cg.coverage.road_coverage(segments, footprints).",
                )
            )
    report.extend(
        _geometry_problems(
            cov, "cov", ("LineString",), allow_empty=False, fix="Use road_segments(roads)."
        )
    )
    report.raise_if_errors()

    lines = np.asarray(cov.geometry.array, dtype=object)
    lengths = np.asarray(shapely.length(lines), dtype=np.float64)
    seg, s, e = _uncovered_pieces(cov, lengths)
    crs = cov.crs
    if len(seg) == 0:
        return _empty_gaps(cov)

    n_gaps, comp = _link_pieces(lines, lengths, seg, s, e)

    piece_len = e - s
    gap_len = np.bincount(comp, weights=piece_len, minlength=n_gaps)
    keep_gap = gap_len >= min_length
    if not keep_gap.any():
        return _empty_gaps(cov)
    sel = keep_gap[comp]
    seg, s, e, comp, piece_len = seg[sel], s[sel], e[sel], comp[sel], piece_len[sel]
    # Renumber kept gaps 0..k-1 and build their lines.
    kept_ids = np.flatnonzero(keep_gap)
    new_id = np.full(n_gaps, -1, dtype=np.intp)
    new_id[kept_ids] = np.arange(len(kept_ids))
    comp = new_id[comp]
    k = len(kept_ids)
    pieces = _substrings(lines, seg, s, e)
    order = np.argsort(comp, kind="stable")
    multi = shapely.multilinestrings(pieces[order], indices=comp[order])
    merged = shapely.line_merge(multi)

    length_m = np.bincount(comp, weights=piece_len, minlength=k)
    n_seg = len(lines)
    n_segments = np.bincount(np.unique(comp.astype(np.int64) * n_seg + seg) // n_seg, minlength=k)
    highway = _longest_value(comp, cov["highway"].iloc[seg], piece_len, k)
    name = _longest_value(comp, cov["name"].iloc[seg], piece_len, k)
    edge_col = cov["edge_id"] if "edge_id" in cov.columns else pd.Series(cov.index, index=cov.index)
    edge_df = pd.DataFrame({"g": comp, "edge": edge_col.to_numpy(dtype=object)[seg], "pos": seg})
    edge_df = edge_df.sort_values(["g", "pos"], kind="stable").drop_duplicates(["g", "edge"])
    edge_lists = _lists_by(k, edge_df["g"].to_numpy(dtype=np.intp), edge_df["edge"].tolist())
    first_pos = np.full(k, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first_pos, comp, seg)

    out = gpd.GeoDataFrame(
        {
            "length_m": length_m,
            "highway": pd.array(highway, dtype="str"),
            "name": pd.array(name, dtype="str"),
            "n_segments": n_segments.astype(np.int64),
            "edge_ids": pd.Series(edge_lists, dtype=object),
        },
        geometry=gpd.GeoSeries(merged, crs=crs).values,
        crs=crs,
    )
    out["risk_points"] = _risk_points_near(
        merged, risk_points, risk_point_distance, risk_point_name
    )
    out["n_risk_points"] = out["risk_points"].map(len).astype(np.int64)
    order_rows = np.lexsort((first_pos, -length_m))
    out = out.iloc[order_rows].reset_index(drop=True)
    out.index.name = "gap_id"
    cols = ["length_m", "highway", "name", "n_segments", "edge_ids", "risk_points", "n_risk_points"]
    return out[[*cols, "geometry"]]


def _empty_gaps(cov: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    out = gpd.GeoDataFrame(
        {
            "length_m": pd.Series(dtype=np.float64),
            "highway": pd.Series(dtype="str"),
            "name": pd.Series(dtype="str"),
            "n_segments": pd.Series(dtype=np.int64),
            "edge_ids": pd.Series(dtype=object),
            "risk_points": pd.Series(dtype=object),
            "n_risk_points": pd.Series(dtype=np.int64),
        },
        geometry=gpd.GeoSeries([], crs=cov.crs).values,
        crs=cov.crs,
    )
    out.index.name = "gap_id"
    return out
