"""DORI optics: how far a camera delivers each level of detail, and the camera catalogue.

EN 62676-4 defines the levels of detail by pixels per metre on the target (detect,
observe, recognise, identify; :data:`cctvgeo.settings.dori_ppm`). A camera of
``resolution_px`` horizontal pixels and horizontal field of view ``hfov`` reaches level
``L`` up to ``d_L = resolution_px / (2 * ppm_L * tan(hfov / 2))`` along the line of sight
(:func:`dori_reach`); :func:`ground_edges` gives the near and far edges of the ground it
sees from its height and tilt. :mod:`cctvgeo.coverage.fov` turns these distances into
footprint polygons. See ``docs/footprints.md``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from cctvgeo import settings

if TYPE_CHECKING:  # pragma: no cover
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float64]

__all__ = [
    "LEVEL_INDEX_NAME",
    "camera_models",
    "chosen_level",
    "dori_reach",
    "ground_edges",
    "lens_hfov",
    "vertical_fov",
]

#: Name of the index level that holds the DORI level when ``fields_of_view`` is given
#: ``levels``. It differs from the ``level`` column so that ``groupby("level")`` is unambiguous.
LEVEL_INDEX_NAME = "dori_level"


def chosen_level(level: str | None) -> str:
    """The DORI level a function works at: ``level``, or :data:`cctvgeo.settings.planning_level`.

    The one rule of every ``level`` argument in :mod:`cctvgeo.coverage` and
    :mod:`cctvgeo.planning` that picks a level to compute at: None means the setting
    (``"recognise"`` unless changed), so footprints, candidates, plans and the linkage
    selection agree. (The ``level`` of the coverage measures is another kind of argument:
    it picks one level among footprints computed at several.)

    Examples
    --------
    >>> chosen_level("detect"), chosen_level(None)
    ('detect', 'recognise')
    """
    return settings.planning_level if level is None else level


def lens_hfov(focal_length_mm: Any, sensor_width_mm: Any) -> FloatArray:
    """Compute the horizontal field of view of a rectilinear lens, in degrees.

    ``hfov = 2 * atan(sensor_width / (2 * focal_length))``.

    Parameters
    ----------
    focal_length_mm, sensor_width_mm : float or array-like
        Focal length and sensor width in millimetres; non-positive values give NaN.

    Returns
    -------
    numpy.ndarray
        Degrees, NaN where either input is missing or not positive.

    Examples
    --------
    >>> round(float(lens_hfov(4.0, 5.37)), 1)  # a 4 mm lens on a 1/2.8" sensor
    67.7
    """
    f = np.asarray(focal_length_mm, dtype=float)
    w = np.asarray(sensor_width_mm, dtype=float)
    ok = (f > 0) & (w > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.degrees(2.0 * np.arctan(w / (2.0 * f)))
    return np.where(ok, out, np.nan)


def vertical_fov(hfov_deg: Any, *, aspect_ratio: float | None = None) -> FloatArray:
    """Derive the vertical field of view from the horizontal one, in degrees.

    For a rectilinear lens and an image ``aspect_ratio`` wide per unit high,
    ``vfov = 2 * atan(tan(hfov / 2) / aspect_ratio)``. Views of 180 degrees or more are
    not rectilinear; they get :data:`cctvgeo.settings.panoramic_vfov_deg`.

    Parameters
    ----------
    hfov_deg : float or array-like
        Horizontal field of view in degrees.
    aspect_ratio : float, optional
        Width over height; :data:`cctvgeo.settings.aspect_ratio` (16:9) by default.

    Returns
    -------
    numpy.ndarray
        Degrees.

    Examples
    --------
    >>> round(float(vertical_fov(90.0)), 2)  # 16:9
    58.72
    """
    aspect = settings.aspect_ratio if aspect_ratio is None else aspect_ratio
    h = np.asarray(hfov_deg, dtype=float)
    with np.errstate(invalid="ignore"):
        rect = np.degrees(2.0 * np.arctan(np.tan(np.radians(np.minimum(h, 179.0)) / 2) / aspect))
    return np.where(h >= 180.0, settings.panoramic_vfov_deg, rect)


def dori_reach(
    resolution_px: Any,
    hfov_deg: Any,
    *,
    level: str | None = None,
    panoramic: Any = False,
) -> FloatArray:
    """Compute the distance along the line of sight up to which a camera gives a DORI level.

    The pixel density on a target at distance ``d`` is
    ``resolution_px / (2 * d * tan(hfov / 2))`` pixels per metre (EN 62676-4), so the level
    with density ``ppm_L`` is delivered up to ``d_L = resolution_px / (2 * ppm_L * tan(hfov / 2))``.
    Panoramic (fisheye) images spread their pixels evenly over the angle, so for them, and
    for any view of 180 degrees or more, ``d_L = resolution_px / (ppm_L * hfov_rad)``.

    Parameters
    ----------
    resolution_px : float or array-like
        Horizontal resolution in pixels.
    hfov_deg : float or array-like
        Horizontal field of view in degrees.
    level : str, optional
        A key of :data:`cctvgeo.settings.dori_ppm`; default
        :data:`cctvgeo.settings.planning_level` (see :func:`chosen_level`).
    panoramic : bool or array-like of bool, default False
        Use the equal-angle (fisheye) model.

    Returns
    -------
    numpy.ndarray
        Metres along the line of sight (a slant distance, not a ground distance).

    Examples
    --------
    >>> [round(float(dori_reach(1920, 90, level=lv)), 2) for lv in ("detect", "recognise")]
    [38.4, 7.68]
    >>> round(float(dori_reach(1920, 60, level="recognise")), 1)
    13.3
    """
    ppm = _level_ppm([chosen_level(level)])[0]
    res = np.asarray(resolution_px, dtype=float)
    h = np.asarray(hfov_deg, dtype=float)
    fisheye = np.asarray(panoramic, dtype=bool) | (h >= 180.0)
    return _reach(res, h, fisheye, ppm)


def _reach(res: Any, hfov: Any, fisheye: Any, ppm: Any) -> FloatArray:
    rad = np.radians(hfov)
    with np.errstate(invalid="ignore", divide="ignore"):
        rect = res / (2.0 * ppm * np.tan(np.minimum(rad, math.radians(179.999)) / 2.0))
        fish = res / (ppm * rad)
    return np.where(fisheye, fish, rect)


def ground_edges(height_m: Any, tilt_deg: Any, vfov_deg: Any) -> tuple[FloatArray, FloatArray]:
    """Compute the near and far ground edges of a camera's view along its optical axis.

    The lower edge of the image points ``tilt + vfov/2`` degrees below the horizontal and
    meets the ground at ``h / tan(tilt + vfov/2)`` (0 when it points straight down or
    further): inside this distance is the blind zone. The upper edge points
    ``tilt - vfov/2`` below the horizontal; when that is at or above the horizon the view
    reaches the horizon and the tilt-limited far edge is infinite, else it is
    ``h / tan(tilt - vfov/2)``. Both are ground distances from the foot of the camera.

    Parameters
    ----------
    height_m : float or array-like
        Mounting height above the ground, metres.
    tilt_deg : float or array-like
        Tilt of the optical axis below the horizontal, degrees.
    vfov_deg : float or array-like
        Vertical field of view, degrees.

    Returns
    -------
    near, far : numpy.ndarray
        Metres on the ground. Both are NaN when the whole view is above the horizon.

    Examples
    --------
    >>> near, far = ground_edges(6.0, 30.0, 30.0)  # lower edge 45 deg, upper edge 15 deg
    >>> round(float(near), 3), round(float(far), 3)
    (6.0, 22.392)
    """
    h = np.asarray(height_m, dtype=float)
    lower = np.asarray(tilt_deg, dtype=float) + np.asarray(vfov_deg, dtype=float) / 2.0
    upper = np.asarray(tilt_deg, dtype=float) - np.asarray(vfov_deg, dtype=float) / 2.0
    with np.errstate(invalid="ignore", divide="ignore"):
        near = np.where(lower >= 90.0, 0.0, h / np.tan(np.radians(np.minimum(lower, 89.0))))
        far = np.where(upper > 0.0, h / np.tan(np.radians(np.clip(upper, 1e-9, 90.0))), np.inf)
    sees_ground = lower > 0.0
    return np.where(sees_ground, near, np.nan), np.where(sees_ground, far, np.nan)


def _level_ppm(levels: Sequence[str]) -> FloatArray:
    table = settings.dori_ppm
    unknown = [lv for lv in levels if lv not in table]
    if unknown:
        raise ValueError(
            f"level {unknown[0]!r} is not a DORI level; choose from {sorted(table)} "
            "(cctvgeo.settings.dori_ppm)."
        )
    return np.array([float(table[lv]) for lv in levels])


def camera_models() -> pd.DataFrame:
    """Load the catalogue of generic camera classes a Thai agency buys.

    The figures are indicative, compiled for this sample; replace them with the
    province's procurement prices. The file is ``cctvgeo/catalogue/camera_models.csv``;
    its header comment and ``source`` column say where each figure comes from.

    Returns
    -------
    pandas.DataFrame
        One row per class: ``model_id``, ``name``, ``camera_type``, ``housing``,
        ``resolution_px``, ``resolution_v_px``, ``hfov_min_deg``, ``hfov_max_deg``,
        ``height_m``, ``tilt_deg``, ``price_thb``, ``install_thb``,
        ``maintenance_thb_per_year``, ``power_w``, ``source``.

    Examples
    --------
    >>> models = camera_models()
    >>> "ptz" in set(models["camera_type"])
    True
    """
    ref = resources.files("cctvgeo").joinpath("catalogue", "camera_models.csv")
    numeric = (
        "resolution_px",
        "resolution_v_px",
        "hfov_min_deg",
        "hfov_max_deg",
        "height_m",
        "tilt_deg",
        "price_thb",
        "install_thb",
        "maintenance_thb_per_year",
        "power_w",
    )
    with ref.open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh, comment="#", dtype=dict.fromkeys(numeric, "float64"))
