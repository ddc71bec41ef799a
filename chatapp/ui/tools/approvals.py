"""Carries a tool-approval question from the turn's worker thread to the window and back."""

from __future__ import annotations

import threading

from PySide6.QtCore import QMetaMethod, QObject, Signal

from chatapp.core.tools.approval import DENY, ApprovalRequest
from chatapp.core.tools.service import ToolService
from chatapp.ui.bridge import GuiDispatcher
from chatapp.ui.services import TOOLS, Services


def tool_service(services: Services) -> ToolService:
    """The app's tools (the composition root registers them; a bare set-up gets built-ins)."""
    service = services.extras.get(TOOLS)
    if not isinstance(service, ToolService):
        service = ToolService(services.paths.config_dir)
        services.extras[TOOLS] = service
    return service


class ApprovalBroker(QObject):
    """``ask`` blocks the worker until ``answer`` (GUI thread) or ``cancel`` (Stop). After a
    cancel, questions are denied without being shown until ``reset`` (the next turn): a Stop
    that lands just before a question is asked must not leave that question waiting."""

    requested = Signal(object)  # ApprovalRequest, on the GUI thread

    def __init__(self, dispatcher: GuiDispatcher, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._dispatcher = dispatcher
        self._lock = threading.Lock()
        self._answered = threading.Event()
        self._decision = DENY
        self._cancelled = False
        self.pending: ApprovalRequest | None = None

    def ask(self, request: ApprovalRequest) -> str:
        """On the worker thread: show the question and wait for the user's decision."""
        with self._lock:
            if self._cancelled:
                return DENY
            self._answered.clear()
            self._decision = DENY
            self.pending = request
        self._dispatcher.post(lambda: self._show(request))
        self._answered.wait()
        with self._lock:
            self.pending = None
            return self._decision

    def _show(self, request: ApprovalRequest) -> None:
        if not self.isSignalConnected(QMetaMethod.fromSignal(self.requested)):
            # Nobody to ask (no window): the call is declined.
            self.answer(DENY)
        else:
            self.requested.emit(request)

    def answer(self, decision: str, request: ApprovalRequest | None = None) -> None:
        """The user's decision (for ``request``: a late answer to an old question is ignored)."""
        with self._lock:
            if request is not None and request is not self.pending:
                return
            self._decision = decision
        self._answered.set()

    def cancel(self) -> None:
        """Stop: a question still open is answered with "deny", and so is any asked later."""
        with self._lock:
            self._cancelled = True
        if self.pending is not None:
            self.answer(DENY)

    def reset(self) -> None:
        """A new turn: questions are shown again."""
        with self._lock:
            self._cancelled = False
