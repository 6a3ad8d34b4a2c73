"""Existing cameras as candidates: repairs of broken ones and re-aims of working ones.

A broken camera (status in :data:`cctvgeo.settings.repairable_statuses`) becomes a repair
candidate with its own footprint; a working directional camera whose owner may be asked
(:data:`cctvgeo.settings.planning_reaim_owners`) gets one re-aim candidate per heading
more than 22.5 degrees from its current one. :func:`camera_keys` and
:func:`camera_footprints` name the survey's cameras and give their current views, for the
plan and the linkage selection too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from cctvgeo import settings
from cctvgeo._validate import Problem, ValidationReport, require_projected, require_same_crs
from cctvgeo.planning.costs import COST_COLUMNS, CostModel
from cctvgeo.planning.sites import heading_text, headings_for

if TYPE_CHECKING:  # pragma: no cover
    from numpy.typing import NDArray

__all__ = [
    "camera_footprints",
    "camera_keys",
    "reaim_candidates",
    "reaimable",
    "repair_candidates",
]

#: A re-aim turns a camera by more than this (degrees); smaller turns are its current view.
_MIN_TURN_DEG = 22.5


def camera_keys(cams: pd.DataFrame) -> NDArray[np.object_]:
    """Each camera's ``camera_id``, or ``"row <label>"`` where it has none."""
    ids = cams["camera_id"] if "camera_id" in cams.columns else pd.Series(None, index=cams.index)
    return np.array(
        [str(v) if isinstance(v, str) and v else f"row {label}" for label, v in ids.items()],
        dtype=object,
    )


def camera_footprints(
    cams: gpd.GeoDataFrame,
    *,
    level: str,
    buildings: Any,
    roads: Any,
    footprints: gpd.GeoDataFrame | None = None,
) -> gpd.GeoDataFrame:
    """The cameras' fields of view at ``level``: the rows of ``footprints``, or computed now.

    Parameters
    ----------
    cams : GeoDataFrame
        Cameras of the survey (projected).
    level : str
        The DORI level.
    buildings : GeoDataFrame or GeoSeries, optional
        Buildings occluding the footprints when they are computed here.
    roads : GeoDataFrame, optional
        Road lines giving a heading to cameras without one when computed here (none or
        empty: those cameras get a ring, ``missing_heading="omni"``).
    footprints : GeoDataFrame, optional
        Computed before by :func:`cctvgeo.coverage.fields_of_view` for these cameras (or
        for a survey holding them, on its index), at ``level``; with ``levels=`` the rows
        of ``level`` are taken. Their rows are returned in the order of ``cams``.

    Returns
    -------
    GeoDataFrame
        One footprint per camera, on ``cams``' index.

    Raises
    ------
    cctvgeo.ValidationError
        ``footprints`` lacks some of the cameras, has duplicate labels or another level.
    cctvgeo.CRSError
        ``footprints`` is in another CRS.
    """
    if footprints is None:
        from cctvgeo.coverage import fields_of_view

        has_roads = roads is not None and len(roads) > 0
        return fields_of_view(
            cams,
            level=level,
            buildings=buildings,
            missing_heading="road" if has_roads else "omni",
            roads=roads if has_roads else None,
        )
    return _footprint_rows(footprints, cams, level)


