"""Layer rules of DESIGN §2 that import-linter's contracts cannot say by themselves: every
core module is under the headless contract, every module under homevisit/gui uses Qt, and
nothing inside homevisit imports in a cycle."""

import ast
import pkgutil
import tomllib
from pathlib import Path

import grimp

import homevisit

ROOT = Path(__file__).parents[1]
NOT_CORE = {"gui", "server", "sync", "protocol", "cli", "demo"}
QT_MODULES = ("PySide6", "homevisit.gui.qt")  # the shim every widget module imports Qt through


def test_every_core_module_is_under_the_headless_contract():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contracts = pyproject["tool"]["importlinter"]["contracts"]
    core = next(c for c in contracts if c["name"].startswith("Core modules are headless"))
    listed = set(core["source_modules"])
    present = {
        f"homevisit.{m.name}"
        for m in pkgutil.iter_modules(homevisit.__path__)
        if m.name not in NOT_CORE
    }
    assert present - listed == set(), "add these core modules to the contract in pyproject.toml"


def _imported(source: str) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _has_code(source: str) -> bool:
    """More than a docstring: a package ``__init__`` that only names its package is fine."""
    body = ast.parse(source).body
    return any(not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
               for s in body)


def qt_free_gui_modules(gui_dir: Path) -> list[str]:
    """Modules under ``gui_dir`` with code that import neither PySide6 nor the Qt shim."""
    found = []
    for path in sorted(gui_dir.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        if not _has_code(source):
            continue
        if not any(name == q or name.startswith(q + ".")
                   for name in _imported(source) for q in QT_MODULES):
            found.append(path.relative_to(gui_dir).as_posix())
    return found


def test_every_module_under_gui_uses_qt():
    # Logic without Qt belongs in the core package named after its concept (visits,
    # households, sync, …), where the supervisor, help-desk and CLI paths reuse it.
    assert qt_free_gui_modules(ROOT / "homevisit" / "gui") == []


def test_the_qt_check_catches_a_qt_free_module(tmp_path):
    (tmp_path / "__init__.py").write_text('"""A package."""\n')
    (tmp_path / "widget.py").write_text("from homevisit.gui.qt import QWidget\n")
    (tmp_path / "lazy.py").write_text("def f():\n    from PySide6.QtCore import Qt\n")
    (tmp_path / "queries.py").write_text("from sqlalchemy import select\n")
    assert qt_free_gui_modules(tmp_path) == ["queries.py"]


def _cycles(graph: grimp.ImportGraph, modules: set[str]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def edges(module: str) -> list[str]:
        return sorted(m for m in graph.find_modules_directly_imported_by(module) if m in modules)

    for root in sorted(modules):
        if root in index:
            continue
        work = [(root, iter(edges(root)))]
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
                    work.append((child, iter(edges(child))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def test_nothing_inside_homevisit_imports_in_a_cycle():
    # Every import counts: one inside a function is still a cycle in the design, and so is
    # one under TYPE_CHECKING (the two modules cannot be read or moved apart).
    graph = grimp.build_graph("homevisit", cache_dir=None)
    assert _cycles(graph, set(graph.modules)) == []


def test_the_cycle_check_finds_a_cycle(tmp_path, monkeypatch):
    package = tmp_path / "cyclepkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from cyclepkg import b\n")
    (package / "b.py").write_text("def f():\n    from cyclepkg import c\n")
    (package / "c.py").write_text("import cyclepkg.a\n")
    (package / "d.py").write_text("import cyclepkg.a\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    graph = grimp.build_graph("cyclepkg", cache_dir=None)
    modules = {m for m in graph.modules if m != "cyclepkg"}
    assert _cycles(graph, modules) == [["cyclepkg.a", "cyclepkg.b", "cyclepkg.c"]]
