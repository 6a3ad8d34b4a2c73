"""One province's pipeline, as plain functions (no Dask).

:func:`run_province` takes one province's cameras, roads and optional risk points,
request log and budget, and computes, each result once and passed on:

* the cameras by status and linkage;
* their fields of view (:func:`cctvgeo.coverage.fields_of_view`) and the road coverage
  (:func:`cctvgeo.coverage.road_coverage`), then the gaps;
* the 20 % linkage selection (:func:`cctvgeo.planning.select_for_linkage`, by the greedy
  with its guarantee: the exact MILP of ``method="auto"`` takes minutes on a Bangkok-sized
  province) and the repair priorities (:func:`cctvgeo.planning.repair_priorities`), on the
  same footprints;
* a plan for the province's budget (:func:`cctvgeo.planning.plan`), when one is given.

It returns a small :class:`ProvinceOutcome` (the province's row of the national table) and,
given a folder, writes the detailed frames there for :func:`load_result`.

The pipeline is split in three steps so that a large province (Bangkok) can measure its
road coverage in spatial chunks on several workers: :func:`prepare`, then :func:`cover`
over :func:`road_chunks` (or all segments at once), then :func:`finish`. Road coverage is
per segment, and each chunk gets every footprint that touches its segments, so the chunks
put together equal the coverage measured in one piece.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from cctvgeo import settings
from cctvgeo._write import atomic_path

if TYPE_CHECKING:  # pragma: no cover
    from numpy.typing import NDArray

__all__ = [
    "REQUEST_COLUMNS",
    "ROW_COLUMNS",
    "Prepared",
    "ProvinceOutcome",
    "ProvinceResult",
    "ProvinceSpec",
    "cover",
    "failed",
    "finish",
    "load_result",
    "prepare",
    "road_chunks",
    "run_province",
]

#: The footage-request figures of a province's row (:func:`request_figures`).
REQUEST_COLUMNS = (
    "n_requests",
    "n_requests_footage_found",
    "n_requests_camera_broken",
    "n_requests_no_camera",
    "n_requests_retention_expired",
    "n_requests_denied",
    "request_success_share",
    "n_request_hotspots",
)
#: The columns of a province's row, in the order of ``NationalRollup.provinces``.
ROW_COLUMNS = (
    "pro_code",
    "name_th",
    "name_en",
    "region",
    "region_th",
    "status",
    "problem",
    "n_cameras",
    "n_working",
    "n_broken",
    "n_unknown_status",
    "n_linked",
    "broken_share",
    "road_km",
    "covered_km",
    "coverage_share",
    "gap_km",
    "n_linkage_selected",
    "n_repair_priorities",
    "repair_cost_thb",
    *REQUEST_COLUMNS,
    "budget_thb",
    "planned_spend_thb",
    "n_planned_sites",
    "coverage_share_after",
    "approval_level",
    "approval_level_th",
)
#: The camera counts of a row (zero for a province with no cameras).
CAMERA_COUNTS = ("n_cameras", "n_working", "n_broken", "n_unknown_status", "n_linked")
#: The detailed frames of a province, as files in its result folder.
RESULT_FRAMES = ("coverage", "gaps", "linkage", "repairs", "plan_sites", "plan_summary")


@dataclass(frozen=True)
class ProvinceSpec:
    """What identifies a province and how to run its pipeline (small and picklable).

    Attributes
    ----------
    pro_code, name_th, name_en, region, region_th : str
        The province's code (two digits), names and region.
    crs : str
        The province's metric CRS (its UTM zone, from its polygon), as WKT or a code.
    level : str
        The DORI level of the footprints.
    max_length, min_length : float
        Longest road segment (:func:`cctvgeo.coverage.road_segments`) and shortest gap
        (:func:`cctvgeo.coverage.coverage_gaps`), in metres.
    budget : float or None
        Baht for the province's plan; no plan when None.
    """

    pro_code: str
    name_th: str
    name_en: str
    region: str
    region_th: str
    crs: str
    level: str = "recognise"
    max_length: float = 20.0
    min_length: float = 50.0
    budget: float | None = None

    def row(self, status: str, problem: str = "") -> dict[str, Any]:
        """A row of the national table with this province's names, every figure missing."""
        row: dict[str, Any] = dict.fromkeys(ROW_COLUMNS, np.nan)
        row.update(
            pro_code=self.pro_code,
            name_th=self.name_th,
            name_en=self.name_en,
            region=self.region,
            region_th=self.region_th,
            status=status,
            problem=problem,
            budget_thb=np.nan if self.budget is None else float(self.budget),
            approval_level="",
            approval_level_th="",
        )
        return row


