"""The pack's documents written by several processes, each a fixed share of them.

WeasyPrint and matplotlib run in one thread, so a pack is written by ``workers`` processes:
this one and ``workers - 1`` children. Which process writes which document is fixed
before any starts (:func:`shares`: the documents' estimated work, dealt out largest first
to the least loaded share), never by which process is free first. Each process draws its
documents' maps and writes their PDF and DOCX; a document's bytes are the same whichever
process writes it, alone or after others (each PDF is laid out on its own, the maps are
drawn with matplotlib's default style, and the fonts' CSS is made once, by the caller).

Each child is a fresh ``python -c`` process (:func:`serve`), started before the documents
are made so that its imports (about two seconds of CPU) overlap that work. It is given
its share in a private temporary folder, so nothing of the caller's ``__main__`` is
imported again (unlike :mod:`multiprocessing`'s ``spawn`` and ``forkserver``), and
scripts need no ``if __name__ == "__main__"`` guard.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from cctvgeo.pack._content import Document

#: Processes at most when ``workers`` is not given (WeasyPrint needs memory per process).
MAX_WORKERS = 4
#: Documents per process at least when ``workers`` is not given: a child's start (about
#: 1.7 s of CPU) costs as much as writing three or four documents.
_PER_PROCESS = 6
#: Estimated work of a document, in table cells: each map, and each document, costs this.
_MAP_CELLS, _DOC_CELLS = 150, 50
#: CPU seconds a cell of work takes, about (to turn other work's seconds into cells).
CELL_S = 0.0014
#: A child's start, in the same cells: its imports (about 1.7 s of CPU) less what this
#: process does meanwhile (the documents' texts, the maps' layers, the shares' pickling:
#: about 0.7 s), at about :data:`CELL_S` of CPU a cell. The children's shares start with
#: it, so this process takes more.
_START_CELLS = 700
_SERVE = "from cctvgeo.pack._jobs import serve; serve()"
#: What a child imports before its share comes (what writing a share imports).
_IMPORTS = (
    "cctvgeo._write",
    "cctvgeo.pack._content",
    "cctvgeo.pack._map",
    "docx",
    "matplotlib.backends.backend_agg",
    "matplotlib.figure",
    "PIL.Image",
    "weasyprint",
    "weasyprint.text.fonts",
)


@dataclass(frozen=True)
class Job:
    """One document and where its PDF and DOCX go (None: that format is not written)."""

    doc: Document
    pdf: Path | None
    docx: Path | None


def processes(workers: int | None, n_docs: int) -> int:
    """How many processes write ``n_docs`` documents.

    ``workers=None`` uses the processors this process may run on, at most
    :data:`MAX_WORKERS` and at most one per :data:`_PER_PROCESS` documents; a number is
    used as given (at most one process per document). One is this process alone.
    """
    if workers is None:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        return max(1, min(cores or 1, MAX_WORKERS, n_docs // _PER_PROCESS))
    if workers < 1:
        raise ValueError(f"workers must be 1 or more, not {workers}.")
    return max(1, min(workers, n_docs))


def work(doc: Document) -> int:
    """A document's estimated work, in table cells (its maps and itself counted too)."""
    cells = sum(
        len(table.headers) * (len(table.rows) + 1) for part in doc.sections for table in part.tables
    )
    maps = sum(part.image is not None or part.layers is not None for part in doc.sections)
    return cells + _MAP_CELLS * maps + _DOC_CELLS


def shares(work: list[int], n: int, start: int, busy: int = 0) -> list[list[int]]:
    """The documents (by position) of each of ``n`` shares, the largest first to the least loaded.

    The first share is this process's and starts loaded with ``busy`` (other work it does
    meanwhile); the others, the children's, start loaded with ``start`` (a child's
    start-up). Ties go to the document listed first and the share numbered first, so the
    shares depend on the documents (and the two loads) only. Each share lists its
    documents in their order.

    Examples
    --------
    >>> shares([5, 1, 4, 2, 2], 2, start=0)
    [[0, 4], [1, 2, 3]]
    >>> shares([5, 1, 4, 2, 2], 2, start=3)
    [[0, 3, 4], [1, 2]]
    >>> shares([5, 1, 4, 2, 2], 2, start=0, busy=6)
    [[3, 4], [0, 1, 2]]
    """
    order = np.argsort(-np.asarray(work, dtype=np.int64), kind="stable")
    load = np.full(n, start, dtype=np.int64)
    load[0] = busy
    which = np.empty(len(work), dtype=np.int64)
    for k in order:  # one step per document (a pack has tens)
        which[k] = int(np.argmin(load))
        load[which[k]] += work[k]
    return [np.flatnonzero(which == s).tolist() for s in range(n)]


