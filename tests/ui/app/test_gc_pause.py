"""Full garbage collections walk only what was made after start-up: the window freezes the
start-up objects once, in its first pass of the event loop (a fresh process, as the app is)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]

CHILD = """
import gc, json, sys, tempfile
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication
from chatapp.core.paths import AppPaths
from chatapp.ui import gc_pause
from chatapp.ui.launch import build_window

app = QApplication([])
with tempfile.TemporaryDirectory() as tmp:
    w = build_window(AppPaths.under(tmp).ensure())
    w.show()
    before = len(gc.get_objects())
    frozen_before = gc_pause.frozen()
    loop = QEventLoop()
    QTimer.singleShot(200, loop.quit)
    loop.exec()
    after = len(gc.get_objects())
    again = gc_pause.freeze_startup_objects()
    print(json.dumps({"before": before, "after": after, "frozen_before": frozen_before,
                      "frozen": gc_pause.frozen(), "count": gc.get_freeze_count(),
                      "again": again}))
    w.close()
    w.shutdown_runtime()
"""


def test_window_freezes_start_up_objects_once_in_a_fresh_process() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HF_HUB_OFFLINE": "1"}
    out = subprocess.run(
        [sys.executable, "-c", CHILD], cwd=REPO, env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr[-2000:]
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    assert not figures["frozen_before"]  # not while the window is being built
    assert figures["frozen"]
    # Tens of thousands of objects (modules, classes, Qt wrappers) leave the collector's walk.
    assert figures["count"] > 20_000
    assert figures["after"] < figures["before"] / 3
    assert figures["again"] == 0  # once per process: later garbage is never frozen
