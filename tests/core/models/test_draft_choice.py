"""The library's drafts for a chat model (``core/models/draft_choice.py``): the same vocabulary
and architecture, at most half the size; the user's own choice wins."""

from __future__ import annotations

from pathlib import Path

from chatapp.core.models.draft_choice import choose_draft, draft_candidates
from chatapp.core.models.library import Library
from tests.support.tiny_models import write_tiny_model


def test_a_smaller_model_of_the_same_vocabulary_is_offered(tmp_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    big = write_tiny_model(models / "big.gguf", "Q8_0", layers=8)
    small = write_tiny_model(models / "small.gguf", "Q8_0", seed=99, layers=1)
    middle = write_tiny_model(models / "middle.gguf", "Q8_0", seed=7, layers=2)
    scanned = Library(models, tmp_path / "cache", tmp_path / "data").scan()
    sizes = {m.path.name: m.info.file_size for m in scanned if m.info}
    assert sizes["small.gguf"] < sizes["middle.gguf"] <= sizes["big.gguf"] / 2
    found = [m.path.name for m in draft_candidates(scanned, big)]
    assert found == ["middle.gguf", "small.gguf"]  # the best guesser first
    assert draft_candidates(scanned, small) == []  # nothing is smaller than half of it
    assert choose_draft(scanned, big, "") == str(middle)
    assert choose_draft(scanned, big, str(small)) == str(small)  # the user's choice
    assert choose_draft(scanned, small, "") is None
    assert choose_draft(scanned, tmp_path / "elsewhere.gguf", "") is None
