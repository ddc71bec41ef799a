"""Group ``ui``: the window stays responsive while replies stream (offscreen, real runtime).

- ``ui_max_stall_ms``: the longest gap between ticks of a 5 ms timer while 2,000 tokens stream
  (tiny model: the fastest possible stream) into a conversation that already holds 500 messages.
- ``ui_token_to_screen_ms_p95``: from a token leaving the runtime (its ``sent_at`` stamp) to the
  transcript flush that puts it in the document, over that same stream.
- ``startup_window_s``: from process start to the main window shown, no model loaded (median of 3).
- ``open_conversation_ms``: opening and rendering a 1,000-message conversation (median of 5).
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import median, p95

TOKENS = 2000


def _pump(app, until, limit: float) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + limit
    while not until() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.001)


def startup_s() -> float:
    times = []
    for _ in range(3):
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.time()
            out = subprocess.run(
                [sys.executable, "-m", "bench.ui_startup_child", tmp],
                capture_output=True, text=True, timeout=60,
                env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
            ).stdout  # fmt: skip
            shown = float(
                next(line for line in out.splitlines() if line.startswith("shown")).split()[1]
            )
            times.append(shown - t0)
    return median(times)


def run() -> dict[str, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from chatapp.core.chat.conversation_settings import ConversationSettings, SamplingSettings
    from chatapp.core.paths import AppPaths
    from chatapp.runtime import protocol as p
    from chatapp.ui.launch import build_window
    from tests.support.tiny_models import write_tiny_model

    app = QApplication.instance() or QApplication([])
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        paths = AppPaths.under(tmp).ensure()
        model = write_tiny_model(Path(tmp) / "bench-tiny.gguf", "Q4_0", context_length=8192)
        w = build_window(paths, model)
        w.resize(1100, 720)
        w.show()
        c = w.controller
        store = c.store
        # A 1,000-message conversation, opened (and rendered) with no model loaded.
        big = store.create_conversation("big")
        text = "Message {} with **bold**, `code` and a [link](https://example.org)."
        for i in range(1000):
            store.add_message(big, "user" if i % 2 == 0 else "assistant", text.format(i))
        other = store.create_conversation("other")
        store.add_message(other, "user", "hi")
        open_ms = []
        for _ in range(5):
            c.open_conversation(other)
            app.processEvents()
            t0 = time.perf_counter()
            c.open_conversation(big)
            app.processEvents()
            open_ms.append((time.perf_counter() - t0) * 1000)
        figures["open_conversation_ms"] = round(median(open_ms), 1)

        # 2,000 tokens streaming into a conversation of 500 messages.
        c.load_model(str(model), 8192)
        _pump(app, lambda: c.model is not None, 30)
        settings = ConversationSettings(
            n_ctx=8192, reply_reserve=2100, policy="rolling",
            sampling=SamplingSettings(max_tokens=TOKENS, seed=1),
        )  # fmt: skip
        conv = store.create_conversation("stream", settings=settings)
        for i in range(500):
            store.add_message(conv, "user" if i % 2 == 0 else "assistant", f"earlier message {i}")
        c.open_conversation(conv)
        _pump(app, lambda: not c._worker, 30)
        ticks: list[float] = []
        window: list[float] = []  # when the reply started and when it was finished on screen

        timer = QTimer()
        timer.setInterval(5)
        timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
        timer.start()
        sent: list[float] = []
        latencies: list[float] = []
        c.bridge.event.connect(
            lambda e: sent.append(e.sent_at) if isinstance(e, p.Tokens) else None
        )

        def flushed(at: float) -> None:
            latencies.extend((at - s) * 1000 for s in sent)
            sent.clear()

        w.transcript.flushed.connect(flushed)
        c.reply_started.connect(lambda _id: window.append(time.perf_counter()))
        c.reply_finished.connect(lambda *_a: window.append(time.perf_counter()))
        c.send("Please write a very long answer.")
        _pump(app, lambda: len(window) == 2, 120)
        _pump(app, lambda: False, 0.05)
        timer.stop()
        start, end = window
        inside = [t for t in ticks if start <= t <= end + 0.05]
        gaps = [(b - a) * 1000 for a, b in itertools.pairwise(inside)]
        reply = store.branch(conv)[-1]
        tokens = (reply.stats or {}).get("completion_tokens", 0)
        figures.update(
            ui_max_stall_ms=round(max(gaps), 1),
            ui_token_to_screen_ms_p95=round(p95(latencies), 1),
            ui_stream_tokens=tokens,
        )
        w.close()
    figures["startup_window_s"] = round(startup_s(), 3)
    return figures
