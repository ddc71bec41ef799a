"""Problems from the core and the engines, worded in the interface's language.

The core raises errors with a ``kind`` and ``params`` (``EngineError``, ``ContextError``); this
module turns them into sentences through Qt's translation. A kind it does not know falls back
to the error's own (English) message, so nothing is ever hidden.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject

from chatapp.core.chat.planner import ContextError
from chatapp.core.engine import EngineError
from chatapp.core.models.memory import format_bytes


def _fill(template: str, *values: object) -> str:
    for i, value in enumerate(values, start=1):
        template = template.replace(f"%{i}", str(value))
    return template


class ErrorText(QObject):
    """Holds the translations (their context is this class)."""

    def engine(self, exc: EngineError) -> str:
        p: dict[str, Any] = exc.params
        kind = exc.kind
        if kind == "too_big" and {"name", "n_ctx", "need", "have"} <= p.keys():
            return _fill(
                self.tr(
                    "%1 at a context of %2 tokens needs about %3 of memory; %4 is available. "
                    "Choose a shorter context or a smaller model."
                ),
                p["name"],
                p["n_ctx"],
                format_bytes(p["need"]),
                format_bytes(p["have"]),
            )
        if kind == "load_failed" and "file" in p:
            return _fill(
                self.tr("%1 cannot be used as a model: %2"), p["file"], p.get("detail", "")
            )
        if kind == "template":
            return _fill(
                self.tr(
                    "The chat template failed (%1). Choose a built-in chat format for this model, "
                    "such as chatml, and load it again."
                ),
                p.get("detail", ""),
            )
        if kind == "crashed":
            signal = p.get("signal") or ""
            return (
                _fill(self.tr("The model runtime stopped (%1)."), signal) if signal else exc.message
            )
        if kind == "not_loaded":
            return self.tr("No model is loaded.")
        return exc.message

    def context(self, exc: ContextError) -> str:
        p = exc.params
        if exc.kind == "too_long" and p.get("pinned"):
            return _fill(
                self.tr(
                    "The pinned messages and your message need %1 tokens, but the context "
                    "holds %2. Unpin something, shorten the message or raise the context length."
                ),
                p["needed"],
                p["budget"],
            )
        if exc.kind == "too_long" and "needed" in p:
            return _fill(
                self.tr(
                    "Your message needs %1 tokens with the system prompt, but the context holds "
                    "%2 (context length %3 minus %4 kept for the reply). Shorten it, split it, "
                    "or raise the context length. Nothing was cut."
                ),
                p["needed"],
                p["budget"],
                p["n_ctx"],
                p["reserve"],
            )
        if exc.kind == "full" and "needed" in p:
            return _fill(
                self.tr(
                    "This conversation needs %1 tokens, but the context holds %2 (context "
                    "length %3 minus %4 kept for the reply). Start a new chat, raise the context "
                    "length, or choose the rolling or summarize policy."
                ),
                p["needed"],
                p["budget"],
                p["n_ctx"],
                p["reserve"],
            )
        if exc.kind == "empty":
            return self.tr("There is nothing to reply to.")
        return str(exc)


def error_text(exc: BaseException) -> str:
    """``exc`` in the interface's language (its own message for what is not known here)."""
    if isinstance(exc, EngineError):
        return ErrorText().engine(exc)
    if isinstance(exc, ContextError):
        return ErrorText().context(exc)
    return str(exc) or type(exc).__name__
