"""Life-cycle costs of candidate cameras, repairs and re-aims.

A camera costs more than its price: a pole where the site has none, a network link, and
every year maintenance, electricity and the link's fee. The Ang Thong committee warned
that cameras bought without a maintenance budget fail one by one (docs/planning.md), so
every candidate carries its capital cost, its running cost per year and its life-cycle
cost over a horizon, each item with the budget line (แหล่งงบประมาณ) that pays it.

The defaults are in ``cctvgeo/catalogue/costs.yaml`` (items) and
``cctvgeo/catalogue/camera_models.csv`` (price, installation, maintenance and power per
camera model). They are indicative figures compiled for the sample, not a price list:
override them with :meth:`CostModel.from_yaml`.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cctvgeo._validate import Problem, ValidationReport

__all__ = ["CAPITAL_ITEMS", "COST_COLUMNS", "RUNNING_ITEMS", "CostModel"]

#: One-off items, paid in the year of installation (baht).
CAPITAL_ITEMS = ("equipment", "installation", "pole", "network_link", "repair", "cooperation")
#: Yearly items (baht per year).
RUNNING_ITEMS = ("maintenance", "electricity", "link_fee")
#: The cost columns every costed candidate has, in this order.
COST_COLUMNS = (
    *(f"{k}_thb" for k in CAPITAL_ITEMS),
    *(f"{k}_thb_per_year" for k in RUNNING_ITEMS),
    "capital_thb",
    "running_thb_per_year",
    "life_cycle_thb",
    "budget_source",
)
_TYPES = ("fixed", "dome", "ptz", "alpr", "panoramic", "unknown")
_NUMBER_KEYS = {
    "pole": ("thb",),
    "network_link": ("thb",),
    "link_fee": ("thb_per_year",),
    "electricity": ("tariff_thb_per_kwh", "hours_per_year"),
    "cooperation": ("thb",),
}


def _default_data() -> dict[str, Any]:
    import yaml

    ref = resources.files("cctvgeo").joinpath("catalogue", "costs.yaml")
    with ref.open("r", encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and not np.isnan(value)


@dataclass(frozen=True)
class CostModel:
    """Life-cycle cost items in baht, with the budget line of each.

    Parameters
    ----------
    horizon_years : int
        Years of running costs in ``life_cycle_thb``.
    items : mapping
        Item name -> its settings (``thb``, ``thb_per_year``, ``budget_source``...), as in
        ``cctvgeo/catalogue/costs.yaml``.
    running_by_type : mapping
        Camera type -> ``maintenance_thb_per_year`` and ``power_w`` of a repaired camera.
    source : str
        Where the figures come from (a file path, or "cctvgeo defaults (indicative)").

    Notes
    -----
    For a candidate:

    * capital = equipment + installation + pole (only where the site has none) + network
      link (new cameras), or the repair cost (repairs), or the cooperation cost (re-aims);
    * running per year = maintenance + electricity (``power_w x hours_per_year / 1000 x
      tariff``) + the link fee (new cameras; a repaired camera keeps the link it had, a
      re-aimed one is run by its owner);
    * life cycle = capital + ``horizon_years`` x running.

    Examples
    --------
    >>> cm = CostModel.default()
    >>> cm.horizon_years
    5
    >>> models = cm.catalogue().set_index("model_id")
    >>> c = cm.new_camera_costs(models.loc[["fixed_2mp_bullet"]], has_pole=[False])
    >>> int(c["capital_thb"].iloc[0])  # 6,000 camera + 7,000 installation + 25,000 pole + 8,000 link
    46000
    >>> round(float(c["electricity_thb_per_year"].iloc[0]), 1)  # 6 W all year at 4.2 baht/kWh
    220.8
    """

    horizon_years: int
    items: Mapping[str, Mapping[str, Any]]
    running_by_type: Mapping[str, Mapping[str, float]]
    source: str = "cctvgeo defaults (indicative)"
    _models: pd.DataFrame | None = field(default=None, repr=False, compare=False)

    # ------------------------------------------------------------------ loading

    @classmethod
    def default(cls) -> CostModel:
        """The packaged defaults (``cctvgeo/catalogue/costs.yaml``); indicative figures."""
        return cls.from_dict(_default_data())

    @classmethod
    def from_yaml(cls, path: str | os.PathLike[str]) -> CostModel:
        """Load a YAML file of overrides over the defaults (read with ``yaml.safe_load``).

        Only the keys in the file change; for example a file with
        ``items: {pole: {thb: 30000}}`` changes the pole price and keeps everything else.

        Raises
        ------
        cctvgeo.ValidationError
            Unknown keys, or numbers that are missing, negative or not numbers; all at once.
        """
        import yaml

        with Path(path).open(encoding="utf-8") as fh:
            over = yaml.safe_load(fh) or {}
        if not isinstance(over, Mapping):
            report = ValidationReport(str(path))
            report.add(
                Problem(None, None, "", "The file is not a YAML mapping.", "See costs.yaml.")
            )
            report.raise_if_errors()
        return cls.from_dict(_merge(_default_data(), over), source=str(path))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str | None = None) -> CostModel:
        """Build from a mapping shaped like ``costs.yaml``; every problem is reported at once."""
        report = ValidationReport(source or "cost model")
        allowed = {"horizon_years", "items", "running_by_type"}
        for key in sorted(set(data) - allowed):
            report.add(Problem(None, key, "", "Unknown key.", f"Use {sorted(allowed)}."))
        horizon = data.get("horizon_years", 5)
        if not (isinstance(horizon, int) and not isinstance(horizon, bool) and horizon >= 0):
            report.add(
                Problem(None, "horizon_years", str(horizon), "Not a whole number >= 0.", "Fix.")
            )
        items = data.get("items", {})
        for key in sorted(set(items) - set(CAPITAL_ITEMS) - set(RUNNING_ITEMS)):
            report.add(
                Problem(
                    None,
                    f"items.{key}",
                    "",
                    "Unknown cost item.",
                    f"Use {', '.join(CAPITAL_ITEMS + RUNNING_ITEMS)}.",
                )
            )
        for name in CAPITAL_ITEMS + RUNNING_ITEMS:
            item = items.get(name, {})
            if not isinstance(item.get("budget_source"), str) or not item["budget_source"]:
                report.add(
                    Problem(
                        None,
                        f"items.{name}.budget_source",
                        "",
                        "Every cost item needs a budget_source (the budget line paying it).",
                        "Add budget_source: '<budget line>'.",
                    )
                )
            for key in _NUMBER_KEYS.get(name, ()):
                _check_number(report, f"items.{name}.{key}", item.get(key))
        by_type = items.get("repair", {}).get("thb_by_type", {})
        running = data.get("running_by_type", {})
        for t in _TYPES:
            _check_number(report, f"items.repair.thb_by_type.{t}", by_type.get(t))
            for key in ("maintenance_thb_per_year", "power_w"):
                _check_number(report, f"running_by_type.{t}.{key}", running.get(t, {}).get(key))
        report.raise_if_errors()
        return cls(
            horizon_years=int(horizon),
            items=copy.deepcopy(dict(items)),
            running_by_type=copy.deepcopy(dict(running)),
            source=source or "cctvgeo defaults (indicative)",
        )

    def catalogue(self) -> pd.DataFrame:
        """The camera models (:func:`cctvgeo.coverage.camera_models`) these costs go with."""
        if self._models is not None:
            return self._models.copy()
        from cctvgeo.coverage import camera_models

        return camera_models()

    # ------------------------------------------------------------------ costing

    def budget_source(self, item: str) -> str:
        """The budget line that pays ``item``."""
        return str(self.items[item]["budget_source"])

    def electricity_per_year(self, power_w: Any) -> np.ndarray:
        """Baht per year for cameras drawing ``power_w`` watts all year."""
        e = self.items["electricity"]
        watts = np.asarray(power_w, dtype=np.float64)
        return watts * float(e["hours_per_year"]) / 1000.0 * float(e["tariff_thb_per_kwh"])

    def new_camera_costs(self, models: pd.DataFrame, *, has_pole: Any) -> pd.DataFrame:
        """Cost items of new cameras, one row per row of ``models``.

        Parameters
        ----------
        models : DataFrame
            Rows of the camera catalogue (``price_thb``, ``install_thb``,
            ``maintenance_thb_per_year``, ``power_w``), one per candidate.
        has_pole : array-like of bool
            Whether each site already has a pole or wall to mount on.

        Returns
        -------
        DataFrame
            :data:`COST_COLUMNS`, on ``models``' index.
        """
        n = len(models)
        pole = np.where(np.asarray(has_pole, dtype=bool), 0.0, float(self.items["pole"]["thb"]))
        cols = {
            "equipment_thb": models["price_thb"].to_numpy(dtype=np.float64),
            "installation_thb": models["install_thb"].to_numpy(dtype=np.float64),
            "pole_thb": pole,
            "network_link_thb": np.full(n, float(self.items["network_link"]["thb"])),
            "maintenance_thb_per_year": models["maintenance_thb_per_year"].to_numpy(
                dtype=np.float64
            ),
            "electricity_thb_per_year": self.electricity_per_year(models["power_w"]),
            "link_fee_thb_per_year": np.full(n, float(self.items["link_fee"]["thb_per_year"])),
        }
        return self._frame(cols, n, models.index)

    def repair_costs(self, cams: pd.DataFrame) -> pd.DataFrame:
        """Cost items of repairing cameras: the survey's ``repair_budget_thb``, else a default.

        The default is ``items.repair.thb_by_type`` for the camera's type; running costs
        come from ``running_by_type`` (no link fee: the camera keeps the link it had).
        """
        n = len(cams)
        kind = _types(cams)
        by_type = self.items["repair"]["thb_by_type"]
        default = np.array([float(by_type[t]) for t in kind])
        given = (
            pd.to_numeric(cams["repair_budget_thb"], errors="coerce").to_numpy(dtype=np.float64)
            if "repair_budget_thb" in cams.columns
            else np.full(n, np.nan)
        )
        repair = np.where(np.isfinite(given) & (given >= 0), given, default)
        running = self.running_by_type
        cols = {
            "repair_thb": repair,
            "maintenance_thb_per_year": np.array(
                [float(running[t]["maintenance_thb_per_year"]) for t in kind]
            ),
            "electricity_thb_per_year": self.electricity_per_year(
                [float(running[t]["power_w"]) for t in kind]
            ),
        }
        return self._frame(cols, n, cams.index)

    def reaim_costs(self, index: pd.Index) -> pd.DataFrame:
        """Cost items of re-aims: the cooperation cost only (the owner runs the camera)."""
        n = len(index)
        cols = {"cooperation_thb": np.full(n, float(self.items["cooperation"]["thb"]))}
        return self._frame(cols, n, index)

    def _frame(self, cols: dict[str, np.ndarray], n: int, index: pd.Index) -> pd.DataFrame:
        out = pd.DataFrame(index=index)
        for item in CAPITAL_ITEMS:
            out[f"{item}_thb"] = cols.get(f"{item}_thb", np.zeros(n))
        for item in RUNNING_ITEMS:
            out[f"{item}_thb_per_year"] = cols.get(f"{item}_thb_per_year", np.zeros(n))
        capital = out[[f"{k}_thb" for k in CAPITAL_ITEMS]].sum(axis=1)
        running = out[[f"{k}_thb_per_year" for k in RUNNING_ITEMS]].sum(axis=1)
        out["capital_thb"] = capital
        out["running_thb_per_year"] = running
        out["life_cycle_thb"] = capital + self.horizon_years * running
        out["budget_source"] = self._sources(out)
        return out

    def _sources(self, frame: pd.DataFrame) -> pd.Series:
        """Per row, each budget line with the amount it pays (capital, then per year)."""
        parts = []
        for item in CAPITAL_ITEMS:
            parts.append((self.budget_source(item), frame[f"{item}_thb"].to_numpy(), ""))
        for item in RUNNING_ITEMS:
            parts.append(
                (self.budget_source(item), frame[f"{item}_thb_per_year"].to_numpy(), "/yr")
            )
        # Sum amounts per (line, unit) so a line appears once per unit.
        keys: dict[tuple[str, str], np.ndarray] = {}
        for source, amount, unit in parts:
            keys[(source, unit)] = keys.get((source, unit), np.zeros(len(frame))) + amount
        labels = list(keys)
        if not labels or len(frame) == 0:
            return pd.Series("", index=frame.index, dtype="str")
        amounts = np.column_stack([np.broadcast_to(keys[k], len(frame)) for k in labels])
        # Candidates share a handful of cost profiles: word each profile once.
        profiles, which = np.unique(amounts, axis=0, return_inverse=True)
        words = np.array(
            [
                "; ".join(
                    f"{source}: {float(amount):,.0f}{unit}"
                    for (source, unit), amount in zip(labels, row, strict=True)
                    if amount > 0
                )
                for row in profiles
            ],
            dtype=object,
        )
        return pd.Series(words[np.ravel(which)], index=frame.index, dtype="str")


def _check_number(report: ValidationReport, where: str, value: Any) -> None:
    if not _is_number(value) or value < 0:
        report.add(
            Problem(
                None,
                where,
                "" if value is None else str(value),
                "Missing, negative or not a number.",
                "Give a number of 0 or more.",
            )
        )


def _types(cams: pd.DataFrame) -> list[str]:
    raw = cams["camera_type"] if "camera_type" in cams.columns else pd.Series(index=cams.index)
    return [t if isinstance(t, str) and t in _TYPES else "unknown" for t in raw.tolist()]