class Pool:
    """The processes of a pack: this one and ``n - 1`` children, started on entry.

    On leaving, children still running (the caller failed before or while writing) are
    stopped, and the temporary folder that passed them their shares is removed.
    """

    def __init__(self, n: int) -> None:
        self.n = n
        self.children: list[_Child] = []
        self._own: list[Job] = []
        self._fonts = ("", "")

    def __enter__(self) -> Pool:
        with contextlib.ExitStack() as stack:  # on a failed start, what started is stopped
            if self.n > 1:
                folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
                self.children = [
                    stack.enter_context(_Child(folder / f"share-{k}")) for k in range(1, self.n)
                ]
            self._stack = stack.pop_all()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    def give(self, jobs: list[Job], fonts: tuple[str, str], busy_s: float = 0.0) -> None:
        """Deal the jobs and hand each child its share; this process's waits for :meth:`finish`.

        ``busy_s`` is the CPU time this process spends on other work before it calls
        :meth:`finish`: its share is that much smaller.
        """
        dealt = shares([work(j.doc) for j in jobs], self.n, _START_CELLS, round(busy_s / CELL_S))
        parts = [[jobs[k] for k in share] for share in dealt]
        for child, part in zip(self.children, parts[1:], strict=True):
            child.give(part, fonts)
        self._own, self._fonts = parts[0], fonts

    def finish(self) -> None:
        """Write this process's share, then wait for the children (see :meth:`give`)."""
        write_share(self._own, self._fonts)
        for child in self.children:
            child.wait()

    def write(self, jobs: list[Job], fonts: tuple[str, str]) -> None:
        """Write every job: the first share here, each other share in its child."""
        self.give(jobs, fonts)
        self.finish()


class _Child:
    """A ``python`` process that imports the pack's modules, then writes the share it is given."""

    def __init__(self, stem: Path) -> None:
        self.share = stem.with_suffix(".pickle")
        self.log = stem.with_suffix(".log")

    def __enter__(self) -> _Child:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen(  # noqa: S603  # this interpreter, our own code
                [sys.executable, "-c", _SERVE],
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=log,
                env=env,
            )
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        if self.proc.stdin is not None:
            self.proc.stdin.close()

    def give(self, jobs: list[Job], fonts: tuple[str, str]) -> None:
        """Hand the child its share (through a file: the pipe would wait for its imports)."""
        self.share.write_bytes(pickle.dumps((jobs, fonts), protocol=pickle.HIGHEST_PROTOCOL))
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"{self.share}\n".encode())
        self.proc.stdin.close()

    def wait(self) -> None:
        """Wait for the child; raise with what it printed if it failed, else pass that on.

        What it printed (WeasyPrint's warnings, say) goes to this process's standard error,
        where it would have gone had this process written the child's documents.
        """
        failed = self.proc.wait() != 0
        text = self.log.read_text(encoding="utf-8", errors="replace")
        if failed:
            raise RuntimeError(f"A process writing the committee pack failed:\n{text}")
        sys.stderr.write(text)


def serve() -> None:
    """A child's work: import the pack's modules, read the share's path, write the share."""
    import importlib

    for name in _IMPORTS:
        importlib.import_module(name)
    path = sys.stdin.readline().strip()
    if not path:  # the caller failed before giving a share
        return
    jobs, fonts = pickle.loads(Path(path).read_bytes())  # noqa: S301  # our own file
    write_share(jobs, fonts)


def write_share(jobs: list[Job], fonts: tuple[str, str]) -> None:
    """Draw the maps of ``jobs``' documents and write their PDFs and DOCX, in this process."""
    from cctvgeo.pack._docx import write_docx
    from cctvgeo.pack._map import Sheet
    from cctvgeo.pack._pdf import write_pdf

    sheet = Sheet()
    font_config: Any = None
    for job in jobs:
        doc = job.doc.drawn(sheet)
        if job.pdf is not None:
            if font_config is None:
                from weasyprint.text.fonts import FontConfiguration

                font_config = FontConfiguration()
            write_pdf(doc, job.pdf, fonts, font_config)
        if job.docx is not None:
            write_docx(doc, job.docx)
