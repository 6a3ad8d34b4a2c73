"""Every Thai and English text cctvgeo shows: one table, one text per key and language.

Maps, the dashboard, plan workbooks and plan reasons all take their words from
:data:`TEXT`, so a column, a camera status or a cost item reads the same everywhere.

* **Values** (:data:`VOCABULARY`) are what the data holds under canonical English keys:
  camera statuses, risk-point categories, plan kinds, compass points, road classes.
  :func:`label` shows them in the reader's language and leaves any other value as it is.
  A value whose meaning depends on its column (a summary's unit ``"routes"`` is not the
  sites' column ``routes``) is keyed ``"column:value"``.
* **Columns** are keyed by the data's column name (``"equipment_thb"``); the English text is
  in lower case, as table headers show it; maps capitalise it (:func:`sentence`).
* **Everything else** has a prefix naming where it is shown: ``layer_``, ``title_``,
  ``legend_``, ``road_``, ``draw_`` (maps), ``item_``, ``sheet_``, ``cap_``, ``kf_``,
  ``col_`` (the dashboard), ``reason_`` (plan reasons), ``method:`` (optimiser methods).

The table is built from a few literal sections by :func:`_table`, which refuses a key
given twice; the Thai terms follow the national survey form (``docs/domain``).

**Size.** About 1,500 lines, nearly all of them the table's literal (Thai, English) pairs:
one section per place the texts are shown (values, columns, maps, dashboard, plan reasons,
the national outputs, the committee pack, input problems) and a dozen small functions that
look texts up. Splitting the sections into modules would bring back the several tables this
module replaced; one file lets a test and a translator see every text at once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

__all__ = [
    "LANGUAGES",
    "TEXT",
    "VOCABULARY",
    "budget_line",
    "budget_lines",
    "check_lang",
    "filled",
    "label",
    "model_name",
    "place_name",
    "problem_text",
    "sentence",
    "text",
]

#: Languages of every output: Thai and English.
LANGUAGES: tuple[str, ...] = ("th", "en")

_VALUES: dict[str, tuple[str, str]] = {
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
    # risk-point priority (ลำดับความสำคัญเร่งด่วน): the parser reads these words back
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
    # kinds of plan work
    "new": ("ติดตั้งกล้องใหม่", "new camera"),
    "repair": ("ซ่อมกล้องเดิม", "repair"),
    "re-aim": ("ขอปรับทิศทางกล้อง", "re-aim"),
    "link": ("เชื่อมโยงเข้าระบบกลาง", "link"),
    "existing": ("กล้องที่มีอยู่", "existing camera"),
    # compass points of a heading
    "north": ("ทิศเหนือ", "north"),
    "north-east": ("ทิศตะวันออกเฉียงเหนือ", "north-east"),
    "east": ("ทิศตะวันออก", "east"),
    "south-east": ("ทิศตะวันออกเฉียงใต้", "south-east"),
    "south": ("ทิศใต้", "south"),
    "south-west": ("ทิศตะวันตกเฉียงใต้", "south-west"),
    "west": ("ทิศตะวันตก", "west"),
    "north-west": ("ทิศตะวันตกเฉียงเหนือ", "north-west"),
    # road classes (OpenStreetMap highway=*; English keeps OpenStreetMap's word)
    "motorway": ("ทางหลวงพิเศษ", "motorway"),
    "trunk": ("ทางหลวงสายหลัก", "trunk"),
    "primary": ("ถนนสายหลัก", "primary"),
    "secondary": ("ถนนสายรอง", "secondary"),
    "tertiary": ("ถนนสายย่อย", "tertiary"),
    "motorway_link": ("ทางเชื่อมทางหลวงพิเศษ", "motorway_link"),
    "trunk_link": ("ทางเชื่อมทางหลวงสายหลัก", "trunk_link"),
    "primary_link": ("ทางเชื่อมถนนสายหลัก", "primary_link"),
    "secondary_link": ("ทางเชื่อมถนนสายรอง", "secondary_link"),
    "tertiary_link": ("ทางเชื่อมถนนสายย่อย", "tertiary_link"),
    "unclassified": ("ถนนไม่จัดประเภท", "unclassified"),
    "residential": ("ถนนในชุมชน", "residential"),
    "living_street": ("ถนนในหมู่บ้าน", "living_street"),
    "service": ("ทางเข้าออก", "service"),
    "road": ("ถนน", "road"),
    "track": ("ทางดิน", "track"),
    "pedestrian": ("ถนนคนเดิน", "pedestrian"),
    "unnamed_road": ("ถนนไม่มีชื่อ", "unnamed road"),
    # the rows of InstallationPlan.summary(): sections, groups, units
    "section:roads": ("ถนนที่กล้องเห็น", "road seen"),
    "section:risk points": ("จุดเสี่ยงที่มีกล้อง", "risk points seen"),
    "section:escape routes": ("เส้นทางหลบหนีที่เห็น", "escape routes seen"),
    "section:weighted demand": ("ความต้องการถ่วงน้ำหนัก", "weighted demand"),
    "group:all": ("ทั้งหมด", "all"),
    "group:two cameras (backup)": ("กล้องสองตัว (สำรอง)", "two cameras (backup)"),
    "group:captured": ("เห็นอย่างน้อยหนึ่งจุด", "captured"),
    "group:optimised measure": ("ค่าที่ใช้คำนวณแผน", "optimised measure"),
    "unit:m": ("ม.", "m"),
    "unit:points": ("จุด", "points"),
    "unit:routes": ("เส้นทาง", "routes"),
    "unit:weight": ("น้ำหนัก", "weight"),
    # the optimiser's methods (InstallationPlan.years["method"], words joined by "+")
    "method:greedy": ("ละโมบ", "greedy"),
    "method:singleton": ("ตัวเลือกเดี่ยวที่ดีที่สุด", "singleton"),
    "method:seeds": ("ลองชุดเริ่มต้น", "seeds"),
    "method:swaps": ("สลับปรับปรุง", "swaps"),
    "method:lagrangian": ("ลากรองจ์", "lagrangian"),
    "method:exact": ("หาค่าที่ดีที่สุดแบบแม่นตรง", "exact"),
    "method:after": ("หลังจาก", "after"),
    "lens:narrow": ("แคบ (มองไกล)", "narrow"),
    "lens:wide": ("กว้าง", "wide"),
    "severity:error": ("ข้อผิดพลาด", "error"),
    "severity:warning": ("คำเตือน", "warning"),
    # what a reader did with a row or value it found a problem in (Problem.action)
    "action:row dropped": ("ตัดแถวออก", "row dropped"),
    "action:value cleared": ("ล้างค่าออก", "value cleared"),
    "action:value fixed": ("แก้ค่าให้แล้ว", "value fixed"),
    "action:kept": ("คงไว้ตามเดิม", "kept"),
    "yes": ("ใช่", "yes"),
    "no": ("ไม่ใช่", "no"),
    # a province's run in the national roll-up (its ``status`` column)
    "status:complete": ("เสร็จสมบูรณ์", "complete"),
    "status:failed": ("ประมวลผลไม่สำเร็จ", "failed"),
    "status:no cameras": ("ไม่มีกล้อง", "no cameras"),
}

_COLUMNS: dict[str, tuple[str, str]] = {
    # cameras and risk points (survey parts 1 and 2)
    "camera_id": ("รหัสกล้อง", "camera id"),
    "name": ("ชื่อ/ที่ตั้ง", "name / place"),
    "agency": ("หน่วยงาน", "agency"),
    "owner": ("เจ้าของ", "owner"),
    "camera_type": ("ประเภทกล้อง", "camera type"),
    "status": ("สถานะ", "status"),
    "heading_deg": ("ทิศทาง (องศา)", "heading (degrees)"),
    "link_status": ("สถานะการเชื่อมโยง", "link status"),
    "network": ("เครือข่าย", "network"),
    "retention_days": ("เก็บภาพ (วัน)", "retention (days)"),
    "repair_budget_thb": ("งบซ่อม (บาท)", "repair budget (THB)"),
    "repair_agency": ("หน่วยงานซ่อม", "repair agency"),
    "installed": ("ปีที่ติดตั้ง (ค.ศ.)", "installed (CE)"),
    "far_m": ("ระยะมองเห็น (ม.)", "reach (m)"),
    "level": ("ระดับรายละเอียด", "detail level"),
    "length_m": ("ความยาว (ม.)", "length (m)"),
    "length_km": ("ความยาว (กม.)", "length (km)"),
    "highway": ("ประเภทถนน", "road class"),
    "near_risk_points": ("จุดเสี่ยงใกล้เคียง", "risk points nearby"),
    "point_id": ("รหัสจุด", "point id"),
    "category": ("ประเภทจุดเสี่ยง", "category"),
    "priority": ("ลำดับความสำคัญเร่งด่วน", "priority"),
    "nominated_by": ("เสนอโดย", "nominated by"),
    "requested_cameras": ("จำนวนกล้องที่ต้องการ", "cameras wanted"),
    "seen_by": ("กล้องที่เห็น", "seen by cameras"),
    "route_id": ("รหัสเส้นทาง", "route id"),
    "covered_share": ("สัดส่วนที่กล้องเห็น", "share seen"),
    "first_seen_m": ("เห็นครั้งแรกที่ (ม. จากจุดเริ่ม)", "first seen at (m from origin)"),
    "last_seen_m": ("เห็นครั้งสุดท้ายที่ (ม. จากจุดเริ่ม)", "last seen at (m from origin)"),
    "longest_blind_m": ("ช่วงมืดยาวที่สุด (ม.)", "longest blind stretch (m)"),
    "n_requests": ("จำนวนคำขอ", "requests"),
    "n_unmet": ("คำขอที่ไม่มีกล้องเห็น", "requests no working camera saw"),
    "weight": ("น้ำหนัก", "weight"),
    # InstallationPlan.sites
    "rank": ("ลำดับ", "rank"),
    "year": ("ปีที่", "year"),
    "kind": ("ประเภทงาน", "work"),
    "candidate_id": ("รหัสตัวเลือก", "candidate id"),
    "site_id": ("รหัสจุดติดตั้ง", "site id"),
    "site_name": ("สถานที่", "place"),
    "model_id": ("รหัสรุ่นกล้อง", "model id"),
    "model_name": ("รุ่นกล้อง", "camera model"),
    "lens": ("เลนส์", "lens"),
    "direction": ("ทิศทาง", "direction"),
    "equipment_thb": ("ค่าครุภัณฑ์กล้อง (บาท)", "camera equipment (THB)"),
    "installation_thb": ("ค่าติดตั้ง (บาท)", "installation (THB)"),
    "pole_thb": ("ค่าเสา (บาท)", "pole (THB)"),
    "network_link_thb": ("ค่าอุปกรณ์เชื่อมต่อเครือข่าย (บาท)", "network link equipment (THB)"),
    "repair_thb": ("ค่าซ่อม (บาท)", "repair (THB)"),
    "cooperation_thb": ("ค่าประสานความร่วมมือ (บาท)", "cooperation (THB)"),
    "maintenance_thb_per_year": ("ค่าบำรุงรักษา (บาท/ปี)", "maintenance (THB/year)"),
    "electricity_thb_per_year": ("ค่าไฟฟ้า (บาท/ปี)", "electricity (THB/year)"),
    "link_fee_thb_per_year": ("ค่าบริการเครือข่าย (บาท/ปี)", "link fee (THB/year)"),
    "capital_thb": ("ค่าลงทุน (บาท)", "capital cost (THB)"),
    "running_thb_per_year": ("ค่าดำเนินการ (บาท/ปี)", "running cost (THB/year)"),
    "charged_thb": ("งบที่ใช้ในปี (บาท)", "charged this year (THB)"),
    "life_cycle_thb": ("ค่าใช้จ่ายตลอดอายุ (บาท)", "life-cycle cost (THB)"),
    "budget_source": ("แหล่งงบประมาณ", "budget source"),
    "marginal_gain": ("ความครอบคลุมที่จุดนี้เพิ่ม", "coverage this site adds"),
    "cumulative_gain": ("ความครอบคลุมสะสม", "cumulative coverage"),
    "cumulative_share": ("สัดส่วนความครอบคลุมสะสม", "cumulative share"),
    "new_road_m": ("ถนนที่เห็นเพิ่ม (ม.)", "road newly seen (m)"),
    "risk_points": ("จุดเสี่ยงที่ครอบคลุม", "risk points covered"),
    "routes": ("เส้นทางหลบหนีที่เฝ้า", "escape routes watched"),
    "approval_level": ("ผู้อนุมัติ", "approval level"),
    "reason": ("เหตุผลในการติดตั้ง", "reason"),
    "latitude": ("ละติจูด", "latitude"),
    "longitude": ("ลองจิจูด", "longitude"),
    "wkt": ("รูปร่าง (WKT)", "shape (WKT)"),
    # the columns of the plan's summary
    "section": ("หมวด", "section"),
    "group": ("กลุ่ม", "group"),
    "unit": ("หน่วย", "unit"),
    "total": ("ทั้งหมด", "total"),
    "before": ("ก่อนแผน", "before"),
    "after": ("หลังแผน", "after"),
    "before_share": ("สัดส่วนก่อนแผน", "share before"),
    "after_share": ("สัดส่วนหลังแผน", "share after"),
    # InstallationPlan.years
    "budget_thb": ("งบประมาณ (บาท)", "budget (THB)"),
    "earlier_running_thb": (
        "ค่าดำเนินการของกล้องปีก่อน (บาท)",
        "running costs of earlier cameras (THB)",
    ),
    "new_capital_thb": ("ค่าลงทุนใหม่ (บาท)", "new capital (THB)"),
    "new_running_thb": ("ค่าดำเนินการกล้องใหม่ (บาท)", "new running costs (THB)"),
    "unspent_thb": ("งบคงเหลือ (บาท)", "unspent (THB)"),
    "n_new": ("ติดตั้งกล้องใหม่ (ตัว)", "new cameras"),
    "n_repair": ("ซ่อมกล้องเดิม (ตัว)", "repairs"),
    "n_reaim": ("ขอปรับทิศทางกล้อง (ตัว)", "re-aims"),
    "objective": ("ความครอบคลุมถ่วงน้ำหนัก", "weighted coverage"),
    "method": ("วิธีคำนวณ", "method"),
    "gap": ("ช่องว่างจากค่าเหมาะสมที่สุด", "gap to the optimum"),
    "solver_status": ("สถานะการคำนวณ", "solver status"),
    "status_gap": (
        "{method}: พิสูจน์แล้วว่าห่างจากค่าที่ดีที่สุดไม่เกิน {gap:.2%}",
        "{method}: certified gap {gap:.2%}",
    ),
    "status_no_bound": ("{method}: ยังไม่มีขอบเขตบน", "{method}: no bound yet"),
    "status_proved": ("{method}: พิสูจน์แล้วว่าดีที่สุด", "{method}: proved optimal"),
    "running_after_plan_thb": ("ค่าดำเนินการต่อปีหลังจบแผน (บาท)", "running costs after the plan (THB)"),
    # the columns of the plan's coverage curve
    "share": ("สัดส่วน", "share"),
    "gain": ("ความครอบคลุมที่เพิ่มขึ้น", "coverage gained"),
    "n_selected": ("จำนวนที่เลือก", "chosen"),
    "cost_thb": ("ค่าใช้จ่าย (บาท)", "cost (THB)"),
    "upper_bound": ("ความครอบคลุมสูงสุดที่เป็นไปได้", "upper bound"),
}

_MAPS: dict[str, tuple[str, str]] = {
    "layer_cameras": ("กล้องที่มีอยู่", "Existing cameras"),
    "layer_footprints": ("พื้นที่ที่กล้องมองเห็น ({level})", "Fields of view ({level})"),
    "layer_roads": ("ถนน: มีกล้อง / ไม่มีกล้อง", "Roads: covered / gap"),
    "layer_gaps": ("ช่วงถนนที่ไม่มีกล้อง", "Coverage gaps"),
    "layer_risk_points": ("จุดเสี่ยง / จุดสำคัญ", "Risk points"),
    "layer_hotspots": ("จุดที่ขอดูภาพบ่อย", "Footage-request hotspots"),
    "layer_routes": ("เส้นทางหลบหนี", "Escape routes"),
    "layer_sites": ("จุดติดตั้งที่เสนอ", "Proposed sites"),
    "layer_site_footprints": ("พื้นที่มองเห็นของจุดที่เสนอ", "Proposed fields of view"),
    "layer_districts": ("เขตอำเภอ", "District boundaries"),
    "layer_draw_roads": ("ถนน", "Roads"),
    "title_cameras": ("กล้องโทรทัศน์วงจรปิด", "CCTV cameras"),
    "title_coverage": ("ความครอบคลุมของกล้องโทรทัศน์วงจรปิด", "CCTV coverage"),
    "title_plan": ("แผนการติดตั้งกล้องโทรทัศน์วงจรปิด", "CCTV installation plan"),
    "title_draw": ("วาดเส้นทางหลบหนี", "Draw escape routes"),
    "title_cameras_sub": ("กล้อง {n:,} ตัว", "{n:,} cameras"),
    "title_coverage_sub": (
        "ถนน {km:,.0f} กม. กล้องเห็น {p:.1f} %",
        "{km:,.0f} km of road, {p:.1f} % seen by cameras",
    ),
    "title_plan_sub": ("{n} จุด ใช้งบประมาณ {b} บาท", "{n} sites, {b} THB charged"),
    "legend": ("คำอธิบายสัญลักษณ์", "Legend"),
    "legend_status_unknown": ("ไม่ทราบสถานะ", "status unknown"),
    "legend_not_given": ("ไม่ระบุ", "not given"),
    "legend_year": ("ปีที่ {year}", "year {year}"),
    "road_full": ("มีกล้องเห็นตลอดช่วง", "Covered"),
    "road_part": ("มีกล้องเห็นบางส่วน", "Partly covered"),
    "road_none": ("ไม่มีกล้องเห็น (ช่องว่าง)", "Gap (not covered)"),
    "gap_risk": ("ช่องว่างที่ผ่านจุดเสี่ยง", "gap passing a risk point"),
    "gap_other": ("ช่องว่างอื่น", "other gap"),
    "first_seen": ("จุดแรกที่กล้องเห็น", "First seen"),
    "last_seen": ("จุดสุดท้ายที่กล้องเห็น", "Last seen"),
    "route_line": ("เส้นทาง", "route"),
    "hotspot": ("กลุ่มคำขอดูภาพ", "Request cluster"),
    "district": ("อำเภอ", "district"),
    "life_cycle_years": ("ค่าใช้จ่ายตลอดอายุ {n} ปี (บาท)", "life-cycle cost, {n} years (THB)"),
    "route_generated": (
        "เส้นทางหลบหนีที่ {rank} จาก {origin} ถึงทางออก {exit}",
        "escape route {rank} from {origin} to exit {exit}",
    ),
    "never_seen": ("ไม่มีกล้องเห็นเลย", "never seen"),
    "metres": ("ม.", "m"),
    "kilometres": ("กม.", "km"),
    "draw_name": ("ชื่อเส้นทาง", "Route name"),
    "draw_start": ("เริ่มวาดเส้นทาง (คลิกบนแผนที่)", "Start a route (click the map)"),
    "draw_undo": ("ย้อนกลับ", "Undo"),
    "draw_finish": ("จบเส้นทางนี้", "Finish this route"),
    "draw_export": ("ส่งออกไฟล์ GeoJSON", "Export GeoJSON"),
    "draw_routes": ("เส้นทาง", "routes"),
    "draw_drawing": ("กำลังวาด", "drawing"),
    "draw_too_short": ("ต้องมีอย่างน้อย 2 จุด", "A route needs at least 2 points"),
    "draw_route": ("เส้นทาง", "Route"),
}

_DASHBOARD: dict[str, tuple[str, str]] = {
    "title_dashboard": (
        "รายงานกล้องโทรทัศน์วงจรปิดสำหรับคณะกรรมการจังหวัด",
        "CCTV report for the provincial committee",
    ),
    "item_status": (
        "1. กล้องตามสถานะการใช้งาน งบซ่อม และหน่วยงานซ่อม",
        "1. Cameras by status, repair budget and repair agency",
    ),
    "item_linkage": ("2. การเชื่อมโยงเครือข่าย", "2. Network linkage"),
    "item_wanted": ("3. กล้องที่ต้องการติดตั้งเพิ่ม", "3. Cameras wanted"),
    "item_requests": ("4. สถิติการขอเข้าดูข้อมูลกล้อง", "4. Footage-access requests"),
    "item_problems": ("5. ปัญหาและอุปสรรค", "5. Problems and obstacles"),
    "item_coverage": ("ความครอบคลุมก่อนและหลังแผน", "Coverage before and after the plan"),
    "item_budget": ("ความครอบคลุมเทียบกับงบประมาณ", "Coverage versus budget"),
    "sheet_status": ("1 สถานะกล้อง", "1 Status"),
    "sheet_linkage": ("2 การเชื่อมโยง", "2 Linkage"),
    "sheet_wanted": ("3 กล้องที่ต้องการ", "3 Cameras wanted"),
    "sheet_requests": ("4 คำขอดูภาพ", "4 Requests"),
    "sheet_problems": ("5 ปัญหา", "5 Problems"),
    "sheet_coverage": ("ความครอบคลุม", "Coverage"),
    "sheet_budget": ("งบประมาณ", "Budget curve"),
    # the sheets of InstallationPlan.to_excel
    "sheet_plan": ("แผนติดตั้ง", "plan"),
    "sheet_summary": ("สรุปความครอบคลุม", "summary"),
    "sheet_years": ("งบรายปี", "years"),
    "sheet_curve": ("ความครอบคลุมตามงบ", "curve"),
    "not_given": ("ไม่มีข้อมูลส่วนนี้", "No data was given for this item."),
    "contents": ("สารบัญ", "Contents"),
    "none": ("(ไม่ระบุ)", "(none)"),
    "more_rows": ("แสดงทั้งหมด {n:,} แถว", "Show all {n:,} rows"),
    "no_plan": ("ยังไม่มีแผน (ต้องระบุงบประมาณ)", "No plan was given (it needs a budget)."),
    # column headers of dashboard tables that are no data column
    "col_cameras": ("จำนวนกล้อง", "cameras"),
    "col_percent": ("ร้อยละ", "share (%)"),
    "col_with_budget": ("กล้องที่มีงบซ่อม", "cameras with a repair budget"),
    "col_to_repair": ("กล้องที่ต้องซ่อม", "cameras to repair"),
    "col_working": ("ใช้งานได้", "working"),
    "col_working_share": ("ร้อยละใช้งานได้", "working (%)"),
    "col_points": ("จำนวนจุด", "points"),
    "col_outcome": ("ผลการขอ", "outcome"),
    "col_found": ("พบภาพ", "footage found"),
    "col_success": ("อัตราสำเร็จ (%)", "success rate (%)"),
    "col_broken_when_needed": ("ชำรุดเมื่อต้องการใช้", "broken when needed"),
    "col_month": ("เดือน", "month"),
    "col_source": ("แหล่งข้อมูล", "source"),
    "col_row": ("แถว", "row"),
    "col_column": ("คอลัมน์", "column"),
    "col_value": ("ค่า", "value"),
    "col_problem": ("ปัญหา", "problem"),
    "col_fix": ("วิธีแก้", "fix"),
    "col_severity": ("ระดับ", "severity"),
    "col_rows": ("แถวที่อ่าน", "rows read"),
    "col_errors": ("ข้อผิดพลาด", "errors"),
    "col_warnings": ("คำเตือน", "warnings"),
    "col_dropped": ("แถวที่ตัดออก", "rows dropped"),
    "col_text": ("ปัญหาที่แจ้ง", "problem reported"),
    "col_year_budget": ("งบประมาณของปี (บาท)", "year's budget (THB)"),
    "col_line": ("แหล่งงบประมาณ (หมวดงบ)", "budget line"),
    "col_once": ("ครั้งเดียว (บาท)", "one-off (THB)"),
    "col_per_year": ("ต่อปี (บาท)", "per year (THB)"),
    "col_before_percent": ("ก่อนแผน (%)", "before (%)"),
    "col_after_percent": ("หลังแผน (%)", "after (%)"),
    "col_coverage_percent": ("ความครอบคลุม (%)", "coverage (%)"),
    "col_linked_before": ("เชื่อมโยงก่อน", "linked before"),
    "col_linked_after": ("เชื่อมโยงหลัง", "linked after"),
    "col_selected": ("เลือกเชื่อมโยงส่วนกลาง", "selected for central linkage"),
    "col_linked_percent": ("ร้อยละที่เชื่อมโยง", "linked (%)"),
    "col_budget_millions": ("งบประมาณ (ล้านบาท)", "budget (million THB)"),
    # captions
    "cap_by_status": ("กล้องตามสถานะ", "Cameras by status"),
    "cap_by_repair_agency": ("กล้องที่ต้องซ่อมตามหน่วยงานซ่อม", "Cameras to repair by repair agency"),
    "cap_by_agency": ("กล้องตามหน่วยงานเจ้าของ", "Cameras by owning agency"),
    "cap_linkage": ("กล้องตามการเชื่อมโยง", "Cameras by linkage"),
    "cap_by_network": ("กล้องที่เชื่อมโยงแล้วตามเครือข่าย", "Linked cameras by network"),
    "cap_linkage_agency": ("การเชื่อมโยงตามหน่วยงาน", "Linkage by agency"),
    "cap_by_reason": ("ตามเหตุผลในการติดตั้ง", "By reason for installing"),
    "cap_by_category": ("ตามประเภทจุดเสี่ยง", "By category of risk point"),
    "cap_by_source": ("ตามแหล่งงบประมาณ", "By budget source"),
    "cap_by_priority": ("ตามลำดับความสำคัญ", "By priority"),
    "cap_outcomes": ("ผลการขอดูภาพ", "Request outcomes"),
    "cap_top_cameras": ("กล้องที่ถูกขอดูภาพมากที่สุด", "Most requested cameras"),
    "cap_by_month": ("คำขอรายเดือน", "Requests per month"),
    "cap_reports": ("สรุปการตรวจข้อมูล", "Data checks"),
    "cap_problem_list": ("ข้อผิดพลาดและคำเตือน", "Errors and warnings"),
    "cap_free_text": ("ปัญหาที่หน่วยงานแจ้ง", "Problems reported"),
    "cap_plan_years": ("แผนรายปี", "Plan by year"),
    "cap_plan_lines": ("งบประมาณตามแหล่งงบประมาณ (หมวดงบ)", "Budget by budget line"),
    "cap_plan_sites": ("จุดที่เสนอตามลำดับ", "Proposed sites in rank order"),
    "cap_summary": ("ความครอบคลุมก่อนและหลังแผน", "Coverage before and after the plan"),
    "cap_curve": (
        "ความครอบคลุมเทียบกับงบประมาณ (แผนปีเดียว)",
        "Coverage for each budget (one-year plans)",
    ),
    "cap_linkage_selected": ("กล้องที่เลือกเชื่อมโยงส่วนกลาง", "Cameras selected for central linkage"),
    "cap_linkage_district": ("การเชื่อมโยงรายอำเภอ", "Linkage by district"),
    # key figures
    "kf_cameras": (
        "กล้องทั้งหมด {n:,} ตัว ใช้งานได้ {w:,} ตัว ({p:.1f} %)",
        "{n:,} cameras, {w:,} working ({p:.1f} %)",
    ),
    "kf_repair": (
        "ต้องซ่อม {n:,} ตัว งบซ่อมที่แจ้ง {b:,.0f} บาท",
        "{n:,} to repair; repair budgets reported: {b:,.0f} THB",
    ),
    "kf_linked": (
        "เชื่อมโยงแล้ว {l:,} ตัว ({p:.1f} %) ไม่ทราบ {u:,} ตัว",
        "{l:,} linked ({p:.1f} %), {u:,} unknown",
    ),
    "kf_target": (
        "เป้าหมายเชื่อมโยงส่วนกลาง {s:.0f} % ของกล้อง = {t:,} ตัว",
        "Central-linkage target: {s:.0f} % of cameras = {t:,}",
    ),
    "kf_wanted": (
        "จุดที่เสนอ {p:,} จุด กล้องที่ต้องการ {c:,} ตัว งบประมาณ {b:,.0f} บาท",
        "{p:,} points, {c:,} cameras wanted, {b:,.0f} THB",
    ),
    "kf_requests": (
        "คำขอ {n:,} รายการ พบภาพ {f:,} ({p:.1f} %) ไม่มีกล้องหรือกล้องชำรุด {u:,} รายการ",
        "{n:,} requests, footage found for {f:,} ({p:.1f} %), no working camera for {u:,}",
    ),
    "kf_problems": ("ข้อผิดพลาด {e:,} รายการ คำเตือน {w:,} รายการ", "{e:,} errors, {w:,} warnings"),
    "kf_pdpa": (
        "ข้อมูลส่วนบุคคลของผู้ขอไม่ถูกแสดงในรายงานนี้ (พ.ร.บ. คุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562)",
        "No requester's personal data appears in this report (PDPA B.E. 2562).",
    ),
    "kf_plan": (
        "แผน {y} ปี งบประมาณ {b:,.0f} บาท: ติดตั้งใหม่ {n:,} จุด ซ่อม {r:,} ตัว ปรับทิศทาง {a:,} ตัว",
        "{y}-year plan, {b:,.0f} THB: {n:,} new cameras, {r:,} repairs, {a:,} re-aims",
    ),
    "kf_running": (
        "ค่าดำเนินการต่อปีหลังแผน {r:,.0f} บาท (ต้องตั้งงบทุกปี)",
        "Running costs after the plan: {r:,.0f} THB a year (to budget every year)",
    ),
    "kf_roads": (
        "ถนนที่กล้องเห็น: ก่อนแผน {b:.1f} % หลังแผน {a:.1f} %",
        "Road seen by cameras: {b:.1f} % before, {a:.1f} % after the plan",
    ),
    "kf_points": (
        "จุดเสี่ยงที่มีกล้อง: ก่อนแผน {b:.0f} % หลังแผน {a:.0f} %",
        "Risk points seen: {b:.0f} % before, {a:.0f} % after the plan",
    ),
    "kf_curve": (
        "แต่ละจุดคือแผนปีเดียวสำหรับงบประมาณนั้น (ต้นทุนปีแรก) กับกล้องที่มีอยู่",
        "Each point is a one-year plan for that budget (first-year costs), with the existing cameras",
    ),
    "kf_linkage_selected": (
        "เลือกเชื่อมโยงส่วนกลางเพิ่ม {n:,} ตัว รวมเป็น {t:,} ตัว",
        "{n:,} more cameras selected for central linkage, {t:,} in all",
    ),
    "per_year": ("/ปี", "/yr"),
}

_REASONS: dict[str, tuple[str, str]] = {
    "reason_new": (
        "ติดตั้งกล้องใหม่{model}{lens} ที่ {site} {facing}",
        "New camera{model}{lens} at {site}, {facing}",
    ),
    "reason_lens": (" เลนส์{lens}", ", {lens} lens"),
    "reason_repair": (
        "ซ่อมกล้อง {camera} ที่ {site} ({status})",
        "Repair camera {camera} at {site} ({status})",
    ),
    "reason_link": (
        "เชื่อมโยงกล้อง {camera} ที่ {site} เข้าระบบกลาง",
        "Link camera {camera} at {site} to the central system",
    ),
    "reason_reaim": (
        "ขอความร่วมมือเจ้าของกล้อง {camera} ที่ {site} {facing}",
        "Ask the owner of camera {camera} at {site} to turn it {facing}",
    ),
    "reason_facing": ("หันไป{compass} ({heading:.0f}°)", "facing {compass} ({heading:.0f}°)"),
    "reason_all_round": ("รอบทิศ", "all round"),
    "reason_point": ("ครอบคลุมจุดเสี่ยง {names}", "covers risk point {names}"),
    "reason_points": ("ครอบคลุมจุดเสี่ยง {names}", "covers risk points {names}"),
    "reason_backup": ("กล้องตัวที่สองที่ {names}", "a second camera on {names}"),
    "reason_route": ("เฝ้าเส้นทางหลบหนี {names}", "watches escape route {names}"),
    "reason_routes": ("เฝ้าเส้นทางหลบหนี {names}", "watches escape routes {names}"),
    "reason_road": (
        "เห็นถนนที่ยังไม่มีกล้อง {m:,.0f} ม. ({roads})",
        "sees {m:,.0f} m of road not seen before ({roads})",
    ),
    "reason_road_part": ("{name} {m:,.0f} ม.", "{name} {m:,.0f} m"),
    "reason_hotspot": (
        "ในจำนวนนี้ {m:,.0f} ม. อยู่ในพื้นที่ที่มีการขอดูภาพบ่อย",
        "{m:,.0f} m of it in footage-request hotspots",
    ),
    "reason_lost_road": ("ถนน {m:,.0f} ม.", "{m:,.0f} m of road"),
    "reason_lost_point": ("จุดเสี่ยง {names}", "risk point {names}"),
    "reason_lost": ("เลิกเฝ้า{what}ที่เคยเห็น", "gives up {what} it watched before"),
    "reason_and": (" และ", " and "),
    "reason_more": ("{names} และอีก {n} แห่ง", "{names} and {n} more"),
    "reason_adds": ("เพิ่มพื้นที่ครอบคลุม", "adds coverage"),
    "reason_sentence": ("{head}: {body}", "{head}: {body}."),
    "reason_road_class": ("{name} ({road_class})", "{name} ({road_class})"),
}


#: The national map and dashboard (``cctvgeo.national``): the national table's columns, and
#: the dashboard's captions and key figures (``national_``).
_NATIONAL: dict[str, tuple[str, str]] = {
    "pro_code": ("รหัสจังหวัด", "province code"),
    "province": ("จังหวัด", "province"),
    "region": ("ภาค", "region"),
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
    "n_requests_footage_found": ("คำขอที่พบภาพ", "requests: footage found"),
    "n_requests_camera_broken": ("คำขอที่กล้องชำรุด", "requests: camera broken"),
    "n_requests_no_camera": ("คำขอที่ไม่มีกล้อง", "requests: no camera"),
    "n_requests_retention_expired": ("คำขอที่ภาพถูกลบแล้ว", "requests: footage deleted"),
    "n_requests_denied": ("คำขอที่ไม่อนุญาต", "requests: denied"),
    "request_success_share": ("ร้อยละที่พบภาพ", "footage found (%)"),
    "n_request_hotspots": ("จุดที่ขอดูภาพบ่อย (แห่ง)", "request hotspots"),
    "planned_spend_thb": ("ใช้งบตามแผน (บาท)", "planned spend (THB)"),
    "n_planned_sites": ("จุดติดตั้งตามแผน", "planned sites"),
    "coverage_share_after": ("ความครอบคลุมหลังแผน (%)", "coverage after the plan (%)"),
    "national_reason": ("เหตุผล", "reason"),
    "n_unassigned": ("กล้องที่ไม่อยู่ในจังหวัดใด", "cameras in no province"),
    "national_no_data": ("ไม่มีข้อมูล", "no data"),
    "national_title": (
        "รายงานกล้องโทรทัศน์วงจรปิดระดับประเทศสำหรับคณะกรรมการ",
        "National CCTV report for the committee",
    ),
    "national_by_region": ("รายภาค", "By region"),
    "national_by_province": ("รายจังหวัด", "By province"),
    "national_failed_provinces": ("จังหวัดที่ประมวลผลไม่สำเร็จ", "Provinces that failed"),
    "national_unassigned": ("กล้องที่ไม่อยู่ในจังหวัดใด (ตามเหตุผล)", "Cameras in no province, by reason"),
    "national_empty": ("จังหวัดที่ไม่มีกล้อง", "Provinces without cameras"),
    "national_no_location": ("ไม่มีพิกัด", "no location"),
    "national_outside": ("อยู่นอกทุกจังหวัด", "outside every province"),
    "national_on_border": ("อยู่บนเส้นแบ่งเขตจังหวัด {codes}", "on the border of {codes}"),
    "national_overlap": (
        "อยู่ในพื้นที่ที่จังหวัด {codes} ซ้อนทับกัน",
        "inside overlapping provinces {codes}",
    ),
    "national_kf_cameras": (
        "กล้องทั้งหมด {n:,.0f} ตัว ใน {k} จังหวัด ใช้งานได้ {w:,.0f} ตัว ใช้งานไม่ได้ {b:,.0f} ตัว ({p})",
        "{n:,.0f} cameras in {k} provinces: {w:,.0f} working, {b:,.0f} not working ({p})",
    ),
    "national_kf_repairs": (
        "กล้องที่ควรซ่อมก่อน {n:,.0f} ตัว ค่าซ่อม {c:,.0f} บาท",
        "{n:,.0f} repair priorities costing {c:,.0f} THB",
    ),
    "national_kf_linked": (
        "เชื่อมโยงแล้ว {l:,.0f} ตัว ({p}) เลือกเชื่อมโยงส่วนกลางเพิ่ม {s:,.0f} ตัว ให้ครบร้อยละ 20 ของกล้องในแต่ละจังหวัด",
        "{l:,.0f} linked ({p}); {s:,.0f} more selected for central linkage, to reach 20 % of each province's cameras",
    ),
    "national_kf_plans": (
        "แผนของ {k} จังหวัด งบประมาณ {b:,.0f} บาท ใช้งบ {s:,.0f} บาท ติดตั้ง {n:,.0f} จุด",
        "Plans of {k} provinces: {b:,.0f} THB of budget, {s:,.0f} THB planned, {n:,.0f} sites",
    ),
    "national_kf_coverage": (
        "ถนน {r:,.0f} กม. กล้องเห็น {c:,.0f} กม. ({p}) ช่องว่าง {g:,.0f} กม. หลังแผน {a}",
        "{r:,.0f} km of road, {c:,.0f} km seen ({p}), {g:,.0f} km of gaps; after the plans {a}",
    ),
    "national_kf_requests": (
        "คำขอดูภาพ {n:,.0f} รายการ จาก {k} จังหวัด พบภาพ {p} กล้องชำรุด {b:,.0f} รายการ "
        "ไม่มีกล้อง {c:,.0f} รายการ จุดที่ขอดูภาพบ่อย {h:,.0f} แห่ง",
        "{n:,.0f} footage-access requests from {k} provinces: footage found for {p}; camera "
        "broken {b:,.0f}, no camera {c:,.0f}; {h:,.0f} request hotspots",
    ),
    "national_kf_no_requests": (
        "ไม่ได้ส่งบันทึกคำขอดูภาพเข้าการประมวลผลนี้ (ระบุไฟล์บันทึกคำขอในไฟล์ตั้งค่า)",
        "No footage-request log was given to this roll-up (inputs: requests in the config).",
    ),
    "national_kf_problems": (
        "จังหวัดที่ประมวลผลไม่สำเร็จ: {f} กล้องที่ไม่อยู่ในจังหวัดใด: {u:,}",
        "Provinces that failed: {f}; cameras in no province: {u:,}",
    ),
    "national_kf_partial": (
        "ผลรวมนี้ไม่รวมจังหวัดที่ประมวลผลไม่สำเร็จ",
        "These totals leave out the provinces that failed.",
    ),
    "national_map_title": ("กล้องโทรทัศน์วงจรปิดรายจังหวัด", "CCTV by province"),
    "national_subtitle": ("กล้อง {n:,.0f} ตัว ใน {k} จังหวัด", "{n:,.0f} cameras in {k} provinces"),
    "national_subtitle_failed": ("ประมวลผลไม่สำเร็จ {f} จังหวัด", "{f} failed"),
}


#: The committee pack (``cctvgeo.pack``): the proposals' and covers' fixed texts (``pack_``).
_PACK: dict[str, tuple[str, str]] = {
    "pack_project": ("โครงการ", "Project"),
    "pack_new": ("ติดตั้งกล้องโทรทัศน์วงจรปิด", "installation of CCTV cameras"),
    "pack_repair": ("ซ่อมแซมกล้องโทรทัศน์วงจรปิด", "repair of CCTV cameras"),
    "pack_re-aim": (
        "ปรับทิศทางกล้องโทรทัศน์วงจรปิดร่วมกับเจ้าของ",
        "re-aiming of cameras with their owners",
    ),
    "pack_and": (" และ", " and "),
    "pack_year": ("ปีงบประมาณที่", "Plan year"),
    "pack_project_id": ("รหัสโครงการ", "Project number"),
    "pack_agency": ("หน่วยงานรับผิดชอบ", "Responsible agency"),
    "pack_funding": ("แหล่งงบประมาณ", "Budget source"),
    "pack_approval": ("ผู้อนุมัติ", "Approving body"),
    "pack_request": ("งบประมาณที่ขอในปีแรก (บาท)", "Budget requested in its year (baht)"),
    "pack_total": ("ค่าใช้จ่ายรวมตลอดระยะ {h} ปี (บาท)", "Total cost over {h} years (baht)"),
    "pack_unassigned": ("ยังไม่ระบุ", "to be assigned"),
    "pack_why": ("1. เหตุผลและความจำเป็น", "1. Why"),
    "pack_why_intro": (
        "กล้องของโครงการนี้ครอบคลุมจุดเสี่ยง เส้นทางหลบหนี และพื้นที่ที่มีการขอดูภาพบ่อยดังนี้ "
        "(ลำดับความสำคัญตามที่ตำรวจและคณะทำงานกำหนด)",
        "The project's cameras cover these risk points, escape routes and footage-request "
        "hotspots (priority as set by the police and the working group).",
    ),
    "pack_nothing_named": (
        "กล้องของโครงการนี้ไม่ได้ครอบคลุมจุดเสี่ยงหรือเส้นทางหลบหนีที่มีชื่อ: เพิ่มการมองเห็นถนน",
        "The project's cameras cover no named risk point or escape route: they add road coverage.",
    ),
    "pack_kind": ("ประเภท", "Kind"),
    "pack_name": ("ชื่อ", "Name"),
    "pack_priority": ("ลำดับความสำคัญ", "Priority"),
    "pack_seen_before": ("มีกล้องเห็นอยู่แล้ว", "Seen before"),
    "pack_requests": ("จำนวนคำขอดูภาพ", "Footage requests"),
    "pack_risk point": ("จุดเสี่ยง", "risk point"),
    "pack_escape route": ("เส้นทางหลบหนี", "escape route"),
    "pack_hotspot": ("พื้นที่ขอดูภาพบ่อย", "request hotspot"),
    "pack_more": ("และอีก {n} รายการ", "and {n} more"),
    "pack_yes": ("ใช่", "yes"),
    "pack_no": ("ไม่ใช่", "no"),
    "pack_coverage_caption": (
        "ความครอบคลุมก่อนและหลังโครงการ (ก่อน = กล้องที่มีอยู่ต้นปี)",
        "Coverage before and after the project (before = the cameras at the start of its year)",
    ),
    "pack_measure": ("รายการ", "Measure"),
    "pack_before": ("ก่อน", "Before"),
    "pack_after": ("หลัง", "After"),
    "pack_of_total": ("ทั้งหมด", "Total"),
    "pack_risk points": ("จุดเสี่ยงที่มีกล้องเห็น (จุด)", "Risk points seen (points)"),
    "pack_urgent risk points": (
        "จุดเสี่ยงเร่งด่วนมากที่มีกล้องเห็น (จุด)",
        "Urgent risk points seen (points)",
    ),
    "pack_escape routes": ("เส้นทางหลบหนีที่มีกล้องเห็น (เส้น)", "Escape routes seen (routes)"),
    "pack_road": ("ถนนที่มีกล้องเห็น (ม.)", "Road seen (m)"),
    "pack_road in request hotspots": (
        "ถนนในพื้นที่ขอดูภาพบ่อยที่มีกล้องเห็น (ม.)",
        "Road seen in request hotspots (m)",
    ),
    "pack_weighted demand": ("ความครอบคลุมถ่วงน้ำหนัก (%)", "Weighted coverage (%)"),
    "pack_what": ("2. กล้องที่เสนอ", "2. What"),
    "pack_new_caption": ("กล้องติดตั้งใหม่", "New cameras"),
    "pack_repair_caption": ("กล้องที่ซ่อมแซม", "Repairs"),
    "pack_re-aim_caption": ("กล้องที่ขอให้เจ้าของปรับทิศทาง", "Re-aims (asked of the owner)"),
    "pack_number": ("ที่", "No."),
    "pack_site": ("จุดติดตั้ง", "Site"),
    "pack_camera": ("รหัสกล้อง", "Camera"),
    "pack_heading": ("ทิศทาง", "Heading"),
    "pack_model": ("รุ่น/เลนส์", "Model / lens"),
    "pack_dori": ("ระดับ DORI (ระยะ ม.)", "DORI level (reach, m)"),
    "pack_status": ("สถานะเดิม", "Status"),
    "pack_capital": ("ค่าลงทุน (บาท)", "Capital (baht)"),
    "pack_running_year": ("ค่าดำเนินการ (บาท/ปี)", "Running (baht/year)"),
    "pack_costs": ("3. ค่าใช้จ่าย", "3. Costs"),
    "pack_running_note": (
        "ค่าบำรุงรักษา ค่าไฟฟ้า และค่าบริการเครือข่ายเป็นภาระต่อเนื่องทุกปี: กล้องที่จัดซื้อโดยไม่มีงบบำรุงรักษา "
        "จะชำรุดทีละตัว โครงการนี้จึงขอค่าดำเนินการ {running} บาทต่อปี รวม {total} บาทตลอด {h} ปี",
        "Maintenance, electricity and link fees are paid every year: cameras bought without a "
        "maintenance budget fail one by one. This project therefore carries running costs of "
        "{running} baht a year, {total} baht over {h} years.",
    ),
    "pack_line": ("หมวดงบประมาณ", "Budget line"),
    "pack_running_total": ("ค่าดำเนินการตลอด {h} ปี (บาท)", "Running over {h} years (baht)"),
    "pack_sum": ("รวม", "Total"),
    "pack_schedule": ("ค่าใช้จ่ายรายปี (บาท)", "Cost by year (baht)"),
    "pack_schedule_year": ("ปีที่", "Year"),
    "pack_linkage": ("4. การเชื่อมโยงกับระบบกลาง", "4. Linkage to the central system"),
    "pack_linkage_new": (
        "กล้องใหม่ {n} ตัวมีค่าอุปกรณ์เชื่อมต่อเครือข่ายและค่าบริการรายปีในงบข้างต้น จึงเชื่อมโยงเข้าระบบกลางได้ตั้งแต่ติดตั้ง",
        "The {n} new cameras carry a network link and its yearly fee in the costs above, so "
        "they join the central system when installed.",
    ),
    "pack_linkage_rule": (
        "ตามหลักเกณฑ์ปี 2564 จังหวัดต้องคัดเลือกกล้องร้อยละ {share:.0f} เพื่อเชื่อมโยงเข้าระบบกลางและจัดเก็บภาพ",
        "Under the 2021 rule each province selects {share:.0f} % of its cameras for linkage to "
        "the central system and storage.",
    ),
    "pack_linkage_quota": (
        "แผนการเชื่อมโยงของจังหวัด: กล้องที่เชื่อมโยงอยู่แล้ว {linked} ตัว และคัดเลือกเพิ่ม {selected} ตัว ตามโควตา {quota} ตัว",
        "The province's linkage plan: {linked} cameras already linked and {selected} more "
        "selected, for a quota of {quota}.",
    ),
    "pack_linkage_repairs": (
        "กล้องที่ซ่อมแซมในโครงการนี้ซึ่งอยู่ในแผนการเชื่อมโยง: {cams}",
        "Repaired cameras of this project in the linkage plan: {cams}",
    ),
    "pack_map": ("5. แผนที่", "5. Map"),
    "pack_map_legend": (
        "ภาพบน: ภาพรวมของโครงการ กรอบ A, B, ... คือภาพขยายด้านล่าง   "
        "● กล้องใหม่   ■ กล้องที่ซ่อม   ▲ กล้องที่ปรับทิศ (หมายเลขตามตารางข้อ 2)   "
        "พื้นที่แรเงา: มุมมองของกล้อง   เส้นดำหนา: ถนนที่ยังไม่มีกล้องเห็นซึ่งโครงการนี้ปิดช่องว่าง   "
        "เส้นเทา: ถนน   ◆ จุดเสี่ยง",
        "Top: the whole project; boxes A, B, ... are enlarged below.   "
        "● new camera   ■ repair   ▲ re-aim (numbers as in the tables of part 2)   "
        "hatched: field of view   thick black: road no camera saw that the project covers   "
        "grey: roads   ◆ risk point",
    ),
    "pack_signature": ("6. ความเห็นและการอนุมัติ", "6. Approval"),
    "pack_sign_proposer": ("ผู้เสนอโครงการ", "Proposed by"),
    "pack_sign_approver": ("ประธาน{body}", "Chair, {body}"),
    "pack_sign_line": (
        "ลงชื่อ ........................................................ ({role})",
        "Signed ........................................................ ({role})",
    ),
    "pack_page": ("หน้า {page}/{pages}", "Page {page} of {pages}"),
    "pack_sign_date": ("วันที่ ........ / ........ / ........", "Date ........ / ........ / ........"),
    "pack_decision": (
        "☐ อนุมัติ   ☐ อนุมัติโดยมีเงื่อนไข   ☐ ไม่อนุมัติ",
        "☐ approved   ☐ approved with conditions   ☐ not approved",
    ),
    "pack_cover_title": ("สรุปโครงการเสนอ{body}", "Projects for the {body}"),
    "pack_cover_intro": (
        "โครงการ {n} โครงการต่อไปนี้อยู่ในอำนาจอนุมัติของ{body} ตามเกณฑ์วงเงินของแผน",
        "These {n} projects are for the {body} to approve, by the plan's budget threshold.",
    ),
    "pack_project_name": ("ชื่อโครงการ", "Project"),
    "pack_curve": ("ความครอบคลุมของทั้งแผนตามวงเงิน", "The whole plan's coverage by budget"),
    "pack_curve_budget": ("วงเงิน (บาท)", "Budget (baht)"),
    "pack_curve_share": ("ความครอบคลุมถ่วงน้ำหนัก (%)", "Weighted coverage (%)"),
    "pack_curve_bound": ("ไม่เกิน (%)", "At most (%)"),
    "pack_curve_n": ("จำนวนรายการ", "Items"),
    "pack_threshold": (
        "เกณฑ์: โครงการที่ขอ {low} บาทขึ้นไปเสนอ{body} (ค่าชั่วคราว ให้แก้ตามคู่มือที่จังหวัดใช้)",
        "Rule: projects requesting {low} baht or more go to the {body} (a placeholder, to be "
        "set from the manual the province follows).",
    ),
    "pack_placeholder_costs": (
        "ราคาเป็นค่าประมาณการ ให้แก้ตามราคากลางของจังหวัดก่อนเสนอ",
        "Prices are indicative; replace them with the province's procurement prices before submitting.",
    ),
}


#: Problems in the input (``cctvgeo.Problem``): ``problem_<code>`` is what is wrong and
#: ``fix_<code>`` how to fix it; a code with a variant after a dot (``code.variant``) has its
#: own message and shares the fix of ``code``. The readers' values (cells, headers) fill the
#: placeholders as they are, except ``{what}`` (keys of this table, joined by ", ", shown in
#: the reader's language) and ``{accepted}`` (data values joined by ", ": as the data holds
#: them in English, their Thai words in Thai); see :func:`problem_text`.
_PROBLEMS: dict[str, tuple[str, str]] = {
    # the cell parsers of the survey readers
    "problem_number_yes_no": (
        "ช่องนี้ต้องเป็นตัวเลข แต่เป็นค่าใช่/ไม่ใช่",
        "A yes/no value where a number was expected.",
    ),
    "fix_number_yes_no": ("กรอกตัวเลข", "Enter a number."),
    "problem_number_infinite": (
        "ตัวเลขเป็นค่าอนันต์หรือมากเกินกว่าที่เป็นไปได้",
        "An infinite or impossibly large number.",
    ),
    "fix_number_infinite": ("กรอกตัวเลขที่ถูกต้อง เช่น 12.5", "Enter a finite number, e.g. 12.5."),
    "problem_not_a_number": ("ไม่ใช่ตัวเลข", "Not a number."),
    "fix_not_a_number": (
        "กรอกตัวเลข เช่น 12.5 (ใช้เลขไทยได้)",
        "Enter a number, for example 12.5 (Thai digits are fine).",
    ),
    "problem_unknown_word": ("{what}: ไม่รู้จักคำนี้", "Unknown {what}."),
    "fix_unknown_word": (
        "ใช้คำใดคำหนึ่งต่อไปนี้: {accepted}",
        "Use one of: {accepted} (or the Thai words).",
    ),
    "what_yes_no": ("ค่าใช่/ไม่ใช่", "yes/no value"),
    "what_owner": ("เจ้าของ (ภาครัฐ/เอกชน)", "owner (public/private)"),
    "what_camera_type": ("ประเภทกล้อง", "camera type"),
    "what_status": ("สถานะ", "status"),
    "what_outcome": ("ผลการขอดูภาพ", "request outcome"),
    "what_category": ("ประเภทจุดเสี่ยง", "risk point category"),
    "what_priority": (
        "ลำดับความสำคัญ (เร่งด่วนมาก/เร่งด่วน/ปกติ หรือ 1-3)",
        "priority (urgent/high/normal or 1-3)",
    ),
    "problem_year_implausible": ("ปี {year} ไม่น่าจะถูกต้อง", "Year {year} is not plausible."),
    "fix_year_implausible": (
        "กรอกปี เป็น ค.ศ. (2016) หรือ พ.ศ. (2559)",
        "Enter the year, CE (2016) or Buddhist era (2559).",
    ),
    "problem_not_a_date": ("ไม่ใช่วันที่", "Not a date."),
    "fix_not_a_date": (
        "เขียนวันที่เป็น วัน/เดือน/ปี เช่น 15/03/2566",
        "Write dates as day/month/year, e.g. 15/03/2566.",
    ),
    "problem_date_invalid": ("ไม่มีวันที่นี้ในปฏิทิน ({what})", "Not a valid date ({what})."),
    "fix_date_invalid": ("ตรวจสอบวันและเดือน", "Check the day and month."),
    "what_date_month": ("เดือนต้องอยู่ระหว่าง 1 ถึง 12", "month must be in 1..12"),
    "what_date_day": ("วันที่เกินจำนวนวันของเดือน", "day is out of range for month"),
    "what_date_hour": ("ชั่วโมงต้องอยู่ระหว่าง 0 ถึง 23", "hour must be in 0..23"),
    "what_date_minute": ("นาทีต้องอยู่ระหว่าง 0 ถึง 59", "minute must be in 0..59"),
    "what_date_second": ("วินาทีต้องอยู่ระหว่าง 0 ถึง 59", "second must be in 0..59"),
    "problem_not_a_heading": ("ไม่ใช่ทิศทาง", "Not a heading."),
    "fix_not_a_heading": (
        "กรอกองศาตามเข็มนาฬิกาจากทิศเหนือ (0-360) ชื่อทิศ เช่น ตะวันออกเฉียงเหนือ หรือช่วงองศา เช่น 90-270",
        "Enter degrees clockwise from north (0-360), a compass point such as NE, "
        "or a range such as 90-270.",
    ),
    "problem_not_a_resolution": ("ไม่ใช่ความละเอียดภาพ", "Not a resolution."),
    "fix_not_a_resolution": (
        "กรอกจำนวนพิกเซลตามแนวนอน (1920) กว้าง×สูง (1920×1080) หรือ 2 ล้านพิกเซล",
        "Enter the horizontal pixels (1920), WxH (1920x1080) or 2MP.",
    ),
    # coordinates and positions of survey rows
    "problem_not_a_coordinate": ("ไม่ใช่พิกัด", "Not a coordinate."),
    "fix_not_a_coordinate": (
        "กรอกองศาแบบทศนิยม (14.5912) หรือแบบองศา ลิปดา ฟิลิปดา (14°35'28\")",
        "Enter decimal degrees (14.5912) or degrees-minutes-seconds (14°35'28\"N).",
    ),
    "problem_dms_over_60": (
        "ลิปดาและฟิลิปดาต้องน้อยกว่า 60",
        "Minutes and seconds must be below 60.",
    ),
    "fix_dms_over_60": ("ตรวจสอบค่าองศา ลิปดา ฟิลิปดา", "Check the DMS value."),
    "problem_not_a_pair": (
        "ต้องมีตัวเลขสองค่า คือ ละติจูดและลองจิจูด",
        "Expected two numbers, latitude and longitude.",
    ),
    "fix_not_a_pair": (
        'เขียนเป็น "ละติจูด, ลองจิจูด" เช่น "14.5912, 100.4521"',
        'Write "latitude, longitude", e.g. "14.5912, 100.4521".',
    ),
    "problem_degrees_out_of_range": (
        "พิกัดเกินช่วงของค่าองศา (ละติจูดอยู่ในช่วง ±90 ลองจิจูดอยู่ในช่วง ±180)",
        "Out of range for degrees (latitude within ±90, longitude within ±180).",
    ),
    "problem_degrees_out_of_range.not_finite": (
        "พิกัดเกินช่วงของค่าองศา (ละติจูดอยู่ในช่วง ±90 ลองจิจูดอยู่ในช่วง ±180): ไม่ใช่ตัวเลขที่มีค่าจำกัด",
        "Out of range for degrees (latitude within ±90, longitude within ±180): "
        "not a finite number.",
    ),
    "problem_degrees_out_of_range.metres": (
        "พิกัดเกินช่วงของค่าองศา (ละติจูดอยู่ในช่วง ±90 ลองจิจูดอยู่ในช่วง ±180): เป็นค่าเมตร หรือจุดทศนิยมหายไปหรือไม่",
        "Out of range for degrees (latitude within ±90, longitude within ±180): "
        "metres, or a lost decimal point?",
    ),
    "fix_degrees_out_of_range": (
        "กรอกองศาแบบทศนิยม เช่น 14.5912 และ 100.4521 (ตรวจดูว่าจุดทศนิยมหายไปหรือไม่) "
        "ถ้าไฟล์เก็บพิกัดเป็นเมตร ให้ระบุระบบพิกัดของไฟล์เมื่ออ่าน เช่น crs=32647 "
        "สำหรับ UTM โซน 47 เหนือ",
        "Enter decimal degrees, e.g. 14.5912 and 100.4521 (check for a lost decimal point); "
        "if the file holds metres, read it with crs=, e.g. crs=32647 for UTM zone 47N.",
    ),
    "problem_crs_out_of_range": ("ไม่ใช่ตำแหน่งในระบบพิกัด {crs}", "Not a position in {crs}."),
    "problem_crs_out_of_range.not_finite": (
        "ไม่ใช่ตำแหน่งในระบบพิกัด {crs}: ไม่ใช่ตัวเลขที่มีค่าจำกัด",
        "Not a position in {crs}: not a finite number.",
    ),
    "fix_crs_out_of_range": (
        "ตรวจสอบพิกัด หรือระบบพิกัด (crs=) ที่ระบุให้ไฟล์",
        "Check the coordinates, or the crs= given for the file.",
    ),
    "problem_far_from_others": (
        "อยู่ห่างจากจุดอื่น ๆ มาก ({km} กม. จากจุดศูนย์กลาง) ไม่ได้ย้ายตำแหน่งให้",
        "Far from the other points ({km} km from their centre); it was not moved.",
    ),
    "fix_far_from_others": (
        "แก้พิกัดให้ถูกต้อง หรือระบุขอบเขตพื้นที่ (area=) เพื่อตรวจจุดกับขอบเขตนั้น",
        "Correct the coordinates, or give area= to check the points against a boundary.",
    ),
    "problem_no_coordinates": ("ไม่มีพิกัด", "No coordinates."),
    "fix_no_coordinates": (
        "กรอกละติจูดและลองจิจูด เช่น 14.5912 และ 100.4521",
        "Enter latitude and longitude, e.g. 14.5912 and 100.4521.",
    ),
    "problem_geometry_not_point": ("รูปร่างไม่ใช่จุด", "The geometry is not a point."),
    "fix_geometry_not_point": ("กำหนดให้กล้องแต่ละตัวเป็นจุด", "Give each camera a point geometry."),
    "problem_not_a_wkt_point": ("ไม่ใช่จุดแบบ WKT", "Not a WKT point."),
    "fix_not_a_wkt_point": (
        'เขียนเป็น "POINT (ลองจิจูด ละติจูด)"',
        'Write "POINT (lon lat)".',
    ),
    "problem_coordinates_swapped": (
        "ละติจูดและลองจิจูดสลับกัน ({what}) จึงสลับกลับเป็น ละติจูด {lat} ลองจิจูด {lon}",
        "Latitude and longitude were swapped ({what}); they were swapped back to "
        "latitude {lat}, longitude {lon}.",
    ),
    "fix_coordinates_swapped": (
        "กรอกละติจูด (แนวเหนือ-ใต้ เช่น 14.59) ในคอลัมน์ละติจูด",
        "Put the latitude (north-south, e.g. 14.59) in the latitude column.",
    ),
    "what_swap_out_of_range": ("ละติจูดตามที่กรอกเกินช่วง", "latitude out of range as given"),
    "what_swap_implausible": (
        "ละติจูดตามที่กรอกไม่น่าเป็นไปได้",
        "implausible latitude as given",
    ),
    "what_swap_area": (
        "ตามที่กรอกอยู่นอกพื้นที่ แต่เมื่อสลับกันแล้วอยู่ในพื้นที่",
        "outside the area as given, inside swapped",
    ),
    "what_swap_far": ("ตามที่กรอกอยู่ห่างจากจุดอื่น ๆ มาก", "far from the other points as given"),
    # the ids of survey rows
    "problem_id_missing.camera": (
        "ไม่มีรหัสกล้อง จึงกำหนดให้เป็น {id}",
        "No camera id; {id} was assigned.",
    ),
    "fix_id_missing.camera": (
        "กรอกรหัสกล้องทุกตัวตามทะเบียนของหน่วยงาน",
        "Give every camera its id from the agency's register.",
    ),
    "problem_id_missing.point": ("ไม่มีรหัสจุด จึงกำหนดให้เป็น {id}", "No point id; {id} was assigned."),
    "fix_id_missing.point": (
        "กำหนดรหัสที่ไม่ซ้ำกันให้จุดเสี่ยงทุกจุด เช่น RP-001",
        "Give every risk point its own id, e.g. RP-001.",
    ),
    "problem_id_missing.request": (
        "ไม่มีเลขที่คำขอ จึงกำหนดให้เป็น {id}",
        "No request id; {id} was assigned.",
    ),
    "fix_id_missing.request": (
        "กรอกเลขที่คำขอทุกรายการตามทะเบียน",
        "Give every request its number from the register.",
    ),
    "problem_id_repeated.camera": (
        "รหัสกล้อง {id} ซ้ำกับแถวที่ {first}",
        "Camera id {id} is also used on row {first}.",
    ),
    "fix_id_repeated.camera": ("กำหนดรหัสที่ไม่ซ้ำกันให้กล้องแต่ละตัว", "Give each camera its own id."),
    "problem_id_repeated.point": (
        "รหัสจุด {id} ซ้ำกับแถวที่ {first}",
        "Point id {id} is also used on row {first}.",
    ),
    "fix_id_repeated.point": (
        "กำหนดรหัสที่ไม่ซ้ำกันให้จุดเสี่ยงแต่ละจุด",
        "Give each risk point its own id.",
    ),
    "problem_id_repeated.request": (
        "เลขที่คำขอ {id} ซ้ำกับแถวที่ {first}",
        "Request id {id} is also used on row {first}.",
    ),
    "fix_id_repeated.request": (
        "กำหนดเลขที่ที่ไม่ซ้ำกันให้คำขอแต่ละรายการ",
        "Give each request its own number.",
    ),
    # the checks of the camera table
    "problem_status_unknown": ("ไม่รู้จักสถานะนี้", "Unknown status."),
    "fix_status_unknown": ("ใช้สถานะใดสถานะหนึ่งต่อไปนี้: {accepted}", "Use one of: {accepted}."),
    "problem_shape_not_point": (
        "กล้องต้องเป็นจุด ไม่ใช่รูปร่างแบบนี้",
        "A camera is a point, not this shape.",
    ),
    "fix_shape_not_point": (
        "กำหนดให้กล้องแต่ละตัวเป็นจุดเดียว (เช่น จุดตัวแทนของรูปร่างนั้น)",
        "Give each camera one point (for example the shape's representative_point()).",
    ),
    "problem_impossible_coordinates": (
        "พิกัดเป็นไปไม่ได้ แม้จะสลับละติจูดกับลองจิจูดแล้ว",
        "Impossible coordinates, even if swapped.",
    ),
    "fix_impossible_coordinates": (
        "ละติจูดต้องอยู่ในช่วง ±90 และลองจิจูดต้องอยู่ในช่วง ±180",
        "Latitude must be within ±90 and longitude within ±180.",
    ),
    "problem_outside_area": ("กล้องอยู่นอกพื้นที่", "The camera is outside the area."),
    "fix_outside_area": (
        "ตรวจสอบพิกัด หรือขอบเขตพื้นที่ที่ระบุ",
        "Check the coordinates, or the area given.",
    ),
    "problem_out_of_range": ("ค่าอยู่นอกช่วงที่ใช้ได้", "Out of range."),
    "fix_out_of_range": ("กรอก{what}", "Enter {what}."),
    "what_range_heading_deg": (
        "องศาตามเข็มนาฬิกาจากทิศเหนือ 0-360",
        "degrees clockwise from north, 0-360",
    ),
    "what_range_sweep_deg": (
        "ความกว้างของมุมกวาดเป็นองศา มากกว่า 0 และไม่เกิน 360",
        "the swept width in degrees, above 0 and at most 360",
    ),
    "what_range_hfov_deg": (
        "มุมมองแนวนอนเป็นองศา มากกว่า 0 และไม่เกิน 360",
        "the horizontal field of view in degrees, above 0 and at most 360",
    ),
    "what_range_focal_length_mm": (
        "ความยาวโฟกัสเป็นมิลลิเมตร มากกว่า 0",
        "the focal length in millimetres, above 0",
    ),
    "what_range_sensor_width_mm": (
        "ความกว้างของเซนเซอร์ภาพเป็นมิลลิเมตร มากกว่า 0",
        "the sensor width in millimetres, above 0",
    ),
    "what_range_resolution_px": (
        "ความละเอียดภาพแนวนอนเป็นพิกเซล มากกว่า 0",
        "the horizontal resolution in pixels, above 0",
    ),
    "what_range_height_m": ("ความสูงที่ติดตั้งเป็นเมตร 0-500", "the mounting height in metres, 0-500"),
    "what_range_tilt_deg": (
        "มุมก้มจากแนวราบเป็นองศา -90 ถึง 90",
        "degrees below the horizontal, -90 to 90",
    ),
    "what_range_retention_days": ("จำนวนวันที่เก็บภาพ 0 ขึ้นไป", "days of recording kept, 0 or more"),
    "what_range_repair_budget_thb": ("งบประมาณเป็นบาท 0 ขึ้นไป", "a budget in baht, 0 or more"),
    "problem_retention_short": (
        "เก็บภาพไว้เพียง {days} วัน แต่มักมีการขอดูภาพหลังจากนั้น",
        "Recordings are kept only {days} days; footage is often requested later.",
    ),
    "fix_retention_short": (
        "เก็บภาพไว้อย่างน้อย {minimum} วัน",
        "Keep at least {minimum} days (settings.min_retention_days).",
    ),
    "problem_same_position": (
        "ตำแหน่งและทิศทางตรงกับกล้องในแถวที่ {first} (หรือไม่ทราบทิศทางทั้งคู่): อาจกรอกซ้ำ",
        "Same position and heading (or both unknown) as the camera on row {first}: "
        "probably entered twice.",
    ),
    "fix_same_position": (
        "ลบแถวที่ซ้ำ หรือแก้ตำแหน่งหรือทิศทางให้ถูกต้อง",
        "Remove the repeated row, or correct its position or heading.",
    ),
    # risk points, requests, escape routes and the demand set
    "problem_not_a_count": ("ไม่ใช่จำนวนกล้องที่เป็นจำนวนเต็ม", "Not a whole number of cameras."),
    "fix_not_a_count": (
        "กรอกจำนวนกล้อง เช่น 4 (ตั้งแต่ 0 ขึ้นไป)",
        "Enter how many cameras, e.g. 4 (0 or more).",
    ),
    "problem_negative_budget": ("งบประมาณติดลบ", "A negative budget."),
    "fix_negative_budget": (
        "กรอกงบประมาณเป็นบาท ตั้งแต่ 0 ขึ้นไป",
        "Enter the budget in baht, 0 or more.",
    ),
    "problem_word_missing.priority": (
        "ไม่มีลำดับความสำคัญ จึงให้น้ำหนักจุดนี้เป็น '{default}'",
        "No priority; the point is weighted as '{default}'.",
    ),
    "fix_word_missing.priority": (
        "กรอกลำดับความสำคัญตามแบบสำรวจ",
        "Enter the priority from the form.",
    ),
    "problem_word_missing.category": (
        "ไม่มีประเภทจุดเสี่ยง จึงให้น้ำหนักจุดนี้เป็น '{default}'",
        "No category; the point is weighted as '{default}'.",
    ),
    "fix_word_missing.category": (
        "กรอกประเภทจุดเสี่ยงตามแบบสำรวจ",
        "Enter the category from the form.",
    ),
    "problem_request_unplaced": (
        "คำขอนี้ไม่ระบุกล้องและไม่มีตำแหน่ง",
        "The request names no camera and has no location.",
    ),
    "fix_request_unplaced": (
        "กรอกรหัสกล้อง หรือละติจูดและลองจิจูดของจุดเกิดเหตุ",
        "Enter the camera id, or the latitude and longitude of the incident.",
    ),
    "problem_route_not_a_line": ("ไม่ใช่เส้น", "Not a line."),
    "fix_route_not_a_line": ("วาดเส้นทางเป็นเส้นเดียว", "Draw the route as one line."),
    "problem_route_off_roads": (
        "เส้นทางไม่อยู่ใกล้ถนนใดในระยะ {tolerance} ม.",
        "The route is nowhere within {tolerance} m of a road.",
    ),
    "fix_route_off_roads": (
        "วาดเส้นทางไปตามถนน หรือกำหนดระยะยอมรับ (tolerance=) ให้มากขึ้น",
        "Draw the route along the roads, or pass a larger tolerance.",
    ),
    "problem_route_no_path": (
        "ไม่มีถนนที่เชื่อมจุดเริ่มต้นกับจุดสิ้นสุดของเส้นทาง",
        "No road path joins the start and end of the route.",
    ),
    "fix_route_no_path": (
        "ตรวจสอบว่าโครงข่ายถนนบริเวณนั้นเชื่อมต่อกัน",
        "Check the road network is connected there.",
    ),
    "problem_no_geometry": ("{argument}: ไม่มีรูปร่าง", "{argument}: no geometry."),
    "fix_no_geometry": ("กำหนดรูปร่างให้แถวนี้ หรือลบแถวออก", "Give the row a geometry or remove it."),
    # which cameras count: footprints and statuses
    "problem_statuses_unknown": (
        "statuses= ระบุสถานะที่ไม่มีอยู่",
        "statuses= names a status that does not exist.",
    ),
    "fix_statuses_unknown": ("ใช้สถานะจากรายการนี้: {accepted}", "Use some of {accepted}."),
    "problem_unknown_rule": (
        "unknown= ต้องระบุว่ากล้องสถานะ 'ไม่ทราบ' นับอย่างไร",
        "unknown= must say how cameras of status 'unknown' count.",
    ),
    "fix_unknown_rule": ("ใช้ค่าใดค่าหนึ่งต่อไปนี้: {accepted}", "Use one of {accepted}."),
    "problem_footprints_no_camera_id": (
        "พื้นที่มองเห็นที่ให้มา (footprints=) ไม่มีคอลัมน์ 'camera_id'",
        "footprints has no 'camera_id' column.",
    ),
    "fix_footprints_no_camera_id": (
        "สร้างพื้นที่มองเห็นด้วย cg.coverage.fields_of_view(cameras) หรือเพิ่มคอลัมน์นี้",
        "Make footprints with cg.coverage.fields_of_view(cameras), or add the column.",
    ),
    "problem_camera_status_unknown": ("ไม่รู้จักสถานะกล้องนี้", "Unknown camera status."),
    "fix_camera_status_unknown": (
        "ใช้สถานะใดสถานะหนึ่งต่อไปนี้: {accepted} (read_cameras อ่านคำภาษาไทยได้)",
        "Use one of {accepted} (read_cameras maps Thai terms).",
    ),
    "problem_camera_id_missing": ("ไม่มีรหัสกล้อง", "Missing camera id."),
    "fix_camera_id_missing": ("กำหนดรหัสให้กล้องทุกตัว", "Give every camera an id."),
    "problem_several_levels": (
        "พื้นที่มองเห็นที่ให้มา (footprints=) มีหลายระดับรายละเอียด เมื่อรวมกันจะวัดได้เฉพาะระดับที่กว้างที่สุด",
        "footprints hold several detail levels; their union would measure the widest one.",
    ),
    "fix_several_levels": (
        "ระบุ level='recognise' (หรือระดับอื่น) เพื่อวัดทีละระดับ",
        "Pass level='recognise' (or another level) to measure one of them.",
    ),
    # personal data (PDPA)
    "problem_personal_data.cleared": (
        "ช่องนี้มีข้อมูลส่วนบุคคล ({what}) จึงล้างค่าออก (พ.ร.บ. คุ้มครองข้อมูลส่วนบุคคล)",
        "The cell held personal data ({what}); it was cleared (PDPA).",
    ),
    "problem_personal_data.replaced": (
        "ช่องนี้มีข้อมูลส่วนบุคคล ({what}) จึงแทนด้วย {marker} (พ.ร.บ. คุ้มครองข้อมูลส่วนบุคคล)",
        "The cell held personal data ({what}), replaced by {marker} (PDPA).",
    ),
    "fix_personal_data": (
        "อย่ากรอกชื่อ หมายเลขโทรศัพท์ เลขประจำตัวประชาชน และอีเมลในคอลัมน์นี้ ระบบไม่เก็บข้อมูลเหล่านี้",
        "Keep names, phone numbers, id numbers and e-mail addresses out of this column; "
        "cctvgeo does not keep them.",
    ),
    "what_pdpa_national_id": ("เลขประจำตัวประชาชน", "national id number"),
    "what_pdpa_phone": ("หมายเลขโทรศัพท์", "phone number"),
    "what_pdpa_email": ("อีเมล", "e-mail address"),
    "what_pdpa_contact": ("ชื่อบัญชีแอปพลิเคชันสนทนา", "messaging id"),
    "what_pdpa_name": ("ชื่อบุคคล", "name"),
    "what_pdpa_address": ("ที่อยู่", "address"),
    # the camera store
    "problem_store_id_repeated": (
        "ไม่ได้บันทึก: ฐานข้อมูลเก็บกล้องได้หนึ่งตัวต่อหนึ่งรหัส และแถวที่ {kept} ใช้รหัสนี้แล้ว",
        "Not stored: the store keeps one camera per id, and row {kept} has this id.",
    ),
    "fix_store_id_repeated": (
        "กำหนดรหัสที่ไม่ซ้ำกันให้กล้องแต่ละตัว แล้วนำเข้าข้อมูลสำรวจอีกครั้ง",
        "Give each camera its own id and import the survey again.",
    ),
    # notes of a report (ValidationReport.notes): what a reader did that is no problem
    "note_title_rows": (
        "แถวเหนือแถวที่ {row} เป็นชื่อตาราง ไม่ได้อ่านเป็นข้อมูล",
        "Rows above row {row} were read as a title, not data.",
    ),
    "note_two_level_header": (
        "แถว {first}-{last} อ่านเป็นหัวตารางสองชั้น (หัวย่อยเป็นชื่อคอลัมน์ หน่วยอยู่ในวงเล็บหลังหัวคอลัมน์)",
        "Rows {first}-{last} were read as one two-level header "
        "(a sub-header names its column; a unit in parentheses follows its header).",
    ),
    "note_empty_rows": (
        "ข้ามแถวว่าง {n} แถว (ทุกช่องว่างหรือเป็น '-') (แถว {rows})",
        "{n} empty rows (every cell blank or '-') were skipped (rows {rows}).",
    ),
    "note_cells_ignored": (
        "ไม่ได้อ่านช่องทางขวาของหัวคอลัมน์สุดท้าย ในแถว {rows}",
        "Cells right of the last header were ignored on rows {rows}.",
    ),
    "note_encoding": (
        "อ่านไฟล์ {file} เป็นข้อความแบบ {encoding}",
        "{file} was read as {encoding} text.",
    ),
    "note_layers": (
        "ไฟล์ {file} มี {n} ชั้นข้อมูล อ่านทุกชั้นตามลำดับ: {sizes}",
        "{file} has {n} layers; all were read, in order: {sizes}.",
    ),
    "note_header_twice": (
        "คอลัมน์ {header} ดูเหมือนเป็น {canonical} เช่นกัน ซึ่งอ่านจากคอลัมน์ {source} แล้ว "
        "จึงเก็บไว้เป็นคอลัมน์เพิ่มเติม",
        "Column {header} also looks like {canonical}, which comes from {source}; "
        "it is kept as an extra column.",
    ),
    "note_osm_not_cameras": (
        "ไม่ได้นำอุปกรณ์เฝ้าระวังจาก OpenStreetMap ที่ไม่ใช่กล้อง {n} รายการ: {left_out}",
        "{n} OSM surveillance features that are not cameras were left out: {left_out}.",
    ),
    "note_wkt_lat_first": (
        "คอลัมน์ {column} เขียนจุด WKT โดยใส่ละติจูดก่อน POINT (ละติจูด ลองจิจูด) จึงอ่านตามนั้น",
        "Column {column} writes WKT points latitude first, POINT (lat lon); read accordingly.",
    ),
    "note_no_id_column.camera": (
        "ไม่มีคอลัมน์รหัสกล้อง จึงกำหนดรหัส 'ROW-<แถว>' ให้",
        "The source has no camera id column; ids 'ROW-<row>' were assigned.",
    ),
    "note_no_id_column.point": (
        "ไม่มีคอลัมน์รหัสจุด จึงกำหนดรหัส 'ROW-<แถว>' ให้",
        "The source has no point id column; ids 'ROW-<row>' were assigned.",
    ),
    "note_no_id_column.request": (
        "ไม่มีคอลัมน์เลขที่คำขอ จึงกำหนดรหัส 'ROW-<แถว>' ให้",
        "The source has no request id column; ids 'ROW-<row>' were assigned.",
    ),
    "note_empty_id_column": (
        "คอลัมน์ {column} ว่างทั้งหมด จึงเก็บไว้เป็นคอลัมน์เพิ่มเติม",
        "Column {column} is empty; it is kept as an extra column.",
    ),
    "note_owner_names.kept": (
        "คอลัมน์ {column} เป็นชื่อหน่วยงาน ไม่ใช่ภาครัฐ/เอกชน จึงเก็บไว้เป็นคอลัมน์เพิ่มเติม",
        "Column {column} holds names, not public/private; it is kept as an extra column.",
    ),
    "note_owner_names.agency": (
        "คอลัมน์ {column} เป็นชื่อหน่วยงาน ไม่ใช่ภาครัฐ/เอกชน จึงอ่านเป็นหน่วยงาน",
        "Column {column} holds names, not public/private; it was read as the agency.",
    ),
    "note_personal_dropped": (
        "ตัดข้อมูลส่วนบุคคลออกตั้งแต่อ่านไฟล์ (พ.ร.บ. คุ้มครองข้อมูลส่วนบุคคล): {columns} "
        "ค่าในคอลัมน์เหล่านี้ไม่ถูกเก็บไว้ในผลลัพธ์ใด",
        "Personal data dropped at load time (PDPA): {columns}. Their values are not kept in "
        "any output.",
    ),
    "note_pdpa_header": ("{column} ({what} ตามหัวคอลัมน์)", "{column} ({what}, by its header)"),
    "note_pdpa_content": ("{column} ({what} ตามข้อมูลในคอลัมน์)", "{column} ({what}, by its content)"),
    "note_pdpa_header_text": (
        "คอลัมน์ที่ {position} (หัวคอลัมน์มีข้อมูลส่วนบุคคล)",
        "column {position} (its header holds personal data)",
    ),
    "what_pdpa_requester_name": ("ชื่อผู้ขอ", "requester_name"),
    "what_pdpa_listed": ("ระบุไว้ใน personal_columns=", "listed in personal_columns"),
    # the validation report: its page, digest and summary
    "report_title": ("รายงานการตรวจข้อมูล", "Validation report"),
    "report_title_of": ("รายงานการตรวจข้อมูล: {source}", "Validation report: {source}"),
    "report_errors": ("ข้อผิดพลาด ({n} รายการ)", "Errors ({n})"),
    "report_warnings": ("คำเตือน ({n} รายการ) จัดเป็นกลุ่ม", "Warnings ({n}), grouped"),
    "report_every": ("ปัญหาทั้งหมดเรียงตามแถว ({n} รายการ)", "Every problem, row by row ({n})"),
    "report_none": ("ไม่มี", "None."),
    "report_summary": (
        "{source}: อ่าน {rows} แถว ข้อผิดพลาด {errors} รายการ คำเตือน {warnings} รายการ "
        "ตัดออก {dropped} แถว",
        "{source}: {rows} read, {errors}, {warnings}, {dropped} dropped",
    ),
    "report_skipped": (" ข้ามแถวว่าง {skipped} แถว", ", {skipped} skipped"),
    "report_note": ("หมายเหตุ: {note}", "note: {note}"),
    "report_file": ("ทั้งไฟล์", "file"),
    "report_row": ("แถว {row}", "row {row}"),
    "report_column": (" คอลัมน์ {column}", ", column {column}"),
    "report_value": (" (ค่า {value})", " (value {value})"),
    "report_line": (
        "{severity} {where}{value}: {message} วิธีแก้: {fix} [{action}]",
        "{severity} {where}{value}: {message} Fix: {fix} [{action}]",
    ),
    "report_group": (
        "{severity} {count} รายการ คอลัมน์ {column} แถว {rows}: {message} วิธีแก้: {fix} [{action}]",
        "{severity} x{count}, column {column}, rows {rows}: {message} Fix: {fix} [{action}]",
    ),
    "report_wrote": (
        "บันทึกกล้อง {n} ตัวลงใน {cameras} และรายงานลงใน {report}",
        "Wrote {n} cameras to {cameras} and the report to {report}",
    ),
    "col_action": ("สิ่งที่ดำเนินการ", "action"),
    "col_count": ("จำนวน", "count"),
    "col_row_list": ("แถว", "rows"),
}


def _table(*sections: Mapping[str, tuple[str, str]]) -> MappingProxyType[str, tuple[str, str]]:
    """The sections as one read-only table; a key in two sections is an error.

    Examples
    --------
    >>> _table({"a": ("ก", "a")}, {"a": ("ข", "b")})
    Traceback (most recent call last):
    ...
    ValueError: label key 'a' is defined twice
    """
    out: dict[str, tuple[str, str]] = {}
    for section in sections:
        for key, value in section.items():
            if key in out:
                raise ValueError(f"label key {key!r} is defined twice")
            out[key] = value
    return MappingProxyType(out)


#: Key -> (Thai, English), every text cctvgeo shows.
TEXT: Mapping[str, tuple[str, str]] = _table(
    _VALUES, _COLUMNS, _MAPS, _DASHBOARD, _REASONS, _NATIONAL, _PACK, _PROBLEMS
)
#: The keys :func:`label` translates: values the data holds.
VOCABULARY: frozenset[str] = frozenset(_VALUES)


def check_lang(lang: Any) -> None:
    """Raise ValueError unless ``lang`` is one of :data:`LANGUAGES`."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}, not {lang!r}.")


