"""Images for an OpenAI-compatible server: ``image_url`` content parts with ``data:`` URLs.

A message's ``images`` (files of the image store, see core/images/prompt_images.py) become
parts after its text, each the file's bytes base64-encoded: the bytes the user attached, or
the downscaled copy Kotoba kept when the picture was larger than ``MAX_SIDE`` (docs/images.md).
A server whose model takes no images answers 400; that becomes one clear line.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from chatapp.core.engine import EngineError
from chatapp.core.images.header import MIME
from chatapp.core.images.prompt_images import has_images

PromptMessage = dict[str, Any]
REFUSAL_HINTS = ("image", "vision", "multimodal", "mmproj", "image_url")


def data_url(image: dict[str, Any]) -> str:
    path = image.get("path")
    if not path:
        raise EngineError("bad_request", "an image of the conversation has no file")
    try:
        data = Path(str(path)).read_bytes()
    except OSError as exc:
        raise EngineError("bad_request", f"an image cannot be read: {exc.strerror}") from None
    mime = MIME.get(str(image.get("format")), "image/png")
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def wire_messages(messages: Sequence[PromptMessage]) -> list[PromptMessage]:
    """The messages as the server takes them: text parts and image parts where there are
    images, plain text content everywhere else (what every server understands)."""
    out: list[PromptMessage] = []
    for m in messages:
        images = m.get("images")
        m = {k: v for k, v in m.items() if k != "images"}
        if images:
            parts: list[dict[str, Any]] = []
            if m.get("content"):
                parts.append({"type": "text", "text": str(m["content"])})
            parts += [{"type": "image_url", "image_url": {"url": data_url(i)}} for i in images]
            m["content"] = parts
        out.append(m)
    return out


def image_refusal(error: EngineError, messages: Sequence[PromptMessage]) -> EngineError:
    """A 400 about images, for a prompt with images: the model on the server cannot see them."""
    text = error.message.lower()
    about_images = any(h in text for h in REFUSAL_HINTS)
    if error.kind == "bad_request" and has_images(messages) and about_images:
        return EngineError(
            "unsupported",
            "The server's model does not take images; your message is kept. Choose a vision "
            "model on the server, or remove the images.",
            detail=error.message,
        )
    return error
