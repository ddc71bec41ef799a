"""Images in the real window: the button, paste and drop attach (thumbnails with remove
buttons), the message goes with its pictures and the transcript shows them; a model without
a projector disables the button and says why (real runtime, the tiny vision pair)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from chatapp.core.chat.store_images import message_images
from tests.support.tiny_models import write_tiny_model
from tests.support.tiny_projector import png_bomb, png_bytes, write_tiny_projector
from tests.ui.conftest import WindowFactory, load, send, wait_idle


@pytest.fixture
def vision_model(tmp_path: Path) -> Path:
    folder = tmp_path / "models"
    folder.mkdir()
    write_tiny_projector(folder / "mmproj-tiny-vl-f32.gguf")
    return write_tiny_model(folder / "tiny-vl-Q8_0.gguf", "Q8_0")


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "photo.png"
    path.write_bytes(png_bytes(48, 36, seed=8))
    return path


def drop(w: object, mime: QMimeData) -> None:
    enter = QDragEnterEvent(
        QPoint(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    w.dragEnterEvent(enter)  # type: ignore[attr-defined]
    assert enter.isAccepted()
    event = QDropEvent(
        QPoint(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    w.dropEvent(event)  # type: ignore[attr-defined]  # what a drop on the window delivers


def test_button_paste_and_drop_attach_and_the_message_goes_with_them(
    qtbot: QtBot, make_window: WindowFactory, vision_model: Path, photo: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    w = make_window(vision_model)
    load(qtbot, w)
    strip = w.images.strip
    assert w.images.button.isEnabled()
    assert w.controller.model is not None and w.controller.model.details["vision"]

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(photo)], ""))
    qtbot.mouseClick(w.images.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(strip.items) == 1, timeout=10_000)

    pasted = QMimeData()
    image = QImage(30, 20, QImage.Format.Format_RGB32)
    image.fill(0x3366CC)
    pasted.setImageData(image)
    w.composer.insertFromMimeData(pasted)  # what Ctrl+V does with an image on the clipboard
    qtbot.waitUntil(lambda: len(strip.items) == 2, timeout=10_000)

    dropped = QMimeData()
    other = photo.with_name("other.png")
    other.write_bytes(png_bytes(20, 20, seed=9))
    dropped.setUrls([QUrl.fromLocalFile(str(other))])
    drop(w, dropped)
    qtbot.waitUntil(lambda: len(strip.items) == 3, timeout=10_000)
    assert strip.isVisible() and strip._row.count() == 4  # three thumbnails and the stretch
    remove = strip._row.itemAt(2).widget().findChildren(type(w.images.button))[0]
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    assert [a.image.name for a in strip.items] == ["photo.png", "pasted image.png"]

    w.grab().save("/tmp/imgshots/attached.png")
    send(qtbot, w, "what is in these pictures?")
    wait_idle(qtbot, w)
    assert not strip.items and not strip.isVisible()
    c = w.controller
    user = next(m for m in c.store.branch(c.conversation_id) if m.role == "user")
    sent = message_images(user)
    assert [i.name for i in sent] == ["photo.png", "pasted image.png"]
    assert c.store.images.read(sent[0]) == photo.read_bytes()
    reply = c.store.branch(c.conversation_id)[-1]
    assert reply.role == "assistant" and reply.stats and reply.stats["prompt_tokens"] > 32
    assert w.meter.plan is not None and w.meter.plan.segments["images"] == 32
    layout = w.transcript.delegate.layout_for(w.transcript.item(0), 600)
    assert [b.kind for b in layout.blocks][:2] == ["image", "image"]
    # Export and import keep the picture.
    copy = c.store.import_json(c.store.export_json(c.conversation_id))
    copied = next(m for m in c.store.branch(copy) if m.role == "user")
    assert c.store.images.read(message_images(copied)[0]) == photo.read_bytes()


def test_a_bomb_is_refused_with_one_line(
    qtbot: QtBot, make_window: WindowFactory, vision_model: Path, tmp_path: Path
) -> None:
    w = make_window(vision_model)
    load(qtbot, w)
    errors: list[str] = []
    w.controller.error.connect(errors.append)
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(png_bomb())
    w.images.strip.add_files([bomb])
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert "50000 × 50000" in errors[0] and "\n" not in errors[0]
    assert not w.images.strip.items


def test_a_model_without_projector_says_why(
    qtbot: QtBot, make_window: WindowFactory, tiny_q4: Path, photo: Path
) -> None:
    w = make_window(tiny_q4)
    load(qtbot, w)
    button = w.images.button
    assert not button.isEnabled()
    assert "cannot see images" in button.toolTip() and "mmproj" in button.toolTip()
    errors: list[str] = []
    w.controller.error.connect(errors.append)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo))])
    w.composer.insertFromMimeData(mime)
    assert errors and "cannot see images" in errors[0]
    assert not w.images.strip.items and w.controller.conversation_id is None
