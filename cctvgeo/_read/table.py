"""Read a survey-like table from any supported source, keeping the rows as the user sees them.

The result is a :class:`RawTable`: the cells as read (text for CSV, Python values
for Excel, native types for GIS files), the row labels a user can find in the source,
and, for GIS sources, the geometry and its CRS. Parsing cell values is the caller's job.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cctvgeo._errors import CctvgeoError
from cctvgeo._read.cells import CellError, is_missing, number
from cctvgeo._validate import Note, compact_rows

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
    skipped_rows : list of int
        Rows below the header skipped as empty (every cell blank or "-"), so that data
        rows read plus rows skipped is every row below the header.
    """

    frame: pd.DataFrame
    source: str
    geometry: gpd.GeoSeries | None = None
    notes: list[str] = field(default_factory=list)
    header_row: int = 1
    skipped_rows: list[int] = field(default_factory=list)


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
        skipped = f" ({len(table.skipped_rows)} empty rows)" if table.skipped_rows else ""
        raise CctvgeoError(
            f"{table.source} has no data rows below its header{skipped}. "
            "Fix: give the file with its rows."
        )
    return table


def _read_path(path: Path, header_hint: frozenset[str], sheet: str | int | None) -> RawTable:
    if not path.exists():
        raise CctvgeoError(f"File not found: {path}")
    if path.is_dir():
        raise CctvgeoError(f"{path} is a folder. Fix: give the survey file inside it.")
    if path.stat().st_size == 0:
        raise CctvgeoError(
            f"{path.name} is empty (0 bytes). Fix: save the survey again; the copy is empty."
        )
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
        f"Unsupported file type {suffix!r} ({path.name}). Fix: save it as one of "
        f"{', '.join(supported)}.{hint}"
    )


def _rows_to_table(rows: list[list[Any]], source: str, header_hint: frozenset[str]) -> RawTable:
    """Turn spreadsheet rows (1-based row i is rows[i-1]) into a table, finding the header.

    The header is the first of the first :data:`HEADER_SEARCH_ROWS` non-blank rows with
    two or more known headers (else the first non-blank row). A row of sub-headers under
    it (``พิกัด`` over ``ละติจูด``/``ลองจิจูด``, merged cells) is folded in: each column takes
    its sub-header where it has one. Empty rows below the header are skipped and listed.
    """
    import pandas as pd

    nonblank = [i for i, r in enumerate(rows) if any(not is_missing(c) for c in r)]
    if not nonblank:
        raise CctvgeoError(
            f"{source} has no data: every row is blank. Fix: give the file, or sheet, with the table."
        )
    header_at = _header_row(rows, nonblank, header_hint, source)
    header_cells, body_start = _two_level_header(rows, header_at, header_hint)
    header = _unique_headers(header_cells)
    width = len(header)
    notes: list[str] = []
    if header_at != nonblank[0]:
        notes.append(Note("title_rows", row=header_at + 1))
    if body_start > header_at + 1:
        notes.append(Note("two_level_header", first=header_at + 1, last=body_start))
    nonblank_set = set(nonblank)
    body_idx = range(body_start, len(rows))
    blank = [i + 1 for i in body_idx if i not in nonblank_set]
    data_idx = [i for i in body_idx if i in nonblank_set]
    if blank:
        notes.append(Note("empty_rows", n=len(blank), rows=compact_rows(blank)))
    data = [(list(rows[i]) + [None] * width)[:width] for i in data_idx]
    frame = pd.DataFrame(
        data, columns=header, index=pd.Index([i + 1 for i in data_idx], name="row")
    )
    extra = [i + 1 for i in data_idx if any(not is_missing(c) for c in rows[i][width:])]
    if extra:
        notes.append(Note("cells_ignored", rows=compact_rows(extra)))
    return RawTable(
        frame.astype(object), source, notes=notes, header_row=header_at + 1, skipped_rows=blank
    )


def _known_headers(cells: list[Any], header_hint: frozenset[str]) -> int:
    """How many cells of a row are known headers."""
    from cctvgeo._read.headers import header_key

    return sum(header_key(c) in header_hint for c in cells if not is_missing(c))


def _header_row(
    rows: list[list[Any]], nonblank: list[int], header_hint: frozenset[str], source: str
) -> int:
    """The header's index in ``rows``; a header found only further down is an error."""
    searched = nonblank[:HEADER_SEARCH_ROWS]
    found = next((i for i in searched if _known_headers(rows[i], header_hint) >= 2), None)
    if found is not None:
        return found
    beyond = nonblank[HEADER_SEARCH_ROWS : 10 * HEADER_SEARCH_ROWS]
    lower = next((i for i in beyond if _known_headers(rows[i], header_hint) >= 2), None)
    if lower is None:
        return nonblank[0]
    raise CctvgeoError(
        f"{source}: the header seems to be on row {lower + 1}, below the first "
        f"{HEADER_SEARCH_ROWS} rows, where it is looked for. Fix: delete the title rows above "
        f"the header, so that it is within the first {HEADER_SEARCH_ROWS} rows."
    )


def _two_level_header(
    rows: list[list[Any]], header_at: int, header_hint: frozenset[str]
) -> tuple[list[Any], int]:
    """The header cells, with a row of sub-headers folded in, and the first body row's index.

    A row of units in parentheses under named headers (``(องศา)``, ``(ม.)``) is folded in as
    the headers' units. Otherwise the row under the header is a sub-header row when all
    its cells are text (no numbers) and it has two known headers, or it names columns the header leaves blank (the cells
    a merged header spans) while leaving at least half the named header cells without a
    sub-header (headers merged down over both rows), as a data row would not.
    """
    top = list(rows[header_at])
    if header_at + 1 >= len(rows):
        return top, header_at + 1
    sub = list(rows[header_at + 1])
    width = max(len(top), len(sub))
    top += [None] * (width - len(top))
    sub += [None] * (width - len(sub))
    top_named = [not is_missing(c) for c in top]
    sub_named = [not is_missing(c) for c in sub]
    if not any(sub_named) or any(
        named and (not isinstance(c, str) or _is_numeric(c))
        for c, named in zip(sub, sub_named, strict=True)
    ):
        return top, header_at + 1
    pairs = list(zip(top_named, sub_named, strict=True))
    if all(t for t, s in pairs if s) and all(
        _UNIT.fullmatch(str(c).strip()) for c, named in zip(sub, sub_named, strict=True) if named
    ):  # a row of units under the headers: "ทิศทาง" over "(องศา)" reads as "ทิศทาง (องศา)"
        return [
            f"{t} {c}" if named else t for t, c, named in zip(top, sub, sub_named, strict=True)
        ], header_at + 2
    under_named = sum(t and s for t, s in pairs)
    fills_gaps = any(s and not t for t, s in pairs) and 2 * under_named <= sum(top_named)
    if not (fills_gaps or _known_headers(sub, header_hint) >= 2):
        return top, header_at + 1
    return [
        c if named else t for t, c, named in zip(top, sub, sub_named, strict=True)
    ], header_at + 2


