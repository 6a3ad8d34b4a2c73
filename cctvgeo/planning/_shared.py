"""Rules the plan (:mod:`cctvgeo.planning.plan`) and its proposals share.

Kept apart from both, so that :mod:`cctvgeo.planning.proposals` does not import the plan's
module, which imports it back (``InstallationPlan.proposals``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from cctvgeo import settings

if TYPE_CHECKING:  # pragma: no cover
    from numpy.typing import NDArray

__all__ = ["approval_level", "reaim_partners"]


def approval_level(total_thb: float) -> tuple[str, str]:
    """Who approves a project of this total cost: (English, Thai), from settings.

    Examples
    --------
    >>> approval_level(2_500_000)[0]
    'provincial working group'
    """
    levels = sorted(settings.approval_levels)
    chosen = levels[0]
    for entry in levels:
        if total_thb >= entry[0]:
            chosen = entry
    return chosen[1], chosen[2]


def reaim_partners(groups: NDArray[np.object_], incumbent: NDArray[np.bool_]) -> NDArray[np.intp]:
    """Per candidate, the incumbent of its group (the view a re-aim replaces), or -1.

    Parameters
    ----------
    groups : ndarray of object
        Each candidate's exclusive group (the site's group of views).
    incumbent : ndarray of bool
        Which candidates are the views installed at the start.

    Returns
    -------
    ndarray of intp
        The position of the incumbent in the candidate's group, -1 for the incumbents
        themselves and for candidates whose group has none.
    """
    labels = pd.Series(groups, dtype=object)
    incumbents = np.flatnonzero(incumbent)
    where = pd.Series(incumbents, index=labels.iloc[incumbents].to_numpy())
    found = labels.map(where[~where.index.duplicated()]).fillna(-1).to_numpy(dtype=np.intp)
    found[incumbent] = -1
    return found
