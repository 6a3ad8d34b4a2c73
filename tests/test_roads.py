"""Road input, read one way by every layer: graph, osmnx edge table or lines."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from shapely import LineString

import cctvgeo as cg
from cctvgeo import maps
from cctvgeo._roads import graph_edges, is_edge_table, is_graph, join_osm_lists, road_edges
from cctvgeo.riskpoints.routes import _network


def two_way_and_one_way(crs: str = "EPSG:32647") -> nx.MultiDiGraph:
    """A two-way street 1-2 (stored both ways, the second reversed) and a one-way 2-3."""
    g = nx.MultiDiGraph(crs=crs)
    for node, (x, y) in {1: (0, 0), 2: (100, 0), 3: (100, 60)}.items():
        g.add_node(node, x=x, y=y)
    a = LineString([(0, 0), (50, 5), (100, 0)])
    kinds = ["tertiary", "residential"]
    g.add_edge(1, 2, 0, highway=kinds, name="Main", geometry=a)
    g.add_edge(2, 1, 0, highway=kinds, name="Main", geometry=a.reverse())
    g.add_edge(2, 3, 0, highway="residential", name=["Soi 1", "Soi Nueng"])  # no geometry
    return g


def test_one_graph_check_tells_graphs_from_tables() -> None:
    edges = graph_edges(two_way_and_one_way())
    assert [is_graph(x) for x in (nx.MultiDiGraph(), nx.Graph(), edges, [1])] == [
        True,
        True,
        False,
        False,
    ]
    assert is_edge_table(edges) and not is_edge_table(edges.reset_index())


def test_a_two_way_street_is_one_edge_from_a_graph_or_its_edge_table() -> None:
    g = two_way_and_one_way()
    every = graph_edges(g)
    assert len(every) == 3  # both directions, for routing
    assert every.loc[(2, 3, 0)].geometry.equals(LineString([(100, 0), (100, 60)]))
    once = road_edges(g)
    assert once[["u", "v", "key"]].values.tolist() == [[1, 2, 0], [2, 3, 0]]
    assert once.index.tolist() == [0, 1]
    assert road_edges(every).equals(once)


def test_osm_lists_are_joined_one_way_in_every_layer() -> None:
    g = two_way_and_one_way()
    edges = road_edges(g)
    assert edges["highway"].tolist() == ["tertiary;residential", "residential"]
    assert edges["name"].tolist() == ["Main", "Soi 1;Soi Nueng"]
    segments = cg.coverage.road_segments(g, max_length=1000.0)
    assert set(segments["highway"]) == {"tertiary;residential", "residential"}
    assert maps._road_lines(g)["highway"].tolist() == ["tertiary;residential", "residential"]
    assert join_osm_lists(edges) is edges  # nothing left to join: no copy


def test_lines_keep_their_labels_and_other_input_is_refused() -> None:
    roads = cg.datasets.load_sample().roads.reset_index(drop=True)
    lines = roads.set_axis(np.arange(5, 5 + len(roads)))
    assert road_edges(lines).index.equals(lines.index)
    with pytest.raises(TypeError, match="not list"):
        road_edges([LineString([(0, 0), (1, 1)])])


def test_a_graph_needs_a_crs_edges_and_metres_where_lengths_count() -> None:
    bare = two_way_and_one_way()
    del bare.graph["crs"]
    with pytest.raises(cg.CRSError, match="no 'crs'"):
        road_edges(bare)
    geographic = two_way_and_one_way(crs="EPSG:4326")
    with pytest.raises(cg.CRSError, match="geographic"):
        road_edges(geographic)
    assert len(road_edges(geographic, projected=False)) == 2  # the map draws any CRS
    with pytest.raises(ValueError, match="no edges"):
        graph_edges(nx.MultiDiGraph(crs="EPSG:32647"))


def test_routing_reads_a_simple_graph_in_both_directions() -> None:
    simple = nx.DiGraph(two_way_and_one_way())  # no keys: each edge gets key 0
    simple.graph["crs"] = "EPSG:32647"
    net = _network(simple)
    assert net.directed
    assert net.edges[["u", "v", "key"]].values.tolist() == [[1, 2, 0], [2, 1, 0], [2, 3, 0]]
    assert net.edges["highway"].tolist() == ["tertiary", "tertiary", "residential"]
