"""Shared fixtures: the real datasets in ../shared/realdata, skipped with a reason when absent."""

from __future__ import annotations

from pathlib import Path

import pytest

REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"


@pytest.fixture
def realdata() -> Path:
    """The folder of real datasets; tests using it skip in a user's clone without ../shared."""
    if not REALDATA.is_dir():
        pytest.skip(f"real datasets not found at {REALDATA} (they live beside the repo in CI)")
    return REALDATA
