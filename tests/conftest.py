"""Shared fixtures: the real datasets in ../shared/realdata (skipped with a reason when
absent), and what is too slow to build per test file: the sample's candidates and the demo
run, each made once per test session."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"


@pytest.fixture
def realdata() -> Path:
    """The folder of real datasets; tests using it skip in a user's clone without ../shared."""
    if not REALDATA.is_dir():
        pytest.skip(f"real datasets not found at {REALDATA} (they live beside the repo in CI)")
    return REALDATA


@pytest.fixture(scope="session")
def sample_candidates() -> tuple[Any, Any]:
    """The sample province's candidates with the defaults (8 headings), built once per session
    for the tests of candidates and plans; tests read them, never change them."""
    import cctvgeo as cg

    sample = cg.datasets.load_sample()
    segs = cg.coverage.road_segments(sample.roads)
    cams = cg.project(sample.cameras)
    cand = cg.planning.candidate_sites(
        segs, risk_points=sample.risk_points, cams=cams, buildings=sample.buildings
    )
    return cand, sample


@dataclass
class DemoRun:
    """``cctvgeo demo`` as run once: its output folder, exit code and optimiser solves."""

    out: Path
    code: int
    solves: list[str]  # the method of each BudgetedCoverage.solve call, in order
    proposals: Any = None  # the Proposals the run wrote its committee pack from (its .plan)


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    """``cctvgeo demo`` run once in this process (the pipeline is too slow to run per test),
    counting every :meth:`BudgetedCoverage.solve`; tests read its files, never change them."""
    import cctvgeo.pack
    from cctvgeo import cli
    from cctvgeo.planning import BudgetedCoverage

    out = tmp_path_factory.mktemp("demo")
    solves: list[str] = []
    original = BudgetedCoverage.solve

    def counted(self: BudgetedCoverage, method: Any = "auto", **kwargs: Any) -> BudgetedCoverage:
        solves.append(str(method))
        return original(self, method, **kwargs)

    packs: list[Any] = []
    start_pack = cctvgeo.pack.start_pack

    def recorded(proposals: Any, *args: Any, **kwargs: Any) -> Any:
        packs.append(proposals)
        return start_pack(proposals, *args, **kwargs)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(BudgetedCoverage, "solve", counted)
        mp.setattr(cctvgeo.pack, "start_pack", recorded)
        code = cli.main(["demo", "--out", str(out), "--quiet"])
    return DemoRun(out, code, solves, packs[0] if packs else None)


@pytest.fixture(scope="session")
def national_small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small national sample (20,000 cameras, 77 provinces), written once per session;
    tests read it, never change it."""
    from cctvgeo.national.sample import national_sample

    return national_sample(tmp_path_factory.mktemp("national") / "small", size="small")
