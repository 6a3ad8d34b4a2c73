"""``cctvgeo db``: create a camera store, import a survey round, list the changes between rounds.

``cctvgeo db init URL``
    Create the store's tables (a ``.gpkg`` path or a ``postgresql://`` URL); safe to repeat.
``cctvgeo db import URL SURVEY --round 2567 [--province NAME] [--errors report|raise]``
    Import a survey as one round. With ``report`` (the default) the usable rows are stored
    and every problem is stored with its row (exit 1 when there are errors); with ``raise``
    nothing is stored when there is any error (exit 1).
``cctvgeo db changes URL 2566 2567 [--province NAME] [--out FILE.csv]``
    Cameras that appeared, disappeared, broke or were repaired between two rounds, as CSV
    (to standard output, or to ``--out``).

A password in the URL is never printed: messages name the store with ``***`` instead.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

    from cctvgeo._validate import ValidationReport

#: The exit codes of ``cctvgeo`` (:mod:`cctvgeo.cli`) that the db commands use.
EXIT_OK, EXIT_DATA_ERRORS = 0, 1


def add_parser(sub: Any) -> None:
    """Add ``db`` and its sub-commands to the ``cctvgeo`` parser's sub-parsers."""
    db = sub.add_parser("db", help="the camera store: init, import a survey round, changes")
    cmds = db.add_subparsers(required=True, metavar="DB_COMMAND")
    init = cmds.add_parser("init", help="create the store's tables (safe to repeat)")
    init.add_argument("url", help="inventory.gpkg or postgresql://user@host/database")
    init.set_defaults(run=_init)
    imp = cmds.add_parser("import", help="import a camera survey as one round")
    imp.add_argument("url", help="the store")
    imp.add_argument("survey", type=Path, help="survey: .xlsx, .csv, .gpkg, .geojson, ...")
    imp.add_argument("--round", type=int, required=True, help="survey round, e.g. 2567")
    imp.add_argument("--province", default="", help="the province the survey is from")
    imp.add_argument(
        "--errors",
        choices=("report", "raise"),
        default="report",
        help="report: store the usable rows and the problems (default); raise: store nothing on any error",
    )
    imp.add_argument("--quiet", action="store_true", help="print only the summary line")
    imp.set_defaults(run=_import)
    changes = cmds.add_parser(
        "changes", help="cameras that appeared, disappeared, broke, were repaired"
    )
    changes.add_argument("url", help="the store")
    changes.add_argument("round_a", type=int, help="the earlier round")
    changes.add_argument("round_b", type=int, help="the later round")
    changes.add_argument("--province", default=None, help="one province (all by default)")
    changes.add_argument("--out", type=Path, default=None, help="write the CSV here")
    changes.set_defaults(run=_changes)


def _init(args: argparse.Namespace) -> int:
    from cctvgeo import store

    db = store.open(args.url)
    db.init()
    print(f"{db.url}: schema version {db.schema_version}", file=sys.stderr)
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from cctvgeo import store
    from cctvgeo._errors import ValidationError

    db = store.open(args.url)
    try:
        report = db.import_survey(
            args.survey, round=args.round, province=args.province, errors=args.errors
        )
    except ValidationError as exc:
        print(exc.report.digest() if not args.quiet else exc.report.summary(), file=sys.stderr)
        print(f"{db.url}: nothing imported (--errors raise).", file=sys.stderr)
        return EXIT_DATA_ERRORS
    print(report.digest() if not args.quiet else report.summary(), file=sys.stderr)
    print(
        f"{db.url}: round {args.round} imported ({report.n_rows - len(report.dropped_rows)} cameras"
        f", {len(report)} problems stored).",
        file=sys.stderr,
    )
    return EXIT_OK if report.ok else EXIT_DATA_ERRORS


def _changes(args: argparse.Namespace) -> int:
    from cctvgeo import store
    from cctvgeo._write import atomic_path, write_csv

    db = store.open(args.url)
    table = db.changes(args.round_a, args.round_b, province=args.province)
    counts = table["change"].value_counts()
    print(
        f"{db.url}: {args.round_a} -> {args.round_b}: "
        + ", ".join(f"{counts.get(c, 0)} {c}" for c in store.CHANGES),
        file=sys.stderr,
    )
    if args.out is None:
        write_csv(table, sys.stdout)
    else:
        with atomic_path(args.out) as tmp:
            write_csv(table, tmp)
    return EXIT_OK


def read_store_cameras(source: str | Path, name: str) -> tuple[gpd.GeoDataFrame, ValidationReport]:
    """The cameras of a store named in a configuration, with a report for the pipeline."""
    from cctvgeo import inventory, store

    cams = store.open(source).cameras()
    report = inventory.validate_cameras(cams)
    report.source, report.n_rows = name, len(cams)
    return cams, report


def is_store_input(source: object) -> bool:
    """True when a configuration's camera input is a store (a URL, or a store's GeoPackage)."""
    from cctvgeo import store

    if not isinstance(source, str | os.PathLike):
        return False
    if not store.is_store_url(source) and Path(source).suffix.lower() != ".gpkg":
        return False  # a spreadsheet or another GIS file: no need to look inside
    return store.is_store(source)
