"""The camera database: a province's inventory with its survey history, and stored plans.

One API over two back-ends, both through SQLAlchemy 2 (GeoAlchemy2 for PostGIS):

- **GeoPackage**, the embedded default, with no server: a path ending ``.gpkg``;
- **PostgreSQL with PostGIS**, for a provincial or national server: a ``postgresql://`` URL.

>>> import tempfile, pathlib, cctvgeo as cg
>>> store = cg.store.open(pathlib.Path(tempfile.mkdtemp()) / "inventory.gpkg")
>>> store.init()
>>> report = store.import_survey(cg.datasets.load_sample().survey_path, round=2567,
...                              province="Ang Thong", errors="report")
>>> cams = store.cameras(province="Ang Thong")
>>> len(cams) == report.n_rows - len(report.dropped_rows)
True

Every survey round's statuses are kept (:meth:`Store.history`, :meth:`Store.changes`);
an import is one transaction; a password in a URL is never shown (``repr``, messages).
See ``docs/store.md``.

**Size.** About 1,000 lines, most of them :class:`Store`: one public class whose methods
(surveys and their rounds, risk points, request counts, plans and linkage selections) share
one connection and transaction discipline. The table definitions (``_schema``), the frame
and geometry encoding (``_codec``), the stored plans (``_plans``) and the URLs (``urls``)
are already apart; splitting the class's methods over modules would scatter one API.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import sqlalchemy as sa

from cctvgeo._errors import CctvgeoError, ValidationError
from cctvgeo.inventory import SCHEMA as CAMERA_SCHEMA
from cctvgeo.store import _codec, _schema
from cctvgeo.store.urls import is_store_url, redact_url

if TYPE_CHECKING:  # pragma: no cover
    from cctvgeo._validate import ValidationReport
    from cctvgeo.planning import InstallationPlan, LinkageSelection

__all__ = [
    "CHANGES",
    "SCHEMA_VERSION",
    "Store",
    "StoreError",
    "is_store",
    "is_store_url",
    "open",
    "redact_url",
]

SCHEMA_VERSION = _schema.SCHEMA_VERSION

#: The kinds of change :meth:`Store.changes` lists.
CHANGES = ("appeared", "disappeared", "broke", "repaired")
_NOT_WORKING = ("not_working", "broken", "under_repair")


class StoreError(CctvgeoError):
    """The store cannot be opened, is not initialised, or refused a statement."""


def is_store(source: str | os.PathLike[str]) -> bool:
    """True for a PostgreSQL URL or a GeoPackage that holds a cctvgeo store."""
    if is_store_url(source):
        return True
    path = Path(source)
    if path.suffix.lower() != ".gpkg" or not path.is_file():
        return False
    import sqlite3

    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as con:
            found = con.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
            ).fetchone()
    except sqlite3.DatabaseError:  # not SQLite at all: let the GIS reader say what it is
        return False
    return found is not None


def open(url: str | os.PathLike[str]) -> Store:
    """Open a store: a ``.gpkg`` path (created on :meth:`Store.init`) or a ``postgresql://`` URL.

    Parameters
    ----------
    url : str or PathLike
        ``inventory.gpkg`` or ``postgresql://user:password@host:5432/database``.

    Returns
    -------
    Store
    """
    return Store(url)


class Store:
    """A camera database. Make it with :func:`open`; create its tables with :meth:`init`."""

    def __init__(self, url: str | os.PathLike[str]) -> None:
        if is_store_url(url):
            parsed = sa.engine.make_url(str(url)).set(drivername="postgresql+psycopg")
            self.backend: Literal["gpkg", "postgresql"] = "postgresql"
            self._secret = parsed.password
            self._engine = sa.create_engine(parsed, poolclass=sa.pool.NullPool)
            from geoalchemy2 import Geometry

            point: Any = Geometry("POINT", srid=4326)
        elif Path(url).suffix.lower() == ".gpkg":
            self.backend = "gpkg"
            self._secret = None
            self.path = Path(url)
            self._engine = _sqlite_engine(self.path)
            point = _schema.Declared("POINT")
        else:
            raise StoreError(
                f"Not a store: {redact_url(str(url))}. Give a path ending .gpkg or a "
                "postgresql:// URL."
            )
        self._md = _schema.tables(point)
        self.url = (
            str(self.path)
            if self.backend == "gpkg"
            else parsed.render_as_string(hide_password=True)
        )

    def __repr__(self) -> str:
        return f"Store({self.url!r})"

    # ------------------------------------------------------------------ plumbing

    @contextlib.contextmanager
    def _connect(self, *, write: bool) -> Iterator[sa.Connection]:
        """One transaction; database errors become a StoreError without the password."""
        try:
            engine = self._engine.execution_options(cctvgeo_write=write)
            with engine.begin() as conn:
                if not write and self.backend == "postgresql":
                    conn.exec_driver_sql("SET TRANSACTION READ ONLY")
                yield conn
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(self._scrub(f"{self.url}: {_first_line(exc)}")) from None

    def _scrub(self, text: str) -> str:
        return text.replace(self._secret, "***") if self._secret else text

    def _table(self, name: str) -> sa.Table:
        return self._md.tables[name]

    @property
    def schema_version(self) -> int | None:
        """The schema version stored, or None before :meth:`init`."""
        if self.backend == "gpkg" and not self.path.exists():
            return None
        with self._connect(write=False) as conn:
            return self._version(conn)

    def _version(self, conn: sa.Connection) -> int | None:
        """The schema version seen by ``conn``'s transaction, or None without tables."""
        if not sa.inspect(conn).has_table("schema_version"):
            return None
        return conn.execute(
            sa.select(sa.func.max(self._table("schema_version").c.version))
        ).scalar()

    def init(self) -> None:
        """Create the tables (or migrate an older store to :data:`SCHEMA_VERSION`).

        Safe to run again. A GeoPackage file is created; a PostgreSQL database must exist
        and have PostGIS (``CREATE EXTENSION postgis``, see ``docs/store.md``).

        Raises
        ------
        StoreError
            The store was made by a newer cctvgeo, or the server refused.
        """
        with self._connect(write=True) as conn:
            # Read inside the write transaction, so two concurrent inits cannot both
            # create the tables or both run one migration.
            version = self._version(conn)
            if version is not None and version > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.url} has schema version {version}, newer than this cctvgeo's "
                    f"({SCHEMA_VERSION}); upgrade cctvgeo."
                )
            if version is None:
                if self.backend == "gpkg":
                    _schema.gpkg_base(conn, self._md)
                self._md.create_all(conn)
                version = SCHEMA_VERSION
                self._stamp(conn, version)
            while version < SCHEMA_VERSION:
                _schema.MIGRATIONS[version](conn)
                version += 1
                self._stamp(conn, version)

    def _stamp(self, conn: sa.Connection, version: int) -> None:
        conn.execute(
            sa.insert(self._table("schema_version")).values(version=version, applied_at=_now())
        )

    def _require_schema(self) -> None:
        version = self.schema_version
        if version != SCHEMA_VERSION:
            what = "has no cctvgeo tables" if version is None else f"has schema version {version}"
            raise StoreError(f"{self.url} {what}; run `cctvgeo db init` (Store.init()) first.")

    # ------------------------------------------------------------------ surveys

    def import_survey(
        self,
        source: Any,
        *,
        round: int,
        province: str = "",
        errors: Literal["raise", "report"] = "raise",
        **read_options: Any,
    ) -> ValidationReport:
        """Read a survey with :func:`cctvgeo.read_cameras` and upsert it as one round.

        Cameras are matched by ``camera_id``: a new id is added, a known one updated (only
        from a round at least as recent as the one it was last seen in). The round's status,
        linkage and repair budget of every camera are kept in ``camera_rounds``; importing
        the same round and province again replaces that round. The whole import is one
        transaction: if it fails or is killed, the store is as it was.

        Parameters
        ----------
        source : path or frame
            What :func:`cctvgeo.read_cameras` reads.
        round : int
            The survey round, e.g. 2567 (Buddhist-era year).
        province : str, optional
            The province the survey is from.
        errors : {"raise", "report"}, default "raise"
            ``"raise"``: any error raises one :class:`~cctvgeo.ValidationError` and nothing
            is written. ``"report"``: the usable rows are written, and every problem is
            stored with its source row in ``import_problems``.
        **read_options
            Passed to :func:`cctvgeo.read_cameras` (``columns``, ``crs``, ``area``, ``sheet``).

        Returns
        -------
        ValidationReport
            The survey's problems (also stored with ``errors="report"``).
        """
        from cctvgeo import inventory

        if errors not in ("raise", "report"):
            raise ValueError(f"errors must be 'raise' or 'report', not {errors!r}.")
        self._require_schema()
        cams, report = inventory.read_cameras(source, errors="report", **read_options)
        if errors == "raise" and not report.ok:
            raise ValidationError(report)
        cams = _first_of_each_id(cams, report)
        problems = _problem_rows(
            report, source, round=int(round), province=province, sheet=read_options.get("sheet")
        )
        self._write_round(cams, report, problems, round=int(round), province=province)
        return report

    def add_round(
        self,
        cams: gpd.GeoDataFrame,
        *,
        round: int,
        province: str = "",
        source: str = "cameras",
    ) -> ValidationReport:
        """Store cameras already read (by :func:`cctvgeo.read_cameras`) as one survey round.

        The bulk path behind :meth:`import_survey`, for frames made in Python (the national
        roll-up, a benchmark). The cameras are checked with :func:`cctvgeo.validate_cameras`
        first; any error raises and nothing is written.

        Parameters
        ----------
        cams : GeoDataFrame
            Cameras in the canonical form.
        round : int
            The survey round.
        province : str, optional
            Their province.
        source : str, default "cameras"
            What they came from, kept in ``survey_rounds``.

        Returns
        -------
        ValidationReport
            The checks' warnings.
        """
        from cctvgeo import inventory

        self._require_schema()
        report = inventory.validate_cameras(cams)
        report.source, report.n_rows = source, len(cams)
        report.raise_if_errors()
        problems = _problem_rows(report, None, round=round, province=province)
        self._write_round(cams, report, problems, round=round, province=province)
        return report

    def _write_round(
        self,
        cams: gpd.GeoDataFrame,
        report: ValidationReport,
        problems: pd.DataFrame,
        *,
        round: int,
        province: str,
    ) -> None:
        """One transaction: the cameras, their round, the round's problems."""
        staged, points = _staged_cameras(cams, round=round, province=province)
        survey = {
            "round": round,
            "province": province,
            "source": report.source,
            "imported_at": _now(),
            "n_cameras": len(cams),
            "n_problems": len(report),
        }
        with self._connect(write=True) as conn:
            self._upsert_cameras(conn, staged, points)
            self._replace(conn, "import_problems", problems, round=round, province=province)
            self._replace(
                conn, "survey_rounds", pd.DataFrame([survey]), round=round, province=province
            )

    def _replace(
        self,
        conn: sa.Connection,
        name: str,
        rows: pd.DataFrame,
        *,
        round: int,
        province: str,
    ) -> None:
        """Delete a round's rows of one table and insert ``rows``."""
        t = self._table(name)
        conn.execute(sa.delete(t).where(t.c.round == round, t.c.province == province))
        if len(rows):
            conn.execute(sa.insert(t), _codec.plain(rows).to_dict(orient="records"))

    def _upsert_cameras(
        self, conn: sa.Connection, staged: pd.DataFrame, points: gpd.GeoSeries
    ) -> None:
        """Bulk-load the cameras into a temporary table, then upsert in two set-based statements."""
        cameras, rounds = self._table("cameras"), self._table("camera_rounds")
        stage = sa.Table(
            "cctvgeo_stage",
            sa.MetaData(),
            *[sa.Column(c.name, c.type) for c in cameras.columns if c.name != "geom"],
            sa.Column(
                "geom",
                _schema.Declared("POINT" if self.backend == "gpkg" else "geometry(Point, 4326)"),
            ),
            *[sa.Column(c, rounds.c[c].type) for c in ("round", "position", "source_row")],
            prefixes=["TEMPORARY"],
        )
        if self.backend == "postgresql":  # the staging table and the sort stay in memory
            conn.exec_driver_sql("SET LOCAL temp_buffers = '512MB'")
            conn.exec_driver_sql("SET LOCAL work_mem = '256MB'")
        conn.execute(sa.text("DROP TABLE IF EXISTS cctvgeo_stage"))
        stage.create(conn)
        columns = [c.name for c in stage.columns]
        if self.backend == "postgresql":
            _copy(conn, staged[columns], "cctvgeo_stage")
        else:
            frame = staged[columns].assign(geom=_codec.gpkg_points(points))
            conn.execute(sa.insert(stage), _codec.plain(frame).to_dict(orient="records"))
        insert = _dialect_insert(self.backend)
        take = [stage.c[c.name] for c in cameras.columns]
        names = [c.name for c in cameras.columns]
        body = sa.select(*take).where(sa.true()).order_by(stage.c.camera_id)
        ins = insert(cameras).from_select(names, body)
        conn.execute(
            ins.on_conflict_do_update(
                index_elements=["camera_id"],
                set_={n: ins.excluded[n] for n in names if n != "camera_id"},
                where=cameras.c.last_round <= ins.excluded.last_round,
            )
        )
        rnames = [c.name for c in rounds.columns]
        rins = insert(rounds).from_select(
            rnames,
            sa.select(*[stage.c[n] for n in rnames]).where(sa.true()).order_by(stage.c.camera_id),
        )
        conn.execute(
            rins.on_conflict_do_update(
                index_elements=["camera_id", "round"],
                set_={n: rins.excluded[n] for n in rnames if n not in ("camera_id", "round")},
            )
        )
        conn.execute(sa.text("DROP TABLE cctvgeo_stage"))
        if self.backend == "postgresql":  # fresh statistics, so reads by province use the indexes
            conn.exec_driver_sql("ANALYZE cameras, camera_rounds")

    def cameras(self, province: str | None = None, *, as_of: int | None = None) -> gpd.GeoDataFrame:
        """The cameras of the latest round (or the latest round up to ``as_of``), validated.

        Parameters
        ----------
        province : str, optional
            One province; all by default.
        as_of : int, optional
            A round: each province's cameras as surveyed in its latest round up to this one.

        Returns
        -------
        GeoDataFrame
            In the form :func:`cctvgeo.read_cameras` returns: the columns of
            :data:`cctvgeo.inventory.SCHEMA` (status, linkage and repair budget of that round;
            the other columns as last surveyed), the survey's other columns, ``geometry``
            (points, EPSG:4326). The index holds the camera ids.

        Raises
        ------
        cctvgeo.ValidationError
            The stored cameras fail :func:`cctvgeo.validate_cameras` (cannot happen for
            cameras written by :meth:`import_survey` of one province).
        """
        from cctvgeo import inventory

        self._require_schema()
        cams, rounds, surveys = (
            self._table(n) for n in ("cameras", "camera_rounds", "survey_rounds")
        )
        latest = sa.select(
            surveys.c.province, sa.func.max(surveys.c.round).label("round")
        ).group_by(surveys.c.province)
        if as_of is not None:
            latest = latest.where(surveys.c.round <= as_of)
        if province is not None:
            latest = latest.where(surveys.c.province == province)
        static = [c for c in cams.columns if c.name not in (*_schema.ROUND_COLUMNS, "geom")]
        query = (
            sa.select(
                *static,
                *[rounds.c[c] for c in _schema.ROUND_COLUMNS],
                self._wkb(cams.c.geom).label("wkb"),
            )
            .join(rounds, rounds.c.camera_id == cams.c.camera_id)
            .order_by(rounds.c.province, rounds.c.position)
        )
        with self._connect(write=False) as conn:
            # the rounds as values, so that the planner takes the (province, round) index
            pairs = [tuple(r) for r in conn.execute(latest)]
            rows = pd.read_sql(
                query.where(sa.tuple_(rounds.c.province, rounds.c.round).in_(pairs)), conn
            )
        out = _camera_frame(rows)
        inventory.validate_cameras(out).raise_if_errors()
        return out

    def _wkb(self, column: sa.Column[Any]) -> sa.ColumnElement[Any]:
        """The WKB of a point column (PostGIS: ST_AsBinary; GeoPackage: the blob's WKB part)."""
        if self.backend == "postgresql":
            return sa.func.ST_AsBinary(column)
        return sa.literal_column(
            _codec.GPKG_WKB_SQL.format(col=f"{column.table.name}.{column.name}")
        )

    def history(self, camera_id: str) -> pd.DataFrame:
        """A camera's rounds, oldest first.

        Returns
        -------
        DataFrame
            ``round``, ``province``, ``status``, ``linked``, ``repair_budget_thb``,
            ``source_row`` (its row in that survey) and ``source`` (the survey file).
        """
        self._require_schema()
        rounds, surveys = self._table("camera_rounds"), self._table("survey_rounds")
        query = (
            sa.select(
                rounds.c.round, rounds.c.province, *[rounds.c[c] for c in _schema.ROUND_COLUMNS],
                rounds.c.source_row, surveys.c.source,
            )
            .join(surveys, (surveys.c.round == rounds.c.round) & (surveys.c.province == rounds.c.province))
            .where(rounds.c.camera_id == camera_id)
            .order_by(rounds.c.round)
        )  # fmt: skip
        with self._connect(write=False) as conn:
            out = pd.read_sql(query, conn)
        return out.astype({"linked": "boolean", "repair_budget_thb": "float64"})

    def changes(self, round_a: int, round_b: int, *, province: str | None = None) -> pd.DataFrame:
        """Cameras that appeared, disappeared, broke or were repaired between two rounds.

        The committee's yearly check that cameras reported as working still work.

        Parameters
        ----------
        round_a, round_b : int
            The earlier and the later round.
        province : str, optional
            One province; all by default.

        Returns
        -------
        DataFrame
            ``camera_id``, ``province``, ``change`` (one of :data:`CHANGES`), ``status_a``,
            ``status_b``; ordered by change, then camera id. Broke: working in ``round_a``,
            not working, broken or under repair in ``round_b``; repaired: the reverse.
        """
        self._require_schema()
        rounds = self._table("camera_rounds")
        query = sa.select(
            rounds.c.camera_id, rounds.c.province, rounds.c.round, rounds.c.status
        ).where(rounds.c.round.in_([round_a, round_b]))
        if province is not None:
            query = query.where(rounds.c.province == province)
        with self._connect(write=False) as conn:
            rows = pd.read_sql(query, conn)
        a = rows[rows["round"] == round_a].set_index("camera_id")
        b = rows[rows["round"] == round_b].set_index("camera_id")
        both = a[["province", "status"]].join(
            b[["province", "status"]], how="outer", suffixes=("_a", "_b")
        )
        sa_, sb = both["status_a"], both["status_b"]
        change = np.select(
            [
                sa_.isna(),
                sb.isna(),
                (sa_ == "working") & sb.isin(_NOT_WORKING),
                sa_.isin(_NOT_WORKING) & (sb == "working"),
            ],
            list(CHANGES),
            default="",
        )
        out = pd.DataFrame(
            {
                "camera_id": both.index.to_numpy(dtype=object),
                "province": both["province_b"].fillna(both["province_a"]).to_numpy(dtype=object),
                "change": change,
                "status_a": sa_.to_numpy(dtype=object),
                "status_b": sb.to_numpy(dtype=object),
            }
        )
        out = out[out["change"] != ""]
        order = pd.Categorical(out["change"], categories=list(CHANGES), ordered=True)
        return (
            out.assign(_o=order)
            .sort_values(["_o", "camera_id"])
            .drop(columns="_o")
            .reset_index(drop=True)
        )

    def problems(self, round: int, *, province: str = "") -> pd.DataFrame:
        """The problems stored by ``import_survey(errors="report")`` for one round, with their rows."""
        self._require_schema()
        t = self._table("import_problems")
        query = (
            sa.select(*[c for c in t.columns if c.name != "problem_id"])
            .where(t.c.round == round, t.c.province == province)
            .order_by(t.c.problem_id)
        )
        with self._connect(write=False) as conn:
            return pd.read_sql(query, conn)

    # ------------------------------------------------------------------ risk points and requests

    def import_risk_points(
        self,
        source: Any,
        *,
        province: str = "",
        errors: Literal["raise", "report"] = "raise",
        **read_options: Any,
    ) -> ValidationReport:
        """Replace a province's risk points with those of a file, in one transaction.

        The file is read with :func:`cctvgeo.riskpoints.read_risk_points`.

        With ``errors="raise"`` any error raises and nothing is written; with ``"report"``
        the usable points are written and the report (returned) lists the rest.
        """
        from cctvgeo.riskpoints import read_risk_points

        self._require_schema()
        points, report = read_risk_points(source, errors="report", **read_options)
        if errors == "raise":
            report.raise_if_errors()
        points = points.to_crs(4326)
        rows = pd.DataFrame(
            {
                "province": province,
                "point_id": points["point_id"].astype(str).to_numpy(),
                "data": _codec.json_rows(pd.DataFrame(points.drop(columns=points.geometry.name))),
            }
        )
        t = self._table("risk_points")
        with self._connect(write=True) as conn:
            conn.execute(sa.delete(t).where(t.c.province == province))
            if len(rows):
                conn.execute(sa.insert(t), self._with_points(rows, points.geometry))
        return report

    def _with_points(self, rows: pd.DataFrame, geoms: gpd.GeoSeries) -> list[dict[str, Any]]:
        if self.backend == "postgresql":
            wkb = shapely.to_wkb(
                shapely.set_srid(geoms.to_numpy(), 4326), hex=True, include_srid=True
            )
            return _codec.plain(rows.assign(geom=wkb)).to_dict(orient="records")
        return _codec.plain(rows.assign(geom=_codec.gpkg_points(geoms))).to_dict(orient="records")

    def risk_points(self, province: str | None = None) -> gpd.GeoDataFrame:
        """The stored risk points (EPSG:4326), with a ``province`` column."""
        self._require_schema()
        t = self._table("risk_points")
        query = sa.select(t.c.province, t.c.data, self._wkb(t.c.geom).label("wkb")).order_by(
            t.c.province, t.c.point_id
        )
        if province is not None:
            query = query.where(t.c.province == province)
        with self._connect(write=False) as conn:
            rows = pd.read_sql(query, conn)
        data = _codec.frame_from_json_rows(rows["data"]).assign(province=rows["province"])
        return gpd.GeoDataFrame(data, geometry=_points(rows["wkb"]), crs=4326)

    def import_requests(
        self, source: Any, *, province: str = "", **read_options: Any
    ) -> ValidationReport:
        """Store a footage-request log as monthly counts only, replacing the province's.

        :func:`cctvgeo.riskpoints.read_access_requests` drops personal data as it reads;
        the store keeps no request either, only the number of requests per month, camera,
        requesting agency, case type and outcome (``request_stats``).
        """
        from cctvgeo.riskpoints import read_access_requests

        self._require_schema()
        reqs, report = read_access_requests(source, errors="report", **read_options)
        keys = ["camera_id", "agency", "case_type", "outcome"]
        frame = pd.DataFrame(reqs[keys]).assign(
            month=pd.to_datetime(reqs["requested_at"]).dt.strftime("%Y-%m").fillna("unknown")
        )
        stats = (
            frame.fillna(dict.fromkeys(keys, ""))
            .groupby(["month", *keys], sort=True)
            .size()
            .rename("n_requests")
            .reset_index()
            .replace({k: {"": None} for k in keys})
            .assign(province=province)
        )
        t = self._table("request_stats")
        with self._connect(write=True) as conn:
            conn.execute(sa.delete(t).where(t.c.province == province))
            if len(stats):
                conn.execute(sa.insert(t), _codec.plain(stats).to_dict(orient="records"))
        return report

    def request_stats(self, province: str | None = None) -> pd.DataFrame:
        """The stored monthly request counts (``request_stats``)."""
        self._require_schema()
        t = self._table("request_stats")
        query = sa.select(t).order_by(t.c.province, t.c.month)
        if province is not None:
            query = query.where(t.c.province == province)
        with self._connect(write=False) as conn:
            return pd.read_sql(query, conn)

    # ------------------------------------------------------------------ plans and linkage

    def save_plan(
        self, plan: InstallationPlan, *, name: str, settings: Mapping[str, Any] | None = None
    ) -> None:
        """Store a plan under ``name``, replacing one of that name.

        Kept: its sites, footprints, years, demand, summary, coverage curve and numbers, and
        the ``settings`` it was made with (any JSON-able mapping, e.g. the budgets).
        """
        parts = {
            "sites": plan.sites,
            "footprints": plan.footprints,
            "years": plan.years,
            "demand": plan.demand,
            "summary": plan.summary(),
            "curve": plan.coverage_curve(),
        }
        values = {
            k: getattr(plan, k) for k in ("objective_before", "objective_after", "total_weight")
        }
        self._save("plans", name, parts, values, settings)

    def load_plan(self, name: str) -> InstallationPlan:
        """The plan stored under ``name``: the same tables and exports as the one saved.

        Its :meth:`~cctvgeo.planning.InstallationPlan.summary` and coverage curve are the
        stored ones (a stored plan cannot re-solve for another number of curve points).
        """
        from cctvgeo.store._plans import StoredPlan

        parts, values, _ = self._load("plans", name)
        return StoredPlan.from_parts(parts, values)

    def plan_settings(self, name: str) -> dict[str, Any]:
        """The settings a plan was saved with."""
        return self._load("plans", name)[2]

    def plans(self) -> pd.DataFrame:
        """The stored plans: ``name``, ``saved_at``."""
        return self._names("plans")

    def save_linkage(
        self, selection: LinkageSelection, *, name: str, settings: Mapping[str, Any] | None = None
    ) -> None:
        """Store a linkage selection (:func:`cctvgeo.planning.select_for_linkage`) under ``name``."""
        parts = {"cameras": selection.cameras}
        if selection.by_district is not None:
            parts["by_district"] = selection.by_district
        values = {
            k: getattr(selection, k) for k in ("quota", "objective_before", "objective_after")
        }
        self._save("linkage_selections", name, parts, values, settings)

    def load_linkage(self, name: str) -> LinkageSelection:
        """The linkage selection stored under ``name``."""
        from cctvgeo.planning import LinkageSelection

        parts, values, _ = self._load("linkage_selections", name)
        return LinkageSelection(
            cameras=parts["cameras"], by_district=parts.get("by_district"), **values
        )

    def _save(
        self,
        kind: str,
        name: str,
        parts: Mapping[str, pd.DataFrame],
        values: Mapping[str, Any],
        settings: Mapping[str, Any] | None,
    ) -> None:
        self._require_schema()
        head, tables = self._table(kind), self._table("saved_tables")
        rows = [
            {
                "kind": kind,
                "name": name,
                "part": part,
                "n_rows": len(frame),
                "data": _codec.table_to_json(frame),
            }
            for part, frame in parts.items()
        ]
        with self._connect(write=True) as conn:
            conn.execute(sa.delete(head).where(head.c.name == name))
            conn.execute(sa.delete(tables).where(tables.c.kind == kind, tables.c.name == name))
            conn.execute(
                sa.insert(head).values(
                    name=name,
                    saved_at=_now(),
                    settings=json.dumps(dict(settings or {}), ensure_ascii=False, default=str),
                    values=json.dumps({k: _native(v) for k, v in values.items()}),
                )
            )
            conn.execute(sa.insert(tables), rows)

    def _load(
        self, kind: str, name: str
    ) -> tuple[dict[str, pd.DataFrame], dict[str, Any], dict[str, Any]]:
        self._require_schema()
        head, tables = self._table(kind), self._table("saved_tables")
        with self._connect(write=False) as conn:
            found = conn.execute(
                sa.select(head.c.settings, head.c["values"]).where(head.c.name == name)
            ).first()
            if found is None:
                known = ", ".join(
                    conn.execute(sa.select(head.c.name).order_by(head.c.name)).scalars()
                )
                raise StoreError(
                    f"No {kind[:-1].replace('_', ' ')} named {name!r} in {self.url} (stored: {known or 'none'})."
                )
            parts = conn.execute(
                sa.select(tables.c.part, tables.c.data).where(
                    tables.c.kind == kind, tables.c.name == name
                )
            ).all()
        return (
            {part: _codec.table_from_json(data) for part, data in parts},
            json.loads(found[1]),
            json.loads(found[0]),
        )

    def _names(self, kind: str) -> pd.DataFrame:
        self._require_schema()
        head = self._table(kind)
        with self._connect(write=False) as conn:
            return pd.read_sql(sa.select(head.c.name, head.c.saved_at).order_by(head.c.name), conn)


