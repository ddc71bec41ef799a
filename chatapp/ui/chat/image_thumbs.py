"""Pictures of messages in the transcript: thumbnails decoded once (under Qt's allocation
limit, see attachments.thumbnail) and kept, and the viewer that shows one larger."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QLabel, QScrollArea, QVBoxLayout, QWidget

from chatapp.core.images.image_store import EXTENSIONS, ImageStore
from chatapp.ui.chat.attachments import thumbnail

HEIGHT = 120  # a message's pictures are shown this high at most
VIEWER_SIDE = 1600


class ThumbnailCache:
    """Thumbnails by sha256; the image store is set once by the window."""

    def __init__(self) -> None:
        self.store: ImageStore | None = None
        self._pixmaps: dict[str, QPixmap] = {}

    def path(self, sha256: str, fmt: str) -> Path | None:
        if self.store is None or fmt not in EXTENSIONS:
            return None
        try:
            return self.store.path(sha256, fmt)
        except ValueError:
            return None

    def pixmap(self, sha256: str, fmt: str) -> QPixmap:
        if sha256 not in self._pixmaps:
            path = self.path(sha256, fmt)
            self._pixmaps[sha256] = thumbnail(path, HEIGHT * 2) if path else QPixmap()
        return self._pixmaps[sha256]


THUMBNAILS = ThumbnailCache()


class ImageViewer(QDialog):
    """One picture, larger (at most VIEWER_SIDE pixels a side), in a scrolling window."""

    def __init__(self, path: Path, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title or self.tr("Image"))
        label = QLabel()
        pixmap = thumbnail(path, VIEWER_SIDE)
        if pixmap.isNull():
            label.setText(self.tr("This image cannot be shown."))
        else:
            label.setPixmap(pixmap)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setAccessibleName(title)
        area = QScrollArea()
        area.setWidget(label)
        area.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.addWidget(area)
        self.resize(min(1000, pixmap.width() + 40), min(800, pixmap.height() + 40))
