"""The pipeline behind ``cctvgeo demo``, ``plan``, ``map`` and ``report``.

One step per stage, each reading the inputs a :class:`~cctvgeo.cli.config.PlanConfig`
names and passing its results on in :class:`_Results`, so that each is computed once:
survey -> roads -> footprints -> coverage -> risk points -> requests -> escape routes ->
districts -> plan -> map -> dashboard. Steps whose inputs or outputs are not asked for are
left out (:func:`_steps`).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cctvgeo._errors import CctvgeoError

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Callable

    import geopandas as gpd

    from cctvgeo._validate import ValidationReport
    from cctvgeo.cli.config import InputFile, PlanConfig


def write_survey_outputs(
    cams: gpd.GeoDataFrame, report: ValidationReport, out: Path, stem: str, *, lang: str
) -> list[Path]:
    """Write the cleaned cameras (GeoPackage), the validation report (HTML) and its problems (CSV).

    The report's page and the problems' messages and fixes are in ``lang``.
    """
    from cctvgeo import inventory
    from cctvgeo._write import atomic_path, write_csv

    paths = [
        out / f"{stem}_cameras.gpkg",
        out / f"{stem}_validation.html",
        out / f"{stem}_problems.csv",
    ]
    inventory.write_cameras(cams, paths[0])
    with atomic_path(paths[1]) as tmp:
        tmp.write_text(report.to_html(lang), encoding="utf-8")
    with atomic_path(paths[2]) as tmp:
        write_csv(report.to_frame(lang), tmp)
    return paths


@dataclass
class _Results:
    """What the pipeline has made so far."""

    wanted: set[str] = field(default_factory=set)
    reports: list[ValidationReport] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    cameras: Any = None
    roads: Any = None
    segments: Any = None
    footprints: Any = None
    request_footprints: Any = None
    coverage: Any = None
    gaps: Any = None
    risk_points: Any = None
    requests: Any = None
    hotspots: Any = None
    routes: Any = None
    districts: Any = None
    buildings: Any = None
    demand: Any = None
    plan: Any = None
    linkage: Any = None
    pack: Any = None


def run(cfg: PlanConfig, out: Path, *, quiet: bool, only: set[str] | None) -> int:
    """Run the pipeline of ``cfg`` into ``out``; return the number of errors in the inputs."""
    from tqdm import tqdm

    wanted = {k for k, v in cfg.outputs.items() if v} if only is None else set(only)
    out.mkdir(parents=True, exist_ok=True)
    steps = _steps(cfg, wanted)
    res = _Results(wanted=wanted)
    with tqdm(total=len(steps), disable=quiet, unit="step", file=sys.stderr, leave=False) as bar:
        try:
            for label, step in steps:
                bar.set_description(label)
                step(cfg, res, out)
                bar.update()
        except BaseException:
            if res.pack is not None:  # a step failed while the pack was being written
                res.pack.cancel()
            raise
    errors = sum(len(r.errors) for r in res.reports)
    for report in res.reports:
        print(report.summary(), file=sys.stderr)
    if not quiet:
        for path in res.written:
            print(f"  wrote {path}", file=sys.stderr)
    print(f"cctvgeo: {len(res.written)} files written to {out.resolve()}", file=sys.stderr)
    return errors


def _steps(cfg: PlanConfig, wanted: set[str]) -> list[tuple[str, Any]]:
    steps: list[tuple[str, Any]] = [("survey", _step_survey), ("roads", _step_roads)]
    steps += [("footprints", _step_footprints), ("coverage", _step_coverage)]
    if cfg.risk_points is not None:
        steps.append(("risk points", _step_risk_points))
    if cfg.requests is not None:
        steps.append(("requests", _step_requests))
    if cfg.escape_routes is not None or cfg.origins:
        steps.append(("escape routes", _step_routes))
    if cfg.districts is not None:
        steps.append(("districts", _step_districts))
    if cfg.has_plan:
        steps.append(("plan", _step_plan))
    pack = "proposals" in wanted and cfg.has_plan
    if pack:  # its other processes write it while this one draws the map and the dashboard
        from cctvgeo.pack._step import finish_proposals, start_proposals

        steps.append(("proposals", start_proposals))
    if "map" in wanted:
        steps.append(("map", _step_map))
    if "dashboard" in wanted:
        steps.append(("dashboard", _step_dashboard))
    if pack:
        steps.append(("proposals", finish_proposals))
    return steps


_GIS_FIX = "save it as a GeoPackage, GeoJSON or shapefile of features with geometries"
_CRS_FIX = ", or name it with crs: beside the file's path in the configuration"
#: Geometry types of each kind of GIS input.
_KINDS = {
    "lines": frozenset({"LineString", "MultiLineString"}),
    "polygons": frozenset({"Polygon", "MultiPolygon"}),
}


def read_gis(
    source: InputFile, what: str, *, kind: str | None = None, crs_fix: str = _CRS_FIX
) -> gpd.GeoDataFrame:
    """A GIS file as a GeoDataFrame with a CRS (``source.crs`` when the file has none).

    With ``kind`` (``"lines"``, ``"polygons"``), it must hold geometries of that kind only.
    """
    import geopandas as gpd

    try:
        frame = gpd.read_file(source.path, layer=source.layer)
    except Exception as exc:  # GDAL raises many types; the message names the file
        raise CctvgeoError(f"{what}: {source} could not be read: {exc}; {_GIS_FIX}.") from None
    if not isinstance(frame, gpd.GeoDataFrame):
        raise CctvgeoError(f"{what}: {source} has no geometries; {_GIS_FIX}.")
    if frame.crs is None and source.crs is not None:
        frame = frame.set_crs(source.crs)
    if frame.crs is None:
        raise CctvgeoError(
            f"{what}: {source} has no CRS; save it with one (EPSG:4326 or UTM){crs_fix}."
        )
    if kind is not None:
        _check_kinds(frame, kind, what, source)
    return frame


def _check_kinds(frame: gpd.GeoDataFrame, kind: str, what: str, source: object) -> None:
    """Raise unless ``frame`` has geometries, all of ``kind`` (``"lines"``, ``"polygons"``)."""
    found = set(frame.geometry.geom_type.dropna())
    if not found:
        raise CctvgeoError(f"{what}: {source} has no {kind}; give a file of {kind}.")
    wrong = found - _KINDS[kind]
    if wrong:
        raise CctvgeoError(
            f"{what}: {source} must hold {kind}, not {', '.join(sorted(wrong))}; "
            f"give a file of {kind}."
        )


def _table_source(source: InputFile, what: str) -> tuple[Any, dict[str, Any]]:
    """A reader's source and its ``sheet=`` and ``crs=`` (a GIS layer is read here)."""
    if source.url is not None:  # a camera store on a server
        return source.url, {}
    if source.layer:
        return read_gis(source, what), {}
    return source.path, {"sheet": source.sheet, "crs": source.crs}


