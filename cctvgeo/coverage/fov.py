"""DORI distances -> ground footprint polygons, one per camera and level.

A camera's *footprint* is the ground area where it delivers at least a chosen level of
detail (EN 62676-4 "DORI": detect, observe, recognise, identify, plus monitor), as a
polygon in the data's metric CRS. The geometry is explained, with its sources, in
``docs/footprints.md``; in short:

* the level's reach along the line of sight is
  ``d_L = resolution_px / (2 * ppm_L * tan(hfov / 2))`` (EN 62676-4; ``ppm_L`` from
  :data:`cctvgeo.settings.dori_ppm`), and ``sqrt(d_L**2 - h**2)`` on the ground;
* the near edge (the blind zone under the camera) and the tilt-limited far edge come
  from the mounting height, the tilt and the vertical field of view;
* a fixed camera sees an annular sector ``heading +- hfov / 2``; a PTZ (and, by
  default, a dome) a ring or its swept range widened by ``hfov``; a 360-degree
  panoramic camera a ring.

Every polygon is built at once from numpy vertex arrays and one ``shapely`` call: there
is no Python loop per camera. The optics are in :mod:`cctvgeo.coverage.dori`, the heading
inference in :mod:`cctvgeo.coverage._headings`, the clipping by buildings in
:mod:`cctvgeo.coverage.occlusion`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from cctvgeo import settings
from cctvgeo._compat import moved_attributes
from cctvgeo._errors import CRSError
from cctvgeo._roads import is_graph
from cctvgeo._validate import Problem, ValidationReport, require_projected, require_same_crs
from cctvgeo.coverage._headings import _infer_headings
from cctvgeo.coverage.dori import (
    LEVEL_INDEX_NAME,
    _level_ppm,
    _reach,
    chosen_level,
    ground_edges,
    lens_hfov,
    vertical_fov,
)
from cctvgeo.coverage.occlusion import _occlude_rows

if TYPE_CHECKING:  # pragma: no cover
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float64]

__all__ = ["fields_of_view"]

# Old homes of names that moved to cctvgeo.coverage.dori (deprecated); the optics fov uses
# itself are plain attributes here.
__getattr__ = moved_attributes(
    __name__, {"camera_models": "cctvgeo.coverage.dori", "dori_reach": "cctvgeo.coverage.dori"}
)

MissingHeading = Literal["road", "omni", "raise"]


#: Camera types the geometry knows; anything else is read as ``"unknown"`` (a fixed camera).
CAMERA_TYPES = ("fixed", "ptz", "dome", "panoramic", "alpr")

# Text of the ``reason`` column. A footprint is empty exactly when its reason is one of
# the first group; the second group explains a stand-in footprint.
REASON_NO_POINT = "no point geometry: the camera has no location"
REASON_BAD_VALUE = "invalid {column}: {rule}"
REASON_ABOVE_HORIZON = (
    "the whole view is above the horizon (tilt_deg + vfov/2 <= 0), so it never sees the ground"
)
REASON_NEVER = (
    "the level is never reached on the ground: its reach along the line of sight (reach_m) "
    "is not more than the mounting height (height_m); more pixels or a narrower hfov needed"
)
REASON_BLIND = (
    "the level is reached only inside the blind zone under the camera "
    "(ground reach <= near_m); lower the tilt or the mounting, or use more pixels"
)
REASON_NO_ROAD = (
    "no heading and no road within {dist:g} m to infer one from: ring at reduced reach "
    "(settings.heading_road_max_distance_m)"
)
REASON_OMNI = "no heading: ring at reduced reach (missing_heading='omni')"


# --------------------------------------------------------------------------- reading cameras


@dataclass
class _Cameras:
    """The cameras' optics as arrays, with defaults filled and invalid rows explained."""

    x: FloatArray
    y: FloatArray
    kind: npt.NDArray[np.str_]
    hfov: FloatArray
    res: FloatArray
    height: FloatArray
    tilt: FloatArray
    heading: FloatArray
    sweep: FloatArray
    fisheye: npt.NDArray[np.bool_]
    vfov: FloatArray
    assumed: npt.NDArray[np.int64]  # bit flags: 1 hfov, 2 resolution, 4 height, 8 tilt
    invalid: npt.NDArray[np.object_]  # None or the reason the camera gets no footprint


