"""Atomic writes leave nothing behind: a killed run's temporary files go on the next run."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

import cctvgeo as cg
from cctvgeo._write import TMP_DIR, atomic_path, sweep
from cctvgeo.cli import main

#: A writer that starts a GeoPackage through atomic_path (GDAL's journal included), says
#: "writing", and waits to be killed.
WRITER = """
import sys, time, sqlite3
from cctvgeo._write import atomic_path
with atomic_path(sys.argv[1]) as tmp:
    db = sqlite3.connect(tmp)
    db.execute("PRAGMA journal_mode=DELETE")
    db.execute("BEGIN")
    db.execute("CREATE TABLE t (x)")
    db.execute("INSERT INTO t VALUES (1)")
    print("writing", flush=True)
    time.sleep(600)
"""


def start_writer(target: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(target)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    assert proc.stdout.readline() == "writing\n"
    return proc


def kill(proc: subprocess.Popen[str]) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.communicate()  # waits, and closes the pipe


def hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in (folder / TMP_DIR).iterdir())


def test_a_killed_writer_leaves_only_a_hidden_folder_that_the_next_run_empties(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "cams.gpkg"
    kill(start_writer(target))
    left = hidden(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == [TMP_DIR]  # nothing visible
    assert len(left) == 3  # the claim, the database and its -journal
    assert sum(name.endswith("-cams.gpkg-journal") for name in left) == 1
    # the next run, writing something else in the same folder, removes them
    survey = tmp_path / "s.csv"
    survey.write_text("id,lat,lon,status\nA,14.5,100.4,working\n", encoding="utf-8")
    assert main(["validate", str(survey), "--out", str(tmp_path), "--quiet"]) == 0
    capsys.readouterr()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "s.csv",
        "s_cameras.gpkg",
        "s_problems.csv",
        "s_validation.html",
    ]


def test_the_files_of_a_run_still_writing_are_kept(tmp_path: Path) -> None:
    proc = start_writer(tmp_path / "plan.xlsx")
    try:
        before = hidden(tmp_path)
        assert sweep(tmp_path) == []
        with atomic_path(tmp_path / "other.txt") as tmp:  # a second run in the same folder
            tmp.write_text("x", encoding="utf-8")
        assert hidden(tmp_path) == before
    finally:
        kill(proc)
    removed = sweep(tmp_path)
    assert sorted(p.name for p in removed) == before
    assert hidden(tmp_path) == []


def test_temporary_files_of_earlier_versions_are_removed(tmp_path: Path) -> None:
    """Names as ``tempfile.mkstemp(prefix=".<stem>.")`` made them beside the target."""
    old = [
        ".cams.k3j2_x9q.gpkg",
        ".cams.k3j2_x9q.gpkg-journal",
        ".cams.XXXX.gpkg",
        ".plan.ab12cd34.xlsx",  # plan.xlsx is there
        ".my.plan.v2.ab12cd34.html",  # my.plan.v2.html is there
    ]
    kept = [
        ".notes.txt",
        ".cams.gpkg",
        "cams.k3j2_x9q.gpkg",
        ".git.ab12cd34.keep",
        ".survey.ab12cd34.xlsx",  # no survey.xlsx here: not known to be a leftover
        "plan.xlsx",
        "my.plan.v2.html",
    ]
    for name in old + kept:
        (tmp_path / name).write_bytes(b"x")
    cams = cg.datasets.load_sample().cameras.head(2)
    cg.write_cameras(cams, tmp_path / "cams.gpkg")  # the target of the first three
    assert (tmp_path / ".plan.ab12cd34.xlsx").exists()  # another file's: not touched yet
    for target in ("plan.xlsx", "my.plan.v2.html"):  # each target sweeps its own leftovers
        with atomic_path(tmp_path / target) as tmp:
            tmp.write_bytes(b"x")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*kept, "cams.gpkg"])
    assert (
        cg.read_cameras(tmp_path / "cams.gpkg")["camera_id"].tolist() == cams["camera_id"].tolist()
    )


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "map.html"
    target.write_text("old", encoding="utf-8")

    def half_write() -> None:
        with atomic_path(target) as tmp:
            tmp.write_text("half", encoding="utf-8")
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        half_write()
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX advisory locks")
def test_a_claim_swept_before_it_is_locked_is_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race: a sweep removes a brand-new claim; the writer notices and takes another."""
    from cctvgeo import _write

    real = _write._try_lock
    calls: list[int] = []

    def sweep_first(fd: int) -> bool:
        if not calls:
            for claim in (tmp_path / TMP_DIR).glob("*.lock"):
                claim.unlink()  # as a sweep that won the lock would
        calls.append(fd)
        return real(fd)

    monkeypatch.setattr(_write, "_try_lock", sweep_first)
    with atomic_path(tmp_path / "a.txt") as tmp:
        claims = list((tmp_path / TMP_DIR).glob("*.lock"))
        assert len(calls) == 2 and len(claims) == 1
        assert tmp.name.startswith(claims[0].stem + "-")
        tmp.write_text("a", encoding="utf-8")
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "a"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]
