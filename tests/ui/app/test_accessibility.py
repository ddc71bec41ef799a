"""Every view, every control: it has a name for assistive technology and the Tab key reaches it.

Each view is shown in turn — the chat with a model loaded (idle and while a reply streams), the
welcome page, each tab of the model manager, the conversation settings and the preferences —
and its controls are found by walking the widget tree (so controls added later are covered
too). A control's name is what a screen reader gets from Qt's accessibility interface; for a
field whose interface would fall back to its value (a combo box says its current item), the name
must be its own or come from a label that is its buddy. Keyboard reach is measured by pressing
Tab from the view's first control and recording where the focus goes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QSizeGrip,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from chatapp.core.chat.conversation_settings import ConversationSettings, SamplingSettings
from chatapp.core.models.downloads import DownloadJob, Downloads
from chatapp.core.paths import AppPaths
from chatapp.ui.app.main_window import MainWindow
from chatapp.ui.app.preferences_dialog import PreferencesDialog
from chatapp.ui.chat.settings_dialog import SettingsDialog
from tests.ui.conftest import WindowFactory, load, send, wait_idle

# Fields whose accessibility interface names them by their value when they have no name.
FIELDS = (QComboBox, QLineEdit, QAbstractSpinBox, QTextEdit, QPlainTextEdit, QAbstractItemView,
          QAbstractSlider)  # fmt: skip
CONTROLS = (QAbstractButton, QTabBar, *FIELDS)
TAB_PRESSES = 400
TRAP = 100  # Tab presses that stay in one control (a transcript steps through its links)


def inner_part(w: QWidget) -> bool:
    """A piece of a compound control (the line edit of a spin box or an editable combo box,
    a table's headers and corner button, scroll bars): the compound control is checked."""
    if isinstance(w, QScrollBar):
        return True
    parent = w.parentWidget()
    while parent is not None:
        if isinstance(parent, (QComboBox, QAbstractSpinBox, QAbstractItemView)):
            return True
        parent = parent.parentWidget()
    return False


def controls(root: QWidget) -> list[QWidget]:
    """The visible controls under ``root``: what a user can operate or move the focus to."""
    found = []
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisible() or inner_part(w) or w.focusProxy() is not None:
            continue
        if isinstance(w, CONTROLS) or w.focusPolicy() & Qt.FocusPolicy.TabFocus:
            found.append(w)
    return found


def describe(w: QWidget) -> str:
    text = w.text() if isinstance(w, (QAbstractButton, QLabel, QLineEdit)) else ""
    return f"{type(w).__name__}({w.objectName() or text or w.accessibleName()!r})"


def spoken_name(w: QWidget) -> str:
    """The name assistive technology gets for ``w``."""
    interface = QAccessible.queryAccessibleInterface(w)
    name = interface.text(QAccessible.Text.Name) if interface is not None else ""
    if isinstance(w, FIELDS) and not w.accessibleName():
        labelled = any(label.buddy() is w for label in w.window().findChildren(QLabel))
        return name if labelled else ""  # otherwise the "name" is only the field's value
    return name


def unnamed(root: QWidget) -> list[str]:
    return [describe(w) for w in controls(root) if not spoken_name(w).strip()]


def tab_walk(qtbot: QtBot, start: QWidget) -> list[QWidget]:
    """Press Tab from ``start`` until the focus comes back to it; where the focus went."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start, timeout=2_000)
    visited: list[QWidget] = []
    for _ in range(TAB_PRESSES):
        current = QApplication.focusWidget()
        assert current is not None, f"the focus left the window after {visited[-3:]}"
        visited.append(current)
        stuck = visited[-TRAP:]
        assert len(stuck) < TRAP or any(x is not current for x in stuck), (
            f"keyboard trap: Tab never leaves {describe(current)}"
        )
        QTest.keyClick(current, Qt.Key.Key_Tab)
        if QApplication.focusWidget() is start and visited[-1] is not start:
            break
    return visited


def unreachable(qtbot: QtBot, root: QWidget) -> list[str]:
    """The enabled controls under ``root`` that Tab never reaches."""
    wanted = [w for w in controls(root) if w.isEnabled()]
    assert wanted, "a view without controls: the test would prove nothing"
    focusable = [w for w in wanted if w.focusPolicy() & Qt.FocusPolicy.TabFocus]
    start = focusable[0] if focusable else wanted[0]
    reached = tab_walk(qtbot, start)

    def reached_by(w: QWidget) -> bool:
        return any(r is w or w.isAncestorOf(r) for r in reached)

    return [describe(w) for w in wanted if not reached_by(w)]


def check_view(qtbot: QtBot, root: QWidget, view: str) -> None:
    assert unnamed(root) == [], f"{view}: controls without an accessible name"
    assert unreachable(qtbot, root) == [], f"{view}: controls the Tab key never reaches"


@pytest.fixture
def paused_download(app_paths: AppPaths) -> Iterator[None]:
    """A download left paused by an earlier session: the Downloads tab shows its row."""
    downloads = Downloads(app_paths.data_dir / "downloads", app_paths.models_dir)
    part = {"path": "tiny-chat.Q4_0.gguf", "size": 100_000, "sha256": None}
    downloads.save(DownloadJob("kotoba-test/tiny-chat-GGUF", "tiny-chat.Q4_0.gguf", [part],
                               state="paused"))  # fmt: skip
    yield


def test_the_welcome_page(qtbot: QtBot, make_window: WindowFactory) -> None:
    w = make_window()
    assert w.pages.currentWidget() is w.welcome
    check_view(qtbot, w, "welcome page")


def test_the_chat_with_a_model_idle_and_streaming(
    qtbot: QtBot, make_window: WindowFactory, tiny_q4: Path, app_paths: AppPaths
) -> None:
    from dataclasses import replace

    from chatapp.core.settings import load_settings, save_settings

    # One thread (Preferences): the tiny model needs no more, and this CPU is shared.
    save_settings(app_paths.config_dir, replace(load_settings(app_paths.config_dir), threads=1))
    w = make_window(tiny_q4)
    load(qtbot, w)
    w.controller.new_conversation()
    w.controller.set_settings(ConversationSettings(sampling=SamplingSettings(max_tokens=16)))
    wait_idle(qtbot, w)
    send(qtbot, w, "hello")
    wait_idle(qtbot, w)
    send(qtbot, w, "and again")  # a second turn: the transcript has its actions
    wait_idle(qtbot, w)
    w.transcript.setFocus()
    assert w.pages.currentIndex() == 0 and w.send_button.isVisible()
    for part in (w.composer, w.send_button, w.sidebar, w.transcript, w.statusBar()):
        assert part.isVisible() and part in [w, *w.findChildren(QWidget)]
    check_view(qtbot, w, "chat")
    # What the status bar shows (model, figures) and the context meter beside the composer are
    # named for a screen reader.
    bar = w.statusBar()
    shown = [
        x
        for x in bar.findChildren(QWidget)
        if x.isVisible() and x.parentWidget() is bar and not isinstance(x, QSizeGrip)
    ]
    assert len(shown) >= 2 and w.meter.isVisible()
    assert [describe(x) for x in [*shown, w.meter] if not spoken_name(x).strip()] == []
    # While a reply streams, Stop is enabled and must be reachable too.
    w.controller.set_settings(ConversationSettings(sampling=SamplingSettings(max_tokens=1800)))
    wait_idle(qtbot, w)
    send(qtbot, w, "a long one")
    qtbot.waitUntil(lambda: w.stop_button.isEnabled(), timeout=10_000)
    try:
        walk = tab_walk(qtbot, w.composer)
        assert w.stop_button in walk, "Stop is not reachable with Tab while a reply streams"
    finally:
        w.chat.stop_reply()
        wait_idle(qtbot, w)


def test_every_tab_of_the_model_manager(
    qtbot: QtBot, make_window: WindowFactory, tiny_q4: Path, app_paths: AppPaths,
    paused_download: None,
) -> None:  # fmt: skip
    import shutil

    shutil.copy(tiny_q4, app_paths.models_dir / tiny_q4.name)  # an installed model
    w = make_window()
    w.show_models(True)
    pane = w.model_manager
    tab_widgets = [t for t in pane.findChildren(QTabWidget) if t.isVisible()]
    assert tab_widgets, "the model manager has no tabs"
    checked = 0
    for tabs in tab_widgets:
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            qtbot.wait(10)
            check_view(qtbot, pane, f"model manager, {tabs.tabText(index)}")
            checked += 1
    assert checked >= 3


def _check_dialog(qtbot: QtBot, dialog: QDialog, view: str, problems: list[str]) -> int:
    """Run inside the dialog's ``exec``: collect what is wrong, then close it."""
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5_000)
    try:
        problems += [f"{view}: no name: {n}" for n in unnamed(dialog)]
        problems += [f"{view}: not reachable: {n}" for n in unreachable(qtbot, dialog)]
    except AssertionError as exc:  # the walk itself failed (the focus left the dialog)
        problems.append(f"{view}: {exc}")
    dialog.reject()
    return 0


