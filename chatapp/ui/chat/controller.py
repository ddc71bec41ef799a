"""The chat controller: the model's state, one ChatSession per open conversation, and turns.

The controller keeps no turn logic of its own: ``ChatSession`` does the turn, run through the
background operations helper; its events come back to the GUI thread as signals. Store writes
that the user waits for (committing a message, renaming) happen on the GUI thread and are quick.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable, Sequence
from enum import Enum
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from chatapp.core.agent.loop import AgentRun
from chatapp.core.chat.conversation_settings import ConversationSettings
from chatapp.core.chat.import_file import read_conversation_file
from chatapp.core.chat.language import system_prompt_for
from chatapp.core.chat.planner import ContextError, ContextPlan
from chatapp.core.chat.session import (
    ChatSession,
    ContextProvider,
    TurnEvents,
    TurnResult,
    TurnStopped,
)
from chatapp.core.engine import Engine, EngineError, LoadedModel, LoadSpec
from chatapp.core.images.image_store import StoredImage
from chatapp.core.settings import AppSettings
from chatapp.ui.app.i18n import choose_language
from chatapp.ui.background import Operation, Report
from chatapp.ui.chat.agent_turns import AgentTurns
from chatapp.ui.chat.background_work import BackgroundWork
from chatapp.ui.chat.lesson_work import LessonWork
from chatapp.ui.chat.model_loading import ModelLoading
from chatapp.ui.error_text import error_text
from chatapp.ui.services import Services
from chatapp.ui.tools.approvals import ApprovalBroker, tool_service


class ModelState(Enum):
    NO_MODEL = "no_model"
    LOADING = "loading"
    READY = "ready"
    GENERATING = "generating"
    FAILED = "failed"


class ChatController(ModelLoading, BackgroundWork, AgentTurns, LessonWork, QObject):
    conversations_changed = Signal()
    conversation_opened = Signal(int)
    transcript_changed = Signal()
    message_added = Signal(int)  # a message sent at the end of the branch shown (its id)
    reply_started = Signal(int)
    tool_step = Signal(int)  # a tool call or a tool result was stored (message id)
    reply_text = Signal(str)
    reply_finished = Signal(int, object)  # message id, TurnResult | None
    plan_ready = Signal(object)  # ContextPlan
    summarizing = Signal(int)  # messages being summarized before the reply
    summary_preparing = Signal(int)  # messages being summarized between turns (background)
    summary_prepared = Signal(int)  # ... and done
    notice = Signal(str)
    error = Signal(str)
    busy_changed = Signal(bool)
    state_changed = Signal(str)  # ModelState value
    model_loading = Signal(str)
    model_progress = Signal(float)
    model_loaded = Signal(object)  # LoadedModel
    model_failed = Signal(str)
    model_too_big = Signal(str)  # the estimate says it will not fit; the message says why
    model_needed = Signal()  # the user wrote without a model: ask them to choose one
    draft_counted = Signal(int, int)  # request id, tokens

    def __init__(self, services: Services, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.store = services.store
        self.engine = services.engine
        self.ops = services.ops
        self.dispatcher = services.dispatcher
        self.settings: AppSettings = services.settings
        self.providers: list[ContextProvider] = []
        self.tools = tool_service(services)
        self.approvals = ApprovalBroker(self.dispatcher, self)
        self.conversation_id: int | None = None
        self.model: LoadedModel | None = None
        self.last_load: LoadSpec | None = None  # the load asked for last (it may have failed)
        self.loaded_spec: LoadSpec | None = None  # the load that worked: reloaded after a crash
        self.last_plan: ContextPlan | None = None
        self.load_error: str | None = None
        self._sessions: dict[int, ChatSession] = {}
        self._leaf_below: dict[int, int] = {}  # a version -> the leaf last shown below it
        self._loading: Operation[Any] | None = None
        self._turn: Operation[Any] | None = None
        self._agent: AgentRun | None = None  # the agent task running (agent_turns.py)
        self._background: Operation[Any] | None = None  # a preview or a summary between turns
        self._background_kind = ""
        self._queued: Callable[[], None] | None = None
        self._after_load: Callable[[], None] | None = None
        self._draft_ids = 0
        self._state = ModelState.NO_MODEL
        self._listening: set[int] = set()
        self._listen(self.engine)

    # --- state --------------------------------------------------------------------------

    @property
    def state(self) -> ModelState:
        return self._state

    def _set_state(self, state: ModelState) -> None:
        if state != self._state:
            self._state = state
            self.state_changed.emit(state.value)

    def _update_state(self) -> None:
        if self.loading:
            self._set_state(ModelState.LOADING)
        elif self.busy:
            self._set_state(ModelState.GENERATING)
        elif self.model is not None or self.loaded_spec is not None:
            # After a crash the model is gone, but the next message loads it again.
            self._set_state(ModelState.READY)
        elif self.load_error is not None:
            self._set_state(ModelState.FAILED)
        else:
            self._set_state(ModelState.NO_MODEL)

    @property
    def busy(self) -> bool:
        """A reply (or summary) is being worked on; background previews do not count."""
        return self._turn is not None or self._queued is not None

    @property
    def loading(self) -> bool:
        return self._loading is not None

    def session(self, conversation_id: int) -> ChatSession:
        """The conversation's session: one per conversation, kept while the app runs."""
        session = self._sessions.get(conversation_id)
        if session is None:
            session = ChatSession(
                self.store, self.engine, conversation_id, self.providers, self.tools.registry
            )
            self._sessions[conversation_id] = session
        return session

    def shutdown(self) -> None:
        self._queued = None  # a reply due in the next pass would start the runtime again
        self.engine.cancel()
        if self.engine is not self.services.engine:
            self.engine.close()
        self.services.close()

    # --- which engine -------------------------------------------------------------------

    def _listen(self, engine: Engine) -> None:
        if id(engine) not in self._listening:
            self._listening.add(id(engine))
            engine.add_listener(lambda event: self.dispatcher.post(lambda: self._on_crash(event)))

    def use_engine(self, engine: Engine) -> bool:
        """Chat through ``engine`` from now on (a server, or the local runtime again).

        Sessions belong to an engine, so they start afresh; a remote engine left behind is
        closed. False while a reply or a load is running (nothing changes then).
        """
        if engine is self.engine:
            return True
        if self.busy or self.loading:
            return False
        old, self.engine = self.engine, engine
        self._listen(engine)
        self._sessions.clear()
        self.model = engine.model
        self.loaded_spec = None  # a reload after a crash would go to the other engine
        self.last_plan = None
        if old is not self.services.engine:
            old.close()
        self._update_state()
        return True

    # --- conversations ------------------------------------------------------------------

    def _new_settings(self) -> ConversationSettings:
        """A new chat: the Preferences defaults, and the system prompt of the UI's language
        (which asks for answers in the user's language)."""
        return ConversationSettings(
            system_prompt=system_prompt_for(choose_language(self.settings.language)),
            n_ctx=self._default_context(),
            policy=self.settings.default_policy,
            tools_enabled=self.settings.tools_default,
        )

    def new_conversation(self) -> int:
        cid = self.store.create_conversation(settings=self._new_settings())
        self.conversations_changed.emit()
        self.open_conversation(cid)
        return cid

    def _default_context(self) -> int:
        return self.model.n_ctx if self.model else self.settings.default_context

    def open_conversation(self, conversation_id: int | None) -> None:
        if self.busy:
            return
        self.conversation_id = conversation_id
        self.last_plan = None
        self.conversation_opened.emit(conversation_id or 0)
        self.refresh_plan()

    def rename(self, conversation_id: int, title: str) -> None:
        self.store.rename(conversation_id, title)
        self.conversations_changed.emit()

    def set_settings(self, settings: ConversationSettings) -> None:
        if self.conversation_id is None:
            return
        self.store.set_settings(self.conversation_id, settings)
        self.refresh_plan()

    # --- turns --------------------------------------------------------------------------

    def send(self, text: str, images: Sequence[StoredImage] = ()) -> bool:
        """Commit the message (with its images, already in the image store), then reply.
        False when nothing was written: busy, loading, or no model to answer (then
        ``model_needed`` asks the user to choose one)."""
        text = text.strip()
        if not (text or images) or self.busy or self.loading:
            return False
        if self.state not in (ModelState.READY,):
            self.model_needed.emit()
            return False
        new = self.conversation_id is None
        try:
            cid = self.conversation_id
            if cid is None:
                cid = self.store.create_conversation(settings=self._new_settings())
            message_id = self.store.add_message(cid, "user", text, images=images)
        except sqlite3.Error as exc:
            self.error.emit(
                self.tr("Your message could not be saved (%1); it was not sent.").replace(
                    "%1", str(exc)
                )
            )
            return False
        self.conversations_changed.emit()
        if new:
            self.open_conversation(cid)  # shows the conversation with the message in it
        else:
            self.message_added.emit(message_id)
        # The turn starts in the next pass of the event loop, so that the Enter key returns
        # with the message saved and shown; busy from now on, so nothing else starts first.
        self._queued = self._reply_when_ready
        self._update_busy()
        QTimer.singleShot(0, self._run_queued)
        return True

    def regenerate(self, assistant_id: int) -> None:
        if self.busy or self.conversation_id is None:
            return
        try:
            self.session(self.conversation_id).prepare_regenerate(assistant_id)
        except ValueError:
            return
        self.transcript_changed.emit()
        self._reply_when_ready()

    def edit_and_resend(self, user_id: int, text: str) -> None:
        if self.busy or self.conversation_id is None or not text.strip():
            return
        self.session(self.conversation_id).prepare_edit(user_id, text.strip())
        self.transcript_changed.emit()
        self._reply_when_ready()

    def continue_reply(self, message_id: int) -> None:
        """Carry on writing a cut-off or stopped reply, in the same message."""
        cid = self.conversation_id
        if self.busy or cid is None or not self.session(cid).can_continue(message_id):
            return
        self._reply_when_ready(resume_id=message_id)

    def delete_message(self, message_id: int) -> None:
        if self.busy:
            return
        self.store.delete_message(message_id)
        self.transcript_changed.emit()
        self.refresh_plan()

    def show_sibling(self, message_id: int, step: int) -> None:
        if self.busy:
            return
        siblings = self.store.siblings(message_id)
        index = siblings.index(message_id) + step
        cid = self.conversation_id
        if 0 <= index < len(siblings) and cid is not None:
            # Coming back to a version shows the branch chosen below it then, not the newest.
            leaf = self.store.conversation(cid).current_leaf
            if leaf is not None:
                self._leaf_below[message_id] = leaf
            target = siblings[index]
            remembered = self._leaf_below.get(target)
            if remembered is not None and target in {
                m.id for m in self.store.branch(cid, remembered)
            }:
                self.store.set_current_leaf(cid, remembered)
            else:
                self.store.select_branch(target)
            self.transcript_changed.emit()
            self.refresh_plan()

    def stop(self) -> None:
        cid = self.conversation_id
        if self._turn is not None and cid is not None:  # also between steps: summary, reply
            if not self.stop_agent():
                self.session(cid).stop()
        else:
            if self._queued is not None:  # a reply about to start (or waiting for a summary)
                self._queued = None
                self.notice.emit(self.tr("Stopped before the reply began."))
                self._update_busy()
            self.engine.cancel()
        self.approvals.cancel()  # after the stop: the worker its "deny" wakes sees a Stop

    def _reply_when_ready(self, resume_id: int | None = None) -> None:
        start = functools.partial(self._start_turn, resume_id)
        if self.model is not None:
            start()
        elif self.loaded_spec is not None and not self.loading:
            # The runtime restarted (after a crash): load the model again, then reply.
            self._after_load = start
            self.load(self.loaded_spec)
        elif not self.loading:
            self.error.emit(self.tr("Load a model to get a reply. Your message is saved."))

    def _turn_events(self) -> TurnEvents:
        post = self.dispatcher.post
        return TurnEvents(
            on_plan=lambda plan: post(lambda: self._set_plan(plan)),
            on_summarizing=lambda n: post(lambda: self.summarizing.emit(n)),
            on_start=lambda mid: post(lambda: self.reply_started.emit(mid)),
            on_text=lambda text: post(lambda: self.reply_text.emit(text)),
            on_tool_calls=lambda mid: post(lambda: self.tool_step.emit(mid)),
            on_tool_result=lambda mid: post(lambda: self.tool_step.emit(mid)),
            on_approval=self.approvals.ask,
        )

    def _start_turn(self, resume_id: int | None = None) -> None:
        if self.conversation_id is None:
            return
        if self._background is not None:  # runs as soon as the background work ends
            if self._background_kind in ("summary", "title"):
                self.engine.cancel()  # the user goes first; the summary is prepared again after
            self._queued = functools.partial(self._start_turn, resume_id)
            self._update_busy()
            return
        self._queued = None
        self.approvals.reset()  # a Stop before this turn denies none of its questions
        session = self.session(self.conversation_id)
        events = self._turn_events()
        if resume_id is None and self.agent_mode(self.conversation_id):
            return self._start_agent(session, events)

        def op(_report: Report) -> TurnResult:
            return session.reply(events, resume_id=resume_id)

        self._turn = self.ops.run(
            op, on_success=self._finish_turn, on_failure=self._turn_failed, name="chat-turn"
        )
        self._update_busy()

    def _finish_turn(self, result: TurnResult) -> None:
        self._turn = None
        self.reply_finished.emit(result.message_id, result)
        if result.error is not None:
            self.error.emit(error_text(result.error))
        if result.plan.notice:
            self.notice.emit(self.plan_notice(result.plan))
        self.conversations_changed.emit()
        self._update_busy()
        if result.error is None and not self.write_title():
            self.prepare_summary()

    def plan_notice(self, plan: ContextPlan) -> str:
        """What the planner did to fit the context, in the UI language."""
        n = str(plan.notice_count)
        if plan.notice_code == "left_out":
            return self.tr("%1 older turns were left out of the context window.").replace("%1", n)
        if plan.notice_code == "summarized":
            return self.tr("%1 older turns summarized.").replace("%1", n)
        if plan.notice_code == "summary_failed":
            return self.tr("Summarizing failed; older turns were left out instead.")
        return plan.notice or ""

    def _turn_failed(self, exc: BaseException) -> None:
        self._turn = None
        if isinstance(exc, TurnStopped):
            self.notice.emit(self.tr("Stopped before the reply began."))
        elif isinstance(exc, (ContextError, EngineError)):
            self.error.emit(error_text(exc))
        else:
            self.error.emit(f"{type(exc).__name__}: {exc}")
        self._update_busy()

    def _update_busy(self) -> None:
        self.busy_changed.emit(self.busy)
        self._update_state()

    def _set_plan(self, plan: ContextPlan) -> None:
        self.last_plan = plan
        self.plan_ready.emit(plan)

    def refresh_plan(self) -> None:
        """Work out, off the GUI thread, which messages are in the window now (display only)."""
        if self.model is None or self._turn is not None or self._background is not None:
            return
        cid = self.conversation_id
        if cid is None or not self.store.branch(cid):
            return
        session = self.session(cid)

        def op(_report: Report) -> ContextPlan:
            return session.preview()

        def done(plan: ContextPlan) -> None:
            if self.conversation_id == cid:
                self._set_plan(plan)

        self._run_background("preview", op, done)

    # --- files --------------------------------------------------------------------------

    def duplicate(self, conversation_id: int) -> int:
        copy = self.store.import_json(self.store.export_json(conversation_id))
        title = self.store.conversation(conversation_id).title
        self.store.rename(copy, self.tr("%1 (copy)").replace("%1", title))
        self.conversations_changed.emit()
        return copy

    def import_file(self, path: Path, title_pattern: str = "%1") -> int:
        """Import a conversation file; its title follows ``title_pattern`` ("%1 (imported)").
        Store work only (no signals): safe on a worker thread. Raises ImportError_ or OSError."""
        cid = self.store.import_json(read_conversation_file(path))
        title = self.store.conversation(cid).title
        self.store.rename(cid, title_pattern.replace("%1", title))
        return cid
