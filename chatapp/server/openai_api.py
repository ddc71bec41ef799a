"""The OpenAI chat-completions wire format: responses and stream chunks out (requests are
checked in chat_request.py)."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

from chatapp.core.engine import GenerationResult, ToolCall
from chatapp.server.chat_request import ChatCall, parse_chat
from chatapp.server.errors import BadRequest, error_body

__all__ = ["BadRequest", "ChatCall", "Completion", "error_body", "parse_chat"]

FINISH = {"eos": "stop", "stop_string": "stop", "length": "length", "context_full": "length",
          "tool_calls": "tool_calls", "cancelled": "stop"}  # fmt: skip


class Completion:
    """Ids and timestamps shared by one response's chunks."""

    def __init__(self, model: str, asked: int | None = None, n_ctx: int = 0) -> None:
        self.id = f"chatcmpl-{uuid.uuid4().hex[:24]}"
        self.created = int(time.time())
        self.model = model
        self.asked = asked  # the client's max_tokens, to say in usage when it was clamped
        self.n_ctx = n_ctx

    def _base(self, kind: str) -> dict[str, Any]:
        return {"id": self.id, "object": kind, "created": self.created, "model": self.model,
                "system_fingerprint": "kotoba"}  # fmt: skip

    def chunk(self, delta: dict[str, Any], finish: str | None = None) -> bytes:
        data = self._base("chat.completion.chunk")
        data["choices"] = [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}]
        return sse(data)

    def usage_chunk(self, result: GenerationResult) -> bytes:
        data = self._base("chat.completion.chunk")
        data["choices"] = []
        data["usage"] = usage(result, self.asked, self.n_ctx)
        return sse(data)

    def response(self, result: GenerationResult) -> dict[str, Any]:
        message: dict[str, Any] = {"role": "assistant", "content": result.text}
        if result.tool_calls:
            message["tool_calls"] = tool_calls(result.tool_calls)
            message["content"] = result.text or None
        if result.reasoning:
            message["reasoning_content"] = result.reasoning
        data = self._base("chat.completion")
        data["choices"] = [{"index": 0, "message": message, "logprobs": None,
                            "finish_reason": finish_reason(result)}]  # fmt: skip
        data["usage"] = usage(result, self.asked, self.n_ctx)
        return data


def finish_reason(result: GenerationResult) -> str:
    return "tool_calls" if result.tool_calls else FINISH.get(result.stop_reason, "stop")


def usage(result: GenerationResult, asked: int | None = None, n_ctx: int = 0) -> dict[str, Any]:
    """OpenAI's usage; ``max_tokens_clamped`` says when ``asked`` was more than the context
    had left after the prompt (the reply was limited to ``allowed``)."""
    prompt = int(result.stats.get("prompt_tokens", 0))
    completion = int(result.stats.get("completion_tokens", 0))
    reused = int(result.stats.get("prompt_tokens_reused", 0))
    data: dict[str, Any] = {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
        "prompt_tokens_details": {"cached_tokens": reused},
    }
    if asked is not None and n_ctx and asked > n_ctx - prompt:
        data["max_tokens_clamped"] = {"requested": asked, "allowed": max(0, n_ctx - prompt)}
    return data


def tool_calls(calls: tuple[ToolCall, ...], with_index: bool = False) -> list[dict[str, Any]]:
    out = []
    for i, call in enumerate(calls):
        function = {"name": call.name, "arguments": call.arguments}
        item: dict[str, Any] = {"id": call.id, "type": "function", "function": function}
        if with_index:
            item["index"] = i
        out.append(item)
    return out


def sse(data: dict[str, Any] | str) -> bytes:
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    return f"data: {text}\n\n".encode()


def models_list(models: list[tuple[str, int, int | None]]) -> dict[str, Any]:
    """``(id, created, context length or None)`` for each model."""
    data = []
    for model_id, created, n_ctx in models:
        entry: dict[str, Any] = {"id": model_id, "object": "model", "created": created,
                                 "owned_by": "kotoba"}  # fmt: skip
        if n_ctx:
            entry["context_length"] = n_ctx
        data.append(entry)
    return {"object": "list", "data": data}
