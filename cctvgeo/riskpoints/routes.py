"""Escape routes (เส้นทางหลบหนี): drawn by police and snapped to roads, or computed.

Police know the thieves' routes and escape routes (Ang Thong committee, 2016). They can
draw them on the map (:func:`read_escape_routes` snaps each drawing onto the road graph, so
coverage and planning see a sequence of road edges), or have them computed
(:func:`escape_routes`: k short, mutually diverse routes from each origin to the ways out
of the study area). See ``docs/riskpoints.md``.
"""

from __future__ import annotations

import itertools
import math
import os
import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

from cctvgeo import settings
from cctvgeo._compat import renamed_keywords
from cctvgeo._errors import CctvgeoError, CRSError
from cctvgeo._roads import graph_edges, is_graph
from cctvgeo._validate import Problem, ValidationReport, require_projected, require_same_crs

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    from numpy.typing import NDArray

__all__ = ["default_exits", "escape_routes", "read_escape_routes"]

#: Cost multiplier of road edges outside a drawn route's corridor: the snapped path leaves
#: the corridor only where the drawing has a gap no road follows.
OFF_CORRIDOR_COST = 10.0


@dataclass
class _Network:
    """A road network as arrays: edges oriented u -> v, node positions, a routing graph."""

    crs: pyproj.CRS
    edges: gpd.GeoDataFrame  # u, v, key, length, highway, time_s, geometry; RangeIndex
    node_xy: dict[Hashable, tuple[float, float]]
    directed: bool

    def digraph(self, cost: NDArray[np.float64]) -> nx.DiGraph:
        """A DiGraph holding, for each ordered node pair, the cheapest edge (attr ``i``)."""
        import networkx as nx

        g = nx.DiGraph()
        g.add_nodes_from(self.node_xy)
        u = self.edges["u"].to_numpy(dtype=object)
        v = self.edges["v"].to_numpy(dtype=object)
        order = np.argsort(cost, kind="stable")[::-1]  # cheapest added last, so it wins
        for i in order:
            g.add_edge(u[i], v[i], i=int(i), w=float(cost[i]))
            if not self.directed:
                g.add_edge(v[i], u[i], i=int(i), w=float(cost[i]))
        return g


def _network(roads: Any) -> _Network:
    """Read an osmnx/networkx graph or a GeoDataFrame of road lines into a :class:`_Network`."""
    if is_graph(roads):
        return _network_of_graph(roads)
    if isinstance(roads, gpd.GeoDataFrame):
        return _network_of_lines(roads)
    raise TypeError(
        f"roads must be a networkx/osmnx graph or a GeoDataFrame of lines, not {type(roads).__name__}."
    )


def _network_of_graph(graph: nx.Graph) -> _Network:
    """The graph's edges in both directions (a route may drive either way along a street)."""
    table = graph_edges(graph).reset_index()
    crs = pyproj.CRS.from_user_input(table.crs)
    xy = {n: (float(d["x"]), float(d["y"])) for n, d in graph.nodes(data=True)}
    geoms = np.asarray(table.geometry.array, dtype=object)
    edges = _edge_frame(table["u"].tolist(), table["v"].tolist(), table["key"].tolist(), geoms, crs)
    highway = table["highway"] if "highway" in table else [None] * len(table)
    edges["highway"] = pd.array([_first(h) for h in highway], dtype="str")
    maxspeed = table["maxspeed"].tolist() if "maxspeed" in table else [None] * len(table)
    edges["time_s"] = _travel_time(edges["length"].to_numpy(), edges["highway"], maxspeed)
    return _Network(crs, edges, xy, directed=graph.is_directed())


