"""Screenshots of a model's own speculative decoding (issue 28): Installed → Speculative… open
over the model manager, Draft model chosen with the library's draft of the family, and the
Installed tab after it was kept.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots_speculative.py docs/screenshots

English and Japanese, light theme, 1280×800; each language in its own process. The models
are the tests' tiny pair (a four-layer chat model and a one-layer draft with the same
vocabulary), so the offered draft is what draft_choice finds in a real library.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

from surface_screenshots import pump  # noqa: E402


def shoot(out: Path, language: str) -> None:
    from PySide6.QtCore import QLocale, QPoint
    from PySide6.QtGui import QColor, QPainter
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    from chatapp.core.paths import AppPaths
    from chatapp.ui.app.i18n import install_translations
    from chatapp.ui.launch import build_window
    from chatapp.ui.models.speculative_dialog import SpeculativeDialog
    from tests.support.tiny_models import write_tiny_model

    app = QApplication([])
    QLocale.setDefault(QLocale("ja_JP" if language == "ja" else "en_US"))
    install_translations(app, language)
    with tempfile.TemporaryDirectory() as tmp:
        paths = AppPaths.under(tmp).ensure()
        chat = write_tiny_model(paths.models_dir / "tiny-chat-Q8_0.gguf", "Q8_0", layers=4)
        write_tiny_model(paths.models_dir / "tiny-draft-Q8_0.gguf", "Q8_0", seed=99, layers=1)
        w = build_window(paths, None)
        w.resize(1280, 800)
        w.show()
        w.set_theme("light")
        w.show_models(True)
        tab = w.model_manager.installed
        tab.refresh()
        row = next(r for r, m in enumerate(tab.models) if m.path == chat)
        tab.table.selectRow(row)
        pump(0.5)

        def choose(dialog: SpeculativeDialog) -> int:
            dialog.mode.setCurrentIndex(dialog.mode.findData("draft"))
            dialog.draft.setCurrentIndex(dialog.draft.count() - 1)
            dialog.resize(560, dialog.sizeHint().height())
            dialog.show()
            pump(0.5)
            shot = w.grab()
            painter = QPainter(shot)
            at = QPoint((w.width() - dialog.width()) // 2, (w.height() - dialog.height()) // 3)
            painter.drawPixmap(at, dialog.grab())
            painter.setPen(QColor("#9aa0a6"))  # offscreen windows have no frame: draw one
            painter.drawRect(at.x() - 1, at.y() - 1, dialog.width() + 1, dialog.height() + 1)
            painter.end()
            shot.save(str(out / f"speculative-dialog-{language}.png"))
            box = dialog.findChild(QDialogButtonBox)
            box.button(QDialogButtonBox.StandardButton.Ok).click()
            return int(dialog.result())

        SpeculativeDialog.exec = choose  # type: ignore[method-assign]
        tab.speculative_button.click()
        pump(0.5)
        w.grab().save(str(out / f"speculative-installed-{language}.png"))
        w.close()
        w.shutdown_runtime()


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
