"""How a person works the transcript: the actions bar, the mouse, the keyboard and links.

A mixin of ``TranscriptView`` (it uses the view's model, delegate and layouts). The actions bar
sits on the hovered card, or on the current one while the transcript has the focus: Tab from
a message goes into its actions, Tab past the last leaves the transcript, Esc comes back.
Clicking a link, a fold ("Thought for 4 s") or a code block's copy button works on press and
release over the same spot; code blocks scroll sideways with a horizontal wheel, Shift+wheel,
or by dragging their scroll bar.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    Qt,
    QTimer,
    QUrl,
    Slot,
)
from PySide6.QtGui import (
    QDesktopServices,
    QFocusEvent,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QListView, QMessageBox, QToolTip

from chatapp.core.chat import meta as keys
from chatapp.core.chat.reasoning import split_reasoning
from chatapp.core.chat.store import Message
from chatapp.ui.chat.card_parts import REASONING
from chatapp.ui.chat.message_layout import Hit
from chatapp.ui.chat.render import ACTION_SCHEME, is_safe_link
from chatapp.ui.chat.transcript_model import Item

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from chatapp.ui.chat.message_actions import MessageActions
    from chatapp.ui.chat.message_layout import MessageLayout
    from chatapp.ui.chat.render import MarkdownRenderer
    from chatapp.ui.chat.transcript_delegate import TranscriptDelegate
    from chatapp.ui.chat.transcript_model import TranscriptModel

if TYPE_CHECKING:
    _Base = QListView
else:
    _Base = object


AnyIndex = QModelIndex | QPersistentModelIndex


# The strings here are translated with QCoreApplication.translate("TranscriptView", …) spelled
# out: lupdate finds no class for this mixin's self.tr and files them under an empty context,
# which the window never looks up (they stayed English in Japanese).
class TranscriptInteraction(_Base):
    if TYPE_CHECKING:  # provided by TranscriptView
        bar: MessageActions
        delegate: TranscriptDelegate
        _model: TranscriptModel
        open_folds: dict[int, set[str]]
        hover_row: int
        _bar_row: int
        _live_id: int
        _press: Hit | None
        _drag: tuple[Hit, float] | None
        anchorClicked: SignalInstance
        image_clicked: SignalInstance
        action: SignalInstance
        external_link_confirmed: SignalInstance

        @property
        def renderer(self) -> MarkdownRenderer: ...
        def item(self, row: int) -> Item | None: ...
        def relayout(self) -> None: ...
        def _measure(self, row: int) -> bool: ...
        def _content_width(self) -> int: ...
        def _flush_stream(self) -> None: ...
        def _layout_of_row(self, row: int) -> MessageLayout: ...

    # --- the actions bar ----------------------------------------------------------------

    def _bar_target(self) -> int:
        if self.hasFocus() or self.bar.has_focus_inside():
            index = self.currentIndex()
            return index.row() if index.isValid() else -1
        return self.hover_row

    def _place_bar(self) -> None:
        row = self._bar_target()
        item = self.item(row)
        if item is None or item.live:
            self._bar_row = -1
            if not self.bar.has_focus_inside():
                self.bar.hide()
            return
        if row != self._bar_row or not self.bar.isVisible():
            self._configure_bar(item)
        self._bar_row = row
        rect = self.visualRect(self._model.index(row))
        card = self.delegate.card_rect(rect)
        header = self.delegate.header_rect(rect, item)
        x = card.right() - 6 - self.bar.width()
        y = header.top() + (header.height() - 10 - self.bar.height()) // 2
        y = max(y, 4) if card.top() < 0 < card.bottom() - self.bar.height() else y  # sticks on top
        self.bar.move(x, y)
        self.bar.show()
        self.bar.raise_()

    def _configure_bar(self, item: Item) -> None:
        if item.summary is not None:
            self.bar.configure({"summary", "resummarize"})
            return
        m = item.message
        assert m is not None
        folds = self.open_folds.get(m.id, set())
        verbs = {"copy", "delete"}
        more: list[tuple[str, str, int]] = []
        if m.role == "user":
            verbs.add("edit")
        elif m.role == "tool":
            verbs.add("tools")
        elif m.role == "assistant":
            verbs.add("regenerate")
            stop = (m.stats or {}).get("stop_reason")
            cut = m.status in ("partial", "cancelled") or stop in ("length", "context_full")
            last = next((i for i in reversed(self._model.items) if i.message is not None), None)
            if cut and m.content.strip() and last is item:  # as ChatSession.can_continue
                verbs.add("continue")
            if keys.get(m.meta, keys.REASONING) or split_reasoning(m.content).reasoning:
                verbs.add("reasoning")
            if keys.get(m.meta, keys.TOOL_CALLS):
                verbs.add("tools")
            for n, code in enumerate(self.renderer.render(m.content, m.id).code_blocks):
                first = code.strip().splitlines()[0][:40] if code.strip() else ""
                label = QCoreApplication.translate("TranscriptView", "Copy code block %1: %2")
                more.append((label.replace("%1", str(n + 1)).replace("%2", first), "copycode", n))
            if keys.get(m.meta, keys.AGENT_END) and m.status == "complete":
                failed = QCoreApplication.translate("TranscriptView", "Mark as failed…")
                more.append((failed, "markfailed", 0))
            for i, source in enumerate(keys.get(m.meta, keys.SOURCES) or [], start=1):
                n = int(source.get("n", i)) if isinstance(source, dict) else i
                title = str(source.get("title", "")) if isinstance(source, dict) else str(source)
                label = QCoreApplication.translate("TranscriptView", "Open source %1: %2")
                more.append((label.replace("%1", str(n)).replace("%2", title), "source", n))
        toggles = {
            "reasoning": REASONING in folds,
            "tools": any(f.startswith("tool:") for f in folds),
        }
        self.bar.configure(verbs, item.alternatives, toggles, more)

    @Slot(str, int)
    def _on_bar_action(self, verb: str, extra: int) -> None:
        item = self.item(self._bar_row)
        if item is None:
            return
        if item.summary is not None:
            self.action.emit(verb, item.summary.id, 0)
            return
        assert item.message is not None
        self.run(verb, item.message.id, extra)
        self._bar_row = -1  # the message may have changed (another version): configure again
        self._place_bar()

    @Slot(bool)
    def _on_bar_leave(self, forward: bool) -> None:
        if not forward:
            self.setFocus(Qt.FocusReason.BacktabFocusReason)
            return
        widget = self.nextInFocusChain()
        while widget is not None and widget is not self:
            policy = widget.focusPolicy()
            if (
                not self.isAncestorOf(widget)
                and widget.isVisible()
                and widget.isEnabled()
                and policy & Qt.FocusPolicy.TabFocus == Qt.FocusPolicy.TabFocus
            ):
                widget.setFocus(Qt.FocusReason.TabFocusReason)
                return
            widget = widget.nextInFocusChain()

    def run(self, verb: str, message_id: int, extra: int = 0) -> None:
        """Do an action on a message: the view's own (copy, folds) or the window's."""
        if verb == "copy":
            QApplication.clipboard().setText(self.copy_text(message_id))
        elif verb == "copycode":
            message = self._message(message_id)
            if message is not None:
                blocks = self.renderer.render(message.content, message_id).code_blocks
                if 0 <= extra < len(blocks):
                    QApplication.clipboard().setText(blocks[extra])
        elif verb in ("reasoning", "tools"):
            self.toggle_fold(message_id, verb)
        else:
            self.action.emit(verb, message_id, extra)

    def _message(self, message_id: int) -> Message | None:
        row = self._model.row_of(("m", message_id))
        item = self.item(row)
        return item.message if item is not None else None

    def copy_text(self, message_id: int) -> str:
        """A message's text; its reasoning only when the reasoning is open on screen."""
        m = self._message(message_id)
        if m is None:
            return ""
        if m.role != "assistant":
            return m.content
        split = split_reasoning(m.content)
        reasoning = split.reasoning or str(keys.get(m.meta, keys.REASONING) or "")
        if reasoning and REASONING in self.open_folds.get(message_id, set()):
            return f"{reasoning}\n\n{split.answer}"
        return split.answer

    def toggle_fold(self, message_id: int, which: str) -> None:
        """Open or close the reasoning ("reasoning") or the tool details ("tools", or a key)."""
        m = self._message(message_id)
        if m is None:
            return
        folds = self.open_folds.setdefault(message_id, set())
        if which == "tools":
            count = len(keys.get(m.meta, keys.TOOL_CALLS) or []) or 1
            fold_keys = {f"tool:{n}" for n in range(count)}
            if folds & fold_keys:
                folds -= fold_keys
            else:
                folds |= fold_keys
        elif which in folds:
            folds.discard(which)
        else:
            folds.add(which)
        row = self._model.row_of(("m", message_id))
        if message_id == self._live_id:
            self._flush_stream()
        elif row >= 0:
            self._measure(row)
        self.relayout()
        self._bar_row = -1
        self._place_bar()

    # --- mouse and keyboard --------------------------------------------------------------

    def _hit(self, pos: QPoint) -> tuple[int, Hit | None]:
        index = self.indexAt(pos)
        item = self.item(index.row()) if index.isValid() else None
        if item is None:
            return -1, None
        width = self._content_width()
        layout = self.delegate.layout_for(item, width)
        origin = self.delegate.content_origin(self.visualRect(index), item)
        return index.row(), layout.hit(QPointF(pos) - origin)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        if self._drag is not None:
            hit, start_x = self._drag
            row = self._model.row_of(("m", self._hit_message(hit)))
            layout = self.delegate.layout_for(self._model.items[row], self._content_width())
            if hit.block is not None and layout.scroll_code(hit.block, (pos.x() - start_x) * 2):
                self.viewport().update()
            self._drag = (hit, pos.x())
            return
        index = self.indexAt(pos)
        row = index.row() if index.isValid() else -1
        if row != self.hover_row:
            old, self.hover_row = self.hover_row, row
            for r in (old, row):
                if r >= 0:
                    self.viewport().update(self.visualRect(self._model.index(r)))
            self._place_bar()
        _row, under = self._hit(pos)
        pointing = under is not None and under.kind in ("link", "fold", "copycode", "code-scroll")
        self.viewport().setCursor(
            Qt.CursorShape.PointingHandCursor if pointing else Qt.CursorShape.ArrowCursor
        )
        super().mouseMoveEvent(event)

    def _hit_message(self, hit: Hit) -> int:
        for item in self._model.items:
            if item.message is None:
                continue
            layout = self.delegate.layout_for(item, self._content_width())
            if hit.block in layout.blocks:
                return item.message.id
        return 0

    def mousePressEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        _row, hit = self._hit(pos)
        self._press = hit
        if hit is not None and hit.kind == "code-scroll":
            self._drag = (hit, pos.x())
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        row, hit = self._hit(pos)
        pressed, self._press, self._drag = self._press, None, None
        super().mouseReleaseEvent(event)
        if hit is None or pressed is None or event.button() != Qt.MouseButton.LeftButton:
            return
        if (hit.kind, hit.value, hit.index) != (pressed.kind, pressed.value, pressed.index):
            return
        item = self.item(row)
        message_id = item.message.id if item is not None and item.message is not None else 0
        if hit.kind == "link":
            self.anchorClicked.emit(QUrl(hit.value))
        elif hit.kind == "image":
            self.image_clicked.emit(hit.value)
        elif hit.kind == "fold" and message_id:
            self.toggle_fold(message_id, hit.value)
        elif hit.kind == "copycode" and message_id:
            self.run("copycode", message_id, hit.index)

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta()
        sideways = (
            delta.x()
            if delta.x()
            else (delta.y() if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 0)
        )
        if sideways:
            row, hit = self._hit(event.position().toPoint())
            item = self.item(row)
            if hit is not None and hit.block is not None and item is not None:
                layout = self.delegate.layout_for(item, self._content_width())
                if layout.scroll_code(hit.block, -sideways / 2):
                    self.viewport().update()
                    event.accept()
                    return
        super().wheelEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self.hover_row = -1
        self.viewport().update()
        self._place_bar()
        super().leaveEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            _row, hit = self._hit(event.pos())
            tips = {
                "copycode": QCoreApplication.translate("TranscriptView", "Copy the code"),
                "fold": QCoreApplication.translate("TranscriptView", "Open or close"),
            }
            text = hit.value if hit is not None and hit.kind == "link" else ""
            text = tips.get(hit.kind, text) if hit is not None else ""
            if text and not text.startswith(f"{ACTION_SCHEME}:"):
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        had_current = self.currentIndex().isValid()
        super().focusInEvent(event)  # picks the first row when none is current
        if not had_current and self._model.items:
            last = self._model.index(len(self._model.items) - 1)
            self.setCurrentIndex(last)
            self.scrollTo(last)
        self._place_bar()
        self.viewport().update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        QTimer.singleShot(0, self._place_bar)  # the focus may have moved into the bar
        self.viewport().update()

    def currentChanged(
        self,
        current: QModelIndex | QPersistentModelIndex,
        previous: QModelIndex | QPersistentModelIndex,
    ) -> None:
        super().currentChanged(current, previous)
        self._bar_row = -1
        self._place_bar()

    def focusNextPrevChild(self, forward: bool) -> bool:
        if forward and self.hasFocus() and self.bar.isVisible() and self.bar.focus_first():
            return True
        return super().focusNextPrevChild(forward)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.bar.isVisible():
            self.bar.focus_first()
            event.accept()
            return
        if event.matches(QKeySequence.StandardKey.Copy):
            item = self.item(self.currentIndex().row())
            if item is not None and item.message is not None:
                self.run("copy", item.message.id)
            event.accept()
            return
        super().keyPressEvent(event)

    # --- links --------------------------------------------------------------------------

    def confirm_and_open(self, url: QUrl) -> bool:
        """External links open only after the user agrees, and only for http/https."""
        text = url.toString()
        if not is_safe_link(text):
            return False
        answer = QMessageBox.question(
            self,
            QCoreApplication.translate("TranscriptView", "Open link"),
            QCoreApplication.translate(
                "TranscriptView", "Open this link in your web browser?\n\n%1"
            ).replace("%1", text),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        self.external_link_confirmed.emit(url)
        return QDesktopServices.openUrl(url)

    def _on_anchor(self, url: QUrl) -> None:
        if url.scheme() != ACTION_SCHEME:
            self.confirm_and_open(url)
            return
        verb, _, rest = url.path().partition("/")
        numbers = [int(x) for x in rest.split("/") if x.isdigit()]
        if numbers:
            self.run(verb, numbers[0], numbers[1] if len(numbers) > 1 else 0)
