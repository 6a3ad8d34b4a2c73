"""What cameras see: footprints, occlusion, and coverage of roads, points and routes.

The modules are layered one way: ``dori`` (optics) and ``_headings`` feed ``fov``, which
makes footprint polygons and clips them with ``occlusion``; ``statuses`` (which cameras count), ``network``, ``gaps``,
``targets`` and ``matrix`` measure what those polygons cover, with the engine of
``_measure``.
"""

from __future__ import annotations

__all__: list[str] = []
# Each module adds its public names below, one import line per module:
from cctvgeo.coverage.dori import (
    camera_models,
    dori_reach,
    ground_edges,
    lens_hfov,
    vertical_fov,
)
from cctvgeo.coverage.fov import fields_of_view
from cctvgeo.coverage.gaps import coverage_gaps
from cctvgeo.coverage.matrix import coverage_matrix
from cctvgeo.coverage.network import coverage_summary, road_coverage, road_segments
from cctvgeo.coverage.occlusion import clip_to_viewshed, occlude
from cctvgeo.coverage.statuses import CoverageWarning, counted_cameras
from cctvgeo.coverage.targets import point_coverage, route_coverage

__all__ += ["CoverageWarning", "counted_cameras"]
__all__ += ["coverage_gaps", "coverage_summary", "road_coverage", "road_segments"]
__all__ += ["point_coverage", "route_coverage"]
__all__ += ["coverage_matrix"]

__all__ += [
    "camera_models",
    "clip_to_viewshed",
    "dori_reach",
    "fields_of_view",
    "ground_edges",
    "lens_hfov",
    "occlude",
    "vertical_fov",
]
