"""The minimal main window: choose and load a model, chat, stop.

The chat-window issue replaces this with the full window; this one already follows the rules:
all model work happens in the runtime process, events arrive through the bridge on the GUI
thread, and model output is shown as plain text (nothing in it is interpreted or loaded).
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chatapp.core.demo_model import DEMO_FILE_NAME, demo_available, demo_model_path
from chatapp.core.paths import AppPaths
from chatapp.runtime import protocol as p
from chatapp.runtime.client import RuntimeClient
from chatapp.ui.bridge import RuntimeBridge

DEMO_KEY = "demo:"
DEFAULT_CONTEXT = 2048


class MainWindow(QMainWindow):
    demo_ready = Signal(str)
    demo_failed = Signal(str)

    def __init__(self, paths: AppPaths, initial_model: Path | None = None) -> None:
        super().__init__()
        self.paths = paths
        self.setWindowTitle(self.tr("Kotoba"))
        self.resize(900, 640)
        self.bridge = RuntimeBridge(self)
        self.client = RuntimeClient(on_event=self.bridge.post, log_path=paths.runtime_log)
        self.messages: list[dict[str, str]] = []
        self.loaded_path: str | None = None
        self.load_request: p.LoadRequest | None = None
        self.load_id = 0
        self.generation_id = 0
        self.pending_prompt = False  # a message waits for the model to (re)load
        self.reply_parts: list[str] = []
        self.last_stats: p.GenerationStats | None = None
        self._build()
        self._connect()
        self._fill_models(initial_model)
        self._update_actions()

    # --- layout -------------------------------------------------------------------------

    def _build(self) -> None:
        central = QWidget(self)
        layout = QVBoxLayout(central)
        top = QHBoxLayout()
        self.model_combo = QComboBox()
        self.model_combo.setAccessibleName(self.tr("Model"))
        self.model_combo.setMinimumWidth(320)
        self.open_button = QPushButton(self.tr("Open model file…"))
        self.load_button = QPushButton(self.tr("Load"))
        self.load_progress = QProgressBar()
        self.load_progress.setRange(0, 100)
        self.load_progress.setVisible(False)
        self.load_progress.setAccessibleName(self.tr("Model loading progress"))
        top.addWidget(QLabel(self.tr("Model:")))
        top.addWidget(self.model_combo, 1)
        top.addWidget(self.open_button)
        top.addWidget(self.load_button)
        top.addWidget(self.load_progress)
        layout.addLayout(top)

        self.transcript = QPlainTextEdit()
        self.transcript.setReadOnly(True)
        self.transcript.setAccessibleName(self.tr("Conversation"))
        self.transcript.setPlaceholderText(self.tr("Load a model, then type a message below."))
        layout.addWidget(self.transcript, 1)

        bottom = QHBoxLayout()
        self.composer = QPlainTextEdit()
        self.composer.setAccessibleName(self.tr("Message"))
        self.composer.setPlaceholderText(self.tr("Type a message. Ctrl+Enter sends."))
        self.composer.setMaximumHeight(110)
        self.send_button = QPushButton(self.tr("Send"))
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("Stop the reply (Esc)"))
        buttons = QVBoxLayout()
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.stop_button)
        bottom.addWidget(self.composer, 1)
        bottom.addLayout(buttons)
        layout.addLayout(bottom)
        self.setCentralWidget(central)
        self.status_label = QLabel(self.tr("No model loaded"))
        self.statusBar().addWidget(self.status_label, 1)

    def _connect(self) -> None:
        self.open_button.clicked.connect(self._on_open_clicked)
        self.load_button.clicked.connect(self._on_load_clicked)
        self.send_button.clicked.connect(self._on_send_clicked)
        self.stop_button.clicked.connect(self._on_stop_clicked)
        QShortcut(QKeySequence("Ctrl+Return"), self, self._on_send_clicked)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self._on_stop_clicked)
        self.bridge.load_progress.connect(self._on_load_progress)
        self.bridge.loaded.connect(self._on_loaded)
        self.bridge.tokens.connect(self._on_tokens)
        self.bridge.generation_done.connect(self._on_generation_done)
        self.bridge.error.connect(self._on_error)
        self.bridge.crashed.connect(self._on_crashed)
        self.demo_ready.connect(self._on_demo_ready)
        self.demo_failed.connect(self._on_demo_failed)

    def _fill_models(self, initial: Path | None) -> None:
        seen: set[str] = set()
        if initial is not None:
            self._add_model(str(initial))
            seen.add(str(initial))
        models_dir = self.paths.models_dir
        for path in sorted(models_dir.glob("*.gguf")) if models_dir.exists() else []:
            if str(path) not in seen:
                self._add_model(str(path))
        if not (models_dir / DEMO_FILE_NAME).exists() and demo_available():
            self.model_combo.addItem(self.tr("Gemma 3 270M (demo model)"), DEMO_KEY)

    def _add_model(self, path: str) -> None:
        self.model_combo.addItem(Path(path).name, path)

    # --- state --------------------------------------------------------------------------

    @property
    def generating(self) -> bool:
        return self.generation_id != 0

    @property
    def loading(self) -> bool:
        return self.load_id != 0

    def _update_actions(self) -> None:
        self.send_button.setEnabled(not self.generating and not self.loading)
        self.stop_button.setEnabled(self.generating)
        self.load_button.setEnabled(not self.loading and not self.generating)

    def _append(self, text: str) -> None:
        cursor = self.transcript.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(text)
        self.transcript.setTextCursor(cursor)
        self.transcript.ensureCursorVisible()

    # --- loading ------------------------------------------------------------------------

    @Slot()
    def _on_open_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open a model"), str(Path.home()), self.tr("GGUF models (*.gguf)")
        )
        if path:
            self._add_model(path)
            self.model_combo.setCurrentIndex(self.model_combo.count() - 1)

    @Slot()
    def _on_load_clicked(self) -> None:
        key = self.model_combo.currentData()
        if not key:
            self.status_label.setText(self.tr("Choose a model file first."))
            return
        if key == DEMO_KEY:
            self._prepare_demo()
        else:
            self.load_model(key)

    def _prepare_demo(self) -> None:
        self.load_id = -1  # busy: assembling the demo file
        self.status_label.setText(self.tr("Preparing the demo model…"))
        self._update_actions()

        def work() -> None:
            try:
                path = demo_model_path(self.paths.models_dir)
            except (OSError, ValueError) as exc:
                self.demo_failed.emit(str(exc))
                return
            self.demo_ready.emit(str(path))

        threading.Thread(target=work, name="demo-model", daemon=True).start()

    @Slot(str)
    def _on_demo_ready(self, path: str) -> None:
        index = self.model_combo.findData(DEMO_KEY)
        if index >= 0:
            self.model_combo.setItemData(index, path)
        self.load_id = 0
        self.load_model(path)

    @Slot(str)
    def _on_demo_failed(self, message: str) -> None:
        self.load_id = 0
        self.status_label.setText(
            self.tr("The demo model could not be prepared: %1").replace("%1", message)
        )
        self._update_actions()

    def load_model(self, path: str, n_ctx: int = DEFAULT_CONTEXT) -> None:
        request = p.LoadRequest(self.client.next_id(), path, n_ctx)
        self.load_request = request
        self.load_id = request.request_id
        self.load_progress.setValue(0)
        self.load_progress.setVisible(True)
        self.status_label.setText(self.tr("Loading %1…").replace("%1", Path(path).name))
        self._update_actions()
        self.client.send(request)

    @Slot(int, float)
    def _on_load_progress(self, request_id: int, fraction: float) -> None:
        if request_id == self.load_id:
            self.load_progress.setValue(int(fraction * 100))

    @Slot(object)
    def _on_loaded(self, event: p.Loaded) -> None:
        if event.request_id != self.load_id:
            return
        self.load_id = 0
        self.load_progress.setVisible(False)
        info = event.info
        self.loaded_path = str(info["path"])
        self.status_label.setText(
            self.tr("%1 · %2 · %3 bits/weight · context %4 · loaded in %5 s")
            .replace("%1", str(info["name"]))
            .replace("%2", str(info["quantization"]))
            .replace("%3", str(info["bits_per_weight"]))
            .replace("%4", str(info["n_ctx"]))
            .replace("%5", f"{event.load_s:.2f}")
        )
        self._update_actions()
        if self.pending_prompt:
            self.pending_prompt = False
            self._start_generation()

    # --- chatting -----------------------------------------------------------------------

    @Slot()
    def _on_send_clicked(self) -> None:
        text = self.composer.toPlainText().strip()
        if not text or self.generating or self.loading:
            return
        self.composer.clear()
        self.messages.append({"role": "user", "content": text})
        self._append(self.tr("You: ") + text + "\n\n")
        if self.loaded_path is None:
            if self.load_request is None:
                self.status_label.setText(self.tr("Load a model to get a reply."))
                return
            # The runtime restarted (after a crash): load the model again, then reply.
            self.pending_prompt = True
            self.load_model(self.load_request.path, self.load_request.n_ctx)
            return
        self._start_generation()

    def _start_generation(self) -> None:
        request = self.client.generate_request(list(self.messages), p.Sampling())
        self.generation_id = request.request_id
        self.reply_parts = []
        self._append(self.tr("Assistant: "))
        self._update_actions()
        self.client.send(request)

    @Slot()
    def _on_stop_clicked(self) -> None:
        if self.generating:
            self.client.cancel(self.generation_id)

    @Slot(int, str)
    def _on_tokens(self, request_id: int, text: str) -> None:
        if request_id == self.generation_id:
            self.reply_parts.append(text)
            self._append(text)

    @Slot(object)
    def _on_generation_done(self, event: p.GenerationDone) -> None:
        if event.request_id != self.generation_id:
            return
        self._finish_reply(event.text)
        self.last_stats = s = event.stats
        note = self.tr("[stopped]") if s.stop_reason == p.STOP_CANCELLED else ""
        self._append((" " + note if note else "") + "\n\n")
        self.status_label.setText(
            self.tr("%1 tokens · %2 tokens/s · first token after %3 ms · %4")
            .replace("%1", str(s.completion_tokens))
            .replace("%2", f"{s.tokens_per_s:.1f}")
            .replace("%3", f"{s.ttft_s * 1000:.0f}")
            .replace("%4", s.stop_reason)
        )

    def _finish_reply(self, text: str) -> None:
        if text:
            self.messages.append({"role": "assistant", "content": text})
        self.generation_id = 0
        self._update_actions()

    @Slot(object)
    def _on_error(self, event: p.ErrorEvent) -> None:
        if event.request_id == self.load_id:
            self.load_id = 0
            self.pending_prompt = False
            self.load_progress.setVisible(False)
        elif event.request_id == self.generation_id:
            self._finish_reply("".join(self.reply_parts))
        else:
            return
        self._append("\n" + self.tr("Error: ") + event.message + "\n\n")
        self.status_label.setText(event.message)
        self._update_actions()

    @Slot(object)
    def _on_crashed(self, event: p.RuntimeCrashed) -> None:
        self.loaded_path = None
        if self.generating:
            self._finish_reply("".join(self.reply_parts))
        self.load_id = 0
        self.pending_prompt = False
        self.load_progress.setVisible(False)
        message = event.message + self.tr(". Your messages are kept; send again to restart it.")
        self._append("\n" + message + "\n\n")
        self.status_label.setText(message)
        self._update_actions()

    def shutdown_runtime(self) -> None:
        self.client.shutdown()
        self.bridge.close()

    def closeEvent(self, event):  # type: ignore[no-untyped-def]
        self.shutdown_runtime()
        super().closeEvent(event)
