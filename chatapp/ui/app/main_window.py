"""The main window: layout and wiring of the sidebar, transcript, composer, model bar and panes.

Each job lives in its own module (the model bar and load flow, conversation actions, the status
panel, the summary dialog); the window receives its services from the composition root.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Slot
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
    QTextCursor,
)
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from chatapp.core import diagnostics
from chatapp.core.chat.planner import ContextPlan
from chatapp.core.engine import LoadedModel
from chatapp.core.models.demo_model import demo_available
from chatapp.core.settings import save_settings
from chatapp.core.tools.approval import ApprovalRequest
from chatapp.ui.app.i18n import choose_language
from chatapp.ui.app.model_bar import ModelBar
from chatapp.ui.app.model_chip import ModelChip, ModelPicker
from chatapp.ui.app.preferences_dialog import PreferencesDialog
from chatapp.ui.app.style import window_style
from chatapp.ui.app.theme import THEMES, apply_theme
from chatapp.ui.app.welcome import WelcomePage
from chatapp.ui.background import Report
from chatapp.ui.chat.attach_wiring import ImageAttach
from chatapp.ui.chat.attachments import image_files
from chatapp.ui.chat.composer_box import ComposerBox
from chatapp.ui.chat.context_meter import ContextMeter
from chatapp.ui.chat.controller import ChatController, ModelState
from chatapp.ui.chat.conversation_actions import ConversationActions
from chatapp.ui.chat.conversation_list import ConversationList
from chatapp.ui.chat.edit_dialog import EditDialog
from chatapp.ui.chat.settings_dialog import SettingsDialog
from chatapp.ui.chat.status_panel import StatusPanel
from chatapp.ui.chat.summary_dialog import SummaryDialog
from chatapp.ui.chat.transcript import BranchView, TranscriptView
from chatapp.ui.docs.window_part import DocumentsPart
from chatapp.ui.icons import icon
from chatapp.ui.models.manager import DEMO_KEY, ModelManagerPane
from chatapp.ui.remote.serving import ServeSwitch
from chatapp.ui.services import Services
from chatapp.ui.tools.approval_dialog import ApprovalDialog
from chatapp.ui.tools.mcp_dialog import McpServersDialog

DRAFT_COUNT_DELAY_MS = 300
CHAT_PAGE, MODELS_PAGE, WELCOME_PAGE = 0, 1, 2


class MainWindow(QMainWindow):
    def __init__(self, services: Services, initial_model: Path | None = None) -> None:
        super().__init__()
        self.services = services
        self.paths = services.paths
        self.app_settings = services.settings
        self.setWindowTitle(self.tr("Kotoba"))
        self.resize(1100, 720)
        self.theme = self.app_settings.theme
        app = QApplication.instance()
        self.dark = apply_theme(app, self.theme) if isinstance(app, QApplication) else False
        self.controller = ChatController(services, self)
        self.actions_ = ConversationActions(self.controller, self)
        self._draft_request = 0
        self._streaming_id = 0
        self._closed = False
        self.last_announcement = ""
        self.summary_editor: Any = None
        self.approval_dialog: ApprovalDialog | None = None  # the open tool-approval question
        self._rendered_plan: tuple[object, ...] = ((), (), None)
        self.render_count = 0  # whole-transcript renders (cheap turns re-render once per send)
        self._build()
        self._connect()
        self.serve_switch = ServeSwitch(services, self)
        self.serve_switch.status.connect(self._show_status_message_long)
        self.serve_switch.error.connect(self._show_error)
        self.serve_switch.apply(self.app_settings)
        self.model_bar.fill(initial_model)
        self._refresh_list()
        conversations = self.controller.store.list_conversations()
        if conversations:
            self.controller.open_conversation(conversations[0].id)
        starting = self._load_at_start(initial_model)
        if not conversations and not starting and not self.model_manager.models:
            self.pages.setCurrentIndex(WELCOME_PAGE)  # the first run: nothing to chat with yet
        self._update_actions()

    # --- layout -------------------------------------------------------------------------

    def _build(self) -> None:
        toolbar = QToolBar(self.tr("Model"))
        toolbar.setObjectName("model-toolbar")
        toolbar.setMovable(False)
        self.addToolBar(toolbar)
        # The model bar's controls live in the picker the model chip opens.
        self.model_picker = ModelPicker(self)
        self.model_bar = ModelBar(self.services, self.controller, self.model_picker.shelf, self)
        self.model_chip = ModelChip(self.controller, self.model_picker)
        toolbar.addWidget(self.model_chip)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        self.model_combo = self.model_bar.model_combo
        self.format_combo = self.model_bar.format_combo
        self.load_button = self.model_bar.load_button
        self.load_progress = self.model_bar.load_progress
        self.settings_button = QPushButton(icon("sliders-horizontal"), self.tr("Settings…"))
        self.settings_button.setAccessibleName(self.tr("Conversation settings"))
        self.settings_button.setFlat(True)
        toolbar.addWidget(self.settings_button)
        self.models_button = QPushButton(icon("boxes"), self.tr("Models…"))
        self.models_button.setFlat(True)
        self.models_button.setAccessibleName(self.tr("Open the model manager"))
        self.models_button.setToolTip(self.tr("Find, download and manage models (Ctrl+M)"))
        self.models_button.setCheckable(True)
        toolbar.addWidget(self.models_button)
        self.documents = DocumentsPart(self.services, self.controller, self)
        toolbar.addWidget(self.documents.button)

        self.sidebar = ConversationList()
        self.transcript = TranscriptView(self.dark)
        center = QWidget()
        center.setObjectName("chatArea")
        center_layout = QVBoxLayout(center)
        center_layout.setContentsMargins(0, 0, 0, 0)
        center_layout.addWidget(self.transcript, 1)
        self.notice_label = QLabel()
        self.notice_label.setWordWrap(True)
        self.notice_label.setAccessibleName(self.tr("Notice"))
        self.notice_label.setVisible(False)
        center_layout.addWidget(self.notice_label)
        self.meter = ContextMeter()
        self.composer_box = ComposerBox(self.meter)
        self.composer_box.set_column_width(self.transcript.delegate.column_width(1 << 20))
        self.composer = self.composer_box.composer
        self.images = ImageAttach(
            self.services, self.controller, self.composer_box, self.transcript, self
        )
        self.send_button = self.composer_box.send_button
        self.stop_button = self.composer_box.stop_button
        self.cta_button = self.composer_box.cta_button
        self.token_label = self.composer_box.token_label
        center_layout.addWidget(self.composer_box)
        splitter = QSplitter()
        splitter.addWidget(self.sidebar)
        splitter.addWidget(center)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 840])
        self.model_manager = ModelManagerPane(self.services)
        self.pages = QStackedWidget()
        self.pages.addWidget(splitter)
        self.pages.addWidget(self.model_manager)
        self.welcome = WelcomePage(demo_available(), choose_language(self.app_settings.language))
        self.pages.addWidget(self.welcome)
        self.setCentralWidget(self.pages)
        self.setAcceptDrops(True)

        self.status_panel = StatusPanel(self.statusBar(), self.meter)
        self.model_label = self.status_panel.model_label
        self.figures_label = self.status_panel.figures_label
        self.undo_button = self.status_panel.undo_button
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_COUNT_DELAY_MS)
        self._build_menus()
        self.setStyleSheet(window_style(self.dark))

    def _build_menus(self) -> None:
        def action(menu: Any, text: str, slot: Any, shortcut: str | None = None) -> QAction:
            act = QAction(text, self)
            if shortcut:
                act.setShortcut(QKeySequence(shortcut))
            act.triggered.connect(slot)
            menu.addAction(act)
            return act

        bar = self.menuBar()
        a = self.actions_
        file_menu = bar.addMenu(self.tr("&File"))
        self.new_action = action(file_menu, self.tr("New chat"), self.new_chat, "Ctrl+N")
        action(file_menu, self.tr("Import conversation…"), a.ask_import)
        action(file_menu, self.tr("Export as Markdown…"), lambda: a.export("md"))
        action(file_menu, self.tr("Export as JSON…"), lambda: a.export("json"))
        file_menu.addSeparator()
        action(file_menu, self.tr("Quit"), self.close, "Ctrl+Q")
        conv_menu = bar.addMenu(self.tr("&Conversation"))
        action(conv_menu, self.tr("Rename…"), self.rename_conversation, "F2")
        action(conv_menu, self.tr("Duplicate"), a.duplicate)
        action(conv_menu, self.tr("Delete"), a.delete)
        action(conv_menu, self.tr("Settings…"), self.open_settings)
        conv_menu.addAction(self.documents.action)
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
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self._on_escape)
        QShortcut(QKeySequence("Ctrl+M"), self, self.toggle_models)

    def _connect(self) -> None:
        c = self.controller
        a = self.actions_
        self.cta_button.clicked.connect(self.model_bar.load_chosen)
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
        self.sidebar.rename_requested.connect(lambda cid: self._on_sidebar_action("rename", cid))
        self.sidebar.delete_requested.connect(lambda cid: self._on_sidebar_action("delete", cid))
        self.sidebar.pin_requested.connect(self._on_pin_requested)
        self.transcript.action.connect(self._on_transcript_action)
        self.transcript.empty_state.prompt_chosen.connect(self._on_example_prompt)
        self.transcript.empty_state.model_requested.connect(self._on_model_requested)
        self.undo_button.clicked.connect(a.undo_delete)
        a.error.connect(self._show_error)
        a.message.connect(self._show_status_message)
        a.list_changed.connect(self._refresh_list)
        a.undo_available.connect(self.undo_button.setVisible)
        c.conversations_changed.connect(self._refresh_list)
        c.conversation_opened.connect(self._on_conversation_opened)
        c.transcript_changed.connect(self.render_transcript)
        c.message_added.connect(self._on_message_added)
        c.reply_started.connect(self._on_reply_started)
        c.reply_text.connect(self.transcript.append_stream)
        c.reply_text.connect(self.meter.add_reply_text)
        c.reply_finished.connect(self._on_reply_finished)
        c.tool_step.connect(self._on_tool_step)
        c.approvals.requested.connect(self._on_approval)
        c.plan_ready.connect(self._on_plan)
        c.notice.connect(self._show_notice)
        c.error.connect(self._show_error)
        c.state_changed.connect(lambda _s: self._update_actions())
        c.model_loaded.connect(self._on_model_loaded)
        c.model_needed.connect(self._on_model_needed)
        c.summarizing.connect(self._on_summarizing)
        c.summary_preparing.connect(
            lambda n: self.statusBar().showMessage(
                self.tr("Summarizing %1 earlier messages in the background…").replace("%1", str(n))
            )
        )
        c.summary_prepared.connect(
            lambda n: self.statusBar().showMessage(
                self.tr("%1 earlier messages summarized.").replace("%1", str(n)), 5000
            )
        )
        c.model_failed.connect(self._on_model_failed)
        c.draft_counted.connect(self._on_draft_counted)
        self.services.ops.unhandled_error.connect(self._show_error)
        self.model_bar.error.connect(self._show_error)
        self.model_bar.status.connect(self.status_panel.set_text)
        self.models_button.toggled.connect(self.show_models)
        self.model_manager.load_requested.connect(self._on_manager_load)
        self.model_manager.library_changed.connect(self.model_bar.fill)
        self.model_manager.import_requested.connect(self._on_import_model_clicked)
        self.welcome.demo_chosen.connect(self._on_welcome_demo)
        self.welcome.recommended_chosen.connect(self._on_welcome_recommended)
        self.welcome.import_chosen.connect(self._on_import_model_clicked)
        self.welcome.skipped.connect(lambda: self.pages.setCurrentIndex(CHAT_PAGE))

    # --- pages and models ---------------------------------------------------------------

    def _load_at_start(self, initial: Path | None) -> bool:
        """Load ``--model``, else the model used last (in the background); True if loading."""
        s = self.app_settings
        if initial is not None:
            path, chat_format = initial, None
        elif s.load_last_model and s.last_model and Path(s.last_model).is_file():
            path, chat_format = Path(s.last_model), s.last_chat_format or None
        else:
            return False
        self.model_bar.select(str(path))
        self.controller.load_model(str(path), chat_format=chat_format)
        return True

    def _remember_model(self, model: LoadedModel) -> None:
        spec = self.controller.last_load
        if model.engine != "local" or spec is None:
            return
        chat_format = spec.chat_format or ""
        s = self.app_settings
        if (s.last_model, s.last_chat_format) == (model.source, chat_format):
            return
        self.app_settings = replace(s, last_model=model.source, last_chat_format=chat_format)
        self.services.settings = self.app_settings
        self.controller.settings = self.app_settings
        try:
            save_settings(self.paths.config_dir, self.app_settings)
        except (OSError, ValueError) as exc:
            self._show_error(str(exc))

    @Slot()
    def _on_welcome_demo(self) -> None:
        self.model_bar.select_demo()
        self.pages.setCurrentIndex(CHAT_PAGE)
        self.model_bar.load_chosen()

    @Slot(object)
    def _on_welcome_recommended(self, rec: Any) -> None:
        """Open the manager on the repository: the first request happens now, by choice."""
        self.show_models(True)
        self.model_manager.open_repository(rec.repo, rec.file)

    def show_models(self, visible: bool) -> None:
        self.pages.setCurrentIndex(MODELS_PAGE if visible else CHAT_PAGE)
        if self.models_button.isChecked() != visible:
            self.models_button.setChecked(visible)

    def toggle_models(self) -> None:
        self.show_models(self.pages.currentIndex() != MODELS_PAGE)

    def _on_escape(self) -> None:
        if self.pages.currentIndex() == MODELS_PAGE:
            self.show_models(False)
        else:
            self.stop_reply()

    @Slot(str)
    def _on_manager_load(self, path: str) -> None:
        if path == DEMO_KEY:
            self._on_welcome_demo()  # sets the demo up, then loads it
        else:
            self.model_bar.select(path)
            self.controller.load_model(path)
        self.show_models(False)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if image_files(event.mimeData()) or event.mimeData().hasImage():
            event.acceptProposedAction()  # images for the message being written
        elif urls and all(
            u.isLocalFile() and u.toLocalFile().lower().endswith(".gguf") for u in urls
        ):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        if self.images.take(event.mimeData()):
            event.acceptProposedAction()
            return
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
        if box.clickedButton() not in (copy, in_place):
            return
        library = self.services.library
        as_copy = box.clickedButton() is copy

        def op(_report: Report) -> Path:
            return library.import_file(path, as_copy)

        def done(installed: Path) -> None:
            # Chosen to chat with: load it and go back to the chat.
            self.model_manager.refresh_installed()
            self.model_bar.fill()
            self.model_bar.select(str(installed))
            self.show_models(False)
            self.leave_welcome()
            self.controller.load_model(str(installed), chat_format=self.model_bar.chosen_format())

        def failed(exc: BaseException) -> None:
            self._show_error(
                self.tr("Could not import %1: %2").replace("%1", path.name).replace("%2", str(exc))
            )

        self.services.ops.run(op, on_success=done, on_failure=failed, name="import-model")

    @Slot(str)
    def _on_model_failed(self, _message: str) -> None:
        model = self.controller.model
        if model is not None:  # the file was refused before the working model was unloaded
            self.status_panel.show_model(model)
            self._show_notice(self.tr("Still chatting with %1.").replace("%1", model.name))
            self.notice_label.setText(
                f"⚠ {self.controller.load_error} " + self.notice_label.text()[2:]
            )

    @Slot(int)
    def _on_summarizing(self, n: int) -> None:
        """The reply waits for a summary: say so at once (Stop works meanwhile)."""
        self._show_notice(
            self.tr("Summarizing %1 earlier messages before the reply… (Esc stops)").replace(
                "%1", str(n)
            )
        )

    @Slot()
    def _on_model_needed(self) -> None:
        """Something was written with no model to answer: nothing is saved; offer one."""
        self._show_error(self.tr("Load a model to get a reply. Your message is still here."))
        self.cta_button.setFocus()

    @Slot(object)
    def _on_model_loaded(self, model: LoadedModel) -> None:
        self.notice_label.setVisible(False)  # an earlier load error no longer applies
        self.status_panel.show_model(model)
        self._remember_model(model)
        self.leave_welcome()
        self._count_draft()

    # --- conversations ------------------------------------------------------------------

    def leave_welcome(self) -> None:
        if self.pages.currentWidget() is self.welcome:
            self.pages.setCurrentIndex(CHAT_PAGE)

    def _refresh_list(self) -> None:
        pending = self.actions_.pending_delete
        conversations = [c for c in self.controller.store.list_conversations() if c.id != pending]
        if conversations:
            self.leave_welcome()
        self.sidebar.set_conversations(conversations, self.controller.conversation_id)

    @Slot(int)
    def _on_conversation_opened(self, conversation_id: int) -> None:
        self.meter.set_plan(None)
        self.notice_label.setVisible(False)
        self._refresh_list()
        self.render_transcript()
        self._update_actions()

    @Slot(int)
    def _on_message_added(self, message_id: int) -> None:
        """A message sent: appended to what is shown (the branch is read again only when it
        does not follow the last message shown)."""
        message = self.controller.store.message(message_id)
        if self.transcript.append_message(message):
            self._show_title(message.conversation_id)  # the first user message names the chat
        else:
            self.render_transcript()

    def render_transcript(self) -> None:
        self.render_count += 1
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
            replying=self.controller.busy,
        )
        self.transcript.show_branch(view)
        self._rendered_plan = self._plan_marks(self.controller.last_plan)
        self._show_title(cid)

    def _show_title(self, conversation_id: int) -> None:
        conv = self.controller.store.conversation(conversation_id)
        untitled = self.tr("New chat")  # not in the f-string: lupdate misses a tr() in one
        self.setWindowTitle(f"{conv.title or untitled} — Kotoba")

    def _on_sidebar_action(self, verb: str, conversation_id: int) -> None:
        """Rename or delete from the sidebar: that conversation opens first."""
        if self.controller.busy:
            return
        if conversation_id != self.controller.conversation_id:
            self.controller.open_conversation(conversation_id)
        if verb == "rename":
            self.rename_conversation()
        else:
            self.delete_conversation()

    @Slot(int, bool)
    def _on_pin_requested(self, conversation_id: int, pinned: bool) -> None:
        self.controller.store.set_pinned(conversation_id, pinned)
        self._refresh_list()

    def new_chat(self) -> None:
        if not self.controller.busy:
            self.controller.new_conversation()
            self.composer.setFocus()

    def rename_conversation(self) -> None:
        if self.actions_.rename():
            self.render_transcript()

    def duplicate_conversation(self) -> None:
        self.actions_.duplicate()

    def delete_conversation(self) -> None:
        self.actions_.delete()

    def undo_delete(self) -> None:
        self.actions_.undo_delete()

    def export_conversation(self, kind: str) -> None:
        self.actions_.export(kind)

    def import_conversation(self) -> None:
        self.actions_.ask_import()

    def import_path(self, path: Path) -> int | None:
        return self.actions_.import_path(path)

    @property
    def _undo_timer(self) -> QTimer:
        return self.actions_._undo_timer

    def open_settings(self) -> None:
        cid = self.controller.conversation_id
        if cid is None:
            cid = self.controller.new_conversation()
        settings = self.controller.store.conversation(cid).settings
        model = self.controller.model
        max_context = model.context_length if model and model.context_length else 1 << 17
        dialog = SettingsDialog(settings, max_context, self, self.controller.tools.registry.tools())
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
        images = self.images.images_for_send()
        if images is not None and self.controller.send(text, images):
            self.images.sent()
            self.composer.clear()
            self.token_label.setText("")

    def stop_reply(self) -> None:
        self.controller.stop()
        if self.approval_dialog is not None and self.approval_dialog.isVisible():
            self.approval_dialog.reject()

    @Slot(int)
    def _on_reply_started(self, message_id: int) -> None:
        self._streaming_id = message_id
        self.meter.reset_reply()
        self.transcript.begin_stream(self.controller.store.message(message_id))

    @Slot(int)
    def _on_tool_step(self, _message_id: int) -> None:
        """A tool call or result was stored mid-turn: show it; the next step streams anew."""
        self._streaming_id = 0
        self.transcript.end_stream()
        self.render_transcript()

    @Slot(object)
    def _on_approval(self, request: ApprovalRequest) -> None:
        dialog = ApprovalDialog(request, self)
        self.approval_dialog = dialog
        dialog.finished.connect(
            lambda _r: self.controller.approvals.answer(dialog.decision, request)
        )
        dialog.open()

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
            self.status_panel.show_figures(result.result.stats)
            self.announce(self.tr("Reply finished"))

    def announce(self, text: str) -> None:
        """Tell assistive technology (screen readers) without moving the focus."""
        self.last_announcement = text
        event = QAccessibleAnnouncementEvent(self.transcript, text)
        QAccessible.updateAccessibility(event)

    @staticmethod
    def _plan_marks(plan: ContextPlan | None) -> tuple[object, ...]:
        """What of a plan the transcript shows: which messages are outside, and the summary."""
        if plan is None:
            return ((), (), None)
        summary = plan.summary.id if plan.summary else None
        return (tuple(plan.outside_ids), tuple(plan.summarized_ids), summary)

    @Slot(object)
    def _on_plan(self, plan: ContextPlan) -> None:
        self.meter.set_plan(plan)
        # A plan that changes no marks needs no new render (one render per send).
        if not self._streaming_id and self._plan_marks(plan) != self._rendered_plan:
            self.render_transcript()

    @Slot(str, int, int)
    def _on_transcript_action(self, verb: str, message_id: int, _extra: int) -> None:
        c = self.controller
        store = c.store
        if verb == "regenerate":
            c.regenerate(message_id)
        elif verb == "source":
            self.documents.open_source(message_id, _extra)
        elif verb == "continue":
            c.continue_reply(message_id)
        elif verb == "edit":
            old = store.message(message_id).content
            dialog = EditDialog(old, self)
            self.edit_dialog = dialog
            if dialog.exec() and dialog.text().strip() and dialog.text() != old:
                c.edit_and_resend(message_id, dialog.text())
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

        model = self.controller.model
        text = diagnostics.report(
            qVersion(),
            model.details if model is not None else None,
            self.paths.log_dir / diagnostics.LOG_FILE,
        )
        QApplication.clipboard().setText(text)
        self.statusBar().showMessage(self.tr("Diagnostics copied to the clipboard."), 5000)
        return text

    def open_preferences(self) -> None:
        model = self.controller.model
        gpu = bool(model.details.get("gpu_offload", False)) if model else False
        dialog = PreferencesDialog(self.app_settings, str(self.paths.data_dir), gpu, self)
        dialog.mcp_button.clicked.connect(lambda: self.open_mcp_servers(dialog))
        if not dialog.exec() or dialog.result_settings is None:
            return
        new = dialog.result_settings
        try:
            save_settings(self.paths.config_dir, new)
        except OSError as exc:
            self._show_error(self.tr("Could not save the settings: %1").replace("%1", str(exc)))
            return
        old, self.app_settings = self.app_settings, new
        self.services.settings = new
        self.controller.settings = new
        if new.theme != old.theme:
            self.set_theme(new.theme)
        self.serve_switch.apply(new)
        if new.models_dir != old.models_dir:
            self.paths = self.paths.with_models_dir(new.models_dir or None)
            self.services.paths = self.paths
            self.services.library.set_models_dir(self.paths.models_dir)
            self.services.downloads.set_models_dir(self.paths.models_dir)
            self.model_manager.refresh_installed()
            self.model_bar.fill()

    def open_mcp_servers(self, parent: QWidget | None = None) -> None:
        McpServersDialog(self.controller.tools, self.services.ops, parent or self).exec()

    def open_summary(self, summary_id: int) -> None:
        cid = self.controller.conversation_id
        summary = self.controller.store.latest_summary(cid) if cid else None
        if summary is None or summary.id != summary_id:
            return
        dialog = SummaryDialog(summary.content, self)
        self.summary_editor = dialog.editor
        if dialog.exec() and dialog.text() != summary.content.strip():
            self.controller.edit_summary(summary.id, dialog.text())

    def copy_last_reply(self) -> None:
        cid = self.controller.conversation_id
        if cid is None:
            return
        replies = [m for m in self.controller.store.branch(cid) if m.role == "assistant"]
        if replies:
            QApplication.clipboard().setText(replies[-1].content)

    def _count_draft(self) -> None:
        if self._closed:
            return
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

    def _show_status_message_long(self, text: str) -> None:
        self._show_status_message(text, 10_000)

    def _show_status_message(self, text: str, ms: int) -> None:
        if text:
            self.statusBar().showMessage(text, ms)
        else:
            self.statusBar().clearMessage()

    @Slot(str)
    def _on_example_prompt(self, text: str) -> None:
        self.composer.setPlainText(text)
        self.composer.moveCursor(QTextCursor.MoveOperation.End)
        self.composer.setFocus()

    @Slot()
    def _on_model_requested(self) -> None:
        if self.model_bar.model_combo.currentData():
            self.model_bar.load_chosen()
        else:
            self.show_models(True)

    def _update_empty_state(self) -> None:
        c = self.controller
        self.transcript.empty_state.set_model(
            c.model,
            self.model_bar.model_combo.currentText(),
            c.loading,
            choose_language(self.app_settings.language),
        )

    def _update_actions(self) -> None:
        """Every control follows the controller's one state."""
        self._update_empty_state()
        state = self.controller.state
        chatting = state in (ModelState.READY, ModelState.GENERATING, ModelState.LOADING)
        self.send_button.setVisible(chatting)
        self.cta_button.setVisible(not chatting)
        self.send_button.setEnabled(state == ModelState.READY)
        self.stop_button.setEnabled(state == ModelState.GENERATING)
        self.load_button.setEnabled(state not in (ModelState.LOADING, ModelState.GENERATING))
        self.cta_button.setEnabled(True)
        self.settings_button.setEnabled(state != ModelState.GENERATING)

    def set_theme(self, theme: str) -> None:
        self.theme = theme
        self.app_settings = replace(self.app_settings, theme=theme)
        self.services.settings = self.app_settings
        self.controller.settings = self.app_settings
        try:
            save_settings(self.paths.config_dir, self.app_settings)
        except (OSError, ValueError) as exc:
            self._show_error(str(exc))
        app = QApplication.instance()
        if isinstance(app, QApplication):
            self.dark = apply_theme(app, theme)
            self.setStyleSheet(window_style(self.dark))
        self.transcript.set_theme(self.dark)
        self.theme_actions[theme].setChecked(True)

    def bring_forward(self) -> None:
        """Another start on this data folder asked for the window."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()
        self.statusBar().showMessage(self.tr("Kotoba is already running: here it is."), 5000)

    # --- closing ------------------------------------------------------------------------

    def shutdown_runtime(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._draft_timer.stop()  # a count due after closing would start a runtime again
        self.serve_switch.shutdown()
        self.actions_.finish_delete()
        self.documents.close()
        self.controller.shutdown()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closed and not self.model_manager.confirm_quit():
            event.ignore()  # downloads are running and the user stays
            return
        self.shutdown_runtime()
        super().closeEvent(event)
