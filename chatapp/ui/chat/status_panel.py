"""The status bar's content: the loaded model and the last reply's figures (and the meter)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QPushButton, QStatusBar

from chatapp.core.engine import LoadedModel
from chatapp.core.models.memory import format_bytes
from chatapp.ui.chat.context_meter import ContextMeter


class StatusPanel(QObject):
    def __init__(self, status: QStatusBar, meter: ContextMeter) -> None:
        super().__init__(status)
        self.meter = meter  # beside the composer; it shows the KV cache's size too
        self.model_label = QLabel(self.tr("No model loaded"))
        self.model_label.setAccessibleName(self.tr("Loaded model"))
        self.figures_label = QLabel("")
        self.figures_label.setAccessibleName(self.tr("Last reply figures"))
        self.undo_button = QPushButton(self.tr("Undo"))
        self.undo_button.setAccessibleName(self.tr("Undo delete"))
        self.undo_button.setVisible(False)
        status.addWidget(self.model_label)  # the meter sits beside the composer
        status.addWidget(self.figures_label, 1)
        status.addPermanentWidget(self.undo_button)

    def set_text(self, text: str) -> None:
        self.model_label.setText(text)
        self.model_label.setToolTip("")

    def show_model(self, model: LoadedModel) -> None:
        label = model.name
        if model.quantization:
            label += f" · {model.quantization}"
        self.model_label.setText(label)
        bits = f"{model.bits_per_weight}" if model.bits_per_weight is not None else "?"
        tip = (
            self.tr("%1 bits/weight · context %2 · chat format %3 (%4)")
            .replace("%1", bits)
            .replace("%2", str(model.n_ctx))
            .replace("%3", model.chat_format)
            .replace("%4", model.chat_format_source)
        )
        self.meter.set_cache(0, 0, "")  # a remote engine's cache is not ours to know
        if model.engine == "local":
            tip += "\n" + self.tr("%1 threads · %2 GPU layers").replace(
                "%1", str(model.n_threads)
            ).replace("%2", str(model.n_gpu_layers))
            if model.cpu_variant:
                tip += "\n" + self.tr("CPU code: %1").replace("%1", model.cpu_variant)
            tip += "\n" + self._show_cache(model)
            mode = str(model.details.get("speculative") or "off")
            if mode != "off":
                draft = str(model.details.get("draft_model") or "")
                words = {
                    "auto": self.tr("Auto"),
                    "lookup": self.tr("prompt lookup"),
                    "draft": self.tr("draft model"),
                }
                tip += "\n" + self.tr("Speculative decoding: %1").replace(
                    "%1", words.get(mode, mode)
                )
                if draft:
                    tip += " · " + self.tr("draft %1").replace("%1", draft)
        self.model_label.setToolTip(tip)

    def _show_cache(self, model: LoadedModel) -> str:
        """The KV cache's type and size (llama.cpp's figure, else the estimate), also on the
        meter; returns the tooltip line."""
        kind = model.kv_cache_type.upper()
        if model.flash_attn:
            kind += ", " + self.tr("flash attention")
        sizes = model.details.get("memory_reported") or model.details.get("memory_estimated") or {}
        kv_bytes = int(sizes.get("kv_cache", 0))
        self.meter.set_cache(kv_bytes, model.n_ctx, kind)
        return self.tr("KV cache %1 (%2)").replace("%1", format_bytes(kv_bytes)).replace("%2", kind)

    def stop_reason(self, code: str) -> str:
        words = {
            "eos": self.tr("finished"),
            "length": self.tr("reached the token limit"),
            "stop_string": self.tr("stop string"),
            "cancelled": self.tr("stopped"),
            "context_full": self.tr("context full"),
            "tool_calls": self.tr("called a tool"),
        }
        return words.get(code, code)

    def _speculative(self, stats: dict[str, Any]) -> str:
        """How a greedy reply was guessed ahead: the share of guesses the model kept and the
        speed against plain decoding measured here (docs/speculative.md)."""
        method = str(stats.get("spec_method") or "")
        if not method:
            return ""
        names = {
            "lookup": self.tr("prompt lookup"),
            "draft": self.tr("draft model"),
            "plain": self.tr("plain"),
            "calibrating": self.tr("measuring"),
        }
        used = method.partition(":")[2]
        name = names.get(method, method)
        if used:
            name = self.tr("Auto: %1").replace("%1", names.get(used, used))
        drafted = int(stats.get("drafted_tokens") or 0)
        if not drafted:
            return self.tr(" · %1").replace("%1", name)
        kept = 100 * int(stats.get("accepted_tokens") or 0) / drafted
        text = self.tr(" · %1: %2 % of guesses kept").replace("%1", name)
        text = text.replace("%2", f"{kept:.0f}")
        plain = float(stats.get("spec_plain_tps") or 0.0)
        speed = float(stats.get("tokens_per_s") or 0.0)
        if plain > 0 and speed > 0:
            text += self.tr(", ×%1 plain speed").replace("%1", f"{speed / plain:.2f}")
        return text

    def show_figures(self, stats: dict[str, Any]) -> None:
        text = (
            self.tr("%1 tokens · %2 tok/s · first token %3 ms · %4")
            .replace("%1", str(stats.get("completion_tokens", 0)))
            .replace("%2", f"{stats.get('tokens_per_s', 0.0):.1f}")
            .replace("%3", f"{stats.get('ttft_s', 0.0) * 1000:.0f}")
            .replace("%4", self.stop_reason(str(stats.get("stop_reason", ""))))
        )
        text += self._speculative(stats)
        if stats.get("summary_s"):
            text += self.tr(" · summary %1 s").replace("%1", f"{stats['summary_s']:.1f}")
        self.figures_label.setText(text)
