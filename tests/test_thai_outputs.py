"""The Thai outputs of ``cctvgeo demo`` say everything in Thai (the shared demo run).

Every text a reader sees in the Thai workbook of the plan, the dashboard (page, charts and
workbook) and the map (layer names, legend, title, popups and tooltips) is scanned for
Latin words. A word may stay in Latin letters only when it is:

* in :data:`KEPT`: units, acronyms and format names a Thai reader uses as they are;
* part of an identifier or a file name (it holds a digit, "_" or "."): camera ids,
  candidate ids, model ids, input files;
* a word of a catalogue model name (model names are kept as the catalogue names them);
* a word of the inputs' own free text (names, agencies, networks, reasons, budget sources):
  what the province typed is shown as typed.

The problem listing's messages and fixes, worded by the label table from each problem's
code, are Thai too; only the cells' values in it are shown as the province typed them.
"""

from __future__ import annotations

import base64
import html
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import cctvgeo as cg
from cctvgeo._i18n import text

#: Latin words a Thai output may show: units, acronyms, format names.
KEPT = frozenset({"CCTV", "PTZ", "ALPR", "GeoJSON", "WKT", "MP", "mm", "K", "IR"})
THAI = re.compile("[\u0e00-\u0e7f]")
_WORD = re.compile(r"[A-Za-z0-9_.\-]*[A-Za-z][A-Za-z0-9_.\-]*")
#: Columns of the sample's inputs whose text is the province's own.
_FREE_TEXT = (
    "name",
    "agency",
    "network",
    "repair_agency",
    "reason",
    "nominated_by",
    "budget_source",
)


def _words(text: Any) -> list[str]:
    return [w.strip(".-") for w in _WORD.findall(str(text))]


def _allowed_words() -> set[str]:
    sample = cg.datasets.load_sample()
    allowed = set(KEPT)
    frames = [sample.cameras, sample.risk_points, sample.roads]
    for frame in frames:
        for col in _FREE_TEXT:
            if col in frame.columns:
                for value in frame[col].dropna().astype(str).unique():
                    allowed.update(_words(value))
    for name in cg.planning.CostModel.default().catalogue()["name"].astype(str):
        allowed.update(_words(name))
    return allowed


def _stray(texts: Iterable[tuple[str, Any]], allowed: set[str]) -> dict[str, list[str]]:
    """Latin words not allowed, with up to 3 texts they were found in."""
    found: dict[str, list[str]] = defaultdict(list)
    for where, value in texts:
        for word in _words(value):
            if word in allowed or re.search(r"[0-9_.]", word) or not word:
                continue
            if len(found[word]) < 3:
                found[word].append(f"{where}: {str(value)[:120]}")
    return dict(found)


# --------------------------------------------------------------------------- texts of each output


def _workbook_texts(path: Path, skip_tables: Iterable[str] = ()) -> list[tuple[str, Any]]:
    """Every text cell, skipping the rows of tables captioned in ``skip_tables``."""
    out: list[tuple[str, Any]] = []
    skip = set(skip_tables)
    book = openpyxl.load_workbook(path, read_only=True)
    for ws in book.worksheets:
        out.append((f"{path.name} sheet name", ws.title))
        skipping = False
        for row in ws.iter_rows(values_only=True):
            cells = [v for v in row if isinstance(v, str)]
            if not any(v is not None for v in row):
                skipping = False
                continue
            if len(cells) == 1 and cells[0] in skip:
                skipping = True
            if not skipping:
                out += [(f"{path.name}:{ws.title}", v) for v in cells]
    book.close()
    return out


