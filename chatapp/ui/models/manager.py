"""The model manager pane: the Installed, Discover and Downloads tabs, composed and wired.

Each tab is its own module (``installed``, ``discover``, ``downloads_view``); this pane only puts
them together and passes results between them. Every network call and file operation runs in
the background; no request is made until the user searches or picks a repository.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QMessageBox, QTabWidget, QVBoxLayout, QWidget

from chatapp.core.models import hub
from chatapp.core.models.downloads import DownloadJob
from chatapp.core.models.library import LocalModel
from chatapp.ui.models.discover import DiscoverTab
from chatapp.ui.models.downloads_view import DownloadRow, DownloadsTab
from chatapp.ui.models.installed import DEMO_KEY, InstalledTab
from chatapp.ui.services import Services

INSTALLED_TAB, DISCOVER_TAB, DOWNLOADS_TAB = 0, 1, 2
__all__ = ["DEMO_KEY", "ModelManagerPane"]


class ModelManagerPane(QWidget):
    load_requested = Signal(str)
    import_requested = Signal()
    library_changed = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.library = services.library
        self.downloads = services.downloads
        self.installed = InstalledTab(services)
        self.discover = DiscoverTab(services)
        self.downloads_view = DownloadsTab(services)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Model manager"))
        self.tabs.addTab(self.installed, self.tr("Installed"))
        self.tabs.addTab(self.discover, self.tr("Discover"))
        self.tabs.addTab(self.downloads_view, self.tr("Downloads"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        # The widgets tests and the window reach for, by their old names.
        self.installed_table = self.installed.table
        self.load_model_button = self.installed.load_button
        self.delete_model_button = self.installed.delete_button
        self.reveal_button = self.installed.reveal_button
        self.import_button = self.installed.import_button
        self.search_box = self.discover.search_box
        self.sort_combo = self.discover.sort_combo
        self.search_button = self.discover.search_button
        self.repo_list = self.discover.repo_list
        self.ctx_spin = self.discover.ctx_spin
        self.files_table = self.discover.files_table
        self.token_box = self.discover.token_box
        self.download_button = self.discover.download_button
        self.status = self.discover.status
        self.installed.load_requested.connect(self.load_requested)
        self.installed.import_requested.connect(self.import_requested)
        self.installed.library_changed.connect(self.library_changed)
        self.discover.download_requested.connect(self._on_download_requested)
        self.downloads_view.installed.connect(self.refresh_installed)
        self.downloads_view.token_source = self.discover.token
        self.refresh_installed()

    @property
    def models(self) -> list[LocalModel]:
        return self.installed.models

    @property
    def job_rows(self) -> dict[str, DownloadRow]:
        return self.downloads_view.rows

    def refresh_installed(self) -> None:
        self.installed.refresh()

    def import_path(self, path: Path, copy: bool = True) -> None:
        self.installed.import_path(path, copy)

    def search(self) -> None:
        self.discover.search()

    def open_repository(self, repo_id: str, select_file: str | None = None) -> None:
        self.tabs.setCurrentIndex(DISCOVER_TAB)
        self.discover.open_repository(repo_id, select_file)

    def _on_repo_chosen(self, item: object) -> None:
        self.discover._on_repo_chosen(item)  # type: ignore[arg-type]

    def _on_download(self) -> None:
        self.discover._on_download()

    @Slot(object)
    def _on_download_requested(self, model: hub.RemoteModel) -> None:
        self.downloads_view.download(DownloadJob.for_model(model), self.discover.token())
        self.tabs.setCurrentIndex(DOWNLOADS_TAB)

    def confirm_quit(self) -> bool:
        """Ask before quitting while downloads run; on Yes, stop them so they resume at the
        next start. True when the app may quit."""
        running = self.downloads_view.active_count()
        if not running:
            return True
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Quit while downloading?"))
        box.setText(
            self.tr(
                "A download is running. Quit anyway? It continues where it stopped at the next "
                "start."
            )
            if running == 1
            else self.tr(
                "%1 downloads are running. Quit anyway? They continue where they stopped at the "
                "next start."
            ).replace("%1", str(running))
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.exec()
        if box.clickedButton() is not box.button(QMessageBox.StandardButton.Yes):
            return False
        self.downloads_view.stop_all("quit")
        return True