@dataclass(frozen=True)
class ProvinceOutcome:
    """One province's row of the national table, and the notes (warnings) of its run."""

    row: dict[str, Any]
    notes: tuple[str, ...] = ()


@dataclass
class ProvinceResult:
    """A province's detailed results, as :meth:`NationalRollup.result` loads them.

    Attributes
    ----------
    row : dict
        The province's row of the national table.
    coverage : GeoDataFrame
        Road segments with ``covered_m``, ``covered_share``, ``n_cameras`` (no
        ``covered_intervals``).
    gaps : GeoDataFrame
        :func:`cctvgeo.coverage.coverage_gaps`.
    linkage : GeoDataFrame
        The cameras with their linkage status (:class:`cctvgeo.planning.LinkageSelection`).
    repairs : GeoDataFrame
        :func:`cctvgeo.planning.repair_priorities`.
    plan_sites, plan_summary : DataFrame or None
        The plan's sites and summary, when the province had a budget.
    notes : list of str
        Warnings raised while the province ran.
    """

    row: dict[str, Any]
    coverage: gpd.GeoDataFrame
    gaps: gpd.GeoDataFrame
    linkage: gpd.GeoDataFrame
    repairs: gpd.GeoDataFrame
    plan_sites: pd.DataFrame | None = None
    plan_summary: pd.DataFrame | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class Prepared:
    """A province's inputs in its metric CRS, its road segments and its footprints.

    ``requests`` holds the figures of its footage-request log (:func:`request_figures`),
    empty when it has none.
    """

    spec: ProvinceSpec
    cameras: gpd.GeoDataFrame
    roads: gpd.GeoDataFrame
    segments: gpd.GeoDataFrame
    footprints: gpd.GeoDataFrame
    unknown: str
    risk_points: gpd.GeoDataFrame | None = None
    hotspots: gpd.GeoDataFrame | None = None
    requests: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def failed(spec: ProvinceSpec, reason: str) -> ProvinceOutcome:
    """The outcome of a province that could not run."""
    return ProvinceOutcome(spec.row("failed", reason))


class _Notes(warnings.catch_warnings):
    """Record the warnings of a step as notes instead of showing them."""

    def __init__(self, notes: list[str]) -> None:
        super().__init__(record=True)
        self.notes = notes

    def __enter__(self) -> Any:
        self.caught = super().__enter__()
        warnings.simplefilter("always")
        return self.caught

    def __exit__(self, *exc: Any) -> None:
        self.notes.extend(str(w.message) for w in self.caught or [])
        super().__exit__(*exc)


def prepare(
    spec: ProvinceSpec,
    cameras: gpd.GeoDataFrame,
    roads: gpd.GeoDataFrame,
    *,
    risk_points: gpd.GeoDataFrame | None = None,
    requests: gpd.GeoDataFrame | None = None,
) -> Prepared:
    """Project a province's inputs, cut its roads into segments and compute its footprints.

    Parameters
    ----------
    spec : ProvinceSpec
        The province.
    cameras : GeoDataFrame
        Its cameras (the columns :func:`cctvgeo.read_cameras` returns), any CRS.
    roads : GeoDataFrame
        Its road lines, any CRS.
    risk_points, requests : GeoDataFrame, optional
        Its risk points and footage-request log (already read), any CRS.

    Returns
    -------
    Prepared
    """
    from cctvgeo.coverage import fields_of_view, road_segments
    from cctvgeo.coverage.fov import LEVEL_INDEX_NAME
    from cctvgeo.crs import project

    notes: list[str] = []
    with _Notes(notes):
        cams = project(cameras, to_crs=spec.crs)
        lines = project(roads, to_crs=spec.crs)
        segments = road_segments(lines, max_length=spec.max_length)
        levels = [spec.level]
        if requests is not None and settings.request_coverage_level != spec.level:
            levels.append(settings.request_coverage_level)
        views = fields_of_view(cams, levels=levels, roads=lines)
        by_level = {lv: views.xs(lv, level=LEVEL_INDEX_NAME) for lv in levels}
        rp = None if risk_points is None else project(risk_points, to_crs=spec.crs)
        hotspots = None
        figures: dict[str, float] = {}
        if requests is not None:
            from cctvgeo.riskpoints import request_hotspots

            hotspots = request_hotspots(
                project(requests, to_crs=spec.crs), cams, footprints=by_level[levels[-1]]
            )
            figures = request_figures(requests, hotspots)
    return Prepared(
        spec=spec,
        cameras=cams,
        roads=lines,
        segments=segments,
        footprints=by_level[spec.level],
        unknown=_unknown_rule(cams),
        risk_points=rp,
        hotspots=hotspots,
        requests=figures,
        notes=notes,
    )


