"""The map builder: layers, legend and bounds collected, then one offline folium Map.

Also the value formatting of popups and the folium element classes that place rendered
text as raw text (no input text reaches a template source).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import numpy as np

from cctvgeo import settings
from cctvgeo._errors import CRSError
from cctvgeo._i18n import (
    check_lang,
    label,
    sentence,
    text,
)
from cctvgeo.maps._assets import cctvgeo_files, js_json, leaflet_files

if TYPE_CHECKING:  # pragma: no cover
    import folium
    import geopandas as gpd
    import pandas as pd

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
    return None if is_missing(value) else label(value, lang)


def is_missing(value: Any) -> bool:
    """None, NaN, pd.NA or NaT (lists and other values are not missing)."""
    import pandas as pd

    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, (float, np.floating)) and bool(np.isnan(value))


# --------------------------------------------------------------------------- value formatting


def format_number(value: Any, *, decimals: int = 0, unit: str = "") -> str | None:
    if is_missing(value):
        return None
    number = float(value)
    if not math.isfinite(number):
        return None
    text = f"{number:,.{decimals}f}"
    return f"{text} {unit}".rstrip()


def format_share(value: Any) -> str | None:
    if is_missing(value):
        return None
    return f"{100.0 * float(value):.1f} %"


def _fmt_linked(value: Any, lang: str) -> str | None:
    if is_missing(value):
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
    if is_missing(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


# --------------------------------------------------------------------------- geometry for maps


def require_crs(gdf: gpd.GeoDataFrame | gpd.GeoSeries, name: str) -> None:
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

    class Data(RawMacro):
        """Features placed once in the page as a script variable, for several layers."""

        _template = Template(
            "{% macro script(this, kwargs) %}"
            "var {{ this.get_name() }} = {{ this.data }};"
            "{% endmacro %}"
        )

        def __init__(self, data: str) -> None:
            super().__init__()
            self._name = "CctvgeoData"
            self.data = data

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
        (css, js), (own_css, own_js) = leaflet_files(), cctvgeo_files()
        return RawText(
            f"<style>{css}</style>\n<script>{js}</script>\n"
            f"<style>{own_css}</style>\n<script>{own_js}</script>\n"
        )

    return SimpleNamespace(
        OfflineMap=OfflineMap,
        Data=Data,
        DataLayer=DataLayer,
        Control=Control,
        LayerControl=LayerControl,
        assets=assets,
    )


class MapBuilder:
    """Collects layers, legend groups and bounds, then makes the folium Map."""

    def __init__(self, lang: str) -> None:
        check_lang(lang)
        self.lang = lang
        self.data: list[Any] = []
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

    def add_views(
        self,
        gdf: gpd.GeoDataFrame,
        properties: Sequence[Mapping[str, Any]],
        views: Sequence[tuple[str, Mapping[str, Any], Sequence[Mapping[str, Any]]]],
        *,
        simplify: bool = True,
    ) -> None:
        """Add several views of the same features, one at a time on the map (radio buttons).

        The features are placed in the page once, however many views draw them.

        Parameters
        ----------
        gdf : GeoDataFrame
            The features.
        properties : sequence of mapping
            One mapping per row: what the popups show, and each view's style key.
        views : sequence of (name, spec, legend)
            Each view's name in the layer control, its spec (as for :meth:`add`; ``key``
            names the property its ``styles`` are keyed on, default ``_k``) and its legend
            items. The first view shows when the map opens.
        simplify : bool, default True
            Simplify the geometries to what the map shows.
        """
        geoms = _geoms_for_map(gdf, simplify=simplify)
        f = _folium()
        data = f.Data(_feature_collection(geoms, properties))
        self.data.append(data)
        for i, (name, spec, legend) in enumerate(views):
            layer = f.DataLayer(data.get_name(), spec, name=name, show=i == 0)
            layer.overlay = False  # one view at a time: a base layer
            self.layers.append(layer)
            if legend:
                self.legend.append({"title": name, "items": list(legend)})
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
            control_scale=False,  # cctvgeo.scale: metres only, as Thai maps measure
            zoomSnap=0.25,
            zoomDelta=0.5,
        )
        m.get_root().header.add_child(f.assets(), name="cctvgeo_assets")
        m.add_child(f.Control("scale"))
        for element in self.data:  # before the layers that draw it
            m.add_child(element)
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


def feature_properties(columns: Mapping[str, list[Any]], n: int) -> list[dict[str, Any]]:
    keys = list(columns)
    return [{k: columns[k][i] for k in keys if columns[k][i] is not None} for i in range(n)]


def _fields(keys: Sequence[str], b: MapBuilder) -> list[list[str]]:
    return [[k, b.field(k)] for k in keys]
