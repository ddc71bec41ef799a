"""Search for one or two characters without scanning every message.

The trigram index needs three characters, but a Japanese word is often one or two (猫, 富士).
A second full-text index holds each message as "grams": every CJK character and every pair of
neighbouring CJK characters as a token of its own, and other text as its words. A one- or
two-character CJK query is then one token lookup; a short Latin query matches the start of a
word (a prefix lookup), which is what a two-letter search usually means.
"""

from __future__ import annotations

import itertools
import sqlite3

FUNCTION = "kotoba_grams"


def is_cjk(ch: str) -> bool:
    code = ord(ch)
    return (
        0x3040 <= code <= 0x30FF  # hiragana, katakana
        or 0x3400 <= code <= 0x4DBF  # CJK extension A
        or 0x4E00 <= code <= 0x9FFF  # CJK unified ideographs
        or 0xF900 <= code <= 0xFAFF  # compatibility ideographs
        or 0xAC00 <= code <= 0xD7AF  # hangul syllables
        or 0xFF66 <= code <= 0xFF9F  # half-width katakana
        or 0x20000 <= code <= 0x2FFFF  # CJK extensions B and later
    )


def grams(text: str | None) -> str:
    """The text as index tokens: CJK characters and pairs of them, other text unchanged."""
    if not text:
        return ""
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            out.append(" ")
            out.append(" ".join(run))
            out.append(" ")
            out.append(" ".join(a + b for a, b in itertools.pairwise(run)))
            out.append(" ")
            run.clear()

    for ch in text:
        if is_cjk(ch):
            run.append(ch)
        else:
            flush()
            out.append(ch)
    flush()
    return "".join(out)


def register(conn: sqlite3.Connection) -> None:
    """The SQL function the index's triggers call (every connection that writes needs it)."""
    conn.create_function(FUNCTION, 1, grams, deterministic=True)


def match_expression(query: str) -> str | None:
    """The MATCH expression for a one- or two-character query, or None if it has none."""
    q = query.strip()
    if not 1 <= len(q) <= 2:
        return None
    if all(is_cjk(ch) for ch in q):
        return f'"{q}"'
    if all(ch.isalnum() and ch.isascii() for ch in q):
        return f'"{q.lower()}"*'
    return None
