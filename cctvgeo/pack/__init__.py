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

__all__ = ["FORMATS", "write_pack"]

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
    with contextlib.ExitStack() as stack, _jobs.Pool(_jobs.processes(workers, n_docs)) as pool:
        fonts = font_css() if "pdf" in formats else ("", "")
        docs = documents(proposals, lang, project_layers(proposals), linkage)
        paths = {fmt: [folder / f"{doc.stem}.{fmt}" for doc in docs] for fmt in formats}
        temps = {
            fmt: [stack.enter_context(atomic_path(p)) for p in targets]
            for fmt, targets in paths.items()
        }
        unwritten = [None] * len(docs)
        pool.write(
            [
                _jobs.Job(doc, pdf=pdf, docx=docx)
                for doc, pdf, docx in zip(
                    docs, temps.get("pdf", unwritten), temps.get("docx", unwritten), strict=True
                )
            ],
            fonts,
        )
    written = [p for fmt in formats for p in paths[fmt]]
    keep = {p.name for p in written}
    for old in folder.iterdir():
        if _PACK_FILE.fullmatch(old.name) and old.name not in keep:
            old.unlink()
    return written
