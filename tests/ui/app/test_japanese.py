"""The Japanese user interface: complete, and chosen from the locale or the setting."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from chatapp.ui.app.i18n import QM_DIR, choose_language
from tests.ui.conftest import WindowFactory

TS = Path(__file__).resolve().parents[3] / "resources" / "translations" / "kotoba_ja.ts"


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


def test_every_tr_string_in_the_code_is_in_the_translation_file(tmp_path: Path) -> None:
    """Extract every tr() string from the sources as lupdate does and compare with the
    committed .ts: a string added to the code without a translation fails here."""
    import subprocess
    import sys

    root = TS.parents[2]
    sources = sorted(str(p) for p in (root / "chatapp" / "ui").rglob("*.py"))
    fresh = tmp_path / "fresh.ts"
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    subprocess.run([str(lupdate), *sources, "-ts", str(fresh)], check=True, capture_output=True)
    in_code = {
        (c.findtext("name") or "", m.findtext("source") or "")
        for c in ET.parse(fresh).getroot().iter("context")
        for m in c.iter("message")
    }
    assert len(in_code) > 250
    translated = {
        (c.findtext("name") or "", m.findtext("source") or "")
        for c in ET.parse(TS).getroot().iter("context")
        for m in c.iter("message")
        if (m.findtext("translation") or "").strip()
        and m.find("translation").get("type") not in ("unfinished", "vanished", "obsolete")  # type: ignore[union-attr]
    }
    missing = sorted(in_code - translated)
    assert missing == [], f"{len(missing)} strings need Japanese (scripts/translate.py)"


ENGLISH = re.compile(r"[A-Za-z]{2,}(?:[ ,.'’-]+[A-Za-z]{2,}){2,}")


def english_sentences(text: str, names: tuple[str, ...] = ()) -> list[str]:
    """Runs of three or more English words (model and file names taken out first)."""
    for name in names:
        text = text.replace(name, "")
    return ENGLISH.findall(text)


def test_the_checker_finds_english() -> None:
    assert english_sentences("モデルは the model runtime stopped です") == [
        "the model runtime stopped"
    ]
    assert english_sentences("tiny · Q4_0 · 12 トークン") == []


def test_a_japanese_session_shows_no_english_sentences(
    qtbot: QtBot,
    make_window: WindowFactory,
    japanese: None,
    tiny_q4: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A cancelled reply and a model that will not fit, in the Japanese window: every message
    box, status bar text and notice is Japanese (model and file names excepted)."""
    from PySide6.QtWidgets import QMessageBox

    from chatapp.core.chat.conversation_settings import ConversationSettings, SamplingSettings
    from tests.support.tiny_models import write_tiny_model
    from tests.ui.conftest import send, wait_idle

    shown: list[str] = []

    def question(_parent, title, text, *a, **k):  # type: ignore[no-untyped-def]
        shown.extend([title, text])
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    w = make_window(tiny_q4)
    c = w.controller
    qtbot.waitUntil(lambda: c.model is not None, timeout=30_000)
    c.new_conversation()
    c.set_settings(ConversationSettings(sampling=SamplingSettings(max_tokens=4000)))
    wait_idle(qtbot, w)
    send(qtbot, w, "hello cat")
    qtbot.waitUntil(lambda: w.chat._streaming_id != 0, timeout=30_000)
    w.chat.stop_reply()
    wait_idle(qtbot, w)
    shown += [w.figures_label.text(), w.statusBar().currentMessage(), w.notice_label.text()]
    assert "停止" in w.figures_label.text()  # the stop reason, in words

    huge = write_tiny_model(tmp_path / "huge.gguf", "Q4_0", context_length=2**28)
    c.load_model(str(huge), 2**28)
    qtbot.waitUntil(lambda: len(shown) > 3, timeout=30_000)
    wait_idle(qtbot, w)
    shown += [w.statusBar().currentMessage(), w.notice_label.text(), w.model_label.text()]
    assert any("メモリ" in text for text in shown)
    names = ("tiny", "huge", "Kotoba Tiny Test", "Q4_0", "tok/s")
    found = {text: english_sentences(text, names) for text in shown}
    assert {t: f for t, f in found.items() if f} == {}