def _metric(frame: gpd.GeoDataFrame, crs: Any) -> gpd.GeoDataFrame:
    return frame if frame.crs.equals(crs) else frame.to_crs(crs)


def _step_survey(cfg: PlanConfig, res: _Results, out: Path) -> None:
    from cctvgeo import inventory
    from cctvgeo.cli import db
    from cctvgeo.crs import project

    source, options = _table_source(cfg.cameras, "inputs.cameras")
    if db.is_store_input(source):
        cams, report = db.read_store_cameras(source, cfg.cameras.path.name)
    else:
        cams, report = inventory.read_cameras(source, errors="report", **options)
    report.source = cfg.cameras.path.name
    res.reports.append(report)
    if len(cams) == 0:
        raise CctvgeoError(f"inputs.cameras: no usable camera in {cfg.cameras}: {report.summary()}")
    res.cameras = project(cams)
    if "gpkg" in res.wanted:
        res.written += write_survey_outputs(cams, report, out, cfg.cameras.path.stem, lang=cfg.lang)


def _step_roads(cfg: PlanConfig, res: _Results, out: Path) -> None:
    del out
    path = cfg.roads.path
    if path.suffix.lower() == ".graphml":
        import osmnx as ox

        from cctvgeo._roads import graph_edges

        graph = ox.load_graphml(path)
        if not graph.graph.get("crs") or not _is_projected(graph.graph["crs"]):
            graph = ox.project_graph(graph, to_crs=res.cameras.crs)
        roads: Any = graph_edges(graph)
    else:
        roads = read_gis(cfg.roads, "inputs.roads")
        if {"u", "v", "key"} <= set(roads.columns):  # an osmnx edge table saved to a file
            roads = roads.set_index(["u", "v", "key"])
    _check_kinds(roads, "lines", "inputs.roads", cfg.roads)
    res.roads = _metric(roads, res.cameras.crs)


def _is_projected(crs: Any) -> bool:
    from pyproj import CRS

    return bool(CRS.from_user_input(crs).is_projected)


def _step_footprints(cfg: PlanConfig, res: _Results, out: Path) -> None:
    """Every camera's field of view, once per level the pipeline uses, with the buildings."""
    from cctvgeo import settings
    from cctvgeo.coverage import fields_of_view
    from cctvgeo.coverage.dori import LEVEL_INDEX_NAME

    del out
    if cfg.buildings is not None:
        buildings = read_gis(cfg.buildings, "inputs.buildings", kind="polygons")
        res.buildings = _metric(buildings, res.cameras.crs)
    levels = [cfg.level]
    if cfg.requests is not None and settings.request_coverage_level != cfg.level:
        levels.append(settings.request_coverage_level)
    views = fields_of_view(res.cameras, levels=levels, roads=res.roads, buildings=res.buildings)
    by_level = {level: views.xs(level, level=LEVEL_INDEX_NAME) for level in levels}
    res.footprints = by_level[cfg.level]
    res.request_footprints = by_level[levels[-1]]


def _step_coverage(cfg: PlanConfig, res: _Results, out: Path) -> None:
    from cctvgeo.coverage import road_coverage, road_segments

    del out
    segments = road_segments(res.roads, max_length=cfg.max_length)
    res.segments = segments
    res.coverage = road_coverage(segments, res.footprints)


