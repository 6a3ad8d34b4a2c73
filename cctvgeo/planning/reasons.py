"""A plan in words, Thai or English: the reasons of its sites and its tables as shown.

A reason says what the site is (a new camera, a repair, a re-aim, a link to the central
system), where it is and which way it faces, then what it adds: the risk points it covers
first (with their priority), a second camera on points that need backup, the escape routes
it watches, the road it sees that no camera saw (the three longest roads by name, and the
part in footage-request hotspots) and, for a re-aim, what the camera gives up. The facts
are found once; :func:`~cctvgeo._i18n.text` words them in each language.

:func:`plan_sheets` gives the plan's tables as a workbook shows them: Thai sheets say
everything in Thai (headers, kinds, compass points, summary rows, the optimiser's method
and status, budget lines), English sheets keep the column names and values.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import shapely

from cctvgeo._i18n import (
    LANGUAGES,
    budget_lines,
    check_lang,
    label,
    model_name,
    place_name,
    text,
)

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    from numpy.typing import NDArray

__all__ = ["COMPASS", "DemandText", "column_values", "compass", "plan_sheets"]

#: The eight compass points of a heading, clockwise from north (vocabulary keys).
COMPASS = (
    "north",
    "north-east",
    "east",
    "south-east",
    "south",
    "south-west",
    "west",
    "north-west",
)
_LIST_MAX = 4  # names listed in a reason before "and N more"
_PROVED = 1e-9  # a certified gap this small is a proof of optimality (as the optimiser says)


def compass(heading: float) -> str:
    """The compass point of a heading in degrees clockwise from north ("" if not finite).

    Examples
    --------
    >>> compass(100.0), compass(350.0), compass(float("nan"))
    ('east', 'north', '')
    """
    if not math.isfinite(heading):
        return ""
    return COMPASS[int(((heading % 360.0) + 22.5) // 45.0) % 8]


def column_values(frame: pd.DataFrame, name: str, default: Any = None) -> NDArray[Any]:
    """A column as an object array, missing values (and a missing column) as ``default``."""
    if name not in frame.columns:
        return np.full(len(frame), default, dtype=object)
    return frame[name].astype("object").where(frame[name].notna(), default).to_numpy()


def _joined(notes: Sequence[dict[str, Any]], key: str, dtype: type) -> NDArray[Any]:
    """The ``key`` arrays of all notes, one after another."""
    return np.concatenate([np.zeros(0, dtype=dtype), *(np.asarray(n[key], dtype) for n in notes)])


def _sums(
    pick: NDArray[np.intp], values: NDArray[np.float64], mask: NDArray[np.bool_], n: int
) -> NDArray[np.float64]:
    """Per pick (of ``n``), the sum of its ``values`` where ``mask``.

    Each pick's values are added by ``ndarray.sum`` on its slice, so the sums are those of
    the pick alone to the last bit (``np.add.reduceat`` adds in another order).
    """
    chosen = values[mask]
    ends = np.cumsum(np.bincount(pick[mask], minlength=n))
    starts = ends - np.bincount(pick[mask], minlength=n)
    return np.array([chosen[a:b].sum() for a, b in zip(starts, ends, strict=True)], dtype=float)


def _kahan_sums(
    group: NDArray[np.intp], values: NDArray[np.float64], n: int
) -> NDArray[np.float64]:
    """Per group (of ``n``), the compensated (Kahan) sum of its ``values`` in order.

    The values are added one rank within their group at a time, all groups together, with
    the compensation of pandas' group-by sum, so the sums are bit for bit the same.
    """
    by_group = np.argsort(group, kind="stable")
    rank = np.empty(group.size, dtype=np.intp)
    rank[by_group] = np.arange(group.size) - np.searchsorted(group[by_group], group[by_group])
    by_rank = np.argsort(rank, kind="stable")
    bounds = np.cumsum(np.bincount(rank, minlength=1))
    total, comp = np.zeros(n), np.zeros(n)
    for at in np.split(by_rank, bounds[:-1]):
        g = group[at]
        y = values[at] - comp[g]
        t = total[g] + y
        c = t - total[g] - y
        comp[g] = np.where(np.isnan(c), 0.0, c)
        total[g] = t
    return total


def _listing(names: Sequence[str], lang: str) -> str:
    if len(names) <= _LIST_MAX:
        return ", ".join(names)
    shown = ", ".join(names[:_LIST_MAX])
    return text("reason_more", lang, names=shown, n=len(names) - _LIST_MAX)


class DemandText:
    """Names of demand elements, and the reasons of the sites that cover them.

    Parameters
    ----------
    demand : GeoDataFrame
        The plan's demand elements (``kind``, and optionally ``name``, ``demand_id``,
        ``priority``, ``highway``, ``length_m``, ``hotspot_boost``).
    """

    def __init__(self, demand: gpd.GeoDataFrame) -> None:
        self.kind = demand["kind"].astype("str").to_numpy()
        names = np.array([str(v) if v else "" for v in column_values(demand, "name", "")])
        ids = column_values(demand, "demand_id", "")
        self.name = np.where(names == "", ids, names).astype(object)
        self.priority = column_values(demand, "priority")
        self.highway = column_values(demand, "highway")
        length = (
            pd.to_numeric(demand["length_m"], errors="coerce").to_numpy(dtype=np.float64)
            if "length_m" in demand.columns
            else np.full(len(demand), np.nan)
        )
        self.length = np.where(
            np.isfinite(length),
            length,
            shapely.length(np.asarray(demand.geometry.array, dtype=object)),
        )
        self.hotspot = (
            pd.to_numeric(demand["hotspot_boost"], errors="coerce").fillna(1.0).to_numpy() > 1.0
            if "hotspot_boost" in demand.columns
            else np.zeros(len(demand), dtype=bool)
        )

    def reason(self, row: pd.Series, note: dict[str, Any]) -> dict[str, Any]:
        """The reason of one pick, from its row and the optimiser's note on it.

        Parameters
        ----------
        row : Series
            The candidate (``kind``, ``site_name``, ``heading_deg``, ``camera_id``, ...).
        note : dict
            From :meth:`cctvgeo.planning.BudgetedCoverage.explain`: ``columns``, ``gain``,
            ``m1_before`` and ``m1_after`` of the demand elements the pick changes.

        Returns
        -------
        dict
            ``en`` and ``th`` (the reason), ``road_m`` (metres of road newly seen),
            ``points`` and ``routes`` (names of the risk points and routes it adds, joined
            by ";").
        """
        return dict(self.reasons(row.to_frame().T, [note]).iloc[0])

    def reasons(self, rows: pd.DataFrame, notes: Sequence[dict[str, Any]]) -> pd.DataFrame:
        """The reasons of many picks at once: row ``k`` of ``rows`` with ``notes[k]``.

        The facts of all picks are found together on the concatenated notes; only the
        wording is done pick by pick.

        Parameters
        ----------
        rows : DataFrame
            The candidates, as for :meth:`reason`.
        notes : sequence of dict
            One note per row, as for :meth:`reason`.

        Returns
        -------
        DataFrame
            On the index of ``rows``: ``en``, ``th``, ``road_m``, ``points``, ``routes``
            (the values :meth:`reason` gives for each row).
        """
        facts = self._facts(notes)
        records = rows.to_dict("records")
        heading = (
            pd.to_numeric(rows["heading_deg"], errors="coerce").to_numpy(
                dtype=np.float64, na_value=np.nan
            )
            if "heading_deg" in rows.columns
            else np.full(len(rows), np.nan)
        )
        out = {
            lang: [
                self._words(record, h, fact, lang)
                for record, h, fact in zip(
                    records, heading, self._per_pick(facts, lang), strict=True
                )
            ]
            for lang in LANGUAGES
        }
        return pd.DataFrame(
            {
                "en": out["en"],
                "th": out["th"],
                "road_m": facts["road_m"],
                "points": [";".join(str(self.name[j]) for j in c) for c in facts["points"]],
                "routes": [";".join(str(self.name[j]) for j in c) for c in facts["routes"]],
            },
            index=rows.index,
        )

    def _facts(self, notes: Sequence[dict[str, Any]]) -> dict[str, Any]:
        """What each pick adds and gives up, language-free, for all picks at once.

        Per pick: the columns of the risk points it covers first (``points``), of those it
        backs up (``backup``), of the routes it starts to watch (``routes``), of the points
        it gives up (``lost``); the metres of road it newly sees (``road_m``), of those in
        hotspots (``hot_m``) and of road it gives up (``lost_m``); and the road metres by
        element (``roads``: ``pick``, ``j``, ``m``, in note order).
        """
        n = len(notes)
        pick = np.repeat(np.arange(n), [len(note["columns"]) for note in notes])
        cols = _joined(notes, "columns", np.intp)
        gain, before, after = (
            _joined(notes, key, np.float64) for key in ("gain", "m1_before", "m1_after")
        )
        k = self.kind[cols]
        up, down = gain > 0, gain < 0
        first = up & (before == 0) & (after > 0)
        seg = up & (k == "segment")
        metres = (after - before) * self.length[cols]

        def split(mask: NDArray[np.bool_]) -> list[NDArray[np.intp]]:
            return np.split(cols[mask], np.cumsum(np.bincount(pick[mask], minlength=n))[:-1])[:n]

        return {
            "points": split(up & (k == "point") & first),
            "backup": split(up & (k == "point") & ~first),
            "routes": split(up & (k == "route") & (before == 0)),
            "lost": split(down & (k == "point")),
            "road_m": _sums(pick, metres, seg & (metres > 0), n),
            "hot_m": _sums(pick, metres, seg & self.hotspot[cols], n),
            "lost_m": -_sums(pick, metres, down & (k == "segment") & (metres < 0), n),
            "roads": (pick[seg], cols[seg], metres[seg]),
        }

    def _per_pick(self, facts: dict[str, Any], lang: str) -> list[dict[str, Any]]:
        """The facts of each pick, with its roads as shown in ``lang`` (``top_roads``)."""
        pick, cols, metres = facts["roads"]
        top = self._top_roads(pick, cols, metres, len(facts["road_m"]), lang)
        keys = ("points", "backup", "routes", "lost", "road_m", "hot_m", "lost_m")
        return [
            {**dict(zip(keys, values, strict=True)), "top_roads": roads}
            for *values, roads in zip(*(facts[key] for key in keys), top, strict=True)
        ]

    def _top_roads(
        self,
        pick: NDArray[np.intp],
        cols: NDArray[np.intp],
        metres: NDArray[np.float64],
        n: int,
        lang: str,
    ) -> list[list[tuple[str, float]]]:
        """Per pick, its three roads (by name in ``lang``) with most metres, at least 0.5 m.

        The metres of one name are summed in note order with compensated summation, and
        each pick's names are ranked largest first as ``Series.sort_values`` ranks them
        (reversed, numpy's quicksort, reversed: equal sums in the order it leaves them), so
        the roads are those of a pandas group-by sum, sorted.
        """
        unique, inverse = np.unique(cols, return_inverse=True)
        names = np.array([self._road_name(int(j), lang) for j in unique], dtype=object)
        labels, code = np.unique(names[inverse], return_inverse=True)
        key = pick * max(len(labels), 1) + code
        groups, group = np.unique(key, return_inverse=True)
        total = _kahan_sums(group.reshape(-1), metres, len(groups))
        label_of = labels[groups % max(len(labels), 1)]
        ends = np.cumsum(np.bincount(groups // max(len(labels), 1), minlength=n))
        tops = [
            (b - 1 - total[a:b][::-1].argsort(kind="quicksort"))[::-1][:3]
            for a, b in zip(np.r_[0, ends[:-1]].astype(np.intp)[:n], ends, strict=True)
        ]
        return [
            [(str(label_of[g]), float(total[g])) for g in top if total[g] >= 0.5] for top in tops
        ]

    def _words(self, row: dict[str, Any], heading: float, facts: dict[str, Any], lang: str) -> str:
        """The reason of a pick in ``lang``: its heading, then what it adds and gives up."""
        body = []
        points, backup, routes = facts["points"], facts["backup"], facts["routes"]
        if points.size:
            key = "reason_points" if points.size > 1 else "reason_point"
            body.append(text(key, lang, names=self._points(points, lang)))
        if backup.size:
            body.append(text("reason_backup", lang, names=self._points(backup, lang)))
        if routes.size:
            key = "reason_routes" if routes.size > 1 else "reason_route"
            body.append(text(key, lang, names=self._names(routes, lang)))
        if facts["road_m"] >= 0.5:
            parts = [text("reason_road_part", lang, name=n, m=m) for n, m in facts["top_roads"]]
            body.append(text("reason_road", lang, m=facts["road_m"], roads=", ".join(parts)))
            if facts["hot_m"] >= 0.5:
                body.append(text("reason_hotspot", lang, m=facts["hot_m"]))
        what = [text("reason_lost_road", lang, m=facts["lost_m"])] if facts["lost_m"] >= 0.5 else []
        if facts["lost"].size:
            what.append(text("reason_lost_point", lang, names=self._names(facts["lost"], lang)))
        if what:
            body.append(text("reason_lost", lang, what=text("reason_and", lang).join(what)))
        return text(
            "reason_sentence",
            lang,
            head=self._heading(row, heading, lang),
            body="; ".join(body) if body else text("reason_adds", lang),
        )

    def _names(self, cols: Any, lang: str) -> str:
        return _listing([str(place_name(self.name[j], lang)) for j in cols], lang)

    def _points(self, cols: NDArray[np.intp], lang: str) -> str:
        names = []
        for j in cols:
            prio = self.priority[j]
            name = str(place_name(self.name[j], lang))
            names.append(f"{name} ({label(str(prio), lang)})" if prio else name)
        return _listing(names, lang)

    def _road_name(self, j: int, lang: str) -> str:
        """A road's name with its class; an unnamed road by its class."""
        name, road_class = self.name[j], self.highway[j]
        if not name or str(name).startswith("segment:"):
            name = "unnamed " + (str(road_class) if road_class else "road")
        if str(name).startswith("unnamed ") or not road_class:
            return str(place_name(name, lang))
        return text("reason_road_class", lang, name=name, road_class=label(road_class, lang))

    @staticmethod
    def _heading(row: dict[str, Any], h: float, lang: str) -> str:
        """What the pick is, where, and which way it faces (``h``: its heading, or NaN)."""
        kind = row.get("kind")
        site = place_name(row.get("site_name") or row.get("site_id") or "", lang)
        facing = (
            text("reason_facing", lang, compass=label(compass(h), lang), heading=h)
            if math.isfinite(h)
            else text("reason_all_round", lang)
        )
        cam = row.get("camera_id")
        if kind == "repair":
            status = label(str(row.get("status_before") or ""), lang)
            return text("reason_repair", lang, camera=cam, site=site, status=status)
        if kind == "link":
            return text("reason_link", lang, camera=cam, site=site)
        if kind == "re-aim":
            return text("reason_reaim", lang, camera=cam, site=site, facing=facing)
        model = row.get("model_name")
        lens = row.get("lens")
        return text(
            "reason_new",
            lang,
            model=f" {model}" if isinstance(model, str) and model else "",
            lens=text("reason_lens", lang, lens=label(lens, lang, column="lens"))
            if isinstance(lens, str) and lens
            else "",
            site=site,
            facing=facing,
        )


#: Per sheet of a plan workbook: column -> the vocabulary column its values are read in.
_WORDED: dict[str, dict[str, str | None]] = {
    "plan": {"kind": None, "camera_type": None, "direction": None, "lens": "lens"},
    "summary": {"section": "section", "group": "group", "unit": "unit"},
}
#: Columns whose header key is not the column name.
_HEADERS = {("years", "status"): "solver_status"}


def plan_sheets(frames: dict[str, pd.DataFrame], lang: str) -> dict[str, pd.DataFrame]:
    """A plan's tables as its workbook shows them in ``lang``: sheet name -> table.

    Parameters
    ----------
    frames : dict of str to DataFrame
        ``plan`` (the sites, ready for a spreadsheet), ``summary``, ``years``, ``curve``.
    lang : {"th", "en"}
        Thai: Thai sheet names, headers and words, and the Thai reasons and approval levels.
        English: the column names and values as they are (budget lines by their English
        gloss), and the English reasons.

    Returns
    -------
    dict of str to DataFrame
    """
    check_lang(lang)
    other = "_th" if lang == "en" else ""
    chosen = {
        name: frame.drop(
            columns=[c + other for c in ("reason", "approval_level") if c + other in frame]
        ).rename(columns={"reason_th": "reason", "approval_level_th": "approval_level"})
        for name, frame in frames.items()
    }
    for frame in chosen.values():
        if "budget_source" in frame.columns:
            frame["budget_source"] = [budget_lines(v, lang) for v in frame["budget_source"]]
    if lang == "en":
        return chosen
    return {text(f"sheet_{name}", lang): _thai_sheet(name, frame) for name, frame in chosen.items()}


def _thai_sheet(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col, vocabulary in _WORDED.get(name, {}).items():
        if col in out.columns:
            out[col] = [label(v, "th", column=vocabulary) for v in out[col]]
    for col, word in (("site_name", place_name), ("model_name", model_name)):
        if col in out.columns:
            out[col] = [word(v, "th") for v in out[col]]
    if name == "years":
        out["status"] = [
            _status(m, g, "th") for m, g in zip(out["method"], out["gap"], strict=True)
        ]
        out["method"] = [_method(m, "th") for m in out["method"]]
    headers = {c: text(_HEADERS.get((name, c), c), "th") for c in out.columns}
    return out.rename(columns=headers)


def _method(method: Any, lang: str) -> str:
    """The optimiser's method (``"greedy+swaps (after exact)"``) word by word in ``lang``."""
    return re.sub(
        r"[a-z]+",
        lambda m: label(m.group(0), lang, column="method"),
        str(method),
    )


def _status(method: Any, gap: Any, lang: str) -> str:
    """The optimiser's status from its method and certified gap, in ``lang``."""
    gap = float(gap)
    words = _method(method, lang)
    if not math.isfinite(gap):
        return text("status_no_bound", lang, method=words)
    if gap <= _PROVED:
        return text("status_proved", lang, method=words)
    return text("status_gap", lang, method=words, gap=gap)
