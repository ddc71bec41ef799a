"""Fixtures for the model manager: a window and a tiny repository on the local Hub."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from tests.support.fake_hub import FakeHub

REPO = "kotoba-test/tiny-chat-GGUF"


@pytest.fixture
def repo(hub: FakeHub, tiny_repo: str) -> str:
    return tiny_repo


@pytest.fixture
def answer(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[QMessageBox]]:
    """Message boxes answer with their default button; the boxes shown are recorded."""
    shown: list[QMessageBox] = []

    def exec_(box: QMessageBox) -> int:
        shown.append(box)
        default = box.defaultButton()
        if default is not None:
            default.click()
        return int(box.standardButton(default)) if default is not None else 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    yield shown


def models_folder_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []
