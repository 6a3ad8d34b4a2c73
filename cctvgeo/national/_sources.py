"""National inputs partitioned by province: where each province's part is and how to read it.

An input is one of:

* a GeoParquet dataset partitioned by ``pro_code``, hive style
  (``cameras.parquet/pro_code=10/part.0.parquet``);
* a folder of one GeoPackage per province, named by its code (``cameras/10.gpkg``);
* a GeoDataFrame in memory, with a ``pro_code`` column (cameras need none: they are
  assigned by a spatial join).

A :class:`Part` names one province's part without reading it, so that the task of that
province reads it on its worker: no task reads another province's files.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

import geopandas as gpd

from cctvgeo._errors import CctvgeoError

__all__ = ["Part", "partitions", "read_part"]

Source: TypeAlias = str | os.PathLike[str] | gpd.GeoDataFrame


@dataclass(frozen=True)
class Part:
    """One province's part of a national input: a file or folder to read, or a frame.

    Attributes
    ----------
    label : str
        The ``pro_code`` of the partition (the province it was filed under).
    path : Path or None
        A GeoParquet partition folder, or a GeoPackage.
    frame : GeoDataFrame or None
        The part, when the input is in memory.
    """

    label: str
    path: Path | None = None
    frame: gpd.GeoDataFrame | None = None

    def __str__(self) -> str:
        return str(self.path) if self.path is not None else f"the frame's rows of {self.label}"


def partitions(source: Source | None, what: str) -> dict[str, Part]:
    """The parts of a national input, by ``pro_code``.

    Parameters
    ----------
    source : path, GeoDataFrame or None
        See the module's documentation.
    what : str
        The input's name, for messages (``"roads"``).

    Returns
    -------
    dict of str to Part
        Empty for ``None``.

    Raises
    ------
    cctvgeo.CctvgeoError
        The folder does not exist or holds neither partitions nor GeoPackages; a frame has
        no ``pro_code`` column.
    """
    if source is None:
        return {}
    if isinstance(source, gpd.GeoDataFrame):
        if "pro_code" not in source.columns:
            raise CctvgeoError(
                f"{what}: the GeoDataFrame has no 'pro_code' column; add each row's province "
                "code, or give a dataset partitioned by pro_code."
            )
        codes = source["pro_code"].astype(str)
        return {
            str(code): Part(str(code), frame=source[(codes == code).to_numpy()])
            for code in sorted(codes.unique())
        }
    path = Path(source)
    if not path.is_dir():
        raise CctvgeoError(
            f"{what}: {path} is not a folder; give a GeoParquet dataset partitioned by "
            "pro_code (pro_code=10/...) or a folder of GeoPackages named by code (10.gpkg)."
        )
    hive = sorted(p for p in path.glob("pro_code=*") if p.is_dir())
    if hive:
        return {p.name.split("=", 1)[1]: Part(p.name.split("=", 1)[1], path=p) for p in hive}
    gpkgs = sorted(path.glob("*.gpkg"))
    if gpkgs:
        return {p.stem: Part(p.stem, path=p) for p in gpkgs}
    raise CctvgeoError(
        f"{what}: {path} holds no pro_code=XX partitions and no GeoPackages; give a "
        "GeoParquet dataset partitioned by pro_code or a folder of GeoPackages named by code."
    )


def read_part(part: Part, what: str) -> gpd.GeoDataFrame:
    """Read one part, with its ``pro_code`` label as a column.

    Raises
    ------
    cctvgeo.CctvgeoError
        The file cannot be read, holds no geometries or has no CRS; the message names it.
    """
    if part.frame is not None:
        return part.frame
    assert part.path is not None
    try:
        read = gpd.read_parquet if part.path.is_dir() else gpd.read_file
        frame = read(part.path)
    except Exception as exc:  # pyarrow, GDAL and geopandas raise many types
        raise CctvgeoError(f"{what}: {part.path} could not be read: {exc}") from None
    if not isinstance(frame, gpd.GeoDataFrame) or frame.crs is None:
        raise CctvgeoError(f"{what}: {part.path} has no geometries with a CRS.")
    frame["pro_code"] = part.label
    frame["pro_code"] = frame["pro_code"].astype("str")
    return frame
