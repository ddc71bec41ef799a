"""The store's images: which messages refer to which image files, mixed into ``Store``.

The image itself is a file of the ``ImageStore`` (by sha256), written and flushed before the
message that refers to it is committed; the ``message_images`` rows are written in the same
transaction as the message. Deleting a message or a conversation removes, after the commit,
the files that no other message refers to.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from chatapp.core.chat import meta as meta_keys
from chatapp.core.images.image_store import ORPHAN_AGE_S, ImageStore, StoredImage

if TYPE_CHECKING:
    from chatapp.core.chat.store_records import Message


def message_images(message: Message) -> list[StoredImage]:
    """The images a stored message refers to (damaged references are left out)."""
    return images_in_meta(message.meta)


def images_in_meta(meta: dict[str, Any] | None) -> list[StoredImage]:
    out: list[StoredImage] = []
    for raw in meta_keys.get(meta, meta_keys.IMAGES) or ():
        try:
            out.append(StoredImage.from_meta(raw))
        except ValueError:
            continue
    return out


class ImageTables:
    """The ``message_images`` table; ``Store`` gives the connection and the image folder."""

    images: ImageStore

    if TYPE_CHECKING:

        def _tx(self) -> AbstractContextManager[sqlite3.Connection]: ...

        def _query(self, sql: str, args: Iterable[Any] = ()) -> list[sqlite3.Row]: ...

    @staticmethod
    def _link_images(c: sqlite3.Connection, message_id: int, images: Sequence[StoredImage]) -> None:
        c.executemany(
            "INSERT INTO message_images (message_id, position, sha256, format) VALUES (?, ?, ?, ?)",
            [(message_id, i, img.sha256, img.format) for i, img in enumerate(images)],
        )

    def image_referenced(self, sha256: str) -> bool:
        return bool(self._query("SELECT 1 FROM message_images WHERE sha256 = ? LIMIT 1", (sha256,)))

    def _images_of(self, where: str, args: Iterable[Any]) -> list[StoredImage]:
        rows = self._query(
            "SELECT DISTINCT mi.sha256, mi.format FROM message_images mi"
            f" JOIN messages m ON m.id = mi.message_id WHERE {where}",
            args,
        )
        return [StoredImage(r[0], r[1], 1, 1, 1) for r in rows]

    def _forget_images(self, candidates: Sequence[StoredImage]) -> None:
        """After a delete: remove the files that nothing refers to any more."""
        if candidates:
            self.images.remove_unreferenced(candidates, self.image_referenced)

    def sweep_images(self) -> int:
        """Remove image files no message refers to that are older than an hour (left by a
        kill between writing an image and committing its message)."""
        return self.images.remove_unreferenced(
            self.images.all_files(), self.image_referenced, min_age_s=ORPHAN_AGE_S
        )
