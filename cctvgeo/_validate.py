"""Every input check in one place.

Checks *collect* problems into a :class:`ValidationReport` instead of raising at
the first one, so a user fixes a file in one pass. A caller raises a single
:class:`~cctvgeo.ValidationError` holding the whole report, or returns the report
beside the cleaned data.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from cctvgeo._errors import CRSError, ValidationError
from cctvgeo._i18n import check_lang, filled, label, problem_text, text

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import pandas as pd

Severity = Literal["error", "warning"]
Action = Literal["row dropped", "value cleared", "value fixed", "kept"]


@dataclass(frozen=True)
class Problem:
    """One problem in the input.

    Parameters
    ----------
    row : object
        The row as the user finds it: the spreadsheet row number for Excel and CSV files
        (the header is row 1), the feature number for GeoJSON/GeoPackage, the index label
        for a DataFrame. ``None`` for a problem with the whole file.
    column : str or None
        The column as named in the source (the user's header, not the canonical name).
    value : str
        The offending value as text ("" when missing).
    message : str
        What is wrong, in English.
    fix : str
        How to fix it, in English.
    severity : {"error", "warning"}
        An error makes ``errors="raise"`` raise; a warning never does.
    action : {"row dropped", "value cleared", "value fixed", "kept"}
        What cctvgeo did with the row or value when it carried on (``errors="report"``).
    code : str, optional
        The problem's key in the label table (``cctvgeo._i18n``), which holds its message
        and fix in Thai and English; cctvgeo's own problems have one (made by
        :meth:`coded`). A problem without a code shows ``message`` and ``fix`` in every
        language.
    params : mapping of str to str
        The values the code's texts are filled with (cells, headers, numbers), shown as they are.

    Examples
    --------
    >>> p = Problem.coded("not_a_number", 3, "ทิศทาง", "abc")
    >>> p.message, p.message_in("th")
    ('Not a number.', 'ไม่ใช่ตัวเลข')
    >>> Problem(3, "heading", "abc", "Not a number.", "Enter degrees.").message_in("th")
    'Not a number.'
    """

    row: Any
    column: str | None
    value: str
    message: str
    fix: str
    severity: Severity = "error"
    action: Action = "kept"
    code: str | None = None
    params: Mapping[str, str] = field(default_factory=dict, hash=False)

    @classmethod
    def coded(
        cls,
        code: str,
        row: Any,
        column: str | None,
        value: str,
        *,
        severity: Severity = "error",
        action: Action = "kept",
        **params: Any,
    ) -> Problem:
        """The problem ``code`` of the label table, its texts filled with ``params`` (as text)."""
        shown = {name: str(v) for name, v in params.items()}
        return cls(
            row,
            column,
            value,
            problem_text(code, "en", shown),
            problem_text(code, "en", shown, fix=True),
            severity,
            action,
            code,
            shown,
        )

    def message_in(self, lang: str) -> str:
        """What is wrong, in ``lang`` ("th" or "en")."""
        return self.message if self.code is None else problem_text(self.code, lang, self.params)

    def fix_in(self, lang: str) -> str:
        """How to fix it, in ``lang`` ("th" or "en")."""
        if self.code is None:
            return self.fix
        return problem_text(self.code, lang, self.params, fix=True)

    def line(self, lang: str = "en") -> str:
        """The problem on one line in ``lang``: where, the value, message, fix and action."""
        where = (
            text("report_file", lang)
            if self.row is None
            else text("report_row", lang, row=self.row)
        )
        if self.column:
            where += text("report_column", lang, column=repr(self.column))
        return text(
            "report_line",
            lang,
            severity=label(self.severity, lang, column="severity").upper(),
            where=where,
            value=text("report_value", lang, value=repr(self.value)) if self.value != "" else "",
            message=self.message_in(lang),
            fix=self.fix_in(lang),
            action=label(self.action, lang, column="action"),
        )

    def __str__(self) -> str:
        return self.line("en")


class Note(str):
    """A note of a report: its English text, worded from a code of the label table.

    A note is the ``str`` of its English text, so :attr:`ValidationReport.notes` stays a list
    of text; :meth:`text` words it in Thai or English (``note_<code>`` in ``cctvgeo._i18n``).
    Its values fill the text as they are, except a note (or a tuple of notes, joined by ", "),
    worded in the same language.

    Examples
    --------
    >>> note = Note("title_rows", row=3)
    >>> note, note.text("th")
    ('Rows above row 3 were read as a title, not data.', 'แถวเหนือแถวที่ 3 เป็นชื่อตาราง ไม่ได้อ่านเป็นข้อมูล')
    """

    code: str
    params: Mapping[str, Any]

    def __new__(cls, code: str, **params: Any) -> Note:
        note = super().__new__(cls, _note_text(code, "en", params))
        note.code, note.params = code, params
        return note

    def __reduce__(self) -> tuple[Any, tuple[str, dict[str, Any]]]:
        return _note, (self.code, dict(self.params))

    def text(self, lang: str) -> str:
        """The note in ``lang`` ("th" or "en")."""
        return _note_text(self.code, lang, self.params)


def _note(code: str, params: dict[str, Any]) -> Note:
    """A note made again from its code and values (unpickling)."""
    return Note(code, **params)


def _note_text(code: str, lang: str, params: Mapping[str, Any]) -> str:
    def shown(value: Any) -> str:
        if isinstance(value, Note):
            return value.text(lang)
        if isinstance(value, tuple):
            return ", ".join(map(shown, value))
        return str(value)

    return filled(f"note_{code}", lang, {name: shown(v) for name, v in params.items()})


def note_in(note: str, lang: str) -> str:
    """A report's note in ``lang``: a :class:`Note` worded in it, other text as it is."""
    return note.text(lang) if isinstance(note, Note) else note


