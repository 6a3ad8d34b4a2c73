"""What to do with the money: candidates, life-cycle costs, the optimiser and the plan.

The package sits above :mod:`cctvgeo.coverage` and takes the demand GeoDataFrame it is
given (the contract of :func:`cctvgeo.riskpoints.demand`); it never imports
:mod:`cctvgeo.riskpoints`. See ``docs/planning.md``.
"""

from __future__ import annotations

__all__: list[str] = []
from cctvgeo.planning.optimize import (
    KMN_GUARANTEE,
    PARTIAL_ENUMERATION_GUARANTEE,
    BudgetedCoverage,
)

__all__ += ["KMN_GUARANTEE", "PARTIAL_ENUMERATION_GUARANTEE", "BudgetedCoverage"]
