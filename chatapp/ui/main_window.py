"""The main window: sidebar, transcript, composer, model picker, settings, status bar."""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from chatapp.core import diagnostics
from chatapp.core.context import ContextPlan
from chatapp.core.demo_model import DEMO_FILE_NAME, demo_available, demo_model_path
from chatapp.core.paths import AppPaths
from chatapp.core.settings import load_settings, save_settings
from chatapp.core.store import ImportError_
from chatapp.core.templates import FILE_TEMPLATE, KNOWN_FORMATS
from chatapp.ui.chat_controller import ChatController
from chatapp.ui.chat_view import BranchView, TranscriptView
from chatapp.ui.composer import Composer
from chatapp.ui.context_meter import ContextMeter
from chatapp.ui.conversation_list import ConversationList
from chatapp.ui.model_manager import ModelManagerPane
from chatapp.ui.preferences_dialog import PreferencesDialog
from chatapp.ui.settings_dialog import SettingsDialog
from chatapp.ui.theme import THEMES, apply_theme
from chatapp.ui.welcome import WelcomePage

DEMO_KEY = "demo:"
UNDO_MS = 10_000
DRAFT_COUNT_DELAY_MS = 300


class MainWindow(QMainWindow):
    demo_ready = Signal(str)
    demo_failed = Signal(str)

    def __init__(self, paths: AppPaths, initial_model: Path | None = None) -> None:
        super().__init__()
        self.paths = paths
        self.setWindowTitle(self.tr("Kotoba"))
        self.resize(1100, 720)
        self.app_settings = load_settings(paths.config_dir)
        paths = paths.with_models_dir(self.app_settings.models_dir or None)
        self.paths = paths
        self.theme = self.app_settings.theme
        app = QApplication.instance()
        self.dark = apply_theme(app, self.theme) if isinstance(app, QApplication) else False
        self.controller = ChatController(paths, self.app_settings, self)
        self.pending_delete: int | None = None
        self._draft_request = 0
        self._streaming_id = 0
        self._closed = False
        self.last_announcement = ""
        self._build()
        self._connect()
        self._fill_models(initial_model)
        self._refresh_list()
        conversations = self.controller.store.list_conversations()
        if conversations:
            self.controller.open_conversation(conversations[0].id)
        elif initial_model is None and not self.model_manager.models:
            self.pages.setCurrentIndex(2)  # the first run: nothing to chat with yet
        self._update_actions()

    # --- layout -------------------------------------------------------------------------

    def _build(self) -> None:
        toolbar = QToolBar(self.tr("Model"))
        toolbar.setObjectName("model-toolbar")
        toolbar.setMovable(False)
        self.addToolBar(toolbar)
        self.model_combo = QComboBox()
        self.model_combo.setAccessibleName(self.tr("Model"))
        self.model_combo.setMinimumWidth(300)
        self.open_button = QPushButton(self.tr("Open model file…"))
        self.open_button.setAccessibleName(self.tr("Open a model file"))
        self.format_combo = QComboBox()
        self.format_combo.setAccessibleName(self.tr("Chat format"))
        self.format_combo.setToolTip(
            self.tr("How prompts are written for the model: its own template, or a built-in format")
        )
        self.format_combo.addItem(self.tr("Chat format: automatic"), "")
        for name in KNOWN_FORMATS:
            if name != FILE_TEMPLATE:
                self.format_combo.addItem(name, name)
        self.load_button = QPushButton(self.tr("Load"))
        self.load_button.setAccessibleName(self.tr("Load the chosen model"))
        self.load_progress = QProgressBar()
        self.load_progress.setRange(0, 100)
        self.load_progress.setMaximumWidth(160)
        self.load_progress.setVisible(False)
        self.load_progress.setAccessibleName(self.tr("Model loading progress"))
        self.settings_button = QPushButton(self.tr("Settings…"))
        self.settings_button.setAccessibleName(self.tr("Conversation settings"))
        toolbar.addWidget(QLabel(self.tr("Model: ")))
        toolbar.addWidget(self.model_combo)
        toolbar.addWidget(self.open_button)
        toolbar.addWidget(self.format_combo)
        toolbar.addWidget(self.load_button)
        toolbar.addWidget(self.load_progress)
        toolbar.addSeparator()
        toolbar.addWidget(self.settings_button)
        self.models_button = QPushButton(self.tr("Models…"))
        self.models_button.setAccessibleName(self.tr("Open the model manager"))
        self.models_button.setToolTip(self.tr("Find, download and manage models (Ctrl+M)"))
        self.models_button.setCheckable(True)
        toolbar.addWidget(self.models_button)

        self.sidebar = ConversationList()
        self.transcript = TranscriptView(self.dark)
        center = QWidget()
        center_layout = QVBoxLayout(center)
        center_layout.setContentsMargins(0, 0, 0, 0)
        center_layout.addWidget(self.transcript, 1)
        self.notice_label = QLabel()
        self.notice_label.setWordWrap(True)
        self.notice_label.setAccessibleName(self.tr("Notice"))
        self.notice_label.setVisible(False)
        center_layout.addWidget(self.notice_label)
        bottom = QHBoxLayout()
        self.composer = Composer()
        self.composer.setMaximumHeight(120)
        buttons = QVBoxLayout()
        self.send_button = QPushButton(self.tr("Send"))
        self.send_button.setAccessibleName(self.tr("Send the message"))
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setAccessibleName(self.tr("Stop the reply"))
        self.stop_button.setToolTip(self.tr("Stop the reply (Esc)"))
        self.cta_button = QPushButton(self.tr("Load a model to start chatting"))
        self.cta_button.setAccessibleName(self.tr("Load a model to start chatting"))
        self.token_label = QLabel("")
        self.token_label.setAccessibleName(self.tr("Tokens in the message"))
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.stop_button)
        buttons.addWidget(self.cta_button)
        buttons.addWidget(self.token_label)
        bottom.addWidget(self.composer, 1)
        bottom.addLayout(buttons)
        center_layout.addLayout(bottom)
        splitter = QSplitter()
        splitter.addWidget(self.sidebar)
        splitter.addWidget(center)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 840])
        self.model_manager = ModelManagerPane(self.paths, self.controller.dispatcher)
        self.pages = QStackedWidget()
        self.pages.addWidget(splitter)
        self.pages.addWidget(self.model_manager)
        self.welcome = WelcomePage(demo_available())
        self.pages.addWidget(self.welcome)
        self.setCentralWidget(self.pages)
        self.setAcceptDrops(True)

        self.model_label = QLabel(self.tr("No model loaded"))
        self.model_label.setAccessibleName(self.tr("Loaded model"))
        self.meter = ContextMeter()
        self.figures_label = QLabel("")
        self.figures_label.setAccessibleName(self.tr("Last reply figures"))
        self.undo_button = QPushButton(self.tr("Undo"))
        self.undo_button.setAccessibleName(self.tr("Undo delete"))
        self.undo_button.setVisible(False)
        status = self.statusBar()
        status.addWidget(self.model_label)
        status.addWidget(self.meter)
        status.addWidget(self.figures_label, 1)
        status.addPermanentWidget(self.undo_button)
        self._undo_timer = QTimer(self)
        self._undo_timer.setSingleShot(True)
        self._undo_timer.setInterval(UNDO_MS)
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_COUNT_DELAY_MS)
        self._build_menus()

    def _build_menus(self) -> None:
        def action(menu: Any, text: str, slot: Any, shortcut: str | None = None) -> QAction:
            act = QAction(text, self)
            if shortcut:
                act.setShortcut(QKeySequence(shortcut))
            act.triggered.connect(slot)
            menu.addAction(act)
            return act

        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        self.new_action = action(file_menu, self.tr("New chat"), self.new_chat, "Ctrl+N")
        action(file_menu, self.tr("Import conversation…"), self.import_conversation)
        action(file_menu, self.tr("Export as Markdown…"), lambda: self.export_conversation("md"))
        action(file_menu, self.tr("Export as JSON…"), lambda: self.export_conversation("json"))
        file_menu.addSeparator()
        action(file_menu, self.tr("Quit"), self.close, "Ctrl+Q")
        conv_menu = bar.addMenu(self.tr("&Conversation"))
        action(conv_menu, self.tr("Rename…"), self.rename_conversation, "F2")
        action(conv_menu, self.tr("Duplicate"), self.duplicate_conversation)
        action(conv_menu, self.tr("Delete"), self.delete_conversation)
        action(conv_menu, self.tr("Settings…"), self.open_settings)
        edit_menu = bar.addMenu(self.tr("&Edit"))
        action(edit_menu, self.tr("Copy last reply"), self.copy_last_reply, "Ctrl+Shift+C")
        action(edit_menu, self.tr("Search chats"), self.focus_search, "Ctrl+F")
        action(edit_menu, self.tr("Stop reply"), self.stop_reply)
        edit_menu.addSeparator()
        action(edit_menu, self.tr("Preferences…"), self.open_preferences, "Ctrl+,")
        view_menu = bar.addMenu(self.tr("&View"))
        group = QActionGroup(self)
        names = {
            "system": self.tr("System theme"),
            "light": self.tr("Light"),
            "dark": self.tr("Dark"),
        }
        self.theme_actions: dict[str, QAction] = {}
        for theme in THEMES:
            act = action(view_menu, names[theme], lambda _c=False, t=theme: self.set_theme(t))
            act.setCheckable(True)
            act.setChecked(theme == self.theme)
            group.addAction(act)
            self.theme_actions[theme] = act
        help_menu = bar.addMenu(self.tr("&Help"))
        action(help_menu, self.tr("Copy diagnostics"), self.copy_diagnostics)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.stop_reply)
        QShortcut(QKeySequence("Ctrl+M"), self, self.models_button.click)

    def _connect(self) -> None:
        c = self.controller
        self.open_button.clicked.connect(self._on_open_clicked)
        self.load_button.clicked.connect(self._on_load_clicked)
        self.cta_button.clicked.connect(self._on_load_clicked)
        self.settings_button.clicked.connect(self.open_settings)
        self.send_button.clicked.connect(lambda: self._on_send(self.composer.toPlainText()))
        self.stop_button.clicked.connect(self.stop_reply)
        self.composer.send_requested.connect(self._on_send)
        self.composer.textChanged.connect(self._draft_timer.start)
        self._draft_timer.timeout.connect(self._count_draft)
        self.sidebar.new_requested.connect(self.new_chat)
        self.sidebar.conversation_chosen.connect(c.open_conversation)
        self.sidebar.search_requested.connect(self._run_search)
        self.sidebar.search_hit_chosen.connect(self._on_search_hit)
        self.transcript.action.connect(self._on_transcript_action)
        self.undo_button.clicked.connect(self.undo_delete)
        self._undo_timer.timeout.connect(self._finish_delete)
        c.conversations_changed.connect(self._refresh_list)
        c.conversation_opened.connect(self._on_conversation_opened)
        c.transcript_changed.connect(self.render_transcript)
        c.reply_started.connect(self._on_reply_started)
        c.reply_text.connect(self.transcript.append_stream)
        c.reply_finished.connect(self._on_reply_finished)
        c.plan_ready.connect(self._on_plan)
        c.notice.connect(self._show_notice)
        c.error.connect(self._show_error)
        c.busy_changed.connect(lambda _b: self._update_actions())
        c.model_loading.connect(self._on_model_loading)
        c.model_progress.connect(lambda f: self.load_progress.setValue(int(f * 100)))
        c.model_loaded.connect(self._on_model_loaded)
        c.model_loaded.connect(self._on_model_loaded_leave_welcome)
        c.model_failed.connect(self._on_model_failed)
        c.model_too_big.connect(self._on_model_too_big)
        c.draft_counted.connect(self._on_draft_counted)
        self.models_button.toggled.connect(self.show_models)
        self.model_manager.load_requested.connect(self._on_manager_load)
        self.model_manager.library_changed.connect(self._refill_models)
        self.model_manager.import_requested.connect(self._on_import_model_clicked)
        self.welcome.demo_chosen.connect(self._on_welcome_demo)
        self.welcome.recommended_chosen.connect(self._on_welcome_recommended)
        self.welcome.import_chosen.connect(self._on_import_model_clicked)
        self.welcome.skipped.connect(lambda: self.pages.setCurrentIndex(0))
        self.demo_ready.connect(self._on_demo_ready)
        self.demo_failed.connect(self._on_model_failed)

    # --- models -------------------------------------------------------------------------

    def _fill_models(self, initial: Path | None) -> None:
        seen: set[str] = set()
        if initial is not None:
            self.model_combo.addItem(initial.name, str(initial))
            seen.add(str(initial))
        models_dir = self.paths.models_dir
        for path in sorted(models_dir.glob("*.gguf")) if models_dir.exists() else []:
            if str(path) not in seen:
                self.model_combo.addItem(path.name, str(path))
        if not (models_dir / DEMO_FILE_NAME).exists() and demo_available():
            self.model_combo.addItem(self.tr("Gemma 3 270M (demo model)"), DEMO_KEY)

    def _refill_models(self) -> None:
        current = self.model_combo.currentData()
        self.model_combo.clear()
        self._fill_models(None)
        index = self.model_combo.findData(current)
        if index >= 0:
            self.model_combo.setCurrentIndex(index)

    @Slot(object)
    def _on_model_loaded_leave_welcome(self, _info: object) -> None:
        self.leave_welcome()

    @Slot()
    def _on_welcome_demo(self) -> None:
        index = self.model_combo.findData(DEMO_KEY)
        if index >= 0:
            self.model_combo.setCurrentIndex(index)
        self.pages.setCurrentIndex(0)
        self._on_load_clicked()

    @Slot(object)
    def _on_welcome_recommended(self, rec: Any) -> None:
        """Open the manager on the repository: the first request happens now, by choice."""
        self.show_models(True)
        self.model_manager.open_repository(rec.repo, rec.file)

    def show_models(self, visible: bool) -> None:
        self.pages.setCurrentIndex(1 if visible else 0)
        if self.models_button.isChecked() != visible:
            self.models_button.setChecked(visible)

    @Slot(str)
    def _on_manager_load(self, path: str) -> None:
        index = self.model_combo.findData(path)
        if index < 0:
            self.model_combo.addItem(Path(path).name, path)
            index = self.model_combo.count() - 1
        self.model_combo.setCurrentIndex(index)
        self.controller.load_model(path)
        self.show_models(False)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if urls and all(
            u.isLocalFile() and u.toLocalFile().lower().endswith(".gguf") for u in urls
        ):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        for url in event.mimeData().urls():
            self.import_model(Path(url.toLocalFile()))
        event.acceptProposedAction()

    @Slot()
    def _on_import_model_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import a model"), str(Path.home()), self.tr("GGUF models (*.gguf)")
        )
        if path:
            self.import_model(Path(path))

    def import_model(self, path: Path) -> None:
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("Import model"))
        box.setText(self.tr("Add %1 to the library?").replace("%1", path.name))
        copy = box.addButton(self.tr("Copy into the library"), QMessageBox.ButtonRole.AcceptRole)
        in_place = box.addButton(self.tr("Use where it is"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() in (copy, in_place):
            self.model_manager.import_path(path, copy=box.clickedButton() is copy)
            self.show_models(True)

    @Slot()
    def _on_open_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open a model"), str(Path.home()), self.tr("GGUF models (*.gguf)")
        )
        if path:
            self.model_combo.addItem(Path(path).name, path)
            self.model_combo.setCurrentIndex(self.model_combo.count() - 1)

    @Slot()
    def _on_load_clicked(self) -> None:
        key = self.model_combo.currentData()
        if not key:
            self._show_error(self.tr("Choose a model file first."))
            return
        if key == DEMO_KEY:
            self.load_button.setEnabled(False)
            self.model_label.setText(self.tr("Preparing the demo model…"))

            def work() -> None:
                try:
                    path = demo_model_path(self.paths.models_dir)
                except (OSError, ValueError) as exc:
                    message = str(exc)
                    self.controller.dispatcher.post(lambda: self.demo_failed.emit(message))
                    return
                self.controller.dispatcher.post(lambda: self.demo_ready.emit(str(path)))

            threading.Thread(target=work, name="demo-model", daemon=True).start()
        else:
            self.controller.load_model(str(key), chat_format=self.chosen_format())

    def chosen_format(self) -> str | None:
        return str(self.format_combo.currentData() or "") or None

    @Slot(str)
    def _on_demo_ready(self, path: str) -> None:
        index = self.model_combo.findData(DEMO_KEY)
        if index >= 0:
            self.model_combo.setItemData(index, path)
        self.controller.load_model(path, chat_format=self.chosen_format())

    @Slot(str)
    def _on_model_loading(self, path: str) -> None:
        self.load_progress.setValue(0)
        self.load_progress.setVisible(True)
        self.model_label.setText(self.tr("Loading %1…").replace("%1", Path(path).name))
        self._update_actions()

    @Slot(object)
    def _on_model_loaded(self, info: dict[str, Any]) -> None:
        self.load_progress.setVisible(False)
        self.model_label.setText(f"{info['name']} · {info['quantization']}")
        self.model_label.setToolTip(
            self.tr("%1 bits/weight · context %2 · chat format %3 (%4)")
            .replace("%1", str(info["bits_per_weight"]))
            .replace("%2", str(info["n_ctx"]))
            .replace("%3", str(info["chat_format"]))
            .replace("%4", str(info["chat_format_source"]))
        )
        self._update_actions()
        self._count_draft()

    @Slot(str)
    def _on_model_too_big(self, message: str) -> None:
        self._on_model_failed(message)
        last = self.controller.last_load
        answer = QMessageBox.question(
            self,
            self.tr("Not enough memory"),
            message
            + "\n\n"
            + self.tr("Load it anyway? The system may become slow or stop the model."),
        )
        if last is not None and answer == QMessageBox.StandardButton.Yes:
            self.controller.load_model(last.path, last.n_ctx, last.chat_format, ignore_memory=True)

    @Slot(str)
    def _on_model_failed(self, message: str) -> None:
        self.load_progress.setVisible(False)
        self.model_label.setText(self.tr("No model loaded"))
        self._show_error(message)
        self._update_actions()

    # --- conversations ------------------------------------------------------------------

    def leave_welcome(self) -> None:
        if self.pages.currentWidget() is self.welcome:
            self.pages.setCurrentIndex(0)

    def _refresh_list(self) -> None:
        conversations = [
            c for c in self.controller.store.list_conversations() if c.id != self.pending_delete
        ]
        if conversations:
            self.leave_welcome()
        self.sidebar.set_conversations(conversations, self.controller.conversation_id)

    @Slot(int)
    def _on_conversation_opened(self, conversation_id: int) -> None:
        self.meter.set_plan(None)
        self.notice_label.setVisible(False)
        self.transcript.page_size = 120
        self._refresh_list()
        self.render_transcript()
        self._update_actions()

    def render_transcript(self) -> None:
        cid = self.controller.conversation_id
        store = self.controller.store
        if cid is None:
            self.transcript.show_branch(BranchView([], {}))
            return
        messages = store.branch(cid)
        view = BranchView(
            messages,
            store.alternatives(cid, [m.id for m in messages]),
            self.controller.last_plan,
            store.latest_summary(cid),
        )
        self.transcript.show_branch(view)
        conv = store.conversation(cid)
        self.setWindowTitle(f"{conv.title or self.tr('New chat')} — Kotoba")

    def new_chat(self) -> None:
        if not self.controller.busy:
            self.controller.new_conversation()
            self.composer.setFocus()

    def rename_conversation(self) -> None:
        cid = self.controller.conversation_id
        if cid is None:
            return
        old = self.controller.store.conversation(cid).title
        title, ok = QInputDialog.getText(self, self.tr("Rename"), self.tr("Title:"), text=old)
        if ok and title.strip():
            self.controller.rename(cid, title)
            self.render_transcript()

    def duplicate_conversation(self) -> None:
        cid = self.controller.conversation_id
        if cid is not None and not self.controller.busy:
            self.controller.open_conversation(self.controller.duplicate(cid))

    def delete_conversation(self) -> None:
        cid = self.controller.conversation_id
        if cid is None or self.controller.busy:
            return
        self._finish_delete()
        self.pending_delete = cid
        others = [c.id for c in self.controller.store.list_conversations() if c.id != cid]
        self.controller.open_conversation(others[0] if others else None)
        self._refresh_list()
        self.undo_button.setVisible(True)
        self.statusBar().showMessage(self.tr("Conversation deleted."), UNDO_MS)
        self._undo_timer.start()

    def undo_delete(self) -> None:
        cid, self.pending_delete = self.pending_delete, None
        self._undo_timer.stop()
        self.undo_button.setVisible(False)
        self.statusBar().clearMessage()
        if cid is not None:
            self.controller.open_conversation(cid)
            self._refresh_list()

    def _finish_delete(self) -> None:
        cid, self.pending_delete = self.pending_delete, None
        self.undo_button.setVisible(False)
        if cid is not None:
            self.controller.store.delete_conversation(cid)

    def export_conversation(self, kind: str) -> None:
        cid = self.controller.conversation_id
        if cid is None:
            return
        store = self.controller.store
        title = store.conversation(cid).title or "conversation"
        safe = "".join(ch if ch.isalnum() or ch in " -_" else "_" for ch in title).strip() or "chat"
        filters = self.tr("Markdown (*.md)") if kind == "md" else self.tr("JSON (*.json)")
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export conversation"), str(Path.home() / f"{safe}.{kind}"), filters
        )
        if not path:
            return
        if kind == "md":
            text = store.export_markdown(cid)
        else:
            text = json.dumps(store.export_json(cid), ensure_ascii=False, indent=2)
        try:
            Path(path).write_text(text, encoding="utf-8")
        except OSError as exc:
            self._show_error(self.tr("Could not save: %1").replace("%1", exc.strerror or str(exc)))

    def import_conversation(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import a conversation"), str(Path.home()), self.tr("JSON (*.json)")
        )
        if path:
            self.import_path(Path(path))

    def import_path(self, path: Path) -> int | None:
        try:
            cid = self.controller.import_file(path)
        except (OSError, ValueError, ImportError_) as exc:
            self._show_error(
                self.tr("Could not import %1: %2").replace("%1", path.name).replace("%2", str(exc))
            )
            return None
        self.controller.open_conversation(cid)
        return cid

    def open_settings(self) -> None:
        cid = self.controller.conversation_id
        if cid is None:
            cid = self.controller.new_conversation()
        settings = self.controller.store.conversation(cid).settings
        info = self.controller.model_info
        max_context = (
            int(info["context_length"]) if info and info.get("context_length") else 1 << 17
        )
        dialog = SettingsDialog(settings, max_context, self)
        if dialog.exec() and dialog.result_settings is not None:
            self.controller.set_settings(dialog.result_settings)

    # --- search -------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.leave_welcome()
        self.sidebar.search_box.setFocus()
        self.sidebar.search_box.selectAll()

    @Slot()
    def _run_search(self) -> None:
        query = self.sidebar.search_box.text().strip()
        self.sidebar.show_results(self.controller.store.search(query) if query else None)

    @Slot(int, int)
    def _on_search_hit(self, conversation_id: int, message_id: int) -> None:
        store = self.controller.store
        if message_id:
            store.select_branch(message_id)
            # select_branch goes down to the newest leaf below the hit; the hit is on that branch.
        if conversation_id != self.controller.conversation_id:
            self.controller.open_conversation(conversation_id)
        else:
            self.render_transcript()
        if message_id:
            self.transcript.jump_to(message_id)

    # --- chatting -----------------------------------------------------------------------

    @Slot(str)
    def _on_send(self, text: str) -> None:
        if self.controller.send(text):
            self.composer.clear()
            self.token_label.setText("")

    def stop_reply(self) -> None:
        self.controller.stop()

    @Slot(int)
    def _on_reply_started(self, message_id: int) -> None:
        self._streaming_id = message_id
        self.transcript.begin_stream(self.controller.store.message(message_id))

    @Slot(int, object)
    def _on_reply_finished(self, message_id: int, result: Any) -> None:
        self._streaming_id = 0
        cid = self.controller.conversation_id
        store = self.controller.store
        message = store.message(message_id)
        if cid is not None and message.conversation_id == cid:
            alternatives = store.alternatives(cid, [message_id]).get(message_id)
            self.transcript.finish_stream(message, alternatives)
        else:
            self.transcript.end_stream()
        if result is not None and result.result is not None:
            stats = result.result.stats
            self.figures_label.setText(
                self.tr("%1 tokens · %2 tok/s · first token %3 ms · %4")
                .replace("%1", str(stats.get("completion_tokens", 0)))
                .replace("%2", f"{stats.get('tokens_per_s', 0.0):.1f}")
                .replace("%3", f"{stats.get('ttft_s', 0.0) * 1000:.0f}")
                .replace("%4", str(stats.get("stop_reason", "")))
            )
            self.announce(self.tr("Reply finished"))

    def announce(self, text: str) -> None:
        """Tell assistive technology (screen readers) without moving the focus."""
        self.last_announcement = text
        event = QAccessibleAnnouncementEvent(self.transcript, text)
        QAccessible.updateAccessibility(event)

    @Slot(object)
    def _on_plan(self, plan: ContextPlan) -> None:
        self.meter.set_plan(plan)
        if not self._streaming_id:
            self.render_transcript()

    @Slot(int, str, int)
    def _on_transcript_action(self, verb: str, message_id: int, _extra: int) -> None:
        c = self.controller
        store = c.store
        if verb == "copy":
            QApplication.clipboard().setText(store.message(message_id).content)
        elif verb == "regenerate":
            c.regenerate(message_id)
        elif verb == "edit":
            old = store.message(message_id).content
            text, ok = QInputDialog.getMultiLineText(
                self, self.tr("Edit message"), self.tr("Message:"), old
            )
            if ok and text.strip() and text != old:
                c.edit_and_resend(message_id, text)
        elif verb == "delete":
            answer = QMessageBox.question(
                self, self.tr("Delete message"), self.tr("Delete this message?")
            )
            if answer == QMessageBox.StandardButton.Yes:
                c.delete_message(message_id)
        elif verb in ("previous", "next"):
            c.show_sibling(message_id, -1 if verb == "previous" else 1)
        elif verb == "summary":
            self.open_summary(message_id)
        elif verb == "resummarize":
            c.regenerate_summary()

    def copy_diagnostics(self) -> str:
        from PySide6.QtCore import qVersion

        text = diagnostics.report(
            qVersion(), self.controller.model_info, self.paths.log_dir / diagnostics.LOG_FILE
        )
        QApplication.clipboard().setText(text)
        self.statusBar().showMessage(self.tr("Diagnostics copied to the clipboard."), 5000)
        return text

    def open_preferences(self) -> None:
        gpu = bool((self.controller.model_info or {}).get("gpu_offload", False))
        dialog = PreferencesDialog(self.app_settings, str(self.paths.data_dir), gpu, self)
        if not dialog.exec() or dialog.result_settings is None:
            return
        new = dialog.result_settings
        try:
            save_settings(self.paths.config_dir, new)
        except OSError as exc:
            self._show_error(self.tr("Could not save the settings: %1").replace("%1", str(exc)))
            return
        old, self.app_settings = self.app_settings, new
        self.controller.settings = new
        if new.theme != old.theme:
            self.set_theme(new.theme)
        if new.models_dir != old.models_dir:
            self.paths = self.paths.with_models_dir(new.models_dir or None)
            self.model_manager.set_models_dir(self.paths)
            self._refill_models()

    def open_summary(self, summary_id: int) -> None:
        cid = self.controller.conversation_id
        summary = self.controller.store.latest_summary(cid) if cid else None
        if summary is None or summary.id != summary_id:
            return
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Summary of earlier messages"))
        layout = QVBoxLayout(dialog)
        editor = QPlainTextEdit(summary.content)
        editor.setAccessibleName(self.tr("Summary text"))
        layout.addWidget(editor)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        layout.addWidget(buttons)
        self.summary_editor = editor
        if dialog.exec() and editor.toPlainText().strip() != summary.content.strip():
            self.controller.edit_summary(summary.id, editor.toPlainText().strip())

    def copy_last_reply(self) -> None:
        cid = self.controller.conversation_id
        if cid is None:
            return
        replies = [m for m in self.controller.store.branch(cid) if m.role == "assistant"]
        if replies:
            QApplication.clipboard().setText(replies[-1].content)

    def _count_draft(self) -> None:
        text = self.composer.toPlainText()
        if not text.strip():
            self.token_label.setText("")
            return
        self._draft_request = self.controller.count_draft(text)

    @Slot(int, int)
    def _on_draft_counted(self, request_id: int, tokens: int) -> None:
        if request_id == self._draft_request:
            self.token_label.setText(self.tr("%1 tokens").replace("%1", str(tokens)))

    # --- feedback -----------------------------------------------------------------------

    def _show_notice(self, text: str) -> None:
        self.notice_label.setText("ⓘ " + text)
        self.notice_label.setVisible(True)

    def _show_error(self, text: str) -> None:
        self.notice_label.setText("⚠ " + text)
        self.notice_label.setVisible(True)
        self.statusBar().showMessage(text, 8000)

    def _update_actions(self) -> None:
        c = self.controller
        loaded = c.model_info is not None
        self.send_button.setVisible(loaded or c.last_load is not None)
        self.cta_button.setVisible(not loaded and c.last_load is None)
        self.send_button.setEnabled(not c.busy and not c.loading)
        self.stop_button.setEnabled(c.busy)
        self.load_button.setEnabled(not c.loading and not c.busy)
        self.cta_button.setEnabled(not c.loading)
        self.settings_button.setEnabled(not c.busy)

    def set_theme(self, theme: str) -> None:
        self.theme = theme
        self.app_settings = replace(self.app_settings, theme=theme)
        self.controller.settings = self.app_settings
        try:
            save_settings(self.paths.config_dir, self.app_settings)
        except (OSError, ValueError) as exc:
            self._show_error(str(exc))
        app = QApplication.instance()
        if isinstance(app, QApplication):
            self.dark = apply_theme(app, theme)
        self.transcript.set_theme(self.dark)
        self.theme_actions[theme].setChecked(True)

    # --- closing ------------------------------------------------------------------------

    def shutdown_runtime(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._finish_delete()
        self.controller.shutdown()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown_runtime()
        super().closeEvent(event)