def _footprint_rows(
    footprints: gpd.GeoDataFrame, cams: gpd.GeoDataFrame, level: str
) -> gpd.GeoDataFrame:
    """The rows of ``footprints`` for ``cams`` at ``level``, checked (see :func:`camera_footprints`)."""
    from cctvgeo.coverage.dori import LEVEL_INDEX_NAME

    require_same_crs(cams=cams, footprints=footprints)
    if LEVEL_INDEX_NAME in (footprints.index.names or []):
        levels = footprints.index.get_level_values(LEVEL_INDEX_NAME)
        footprints = footprints[levels == level].droplevel(LEVEL_INDEX_NAME)
    report = ValidationReport("footprints")
    if not footprints.index.is_unique:
        report.add(
            Problem(
                None,
                "footprints",
                "",
                "footprints has duplicate index labels.",
                "Pass the frame fields_of_view returned, on the survey's index.",
            )
        )
        report.raise_if_errors()
    missing = cams.index[~cams.index.isin(footprints.index)]
    for label in missing:
        report.add(
            Problem(
                label,
                "footprints",
                "",
                "This camera has no footprint in footprints=.",
                "Compute the footprints from the same survey (fields_of_view(cams)).",
            )
        )
    rows = footprints.reindex(cams.index[cams.index.isin(footprints.index)])
    if "level" in rows.columns:
        other = rows.index[(rows["level"].astype("str") != level).to_numpy()]
        for label in other:
            report.add(
                Problem(
                    label,
                    "level",
                    str(rows.loc[label, "level"]),
                    f"The footprint is not at the level planned for ({level}).",
                    f"Compute footprints at level={level!r}, or pass level= to match them.",
                )
            )
    report.raise_if_errors()
    return rows


def _text_of(cams: pd.DataFrame, col: str) -> NDArray[np.object_]:
    if col not in cams.columns:
        return np.full(len(cams), None, dtype=object)
    return cams[col].astype("object").where(cams[col].notna(), None).to_numpy()


def _existing_frame(
    cams: gpd.GeoDataFrame, fp: gpd.GeoDataFrame, kind: str, key: NDArray[np.object_]
) -> pd.DataFrame:
    """Candidate rows for existing cameras (repairs, re-aims) from their footprints."""
    xy = shapely.get_coordinates(np.asarray(cams.geometry.array, dtype=object))
    ctype = _text_of(cams, "camera_type")
    return pd.DataFrame(
        {
            "candidate_id": key,
            "kind": kind,
            "site_id": ["camera:" + k for k in camera_keys(cams)],
            "site_source": "camera",
            "site_name": [n or "" for n in _text_of(cams, "name")],
            "risk_point_ids": "",
            "camera_id": camera_keys(cams),
            "owner": _text_of(cams, "owner"),
            "status_before": _text_of(cams, "status"),
            "model_id": None,
            "model_name": [f"existing {t or 'camera'}" for t in ctype],
            "camera_type": ctype,
            "lens": None,
            "heading_deg": fp["heading_deg"].to_numpy(dtype=np.float64),
            "heading_source": fp["heading_source"].to_numpy(),
            "hfov_deg": fp["hfov_deg"].to_numpy(dtype=np.float64),
            "resolution_px": (
                pd.to_numeric(cams["resolution_px"], errors="coerce").to_numpy(dtype=np.float64)
                if "resolution_px" in cams.columns
                else np.full(len(cams), np.nan)
            ),
            "height_m": fp["height_m"].to_numpy(dtype=np.float64),
            "tilt_deg": fp["tilt_deg"].to_numpy(dtype=np.float64),
            "has_pole": True,
            "site_x": xy[:, 0],
            "site_y": xy[:, 1],
            "group": ["camera:" + k for k in camera_keys(cams)],
            "level": fp["level"].to_numpy(),
            "far_m": fp["far_m"].to_numpy(),
            "footprint_reason": fp["reason"].to_numpy(),
        }
    )


def _statuses(cams: pd.DataFrame) -> pd.Series:
    return cams["status"] if "status" in cams.columns else pd.Series(None, index=cams.index)


