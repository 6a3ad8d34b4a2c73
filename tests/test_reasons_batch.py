"""The reasons of many picks at once equal the reasons found pick by pick."""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely import Point

from cctvgeo.planning.reasons import DemandText

KINDS = ("segment", "point", "route")
NAMES = ("", "Rama IV", "Sukhumvit", "segment:7", "school", "market")
HIGHWAYS = (None, "primary", "residential")
LANGS = ("en", "th")


def reference_facts(texts: DemandText, note: dict[str, Any], lang: str) -> dict[str, Any]:
    """One pick's facts, found alone with a pandas group-by (the definition)."""
    cols = np.asarray(note["columns"], dtype=np.intp)
    gain, before, after = (
        np.asarray(note[k], dtype=float) for k in ("gain", "m1_before", "m1_after")
    )
    kind = texts.kind[cols]
    up, down = gain > 0, gain < 0
    first = up & (before == 0) & (after > 0)
    seg = up & (kind == "segment")
    metres = (after - before) * texts.length[cols]
    roads = pd.DataFrame(
        {"name": [texts._road_name(int(j), lang) for j in cols[seg]], "m": metres[seg]}
    )
    top = roads.groupby("name")["m"].sum().sort_values(ascending=False).head(3)
    return {
        "points": cols[up & (kind == "point") & first].tolist(),
        "backup": cols[up & (kind == "point") & ~first].tolist(),
        "routes": cols[up & (kind == "route") & (before == 0)].tolist(),
        "lost": cols[down & (kind == "point")].tolist(),
        "road_m": float(metres[seg & (metres > 0)].sum()),
        "hot_m": float(metres[seg & texts.hotspot[cols]].sum()),
        "lost_m": float(-metres[down & (kind == "segment") & (metres < 0)].sum()),
        "top_roads": [(str(n), float(m)) for n, m in top.items() if m >= 0.5],
    }


@st.composite
def instances(draw: st.DrawFn) -> tuple[gpd.GeoDataFrame, list[dict[str, Any]]]:
    """A demand of up to 25 elements and up to 6 notes on it (ties and repeats likely)."""
    n = draw(st.integers(1, 25))
    pick = st.lists(st.sampled_from(range(n)), unique=True, max_size=n)
    demand = gpd.GeoDataFrame(
        {
            "kind": draw(st.lists(st.sampled_from(KINDS), min_size=n, max_size=n)),
            "name": draw(st.lists(st.sampled_from(NAMES), min_size=n, max_size=n)),
            "demand_id": [f"d{j}" for j in range(n)],
            "priority": draw(st.lists(st.sampled_from([None, "high"]), min_size=n, max_size=n)),
            "highway": draw(st.lists(st.sampled_from(HIGHWAYS), min_size=n, max_size=n)),
            "length_m": draw(
                st.lists(st.sampled_from([0.3, 7.0, 10.0, 20.0]), min_size=n, max_size=n)
            ),
            "hotspot_boost": draw(st.lists(st.sampled_from([1.0, 2.0]), min_size=n, max_size=n)),
        },
        geometry=[Point(j, 0) for j in range(n)],
        crs=32647,
    )
    shares = st.sampled_from([0.0, 0.1, 0.3, 0.5, 1.0])
    notes = []
    for cols in draw(st.lists(pick, max_size=6)):
        k = len(cols)
        notes.append(
            {
                "columns": np.array(cols, dtype=np.intp),
                "gain": np.array(
                    draw(st.lists(st.sampled_from([-1.0, 0.5, 2.0]), min_size=k, max_size=k))
                ),
                "m1_before": np.array(draw(st.lists(shares, min_size=k, max_size=k))),
                "m1_after": np.array(draw(st.lists(shares, min_size=k, max_size=k))),
            }
        )
    return demand, notes


@settings(max_examples=60, deadline=None)
@given(instances())
def test_facts_of_all_picks_equal_the_facts_of_each_pick(instance: Any) -> None:
    demand, notes = instance
    texts = DemandText(demand)
    for lang in LANGS:
        batch = texts._per_pick(texts._facts(notes), lang)
        assert len(batch) == len(notes)
        for got, note in zip(batch, notes, strict=True):
            want = reference_facts(texts, note, lang)
            for key in ("points", "backup", "routes", "lost"):
                assert got[key].tolist() == want[key], key
            for key in ("road_m", "hot_m", "lost_m", "top_roads"):
                assert got[key] == want[key], key


@settings(max_examples=30, deadline=None)
@given(instances())
def test_reasons_of_all_picks_equal_the_reason_of_each(instance: Any) -> None:
    demand, notes = instance
    texts = DemandText(demand)
    rows = pd.DataFrame(
        {
            "kind": ["repair", "link", "new", "re-aim", "repair", "new"][: len(notes)],
            "camera_id": [f"C{k}" for k in range(len(notes))],
            "site_name": [f"pole {k}" for k in range(len(notes))],
            "heading_deg": [90.0, None, "275", 10.0, np.nan, 180.0][: len(notes)],
            "status_before": "broken",
        },
        index=pd.RangeIndex(10, 10 + len(notes)),
    )
    batch = texts.reasons(rows, notes)
    assert list(batch.index) == list(rows.index)
    for (label, row), note in zip(rows.iterrows(), notes, strict=True):
        one = texts.reason(row, note)
        assert dict(batch.loc[label]) == one
    if len(notes) > 2:  # a heading given as text is read as a number
        assert batch["en"].iloc[2].startswith("New camera at pole 2, facing west (275°)")
