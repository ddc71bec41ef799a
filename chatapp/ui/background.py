"""The one way to run work off the GUI thread: operation, progress, success, failure.

``Operations.run`` starts ``op`` on a worker thread. ``op`` gets a ``report`` function for
progress; ``on_progress``, ``on_success`` and ``on_failure`` then run on the GUI thread (through
the ``GuiDispatcher``), so every error reaches a handler. A failure without a handler is
logged and emitted as ``unhandled_error``.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Signal

from chatapp.ui.bridge import GuiDispatcher

T = TypeVar("T")
Report = Callable[[Any], None]
log = logging.getLogger("kotoba.background")


class Operation(Generic[T]):
    """One piece of work on its own thread; ``done`` once its handler has run."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.thread: threading.Thread | None = None
        self.finished = threading.Event()  # the worker thread is through
        self.done = False  # the success or failure handler ran on the GUI thread
        self.result: T | None = None
        self.error: BaseException | None = None

    def wait(self, timeout: float | None = None) -> bool:
        return self.finished.wait(timeout)


class Operations(QObject):
    unhandled_error = Signal(str)

    def __init__(self, dispatcher: GuiDispatcher, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.dispatcher = dispatcher
        self._running: set[Operation[Any]] = set()
        self._lock = threading.Lock()

    def run(
        self,
        op: Callable[[Report], T],
        *,
        on_success: Callable[[T], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[Any], None] | None = None,
        name: str = "operation",
    ) -> Operation[T]:
        operation: Operation[T] = Operation(name)
        post = self.dispatcher.post

        def report(value: Any) -> None:
            if on_progress is not None:
                post(lambda: on_progress(value))

        def finish() -> None:
            with self._lock:
                self._running.discard(operation)
            operation.done = True
            if operation.error is None:
                if on_success is not None:
                    on_success(operation.result)  # type: ignore[arg-type]
            elif on_failure is not None:
                on_failure(operation.error)
            else:
                details = "".join(traceback.format_exception(operation.error, limit=4))
                log.error("%s failed: %s", name, details)
                self.unhandled_error.emit(f"{name}: {operation.error}")

        def work() -> None:
            try:
                operation.result = op(report)
            except BaseException as exc:  # noqa: BLE001 - every failure goes to a handler
                operation.error = exc
            finally:
                operation.finished.set()
                post(finish)

        thread = threading.Thread(target=work, name=f"op-{name}", daemon=True)
        operation.thread = thread
        with self._lock:
            self._running.add(operation)
        thread.start()
        return operation

    @property
    def running(self) -> list[Operation[Any]]:
        with self._lock:
            return list(self._running)

    def wait_all(self, timeout: float = 5.0) -> bool:
        """Wait for every worker thread (shutdown, tests); handlers run at the next drain."""
        ok = True
        for operation in self.running:
            ok = operation.wait(timeout) and ok
        return ok
