"""Images in prompt messages: a message's ``images`` entries (sha256, format, width, height,
from ``Message.as_chat``) get the path of their file, so that an engine can read them (the
local runtime opens the file; a remote engine sends its bytes). And what they cost."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from chatapp.core.images.image_store import ImageStore
from chatapp.core.images.projector import ProjectorInfo, image_tokens

PromptMessage = dict[str, Any]
# What an image is taken to cost where the engine does not say (a remote server): about what
# the small vision models of the curated list spend on one (SmolVLM 64-320, Gemma 3 256).
IMAGE_TOKEN_ESTIMATE = 256


def has_images(messages: Sequence[PromptMessage]) -> bool:
    return any(m.get("images") for m in messages)


def with_paths(messages: Sequence[PromptMessage], store: ImageStore) -> list[PromptMessage]:
    out: list[PromptMessage] = []
    for m in messages:
        images = m.get("images")
        if images:
            m = {**m, "images": [_resolved(i, store) for i in images]}
        out.append(m)
    return out


def _resolved(image: dict[str, Any], store: ImageStore) -> dict[str, Any]:
    if image.get("path"):
        return image
    try:
        path = store.path(str(image.get("sha256")), str(image.get("format")))
    except ValueError:
        return image
    return {**image, "path": str(path)}


def vision_of(details: dict[str, Any]) -> ProjectorInfo | None:
    """The projector of a loaded model (``LoadedModel.details["vision"]``), if any."""
    data = details.get("vision")
    return ProjectorInfo.from_dict(data) if isinstance(data, dict) else None


def tokens_of(images: Sequence[dict[str, Any]], vision: ProjectorInfo | None) -> int:
    """What these images cost in a prompt: by the projector's rule, else the estimate."""
    total = 0
    for image in images:
        width, height = int(image.get("width") or 1), int(image.get("height") or 1)
        total += image_tokens(vision, width, height) if vision else IMAGE_TOKEN_ESTIMATE
    return total
