"""The national roll-up (issue 15) on a real dask.distributed LocalCluster of 2 processes.

One cluster serves the whole module. The national data is a small fixture: five real
province polygons around Ang Thong (../shared/realdata) with the bundled Ang Thong sample's
cameras and roads, written as GeoParquet datasets partitioned by ``pro_code``, plus two
cameras no province holds.
"""

from __future__ import annotations

import gc
import io
import logging
import os
import shutil
import signal
import threading
import time
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely import Point, box

import cctvgeo as cg
from cctvgeo._write import write_csv
from cctvgeo.national import _engine as engine
from cctvgeo.national import _province as province
from cctvgeo.national import assign_provinces, rollup
from cctvgeo.national._rollup import provinces_table
from cctvgeo.national._sources import partitions

CODES = ["14", "15", "16", "17", "18"]  # Ayutthaya, Ang Thong, Lopburi, Sing Buri, Chai Nat


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def client() -> Any:
    """A LocalCluster of 2 single-threaded worker processes, shared by the module."""
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # never the busy 8787
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as c,
    ):
        yield c


def _provinces(realdata: Path) -> gpd.GeoDataFrame:
    provs = gpd.read_file(realdata / "thailand-provinces" / "provinces.geojson")
    return provs[provs["pro_code"].isin(CODES)].reset_index(drop=True)


def _write_partitions(frame: gpd.GeoDataFrame, root: Path) -> Path:
    """A GeoParquet dataset partitioned by pro_code, hive style, as natsample writes it."""
    for code, part in frame.groupby("pro_code", sort=True):
        folder = root / f"pro_code={code}"
        folder.mkdir(parents=True)
        part.drop(columns="pro_code").reset_index(drop=True).to_parquet(folder / "part.0.parquet")
    return root


@pytest.fixture(scope="module")
def nation(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The fixture nation on disk: provinces, cameras and roads partitioned by pro_code."""
    realdata = Path(__file__).resolve().parents[2] / "shared" / "realdata"
    if not realdata.is_dir():
        pytest.skip(f"real datasets not found at {realdata} (they live beside the repo in CI)")
    root = tmp_path_factory.mktemp("nation")
    provs = _provinces(realdata)
    provs.to_file(root / "provinces.gpkg")
    sample = cg.datasets.load_sample()
    cams = sample.cameras.iloc[::2]  # half the cameras, and the roads near them: quick
    roads = sample.roads.reset_index()[["highway", "name", "geometry"]]
    near = shapely.STRtree(roads.geometry.array).query(
        cams.geometry.array, predicate="dwithin", distance=300
    )[1]
    roads = roads.iloc[np.unique(near)].to_crs(4326)
    cams = cams.to_crs(4326)
    strays = gpd.GeoDataFrame(
        {"camera_id": ["STRAY-SEA", "STRAY-NOWHERE"], "status": ["working", "working"]},
        geometry=[Point(101.0, 12.0), Point(99.0, 20.0)],
        crs=4326,
    )
    cams = pd.concat([cams, strays], ignore_index=True)
    found = assign_provinces(cams, provs).pro_code
    cams["pro_code"] = found.fillna("15")  # strays filed under Ang Thong's partition
    mids = gpd.GeoDataFrame(
        geometry=shapely.line_interpolate_point(roads.geometry.array, 0.5, normalized=True),
        crs=4326,
    )
    roads["pro_code"] = assign_provinces(mids, provs).pro_code
    roads = roads[roads["pro_code"].notna()]
    return {
        "root": root,
        "provinces": root / "provinces.gpkg",
        "cameras": _write_partitions(cams, root / "cameras.parquet"),
        "roads": _write_partitions(roads, root / "roads.parquet"),
        "n_cameras": len(cams),
    }


def _csv(table: pd.DataFrame) -> bytes:
    buffer = io.StringIO()
    write_csv(table, buffer)
    return buffer.getvalue().encode("utf-8-sig")


@pytest.fixture(scope="module")
def reference(client: Any, nation: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The roll-up of the fixture nation on the cluster, once for the module."""
    return rollup(
        nation["cameras"],
        nation["provinces"],
        roads=nation["roads"],
        client=client,
        work_dir=tmp_path_factory.mktemp("reference"),
        quiet=True,
    )


# --------------------------------------------------------------------------- assignment


def test_assignment_by_hand() -> None:
    provinces = gpd.GeoDataFrame(
        {"pro_code": ["10", "11", "12"]},
        geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1), box(1.5, 0.5, 3, 2)],
        crs=4326,
    )
    cams = gpd.GeoDataFrame(
        {"camera_id": list("ABCDEFGH")},
        geometry=[
            Point(0.5, 0.5),  # A: inside 10
            Point(1.2, 0.2),  # B: inside 11
            Point(1, 0.5),  # C: on the border of 10 and 11
            Point(5, 5),  # D: outside
            Point(1.8, 0.8),  # E: inside 11 and 12 (they overlap)
            Point(0, 0.5),  # F: on 10's outer edge
            Point(2.5, 1.5),  # G: inside 12
            None,  # H: no location
        ],
        crs=4326,
    ).set_index(pd.Index([10, 11, 12, 13, 14, 15, 16, 17], name="row"))
    a = assign_provinces(cams, provinces)
    assert a.pro_code.index.equals(cams.index)
    assert a.pro_code.fillna("-").tolist() == ["10", "11", "-", "-", "-", "-", "12", "-"]
    lost = a.unassigned
    assert lost["camera_id"].tolist() == ["C", "D", "E", "F", "H"]
    assert lost.index.tolist() == [12, 13, 14, 15, 17]
    assert lost["reason"].tolist() == [
        "on the border of 10, 11",
        "outside every province",
        "inside overlapping provinces 11, 12",
        "on the border of 10",
        "no location",
    ]
    assert lost["pro_codes"].tolist() == ["10, 11", "", "11, 12", "10", ""]
    assert a.pro_code.notna().sum() + len(lost) == len(cams)  # nothing dropped


