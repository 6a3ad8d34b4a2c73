"""The national roll-up on dask.distributed: one task per province.

:func:`rollup` runs in two stages on a Dask cluster (a :class:`distributed.LocalCluster`
sized to the machine by default, or the cluster of ``client=`` / a scheduler address):

1. **Assignment.** One task per camera partition reads it and assigns each camera to a
   province by a spatial join (:func:`cctvgeo.national._assign.assign_provinces`). The
   pieces stay on the workers; the driver learns only how many cameras each piece holds.
   Cameras given as a GeoDataFrame are assigned in this process, which already holds them.
2. **Provinces.** One task per province gathers its pieces, reads its own road (and risk
   point, request) partition and runs :func:`cctvgeo.national._province.run_province`. A
   province with more than ``split_cameras`` cameras (Bangkok) runs as a preparation
   task, road coverage in spatial chunks on several workers, and a finishing task; the
   result equals the unsplit one.

No task reads another province's files, so none holds the nation in memory. A task that
fails on bad input returns a "failed" outcome with the reason; the others complete and the
roll-up is partial. A worker that dies is replaced by Dask, which runs its tasks again
(and recomputes lost pieces from their lineage); each province's outcome is taken once,
from its one future.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import shutil
import sys
import tempfile
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd

from cctvgeo._errors import CctvgeoError
from cctvgeo.national._assign import assign_provinces
from cctvgeo.national._province import (
    Prepared,
    ProvinceOutcome,
    ProvinceSpec,
    combine,
    cover,
    failed,
    finish,
    prepare,
    road_chunks,
    run_province,
)
from cctvgeo.national._rollup import NationalRollup
from cctvgeo.national._sources import Part, Source, partitions, read_part

if TYPE_CHECKING:  # pragma: no cover
    from distributed import Client, Future

__all__ = ["SCHEDULER_ENV", "AssignedPart", "province_specs", "rollup"]

#: The environment variable naming the scheduler of an existing cluster.
SCHEDULER_ENV = "CCTVGEO_SCHEDULER"
#: Provinces with more cameras than this are split (Bangkok in the national sample).
SPLIT_CAMERAS = 20_000
#: Dask retries of a task that raised; a lost worker is handled apart (its tasks run again).
RETRIES = 2
#: The columns the province polygons must have.
PROVINCE_COLUMNS = ("pro_code", "pro_th", "pro_en", "reg_royin")


class AssignedPart:
    """One camera partition after assignment: its cameras split by province, and the rest.

    Attributes
    ----------
    label : str
        The partition's ``pro_code`` label.
    pieces : dict of str to GeoDataFrame
        The partition's cameras by the province that holds them.
    unassigned : GeoDataFrame or None
        Its cameras outside every province or on a border, with ``reason``.
    error : str
        Why the partition could not be read ("" when it was).
    """

    def __init__(
        self,
        label: str,
        pieces: dict[str, gpd.GeoDataFrame],
        unassigned: gpd.GeoDataFrame | None,
        error: str = "",
    ) -> None:
        self.label, self.pieces, self.unassigned, self.error = label, pieces, unassigned, error

    def counts(self) -> tuple[dict[str, int], str]:
        """Cameras per province in this partition, and its error."""
        return {code: len(frame) for code, frame in self.pieces.items()}, self.error


def assign_part(part: Part, provinces: gpd.GeoDataFrame) -> AssignedPart:
    """Read a camera partition and split it by the province that holds each camera.

    A partition that cannot be read gives an :class:`AssignedPart` with its error.
    """
    try:
        cams = read_part(part, "cameras")
    except CctvgeoError as exc:
        return AssignedPart(part.label, {}, None, str(exc))
    found = assign_provinces(cams, provinces)
    code = found.pro_code
    kept = code.notna().to_numpy()
    groups = cams[kept].groupby(code[kept].to_numpy(), sort=True)
    pieces = {str(c): frame for c, frame in groups}
    unassigned = found.unassigned.to_crs(4326)
    unassigned["source_pro_code"] = part.label
    return AssignedPart(part.label, pieces, unassigned)


def province_cameras(pieces: list[gpd.GeoDataFrame]) -> gpd.GeoDataFrame:
    """A province's cameras from its pieces (in partition order), on a fresh RangeIndex."""
    if not pieces:
        return gpd.GeoDataFrame(geometry=gpd.GeoSeries([], crs=4326))
    crs = pieces[0].crs
    frames = [p if p.crs.equals(crs) else p.to_crs(crs) for p in pieces]
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=crs)


