"""The transcript: one card per message in a centred reading column, safe, streamed cheaply.

A ``QListView`` over ``TranscriptModel`` with ``TranscriptDelegate`` painting each message from
its own documents (``MessageLayout``). Only rows on screen are laid out; the rest are sized by an
estimate until an idle pass settles them, keeping what is on screen in place. While a reply
streams, only its card is laid out again, at most every ``STREAM_INTERVAL_MS`` (a leading-edge
throttle: a lone token shows at once). Actions float on the hovered or focused card
(``MessageActions``); Tab reaches them from the message, Enter runs them.

Why a list view and not QML: see ``docs/transcript.md`` (measured with ``bench/ui.py``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from PySide6.QtCore import (
    QPoint,
    QRect,
    Qt,
    QTimer,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QPaintEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QListView,
    QWidget,
)

from chatapp.core.chat.planner import ContextPlan
from chatapp.core.chat.store import Message, Summary
from chatapp.ui.chat.agent_steps import group_steps
from chatapp.ui.chat.empty_state import EmptyState
from chatapp.ui.chat.message_actions import MessageActions
from chatapp.ui.chat.message_layout import Hit, MessageLayout
from chatapp.ui.chat.transcript_delegate import TranscriptDelegate
from chatapp.ui.chat.transcript_interaction import TranscriptInteraction
from chatapp.ui.chat.transcript_model import Item, TranscriptModel
from chatapp.ui.chat.transcript_stream import STREAM_INTERVAL_MS, TranscriptStreaming

SETTLE_SLICE_MS = 8  # the most one idle pass spends laying out rows
HIGHLIGHT_MS = 4000


@dataclass(frozen=True)
class BranchView:
    """What the transcript shows: the branch, with alternatives and the context window."""

    messages: list[Message]
    alternatives: dict[int, tuple[int, int]]  # message id -> (1-based index, count)
    plan: ContextPlan | None = None
    summary: Summary | None = None
    replying: bool = False  # a reply is being written: its partial message is live


class TranscriptView(TranscriptInteraction, TranscriptStreaming, QListView):
    action = Signal(str, int, int)  # verb, message (or summary) id, extra
    flushed = Signal(float)  # time.time() when streamed text was painted
    anchorClicked = Signal(QUrl)  # a link in a message was activated
    image_clicked = Signal(str)  # a message's picture ("<sha256>.<format>"): show it larger
    external_link_confirmed = Signal(QUrl)

    def __init__(self, dark: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Conversation"))
        self.setAccessibleDescription(
            self.tr("The messages of the open conversation; Tab reaches a message's actions")
        )
        self.open_folds: dict[int, set[str]] = {}
        self.hover_row = -1
        self.highlighted_id = 0
        self.live_layout: MessageLayout | None = None
        self.dark = dark
        self.bar = MessageActions(self.viewport())
        self.empty_state = EmptyState(self)
        self._bar_row = -1
        self._press: Hit | None = None
        self._drag: tuple[Hit, float] | None = None
        self._model = TranscriptModel()
        self.delegate = TranscriptDelegate(self)
        self.setModel(self._model)
        self.setItemDelegate(self.delegate)
        for signal in (self._model.dataChanged, self._model.rowsInserted, self._model.rowsRemoved,
                       self._model.modelReset):  # fmt: skip
            signal.connect(self.delegate.invalidate_sizes)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMouseTracking(True)
        self.verticalScrollBar().setSingleStep(24)
        self.bar.triggered.connect(self._on_bar_action)
        self.bar.leave_requested.connect(self._on_bar_leave)
        self.bar.back_requested.connect(lambda: self.setFocus(Qt.FocusReason.OtherFocusReason))
        self._view: BranchView | None = None
        self._live_id = 0
        self._live_parts: list[str] = []
        self._live_started = 0.0
        self._live_thought: float | None = None
        self._live_waiting = False
        self._live_initial = ""
        self._live_shown: tuple[bool, bool, str] = (False, False, "")
        self._last_flush = 0.0
        self._paint_pending = False
        self._stick = True
        self._relayouting = False
        self._stream_timer = self._timer(STREAM_INTERVAL_MS, self._flush_stream)
        self._settle_timer = self._timer(0, self._settle_some)
        self._relayout_timer = self._timer(0, self.relayout)
        self._append_timer = self._timer(0, self._settle_from_end)
        self._highlight_timer = self._timer(HIGHLIGHT_MS, self._clear_highlight)
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self.anchorClicked.connect(self._on_anchor)
        self.set_theme(dark)

    def _timer(self, ms: int, slot: object) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(ms)
        timer.timeout.connect(slot)
        return timer

    def set_theme(self, dark: bool) -> None:
        self.dark = dark
        self.delegate.set_theme(dark)
        self.live_layout = None
        if self._live_id:
            self._flush_stream()
        self.relayout()

    @property
    def renderer(self):  # type: ignore[no-untyped-def]
        return self.delegate.renderer

    @property
    def resource_requests(self) -> list[str]:
        return self.delegate.refused

    # --- what is shown -------------------------------------------------------------------

    def show_branch(self, view: BranchView) -> None:
        """Show the branch; unchanged rows keep their layout (and the reply its stream)."""
        first = self._model.items[0].key if self._model.items else None
        self._view = view
        plan = view.plan
        outside = set(plan.outside_ids) if plan is not None else set()
        summarized = set(plan.summarized_ids) if plan is not None else set()
        live_id = self._live_id
        if view.replying and not live_id and view.messages:
            last = view.messages[-1]
            if last.role == "assistant" and last.status == "partial":
                live_id = last.id  # the reply's row exists before its first token
        items: list[Item] = []
        summary_at = self._summary_position(view)
        at = {m.id: i for i, m in enumerate(view.messages)}
        for m, observed in group_steps(view.messages):  # a step's results fold into its row
            if summary_at >= 0 and at[m.id] >= summary_at and view.summary is not None:
                items.append(Item(summary=view.summary))
                summary_at = -1
            items.append(
                Item(
                    message=m,
                    alternatives=view.alternatives.get(m.id),
                    outside=m.id in outside,
                    summarized=m.id in summarized,
                    live=m.id == live_id,
                    observations=observed,
                )
            )
        if summary_at == len(view.messages) and view.summary is not None:
            items.append(Item(summary=view.summary))
        if not items or (first is not None and items[0].key != first):
            self._stick = True  # another conversation, or a branch from the top: its end
        appended = bool(self._model.items) and items[: len(self._model.items)] == self._model.items
        self._model.set_items(items)
        self.empty_state.setVisible(not items)
        if appended and not self._relayout_timer.isActive():
            # A message added at the end: lay it out in the next pass of the event loop, so
            # that sending returns at once (the store and the sidebar have had their turn).
            self._append_timer.start()
        else:
            self._settle_from_end()
        self._place_bar()

    def append_message(self, message: Message) -> bool:
        """Show ``message`` after the last message shown, when it follows that one (a message
        just sent), without reading the branch again. False when it does not: the caller shows
        the branch."""
        view = self._view
        if view is None or not view.messages or view.messages[-1].id != message.parent_id:
            return False
        self.show_branch(replace(view, messages=[*view.messages, message]))
        return True

    @staticmethod
    def _summary_position(view: BranchView) -> int:
        if view.summary is None or view.plan is None or not view.plan.summarized_ids:
            return -1
        covered = set(view.summary.covered_ids)
        for i, m in enumerate(view.messages):
            if m.id not in covered:
                return i
        return len(view.messages)

    def items(self) -> list[Item]:
        return self._model.items

    def item(self, row: int) -> Item | None:
        items = self._model.items
        return items[row] if 0 <= row < len(items) else None

    def message_ids(self) -> list[int]:
        return [i.message.id for i in self._model.items if i.message is not None]

    def header_words(self, item: Item) -> tuple[str, str, list[str]]:
        """The card's title, its icon and its marks (stopped, outside the window…)."""
        if item.summary is not None:
            title = self.tr("Summary of %1 earlier messages").replace(
                "%1", str(len(item.summary.covered_ids))
            )
            if item.summary.edited:
                title += " " + self.tr("(edited)")
            return title, "file-text", []
        m = item.message
        assert m is not None
        names = {
            "user": (self.tr("You"), "user"),
            "assistant": (self.tr("Assistant"), "bot"),
            "system": (self.tr("System"), "sliders-horizontal"),
            "tool": (self.tr("Tool"), "wrench"),
        }
        name, icon_name = names.get(m.role, (m.role.title(), "bot"))  # a newer version's role
        marks: list[str] = []
        if item.outside:
            marks.append(
                self.tr("summarized") if item.summarized else self.tr("outside the context window")
            )
        if not item.live:
            if m.status == "partial":
                marks.append(self.tr("interrupted"))
            elif m.status == "cancelled":
                marks.append(self.tr("stopped"))
            elif m.status == "error":
                marks.append(self.tr("failed"))
        return name, icon_name, marks

    # --- layout, settling and scrolling -------------------------------------------------

    def _content_width(self) -> int:
        return self.delegate.content_width(self.viewport().width())

    def _measure(self, row: int) -> bool:
        """Lay out ``row`` at the current width; True if its height was not known."""
        item = self.item(row)
        if item is None:
            return False
        width = self._content_width()
        if self.delegate.known_height(item, width) is not None:
            return False
        self.delegate.layout_for(item, width)
        return True

    def _settle_from_end(self) -> None:
        """Lay out the rows at the end (what a chat opens on), size the rest, then show it."""
        height = 0
        limit = 2 * max(self.viewport().height(), 400)
        width = self._content_width()
        for row in range(len(self._model.items) - 1, -1, -1):
            item = self._model.items[row]
            self._measure(row)
            content = self.delegate.known_height(item, width) or 0
            height += self.delegate.row_height(item, width, content)
            if height > limit:
                break
        self.relayout()
        self._settle_timer.start()

    @Slot()
    def _settle_some(self) -> None:
        """Lay out unsettled rows, newest first, for a few milliseconds at a time.

        Not while a reply streams: the live card comes first (the rest waits for its end).
        """
        if self._live_id:
            return
        deadline = time.perf_counter() + SETTLE_SLICE_MS / 1000
        changed = False
        for row in range(len(self._model.items) - 1, -1, -1):
            if self._measure(row):
                changed = True
                if time.perf_counter() > deadline:
                    self.relayout()
                    self._settle_timer.start()
                    return
        if changed:
            self.relayout()

    def row_height_changed(self, row: int) -> None:
        """A painted row's layout differs from the size it was given: lay out again soon."""
        if not self._relayout_timer.isActive():
            self._relayout_timer.start()

    @Slot()
    def relayout(self) -> None:
        """Recompute the rows' positions, keeping the end (or the first visible row) in place."""
        bar = self.verticalScrollBar()
        anchor_row, anchor_top = -1, 0
        if not self._stick:
            index = self.indexAt(QPoint(8, 1))
            if index.isValid():
                anchor_row, anchor_top = index.row(), self.visualRect(index).top()
        self._relayouting = True
        try:
            self.doItemsLayout()
            if self._stick:
                bar.setValue(bar.maximum())
            elif anchor_row >= 0:
                top = self.visualRect(self._model.index(anchor_row)).top()
                bar.setValue(bar.value() + top - anchor_top)
        finally:
            self._relayouting = False
        self.viewport().update()
        self._place_bar()

    def scroll_to_end(self) -> None:
        self._stick = True
        self.relayout()

    @Slot(int)
    def _on_scrolled(self, value: int) -> None:
        if not self._relayouting:
            self._stick = value >= self.verticalScrollBar().maximum() - 4
        self._place_bar()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.delegate.invalidate_sizes()
        super().resizeEvent(event)
        self.empty_state.setGeometry(self.viewport().geometry())
        if event.size().width() != event.oldSize().width():
            if self.live_layout is not None:
                self.live_layout = None
                self._flush_stream()
            self._settle_from_end() if self._stick else self._settle_timer.start()
        else:
            self.relayout()

    def showEvent(self, event: object) -> None:  # type: ignore[override]
        super().showEvent(event)  # type: ignore[arg-type]
        if self._stick:
            self._settle_from_end()  # laid out before the window had its size: its end now

    def visible_message_ids(self) -> list[int]:
        out = []
        area = self.viewport().rect()
        for row, item in enumerate(self._model.items):
            if item.message is not None and self.visualRect(self._model.index(row)).intersects(
                area
            ):
                out.append(item.message.id)
        return out

    def jump_to(self, message_id: int) -> None:
        """Scroll to a message (a search hit) and highlight it for a few seconds."""
        row = self._model.row_of(("m", message_id))
        if row < 0:
            return
        for near in range(max(0, row - 6), min(len(self._model.items), row + 6)):
            self._measure(near)
        self._stick = False
        self.relayout()
        index = self._model.index(row)
        self.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.setCurrentIndex(index)
        self.highlighted_id = message_id
        self._highlight_timer.start()
        self.viewport().update()
        self._settle_timer.start()

    @Slot()
    def _clear_highlight(self) -> None:
        self.highlighted_id = 0
        self.viewport().update()

    # --- streaming (the live reply: transcript_stream.py) ------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._paint_pending:
            self._paint_pending = False
            self.flushed.emit(time.time())

    # --- text, for tests and assistive technology ---------------------------------------

    def _layout_of_row(self, row: int) -> MessageLayout:
        return self.delegate.layout_for(self._model.items[row], max(200, self._content_width()))

    def toPlainText(self) -> str:
        """Everything the cards show, as text: titles, marks, versions and bodies."""
        out = []
        for row, item in enumerate(self._model.items):
            name, _icon, marks = self.header_words(item)
            head = " · ".join([name, *marks])
            if item.alternatives is not None:
                head += f"  {item.alternatives[0]}/{item.alternatives[1]}"
            out.append(f"{head}\n{self._layout_of_row(row).plain_text()}")
        return "\n\n".join(out)

    def toHtml(self) -> str:
        return "".join(self._layout_of_row(r).html() for r in range(len(self._model.items)))

    def row_rect(self, message_id: int) -> QRect:
        row = self._model.row_of(("m", message_id))
        return self.visualRect(self._model.index(row)) if row >= 0 else QRect()
