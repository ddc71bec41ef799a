"""A search query as text SQLite's full-text index can take.

Two kinds of character make FTS5 or SQLite itself fail whatever the quoting: NUL, which ends
the MATCH string early ("unterminated string"), and a lone UTF-16 surrogate (``"\\ud800"``, which
a pasted or JSON-decoded string can hold), which cannot be encoded as UTF-8 at all. Neither can
be in a stored message, so dropping them loses no match. The chat search and document
retrieval both clean a query here before building a MATCH expression or embedding it.
"""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


def searchable(query: str) -> str:
    """``query`` without NUL and lone surrogates, other control characters as spaces.

    A surrogate pair written as two code points (``"\\ud83d\\ude00"``) becomes the one character
    it stands for; a query of nothing but such characters becomes empty (no results).
    """
    if _SURROGATE.search(query):
        joined = query.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
        query = _SURROGATE.sub("", joined)
    return _CONTROL.sub(" ", query.replace("\x00", ""))


def bounded(query: str, limit: int) -> str:
    """At most ``limit`` characters of ``query``: its start and its end, where a long message
    usually puts its question, joined by a line break."""
    if len(query) <= limit:
        return query
    half = limit // 2
    return query[:half] + "\n" + query[len(query) - (limit - half - 1) :]
