"""The Preferences… and Copy diagnostics actions: the preferences dialog's result applied to the
services (theme, serving, models folder) and the MCP servers dialog it opens."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from chatapp.core import diagnostics
from chatapp.core.settings import save_settings
from chatapp.ui.app.model_bar import ModelBar
from chatapp.ui.app.preferences_dialog import PreferencesDialog
from chatapp.ui.app.settings_keeping import keep_settings
from chatapp.ui.chat.controller import ChatController
from chatapp.ui.models.manager import ModelManagerPane
from chatapp.ui.remote.serving import ServeSwitch
from chatapp.ui.services import Services
from chatapp.ui.tools.mcp_dialog import McpServersDialog


class PreferenceActions(QObject):
    def __init__(
        self,
        services: Services,
        controller: ChatController,
        window: QMainWindow,
        serve_switch: ServeSwitch,
        parts: tuple[ModelManagerPane, ModelBar],
        set_theme: Callable[[str], None],
        show_error: Callable[[str], None],
    ) -> None:
        super().__init__(window)
        self.services = services
        self.controller = controller
        self.window = window
        self.serve_switch = serve_switch
        self.manager, self.model_bar = parts
        self.set_theme = set_theme
        self.show_error = show_error

    def open_preferences(self) -> None:
        model = self.controller.model
        gpu = bool(model.details.get("gpu_offload", False)) if model else False
        paths = self.services.paths
        old = self.services.settings
        drafts = [(str(m.path), m.name) for m in self.services.library.scan() if m.info]
        dialog = PreferencesDialog(old, str(paths.data_dir), gpu, self.window, drafts)
        dialog.mcp_button.clicked.connect(lambda: self.open_mcp_servers(dialog))
        if not dialog.exec() or dialog.result_settings is None:
            return
        new = dialog.result_settings
        try:
            save_settings(paths.config_dir, new)
        except OSError as exc:
            self.show_error(self.tr("Could not save the settings: %1").replace("%1", str(exc)))
            return
        keep_settings(self.services, self.controller, new, save=False)
        if new.theme != old.theme:
            self.set_theme(new.theme)
        self.serve_switch.apply(new)
        if new.models_dir != old.models_dir:
            paths = paths.with_models_dir(new.models_dir or None)
            self.services.paths = paths
            self.services.library.set_models_dir(paths.models_dir)
            self.services.downloads.set_models_dir(paths.models_dir)
            self.manager.refresh_installed()
            self.model_bar.fill()

    def open_mcp_servers(self, parent: QWidget | None = None) -> None:
        McpServersDialog(self.controller.tools, self.services.ops, parent or self.window).exec()

    def copy_diagnostics(self) -> str:
        from PySide6.QtCore import qVersion

        model = self.controller.model
        text = diagnostics.report(
            qVersion(),
            model.details if model is not None else None,
            self.services.paths.log_dir / diagnostics.LOG_FILE,
        )
        QApplication.clipboard().setText(text)
        self.window.statusBar().showMessage(self.tr("Diagnostics copied to the clipboard."), 5000)
        return text
