"""Light and dark themes: follow the system, or the user's choice."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

THEMES = ("system", "light", "dark")


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return bool(hints.colorScheme() == Qt.ColorScheme.Dark)


def dark_palette() -> QPalette:
    pal = QPalette()
    colors = {
        QPalette.ColorRole.Window: "#202124",
        QPalette.ColorRole.WindowText: "#e8eaed",
        QPalette.ColorRole.Base: "#17181a",
        QPalette.ColorRole.AlternateBase: "#26272a",
        QPalette.ColorRole.Text: "#e8eaed",
        QPalette.ColorRole.Button: "#2b2c2f",
        QPalette.ColorRole.ButtonText: "#e8eaed",
        QPalette.ColorRole.Highlight: "#3c8ed8",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#2b2c2f",
        QPalette.ColorRole.ToolTipText: "#e8eaed",
        QPalette.ColorRole.PlaceholderText: "#9aa0a6",
        QPalette.ColorRole.Link: "#8ab4f8",
        # Frames and bevels (line edits, group boxes) are drawn with these: without them a
        # field loses its outline on the dark background.
        QPalette.ColorRole.Light: "#5f6368",
        QPalette.ColorRole.Midlight: "#4a4c50",
        QPalette.ColorRole.Mid: "#5f6368",
        QPalette.ColorRole.Dark: "#101113",
        QPalette.ColorRole.Shadow: "#000000",
    }
    for role, color in colors.items():
        pal.setColor(role, QColor(color))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#6b6e73"))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#6b6e73"))
    return pal


# Japanese text falls back to these, in order, at the regular weight of the Latin text next to
# it (left to fontconfig, a bold or serif CJK face may be picked).
CJK_FAMILIES = (
    "Noto Sans CJK JP",
    "Noto Sans JP",
    "Source Han Sans JP",
    "Hiragino Sans",
    "Yu Gothic UI",
    "Meiryo UI",
    "IPAexGothic",
)


def apply_fonts(app: QApplication) -> list[str]:
    """The UI font followed by Japanese families installed here; returns the families."""
    font = QFont(app.font())
    installed = set(QFontDatabase.families())
    families = [font.family(), *(f for f in CJK_FAMILIES if f in installed)]
    font.setFamilies(families)
    font.setWeight(QFont.Weight.Normal)
    app.setFont(font)
    return families


DARK_FIELDS = """
QLineEdit { border: 1px solid #5f6368; border-radius: 3px; padding: 2px 4px; }
QLineEdit:focus { border-color: #8ab4f8; }
"""


def apply_theme(app: QApplication, theme: str) -> bool:
    """Apply ``theme`` ("system", "light" or "dark"); returns whether it is dark."""
    dark = system_is_dark() if theme == "system" else theme == "dark"
    apply_fonts(app)
    style = QStyleFactory.create("Fusion")
    if style is not None:
        app.setStyle(style)
    app.setPalette(dark_palette() if dark else style.standardPalette() if style else QPalette())
    # Fusion outlines fields with a shade of the window colour, invisible on a dark base.
    app.setStyleSheet(DARK_FIELDS if dark else "")
    return dark
