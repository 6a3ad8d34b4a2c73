"""Input checks of budgeted coverage: every problem with the arrays, collected, raised once.

Each function reads one argument of :meth:`cctvgeo.planning.BudgetedCoverage.from_matrix`
into an array, adding a :class:`cctvgeo._validate.Problem` to the report for what is wrong
instead of raising, so that the caller can raise every problem at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy import sparse

from cctvgeo._validate import Problem, ValidationReport

if TYPE_CHECKING:  # pragma: no cover
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float64]
    IntArray = npt.NDArray[np.intp]
    BoolArray = npt.NDArray[np.bool_]


def input_problem(column: str, value: Any, message: str, fix: str) -> Problem:
    return Problem(None, column, "" if value is None else str(value), message, fix)


def as_csr(coverage: Any, report: ValidationReport) -> sparse.csr_array:
    try:
        if sparse.issparse(coverage):
            matrix = sparse.csr_array(coverage, dtype=np.float64)
        else:
            dense = np.asarray(coverage, dtype=np.float64)
            if dense.ndim != 2:
                raise ValueError("not two-dimensional")
            matrix = sparse.csr_array(dense)
    except (TypeError, ValueError) as exc:
        report.add(
            input_problem(
                "coverage",
                "",
                f"The coverage matrix is not a 2-D numeric array ({exc}).",
                "Pass a scipy.sparse matrix or a 2-D array (candidates x demand).",
            )
        )
        return sparse.csr_array((0, 0), dtype=np.float64)
    matrix.sum_duplicates()
    matrix.eliminate_zeros()
    return matrix


def as_vector(
    values: Any, n: int, name: str, report: ValidationReport, *, nonnegative: bool
) -> FloatArray:
    try:
        arr = np.asarray(as_array(values), dtype=np.float64)
    except (TypeError, ValueError):
        report.add(input_problem(name, "", f"{name} is not numeric.", "Give numbers."))
        return np.zeros(n)
    if arr.shape != (n,):
        report.add(
            input_problem(
                name, arr.shape, f"{name} has shape {arr.shape}, expected ({n},).", "Fix it."
            )
        )
        return np.zeros(n)
    bad = ~np.isfinite(arr) | ((arr < 0) if nonnegative else False)
    if bad.any():
        first = np.flatnonzero(bad)[:5].tolist()
        report.add(
            Problem(
                first[0],
                name,
                str(arr[first[0]]),
                f"{int(bad.sum())} {name} are missing, infinite or negative (positions {first}).",
                f"Give every {name} a finite number of 0 or more.",
            )
        )
        return np.where(bad, 0.0, arr)
    return arr


def as_array(values: Any) -> npt.NDArray[Any]:
    to_numpy = getattr(values, "to_numpy", None)
    return np.asarray(to_numpy() if to_numpy is not None else values)


def as_mask(values: Any, n: int, name: str, report: ValidationReport) -> BoolArray:
    if values is None:
        return np.zeros(n, dtype=bool)
    arr = as_array(values)
    if arr.shape == (n,) and arr.dtype == np.dtype(bool):
        return arr.copy()
    if arr.shape == (n,) and arr.dtype == np.dtype(object):
        series = pd.Series(arr, dtype="object")
        filled = series.where(~series.isna(), False)
        if filled.map(lambda v: isinstance(v, bool | np.bool_)).all():
            return filled.to_numpy(dtype=bool)
    elif arr.ndim == 1 and np.issubdtype(arr.dtype, np.integer):
        if arr.size and (arr.min() < 0 or arr.max() >= n):
            report.add(
                input_problem(name, "", f"{name} has positions outside 0..{n - 1}.", "Fix it.")
            )
            return np.zeros(n, dtype=bool)
        out = np.zeros(n, dtype=bool)
        out[arr] = True
        return out
    report.add(
        input_problem(
            name,
            "",
            f"{name} must be {n} booleans or a list of positions.",
            "Give a boolean mask or integer positions.",
        )
    )
    return np.zeros(n, dtype=bool)


def _is_labels(obj: Any) -> bool:
    return hasattr(obj, "__len__") and not isinstance(obj, str | bytes)


def as_groups(
    groups: Any, max_per_group: int | Sequence[int], n: int, report: ValidationReport
) -> tuple[list[IntArray], list[int]]:
    if groups is None:
        return [], []
    several = isinstance(groups, list | tuple) and len(groups) > 0 and all(map(_is_labels, groups))
    labels_list: list[Any] = list(groups) if several else [groups]
    caps_in = (
        [max_per_group] * len(labels_list)
        if isinstance(max_per_group, int | np.integer)
        else list(max_per_group)
    )
    if len(caps_in) != len(labels_list):
        report.add(
            input_problem(
                "max_per_group",
                caps_in,
                f"{len(caps_in)} caps for {len(labels_list)} groupings.",
                "Give one cap per grouping.",
            )
        )
        return [], []
    codes_out: list[IntArray] = []
    caps: list[int] = []
    for labels, cap in zip(labels_list, caps_in, strict=True):
        lab = pd.Series(as_array(labels), dtype="object")
        if len(lab) != n:
            report.add(input_problem("groups", len(lab), f"groups need {n} labels.", "Fix it."))
            continue
        if not (isinstance(cap, int | np.integer) and cap >= 1):
            report.add(
                input_problem("max_per_group", cap, "Caps must be whole numbers >= 1.", "Fix.")
            )
            continue
        missing = lab.isna().to_numpy()
        codes = np.full(n, -1, dtype=np.intp)
        if (~missing).any():
            _, inv = np.unique(lab[~missing].astype(str).to_numpy(), return_inverse=True)
            codes[~missing] = inv
        codes_out.append(codes)
        caps.append(int(cap))
    return codes_out, caps


def as_k_required(values: Any, m: int, report: ValidationReport) -> IntArray:
    if values is None:
        return np.ones(m, dtype=np.intp)
    raw = pd.Series(as_array(values), dtype="object")
    if len(raw) != m:
        report.add(
            input_problem("k_required", len(raw), f"k_required needs {m} values.", "Fix it.")
        )
        return np.ones(m, dtype=np.intp)
    num = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    given = ~raw.isna().to_numpy()
    bad = np.flatnonzero(given & ~np.isin(num, (1.0, 2.0)))
    if bad.size:
        report.add(
            Problem(
                int(bad[0]),
                "k_required",
                str(raw.iloc[bad[0]]),
                f"{bad.size} k_required values are not 1 or 2 (positions {bad[:5].tolist()}).",
                "Use 1, or 2 for points that need a backup camera.",
            )
        )
    return np.where(given & (num == 2.0), 2, 1).astype(np.intp)
