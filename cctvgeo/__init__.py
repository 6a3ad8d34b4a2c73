"""cctvgeo: plan CCTV coverage for a province.

From the camera survey to an approved installation plan: camera fields of view
as geometries, what they see of roads, risk points and escape routes, and the
best use of a budget.

Examples
--------
>>> import cctvgeo as cg
>>> sample = cg.datasets.load_sample()
>>> cams = cg.project(sample.cameras)
>>> cams.crs.to_epsg()
32647
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from cctvgeo import settings
from cctvgeo._errors import CctvgeoError, CRSError, InfeasiblePlanError, ValidationError
from cctvgeo._validate import Problem, ValidationReport
from cctvgeo.crs import project

__version__ = "0.1.0.dev0"

# Sub-packages and modules that pull in heavy dependencies are imported on first use,
# so that ``import cctvgeo`` stays fast (DESIGN.md: under 1 s).
_LAZY_MODULES = {
    "coverage",
    "datasets",
    "inventory",
    "maps",
    "planning",
    "report",
    "riskpoints",
    "store",
}
_LAZY_FUNCTIONS = {
    "read_cameras": "inventory",
    "validate_cameras": "inventory",
    "write_cameras": "inventory",
}

__all__ = [
    "CRSError",
    "CctvgeoError",
    "InfeasiblePlanError",
    "Problem",
    "ValidationError",
    "ValidationReport",
    "__version__",
    "coverage",
    "datasets",
    "inventory",
    "maps",
    "planning",
    "project",
    "read_cameras",
    "report",
    "riskpoints",
    "settings",
    "store",
    "validate_cameras",
    "write_cameras",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from cctvgeo import coverage as coverage
    from cctvgeo import datasets as datasets
    from cctvgeo import inventory as inventory
    from cctvgeo import maps as maps
    from cctvgeo import planning as planning
    from cctvgeo import report as report
    from cctvgeo import riskpoints as riskpoints
    from cctvgeo import store as store
    from cctvgeo.inventory import read_cameras, validate_cameras, write_cameras


def __getattr__(name: str) -> Any:
    """Import heavy sub-modules and their functions on first access (PEP 562)."""
    if name in _LAZY_MODULES:
        module = importlib.import_module(f"cctvgeo.{name}")
        globals()[name] = module
        return module
    if name in _LAZY_FUNCTIONS:
        module = importlib.import_module(f"cctvgeo.{_LAZY_FUNCTIONS[name]}")
        value = getattr(module, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'cctvgeo' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
