"""The documentation says what the code does."""

from __future__ import annotations

from pathlib import Path

import pytest

from cctvgeo._read import cells
from cctvgeo._read.headers import (
    CAMERA_ALIASES,
    COORDINATE_ALIASES,
    PERSONAL_DATA_ALIASES,
    REQUEST_ALIASES,
    RISK_POINT_ALIASES,
)

DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.mark.parametrize("table", [CAMERA_ALIASES, COORDINATE_ALIASES])
def test_every_header_alias_is_documented(table: dict[str, tuple[str, ...]]) -> None:
    text = (DOCS / "data-formats.md").read_text(encoding="utf-8")
    missing = [
        f"{k}: {a}" for k, aliases in table.items() for a in (k, *aliases) if f"`{a}`" not in text
    ]
    assert missing == [], "regenerate the tables in docs/data-formats.md"


def test_every_status_word_is_documented() -> None:
    text = (DOCS / "data-formats.md").read_text(encoding="utf-8")
    keys = {cells.key(w) for w in text.replace("`", " ").split()}
    documented = {
        k
        for k in cells.STATUS_WORDS
        if k in keys or any(k == cells.key(p) for p in text.split("`"))
    }
    assert set(cells.STATUS_WORDS) == documented


@pytest.mark.parametrize("table", [RISK_POINT_ALIASES, REQUEST_ALIASES, PERSONAL_DATA_ALIASES])
def test_every_risk_point_request_and_personal_header_is_documented(
    table: dict[str, tuple[str, ...]],
) -> None:
    text = (DOCS / "data-formats.md").read_text(encoding="utf-8")
    missing = [
        f"{k}: {a}" for k, aliases in table.items() for a in (k, *aliases) if f"`{a}`" not in text
    ]
    assert missing == [], "regenerate the risk point / request tables in docs/data-formats.md"


@pytest.mark.parametrize("words", [cells.CATEGORY_WORDS, cells.PRIORITY_WORDS, cells.OUTCOME_WORDS])
def test_every_risk_point_and_outcome_word_is_documented(words: dict[str, str]) -> None:
    text = (DOCS / "data-formats.md").read_text(encoding="utf-8")
    documented = {cells.key(p) for p in text.split("`")}
    assert set(words) - documented == set()


def test_riskpoints_page_names_every_demand_setting() -> None:
    from cctvgeo.riskpoints import DEMAND_FACTORS

    text = (DOCS / "riskpoints.md").read_text(encoding="utf-8")
    assert [f for f in DEMAND_FACTORS if f"demand_{f}" not in text] == []
