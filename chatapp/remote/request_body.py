"""The body of a chat completions request: OpenAI's fields, the tools, and the sampling settings
beyond the standard that llama.cpp, llama-cpp-python, vLLM and Kotoba accept."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from chatapp.core.engine import GenerationRequest, PromptMessage
from chatapp.remote.image_parts import wire_messages

# Sampling settings beyond the OpenAI standard; a server that refuses them gets the request
# again without them.
EXTRA_SAMPLING = ("top_k", "min_p", "repeat_penalty")


def chat_body(
    model: str,
    messages: Sequence[PromptMessage],
    request: GenerationRequest,
    stream: bool,
    send_extras: bool,
) -> dict[str, Any]:
    s = request.sampling
    body: dict[str, Any] = {
        "model": model,
        "messages": wire_messages(messages),
        "stream": stream,
        "max_tokens": s.max_tokens,
        "temperature": s.temperature,
        "top_p": s.top_p,
    }
    if stream:
        body["stream_options"] = {"include_usage": True}
    if s.seed is not None:
        body["seed"] = s.seed
    if request.stop:
        body["stop"] = list(request.stop)
    if request.tools:
        body["tools"] = list(request.tools)
        choice = request.tool_choice
        body["tool_choice"] = (
            choice
            if choice in ("auto", "none", "required")
            else {"type": "function", "function": {"name": choice}}
        )
    if send_extras:
        body.update({name: getattr(s, name) for name in EXTRA_SAMPLING})
        if request.grammar:
            body["grammar"] = request.grammar
        if request.continue_last:
            # The last message is an unfinished reply: llama.cpp's server continues a final
            # assistant message by itself; vLLM needs to be told.
            body["continue_final_message"] = True
            body["add_generation_prompt"] = False
    return body
