"""Candidate cameras: sites x headings x camera models, plus repairs and re-aims.

Every candidate is a camera that *could* be paid for: a new camera at a site, looking one
way, of one catalogue model and lens; a repair of a broken camera; or a working camera
whose owner is asked to turn it (the police "jigsaw" practice with private cameras). Each
gets its footprint from :func:`cctvgeo.coverage.fields_of_view`, the same code that draws
the existing cameras, and its costs from :class:`cctvgeo.planning.CostModel`.
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
from cctvgeo._validate import Problem, ValidationReport, require_projected, require_same_crs
from cctvgeo.planning.costs import COST_COLUMNS, CostModel

if TYPE_CHECKING:  # pragma: no cover
    from numpy.typing import NDArray

__all__ = ["CANDIDATE_COLUMNS", "SITE_SOURCES", "candidate_sites"]

#: Where a site comes from, most specific first: a merged site takes the position of its most
#: specific member.
SITE_SOURCES = ("user", "risk point", "junction", "spacing")
#: The columns of :func:`candidate_sites`' result, before ``geometry`` (the footprint).
CANDIDATE_COLUMNS = (
    "candidate_id",
    "kind",
    "site_id",
    "site_source",
    "site_name",
    "risk_point_ids",
    "camera_id",
    "owner",
    "status_before",
    "model_id",
    "model_name",
    "camera_type",
    "lens",
    "heading_deg",
    "heading_source",
    "hfov_deg",
    "resolution_px",
    "height_m",
    "tilt_deg",
    "has_pole",
    "site_x",
    "site_y",
    "group",
    "level",
    "far_m",
    "footprint_reason",
    *COST_COLUMNS,
)
_RING_TYPES = ("ptz", "panoramic")
_LENSES = ("wide", "narrow")
_TANGENT_M = 5.0  # length over which the direction of a road at a site is measured
_HEADING_BIN_DEG = 10.0  # road headings closer than this at one site are one heading


def candidate_sites(
    segments: gpd.GeoDataFrame,
    *,
    risk_points: gpd.GeoDataFrame | None = None,
    sites: gpd.GeoDataFrame | None = None,
    models: Sequence[str] | pd.DataFrame | None = None,
    headings: int | Sequence[float] | str = 8,
    spacing: float | None = None,
    buildings: gpd.GeoDataFrame | gpd.GeoSeries | None = None,
    cams: gpd.GeoDataFrame | None = None,
    lenses: Sequence[str] = _LENSES,
    cost_model: CostModel | None = None,
    level: str | None = None,
    junctions: bool = True,
    reaim_owners: Sequence[str] | None = None,
    footprints: gpd.GeoDataFrame | None = None,
) -> gpd.GeoDataFrame:
    """Build candidate cameras (new sites, repairs, re-aims) with footprints and costs.

    **Sites** come from four sources:

    * road junctions: nodes where three or more road lines meet (``junctions=True``);
    * points every ``spacing`` metres along each road line, if ``spacing`` is given;
    * near each risk point: the nearest road point within
      :data:`cctvgeo.settings.planning_risk_site_radius_m` and the road points
      :data:`cctvgeo.settings.planning_risk_site_offset_m` either side of it along the
      road, each also looking *at* the risk point;
    * ``sites`` given by the user (poles, buildings that agree to host a camera).

    Sites closer than :data:`cctvgeo.settings.planning_site_merge_m` are merged (the most
    specific source gives the position: user, risk point, junction, spacing). Generated
    sites inside a building are dropped (user sites are kept: a camera can be mounted on
    a building that agrees to host it).

    **Variants:** each site is crossed with the headings and with the camera models and
    lenses. Ring cameras (PTZ, panoramic) get one variant per site, with no heading.

    **Repairs and re-aims** (when ``cams`` is given): every camera whose status is in
    :data:`cctvgeo.settings.repairable_statuses` becomes a repair candidate with its own
    footprint; every working directional camera whose ``owner`` is in ``reaim_owners``
    gets one re-aim candidate per heading (other than its current one). A re-aim shares
    the group ``camera:<camera_id>`` with the camera's current view, which
    :func:`cctvgeo.planning.plan` adds, so a plan keeps the old view or takes one re-aim.

    Parameters
    ----------
    segments : GeoDataFrame
        Road lines in a projected CRS, usually :func:`cctvgeo.coverage.road_segments`
        (``edge_id``, ``start_m``, ``end_m``, ``edge_length`` and ``name`` are used when
        present; otherwise every row is one road line).
    risk_points : GeoDataFrame, optional
        Points in the same CRS (``point_id`` and ``name`` used when present).
    sites : GeoDataFrame, optional
        User sites: points in the same CRS; optional columns ``site_id``, ``name``,
        ``has_pole`` (default True: a pole or a wall to mount on).
    models : sequence of str or DataFrame, optional
        ``model_id`` values of :func:`cctvgeo.coverage.camera_models`, or a catalogue-like
        DataFrame. Default: every model of the catalogue.
    headings : int, sequence of float or "road", default 8
        ``n`` evenly spaced directions (clockwise from north, starting at 0), the given
        directions, or ``"road"``: both ways along each road through the site.
    spacing : float, optional
        Metres between sites along roads.
    buildings : GeoDataFrame or GeoSeries, optional
        Building polygons: footprints are occluded by them and generated sites inside one
        are dropped.
    cams : GeoDataFrame, optional
        The camera survey (:func:`cctvgeo.read_cameras`, projected), for repairs and re-aims.
    lenses : sequence of {"wide", "narrow"}, default both
        Lens settings of directional models: the widest (``hfov_max_deg``: wider, shorter
        reach) and the narrowest (``hfov_min_deg``: narrower, longer reach) view of the
        catalogue's lens or zoom range. Models with one field of view get one variant.
    cost_model : CostModel, optional
        Default :meth:`CostModel.default` (indicative figures).
    level : str, optional
        DORI level of the footprints; default :data:`cctvgeo.settings.planning_level`.
    junctions : bool, default True
        Whether road junctions are sites.
    reaim_owners : sequence of str, optional
        Owners whose cameras may be re-aimed; default
        :data:`cctvgeo.settings.planning_reaim_owners` (``("private",)``).
    footprints : GeoDataFrame, optional
        The survey's fields of view at ``level``, computed before
        (:func:`cctvgeo.coverage.fields_of_view` of ``cams``, on its index): the current
        views of the cameras to repair or re-aim are taken from it instead of computed
        again.

    Returns
    -------
    GeoDataFrame
        One row per candidate on a new RangeIndex named ``candidate``, with
        :data:`CANDIDATE_COLUMNS` and the footprint as geometry, in the segments' CRS:
        ``kind`` is ``"new"``, ``"repair"`` or ``"re-aim"``; ``group`` holds the variants
        of one site and heading (cap 1 in a plan) and ``site_id`` the site (cap
        :data:`cctvgeo.settings.planning_max_per_site`); ``site_x``/``site_y`` are the
        camera position; the cost columns are those of :data:`cctvgeo.planning.COST_COLUMNS`.
        A candidate whose footprint is empty is kept, with ``footprint_reason`` saying why.

    Raises
    ------
    cctvgeo.CRSError
        A frame is not projected, or the frames are not in one CRS.
    cctvgeo.ValidationError
        Unknown models or lenses, bad headings or spacing, or user sites that are not points.

    Examples
    --------
    Two crossing streets and one risk point; 4 headings and one camera model:

    >>> import geopandas as gpd
    >>> from shapely import LineString, Point
    >>> roads = gpd.GeoDataFrame({"name": ["A", "A", "B", "B"]}, geometry=[
    ...     LineString([(-100, 0), (0, 0)]), LineString([(0, 0), (100, 0)]),
    ...     LineString([(0, -100), (0, 0)]), LineString([(0, 0), (0, 100)])], crs=32647)
    >>> rp = gpd.GeoDataFrame({"point_id": ["RP-1"], "name": ["market"]},
    ...     geometry=[Point(60, 8)], crs=32647)
    >>> cand = candidate_sites(roads, risk_points=rp, models=["fixed_2mp_bullet"],
    ...     headings=4, lenses=["wide"])
    >>> sorted(set(cand["site_source"]))
    ['junction', 'risk point']
    >>> cand.groupby("site_source").size().to_dict()
    {'junction': 4, 'risk point': 14}

    The junction has 4 headings. The risk point has 3 sites on road A: the nearest road
    point (60, 0), where the bearing to the point (0) is one of the 4 headings, and the
    points 25 m either side, which also look at the point (72 and 288 degrees):

    >>> sorted(cand.loc[cand["heading_source"] == "risk point", "heading_deg"].round().tolist())
    [72.0, 288.0]
    >>> int(cand["capital_thb"].iloc[0])
    46000
    """
    require_projected(segments, "segments")
    require_same_crs(
        segments=segments, risk_points=risk_points, sites=sites, buildings=buildings, cams=cams
    )
    cost_model = cost_model or CostModel.default()
    level = level or settings.planning_level
    report = ValidationReport("candidate_sites")
    catalogue = _models(models, cost_model, report)
    fixed_headings = _heading_option(headings, report)
    if spacing is not None and not (isinstance(spacing, int | float) and spacing > 0):
        report.add(_problem("spacing", spacing, "spacing must be a positive number of metres."))
    for lens in lenses:
        if lens not in _LENSES:
            report.add(_problem("lenses", lens, "Unknown lens; use 'wide' and/or 'narrow'."))
    if sites is not None:
        bad = ~(sites.geometry.geom_type == "Point").to_numpy()
        for label in sites.index[bad]:
            report.add(
                Problem(label, "geometry", "", "A user site is not a point.", "Give point sites.")
            )
    report.raise_if_errors()

    lines = _lines(segments)
    table = _all_sites(lines, risk_points, sites, spacing, junctions)
    table = _drop_in_buildings(table, buildings)
    table = _merge_sites(table, settings.planning_site_merge_m)
    table["site_name"] = _site_names(table, lines)
    parts = []
    if len(table):
        parts.append(
            _new_candidates(
                table,
                lines,
                fixed_headings=fixed_headings,
                catalogue=catalogue,
                lenses=lenses,
                cost_model=cost_model,
                level=level,
                buildings=buildings,
                crs=segments.crs,
            )
        )
    if cams is not None and len(cams):
        parts.append(
            _repair_candidates(
                cams,
                segments,
                cost_model=cost_model,
                level=level,
                buildings=buildings,
                footprints=footprints,
            )
        )
        owners = settings.planning_reaim_owners if reaim_owners is None else reaim_owners
        parts.append(
            _reaim_candidates(
                cams,
                segments,
                lines=lines,
                fixed_headings=fixed_headings,
                owners=owners,
                cost_model=cost_model,
                level=level,
                buildings=buildings,
                footprints=footprints,
            )
        )
    parts = [p for p in parts if len(p)]
    if not parts:
        empty = gpd.GeoDataFrame(
            {c: pd.Series(dtype="object") for c in CANDIDATE_COLUMNS},
            geometry=gpd.GeoSeries([], crs=segments.crs),
            crs=segments.crs,
        )
        empty.index.name = "candidate"
        return empty
    out = pd.concat(parts, ignore_index=True)
    out = gpd.GeoDataFrame(out, geometry="geometry", crs=segments.crs)
    out.index.name = "candidate"
    for col in CANDIDATE_COLUMNS:
        if out[col].dtype == object:
            out[col] = out[col].astype("str")
    return out


# ---------------------------------------------------------------------- options


def _problem(column: str, value: Any, message: str, fix: str = "See the docstring.") -> Problem:
    return Problem(None, column, "" if value is None else str(value), message, fix)


def _models(
    models: Sequence[str] | pd.DataFrame | None, cost_model: CostModel, report: ValidationReport
) -> pd.DataFrame:
    catalogue = cost_model.catalogue()
    if models is None:
        return catalogue.reset_index(drop=True)
    if isinstance(models, pd.DataFrame):
        need = {"model_id", "camera_type", "resolution_px", "hfov_min_deg", "hfov_max_deg"}
        need |= {"height_m", "tilt_deg", "price_thb", "install_thb"}
        need |= {"maintenance_thb_per_year", "power_w"}
        for col in sorted(need - set(models.columns)):
            report.add(
                _problem("models", col, f"models has no {col!r} column.", "See camera_models.csv.")
            )
        return models.reset_index(drop=True)
    wanted = list(models)
    known = set(catalogue["model_id"])
    for m in wanted:
        if m not in known:
            report.add(
                _problem(
                    "models", m, "Unknown model_id.", f"Use some of {', '.join(sorted(known))}."
                )
            )
    sel = catalogue.set_index("model_id").loc[[m for m in wanted if m in known]]
    return sel.reset_index()


def _heading_option(
    headings: int | Sequence[float] | str, report: ValidationReport
) -> NDArray[np.float64] | None:
    """Fixed directions, or None for "road"."""
    if isinstance(headings, str):
        if headings != "road":
            report.add(_problem("headings", headings, "Use a number, a list of degrees or 'road'."))
        return None
    if isinstance(headings, int | np.integer) and not isinstance(headings, bool):
        if headings < 1:
            report.add(_problem("headings", headings, "Give at least one heading."))
            return np.zeros(1)
        return np.arange(int(headings), dtype=np.float64) * (360.0 / int(headings))
    arr = np.asarray(headings, dtype=np.float64)
    if arr.ndim != 1 or arr.size == 0 or not np.isfinite(arr).all():
        report.add(_problem("headings", headings, "Headings must be finite degrees."))
        return np.zeros(1)
    return np.mod(arr, 360.0)


# ---------------------------------------------------------------------- road lines


def _lines(segments: gpd.GeoDataFrame) -> pd.DataFrame:
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


# ---------------------------------------------------------------------- sites


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


# ---------------------------------------------------------------------- headings


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


def _heading_text(heading: NDArray[np.float64]) -> NDArray[np.str_]:
    """Headings for ids: "045", or "072.3" when not a whole degree (to a tenth)."""
    tenth = np.mod(np.round(np.mod(heading, 360.0), 1), 360.0)
    whole = np.isclose(tenth, np.round(tenth))
    ints = np.char.zfill(np.round(tenth).astype(int).astype(str), 3)
    tenths = np.char.zfill(np.char.mod("%.1f", tenth), 5)
    return np.where(whole, ints, tenths)


def _headings_for(
    pts: NDArray[np.object_], lines: pd.DataFrame, fixed: NDArray[np.float64] | None
) -> tuple[NDArray[np.intp], NDArray[np.float64], NDArray[np.object_]]:
    if fixed is None:
        p, h = _road_headings(pts, lines)
        return p, h, np.full(p.size, "road", dtype=object)
    p = np.repeat(np.arange(len(pts)), fixed.size).astype(np.intp)
    h = np.tile(fixed, len(pts))
    return p, h, np.full(p.size, "fixed", dtype=object)


# ---------------------------------------------------------------------- candidates


def _footprints(frame: pd.DataFrame, crs: Any, level: str, buildings: Any) -> gpd.GeoDataFrame:
    from cctvgeo.coverage import fields_of_view

    cams = gpd.GeoDataFrame(
        frame,
        geometry=shapely.points(frame["site_x"].to_numpy(), frame["site_y"].to_numpy()),
        crs=crs,
    )
    # Every directional candidate has a heading; rings need none.
    return fields_of_view(cams, level=level, buildings=buildings, missing_heading="omni")


def _new_candidates(
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
    pts = shapely.points(table["x"].to_numpy(), table["y"].to_numpy())
    hp, hh, hsrc = _headings_for(pts, lines, fixed_headings)
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
    head_txt = np.where(np.isnan(head), "ring", _heading_text(np.nan_to_num(head)))
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
    return out[[*CANDIDATE_COLUMNS, "geometry"]]


def camera_keys(cams: pd.DataFrame) -> NDArray[np.object_]:
    """Each camera's ``camera_id``, or ``"row <label>"`` where it has none."""
    ids = cams["camera_id"] if "camera_id" in cams.columns else pd.Series(None, index=cams.index)
    return np.array(
        [str(v) if isinstance(v, str) and v else f"row {label}" for label, v in ids.items()],
        dtype=object,
    )


