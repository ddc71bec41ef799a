"""Fixtures for tests against the local Hub: tiny model files and a repository of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.fake_hub import FakeHub
from tests.support.tiny_models import write_tiny_model


@pytest.fixture
def hub(local_hub: FakeHub) -> FakeHub:
    return local_hub


@pytest.fixture(scope="session")
def tiny_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hubfiles")
    return {
        "Q4_0": write_tiny_model(folder / "tiny-chat.Q4_0.gguf", "Q4_0", name="Tiny Chat"),
        "Q8_0": write_tiny_model(folder / "tiny-chat.Q8_0.gguf", "Q8_0", name="Tiny Chat"),
    }


@pytest.fixture
def tiny_repo(hub: FakeHub, tiny_files: dict[str, Path]) -> str:
    repo = "kotoba-test/tiny-chat-GGUF"
    for quant, path in tiny_files.items():
        hub.add_file(repo, f"tiny-chat.{quant}.gguf", path)
    hub.add_file(repo, "README.md", b"# tiny chat\n")
    hub.repos[repo].downloads = 100
    return repo
