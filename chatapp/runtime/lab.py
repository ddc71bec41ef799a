"""The quantization lab's own runtime process, beside the chat's.

Evaluations and quantizations run in a second runtime process, started on first use: the chat
model stays loaded while another file is measured, a crash in native code costs only the lab,
and a quantization (one uninterruptible llama.cpp call) can be stopped by ending the process.
A cancel first asks the process to stop (an evaluation stops between two graph nodes); if it
has not answered within ``KILL_AFTER_S``, the process is ended.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from chatapp.core.engine import EngineError, LabProgressCallback
from chatapp.core.evaluate.results import (
    EvaluationResult,
    EvaluationSpec,
    QuantizeResult,
    QuantizeSpec,
)
from chatapp.runtime import protocol as p
from chatapp.runtime.client import RuntimeClient

KILL_AFTER_S = 0.8


class LabRunner:
    def __init__(self, log_path: Path | None = None) -> None:
        self._log_path = log_path
        self._client: RuntimeClient | None = None
        self._lock = threading.Lock()
        self._running = 0  # the request id of the running job
        self._cancelled: set[int] = set()

    @property
    def client(self) -> RuntimeClient:
        with self._lock:
            if self._client is None:
                self._client = RuntimeClient(log_path=self._log_path)
            return self._client

    def evaluate(
        self, spec: EvaluationSpec, on_progress: LabProgressCallback | None = None
    ) -> EvaluationResult:
        client = self.client
        result = self._run(p.EvaluateRequest(client.next_id(), spec), on_progress)
        assert isinstance(result, EvaluationResult)
        return result

    def quantize(
        self, spec: QuantizeSpec, on_progress: LabProgressCallback | None = None
    ) -> QuantizeResult:
        client = self.client
        result = self._run(p.QuantizeRequest(client.next_id(), spec), on_progress)
        if not isinstance(result, QuantizeResult):  # ended by a cancel: drop the partial file
            Path(spec.output + ".part").unlink(missing_ok=True)
            raise EngineError("cancelled", "the quantization was stopped")
        return result

    def _run(self, request: p.Request, on_progress: LabProgressCallback | None) -> Any:
        rid = request.request_id
        with self._lock:
            if self._running:
                raise EngineError("busy", "an evaluation or quantization is already running")
            self._running = rid
        try:
            for event in self.client.stream(request):
                if isinstance(event, p.LabProgress):
                    if on_progress is not None:
                        on_progress(event.progress)
                elif isinstance(event, p.Result):
                    return event.value
                elif isinstance(event, p.ErrorEvent):
                    raise EngineError(event.kind, event.message)
                elif isinstance(event, p.RuntimeCrashed):
                    if rid in self._cancelled:
                        if isinstance(request, p.QuantizeRequest):
                            return None
                        raise EngineError("cancelled", "the evaluation was stopped")
                    raise EngineError("crashed", event.message)
        finally:
            with self._lock:
                self._running = 0
                self._cancelled.discard(rid)
        raise EngineError("internal", "the lab ended the request without a result")

    def cancel(self) -> None:
        with self._lock:
            rid, client = self._running, self._client
            if not rid or client is None:
                return
            self._cancelled.add(rid)
        client.cancel(rid)

        def kill_if_still_running() -> None:
            with self._lock:
                still = self._running == rid
            if still:
                client.kill()

        timer = threading.Timer(KILL_AFTER_S, kill_if_still_running)
        timer.daemon = True
        timer.start()

    def close(self) -> None:
        self.cancel()
        with self._lock:
            client, self._client = self._client, None
        if client is not None:
            client.shutdown()
