"""Shares and level elements: how the objective of budgeted coverage is represented.

The objective counts, per demand element, the best and the second-best share of the chosen
candidates (:class:`cctvgeo.planning.BudgetedCoverage`). :func:`top_two_shares` and
:func:`add_shares` compute them; :func:`split_levels` splits each element at its distinct
share values into *level elements*, each covered 0/1, the form the swaps, the Lagrangian
phase and the MILP work on; :func:`level_matrix` gives them as a candidate x level matrix,
straight from the coverage matrix when its shares are all 0/1 (each element with a
candidate is then one level).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse

if TYPE_CHECKING:  # pragma: no cover
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float64]
    IntArray = npt.NDArray[np.intp]
    BoolArray = npt.NDArray[np.bool_]


def top_two_shares(cols: IntArray, data: FloatArray, m: int) -> tuple[FloatArray, FloatArray]:
    """Largest and second-largest value per column of the entries ``(cols, data)``."""
    m1, m2 = np.zeros(m), np.zeros(m)
    if cols.size == 0:
        return m1, m2
    order = np.lexsort((-data, cols))
    c, d = cols[order], data[order]
    first = np.ones(c.size, dtype=bool)
    first[1:] = c[1:] != c[:-1]
    second = np.zeros(c.size, dtype=bool)
    second[1:] = ~first[1:] & first[:-1]
    m1[c[first]] = d[first]
    m2[c[second]] = d[second]
    return m1, m2


def add_shares(m1: FloatArray, m2: FloatArray, a: FloatArray) -> tuple[FloatArray, FloatArray]:
    """The top two after one more camera with shares ``a``."""
    return np.maximum(m1, a), np.where(a >= m1, m1, np.maximum(m2, a))


@dataclass
class Levels:
    """Demand elements split at their distinct share values (see the module notes)."""

    column: IntArray  # per level: its demand element
    step: FloatArray  # per level: v_l - v_(l-1)
    n_fixed: IntArray  # per level: mandatory candidates with a share >= v_l
    n_free: IntArray  # per level: free candidates with a share >= v_l
    entry_row: IntArray  # per (free candidate, level) pair: the candidate ...
    entry_level: IntArray  # ... and the level


def split_levels(coo: sparse.coo_array, fixed: BoolArray, m: int) -> Levels:
    """Split each column at its distinct values: level ``l`` is covered by ``a_ij >= v_l``."""
    order = np.lexsort((-coo.data, coo.col))
    col = coo.col[order].astype(np.intp)
    val = coo.data[order]
    row = coo.row[order].astype(np.intp)
    size = col.size
    if size == 0:
        z = np.zeros(0, dtype=np.intp)
        return Levels(z, np.zeros(0), z, z, z, z)
    # A level ends where the value or the column changes: its prefix is the column's
    # entries up to there (all with a share >= the level's value).
    end = np.ones(size, dtype=bool)
    end[:-1] = (col[1:] != col[:-1]) | (val[1:] != val[:-1])
    ends = np.flatnonzero(end)
    col_start = np.searchsorted(col, col, side="left")
    level_col = col[ends]
    level_val = val[ends]
    # The next smaller value in the same column (0 after the last).
    nxt = np.zeros(ends.size)
    same = np.zeros(ends.size, dtype=bool)
    same[:-1] = level_col[1:] == level_col[:-1]
    nxt[:-1] = np.where(same[:-1], level_val[1:], 0.0)
    prefix_start = col_start[ends]
    prefix_len = ends - prefix_start + 1
    is_fixed = fixed[row].astype(np.int64)
    cum = np.concatenate([[0], np.cumsum(is_fixed)])
    n_fixed = cum[ends + 1] - cum[prefix_start]
    n_free = prefix_len - n_fixed
    # Expand every level's prefix into (entry, level) pairs; keep the free candidates.
    level_of = np.repeat(np.arange(ends.size), prefix_len)
    offset = np.arange(int(prefix_len.sum())) - np.repeat(
        np.cumsum(prefix_len) - prefix_len, prefix_len
    )
    entry = np.repeat(prefix_start, prefix_len) + offset
    keep = ~fixed[row[entry]]
    return Levels(
        column=level_col,
        step=level_val - nxt,
        n_fixed=n_fixed.astype(np.intp),
        n_free=n_free.astype(np.intp),
        entry_row=row[entry[keep]],
        entry_level=level_of[keep].astype(np.intp),
    )


@dataclass
class LevelMatrix:
    """Level elements (see :class:`Levels`) with their free candidates as a sparse matrix."""

    column: IntArray  # per level: its demand element
    step: FloatArray  # per level: v_l - v_(l-1)
    n_fixed: IntArray  # per level: mandatory candidates with a share >= v_l
    cover: sparse.csr_array  # (n_candidates, n_levels) 0/1; mandatory candidates' rows empty


def level_matrix(matrix: sparse.csr_array, fixed: BoolArray) -> LevelMatrix:
    """The level elements of a coverage matrix (canonical CSR), as :func:`split_levels`.

    Levels are ordered as :func:`split_levels` orders them (by element, then by share,
    largest first). When every share is 1, each element some candidate covers is one level of step 1 and
    the level matrix is the coverage matrix with its empty columns dropped and the
    mandatory candidates' rows emptied: no sort.
    """
    n, m = matrix.shape
    if matrix.nnz and bool((matrix.data == 1.0).all()):
        return _binary_level_matrix(matrix, fixed)
    lv = split_levels(sparse.coo_array(matrix), fixed, m)
    cover = sparse.csr_array(
        (np.ones(lv.entry_row.size), (lv.entry_row, lv.entry_level)), shape=(n, lv.step.size)
    )
    return LevelMatrix(lv.column, lv.step, lv.n_fixed, cover)


def _binary_level_matrix(matrix: sparse.csr_array, fixed: BoolArray) -> LevelMatrix:
    """:func:`level_matrix` of a coverage matrix whose shares are all 1."""
    n, m = matrix.shape
    cols = matrix.indices
    per_col = np.bincount(cols, minlength=m)
    column = np.flatnonzero(per_col).astype(np.intp)
    level_of = np.cumsum(per_col > 0) - 1  # per element: its level (if it has one)
    row_len = np.diff(matrix.indptr)
    if fixed.any():
        entry_fixed = np.repeat(fixed, row_len)
        n_fixed = np.bincount(level_of[cols[entry_fixed]], minlength=column.size)
        keep = ~entry_fixed
        cols = cols[keep]
        row_len = np.where(fixed, 0, row_len)
    else:
        n_fixed = np.zeros(column.size, dtype=np.intp)
    indptr = np.zeros(n + 1, dtype=np.intp)
    np.cumsum(row_len, out=indptr[1:])
    cover = sparse.csr_array((np.ones(cols.size), level_of[cols], indptr), shape=(n, column.size))
    return LevelMatrix(column, np.ones(column.size), n_fixed.astype(np.intp), cover)
