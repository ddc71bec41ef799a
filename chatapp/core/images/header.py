"""An image's format and size from its first bytes, before anything decodes it.

A decompression bomb (a 50,000 × 50,000 PNG of a few megabytes) is refused here, from the
size its header states, without allocating its pixels. Only the formats Kotoba accepts are
recognised: PNG, JPEG, WebP and GIF.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

FORMATS = ("png", "jpeg", "webp", "gif")
MIME = {"png": "image/png", "jpeg": "image/jpeg", "webp": "image/webp", "gif": "image/gif"}
# JPEG start-of-frame markers (the ones that carry the size); not DHT, JPG or DAC.
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


class ImageError(ValueError):
    """An image Kotoba will not take; ``message`` is one line for a person, ``kind`` and
    ``params`` let the interface word it in its language."""

    def __init__(self, kind: str, message: str, **params: object) -> None:
        super().__init__(message)
        self.kind = kind  # "format", "broken", "too_large", "too_many_pixels", "missing"
        self.message = message
        self.params = params


@dataclass(frozen=True)
class ImageHeader:
    format: str  # one of FORMATS
    width: int
    height: int

    @property
    def mime(self) -> str:
        return MIME[self.format]

    @property
    def pixels(self) -> int:
        return self.width * self.height


def _broken(fmt: str, why: str) -> ImageError:
    return ImageError("broken", f"the {fmt.upper()} image is damaged ({why})", format=fmt)


def _png(data: bytes) -> ImageHeader:
    if len(data) < 24 or data[12:16] != b"IHDR":
        raise _broken("png", "no IHDR chunk")
    width, height = struct.unpack(">II", data[16:24])
    return ImageHeader("png", width, height)


def _jpeg(data: bytes) -> ImageHeader:
    i = 2
    n = len(data)
    while i + 4 <= n:
        if data[i] != 0xFF:
            raise _broken("jpeg", "a marker is missing")
        marker = data[i + 1]
        if marker == 0xFF:  # fill bytes before a marker
            i += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # markers without a length
            i += 2
            continue
        (length,) = struct.unpack(">H", data[i + 2 : i + 4])
        if length < 2:
            raise _broken("jpeg", "a segment has no length")
        if marker in _SOF:
            if i + 9 > n:
                break
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return ImageHeader("jpeg", width, height)
        if marker in (0xD9, 0xDA):  # end of image, or the scan began before any frame
            break
        i += 2 + length
    raise _broken("jpeg", "no frame header")


def _gif(data: bytes) -> ImageHeader:
    if len(data) < 10:
        raise _broken("gif", "too short")
    width, height = struct.unpack("<HH", data[6:10])
    return ImageHeader("gif", width, height)


def _webp(data: bytes) -> ImageHeader:
    if len(data) < 30:
        raise _broken("webp", "too short")
    kind = data[12:16]
    if kind == b"VP8 ":
        if data[23:26] != b"\x9d\x01\x2a":
            raise _broken("webp", "no key frame")
        width, height = struct.unpack("<HH", data[26:30])
        return ImageHeader("webp", width & 0x3FFF, height & 0x3FFF)
    if kind == b"VP8L":
        if data[20] != 0x2F:
            raise _broken("webp", "no lossless signature")
        bits = int.from_bytes(data[21:25], "little")
        return ImageHeader("webp", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
    if kind == b"VP8X":
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        return ImageHeader("webp", width, height)
    raise _broken("webp", "unknown chunk")


def read_header(data: bytes) -> ImageHeader:
    """The format and size the image claims; raises ImageError for anything else."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        header = _png(data)
    elif data.startswith(b"\xff\xd8\xff"):
        header = _jpeg(data)
    elif data[:6] in (b"GIF87a", b"GIF89a"):
        header = _gif(data)
    elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        header = _webp(data)
    else:
        raise ImageError(
            "format", "this is not a PNG, JPEG, WebP or GIF image", formats=", ".join(FORMATS)
        )
    if header.width <= 0 or header.height <= 0:
        raise _broken(header.format, "it has no pixels")
    return header
