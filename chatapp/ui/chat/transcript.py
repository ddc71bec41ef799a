"""The transcript: messages rendered from Markdown, safe by construction, streamed cheaply.

A conversation is rendered once when it is opened or changed (the newest ``page_size`` messages,
with a link to show earlier ones). While a reply streams, only that reply's body — the end of
the document — is re-rendered, at most every ``STREAM_INTERVAL_MS``: never the whole transcript
per token. Text shows at once when the last render is at least that old (a leading-edge
throttle), so a lone token is not held back.
"""

from __future__ import annotations

import html
import time
from dataclasses import dataclass

from PySide6.QtCore import QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QTextCursor
from PySide6.QtWidgets import QApplication, QMessageBox, QTextBrowser, QWidget

from chatapp.core.chat.planner import ContextPlan
from chatapp.core.chat.store import Message, Summary
from chatapp.ui.chat.render import ACTION_SCHEME, MarkdownRenderer, Palette, is_safe_link

STREAM_INTERVAL_MS = 30
PAGE_SIZE = 120


@dataclass(frozen=True)
class BranchView:
    """What the transcript shows: the branch, with alternatives and the context window."""

    messages: list[Message]
    alternatives: dict[int, tuple[int, int]]  # message id -> (1-based index, count)
    plan: ContextPlan | None = None
    summary: Summary | None = None


