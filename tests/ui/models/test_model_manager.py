"""The model manager pane, journey and actions, against a real local Hub server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.support.fake_hub import FakeHub
from tests.support.tiny_models import write_tiny_model
from tests.ui.conftest import WindowFactory, send, wait_idle


@pytest.fixture
def hub(local_hub: FakeHub, tmp_path: Path) -> Iterator[FakeHub]:
    server = local_hub
    for quant in ("Q4_0", "Q8_0"):
        path = write_tiny_model(tmp_path / f"tiny-chat.{quant}.gguf", quant, name="Tiny Chat")
        server.add_file("kotoba-test/tiny-chat-GGUF", f"tiny-chat.{quant}.gguf", path)
    yield server


def test_no_request_until_the_user_asks(
    qtbot: QtBot, make_window: WindowFactory, hub: FakeHub
) -> None:
    w = make_window()
    qtbot.keyClick(w, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert w.pages.currentIndex() == 1
    w.model_manager.tabs.setCurrentIndex(1)
    assert w.model_manager.repo_list.count() > 3  # the curated list, offline
    qtbot.wait(200)
    assert hub.requests == []


def test_search_choose_download_verify_install_load_chat(
    qtbot: QtBot, make_window: WindowFactory, hub: FakeHub
) -> None:
    w = make_window()
    pane = w.model_manager
    w.show_models(True)
    pane.tabs.setCurrentIndex(1)
    qtbot.keyClicks(pane.search_box, "tiny")
    qtbot.mouseClick(pane.search_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: pane.repo_list.count() == 1 and bool(pane.repo_list.item(0).data(256)),
        timeout=10_000,
    )
    pane.repo_list.itemClicked.emit(pane.repo_list.item(0))
    qtbot.waitUntil(lambda: pane.files_table.rowCount() == 2, timeout=10_000)
    memory = [pane.files_table.item(r, 3).text() for r in range(2)]
    assert all("fits" in m for m in memory)
    assert any("recommended" in pane.files_table.item(r, 0).text() for r in range(2))
    q4_row = next(r for r in range(2) if pane.files_table.item(r, 1).text() == "Q4_0")
    pane.files_table.selectRow(q4_row)
    qtbot.mouseClick(pane.download_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: any(m.name == "tiny-chat.Q4_0.gguf" for m in pane.models), timeout=20_000
    )
    row = next(iter(pane.job_rows.values()))
    assert row.info.text() == "verified and installed" and row.bar.value() == 1000
    installed = next(m for m in pane.models if m.name == "tiny-chat.Q4_0.gguf")
    assert installed.info.quantization == "Q4_0"
    pane.installed_table.selectRow(pane.models.index(installed))
    pane.tabs.setCurrentIndex(0)
    qtbot.mouseClick(pane.load_model_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.controller.model is not None, timeout=30_000)
    assert w.pages.currentIndex() == 0 and "Q4_0" in w.model_label.text()
    send(qtbot, w, "hello")
    wait_idle(qtbot, w)
    branch = w.controller.store.branch(w.controller.conversation_id)
    # Answered (tools are on in a new chat: the random tiny model may call the clock first).
    assert branch[0].role == "user" and branch[-1].role == "assistant"
    assert branch[-1].status == "complete" and {m.role for m in branch[1:-1]} <= {
        "assistant",
        "tool",
    }


def test_failed_download_is_shown_and_resumable(
    qtbot: QtBot, make_window: WindowFactory, hub: FakeHub
) -> None:
    hub.repos["kotoba-test/tiny-chat-GGUF"].files["tiny-chat.Q8_0.gguf"].drop_after = 30_000
    w = make_window()
    pane = w.model_manager
    item_repo = "kotoba-test/tiny-chat-GGUF"
    from PySide6.QtWidgets import QListWidgetItem

    item = QListWidgetItem(item_repo)
    item.setData(256, item_repo)
    pane._on_repo_chosen(item)
    qtbot.waitUntil(lambda: pane.files_table.rowCount() == 2, timeout=10_000)
    pane.files_table.selectRow(
        next(r for r in range(2) if pane.files_table.item(r, 1).text() == "Q8_0")
    )
    pane._on_download()
    (job_id,) = pane.job_rows
    info, toggle = pane.job_rows[job_id].info, pane.job_rows[job_id].toggle
    qtbot.waitUntil(lambda: "connection dropped" in info.text(), timeout=10_000)
    assert toggle.text() == "Resume"
    assert not any(m.name == "tiny-chat.Q8_0.gguf" for m in pane.library.scan())
    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: info.text() == "verified and installed", timeout=10_000)


def test_hub_unreachable_is_a_clear_offline_state(
    qtbot: QtBot, make_window: WindowFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    import huggingface_hub.constants

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{port}")
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)
    w = make_window()
    pane = w.model_manager
    pane.search_box.setText("anything")
    pane.search()
    qtbot.waitUntil(lambda: "cannot be reached" in pane.status.text(), timeout=10_000)
    assert pane.search_button.isEnabled()


def test_drop_a_gguf_to_import_then_delete(
    qtbot: QtBot, make_window: WindowFactory, tiny_q8: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = make_window()

    def choose_copy(box: QMessageBox) -> int:
        next(b for b in box.buttons() if b.text() == "Copy into the library").click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", choose_copy)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tiny_q8))])
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)  # fmt: skip
    w.dropEvent(drop)  # what Qt calls when a file is dropped on the window
    pane = w.model_manager
    qtbot.waitUntil(lambda: any(m.name == tiny_q8.name for m in pane.models), timeout=10_000)
    assert (w.paths.models_dir / tiny_q8.name).exists()
    assert w.model_combo.findData(str(w.paths.models_dir / tiny_q8.name)) >= 0
    monkeypatch.setattr(
        QMessageBox, "exec", lambda box: box.button(QMessageBox.StandardButton.Yes).click() or 0
    )
    pane.installed_table.selectRow(0)
    qtbot.mouseClick(pane.delete_model_button, Qt.MouseButton.LeftButton)
    assert not (w.paths.models_dir / tiny_q8.name).exists()
    assert tiny_q8.exists()


def test_import_button_asks_for_a_file_then_how(
    qtbot: QtBot, make_window: WindowFactory, tiny_q4: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    w = make_window()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(tiny_q4), ""))

    def use_in_place(box: QMessageBox) -> int:
        next(b for b in box.buttons() if b.text() == "Use where it is").click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", use_in_place)
    pane = w.model_manager
    qtbot.mouseClick(pane.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(m.in_place for m in pane.models), timeout=10_000)
    assert not (w.paths.models_dir / tiny_q4.name).exists()  # used where it lies
    assert "(in place)" in pane.installed_table.item(0, 0).text()
