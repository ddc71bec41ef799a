"""The context meter: how the window is used — system, summary, history, reply reserve, free —
and, in its tooltip, how much of the KV cache's memory that takes."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from chatapp.core.chat.planner import ContextPlan
from chatapp.core.models.memory import format_bytes

COLORS = {
    "system": "#8e6cd8",
    "summary": "#d8a03c",
    "documents": "#3caa6e",
    "history": "#3c8ed8",
    "reserve": "#9aa0a6",
}


class ContextMeter(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan: ContextPlan | None = None
        self.cache: tuple[int, int, str] | None = None  # KV cache bytes, its tokens, how stored
        self.setAccessibleName(self.tr("Context window"))
        self.setMinimumWidth(160)
        self._describe()

    def sizeHint(self) -> QSize:
        return QSize(200, 14)

    def set_plan(self, plan: ContextPlan | None) -> None:
        self.plan = plan
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

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = QRectF(self.rect()).adjusted(1, 2, -1, -2)
        painter.setPen(QColor("#9aa0a6"))
        painter.drawRect(rect)
        plan = self.plan
        if plan is None or plan.n_ctx <= 0:
            return
        x = rect.left()
        for name, tokens in self.segments():
            width = rect.width() * tokens / plan.n_ctx
            painter.fillRect(QRectF(x, rect.top(), width, rect.height()), QColor(COLORS[name]))
            x += width
