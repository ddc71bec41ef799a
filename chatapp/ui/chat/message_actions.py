"""The floating row of actions on the message under the mouse or the keyboard focus.

One bar serves the whole transcript: the view moves it onto the card that is hovered or
current, and shows the buttons that fit that message. The buttons are real widgets — each with
a tooltip and an accessible name, reachable with Tab, run with Enter or Space.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMenu, QToolButton, QWidget

from chatapp.ui.icons import icon

ICON_SIZE = 16


class ActionButton(QToolButton):
    """A tool button that Enter runs too (Qt's run only with Space), and Esc leaves."""

    def event(self, event: QEvent) -> bool:
        # Esc belongs to the bar here (back to the message), not to the window's shortcut.
        override = event.type() == QEvent.Type.ShortcutOverride
        if override and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape:
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.menu() is not None:
                self.showMenu()
            else:
                self.click()
            event.accept()
            return
        super().keyPressEvent(event)


class MessageActions(QFrame):
    triggered = Signal(str, int)  # verb, extra (a code block or a source number)
    leave_requested = Signal(bool)  # Tab past the last button (True) or before the first
    back_requested = Signal()  # Esc: back to the message

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("messageActions")
        self.setAutoFillBackground(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(3, 1, 3, 1)
        layout.setSpacing(0)
        self.branch_label = QLabel()
        self.branch_label.setAccessibleName(self.tr("Version"))
        self.more_menu = QMenu(self)
        self.buttons: dict[str, ActionButton] = {}
        specs = [
            ("previous", "chevron-left", self.tr("Previous version")),
            ("next", "chevron-right", self.tr("Next version")),
            ("copy", "copy", self.tr("Copy")),
            ("edit", "pencil", self.tr("Edit and send again")),
            ("regenerate", "refresh-cw", self.tr("Regenerate")),
            ("continue", "play", self.tr("Continue the reply")),
            ("reasoning", "brain", self.tr("Show the reasoning")),
            ("tools", "wrench", self.tr("Show the tool details")),
            ("summary", "file-text", self.tr("Open the summary")),
            ("resummarize", "refresh-cw", self.tr("Write the summary again")),
            ("more", "ellipsis", self.tr("More actions")),
            ("delete", "trash-2", self.tr("Delete")),
        ]
        for verb, icon_name, name in specs:
            button = ActionButton(self)
            button.setIcon(icon(icon_name))
            button.setIconSize(QSize(ICON_SIZE, ICON_SIZE))
            button.setAutoRaise(True)
            button.setToolTip(name)
            button.setAccessibleName(name)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            if verb == "more":
                button.setMenu(self.more_menu)
                button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
            else:
                button.clicked.connect(lambda _c=False, v=verb: self.triggered.emit(v, 0))
            self.buttons[verb] = button
            layout.addWidget(button)
            if verb == "previous":
                layout.addWidget(self.branch_label)
        self._more: list[tuple[str, str, int]] = []
        self.hide()

    def configure(
        self,
        verbs: set[str],
        branch: tuple[int, int] | None = None,
        toggles: dict[str, bool] | None = None,
        more: list[tuple[str, str, int]] | None = None,
    ) -> None:
        """Show the buttons of ``verbs``; ``toggles`` says which folds are open now."""
        toggles = toggles or {}
        self._more = list(more or [])
        if self._more:
            verbs = verbs | {"more"}
        if branch is not None:
            verbs = verbs | {"previous", "next"}
            self.branch_label.setText(f"{branch[0]}/{branch[1]}")
            self.buttons["previous"].setEnabled(branch[0] > 1)
            self.buttons["next"].setEnabled(branch[0] < branch[1])
        self.branch_label.setVisible(branch is not None)
        for verb, button in self.buttons.items():
            button.setVisible(verb in verbs)
        names = {
            "reasoning": (self.tr("Show the reasoning"), self.tr("Hide the reasoning")),
            "tools": (self.tr("Show the tool details"), self.tr("Hide the tool details")),
        }
        for verb, (closed, opened) in names.items():
            name = opened if toggles.get(verb) else closed
            self.buttons[verb].setToolTip(name)
            self.buttons[verb].setAccessibleName(name)
        self.more_menu.clear()
        for label, verb, extra in self._more:
            action = QAction(label, self.more_menu)
            action.triggered.connect(lambda _c=False, v=verb, x=extra: self.triggered.emit(v, x))
            self.more_menu.addAction(action)
        self.adjustSize()

    def visible_buttons(self) -> list[ActionButton]:
        return [b for b in self.buttons.values() if b.isVisibleTo(self) and b.isEnabled()]

    def focus_first(self, last: bool = False) -> bool:
        buttons = self.visible_buttons()
        if not buttons:
            return False
        (buttons[-1] if last else buttons[0]).setFocus(Qt.FocusReason.TabFocusReason)
        return True

    def has_focus_inside(self) -> bool:
        return any(b.hasFocus() for b in self.buttons.values()) or self.more_menu.isVisible()

    def focusNextPrevChild(self, forward: bool) -> bool:
        buttons = self.visible_buttons()
        current = next((i for i, b in enumerate(buttons) if b.hasFocus()), None)
        if current is None:
            return super().focusNextPrevChild(forward)
        target = current + (1 if forward else -1)
        if 0 <= target < len(buttons):
            buttons[target].setFocus(
                Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason
            )
        else:
            self.leave_requested.emit(forward)
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.back_requested.emit()
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self.focusNextPrevChild(event.key() == Qt.Key.Key_Right)
            event.accept()
            return
        super().keyPressEvent(event)
