"""Save the Lessons dialog of agent mode (docs/screenshots/agent-lessons.png, and -ja.png):
a real window on a fresh data folder, a chat with lessons on and three lessons in its store.

QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshot_lessons.py docs/screenshots
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from chatapp.core.paths import AppPaths
from chatapp.ui.app.i18n import install_translations
from chatapp.ui.launch import build_window

LESSONS = {
    "en": [
        "Call the calculator for every product of two numbers instead of working it out.",
        "Search the user's documents before saying a price is not known.",
        "Give dates in the user's time zone and say which one it is.",
    ],
    "ja": [
        "2 つの数の積は自分で計算せず、必ず電卓ツールを呼び出す。",
        "価格が分からないと答える前に、ユーザーの文書を検索する。",
        "日付はユーザーのタイムゾーンで示し、どのタイムゾーンかを書く。",
    ],
}


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    for language in ("en", "ja"):
        installed = install_translations(app, language) if language == "ja" else []
        QLocale.setDefault(QLocale("ja_JP" if language == "ja" else "en_US"))
        with tempfile.TemporaryDirectory() as tmp:
            paths = AppPaths.under(tmp).ensure()
            (paths.config_dir / "settings.json").write_text(
                f'{{"version": 1, "values": {{"language": "{language}"}}}}'
            )
            w = build_window(paths)
            w.show()
            c = w.controller
            cid = c.new_conversation()
            settings = c.store.conversation(cid).settings
            c.set_settings(replace(settings, agent=True, agent_lessons=True))
            for text in LESSONS[language]:
                c.store.add_lesson(cid, text)
            dialog = w.chat.open_lessons()
            assert dialog is not None
            dialog.list.setCurrentRow(1)
            for _ in range(20):
                app.processEvents()
            name = "agent-lessons.png" if language == "en" else "agent-lessons-ja.png"
            dialog.grab().save(str(out / name))
            dialog.close()
            w.close()
            w.shutdown_runtime()
        for translator in installed:
            app.removeTranslator(translator)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
