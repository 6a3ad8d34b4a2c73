"""Local metric coordinate reference systems.

cctvgeo measures in metres, so every metric function needs a projected CRS and
raises an error naming :func:`project` when given longitude/latitude. Nothing is
reprojected silently: call :func:`project` once, explicitly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from cctvgeo._errors import CRSError

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import pyproj

GeoT = TypeVar("GeoT", "gpd.GeoDataFrame", "gpd.GeoSeries")


def utm_crs(gdf: gpd.GeoDataFrame | gpd.GeoSeries) -> pyproj.CRS:
    """The WGS 84 / UTM zone that holds the centre of the data's extent.

    Thailand falls in zones 47N (EPSG:32647, west of 102 E) and 48N (EPSG:32648).
    Elsewhere the zone and hemisphere follow the data, as
    :meth:`geopandas.GeoDataFrame.estimate_utm_crs` computes them.

    Parameters
    ----------
    gdf : GeoDataFrame or GeoSeries
        Data with a CRS and at least one non-empty geometry.

    Returns
    -------
    pyproj.CRS

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely import Point
    >>> pts = gpd.GeoSeries([Point(100.45, 14.59)], crs=4326)
    >>> utm_crs(pts).to_epsg()
    32647
    """
    if gdf.crs is None:
        raise CRSError(
            "The data has no CRS, so its UTM zone cannot be found. "
            "Set the CRS its coordinates are in first, for example gdf.set_crs(4326)."
        )
    geoms = gdf.geometry if hasattr(gdf, "geometry") else gdf
    if bool(geoms.is_empty.all()) or bool(geoms.isna().all()):
        raise CRSError("The data has no geometry, so its UTM zone cannot be found.")
    return gdf.estimate_utm_crs(datum_name="WGS 84")


def project(gdf: GeoT, *, to_crs: object = None) -> GeoT:
    """Reproject data to a metric CRS: the local UTM zone unless ``to_crs`` is given.

    Parameters
    ----------
    gdf : GeoDataFrame or GeoSeries
        Data with a CRS.
    to_crs : optional
        Any CRS pyproj accepts, to use instead of the local UTM zone. It must be projected.

    Returns
    -------
    GeoDataFrame or GeoSeries
        A new object on the same index. Data already in the target CRS is returned as a copy.

    Examples
    --------
    >>> import cctvgeo as cg
    >>> cams = cg.project(cg.datasets.load_sample().cameras.to_crs(4326))
    >>> cams.crs.to_epsg()
    32647
    """
    import pyproj

    target = utm_crs(gdf) if to_crs is None else pyproj.CRS.from_user_input(to_crs)
    if not target.is_projected:
        raise CRSError(f"to_crs={to_crs!r} is geographic; cg.project needs a metric CRS.")
    if gdf.crs is not None and gdf.crs == target:
        return gdf.copy()
    return gdf.to_crs(target)
