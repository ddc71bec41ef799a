"""Which models of the library can be a draft for speculative decoding (docs/speculative.md).

A draft guesses tokens the chat model then checks, so it must use the same vocabulary: the same
architecture and token count here (the runtime compares every token's text when it loads the
pair), and it must be much cheaper to run: at most half the chat model's file size.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from chatapp.core.models.library import LocalModel

MAX_SHARE = 0.5  # a draft's file is at most this share of the chat model's


def draft_candidates(models: Sequence[LocalModel], main: str | Path) -> list[LocalModel]:
    """The library's drafts for ``main``, the largest first (the best guesser that still
    costs at most half as much)."""
    target = next((m for m in models if str(m.path) == str(main)), None)
    if target is None or target.info is None or not target.info.n_vocab:
        return []
    info = target.info
    found = [
        m
        for m in models
        if m.info is not None
        and m.error is None
        and m.path != target.path
        and m.info.n_vocab == info.n_vocab
        and m.info.architecture == info.architecture
        and m.info.file_size <= MAX_SHARE * info.file_size
    ]
    return sorted(found, key=lambda m: m.info.file_size if m.info else 0, reverse=True)


def choose_draft(models: Sequence[LocalModel], main: str | Path, chosen: str) -> str | None:
    """The draft to load with ``main``: the user's choice, else the best candidate."""
    if chosen:
        return chosen if str(chosen) != str(main) else None
    candidates = draft_candidates(models, main)
    return str(candidates[0].path) if candidates else None