def text(key: str, lang: str, **fmt: Any) -> str:
    """The text of ``key`` in ``lang``, formatted with ``fmt``.

    Examples
    --------
    >>> text("kf_problems", "en", e=2, w=1)
    '2 errors, 1 warnings'
    """
    th, en = TEXT[key]
    chosen = th if lang == "th" else en
    return chosen.format(**fmt) if fmt else chosen


#: Problem placeholders that hold keys of :data:`TEXT` joined by ", ", shown in ``lang``.
_TERM_PARAMS = frozenset({"what"})
#: Problem placeholders that hold data values joined by ", ": as the data holds them in
#: English, through :func:`label` in Thai.
_VALUE_PARAMS = frozenset({"accepted", "default"})


def problem_text(code: str, lang: str, params: Mapping[str, str], *, fix: bool = False) -> str:
    """A problem's message (or with ``fix=True`` its fix) in ``lang``, filled with ``params``.

    The message is ``problem_<code>``; the fix is ``fix_<code>``, or for a code with a
    variant (``"id_missing.camera"``) without a fix of its own, the fix of the code before
    the dot. ``params`` fill the placeholders with :meth:`str.format_map`: a value is never
    read as a template, so a cell such as ``"{x}"`` or ``"<script>"`` is shown as it is.

    Examples
    --------
    >>> problem_text("unknown_word", "th", {"what": "what_status", "accepted": "broken, working"})
    'สถานะ: ไม่รู้จักคำนี้'
    >>> problem_text("unknown_word", "th", {"what": "what_status", "accepted": "broken, working"},
    ...              fix=True)
    'ใช้คำใดคำหนึ่งต่อไปนี้: ชำรุด, ใช้งานได้ปกติ'
    >>> problem_text("year_implausible", "en", {"year": "{x}"})
    'Year {x} is not plausible.'
    """
    key = f"problem_{code}"
    if fix:
        key = f"fix_{code}" if f"fix_{code}" in TEXT else f"fix_{code.partition('.')[0]}"
    return filled(key, lang, params)


