"""Which cameras count: camera statuses, the rule for "unknown", and what is left out.

Every coverage measure (:func:`cctvgeo.coverage.road_coverage`, ``point_coverage``,
``route_coverage``) counts the footprints of cameras whose status is in
:data:`cctvgeo.settings.coverage_statuses`; cameras of status "unknown" count or not by
:data:`cctvgeo.settings.coverage_unknown_status`, and what only the cameras left out see is
reported apart (``unverified_m``), with a :class:`CoverageWarning`. :func:`counted_cameras`
applies the same rule for code that selects cameras itself.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from cctvgeo import settings
from cctvgeo._validate import Problem, ValidationReport
from cctvgeo.coverage._measure import _POLYGON_TYPES, _geometry_problems

if TYPE_CHECKING:  # pragma: no cover
    from numpy.typing import NDArray

__all__ = ["KNOWN_STATUSES", "UNKNOWN_RULES", "CoverageWarning", "counted_cameras"]

#: The camera statuses of the canonical schema.
KNOWN_STATUSES = ("working", "not_working", "broken", "under_repair", "unknown")


#: How cameras of status "unknown" may count (``cg.settings.coverage_unknown_status``).
UNKNOWN_RULES = ("auto", "count", "exclude")


#: Where road and route coverage show what only the cameras left out see.
_UNVERIFIED_M = "what only they see is in the 'unverified_m' column"


class CoverageWarning(UserWarning):
    """A coverage figure left cameras out, or road lines were merged: read the message.

    Silence it with ``warnings.simplefilter("ignore", cg.coverage.CoverageWarning)`` once
    the cause is understood; each message names the setting or argument that removes it.
    """


class _Selection(NamedTuple):
    """The footprints that count, then those left out because their status is "unknown".

    ``polys[:n_counted]`` count; ``polys[n_counted:]`` are the unverified ones (cameras of
    status "unknown" left out). ``cams`` codes every polygon's camera into ``cam_ids``.
    """

    polys: NDArray[np.object_]
    cams: NDArray[np.intp]
    cam_ids: NDArray[np.object_]
    n_counted: int
    cameras: dict[str, Any]


def _status_of(frame: pd.DataFrame) -> pd.Series:
    """The ``status`` column, with missing values (or a missing column) read as "unknown"."""
    if "status" not in frame.columns:
        return pd.Series("unknown", index=frame.index, dtype=object)
    status = frame["status"]
    return status.astype(object).where(status.notna(), "unknown")


def _wanted_statuses(statuses: Sequence[str] | None, as_if_repaired: bool) -> set[str]:
    wanted = set(settings.coverage_statuses if statuses is None else statuses)
    if as_if_repaired:
        wanted |= set(settings.repairable_statuses)
    return wanted


def _status_problems(wanted: set[str], rule: str) -> list[Problem]:
    """Problems with the ``statuses=`` and ``unknown=`` arguments."""
    problems = []
    unknown_wanted = sorted(wanted - set(KNOWN_STATUSES))
    if unknown_wanted:
        problems.append(
            Problem.coded(
                "statuses_unknown",
                None,
                "status",
                ", ".join(unknown_wanted),
                accepted=", ".join(KNOWN_STATUSES),
            )
        )
    if rule not in UNKNOWN_RULES:
        problems.append(
            Problem.coded(
                "unknown_rule", None, "unknown", str(rule), accepted=", ".join(UNKNOWN_RULES)
            )
        )
    return problems


def _count_by_status(
    status: pd.Series, camera: pd.Series, wanted: set[str], rule: str
) -> tuple[NDArray[np.bool_], NDArray[np.bool_], dict[str, Any]]:
    """Apply the rule for cameras of status "unknown" (see ``docs/coverage.md``).

    Returns which rows count, which rows are left out only because their status is
    "unknown" (unverified), and the camera counts for the result's ``attrs``.
    """
    unknown = (status == "unknown").to_numpy(dtype=bool)
    as_working = "working" in wanted and (
        rule == "count" or (rule == "auto" and bool(unknown.all()))
    )
    counted = status.isin(list(wanted)).to_numpy(dtype=bool) | (unknown & as_working)
    left_out = unknown & ~counted & ("working" in wanted)
    ids = camera.to_numpy(dtype=object)
    cameras = {
        "n_cameras": len(pd.unique(ids)),
        "n_counted": len(pd.unique(ids[counted])),
        "n_unknown_counted": len(pd.unique(ids[unknown & counted])),
        "n_unknown_left_out": len(pd.unique(ids[left_out])),
        "unknown_rule": rule,
    }
    return counted, left_out, cameras


def _warn_left_out(cameras: dict[str, Any], shown: str) -> None:
    """Warn that cameras of status "unknown" were left out (rule "auto", mixed statuses).

    ``shown`` says where the result shows them, for example "what only they see is in the
    'unverified_m' column".
    """
    n = cameras["n_unknown_left_out"]
    if cameras["unknown_rule"] != "auto" or n == 0:
        return
    warnings.warn(
        f"{n} of {cameras['n_cameras']} cameras have status 'unknown' and were left out of "
        f"the coverage, because the others have a recorded status; {shown}. To count them "
        "as working, pass unknown='count' (or set "
        "cg.settings.coverage_unknown_status = 'count'); to leave them out without this "
        "warning, use 'exclude'.",
        CoverageWarning,
        stacklevel=3,
    )


def counted_cameras(
    cams: pd.DataFrame,
    *,
    statuses: Sequence[str] | None = None,
    as_if_repaired: bool = False,
    unknown: str | None = None,
) -> NDArray[np.bool_]:
    """Which cameras count in coverage, by their status.

    This is the rule :func:`road_coverage`, :func:`~cctvgeo.coverage.point_coverage` and
    :func:`~cctvgeo.coverage.route_coverage` apply, for code that selects cameras before
    computing their footprints (planning does).

    Parameters
    ----------
    cams : DataFrame
        Cameras or footprints. A missing ``status`` column or value reads as "unknown".
    statuses : sequence of str, optional
        Statuses that count; default ``cg.settings.coverage_statuses`` (working only).
    as_if_repaired : bool, default False
        Also count ``cg.settings.repairable_statuses``.
    unknown : {"auto", "count", "exclude"}, optional
        How cameras of status "unknown" count when ``statuses`` does not name "unknown";
        default ``cg.settings.coverage_unknown_status`` ("auto"). "count": as working;
        "exclude": not at all; "auto": as working when *no* camera has a recorded status
        (open data: OSM, city lists), else not, with a :class:`CoverageWarning` that says
        how many were left out.

    Returns
    -------
    numpy.ndarray of bool
        One value per row of ``cams``.

    Raises
    ------
    cctvgeo.ValidationError
        If ``statuses`` names an unknown status or ``unknown`` an unknown rule.

    Examples
    --------
    >>> import pandas as pd
    >>> counted_cameras(pd.DataFrame({"status": ["unknown", "unknown"]})).tolist()
    [True, True]
    >>> counted_cameras(pd.DataFrame({"status": ["working", "unknown"]}), unknown="exclude").tolist()
    [True, False]
    """
    rule = settings.coverage_unknown_status if unknown is None else unknown
    wanted = _wanted_statuses(statuses, as_if_repaired)
    report = ValidationReport("cameras", n_rows=len(cams))
    report.extend(_status_problems(wanted, rule))
    report.raise_if_errors()
    camera = cams["camera_id"] if "camera_id" in cams.columns else pd.Series(cams.index)
    counted, _, cameras = _count_by_status(_status_of(cams), camera, wanted, rule)
    _warn_left_out(cameras, "they are False in the result")
    return counted


def _select_footprints(
    footprints: gpd.GeoDataFrame,
    *,
    statuses: Sequence[str] | None,
    as_if_repaired: bool,
    level: str | None,
    unknown: str | None,
) -> _Selection:
    """Validate footprints and keep the rows that count, then the unverified ones.

    A missing ``status`` column or value reads as "unknown"; how "unknown" counts is
    decided by :func:`_count_by_status`.
    """
    report = ValidationReport("footprints", n_rows=len(footprints))
    if "camera_id" not in footprints.columns:
        report.add(Problem.coded("footprints_no_camera_id", None, "camera_id", ""))
    report.extend(
        _geometry_problems(
            footprints,
            "footprints",
            _POLYGON_TYPES,
            allow_empty=True,
            fix="Footprints must be polygons in a metric CRS; rebuild them with fields_of_view.",
        )
    )
    rule = settings.coverage_unknown_status if unknown is None else unknown
    wanted = _wanted_statuses(statuses, as_if_repaired)
    report.extend(_status_problems(wanted, rule))
    status = _status_of(footprints)
    bad_status = ~status.isin(KNOWN_STATUSES)
    for label, value in status[bad_status].items():
        report.add(
            Problem.coded(
                "camera_status_unknown",
                label,
                "status",
                str(value),
                accepted=", ".join(KNOWN_STATUSES),
            )
        )
    if "camera_id" in footprints.columns:
        cam_missing = footprints["camera_id"].isna()
        for label in footprints.index[cam_missing.to_numpy()]:
            report.add(Problem.coded("camera_id_missing", label, "camera_id", ""))
    keep = np.ones(len(footprints), dtype=bool)
    if "level" in footprints.columns:
        levels = footprints["level"]
        if level is not None:
            keep &= (levels == level).fillna(False).to_numpy(dtype=bool)
        elif len(levels.dropna().unique()) > 1:
            found = ", ".join(sorted(map(str, levels.dropna().unique())))
            report.add(Problem.coded("several_levels", None, "level", found))
    report.raise_if_errors()
    camera = footprints["camera_id"].astype(str)
    counted, left_out, cameras = _count_by_status(status, camera, wanted, rule)
    geoms = np.asarray(footprints.geometry.array, dtype=object)
    usable = keep & ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    first, then = np.flatnonzero(usable & counted), np.flatnonzero(usable & left_out)
    rows = np.concatenate([first, then])
    codes, uniques = pd.factorize(camera.iloc[rows], sort=True)
    return _Selection(
        geoms[rows],
        np.asarray(codes, dtype=np.intp),
        np.asarray(uniques, dtype=object),
        len(first),
        cameras,
    )
