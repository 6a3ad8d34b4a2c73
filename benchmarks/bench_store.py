"""Time the camera store: the sample survey's import, and a national-sized bulk import.

Run (needs a PostgreSQL with PostGIS; ``.ci/postgres start`` makes a throw-away one)::

    eval "$(bash .ci/postgres start)"
    .venv/bin/python benchmarks/bench_store.py --url "$CCTVGEO_TEST_POSTGRES_URL"
    bash .ci/postgres stop "$CCTVGEO_TEST_PGDATA"

Measured, into a fresh database made from the one ``--url`` names (dropped at the end) and
a fresh GeoPackage:

- ``import_survey`` of the bundled sample survey (860 rows), both back-ends;
- ``add_round`` of ``--cameras`` generated cameras (default 377,000: the national count,
  77 provinces) into PostGIS, the COPY path. Targets (DESIGN.md, issue 16): at most 60 s;
- reading one province back with ``cameras(province=...)``: at most 1 s;
- the plain path, ``GeoDataFrame.to_postgis`` of the same cameras, in the same run.

Each line gives the wall time, the CPU time of this (client) process, and the machine's
1-minute load average: the machine has 2 cores, so under other work the wall time grows.
Generating the cameras is not timed; ``read_cameras`` of a 377,000-row spreadsheet is a
separate cost (the reader's, see ``docs/performance.md``).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import uuid
from functools import partial
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import sqlalchemy as sa

import cctvgeo as cg
from cctvgeo import store as st
from cctvgeo.inventory import SCHEMA


def synthetic_cameras(n: int, provinces: int, seed: int = 0) -> gpd.GeoDataFrame:
    """``n`` valid cameras in the canonical form, spread over Thailand, with a province each."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "camera_id": [f"CAM-{i:07d}" for i in range(n)],
            "name": [f"จุดติดตั้ง {i}" for i in range(n)],
            "agency": "สำนักงานจังหวัด",
            "owner": rng.choice(["public", "private"], n),
            "camera_type": rng.choice(["fixed", "ptz", "dome"], n),
            "heading_deg": rng.integers(0, 360, n).astype(float),
            "sweep_deg": np.nan,
            "hfov_deg": rng.uniform(30, 90, n).round(1),
            "focal_length_mm": np.nan,
            "sensor_width_mm": np.nan,
            "resolution_px": rng.choice([1280.0, 1920.0, 2560.0], n),
            "height_m": rng.uniform(3, 9, n).round(1),
            "tilt_deg": rng.uniform(5, 30, n).round(1),
            "status": rng.choice(["working", "broken", "not_working"], n, p=[0.8, 0.1, 0.1]),
            "linked": pd.array(rng.random(n) < 0.3, dtype="boolean"),
            "network": "ศูนย์ควบคุม",
            "retention_days": 45.0,
            "repair_budget_thb": np.nan,
            "repair_agency": None,
            "installed": pd.array(rng.integers(2010, 2024, n), dtype="Int64"),
        }
    ).astype({k: v for k, v in SCHEMA.items() if v != "str"})
    frame["province_code"] = (np.arange(n) % provinces).astype(str)
    lon = 98.0 + rng.random(n) * 7.0  # distinct random positions: no duplicates
    lat = 6.0 + rng.random(n) * 14.0
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(lon, lat), crs=4326)


def server_cpu(pgdata: str | None) -> float:
    """CPU seconds used so far by the server's processes (its postmaster's children, live
    and exited), read from /proc; NaN without the cluster's folder."""
    if not pgdata or not (Path(pgdata) / "db" / "postmaster.pid").exists():
        return float("nan")
    tick = os.sysconf("SC_CLK_TCK")
    pid = (Path(pgdata) / "db" / "postmaster.pid").read_text().split()[0]
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        if stat.parent.name == pid:
            total += sum(int(v) for v in fields[11:15])  # its own and its reaped children's
        elif fields[1] == pid:
            total += int(fields[11]) + int(fields[12])  # live backends
    return total / tick


def timed(what: str, func, *args, pgdata: str | None = None, **kwargs):
    """Run ``func``; print wall time, client and server CPU time and the load average."""
    start, cpu, server = time.perf_counter(), time.process_time(), server_cpu(pgdata)
    result = func(*args, **kwargs)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    time.sleep(0.5)  # let the postmaster reap the closed backend, whose time it then counts
    server = server_cpu(pgdata) - server
    load = os.getloadavg()[0]
    print(
        f"{what:<64}{seconds:>7.2f} s wall {cpu:>6.2f} s client CPU {server:>6.2f} s server CPU"
        f"  (load {load:.1f})",
        flush=True,
    )
    return result, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True, help="a PostgreSQL database with PostGIS")
    parser.add_argument("--cameras", type=int, default=377_000)
    parser.add_argument("--provinces", type=int, default=77)
    parser.add_argument(
        "--pgdata",
        default=os.environ.get("CCTVGEO_TEST_PGDATA"),
        help="the local cluster's folder (.ci/postgres), to read the server's CPU time",
    )
    args = parser.parse_args()
    pg_timed = partial(timed, pgdata=args.pgdata)

    survey = cg.datasets.load_sample().survey_path
    with tempfile.TemporaryDirectory() as tmp:
        gpkg = st.open(Path(tmp) / "inventory.gpkg")
        gpkg.init()
        timed("sample survey import_survey, GeoPackage", gpkg.import_survey, survey,
              round=2567, errors="report")  # fmt: skip
    admin = sa.create_engine(
        sa.engine.make_url(args.url).set(drivername="postgresql+psycopg"),
        isolation_level="AUTOCOMMIT",
        poolclass=sa.pool.NullPool,
    )
    name = f"bench_{uuid.uuid4().hex[:8]}"
    template = sa.engine.make_url(args.url).database
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE {name} TEMPLATE "{template}"')
    url = sa.engine.make_url(args.url).set(database=name).render_as_string(hide_password=False)
    try:
        pg = st.open(url)
        pg.init()
        pg_timed("sample survey import_survey, PostGIS", pg.import_survey, survey, round=2567,
              province="sample", errors="report")  # fmt: skip
        cams = synthetic_cameras(args.cameras, args.provinces)
        groups = dict(list(cams.groupby("province_code")))
        big = groups["0"]
        pg_timed(f"{len(cams):,} cameras add_round (COPY + upsert), PostGIS, one round",
              pg.add_round, cams, round=2567, province="national")  # fmt: skip
        pg_timed(f"the same {len(cams):,} again as the next round (all updates)",
              pg.add_round, cams, round=2568, province="national")  # fmt: skip
        # one province's survey beside the national round, then read back on its own
        pg.add_round(big.assign(camera_id="P-" + big["camera_id"]), round=2568, province="P0")
        back, _ = pg_timed(f"cameras(province=...) of one province ({len(big):,} cameras)",
                        pg.cameras, province="P0")  # fmt: skip
        assert len(back) == len(big)
        engine = sa.create_engine(
            sa.engine.make_url(url).set(drivername="postgresql+psycopg"),
            poolclass=sa.pool.NullPool,
        )
        pg_timed(f"{len(cams):,} cameras GeoDataFrame.to_postgis (the plain path)",
              cams.to_postgis, "plain_cameras", engine, if_exists="replace")  # fmt: skip
        engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE {name} WITH (FORCE)")
        admin.dispose()


if __name__ == "__main__":
    main()
