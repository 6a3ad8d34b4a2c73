"""The entries of some rows of a compressed sparse row matrix, without slicing it.

Slicing a scipy matrix (``matrix[rows]``) builds a new matrix through several checks and
conversions, which costs far more than the rows' few entries on the optimiser's small
instances. :func:`row_entries` finds the positions of those entries in the matrix's own
``indices`` and ``data`` with a handful of array operations.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    import numpy.typing as npt
    from scipy import sparse

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
