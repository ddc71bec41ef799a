"""Where Kotoba reaches into llama-cpp-python: load progress, the chat handlers it would build
from a file's templates, and the abort callback that lets a cancel stop a decode."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
from collections.abc import Callable, Iterator
from typing import Any

import llama_cpp
import llama_cpp.llama_cpp as llama_c


@contextlib.contextmanager
def load_progress(report: Callable[[float], None]) -> Iterator[None]:
    """Llama() takes no progress callback, so give its default model params one while loading."""
    original = llama_c.llama_model_default_params

    def on_progress(fraction: float, _user: object) -> bool:
        report(float(fraction))
        return True

    callback = llama_c.llama_progress_callback(on_progress)

    def params_with_progress() -> llama_c.llama_model_params:
        params = original()
        params.progress_callback = callback
        return params

    llama_c.llama_model_default_params = params_with_progress
    try:
        yield
    finally:
        llama_c.llama_model_default_params = original


class _UnusedChatHandler:
    """Stands in for the chat handlers Llama() builds from the file's templates: we render
    prompts ourselves, and a broken template must not stop the model loading with a built-in
    format."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def to_chat_handler(self) -> _UnusedChatHandler:
        return self


@contextlib.contextmanager
def without_builtin_chat_handlers() -> Iterator[None]:
    from llama_cpp import llama_chat_format

    original = llama_chat_format.Jinja2ChatFormatter
    llama_chat_format.Jinja2ChatFormatter = _UnusedChatHandler  # type: ignore[misc,assignment]
    try:
        yield
    finally:
        llama_chat_format.Jinja2ChatFormatter = original  # type: ignore[misc]


_set_abort_callback = llama_c._lib.llama_set_abort_callback
_set_abort_callback.argtypes = [ctypes.c_void_p, llama_c.ggml_abort_callback, ctypes.c_void_p]
_set_abort_callback.restype = None


def _strlen_callback() -> Any:
    """libc's ``strlen`` as a ggml abort callback over a flag buffer that holds "" or "x": it
    returns 0 or 1, which is false or true where a bool is expected. llama.cpp asks after every
    node of the compute graph (about 450 times a token for Gemma 3 270M); a Python callback
    would cost a GIL round trip each time, about 3 % of the decode speed."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None)
        return ctypes.cast(libc.strlen, llama_c.ggml_abort_callback)
    except (OSError, AttributeError):
        return None


_STRLEN = _strlen_callback()


def new_abort_flag() -> ctypes.Array[ctypes.c_char]:
    """A flag for ``ModelHost.generate``: set with ``flag.value = b"x"``, clear with ``b""``."""
    return ctypes.create_string_buffer(2)


@contextlib.contextmanager
def abortable(
    llm: llama_cpp.Llama, flag: ctypes.Array[ctypes.c_char] | None, cancelled: Callable[[], bool]
) -> Iterator[None]:
    """While inside, a cancel also stops llama.cpp within a decode (between two nodes of the
    compute graph), not only between tokens and prompt chunks: on a busy CPU one decode step
    can take far longer than the 100 ms a Stop may take. An aborted decode leaves the KV cache
    as it was before that batch (llama.cpp removes the batch's positions; llama-cpp-python
    counts only finished batches)."""
    if flag is not None and _STRLEN is not None:
        callback, data = _STRLEN, ctypes.cast(flag, ctypes.c_void_p)
    else:
        callback, data = llama_c.ggml_abort_callback(lambda _data: cancelled()), None
    _set_abort_callback(llm._ctx.ctx, callback, data)
    try:
        yield
    finally:
        _set_abort_callback(llm._ctx.ctx, llama_c.ggml_abort_callback(), None)