def camera_footprints(
    cams: gpd.GeoDataFrame,
    *,
    level: str,
    buildings: Any,
    roads: Any,
    footprints: gpd.GeoDataFrame | None = None,
) -> gpd.GeoDataFrame:
    """The cameras' fields of view at ``level``: the rows of ``footprints``, or computed now.

    Parameters
    ----------
    cams : GeoDataFrame
        Cameras of the survey (projected).
    level : str
        The DORI level.
    buildings : GeoDataFrame or GeoSeries, optional
        Buildings occluding the footprints when they are computed here.
    roads : GeoDataFrame, optional
        Road lines giving a heading to cameras without one when computed here (none or
        empty: those cameras get a ring, ``missing_heading="omni"``).
    footprints : GeoDataFrame, optional
        Computed before by :func:`cctvgeo.coverage.fields_of_view` for these cameras (or
        for a survey holding them, on its index), at ``level``; with ``levels=`` the rows
        of ``level`` are taken. Their rows are returned in the order of ``cams``.

    Returns
    -------
    GeoDataFrame
        One footprint per camera, on ``cams``' index.

    Raises
    ------
    cctvgeo.ValidationError
        ``footprints`` lacks some of the cameras, has duplicate labels or another level.
    cctvgeo.CRSError
        ``footprints`` is in another CRS.
    """
    if footprints is None:
        from cctvgeo.coverage import fields_of_view

        has_roads = roads is not None and len(roads) > 0
        return fields_of_view(
            cams,
            level=level,
            buildings=buildings,
            missing_heading="road" if has_roads else "omni",
            roads=roads if has_roads else None,
        )
    return _footprint_rows(footprints, cams, level)


