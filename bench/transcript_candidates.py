"""How the transcript was chosen: a list view with a painting delegate vs QML, same chat.

    QT_QPA_PLATFORM=offscreen python -m bench.transcript_candidates

Both candidates show the same 500 realistic messages (``bench.corpus``, rendered by the same
Markdown renderer) in a 1100×720 view, then stream 2,000 words into a new last message, laid
out again every 30 ms as the transcript does. Each runs in its own process (QML needs its
graphics backend chosen before the application exists). Figures per candidate:

- ``setup_ms``: creating the view and showing it empty (QML: its engine and scene);
- ``open_ms``: from handing over the messages to the first frame, scrolled to the end;
- ``at_end``: whether the newest message is on screen after opening;
- ``stream_max_gap_ms``: the longest gap of a 5 ms timer while the reply streams;
- ``stream_busy_ms``: the GUI thread's own work (CPU time) in that gap, at most.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import time
from typing import Any

WORDS = 2000
QML = b"""
import QtQuick
ListView {
    id: view
    model: chat
    clip: true
    delegate: TextEdit {
        width: ListView.view.width - 40; x: 20
        readOnly: true; selectByMouse: true; wrapMode: TextEdit.Wrap
        textFormat: TextEdit.RichText; text: model.html
    }
}
"""


def _stream(app: Any, update: Any, ticks: list[tuple[float, float]]) -> None:
    text = ""
    for i in range(WORDS):
        text += f"word{i % 97} " + ("\n\n" if i % 120 == 119 else "")
        if i % 8 == 7:  # about a flush's worth of tokens
            update(text)
            end = time.perf_counter() + 0.03
            while time.perf_counter() < end:
                app.processEvents()
                ticks.append((time.perf_counter(), time.thread_time()))
                time.sleep(0.004)


def _figures(ticks: list[tuple[float, float]]) -> dict[str, float]:
    pairs = list(itertools.pairwise(ticks))
    return {
        "stream_max_gap_ms": round(max((b[0] - a[0]) * 1000 for a, b in pairs), 1),
        "stream_busy_ms": round(max((b[1] - a[1]) * 1000 for a, b in pairs), 1),
    }


def delegate() -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication

    from bench.corpus import messages
    from chatapp.core.chat.store import Message
    from chatapp.ui.chat.transcript import BranchView, TranscriptView

    app = QApplication([])
    chat = [Message(i + 1, 1, i or None, r, t, 0.0) for i, (r, t) in enumerate(messages(500))]
    t0 = time.perf_counter()
    view = TranscriptView()
    view.resize(1100, 720)
    view.show()
    app.processEvents()
    setup_ms = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    view.show_branch(BranchView(chat, {}))
    app.processEvents()
    open_ms = (time.perf_counter() - t0) * 1000
    at_end = chat[-1].id in view.visible_message_ids()
    live = Message(len(chat) + 1, 1, len(chat), "assistant", "", 0.0, status="partial")
    view.show_branch(BranchView([*chat, live], {}))
    view.begin_stream(live)
    ticks: list[tuple[float, float]] = []

    def update(text: str) -> None:
        view._live_parts = [text]
        view._flush_stream()

    _stream(app, update, ticks)
    return {"setup_ms": round(setup_ms, 1), "open_ms": round(open_ms, 1), "at_end": at_end,
            **_figures(ticks)}  # fmt: skip


def qml() -> dict[str, Any]:
    from PySide6.QtCore import QAbstractListModel, QByteArray, QModelIndex, Qt, QUrl
    from PySide6.QtQuick import QQuickWindow, QSGRendererInterface
    from PySide6.QtQuickWidgets import QQuickWidget
    from PySide6.QtWidgets import QApplication

    from bench.corpus import messages
    from chatapp.ui.chat.render import MarkdownRenderer, Palette

    QQuickWindow.setGraphicsApi(QSGRendererInterface.GraphicsApi.Software)
    app = QApplication([])
    renderer = MarkdownRenderer(Palette.for_theme(False))

    class Chat(QAbstractListModel):
        def __init__(self) -> None:
            super().__init__()
            self.rows: list[str] = []  # Markdown; rendered when QML asks (as the delegate does)
            self.html: dict[int, str] = {}

        def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
            return len(self.rows)

        def data(self, index: Any, role: int = 0) -> Any:
            row = index.row()
            if row not in self.html:
                self.html[row] = renderer.render(self.rows[row], row).html
            return self.html[row]

        def roleNames(self) -> dict[int, QByteArray]:
            return {int(Qt.ItemDataRole.DisplayRole): QByteArray(b"html")}

    import tempfile

    source = os.path.join(tempfile.mkdtemp(), "chat.qml")
    with open(source, "wb") as f:
        f.write(QML)
    model = Chat()
    t0 = time.perf_counter()
    widget = QQuickWidget()
    widget.rootContext().setContextProperty("chat", model)
    widget.setResizeMode(QQuickWidget.ResizeMode.SizeRootObjectToView)
    widget.setSource(QUrl.fromLocalFile(source))
    widget.resize(1100, 720)
    widget.show()
    app.processEvents()
    setup_ms = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    model.beginResetModel()
    model.rows = [text for _role, text in messages(500)]
    model.endResetModel()
    root = widget.rootObject()
    root.positionViewAtEnd()
    app.processEvents()
    open_ms = (time.perf_counter() - t0) * 1000
    last = len(model.rows) - 1
    at_end = root.indexAt(10, root.property("contentY") + 700) == last  # the bottom row
    model.beginInsertRows(QModelIndex(), last + 1, last + 1)
    model.rows.append("")
    model.endInsertRows()
    ticks: list[tuple[float, float]] = []

    def update(text: str) -> None:
        model.rows[-1] = text
        model.html.pop(len(model.rows) - 1, None)
        index = model.index(len(model.rows) - 1)
        model.dataChanged.emit(index, index)
        root.positionViewAtEnd()

    _stream(app, update, ticks)
    return {"setup_ms": round(setup_ms, 1), "open_ms": round(open_ms, 1), "at_end": at_end,
            **_figures(ticks)}  # fmt: skip


def main() -> None:
    if len(sys.argv) > 1:
        print(json.dumps({"delegate": delegate, "qml": qml}[sys.argv[1]]()))
        return
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    for name in ("delegate", "qml"):
        out = subprocess.run(
            [sys.executable, "-m", "bench.transcript_candidates", name],
            capture_output=True, text=True, env=env, timeout=600,
        ).stdout  # fmt: skip
        print(name, out.strip().splitlines()[-1] if out.strip() else "failed")


if __name__ == "__main__":
    main()
