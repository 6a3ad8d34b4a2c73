"""The YAML configuration of ``cctvgeo plan``: schema, defaults, checks and loading.

The whole file is checked before any work starts. Every problem is collected and reported
at once in one :class:`ConfigError`: unknown keys (with the key that was probably meant),
wrong types, numbers that are not finite or lie outside their sane range (the message
names the key, the value and the range allowed), input files that do not exist or are of
the wrong kind, workbook sheets that do not exist and CRSs that pyproj does not know. The
format is documented in ``docs/cli.md``; :data:`SCHEMA` is the single source of truth for
the keys and their ranges.

A configuration is a few dozen values, so a file larger than :data:`MAX_BYTES`, nested
deeper than :data:`MAX_DEPTH`, or holding more than :data:`MAX_NODES` values once its YAML
aliases are expanded (the "billion laughs") is refused before it is loaded.

Paths are relative to the configuration file's folder. ``sample:NAME`` names a file of the
bundled sample province (``sample:angthong_survey.xlsx``). An input file may be given as
``{path: FILE, layer: NAME, sheet: NAME, crs: CRS}``.

**Size.** About 800 lines of one concern, the configuration: the value checks, the
fields of :class:`PlanConfig` (each key's place, check and default written once), the
YAML limits, and the renamed and removed keys.
"""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import math
import os
import reprlib
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cctvgeo import settings
from cctvgeo._errors import CctvgeoError
from cctvgeo._read.table import EXCEL_SUFFIXES, TEXT_SUFFIXES, sheet_name
from cctvgeo.riskpoints import CATEGORIES, DEMAND_FACTORS, PRIORITIES

__all__ = [
    "DEMO_CONFIG",
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "REMOVED_KEYS",
    "RENAMED_KEYS",
    "SCHEMA",
    "ConfigError",
    "InputFile",
    "PlanConfig",
    "check_crs",
    "find_sheet",
    "load_config",
    "parse_config",
]

#: Largest configuration file read, in bytes.
MAX_BYTES = 1_000_000
#: Deepest nesting of sections and lists (a configuration needs 4).
MAX_DEPTH = 20
#: Most values a configuration may hold with its YAML aliases expanded.
MAX_NODES = 10_000


class ConfigError(CctvgeoError):
    """The configuration file is wrong; the message lists every problem."""


@dataclass(frozen=True)
class InputFile:
    """An input file; for a GIS file its layer, for a workbook its sheet.

    ``crs`` is the CRS of the coordinates when the file does not say: coordinate columns
    of a table (the readers' ``crs=``), or a GIS file saved without one.
    """

    path: Path
    layer: str | None = None
    sheet: str | int | None = None
    crs: str | int | None = None
    url: str | None = None  # a camera store on a PostgreSQL server (docs/store.md)

    def __str__(self) -> str:
        if self.url is not None:
            from cctvgeo.store import redact_url

            return redact_url(self.url)
        if self.layer:
            return f"{self.path} (layer {self.layer})"
        return f"{self.path}" + (f" (sheet {self.sheet!r})" if self.sheet is not None else "")


# --------------------------------------------------------------------------- value checks
# A check returns the cleaned value or raises _BadValueError with what is wrong.


class _BadValueError(ValueError):
    pass


_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = 60
_REPR.maxlist = _REPR.maxdict = 6


def _shown(value: Any) -> str:
    """A value as a message shows it: its repr, shortened (safe for huge or shared values)."""
    return _REPR.repr(value)


def _amount(x: float) -> str:
    """A bound as text: ``1,000`` for whole numbers, ``0.5`` otherwise."""
    return f"{int(x):,}" if float(x).is_integer() else f"{x:g}"


def _text(*, most: int) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise _BadValueError(f"expected text, got {_shown(value)}")
        if len(value) > most:
            raise _BadValueError(f"at most {most:,} characters, got {len(value):,}")
        return value.strip()

    return check