def _network_of_lines(lines: gpd.GeoDataFrame) -> _Network:
    require_projected(lines, "roads")
    geoms = np.asarray(lines.geometry.array, dtype=object)
    parts, parent = shapely.get_parts(geoms, return_index=True)
    parts = np.asarray(parts, dtype=object)
    ok = shapely.get_type_id(parts) == shapely.GeometryType.LINESTRING
    parts, parent = parts[ok], parent[ok]
    if not len(parts):
        raise ValueError("roads has no line geometry.")
    start = np.round(shapely.get_coordinates(shapely.get_point(parts, 0)), 2)
    end = np.round(shapely.get_coordinates(shapely.get_point(parts, -1)), 2)
    both = np.vstack([start, end])
    uniq, inverse = np.unique(both, axis=0, return_inverse=True)
    u, v = inverse[: len(parts)], inverse[len(parts) :]
    labels = lines.index.to_numpy()[parent]
    edges = _edge_frame(u.tolist(), v.tolist(), labels.tolist(), parts, lines.crs)
    highway = (
        lines["highway"].to_numpy(dtype=object)[parent]
        if "highway" in lines
        else np.full(len(parts), None)
    )
    edges["highway"] = pd.array([_first(h) for h in highway], dtype="str")
    maxspeed = (
        lines["maxspeed"].to_numpy(dtype=object)[parent]
        if "maxspeed" in lines
        else [None] * len(parts)
    )
    edges["time_s"] = _travel_time(edges["length"].to_numpy(), edges["highway"], maxspeed)
    xy: dict[Hashable, tuple[float, float]] = {
        int(i): (float(x), float(y)) for i, (x, y) in enumerate(uniq)
    }
    return _Network(pyproj.CRS.from_user_input(lines.crs), edges, xy, directed=False)


def _edge_frame(
    u: list[Any], v: list[Any], key: list[Any], geoms: NDArray[np.object_], crs: Any
) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "u": pd.Series(u, dtype=object),
            "v": pd.Series(v, dtype=object),
            "key": pd.Series(key, dtype=object),
            "length": shapely.length(geoms),
        },
        geometry=gpd.GeoSeries(geoms, crs=crs).values,
        crs=crs,
    )


def _first(value: Any) -> str | None:
    """One OSM tag value: the first of a list (osmnx) or of ``a;b``; None when missing."""
    if isinstance(value, list | tuple):
        value = value[0] if value else None
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return str(value).split(";")[0].strip() or None


_SPEED = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(mph|km/h|kmh|kph)?\s*$", re.IGNORECASE)


def speed_kmh(maxspeed: Any, highway: str | None) -> float:
    """An edge's speed: its OSM ``maxspeed`` ("50", "30 mph"), else the class default.

    Examples
    --------
    >>> speed_kmh("30 mph", "primary"), speed_kmh(None, "primary"), speed_kmh("none", None)
    (48.28032, 60.0, 30.0)
    """
    text = _first(maxspeed)
    if text is not None and (m := _SPEED.match(text)):
        value = float(m.group(1))
        if value > 0:
            return value * 1.609344 if (m.group(2) or "").lower() == "mph" else value
    if highway is not None:
        return float(settings.road_speed_kmh.get(highway, settings.default_speed_kmh))
    return float(settings.default_speed_kmh)


def _travel_time(
    length: NDArray[np.float64], highway: pd.Series, maxspeed: Sequence[Any]
) -> NDArray[np.float64]:
    kmh = np.array(
        [
            speed_kmh(m, None if pd.isna(h) else str(h))
            for m, h in zip(maxspeed, highway, strict=True)
        ]
    )
    return np.asarray(length / (kmh / 3.6), dtype=float)


def _path_edges(g: nx.DiGraph, nodes: Sequence[Hashable]) -> list[int]:
    return [int(g.edges[a, b]["i"]) for a, b in itertools.pairwise(nodes)]


def _path_geometry(
    net: _Network, nodes: Sequence[Hashable], idx: Sequence[int]
) -> shapely.LineString:
    """The path's line in travel order: each edge oriented from the node it is entered at."""
    if not idx:
        return shapely.LineString([net.node_xy[nodes[0]]] * 2)
    coords: list[NDArray[np.float64]] = []
    u = net.edges["u"].to_numpy(dtype=object)
    geoms = net.edges.geometry.to_numpy()
    for a, i in zip(nodes[:-1], idx, strict=True):
        c = shapely.get_coordinates(geoms[i])
        if u[i] != a:
            c = c[::-1]
        coords.append(c if not coords else c[1:])
    return shapely.LineString(np.vstack(coords))


