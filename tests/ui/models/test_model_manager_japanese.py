"""The model manager in Japanese: what core reports (errors, fit, download states) reaches the
user in Japanese, not as English sentences built in core."""

from __future__ import annotations

import re
import socket
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from chatapp.core.models.recommended import load_recommended
from chatapp.core.paths import AppPaths
from chatapp.core.settings import load_settings, save_settings
from tests.support.fake_hub import FakeHub
from tests.support.manager_driver import download, open_repo, slow
from tests.ui.conftest import WindowFactory

ENGLISH = re.compile(r"[A-Za-z]{2,}(?:[ ,;:'-]+[A-Za-z]{2,}){2,}")  # three English words in a row


def english_in(text: str, *names: str) -> list[str]:
    for name in names:
        text = text.replace(name, "")
    return ENGLISH.findall(text)


@pytest.fixture
def japanese_user(app_paths: AppPaths, japanese: None) -> None:
    """A user who chose Japanese in Preferences."""
    settings = load_settings(app_paths.config_dir)
    save_settings(app_paths.config_dir, replace(settings, language="ja"))


def test_hub_errors_fit_and_download_states_in_japanese(
    qtbot: QtBot, make_window: WindowFactory, hub: FakeHub, repo: str, japanese_user: None
) -> None:
    hub.add_file(repo, "../evil.gguf", b"GGUF")
    slow(hub, repo, "tiny-chat.Q8_0.gguf", seconds=3)
    w = make_window()
    pane = w.model_manager
    seen: list[str] = []
    open_repo(qtbot, pane, repo, rows=3)
    seen.append(pane.status.text())
    table = pane.files_table
    for r in range(table.rowCount()):
        seen += [table.item(r, 0).text(), table.item(r, 0).toolTip(), table.item(r, 3).text()]
    assert any("収まります" in t for t in seen), seen  # the fit, in Japanese
    row = download(qtbot, pane, "tiny-chat.Q8_0.gguf")
    qtbot.waitUntil(lambda: row.bar.value() > 50, timeout=10_000)
    seen.append(row.info.text())
    qtbot.mouseClick(row.toggle, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: row.state == "paused", timeout=5_000)
    seen += [row.info.text(), row.toggle.text()]
    assert "一時停止" in row.info.text()
    hub.api_status, hub.api_retry_after = 429, "17"
    pane.search_box.setText("tiny")
    pane.search()
    qtbot.waitUntil(lambda: pane.search_button.isEnabled(), timeout=10_000)
    seen.append(pane.status.text())
    assert "17" in pane.status.text()
    pane.open_repository("../../etc")
    qtbot.waitUntil(lambda: "../../etc" in pane.status.text(), timeout=5_000)
    seen.append(pane.status.text())
    names = (repo, "tiny-chat.Q8_0.gguf", "tiny-chat.Q4_0.gguf", "../evil.gguf", "../../etc")
    found = [(t, english_in(t, *names)) for t in seen if english_in(t, *names)]
    assert found == []


def test_offline_in_japanese(
    qtbot: QtBot, make_window: WindowFactory, monkeypatch: pytest.MonkeyPatch, japanese_user: None
) -> None:
    import huggingface_hub.constants

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{port}")
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)
    w = make_window()
    pane = w.model_manager
    listed = "\n".join(pane.repo_list.item(i).text() for i in range(pane.repo_list.count()))
    first = load_recommended(language="ja")[0]
    assert first.summary_ja and first.summary_ja in listed  # the curated list, in Japanese
    pane.search_box.setText("anything")
    pane.search()
    qtbot.waitUntil(lambda: pane.search_button.isEnabled(), timeout=10_000)
    assert pane.status.text() and english_in(pane.status.text()) == [], pane.status.text()
    assert "オフライン" in pane.status.text()
