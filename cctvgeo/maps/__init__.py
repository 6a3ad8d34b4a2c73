"""Folium maps that committees and police open in a browser, online or not.

* :func:`cameras_map`: the surveyed cameras by status, with their fields of view;
* :func:`coverage_map`: the same plus roads seen or not, coverage gaps, risk points,
  hotspots and escape routes with where a fleeing vehicle is first and last seen;
* :func:`plan_map`: all of that plus the proposed sites of an installation plan, numbered
  by rank and coloured by year, each with its reason, cost, approval level and budget source;
* :func:`route_drawing_map`: a road map on which police draw escape routes and export them
  as the GeoJSON that :func:`cctvgeo.riskpoints.read_escape_routes` reads;
* :func:`save_map`: writes a map as one HTML file, atomically and byte for byte the same for
  the same inputs.

**Offline.** Folium loads Leaflet and its plugins from CDNs and the background from a tile
server; neither is reachable from many government offices. cctvgeo maps therefore link no
outside file: Leaflet 1.9.3 is inlined from the ``xstatic-leaflet`` package and there is no
background tiles layer unless ``tiles=`` names one (for example ``"OpenStreetMap"``, which
then needs internet). District boundaries and roads give the reader their bearings.

**Untrusted text.** Names, reasons and agencies come from survey files. The browser code
never reads them as HTML: popups, tooltips and legends set them with ``textContent``, and the
data embedded in the page has ``<``, ``>`` and ``&`` escaped, so ``<img src=x onerror=...>``
shows as text and ``</script>`` cannot end the script.

**Light.** Every layer is converted to EPSG:4326 (maps convert their input themselves,
because a map is output), simplified by :data:`cctvgeo.settings.map_simplify_m` metres and
rounded to :data:`cctvgeo.settings.map_coordinate_decimals` decimals; covered and uncovered
road segments are merged into one line per class.

**Building blocks.** :class:`MapBuilder` (layers, legend and bounds into one offline map),
:func:`feature_properties`, :func:`format_number`, :func:`format_share`, :func:`is_missing`
and :func:`require_crs` serve the package's other maps (the national roll-up's); they are
importable from here but not part of ``__all__``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from cctvgeo._i18n import LANGUAGES
from cctvgeo.maps._assets import js_json
from cctvgeo.maps._builder import (
    _ROUTE_COLOUR,
    PRIORITY_SYMBOLS,
    STATUS_COLOURS,
    YEAR_COLOURS,
    MapBuilder,
    _column,
    _folium,
    feature_properties,
    format_number,
    require_crs,
)
from cctvgeo.maps._builder import format_share as format_share  # a building block
from cctvgeo.maps._builder import is_missing as is_missing  # a building block
from cctvgeo.maps._layers import (
    _cameras_layer,
    _districts_layer,
    _footprints_layer,
    _gaps_layer,
    _hotspots_layer,
    _risk_points_layer,
    _road_lines,
    _roads_layer,
    _routes_layer,
    _sites_layers,
)

if TYPE_CHECKING:  # pragma: no cover
    import folium
    import geopandas as gpd

__all__ = [
    "LANGUAGES",
    "PRIORITY_SYMBOLS",
    "STATUS_COLOURS",
    "YEAR_COLOURS",
    "cameras_map",
    "coverage_map",
    "plan_map",
    "route_drawing_map",
    "save_map",
]

Lang = Literal["th", "en"]


def _projected_cameras(cams: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    from cctvgeo.crs import project

    require_crs(cams, "cameras")
    return cams if cams.crs.is_projected else project(cams)


def _footprints_for(
    cams: gpd.GeoDataFrame, level: str, roads: gpd.GeoDataFrame | None
) -> gpd.GeoDataFrame:
    from cctvgeo.coverage import fields_of_view

    metric = _projected_cameras(cams)
    if roads is not None:
        roads = roads.to_crs(metric.crs) if not roads.crs.equals(metric.crs) else roads
        return fields_of_view(metric, level=level, roads=roads, missing_heading="road")
    return fields_of_view(metric, level=level, missing_heading="omni")


def cameras_map(
    cams: gpd.GeoDataFrame,
    *,
    footprints: gpd.GeoDataFrame | None = None,
    districts: gpd.GeoDataFrame | None = None,
    lang: Lang = "th",
    tiles: str | None = None,
    title: str | None = None,
) -> folium.Map:
    """Map the surveyed cameras, coloured by status, for a committee that has no plan yet.

    Parameters
    ----------
    cams : GeoDataFrame
        Cameras as :func:`cctvgeo.read_cameras` returns them, in any CRS.
    footprints : GeoDataFrame, optional
        Their fields of view (:func:`cctvgeo.coverage.fields_of_view`), drawn as a layer.
    districts : GeoDataFrame, optional
        District polygons, drawn as boundaries (``name_th``/``name_en`` or ``name``).
    lang : {"th", "en"}, default "th"
        Language of the labels, legend and popups.
    tiles : str, optional
        A folium background (for example ``"OpenStreetMap"``). None (the default) draws no
        background, so the map works offline.
    title : str, optional
        The title shown on the map.

    Returns
    -------
    folium.Map
        Layers that can be toggled, a legend, and a popup per camera; save it with
        :func:`save_map`.

    Examples
    --------
    >>> import cctvgeo as cg
    >>> sample = cg.datasets.load_sample()
    >>> m = cg.maps.cameras_map(sample.cameras, districts=sample.districts, lang="en")
    >>> sorted(layer.layer_name for layer in m._children.values() if hasattr(layer, "layer_name"))
    ['District boundaries', 'Existing cameras']
    """
    b = MapBuilder(lang)
    if districts is not None:
        _districts_layer(b, districts)
    if footprints is not None:
        _footprints_layer(b, footprints, None)
    _cameras_layer(b, cams)
    subtitle = b.t("title_cameras_sub", n=len(cams))
    return b.build(title=title or b.t("title_cameras"), subtitle=subtitle, tiles=tiles)


def coverage_map(
    coverage: gpd.GeoDataFrame | None = None,
    *,
    cameras: gpd.GeoDataFrame | None = None,
    footprints: gpd.GeoDataFrame | None = None,
    gaps: gpd.GeoDataFrame | None = None,
    risk_points: gpd.GeoDataFrame | None = None,
    hotspots: gpd.GeoDataFrame | None = None,
    routes: gpd.GeoDataFrame | None = None,
    districts: gpd.GeoDataFrame | None = None,
    level: str | None = None,
    lang: Lang = "th",
    tiles: str | None = None,
    title: str | None = None,
) -> folium.Map:
    """Map what the cameras see today: roads covered or not, gaps, risk points and routes.

    Every argument is optional; each one given becomes a layer that can be toggled.

    Parameters
    ----------
    coverage : GeoDataFrame, optional
        Road segments with ``covered_share`` (:func:`cctvgeo.coverage.road_coverage`), drawn
        as covered (share at least :data:`cctvgeo.settings.map_covered_share`), partly
        covered, or not covered. When it holds ``covered_intervals`` and ``gaps`` is None,
        the gaps are computed with :func:`cctvgeo.coverage.coverage_gaps`.
    cameras : GeoDataFrame, optional
        Cameras, coloured by status. When ``footprints`` is None their fields of view are
        computed at ``level`` (headings missing in the survey are inferred from ``coverage``
        when given, else drawn as rings).
    footprints : GeoDataFrame, optional
        Fields of view to draw instead of computing them.
    gaps : GeoDataFrame, optional
        :func:`cctvgeo.coverage.coverage_gaps`, with the risk points each gap passes.
    risk_points : GeoDataFrame, optional
        Risk points (:func:`cctvgeo.riskpoints.read_risk_points`), the symbol showing the
        priority; with :func:`cctvgeo.coverage.point_coverage` columns the popup lists the
        cameras that see the point.
    hotspots : GeoDataFrame, optional
        Footage-request hotspots (:func:`cctvgeo.riskpoints.request_hotspots`).
    routes : GeoDataFrame, optional
        Escape routes, drawn in travel order. The first-seen and last-seen points come from
        :func:`cctvgeo.coverage.route_coverage` columns, or are computed with the footprints.
    districts : GeoDataFrame, optional
        District polygons.
    level : str, optional
        DORI level (EN 62676-4) of computed footprints; default
        :data:`cctvgeo.settings.planning_level`, the level plans are made at.
    lang, tiles, title
        As for :func:`cameras_map`.

    Returns
    -------
    folium.Map

    Examples
    --------
    >>> import cctvgeo as cg
    >>> s = cg.datasets.load_sample()
    >>> cams = cg.project(s.cameras)
    >>> fp = cg.coverage.fields_of_view(cams, roads=s.roads)
    >>> cov = cg.coverage.road_coverage(cg.coverage.road_segments(s.roads), fp)
    >>> m = cg.maps.coverage_map(cov, cameras=cams, footprints=fp, routes=s.escape_routes, lang="en")
    >>> [layer.layer_name for layer in m._children.values() if hasattr(layer, "layer_name")]
    ['Roads: covered / gap', 'Coverage gaps', 'Fields of view (recognise)', 'Escape routes', 'Existing cameras']
    """
    from cctvgeo.coverage.dori import chosen_level

    b = MapBuilder(lang)
    footprints = _add_coverage_layers(
        b,
        coverage=coverage,
        cameras=cameras,
        footprints=footprints,
        gaps=gaps,
        risk_points=risk_points,
        hotspots=hotspots,
        routes=routes,
        districts=districts,
        level=chosen_level(level),
    )
    return b.build(
        title=title or b.t("title_coverage"), subtitle=_coverage_subtitle(coverage, b), tiles=tiles
    )


def _coverage_subtitle(coverage: gpd.GeoDataFrame | None, b: MapBuilder) -> str | None:
    if coverage is None or not coverage.crs.is_projected or "covered_m" not in coverage.columns:
        return None
    total = float(coverage.geometry.length.sum())
    share = float(coverage["covered_m"].sum()) / total if total > 0 else 0.0
    return b.t("title_coverage_sub", km=total / 1000, p=100 * share)


def _add_coverage_layers(
    b: MapBuilder,
    *,
    coverage: gpd.GeoDataFrame | None,
    cameras: gpd.GeoDataFrame | None,
    footprints: gpd.GeoDataFrame | None,
    gaps: gpd.GeoDataFrame | None,
    risk_points: gpd.GeoDataFrame | None,
    hotspots: gpd.GeoDataFrame | None,
    routes: gpd.GeoDataFrame | None,
    districts: gpd.GeoDataFrame | None,
    level: str,
) -> gpd.GeoDataFrame | None:
    """Add the layers in drawing order (lowest first); return the footprints used."""
    if cameras is not None and footprints is None:
        footprints = _footprints_for(cameras, level, coverage)
    if districts is not None:
        _districts_layer(b, districts)
    if coverage is not None:
        _roads_layer(b, coverage)
        if gaps is None and "covered_intervals" in coverage.columns and coverage.crs.is_projected:
            from cctvgeo.coverage import coverage_gaps

            gaps = coverage_gaps(coverage, risk_points=_to_crs(risk_points, coverage.crs))
    if gaps is not None:
        _gaps_layer(b, gaps)
    if footprints is not None:
        _footprints_layer(b, footprints, level if cameras is not None else None)
    if hotspots is not None:
        _hotspots_layer(b, hotspots)
    if routes is not None:
        _routes_layer(b, routes, footprints)
    if cameras is not None:
        _cameras_layer(b, cameras)
    if risk_points is not None:
        if footprints is not None and "n_cameras" not in risk_points.columns:
            from cctvgeo.coverage import point_coverage

            risk_points = point_coverage(_to_crs(risk_points, footprints.crs), footprints)
        _risk_points_layer(b, risk_points)
    return footprints


def _to_crs(gdf: gpd.GeoDataFrame | None, crs: Any) -> gpd.GeoDataFrame | None:
    if gdf is None:
        return None
    require_crs(gdf, "risk_points")
    return gdf if gdf.crs.equals(crs) else gdf.to_crs(crs)


def plan_map(
    plan: Any,
    *,
    cameras: gpd.GeoDataFrame | None = None,
    coverage: gpd.GeoDataFrame | None = None,
    risk_points: gpd.GeoDataFrame | None = None,
    hotspots: gpd.GeoDataFrame | None = None,
    routes: gpd.GeoDataFrame | None = None,
    districts: gpd.GeoDataFrame | None = None,
    footprints: gpd.GeoDataFrame | None = None,
    gaps: gpd.GeoDataFrame | None = None,
    level: str | None = None,
    lang: Lang = "th",
    tiles: str | None = None,
    title: str | None = None,
) -> folium.Map:
    """Map an installation plan for the committee: every proposed site with why and what it costs.

    The proposed sites (:attr:`InstallationPlan.sites`) are numbered by rank and coloured by
    plan year; new cameras are round, repairs square, re-aims dashed. Clicking one shows
    the reason it is proposed, the cost item by item (capital, running per year, life
    cycle), the budget source of each item, and who approves it. Their fields of view are
    a layer of their own. Under them, every other argument adds the layer it adds in
    :func:`coverage_map`: existing cameras by status with their fields of view at the
    plan's DORI level, roads covered or not, gaps, risk points by priority, request
    hotspots, escape routes with first- and last-seen points, and district boundaries.

    Parameters
    ----------
    plan : InstallationPlan
        From :func:`cctvgeo.planning.plan`.
    cameras, coverage, risk_points, hotspots, routes, districts, footprints, gaps
        As for :func:`coverage_map`; all optional.
    level : str, optional
        DORI level of the existing cameras' fields of view when they are computed here;
        default :data:`cctvgeo.settings.planning_level`, the level plans are made at.
    lang, tiles, title
        As for :func:`cameras_map`.

    Returns
    -------
    folium.Map

    Examples
    --------
    >>> import cctvgeo as cg
    >>> s = cg.datasets.load_sample()
    >>> segs = cg.coverage.road_segments(s.roads)
    >>> dem = cg.riskpoints.demand(segs, risk_points=s.risk_points)
    >>> cand = cg.planning.candidate_sites(segs, risk_points=s.risk_points, headings=4)
    >>> p = cg.planning.plan(dem, cand, budget=1_000_000, method="greedy")
    >>> m = cg.maps.plan_map(p, risk_points=s.risk_points, lang="en")
    >>> [layer.layer_name for layer in m._children.values() if hasattr(layer, "layer_name")]
    ['Risk points', 'Proposed fields of view', 'Proposed sites']
    """
    from cctvgeo import settings as cfg

    if not hasattr(plan, "sites"):
        raise TypeError("plan must be an InstallationPlan from cctvgeo.planning.plan().")
    b = MapBuilder(lang)
    _add_coverage_layers(
        b,
        coverage=coverage,
        cameras=cameras,
        footprints=footprints,
        gaps=gaps,
        risk_points=risk_points,
        hotspots=hotspots,
        routes=routes,
        districts=districts,
        level=level or cfg.planning_level,
    )
    _sites_layers(b, plan)
    sites = plan.sites
    total = float(np.nansum(np.asarray(_column(sites, "charged_thb"), dtype=float)))
    subtitle = b.t("title_plan_sub", n=len(sites), b=format_number(total))
    return b.build(title=title or b.t("title_plan"), subtitle=subtitle, tiles=tiles)


def route_drawing_map(
    roads: Any,
    *,
    districts: gpd.GeoDataFrame | None = None,
    snap_pixels: float = 12.0,
    lang: Lang = "th",
    tiles: str | None = None,
    title: str | None = None,
    file_name: str = "escape_routes.geojson",
) -> folium.Map:
    """A road map on which police draw escape routes and export them as GeoJSON.

    The panel at the top right starts a route; each click on the map adds a point, snapped
    to the nearest road vertex within ``snap_pixels`` screen pixels (0 turns snapping off);
    "finish" closes the route with the name typed in the box; "export" downloads every
    finished route as ``file_name``. Draw each route **in travel order**, from the scene
    (the origin) to where the vehicle leaves: the first point is the origin.

    The file is a GeoJSON FeatureCollection (RFC 7946, longitude/latitude in EPSG:4326,
    six decimals) of LineStrings with the properties ``route_id`` (``R01``, ``R02``, ...)
    and ``name``: exactly what :func:`cctvgeo.riskpoints.read_escape_routes` reads.

    Parameters
    ----------
    roads : GeoDataFrame or osmnx MultiDiGraph
        The road lines to draw on and snap to (in any CRS).
    districts : GeoDataFrame, optional
        District polygons, for orientation.
    snap_pixels : float, default 12
        Snapping distance on screen; 0 draws exactly where the user clicks.
    lang, tiles, title
        As for :func:`cameras_map`.
    file_name : str, default "escape_routes.geojson"
        Name of the exported file.

    Returns
    -------
    folium.Map

    Examples
    --------
    >>> import cctvgeo as cg
    >>> m = cg.maps.route_drawing_map(cg.datasets.load_sample().roads, lang="en")
    >>> "cctvgeo.drawRoutes" in m.get_root().render()
    True
    """
    import geopandas as gpd

    lines = _road_lines(roads)
    b = MapBuilder(lang)
    if districts is not None:
        _districts_layer(b, districts)
    names = _column(lines, "name")
    cols = {"_k": ["road"] * len(lines), "_tip": names}
    spec = {
        "styles": {"road": {"color": "#525252", "weight": 3, "opacity": 0.8}},
        "markers": {},
        "tooltip": "_tip",
    }
    b.add(lines, feature_properties(cols, len(lines)), spec, name=b.t("layer_draw_roads"))
    m = b.build(title=title or b.t("title_draw"), subtitle=None, tiles=tiles)
    roads_layer = b.layers[-1]
    text = {
        "title": b.t("title_draw"),
        "name": b.t("draw_name"),
        "start": b.t("draw_start"),
        "undo": b.t("draw_undo"),
        "finish": b.t("draw_finish"),
        "exportLabel": b.t("draw_export"),
        "routes": b.t("draw_routes"),
        "drawing": b.t("draw_drawing"),
        "tooShort": b.t("draw_too_short"),
        "route": b.t("draw_route"),
    }
    spec_draw = {
        "text": text,
        "snapPixels": float(snap_pixels),
        "fileName": file_name,
        "idPrefix": "R",
        "drawColor": "#d7301f",
        "routeColor": _ROUTE_COLOUR,
    }
    m.add_child(_folium().Control("drawRoutes", roads_layer.get_name(), js_json(spec_draw)))
    del gpd
    return m


def save_map(m: folium.Map, path: str | os.PathLike[str]) -> Path:
    """Write a map as one HTML file, atomically; the same map gives the same bytes.

    Folium names every element with a random id; these are replaced by sequential ids in
    the order they appear, so two runs on the same inputs write identical files.

    Parameters
    ----------
    m : folium.Map
        A map from this module (or any folium map).
    path : str or PathLike
        The ``.html`` file to write.

    Returns
    -------
    Path
        ``path``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import cctvgeo as cg
    >>> s = cg.datasets.load_sample()
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> a = cg.maps.save_map(cg.maps.cameras_map(s.cameras), out / "a.html").read_bytes()
    >>> b = cg.maps.save_map(cg.maps.cameras_map(s.cameras), out / "b.html").read_bytes()
    >>> a == b and b"cdn." not in a
    True
    """
    from cctvgeo._write import atomic_path

    page = _stable_html(m)
    path = Path(path)
    with atomic_path(path) as tmp:
        tmp.write_text(page, encoding="utf-8")
    return path


def _stable_html(m: folium.Map) -> str:
    root = m.get_root()
    page: str = root.render()
    ids: list[str] = []

    def walk(element: Any) -> None:
        ids.append(element._id)
        for child in element._children.values():
            walk(child)

    walk(root)
    known = set(ids)
    order: dict[str, str] = {}
    for match in re.finditer(r"[0-9a-f]{32}", page):
        token = match.group(0)
        if token in known and token not in order:
            order[token] = f"{len(order):04d}"
    if not order:
        return page
    pattern = re.compile("|".join(map(re.escape, order)))
    return pattern.sub(lambda mm: order[mm.group(0)], page)
