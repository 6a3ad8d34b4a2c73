"""The layers of cctvgeo maps, each added to a :class:`~cctvgeo.maps._builder.MapBuilder`.

Cameras, fields of view, roads covered or not, gaps, risk points, request hotspots, escape
routes with first- and last-seen points, district boundaries and a plan's proposed sites.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from cctvgeo import settings
from cctvgeo._i18n import (
    budget_lines,
    label,
    model_name,
    place_name,
    sentence,
)
from cctvgeo.maps._builder import (
    _DISTRICT_COLOUR,
    _GAP_COLOUR,
    _GAP_RISK_COLOUR,
    _HOTSPOT_COLOUR,
    _ROAD_COLOURS,
    _ROUTE_COLOUR,
    PRIORITY_SYMBOLS,
    STATUS_COLOURS,
    YEAR_COLOURS,
    MapBuilder,
    _column,
    _fields,
    _fmt_linked,
    _fmt_list,
    _word,
    feature_properties,
    format_number,
    format_share,
    require_crs,
)

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd


def _legend_word(status: str, b: MapBuilder) -> str:
    """A camera status in the legend: its label, capitalised ("status unknown" for unknown)."""
    word = b.t("legend_status_unknown") if status == "unknown" else label(status, b.lang)
    return sentence(word)


def _status_key(values: list[Any]) -> list[str]:
    return [v if isinstance(v, str) and v in STATUS_COLOURS else "unknown" for v in values]


def _cameras_layer(b: MapBuilder, cams: gpd.GeoDataFrame) -> None:
    require_crs(cams, "cameras")
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
        "heading_deg": [format_number(v) for v in _column(cams, "heading_deg")],
        "linked": [_fmt_linked(v, b.lang) for v in _column(cams, "linked")],
        "network": _column(cams, "network"),
        "retention_days": [format_number(v) for v in _column(cams, "retention_days")],
        "repair_budget_thb": [format_number(v) for v in _column(cams, "repair_budget_thb")],
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
    b.add(
        cams,
        feature_properties(cols, n),
        spec,
        name=b.t("layer_cameras"),
        legend=legend,
        simplify=False,
    )


def _footprints_layer(b: MapBuilder, fp: gpd.GeoDataFrame, level: str | None) -> None:
    require_crs(fp, "footprints")
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
        "far_m": [format_number(v) for v in _column(fp, "far_m")],
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
        feature_properties(cols, n),
        spec,
        name=b.t("layer_footprints", level=_word(level, b.lang) or level),
        legend=legend,
        fit=False,
    )


def _roads_layer(b: MapBuilder, cov: gpd.GeoDataFrame) -> None:
    """Road segments merged into one line per class: covered, partly covered, gap."""
    import geopandas as gpd
    import shapely

    require_crs(cov, "coverage")
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
        km = None if lengths is None else format_number(lengths[sel].sum() / 1000.0, decimals=1)
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


def _gaps_layer(b: MapBuilder, gaps: gpd.GeoDataFrame) -> None:
    require_crs(gaps, "gaps")
    near = _column(gaps, "n_risk_points")
    cols: dict[str, list[Any]] = {
        "_k": ["gap_risk" if n else "gap" for n in near],
        "name": [place_name(v, b.lang) for v in _column(gaps, "name")],
        "highway": [_word(v, b.lang) for v in _column(gaps, "highway")],
        "length_m": [format_number(v) for v in _column(gaps, "length_m")],
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
    b.add(gaps, feature_properties(cols, len(gaps)), spec, name=b.t("layer_gaps"), legend=legend)


def _risk_points_layer(b: MapBuilder, rp: gpd.GeoDataFrame) -> None:
    require_crs(rp, "risk_points")
    priority = _column(rp, "priority")
    keys = [p if isinstance(p, str) and p in PRIORITY_SYMBOLS else "unknown" for p in priority]
    seen = None
    if "n_cameras" in rp.columns:
        seen = [
            _fmt_list(ids) if ids is not None else format_number(n)
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
        "requested_cameras": [format_number(v) for v in _column(rp, "requested_cameras")],
        "camera_type": [_word(v, b.lang) for v in _column(rp, "camera_type")],
        "budget_thb": [format_number(v) for v in _column(rp, "budget_thb")],
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
        feature_properties(cols, len(rp)),
        spec,
        name=b.t("layer_risk_points"),
        legend=legend,
        simplify=False,
    )


def _hotspots_layer(b: MapBuilder, hot: gpd.GeoDataFrame) -> None:
    require_crs(hot, "hotspots")
    count_col = next((c for c in ("n_requests", "count", "n") if c in hot.columns), None)
    cols: dict[str, list[Any]] = {
        "_k": ["hotspot"] * len(hot),
        "name": _column(hot, "name") if "name" in hot.columns else _column(hot, "hotspot_id"),
        "n_requests": [format_number(v) for v in _column(hot, count_col)]
        if count_col
        else [None] * len(hot),
        "n_unmet": [format_number(v) for v in _column(hot, "n_unmet")],
        "weight": [format_number(v, decimals=1) for v in _column(hot, "weight")],
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
    b.add(hot, feature_properties(cols, len(hot)), spec, name=b.t("layer_hotspots"), legend=legend)


def _routes_layer(
    b: MapBuilder, routes: gpd.GeoDataFrame, footprints: gpd.GeoDataFrame | None
) -> None:
    """Escape routes with the points where a fleeing vehicle is first and last seen."""
    import geopandas as gpd
    import shapely

    from cctvgeo.crs import project

    require_crs(routes, "routes")
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
            format_number(v, decimals=1) for v in (metric.geometry.length / 1000.0).tolist()
        ],
        "covered_share": [format_share(v) for v in _column(metric, "covered_share")],
        "first_seen_m": [
            format_number(v)
            if not math.isnan(v)
            else (b.t("never_seen") if "first_seen_m" in metric.columns else None)
            for v in first
        ],
        "last_seen_m": [format_number(v) if not math.isnan(v) else None for v in last],
        "longest_blind_m": [format_number(v) for v in _column(metric, "longest_blind_m")],
        "seen_by": [_fmt_list(v) for v in _column(metric, "camera_ids")],
    }
    cols["_tip"] = [nm or rid for nm, rid in zip(cols["name"], cols["route_id"], strict=True)]
    records = feature_properties(cols, n)
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
                    "_tip": f"{b.t(key)}: {name} ({format_number(d)} {b.t('metres')})",
                    "name": name,
                    "route_id": cols["route_id"][i],
                    key + "_m": format_number(d),
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


def _districts_layer(b: MapBuilder, districts: gpd.GeoDataFrame) -> None:
    require_crs(districts, "districts")
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
        districts,
        feature_properties(cols, len(districts)),
        spec,
        name=b.t("layer_districts"),
        legend=legend,
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


def _sites_layers(b: MapBuilder, plan: Any) -> None:
    """Proposed sites numbered by rank, coloured by year; their footprints below them."""
    sites = plan.sites
    require_crs(sites, "plan.sites")
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
        "capital_thb": [format_number(v) for v in _column(sites, "capital_thb")],
        "running_thb_per_year": [format_number(v) for v in _column(sites, "running_thb_per_year")],
        "life_cycle_thb": [format_number(v) for v in _column(sites, "life_cycle_thb")],
        "budget_source": [
            budget_lines(v, b.lang).replace("; ", "\n") if isinstance(v, str) else None
            for v in _column(sites, "budget_source")
        ],
        **{f: [format_number(v) or None for v in _column(sites, f)] for f in _COST_FIELDS},
        "site_risk_points": [_semicolons(v) for v in _column(sites, "risk_points")],
        "site_routes": [_semicolons(v) for v in _column(sites, "routes")],
        "new_road_m": [format_number(v) or None for v in _column(sites, "new_road_m")],
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
        b.add(
            fp,
            feature_properties(fp_cols, len(fp)),
            fp_spec,
            name=b.t("layer_site_footprints"),
            fit=False,
        )
    b.add(
        sites,
        feature_properties(cols, n),
        spec,
        name=b.t("layer_sites"),
        legend=legend,
        simplify=False,
    )


def _direction(heading: Any, compass: Any, lang: str) -> str | None:
    """``182° (south)``; the compass word in Thai for Thai maps."""
    degrees = format_number(heading)
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


def _road_lines(roads: Any) -> gpd.GeoDataFrame:
    """Road lines from a graph or GeoDataFrame, each two-way street once."""
    from cctvgeo._roads import road_edges

    roads = road_edges(roads, projected=False)
    require_crs(roads, "roads")
    cols = [c for c in ("name", "highway") if c in roads.columns]
    return roads[[*cols, roads.geometry.name]].reset_index(drop=True)
