"""Problem and fix texts in Thai and English: one code per problem in the label table.

Every :class:`cctvgeo.Problem` cctvgeo makes carries a code of ``cctvgeo._i18n`` and the
values that fill its texts; the English text is the ``message``/``fix`` it always had, the
Thai text is worded from the same code. The user's values (cells, headers) are never read
as a template.
"""

from __future__ import annotations

import ast
import pickle
import string
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

import cctvgeo as cg
from cctvgeo import Problem, ValidationReport
from cctvgeo._i18n import TEXT, problem_text
from cctvgeo._read import cells
from cctvgeo._read.cells import CellError
from cctvgeo._validate import Note

ROOT = Path(cg.__file__).parent
CODES = {k.removeprefix("problem_") for k in TEXT if k.startswith("problem_")}
NOTES = {k.removeprefix("note_") for k in TEXT if k.startswith("note_")}
FIXES = {k.removeprefix("fix_") for k in TEXT if k.startswith("fix_")}
TERMS = {k for k in TEXT if k.startswith("what_")}
THAI = "[\u0e00-\u0e7f]"


def _trees() -> Iterator[ast.AST]:
    for path in sorted(ROOT.rglob("*.py")):
        if path.name != "_i18n.py":
            yield ast.parse(path.read_text(encoding="utf-8"))


def _strings() -> tuple[set[str], set[str], set[str]]:
    """String constants of the package, and the literal heads and tails of its f-strings."""
    constants: set[str] = set()
    heads: set[str] = set()
    tails: set[str] = set()
    for tree in _trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                first, last = node.values[0], node.values[-1]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    heads.add(first.value)
                if isinstance(last, ast.Constant) and isinstance(last.value, str):
                    tails.add(last.value)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                constants.add(node.value)
    return constants, heads, tails


def _is_used(key: str, strings: tuple[set[str], set[str], set[str]]) -> bool:
    """A key is in the code as a constant, or as an f-string's literal head or tail and the rest."""
    constants, heads, tails = strings
    if key in constants:
        return True
    return any(
        (key[:i] in heads and key[i:] in constants) or (key[:i] in constants and key[i:] in tails)
        for i in range(1, len(key))
    )


def _code_arguments(names: tuple[str, ...] = ("coded", "CellError")) -> list[ast.expr]:
    """The code given to every call of ``names`` in the package (``Problem.coded``, ...)."""
    found = []
    for tree in _trees():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else None
            name = node.func.id if isinstance(node.func, ast.Name) else name
            if name in names:
                found.append(node.args[0])
    return found


def test_every_code_the_package_gives_is_in_the_table() -> None:
    arguments = _code_arguments()
    assert len(arguments) > 40
    literal = [a.value for a in arguments if isinstance(a, ast.Constant)]
    assert sorted(set(literal) - CODES) == []
    heads = [
        a.values[0].value
        for a in arguments
        if isinstance(a, ast.JoinedStr) and isinstance(a.values[0], ast.Constant)
    ]
    assert heads and [h for h in heads if not any(c.startswith(h) for c in CODES)] == []


def test_every_note_the_package_writes_is_in_the_table() -> None:
    arguments = _code_arguments(("Note",))
    assert len(arguments) > 12
    literal = [a.value for a in arguments if isinstance(a, ast.Constant)]
    assert literal and sorted(set(literal) - NOTES) == []
    heads = [a.values[0].value for a in arguments if isinstance(a, ast.JoinedStr)]
    assert heads == ["no_id_column."] and {n for n in NOTES if n.startswith(heads[0])}


#: The modules whose problems reach a user's output (the readers, the store, the statuses):
#: each problem they make has a code, so it can be shown in Thai.
READERS = ("_read", "inventory.py", "riskpoints", "_personal.py", "store", "coverage/statuses.py")


def test_the_readers_make_no_problem_without_a_code() -> None:
    uncoded = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for name in READERS
        for path in sorted((ROOT / name).rglob("*.py") if (ROOT / name).is_dir() else [ROOT / name])
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "Problem"
    ]
    assert uncoded == []


def test_every_code_and_term_in_the_table_is_used() -> None:
    strings = _strings()
    assert sorted(c for c in CODES | NOTES if not _is_used(c, strings)) == []
    assert sorted(t for t in TERMS if not _is_used(t, strings)) == []