def _edge_ids(net: _Network, idx: Sequence[int]) -> list[tuple[Any, Any, Any]]:
    u, v, key = (net.edges[c].to_numpy(dtype=object) for c in ("u", "v", "key"))
    return [(u[i], v[i], key[i]) for i in idx]


# --------------------------------------------------------------------------- drawn routes


def read_escape_routes(
    path: str | os.PathLike[str] | gpd.GeoDataFrame,
    roads: Any,
    *,
    tolerance: float | None = None,
) -> gpd.GeoDataFrame:
    """Read escape routes drawn on a map and snap each one to the road network.

    Map matching by corridor: the road edges lying wholly within ``tolerance`` metres of
    the drawn line form its corridor. The snapped route is the cheapest path on the road
    graph (ignoring one-way rules, as a drawing does) from the corridor node nearest the
    drawing's start to the one nearest its end, where a corridor edge costs its length
    times ``1 + mean offset / tolerance`` (the offset from the drawing, sampled at a
    quarter, half and three quarters of the edge) and any other edge costs
    :data:`OFF_CORRIDOR_COST` times its length. The result is always one connected path;
    it leaves the corridor only to bridge a gap no road follows (``off_corridor_m``).

    Parameters
    ----------
    path : str, PathLike or GeoDataFrame
        A GeoJSON (the map's draw tool), GeoPackage or any GIS file of LineStrings with a
        CRS, or a GeoDataFrame. Properties are kept; ``route_id`` and ``name`` are used
        when present.
    roads : networkx graph or GeoDataFrame
        The road graph (osmnx, projected) or road lines in a projected CRS.
    tolerance : float, optional
        Corridor half-width in metres; default ``settings.route_snap_tolerance_m``.

    Returns
    -------
    GeoDataFrame
        One row per drawn route, in the roads' CRS, on the drawing's index: ``route_id``
        (the property, else ``ER-<n>``), ``name`` (the property, else the id), the other
        properties, ``nodes`` (node ids in travel order), ``edges`` ((u, v, key) of each
        road edge followed; for road lines, key is the line's index label),
        ``length_m``, ``drawn_length_m``, ``max_offset_m`` (Hausdorff distance between
        drawing and snapped route), ``off_corridor_m`` and the snapped LineString.

    Raises
    ------
    ValidationError
        A drawing that is not a line, or lies nowhere within ``tolerance`` of a road.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely import LineString
    >>> roads = gpd.GeoDataFrame({"highway": ["primary"] * 3}, geometry=[
    ...     LineString([(0, 0), (100, 0)]), LineString([(100, 0), (200, 0)]),
    ...     LineString([(100, 0), (100, 100)])], crs=32647)
    >>> drawn = gpd.GeoDataFrame({"name": ["east"]},
    ...     geometry=[LineString([(2, 8), (60, -9), (120, 6), (198, -4)])], crs=32647)
    >>> r = read_escape_routes(drawn, roads).iloc[0]
    >>> r["edges"], float(r["length_m"])  # (u, v, line label); nodes numbered by position
    ([(0, 1, 0), (1, 3, 1)], 200.0)
    """
    tol = settings.route_snap_tolerance_m if tolerance is None else float(tolerance)
    if not (math.isfinite(tol) and tol > 0):
        raise ValueError(f"tolerance must be > 0 metres, not {tolerance!r}.")
    drawn = _read_drawn(path)
    net = _network(roads)
    if drawn.crs is None:
        raise CRSError("The drawn routes have no CRS; GeoJSON from the map is EPSG:4326.")
    drawn = drawn.to_crs(net.crs)  # output in the roads' CRS: reprojection is the documented step
    report = ValidationReport(
        str(getattr(path, "name", path)) if not isinstance(path, gpd.GeoDataFrame) else "routes",
        n_rows=len(drawn),
    )
    lines = np.asarray(drawn.geometry.array, dtype=object)
    lines = np.where(
        shapely.get_type_id(lines) == 5, shapely.line_merge(lines), lines
    )  # MultiLineString drawn in pieces
    is_line = shapely.get_type_id(lines) == 1
    report.extend(
        Problem.coded("route_not_a_line", row, "geometry", "", action="row dropped")
        for row in drawn.index[~is_line]
    )
    geoms = net.edges.geometry.to_numpy()
    tree = shapely.STRtree(geoms)
    und = None
    results = []
    for row, line in zip(drawn.index[is_line], lines[is_line], strict=True):
        corridor = tree.query(line, predicate="dwithin", distance=tol)
        inside = corridor[shapely.within(geoms[corridor], shapely.buffer(line, tol))]
        if not len(inside):
            report.add(
                Problem.coded(
                    "route_off_roads", row, "geometry", "", action="row dropped",
                    tolerance=f"{tol:g}",
                )
            )  # fmt: skip
            continue
        cost = net.edges["length"].to_numpy() * OFF_CORRIDOR_COST
        offset = np.mean(
            [
                shapely.distance(
                    line, shapely.line_interpolate_point(geoms[inside], f, normalized=True)
                )
                for f in (0.25, 0.5, 0.75)
            ],
            axis=0,
        )
        cost[inside] = net.edges["length"].to_numpy()[inside] * (1.0 + offset / tol)
        und = _Network(net.crs, net.edges, net.node_xy, directed=False)
        g = und.digraph(cost)
        ends = _corridor_ends(net, inside, line)
        import networkx as nx

        try:
            nodes = nx.dijkstra_path(g, ends[0], ends[1], weight="w")
        except nx.NetworkXNoPath:
            report.add(
                Problem.coded("route_no_path", row, "geometry", "", action="row dropped")
            )  # fmt: skip
            continue
        idx = _path_edges(g, nodes)
        snapped = _path_geometry(net, nodes, idx)
        in_corr = np.isin(idx, inside)
        results.append(
            {
                "row": row,
                "nodes": list(nodes),
                "edges": _edge_ids(net, idx),
                "length_m": float(net.edges["length"].to_numpy()[idx].sum()),
                "drawn_length_m": float(shapely.length(line)),
                "max_offset_m": float(shapely.hausdorff_distance(snapped, line)),
                "off_corridor_m": float(
                    net.edges["length"].to_numpy()[np.array(idx, dtype=int)[~in_corr]].sum()
                )
                if idx
                else 0.0,
                "geometry": snapped,
            }
        )
    report.raise_if_errors()
    return _route_frame(drawn, results, net.crs)