def province_specs(
    provinces: gpd.GeoDataFrame,
    *,
    budgets: Mapping[str, float] | None = None,
    level: str = "recognise",
    max_length: float = 20.0,
    min_length: float = 50.0,
) -> dict[str, ProvinceSpec]:
    """One :class:`ProvinceSpec` per province polygon, by ``pro_code``.

    The metric CRS of each province is the UTM zone of its polygon, so it does not depend
    on where its cameras are.
    """
    budgets = {str(k).zfill(2): float(v) for k, v in (budgets or {}).items()}
    unknown = sorted(set(budgets) - set(provinces["pro_code"]))
    if unknown:
        raise CctvgeoError(f"budgets: no province has the code(s) {', '.join(unknown)}.")
    region_th = provinces["region_th"] if "region_th" in provinces.columns else None
    crs = _utm_codes(provinces)
    specs = {}
    for i, code in enumerate(provinces["pro_code"]):
        specs[code] = ProvinceSpec(
            pro_code=code,
            name_th=str(provinces["pro_th"].iloc[i]),
            name_en=str(provinces["pro_en"].iloc[i]),
            region=str(provinces["reg_royin"].iloc[i]),
            region_th="" if region_th is None else str(region_th.iloc[i]),
            crs=crs[i],
            level=level,
            max_length=max_length,
            min_length=min_length,
            budget=budgets.get(code),
        )
    return specs


def _utm_codes(provinces: gpd.GeoDataFrame) -> list[str]:
    """The WGS 84 / UTM zone of each province (EPSG:4326 polygons), as EPSG codes.

    The zone of the centre of each province's extent, as :func:`cctvgeo.crs.utm_crs` picks
    it, computed directly: a pyproj database query per province took 0.3 s.
    """
    bounds = provinces.geometry.bounds
    lon = (bounds["minx"] + bounds["maxx"]) / 2
    lat = (bounds["miny"] + bounds["maxy"]) / 2
    zone = (np.floor((lon + 180) / 6).astype(int) % 60) + 1
    base = np.where(lat >= 0, 32600, 32700)
    return [f"EPSG:{code}" for code in (base + zone).tolist()]


