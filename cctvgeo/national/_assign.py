"""Each camera to its province, by a spatial join with the province polygons.

A camera belongs to a province when it lies strictly inside that province's polygon and
touches no other. Every other camera is kept, with the reason it was not assigned:
no location, outside every province, on a border (the edge of one or more polygons), or
inside two polygons that overlap. Nothing is dropped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

if TYPE_CHECKING:  # pragma: no cover
    from numpy.typing import NDArray

__all__ = ["Assignment", "assign_provinces"]

#: The reasons a camera has no province, as ``.unassigned`` shows them.
NO_LOCATION = "no location"
OUTSIDE = "outside every province"
ON_BORDER = "on the border of "
OVERLAP = "inside overlapping provinces "


class Assignment(NamedTuple):
    """The result of :func:`assign_provinces`.

    Attributes
    ----------
    pro_code : Series
        On the points' index: the province code of each assigned point, NA for the others.
    unassigned : GeoDataFrame
        The points not assigned (their own columns, index and CRS) with ``reason`` and
        ``pro_codes`` (the codes of the polygons they touch, comma-separated, or "").
    """

    pro_code: pd.Series
    unassigned: gpd.GeoDataFrame


def assign_provinces(points: gpd.GeoDataFrame, provinces: gpd.GeoDataFrame) -> Assignment:
    """Assign points (cameras) to the province polygon that holds each of them.

    Parameters
    ----------
    points : GeoDataFrame
        Points with a CRS; brought to the provinces' CRS for the join.
    provinces : GeoDataFrame
        Province polygons with a ``pro_code`` column and a CRS.

    Returns
    -------
    Assignment

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely import Point, box
    >>> provinces = gpd.GeoDataFrame({"pro_code": ["10", "11"]},
    ...     geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)], crs=4326)
    >>> cams = gpd.GeoDataFrame(geometry=[Point(0.5, 0.5), Point(1, 0.5), Point(3, 3)], crs=4326)
    >>> a = assign_provinces(cams, provinces)
    >>> a.pro_code.tolist()
    ['10', nan, nan]
    >>> a.unassigned["reason"].tolist()
    ['on the border of 10, 11', 'outside every province']
    """
    pts = points.to_crs(provinces.crs) if not points.crs.equals(provinces.crs) else points
    geoms = np.asarray(pts.geometry.array, dtype=object)
    polys = np.asarray(provinces.geometry.array, dtype=object)
    codes = provinces["pro_code"].astype(str).to_numpy(dtype=object)
    # The points in the tree and each polygon as a query: GEOS prepares the query polygon
    # once, so each point test is quick even on detailed borders.
    tree = shapely.STRtree(geoms)
    gi, pi = tree.query(polys, predicate="intersects")
    gin, pin = tree.query(polys, predicate="contains_properly")
    n = len(geoms)
    touching = np.bincount(pi, minlength=n)
    within = np.bincount(pin, minlength=n)
    ok = (touching == 1) & (within == 1)
    code = np.full(n, None, dtype=object)
    code[pin[ok[pin]]] = codes[gin[ok[pin]]]
    touched = _codes_by_point(n, pi, codes[gi])
    unassigned = points.loc[~ok].copy()
    unassigned["reason"] = _reasons(geoms[~ok], touching[~ok], within[~ok], touched[~ok])
    unassigned["pro_codes"] = pd.array(touched[~ok], dtype="str")
    return Assignment(pd.Series(code, index=points.index, dtype="str"), unassigned)


def _codes_by_point(
    n: int, pi: NDArray[np.intp], codes: NDArray[np.object_]
) -> NDArray[np.object_]:
    """The sorted, comma-separated codes of the polygons each point touches ("" for none)."""
    frame = pd.DataFrame({"point": pi, "code": codes}).sort_values(["point", "code"])
    joined = frame.groupby("point", sort=True)["code"].agg(", ".join)
    out = np.full(n, "", dtype=object)
    out[joined.index.to_numpy(dtype=np.intp)] = joined.to_numpy(dtype=object)
    return out


def _reasons(
    geoms: NDArray[np.object_],
    touching: NDArray[np.intp],
    within: NDArray[np.intp],
    codes: NDArray[np.object_],
) -> pd.Array:
    """Why each of these (unassigned) points is not assigned."""
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    touched = pd.Series(codes, dtype="str")
    reason = np.select(
        [missing, touching == 0, within >= 2],
        [NO_LOCATION, OUTSIDE, (OVERLAP + touched).to_numpy(dtype=object)],
        default=(ON_BORDER + touched).to_numpy(dtype=object),
    )
    return pd.array(reason, dtype="str")
