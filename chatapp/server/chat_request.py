"""The accepted bodies of ``/v1/chat/completions`` and ``/v1/embeddings``, as one schema each.

Every field the server reads is checked here (type, range, length, size) before anything
reaches the model; fields OpenAI defines that this server does not use are still checked, so
that a wrong value is a 400 and not silently something else. Unknown fields are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from chatapp.core.chat.conversation_settings import SamplingSettings
from chatapp.core.engine import GenerationRequest, PromptMessage
from chatapp.runtime.protocol import InvalidRequest, Sampling
from chatapp.server.errors import BadRequest
from chatapp.server.schema import Bool, Custom, Either, Int, Json, List, Num, Obj, Str

ROLES = ("system", "user", "assistant", "tool", "developer")
MAX_MESSAGES = 2048
MAX_TOOLS = 128
MAX_STOPS = 16
MAX_EMBED_INPUTS = 2048
MAX_TOKENS_ASKED = 10**12  # larger values are refused; smaller ones are clamped to the context
TOOL_NAME = r"[A-Za-z0-9_.\-]{1,64}"
SHORT = 512


def _part(value: Any, where: str) -> str:
    part = Obj({"type": Str(64), "text": Str()}, ("type",)).check(value, where)
    if part["type"] != "text":
        raise BadRequest(f"{where}: only text content is supported here, not "
                         f"{part['type'][:30]!r}", where, "unsupported_content")  # fmt: skip
    return str(part.get("text", ""))


CONTENT = Either(
    "a string or an array of content parts",
    string=Str(),
    array=Custom(lambda v, w: "".join(List(Custom(_part), 1024).check(v, w))),
)
TOOL_CALL = Obj(
    {
        "id": Str(SHORT),
        "type": Str(32, choices=("function",)),
        "function": Obj({"name": Str(SHORT, min_len=1), "arguments": Str()}, ("name",)),
    },
    ("function",),
)
MESSAGE = Obj(
    {
        "role": Str(32, choices=ROLES),
        "content": CONTENT,
        "name": Str(SHORT),
        "tool_calls": List(TOOL_CALL, MAX_TOOLS),
        "tool_call_id": Str(SHORT),
        "reasoning_content": Str(),
    },
    ("role",),
)
TOOL = Obj(
    {
        "type": Str(32, choices=("function",)),
        "function": Obj(
            {
                "name": Str(64, min_len=1, pattern=TOOL_NAME),
                "description": Str(1 << 14),
                "parameters": Json(),
                "strict": Bool(),
            },
            ("name",),
        ),
    },
    ("function",),
)
TOOL_CHOICE = Either(
    "auto, none, required or a function",
    string=Str(32, choices=("auto", "none", "required")),
    object=Obj(
        {"type": Str(32), "function": Obj({"name": Str(64, min_len=1)}, ("name",))},
        ("function",),
    ),
)
STOP = Either(
    "a string or an array of strings",
    string=Str(SHORT),
    array=List(Str(SHORT), MAX_STOPS),
)
RESPONSE_FORMAT = Obj(
    {"type": Str(32, choices=("text", "json_object", "json_schema")), "json_schema": Json()},
    ("type",),
)
CHAT = Obj(
    {
        "model": Str(SHORT),
        "messages": List(MESSAGE, MAX_MESSAGES, min_items=1),
        "temperature": Num(0, 2),
        "top_p": Num(0, 1, lo_open=True),
        "top_k": Int(0, 1_000_000),
        "min_p": Num(0, 1),
        "repeat_penalty": Num(0, 10, lo_open=True),
        "presence_penalty": Num(-2, 2),
        "frequency_penalty": Num(-2, 2),
        "max_tokens": Int(1, MAX_TOKENS_ASKED),
        "max_completion_tokens": Int(1, MAX_TOKENS_ASKED),
        "n": Int(1, 128),
        "seed": Int(-(2**63), 2**64 - 1),
        "stop": STOP,
        "stream": Bool(),
        "stream_options": Obj({"include_usage": Bool()}),
        "tools": List(TOOL, MAX_TOOLS),
        "tool_choice": TOOL_CHOICE,
        "parallel_tool_calls": Bool(),
        "response_format": RESPONSE_FORMAT,
        "grammar": Str(1 << 16),
        "logprobs": Bool(),
        "top_logprobs": Int(0, 20),
        "logit_bias": Json(),
        "user": Str(SHORT),
        "metadata": Json(),
        "store": Bool(),
    }
)
EMBEDDINGS = Obj(
    {
        "model": Str(SHORT),
        "input": Either(
            "a string or an array of strings",
            string=Str(min_len=1),
            array=List(
                Either("a string (token arrays are not supported)", string=Str(min_len=1)),
                MAX_EMBED_INPUTS,
                min_items=1,
            ),
        ),
        "encoding_format": Str(16, choices=("float", "base64")),
        "dimensions": Int(1, 1 << 16),
        "user": Str(SHORT),
    },
    ("input",),
)


@dataclass(frozen=True)
class ChatCall:
    model: str
    messages: list[PromptMessage]
    request: GenerationRequest
    stream: bool
    include_usage: bool
    max_tokens: int | None  # what the client asked for (None: the rest of the context)

    @property
    def max_tokens_given(self) -> bool:
        return self.max_tokens is not None


def _message(m: dict[str, Any]) -> PromptMessage:
    role = "system" if m["role"] == "developer" else m["role"]
    message: PromptMessage = {"role": role, "content": m.get("content", "")}
    if role == "assistant" and m.get("tool_calls"):
        message["tool_calls"] = [
            {"id": c.get("id", ""), "type": "function",
             "function": {"name": c["function"]["name"],
                          "arguments": c["function"].get("arguments", "")}}
            for c in m["tool_calls"]
        ]  # fmt: skip
    if role == "tool":
        message["tool_call_id"] = m.get("tool_call_id", "")
        if m.get("name"):
            message["name"] = m["name"]
    return message


def _tool_choice(body: dict[str, Any]) -> str:
    choice = body.get("tool_choice", "auto")
    names = {t["function"]["name"] for t in body.get("tools", [])}
    if isinstance(choice, dict):
        choice = choice["function"]["name"]
        if choice not in names:
            raise BadRequest(f"tool_choice names {choice!r}, which is not in tools",
                             "tool_choice")  # fmt: skip
    elif choice == "required" and not names:
        raise BadRequest("tool_choice is required but no tools are given", "tool_choice")
    return str(choice)


def parse_chat(raw: Any, n_ctx: int = 4096) -> ChatCall:
    """A checked ``/v1/chat/completions`` body; raises BadRequest.

    Without ``max_tokens`` the reply may use the rest of ``n_ctx``; a larger one is clamped
    to ``n_ctx`` here and to what the prompt leaves by the engine.
    """
    body = CHAT.check(raw, "")
    if body.get("n", 1) != 1:
        raise BadRequest("only n=1 is supported", "n", "unsupported_value")
    defaults = SamplingSettings()
    asked = body.get("max_completion_tokens", body.get("max_tokens"))
    stop = body.get("stop", [])
    stops = tuple(s for s in ([stop] if isinstance(stop, str) else stop) if s)
    seed = body.get("seed")
    sampling = Sampling(
        temperature=body.get("temperature", defaults.temperature),
        top_p=body.get("top_p", defaults.top_p),
        top_k=body.get("top_k", defaults.top_k),
        min_p=body.get("min_p", defaults.min_p),
        repeat_penalty=body.get("repeat_penalty", defaults.repeat_penalty),
        # -1 is llama.cpp's "random"; other seeds fold into the 32 bits the sampler takes.
        seed=None if seed is None or seed == -1 else seed % 2**32,
        max_tokens=max(1, min(asked if asked is not None else n_ctx, n_ctx)),
        stop=stops,
    )
    try:
        sampling.validate()
    except InvalidRequest as exc:
        raise BadRequest(str(exc)) from None
    names = {f.name for f in fields(SamplingSettings)}
    request = GenerationRequest(
        sampling=SamplingSettings(**{n: getattr(sampling, n) for n in names}),
        stop=sampling.stop,
        tools=tuple(body.get("tools", ())),
        tool_choice=_tool_choice(body),
        grammar=body.get("grammar") or None,
    )
    options = body.get("stream_options", {})
    return ChatCall(
        model=body.get("model", ""),
        messages=[_message(m) for m in body["messages"]],
        request=request,
        stream=body.get("stream", False),
        include_usage=bool(options.get("include_usage")),
        max_tokens=asked,
    )


def with_context(call: ChatCall, n_ctx: int) -> ChatCall:
    """``call`` for a model with ``n_ctx``: the reply may use up to all of it (the engine
    stops where the prompt leaves no room, and usage says so)."""
    limit = max(1, min(call.max_tokens if call.max_tokens is not None else n_ctx, n_ctx))
    if limit == call.request.sampling.max_tokens:
        return call
    sampling = replace(call.request.sampling, max_tokens=limit)
    return replace(call, request=replace(call.request, sampling=sampling))


def parse_embeddings(raw: Any) -> tuple[str, list[str], str]:
    """``(model, texts, encoding_format)`` of a checked ``/v1/embeddings`` body."""
    body = EMBEDDINGS.check(raw, "")
    if "dimensions" in body:
        raise BadRequest("dimensions is not supported: vectors have the model's own size",
                         "dimensions", "unsupported_value")  # fmt: skip
    texts = body["input"]
    return (
        body.get("model", ""),
        [texts] if isinstance(texts, str) else texts,
        body.get("encoding_format", "float"),
    )
