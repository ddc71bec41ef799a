"""The context meter: how the window is used — system, summary, history, reply reserve, free —
and, in its tooltip, how much of the KV cache's memory that takes."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPainterPath, QPaintEvent
from PySide6.QtWidgets import QWidget

from chatapp.core.chat.planner import ContextPlan
from chatapp.core.models.memory import format_bytes

CHARS_PER_TOKEN = 4  # while a reply streams, its size is estimated from its text
COLORS = {
    "system": "#8e6cd8",
    "summary": "#d8a03c",
    "documents": "#3caa6e",
    "images": "#d8508e",
    "history": "#3c8ed8",
    "reserve": "#9aa0a6",
}


class ContextMeter(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan: ContextPlan | None = None
        self._reply_chars = 0
        self.cache: tuple[int, int, str] | None = None  # KV cache bytes, its tokens, how stored
        self.setAccessibleName(self.tr("Context window"))
        self.setMinimumWidth(160)
        self._describe()

    def sizeHint(self) -> QSize:
        return QSize(240, QFontMetrics(self.font()).height() + 4)

    def set_plan(self, plan: ContextPlan | None) -> None:
        self.plan = plan
        self._reply_chars = 0
        self._describe()
        self.update()

    def set_cache(self, total_bytes: int, n_ctx: int, kind: str) -> None:
        """The loaded model's KV cache: its size for ``n_ctx`` tokens and its type."""
        self.cache = (total_bytes, n_ctx, kind) if total_bytes > 0 and n_ctx > 0 else None
        self._describe()

    def segments(self) -> list[tuple[str, int]]:
        plan = self.plan
        if plan is None:
            return []
        return [
            ("system", plan.system_tokens),
            ("summary", plan.summary_tokens),
            ("documents", plan.segments.get("documents", 0)),
            ("images", plan.segments.get("images", 0)),
            ("history", plan.history_tokens),
            ("reserve", plan.reserve),
        ]

    def _describe(self) -> None:
        plan = self.plan
        if plan is None:
            text = self.tr("No context information yet")
        else:
            text = (
                self.tr(
                    "Context %1 of %2 tokens: system %3, summary %4, history %5, reply %6, free %7"
                )
                .replace("%1", ("" if plan.exact else "≈") + str(plan.prompt_tokens + plan.reserve))
                .replace("%2", str(plan.n_ctx))
                .replace("%3", str(plan.system_tokens))
                .replace("%4", str(plan.summary_tokens))
                .replace("%5", str(plan.history_tokens))
                .replace("%6", str(plan.reserve))
                .replace("%7", str(plan.free_tokens))
            )
            documents = plan.segments.get("documents", 0)
            if documents:
                text += self.tr("; documents %1 (%2 sources)").replace("%1", str(documents))
                text = text.replace("%2", str(plan.context_parts))
            images = plan.segments.get("images", 0)
            if images:
                text += self.tr("; images %1").replace("%1", str(images))
            if plan.outside_ids:
                text += self.tr("; %1 messages outside the window").replace(
                    "%1", str(len(plan.outside_ids))
                )
            if self.cache is not None:
                total, n_ctx, kind = self.cache
                used = total * min(plan.prompt_tokens + plan.reserve, n_ctx) // n_ctx
                text += "\n" + (
                    self.tr("KV cache memory: %1 of %2 (%3)")
                    .replace("%1", format_bytes(used))
                    .replace("%2", format_bytes(total))
                    .replace("%3", kind)
                )
        self.setToolTip(text)
        self.setAccessibleDescription(text)

    def add_reply_text(self, text: str) -> None:
        """A reply (reasoning included) streams into the reserve: an estimate until it ends."""
        self._reply_chars += len(text)
        self.update()

    def reset_reply(self) -> None:
        self._reply_chars = 0
        self.update()

    def figure(self) -> str:
        plan = self.plan
        if plan is None:
            return ""
        used = plan.prompt_tokens + min(plan.reserve, self._reply_chars // CHARS_PER_TOKEN)
        return f"{used:,} / {plan.n_ctx:,}"

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        label = self.figure()
        label_width = metrics.horizontalAdvance("000,000 / 000,000") + 8
        height = 6.0
        track = QRectF(1, (self.height() - height) / 2, self.width() - label_width - 2, height)
        palette = self.palette()
        plan = self.plan
        if plan is None:  # nothing to show until a model has planned this chat
            return
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.color(palette.ColorRole.Mid))
        painter.drawRoundedRect(track, 3, 3)
        if plan.n_ctx > 0:
            painter.save()
            path = QPainterPath()
            path.addRoundedRect(track, 3, 3)
            painter.setClipPath(path)
            x = track.left()
            for name, tokens in self.segments():
                width = track.width() * tokens / plan.n_ctx
                color = QColor(COLORS[name])
                if name == "reserve":
                    color.setAlpha(110)
                painter.fillRect(QRectF(x, track.top(), width, track.height()), color)
                if name == "reserve" and self._reply_chars:
                    written = min(tokens, self._reply_chars // CHARS_PER_TOKEN)
                    reply = QRectF(x, track.top(), track.width() * written / plan.n_ctx, height)
                    painter.fillRect(reply, QColor(COLORS["reserve"]))
                x += width
            painter.restore()
        painter.setPen(palette.color(palette.ColorRole.PlaceholderText))
        text_rect = QRectF(track.right() + 8, 0, label_width, self.height())
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignVCenter), label)