def test_every_code_has_a_fix_and_every_fix_a_code() -> None:
    bases = {c.partition(".")[0] for c in CODES}
    assert sorted(FIXES - CODES - bases) == []
    for code in CODES:
        for lang in ("th", "en"):
            th, en = TEXT[f"problem_{code}"]
            names = {n for _, n, _, _ in string.Formatter().parse(th + en) if n}
            fix_key = f"fix_{code}" if code in FIXES else f"fix_{code.partition('.')[0]}"
            names |= {n for _, n, _, _ in string.Formatter().parse("".join(TEXT[fix_key])) if n}
            params = {n: "what_status" if n == "what" else "x" for n in names}
            assert problem_text(code, lang, params) and problem_text(code, lang, params, fix=True)


def test_problem_placeholders_take_text_only() -> None:
    # no format spec or conversion: a value is shown as the text it is, never formatted
    keys = [k for k in TEXT if k.startswith(("problem_", "fix_"))]
    specs = {
        k: (spec, conv)
        for k in keys
        for text in TEXT[k]
        for _, name, spec, conv in string.Formatter().parse(text)
        if name and (spec or conv)
    }
    assert specs == {}


# --------------------------------------------------------------------------- a bad survey

SURVEY = (
    "camera_id,latitude,longitude,status,retention_days,installed\n"
    "C1,14.5912,100.4521,ใช้งานได้ปกติ,สิบ,2559\n"
    "C2,14.5920,100.4530,พังยับ,30,31/02/2566\n"
    "C3,1459.12,100.4540,ชำรุด,30,เมื่อวาน\n"
    "C4,14.5930,100.4550,working,30,2560\n"
)


@pytest.fixture
def survey_report(tmp_path: Path) -> ValidationReport:
    path = tmp_path / "survey.csv"
    path.write_text(SURVEY, encoding="utf-8")
    _, report = cg.read_cameras(path, errors="report")
    return report


def _by_column(report: ValidationReport) -> dict[str, Problem]:
    """The first problem of each column."""
    found: dict[str, Problem] = {}
    for p in report.problems:
        found.setdefault(p.column or "", p)
    return found


def test_a_bad_survey_reads_in_thai_with_the_users_values(survey_report: ValidationReport) -> None:
    found = _by_column(survey_report)
    assert set(found) == {"retention_days", "status", "installed", "latitude"}
    th = {c: (p.value, p.message_in("th"), p.fix_in("th")) for c, p in found.items()}
    assert th["retention_days"] == ("สิบ", "ไม่ใช่ตัวเลข", "กรอกตัวเลข เช่น 12.5 (ใช้เลขไทยได้)")
    assert th["status"] == (
        "พังยับ",
        "สถานะ: ไม่รู้จักคำนี้",
        "ใช้คำใดคำหนึ่งต่อไปนี้: ชำรุด, ใช้งานไม่ได้, อยู่ระหว่างการซ่อมแซม, ไม่ทราบ, ใช้งานได้ปกติ",
    )
    assert th["installed"][:2] == ("31/02/2566", "ไม่มีวันที่นี้ในปฏิทิน (วันที่เกินจำนวนวันของเดือน)")
    assert th["latitude"][:2] == (
        "1459.12, 100.454",
        "พิกัดเกินช่วงของค่าองศา (ละติจูดอยู่ในช่วง ±90 ลองจิจูดอยู่ในช่วง ±180)",
    )
    # the Thai words the fix lists are read back as the statuses they name ("ไม่ทราบ" as missing,
    # which the reader takes as unknown)
    words = th["status"][2].split(": ", 1)[1].split(", ")
    read = [cells.vocabulary(w, cells.STATUS_WORDS, what="what_status") for w in words]
    assert read == ["broken", "not_working", "under_repair", None, "working"]


def test_a_bad_survey_reads_in_english_as_it_always_did(survey_report: ValidationReport) -> None:
    found = _by_column(survey_report)
    en = {c: (p.message_in("en"), p.fix_in("en")) for c, p in found.items()}
    assert en == {c: (p.message, p.fix) for c, p in found.items()}
    assert en["retention_days"] == (
        "Not a number.",
        "Enter a number, for example 12.5 (Thai digits are fine).",
    )
    assert en["status"] == (
        "Unknown status.",
        "Use one of: broken, not_working, under_repair, unknown, working (or the Thai words).",
    )
    assert en["installed"] == (
        "Not a valid date (day is out of range for month).",
        "Check the day and month.",
    )
    assert en["latitude"] == (
        "Out of range for degrees (latitude within ±90, longitude within ±180).",
        "Enter decimal degrees, e.g. 14.5912 and 100.4521 (check for a lost decimal point); "
        "if the file holds metres, read it with crs=, e.g. crs=32647 for UTM zone 47N.",
    )
    assert str(found["status"]) == (
        "ERROR row 3, column 'status' (value 'พังยับ'): Unknown status. Fix: Use one of: broken, "
        "not_working, under_repair, unknown, working (or the Thai words). [value cleared]"
    )


