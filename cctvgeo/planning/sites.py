"""New candidate sites: where a new camera could go, and which ways it could look.

Sites come from road junctions, points at a spacing along the roads, road points near each
risk point and the user's own sites (:func:`find_sites`); sites closer than
:data:`cctvgeo.settings.planning_site_merge_m` are merged. :func:`new_candidates` crosses
them with headings, camera models and lenses and gives each variant its footprint and
costs. :func:`cctvgeo.planning.candidate_sites` is the public entry point.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from cctvgeo import settings
from cctvgeo.planning.costs import COST_COLUMNS, CostModel

if TYPE_CHECKING:  # pragma: no cover
    from numpy.typing import NDArray

__all__ = ["SITE_SOURCES", "find_sites", "headings_for", "new_candidates", "road_lines"]

#: Where a site comes from, most specific first: a merged site takes the position of its most
#: specific member.
SITE_SOURCES = ("user", "risk point", "junction", "spacing")


_RING_TYPES = ("ptz", "panoramic")


_TANGENT_M = 5.0  # length over which the direction of a road at a site is measured


_HEADING_BIN_DEG = 10.0  # road headings closer than this at one site are one heading


def road_lines(segments: gpd.GeoDataFrame) -> pd.DataFrame:
    """Segments as a table: geometry, parent edge code, start/end along it, name, highway."""
    geoms = np.asarray(segments.geometry.array, dtype=object)
    n = len(segments)
    length = shapely.length(geoms)
    if {"edge_id", "start_m", "end_m"} <= set(segments.columns):
        edge = pd.factorize(segments["edge_id"].astype("str"))[0]
        start = segments["start_m"].to_numpy(dtype=np.float64)
        end = segments["end_m"].to_numpy(dtype=np.float64)
    else:
        edge, start, end = np.arange(n), np.zeros(n), length
    edge_length = (
        segments["edge_length"].to_numpy(dtype=np.float64)
        if "edge_length" in segments.columns
        else pd.Series(end).groupby(edge).transform("max").to_numpy()
    )

    def text(col: str) -> NDArray[np.object_]:
        if col not in segments.columns:
            return np.full(n, None, dtype=object)
        return segments[col].astype("object").where(segments[col].notna(), None).to_numpy()

    out = pd.DataFrame(
        {
            "geometry": geoms,
            "edge": edge,
            "start": start,
            "end": end,
            "edge_length": edge_length,
            "name": text("name"),
            "highway": text("highway"),
        }
    )
    return out.iloc[np.lexsort((start, edge))].reset_index(drop=True)


def _bearing(dx: NDArray[np.float64], dy: NDArray[np.float64]) -> NDArray[np.float64]:
    """Degrees clockwise from north."""
    return np.mod(np.degrees(np.arctan2(dx, dy)), 360.0)


def _point_on_edge(
    lines: pd.DataFrame, edge: NDArray[np.intp], pos: NDArray[np.float64]
) -> tuple[NDArray[np.object_], NDArray[np.bool_]]:
    """Points at ``pos`` metres along parent edges; False where the edge is shorter."""
    if edge.size == 0:
        return np.zeros(0, dtype=object), np.zeros(0, dtype=bool)
    e = lines["edge"].to_numpy()
    span = float(lines["edge_length"].max()) + 1.0
    key = e * span + lines["start"].to_numpy()
    k = np.searchsorted(key, edge * span + pos, side="right") - 1
    k = np.clip(k, 0, len(lines) - 1)
    ok = (e[k] == edge) & (pos >= 0) & (pos <= lines["edge_length"].to_numpy()[k])
    geoms = lines["geometry"].to_numpy()
    pts = np.full(edge.size, None, dtype=object)
    if ok.any():
        local = pos[ok] - lines["start"].to_numpy()[k[ok]]
        pts[ok] = shapely.line_interpolate_point(geoms[k[ok]], local)
    return pts, ok


def _site_frame(
    pts: NDArray[np.object_],
    source: str,
    *,
    name: Any = None,
    has_pole: Any = None,
    risk: Any = None,
    target: Any = None,
    user_id: Any = None,
) -> pd.DataFrame:
    n = len(pts)
    default_pole = source == "user" or settings.planning_generated_sites_have_pole
    return pd.DataFrame(
        {
            "x": shapely.get_x(pts) if n else np.zeros(0),
            "y": shapely.get_y(pts) if n else np.zeros(0),
            "source": source,
            "rank": SITE_SOURCES.index(source),
            "name": name if name is not None else np.full(n, None, dtype=object),
            "has_pole": has_pole if has_pole is not None else np.full(n, default_pole),
            "risk": risk if risk is not None else np.full(n, None, dtype=object),
            "target": target if target is not None else np.full(n, None, dtype=object),
            "user_id": user_id if user_id is not None else np.full(n, None, dtype=object),
        }
    )


def _junction_points(lines: pd.DataFrame) -> NDArray[np.object_]:
    """Nodes where three or more road lines end (a loop's two ends both count)."""
    if lines.empty:
        return np.zeros(0, dtype=object)
    edge = lines["edge"].to_numpy()
    first = np.ones(len(lines), dtype=bool)
    first[1:] = edge[1:] != edge[:-1]
    last = np.ones(len(lines), dtype=bool)
    last[:-1] = edge[1:] != edge[:-1]
    geoms = lines["geometry"].to_numpy()
    ends = np.concatenate([shapely.get_point(geoms[first], 0), shapely.get_point(geoms[last], -1)])
    xy = shapely.get_coordinates(ends)
    grid = np.round(xy / settings.gap_node_tolerance_m).astype(np.int64)
    _, idx, counts = np.unique(grid, axis=0, return_index=True, return_counts=True)
    keep = idx[counts >= 3]
    return ends[np.sort(keep)]


def _spaced_points(lines: pd.DataFrame, spacing: float) -> NDArray[np.object_]:
    start, end = lines["start"].to_numpy(), lines["end"].to_numpy()
    k_lo = np.maximum(np.ceil(start / spacing - 1e-9), 1).astype(np.int64)
    k_hi = (np.ceil(end / spacing - 1e-9) - 1).astype(np.int64)
    count = np.maximum(k_hi - k_lo + 1, 0)
    row = np.repeat(np.arange(len(lines)), count)
    k = np.repeat(k_lo, count) + (
        np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    )
    pos = k * spacing
    inside = pos < lines["edge_length"].to_numpy()[row]
    row, pos = row[inside], pos[inside]
    geoms = lines["geometry"].to_numpy()
    return shapely.line_interpolate_point(geoms[row], pos - start[row])


def _risk_sites(lines: pd.DataFrame, risk_points: gpd.GeoDataFrame) -> pd.DataFrame:
    pts = np.asarray(risk_points.geometry.array, dtype=object)
    ok_geom = ~(shapely.is_missing(pts) | shapely.is_empty(pts))
    ids = (
        risk_points["point_id"].astype("str").to_numpy()
        if "point_id" in risk_points.columns
        else np.array([str(i) for i in risk_points.index], dtype=object)
    )
    names = (
        risk_points["name"].astype("object").where(risk_points["name"].notna(), None).to_numpy()
        if "name" in risk_points.columns
        else ids
    )
    geoms = lines["geometry"].to_numpy()
    tree = shapely.STRtree(geoms)
    src = np.flatnonzero(ok_geom)
    (pi, si), _ = tree.query_nearest(
        pts[src],
        max_distance=settings.planning_risk_site_radius_m,
        return_distance=True,
        all_matches=False,
    )
    pi = src[pi]
    t = shapely.line_locate_point(geoms[si], pts[pi])
    pos = lines["start"].to_numpy()[si] + t
    edge = lines["edge"].to_numpy()[si]
    off = settings.planning_risk_site_offset_m
    frames = []
    for shift in (0.0, -off, off):
        where, ok = _point_on_edge(lines, edge, pos + shift)
        frames.append(
            _site_frame(
                where[ok],
                "risk point",
                name=names[pi[ok]],
                risk=ids[pi[ok]],
                target=pts[pi[ok]],
            )
        )
    return pd.concat(frames, ignore_index=True)


def _user_sites(sites: gpd.GeoDataFrame) -> pd.DataFrame:
    pts = np.asarray(sites.geometry.array, dtype=object)
    n = len(sites)
    pole = (
        sites["has_pole"].astype("boolean").fillna(True).to_numpy(dtype=bool)
        if "has_pole" in sites.columns
        else np.ones(n, dtype=bool)
    )
    name = (
        sites["name"].astype("object").where(sites["name"].notna(), None).to_numpy()
        if "name" in sites.columns
        else None
    )
    uid = (
        sites["site_id"].astype("str").to_numpy()
        if "site_id" in sites.columns
        else np.array([str(i) for i in sites.index], dtype=object)
    )
    return _site_frame(pts, "user", name=name, has_pole=pole, user_id=uid)


def _all_sites(
    lines: pd.DataFrame,
    risk_points: gpd.GeoDataFrame | None,
    sites: gpd.GeoDataFrame | None,
    spacing: float | None,
    junctions: bool,
) -> pd.DataFrame:
    frames = []
    if sites is not None and len(sites):
        frames.append(_user_sites(sites))
    if risk_points is not None and len(risk_points) and len(lines):
        frames.append(_risk_sites(lines, risk_points))
    if junctions and len(lines):
        frames.append(_site_frame(_junction_points(lines), "junction"))
    if spacing is not None and len(lines):
        frames.append(_site_frame(_spaced_points(lines, float(spacing)), "spacing"))
    frames = [f for f in frames if len(f)]
    if not frames:
        return _site_frame(np.zeros(0, dtype=object), "junction")
    return pd.concat(frames, ignore_index=True)


def find_sites(
    lines: pd.DataFrame,
    *,
    risk_points: gpd.GeoDataFrame | None,
    sites: gpd.GeoDataFrame | None,
    spacing: float | None,
    junctions: bool,
    buildings: Any,
) -> pd.DataFrame:
    """Every site, merged and named: one row per site with ``site_id`` and ``site_name``.

    Parameters
    ----------
    lines : DataFrame
        The road lines (:func:`road_lines`).
    risk_points, sites : GeoDataFrame, optional
        Risk points and user sites (see :func:`cctvgeo.planning.candidate_sites`).
    spacing : float, optional
        Metres between sites along roads.
    junctions : bool
        Whether road junctions are sites.
    buildings : GeoDataFrame or GeoSeries, optional
        Generated sites inside a building are dropped.

    Returns
    -------
    DataFrame
        ``x``, ``y``, ``site_id``, ``site_name``, ``sources``, ``risk_ids``, ``has_pole``,
        ``targets`` (risk points to look at) and the source's ``rank``.
    """
    table = _all_sites(lines, risk_points, sites, spacing, junctions)
    table = _drop_in_buildings(table, buildings)
    table = _merge_sites(table, settings.planning_site_merge_m)
    table["site_name"] = _site_names(table, lines)
    return table


def _drop_in_buildings(table: pd.DataFrame, buildings: Any) -> pd.DataFrame:
    if buildings is None or table.empty:
        return table
    pts = shapely.points(table["x"].to_numpy(), table["y"].to_numpy())
    polys = np.asarray(gpd.GeoSeries(buildings.geometry).array, dtype=object)
    tree = shapely.STRtree(polys)
    inside, _ = tree.query(pts, predicate="within")
    drop = np.zeros(len(table), dtype=bool)
    drop[inside] = True
    drop &= (table["source"] != "user").to_numpy()
    return table[~drop].reset_index(drop=True)


def _merge_sites(table: pd.DataFrame, distance: float) -> pd.DataFrame:
    """Merge sites closer than ``distance`` (chains included): one site per component."""
    if table.empty:
        out = table.assign(site_id=pd.Series(dtype="str"), sources=pd.Series(dtype="str"))
        out["risk_ids"] = pd.Series(dtype="object")
        return out
    pts = shapely.points(table["x"].to_numpy(), table["y"].to_numpy())
    n = len(table)
    a, b = shapely.STRtree(pts).query(pts, predicate="dwithin", distance=distance)
    graph = sparse.coo_array((np.ones(a.size), (a, b)), shape=(n, n))
    _, label = connected_components(graph, directed=False)
    order = np.lexsort((np.arange(n), table["rank"].to_numpy(), label))
    first = np.ones(n, dtype=bool)
    first[1:] = label[order][1:] != label[order][:-1]
    reps = order[first]
    rep_of_label = np.empty(label.max() + 1, dtype=np.intp)
    rep_of_label[label[reps]] = reps
    grouped = table.assign(_label=label)
    sources = grouped.groupby("_label")["source"].agg(
        lambda s: ";".join(x for x in SITE_SOURCES if x in set(s))
    )
    risk = grouped.groupby("_label")["risk"].agg(lambda s: tuple(sorted({x for x in s if x})))
    pole = grouped.groupby("_label")["has_pole"].any()
    targets = grouped.groupby("_label")["target"].agg(
        lambda s: tuple(x for x in s if x is not None)
    )
    out = table.iloc[rep_of_label].reset_index(drop=True)
    labels = np.arange(label.max() + 1)
    out["sources"] = sources.loc[labels].to_numpy()
    out["risk_ids"] = risk.loc[labels].to_numpy()
    out["has_pole"] = pole.loc[labels].to_numpy(dtype=bool)
    out["targets"] = targets.loc[labels].to_numpy()
    out = out.iloc[np.lexsort((np.arange(len(out)), out["rank"].to_numpy()))].reset_index(drop=True)
    width = max(4, len(str(len(out))))
    ids = [f"S{i + 1:0{width}d}" for i in range(len(out))]
    user = out["user_id"].notna().to_numpy()
    out["site_id"] = np.where(user, out["user_id"].astype("object"), np.array(ids, dtype=object))
    return out


def _site_names(table: pd.DataFrame, lines: pd.DataFrame) -> NDArray[np.object_]:
    """A user site's name, a risk point's name with its road, or the roads at the site.

    Names hold no English or Thai words of their own, so Thai and English reasons can both
    quote them; a site with no road and no name gets "" and is shown by its id.
    """
    n = len(table)
    out = np.full(n, "", dtype=object)
    if n == 0:
        return out
    pts = shapely.points(table["x"].to_numpy(), table["y"].to_numpy())
    geoms = lines["geometry"].to_numpy()
    road = np.full(n, "", dtype=object)
    if len(lines):
        pi, si = shapely.STRtree(geoms).query(
            pts, predicate="dwithin", distance=settings.planning_road_snap_m
        )
        label = np.where(
            pd.notna(lines["name"].to_numpy()[si]),
            lines["name"].to_numpy()[si],
            "unnamed "
            + pd.Series(lines["highway"].to_numpy()[si]).fillna("road").astype(str).to_numpy(),
        )
        named = pd.DataFrame({"p": pi, "n": label}).drop_duplicates()
        joined = named.groupby("p")["n"].agg(lambda names: " / ".join(sorted(names)))
        road[joined.index.to_numpy()] = joined.to_numpy()
    for i in range(n):
        given = table["name"].iloc[i]
        source = table["source"].iloc[i]
        if source == "user" and given:
            out[i] = str(given)
        elif source == "risk point" and given:
            out[i] = f"{given}" + (f" ({road[i]})" if road[i] else "")
        else:
            out[i] = road[i]
    return out


def _road_headings(
    pts: NDArray[np.object_], lines: pd.DataFrame
) -> tuple[NDArray[np.intp], NDArray[np.float64]]:
    """Both ways along each road line through each point: (point position, heading)."""
    if len(lines) == 0 or len(pts) == 0:
        return np.zeros(0, dtype=np.intp), np.zeros(0)
    geoms = lines["geometry"].to_numpy()
    pi, si = shapely.STRtree(geoms).query(
        pts, predicate="dwithin", distance=settings.planning_road_snap_m
    )
    g = geoms[si]
    length = shapely.length(g)
    t = shapely.line_locate_point(g, pts[pi])
    here = shapely.line_interpolate_point(g, t)
    out_p, out_h = [], []
    for sign, ok in ((1.0, t < length - 1e-6), (-1.0, t > 1e-6)):
        ahead = shapely.line_interpolate_point(
            g[ok], np.clip(t[ok] + sign * _TANGENT_M, 0, length[ok])
        )
        d = shapely.get_coordinates(ahead) - shapely.get_coordinates(here[ok])
        out_p.append(pi[ok])
        out_h.append(_bearing(d[:, 0], d[:, 1]))
    p = np.concatenate(out_p)
    h = np.concatenate(out_h)
    # One heading per 10-degree bin at each point.
    binned = np.round(h / _HEADING_BIN_DEG).astype(np.int64) % int(360 / _HEADING_BIN_DEG)
    _, keep = np.unique(np.stack([p, binned]), axis=1, return_index=True)
    keep = np.sort(keep)
    return p[keep].astype(np.intp), h[keep]


def heading_text(heading: NDArray[np.float64]) -> NDArray[np.str_]:
    """Headings for ids: "045", or "072.3" when not a whole degree (to a tenth)."""
    tenth = np.mod(np.round(np.mod(heading, 360.0), 1), 360.0)
    whole = np.isclose(tenth, np.round(tenth))
    ints = np.char.zfill(np.round(tenth).astype(int).astype(str), 3)
    tenths = np.char.zfill(np.char.mod("%.1f", tenth), 5)
    return np.where(whole, ints, tenths)


def headings_for(
    pts: NDArray[np.object_], lines: pd.DataFrame, fixed: NDArray[np.float64] | None
) -> tuple[NDArray[np.intp], NDArray[np.float64], NDArray[np.object_]]:
    """Headings to try at each point: the ``fixed`` ones, or both ways along each road.

    Returns
    -------
    tuple of ndarray
        Point position, heading (degrees clockwise from north) and its source ("fixed" or
        "road") of every (point, heading) pair.
    """
    if fixed is None:
        p, h = _road_headings(pts, lines)
        return p, h, np.full(p.size, "road", dtype=object)
    p = np.repeat(np.arange(len(pts)), fixed.size).astype(np.intp)
    h = np.tile(fixed, len(pts))
    return p, h, np.full(p.size, "fixed", dtype=object)


def _footprints(frame: pd.DataFrame, crs: Any, level: str, buildings: Any) -> gpd.GeoDataFrame:
    from cctvgeo.coverage import fields_of_view

    cams = gpd.GeoDataFrame(
        frame,
        geometry=shapely.points(frame["site_x"].to_numpy(), frame["site_y"].to_numpy()),
        crs=crs,
    )
    # Every directional candidate has a heading; rings need none.
    return fields_of_view(cams, level=level, buildings=buildings, missing_heading="omni")


def new_candidates(
    table: pd.DataFrame,
    lines: pd.DataFrame,
    *,
    fixed_headings: NDArray[np.float64] | None,
    catalogue: pd.DataFrame,
    lenses: Sequence[str],
    cost_model: CostModel,
    level: str,
    buildings: Any,
    crs: Any,
) -> pd.DataFrame:
    """New-camera candidates: every site x heading x model x lens, with footprint and costs.

    Parameters
    ----------
    table : DataFrame
        The sites (:func:`find_sites`).
    lines : DataFrame
        The road lines (:func:`road_lines`).
    fixed_headings : ndarray, optional
        Headings to try, or None for both ways along the roads (see :func:`headings_for`);
        risk-point sites also look at their risk points.
    catalogue : DataFrame
        Camera models; ring cameras (PTZ, panoramic, domes when
        :data:`cctvgeo.settings.dome_is_ptz`) get one variant per site, with no heading.
    lenses : sequence of {"wide", "narrow"}
        Lens settings of directional models.
    cost_model : CostModel
        Prices the new cameras.
    level : str
        DORI level of the footprints.
    buildings : GeoDataFrame or GeoSeries, optional
        Occluding buildings.
    crs : CRS
        The sites' CRS.

    Returns
    -------
    DataFrame
        Candidate rows (``kind`` "new", group ``<site>@<heading>``) with ``geometry``.
    """
    pts = shapely.points(table["x"].to_numpy(), table["y"].to_numpy())
    hp, hh, hsrc = headings_for(pts, lines, fixed_headings)
    # Risk-point sites also look straight at their risk points.
    tp, th = [], []
    for i, targets in enumerate(table["targets"].tolist()):
        for target in targets:
            d = np.array(target.coords[0]) - np.array(pts[i].coords[0])
            if math.hypot(*d) > 1.0:
                tp.append(i)
                th.append(float(_bearing(d[0:1], d[1:2])[0]))
    hp = np.concatenate([hp, np.asarray(tp, dtype=np.intp)])
    hh = np.concatenate([hh, np.asarray(th, dtype=np.float64)])
    hsrc = np.concatenate([hsrc, np.full(len(tp), "risk point", dtype=object)])

    ring = catalogue["camera_type"].isin(_RING_TYPES).to_numpy() | (
        settings.dome_is_ptz & (catalogue["camera_type"] == "dome").to_numpy()
    )
    variants = []  # (model row, lens, hfov)
    for m in range(len(catalogue)):
        row = catalogue.iloc[m]
        lo, hi = float(row["hfov_min_deg"]), float(row["hfov_max_deg"])
        if ring[m]:
            variants.append((m, "wide", hi))
            continue
        for lens in lenses:
            if lens == "narrow" and not lo < hi:
                continue
            variants.append((m, lens, hi if lens == "wide" else lo))
    rows = []
    for m, lens, hfov in variants:
        if ring[m]:
            site = np.arange(len(table))
            heading = np.full(site.size, np.nan)
            src = np.full(site.size, "ring", dtype=object)
        else:
            site, heading, src = hp, hh, hsrc
        rows.append(
            pd.DataFrame(
                {
                    "_site": site,
                    "_model": m,
                    "lens": lens,
                    "hfov_deg": hfov,
                    "heading_deg": heading,
                    "heading_source": src,
                }
            )
        )
    var = pd.concat(rows, ignore_index=True)
    # Identical heading from two sources at one site: keep one (the first source).
    var = var.assign(_h=np.round(var["heading_deg"].fillna(-1.0), 1))
    var = var.drop_duplicates(["_site", "_model", "lens", "_h"]).drop(columns="_h")
    var = var.sort_values(
        ["_site", "heading_deg", "_model", "lens"], kind="stable", na_position="last"
    )
    var = var.reset_index(drop=True)
    s = table.iloc[var["_site"].to_numpy()].reset_index(drop=True)
    mod = catalogue.iloc[var["_model"].to_numpy()].reset_index(drop=True)
    head = var["heading_deg"].to_numpy()
    head_txt = np.where(np.isnan(head), "ring", heading_text(np.nan_to_num(head)))
    cid = (
        s["site_id"].astype(str).to_numpy()
        + "-"
        + head_txt
        + "-"
        + mod["model_id"].astype(str).to_numpy()
        + "-"
        + var["lens"].to_numpy().astype(str)
    )
    frame = pd.DataFrame(
        {
            "candidate_id": cid,
            "kind": "new",
            "site_id": s["site_id"].astype(str).to_numpy(),
            "site_source": s["sources"].to_numpy(),
            "site_name": s["site_name"].to_numpy(),
            "risk_point_ids": [";".join(r) for r in s["risk_ids"].tolist()],
            "camera_id": None,
            "owner": None,
            "status_before": None,
            "model_id": mod["model_id"].to_numpy(),
            "model_name": mod["name"].to_numpy()
            if "name" in mod.columns
            else mod["model_id"].to_numpy(),
            "camera_type": mod["camera_type"].to_numpy(),
            "lens": var["lens"].to_numpy(),
            "heading_deg": head,
            "heading_source": var["heading_source"].to_numpy(),
            "hfov_deg": var["hfov_deg"].to_numpy(dtype=np.float64),
            "resolution_px": mod["resolution_px"].to_numpy(dtype=np.float64),
            "height_m": mod["height_m"].to_numpy(dtype=np.float64),
            "tilt_deg": mod["tilt_deg"].to_numpy(dtype=np.float64),
            "has_pole": s["has_pole"].to_numpy(dtype=bool),
            "site_x": s["x"].to_numpy(),
            "site_y": s["y"].to_numpy(),
            "group": s["site_id"].astype(str).to_numpy() + "@" + head_txt,
        }
    )
    costs = cost_model.new_camera_costs(mod, has_pole=frame["has_pole"].to_numpy())
    return _with_footprints(frame, costs, level, buildings, crs)


def _with_footprints(
    frame: pd.DataFrame, costs: pd.DataFrame, level: str, buildings: Any, crs: Any
) -> pd.DataFrame:
    """Add footprints (fields_of_view of the candidate cameras) and the cost columns."""
    fp = _footprints(
        frame.assign(camera_id=frame["candidate_id"], status="working"), crs, level, buildings
    )
    out = frame.copy()
    out["level"] = level
    out["far_m"] = fp["far_m"].to_numpy()
    out["footprint_reason"] = fp["reason"].to_numpy()
    for col in COST_COLUMNS:
        out[col] = costs[col].to_numpy()
    out["geometry"] = fp.geometry.to_numpy()
    return out
