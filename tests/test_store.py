"""The camera store, against both back-ends: a GeoPackage file and a real PostgreSQL/PostGIS.

The PostGIS half uses the server in ``CCTVGEO_TEST_POSTGRES_URL`` (``.ci/run`` starts a
throw-away one with ``.ci/postgres``); each test gets a fresh database made from it. Without
that variable the PostGIS tests skip with the reason, except under ``CI=true``, where they
fail: CI must run both.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import uuid
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa
from shapely import LineString, Point, box

import cctvgeo as cg
from cctvgeo import store as st
from cctvgeo.cli import main

SAMPLE = cg.datasets.load_sample()
SERVER = os.environ.get("CCTVGEO_TEST_POSTGRES_URL")
PASSWORD = "s3cret-Pa55word"


def _server() -> str:
    if SERVER:
        return SERVER
    reason = (
        'no PostgreSQL/PostGIS: set CCTVGEO_TEST_POSTGRES_URL (eval "$(bash .ci/postgres start)")'
    )
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run the PostGIS tests, but {reason}")
    pytest.skip(reason)


def _admin(url: str) -> sa.Engine:
    return sa.create_engine(
        sa.engine.make_url(url).set(drivername="postgresql+psycopg"),
        isolation_level="AUTOCOMMIT",
        poolclass=sa.pool.NullPool,
    )


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh database (PostGIS enabled) on the test server, dropped afterwards."""
    server = _server()
    name = f"t_{uuid.uuid4().hex[:12]}"
    template = sa.engine.make_url(server).database
    admin = _admin(server)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE {name} TEMPLATE "{template}"')
    yield sa.engine.make_url(server).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE {name} WITH (FORCE)")
    admin.dispose()