_ASSUMED_NAMES = ("hfov_deg", "resolution_px", "height_m", "tilt_deg")
_ASSUMED_TABLE = np.array(
    [",".join(n for b, n in enumerate(_ASSUMED_NAMES) if code >> b & 1) for code in range(16)],
    dtype=object,
)


def _numeric_columns(cams: gpd.GeoDataFrame, names: Sequence[str]) -> dict[str, FloatArray]:
    """Read numeric columns as float arrays (NaN where absent); report text that is no number."""
    report = ValidationReport("cams", n_rows=len(cams))
    out: dict[str, FloatArray] = {}
    for name in names:
        if name not in cams.columns:
            out[name] = np.full(len(cams), np.nan)
            continue
        raw = cams[name]
        num = pd.to_numeric(raw, errors="coerce")
        bad = num.isna().to_numpy() & raw.notna().to_numpy()
        for label, value in zip(cams.index[bad], raw[bad], strict=True):
            report.add(
                Problem(
                    label,
                    name,
                    str(value),
                    f"{name} is not a number.",
                    f"Enter {name} as a number or leave it empty (unknown).",
                )
            )
        out[name] = num.to_numpy(dtype=float, na_value=np.nan)
    report.raise_if_errors()
    return out


def _text_column(cams: gpd.GeoDataFrame, name: str) -> pd.Series:
    if name not in cams.columns:
        return pd.Series(pd.NA, index=cams.index, dtype="str")
    return cams[name].astype("str")


def _read_cameras(cams: gpd.GeoDataFrame) -> _Cameras:
    n = len(cams)
    cols = _numeric_columns(
        cams,
        (
            "hfov_deg",
            "focal_length_mm",
            "sensor_width_mm",
            "resolution_px",
            "height_m",
            "tilt_deg",
            "heading_deg",
            "sweep_deg",
        ),
    )
    geom = cams.geometry.to_numpy()
    is_point = (shapely.get_type_id(geom) == 0) & ~shapely.is_empty(geom)
    x = np.where(is_point, shapely.get_x(geom), np.nan)
    y = np.where(is_point, shapely.get_y(geom), np.nan)

    raw_kind = _text_column(cams, "camera_type").str.strip().str.lower()
    kind = raw_kind.where(raw_kind.isin(CAMERA_TYPES), "unknown").to_numpy(dtype=str)

    invalid = np.full(n, None, dtype=object)

    def flag(mask: npt.NDArray[np.bool_], column: str, rule: str) -> None:
        invalid[mask & (invalid == None)] = REASON_BAD_VALUE.format(column=column, rule=rule)  # noqa: E711

    invalid[~is_point] = REASON_NO_POINT

    hfov = cols["hfov_deg"]
    flag(np.isfinite(hfov) & ((hfov <= 0) | (hfov > 360)), "hfov_deg", "must be > 0 and <= 360")
    f, w = cols["focal_length_mm"], cols["sensor_width_mm"]
    lens_bad = np.isnan(hfov) & (((f <= 0) & np.isfinite(f)) | ((w <= 0) & np.isfinite(w)))
    flag(lens_bad, "focal_length_mm/sensor_width_mm", "must be > 0")
    hfov = np.where(np.isnan(hfov), lens_hfov(f, w), hfov)
    default_hfov = (
        pd.Series(kind)
        .map(settings.default_hfov_deg)
        .fillna(settings.default_hfov_deg["unknown"])
        .to_numpy(dtype=float)
    )
    assumed = np.zeros(n, dtype=np.int64)
    miss = np.isnan(hfov)
    assumed |= miss.astype(np.int64) * 1
    hfov = np.where(miss, default_hfov, hfov)

    res = cols["resolution_px"]
    flag(res <= 0, "resolution_px", "must be > 0")
    miss = np.isnan(res)
    assumed |= miss.astype(np.int64) * 2
    res = np.where(miss, settings.default_resolution_px, res)

    height = cols["height_m"]
    flag(height <= 0, "height_m", "must be > 0")
    miss = np.isnan(height)
    assumed |= miss.astype(np.int64) * 4
    height = np.where(miss, settings.default_height_m, height)

    tilt = cols["tilt_deg"]
    flag((tilt < -90) | (tilt > 90), "tilt_deg", "must be between -90 and 90")
    miss = np.isnan(tilt)
    assumed |= miss.astype(np.int64) * 8
    tilt = np.where(miss, settings.default_tilt_deg, tilt)

    sweep = cols["sweep_deg"]
    flag(sweep < 0, "sweep_deg", "must be >= 0")
    heading = np.mod(cols["heading_deg"], 360.0)

    fisheye = (kind == "panoramic") | (hfov >= 180.0)
    vfov = np.where(fisheye, settings.panoramic_vfov_deg, vertical_fov(hfov))
    return _Cameras(
        x, y, kind, hfov, res, height, tilt, heading, sweep, fisheye, vfov, assumed, invalid
    )


