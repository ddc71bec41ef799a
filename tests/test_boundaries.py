"""House rules that keep the architecture honest: which package may import which, and where
services are built."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import chatapp

PACKAGE = Path(chatapp.__file__).parent
QT = {"PySide6", "shiboken6"}
# Classes only the composition root (ui/launch.py) and the command line construct.
SERVICES = {"Store", "LocalEngine", "RuntimeClient", "Library", "Downloads", "GuiDispatcher"}


def imported_modules(source: str) -> set[str]:
    """Every module a file imports, by full dotted name (top-level and inside functions)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


def forbidden(source: str, banned: set[str]) -> set[str]:
    """The imports in ``source`` that are, or are inside, one of the ``banned`` modules."""
    return {
        name
        for name in imported_modules(source)
        if any(name == b or name.startswith(b + ".") for b in banned)
    }


def constructed(source: str) -> set[str]:
    calls = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name in SERVICES:
                calls.add(name)
    return calls


def files(folder: str) -> list[Path]:
    found = sorted((PACKAGE / folder).rglob("*.py"))
    assert found, folder
    return found


RULES = {
    "core": QT | {"llama_cpp", "chatapp.runtime", "chatapp.ui", "chatapp.remote",
                  "chatapp.server", "chatapp.cli"},
    "runtime": QT | {"chatapp.ui", "chatapp.remote", "chatapp.server", "chatapp.cli"},
    "cli": QT | {"chatapp.ui"},
}  # fmt: skip
# The engines on other machines and Kotoba's own server: no Qt, no widgets.
RULES.update({f: QT | {"chatapp.ui"} for f in ("remote", "server") if (PACKAGE / f).is_dir()})


@pytest.mark.parametrize("folder", sorted(RULES))
def test_package_imports_stay_inside_their_layer(folder: str) -> None:
    offenders = {
        str(f.relative_to(PACKAGE)): sorted(forbidden(f.read_text(encoding="utf-8"), RULES[folder]))
        for f in files(folder)
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_widgets_never_build_services() -> None:
    offenders = {
        str(f.relative_to(PACKAGE)): sorted(constructed(f.read_text(encoding="utf-8")))
        for f in files("ui")
        if f.name != "launch.py"
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_checks_can_fail() -> None:
    """The rules above would catch a violation (each check finds a planted one)."""
    planted = (
        "from PySide6.QtCore import QObject\n"
        "def f():\n    import chatapp.runtime.client\n"
        "from chatapp.ui import launch\n"
        "store = Store('x')\n"
    )
    assert forbidden(planted, RULES["core"]) == {
        "PySide6.QtCore",
        "PySide6.QtCore.QObject",
        "chatapp.runtime.client",
        "chatapp.ui",
        "chatapp.ui.launch",
    }
    assert constructed(planted) == {"Store"}
