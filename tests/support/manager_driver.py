"""Driving the model manager pane the way a user does: open a repository, pick a file, download."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidgetItem
from pytestqt.qtbot import QtBot

from tests.support.fake_hub import FakeHub


def open_repo(qtbot: QtBot, pane: Any, repo: str, rows: int | None = None) -> None:
    pane.window().show_models(True)
    pane.tabs.setCurrentIndex(1)
    item = QListWidgetItem(repo)
    item.setData(256, repo)
    pane.repo_list.itemClicked.emit(item)
    expected = rows if rows is not None else None
    qtbot.waitUntil(
        lambda: (
            pane.discover.repo_id == repo
            and pane.files_table.rowCount() > 0
            and (expected is None or pane.files_table.rowCount() == expected)
        ),
        timeout=10_000,
    )


def row_of(pane: Any, text: str) -> int:
    table = pane.files_table
    return next(r for r in range(table.rowCount()) if text in table.item(r, 0).text())


def download(qtbot: QtBot, pane: Any, file_name: str) -> Any:
    """Click Download on ``file_name``; returns its row on the Downloads tab."""
    pane.files_table.selectRow(row_of(pane, file_name))
    qtbot.mouseClick(pane.download_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(r.job.name == file_name for r in pane.job_rows.values()))
    return next(r for r in pane.job_rows.values() if r.job.name == file_name)


def slow(hub: FakeHub, repo: str, path: str, seconds: float = 2.0) -> None:
    """Stream ``path`` in small chunks over about ``seconds``."""
    f = hub.repos[repo].files[path]
    f.chunk_size = 4096
    f.delay_per_chunk = seconds / max(1, f.size // 4096)
