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
