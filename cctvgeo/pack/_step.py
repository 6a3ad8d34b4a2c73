"""The ``proposals`` step of ``cctvgeo plan`` and ``cctvgeo demo``.

Kept here, not in the command's module, so that the command only lists the step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

    from cctvgeo.cli.config import PlanConfig

#: The pack's folder inside the output folder.
FOLDER = "proposals"


def write_proposals(cfg: PlanConfig, res: Any, out: Path) -> None:
    """Group the plan into projects and write the pack into ``out/proposals``.

    The projects follow the default rule of :func:`cctvgeo.planning.proposals.proposals`
    with the run's survey, risk points, request hotspots and cost file; the documents are
    in the configuration's language and quote the run's linkage selection.
    """
    from cctvgeo.pack import write_pack
    from cctvgeo.planning import CostModel

    costs = CostModel.from_yaml(cfg.cost_model.path) if cfg.cost_model is not None else None
    props = res.plan.proposals(
        cameras=res.cameras,
        risk_points=res.risk_points,
        hotspots=res.hotspots,
        cost_model=costs,
    )
    res.written += write_pack(
        props,
        out / FOLDER,
        lang=cfg.lang,  # type: ignore[arg-type]  # checked with the configuration
        linkage=res.linkage,
    )
