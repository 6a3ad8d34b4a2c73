"""Writing files: atomic, reproducible, and with spreadsheet cells that never run as formulas.

A failure never leaves a half-written file, and readers never see one. Every
writer in cctvgeo (cameras, plans, maps, reports) goes through :func:`atomic_path`.
Every workbook is written by :func:`write_xlsx` and every GeoPackage by :func:`write_gpkg`,
and both are byte for byte the same for the same content, whoever calls them (the
``cctvgeo`` command or a notebook).

**Reproducible files.** An ``.xlsx`` is a zip archive whose entries carry the time they were
written and whose document properties carry creation and modification times;
:func:`write_xlsx` sets all of them to :data:`FIXED_DATE`. A GeoPackage records the time of
each layer's last change (``gpkg_contents.last_change``); :func:`write_gpkg` writes with
GDAL's ``OGR_CURRENT_DATE`` set to the same date (:data:`FIXED_GPKG_DATE`).

**Atomic writes.** Files being written live in :data:`TMP_DIR`, a hidden folder in the
target's folder, removed when empty. Each writer holds a locked claim file there while it
writes; a run that is killed (SIGKILL, power cut) leaves its claim unlocked, and the next
write to the same folder removes what it left, GDAL's ``-journal`` included. Leftovers of
earlier versions (``.plan.k3j2_x9q.xlsx`` beside ``plan.xlsx``) are removed too.

**Formula injection.** A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return (or their full-width forms) is run as a formula by Excel, LibreOffice and
Google Sheets: ``=HYPERLINK(...)``, ``@SUM(...)``, ``-2+3+cmd|' /C calc'!A0``. Following
OWASP's CSV-injection guidance every writer neutralises such cells, headers included
(:func:`formula_like` decides which; a plain number written as text, such as ``-2.5``, is
not one, and numbers are written as numbers):

* CSV (:func:`write_csv`): the cell is written with a leading apostrophe, ``'=HYPERLINK(...)``,
  which spreadsheets show as text. A cell that already starts with apostrophes before such a
  start gets one more, so cctvgeo's readers remove exactly one apostrophe from such cells
  (:func:`from_csv`) and a file written by :func:`cctvgeo.write_cameras` reads back unchanged.
* XLSX (:func:`_excel_cell`): the cell is stored as text with Excel's quote-prefix flag (what
  typing the apostrophe in Excel does); its value is unchanged, and it stays text when edited.
"""

from __future__ import annotations

import contextlib
import io
import math
import os
import re
import secrets
import sys
import threading
import time
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeAlias

import geopandas as gpd
import numpy as np
import pandas as pd

from cctvgeo._errors import CctvgeoError

if TYPE_CHECKING:  # pragma: no cover
    from numpy.typing import NDArray