# --------------------------------------------------------------------------- helpers


def _sqlite_engine(path: Path) -> sa.Engine:
    """A SQLite engine whose writing transactions take the write lock at once.

    Two processes importing at the same time then queue instead of failing half-way (the
    second waits up to 60 s for the first, ``BEGIN IMMEDIATE``); reads take no write lock
    (``BEGIN``), so they never wait for an import. Connections are not pooled: each operation opens
    and closes its own, so a store holds no file or server connection between calls.
    """
    engine = sa.create_engine(
        f"sqlite:///{path}", connect_args={"timeout": 60}, poolclass=sa.pool.NullPool
    )

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, record: Any) -> None:
        dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN itself (below)
        dbapi_conn.execute("PRAGMA foreign_keys = ON")

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        write = conn.get_execution_options().get("cctvgeo_write", True)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _dialect_insert(backend: str) -> Any:
    """The INSERT construct with ON CONFLICT of the back-end's dialect."""
    from sqlalchemy.dialects import postgresql, sqlite

    return postgresql.insert if backend == "postgresql" else sqlite.insert


def _copy(conn: sa.Connection, frame: pd.DataFrame, table: str) -> None:
    """PostgreSQL COPY of a frame (CSV written by pandas; the bulk path, not row inserts)."""
    import io

    buf = io.StringIO()
    frame.to_csv(buf, index=False, header=False, na_rep="\\N")
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    columns = ", ".join(f'"{c}"' for c in frame.columns)
    with cursor.copy(f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv, NULL '\\N')") as copy:
        copy.write(buf.getvalue())


