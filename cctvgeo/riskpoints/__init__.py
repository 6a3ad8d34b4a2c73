"""Where cameras are needed: risk points, footage requests, escape routes and demand.

Police knowledge enters the plan as risk points (survey part 2) and escape routes;
footage-access requests are evidence of demand. :func:`demand` turns them and the road
network into one weighted set of demand elements that planning maximises, and
:func:`risk_surface` learns from past incidents where risk points may be missing. See
``docs/riskpoints.md``. This layer may use :mod:`cctvgeo.inventory` and
:mod:`cctvgeo.coverage`, never planning, maps or reports.
"""

from __future__ import annotations

from cctvgeo.riskpoints.elements import DEMAND_COLUMNS, DEMAND_FACTORS, KINDS, demand
from cctvgeo.riskpoints.points import (
    CATEGORIES,
    PRIORITIES,
    RISK_POINT_SCHEMA,
    read_risk_points,
    risk_weight_table,
)
from cctvgeo.riskpoints.requests import (
    OUTCOMES,
    REQUEST_SCHEMA,
    density_raster,
    read_access_requests,
    request_hotspots,
    request_stats,
    unmet_demand,
)
from cctvgeo.riskpoints.risk import RiskSurface, risk_surface
from cctvgeo.riskpoints.routes import default_exits, escape_routes, read_escape_routes

__all__ = [
    "CATEGORIES",
    "DEMAND_COLUMNS",
    "DEMAND_FACTORS",
    "KINDS",
    "OUTCOMES",
    "PRIORITIES",
    "REQUEST_SCHEMA",
    "RISK_POINT_SCHEMA",
    "RiskSurface",
    "default_exits",
    "demand",
    "density_raster",
    "escape_routes",
    "read_access_requests",
    "read_escape_routes",
    "read_risk_points",
    "request_hotspots",
    "request_stats",
    "risk_surface",
    "risk_weight_table",
    "unmet_demand",
]
