"""The sidebar: conversations (pinned first, then by date), search over everything, actions.

A conversation under the mouse shows its actions (pin, rename, delete) as icons; the keyboard
has F2, Delete and the context menu. The open conversation is marked with an accent bar.
Search results show where the words matched, highlighted (``sidebar_paint``).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QPushButton,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chatapp.core.chat.store import Conversation, SearchHit
from chatapp.ui.chat.sidebar_paint import (
    ID_ROLE,
    MATCH_ROLE,
    MESSAGE_ROLE,
    PINNED_ROLE,
    SNIPPET_ROLE,
    TITLE_ROLE,
    ConversationDelegate,
    ResultDelegate,
)
from chatapp.ui.icons import icon


def date_group(updated_at: float, today: dt.date) -> int:
    """0 today, 1 yesterday, 2 last 7 days, 3 older."""
    day = dt.date.fromtimestamp(updated_at)
    delta = (today - day).days
    if delta <= 0:
        return 0
    if delta == 1:
        return 1
    return 2 if delta < 7 else 3


class ConversationTree(QTreeWidget):
    """The list of conversations; Delete asks to delete the current one."""

    delete_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete and self.currentItem() is not None:
            self.delete_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class ConversationList(QWidget):
    conversation_chosen = Signal(int)
    search_hit_chosen = Signal(int, int)  # conversation, message (0: the title)
    new_requested = Signal()
    rename_requested = Signal(int)
    delete_requested = Signal(int)
    pin_requested = Signal(int, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 6)
        layout.setSpacing(6)
        top = QHBoxLayout()
        self.new_button = QPushButton(icon("square-pen"), self.tr("New chat"))
        self.new_button.setAccessibleName(self.tr("New chat"))
        self.new_button.setToolTip(self.tr("Start a new conversation (Ctrl+N)"))
        top.addWidget(self.new_button)
        layout.addLayout(top)
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(self.tr("Search all chats (Ctrl+F)"))
        self.search_box.setAccessibleName(self.tr("Search conversations"))
        self.search_box.setClearButtonEnabled(True)
        magnifier = self.search_box.addAction(
            icon("search"), QLineEdit.ActionPosition.LeadingPosition
        )
        magnifier.setEnabled(False)  # a picture, not a button: nothing for Tab to stop at
        for button in self.search_box.findChildren(QToolButton):  # the icon and the clear button
            action = button.defaultAction()
            clears = action is not None and action.objectName() == "_q_qlineeditclearaction"
            button.setAccessibleName(self.tr("Clear the search") if clears else self.tr("Search"))
        layout.addWidget(self.search_box)
        self.tree = ConversationTree()
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName(self.tr("Conversations"))
        self.tree.setRootIsDecorated(False)
        self.tree.setMouseTracking(True)
        self.tree.setFrameShape(QTreeWidget.Shape.NoFrame)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.delegate = ConversationDelegate(self.tree)
        self.delegate.pin_clicked.connect(self._on_pin_clicked)
        self.delegate.rename_clicked.connect(self.rename_requested)
        self.delegate.delete_clicked.connect(self.delete_requested)
        self.delegate.tooltips = {
            "pin": self.tr("Pin to the top"),
            "unpin": self.tr("Unpin"),
            "rename": self.tr("Rename"),
            "delete": self.tr("Delete"),
        }
        self.tree.setItemDelegate(self.delegate)
        layout.addWidget(self.tree, 1)
        self.results = QTreeWidget()
        self.results.setHeaderHidden(True)
        self.results.setAccessibleName(self.tr("Search results"))
        self.results.setRootIsDecorated(False)
        self.results.setFrameShape(QTreeWidget.Shape.NoFrame)
        self.results.setItemDelegate(ResultDelegate(self.results))
        self.results.setVisible(False)
        layout.addWidget(self.results, 1)
        self._shown: list[tuple[int, str, bool, int]] = []
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)
        self.new_button.clicked.connect(self.new_requested)
        self.tree.itemActivated.connect(self._on_item_activated)
        self.tree.itemClicked.connect(self._on_item_activated)
        self.tree.delete_pressed.connect(self._on_delete_pressed)
        self.tree.customContextMenuRequested.connect(self._on_context_menu)
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

    def _header(self, text: str) -> QTreeWidgetItem:
        header = QTreeWidgetItem([text])
        header.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = header.font(0)
        font.setBold(True)
        header.setFont(0, font)
        return header

    def set_conversations(self, conversations: list[Conversation], current: int | None) -> None:
        today = dt.date.today()
        shown = [(c.id, c.title, c.pinned, c.pinned or date_group(c.updated_at, today))
                 for c in conversations]  # fmt: skip
        if shown == self._shown:  # a message was sent: the same list, only select again
            item = self._item(current) if current is not None else None
            if item is not None and self.tree.currentItem() is not item:
                self.tree.setCurrentItem(item)
            return
        self._shown = shown
        self.tree.clear()
        pinned = [c for c in conversations if c.pinned]
        if pinned:
            self.tree.addTopLevelItem(self._header(self.tr("Pinned")))
        headers: dict[int, QTreeWidgetItem] = {}
        for conv in pinned + [c for c in conversations if not c.pinned]:
            if not conv.pinned:
                group = date_group(conv.updated_at, today)
                if group not in headers:
                    headers[group] = self._header(self._groups[group])
                    self.tree.addTopLevelItem(headers[group])
            item = QTreeWidgetItem([conv.title or self.tr("New chat")])
            item.setData(0, ID_ROLE, conv.id)
            item.setData(0, PINNED_ROLE, conv.pinned)
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
            title = hit.title or self.tr("New chat")
            item = QTreeWidgetItem([f"{title}\n{hit.snippet}"])
            item.setData(0, ID_ROLE, hit.conversation_id)
            item.setData(0, MESSAGE_ROLE, hit.message_id or 0)
            item.setData(0, TITLE_ROLE, title)
            item.setData(0, SNIPPET_ROLE, hit.snippet)
            item.setData(0, MATCH_ROLE, (hit.match_start, hit.match_length))
            item.setToolTip(0, hit.snippet)
            self.results.addTopLevelItem(item)

    @Slot(QTreeWidgetItem, int)
    def _on_item_activated(self, item: QTreeWidgetItem | None, _column: int = 0) -> None:
        value = item.data(0, ID_ROLE) if item is not None else None
        if value:
            self.conversation_chosen.emit(int(value))

    @Slot(QTreeWidgetItem, int)
    def _on_result_activated(self, item: QTreeWidgetItem | None, _column: int = 0) -> None:
        value = item.data(0, ID_ROLE) if item is not None else None
        if value and item is not None:
            self.search_hit_chosen.emit(int(value), int(item.data(0, MESSAGE_ROLE) or 0))

    @Slot(int)
    def _on_pin_clicked(self, conversation_id: int) -> None:
        item = self._item(conversation_id)
        pinned = bool(item.data(0, PINNED_ROLE)) if item is not None else False
        self.pin_requested.emit(conversation_id, not pinned)

    def _item(self, conversation_id: int) -> QTreeWidgetItem | None:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item is not None and item.data(0, ID_ROLE) == conversation_id:
                return item
        return None

    @Slot()
    def _on_delete_pressed(self) -> None:
        cid = self.current_id()
        if cid is not None:
            self.delete_requested.emit(cid)

    @Slot(QPoint)
    def _on_context_menu(self, pos: QPoint) -> None:
        item = self.tree.itemAt(pos)
        value = item.data(0, ID_ROLE) if item is not None else None
        if not value or item is None:
            return
        cid = int(value)
        pinned = bool(item.data(0, PINNED_ROLE))
        menu = QMenu(self)
        pin = menu.addAction(icon("pin-off" if pinned else "pin"),
                             self.tr("Unpin") if pinned else self.tr("Pin to the top"))  # fmt: skip
        rename = menu.addAction(icon("pencil"), self.tr("Rename…"))
        delete = menu.addAction(icon("trash-2"), self.tr("Delete"))
        chosen = menu.exec(self.tree.viewport().mapToGlobal(pos))
        if chosen is pin:
            self.pin_requested.emit(cid, not pinned)
        elif chosen is rename:
            self.rename_requested.emit(cid)
        elif chosen is delete:
            self.delete_requested.emit(cid)