@dataclass
class ValidationReport:
    """Every problem found in one input, in the order the rows appear.

    Parameters
    ----------
    source : str
        What was checked, for example a file name.
    problems : list of Problem
        The problems found.
    n_rows : int
        Number of data rows read from the source.
    notes : list of str
        Things the user should know that are not problems, for example columns dropped
        for privacy or the coordinate order detected; cctvgeo's own are :class:`Note`,
        worded in Thai or English by :meth:`digest` and :meth:`to_html`.
    skipped_rows : list
        Rows of the source skipped as empty (every cell blank or "-"); with the ``n_rows``
        rows read they make up every row below the header.

    Examples
    --------
    >>> from cctvgeo import Problem, ValidationReport
    >>> r = ValidationReport("survey.xlsx", n_rows=2)
    >>> r.add(Problem(3, "heading", "abc", "Not a number.", "Enter degrees 0-360."))
    >>> r.ok, len(r.errors)
    (False, 1)
    """

    source: str = "input"
    problems: list[Problem] = field(default_factory=list)
    n_rows: int = 0
    notes: list[str] = field(default_factory=list)
    skipped_rows: list[Any] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        """Append one problem."""
        self.problems.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        """Append several problems."""
        self.problems.extend(problems)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.problems)

    def __len__(self) -> int:
        return len(self.problems)

    @property
    def errors(self) -> list[Problem]:
        """The problems of severity ``"error"``."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """The problems of severity ``"warning"``."""
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return not self.errors

    @property
    def dropped_rows(self) -> list[Any]:
        """Rows left out of the cleaned data, each listed among the problems with its reason."""
        return sorted(
            {p.row for p in self.problems if p.action == "row dropped"}, key=_row_sort_key
        )

    def raise_if_errors(self) -> None:
        """Raise one :class:`~cctvgeo.ValidationError` holding this report if it has errors."""
        if self.errors:
            raise ValidationError(self)

    def to_frame(self, lang: str | None = None) -> pd.DataFrame:
        """The problems as a DataFrame, one row per problem.

        Parameters
        ----------
        lang : {"th", "en"}, optional
            The language of the messages, fixes, severities and actions; by default English
            (severities and actions as the data names them). The columns keep their names.
        """
        import pandas as pd

        shown = "en" if lang is None else lang
        check_lang(shown)
        columns = ["row", "column", "value", "message", "fix", "severity", "action"]
        return pd.DataFrame(
            [
                (
                    p.row,
                    p.column,
                    p.value,
                    p.message_in(shown),
                    p.fix_in(shown),
                    label(p.severity, shown, column="severity"),
                    label(p.action, shown, column="action"),
                )
                for p in self.problems
            ],
            columns=columns,
        )

    def summary(self, lang: str = "en") -> str:
        """One line: rows read, errors, warnings and rows dropped (and empty rows skipped)."""
        check_lang(lang)
        counts = {
            "rows": (self.n_rows, "row"),
            "errors": (len(self.errors), "error"),
            "warnings": (len(self.warnings), "warning"),
            "dropped": (len(self.dropped_rows), "row"),
            "skipped": (len(self.skipped_rows), "empty row"),
        }
        shown = {
            name: _count(n, noun) if lang == "en" else f"{n:,}"
            for name, (n, noun) in counts.items()
        }
        skipped = text("report_skipped", lang, skipped=shown.pop("skipped"))
        return text("report_summary", lang, source=self.source, **shown) + (
            skipped if self.skipped_rows else ""
        )

    def warning_groups(self, lang: str = "en") -> list[tuple[int, str | None, str, str, str, str]]:
        """Warnings grouped by column, fix and action.

        Parameters
        ----------
        lang : {"th", "en"}, default "en"
            The language of the message, fix and action.

        Returns
        -------
        list of (count, column, message, fix, action, rows)
            ``message`` is the first warning's, with its numbers generalised when the group
            has several; ``rows`` is compact text such as ``"3-5, 9"``.
        """
        check_lang(lang)
        groups: dict[tuple[str | None, str, str], list[Problem]] = {}
        for p in self.warnings:
            groups.setdefault((p.column, p.fix, p.action), []).append(p)
        out = []
        for (column, _, action), members in groups.items():
            rows = [p.row for p in members]
            rows_text = (
                compact_rows(rows)
                if all(isinstance(r, int) for r in rows)
                else ", ".join(map(str, rows))
            )
            message = members[0].message_in(lang)
            if len(members) > 1:
                message = _general(message, "N" if lang == "en" else "#")
            fix = members[0].fix_in(lang)
            out.append(
                (
                    len(members),
                    column,
                    message,
                    fix,
                    label(action, lang, column="action"),
                    rows_text,
                )
            )
        return out

    def digest(self, lang: str = "en") -> str:
        """The summary, notes and every error; warnings grouped by column and kind, with their rows."""
        lines = [self.summary(lang)]
        lines += [f"  {text('report_note', lang, note=note_in(n, lang))}" for n in self.notes]
        lines += [f"  {p.line(lang)}" for p in self.errors]
        warning = label("warning", lang, column="severity").upper()
        lines += [
            "  "
            + text(
                "report_group",
                lang,
                severity=warning,
                count=count,
                column=repr(column),
                rows=rows,
                message=message,
                fix=fix,
                action=action,
            )
            for count, column, message, fix, action, rows in self.warning_groups(lang)
        ]
        return "\n".join(lines)

    def __str__(self) -> str:
        lines = [self.summary()]
        lines += [f"  note: {n}" for n in self.notes]
        lines += [f"  {p}" for p in self.problems]
        return "\n".join(lines)

    def to_html(self, lang: str = "en") -> str:
        """A self-contained HTML page: errors first, warnings grouped, then every problem.

        Every value from the input is escaped, so a cell such as ``<img src=x onerror=...>``
        shows as text. ``lang`` ("th" or "en") is the language of the page and the problems.
        """
        check_lang(lang)

        def head(*keys: str) -> tuple[str, ...]:
            return tuple(text(k, lang) for k in keys)

        def where(p: Problem) -> tuple[Any, ...]:
            return (
                "" if p.row is None else p.row,
                p.column,
                p.value,
                p.message_in(lang),
                p.fix_in(lang),
            )

        errors = _html_table(
            head("col_row", "col_column", "col_value", "col_problem", "col_fix", "col_action"),
            [(*where(p), label(p.action, lang, column="action")) for p in self.errors],
            lang,
        )
        warnings = _html_table(
            head("col_count", "col_column", "col_problem", "col_fix", "col_action", "col_row_list"),
            self.warning_groups(lang),
            lang,
        )
        every = _html_table(
            head(
                "col_row", "col_column", "col_value", "col_problem", "col_fix", "col_severity",
                "col_action",
            ),
            [
                (
                    *where(p),
                    label(p.severity, lang, column="severity"),
                    label(p.action, lang, column="action"),
                )
                for p in self.problems
            ],
            lang,
        )  # fmt: skip
        notes = "".join(f"<li>{html.escape(note_in(n, lang))}</li>" for n in self.notes)
        return (
            f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{html.escape(text('report_title_of', lang, source=self.source))}</title>"
            "<style>body{font-family:Tahoma,'Noto Sans Thai',Loma,sans-serif;margin:1em 2em}"
            "table{border-collapse:collapse;margin-bottom:1em}"
            "td,th{border:1px solid #999;padding:2px 6px;text-align:left;vertical-align:top}"
            "th{background:#eee}h2{margin-top:1.2em}</style></head><body>"
            f"<h1>{text('report_title', lang)}</h1><p>{html.escape(self.summary(lang))}</p>"
            f"<ul>{notes}</ul>"
            f"<h2>{text('report_errors', lang, n=len(self.errors))}</h2>{errors}"
            f"<h2>{text('report_warnings', lang, n=len(self.warnings))}</h2>{warnings}"
            f"<details><summary>{text('report_every', lang, n=len(self.problems))}</summary>"
            f"{every}</details></body></html>"
        )


def _html_table(header: tuple[str, ...], rows: Iterable[tuple[Any, ...]], lang: str) -> str:
    """An HTML table with every cell escaped; "none" in ``lang`` when there are no rows."""
    body = "".join(
        "<tr>"
        + "".join(f"<td>{html.escape('' if v is None else str(v))}</td>" for v in row)
        + "</tr>"
        for row in rows
    )
    if not body:
        return f"<p>{text('report_none', lang)}</p>"
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _count(n: int, noun: str) -> str:
    """``"1 row"``, ``"2 rows"``."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _general(message: str, mark: str) -> str:
    """A message with its row-specific numbers replaced by ``mark``, for a group of warnings."""
    import re

    return re.sub(r"-?\d+(\.\d+)?", mark, message)


