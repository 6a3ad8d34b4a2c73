"""The one table of accepted column headers, Thai and English.

Headers are matched by :func:`cctvgeo._read.cells.key` (case, spaces, punctuation and a
trailing unit in parentheses are ignored), so ``"ทิศทาง (องศา)"`` matches ``"ทิศทาง"``.
``docs/data-formats.md`` lists this table, and a test keeps the two in step.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from cctvgeo._read.cells import key
from cctvgeo._validate import Note

#: Where a position can come from. ``coordinates`` is "lat, lon" in one cell; ``wkt`` is a
#: WKT POINT column (its axis order is detected, see ``coords``).
COORDINATE_ALIASES: dict[str, tuple[str, ...]] = {
    "latitude": ("lat", "y", "ละติจูด", "ละติจูต", "พิกัดละติจูด", "พิกัด y", "northing", "lat_dd"),
    "longitude": (
        "lon", "lng", "long", "x", "ลองจิจูด", "ลองติจูด", "พิกัดลองจิจูด", "พิกัด x", "easting",
        "lon_dd",
    ),
    "coordinates": ("พิกัด", "พิกัดกล้อง", "ตำแหน่ง", "coords", "coordinate", "latlon", "lat/lon", "lat,lon"),
    "wkt": ("geometry", "the_geom", "geom", "location", "wkt_geom", "shape"),
}  # fmt: skip

#: Camera survey columns (part 1 of the national survey form).
CAMERA_ALIASES: dict[str, tuple[str, ...]] = {
    "camera_id": (
        "id", "camera id", "cam_id", "camera no", "camera number", "รหัสกล้อง", "รหัส",
        "หมายเลขกล้อง", "เลขที่กล้อง",
    ),
    "name": (
        "camera name", "cameraname", "location name", "site", "ชื่อ", "ชื่อกล้อง", "ชื่อจุดติดตั้ง",
        "จุดติดตั้ง", "สถานที่ติดตั้ง", "ตำแหน่งติดตั้ง",
    ),
    "agency": (
        "owner", "operator", "department", "organisation", "organization", "หน่วยงาน",
        "หน่วยงานที่รับผิดชอบ", "หน่วยงานเจ้าของ", "หน่วยงานเจ้าของกล้อง", "ผู้รับผิดชอบ",
    ),
    "owner": ("ownership", "owner type", "public/private", "ประเภทเจ้าของ", "เจ้าของ", "ภาครัฐ/เอกชน"),
    "camera_type": ("type", "camera type", "model type", "ประเภทกล้อง", "ชนิดกล้อง", "ประเภท"),
    "heading_deg": (
        "heading", "direction", "bearing", "azimuth", "camera direction", "ทิศทาง", "ทิศทางกล้อง",
        "ทิศทางการมอง", "มุมทิศ",
    ),
    "sweep_deg": ("sweep", "pan range", "ช่วงการหมุน"),
    "hfov_deg": ("hfov", "fov", "field of view", "horizontal fov", "view angle", "มุมมอง", "มุมมองแนวนอน", "มุมกว้าง"),
    "focal_length_mm": ("focal length", "focal", "lens", "ทางยาวโฟกัส", "เลนส์"),
    "sensor_width_mm": ("sensor width", "ความกว้างเซนเซอร์"),
    "resolution_px": ("resolution", "pixels", "megapixels", "ความละเอียด", "ความละเอียดภาพ"),
    "height_m": ("height", "mount height", "mounting height", "ความสูง", "ความสูงติดตั้ง"),
    "tilt_deg": ("tilt", "pitch", "มุมก้ม", "มุมเอียง"),
    "status": ("state", "condition", "สถานะ", "สถานะการใช้งาน", "สภาพ", "สถานะกล้อง"),
    "linked": (
        "link", "linkage", "connected", "networked", "การเชื่อมโยง", "เชื่อมโยง", "การเชื่อมต่อ",
        "เชื่อมโยงเครือข่าย",
    ),
    "network": ("network name", "system", "เครือข่าย", "ระบบ", "เชื่อมโยงกับ"),
    "retention_days": (
        "retention", "recording days", "storage days", "ระยะเวลาบันทึก", "ระยะเวลาจัดเก็บ",
        "จำนวนวันบันทึก", "การบันทึก",
    ),
    "repair_budget_thb": ("repair budget", "repair cost", "งบประมาณซ่อม", "งบซ่อม", "งบประมาณซ่อมแซม"),
    "repair_agency": ("repair by", "หน่วยงานซ่อม", "หน่วยงานที่ซ่อม", "หน่วยงานรับผิดชอบการซ่อม"),
    "installed": ("install year", "year installed", "year", "installed year", "ปีที่ติดตั้ง", "ปีติดตั้ง", "ปี"),
}  # fmt: skip

_UNIT_SUFFIX = re.compile(r"\s*\([^()]*\)\s*$")


def header_key(header: object) -> str:
    """The matching key of a header: without a trailing unit in parentheses."""
    return key(_UNIT_SUFFIX.sub("", str(header)))


def match_headers(
    headers: Iterable[object],
    aliases: Mapping[str, tuple[str, ...]],
    overrides: Mapping[str, str] | None = None,
) -> tuple[dict[str, str], list[str]]:
    """Map source headers to canonical names.

    Parameters
    ----------
    headers : iterable
        The source's headers, in order.
    aliases : mapping
        Canonical name -> accepted aliases (the canonical name is accepted too).
    overrides : mapping, optional
        Source header -> canonical name, applied first (the ``columns=`` argument).

    Returns
    -------
    mapping : dict
        Canonical name -> source header. The first source column wins.
    notes : list of str
        Columns that matched a name already taken; they are kept as unknown columns.
    """
    lookup = {
        header_key(a): canonical
        for canonical, names in aliases.items()
        for a in (canonical, *names)
    }
    mapping: dict[str, str] = {}
    notes: list[str] = []
    overrides = dict(overrides or {})
    unknown = sorted(set(overrides.values()) - set(aliases))
    if unknown:
        known = ", ".join(sorted(aliases))
        raise ValueError(f"columns= maps to {unknown}, which are not known columns ({known}).")
    for header in headers:
        found = overrides.get(str(header)) or lookup.get(header_key(header))
        if found is None:
            continue
        canonical = found
        if canonical in mapping:
            notes.append(
                Note(
                    "header_twice",
                    header=repr(header),
                    canonical=repr(canonical),
                    source=repr(mapping[canonical]),
                )
            )
            continue
        mapping[canonical] = str(header)
    return mapping, notes


#: Risk point columns (part 2 of the national survey form: additional installation points).
RISK_POINT_ALIASES: dict[str, tuple[str, ...]] = {
    "point_id": ("id", "point id", "risk point id", "point no", "รหัสจุด", "รหัส", "เลขที่จุด", "รหัสจุดเสี่ยง"),
    "name": (
        "point name", "risk point", "site", "location name", "place", "ชื่อ", "ชื่อจุด", "ชื่อจุดเสี่ยง",
        "ชื่อจุดเสี่ยง/จุดสำคัญ", "จุดเสี่ยง/จุดสำคัญ", "จุดเสี่ยง", "จุดสำคัญ", "สถานที่", "ชื่อสถานที่",
    ),
    "category": ("type", "point type", "kind", "ประเภทจุด", "ประเภท", "ประเภทจุดเสี่ยง", "ลักษณะจุด", "หมวด"),
    "priority": (
        "urgency", "priority level", "ลำดับความสำคัญ", "ลำดับความสำคัญเร่งด่วน", "ความเร่งด่วน",
        "ระดับความเร่งด่วน",
    ),
    "reason": ("reason for installing", "justification", "เหตุผล", "เหตุผลในการติดตั้ง", "เหตุผลความจำเป็น"),
    "nominated_by": ("nominated by", "proposed by", "proposer", "agency", "ผู้เสนอ", "หน่วยงานที่เสนอ", "หน่วยงาน"),
    "requested_cameras": (
        "cameras wanted", "number of cameras", "cameras", "จำนวนกล้อง", "จำนวนกล้องที่ต้องการ",
        "จำนวนกล้องที่ขอ",
    ),
    "camera_type": ("camera type", "ประเภทกล้อง", "ชนิดกล้อง"),
    "budget_thb": ("budget", "cost", "budget needed", "งบประมาณ", "งบประมาณที่ต้องการ", "งบ"),
    "budget_source": ("source of budget", "funding", "funding source", "แหล่งงบประมาณ", "แหล่งงบ", "ที่มางบประมาณ"),
}  # fmt: skip

#: Footage-access request log columns (dashboard item 4, สถิติการขอเข้าดูข้อมูลกล้อง).
REQUEST_ALIASES: dict[str, tuple[str, ...]] = {
    "request_id": ("id", "request id", "request no", "request number", "เลขที่คำขอ", "เลขคำขอ", "รหัสคำขอ"),
    "requested_at": (
        "date", "request date", "requested", "date requested", "วันที่", "วันที่ขอ", "วันที่ยื่นคำขอ",
        "วันเวลาที่ขอ",
    ),
    "camera_id": ("camera", "camera id", "cam_id", "รหัสกล้อง", "หมายเลขกล้อง", "กล้อง"),
    "agency": ("requesting agency", "police station", "station", "หน่วยงาน", "หน่วยงานที่ขอ", "สถานีตำรวจ"),
    "case_type": ("case", "case type", "incident type", "offence", "offense", "ประเภทคดี", "คดี", "ประเภทเหตุ"),
    "outcome": ("result", "status", "ผลการขอ", "ผล", "ผลการตรวจสอบ", "สถานะคำขอ"),
}  # fmt: skip

#: Personal data a request log may carry (Thailand's PDPA, พ.ร.บ.คุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562).
#: A column with any of these headers is dropped when the log is read, before any value is
#: parsed, and the report notes it; its values never reach a frame, report, raster, map or file.
#: This is the one list: ``docs/riskpoints.md`` and ``docs/data-formats.md`` show it.
PERSONAL_DATA_ALIASES: dict[str, tuple[str, ...]] = {
    "requester_name": (
        "requester", "requester name", "requested by", "applicant", "applicant name", "name",
        "full name", "officer", "officer name", "ชื่อผู้ขอ", "ชื่อ", "ชื่อ-สกุล", "ชื่อ-นามสกุล",
        "ผู้ขอ", "ผู้ยื่นคำขอ", "ชื่อผู้ยื่นคำขอ", "เจ้าหน้าที่ผู้ขอ",
    ),
    "phone": (
        "phone", "telephone", "tel", "mobile", "phone number", "เบอร์โทร", "เบอร์โทรศัพท์", "โทรศัพท์",
        "หมายเลขโทรศัพท์", "มือถือ",
    ),
    "national_id": (
        "national id", "citizen id", "id card", "id card number", "thai id", "เลขบัตรประชาชน",
        "เลขประจำตัวประชาชน", "บัตรประชาชน", "เลขบัตร",
    ),
    "email": ("e-mail", "email address", "อีเมล", "อีเมล์"),
    "address": ("requester address", "home address", "ที่อยู่", "ที่อยู่ผู้ขอ"),
}  # fmt: skip


def header_hint(aliases: Mapping[str, tuple[str, ...]]) -> frozenset[str]:
    """The header keys of ``aliases`` and of the coordinate columns.

    :func:`cctvgeo._read.table.read_table` looks for them to find the header row below a
    sheet's title lines.
    """
    return frozenset(
        header_key(a)
        for canonical, names in {**aliases, **COORDINATE_ALIASES}.items()
        for a in (canonical, *names)
    )


#: The header keys a camera survey, a risk point sheet and a request log's header row holds.
CAMERA_HEADER_HINT = header_hint(CAMERA_ALIASES)
RISK_POINT_HEADER_HINT = header_hint(RISK_POINT_ALIASES)
REQUEST_HEADER_HINT = header_hint(REQUEST_ALIASES)
