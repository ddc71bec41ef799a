"""Untrusted images: headers read before decoding, limits, bombs refused, formats kept or
converted, downscaling (real Pillow decoding of real files)."""

from __future__ import annotations

import io
import resource
import subprocess
import sys

import pytest
from PIL import Image

from chatapp.core.images.header import ImageError, read_header
from chatapp.core.images.prepare import Limits, prepare_image
from tests.support.tiny_projector import png_bomb, png_bytes


def encoded(fmt: str, size: tuple[int, int], **kw: object) -> bytes:
    image = Image.new("RGB", size, (200, 30, 90))
    out = io.BytesIO()
    image.save(out, fmt, **kw)
    return out.getvalue()


@pytest.mark.parametrize(
    ("fmt", "name"), [("PNG", "png"), ("JPEG", "jpeg"), ("WEBP", "webp"), ("GIF", "gif")]
)
def test_headers_of_every_accepted_format(fmt: str, name: str) -> None:
    header = read_header(encoded(fmt, (123, 45)))
    assert (header.format, header.width, header.height) == (name, 123, 45)


def test_lossless_webp_header() -> None:
    header = read_header(encoded("WEBP", (77, 33), lossless=True))
    assert (header.format, header.width, header.height) == ("webp", 77, 33)


def test_png_and_jpeg_within_limits_are_kept_byte_for_byte() -> None:
    for data in (png_bytes(40, 30), encoded("JPEG", (64, 48))):
        prepared = prepare_image(data)
        assert prepared.data == data and not prepared.downscaled


def test_webp_and_gif_become_png() -> None:
    frames = [Image.new("RGB", (20, 10), c) for c in ((255, 0, 0), (0, 255, 0))]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:])
    gif = prepare_image(out.getvalue())
    assert gif.format == "png" and gif.source_format == "gif" and gif.downscaled
    first = Image.open(io.BytesIO(gif.data)).convert("RGB")
    assert first.getpixel((5, 5)) == (255, 0, 0)  # the first frame
    webp = prepare_image(encoded("WEBP", (30, 20)))
    assert webp.format == "png" and (webp.width, webp.height) == (30, 20)


def test_large_images_are_downscaled_to_the_longest_side() -> None:
    prepared = prepare_image(encoded("JPEG", (4000, 1000)), Limits(max_side=1024))
    assert (prepared.width, prepared.height) == (1024, 256) and prepared.format == "jpeg"
    assert Image.open(io.BytesIO(prepared.data)).size == (1024, 256)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"GIF87a", "broken"),
        (b"not an image at all", "format"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "broken"),
        (png_bytes(30, 30)[:60], "broken"),  # cut off in the middle of its pixels
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 8, "broken"),
    ],
)
def test_damaged_images_are_one_clear_error(data: bytes, kind: str) -> None:
    with pytest.raises(ImageError) as info:
        prepare_image(data)
    assert info.value.kind == kind and "\n" not in info.value.message


def test_file_size_limit() -> None:
    with pytest.raises(ImageError) as info:
        prepare_image(png_bytes(40, 30), Limits(max_bytes=100))
    assert info.value.kind == "too_large"


def test_png_bomb_is_refused_without_the_memory_going_up() -> None:
    # In a process of its own, so that the peak resident size is this test's alone.
    code = (
        "import resource\n"
        "from chatapp.core.images.prepare import prepare_image\n"
        "from chatapp.core.images.header import ImageError\n"
        "from tests.support.tiny_projector import png_bomb\n"
        "import PIL.Image, PIL.PngImagePlugin\n"
        "bomb = png_bomb(50_000)\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "try:\n"
        "    prepare_image(bomb)\n"
        "    print('accepted')\n"
        "except ImageError as exc:\n"
        "    print(exc.kind, exc.message)\n"
        "after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "print((after - before) // 1024)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    ).stdout.splitlines()
    assert out[0].startswith("too_many_pixels"), out
    assert "50000 × 50000" in out[0]
    assert int(out[1]) < 100, f"memory went up by {out[1]} MB"


def test_the_bomb_is_a_real_png() -> None:
    small = png_bomb(300)  # the same construction, small enough to decode here
    image = Image.open(io.BytesIO(small))
    image.load()
    assert image.size == (300, 300)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss > 0
