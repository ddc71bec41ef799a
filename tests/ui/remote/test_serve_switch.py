"""The Preferences switch that serves the library's models to other apps on 127.0.0.1."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import httpx2
import openai
import pytest
from pytestqt.qtbot import QtBot

from chatapp.core.paths import AppPaths
from chatapp.core.settings import AppSettings, load_settings, save_settings
from chatapp.ui.app.preferences_dialog import PreferencesDialog
from tests.support.llama_server import free_port
from tests.ui.conftest import WindowFactory

SHOTS = Path(os.environ.get("KOTOBA_SHOTS", "/tmp/kotoba-shots"))


def set_serving(
    w,
    monkeypatch: pytest.MonkeyPatch,
    on: bool,
    port: int,  # type: ignore[no-untyped-def]
) -> None:
    def accept(dialog: PreferencesDialog) -> bool:
        dialog.serve.setChecked(on)
        dialog.serve_port.setValue(port)
        dialog.try_accept()
        return True

    monkeypatch.setattr(PreferencesDialog, "exec", accept)
    w.preferences.open_preferences()


def test_the_switch_serves_the_library_and_stops(
    qtbot: QtBot,
    make_window: WindowFactory,
    app_paths: AppPaths,
    tiny_q4: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shutil.copy(tiny_q4, app_paths.models_dir / "tiny-q4_0.gguf")
    save_settings(app_paths.config_dir, AppSettings(threads=1))
    w = make_window()
    port = free_port()
    set_serving(w, monkeypatch, True, port)
    assert load_settings(app_paths.config_dir).serve is True
    qtbot.waitUntil(lambda: w.serve_switch.server is not None, timeout=15_000)
    url = f"http://127.0.0.1:{port}/v1"
    assert w.serve_switch.url == url
    assert url in w.statusBar().currentMessage()
    with openai.OpenAI(base_url=url, api_key="none", max_retries=0) as client:
        assert [m.id for m in client.models.list().data] == ["tiny-q4_0"]
        reply = client.chat.completions.create(
            model="tiny-q4_0", messages=[{"role": "user", "content": "hi"}], max_tokens=6
        )
        assert reply.usage is not None and reply.usage.completion_tokens == 6
    # The chat in the window has no model loaded: the server's runtime is its own.
    assert w.controller.model is None

    set_serving(w, monkeypatch, False, port)
    qtbot.waitUntil(lambda: not w.serve_switch._busy, timeout=15_000)
    assert w.serve_switch.server is None
    with pytest.raises(httpx2.ConnectError):
        httpx2.get(url + "/models", trust_env=False, timeout=2)


def test_the_preferences_row(qtbot: QtBot) -> None:
    dialog = PreferencesDialog(AppSettings(serve=True, serve_port=8123), "/data", False)
    qtbot.addWidget(dialog)
    assert dialog.serve.isChecked() and dialog.serve_port.value() == 8123
    dialog.serve.setChecked(False)
    assert not dialog.serve_port.isEnabled()
    dialog.serve.setChecked(True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.show()
    dialog.grab().save(str(SHOTS / "preferences-serve.png"))
    dialog.try_accept()
    assert dialog.result_settings is not None
    assert (dialog.result_settings.serve, dialog.result_settings.serve_port) == (True, 8123)
