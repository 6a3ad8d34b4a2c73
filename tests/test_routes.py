"""Escape routes: computed on a grid with known answers, and drawn routes snapped to roads."""

from __future__ import annotations

import itertools
from pathlib import Path

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely import LineString, Point

import cctvgeo as cg
from cctvgeo.riskpoints import default_exits, escape_routes, read_escape_routes
from cctvgeo.riskpoints.routes import speed_kmh

SIDE = 100.0


def grid(n: int = 5, *, stubs: bool = True, highway: str = "primary") -> nx.MultiDiGraph:
    """An n x n street grid, 100 m blocks, two-way, with dead-end stubs leaving it east and north.

    Node r*n+c sits at (c*100, r*100). Stubs: 100 (east of node (2, n-1)) and 101 (north of
    node (n-1, 2)), 100 m long: the default exits.
    """
    g = nx.MultiDiGraph(crs="EPSG:32647")
    for r, c in itertools.product(range(n), range(n)):
        g.add_node(r * n + c, x=c * SIDE, y=r * SIDE)
    g.add_node(100, x=n * SIDE, y=2 * SIDE)
    g.add_node(101, x=2 * SIDE, y=n * SIDE)
    pairs = [(r * n + c, r * n + c + 1) for r in range(n) for c in range(n - 1)]
    pairs += [(r * n + c, (r + 1) * n + c) for r in range(n - 1) for c in range(n)]
    if stubs:
        pairs += [(2 * n + n - 1, 100), ((n - 1) * n + 2, 101)]
    for a, b in pairs:
        for u, v in ((a, b), (b, a)):
            geom = LineString(
                [(g.nodes[u]["x"], g.nodes[u]["y"]), (g.nodes[v]["x"], g.nodes[v]["y"])]
            )
            g.add_edge(u, v, 0, highway=highway, length=SIDE, geometry=geom)
    return g


def test_default_exits_are_the_stubs_at_the_boundary(monkeypatch: pytest.MonkeyPatch) -> None:
    assert default_exits(grid()) == [100, 101]
    monkeypatch.setattr(cg.settings, "exit_boundary_distance_m", 50.0)
    g = grid()
    g.add_node(200, x=250.0, y=250.0)  # a dead end in the middle is not an exit
    for u, v in ((12, 200), (200, 12)):
        g.add_edge(u, v, 0, highway="primary", length=70.7)
    assert default_exits(g) == [100, 101]


def test_routes_are_the_known_shortest_paths_and_diverse() -> None:
    g = grid()
    routes = escape_routes(g, [0], k=3)
    assert routes["rank"].tolist() == [1, 2, 3]
    # from the south-west corner, each stub is 4 + 2 + 1 = 7 blocks away: the fastest
    # route is 700 m to either, as networkx finds too
    assert nx.shortest_path_length(nx.Graph(g), 0, 100) == 7
    assert routes["length_m"].iloc[0] == pytest.approx(700.0)
    assert routes["travel_time_s"].iloc[0] == pytest.approx(700.0 / (60 / 3.6))
    # the first two routes are both shortest (one to each exit) and share little
    assert routes["length_m"].iloc[1] == pytest.approx(700.0)
    assert set(routes["exit_node"].iloc[:2]) == {100, 101}
    assert (routes["overlap"] <= cg.settings.route_max_overlap).all()
    first, second = (set(map(frozenset, itertools.pairwise(n))) for n in routes["nodes"][:2])
    assert len(first & second) / 7 <= cg.settings.route_max_overlap
    for nodes, geom, length in zip(
        routes["nodes"], routes.geometry, routes["length_m"], strict=True
    ):
        assert nodes[0] == 0 and nodes[-1] in (100, 101)
        assert geom.length == pytest.approx(length)
        assert Point(geom.coords[0]).equals(Point(0, 0))
    assert routes.crs.to_epsg() == 32647
    assert routes["route_id"].tolist() == ["0-1", "0-2", "0-3"]


def test_a_second_route_is_not_the_first_plus_a_detour() -> None:
    g = grid(stubs=False)
    routes = escape_routes(g, [0], exits=[24], k=2, max_overlap=0.5)
    a, b = ({frozenset(e) for e in itertools.pairwise(n)} for n in routes["nodes"])
    assert routes["length_m"].tolist() == [800.0, 800.0]  # both are shortest paths
    assert len(a & b) / 8 <= 0.5
    # with an impossible overlap cap no second route is accepted
    only = escape_routes(g, [0], exits=[24], k=2, max_overlap=0.0)
    assert len(only) == 2  # on a grid two fully disjoint shortest paths exist
    assert only["overlap"].tolist() == [0.0, 0.0]


def test_speeds_come_from_maxspeed_then_class(monkeypatch: pytest.MonkeyPatch) -> None:
    assert speed_kmh("50", "residential") == 50.0
    assert speed_kmh(["30 mph", "40"], None) == pytest.approx(48.28032)
    assert speed_kmh("signals", "residential") == cg.settings.road_speed_kmh["residential"]
    monkeypatch.setattr(cg.settings, "default_speed_kmh", 7.0)
    assert speed_kmh(None, "footway") == 7.0
    g = grid(highway="residential")
    r = escape_routes(g, [0], k=1)
    assert r["travel_time_s"].iloc[0] == pytest.approx(700.0 / (30 / 3.6))