def request_figures(requests: pd.DataFrame, hotspots: gpd.GeoDataFrame) -> dict[str, float]:
    """A province's footage-request figures for its row of the national table.

    Parameters
    ----------
    requests : DataFrame
        Its request log (:func:`cctvgeo.riskpoints.read_access_requests`), every request
        counted, whether or not it names a camera.
    hotspots : GeoDataFrame
        :func:`cctvgeo.riskpoints.request_hotspots` of those requests.

    Returns
    -------
    dict
        ``n_requests``, ``n_requests_<outcome>`` for each outcome
        (:data:`cctvgeo.riskpoints.requests.OUTCOMES`; a request without an outcome counts
        only in ``n_requests``), ``request_success_share`` (footage found over the requests
        with an outcome; NaN when none has one) and ``n_request_hotspots``. A log without
        an ``outcome`` column gives NaN outcome counts (not computed), not zeros.

    Examples
    --------
    >>> import geopandas as gpd, pandas as pd
    >>> log = pd.DataFrame({"outcome": ["footage_found", "camera_broken", None, "footage_found"]})
    >>> f = request_figures(log, gpd.GeoDataFrame(geometry=[]))
    >>> f["n_requests"], f["n_requests_footage_found"], round(f["request_success_share"], 3)
    (4.0, 2.0, 0.667)
    >>> f = request_figures(pd.DataFrame({"camera_id": ["A"]}), gpd.GeoDataFrame(geometry=[]))
    >>> f["n_requests"], f["n_requests_footage_found"], f["request_success_share"]
    (1.0, nan, nan)
    """
    from cctvgeo.riskpoints.requests import OUTCOMES

    if "outcome" in requests.columns:
        counts = requests["outcome"].value_counts()
        figures = {f"n_requests_{o}": float(counts.get(o, 0)) for o in OUTCOMES}
    else:
        figures = dict.fromkeys((f"n_requests_{o}" for o in OUTCOMES), np.nan)
    known = sum(figures.values())
    found = figures["n_requests_footage_found"]
    return {
        "n_requests": float(len(requests)),
        **figures,
        "request_success_share": found / known if known else np.nan,
        "n_request_hotspots": float(len(hotspots)),
    }


def _unknown_rule(cams: gpd.GeoDataFrame) -> str:
    """How cameras of status "unknown" count, decided once for the whole province.

    The rule of :data:`cctvgeo.settings.coverage_unknown_status`; "auto" resolved on all the
    province's cameras, so that every chunk of a split province applies the same rule.
    """
    rule = settings.coverage_unknown_status
    if rule != "auto":
        return rule
    status = cams["status"] if "status" in cams.columns else pd.Series(None, index=cams.index)
    unknown = status.isna() | (status == "unknown")
    return "count" if bool(unknown.all()) else "exclude"


def road_chunks(segments: gpd.GeoDataFrame, n_chunks: int) -> list[NDArray[np.intp]]:
    """Split road segments into ``n_chunks`` spatial strips of about equal size.

    Strips run north-south: the segments sorted by the x of their midpoints (ties by
    position), then cut into equal counts.

    Parameters
    ----------
    segments : GeoDataFrame
        Road segments.
    n_chunks : int
        Number of strips (at least 1).

    Returns
    -------
    list of numpy.ndarray
        Positions of each strip's segments, ascending.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely import LineString
    >>> segs = gpd.GeoDataFrame(geometry=[LineString([(x, 0), (x + 1, 0)]) for x in (5, 0, 9, 2)])
    >>> [c.tolist() for c in road_chunks(segs, 2)]
    [[1, 3], [0, 2]]
    """
    lines = np.asarray(segments.geometry.array, dtype=object)
    mid_x = shapely.get_x(shapely.line_interpolate_point(lines, 0.5, normalized=True))
    order = np.lexsort((np.arange(len(lines)), mid_x))
    return [np.sort(part) for part in np.array_split(order, max(int(n_chunks), 1))]


