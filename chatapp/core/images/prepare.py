"""Untrusted image bytes to an image Kotoba keeps: checked, decoded with limits, downscaled.

The header's stated size is checked first (``header.read_header``), so a decompression bomb
is refused before a pixel is allocated; Pillow then decodes within the same pixel limit. What
is kept is PNG or JPEG (the formats llama.cpp's image loader reads): a PNG or JPEG that needs
no downscaling is kept byte for byte, anything else is encoded again (WebP and the first
frame of a GIF as PNG). Images larger than ``max_side`` on their longest side are scaled
down to it: no vision model takes more, and a remote server need not get 20 MB.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from chatapp.core.images.header import MIME, ImageError, ImageHeader, read_header

MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40-megapixel photo decodes to 120 MB of RGB: the most we allow
MAX_SIDE = 2048
JPEG_QUALITY = 90


@dataclass(frozen=True)
class Limits:
    max_bytes: int = MAX_FILE_BYTES
    max_pixels: int = MAX_PIXELS
    max_side: int = MAX_SIDE


@dataclass(frozen=True)
class PreparedImage:
    data: bytes
    format: str  # "png" or "jpeg"
    width: int
    height: int
    sha256: str
    source_format: str  # what the file was: png, jpeg, webp, gif
    downscaled: bool  # scaled down (or converted): the bytes differ from the file's

    @property
    def mime(self) -> str:
        return MIME[self.format]


def check_limits(data: bytes, limits: Limits = Limits()) -> ImageHeader:
    """The image's header, if its file size and stated pixel count are within the limits."""
    if len(data) > limits.max_bytes:
        raise ImageError(
            "too_large",
            f"the image is {len(data) / 1e6:.1f} MB; at most {limits.max_bytes / 1e6:.0f} MB "
            "is accepted",
            size=len(data),
            limit=limits.max_bytes,
        )
    header = read_header(data)
    if header.pixels > limits.max_pixels:
        raise ImageError(
            "too_many_pixels",
            f"the image says it is {header.width} × {header.height} pixels; at most "
            f"{limits.max_pixels / 1e6:.0f} megapixels are accepted",
            width=header.width,
            height=header.height,
            limit=limits.max_pixels,
        )
    return header


def _fit(width: int, height: int, max_side: int) -> tuple[int, int]:
    longest = max(width, height)
    if longest <= max_side:
        return width, height
    scale = max_side / longest
    return max(1, round(width * scale)), max(1, round(height * scale))


def prepare_image(data: bytes, limits: Limits = Limits()) -> PreparedImage:
    """Check, decode and (when needed) downscale ``data``; raises ImageError with one line."""
    header = check_limits(data, limits)
    size = _fit(header.width, header.height, limits.max_side)
    keep = header.format in ("png", "jpeg") and size == (header.width, header.height)
    from PIL import Image  # imported here: start-up does not pay for it

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            previous = Image.MAX_IMAGE_PIXELS
            Image.MAX_IMAGE_PIXELS = limits.max_pixels
            try:
                image = Image.open(io.BytesIO(data), formats=[header.format.upper()])
                if image.width * image.height > limits.max_pixels:
                    raise ImageError("too_many_pixels", "the image has too many pixels")
                if header.format == "jpeg" and not keep:
                    image.draft("RGB", size)  # decode at a fraction of the size: less memory
                image.load()  # decodes everything (GIF: the first frame): damage shows here
            finally:
                Image.MAX_IMAGE_PIXELS = previous
    except ImageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError("too_many_pixels", "the image has too many pixels") from None
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise ImageError(
            "broken",
            f"the {header.format.upper()} image could not be read ({str(exc)[:80]})",
            format=header.format,
        ) from None
    if keep:
        return PreparedImage(
            data,
            header.format,
            header.width,
            header.height,
            hashlib.sha256(data).hexdigest(),
            header.format,
            False,
        )
    return _encode(image, size, header)


def _encode(image: object, size: tuple[int, int], header: ImageHeader) -> PreparedImage:
    from PIL import Image

    assert isinstance(image, Image.Image)
    photo = header.format == "jpeg"
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert(
            "RGBA" if "transparency" in image.info or "A" in image.mode else "RGB"
        )
    if image.size != size:
        image = image.resize(size, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if photo:
        image.convert("RGB").save(out, "JPEG", quality=JPEG_QUALITY)
    else:
        image.save(out, "PNG", optimize=False)
    data = out.getvalue()
    return PreparedImage(
        data,
        "jpeg" if photo else "png",
        size[0],
        size[1],
        hashlib.sha256(data).hexdigest(),
        header.format,
        True,
    )
