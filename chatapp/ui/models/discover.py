"""The Discover tab: the curated list, Hub search, a repository's files with their memory fit.

No request is made until the user searches or picks a repository.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chatapp.core.models import hub
from chatapp.core.models.memory import format_bytes
from chatapp.core.models.recommended import load_recommended
from chatapp.ui.app.i18n import choose_language
from chatapp.ui.models import words
from chatapp.ui.models.downloads_view import elastic
from chatapp.ui.models.worker import Worker
from chatapp.ui.services import Services


class DiscoverTab(QWidget):
    download_requested = Signal(object)  # a hub.RemoteModel the user chose to download

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services  # its settings hold the memory options of the fit estimate
        self.worker = Worker(services.ops)
        self.language = choose_language(services.settings.language)
        self.remote: list[hub.RemoteModel] = []
        self.fits: dict[str, hub.Fit] = {}
        self.base_info: hub.ModelInfo | None = None
        self.repo_id = ""
        self._listing = 0  # the newest repository request: older answers are dropped
        self._select_after_listing: str | None = None
        layout = QVBoxLayout(self)
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
        self.ctx_warning = elastic(QLabel())
        self.ctx_warning.setAccessibleName(self.tr("Context warning"))
        self.ctx_warning.setVisible(False)
        ctx_row.addWidget(self.ctx_warning, 1)
        layout.addLayout(ctx_row)
        self.files_table = QTableWidget(0, 4)
        # Rows are chosen with the arrow keys and Tab moves on (cell-by-cell Tab navigation
        # would keep the focus in the table: a keyboard trap).
        self.files_table.setTabKeyNavigation(False)
        self.files_table.setAccessibleName(self.tr("Files of the repository"))
        self.files_table.setHorizontalHeaderLabels(
            [self.tr("Model"), self.tr("Quantization"), self.tr("Size"), self.tr("Memory")]
        )
        self.files_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.files_table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.files_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
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
        self.status = elastic(QLabel(""))
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

    def _show_recommended(self) -> None:
        self.repo_list.clear()
        header = QListWidgetItem(self.tr("Recommended (works offline; sizes approximate):"))
        header.setFlags(header.flags() & ~header.flags())
        self.repo_list.addItem(header)
        for rec in load_recommended(language=self.language):
            fit = words.fit_verdict(rec.fit())
            summary = rec.summary_for(self.language)
            vision = self.tr("vision")  # not inside the f-string: lupdate would miss it
            badge = f"  [{vision}]" if rec.mmproj else ""
            item = QListWidgetItem(f"{rec.repo} — {rec.file}, {format_bytes(rec.size)}, "
                                   f"{rec.license}, {fit}{badge}\n{summary}")  # fmt: skip
            if rec.mmproj:
                item.setToolTip(
                    self.tr("Sees images: its projector %1 is downloaded with it").replace(
                        "%1", rec.mmproj
                    )
                )
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

        self.worker.run(lambda: hub.save_token(token), done, self._show_failure)

    def _show_failure(self, exc: BaseException) -> None:
        self.status.setText(words.failure(exc))
        self.status.setToolTip(self.status.text())

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
            if not found:
                text = self.tr("No models found for “%1”.").replace("%1", query)
            elif len(found) == 1:
                text = self.tr("1 repository")
            else:
                text = self.tr("%1 repositories").replace("%1", str(len(found)))
            self.status.setText(text)

        def failed(exc: BaseException) -> None:
            self.search_button.setEnabled(True)
            self._show_failure(exc)

        self.worker.run(lambda: hub.search(query, sort), done, failed)

    def open_repository(self, repo_id: str, select_file: str | None = None) -> None:
        self._select_after_listing = select_file
        item = QListWidgetItem(repo_id)
        item.setData(256, repo_id)
        self._on_repo_chosen(item)

    @Slot(QListWidgetItem)
    def _on_repo_chosen(self, item: QListWidgetItem) -> None:
        repo_id = item.data(256)
        if not repo_id:
            return
        repo = self.repo_id = str(repo_id)
        self._listing += 1
        listing = self._listing
        self.status.setText(self.tr("Reading %1…").replace("%1", repo))
        token = self.token()

        def work() -> tuple[list[hub.RemoteModel], Any, hub.HubError | None]:
            models = hub.list_models(repo, token)
            source = hub.header_source(models)
            if source is None:
                return models, None, None
            try:
                return models, hub.remote_model_info(source, token), None
            except hub.HubError as exc:  # the list still shows; the estimate says why not
                return models, None, exc

        def done(result: tuple[list[hub.RemoteModel], Any, hub.HubError | None]) -> None:
            if listing != self._listing:
                return
            self.remote, self.base_info, header_error = result
            self._show_files()
            count = len([m for m in self.remote if m.refused is None])
            text = (self.tr("%1: 1 model") if count == 1 else self.tr("%1: %2 models")).replace(
                "%1", repo).replace("%2", str(count))  # fmt: skip
            if header_error is not None:
                text += " — " + self.tr("no memory estimate: %1").replace(
                    "%1", words.hub_error(header_error))  # fmt: skip
            self.status.setText(text)
            self.status.setToolTip(text)

        def failed(exc: BaseException) -> None:
            if listing == self._listing:
                self.remote, self.base_info = [], None
                self._show_files()
                self._show_failure(exc)

        self.worker.run(work, done, failed)

    def _show_files(self) -> None:
        base = self.base_info
        self.fits = {}
        for m in self.remote:
            if base is not None and m.refused is None:
                info = replace(base, file_size=m.size, quantization=m.quantization)
                settings = self.services.settings  # the memory options loads will use
                self.fits[m.name] = hub.estimate_fit(
                    info, self.ctx_spin.value(), None, settings.kv_cache_type, settings.flash_attn
                )
        best = hub.recommend(self.fits, self.remote)
        over = next((f for f in self.fits.values() if f.over_trained_context), None)
        self.ctx_warning.setVisible(over is not None)
        self.ctx_warning.setText("⚠ " + words.over_trained_context(over) if over else "")
        table = self.files_table
        table.setRowCount(len(self.remote))
        for r, m in enumerate(self.remote):
            fit = self.fits.get(m.name)
            memory = words.fit(fit) if fit else "?"
            name = m.name
            if len(m.parts) > 1:
                name += " " + self.tr("(%1 parts)").replace("%1", str(len(m.parts)))
            if best is not None and m.name == best.name:
                name += "  ★ " + self.tr("recommended")
            if m.projector is not None:
                name += "  [" + self.tr("vision") + "]"
            if m.refused is not None:
                name += " — " + self.tr("refused")
                memory = "—"
            quant = m.quantization if m.quantization != "unknown" and not m.refused else "—"
            cells = [name, quant, format_bytes(m.size), memory]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if m.refused is not None:  # shown, so the user knows it is there, not choosable
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                    item.setToolTip(self.tr("Refused: %1.").replace("%1", words.refusal(m.refused)))
                table.setItem(r, c, item)
        wanted = self._select_after_listing
        usable = [m for m in self.remote if m.refused is None]
        chosen = next((m for m in usable if wanted in (m.name, m.first.path)), best)
        if chosen is not None:
            table.selectRow(self.remote.index(chosen))

    @Slot()
    def _on_download(self) -> None:
        row = self.files_table.currentRow()
        if not 0 <= row < len(self.remote):
            self.status.setText(self.tr("Choose a file to download."))
            return
        self.download_model(self.remote[row])

    def download_model(self, model: hub.RemoteModel) -> None:
        if model.refused is not None:
            error = hub.HubError("refused_name", "", model.first.path, detail=model.refused)
            self.status.setText(words.hub_error(error))
            return
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
        self.download_requested.emit(model)
