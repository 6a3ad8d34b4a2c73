"""Thai and English words of the national map and dashboard.

The keys are the columns of ``NationalRollup.provinces`` (and of ``.regions``), the words of
a province's ``status``, and the dashboard's captions and key figures.
"""

from __future__ import annotations

from typing import Any

#: Column or word -> (Thai, English).
WORDS: dict[str, tuple[str, str]] = {
    "pro_code": ("รหัสจังหวัด", "province code"),
    "province": ("จังหวัด", "province"),
    "region": ("ภาค", "region"),
    "status": ("สถานะการประมวลผล", "run status"),
    "problem": ("ปัญหา", "problem"),
    "n_provinces": ("จำนวนจังหวัด", "provinces"),
    "n_failed": ("จังหวัดที่ประมวลผลไม่สำเร็จ", "provinces failed"),
    "n_cameras": ("กล้องทั้งหมด", "cameras"),
    "n_working": ("ใช้งานได้ปกติ", "working"),
    "n_broken": ("ใช้งานไม่ได้/ชำรุด/ซ่อม", "not working, broken or under repair"),
    "n_unknown_status": ("ไม่ทราบสถานะ", "status unknown"),
    "n_linked": ("เชื่อมโยงแล้ว", "linked"),
    "linked_share": ("ร้อยละที่เชื่อมโยงแล้ว", "linked (%)"),
    "broken_share": ("ร้อยละที่ใช้งานไม่ได้", "not working (%)"),
    "road_km": ("ถนนทั้งหมด (กม.)", "roads (km)"),
    "covered_km": ("ถนนที่กล้องเห็น (กม.)", "roads seen (km)"),
    "coverage_share": ("ความครอบคลุมถนน (%)", "road coverage (%)"),
    "gap_km": ("ช่องว่าง (กม.)", "gaps (km)"),
    "n_linkage_selected": (
        "เลือกเชื่อมโยงส่วนกลางเพิ่ม (เกณฑ์ 20 %)",
        "more selected for central linkage (20 % rule)",
    ),
    "n_repair_priorities": ("กล้องที่ควรซ่อมก่อน", "repair priorities"),
    "repair_cost_thb": ("ค่าซ่อม (บาท)", "repair cost (THB)"),
    "budget_thb": ("งบประมาณ (บาท)", "budget (THB)"),
    "planned_spend_thb": ("ใช้งบตามแผน (บาท)", "planned spend (THB)"),
    "n_planned_sites": ("จุดติดตั้งตามแผน", "planned sites"),
    "coverage_share_after": ("ความครอบคลุมหลังแผน (%)", "coverage after the plan (%)"),
    "approval_level": ("ผู้อนุมัติ", "approval level"),
    "reason": ("เหตุผล", "reason"),
    "n_unassigned": ("กล้องที่ไม่อยู่ในจังหวัดใด", "cameras in no province"),
    "no_data": ("ไม่มีข้อมูล", "no data"),
    # a province's run status
    "complete": ("เสร็จสมบูรณ์", "complete"),
    "failed": ("ประมวลผลไม่สำเร็จ", "failed"),
    "no cameras": ("ไม่มีกล้อง", "no cameras"),
    # the dashboard's captions and key figures
    "title": (
        "รายงานกล้องโทรทัศน์วงจรปิดระดับประเทศสำหรับคณะกรรมการ",
        "National CCTV report for the committee",
    ),
    "by_region": ("รายภาค", "By region"),
    "by_province": ("รายจังหวัด", "By province"),
    "failed_provinces": ("จังหวัดที่ประมวลผลไม่สำเร็จ", "Provinces that failed"),
    "unassigned": ("กล้องที่ไม่อยู่ในจังหวัดใด (ตามเหตุผล)", "Cameras in no province, by reason"),
    "empty": ("จังหวัดที่ไม่มีกล้อง", "Provinces without cameras"),
    "kf_cameras": (
        "กล้องทั้งหมด {n:,.0f} ตัว ใน {k} จังหวัด ใช้งานได้ {w:,.0f} ตัว ใช้งานไม่ได้ {b:,.0f} ตัว ({p})",
        "{n:,.0f} cameras in {k} provinces: {w:,.0f} working, {b:,.0f} not working ({p})",
    ),
    "kf_repairs": (
        "กล้องที่ควรซ่อมก่อน {n:,.0f} ตัว ค่าซ่อม {c:,.0f} บาท",
        "{n:,.0f} repair priorities costing {c:,.0f} THB",
    ),
    "kf_linked": (
        "เชื่อมโยงแล้ว {l:,.0f} ตัว ({p}) เลือกเชื่อมโยงส่วนกลางเพิ่ม {s:,.0f} ตัว ให้ครบร้อยละ 20 ของกล้องในแต่ละจังหวัด",
        "{l:,.0f} linked ({p}); {s:,.0f} more selected for central linkage, to reach 20 % of each province's cameras",
    ),
    "kf_plans": (
        "แผนของ {k} จังหวัด งบประมาณ {b:,.0f} บาท ใช้งบ {s:,.0f} บาท ติดตั้ง {n:,.0f} จุด",
        "Plans of {k} provinces: {b:,.0f} THB of budget, {s:,.0f} THB planned, {n:,.0f} sites",
    ),
    "kf_coverage": (
        "ถนน {r:,.0f} กม. กล้องเห็น {c:,.0f} กม. ({p}) ช่องว่าง {g:,.0f} กม. หลังแผน {a}",
        "{r:,.0f} km of road, {c:,.0f} km seen ({p}), {g:,.0f} km of gaps; after the plans {a}",
    ),
    "kf_requests": (
        "สถิติการขอดูภาพไม่ได้รวบรวมในระดับประเทศ ดูรายงานของแต่ละจังหวัด",
        "Footage-access requests are not rolled up nationally; see each province's dashboard.",
    ),
    "kf_problems": (
        "จังหวัดที่ประมวลผลไม่สำเร็จ: {f} กล้องที่ไม่อยู่ในจังหวัดใด: {u:,}",
        "Provinces that failed: {f}; cameras in no province: {u:,}",
    ),
    "kf_partial": (
        "ผลรวมนี้ไม่รวมจังหวัดที่ประมวลผลไม่สำเร็จ",
        "These totals leave out the provinces that failed.",
    ),
}


def word(key: str, lang: str, **fmt: Any) -> str:
    """The label of ``key`` in ``lang`` ("th" or "en"), formatted with ``fmt`` if given.

    Examples
    --------
    >>> word("n_cameras", "th"), word("failed", "en")
    ('กล้องทั้งหมด', 'failed')
    """
    th, en = WORDS[key]
    text = th if lang == "th" else en
    return text.format(**fmt) if fmt else text


def local(row: Any, column: str, lang: str) -> Any:
    """A row's (or a frame's) Thai or English variant of a named column.

    ``name`` is ``name_th``/``name_en``; ``region`` is ``region_th``/``region`` and
    ``approval_level`` is ``approval_level_th``/``approval_level``.
    """
    if column == "name":
        return row["name_th" if lang == "th" else "name_en"]
    return row[f"{column}_th" if lang == "th" else column]
