"""Thai and English labels of cctvgeo's vocabulary, shared by maps and the dashboard.

Survey values are stored under canonical English keys (``"working"``, ``"crime_hotspot"``);
a map or a report shows them in the reader's language with :func:`label`.
"""

from __future__ import annotations

from typing import Any

#: Label languages: Thai and English.
LANGUAGES: tuple[str, ...] = ("th", "en")

#: Canonical value -> (Thai, English).
VOCABULARY: dict[str, tuple[str, str]] = {
    # camera status (survey part 1)
    "working": ("ใช้งานได้ปกติ", "working"),
    "not_working": ("ใช้งานไม่ได้", "not working"),
    "broken": ("ชำรุด", "broken"),
    "under_repair": ("อยู่ระหว่างการซ่อมแซม", "under repair"),
    "unknown": ("ไม่ทราบ", "unknown"),
    # linkage
    "linked": ("เชื่อมโยงแล้ว", "linked"),
    "not_linked": ("ยังไม่เชื่อมโยง", "not linked"),
    # DORI levels (EN 62676-4)
    "monitor": ("เฝ้าดู", "monitor"),
    "detect": ("ตรวจจับ", "detect"),
    "observe": ("สังเกต", "observe"),
    "recognise": ("จดจำ", "recognise"),
    "identify": ("ระบุตัวบุคคล", "identify"),
    # risk-point priority (ลำดับความสำคัญเร่งด่วน)
    "urgent": ("เร่งด่วนมาก", "urgent"),
    "high": ("เร่งด่วน", "high"),
    "normal": ("ปกติ", "normal"),
    # risk-point categories
    "escape_route": ("เส้นทางหลบหนี", "escape route"),
    "crime_hotspot": ("จุดเสี่ยงอาชญากรรม", "crime hotspot"),
    "accident_blackspot": ("จุดเสี่ยงอุบัติเหตุ", "accident black spot"),
    "tourist_site": ("แหล่งท่องเที่ยว", "tourist site"),
    "school": ("สถานศึกษา", "school"),
    "bank_gold_shop": ("ธนาคาร/ร้านทอง", "bank / gold shop"),
    "market": ("ตลาด", "market"),
    "border_checkpoint": ("ด่านชายแดน", "border checkpoint"),
    "government": ("สถานที่ราชการ", "government office"),
    "transport_hub": ("สถานีขนส่ง", "transport hub"),
    "other": ("อื่น ๆ", "other"),
    # camera types and owners
    "fixed": ("มุมมองคงที่", "fixed"),
    "ptz": ("PTZ (หมุนได้)", "PTZ"),
    "dome": ("โดม", "dome"),
    "panoramic": ("พาโนรามา", "panoramic"),
    "alpr": ("อ่านป้ายทะเบียน", "ALPR"),
    "public": ("ภาครัฐ", "public"),
    "private": ("เอกชน", "private"),
    # footage-request outcomes (ผลการขอ)
    "footage_found": ("พบภาพ", "footage found"),
    "camera_broken": ("กล้องชำรุด", "camera broken"),
    "no_camera": ("ไม่มีกล้อง", "no camera"),
    "retention_expired": ("ภาพถูกลบแล้ว", "footage deleted"),
    "denied": ("ไม่อนุญาต", "denied"),
}


def label(value: Any, lang: str) -> Any:
    """A vocabulary value in ``lang``; any other value unchanged.

    Examples
    --------
    >>> label("broken", "th"), label("broken", "en"), label("ตลาดเก่า", "en")
    ('ชำรุด', 'broken', 'ตลาดเก่า')
    """
    if isinstance(value, str) and value in VOCABULARY:
        th, en = VOCABULARY[value]
        return th if lang == "th" else en
    return value