def _read_located_rows(
    file: InputFile, key: str, reader: Callable[..., Any], res: _Results
) -> gpd.GeoDataFrame:
    """Read a table of located rows with ``reader``, keep its report, return it in metres."""
    source, options = _table_source(file, key)
    frame, report = reader(source, errors="report", **options)
    report.source = file.path.name
    res.reports.append(report)
    return _metric(frame, res.cameras.crs)


def _step_risk_points(cfg: PlanConfig, res: _Results, out: Path) -> None:
    from cctvgeo.riskpoints import read_risk_points

    del out
    assert cfg.risk_points is not None
    res.risk_points = _read_located_rows(
        cfg.risk_points, "inputs.risk_points", read_risk_points, res
    )


def _step_requests(cfg: PlanConfig, res: _Results, out: Path) -> None:
    from cctvgeo.riskpoints import read_access_requests, request_hotspots

    del out
    assert cfg.requests is not None
    res.requests = _read_located_rows(cfg.requests, "inputs.requests", read_access_requests, res)
    res.hotspots = request_hotspots(res.requests, res.cameras, footprints=res.request_footprints)


def _step_routes(cfg: PlanConfig, res: _Results, out: Path) -> None:
    import pandas as pd

    from cctvgeo.riskpoints import escape_routes, read_escape_routes

    del out
    parts = []
    if cfg.escape_routes is not None:
        drawn = read_gis(cfg.escape_routes, "inputs.escape_routes")
        parts.append(read_escape_routes(drawn, res.roads))
    if cfg.origins:
        assert res.risk_points is not None  # parse_config requires it with routes.origins
        origins = res.risk_points[res.risk_points["category"].isin(cfg.origins)]
        if len(origins):
            parts.append(escape_routes(res.roads, origins, k=cfg.k))
    if parts:
        import geopandas as gpd

        keep = ["route_id", "name", "length_m", "geometry"]
        frames = [p[[c for c in keep if c in p.columns]] for p in parts]
        res.routes = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=res.cameras.crs)


def _step_districts(cfg: PlanConfig, res: _Results, out: Path) -> None:
    del out
    assert cfg.districts is not None
    res.districts = read_gis(cfg.districts, "inputs.districts", kind="polygons")


def _step_plan(cfg: PlanConfig, res: _Results, out: Path) -> None:
    from cctvgeo import planning
    from cctvgeo.riskpoints import demand

    res.demand = demand(
        res.segments,
        risk_points=res.risk_points,
        hotspots=res.hotspots,
        routes=res.routes,
        factors=dict(cfg.factors) or None,
    )
    cost_model = (
        planning.CostModel.from_yaml(cfg.cost_model.path) if cfg.cost_model is not None else None
    )
    candidates = planning.candidate_sites(
        res.segments,
        risk_points=res.risk_points,
        cams=res.cameras,
        buildings=res.buildings,
        headings=cfg.headings,
        spacing=cfg.spacing,
        cost_model=cost_model,
        level=cfg.level,
        footprints=res.footprints,
    )
    res.plan = planning.plan(
        res.demand,
        candidates,
        annual_budgets=list(cfg.annual_budgets),
        cams=res.cameras,
        method=cfg.method,  # type: ignore[arg-type]
        level=cfg.level,
        buildings=res.buildings,
        footprints=res.footprints,
    )
    districts_cols = () if res.districts is None else res.districts.columns
    res.linkage = planning.select_for_linkage(
        res.cameras,
        res.demand,
        districts=None if res.districts is None else _metric(res.districts, res.cameras.crs),
        district_column="name_th" if cfg.lang == "th" and "name_th" in districts_cols else None,
        level=cfg.level,
        buildings=res.buildings,
        footprints=res.footprints,
    )
    if "excel" in res.wanted:
        res.written.append(res.plan.to_excel(out / "plan.xlsx", lang=cfg.lang))
    if "gpkg" in res.wanted:
        res.written.append(res.plan.to_file(out / "plan.gpkg"))


def _step_map(cfg: PlanConfig, res: _Results, out: Path) -> None:
    from cctvgeo import maps

    common: dict[str, Any] = {
        "cameras": res.cameras,
        "coverage": res.coverage,
        "footprints": res.footprints,
        "risk_points": res.risk_points,
        "hotspots": res.hotspots,
        "routes": res.routes,
        "districts": res.districts,
        "lang": cfg.lang,
    }
    if res.plan is not None:
        m = maps.plan_map(res.plan, **common, level=cfg.level, title=cfg.title)
    else:
        m = maps.coverage_map(**common, level=cfg.level, title=cfg.title)
    res.written.append(maps.save_map(m, out / "map.html"))


def _step_dashboard(cfg: PlanConfig, res: _Results, out: Path) -> None:
    from cctvgeo import report

    d = report.dashboard(
        res.cameras,
        risk_points=res.risk_points,
        requests=res.requests,
        plan=res.plan,
        problems=res.reports,
        linkage=res.linkage,
        lang=cfg.lang,  # type: ignore[arg-type]
        title=cfg.title,
    )
    res.written.append(d.to_html(out / "dashboard.html"))
    res.written.append(d.to_excel(out / "dashboard.xlsx"))
