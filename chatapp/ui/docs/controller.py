"""Document collections for the window: indexing jobs (one at a time, cancellable) and which
collections a conversation uses.

Indexing runs through ``Operations`` on a worker thread; progress and the report come back as
signals on the GUI thread. At start, collections that a closed or killed app left unfinished
are indexed again (what was committed stays; the rest follows).
"""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from chatapp.core.chat.store import Store
from chatapp.core.docs.index import Collection, FileRecord, IndexError_
from chatapp.core.docs.indexer import IndexProgress, IndexReport
from chatapp.core.engine import EngineError
from chatapp.ui.background import Operation, Operations, Report


class DocumentsController(QObject):
    collections_changed = Signal()
    progress = Signal(object)  # IndexProgress
    finished = Signal(object)  # IndexReport
    running_changed = Signal(bool)
    error = Signal(str)
    attached_changed = Signal(int)  # conversation id

    def __init__(
        self, service: Any, store: Store, ops: Operations, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.service = service  # chatapp.runtime.embedding.DocumentService
        self.store = store
        self.ops = ops
        self._job: Operation[Any] | None = None
        self._cancel = threading.Event()
        self._queue: list[str] = []
        self.last_progress: IndexProgress | None = None

    # --- collections --------------------------------------------------------------------

    def collections(self) -> list[Collection]:
        return list(self.service.index.collections())

    def files(self, name: str) -> list[FileRecord]:
        collection = self.service.index.find_collection(name)
        return self.service.index.files(collection.id) if collection else []

    def create(self, name: str) -> bool:
        try:
            self.service.index.create_collection(name, "builtin")
        except IndexError_ as exc:
            self.error.emit(str(exc))
            return False
        self.collections_changed.emit()
        return True

    def remove(self, name: str) -> None:
        if self.running:
            self.error.emit(self.tr("Wait for the indexing to finish, or cancel it."))
            return
        collection = self.service.index.find_collection(name)
        if collection is not None:
            self.service.index.remove_collection(collection.id)
        self.collections_changed.emit()

    def remove_files(self, name: str, paths: list[Path]) -> None:
        if self.running:
            self.error.emit(self.tr("Wait for the indexing to finish, or cancel it."))
            return
        collection = self.service.index.find_collection(name)
        if collection is not None:
            self.service.index.remove_paths(collection.id, paths)
        self.collections_changed.emit()

    def set_embedder(self, name: str, spec: str) -> None:
        """Embed this collection with another model ("builtin" or a .gguf): it is rebuilt."""
        if self.running:
            self.error.emit(self.tr("Wait for the indexing to finish, or cancel it."))
            return
        collection = self.service.index.collection(name)
        if collection.embedder != spec:
            self.service.index.set_embedder(collection.id, spec)
            self.collections_changed.emit()
            self.index(name)

    def add_paths(self, name: str, paths: list[Path]) -> None:
        collection = self.service.collection(name)
        self.service.index.add_roots(collection.id, [p.resolve() for p in paths])
        self.collections_changed.emit()
        self.index(name)

    # --- indexing -----------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._job is not None

    def resume_unfinished(self) -> None:
        for collection in self.collections():
            if collection.pending:
                self.index(collection.name)

    def index(self, name: str) -> None:
        """Index the collection now, or after the job that runs."""
        if self.running:
            if name not in self._queue:
                self._queue.append(name)
            return
        self._cancel = threading.Event()
        cancel = self._cancel

        def op(report: Report) -> IndexReport:
            collection = self.service.index.collection(name)
            indexer = self.service.indexer(collection)
            result: IndexReport = indexer.run(collection, report, cancel)
            return result

        self._job = self.ops.run(
            op,
            on_success=self._on_done,
            on_failure=self._on_failed,
            on_progress=self._on_progress,
            name="index-documents",
        )
        self.running_changed.emit(True)

    def cancel(self) -> None:
        self._queue.clear()
        self._cancel.set()

    def _on_progress(self, value: object) -> None:
        if isinstance(value, IndexProgress):
            self.last_progress = value
            self.progress.emit(value)
            self.collections_changed.emit()

    def _on_done(self, report: IndexReport) -> None:
        self._job = None
        self.last_progress = None
        self.collections_changed.emit()
        self.finished.emit(report)
        self._next()

    def _on_failed(self, exc: BaseException) -> None:
        self._job = None
        self.last_progress = None
        message = exc.message if isinstance(exc, EngineError) else str(exc)
        self.error.emit(self.tr("Indexing stopped: %1").replace("%1", message))
        self.collections_changed.emit()
        self._next()

    def _next(self) -> None:
        if self._queue:
            self.index(self._queue.pop(0))
        else:
            self.running_changed.emit(False)

    def wait(self, timeout: float = 30.0) -> bool:
        """Wait for the running job's thread (tests, shutdown)."""
        job = self._job
        return job.wait(timeout) if job is not None else True

    # --- conversations ------------------------------------------------------------------

    def attached(self, conversation_id: int) -> tuple[str, ...]:
        return self.store.conversation(conversation_id).settings.documents

    def set_attached(self, conversation_id: int, names: tuple[str, ...]) -> None:
        settings = self.store.conversation(conversation_id).settings
        if settings.documents != names:
            self.store.set_settings(conversation_id, replace(settings, documents=names))
            self.attached_changed.emit(conversation_id)

    def close(self) -> None:
        self.cancel()
        self.wait(10.0)
        self.service.close()