def test_one_way_streets_are_respected() -> None:
    g = grid(stubs=False)
    free = escape_routes(g, [0], exits=[4], k=1)
    assert free["nodes"].iloc[0] == [0, 1, 2, 3, 4]
    g.remove_edge(0, 1)  # the first block east becomes one-way towards the origin
    r = escape_routes(g, [0], exits=[4], k=1)
    assert r["nodes"].iloc[0][:2] == [0, 5] and r["length_m"].iloc[0] == pytest.approx(600.0)
    with pytest.raises(ValueError, match="k must"):
        escape_routes(g, [0], exits=[24], k=0)


@settings(max_examples=15, deadline=None)
@given(st.lists(st.floats(0.2, 5.0), min_size=40, max_size=40), st.integers(0, 24))
def test_first_route_is_the_fastest_path(factors: list[float], origin: int) -> None:
    g = grid(stubs=True)
    for i, (u, v, k) in enumerate(sorted((u, v, k) for u, v, k in g.edges(keys=True) if u < v)):
        speed = 10.0 * factors[i % len(factors)]
        g.edges[u, v, k]["maxspeed"] = str(speed)
        g.edges[v, u, k]["maxspeed"] = str(speed)
    routes = escape_routes(g, [origin], k=2)
    h = nx.DiGraph()
    for u, v, d in g.edges(data=True):
        h.add_edge(u, v, t=d["length"] / (float(d["maxspeed"]) / 3.6))
    best = min(nx.shortest_path_length(h, origin, x, weight="t") for x in (100, 101))
    assert routes["travel_time_s"].iloc[0] == pytest.approx(best)
    assert (routes["travel_time_s"].diff().dropna() >= -1e-9).all() or len(routes) < 2
    assert (routes["overlap"] <= cg.settings.route_max_overlap + 1e-12).all()


def wiggle(line: LineString, amplitude: float, wavelength: float = 120.0) -> LineString:
    """The line with a sideways sine wave, as a hand drawing on a map wanders."""
    d = np.arange(0.0, line.length + 1e-9, 5.0)
    xy = shapely.get_coordinates(shapely.line_interpolate_point(line, d))
    ahead = shapely.get_coordinates(shapely.line_interpolate_point(line, d + 0.5))
    behind = shapely.get_coordinates(shapely.line_interpolate_point(line, d - 0.5))
    t = ahead - behind
    t /= np.linalg.norm(t, axis=1)[:, None]
    normal = np.c_[-t[:, 1], t[:, 0]]
    return LineString(xy + normal * (amplitude * np.sin(2 * np.pi * d / wavelength))[:, None])


def test_a_wiggly_drawn_route_is_snapped_to_the_right_segments(tmp_path: Path) -> None:
    g = grid()
    true_nodes = [0, 1, 2, 7, 12, 13, 14, 100]  # east, north, east: an L-shaped escape
    truth = LineString([(g.nodes[n]["x"], g.nodes[n]["y"]) for n in true_nodes])
    drawn = wiggle(truth, amplitude=25.0)
    assert shapely.hausdorff_distance(drawn, truth) > 20  # the drawing leaves the road
    # drawn on a web map: GeoJSON in longitude/latitude
    path = tmp_path / "drawn.geojson"
    gpd.GeoDataFrame(
        {"name": ["หนีไปทางตะวันออก"], "note": ["by Pol. Lt. X"]}, geometry=[drawn], crs=32647
    ).to_crs(4326).to_file(path, driver="GeoJSON")
    routes = read_escape_routes(path, g)
    r = routes.iloc[0]
    assert r["nodes"] == true_nodes
    assert r["edges"] == [(a, b, 0) for a, b in itertools.pairwise(true_nodes)]
    assert r["length_m"] == pytest.approx(700.0)
    assert r["max_offset_m"] < 30 and r["off_corridor_m"] == 0.0
    assert r["name"] == "หนีไปทางตะวันออก" and r["note"] == "by Pol. Lt. X"
    assert r["route_id"] == "ER-1" and routes.crs.to_epsg() == 32647
    assert r.geometry.equals_exact(truth, 1e-6)


def test_a_drawing_far_from_roads_is_reported() -> None:
    g = grid()
    far = gpd.GeoDataFrame(geometry=[LineString([(5000, 5000), (6000, 5000)])], crs=32647)
    with pytest.raises(cg.ValidationError, match="nowhere within"):
        read_escape_routes(far, g)


def test_snapping_the_sample_routes_gives_them_back() -> None:
    sample = cg.datasets.load_sample()
    g = sample.graph()
    drawn = sample.escape_routes.copy()
    drawn["geometry"] = [wiggle(line, 15.0) for line in drawn.geometry]
    routes = read_escape_routes(drawn, g)
    assert routes["route_id"].tolist() == sample.escape_routes["route_id"].tolist()
    for snapped, truth in zip(routes.geometry, sample.escape_routes.geometry, strict=True):
        assert shapely.hausdorff_distance(snapped, truth) < 1e-6
    assert np.allclose(routes["length_m"], sample.escape_routes["length_m"])


def test_the_old_graph_keyword_still_works_with_a_warning() -> None:
    # Roads are `roads` in every function that takes them; `graph=` was this one's name.
    g = grid()
    with pytest.warns(FutureWarning, match=r"escape_routes\(graph=\.\.\.\) is deprecated"):
        old = escape_routes(graph=g, origins=[0], k=2)
    pd.testing.assert_frame_equal(old, escape_routes(roads=g, origins=[0], k=2))
    with pytest.warns(FutureWarning, match=r"default_exits\(graph=\.\.\.\)"):
        assert default_exits(graph=g) == default_exits(g) == [100, 101]
    with pytest.raises(TypeError, match="give roads="):
        escape_routes(roads=g, origins=[0], graph=g)
