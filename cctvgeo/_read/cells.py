"""Cell parsers for survey files written by people: Thai digits, Buddhist-era years, Thai words.

Each parser takes one raw cell and returns the parsed value, or raises
:class:`CellError` with the code of its message and fix in the label table (``cctvgeo._i18n``). The callers turn a ``CellError`` into a
:class:`~cctvgeo.Problem` with the row and column, so every bad cell is reported.
Parsers are shared by the camera inventory, risk points and request logs.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from cctvgeo import settings
from cctvgeo._i18n import problem_text
from cctvgeo._validate import Problem

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_IGNORED_IN_KEYS = re.compile(r"[\s_\-./:;,'\"()\[\]{}]+")
#: Invisible format characters that editors slip into cells and headers: soft hyphen, zero-width
#: space and joiners, direction marks, word joiner, byte-order mark.
ZERO_WIDTH = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
#: Cell texts that mean "no value" in Thai and English surveys.
MISSING_WORDS = frozenset(
    {"", "-", "--", "na", "n/a", "nan", "none", "null", "ไม่ทราบ", "ไม่ระบุ", "ไม่มีข้อมูล", "unknown"}
)


class CellError(ValueError):
    """A cell that cannot be parsed: the problem ``code`` of the label table and its values.

    ``message`` and ``fix`` are its texts in English.

    Examples
    --------
    >>> CellError("year_implausible", year=1066).message
    'Year 1066 is not plausible.'
    """

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params: dict[str, Any] = {name: str(value) for name, value in params.items()}
        self.message = problem_text(code, "en", self.params)
        self.fix = problem_text(code, "en", self.params, fix=True)
        super().__init__(self.message)


def cell_problem(row: Any, column: str, cell: Any, exc: CellError) -> Problem:
    """The :class:`~cctvgeo.Problem` for a cell a parser refused; the value is cleared."""
    value = "" if cell is None else str(cell)
    return Problem.coded(exc.code, row, column, value, action="value cleared", **exc.params)


def text(value: Any) -> str:
    """A cell as clean text: NFC-normalised, Thai digits as ASCII digits, trimmed.

    Examples
    --------
    >>> text(" ๑๒.๕ ")
    '12.5'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    out = unicodedata.normalize("NFC", str(value)).translate(_THAI_DIGITS)
    return ZERO_WIDTH.sub("", out).strip()


def key(value: Any) -> str:
    """A matching key: clean text, lower case, without spaces or punctuation.

    Used to match headers and vocabulary words, so that ``"Not working"``,
    ``"not_working"`` and ``"NOT-WORKING"`` are one word.

    Examples
    --------
    >>> key("ทิศทาง (องศา)") == key("ทิศทางองศา")
    True
    """
    return _IGNORED_IN_KEYS.sub("", text(value).lower())


def is_missing(value: Any) -> bool:
    """Whether a cell means "no value" (blank, NaN, "-", "ไม่ทราบ", ...)."""
    return text(value).lower() in MISSING_WORDS


#: Digits with thousands separators ("1,200", "15,000.50"); any other comma is a decimal comma.
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")
NUMERAL = r"[+-]?(?:\d{1,3}(?:,\d{3})+(?:\.\d*)?(?!\d)|\d+,\d+|\d+(?:\.\d*)?|\.\d+)"
_NUMBER = re.compile(rf"^({NUMERAL})\s*(.*)$")
_UNITS = frozenset(
    {
        "", "m", "ม", "ม.", "เมตร", "metre", "metres", "meter", "meters",
        "°", "deg", "degree", "degrees", "องศา",
        "บาท", "thb", "baht", "฿",
        "วัน", "day", "days", "d",
        "px", "pixel", "pixels", "พิกเซล", "mm", "มม", "มม.",
    }
)  # fmt: skip


def number(value: Any) -> float:
    """Parse a number written by a person: Thai digits, thousands separators and a unit.

    Parameters
    ----------
    value : object
        A cell: a number, or text such as ``"๑,๒๐๐ บาท"``, ``"5 ม."`` or ``"90°"``.

    Returns
    -------
    float
        NaN for a missing cell.

    Raises
    ------
    CellError
        When the text is not a number, or the number is infinite.

    Examples
    --------
    >>> number("๑,๒๐๐ บาท")
    1200.0
    >>> number("")
    nan
    """
    if isinstance(value, bool):
        raise CellError("number_yes_no")
    if isinstance(value, int | float):
        parsed = as_float(value)
        if math.isinf(parsed):
            raise CellError("number_infinite")
        return parsed
    if is_missing(value):
        return math.nan
    match = _NUMBER.match(text(value))
    if match is None or match.group(2).lower() not in _UNITS:
        raise CellError("not_a_number")
    return numeral(match.group(1))


