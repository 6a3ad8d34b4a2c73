"""The flow every reader of located survey rows shares: parse, type, check, report.

The camera inventory, the risk points (survey part 2) and the footage-request logs are
read the same way: a :class:`~cctvgeo._read.table.RawTable` and its header mapping become one
typed GeoDataFrame (schema columns, then the source's other columns, then the geometry)
and a list of :class:`~cctvgeo.Problem`; :func:`apply_problems` carries out what the
problems say, and :func:`finish` puts them into the report in row order, named by the
user's headers, then raises or returns as ``errors=`` asks.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal

import geopandas as gpd
import numpy as np
import pandas as pd

from cctvgeo._personal import strip_personal
from cctvgeo._read.fields import Parser, parse_fields, typed_frame, unknown_columns
from cctvgeo._read.positions import positions
from cctvgeo._read.table import RawTable
from cctvgeo._validate import Note, Problem, ValidationReport

ErrorsMode = Literal["raise", "report"]


def check_errors_mode(errors: object) -> None:
    """Raise ValueError unless ``errors`` is ``"raise"`` or ``"report"``."""
    if errors not in ("raise", "report"):
        raise ValueError(f"errors must be 'raise' or 'report', not {errors!r}.")


def parse_rows(
    table: RawTable,
    mapping: dict[str, str],
    *,
    schema: Mapping[str, str],
    parsers: Mapping[str, Parser],
    crs: Any,
    area: Any,
    notes: Iterable[str] = (),
    adjust: Callable[[dict[str, list[Any]]], None] | None = None,
    located: bool = True,
    personal_headers: Mapping[str, str] = {},
) -> tuple[gpd.GeoDataFrame, list[Problem], ValidationReport]:
    """Typed rows with their positions, the cell and position problems, and a fresh report.

    Parameters
    ----------
    table, mapping
        The rows as read and canonical name -> source header.
    schema, parsers
        The reader's canonical columns (name -> dtype) and cell parsers.
    crs, area
        Passed to :func:`cctvgeo._read.positions.positions`.
    notes
        Reader notes added after the table's own.
    adjust : callable, optional
        Called with the parsed values (canonical name -> list) before they are typed, to
        derive or default columns (e.g. a camera's sweep from its heading cell).
    located : bool, default True
        False when rows may have no position at all (request logs that name a camera
        instead): without coordinate columns every geometry is missing and no error is
        raised.
    personal_headers : mapping, optional
        Header -> kind of personal data: headers that are personal for this reader, besides
        those :mod:`cctvgeo._personal` recognises everywhere.

    Personal data is removed first (:func:`cctvgeo._personal.strip_personal`), so no value
    parsed, reported or kept can hold it.
    """
    personal_notes, personal_problems = strip_personal(
        table, mapping, personal_headers=personal_headers
    )
    frame = table.frame
    if located or table.geometry is not None or _has_position_columns(mapping):
        geometry, coord_columns, problems = positions(table, mapping, crs, area, required=located)
    else:
        geometry = gpd.GeoSeries([None] * len(frame), index=frame.index, crs=crs or 4326)
        coord_columns, problems = set(), []
    report = ValidationReport(
        source=table.source,
        n_rows=len(frame),
        notes=[*table.notes, *personal_notes, *notes],
        skipped_rows=list(table.skipped_rows),
    )
    values, field_problems = parse_fields(frame, mapping, parsers)
    if adjust is not None:
        adjust(values)
    consumed = {h for c, h in mapping.items() if c in schema} | coord_columns
    extras = [c for c in frame.columns if c not in consumed]
    is_spreadsheet = table.geometry is None and table.source != "DataFrame"
    attributes = pd.concat(
        [
            typed_frame(values, schema, frame.index),
            unknown_columns(frame[extras], spreadsheet=is_spreadsheet),
        ],
        axis=1,
    )
    gdf = gpd.GeoDataFrame(attributes, geometry=geometry, crs=geometry.crs)
    return gdf, [*personal_problems, *problems, *field_problems], report


def _has_position_columns(mapping: Mapping[str, str]) -> bool:
    return ("latitude" in mapping and "longitude" in mapping) or bool(
        {"coordinates", "wkt"} & set(mapping)
    )


def fill_missing_ids(
    frame: gpd.GeoDataFrame,
    column: str,
    mapping: Mapping[str, str],
    report: ValidationReport,
    *,
    what: str,
) -> None:
    """Give rows without an id one made from the row label (``ROW-<row>``), and say so.

    ``what`` names the rows (``"camera"``, ``"point"``, ``"request"``): the problem is
    ``id_missing.<what>`` of the label table.
    """
    missing = frame[column].isna()
    if not missing.any():
        return
    frame.loc[missing, column] = [f"ROW-{label}" for label in frame.index[missing]]
    if column not in mapping:
        report.notes.append(Note(f"no_id_column.{what}"))
        return
    report.extend(
        Problem.coded(
            f"id_missing.{what}", row, mapping[column], "", severity="warning",
            action="value fixed", id=repr(f"ROW-{row}"),
        )
        for row in frame.index[missing]
    )  # fmt: skip


def duplicate_ids(
    frame: pd.DataFrame, column: str, *, what: str, severity: str = "error"
) -> list[Problem]:
    """One problem per repeated id, on every row after the first that uses it.

    ``what`` names the rows, as for :func:`fill_missing_ids` (``id_repeated.<what>``).
    """
    ids = frame[column]
    repeated = ids.notna() & ids.duplicated(keep=False)
    first_row = {i: frame.index[(ids == i).to_numpy()].tolist()[0] for i in ids[repeated].unique()}
    return [
        Problem.coded(
            f"id_repeated.{what}", row, column, str(v),
            severity="warning" if severity == "warning" else "error", id=repr(v),
            first=first_row[v],
        )
        for row, v in ids[repeated].items()
        if row != first_row[v]
    ]  # fmt: skip


def apply_problems(
    frame: gpd.GeoDataFrame, problems: Iterable[Problem], schema: Mapping[str, str]
) -> gpd.GeoDataFrame:
    """A copy with cleared values set missing and dropped rows removed.

    A ``"value cleared"`` problem on a schema column sets the cell to NaN (float columns)
    or missing (others); a ``"row dropped"`` problem removes its row.
    """
    dropped = {p.row for p in problems if p.action == "row dropped"}
    out = frame.drop(index=[r for r in frame.index if r in dropped])
    for p in problems:
        column = p.column if p.action == "value cleared" and p.row in out.index else None
        if column is not None and column in schema:
            out.loc[p.row, column] = np.nan if schema[column] == "float64" else None
    return out


def finish(
    frame: gpd.GeoDataFrame,
    problems: list[Problem],
    report: ValidationReport,
    *,
    table: RawTable,
    mapping: Mapping[str, str],
    schema: Mapping[str, str],
    errors: ErrorsMode,
) -> gpd.GeoDataFrame | tuple[gpd.GeoDataFrame, ValidationReport]:
    """Add the problems to the report in row order under the user's headers; raise or return."""
    header_of = {**{c: c for c in schema}, **mapping}
    order = {label: i for i, label in enumerate(table.frame.index)}
    ordered = sorted(problems, key=lambda p: order.get(p.row, -1))
    report.extend(
        dataclasses.replace(p, column=header_of.get(p.column or "", p.column)) for p in ordered
    )
    if errors == "raise":
        report.raise_if_errors()
        return frame
    return frame, report
