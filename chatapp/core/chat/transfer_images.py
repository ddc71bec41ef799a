"""Images in exported and imported conversations.

JSON: every image the messages refer to travels inside the file, base64 under ``images``
(keyed by sha256). Markdown: the images are written as files into a folder beside the text
and linked from it. Import checks each image (its hash, its header within the limits) before
anything is written, and refuses a file whose messages refer to an image it does not carry.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chatapp.core.chat.store_images import message_images
from chatapp.core.images.header import ImageError
from chatapp.core.images.image_store import EXTENSIONS, StoredImage
from chatapp.core.images.prepare import PreparedImage, check_limits

if TYPE_CHECKING:
    from chatapp.core.chat.store import Store
    from chatapp.core.chat.store_records import Message


def embed_images(store: Store, messages: Iterable[Message]) -> dict[str, Any]:
    """The images of these messages for a JSON export: {sha256: {format, data (base64)}}.
    An image whose file is lost is left out (the import then names it)."""
    out: dict[str, Any] = {}
    for m in messages:
        for image in message_images(m):
            if image.sha256 in out:
                continue
            try:
                data = store.images.read(image)
            except ImageError:
                continue
            out[image.sha256] = {
                "format": image.format,
                "data": base64.b64encode(data).decode("ascii"),
            }
    return out


def markdown_images(store: Store, message: Message, folder: Path | None) -> list[str]:
    """Markdown lines for a message's images; with ``folder``, the files are written there
    and linked relative to the Markdown file (which sits beside the folder)."""
    lines: list[str] = []
    for n, image in enumerate(message_images(message), 1):
        label = image.name or f"image {n}"
        if folder is None:
            lines.append(f"*[{label}: {image.width} × {image.height}]*")
            continue
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{image.sha256[:16]}{EXTENSIONS[image.format]}"
        try:
            if not target.exists():
                target.write_bytes(store.images.read(image))
        except ImageError:
            lines.append(f"*[{label}: missing]*")
            continue
        safe = label.replace("[", "(").replace("]", ")")
        lines.append(f"![{safe}]({folder.name}/{target.name})")
    return lines


def check_import_images(data: Any, metas: Iterable[Any]) -> list[PreparedImage]:
    """The images an import brings, checked; raises ValueError naming the first problem."""
    carried = data.get("images") or {}
    if not isinstance(carried, dict):
        raise ValueError("'images' must be an object")
    wanted: dict[str, StoredImage] = {}
    for i, meta in enumerate(metas):
        for raw in (meta or {}).get("images") or ():
            try:
                image = StoredImage.from_meta(raw)
            except ValueError as exc:
                raise ValueError(f"message {i + 1}: {exc}") from None
            wanted[image.sha256] = image
    out: list[PreparedImage] = []
    for sha, image in wanted.items():
        entry = carried.get(sha)
        if not isinstance(entry, dict) or not isinstance(entry.get("data"), str):
            raise ValueError(f"the image {image.name or sha[:12]} is not in the file")
        try:
            raw_bytes = base64.b64decode(entry["data"], validate=True)
        except (binascii.Error, ValueError):
            raise ValueError(f"the image {image.name or sha[:12]} is not valid base64") from None
        if hashlib.sha256(raw_bytes).hexdigest() != sha:
            raise ValueError(f"the image {image.name or sha[:12]} does not match its hash")
        try:
            header = check_limits(raw_bytes)
        except ImageError as exc:
            raise ValueError(f"the image {image.name or sha[:12]}: {exc.message}") from None
        if header.format != image.format:
            raise ValueError(f"the image {image.name or sha[:12]} is not the format it claims")
        out.append(
            PreparedImage(raw_bytes, header.format, header.width, header.height, sha,
                          header.format, False)
        )  # fmt: skip
    return out