def test_national_sample_cameras_all_go_to_their_province(national_small: Path) -> None:
    """All 77 provinces of the small national sample: each camera lies inside the province
    it is filed under (the sample keeps cameras off the borders), none unassigned."""
    out = national_small
    provs = engine.read_provinces(out / "provinces.gpkg")
    assert len(provs) == 77
    cams = gpd.read_parquet(out / "cameras.parquet")  # the whole dataset, pro_code from the path
    found = assign_provinces(cams, provs)
    assert len(found.unassigned) == 0
    assert (found.pro_code == cams["pro_code"].astype(str)).all()
    counts = found.pro_code.value_counts()
    assert sorted(counts.index) == provs["pro_code"].tolist()
    assert counts.sum() == 20_000
    assert counts["10"] == 3_643  # Bangkok, in proportion to its 68,747 of 377,380


def test_assignment_reprojects_the_points() -> None:
    provinces = gpd.GeoDataFrame(
        {"pro_code": ["15"]}, geometry=[box(100.2, 14.4, 100.6, 14.9)], crs=4326
    )
    cams = gpd.GeoDataFrame(geometry=[Point(100.45, 14.59)], crs=4326).to_crs(32647)
    assert assign_provinces(cams, provinces).pro_code.tolist() == ["15"]


# --------------------------------------------------------------------------- one province


def test_split_coverage_equals_unsplit(realdata: Path) -> None:
    """Bangkok's road coverage in spatial chunks, put together, equals one piece."""
    provs = engine.read_provinces(_provinces(realdata))
    spec = engine.province_specs(provs)["15"]
    sample = cg.datasets.load_sample()
    prep = province.prepare(spec, sample.cameras, sample.roads.reset_index())
    whole = province.cover(prep)
    chunks = province.road_chunks(prep.segments, 4)
    assert sorted(np.concatenate(chunks).tolist()) == list(range(len(prep.segments)))
    assert len({len(c) for c in chunks}) <= 2  # about equal sizes
    parts = [province.cover(prep, c) for c in chunks]
    put_together = province.combine(prep, parts)
    pd.testing.assert_frame_equal(
        pd.DataFrame(put_together.drop(columns="geometry")),
        pd.DataFrame(whole.drop(columns="geometry")),
    )
    assert put_together.geometry.geom_equals_exact(whole.geometry, 0).all()
    assert whole["covered_m"].sum() > 0


# --------------------------------------------------------------------------- the cluster