# --------------------------------------------------------------------------- polygons


def _annular_sectors(
    x: FloatArray,
    y: FloatArray,
    heading: FloatArray,
    width: FloatArray,
    near: FloatArray,
    *,
    far: FloatArray,
    step_deg: float | None = None,
) -> npt.NDArray[np.object_]:
    """Build annular sectors (``width >= 360``: rings) in one vectorised pass.

    Arc vertices are at most ``step_deg`` apart. The outer arc is inscribed in its circle
    and the inner arc circumscribed about its own, so each polygon lies inside the true
    annular sector. Rows need ``far > near >= 0``.
    """
    n = len(x)
    out = np.empty(n, dtype=object)
    if n == 0:
        return out
    step = settings.arc_step_deg if step_deg is None else step_deg
    ring = width >= 360.0
    span = np.where(ring, 360.0, width)
    nseg = np.maximum(np.ceil(span / step - 1e-9), 1).astype(np.int64)
    nseg = np.where(ring, np.maximum(nseg, 3), nseg)
    delta = span / nseg
    nouter = np.where(ring, nseg, nseg + 1)
    start = np.where(ring, 0.0, heading - span / 2.0)
    has_inner = near > 0
    r_in = np.minimum(near / np.cos(np.radians(delta) / 2.0), far * (1.0 - 1e-9))

    # Cameras with the same number of arc vertices and the same layout (sector with an
    # inner arc, sector with an apex, ring, ring with a hole) form one dense block; each
    # block is built with broadcasting and one shapely call. Blocks are few (one per arc
    # vertex count and layout), so the loop below is not a loop over cameras.
    layout = np.where(ring, 2, 0) + has_inner.astype(np.int64)
    key = nouter * 4 + layout
    order = np.argsort(key, kind="stable")
    keys, first = np.unique(key[order], return_index=True)
    bounds = np.append(first, n)
    for k, lo, hi in zip(keys, bounds[:-1], bounds[1:], strict=True):
        idx = order[lo:hi]
        m, kind = int(k) // 4, int(k) % 4
        theta = np.radians(start[idx])[:, None] + np.arange(m) * np.radians(delta[idx])[:, None]
        east, north = np.sin(theta), np.cos(theta)  # headings are clockwise from north
        px, py = x[idx, None], y[idx, None]
        outer = np.stack((px + far[idx, None] * east, py + far[idx, None] * north), axis=-1)
        if kind == 2:  # ring without a blind zone
            out[idx] = shapely.polygons(outer)
            continue
        r = r_in[idx, None]
        inner = np.stack((px + r * east[:, ::-1], py + r * north[:, ::-1]), axis=-1)
        if kind == 3:  # ring with the blind zone as a hole
            out[idx] = shapely.polygons(outer, holes=inner[:, None])
        elif kind == 1:  # sector: outer arc, inner arc backwards
            out[idx] = shapely.polygons(np.concatenate((outer, inner), axis=1))
        else:  # sector reaching the camera: outer arc, then the apex
            apex = np.stack((px, py), axis=-1)
            out[idx] = shapely.polygons(np.concatenate((outer, apex), axis=1))
    return out


