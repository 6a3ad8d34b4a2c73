"""Tests for cctvgeo.coverage.dori: DORI reach, fields of view and ground edges."""

from __future__ import annotations

import math

import numpy as np
import pytest

from cctvgeo import settings as cg_settings
from cctvgeo.coverage.dori import dori_reach, ground_edges, lens_hfov, vertical_fov


def test_dori_reach_matches_published_table() -> None:
    # EN 62676-4 worked numbers: 1920 px over 90 degrees.
    assert float(dori_reach(1920, 90, level="detect")) == pytest.approx(38.4, abs=0.05)
    assert float(dori_reach(1920, 90, level="recognise")) == pytest.approx(7.68, abs=0.05)
    assert float(dori_reach(1920, 60, level="recognise")) == pytest.approx(13.3, abs=0.05)
    assert float(dori_reach(1920, 90, level="identify")) == pytest.approx(3.84, abs=1e-9)


def test_dori_reach_follows_settings_table(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(cg_settings.dori_ppm, "recognise", 100.0)
    assert float(dori_reach(2000, 90, level="recognise")) == pytest.approx(10.0)
    with pytest.raises(ValueError, match="not a DORI level"):
        dori_reach(1920, 90, level="spot")


def test_panoramic_reach_spreads_pixels_over_the_angle() -> None:
    # 10240 px around 360 degrees: d = px / (ppm * 2 pi)
    assert float(dori_reach(10240, 360, level="detect")) == pytest.approx(
        10240 / (25 * 2 * math.pi)
    )
    assert float(dori_reach(3000, 120, level="detect", panoramic=True)) == pytest.approx(
        3000 / (25 * math.radians(120))
    )


def test_lens_hfov_and_vertical_fov() -> None:
    assert float(lens_hfov(2.0, 4.0)) == pytest.approx(90.0)  # w = 2 f
    assert np.isnan(lens_hfov(0.0, 4.0))
    assert float(vertical_fov(90.0)) == pytest.approx(math.degrees(2 * math.atan(9 / 16)))
    assert float(vertical_fov(90.0, aspect_ratio=1.0)) == pytest.approx(90.0)
    assert float(vertical_fov(360.0)) == cg_settings.panoramic_vfov_deg


def test_ground_edges_hand_case() -> None:
    near, far = ground_edges(6.0, 30.0, 30.0)  # lower edge 45 deg, upper edge 15 deg
    assert float(near) == pytest.approx(6.0)
    assert float(far) == pytest.approx(6.0 / math.tan(math.radians(15.0)))
    near, far = ground_edges(5.0, 10.0, 40.0)  # upper edge above the horizon
    assert float(far) == math.inf
    assert float(near) == pytest.approx(5.0 / math.tan(math.radians(30.0)))
    near, far = ground_edges(5.0, 80.0, 30.0)  # lower edge past the vertical
    assert float(near) == 0.0
    near, far = ground_edges(5.0, -30.0, 20.0)  # all above the horizon
    assert np.isnan(near)
    assert np.isnan(far)