def test_a_word_that_is_not_a_date_and_a_day_past_the_month() -> None:
    for cell, en, th in (
        ("เมื่อวาน", "Not a date.", "ไม่ใช่วันที่"),
        (
            "15/13/2566",
            "Not a valid date (month must be in 1..12).",
            "ไม่มีวันที่นี้ในปฏิทิน (เดือนต้องอยู่ระหว่าง 1 ถึง 12)",
        ),
        (
            "29/02/2567 24:00",
            "Not a valid date (hour must be in 0..23).",
            "ไม่มีวันที่นี้ในปฏิทิน (ชั่วโมงต้องอยู่ระหว่าง 0 ถึง 23)",
        ),
    ):
        with pytest.raises(CellError) as caught:
            cells.date(cell)
        problem = cells.cell_problem(2, "date", cell, caught.value)
        assert (problem.message, problem.message_in("th")) == (en, th)
    assert cells.date("29/02/2567").day == 29  # 2024 is a leap year


def test_the_report_is_thai_throughout(survey_report: ValidationReport) -> None:
    assert survey_report.summary("th") == (
        "survey.csv: อ่าน 4 แถว ข้อผิดพลาด 5 รายการ คำเตือน 0 รายการ ตัดออก 1 แถว"
    )
    page = survey_report.to_html("th")
    assert '<html lang="th">' in page and "รายงานการตรวจข้อมูล" in page
    for english in ("Validation report", "Errors", "Warnings", "problem", "fix", "row dropped"):
        assert english not in page
    digest = survey_report.digest("th")
    assert "ข้อผิดพลาด แถว 3 คอลัมน์ 'status' (ค่า 'พังยับ'): สถานะ: ไม่รู้จักคำนี้ วิธีแก้:" in digest
    frame = survey_report.to_frame("th")
    assert frame["message"].tolist() == [p.message_in("th") for p in survey_report.problems]
    assert set(frame["severity"]) == {"ข้อผิดพลาด"}
    assert set(frame["action"]) == {"ล้างค่าออก", "ตัดแถวออก"}
    assert survey_report.to_frame().equals(survey_report.to_frame("en"))
    assert survey_report.to_frame()["message"].tolist() == [p.message for p in survey_report]


def test_warnings_are_grouped_in_either_language() -> None:
    report = ValidationReport(
        "cams",
        [
            Problem.coded(
                "retention_short",
                r,
                "retention_days",
                str(d),
                severity="warning",
                days=d,
                minimum=30,
            )
            for r, d in ((2, 7), (3, 14), (4, 7))
        ],
    )
    ((count, column, message, fix, action, rows),) = report.warning_groups("th")
    assert (count, column, action, rows) == (3, "retention_days", "คงไว้ตามเดิม", "2-4")
    assert message == "เก็บภาพไว้เพียง # วัน แต่มักมีการขอดูภาพหลังจากนั้น"
    assert fix == "เก็บภาพไว้อย่างน้อย 30 วัน"
    assert (
        report.warning_groups()[0][2]
        == "Recordings are kept only N days; footage is often requested later."
    )


# --------------------------------------------------------------------------- hostile values

HOSTILE = ("<script>alert(1)</script>", "=cmd|' /C calc'!A0", "{x}", "{0}", "{what}")


@pytest.mark.parametrize("cell", HOSTILE)
def test_hostile_cells_are_shown_verbatim_and_never_formatted(tmp_path: Path, cell: str) -> None:
    quoted = cell.replace('"', '""')
    path = tmp_path / "hostile.csv"
    path.write_text(
        "camera_id,latitude,longitude,status\n"
        f'"{quoted}",14.59,100.45,"{quoted}"\n'
        f'"{quoted}",14.60,100.46,working\n',
        encoding="utf-8",
    )
    _, report = cg.read_cameras(path, errors="report")
    repeated = next(p for p in report if p.code == "id_repeated.camera")
    for lang in ("th", "en"):
        assert repr(cell) in repeated.message_in(lang)
        assert [p.value for p in report if p.column == "status"] == [cell]
        page = report.to_html(lang)
        assert "<script>" not in page
        assert (cell in page) == ("<" not in cell and "'" not in cell)
    assert repeated.message == f"Camera id {cell!r} is also used on row 2."
    assert repeated.message_in("th") == f"รหัสกล้อง {cell!r} ซ้ำกับแถวที่ 2"


