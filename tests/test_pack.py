"""The committee pack (issue 17): projects, their totals and approval bodies, and the documents.

The demo's pack comes from the session's one ``cctvgeo demo`` run (``demo_run`` in
conftest.py, which keeps the Proposals it wrote); a tiny hand-made plan with hostile names
checks escaping, personal data and byte-identical re-runs without the pipeline.

``pdftotext`` gives Thai back as the PDF's glyphs map to text, not as it was written. The
PDF is right (the page images show it); its text layer is lossy in three ways: a tone mark
and an upper vowel on one consonant may come out swapped; SARA AM (ำ) is drawn as two
glyphs, NIKHAHIT and SARA AA, and WeasyPrint maps each glyph back to the text it was first
drawn with (its ``ToUnicode`` map; Kozea/WeasyPrint#2841; the font's own character map is
right), so when a document's first SARA AA glyph drew ำ, "ทาง" comes out as "ทำง"; and
wrapped table cells break lines inside names.
:func:`canonical` undoes these on both sides before comparing: NFKD (ำ becomes NIKHAHIT +
SARA AA), NIKHAHIT dropped, white space dropped, each run of combining marks sorted. It
merges only า with ำ; different consonants or vowels still differ, so a wrong name fails.
``-raw`` keeps each table cell's text together (the default order interleaves columns).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely import LineString, Point, box

from cctvgeo import settings
from cctvgeo.pack import write_pack
from cctvgeo.planning import plan as make_plan

XSS = "<script>alert(1)</script>"
JINJA = "{{ 7*7 }}"
FORMULA = '=HYPERLINK("http://x.example","y")'
PHONE = "081-234-5678"
RISK_NAME = f"ตลาดสด <b>{JINJA}</b> & co"
SITE_NAME = f"{FORMULA} หน้าตลาด {XSS}"
ROUTE_NAME = f"เส้นทางหลบหนี โทร {PHONE}"


def _pdf_tools_missing() -> str | None:
    try:
        import weasyprint  # noqa: F401
    except ImportError:
        return "WeasyPrint is not installed"
    if shutil.which("pdftotext") is None:
        return "pdftotext is missing (Debian: apt-get install poppler-utils)"
    from cctvgeo.pack._pdf import font_files

    if "normal" not in font_files():
        return "the Laksaman font is missing (Debian: apt-get install fonts-tlwg-laksaman)"
    return None


@pytest.fixture(scope="module")
def pdf_tools() -> None:
    """Skip the PDF tests without WeasyPrint, poppler or Laksaman; under CI fail instead."""
    reason = _pdf_tools_missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the PDF tests, but {reason}")
        pytest.skip(reason)


_MARKS = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]+")


def canonical(text: str) -> str:
    """Thai text as compared: NFKD, no NIKHAHIT, no white space, combining marks sorted."""
    text = re.sub(r"[\s\u0e4d]+", "", unicodedata.normalize("NFKD", text))
    return _MARKS.sub(lambda m: "".join(sorted(m.group())), text)


def pdf_text(path: Path) -> str:
    out = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return out.stdout.decode("utf-8")


def docx_text(path: Path) -> str:
    """The document's text, from its XML (runs joined, entities decoded)."""
    import html

    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    return html.unescape("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)))


# --------------------------------------------------------------------------- a tiny plan


def tiny_plan() -> Any:
    """Two road pieces, a risk point and a route; a new camera at each end and a repair."""
    demand = gpd.GeoDataFrame(
        {
            "demand_id": ["segment:0", "segment:1", "point:RP-1", "route:R1"],
            "kind": ["segment", "segment", "point", "route"],
            "weight": [20.0, 20.0, 100.0, 50.0],
            "name": ["ถนนเทศบาล 1", "ถนนเทศบาล 1", RISK_NAME, ROUTE_NAME],
            "highway": ["primary", "primary", None, None],
            "priority": [None, None, "urgent", None],
            "k_required": [1, 1, 1, 1],
        },
        geometry=[
            LineString([(0, 0), (20, 0)]),
            LineString([(20, 0), (40, 0)]),
            Point(100, 0),
            LineString([(100, 0), (100, 60)]),
        ],
        crs=32647,
    )
    n = 3
    cands = gpd.GeoDataFrame(
        {
            "candidate_id": ["c1", "c2", "r1"],
            "kind": ["new", "new", "repair"],
            "site_id": ["S1", "S2", "camera:CAM-9"],
            "group": ["S1@090", "S2@090", "camera:CAM-9"],
            "site_name": ["ถนนเทศบาล 1", SITE_NAME, "หน้าวัด"],
            "camera_id": [None, None, "CAM-9"],
            "status_before": [None, None, "broken"],
            "model_name": ["2 MP bullet", "2 MP bullet", "existing fixed"],
            "equipment_thb": [6000.0, 6000.0, 0.0],
            "installation_thb": [7000.0, 7000.0, 0.0],
            "pole_thb": [25000.0, 25000.0, 0.0],
            "network_link_thb": [8000.0, 8000.0, 0.0],
            "repair_thb": [0.0, 0.0, 9000.0],
            "maintenance_thb_per_year": [1500.0, 1500.0, 1500.0],
            "electricity_thb_per_year": [500.0, 500.0, 200.0],
            "link_fee_thb_per_year": [6000.0, 6000.0, 0.0],
            "capital_thb": [46000.0, 46000.0, 9000.0],
            "running_thb_per_year": [8000.0, 8000.0, 1700.0],
            "site_x": [0.0, 95.0, 100.0],
            "site_y": [0.0, 0.0, 30.0],
            "heading_deg": [90.0, 90.0, 0.0],
            "level": ["recognise"] * n,
            "far_m": [40.0] * n,
        },
        geometry=[box(0, -5, 40, 5), box(95, -5, 110, 5), box(95, 25, 105, 40)],
        crs=32647,
    )
    return make_plan(demand, cands, annual_budgets=[70_000, 100_000])


def write_tiny(folder: Path, workers: int | None = None) -> list[Path]:
    """The tiny plan's pack, its agency overridden with markup (written in several ways)."""
    props = tiny_plan().proposals(agency=f"อบต. {XSS}")
    return write_pack(props, folder, workers=workers)


@pytest.fixture(scope="module")
def tiny() -> Any:
    return tiny_plan()


@pytest.fixture(scope="module")
def tiny_pack(tmp_path_factory: pytest.TempPathFactory, pdf_tools: None) -> Path:
    folder = tmp_path_factory.mktemp("tiny")
    write_tiny(folder)
    return folder


# --------------------------------------------------------------------------- projects


def test_tiny_projects_by_hand(tiny: Any) -> None:
    props = tiny.proposals()
    sites = props.sites.set_index("candidate_id")
    # year 1 (70,000): the repair sees the route (50 for 10,700), c2 the urgent risk point
    # (100 for 54,000); c1 (54,000) no longer fits and comes in year 2, whose 100,000 first
    # pay the 9,700 running costs of year 1's cameras
    assert sites["year"].to_dict() == {"c2": 1, "r1": 1, "c1": 2}
    # no survey given: the repair's agency and every funding source are unassigned, so one
    # project per year
    assert props.projects["project_id"].tolist() == ["1-01", "2-01"]
    p1 = props.projects.iloc[0]
    assert (p1["n_new"], p1["n_repair"], p1["n_reaim"]) == (1, 1, 0)
    assert p1["capital_thb"] == 46_000 + 9_000
    # running costs: 5 years (the default horizon) from year 1 for c2 and the repair
    assert p1["running_thb"] == pytest.approx(5 * (8_000 + 1_700))
    assert p1["request_thb"] == pytest.approx(46_000 + 8_000 + 9_000 + 1_700)
    lines = props.budget_lines().set_index(["project_id", "budget_line"])
    equipment = lines.loc[("1-01", "งบลงทุน ค่าครุภัณฑ์ (capital: equipment)"), "capital_thb"]
    assert equipment == 6_000 + 7_000 + 8_000  # camera, installation and network link
    seen = props.covers[props.covers["project_id"] == "1-01"]
    assert seen["name"].tolist() == [RISK_NAME, ROUTE_NAME]
    assert seen["before"].tolist() == [False, False]
    cov = props.coverage.set_index(["project_id", "measure"])
    assert cov.loc[("1-01", "risk points"), ["before", "after", "total"]].tolist() == [0, 1, 1]
    assert cov.loc[("2-01", "road"), "before"] == 0.0
    assert cov.loc[("2-01", "road"), "after"] == pytest.approx(40.0)
    # year 2's camera closes both road pieces' gap
    assert sorted(props.gaps.loc[props.gaps["project_id"] == "2-01", "demand_id"]) == [
        "segment:0",
        "segment:1",
    ]


def test_grouping_rule_can_be_overridden(tiny: Any) -> None:
    props = tiny.proposals(agency=["อบจ.", "เทศบาล", "อบจ."], by=("agency", "year"))
    assert props.projects[["project_id", "year", "agency"]].values.tolist() == [
        ["1-01", 1, "อบจ."],
        ["1-02", 1, "เทศบาล"],
        ["2-01", 2, "อบจ."],
    ]
    kinds = tiny.proposals(by=("year", "kind")).projects
    assert kinds[["year", "kind"]].values.tolist() == [[1, "new"], [1, "repair"], [2, "new"]]
    funded = tiny.proposals(funding_source=lambda s: np.where(s["kind"] == "new", "งบกลาง", ""))
    assert set(funded.projects["funding_source"]) == {"งบกลาง", ""}
    with pytest.raises(ValueError, match="must include 'year'"):
        tiny.proposals(by=("agency",))
    with pytest.raises(ValueError, match="gives 2 values for 3 sites"):
        tiny.proposals(agency=["a", "b"])


def test_survey_columns_give_agencies_and_sources(tiny: Any) -> None:
    cams = pd.DataFrame(
        {"camera_id": ["CAM-9"], "agency": ["เทศบาลตำบล ก"], "repair_agency": [None]}
    )
    props = tiny.proposals(cameras=cams)
    repair = props.sites[props.sites["kind"] == "repair"]
    assert repair["agency"].tolist() == ["เทศบาลตำบล ก"]  # no repair agency: the camera's own


def test_demo_projects_add_up_to_the_plans_spending_per_year(demo_run: Any) -> None:
    props = demo_run.proposals
    assert props is not None, "the demo wrote no pack"
    plan = props.plan
    spend = props.spend_by_year()
    years = plan.years.set_index("year")["charged_thb"]
    np.testing.assert_allclose(spend.loc[years.index].to_numpy(), years.to_numpy(), rtol=1e-12)
    # each project's total is its capital and every year's running costs, site by site
    by_site = props.sites.groupby("project_id")[["capital_thb", "charged_thb"]].sum()
    projects = props.projects.set_index("project_id")
    np.testing.assert_allclose(projects["capital_thb"], by_site["capital_thb"])
    np.testing.assert_allclose(projects["request_thb"], by_site["charged_thb"])
    np.testing.assert_allclose(projects["total_thb"].sum(), props.costs["amount_thb"].sum())
    assert (props.costs["item"] != "not itemised").all()
    assert len(props.sites) == len(plan.sites)
    assert props.sites["project_id"].notna().all()


def test_demo_approval_bodies_follow_the_threshold(
    demo_run: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def body(total: float) -> str:  # brute force: the highest threshold the request reaches
        return [name for low, name, _ in sorted(settings.approval_levels) if total >= low][-1]

    props = demo_run.proposals
    got = props.projects["approval_level"].tolist()
    assert got == [body(v) for v in props.projects["request_thb"]]
    # the plan's own projects (new cameras, repairs, re-aims per year), with a threshold
    # inside their range: both bodies occur
    by_kind = ("year", "kind")
    low = float(props.plan.proposals(by=by_kind).projects["request_thb"].median())
    monkeypatch.setattr(
        settings,
        "approval_levels",
        ((0.0, "provincial working group", "คณะทำงานระดับจังหวัด"), (low, "national", "ชาติ")),
    )
    again = props.plan.proposals(by=by_kind).projects
    assert again["approval_level"].tolist() == [body(v) for v in again["request_thb"]]
    assert set(again["approval_level"]) == {"provincial working group", "national"}


# --------------------------------------------------------------------------- documents


def test_demo_pack_files(demo_run: Any) -> None:
    assert demo_run.code == 0
    props = demo_run.proposals
    folder = demo_run.out / "proposals"
    names = sorted(p.name for p in folder.iterdir())
    stems = ["cover-provincial-working-group"] + [
        f"project-{p}" for p in props.projects["project_id"]
    ]
    assert names == sorted(f"{s}.{f}" for s in stems for f in ("pdf", "docx"))


def test_demo_proposals_say_total_body_and_risk_points_in_thai(
    demo_run: Any, pdf_tools: None
) -> None:
    props = demo_run.proposals
    folder = demo_run.out / "proposals"
    named = props.covers[props.covers["kind"] == "risk point"]
    assert len(named) > 0
    for row in props.projects.itertuples():
        text = canonical(pdf_text(folder / f"project-{row.project_id}.pdf"))
        assert canonical(f"{row.total_thb:,.0f}") in text, row.project_id
        assert canonical(row.approval_level_th) in text, row.project_id
        assert canonical("ค่าบำรุงรักษา") in text  # the running costs are visible
        for name in named.loc[named["project_id"] == row.project_id, "name"]:
            assert canonical(name) in text, (row.project_id, name)
    cover = canonical(pdf_text(folder / "cover-provincial-working-group.pdf"))
    curve = props.plan.coverage_curve()
    assert canonical(f"{curve['budget_thb'].iloc[-1]:,.0f}") in cover
    assert canonical(f"{props.projects['total_thb'].sum():,.0f}") in cover


def test_canonical_form_keeps_texts_apart() -> None:
    # pdftotext's forms of the same text agree; different names do not
    assert canonical("ค่าบำรุง") == canonical("ค่าบํารุง")  # SARA AM, or NIKHAHIT + SARA AA
    assert canonical("กี่") == canonical("ก\u0e48\u0e35")  # tone mark before the vowel
    assert canonical("เส้นทาง") == canonical("เส้นทำง")  # the font's one SARA AA glyph
    assert canonical("ตลาด สด") == canonical("ตลาดสด")
    assert canonical("ตลาดสด") != canonical("ตลาดสุด")


def test_each_map_is_drawn_as_on_a_new_figure(demo_run: Any) -> None:
    """The maps share one figure; a map drawn after others has the bytes of one drawn alone."""
    import matplotlib as mpl

    from cctvgeo.pack._map import Sheet, project_layers

    props = demo_run.proposals
    layers = project_layers(props)
    sizes = {pid: len(one.xy) for pid, one in layers.items()}
    # a small project first, then the largest one, whose overview takes in the small one's place
    small, big = min(sizes, key=sizes.get), max(sizes, key=sizes.get)
    shared = Sheet()
    drawn = [shared.png(layers[p]) for p in (small, big)]
    with mpl.rc_context({"lines.linewidth": 5.0, "font.size": 20.0, "hatch.linewidth": 3.0}):
        alone = Sheet().png(layers[big])  # the caller's matplotlib settings are not used
    assert drawn[1] == alone
    assert drawn[0] != drawn[1]


def test_column_widths_by_hand() -> None:
    """Floors: a number, 7 Thai letters of a word + 1; then the fewest lines for long texts."""
    from cctvgeo.pack._content import Table
    from cctvgeo.pack._pdf import column_widths

    table = Table(
        caption="",
        headers=["รหัสโครงการ", "ชื่อ", "หน่วยงาน"],
        rows=[["1-01", "ก" * 60, "ข" * 20]],
        numeric=[False, False, False],
    )
    # floors 8, 8, 8; 60 and 20 letters do not fit one line (8 + 60 + 20 + 3 x 1.5 > 75),
    # they fit two: 8, 30, 10, each with 1.5 of padding, of 52.5
    assert column_widths(table) == ["18.1", "60.0", "21.9"]


def test_demo_docx_holds_the_same_facts(demo_run: Any) -> None:
    props = demo_run.proposals
    row = props.projects.iloc[0]
    text = docx_text(demo_run.out / "proposals" / f"project-{row['project_id']}.docx")
    assert f"{row['total_thb']:,.0f}" in text
    assert row["approval_level_th"] in text
    assert "ค่าบำรุงรักษา" in text
    with zipfile.ZipFile(demo_run.out / "proposals" / f"project-{row['project_id']}.docx") as z:
        assert any(n.startswith("word/media/") for n in z.namelist())  # the map
        core = z.read("docProps/core.xml").decode()
        assert "2000-01-01T00:00:00Z" in core


def test_hostile_text_is_written_verbatim(tiny_pack: Path) -> None:
    pdf = pdf_text(tiny_pack / "project-1-01.pdf")
    docx = docx_text(tiny_pack / "project-1-01.docx")
    for text in (canonical(pdf), canonical(docx)):
        for hostile in (XSS, JINJA, FORMULA, RISK_NAME):
            assert canonical(hostile) in text, hostile
    assert PHONE not in pdf and PHONE not in docx  # personal data replaced (PDPA)
    assert "[ลบข้อมูลส่วนบุคคล]" in docx


def test_each_page_has_its_number_in_its_document(tiny_pack: Path) -> None:
    """``หน้า k/N`` at the foot of page k of each document; N its own page count."""
    for pdf in sorted(tiny_pack.glob("*.pdf")):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True, text=True)
        pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))  # type: ignore[union-attr]
        for k in range(1, pages + 1):
            page = subprocess.run(
                ["pdftotext", "-f", str(k), "-l", str(k), "-enc", "UTF-8", str(pdf), "-"],
                capture_output=True,
                check=True,
            ).stdout.decode("utf-8")
            assert canonical(f"หน้า {k}/{pages}") in canonical(page), (pdf.name, k)


