"""The ``proposals`` steps of ``cctvgeo plan`` and ``cctvgeo demo``.

The pack is started before the map and the dashboard and finished after them. Kept here,
not in the command's module, so that the command only lists the steps.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

    from cctvgeo.cli.config import PlanConfig

#: The pack's folder inside the output folder.
FOLDER = "proposals"


#: CPU seconds the steps between the pack's start and its finish take on the demo (the
#: map 2 s, the dashboard 2 s): this process's share of the pack is that much smaller.
MEANWHILE_S = {"map": 2.0, "dashboard": 2.0}


def start_proposals(cfg: PlanConfig, res: Any, out: Path) -> None:
    """Group the plan into projects and start writing the pack into ``out/proposals``.

    The projects follow the default rule of :func:`cctvgeo.planning.proposals.proposals`
    with the run's survey, risk points, request hotspots and cost file; the documents are
    in the configuration's language and quote the run's linkage selection. The pack's
    other processes write their shares while this one makes the map and the dashboard;
    :func:`finish_proposals` writes the rest.
    """
    from cctvgeo.pack import start_pack
    from cctvgeo.planning import CostModel

    costs = CostModel.from_yaml(cfg.cost_model.path) if cfg.cost_model is not None else None
    props = res.plan.proposals(
        cameras=res.cameras,
        risk_points=res.risk_points,
        hotspots=res.hotspots,
        cost_model=costs,
    )
    res.pack = start_pack(
        props,
        out / FOLDER,
        lang=cfg.lang,  # type: ignore[arg-type]  # checked with the configuration
        linkage=res.linkage,
        busy_s=sum(MEANWHILE_S[step] for step in res.wanted & MEANWHILE_S.keys()),
    )


def finish_proposals(cfg: PlanConfig, res: Any, out: Path) -> None:
    """Write this process's share of the pack and put its files in place."""
    res.written += res.pack.wait()
    res.pack = None