#: Output formats by file suffix.
TABLE_FORMATS = {".gpkg": "GPKG", ".geojson": "GeoJSON", ".csv": "csv", ".xlsx": "xlsx"}
#: The hidden folder, beside each output, that holds the files being written.
TMP_DIR = ".cctvgeo-tmp"
#: Where advisory locks are missing (Windows), a claim this old (seconds) is a dead run's.
STALE_CLAIM_S = 24 * 3600.0
#: Temporary files of cctvgeo versions before TMP_DIR: ``.<stem>.<random>.<suffix>`` beside
#: ``<stem>.<suffix>``, and their SQLite journals. The random part has no dot.
_OLD_TEMP = re.compile(
    r"\.(?P<stem>.+)\.[A-Za-z0-9_]+(?P<suffix>\.(gpkg|geojson|csv|xlsx|html|tif|png))"
    r"(-journal|-wal|-shm)?"
)
#: The date written into every workbook (zip entries, document properties) and GeoPackage.
FIXED_DATE = (2000, 1, 1, 0, 0, 0)
#: :data:`FIXED_DATE` as GDAL's ``OGR_CURRENT_DATE`` takes it.
FIXED_GPKG_DATE = "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}.000Z".format(*FIXED_DATE)
#: Held while ``OGR_CURRENT_DATE`` is set: the environment is shared by all threads.
_GDAL_DATE_LOCK = threading.Lock()


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path for ``path``; on success rename it to ``path``.

    The temporary path is in :data:`TMP_DIR` beside ``path`` and does not exist when
    yielded, so tools that refuse to overwrite (GDAL) can create it. On error it is
    removed and ``path`` is left as it was. What killed runs left in the folder is
    removed first (:func:`sweep`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "note.txt"
    >>> with atomic_path(out) as tmp:
    ...     _ = tmp.write_text("done")
    >>> out.read_text(), sorted(p.name for p in out.parent.iterdir())
    ('done', ['note.txt'])
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise CctvgeoError(f"The folder {path.parent} does not exist.")
    sweep(path.parent, writing=path.name)
    folder = path.parent / TMP_DIR
    try:
        with _claim(folder) as token:
            tmp = folder / f"{token}-{path.name}"
            try:
                yield tmp
                tmp.replace(path)
            finally:
                _remove_claimed(folder, token)
    finally:
        with contextlib.suppress(OSError):  # another run is writing here, or it is gone
            folder.rmdir()


def sweep(folder: str | os.PathLike[str], *, writing: str | None = None) -> list[Path]:
    """Remove the temporary files that killed runs left in ``folder``; return them.

    Files of runs still writing are kept: their claims are locked. Also removed are the
    temporary files that earlier cctvgeo versions wrote beside the file being written
    (``.plan.k3j2_x9q.xlsx`` when ``plan.xlsx`` is written); hidden files beside other
    files are never touched, as they may be the user's own.

    Parameters
    ----------
    folder : str or PathLike
        An output folder.
    writing : str, optional
        The name of the file about to be written in ``folder``.
    """
    folder = Path(folder)
    old = [p for p in folder.iterdir() if _is_old_temporary(p.name, writing)] if writing else []
    for p in old:
        p.unlink(missing_ok=True)
    return old + [p for claim in (folder / TMP_DIR).glob("*.lock") for p in _sweep_claim(claim)]


def _is_old_temporary(name: str, target: str) -> bool:
    """``name`` is an earlier version's temporary file of ``target``."""
    match = _OLD_TEMP.fullmatch(name)
    return match is not None and f"{match['stem']}{match['suffix']}" == target


@contextlib.contextmanager
def _claim(folder: Path) -> Iterator[str]:
    """A fresh name prefix in ``folder``, kept by a locked ``<prefix>.lock`` until the end."""
    while True:
        folder.mkdir(exist_ok=True)
        token = secrets.token_hex(8)
        claim = folder / f"{token}.lock"
        try:
            fd = os.open(claim, os.O_CREAT | os.O_EXCL | os.O_RDWR)
        except FileNotFoundError:  # the folder was removed by another run as it emptied
            continue
        if _try_lock(fd) and _same_file(fd, claim):
            break
        os.close(fd)  # a sweep took the new claim before it was locked: take another
    try:
        yield token
    finally:
        os.close(fd)
        claim.unlink(missing_ok=True)


def _remove_claimed(folder: Path, token: str) -> None:
    for leftover in folder.glob(f"{token}-*"):
        leftover.unlink(missing_ok=True)


def _sweep_claim(claim: Path) -> list[Path]:
    """The files of ``claim`` (and the claim) when the run that made it is gone; else none."""
    try:
        fd = os.open(claim, os.O_RDWR)
    except OSError:  # gone already, or held open (Windows)
        return []
    try:
        if not _owner_gone(fd):
            return []
        files = list(claim.parent.glob(f"{claim.stem}-*"))
        for p in files:  # the files first, then the claim: a claim never outlives its files
            p.unlink(missing_ok=True)
    finally:
        os.close(fd)
    claim.unlink(missing_ok=True)
    return [*files, claim]


def _try_lock(fd: int) -> bool:
    """Lock the open file ``fd`` for this process; False when another process holds it."""
    if sys.platform == "win32":  # no advisory locks: claims are judged by age
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _owner_gone(fd: int) -> bool:
    """True when the run that locked the claim ``fd`` has ended (its lock died with it)."""
    if sys.platform == "win32":
        return time.time() - os.fstat(fd).st_mtime > STALE_CLAIM_S
    return _try_lock(fd)


def _same_file(fd: int, path: Path) -> bool:
    """True when ``path`` still names the open file ``fd`` (a sweep did not remove it)."""
    try:
        return os.path.samestat(os.fstat(fd), path.stat())
    except FileNotFoundError:
        return False


def write_frame(gdf: gpd.GeoDataFrame, path: str | os.PathLike[str], *, layer: str) -> Path:
    """Write a GeoDataFrame as GPKG, GeoJSON, CSV or XLSX, atomically.

    GPKG and GeoJSON keep the CRS. CSV and XLSX, the formats people open in Excel,
    hold point positions as ``latitude``/``longitude`` in EPSG:4326 in the last two
    columns (other geometry types as one ``wkt`` column). CSV is UTF-8 with a
    BOM so Excel shows Thai; XLSX stores text as text, never as a formula.

    Parameters
    ----------
    gdf : GeoDataFrame
        The data; its index is not written.
    path : str or PathLike
        Output file; the suffix picks the format (:data:`TABLE_FORMATS`).
    layer : str
        GPKG layer and XLSX sheet name.
    """
    path = Path(path)
    driver = TABLE_FORMATS.get(path.suffix.lower())
    if driver is None:
        raise CctvgeoError(
            f"Cannot write {path.suffix!r} files; use one of {', '.join(TABLE_FORMATS)}."
        )
    if driver == "GPKG":
        return write_gpkg({layer: gdf}, path)
    if driver == "xlsx":
        return write_xlsx({layer: spreadsheet_ready(gdf)}, path)
    with atomic_path(path) as tmp:
        if driver == "GeoJSON":
            _gdal_ready(gdf).to_file(tmp, driver=driver, layer=layer)  # not the temp name
        else:
            write_csv(spreadsheet_ready(gdf), tmp)
    return path


def write_gpkg(layers: Mapping[str, gpd.GeoDataFrame], path: str | os.PathLike[str]) -> Path:
    """Write GeoDataFrames as the layers of one GeoPackage, atomically and reproducibly.

    The same frames give the same bytes: GDAL stamps :data:`FIXED_GPKG_DATE` as each
    layer's last change. Nullable booleans and mixed text columns are stored as text.

    Parameters
    ----------
    layers : mapping of str to GeoDataFrame
        Layer name -> data, in the order they are written; indexes are not written.
    path : str or PathLike
        The ``.gpkg`` file.

    Returns
    -------
    Path
        ``path``.
    """
    path = Path(path)
    with atomic_path(path) as tmp, _GDAL_DATE_LOCK:
        old = os.environ.get("OGR_CURRENT_DATE")
        os.environ["OGR_CURRENT_DATE"] = FIXED_GPKG_DATE
        try:
            for i, (name, gdf) in enumerate(layers.items()):
                _gdal_ready(gdf).to_file(tmp, driver="GPKG", layer=name, mode="a" if i else "w")
        finally:
            if old is None:
                os.environ.pop("OGR_CURRENT_DATE", None)
            else:
                os.environ["OGR_CURRENT_DATE"] = old
    return path


@dataclass(frozen=True)
class Heading:
    """A bold line of text in a sheet of :func:`write_xlsx`.

    Attributes
    ----------
    text : str
        The line.
    size : float, optional
        Font size in points; the workbook's default when None.
    """

    text: str
    size: float | None = None


#: One block of a sheet, top to bottom: a table (a bold header row, then its rows), a
#: :class:`Heading`, a plain line of text, or ``None`` for an empty row.
Block: TypeAlias = pd.DataFrame | Heading | str | None
#: Column widths (characters) that :func:`write_xlsx` sets from a sheet's tables.
COLUMN_WIDTH = (8, 60)


def write_xlsx(
    sheets: Mapping[str, pd.DataFrame | Sequence[Block]], path: str | os.PathLike[str]
) -> Path:
    r"""Write one workbook, atomically and reproducibly; no text cell ever runs as a formula.

    Every cctvgeo workbook goes through here. Text is stored as text (quote-prefixed when
    :func:`formula_like`), numbers as numbers, missing values as empty cells. Each column
    is as wide as its longest table cell (within :data:`COLUMN_WIDTH`). The same sheets
    give the same bytes: zip entries and document properties carry :data:`FIXED_DATE`.

    Parameters
    ----------
    sheets : mapping of str to DataFrame or sequence of blocks
        Sheet name (cut to Excel's 31 characters) -> one table, or the sheet's blocks
        (:data:`Block`) from top to bottom.
    path : str or PathLike
        The ``.xlsx`` file.

    Returns
    -------
    Path
        ``path``.

    Examples
    --------
    >>> import tempfile, pathlib, pandas as pd
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "t.xlsx"
    >>> first = write_xlsx({"t": pd.DataFrame({"a": ["=1+2"]})}, out).read_bytes()
    >>> write_xlsx({"t": pd.DataFrame({"a": ["=1+2"]})}, out).read_bytes() == first
    True
    >>> pd.read_excel(out)["a"].tolist()
    ['=1+2']
    """
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    book.properties.creator = "cctvgeo"
    for name, content in sheets.items():
        blocks = [content] if isinstance(content, pd.DataFrame) else list(content)
        _write_sheet(book.create_sheet(name[:31]), blocks)
    buffer = io.BytesIO()
    book.save(buffer)
    path = Path(path)
    with atomic_path(path) as tmp:
        write_fixed_zip(buffer.getvalue(), tmp)
    return path


def _write_sheet(ws: Any, blocks: list[Block]) -> None:
    """Append the blocks to a write-only sheet, after setting its column widths."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    for col, width in enumerate(_column_widths(blocks), start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    for block in blocks:
        if block is None:
            ws.append([])
        elif isinstance(block, str):
            ws.append([_excel_cell(ws, block)])
        elif isinstance(block, Heading):
            ws.append([_styled(ws, block.text, Font(bold=True, size=block.size))])
        else:
            bold = Font(bold=True)
            ws.append([_styled(ws, str(c), bold) for c in block.columns])
            for row in block.itertuples(index=False):
                ws.append([_excel_cell(ws, v) for v in row])


def _column_widths(blocks: list[Block]) -> list[int]:
    """Each column's width: its longest header or cell in the sheet's tables, bounded."""
    low, high = COLUMN_WIDTH
    widths = np.zeros(0)
    for table in (b for b in blocks if isinstance(b, pd.DataFrame)):
        heads = np.array([len(str(c)) for c in table.columns], dtype=float)
        text = table.astype(str)
        cells = np.array([text.iloc[:, i].str.len().max() for i in range(text.shape[1])], float)
        longest = np.minimum(np.fmax(heads, cells) + 2, high)
        widths = np.pad(widths, (0, max(0, len(longest) - len(widths))), constant_values=low)
        widths[: len(longest)] = np.maximum(widths[: len(longest)], longest)
    return widths.astype(int).tolist()


def _styled(ws: Any, text: str, font: Any) -> Any:
    """A text cell (never a formula) in ``font``."""
    cell = _excel_cell(ws, text)
    if cell is not None:
        cell.font = font
    return cell


def write_fixed_zip(data: bytes, path: Path) -> None:
    """Write an Office file's zip with fixed times, so the same content gives the same bytes.

    Parameters
    ----------
    data : bytes
        The xlsx or docx file as its library saved it.
    path : Path
        Where to write it (the caller makes the write atomic).

    Notes
    -----
    Every zip entry's time and the document's created and modified dates in
    ``docProps/core.xml`` are set to :data:`FIXED_DATE`.
    """
    stamp = "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}Z".format(*FIXED_DATE).encode()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms)",
                    lambda m: m.group(1) + stamp + m.group(2),
                    content,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, content)


def _gdal_ready(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """A copy GDAL can store: nullable booleans and mixed object columns as text."""
    out = gdf.reset_index(drop=True)
    for col in out.columns:
        if col == out.geometry.name:
            continue
        if str(out[col].dtype) == "boolean":
            out[col] = out[col].map({True: "true", False: "false"}).astype("str")
        elif out[col].dtype == object:
            out[col] = out[col].map(lambda v: None if _is_missing(v) else str(v)).astype("str")
    return out


def spreadsheet_ready(gdf: gpd.GeoDataFrame) -> pd.DataFrame:
    """Columns for CSV/XLSX, with the geometry as latitude/longitude (points) or WKT."""
    geoms = gdf.geometry
    if gdf.crs is not None and not gdf.crs.equals("EPSG:4326"):
        geoms = geoms.to_crs(4326)
    frame = pd.DataFrame(_gdal_ready(gdf).drop(columns=gdf.geometry.name))
    present = ~(geoms.isna() | geoms.is_empty).to_numpy()
    if bool((geoms[present].geom_type == "Point").all()):
        lat = np.full(len(geoms), np.nan)
        lon = np.full(len(geoms), np.nan)
        lat[present], lon[present] = geoms[present].y.to_numpy(), geoms[present].x.to_numpy()
        position = pd.DataFrame({"latitude": lat, "longitude": lon})
    else:
        position = pd.DataFrame({"wkt": geoms.to_wkt().to_numpy()})
    return pd.concat([frame, position], axis=1)


def _excel_cell(ws: Any, value: Any) -> Any:
    """An openpyxl cell value for ``ws``, write-only or not: text never runs as a formula.

    Missing is empty, numbers are numbers, and text is stored as text, quote-prefixed when
    :func:`formula_like`.
    """
    from openpyxl.cell import WriteOnlyCell

    if _is_missing(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, str):
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"  # a survey text such as "=HYPERLINK(...)" must not run as a formula
        cell.quotePrefix = _runs_as_formula(value)
        return cell
    return value


#: First characters that make a spreadsheet read text as a formula (OWASP), with the
#: full-width forms some spreadsheets also accept.
_FORMULA_CHARS = "=+-@\t\r\uff1d\uff0b\uff0d\uff20"
_FORMULA_START = re.compile(f"[{re.escape(_FORMULA_CHARS)}]")
_FORMULA_FIRST = ("'", *_FORMULA_CHARS)
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def formula_like(values: pd.Series) -> NDArray[np.bool_]:
    """Which cells are text a spreadsheet would run as a formula, leading apostrophes aside.

    Examples
    --------
    >>> import pandas as pd
    >>> formula_like(pd.Series(["=1+2", "'@SUM(A1)", "-2.5", "-2+3", "ok", -7.0])).tolist()
    [True, True, False, True, False, False]
    """
    return _texts_where(values.to_numpy(dtype=object), _FORMULA_FIRST)


def _texts_where(cells: NDArray[np.object_], first: tuple[str, ...]) -> NDArray[np.bool_]:
    """The text cells that start with one of ``first`` and :func:`_runs_as_formula`.

    The first-character test runs in C over all cells; the formula test only on those.
    """
    is_text = np.fromiter(map(isinstance, cells, repeat(str)), dtype=bool, count=len(cells))
    texts = cells[is_text]
    starts = np.fromiter(map(str.startswith, texts, repeat(first)), dtype=bool, count=len(texts))
    out = np.zeros(len(cells), dtype=bool)
    out[np.flatnonzero(is_text)[starts]] = [_runs_as_formula(t) for t in texts[starts]]
    return out


def _runs_as_formula(text: str) -> bool:
    """Whether a spreadsheet runs this text as a formula once leading apostrophes are removed."""
    bare = text.lstrip("'")
    return _FORMULA_START.match(bare) is not None and _PLAIN_NUMBER.fullmatch(bare) is None


def _guarded(values: pd.Series) -> pd.Series:
    """The cells with an apostrophe before every :func:`formula_like` one."""
    risky = formula_like(values)
    if not risky.any():
        return values
    cells = values.to_numpy(dtype=object).copy()
    cells[risky] = ("'" + pd.Series(cells[risky], dtype=object)).to_numpy(dtype=object)
    return pd.Series(cells, index=values.index, name=values.name, dtype=object)


def _unguarded(values: pd.Series) -> pd.Series:
    """The cells without the apostrophe :func:`_guarded` put before a formula-like one."""
    cells = values.to_numpy(dtype=object).copy()
    marked = _texts_where(cells, ("'",))
    if not marked.any():
        return values
    cells[marked] = pd.Series(cells[marked], dtype=object).str.slice(1).to_numpy(dtype=object)
    return pd.Series(cells, index=values.index, name=values.name, dtype=object)


def write_csv(frame: pd.DataFrame, path: str | os.PathLike[str] | IO[str]) -> None:
    """Write a frame as CSV for spreadsheets, every formula-like cell and header neutralised.

    The file is UTF-8 with a BOM (Excel shows Thai), floats have full precision, and an
    apostrophe goes before every :func:`formula_like` cell and header.

    Lines end in CRLF (RFC 4180), so a cell holding a carriage return is quoted too: left
    bare, a spreadsheet starts a new row there, and the text after it a new cell.

    Writes ``path`` (or a text stream) directly: callers write files into
    :func:`atomic_path`'s temporary file.
    """
    safe = frame.apply(_guarded).set_axis(list(_guarded(pd.Series(frame.columns))), axis=1)
    safe.to_csv(
        path, index=False, encoding="utf-8-sig", float_format="%.17g", lineterminator="\r\n"
    )


def from_csv(frame: pd.DataFrame) -> pd.DataFrame:
    """Undo :func:`write_csv`'s apostrophes, in cells and headers (for readers of CSV files)."""
    return frame.apply(_unguarded).set_axis(list(_unguarded(pd.Series(frame.columns))), axis=1)


def _is_missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))
