"""The ``cctvgeo`` command.

Commands
--------
``cctvgeo demo [--out DIR] [--quiet]``
    The whole pipeline on the bundled sample province.
``cctvgeo validate FILE [--out DIR] [--area FILE] [--sheet NAME] [--crs CRS] [--quiet]``
    Check a camera survey; list every problem with its row and column.
``cctvgeo plan CONFIG.yaml [--out DIR] [--quiet]``
    The pipeline on the inputs a YAML configuration names (``docs/cli.md``).
``cctvgeo map CONFIG.yaml [--out DIR] [--quiet]``
    Only the map of the same configuration.
``cctvgeo report CONFIG.yaml [--out DIR] [--quiet]``
    Only the dashboard (HTML and Excel) of the same configuration.
``cctvgeo national CONFIG.yaml [--out DIR] [--scheduler ADDRESS] [--workers N] [--quiet]``
    The national roll-up on Dask (``docs/national.md``; exit 4 when a province failed).

Exit codes
----------
0
    Done; the inputs had no errors (warnings allowed).
1
    Done, but an input (survey, risk points, request log) has errors: the reports list
    them, the outputs are made from the rows that could be used.
2
    Nothing done: the configuration is wrong, a file is missing or unreadable, or the
    command line is wrong. One message says what and how to fix it, never a traceback.
3
    Stopped by an internal error: a bug in cctvgeo, not a problem in the input. One
    message names it; ``--debug`` shows the traceback to report.
130
    Interrupted (Ctrl-C).

Messages and progress bars go to standard error; ``--quiet`` leaves only the summary and
errors. Every output is written atomically, and the same inputs give the same files.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from cctvgeo._errors import CctvgeoError

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

    from cctvgeo._config import InputFile, PlanConfig
    from cctvgeo._validate import ValidationReport

EXIT_OK, EXIT_DATA_ERRORS, EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130

#: The configuration of ``cctvgeo demo``: the bundled sample province, as a user would write
#: it in YAML (``docs/cli.md`` shows it).
DEMO_CONFIG: dict[str, Any] = {
    "title": "แผนกล้องโทรทัศน์วงจรปิด จังหวัดอ่างทอง (ตัวอย่าง)",
    "lang": "th",
    "inputs": {
        "cameras": "sample:angthong_survey.xlsx",
        "roads": {"path": "sample:angthong.gpkg", "layer": "road_edges"},
        "buildings": {"path": "sample:angthong.gpkg", "layer": "buildings"},
        "districts": {"path": "sample:angthong.gpkg", "layer": "districts"},
        "risk_points": "sample:angthong_risk_points.xlsx",
        "requests": "sample:angthong_requests.csv",
        "escape_routes": {"path": "sample:angthong.gpkg", "layer": "escape_routes"},
    },
    "coverage": {"level": "recognise", "segment_length_m": 20, "min_gap_m": 50},
    "routes": {"origins": ["crime_hotspot"], "per_origin": 1},
    "plan": {"budgets": [3_000_000, 2_000_000, 2_000_000], "method": "greedy", "headings": "road"},
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name; ``sys.argv[1:]`` by default.
    """
    args = _parser().parse_args(argv)
    try:
        with warnings.catch_warnings():
            warnings.showwarning = _show_warning
            code: int = args.run(args)
    except CctvgeoError as exc:
        print(f"cctvgeo: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as exc:
        print(f"cctvgeo: error: {_os_message(exc)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except MemoryError:
        print(
            "cctvgeo: error: not enough memory for these inputs; plan a smaller area or use "
            "a longer coverage.segment_length_m.",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("cctvgeo: interrupted; no file is left half-written.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        if getattr(args, "debug", False):
            raise
        ask = (
            "the traceback that the same command with --debug shows"
            if hasattr(args, "debug")  # the db commands have no --debug
            else "the command you ran"
        )
        print(
            f"cctvgeo: internal error: {type(exc).__name__}: {str(exc)[:500]}\n"
            f"This is a bug in cctvgeo, not a problem in your input. Please report it with {ask}.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
    return code


def _show_warning(  # noqa: PLR0917 - the signature warnings.showwarning calls
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    """Print a warning as one line for the user, without Python's file and source line."""
    print(f"cctvgeo: warning: {message}", file=sys.stderr)


def _os_message(exc: OSError) -> str:
    """A file-system error with the file and a fix (an open workbook locks it on Windows)."""
    if exc.filename is None:
        return str(exc)
    return (
        f"{exc.filename}: {exc.strerror or exc}. Check that the folder exists and that you may "
        "read and write there, and close the file if Excel or another program has it open."
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cctvgeo",
        description="Plan CCTV coverage for a province (exit codes: 0 ok, 1 input errors, "
        "2 bad input, 3 internal error).",
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--quiet", action="store_true", help="no progress bars; only the summary")
    common.add_argument(
        "--debug", action="store_true", help="show the traceback of an internal error (exit 3)"
    )
    sub = parser.add_subparsers(required=True, metavar="COMMAND")
    demo = sub.add_parser(
        "demo", parents=[common], help="run the whole pipeline on the bundled sample province"
    )
    demo.add_argument(
        "--out", type=Path, default=Path("demo-output"), help="output folder (default: demo-output)"
    )
    demo.set_defaults(run=_demo)
    validate = sub.add_parser(
        "validate", parents=[common], help="check a camera survey and write a cleaned copy"
    )
    validate.add_argument(
        "file", type=Path, help="survey: .xlsx, .csv, .gpkg, .geojson, .shp or .osm"
    )
    validate.add_argument(
        "--out", type=Path, default=None, help="folder for the cleaned GeoPackage and the report"
    )
    validate.add_argument(
        "--area", type=Path, default=None, help="polygon file; cameras outside it are errors"
    )
    validate.add_argument(
        "--sheet",
        default=None,
        help="workbook sheet: its name, or its position (0 = the first sheet)",
    )
    validate.add_argument(
        "--crs",
        type=_crs_arg,
        default=None,
        help="CRS of coordinate columns that are not latitude/longitude, e.g. EPSG:32647",
    )
    validate.set_defaults(run=_validate)
    for name, what, outputs in (
        ("plan", "run the pipeline a YAML configuration describes", None),
        ("map", "write only the map of a configuration", {"map"}),
        ("report", "write only the dashboard (HTML and Excel) of a configuration", {"dashboard"}),
    ):
        cmd = sub.add_parser(name, parents=[common], help=what)
        cmd.add_argument("config", type=Path, help="the YAML configuration (docs/cli.md)")
        cmd.add_argument(
            "--out",
            type=Path,
            default=Path("cctvgeo-output"),
            help="output folder (default: cctvgeo-output)",
        )
        cmd.set_defaults(run=_config_command, only=outputs)
    from cctvgeo import _db_cli

    _db_cli.add_parser(sub)
    from cctvgeo.national import _cli as national_cli

    national_cli.add_parser(sub, common)
    return parser


# --------------------------------------------------------------------------- validate


def _crs_arg(text: str) -> str:
    """``--crs``: a CRS pyproj knows."""
    from cctvgeo._config import check_crs

    try:
        check_crs(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _validate(args: argparse.Namespace) -> int:
    from cctvgeo._config import InputFile, find_sheet

    area = _read_area(args.area) if args.area else None
    source = InputFile(
        args.file,
        sheet=None if args.sheet is None else find_sheet(args.file, args.sheet),
        crs=args.crs,
    )
    return _validate_survey(source, out=args.out, area=area, quiet=args.quiet)


def _validate_survey(source: InputFile, *, out: Path | None, area: object, quiet: bool) -> int:
    """Read and check one survey; write the cleaned cameras and the report when ``out`` is given."""
    from cctvgeo import inventory

    path = source.path
    cams, report = inventory.read_cameras(
        path, errors="report", area=area, sheet=source.sheet, crs=source.crs
    )
    print(report.digest() if not quiet else report.summary(), file=sys.stderr)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        _write_survey_outputs(cams, report, out, path.stem)
        if not quiet:
            print(
                f"Wrote {len(cams)} cameras to {out / f'{path.stem}_cameras.gpkg'} and the report to "
                f"{out / f'{path.stem}_validation.html'}",
                file=sys.stderr,
            )
    return EXIT_OK if report.ok else EXIT_DATA_ERRORS


def _write_survey_outputs(
    cams: gpd.GeoDataFrame, report: ValidationReport, out: Path, stem: str
) -> list[Path]:
    from cctvgeo import inventory
    from cctvgeo._write import atomic_path, write_csv

    paths = [
        out / f"{stem}_cameras.gpkg",
        out / f"{stem}_validation.html",
        out / f"{stem}_problems.csv",
    ]
    inventory.write_cameras(cams, paths[0])
    with atomic_path(paths[1]) as tmp:
        tmp.write_text(report.to_html(), encoding="utf-8")
    with atomic_path(paths[2]) as tmp:
        write_csv(report.to_frame(), tmp)
    return paths


def _read_area(path: Path) -> gpd.GeoDataFrame:
    from cctvgeo._config import InputFile

    if not path.exists():
        raise CctvgeoError(f"Area file not found: {path}")
    return _read_gis(InputFile(path), "--area", kind="polygons", crs_fix="")


# --------------------------------------------------------------------------- plan / map / report


def _demo(args: argparse.Namespace) -> int:
    from cctvgeo._config import parse_config

    cfg = parse_config(DEMO_CONFIG, base=Path.cwd())
    _run(cfg, args.out, quiet=args.quiet, only=None)
    # The sample survey has deliberate errors (listed in the report); the demo still succeeds.
    return EXIT_OK


def _config_command(args: argparse.Namespace) -> int:
    from cctvgeo._config import load_config

    cfg = load_config(args.config)
    return _run(cfg, args.out, quiet=args.quiet, only=args.only)


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


def _run(cfg: PlanConfig, out: Path, *, quiet: bool, only: set[str] | None) -> int:
    """Run the pipeline of ``cfg`` into ``out``; return the exit code (0 or 1)."""
    from tqdm import tqdm

    wanted = {k for k, v in cfg.outputs.items() if v} if only is None else set(only)
    out.mkdir(parents=True, exist_ok=True)
    steps = _steps(cfg, wanted)
    res = _Results(wanted=wanted)
    with tqdm(total=len(steps), disable=quiet, unit="step", file=sys.stderr, leave=False) as bar:
        for label, step in steps:
            bar.set_description(label)
            step(cfg, res, out)
            bar.update()
    errors = sum(len(r.errors) for r in res.reports)
    for report in res.reports:
        print(report.summary(), file=sys.stderr)
    if not quiet:
        for path in res.written:
            print(f"  wrote {path}", file=sys.stderr)
    print(f"cctvgeo: {len(res.written)} files written to {out.resolve()}", file=sys.stderr)
    return EXIT_DATA_ERRORS if errors else EXIT_OK


def _steps(cfg: PlanConfig, wanted: set[str]) -> list[tuple[str, Any]]:
    steps: list[tuple[str, Any]] = [("survey", _step_survey), ("roads", _step_roads)]
    steps += [("footprints", _step_footprints), ("coverage", _step_coverage)]
    if cfg.risk_points is not None:
        steps.append(("risk points", _step_risk_points))
    if cfg.requests is not None:
        steps.append(("requests", _step_requests))
    if cfg.escape_routes is not None or cfg.route_origins:
        steps.append(("escape routes", _step_routes))
    if cfg.districts is not None:
        steps.append(("districts", _step_districts))
    if cfg.has_plan:
        steps.append(("plan", _step_plan))
    if "map" in wanted:
        steps.append(("map", _step_map))
    if "dashboard" in wanted:
        steps.append(("dashboard", _step_dashboard))
    return steps


_GIS_FIX = "save it as a GeoPackage, GeoJSON or shapefile of features with geometries"
_CRS_FIX = ", or name it with crs: beside the file's path in the configuration"
#: Geometry types of each kind of GIS input.
_KINDS = {
    "lines": frozenset({"LineString", "MultiLineString"}),
    "polygons": frozenset({"Polygon", "MultiPolygon"}),
}


def _read_gis(
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
        return _read_gis(source, what), {}
    return source.path, {"sheet": source.sheet, "crs": source.crs}


def _metric(frame: gpd.GeoDataFrame, crs: Any) -> gpd.GeoDataFrame:
    return frame if frame.crs.equals(crs) else frame.to_crs(crs)


def _step_survey(cfg: PlanConfig, res: _Results, out: Path) -> None:
    from cctvgeo import _db_cli, inventory
    from cctvgeo.crs import project

    source, options = _table_source(cfg.cameras, "inputs.cameras")
    if _db_cli.is_store_input(source):
        cams, report = _db_cli.read_store_cameras(source, cfg.cameras.path.name)
    else:
        cams, report = inventory.read_cameras(source, errors="report", **options)
    report.source = cfg.cameras.path.name
    res.reports.append(report)
    if len(cams) == 0:
        raise CctvgeoError(f"inputs.cameras: no usable camera in {cfg.cameras}: {report.summary()}")
    res.cameras = project(cams)
    if "gpkg" in res.wanted:
        res.written += _write_survey_outputs(cams, report, out, cfg.cameras.path.stem)


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
        roads = _read_gis(cfg.roads, "inputs.roads")
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
    from cctvgeo.coverage.fov import LEVEL_INDEX_NAME

    del out
    if cfg.buildings is not None:
        buildings = _read_gis(cfg.buildings, "inputs.buildings", kind="polygons")
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
    segments = road_segments(res.roads, max_length=cfg.segment_length_m)
    res.segments = segments
    res.coverage = road_coverage(segments, res.footprints)


def _step_risk_points(cfg: PlanConfig, res: _Results, out: Path) -> None:
    from cctvgeo.riskpoints import read_risk_points

    del out
    assert cfg.risk_points is not None
    source, options = _table_source(cfg.risk_points, "inputs.risk_points")
    points, report = read_risk_points(source, errors="report", **options)
    report.source = cfg.risk_points.path.name
    res.reports.append(report)
    res.risk_points = _metric(points, res.cameras.crs)


def _step_requests(cfg: PlanConfig, res: _Results, out: Path) -> None:
    from cctvgeo.riskpoints import read_access_requests, request_hotspots

    del out
    assert cfg.requests is not None
    source, options = _table_source(cfg.requests, "inputs.requests")
    reqs, report = read_access_requests(source, errors="report", **options)
    report.source = cfg.requests.path.name
    res.reports.append(report)
    res.requests = _metric(reqs, res.cameras.crs)
    res.hotspots = request_hotspots(res.requests, res.cameras, footprints=res.request_footprints)


def _step_routes(cfg: PlanConfig, res: _Results, out: Path) -> None:
    import pandas as pd

    from cctvgeo.riskpoints import escape_routes, read_escape_routes

    del out
    parts = []
    if cfg.escape_routes is not None:
        drawn = _read_gis(cfg.escape_routes, "inputs.escape_routes")
        parts.append(read_escape_routes(drawn, res.roads))
    if cfg.route_origins:
        assert res.risk_points is not None  # parse_config requires it with routes.origins
        origins = res.risk_points[res.risk_points["category"].isin(cfg.route_origins)]
        if len(origins):
            parts.append(escape_routes(res.roads, origins, k=cfg.routes_per_origin))
    if parts:
        import geopandas as gpd

        keep = ["route_id", "name", "length_m", "geometry"]
        frames = [p[[c for c in keep if c in p.columns]] for p in parts]
        res.routes = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=res.cameras.crs)


def _step_districts(cfg: PlanConfig, res: _Results, out: Path) -> None:
    del out
    assert cfg.districts is not None
    res.districts = _read_gis(cfg.districts, "inputs.districts", kind="polygons")


def _step_plan(cfg: PlanConfig, res: _Results, out: Path) -> None:
    from cctvgeo import planning
    from cctvgeo.riskpoints import demand

    res.demand = demand(
        res.segments,
        risk_points=res.risk_points,
        hotspots=res.hotspots,
        routes=res.routes,
        weights=dict(cfg.weights) or None,
    )
    costs = planning.CostModel.from_yaml(cfg.costs.path) if cfg.costs is not None else None
    candidates = planning.candidate_sites(
        res.segments,
        risk_points=res.risk_points,
        cams=res.cameras,
        buildings=res.buildings,
        headings=cfg.headings,
        spacing=cfg.candidate_spacing_m,
        cost_model=costs,
        level=cfg.level,
        footprints=res.footprints,
    )
    res.plan = planning.plan(
        res.demand,
        candidates,
        annual_budgets=list(cfg.budgets),
        existing=res.cameras,
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
