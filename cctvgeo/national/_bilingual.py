"""The Thai or English variant of a name column of the national tables.

The national table (``NationalRollup.provinces``) holds names in both languages:
``name_th``/``name_en``, ``region_th``/``region`` and ``approval_level_th``/``approval_level``.
The national map and dashboard show the one of their language; their labels are in
:mod:`cctvgeo._i18n`.
"""

from __future__ import annotations

from typing import Any


def local(row: Any, column: str, lang: str) -> Any:
    """A row's (or a frame's) Thai or English variant of a named column.

    ``name`` is ``name_th``/``name_en``; ``region`` is ``region_th``/``region`` and
    ``approval_level`` is ``approval_level_th``/``approval_level``.

    Examples
    --------
    >>> local({"name_th": "อ่างทอง", "name_en": "Ang Thong"}, "name", "en")
    'Ang Thong'
    >>> local({"region_th": "ภาคกลาง", "region": "Central"}, "region", "th")
    'ภาคกลาง'
    """
    if column == "name":
        return row["name_th" if lang == "th" else "name_en"]
    return row[f"{column}_th" if lang == "th" else column]
