"""Images in the chat window: the attach button and the thumbnails in the composer, paste and
drop, whether the loaded model can see images, and the viewer for a message's pictures.

``ImageAttach`` is made by the main window once; the window asks it ``images_for_send()``
before sending (None: the message must not go, the reason was shown).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QObject
from PySide6.QtWidgets import QFileDialog, QWidget

from chatapp.core.engine import LoadedModel
from chatapp.core.images.image_store import StoredImage
from chatapp.ui.chat.attachments import AttachmentStrip, attach_button, image_files
from chatapp.ui.chat.image_thumbs import THUMBNAILS, ImageViewer

if TYPE_CHECKING:
    from chatapp.ui.chat.composer_box import ComposerBox
    from chatapp.ui.chat.controller import ChatController
    from chatapp.ui.services import Services


def sees_images(model: LoadedModel | None) -> bool:
    """A local model with its projector loaded; a remote one may (the server decides)."""
    if model is None:
        return False
    return model.engine != "local" or bool(model.details.get("vision"))


class ImageAttach(QObject):
    def __init__(
        self,
        services: Services,
        controller: ChatController,
        box: ComposerBox,
        transcript: QWidget,
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self.controller = controller
        self.window = window
        THUMBNAILS.store = services.store.images
        self.strip = AttachmentStrip(services.store.images, services.ops)
        self.button = attach_button()
        box.add_attachments(self.strip, self.button)
        self.composer = box.composer
        self.composer.paste_handler = self.take
        self.button.clicked.connect(self._choose)
        self.strip.changed.connect(self._changed)
        self.strip.refused.connect(controller.error.emit)
        controller.model_loaded.connect(lambda _m: self.update_button())
        controller.state_changed.connect(lambda _s: self.update_button())
        transcript.image_clicked.connect(self.show_image)  # type: ignore[attr-defined]
        services.ops.run(lambda _r: services.store.sweep_images(), name="sweep-images")
        self.update_button()

    def update_button(self) -> None:
        model = self.controller.model
        can = sees_images(model)
        self.button.setEnabled(can)
        if can:
            self.button.setToolTip(self.tr("Attach images (or paste, or drop them on the window)"))
        elif model is None:
            self.button.setToolTip(self.tr("Load a vision model to attach images"))
        else:
            self.button.setToolTip(
                self.tr(
                    "%1 cannot see images: load a vision model with its projector (mmproj) "
                    "to attach them"
                ).replace("%1", model.name)
            )
        self.button.setAccessibleName(self.button.toolTip())

    def _choose(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self.window,
            self.tr("Attach images"),
            str(Path.home()),
            self.tr("Images (*.png *.jpg *.jpeg *.webp *.gif)"),
        )
        if files:
            self.strip.add_files([Path(f) for f in files])

    def take(self, mime: QMimeData) -> bool:
        """Paste or drop of images: attached if the model can see them, else said why."""
        if not (image_files(mime) or mime.hasImage()):
            return False
        if not sees_images(self.controller.model):
            self.controller.error.emit(self.button.toolTip())
            return True
        return self.strip.add_mime(mime)

    def _changed(self) -> None:
        self.composer.attachments_count = len(self.strip.items)  # type: ignore[attr-defined]

    def images_for_send(self) -> list[StoredImage] | None:
        images = self.strip.images()
        if self.strip.pending:
            self.controller.error.emit(self.tr("The images are still being prepared."))
            return None
        if images and not sees_images(self.controller.model):
            self.controller.error.emit(self.button.toolTip())
            return None
        return images

    def sent(self) -> None:
        self.strip.clear()

    def show_image(self, key: str) -> None:
        sha, _, fmt = key.partition(".")
        path = THUMBNAILS.path(sha, fmt)
        if path is not None and path.is_file():
            ImageViewer(path, path.name, self.window).open()
