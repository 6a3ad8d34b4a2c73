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

Generating the cameras is not timed; ``read_cameras`` of a 377,000-row spreadsheet is a
separate cost (the reader's, see ``docs/performance.md``).
"""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid
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


def timed(what: str, func, *args, **kwargs):
    start = time.perf_counter()
    result = func(*args, **kwargs)
    seconds = time.perf_counter() - start
    print(f"{what:<62}{seconds:>8.2f} s", flush=True)
    return result, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True, help="a PostgreSQL database with PostGIS")
    parser.add_argument("--cameras", type=int, default=377_000)
    parser.add_argument("--provinces", type=int, default=77)
    args = parser.parse_args()

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
        timed("sample survey import_survey, PostGIS", pg.import_survey, survey, round=2567,
              province="sample", errors="report")  # fmt: skip
        cams = synthetic_cameras(args.cameras, args.provinces)
        groups = dict(list(cams.groupby("province_code")))
        big = groups["0"]
        timed(f"{len(cams):,} cameras add_round (COPY + upsert), PostGIS, one round",
              pg.add_round, cams, round=2567, province="national")  # fmt: skip
        timed(f"the same {len(cams):,} again as the next round (all updates)",
              pg.add_round, cams, round=2568, province="national")  # fmt: skip
        # one province's survey beside the national round, then read back on its own
        pg.add_round(big.assign(camera_id="P-" + big["camera_id"]), round=2568, province="P0")
        back, _ = timed(f"cameras(province=...) of one province ({len(big):,} cameras)",
                        pg.cameras, province="P0")  # fmt: skip
        assert len(back) == len(big)
        engine = sa.create_engine(
            sa.engine.make_url(url).set(drivername="postgresql+psycopg"),
            poolclass=sa.pool.NullPool,
        )
        timed(f"{len(cams):,} cameras GeoDataFrame.to_postgis (the plain path)",
              cams.to_postgis, "plain_cameras", engine, if_exists="replace")  # fmt: skip
        engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE {name} WITH (FORCE)")
        admin.dispose()


if __name__ == "__main__":
    main()