# --------------------------------------------------------------------------- fields_of_view


def fields_of_view(
    cams: gpd.GeoDataFrame,
    *,
    level: str | None = None,
    levels: Sequence[str] | None = None,
    buildings: gpd.GeoDataFrame | gpd.GeoSeries | None = None,
    missing_heading: MissingHeading = "road",
    roads: Any = None,
) -> gpd.GeoDataFrame:
    """Compute each camera's ground footprint at a DORI level of detail.

    The footprint is the ground area where the camera gives at least the level's pixel
    density (EN 62676-4; :data:`cctvgeo.settings.dori_ppm`), between the near edge of its
    view (the blind zone) and the far edge, the smaller of the level's reach as a ground
    distance and the tilt-limited reach. See ``docs/footprints.md`` for the geometry.

    * fixed, ALPR and unknown-type cameras: the annular sector ``heading +- hfov/2``;
    * PTZ (and dome cameras while :data:`cctvgeo.settings.dome_is_ptz`): the full ring,
      or where ``sweep_deg`` and ``heading_deg`` are known the swept range widened by
      ``hfov`` (at most a ring). It is where the camera *can* look, not where it looks at
      once: ``view_share = hfov / width`` is the share seen at any moment;
    * panoramic cameras and any view of 360 degrees: a ring.

    Missing optics are filled from :mod:`cctvgeo.settings` (``hfov`` from the lens, else
    ``default_hfov_deg`` by type; ``default_resolution_px``, ``default_height_m``,
    ``default_tilt_deg``) and named in the ``assumed`` column.

    Parameters
    ----------
    cams : GeoDataFrame
        Cameras in a projected CRS, with Point geometry and the canonical columns of
        :func:`cctvgeo.read_cameras`; absent columns count as unknown values.
    level : str, optional
        The DORI level, a key of :data:`cctvgeo.settings.dori_ppm`; default
        :data:`cctvgeo.settings.planning_level` (``"recognise"``), the level of candidates
        and plans too (:func:`cctvgeo.coverage.dori.chosen_level`).
    levels : sequence of str, optional
        Several levels at once; overrides ``level``. The result then has one row per
        camera and level, on a MultiIndex (the cameras' index, then ``"dori_level"``),
        camera by camera, levels in the order given.
    buildings : GeoDataFrame or GeoSeries, optional
        Building polygons in the same CRS; footprints are clipped by the buildings and
        their shadows as seen from the camera (:func:`cctvgeo.coverage.occlude`).
    missing_heading : {"road", "omni", "raise"}, default "road"
        What to do with a directional camera that has no ``heading_deg``:
        ``"road"`` takes the bearing of the nearest road segment (needs ``roads``), in the
        direction along it whose sector covers more road (ties: the direction the road is
        digitised in), ``heading_source="inferred"``; a camera with no road within
        :data:`cctvgeo.settings.heading_road_max_distance_m` falls back to ``"omni"``.
        ``"omni"`` gives a ring of the same area as the sector
        (:data:`cctvgeo.settings.omni_reach_factor`), ``heading_source="omni"``.
        ``"raise"`` raises one :class:`~cctvgeo.ValidationError` listing every such camera.
    roads : GeoDataFrame, GeoSeries or osmnx graph, optional
        Road lines in the same CRS, for ``missing_heading="road"``.

    Returns
    -------
    GeoDataFrame
        On the cameras' index (or the MultiIndex above) and CRS, with columns
        ``camera_id``, ``status``, ``camera_type`` (as given), ``level``, ``reach_m``
        (the level's reach along the line of sight), ``near_m``, ``far_m`` (ground
        distances), ``hfov_deg``, ``vfov_deg``, ``height_m``, ``tilt_deg`` and
        ``heading_deg`` as used (heading NaN for a ring), ``heading_source``
        (``"data"``, ``"inferred"``, ``"omni"``), ``width_deg`` (the footprint's angular
        width: ``hfov``, a PTZ's swept range plus ``hfov``, or 360),
        ``shape`` (``"sector"`` or ``"ring"``),
        ``view_share``, ``assumed`` (comma-separated inputs taken from settings),
        ``reason`` and ``geometry``. No camera is dropped: one that gets no footprint has
        an empty polygon and its ``reason`` says why; ``reason`` also explains a
        stand-in ring. It is missing (NA) for an ordinary footprint.

    Raises
    ------
    CRSError
        ``cams`` (or ``roads``/``buildings``) is not in a projected CRS, or they differ.
    ValidationError
        A numeric column holds text, or ``missing_heading="raise"`` and cameras lack a
        heading.
    ValueError
        An unknown level or option, or ``roads`` missing when headings must be inferred.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely import Point
    >>> cams = gpd.GeoDataFrame(
    ...     {"camera_id": ["C1"], "heading_deg": [90.0], "hfov_deg": [90.0],
    ...      "resolution_px": [1920.0], "height_m": [5.0], "tilt_deg": [15.0]},
    ...     geometry=[Point(0, 0)], crs=32647)
    >>> fp = fields_of_view(cams, level="detect")
    >>> round(float(fp["far_m"].iloc[0]), 2)  # sqrt(38.4**2 - 5**2)
    38.07
    >>> fields_of_view(cams, levels=["detect", "recognise"]).index.names
    FrozenList([None, 'dori_level'])
    """
    _check_inputs(cams, roads, buildings, missing_heading)
    level_names = [chosen_level(level)] if levels is None else list(levels)
    if not level_names:
        raise ValueError("levels is empty; give at least one DORI level.")
    ppm = _level_ppm(level_names)

    c = _read_cameras(cams)
    v = _view_extent(c)
    if v.needs.any():
        if missing_heading == "raise":
            _raise_missing_headings(cams, v.needs, c.kind)
        if missing_heading == "road" and roads is None:
            raise ValueError(
                f"{int(v.needs.sum())} directional cameras have no heading_deg, and "
                "missing_heading='road' infers it from roads, but roads=None. Pass "
                "roads=<GeoDataFrame of road lines>, or missing_heading='omni' or 'raise'."
            )
    d = _distances(c, ppm)
    if v.needs.any():
        _fill_headings(c, v, d, missing_heading, roads)

    n, nl = len(cams), len(level_names)
    rows = np.repeat(np.arange(n), nl)
    ok = (d.reason == None).ravel()  # noqa: E711
    ok |= np.broadcast_to(d.stand_in[:, None], (n, nl)).ravel() & ~d.empty.ravel()
    geoms = np.full(n * nl, shapely.Polygon(), dtype=object)
    sel = np.nonzero(ok)[0]
    cam = rows[sel]
    geoms[sel] = _annular_sectors(
        c.x[cam],
        c.y[cam],
        np.nan_to_num(v.heading[cam]),
        v.width[cam],
        d.near[cam],
        far=d.far.ravel()[sel],
    )
    ring = v.width[rows] >= 360.0
    valid = c.invalid[rows] == None  # noqa: E711
    columns = {
        "camera_id": _text_column(cams, "camera_id").to_numpy().repeat(nl),
        "status": _text_column(cams, "status").to_numpy().repeat(nl),
        "camera_type": _text_column(cams, "camera_type").to_numpy().repeat(nl),
        "level": np.tile(np.array(level_names, dtype=object), n),
        "reach_m": np.where(valid, d.reach.ravel(), np.nan),
        "near_m": np.where(valid, d.near[rows], np.nan),
        "far_m": np.where(ok, d.far.ravel(), np.nan),
        "hfov_deg": c.hfov[rows],
        "vfov_deg": c.vfov[rows],
        "height_m": c.height[rows],
        "tilt_deg": c.tilt[rows],
        "heading_deg": np.where(ring, np.nan, v.heading[rows]),
        "heading_source": np.where(ring, "omni", v.source[rows]),
        "width_deg": v.width[rows],
        "shape": np.where(ring, "ring", "sector"),
        "view_share": v.view_share[rows],
        "assumed": _ASSUMED_TABLE[c.assumed][rows],
        "reason": d.reason.ravel(),
    }
    out = gpd.GeoDataFrame(columns, geometry=gpd.GeoSeries(geoms, crs=cams.crs), crs=cams.crs)
    for col in ("camera_id", "status", "camera_type", "level", "heading_source", "shape"):
        out[col] = out[col].astype("str")
    out["assumed"] = out["assumed"].astype("str")
    out["reason"] = out["reason"].astype("str")
    out.index = _result_index(cams.index, None if levels is None else level_names)
    if buildings is not None:
        out = _occlude_rows(out, c.x[rows], c.y[rows], buildings)
    return out