def cover(prep: Prepared, positions: NDArray[np.intp] | None = None) -> gpd.GeoDataFrame:
    """Road coverage of the province's segments, or of the segments at ``positions``.

    Parameters
    ----------
    prep : Prepared
        From :func:`prepare`.
    positions : numpy.ndarray, optional
        Positions of the segments to measure (a chunk of :func:`road_chunks`); all when
        omitted. Only the footprints that touch these segments are measured: the others
        cover none of them.

    Returns
    -------
    GeoDataFrame
        :func:`cctvgeo.coverage.road_coverage` of those segments.

    Notes
    -----
    A chunk is measured against all the province's segments (the others get no footprint,
    so they cost little), so that each segment's figures are computed exactly as in one
    piece: :func:`~cctvgeo.coverage.road_coverage` merges the intervals of all segments on
    one axis, whose offsets depend on the segments before each one.
    """
    from cctvgeo.coverage import road_coverage

    footprints = prep.footprints
    if positions is None:
        return road_coverage(prep.segments, footprints, unknown=prep.unknown)
    polys = np.asarray(footprints.geometry.array, dtype=object)
    lines = np.asarray(prep.segments.geometry.array[positions], dtype=object)
    touching = np.unique(shapely.STRtree(polys).query(lines, predicate="intersects")[1])
    cov = road_coverage(prep.segments, footprints.iloc[touching], unknown=prep.unknown)
    return cov.iloc[positions]


def combine(prep: Prepared, parts: list[gpd.GeoDataFrame]) -> gpd.GeoDataFrame:
    """Put the coverage of the chunks of :func:`road_chunks` together, in segment order."""
    cov = pd.concat(parts)
    whole = cov.loc[prep.segments.index]
    whole.attrs = parts[0].attrs if parts else {}
    return whole


def finish(
    prep: Prepared, cov: gpd.GeoDataFrame, *, out_dir: Path | None = None
) -> ProvinceOutcome:
    """Gaps, linkage selection, repair priorities and plan from the coverage; the row.

    Parameters
    ----------
    prep : Prepared
        From :func:`prepare`.
    cov : GeoDataFrame
        :func:`cover` of all the province's segments (or :func:`combine` of its chunks).
    out_dir : Path, optional
        Folder for the detailed frames (in ``pro_code=XX``); not written when omitted.

    Returns
    -------
    ProvinceOutcome
    """
    from cctvgeo import planning
    from cctvgeo.coverage import coverage_gaps, coverage_matrix
    from cctvgeo.planning.existing import camera_footprints
    from cctvgeo.riskpoints import demand

    spec, cams, fp = prep.spec, prep.cameras, prep.footprints
    notes = list(prep.notes)
    with _Notes(notes):
        gaps = coverage_gaps(cov, min_length=spec.min_length, risk_points=prep.risk_points)
        dem = demand(prep.segments, risk_points=prep.risk_points, hotspots=prep.hotspots)
        every = camera_footprints(cams, level=spec.level, buildings=None, roads=None, footprints=fp)
        matrix = coverage_matrix(dem, every)  # once, for the linkage and the repairs
        linkage = planning.select_for_linkage(cams, dem, method="greedy", matrix=matrix)
        repairs = planning.repair_priorities(cams, dem, matrix=matrix)
        the_plan = None
        if spec.budget is not None:
            candidates = planning.candidate_sites(
                prep.segments,
                risk_points=prep.risk_points,
                cams=cams,
                level=spec.level,
                footprints=fp,
            )
            the_plan = planning.plan(
                dem,
                candidates,
                budget=spec.budget,
                cams=cams,
                method="greedy",
                level=spec.level,
                footprints=fp,
            )
    row = _row(prep, cov=cov, gaps=gaps, linkage=linkage, repairs=repairs, the_plan=the_plan)
    if out_dir is not None:
        frames = {
            "coverage": cov.drop(columns=["covered_intervals"]),
            "gaps": gaps,
            "linkage": linkage.cameras,
            "repairs": repairs,
            "plan_sites": None if the_plan is None else the_plan.sites,
            "plan_summary": None if the_plan is None else the_plan.summary(),
        }
        _write_result(Path(out_dir) / f"pro_code={spec.pro_code}", row, frames, notes)
    return ProvinceOutcome(row, tuple(notes))


