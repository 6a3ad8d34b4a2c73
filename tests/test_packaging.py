"""The package works from a normal, non-editable install: the sample data ships in the wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_ships_the_sample_and_loads_it(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("cctvgeo-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for shipped in (
        "cctvgeo/py.typed",
        "cctvgeo/sample_data/angthong.gpkg",
        "cctvgeo/sample_data/angthong_survey.xlsx",
        "cctvgeo/sample_data/thailand_provinces.gpkg",
        "cctvgeo/national/sample.py",
        "cctvgeo/maps/static/cctvgeo.js",
        "cctvgeo/maps/static/cctvgeo.css",
        "cctvgeo/report/templates/dashboard.html.j2",
    ):
        assert shipped in names
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    # the map's script and the dashboard's template are read from the installed package
    code = (
        "import cctvgeo; s = cctvgeo.datasets.load_sample(); "
        "page = cctvgeo.maps.cameras_map(s.cameras).get_root().render(); "
        "html = cctvgeo.report.dashboard(s.cameras).to_html_text(); "
        "assert 'drawRoutes: drawRoutes' in page and '<section id=\"status\">' in html; "
        "print(cctvgeo.__file__, len(s.cameras))"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=tmp_path,
    )
    where, n = out.stdout.split()
    assert Path(where).is_relative_to(target)
    assert int(n) == 860
