"""Drive the real window offscreen for the end-to-end benchmarks (``chat_e2e``, ``context``).

A turn is timed as a user meets it: from the Enter key in the composer to the first streamed
text put in the transcript's document (``TranscriptView.flushed``), planning, the hop to the
runtime process and back, and the transcript's own work included.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bench.common import BENCH_THREADS

SETTLE_S = 0.5  # after typing: the draft's token count (300 ms after the last key) is done


def app() -> Any:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def pump(until: Callable[[], bool], limit: float, what: str = "") -> None:
    """Run the event loop until ``until()`` holds; raise after ``limit`` seconds."""
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + limit
    while not until():
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {limit:.0f} s for {what or until}")
        QApplication.processEvents()
        time.sleep(0.001)


def pause(seconds: float) -> None:
    end = time.monotonic() + seconds
    pump(lambda: time.monotonic() >= end, seconds + 1)


def open_window(folder: Path, model: Path, n_ctx: int = 4096, threads: int = BENCH_THREADS) -> Any:
    """The main window on ``folder`` with ``model`` loaded (as ``--model`` does)."""
    from chatapp.core.paths import AppPaths
    from chatapp.core.settings import load_settings, save_settings
    from chatapp.ui.launch import build_window

    app()
    paths = AppPaths.under(folder).ensure()
    settings = replace(load_settings(paths.config_dir), threads=threads, default_context=n_ctx)
    save_settings(paths.config_dir, settings)
    w = build_window(paths, model)
    w.resize(1100, 720)
    w.show()
    c = w.controller
    pump(lambda: not c.loading and (c.model is not None or c.load_error is not None), 300, "load")
    if c.model is None:
        raise RuntimeError(f"the model did not load: {c.load_error}")
    return w


def idle(w: Any, limit: float = 600, background: bool = True) -> None:
    """Wait until no turn or load is running, nor (``background``) work between turns
    (a preview of the plan, a summary)."""
    c = w.controller
    pump(
        lambda: not c.busy and not c.loading and (c._background is None or not background),
        limit,
        "idle",
    )


@dataclass
class Timed:
    ttft_ms: float  # Enter key -> first text in the transcript's document
    started_ms: float  # Enter key -> the reply row exists (planning done)
    runtime_ttft_ms: float  # inside the runtime: request received -> first token
    prompt_tokens: int
    evaluated_tokens: int
    cache_strategy: str


def send(w: Any, text: str, limit: float = 600, background: bool = True) -> Timed:
    """Type ``text``, press Enter, and time the turn; returns once the reply is finished.

    With ``background`` false, work between turns (a summary being prepared) is neither waited
    for before typing nor after the reply: the user does not wait for it either.
    """
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    c = w.controller
    idle(w, limit, background)
    w.composer.setFocus()
    w.composer.setPlainText(text)
    pause(SETTLE_S)
    flushed: list[float] = []
    started: list[float] = []
    on_flush = flushed.append
    on_start = lambda _mid: started.append(time.time())  # noqa: E731
    w.transcript.flushed.connect(on_flush)
    c.reply_started.connect(on_start)
    try:
        t0 = time.time()
        QTest.keyClick(w.composer, Qt.Key.Key_Return)
        pump(lambda: bool(flushed), limit, "the first token on screen")
        idle(w, limit, background)
    finally:
        w.transcript.flushed.disconnect(on_flush)
        c.reply_started.disconnect(on_start)
    reply = c.store.branch(c.conversation_id)[-1]
    stats = reply.stats or {}
    if reply.role != "assistant" or reply.status != "complete":
        raise RuntimeError(f"the turn did not complete: {reply.role} {reply.status}")
    prompt = int(stats.get("prompt_tokens", 0))
    return Timed(
        ttft_ms=(flushed[0] - t0) * 1000,
        started_ms=(started[0] - t0) * 1000 if started else float("nan"),
        runtime_ttft_ms=float(stats.get("ttft_s", 0.0)) * 1000,
        prompt_tokens=prompt,
        evaluated_tokens=prompt - int(stats.get("prompt_tokens_reused", 0)),
        cache_strategy=str(stats.get("cache_strategy", "")),
    )
