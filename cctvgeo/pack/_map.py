"""The static map of a project: its sites, their fields of view and the gaps they close.

Drawn with matplotlib from the data the Folium map draws (the plan's sites and footprints,
its demand's roads and risk points), in black, white and greys so that it prints on any
office printer. An overview of the whole project sits above enlargements of up to
:data:`MAX_TILES` areas (A, B, ...), where the fields of view and the closed gaps are
large enough to see. The raster holds no words, only site numbers, area letters, scale
bars and a north arrow: the legend is text beside it in the document's language
(matplotlib does not shape Thai vowels and tone marks).
"""

from __future__ import annotations

import io
import string
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import pandas as pd

    from cctvgeo.planning.proposals import Proposals

#: Enlarged areas below the overview, at most.
MAX_TILES = 8
_TILE_M = 250.0  # side of an enlarged area, metres
_WIDTH_IN, _OVERVIEW_IN, _DPI = 6.3, 3.6, 150
_COLUMNS = 4
_MARKERS = {"new": ("o", "black"), "repair": ("s", "white"), "re-aim": ("^", "black")}
_NICE_M = np.array(
    [10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 50000]
)


def project_layers(pack: Proposals) -> dict[str, MapLayers]:
    """What each project's map draws, cut from the plan once (see :class:`MapLayers`).

    Parameters
    ----------
    pack : Proposals
        The proposals whose projects are drawn.

    Returns
    -------
    dict of str to MapLayers
        Per project id, its sites (numbered as in its tables), views, closed gaps, and the
        roads and risk points around them.
    """
    from cctvgeo.pack._content import numbered

    around = _Around(pack.plan.demand)
    gaps = dict(list(pack.gaps.groupby("project_id", sort=False)))
    none = pack.gaps.iloc[0:0]
    return {
        str(pid): MapLayers.cut(pack, sites, gaps.get(pid, none), around)
        for pid, sites in numbered(pack.sites).groupby("project_id", sort=True)
    }


class _Around:
    """The demand's roads (lines of points) and risk points, to cut around each project."""

    def __init__(self, demand: gpd.GeoDataFrame) -> None:
        kind = demand["kind"].astype(str).to_numpy()
        geoms = np.asarray(demand.geometry.array, dtype=object)
        lines = shapely.get_parts(geoms[kind == "segment"])
        self.xy, self.line = shapely.get_coordinates(lines, return_index=True)
        self.line_bounds = shapely.bounds(lines)
        self.points = shapely.get_coordinates(geoms[kind == "point"])

    def near(self, lo: Any, hi: Any) -> tuple[Any, Any]:
        """The roads whose bounding box meets the box ``lo``-``hi``, and the risk points in it.

        The roads come as one array of points, a NaN row between lines (:func:`_polyline`).
        """
        b = self.line_bounds
        meets = (b[:, 0] <= hi[0]) & (b[:, 2] >= lo[0]) & (b[:, 1] <= hi[1]) & (b[:, 3] >= lo[1])
        keep = meets[self.line]
        inside = np.all((self.points >= lo) & (self.points <= hi), axis=1)
        return _lines(self.xy[keep], self.line[keep]), self.points[inside]


