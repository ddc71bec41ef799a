"""Vision repositories on a (local) Hub: the mmproj file is recognised, not listed as a model,
goes with each model, is downloaded and verified with it, and pairs with it on load."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from chatapp.core.models import hub as hubmod
from chatapp.core.models.downloads import DownloadError, DownloadJob, Downloads
from chatapp.core.models.projectors import find_projector
from chatapp.core.models.recommended import load_recommended
from tests.support.fake_hub import FakeHub
from tests.support.tiny_models import write_tiny_model
from tests.support.tiny_projector import write_tiny_projector

REPO = "kotoba-test/Tiny-VL-GGUF"


@pytest.fixture
def vision_repo(hub: FakeHub, tmp_path: Path) -> str:
    d = tmp_path / "src"
    d.mkdir()
    hub.add_file(REPO, "Tiny-VL-Q8_0.gguf", write_tiny_model(d / "a.gguf", "Q8_0"))
    hub.add_file(REPO, "Tiny-VL-Q4_0.gguf", write_tiny_model(d / "b.gguf", "Q4_0"))
    hub.add_file(REPO, "mmproj-model-f16.gguf", write_tiny_projector(d / "p.gguf"))
    hub.add_file(REPO, "mmproj-model-q8_0.gguf", write_tiny_projector(d / "q.gguf", seed=9))
    return REPO


def test_the_projector_goes_with_every_model(vision_repo: str) -> None:
    models = hubmod.list_models(vision_repo)
    assert sorted(m.name for m in models) == ["Tiny-VL-Q4_0.gguf", "Tiny-VL-Q8_0.gguf"]
    assert all(
        m.vision and m.projector and m.projector.path == "mmproj-model-f16.gguf" for m in models
    )


def test_download_brings_the_projector_verified_and_it_pairs(
    vision_repo: str, hub: FakeHub, tmp_path: Path
) -> None:
    downloads = Downloads(tmp_path / "staging", tmp_path / "models")
    model = next(m for m in hubmod.list_models(vision_repo) if m.quantization == "Q8_0")
    installed = downloads.run(DownloadJob.for_model(model))
    names = sorted(p.name for p in installed)
    assert names == ["Tiny-VL-Q8_0.gguf", "mmproj-Tiny-VL-Q8_0.gguf"]
    source = hub.repos[vision_repo].files["mmproj-model-f16.gguf"]
    projector = tmp_path / "models" / "mmproj-Tiny-VL-Q8_0.gguf"
    assert (
        hashlib.sha256(projector.read_bytes()).hexdigest()
        == hashlib.sha256(source.read(0, source.size)).hexdigest()
    )
    assert find_projector(tmp_path / "models" / "Tiny-VL-Q8_0.gguf") == projector


def test_a_corrupt_projector_fails_the_whole_download(
    vision_repo: str, hub: FakeHub, tmp_path: Path
) -> None:
    hub.repos[vision_repo].files["mmproj-model-f16.gguf"].corrupt = True
    downloads = Downloads(tmp_path / "staging", tmp_path / "models")
    model = next(m for m in hubmod.list_models(vision_repo) if m.quantization == "Q4_0")
    with pytest.raises(DownloadError):
        downloads.run(DownloadJob.for_model(model))
    assert not (tmp_path / "models" / "Tiny-VL-Q4_0.gguf").exists()  # nothing half-installed


def test_a_projector_of_another_width_does_not_pair(tmp_path: Path) -> None:
    model = write_tiny_model(tmp_path / "tiny.gguf", "Q8_0")
    write_tiny_projector(tmp_path / "mmproj-other.gguf", broken="width")
    assert find_projector(model) is None


def test_the_curated_list_has_vision_models_with_their_projectors() -> None:
    vision = [m for m in load_recommended() if m.mmproj]
    repos = {m.repo for m in vision}
    assert "ggml-org/SmolVLM-256M-Instruct-GGUF" in repos
    assert all(m.mmproj.startswith("mmproj") and m.mmproj.endswith(".gguf") for m in vision)
