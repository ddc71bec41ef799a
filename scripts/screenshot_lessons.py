"""Save the Lessons dialog of agent mode (docs/screenshots/agent-lessons.png, and -ja.png):
a real window on a fresh data folder, a chat with lessons on and three lessons in its store.

QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshot_lessons.py docs/screenshots
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import QApplication
from screenshot_window import settle, window_in_each_language

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
    for language, w in window_in_each_language(app):
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
        settle(app)
        name = "agent-lessons.png" if language == "en" else "agent-lessons-ja.png"
        dialog.grab().save(str(out / name))
        dialog.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
