"""Road input: a graph, lines or an osmnx edge table, read one way by every layer.

Road segments (coverage), heading inference (footprints), escape routes, the route-drawing
map and the ``cctvgeo`` command all take roads as any of:

* an osmnx/networkx graph (:func:`is_graph`), whose edges :func:`graph_edges` lists;
* an osmnx edge table: a GeoDataFrame indexed by ``u, v, key``, as ``ox.graph_to_gdfs``
  returns it (:func:`is_edge_table`);
* a GeoDataFrame of lines, with any labels.

:func:`road_edges` turns each into one edge table in which every physical road appears
once: osmnx stores a two-way street twice, ``u -> v`` and ``v -> u`` with the line reversed,
and only the first of the two is kept. Escape routes need the directions, so they read a
graph with :func:`graph_edges` instead. Several values of one OSM tag, which osmnx turns into
lists, are joined with ``";"`` as OSM writes them (:func:`join_osm_lists`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

from cctvgeo._errors import CRSError

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

#: The separator OSM uses between several values of one tag (``highway=primary;trunk``).
OSM_LIST_SEPARATOR = ";"


def is_graph(roads: object) -> bool:
    """Whether ``roads`` is a networkx (osmnx) graph rather than a table of lines.

    Examples
    --------
    >>> import networkx as nx
    >>> is_graph(nx.MultiDiGraph()), is_graph(gpd.GeoDataFrame())
    (True, False)
    """
    return all(hasattr(roads, a) for a in ("graph", "edges", "nodes")) and not hasattr(roads, "crs")


def is_edge_table(roads: object) -> bool:
    """Whether ``roads`` is an osmnx edge table: a GeoDataFrame indexed by ``u, v, key``."""
    return isinstance(roads, gpd.GeoDataFrame) and list(roads.index.names) == ["u", "v", "key"]


def graph_edges(graph: nx.Graph, *, projected: bool = True) -> gpd.GeoDataFrame:
    """Every edge of a road graph, both directions of a two-way street, as an edge table.

    Parameters
    ----------
    graph : networkx graph
        An osmnx graph, or any networkx graph whose nodes have ``x`` and ``y`` and whose
        ``graph["crs"]`` is set. An edge without a ``geometry`` is the straight line
        between its nodes.
    projected : bool, default True
        Require a projected (metric) CRS.

    Returns
    -------
    GeoDataFrame
        Indexed by ``u, v, key``, with the edges' attributes, OSM lists joined.

    Raises
    ------
    CRSError
        The graph has no CRS, or (``projected``) a geographic one.
    ValueError
        The graph has no edges.
    """
    crs = graph.graph.get("crs")
    if crs is None:
        raise CRSError(
            "The road graph has no 'crs' attribute. Build it with osmnx, or set "
            "graph.graph['crs'], then project it: graph = ox.project_graph(graph)."
        )
    if projected and not pyproj.CRS.from_user_input(crs).is_projected:
        raise CRSError(
            f"The road graph is in a geographic CRS ({crs}); lengths need metres. Project it "
            "first: graph = ox.project_graph(graph) (osmnx picks the UTM zone), or give a "
            "projected GeoDataFrame of lines (cg.project(edges))."
        )
    if graph.number_of_edges() == 0:
        raise ValueError("The road graph has no edges.")
    import networkx as nx
    import osmnx as ox  # slow to import; only graph input needs it

    if not graph.is_multigraph():
        graph = nx.MultiDiGraph(graph) if graph.is_directed() else nx.MultiGraph(graph)
    return join_osm_lists(ox.graph_to_gdfs(graph, nodes=False, fill_edge_geometry=True))


def road_edges(roads: Any, *, projected: bool = True) -> gpd.GeoDataFrame:
    """Roads as one edge table in which each physical road appears once.

    Parameters
    ----------
    roads : networkx graph or GeoDataFrame
        A road graph, an osmnx edge table or lines (see the module's description).
    projected : bool, default True
        Require a graph in a projected CRS (a GeoDataFrame's CRS is the caller's to check).

    Returns
    -------
    GeoDataFrame
        From a graph or an edge table: the edges numbered 0..m-1, with ``u``, ``v`` and
        ``key`` columns, the second of each two-way pair left out. From lines: the lines with
        their labels. OSM lists are joined in both.

    Raises
    ------
    TypeError
        ``roads`` is neither a graph nor a GeoDataFrame.

    Examples
    --------
    >>> import cctvgeo as cg
    >>> edges = cg.datasets.load_sample().roads
    >>> is_edge_table(edges), len(road_edges(edges)) < len(edges)
    (True, True)
    """
    if is_graph(roads):
        return _each_road_once(graph_edges(roads, projected=projected))
    if not isinstance(roads, gpd.GeoDataFrame):
        raise TypeError(
            "roads must be an osmnx MultiDiGraph or a GeoDataFrame of lines, "
            f"not {type(roads).__name__}."
        )
    return _each_road_once(roads) if is_edge_table(roads) else join_osm_lists(roads)


def _each_road_once(edges: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """An edge table without the reversed twin of each two-way street, numbered 0..m-1.

    Twins share the unordered node pair and the same line up to direction, which
    ``shapely.normalize`` makes identical.
    """
    edges = edges.reset_index()
    node_codes, _ = pd.factorize(pd.concat([edges["u"], edges["v"]], ignore_index=True))
    cu, cv = node_codes[: len(edges)], node_codes[len(edges) :]
    geoms = np.asarray(edges.geometry.array, dtype=object)
    key = pd.DataFrame(
        {
            "lo": np.minimum(cu, cv),
            "hi": np.maximum(cu, cv),
            "shape": shapely.to_wkb(shapely.normalize(geoms)),
        }
    )
    return join_osm_lists(edges.loc[~key.duplicated().to_numpy()].reset_index(drop=True))


def join_osm_lists(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``frame`` with every list value (several values of one OSM tag) joined by ``";"``.

    Examples
    --------
    >>> f = gpd.GeoDataFrame({"highway": [["primary", "trunk"], "residential"]}, geometry=[None] * 2)
    >>> join_osm_lists(f)["highway"].tolist()
    ['primary;trunk', 'residential']
    """
    texts = [c for c in frame.columns if c != frame.geometry.name and frame[c].dtype == object]
    lists = {c: frame[c].map(lambda v: isinstance(v, list)) for c in texts}
    changed = {c: m for c, m in lists.items() if m.any()}
    if not changed:
        return frame
    out = frame.copy()
    for c, is_list in changed.items():
        out.loc[is_list, c] = out.loc[is_list, c].map(
            lambda v: OSM_LIST_SEPARATOR.join(map(str, v))
        )
    return out