def _staged_cameras(
    cams: gpd.GeoDataFrame,
    *,
    round: int,
    province: str,
) -> tuple[pd.DataFrame, gpd.GeoSeries]:
    """The staging table's rows, and the points in EPSG:4326.

    The rows hold the canonical columns, the other columns as JSON and the points as hex EWKB.
    """
    points = (
        cams.geometry
        if cams.crs is None or cams.crs.equals("EPSG:4326")
        else cams.geometry.to_crs(4326)
    )
    extra = [c for c in cams.columns if c not in CAMERA_SCHEMA and c != cams.geometry.name]
    out = pd.DataFrame(cams[list(CAMERA_SCHEMA)]).reset_index(drop=True)
    out.insert(1, "province", province)
    out["extra"] = _codec.json_rows(pd.DataFrame(cams[extra]))
    out["last_round"] = out["round"] = round
    out["position"] = np.arange(len(out))
    out["source_row"] = cams.index.astype(str).to_numpy()
    wkb = shapely.to_wkb(shapely.set_srid(points.to_numpy(), 4326), hex=True, include_srid=True)
    out["geom"] = wkb if len(out) else pd.Series([], dtype=object)
    return out, points


def _first_of_each_id(cams: gpd.GeoDataFrame, report: ValidationReport) -> gpd.GeoDataFrame:
    """The cameras without repeated ids; each left-out row is reported once.

    The reader already reports a repeated id on the same row, under the survey's own
    header for the id, with the id as its value; that problem is replaced by the store's,
    which says the row was not stored, so the row is counted once in the report.
    """
    from cctvgeo._validate import Problem

    repeated = cams["camera_id"].duplicated(keep="first").to_numpy()
    first = cams.index[~repeated][
        pd.Index(cams["camera_id"][~repeated]).get_indexer(cams["camera_id"][repeated])
    ]
    left_out = set(zip(cams.index[repeated], cams["camera_id"][repeated].astype(str), strict=True))
    report.problems = [p for p in report.problems if (p.row, p.value) not in left_out]
    report.extend(
        Problem.coded(
            "store_id_repeated", row, "camera_id", str(cid), action="row dropped", kept=kept
        )
        for row, cid, kept in zip(cams.index[repeated], cams["camera_id"][repeated], first, strict=True)
    )  # fmt: skip
    return cams[~repeated]


