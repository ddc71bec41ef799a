"""The OpenAI chat-completions wire format: requests in, responses and stream chunks out."""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, fields
from typing import Any

from chatapp.core.chat.conversation_settings import SamplingSettings
from chatapp.core.engine import GenerationRequest, GenerationResult, PromptMessage, ToolCall
from chatapp.runtime.protocol import InvalidRequest, Sampling

ROLES = ("system", "user", "assistant", "tool", "developer")
FINISH = {"eos": "stop", "stop_string": "stop", "length": "length", "context_full": "length",
          "tool_calls": "tool_calls", "cancelled": "stop"}  # fmt: skip


class BadRequest(ValueError):
    """A request this server cannot take; the message goes back to the client."""

    def __init__(self, message: str, param: str | None = None) -> None:
        super().__init__(message)
        self.param = param


@dataclass(frozen=True)
class ChatCall:
    model: str
    messages: list[PromptMessage]
    request: GenerationRequest
    stream: bool
    include_usage: bool
    max_tokens_given: bool


def error_body(message: str, kind: str = "invalid_request_error", code: str | None = None,
               param: str | None = None) -> dict[str, Any]:  # fmt: skip
    return {"error": {"message": message, "type": kind, "param": param, "code": code}}


def _text(content: Any) -> str:
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content parts: only text ones can be used here
        texts = []
        for part in content:
            if not isinstance(part, dict) or part.get("type") != "text":
                raise BadRequest("only text content is supported", "messages")
            texts.append(str(part.get("text", "")))
        return "".join(texts)
    raise BadRequest("message content must be a string or a list of parts", "messages")


def _message(raw: Any) -> PromptMessage:
    if not isinstance(raw, dict) or raw.get("role") not in ROLES:
        raise BadRequest(f"each message needs a role: one of {', '.join(ROLES)}", "messages")
    role = "system" if raw["role"] == "developer" else raw["role"]
    message: PromptMessage = {"role": role, "content": _text(raw.get("content"))}
    if role == "assistant" and isinstance(raw.get("tool_calls"), list):
        message["tool_calls"] = raw["tool_calls"]
    if role == "tool":
        message["tool_call_id"] = str(raw.get("tool_call_id", ""))
        if raw.get("name"):
            message["name"] = str(raw["name"])
    return message


def _number(body: dict[str, Any], name: str, default: Any) -> Any:
    value = body.get(name)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise BadRequest(f"{name} must be a number", name)
    return value


def _tool_choice(value: Any) -> str:
    if value is None:
        return "auto"
    if value in ("auto", "none", "required"):
        return str(value)
    if isinstance(value, dict) and isinstance(value.get("function"), dict):
        return str(value["function"].get("name", "auto"))
    raise BadRequest("tool_choice must be auto, none, required or a function", "tool_choice")


def parse_chat(body: Any, n_ctx: int = 4096) -> ChatCall:
    """Check a ``/v1/chat/completions`` body; raises BadRequest."""
    if not isinstance(body, dict):
        raise BadRequest("the body must be a JSON object")
    raw = body.get("messages")
    if not isinstance(raw, list) or not raw:
        raise BadRequest("messages must be a non-empty list", "messages")
    if body.get("n", 1) != 1:
        raise BadRequest("only n=1 is supported", "n")
    defaults = SamplingSettings()
    max_tokens = body.get("max_completion_tokens", body.get("max_tokens"))
    stop = body.get("stop")
    stops = [stop] if isinstance(stop, str) else list(stop or [])
    if not all(isinstance(s, str) for s in stops):
        raise BadRequest("stop must be a string or a list of strings", "stop")
    seed = body.get("seed")
    sampling = Sampling(
        temperature=_number(body, "temperature", defaults.temperature),
        top_p=_number(body, "top_p", defaults.top_p),
        top_k=int(_number(body, "top_k", defaults.top_k)),
        min_p=_number(body, "min_p", defaults.min_p),
        repeat_penalty=_number(body, "repeat_penalty", defaults.repeat_penalty),
        seed=seed if isinstance(seed, int) and not isinstance(seed, bool) else None,
        # Without a limit the reply may use what is left of the context (the engine stops there).
        max_tokens=max_tokens if isinstance(max_tokens, int) else n_ctx,
        stop=tuple(s for s in stops if s),
    )
    try:
        sampling.validate()
    except InvalidRequest as exc:
        raise BadRequest(str(exc)) from None
    tools = body.get("tools") or ()
    if not isinstance(tools, list | tuple) or not all(isinstance(t, dict) for t in tools):
        raise BadRequest("tools must be a list of function tools", "tools")
    options = body.get("stream_options")
    names = {f.name for f in fields(SamplingSettings)}
    request = GenerationRequest(
        sampling=SamplingSettings(**{n: getattr(sampling, n) for n in names}),
        stop=sampling.stop,
        tools=tuple(tools),
        tool_choice=_tool_choice(body.get("tool_choice")),
        grammar=body.get("grammar") if isinstance(body.get("grammar"), str) else None,
    )
    return ChatCall(
        model=str(body.get("model") or ""),
        messages=[_message(m) for m in raw],
        request=request,
        stream=bool(body.get("stream", False)),
        include_usage=bool(isinstance(options, dict) and options.get("include_usage")),
        max_tokens_given=isinstance(max_tokens, int),
    )


class Completion:
    """Ids and timestamps shared by one response's chunks."""

    def __init__(self, model: str) -> None:
        self.id = f"chatcmpl-{uuid.uuid4().hex[:24]}"
        self.created = int(time.time())
        self.model = model

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
        data["usage"] = usage(result)
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
        data["usage"] = usage(result)
        return data


def finish_reason(result: GenerationResult) -> str:
    return "tool_calls" if result.tool_calls else FINISH.get(result.stop_reason, "stop")


def usage(result: GenerationResult) -> dict[str, Any]:
    prompt = int(result.stats.get("prompt_tokens", 0))
    completion = int(result.stats.get("completion_tokens", 0))
    reused = int(result.stats.get("prompt_tokens_reused", 0))
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
        "prompt_tokens_details": {"cached_tokens": reused},
    }


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