def test_english_on_request(tiny: Any, tmp_path: Path, pdf_tools: None) -> None:
    write_pack(tiny.proposals(), tmp_path, lang="en", formats=("pdf",))
    text = pdf_text(tmp_path / "project-1-01.pdf")
    assert "Approving body" in text and "provincial working group" in text
    assert "Maintenance" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "cover-provincial-working-group.pdf",
        "project-1-01.pdf",
        "project-2-01.pdf",
    ]


def test_rerun_in_another_process_gives_the_same_bytes(tiny_pack: Path, tmp_path: Path) -> None:
    script = (
        "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[2]); "
        "import test_pack; test_pack.write_tiny(Path(sys.argv[1]))"
    )
    tests = str(Path(__file__).parent)
    subprocess.run([sys.executable, "-c", script, str(tmp_path), tests], check=True)
    names = sorted(p.name for p in tiny_pack.iterdir())
    assert names == sorted(p.name for p in tmp_path.iterdir())
    for name in names:
        assert (tiny_pack / name).read_bytes() == (tmp_path / name).read_bytes(), name


def test_same_bytes_whichever_process_writes_a_document(
    tiny_pack: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One process (all in a batch), two (one child), three (each document alone, two in
    children): the bytes of :func:`write_tiny`'s default run, document by document."""
    from cctvgeo.pack import _jobs

    monkeypatch.setattr(_jobs, "_START_CELLS", 0)  # the tiny documents go to the children too
    names = sorted(p.name for p in tiny_pack.iterdir())
    for workers in (1, 2, 3):
        folder = tmp_path / str(workers)
        write_tiny(folder, workers=workers)
        assert sorted(p.name for p in folder.iterdir()) == names
        for name in names:
            assert (folder / name).read_bytes() == (tiny_pack / name).read_bytes(), (workers, name)


def test_shares_are_fixed_by_the_documents() -> None:
    from cctvgeo.pack._jobs import processes, shares

    # largest first to the least loaded; ties to the first share
    assert shares([3, 3, 2, 2, 2], 2, 0) == [[0, 2, 4], [1, 3]]
    assert shares([1, 1, 1], 3, 0) == [[0], [1], [2]]
    assert shares([5], 2, 0) == [[0], []]
    # the children start later: this process takes more
    assert shares([3, 3, 2, 2, 2], 2, 2) == [[0, 2, 3], [1, 4]]
    assert processes(1, 30) == 1 and processes(3, 2) == 2
    assert 1 <= processes(None, 30) <= 4 and processes(None, 5) == 1
    with pytest.raises(ValueError, match="workers"):
        processes(0, 30)


def test_a_failing_child_is_reported(
    tiny: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cctvgeo.pack import _jobs
    from cctvgeo.pack._content import documents
    from cctvgeo.pack._jobs import Job, Pool, shares, work

    monkeypatch.setattr(_jobs, "_START_CELLS", 0)
    docs = documents(tiny.proposals(), "th", {}, None)
    child = shares([work(doc) for doc in docs], 2, 0)[1]  # the child's documents go nowhere
    jobs = [
        Job(doc, pdf=None, docx=tmp_path / ("missing" if k in child else "") / f"{doc.stem}.docx")
        for k, doc in enumerate(docs)
    ]
    with (
        pytest.raises(RuntimeError, match=r"(?s)committee pack failed.*FileNotFoundError"),
        Pool(2) as pool,
    ):
        pool.write(jobs, ("", ""))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"{doc.stem}.docx" for k, doc in enumerate(docs) if k not in child
    )


def test_children_are_stopped_when_the_caller_fails_first() -> None:
    from cctvgeo.pack._jobs import Pool

    pool = Pool(3)

    def fail() -> None:
        with pool:
            raise ValueError("failed before the shares were dealt")

    with pytest.raises(ValueError, match="before the shares"):
        fail()
    children = pool.children
    assert len(children) == 2
    assert all(child.proc.returncode is not None for child in children)
    assert not any(child.share.parent.exists() for child in children)  # the folder is gone


def test_a_pack_started_then_cancelled_leaves_nothing(tiny: Any, tmp_path: Path) -> None:
    """start_pack hands the children their shares; cancel (the caller's other work failed)
    stops them and removes every temporary file, and an earlier pack stays as it was."""
    from cctvgeo.pack import start_pack

    (tmp_path / "project-1-01.docx").write_bytes(b"last year's")
    started = start_pack(tiny.proposals(), tmp_path, formats=("docx",), workers=2, busy_s=1.0)
    children = started._pool.children
    assert len(children) == 1 and children[0].proc.poll() is None  # writing its share
    started.cancel()
    assert all(child.proc.returncode is not None for child in children)
    assert [p.name for p in tmp_path.iterdir()] == ["project-1-01.docx"]
    assert (tmp_path / "project-1-01.docx").read_bytes() == b"last year's"


def test_busy_time_makes_this_process_share_smaller(tiny: Any, tmp_path: Path) -> None:
    """A pack started with other work to do meanwhile gives this process fewer documents,
    and the same bytes as one written at once."""
    from cctvgeo.pack import _jobs, start_pack
    from cctvgeo.pack._content import documents

    docs = documents(tiny.proposals(), "th", {}, None)
    load = [_jobs.work(doc) for doc in docs]
    idle, busy = (_jobs.shares(load, 2, 0, cells)[0] for cells in (0, sum(load)))
    assert busy == [] and len(idle) > 0  # busy enough: the child writes everything
    at_once = write_pack(tiny.proposals(), tmp_path / "a", formats=("docx",), workers=2)
    started = start_pack(tiny.proposals(), tmp_path / "b", formats=("docx",), workers=2, busy_s=60)
    later = started.wait()
    assert [p.name for p in later] == [p.name for p in at_once]
    assert [p.read_bytes() for p in later] == [p.read_bytes() for p in at_once]


def test_stale_pack_files_are_removed_and_others_kept(tiny: Any, tmp_path: Path) -> None:
    (tmp_path / "project-9-99.pdf").write_bytes(b"old")
    (tmp_path / "notes.pdf").write_bytes(b"mine")
    write_pack(tiny.proposals(), tmp_path, formats=("docx",))
    assert not (tmp_path / "project-9-99.pdf").exists()
    assert (tmp_path / "notes.pdf").read_bytes() == b"mine"


def test_missing_font_falls_back_with_a_warning(
    tiny: Any, tmp_path: Path, pdf_tools: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cctvgeo.pack import _pdf

    monkeypatch.setattr(_pdf, "font_files", dict)
    with pytest.warns(UserWarning, match="fonts-tlwg-laksaman"):
        write_pack(tiny.proposals(), tmp_path, formats=("pdf",))
    assert canonical("คณะทำงานระดับจังหวัด") in canonical(pdf_text(tmp_path / "project-1-01.pdf"))


def test_bad_arguments(tiny: Any, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="lang"):
        write_pack(tiny.proposals(), tmp_path, lang="fr")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="formats"):
        write_pack(tiny.proposals(), tmp_path, formats=("odt",))
