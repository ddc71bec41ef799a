"""Translations: Kotoba's own (.qm built from resources/translations/*.ts) and Qt's."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

QM_DIR = Path(__file__).resolve().parents[2] / "i18n"
LANGUAGES = ("system", "en", "ja")


def choose_language(setting: str) -> str:
    """The language to show: the setting, or the system's when it is "system"."""
    if setting in ("en", "ja"):
        return setting
    return "ja" if QLocale.system().name().startswith("ja") else "en"


def install_translations(app: QApplication, setting: str = "system") -> list[QTranslator]:
    """Install the translators for ``setting``; returns them (keep them alive, or remove them)."""
    language = choose_language(setting)
    installed: list[QTranslator] = []
    if language == "en":
        return installed
    ours = QTranslator(app)
    if ours.load(str(QM_DIR / f"kotoba_{language}.qm")):
        app.installTranslator(ours)
        installed.append(ours)
    qt = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt.load(f"qtbase_{language}", qt_dir):
        app.installTranslator(qt)
        installed.append(qt)
    return installed
