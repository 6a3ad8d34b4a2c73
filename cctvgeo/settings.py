"""Typed, documented module globals that tune cctvgeo.

Change them at run time, for example ``cg.settings.min_retention_days = 30``.
Every value here is a documented default, not a hidden constant: functions read
these globals when they run, so a change applies to the next call.
"""

from __future__ import annotations

# --- Detail levels (EN 62676-4 "DORI" and its extensions), pixels per metre on the target.
#: Pixel density each detail level needs, in pixels per metre (EN 62676-4:2015, Table/Annex on
#: operational requirements: monitor 12.5, detect 25, observe 62.5, recognise 125, identify 250).
dori_ppm: dict[str, float] = {
    "monitor": 12.5,
    "detect": 25.0,
    "observe": 62.5,
    "recognise": 125.0,
    "identify": 250.0,
}

# --- Camera defaults used where the survey gives no value.
#: Mounting height in metres for a camera with no ``height_m``.
default_height_m: float = 5.0
#: Tilt below the horizontal in degrees for a camera with no ``tilt_deg``.
default_tilt_deg: float = 15.0

# --- Survey validation.
#: Recordings kept for fewer days than this are reported as a warning. Footage is usually
#: requested days after an incident; Ang Thong's education office kept only about 3 days.
min_retention_days: int = 30
#: Latitudes where a surveyed camera is plausible. Used to decide whether a coordinate pair is
#: swapped when both readings are inside the valid range (south of 60 S is Antarctica).
plausible_latitude: tuple[float, float] = (-60.0, 85.0)
#: Two cameras closer than this (metres) with the same heading are reported as a likely duplicate.
duplicate_distance_m: float = 1.0
#: Buddhist-era years are this much larger than common-era years (พ.ศ. = ค.ศ. + 543).
buddhist_era_offset: int = 543

# --- OpenStreetMap tags.
#: How to read OSM ``camera:angle``. The OSM wiki defines it as the tilt from the horizontal, but
#: many mappers use it for the width of view. ``"tilt"`` follows the wiki, ``"hfov"`` reads it as
#: the horizontal field of view and ``"ignore"`` keeps it only as the raw tag column.
osm_camera_angle: str = "tilt"

# --- Fields of view and occlusion (cctvgeo.coverage.fov, cctvgeo.coverage.occlusion).
# See docs/footprints.md for the geometry these settings feed.
#: Horizontal field of view (degrees) used when a camera has neither ``hfov_deg`` nor a lens
#: (``focal_length_mm`` and ``sensor_width_mm``), by ``camera_type``; ``"unknown"`` is used for a
#: missing or unrecognised type. A 2.8-4 mm lens on a 1/2.8" sensor gives roughly 70-100 degrees;
#: a PTZ is read at the wide end of its zoom; an ALPR camera is zoomed onto one or two lanes.
default_hfov_deg: dict[str, float] = {
    "fixed": 80.0,
    "dome": 90.0,
    "ptz": 60.0,
    "alpr": 30.0,
    "panoramic": 360.0,
    "unknown": 80.0,
}
#: Horizontal resolution in pixels for a camera with no ``resolution_px`` (1920 = the common 2 MP).
default_resolution_px: float = 1920.0
#: Image width over height, used to derive the vertical field of view from the horizontal one for
#: rectilinear lenses: ``vfov = 2 atan(tan(hfov / 2) / aspect_ratio)``. 16:9 is the 1080p/4K frame.
aspect_ratio: float = 16.0 / 9.0
#: Vertical field of view (degrees) of panoramic cameras (and any view of 180 degrees or more),
#: for which the rectilinear formula above does not apply.
panoramic_vfov_deg: float = 90.0
#: Largest angle (degrees) between two vertices on a footprint's arc. Outer arcs are inscribed and
#: inner arcs circumscribed, so a footprint never claims ground outside its true annular sector;
#: its area is short by at most ``1 - sin(step)/step`` (0.13 % at 5 degrees).
arc_step_deg: float = 5.0
#: Treat ``camera_type="dome"`` like a PTZ (full ring, or the swept range). Set False when the
#: survey's domes are fixed domes (a Thai "กล้องโดม" usually is; a "speed dome" is a PTZ): they then
#: get a fixed sector like any fixed camera.
dome_is_ptz: bool = True
#: Reach of the ring given to a directional camera whose heading is unknown
#: (``missing_heading="omni"``), as a fraction of its far edge. None (the default) picks the ring
#: whose area equals the sector's, so the expected covered area is unchanged.
omni_reach_factor: float | None = None
#: ``missing_heading="road"`` takes the bearing of the nearest road segment within this distance
#: (metres); a camera farther from every road gets the ``"omni"`` ring and a ``reason``.
heading_road_max_distance_m: float = 30.0
#: Radius (metres) of the sector used to score the two directions along a road when a camera's
#: own far edge is unknown or empty at every requested level.
heading_road_radius_m: float = 30.0
#: A building closer than this (metres) to a camera is taken as the one it is mounted on and does
#: not occlude it (survey coordinates of wall-mounted cameras often fall inside the wall).
occlusion_mount_tolerance_m: float = 1.0
#: Height above the ground (metres) of the target a DEM/DSM viewshed tests for visibility.
#: 0 tests the ground itself, matching the ground footprints.
viewshed_target_height_m: float = 0.0

# --- Coverage of roads, points and routes (cctvgeo.coverage.network, targets, matrix).
#: Camera statuses that count in road, point and route coverage by default: cameras that work.
coverage_statuses: tuple[str, ...] = ("working",)
#: Statuses added by ``as_if_repaired=True``: the picture once the repair plan is done.
#: "unknown" is left out on purpose: a camera nobody has checked is not a repair item.
repairable_statuses: tuple[str, ...] = ("broken", "not_working", "under_repair")
#: Covered or uncovered stretches shorter than this (metres) are floating-point rounding,
#: not coverage; covered stretches closer than this are merged.
coverage_tolerance_m: float = 1e-6
#: Line ends closer than this (metres; points are snapped to a grid of this size) are one
#: node when coverage gaps are merged across segments and lines.
gap_node_tolerance_m: float = 0.01
#: A coverage gap "passes" a risk point when it comes within this many metres of it
#: (about the half-width of a two-lane street plus a pavement).
gap_risk_point_distance_m: float = 30.0
#: On an escape route, covered stretches separated by an uncovered gap no longer than this
#: (metres) are one sighting. 0 means any blind stretch separates two sightings.
route_sighting_gap_m: float = 0.0
