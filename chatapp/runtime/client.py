"""The GUI-side handle on the runtime process.

``RuntimeClient`` starts the process on demand, sends typed requests and hands every event to
an ``on_event`` callback (called on the client's reader thread; the Qt bridge re-emits it on the
GUI thread). Synchronous helpers (``call``, ``stream``) serve the command line, tests and
benchmarks. When the process dies, a :class:`RuntimeCrashed` event goes to the callback and to
every request still waiting, and the next request starts a new process — with lower CPU code
when the chosen one looks like the culprit (``cpu_fallback.py``).
"""

from __future__ import annotations

import itertools
import multiprocessing
import queue
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from chatapp.runtime import protocol as p
from chatapp.runtime.cpu_fallback import CpuFallback
from chatapp.runtime.worker import worker_main

TERMINAL = (p.Loaded, p.Result, p.GenerationDone, p.ErrorEvent, p.RuntimeCrashed)
EventCallback = Callable[[p.Event], None]


class RuntimeError_(Exception):
    """A request ended in an error event; ``event`` says which."""

    def __init__(self, event: p.ErrorEvent | p.RuntimeCrashed) -> None:
        super().__init__(event.message)
        self.event = event


@dataclass
class _Process:
    proc: BaseProcess
    conn: Connection
    ready: threading.Event = field(default_factory=threading.Event)
    pid: int = 0
    alive: bool = True
    info: p.Ready = field(default_factory=lambda: p.Ready(0))
    replying: bool = False  # a reply was asked of this process
    decoded: bool = False  # and llama.cpp decoded at least once


def describe_exit(exit_code: int | None) -> tuple[str | None, str]:
    if exit_code is None:
        return None, "the runtime stopped answering"
    if exit_code < 0:
        try:
            name = signal.Signals(-exit_code).name
        except ValueError:
            name = f"signal {-exit_code}"
        return name, f"the model runtime crashed ({name})"
    return None, f"the model runtime exited unexpectedly (exit code {exit_code})"


