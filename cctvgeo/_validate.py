"""Every input check in one place.

Checks *collect* problems into a :class:`ValidationReport` instead of raising at
the first one, so a user fixes a file in one pass. A caller raises a single
:class:`~cctvgeo.ValidationError` holding the whole report, or returns the report
beside the cleaned data.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from cctvgeo._errors import CRSError, ValidationError

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
        What is wrong.
    fix : str
        How to fix it.
    severity : {"error", "warning"}
        An error makes ``errors="raise"`` raise; a warning never does.
    action : {"row dropped", "value cleared", "value fixed", "kept"}
        What cctvgeo did with the row or value when it carried on (``errors="report"``).
    """

    row: Any
    column: str | None
    value: str
    message: str
    fix: str
    severity: Severity = "error"
    action: Action = "kept"

    def __str__(self) -> str:
        where = "file" if self.row is None else f"row {self.row}"
        if self.column:
            where += f", column {self.column!r}"
        shown = f" (value {self.value!r})" if self.value != "" else ""
        return f"{self.severity.upper()} {where}{shown}: {self.message} Fix: {self.fix} [{self.action}]"


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
        for privacy or the coordinate order detected.
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

    def to_frame(self) -> pd.DataFrame:
        """The problems as a DataFrame, one row per problem."""
        import pandas as pd

        columns = ["row", "column", "value", "message", "fix", "severity", "action"]
        return pd.DataFrame([asdict(p) for p in self.problems], columns=columns)

    def summary(self) -> str:
        """One line: rows read, errors, warnings and rows dropped."""
        return (
            f"{self.source}: {_count(self.n_rows, 'row')} read, {_count(len(self.errors), 'error')}, "
            f"{_count(len(self.warnings), 'warning')}, {_count(len(self.dropped_rows), 'row')} dropped"
            + (
                f", {_count(len(self.skipped_rows), 'empty row')} skipped"
                if self.skipped_rows
                else ""
            )
        )

    def warning_groups(self) -> list[tuple[int, str | None, str, str, str, str]]:
        """Warnings grouped by column, fix and action.

        Returns
        -------
        list of (count, column, message, fix, action, rows)
            ``message`` is the first warning's, with its numbers generalised when the group
            has several; ``rows`` is compact text such as ``"3-5, 9"``.
        """
        groups: dict[tuple[str | None, str, str], list[Problem]] = {}
        for p in self.warnings:
            groups.setdefault((p.column, p.fix, p.action), []).append(p)
        out = []
        for (column, fix, action), members in groups.items():
            rows = [p.row for p in members]
            rows_text = (
                compact_rows(rows)
                if all(isinstance(r, int) for r in rows)
                else ", ".join(map(str, rows))
            )
            message = members[0].message if len(members) == 1 else _general(members[0].message)
            out.append((len(members), column, message, fix, action, rows_text))
        return out

    def digest(self) -> str:
        """The summary, notes and every error; warnings grouped by column and kind, with their rows."""
        lines = [self.summary()]
        lines += [f"  note: {n}" for n in self.notes]
        lines += [f"  {p}" for p in self.errors]
        lines += [
            f"  WARNING x{count}, column {column!r}, rows {rows}: {message} Fix: {fix} [{action}]"
            for count, column, message, fix, action, rows in self.warning_groups()
        ]
        return "\n".join(lines)

    def __str__(self) -> str:
        lines = [self.summary()]
        lines += [f"  note: {n}" for n in self.notes]
        lines += [f"  {p}" for p in self.problems]
        return "\n".join(lines)

    def to_html(self) -> str:
        """A self-contained HTML page: errors first, warnings grouped, then every problem.

        Every value from the input is escaped, so a cell such as ``<img src=x onerror=...>``
        shows as text.
        """
        errors = _html_table(
            ("row", "column", "value", "problem", "fix", "action"),
            [
                ("" if p.row is None else p.row, p.column, p.value, p.message, p.fix, p.action)
                for p in self.errors
            ],
        )
        warnings = _html_table(
            ("count", "column", "problem", "fix", "action", "rows"), self.warning_groups()
        )
        every = _html_table(
            ("row", "column", "value", "problem", "fix", "severity", "action"),
            [
                (
                    "" if p.row is None else p.row,
                    p.column,
                    p.value,
                    p.message,
                    p.fix,
                    p.severity,
                    p.action,
                )
                for p in self.problems
            ],
        )
        notes = "".join(f"<li>{html.escape(n)}</li>" for n in self.notes)
        return (
            '<!DOCTYPE html><html lang="th"><head><meta charset="utf-8">'
            f"<title>Validation report: {html.escape(self.source)}</title>"
            "<style>body{font-family:Tahoma,'Noto Sans Thai',Loma,sans-serif;margin:1em 2em}"
            "table{border-collapse:collapse;margin-bottom:1em}"
            "td,th{border:1px solid #999;padding:2px 6px;text-align:left;vertical-align:top}"
            "th{background:#eee}h2{margin-top:1.2em}</style></head><body>"
            f"<h1>Validation report</h1><p>{html.escape(self.summary())}</p><ul>{notes}</ul>"
            f"<h2>Errors ({len(self.errors)})</h2>{errors}"
            f"<h2>Warnings ({len(self.warnings)}), grouped</h2>{warnings}"
            f"<details><summary>Every problem, row by row ({len(self.problems)})</summary>{every}"
            "</details></body></html>"
        )


def _html_table(header: tuple[str, ...], rows: Iterable[tuple[Any, ...]]) -> str:
    """An HTML table with every cell escaped; "none" when there are no rows."""
    body = "".join(
        "<tr>"
        + "".join(f"<td>{html.escape('' if v is None else str(v))}</td>" for v in row)
        + "</tr>"
        for row in rows
    )
    if not body:
        return "<p>None.</p>"
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _count(n: int, noun: str) -> str:
    """``"1 row"``, ``"2 rows"``."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _general(message: str) -> str:
    """A message without its row-specific numbers, for a group of warnings."""
    import re

    return re.sub(r"-?\d+(\.\d+)?", "N", message)


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
