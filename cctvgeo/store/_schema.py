"""The store's tables, one definition for both back-ends (SQLAlchemy Core).

Only the type of the point columns differs: PostGIS ``geometry(Point, 4326)`` (with a GiST
index, through GeoAlchemy2) or a GeoPackage geometry blob. A GeoPackage store is a valid
GeoPackage: :func:`gpkg_base` writes the spec's metadata tables, and every table is listed
in ``gpkg_contents`` (``cameras`` and ``risk_points`` as features), so QGIS and GDAL open it.

:data:`SCHEMA_VERSION` is stored in ``schema_version``; :data:`MIGRATIONS` maps an older
version to the function that brings a store to the next one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from cctvgeo.inventory import SCHEMA as CAMERA_SCHEMA

#: The version of the schema this cctvgeo writes.
SCHEMA_VERSION = 1

#: version -> function(connection) that migrates a store from it to version + 1.
MIGRATIONS: dict[int, Callable[[sa.Connection], None]] = {}

#: Per-round camera columns (the rest of the camera's columns are its latest values).
ROUND_COLUMNS = ("status", "linked", "repair_budget_thb")

_SQL_TYPES: dict[str, Any] = {
    "str": sa.Text,
    "float64": sa.Double,
    "boolean": sa.Boolean,
    "Int64": sa.Integer,
}


class Declared(sa.types.UserDefinedType[Any]):
    """A column declared as ``spec`` whose values pass through as they are.

    ``Declared("POINT")`` is a GeoPackage point column (GeoPackage geometry blobs);
    ``Declared("geometry(Point, 4326)")`` is a PostGIS column that COPY fills from hex EWKB.
    """

    cache_ok = True

    def __init__(self, spec: str) -> None:
        self.spec = spec

    def get_col_spec(self, **kw: Any) -> str:
        return self.spec


def _camera_columns() -> list[sa.Column[Any]]:
    return [
        sa.Column(name, _SQL_TYPES[dtype])
        for name, dtype in CAMERA_SCHEMA.items()
        if name != "camera_id"
    ]


def tables(point: Any) -> sa.MetaData:
    """The store's tables, with ``point`` as the type of the point columns.

    Parameters
    ----------
    point : SQLAlchemy type
        ``geoalchemy2.Geometry("POINT", 4326)`` for PostGIS, ``Declared("POINT")`` for GeoPackage.
    """
    md = sa.MetaData()
    sa.Table(
        "schema_version",
        md,
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("applied_at", sa.Text, nullable=False),
    )
    sa.Table(
        "cameras",
        md,
        sa.Column("camera_id", sa.Text, primary_key=True),
        sa.Column("province", sa.Text, nullable=False, index=True),
        *_camera_columns(),
        sa.Column("extra", sa.Text, nullable=False, comment="the survey's other columns, JSON"),
        sa.Column("last_round", sa.Integer, nullable=False),
        sa.Column("geom", point, nullable=False),
    )
    sa.Table(
        "survey_rounds",
        md,
        sa.Column("round", sa.Integer, primary_key=True),
        sa.Column("province", sa.Text, primary_key=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("imported_at", sa.Text, nullable=False),
        sa.Column("n_cameras", sa.Integer, nullable=False),
        sa.Column("n_problems", sa.Integer, nullable=False),
    )
    sa.Table(
        "camera_rounds",
        md,
        sa.Column("camera_id", sa.Text, primary_key=True),
        sa.Column("round", sa.Integer, primary_key=True),
        sa.Column("province", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("linked", sa.Boolean),
        sa.Column("repair_budget_thb", sa.Double),
        sa.Column("position", sa.Integer, nullable=False, comment="order in the survey"),
        sa.Column("source_row", sa.Text, nullable=False),
        sa.Index("ix_camera_rounds_province_round", "province", "round"),
    )
    sa.Table(
        "import_problems",
        md,
        sa.Column("problem_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("round", sa.Integer, nullable=False),
        sa.Column("province", sa.Text, nullable=False),
        sa.Column("row", sa.Text),
        sa.Column("column", sa.Text),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("fix", sa.Text, nullable=False),
        sa.Column("severity", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("row_data", sa.Text, comment="the source row as read, JSON"),
        sa.Index("ix_import_problems_round", "province", "round"),
    )
    sa.Table(
        "risk_points",
        md,
        sa.Column("province", sa.Text, primary_key=True),
        sa.Column("point_id", sa.Text, primary_key=True),
        sa.Column("data", sa.Text, nullable=False, comment="the point's columns, JSON"),
        sa.Column("geom", point, nullable=False),
    )
    sa.Table(
        "request_stats",
        md,
        sa.Column("province", sa.Text, nullable=False, index=True),
        sa.Column("month", sa.Text, nullable=False),
        sa.Column("camera_id", sa.Text),
        sa.Column("agency", sa.Text),
        sa.Column("case_type", sa.Text),
        sa.Column("outcome", sa.Text),
        sa.Column("n_requests", sa.Integer, nullable=False),
    )
    for kind in ("plans", "linkage_selections"):
        sa.Table(
            kind,
            md,
            sa.Column("name", sa.Text, primary_key=True),
            sa.Column("saved_at", sa.Text, nullable=False),
            sa.Column("settings", sa.Text, nullable=False, comment="JSON"),
            sa.Column("values", sa.Text, nullable=False, comment="the result's numbers, JSON"),
        )
    sa.Table(
        "saved_tables",
        md,
        sa.Column("kind", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("part", sa.Text, primary_key=True),
        sa.Column("n_rows", sa.Integer, nullable=False),
        sa.Column("data", sa.Text, nullable=False, comment="the table, JSON (frames.py)"),
    )
    return md


#: The GeoPackage metadata tables (OGC 12-128r18, requirements 10-22), and its pragmas.
_GPKG_DDL = (
    "PRAGMA application_id = 1196444487",  # 'GPKG'
    "PRAGMA user_version = 10400",
    """CREATE TABLE gpkg_spatial_ref_sys (
        srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
        organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT)""",
    """CREATE TABLE gpkg_contents (
        table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
        description TEXT DEFAULT '',
        last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
        CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))""",
    """CREATE TABLE gpkg_geometry_columns (
        table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
        srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
        CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
        CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
        CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))""",
)


def gpkg_base(conn: sa.Connection, md: sa.MetaData) -> None:
    """Write the GeoPackage metadata tables and list the store's tables in them."""
    from pyproj import CRS

    for statement in _GPKG_DDL:
        conn.exec_driver_sql(statement)
    srs = [
        ("Undefined cartesian SRS", -1, "NONE", -1, "undefined"),
        ("Undefined geographic SRS", 0, "NONE", 0, "undefined"),
        ("WGS 84 geodetic", 4326, "EPSG", 4326, CRS.from_epsg(4326).to_wkt("WKT1_GDAL")),
    ]
    conn.exec_driver_sql(
        "INSERT INTO gpkg_spatial_ref_sys (srs_name, srs_id, organization, "
        "organization_coordsys_id, definition) VALUES (?, ?, ?, ?, ?)",
        srs,
    )
    features = {"cameras", "risk_points"}
    conn.exec_driver_sql(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES (?, ?, ?, ?)",
        [
            (
                name,
                "features" if name in features else "attributes",
                name,
                4326 if name in features else None,
            )
            for name in md.tables
        ],
    )
    conn.exec_driver_sql(
        "INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', 'POINT', 4326, 0, 0)",
        [(name,) for name in sorted(features)],
    )