def _check_inputs(cams: gpd.GeoDataFrame, roads: Any, buildings: Any, missing_heading: str) -> None:
    require_projected(cams, "cams")
    if is_graph(roads):
        import pyproj

        graph_crs = roads.graph.get("crs")
        if graph_crs is None or pyproj.CRS.from_user_input(graph_crs) != cams.crs:
            raise CRSError(
                f"roads is a graph in {graph_crs} but cams are in {cams.crs.name}; project "
                "the graph to the cameras' CRS first: roads = osmnx.project_graph(roads, "
                "to_crs=cams.crs)."
            )
    elif roads is not None and hasattr(roads, "crs"):
        require_projected(roads, "roads")
        require_same_crs(cams=cams, roads=roads)
    if buildings is not None:
        require_projected(buildings, "buildings")
        require_same_crs(cams=cams, buildings=buildings)
    if missing_heading not in ("road", "omni", "raise"):
        raise ValueError(f"missing_heading={missing_heading!r}; choose 'road', 'omni' or 'raise'.")


def _result_index(index: pd.Index, level_names: list[str] | None) -> pd.Index:
    if level_names is None:
        return index
    nl = len(level_names)
    arrays = [index.get_level_values(i).repeat(nl) for i in range(index.nlevels)]
    arrays.append(pd.Index(np.tile(np.array(level_names, dtype=object), len(index)), dtype="str"))
    return pd.MultiIndex.from_arrays(arrays, names=[*index.names, LEVEL_INDEX_NAME])


