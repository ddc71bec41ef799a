"""The part of a passage a search result shows: the sentences that match the query.

A chunk is a few hundred tokens and a search result shows a few hundred characters of it, so
cutting from the start can drop the one line the model looked for (a price in the middle of a
price list). ``focus`` keeps the sentences sharing the most words with the query (character
pairs for Japanese and Chinese; a word found in fewer sentences counts more), in their order
in the text, joined with "…" where something was left out; the start when nothing matches.
"""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[。！？])|(?<=[.!?;])\s+|\n")
_WORDS = re.compile(r"[0-9a-z]+|[\u3040-\u30ff\u3400-\u9fff\uff10-\uff5a]+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_SHORT = 3  # latin words shorter than this (a, of, is) say little
_COMMON = frozenset(
    [
        "and",
        "the",
        "for",
        "are",
        "was",
        "were",
        "how",
        "what",
        "which",
        "who",
        "when",
        "where",
        "why",
        "does",
        "did",
        "this",
        "that",
        "these",
        "those",
        "with",
        "from",
        "into",
        "about",
        "much",
        "many",
        "there",
        "their",
        "them",
        "they",
        "you",
        "your",
        "can",
        "will",
    ]
)
GAP = " … "


def _stem(word: str) -> str:
    """chairs → chair, boxes → box: enough for a query to meet its singular."""
    if len(word) > 4 and word.endswith("es") and word[-3] in "sxz":
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def terms(text: str) -> set[str]:
    """Words of ``text`` (lowercased); CJK runs as character pairs."""
    out: set[str] = set()
    for word in _WORDS.findall(text.lower()):
        if _CJK.match(word):
            out.update(word[i : i + 2] for i in range(max(1, len(word) - 1)))
        elif (len(word) >= _SHORT and word not in _COMMON) or word.isdigit():
            out.add(_stem(word))
    return out


def sentences(text: str) -> list[str]:
    return [s for s in (" ".join(p.split()) for p in _SENTENCE_END.split(text)) if s]


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def focus(text: str, query: str, limit: int) -> str:
    """At most ``limit`` characters of ``text``, the sentences that best match ``query``."""
    whole = " ".join(text.split())
    if len(whole) <= limit:
        return whole
    wanted = terms(query)
    parts = sentences(text)
    found = [terms(s) & wanted for s in parts]
    spread = {t: sum(t in f for f in found) for t in wanted}
    scores = [sum(1 / spread[t] for t in f) for f in found]  # a rare word counts more
    if not wanted or not any(scores):
        return _cut(whole, limit)
    ranked = sorted(range(len(parts)), key=lambda i: (-scores[i], i))
    chosen: set[int] = set()
    used = 0
    for i in ranked:
        if scores[i] == 0:
            break
        cost = len(parts[i]) + len(GAP)
        if chosen and used + cost > limit:
            continue
        chosen.add(i)
        used += cost
    out: list[str] = []
    for i in sorted(chosen):
        if i > 0 and (i - 1) not in chosen:
            out.append("…")
        out.append(parts[i])
    if max(chosen) < len(parts) - 1:
        out.append("…")
    return _cut(" ".join(out), limit)