def run_province(
    spec: ProvinceSpec,
    cameras: gpd.GeoDataFrame,
    roads: gpd.GeoDataFrame,
    *,
    risk_points: gpd.GeoDataFrame | None = None,
    requests: gpd.GeoDataFrame | None = None,
    out_dir: Path | None = None,
) -> ProvinceOutcome:
    """Run one province's whole pipeline in this process.

    Parameters
    ----------
    spec : ProvinceSpec
        The province.
    cameras, roads : GeoDataFrame
        Its cameras and road lines (any CRS).
    risk_points, requests : GeoDataFrame, optional
        Its risk points and request log.
    out_dir : Path, optional
        Folder for the detailed frames.

    Returns
    -------
    ProvinceOutcome
        Status "no cameras" (and every figure missing) when ``cameras`` is empty.
    """
    if len(cameras) == 0:
        row = spec.row("no cameras")
        row.update(dict.fromkeys(CAMERA_COUNTS, 0))
        return ProvinceOutcome(row)
    prep = prepare(spec, cameras, roads, risk_points=risk_points, requests=requests)
    return finish(prep, cover(prep), out_dir=out_dir)


def _row(
    prep: Prepared,
    *,
    cov: gpd.GeoDataFrame,
    gaps: gpd.GeoDataFrame,
    linkage: Any,
    repairs: gpd.GeoDataFrame,
    the_plan: Any,
) -> dict[str, Any]:
    """The province's row of the national table."""
    from cctvgeo.planning import approval_level

    cams = prep.cameras
    status = cams["status"].astype(object).where(cams["status"].notna(), "unknown")
    linked = (
        cams["linked"].astype("boolean").fillna(False)
        if "linked" in cams.columns
        else pd.Series(False, index=cams.index)
    )
    road_km = float(shapely.length(np.asarray(cov.geometry.array, dtype=object)).sum()) / 1000.0
    covered_km = float(cov["covered_m"].sum()) / 1000.0
    n = len(cams)
    n_broken = int(status.isin(settings.repairable_statuses).sum())
    row = prep.spec.row("complete")
    row.update(
        n_cameras=n,
        n_working=int((status == "working").sum()),
        n_broken=n_broken,
        n_unknown_status=int((status == "unknown").sum()),
        n_linked=int(linked.sum()),
        broken_share=n_broken / n,
        road_km=road_km,
        covered_km=covered_km,
        coverage_share=covered_km / road_km if road_km > 0 else 0.0,
        gap_km=float(gaps["length_m"].sum()) / 1000.0,
        n_linkage_selected=len(linkage.selected),
        n_repair_priorities=len(repairs),
        repair_cost_thb=float(repairs["repair_cost_thb"].sum()),
        **prep.requests,
    )
    if the_plan is not None:
        spend = float(the_plan.years["charged_thb"].sum())
        summary = the_plan.summary()
        roads = summary[(summary["section"] == "roads") & (summary["group"] == "all")]
        row.update(
            planned_spend_thb=spend,
            n_planned_sites=len(the_plan.sites),
            coverage_share_after=float(roads["after_share"].iloc[0]) if len(roads) else np.nan,
        )
        row["approval_level"], row["approval_level_th"] = approval_level(spend)
    return row


def _write_result(
    folder: Path, row: dict[str, Any], frames: dict[str, Any], notes: list[str]
) -> None:
    """Write a province's detailed frames and row into ``folder``, each file atomically."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in frames.items():
        if frame is None:
            continue
        with atomic_path(folder / f"{name}.parquet") as tmp:
            frame.to_parquet(tmp)
    with atomic_path(folder / "row.json") as tmp:
        tmp.write_text(
            json.dumps({"row": _plain(row), "notes": notes}, ensure_ascii=False, sort_keys=True),
            encoding="utf-8",
        )


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """A row with JSON values: missing numbers as None."""
    return {k: None if isinstance(v, float) and np.isnan(v) else v for k, v in row.items()}


def load_result(folder: Path) -> ProvinceResult:
    """Read the detailed results :func:`finish` wrote into a province's folder."""
    saved = json.loads((folder / "row.json").read_text(encoding="utf-8"))
    row = {k: np.nan if v is None else v for k, v in saved["row"].items()}
    frames: dict[str, Any] = {}
    for name in RESULT_FRAMES:
        path = folder / f"{name}.parquet"
        if not path.exists():
            frames[name] = None
        elif name.startswith("plan_summary"):
            frames[name] = pd.read_parquet(path)
        else:
            frames[name] = gpd.read_parquet(path)
    return ProvinceResult(row=row, notes=list(saved["notes"]), **frames)
