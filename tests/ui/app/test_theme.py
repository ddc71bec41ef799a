"""Dark theme fields keep their outline; Japanese text uses a regular-weight CJK face."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from chatapp.ui.app.theme import CJK_FAMILIES, apply_theme


def test_dark_fields_have_a_visible_outline(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    try:
        assert apply_theme(app, "dark")
        field = QLineEdit()
        qtbot.addWidget(field)
        field.resize(200, 30)
        field.show()
        image = field.grab().toImage()
        base = app.palette().color(QPalette.ColorRole.Base)
        edge = image.pixelColor(0, 15)
        # The left edge is drawn in a colour clearly apart from the field's background.
        assert abs(edge.lightness() - base.lightness()) > 40
    finally:
        apply_theme(app, "light")


def test_japanese_falls_back_to_a_regular_cjk_face() -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, "light")
    families = app.font().families()
    installed = [f for f in CJK_FAMILIES if f in set(QFontDatabase.families())]
    assert installed, "no CJK font on this machine (make test installs fonts-noto-cjk)"
    assert families[1] == installed[0]
    assert app.font().weight() == app.font().Weight.Normal