class _Visible(HTMLParser):
    """The text a browser shows: text outside script/style, alt and title attributes, and the
    text of SVG charts embedded as data URIs."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden = 0
        self.texts: list[tuple[str, Any]] = []
        self.skipping = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hidden += tag in ("script", "style")
        for key, value in attrs:
            if key in ("alt", "title") and value:
                self.texts.append((f"<{tag} {key}>", value))
            if key == "src" and value and value.startswith("data:image/svg+xml;base64,"):
                svg = base64.b64decode(value.split(",", 1)[1]).decode("utf-8")
                self.texts += [("chart", t) for t in re.findall(r"<text[^>]*>([^<]*)<", svg)]

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self.hidden and data.strip():
            self.texts.append(("page", data))


def _dashboard_texts(path: Path, skip_tables: Iterable[str]) -> list[tuple[str, Any]]:
    page = path.read_text(encoding="utf-8")
    for caption in skip_tables:  # the table after this caption, up to the next heading
        page = re.sub(rf"<h3>{re.escape(caption)}</h3>.*?(?=<h3>|</section>)", "", page, flags=re.S)
    parser = _Visible()
    parser.feed(page)
    return parser.texts


def _map_texts(path: Path) -> list[tuple[str, Any]]:
    """Layer names, legend, title, popup labels and values, tooltips of a saved map."""
    page = path.read_text(encoding="utf-8")
    decoder = json.JSONDecoder()
    out: list[tuple[str, Any]] = [
        ("layer name", n) for n in re.findall(r'"([^"]+)"\s*:\s*cctvgeo_layer_', page)
    ]
    for match in re.finditer(r"cctvgeo\.layer\(", page):
        data, end = decoder.raw_decode(page, match.end())
        spec, _ = decoder.raw_decode(page, page.index("{", end))
        for feature in data["features"]:
            out += [(f"popup {k}", v) for k, v in feature["properties"].items() if k != "_k"]
        out += [("popup label", label) for _, label in spec.get("fields", [])]
    for control in ("title", "legend"):
        for match in re.finditer(rf"cctvgeo\.{control}\(\w+, ", page):
            spec, _ = decoder.raw_decode(page, match.end())
            out += [(control, v) for v in _strings(spec, keys=("title", "subtitle", "label"))]
    return out


def _strings(value: Any, *, keys: tuple[str, ...]) -> list[Any]:
    if isinstance(value, dict):
        found = [v for k, v in value.items() if k in keys and isinstance(v, str)]
        return found + [s for v in value.values() for s in _strings(v, keys=keys)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v, keys=keys)]
    return []


# --------------------------------------------------------------------------- tests

_PROBLEM_LISTING = text("cap_problem_list", "th")


@pytest.fixture(scope="module")
def demo(demo_run: Any) -> Path:
    assert demo_run.code == 0
    return Path(demo_run.out)


@pytest.fixture(scope="module")
def allowed() -> set[str]:
    return _allowed_words()


@pytest.mark.parametrize("output", ["plan.xlsx", "dashboard.xlsx", "dashboard.html", "map.html"])
def test_thai_outputs_carry_no_stray_english(demo: Path, allowed: set[str], output: str) -> None:
    path = demo / output
    if output.endswith(".xlsx"):
        texts = _workbook_texts(path, skip_tables=[_PROBLEM_LISTING])
    elif output == "map.html":
        texts = _map_texts(path)
    else:
        texts = _dashboard_texts(path, skip_tables=[_PROBLEM_LISTING])
    assert len(texts) > 50, f"{output}: the scan found almost no text; is the parser broken?"
    stray = _stray(texts, allowed)
    assert not stray, f"{output} has English words outside the allowed list:\n" + "\n".join(
        f"  {word!r}: {places}" for word, places in sorted(stray.items())
    )


def test_the_scan_finds_english_where_there_is_some(allowed: set[str]) -> None:
    found = _stray([("a", "ติดตั้ง re-aim 12 m"), ("b", "ATG-0001 2 MP CCTV ถนน")], allowed)
    assert found == {"re-aim": ["a: ติดตั้ง re-aim 12 m"], "m": ["a: ติดตั้ง re-aim 12 m"]}


def test_the_problem_listing_frames_the_readers_messages_in_thai(
    demo: Path, allowed: set[str]
) -> None:
    # The listing is left out above for its cells' values; every other column is Thai.
    book = openpyxl.load_workbook(demo / "dashboard.xlsx", read_only=True)
    rows = [r for ws in book.worksheets for r in ws.iter_rows(values_only=True)]
    book.close()
    start = rows.index(next(r for r in rows if r[:1] == (_PROBLEM_LISTING,))) + 1
    header = list(rows[start])
    framed = [i for i, h in enumerate(header) if h != text("col_value", "th")]
    listing = []
    for row in rows[start + 1 :]:
        if not any(v is not None for v in row):
            break  # the listing ends at the next empty row
        listing.append(row)
    texts = [("listing", r[i]) for r in listing for i in framed if i < len(r) and r[i] is not None]
    assert len(texts) > 100 and _stray(texts, allowed) == {}


def test_validation_messages_of_the_thai_dashboard_are_thai(demo: Path, allowed: set[str]) -> None:
    # every column of the listing but the cells' values (shown as the province typed them)
    page = (demo / "dashboard.html").read_text(encoding="utf-8")
    listing = page.split(f"<h3>{_PROBLEM_LISTING}</h3>", 1)[1].split("</table>", 1)[0]
    rows = [
        [
            html.unescape(re.sub("<[^>]+>", "", c))
            for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", r)
        ]
        for r in re.findall(r"<tr[^>]*>(.*?)</tr>", listing, flags=re.S)
    ]
    value = rows[0].index(text("col_value", "th"))
    problem, fix = (rows[0].index(text(k, "th")) for k in ("col_problem", "col_fix"))
    texts = [("listing", cell) for row in rows[1:] for i, cell in enumerate(row) if i != value]
    assert len(rows) > 10 and _stray(texts, allowed) == {}
    assert all(THAI.search(row[problem]) and THAI.search(row[fix]) for row in rows[1:])
    assert "abc" in {row[value] for row in rows[1:]}  # the sample's bad heading, verbatim
