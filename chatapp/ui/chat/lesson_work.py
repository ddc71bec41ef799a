"""Agent lessons, the controller's part: "Mark as failed" asks the model for one lesson in the
background (core/agent/lessons.py) and stores it with the answer it came from. Mixed into
``ChatController``; it holds the engine while it writes, as a turn does, and waits, as a turn
does, for a title or summary being written between turns (which it stops first)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, SignalInstance

from chatapp.core.agent.lessons import LessonFailed, task_of, write_lesson
from chatapp.core.chat import meta as mk
from chatapp.core.chat.store import Store
from chatapp.core.engine import Engine, LoadedModel
from chatapp.ui.background import Operation, Operations, Report
from chatapp.ui.error_text import error_text


def is_agent_answer(meta: dict[str, Any] | None) -> bool:
    """A task's final reply (the ones "Mark as failed…" is offered on)."""
    return bool(mk.get(meta, mk.AGENT_END))


class LessonWork:
    # The controller's state and signals that these methods use.
    store: Store
    ops: Operations
    engine: Engine
    model: LoadedModel | None
    _turn: Operation[Any] | None
    _background: Operation[Any] | None
    _background_kind: str
    _queued: Callable[[], None] | None
    notice: SignalInstance
    error: SignalInstance

    if TYPE_CHECKING:  # provided by ChatController

        @property
        def busy(self) -> bool: ...
        def _update_busy(self) -> None: ...

    def mark_failed(self, message_id: int, correction: str | None, lessons_on: bool) -> bool:
        """Ask the model for a lesson from this answer; ``lessons_on`` is the chat's opt-in as
        the user left it in the dialog. False (and why, as an error) when it cannot start."""
        message = self.store.message(message_id)
        cid = message.conversation_id
        settings = self.store.conversation(cid).settings
        if settings.agent_lessons != lessons_on:
            self.store.set_settings(cid, replace(settings, agent_lessons=lessons_on))
        if self.model is None or self.busy:
            self.error.emit(
                QCoreApplication.translate(
                    "LessonWork", "No lesson was written: the model is busy or not loaded."
                )
            )
            return False
        try:
            task, answer = task_of(self.store, message_id)
        except (KeyError, ValueError) as exc:
            head = QCoreApplication.translate("LessonWork", "No lesson was written: ")
            self.error.emit(head + str(exc))
            return False
        engine, store = self.engine, self.store

        def op(_report: Report) -> int:
            lesson = write_lesson(engine, task, answer, correction)
            return store.add_lesson(cid, lesson, message_id)

        def done(lesson_id: int) -> None:
            self._turn = None
            saved = QCoreApplication.translate("LessonWork", "Lesson saved: %1")
            self.notice.emit(saved.replace("%1", self.store.lesson(lesson_id).text))
            self._update_busy()

        def failed(exc: BaseException) -> None:
            self._turn = None
            detail = error_text(exc)
            if isinstance(exc, LessonFailed):
                detail = QCoreApplication.translate("LessonWork", "the model wrote nothing.")
            head = QCoreApplication.translate("LessonWork", "No lesson was written: ")
            self.error.emit(head + detail)
            self._update_busy()

        def start() -> None:
            self._queued = None
            self._turn = self.ops.run(op, on_success=done, on_failure=failed, name="lesson")
            self._update_busy()

        if self._background is not None:  # as a turn: after the work between turns
            if self._background_kind in ("summary", "title"):
                self.engine.cancel()
            self._queued = start
            self._update_busy()
        else:
            start()
        return True
