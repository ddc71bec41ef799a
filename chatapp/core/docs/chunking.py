"""Pages into chunks of about ``max_tokens`` tokens, overlapping by whole sentences.

A chunk never crosses a page (so every chunk has one page number) and breaks between
paragraphs where it can, else between sentences — Japanese ones end at 「。」「！」「？」 with no
space after them — and only a sentence longer than a whole chunk is cut inside. Token counts
come from the embedder's own tokenizer, so every chunk fits the embedder's window.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from chatapp.core.docs.extract import Page

CountTokens = Callable[[Sequence[str]], list[int]]

# After a Japanese full stop (with or without a closing bracket), or after . ! ? and a space.
_SENTENCE_END = re.compile(r"(?<=[。！？!?][」』）)])|(?<=[。！？])(?![」』）)])|(?<=[.!?])\s+")
_PARAGRAPHS = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class ChunkSettings:
    max_tokens: int = 200
    overlap_tokens: int = 40

    def key(self) -> str:
        """Recorded with an index: chunks made with other settings are made again."""
        return f"v1:{self.max_tokens}:{self.overlap_tokens}"


@dataclass(frozen=True)
class Chunk:
    ordinal: int
    page: int | None
    text: str
    tokens: int


@dataclass(frozen=True)
class _Unit:
    text: str
    tokens: int
    paragraph_start: bool  # begins a paragraph (joined with a blank line, else with a space)


def split_sentences(paragraph: str) -> list[str]:
    parts = [s.strip() for s in _SENTENCE_END.split(paragraph)]
    return [s for s in parts if s]


def _join(units: Sequence[_Unit]) -> str:
    out: list[str] = []
    for i, u in enumerate(units):
        if i:
            if u.paragraph_start:
                out.append("\n\n")
            elif not (_is_cjk(out[-1][-1]) or _is_cjk(u.text[0])):
                out.append(" ")
        out.append(u.text)
    return "".join(out)


def _is_cjk(ch: str) -> bool:
    return "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef"


def _hard_split(text: str, tokens: int, limit: int) -> list[str]:
    """A sentence longer than a chunk: cut it into even pieces by characters."""
    pieces = -(-tokens // limit) + 1
    size = max(1, -(-len(text) // pieces))
    return [text[i : i + size] for i in range(0, len(text), size)]


def _units(text: str, count: CountTokens, base: int, limit: int) -> list[_Unit]:
    units: list[_Unit] = []
    for paragraph in _PARAGRAPHS.split(text):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        sentences = split_sentences(paragraph)
        sizes = [max(1, n - base) for n in count(sentences)]
        first = True
        for sentence, size in zip(sentences, sizes, strict=True):
            if size <= limit:
                units.append(_Unit(sentence, size, first))
            else:
                pieces = _hard_split(sentence, size, limit)
                piece_sizes = [max(1, n - base) for n in count(pieces)]
                for i, (piece, n) in enumerate(zip(pieces, piece_sizes, strict=True)):
                    units.append(_Unit(piece, min(n, limit), first and i == 0))
            first = False
    return units


def chunk_pages(
    pages: Sequence[Page], count: CountTokens, settings: ChunkSettings = ChunkSettings()
) -> list[Chunk]:
    """Chunks in reading order; ``count`` gives each text's tokens (special tokens included:
    what an empty text counts is taken off)."""
    base = count([""])[0]
    limit = settings.max_tokens
    chunks: list[Chunk] = []
    for page in pages:
        units = _units(page.text, count, base, limit)
        current: list[_Unit] = []
        used = 0
        fresh = 0  # units in ``current`` that no earlier chunk holds
        for unit in units:
            if current and used + unit.tokens > limit:
                chunks.append(Chunk(len(chunks), page.number, _join(current), used))
                current, used = _overlap(current, settings.overlap_tokens, limit - unit.tokens)
                fresh = 0
            current.append(unit)
            used += unit.tokens
            fresh += 1
        if current and fresh:
            chunks.append(Chunk(len(chunks), page.number, _join(current), used))
    return chunks


def _overlap(units: list[_Unit], overlap: int, room: int) -> tuple[list[_Unit], int]:
    """The last whole sentences of a chunk, up to ``overlap`` tokens, to start the next one."""
    kept: list[_Unit] = []
    used = 0
    for unit in reversed(units):
        if used + unit.tokens > min(overlap, room):
            break
        kept.insert(0, unit)
        used += unit.tokens
    return kept, used
