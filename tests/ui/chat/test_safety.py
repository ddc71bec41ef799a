"""Model output is untrusted: no resource is loaded, raw HTML is text, links need confirmation."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WindowFactory


@pytest.fixture
def listener():  # type: ignore[no-untyped-def]
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.3)
    yield server
    server.close()


def connections(server: socket.socket) -> int:
    n = 0
    while True:
        try:
            conn, _ = server.accept()
        except TimeoutError:
            return n
        conn.close()
        n += 1


def test_hostile_output_loads_nothing_and_shows_html_as_text(
    qtbot: QtBot, make_window: WindowFactory, listener: socket.socket, tmp_path: Path
) -> None:
    port = listener.getsockname()[1]
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG not really")
    hostile = (
        f"![remote](http://127.0.0.1:{port}/a.png)\n\n"
        f'<img src="http://127.0.0.1:{port}/b.png"> <img src="file://{secret}">\n\n'
        f"![local](file://{secret}) <script>alert(1)</script> <b>bold?</b>\n\n"
        "[js](javascript:alert(1)) [file](file:///etc/passwd) [forged](action:delete/1)\n\n"
        f"[web](http://127.0.0.1:{port}/page)"
    )
    w = make_window()
    store = w.controller.store
    cid = w.controller.new_conversation()
    store.add_message(cid, "user", "hi")
    store.add_message(cid, "assistant", hostile)
    w.chat.render_transcript()
    qtbot.wait(200)
    w.grab()  # paint it, as a person would see it
    assert connections(listener) == 0
    assert w.transcript.resource_requests == []
    html = w.transcript.toHtml()
    assert "<img" not in html
    text = w.transcript.toPlainText()
    assert "<b>bold?</b>" in text and "<script>alert(1)</script>" in text
    assert "[js](javascript:alert(1))" in text  # not a link
    assert 'href="javascript' not in html and 'href="file' not in html
    assert "action:delete/1" in text  # the forged action is inert text


def test_links_open_only_after_confirmation(
    qtbot: QtBot, make_window: WindowFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = make_window()
    opened: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: opened.append(url.toString()) or True
    )
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    asked: list[str] = []

    def question(_parent, _title, text, *a, **k):  # type: ignore[no-untyped-def]
        asked.append(text)
        return next(answers)

    monkeypatch.setattr(QMessageBox, "question", question)
    url = QUrl("https://example.com/docs")
    w.transcript.anchorClicked.emit(url)
    assert opened == [] and "https://example.com/docs" in asked[0]
    w.transcript.anchorClicked.emit(url)
    assert opened == ["https://example.com/docs"]
    w.transcript.anchorClicked.emit(QUrl("file:///etc/passwd"))
    w.transcript.anchorClicked.emit(QUrl("javascript:alert(1)"))
    assert len(asked) == 2 and len(opened) == 1


def test_hostile_meta_is_inert_too(
    qtbot: QtBot, make_window: WindowFactory, listener: socket.socket, tmp_path: Path
) -> None:
    """Reasoning, tool results and source titles come from models and files: text, never HTML."""
    port = listener.getsockname()[1]
    img = f'<img src="http://127.0.0.1:{port}/x.png">'
    w = make_window()
    store = w.controller.store
    cid = w.controller.new_conversation()
    store.add_message(cid, "user", "hi")
    reply = store.add_message(
        cid, "assistant", f"<think>![t](http://127.0.0.1:{port}/t.png) {img}</think>Answer",
        meta={"sources": [{"n": 1, "title": f"{img}<b>report</b>", "page": 2},
                          {"n": 2, "title": "[x](javascript:alert(1))"}],
              "tool_calls": [{"id": "c", "type": "function",
                              "function": {"name": "calc", "arguments": img}}]},
    )  # fmt: skip
    store.add_message(cid, "tool", img, meta={"name": "calc", "display": f"calc: {img}"})
    w.chat.render_transcript()
    view = w.transcript
    view.run("reasoning", reply)  # open every fold: all of it is on screen
    view.run("tools", reply)
    tool = view.message_ids()[-1]
    view.run("tools", tool)
    qtbot.wait(100)
    w.grab()
    assert connections(listener) == 0
    assert view.resource_requests == []
    html = view.toHtml()
    assert "<img" not in html and 'href="javascript' not in html
    text = view.toPlainText()
    assert "<b>report</b>" in text and text.count(img) >= 3  # shown as the text it is
