"""What to do with the money: candidates, life-cycle costs, the optimiser and the plan.

The package sits above :mod:`cctvgeo.coverage` and takes the demand GeoDataFrame it is
given (the contract of :func:`cctvgeo.riskpoints.demand`); it never imports
:mod:`cctvgeo.riskpoints`. See ``docs/planning.md``.
"""

from __future__ import annotations

from cctvgeo.planning.candidates import CANDIDATE_COLUMNS, SITE_SOURCES, candidate_sites
from cctvgeo.planning.costs import CAPITAL_ITEMS, COST_COLUMNS, RUNNING_ITEMS, CostModel
from cctvgeo.planning.linkage import LinkageSelection, repair_priorities, select_for_linkage
from cctvgeo.planning.optimize import (
    KMN_GUARANTEE,
    PARTIAL_ENUMERATION_GUARANTEE,
    BudgetedCoverage,
)
from cctvgeo.planning.plan import SITE_COLUMNS, InstallationPlan, approval_level, plan
from cctvgeo.planning.proposals import Proposals

__all__ = [
    "CANDIDATE_COLUMNS",
    "CAPITAL_ITEMS",
    "COST_COLUMNS",
    "KMN_GUARANTEE",
    "PARTIAL_ENUMERATION_GUARANTEE",
    "RUNNING_ITEMS",
    "SITE_COLUMNS",
    "SITE_SOURCES",
    "BudgetedCoverage",
    "CostModel",
    "InstallationPlan",
    "LinkageSelection",
    "Proposals",
    "approval_level",
    "candidate_sites",
    "plan",
    "repair_priorities",
    "select_for_linkage",
]
