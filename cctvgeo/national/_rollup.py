"""The national roll-up's result: provinces, regions, totals, unassigned cameras, problems.

Sums are taken over the provinces that completed; shares are recomputed from the sums
(never averaged). A figure no province computed stays missing (NaN), never a zero.
"""

from __future__ import annotations

import shutil
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd

from cctvgeo.national._province import ROW_COLUMNS, ProvinceResult, load_result

if TYPE_CHECKING:  # pragma: no cover
    from cctvgeo.national._province import ProvinceOutcome

__all__ = ["SUM_COLUMNS", "NationalRollup", "provinces_table"]

#: The columns of the provinces table that add up over provinces and regions: counts,
#: kilometres and baht.
SUM_COLUMNS = tuple(c for c in ROW_COLUMNS if c.startswith("n_") or c.endswith(("_km", "_thb")))
#: The columns of ``NationalRollup.problems``.
PROBLEM_COLUMNS = ("pro_code", "name_th", "name_en", "reason")


def provinces_table(outcomes: list[ProvinceOutcome]) -> pd.DataFrame:
    """The national table: one row per province outcome, sorted by ``pro_code``.

    Parameters
    ----------
    outcomes : list of ProvinceOutcome
        One per province, in any order.

    Returns
    -------
    DataFrame
        The columns :data:`cctvgeo.national._province.ROW_COLUMNS`.
    """
    table = pd.DataFrame([o.row for o in outcomes], columns=list(ROW_COLUMNS))
    table = table.sort_values("pro_code", ignore_index=True)
    text = [c for c in ROW_COLUMNS if c not in SUM_COLUMNS and "share" not in c]
    table[text] = table[text].astype("str")
    numbers = [c for c in ROW_COLUMNS if c not in text]
    table[numbers] = table[numbers].astype("float64")
    return table


def _sums(rows: pd.DataFrame) -> pd.Series:
    """Figures of a group of provinces: sums, counts and shares computed from the sums.

    Coverage after the plans counts a province without a plan at its present coverage; it
    is NaN when no province of the group has a plan.
    """
    out = rows[list(SUM_COLUMNS)].sum(min_count=1)
    out["n_provinces"] = len(rows)
    out["n_failed"] = int((rows["status"] == "failed").sum())
    cameras, road = out["n_cameras"], out["road_km"]
    out["broken_share"] = out["n_broken"] / cameras if cameras > 0 else np.nan
    out["coverage_share"] = out["covered_km"] / road if road > 0 else np.nan
    known = out[[c for c in SUM_COLUMNS if c.startswith("n_requests_")]].sum(min_count=1)
    found = out["n_requests_footage_found"]
    out["request_success_share"] = found / known if known > 0 else np.nan
    after = rows["coverage_share_after"]
    after_km = (after.fillna(rows["coverage_share"]) * rows["road_km"]).sum(min_count=1)
    planned = bool(after.notna().any()) and road > 0
    out["coverage_share_after"] = after_km / road if planned else np.nan
    return out.astype(np.float64)


@dataclass
class NationalRollup:
    """The result of :func:`cctvgeo.national.rollup`.

    Attributes
    ----------
    provinces : DataFrame
        One row per province, sorted by ``pro_code``: codes, names, region, ``status``
        ("complete", "failed", "no cameras"), ``problem``, the camera counts, road and
        covered km, gaps, the linkage selection, repairs, budget, planned spend, coverage
        after the plan and its approval level (NaN or "" where not computed).
    regions : DataFrame
        The same figures summed by region (``region``, ``region_th``), with
        ``n_provinces`` and ``n_failed``; shares computed from the sums.
    totals : Series
        National sums, shares, ``n_provinces``, ``n_failed`` and ``n_unassigned``.
    unassigned : GeoDataFrame
        Cameras outside every province or on a border (EPSG:4326), with ``reason``,
        ``pro_codes`` (the polygons they touch) and ``source_pro_code`` (their partition).
    problems : DataFrame
        The failed provinces: ``pro_code``, ``name_th``, ``name_en``, ``reason``.
    work_dir : Path
        The folder of the per-province results.
    """

    provinces: pd.DataFrame
    regions: pd.DataFrame
    totals: pd.Series
    unassigned: gpd.GeoDataFrame
    problems: pd.DataFrame
    work_dir: Path

    @property
    def partial(self) -> bool:
        """True when a province failed: its figures are missing from the sums."""
        return bool(len(self.problems))

    def result(self, pro_code: str) -> ProvinceResult:
        """A province's detailed results (coverage, gaps, linkage, repairs, plan), from disk.

        Raises
        ------
        KeyError
            The province did not complete (see :attr:`problems`) or has no such code.
        """
        code = str(pro_code).zfill(2)
        folder = self.work_dir / f"pro_code={code}"
        status = self.provinces.loc[self.provinces["pro_code"] == code, "status"]
        if not len(status) or status.iloc[0] != "complete" or not folder.is_dir():
            shown = status.iloc[0] if len(status) else "no such province"
            raise KeyError(f"province {code} has no detailed results ({shown}).")
        return load_result(folder)

    @classmethod
    def from_outcomes(
        cls,
        outcomes: list[ProvinceOutcome],
        unassigned: gpd.GeoDataFrame | None,
        *,
        work_dir: Path,
        owns_work_dir: bool = False,
    ) -> NationalRollup:
        """Build the roll-up from the province outcomes and the unassigned cameras.

        Parameters
        ----------
        outcomes : list of ProvinceOutcome
            One per province.
        unassigned : GeoDataFrame or None
            Cameras outside every province.
        work_dir : Path
            The folder of the per-province results.
        owns_work_dir : bool, default False
            The folder is the roll-up's own (a temporary one): it is removed when the
            roll-up is garbage-collected, or when Python exits.
        """
        table = provinces_table(outcomes)
        lost = (
            unassigned
            if unassigned is not None
            else gpd.GeoDataFrame(
                {"reason": pd.Series([], dtype="str")}, geometry=gpd.GeoSeries([], crs=4326)
            )
        )
        failed = table["status"] == "failed"
        problems = table.loc[failed].rename(columns={"problem": "reason"})
        problems = problems[list(PROBLEM_COLUMNS)].reset_index(drop=True)
        rolled = cls(
            provinces=table,
            regions=_regions(table),
            totals=_totals(table, n_unassigned=len(lost)),
            unassigned=lost,
            problems=problems,
            work_dir=work_dir,
        )
        if owns_work_dir:
            weakref.finalize(rolled, shutil.rmtree, work_dir, ignore_errors=True)
        return rolled


def _regions(table: pd.DataFrame) -> pd.DataFrame:
    groups = table.groupby(["region", "region_th"], sort=True)
    return (
        pd.DataFrame({key: _sums(rows) for key, rows in groups})
        .T.rename_axis(["region", "region_th"])
        .reset_index()
    )


def _totals(table: pd.DataFrame, *, n_unassigned: int) -> pd.Series:
    out = _sums(table)
    out["n_unassigned"] = float(n_unassigned)
    out.name = "total"
    return out
