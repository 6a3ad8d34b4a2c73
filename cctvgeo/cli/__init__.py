"""The ``cctvgeo`` command.

Commands
--------
``cctvgeo demo [--out DIR] [--quiet]``
    The whole pipeline on the bundled sample province.
``cctvgeo validate FILE [--out DIR] [--area FILE] [--sheet NAME] [--crs CRS] [--lang th|en] [--quiet]``
    Check a camera survey; list every problem with its row and column (in English, or in
    Thai with ``--lang th``).
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
import traceback
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from cctvgeo._compat import moved_attributes
from cctvgeo._errors import CctvgeoError

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

    from cctvgeo.cli.config import InputFile

EXIT_OK, EXIT_DATA_ERRORS, EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130

# Names documented here before the command became a package.
__getattr__ = moved_attributes(
    __name__, {"DEMO_CONFIG": "cctvgeo.cli.config", "FIXED_GPKG_DATE": "cctvgeo._write"}
)


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
            "a longer coverage.max_length.",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("cctvgeo: interrupted; no file is left half-written.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        if getattr(args, "debug", False):
            traceback.print_exc()  # shown, then the same exit 3: 1 means "inputs have errors"
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
    validate.add_argument(
        "--lang",
        choices=("th", "en"),
        default="en",
        help="language of the problems listed and of the report written (default: en)",
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
    from cctvgeo.cli import db

    db.add_parser(sub)
    from cctvgeo.national import _cli as national_cli

    national_cli.add_parser(sub, common)
    return parser


# --------------------------------------------------------------------------- validate


def _crs_arg(text: str) -> str:
    """``--crs``: a CRS pyproj knows."""
    from cctvgeo.cli.config import check_crs

    try:
        check_crs(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _validate(args: argparse.Namespace) -> int:
    from cctvgeo.cli.config import InputFile, find_sheet

    area = _read_area(args.area) if args.area else None
    source = InputFile(
        args.file,
        sheet=None if args.sheet is None else find_sheet(args.file, args.sheet),
        crs=args.crs,
    )
    return _validate_survey(source, out=args.out, area=area, quiet=args.quiet, lang=args.lang)


def _validate_survey(
    source: InputFile, *, out: Path | None, area: object, quiet: bool, lang: str
) -> int:
    """Read and check one survey; write the cleaned cameras and the report when ``out`` is given."""
    from cctvgeo import inventory
    from cctvgeo._i18n import text
    from cctvgeo.cli.pipeline import write_survey_outputs

    path = source.path
    cams, report = inventory.read_cameras(
        path, errors="report", area=area, sheet=source.sheet, crs=source.crs
    )
    print(report.digest(lang) if not quiet else report.summary(lang), file=sys.stderr)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        write_survey_outputs(cams, report, out, path.stem, lang=lang)
        if not quiet:
            cameras, page = (
                out / f"{path.stem}_{name}" for name in ("cameras.gpkg", "validation.html")
            )
            print(
                text("report_wrote", lang, n=len(cams), cameras=cameras, report=page),
                file=sys.stderr,
            )
    return EXIT_OK if report.ok else EXIT_DATA_ERRORS


def _read_area(path: Path) -> gpd.GeoDataFrame:
    from cctvgeo.cli.config import InputFile
    from cctvgeo.cli.pipeline import read_gis

    if not path.exists():
        raise CctvgeoError(f"Area file not found: {path}")
    return read_gis(InputFile(path), "--area", kind="polygons", crs_fix="")


# --------------------------------------------------------------------------- plan / map / report


def _demo(args: argparse.Namespace) -> int:
    from cctvgeo.cli.config import DEMO_CONFIG, parse_config
    from cctvgeo.cli.pipeline import run

    cfg = parse_config(DEMO_CONFIG, base=Path.cwd())
    run(cfg, args.out, quiet=args.quiet, only=None)
    # The sample survey has deliberate errors (listed in the report); the demo still succeeds.
    return EXIT_OK


def _config_command(args: argparse.Namespace) -> int:
    from cctvgeo.cli.config import load_config
    from cctvgeo.cli.pipeline import run

    cfg = load_config(args.config)
    errors = run(cfg, args.out, quiet=args.quiet, only=args.only)
    return EXIT_DATA_ERRORS if errors else EXIT_OK
