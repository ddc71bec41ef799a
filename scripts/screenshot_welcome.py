"""Save the welcome page in English and Japanese, light and dark
(docs/screenshots/welcome-light-en.png, welcome-dark-ja.png, …).

QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshot_welcome.py docs/screenshots
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication
from screenshot_window import settle, window_in_each_language


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    for language, w in window_in_each_language(app):
        w.resize(1100, 820)
        w.show()
        for theme in ("light", "dark"):
            w.set_theme(theme)
            settle(app)
            w.grab().save(str(out / f"welcome-{theme}-{language}.png"))


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