def test_a_value_with_braces_fills_a_placeholder_as_text() -> None:
    for value in ("{x}", "{what}", "{0}", "{{", "}"):
        assert problem_text("year_implausible", "th", {"year": value}) == f"ปี {value} ไม่น่าจะถูกต้อง"
        assert (
            CellError("year_implausible", year=value).message == f"Year {value} is not plausible."
        )


# --------------------------------------------------------------------------- the public API


def test_a_problem_made_by_hand_keeps_its_texts_in_every_language() -> None:
    p = Problem(3, "heading", "abc", "Not a number.", "Enter degrees 0-360.")
    assert (p.message_in("th"), p.fix_in("th")) == ("Not a number.", "Enter degrees 0-360.")
    assert str(p) == (
        "ERROR row 3, column 'heading' (value 'abc'): Not a number. Fix: Enter degrees 0-360. [kept]"
    )
    assert hash(p) == hash(Problem(3, "heading", "abc", "Not a number.", "Enter degrees 0-360."))
    coded = Problem.coded("not_a_number", 3, "heading", "abc")
    assert hash(coded) and coded == Problem.coded("not_a_number", 3, "heading", "abc")
    assert (coded.code, dict(coded.params)) == ("not_a_number", {})


def test_validate_in_thai_writes_a_thai_report(tmp_path: Path) -> None:
    survey = tmp_path / "survey.csv"
    survey.write_text(SURVEY, encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "cctvgeo.cli",
            "validate",
            str(survey),
            "--out",
            str(tmp_path / "o"),
            "--lang",
            "th",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "survey.csv: อ่าน 4 แถว ข้อผิดพลาด 5 รายการ" in result.stderr
    assert "สถานะ: ไม่รู้จักคำนี้" in result.stderr and "บันทึกกล้อง 3 ตัวลงใน" in result.stderr
    assert "Wrote" not in result.stderr and "row" not in result.stderr
    problems = pd.read_csv(tmp_path / "o" / "survey_problems.csv")
    assert "ไม่ใช่ตัวเลข" in problems["message"].tolist()
    page = (tmp_path / "o" / "survey_validation.html").read_text(encoding="utf-8")
    assert "รายงานการตรวจข้อมูล" in page and "Validation report" not in page


# --------------------------------------------------------------------------- notes


def test_notes_are_text_in_english_and_worded_in_thai(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text(
        "รายงานคำขอดูภาพ\n"
        "เลขที่คำขอ,วันที่,รหัสกล้อง,ผลการขอ,ชื่อผู้ขอ,เบอร์โทร\n"
        "R1,15/03/2566,C1,พบภาพ,นายสมชาย ใจดี,0812345678\n",
        encoding="utf-8",
    )
    _, report = cg.riskpoints.read_access_requests(path, errors="report")
    assert report.notes == [
        "Rows above row 2 were read as a title, not data.",
        "Personal data dropped at load time (PDPA): 'ชื่อผู้ขอ' (requester_name, by its header), "
        "'เบอร์โทร' (phone number, by its header). Their values are not kept in any output.",
    ]
    assert [n.text("th") for n in report.notes if isinstance(n, Note)] == [
        "แถวเหนือแถวที่ 2 เป็นชื่อตาราง ไม่ได้อ่านเป็นข้อมูล",
        "ตัดข้อมูลส่วนบุคคลออกตั้งแต่อ่านไฟล์ (พ.ร.บ. คุ้มครองข้อมูลส่วนบุคคล): 'ชื่อผู้ขอ' "
        "(ชื่อผู้ขอ ตามหัวคอลัมน์), 'เบอร์โทร' (หมายเลขโทรศัพท์ ตามหัวคอลัมน์) "
        "ค่าในคอลัมน์เหล่านี้ไม่ถูกเก็บไว้ในผลลัพธ์ใด",
    ]
    assert "หมายเหตุ: แถวเหนือแถวที่ 2" in report.digest("th")
    assert "note: Rows above row 2" in report.digest() and "นายสมชาย" not in report.to_html("th")
    # the national roll-up sends reports between processes
    again = pickle.loads(pickle.dumps(report))
    assert again.notes == report.notes and again.notes[1].text("th") == report.notes[1].text("th")
