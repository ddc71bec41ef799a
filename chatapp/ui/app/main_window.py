"""The main window: the pages, the menus and the window's own events.

The wiring of each feature lives next to it: ``ui/chat/chat_page.py`` (sidebar, transcript,
composer), ``ui/chat/transcript_actions.py`` (the transcript's buttons), ``ui/models/
model_actions.py`` (load, import, drop) and ``ui/app/preference_actions.py`` (preferences,
diagnostics). The window receives its services from the composition root.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import (
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
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from chatapp.core.models.demo_model import demo_available
from chatapp.core.paths import AppPaths
from chatapp.core.settings import AppSettings
from chatapp.ui.app.i18n import choose_language
from chatapp.ui.app.model_bar import ModelBar
from chatapp.ui.app.model_chip import ModelChip, ModelPicker
from chatapp.ui.app.preference_actions import PreferenceActions
from chatapp.ui.app.settings_keeping import keep_settings
from chatapp.ui.app.style import window_style
from chatapp.ui.app.theme import THEMES, apply_theme
from chatapp.ui.app.welcome import WelcomePage
from chatapp.ui.chat.chat_page import ChatPage
from chatapp.ui.chat.controller import ChatController, ModelState
from chatapp.ui.docs.window_part import DocumentsPart
from chatapp.ui.icons import icon
from chatapp.ui.models.manager import ModelManagerPane
from chatapp.ui.models.model_actions import ModelActions
from chatapp.ui.remote.serving import ServeSwitch
from chatapp.ui.services import Services

CHAT_PAGE, MODELS_PAGE, WELCOME_PAGE = 0, 1, 2


class MainWindow(QMainWindow):
    def __init__(self, services: Services, initial_model: Path | None = None) -> None:
        super().__init__()
        self.services = services
        self.setWindowTitle(self.tr("Kotoba"))
        self.resize(1100, 720)
        self.theme = self.app_settings.theme
        app = QApplication.instance()
        self.dark = apply_theme(app, self.theme) if isinstance(app, QApplication) else False
        self.controller = ChatController(services, self)
        self._closed = False
        self._build()
        self.serve_switch = ServeSwitch(services, self)
        self.serve_switch.status.connect(self.chat.show_status_message_long)
        self.serve_switch.error.connect(self.chat.show_error)
        self.serve_switch.apply(self.app_settings)
        parts = (self.model_manager, self.model_bar)
        self.preferences = PreferenceActions(
            services, self.controller, self, self.serve_switch, parts, self.set_theme,
            self.chat.show_error,
        )  # fmt: skip
        self._build_menus()
        self._connect()
        self.model_bar.fill(initial_model)
        self.chat.refresh_list()
        conversations = self.controller.store.list_conversations()
        if conversations:
            self.controller.open_conversation(conversations[0].id)
        starting = self.model_actions.load_at_start(initial_model)
        if not conversations and not starting and not self.model_manager.models:
            self.pages.setCurrentIndex(WELCOME_PAGE)  # the first run: nothing to chat with yet
        self._update_actions()

    @property
    def paths(self) -> AppPaths:
        return self.services.paths

    @property
    def app_settings(self) -> AppSettings:
        return self.services.settings

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

        self.chat = c = ChatPage(
            self.services, self.controller, self.documents, self, self.dark, self.leave_welcome
        )
        # The chat page's parts, by the names the tests and screenshots use.
        self.sidebar, self.transcript, self.notice_label = c.sidebar, c.transcript, c.notice_label
        self.meter, self.composer, self.images = c.meter, c.composer, c.images
        box, panel = c.composer_box, c.status_panel
        self.send_button, self.stop_button = box.send_button, box.stop_button
        self.cta_button, self.token_label = box.cta_button, box.token_label
        self.model_label, self.figures_label = panel.model_label, panel.figures_label
        self.status_panel, self.undo_button = panel, panel.undo_button
        self.model_manager = ModelManagerPane(self.services)
        self.pages = QStackedWidget()
        self.pages.addWidget(c.widget)
        self.pages.addWidget(self.model_manager)
        self.welcome = WelcomePage(demo_available(), choose_language(self.app_settings.language))
        self.pages.addWidget(self.welcome)
        self.setCentralWidget(self.pages)
        self.setAcceptDrops(True)
        self.model_actions = ModelActions(
            self.services, self.controller, self.model_bar, self.model_manager, c, self,
            self.show_models,
        )  # fmt: skip
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
        chat, a, p = self.chat, self.chat.actions_, self.preferences
        file_menu = bar.addMenu(self.tr("&File"))
        self.new_action = action(file_menu, self.tr("New chat"), chat.new_chat, "Ctrl+N")
        action(file_menu, self.tr("Import conversation…"), a.ask_import)
        action(file_menu, self.tr("Export as Markdown…"), lambda: a.export("md"))
        action(file_menu, self.tr("Export as JSON…"), lambda: a.export("json"))
        file_menu.addSeparator()
        action(file_menu, self.tr("Quit"), self.close, "Ctrl+Q")
        conv_menu = bar.addMenu(self.tr("&Conversation"))
        action(conv_menu, self.tr("Rename…"), chat.rename_conversation, "F2")
        action(conv_menu, self.tr("Duplicate"), a.duplicate)
        action(conv_menu, self.tr("Delete"), a.delete)
        action(conv_menu, self.tr("Settings…"), chat.open_settings)
        conv_menu.addAction(self.documents.action)
        edit_menu = bar.addMenu(self.tr("&Edit"))
        copy_last = chat.transcript_actions.copy_last_reply
        action(edit_menu, self.tr("Copy last reply"), copy_last, "Ctrl+Shift+C")
        action(edit_menu, self.tr("Search chats"), chat.focus_search, "Ctrl+F")
        action(edit_menu, self.tr("Stop reply"), chat.stop_reply)
        edit_menu.addSeparator()
        action(edit_menu, self.tr("Preferences…"), p.open_preferences, "Ctrl+,")
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
        action(help_menu, self.tr("Copy diagnostics"), p.copy_diagnostics)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self._on_escape)
        QShortcut(QKeySequence("Ctrl+M"), self, self.toggle_models)

    def _connect(self) -> None:
        c = self.controller
        self.settings_button.clicked.connect(self.chat.open_settings)
        c.conversation_opened.connect(lambda _cid: self._update_actions())
        c.state_changed.connect(lambda _s: self._update_actions())
        self.services.ops.unhandled_error.connect(self.chat.show_error)
        self.models_button.toggled.connect(self.show_models)
        m = self.model_actions
        self.welcome.demo_chosen.connect(m.on_welcome_demo)
        self.welcome.recommended_chosen.connect(m.on_welcome_recommended)
        self.welcome.import_chosen.connect(m.ask_import)
        self.welcome.skipped.connect(lambda: self.pages.setCurrentIndex(CHAT_PAGE))

    # --- pages --------------------------------------------------------------------------

    def show_models(self, visible: bool) -> None:
        self.pages.setCurrentIndex(MODELS_PAGE if visible else CHAT_PAGE)
        if self.models_button.isChecked() != visible:
            self.models_button.setChecked(visible)

    def toggle_models(self) -> None:
        self.show_models(self.pages.currentIndex() != MODELS_PAGE)

    def leave_welcome(self) -> None:
        if self.pages.currentWidget() is self.welcome:
            self.pages.setCurrentIndex(CHAT_PAGE)

    def _on_escape(self) -> None:
        if self.pages.currentIndex() == MODELS_PAGE:
            self.show_models(False)
        else:
            self.chat.stop_reply()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.model_actions.accepts_drop(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        self.model_actions.drop(event.mimeData())
        event.acceptProposedAction()

    def _update_actions(self) -> None:
        """Every control follows the controller's one state."""
        c = self.controller
        language = choose_language(self.app_settings.language)
        model_name = self.model_bar.model_combo.currentText()
        self.transcript.empty_state.set_model(c.model, model_name, c.loading, language)
        state = c.state
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
        error = keep_settings(self.services, self.controller, theme=theme)
        if error:
            self.chat.show_error(error)
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
        self.chat.shutdown()
        self.serve_switch.shutdown()
        self.documents.close()
        self.controller.shutdown()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closed and not self.model_manager.confirm_quit():
            event.ignore()  # downloads are running and the user stays
            return
        self.shutdown_runtime()
        super().closeEvent(event)
