"""The real Gemma model in the window: the demo entry, a crash mid-reply, a bad model file."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from chatapp.core.chat.conversation_settings import ConversationSettings, SamplingSettings
from chatapp.core.paths import AppPaths
from tests.ui.conftest import WindowFactory, load, send, wait_idle


@pytest.mark.gemma
def test_demo_model_is_offered_and_chats(
    qtbot: QtBot, make_window: WindowFactory, app_paths: AppPaths
) -> None:
    w = make_window()
    assert "demo" in w.model_combo.currentText()
    load(qtbot, w)
    assert Path(w.controller.model.source).parent == app_paths.models_dir
    assert "Q4_K_M" in w.model_label.text()
    w.controller.new_conversation()
    w.controller.set_settings(
        ConversationSettings(sampling=SamplingSettings(max_tokens=24, seed=1))
    )
    wait_idle(qtbot, w)
    send(qtbot, w, "What is the capital of France?")
    wait_idle(qtbot, w)
    reply = w.controller.store.branch(w.controller.conversation_id)[-1]
    assert reply.role == "assistant" and len(reply.content.split()) >= 3


@pytest.mark.gemma
def test_runtime_crash_keeps_the_window_and_the_words(
    qtbot: QtBot, make_window: WindowFactory, gemma_path: Path
) -> None:
    w = make_window(gemma_path)
    load(qtbot, w)
    c = w.controller
    c.new_conversation()
    # a plain stream (tools are on by default; the tool path is tested in tests/ui/tools)
    c.set_settings(
        ConversationSettings(sampling=SamplingSettings(max_tokens=1500), tools_enabled=False)
    )
    wait_idle(qtbot, w)
    texts: list[str] = []
    c.reply_text.connect(texts.append)
    send(qtbot, w, "Tell me a very long story about the sea.")
    qtbot.waitUntil(lambda: len(texts) > 3, timeout=30_000)
    os.kill(c.engine.client.pid, signal.SIGKILL)
    # The README's promise: the signal is shown within 2 s, and the window is idle again.
    qtbot.waitUntil(lambda: "SIGKILL" in w.notice_label.text(), timeout=2_000)
    wait_idle(qtbot, w, 2_000)
    branch = c.store.branch(c.conversation_id)
    assert branch[0].content == "Tell me a very long story about the sea."
    assert branch[1].status == "partial" and branch[1].content  # what was shown is kept
    assert "interrupted" in w.transcript.toPlainText()
    # Sending again restarts the runtime, reloads the model and replies.
    c.set_settings(
        ConversationSettings(sampling=SamplingSettings(max_tokens=16), tools_enabled=False)
    )
    send(qtbot, w, "And now a short one.")
    qtbot.waitUntil(lambda: c.model is not None, timeout=30_000)
    wait_idle(qtbot, w)
    roles = [(m.role, m.status) for m in c.store.branch(c.conversation_id)]
    assert roles == [("user", "complete"), ("assistant", "partial"), ("user", "complete"),
                     ("assistant", "complete")]  # fmt: skip


def test_bad_model_file_shows_an_error(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    bad = tmp_path / "broken.gguf"
    bad.write_bytes(b"GGUF\x03\x00\x00\x00" + b"\xff" * 40)
    w = make_window(bad)
    qtbot.mouseClick(w.load_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not w.controller.loading, timeout=10_000)
    assert w.controller.model is None
    assert "damaged" in w.notice_label.text()
    assert w.load_button.isEnabled()


def test_every_malformed_file_gets_an_error_within_2_s(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    import time

    from tests.support.bad_gguf import write_corpus

    corpus = write_corpus(tmp_path / "bad")
    w = make_window()
    for name, path in corpus.items():
        w.notice_label.setText("")
        t0 = time.monotonic()
        w.controller.load_model(str(path))
        qtbot.waitUntil(lambda: not w.controller.loading, timeout=2_000)
        assert time.monotonic() - t0 < 2.0, name
        assert w.controller.model is None, name
        assert w.notice_label.text().startswith("⚠"), name
    assert w.isVisible() and w.controller.engine.client.crash_count == 0


def test_hostile_template_then_a_builtin_format(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    from tests.support.tiny_models import write_tiny_model

    model = write_tiny_model(
        tmp_path / "evil.gguf",
        "Q4_0",
        chat_template="{{ ''.__class__.__mro__[1].__subclasses__() }}",
    )
    w = make_window(model)
    qtbot.mouseClick(w.load_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not w.controller.loading, timeout=10_000)
    assert w.controller.model is None
    assert "chat template failed" in w.notice_label.text()
    w.format_combo.setCurrentIndex(w.format_combo.findData("chatml"))
    load(qtbot, w)
    assert w.controller.model.chat_format == "chatml"
    send(qtbot, w, "hello")
    wait_idle(qtbot, w)
    assert w.controller.store.branch(w.controller.conversation_id)[-1].status == "complete"


def test_a_model_too_big_for_memory_is_refused_and_the_user_is_asked(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from tests.support.tiny_models import write_tiny_model

    huge = write_tiny_model(tmp_path / "huge.gguf", "Q4_0", context_length=2**28)
    asked: list[str] = []

    def question(_parent, _title, text, *a, **k):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    w = make_window()
    w.controller.load_model(str(huge), 2**28)
    qtbot.waitUntil(lambda: bool(asked), timeout=5_000)
    assert "of memory" in asked[0] and "Load it anyway?" in asked[0]
    assert w.controller.model is None and not w.controller.loading


def test_load_it_anyway_loads_a_model_over_the_memory_limit(
    qtbot: QtBot,
    make_window: WindowFactory,
    tiny_q4: Path,
    app_paths: AppPaths,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With a memory limit set in the preferences, the tiny model does not fit; answering Yes
    loads it anyway (no real huge allocation needed)."""
    from dataclasses import replace

    from PySide6.QtWidgets import QMessageBox

    from chatapp.core.settings import load_settings, save_settings

    settings = replace(load_settings(app_paths.config_dir), memory_limit_mb=1)
    save_settings(app_paths.config_dir, settings)
    asked: list[str] = []

    def question(_parent, _title, text, *a, **k):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    w = make_window()
    w.model_bar.select(str(tiny_q4))
    w.model_bar.load_chosen()
    qtbot.waitUntil(lambda: w.controller.model is not None, timeout=30_000)
    assert len(asked) == 1 and "1.0 MB is available" in asked[0]
    assert w.controller.last_load is not None and w.controller.last_load.ignore_memory
    send(qtbot, w, "hello")
    wait_idle(qtbot, w)
    assert w.controller.store.branch(w.controller.conversation_id)[-1].status == "complete"


@pytest.mark.gemma
def test_a_crash_while_loading_is_not_retried_by_itself(
    qtbot: QtBot, make_window: WindowFactory, gemma_path: Path
) -> None:
    w = make_window(gemma_path)
    c = w.controller
    c.engine.client.start(wait=True)
    qtbot.mouseClick(w.load_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: c.loading, timeout=5_000)
    os.kill(c.engine.client.pid, signal.SIGKILL)
    qtbot.waitUntil(lambda: not c.loading and "SIGKILL" in w.notice_label.text(), timeout=2_000)
    assert c.model is None
    send(qtbot, w, "hello")
    qtbot.wait(300)
    assert not c.loading and c.model is None  # no automatic reload of that model
    assert "Load a model" in w.notice_label.text()
    # With no model to answer, nothing is written: the words stay in the composer.
    assert w.composer.toPlainText() == "hello"
    assert c.conversation_id is None or not c.store.branch(c.conversation_id)
