"""The chat controller: conversations, the model, and turns run off the GUI thread.

Store writes that the user waits for (committing a message, renaming) happen here on the GUI
thread and are quick; model work (planning, summarizing, generating) runs on one worker thread
at a time, whose results come back through the GUI dispatcher as signals.
"""

from __future__ import annotations

import sqlite3
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from chatapp.core.backend import BackendError
from chatapp.core.chat_session import ChatSession, TurnResult
from chatapp.core.context import ContextError, ContextPlan
from chatapp.core.conversation_settings import ConversationSettings
from chatapp.core.paths import AppPaths
from chatapp.core.settings import AppSettings
from chatapp.core.store import Store
from chatapp.core.summarizer import SummarizeFailed
from chatapp.runtime import protocol as p
from chatapp.runtime.backend import RuntimeBackend
from chatapp.runtime.client import RuntimeClient
from chatapp.ui.bridge import RuntimeBridge


class ChatController(QObject):
    conversations_changed = Signal()
    conversation_opened = Signal(int)
    transcript_changed = Signal()
    reply_started = Signal(int)
    reply_text = Signal(str)
    reply_finished = Signal(int, object)  # message id, TurnResult | None
    plan_ready = Signal(object)  # ContextPlan
    notice = Signal(str)
    error = Signal(str)
    busy_changed = Signal(bool)
    model_loading = Signal(str)
    model_progress = Signal(float)
    model_loaded = Signal(object)  # the info dict
    model_failed = Signal(str)
    model_too_big = Signal(str)  # the estimate says it will not fit; the message says why
    draft_counted = Signal(int, int)  # request id, tokens

    def __init__(
        self, paths: AppPaths, settings: AppSettings | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.paths = paths
        self.settings = settings or AppSettings()
        self.store = Store(paths.data_dir / "conversations.sqlite3")
        self.bridge = RuntimeBridge(self)
        self.dispatcher = self.bridge.dispatcher
        self.client = RuntimeClient(on_event=self.bridge.post, log_path=paths.runtime_log)
        self.backend = RuntimeBackend(self.client)
        self.conversation_id: int | None = None
        self.model_info: dict[str, Any] | None = None
        self.last_load: p.LoadRequest | None = None
        self._load_id = 0
        self._count_ids: set[int] = set()
        self._worker: threading.Thread | None = None
        self._background = False  # the running job is a display-only preview
        self._queued: Callable[[ChatSession], None] | None = None
        self._after_load: Callable[[], None] | None = None
        self.last_plan: ContextPlan | None = None
        self.bridge.load_progress.connect(self._on_load_progress)
        self.bridge.loaded.connect(self._on_loaded)
        self.bridge.error.connect(self._on_runtime_error)
        self.bridge.crashed.connect(self._on_crashed)
        self.bridge.event.connect(self._on_event)

    # --- state --------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """A reply (or summary) is being worked on; background previews do not count."""
        return (self._worker is not None and not self._background) or self._queued is not None

    @property
    def loading(self) -> bool:
        return self._load_id != 0

    def shutdown(self) -> None:
        self.backend.cancel()
        if self._worker is not None:
            self._worker.join(5)
        self.client.shutdown()
        self.bridge.close()
        self.store.close()

    # --- conversations ------------------------------------------------------------------

    def new_conversation(self) -> int:
        settings = ConversationSettings(
            n_ctx=self._default_context(), policy=self.settings.default_policy
        )
        cid = self.store.create_conversation(settings=settings)
        self.conversations_changed.emit()
        self.open_conversation(cid)
        return cid

    def _default_context(self) -> int:
        if self.model_info:
            return int(self.model_info["n_ctx"])
        return self.settings.default_context

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

    # --- the model ----------------------------------------------------------------------

    def load_model(
        self, path: str, n_ctx: int | None = None, chat_format: str | None = None
    ) -> None:
        request = p.LoadRequest(self.client.next_id(), path, n_ctx, chat_format=chat_format)
        self.last_load = request
        self._load_id = request.request_id
        self.model_info = None
        self.model_loading.emit(path)
        self.client.send(request)

    @Slot(int, float)
    def _on_load_progress(self, request_id: int, fraction: float) -> None:
        if request_id == self._load_id:
            self.model_progress.emit(fraction)

    @Slot(object)
    def _on_loaded(self, event: p.Loaded) -> None:
        if event.request_id != self._load_id:
            return
        self._load_id = 0
        self.model_info = dict(event.info)
        self.model_loaded.emit(self.model_info)
        then, self._after_load = self._after_load, None
        if then is not None:
            then()
        else:
            self.refresh_plan()

    @Slot(object)
    def _on_runtime_error(self, event: p.ErrorEvent) -> None:
        if event.request_id == self._load_id:
            self._load_id = 0
            self._after_load = None
            if event.kind == "too_big":
                self.model_too_big.emit(event.message)
            else:
                self.model_failed.emit(event.message)

    @Slot(object)
    def _on_crashed(self, event: p.RuntimeCrashed) -> None:
        was_loading = self.loading
        if was_loading:
            self.last_load = (
                None  # a model that crashes while loading is not loaded again by itself
            )
        self.model_info = None
        self._load_id = 0
        self._after_load = None
        message = event.message + ". " + self.tr("Your messages are kept; send again to restart.")
        if was_loading:
            self.model_failed.emit(message)
        else:
            self.error.emit(message)

    @Slot(object)
    def _on_event(self, event: p.Event) -> None:
        if event.request_id in self._count_ids and isinstance(event, (p.Result, p.ErrorEvent)):
            self._count_ids.discard(event.request_id)
            if isinstance(event, p.Result):
                self.draft_counted.emit(event.request_id, int(event.value[0]))

    def count_draft(self, text: str) -> int:
        """Ask for the draft's token count; the answer comes as ``draft_counted``. 0: no model."""
        if self.model_info is None or self.loading:
            return 0
        request = p.CountTokensRequest(self.client.next_id(), (text,))
        self._count_ids.add(request.request_id)
        self.client.send(request)
        return request.request_id

    # --- turns --------------------------------------------------------------------------

    def send(self, text: str) -> bool:
        """Commit the message, then reply. False when busy (nothing is written then)."""
        text = text.strip()
        if not text or self.busy or self.loading:
            return False
        try:
            if self.conversation_id is None:
                self.new_conversation()
            assert self.conversation_id is not None
            self.store.add_message(self.conversation_id, "user", text)
        except sqlite3.Error as exc:
            self.error.emit(
                self.tr("Your message could not be saved (%1); it was not sent.").replace(
                    "%1", str(exc)
                )
            )
            return False
        self.conversations_changed.emit()
        self.transcript_changed.emit()
        self._reply_when_ready()
        return True

    def regenerate(self, assistant_id: int) -> None:
        if self.busy or self.conversation_id is None:
            return
        parent = self.store.message(assistant_id).parent_id
        if parent is None:
            return
        self.store.set_current_leaf(self.conversation_id, parent)
        self.transcript_changed.emit()
        self._reply_when_ready()

    def edit_and_resend(self, user_id: int, text: str) -> None:
        if self.busy or self.conversation_id is None or not text.strip():
            return
        old = self.store.message(user_id)
        self.store.add_message(self.conversation_id, "user", text.strip(), parent_id=old.parent_id)
        self.transcript_changed.emit()
        self._reply_when_ready()

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
        if 0 <= index < len(siblings):
            self.store.select_branch(siblings[index])
            self.transcript_changed.emit()
            self.refresh_plan()

    def stop(self) -> None:
        self.backend.cancel()

    def _reply_when_ready(self) -> None:
        if self.model_info is not None:
            self._start_worker(self._reply_work)
        elif self.last_load is not None and not self.loading:
            # The runtime restarted (after a crash): load the model again, then reply.
            self._after_load = lambda: self._start_worker(self._reply_work)
            last = self.last_load
            self.load_model(last.path, last.n_ctx, last.chat_format)
        elif not self.loading:
            self.error.emit(self.tr("Load a model to get a reply. Your message is saved."))

    def _reply_work(self, session: ChatSession) -> None:
        post = self.dispatcher.post
        try:
            result = session.reply(
                on_text=lambda text: post(lambda: self.reply_text.emit(text)),
                on_plan=lambda plan: post(lambda: self._set_plan(plan)),
                on_start=lambda mid: post(lambda: self.reply_started.emit(mid)),
            )
        except ContextError as exc:
            message = str(exc)
            post(lambda: self.error.emit(message))
            return
        post(lambda: self._finish_reply(result))

    def _finish_reply(self, result: TurnResult) -> None:
        self.reply_finished.emit(result.message_id, result)
        if result.error is not None:
            self.error.emit(result.error.message)
        if result.plan.notice:
            self.notice.emit(result.plan.notice)
        self.conversations_changed.emit()

    def _set_plan(self, plan: ContextPlan) -> None:
        self.last_plan = plan
        self.plan_ready.emit(plan)

    def refresh_plan(self) -> None:
        """Work out, off the GUI thread, which messages are in the window now (display only)."""
        if self.model_info is None or self._worker is not None or self.conversation_id is None:
            return
        if not self.store.branch(self.conversation_id):
            return

        def work(session: ChatSession) -> None:
            try:
                plan = session.preview()
            except (ContextError, BackendError):
                return
            self.dispatcher.post(lambda: self._set_plan(plan))

        self._start_worker(work, background=True)

    def regenerate_summary(self) -> None:
        def work(session: ChatSession) -> None:
            try:
                session.regenerate_summary()
            except (SummarizeFailed, BackendError) as exc:
                message = self.tr("The summary could not be written again: ") + str(exc)
                self.dispatcher.post(lambda: self.error.emit(message))
                return
            self.dispatcher.post(self.transcript_changed.emit)

        if self.model_info is not None:
            self._start_worker(work)

    def edit_summary(self, summary_id: int, text: str) -> None:
        self.store.edit_summary(summary_id, text)
        self.transcript_changed.emit()
        self.refresh_plan()

    def _start_worker(self, work: Callable[[ChatSession], None], background: bool = False) -> None:
        if self.conversation_id is None:
            return
        if self._worker is not None:
            if background or not self._background or self._queued is not None:
                return
            self._queued = work  # runs as soon as the preview in progress ends
            self.busy_changed.emit(True)
            return
        session = ChatSession(self.store, self.backend, self.conversation_id)

        def run() -> None:
            try:
                work(session)
            except Exception:  # noqa: BLE001 - report every failure, keep the window alive
                details = traceback.format_exc(limit=3)
                self.dispatcher.post(lambda: self.error.emit(details))
            finally:
                self.dispatcher.post(self._worker_done)

        self._worker = threading.Thread(target=run, name="chat-turn", daemon=True)
        self._background = background
        if not background:
            self.busy_changed.emit(True)
        self._worker.start()

    def _worker_done(self) -> None:
        if self._worker is not None:
            self._worker.join()
        self._worker = None
        queued, self._queued = self._queued, None
        if queued is not None:
            self._start_worker(queued)
            return
        self.busy_changed.emit(False)

    # --- files --------------------------------------------------------------------------

    def duplicate(self, conversation_id: int) -> int:
        copy = self.store.import_json(self.store.export_json(conversation_id))
        title = self.store.conversation(conversation_id).title
        self.store.rename(copy, self.tr("%1 (copy)").replace("%1", title))
        self.conversations_changed.emit()
        return copy

    def import_file(self, path: Path) -> int:
        import json

        data = json.loads(path.read_text(encoding="utf-8"))
        cid = self.store.import_json(data)
        self.conversations_changed.emit()
        return cid
