"""A deterministic, synthetic national sample: cameras and roads in the 77 real provinces.

:func:`national_sample` writes what a national roll-up reads (issue 15): the cameras, a
synthetic road network and a footage-request log of every province as GeoParquet datasets
partitioned by ``pro_code``, the province polygons, and a config for ``cctvgeo national``. Everything but
the province borders is invented.

How many cameras each province gets
-----------------------------------
The published figures fix two numbers: Bangkok had **68,747** cameras in 2020, and the
2022 20 % linkage selection came to **75,476** cameras, so the national total is taken as
5 x 75,476 = **377,380** (:data:`NATIONAL_CAMERAS`). The other 76 provinces share the
remaining 308,633 in proportion to ``sqrt(area_km2) x factor`` (the square root, because
cameras follow towns and roads, not land; a province four times larger has about twice
the towns), with ``factor`` 3 for the big-city provinces (:data:`CITY_PROVINCES`: the
Bangkok vicinity and the regional centres) and 2 for the priority areas of the 2022
action plan (:data:`PRIORITY_PROVINCES`: the three southern border provinces and Sa
Kaeo's border checkpoint). No per-province counts other than Bangkok's are published; this
is a documented proxy, not data. ``size="small"`` scales the full counts to 20,000 cameras
(Bangkok 3,643), every province keeping at least a few dozen. Counts are rounded by the
largest-remainder method, so the totals are exact.

Where cameras and roads are
---------------------------
Each province gets a capital town at a point inside it and a few smaller towns at random
points inside it. Every town is a street grid (250 m blocks, turned by a random angle)
whose size grows with the cameras it holds (:data:`ROAD_M_PER_CAMERA` metres of street
per camera); highways run from the capital to every town. Roads are clipped to the
province shrunk by :data:`INSET_M`, so no road or camera lies on a border. Cameras stand
beside the roads (a few metres off the centre line), looking along them: half of them in
the capital, 35 % in the other towns and 15 % along the highways, so they are densest in
cities. Positions are computed in EPSG:32647 (UTM 47N; the distortion in the east does not
matter for invented data) and stored in EPSG:4326.

Attributes follow the national survey and the bundled Ang Thong sample: the columns
:func:`cctvgeo.read_cameras` returns (English status words, ``linked`` as a nullable
boolean, ``installed`` in CE) plus ``model_id`` from the camera catalogue. Each province
draws its own broken share (mean about 18 %, :data:`BROKEN_SHARE_BETA`) and linked share
(mean about 15 % of working cameras, :data:`LINKED_SHARE_BETA`);
about 1 % of statuses are unknown. Bangkok's owners follow the published split (60,254 of
the Traffic and Transport Department, 4,825 education, 2,917 BTS, 128 BRT, 623 others).

The output depends only on ``size`` and ``seed``: the same bytes on every run.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from cctvgeo._errors import CctvgeoError

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    from numpy.typing import NDArray

__all__ = ["NATIONAL_CAMERAS", "camera_counts", "national_sample", "provinces"]

PROVINCES_NAME = "thailand_provinces.gpkg"
BANGKOK = "10"
#: Bangkok's cameras in 2020 (DOMAIN.md).
BANGKOK_CAMERAS = 68_747
#: The 2022 20 % linkage selection, nationwide.
LINKAGE_SELECTION_2022 = 75_476
#: The national total the 2022 selection implies (5 x 75,476).
NATIONAL_CAMERAS = 5 * LINKAGE_SELECTION_2022
#: Cameras in each sample size.
SIZES: dict[str, int] = {"full": NATIONAL_CAMERAS, "small": 20_000}
#: Big-city provinces (weight x 3): the Bangkok vicinity and regional centres.
CITY_PROVINCES = frozenset({"11", "12", "13", "20", "30", "40", "41", "50", "83", "90"})
#: Priority areas of the 2022-2024 action plan (weight x 2): Sa Kaeo's border checkpoint
#: and the three southern border provinces (Pattani, Yala, Narathiwat).
PRIORITY_PROVINCES = frozenset({"27", "94", "95", "96"})
#: Footage-access requests per camera in the sample's request log (invented; the Ang Thong
#: sample has about 5.8 per camera over a year, most of them at a few busy places).
REQUESTS_PER_CAMERA = 1.0
#: Share of requests that name no camera (the place had none: outcome "no_camera").
NO_CAMERA_SHARE = 0.2
#: Outcomes of requests naming a working camera (one that is not working gives
#: "camera_broken").
WORKING_OUTCOMES = {"footage_found": 0.75, "retention_expired": 0.18, "denied": 0.07}
#: Case types of the requests (as the survey writes them) and their shares.
CASE_TYPES = {"ลักทรัพย์": 0.4, "อุบัติเหตุจราจร": 0.35, "ทำร้ายร่างกาย": 0.15, "อื่น ๆ": 0.1}
#: Invented installation budgets (baht) of the sample's config, so that the demo plans a
#: few provinces (Bangkok, a big city per region, Phuket, two deep-south provinces) and the
#: national map's planned-spend layer has something to show; every other province has none.
SAMPLE_BUDGETS = {
    "10": 30_000_000,
    "20": 8_000_000,
    "40": 8_000_000,
    "50": 10_000_000,
    "83": 6_000_000,
    "95": 6_000_000,
    "96": 6_000_000,
}
CRS_METRIC = "EPSG:32647"
CRS = "EPSG:4326"
#: Street length per town camera, metres.
ROAD_M_PER_CAMERA = 100.0
#: Side of a town block, metres.
BLOCK_M = 250.0
#: Roads and cameras keep this far inside the province border, metres.
INSET_M = 100.0
#: Length of one highway piece, metres.
HIGHWAY_PIECE_M = 1_000.0
#: Shares of a province's cameras in the capital, the other towns and along highways.
CAPITAL_SHARE, TOWNS_SHARE, HIGHWAY_SHARE = 0.5, 0.35, 0.15
#: Beta(a, b) of a province's share of cameras not working (mean a / (a + b) = 18 %).
BROKEN_SHARE_BETA = (6.0, 27.0)
#: Beta(a, b) of a province's share of linked cameras among working ones (mean 15 %): few
#: are linked, which is why every province must select 20 % for the central system.
LINKED_SHARE_BETA = (3.0, 17.0)
#: How a camera that does not work is recorded.
NOT_WORKING_SPLIT = {"not_working": 0.35, "broken": 0.45, "under_repair": 0.20}
UNKNOWN_STATUS_SHARE = 0.01
UNKNOWN_LINKED_SHARE = 0.02
#: Catalogue models and their shares among surveyed cameras.
MODEL_SHARES = {
    "fixed_2mp_bullet": 0.35,
    "fixed_2mp_dome": 0.20,
    "varifocal_4mp": 0.15,
    "fixed_8mp_4k": 0.08,
    "ptz_2mp_25x": 0.12,
    "alpr_2mp": 0.06,
    "panoramic_16mp": 0.04,
}
RETENTION_DAYS = {3: 0.06, 7: 0.19, 15: 0.27, 30: 0.30, 45: 0.05, 60: 0.08, 90: 0.05}
#: Agencies as (name with ``{p}`` for the province's Thai name, owner, share).
AGENCIES: tuple[tuple[str, str, float], ...] = (
    ("เทศบาลเมือง{p}", "public", 0.25),
    ("องค์การบริหารส่วนจังหวัด{p}", "public", 0.15),
    ("องค์การบริหารส่วนตำบลในจังหวัด{p}", "public", 0.15),
    ("ตำรวจภูธรจังหวัด{p}", "public", 0.10),
    ("สถานศึกษาในจังหวัด{p}", "public", 0.07),
    ("สำนักงานจังหวัด{p}", "public", 0.05),
    ("แขวงทางหลวง{p}", "public", 0.05),
    ("ร้านสะดวกซื้อในจังหวัด{p}", "private", 0.05),
    ("ผู้ประกอบการร้านค้าเอกชน", "private", 0.05),
    ("ร้านทองในจังหวัด{p}", "private", 0.04),
    ("ธนาคารพาณิชย์ในจังหวัด{p}", "private", 0.04),
)
#: Bangkok's owners in 2020 (DOMAIN.md), cameras each.
BANGKOK_AGENCIES: tuple[tuple[str, str, float], ...] = (
    ("สำนักการจราจรและขนส่ง กรุงเทพมหานคร", "public", 60_254),
    ("สำนักการศึกษา กรุงเทพมหานคร", "public", 4_825),
    ("รถไฟฟ้าบีทีเอส (BTS)", "public", 2_917),
    ("รถโดยสารด่วนพิเศษ (BRT) กรุงเทพมหานคร", "public", 128),
    ("หน่วยงานอื่นของกรุงเทพมหานคร", "public", 623),
)
Size = Literal["small", "full"]


def provinces() -> gpd.GeoDataFrame:
    """The 77 shipped province polygons (EPSG:4326), sorted by ``pro_code``.

    A simplified derivative of github.com/chingchai/OpenGISData-Thailand
    (``provinces.geojson`` at commit 5b332fc; see ``thailand_provinces.SOURCE.md``), with
    ``pro_code``, ``pro_th``, ``pro_en``, ``reg_royin`` (region) and ``region_th``.

    Examples
    --------
    >>> from cctvgeo.national.sample import provinces
    >>> p = provinces()
    >>> len(p), p.loc[0, "pro_en"], p.crs.to_string()
    (77, 'Bangkok', 'EPSG:4326')
    """
    import geopandas as gpd

    with resources.as_file(resources.files("cctvgeo") / "sample_data" / PROVINCES_NAME) as f:
        return gpd.read_file(f).sort_values("pro_code", ignore_index=True)


def apportion(total: int, weights: NDArray[np.float64]) -> NDArray[np.int64]:
    """Split ``total`` in proportion to ``weights`` by the largest-remainder method.

    Examples
    --------
    >>> apportion(10, np.array([1.0, 1.0, 1.0])).tolist()
    [4, 3, 3]
    """
    exact = total * weights / weights.sum()
    counts = np.floor(exact).astype(np.int64)
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[: total - counts.sum()]] += 1
    return counts


def camera_counts(polygons: gpd.GeoDataFrame, size: Size = "full") -> pd.Series:
    """Cameras per province, indexed by ``pro_code`` (the rule in the module docstring).

    Examples
    --------
    >>> from cctvgeo.national.sample import camera_counts, provinces
    >>> full = camera_counts(provinces(), "full")
    >>> int(full.sum()), int(full["10"])
    (377380, 68747)
    >>> small = camera_counts(provinces(), "small")
    >>> int(small.sum()), int(small["10"])
    (20000, 3643)
    """
    if size not in SIZES:
        raise CctvgeoError(f"The sample size must be one of {', '.join(SIZES)}, not {size!r}.")
    codes = polygons["pro_code"].to_numpy()
    area_km2 = polygons.geometry.to_crs(CRS_METRIC).area.to_numpy() / 1e6
    factor = np.where(
        np.isin(codes, sorted(CITY_PROVINCES)),
        3.0,
        np.where(np.isin(codes, sorted(PRIORITY_PROVINCES)), 2.0, 1.0),
    )
    others = codes != BANGKOK
    full = np.full(len(codes), BANGKOK_CAMERAS, dtype=np.int64)
    full[others] = apportion(
        NATIONAL_CAMERAS - BANGKOK_CAMERAS, np.sqrt(area_km2[others]) * factor[others]
    )
    counts = full if size == "full" else apportion(SIZES[size], full.astype(np.float64))
    return pd.Series(counts, index=pd.Index(codes, name="pro_code"), name="n_cameras")


def _inside(region: object, x: NDArray[np.float64], y: NDArray[np.float64]) -> NDArray[np.bool_]:
    import shapely

    return np.asarray(shapely.contains_xy(region, x, y))


def _points_inside(
    region: object, n: int, rng: np.random.Generator
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """``n`` uniform random points inside ``region`` (rejection sampling in its bounds)."""
    import shapely

    x0, y0, x1, y1 = shapely.bounds(region)
    xs, ys = np.empty(0), np.empty(0)
    while len(xs) < n:  # rounds of candidates, not points
        x = rng.uniform(x0, x1, 64 * n)
        y = rng.uniform(y0, y1, 64 * n)
        keep = _inside(region, x, y)
        xs, ys = np.concatenate([xs, x[keep]]), np.concatenate([ys, y[keep]])
    return xs[:n], ys[:n]


def _town_grid(
    cx: float, cy: float, cameras: float, angle: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """A town's street grid as segment ends ``(k, 2)``, from and to, in metres.

    The grid fills a disc that holds about ``cameras x ROAD_M_PER_CAMERA`` metres of street.
    """
    radius = max(2.0, np.sqrt(cameras * ROAD_M_PER_CAMERA / (2 * np.pi * BLOCK_M)))
    k = int(radius)
    i, j = np.meshgrid(np.arange(-k, k + 1), np.arange(-k, k + 1), indexing="ij")
    start = np.column_stack([i.ravel(), j.ravel()]).astype(np.float64)
    ends = [start + step for step in ([1.0, 0.0], [0.0, 1.0])]
    keep = [
        ((start**2).sum(axis=1) <= radius**2) & ((end**2).sum(axis=1) <= radius**2) for end in ends
    ]
    a = np.concatenate([start[k_] for k_ in keep]) * BLOCK_M
    b = np.concatenate([end[k_] for end, k_ in zip(ends, keep, strict=True)]) * BLOCK_M
    rot = np.array([[np.cos(angle), np.sin(angle)], [-np.sin(angle), np.cos(angle)]])
    return a @ rot + [cx, cy], b @ rot + [cx, cy]


def _highways(
    x: NDArray[np.float64], y: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.int64]]:
    """Straight highways from town 0 (the capital) to every other town, in pieces.

    Returns the pieces' ends ``(k, 2)``, from and to, and the town each leads to.
    """
    length = np.hypot(x[1:] - x[0], y[1:] - y[0])
    pieces = np.maximum(1, np.ceil(length / HIGHWAY_PIECE_M)).astype(np.int64)
    town = np.repeat(np.arange(1, len(x)), pieces)
    first = np.repeat(np.cumsum(pieces) - pieces, pieces)
    step = np.arange(len(town)) - first
    t0, t1 = step / pieces[town - 1], (step + 1) / pieces[town - 1]
    dx, dy = x[town] - x[0], y[town] - y[0]
    a = np.column_stack([x[0] + t0 * dx, y[0] + t0 * dy])
    b = np.column_stack([x[0] + t1 * dx, y[0] + t1 * dy])
    return a, b, town


def _province_roads(
    region: object, place: str, n_cameras: int, rng: np.random.Generator
) -> pd.DataFrame:
    """Roads of one province, clipped to ``region`` (metres): geometry, group, share, name.

    Group ``t`` < number of towns is town ``t``'s grid (0: the capital); the last group is
    the highways. ``share`` is the group's share of the province's cameras.
    """
    import shapely

    n_towns = 2 + int(2 * np.log10(max(n_cameras, 10)))
    capital = shapely.point_on_surface(region)
    tx, ty = _points_inside(region, n_towns - 1, rng)
    x, y = np.r_[shapely.get_x(capital), tx], np.r_[shapely.get_y(capital), ty]
    shares = np.r_[CAPITAL_SHARE, TOWNS_SHARE * rng.dirichlet(np.ones(n_towns - 1)), HIGHWAY_SHARE]
    angles = rng.uniform(0, np.pi / 2, n_towns)
    grids = [_town_grid(x[t], y[t], shares[t] * n_cameras, angles[t]) for t in range(n_towns)]
    ha, hb, _ = _highways(x, y)
    a = np.concatenate([g[0] for g in grids] + [ha])
    b = np.concatenate([g[1] for g in grids] + [hb])
    group = np.concatenate(
        [np.full(len(g[0]), t) for t, g in enumerate(grids)] + [np.full(len(ha), n_towns)]
    )
    lines = shapely.linestrings(np.stack([a, b], axis=1))
    shapely.prepare(region)
    clipped = lines.copy()  # most lie inside; only the others are cut (faster, same result)
    cut = ~shapely.contains_properly(region, lines)
    clipped[cut] = shapely.intersection(lines[cut], region)
    parts, index = shapely.get_parts(clipped, return_index=True)
    keep = (shapely.get_type_id(parts) == 1) & (shapely.length(parts) > 1.0)
    group = group[index[keep]]
    names = np.r_[
        [f"ถนนในเมือง{place}"],
        [f"ถนนในชุมชนที่ {t} {place}" for t in range(1, n_towns)],
        [f"ทางหลวง{place}"],
    ]
    return pd.DataFrame(
        {
            "geometry": parts[keep],
            "group": group,
            "share": shares[group],
            "name": names[group],
            "highway": np.where(group == n_towns, "primary", "residential"),
        }
    )


def _camera_places(
    roads: pd.DataFrame, n: int, rng: np.random.Generator
) -> tuple[NDArray[np.object_], NDArray[np.int64], NDArray[np.float64]]:
    """``n`` camera points beside the roads, the road each stands on and its heading.

    A group's share of the cameras is spread over its roads by length; a camera stands 3
    to 8 m off the centre line and looks along the road, either way.
    """
    import shapely

    length = shapely.length(roads["geometry"].to_numpy())
    group_length = pd.Series(length).groupby(roads["group"].to_numpy()).transform("sum")
    p = roads["share"].to_numpy() * length / group_length.to_numpy()
    road = rng.choice(len(roads), size=n, p=p / p.sum())
    lines = roads["geometry"].to_numpy()[road]
    on = shapely.line_interpolate_point(lines, rng.uniform(0, 1, n), normalized=True)
    start, end = shapely.get_point(lines, 0), shapely.get_point(lines, -1)
    dx = shapely.get_x(end) - shapely.get_x(start)
    dy = shapely.get_y(end) - shapely.get_y(start)
    side = rng.choice([-1.0, 1.0], n) * rng.uniform(3, 8, n) / np.hypot(dx, dy)
    points = shapely.points(shapely.get_x(on) + side * dy, shapely.get_y(on) - side * dx)
    flip = rng.integers(0, 2, n) * 180.0
    heading = np.round(np.degrees(np.arctan2(dx, dy)) + flip) % 360.0
    return points, road, heading


def _spread(
    table: Sequence[tuple[str, str, float]], n: int, rng: np.random.Generator
) -> NDArray[np.int64]:
    """Rows of ``table`` for ``n`` cameras: exact shares (largest remainder), shuffled."""
    weights = np.array([row[2] for row in table], dtype=np.float64)
    return rng.permutation(np.repeat(np.arange(len(table)), apportion(n, weights)))


def _status_and_linkage(
    n: int, place: str, rates: tuple[float, float], rng: np.random.Generator
) -> pd.DataFrame:
    """Status, ``linked`` and ``network`` of ``n`` cameras of one province.

    ``rates`` are the province's shares of cameras not working and of working cameras
    linked.
    """
    broken, linked_share = rates
    statuses = ["working", *NOT_WORKING_SPLIT, "unknown"]
    p = [1 - broken - UNKNOWN_STATUS_SHARE]
    p += [broken * s for s in NOT_WORKING_SPLIT.values()] + [UNKNOWN_STATUS_SHARE]
    status = np.asarray(statuses, dtype=object)[rng.choice(len(statuses), n, p=p)]
    working = status == "working"
    linked = rng.uniform(0, 1, n) < np.where(working, linked_share, linked_share / 3)
    unknown = rng.uniform(0, 1, n) < UNKNOWN_LINKED_SHARE
    centres = np.array([f"ศูนย์ควบคุมกล้อง CCTV {place}", f"ศูนย์วิทยุ ตำรวจภูธร{place}"])
    local = pd.Series("NVR ภายในหน่วยงาน", index=range(n)).where(rng.uniform(0, 1, n) < 0.6)
    network = pd.Series(centres[rng.integers(0, 2, n)]).where(linked, local)
    return pd.DataFrame(
        {
            "status": status,
            "linked": pd.Series(linked, dtype="boolean").mask(unknown),
            "network": network.mask(unknown),
        }
    )


def _models(n: int, catalogue: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Catalogue model, type and optics of ``n`` cameras, with a surveyor's scatter.

    ``catalogue`` is :func:`cctvgeo.coverage.camera_models` indexed by ``model_id``, in
    the order of :data:`MODEL_SHARES`.
    """
    pick = catalogue.iloc[rng.choice(len(catalogue), n, p=list(MODEL_SHARES.values()))]
    dome = pick["housing"].str.contains("dome") & (pick["camera_type"] == "fixed")
    lo, hi = pick["hfov_min_deg"].to_numpy(), pick["hfov_max_deg"].to_numpy()
    ptz = (pick["camera_type"] == "ptz").to_numpy()
    return pd.DataFrame(
        {
            "camera_type": np.where(dome, "dome", pick["camera_type"]),
            "hfov_deg": np.where(ptz, hi, np.round(rng.uniform(lo, hi))),
            "resolution_px": pick["resolution_px"].to_numpy(np.float64),
            "height_m": np.round(
                np.clip(pick["height_m"].to_numpy() + rng.normal(0, 0.6, n), 2.5, 12), 1
            ),
            "tilt_deg": np.clip(pick["tilt_deg"].to_numpy() + rng.integers(-5, 6, n), 0, 60),
            "model_id": pick.index.to_numpy(),
        }
    )