def as_float(value: float) -> float:
    """A Python number as a float; integers too large for one become ±inf (range checks report them).

    Examples
    --------
    >>> as_float(10**400), as_float(-(10**400)), as_float(7)
    (inf, -inf, 7.0)
    """
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def numeral(digits: str) -> float:
    """The value of a plain numeral; a comma separates thousands or, failing that, decimals.

    One rule for every numeric column: ``"1,200"`` and ``"15,000.5"`` group thousands,
    while ``"12,5"`` and ``"14,5912"`` have a decimal comma.

    Examples
    --------
    >>> numeral("1,200"), numeral("12,5"), numeral("14,5912")
    (1200.0, 12.5, 14.5912)
    """
    if _THOUSANDS.fullmatch(digits):
        return float(digits.replace(",", ""))
    return float(digits.replace(",", "."))


def vocabulary(value: Any, words: Mapping[str, str], *, what: str) -> str | None:
    """Map a word to its canonical English value using a table of accepted words.

    Parameters
    ----------
    value : object
        The cell.
    words : mapping
        Accepted words (compared by :func:`key`) to canonical values.
    what : str
        What the column holds: a key of the label table (``"what_status"``), for the message.

    Returns
    -------
    str or None
        The canonical value, or None for a missing cell.

    Raises
    ------
    CellError
        When the word is not in the table; the fix lists the accepted values.
    """
    if is_missing(value):
        return None
    found = words.get(key(value))
    if found is None:
        raise CellError("unknown_word", what=what, accepted=", ".join(sorted(set(words.values()))))
    return found