def compact_rows(rows: list[int]) -> str:
    """Row numbers as ranges: ``[3, 4, 5, 9]`` -> ``"3-5, 9"``."""
    out: list[str] = []
    ordered = sorted(set(rows))
    start = prev = ordered[0]
    for r in [*ordered[1:], None]:
        if r is not None and r == prev + 1:
            prev = r
            continue
        out.append(str(start) if start == prev else f"{start}-{prev}")
        if r is not None:
            start = prev = r
    return ", ".join(out)


def _row_sort_key(row: Any) -> tuple[int, str]:
    return (0, f"{row:>20}") if isinstance(row, int) else (1, str(row))


def require_projected(gdf: gpd.GeoDataFrame | gpd.GeoSeries, name: str) -> None:
    """Raise :class:`~cctvgeo.CRSError` unless ``gdf`` has a projected (metric) CRS.

    Parameters
    ----------
    gdf : GeoDataFrame or GeoSeries
        The data a metric function received.
    name : str
        The argument's name, used in the message.
    """
    crs = gdf.crs
    if crs is None:
        raise CRSError(
            f"{name} has no CRS. Set the CRS the coordinates are in (gdf.set_crs(...)), "
            "then reproject with cg.project(...)."
        )
    if not crs.is_projected:
        raise CRSError(
            f"{name} is in a geographic CRS ({crs.name}); distances and areas need metres. "
            f"Reproject first: {name} = cg.project({name})."
        )


def require_same_crs(**frames: gpd.GeoDataFrame | gpd.GeoSeries | None) -> None:
    """Raise :class:`~cctvgeo.CRSError` if the given frames are not all in one CRS.

    ``None`` values are skipped, so optional arguments can be passed as they are.
    """
    present = {k: v for k, v in frames.items() if v is not None}
    crss = {k: v.crs for k, v in present.items()}
    first_name, first = next(iter(crss.items()), (None, None))
    for name, crs in crss.items():
        if crs != first:
            raise CRSError(
                f"{name} is in {getattr(crs, 'name', crs)} but {first_name} is in "
                f"{getattr(first, 'name', first)}. Put both in one metric CRS, "
                f"for example {name} = {name}.to_crs({first_name}.crs)."
            )
