"""What is checked before llama.cpp sees a model file: the request, the file's header, the
memory it needs and the vision projector."""

from __future__ import annotations

import os

from chatapp.core.hardware import physical_cores
from chatapp.core.images.projector import ProjectorError, ProjectorInfo, read_projector
from chatapp.core.models.gguf_header import GGUFError, GGUFHeader, read_gguf_header
from chatapp.core.models.memory import available_bytes, format_bytes, required_bytes
from chatapp.core.models.model_info import ModelInfo, describe
from chatapp.core.models.templates import UnknownChatFormat
from chatapp.runtime import protocol as p
from chatapp.runtime.host_types import HostError

MIN_CONTEXT = 64


def default_threads() -> int:
    return physical_cores()


KV_CACHE_TYPES = {"f16": 1, "q8_0": 8}  # ggml type ids
Q8_0_BLOCK = 32  # values per Q8_0 block: a quantized cache needs head sizes divisible by it


def validate_load(req: p.LoadRequest) -> tuple[GGUFHeader, ModelInfo, int]:
    """Everything we can check before llama.cpp sees the file; returns the context length."""
    if req.n_ctx is not None and (not isinstance(req.n_ctx, int) or req.n_ctx < MIN_CONTEXT):
        raise HostError("bad_request", f"context length must be at least {MIN_CONTEXT} tokens")
    if req.n_threads is not None and not (1 <= req.n_threads <= 512):
        raise HostError("bad_request", "threads must be between 1 and 512")
    if req.n_gpu_layers < -1:
        raise HostError("bad_request", "GPU layers must be -1 (all), 0 or more")
    if req.kv_cache_type not in KV_CACHE_TYPES:
        raise HostError("bad_request", f"unknown KV cache type {req.kv_cache_type!r}")
    if req.kv_cache_type != "f16" and not req.flash_attn:
        raise HostError(
            "bad_request",
            "a quantized KV cache needs flash attention: turn flash attention on, "
            "or keep the KV cache at f16",
        )
    try:
        header = read_gguf_header(req.path)
        info = describe(header, req.chat_format)
    except (GGUFError, UnknownChatFormat) as exc:
        raise HostError(
            "load_failed", str(exc), file=os.path.basename(req.path), detail=str(exc)
        ) from None
    except OSError as exc:
        raise HostError("load_failed", f"cannot read {req.path}: {exc.strerror}") from None
    if (
        req.kv_cache_type == "q8_0"
        and (info.key_length or info.value_length)
        and (info.key_length % Q8_0_BLOCK or info.value_length % Q8_0_BLOCK)
    ):
        raise HostError(
            "bad_request",
            f"{info.name} has attention heads of {info.key_length} values, which a Q8_0 KV "
            f"cache cannot hold (it stores blocks of {Q8_0_BLOCK}): keep the KV cache at f16",
        )
    n_ctx = req.n_ctx
    if n_ctx is None:  # the default: as much as the model was trained for, up to a limit
        limit = max(MIN_CONTEXT, req.n_ctx_limit or p.DEFAULT_CONTEXT)
        n_ctx = min(limit, info.context_length or limit)
    if info.context_length and n_ctx > info.context_length:
        raise HostError(
            "bad_request",
            f"context length {n_ctx} is beyond what {info.name} was trained for "
            f"({info.context_length} tokens)",
        )
    need = required_bytes(info, n_ctx, req.kv_cache_type, req.flash_attn)
    have = available_bytes()
    if req.memory_limit:  # the user keeps models within this much memory
        have = min(have, req.memory_limit) if have else req.memory_limit
    if have and need > have and not req.ignore_memory:
        raise HostError(
            "too_big",
            f"{info.name} at a context of {n_ctx} tokens needs about {format_bytes(need)} "
            f"of memory; {format_bytes(have)} is available. Choose a shorter context or a "
            "smaller model.",
            name=info.name,
            n_ctx=n_ctx,
            need=need,
            have=have,
        )
    return header, info, n_ctx


def validate_projector(req: p.LoadRequest) -> ProjectorInfo | None:
    """The vision projector to load with the model, checked before llama.cpp sees it."""
    if not req.mmproj:
        return None
    try:
        return read_projector(req.mmproj)
    except (GGUFError, ProjectorError) as exc:
        raise HostError(
            "load_failed", str(exc), file=os.path.basename(req.mmproj), detail=str(exc)
        ) from None
    except OSError as exc:
        raise HostError("load_failed", f"cannot read {req.mmproj}: {exc.strerror}") from None
