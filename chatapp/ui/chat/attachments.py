"""Images attached to the message being written: the button, paste, drop, and the thumbnails
above the composer with their remove buttons.

Every image is untrusted: it is checked and prepared (``core.images.prepare``: header limits
first, then decoding within them, downscaling) and written to the image store on a worker
thread; a broken image or a bomb is refused with one line. Thumbnails are decoded from the
prepared bytes with ``QImageReader`` under an allocation limit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData, QSize, Qt, Signal
from PySide6.QtGui import QImage, QImageReader, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from chatapp.core.images.header import ImageError
from chatapp.core.images.image_store import ImageStore, StoredImage
from chatapp.core.images.prepare import prepare_image
from chatapp.ui.background import Operations
from chatapp.ui.icons import icon

THUMB = 64
MAX_ATTACHED = 8
ALLOCATION_LIMIT_MB = 64  # QImageReader refuses to allocate more for one thumbnail
SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".gif")


def thumbnail(path: Path, side: int) -> QPixmap:
    """A scaled pixmap of a stored image, decoded within Qt's allocation limit."""
    reader = QImageReader(str(path))
    reader.setAllocationLimit(ALLOCATION_LIMIT_MB)
    size = reader.size()
    if size.isValid() and max(size.width(), size.height()) > side:
        reader.setScaledSize(size.scaled(QSize(side, side), Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    return QPixmap.fromImage(image) if not image.isNull() else QPixmap()


def image_files(mime: QMimeData) -> list[Path]:
    return [
        Path(u.toLocalFile())
        for u in mime.urls()
        if u.isLocalFile() and u.toLocalFile().lower().endswith(SUFFIXES)
    ]


def png_of(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]
    return bytes(data.data())


@dataclass
class Attached:
    image: StoredImage
    path: Path


class AttachmentStrip(QWidget):
    """The thumbnails of the attached images; each with a remove button."""

    changed = Signal()
    refused = Signal(str)  # one line: why an image was not attached

    def __init__(self, images: ImageStore, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = images
        self.ops = ops
        self.items: list[Attached] = []
        self.pending = 0
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(0, 0, 0, 4)
        self._row.addStretch(1)
        self.setVisible(False)
        self.setAccessibleName(self.tr("Attached images"))

    def images(self) -> list[StoredImage]:
        return [a.image for a in self.items]

    def clear(self) -> None:
        self.items.clear()
        self._rebuild()

    def add_files(self, paths: list[Path]) -> None:
        for path in paths:
            self._add(path.read_bytes, path.name)

    def add_bytes(self, data: bytes, name: str) -> None:
        self._add(lambda: data, name)

    def add_mime(self, mime: QMimeData) -> bool:
        """Paste or drop: image files, or an image itself (a screenshot). True if taken."""
        files = image_files(mime)
        if files:
            self.add_files(files)
            return True
        if mime.hasImage():
            image = mime.imageData()
            if isinstance(image, QImage) and not image.isNull():
                self.add_bytes(png_of(image), self.tr("pasted image") + ".png")
                return True
        return False

    def _add(self, read: Callable[[], bytes], name: str) -> None:
        if len(self.items) + self.pending >= MAX_ATTACHED:
            self.refused.emit(
                self.tr("At most %1 images per message.").replace("%1", str(MAX_ATTACHED))
            )
            return
        self.pending += 1
        store = self.store

        def op(_report: object) -> StoredImage:
            try:
                data = read()
            except OSError as exc:
                raise ImageError("missing", f"cannot read {name}: {exc.strerror}") from None
            return store.put(prepare_image(data), name)

        def done(image: StoredImage) -> None:
            self.pending -= 1
            self.items.append(Attached(image, store.path_of(image)))
            self._rebuild()

        def failed(exc: BaseException) -> None:
            self.pending -= 1
            why = self.why(exc) if isinstance(exc, ImageError) else str(exc)
            self.refused.emit(
                self.tr("%1 was not attached: %2").replace("%1", name).replace("%2", why)
            )
            self.changed.emit()

        self.ops.run(op, on_success=done, on_failure=failed, name="attach-image")

    def why(self, exc: ImageError) -> str:
        """The reason in the interface's language (the English one for kinds not worded)."""
        p = exc.params
        if exc.kind == "too_many_pixels" and "width" in p:
            return (
                self.tr("it says it is %1 × %2 pixels; at most %3 megapixels are accepted")
                .replace("%1", str(p["width"]))
                .replace("%2", str(p["height"]))
                .replace("%3", str(int(p["limit"]) // 1_000_000))  # type: ignore[call-overload]
            )
        if exc.kind == "too_large" and "size" in p:
            return (
                self.tr("it is %1 MB; at most %2 MB is accepted")
                .replace("%1", f"{int(p['size']) / 1e6:.1f}")  # type: ignore[call-overload]
                .replace("%2", str(int(p["limit"]) // 1_000_000))  # type: ignore[call-overload]
            )
        if exc.kind == "format":
            return self.tr("it is not a PNG, JPEG, WebP or GIF image")
        if exc.kind == "broken":
            return self.tr("the image is damaged")
        return exc.message

    def remove(self, index: int) -> None:
        if 0 <= index < len(self.items):
            del self.items[index]
            self._rebuild()

    def _rebuild(self) -> None:
        while self._row.count() > 1:
            item = self._row.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for i, attached in enumerate(self.items):
            self._row.insertWidget(i, self._thumb(i, attached))
        self.setVisible(bool(self.items))
        self.changed.emit()

    def _thumb(self, index: int, attached: Attached) -> QWidget:
        box = QWidget()
        box.setObjectName("attachment")
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        picture = QLabel()
        picture.setPixmap(thumbnail(attached.path, THUMB))
        picture.setFixedSize(THUMB, THUMB)
        picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        picture.setToolTip(
            f"{attached.image.name} · {attached.image.width} × {attached.image.height}"
        )
        picture.setAccessibleName(attached.image.name)
        remove = QToolButton()
        remove.setIcon(icon("x"))
        remove.setObjectName("removeAttachment")
        remove.setToolTip(self.tr("Remove this image"))
        remove.setAccessibleName(self.tr("Remove %1").replace("%1", attached.image.name))
        remove.clicked.connect(lambda _=False, i=index: self.remove(i))
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addStretch(1)
        top.addWidget(remove)
        column.addLayout(top)
        column.addWidget(picture)
        return box


def attach_button(parent: QWidget | None = None) -> QToolButton:
    button = QToolButton(parent)
    button.setIcon(icon("picture-attach"))
    button.setIconSize(QSize(18, 18))
    button.setObjectName("attachButton")
    return button
