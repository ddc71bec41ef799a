"""The transcript's live reply: its row made live, streamed text shown at most every
``STREAM_INTERVAL_MS`` (only that card laid out again), and settled into the stored message when
the reply ends. Mixed into ``TranscriptView``, which holds the state these methods use."""

from __future__ import annotations

import time
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import QListView

from chatapp.core.chat.reasoning import split_reasoning
from chatapp.core.chat.store import Message
from chatapp.ui.chat.card_parts import REASONING
from chatapp.ui.chat.message_layout import MessageLayout
from chatapp.ui.chat.transcript_model import Item

if TYPE_CHECKING:
    from PySide6.QtCore import QTimer

    from chatapp.ui.chat.transcript import BranchView
    from chatapp.ui.chat.transcript_delegate import TranscriptDelegate
    from chatapp.ui.chat.transcript_model import TranscriptModel

if TYPE_CHECKING:
    _Base = QListView
else:
    _Base = object

STREAM_INTERVAL_MS = 30


class TranscriptStreaming(_Base):
    if TYPE_CHECKING:  # provided by TranscriptView
        delegate: TranscriptDelegate
        _model: TranscriptModel
        _view: BranchView | None
        open_folds: dict[int, set[str]]
        live_layout: MessageLayout | None
        _live_id: int
        _live_parts: list[str]
        _live_started: float
        _live_thought: float | None
        _live_waiting: bool
        _live_initial: str
        _live_shown: tuple[bool, bool, str]
        _last_flush: float
        _paint_pending: bool
        _stick: bool
        _stream_timer: QTimer
        _settle_timer: QTimer

        def _content_width(self) -> int: ...
        def _measure(self, row: int) -> bool: ...
        def relayout(self) -> None: ...

    def begin_stream(self, message: Message) -> None:
        """The reply being written: its row (added if missing) is now live."""
        self.end_stream()
        self._live_id = message.id
        self._live_parts = [message.content]
        self._live_started = time.monotonic()
        self._live_thought = None
        self._live_waiting = True  # no text streamed yet: the first shows at once
        self._live_initial = message.content  # what the card showed before this stream
        row = self._model.row_of(("m", message.id))
        if row < 0:
            self._model.set_items([*self._model.items, Item(message=message, live=True)])
        else:
            self._model.update_message(message, live=True)
        self._stick = True
        self._flush_stream()

    def append_stream(self, text: str) -> None:
        """Show text at once if the last layout is old enough, else at the next slot."""
        if not self._live_id:
            return
        self._live_parts.append(text)
        if self._stream_timer.isActive():
            return
        waited_ms = (time.monotonic() - self._last_flush) * 1000
        if waited_ms >= STREAM_INTERVAL_MS or self._live_waiting:
            self._live_waiting = False
            self._flush_stream()
        else:
            self._stream_timer.start(int(STREAM_INTERVAL_MS - waited_ms) + 1)

    def streamed_text(self) -> str:
        return "".join(self._live_parts)

    def live_state(self) -> tuple[bool, bool, str]:
        """What the live reply's card shows now: (thinking, reasoning open, answer so far)."""
        return self._live_shown

    @Slot()
    def _flush_stream(self) -> None:
        row = self._model.row_of(("m", self._live_id)) if self._live_id else -1
        if row < 0:
            return
        item = self._model.items[row]
        assert item.message is not None
        text = "".join(self._live_parts)
        self._live_parts = [text]
        split = split_reasoning(text)
        if self._live_thought is None and split.reasoning and not split.thinking:
            self._live_thought = time.monotonic() - self._live_started
        folds = self.open_folds.get(self._live_id, set())
        parts = self.delegate.builder.message(
            item.message, folds, live_text=text, live_seconds=self._live_thought
        )
        if self.live_layout is None:
            self.live_layout = MessageLayout(self.delegate.style, self.delegate.refused)
            self.live_layout.set_copy_label(QCoreApplication.translate("TranscriptView", "Copy"))
        before = self.live_layout.height
        self.live_layout.build(parts, self._content_width())
        self._last_flush = time.monotonic()
        self._paint_pending = text != self._live_initial  # ``flushed`` means streamed text shown
        reasoning = next((f for f in parts.folds if f.key == REASONING), None)
        self._live_shown = (split.thinking, reasoning is not None and reasoning.open, split.answer)
        if self.live_layout.height != before:
            self.delegate.refresh_row_size(row)  # only the live card changed size
            self.relayout()
        else:
            self.viewport().update(self.visualRect(self._model.index(row)))

    def finish_stream(self, message: Message, alternatives: tuple[int, int] | None = None) -> None:
        """The reply is done: its row shows the stored message, laid out once more."""
        if self._live_id != message.id:
            self.end_stream()
            return
        if self._stream_timer.isActive():  # the last tokens reach the screen first
            self._stream_timer.stop()
            self._flush_stream()
        self._live_id = 0
        self._live_parts = []
        self.live_layout = None
        row = self._model.update_message(message, live=False, alternatives=alternatives)
        if self._view is not None:
            messages = [message if m.id == message.id else m for m in self._view.messages]
            if message.id not in {m.id for m in messages}:
                messages.append(message)
            alts = dict(self._view.alternatives)
            if alternatives is not None:
                alts[message.id] = alternatives
            self._view = replace(self._view, messages=messages, alternatives=alts, replying=False)
        if row >= 0:
            self._measure(row)
        self.relayout()
        self._settle_timer.start()

    def end_stream(self) -> None:
        self._stream_timer.stop()
        if self._live_id:
            row = self._model.row_of(("m", self._live_id))
            if row >= 0:
                self._model.replace_item(row, replace(self._model.items[row], live=False))
        self._live_id = 0
        self._live_parts = []
        self.live_layout = None
