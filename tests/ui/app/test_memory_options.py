"""Flash attention and the KV cache type in Preferences, through the load to the status bar."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from chatapp.core.paths import AppPaths
from chatapp.core.settings import AppSettings, load_settings, save_settings
from chatapp.runtime import cpu_variant as cv
from chatapp.ui.app.preferences_dialog import PreferencesDialog
from tests.ui.conftest import WindowFactory, load, send, wait_idle


def test_a_q8_0_cache_without_flash_attention_is_refused_with_a_clear_message(
    qtbot: QtBot,
) -> None:
    dialog = PreferencesDialog(AppSettings(), "/data", gpu_available=False)
    qtbot.addWidget(dialog)
    dialog.kv_cache.setCurrentIndex(dialog.kv_cache.findData("q8_0"))
    dialog.try_accept()
    assert dialog.result_settings is None
    assert dialog.error_label.text() == (
        "A Q8_0 KV cache needs flash attention: turn on flash attention, "
        "or keep the KV cache at F16."
    )
    dialog.flash_attn.setChecked(True)
    dialog.try_accept()
    assert dialog.result_settings is not None
    assert (dialog.result_settings.kv_cache_type, dialog.result_settings.flash_attn) == (
        "q8_0",
        True,
    )


def test_the_memory_options_are_saved(
    qtbot: QtBot, make_window: WindowFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = make_window()

    def accept(dialog: PreferencesDialog) -> bool:
        assert not dialog.flash_attn.isChecked() and dialog.kv_cache.currentData() == "f16"
        dialog.flash_attn.setChecked(True)
        dialog.kv_cache.setCurrentIndex(dialog.kv_cache.findData("q8_0"))
        dialog.try_accept()
        return True

    monkeypatch.setattr(PreferencesDialog, "exec", accept)
    w.preferences.open_preferences()
    saved = load_settings(w.paths.config_dir)
    assert (saved.flash_attn, saved.kv_cache_type) == (True, "q8_0")
    assert w.controller.settings == saved


def test_the_status_bar_shows_cpu_code_and_kv_cache(
    qtbot: QtBot, make_window: WindowFactory, app_paths: AppPaths, tiny_q4: Path
) -> None:
    save_settings(app_paths.config_dir, replace(AppSettings(), flash_attn=True))
    w = make_window(tiny_q4)
    load(qtbot, w)
    model = w.controller.model
    assert model is not None and model.flash_attn and model.kv_cache_type == "f16"
    tip = w.model_label.toolTip()
    variant = model.cpu_variant
    assert variant and variant in ("builtin", *cv.VARIANTS)
    assert f"CPU code: {variant}" in tip
    kv = model.details["memory_reported"]["kv_cache"]  # llama.cpp's own figure
    assert kv == 2 * 2 * 32 * 2 * model.n_ctx  # layers x KV heads x (K+V) x f16, per token
    assert "KV cache " in tip and "(F16, flash attention)" in tip
    send(qtbot, w, "hello")
    wait_idle(qtbot, w)
    qtbot.waitUntil(lambda: w.meter.plan is not None, timeout=10_000)
    assert "KV cache memory: " in w.meter.toolTip()
    assert "(F16, flash attention)" in w.meter.toolTip()


@pytest.mark.gemma
def test_a_q8_0_cache_in_the_window(
    qtbot: QtBot, make_window: WindowFactory, app_paths: AppPaths, gemma_path: Path
) -> None:
    settings = replace(AppSettings(), flash_attn=True, kv_cache_type="q8_0", default_context=4096)
    save_settings(app_paths.config_dir, settings)
    w = make_window(gemma_path)
    load(qtbot, w)
    model = w.controller.model
    assert model is not None and model.kv_cache_type == "q8_0"
    assert "(Q8_0, flash attention)" in w.model_label.toolTip()
