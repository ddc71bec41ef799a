"""House rules that keep the architecture honest."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import chatapp

PACKAGE = Path(chatapp.__file__).parent


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("folder", ["core", "runtime", "remote", "server"])
def test_core_and_runtime_import_no_qt(folder: str) -> None:
    files = sorted((PACKAGE / folder).glob("*.py"))
    assert files
    offenders = [f.name for f in files if imported_modules(f) & {"PySide6", "shiboken6"}]
    assert offenders == []


def test_core_does_not_import_llama_cpp() -> None:
    offenders = [
        f.name for f in (PACKAGE / "core").glob("*.py") if "llama_cpp" in imported_modules(f)
    ]
    assert offenders == []
