"""The national choropleth: the 77 provinces coloured by one figure of the national table.

:func:`national_map` colours the provinces by one figure at a time (:data:`METRICS`:
road coverage, the share of cameras not working, the cameras selected for central linkage,
the planned spend); the layer control switches between them. The polygons and their
figures are placed in the page once, whichever figure colours them. Clicking
a province opens its figures; the labels are Thai by default and English with
``lang="en"``.

The map is built with :mod:`cctvgeo.maps`' machinery, so it works offline (Leaflet inlined,
no tiles unless asked) and its text is safe: province names and problems reach the page
only as escaped JSON and are shown with ``textContent``, never parsed as HTML or as a
template.
"""

from __future__ import annotations

import itertools
import math
from typing import TYPE_CHECKING, Any

import numpy as np

from cctvgeo._i18n import label, text
from cctvgeo.national._bilingual import local

if TYPE_CHECKING:  # pragma: no cover
    import folium
    import geopandas as gpd
    import pandas as pd

__all__ = ["METRICS", "national_map"]

#: The figures a reader can colour the provinces by, with their colour ramps (ColorBrewer
#: YlGn, OrRd, Blues and Purples, light to dark) and whether they are shares (fixed class
#: breaks, in %) or amounts (breaks at the quintiles of the provinces' values).
METRICS: dict[str, tuple[tuple[str, ...], tuple[float, ...] | None]] = {
    "coverage_share": (
        ("#ffffcc", "#c2e699", "#78c679", "#31a354", "#006837"),
        (0.1, 0.2, 0.3, 0.5),
    ),
    "broken_share": (
        ("#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000"),
        (0.1, 0.15, 0.2, 0.3),
    ),
    "n_linkage_selected": (("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"), None),
    "planned_spend_thb": (("#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f"), None),
}
NO_DATA_COLOUR = "#d9d9d9"
#: The figures a province's popup shows, in order: (column, kind).
POPUP_FIELDS: tuple[tuple[str, str], ...] = (
    ("pro_code", "text"),
    ("region", "local"),
    ("status", "word"),
    ("problem", "text"),
    ("n_cameras", "count"),
    ("n_working", "count"),
    ("n_broken", "count"),
    ("broken_share", "share"),
    ("n_unknown_status", "count"),
    ("n_linked", "count"),
    ("n_linkage_selected", "count"),
    ("road_km", "km"),
    ("covered_km", "km"),
    ("coverage_share", "share"),
    ("gap_km", "km"),
    ("n_repair_priorities", "count"),
    ("repair_cost_thb", "count"),
    ("n_requests", "count"),
    ("request_success_share", "share"),
    ("n_request_hotspots", "count"),
    ("budget_thb", "count"),
    ("planned_spend_thb", "count"),
    ("n_planned_sites", "count"),
    ("coverage_share_after", "share"),
    ("approval_level", "local"),
)


def _nice(value: float) -> float:
    """``value`` rounded to two significant digits (class breaks people can read)."""
    if value <= 0 or not math.isfinite(value):
        return 0.0
    digits = 1 - math.floor(math.log10(value))
    return round(value, digits)


def class_breaks(values: pd.Series, fixed: tuple[float, ...] | None) -> tuple[float, ...]:
    """The (at most four) inner breaks of five classes.

    ``fixed`` when given, else the quintiles of ``values`` rounded to two significant
    digits, repeated breaks dropped.

    Examples
    --------
    >>> import pandas as pd
    >>> class_breaks(pd.Series([0.0, 10, 20, 30, 40, 1234]), None)
    (10.0, 20.0, 30.0, 40.0)
    >>> class_breaks(pd.Series([5.0, 5.0]), None)
    (5.0,)
    """
    if fixed is not None:
        return fixed
    finite = values[np.isfinite(values.to_numpy(dtype=float))].to_numpy(dtype=float)
    if not len(finite):
        return ()
    quintiles = np.quantile(finite, [0.2, 0.4, 0.6, 0.8])
    return tuple(sorted({_nice(float(q)) for q in quintiles}))


def _classes(values: pd.Series, breaks: tuple[float, ...]) -> list[str]:
    """Each value's class as text ("0" lightest ...), "_" where it is missing."""
    numbers = values.to_numpy(dtype=float)
    index = np.searchsorted(np.asarray(breaks, dtype=float), numbers, side="right")
    return np.where(np.isfinite(numbers), index.astype(str), "_").tolist()


def _class_labels(breaks: tuple[float, ...], share: bool) -> list[str]:
    """Legend labels of the classes: "< a", "a – b", ..., "≥ z" (shares in %)."""
    shown = [f"{100 * b:g} %" if share else f"{b:,.0f}" for b in breaks]
    if not shown:
        return []
    middle = [f"{a} – {b}" for a, b in itertools.pairwise(shown)]
    return [f"< {shown[0]}", *middle, f"≥ {shown[-1]}"]


def _shown(values: pd.Series, kind: str, lang: str) -> list[Any]:
    """A popup column as text, None where missing.

    Counts and baht with separators, km with one decimal, shares in %, run statuses in
    ``lang``.
    """
    from cctvgeo.maps import format_number, format_share, is_missing

    if kind == "share":
        return [format_share(v) for v in values]
    if kind in {"count", "km"}:
        return [format_number(v, decimals=1 if kind == "km" else 0) for v in values]
    shown = [None if is_missing(v) or str(v) == "" else str(v) for v in values]
    if kind == "word":
        return [label(v, lang, column="status") for v in shown]
    return shown


