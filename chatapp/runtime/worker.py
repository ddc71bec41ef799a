"""The runtime process: owns llama.cpp, answers requests, streams tokens.

A reader thread takes requests off the pipe; cancel requests act at once (they set a flag the
generation loop checks per token and per prompt chunk), everything else is queued and handled in
order on the main thread, which is also the only thread that sends.
"""

from __future__ import annotations

import faulthandler
import os
import queue
import sys
import threading
import time
from multiprocessing.connection import Connection
from typing import Any

from chatapp.runtime import protocol as p
from chatapp.runtime.cpu_variant import Activation, CpuVariantError, activate


class _Cancel:
    """Which generation is cancelled; ``flag`` mirrors ``is_set`` for llama.cpp to read."""

    def __init__(self, flag: Any = None) -> None:
        self._lock = threading.Lock()
        self._current = -1
        self._requested: set[int] = set()
        self.flag = flag

    def _mirror(self) -> None:
        if self.flag is not None:
            self.flag.value = b"x" if self._current in self._requested else b""

    def start(self, request_id: int) -> None:
        with self._lock:
            self._current = request_id
            self._mirror()

    def request(self, target_id: int) -> None:
        with self._lock:
            self._requested.add(self._current if target_id == 0 else target_id)
            self._mirror()

    def is_set(self) -> bool:
        with self._lock:
            return self._current in self._requested

    def finish(self) -> None:
        with self._lock:
            self._requested.discard(self._current)
            self._current = -1
            self._mirror()


def _redirect_stderr(log_path: str | None) -> None:
    """Native code writes to fd 2: send it (and Python's fatal-error traces) to the log file."""
    if not log_path:
        faulthandler.enable()
        return
    log = open(log_path, "a", buffering=1, encoding="utf-8", errors="replace")  # noqa: SIM115
    os.dup2(log.fileno(), 2)
    sys.stderr = log
    faulthandler.enable(file=log)


def _activate_cpu_code(refused: tuple[str, ...]) -> tuple[Activation | None, str]:
    """Load llama.cpp's CPU backend: after importing llama_cpp, before any model or context."""
    try:
        return activate(refused=refused), ""
    except (CpuVariantError, OSError) as exc:
        return None, f"llama.cpp cannot run here: {exc}"


def worker_main(
    conn: Connection, log_path: str | None = None, refused_cpu_variants: tuple[str, ...] = ()
) -> None:
    """The runtime process. ``refused_cpu_variants``: CPU code that crashed here before."""
    from chatapp.core.network_audit import install_from_environment

    install_from_environment()  # inherited KOTOBA_NETWORK_AUDIT: this process is watched too
    _redirect_stderr(log_path)
    import llama_cpp

    cpu, cpu_error = _activate_cpu_code(refused_cpu_variants)

    from chatapp.runtime.host_types import HostError
    from chatapp.runtime.llama_hooks import new_abort_flag
    from chatapp.runtime.model_host import ModelHost

    requests: queue.Queue[p.Request | None] = queue.Queue()
    cancel = _Cancel(new_abort_flag())

    def read() -> None:
        while True:
            try:
                req = conn.recv()
            except (EOFError, OSError):
                cancel.request(0)  # the GUI process is gone: stop what runs, then exit
                requests.put(None)
                return
            if isinstance(req, p.CancelRequest):
                cancel.request(req.target_id)
            else:
                requests.put(req)
                if isinstance(req, p.ShutdownRequest):
                    return

    threading.Thread(target=read, name="runtime-reader", daemon=True).start()
    send = conn.send
    send(
        p.Ready(
            0,
            llama_cpp.__version__,
            os.getpid(),
            cpu_variant=cpu.variant if cpu else "",
            cpu_forced=cpu.forced if cpu else False,
            cpu_candidates=cpu.candidates if cpu else (),
            cpu_error=cpu_error,
        )
    )
    engine = ModelHost(cpu.variant if cpu else "")
    while True:
        req = requests.get()
        if req is None or isinstance(req, p.ShutdownRequest):
            break
        rid = req.request_id
        if cpu_error:  # a forced variant this machine cannot run: refuse, never crash
            send(p.ErrorEvent(rid, "unsupported", cpu_error))
            continue
        try:
            send(_handle(engine, req, send, cancel))
        except HostError as exc:
            send(p.ErrorEvent(rid, exc.kind, exc.message, exc.params))
        except Exception as exc:  # noqa: BLE001 - every failure must reach the GUI as an event
            send(p.ErrorEvent(rid, "internal", f"{type(exc).__name__}: {exc}"))
    engine.unload()
    conn.close()


def _handle(engine: Any, req: p.Request, send: Any, cancel: _Cancel) -> p.Event:
    rid = req.request_id
    if isinstance(req, p.LoadRequest):
        t0 = time.perf_counter()
        info = engine.load(req, lambda f: send(p.LoadProgress(rid, f)))
        return p.Loaded(rid, info, time.perf_counter() - t0)
    if isinstance(req, p.GenerateRequest):
        cancel.start(rid)
        try:
            return engine.generate(  # type: ignore[no-any-return]
                req,
                lambda text, n: send(p.Tokens(rid, text, n, time.time())),
                cancel.is_set,
                cancel.flag,
            )
        finally:
            cancel.finish()
    if isinstance(req, p.InfoRequest):
        return p.Result(rid, engine.info())
    if isinstance(req, p.TokenizeRequest):
        return p.Result(rid, engine.tokenize(req.texts, req.add_special))
    if isinstance(req, p.CountTokensRequest):
        return p.Result(rid, [len(t) for t in engine.tokenize(req.texts, False)])
    if isinstance(req, p.CountPromptRequest):
        return p.Result(rid, engine.count_prompt(req.messages))
    if isinstance(req, p.DetokenizeRequest):
        return p.Result(rid, engine.detokenize(req.tokens))
    if isinstance(req, p.EmbedRequest):
        return p.Result(rid, engine.embed(req.texts))
    if isinstance(req, (p.EvaluateRequest, p.QuantizeRequest)):
        from chatapp.runtime import evaluation

        return evaluation.handle(req, send, cancel)
    if isinstance(req, p.UnloadRequest):
        engine.unload()
        return p.Result(rid, None)
    return p.ErrorEvent(rid, "bad_request", f"unknown request {type(req).__name__}")
