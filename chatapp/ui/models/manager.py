"""The model manager pane: installed models, discovery on the Hub, and the download queue.

Every network call and file operation runs on a worker thread; results come back through the
GUI dispatcher. No request is made until the user opens Discover and searches or picks a
repository.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from chatapp.core.models import hub
from chatapp.core.models.downloads import DownloadError, DownloadJob, Progress, Stopped
from chatapp.core.models.library import LocalModel
from chatapp.core.models.memory import format_bytes
from chatapp.core.models.model_info import format_params
from chatapp.core.models.recommended import load_recommended
from chatapp.ui.background import Operations
from chatapp.ui.services import Services

FIT_WORDS = {"fits": "fits", "tight": "tight", "too_big": "will not fit", "unknown": "?"}


class Worker(QObject):
    """Run ``work`` through the background operations; ``done`` or ``failed`` (a message)."""

    def __init__(self, ops: Operations) -> None:
        super().__init__()
        self.ops = ops

    def run(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[str], None],
    ) -> None:
        self.ops.run(
            lambda _report: work(),
            on_success=done,
            on_failure=lambda exc: failed(str(exc) or type(exc).__name__),
            name="model-manager",
        )


class ModelManagerPane(QWidget):
    load_requested = Signal(str)
    import_requested = Signal()
    library_changed = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.dispatcher = services.dispatcher
        self.worker = Worker(services.ops)
        self.library = services.library
        self.downloads = services.downloads
        self.models: list[LocalModel] = []
        self.remote: list[hub.RemoteModel] = []
        self.fits: dict[str, hub.Fit] = {}
        self.repo_id = ""
        self.active: dict[str, threading.Event] = {}  # job id -> pause/cancel flag
        self.job_rows: dict[str, tuple[DownloadJob, QProgressBar, QLabel, QPushButton]] = {}
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Model manager"))
        self.tabs.addTab(self._installed_tab(), self.tr("Installed"))
        self.tabs.addTab(self._discover_tab(), self.tr("Discover"))
        self.tabs.addTab(self._downloads_tab(), self.tr("Downloads"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.refresh_installed()
        for job in self.downloads.jobs():
            self._add_job_row(job)

    # --- installed ----------------------------------------------------------------------

    def _installed_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.installed_table = QTableWidget(0, 8)
        self.installed_table.setAccessibleName(self.tr("Installed models"))
        self.installed_table.setHorizontalHeaderLabels([
            self.tr("Name"), self.tr("Architecture"), self.tr("Parameters"),
            self.tr("Quantization"), self.tr("Bits/weight"), self.tr("Size"),
            self.tr("Context"), self.tr("Chat template"),
        ])  # fmt: skip
        self.installed_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.installed_table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.installed_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        # Rows are chosen with the arrow keys; Tab goes on to the buttons (with cell-by-cell
        # Tab navigation the focus could never leave the table: a keyboard trap).
        self.installed_table.setTabKeyNavigation(False)
        layout.addWidget(self.installed_table)
        row = QHBoxLayout()
        self.load_model_button = QPushButton(self.tr("Load"))
        self.delete_model_button = QPushButton(self.tr("Delete…"))
        self.reveal_button = QPushButton(self.tr("Show in folder"))
        self.import_button = QPushButton(self.tr("Import .gguf…"))
        for b, name in [
            (self.load_model_button, self.tr("Load the selected model")),
            (self.delete_model_button, self.tr("Delete the selected model")),
            (self.reveal_button, self.tr("Show the selected model in the file manager")),
            (self.import_button, self.tr("Import a local model file")),
        ]:
            b.setAccessibleName(name)
            row.addWidget(b)
        layout.addLayout(row)
        self.load_model_button.clicked.connect(self._on_load)
        self.delete_model_button.clicked.connect(self._on_delete)
        self.reveal_button.clicked.connect(self._on_reveal)
        self.import_button.clicked.connect(self.import_requested)
        self.installed_table.itemDoubleClicked.connect(lambda _i: self._on_load())
        return tab

    def refresh_installed(self) -> None:
        self.models = self.library.scan()
        table = self.installed_table
        table.setRowCount(len(self.models))
        for r, m in enumerate(self.models):
            i = m.info
            cells = [m.name + (self.tr(" (in place)") if m.in_place else "")]
            if i is None:
                cells += [self.tr("unusable: %1").replace("%1", m.error or "")] + [""] * 6
            else:
                template = self.tr("from the file") if i.chat_format_source == "file" else (
                    f"{i.chat_format} ({self.tr('fallback')})"
                )  # fmt: skip
                cells += [i.architecture, i.size_label or format_params(i.n_params), i.quantization,
                          f"{i.bits_per_weight:.2f}", format_bytes(m.size),
                          str(i.context_length), template]  # fmt: skip
            for c, text in enumerate(cells):
                table.setItem(r, c, QTableWidgetItem(text))
        self.library_changed.emit()

    def selected_model(self) -> LocalModel | None:
        row = self.installed_table.currentRow()
        return self.models[row] if 0 <= row < len(self.models) else None

    @Slot()
    def _on_load(self) -> None:
        model = self.selected_model()
        if model is not None and model.info is not None:
            self.load_requested.emit(str(model.path))

    @Slot()
    def _on_delete(self) -> None:
        model = self.selected_model()
        if model is None:
            return
        what = self.tr("Forget %1? The file stays where it is.") if model.in_place else self.tr(
            "Delete %1 (%2) from the disk?"
        )  # fmt: skip
        text = what.replace("%1", model.name).replace("%2", format_bytes(model.size))
        if (
            QMessageBox.question(self, self.tr("Delete model"), text)
            == QMessageBox.StandardButton.Yes
        ):
            self.library.remove(model)
            self.refresh_installed()

    @Slot()
    def _on_reveal(self) -> None:
        model = self.selected_model()
        if model is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(model.path.parent)))

    def import_path(self, path: Path, copy: bool = True) -> None:
        def done(_result: object) -> None:
            self.refresh_installed()
            self.status.setText(self.tr("Imported %1").replace("%1", path.name))

        def failed(message: str) -> None:
            self.status.setText(
                self.tr("Could not import %1: %2").replace("%1", path.name).replace("%2", message)
            )

        self.worker.run(lambda: self.library.import_file(path, copy), done, failed)

    # --- discover -----------------------------------------------------------------------

    def _discover_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        row = QHBoxLayout()
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(self.tr("Search the Hugging Face Hub for GGUF models"))
        self.search_box.setAccessibleName(self.tr("Search the Hub"))
        self.sort_combo = QComboBox()
        self.sort_combo.setAccessibleName(self.tr("Sort by"))
        sorts = [("downloads", self.tr("Most downloaded")), ("likes", self.tr("Most liked")),
                 ("recent", self.tr("Recently updated"))]  # fmt: skip
        for key, label in sorts:
            self.sort_combo.addItem(label, key)
        self.search_button = QPushButton(self.tr("Search"))
        self.search_button.setAccessibleName(self.tr("Search the Hub"))
        row.addWidget(self.search_box, 1)
        row.addWidget(self.sort_combo)
        row.addWidget(self.search_button)
        layout.addLayout(row)
        self.repo_list = QListWidget()
        self.repo_list.setAccessibleName(self.tr("Repositories"))
        layout.addWidget(self.repo_list, 1)
        ctx_row = QHBoxLayout()
        self.ctx_spin = QSpinBox()
        self.ctx_spin.setRange(512, 131072)
        self.ctx_spin.setSingleStep(1024)
        self.ctx_spin.setValue(4096)
        self.ctx_spin.setAccessibleName(self.tr("Context length for the memory estimate"))
        ctx_row.addWidget(QLabel(self.tr("Memory estimate at a context of")))
        ctx_row.addWidget(self.ctx_spin)
        ctx_row.addStretch(1)
        layout.addLayout(ctx_row)
        self.files_table = QTableWidget(0, 4)
        self.files_table.setAccessibleName(self.tr("Files of the repository"))
        self.files_table.setHorizontalHeaderLabels(
            [self.tr("Model"), self.tr("Quantization"), self.tr("Size"), self.tr("Memory")]
        )
        self.files_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.files_table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.files_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.files_table.setTabKeyNavigation(False)  # as the installed table: no keyboard trap
        layout.addWidget(self.files_table, 1)
        row2 = QHBoxLayout()
        self.token_box = QLineEdit()
        self.token_box.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_box.setPlaceholderText(self.tr("Access token for gated models (optional)"))
        self.token_box.setAccessibleName(self.tr("Hugging Face access token"))
        self.download_button = QPushButton(self.tr("Download"))
        self.download_button.setAccessibleName(self.tr("Download the selected model"))
        row2.addWidget(self.token_box, 1)
        row2.addWidget(self.download_button)
        layout.addLayout(row2)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Model manager status"))
        layout.addWidget(self.status)
        self.search_button.clicked.connect(self.search)
        self.search_box.returnPressed.connect(self.search)
        self.repo_list.itemClicked.connect(self._on_repo_chosen)
        self.repo_list.itemActivated.connect(self._on_repo_chosen)
        self.ctx_spin.valueChanged.connect(lambda _v: self._show_files())
        self.download_button.clicked.connect(self._on_download)
        self.token_box.returnPressed.connect(self._on_token_entered)
        self._show_recommended()
        return tab

    def _show_recommended(self) -> None:
        self.repo_list.clear()
        header = QListWidgetItem(self.tr("Recommended (works offline; sizes approximate):"))
        header.setFlags(header.flags() & ~header.flags())
        self.repo_list.addItem(header)
        for rec in load_recommended():
            fit = FIT_WORDS[rec.fit()]
            item = QListWidgetItem(f"{rec.repo} — {rec.file}, {format_bytes(rec.size)}, "
                                   f"{rec.license}, {fit}\n{rec.summary}")  # fmt: skip
            item.setData(256, rec.repo)
            self.repo_list.addItem(item)

    def token(self) -> str | None:
        """The token typed here; None lets huggingface_hub use the one it has stored."""
        return self.token_box.text().strip() or None

    @Slot()
    def _on_token_entered(self) -> None:
        token = self.token()
        if token is None:
            return
        self.status.setText(self.tr("Checking the token…"))

        def done(_result: object) -> None:
            self.token_box.clear()
            self.token_box.setPlaceholderText(
                self.tr("A token is saved (type a new one to replace it)")
            )
            self.status.setText(self.tr("Token saved in the Hugging Face token store."))

        self.worker.run(lambda: hub.save_token(token), done, self.status.setText)

    @Slot()
    def search(self) -> None:
        query = self.search_box.text().strip()
        sort = str(self.sort_combo.currentData())
        self.status.setText(self.tr("Searching…"))
        self.search_button.setEnabled(False)

        def done(found: list[hub.RepoSummary]) -> None:
            self.search_button.setEnabled(True)
            self.repo_list.clear()
            for r in found:
                item = QListWidgetItem(
                    f"{r.repo_id}   ↓{r.downloads}  ♥{r.likes}" + (" 🔒" if r.gated else "")
                )
                item.setData(256, r.repo_id)
                self.repo_list.addItem(item)
            self.status.setText(self.tr("%1 repositories").replace("%1", str(len(found))))

        def failed(message: str) -> None:
            self.search_button.setEnabled(True)
            self.status.setText(message)

        self.worker.run(lambda: hub.search(query, sort), done, failed)

    def open_repository(self, repo_id: str, select_file: str | None = None) -> None:
        self.tabs.setCurrentIndex(1)
        self._select_after_listing = select_file
        item = QListWidgetItem(repo_id)
        item.setData(256, repo_id)
        self._on_repo_chosen(item)

    @Slot(QListWidgetItem)
    def _on_repo_chosen(self, item: QListWidgetItem) -> None:
        repo_id = item.data(256)
        if not repo_id:
            return
        self.repo_id = str(repo_id)
        self.status.setText(self.tr("Reading %1…").replace("%1", self.repo_id))
        token = self.token()

        def work() -> tuple[list[hub.RemoteModel], hub.ModelInfo | None]:
            models = hub.list_models(self.repo_id, token)
            info = None
            if models:
                try:
                    info = hub.remote_model_info(min(models, key=lambda m: m.size), token)
                except hub.HubError:
                    info = None  # the list still shows; the fit estimate says "?"
            return models, info

        def done(result: tuple[list[hub.RemoteModel], Any]) -> None:
            self.remote, self.base_info = result
            self._show_files()
            self.status.setText(
                self.tr("%1: %2 models")
                .replace("%1", self.repo_id)
                .replace("%2", str(len(self.remote)))
            )

        self.worker.run(work, done, self.status.setText)

    def _show_files(self) -> None:
        from dataclasses import replace

        base = getattr(self, "base_info", None)
        self.fits = {}
        for m in self.remote:
            if base is not None:
                info = replace(base, file_size=m.size, quantization=m.quantization)
                self.fits[m.name] = hub.estimate_fit(info, self.ctx_spin.value())
        best = hub.recommend(self.fits, self.remote)
        table = self.files_table
        table.setRowCount(len(self.remote))
        for r, m in enumerate(self.remote):
            fit = self.fits.get(m.name)
            memory = fit.describe() if fit else "?"
            name = m.name + (f" ({len(m.parts)} parts)" if len(m.parts) > 1 else "")
            if best is not None and m.name == best.name:
                name += "  ★ " + self.tr("recommended")
            for c, text in enumerate([name, m.quantization, format_bytes(m.size), memory]):
                table.setItem(r, c, QTableWidgetItem(text))
        wanted = getattr(self, "_select_after_listing", None)
        chosen = next((m for m in self.remote if wanted in (m.name, m.first.path)), best)
        if chosen is not None:
            table.selectRow(self.remote.index(chosen))

    # --- downloads ----------------------------------------------------------------------

    def _downloads_tab(self) -> QWidget:
        tab = QWidget()
        self.downloads_layout = QVBoxLayout(tab)
        self.downloads_empty = QLabel(self.tr("No downloads."))
        self.downloads_layout.addWidget(self.downloads_empty)
        self.downloads_layout.addStretch(1)
        return tab

    @Slot()
    def _on_download(self) -> None:
        row = self.files_table.currentRow()
        if not 0 <= row < len(self.remote):
            self.status.setText(self.tr("Choose a file to download."))
            return
        model = self.remote[row]
        fit = self.fits.get(model.name)
        if fit is not None and fit.verdict == "too_big":
            answer = QMessageBox.question(
                self, self.tr("Not enough memory"),
                self.tr("%1 needs about %2 of memory; %3 is available. Download anyway?")
                .replace("%1", model.name).replace("%2", format_bytes(fit.needed))
                .replace("%3", format_bytes(fit.available)),
            )  # fmt: skip
            if answer != QMessageBox.StandardButton.Yes:
                return
        job = DownloadJob.for_model(model)
        if job.job_id not in self.job_rows:
            self._add_job_row(job)
        self.start(job)
        self.tabs.setCurrentIndex(2)

    def _add_job_row(self, job: DownloadJob) -> None:
        self.downloads_empty.setVisible(False)
        box = QWidget()
        row = QHBoxLayout(box)
        label = QLabel(f"{job.repo_id} / {job.name}")
        bar = QProgressBar()
        bar.setRange(0, 1000)
        bar.setAccessibleName(self.tr("Download progress of %1").replace("%1", job.name))
        done = self.downloads.bytes_done(job)
        bar.setValue(int(1000 * done / job.total) if job.total else 0)
        info = QLabel(job.message or job.state)
        info.setAccessibleName(self.tr("Download status"))
        toggle = QPushButton(self.tr("Resume") if job.state != "running" else self.tr("Pause"))
        toggle.setAccessibleName(self.tr("Pause or resume the download"))
        cancel = QPushButton(self.tr("Cancel"))
        cancel.setAccessibleName(self.tr("Cancel the download"))
        for w in (label, bar, info, toggle, cancel):
            row.addWidget(w)
        self.downloads_layout.insertWidget(self.downloads_layout.count() - 1, box)
        self.job_rows[job.job_id] = (job, bar, info, toggle)
        toggle.clicked.connect(lambda: self.toggle(job.job_id))
        cancel.clicked.connect(lambda: self.cancel(job.job_id, box))

    def toggle(self, job_id: str) -> None:
        job = self.job_rows[job_id][0]
        if job_id in self.active:
            self.active[job_id].set()  # pause
        else:
            self.start(job)

    def cancel(self, job_id: str, box: QWidget) -> None:
        flag = self.active.get(job_id)
        job = self.job_rows[job_id][0]
        if flag is not None:
            flag.set()
            job.state = "cancelling"
        else:
            self.downloads.cancel(job)
        box.setParent(None)
        del self.job_rows[job_id]

    def start(self, job: DownloadJob) -> None:
        job_id = job.job_id
        if job_id in self.active:
            return
        stop = threading.Event()
        self.active[job_id] = stop
        _job, bar, info, toggle = self.job_rows[job_id]
        toggle.setText(self.tr("Pause"))
        info.setText(self.tr("starting…"))
        token = self.token()

        def progress(p: Progress) -> None:
            def show() -> None:
                bar.setValue(int(1000 * p.fraction))
                eta = f", {p.eta_s:.0f} s" if p.eta_s is not None else ""
                info.setText(f"{format_bytes(p.done)} / {format_bytes(p.total)}  "
                             f"{format_bytes(p.bytes_per_s)}/s{eta}")  # fmt: skip

            self.dispatcher.post(show)

        def work() -> list[Path]:
            try:
                return self.downloads.run(job, progress, stop.is_set, token)
            except Stopped:
                if job.state == "cancelling":
                    self.downloads.cancel(job)
                raise

        def done(paths: list[Path]) -> None:
            self.active.pop(job_id, None)
            info.setText(self.tr("verified and installed"))
            bar.setValue(1000)
            toggle.setEnabled(False)
            self.refresh_installed()

        def failed(message: str) -> None:
            self.active.pop(job_id, None)
            toggle.setText(self.tr("Resume"))
            info.setText(message or self.tr("paused"))

        def guarded() -> list[Path]:
            try:
                return work()
            except Stopped:
                raise DownloadError("", resumable=True) from None

        self.worker.run(guarded, done, failed)
