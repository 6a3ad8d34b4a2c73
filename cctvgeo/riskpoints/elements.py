"""One weighted set of demand elements: road pieces, risk points and escape routes.

This is what planning maximises. Every factor of the weights is a setting in
:mod:`cctvgeo.settings` (``demand_*``), overridable per call with ``factors=``; the
formula is written out in ``docs/riskpoints.md``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from cctvgeo import settings
from cctvgeo._compat import renamed_keywords
from cctvgeo._validate import Problem, ValidationReport, require_projected, require_same_crs

if TYPE_CHECKING:  # pragma: no cover
    from numpy.typing import NDArray

__all__ = ["DEMAND_COLUMNS", "DEMAND_FACTORS", "KINDS", "demand"]

KINDS = ("segment", "point", "route")
#: The columns every demand frame has, in order (then geometry).
DEMAND_COLUMNS = (
    "demand_id", "kind", "weight", "name", "source_id", "k_required", "highway", "category",
    "priority", "length_m", "class_factor", "risk_boost", "hotspot_boost",
)  # fmt: skip
#: The factors of the demand weights: ``factors=`` keys, each defaulting to the setting
#: ``cctvgeo.settings.demand_<key>``.
DEMAND_FACTORS = (
    "road_class_factor", "default_class_factor", "risk_point_radius_m", "risk_point_boost",
    "hotspot_radius_m", "hotspot_boost", "point_weight", "route_weight", "backup_priorities",
)  # fmt: skip


def _factors(factors: Mapping[str, Any] | None) -> dict[str, Any]:
    given = dict(factors or {})
    unknown = sorted(set(given) - set(DEMAND_FACTORS))
    if unknown:
        raise ValueError(f"factors has unknown keys {unknown}; known: {', '.join(DEMAND_FACTORS)}.")
    f = {k: given.get(k, getattr(settings, f"demand_{k}")) for k in DEMAND_FACTORS}
    scalars = [k for k in DEMAND_FACTORS if k not in ("road_class_factor", "backup_priorities")]
    classes = {str(c): float(v) for c, v in dict(f["road_class_factor"]).items()}
    bad = [k for k in scalars if not (math.isfinite(float(f[k])) and float(f[k]) >= 0)]
    bad += [
        f"road_class_factor[{c!r}]" for c, v in classes.items() if not (math.isfinite(v) and v >= 0)
    ]
    if bad:
        raise ValueError(f"Demand factors must be finite and >= 0: {bad}.")
    f["road_class_factor"] = classes
    return f


@renamed_keywords(weights="factors")
def demand(
    segments: gpd.GeoDataFrame,
    *,
    risk_points: gpd.GeoDataFrame | None = None,
    hotspots: gpd.GeoDataFrame | None = None,
    routes: gpd.GeoDataFrame | None = None,
    factors: Mapping[str, Any] | None = None,
) -> gpd.GeoDataFrame:
    """Build the weighted demand elements that planning maximises.

    Three kinds of element, on one scale ("metres of ordinary road"):

    * ``segment``: each road piece, weighted ``length x class_factor x risk_boost x
      hotspot_boost`` with ``risk_boost = 1 + risk_point_boost x sum_p w_p (1 - d_p/R_p)``
      over risk points within ``R_p = risk_point_radius_m`` and ``hotspot_boost = 1 +
      hotspot_boost x sum_h u_h (1 - d_h/R_h)`` over hotspots within ``R_h =
      hotspot_radius_m`` (distance 0 inside the polygon; ``u_h`` = the hotspot's weight over
      the mean hotspot weight);
    * ``point``: each risk point, weighted ``point_weight x`` its ``weight``, needing two
      cameras (``k_required=2``, backup coverage, Hogan & ReVelle 1986) when its priority is
      in ``backup_priorities``;
    * ``route``: each escape route, weighted ``route_weight x`` its ``weight`` (1 when it
      has none). A route is a flow to capture (Hodgson 1990): it counts as covered once a
      camera sees it anywhere along its length.

    Parameters
    ----------
    segments : GeoDataFrame
        Road pieces from :func:`cctvgeo.coverage.road_segments`, in a projected CRS
        (``length``, ``highway``, ``name`` and ``edge_id`` are used when present).
    risk_points : GeoDataFrame, optional
        From :func:`read_risk_points`, projected to the segments' CRS
        (``risk_points.to_crs(segments.crs)``).
    hotspots : GeoDataFrame, optional
        Polygons from :func:`request_hotspots` (``weight`` used; 1 each when absent).
    routes : GeoDataFrame, optional
        Lines from :func:`escape_routes` or :func:`read_escape_routes`.
    factors : mapping, optional
        Overrides of the factors, keyed by :data:`DEMAND_FACTORS` (``{"point_weight":
        200.0}``); each defaults to ``settings.demand_<key>``.

    Returns
    -------
    GeoDataFrame
        On a new RangeIndex, segments first, then points, then routes, in the segments'
        CRS, with :data:`DEMAND_COLUMNS`: ``demand_id`` (unique str: ``segment:<segment
        index>``, ``point:<point_id>``, ``route:<route_id>``), ``kind``, ``weight`` (float
        >= 0), ``name`` (road, risk point or route name), ``source_id`` (str: the segment's
        ``edge_id``, the ``point_id``, the ``route_id``), ``k_required`` (Int64), then the
        kind-specific ``highway``, ``category``, ``priority``, ``length_m`` and the
        segment factors ``class_factor``, ``risk_boost``, ``hotspot_boost`` (missing where
        they do not apply), and ``geometry``.

    Raises
    ------
    CRSError
        A frame is not projected, or not in the segments' CRS.
    ValidationError
        A row with a missing or empty geometry.

    References
    ----------
    Hodgson, M. J. (1990). A flow-capturing location-allocation model. *Geographical
    Analysis* 22(3), 270-279.
    Hogan, K. & ReVelle, C. (1986). Concepts and applications of backup coverage.
    *Management Science* 32(11), 1434-1444.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely import LineString, Point
    >>> segs = gpd.GeoDataFrame({"highway": ["primary", "residential"], "name": ["A", None]},
    ...     geometry=[LineString([(0, 0), (20, 0)]), LineString([(0, 500), (20, 500)])],
    ...     crs=32647)
    >>> rp = gpd.GeoDataFrame({"point_id": ["RP-1"], "name": ["market"], "priority": ["urgent"],
    ...     "category": ["market"], "weight": [2.0]}, geometry=[Point(0, 100)], crs=32647)
    >>> d = demand(segs, risk_points=rp)
    >>> d[["demand_id", "weight", "k_required"]].values.tolist()
    [['segment:0', 52.5, 1], ['segment:1', 20.0, 1], ['point:RP-1', 200.0, 2]]
    """
    f = _factors(factors)
    require_projected(segments, "segments")
    require_same_crs(segments=segments, risk_points=risk_points, hotspots=hotspots, routes=routes)
    report = ValidationReport("demand", n_rows=len(segments))
    for name, frame in (
        ("segments", segments),
        ("risk_points", risk_points),
        ("hotspots", hotspots),
        ("routes", routes),
    ):
        if frame is not None:
            report.extend(_missing_geometry(frame, name))
    report.raise_if_errors()
    parts = [_segment_elements(segments, risk_points, hotspots, f)]
    if risk_points is not None:
        parts.append(_point_elements(risk_points, f))
    if routes is not None:
        parts.append(_route_elements(routes, f))
    out = pd.concat(parts, ignore_index=True)
    repeated = out["demand_id"][out["demand_id"].duplicated()].unique().tolist()
    if repeated:
        raise ValueError(
            f"demand ids repeat: {repeated[:5]}; give segments a unique index and risk points "
            "and routes unique ids."
        )
    return gpd.GeoDataFrame(out, geometry="geometry", crs=segments.crs)


def _missing_geometry(frame: gpd.GeoDataFrame, name: str) -> list[Problem]:
    geoms = np.asarray(frame.geometry.array, dtype=object)
    bad = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    return [
        Problem.coded("no_geometry", row, "geometry", "", argument=name) for row in frame.index[bad]
    ]


def _text(values: Any, n: int) -> NDArray[np.object_]:
    if values is None:
        return np.full(n, None, dtype=object)
    return np.array([None if pd.isna(v) else str(v) for v in values], dtype=object)


def _segment_elements(
    segments: gpd.GeoDataFrame,
    risk_points: gpd.GeoDataFrame | None,
    hotspots: gpd.GeoDataFrame | None,
    f: dict[str, Any],
) -> pd.DataFrame:
    geoms = np.asarray(segments.geometry.array, dtype=object)
    n = len(geoms)
    length = (
        segments["length"].to_numpy(dtype=float) if "length" in segments else shapely.length(geoms)
    )
    highway = _text(segments.get("highway", None), n)
    first_class = np.array([None if h is None else h.split(";")[0] for h in highway], dtype=object)
    classes: dict[str, float] = f["road_class_factor"]
    default = float(f["default_class_factor"])
    class_factor = np.array([classes.get(h, default) if h else default for h in first_class])
    risk_boost = np.ones(n)
    if risk_points is not None and len(risk_points) and n:
        w = _point_weight(risk_points)
        risk_boost = 1.0 + float(f["risk_point_boost"]) * _decayed_sum(
            geoms, np.asarray(risk_points.geometry.array, dtype=object), w,
            float(f["risk_point_radius_m"]),
        )  # fmt: skip
    hotspot_boost = np.ones(n)
    if hotspots is not None and len(hotspots) and n:
        hw = (
            hotspots["weight"].to_numpy(dtype=float)
            if "weight" in hotspots
            else np.ones(len(hotspots))
        )
        mean = float(hw.mean())
        u = hw / mean if mean > 0 else np.zeros(len(hw))
        hotspot_boost = 1.0 + float(f["hotspot_boost"]) * _decayed_sum(
            geoms, np.asarray(hotspots.geometry.array, dtype=object), u,
            float(f["hotspot_radius_m"]),
        )  # fmt: skip
    names = _text(segments.get("name", None), n)
    names = np.array(
        [
            nm if nm else (f"unnamed {h} road" if h else "unnamed road")
            for nm, h in zip(names, first_class, strict=True)
        ],
        dtype=object,
    )
    source = segments.get("edge_id", segments.index)
    return _elements(
        "segment",
        ids=[f"segment:{i}" for i in segments.index],
        weight=length * class_factor * risk_boost * hotspot_boost,
        name=names,
        source=_text(source, n),
        k=np.ones(n, dtype=np.int64),
        geoms=geoms,
        highway=highway,
        length=length,
        class_factor=class_factor,
        risk_boost=risk_boost,
        hotspot_boost=hotspot_boost,
    )


def _decayed_sum(
    lines: NDArray[np.object_], targets: NDArray[np.object_], w: NDArray[np.float64], radius: float
) -> NDArray[np.float64]:
    """For each line, sum of ``w_t (1 - d/radius)`` over targets within ``radius``."""
    if radius <= 0:
        return np.zeros(len(lines))
    tree = shapely.STRtree(targets)
    li, ti = tree.query(lines, predicate="dwithin", distance=radius)
    d = shapely.distance(lines[li], targets[ti])
    contribution = w[ti] * np.clip(1.0 - d / radius, 0.0, 1.0)
    return np.bincount(li, weights=contribution, minlength=len(lines)).astype(np.float64)


def _point_weight(points: gpd.GeoDataFrame) -> NDArray[np.float64]:
    if "weight" in points:
        w = points["weight"].to_numpy(dtype=float)
    elif {"priority", "category"} <= set(points.columns):
        from cctvgeo.riskpoints.points import point_weights, risk_weight_table

        w = point_weights(points, risk_weight_table())
    else:
        w = np.ones(len(points))
    if not np.isfinite(w).all() or (w < 0).any():
        raise ValueError("risk_points 'weight' must be finite and >= 0.")
    return w


def _point_elements(points: gpd.GeoDataFrame, f: dict[str, Any]) -> pd.DataFrame:
    n = len(points)
    ids = _text(points.get("point_id", points.index), n)
    names = _text(points.get("name", None), n)
    priority = _text(points.get("priority", None), n)
    backup = set(f["backup_priorities"])
    return _elements(
        "point",
        ids=[f"point:{i}" for i in ids],
        weight=float(f["point_weight"]) * _point_weight(points),
        name=np.array([nm or i for nm, i in zip(names, ids, strict=True)], dtype=object),
        source=ids,
        k=np.array([2 if p in backup else 1 for p in priority], dtype=np.int64),
        geoms=np.asarray(points.geometry.array, dtype=object),
        category=_text(points.get("category", None), n),
        priority=priority,
    )


def _route_elements(routes: gpd.GeoDataFrame, f: dict[str, Any]) -> pd.DataFrame:
    n = len(routes)
    geoms = np.asarray(routes.geometry.array, dtype=object)
    ids = _text(routes.get("route_id", routes.index), n)
    names = _text(routes.get("name", None), n)
    w = routes["weight"].to_numpy(dtype=float) if "weight" in routes else np.ones(n)
    if not np.isfinite(w).all() or (w < 0).any():
        raise ValueError("routes 'weight' must be finite and >= 0.")
    return _elements(
        "route",
        ids=[f"route:{i}" for i in ids],
        weight=float(f["route_weight"]) * w,
        name=np.array([nm or i for nm, i in zip(names, ids, strict=True)], dtype=object),
        source=ids,
        k=np.ones(n, dtype=np.int64),
        geoms=geoms,
        length=shapely.length(geoms),
    )


def _elements(
    kind: str,
    *,
    ids: list[str],
    weight: NDArray[np.float64],
    name: NDArray[np.object_],
    source: NDArray[np.object_],
    k: NDArray[np.int64],
    geoms: NDArray[np.object_],
    highway: NDArray[np.object_] | None = None,
    category: NDArray[np.object_] | None = None,
    priority: NDArray[np.object_] | None = None,
    length: NDArray[np.float64] | None = None,
    class_factor: NDArray[np.float64] | None = None,
    risk_boost: NDArray[np.float64] | None = None,
    hotspot_boost: NDArray[np.float64] | None = None,
) -> pd.DataFrame:
    n = len(ids)

    def text(v: NDArray[np.object_] | None) -> Any:
        return pd.array([None] * n if v is None else list(v), dtype="str")

    def number(v: NDArray[np.float64] | None) -> NDArray[np.float64]:
        return np.full(n, np.nan) if v is None else np.asarray(v, dtype=float)

    return pd.DataFrame(
        {
            "demand_id": pd.array(ids, dtype="str"),
            "kind": pd.array([kind] * n, dtype="str"),
            "weight": np.asarray(weight, dtype=float),
            "name": text(name),
            "source_id": text(source),
            "k_required": pd.array(k, dtype="Int64"),
            "highway": text(highway),
            "category": text(category),
            "priority": text(priority),
            "length_m": number(length),
            "class_factor": number(class_factor),
            "risk_boost": number(risk_boost),
            "hotspot_boost": number(hotspot_boost),
            "geometry": geoms,
        }
    )
