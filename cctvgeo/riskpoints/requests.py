"""Footage-access requests: read the log, per-camera statistics, unmet demand and hotspots.

Dashboard item 4 (สถิติการขอเข้าดูข้อมูลกล้อง): places where footage is requested often
need more cameras, and requests no working camera could answer are unmet demand.

Request logs can hold personal data (requester name, phone, national id number, e-mail,
address). Under Thailand's Personal Data Protection Act B.E. 2562 (2019) those columns
are dropped by :func:`read_access_requests` as the file is read, before any value is
parsed, and such values typed into other columns are scrubbed, so they never reach a frame,
a report, a raster or a file written from them. :mod:`cctvgeo._personal` recognises them by
header and by content; the headers that are personal in a request log besides, such as a
bare ``ชื่อ``, are listed in :data:`cctvgeo._read.headers.PERSONAL_DATA_ALIASES` (shown in
``docs/data-formats.md``).
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from cctvgeo import settings
from cctvgeo._compat import renamed_keywords
from cctvgeo._read import cells
from cctvgeo._read.headers import (
    COORDINATE_ALIASES,
    PERSONAL_DATA_ALIASES,
    REQUEST_ALIASES,
    REQUEST_HEADER_HINT,
    match_headers,
)
from cctvgeo._read.rows import (
    ErrorsMode,
    apply_problems,
    check_errors_mode,
    duplicate_ids,
    fill_missing_ids,
    finish,
    parse_rows,
)
from cctvgeo._read.table import read_table
from cctvgeo._validate import Problem, ValidationReport, require_projected, require_same_crs
from cctvgeo._write import atomic_path

if TYPE_CHECKING:  # pragma: no cover
    from numpy.typing import NDArray

__all__ = [
    "OUTCOMES",
    "REQUEST_SCHEMA",
    "density_raster",
    "read_access_requests",
    "request_hotspots",
    "request_stats",
    "unmet_demand",
]

#: The canonical request columns and their pandas dtypes, in order.
REQUEST_SCHEMA: dict[str, str] = {
    "request_id": "str",
    "requested_at": "datetime64[ns]",
    "camera_id": "str",
    "agency": "str",
    "case_type": "str",
    "outcome": "str",
}
OUTCOMES = ("footage_found", "camera_broken", "no_camera", "retention_expired", "denied")


def _free_text(value: Any) -> str | None:
    return None if cells.is_missing(value) else str(value).strip()


def _date(value: Any) -> Any:
    return None if cells.is_missing(value) else cells.date(value)


def _outcome(value: Any) -> str | None:
    return cells.vocabulary(value, cells.OUTCOME_WORDS, what="what_outcome")


_PARSERS: dict[str, Callable[[Any], Any]] = {
    "request_id": _free_text,
    "requested_at": _date,
    "camera_id": _free_text,
    "agency": _free_text,
    "case_type": _free_text,
    "outcome": _outcome,
}


@overload
def read_access_requests(
    source: Any,
    *,
    columns: Mapping[str, str] | None = ...,
    crs: Any = ...,
    errors: Literal["raise"] = ...,
    area: Any = ...,
    sheet: str | int | None = ...,
    personal_columns: Sequence[str] = ...,
) -> gpd.GeoDataFrame: ...
@overload
def read_access_requests(
    source: Any,
    *,
    columns: Mapping[str, str] | None = ...,
    crs: Any = ...,
    errors: Literal["report"],
    area: Any = ...,
    sheet: str | int | None = ...,
    personal_columns: Sequence[str] = ...,
) -> tuple[gpd.GeoDataFrame, ValidationReport]: ...


def read_access_requests(
    source: Any,
    *,
    columns: Mapping[str, str] | None = None,
    crs: Any = None,
    errors: ErrorsMode = "raise",
    area: Any = None,
    sheet: str | int | None = None,
    personal_columns: Sequence[str] = (),
) -> gpd.GeoDataFrame | tuple[gpd.GeoDataFrame, ValidationReport]:
    """Read a footage-access request log, dropping personal data.

    Parameters
    ----------
    source : str, PathLike, DataFrame or GeoDataFrame
        ``.xlsx``, ``.csv``, GIS file or frame with Thai or English headers
        (``docs/data-formats.md``). Buddhist-era dates (``01/10/2564``, ``1 ต.ค. 2564``)
        and Thai outcome words (พบภาพ, กล้องชำรุด, ไม่มีกล้อง, ภาพถูกลบแล้ว, ไม่อนุญาต)
        are understood.
    columns : mapping, optional
        Source header -> canonical column, overriding the header aliases.
    crs : optional
        CRS of coordinate columns that are not longitude/latitude.
    errors : {"raise", "report"}
        As in :func:`cctvgeo.read_cameras`.
    area : optional
        Where the requests should be; as in :func:`cctvgeo.read_cameras`.
    sheet : str or int, optional
        Excel sheet to read; the first by default.
    personal_columns : sequence of str, optional
        More headers to drop as personal data, besides those :mod:`cctvgeo._personal`
        recognises and the request log's list (:data:`cctvgeo._read.headers.PERSONAL_DATA_ALIASES`).

    Returns
    -------
    GeoDataFrame or (GeoDataFrame, ValidationReport)
        Columns of :data:`REQUEST_SCHEMA` (``requested_at`` in the common era; ``outcome``
        one of :data:`OUTCOMES` or missing), then the source's other non-personal
        columns, then the request's location as a point (EPSG:4326 for latitude and
        longitude; missing where the request names only a camera). A row with neither a
        camera id nor a location is an error and is left out. The report's notes name
        the personal-data columns dropped, never their values.

    Raises
    ------
    ValidationError
        With ``errors="raise"``, when any error is found.
    CctvgeoError
        When the source cannot be read at all.

    Examples
    --------
    >>> import cctvgeo as cg
    >>> path = cg.datasets.load_sample().requests_path
    >>> reqs, report = cg.riskpoints.read_access_requests(path, errors="report")
    >>> "ชื่อผู้ขอ" in reqs.columns, report.ok
    (False, True)
    >>> str(reqs["requested_at"].min().date()), reqs["outcome"].value_counts().index[0]
    ('2021-10-01', 'footage_found')
    """
    check_errors_mode(errors)
    table = read_table(source, header_hint=REQUEST_HEADER_HINT, sheet=sheet)
    mapping, notes = match_headers(
        table.frame.columns, {**REQUEST_ALIASES, **COORDINATE_ALIASES}, columns
    )
    personal = {a: kind for kind, names in PERSONAL_DATA_ALIASES.items() for a in (kind, *names)}
    personal |= dict.fromkeys(personal_columns, "listed")
    reqs, problems, report = parse_rows(
        table, mapping, schema=REQUEST_SCHEMA, parsers=_PARSERS, crs=crs, area=area,
        notes=notes, located=False, personal_headers=personal,
    )  # fmt: skip
    fill_missing_ids(reqs, "request_id", mapping, report, what="request")
    problems += duplicate_ids(reqs, "request_id", what="request")
    problems += _unlocated(reqs, mapping, problems)
    reqs = apply_problems(reqs, problems, REQUEST_SCHEMA)
    return finish(
        reqs, problems, report, table=table, mapping=mapping, schema=REQUEST_SCHEMA,
        errors=errors,
    )  # fmt: skip


def _unlocated(
    reqs: gpd.GeoDataFrame, mapping: Mapping[str, str], problems: list[Problem]
) -> list[Problem]:
    """Rows with neither a camera id nor a usable location cannot be placed: dropped."""
    geoms = reqs.geometry.to_numpy()
    no_place = (shapely.is_missing(geoms) | shapely.is_empty(geoms)) & reqs["camera_id"].isna()
    reported = {p.row for p in problems if p.action == "row dropped"}
    column = mapping.get("camera_id") or mapping.get("latitude") or "camera_id"
    return [
        Problem.coded("request_unplaced", row, column, "", action="row dropped")
        for row in reqs.index[no_place]
        if row not in reported
    ]  # fmt: skip


# --------------------------------------------------------------------------- statistics


def request_stats(reqs: pd.DataFrame, cams: pd.DataFrame) -> gpd.GeoDataFrame:
    """Footage-request statistics per camera (dashboard item 4).

    Parameters
    ----------
    reqs : DataFrame
        Requests from :func:`read_access_requests` (``camera_id`` and ``outcome`` used).
        Requests naming no camera, or a camera not in ``cams``, are not counted here;
        see :func:`unmet_demand` for where they were.
    cams : GeoDataFrame
        Cameras with ``camera_id``, any CRS.

    Returns
    -------
    GeoDataFrame
        A copy of ``cams`` (same index and CRS) with ``n_requests``, one count column per
        outcome (``n_footage_found``, ``n_camera_broken``, ``n_no_camera``,
        ``n_retention_expired``, ``n_denied``; requests with a missing outcome count only
        in ``n_requests``), ``success_rate`` (footage found over requests with a known
        outcome; NaN when none), and ``broken_when_needed`` (the camera was broken at least
        once when footage was requested).

    Examples
    --------
    >>> import geopandas as gpd, pandas as pd
    >>> from shapely import Point
    >>> cams = gpd.GeoDataFrame({"camera_id": ["A", "B"]},
    ...     geometry=[Point(0, 0), Point(1, 1)], crs=32647)
    >>> reqs = pd.DataFrame({"camera_id": ["A", "A", "A", None],
    ...     "outcome": ["footage_found", "camera_broken", "footage_found", "no_camera"]})
    >>> s = request_stats(reqs, cams)
    >>> s[["n_requests", "n_camera_broken", "success_rate"]].round(3).values.tolist()
    [[3.0, 1.0, 0.667], [0.0, 0.0, nan]]
    """
    for name, frame, column in (("reqs", reqs, "camera_id"), ("cams", cams, "camera_id")):
        if column not in frame.columns:
            raise ValueError(f"{name} has no {column!r} column.")
    if "outcome" not in reqs.columns:
        raise ValueError("reqs has no 'outcome' column; read it with read_access_requests().")
    ids = cams["camera_id"].astype("str")
    codes = pd.Index(ids.dropna().unique()).get_indexer(reqs["camera_id"].astype("str"))
    known = codes >= 0
    unique_ids = pd.Index(ids.dropna().unique())
    n_ids = len(unique_ids)
    counts = {"n_requests": np.bincount(codes[known], minlength=n_ids)}
    outcome = reqs["outcome"].astype("str").to_numpy(dtype=object)
    for o in OUTCOMES:
        hit = known & (outcome == o)
        counts[f"n_{o}"] = np.bincount(codes[hit], minlength=n_ids)
    with_outcome = known & np.isin(outcome, OUTCOMES)
    n_known = np.bincount(codes[with_outcome], minlength=n_ids)
    at = unique_ids.get_indexer(ids)
    out = gpd.GeoDataFrame(cams.copy())
    for name, values in counts.items():
        out[name] = np.where(at >= 0, values[np.maximum(at, 0)], 0).astype(np.int64)
    found = out["n_footage_found"].to_numpy(dtype=float)
    denom = np.where(at >= 0, n_known[np.maximum(at, 0)], 0).astype(float)
    out["success_rate"] = np.divide(found, denom, out=np.full(len(out), np.nan), where=denom > 0)
    out["broken_when_needed"] = out["n_camera_broken"] > 0
    return out


def _request_locations(
    reqs: gpd.GeoDataFrame, cams: gpd.GeoDataFrame | None
) -> tuple[NDArray[np.object_], NDArray[np.object_]]:
    """Each request's point (its own, else its camera's) and where it came from."""
    geoms = np.asarray(reqs.geometry.array, dtype=object).copy()
    own = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    source = np.array(["request" if o else None for o in own], dtype=object)
    if cams is not None and "camera_id" in reqs.columns:
        cam_pos = pd.Series(
            np.asarray(cams.geometry.array, dtype=object), index=cams["camera_id"].astype("str")
        )
        cam_pos = cam_pos[~cam_pos.index.duplicated()]
        take = ~own & reqs["camera_id"].notna().to_numpy()
        idx = cam_pos.index.get_indexer(reqs["camera_id"].astype("str").to_numpy()[take])
        rows = np.flatnonzero(take)[idx >= 0]
        geoms[rows] = cam_pos.to_numpy()[idx[idx >= 0]]
        source[rows] = "camera"
    return geoms, source


def unmet_demand(
    reqs: gpd.GeoDataFrame,
    cams: gpd.GeoDataFrame,
    *,
    footprints: gpd.GeoDataFrame | None = None,
    roads: Any = None,
) -> gpd.GeoDataFrame:
    """Requests whose location no working camera covers: unmet demand points.

    A request's location is its own point or, when it gives none, its camera's position.
    It is covered when a footprint of a camera with a working status
    (``cg.settings.coverage_statuses``) holds it, with
    :func:`cctvgeo.coverage.point_coverage`.

    Parameters
    ----------
    reqs : GeoDataFrame
        Requests from :func:`read_access_requests`, projected (``cg.project(reqs)``).
    cams : GeoDataFrame
        Cameras in the same projected CRS.
    footprints : GeoDataFrame, optional
        Camera footprints (``cg.coverage.fields_of_view``). By default they are made from
        ``cams`` at ``settings.request_coverage_level`` ("detect": a person or vehicle is
        visible, enough to trace where it went); cameras without a heading take the road's bearing when
        ``roads`` is given, else a ring of the same area (``missing_heading="omni"``).
    roads : osmnx graph or GeoDataFrame, optional
        Roads for cameras without a heading, when ``footprints`` is not given.

    Returns
    -------
    GeoDataFrame
        The uncovered requests (a subset of ``reqs``, its index and CRS), with the
        location used as geometry and ``location_source`` ("request" or "camera").
        Requests that cannot be placed (no point and an unknown camera) are left out.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely import Point, box
    >>> reqs = gpd.GeoDataFrame({"request_id": ["R1", "R2"], "camera_id": [None, None]},
    ...     geometry=[Point(5, 5), Point(500, 500)], crs=32647)
    >>> fp = gpd.GeoDataFrame({"camera_id": ["A"], "status": ["working"]},
    ...     geometry=[box(0, 0, 10, 10)], crs=32647)
    >>> unmet_demand(reqs, None, footprints=fp)["request_id"].tolist()
    ['R2']
    """
    located, covered = _locate_and_cover(reqs, cams, footprints=footprints, roads=roads)
    return located[~covered]


def _locate_and_cover(
    reqs: gpd.GeoDataFrame,
    cams: gpd.GeoDataFrame | None,
    *,
    footprints: gpd.GeoDataFrame | None,
    roads: Any,
) -> tuple[gpd.GeoDataFrame, NDArray[np.bool_]]:
    """The placeable requests (location as geometry) and whether a working camera covers each."""
    from cctvgeo.coverage import fields_of_view, point_coverage

    require_projected(reqs, "reqs")
    if cams is not None:
        require_projected(cams, "cams")
        require_same_crs(reqs=reqs, cams=cams)
    if footprints is None:
        if cams is None:
            raise ValueError("Give cams or footprints to decide which requests are covered.")
        footprints = fields_of_view(
            cams,
            level=settings.request_coverage_level,
            missing_heading="omni" if roads is None else "road",
            roads=roads,
        )
    require_same_crs(reqs=reqs, footprints=footprints)
    geoms, source = _request_locations(reqs, cams)
    placed = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    located = gpd.GeoDataFrame(reqs.iloc[np.flatnonzero(placed)].copy())
    located = located.set_geometry(gpd.GeoSeries(geoms[placed], index=located.index, crs=reqs.crs))
    located["location_source"] = pd.array(source[placed], dtype="str")
    cover = point_coverage(located[[located.geometry.name]], footprints)
    return located, cover["covered"].to_numpy(dtype=bool)


# --------------------------------------------------------------------------- hotspots


def request_hotspots(
    reqs: gpd.GeoDataFrame,
    cams: gpd.GeoDataFrame | None = None,
    *,
    method: Literal["hdbscan", "dbscan"] = "hdbscan",
    min_cluster_size: int | None = None,
    eps: float | None = None,
    buffer: float | None = None,
    footprints: gpd.GeoDataFrame | None = None,
    roads: Any = None,
) -> gpd.GeoDataFrame:
    """Cluster request locations into hotspot polygons with counts and weights.

    Every placeable request (its own point, else its camera's position) is clustered with
    scikit-learn: HDBSCAN (Campello, Moulavi & Sander 2013; ``sklearn.cluster.HDBSCAN``,
    with ``settings.hotspot_cluster_selection``, "leaf" by default) finds clusters of
    varying density with one parameter; DBSCAN (Ester et al. 1996) uses a fixed radius. A request weighs ``settings.hotspot_request_weight``, or
    ``settings.hotspot_unmet_weight`` when no working camera covers it (unmet demand,
    :func:`unmet_demand`; needs ``cams`` or ``footprints``). The result depends only on
    the set of requests, not on their row order: points are clustered in coordinate
    order and hotspots numbered by weight.

    Parameters
    ----------
    reqs : GeoDataFrame
        Requests (or any incident points) in a projected CRS.
    cams : GeoDataFrame, optional
        Cameras in the same CRS; without them (and without ``footprints``) no request is
        marked unmet and ``n_unmet`` is missing.
    method : {"hdbscan", "dbscan"}
        The clustering algorithm.
    min_cluster_size : int, optional
        Fewest requests in a hotspot (HDBSCAN ``min_cluster_size``, DBSCAN
        ``min_samples``); default ``settings.hotspot_min_cluster_size``.
    eps : float, optional
        DBSCAN radius in metres; default ``settings.hotspot_eps_m``. HDBSCAN ignores it.
    buffer : float, optional
        Metres added around each cluster's convex hull; default
        ``settings.hotspot_buffer_m``.
    footprints, roads : optional
        As in :func:`unmet_demand`.

    Returns
    -------
    GeoDataFrame
        One row per hotspot, heaviest first, on a RangeIndex, in ``reqs``' CRS:
        ``hotspot_id`` ("H-001", ...), ``n_requests``, ``n_unmet`` (Int64), ``weight``,
        ``area_m2`` and the polygon.

    Examples
    --------
    >>> import geopandas as gpd, numpy as np
    >>> from shapely import points
    >>> rng = np.random.default_rng(0)
    >>> xy = np.vstack([rng.normal(0, 20, (30, 2)), rng.normal(1000, 20, (20, 2))])
    >>> reqs = gpd.GeoDataFrame(geometry=points(xy), crs=32647)
    >>> hot = request_hotspots(reqs, method="dbscan", eps=50, min_cluster_size=5)
    >>> hot["n_requests"].tolist()
    [30, 20]
    """
    require_projected(reqs, "reqs")
    if method not in ("hdbscan", "dbscan"):
        raise ValueError(f"method must be 'hdbscan' or 'dbscan', not {method!r}.")
    size = settings.hotspot_min_cluster_size if min_cluster_size is None else min_cluster_size
    radius = settings.hotspot_eps_m if eps is None else eps
    pad = settings.hotspot_buffer_m if buffer is None else buffer
    if isinstance(size, bool) or not isinstance(size, int | np.integer) or size < 2:
        raise ValueError(f"min_cluster_size must be a whole number >= 2, not {size!r}.")
    if not (math.isfinite(radius) and radius > 0 and math.isfinite(pad) and pad >= 0):
        raise ValueError("eps must be > 0 and buffer >= 0 metres.")
    if cams is None and footprints is None:
        geoms, _ = _request_locations(reqs, None)
        placed = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
        points = geoms[placed]
        unmet: NDArray[np.bool_] | None = None
    else:
        located, covered = _locate_and_cover(reqs, cams, footprints=footprints, roads=roads)
        points = np.asarray(located.geometry.array, dtype=object)
        unmet = ~covered
    xy = shapely.get_coordinates(points)
    weight = np.full(len(xy), float(settings.hotspot_request_weight))
    if unmet is not None:
        weight[unmet] = float(settings.hotspot_unmet_weight)
    labels = _cluster(xy, method=method, size=int(size), eps=float(radius))
    return _hotspot_frame(xy, labels, weight, unmet, pad=float(pad), crs=reqs.crs)


def _cluster(xy: NDArray[np.float64], *, method: str, size: int, eps: float) -> NDArray[np.intp]:
    """Cluster labels (-1 noise), computed in coordinate order so row order does not matter."""
    from sklearn.cluster import DBSCAN, HDBSCAN

    labels = np.full(len(xy), -1, dtype=np.intp)
    if len(xy) < size:
        return labels
    order = np.lexsort((xy[:, 1], xy[:, 0]))
    # Coordinates relative to their minimum keep full precision in the distance computations.
    data = xy[order] - xy.min(axis=0)
    if method == "hdbscan":
        model = HDBSCAN(
            min_cluster_size=size,
            cluster_selection_method=settings.hotspot_cluster_selection,
            copy=True,
        ).fit(data)
    else:
        model = DBSCAN(eps=eps, min_samples=size).fit(data)
    labels[order] = model.labels_
    return labels


def _hotspot_frame(
    xy: NDArray[np.float64],
    labels: NDArray[np.intp],
    weight: NDArray[np.float64],
    unmet: NDArray[np.bool_] | None,
    *,
    pad: float,
    crs: Any,
) -> gpd.GeoDataFrame:
    member = labels >= 0
    lab = labels[member]
    n_clusters = int(lab.max()) + 1 if len(lab) else 0
    n = np.bincount(lab, minlength=n_clusters)
    w = np.bincount(lab, weights=weight[member], minlength=n_clusters)
    cx = np.bincount(lab, weights=xy[member, 0], minlength=n_clusters) / np.maximum(n, 1)
    cy = np.bincount(lab, weights=xy[member, 1], minlength=n_clusters) / np.maximum(n, 1)
    by_label = np.argsort(lab, kind="stable")
    hulls = shapely.convex_hull(shapely.multipoints(xy[member][by_label], indices=lab[by_label]))
    polys = shapely.buffer(hulls, pad) if pad > 0 else hulls
    order = np.lexsort((cy, cx, -n, -w))
    n_unmet = (
        pd.array(np.bincount(lab, weights=unmet[member], minlength=n_clusters)[order].astype(int))
        if unmet is not None
        else pd.array([None] * n_clusters, dtype="Int64")
    )
    return gpd.GeoDataFrame(
        {
            "hotspot_id": pd.array([f"H-{i + 1:03d}" for i in range(n_clusters)], dtype="str"),
            "n_requests": n[order].astype(np.int64),
            "n_unmet": pd.array(n_unmet, dtype="Int64"),
            "weight": w[order],
            "area_m2": shapely.area(polys[order]) if n_clusters else np.empty(0),
        },
        geometry=gpd.GeoSeries(polys[order] if n_clusters else [], crs=crs).values,
        crs=crs,
    )


# --------------------------------------------------------------------------- density


@renamed_keywords(weights="weight_column")
def density_raster(
    points: gpd.GeoDataFrame | gpd.GeoSeries,
    path: str | os.PathLike[str],
    *,
    cell: float = 25.0,
    bandwidth: float | None = None,
    weight_column: str | None = None,
) -> Path:
    """Write a kernel-density GeoTIFF of points (requests, incidents), for GIS users.

    The density is a Gaussian kernel estimate computed by binning the points onto the
    raster grid and smoothing the counts with ``scipy.ndimage.gaussian_filter``: O(n +
    cells), where evaluating the kernel at every cell (``sklearn.neighbors.KernelDensity``)
    costs O(n x cells). Binning moves each point by at most half a cell, small against a
    bandwidth of several cells. The grid extends four bandwidths past the points, so the
    kernel mass is kept: the values sum (times the cell area) to the number of points.

    Parameters
    ----------
    points : GeoDataFrame or GeoSeries
        Points in a projected CRS. Rows without a geometry are skipped (their number is
        written in the file's ``n_skipped`` tag).
    path : str or PathLike
        The ``.tif`` to write, atomically (a temporary file renamed into place).
    cell : float, default 25.0
        Cell size in metres.
    bandwidth : float, optional
        Kernel standard deviation in metres; default ``settings.density_bandwidth_m``, and
        when that is None, Silverman's rule of thumb, ``0.9 min(sd, IQR/1.34) n^-1/5``
        averaged over x and y (at least one cell).
    weight_column : str, optional
        A column of point weights; each point counts 1 by default.

    Returns
    -------
    Path
        The file written: one float32 band of points per square kilometre, in the points'
        CRS, north up, with tags ``units``, ``bandwidth_m``, ``n_points``, ``n_skipped``.

    Examples
    --------
    >>> import tempfile, pathlib, geopandas as gpd, rasterio
    >>> from shapely import Point
    >>> pts = gpd.GeoSeries([Point(1000, 2000)] * 4, crs=32647)
    >>> tif = density_raster(pts, pathlib.Path(tempfile.mkdtemp()) / "kde.tif",
    ...                      cell=10, bandwidth=50)
    >>> with rasterio.open(tif) as src:
    ...     band = src.read(1)
    ...     print(src.crs.to_epsg(), src.res, round(float(band.sum()) * 100 / 1e6, 3))
    32647 (10.0, 10.0) 4.0
    """
    import rasterio
    from affine import Affine  # rasterio's own dependency; its helpers warn under affine 3
    from scipy import ndimage

    require_projected(points, "points")
    if not (isinstance(cell, int | float) and math.isfinite(cell) and cell > 0):
        raise ValueError(f"cell must be > 0 metres, not {cell!r}.")
    geoms = np.asarray(points.geometry.array, dtype=object)
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    xy = shapely.get_coordinates(geoms[present])
    if len(xy) != int(present.sum()):
        raise ValueError("points must be Point geometries.")
    if len(xy) == 0:
        raise ValueError("points has no geometry to estimate a density from.")
    w = (
        np.ones(len(xy))
        if weight_column is None
        else np.asarray(points[weight_column], dtype=float)[present]
    )
    if not np.isfinite(w).all() or (w < 0).any():
        raise ValueError(f"weight_column {weight_column!r} must be finite and >= 0.")
    h = _bandwidth(xy, cell) if bandwidth is None else float(bandwidth)
    if not (math.isfinite(h) and h > 0):
        raise ValueError(f"bandwidth must be > 0 metres, not {bandwidth!r}.")
    margin = 4.0 * h
    west = math.floor((xy[:, 0].min() - margin) / cell) * cell
    south = math.floor((xy[:, 1].min() - margin) / cell) * cell
    east = math.ceil((xy[:, 0].max() + margin) / cell) * cell
    north = math.ceil((xy[:, 1].max() + margin) / cell) * cell
    width, height = round((east - west) / cell), round((north - south) / cell)
    col = np.clip(((xy[:, 0] - west) // cell).astype(np.int64), 0, width - 1)
    row = np.clip(((north - xy[:, 1]) // cell).astype(np.int64), 0, height - 1)
    grid = np.zeros((height, width))
    np.add.at(grid, (row, col), w)
    smooth = ndimage.gaussian_filter(grid, sigma=h / cell, mode="constant", truncate=4.0)
    density = (smooth / (cell * cell) * 1e6).astype(np.float32)
    profile = {
        "driver": "GTiff",
        "width": width,
        "height": height,
        "count": 1,
        "dtype": "float32",
        "crs": points.crs.to_wkt(),
        "transform": Affine(cell, 0.0, west, 0.0, -cell, north),
        "compress": "deflate",
    }
    with atomic_path(path) as tmp, rasterio.open(tmp, "w", **profile) as dst:
        dst.write(density, 1)
        dst.update_tags(
            units="points per square kilometre",
            method="binned gaussian kernel (scipy.ndimage.gaussian_filter)",
            bandwidth_m=f"{h:.3f}",
            n_points=str(len(xy)),
            n_skipped=str(int((~present).sum())),
        )
    return Path(path)


def _bandwidth(xy: NDArray[np.float64], cell: float) -> float:
    """Silverman's rule of thumb per axis, averaged; at least one cell."""
    n = len(xy)
    if n < 2:
        return max(cell, 4.0 * cell)
    sd = xy.std(axis=0, ddof=1)
    q75, q25 = np.percentile(xy, [75, 25], axis=0)
    spread = np.minimum(sd, (q75 - q25) / 1.34)
    spread = np.where(spread > 0, spread, sd)
    h = float(np.mean(0.9 * spread * n ** (-0.2)))
    return max(h, cell) if math.isfinite(h) else 4.0 * cell