def _province_label(code: str, name_th: str) -> str:
    """How a Thai text names the province: กรุงเทพมหานคร, or จังหวัด + its name."""
    return name_th if code == BANGKOK else f"จังหวัด{name_th}"


def _cameras(
    code: str,
    name_th: str,
    roads: pd.DataFrame,
    n: int,
    *,
    rates: tuple[float, float],
    catalogue: pd.DataFrame,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """``n`` survey-like cameras of one province on its roads (metres, EPSG:32647)."""
    from cctvgeo.inventory import SCHEMA

    place = _province_label(code, name_th)
    points, road, heading = _camera_places(roads, n, rng)
    table = BANGKOK_AGENCIES if code == BANGKOK else AGENCIES
    agency = _spread(table, n, rng)
    frame = pd.concat(
        [_status_and_linkage(n, place, rates, rng), _models(n, catalogue, rng)], axis=1
    )
    frame["camera_id"] = [f"CCTV-{code}-{i:06d}" for i in range(1, n + 1)]
    frame["name"] = roads["name"].to_numpy()[road] + [f" จุดที่ {i}" for i in range(1, n + 1)]
    frame["agency"] = np.array([row[0].format(p=name_th) for row in table])[agency]
    frame["owner"] = np.array([row[1] for row in table])[agency]
    frame["heading_deg"] = heading
    frame["retention_days"] = rng.choice(
        list(RETENTION_DAYS), n, p=list(RETENTION_DAYS.values())
    ).astype(np.float64)
    budget = np.round(rng.uniform(3_000, 45_000, n), -2)
    costed = ~frame["status"].isin(["working", "unknown"]) & (rng.uniform(0, 1, n) < 0.85)
    frame["repair_budget_thb"] = np.where(costed, budget, np.nan)
    frame["repair_agency"] = frame["agency"].where(costed)
    frame["installed"] = pd.array(rng.integers(2010, 2024, n), dtype="Int64")
    frame["geometry"] = points
    for column in SCHEMA:
        if column not in frame:
            frame[column] = np.nan
    return frame[[*SCHEMA, "model_id", "geometry"]].astype(SCHEMA)


def _requests(
    code: str,
    name_th: str,
    cameras: pd.DataFrame,
    roads: pd.DataFrame,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """The province's footage-request log (metres, EPSG:32647; no personal data).

    The columns are those :func:`cctvgeo.riskpoints.read_access_requests` returns. A request names a camera (chosen with heavy-tailed weights, so a few busy places get
    most requests; the point is a few metres from it), or, with :data:`NO_CAMERA_SHARE`,
    a place on a road with no camera named ("no_camera").
    """
    import shapely

    from cctvgeo.riskpoints.requests import REQUEST_SCHEMA

    n = round(REQUESTS_PER_CAMERA * len(cameras))
    named = rng.uniform(0, 1, n) >= NO_CAMERA_SHARE
    busy = rng.pareto(1.2, len(cameras)) + 1.0
    camera = rng.choice(len(cameras), n, p=busy / busy.sum())
    near = shapely.get_coordinates(cameras["geometry"].to_numpy()[camera])
    near += rng.normal(0.0, 8.0, (n, 2))
    line = rng.integers(0, len(roads), n)
    on_road = shapely.line_interpolate_point(
        roads["geometry"].to_numpy()[line], rng.uniform(0, 1, n), normalized=True
    )
    points = np.where(named, shapely.points(near), on_road)
    working = cameras["status"].to_numpy()[camera] == "working"
    outcome = np.where(
        working,
        rng.choice(list(WORKING_OUTCOMES), n, p=list(WORKING_OUTCOMES.values())),
        "camera_broken",
    )
    start = np.datetime64("2022-01-01")
    frame = pd.DataFrame(
        {
            "request_id": [f"REQ-{code}-{i:06d}" for i in range(1, n + 1)],
            "requested_at": start + rng.integers(0, 365, n).astype("timedelta64[D]"),
            "camera_id": np.where(named, cameras["camera_id"].to_numpy()[camera], None),
            "agency": f"สภ.เมือง{name_th}",
            "case_type": rng.choice(list(CASE_TYPES), n, p=list(CASE_TYPES.values())),
            "outcome": np.where(named, outcome, "no_camera"),
            "geometry": points,
        }
    )
    return frame.astype(REQUEST_SCHEMA)


def _province(
    code: str,
    name_th: str,
    region: object,
    n: int,
    *,
    rates: tuple[float, float],
    catalogue: pd.DataFrame,
    seed: int,
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Cameras, roads and footage requests of one province (EPSG:4326), from its own stream."""
    import geopandas as gpd

    rng = np.random.default_rng([seed, int(code)])
    roads = _province_roads(region, _province_label(code, name_th), n, rng)
    cameras = _cameras(code, name_th, roads, n, rates=rates, catalogue=catalogue, rng=rng)
    requests = _requests(code, name_th, cameras, roads, rng)
    road_table = gpd.GeoDataFrame(
        {
            "road_id": [f"{code}-R{i:06d}" for i in range(1, len(roads) + 1)],
            "name": roads["name"].to_numpy(),
            "highway": roads["highway"].to_numpy(),
        },
        geometry=roads["geometry"].to_numpy(),
        crs=CRS_METRIC,
    ).to_crs(CRS)
    cameras_4326, requests_4326 = (
        gpd.GeoDataFrame(frame, geometry="geometry", crs=CRS_METRIC).to_crs(CRS)
        for frame in (cameras, requests)
    )
    return cameras_4326, road_table, requests_4326


def _write_parquet(frame: gpd.GeoDataFrame, path: Path) -> None:
    from cctvgeo import _write

    path.parent.mkdir(parents=True, exist_ok=True)
    with _write.atomic_path(path) as tmp:
        frame.to_parquet(tmp, index=False, compression="zstd")


def _config_text(size: str, seed: int) -> str:
    """The ``cctvgeo national`` config of the sample; paths relative to the config."""
    return (
        f"# The national sample ({size}, seed {seed}), written by cctvgeo.national.sample.\n"
        "title: ตัวอย่างระดับประเทศ (ข้อมูลสมมติ)\n"
        "lang: th\n"
        "inputs:\n"
        "  cameras: cameras.parquet\n"
        "  roads: roads.parquet\n"
        "  provinces: provinces.gpkg\n"
        "  requests: requests.parquet\n"
        "coverage:\n"
        "  level: detect\n"
        "budgets:  # invented, baht: these provinces get a plan\n"
        + "".join(f'  "{code}": {baht}\n' for code, baht in SAMPLE_BUDGETS.items())
        + "outputs:\n"
        "  dir: output\n"
    )


def national_sample(out_dir: str | os.PathLike[str], size: Size = "small", seed: int = 0) -> Path:
    """Write the synthetic national sample to ``out_dir`` and return ``out_dir``.

    The module docstring says how counts, places and attributes are chosen; all of it is
    invented except the province borders and the published totals.

    Parameters
    ----------
    out_dir : str or PathLike
        Folder to write (created if missing). The files are replaced atomically.
    size : {"small", "full"}, default "small"
        "small": 20,000 cameras (Bangkok 3,643), for tests and demos. "full": 377,380
        cameras (Bangkok 68,747), for the benchmark.
    seed : int, default 0
        The same size and seed give the same bytes.

    Returns
    -------
    Path
        ``out_dir``, holding ``cameras.parquet/pro_code=NN/part.0.parquet`` (EPSG:4326
        points, the columns :func:`cctvgeo.read_cameras` returns plus ``model_id``),
        ``roads.parquet/pro_code=NN/part.0.parquet`` (EPSG:4326 LineStrings with
        ``road_id``, ``name``, ``highway``), ``provinces.gpkg`` (the shipped polygons,
        :func:`provinces`) and ``national.yaml`` (a config for ``cctvgeo national``).

    Examples
    --------
    >>> import tempfile, geopandas as gpd
    >>> from cctvgeo.national.sample import national_sample
    >>> out = national_sample(tempfile.mkdtemp(), size="small")
    >>> cams = gpd.read_parquet(out / "cameras.parquet" / "pro_code=10" / "part.0.parquet")
    >>> len(cams), cams.crs.to_string()
    (3643, 'EPSG:4326')
    """
    import shapely

    from cctvgeo import _write
    from cctvgeo.coverage import camera_models

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    polygons = provinces()
    counts = camera_counts(polygons, size)
    catalogue = camera_models().set_index("model_id").loc[list(MODEL_SHARES)]
    regions = shapely.buffer(polygons.geometry.to_crs(CRS_METRIC).to_numpy(), -INSET_M)
    national = np.random.default_rng(seed)  # the provinces' rates; each has its own stream
    broken = national.beta(*BROKEN_SHARE_BETA, len(polygons))
    linked = national.beta(*LINKED_SHARE_BETA, len(polygons))
    for i, (code, name_th) in enumerate(zip(polygons["pro_code"], polygons["pro_th"], strict=True)):
        cameras, roads, requests = _province(
            code,
            name_th,
            regions[i],
            int(counts[code]),
            rates=(broken[i], linked[i]),
            catalogue=catalogue,
            seed=seed,
        )
        _write_parquet(cameras, out / "cameras.parquet" / f"pro_code={code}" / "part.0.parquet")
        _write_parquet(roads, out / "roads.parquet" / f"pro_code={code}" / "part.0.parquet")
        _write_parquet(requests, out / "requests.parquet" / f"pro_code={code}" / "part.0.parquet")
    polygons_file = resources.files("cctvgeo") / "sample_data" / PROVINCES_NAME
    with resources.as_file(polygons_file) as src, _write.atomic_path(out / "provinces.gpkg") as tmp:
        shutil.copyfile(src, tmp)
    with _write.atomic_path(out / "national.yaml") as tmp:
        tmp.write_text(_config_text(size, seed), encoding="utf-8")
    return out
