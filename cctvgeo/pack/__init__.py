"""The committee pack: a printable proposal per project and a cover per approval body.

:func:`write_pack` writes, for the projects of :meth:`InstallationPlan.proposals
<cctvgeo.planning.InstallationPlan.proposals>`:

* ``cover-<approval body>.pdf`` / ``.docx``: the projects that body must approve, their
  totals, and the whole plan's coverage curve (read from the plan, never solved again);
* ``project-<year>-<nn>.pdf`` / ``.docx``: one proposal per project, with its name,
  agency, year, budget source and approval body; why (the risk points, escape routes and
  request hotspots it covers, with their priority, and the coverage before and after);
  what (each camera's site, heading, model and DORI level, repairs and re-aims apart);
  the costs by budget line and by year, running costs included; the linkage to the
  central system; a black-and-white map; and a signature block.

Thai by default, English with ``lang="en"``. PDF through WeasyPrint from a Jinja2
template with autoescape (:mod:`cctvgeo.pack._pdf`), DOCX through python-docx
(:mod:`cctvgeo.pack._docx`). Text from the inputs is written as text, never as markup or
a formula; personal data in it is replaced. The documents are written by this process and
child processes, each a fixed share of them (:mod:`cctvgeo.pack._jobs`). Each file is
written atomically, and re-runs give the same bytes, whatever the number of processes.
See ``docs/proposals.md``.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # pragma: no cover
    from cctvgeo.planning.proposals import Proposals

__all__ = ["FORMATS", "PackWriting", "start_pack", "write_pack"]

#: The formats :func:`write_pack` writes.
FORMATS = ("pdf", "docx")
_PACK_FILE = re.compile(r"(cover|project)-[^/]+\.(pdf|docx)")


def write_pack(
    proposals: Proposals,
    folder: str | os.PathLike[str],
    *,
    lang: Literal["th", "en"] = "th",
    formats: tuple[str, ...] = FORMATS,
    linkage: Any = None,
    workers: int | None = None,
) -> list[Path]:
    """Write the committee pack of ``proposals`` into ``folder``.

    Parameters
    ----------
    proposals : Proposals
        From :meth:`cctvgeo.planning.InstallationPlan.proposals`.
    folder : str or PathLike
        Created if missing. Pack files (``cover-*``, ``project-*``) of an earlier run that
        this run does not write are removed, so the folder holds one pack.
    lang : {"th", "en"}, default "th"
        The documents' language.
    formats : tuple of str, default ("pdf", "docx")
        Any of :data:`FORMATS`.
    linkage : LinkageSelection, optional
        The province's 20 % selection (:func:`cctvgeo.planning.select_for_linkage`),
        quoted in each proposal.
    workers : int, optional
        Processes that write the documents: this one and ``workers - 1`` children, each
        with a fixed share of the documents (:mod:`cctvgeo.pack._jobs`). By default the
        machine's processors, at most four and at most one per six documents; ``1`` writes
        everything in this process. The files are the same bytes whatever the number.

    Returns
    -------
    list of Path
        The files written: every PDF, then every DOCX; covers before projects.

    Warns
    -----
    UserWarning
        When the Laksaman font is missing (the PDF uses a fallback Thai font).
    """
    return start_pack(
        proposals, folder, lang=lang, formats=formats, linkage=linkage, workers=workers
    ).wait()


def start_pack(
    proposals: Proposals,
    folder: str | os.PathLike[str],
    *,
    lang: Literal["th", "en"] = "th",
    formats: tuple[str, ...] = FORMATS,
    linkage: Any = None,
    workers: int | None = None,
    busy_s: float = 0.0,
) -> PackWriting:
    """Start writing the committee pack: the children get their shares and start at once.

    This process makes the documents and hands the children their shares, then returns:
    it can do other work (``busy_s`` seconds of CPU of it, which makes its own share that
    much smaller) before :meth:`PackWriting.wait` writes its share and finishes the pack.
    :func:`write_pack` is ``start_pack(...).wait()``; the files are the same bytes.

    Parameters
    ----------
    proposals, folder, lang, formats, linkage, workers
        As for :func:`write_pack`.
    busy_s : float, default 0
        CPU seconds of other work this process does before :meth:`PackWriting.wait`.

    Returns
    -------
    PackWriting
        Call :meth:`~PackWriting.wait` (or :meth:`~PackWriting.cancel` when the other
        work fails): until then the pack's files are not in ``folder``.
    """
    from cctvgeo._write import atomic_path
    from cctvgeo.pack import _jobs
    from cctvgeo.pack._content import documents
    from cctvgeo.pack._map import project_layers
    from cctvgeo.pack._pdf import font_css

    if lang not in ("th", "en"):
        raise ValueError(f"lang must be 'th' or 'en', not {lang!r}.")
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise ValueError(f"Unknown formats {unknown}; use {FORMATS}.")
    n_docs = len(proposals.projects) + proposals.projects["approval_level"].nunique()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    # the children start now, their imports overlapping the documents' making; they are
    # stopped before the temporary files they write are removed
    with contextlib.ExitStack() as stack:  # closed here only when something fails
        pool = stack.enter_context(_jobs.Pool(_jobs.processes(workers, n_docs)))
        fonts = font_css() if "pdf" in formats else ("", "")
        docs = documents(proposals, lang, project_layers(proposals), linkage)
        paths = {fmt: [folder / f"{doc.stem}.{fmt}" for doc in docs] for fmt in formats}
        temps = {
            fmt: [stack.enter_context(atomic_path(p)) for p in targets]
            for fmt, targets in paths.items()
        }
        unwritten = [None] * len(docs)
        jobs = [
            _jobs.Job(doc, pdf=pdf, docx=docx)
            for doc, pdf, docx in zip(
                docs, temps.get("pdf", unwritten), temps.get("docx", unwritten), strict=True
            )
        ]
        pool.give(jobs, fonts, busy_s)
        written = [p for fmt in formats for p in paths[fmt]]
        return PackWriting(stack.pop_all(), pool, folder, written)


class PackWriting:
    """A committee pack being written (:func:`start_pack`): finish it with :meth:`wait`."""

    def __init__(
        self, stack: contextlib.ExitStack, pool: Any, folder: Path, written: list[Path]
    ) -> None:
        self._stack, self._pool, self._folder, self._written = stack, pool, folder, written

    def wait(self) -> list[Path]:
        """Write this process's share, wait for the children and put the files in place.

        Returns
        -------
        list of Path
            The files written: every PDF, then every DOCX; covers before projects.
        """
        with self._stack:  # a failure stops the children and removes every temporary file
            self._pool.finish()
        keep = {p.name for p in self._written}
        for old in self._folder.iterdir():
            if _PACK_FILE.fullmatch(old.name) and old.name not in keep:
                old.unlink()
        return self._written

    def cancel(self) -> None:
        """Stop the children and remove the temporary files: no pack file is replaced."""
        self._stack.__exit__(RuntimeError, RuntimeError("cancelled"), None)
