"""The ``cctvgeo`` command.

Exit codes
----------
0
    Done; the input had no errors (warnings allowed).
1
    Done, but the survey has errors: the report lists them; cleaned outputs are written.
2
    Nothing done: a file is missing or unreadable, or the command line is wrong.

Every message goes to standard error; outputs are written atomically.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from cctvgeo._errors import CctvgeoError

EXIT_OK, EXIT_DATA_ERRORS, EXIT_BAD_INPUT = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name; ``sys.argv[1:]`` by default.
    """
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.run(args)
    except (CctvgeoError, OSError) as exc:
        print(f"cctvgeo: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return code


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cctvgeo",
        description="Plan CCTV coverage for a province (exit codes: 0 ok, 1 survey errors, 2 bad input).",
    )
    sub = parser.add_subparsers(required=True, metavar="COMMAND")
    demo = sub.add_parser("demo", help="run the pipeline on the bundled sample province")
    demo.add_argument(
        "--out", type=Path, default=Path("demo-output"), help="output folder (default: demo-output)"
    )
    demo.add_argument("--quiet", action="store_true", help="print only errors")
    demo.set_defaults(run=_demo)
    validate = sub.add_parser("validate", help="check a camera survey and write a cleaned copy")
    validate.add_argument(
        "file", type=Path, help="survey: .xlsx, .csv, .gpkg, .geojson, .shp or .osm"
    )
    validate.add_argument(
        "--out", type=Path, default=None, help="folder for the cleaned GeoPackage and the report"
    )
    validate.add_argument(
        "--area", type=Path, default=None, help="polygon file; cameras outside it are errors"
    )
    validate.add_argument("--quiet", action="store_true", help="print only the summary line")
    validate.set_defaults(run=_validate)
    return parser


def _validate(args: argparse.Namespace) -> int:
    area = _read_area(args.area) if args.area else None
    return _validate_survey(args.file, out=args.out, area=area, quiet=args.quiet)


def _demo(args: argparse.Namespace) -> int:
    from cctvgeo import datasets

    sample = datasets.load_sample()
    _validate_survey(sample.survey_path, out=args.out, area=None, quiet=args.quiet)
    if not args.quiet:
        print(f"Demo outputs are in {args.out.resolve()}", file=sys.stderr)
    return EXIT_OK


def _validate_survey(path: Path, *, out: Path | None, area: object, quiet: bool) -> int:
    """Read and check one survey; write the cleaned cameras and the report when ``out`` is given."""
    from cctvgeo import inventory
    from cctvgeo._io import atomic_path

    cams, report = inventory.read_cameras(path, errors="report", area=area)
    print(report.digest() if not quiet else report.summary(), file=sys.stderr)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        stem = path.stem
        inventory.write_cameras(cams, out / f"{stem}_cameras.gpkg")
        with atomic_path(out / f"{stem}_validation.html") as tmp:
            tmp.write_text(report.to_html(), encoding="utf-8")
        with atomic_path(out / f"{stem}_problems.csv") as tmp:
            report.to_frame().to_csv(tmp, index=False, encoding="utf-8-sig")
        if not quiet:
            print(
                f"Wrote {len(cams)} cameras to {out / f'{stem}_cameras.gpkg'} and the report to "
                f"{out / f'{stem}_validation.html'}",
                file=sys.stderr,
            )
    return EXIT_OK if report.ok else EXIT_DATA_ERRORS


def _read_area(path: Path) -> object:
    import geopandas as gpd

    if not path.exists():
        raise CctvgeoError(f"Area file not found: {path}")
    try:
        return gpd.read_file(path)
    except Exception as exc:  # GDAL raises many types; the message names the file
        raise CctvgeoError(f"{path.name} could not be read as a polygon file: {exc}") from None


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