def test_rollup_equals_a_plain_loop(reference: Any, nation: dict[str, Any], tmp_path: Path) -> None:
    """The same per-province table, byte for byte, as each province alone without Dask."""
    provs = engine.read_provinces(nation["provinces"])
    specs = engine.province_specs(provs)
    polygons = provs[["pro_code", "geometry"]]
    assigned = [
        engine.assign_part(p, polygons) for p in partitions(nation["cameras"], "c").values()
    ]
    roads = partitions(nation["roads"], "roads")
    outcomes = []
    for code, spec in specs.items():
        pieces = [a.pieces[code] for a in assigned if code in a.pieces]
        cams = engine.province_cameras(pieces)
        lines = engine.read_part(roads[code], "roads") if code in roads else None
        outcomes.append(province.run_province(spec, cams, lines, out_dir=tmp_path))
    assert _csv(provinces_table(outcomes)) == _csv(reference.provinces)

    table = reference.provinces
    assert table["pro_code"].tolist() == CODES
    assert table.set_index("pro_code")["status"].to_dict() == {
        "14": "complete",
        "15": "complete",
        "16": "complete",
        "17": "complete",
        "18": "no cameras",
    }
    assert not reference.partial
    # every camera is in one province or reported, none twice
    assert reference.totals["n_cameras"] + len(reference.unassigned) == nation["n_cameras"]
    assert sorted(reference.unassigned["camera_id"]) == ["STRAY-NOWHERE", "STRAY-SEA"]
    assert set(reference.unassigned["reason"]) == {"outside every province"}
    assert set(reference.unassigned["source_pro_code"]) == {"15"}
    detail = reference.result("15")
    assert len(detail.linkage) == table.set_index("pro_code").loc["15", "n_cameras"]
    assert detail.coverage["covered_m"].sum() / 1000 == pytest.approx(
        table.set_index("pro_code").loc["15", "covered_km"]
    )
    with pytest.raises(KeyError, match="no cameras"):
        reference.result("18")


def test_regions_and_totals_recompute_shares(reference: Any) -> None:
    table = reference.provinces
    totals = reference.totals
    assert totals["n_cameras"] == table["n_cameras"].sum()
    assert totals["broken_share"] == pytest.approx(
        table["n_broken"].sum() / table["n_cameras"].sum()
    )
    assert totals["coverage_share"] == pytest.approx(
        table["covered_km"].sum() / table["road_km"].sum()
    )
    assert np.isnan(totals["coverage_share_after"])  # no budget: never a silent zero
    (central,) = reference.regions.itertuples()
    assert central.region == "Central"
    assert central.n_provinces == 5
    assert central.n_cameras == totals["n_cameras"]


def test_a_broken_province_is_reported_and_the_others_complete(
    client: Any, reference: Any, nation: dict[str, Any], tmp_path: Path
) -> None:
    """``cctvgeo national`` on a cluster's address, two provinces with a broken file: they
    fail with a reason and exit 4; the others are as before, Ang Thong split in 3 chunks of
    road coverage included."""
    import shutil

    from cctvgeo import cli

    cams = tmp_path / "cameras.parquet"
    shutil.copytree(nation["cameras"], cams)
    (cams / "pro_code=17" / "part.0.parquet").write_bytes(b"PAR1 this is not parquet")
    roads = tmp_path / "roads.parquet"
    shutil.copytree(nation["roads"], roads)
    (roads / "pro_code=16" / "part.0.parquet").write_bytes(b"")
    config = tmp_path / "national.yaml"
    config.write_text(
        f"inputs:\n  provinces: {nation['provinces']}\n  cameras: cameras.parquet\n"
        "  roads: roads.parquet\ndask:\n  split_cameras: 300\n"  # Ang Thong: 3 chunks
        "outputs:\n  map: false\n  dashboard: false\n",  # natsample's tests cover them
        encoding="utf-8",
    )
    out = tmp_path / "out"
    argv = ["national", str(config), "--out", str(out), "--quiet"]
    code = cli.main([*argv, "--scheduler", client.scheduler.address])
    assert code == 4
    problems = pd.read_csv(out / "problems.csv", encoding="utf-8-sig", dtype=str)
    assert problems["pro_code"].tolist() == ["16", "17"]
    assert problems["name_en"].tolist() == ["Lopburi", "Sing Buri"]
    assert problems["name_th"].tolist() == ["ลพบุรี", "สิงห์บุรี"]
    assert problems["reason"].iloc[0].startswith("roads: ")
    assert problems["reason"].iloc[1].startswith("cameras: ")
    assert "pro_code=17" in problems["reason"].iloc[1]
    lines = (out / "provinces.csv").read_bytes().split(b"\r\n")
    expected = _csv(reference.provinces).split(b"\r\n")
    assert [lines[i] for i in (0, 1, 2, 5)] == [expected[i] for i in (0, 1, 2, 5)]  # 14, 15, 18
    assert b",failed," in lines[3] and b",failed," in lines[4]
    pd.testing.assert_frame_equal(
        gpd.read_parquet(out / "provinces" / "pro_code=15" / "coverage.parquet"),
        reference.result("15").coverage,
    )
    totals = pd.read_csv(out / "totals.csv", encoding="utf-8-sig").set_index("figure")["total"]
    assert totals["n_failed"] == 2
    assert totals["n_cameras"] == reference.provinces["n_cameras"].iloc[[0, 1]].sum()


