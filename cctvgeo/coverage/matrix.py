"""The sparse coverage matrix: which footprint covers how much of which demand element.

This is the engine planning uses (maximal covering location, Church & ReVelle 1974;
budgeted maximum coverage, Khuller, Moss & Naor 1999): rows are footprints (existing
cameras, repairs, re-aims or candidate sites), columns are demand elements (road
segments, risk points, hotspot areas). It is built with one STRtree query and shapely
array functions, never a dense matrix or a loop over pairs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import shapely
from scipy.sparse import csr_array

from cctvgeo._validate import ValidationReport, require_projected, require_same_crs
from cctvgeo.coverage._measure import _geometry_problems, _prepared_copy

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

__all__ = ["coverage_matrix"]

_DEMAND_TYPES = ("Point", "LineString", "MultiLineString", "Polygon", "MultiPolygon")


def coverage_matrix(demand: gpd.GeoDataFrame, footprints: gpd.GeoDataFrame) -> csr_array:
    """Build the sparse footprints x demand coverage matrix.

    Parameters
    ----------
    demand : GeoDataFrame
        Demand elements in a projected CRS: Points (risk points), LineStrings or
        MultiLineStrings (road segments, route pieces) and Polygons or MultiPolygons
        (hotspot areas), mixed freely.
    footprints : GeoDataFrame
        (Multi)Polygons in the same CRS: camera or candidate footprints. *Every* row is used,
        whatever its ``status`` (filter first, for example
        ``footprints[cg.coverage.counted_cameras(footprints)]``, the rule road coverage
        applies); a missing or empty footprint gives an empty row.

    Returns
    -------
    scipy.sparse.csr_array
        Shape ``(len(footprints), len(demand))``, dtype float64. Row ``i`` is the ``i``-th row
        of ``footprints`` and column ``j`` the ``j``-th row of ``demand`` (positions, not index
        labels). Entry ``(i, j)`` is:

        - for a line, the share of its length inside footprint ``i`` (0 to 1);
        - for a polygon, the share of its area inside footprint ``i``;
        - for a point (or a line or polygon of zero size), 1 if the footprint holds it,
          boundary included.

        Pairs that do not meet are not stored. Each entry is one footprint alone: the share
        covered by *several* footprints is not their sum where they overlap (use
        :func:`cctvgeo.coverage.road_coverage` for that). ``csr_array`` is the scipy sparse
        *array* type: ``M @ x`` is a matrix product and ``M * x`` is element-wise.

    References
    ----------
    Church, R. & ReVelle, C. (1974). The maximal covering location problem. *Papers of the
    Regional Science Association* 32, 101-118.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely import LineString, Point, box
    >>> demand = gpd.GeoDataFrame(
    ...     geometry=[LineString([(0, 0), (100, 0)]), Point(5, 0)], crs=32647)
    >>> fp = gpd.GeoDataFrame(geometry=[box(-10, -5, 25, 5), box(50, -5, 200, 5)], crs=32647)
    >>> coverage_matrix(demand, fp).toarray().tolist()
    [[0.25, 1.0], [0.5, 0.0]]
    """
    require_projected(demand, "demand")
    require_projected(footprints, "footprints")
    require_same_crs(demand=demand, footprints=footprints)
    report = ValidationReport("demand", n_rows=len(demand))
    report.extend(
        _geometry_problems(
            demand,
            "demand",
            _DEMAND_TYPES,
            allow_empty=False,
            fix="Give every demand element a Point, line or polygon (explode MultiPoints).",
        )
    )
    report.extend(
        _geometry_problems(
            footprints,
            "footprints",
            ("Polygon", "MultiPolygon"),
            allow_empty=True,
            fix="Footprints must be polygons; rebuild them with fields_of_view.",
        )
    )
    report.raise_if_errors()

    shape = (len(footprints), len(demand))
    dem = np.asarray(demand.geometry.array, dtype=object)
    polys = np.asarray(footprints.geometry.array, dtype=object)
    usable = np.flatnonzero(~(shapely.is_missing(polys) | shapely.is_empty(polys)))
    if len(usable) == 0 or len(dem) == 0:
        return csr_array(shape, dtype=np.float64)
    prepared = _prepared_copy(polys[usable])
    tree = shapely.STRtree(dem)
    qi, dj = tree.query(prepared, predicate="intersects")
    fi = usable[qi]

    dim = shapely.get_dimensions(dem)
    size = np.where(dim == 1, shapely.length(dem), np.where(dim == 2, shapely.area(dem), 0.0))
    value = np.ones(len(qi), dtype=np.float64)
    measured = size[dj] > 0
    if measured.any():
        inside = np.zeros(len(qi), dtype=bool)
        inside[measured] = shapely.covers(prepared[qi[measured]], dem[dj[measured]])
        part = measured & ~inside
        if part.any():
            inter = shapely.intersection(dem[dj[part]], polys[fi[part]])
            is_line = dim[dj[part]] == 1
            got = np.where(is_line, shapely.length(inter), shapely.area(inter))
            value[part] = np.clip(got / size[dj[part]], 0.0, 1.0)
    keep = value > 0
    return csr_array((value[keep], (fi[keep], dj[keep])), shape=shape, dtype=np.float64)