class RuntimeClient:
    def __init__(
        self,
        on_event: EventCallback | None = None,
        log_path: Path | None = None,
        cpu_state_path: Path | None = None,
    ) -> None:
        """``cpu_state_path``: where CPU code that crashed here is remembered (None: not kept)."""
        self._on_event = on_event
        self._log_path = log_path
        self._cpu = CpuFallback(cpu_state_path)
        self.runtime_info: p.Ready | None = None  # the last process's Ready: version, CPU code
        self._ids = itertools.count(1)
        self._lock = threading.RLock()
        self._send_lock = threading.Lock()
        self._current: _Process | None = None
        self._waiters: dict[int, queue.Queue[p.Event]] = {}
        self.loaded_info: dict[str, object] | None = None
        self.crash_count = 0

    def set_event_callback(self, on_event: EventCallback | None) -> None:
        """Where events go besides the request waiting for them (crashes, progress)."""
        self._on_event = on_event

    # --- process lifetime ---------------------------------------------------------------

    @property
    def is_running(self) -> bool:
        cur = self._current
        return cur is not None and cur.alive and cur.proc.is_alive()

    @property
    def cpu_variant(self) -> str:
        """The CPU code of llama.cpp the runtime runs ("" before it first started)."""
        return self.runtime_info.cpu_variant if self.runtime_info else ""

    @property
    def pid(self) -> int | None:
        return self._current.pid if self.is_running and self._current else None

    def start(self, wait: bool = False, timeout: float = 30.0) -> None:
        with self._lock:
            if not self.is_running:
                self._spawn()
            cur = self._current
        if wait and cur is not None and not cur.ready.wait(timeout):
            raise TimeoutError("the model runtime did not start")

    def _spawn(self) -> None:
        ctx = multiprocessing.get_context("spawn")
        parent, child = ctx.Pipe(duplex=True)
        log = str(self._log_path) if self._log_path else None
        refused = tuple(self._cpu.refused)
        proc = ctx.Process(
            target=worker_main, args=(child, log, refused), name="kotoba-runtime", daemon=True
        )
        proc.start()
        child.close()
        cur = _Process(proc, parent)
        self._current = cur
        self.loaded_info = None
        threading.Thread(target=self._read, args=(cur,), name="runtime-client", daemon=True).start()

    def shutdown(self, timeout: float = 3.0) -> None:
        with self._lock:
            cur, self._current = self._current, None
        if cur is None:
            return
        cur.alive = False
        try:
            with self._send_lock:
                cur.conn.send(p.ShutdownRequest(0))
        except (OSError, ValueError):
            pass
        cur.proc.join(timeout)
        if cur.proc.is_alive():
            cur.proc.kill()
            cur.proc.join(1.0)
        cur.conn.close()
        self.loaded_info = None

    def kill(self) -> None:
        """Kill the process abruptly (as a crash would); used by tests and the Stop-all action."""
        cur = self._current
        if cur is not None and cur.proc.is_alive():
            cur.proc.kill()

    # --- events -------------------------------------------------------------------------

    def _read(self, cur: _Process) -> None:
        while True:
            try:
                event = cur.conn.recv()
            except (EOFError, OSError):
                break
            if isinstance(event, p.Ready):
                cur.pid = event.pid
                cur.info = self.runtime_info = event
                cur.ready.set()
            if not cur.decoded and _decoded(event):
                cur.decoded = True
                self._cpu.decoded(cur.info)
            if isinstance(event, p.Loaded):
                self.loaded_info = event.info
            self._dispatch(event)
        if not cur.alive:  # an orderly shutdown
            return
        cur.alive = False
        cur.proc.join(1.5)
        signal_name, message = describe_exit(cur.proc.exitcode)
        message += self._log_tail()
        lower = self._cpu.crashed(cur.info, signal_name, cur.replying and not cur.decoded)
        if lower:
            bad = cur.info.cpu_variant
            message += f"; from now on the runtime uses its {lower} CPU code here, not {bad}"
        self.crash_count += 1
        self.loaded_info = None
        crash = p.RuntimeCrashed(0, cur.proc.exitcode, signal_name, message)
        with self._lock:
            waiting = list(self._waiters)
        for rid in waiting:
            self._deliver(p.RuntimeCrashed(rid, crash.exit_code, signal_name, message))
        self._notify(crash)

    def _log_tail(self) -> str:
        if not self._log_path or not self._log_path.exists():
            return ""
        with self._log_path.open("rb") as fh:
            fh.seek(max(0, self._log_path.stat().st_size - 4096))
            lines = [ln.strip() for ln in fh.read().decode("utf-8", "replace").splitlines()]
        lines = [ln for ln in lines if ln]
        return f": {lines[-1][:200]}" if lines else ""

    def _dispatch(self, event: p.Event) -> None:
        self._deliver(event)
        self._notify(event)

    def _deliver(self, event: p.Event) -> None:
        with self._lock:
            waiter = self._waiters.get(event.request_id)
        if waiter is not None:
            waiter.put(event)

    def _notify(self, event: p.Event) -> None:
        if self._on_event is not None:
            self._on_event(event)

    # --- requests -----------------------------------------------------------------------

    def next_id(self) -> int:
        return next(self._ids)

    def send(self, request: p.Request) -> int:
        """Send without waiting; the answer arrives through ``on_event``."""
        self.start()
        cur = self._current
        assert cur is not None
        if isinstance(request, p.GenerateRequest):
            cur.replying = True
        try:
            with self._send_lock:
                cur.conn.send(request)
        except (OSError, ValueError, BrokenPipeError):
            # The process died between the check and the send; the reader reports the crash.
            self._deliver(
                p.RuntimeCrashed(request.request_id, None, None, "the model runtime is not running")
            )
        return request.request_id

    def cancel(self, target_id: int = 0) -> None:
        cur = self._current
        if cur is None or not cur.alive:
            return
        try:
            with self._send_lock:
                cur.conn.send(p.CancelRequest(0, target_id))
        except (OSError, ValueError):
            pass

    def stream(self, request: p.Request, timeout: float | None = None) -> Iterator[p.Event]:
        """Send ``request`` and yield its events up to and including the final one."""
        waiter: queue.Queue[p.Event] = queue.Queue()
        with self._lock:
            self._waiters[request.request_id] = waiter
        try:
            self.send(request)
            deadline = None if timeout is None else time.monotonic() + timeout
            while True:
                remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
                try:
                    event = waiter.get(timeout=remaining)
                except queue.Empty:
                    raise TimeoutError(f"no answer to {type(request).__name__}") from None
                yield event
                if isinstance(event, TERMINAL):
                    return
        finally:
            with self._lock:
                self._waiters.pop(request.request_id, None)

    def call(self, request: p.Request, timeout: float | None = 120.0) -> p.Event:
        """Send and wait for the final event; raises RuntimeError_ on an error or a crash."""
        final: p.Event | None = None
        for event in self.stream(request, timeout):
            final = event
        assert final is not None
        if isinstance(final, (p.ErrorEvent, p.RuntimeCrashed)):
            raise RuntimeError_(final)
        return final

    # --- conveniences -------------------------------------------------------------------

    def load(self, path: str | Path, n_ctx: int | None = None, **kwargs: object) -> p.Loaded:
        req = p.LoadRequest(self.next_id(), str(path), n_ctx, **kwargs)  # type: ignore[arg-type]
        event = self.call(req)
        assert isinstance(event, p.Loaded)
        return event

    def result(self, request_type: type[p.Request], *args: object) -> object:
        event = self.call(request_type(self.next_id(), *args))
        assert isinstance(event, p.Result)
        return event.value

    def count_tokens(self, texts: list[str]) -> list[int]:
        return self.result(p.CountTokensRequest, tuple(texts))  # type: ignore[return-value]

    def tokenize(self, texts: list[str], add_special: bool = False) -> list[list[int]]:
        return self.result(p.TokenizeRequest, tuple(texts), add_special)  # type: ignore[return-value]

    def detokenize(self, tokens: list[int]) -> str:
        return self.result(p.DetokenizeRequest, tuple(tokens))  # type: ignore[return-value]

    def count_prompt(self, messages: list[dict[str, str]]) -> int:
        return self.result(p.CountPromptRequest, tuple(messages))  # type: ignore[return-value]

    def info(self) -> dict[str, object]:
        return self.result(p.InfoRequest)  # type: ignore[return-value]

    def unload(self) -> None:
        self.result(p.UnloadRequest)

    def generate_request(
        self, messages: list[dict[str, str]], sampling: p.Sampling | None = None
    ) -> p.GenerateRequest:
        return p.GenerateRequest(self.next_id(), tuple(messages), sampling or p.Sampling())

    def generate(
        self, messages: list[dict[str, str]], sampling: p.Sampling | None = None
    ) -> p.GenerationDone:
        event = self.call(self.generate_request(messages, sampling), timeout=None)
        assert isinstance(event, p.GenerationDone)
        return event


def _decoded(event: p.Event) -> bool:
    """Whether this event shows that llama.cpp decoded (a token, or a reply that ran)."""
    if isinstance(event, p.Tokens):
        return True
    return isinstance(event, p.GenerationDone) and event.stats.stop_reason != p.STOP_CANCELLED
