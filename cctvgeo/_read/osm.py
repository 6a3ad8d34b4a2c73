"""OpenStreetMap surveillance cameras: ``.osm`` XML files and osmnx feature frames.

OSM tags are translated into the survey's column names, then go through the same
parsing and validation as any survey. Every tag is also kept as an extra column.

Tag mapping (https://wiki.openstreetmap.org/wiki/Key:surveillance):

=====================  =====================================================
OSM tag                cctvgeo column
=====================  =====================================================
``camera:direction``   ``heading_deg`` (degrees, compass letters, or a
                       clockwise range ``a-b`` giving ``sweep_deg``)
``camera:type``        ``camera_type`` (fixed, panning -> ptz, dome)
``surveillance:type``  ``ALPR`` -> ``camera_type`` alpr; ``guard`` and other
                       non-camera types are left out, with a note
``surveillance``       ``owner``: public -> public; outdoor, indoor -> private
``operator``           ``agency``
``height``             ``height_m``
``camera:tilt``        ``tilt_deg``
``camera:angle``       ``tilt_deg`` or ``hfov_deg`` per ``settings.osm_camera_angle``
=====================  =====================================================

OSM records no working status, so ``status`` is ``unknown``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from cctvgeo import settings
from cctvgeo._errors import CctvgeoError
from cctvgeo._read.table import RawTable
from cctvgeo._validate import Note

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: Columns whose presence marks a frame as OSM features.
OSM_MARKERS = frozenset({"man_made", "surveillance", "surveillance:type", "camera:direction"})
_CAMERA_TYPES = {"fixed": "fixed", "panning": "ptz", "dome": "dome", "ptz": "ptz"}
_OWNERS = {"public": "public", "outdoor": "private", "indoor": "private"}
#: Tags whose value moves into a survey column unchanged; the others stay as extra columns.
_TRANSLATED = frozenset(
    {"name", "operator", "camera:direction", "direction", "height", "camera:tilt"}
)


def is_osm(frame: pd.DataFrame) -> bool:
    """Whether a frame's columns are OSM tags."""
    return bool(OSM_MARKERS & set(map(str, frame.columns)))


def read_osm_xml(path: Path) -> RawTable:
    """Read the surveillance nodes of an ``.osm`` XML file, safely (defusedxml).

    Ways and relations tagged as cameras are left out with a note, since a camera is a point.
    """
    import defusedxml.ElementTree as ET  # noqa: N817
    import geopandas as gpd
    import pandas as pd

    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise CctvgeoError(f"{path.name} is not valid OSM XML: {exc}") from None
    except Exception as exc:  # defusedxml raises its own types for entity attacks
        raise CctvgeoError(f"{path.name} was refused as unsafe or unreadable XML: {exc}") from None
    rows, labels, lon, lat, skipped = [], [], [], [], []
    for element in root:
        tags = {t.get("k"): t.get("v") for t in element.iter("tag")}
        if tags.get("man_made") != "surveillance" and "surveillance:type" not in tags:
            continue
        label = f"{element.tag}/{element.get('id')}"
        if element.tag != "node":
            skipped.append(label)
            continue
        rows.append(tags)
        labels.append(label)
        lon.append(float(element.get("lon", "nan")))
        lat.append(float(element.get("lat", "nan")))
    index = pd.Index(labels, name="osm_element")
    frame = pd.DataFrame(rows, index=index, dtype=object)
    geometry = gpd.GeoSeries(gpd.points_from_xy(lon, lat), index=index, crs="EPSG:4326")
    notes = (
        [
            f"{len(skipped)} OSM ways/relations tagged as surveillance were left out: {', '.join(skipped)}."
        ]
        if skipped
        else []
    )
    return RawTable(frame, path.name, geometry=geometry, notes=notes)


def to_survey(table: RawTable) -> RawTable:
    """Translate OSM tags into survey columns; keep every tag; leave out non-cameras with a note."""
    import pandas as pd

    frame = table.frame.copy()
    frame.index = [_label(i) for i in frame.index]
    frame.index.name = "osm_element"
    kind = _tag(frame, "surveillance:type").str.lower()
    is_camera = kind.isna() | kind.isin(["camera", "alpr", "anpr"])
    notes = list(table.notes)
    if (~is_camera).any():
        left_out = ", ".join(f"{i} ({k})" for i, k in kind[~is_camera].items())
        notes.append(Note("osm_not_cameras", n=int((~is_camera).sum()), left_out=left_out))
    frame = frame[is_camera]
    camera_type = _tag(frame, "camera:type").str.lower().map(_CAMERA_TYPES)
    camera_type = camera_type.where(~kind[is_camera].isin(["alpr", "anpr"]), "alpr")
    survey = pd.DataFrame(
        {
            "camera_id": frame.index.astype(str),
            "name": _tag(frame, "name"),
            "agency": _tag(frame, "operator"),
            "owner": _tag(frame, "surveillance").str.lower().map(_OWNERS),
            "camera_type": camera_type,
            "heading_deg": _tag(frame, "camera:direction").fillna(_tag(frame, "direction")),
            "height_m": _tag(frame, "height"),
            "tilt_deg": _tag(frame, "camera:tilt"),
            "status": "unknown",
        },
        index=frame.index,
    )
    angle = _tag(frame, "camera:angle")
    if settings.osm_camera_angle == "tilt":
        survey["tilt_deg"] = survey["tilt_deg"].fillna(angle)
    elif settings.osm_camera_angle == "hfov":
        survey["hfov_deg"] = angle
    elif settings.osm_camera_angle != "ignore":
        raise ValueError(
            f"settings.osm_camera_angle is {settings.osm_camera_angle!r}; use 'tilt', 'hfov' or 'ignore'."
        )
    tags = frame.drop(columns=[c for c in frame.columns if c in survey.columns or c in _TRANSLATED])
    geometry = None if table.geometry is None else table.geometry[is_camera.to_numpy()]
    if geometry is not None:
        geometry.index = frame.index
    return RawTable(pd.concat([survey, tags], axis=1), table.source, geometry=geometry, notes=notes)


def _tag(frame: pd.DataFrame, tag: str) -> pd.Series:
    import pandas as pd

    if tag in frame.columns:
        return frame[tag].astype(object).where(frame[tag].notna(), None).astype("str")
    return pd.Series(None, index=frame.index, dtype="str")


def _label(index_value: object) -> str:
    """``('node', 123)`` from an osmnx MultiIndex becomes ``"node/123"``."""
    if isinstance(index_value, tuple):
        return "/".join(map(str, index_value))
    return str(index_value)