def filled(key: str, lang: str, params: Mapping[str, str]) -> str:
    """The text of ``key`` in ``lang`` filled with ``params`` as :func:`problem_text` fills it.

    Examples
    --------
    >>> filled("note_title_rows", "th", {"row": "3"})
    'แถวเหนือแถวที่ 3 เป็นชื่อตาราง ไม่ได้อ่านเป็นข้อมูล'
    """
    th, en = TEXT[key]
    shown = {name: _param(name, str(value), lang) for name, value in params.items()}
    return (th if lang == "th" else en).format_map(shown)


def _param(name: str, value: str, lang: str) -> str:
    """One placeholder's value as shown in ``lang`` (see :func:`problem_text`)."""
    if name in _TERM_PARAMS:
        return ", ".join(text(key, lang) for key in value.split(", "))
    if name in _VALUE_PARAMS and lang == "th":
        return ", ".join(str(label(v, lang)) for v in value.split(", "))
    return value


def label(value: Any, lang: str, *, column: str | None = None) -> Any:
    """A data value in ``lang``: ``"column:value"`` first, then the vocabulary; else as is.

    Examples
    --------
    >>> label("broken", "th"), label("broken", "en"), label("ตลาดเก่า", "en")
    ('ชำรุด', 'broken', 'ตลาดเก่า')
    >>> label("routes", "th", column="unit")
    'เส้นทาง'
    """
    if not isinstance(value, str):
        return value
    if column is not None and f"{column}:{value}" in VOCABULARY:
        return text(f"{column}:{value}", lang)
    return text(value, lang) if value in VOCABULARY else value


