"""Folium maps that committees and police open in a browser, online or not.

* :func:`cameras_map`: the surveyed cameras by status, with their fields of view;
* :func:`coverage_map`: the same plus roads seen or not, coverage gaps, risk points,
  hotspots and escape routes with where a fleeing vehicle is first and last seen;
* :func:`plan_map`: all of that plus the proposed sites of an installation plan, numbered
  by rank and coloured by year, each with its reason, cost, approval level and budget source;
* :func:`route_drawing_map`: a road map on which police draw escape routes and export them
  as the GeoJSON that :func:`cctvgeo.riskpoints.read_escape_routes` reads;
* :func:`save_map`: writes a map as one HTML file, atomically and byte for byte the same for
  the same inputs.

**Offline.** Folium loads Leaflet and its plugins from CDNs and the background from a tile
server; neither is reachable from many government offices. cctvgeo maps therefore link no
outside file: Leaflet 1.9.3 is inlined from the ``xstatic-leaflet`` package and there is no
background tiles layer unless ``tiles=`` names one (for example ``"OpenStreetMap"``, which
then needs internet). District boundaries and roads give the reader their bearings.

**Untrusted text.** Names, reasons and agencies come from survey files. The browser code
never reads them as HTML: popups, tooltips and legends set them with ``textContent``, and the
data embedded in the page has ``<``, ``>`` and ``&`` escaped, so ``<img src=x onerror=...>``
shows as text and ``</script>`` cannot end the script.

**Light.** Every layer is converted to EPSG:4326 (maps convert their input themselves,
because a map is output), simplified by :data:`cctvgeo.settings.map_simplify_m` metres and
rounded to :data:`cctvgeo.settings.map_coordinate_decimals` decimals; covered and uncovered
road segments are merged into one line per class.
"""

from __future__ import annotations

import functools
import math
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from cctvgeo import settings
from cctvgeo._errors import CRSError
from cctvgeo._i18n import (
    LANGUAGES,
    budget_lines,
    check_lang,
    label,
    model_name,
    place_name,
    sentence,
    text,
)
from cctvgeo._map_assets import CSS, JS, js_json, leaflet_files

if TYPE_CHECKING:  # pragma: no cover
    import folium
    import geopandas as gpd
    import pandas as pd

__all__ = [
    "LANGUAGES",
    "cameras_map",
    "coverage_map",
    "plan_map",
    "route_drawing_map",
    "save_map",
]

Lang = Literal["th", "en"]

#: Colours of camera statuses (ColorBrewer RdYlGn, with grey for unknown).
STATUS_COLOURS: dict[str, str] = {
    "working": "#1a9641",
    "under_repair": "#fdae61",
    "not_working": "#d7191c",
    "broken": "#a50026",
    "unknown": "#7f7f7f",
}
#: Symbol and colour of a risk point by priority.
PRIORITY_SYMBOLS: dict[str, tuple[str, str]] = {
    "urgent": ("▲", "#b2182b"),
    "high": ("◆", "#ef6548"),
    "normal": ("■", "#f16913"),
    "unknown": ("○", "#636363"),
}
#: Colours of plan years 1, 2, ... (ColorBrewer Set1 without red and green, which mean status).
YEAR_COLOURS: tuple[str, ...] = ("#377eb8", "#984ea3", "#ff7f00", "#a65628", "#f781bf", "#999999")
_ROAD_COLOURS = {"road_full": "#1a9641", "road_part": "#a6d96a", "road_none": "#bdbdbd"}
_GAP_COLOUR = "#fb6a4a"
_GAP_RISK_COLOUR = "#99000d"
_ROUTE_COLOUR = "#6a3d9a"
_HOTSPOT_COLOUR = "#e7298a"
_DISTRICT_COLOUR = "#555555"


#: Popup fields whose label is another key's text (property -> key of cctvgeo._i18n).
_FIELD_TEXT = {
    "site_kind": "kind",
    "site_year": "year",
    "model": "model_name",
    "site_risk_points": "risk_points",
    "site_routes": "routes",
    "linked": "link_status",
}


def _word(value: Any, lang: str) -> Any:
    """A vocabulary value (status, category, ...) in the map's language; other text as is."""
    return None if _missing(value) else label(value, lang)


def _missing(value: Any) -> bool:
    """None, NaN, pd.NA or NaT (lists and other values are not missing)."""
    import pandas as pd

    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, (float, np.floating)) and bool(np.isnan(value))


# --------------------------------------------------------------------------- value formatting


def _fmt_number(value: Any, *, decimals: int = 0, unit: str = "") -> str | None:
    if _missing(value):
        return None
    number = float(value)
    if not math.isfinite(number):
        return None
    text = f"{number:,.{decimals}f}"
    return f"{text} {unit}".rstrip()


def _fmt_share(value: Any) -> str | None:
    if _missing(value):
        return None
    return f"{100.0 * float(value):.1f} %"


def _fmt_linked(value: Any, lang: str) -> str | None:
    if _missing(value):
        return None
    return text("linked" if bool(value) else "not_linked", lang)


def _fmt_list(value: Any, *, limit: int = 12) -> str | None:
    if value is None or isinstance(value, float):
        return None
    if isinstance(value, str):
        return value or None
    items = [str(v) for v in value]
    if not items:
        return None
    shown = ", ".join(items[:limit])
    return shown + (f" … (+{len(items) - limit})" if len(items) > limit else "")