def test_the_conversation_settings(
    qtbot: QtBot, make_window: WindowFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    problems: list[str] = []
    opened: list[QDialog] = []

    def run(dialog: QDialog) -> int:
        opened.append(dialog)
        return _check_dialog(qtbot, dialog, "conversation settings", problems)

    monkeypatch.setattr(SettingsDialog, "exec", run)
    w = make_window()
    w.chat.open_settings()
    assert opened and problems == []


def test_the_preferences(
    qtbot: QtBot, make_window: WindowFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    problems: list[str] = []
    opened: list[QDialog] = []

    def run(dialog: QDialog) -> int:
        opened.append(dialog)
        return _check_dialog(qtbot, dialog, "preferences", problems)

    monkeypatch.setattr(PreferencesDialog, "exec", run)
    w: MainWindow = make_window()
    qtbot.keyClick(w, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)  # Ctrl+,
    assert opened and problems == []


def test_the_checks_can_fail(qtbot: QtBot) -> None:
    """A control without a name and one that Tab cannot reach are found."""
    from PySide6.QtWidgets import QPushButton, QVBoxLayout

    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    named = QLineEdit()
    named.setAccessibleName("Named field")
    bare = QLineEdit()
    bare.setPlaceholderText("a placeholder is not a name")
    combo = QComboBox()
    combo.addItem("only a value")
    mouse_only = QPushButton("Mouse only")
    mouse_only.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
    for x in (named, bare, combo, mouse_only):
        layout.addWidget(x)
    root.show()
    root.activateWindow()
    qtbot.waitUntil(root.isActiveWindow, timeout=5_000)
    assert unnamed(root) == [describe(bare), describe(combo)]
    assert unreachable(qtbot, root) == [describe(mouse_only)]