@dataclass
class _Extent:
    """Per camera: angular width, heading used and where it came from."""

    width: FloatArray
    heading: FloatArray
    source: npt.NDArray[np.object_]
    view_share: FloatArray
    needs: npt.NDArray[np.bool_]  # directional camera without a heading


def _view_extent(c: _Cameras) -> _Extent:
    ptz_like = (c.kind == "ptz") | ((c.kind == "dome") & settings.dome_is_ptz)
    has_heading = np.isfinite(c.heading)
    swept = ptz_like & has_heading & np.isfinite(c.sweep)
    directional = ~ptz_like & (c.hfov < 360.0)
    width = np.where(ptz_like, 360.0, np.minimum(c.hfov, 360.0))
    width = np.where(swept, np.minimum(c.sweep + c.hfov, 360.0), width)
    known = swept | (directional & has_heading)
    return _Extent(
        width=width,
        heading=np.where(known, c.heading, np.nan),
        source=np.where(known, "data", "omni").astype(object),
        view_share=np.where(ptz_like, np.minimum(c.hfov / width, 1.0), 1.0),
        needs=directional & ~has_heading,
    )


@dataclass
class _Distances:
    """Near edge per camera; reach, far edge and reason per camera and level."""

    near: FloatArray
    reach: FloatArray
    far: FloatArray
    reason: npt.NDArray[np.object_]  # None: an ordinary footprint
    empty: npt.NDArray[np.bool_]  # no footprint
    stand_in: npt.NDArray[np.bool_]  # per camera: a ring standing in for an unknown heading