def _read_drawn(path: str | os.PathLike[str] | gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if isinstance(path, gpd.GeoDataFrame):
        return path
    p = Path(path)
    if not p.exists():
        raise CctvgeoError(f"File not found: {p}")
    try:
        return gpd.read_file(p)
    except Exception as exc:
        raise CctvgeoError(f"{p.name} could not be read as a GIS file: {exc}") from None


def _corridor_ends(
    net: _Network, inside: NDArray[np.intp], line: shapely.LineString
) -> tuple[Hashable, Hashable]:
    """The corridor nodes nearest the drawing's start and end."""
    nodes = list(
        dict.fromkeys([*net.edges["u"].to_numpy()[inside], *net.edges["v"].to_numpy()[inside]])
    )
    xy = np.array([net.node_xy[n] for n in nodes])
    first = shapely.get_coordinates(shapely.get_point(line, 0))[0]
    last = shapely.get_coordinates(shapely.get_point(line, -1))[0]
    a = int(np.argmin(np.hypot(*(xy - first).T)))
    b = int(np.argmin(np.hypot(*(xy - last).T)))
    return nodes[a], nodes[b]


def _route_frame(
    drawn: gpd.GeoDataFrame, results: list[dict[str, Any]], crs: Any
) -> gpd.GeoDataFrame:
    rows = [r["row"] for r in results]
    props = pd.DataFrame(drawn.drop(columns=drawn.geometry.name)).loc[rows]
    numbers = [drawn.index.get_loc(r) + 1 for r in rows]
    ids = (
        props["route_id"].astype("str").to_numpy()
        if "route_id" in props
        else np.array([f"ER-{n}" for n in numbers], dtype=object)
    )
    names = props["name"].astype("str").to_numpy() if "name" in props else ids
    front = pd.DataFrame(
        {"route_id": pd.array(ids, dtype="str"), "name": pd.array(names, dtype="str")},
        index=props.index,
    )
    computed = ("nodes", "edges", "length_m", "drawn_length_m", "max_offset_m", "off_corridor_m")
    rest = props.drop(columns=[c for c in ("route_id", "name", *computed) if c in props])
    snap = pd.DataFrame(
        {k: [r[k] for r in results] for k in ("nodes", "edges")}, index=props.index, dtype=object
    )
    for k in ("length_m", "drawn_length_m", "max_offset_m", "off_corridor_m"):
        snap[k] = np.array([r[k] for r in results], dtype=float)
    return gpd.GeoDataFrame(
        pd.concat([front, rest, snap], axis=1),
        geometry=gpd.GeoSeries([r["geometry"] for r in results], index=props.index, crs=crs),
        crs=crs,
    )


# --------------------------------------------------------------------------- computed routes


@renamed_keywords(graph="roads")
def default_exits(roads: Any) -> list[Hashable]:
    """Where roads leave the study area: dead ends near the network's outer boundary.

    A node is an exit when it has one neighbour (a road cut at the study area's edge),
    lies within ``settings.exit_boundary_distance_m`` of the boundary of the convex hull
    of all nodes, and its road's class is in ``settings.exit_road_classes`` (any class
    when that is None, or when no node qualifies with the class filter).

    Parameters
    ----------
    roads : networkx graph or GeoDataFrame
        As for :func:`escape_routes` (``graph=``, its old name, still works with a warning).

    Returns
    -------
    list
        Node ids, sorted.

    Examples
    --------
    >>> from cctvgeo.datasets import load_sample
    >>> len(default_exits(load_sample().graph()))
    8
    """
    return _default_exits(_network(roads))


def _default_exits(net: _Network) -> list[Hashable]:
    e = net.edges
    u = e["u"].to_numpy(dtype=object)
    v = e["v"].to_numpy(dtype=object)
    loops = u == v
    pairs = pd.DataFrame({"a": u[~loops], "b": v[~loops]})
    both = pd.concat([pairs, pairs.rename(columns={"a": "b", "b": "a"})]).drop_duplicates()
    degree = both.groupby("a")["b"].size()
    dead = degree.index[degree.to_numpy() == 1]
    if not len(dead):
        return []
    xy = np.array([net.node_xy[n] for n in net.node_xy])
    hull = shapely.convex_hull(shapely.multipoints(xy))
    ring = hull.exterior if hull.geom_type == "Polygon" else hull
    dxy = np.array([net.node_xy[n] for n in dead])
    near = shapely.distance(ring, shapely.points(dxy)) <= settings.exit_boundary_distance_m
    candidates = [n for n, ok in zip(dead, near, strict=True) if ok]
    classes = settings.exit_road_classes
    if classes is not None:
        hw = pd.concat(
            [
                pd.Series(e["highway"].to_numpy(), index=u),
                pd.Series(e["highway"].to_numpy(), index=v),
            ]
        )
        hw = hw[~hw.index.duplicated()]
        by_class = [n for n in candidates if hw.get(n) in set(classes)]
        candidates = by_class or candidates
    return sorted(candidates, key=lambda n: (str(type(n)), n))


def _nodes_of(net: _Network, where: Any, what: str) -> list[Hashable]:
    """Node ids from a list of ids or from points (nearest node)."""
    if isinstance(where, gpd.GeoDataFrame | gpd.GeoSeries):
        require_same_crs(**{what: where, "graph": gpd.GeoSeries([], crs=net.crs)})
        ids = list(net.node_xy)
        xy = np.array([net.node_xy[n] for n in ids])
        tree = shapely.STRtree(shapely.points(xy))
        nearest = tree.nearest(np.asarray(where.geometry.array, dtype=object))
        return [ids[int(i)] for i in nearest]
    nodes = list(where)
    unknown = [n for n in nodes if n not in net.node_xy]
    if unknown:
        raise ValueError(f"{what} has nodes that are not in the graph: {unknown[:5]}.")
    return nodes


@renamed_keywords(graph="roads")
def escape_routes(
    roads: Any,
    origins: Any,
    *,
    exits: Any = None,
    k: int = 3,
    penalty: float | None = None,
    max_overlap: float | None = None,
) -> gpd.GeoDataFrame:
    """The k fastest mutually diverse escape routes from each origin to an exit.

    Iterative penalty method (Johnson, Joy & Clarke 1992; Akgün, Erkut & Batta 2000):
    the first route is the fastest path to any exit; after each search, the edges of the
    path found have their cost multiplied by ``1 + penalty``, and the next search runs on
    the penalised costs. A path is accepted as the next route only if at most
    ``max_overlap`` of its length runs along routes already accepted for the origin, so a
    route is never the fastest path plus a one-block detour. Costs are travel times:
    length over the edge's speed (OSM ``maxspeed``, else ``settings.road_speed_kmh`` by
    class, else ``settings.default_speed_kmh``). Reported lengths and times are the true,
    unpenalised ones. One-way streets are respected when the graph is directed (osmnx).

    Parameters
    ----------
    roads : networkx graph or GeoDataFrame
        An osmnx graph in a projected CRS, or road lines (taken as two-way): the roads, as
        every function that takes them calls them (``graph=``, the old name, still works
        with a warning).
    origins : GeoDataFrame, GeoSeries or sequence of node ids
        Crime sites or risk points (each snapped to its nearest node; same CRS as the
        graph), or node ids. A ``point_id`` column names the origin; otherwise its index
        label does.
    exits : GeoDataFrame, GeoSeries or sequence of node ids, optional
        Default :func:`default_exits`: dead ends where roads cross the study area's edge.
    k : int, default 3
        Routes wanted per origin; fewer are returned when no more diverse route exists
        within ``settings.route_max_tries`` searches per route.
    penalty : float, optional
        Default ``settings.route_penalty``.
    max_overlap : float, optional
        Share 0-1; default ``settings.route_max_overlap``.

    Returns
    -------
    GeoDataFrame
        One row per route in the graph's CRS, by origin then rank: ``route_id``
        (``"<origin>-<rank>"``), ``name``, ``origin``, ``origin_node``, ``exit_node``,
        ``rank`` (1 = fastest), ``length_m``, ``travel_time_s``, ``overlap`` (largest
        share of its length shared with one earlier route of the origin), ``nodes``,
        ``edges`` ((u, v, key) in travel order) and the LineString from origin to exit.

    References
    ----------
    Akgün, V., Erkut, E. & Batta, R. (2000). On finding dissimilar paths. *European
    Journal of Operational Research* 121(2), 232-246.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.grid_2d_graph(4, 4)
    >>> g = nx.relabel_nodes(g, {n: n[0] * 4 + n[1] for n in g})
    >>> for n in g:
    ...     g.nodes[n].update(x=100.0 * (n // 4), y=100.0 * (n % 4))
    >>> g.graph["crs"] = "EPSG:32647"
    >>> r = escape_routes(g, [0], exits=[15], k=2)
    >>> r["rank"].tolist(), r["length_m"].tolist(), bool(r["overlap"].iloc[1] <= 0.6)
    ([1, 2], [600.0, 600.0], True)
    """
    import networkx as nx

    if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1:
        raise ValueError(f"k must be a whole number >= 1, not {k!r}.")
    pen = settings.route_penalty if penalty is None else float(penalty)
    cap = settings.route_max_overlap if max_overlap is None else float(max_overlap)
    if not (math.isfinite(pen) and pen > 0 and 0 <= cap <= 1):
        raise ValueError("penalty must be > 0 and max_overlap within 0-1.")
    net = _network(roads)
    exit_nodes = _default_exits(net) if exits is None else _nodes_of(net, exits, "exits")
    if not exit_nodes:
        raise ValueError(
            "No exits: the graph has no dead end near its boundary. Pass exits=[node ids] "
            "or points where roads leave the study area."
        )
    origin_nodes = _nodes_of(net, origins, "origins")
    labels = _origin_labels(origins, len(origin_nodes))
    length = net.edges["length"].to_numpy()
    time_s = net.edges["time_s"].to_numpy()
    sink = ("__exit__",)
    rows: list[dict[str, Any]] = []
    for label, origin in zip(labels, origin_nodes, strict=True):
        targets = [x for x in exit_nodes if x != origin]
        mult = np.ones(len(length))
        accepted: list[list[int]] = []
        tries = 0
        while len(accepted) < k and tries < k * settings.route_max_tries:
            tries += 1
            g = net.digraph(time_s * mult)
            g.add_edges_from((x, sink, {"w": 0.0, "i": -1}) for x in targets)
            try:
                nodes = nx.dijkstra_path(g, origin, sink, weight="w")[:-1]
            except nx.NetworkXNoPath:
                break
            idx = _path_edges(g, nodes)
            share = _overlap(idx, accepted, length)
            if idx not in accepted and share <= cap:
                accepted.append(idx)
                rows.append(
                    {
                        "origin": label, "origin_node": origin, "exit_node": nodes[-1],
                        "rank": len(accepted), "length_m": float(length[idx].sum()),
                        "travel_time_s": float(time_s[idx].sum()), "overlap": share,
                        "nodes": list(nodes), "edges": _edge_ids(net, idx),
                        "geometry": _path_geometry(net, nodes, idx),
                    }
                )  # fmt: skip
            mult[idx] *= 1.0 + pen
            if not net.directed:
                continue
            twins = _twins(net, idx)
            mult[twins] *= 1.0 + pen
    return _computed_frame(rows, net.crs)


def _origin_labels(origins: Any, n: int) -> list[str]:
    if isinstance(origins, gpd.GeoDataFrame) and "point_id" in origins:
        return [str(v) for v in origins["point_id"]]
    if isinstance(origins, gpd.GeoDataFrame | gpd.GeoSeries):
        return [str(v) for v in origins.index]
    return [str(v) for v in list(origins)[:n]]


def _twins(net: _Network, idx: list[int]) -> NDArray[np.intp]:
    """Edges running the other way between the same nodes (a two-way street's twin)."""
    e = net.edges
    pairs = set(zip(e["v"].to_numpy()[idx], e["u"].to_numpy()[idx], strict=True))
    uv = zip(e["u"].to_numpy(), e["v"].to_numpy(), strict=True)
    return np.array([i for i, p in enumerate(uv) if p in pairs], dtype=np.intp)


def _overlap(idx: list[int], accepted: list[list[int]], length: NDArray[np.float64]) -> float:
    """Largest share of the path's length shared with one accepted route."""
    total = float(length[idx].sum())
    if not accepted or total <= 0:
        return 0.0
    mine = set(idx)
    return max(float(length[sorted(mine & set(other))].sum()) / total for other in accepted)


def _computed_frame(rows: list[dict[str, Any]], crs: Any) -> gpd.GeoDataFrame:
    columns = [
        "route_id", "name", "origin", "origin_node", "exit_node", "rank", "length_m",
        "travel_time_s", "overlap", "nodes", "edges",
    ]  # fmt: skip
    frame = pd.DataFrame(
        rows, columns=[c for c in columns if c not in ("route_id", "name")] + ["geometry"]
    )
    frame.insert(0, "route_id", pd.array([f"{r['origin']}-{r['rank']}" for r in rows], dtype="str"))
    frame.insert(
        1, "name",
        pd.array([f"escape route {r['rank']} from {r['origin']} to exit {r['exit_node']}" for r in rows], dtype="str"),
    )  # fmt: skip
    frame["origin"] = frame["origin"].astype("str")
    frame["rank"] = frame["rank"].astype(np.int64)
    for c in ("length_m", "travel_time_s", "overlap"):
        frame[c] = frame[c].astype(float)
    geometry = gpd.GeoSeries(frame.pop("geometry").tolist(), crs=crs)
    return gpd.GeoDataFrame(frame, geometry=geometry.values, crs=crs)