class Sheet:
    """One figure with an overview and :data:`MAX_TILES` enlargements, redrawn per project.

    Making matplotlib axes was a third of a map's time; here they are made once, and each
    map first removes the previous map's artists, so every map is drawn as on a new figure.
    The figure is drawn with matplotlib's default style whatever the caller's settings, so
    a map has the same pixels in any process. The raster is saved in grey levels (the map
    has no colour): a quarter of the bytes of RGBA to compress here, and to decode and
    compress again in the PDF.
    """

    def __init__(self) -> None:
        from matplotlib import style
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        with style.context("default"):
            self.fig = Figure(figsize=(_WIDTH_IN, _OVERVIEW_IN), dpi=_DPI)
            self.canvas = FigureCanvasAgg(self.fig)
            self.axes = [self.fig.add_axes((0.0, 0.0, 1.0, 1.0)) for _ in range(1 + MAX_TILES)]

    def png(self, layers: MapLayers) -> bytes:
        """The map of one project's ``layers``, as PNG bytes."""
        from matplotlib import style

        with style.context("default"):
            return self._png(layers)

    def _png(self, layers: MapLayers) -> bytes:
        from PIL import Image

        tiles = _tiles(layers.xy, layers.numbers)
        rows = -(-len(tiles) // _COLUMNS)
        tile_in = _WIDTH_IN / _COLUMNS
        height = _OVERVIEW_IN + rows * tile_in
        self.fig.set_size_inches(_WIDTH_IN, height)
        for k, ax in enumerate(self.axes):
            for artist in [*ax.lines, *ax.collections, *ax.patches, *ax.texts]:
                artist.remove()
            ax.set_visible(k <= len(tiles))
        overview = self.axes[0]
        overview.set_position((0.0, 1 - _OVERVIEW_IN / height, 1.0, _OVERVIEW_IN / height))
        box = _box(layers.bounds, _WIDTH_IN / _OVERVIEW_IN, margin=0.08, least=_TILE_M)
        layers.draw(overview, box, labels=len(layers.xy) <= 40)
        _north(overview)
        for k, (centre, ax) in enumerate(zip(tiles, self.axes[1:], strict=False)):
            letter = string.ascii_uppercase[k]
            tile_box = _box(np.array([centre, centre]), 1.0, margin=0.0, least=_TILE_M)
            _frame(overview, tile_box, letter)
            row, col = divmod(k, _COLUMNS)
            ax.set_position(
                (
                    col / _COLUMNS,
                    (rows - 1 - row) * tile_in / height,
                    1 / _COLUMNS,
                    tile_in / height,
                )
            )
            layers.draw(ax, tile_box, labels=True)
            ax.text(
                0.04,
                0.96,
                letter,
                transform=ax.transAxes,
                va="top",
                fontsize=9,
                fontweight="bold",
                bbox={"facecolor": "white", "edgecolor": "black", "pad": 1.5},
            )
        self.canvas.draw()
        grey = Image.fromarray(np.asarray(self.canvas.buffer_rgba())).convert("L")
        out = io.BytesIO()
        grey.save(out, format="png", dpi=(_DPI, _DPI))
        return out.getvalue()


@dataclass(frozen=True)
class MapLayers:
    """What a project's map draws, as plain arrays: cut in one process, drawn in any.

    ``xy``, ``kinds`` and ``numbers`` are the sites' positions, kinds and numbers;
    ``outlines`` the views' rings as one path (points and path codes, or None); ``gaps``
    and ``roads`` lines as points with a NaN row between lines; ``points`` the risk points
    near the project; ``bounds`` the corners of the views and the sites.
    """

    xy: Any
    kinds: Any
    numbers: Any
    outlines: tuple[Any, Any] | None
    gaps: Any
    roads: Any
    points: Any
    bounds: Any

    @classmethod
    def cut(
        cls, pack: Proposals, sites: pd.DataFrame, gaps: pd.DataFrame, around: _Around
    ) -> MapLayers:
        """The layers of one project's numbered ``sites``.

        With the ``gaps`` it closes, and the roads and risk points ``around`` it.
        """
        xy = shapely.get_coordinates(np.asarray(sites.geometry.array, dtype=object))
        views = pack.plan.footprints.loc[sites.index].geometry
        corners = views.bounds.dropna().to_numpy().reshape(-1, 2)
        bounds = np.vstack([corners, xy])
        lo, hi = bounds.min(axis=0), bounds.max(axis=0)
        pad = _TILE_M + 0.1 * float(np.max(hi - lo))
        roads, points = around.near(lo - pad, hi + pad)
        return cls(
            xy=xy,
            kinds=sites["kind"].to_numpy(dtype=str),
            numbers=sites["number"].to_numpy(),
            outlines=_outlines(views),
            gaps=_polyline(shapely.get_parts(np.asarray(gaps.geometry.array, dtype=object))),
            roads=roads,
            points=points,
            bounds=bounds,
        )

    def draw(self, ax: Any, box: tuple[float, float, float, float], *, labels: bool) -> None:
        """Roads, closed gaps, views, risk points and sites inside ``box``, with a scale bar."""
        from matplotlib.patches import PathPatch
        from matplotlib.path import Path as MplPath

        ax.plot(*self.roads.T, color="0.55", linewidth=0.7, zorder=2)
        ax.plot(*self.gaps.T, color="black", linewidth=2.4, solid_capstyle="round", zorder=2)
        if self.outlines is not None:  # hatched light grey, outlined in black
            ax.add_artist(  # not add_patch: the limits are set below, not from the views
                PathPatch(
                    MplPath(*self.outlines),
                    facecolor="0.9",
                    edgecolor="black",
                    linewidth=0.5,
                    hatch="////",
                    zorder=3,
                )
            )
        if len(self.points):
            ax.plot(  # markers of a line, not a scatter: a tenth of the time to make
                self.points[:, 0],
                self.points[:, 1],
                linestyle="none",
                marker="D",
                markersize=np.sqrt(20),
                markerfacecolor="white",
                markeredgecolor="black",
                markeredgewidth=0.8,
                zorder=4,
            )
        _sites(ax, self, box if labels else None)
        _scale(ax, box)
        ax.set_xlim(box[0], box[2])
        ax.set_ylim(box[1], box[3])
        ax.set_aspect("equal", adjustable="box")
        ax.set_xticks([])
        ax.set_yticks([])


def _tiles(xy: Any, numbers: Any) -> list[Any]:
    """Centres of the enlarged areas: sites on a grid of tile-sized cells, by site number."""
    cell = np.floor(xy / _TILE_M).astype(np.int64)
    _, which = np.unique(cell, axis=0, return_inverse=True)
    which = which.ravel()
    count = np.bincount(which)
    centres = (
        np.column_stack(
            [np.bincount(which, weights=xy[:, 0]), np.bincount(which, weights=xy[:, 1])]
        )
        / count[:, None]
    )
    first = np.full(count.size, np.inf)
    np.minimum.at(first, which, numbers.astype(np.float64))
    return list(centres[np.argsort(first, kind="stable")[:MAX_TILES]])


def _box(
    points: Any, ratio: float, *, margin: float, least: float
) -> tuple[float, float, float, float]:
    """A box around ``points`` with a margin, at least ``least`` wide, of ``ratio`` width/height."""
    lo, hi = points.min(axis=0), points.max(axis=0)
    centre = (lo + hi) / 2
    span = np.maximum(hi - lo, least) * (1 + 2 * margin)
    span = np.maximum(span, [span[1] * ratio, span[0] / ratio])
    return (
        float(centre[0] - span[0] / 2),
        float(centre[1] - span[1] / 2),
        float(centre[0] + span[0] / 2),
        float(centre[1] + span[1] / 2),
    )


def _polyline(parts: Any) -> Any:
    """Single lines as one array of points, a NaN row between lines (drawn as one artist)."""
    return _lines(*shapely.get_coordinates(parts, return_index=True))


def _lines(xy: Any, which: Any) -> Any:
    """Points ``xy`` of the lines ``which``, a NaN row between lines (see :func:`_polyline`)."""
    return np.insert(xy, np.flatnonzero(np.diff(which)) + 1, np.nan, axis=0)


def _outlines(geoms: gpd.GeoSeries) -> tuple[Any, Any] | None:
    """All polygons' rings as one compound path's points and codes (None when there are none)."""
    from matplotlib.path import Path as MplPath

    rings = shapely.get_rings(shapely.get_parts(np.asarray(geoms.array, dtype=object)))
    if rings.size == 0:
        return None
    xy, which = shapely.get_coordinates(rings, return_index=True)
    codes = np.full(len(xy), MplPath.LINETO, dtype=np.uint8)
    start = np.r_[0, np.flatnonzero(np.diff(which)) + 1]
    codes[start] = MplPath.MOVETO
    codes[np.r_[start[1:] - 1, len(xy) - 1]] = MplPath.CLOSEPOLY
    return xy, codes


def _sites(ax: Any, layers: MapLayers, box: tuple[float, float, float, float] | None) -> None:
    """The sites by kind, numbered when ``box`` (the axes' limits) is given.

    Only the numbers of sites in or near ``box`` are made: matplotlib would not draw the
    others (``annotation_clip``), and making them was most of a map's time.
    """
    from matplotlib import patheffects

    xy, kinds = layers.xy, layers.kinds
    for kind, (marker, fill) in _MARKERS.items():
        at = kinds == kind
        if not at.any():
            continue
        ax.plot(
            xy[at, 0],
            xy[at, 1],
            linestyle="none",
            marker=marker,
            markersize=np.sqrt(40),
            markerfacecolor=fill,
            markeredgecolor="black",
            markeredgewidth=1.0,
            zorder=5,
        )
    if box is None:
        return
    pad = 0.1 * (box[2] - box[0])
    near = (
        (xy[:, 0] >= box[0] - pad)
        & (xy[:, 0] <= box[2] + pad)
        & (xy[:, 1] >= box[1] - pad)
        & (xy[:, 1] <= box[3] + pad)
    )
    halo = [patheffects.withStroke(linewidth=2.5, foreground="white")]
    for (x, y), n in zip(xy[near], layers.numbers[near], strict=True):
        ax.annotate(
            str(n),
            (x, y),
            xytext=(4, 4),
            textcoords="offset points",
            fontsize=7,
            fontweight="bold",
            path_effects=halo,
            zorder=6,
            annotation_clip=True,
        )


def _frame(ax: Any, box: tuple[float, float, float, float], letter: str) -> None:
    from matplotlib.patches import Rectangle

    ax.add_patch(
        Rectangle(
            (box[0], box[1]),
            box[2] - box[0],
            box[3] - box[1],
            fill=False,
            edgecolor="black",
            linewidth=0.9,
            zorder=7,
        )
    )
    ax.annotate(
        letter,
        (box[0], box[3]),
        xytext=(-2, 2),
        textcoords="offset points",
        ha="right",
        fontsize=8,
        fontweight="bold",
        zorder=7,
    )


def _scale(ax: Any, box: tuple[float, float, float, float]) -> None:
    """A scale bar of a round length, about a fifth of the width, bottom left."""
    width = box[2] - box[0]
    fits = _NICE_M[width / 5 >= _NICE_M]
    length = float(fits[-1]) if fits.size else float(_NICE_M[0])
    x0 = box[0] + 0.05 * width
    y0 = box[1] + 0.06 * (box[3] - box[1])
    ax.plot(
        [x0, x0 + length], [y0, y0], color="black", linewidth=3, solid_capstyle="butt", zorder=8
    )
    text = f"{length / 1000:g} km" if length >= 1000 else f"{length:g} m"
    ax.annotate(text, (x0, y0), xytext=(0, 4), textcoords="offset points", fontsize=7, zorder=8)


def _north(ax: Any) -> None:
    ax.annotate(
        "N",
        xy=(0.96, 0.95),
        xytext=(0.96, 0.82),
        xycoords="axes fraction",
        textcoords="axes fraction",
        ha="center",
        fontsize=9,
        fontweight="bold",
        arrowprops={"arrowstyle": "-|>", "color": "black", "linewidth": 1.5},
    )
