"""Installed → Speculative…: one model's own speculative decoding over Preferences. The
manager offers the library's drafts of that model's family, the real runtime's next load of
the model uses the choice (the model's tooltip names it, the reply is the plain greedy one and
the status bar shows the guesses kept), and "as in Preferences" undoes it
(docs/speculative.md)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from chatapp.core.chat.conversation_settings import ConversationSettings, SamplingSettings
from chatapp.core.models.speculative_choices import ModelSpeculative, SpeculativeChoices
from chatapp.core.paths import AppPaths
from chatapp.ui.app.main_window import MainWindow
from chatapp.ui.app.preferences_dialog import PreferencesDialog
from chatapp.ui.models.speculative_dialog import PREFERENCES, SpeculativeDialog
from tests.support.tiny_models import write_tiny_model
from tests.ui.conftest import WindowFactory, send, wait_idle

GREEDY = ConversationSettings(
    sampling=SamplingSettings(temperature=0.0, max_tokens=24), tools_enabled=False
)
QUESTION = "the cat is on the mat and the dog"


@pytest.fixture
def pair(app_paths: AppPaths) -> tuple[Path, Path]:
    """The tiny pair of tests/ui/app/test_speculative_in_window.py, the chat model with four
    layers so that the one-layer draft is at most half its size (a draft the manager offers)."""
    d = app_paths.models_dir
    target = write_tiny_model(d / "tiny-chat.gguf", "Q8_0", layers=4)
    draft = write_tiny_model(d / "tiny-draft.gguf", "Q8_0", seed=99, layers=1)
    return target, draft


def pick(monkeypatch: pytest.MonkeyPatch, action: Callable[[SpeculativeDialog], None]) -> list[str]:
    """The dialog runs ``action`` instead of a modal loop; the errors it showed are returned."""
    shown: list[str] = []

    def exec_(dialog: SpeculativeDialog) -> int:
        action(dialog)
        shown.append(dialog.error.text())
        return int(dialog.result())

    monkeypatch.setattr(SpeculativeDialog, "exec", exec_)
    return shown


def ok(dialog: SpeculativeDialog) -> None:
    box = dialog.findChild(QDialogButtonBox)
    box.button(QDialogButtonBox.StandardButton.Ok).click()


def row_of(w: MainWindow, path: Path) -> int:
    return next(r for r, m in enumerate(w.model_manager.installed.models) if m.path == path)


def load_row(qtbot: QtBot, w: MainWindow, row: int) -> None:
    """Load from the manager's Installed tab, as the user does."""
    w.model_manager.installed_table.selectRow(row)
    qtbot.mouseClick(w.model_manager.load_model_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.controller.model is not None, timeout=30_000)
    wait_idle(qtbot, w)


def reply(qtbot: QtBot, w: MainWindow) -> str:
    c = w.controller
    c.new_conversation()
    c.set_settings(GREEDY)
    wait_idle(qtbot, w)
    send(qtbot, w, QUESTION)
    wait_idle(qtbot, w)
    last = c.store.branch(c.conversation_id)[-1]
    assert last.role == "assistant" and last.status == "complete"
    return str(last.content)


