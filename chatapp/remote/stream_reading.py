"""Reading a reply: the server-sent events fed to the reply assembler, and the finished reply
turned into a ``GenerationResult`` with its timings and token counts."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from typing import Any

import httpx2

from chatapp.core.engine import EngineError, GenerationResult, PromptMessage
from chatapp.remote.reply import ReplyAssembler, StreamError, error_message
from chatapp.remote.tokens import RemoteTokenizer

FINISH_REASONS = {"stop": "eos", "eos": "eos", "length": "length", "tool_calls": "tool_calls",
                  "function_call": "tool_calls", "content_filter": "eos"}  # fmt: skip


def read_events(
    response: httpx2.Response, reply: ReplyAssembler, is_cancelled: Callable[[], bool]
) -> bool:
    """Read the event stream; True when it ended properly with ``[DONE]``."""
    for event in httpx2.EventSource(response):
        if is_cancelled():
            return False
        data = event.data.strip()
        if data == "[DONE]":
            return True
        if not data:
            continue
        try:
            chunk = json.loads(data)
        except ValueError:
            if event.event == "error":
                raise StreamError(data[:300]) from None
            continue  # a keep-alive or a line this client does not know
        if event.event == "error":
            raise StreamError(error_message(chunk.get("error", chunk)))
        reply.feed(chunk, time.perf_counter())
    return False


def reply_result(
    reply: ReplyAssembler,
    messages: Sequence[PromptMessage],
    done: bool,
    t0: float,
    cancelled: bool,
    tokenizer: RemoteTokenizer | None,
) -> GenerationResult:
    calls = reply.tool_calls
    if cancelled:
        reason = "cancelled"
    elif reply.finish_reason is not None:
        reason = FINISH_REASONS.get(reply.finish_reason, "eos")
    elif calls:
        reason = "tool_calls"
    else:
        why = "" if done else " and closed the connection"
        raise EngineError(
            "interrupted",
            f"The server ended the reply before it was finished{why} (another request "
            "may have interrupted it); the part received is kept.",
        )
    usage = reply.usage or {}
    prompt_tokens = int(usage.get("prompt_tokens") or 0)
    if prompt_tokens and tokenizer is not None:
        tokenizer.calibrate(messages, prompt_tokens)
    completion = int(usage.get("completion_tokens") or reply.pieces)
    first, last = reply.first_piece_at, reply.last_piece_at
    span = (last - first) if first is not None and last is not None else 0.0
    cached = (usage.get("prompt_tokens_details") or {}).get("cached_tokens") or 0
    stats: dict[str, Any] = {
        "prompt_tokens": prompt_tokens,
        "prompt_tokens_reused": int(cached),
        "completion_tokens": completion,
        "ttft_s": (first - t0) if first is not None else 0.0,
        "tokens_per_s": (completion - 1) / span if completion > 1 and span > 0 else 0.0,
        "stop_reason": reason,
        "total_s": time.perf_counter() - t0,
        "finish_reason": reply.finish_reason or "",
        "usage_reported": bool(usage),
        "server_model": reply.model,
    }
    reasoning = reply.reasoning
    if reasoning and first is not None and reply.first_text_at is not None:
        stats["reasoning_s"] = round(reply.first_text_at - first, 3)
    return GenerationResult(reply.text, reason, stats, calls, reasoning)