def read_provinces(source: str | os.PathLike[str] | gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The province polygons in EPSG:4326, ``pro_code`` as two-digit text, sorted by it.

    Raises
    ------
    cctvgeo.CctvgeoError
        The file cannot be read, or a column is missing, or a code repeats.
    """
    if isinstance(source, gpd.GeoDataFrame):
        frame = source
    else:
        try:
            frame = gpd.read_file(source)
        except Exception as exc:  # GDAL raises many types; the message names the file
            raise CctvgeoError(f"provinces: {source} could not be read: {exc}") from None
    missing = [c for c in PROVINCE_COLUMNS if c not in frame.columns]
    if missing or frame.crs is None:
        raise CctvgeoError(
            f"provinces: {'no CRS' if not missing else 'no column ' + ', '.join(missing)}; "
            f"give polygons with a CRS and the columns {', '.join(PROVINCE_COLUMNS)}."
        )
    out = frame.to_crs(4326)
    out["pro_code"] = out["pro_code"].astype(str).str.zfill(2)
    repeated = sorted(out["pro_code"][out["pro_code"].duplicated()].unique())
    if repeated:
        raise CctvgeoError(f"provinces: the code(s) {', '.join(repeated)} appear more than once.")
    return out.sort_values("pro_code", ignore_index=True)


# --------------------------------------------------------------------------- tasks


def _reason(exc: Exception) -> str:
    """A failed province's reason: the message, with the error type when it is not ours."""
    text = str(exc).strip() or type(exc).__name__
    return text if isinstance(exc, CctvgeoError) else f"{type(exc).__name__}: {text}"


def _read(part: Part | gpd.GeoDataFrame | None, what: str) -> gpd.GeoDataFrame | None:
    if part is None or isinstance(part, gpd.GeoDataFrame):
        return part
    return read_part(part, what)


def _same(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return frame


def _piece(assigned: AssignedPart, code: str) -> gpd.GeoDataFrame:
    return assigned.pieces[code]


def _unassigned(assigned: AssignedPart) -> gpd.GeoDataFrame | None:
    return assigned.unassigned


def _inputs(
    pieces: list[gpd.GeoDataFrame], parts: dict[str, Any]
) -> tuple[gpd.GeoDataFrame, dict[str, gpd.GeoDataFrame | None]]:
    cams = province_cameras(pieces)
    return cams, {what: _read(part, what) for what, part in parts.items()}


def _province_task(
    spec: ProvinceSpec, pieces: list[gpd.GeoDataFrame], parts: dict[str, Any], out_dir: Path
) -> ProvinceOutcome:
    """One province, unsplit: its pipeline, or a failed outcome with the reason."""
    try:
        cams, read = _inputs(pieces, parts)
        if len(cams) and read["roads"] is None:
            raise CctvgeoError("roads: the province has no road partition.")
        return run_province(
            spec,
            cams,
            read["roads"],
            risk_points=read["risk_points"],
            requests=read["requests"],
            out_dir=out_dir,
        )
    except Exception as exc:  # one province's failure must not stop the nation
        return failed(spec, _reason(exc))


def _prepare_task(
    spec: ProvinceSpec, pieces: list[gpd.GeoDataFrame], parts: dict[str, Any]
) -> Prepared | ProvinceOutcome:
    """A split province's first step: its inputs prepared, or a failed outcome."""
    try:
        cams, read = _inputs(pieces, parts)
        if read["roads"] is None:
            raise CctvgeoError("roads: the province has no road partition.")
        return prepare(
            spec, cams, read["roads"], risk_points=read["risk_points"], requests=read["requests"]
        )
    except Exception as exc:  # one province's failure must not stop the nation
        return failed(spec, _reason(exc))


def _cover_task(prep: Prepared | ProvinceOutcome, chunk: int, n_chunks: int) -> Any:
    """Road coverage of one spatial chunk of a split province (None after a failure)."""
    if isinstance(prep, ProvinceOutcome):
        return None
    try:
        return cover(prep, road_chunks(prep.segments, n_chunks)[chunk])
    except Exception as exc:  # reported by the finishing task
        return failed(prep.spec, _reason(exc))


def _finish_task(
    prep: Prepared | ProvinceOutcome, chunks: list[Any], out_dir: Path
) -> ProvinceOutcome:
    """A split province's last step: its chunks combined, then the rest of the pipeline."""
    if isinstance(prep, ProvinceOutcome):
        return prep
    bad = [c for c in chunks if isinstance(c, ProvinceOutcome)]
    if bad:
        return bad[0]
    try:
        return finish(prep, combine(prep, chunks), out_dir=out_dir)
    except Exception as exc:  # one province's failure must not stop the nation
        return failed(prep.spec, _reason(exc))


# --------------------------------------------------------------------------- driver


@contextlib.contextmanager
def connect(
    client: Client | str | None = None,
    *,
    n_workers: int | None = None,
    memory_limit: str | float | None = "auto",
    quiet: bool = False,
) -> Iterator[Client]:
    """A Dask client: the one given, one on a scheduler address, or a new LocalCluster.

    Parameters
    ----------
    client : distributed.Client or str, optional
        An existing client (left open), or a scheduler address (``tcp://host:8786``).
        Default: the address in :data:`SCHEDULER_ENV` if set, else a new
        :class:`distributed.LocalCluster` of ``n_workers`` single-threaded worker
        processes (default one per core), closed at the end.
    n_workers : int, optional
        Workers of the new LocalCluster.
    memory_limit : str or float, optional
        Memory per worker of the new LocalCluster ("auto": the machine's memory shared).
    quiet : bool, default False
        Do not print the dashboard link.
    """
    from distributed import Client, LocalCluster

    if client is not None and not isinstance(client, str):
        yield client
        return
    address = client or os.environ.get(SCHEDULER_ENV) or None
    with contextlib.ExitStack() as stack:
        if address is None:
            cluster = stack.enter_context(
                LocalCluster(
                    n_workers=n_workers or os.cpu_count() or 1,
                    threads_per_worker=1,
                    processes=True,
                    memory_limit=memory_limit,
                    silence_logs=logging.ERROR,
                    dashboard_address=":0",
                )
            )
            made = stack.enter_context(Client(cluster))
        else:
            made = stack.enter_context(Client(address))
        if not quiet and _has_dashboard(made):
            sys.stderr.write(f"Dask dashboard: {made.dashboard_link}\n")
        yield made


def _has_dashboard(client: Client) -> bool:
    """Whether the scheduler serves a dashboard (it needs bokeh)."""
    services = client.scheduler_info().get("services", {})
    return "dashboard" in services


def rollup(
    cameras: Source,
    provinces: str | os.PathLike[str] | gpd.GeoDataFrame,
    *,
    roads: Source,
    risk_points: Source | None = None,
    requests: Source | None = None,
    budgets: Mapping[str, float] | None = None,
    level: str = "recognise",
    client: Client | str | None = None,
    n_workers: int | None = None,
    memory_limit: str | float | None = "auto",
    work_dir: str | os.PathLike[str] | None = None,
    split_cameras: int = SPLIT_CAMERAS,
    max_length: float = 20.0,
    min_length: float = 50.0,
    quiet: bool = False,
) -> NationalRollup:
    """Run every province's pipeline on Dask and roll the results up to the nation.

    Parameters
    ----------
    cameras : path or GeoDataFrame
        The national camera survey: a GeoParquet dataset partitioned by ``pro_code``, a
        folder of per-province GeoPackages (``10.gpkg``), or a GeoDataFrame (the columns
        :func:`cctvgeo.read_cameras` returns). Each camera goes to the province polygon
        that holds it, whatever partition it was filed in.
    provinces : path or GeoDataFrame
        Province polygons with ``pro_code``, ``pro_th``, ``pro_en``, ``reg_royin`` (and
        ``region_th``).
    roads : path or GeoDataFrame
        Road lines partitioned by ``pro_code`` (a GeoDataFrame needs the column).
    risk_points, requests : path or GeoDataFrame, optional
        Risk points and the footage-request log (already read), partitioned by ``pro_code``.
    budgets : mapping of str to float, optional
        Baht per province code; a province with a budget gets a plan.
    level : str, default "recognise"
        DORI level of the footprints.
    client : distributed.Client or str, optional
        An existing client, or a scheduler address; see :func:`connect`.
    n_workers, memory_limit : optional
        The new LocalCluster's size, when neither ``client`` nor :data:`SCHEDULER_ENV`
        is given.
    work_dir : path, optional
        Folder for each province's detailed results (``pro_code=XX``), loaded by
        :meth:`NationalRollup.result`; on a cluster, a folder every worker can write.
        Default: a new temporary folder, removed when the roll-up is garbage-collected or
        Python exits (give a folder to keep the results).
    split_cameras : int, default 20,000
        Provinces with more cameras run their road coverage in chunks of about this many
        cameras' worth of roads, on several workers.
    max_length, min_length : float
        Longest road segment (:func:`cctvgeo.coverage.road_segments`) and shortest gap
        (:func:`cctvgeo.coverage.coverage_gaps`), in metres.
    quiet : bool, default False
        No progress bar and no dashboard link.

    Returns
    -------
    NationalRollup

    Raises
    ------
    cctvgeo.CctvgeoError
        The provinces or an input cannot be used at all (a province's bad file does not
        raise: the province is reported as failed).
    """
    provs = read_provinces(provinces)
    specs = province_specs(
        provs,
        budgets=budgets,
        level=level,
        max_length=max_length,
        min_length=min_length,
    )
    other = {
        "roads": partitions(roads, "roads"),
        "risk_points": partitions(risk_points, "risk_points"),
        "requests": partitions(requests, "requests"),
    }
    owned = work_dir is None
    out = Path(tempfile.mkdtemp(prefix="cctvgeo-") if work_dir is None else work_dir)
    out.mkdir(parents=True, exist_ok=True)
    try:
        with connect(client, n_workers=n_workers, memory_limit=memory_limit, quiet=quiet) as cl:
            outcomes, unassigned = _run(
                cl,
                cameras,
                provs,
                specs=specs,
                other=other,
                out=out,
                split=split_cameras,
                quiet=quiet,
            )
    except BaseException:
        if owned:
            shutil.rmtree(out, ignore_errors=True)
        raise
    return NationalRollup.from_outcomes(outcomes, unassigned, work_dir=out, owns_work_dir=owned)


class _Cameras:
    """Where each province's cameras are: pieces on the cluster, or frames in memory.

    A camera GeoDataFrame given in memory is assigned here, and each province's piece goes
    into its task's arguments, so the scheduler can run the task again if its worker dies.
    Partitions on disk are assigned by one task each; their pieces stay on the workers (a
    lost piece is recomputed from its task).
    """

    def __init__(self, cl: Client, cameras: Source, polygons: gpd.GeoDataFrame) -> None:
        self.cl = cl
        self.run = uuid.uuid4().hex[:8]  # task keys are unique to the run
        self.local: AssignedPart | None = None
        #: Every future of the run, held until its end: a worker lost after a task finished
        #: loses its result, and Dask recomputes it only from futures still held.
        self.held: list[Future] = []
        self.futures: dict[str, Future] = {}
        if isinstance(cameras, gpd.GeoDataFrame):
            self.local = assign_part(Part("", frame=cameras), polygons)
            self.counts = {"": self.local.counts()}
            return
        # A task, not scattered data: a lost copy is recomputed from the graph.
        poly_f = cl.submit(_same, polygons, key=f"provinces-{self.run}")
        self.held.append(poly_f)
        self.futures = {
            label: cl.submit(
                assign_part, part, poly_f, key=f"assign-{label}-{self.run}", retries=RETRIES
            )
            for label, part in partitions(cameras, "cameras").items()
        }
        counts = cl.gather(
            [cl.submit(AssignedPart.counts, f, pure=False) for f in self.futures.values()]
        )
        self.counts = dict(zip(self.futures, counts, strict=True))

    def error(self, code: str) -> str:
        """Why the province's own partition could not be read ("" if it was)."""
        return self.counts.get(code, ({}, ""))[1]

    def n_cameras(self, code: str) -> int:
        """The province's cameras, over every partition."""
        return sum(found.get(code, 0) for found, _ in self.counts.values())

    def pieces(self, code: str) -> list[Any]:
        """The province's pieces, in partition order: frames or futures."""
        if self.local is not None:
            return [self.local.pieces[code]] if code in self.local.pieces else []
        pieces = [
            self.cl.submit(_piece, fut, code, key=f"piece-{label}-{code}-{self.run}")
            for label, fut in self.futures.items()
            if self.counts[label][0].get(code, 0)
        ]
        self.held += pieces
        return pieces

    def unassigned(self) -> gpd.GeoDataFrame | None:
        """The cameras of every partition outside every province or on a border."""
        if self.local is not None:
            found = [self.local.unassigned]
        else:
            found = self.cl.gather(
                [self.cl.submit(_unassigned, f, pure=False) for f in self.futures.values()]
            )
        frames = [f for f in found if f is not None and len(f)]
        return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True)) if frames else None