def _footprint_rows(
    footprints: gpd.GeoDataFrame, cams: gpd.GeoDataFrame, level: str
) -> gpd.GeoDataFrame:
    """The rows of ``footprints`` for ``cams`` at ``level``, checked (see :func:`camera_footprints`)."""
    from cctvgeo.coverage.fov import LEVEL_INDEX_NAME

    require_same_crs(cams=cams, footprints=footprints)
    if LEVEL_INDEX_NAME in (footprints.index.names or []):
        levels = footprints.index.get_level_values(LEVEL_INDEX_NAME)
        footprints = footprints[levels == level].droplevel(LEVEL_INDEX_NAME)
    report = ValidationReport("footprints")
    if not footprints.index.is_unique:
        report.add(
            Problem(
                None,
                "footprints",
                "",
                "footprints has duplicate index labels.",
                "Pass the frame fields_of_view returned, on the survey's index.",
            )
        )
        report.raise_if_errors()
    missing = cams.index[~cams.index.isin(footprints.index)]
    for label in missing:
        report.add(
            Problem(
                label,
                "footprints",
                "",
                "This camera has no footprint in footprints=.",
                "Compute the footprints from the same survey (fields_of_view(cams)).",
            )
        )
    rows = footprints.reindex(cams.index[cams.index.isin(footprints.index)])
    if "level" in rows.columns:
        other = rows.index[(rows["level"].astype("str") != level).to_numpy()]
        for label in other:
            report.add(
                Problem(
                    label,
                    "level",
                    str(rows.loc[label, "level"]),
                    f"The footprint is not at the level planned for ({level}).",
                    f"Compute footprints at level={level!r}, or pass level= to match them.",
                )
            )
    report.raise_if_errors()
    return rows


