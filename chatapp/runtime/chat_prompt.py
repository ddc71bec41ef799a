"""Render chat messages to prompt tokens with the model's chat format.

The GGUF template and our built-in templates go through llama-cpp-python's
``Jinja2ChatFormatter`` (a sandboxed Jinja environment); named formats use the formatter
functions of llama-cpp-python's registry.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import llama_cpp
from llama_cpp import llama_chat_format

from chatapp.core.models.templates import (
    BUILTIN_TEMPLATES,
    FILE_TEMPLATE,
    NO_SYSTEM_ROLE,
    REGISTRY_FORMATS,
    ChatFormatChoice,
)

Message = dict[str, Any]
RENDER_TIMEOUT_S = 2.0


class TemplateFailed(Exception):
    """The chat template could not be rendered: refused by the sandbox, broken, or too slow."""


class _Timeout(BaseException):  # not an Exception: a template's own error handling cannot eat it
    pass


@contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Interrupt a render that runs too long (a template can loop for ever)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        yield
        return

    def expire(_signum: int, _frame: object) -> None:
        raise _Timeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass(frozen=True)
class RenderedPrompt:
    tokens: list[int]
    stop_strings: list[str]
    stop_token_ids: frozenset[int]


def fold_system_prompt(messages: Sequence[Message]) -> list[Message]:
    """For formats without a system role: prepend the system text to the first user turn."""
    system = "\n\n".join(m["content"] for m in messages if m["role"] == "system" and m["content"])
    rest = [dict(m) for m in messages if m["role"] != "system"]
    if system:
        for m in rest:
            if m["role"] == "user":
                m["content"] = f"{system}\n\n{m['content']}"
                break
        else:
            rest.insert(0, {"role": "user", "content": system})
    return rest


class ChatPrompter:
    def __init__(self, llm: llama_cpp.Llama, choice: ChatFormatChoice) -> None:
        self._llm = llm
        self.choice = choice
        model = llm._model
        eos_id, bos_id = model.token_eos(), model.token_bos()
        self._eos_ids = {eos_id} if eos_id != -1 else set()
        self._formatter: Callable[..., Any]
        template = choice.template if choice.name == FILE_TEMPLATE else None
        template = template or BUILTIN_TEMPLATES.get(choice.name)
        if template is not None:
            try:
                self._formatter = llama_chat_format.Jinja2ChatFormatter(
                    template=template,
                    eos_token=model.token_get_text(eos_id) if eos_id != -1 else "",
                    bos_token=model.token_get_text(bos_id) if bos_id != -1 else "",
                    stop_token_ids=sorted(self._eos_ids),
                )
            except Exception as exc:  # noqa: BLE001 - jinja2 syntax errors and the like
                raise TemplateFailed(f"{type(exc).__name__}: {str(exc)[:160]}") from None
        else:
            self._formatter = getattr(llama_chat_format, REGISTRY_FORMATS[choice.name])

    def render(
        self, messages: Sequence[Message], tools: Sequence[dict[str, Any]] | None = None
    ) -> RenderedPrompt:
        """The prompt's tokens; ``tools`` reach templates that take them (others ignore them)."""
        text, add_bos, stops = self.render_text(messages, tools)
        tokens = self._llm.tokenize(text.encode("utf-8"), add_bos=add_bos, special=True)
        return RenderedPrompt(tokens, stops, frozenset(self._eos_ids))

    @property
    def stop_token_ids(self) -> frozenset[int]:
        return frozenset(self._eos_ids)

    def render_text(
        self, messages: Sequence[Message], tools: Sequence[dict[str, Any]] | None = None
    ) -> tuple[str, bool, list[str]]:
        """The prompt as text, whether a BOS token goes before it, and its stop strings."""
        msgs = [dict(m) for m in messages]
        if self.choice.name in NO_SYSTEM_ROLE:
            msgs = fold_system_prompt(msgs)
        extra = {"tools": list(tools)} if tools else {}
        try:
            with _deadline(RENDER_TIMEOUT_S):
                response = self._formatter(messages=msgs, **extra)
        except _Timeout:
            raise TemplateFailed(f"it ran for more than {RENDER_TIMEOUT_S:.0f} s") from None
        except RecursionError:
            raise TemplateFailed("it recurses without end") from None
        except Exception as exc:  # noqa: BLE001 - jinja2's sandbox and template errors
            raise TemplateFailed(f"{type(exc).__name__}: {str(exc)[:160]}") from None
        stop = response.stop
        stops = [stop] if isinstance(stop, str) else list(stop or [])
        return response.prompt, not response.added_special, [s for s in stops if s]