def _plain(value: Any) -> Any:
    """A JSON-ready Python value: numpy scalars unwrapped, missing values as None."""
    if _missing(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


# --------------------------------------------------------------------------- geometry for maps


def _require_crs(gdf: gpd.GeoDataFrame | gpd.GeoSeries, name: str) -> None:
    if gdf.crs is None:
        raise CRSError(
            f"{name} has no CRS, so it cannot be placed on a map. Set the CRS its coordinates "
            f"are in, for example {name} = {name}.set_crs(32647) for UTM 47N metres."
        )


def _geoms_for_map(
    gdf: gpd.GeoDataFrame | gpd.GeoSeries, *, simplify: bool = True
) -> np.ndarray[Any, np.dtype[np.object_]]:
    """Geometries in EPSG:4326, simplified and with rounded coordinates."""
    import shapely

    geoms = gdf.geometry if hasattr(gdf, "geometry") else gdf
    tolerance = settings.map_simplify_m
    if simplify and tolerance > 0:
        if geoms.crs.is_projected:
            geoms = geoms.simplify(tolerance, preserve_topology=True)
        else:  # degrees: a metre is about 1/111,320 of a degree of latitude
            geoms = geoms.simplify(tolerance / 111_320.0, preserve_topology=True)
    if not geoms.crs.equals("EPSG:4326"):
        geoms = geoms.to_crs(4326)
    decimals = settings.map_coordinate_decimals
    arr = shapely.transform(geoms.to_numpy(), lambda xy: np.round(xy, decimals))
    return np.asarray(arr, dtype=object)


def _feature_collection(
    geoms: np.ndarray[Any, np.dtype[np.object_]], properties: Sequence[Mapping[str, Any]]
) -> str:
    """GeoJSON text of the non-empty geometries with their properties, safe in a script."""
    import shapely

    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    texts = shapely.to_geojson(geoms[present])
    props = [p for p, keep in zip(properties, present, strict=True) if keep]
    features = ",".join(
        f'{{"type":"Feature","geometry":{g},"properties":{js_json(p)}}}'
        for g, p in zip(texts, props, strict=True)
    )
    return f'{{"type":"FeatureCollection","features":[{features}]}}'


def _bounds(geoms: np.ndarray[Any, np.dtype[np.object_]]) -> tuple[float, float, float, float]:
    import shapely

    present = geoms[~(shapely.is_missing(geoms) | shapely.is_empty(geoms))]
    if len(present) == 0:
        return (math.nan, math.nan, math.nan, math.nan)
    b = shapely.total_bounds(present)
    return (float(b[0]), float(b[1]), float(b[2]), float(b[3]))


# --------------------------------------------------------------------------- folium classes


@functools.cache
def _folium() -> SimpleNamespace:
    """The folium element classes cctvgeo uses, defined on first use (folium loads lazily).

    branca renders an element's macros and then wraps the resulting text in
    ``Element(text)``, which compiles that text as a Jinja template once more when the page
    is rendered. Text from input files (a camera name such as ``{{ 7*6 }}``) would then be
    run as template code. cctvgeo's elements therefore place their rendered parts as
    :class:`RawText`, which is never parsed: no input text can reach a template source.
    """
    import folium
    from branca.element import Element, MacroElement
    from folium.map import Layer
    from jinja2 import Template

    class RawText(Element):
        """Text placed in the page as it is; unlike branca's ``Element``, never a template."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

        def render(self, **kwargs: Any) -> str:
            return self.text

    class RawMacro(MacroElement):
        """A MacroElement whose rendered header, html and script are placed as raw text."""

        def render(self, **kwargs: Any) -> str:
            figure = self.get_root()
            macros = self._template.module.__dict__
            for part in ("header", "html", "script"):
                macro = macros.get(part)
                if macro is not None:
                    target = getattr(figure, part)
                    target.add_child(RawText(macro(self, kwargs)), name=self.get_name())
            for child in self._children.values():
                child.render(**kwargs)
            return ""  # what branca's MacroElement returns: its parts went into the figure

    class OfflineMap(folium.Map, RawMacro):
        """A folium Map whose page links no outside file (see :mod:`cctvgeo.maps`)."""

        default_js: list[tuple[str, str]] = []  # noqa: RUF012 - folium's own class attribute
        default_css: list[tuple[str, str]] = []  # noqa: RUF012

    class DataLayer(Layer, RawMacro):
        """One GeoJSON overlay drawn by ``cctvgeo.layer`` (styles, markers, safe popups)."""

        _template = Template(
            "{% macro script(this, kwargs) %}"
            "var {{ this.get_name() }} = cctvgeo.layer({{ this.data }}, {{ this.spec }});"
            "{% endmacro %}"
        )

        def __init__(self, data: str, spec: Mapping[str, Any], *, name: str, show: bool) -> None:
            super().__init__(name=name, overlay=True, control=True, show=show)
            self._name = "CctvgeoLayer"
            self.data = data
            self.spec = js_json(spec)

    class Control(RawMacro):
        """A cctvgeo control (legend, title, route drawing) added to the map by script."""

        _template = Template(
            "{% macro script(this, kwargs) %}"
            "var {{ this.get_name() }} = cctvgeo.{{ this.function }}("
            "{{ this._parent.get_name() }}{% for a in this.args %}, {{ a }}{% endfor %});"
            "{% endmacro %}"
        )

        def __init__(self, function: str, *args: str) -> None:
            super().__init__()
            self._name = "CctvgeoControl"
            self.function = function
            self.args = args

    class LayerControl(folium.LayerControl, RawMacro):
        """folium's layer control; the layer names it lists are placed as raw text."""

    def assets() -> Element:
        css, js = leaflet_files()
        return RawText(
            f"<style>{css}</style>\n<script>{js}</script>\n"
            f"<style>{CSS}</style>\n<script>{JS}</script>\n"
        )

    return SimpleNamespace(
        OfflineMap=OfflineMap,
        DataLayer=DataLayer,
        Control=Control,
        LayerControl=LayerControl,
        assets=assets,
    )


class _Builder:
    """Collects layers, legend groups and bounds, then makes the folium Map."""

    def __init__(self, lang: str) -> None:
        check_lang(lang)
        self.lang = lang
        self.layers: list[Any] = []
        self.legend: list[dict[str, Any]] = []
        self.bounds: list[tuple[float, float, float, float]] = []

    def t(self, key: str, **fmt: Any) -> str:
        """The text of ``key`` (:mod:`cctvgeo._i18n`) in the map's language."""
        return text(key, self.lang, **fmt)

    def field(self, key: str) -> str:
        """The label of a popup field: its column's text, capitalised."""
        return sentence(self.t(_FIELD_TEXT.get(key, key)))

    def add(
        self,
        gdf: gpd.GeoDataFrame,
        properties: Sequence[Mapping[str, Any]],
        spec: Mapping[str, Any],
        *,
        name: str,
        legend: Sequence[Mapping[str, Any]] = (),
        show: bool = True,
        simplify: bool = True,
        fit: bool = True,
    ) -> None:
        geoms = _geoms_for_map(gdf, simplify=simplify)
        self.layers.append(
            _folium().DataLayer(_feature_collection(geoms, properties), spec, name=name, show=show)
        )
        if legend:
            self.legend.append({"title": name, "items": list(legend)})
        if fit:
            self.bounds.append(_bounds(geoms))

    def build(self, *, title: str, subtitle: str | None, tiles: str | None) -> folium.Map:
        f = _folium()
        boxes = [b for b in self.bounds if not math.isnan(b[0])]
        if boxes:
            west, south = min(b[0] for b in boxes), min(b[1] for b in boxes)
            east, north = max(b[2] for b in boxes), max(b[3] for b in boxes)
        else:  # nothing to show: Thailand
            west, south, east, north = 97.3, 5.6, 105.7, 20.5
        m = f.OfflineMap(
            location=[(south + north) / 2, (west + east) / 2],
            zoom_start=11,
            tiles=tiles,
            control_scale=True,
            zoomSnap=0.25,
            zoomDelta=0.5,
        )
        m.get_root().header.add_child(f.assets(), name="cctvgeo_assets")
        for layer in self.layers:
            m.add_child(layer)
        m.add_child(f.Control("title", js_json({"title": title, "subtitle": subtitle})))
        if self.legend:
            # top layers first: what is drawn last matters most (proposed sites, risk points)
            groups = self.legend[::-1]
            spec = {"title": self.t("legend"), "groups": groups, "position": "bottomleft"}
            m.add_child(f.Control("legend", js_json(spec)))
        m.add_child(f.LayerControl(collapsed=False, position="topright"))
        # Not folium's fit_bounds: its zoom is animated, and a view set while it runs is lost.
        m.add_child(f.Control("fit", js_json([[south, west], [north, east]])))
        return m


# --------------------------------------------------------------------------- layers


def _column(gdf: pd.DataFrame, name: str) -> list[Any]:
    if name not in gdf.columns:
        return [None] * len(gdf)
    return [_plain(v) for v in gdf[name].tolist()]


def _records(columns: Mapping[str, list[Any]], n: int) -> list[dict[str, Any]]:
    keys = list(columns)
    return [{k: columns[k][i] for k in keys if columns[k][i] is not None} for i in range(n)]


def _fields(keys: Sequence[str], b: _Builder) -> list[list[str]]:
    return [[k, b.field(k)] for k in keys]


def _legend_word(status: str, b: _Builder) -> str:
    """A camera status in the legend: its label, capitalised ("status unknown" for unknown)."""
    word = b.t("legend_status_unknown") if status == "unknown" else label(status, b.lang)
    return sentence(word)


def _status_key(values: list[Any]) -> list[str]:
    return [v if isinstance(v, str) and v in STATUS_COLOURS else "unknown" for v in values]


def _cameras_layer(b: _Builder, cams: gpd.GeoDataFrame) -> None:
    _require_crs(cams, "cameras")
    n = len(cams)
    status = _column(cams, "status")
    cols: dict[str, list[Any]] = {
        "_k": _status_key(status),
        "camera_id": _column(cams, "camera_id"),
        "name": _column(cams, "name"),
        "agency": _column(cams, "agency"),
        "owner": [_word(v, b.lang) for v in _column(cams, "owner")],
        "camera_type": [_word(v, b.lang) for v in _column(cams, "camera_type")],
        "status": [_word(v, b.lang) for v in status],
        "heading_deg": [_fmt_number(v) for v in _column(cams, "heading_deg")],
        "linked": [_fmt_linked(v, b.lang) for v in _column(cams, "linked")],
        "network": _column(cams, "network"),
        "retention_days": [_fmt_number(v) for v in _column(cams, "retention_days")],
        "repair_budget_thb": [_fmt_number(v) for v in _column(cams, "repair_budget_thb")],
        "repair_agency": _column(cams, "repair_agency"),
        "installed": _column(cams, "installed"),
    }
    cols["_tip"] = [
        " ".join(str(x) for x in (i, nm) if x is not None) or None
        for i, nm in zip(cols["camera_id"], cols["name"], strict=True)
    ]
    markers = {
        k: {"radius": 4, "color": "#ffffff", "weight": 1, "fillColor": c, "fillOpacity": 0.95}
        for k, c in STATUS_COLOURS.items()
    }
    spec = {
        "styles": {},
        "markers": markers,
        "fields": _fields([k for k in cols if not k.startswith("_")], b),
        "title": "camera_id",
        "tooltip": "_tip",
    }
    present = set(cols["_k"])
    legend = [
        {"shape": "dot", "color": STATUS_COLOURS[k], "label": _legend_word(k, b)}
        for k in STATUS_COLOURS
        if k in present
    ]
    b.add(cams, _records(cols, n), spec, name=b.t("layer_cameras"), legend=legend, simplify=False)


def _footprints_layer(b: _Builder, fp: gpd.GeoDataFrame, level: str | None) -> None:
    _require_crs(fp, "footprints")
    n = len(fp)
    status = _column(fp, "status")
    levels = {v for v in _column(fp, "level") if v is not None}
    if level is None:
        level = ", ".join(sorted(levels)) if levels else ""
    cols: dict[str, list[Any]] = {
        "_k": _status_key(status),
        "camera_id": _column(fp, "camera_id"),
        "status": [_word(v, b.lang) for v in status],
        "level": [_word(v, b.lang) for v in _column(fp, "level")],
        "far_m": [_fmt_number(v) for v in _column(fp, "far_m")],
    }
    styles = {
        k: {"color": c, "weight": 1, "opacity": 0.8, "fillColor": c, "fillOpacity": 0.25}
        for k, c in STATUS_COLOURS.items()
    }
    spec = {
        "styles": styles,
        "markers": {},
        "fields": _fields(["camera_id", "status", "level", "far_m"], b),
        "title": "camera_id",
    }
    legend = [
        {
            "shape": "area",
            "color": STATUS_COLOURS["working"],
            "fill": "rgba(26,150,65,0.25)",
            "label": b.t("layer_footprints", level=_word(level, b.lang) or level),
        }
    ]
    b.add(
        fp,
        _records(cols, n),
        spec,
        name=b.t("layer_footprints", level=_word(level, b.lang) or level),
        legend=legend,
        fit=False,
    )


def _roads_layer(b: _Builder, cov: gpd.GeoDataFrame) -> None:
    """Road segments merged into one line per class: covered, partly covered, gap."""
    import geopandas as gpd
    import shapely

    _require_crs(cov, "coverage")
    if "covered_share" not in cov.columns:
        raise ValueError(
            "coverage has no 'covered_share' column; pass the result of "
            "cg.coverage.road_coverage(segments, footprints)."
        )
    share = cov["covered_share"].to_numpy(dtype=float)
    classes = np.where(
        share >= settings.map_covered_share,
        "road_full",
        np.where(share > 0, "road_part", "road_none"),
    )
    lengths = cov.geometry.length.to_numpy() if cov.crs.is_projected else None
    keys, geoms, props = [], [], []
    for key in ("road_none", "road_part", "road_full"):
        sel = classes == key
        if not sel.any():
            continue
        merged = shapely.line_merge(shapely.multilinestrings(cov.geometry.to_numpy()[sel]))
        keys.append(key)
        geoms.append(merged)
        km = None if lengths is None else _fmt_number(lengths[sel].sum() / 1000.0, decimals=1)
        props.append(
            {"_k": key, "_tip": f"{b.t(key)}" + (f": {km} {b.t('kilometres')}" if km else "")}
        )
    frame = gpd.GeoDataFrame({"key": keys}, geometry=geoms, crs=cov.crs)
    styles = {
        k: {"color": c, "weight": 3 if k != "road_none" else 2, "opacity": 0.9}
        for k, c in _ROAD_COLOURS.items()
    }
    spec = {"styles": styles, "markers": {}, "tooltip": "_tip"}
    legend = [{"shape": "line", "color": _ROAD_COLOURS[k], "label": b.t(k)} for k in keys[::-1]]
    b.add(frame, props, spec, name=b.t("layer_roads"), legend=legend)


def _gaps_layer(b: _Builder, gaps: gpd.GeoDataFrame) -> None:
    _require_crs(gaps, "gaps")
    near = _column(gaps, "n_risk_points")
    cols: dict[str, list[Any]] = {
        "_k": ["gap_risk" if n else "gap" for n in near],
        "name": [place_name(v, b.lang) for v in _column(gaps, "name")],
        "highway": [_word(v, b.lang) for v in _column(gaps, "highway")],
        "length_m": [_fmt_number(v) for v in _column(gaps, "length_m")],
        "near_risk_points": [_fmt_list(v) for v in _column(gaps, "risk_points")],
    }
    cols["_tip"] = [
        f"{b.t('layer_gaps')}: {length} {b.t('metres')}" if length else None
        for length in cols["length_m"]
    ]
    spec = {
        "styles": {
            "gap": {"color": _GAP_COLOUR, "weight": 2, "opacity": 0.6},
            "gap_risk": {"color": _GAP_RISK_COLOUR, "weight": 5, "opacity": 0.9},
        },
        "markers": {},
        "fields": _fields(["name", "highway", "length_m", "near_risk_points"], b),
        "title": "name",
        "tooltip": "_tip",
    }
    legend = [
        {
            "shape": "line",
            "color": _GAP_RISK_COLOUR,
            "weight": 5,
            "label": sentence(b.t("gap_risk")),
        },
        {"shape": "line", "color": _GAP_COLOUR, "weight": 2, "label": sentence(b.t("gap_other"))},
    ]
    b.add(gaps, _records(cols, len(gaps)), spec, name=b.t("layer_gaps"), legend=legend)


def _risk_points_layer(b: _Builder, rp: gpd.GeoDataFrame) -> None:
    _require_crs(rp, "risk_points")
    priority = _column(rp, "priority")
    keys = [p if isinstance(p, str) and p in PRIORITY_SYMBOLS else "unknown" for p in priority]
    seen = None
    if "n_cameras" in rp.columns:
        seen = [
            _fmt_list(ids) if ids is not None else _fmt_number(n)
            for ids, n in zip(_column(rp, "camera_ids"), _column(rp, "n_cameras"), strict=True)
        ]
    cols: dict[str, list[Any]] = {
        "_k": keys,
        "point_id": _column(rp, "point_id"),
        "name": _column(rp, "name"),
        "category": [_word(v, b.lang) for v in _column(rp, "category")],
        "priority": [_word(v, b.lang) for v in priority],
        "reason": _column(rp, "reason"),
        "nominated_by": _column(rp, "nominated_by"),
        "requested_cameras": [_fmt_number(v) for v in _column(rp, "requested_cameras")],
        "camera_type": [_word(v, b.lang) for v in _column(rp, "camera_type")],
        "budget_thb": [_fmt_number(v) for v in _column(rp, "budget_thb")],
        "budget_source": _column(rp, "budget_source"),
    }
    if seen is not None:
        cols["seen_by"] = [s if s is not None else "-" for s in seen]
    cols["_tip"] = cols["name"]
    markers = {
        k: {"icon": sym, "className": "cg-symbol", "textColor": colour, "size": [18, 18]}
        for k, (sym, colour) in PRIORITY_SYMBOLS.items()
    }
    spec = {
        "styles": {},
        "markers": markers,
        "fields": _fields([k for k in cols if not k.startswith("_")], b),
        "title": "name",
        "tooltip": "_tip",
    }
    present = set(keys)
    legend = [
        {
            "shape": "symbol",
            "symbol": sym,
            "color": colour,
            "label": sentence(label(k, b.lang))
            if k != "unknown"
            else sentence(b.t("legend_not_given")),
        }
        for k, (sym, colour) in PRIORITY_SYMBOLS.items()
        if k in present
    ]
    b.add(
        rp,
        _records(cols, len(rp)),
        spec,
        name=b.t("layer_risk_points"),
        legend=legend,
        simplify=False,
    )


def _hotspots_layer(b: _Builder, hot: gpd.GeoDataFrame) -> None:
    _require_crs(hot, "hotspots")
    count_col = next((c for c in ("n_requests", "count", "n") if c in hot.columns), None)
    cols: dict[str, list[Any]] = {
        "_k": ["hotspot"] * len(hot),
        "name": _column(hot, "name") if "name" in hot.columns else _column(hot, "hotspot_id"),
        "n_requests": [_fmt_number(v) for v in _column(hot, count_col)]
        if count_col
        else [None] * len(hot),
        "n_unmet": [_fmt_number(v) for v in _column(hot, "n_unmet")],
        "weight": [_fmt_number(v, decimals=1) for v in _column(hot, "weight")],
    }
    cols["_tip"] = [f"{b.t('hotspot')}: {n}" if n else b.t("hotspot") for n in cols["n_requests"]]
    spec = {
        "styles": {
            "hotspot": {
                "color": _HOTSPOT_COLOUR,
                "weight": 2,
                "fillColor": _HOTSPOT_COLOUR,
                "fillOpacity": 0.2,
            }
        },
        "markers": {
            "hotspot": {"radius": 8, "color": _HOTSPOT_COLOUR, "weight": 2, "fillOpacity": 0.3}
        },
        "fields": _fields(["name", "n_requests", "n_unmet", "weight"], b),
        "title": "name",
        "tooltip": "_tip",
    }
    legend = [
        {
            "shape": "area",
            "color": _HOTSPOT_COLOUR,
            "fill": "rgba(231,41,138,0.2)",
            "label": b.t("hotspot"),
        }
    ]
    b.add(hot, _records(cols, len(hot)), spec, name=b.t("layer_hotspots"), legend=legend)


def _routes_layer(
    b: _Builder, routes: gpd.GeoDataFrame, footprints: gpd.GeoDataFrame | None
) -> None:
    """Escape routes with the points where a fleeing vehicle is first and last seen."""
    import geopandas as gpd
    import shapely

    from cctvgeo.crs import project

    _require_crs(routes, "routes")
    metric = routes
    if footprints is not None and footprints.crs is not None and footprints.crs.is_projected:
        metric = routes.to_crs(footprints.crs)
    elif not routes.crs.is_projected:
        metric = project(routes)
    if "first_seen_m" not in routes.columns and footprints is not None:
        from cctvgeo.coverage import route_coverage

        metric = route_coverage(metric, footprints)
    n = len(metric)
    first = np.array([np.nan if v is None else float(v) for v in _column(metric, "first_seen_m")])
    last = np.array([np.nan if v is None else float(v) for v in _column(metric, "last_seen_m")])
    lines = metric.geometry.to_numpy()
    cols: dict[str, list[Any]] = {
        "_k": ["route"] * n,
        "route_id": _column(metric, "route_id"),
        "name": [place_name(v, b.lang) for v in _column(metric, "name")],
        "length_km": [
            _fmt_number(v, decimals=1) for v in (metric.geometry.length / 1000.0).tolist()
        ],
        "covered_share": [_fmt_share(v) for v in _column(metric, "covered_share")],
        "first_seen_m": [
            _fmt_number(v)
            if not math.isnan(v)
            else (b.t("never_seen") if "first_seen_m" in metric.columns else None)
            for v in first
        ],
        "last_seen_m": [_fmt_number(v) if not math.isnan(v) else None for v in last],
        "longest_blind_m": [_fmt_number(v) for v in _column(metric, "longest_blind_m")],
        "seen_by": [_fmt_list(v) for v in _column(metric, "camera_ids")],
    }
    cols["_tip"] = [nm or rid for nm, rid in zip(cols["name"], cols["route_id"], strict=True)]
    records = _records(cols, n)
    geoms = list(lines)
    for key, dist in (("first_seen", first), ("last_seen", last)):
        ok = ~np.isnan(dist)
        if not ok.any():
            continue
        points = shapely.line_interpolate_point(lines[ok], dist[ok])
        geoms.extend(points)
        for i, d in zip(np.nonzero(ok)[0], dist[ok], strict=True):
            name = cols["name"][i] or cols["route_id"][i] or ""
            records.append(
                {
                    "_k": key,
                    "_tip": f"{b.t(key)}: {name} ({_fmt_number(d)} {b.t('metres')})",
                    "name": name,
                    "route_id": cols["route_id"][i],
                    key + "_m": _fmt_number(d),
                }
            )
    frame = gpd.GeoDataFrame({"i": range(len(geoms))}, geometry=geoms, crs=metric.crs)
    spec = {
        "styles": {
            "route": {"color": _ROUTE_COLOUR, "weight": 4, "opacity": 0.8, "dashArray": "8 6"}
        },
        "markers": {
            "first_seen": {
                "icon": "▶",
                "className": "cg-seen",
                "color": "#1b7837",
                "size": [18, 18],
            },
            "last_seen": {
                "icon": "■",
                "className": "cg-seen",
                "color": "#762a83",
                "size": [18, 18],
            },
        },
        "fields": _fields(
            [
                "route_id",
                "name",
                "length_km",
                "covered_share",
                "first_seen_m",
                "last_seen_m",
                "longest_blind_m",
                "seen_by",
            ],
            b,
        ),
        "title": "name",
        "tooltip": "_tip",
    }
    legend: list[dict[str, Any]] = [
        {
            "shape": "line",
            "color": _ROUTE_COLOUR,
            "dash": True,
            "label": sentence(b.t("route_line")),
        },
        {"shape": "badge", "symbol": "▶", "color": "#1b7837", "label": b.t("first_seen")},
        {"shape": "badge", "symbol": "■", "color": "#762a83", "label": b.t("last_seen")},
    ]
    b.add(frame, records, spec, name=b.t("layer_routes"), legend=legend)


def _districts_layer(b: _Builder, districts: gpd.GeoDataFrame) -> None:
    _require_crs(districts, "districts")
    name_col = "name_th" if b.lang == "th" else "name_en"
    names = (
        _column(districts, name_col)
        if name_col in districts.columns
        else _column(districts, "name")
    )
    cols: dict[str, list[Any]] = {"_k": ["district"] * len(districts), "_tip": names}
    spec = {
        "styles": {
            "district": {"color": _DISTRICT_COLOUR, "weight": 2, "dashArray": "4 4", "fill": False}
        },
        "markers": {},
        "tooltip": "_tip",
    }
    legend = [
        {
            "shape": "line",
            "color": _DISTRICT_COLOUR,
            "dash": True,
            "weight": 2,
            "label": sentence(b.t("district")),
        }
    ]
    # Boundaries are context: simplified more than the data layers.
    b.add(
        districts, _records(cols, len(districts)), spec, name=b.t("layer_districts"), legend=legend
    )


_KIND_CLASS = {"new": "cg-site", "repair": "cg-site cg-repair", "re-aim": "cg-site cg-reaim"}
_COST_FIELDS = (
    "equipment_thb",
    "installation_thb",
    "pole_thb",
    "network_link_thb",
    "repair_thb",
    "cooperation_thb",
    "maintenance_thb_per_year",
    "electricity_thb_per_year",
    "link_fee_thb_per_year",
)


def _year_colour(year: Any) -> str:
    try:
        return YEAR_COLOURS[(int(year) - 1) % len(YEAR_COLOURS)]
    except (TypeError, ValueError):
        return "#636363"


def _sites_layers(b: _Builder, plan: Any) -> None:
    """Proposed sites numbered by rank, coloured by year; their footprints below them."""
    sites = plan.sites
    _require_crs(sites, "plan.sites")
    n = len(sites)
    th = b.lang == "th"
    years = _column(sites, "year")
    kinds = [k if k in _KIND_CLASS else "new" for k in _column(sites, "kind")]
    keys = [f"{k}|{y}" for k, y in zip(kinds, years, strict=True)]
    horizon = _plan_horizon(plan)
    cols: dict[str, list[Any]] = {
        "_k": keys,
        "rank": _column(sites, "rank"),
        "site_year": years,
        "site_kind": [label(k, b.lang) for k in kinds],
        "site_name": [place_name(v, b.lang) for v in _column(sites, "site_name")],
        "camera_id": _column(sites, "camera_id"),
        "model": [model_name(v, b.lang) for v in _column(sites, "model_name")],
        "direction": [
            _direction(h, d, b.lang)
            for h, d in zip(_column(sites, "heading_deg"), _column(sites, "direction"), strict=True)
        ],
        "reason": _column(sites, "reason_th" if th else "reason"),
        "approval_level": _column(sites, "approval_level_th" if th else "approval_level"),
        "capital_thb": [_fmt_number(v) for v in _column(sites, "capital_thb")],
        "running_thb_per_year": [_fmt_number(v) for v in _column(sites, "running_thb_per_year")],
        "life_cycle_thb": [_fmt_number(v) for v in _column(sites, "life_cycle_thb")],
        "budget_source": [
            budget_lines(v, b.lang).replace("; ", "\n") if isinstance(v, str) else None
            for v in _column(sites, "budget_source")
        ],
        **{f: [_fmt_number(v) or None for v in _column(sites, f)] for f in _COST_FIELDS},
        "site_risk_points": [_semicolons(v) for v in _column(sites, "risk_points")],
        "site_routes": [_semicolons(v) for v in _column(sites, "routes")],
        "new_road_m": [_fmt_number(v) or None for v in _column(sites, "new_road_m")],
    }
    for f in _COST_FIELDS:  # a zero item is not part of this site's cost: leave it out
        cols[f] = [None if v == "0" else v for v in cols[f]]
    cols["_tip"] = [
        f"{r}. {nm}" if nm else f"{r}"
        for r, nm in zip(cols["rank"], cols["site_name"], strict=True)
    ]
    present_years = sorted({int(y) for y in years if y is not None})
    present_kinds = [k for k in _KIND_CLASS if k in set(kinds)]
    markers = {
        f"{k}|{y}": {
            "icon": "",
            "label": "rank",
            "className": _KIND_CLASS[k],
            "color": _year_colour(y),
            "size": [24, 24],
        }
        for k in _KIND_CLASS
        for y in present_years
    }
    labels = {"life_cycle_thb": sentence(b.t("life_cycle_years", n=horizon))}
    fields = [
        [key, labels.get(key, b.field(key))]
        for key in cols
        if not key.startswith("_") and key not in ("rank",)
    ]
    spec = {
        "styles": {},
        "markers": markers,
        "fields": [["rank", b.field("rank")], *fields],
        "title": "_tip",
        "tooltip": "_tip",
        # proposed sites are what a committee clicks: above a risk point or camera at the same spot
        "zIndexOffset": 1000,
    }
    legend: list[dict[str, Any]] = [
        {
            "shape": "badge",
            "symbol": str(y),
            "color": _year_colour(y),
            "label": sentence(b.t("legend_year", year=y)),
        }
        for y in present_years
    ]
    legend += [
        {
            "shape": "symbol",
            "symbol": {"new": "●", "repair": "■", "re-aim": "◌"}[k],
            "color": "#333",
            "label": sentence(label(k, b.lang)),
        }
        for k in present_kinds
    ]
    fp = getattr(plan, "footprints", None)
    if fp is not None and len(fp):
        fp_years = _column(fp, "year")
        fp_cols: dict[str, list[Any]] = {
            "_k": [str(y) for y in fp_years],
            "rank": _column(fp, "rank"),
            "site_year": fp_years,
        }
        styles = {
            str(y): {
                "color": _year_colour(y),
                "weight": 1,
                "fillColor": _year_colour(y),
                "fillOpacity": 0.3,
            }
            for y in present_years
        }
        fp_spec = {
            "styles": styles,
            "markers": {},
            "fields": _fields(["rank", "site_year"], b),
            "title": "rank",
        }
        b.add(fp, _records(fp_cols, len(fp)), fp_spec, name=b.t("layer_site_footprints"), fit=False)
    b.add(sites, _records(cols, n), spec, name=b.t("layer_sites"), legend=legend, simplify=False)


def _direction(heading: Any, compass: Any, lang: str) -> str | None:
    """``182° (south)``; the compass word in Thai for Thai maps."""
    degrees = _fmt_number(heading)
    word = compass if isinstance(compass, str) and compass else None
    word = label(word, lang) if word else None
    if degrees is None:
        return word
    return f"{degrees}°" + (f" ({word})" if word else "")


def _semicolons(value: Any) -> str | None:
    """A list joined with ";" (as plans store it) shown with a space after each ";"."""
    if not isinstance(value, str) or not value.strip():
        return None
    return "; ".join(part.strip() for part in value.split(";") if part.strip())


def _plan_horizon(plan: Any) -> int:
    """Years of running costs in the plan's life-cycle figures."""
    from cctvgeo.planning import CostModel

    sites = plan.sites
    capital = np.asarray(_column(sites, "capital_thb"), dtype=float)
    running = np.asarray(_column(sites, "running_thb_per_year"), dtype=float)
    life = np.asarray(_column(sites, "life_cycle_thb"), dtype=float)
    ok = running > 0
    if ok.any():
        return round(float(np.median((life[ok] - capital[ok]) / running[ok])))
    return int(CostModel.default().horizon_years)


# --------------------------------------------------------------------------- public maps


def _projected_cameras(cams: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    from cctvgeo.crs import project

    _require_crs(cams, "cameras")
    return cams if cams.crs.is_projected else project(cams)


def _footprints_for(
    cams: gpd.GeoDataFrame, level: str, roads: gpd.GeoDataFrame | None
) -> gpd.GeoDataFrame:
    from cctvgeo.coverage import fields_of_view

    metric = _projected_cameras(cams)
    if roads is not None:
        roads = roads.to_crs(metric.crs) if not roads.crs.equals(metric.crs) else roads
        return fields_of_view(metric, level=level, roads=roads, missing_heading="road")
    return fields_of_view(metric, level=level, missing_heading="omni")


def cameras_map(
    cams: gpd.GeoDataFrame,
    *,
    footprints: gpd.GeoDataFrame | None = None,
    districts: gpd.GeoDataFrame | None = None,
    lang: Lang = "th",
    tiles: str | None = None,
    title: str | None = None,
) -> folium.Map:
    """Map the surveyed cameras, coloured by status, for a committee that has no plan yet.

    Parameters
    ----------
    cams : GeoDataFrame
        Cameras as :func:`cctvgeo.read_cameras` returns them, in any CRS.
    footprints : GeoDataFrame, optional
        Their fields of view (:func:`cctvgeo.coverage.fields_of_view`), drawn as a layer.
    districts : GeoDataFrame, optional
        District polygons, drawn as boundaries (``name_th``/``name_en`` or ``name``).
    lang : {"th", "en"}, default "th"
        Language of the labels, legend and popups.
    tiles : str, optional
        A folium background (for example ``"OpenStreetMap"``). None (the default) draws no
        background, so the map works offline.
    title : str, optional
        The title shown on the map.

    Returns
    -------
    folium.Map
        Layers that can be toggled, a legend, and a popup per camera; save it with
        :func:`save_map`.

    Examples
    --------
    >>> import cctvgeo as cg
    >>> sample = cg.datasets.load_sample()
    >>> m = cg.maps.cameras_map(sample.cameras, districts=sample.districts, lang="en")
    >>> sorted(layer.layer_name for layer in m._children.values() if hasattr(layer, "layer_name"))
    ['District boundaries', 'Existing cameras']
    """
    b = _Builder(lang)
    if districts is not None:
        _districts_layer(b, districts)
    if footprints is not None:
        _footprints_layer(b, footprints, None)
    _cameras_layer(b, cams)
    subtitle = b.t("title_cameras_sub", n=len(cams))
    return b.build(title=title or b.t("title_cameras"), subtitle=subtitle, tiles=tiles)


def coverage_map(
    coverage: gpd.GeoDataFrame | None = None,
    *,
    cameras: gpd.GeoDataFrame | None = None,
    footprints: gpd.GeoDataFrame | None = None,
    gaps: gpd.GeoDataFrame | None = None,
    risk_points: gpd.GeoDataFrame | None = None,
    hotspots: gpd.GeoDataFrame | None = None,
    routes: gpd.GeoDataFrame | None = None,
    districts: gpd.GeoDataFrame | None = None,
    level: str = "recognise",
    lang: Lang = "th",
    tiles: str | None = None,
    title: str | None = None,
) -> folium.Map:
    """Map what the cameras see today: roads covered or not, gaps, risk points and routes.

    Every argument is optional; each one given becomes a layer that can be toggled.

    Parameters
    ----------
    coverage : GeoDataFrame, optional
        Road segments with ``covered_share`` (:func:`cctvgeo.coverage.road_coverage`), drawn
        as covered (share at least :data:`cctvgeo.settings.map_covered_share`), partly
        covered, or not covered. When it holds ``covered_intervals`` and ``gaps`` is None,
        the gaps are computed with :func:`cctvgeo.coverage.coverage_gaps`.
    cameras : GeoDataFrame, optional
        Cameras, coloured by status. When ``footprints`` is None their fields of view are
        computed at ``level`` (headings missing in the survey are inferred from ``coverage``
        when given, else drawn as rings).
    footprints : GeoDataFrame, optional
        Fields of view to draw instead of computing them.
    gaps : GeoDataFrame, optional
        :func:`cctvgeo.coverage.coverage_gaps`, with the risk points each gap passes.
    risk_points : GeoDataFrame, optional
        Risk points (:func:`cctvgeo.riskpoints.read_risk_points`), the symbol showing the
        priority; with :func:`cctvgeo.coverage.point_coverage` columns the popup lists the
        cameras that see the point.
    hotspots : GeoDataFrame, optional
        Footage-request hotspots (:func:`cctvgeo.riskpoints.request_hotspots`).
    routes : GeoDataFrame, optional
        Escape routes, drawn in travel order. The first-seen and last-seen points come from
        :func:`cctvgeo.coverage.route_coverage` columns, or are computed with the footprints.
    districts : GeoDataFrame, optional
        District polygons.
    level : str, default "recognise"
        DORI level (EN 62676-4) of computed footprints.
    lang, tiles, title
        As for :func:`cameras_map`.

    Returns
    -------
    folium.Map

    Examples
    --------
    >>> import cctvgeo as cg
    >>> s = cg.datasets.load_sample()
    >>> cams = cg.project(s.cameras)
    >>> fp = cg.coverage.fields_of_view(cams, roads=s.roads)
    >>> cov = cg.coverage.road_coverage(cg.coverage.road_segments(s.roads), fp)
    >>> m = cg.maps.coverage_map(cov, cameras=cams, footprints=fp, routes=s.escape_routes, lang="en")
    >>> [layer.layer_name for layer in m._children.values() if hasattr(layer, "layer_name")]
    ['Roads: covered / gap', 'Coverage gaps', 'Fields of view (recognise)', 'Escape routes', 'Existing cameras']
    """
    b = _Builder(lang)
    footprints = _add_coverage_layers(
        b,
        coverage=coverage,
        cameras=cameras,
        footprints=footprints,
        gaps=gaps,
        risk_points=risk_points,
        hotspots=hotspots,
        routes=routes,
        districts=districts,
        level=level,
    )
    return b.build(
        title=title or b.t("title_coverage"), subtitle=_coverage_subtitle(coverage, b), tiles=tiles
    )


def _coverage_subtitle(coverage: gpd.GeoDataFrame | None, b: _Builder) -> str | None:
    if coverage is None or not coverage.crs.is_projected or "covered_m" not in coverage.columns:
        return None
    total = float(coverage.geometry.length.sum())
    share = float(coverage["covered_m"].sum()) / total if total > 0 else 0.0
    return b.t("title_coverage_sub", km=total / 1000, p=100 * share)


def _add_coverage_layers(
    b: _Builder,
    *,
    coverage: gpd.GeoDataFrame | None,
    cameras: gpd.GeoDataFrame | None,
    footprints: gpd.GeoDataFrame | None,
    gaps: gpd.GeoDataFrame | None,
    risk_points: gpd.GeoDataFrame | None,
    hotspots: gpd.GeoDataFrame | None,
    routes: gpd.GeoDataFrame | None,
    districts: gpd.GeoDataFrame | None,
    level: str,
) -> gpd.GeoDataFrame | None:
    """Add the layers in drawing order (lowest first); return the footprints used."""
    if cameras is not None and footprints is None:
        footprints = _footprints_for(cameras, level, coverage)
    if districts is not None:
        _districts_layer(b, districts)
    if coverage is not None:
        _roads_layer(b, coverage)
        if gaps is None and "covered_intervals" in coverage.columns and coverage.crs.is_projected:
            from cctvgeo.coverage import coverage_gaps

            gaps = coverage_gaps(coverage, risk_points=_to_crs(risk_points, coverage.crs))
    if gaps is not None:
        _gaps_layer(b, gaps)
    if footprints is not None:
        _footprints_layer(b, footprints, level if cameras is not None else None)
    if hotspots is not None:
        _hotspots_layer(b, hotspots)
    if routes is not None:
        _routes_layer(b, routes, footprints)
    if cameras is not None:
        _cameras_layer(b, cameras)
    if risk_points is not None:
        if footprints is not None and "n_cameras" not in risk_points.columns:
            from cctvgeo.coverage import point_coverage

            risk_points = point_coverage(_to_crs(risk_points, footprints.crs), footprints)
        _risk_points_layer(b, risk_points)
    return footprints


def _to_crs(gdf: gpd.GeoDataFrame | None, crs: Any) -> gpd.GeoDataFrame | None:
    if gdf is None:
        return None
    _require_crs(gdf, "risk_points")
    return gdf if gdf.crs.equals(crs) else gdf.to_crs(crs)


def plan_map(
    plan: Any,
    *,
    cameras: gpd.GeoDataFrame | None = None,
    coverage: gpd.GeoDataFrame | None = None,
    risk_points: gpd.GeoDataFrame | None = None,
    hotspots: gpd.GeoDataFrame | None = None,
    routes: gpd.GeoDataFrame | None = None,
    districts: gpd.GeoDataFrame | None = None,
    footprints: gpd.GeoDataFrame | None = None,
    gaps: gpd.GeoDataFrame | None = None,
    level: str | None = None,
    lang: Lang = "th",
    tiles: str | None = None,
    title: str | None = None,
) -> folium.Map:
    """Map an installation plan for the committee: every proposed site with why and what it costs.

    The proposed sites (:attr:`InstallationPlan.sites`) are numbered by rank and coloured by
    plan year; new cameras are round, repairs square, re-aims dashed. Clicking one shows
    the reason it is proposed, the cost item by item (capital, running per year, life
    cycle), the budget source of each item, and who approves it. Their fields of view are
    a layer of their own. Under them, every other argument adds the layer it adds in
    :func:`coverage_map`: existing cameras by status with their fields of view at the
    plan's DORI level, roads covered or not, gaps, risk points by priority, request
    hotspots, escape routes with first- and last-seen points, and district boundaries.

    Parameters
    ----------
    plan : InstallationPlan
        From :func:`cctvgeo.planning.plan`.
    cameras, coverage, risk_points, hotspots, routes, districts, footprints, gaps
        As for :func:`coverage_map`; all optional.
    level : str, optional
        DORI level of the existing cameras' fields of view when they are computed here;
        default :data:`cctvgeo.settings.planning_level`, the level plans are made at.
    lang, tiles, title
        As for :func:`cameras_map`.

    Returns
    -------
    folium.Map

    Examples
    --------
    >>> import cctvgeo as cg
    >>> s = cg.datasets.load_sample()
    >>> segs = cg.coverage.road_segments(s.roads)
    >>> dem = cg.riskpoints.demand(segs, risk_points=s.risk_points)
    >>> cand = cg.planning.candidate_sites(segs, risk_points=s.risk_points, headings=4)
    >>> p = cg.planning.plan(dem, cand, budget=1_000_000, method="greedy")
    >>> m = cg.maps.plan_map(p, risk_points=s.risk_points, lang="en")
    >>> [layer.layer_name for layer in m._children.values() if hasattr(layer, "layer_name")]
    ['Risk points', 'Proposed fields of view', 'Proposed sites']
    """
    from cctvgeo import settings as cfg

    if not hasattr(plan, "sites"):
        raise TypeError("plan must be an InstallationPlan from cctvgeo.planning.plan().")
    b = _Builder(lang)
    _add_coverage_layers(
        b,
        coverage=coverage,
        cameras=cameras,
        footprints=footprints,
        gaps=gaps,
        risk_points=risk_points,
        hotspots=hotspots,
        routes=routes,
        districts=districts,
        level=level or cfg.planning_level,
    )
    _sites_layers(b, plan)
    sites = plan.sites
    total = float(np.nansum(np.asarray(_column(sites, "charged_thb"), dtype=float)))
    subtitle = b.t("title_plan_sub", n=len(sites), b=_fmt_number(total))
    return b.build(title=title or b.t("title_plan"), subtitle=subtitle, tiles=tiles)


def route_drawing_map(
    roads: Any,
    *,
    districts: gpd.GeoDataFrame | None = None,
    snap_pixels: float = 12.0,
    lang: Lang = "th",
    tiles: str | None = None,
    title: str | None = None,
    file_name: str = "escape_routes.geojson",
) -> folium.Map:
    """A road map on which police draw escape routes and export them as GeoJSON.

    The panel at the top right starts a route; each click on the map adds a point, snapped
    to the nearest road vertex within ``snap_pixels`` screen pixels (0 turns snapping off);
    "finish" closes the route with the name typed in the box; "export" downloads every
    finished route as ``file_name``. Draw each route **in travel order**, from the scene
    (the origin) to where the vehicle leaves: the first point is the origin.

    The file is a GeoJSON FeatureCollection (RFC 7946, longitude/latitude in EPSG:4326,
    six decimals) of LineStrings with the properties ``route_id`` (``R01``, ``R02``, ...)
    and ``name``: exactly what :func:`cctvgeo.riskpoints.read_escape_routes` reads.

    Parameters
    ----------
    roads : GeoDataFrame or osmnx MultiDiGraph
        The road lines to draw on and snap to (in any CRS).
    districts : GeoDataFrame, optional
        District polygons, for orientation.
    snap_pixels : float, default 12
        Snapping distance on screen; 0 draws exactly where the user clicks.
    lang, tiles, title
        As for :func:`cameras_map`.
    file_name : str, default "escape_routes.geojson"
        Name of the exported file.

    Returns
    -------
    folium.Map

    Examples
    --------
    >>> import cctvgeo as cg
    >>> m = cg.maps.route_drawing_map(cg.datasets.load_sample().roads, lang="en")
    >>> "cctvgeo.drawRoutes" in m.get_root().render()
    True
    """
    import geopandas as gpd

    lines = _road_lines(roads)
    b = _Builder(lang)
    if districts is not None:
        _districts_layer(b, districts)
    names = _column(lines, "name")
    cols = {"_k": ["road"] * len(lines), "_tip": names}
    spec = {
        "styles": {"road": {"color": "#525252", "weight": 3, "opacity": 0.8}},
        "markers": {},
        "tooltip": "_tip",
    }
    b.add(lines, _records(cols, len(lines)), spec, name=b.t("layer_draw_roads"))
    m = b.build(title=title or b.t("title_draw"), subtitle=None, tiles=tiles)
    roads_layer = b.layers[-1]
    text = {
        "title": b.t("title_draw"),
        "name": b.t("draw_name"),
        "start": b.t("draw_start"),
        "undo": b.t("draw_undo"),
        "finish": b.t("draw_finish"),
        "exportLabel": b.t("draw_export"),
        "routes": b.t("draw_routes"),
        "drawing": b.t("draw_drawing"),
        "tooShort": b.t("draw_too_short"),
        "route": b.t("draw_route"),
    }
    spec_draw = {
        "text": text,
        "snapPixels": float(snap_pixels),
        "fileName": file_name,
        "idPrefix": "R",
        "drawColor": "#d7301f",
        "routeColor": _ROUTE_COLOUR,
    }
    m.add_child(_folium().Control("drawRoutes", roads_layer.get_name(), js_json(spec_draw)))
    del gpd
    return m


def _road_lines(roads: Any) -> gpd.GeoDataFrame:
    """Road lines from a graph or GeoDataFrame, each two-way street once."""
    from cctvgeo._roads import road_edges

    roads = road_edges(roads, projected=False)
    _require_crs(roads, "roads")
    cols = [c for c in ("name", "highway") if c in roads.columns]
    return roads[[*cols, roads.geometry.name]].reset_index(drop=True)


def save_map(m: folium.Map, path: str | os.PathLike[str]) -> Path:
    """Write a map as one HTML file, atomically; the same map gives the same bytes.

    Folium names every element with a random id; these are replaced by sequential ids in
    the order they appear, so two runs on the same inputs write identical files.

    Parameters
    ----------
    m : folium.Map
        A map from this module (or any folium map).
    path : str or PathLike
        The ``.html`` file to write.

    Returns
    -------
    Path
        ``path``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import cctvgeo as cg
    >>> s = cg.datasets.load_sample()
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> a = cg.maps.save_map(cg.maps.cameras_map(s.cameras), out / "a.html").read_bytes()
    >>> b = cg.maps.save_map(cg.maps.cameras_map(s.cameras), out / "b.html").read_bytes()
    >>> a == b and b"cdn." not in a
    True
    """
    from cctvgeo._write import atomic_path

    page = _stable_html(m)
    path = Path(path)
    with atomic_path(path) as tmp:
        tmp.write_text(page, encoding="utf-8")
    return path


def _stable_html(m: folium.Map) -> str:
    root = m.get_root()
    page: str = root.render()
    ids: list[str] = []

    def walk(element: Any) -> None:
        ids.append(element._id)
        for child in element._children.values():
            walk(child)

    walk(root)
    known = set(ids)
    order: dict[str, str] = {}
    for match in re.finditer(r"[0-9a-f]{32}", page):
        token = match.group(0)
        if token in known and token not in order:
            order[token] = f"{len(order):04d}"
    if not order:
        return page
    pattern = re.compile("|".join(map(re.escape, order)))
    return pattern.sub(lambda mm: order[mm.group(0)], page)