def _text_of(cams: pd.DataFrame, col: str) -> NDArray[np.object_]:
    if col not in cams.columns:
        return np.full(len(cams), None, dtype=object)
    return cams[col].astype("object").where(cams[col].notna(), None).to_numpy()


def _existing_frame(
    cams: gpd.GeoDataFrame, fp: gpd.GeoDataFrame, kind: str, key: NDArray[np.object_]
) -> pd.DataFrame:
    """Candidate rows for existing cameras (repairs, re-aims) from their footprints."""
    xy = shapely.get_coordinates(np.asarray(cams.geometry.array, dtype=object))
    ctype = _text_of(cams, "camera_type")
    return pd.DataFrame(
        {
            "candidate_id": key,
            "kind": kind,
            "site_id": ["camera:" + k for k in camera_keys(cams)],
            "site_source": "camera",
            "site_name": [n or "" for n in _text_of(cams, "name")],
            "risk_point_ids": "",
            "camera_id": camera_keys(cams),
            "owner": _text_of(cams, "owner"),
            "status_before": _text_of(cams, "status"),
            "model_id": None,
            "model_name": [f"existing {t or 'camera'}" for t in ctype],
            "camera_type": ctype,
            "lens": None,
            "heading_deg": fp["heading_deg"].to_numpy(dtype=np.float64),
            "heading_source": fp["heading_source"].to_numpy(),
            "hfov_deg": fp["hfov_deg"].to_numpy(dtype=np.float64),
            "resolution_px": (
                pd.to_numeric(cams["resolution_px"], errors="coerce").to_numpy(dtype=np.float64)
                if "resolution_px" in cams.columns
                else np.full(len(cams), np.nan)
            ),
            "height_m": fp["height_m"].to_numpy(dtype=np.float64),
            "tilt_deg": fp["tilt_deg"].to_numpy(dtype=np.float64),
            "has_pole": True,
            "site_x": xy[:, 0],
            "site_y": xy[:, 1],
            "group": ["camera:" + k for k in camera_keys(cams)],
            "level": fp["level"].to_numpy(),
            "far_m": fp["far_m"].to_numpy(),
            "footprint_reason": fp["reason"].to_numpy(),
        }
    )


