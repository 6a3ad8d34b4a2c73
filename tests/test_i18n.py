"""The one label table (cctvgeo._i18n): one Thai and one English text per key, no key twice."""

from __future__ import annotations

import ast
import re
import string
from collections import Counter
from pathlib import Path

import pytest

from cctvgeo import _i18n
from cctvgeo._i18n import TEXT, VOCABULARY, label, text

THAI = re.compile("[\u0e00-\u0e7f]")
#: Latin words a Thai text may hold: acronyms and format names, the letters that name
#: the committee pack map's enlarged areas (drawn on the map as A, B, ...), WKT's POINT and
#: the name OpenStreetMap.
LATIN_IN_THAI = {"PTZ", "WKT", "GeoJSON", "DORI", "A", "B", "UTM", "POINT", "OpenStreetMap"}
#: Code a problem's fix names as the user types it: names with "_" or "." (and their call),
#: keyword arguments ("crs="), quoted literals ("'recognise'") and ids ("RP-001").
CODE = re.compile(r"[\w.]*[_.]\w[\w.]*(?:\([^)]*\))?|\w+=|'[^']*'|\w+-\d+")


def test_every_key_has_one_thai_and_one_english_text() -> None:
    bad = {
        key: value
        for key, value in TEXT.items()
        if not (
            isinstance(value, tuple)
            and len(value) == 2
            and all(isinstance(t, str) and t.strip() for t in value)
        )
    }
    assert bad == {}


def test_thai_texts_are_thai_and_english_texts_english() -> None:
    thai_without_thai = [k for k, (th, _) in TEXT.items() if not THAI.search(th)]
    english_with_thai = [k for k, (_, en) in TEXT.items() if THAI.search(en)]
    latin_in_thai = {
        k: words
        for k, (th, _) in TEXT.items()
        if (words := set(re.findall("[A-Za-z]+", CODE.sub("", re.sub(r"\{[^}]*\}", "", th)))))
        - LATIN_IN_THAI
    }
    # Thai texts that are only patterns around other texts (a reason, a road and its class)
    assert thai_without_thai == ["reason_sentence", "reason_road_class"]
    assert english_with_thai == []
    assert latin_in_thai == {}


def test_both_languages_fill_in_the_same_values() -> None:
    def fields(t: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(t) if name}

    assert {k: v for k, v in TEXT.items() if fields(v[0]) != fields(v[1])} == {}


def test_no_key_is_written_twice_in_the_module() -> None:
    # a dict literal silently keeps the last of two equal keys: read the source itself
    tree = ast.parse(Path(_i18n.__file__).read_text(encoding="utf-8"))
    keys = [
        k.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Dict)
        for k in node.keys
        if isinstance(k, ast.Constant) and isinstance(k.value, str)
    ]
    assert len(keys) == len(TEXT) > 300
    assert [k for k, n in Counter(keys).items() if n > 1] == []


def test_the_table_refuses_a_key_given_twice() -> None:
    with pytest.raises(ValueError, match="'status' is defined twice"):
        _i18n._table({"status": ("สถานะ", "status")}, {"status": ("สถานะการคำนวณ", "status")})


def test_label_translates_only_values_and_reads_a_value_in_its_column() -> None:
    assert label("broken", "th") == "ชำรุด" and label("broken", "en") == "broken"
    assert label("equipment_thb", "th") == "equipment_thb"  # a column, not a value
    assert label("routes", "th", column="unit") == "เส้นทาง"
    assert label("routes", "th") == "routes"
    assert label(3, "th") == 3
    assert "section:roads" in VOCABULARY and "equipment_thb" not in VOCABULARY


def test_the_map_and_the_workbook_name_cost_items_alike() -> None:
    # once three tables named these differently (ค่ากล้อง / ค่าอุปกรณ์ ...)
    assert text("equipment_thb", "th") == "ค่าครุภัณฑ์กล้อง (บาท)"
    assert text("network_link_thb", "th") == "ค่าอุปกรณ์เชื่อมต่อเครือข่าย (บาท)"
    assert text("cooperation_thb", "th") == "ค่าประสานความร่วมมือ (บาท)"
