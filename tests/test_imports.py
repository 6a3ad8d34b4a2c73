"""The import graph of the package: no cycles, no private names across packages, layers one way.

The graph is read from the source with :mod:`ast` (every ``import`` outside an
``if TYPE_CHECKING:`` block, at module level or inside a function), so a lazy import that
hides a cycle still counts.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "cctvgeo"
# Lower layers never import higher ones (DESIGN.md, docs/architecture.md).
LAYERS = ("cctvgeo.coverage", "cctvgeo.riskpoints", "cctvgeo.planning")
# Cycles known and left to their module's owner, each with its reason; the test fails when
# one of them is gone, so that this list only ever shrinks.
KNOWN_CYCLES: list[list[str]] = []
# Private names still imported across packages, left to their module's owner; the test fails
# when one of them is gone, so that this list only ever shrinks.
KNOWN_PRIVATE_IMPORTS: list[str] = []


def module_name(path: Path) -> str:
    """``cctvgeo/coverage/fov.py`` -> ``cctvgeo.coverage.fov``; a package is its folder."""
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def all_modules() -> dict[str, Path]:
    """Every module of the package, by name."""
    return {module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


def package_of(name: str, modules: dict[str, Path]) -> str:
    """The package a module belongs to (a package belongs to itself)."""
    return name if modules[name].name == "__init__.py" else name.rpartition(".")[0]


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports_of(name: str, modules: dict[str, Path]) -> list[tuple[str, str, int]]:
    """``(module imported, name taken from it or "", line)`` for every runtime import."""
    tree = ast.parse(modules[name].read_text(encoding="utf-8"))
    package = package_of(name, modules)
    found: list[tuple[str, str, int]] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend((a.name, "", node.lineno) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                if sub in modules:  # "from package import module"
                    found.append((sub, "", node.lineno))
                else:
                    found.append((base, alias.name, node.lineno))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return [(m, n, line) for m, n, line in found if m in modules]


def graph() -> dict[str, set[str]]:
    """Module -> the package modules it imports."""
    modules = all_modules()
    return {name: {m for m, _, _ in imports_of(name, modules)} - {name} for name in modules}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = 0
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    component.append(top)
                    if top == node:
                        break
                if len(component) > 1:
                    out.append(sorted(component))
    return out


def test_the_cycle_finder_finds_a_cycle_and_only_cycles() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(edges) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_module_imports_itself_back() -> None:
    """No import cycle between the package's modules (lazy imports included)."""
    found = cycles(graph())
    new = [c for c in found if c not in KNOWN_CYCLES]
    assert new == [], "import cycles:\n" + "\n".join(" -> ".join(c) for c in new)
    assert [c for c in KNOWN_CYCLES if c not in found] == [], "fixed: remove from KNOWN_CYCLES"


def test_no_private_name_is_imported_from_another_package() -> None:
    """``from a.b import _x`` only inside package ``a.b``'s own modules."""
    modules = all_modules()
    bad = []
    for name in modules:
        for target, imported, _ in imports_of(name, modules):
            private = imported.startswith("_") and not imported.startswith("__")
            if private and package_of(target, modules) != package_of(name, modules):
                bad.append(f"{modules[name].relative_to(ROOT.parent)} {target}.{imported}")
    new = [b for b in bad if b not in KNOWN_PRIVATE_IMPORTS]
    assert new == [], "private names imported across packages:\n" + "\n".join(new)
    assert [b for b in KNOWN_PRIVATE_IMPORTS if b not in bad] == [], "fixed: update the list"


def test_lower_layers_never_import_higher_ones() -> None:
    """coverage -> riskpoints -> planning: no module imports a layer above its own."""
    bad = []
    for name, targets in graph().items():
        own = [i for i, layer in enumerate(LAYERS) if name.startswith(layer)]
        if not own:
            continue
        for target in targets:
            above = [i for i, layer in enumerate(LAYERS) if target.startswith(layer)]
            if above and above[0] > own[0]:
                bad.append(f"{name} imports {target}")
    assert bad == [], "\n".join(bad)


@pytest.mark.parametrize("name", sorted(all_modules()))
def test_every_module_imports_on_its_own(name: str) -> None:
    """Each module imports in a fresh namespace order (no hidden dependence on another)."""
    if name.endswith("__main__"):
        pytest.skip("__main__ runs the command line when imported")
    assert importlib.import_module(name).__name__ == name
