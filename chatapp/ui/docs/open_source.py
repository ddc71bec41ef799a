"""Opening a reply's source: the file in the desktop's viewer, at the page where it can.

PDF viewers that read URL fragments (browsers' viewers, Okular) open ``file:///….pdf#page=3``;
Evince-based viewers take ``--page-label``. Others open the file at its start.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from chatapp.core.chat import meta as message_meta

PAGE_VIEWERS = ("evince", "atril", "xreader")  # take --page-label=N


def source_of(meta: dict[str, Any] | None, n: int) -> dict[str, Any] | None:
    for source in message_meta.get(meta, message_meta.SOURCES, []) or []:
        if isinstance(source, dict) and source.get("n") == n:
            return source
    return None


def source_url(source: dict[str, Any]) -> QUrl:
    url = QUrl.fromLocalFile(str(source.get("path", "")))
    page = source.get("page")
    if isinstance(page, int) and str(source.get("path", "")).lower().endswith(".pdf"):
        url.setFragment(f"page={page}")
    return url


def open_source(source: dict[str, Any]) -> bool:
    """Open the file; False when it is gone or nothing could open it."""
    path = Path(str(source.get("path", "")))
    if not path.is_file():
        return False
    page = source.get("page")
    if isinstance(page, int) and path.suffix.lower() == ".pdf":
        for viewer in PAGE_VIEWERS:
            exe = shutil.which(viewer)
            if exe:
                subprocess.Popen([exe, f"--page-label={page}", str(path)])
                return True
    return bool(QDesktopServices.openUrl(source_url(source)))