def repair_candidates(
    cams: gpd.GeoDataFrame,
    segments: gpd.GeoDataFrame,
    *,
    cost_model: CostModel,
    level: str,
    buildings: Any,
    footprints: gpd.GeoDataFrame | None,
) -> pd.DataFrame:
    """Repair candidates: the broken cameras of ``cams``, each with its footprint and costs.

    Parameters
    ----------
    cams : GeoDataFrame
        The survey (projected).
    segments : GeoDataFrame
        Road lines, for cameras without a heading.
    cost_model : CostModel
        Prices the repairs.
    level : str
        DORI level of the footprints.
    buildings : GeoDataFrame or GeoSeries, optional
        Occluding buildings.
    footprints : GeoDataFrame, optional
        The survey's footprints computed before (see :func:`camera_footprints`).

    Returns
    -------
    DataFrame
        Candidate rows (``kind`` "repair", group ``repair:<camera>``) with ``geometry``;
        empty when no camera is broken.
    """
    require_projected(cams, "cams")
    broken = cams[_statuses(cams).isin(settings.repairable_statuses).to_numpy(dtype=bool)]
    if broken.empty:
        return pd.DataFrame()
    fp = camera_footprints(
        broken, level=level, buildings=buildings, roads=segments, footprints=footprints
    )
    frame = _existing_frame(
        broken, fp, "repair", np.array(["repair-" + k for k in camera_keys(broken)], dtype=object)
    )
    frame["group"] = ["repair:" + k for k in camera_keys(broken)]
    costs = cost_model.repair_costs(broken)
    for col in COST_COLUMNS:
        frame[col] = costs[col].to_numpy()
    frame["geometry"] = fp.geometry.to_numpy()
    return frame


def reaimable(cams: gpd.GeoDataFrame, owners: Sequence[str]) -> NDArray[np.bool_]:
    """Working cameras whose owner may be asked to re-aim them."""
    owner = cams["owner"] if "owner" in cams.columns else pd.Series(None, index=cams.index)
    return ((_statuses(cams) == "working") & owner.isin(list(owners))).to_numpy(dtype=bool)


def reaim_candidates(
    cams: gpd.GeoDataFrame,
    segments: gpd.GeoDataFrame,
    *,
    lines: pd.DataFrame,
    fixed_headings: NDArray[np.float64] | None,
    owners: Sequence[str],
    cost_model: CostModel,
    level: str,
    buildings: Any,
    footprints: gpd.GeoDataFrame | None,
) -> pd.DataFrame:
    """Re-aim candidates: working directional cameras of ``owners`` turned to new headings.

    The arguments are those of :func:`repair_candidates`, and ``lines`` (the road lines of
    :func:`cctvgeo.planning.sites.road_lines`), ``fixed_headings`` (the headings to try, or
    None for both ways along the roads at the camera) and ``owners`` (who may be asked).
    A turn of at most 22.5 degrees is the current view, not a re-aim.

    Returns
    -------
    DataFrame
        Candidate rows (``kind`` "re-aim", group ``camera:<camera>``) with ``geometry``.
    """
    from cctvgeo.coverage import fields_of_view

    require_projected(cams, "cams")
    sub = cams[reaimable(cams, owners)]
    if sub.empty:
        return pd.DataFrame()
    now = camera_footprints(
        sub, level=level, buildings=buildings, roads=segments, footprints=footprints
    )
    sector = (now["shape"] == "sector").to_numpy() & now["heading_deg"].notna().to_numpy()
    sub, now = sub[sector], now[sector]
    if sub.empty:
        return pd.DataFrame()
    pts = np.asarray(sub.geometry.array, dtype=object)
    hp, hh, hsrc = headings_for(pts, lines, fixed_headings)
    current = now["heading_deg"].to_numpy(dtype=np.float64)[hp]
    turn = np.abs(np.mod(hh - current + 180.0, 360.0) - 180.0)
    keep = turn > _MIN_TURN_DEG
    hp, hh, hsrc = hp[keep], hh[keep], hsrc[keep]
    if hp.size == 0:
        return pd.DataFrame()
    turned = sub.iloc[hp].copy()
    turned["heading_deg"] = hh
    turned["sweep_deg"] = np.nan
    fp = fields_of_view(turned, level=level, buildings=buildings, roads=segments)
    keys = camera_keys(turned)
    head_txt = heading_text(hh)
    frame = _existing_frame(
        turned,
        fp,
        "re-aim",
        np.array([f"reaim-{k}-{h}" for k, h in zip(keys, head_txt, strict=True)], dtype=object),
    )
    frame["heading_source"] = hsrc
    costs = cost_model.reaim_costs(turned.index)
    for col in COST_COLUMNS:
        frame[col] = costs[col].to_numpy()
    frame["geometry"] = fp.geometry.to_numpy()
    return frame