class SafeTextBrowser(QTextBrowser):
    """Shows untrusted rich text: loads no resource of any kind and follows no link itself."""

    external_link_confirmed = Signal(QUrl)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.resource_requests: list[str] = []  # what was asked for (and refused)

    def loadResource(self, kind: int, url: QUrl | str) -> object:
        self.resource_requests.append(url.toString() if isinstance(url, QUrl) else str(url))
        return None

    def confirm_and_open(self, url: QUrl) -> bool:
        """External links open only after the user agrees, and only for http/https."""
        text = url.toString()
        if not is_safe_link(text):
            return False
        answer = QMessageBox.question(
            self,
            self.tr("Open link"),
            self.tr("Open this link in your web browser?\n\n%1").replace("%1", text),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        self.external_link_confirmed.emit(url)
        return QDesktopServices.openUrl(url)


class TranscriptView(SafeTextBrowser):
    action = Signal(str, int, int)  # verb, message id, extra (code block index)
    flushed = Signal(float)  # time.time() when streamed text reached the document

    def __init__(self, dark: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Conversation"))
        self.setAccessibleDescription(self.tr("The messages of the open conversation"))
        self.page_size = PAGE_SIZE
        self.set_theme(dark)
        self._view: BranchView | None = None
        self._code_blocks: dict[int, list[str]] = {}
        self._stream_id = 0
        self._stream_parts: list[str] = []
        self._stream_start = 0
        self._stream_block_start = 0
        self._last_flush = 0.0
        self._stream_timer = QTimer(self)
        self._stream_timer.setSingleShot(True)
        self._stream_timer.setInterval(STREAM_INTERVAL_MS)
        self._stream_timer.timeout.connect(self._flush_stream)
        self.anchorClicked.connect(self._on_anchor)

    def set_theme(self, dark: bool) -> None:
        self.palette_colors = Palette.for_theme(dark)
        self.renderer = MarkdownRenderer(self.palette_colors)
        if getattr(self, "_view", None) is not None:
            self.show_branch(self._view)  # type: ignore[arg-type]

    # --- whole conversation -------------------------------------------------------------

    def show_branch(self, view: BranchView) -> None:
        """Render the whole (visible page of the) branch; a reply in progress stays streaming."""
        self._view = view
        self._code_blocks.clear()
        messages = [m for m in view.messages if m.id != self._stream_id]
        hidden = max(0, len(messages) - self.page_size)
        parts: list[str] = []
        if hidden:
            parts.append(
                f'<p align="center"><a href="{ACTION_SCHEME}:more/0">'
                + html.escape(self.tr("Show %1 earlier messages").replace("%1", str(hidden)))
                + "</a></p>"
            )
        shown = messages[hidden:]
        summary_at = self._summary_position(view, shown)
        for i, m in enumerate(shown):
            if i == summary_at and view.summary is not None:
                parts.append(self._summary_html(view.summary))
            parts.append(self._message_html(m, view))
        self.setHtml("".join(parts))
        streaming = next((m for m in view.messages if m.id == self._stream_id), None)
        if streaming is not None:
            self._append_stream_block(streaming)
        self.scroll_to_end()

    def _summary_position(self, view: BranchView, shown: list[Message]) -> int:
        if view.summary is None or view.plan is None or not view.plan.summarized_ids:
            return -1
        covered = set(view.summary.covered_ids)
        for i, m in enumerate(shown):
            if m.id not in covered:
                return i
        return len(shown)

    def _summary_html(self, summary: Summary) -> str:
        p = self.palette_colors
        n = len(summary.covered_ids)
        title = self.tr("Summary of %1 earlier messages").replace("%1", str(n))
        if summary.edited:
            title += " " + self.tr("(edited)")
        links = (
            f'<a href="{ACTION_SCHEME}:summary/{summary.id}">{html.escape(self.tr("Open"))}</a>'
            f' · <a href="{ACTION_SCHEME}:resummarize/{summary.id}">'
            f"{html.escape(self.tr('Regenerate'))}</a>"
        )
        text = html.escape(summary.content[:300] + ("…" if len(summary.content) > 300 else ""))
        return (
            f'<table width="100%" cellpadding="6" bgcolor="{p.code_background}"><tr><td>'
            f'<span style="color:{p.muted}">▤ {html.escape(title)}</span> &nbsp; {links}<br/>'
            f'<span style="color:{p.muted}"><i>{text}</i></span></td></tr></table>'
        )

    def _message_html(self, m: Message, view: BranchView, body: bool = True) -> str:
        p = self.palette_colors
        who = {
            "user": self.tr("You"),
            "assistant": self.tr("Assistant"),
            "system": self.tr("System"),
            "tool": self.tr("Tool"),
        }
        name = who.get(m.role, m.role.title())  # a role a newer version added: shown plainly
        header = [f'<a name="m{m.id}"></a><b>{html.escape(name)}</b>']
        marks: list[str] = []
        plan = view.plan
        if plan is not None and m.id in plan.outside_ids:
            marks.append(
                self.tr("summarized")
                if m.id in plan.summarized_ids
                else self.tr("outside the context window")
            )
        if m.status == "partial" and m.id != self._stream_id:
            marks.append(self.tr("interrupted"))
        elif m.status == "cancelled":
            marks.append(self.tr("stopped"))
        elif m.status == "error":
            marks.append(self.tr("failed"))
        if marks:
            header.append(
                f'<span style="color:{p.muted}"> · {html.escape(" · ".join(marks))}</span>'
            )
        links = [("copy", self.tr("Copy"))]
        if m.role == "assistant":
            links.append(("regenerate", self.tr("Regenerate")))
        if m.role == "user":
            links.append(("edit", self.tr("Edit")))
        links.append(("delete", self.tr("Delete")))
        actions = " · ".join(
            f'<a href="{ACTION_SCHEME}:{verb}/{m.id}">{html.escape(label)}</a>'
            for verb, label in links
        )
        if m.id in view.alternatives:
            index, count = view.alternatives[m.id]
            actions += (
                f' &nbsp; <a href="{ACTION_SCHEME}:previous/{m.id}">‹</a> {index}/{count} '
                f'<a href="{ACTION_SCHEME}:next/{m.id}">›</a>'
            )
        if m.id == self._stream_id:
            actions = ""
        head = "".join(header) + f' &nbsp; <span style="font-size:small">{actions}</span>'
        content = self._body_html(m) if body else ""
        color = p.muted if plan is not None and m.id in plan.outside_ids else p.text
        return (
            f'<table width="100%" cellpadding="4"><tr><td>{head}</td></tr>'
            f'<tr><td style="color:{color}">{content}</td></tr></table>'
        )

    def _body_html(self, m: Message) -> str:
        if m.role != "assistant":  # the user's words, exactly as typed
            return html.escape(m.content).replace("\n", "<br/>")
        rendered = self.renderer.render(m.content, m.id)
        self._code_blocks[m.id] = rendered.code_blocks
        return rendered.html

    # --- streaming ----------------------------------------------------------------------

    def begin_stream(self, message: Message) -> None:
        """Append the reply being written; only its body is re-rendered from now on."""
        self.end_stream()
        self._stream_id = message.id
        self._stream_parts = [message.content]
        self._append_stream_block(message)
        self.scroll_to_end()

    def _append_stream_block(self, message: Message) -> None:
        view = self._view or BranchView([], {})
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        self._stream_block_start = cursor.position()
        cursor.insertHtml(self._message_html(message, view, body=False))
        self._stream_start = self.document().characterCount() - 1
        if self._stream_parts and self._stream_parts[0]:
            self._flush_stream()

    def append_stream(self, text: str) -> None:
        """Show text at once if the last render is old enough, else at the next slot."""
        if not self._stream_id:
            return
        self._stream_parts.append(text)
        if self._stream_timer.isActive():
            return
        waited_ms = (time.monotonic() - self._last_flush) * 1000
        if waited_ms >= STREAM_INTERVAL_MS:
            self._flush_stream()
        else:
            self._stream_timer.start(int(STREAM_INTERVAL_MS - waited_ms) + 1)

    def finish_stream(self, message: Message, alternatives: tuple[int, int] | None = None) -> None:
        """Replace the streamed block with the finished message: no full re-render."""
        if self._stream_id != message.id:
            self.end_stream()
            return
        self._stream_timer.stop()
        self._stream_id = 0
        self._stream_parts = []
        if self._view is not None:
            others = [m for m in self._view.messages if m.id != message.id]
            alts = dict(self._view.alternatives)
            if alternatives is not None:
                alts[message.id] = alternatives
            self._view = BranchView([*others, message], alts, self._view.plan, self._view.summary)
        view = self._view or BranchView([message], {})
        bar = self.verticalScrollBar()
        at_bottom = bar.value() >= bar.maximum() - 4
        cursor = QTextCursor(self.document())
        cursor.setPosition(min(self._stream_block_start, self.document().characterCount() - 1))
        cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        cursor.beginEditBlock()
        cursor.removeSelectedText()
        cursor.insertHtml(self._message_html(message, view))
        cursor.endEditBlock()
        if at_bottom:
            self.scroll_to_end()

    def end_stream(self) -> None:
        self._stream_timer.stop()
        self._stream_id = 0
        self._stream_parts = []

    @Slot()
    def _flush_stream(self) -> None:
        if not self._stream_id:
            return
        bar = self.verticalScrollBar()
        at_bottom = bar.value() >= bar.maximum() - 4
        text = "".join(self._stream_parts)
        self._stream_parts = [text]
        rendered = self.renderer.render(text, self._stream_id)
        self._code_blocks[self._stream_id] = rendered.code_blocks
        cursor = QTextCursor(self.document())
        cursor.setPosition(min(self._stream_start, self.document().characterCount() - 1))
        cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        cursor.beginEditBlock()
        cursor.removeSelectedText()
        cursor.insertHtml(rendered.html or "&nbsp;")
        cursor.endEditBlock()
        self._last_flush = time.monotonic()
        self.flushed.emit(time.time())
        if at_bottom:
            self.scroll_to_end()

    def scroll_to_end(self) -> None:
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())

    def streamed_text(self) -> str:
        return "".join(self._stream_parts)

    # --- links --------------------------------------------------------------------------

    @Slot(QUrl)
    def _on_anchor(self, url: QUrl) -> None:
        if url.scheme() == ACTION_SCHEME:
            verb, _, rest = url.path().partition("/")
            numbers = [int(x) for x in rest.split("/") if x.isdigit()]
            if verb == "more":
                self.page_size += PAGE_SIZE
                if self._view is not None:
                    self.show_branch(self._view)
                return
            if verb == "copycode" and len(numbers) == 2:
                blocks = self._code_blocks.get(numbers[0], [])
                if numbers[1] < len(blocks):
                    QApplication.clipboard().setText(blocks[numbers[1]])
                return
            if numbers:
                self.action.emit(verb, numbers[0], numbers[1] if len(numbers) > 1 else 0)
            return
        self.confirm_and_open(url)

    def jump_to(self, message_id: int) -> None:
        if self._view is not None:
            ids = [m.id for m in self._view.messages]
            if message_id in ids:
                needed = len(ids) - ids.index(message_id)
                if needed > self.page_size:
                    self.page_size = needed
                    self.show_branch(self._view)
        self.scrollToAnchor(f"m{message_id}")
