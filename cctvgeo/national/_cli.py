"""``cctvgeo national CONFIG.yaml``: the national roll-up from a YAML configuration.

The configuration (``docs/national.md``) names the national inputs, the coverage options,
the province budgets and the Dask cluster; it is checked whole before any work starts,
every problem reported at once (exit 2). The command writes, each file atomically and the
same bytes for the same inputs:

* ``provinces.csv`` / ``provinces.xlsx``: the national table, one row per province;
* ``regions.csv``, ``totals.csv``, ``problems.csv`` and ``unassigned.csv``;
* ``national_map.html``: the Folium choropleth of the provinces (``outputs.map``);
* ``national_dashboard.html`` / ``.xlsx``: the committee's five items by region and
  province (``outputs.dashboard``);
* ``provinces/pro_code=XX/``: each province's detailed results (GeoParquet).

Exit codes: 0 done; 1 done, but some cameras lie in no province (``unassigned.csv``);
2 bad configuration or input; 3 internal error; 4 partial: a province failed
(``problems.csv`` says which and why), the others are written.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from cctvgeo.national._rollup import NationalRollup

__all__ = ["EXIT_PARTIAL", "NationalConfig", "add_parser", "load_national_config"]

#: Exit code of a roll-up in which a province failed (the others are written).
EXIT_PARTIAL = 4
#: Exit code of a roll-up with cameras outside every province (they are listed).
EXIT_UNASSIGNED = 1
#: The province polygons shipped with cctvgeo, used when ``inputs.provinces`` is not given.
DEFAULT_PROVINCES = "sample:thailand_provinces.gpkg"


def _schema() -> dict[str, Any]:
    """The keys of a national configuration: section -> key -> check, as in ``cctvgeo plan``.

    Built on first use: the plan configuration's checks load pandas.
    """
    from cctvgeo.cli import config as _config

    dataset = _config._File(
        (),
        tables=False,
        fix="a GeoParquet dataset partitioned by pro_code or a folder of GeoPackages",
    )
    polygons = _config._File((), tables=False, fix="province polygons as a GeoPackage or GeoJSON")
    return {
        "title": _config.SCHEMA["title"],
        "lang": _config.SCHEMA["lang"],
        "inputs": {
            "provinces": polygons,
            "cameras": dataset,
            "roads": dataset,
            "risk_points": dataset,
            "requests": dataset,
        },
        "coverage": {  # the keywords of rollup()
            "level": _config.SCHEMA["coverage"]["level"],
            "max_length": _config.SCHEMA["coverage"]["max_length"],
            "min_length": _config._number(0, 100_000, unit=" m"),
        },
        "budgets": _config._mapping(_config._number(0, 1e12, unit=" baht", above=True), most=100),
        "dask": {
            "scheduler": _config._text(most=500),
            "n_workers": _config._integer(1, 4096),
            "memory_limit": _config._text(most=20),
            "split_cameras": _config._integer(100, 10_000_000),
        },
        "outputs": {
            "dir": _config._text(most=1000),
            "map": _config._boolean,
            "dashboard": _config._boolean,
        },
    }


_REQUIRED = (("inputs", "cameras"), ("inputs", "roads"))


@dataclass(frozen=True)
class NationalConfig:
    """A checked national configuration (``docs/national.md``)."""

    cameras: Path
    roads: Path
    provinces: Path
    risk_points: Path | None = None
    requests: Path | None = None
    title: str | None = None  # None: the map and the dashboard are titled in `lang`
    lang: str = "th"
    level: str = "recognise"
    max_length: float = 20.0
    min_length: float = 50.0
    budgets: dict[str, float] = field(default_factory=dict)
    scheduler: str | None = None
    n_workers: int | None = None
    memory_limit: str = "auto"
    split_cameras: int = 20_000
    out_dir: Path | None = None
    map: bool = True
    dashboard: bool = True


def load_national_config(path: str | os.PathLike[str]) -> NationalConfig:
    """Read and check a national YAML configuration; raise one ``ConfigError``.

    Parameters
    ----------
    path : str or PathLike
        The ``.yaml`` file; relative paths in it are relative to its folder.

    Returns
    -------
    NationalConfig
    """
    from cctvgeo.cli import config as _config

    path = Path(path)
    if not path.is_file():
        raise _config.ConfigError(f"Configuration file not found: {path}")
    data = _config._read_yaml(path)
    problems: list[str] = []
    values = _config._check_section(_schema(), data, "", path.parent, problems)
    if data is not None and not isinstance(data, dict):
        problems[:] = [f"expected a section of keys, got {_config._shown(data)}"]
    inputs = values.get("inputs", {})
    problems += [
        f"{section}.{key}: required"
        for section, key in _REQUIRED
        if key not in values.get(section, {}) and isinstance(data, dict)
        if not any(p.startswith(f"{section}.{key}") for p in problems)
    ]
    if "provinces" not in inputs:
        found = _config._resolve(DEFAULT_PROVINCES, path.parent)
        if not found.exists():
            problems.append("inputs.provinces: required (this cctvgeo ships no province polygons)")
        inputs["provinces"] = _config.InputFile(found)
    if problems:
        raise _config.ConfigError(_config._message(path, problems))
    coverage, dask = values.get("coverage", {}), values.get("dask", {})
    outputs = values.get("outputs", {})
    out_dir = outputs.get("dir")
    budgets = {str(k).zfill(2): v for k, v in values.get("budgets", {}).items()}
    return NationalConfig(
        cameras=inputs["cameras"].path,
        roads=inputs["roads"].path,
        provinces=inputs["provinces"].path,
        risk_points=inputs["risk_points"].path if "risk_points" in inputs else None,
        requests=inputs["requests"].path if "requests" in inputs else None,
        budgets=budgets,
        out_dir=None if out_dir is None else _config._resolve(out_dir, path.parent),
        **{k: outputs[k] for k in ("map", "dashboard") if k in outputs},
        **{k: values[k] for k in ("title", "lang") if k in values},
        **{k: coverage[k] for k in ("level", "max_length", "min_length") if k in coverage},
        **{
            k: dask[k]
            for k in ("scheduler", "n_workers", "memory_limit", "split_cameras")
            if k in dask
        },
    )


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    """Register ``cctvgeo national`` in the command line's sub-commands."""
    cmd = sub.add_parser(
        "national",
        parents=[common],
        help="roll every province up to the nation on Dask (docs/national.md)",
    )
    cmd.add_argument("config", type=Path, help="the national YAML configuration")
    cmd.add_argument(
        "--out",
        type=Path,
        default=None,
        help="output folder (default: outputs.dir of the config, else national-output)",
    )
    cmd.add_argument(
        "--scheduler",
        default=None,
        help="address of an existing Dask scheduler, e.g. tcp://host:8786 "
        "(default: dask.scheduler of the config, else $CCTVGEO_SCHEDULER, else a local cluster)",
    )
    cmd.add_argument(
        "--workers", type=int, default=None, help="workers of the local cluster (default: cores)"
    )
    cmd.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``cctvgeo national``; return the exit code."""
    from cctvgeo.cli.config import ConfigError
    from cctvgeo.national._engine import rollup

    cfg = load_national_config(args.config)
    if args.workers is not None and args.workers < 1:
        raise ConfigError("--workers: give 1 or more workers.")
    out: Path = args.out or cfg.out_dir or Path("national-output")
    out.mkdir(parents=True, exist_ok=True)
    result = rollup(
        cfg.cameras,
        cfg.provinces,
        roads=cfg.roads,
        risk_points=cfg.risk_points,
        requests=cfg.requests,
        budgets=cfg.budgets or None,
        level=cfg.level,
        client=args.scheduler or cfg.scheduler,
        n_workers=args.workers or cfg.n_workers,
        memory_limit=cfg.memory_limit,
        work_dir=out / "provinces",
        split_cameras=cfg.split_cameras,
        max_length=cfg.max_length,
        min_length=cfg.min_length,
        quiet=args.quiet,
    )
    written = write_outputs(result, cfg, out)
    for path in written if not args.quiet else []:
        sys.stderr.write(f"  wrote {path}\n")
    for row in result.problems.itertuples():
        sys.stderr.write(f"cctvgeo: province {row.pro_code} {row.name_en} failed: {row.reason}\n")
    status = result.provinces["status"].value_counts()
    sys.stderr.write(
        f"cctvgeo: {status.get('complete', 0)} provinces rolled up, "
        f"{status.get('no cameras', 0)} without cameras, {status.get('failed', 0)} failed; "
        f"{len(result.unassigned)} cameras in no province; {len(written)} files written to "
        f"{out.resolve()}\n"
    )
    if result.partial:
        return EXIT_PARTIAL
    return EXIT_UNASSIGNED if len(result.unassigned) else 0


def write_outputs(result: NationalRollup, cfg: NationalConfig, out: Path) -> list[Path]:
    """Write the roll-up's tables, map and dashboard into ``out``, each file atomically."""
    import pandas as pd

    from cctvgeo._write import atomic_path, write_csv, write_frame, write_xlsx

    written: list[Path] = []
    tables = {
        "provinces": result.provinces,
        "regions": result.regions,
        "totals": result.totals.to_frame().reset_index(names="figure"),
        "problems": result.problems,
    }
    for name, frame in tables.items():
        with atomic_path(out / f"{name}.csv") as tmp:
            write_csv(pd.DataFrame(frame), tmp)
        written.append(out / f"{name}.csv")
    written.append(write_xlsx({"provinces": result.provinces}, out / "provinces.xlsx"))
    written.append(write_frame(result.unassigned, out / "unassigned.csv", layer="unassigned"))
    if cfg.map:
        from cctvgeo.maps import save_map
        from cctvgeo.national._engine import read_provinces
        from cctvgeo.national._map import national_map

        polygons = read_provinces(cfg.provinces)
        m = national_map(result.provinces, polygons, lang=cfg.lang, title=cfg.title)
        written.append(save_map(m, out / "national_map.html"))
    if cfg.dashboard:
        from cctvgeo.national._dashboard import write_national_dashboard

        written += write_national_dashboard(result, out, lang=cfg.lang, title=cfg.title)
    return written
