"""Application settings: models folder, threads, GPU layers, defaults, memory options, theme,
language."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from chatapp.core.chat.conversation_settings import POLICIES
from chatapp.core.settings import KV_CACHE_TYPES, LANGUAGES, THEMES, AppSettings
from chatapp.ui.app.speculative_rows import SpeculativeRows
from chatapp.ui.dialog_parts import accept_if_valid, add_error_and_buttons
from chatapp.ui.remote.serving import serve_row


class PreferencesDialog(QDialog):
    def __init__(
        self,
        settings: AppSettings,
        data_dir: str,
        gpu_available: bool,
        parent: QWidget | None = None,
        drafts: Sequence[tuple[str, str]] = (),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        self.result_settings: AppSettings | None = None
        self._base = settings
        form = QFormLayout()
        self.models_dir = QLineEdit(settings.models_dir)
        self.models_dir.setPlaceholderText(self.tr("default (in the data folder)"))
        self.models_dir.setAccessibleName(self.tr("Models folder"))
        browse = QPushButton(self.tr("Choose…"))
        browse.setAccessibleName(self.tr("Choose the models folder"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.models_dir, 1)
        row.addWidget(browse)
        form.addRow(self.tr("Models folder"), row)
        self.data_dir = QLineEdit(settings.data_dir)
        self.data_dir.setPlaceholderText(data_dir)
        self.data_dir.setAccessibleName(self.tr("Data folder"))
        self.data_dir.setToolTip(
            self.tr("Conversations live here. A new folder takes effect when Kotoba starts again.")
        )
        form.addRow(self.tr("Data folder"), self.data_dir)
        self.threads = QSpinBox()
        self.threads.setRange(0, 512)
        self.threads.setSpecialValueText(self.tr("automatic"))
        self.threads.setValue(settings.threads)
        self.threads.setAccessibleName(self.tr("Threads"))
        form.addRow(self.tr("Threads"), self.threads)
        self.gpu_layers = QSpinBox()
        self.gpu_layers.setRange(-1, 10_000)
        self.gpu_layers.setSpecialValueText(self.tr("all"))
        self.gpu_layers.setValue(settings.gpu_layers)
        self.gpu_layers.setAccessibleName(self.tr("GPU layers"))
        if gpu_available:  # only when the llama.cpp build has a GPU backend
            form.addRow(self.tr("GPU layers"), self.gpu_layers)
        else:
            self.gpu_layers.setVisible(False)
        self.memory_limit = QSpinBox()
        self.memory_limit.setRange(0, 1 << 24)
        self.memory_limit.setSingleStep(512)
        self.memory_limit.setSuffix(" MB")
        self.memory_limit.setSpecialValueText(self.tr("all available"))
        self.memory_limit.setValue(settings.memory_limit_mb)
        self.memory_limit.setAccessibleName(self.tr("Memory for models"))
        self.memory_limit.setToolTip(
            self.tr(
                "A model that needs more is refused before loading; you can still load it anyway."
            )
        )
        form.addRow(self.tr("Memory for models"), self.memory_limit)
        self.load_last = QCheckBox(self.tr("Load the last model when Kotoba starts"))
        self.load_last.setChecked(settings.load_last_model)
        self.load_last.setAccessibleName(self.tr("Load the last model when Kotoba starts"))
        form.addRow("", self.load_last)
        self.context = QSpinBox()
        self.context.setRange(256, 1 << 20)
        self.context.setSingleStep(1024)
        self.context.setValue(settings.default_context)
        self.context.setAccessibleName(self.tr("Default context length"))
        form.addRow(self.tr("Default context length"), self.context)
        self._add_memory_options(form, settings)
        self.speculative = SpeculativeRows(form, settings, drafts)
        self.policy = self._combo(
            self.tr("When the context is full"), POLICIES, settings.default_policy,
            {"summarize": self.tr("Summarize old turns"), "rolling": self.tr("Drop old turns"),
             "stop": self.tr("Stop and tell me")},
        )  # fmt: skip
        form.addRow(self.tr("When the context is full"), self.policy)
        self.theme = self._combo(
            self.tr("Theme"), THEMES, settings.theme,
            {"system": self.tr("System"), "light": self.tr("Light"), "dark": self.tr("Dark")},
        )  # fmt: skip
        form.addRow(self.tr("Theme"), self.theme)
        self.language = self._combo(
            self.tr("Language"), LANGUAGES, settings.language,
            {"system": self.tr("System"), "en": "English", "ja": "日本語"},
        )  # fmt: skip
        form.addRow(self.tr("Language"), self.language)
        self.serve, self.serve_port = serve_row(self, form, settings)
        self.mcp_button = QPushButton(self.tr("MCP servers…"))  # the window opens the dialog
        self.mcp_button.setAccessibleName(self.tr("Set up MCP servers (tools)"))
        self.tools_default = QCheckBox(self.tr("Calculator and clock in new chats"))
        self.tools_default.setChecked(settings.tools_default)
        self.tools_default.setAccessibleName(self.tr("Calculator and clock in new chats"))
        self.tools_default.setToolTip(
            self.tr("The model may use the exact calculator and the clock (they run nothing "
                    "outside Kotoba). Each chat has its own switch in its settings.")
        )  # fmt: skip
        tools_row = QVBoxLayout()
        tools_row.addWidget(self.tools_default)
        tools_row.addWidget(self.mcp_button)
        form.addRow(self.tr("Tools"), tools_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.note = QLabel(
            self.tr("A new language or data folder takes effect when Kotoba starts again.")
        )
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.error_label = add_error_and_buttons(
            self, layout, self.try_accept, self.tr("Settings error")
        )

    def _add_memory_options(self, form: QFormLayout, settings: AppSettings) -> None:
        """Flash attention and the KV cache type: less memory per token of context."""
        later = self.tr("Takes effect when a model is loaded next.")
        self.flash_attn = QCheckBox(self.tr("Flash attention"))
        self.flash_attn.setChecked(settings.flash_attn)
        self.flash_attn.setAccessibleName(self.tr("Flash attention"))
        self.flash_attn.setToolTip(
            self.tr("Computes attention without its large score tables: less memory for long "
                    "contexts. Needed for a Q8_0 KV cache.") + " " + later
        )  # fmt: skip
        form.addRow("", self.flash_attn)
        self.kv_cache = self._combo(
            self.tr("KV cache"), KV_CACHE_TYPES, settings.kv_cache_type,
            {"f16": self.tr("F16 (exact)"), "q8_0": self.tr("Q8_0 (half the memory)")},
        )  # fmt: skip
        self.kv_cache.setToolTip(
            self.tr("How the context is stored. Q8_0 takes about half the memory of F16 and "
                    "needs flash attention.") + " " + later
        )  # fmt: skip
        form.addRow(self.tr("KV cache"), self.kv_cache)

    def _check_memory_options(self) -> None:
        if self.kv_cache.currentData() != "f16" and not self.flash_attn.isChecked():
            raise ValueError(
                self.tr("A Q8_0 KV cache needs flash attention: turn on flash attention, "
                        "or keep the KV cache at F16.")
            )  # fmt: skip

    def _combo(
        self, name: str, keys: tuple[str, ...], value: str, labels: dict[str, str]
    ) -> QComboBox:
        box = QComboBox()
        box.setAccessibleName(name)
        for key in keys:
            box.addItem(labels[key], key)
        box.setCurrentIndex(keys.index(value))
        return box

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Models folder"), self.models_dir.text()
        )
        if folder:
            self.models_dir.setText(folder)

    def collect(self) -> AppSettings:
        self._check_memory_options()
        settings = replace(
            self._base,
            models_dir=self.models_dir.text().strip(),
            data_dir=self.data_dir.text().strip(),
            threads=self.threads.value(),
            load_last_model=self.load_last.isChecked(),
            memory_limit_mb=self.memory_limit.value(),
            gpu_layers=self.gpu_layers.value(),
            default_context=self.context.value(),
            default_policy=str(self.policy.currentData()),
            theme=str(self.theme.currentData()),
            language=str(self.language.currentData()),
            flash_attn=self.flash_attn.isChecked(),
            kv_cache_type=str(self.kv_cache.currentData()),
            serve=self.serve.isChecked(),
            serve_port=self.serve_port.value(),
            tools_default=self.tools_default.isChecked(),
            **self.speculative.values(),
        )
        settings.validate()
        return settings

    def try_accept(self) -> None:
        self.result_settings = accept_if_valid(self, self.collect, self.error_label)
