"""Build the shipped Thai province polygons, ``cctvgeo/sample_data/thailand_provinces.gpkg``.

Run ``python data/make_national_provinces.py [SOURCE.geojson]`` from the repository root.
The source is ``provinces.geojson`` of github.com/chingchai/OpenGISData-Thailand at commit
``5b332fc913afc609c49c25eff5f446983323163b`` (77 provinces, WGS 84; no license stated, so
the derivative names its source in ``thailand_provinces.SOURCE.md`` beside it). By default
it is read from ``../shared/realdata/thailand-provinces/`` (the lead's copy; not in a
user's clone, which is why the derivative is shipped).

The derivative is simplified as one coverage (:func:`shapely.coverage_simplify`), so shared
borders stay shared: no gaps or overlaps appear between neighbours that the source did not
have. It keeps ``pro_code`` (two digits), ``pro_th``, ``pro_en``, ``reg_royin`` (the
Royal Institute's six regions, in English) and adds ``region_th``.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd
import shapely

from cctvgeo import _write

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared" / "realdata" / "thailand-provinces" / "provinces.geojson"
OUT = ROOT / "cctvgeo" / "sample_data" / "thailand_provinces.gpkg"
#: Simplification of the shared borders, in degrees (about 1 km): the file stays small
#: and every province keeps its area within about 1.5 %.
TOLERANCE_DEG = 0.01
#: The Royal Institute's regions in Thai.
REGION_TH = {
    "Central": "ภาคกลาง",
    "East": "ภาคตะวันออก",
    "North": "ภาคเหนือ",
    "Northeast": "ภาคตะวันออกเฉียงเหนือ",
    "South": "ภาคใต้",
    "West": "ภาคตะวันตก",
}


def build(source: Path) -> gpd.GeoDataFrame:
    """The simplified provinces, sorted by ``pro_code``, in EPSG:4326."""
    raw = gpd.read_file(source).to_crs("EPSG:4326").sort_values("pro_code", ignore_index=True)
    return gpd.GeoDataFrame(
        {
            "pro_code": raw["pro_code"].astype(str).str.zfill(2),
            "pro_th": raw["pro_th"].astype(str),
            "pro_en": raw["pro_en"].astype(str),
            "reg_royin": raw["reg_royin"].astype(str),
            "region_th": raw["reg_royin"].map(REGION_TH),
        },
        geometry=shapely.coverage_simplify(raw.geometry.to_numpy(), TOLERANCE_DEG),
        crs="EPSG:4326",
    )


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: read the source and write the shipped GeoPackage."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, nargs="?", default=SOURCE)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    provinces = build(args.source)
    _write.write_frame(provinces, args.out, layer="provinces")
    print(f"{len(provinces)} provinces, {args.out.stat().st_size / 1e3:.0f} kB: {args.out}")


if __name__ == "__main__":
    main()
