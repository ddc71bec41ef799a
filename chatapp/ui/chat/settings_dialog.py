"""Per-conversation settings: system prompt, sampling, context length, overflow policy, tools."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from chatapp.core.chat.conversation_settings import POLICIES, ConversationSettings, SamplingSettings
from chatapp.core.tools.registry import Tool
from chatapp.ui.chat.agent_settings_box import AgentSettingsBox
from chatapp.ui.dialog_parts import accept_if_valid, add_error_and_buttons
from chatapp.ui.tools.settings_box import ToolsSettingsBox


class SettingsDialog(QDialog):
    def __init__(
        self,
        settings: ConversationSettings,
        max_context: int,
        parent: QWidget | None = None,
        tools: list[Tool] | None = None,
        open_lessons: Callable[[], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Conversation settings"))
        self.result_settings: ConversationSettings | None = None
        s = settings.sampling
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.system_prompt = QPlainTextEdit(settings.system_prompt)
        self.system_prompt.setAccessibleName(self.tr("System prompt"))
        self.system_prompt.setTabChangesFocus(True)
        form.addRow(self.tr("System prompt"), self.system_prompt)
        self.temperature = self._double(0.0, 5.0, s.temperature, 0.05, self.tr("Temperature"))
        self.top_p = self._double(0.0, 1.0, s.top_p, 0.01, self.tr("Top-p"))
        self.min_p = self._double(0.0, 1.0, s.min_p, 0.01, self.tr("Min-p"))
        self.repeat_penalty = self._double(
            0.0, 10.0, s.repeat_penalty, 0.05, self.tr("Repeat penalty")
        )
        self.top_k = self._int(0, 100000, s.top_k, self.tr("Top-k"))
        self.max_tokens = self._int(1, 1 << 20, s.max_tokens, self.tr("Max tokens"))
        self.seed = QLineEdit("" if s.seed is None else str(s.seed))
        self.seed.setPlaceholderText(self.tr("random"))
        self.seed.setAccessibleName(self.tr("Seed"))
        self.n_ctx = self._int(1, max(max_context, 64), min(settings.n_ctx, max(max_context, 64)),
                               self.tr("Context length"))  # fmt: skip
        self.policy = QComboBox()
        self.policy.setAccessibleName(self.tr("When the context is full"))
        labels = {
            "summarize": self.tr("Summarize old turns"),
            "rolling": self.tr("Drop old turns"),
            "stop": self.tr("Stop and tell me"),
        }
        for name in POLICIES:
            self.policy.addItem(labels[name], name)
        self.policy.setCurrentIndex(POLICIES.index(settings.policy))
        for label, widget in [
            (self.tr("Temperature"), self.temperature), (self.tr("Top-p"), self.top_p),
            (self.tr("Top-k"), self.top_k), (self.tr("Min-p"), self.min_p),
            (self.tr("Repeat penalty"), self.repeat_penalty),
            (self.tr("Max tokens"), self.max_tokens), (self.tr("Seed"), self.seed),
            (self.tr("Context length"), self.n_ctx),
            (self.tr("When the context is full"), self.policy),
        ]:  # fmt: skip
            form.addRow(label, widget)
        layout.addLayout(form)
        self.tools_box = ToolsSettingsBox(settings, tools or [])
        layout.addWidget(self.tools_box)
        self.agent_box = AgentSettingsBox(settings, open_lessons)
        layout.addWidget(self.agent_box)
        self.error_label = add_error_and_buttons(
            self, layout, self.try_accept, self.tr("Settings error")
        )
        self._base = settings

    def _double(self, lo: float, hi: float, value: float, step: float, name: str) -> QDoubleSpinBox:
        box = QDoubleSpinBox()
        box.setRange(lo, hi)
        box.setSingleStep(step)
        box.setDecimals(2)
        box.setValue(value)
        box.setAccessibleName(name)
        return box

    def _int(self, lo: int, hi: int, value: int, name: str) -> QSpinBox:
        box = QSpinBox()
        box.setRange(lo, hi)
        box.setValue(value)
        box.setAccessibleName(name)
        return box

    def collect(self) -> ConversationSettings:
        """The settings as entered; raises ValueError with a message for the user."""
        seed_text = self.seed.text().strip()
        if seed_text and not (seed_text.isdigit() and int(seed_text) < 2**32):
            raise ValueError(self.tr("The seed must be empty (random) or a whole number."))
        if self.top_p.value() <= 0:
            raise ValueError(self.tr("Top-p must be greater than 0."))
        if self.repeat_penalty.value() <= 0:
            raise ValueError(self.tr("The repeat penalty must be greater than 0."))
        sampling = SamplingSettings(
            temperature=self.temperature.value(), top_p=self.top_p.value(),
            top_k=self.top_k.value(), min_p=self.min_p.value(),
            repeat_penalty=self.repeat_penalty.value(),
            seed=int(seed_text) if seed_text else None, max_tokens=self.max_tokens.value(),
        )  # fmt: skip
        n_ctx = self.n_ctx.value()
        if n_ctx < 256:
            raise ValueError(self.tr("The context length must be at least 256 tokens."))
        settings = replace(
            self._base,
            system_prompt=self.system_prompt.toPlainText(),
            sampling=sampling,
            n_ctx=n_ctx,
            reply_reserve=min(self._base.reply_reserve, n_ctx // 4),
            policy=str(self.policy.currentData()),
        )
        settings = self.agent_box.apply(self.tools_box.apply(settings))
        if sampling.max_tokens > n_ctx:
            raise ValueError(self.tr("Max tokens cannot exceed the context length."))
        settings.validate()
        return settings

    def try_accept(self) -> None:
        self.result_settings = accept_if_valid(self, self.collect, self.error_label)