def _problem_rows(
    report: ValidationReport,
    source: Any,
    *,
    round: int,
    province: str,
    sheet: str | int | None = None,
) -> pd.DataFrame:
    """The report's problems with the source row each is about (JSON), for import_problems.

    The rows are read as the camera reader reads them (same sheet and header row), and
    their personal data is removed as the reader removes it: no name, phone or id number is
    stored, even in a copy of a row.
    """
    from cctvgeo._personal import strip_personal
    from cctvgeo._read.headers import CAMERA_HEADER_HINT
    from cctvgeo._read.table import read_table

    frame = report.to_frame()
    if frame.empty:
        return frame
    table = None
    if isinstance(source, str | os.PathLike | pd.DataFrame):
        raw = read_table(source, header_hint=CAMERA_HEADER_HINT, sheet=sheet)
        strip_personal(raw, {})
        table = raw.frame
    rows = frame["row"]
    data: list[str | None] = [None] * len(frame)
    if table is not None:
        labels = table.index.astype(str)
        hit = rows.astype(str).isin(labels).to_numpy()
        found = table.set_axis(labels).loc[rows.astype(str)[hit]]
        texts = np.asarray(data, dtype=object)
        texts[hit] = _codec.json_rows(pd.DataFrame(found.astype(str).where(found.notna(), None)))
        data = texts.tolist()
    return pd.DataFrame(
        {
            "round": round,
            "province": province,
            "row": rows.map(lambda r: None if r is None else str(r)),
            "column": frame["column"],
            "value": frame["value"].astype(str),
            "message": frame["message"],
            "fix": frame["fix"],
            "severity": frame["severity"],
            "action": frame["action"],
            "row_data": data,
        }
    )