def _is_numeric(cell: Any) -> bool:
    try:
        number(cell)
    except CellError:
        return False
    return True


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
    """Read one sheet; a damaged workbook, an unknown sheet or a cover sheet is one clear error."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise CctvgeoError(
            f"{path.name} is not a readable .xlsx workbook ({type(exc).__name__}: {exc}). "
            "Fix: open it in Excel and save it again as .xlsx."
        ) from None
    try:
        names = [str(n) for n in book.sheetnames]
        name = sheet_name(names, sheet, path.name)
        rows = _sheet_rows(book, name, path.name)
        if sheet is None and not _has_header(rows, header_hint):
            _suggest_sheet(book, names, header_hint, path.name)
    finally:
        book.close()
    return _rows_to_table(rows, f"{path.name} (sheet {name!r})", header_hint)


def sheet_name(names: list[str], sheet: str | int | None, file: str) -> str:
    """The name of the sheet asked for (the first by default); unknown sheets list the others."""
    if not names:
        raise CctvgeoError(
            f"{file} has no sheets. Fix: save the survey as an .xlsx with its table."
        )
    if sheet is None:
        return names[0]
    if isinstance(sheet, str) and sheet not in names and re.fullmatch(r"-?\d+", sheet.strip()):
        sheet = int(sheet)  # "1" from a command line or config: the 0-based number
    if isinstance(sheet, int) and not isinstance(sheet, bool) and -len(names) <= sheet < len(names):
        return names[sheet]
    if isinstance(sheet, str) and sheet in names:
        return sheet
    raise CctvgeoError(
        f"{file} has no sheet {sheet!r}. Its sheets are: {', '.join(map(repr, names))}. "
        "Fix: give one of them as sheet= (CLI --sheet, YAML sheet:), by name or 0-based number."
    )


def _sheet_rows(book: Any, name: str, file: str) -> list[list[Any]]:
    """Every row of a sheet as values; a sheet that cannot be parsed is one clear error."""
    try:
        return [list(r) for r in book[name].iter_rows(values_only=True)]
    except Exception as exc:  # a truncated or corrupt sheet: ParseError, BadZipFile, zlib.error...
        raise CctvgeoError(
            f"{file}: sheet {name!r} is damaged or truncated and cannot be read "
            f"({type(exc).__name__}: {exc}). Fix: open it in Excel and save it again as .xlsx."
        ) from None


def _has_header(rows: list[list[Any]], header_hint: frozenset[str]) -> bool:
    return any(_known_headers(r, header_hint) >= 2 for r in rows[: 10 * HEADER_SEARCH_ROWS])


def _suggest_sheet(book: Any, names: list[str], header_hint: frozenset[str], file: str) -> None:
    """Raise naming a later sheet with a known header when the first has none (a cover sheet)."""
    for name in names[1:]:
        if _has_header(_sheet_rows(book, name, file), header_hint):
            raise CctvgeoError(
                f"{file}: the first sheet, {names[0]!r}, has no known column headers (a cover "
                f"or notes sheet?), but sheet {name!r} has. Fix: read it with sheet={name!r} "
                "(CLI --sheet, YAML sheet:)."
            )


def _read_csv(path: Path, header_hint: frozenset[str]) -> RawTable:
    """Read a delimited text file; every record is kept or the file is refused with the line."""
    from cctvgeo._write import from_csv

    content, encoding = _decode(path)
    rows = _records(content, _delimiter(content), path.name)
    table = _rows_to_table(rows, path.name, header_hint)
    table.frame = from_csv(table.frame)  # cctvgeo's own CSV files guard formulas with "'"
    if encoding != CSV_ENCODINGS[0]:
        table.notes.append(Note("encoding", file=path.name, encoding=encoding))
    return table


def _decode(path: Path) -> tuple[str, str]:
    """The text of a file and its encoding: UTF-16 with a BOM, UTF-8, or Thai TIS-620/cp874."""
    import codecs

    raw = path.read_bytes()
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as exc:
            raise CctvgeoError(
                f"{path.name} starts like UTF-16 text but is not ({exc}). "
                "Fix: in Excel, save it as 'CSV UTF-8 (Comma delimited)' and read that file."
            ) from None
    if b"\x00" in raw:
        raise CctvgeoError(
            f"{path.name} holds NUL bytes: UTF-16 text without a byte-order mark, or not text at "
            "all. Fix: in Excel, save it as 'CSV UTF-8 (Comma delimited)' and read that file."
        )
    for encoding in CSV_ENCODINGS:
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise CctvgeoError(
        f"{path.name} is neither UTF-8 nor Thai TIS-620/cp874 text. "
        "Fix: in Excel, save it as 'CSV UTF-8 (Comma delimited)' and read that file."
    )


def _records(content: str, delimiter: str, name: str) -> list[list[str]]:
    """CSV records, with any line ending (CR, LF, CRLF) and cells of any size.

    A quote left open swallows the lines after it into one cell; that is refused with the
    line where the quote opened (see :func:`_check_quotes`).
    """
    import csv

    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(content) + 1))
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise CctvgeoError(
            f"{name}, line {reader.line_num}: not valid CSV ({exc}). Fix: save it from Excel as "
            "'CSV UTF-8 (Comma delimited)'."
        ) from None
    finally:
        csv.field_size_limit(limit)
    _check_quotes(rows, content, delimiter, name)
    return rows


_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_UNIT = re.compile(r"\([^()]*\)")


def _check_quotes(rows: list[list[str]], content: str, delimiter: str, name: str) -> None:
    """Refuse a record whose quoted cell swallowed whole lines of other records.

    Physical lines and records are counted together: record ``i`` starts on line ``i + 1``
    plus the line breaks inside the cells before it. A cell holding a line break followed
    by a line with as many delimiters as the header line is rows run together, not a note.
    """
    lines = _LINE_BREAK.split(content)
    n_lines = len(lines) - (lines[-1] == "")
    if n_lines == len(rows):  # no cell holds a line break
        return
    header = next((line for line in lines if line.strip()), "")
    needed = max(1, header.count(delimiter))
    breaks = [sum(len(_LINE_BREAK.findall(c)) for c in r) for r in rows]
    for i, row in enumerate(rows):
        if breaks[i] and any(
            line.count(delimiter) >= needed for cell in row for line in _LINE_BREAK.split(cell)[1:]
        ):
            line = i + 1 + sum(breaks[:i])
            raise CctvgeoError(
                f'{name}: a quote (") opened on line {line} is not closed, so lines {line + 1}-'
                f"{min(line + breaks[i], n_lines)} were read into one cell instead of as rows. Fix: remove the "
                f'stray quote on line {line}, or double it ("") if it belongs in the text.'
            )


def _delimiter(content: str) -> str:
    """The field delimiter, judged from the header line alone (data cells may hold any of them).

    Standard CSV quoting (``"a ""quoted"" cell"``) is assumed: sniffing quoting from the data
    misreads cells that contain quotes.
    """
    header = next((line for line in _LINE_BREAK.split(content) if line.strip()), "")
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
        raise CctvgeoError(
            f"{path.name} could not be read as a GIS file: {exc}. Fix: export it again from the "
            "GIS as GeoPackage or GeoJSON, or give the table as .xlsx or .csv."
        ) from None
    notes: list[str] = []
    if len(frames) > 1:
        sizes = ", ".join(f"{n} ({len(f)})" for n, f in zip(layers, frames, strict=True))
        notes.append(Note("layers", file=path.name, n=len(frames), sizes=sizes))
        frames = [f for f in frames if len(f)] or frames[:1]
    gdf = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    gdf.index = pd.RangeIndex(1, len(gdf) + 1, name="feature")
    geometry = gdf.geometry if gdf.geometry.name in gdf else None
    frame = pd.DataFrame(gdf.drop(columns=gdf.geometry.name, errors="ignore"))
    return RawTable(frame, path.name, geometry=geometry, notes=notes)