@pytest.fixture(params=["gpkg", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty store: a GeoPackage path, or a fresh PostGIS database."""
    if request.param == "gpkg":
        return str(tmp_path / "inventory.gpkg")
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def store(url: str) -> st.Store:
    s = st.open(url)
    s.init()
    return s


def survey(rows: list[tuple[str, str, float, float]], **extra: list[object]) -> pd.DataFrame:
    """A small survey as a frame: camera id, status, latitude, longitude (and other columns)."""
    frame = pd.DataFrame(rows, columns=["camera_id", "status", "latitude", "longitude"])
    frame["name"] = "cam " + frame["camera_id"]
    for key, values in extra.items():
        frame[key] = values
    return frame


def count(url: str, table: str) -> int:
    s = st.open(url)
    with s._connect(write=False) as conn:
        return int(conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one())


# --------------------------------------------------------------------------- round trip


def test_the_sample_survey_round_trips_with_its_other_columns(store: st.Store) -> None:
    report = store.import_survey(SAMPLE.survey_path, round=2567, province="อ่างทอง", errors="report")
    ref, _ = cg.read_cameras(SAMPLE.survey_path, errors="report")
    # row 402 repeats row 401's id ATG-0400: reported, and the store keeps the first
    assert report.dropped_rows == [402, 512]
    assert any("Not stored" in p.message and p.row == 402 for p in report.errors)
    # the reader's warning about the same repeated id is replaced, not counted twice
    assert [p.message for p in report.problems if p.row == 402 and p.value == "ATG-0400"] == [
        "Not stored: the store keeps one camera per id, and row 401 has this id."
    ]
    ref = ref.drop(index=402)
    back = store.cameras(province="อ่างทอง")
    assert back.columns.tolist() == ref.columns.tolist()  # "ลำดับ", "หมายเหตุ" kept, in order
    assert back.dtypes.equals(ref.dtypes)
    assert back.crs.to_epsg() == 4326
    pd.testing.assert_frame_equal(
        pd.DataFrame(back.drop(columns="geometry")).reset_index(drop=True),
        pd.DataFrame(ref.drop(columns="geometry")).reset_index(drop=True),
    )
    assert back.geometry.geom_equals_exact(ref.set_index(back.index).geometry, tolerance=0).all()
    assert cg.validate_cameras(back).ok
    assert store.cameras(province="elsewhere").empty


def test_errors_raise_writes_nothing(store: st.Store, url: str) -> None:
    with pytest.raises(cg.ValidationError) as info:
        store.import_survey(SAMPLE.survey_path, round=2567, errors="raise")
    assert len(info.value.report.errors) == 5
    for table in ("cameras", "camera_rounds", "survey_rounds", "import_problems"):
        assert count(url, table) == 0, table


def test_errors_report_stores_each_problem_with_its_row(store: st.Store) -> None:
    report = store.import_survey(SAMPLE.survey_path, round=2567, errors="report")
    problems = store.problems(2567)
    assert len(problems) == len(report)
    no_coords = problems[problems["row"] == "512"].iloc[0]
    assert no_coords["message"] == "No coordinates." and no_coords["action"] == "row dropped"
    assert '"รหัสกล้อง":"ATG-0511"' in no_coords["row_data"].replace(" ", "")
    assert "512" not in set(store.history("ATG-0511")["source_row"])


# --------------------------------------------------------------------------- history


def test_history_changes_and_as_of(store: st.Store) -> None:
    r2566 = survey(
        [
            ("A", "working", 14.60, 100.45),
            ("B", "broken", 14.61, 100.45),
            ("C", "working", 14.62, 100.45),
            ("E", "working", 14.63, 100.45),
        ]
    )
    r2567 = survey(
        [
            ("A", "ชำรุด", 14.60, 100.45),
            ("B", "working", 14.61, 100.45),
            ("D", "working", 14.64, 100.45),
            ("E", "working", 14.63, 100.45),
        ]
    )
    store.import_survey(r2566, round=2566, province="P")
    store.import_survey(r2567, round=2567, province="P")
    changes = store.changes(2566, 2567)
    assert changes[["camera_id", "change", "status_a", "status_b"]].fillna("-").values.tolist() == [
        ["D", "appeared", "-", "working"],
        ["C", "disappeared", "working", "-"],
        ["A", "broke", "working", "broken"],
        ["B", "repaired", "broken", "working"],
    ]
    history = store.history("A")
    assert history["round"].tolist() == [2566, 2567]
    assert history["status"].tolist() == ["working", "broken"]
    now = store.cameras()
    assert sorted(now.index) == ["A", "B", "D", "E"]
    assert now.loc["A", "status"] == "broken"
    then = store.cameras(as_of=2566)
    assert sorted(then.index) == ["A", "B", "C", "E"]
    assert then.loc["A", "status"] == "working" and then.loc["B", "status"] == "broken"
    assert store.cameras(as_of=2565).empty


def test_an_older_round_imported_late_keeps_the_newer_attributes(store: st.Store) -> None:
    store.import_survey(survey([("A", "working", 14.6, 100.45)]), round=2567, province="P")
    late = survey([("A", "broken", 14.7, 100.55)])
    store.import_survey(late, round=2566, province="P")
    now = store.cameras()
    assert now.loc["A", "status"] == "working" and now.geometry["A"].y == 14.6
    assert store.history("A")["status"].tolist() == ["broken", "working"]
    # importing a round again replaces it
    store.import_survey(survey([("A", "under_repair", 14.6, 100.45)]), round=2567, province="P")
    assert store.history("A")["status"].tolist() == ["broken", "under_repair"]


# --------------------------------------------------------------------------- safety


HOSTILE = [
    "O'Brien's \"camera\"; semi;colon",
    "'); DROP TABLE cameras; --",
    "ถนนพหลโยธิน 📹 กม. ๔๒",
    "line\nbreak, comma, tab\t\\N backslash-N",
]


def test_hostile_text_is_stored_and_read_back_verbatim(store: st.Store) -> None:
    frame = survey(
        [(f"X{i}", "working", 14.6 + i / 100, 100.45) for i in range(4)],
        agency=HOSTILE,
        note=HOSTILE[::-1],
    )
    frame["name"] = HOSTILE
    store.import_survey(frame, round=2567, province=HOSTILE[1])
    back = store.cameras(province=HOSTILE[1])
    assert back["name"].tolist() == HOSTILE
    assert back["agency"].tolist() == HOSTILE
    assert back["note"].tolist() == HOSTILE[::-1]
    assert store.changes(2566, 2567)["province"].tolist() == [HOSTILE[1]] * 4


def test_no_personal_data_in_any_table(store: st.Store, url: str) -> None:
    raw = pd.read_csv(SAMPLE.requests_path, dtype=str)
    personal = pd.concat([raw["ชื่อผู้ขอ"], raw["เบอร์โทร"], raw["เลขบัตรประชาชน"]]).dropna()
    assert len(personal) > 100
    report = store.import_requests(SAMPLE.requests_path, province="อ่างทอง")
    assert report.n_rows == len(raw)
    stats = store.request_stats()
    assert stats["n_requests"].sum() == report.n_rows - len(report.dropped_rows)
    points = store.import_risk_points(SAMPLE.risk_points_path, province="อ่างทอง", errors="report")
    back = store.risk_points("อ่างทอง")
    assert len(back) == points.n_rows - len(points.dropped_rows) and back.crs.to_epsg() == 4326
    assert back.total_bounds[1] > 14 and back.total_bounds[3] < 15  # Ang Thong's latitudes
    s = st.open(url)
    with s._connect(write=False) as conn:
        for table in s._md.tables:  # every table the store writes
            cells = pd.read_sql(sa.text(f'SELECT * FROM "{table}"'), conn)
            text = "\n".join(map(str, cells.to_numpy().ravel()))
            found = [v for v in personal.unique() if v in text]
            assert not found, (table, found[:3])


def test_a_password_never_shows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"postgresql://planner:{PASSWORD}@127.0.0.1:1/nowhere"
    s = st.open(url)
    assert PASSWORD not in repr(s) and PASSWORD not in s.url and "***" in s.url
    with pytest.raises(st.StoreError) as info:
        s.init()
    assert PASSWORD not in str(info.value) and "127.0.0.1" in str(info.value)
    assert main(["db", "init", url]) == 2
    assert main(["db", "changes", url, "2566", "2567"]) == 2
    config = tmp_path / "plan.yaml"
    config.write_text(
        f"inputs:\n  cameras: {url}\n  roads: {{path: 'sample:angthong.gpkg', layer: road_edges}}\n",
        encoding="utf-8",
    )
    assert main(["plan", str(config), "--out", str(tmp_path / "out")]) == 2
    out = capsys.readouterr()
    assert PASSWORD not in out.out + out.err
    assert out.err.count("planner:***@127.0.0.1") == 3, out.err  # init, changes, plan


# --------------------------------------------------------------------------- plans and linkage


def tiny_plan() -> cg.planning.InstallationPlan:
    demand = gpd.GeoDataFrame(
        {
            "demand_id": ["segment:0", "segment:1", "point:RP-1"],
            "kind": ["segment", "segment", "point"],
            "weight": [20.0, 20.0, 100.0],
            "name": ["Thanon A", "Thanon A", "ตลาด 'market'"],
            "highway": ["primary", "primary", None],
            "priority": [None, None, "urgent"],
            "k_required": [1, 1, 1],
        },
        geometry=[LineString([(0, 0), (20, 0)]), LineString([(20, 0), (40, 0)]), Point(100, 0)],
        crs=32647,
    )
    cands = gpd.GeoDataFrame(
        {
            "candidate_id": ["c1", "c2"],
            "kind": ["new", "new"],
            "site_id": ["S1", "S2"],
            "group": ["S1@090", "S2@090"],
            "capital_thb": [40000.0, 40000.0],
            "running_thb_per_year": [8000.0, 8000.0],
            "site_x": [0.0, 95.0],
            "site_y": [0.0, 0.0],
            "site_name": ["Thanon A", "near market"],
            "heading_deg": [90.0, 90.0],
        },
        geometry=[box(0, -5, 40, 5), box(95, -5, 110, 5)],
        crs=32647,
    )
    return cg.planning.plan(demand, cands, annual_budgets=[50000, 60000])


def test_a_loaded_plan_gives_the_same_tables_and_exports(store: st.Store, tmp_path: Path) -> None:
    plan = tiny_plan()
    store.save_plan(plan, name="2568 draft", settings={"budgets": [50000, 60000]})
    back = store.load_plan("2568 draft")
    for part in ("sites", "footprints", "years", "demand"):
        pd.testing.assert_frame_equal(getattr(back, part), getattr(plan, part), check_exact=True)
    pd.testing.assert_frame_equal(back.summary(), plan.summary(), check_exact=True)
    pd.testing.assert_frame_equal(back.coverage_curve(), plan.coverage_curve(), check_exact=True)
    assert back.objective_after == plan.objective_after
    assert store.plan_settings("2568 draft") == {"budgets": [50000, 60000]}
    assert (
        plan.to_csv(tmp_path / "a.csv").read_bytes() == back.to_csv(tmp_path / "b.csv").read_bytes()
    )
    for lang in ("th", "en"):
        a = pd.read_excel(plan.to_excel(tmp_path / f"a{lang}.xlsx", lang=lang), sheet_name=None)
        b = pd.read_excel(back.to_excel(tmp_path / f"b{lang}.xlsx", lang=lang), sheet_name=None)
        assert a.keys() == b.keys()
        for sheet in a:
            pd.testing.assert_frame_equal(a[sheet], b[sheet])
    with pytest.raises(cg.CctvgeoError, match="saved coverage curve only"):
        back.coverage_curve(points=3)
    with pytest.raises(st.StoreError, match=r"No plan named 'nope'.*2568 draft"):
        store.load_plan("nope")
    assert store.plans()["name"].tolist() == ["2568 draft"]


def test_a_linkage_selection_round_trips(store: st.Store) -> None:
    demand = gpd.GeoDataFrame(
        {"demand_id": ["p1", "p2"], "kind": ["point", "point"], "weight": [1.0, 5.0]},
        geometry=[Point(7, 0), Point(107, 0)],
        crs=32647,
    )
    cams = gpd.GeoDataFrame(
        {
            "camera_id": ["A", "B"],
            "status": ["working"] * 2,
            "camera_type": ["fixed"] * 2,
            "heading_deg": [90.0, 90.0],
            "linked": pd.array([False, False], dtype="boolean"),
        },
        geometry=[Point(0, 0), Point(100, 0)],
        crs=32647,
    )
    selection = cg.planning.select_for_linkage(cams, demand, share=0.5)
    store.save_linkage(selection, name="2567")
    back = store.load_linkage("2567")
    pd.testing.assert_frame_equal(back.cameras, selection.cameras, check_exact=True)
    assert (back.quota, back.objective_after) == (selection.quota, selection.objective_after)
    assert back.selected["camera_id"].tolist() == ["B"]


# --------------------------------------------------------------------------- schema


def test_init_is_versioned_and_checked(url: str) -> None:
    s = st.open(url)
    assert s.schema_version is None
    with pytest.raises(st.StoreError, match="cctvgeo db init"):
        s.cameras()
    s.init()
    s.init()  # safe to repeat
    assert s.schema_version == st.SCHEMA_VERSION
    with s._connect(write=True) as conn:
        conn.execute(sa.text("INSERT INTO schema_version VALUES (99, 'later')"))
    with pytest.raises(st.StoreError, match="newer than this cctvgeo"):
        s.init()


def test_a_geopackage_store_is_a_geopackage(tmp_path: Path) -> None:
    url = str(tmp_path / "inventory.gpkg")
    store = st.open(url)
    store.init()
    store.import_survey(survey([("A", "working", 14.6, 100.45)]), round=2567)
    layer = gpd.read_file(url, layer="cameras")  # GDAL reads the store's own table
    assert layer["camera_id"].tolist() == ["A"]
    assert layer.crs.to_epsg() == 4326 and layer.geometry[0].equals(Point(100.45, 14.6))


# --------------------------------------------------------------------------- processes


def _import_script(url: str, path: Path, round_: int, province: str, pause: bool = False) -> str:
    body = f"""
        import sys, time
        from cctvgeo import store as st
        s = st.open({url!r})
        if {pause!r}:
            replace = st.Store._replace
            def slow(self, *args, **kwargs):
                print("inside", flush=True)
                time.sleep(60)
            st.Store._replace = slow
        s.import_survey({str(path)!r}, round={round_}, province={province!r})
        print("done", flush=True)
    """
    return textwrap.dedent(body)


def synthetic_csv(path: Path, n: int, *, prefix: str, status: str) -> Path:
    rng = np.random.default_rng(len(prefix) + n)
    frame = pd.DataFrame(
        {
            "camera_id": [f"{prefix}{i:05d}" for i in range(n)],
            "status": status,
            "latitude": 14.5 + rng.random(n) * 0.3,
            "longitude": 100.3 + rng.random(n) * 0.3,
            "heading_deg": rng.integers(0, 360, n),
        }
    )
    frame.to_csv(path, index=False)
    return path


def test_concurrent_imports_lose_nothing_and_duplicate_nothing(
    store: st.Store, url: str, tmp_path: Path
) -> None:
    # two rounds of one province and a second province, all at once (same ids in both rounds)
    jobs = [
        (synthetic_csv(tmp_path / "a.csv", 600, prefix="P", status="working"), 2566, "P"),
        (synthetic_csv(tmp_path / "b.csv", 600, prefix="P", status="broken"), 2567, "P"),
        (synthetic_csv(tmp_path / "c.csv", 300, prefix="Q", status="working"), 2567, "Q"),
    ]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _import_script(url, path, rnd, prov)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path, rnd, prov in jobs
    ]
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0 and out.strip() == "done", err
    assert count(url, "cameras") == 600 + 300
    assert count(url, "camera_rounds") == 600 * 2 + 300
    now = store.cameras()
    assert now.index.is_unique and len(now) == 900
    # whatever order they ran in, the latest round wins
    assert set(now.loc[now.index.str.startswith("P"), "status"]) == {"broken"}
    assert store.changes(2566, 2567, province="P")["change"].tolist() == ["broke"] * 600


def test_a_killed_import_leaves_the_store_as_it_was(
    store: st.Store, url: str, tmp_path: Path
) -> None:
    store.import_survey(survey([("A", "working", 14.6, 100.45)]), round=2566, province="P")
    before = store.cameras()
    path = synthetic_csv(tmp_path / "big.csv", 2000, prefix="K", status="working")
    proc = subprocess.Popen(
        [sys.executable, "-c", _import_script(url, path, 2567, "P", pause=True)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "inside"  # the cameras are written, not committed
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    proc.stderr.close()  # type: ignore[union-attr]
    pd.testing.assert_frame_equal(store.cameras(), before)
    assert count(url, "camera_rounds") == 1 and count(url, "survey_rounds") == 1


def test_a_committee_role_can_read_but_not_write(pg_url: str) -> None:
    s = st.open(pg_url)
    s.init()
    s.import_survey(survey([("A", "working", 14.6, 100.45)]), round=2567)
    role = f"committee_{uuid.uuid4().hex[:8]}"
    database = sa.engine.make_url(pg_url).database
    admin = _admin(pg_url)
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE ROLE {role} LOGIN")
        conn.exec_driver_sql(f"GRANT CONNECT ON DATABASE {database} TO {role}")
        conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA public TO {role}")
        conn.exec_driver_sql(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
    try:
        reader = st.open(sa.engine.make_url(pg_url).set(username=role).render_as_string(False))
        assert reader.cameras().index.tolist() == ["A"]
        with pytest.raises(st.StoreError, match="permission denied"):
            reader.import_survey(survey([("B", "working", 14.7, 100.45)]), round=2568)
        assert s.cameras().index.tolist() == ["A"]
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP OWNED BY {role}")
            conn.exec_driver_sql(f"DROP ROLE {role}")


# --------------------------------------------------------------------------- command line


def test_db_commands(url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "init", url]) == 0
    a = tmp_path / "2566.csv"
    survey([("A", "working", 14.6, 100.45), ("B", "working", 14.61, 100.45)]).to_csv(a, index=False)
    b = tmp_path / "2567.csv"
    survey([("A", "broken", 14.6, 100.45), ("B", "working", 14.61, 100.45)]).to_csv(b, index=False)
    assert main(["db", "import", url, str(a), "--round", "2566"]) == 0
    assert main(["db", "import", url, str(b), "--round", "2567"]) == 0
    capsys.readouterr()
    assert main(["db", "changes", url, "2566", "2567"]) == 0
    out = capsys.readouterr()
    assert out.out.splitlines() == [
        "camera_id,province,change,status_a,status_b",
        "A,,broke,working,broken",
    ]
    assert "0 appeared, 0 disappeared, 1 broke, 0 repaired" in out.err
    assert (
        main(["db", "import", url, str(SAMPLE.survey_path), "--round", "2568", "--errors", "raise"])
        == 1
    )
    assert "nothing imported" in capsys.readouterr().err
    assert st.open(url).cameras().index.tolist() == ["A", "B"]


def test_the_plan_configuration_reads_cameras_from_a_store(
    store: st.Store, url: str, tmp_path: Path
) -> None:
    from cctvgeo.cli.config import parse_config
    from cctvgeo.cli.pipeline import _Results, _step_survey

    store.import_survey(SAMPLE.survey_path, round=2567, province="อ่างทอง", errors="report")
    cfg = parse_config(
        {
            "inputs": {
                "cameras": url,
                "roads": {"path": "sample:angthong.gpkg", "layer": "road_edges"},
            }
        },
        base=tmp_path,
    )
    assert (cfg.cameras.url is not None) == (store.backend == "postgresql")
    res = _Results(wanted=set())
    _step_survey(cfg, res, tmp_path)
    expected = cg.project(store.cameras())
    pd.testing.assert_frame_equal(res.cameras, expected)
    assert res.reports[0].ok and res.reports[0].n_rows == len(expected) == 858


def test_an_unknown_url_scheme_is_refused_without_its_password() -> None:
    for url in ("postgresql2://planner:s3cret@db/cctv", "mysql://planner:s3cret@db/cctv"):
        with pytest.raises(cg.store.StoreError, match="Not a store") as err:
            cg.store.open(url)
        assert "s3cret" not in str(err.value) and "planner:***@db" in str(err.value)
    assert cg.store.is_store_url("postgresql+psycopg2://planner@db/cctv")


def test_a_gpkg_read_does_not_wait_for_an_import_in_progress(tmp_path: Path) -> None:
    import sqlite3
    import time

    db = st.open(tmp_path / "inventory.gpkg")
    db.init()
    db.import_survey(survey([("A", "working", 14.59, 100.45)]), round=2567, province="อ่างทอง")
    writer = sqlite3.connect(tmp_path / "inventory.gpkg", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another process's import holds the write lock
    try:
        start = time.monotonic()
        assert db.cameras().index.tolist() == ["A"]
        assert time.monotonic() - start < 10  # a read that queued would wait 60 s, then fail
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_the_stored_copy_of_a_problem_row_holds_no_personal_data(store: st.Store) -> None:
    phones = ["081-234-5678", "089-876-5432", "0812223333"]
    frame = survey(
        [("A", "working", 14.59, 100.45), ("B", "xyz", 14.60, 100.45)],
        เบอร์โทรผู้ดูแล=phones[:2],
        note=["ok", f"โทร {phones[2]}"],
    )
    report = store.import_survey(frame, round=2567, province="อ่างทอง", errors="report")
    assert [p.column for p in report.errors] == ["status"]
    stored = store.problems(2567, province="อ่างทอง")
    assert len(stored) == len(report.problems) and stored["row_data"].notna().all()
    text = "\n".join(map(str, stored.to_numpy().ravel()))
    assert "xyz" in text and not [p for p in phones if p in text]