def _points(wkb: pd.Series) -> gpd.GeoSeries:
    values = (
        np.asarray([bytes(v) for v in wkb], dtype=object)
        if len(wkb)
        else np.asarray([], dtype=object)
    )
    return gpd.GeoSeries(shapely.from_wkb(values), index=wkb.index, crs=4326)


def _camera_frame(rows: pd.DataFrame) -> gpd.GeoDataFrame:
    """Stored camera rows in the form read_cameras returns."""
    typed = pd.DataFrame(
        {
            name: rows[name].astype(dtype if dtype != "str" else object)
            for name, dtype in CAMERA_SCHEMA.items()
        }
    )
    for name, dtype in CAMERA_SCHEMA.items():
        if dtype == "str":
            typed[name] = rows[name].astype("str").where(rows[name].notna(), None)
    extra = _codec.frame_from_json_rows(rows["extra"])
    out = pd.concat([typed, extra.drop(columns=[c for c in extra.columns if c in typed])], axis=1)
    out.index = pd.Index(rows["camera_id"].to_numpy(dtype=object))
    out.attrs = {}
    return gpd.GeoDataFrame(out, geometry=_points(rows["wkb"].set_axis(out.index)), crs=4326)


def _native(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _first_line(exc: Exception) -> str:
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip()
    return re.split(r"\n", text, maxsplit=1)[0]
