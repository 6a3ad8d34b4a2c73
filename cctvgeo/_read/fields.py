"""Parse a table's cells column by column into typed values, collecting every problem.

Shared by the readers of cameras, risk points and request logs: each gives its own
schema (canonical name -> dtype) and parsers (canonical name -> cell parser).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from cctvgeo._read import cells
from cctvgeo._read.cells import cell_problem
from cctvgeo._validate import Problem

Parser = Callable[[Any], Any]


def parse_fields(
    frame: pd.DataFrame, mapping: Mapping[str, str], parsers: Mapping[str, Parser]
) -> tuple[dict[str, list[Any]], list[Problem]]:
    """Parse every mapped column that has a parser.

    Parameters
    ----------
    frame : DataFrame
        Raw cells, indexed by source row.
    mapping : mapping
        Canonical name -> source header.
    parsers : mapping
        Canonical name -> function of one cell that returns the value or raises
        :class:`~cctvgeo._read.cells.CellError`.

    Returns
    -------
    values : dict
        Canonical name -> parsed values (None where a cell was refused).
    problems : list of Problem
        One per refused cell, naming the canonical column (callers rename it to the
        source header for display).
    """
    values: dict[str, list[Any]] = {}
    problems: list[Problem] = []
    for canonical, header in mapping.items():
        parser = parsers.get(canonical)
        if parser is None:
            continue
        raw = frame[header].tolist()
        column: list[Any] = []
        for row, cell in zip(frame.index, raw, strict=True):
            try:
                column.append(parser(cell))
            except cells.CellError as exc:
                column.append(None)
                problems.append(cell_problem(row, canonical, cell, exc))
        values[canonical] = column
    return values, problems


def typed_frame(
    values: Mapping[str, list[Any]], schema: Mapping[str, str], index: pd.Index
) -> pd.DataFrame:
    """A DataFrame with every schema column, in schema order and dtype; absent columns are missing."""
    data = {}
    for name, dtype in schema.items():
        column = values.get(name)
        if column is None:
            column = [None] * len(index)
        if dtype == "float64":
            data[name] = np.array([np.nan if v is None else v for v in column], dtype=float)
        else:
            data[name] = pd.array(column, dtype=dtype)
    return pd.DataFrame(data, index=index)


def unknown_columns(frame: pd.DataFrame, *, spreadsheet: bool) -> pd.DataFrame:
    """Columns the schema does not know, kept.

    Cells from spreadsheets (Excel, CSV) become text exactly as shown, blanks missing, so
    they survive any output format unchanged; GIS and DataFrame columns keep their dtypes
    (object columns holding only text and missing values become the ``str`` dtype).
    """
    if spreadsheet:
        return frame.apply(lambda col: col.map(_display_text).astype("str"))
    out = frame.copy()
    for col in out.columns:
        if (
            out[col].dtype == object
            and out[col].map(lambda v: v is None or isinstance(v, str)).all()
        ):
            out[col] = out[col].astype("str")  # text with gaps: the same dtype any file gives back
    return out


def _display_text(value: Any) -> str | None:
    if cells.text(value) == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)