def _province_frame(table: pd.DataFrame, provinces: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The polygons with the table's figures, one row per polygon, by ``pro_code``.

    A polygon without a row keeps missing figures; a row without a polygon is an error.
    """
    from cctvgeo._errors import CctvgeoError
    from cctvgeo.maps import require_crs

    require_crs(provinces, "provinces")
    codes = table["pro_code"].astype(str)
    unknown = sorted(set(codes) - set(provinces["pro_code"].astype(str)))
    if unknown:
        raise CctvgeoError(
            f"The national table has provinces without a polygon: {', '.join(unknown)}. "
            "Pass the province polygons the roll-up used."
        )
    shapes = provinces[["pro_code", "geometry"]].assign(pro_code=provinces["pro_code"].astype(str))
    figures = table.assign(pro_code=codes)
    return shapes.merge(figures, on="pro_code", how="left", validate="one_to_one")


def national_map(
    table: pd.DataFrame,
    provinces: gpd.GeoDataFrame,
    *,
    lang: str = "th",
    title: str | None = None,
    tiles: str | None = None,
) -> folium.Map:
    """The national choropleth of the provinces' figures, one view per figure.

    Parameters
    ----------
    table : DataFrame
        The national table, ``NationalRollup.provinces``: ``pro_code``, ``name_th``,
        ``name_en``, ``region``, ``region_th``, ``status``, ``problem``, the counts, shares,
        km and baht (NaN where not computed). A failed province shows as "no data" with its
        problem in the popup.
    provinces : GeoDataFrame
        The province polygons with ``pro_code`` (``cctvgeo/sample_data/thailand_provinces.gpkg``
        or the ones the roll-up used), in any CRS.
    lang : {"th", "en"}, default "th"
        Language of the labels; province names follow it (``name_th`` or ``name_en``).
    title : str, optional
        The map's title.
    tiles : str, optional
        A background tile layer (needs internet), e.g. ``"OpenStreetMap"``; none by default.

    Returns
    -------
    folium.Map
        Save it with :func:`cctvgeo.maps.save_map` (atomic, the same bytes for the same
        inputs).
    """
    from cctvgeo.maps import MapBuilder, feature_properties

    builder = MapBuilder(lang)
    frame = _province_frame(table, provinces)
    names = local(frame, "name", lang)
    properties = {"name": _shown(names, "text", lang)}
    properties |= {
        column: _shown(local(frame, column, lang) if kind == "local" else frame[column], kind, lang)
        for column, kind in POPUP_FIELDS
    }
    fields = [[column, text(column, lang)] for column, _ in POPUP_FIELDS]
    views = []
    for metric, (colours, fixed) in METRICS.items():
        breaks = class_breaks(frame[metric], fixed)
        properties[f"_k_{metric}"] = _classes(frame[metric], breaks)
        styles = {str(c): _style(colour) for c, colour in enumerate(colours)}
        labels = _class_labels(breaks, fixed is not None)
        legend = [
            {"label": text, "color": "#636363", "fill": colour, "shape": "area"}
            for text, colour in zip(labels, colours, strict=False)
        ]
        legend.append(
            {
                "label": text("national_no_data", lang),
                "color": "#636363",
                "fill": NO_DATA_COLOUR,
                "shape": "area",
            }
        )
        spec = {
            "key": f"_k_{metric}",
            "styles": {**styles, "_": _style(NO_DATA_COLOUR)},
            "fields": fields,
            "title": "name",
            "tooltip": "name",
        }
        views.append((text(metric, lang), spec, legend))
    builder.add_views(frame, feature_properties(properties, len(frame)), views)
    m = builder.build(
        title=title or text("national_map_title", lang),
        subtitle=_subtitle(table, lang),
        tiles=tiles,
    )
    m.add_child(_legend_follows_layer())
    return m


def _subtitle(table: pd.DataFrame, lang: str) -> str:
    """Cameras and provinces of the table, and how many provinces failed."""
    cameras = float(np.nansum(table["n_cameras"].to_numpy(dtype=float)))
    failed = int((table["status"] == "failed").sum())
    shown = text("national_subtitle", lang, n=cameras, k=len(table))
    if failed:
        shown += f" ({text('national_subtitle_failed', lang, f=failed)})"
    return shown


#: Shows only the legend group of the figure on the map. Constant text: no input reaches it.
_LEGEND_SCRIPT = """
{% macro script(this, kwargs) %}
(function (map) {
  function show(name) {
    var box = document.querySelector(".cg-legend");
    if (!box) { return; }
    var on = true;
    Array.prototype.forEach.call(box.children, function (node) {
      if (node.tagName === "H4") { return; }
      if (node.className !== "cg-row") { on = node.textContent === name; }
      node.style.display = on ? "" : "none";
    });
  }
  map.on("baselayerchange", function (e) { show(e.name); });
  var checked = document.querySelector(".leaflet-control-layers-base input:checked");
  if (checked) { show(checked.parentNode.textContent.trim()); }
})({{ this._parent.get_name() }});
{% endmacro %}
"""


def _legend_follows_layer() -> Any:
    from branca.element import MacroElement
    from jinja2 import Template

    element = MacroElement()
    element._template = Template(_LEGEND_SCRIPT)
    return element


def _style(fill: str) -> dict[str, Any]:
    return {"color": "#525252", "weight": 0.8, "fillColor": fill, "fillOpacity": 0.8}
