"""The user's projector choice per model: automatic, none, or a file; checked, kept, and a
chosen file that went away falls back to automatic."""

from __future__ import annotations

from pathlib import Path

import pytest

from chatapp.core.images.projector import ProjectorError
from chatapp.core.models.projector_choices import ProjectorChoices, fitting_projectors
from tests.support.tiny_models import write_tiny_model
from tests.support.tiny_projector import write_tiny_projector


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "models"
    d.mkdir()
    write_tiny_model(d / "tiny-vl-Q8_0.gguf", "Q8_0")
    write_tiny_projector(d / "mmproj-tiny-vl-f32.gguf")
    write_tiny_projector(d / "mmproj-other-f16.gguf", seed=9)
    write_tiny_projector(d / "mmproj-wide.gguf", broken="width")
    return d


def test_automatic_none_and_a_chosen_file(folder: Path, tmp_path: Path) -> None:
    model = folder / "tiny-vl-Q8_0.gguf"
    choices = ProjectorChoices(tmp_path / "config")
    assert choices.choice(model) is None
    assert choices.resolve(model) == folder / "mmproj-tiny-vl-f32.gguf"  # the name matches best
    names = sorted(Path(p.path).name for p in fitting_projectors(model))
    assert names == ["mmproj-other-f16.gguf", "mmproj-tiny-vl-f32.gguf"]  # not the wide one

    choices.choose(model, folder / "mmproj-other-f16.gguf")
    again = ProjectorChoices(tmp_path / "config")  # as after a restart
    assert again.resolve(model) == (folder / "mmproj-other-f16.gguf").resolve()
    again.choose(model, None)
    assert again.resolve(model) is None and again.choice(model) == ""
    again.reset(model)
    assert again.resolve(model) == folder / "mmproj-tiny-vl-f32.gguf"


def test_a_projector_of_another_width_is_refused_and_nothing_is_stored(
    folder: Path, tmp_path: Path
) -> None:
    model = folder / "tiny-vl-Q8_0.gguf"
    choices = ProjectorChoices(tmp_path / "config")
    with pytest.raises(ProjectorError, match="belongs to another model"):
        choices.choose(model, folder / "mmproj-wide.gguf")
    with pytest.raises(ProjectorError, match="not a vision projector"):
        choices.choose(model, model)  # a text model is no projector
    assert choices.choice(model) is None and not choices.file.exists()


def test_a_chosen_file_that_went_away_falls_back_and_a_damaged_file_is_ignored(
    folder: Path, tmp_path: Path
) -> None:
    model = folder / "tiny-vl-Q8_0.gguf"
    choices = ProjectorChoices(tmp_path / "config")
    choices.choose(model, folder / "mmproj-other-f16.gguf")
    (folder / "mmproj-other-f16.gguf").unlink()
    assert choices.resolve(model) == folder / "mmproj-tiny-vl-f32.gguf"
    choices.file.write_text("{not json")
    assert choices.choice(model) is None  # every model automatic again, nothing raised
    assert choices.resolve(model) == folder / "mmproj-tiny-vl-f32.gguf"
