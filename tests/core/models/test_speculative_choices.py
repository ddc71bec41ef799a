"""A model's own speculative decoding (``core/models/speculative_choices.py``): kept in the
config folder, refused when it makes no sense, and what a load of that model asks for: the
model's choice when there is one, else Preferences."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chatapp.core.models.library import Library, LocalModel
from chatapp.core.models.speculative_choices import (
    CHOICES_FILE,
    ModelSpeculative,
    SpeculativeChoices,
    SpeculativeLoad,
    resolve_speculative,
)
from chatapp.core.settings import AppSettings
from tests.support.tiny_models import write_tiny_model


@pytest.fixture
def library(tmp_path: Path) -> tuple[list[LocalModel], Path, Path, Path]:
    """The scanned library: a chat model, a draft of its family, a bigger draft of it."""
    models = tmp_path / "models"
    models.mkdir()
    big = write_tiny_model(models / "big.gguf", "Q8_0", layers=8)
    middle = write_tiny_model(models / "middle.gguf", "Q8_0", seed=7, layers=2)
    small = write_tiny_model(models / "small.gguf", "Q8_0", seed=99, layers=1)
    return Library(models, tmp_path / "cache", tmp_path / "data").scan(), big, middle, small


def test_a_choice_is_kept_per_model_and_reset(tmp_path: Path) -> None:
    config = tmp_path / "config"
    model, other = tmp_path / "a.gguf", tmp_path / "b.gguf"
    choices = SpeculativeChoices(config)
    assert choices.choice(model) is None  # nothing chosen: as in Preferences
    choices.choose(model, ModelSpeculative("draft", str(tmp_path / "d.gguf")))
    choices.choose(other, ModelSpeculative("off"))
    again = SpeculativeChoices(config)  # as after a restart
    assert again.choice(model) == ModelSpeculative("draft", str(tmp_path / "d.gguf"))
    assert again.choice(str(other)) == ModelSpeculative("off")
    again.reset(model)
    assert SpeculativeChoices(config).choice(model) is None
    assert SpeculativeChoices(config).choice(other) == ModelSpeculative("off")


@pytest.mark.parametrize(
    ("choice", "message"),
    [
        (ModelSpeculative("fast"), "must be one of"),
        (ModelSpeculative("lookup", "/models/d.gguf"), "loads no draft"),
        (ModelSpeculative("draft", "d.gguf"), "full path"),
        (ModelSpeculative("auto", "SELF"), "its own draft"),
    ],
)
def test_a_bad_choice_is_refused_and_nothing_is_stored(
    tmp_path: Path, choice: ModelSpeculative, message: str
) -> None:
    model = tmp_path / "a.gguf"
    choices = SpeculativeChoices(tmp_path / "config")
    choices.choose(model, ModelSpeculative("lookup"))
    if choice.draft == "SELF":
        choice = ModelSpeculative(choice.mode, str(model))
    with pytest.raises(ValueError, match=message):
        choices.choose(model, choice)
    assert choices.choice(model) == ModelSpeculative("lookup")  # the earlier choice stands


def test_a_damaged_file_or_entry_falls_back_to_preferences(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    model, other = tmp_path / "a.gguf", tmp_path / "b.gguf"
    (config / CHOICES_FILE).write_text("{not json", encoding="utf-8")
    assert SpeculativeChoices(config).choice(model) is None
    entries = {
        str(model.resolve()): {"mode": "warp"},
        str(other.resolve()): {"mode": "auto", "draft": ""},
        "x": "draft",
    }
    (config / CHOICES_FILE).write_text(json.dumps(entries), encoding="utf-8")
    choices = SpeculativeChoices(config)
    assert choices.choice(model) is None  # the bad entry only
    assert choices.choice(other) == ModelSpeculative("auto")
    choices.choose(model, ModelSpeculative("off"))  # writing again drops the bad entries
    assert set(json.loads((config / CHOICES_FILE).read_text())) == {
        str(model.resolve()),
        str(other.resolve()),
    }


def test_without_a_choice_the_load_is_as_in_preferences(
    library: tuple[list[LocalModel], Path, Path, Path],
) -> None:
    models, big, middle, small = library
    off = AppSettings()
    assert resolve_speculative(off, None, big, lambda: models) == SpeculativeLoad(
        "off", None, False
    )
    drafting = AppSettings(speculative="draft")
    assert resolve_speculative(drafting, None, big, lambda: models) == SpeculativeLoad(
        "draft", str(middle), False
    )  # a smaller model of the same family: the largest candidate
    chosen = AppSettings(speculative="auto", draft_model=str(small))
    assert resolve_speculative(chosen, None, big, lambda: models).draft_path == str(small)


def test_the_models_own_choice_wins_over_preferences(
    library: tuple[list[LocalModel], Path, Path, Path],
) -> None:
    models, big, middle, small = library
    drafting = AppSettings(speculative="draft", draft_model=str(small))
    scans: list[int] = []

    def scan() -> list[LocalModel]:
        scans.append(1)
        return models

    assert resolve_speculative(drafting, ModelSpeculative("off"), big, scan) == SpeculativeLoad(
        "off", None, True
    )
    assert resolve_speculative(drafting, ModelSpeculative("lookup"), big, scan) == (
        SpeculativeLoad("lookup", None, True)
    )
    assert scans == []  # no draft needed: the library is not scanned
    own = resolve_speculative(AppSettings(), ModelSpeculative("draft", str(small)), big, scan)
    assert own == SpeculativeLoad("draft", str(small), True)
    # "" is a smaller model of the same family, not Preferences' draft.
    assert resolve_speculative(drafting, ModelSpeculative("auto"), big, scan) == (
        SpeculativeLoad("auto", str(middle), True)
    )
    # A chosen draft deleted since: the family's draft, so the model still loads.
    gone = str(small.parent / "deleted.gguf")
    assert resolve_speculative(AppSettings(), ModelSpeculative("draft", gone), big, scan) == (
        SpeculativeLoad("draft", str(middle), True)
    )
    # No draft in the library for the smallest model: the runtime is told none (and refuses
    # Draft model with a message; Auto then guesses by prompt lookup only).
    assert resolve_speculative(AppSettings(), ModelSpeculative("auto"), small, scan) == (
        SpeculativeLoad("auto", None, True)
    )