def _choice(*options: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value not in options:
            guess = difflib.get_close_matches(str(value)[:100], options, n=1)
            hint = f"; did you mean {guess[0]!r}?" if guess else ""
            raise _BadValueError(f"{_shown(value)} is not one of {', '.join(options)}{hint}")
        return str(value)

    return check


def _number(
    low: float, high: float, *, unit: str = "", above: bool = False
) -> Callable[[Any], float]:
    """A finite number from ``low`` (or more than ``low`` when ``above``) to ``high``."""
    allowed = (
        f"more than {_amount(low)} and at most {_amount(high)}{unit}"
        if above
        else f"from {_amount(low)} to {_amount(high)}{unit}"
    )

    def check(value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _BadValueError(f"expected a number {allowed}, got {_shown(value)}")
        finite = not isinstance(value, float) or math.isfinite(value)  # ints may exceed floats
        if not (finite and (value > low if above else value >= low) and value <= high):
            raise _BadValueError(f"must be {allowed}, got {_shown(value)}")
        return float(value)

    return check


def _integer(low: int, high: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _BadValueError(
                f"expected a whole number from {low} to {high}, got {_shown(value)}"
            )
        if not low <= value <= high:
            raise _BadValueError(f"must be from {low} to {high}, got {_shown(value)}")
        return value

    return check


def _list(item: Callable[[Any], Any], *, most: int, what: str) -> Callable[[Any], tuple[Any, ...]]:
    """A list (or one value) of ``item``, with 1 to ``most`` entries; ``what`` names an entry."""

    def check(value: Any) -> tuple[Any, ...]:
        items = value if isinstance(value, list) else [value]
        if not 1 <= len(items) <= most:
            raise _BadValueError(f"give 1 to {most} entries, got {len(items):,}")
        out = []
        for i, entry in enumerate(items, start=1):
            try:
                out.append(item(entry))
            except _BadValueError as exc:
                raise _BadValueError(f"{what} {i}: {exc}") from None
        return tuple(out)

    return check


def _mapping(item: Callable[[Any], Any], *, most: int) -> Callable[[Any], dict[str, Any]]:
    """Keys of the user's choosing (at most ``most``), each value checked by ``item``."""

    def check(value: Any) -> dict[str, Any]:
        if not isinstance(value, dict) or len(value) > most:
            raise _BadValueError(f"expected up to {most} keys with values, got {_shown(value)}")
        out = {}
        for key, entry in value.items():
            try:
                out[str(key)] = item(entry)
            except _BadValueError as exc:
                raise _BadValueError(f"{key}: {exc}") from None
        return out

    return check


_HEADING_COUNT = _integer(1, 36)
_DEGREES = _list(_number(0, 360), most=36, what="heading")


def _headings(value: Any) -> int | str | tuple[float, ...]:
    """Candidate headings: a number of evenly spaced ones, a list of degrees, or "road"."""
    if value == "road":
        return "road"
    if isinstance(value, list):
        return _DEGREES(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return _HEADING_COUNT(value)
    raise _BadValueError(
        f"expected a number of headings (1 to 36), a list of degrees or 'road', got {_shown(value)}"
    )


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _BadValueError(f"expected true or false, got {_shown(value)}")
    return value


def check_crs(value: Any) -> str | int:
    """A CRS that pyproj knows (an EPSG code, ``EPSG:32647``, WKT or PROJ text), as given.

    Raises
    ------
    ValueError
        With what is wrong and an example of a CRS.
    """
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    fix = "use an EPSG code such as 32647 (UTM zone 47N) or 4326 (latitude/longitude)"
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise _BadValueError(f"expected a CRS, got {_shown(value)}; {fix}")
    try:
        CRS.from_user_input(value)
    except CRSError:
        raise _BadValueError(f"{_shown(value)} is not a CRS pyproj knows; {fix}") from None
    return value


def _sheet(value: Any) -> str | int:
    """A sheet name, or its position counting from 0 (as pandas and ``sheet=`` do)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip():
        return value
    raise _BadValueError(
        f"expected a sheet name or its position (0 = the first sheet), got {_shown(value)}"
    )


# --------------------------------------------------------------------------- input files


@dataclass(frozen=True)
class _File:
    """The rule of an input file: the keys it may have besides ``path``, and its kind."""

    keys: tuple[str, ...]
    tables: bool  # whether a .csv or .xlsx table is a file of this kind
    fix: str = ""  # what to give instead of a table


_TABLE = _File(("layer", "sheet", "crs"), tables=True)
_GIS = _File(("layer", "crs"), tables=False, fix="a GeoPackage, GeoJSON or shapefile")
_ROADS = _File(
    ("layer", "crs"),
    tables=False,
    fix="road lines as a GeoPackage, GeoJSON or shapefile, or an osmnx .graphml",
)
_YAML = _File((), tables=True)
_FILE_KEYS = {"layer": _text(most=200), "sheet": _sheet, "crs": check_crs}


def _factors() -> dict[str, Callable[[Any], Any]]:
    """The rules of ``plan.factors``: one per demand factor (``cg.riskpoints.DEMAND_FACTORS``)."""
    factor = _number(0, 1e6)
    rules: dict[str, Callable[[Any], Any]] = dict.fromkeys(DEMAND_FACTORS, factor)
    rules |= {
        "road_class_factor": _mapping(factor, most=100),
        "backup_priorities": _list(_choice(*PRIORITIES), most=len(PRIORITIES), what="priority"),
        "risk_point_radius_m": _number(0, 100_000, unit=" m"),
        "hotspot_radius_m": _number(0, 100_000, unit=" m"),
    }
    return rules


#: The output groups of ``outputs:``; each is on unless set to false, except those of
#: ``_OUTPUTS_OFF``, written only when set to true.
_OUTPUTS = ("map", "dashboard", "excel", "gpkg", "proposals")
_OUTPUTS_OFF = ("proposals",)
_LEVELS = ("monitor", "detect", "observe", "recognise", "identify")


def _key(key: str, rule: Any) -> dict[str, Any]:
    """The metadata of a :class:`PlanConfig` field read from ``key`` (``section.name``).

    Each key's place, check and default are written once, in its field: :data:`SCHEMA`,
    the checks and the defaults of keys left out all come from the fields.
    """
    return {"key": key, "rule": rule}


@dataclass(frozen=True)
class PlanConfig:
    """A checked configuration (see ``docs/cli.md`` for each key).

    The keys are the keywords of the functions they feed: ``coverage.max_length`` is
    :func:`cctvgeo.coverage.road_segments`'s ``max_length``, ``routes.k`` is
    :func:`cctvgeo.riskpoints.escape_routes`'s ``k``, ``plan.annual_budgets``,
    ``plan.spacing`` and ``plan.cost_model`` are those of :func:`cctvgeo.planning.plan`
    and :func:`cctvgeo.planning.candidate_sites`.
    """

    source: Path | None
    cameras: InputFile = field(metadata=_key("inputs.cameras", _TABLE))
    roads: InputFile = field(metadata=_key("inputs.roads", _ROADS))
    title: str | None = field(default=None, metadata=_key("title", _text(most=200)))
    lang: str = field(default="th", metadata=_key("lang", _choice("th", "en")))
    buildings: InputFile | None = field(default=None, metadata=_key("inputs.buildings", _GIS))
    risk_points: InputFile | None = field(default=None, metadata=_key("inputs.risk_points", _TABLE))
    requests: InputFile | None = field(default=None, metadata=_key("inputs.requests", _TABLE))
    escape_routes: InputFile | None = field(
        default=None, metadata=_key("inputs.escape_routes", _GIS)
    )
    districts: InputFile | None = field(default=None, metadata=_key("inputs.districts", _GIS))
    level: str = field(  # read when the configuration is: settings may change it
        default_factory=lambda: settings.planning_level,
        metadata=_key("coverage.level", _choice(*_LEVELS)),
    )
    max_length: float = field(
        default=20.0, metadata=_key("coverage.max_length", _number(1, 1_000, unit=" m"))
    )
    origins: tuple[str, ...] = field(
        default=(),
        metadata=_key(
            "routes.origins", _list(_choice(*CATEGORIES), most=len(CATEGORIES), what="origin")
        ),
    )
    k: int = field(default=3, metadata=_key("routes.k", _integer(1, 20)))
    annual_budgets: tuple[float, ...] = field(
        default=(),
        metadata=_key(
            "plan.annual_budgets",
            _list(_number(0, 1e12, unit=" baht", above=True), most=50, what="year"),
        ),
    )
    method: str = field(
        default="greedy", metadata=_key("plan.method", _choice("greedy", "exact", "auto"))
    )
    cost_model: InputFile | None = field(default=None, metadata=_key("plan.cost_model", _YAML))
    factors: Mapping[str, Any] = field(
        default_factory=dict, metadata=_key("plan.factors", _factors())
    )
    spacing: float | None = field(
        default=None, metadata=_key("plan.spacing", _number(20, 10_000, unit=" m"))
    )
    headings: int | str | tuple[float, ...] = field(
        default=8, metadata=_key("plan.headings", _headings)
    )
    outputs: Mapping[str, bool] = field(
        default_factory=lambda: {k: k not in _OUTPUTS_OFF for k in _OUTPUTS},
        metadata=_key("outputs", dict.fromkeys(_OUTPUTS, _boolean)),
    )

    @property
    def has_plan(self) -> bool:
        """True when the configuration asks for a plan (it has budgets)."""
        return bool(self.annual_budgets)


def _schema() -> dict[str, Any]:
    """Section -> key -> check, from the fields of :class:`PlanConfig`."""
    schema: dict[str, Any] = {}
    for f in dataclasses.fields(PlanConfig):
        if "key" in f.metadata:
            *sections, name = f.metadata["key"].split(".")
            place = schema
            for section in sections:
                place = place.setdefault(section, {})
            place[name] = f.metadata["rule"]
    order = ("title", "lang", "inputs", "coverage", "routes", "plan", "outputs")  # as in docs
    return {section: schema[section] for section in order}


#: The configuration keys: section -> key -> check (a ``_File`` for input files, a dict for
#: a sub-section). Unknown keys are errors. Every number has a sane range: enough for any
#: province, and small enough that a typo cannot ask for terabytes or run for ever.
SCHEMA: dict[str, Any] = _schema()
_REQUIRED = (("inputs", "cameras"), ("inputs", "roads"))
#: Keys renamed to the keyword of the function they feed: old key -> new key. The old
#: key is read as the new one, with a warning.
RENAMED_KEYS = {
    "coverage.segment_length_m": "coverage.max_length",
    "routes.per_origin": "routes.k",
    "plan.budgets": "plan.annual_budgets",
    "plan.candidate_spacing_m": "plan.spacing",
    "plan.costs": "plan.cost_model",
    "plan.weights": "plan.factors",
}
#: Keys that no longer do anything: key -> why. They are ignored, with a warning.
REMOVED_KEYS = {
    "coverage.min_gap_m": "it never changed the coverage or the plan; "
    "cg.coverage.coverage_gaps(min_length=...) filters gaps in Python",
}


def _unknown_key(key: Any, allowed: Mapping[str, Any], where: str) -> str:
    guess = difflib.get_close_matches(str(key)[:100], list(allowed), n=1, cutoff=0.6)
    hint = f"; did you mean {guess[0]!r}?" if guess else f" (allowed: {', '.join(allowed)})"
    return f"{where}: unknown key {_shown(str(key))}{hint}"


def _input_file(
    rule: _File, value: Any, base: Path, where: str, problems: list[str]
) -> InputFile | None:
    """Check an input-file entry (a path, or a mapping with ``path`` and the rule's keys)."""
    extra: dict[str, Any] = {}
    if isinstance(value, dict):
        allowed = dict.fromkeys(("path", *rule.keys))
        problems += [_unknown_key(k, allowed, where) for k in value if k not in allowed]
        for key in rule.keys:
            if value.get(key) is not None:
                try:
                    extra[key] = _FILE_KEYS[key](value[key])
                except _BadValueError as exc:
                    problems.append(f"{where}.{key}: {exc}")
        value = value.get("path")
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where}: expected a file path, got {_shown(value)}")
        return None
    from cctvgeo.store import is_store_url, redact_url

    if where == "inputs.cameras" and is_store_url(value):
        url = value.strip()
        return InputFile(Path(redact_url(url).rsplit("/", 1)[-1] or "store"), url=url)
    path = _resolve(value.strip(), base)
    if not _exists(path):
        problems.append(f"{where}: file not found: {path}")
        return None
    if not rule.tables and path.suffix.lower() in EXCEL_SUFFIXES | TEXT_SUFFIXES | {".xls"}:
        problems.append(f"{where}: {path.name} is a table, not a GIS file; give {rule.fix}")
    if "sheet" in extra:
        try:
            extra["sheet"] = find_sheet(path, extra["sheet"])
        except ConfigError as exc:
            problems.append(f"{where}.sheet: {exc}")
    return InputFile(path, **extra)


def find_sheet(path: Path, sheet: str | int) -> str | int:
    """The sheet of workbook ``path`` to read, checked to exist.

    Parameters
    ----------
    path : Path
        The file.
    sheet : str or int
        A sheet name, or a position counting from 0 (``-1`` the last), as the readers'
        ``sheet=`` takes it. A number that is also the name of a sheet (``2568``, a
        Buddhist-era year, which YAML reads as a number) is that name.

    Returns
    -------
    str or int
        The sheet's name; ``sheet`` as given when the workbook cannot be opened.

    Raises
    ------
    ConfigError
        When the file is not a workbook or has no such sheet (the message lists its sheets).
        A workbook that cannot be opened is left to its reader, which says why.
    """
    if path.suffix.lower() not in EXCEL_SUFFIXES:
        raise ConfigError(f"{path.name} is not an Excel workbook; leave the sheet out.")
    names = _sheet_names(path)
    if not names:
        return sheet
    try:
        return sheet_name(names, str(sheet) if str(sheet) in names else sheet, path.name)
    except CctvgeoError as exc:
        raise ConfigError(str(exc)) from None


def _sheet_names(path: Path) -> list[str]:
    """The sheet names of a workbook; empty when it cannot be opened (its reader says why)."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True)
    except Exception:  # a corrupt or truncated workbook (zip, XML, ... errors): its reader says
        return []
    names = list(book.sheetnames)
    book.close()
    return names


def _resolve(text: str, base: Path) -> Path:
    if text.startswith("sample:"):
        from cctvgeo.datasets import sample_dir

        return sample_dir() / text.removeprefix("sample:")
    path = Path(text)
    with contextlib.suppress(RuntimeError):  # ~user of a user that does not exist: kept as is
        path = path.expanduser()
    return path if path.is_absolute() else base / path


def _exists(path: Path) -> bool:
    """Whether ``path`` exists; False for a path no file can have (a NUL, too long a name)."""
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


#: The configuration of ``cctvgeo demo``: the bundled sample province, as a user would write
#: it in YAML (``docs/cli.md`` shows it). Keys left out keep their defaults (:class:`PlanConfig`).
DEMO_CONFIG: dict[str, Any] = {
    "title": "แผนกล้องโทรทัศน์วงจรปิด จังหวัดอ่างทอง (ตัวอย่าง)",
    "lang": "th",
    "inputs": {
        "cameras": "sample:angthong_survey.xlsx",
        "roads": {"path": "sample:angthong.gpkg", "layer": "road_edges"},
        "buildings": {"path": "sample:angthong.gpkg", "layer": "buildings"},
        "districts": {"path": "sample:angthong.gpkg", "layer": "districts"},
        "risk_points": "sample:angthong_risk_points.xlsx",
        "requests": "sample:angthong_requests.csv",
        "escape_routes": {"path": "sample:angthong.gpkg", "layer": "escape_routes"},
    },
    "routes": {"origins": ["crime_hotspot"], "k": 1},
    "plan": {"annual_budgets": [3_000_000, 2_000_000, 2_000_000], "headings": "road"},
    "outputs": {"proposals": True},
}


# --------------------------------------------------------------------------- the whole file


def parse_config(data: Any, *, base: Path, source: Path | None = None) -> PlanConfig:
    """Check a configuration given as a mapping (as YAML loads it); raise one ConfigError.

    Parameters
    ----------
    data : mapping
        The configuration.
    base : Path
        Folder that relative paths start from.
    source : Path, optional
        The file it came from, named in messages.

    Examples
    --------
    >>> from pathlib import Path
    >>> cfg = parse_config(
    ...     {"inputs": {"cameras": "sample:angthong_survey.xlsx",
    ...                 "roads": {"path": "sample:angthong.gpkg", "layer": "road_edges"}},
    ...      "plan": {"annual_budgets": [3_000_000, 2_000_000]}}, base=Path("."))
    >>> cfg.annual_budgets, cfg.level
    ((3000000.0, 2000000.0), 'recognise')
    >>> parse_config({"inputs": {"cameras": "sample:angthong_survey.xlsx",
    ...     "roads": "sample:angthong.gpkg"}, "coverage": {"max_length": 1e-6}},
    ...     base=Path("."))
    Traceback (most recent call last):
    ...
    cctvgeo.cli.config.ConfigError: The configuration has 1 problem:
      - coverage.max_length: must be from 1 to 1,000 m, got 1e-06
    """
    if not isinstance(data, dict):
        raise ConfigError(
            _message(
                source, [f"expected keys such as 'inputs:' at the top, got {type(data).__name__}"]
            )
        )
    problems: list[str] = []
    values = _check_section(SCHEMA, _current_keys(data, source, problems), "", base, problems)
    if "cost_model" in values.get("plan", {}):
        _check_costs(values["plan"]["cost_model"], problems)
    for section, key in _REQUIRED:
        given = data.get(section)
        if not isinstance(given, dict) or key not in given:
            problems.append(f"{section}.{key}: required, but missing")
    if "origins" in values.get("routes", {}) and "risk_points" not in values.get("inputs", {}):
        problems.append(
            "routes.origins: names risk-point categories, but inputs.risk_points is missing; "
            "add the risk points, or remove routes.origins."
        )
    if problems:
        raise ConfigError(_message(source, problems))
    return _plan_config(values, source)


def _current_keys(data: dict[Any, Any], source: Path | None, problems: list[str]) -> dict[Any, Any]:
    """``data`` with renamed keys under their new names and removed keys left out.

    Each old key found gives a ``FutureWarning`` (``cctvgeo: warning:`` on the command line);
    an old key given beside its new name is a problem.
    """
    out = {k: dict(v) if isinstance(v, dict) else v for k, v in data.items()}
    where = f"{source}: " if source is not None else ""
    for old, new in [*RENAMED_KEYS.items(), *dict.fromkeys(REMOVED_KEYS).items()]:
        section, name = old.split(".")
        part = out.get(section)
        if not isinstance(part, dict) or name not in part:
            continue
        value = part.pop(name)
        if new is None:
            message = f"{old} is no longer read and was ignored ({REMOVED_KEYS[old]}); remove it."
        elif new.split(".")[1] in part:
            problems.append(f"{old}: the old name of {new}, which is also given; keep only {new}")
            continue
        else:
            part[new.split(".")[1]] = value
            message = f"{old} is now {new} (the keyword of the function it feeds); rename it."
        warnings.warn(where + message, FutureWarning, stacklevel=3)
    return out


def _plan_config(values: dict[str, Any], source: Path | None) -> PlanConfig:
    """The checked values as a :class:`PlanConfig`; keys not given keep the fields' defaults.

    A section given as a whole (``outputs``) is laid over its default.
    """
    given: dict[str, Any] = {}
    for f in dataclasses.fields(PlanConfig):
        if "key" not in f.metadata:
            continue
        *sections, name = f.metadata["key"].split(".")
        place = values
        for section in sections:
            place = place.get(section, {})
        if name in place:
            value = place[name]
            if f.default_factory is not dataclasses.MISSING and isinstance(value, dict):
                value = {**f.default_factory(), **value}
            given[f.name] = value
    return PlanConfig(source=source, **given)


def _check_costs(costs: InputFile, problems: list[str]) -> None:
    """Load the cost file now, so that its problems are reported with the others."""
    from cctvgeo._errors import ValidationError
    from cctvgeo.planning import CostModel

    try:
        _read_yaml(costs.path)  # the same caps as the configuration's, before the cost model
        CostModel.from_yaml(costs.path)
    except ConfigError as exc:
        problems.append(f"plan.cost_model: {exc}")
    except ValidationError as exc:
        for p in exc.report.errors:
            where = f"{p.column}: " if p.column else ""
            problems.append(
                f"plan.cost_model ({costs.path.name}): {where}{p.message} {p.fix}".strip()
            )
    except Exception as exc:  # YAML syntax and the like: name the file and the problem
        problems.append(f"plan.cost_model: {costs.path.name} could not be read: {exc}")


def _check_section(
    rules: Mapping[str, Any], value: Any, where: str, base: Path, problems: list[str]
) -> dict[str, Any]:
    """Check a section against its rules; return the cleaned values of the keys given."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.append(f"{where}: expected a section of keys, got {_shown(value)}")
        return {}
    out: dict[str, Any] = {}
    for key, item in value.items():
        here = f"{where}.{key}" if where else str(key)
        rule = rules.get(key) if isinstance(key, str) else None
        if rule is None:
            problems.append(_unknown_key(key, rules, where or "top level"))
        elif isinstance(rule, dict):
            out[key] = _check_section(rule, item, here, base, problems)
        elif isinstance(rule, _File):
            found = _input_file(rule, item, base, here, problems)
            if found is not None:
                out[key] = found
        else:
            try:
                out[key] = rule(item)
            except _BadValueError as exc:
                problems.append(f"{here}: {exc}")
    return out


def _message(source: Path | None, problems: list[str]) -> str:
    noun = "problem" if len(problems) == 1 else "problems"
    head = f"{source or 'The configuration'} has {len(problems)} {noun}:"
    return "\n".join([head, *(f"  - {p}" for p in problems)])


# --------------------------------------------------------------------------- loading


def load_config(path: str | os.PathLike[str]) -> PlanConfig:
    """Read and check a YAML configuration file (``yaml.safe_load``); raise one ConfigError.

    The file is refused before it is loaded when it is larger than :data:`MAX_BYTES`,
    nests deeper than :data:`MAX_DEPTH`, or expands (aliases included) to more than
    :data:`MAX_NODES` values.

    Parameters
    ----------
    path : str or PathLike
        The ``.yaml`` file.

    Returns
    -------
    PlanConfig
    """
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"Configuration file not found: {path}")
    return parse_config(_read_yaml(path), base=path.parent, source=path)


def _read_yaml(path: Path) -> Any:
    """The YAML document in ``path``, refused when too large, too deep or too many aliases."""
    import yaml

    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ConfigError(
            f"{path} is {size:,} bytes; a configuration is at most {MAX_BYTES:,}. "
            "Name data files under inputs: instead of pasting data into it."
        )
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{path} is not UTF-8 text; save it as UTF-8.") from None
    try:
        _check_shape(yaml.parse(text, Loader=yaml.SafeLoader), path)
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(f"{path} is not valid YAML{where}: {problem}") from None
    except ValueError as exc:  # a 5,000-digit integer, a date such as 2024-13-45
        reason = str(exc).split(";")[0]
        raise ConfigError(f"{path}: a value could not be read ({reason}); correct it.") from None


def _check_shape(events: Iterable[Any], path: Path) -> None:
    """Refuse YAML nested deeper than MAX_DEPTH or expanding to more than MAX_NODES values.

    Works on the parser's events, before anything is built: an alias counts as all the
    values of its anchor, so aliases of aliases (the "billion laughs") are caught after
    reading a few lines, in time and memory proportional to the text.
    """
    import yaml

    sizes: dict[str, int] = {}  # anchor -> values it stands for
    open_: list[list[Any]] = []  # per open section or list: [anchor, values so far]
    total = 0
    for event in events:
        line = event.start_mark.line + 1
        if isinstance(event, yaml.CollectionStartEvent):
            open_.append([event.anchor, 1])
            total += 1
            if len(open_) > MAX_DEPTH:
                raise ConfigError(
                    f"{path} nests more than {MAX_DEPTH} levels deep (line {line}); "
                    "a configuration needs 4 (section, key, sub-key, list)."
                )
            continue
        if isinstance(event, yaml.CollectionEndEvent):
            anchor, n = open_.pop()
        elif isinstance(event, yaml.AliasEvent):
            if any(a == event.anchor for a, _ in open_):
                raise ConfigError(
                    f"{path}: the alias *{event.anchor} (line {line}) is inside its own "
                    "anchor; write the value out instead."
                )
            anchor, n = None, sizes.get(str(event.anchor), 1)
            total += n
        elif isinstance(event, yaml.ScalarEvent):
            anchor, n = event.anchor, 1
            total += 1
        else:  # stream and document events
            continue
        if anchor is not None:
            sizes[anchor] = n
        if open_:
            open_[-1][1] += n
        if total > MAX_NODES:
            raise ConfigError(
                f"{path} holds more than {MAX_NODES:,} values once its YAML aliases (*name) "
                f"are expanded (line {line}); write the few values a configuration needs "
                "without aliases."
            )
