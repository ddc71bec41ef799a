"""Group ``ui``: the window stays responsive through a whole turn (offscreen, real runtime).

The chat: 500 realistic messages (``bench.corpus``: paragraphs, lists, code blocks, tables,
quotes, Japanese), open in the window at its end, a tiny model loaded (the fastest possible
stream: the most work per second for the window). Measured from the Enter key in the composer
to the last token on screen and the finished reply laid out, as the window really does it: a
5 ms timer ticks throughout, and a long gap between two ticks is a stall the user would feel.

- ``ui_stall_send_ms``: Enter → the message committed and shown, the turn started.
- ``ui_stall_plan_ms``: → the first token on screen (the plan arrives, the reply's card appears).
- ``ui_stall_stream_ms``: → the last token on screen (2,000 tokens).
- ``ui_stall_finish_ms``: the finished reply laid out, the sidebar and figures updated.
- ``ui_max_stall_ms``: the worst of the four; the target is ≤ 50 ms.
- ``ui_busy_<phase>_ms``, ``ui_max_busy_ms``: the GUI thread's own work (its CPU time) between
  two ticks, at most: the stall a quiet machine would show, whatever else this one is running.
- ``ui_idle_gap_ms``: the same timer's longest gap with the window idle (the baseline: what
  this machine adds on its own).
- ``ui_text_to_screen_ms_p95``: from streamed text reaching the window to the paint showing it.
- ``open_conversation_ms``: opening a 1,000-message realistic chat, shown at its end (median of 5).
- ``startup_window_s``: from process start to the main window shown, no model (median of 3).
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.common import median, p95
from bench.corpus import messages

TOKENS = 2000
CHAT = 500
TICK_MS = 5


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


def run_until(until: Callable[[], bool], limit: float) -> None:
    """Run the real event loop (not a polling loop) until ``until()`` or ``limit`` seconds."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    check = QTimer()
    check.setInterval(2)
    check.timeout.connect(lambda: loop.quit() if until() else None)
    check.start()
    QTimer.singleShot(int(limit * 1000), loop.quit)
    if not until():
        loop.exec()
    check.stop()


Tick = tuple[float, float]  # (wall clock, the GUI thread's CPU time)


def worst_gap(ticks: list[Tick], start: float, end: float, cpu: bool = False) -> float:
    """The longest gap between consecutive ticks that overlaps [start, end], in ms: wall time,
    or (``cpu``) the GUI thread's own work in it, which a busy machine does not inflate."""
    gaps = [
        ((b[1] - a[1]) if cpu else (b[0] - a[0])) * 1000
        for a, b in itertools.pairwise(ticks)
        if b[0] >= start and a[0] <= end
    ]
    return round(max(gaps, default=0.0), 1)


def run() -> dict[str, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from chatapp.core.chat.conversation_settings import ConversationSettings, SamplingSettings
    from chatapp.core.paths import AppPaths
    from chatapp.ui.launch import build_window
    from tests.support.tiny_models import write_tiny_model

    app = QApplication.instance() or QApplication([])
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        paths = AppPaths.under(tmp).ensure()
        model = write_tiny_model(Path(tmp) / "bench-tiny.gguf", "Q4_0", context_length=8192)
        w = build_window(paths, model)
        w.resize(1280, 800)
        w.show()
        c = w.controller
        store = c.store
        run_until(lambda: c.model is not None and not c.loading, 60)

        # Opening a 1,000-message chat, shown at its end.
        big = store.create_conversation("big")
        for role, text in messages(1000, seed=1000):
            store.add_message(big, role, text)
        other = store.create_conversation("other")
        store.add_message(other, "user", "hi")
        open_ms = []
        for _ in range(5):
            c.open_conversation(other)
            run_until(lambda: not c.busy, 10)
            t0 = time.perf_counter()
            c.open_conversation(big)
            app.processEvents()
            open_ms.append((time.perf_counter() - t0) * 1000)
            assert store.branch(big)[-1].id in w.transcript.visible_message_ids()
        figures["open_conversation_ms"] = round(median(open_ms), 1)

        # The turn, in a 500-message chat.
        settings = ConversationSettings(
            n_ctx=8192, reply_reserve=2100, policy="rolling",
            sampling=SamplingSettings(max_tokens=TOKENS, seed=1),
        )  # fmt: skip
        conv = store.create_conversation("stream", settings=settings)
        for role, text in messages(CHAT):
            store.add_message(conv, role, text)
        c.open_conversation(conv)
        run_until(lambda: c.last_plan is not None and not c.busy, 60)
        ticks: list[Tick] = []
        timer = QTimer()
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.setInterval(TICK_MS)
        timer.timeout.connect(lambda: ticks.append((time.perf_counter(), time.thread_time())))
        timer.start()
        run_until(lambda: False, 2.0)  # the window idle: the baseline
        figures["ui_idle_gap_ms"] = worst_gap(ticks, ticks[0][0], ticks[-1][0])
        ticks.clear()

        marks: dict[str, float] = {}
        arrived: list[float] = []
        painted: list[tuple[float, float]] = []  # (paint time, oldest unshown text's arrival)

        def on_text(_text: str) -> None:
            arrived.append(time.perf_counter())

        def on_paint(_wall: float) -> None:
            now = time.perf_counter()
            if arrived:
                painted.append((now, arrived[0]))
                arrived.clear()
            marks.setdefault("first_paint", now) if "started" in marks else None
            marks["last_paint"] = now

        c.reply_text.connect(on_text)
        w.transcript.flushed.connect(on_paint)
        c.reply_started.connect(lambda _id: marks.setdefault("started", time.perf_counter()))
        c.reply_finished.connect(lambda *_a: marks.setdefault("finished", time.perf_counter()))
        w.composer.setFocus()
        QTest.keyClicks(w.composer, "Please write a very long answer.")
        run_until(lambda: False, 0.2)
        marks["enter"] = time.perf_counter()
        QTest.keyClick(w.composer, Qt.Key.Key_Return)
        marks["sent"] = time.perf_counter()
        run_until(lambda: "finished" in marks, 300)
        run_until(lambda: False, 0.3)  # the finished reply laid out, the window settles
        marks["end"] = time.perf_counter()
        timer.stop()
        reply = store.branch(conv)[-1]
        last = marks.get("last_paint", marks["finished"])
        phases = {
            "send": (marks["enter"], marks["sent"]),
            "plan": (marks["sent"], marks.get("first_paint", marks["started"])),
            "stream": (marks.get("first_paint", marks["started"]), last),
            "finish": (marks["finished"], marks["end"]),
        }
        for phase, (start, end) in phases.items():
            figures[f"ui_stall_{phase}_ms"] = worst_gap(ticks, start, end)
            figures[f"ui_busy_{phase}_ms"] = worst_gap(ticks, start, end, cpu=True)
        figures["ui_max_stall_ms"] = max(figures[f"ui_stall_{p}_ms"] for p in phases)
        figures["ui_max_busy_ms"] = max(figures[f"ui_busy_{p}_ms"] for p in phases)
        latencies = [(shown - got) * 1000 for shown, got in painted]
        figures["ui_text_to_screen_ms_p95"] = round(p95(latencies), 1) if latencies else 0.0
        figures["ui_stream_tokens"] = (reply.stats or {}).get("completion_tokens", 0)
        figures["ui_chat_messages"] = CHAT
        w.close()
        w.shutdown_runtime()
    figures["startup_window_s"] = round(startup_s(), 3)
    return figures
