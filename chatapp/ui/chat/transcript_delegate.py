"""Paints the transcript's cards in a centred reading column, and knows their sizes.

Every card is laid out at the column's width (``MessageLayout``); laid-out cards are kept in a
small cache, their heights in a larger one. A row never laid out reports an estimate from its
text, so opening a long chat lays out only what is on screen; the view settles the rest in
small slices while idle.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontMetricsF, QPainter, QPainterPath
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from chatapp.ui.chat.card_parts import CardBuilder
from chatapp.ui.chat.message_layout import CardParts, MessageLayout, Style
from chatapp.ui.chat.render import MarkdownRenderer, Palette
from chatapp.ui.chat.transcript_model import ITEM_ROLE, Item
from chatapp.ui.icons import icon

if TYPE_CHECKING:
    from chatapp.ui.chat.transcript import TranscriptView

SPACING = 6  # above and below each card
PAD = 12  # inside a card
SIDE = 16  # the least margin beside the column
COLUMN_LINES = 54  # the column's most width, in line heights: ~760 px at the usual font
KEEP_LAYOUTS = 160
Index = QModelIndex | QPersistentModelIndex


class TranscriptDelegate(QStyledItemDelegate):
    def __init__(self, view: TranscriptView) -> None:
        super().__init__(view)
        self.view = view
        self.refused: list[str] = []  # resource requests the documents refused
        self._layouts: OrderedDict[str, MessageLayout] = OrderedDict()
        self._heights: dict[tuple[str, int], float] = {}
        self._estimates: dict[tuple[str, int], float] = {}
        self._sizes: list[int] = []
        self._sizes_width = 0
        self._sizes_stale = True
        self.palette = Palette.for_theme(False)
        self.renderer = MarkdownRenderer(self.palette)
        self.builder = CardBuilder(self.renderer)
        self.style = self._style(view.font())
        self._metrics()
        self.settled_misses = 0  # rows whose real height differed from the estimate

    def set_theme(self, dark: bool) -> None:
        self.palette = Palette.for_theme(dark)
        self.renderer = MarkdownRenderer(self.palette)
        self.builder = CardBuilder(self.renderer)
        self.style = self._style(self.view.font())
        self._metrics()
        self.forget()

    def _metrics(self) -> None:
        """Font figures every size hint needs, measured once (sizes are asked for often)."""
        metrics = QFontMetricsF(self.style.font)
        self.line = metrics.height()
        self.char_width = max(1.0, metrics.averageCharWidth())

    def _style(self, font: QFont) -> Style:
        code = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        code.setPointSizeF(font.pointSizeF() * 0.95 if font.pointSizeF() > 0 else 9)
        small = QFont(font)
        small.setPointSizeF(font.pointSizeF() * 0.9 if font.pointSizeF() > 0 else 8)
        return Style(self.palette, QFont(font), code, small)

    def forget(self, keys: set[str] | None = None) -> None:
        """Drop cached layouts (all, or those of these content keys)."""
        self._sizes_stale = True
        if keys is None:
            self._layouts.clear()
            self._heights.clear()
            return
        for key in [k for k in self._layouts if k.split("#", 1)[0] in keys]:
            del self._layouts[key]
        for hkey in [k for k in self._heights if k[0].split("#", 1)[0] in keys]:
            del self._heights[hkey]

    # --- geometry ------------------------------------------------------------------------

    def column_width(self, viewport_width: int) -> int:
        most = int(self.line * COLUMN_LINES)
        return max(120, min(most, viewport_width - 2 * SIDE))

    def column(self, row: QRect) -> QRect:
        width = self.column_width(row.width())
        return QRect(row.left() + (row.width() - width) // 2, row.top(), width, row.height())

    def card_rect(self, row: QRect) -> QRect:
        return self.column(row).adjusted(0, SPACING, 0, -SPACING)

    def header_height(self, item: Item) -> int:
        if item.compact:
            return 0
        return int(self.line) + 10

    def pad(self, item: Item) -> int:
        return PAD // 2 if item.compact else PAD

    def content_width(self, viewport_width: int) -> int:
        return self.column_width(viewport_width) - 2 * PAD

    def content_origin(self, row: QRect, item: Item) -> QPointF:
        card = self.card_rect(row)
        return QPointF(card.left() + PAD, card.top() + self.pad(item) + self.header_height(item))

    def header_rect(self, row: QRect, item: Item) -> QRect:
        card = self.card_rect(row)
        return QRect(card.left() + PAD, card.top() + self.pad(item), card.width() - 2 * PAD,
                     self.header_height(item))  # fmt: skip

    # --- layouts -------------------------------------------------------------------------

    def layout_key(self, item: Item) -> str:
        folds = self.view.open_folds.get(item.message.id, set()) if item.message else set()
        return f"{item.content_key}#{','.join(sorted(folds))}|{int(item.outside)}"

    def parts(self, item: Item) -> CardParts:
        if item.message is not None:
            folds = self.view.open_folds.get(item.message.id, set())
            return self.builder.message(
                item.message, folds, muted=item.outside, observations=item.observations
            )
        assert item.summary is not None
        return self.builder.summary(item.summary)

    def layout_for(self, item: Item, width: int) -> MessageLayout:
        if item.live and self.view.live_layout is not None:
            return self.view.live_layout
        key = self.layout_key(item)
        layout = self._layouts.get(key)
        if layout is None:
            layout = MessageLayout(self.style, self.refused)
            layout.set_copy_label(self.view.tr("Copy"))
            self._layouts[key] = layout
            while len(self._layouts) > KEEP_LAYOUTS:
                self._layouts.popitem(last=False)
        else:
            self._layouts.move_to_end(key)
        if layout.width != width:
            layout.build(self.parts(item), width)
            self._heights[(key, width)] = layout.height
            self._sizes_stale = True
        return layout

    def known_height(self, item: Item, width: int) -> float | None:
        if item.live and self.view.live_layout is not None:
            return self.view.live_layout.height
        return self._heights.get((self.layout_key(item), width))

    def estimate(self, item: Item, width: int) -> float:
        key = (item.content_key, width)
        known = self._estimates.get(key)
        if known is None:
            known = self._estimates[key] = self._estimate(item, width)
        return known

    def _estimate(self, item: Item, width: int) -> float:
        line = self.line
        per_line = max(10, int(width / self.char_width))
        text = (
            item.message.content
            if item.message
            else (item.summary.content[:300] if item.summary else "")
        )
        if item.compact:
            return line + 6
        lines = 0
        for raw in text.split("\n"):
            lines += max(1, -(-len(raw) // per_line))
        return lines * line * 1.1

    def row_height(self, item: Item, width: int, content: float) -> int:
        return int(2 * SPACING + 2 * self.pad(item) + self.header_height(item) + content + 0.999)

    def invalidate_sizes(self, *_args: object) -> None:
        self._sizes_stale = True

    def refresh_row_size(self, row: int) -> None:
        """One row changed size (the live card): update its entry only."""
        items = self.view.items()
        if self._sizes_stale or not 0 <= row < len(self._sizes) or len(items) != len(self._sizes):
            self._sizes_stale = True
            return
        width = self.content_width(self._sizes_width)
        item = items[row]
        content = self.known_height(item, width)
        if content is None:
            content = self.estimate(item, width)
        self._sizes[row] = self.row_height(item, width, content)

    def row_sizes(self) -> list[int]:
        """Every row's height at the current width: one pass, kept until something changes.

        The list view asks for every row's size on each layout; answering from this list keeps
        a layout of a long chat to a couple of milliseconds.
        """
        viewport = self.view.viewport().width()
        items = self.view.items()
        if (
            not self._sizes_stale
            and self._sizes_width == viewport
            and len(self._sizes) == len(items)
        ):
            return self._sizes
        width = self.content_width(viewport)
        sizes = []
        for item in items:
            content = self.known_height(item, width)
            if content is None:
                content = self.estimate(item, width)
            sizes.append(self.row_height(item, width, content))
        self._sizes, self._sizes_width, self._sizes_stale = sizes, viewport, False
        return sizes

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        sizes = self.row_sizes() if self._sizes_stale else self._sizes  # the view resets it
        row = index.row()
        return QSize(self._sizes_width, sizes[row] if 0 <= row < len(sizes) else 0)

    # --- painting ------------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        item: Item = index.data(ITEM_ROLE)
        row = option.rect  # type: ignore[attr-defined]
        width = self.content_width(row.width())
        known = self.known_height(item, width)
        used = known if known is not None else self.estimate(item, width)
        layout = self.layout_for(item, width)
        if abs(used - layout.height) > 0.5:  # the row was sized by an estimate: lay out again
            self.settled_misses += 1
            self.view.row_height_changed(index.row())
        p = self.palette
        card = QRectF(self.card_rect(row))
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        path = QPainterPath()
        path.addRoundedRect(card, 10, 10)
        message = item.message
        if message is not None and message.role == "user":
            painter.fillPath(path, QColor(p.user_card))
        elif item.summary is not None or item.compact:
            painter.fillPath(path, QColor(p.code_background))
        if message is not None and message.id == self.view.highlighted_id:
            painter.fillPath(path, QColor(p.highlight))
        state = option.state  # type: ignore[attr-defined]
        focused = bool(state & QStyle.StateFlag.State_HasFocus) and self.view.hasFocus()
        if focused or index.row() == self.view.hover_row:
            pen_color = QColor(p.accent if focused else p.border)
            painter.setPen(pen_color)
            painter.drawPath(path)
        painter.restore()
        if self.header_height(item):
            self._paint_header(painter, self.header_rect(row, item), item)
        layout.paint(painter, self.content_origin(row, item), QColor(p.text))

    def _paint_header(self, painter: QPainter, rect: QRect, item: Item) -> None:
        p = self.palette
        line = QFontMetricsF(self.style.font).height()
        size = int(line)
        y = rect.top() + (rect.height() - 10 - size) // 2
        name, icon_name, marks = self.view.header_words(item)
        icon(icon_name, p.accent if icon_name == "bot" else p.muted).paint(
            painter, rect.left(), y, size, size
        )
        painter.save()
        bold = QFont(self.style.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(QColor(p.text))
        x = float(rect.left() + size + 8)
        text_rect = QRectF(x, rect.top(), rect.width(), rect.height() - 10)
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignVCenter), name)
        if marks:
            x += QFontMetricsF(bold).horizontalAdvance(name) + 8
            painter.setFont(self.style.small_font)
            painter.setPen(QColor(p.muted))
            painter.drawText(
                QRectF(x, rect.top(), rect.right() - x, rect.height() - 10),
                int(Qt.AlignmentFlag.AlignVCenter),
                " · ".join(marks),
            )
        painter.restore()