def _statuses(cams: pd.DataFrame) -> pd.Series:
    return cams["status"] if "status" in cams.columns else pd.Series(None, index=cams.index)


def _repair_candidates(
    cams: gpd.GeoDataFrame,
    segments: gpd.GeoDataFrame,
    *,
    cost_model: CostModel,
    level: str,
    buildings: Any,
    footprints: gpd.GeoDataFrame | None,
) -> pd.DataFrame:
    require_projected(cams, "cams")
    broken = cams[_statuses(cams).isin(settings.repairable_statuses).to_numpy(dtype=bool)]
    if broken.empty:
        return pd.DataFrame()
    fp = camera_footprints(
        broken, level=level, buildings=buildings, roads=segments, footprints=footprints
    )
    frame = _existing_frame(
        broken, fp, "repair", np.array(["repair-" + k for k in camera_keys(broken)], dtype=object)
    )
    frame["group"] = ["repair:" + k for k in camera_keys(broken)]
    costs = cost_model.repair_costs(broken)
    for col in COST_COLUMNS:
        frame[col] = costs[col].to_numpy()
    frame["geometry"] = fp.geometry.to_numpy()
    return frame[[*CANDIDATE_COLUMNS, "geometry"]]


def reaimable(cams: gpd.GeoDataFrame, owners: Sequence[str]) -> NDArray[np.bool_]:
    """Working cameras whose owner may be asked to re-aim them."""
    owner = cams["owner"] if "owner" in cams.columns else pd.Series(None, index=cams.index)
    return ((_statuses(cams) == "working") & owner.isin(list(owners))).to_numpy(dtype=bool)


