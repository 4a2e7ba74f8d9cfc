"""The package's shape: imports point one way (ui → query → loader → model) and form no cycle.

Read from the source with `ast`, lazy imports inside functions included, so a cycle hidden
behind a function-level import is caught too.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "csto_tui"

# What each layer may import from the package (besides itself).
ALLOWED = {
    "model": set(),
    "loader": {"model"},
    "query": {"model", "loader"},
    "history": {"model", "loader"},
    "export": {"model", "loader", "query", "history"},
    "authoring": {"model", "loader", "query", "export"},
    "session": {"model", "loader", "history"},
    "config": {"model", "loader", "query", "export"},
    "ui": {"model", "loader", "query", "export", "history", "authoring", "session", "config"},
    "web": set(),  # csto-tui serve: hosts, the served command, textual-serve's server
    "cli": {
        "model",
        "loader",
        "query",
        "export",
        "ui",
        "history",
        "authoring",
        "session",
        "config",
        "web",
    },
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports() -> dict[str, set[str]]:
    """Module → the csto_tui modules it imports (anywhere in its body)."""
    graph: dict[str, set[str]] = {}
    for py in PACKAGE.rglob("*.py"):
        name = module_name(py)
        found: set[str] = set()
        for node in ast.walk(ast.parse(py.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
        graph[name] = {m for m in found if m.startswith("csto_tui.")}
    return graph


def layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def test_layers_import_only_the_layers_below() -> None:
    wrong = [
        f"{mod} imports {dep}"
        for mod, deps in imports().items()
        for dep in deps
        if layer(mod) in ALLOWED
        and layer(dep) != layer(mod)
        and layer(dep) not in ALLOWED[layer(mod)]  # type: ignore[index]
        and dep != "csto_tui"
    ]
    assert wrong == []


def test_no_module_level_import_cycle() -> None:
    graph = imports()
    state: dict[str, int] = {}  # 1 on the path, 2 done
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for dep in sorted(graph.get(node, ())):
            if dep not in graph:
                continue  # a name imported from a package's __init__
            if state.get(dep) == 1:
                cycles.append([*path[path.index(dep) :], dep])
            elif dep not in state:
                visit(dep, [*path, dep])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    # A package's __init__ re-exporting its own modules is not a cycle between modules.
    real = [
        c for c in cycles if not any(c[i].startswith(c[i + 1] + ".") for i in range(len(c) - 1))
    ]
    assert real == []
