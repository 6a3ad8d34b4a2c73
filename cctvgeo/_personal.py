"""Personal data (Thailand's PDPA): recognise it by header and by content, and remove it.

Under the Personal Data Protection Act B.E. 2562 (2019) cctvgeo keeps no personal data: not
in a frame, a report, a map or a file. Every reader of user tables calls
:func:`strip_personal` on the raw cells before any of them is parsed, and the dashboard
passes every text it writes through :func:`scrub_values`. This module is the one place
that decides what is personal.

**Columns** are personal by their header or by their content:

* a header that names a person's phone, national id, e-mail or LINE id (strong words, such
  as ``โทร``, ``เลขบัตร``, ``อีเมล``, ``phone``, ``id card``) is personal wherever it occurs;
  one that names a person or a person's address (weak words, such as ``ชื่อ-สกุล``,
  ``ผู้ขอ``, ``ที่อยู่ผู้ขอ``, ``full name``, ``requested by``) is personal unless it also names
  an organisation (``หน่วยงานผู้ขอ``, ``requesting agency``). Headers are compared without
  case, spaces, punctuation, word joiners or soft hyphens, so ``ชื่อ-สกุลผู้ขอ``,
  ``โทร.``, ``Phone No.`` and ``ID card no.`` are all recognised. A reader may add headers
  that are personal in its own context (the request log's bare ``ชื่อ``, ``name``,
  ``ที่อยู่``); headers the reader maps to its own columns (a camera's ``ชื่อ``) are not
  judged by their header;
* a column is personal by content when most of its non-blank cells hold nothing but
  personal values (below), whatever its header.

**Values** found in any cell: Thai national id numbers (13 digits whose last is the mod-11
check digit, with or without dashes or spaces, e.g. ``1-2345-67890-12-1``, also as Excel
numbers); Thai phone numbers (``0X-XXX-XXXX`` and ``0XX-XXX-XXX`` landlines,
``0[689]X-XXX-XXXX`` mobiles, with or without separators, and ``+66``/``0066`` forms);
e-mail addresses; and names after a title (นาย, นาง, นางสาว, น.ส., ด.ช., ด.ญ., police ranks
such as ร.ต.อ. and ด.ต., Mr, Mrs, Ms, Miss). A name without a title cannot be told from
other words and is not found by content. Each value is replaced by :data:`MARKER`; a cell
that held nothing else is cleared. The report says which cell (row and column), never the
value.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import partial
from itertools import repeat
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from cctvgeo._read.cells import ZERO_WIDTH, is_missing, key
from cctvgeo._validate import Note, Problem

if TYPE_CHECKING:  # pragma: no cover
    from numpy.typing import NDArray

    from cctvgeo._read.table import RawTable

#: What replaces a personal value inside a cell ("personal data removed").
MARKER = "[ลบข้อมูลส่วนบุคคล]"
#: The same in English, for charts drawn without a Thai font.
MARKER_EN = "[personal data removed]"


# --------------------------------------------------------------------------- values

_ID_WEIGHTS = np.arange(13, 1, -1)


def thai_id_valid(digits: NDArray[np.int64]) -> NDArray[np.bool_]:
    """Whether each row of 13 digits is a Thai national id number.

    Digits 2-3 are the code of the province that registered the person (10-96), and the
    last is the check digit ``(11 - sum(d[i] * (13 - i) for i in 0..11) % 11) % 10``.
    About one random 13-digit number in twelve passes (a reference number that starts
    with a year, such as ``2024061394963``, never does).

    Parameters
    ----------
    digits : ndarray of shape (n, 13)
        The digits, most significant first.

    Examples
    --------
    >>> import numpy as np
    >>> thai_id_valid(np.array([[1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 1],
    ...                         [1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 2]])).tolist()
    [True, False]
    """
    total = digits[:, :12] @ _ID_WEIGHTS
    province = digits[:, 1] * 10 + digits[:, 2]
    return np.asarray(
        ((11 - total % 11) % 10 == digits[:, 12]) & (province >= 10) & (province <= 96)
    )


def _id_match(match: re.Match[str], marker: str) -> str:
    """A regex replacement: the marker for a valid id number, the text unchanged otherwise."""
    digits = [int(c) for c in match.group(0) if c.isdigit()]
    return marker if thai_id_valid(np.array([digits]))[0] else match.group(0)


def _id_numbers(values: pd.Series) -> NDArray[np.bool_]:
    """Which numeric cells (Excel numbers, numeric columns) are valid national id numbers."""
    cells = values.to_numpy(dtype=object)
    numbers = np.fromiter(map(_id_sized, cells), dtype=float, count=len(cells))
    whole = np.isfinite(numbers) & (numbers >= 1e12) & (numbers < 1e13)
    whole &= np.floor(np.where(whole, numbers, 0.0)) == np.where(whole, numbers, 0.0)
    found = np.zeros(len(values), dtype=bool)
    ints = numbers[whole].astype(np.int64)
    digits = (ints[:, None] // 10 ** np.arange(12, -1, -1, dtype=np.int64)) % 10
    found[whole] = thai_id_valid(digits)
    return found


def _id_sized(value: object) -> float:
    """A number of 13 digits as a float, anything else NaN; huge integers do not overflow."""
    if isinstance(value, int | float | np.integer | np.floating) and 1e12 <= value < 1e13:
        return float(value)
    return math.nan


_SEP = r"[-\s\u2060\u200b]"
# A value stands alone: no Latin letter or digit touches it (a UUID's digit runs are not
# phone numbers), nor a code's letters and dash ("CAM-0812345678" is a camera id), but Thai
# text may ("โทร0812345678"). \d matches Thai digits (๐-๙) too; a
# trailing ".0" is how a number exported as text ends.
_BEFORE = r"(?<![A-Za-z\d+.,])(?<![A-Za-z][-_])"
_AFTER = r"(?![A-Za-z\d]|[-.,]\d)"
_ID = re.compile(rf"{_BEFORE}\d(?:{_SEP}?\d){{12}}(?:\.0+)?{_AFTER}")
# The national number after the trunk 0 or +66: mobiles 9 digits from 6, 8 or 9, landlines 8
# digits from 2-7, in the groupings people write.
_S = r"[-.\s]?"
_NATIONAL = (
    rf"(?:[689]\d{_S}\d{{3}}{_S}\d{{4}}|[689]{_S}\d{{4}}{_S}\d{{4}}"
    rf"|[2-7]{_S}\d{{3}}{_S}\d{{4}}|[2-7]\d{_S}\d{{3}}{_S}\d{{3}}|[2-7]\d{{3}}{_S}\d{{4}})"
)
_PHONE = re.compile(
    rf"(?=[0+]){_BEFORE}(?:0[-\s]?|(?:\+|00)\s?66{_S}(?:\(0\){_S})?){_NATIONAL}{_AFTER}"
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
_TH_WORD = r"[\u0e01-\u0e2e\u0e40-\u0e44][\u0e01-\u0e4e]+"
# Words that begin like a title but are not a person: นายก(รัฐมนตรี), นายอำเภอ, นางรอง, ...
_NOT_A_NAME = (
    r"ก(?:รัฐ|เทศ|อบ|องค์|สมาคม|[\sฯ.]|$)|อำเภอ|ตำรวจ|ทะเบียน|ช่าง|สิบ|ร้อย|พัน|พล|หน้า|จ้าง"
    r"|ทหาร|แพทย์|ด่าน|ประกัน|ท่า|ห้าง|เรือ|เวร|งาน|ทุน|รอง|เลิ้ง|ฟ้า|พยาบาล|แบบ|งาม|เอก|ร้าย"
    r"|นวล|กวัก|ลิ้นจี่|พญา|ใน|สนม"
)
_TH_TITLE = (
    r"(?:นางสาว|นาง|นาย|น\.\s?ส\.|ด\.\s?ช\.|ด\.\s?ญ\.|เด็กชาย|เด็กหญิง"
    r"|(?:พล\.)?[พร]\.ต\.[อทต]\.|ด\.ต\.|จ\.ส\.ต\.|ส\.ต\.[อทต]\.)"
)
# The leading lookahead (every title's first letter) lets the engine skip other positions fast.
_NAME = re.compile(
    rf"(?=[นดเพรจสM])(?:{_TH_TITLE}(?!{_NOT_A_NAME})\s*{_TH_WORD}(?:\s+{_TH_WORD})?"
    r"|\b(?:Mr|Mrs|Ms|Miss|Mx|MR|MRS)\.?\s+[A-Z][A-Za-z'\-]+(?:\s+[A-Z][A-Za-z'\-]+)?)"
)
#: In order: e-mails first (they may hold digits), then id numbers, phones and names.
_VALUE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("email", _EMAIL),
    ("national_id", _ID),
    ("phone", _PHONE),
    ("name", _NAME),
)
_ANY = re.compile("|".join(f"(?:{p.pattern})" for _, p in _VALUE_PATTERNS))
_ID_COLUMN = [kind for kind, _ in _VALUE_PATTERNS].index("national_id")
_LEFTOVER = re.compile(r"[\s,;/|:()\[\]\-.]+")


def scrub(
    values: pd.Series, marker: str = MARKER
) -> tuple[pd.Series, pd.DataFrame, NDArray[np.bool_]]:
    """Replace every personal value in the cells by a marker.

    Parameters
    ----------
    values : Series
        Cells of any type: text is searched for every kind of value, numbers for national
        id numbers.
    marker : str, default :data:`MARKER`
        What replaces each value.

    Returns
    -------
    scrubbed : Series
        The cells (object dtype, same index): text with each value replaced by the marker,
        a number that is an id number replaced by the marker, other cells unchanged.
    kinds : DataFrame
        One boolean column per kind found (``email``, ``national_id``, ``phone``,
        ``name``): which cells held that kind.
    whole : ndarray of bool
        Cells that held nothing but personal values (and separators).

    Examples
    --------
    >>> import pandas as pd
    >>> s, kinds, whole = scrub(pd.Series(["โทร 081-234-5678", "1-2345-67890-12-1", "ok"]))
    >>> s.tolist(), whole.tolist()
    (['โทร [ลบข้อมูลส่วนบุคคล]', '[ลบข้อมูลส่วนบุคคล]', 'ok'], [False, True, False])
    """
    cells = values.to_numpy(dtype=object)
    is_text = np.fromiter(map(isinstance, cells, repeat(str)), dtype=bool, count=len(cells))
    candidate = np.zeros(len(cells), dtype=bool)
    candidate[is_text] = _searched(cells[is_text].tolist(), _ANY)
    text = pd.Series(cells[candidate], dtype=object)
    found = np.zeros((len(cells), len(_VALUE_PATTERNS)), dtype=bool)
    for j, (kind, pattern) in enumerate(_VALUE_PATTERNS):
        replacement = partial(_id_match, marker=marker) if kind == "national_id" else marker
        changed = text.str.replace(pattern, replacement, regex=True)
        found[candidate, j] = (changed != text).to_numpy()
        text = changed
    numbers = np.zeros(len(cells), dtype=bool)
    numbers[~is_text] = _id_numbers(pd.Series(cells[~is_text], dtype=object))
    found[numbers, _ID_COLUMN] = True
    out = cells.copy()
    out[candidate] = text.to_numpy(dtype=object)
    out[numbers] = marker
    rest = text.str.replace(marker, "", regex=False).str.replace(_LEFTOVER, "", regex=True)
    whole = numbers.copy()
    whole[candidate] = (rest == "").to_numpy() & found[candidate].any(axis=1)
    kinds = pd.DataFrame(found, index=values.index, columns=[k for k, _ in _VALUE_PATTERNS])
    return pd.Series(out, index=values.index, dtype=object), kinds, whole


def _searched(texts: list[str], pattern: re.Pattern[str]) -> NDArray[np.bool_]:
    """Which texts the pattern finds something in.

    One search runs over them all, joined by NUL (which no pattern matches), so the regex
    engine, not Python, walks the cells.
    """
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    starts = np.concatenate([[0], np.cumsum(lengths + 1)[:-1]])
    hits = [m.start() for m in pattern.finditer("\0".join(texts))]
    found = np.zeros(len(texts), dtype=bool)
    found[np.searchsorted(starts, hits, side="right") - 1] = True
    return found


def scrub_values(values: Iterable[object], marker: str = MARKER) -> list[object]:
    """The values with every personal value replaced by ``marker`` (for output guards)."""
    return list(scrub(pd.Series(list(values), dtype=object), marker)[0])


# --------------------------------------------------------------------------- headers

# Thai words are matched in the header's key (no spaces or punctuation); English words as
# whole words of the lower-case header with every other character a space.
_STRONG: dict[str, tuple[str, str]] = {
    "phone": (
        r"โทร(?!ทัศน์|คมนาคม|มาตร)|มือถือ|เบอร์ติดต่อ|หมายเลขติดต่อ|แฟกซ์",
        r"\b(?:phone|telephone|tel|mobile|cellphone|cell|fax|whatsapp)\b|\bcontact (?:no|number)\b",
    ),
    "national_id": (
        r"บัตรประชาชน|บัตรประจำตัว|ประจำตัวประชาชน|เลขบัตร|หนังสือเดินทาง|พาสปอร์ต",
        r"\b(?:national|citizen|citizenship|personal|thai|identity|identification) ?"
        r"(?:id|no|number|card)\b|\bid ?card\b|\bidcard\b|\bpassport\b",
    ),
    "email": (r"อีเมล|อีเมย์|เมล์", r"\be ?mail\b"),
    "contact": (r"ไลน์|ไอดีไลน์", r"\bline ?id\b"),
}
_WEAK: dict[str, tuple[str, str]] = {
    "address": (
        r"ที่อยู่(?:ผู้|บ้าน|ติดต่อ|ตามบัตร|ปัจจุบัน)|บ้านเลขที่",
        r"\b(?:home|requester|requestor|applicant|contact|postal|mailing|residential|personal)"
        r" ?address\b",
    ),
    "name": (
        r"สกุล|ชื่อจริง|ชื่อผู้|ชื่อเจ้าหน้าที่|ชื่อเจ้าของ"
        r"|ผู้(?:ขอ|ยื่น|แจ้ง|ร้อง|ติดต่อ|ประสานงาน|กรอก|บันทึก|สำรวจ)",
        r"\b(?:full|first|last|given|family|middle|nick) ?name\b|\bsurname\b"
        r"|\b(?:requester|requestor|applicant|officer|complainant|informant|caller|contact"
        r" person)s?\b|\b(?:owner|person|reporter|customer|citizen) name\b"
        r"|\b(?:requested|submitted|reported|filed) by\b",
    ),
}
_ORGANISATION = (
    r"หน่วยงาน|สถานี|สำนักงาน|บริษัท|องค์กร|ฝ่าย",
    r"\b(?:agency|organisation|organization|department|dept|station|company|office|unit"
    r"|division)\b",
)


def _header_forms(header: object) -> tuple[str, str]:
    """A header as a Thai key and as English words.

    The key has no spaces, punctuation or invisible characters; the words are lower case,
    with every other character a space.
    """
    plain = ZERO_WIDTH.sub("", unicodedata.normalize("NFKC", str(header)))
    return key(plain), " ".join(re.sub(r"[^a-z0-9]+", " ", plain.lower()).split())


def header_kind(header: object) -> str | None:
    """The kind of personal data a header names, or None.

    Examples
    --------
    >>> [header_kind(h) for h in ("เบอร์โทรศัพท์ผู้ขอ", "ID card no.", "ชื่อ-สกุลผู้ขอ",
    ...                           "หน่วยงานผู้ขอ", "ประเภทกล้องโทรทัศน์วงจรปิด", "Hotel")]
    ['phone', 'national_id', 'name', None, None, None]
    """
    thai, english = _header_forms(header)
    for kind, (th, en) in _STRONG.items():
        if re.search(th, thai) or re.search(en, english):
            return kind
    if re.search(_ORGANISATION[0], thai) or re.search(_ORGANISATION[1], english):
        return None
    for kind, (th, en) in _WEAK.items():
        if re.search(th, thai) or re.search(en, english):
            return kind
    return None


# --------------------------------------------------------------------------- tables


def strip_personal(
    table: RawTable, mapping: Mapping[str, str], *, personal_headers: Mapping[str, str] = {}
) -> tuple[list[str], list[Problem]]:
    """Drop personal columns from ``table`` and scrub personal values from the rest, in place.

    Parameters
    ----------
    table : RawTable
        The cells as read; ``table.frame`` is replaced.
    mapping : mapping
        Canonical name -> source header: the columns the reader recognised. They are never
        judged by their header, and never dropped for their content (their personal cells
        are cleared one by one, so the reader's own column stays).
    personal_headers : mapping, optional
        Header -> kind: more headers that are personal for this reader (compared by
        :func:`cctvgeo._read.headers.header_key`).

    Returns
    -------
    notes : list of str
        One note naming the columns dropped and why (never a value).
    problems : list of Problem
        A warning per scrubbed cell, with its row and column and no value.
    """
    from cctvgeo._read.headers import header_key

    frame = table.frame.copy()
    mapped = set(mapping.values())
    extra = {header_key(h): kind for h, kind in personal_headers.items()}
    dropped: dict[object, Note] = {}
    for position, column in enumerate(frame.columns, start=1):
        kind = None if column in mapped else extra.get(header_key(column)) or header_kind(column)
        if kind is not None:
            dropped[column] = Note("pdpa_header", column=repr(column), what=f"what_pdpa_{kind}")
        elif scrub(pd.Series([column], dtype=object))[1].to_numpy().any():
            dropped[column] = Note("pdpa_header_text", position=position)
    problems: list[Problem] = []
    for column in [c for c in frame.columns if c not in dropped]:
        scrubbed, kinds, whole = scrub(frame[column])
        if column not in mapped and whole.any() and whole.sum() * 2 > _present(frame[column]):
            kind = _commonest(kinds[whole])
            dropped[column] = Note("pdpa_content", column=repr(column), what=f"what_pdpa_{kind}")
            continue
        if kinds.to_numpy().any():
            problems += _cell_problems(column, kinds, whole)
            frame[column] = scrubbed.where(~whole, None)
    table.frame = frame.drop(columns=list(dropped))
    return _note(dropped.values()), problems


def _present(values: pd.Series) -> int:
    """How many cells hold a value (not blank, "-", "ไม่ทราบ", ...)."""
    return int((~values.map(is_missing).to_numpy(dtype=bool)).sum())


def _commonest(kinds: pd.DataFrame) -> str:
    counts = Counter({k: int(kinds[k].sum()) for k in kinds.columns})
    return counts.most_common(1)[0][0]


def _cell_problems(column: object, kinds: pd.DataFrame, whole: NDArray[np.bool_]) -> list[Problem]:
    """A warning per cell that held personal data: which kinds, never the value."""
    found = kinds.any(axis=1).to_numpy()
    names = kinds.columns.to_numpy()
    return [
        Problem.coded(
            "personal_data.cleared" if all_of else "personal_data.replaced", row, str(column), "",
            severity="warning", action="value cleared" if all_of else "value fixed",
            what=", ".join(f"what_pdpa_{k}" for k in names[hit]),
            **({} if all_of else {"marker": MARKER}),
        )
        for row, hit, all_of in zip(
            kinds.index[found], kinds.to_numpy()[found], whole[found], strict=True
        )
    ]  # fmt: skip


def _note(dropped: Iterable[Note]) -> list[str]:
    listed = tuple(dropped)
    return [Note("personal_dropped", columns=listed)] if listed else []