def _reaim_candidates(
    cams: gpd.GeoDataFrame,
    segments: gpd.GeoDataFrame,
    *,
    lines: pd.DataFrame,
    fixed_headings: NDArray[np.float64] | None,
    owners: Sequence[str],
    cost_model: CostModel,
    level: str,
    buildings: Any,
    footprints: gpd.GeoDataFrame | None,
) -> pd.DataFrame:
    from cctvgeo.coverage import fields_of_view

    require_projected(cams, "cams")
    sub = cams[reaimable(cams, owners)]
    if sub.empty:
        return pd.DataFrame()
    now = camera_footprints(
        sub, level=level, buildings=buildings, roads=segments, footprints=footprints
    )
    sector = (now["shape"] == "sector").to_numpy() & now["heading_deg"].notna().to_numpy()
    sub, now = sub[sector], now[sector]
    if sub.empty:
        return pd.DataFrame()
    pts = np.asarray(sub.geometry.array, dtype=object)
    hp, hh, hsrc = _headings_for(pts, lines, fixed_headings)
    current = now["heading_deg"].to_numpy(dtype=np.float64)[hp]
    turn = np.abs(np.mod(hh - current + 180.0, 360.0) - 180.0)
    keep = turn > _MIN_TURN_DEG
    hp, hh, hsrc = hp[keep], hh[keep], hsrc[keep]
    if hp.size == 0:
        return pd.DataFrame()
    turned = sub.iloc[hp].copy()
    turned["heading_deg"] = hh
    turned["sweep_deg"] = np.nan
    fp = fields_of_view(turned, level=level, buildings=buildings, roads=segments)
    keys = camera_keys(turned)
    head_txt = _heading_text(hh)
    frame = _existing_frame(
        turned,
        fp,
        "re-aim",
        np.array([f"reaim-{k}-{h}" for k, h in zip(keys, head_txt, strict=True)], dtype=object),
    )
    frame["heading_source"] = hsrc
    costs = cost_model.reaim_costs(turned.index)
    for col in COST_COLUMNS:
        frame[col] = costs[col].to_numpy()
    frame["geometry"] = fp.geometry.to_numpy()
    return frame[[*CANDIDATE_COLUMNS, "geometry"]]


#: A re-aim turns a camera by more than this (degrees); smaller turns are its current view.
_MIN_TURN_DEG = 22.5
