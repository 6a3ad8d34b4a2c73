"""The national roll-up: every province's pipeline on Dask, summed by region and nation.

``rollup(cameras, provinces, roads=...)`` assigns each camera to its province by a spatial
join, runs each province's pipeline (footprints, road coverage, gaps, the 20 % linkage
selection, repair priorities and, with a budget, a plan) as one Dask task, and returns a
:class:`NationalRollup`. See ``docs/national.md``.

The names load on first use, so that ``cctvgeo national --help`` stays quick.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__all__ = [
    "SCHEDULER_ENV",
    "NationalRollup",
    "ProvinceResult",
    "assign_provinces",
    "national_map",
    "national_sample",
    "rollup",
    "write_national_dashboard",
]

_WHERE = {
    "SCHEDULER_ENV": "_engine",
    "rollup": "_engine",
    "assign_provinces": "_assign",
    "NationalRollup": "_rollup",
    "ProvinceResult": "_province",
    "national_sample": "sample",
    "national_map": "_map",
    "write_national_dashboard": "_dashboard",
}

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from cctvgeo.national._assign import assign_provinces
    from cctvgeo.national._dashboard import write_national_dashboard
    from cctvgeo.national._engine import SCHEDULER_ENV, rollup
    from cctvgeo.national._map import national_map
    from cctvgeo.national._province import ProvinceResult
    from cctvgeo.national._rollup import NationalRollup
    from cctvgeo.national.sample import national_sample


def __getattr__(name: str) -> Any:
    """Import the public names on first access (PEP 562)."""
    if name not in _WHERE:
        raise AttributeError(f"module 'cctvgeo.national' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"cctvgeo.national.{_WHERE[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