def test_a_models_own_draft_is_used_by_its_next_load(
    qtbot: QtBot, make_window: WindowFactory, pair: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    target, draft = pair
    w = make_window()
    tab = w.model_manager.installed
    qtbot.waitUntil(lambda: {target, draft} <= {m.path for m in tab.models}, timeout=5_000)
    row = row_of(w, target)
    load_row(qtbot, w, row)
    model = w.controller.model
    assert model is not None and model.details["speculative"] == "off"  # Preferences: Off
    plain = reply(qtbot, w)
    assert "guesses kept" not in w.status_panel.figures_label.text()

    tab.table.selectRow(row)
    assert tab.speculative_button.isEnabled()

    def choose_draft(dialog: SpeculativeDialog) -> None:
        assert dialog.mode.currentData() == PREFERENCES
        assert dialog.mode.currentText() == "As in Preferences (Off)"
        assert not dialog.draft.isEnabled()
        offered = [dialog.draft.itemData(i) for i in range(dialog.draft.count())]
        assert offered == ["", str(draft)]  # the family's draft; not the model itself
        assert "tiny-draft.gguf" in dialog.draft.itemText(0)  # named as the automatic one
        dialog.mode.setCurrentIndex(dialog.mode.findData("draft"))
        assert dialog.draft.isEnabled()
        dialog.draft.setCurrentIndex(dialog.draft.findData(str(draft)))
        ok(dialog)

    shown = pick(monkeypatch, choose_draft)
    qtbot.mouseClick(tab.speculative_button, Qt.MouseButton.LeftButton)
    assert shown == [""]
    assert (
        tab.status.text()
        == "tiny-chat.gguf uses Draft model with tiny-draft.gguf from its next load"
    )
    assert (
        "Speculative decoding: Draft model with tiny-draft.gguf" in tab.table.item(row, 0).toolTip()
    )
    assert SpeculativeChoices(w.paths.config_dir).choice(target) == ModelSpeculative(
        "draft", str(draft)
    )  # kept for the next start

    load_row(qtbot, w, row)
    model = w.controller.model
    assert model is not None and model.details["speculative"] == "draft"
    assert model.details["draft_model"] == draft.name
    assert "Speculative decoding: draft model · draft tiny-draft.gguf" in w.model_label.toolTip()
    assert w.controller.settings.speculative == "off"  # Preferences are unchanged
    assert reply(qtbot, w) == plain
    figures = w.status_panel.figures_label.text()
    assert "draft model" in figures and "guesses kept" in figures, figures

    # The draft model itself has no choice of its own: it follows Preferences.
    load_row(qtbot, w, row_of(w, draft))
    assert w.controller.model is not None
    assert w.controller.model.details["speculative"] == "off"

    # Back to Preferences (now Prompt lookup) from the dialog's first row.
    def lookup_in_preferences(dialog: PreferencesDialog) -> bool:
        dialog.speculative.mode.setCurrentIndex(dialog.speculative.mode.findData("lookup"))
        dialog.try_accept()
        return True

    monkeypatch.setattr(PreferencesDialog, "exec", lookup_in_preferences)
    w.preferences.open_preferences()

    def as_in_preferences(dialog: SpeculativeDialog) -> None:
        assert dialog.mode.currentData() == "draft"  # the choice made before
        assert dialog.mode.itemText(0) == "As in Preferences (Prompt lookup)"
        dialog.mode.setCurrentIndex(0)
        ok(dialog)

    row = row_of(w, target)
    tab.table.selectRow(row)
    pick(monkeypatch, as_in_preferences)
    qtbot.mouseClick(tab.speculative_button, Qt.MouseButton.LeftButton)
    assert tab.status.text() == "tiny-chat.gguf decodes as in Preferences from its next load"
    assert "Speculative" not in tab.table.item(row, 0).toolTip()
    assert SpeculativeChoices(w.paths.config_dir).choice(target) is None
    load_row(qtbot, w, row)
    model = w.controller.model
    assert model is not None and model.details["speculative"] == "lookup"
    assert "Speculative decoding: prompt lookup" in w.model_label.toolTip()


def test_draft_model_without_a_draft_in_the_library_is_refused_in_the_dialog(
    qtbot: QtBot, make_window: WindowFactory, pair: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """The one-layer draft is the smallest model: nothing can be its draft. Draft model is one
    line in the dialog and nothing is stored; Prompt lookup needs no draft and is kept."""
    _target, draft = pair
    w = make_window()
    tab = w.model_manager.installed
    qtbot.waitUntil(lambda: any(m.path == draft for m in tab.models), timeout=5_000)
    tab.table.selectRow(row_of(w, draft))

    def choose_draft(dialog: SpeculativeDialog) -> None:
        assert dialog.draft.count() == 1
        assert dialog.draft.itemText(0).endswith("none in the library")
        dialog.mode.setCurrentIndex(dialog.mode.findData("draft"))
        ok(dialog)

    shown = pick(monkeypatch, choose_draft)
    qtbot.mouseClick(tab.speculative_button, Qt.MouseButton.LeftButton)
    assert len(shown) == 1 and "No model in the library can be the draft" in shown[0]
    assert SpeculativeChoices(w.paths.config_dir).choice(draft) is None

    def choose_lookup(dialog: SpeculativeDialog) -> None:
        dialog.mode.setCurrentIndex(dialog.mode.findData("lookup"))
        ok(dialog)

    shown = pick(monkeypatch, choose_lookup)
    qtbot.mouseClick(tab.speculative_button, Qt.MouseButton.LeftButton)
    assert shown == [""]
    assert SpeculativeChoices(w.paths.config_dir).choice(draft) == ModelSpeculative("lookup")


def test_the_dialog_and_the_preferences_rows_in_japanese(
    qtbot: QtBot, make_window: WindowFactory, pair: tuple[Path, Path], japanese: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    target, _draft = pair
    w = make_window()
    tab = w.model_manager.installed
    qtbot.waitUntil(lambda: any(m.path == target for m in tab.models), timeout=5_000)
    tab.table.selectRow(row_of(w, target))
    assert tab.speculative_button.text() == "投機的デコード…"
    texts: list[str] = []

    def look(dialog: SpeculativeDialog) -> None:
        texts.append(dialog.windowTitle())
        texts.extend(dialog.mode.itemText(i) for i in range(dialog.mode.count()))
        texts.append(dialog.draft.itemText(0))
        dialog.reject()

    pick(monkeypatch, look)
    qtbot.mouseClick(tab.speculative_button, Qt.MouseButton.LeftButton)
    assert texts == [
        "投機的デコード",
        "環境設定のとおり（オフ）",
        "オフ",
        "自動（このコンピューターで速いと測れた方式）",
        "プロンプト参照",
        "下書きモデル",
        "同じ系列の小さいモデル: tiny-draft.gguf",
    ]
    rows: list[str] = []

    def preferences(dialog: PreferencesDialog) -> bool:
        mode = dialog.speculative.mode
        rows.extend(mode.itemText(i) for i in range(mode.count()))
        explain = dialog.speculative.explain
        rows.append(explain.text())
        dialog.show()
        qtbot.waitExposed(dialog)
        # The whole sentence is shown (it was squeezed to two clipped lines).
        assert (
            explain.height()
            >= explain.heightForWidth(explain.width())
            > 3 * explain.fontMetrics().height()
        )
        dialog.close()
        return False

    monkeypatch.setattr(PreferencesDialog, "exec", preferences)
    w.preferences.open_preferences()
    assert rows[:4] == [
        "オフ",
        "自動（このコンピューターで速いと測れた方式）",
        "プロンプト参照",
        "下書きモデル",
    ]
    assert rows[4].startswith("温度 0 の返答を") and "投機的デコード…" in rows[4]
