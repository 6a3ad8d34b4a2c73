"""A risk surface learnt from past incidents, checked by spatial cross-validation.

:func:`risk_surface` fits a scikit-learn model of incident counts per road segment (or
per junction, or grid cell) from road class, junction degree and distances to points of
interest, scores it out of sample with folds made of whole areas, compares it honestly
with a baseline that predicts the average count, and proposes risk points nobody
nominated, labelled as model-proposed, for the committee to accept or reject.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from cctvgeo import settings
from cctvgeo._validate import require_projected, require_same_crs

if TYPE_CHECKING:  # pragma: no cover
    from numpy.typing import NDArray

__all__ = ["RiskSurface", "risk_surface"]

#: Label of every proposal in ``nominated_by`` and ``source``.
MODEL_PROPOSED = "model-proposed"


@dataclass(frozen=True, eq=False)
class RiskSurface:
    """The result of :func:`risk_surface`.

    Attributes
    ----------
    units : GeoDataFrame
        A copy of the segments (same index and CRS) with ``incidents`` (observed count),
        ``predicted`` (out-of-fold prediction: made by a model that never saw the unit's
        area), ``expected`` (the final model, fitted on all units), ``cv_block`` and
        ``cv_fold``, and the feature columns used (``junction_degree``, ``dist_<poi>``).
    folds : DataFrame
        One row per fold: ``fold``, ``n_train``, ``n_test``, ``n_blocks_test``,
        ``incidents_test``, ``deviance_model``, ``deviance_baseline``, ``d2`` (``1 -
        model / baseline``; above 0 when the model beats the baseline on that fold).
    deviance_model, deviance_baseline : float
        Mean Poisson deviance of the out-of-fold predictions over all units, for the model
        and for the baseline (each fold's training mean count).
    d2 : float
        ``1 - deviance_model / deviance_baseline``: the share of the baseline's deviance the
        model explains out of sample. Negative when the model is worse than the baseline.
    better_than_baseline : bool
        Whether ``deviance_model < deviance_baseline``.
    features : list of str
        The model's input columns after one-hot encoding.
    proposals : GeoDataFrame
        Model-proposed risk points (empty when the model is not better than the baseline).
    n_incidents, n_unassigned : int
        Incidents read, and those farther than the snapping distance from every unit.
    """

    units: gpd.GeoDataFrame
    folds: pd.DataFrame
    deviance_model: float
    deviance_baseline: float
    d2: float
    better_than_baseline: bool
    features: list[str]
    proposals: gpd.GeoDataFrame
    n_incidents: int
    n_unassigned: int

    def summary(self) -> str:
        """A plain statement of the score against the baseline."""
        verdict = (
            "better than"
            if self.better_than_baseline
            else "WORSE than"
            if self.deviance_model > self.deviance_baseline
            else "no better than"
        )
        return (
            f"Risk model, {len(self.folds)}-fold spatial cross-validation on "
            f"{len(self.units)} units ({self.n_incidents - self.n_unassigned} of "
            f"{self.n_incidents} incidents assigned): mean Poisson deviance "
            f"{self.deviance_model:.4f} vs {self.deviance_baseline:.4f} for the baseline "
            f"(average count), D2 = {self.d2:+.3f}: the model is {verdict} the baseline. "
            f"{len(self.proposals)} model-proposed risk points."
        )


def risk_surface(
    incidents: gpd.GeoDataFrame | gpd.GeoSeries,
    segments: gpd.GeoDataFrame,
    *,
    features: Sequence[str] | None = None,
    pois: Mapping[str, gpd.GeoDataFrame | gpd.GeoSeries] | None = None,
    risk_points: gpd.GeoDataFrame | None = None,
    max_distance: float | None = None,
    block: float | None = None,
    n_splits: int | None = None,
    n_proposals: int | None = None,
    category: str = "crime_hotspot",
    seed: int = 0,
) -> RiskSurface:
    """Learn incident counts per road segment and propose risk points nobody nominated.

    Each incident is counted on its nearest unit within ``max_distance``. The model is a
    gradient-boosted tree ensemble with a Poisson loss
    (``sklearn.ensemble.HistGradientBoostingRegressor(loss="poisson")``; counts, not
    normal errors). It is scored by spatial cross-validation: units are grouped into
    square blocks of side ``block`` and ``sklearn.model_selection.GroupKFold`` keeps every
    block wholly in one fold, so a unit is never predicted by a model that saw its
    neighbours (Roberts et al. 2017). The baseline predicts each fold's training mean
    count. Both are scored by the mean Poisson deviance of their out-of-fold predictions;
    the model is reported as worse when its deviance is higher, whatever it is.

    Parameters
    ----------
    incidents : GeoDataFrame or GeoSeries
        Incident points (crimes, road casualties) in a projected CRS.
    segments : GeoDataFrame
        The units to score, in the same CRS: road pieces from
        :func:`cctvgeo.coverage.road_segments`, or junction points, or grid cells.
    features : sequence of str, optional
        Columns of ``segments`` to use; text columns are one-hot encoded, numbers used as
        they are. ``"junction_degree"`` is computed for lines when it is not a column (the
        most road ends meeting at either end of the piece: 1 dead end, 2 a bend or a cut,
        3+ a junction). Default: ``highway`` (when present), and for lines
        ``junction_degree`` and ``length``.
    pois : mapping of str to GeoDataFrame, optional
        Points of interest (banks, gold shops, markets, schools, cameras...); each adds a
        feature ``dist_<name>``, the distance in metres to the nearest one.
    risk_points : GeoDataFrame, optional
        Nominated risk points (same CRS): proposals keep away from them.
    max_distance : float, optional
        Metres; default ``settings.risk_snap_distance_m``.
    block : float, optional
        Side of the cross-validation blocks, metres; default ``settings.risk_cv_block_m``.
    n_splits : int, optional
        Folds; default ``settings.risk_cv_folds`` (fewer when there are fewer blocks).
    n_proposals : int, optional
        Proposals wanted; default ``settings.risk_proposal_count``. They are the units the
        final model expects most incidents on, at least
        ``settings.risk_proposal_min_distance_m`` from nominated points and each other.
    category : str, default "crime_hotspot"
        Category given to proposals (``"accident_blackspot"`` for road casualties).
    seed : int, default 0
        Random state of the model.

    Returns
    -------
    RiskSurface
        Units with observed, out-of-fold and final expected counts; the per-fold and
        pooled scores against the baseline; proposals.

    References
    ----------
    Roberts, D. R. et al. (2017). Cross-validation strategies for data with temporal,
    spatial, hierarchical, or phylogenetic structure. *Ecography* 40(8), 913-929.

    Examples
    --------
    >>> import geopandas as gpd, numpy as np
    >>> from shapely import LineString, Point
    >>> rng = np.random.default_rng(1)
    >>> lines = [LineString([(x, y), (x + 90, y)]) for x in range(0, 3000, 100)
    ...          for y in range(0, 3000, 100)]
    >>> hw = np.where(rng.random(len(lines)) < 0.2, "primary", "residential")
    >>> segs = gpd.GeoDataFrame({"highway": hw}, geometry=lines, crs=32647)
    >>> n = rng.poisson(np.where(hw == "primary", 2.0, 0.1))
    >>> pts = [Point(seg.interpolate(rng.random(), normalized=True).coords[0])
    ...        for seg, k in zip(lines, n) for _ in range(k)]
    >>> rs = risk_surface(gpd.GeoSeries(pts, crs=32647), segs, features=["highway"])
    >>> rs.better_than_baseline, rs.d2 > 0.3, len(rs.proposals)
    (True, True, 10)
    """
    from sklearn.ensemble import HistGradientBoostingRegressor
    from sklearn.metrics import mean_poisson_deviance
    from sklearn.model_selection import GroupKFold

    require_projected(segments, "segments")
    require_projected(incidents, "incidents")
    require_same_crs(segments=segments, incidents=incidents, risk_points=risk_points)
    for name, layer in (pois or {}).items():
        require_same_crs(segments=segments, **{f"pois[{name!r}]": layer})
    snap = settings.risk_snap_distance_m if max_distance is None else float(max_distance)
    side = settings.risk_cv_block_m if block is None else float(block)
    folds_wanted = settings.risk_cv_folds if n_splits is None else int(n_splits)
    if not (math.isfinite(snap) and snap >= 0 and math.isfinite(side) and side > 0):
        raise ValueError("max_distance must be >= 0 and block > 0 metres.")
    if folds_wanted < 2:
        raise ValueError(f"n_splits must be at least 2, not {folds_wanted}.")
    geoms = np.asarray(segments.geometry.array, dtype=object)
    if (shapely.is_missing(geoms) | shapely.is_empty(geoms)).any():
        raise ValueError("segments has rows without geometry; remove or fix them first.")
    counts, n_incidents, n_unassigned = _assign(incidents, geoms, max(snap, 1e-6))
    table, used = _features(segments, geoms, features, pois)
    x = table.to_numpy(dtype=float)
    y = counts.astype(float)
    anchor = _anchor_points(geoms)
    xy = shapely.get_coordinates(anchor)
    blocks = pd.factorize(
        pd.Series(list(zip(np.floor(xy[:, 0] / side), np.floor(xy[:, 1] / side), strict=True)))
    )[0]
    n_blocks = int(blocks.max()) + 1
    if n_blocks < 2:
        raise ValueError(
            f"All units fall in one {side:g} m block; use a smaller block for spatial folds."
        )
    splitter = GroupKFold(n_splits=min(folds_wanted, n_blocks))

    def model() -> Any:
        return HistGradientBoostingRegressor(
            loss="poisson", max_iter=150, learning_rate=0.1, max_leaf_nodes=15,
            min_samples_leaf=40, l2_regularization=1.0, early_stopping=False,
            random_state=seed,
        )  # fmt: skip

    predicted, baseline, fold_of, folds = _cross_validate(x, y, blocks, splitter, model)
    dev_model = float(mean_poisson_deviance(y, predicted))
    dev_base = float(mean_poisson_deviance(y, baseline))
    d2 = 1.0 - dev_model / dev_base if dev_base > 0 else math.nan
    better = dev_model < dev_base
    with _one_thread():
        expected = np.maximum(model().fit(x, y).predict(x), 0.0)

    units = segments.copy()
    for col in table.columns.intersection(
        ["junction_degree", *(f"dist_{n}" for n in (pois or {}))]
    ):
        if col not in units.columns:
            units[col] = table[col].to_numpy()
    units["incidents"] = counts
    units["predicted"] = predicted
    units["expected"] = expected
    units["cv_block"] = blocks
    units["cv_fold"] = fold_of
    proposals = _proposals(
        units, anchor, expected, float(y.mean()), risk_points,
        n=settings.risk_proposal_count if n_proposals is None else int(n_proposals),
        category=category, enabled=better,
    )  # fmt: skip
    return RiskSurface(
        units=units, folds=folds, deviance_model=dev_model, deviance_baseline=dev_base, d2=d2,
        better_than_baseline=bool(better), features=used, proposals=proposals,
        n_incidents=n_incidents, n_unassigned=n_unassigned,
    )  # fmt: skip


def _one_thread() -> Any:
    """Limit the trees to one OpenMP thread while in the block.

    On tables this small, thread start-up and spin-waiting cost more than they save, badly
    so when other work shares the cores (28 s instead of 2 s on Trafford's 9,115 nodes).
    """
    from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

    return threadpool_limits(limits=1, user_api="openmp")


def _cross_validate(
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    blocks: NDArray[np.intp],
    splitter: Any,
    model: Any,
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.int64], pd.DataFrame]:
    """Out-of-fold predictions of the model and of the baseline (training mean), per fold."""
    from sklearn.metrics import mean_poisson_deviance

    predicted = np.zeros(len(y))
    baseline = np.zeros(len(y))
    fold_of = np.zeros(len(y), dtype=np.int64)
    rows = []
    eps = 1e-9
    with _one_thread():
        for k, (train, test) in enumerate(splitter.split(x, y, groups=blocks)):
            fitted = model().fit(x[train], y[train])
            predicted[test] = np.maximum(fitted.predict(x[test]), eps)
            baseline[test] = max(float(y[train].mean()), eps)
            fold_of[test] = k
            rows.append(
                {
                    "fold": k,
                    "n_train": len(train),
                    "n_test": len(test),
                    "n_blocks_test": len(np.unique(blocks[test])),
                    "incidents_test": int(y[test].sum()),
                    "deviance_model": float(mean_poisson_deviance(y[test], predicted[test])),
                    "deviance_baseline": float(mean_poisson_deviance(y[test], baseline[test])),
                }
            )
    folds = pd.DataFrame(rows)
    folds["d2"] = 1.0 - folds["deviance_model"] / folds["deviance_baseline"]
    return predicted, baseline, fold_of, folds


def _assign(
    incidents: gpd.GeoDataFrame | gpd.GeoSeries, geoms: NDArray[np.object_], snap: float
) -> tuple[NDArray[np.int64], int, int]:
    """Incidents per unit (nearest within ``snap``), incidents read, incidents not assigned."""
    pts = np.asarray(incidents.geometry.array, dtype=object)
    pts = pts[~(shapely.is_missing(pts) | shapely.is_empty(pts))]
    tree = shapely.STRtree(geoms)
    inc, unit = tree.query_nearest(pts, max_distance=snap, all_matches=False)
    counts = np.bincount(unit, minlength=len(geoms)).astype(np.int64)
    return counts, len(incidents), len(incidents) - len(np.unique(inc))


def _anchor_points(geoms: NDArray[np.object_]) -> NDArray[np.object_]:
    """A point on each unit: a line's middle, a polygon's representative point, the point."""
    types = shapely.get_type_id(geoms)
    lines = np.isin(types, [1, 2, 5])
    out = np.asarray(shapely.point_on_surface(geoms), dtype=object)
    out[lines] = shapely.line_interpolate_point(geoms[lines], 0.5, normalized=True)
    return out


def _junction_degree(geoms: NDArray[np.object_]) -> NDArray[np.float64]:
    """The most line ends meeting at either end of each line (ends within 1 cm are one)."""
    starts = np.round(shapely.get_coordinates(shapely.get_point(geoms, 0)), 2)
    ends = np.round(shapely.get_coordinates(shapely.get_point(geoms, -1)), 2)
    _, inverse, degree = np.unique(
        np.vstack([starts, ends]), axis=0, return_inverse=True, return_counts=True
    )
    n = len(geoms)
    return np.maximum(degree[inverse[:n]], degree[inverse[n:]]).astype(float)


def _features(
    segments: gpd.GeoDataFrame,
    geoms: NDArray[np.object_],
    features: Sequence[str] | None,
    pois: Mapping[str, gpd.GeoDataFrame | gpd.GeoSeries] | None,
) -> tuple[pd.DataFrame, list[str]]:
    is_line = bool(np.isin(shapely.get_type_id(geoms), [1, 5]).all())
    if features is None:
        features = [c for c in ("highway",) if c in segments.columns]
        if is_line:
            features += ["junction_degree", "length" if "length" in segments else "length_m"]
    columns: dict[str, Any] = {}
    for name in features:
        if name == "junction_degree" and name not in segments.columns:
            if not is_line:
                raise ValueError("junction_degree can be computed for lines only; give a column.")
            columns[name] = _junction_degree(geoms)
        elif name == "length_m" and name not in segments.columns:
            columns[name] = shapely.length(geoms)
        elif name in segments.columns:
            columns[name] = segments[name].to_numpy()
        else:
            raise ValueError(f"segments has no feature column {name!r}.")
    frame = pd.DataFrame(columns, index=segments.index)
    parts = []
    for name in frame.columns:
        col = frame[name]
        if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
            parts.append(col.astype(float).to_frame())
        else:
            text = col.astype(object).where(col.notna(), "missing").astype(str)
            parts.append(pd.get_dummies(text, prefix=name, dtype=float))
    parts += [
        _poi_distance(geoms, name, layer, segments.index) for name, layer in (pois or {}).items()
    ]
    if not parts:
        raise ValueError("No features: give features=[...] columns or pois={...}.")
    table = pd.concat(parts, axis=1)
    return table, [str(c) for c in table.columns]


def _poi_distance(
    geoms: NDArray[np.object_], name: str, layer: gpd.GeoDataFrame | gpd.GeoSeries, index: pd.Index
) -> pd.DataFrame:
    """Distance in metres from each unit to the nearest feature of one POI layer."""
    targets = np.asarray(layer.geometry.array, dtype=object)
    targets = targets[~(shapely.is_missing(targets) | shapely.is_empty(targets))]
    if not len(targets):
        raise ValueError(f"pois[{name!r}] has no geometry.")
    tree = shapely.STRtree(targets)
    (src, _), dist = tree.query_nearest(geoms, return_distance=True, all_matches=False)
    d = np.full(len(geoms), np.nan)
    d[src] = dist
    return pd.DataFrame({f"dist_{name}": d}, index=index)


def _proposals(
    units: gpd.GeoDataFrame,
    anchor: NDArray[np.object_],
    expected: NDArray[np.float64],
    mean_count: float,
    risk_points: gpd.GeoDataFrame | None,
    *,
    n: int,
    category: str,
    enabled: bool,
) -> gpd.GeoDataFrame:
    from cctvgeo.riskpoints.points import RISK_POINT_SCHEMA, point_weights, risk_weight_table

    gap = settings.risk_proposal_min_distance_m
    chosen: list[int] = []
    if enabled and n > 0:
        taken = (
            list(np.asarray(risk_points.geometry.array, dtype=object))
            if risk_points is not None
            else []
        )
        xy = shapely.get_coordinates(anchor)
        taken_xy = [
            shapely.get_coordinates(g)[0] for g in taken if g is not None and not g.is_empty
        ]
        for i in np.argsort(-expected, kind="stable"):
            if expected[i] <= mean_count or len(chosen) >= n:
                break
            if taken_xy and np.min(np.hypot(*(np.array(taken_xy) - xy[i]).T)) < gap:
                continue
            chosen.append(int(i))
            taken_xy.append(xy[i])
    names = (
        units["name"].to_numpy(dtype=object)[chosen]
        if "name" in units
        else np.full(len(chosen), None)
    )
    rows = {
        "point_id": [f"MODEL-{k + 1:03d}" for k in range(len(chosen))],
        "name": [
            str(nm) if nm is not None and not pd.isna(nm) else f"model-proposed site {k + 1}"
            for k, nm in enumerate(names)
        ],
        "category": [category] * len(chosen),
        "priority": [settings.risk_default_priority] * len(chosen),
        "reason": [
            f"Model-proposed, not nominated: {expected[i]:.2f} incidents expected here "
            f"against {mean_count:.2f} on an average unit ({int(units['incidents'].iloc[i])} "
            "observed). Accept or reject."
            for i in chosen
        ],
        "nominated_by": [MODEL_PROPOSED] * len(chosen),
    }
    frame = pd.DataFrame({c: rows.get(c, [None] * len(chosen)) for c in RISK_POINT_SCHEMA})
    frame = frame.astype(RISK_POINT_SCHEMA)
    frame["weight"] = point_weights(frame, risk_weight_table()) if chosen else np.empty(0)
    frame["source"] = pd.array([MODEL_PROPOSED] * len(chosen), dtype="str")
    frame["unit"] = pd.array([str(units.index[i]) for i in chosen], dtype="str")
    frame["expected"] = expected[chosen] if chosen else np.empty(0)
    frame["observed"] = units["incidents"].to_numpy()[chosen] if chosen else np.empty(0, int)
    return gpd.GeoDataFrame(
        frame, geometry=gpd.GeoSeries(anchor[chosen], crs=units.crs).values, crs=units.crs
    )
