"""The documents window: collections, their files and errors, indexing progress with Cancel,
and which collections the current chat uses (the check boxes)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chatapp.core.docs.embedders import BUILTIN
from chatapp.core.docs.extract import KINDS
from chatapp.core.docs.index import FileRecord
from chatapp.core.docs.indexer import IndexProgress, IndexReport
from chatapp.ui.docs.controller import DocumentsController


class DocumentsDialog(QDialog):
    def __init__(
        self,
        controller: DocumentsController,
        conversation_id: int | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.conversation_id = conversation_id
        self.setWindowTitle(self.tr("Documents"))
        self.resize(900, 520)
        self._filling = False
        self._build()
        controller.collections_changed.connect(self.refresh)
        controller.progress.connect(self._on_progress)
        controller.finished.connect(self._on_finished)
        controller.running_changed.connect(self._on_running)
        controller.error.connect(self._show_error)
        self.refresh()
        self._on_running(controller.running)

    # --- layout -------------------------------------------------------------------------

    def _build(self) -> None:
        left = QGroupBox(self.tr("Collections"))
        left_layout = QVBoxLayout(left)
        self.collection_list = QListWidget()
        self.collection_list.setAccessibleName(self.tr("Collections"))
        left_layout.addWidget(self.collection_list, 1)
        self.attach_note = QLabel()
        self.attach_note.setWordWrap(True)
        left_layout.addWidget(self.attach_note)
        row = QHBoxLayout()
        self.new_button = QPushButton(self.tr("New…"))
        self.remove_collection_button = QPushButton(self.tr("Remove"))
        self.remove_collection_button.setAccessibleName(self.tr("Remove the collection"))
        row.addWidget(self.new_button)
        row.addWidget(self.remove_collection_button)
        left_layout.addLayout(row)

        right = QGroupBox(self.tr("Files"))
        right_layout = QVBoxLayout(right)
        self.file_table = QTableWidget(0, 5)
        self.file_table.setHorizontalHeaderLabels(
            [self.tr("File"), self.tr("Status"), self.tr("Pages"), self.tr("Chunks"),
             self.tr("Problem")]
        )  # fmt: skip
        self.file_table.setAccessibleName(self.tr("Files in the collection"))
        self.file_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.file_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.file_table.verticalHeader().setVisible(False)
        header = self.file_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        right_layout.addWidget(self.file_table, 1)
        row = QHBoxLayout()
        self.add_files_button = QPushButton(self.tr("Add files…"))
        self.add_folder_button = QPushButton(self.tr("Add folder…"))
        self.remove_file_button = QPushButton(self.tr("Remove file"))
        self.reindex_button = QPushButton(self.tr("Update"))
        self.reindex_button.setToolTip(self.tr("Index new and changed files"))
        self.embedder_button = QPushButton(self.tr("Embedder…"))
        self.embedder_button.setToolTip(
            self.tr("The model that turns passages into vectors; changing it re-indexes")
        )
        for button in (
            self.add_files_button,
            self.add_folder_button,
            self.remove_file_button,
            self.reindex_button,
            self.embedder_button,
        ):
            row.addWidget(button)
        row.addStretch(1)
        right_layout.addLayout(row)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 640])

        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName(self.tr("Indexing progress"))
        self.progress_label = QLabel()
        self.progress_label.setAccessibleName(self.tr("Indexing status"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel indexing"))
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress_bar, 1)
        progress_row.addWidget(self.cancel_button)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)

        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(progress_row)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.message_label)
        layout.addWidget(buttons)

        self.collection_list.currentItemChanged.connect(lambda *_: self._fill_files())
        self.collection_list.itemChanged.connect(self._on_item_changed)
        self.new_button.clicked.connect(self._on_new)
        self.remove_collection_button.clicked.connect(self._on_remove_collection)
        self.add_files_button.clicked.connect(self._on_add_files)
        self.add_folder_button.clicked.connect(self._on_add_folder)
        self.remove_file_button.clicked.connect(self._on_remove_file)
        self.reindex_button.clicked.connect(self._on_reindex)
        self.embedder_button.clicked.connect(self._on_embedder)
        self.cancel_button.clicked.connect(self.controller.cancel)

    # --- contents -----------------------------------------------------------------------

    def current_name(self) -> str | None:
        item = self.collection_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def set_conversation(self, conversation_id: int | None) -> None:
        self.conversation_id = conversation_id
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        current = self.current_name()
        attached = (
            set(self.controller.attached(self.conversation_id))
            if self.conversation_id is not None
            else set()
        )
        self._filling = True
        self.collection_list.clear()
        for c in self.controller.collections():
            text = self.tr("%1 — %2 files, %3 chunks").replace("%1", c.name)
            text = text.replace("%2", str(c.files)).replace("%3", str(c.chunks))
            if c.errors:
                text += " · " + self.tr("%1 failed").replace("%1", str(c.errors))
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, c.name)
            item.setToolTip(self.embedder_text(c.embedder))
            flags = item.flags() | Qt.ItemFlag.ItemIsUserCheckable
            if self.conversation_id is None:
                flags &= ~Qt.ItemFlag.ItemIsUserCheckable
            item.setFlags(flags)
            if self.conversation_id is not None:
                checked = c.name in attached
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.collection_list.addItem(item)
            if c.name == current:
                self.collection_list.setCurrentItem(item)
        if self.collection_list.currentItem() is None and self.collection_list.count():
            self.collection_list.setCurrentRow(0)
        self._filling = False
        self.attach_note.setText(
            self.tr("Checked collections are searched before each reply in this chat.")
            if self.conversation_id is not None
            else self.tr("Open a chat to choose the collections it uses.")
        )
        self._fill_files()

    def _fill_files(self) -> None:
        name = self.current_name()
        files = self.controller.files(name) if name else []
        self.file_table.setRowCount(len(files))
        for row, f in enumerate(files):
            cells = [
                f.name,
                self.status_text(f),
                str(f.pages) if f.pages else "",
                str(f.chunks_done) if f.chunks_done else "",
                self.error_text(f.error_kind) if f.status == "error" else "",
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(f.error if f.status == "error" else f.path)
                item.setData(Qt.ItemDataRole.UserRole, f.path)
                self.file_table.setItem(row, col, item)
        has = name is not None
        for button in (
            self.add_files_button,
            self.add_folder_button,
            self.reindex_button,
            self.embedder_button,
        ):
            button.setEnabled(has)
        self.remove_collection_button.setEnabled(has)
        self.remove_file_button.setEnabled(bool(files))

    def status_text(self, f: FileRecord) -> str:
        if f.status == "partial":
            return (
                self.tr("Indexing (%1 of %2)")
                .replace("%1", str(f.chunks_done))
                .replace("%2", str(f.chunks_total))
            )
        return {
            "pending": self.tr("Waiting"),
            "indexed": self.tr("Indexed"),
            "error": self.tr("Error"),
        }.get(f.status, f.status)

    def error_text(self, kind: str) -> str:
        return {
            "encrypted": self.tr("Protected by a password"),
            "corrupt": self.tr("The file is damaged"),
            "zip_bomb": self.tr("Refused: it would unpack to far more than its size"),
            "too_large": self.tr("Too large to index"),
            "binary": self.tr("Not a text file"),
            "unsupported": self.tr("This kind of file is not supported"),
            "empty": self.tr("No text found (a scanned PDF needs text recognition first)"),
            "unreadable": self.tr("The file cannot be read"),
            "missing": self.tr("The file is gone"),
        }.get(kind, kind)

    # --- actions ------------------------------------------------------------------------

    @Slot(QListWidgetItem)
    def _on_item_changed(self, _item: QListWidgetItem) -> None:
        if self._filling or self.conversation_id is None:
            return
        names = []
        for i in range(self.collection_list.count()):
            item = self.collection_list.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                names.append(item.data(Qt.ItemDataRole.UserRole))
        self.controller.set_attached(self.conversation_id, tuple(names))

    def _on_new(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("New collection"), self.tr("Name:"))
        if ok and name.strip() and self.controller.create(name.strip()):
            self._select(name.strip())

    def _select(self, name: str) -> None:
        for i in range(self.collection_list.count()):
            if self.collection_list.item(i).data(Qt.ItemDataRole.UserRole) == name:
                self.collection_list.setCurrentRow(i)

    def _on_remove_collection(self) -> None:
        name = self.current_name()
        if name:
            self.controller.remove(name)

    def _on_add_files(self) -> None:
        patterns = " ".join(f"*{ext}" for ext in KINDS)
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Add files"),
            str(Path.home()),
            self.tr("Documents (%1)").replace("%1", patterns),
        )
        self.add_paths([Path(p) for p in paths])

    def _on_add_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Add a folder"), str(Path.home()))
        if folder:
            self.add_paths([Path(folder)])

    def add_paths(self, paths: list[Path]) -> None:
        name = self.current_name()
        if name and paths:
            self.message_label.setText("")
            self.controller.add_paths(name, paths)

    def _on_remove_file(self) -> None:
        name = self.current_name()
        rows = {i.row() for i in self.file_table.selectedIndexes()}
        items = [self.file_table.item(r, 0) for r in rows]
        paths = [Path(i.data(Qt.ItemDataRole.UserRole)) for i in items if i is not None]
        if name and paths:
            self.controller.remove_files(name, paths)

    def embedder_text(self, spec: str) -> str:
        if spec == BUILTIN:
            return self.tr("Embedder: built-in (multilingual-e5-small)")
        return self.tr("Embedder: %1").replace("%1", Path(spec).name)

    def _on_embedder(self) -> None:
        name = self.current_name()
        if not name:
            return
        builtin = self.tr("Built-in: multilingual-e5-small (English, Japanese and more)")
        gguf = self.tr("A GGUF embedding model…")
        choice, ok = QInputDialog.getItem(
            self, self.tr("Embedder"), self.tr("Embed the passages with:"), [builtin, gguf], 0,
            False,
        )  # fmt: skip
        if not ok:
            return
        if choice == builtin:
            self.controller.set_embedder(name, BUILTIN)
            return
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Embedding model"), str(Path.home()), self.tr("GGUF models (*.gguf)")
        )
        if path:
            self.controller.set_embedder(name, path)

    def _on_reindex(self) -> None:
        name = self.current_name()
        if name:
            self.controller.index(name)

    # --- progress -----------------------------------------------------------------------

    @Slot(bool)
    def _on_running(self, running: bool) -> None:
        self.cancel_button.setEnabled(running)
        self.progress_bar.setVisible(running)
        if not running:
            self.progress_label.setText("")

    @Slot(object)
    def _on_progress(self, p: IndexProgress) -> None:
        self.progress_bar.setRange(0, max(1, p.files_total))
        self.progress_bar.setValue(p.files_done)
        self.progress_label.setText(self.progress_text(p))

    def progress_text(self, p: IndexProgress) -> str:
        text = (
            self.tr("%1: file %2 of %3 · %4 pages · %5 chunks · %6 chunks/s")
            .replace("%1", p.collection)
            .replace("%2", str(min(p.files_done + 1, p.files_total)))
            .replace("%3", str(p.files_total))
            .replace("%4", str(p.pages))
            .replace("%5", str(p.chunks))
            .replace("%6", f"{p.chunks_per_s:.1f}")
        )
        if p.eta_s is not None:
            minutes, seconds = divmod(int(p.eta_s + 0.5), 60)
            left = f"{minutes}:{seconds:02d}"
            text += " · " + self.tr("about %1 left").replace("%1", left)
        return text

    @Slot(object)
    def _on_finished(self, report: IndexReport) -> None:
        if report.cancelled:
            text = self.tr("Indexing cancelled; what was indexed is kept. Update goes on.")
        else:
            text = (
                self.tr("%1: %2 files indexed, %3 unchanged, %4 with errors.")
                .replace("%1", report.collection)
                .replace("%2", str(report.indexed))
                .replace("%3", str(report.unchanged))
                .replace("%4", str(len(report.failures)))
            )
        self.message_label.setText(text)

    @Slot(str)
    def _show_error(self, text: str) -> None:
        self.message_label.setText("⚠ " + text)
