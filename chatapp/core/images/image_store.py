"""Image files in the data folder, named by the sha256 of their bytes.

``images/ab/abcdef….png``: the same picture attached twice is kept once. A file is written
(and flushed to disk) before the message that refers to it is committed, so a kill leaves at
worst a file nothing refers to, never a message without its image; ``remove_unreferenced``
takes such files away.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chatapp.core.images.header import MIME, ImageError
from chatapp.core.images.prepare import PreparedImage

_HASH = re.compile(r"^[0-9a-f]{64}$")
EXTENSIONS = {"png": ".png", "jpeg": ".jpg"}
# A file younger than this may belong to a message being committed right now.
ORPHAN_AGE_S = 3600.0


@dataclass(frozen=True)
class StoredImage:
    """An image a message refers to (kept in the message's meta, see core/chat/meta.py)."""

    sha256: str
    format: str  # "png" or "jpeg"
    width: int
    height: int
    size: int  # bytes
    name: str = ""  # the file name it was attached as, for export and the viewer

    @property
    def mime(self) -> str:
        return MIME[self.format]

    def to_meta(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "sha256": self.sha256,
            "format": self.format,
            "width": self.width,
            "height": self.height,
            "size": self.size,
        }
        if self.name:
            out["name"] = self.name
        return out

    @classmethod
    def from_meta(cls, data: Any) -> StoredImage:
        """Raises ValueError for anything that is not an image reference of ours."""
        if not isinstance(data, dict):
            raise ValueError("an image reference must be an object")
        sha = data.get("sha256")
        fmt = data.get("format")
        if not isinstance(sha, str) or not _HASH.match(sha):
            raise ValueError("an image reference needs its sha256")
        if fmt not in EXTENSIONS:
            raise ValueError(f"an image reference has an unknown format {fmt!r}")
        numbers: list[int] = []
        for key in ("width", "height", "size"):
            n = data.get(key)
            if not isinstance(n, int) or isinstance(n, bool) or n <= 0:
                raise ValueError("an image reference needs its width, height and size")
            numbers.append(n)
        name = data.get("name", "")
        return cls(
            sha,
            fmt,
            numbers[0],
            numbers[1],
            numbers[2],
            str(name)[:255] if isinstance(name, str) else "",
        )


class ImageStore:
    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)

    def path(self, sha256: str, fmt: str) -> Path:
        if not _HASH.match(sha256) or fmt not in EXTENSIONS:
            raise ValueError("not an image hash")
        return self.root / sha256[:2] / f"{sha256}{EXTENSIONS[fmt]}"

    def path_of(self, image: StoredImage) -> Path:
        return self.path(image.sha256, image.format)

    def put(self, image: PreparedImage, name: str = "") -> StoredImage:
        """Write the image (once per content) and flush it to disk; returns its reference."""
        target = self.path(image.sha256, image.format)
        if not (target.exists() and target.stat().st_size == len(image.data)):
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".part-")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(image.data)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            _fsync_dir(target.parent)
        return StoredImage(
            image.sha256, image.format, image.width, image.height, len(image.data), name
        )

    def read(self, image: StoredImage) -> bytes:
        """The image's bytes, checked against its hash; raises ImageError when lost or changed."""
        path = self.path_of(image)
        try:
            data = path.read_bytes()
        except OSError:
            raise ImageError(
                "missing", f"the image {image.name or image.sha256[:12]} is missing", path=str(path)
            ) from None
        if hashlib.sha256(data).hexdigest() != image.sha256:
            raise ImageError(
                "broken", f"the image {image.name or image.sha256[:12]} has been changed on disk"
            )
        return data

    def remove_unreferenced(
        self,
        candidates: Iterable[StoredImage],
        referenced: Callable[[str], bool],
        min_age_s: float = 0.0,
    ) -> int:
        """Delete the files among ``candidates`` whose hash nothing refers to any more."""
        removed = 0
        now = time.time()
        for image in {c.sha256: c for c in candidates}.values():
            if referenced(image.sha256):
                continue
            path = self.path_of(image)
            try:
                if min_age_s and now - path.stat().st_mtime < min_age_s:
                    continue
                path.unlink()
                removed += 1
            except FileNotFoundError:
                continue
        return removed

    def all_files(self) -> list[StoredImage]:
        """Every image file in the folder (for sweeping files a kill left behind)."""
        out: list[StoredImage] = []
        if not self.root.is_dir():
            return out
        for path in self.root.glob("??/*"):
            fmt = {".png": "png", ".jpg": "jpeg"}.get(path.suffix)
            if fmt and _HASH.match(path.stem):
                out.append(StoredImage(path.stem, fmt, 1, 1, max(1, path.stat().st_size)))
        return out


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
