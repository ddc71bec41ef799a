"""Save the welcome page in English and Japanese, light and dark
(docs/screenshots/welcome-light-en.png, welcome-dark-ja.png, …).

QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshot_welcome.py docs/screenshots
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from chatapp.core.paths import AppPaths
from chatapp.ui.app.i18n import install_translations
from chatapp.ui.launch import build_window


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
            w.resize(1100, 820)
            w.show()
            for theme in ("light", "dark"):
                w.set_theme(theme)
                for _ in range(20):
                    app.processEvents()
                w.grab().save(str(out / f"welcome-{theme}-{language}.png"))
            w.close()
            w.shutdown_runtime()
        for translator in installed:
            app.removeTranslator(translator)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
