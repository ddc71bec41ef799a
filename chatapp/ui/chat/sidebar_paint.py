"""How the sidebar's rows look: conversations with hover actions, search hits with highlights."""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QHelpEvent, QMouseEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QWidget,
)

from chatapp.ui.icons import icon

ID_ROLE = Qt.ItemDataRole.UserRole
MESSAGE_ROLE = Qt.ItemDataRole.UserRole + 1
PINNED_ROLE = Qt.ItemDataRole.UserRole + 2
TITLE_ROLE = Qt.ItemDataRole.UserRole + 3
SNIPPET_ROLE = Qt.ItemDataRole.UserRole + 4
MATCH_ROLE = Qt.ItemDataRole.UserRole + 5
ICON = 16
Index = QModelIndex | QPersistentModelIndex


def _rect(option: QStyleOptionViewItem) -> QRect:
    return QRect(option.rect)  # type: ignore[attr-defined]


def _state(option: QStyleOptionViewItem) -> QStyle.StateFlag:
    return option.state  # type: ignore[attr-defined, no-any-return]


class ConversationDelegate(QStyledItemDelegate):
    pin_clicked = Signal(int)
    rename_clicked = Signal(int)
    delete_clicked = Signal(int)

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self.view = view
        self.tooltips: dict[str, str] = {}

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        height = QFontMetrics(self.view.font()).height()
        if not index.data(ID_ROLE):
            return QSize(100, height + 16)  # a group header, with room above
        return QSize(100, height + 14)

    def _buttons(self, row: QRect, pinned: bool) -> list[tuple[str, QRect]]:
        y = row.top() + (row.height() - ICON) // 2
        right = row.right() - 10
        names = ["delete", "rename", "unpin" if pinned else "pin"]
        return [(name, QRect(right - (i + 1) * (ICON + 8) + 8, y, ICON, ICON))
                for i, name in enumerate(names)]  # fmt: skip

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        row = _rect(option)
        palette = self.view.palette()
        text_color = palette.color(palette.ColorRole.Text)
        muted = palette.color(palette.ColorRole.PlaceholderText)
        title = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if not index.data(ID_ROLE):
            font = QFont(self.view.font())
            font.setPointSizeF(font.pointSizeF() * 0.9)
            font.setBold(True)
            painter.setFont(font)
            painter.setPen(muted)
            painter.drawText(row.adjusted(10, 8, -4, 0), int(Qt.AlignmentFlag.AlignVCenter), title)
            painter.restore()
            return
        state = _state(option)
        selected = bool(state & QStyle.StateFlag.State_Selected)
        hovered = bool(state & QStyle.StateFlag.State_MouseOver)
        card = row.adjusted(2, 1, -4, -1)
        accent = palette.color(palette.ColorRole.Highlight)
        if selected:
            fill = QColor(accent)
            fill.setAlpha(48)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRoundedRect(card, 6, 6)
            painter.setBrush(accent)
            painter.drawRoundedRect(QRect(card.left(), card.top() + 6, 3, card.height() - 12), 1, 1)
        elif hovered:
            fill = QColor(text_color)
            fill.setAlpha(18)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRoundedRect(card, 6, 6)
        font = QFont(self.view.font())
        font.setBold(selected)
        painter.setFont(font)
        painter.setPen(text_color)
        text_rect = card.adjusted(12, 0, -8, 0)
        if hovered:
            buttons = self._buttons(row, bool(index.data(PINNED_ROLE)))
            text_rect.setRight(buttons[-1][1].left() - 6)
            for name, rect in buttons:
                icon("pin-off" if name == "unpin" else "trash-2" if name == "delete"
                     else "pencil" if name == "rename" else "pin").paint(painter, rect)  # fmt: skip
        elif index.data(PINNED_ROLE):
            pin = QRect(card.right() - ICON - 8, card.top() + (card.height() - 14) // 2, 14, 14)
            icon("pin", muted.name()).paint(painter, pin)
            text_rect.setRight(pin.left() - 6)
        elided = QFontMetrics(font).elidedText(
            title, Qt.TextElideMode.ElideRight, text_rect.width()
        )
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignVCenter), elided)
        painter.restore()

    def _button_at(self, option: QStyleOptionViewItem, index: Index, pos: object) -> str:
        for name, rect in self._buttons(_rect(option), bool(index.data(PINNED_ROLE))):
            if rect.adjusted(-4, -4, 4, 4).contains(pos):  # type: ignore[call-overload]
                return name
        return ""

    def editorEvent(
        self, event: QEvent, model: object, option: QStyleOptionViewItem, index: Index
    ) -> bool:
        kinds = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease)
        if event.type() not in kinds or not isinstance(event, QMouseEvent):
            return False
        value = index.data(ID_ROLE)
        name = self._button_at(option, index, event.position().toPoint()) if value else ""
        if not name:
            return False
        if event.type() == QEvent.Type.MouseButtonRelease:
            signals = {"pin": self.pin_clicked, "unpin": self.pin_clicked}
            signals.update(rename=self.rename_clicked, delete=self.delete_clicked)
            signal = signals[name]
            # After the click is through: the action may rebuild the list under it.
            QTimer.singleShot(0, lambda: signal.emit(int(value)))
        return True  # the click belongs to the button, not to the row

    def helpEvent(
        self, event: QHelpEvent, view: QAbstractItemView, option: QStyleOptionViewItem, index: Index
    ) -> bool:
        name = self._button_at(option, index, event.pos()) if index.data(ID_ROLE) else ""
        if name and name in self.tooltips:
            QToolTip.showText(event.globalPos(), self.tooltips[name], view)
            return True
        return super().helpEvent(event, view, option, index)


