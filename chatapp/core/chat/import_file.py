"""Reading a conversation file someone hands us, before anything of it reaches the store.

A file from elsewhere is untrusted: it may be huge (read with a cap, so a 1 GB file or a device
that never ends costs at most the cap), not UTF-8, not JSON, nested deeper than the parser can
follow, or hold numbers and text that break later code (``1e999`` is infinity, a lone surrogate
cannot be written to SQLite). Each of these becomes an ``ImportError_`` that says what is wrong
and names the limit; nothing is written.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from chatapp.core.models.memory import format_bytes

MAX_IMPORT_BYTES = 100 * 1024 * 1024  # our exports carry images as base64: 100 MB is many
MAX_NESTING = 64  # an export nests 7 levels deep; tool arguments in ``meta`` a few more
MAX_NUMBER_DIGITS = 40  # a time or a count needs 20; Python refuses ints over 4300 digits


class ImportError_(ValueError):
    """A conversation file that cannot be imported; nothing was written."""


def read_conversation_file(path: Path, limit: int = MAX_IMPORT_BYTES) -> Any:
    """The parsed JSON of ``path``; raises ImportError_ (or OSError) and reads at most ``limit``+1
    bytes whatever the file system says its size is."""
    with path.open("rb") as fh:
        try:
            stated = path.stat().st_size
        except OSError:
            stated = 0
        if stated > limit:
            raise _too_big(stated, limit)
        raw = fh.read(limit + 1)
    if len(raw) > limit:
        raise _too_big(None, limit)
    return parse_conversation_bytes(raw)


def parse_conversation_bytes(raw: bytes) -> Any:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportError_(
            f"this file is not UTF-8 text (a bad byte at position {exc.start})"
        ) from None
    try:
        data = json.loads(text, parse_constant=_refuse_constant, parse_int=_int, parse_float=_float)
    except RecursionError:
        raise ImportError_(
            f"this file nests deeper than {MAX_NESTING} levels; a conversation file never does"
        ) from None
    except json.JSONDecodeError as exc:
        raise ImportError_(
            f"this file is not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except ValueError as exc:  # from the number hooks below
        raise ImportError_(f"this file cannot be imported: {exc}") from None
    check_document(data)
    return data


def check_document(data: Any) -> None:
    """Raise ImportError_ when ``data`` nests deeper than MAX_NESTING, holds a non-finite number
    or text that is not valid Unicode. Iterative: no recursion for a hostile depth to exhaust."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, (dict, list)):
            if depth > MAX_NESTING:
                raise ImportError_(
                    f"this file nests deeper than {MAX_NESTING} levels;"
                    " a conversation file never does"
                )
            if isinstance(value, dict):
                for key, item in value.items():
                    _check_text(key)
                    stack.append((item, depth + 1))
            else:
                stack.extend((item, depth + 1) for item in value)
        elif isinstance(value, str):
            _check_text(value)
        elif isinstance(value, float) and not math.isfinite(value):
            raise ImportError_("this file holds a number that is not finite")


def _check_text(text: Any) -> None:
    if isinstance(text, str):
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise ImportError_(
                "this file holds text that is not valid Unicode (a lone surrogate)"
            ) from None


def _too_big(size: int | None, limit: int) -> ImportError_:
    what = f"this file is {format_bytes(size)}" if size is not None else "this file is larger"
    return ImportError_(
        f"{what}; conversation files of up to {format_bytes(limit)} can be imported"
    )


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a conversation file holds")


def _int(text: str) -> int:
    if len(text) > MAX_NUMBER_DIGITS:
        raise ValueError(f"a number of {len(text)} digits is too long")
    return int(text)


def _float(text: str) -> float:
    if len(text) > MAX_NUMBER_DIGITS:
        raise ValueError(f"a number of {len(text)} characters is too long")
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is too large a number")
    return value