def _run(
    cl: Client,
    cameras: Source,
    provs: gpd.GeoDataFrame,
    *,
    specs: dict[str, ProvinceSpec],
    other: dict[str, dict[str, Part]],
    out: Path,
    split: int,
    quiet: bool,
) -> tuple[list[ProvinceOutcome], gpd.GeoDataFrame | None]:
    """Both stages on the client; the outcomes by province and the unassigned cameras."""
    cams = _Cameras(cl, cameras, provs[["pro_code", "geometry"]])
    futures = {
        code: _submit_province(cl, spec, cams, other=other, out=out, split=split)
        for code, spec in specs.items()
    }
    outcomes = _collect(futures, quiet)
    return [outcomes[code] for code in sorted(outcomes)], cams.unassigned()


def _submit_province(
    cl: Client,
    spec: ProvinceSpec,
    cams: _Cameras,
    *,
    other: dict[str, dict[str, Part]],
    out: Path,
    split: int,
) -> Future | ProvinceOutcome:
    """Submit one province's task(s); a province whose own partition is unreadable fails."""
    code = spec.pro_code
    if cams.error(code):
        return failed(spec, cams.error(code))
    pieces = cams.pieces(code)
    parts = {what: _argument(by_code.get(code)) for what, by_code in other.items()}
    n = cams.n_cameras(code)
    if n <= split:
        return cl.submit(
            _province_task,
            spec,
            pieces,
            parts,
            out,
            key=f"province-{code}-{cams.run}",
            retries=RETRIES,
        )
    n_chunks = math.ceil(n / split)
    prep = cl.submit(
        _prepare_task, spec, pieces, parts, key=f"prepare-{code}-{cams.run}", retries=RETRIES
    )
    chunks = [
        cl.submit(
            _cover_task, prep, i, n_chunks, key=f"cover-{code}-{i}-{cams.run}", retries=RETRIES
        )
        for i in range(n_chunks)
    ]
    cams.held += [prep, *chunks]
    return cl.submit(
        _finish_task, prep, chunks, out, key=f"province-{code}-{cams.run}", retries=RETRIES
    )


def _argument(part: Part | None) -> Part | gpd.GeoDataFrame | None:
    """A part as a task's argument: a frame in memory goes into the task itself."""
    return part.frame if part is not None and part.frame is not None else part


def _collect(
    futures: dict[str, Future | ProvinceOutcome], quiet: bool
) -> dict[str, ProvinceOutcome]:
    """Wait for every province, with a progress bar; each outcome is taken once."""
    from distributed import as_completed
    from tqdm import tqdm

    done = {c: f for c, f in futures.items() if isinstance(f, ProvinceOutcome)}
    pending = {f.key: c for c, f in futures.items() if not isinstance(f, ProvinceOutcome)}
    with tqdm(
        total=len(futures), initial=len(done), disable=quiet, unit="province", file=sys.stderr
    ) as bar:
        for fut in as_completed([futures[c] for c in pending.values()]):
            code = pending.pop(fut.key)
            done[code] = fut.result()
            bar.set_postfix_str(code)
            bar.update()
    return done