class ResultDelegate(QStyledItemDelegate):
    """A search hit: the conversation's title, then the line around the match, marked."""

    def __init__(self, view: QWidget) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        height = QFontMetrics(self.view.font()).height()
        return QSize(100, 2 * height + 16 if index.data(ID_ROLE) else height + 12)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        if not index.data(ID_ROLE):
            super().paint(painter, option, index)
            return
        row = _rect(option)
        palette = self.view.palette()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        state = _state(option)
        if state & (QStyle.StateFlag.State_Selected | QStyle.StateFlag.State_MouseOver):
            fill = QColor(palette.color(palette.ColorRole.Highlight))
            fill.setAlpha(48 if state & QStyle.StateFlag.State_Selected else 24)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRoundedRect(row.adjusted(2, 1, -4, -1), 6, 6)
        area = row.adjusted(12, 6, -8, -6)
        bold = QFont(self.view.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        title = str(index.data(TITLE_ROLE) or "")
        painter.setFont(bold)
        painter.setPen(palette.color(palette.ColorRole.Text))
        line = QRect(area.left(), area.top(), area.width(), metrics.height())
        painter.drawText(
            line, 0, metrics.elidedText(title, Qt.TextElideMode.ElideRight, area.width())
        )
        snippet = str(index.data(SNIPPET_ROLE) or "")
        start, length = index.data(MATCH_ROLE) or (-1, 0)
        line.translate(0, metrics.height() + 2)
        self._paint_snippet(painter, line, snippet, int(start), int(length))
        painter.restore()

    def _paint_snippet(
        self, painter: QPainter, line: QRect, text: str, start: int, length: int
    ) -> None:
        """The line with the match highlighted, cut on the left if needed to keep it in view."""
        palette = self.view.palette()
        font = QFont(self.view.font())
        metrics = QFontMetrics(font)
        muted = palette.color(palette.ColorRole.PlaceholderText)
        if start < 0:
            painter.setFont(font)
            painter.setPen(muted)
            painter.drawText(
                line, 0, metrics.elidedText(text, Qt.TextElideMode.ElideRight, line.width())
            )
            return
        before, match, after = text[:start], text[start : start + length], text[start + length :]
        bold = QFont(font)
        bold.setBold(True)
        bold_metrics = QFontMetrics(bold)
        room = (
            line.width() - bold_metrics.horizontalAdvance(match) - metrics.horizontalAdvance("……")
        )
        while before and metrics.horizontalAdvance(before) > max(0, room // 2 if after else room):
            before = "…" + before[2:] if before.startswith("…") else "…" + before[1:]
        x = line.left()
        painter.setFont(font)
        painter.setPen(muted)
        painter.drawText(QRect(x, line.top(), line.width(), line.height()), 0, before)
        x += metrics.horizontalAdvance(before)
        width = bold_metrics.horizontalAdvance(match)
        mark = QColor(palette.color(palette.ColorRole.Highlight))
        mark.setAlpha(70)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(mark)
        painter.drawRoundedRect(QRect(x - 1, line.top(), width + 2, line.height()), 3, 3)
        painter.setFont(bold)
        painter.setPen(palette.color(palette.ColorRole.Text))
        painter.drawText(QRect(x, line.top(), width + 2, line.height()), 0, match)
        x += width
        painter.setFont(font)
        painter.setPen(muted)
        # Spaces that open a drawn text are dropped by the layout: step over them instead.
        spaces = len(after) - len(after.lstrip(" "))
        x += metrics.horizontalAdvance(" " * spaces)
        after = after[spaces:]
        rest = metrics.elidedText(after, Qt.TextElideMode.ElideRight, max(0, line.right() - x))
        painter.drawText(QRect(x, line.top(), max(0, line.right() - x), line.height()), 0, rest)
