"""Speculative decoding turned on in Preferences, then a chat in the window: the runtime loads
the chosen draft, the reply is the plain greedy reply, and the status bar shows how many of the
guesses were kept (docs/speculative.md)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from pytestqt.qtbot import QtBot

from chatapp.core.chat.conversation_settings import ConversationSettings, SamplingSettings
from chatapp.core.paths import AppPaths
from chatapp.core.settings import load_settings, save_settings
from chatapp.ui.app.main_window import MainWindow
from chatapp.ui.app.preferences_dialog import PreferencesDialog
from tests.support.tiny_models import write_tiny_model
from tests.ui.conftest import WindowFactory, load, send, wait_idle

# Prompt lookup guesses only where the reply repeats itself: the random model's greedy reply
# does that once it is long enough.
TOKENS = {"draft": 24, "lookup": 120}


def _reply(qtbot: QtBot, w: MainWindow, text: str, tokens: int) -> str:
    c = w.controller
    c.new_conversation()
    sampling = SamplingSettings(temperature=0.0, max_tokens=tokens)
    c.set_settings(ConversationSettings(sampling=sampling, tools_enabled=False))
    wait_idle(qtbot, w)
    send(qtbot, w, text)
    wait_idle(qtbot, w)
    reply = c.store.branch(c.conversation_id)[-1]
    assert reply.role == "assistant" and reply.status == "complete"
    return str(reply.content)


@pytest.mark.parametrize("mode", ["draft", "lookup"])
def test_speculative_from_preferences_chats_and_shows_acceptance(
    qtbot: QtBot,
    make_window: WindowFactory,
    app_paths: AppPaths,
    monkeypatch: pytest.MonkeyPatch,
    mode: str,
) -> None:
    # One thread: a checked batch then sums as single tokens do (docs/speculative.md).
    save_settings(app_paths.config_dir, replace(load_settings(app_paths.config_dir), threads=1))
    target = write_tiny_model(app_paths.models_dir / "tiny-chat.gguf", "Q8_0")
    draft = write_tiny_model(app_paths.models_dir / "tiny-draft.gguf", "Q8_0", seed=99, layers=1)
    w = make_window()
    w.model_bar.select(str(target))
    load(qtbot, w)
    assert w.controller.model is not None
    assert w.controller.model.details["speculative"] == "off"
    question = "the cat is on the mat and the dog"
    plain = _reply(qtbot, w, question, TOKENS[mode])
    assert "guesses kept" not in w.status_panel.figures_label.text()

    def turn_on(dialog: PreferencesDialog) -> bool:
        rows = dialog.speculative
        rows.mode.setCurrentIndex(rows.mode.findData(mode))
        assert rows.draft.isEnabled() == (mode == "draft")
        assert rows.draft.findData(str(draft)) >= 0  # the library's models are offered
        if mode == "draft":
            rows.draft.setCurrentIndex(rows.draft.findData(str(draft)))
        assert "temperature 0" in rows.explain.text()
        dialog.try_accept()
        return True

    monkeypatch.setattr(PreferencesDialog, "exec", turn_on)
    w.preferences.open_preferences()
    assert w.controller.settings.speculative == mode
    load(qtbot, w)  # the setting takes effect with the next load
    wait_idle(qtbot, w)
    model = w.controller.model
    assert model is not None and model.details["speculative"] == mode
    words = "draft model" if mode == "draft" else "prompt lookup"
    assert f"Speculative decoding: {words}" in w.model_label.toolTip()
    if mode == "draft":
        assert model.details["draft_model"] == draft.name
        assert draft.name in w.model_label.toolTip()
    assert _reply(qtbot, w, question, TOKENS[mode]) == plain
    figures = w.status_panel.figures_label.text()
    assert "guesses kept" in figures, figures
    assert ("draft model" if mode == "draft" else "prompt lookup") in figures
