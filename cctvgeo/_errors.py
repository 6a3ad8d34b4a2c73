"""The exceptions cctvgeo raises.

All of them derive from :class:`CctvgeoError`, so a script can catch every
problem the library reports with one ``except`` clause, and each also derives
from the built-in exception that fits it, so generic handlers still work.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from cctvgeo._validate import ValidationReport


class CctvgeoError(Exception):
    """Base class of every error raised on purpose by cctvgeo."""


class ValidationError(CctvgeoError, ValueError):
    """Input data has problems; ``report`` lists every one of them.

    Parameters
    ----------
    report : ValidationReport
        Every problem found, with its row, column, value and how to fix it.
    """

    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        super().__init__(str(report))


class CRSError(CctvgeoError, ValueError):
    """A coordinate reference system is missing, geographic where metres are needed, or mismatched."""


class InfeasiblePlanError(CctvgeoError, RuntimeError):
    """No plan satisfies the constraints (for example mandatory sites cost more than the budget)."""
