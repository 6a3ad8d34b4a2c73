"""Candidate cameras: sites x headings x camera models, plus repairs and re-aims.

Every candidate is a camera that *could* be paid for: a new camera at a site, looking one
way, of one catalogue model and lens; a repair of a broken camera; or a working camera
whose owner is asked to turn it (the police "jigsaw" practice with private cameras). Each
gets its footprint from :func:`cctvgeo.coverage.fields_of_view`, the same code that draws
the existing cameras, and its costs from :class:`cctvgeo.planning.CostModel`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd

from cctvgeo import settings
from cctvgeo._validate import Problem, ValidationReport, require_projected, require_same_crs
from cctvgeo.coverage.dori import chosen_level
from cctvgeo.planning.costs import COST_COLUMNS, CostModel
from cctvgeo.planning.existing import reaim_candidates, repair_candidates
from cctvgeo.planning.sites import SITE_SOURCES, find_sites, new_candidates, road_lines

if TYPE_CHECKING:  # pragma: no cover
    from numpy.typing import NDArray

__all__ = ["CANDIDATE_COLUMNS", "SITE_SOURCES", "candidate_sites", "plan_groupings"]

#: The columns of :func:`candidate_sites`' result, before ``geometry`` (the footprint).
CANDIDATE_COLUMNS = (
    "candidate_id",
    "kind",
    "site_id",
    "site_source",
    "site_name",
    "risk_point_ids",
    "camera_id",
    "owner",
    "status_before",
    "model_id",
    "model_name",
    "camera_type",
    "lens",
    "heading_deg",
    "heading_source",
    "hfov_deg",
    "resolution_px",
    "height_m",
    "tilt_deg",
    "has_pole",
    "site_x",
    "site_y",
    "group",
    "level",
    "far_m",
    "footprint_reason",
    *COST_COLUMNS,
)
_LENSES = ("wide", "narrow")


def candidate_sites(
    segments: gpd.GeoDataFrame,
    *,
    risk_points: gpd.GeoDataFrame | None = None,
    sites: gpd.GeoDataFrame | None = None,
    models: Sequence[str] | pd.DataFrame | None = None,
    headings: int | Sequence[float] | str = 8,
    spacing: float | None = None,
    buildings: gpd.GeoDataFrame | gpd.GeoSeries | None = None,
    cams: gpd.GeoDataFrame | None = None,
    lenses: Sequence[str] = _LENSES,
    cost_model: CostModel | None = None,
    level: str | None = None,
    junctions: bool = True,
    reaim_owners: Sequence[str] | None = None,
    footprints: gpd.GeoDataFrame | None = None,
) -> gpd.GeoDataFrame:
    """Build candidate cameras (new sites, repairs, re-aims) with footprints and costs.

    **Sites** come from four sources:

    * road junctions: nodes where three or more road lines meet (``junctions=True``);
    * points every ``spacing`` metres along each road line, if ``spacing`` is given;
    * near each risk point: the nearest road point within
      :data:`cctvgeo.settings.planning_risk_site_radius_m` and the road points
      :data:`cctvgeo.settings.planning_risk_site_offset_m` either side of it along the
      road, each also looking *at* the risk point;
    * ``sites`` given by the user (poles, buildings that agree to host a camera).

    Sites closer than :data:`cctvgeo.settings.planning_site_merge_m` are merged (the most
    specific source gives the position: user, risk point, junction, spacing). Generated
    sites inside a building are dropped (user sites are kept: a camera can be mounted on
    a building that agrees to host it).

    **Variants:** each site is crossed with the headings and with the camera models and
    lenses. Ring cameras (PTZ, panoramic) get one variant per site, with no heading.

    **Repairs and re-aims** (when ``cams`` is given): every camera whose status is in
    :data:`cctvgeo.settings.repairable_statuses` becomes a repair candidate with its own
    footprint; every working directional camera whose ``owner`` is in ``reaim_owners``
    gets one re-aim candidate per heading (other than its current one). A re-aim shares
    the group ``camera:<camera_id>`` with the camera's current view, which
    :func:`cctvgeo.planning.plan` adds, so a plan keeps the old view or takes one re-aim.

    Parameters
    ----------
    segments : GeoDataFrame
        Road lines in a projected CRS, usually :func:`cctvgeo.coverage.road_segments`
        (``edge_id``, ``start_m``, ``end_m``, ``edge_length`` and ``name`` are used when
        present; otherwise every row is one road line).
    risk_points : GeoDataFrame, optional
        Points in the same CRS (``point_id`` and ``name`` used when present).
    sites : GeoDataFrame, optional
        User sites: points in the same CRS; optional columns ``site_id``, ``name``,
        ``has_pole`` (default True: a pole or a wall to mount on).
    models : sequence of str or DataFrame, optional
        ``model_id`` values of :func:`cctvgeo.coverage.camera_models`, or a catalogue-like
        DataFrame. Default: every model of the catalogue.
    headings : int, sequence of float or "road", default 8
        ``n`` evenly spaced directions (clockwise from north, starting at 0), the given
        directions, or ``"road"``: both ways along each road through the site.
    spacing : float, optional
        Metres between sites along roads.
    buildings : GeoDataFrame or GeoSeries, optional
        Building polygons: footprints are occluded by them and generated sites inside one
        are dropped.
    cams : GeoDataFrame, optional
        The camera survey (:func:`cctvgeo.read_cameras`, projected), for repairs and re-aims.
    lenses : sequence of {"wide", "narrow"}, default both
        Lens settings of directional models: the widest (``hfov_max_deg``: wider, shorter
        reach) and the narrowest (``hfov_min_deg``: narrower, longer reach) view of the
        catalogue's lens or zoom range. Models with one field of view get one variant.
    cost_model : CostModel, optional
        Default :meth:`CostModel.default` (indicative figures).
    level : str, optional
        DORI level of the footprints; default :data:`cctvgeo.settings.planning_level`
        (:func:`cctvgeo.coverage.dori.chosen_level`).
    junctions : bool, default True
        Whether road junctions are sites.
    reaim_owners : sequence of str, optional
        Owners whose cameras may be re-aimed; default
        :data:`cctvgeo.settings.planning_reaim_owners` (``("private",)``).
    footprints : GeoDataFrame, optional
        The survey's fields of view at ``level``, computed before
        (:func:`cctvgeo.coverage.fields_of_view` of ``cams``, on its index): the current
        views of the cameras to repair or re-aim are taken from it instead of computed
        again.

    Returns
    -------
    GeoDataFrame
        One row per candidate on a new RangeIndex named ``candidate``, with
        :data:`CANDIDATE_COLUMNS` and the footprint as geometry, in the segments' CRS:
        ``kind`` is ``"new"``, ``"repair"`` or ``"re-aim"``; ``group`` holds the variants
        of one site and heading (cap 1 in a plan) and ``site_id`` the site (cap
        :data:`cctvgeo.settings.planning_max_per_site`); ``site_x``/``site_y`` are the
        camera position; the cost columns are those of :data:`cctvgeo.planning.COST_COLUMNS`.
        A candidate whose footprint is empty is kept, with ``footprint_reason`` saying why.

    Raises
    ------
    cctvgeo.CRSError
        A frame is not projected, or the frames are not in one CRS.
    cctvgeo.ValidationError
        Unknown models or lenses, bad headings or spacing, or user sites that are not points.

    Examples
    --------
    Two crossing streets and one risk point; 4 headings and one camera model:

    >>> import geopandas as gpd
    >>> from shapely import LineString, Point
    >>> roads = gpd.GeoDataFrame({"name": ["A", "A", "B", "B"]}, geometry=[
    ...     LineString([(-100, 0), (0, 0)]), LineString([(0, 0), (100, 0)]),
    ...     LineString([(0, -100), (0, 0)]), LineString([(0, 0), (0, 100)])], crs=32647)
    >>> rp = gpd.GeoDataFrame({"point_id": ["RP-1"], "name": ["market"]},
    ...     geometry=[Point(60, 8)], crs=32647)
    >>> cand = candidate_sites(roads, risk_points=rp, models=["fixed_2mp_bullet"],
    ...     headings=4, lenses=["wide"])
    >>> sorted(set(cand["site_source"]))
    ['junction', 'risk point']
    >>> cand.groupby("site_source").size().to_dict()
    {'junction': 4, 'risk point': 14}

    The junction has 4 headings. The risk point has 3 sites on road A: the nearest road
    point (60, 0), where the bearing to the point (0) is one of the 4 headings, and the
    points 25 m either side, which also look at the point (72 and 288 degrees):

    >>> sorted(cand.loc[cand["heading_source"] == "risk point", "heading_deg"].round().tolist())
    [72.0, 288.0]
    >>> int(cand["capital_thb"].iloc[0])
    46000
    """
    require_projected(segments, "segments")
    require_same_crs(
        segments=segments, risk_points=risk_points, sites=sites, buildings=buildings, cams=cams
    )
    cost_model = cost_model or CostModel.default()
    level = chosen_level(level)
    report = ValidationReport("candidate_sites")
    catalogue = _models(models, cost_model, report)
    fixed_headings = _heading_option(headings, report)
    if spacing is not None and not (isinstance(spacing, int | float) and spacing > 0):
        report.add(_problem("spacing", spacing, "spacing must be a positive number of metres."))
    for lens in lenses:
        if lens not in _LENSES:
            report.add(_problem("lenses", lens, "Unknown lens; use 'wide' and/or 'narrow'."))
    if sites is not None:
        bad = ~(sites.geometry.geom_type == "Point").to_numpy()
        for label in sites.index[bad]:
            report.add(
                Problem(label, "geometry", "", "A user site is not a point.", "Give point sites.")
            )
    report.raise_if_errors()

    lines = road_lines(segments)
    table = find_sites(
        lines,
        risk_points=risk_points,
        sites=sites,
        spacing=spacing,
        junctions=junctions,
        buildings=buildings,
    )
    parts = []
    if len(table):
        parts.append(
            new_candidates(
                table,
                lines,
                fixed_headings=fixed_headings,
                catalogue=catalogue,
                lenses=lenses,
                cost_model=cost_model,
                level=level,
                buildings=buildings,
                crs=segments.crs,
            )
        )
    if cams is not None and len(cams):
        parts.append(
            repair_candidates(
                cams,
                segments,
                cost_model=cost_model,
                level=level,
                buildings=buildings,
                footprints=footprints,
            )
        )
        owners = settings.planning_reaim_owners if reaim_owners is None else reaim_owners
        parts.append(
            reaim_candidates(
                cams,
                segments,
                lines=lines,
                fixed_headings=fixed_headings,
                owners=owners,
                cost_model=cost_model,
                level=level,
                buildings=buildings,
                footprints=footprints,
            )
        )
    parts = [p for p in parts if len(p)]
    if not parts:
        empty = gpd.GeoDataFrame(
            {c: pd.Series(dtype="object") for c in CANDIDATE_COLUMNS},
            geometry=gpd.GeoSeries([], crs=segments.crs),
            crs=segments.crs,
        )
        empty.index.name = "candidate"
        return empty
    out = pd.concat(parts, ignore_index=True)[[*CANDIDATE_COLUMNS, "geometry"]]
    out = gpd.GeoDataFrame(out, geometry="geometry", crs=segments.crs)
    out.index.name = "candidate"
    for col in CANDIDATE_COLUMNS:
        if out[col].dtype == object:
            out[col] = out[col].astype("str")
    return out


def plan_groupings(
    candidates: pd.DataFrame, max_per_site: int | None = None
) -> tuple[list[str], list[int]]:
    """The groupings a plan caps candidates by: the columns ``candidates`` has, and the caps.

    One candidate per site and heading (column ``group``, cap 1) and ``max_per_site``
    cameras per site (column ``site_id``); the one rule of :func:`cctvgeo.planning.plan`
    and :meth:`cctvgeo.planning.BudgetedCoverage.from_geodataframe`.

    Parameters
    ----------
    candidates : DataFrame
        Candidates, usually from :func:`candidate_sites`.
    max_per_site : int, optional
        Default :data:`cctvgeo.settings.planning_max_per_site`.

    Returns
    -------
    tuple of (list of str, list of int)
        Group columns and their caps.

    Examples
    --------
    >>> import pandas as pd
    >>> plan_groupings(pd.DataFrame(columns=["group", "site_id"]), 2)
    (['group', 'site_id'], [1, 2])
    """
    per_site = settings.planning_max_per_site if max_per_site is None else max_per_site
    caps = {"group": 1, "site_id": per_site}
    cols = [c for c in caps if c in candidates.columns]
    return cols, [caps[c] for c in cols]


def _problem(column: str, value: Any, message: str, fix: str = "See the docstring.") -> Problem:
    return Problem(None, column, "" if value is None else str(value), message, fix)


def _models(
    models: Sequence[str] | pd.DataFrame | None, cost_model: CostModel, report: ValidationReport
) -> pd.DataFrame:
    catalogue = cost_model.catalogue()
    if models is None:
        return catalogue.reset_index(drop=True)
    if isinstance(models, pd.DataFrame):
        need = {"model_id", "camera_type", "resolution_px", "hfov_min_deg", "hfov_max_deg"}
        need |= {"height_m", "tilt_deg", "price_thb", "install_thb"}
        need |= {"maintenance_thb_per_year", "power_w"}
        for col in sorted(need - set(models.columns)):
            report.add(
                _problem("models", col, f"models has no {col!r} column.", "See camera_models.csv.")
            )
        return models.reset_index(drop=True)
    wanted = list(models)
    known = set(catalogue["model_id"])
    for m in wanted:
        if m not in known:
            report.add(
                _problem(
                    "models", m, "Unknown model_id.", f"Use some of {', '.join(sorted(known))}."
                )
            )
    sel = catalogue.set_index("model_id").loc[[m for m in wanted if m in known]]
    return sel.reset_index()


def _heading_option(
    headings: int | Sequence[float] | str, report: ValidationReport
) -> NDArray[np.float64] | None:
    """Fixed directions, or None for "road"."""
    if isinstance(headings, str):
        if headings != "road":
            report.add(_problem("headings", headings, "Use a number, a list of degrees or 'road'."))
        return None
    if isinstance(headings, int | np.integer) and not isinstance(headings, bool):
        if headings < 1:
            report.add(_problem("headings", headings, "Give at least one heading."))
            return np.zeros(1)
        return np.arange(int(headings), dtype=np.float64) * (360.0 / int(headings))
    arr = np.asarray(headings, dtype=np.float64)
    if arr.ndim != 1 or arr.size == 0 or not np.isfinite(arr).all():
        report.add(_problem("headings", headings, "Headings must be finite degrees."))
        return np.zeros(1)
    return np.mod(arr, 360.0)
