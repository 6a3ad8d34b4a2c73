"""Rows and products of a compressed sparse row matrix, without scipy's per-call overhead.

Slicing a scipy matrix (``matrix[rows]``) builds a new matrix through several checks and
conversions, which costs far more than the rows' few entries on the optimiser's small
instances. :func:`row_entries` finds the positions of those entries in the matrix's own
``indices`` and ``data`` with a handful of array operations. Likewise ``matrix @ vector``
spends more time dispatching than multiplying on a few thousand entries; :func:`matvec`
calls scipy's compiled loop directly, into a buffer the caller keeps, and
:func:`transpose` likewise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse

try:  # scipy's compiled loops behind ``matrix @ vector`` and ``matrix.tocsc()``
    from scipy.sparse._sparsetools import csr_matvec, csr_tocsc
except ImportError:  # pragma: no cover - a scipy that moved them: the public methods
    csr_matvec = csr_tocsc = None

if TYPE_CHECKING:  # pragma: no cover
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float64]
    IntArray = npt.NDArray[np.intp]


def row_entries(matrix: sparse.csr_array, rows: IntArray) -> tuple[IntArray, IntArray]:
    """Positions of the entries of ``rows`` in ``matrix.indices`` and ``matrix.data``.

    Parameters
    ----------
    matrix : scipy.sparse.csr_array
        The matrix.
    rows : ndarray of int
        Row positions, in any order (repeats allowed).

    Returns
    -------
    at : ndarray of int
        The positions, the entries of ``rows[0]`` first, then those of ``rows[1]``, ...
    lengths : ndarray of int
        Per row of ``rows``, its number of entries.

    Examples
    --------
    >>> from scipy import sparse
    >>> m = sparse.csr_array(np.array([[1.0, 0, 2], [0, 0, 0], [0, 3, 0]]))
    >>> at, lengths = row_entries(m, np.array([2, 0, 1]))
    >>> m.data[at].tolist(), m.indices[at].tolist(), lengths.tolist()
    ([3.0, 1.0, 2.0], [1, 0, 2], [1, 2, 0])
    """
    starts = matrix.indptr[rows].astype(np.intp)
    lengths = matrix.indptr[rows + 1] - starts
    ends = np.cumsum(lengths)
    total = int(ends[-1]) if ends.size else 0
    return np.arange(total) + np.repeat(starts - ends + lengths, lengths), lengths


def matvec(matrix: sparse.csr_array, vector: FloatArray, out: FloatArray) -> FloatArray:
    """``matrix @ vector`` written into ``out`` (float64, one value per row), and returned.

    Parameters
    ----------
    matrix : scipy.sparse.csr_array
        The matrix (float64 data for the compiled loop; other types take scipy's product).
    vector : ndarray
        One value per column (likewise float64 for the compiled loop).
    out : ndarray of float64
        Where to write the product; overwritten.

    Returns
    -------
    ndarray
        ``out``.

    Examples
    --------
    >>> from scipy import sparse
    >>> m = sparse.csr_array(np.array([[1.0, 0, 2], [0, 0, 0], [0, 3, 0]]))
    >>> matvec(m, np.array([1.0, 2.0, 3.0]), np.empty(3)).tolist()
    [7.0, 0.0, 6.0]
    """
    if csr_matvec is None or matrix.data.dtype != np.float64 or vector.dtype != np.float64:
        # The compiled loop reads the arrays as they are: other types take scipy's product.
        out[:] = matrix @ vector
        return out
    out.fill(0.0)
    n_rows, n_cols = matrix.shape
    csr_matvec(n_rows, n_cols, matrix.indptr, matrix.indices, matrix.data, vector, out)
    return out


def transpose(matrix: sparse.csr_array) -> sparse.csr_array:
    """``matrix.T`` in compressed sparse row form (sorted indices), by scipy's compiled loop.

    Examples
    --------
    >>> from scipy import sparse
    >>> m = sparse.csr_array(np.array([[1.0, 0, 2], [0, 0, 0], [0, 3, 0]]))
    >>> transpose(m).toarray().tolist()
    [[1.0, 0.0, 0.0], [0.0, 0.0, 3.0], [2.0, 0.0, 0.0]]
    """
    n_rows, n_cols = matrix.shape
    if csr_tocsc is None:  # pragma: no cover - see the import
        return sparse.csr_array(matrix.T)
    indptr = np.empty(n_cols + 1, dtype=matrix.indptr.dtype)
    indices = np.empty(matrix.nnz, dtype=matrix.indices.dtype)
    data = np.empty(matrix.nnz, dtype=matrix.data.dtype)
    csr_tocsc(n_rows, n_cols, matrix.indptr, matrix.indices, matrix.data, indptr, indices, data)
    return sparse.csr_array((data, indices, indptr), shape=(n_cols, n_rows))
