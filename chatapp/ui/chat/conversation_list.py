"""The sidebar: conversations grouped by date, search over everything, and their actions."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chatapp.core.chat.store import Conversation, SearchHit

ID_ROLE = Qt.ItemDataRole.UserRole
MESSAGE_ROLE = Qt.ItemDataRole.UserRole + 1


def date_group(updated_at: float, today: dt.date) -> int:
    """0 today, 1 yesterday, 2 last 7 days, 3 older."""
    day = dt.date.fromtimestamp(updated_at)
    delta = (today - day).days
    if delta <= 0:
        return 0
    if delta == 1:
        return 1
    return 2 if delta < 7 else 3


class ConversationList(QWidget):
    conversation_chosen = Signal(int)
    search_hit_chosen = Signal(int, int)  # conversation, message (0: the title)
    new_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.new_button = QPushButton(self.tr("New chat"))
        self.new_button.setAccessibleName(self.tr("New chat"))
        self.new_button.setToolTip(self.tr("Start a new conversation (Ctrl+N)"))
        top.addWidget(self.new_button)
        layout.addLayout(top)
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(self.tr("Search all chats (Ctrl+F)"))
        self.search_box.setAccessibleName(self.tr("Search conversations"))
        self.search_box.setClearButtonEnabled(True)
        layout.addWidget(self.search_box)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName(self.tr("Conversations"))
        self.tree.setRootIsDecorated(False)
        layout.addWidget(self.tree, 1)
        self.results = QTreeWidget()
        self.results.setHeaderHidden(True)
        self.results.setAccessibleName(self.tr("Search results"))
        self.results.setRootIsDecorated(False)
        self.results.setVisible(False)
        layout.addWidget(self.results, 1)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)
        self.new_button.clicked.connect(self.new_requested)
        self.tree.itemActivated.connect(self._on_item_activated)
        self.tree.itemClicked.connect(self._on_item_activated)
        self.results.itemActivated.connect(self._on_result_activated)
        self.results.itemClicked.connect(self._on_result_activated)
        self.search_box.textChanged.connect(lambda _t: self._search_timer.start())
        self.search_requested = self._search_timer.timeout
        self._groups = [
            self.tr("Today"),
            self.tr("Yesterday"),
            self.tr("Previous 7 days"),
            self.tr("Older"),
        ]

    def set_conversations(self, conversations: list[Conversation], current: int | None) -> None:
        self.tree.clear()
        today = dt.date.today()
        headers: dict[int, QTreeWidgetItem] = {}
        for conv in conversations:
            group = date_group(conv.updated_at, today)
            if group not in headers:
                header = QTreeWidgetItem([self._groups[group]])
                header.setFlags(Qt.ItemFlag.ItemIsEnabled)
                font = header.font(0)
                font.setBold(True)
                header.setFont(0, font)
                self.tree.addTopLevelItem(header)
                headers[group] = header
            item = QTreeWidgetItem([conv.title or self.tr("New chat")])
            item.setData(0, ID_ROLE, conv.id)
            item.setToolTip(0, conv.title)
            self.tree.addTopLevelItem(item)
            if conv.id == current:
                self.tree.setCurrentItem(item)

    def current_id(self) -> int | None:
        item = self.tree.currentItem()
        value = item.data(0, ID_ROLE) if item is not None else None
        return int(value) if value else None

    def conversation_ids(self) -> list[int]:
        out = []
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            value = item.data(0, ID_ROLE) if item is not None else None
            if value:
                out.append(int(value))
        return out

    def show_results(self, hits: list[SearchHit] | None) -> None:
        self.results.clear()
        self.results.setVisible(hits is not None)
        self.tree.setVisible(hits is None)
        if hits is None:
            return
        if not hits:
            empty = QTreeWidgetItem([self.tr("No matches")])
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results.addTopLevelItem(empty)
        for hit in hits:
            item = QTreeWidgetItem([f"{hit.title}\n{hit.snippet}"])
            item.setData(0, ID_ROLE, hit.conversation_id)
            item.setData(0, MESSAGE_ROLE, hit.message_id or 0)
            item.setToolTip(0, hit.snippet)
            self.results.addTopLevelItem(item)

    @Slot(QTreeWidgetItem, int)
    def _on_item_activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        value = item.data(0, ID_ROLE)
        if value:
            self.conversation_chosen.emit(int(value))

    @Slot(QTreeWidgetItem, int)
    def _on_result_activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        value = item.data(0, ID_ROLE)
        if value:
            self.search_hit_chosen.emit(int(value), int(item.data(0, MESSAGE_ROLE) or 0))
