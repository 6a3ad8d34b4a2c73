"""Read a survey-like table from any supported source, keeping the rows as the user sees them.

The result is a :class:`RawTable`: the cells as read (text for CSV, Python values
for Excel, native types for GIS files), the row labels a user can find in the source,
and, for GIS sources, the geometry and its CRS. Parsing cell values is the caller's job.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cctvgeo._errors import CctvgeoError
from cctvgeo._parse import is_missing
from cctvgeo._validate import compact_rows

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import pandas as pd

#: Encodings tried, in order, for CSV files. TIS-620 is a subset of cp874 (Windows Thai).
CSV_ENCODINGS = ("utf-8-sig", "cp874")
EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm"})
GIS_SUFFIXES = frozenset({".gpkg", ".geojson", ".json", ".shp", ".kml", ".fgb"})
TEXT_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})
#: Header rows are looked for among the first rows, since Thai forms often carry a title above.
HEADER_SEARCH_ROWS = 10


@dataclass
class RawTable:
    """Cells and provenance of one source table.

    Attributes
    ----------
    frame : pandas.DataFrame
        The data rows; the index holds the row labels (spreadsheet row numbers for
        Excel and CSV, 1-based feature numbers for GIS files, index labels for frames).
    source : str
        A name for messages.
    geometry : geopandas.GeoSeries or None
        Geometry of GIS sources, on the same index.
    notes : list of str
        What was skipped (blank rows) or guessed (encoding, header row).
    header_row : int
        Spreadsheet row of the header (1 when the first row is the header).
    """

    frame: pd.DataFrame
    source: str
    geometry: gpd.GeoSeries | None = None
    notes: list[str] = field(default_factory=list)
    header_row: int = 1


def read_table(
    source: Any, *, header_hint: frozenset[str] = frozenset(), sheet: str | int | None = None
) -> RawTable:
    """Read a path or DataFrame into a :class:`RawTable`.

    Parameters
    ----------
    source : str, PathLike, DataFrame or GeoDataFrame
        ``.xlsx``/``.xlsm``, ``.csv`` (UTF-8, UTF-8 with BOM or TIS-620/cp874),
        ``.gpkg``, ``.geojson``, ``.shp``, ``.kml``, or an in-memory frame.
    header_hint : frozenset of str
        Header keys that identify the header row of a spreadsheet with title rows above it.
    sheet : str or int, optional
        Excel sheet; the first sheet by default.

    Raises
    ------
    CctvgeoError
        If the file does not exist, its format is not supported, it cannot be decoded,
        or it has no data rows.
    """
    import geopandas as gpd
    import pandas as pd

    if isinstance(source, gpd.GeoDataFrame):
        geometry = source.geometry if source.geometry.name in source else None
        frame = pd.DataFrame(source.drop(columns=source.geometry.name, errors="ignore"))
        table = RawTable(frame, "GeoDataFrame", geometry=geometry)
    elif isinstance(source, pd.DataFrame):
        table = RawTable(source.copy(), "DataFrame")
    elif isinstance(source, str | os.PathLike):
        table = _read_path(Path(source), header_hint, sheet)
    else:
        raise TypeError(
            f"Cannot read cameras from a {type(source).__name__}: give a file path "
            "(.xlsx, .csv, .gpkg, .geojson, .shp, .osm) or a (Geo)DataFrame."
        )
    if table.frame.empty:
        raise CctvgeoError(f"{table.source} has no data rows below its header.")
    return table


def _read_path(path: Path, header_hint: frozenset[str], sheet: str | int | None) -> RawTable:
    if not path.exists():
        raise CctvgeoError(f"File not found: {path}")
    if path.is_dir():
        raise CctvgeoError(f"{path} is a folder; give the survey file inside it.")
    if path.stat().st_size == 0:
        raise CctvgeoError(f"{path.name} is empty (0 bytes).")
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        return _read_excel(path, header_hint, sheet)
    if suffix in TEXT_SUFFIXES:
        return _read_csv(path, header_hint)
    if suffix in GIS_SUFFIXES:
        return _read_gis(path)
    supported = sorted(EXCEL_SUFFIXES | TEXT_SUFFIXES | GIS_SUFFIXES | {".osm"})
    hint = " Save .xls files as .xlsx in Excel first." if suffix == ".xls" else ""
    raise CctvgeoError(
        f"Unsupported file type {suffix!r} ({path.name}). Supported: {', '.join(supported)}.{hint}"
    )


def _rows_to_table(rows: list[list[Any]], source: str, header_hint: frozenset[str]) -> RawTable:
    """Turn spreadsheet rows (1-based row i is rows[i-1]) into a table, finding the header."""
    import pandas as pd

    from cctvgeo._aliases import header_key

    nonblank = [i for i, r in enumerate(rows) if any(not is_missing(c) for c in r)]
    if not nonblank:
        raise CctvgeoError(f"{source} has no data: every row is blank.")
    header_at = nonblank[0]
    for i in nonblank[:HEADER_SEARCH_ROWS]:
        if sum(header_key(c) in header_hint for c in rows[i] if not is_missing(c)) >= 2:
            header_at = i
            break
    header = _unique_headers(rows[header_at])
    width = len(header)
    notes = []
    if header_at != nonblank[0]:
        notes.append(f"Rows above row {header_at + 1} were read as a title, not data.")
    nonblank_set = set(nonblank)
    body_idx = range(header_at + 1, len(rows))
    blank = [i + 1 for i in body_idx if i not in nonblank_set]
    data_idx = [i for i in body_idx if i in nonblank_set]
    if blank:
        notes.append(f"{len(blank)} blank rows were skipped (rows {compact_rows(blank)}).")
    data = [(list(rows[i]) + [None] * width)[:width] for i in data_idx]
    frame = pd.DataFrame(
        data, columns=header, index=pd.Index([i + 1 for i in data_idx], name="row")
    )
    extra = [i + 1 for i in data_idx if any(not is_missing(c) for c in rows[i][width:])]
    if extra:
        notes.append(f"Cells right of the last header were ignored on rows {compact_rows(extra)}.")
    return RawTable(frame.astype(object), source, notes=notes, header_row=header_at + 1)


def _unique_headers(cells: list[Any]) -> list[str]:
    """Headers as text; blank headers get a column letter, repeats get a suffix."""
    from openpyxl.utils import get_column_letter

    while cells and is_missing(cells[-1]):
        cells = cells[:-1]
    seen: dict[str, int] = {}
    out = []
    for i, cell in enumerate(cells, start=1):
        name = str(cell).strip() if not is_missing(cell) else f"column_{get_column_letter(i)}"
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return out


def _read_excel(path: Path, header_hint: frozenset[str], sheet: str | int | None) -> RawTable:
    import zipfile

    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError) as exc:
        raise CctvgeoError(f"{path.name} is not a readable .xlsx workbook ({exc}).") from None
    try:
        if sheet is None:
            ws = book.worksheets[0]
        elif isinstance(sheet, int):
            ws = book.worksheets[sheet]
        else:
            ws = book[sheet]
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
    finally:
        book.close()
    return _rows_to_table(rows, f"{path.name} (sheet {ws.title!r})", header_hint)


def _read_csv(path: Path, header_hint: frozenset[str]) -> RawTable:
    import csv

    raw = path.read_bytes()
    for encoding in CSV_ENCODINGS:
        try:
            content = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp874 decodes almost any byte string
        raise CctvgeoError(f"{path.name} is neither UTF-8 nor Thai TIS-620/cp874 text.")
    rows = [list(r) for r in csv.reader(io.StringIO(content), delimiter=_delimiter(content))]
    table = _rows_to_table(rows, path.name, header_hint)
    if encoding == "cp874":
        table.notes.append(f"{path.name} was read as Thai TIS-620/cp874 text.")
    return table


def _delimiter(content: str) -> str:
    """The field delimiter, judged from the header line alone (data cells may hold any of them).

    Standard CSV quoting (``"a ""quoted"" cell"``) is assumed: sniffing quoting from the data
    misreads cells that contain quotes.
    """
    header = next((line for line in content.splitlines() if line.strip()), "")
    counts = {d: header.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_gis(path: Path) -> RawTable:
    import geopandas as gpd
    import pandas as pd
    import pyogrio

    try:
        layers = [str(name) for name, _ in pyogrio.list_layers(path)]
        frames = [gpd.read_file(path, layer=layer) for layer in layers]
    except Exception as exc:
        raise CctvgeoError(f"{path.name} could not be read as a GIS file: {exc}") from None
    notes = []
    if len(frames) > 1:
        sizes = ", ".join(f"{n} ({len(f)})" for n, f in zip(layers, frames, strict=True))
        notes.append(f"{path.name} has {len(frames)} layers; all were read, in order: {sizes}.")
        frames = [f for f in frames if len(f)] or frames[:1]
    gdf = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    gdf.index = pd.RangeIndex(1, len(gdf) + 1, name="feature")
    geometry = gdf.geometry if gdf.geometry.name in gdf else None
    frame = pd.DataFrame(gdf.drop(columns=gdf.geometry.name, errors="ignore"))
    return RawTable(frame, path.name, geometry=geometry, notes=notes)
