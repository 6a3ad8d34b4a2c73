"""A plan read back from a store."""

from __future__ import annotations

from typing import Any

import pandas as pd

from cctvgeo._errors import CctvgeoError
from cctvgeo.planning import InstallationPlan


class StoredPlan(InstallationPlan):
    """A plan read from a store: its data tables as saved, its summary and curve stored.

    The optimiser's state is not stored (only data is), so :meth:`summary` and
    :meth:`coverage_curve` give the tables saved with the plan.
    """

    _stored: dict[str, pd.DataFrame]

    @classmethod
    def from_parts(cls, parts: dict[str, pd.DataFrame], values: dict[str, Any]) -> StoredPlan:
        """The plan of the saved tables (sites, footprints, years, demand, summary, curve)."""
        plan = cls(
            sites=parts["sites"],
            footprints=parts["footprints"],
            years=parts["years"],
            demand=parts["demand"],
            _ctx=None,  # type: ignore[arg-type]  # never used: summary and curve are stored
            _run=None,  # type: ignore[arg-type]  # the same
            **values,
        )
        plan._stored = {"summary": parts["summary"], "curve": parts["curve"]}
        return plan

    def summary(self) -> pd.DataFrame:
        """The coverage summary saved with the plan."""
        return self._stored["summary"].copy()

    def coverage_curve(self, *, points: int = 11, method: Any = "greedy") -> pd.DataFrame:
        """The coverage curve saved with the plan (its number of points, greedy)."""
        curve = self._stored["curve"]
        if points != len(curve) or method != "greedy":
            raise CctvgeoError(
                f"A stored plan has its saved coverage curve only ({len(curve)} points, "
                "greedy); plan again for another."
            )
        return curve.copy()

    def replan(self, **kwargs: Any) -> InstallationPlan:
        """A stored plan cannot be re-planned: its problem is not stored."""
        raise CctvgeoError(
            "A stored plan has its tables only, not the problem it solved; plan again from "
            "the demand and the candidates to try another budget."
        )
