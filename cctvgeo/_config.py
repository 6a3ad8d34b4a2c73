"""The YAML configuration of ``cctvgeo plan``: schema, checks and loading.

The whole file is checked before any work starts. Every problem is collected (unknown
keys with the key that was probably meant, wrong types, values out of range, input files
that do not exist) and reported at once in one :class:`ConfigError`. The format is
documented in ``docs/cli.md``; :data:`SCHEMA` is the single source of truth for the keys.

Paths are relative to the configuration file's folder. ``sample:NAME`` names a file of the
bundled sample province (``sample:angthong_survey.xlsx``). A GIS input may be given as
``{path: FILE, layer: NAME}``.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cctvgeo._errors import CctvgeoError

__all__ = ["SCHEMA", "ConfigError", "InputFile", "PlanConfig", "load_config", "parse_config"]


class ConfigError(CctvgeoError):
    """The configuration file is wrong; the message lists every problem."""


@dataclass(frozen=True)
class InputFile:
    """An input file and, for a GeoPackage, its layer."""

    path: Path
    layer: str | None = None
    url: str | None = None  # a camera store on a PostgreSQL server (docs/store.md)

    def __str__(self) -> str:
        if self.url is not None:
            from cctvgeo._db_cli import redact_url

            return redact_url(self.url)
        return f"{self.path}" + (f" (layer {self.layer})" if self.layer else "")


@dataclass(frozen=True)
class PlanConfig:
    """A checked configuration (see ``docs/cli.md`` for each key)."""

    source: Path | None
    title: str | None
    lang: str
    cameras: InputFile
    roads: InputFile
    buildings: InputFile | None = None
    risk_points: InputFile | None = None
    requests: InputFile | None = None
    escape_routes: InputFile | None = None
    districts: InputFile | None = None
    level: str = "recognise"
    segment_length_m: float = 20.0
    min_gap_m: float = 50.0
    route_origins: tuple[str, ...] = ()
    routes_per_origin: int = 3
    budgets: tuple[float, ...] = ()
    method: str = "greedy"
    costs: InputFile | None = None
    weights: Mapping[str, Any] = field(default_factory=dict)
    candidate_spacing_m: float | None = None
    headings: int | str | tuple[float, ...] = 8
    outputs: Mapping[str, bool] = field(default_factory=dict)

    @property
    def has_plan(self) -> bool:
        """True when the configuration asks for a plan (it has budgets)."""
        return bool(self.budgets)


# --------------------------------------------------------------------------- value checks
# A check returns the cleaned value or raises _Bad with what is wrong.


class _BadValueError(Exception):
    pass


def _str(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _BadValueError(f"expected text, got {value!r}")
    return value.strip()


def _choice(*options: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value not in options:
            guess = difflib.get_close_matches(str(value), options, n=1)
            hint = f"; did you mean {guess[0]!r}?" if guess else ""
            raise _BadValueError(f"{value!r} is not one of {', '.join(options)}{hint}")
        return str(value)

    return check


def _number(*, minimum: float = 0.0, strict: bool = True) -> Callable[[Any], float]:
    def check(value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _BadValueError(f"expected a number, got {value!r}")
        if value < minimum or (strict and value == minimum):
            raise _BadValueError(
                f"must be {'more than' if strict else 'at least'} {minimum:g}, got {value!r}"
            )
        return float(value)

    return check


def _integer(*, minimum: int = 1) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _BadValueError(f"expected a whole number, got {value!r}")
        if value < minimum:
            raise _BadValueError(f"must be at least {minimum}, got {value!r}")
        return value

    return check


def _headings(value: Any) -> int | str | tuple[float, ...]:
    """Candidate headings: a number of evenly spaced ones, a list of degrees, or "road"."""
    if value == "road":
        return "road"
    if isinstance(value, list):
        try:
            return tuple(_number(minimum=0.0, strict=False)(v) for v in value)
        except _BadValueError as exc:
            raise _BadValueError(f"a list of degrees: {exc}") from None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    raise _BadValueError(
        f"expected a number of headings (8), a list of degrees or 'road', got {value!r}"
    )


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _BadValueError(f"expected true or false, got {value!r}")
    return value


def _budgets(value: Any) -> tuple[float, ...]:
    items = value if isinstance(value, list) else [value]
    if not items:
        raise _BadValueError("give at least one yearly budget in baht")
    out = []
    for i, item in enumerate(items, start=1):
        try:
            out.append(_number()(item))
        except _BadValueError as exc:
            raise _BadValueError(f"year {i}: {exc}") from None
    return tuple(out)


def _names(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    return tuple(_str(v) for v in items)


def _weights(value: Any) -> dict[str, Any]:
    """Demand-weight overrides: keys of ``cctvgeo.riskpoints.DEMAND_FACTORS``."""
    from cctvgeo.riskpoints import DEMAND_FACTORS

    if not isinstance(value, dict):
        raise _BadValueError(f"expected keys with numbers, got {value!r}")
    problems: list[str] = []
    out: dict[str, Any] = {}
    for key, item in value.items():
        if key not in DEMAND_FACTORS:
            guess = difflib.get_close_matches(str(key), DEMAND_FACTORS, n=1)
            hint = (
                f"; did you mean {guess[0]!r}?"
                if guess
                else f" (allowed: {', '.join(DEMAND_FACTORS)})"
            )
            problems.append(f"unknown key {str(key)!r}{hint}")
            continue
        try:
            if key == "road_class_factor":
                out[key] = _mapping_of_numbers(item)
            elif key == "backup_priorities":
                out[key] = list(_names(item))
            else:
                out[key] = _number(strict=False)(item)
        except _BadValueError as exc:
            problems.append(f"{key}: {exc}")
    if problems:
        raise _BadValueError("; ".join(problems))
    return out


def _mapping_of_numbers(value: Any) -> dict[str, float]:
    if not isinstance(value, dict):
        raise _BadValueError(f"expected keys with numbers, got {value!r}")
    out = {}
    for key, item in value.items():
        try:
            out[str(key)] = _number(strict=False)(item)
        except _BadValueError as exc:
            raise _BadValueError(f"{key}: {exc}") from None
    return out


_FILE = "file"  # marker: an input file (path or {path, layer})

#: The configuration keys: section -> key -> check (``_FILE`` for input files), and which
#: keys are required. Unknown keys are errors.
SCHEMA: dict[str, Any] = {
    "title": _str,
    "lang": _choice("th", "en"),
    "inputs": {
        "cameras": _FILE,
        "roads": _FILE,
        "buildings": _FILE,
        "risk_points": _FILE,
        "requests": _FILE,
        "escape_routes": _FILE,
        "districts": _FILE,
    },
    "coverage": {
        "level": _choice("monitor", "detect", "observe", "recognise", "identify"),
        "segment_length_m": _number(),
        "min_gap_m": _number(strict=False),
    },
    "routes": {
        "origins": _names,
        "per_origin": _integer(minimum=1),
    },
    "plan": {
        "budgets": _budgets,
        "method": _choice("greedy", "exact", "auto"),
        "costs": _FILE,
        "weights": _weights,
        "candidate_spacing_m": _number(),
        "headings": _headings,
    },
    "outputs": {
        "map": _boolean,
        "dashboard": _boolean,
        "excel": _boolean,
        "gpkg": _boolean,
    },
}
_REQUIRED = {("inputs", "cameras"), ("inputs", "roads")}
_OUTPUTS = ("map", "dashboard", "excel", "gpkg")


def _unknown_key(key: Any, allowed: Mapping[str, Any], where: str) -> str:
    guess = difflib.get_close_matches(str(key), list(allowed), n=1, cutoff=0.6)
    hint = f"; did you mean {guess[0]!r}?" if guess else f" (allowed: {', '.join(allowed)})"
    return f"{where}: unknown key {str(key)!r}{hint}"


def _input_file(value: Any, base: Path, where: str, problems: list[str]) -> InputFile | None:
    if isinstance(value, dict):
        extra = set(value) - {"path", "layer"}
        for key in sorted(map(str, extra)):
            problems.append(_unknown_key(key, {"path": 1, "layer": 1}, where))
        path_value, layer = value.get("path"), value.get("layer")
        if layer is not None and not isinstance(layer, str):
            problems.append(f"{where}.layer: expected a layer name, got {layer!r}")
            layer = None
    else:
        path_value, layer = value, None
    if not isinstance(path_value, str) or not path_value.strip():
        problems.append(f"{where}: expected a file path, got {path_value!r}")
        return None
    if where == "inputs.cameras" and path_value.strip().startswith(
        ("postgresql://", "postgres://")
    ):
        from cctvgeo._db_cli import redact_url

        url = path_value.strip()
        return InputFile(Path(redact_url(url).rsplit("/", 1)[-1] or "store"), url=url)
    path = _resolve(path_value.strip(), base)
    if not path.exists():
        problems.append(f"{where}: file not found: {path}")
        return None
    return InputFile(path, layer)


def _resolve(text: str, base: Path) -> Path:
    if text.startswith("sample:"):
        from cctvgeo.datasets import sample_dir

        return sample_dir() / text.removeprefix("sample:")
    path = Path(text).expanduser()
    return path if path.is_absolute() else base / path


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
    ...      "plan": {"budgets": [3_000_000, 2_000_000]}}, base=Path("."))
    >>> cfg.budgets, cfg.level
    ((3000000.0, 2000000.0), 'recognise')
    >>> parse_config({"inputs": {"cameras": "sample:angthong_survey.xlsx",
    ...     "roads": "sample:angthong.gpkg"}, "plan": {"budjets": 1}}, base=Path("."))
    Traceback (most recent call last):
    ...
    cctvgeo._config.ConfigError: The configuration has 1 problem:
      - plan: unknown key 'budjets'; did you mean 'budgets'?
    """
    problems: list[str] = []
    values: dict[tuple[str, ...], Any] = {}
    if not isinstance(data, dict):
        raise ConfigError(
            _message(
                source, [f"expected keys such as 'inputs:' at the top, got {type(data).__name__}"]
            )
        )
    for key, value in data.items():
        if key not in SCHEMA:
            problems.append(_unknown_key(key, SCHEMA, "top level"))
        elif isinstance(SCHEMA[key], dict):
            _check_section(key, value, base, values, problems)
        else:
            _check(SCHEMA[key], value, key, (key,), values=values, problems=problems)
    if ("plan", "costs") in values:
        _check_costs(values[("plan", "costs")], problems)
    for path in sorted(_REQUIRED):
        section = data.get(path[0]) if isinstance(data.get(path[0]), dict) else {}
        if path[1] not in (section or {}):
            problems.append(f"{'.'.join(path)}: required, but missing")
    if problems:
        raise ConfigError(_message(source, problems))
    outputs = {name: bool(values.get(("outputs", name), True)) for name in _OUTPUTS}
    return PlanConfig(
        source=source,
        title=values.get(("title",)),
        lang=values.get(("lang",), "th"),
        cameras=values[("inputs", "cameras")],
        roads=values[("inputs", "roads")],
        buildings=values.get(("inputs", "buildings")),
        risk_points=values.get(("inputs", "risk_points")),
        requests=values.get(("inputs", "requests")),
        escape_routes=values.get(("inputs", "escape_routes")),
        districts=values.get(("inputs", "districts")),
        level=values.get(("coverage", "level"), "recognise"),
        segment_length_m=values.get(("coverage", "segment_length_m"), 20.0),
        min_gap_m=values.get(("coverage", "min_gap_m"), 50.0),
        route_origins=values.get(("routes", "origins"), ()),
        routes_per_origin=values.get(("routes", "per_origin"), 3),
        budgets=values.get(("plan", "budgets"), ()),
        method=values.get(("plan", "method"), "greedy"),
        costs=values.get(("plan", "costs")),
        weights=values.get(("plan", "weights"), {}),
        candidate_spacing_m=values.get(("plan", "candidate_spacing_m")),
        headings=values.get(("plan", "headings"), 8),
        outputs=outputs,
    )