def test_a_broken_config_exits_2_with_one_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cctvgeo import cli

    config = tmp_path / "national.yaml"
    (tmp_path / "provinces.gpkg").touch()
    config.write_text(
        "inputs:\n  provinces: provinces.gpkg\n  roads: nowhere.parquet\ncoverage:\n  levle: detect\n"
        "budgets:\n  '10': -5\ndask:\n  n_workers: 0\n",
        encoding="utf-8",
    )
    assert cli.main(["national", str(config), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.count("cctvgeo: error:") == 1
    assert "has 5 problems" in err
    for part in (
        "inputs.roads: file not found",
        "coverage: unknown key 'levle'; did you mean 'level'?",
        "budgets: 10: must be more than 0",
        "dask.n_workers: must be from 1",
        "inputs.cameras: required",
    ):
        assert part in err
    assert not (tmp_path / "out").exists()


def test_a_killed_worker_changes_nothing(
    client: Any, reference: Any, nation: dict[str, Any], tmp_path: Path
) -> None:
    """SIGKILL the worker running Ang Thong mid-task: Dask runs it again, nothing counts twice."""
    pids = client.run(os.getpid)
    done: dict[str, Any] = {}

    def run() -> None:
        done["run"] = rollup(
            nation["cameras"],
            nation["provinces"],
            roads=nation["roads"],
            client=client,
            work_dir=tmp_path,
            quiet=True,
        )

    thread = threading.Thread(target=run)
    thread.start()
    killed = _kill_worker_running(client, "province-15-", pids, thread)
    thread.join(timeout=300)
    assert killed is not None, "Ang Thong's task finished before a worker could be killed"
    run_ = done["run"]
    assert _csv(run_.provinces) == _csv(reference.provinces)
    assert run_.totals["n_cameras"] + len(run_.unassigned) == nation["n_cameras"]
    assert killed not in client.run(os.getpid).values()
    client.wait_for_workers(2, timeout=60)


def _kill_worker_running(
    client: Any, prefix: str, pids: dict[str, int], thread: threading.Thread
) -> int | None:
    """Wait until a task whose key starts with ``prefix`` runs, then SIGKILL its worker."""
    while thread.is_alive():
        for address, keys in client.processing().items():
            if any(str(k).startswith(prefix) for k in keys) and address in pids:
                time.sleep(0.5)  # well inside the task (it runs for seconds)
                os.kill(pids[address], signal.SIGKILL)
                return pids[address]
        time.sleep(0.02)
    return None


def test_the_scheduler_comes_from_the_environment(
    client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CCTVGEO_SCHEDULER names an existing cluster: connect() joins it, and leaves it up."""
    monkeypatch.setenv(engine.SCHEDULER_ENV, client.scheduler.address)
    with engine.connect(quiet=True) as joined:
        assert joined is not client
        assert joined.scheduler.address == client.scheduler.address
        assert len(joined.scheduler_info()["workers"]) == 2
    assert client.submit(sum, [1, 2]).result() == 3  # the cluster is still up
    with engine.connect(client) as same:  # a client given is used as it is
        assert same is client


def test_a_budget_gives_a_plan_and_the_nation_counts_it(
    nation: dict[str, Any], tmp_path: Path
) -> None:
    """Sing Buri with a budget gets a plan (spend within it, its approval level, coverage up);
    the totals count the provinces without a plan at their present coverage."""
    import dataclasses

    from cctvgeo.national._rollup import NationalRollup
    from cctvgeo.planning import approval_level

    provs = engine.read_provinces(nation["provinces"])
    spec = engine.province_specs(provs, budgets={"17": 1_000_000})["17"]
    cams = engine.read_part(partitions(nation["cameras"], "c")["17"], "cameras")
    roads = engine.read_part(partitions(nation["roads"], "r")["17"], "roads")
    planned = province.run_province(spec, cams, roads, out_dir=tmp_path)
    row = planned.row
    assert row["budget_thb"] == 1_000_000
    assert 0 < row["planned_spend_thb"] <= 1_000_000
    assert row["n_planned_sites"] > 0
    assert (row["approval_level"], row["approval_level_th"]) == approval_level(
        row["planned_spend_thb"]
    )
    assert row["coverage_share_after"] > row["coverage_share"]
    unplanned = province.run_province(dataclasses.replace(spec, budget=None), cams, roads)
    assert np.isnan(unplanned.row["coverage_share_after"])
    other = dataclasses.replace(spec, pro_code="99", budget=None)
    plain = province.run_province(other, cams, roads)
    result = NationalRollup.from_outcomes([planned, plain], None, work_dir=tmp_path)
    after_km = row["coverage_share_after"] * row["road_km"] + plain.row["covered_km"]
    assert result.totals["coverage_share_after"] == pytest.approx(
        after_km / (row["road_km"] + plain.row["road_km"])
    )
    assert result.totals["budget_thb"] == 1_000_000  # the province without one adds no zero
    detail = result.result("17")
    assert len(detail.plan_sites) == row["n_planned_sites"]
    assert detail.plan_summary is not None
    owned = tmp_path / "owned"
    shutil.copytree(tmp_path / "pro_code=17", owned / "pro_code=17")
    temporary = NationalRollup.from_outcomes(
        [planned, plain], None, work_dir=owned, owns_work_dir=True
    )
    assert len(temporary.result("17").plan_sites) == row["n_planned_sites"]
    del temporary
    gc.collect()
    assert not owned.exists()  # the roll-up's own folder goes with it
    assert (tmp_path / "pro_code=17").is_dir()  # a folder the caller gave stays


def test_a_request_log_is_counted_by_outcome(national_small: Path) -> None:
    """Ang Thong with the sample's request log: the row counts every request by outcome, the
    share found is over the requests with an outcome, and the hotspots are the ones
    request_hotspots finds; without a log the figures are missing, not zero."""
    from cctvgeo.riskpoints import request_hotspots

    provs = engine.read_provinces(cg.national.sample.provinces())
    spec = province.ProvinceSpec(**{**vars(engine.province_specs(provs)["15"]), "level": "detect"})
    part = {w: partitions(national_small / f"{w}.parquet", w)["15"] for w in ("cameras", "roads")}
    cams = engine.read_part(part["cameras"], "cameras")
    roads = engine.read_part(part["roads"], "roads")
    log = engine.read_part(partitions(national_small / "requests.parquet", "r")["15"], "requests")
    log.loc[log.index[:3], "outcome"] = None  # no outcome: counted only in n_requests
    row = province.run_province(spec, cams, roads, requests=log).row
    counts = log["outcome"].value_counts()
    assert row["n_requests"] == len(log)
    assert row["n_requests_footage_found"] == counts["footage_found"]
    assert row["n_requests_no_camera"] == counts["no_camera"]
    assert row["request_success_share"] == pytest.approx(counts["footage_found"] / (len(log) - 3))
    hotspots = request_hotspots(cg.project(log, to_crs=spec.crs))  # their number: no cameras
    assert row["n_request_hotspots"] == len(hotspots) > 0
    plain = province.run_province(spec, cams, roads).row
    assert np.isnan(plain["n_requests"]) and np.isnan(plain["request_success_share"])
