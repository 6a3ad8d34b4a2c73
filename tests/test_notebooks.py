"""The notebooks as stored in git: stripped, deterministic, and using only names that exist.

Running them is `make test`'s job (``pytest --nbmake notebooks``, about two minutes); these
checks are static and fast, so they run with the main suite.
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path
from typing import Any

import nbformat
import pytest

import cctvgeo as cg

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


def _code(nb: Any) -> str:
    """The code cells as Python: IPython's ``!`` shell lines become comments."""
    lines = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            lines += [
                ("# " + ln) if ln.lstrip().startswith("!") else ln
                for ln in cell.source.splitlines()
            ]
    return "\n".join(lines)


def _cg_attribute_chains(tree: ast.AST) -> set[tuple[str, ...]]:
    """Every ``cg.a.b...`` chain, outermost only (``cg.a.b(x)`` gives ``("a", "b")``)."""
    inner = set()
    chains = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and id(node) not in inner:
            parts = []
            cur: ast.expr = node
            while isinstance(cur, ast.Attribute):
                inner.add(id(cur))
                parts.append(cur.attr)
                cur = cur.value
            if isinstance(cur, ast.Name) and cur.id == "cg":
                chains.add(tuple(reversed(parts)))
    return chains


def test_there_are_five_notebooks_numbered_in_order() -> None:
    assert [p.name[:3] for p in NOTEBOOKS] == ["01_", "02_", "03_", "04_", "05_"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_stripped_with_deterministic_ids(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert [c.id for c in nb.cells] == [f"cell-{i:02d}" for i in range(len(nb.cells))]
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{cell.id} has outputs: strip them"
            assert cell.execution_count is None, cell.id
    first = nb.cells[0]
    assert first.cell_type == "markdown"
    assert first.source.startswith(f"# {path.name[:2]} · ")
    # a Thai term in the title, where a planner looks for it
    assert re.search("[\u0e00-\u0e7f]", first.source.splitlines()[0])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_code_parses_and_names_only_existing_api(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    tree = ast.parse(_code(nb), filename=path.name)
    chains = _cg_attribute_chains(tree)
    imports = [
        (node.module, alias.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("cctvgeo")
        for alias in node.names
    ]
    assert chains or imports, "the notebook does not use cctvgeo"
    for module, name in imports:
        assert hasattr(importlib.import_module(module), name), f"{module}.{name} does not exist"
    for chain in chains:
        obj: Any = cg
        for i, name in enumerate(chain):
            assert hasattr(obj, name), f"cg.{'.'.join(chain[: i + 1])} does not exist"
            obj = getattr(obj, name)
