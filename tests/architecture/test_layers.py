"""The structure check of scripts/test: no import cycle inside `assistant/`, and no import
that goes up the layer order written in docs/architecture.md (the `layers` block)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.architecture.imports import cycles, graph, modules, package_of

DOC = Path(__file__).resolve().parents[2] / "docs" / "architecture.md"


def layer_order(text: str) -> dict[str, int]:
    """package -> its layer (0 is the lowest), from the doc's fenced `layers` block, which
    lists the highest layer first."""
    block = re.search(r"```layers\n(.*?)```", text, re.DOTALL)
    if block is None:
        raise AssertionError(f"{DOC} has no ```layers block")
    lines = [line.split(":", 1)[1].split() for line in block.group(1).splitlines() if ":" in line]
    return {
        package: len(lines) - 1 - depth for depth, names in enumerate(lines) for package in names
    }


def violations(edges: dict[str, set[str]], layers: dict[str, int], edge_layer: int) -> list[str]:
    """Imports to a package in a higher layer, or sideways to another package of the same
    layer (allowed only among the edges: api, web, cli, …)."""
    found = []
    for module, targets in sorted(edges.items()):
        here = package_of(module)
        for target in sorted(targets):
            there = package_of(target)
            if there == here:
                continue
            up = layers[there] > layers[here]
            sideways = layers[there] == layers[here] and layers[here] != edge_layer
            if up or sideways:
                found.append(f"{module} -> {target}")
    return found


@pytest.fixture(scope="module")
def edges() -> dict[str, set[str]]:
    return graph()


def test_no_import_cycles(edges):
    assert cycles(edges) == []


def test_every_package_has_a_layer():
    layers = layer_order(DOC.read_text("utf-8"))
    missing = sorted({package_of(m) for m in modules()} - set(layers) - {"assistant"})
    assert missing == []


def test_imports_go_down_the_layers(edges):
    layers = layer_order(DOC.read_text("utf-8"))
    layers.setdefault("assistant", max(layers.values()))
    assert violations(edges, layers, max(layers.values())) == []


# ---- the check itself can fail -------------------------------------------------------------
def test_the_checks_see_a_cycle_and_an_upward_import(tmp_path):
    package = tmp_path / "assistant"
    (package / "low").mkdir(parents=True)
    (package / "high").mkdir()
    for path in (
        package / "__init__.py",
        package / "low" / "__init__.py",
        package / "high" / "__init__.py",
    ):
        path.write_text("", "utf-8")
    (package / "low" / "a.py").write_text("from assistant.high.b import thing\n", "utf-8")
    (package / "high" / "b.py").write_text(
        "def thing():\n    from assistant.low import a\n", "utf-8"
    )
    found = graph(package)
    assert cycles(found) == [["assistant.high.b", "assistant.low.a"]]
    layers = layer_order("```layers\nedges: high\nbase: low\n```\n")
    assert violations(found, layers, edge_layer=99) == ["assistant.low.a -> assistant.high.b"]
