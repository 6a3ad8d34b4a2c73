"""The sparse coverage matrix (cctvgeo.coverage.matrix)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import scipy.sparse
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely import LineString, MultiPoint, Point, box

import cctvgeo as cg
from cctvgeo.coverage import coverage_matrix, road_coverage, road_segments

CRS = 32647


def frame(geoms, **cols):
    return gpd.GeoDataFrame(cols or None, geometry=list(geoms), crs=CRS)


def test_matrix_by_hand():
    demand = frame(
        [
            LineString([(0, 0), (100, 0)]),  # a road segment
            Point(5, 0),  # a risk point
            box(0, 10, 20, 30),  # a hotspot area
            Point(500, 500),  # seen by nobody
        ]
    )
    fp = frame(
        [box(-10, -5, 25, 5), box(50, -5, 200, 20), None, box(10, 10, 15, 30)],
        camera_id=["A", "B", "C", "D"],
        status=["working", "broken", "working", "unknown"],  # status is ignored here
    )
    m = coverage_matrix(demand, fp)
    assert isinstance(m, scipy.sparse.csr_array)
    assert m.shape == (4, 4)
    assert m.dtype == np.float64
    expected = [
        [0.25, 1.0, 0.0, 0.0],
        [0.5, 0.0, 0.0, 0.0],
        [0.0, 0.0, 0.0, 0.0],  # missing footprint: empty row
        [0.0, 0.0, 0.25, 0.0],
    ]
    assert m.toarray() == pytest.approx(np.array(expected))
    assert m.nnz == 4  # nothing stored for pairs that do not meet


def test_point_on_footprint_edge_counts_and_line_touching_does_not():
    demand = frame([Point(10, 0), LineString([(10, -5), (20, -5)])])
    fp = frame([box(0, 0, 10, 10)])
    m = coverage_matrix(demand, fp)
    assert m.toarray().tolist() == [[1.0, 0.0]]
    assert m.nnz == 1


def test_row_and_column_order_follow_positions_not_labels():
    demand = frame([Point(0, 0), Point(100, 0)])
    demand.index = [7, 3]
    fp = frame([box(90, -1, 110, 1), box(-1, -1, 1, 1)])
    fp.index = ["z", "a"]
    assert coverage_matrix(demand, fp).toarray().tolist() == [[0.0, 1.0], [1.0, 0.0]]


def test_bad_demand_and_crs():
    fp = frame([box(0, 0, 1, 1)])
    with pytest.raises(cg.ValidationError) as err:
        coverage_matrix(frame([Point(0, 0), MultiPoint([(0, 0), (1, 1)]), None]), fp)
    assert [p.row for p in err.value.report.errors] == [1, 2]
    with pytest.raises(cg.CRSError):
        coverage_matrix(frame([Point(0, 0)]).set_crs(4326, allow_override=True), fp)
    with pytest.raises(cg.ValidationError):
        coverage_matrix(frame([Point(0, 0)]), frame([LineString([(0, 0), (1, 1)])]))


def test_empty_inputs():
    m = coverage_matrix(frame([Point(0, 0)]), frame([]))
    assert m.shape == (0, 1)
    m = coverage_matrix(frame([]), frame([box(0, 0, 1, 1)]))
    assert m.shape == (1, 0)


def test_one_footprint_column_sum_matches_road_coverage():
    # for a single footprint, matrix share x length = covered metres of road_coverage
    roads = frame([LineString([(0, 0), (120, 0), (120, 80)])])
    segs = road_segments(roads, max_length=20)
    fp = frame([shapely.Point(100, 10).buffer(30)], camera_id=["A"], status=["working"])
    m = coverage_matrix(segs, fp)
    cov = road_coverage(segs, fp)
    assert (m.toarray()[0] * segs.length.to_numpy()) == pytest.approx(cov["covered_m"].to_numpy())


coord = st.integers(-50, 50)


@st.composite
def demand_geom(draw):
    kind = draw(st.sampled_from(["point", "line", "polygon"]))
    x, y = draw(coord), draw(coord)
    if kind == "point":
        return Point(x, y)
    if kind == "line":
        n = draw(st.integers(1, 4))
        pts = [(x, y)] + [(draw(coord), draw(coord)) for _ in range(n)]
        line = LineString(pts)
        return line if line.length > 0 else LineString([(x, y), (x + 3, y)])
    return box(x, y, x + draw(st.integers(1, 40)), y + draw(st.integers(1, 40)))


@st.composite
def footprint(draw):
    x, y = draw(coord), draw(coord)
    if draw(st.booleans()):
        return box(x, y, x + draw(st.integers(1, 60)), y + draw(st.integers(1, 60)))
    return Point(x, y).buffer(draw(st.integers(1, 40)), quad_segs=6)


@settings(max_examples=60, deadline=None)
@given(
    demand=st.lists(demand_geom(), min_size=1, max_size=8),
    fps=st.lists(footprint(), min_size=1, max_size=6),
)
def test_entries_equal_per_pair_shares(demand, fps):
    m = coverage_matrix(frame(demand), frame(fps))
    assert m.shape == (len(fps), len(demand))
    dense = m.toarray()
    assert np.all((dense >= 0) & (dense <= 1))
    assert np.all(m.data > 0)
    for i, poly in enumerate(fps):
        for j, geom in enumerate(demand):
            if geom.geom_type == "Point":
                want = 1.0 if poly.intersects(geom) else 0.0
            elif geom.geom_type == "LineString":
                want = poly.intersection(geom).length / geom.length
            else:
                want = poly.intersection(geom).area / geom.area
            assert dense[i, j] == pytest.approx(want, abs=1e-9)