def _table(groups: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    return {
        key(word): canonical for canonical, words in groups.items() for word in (canonical, *words)
    }


STATUS_WORDS = _table(
    {
        "working": ("ใช้งานได้ปกติ", "ใช้งานได้", "ปกติ", "ใช้ได้", "ok", "normal", "active", "operational", "online"),
        "not_working": ("ใช้งานไม่ได้", "ใช้ไม่ได้", "ไม่ทำงาน", "not working", "inactive", "offline", "down"),
        "broken": ("ชำรุด", "เสีย", "ชำรุดเสียหาย", "damaged", "faulty", "defective"),
        "under_repair": (
            "อยู่ระหว่างการซ่อมแซม", "อยู่ระหว่างซ่อมแซม", "อยู่ระหว่างซ่อม", "ระหว่างซ่อม", "กำลังซ่อม",
            "ซ่อมแซม", "under repair", "in repair", "repairing", "being repaired", "repair",
        ),
        "unknown": ("ไม่ทราบสถานะ", "?"),
    }
)  # fmt: skip
OWNER_WORDS = _table(
    {
        "public": ("รัฐ", "ภาครัฐ", "หน่วยงานรัฐ", "ราชการ", "หน่วยงานราชการ", "government", "govt", "state", "municipal"),
        "private": ("เอกชน", "ภาคเอกชน", "ร้านค้า", "business", "commercial", "shop", "company", "บริษัท"),
    }
)  # fmt: skip
CAMERA_TYPE_WORDS = _table(
    {
        "fixed": ("มุมมองคงที่", "กล้องมุมมองคงที่", "มุมคงที่", "ติดตั้งถาวร", "บูลเล็ต", "bullet", "box", "static"),
        "ptz": ("pan tilt zoom", "pan-tilt-zoom", "หมุนได้", "กล้องหมุนได้", "speed dome", "speeddome", "panning"),
        "dome": ("โดม", "กล้องโดม"),
        "panoramic": ("พาโนรามา", "พาโนรามิก", "fisheye", "ฟิชอาย", "360", "360°", "omni"),
        "alpr": ("anpr", "lpr", "อ่านป้ายทะเบียน", "กล้องอ่านป้ายทะเบียน", "license plate", "licence plate"),
    }
)  # fmt: skip
YES_NO_WORDS = {
    **{
        key(w): "yes"
        for w in ("ใช่", "มี", "เชื่อมโยงแล้ว", "เชื่อมต่อแล้ว", "เชื่อมโยง", "yes", "y", "true", "1", "linked", "connected")
    },
    **{
        key(w): "no"
        for w in (
            "ไม่ใช่", "ไม่มี", "ไม่", "ยังไม่เชื่อมโยง", "ไม่ได้เชื่อมโยง", "ไม่เชื่อมโยง", "ยังไม่เชื่อมต่อ",
            "เชื่อมโยงไม่ได้", "no", "n", "false", "0", "not linked", "unlinked", "not connected",
        )
    },
}  # fmt: skip


def yes_no(value: Any) -> bool | None:
    """Parse a yes/no cell in Thai or English; None when missing.

    Examples
    --------
    >>> yes_no("เชื่อมโยงแล้ว"), yes_no("ไม่ใช่"), yes_no("")
    (True, False, None)
    """
    if isinstance(value, bool):
        return value
    word = vocabulary(value, YES_NO_WORDS, what="what_yes_no")
    return None if word is None else word == "yes"


def year(value: Any) -> int | None:
    """A common-era year from a CE or Buddhist-era year, or from a date.

    Buddhist-era years (พ.ศ. = ค.ศ. + 543) are recognised by size: any year of 2400 or
    more is taken as BE. Dates are parsed with :func:`date`.

    Examples
    --------
    >>> year("พ.ศ. ๒๕๕๙"), year(2016), year("15/03/2559")
    (2016, 2016, 2016)
    """
    if isinstance(value, dt.date):
        return _ce_year(value.year)
    if is_missing(value):
        return None
    cleaned = re.sub(r"^(พ\.?\s*ศ\.?|ค\.?\s*ศ\.?|be|ad|ce)\s*", "", text(value).lower())
    if re.fullmatch(r"\d{4}(\.0+)?", cleaned):
        return _ce_year(int(float(cleaned)))
    return date(value).year


def _ce_year(y: int) -> int:
    ce = y - settings.buddhist_era_offset if y >= 2400 else y
    if not 1900 <= ce <= dt.date.today().year + 1:
        raise CellError("year_implausible", year=y)
    return ce


_THAI_MONTHS = {
    key(name): i
    for i, names in enumerate(
        (
            ("มกราคม", "ม.ค.", "jan", "january"),
            ("กุมภาพันธ์", "ก.พ.", "feb", "february"),
            ("มีนาคม", "มี.ค.", "mar", "march"),
            ("เมษายน", "เม.ย.", "apr", "april"),
            ("พฤษภาคม", "พ.ค.", "may"),
            ("มิถุนายน", "มิ.ย.", "jun", "june"),
            ("กรกฎาคม", "ก.ค.", "jul", "july"),
            ("สิงหาคม", "ส.ค.", "aug", "august"),
            ("กันยายน", "ก.ย.", "sep", "sept", "september"),
            ("ตุลาคม", "ต.ค.", "oct", "october"),
            ("พฤศจิกายน", "พ.ย.", "nov", "november"),
            ("ธันวาคม", "ธ.ค.", "dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_D_MONTH_Y = re.compile(r"^(\d{1,2})\s*([^\d\s]+)\s*(?:พ\.?\s*ศ\.?\s*)?(\d{4})$")


def date(value: Any) -> dt.datetime:
    """Parse a date as Thai offices write it: day first, Buddhist-era or CE year.

    Accepts ``15/03/2566``, ``15-03-2023``, ``2023-03-15``, ``15 มี.ค. 2566``,
    ``15 มีนาคม พ.ศ. 2566``, an optional ``HH:MM[:SS]`` time, and Excel dates.

    Examples
    --------
    >>> date("15 มี.ค. ๒๕๖๖")
    datetime.datetime(2023, 3, 15, 0, 0)
    """
    if isinstance(value, dt.datetime):
        return value.replace(year=_ce_year(value.year))
    if isinstance(value, dt.date):
        return dt.datetime(_ce_year(value.year), value.month, value.day)
    cleaned = text(value)
    parts: list[int] | None = None
    if m := _DMY.match(cleaned):
        d, mo, y = (int(g) for g in m.group(1, 2, 3))
        parts = [y, mo, d, *(int(g or 0) for g in m.group(4, 5, 6))]
    elif m := _YMD.match(cleaned):
        parts = [int(g or 0) for g in m.groups()]
    elif (m := _D_MONTH_Y.match(cleaned)) and key(m.group(2)) in _THAI_MONTHS:
        parts = [int(m.group(3)), _THAI_MONTHS[key(m.group(2))], int(m.group(1)), 0, 0, 0]
    if parts is None:
        raise CellError("not_a_date")
    parts[0] = _ce_year(parts[0])
    if (wrong := _wrong_date_part(parts)) is not None:
        raise CellError("date_invalid", what=f"what_date_{wrong}")
    y, mo, d, hh, mm, ss = parts
    return dt.datetime(y, mo, d, hh, mm, ss)


def _wrong_date_part(parts: list[int]) -> str | None:
    """The first part of a date (year, month, day, hour, minute, second) out of its range.

    Parts are checked in the order :class:`datetime.datetime` checks them.

    Examples
    --------
    >>> _wrong_date_part([2023, 2, 29, 0, 0, 0]), _wrong_date_part([2024, 2, 29, 0, 0, 0])
    ('day', None)
    """
    y, mo, d, hh, mm, ss = parts
    if not 1 <= mo <= 12:
        return "month"
    if not 1 <= d <= calendar.monthrange(y, mo)[1]:
        return "day"
    limits = {"hour": (hh, 23), "minute": (mm, 59), "second": (ss, 59)}
    return next((part for part, (v, most) in limits.items() if not 0 <= v <= most), None)


_COMPASS = {
    name: i * 22.5
    for i, name in enumerate(
        "n nne ne ene e ese se sse s ssw sw wsw w wnw nw nnw".split()  # noqa: SIM905
    )
}
_COMPASS |= {
    key(f"ทิศ{w}"): d
    for w, d in {
        "เหนือ": 0.0,
        "ตะวันออกเฉียงเหนือ": 45.0,
        "ตะวันออก": 90.0,
        "ตะวันออกเฉียงใต้": 135.0,
        "ใต้": 180.0,
        "ตะวันตกเฉียงใต้": 225.0,
        "ตะวันตก": 270.0,
        "ตะวันตกเฉียงเหนือ": 315.0,
    }.items()
}
_COMPASS |= {k.removeprefix("ทิศ"): v for k, v in _COMPASS.items()}
_RANGE = re.compile(r"^(.+?)\s*(?:-|–|to|ถึง)\s*(.+)$")


def heading(value: Any) -> tuple[float, float]:
    """Parse a camera heading: degrees, compass letters or words, or a clockwise range.

    Parameters
    ----------
    value : object
        Degrees clockwise from north (``"๙๐"``), a compass point (``"NE"``, ``"ทิศเหนือ"``)
        or a clockwise range ``"a-b"`` as in OSM ``camera:direction`` (``"90-270"``).

    Returns
    -------
    (heading_deg, sweep_deg)
        For a range the heading is its middle and the sweep its width; for a single
        direction the sweep is NaN. Both NaN when missing. Range checks (0-360) are
        left to validation, so an out-of-range heading is reported, not guessed.

    Examples
    --------
    >>> heading("NE")
    (45.0, nan)
    >>> heading("๒๗๐-๙๐")
    (0.0, 180.0)
    """
    if is_missing(value):
        return math.nan, math.nan
    cleaned = text(value)
    if (compass := _COMPASS.get(key(cleaned))) is not None:
        return compass, math.nan
    range_match = _RANGE.match(cleaned)
    if range_match and not cleaned.startswith("-"):
        start, end = (_single_heading(g) for g in range_match.groups())
        sweep = (end - start) % 360.0 or 360.0
        return (start + sweep / 2.0) % 360.0, sweep
    return _single_heading(cleaned), math.nan


def _single_heading(value: str) -> float:
    if (compass := _COMPASS.get(key(value))) is not None:
        return compass
    try:
        return number(value)
    except CellError:
        raise CellError("not_a_heading") from None


#: Horizontal pixels for common megapixel classes (16:9 or 4:3 sensors as sold).
MEGAPIXEL_WIDTH = {1: 1280, 2: 1920, 3: 2048, 4: 2560, 5: 2592, 6: 3072, 8: 3840, 12: 4000}
_RESOLUTION_WxH = re.compile(r"^(\d+)\s*[x×*]\s*(\d+)")
_MEGAPIXELS = re.compile(r"^(\d+(?:\.\d+)?)\s*(mp|ล้านพิกเซล|megapixels?)$")


def resolution(value: Any) -> float:
    """Horizontal resolution in pixels from ``1920``, ``"1920x1080"`` or ``"2MP"``.

    Megapixel classes map to the usual sensor width (:data:`MEGAPIXEL_WIDTH`).

    Examples
    --------
    >>> resolution("1920x1080"), resolution("๔ MP")
    (1920.0, 2560.0)
    """
    if is_missing(value):
        return math.nan
    cleaned = text(value).lower()
    if m := _RESOLUTION_WxH.match(cleaned):
        return float(m.group(1))
    if m := _MEGAPIXELS.match(cleaned):
        mp = float(m.group(1))
        if mp.is_integer() and int(mp) in MEGAPIXEL_WIDTH:
            return float(MEGAPIXEL_WIDTH[int(mp)])
        return float(round(math.sqrt(mp * 1e6 * 16 / 9)))
    try:
        return number(value)
    except CellError:
        raise CellError("not_a_resolution") from None


#: Risk point categories (survey part 2) and the Thai words for them.
CATEGORY_WORDS = _table(
    {
        "escape_route": ("เส้นทางหลบหนี", "เส้นทางโจร", "escape", "escape road", "getaway route"),
        "crime_hotspot": ("จุดเสี่ยงอาชญากรรม", "อาชญากรรม", "จุดเกิดเหตุบ่อย", "crime", "crime spot"),
        "accident_blackspot": ("จุดเสี่ยงอุบัติเหตุ", "อุบัติเหตุ", "accident", "blackspot", "black spot"),
        "tourist_site": ("แหล่งท่องเที่ยว", "สถานที่ท่องเที่ยว", "ท่องเที่ยว", "tourism", "tourist", "tourist attraction"),
        "school": ("สถานศึกษา", "โรงเรียน", "วิทยาลัย", "มหาวิทยาลัย", "education", "university"),
        "bank_gold_shop": ("ธนาคาร/ร้านทอง", "ธนาคาร", "ร้านทอง", "bank", "gold shop", "atm"),
        "market": ("ตลาด", "ตลาดนัด", "marketplace"),
        "border_checkpoint": ("ด่านชายแดน", "ด่าน", "จุดตรวจ", "checkpoint", "border"),
        "government": ("สถานที่ราชการ", "หน่วยงานราชการ", "ศาลากลาง", "government office", "public building"),
        "transport_hub": ("สถานีขนส่ง", "สถานีรถไฟ", "ท่ารถ", "bus station", "train station", "transport"),
        "other": ("อื่นๆ", "อื่น", "misc"),
    }
)  # fmt: skip
#: The form's three priority levels (ลำดับความสำคัญเร่งด่วน), in words or as 1-3.
PRIORITY_WORDS = _table(
    {
        "urgent": ("1", "เร่งด่วนมาก", "ด่วนมาก", "very urgent"),
        "high": ("2", "เร่งด่วน", "ด่วน", "สูง"),
        "normal": ("3", "ปกติ", "ไม่เร่งด่วน", "ทั่วไป"),
    }
)  # fmt: skip
#: Outcomes of a footage-access request (ผลการขอ).
OUTCOME_WORDS = _table(
    {
        "footage_found": ("พบภาพ", "ได้ภาพ", "found", "footage found", "success", "successful"),
        "camera_broken": ("กล้องชำรุด", "กล้องเสีย", "กล้องใช้งานไม่ได้", "broken", "camera not working"),
        "no_camera": ("ไม่มีกล้อง", "ไม่พบกล้อง", "no camera", "not covered"),
        "retention_expired": (
            "ภาพถูกลบแล้ว/เกินระยะเวลาเก็บ", "ภาพถูกลบแล้ว", "ภาพถูกลบ", "เกินระยะเวลาเก็บ",
            "เกินระยะเวลาจัดเก็บ", "expired", "deleted", "overwritten",
        ),
        "denied": ("ไม่อนุญาต", "ปฏิเสธ", "refused", "rejected", "not permitted"),
    }
)  # fmt: skip
