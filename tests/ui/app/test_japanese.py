"""The Japanese user interface: complete, and chosen from the locale or the setting."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from chatapp.ui.app.i18n import QM_DIR, choose_language, install_translations
from tests.ui.conftest import WindowFactory

TS = Path(__file__).resolve().parents[3] / "resources" / "translations" / "kotoba_ja.ts"


@pytest.fixture
def japanese(qtbot: QtBot) -> Iterator[None]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    QLocale.setDefault(QLocale("ja_JP"))
    installed = install_translations(app, "ja")
    yield
    for translator in installed:
        app.removeTranslator(translator)
    QLocale.setDefault(QLocale("en_US"))


def test_every_string_is_translated() -> None:
    messages = list(ET.parse(TS).getroot().iter("message"))
    assert len(messages) > 150
    unfinished = [
        m.findtext("source") for m in messages
        if m.find("translation").get("type") in ("unfinished", "vanished", "obsolete")
        or not (m.findtext("translation") or "").strip()
    ]  # fmt: skip
    assert unfinished == []
    # Placeholders survive translation.
    for m in messages:
        source, text = m.findtext("source") or "", m.findtext("translation") or ""
        for marker in ("%1", "%2", "%3"):
            assert (marker in source) == (marker in text), source
    assert (QM_DIR / "kotoba_ja.qm").exists(), "run `make translations`"


def test_main_window_in_japanese(make_window: WindowFactory, japanese: None) -> None:
    w = make_window()
    assert w.send_button.text() == "送信"
    assert w.stop_button.text() == "停止"
    assert w.sidebar.new_button.text() == "新しいチャット"
    assert w.models_button.text() == "モデル…"
    menus = [a.text() for a in w.menuBar().actions()]
    assert menus == ["ファイル(&F)", "会話(&C)", "編集(&E)", "表示(&V)", "ヘルプ(&H)"]
    assert w.model_manager.tabs.tabText(1) == "探す"
    assert w.cta_button.text() == "モデルを読み込んでチャットを始める"


def test_language_choice() -> None:
    assert choose_language("en") == "en" and choose_language("ja") == "ja"
    assert choose_language("system") in ("en", "ja")
