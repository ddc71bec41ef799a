"""Where a remote server lives and what it lists: its address normalized, llama.cpp's root
beside ``/v1``, the names and context lengths of the models at ``/v1/models``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Any
from urllib.parse import urlsplit

from chatapp.core.loopback import is_loopback_host


def normalize_base_url(url: str) -> str:
    """``http://host:8080`` → ``http://host:8080/v1``; a path that is given stays."""
    url = url.strip().rstrip("/")
    if "://" not in url:
        url = "http://" + url
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("The server address must look like http://host:port/v1.")
    return url if parts.path not in ("", "/") else url + "/v1"


def server_root(base_url: str) -> str:
    """Where llama.cpp's own endpoints live (/tokenize, /props): the base without ``/v1``."""
    return base_url[: -len("/v1")] if base_url.endswith("/v1") else base_url


def display_name(model_id: str) -> str:
    """A server that names its model by file path (llama-cpp-python's) shows the file's stem."""
    if model_id.lower().endswith(".gguf"):
        return PurePath(model_id.replace("\\", "/")).stem
    return model_id


def is_loopback(url: str) -> bool:
    return is_loopback_host(urlsplit(url).hostname or "")


@dataclass(frozen=True)
class RemoteModelEntry:
    """One model a server lists at ``/v1/models``."""

    id: str
    context_length: int | None = None
    owned_by: str = ""


def context_of(entry: dict[str, Any]) -> int | None:
    """A context length a model list entry gives (vLLM's ``max_model_len``, and others)."""
    for key in ("max_model_len", "context_length", "max_context_length"):
        value = entry.get(key)
        if isinstance(value, int) and value > 0:
            return value
    return None