def sentence(value: str) -> str:
    """``value`` with its first letter in upper case, as maps show labels (Thai unchanged)."""
    return value[:1].upper() + value[1:]


_BILINGUAL = re.compile(r"^(?P<th>.*[\u0E00-\u0E7F].*?)\s*\((?P<en>[^()\u0E00-\u0E7F]+)\)$")


def budget_lines(value: Any, lang: str) -> Any:
    """Budget lines (``"line: 12,000; line: 6,000/yr"``) in ``lang``.

    The bundled cost catalogue names a line in Thai with an English gloss,
    ``"Thai (English)"``: Thai outputs keep the Thai name and translate the yearly mark,
    English outputs keep the gloss. A line named in one language only is shown as named.

    Examples
    --------
    >>> budget_lines("งบลงทุน ค่าครุภัณฑ์ (capital: equipment): 9,000; งบกลาง: 600/yr", "th")
    'งบลงทุน ค่าครุภัณฑ์: 9,000; งบกลาง: 600/ปี'
    >>> budget_lines("งบลงทุน ค่าครุภัณฑ์ (capital: equipment): 9,000; งบกลาง: 600/yr", "en")
    'capital: equipment: 9,000; งบกลาง: 600/yr'
    """
    if not isinstance(value, str) or not value:
        return value
    parts = []
    for part in value.split("; "):
        line, sep, amount = part.rpartition(": ")
        if not sep:
            parts.append(budget_line(part, lang))
            continue
        per_year = amount.endswith("/yr")
        amount = amount.removesuffix("/yr") + (text("per_year", lang) if per_year else "")
        parts.append(f"{budget_line(line, lang)}: {amount}")
    return "; ".join(parts)