def _check_costs(costs: InputFile, problems: list[str]) -> None:
    """Load the cost file now, so that its problems are reported with the others."""
    from cctvgeo._errors import ValidationError
    from cctvgeo.planning import CostModel

    try:
        CostModel.from_yaml(costs.path)
    except ValidationError as exc:
        for p in exc.report.errors:
            where = f"{p.column}: " if p.column else ""
            problems.append(f"plan.costs ({costs.path.name}): {where}{p.message} {p.fix}".strip())
    except Exception as exc:  # YAML syntax and the like: name the file and the problem
        problems.append(f"plan.costs: {costs.path.name} could not be read: {exc}")


def _check_section(
    key: str,
    value: Any,
    base: Path,
    values: dict[tuple[str, ...], Any],
    problems: list[str],
) -> None:
    rule = SCHEMA[key]
    if value is None:
        return
    if not isinstance(value, dict):
        problems.append(f"{key}: expected a section of keys, got {value!r}")
        return
    for sub, item in value.items():
        where = f"{key}.{sub}"
        if sub not in rule:
            problems.append(_unknown_key(sub, rule, key))
        elif rule[sub] == _FILE:
            found = _input_file(item, base, where, problems)
            if found is not None:
                values[(key, sub)] = found
        else:
            _check(rule[sub], item, where, (key, sub), values=values, problems=problems)


def _check(
    rule: Callable[[Any], Any],
    value: Any,
    where: str,
    key: tuple[str, ...],
    *,
    values: dict[tuple[str, ...], Any],
    problems: list[str],
) -> None:
    try:
        values[key] = rule(value)
    except _BadValueError as exc:
        problems.append(f"{where}: {exc}")


def _message(source: Path | None, problems: list[str]) -> str:
    where = f"{source}" if source else "The configuration"
    noun = "problem" if len(problems) == 1 else "problems"
    head = (
        f"{where} has {len(problems)} {noun}:"
        if source
        else f"The configuration has {len(problems)} {noun}:"
    )
    return "\n".join([head, *(f"  - {p}" for p in problems)])


def load_config(path: str | os.PathLike[str]) -> PlanConfig:
    """Read and check a YAML configuration file (``yaml.safe_load``); raise one ConfigError.

    Parameters
    ----------
    path : str or PathLike
        The ``.yaml`` file.

    Returns
    -------
    PlanConfig
    """
    import yaml

    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"Configuration file not found: {path}")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(f"{path} is not valid YAML{where}: {problem}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path} is not UTF-8 text; save it as UTF-8.") from None
    return parse_config(data, base=path.parent, source=path)