def _distances(c: _Cameras, ppm: FloatArray) -> _Distances:
    near, tilt_far = ground_edges(c.height, c.tilt, c.vfov)
    reach = _reach(c.res[:, None], c.hfov[:, None], c.fisheye[:, None], ppm[None, :])
    with np.errstate(invalid="ignore"):
        ground = np.sqrt(reach**2 - c.height[:, None] ** 2)
    reached = reach > c.height[:, None]
    far = np.where(reached, np.minimum(ground, tilt_far[:, None]), np.nan)
    reason = np.empty(far.shape, dtype=object)
    reason[:] = c.invalid[:, None]
    for mask, text in (
        (np.isnan(near)[:, None], REASON_ABOVE_HORIZON),
        (~reached, REASON_NEVER),
        (~(far > near[:, None]), REASON_BLIND),
    ):
        reason[(reason == None) & mask] = text  # noqa: E711
    empty = reason != None  # noqa: E711
    return _Distances(near, reach, far, reason, empty, np.zeros(len(near), dtype=bool))


def _fill_headings(
    c: _Cameras, v: _Extent, d: _Distances, missing_heading: str, roads: Any
) -> None:
    """Give cameras without a heading one from the roads, or a ring of equal area (in place)."""
    todo = v.needs & np.isfinite(c.x)
    note = np.full(len(todo), None, dtype=object)
    ring = np.zeros(len(todo), dtype=bool)
    if missing_heading == "road" and todo.any():
        idx = np.nonzero(todo)[0]
        score_far = np.nanmax(np.where(d.empty[idx], np.nan, d.far[idx]), axis=1, initial=0.0)
        got, found = _infer_headings(
            c.x[idx], c.y[idx], c.hfov[idx], np.nan_to_num(d.near[idx]), score_far, roads=roads
        )
        v.heading[idx[found]] = got[found]
        v.source[idx[found]] = "inferred"
        ring[idx[~found]] = True
        note[idx[~found]] = REASON_NO_ROAD.format(dist=settings.heading_road_max_distance_m)
    elif missing_heading == "omni":
        ring = todo
        note[todo] = REASON_OMNI
    v.width[ring] = 360.0
    near = d.near[:, None]
    with np.errstate(invalid="ignore"):
        if settings.omni_reach_factor is None:
            share = (c.hfov / 360.0)[:, None]
            far_omni = np.sqrt(near**2 + share * (d.far**2 - near**2))
        else:
            far_omni = d.far * settings.omni_reach_factor
    d.far[:] = np.where(ring[:, None], far_omni, d.far)
    d.reason[~d.empty & ring[:, None] & ~(d.far > near)] = REASON_BLIND
    d.empty[:] = d.reason != None  # noqa: E711
    fill = ~d.empty & ring[:, None]
    d.reason[fill] = np.broadcast_to(note[:, None], d.reason.shape)[fill]
    d.stand_in[:] = ring


def _raise_missing_headings(
    cams: gpd.GeoDataFrame, needs: npt.NDArray[np.bool_], kind: npt.NDArray[np.str_]
) -> None:
    report = ValidationReport("cams", n_rows=len(cams))
    ids = _text_column(cams, "camera_id")
    for pos in np.nonzero(needs)[0]:
        label = cams.index[pos]
        cid = ids.iloc[pos]
        name = "(no camera_id)" if pd.isna(cid) else repr(cid)
        report.add(
            Problem(
                label,
                "heading_deg",
                "",
                f"camera {name} ({kind[pos]}) has no heading; a directional camera's footprint "
                "needs one.",
                "Fill heading_deg (degrees clockwise from north), or call fields_of_view with "
                "missing_heading='road' and roads=..., or missing_heading='omni'.",
            )
        )
    report.raise_if_errors()