def budget_line(name: str, lang: str) -> str:
    """One budget line's name in ``lang``: of ``"Thai (English)"``, the part in ``lang``.

    Examples
    --------
    >>> budget_line("งบดำเนินงาน ค่าใช้สอย (operating: services)", "th")
    'งบดำเนินงาน ค่าใช้สอย'
    """
    match = _BILINGUAL.match(name)
    return name if match is None else match.group(lang).strip()


_UNNAMED = re.compile(r"\bunnamed (?:([a-z_]+) road\b|([a-z_]+))")
_EXISTING = re.compile(r"^existing ([a-z_]+)$")
_ROUTE = re.compile(r"^escape route (?P<rank>\d+) from (?P<origin>.+) to exit (?P<exit>.+)$")


def place_name(value: Any, lang: str) -> Any:
    """A name in ``lang``: the English names cctvgeo makes up are translated.

    Candidate sites and demand elements on roads without a name are named after the road
    class (``"unnamed <road class>[ road]"``), and computed escape routes after their rank,
    origin and exit (``"escape route 1 from RP-07 to exit 12"``), in English; Thai outputs
    show them in Thai. Other text is kept as it is.

    Examples
    --------
    >>> place_name("ถนนโพธิ์พระยา / unnamed residential", "th")
    'ถนนโพธิ์พระยา / ถนนไม่มีชื่อ (ถนนในชุมชน)'
    >>> place_name("ทางหลวง 3195 (unnamed unclassified road)", "th")
    'ทางหลวง 3195 (ถนนไม่มีชื่อ (ถนนไม่จัดประเภท))'
    >>> place_name("escape route 2 from RP-07 to exit 12", "th")
    'เส้นทางหลบหนีที่ 2 จาก RP-07 ถึงทางออก 12'
    """
    if lang == "en" or not isinstance(value, str):
        return value
    route = _ROUTE.match(value)
    if route is not None:
        return text("route_generated", lang, **route.groupdict())
    unnamed = text("unnamed_road", lang)

    def one(match: re.Match[str]) -> str:
        road_class = match.group(1) or match.group(2)
        return unnamed if road_class == "road" else f"{unnamed} ({label(road_class, lang)})"

    return _UNNAMED.sub(one, value)


def model_name(value: Any, lang: str) -> Any:
    """A camera model's name in ``lang``: an existing camera's ``"existing <type>"`` translated.

    Catalogue model names are kept as they are (model names).

    Examples
    --------
    >>> model_name("existing ptz", "th"), model_name("2 MP fixed dome", "th")
    ('กล้องที่มีอยู่ (PTZ (หมุนได้))', '2 MP fixed dome')
    """
    match = _EXISTING.match(value) if lang == "th" and isinstance(value, str) else None
    if match is None:
        return value
    return f"{text('existing', lang)} ({label(match.group(1), lang)})"
