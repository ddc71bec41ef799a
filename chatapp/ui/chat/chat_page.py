"""The chat page: the sidebar, the transcript, the notice line and the composer, and what connects
them to the chat controller (sending, streaming a reply into the transcript, the draft's token
count, search, the conversations' actions)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QTextCursor
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QVBoxLayout, QWidget

from chatapp.core.chat.planner import ContextPlan
from chatapp.core.tools.approval import ApprovalRequest
from chatapp.ui.chat.attach_wiring import ImageAttach
from chatapp.ui.chat.composer_box import ComposerBox
from chatapp.ui.chat.context_meter import ContextMeter
from chatapp.ui.chat.controller import ChatController
from chatapp.ui.chat.conversation_actions import ConversationActions
from chatapp.ui.chat.conversation_list import ConversationList
from chatapp.ui.chat.lessons_dialog import LessonsDialog
from chatapp.ui.chat.settings_dialog import SettingsDialog
from chatapp.ui.chat.status_panel import StatusPanel
from chatapp.ui.chat.transcript import BranchView, TranscriptView
from chatapp.ui.chat.transcript_actions import TranscriptActions
from chatapp.ui.docs.window_part import DocumentsPart
from chatapp.ui.services import Services
from chatapp.ui.tools.approval_dialog import ApprovalDialog

DRAFT_COUNT_DELAY_MS = 300


class ChatPage(QObject):
    def __init__(
        self,
        services: Services,
        controller: ChatController,
        documents: DocumentsPart,
        window: QMainWindow,
        dark: bool,
        leave_welcome: Callable[[], None],
    ) -> None:
        super().__init__(window)
        self.services = services
        self.controller = controller
        self.window = window
        self.leave_welcome = leave_welcome
        self.actions_ = ConversationActions(controller, window)
        self.transcript_actions = TranscriptActions(controller, documents, window)
        self._draft_request = 0
        self._streaming_id = 0
        self.closed = False
        self.last_announcement = ""
        self.approval_dialog: ApprovalDialog | None = None  # the open tool-approval question
        self.settings_dialog: SettingsDialog | None = None
        self.lessons_dialog: LessonsDialog | None = None  # the chat's lessons (agent mode)
        self._rendered_plan: tuple[object, ...] = ((), (), None)
        self.render_count = 0  # whole-transcript renders (cheap turns re-render once per send)
        self._build(dark)
        self._connect()

    def _build(self, dark: bool) -> None:
        self.sidebar = ConversationList()
        self.transcript = TranscriptView(dark)
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
            self.services, self.controller, self.composer_box, self.transcript, self.window
        )
        center_layout.addWidget(self.composer_box)
        self.widget = QSplitter()
        self.widget.addWidget(self.sidebar)
        self.widget.addWidget(center)
        self.widget.setStretchFactor(1, 1)
        self.widget.setSizes([260, 840])
        self.status_panel = StatusPanel(self.window.statusBar(), self.meter)
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_COUNT_DELAY_MS)

    def _connect(self) -> None:
        c = self.controller
        a = self.actions_
        box = self.composer_box
        box.send_button.clicked.connect(lambda: self.send(self.composer.toPlainText()))
        box.stop_button.clicked.connect(self.stop_reply)
        box.agent_button.toggled.connect(self._on_agent_toggled)
        self.composer.send_requested.connect(self.send)
        self.composer.textChanged.connect(self._draft_timer.start)
        self._draft_timer.timeout.connect(self.count_draft)
        self.sidebar.new_requested.connect(self.new_chat)
        self.sidebar.conversation_chosen.connect(c.open_conversation)
        self.sidebar.search_requested.connect(self._run_search)
        self.sidebar.search_hit_chosen.connect(self._on_search_hit)
        self.sidebar.rename_requested.connect(lambda cid: self._on_sidebar_action("rename", cid))
        self.sidebar.delete_requested.connect(lambda cid: self._on_sidebar_action("delete", cid))
        self.sidebar.pin_requested.connect(self._on_pin_requested)
        self.transcript.action.connect(self.transcript_actions.on_action)
        self.transcript.empty_state.prompt_chosen.connect(self._on_example_prompt)
        self.status_panel.undo_button.clicked.connect(a.undo_delete)
        a.error.connect(self.show_error)
        a.message.connect(self.show_status_message)
        a.list_changed.connect(self.refresh_list)
        a.undo_available.connect(self.status_panel.undo_button.setVisible)
        c.conversations_changed.connect(self.refresh_list)
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
        c.notice.connect(self.show_notice)
        c.error.connect(self.show_error)
        c.summarizing.connect(self._on_summarizing)
        c.summary_preparing.connect(
            lambda n: self.window.statusBar().showMessage(
                self.tr("Summarizing %1 earlier messages in the background…").replace("%1", str(n))
            )
        )
        c.summary_prepared.connect(
            lambda n: self.window.statusBar().showMessage(
                self.tr("%1 earlier messages summarized.").replace("%1", str(n)), 5000
            )
        )
        c.draft_counted.connect(self._on_draft_counted)

    # --- conversations ------------------------------------------------------------------

    def refresh_list(self) -> None:
        pending = self.actions_.pending_delete
        conversations = [c for c in self.controller.store.list_conversations() if c.id != pending]
        if conversations:
            self.leave_welcome()
        self.sidebar.set_conversations(conversations, self.controller.conversation_id)

    @Slot(int)
    def _on_conversation_opened(self, conversation_id: int) -> None:
        self.meter.set_plan(None)
        self.notice_label.setVisible(False)
        self.refresh_list()
        self.render_transcript()
        button = self.composer_box.agent_button
        button.blockSignals(True)  # showing the stored choice is not a choice
        button.setChecked(bool(conversation_id) and self.controller.agent_mode(conversation_id))
        button.blockSignals(False)

    @Slot(bool)
    def _on_agent_toggled(self, on: bool) -> None:
        """Agent mode for the open chat (a new chat first when none is open)."""
        if self.controller.conversation_id is None:
            self.controller.new_conversation()
        self.controller.set_agent_mode(on)
        self.composer_box.agent_button.setChecked(on)

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
        self.window.setWindowTitle(f"{conv.title or untitled} — Kotoba")

    def _on_sidebar_action(self, verb: str, conversation_id: int) -> None:
        """Rename or delete from the sidebar: that conversation opens first."""
        if self.controller.busy:
            return
        if conversation_id != self.controller.conversation_id:
            self.controller.open_conversation(conversation_id)
        if verb == "rename":
            self.rename_conversation()
        else:
            self.actions_.delete()

    @Slot(int, bool)
    def _on_pin_requested(self, conversation_id: int, pinned: bool) -> None:
        self.controller.store.set_pinned(conversation_id, pinned)
        self.refresh_list()

    def new_chat(self) -> None:
        if not self.controller.busy:
            self.controller.new_conversation()
            self.composer.setFocus()

    def rename_conversation(self) -> None:
        if self.actions_.rename():
            self.render_transcript()

    def open_settings(self) -> None:
        cid = self.controller.conversation_id
        if cid is None:
            cid = self.controller.new_conversation()
        settings = self.controller.store.conversation(cid).settings
        model = self.controller.model
        max_context = model.context_length if model and model.context_length else 1 << 17
        tools = self.controller.tools.registry.tools()
        dialog = SettingsDialog(settings, max_context, self.window, tools,
                                lambda: self.open_lessons(dialog))  # fmt: skip
        self.settings_dialog = dialog
        if dialog.exec() and dialog.result_settings is not None:
            self.controller.set_settings(dialog.result_settings)
        self.settings_dialog = None

    def open_lessons(self, parent: QWidget | None = None) -> LessonsDialog | None:
        """The open chat's lessons (agent mode), to read, edit and delete; not modal."""
        cid = self.controller.conversation_id
        if cid is None:
            return None
        self.lessons_dialog = LessonsDialog(self.controller.store, cid, parent or self.window)
        self.lessons_dialog.open()
        return self.lessons_dialog

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
    def send(self, text: str) -> None:
        images = self.images.images_for_send()
        if images is not None and self.controller.send(text, images):
            self.images.sent()
            self.composer.clear()
            self.composer_box.token_label.setText("")

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
        dialog = ApprovalDialog(request, self.window)
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

    @Slot(int)
    def _on_summarizing(self, n: int) -> None:
        """The reply waits for a summary: say so at once (Stop works meanwhile)."""
        self.show_notice(
            self.tr("Summarizing %1 earlier messages before the reply… (Esc stops)").replace(
                "%1", str(n)
            )
        )

    def count_draft(self) -> None:
        if self.closed:
            return
        text = self.composer.toPlainText()
        if not text.strip():
            self.composer_box.token_label.setText("")
            return
        self._draft_request = self.controller.count_draft(text)

    @Slot(int, int)
    def _on_draft_counted(self, request_id: int, tokens: int) -> None:
        if request_id == self._draft_request:
            label = self.composer_box.token_label
            label.setText(self.tr("%1 tokens").replace("%1", str(tokens)))

    @Slot(str)
    def _on_example_prompt(self, text: str) -> None:
        self.composer.setPlainText(text)
        self.composer.moveCursor(QTextCursor.MoveOperation.End)
        self.composer.setFocus()

    # --- feedback -----------------------------------------------------------------------

    def show_notice(self, text: str) -> None:
        self.notice_label.setText("ⓘ " + text)
        self.notice_label.setVisible(True)

    def show_error(self, text: str) -> None:
        self.notice_label.setText("⚠ " + text)
        self.notice_label.setVisible(True)
        self.window.statusBar().showMessage(text, 8000)

    def show_status_message_long(self, text: str) -> None:
        self.show_status_message(text, 10_000)

    def show_status_message(self, text: str, ms: int) -> None:
        if text:
            self.window.statusBar().showMessage(text, ms)
        else:
            self.window.statusBar().clearMessage()

    def shutdown(self) -> None:
        self.closed = True
        self._draft_timer.stop()  # a count due after closing would start a runtime again
        self.actions_.finish_delete()
