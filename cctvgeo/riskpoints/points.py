"""Police-nominated risk points: part 2 of the national survey form.

Each committee designates risk or important points (จุดเสี่ยง / จุดสำคัญ) that need more
cameras, with a priority (ลำดับความสำคัญเร่งด่วน), a reason, the cameras wanted and the
budget. :func:`read_risk_points` reads them from the form's Excel export, CSV or GIS files
with the same machinery and reports as :func:`cctvgeo.read_cameras`, and gives each point
a ``weight`` from the documented priority x category table (:func:`risk_weight_table`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any, Literal, TypeAlias, overload

import geopandas as gpd
import numpy as np
import pandas as pd

from cctvgeo import settings
from cctvgeo._compat import renamed_keywords
from cctvgeo._read import cells
from cctvgeo._read.headers import (
    COORDINATE_ALIASES,
    RISK_POINT_ALIASES,
    RISK_POINT_HEADER_HINT,
    match_headers,
)
from cctvgeo._read.rows import (
    ErrorsMode,
    apply_problems,
    check_errors_mode,
    duplicate_ids,
    fill_missing_ids,
    finish,
    parse_rows,
)
from cctvgeo._read.table import read_table
from cctvgeo._validate import Problem, ValidationReport

__all__ = ["CATEGORIES", "PRIORITIES", "RISK_POINT_SCHEMA", "read_risk_points", "risk_weight_table"]

#: The canonical risk point columns and their pandas dtypes, in order; ``weight`` follows.
RISK_POINT_SCHEMA: dict[str, str] = {
    "point_id": "str",
    "name": "str",
    "category": "str",
    "priority": "str",
    "reason": "str",
    "nominated_by": "str",
    "requested_cameras": "Int64",
    "camera_type": "str",
    "budget_thb": "float64",
    "budget_source": "str",
}
CATEGORIES = (
    "escape_route", "crime_hotspot", "accident_blackspot", "tourist_site", "school",
    "bank_gold_shop", "market", "border_checkpoint", "government", "transport_hub", "other",
)  # fmt: skip
PRIORITIES = ("urgent", "high", "normal")

WeightsLike: TypeAlias = Mapping[str, Mapping[str, float]] | pd.DataFrame


def _free_text(value: Any) -> str | None:
    return None if cells.is_missing(value) else str(value).strip()


def _vocab(words: Mapping[str, str], what: str) -> Callable[[Any], str | None]:
    return lambda value: cells.vocabulary(value, words, what=what)


def _count(value: Any) -> int | None:
    number = cells.number(value)
    if math.isnan(number):
        return None
    if not (number.is_integer() and 0 <= number < 2**53):  # beyond 2**53 no float is exact
        raise cells.CellError("not_a_count")
    return int(number)


def _amount(value: Any) -> float:
    number = cells.number(value)
    if number < 0:
        raise cells.CellError("negative_budget")
    return number


_PARSERS: dict[str, Callable[[Any], Any]] = {
    "point_id": _free_text,
    "name": _free_text,
    "category": _vocab(cells.CATEGORY_WORDS, "what_category"),
    "priority": _vocab(cells.PRIORITY_WORDS, "what_priority"),
    "reason": _free_text,
    "nominated_by": _free_text,
    "requested_cameras": _count,
    "camera_type": _vocab(cells.CAMERA_TYPE_WORDS, "what_camera_type"),
    "budget_thb": _amount,
    "budget_source": _free_text,
}


@renamed_keywords(weights="weight_overrides")
def risk_weight_table(weight_overrides: WeightsLike | None = None) -> pd.DataFrame:
    """The weight of a risk point by priority (rows) and category (columns).

    Each cell is ``settings.risk_priority_weight[priority] *
    settings.risk_category_weight[category]``, read when called, with the cells given in
    ``weight_overrides`` replacing the product.

    Parameters
    ----------
    weight_overrides : mapping or DataFrame, optional
        Cells to override: ``{"urgent": {"school": 5.0}}``, or a DataFrame indexed by
        priority with categories as columns (NaN cells are not overrides).

    Returns
    -------
    DataFrame
        Index :data:`PRIORITIES`, columns :data:`CATEGORIES`, float weights.

    Raises
    ------
    ValueError
        An unknown priority or category, or a weight that is negative or not finite.

    Examples
    --------
    >>> from cctvgeo.riskpoints import risk_weight_table
    >>> t = risk_weight_table({"normal": {"school": 4.0}})
    >>> float(t.loc["urgent", "crime_hotspot"]), float(t.loc["normal", "school"])
    (4.5, 4.0)
    """
    prio = settings.risk_priority_weight
    cat = settings.risk_category_weight
    missing = [p for p in PRIORITIES if p not in prio] + [c for c in CATEGORIES if c not in cat]
    if missing:
        raise ValueError(
            f"settings.risk_priority_weight / risk_category_weight lack {missing}; "
            "give every priority and category a weight."
        )
    table = pd.DataFrame(
        np.outer([float(prio[p]) for p in PRIORITIES], [float(cat[c]) for c in CATEGORIES]),
        index=pd.Index(PRIORITIES, name="priority"),
        columns=pd.Index(CATEGORIES, name="category"),
    )
    if weight_overrides is None:
        return table
    if isinstance(weight_overrides, pd.DataFrame):
        overrides = {
            (str(p), str(c)): v
            for p, row in weight_overrides.iterrows()
            for c, v in row.items()
            if not pd.isna(v)
        }
    else:
        overrides = {(p, c): v for p, row in weight_overrides.items() for c, v in row.items()}
    for (p, c), value in overrides.items():
        if p not in PRIORITIES or c not in CATEGORIES:
            raise ValueError(
                f"weight_overrides has ({p!r}, {c!r}); priorities are {PRIORITIES} and categories "
                f"{CATEGORIES}."
            )
        w = float(value)
        if not (math.isfinite(w) and w >= 0):
            raise ValueError(f"weight_overrides[{p!r}][{c!r}] = {value!r}; a weight must be >= 0.")
        table.loc[p, c] = w
    return table


@overload
def read_risk_points(
    source: Any,
    *,
    columns: Mapping[str, str] | None = ...,
    crs: Any = ...,
    errors: Literal["raise"] = ...,
    weight_overrides: WeightsLike | None = ...,
    area: Any = ...,
    sheet: str | int | None = ...,
) -> gpd.GeoDataFrame: ...
@overload
def read_risk_points(
    source: Any,
    *,
    columns: Mapping[str, str] | None = ...,
    crs: Any = ...,
    errors: Literal["report"],
    weight_overrides: WeightsLike | None = ...,
    area: Any = ...,
    sheet: str | int | None = ...,
) -> tuple[gpd.GeoDataFrame, ValidationReport]: ...


@renamed_keywords(weights="weight_overrides")
def read_risk_points(
    source: Any,
    *,
    columns: Mapping[str, str] | None = None,
    crs: Any = None,
    errors: ErrorsMode = "raise",
    weight_overrides: WeightsLike | None = None,
    area: Any = None,
    sheet: str | int | None = None,
) -> gpd.GeoDataFrame | tuple[gpd.GeoDataFrame, ValidationReport]:
    """Read risk points (survey part 2) into a GeoDataFrame with a weight per point.

    Parameters
    ----------
    source : str, PathLike, DataFrame or GeoDataFrame
        ``.xlsx``, ``.csv``, ``.gpkg``, ``.geojson``, ``.shp`` or a frame, with Thai or
        English headers (``docs/data-formats.md``). Thai digits, thousands separators,
        Thai category names (แหล่งท่องเที่ยว, ธนาคาร/ร้านทอง...) and priorities
        (เร่งด่วนมาก / เร่งด่วน / ปกติ, or 1-3) are understood.
    columns : mapping, optional
        Source header -> canonical column, overriding the header aliases.
    crs : optional
        CRS of coordinate columns that are not longitude/latitude.
    errors : {"raise", "report"}
        As in :func:`cctvgeo.read_cameras`: raise one ValidationError listing every error,
        or return ``(points, report)`` with bad values cleared and unusable rows left out,
        each listed in the report.
    weight_overrides : mapping or DataFrame, optional
        Overrides of the priority x category weight table (:func:`risk_weight_table`).
    area : optional
        Where the points should be; as in :func:`cctvgeo.read_cameras`.
    sheet : str or int, optional
        Excel sheet to read; the first by default.

    Returns
    -------
    GeoDataFrame or (GeoDataFrame, ValidationReport)
        Columns of :data:`RISK_POINT_SCHEMA`, then ``weight`` (float, the table's cell for
        the point's priority and category; a missing or refused priority or category is
        weighted as ``settings.risk_default_priority`` / ``risk_default_category``), then
        the source's other columns, then point ``geometry`` (EPSG:4326 for latitude and
        longitude). The index is the source row (spreadsheet row number, header = row 1).

    Raises
    ------
    ValidationError
        With ``errors="raise"``, when any error is found.
    CctvgeoError
        When the source cannot be read at all.

    Examples
    --------
    >>> import cctvgeo as cg
    >>> path = cg.datasets.load_sample().risk_points_path
    >>> rp, report = cg.riskpoints.read_risk_points(path, errors="report")
    >>> sorted(int(p.row) for p in report.problems)
    [14, 38, 63]
    >>> first = rp.loc[2]  # spreadsheet row 2, under the header
    >>> first["point_id"], first["category"], first["priority"], float(first["weight"])
    ('RP-001', 'tourist_site', 'high', 2.0)
    """
    check_errors_mode(errors)
    table_of_weights = risk_weight_table(weight_overrides)
    table = read_table(source, header_hint=RISK_POINT_HEADER_HINT, sheet=sheet)
    mapping, notes = match_headers(
        table.frame.columns, {**RISK_POINT_ALIASES, **COORDINATE_ALIASES}, columns
    )
    points, problems, report = parse_rows(
        table, mapping, schema=RISK_POINT_SCHEMA, parsers=_PARSERS, crs=crs, area=area,
        notes=notes,
    )  # fmt: skip
    fill_missing_ids(points, "point_id", mapping, report, what="point")
    problems += duplicate_ids(points, "point_id", what="point")
    problems += _missing_words(points, mapping, problems)
    points = apply_problems(points, problems, RISK_POINT_SCHEMA)
    points.insert(len(RISK_POINT_SCHEMA), "weight", point_weights(points, table_of_weights))
    return finish(
        points, problems, report, table=table, mapping=mapping, schema=RISK_POINT_SCHEMA,
        errors=errors,
    )  # fmt: skip


def _missing_words(
    points: gpd.GeoDataFrame, mapping: Mapping[str, str], problems: list[Problem]
) -> list[Problem]:
    """Warnings for blank priorities and categories: the point is weighted by the defaults."""
    out = []
    for column, default in (
        ("priority", settings.risk_default_priority),
        ("category", settings.risk_default_category),
    ):
        if column not in mapping:
            continue
        refused = {p.row for p in problems if p.column == column}
        blank = points[column].isna().to_numpy() & ~points.index.isin(list(refused))
        out += [
            Problem.coded(
                f"word_missing.{column}", row, column, "", severity="warning", default=default
            )
            for row in points.index[blank]
        ]  # fmt: skip
    return out


def point_weights(points: pd.DataFrame, table: pd.DataFrame) -> np.ndarray:
    """Each point's weight from the priority x category ``table`` (defaults for missing)."""
    prio = points["priority"].fillna(settings.risk_default_priority).astype(str).to_numpy()
    cat = points["category"].fillna(settings.risk_default_category).astype(str).to_numpy()
    rows = table.index.get_indexer(prio)
    cols = table.columns.get_indexer(cat)
    if (rows < 0).any() or (cols < 0).any():
        bad = sorted({*prio[rows < 0], *cat[cols < 0]})
        raise ValueError(f"No weight for {bad}: not a priority or category of the table.")
    return np.asarray(table.to_numpy()[rows, cols], dtype=float)
