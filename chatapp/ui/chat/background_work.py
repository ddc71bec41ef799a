"""The chat controller's work between turns: a summary prepared ahead of the next turn, a
preview or summary in the background (and the reply queued behind it), and the summary card's
Summarize again and edit. Mixed into ``ChatController``, which holds the state these methods
read and the signals they emit."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, SignalInstance

from chatapp.core.chat import titles
from chatapp.core.chat.session import ChatSession
from chatapp.core.chat.store import Store
from chatapp.core.chat.summarizer import SummarizeFailed
from chatapp.core.chat.turn_events import TurnEvents
from chatapp.core.engine import Engine, EngineError, LoadedModel
from chatapp.ui.background import Operation, Operations, Report
from chatapp.ui.bridge import GuiDispatcher
from chatapp.ui.error_text import error_text


class BackgroundWork:
    # The controller's state and signals that these methods use.
    store: Store
    ops: Operations
    dispatcher: GuiDispatcher
    conversation_id: int | None
    model: LoadedModel | None
    _turn: Operation[Any] | None
    _background: Operation[Any] | None
    _background_kind: str
    _queued: Callable[[], None] | None
    engine: Engine
    summary_preparing: SignalInstance
    summary_prepared: SignalInstance
    conversations_changed: SignalInstance
    transcript_changed: SignalInstance
    error: SignalInstance

    if TYPE_CHECKING:  # provided by ChatController and QObject

        @property
        def busy(self) -> bool: ...
        def session(self, conversation_id: int) -> ChatSession: ...
        def refresh_plan(self) -> None: ...
        def _update_busy(self) -> None: ...

    def prepare_summary(self) -> None:
        """Between turns, summarize what the next turn would otherwise wait for."""
        cid = self.conversation_id
        if self.model is None or self.busy or self._background is not None or cid is None:
            return
        if self.store.conversation(cid).settings.policy != "summarize":
            return
        session = self.session(cid)
        post = self.dispatcher.post
        events = TurnEvents(on_summarizing=lambda n: post(lambda: self.summary_preparing.emit(n)))

        def op(_report: Report) -> int:
            return session.prepare_summary(events)

        def done(n: int) -> None:
            if n:
                self.summary_prepared.emit(n)
                if self.conversation_id == cid and not self.busy:
                    self.transcript_changed.emit()

        self._run_background("summary", op, done)

    def write_title(self) -> bool:
        """After the first reply, a title by the model, in the background; the next message
        cancels it (the first words stay). True when it was started."""
        cid = self.conversation_id
        if self.model is None or self.busy or self._background is not None or cid is None:
            return False
        if titles.first_exchange(self.store, cid) is None:
            return False
        store, engine = self.store, self.engine

        def op(_report: Report) -> str | None:
            return titles.write_title(store, engine, cid)

        def done(title: str | None) -> None:
            if title:
                self.conversations_changed.emit()

        self._run_background("title", op, done)
        return True

    def _run_background(
        self, kind: str, op: Callable[[Report], Any], done: Callable[[Any], None]
    ) -> None:
        def success(value: Any) -> None:
            self._background = None
            done(value)
            self._after_background(kind)

        def failure(_exc: BaseException) -> None:  # display-only or optional work: no report
            self._background = None
            self._after_background(kind)

        self._background_kind = kind
        self._background = self.ops.run(op, on_success=success, on_failure=failure, name=kind)

    def _after_background(self, kind: str) -> None:
        if self._queued is not None:
            self._run_queued()
        elif kind == "summary":
            self.refresh_plan()
        elif kind == "title":
            self.prepare_summary()

    def _run_queued(self) -> None:
        queued, self._queued = self._queued, None
        if queued is not None:
            queued()

    def regenerate_summary(self) -> None:
        cid = self.conversation_id
        if self.model is None or cid is None or self.busy:
            return
        session = self.session(cid)

        def op(_report: Report) -> int:
            return session.regenerate_summary()

        def done(_summary_id: int) -> None:
            self._turn = None
            self.transcript_changed.emit()
            self._update_busy()

        def failed(exc: BaseException) -> None:
            self._turn = None
            detail = error_text(exc)
            if isinstance(exc, (SummarizeFailed, EngineError)):
                self.error.emit(
                    QCoreApplication.translate(
                        "ChatController", "The summary could not be written again: "
                    )
                    + detail
                )
            else:
                self.error.emit(f"{type(exc).__name__}: {exc}")
            self._update_busy()

        self._turn = self.ops.run(op, on_success=done, on_failure=failed, name="resummarize")
        self._update_busy()

    def edit_summary(self, summary_id: int, text: str) -> None:
        self.store.edit_summary(summary_id, text)
        self.transcript_changed.emit()
        self.refresh_plan()
