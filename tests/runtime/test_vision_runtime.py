"""A vision model in the runtime process: the tiny model with the generated projector loads
through LocalEngine, a real PNG is evaluated (the reply's prompt count includes its 16 image
tokens), the reply streams, and broken projectors or a model without one are one clear line."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from chatapp.core.chat.conversation_settings import SamplingSettings
from chatapp.core.engine import EngineError, GenerationRequest, LoadSpec
from chatapp.runtime.client import RuntimeClient
from chatapp.runtime.local_engine import LocalEngine
from tests.support.tiny_models import write_tiny_model
from tests.support.tiny_projector import IMAGE_TOKENS, png_bytes, write_tiny_projector


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("vision-rt")
    image = d / "photo.png"
    image.write_bytes(png_bytes(40, 30, seed=2))
    return {
        "model": write_tiny_model(d / "tiny-vl.gguf", "Q8_0"),
        "mmproj": write_tiny_projector(d / "mmproj-tiny-vl.gguf"),
        "wide": write_tiny_projector(d / "mmproj-wide.gguf", broken="width"),
        "cut": write_tiny_projector(d / "mmproj-cut.gguf", broken="tensors"),
        "image": image,
    }


@pytest.fixture
def engine(client: RuntimeClient) -> LocalEngine:
    e = LocalEngine(client=client)
    yield e
    e.close()


def with_image(files: dict[str, Path], text: str = "what is in the picture?") -> list[dict]:
    data = files["image"].read_bytes()
    image = {
        "sha256": hashlib.sha256(data).hexdigest(), "format": "png", "width": 40, "height": 30,
        "path": str(files["image"]),
    }  # fmt: skip
    return [{"role": "user", "content": text, "images": [image]}]


SAMPLING = GenerationRequest(sampling=SamplingSettings(temperature=0.0, max_tokens=12))


def test_image_reply_streams_and_counts_the_image(
    engine: LocalEngine, files: dict[str, Path]
) -> None:
    model = engine.load(LoadSpec(str(files["model"]), n_ctx=512, mmproj=str(files["mmproj"])))
    assert model.details["vision"]["projector_type"] == "mlp"
    assert model.details["vision_handler"] == "Llava15ChatHandler"
    pieces: list[str] = []
    with_picture = engine.generate(with_image(files), SAMPLING, pieces.append)
    assert pieces and "".join(pieces) == with_picture.text and with_picture.text
    plain = engine.generate([{"role": "user", "content": "what is in the picture?"}], SAMPLING)
    # The image's 16 tokens replace the marker's text: the prompt grew by them.
    grown = with_picture.stats["prompt_tokens"] - plain.stats["prompt_tokens"]
    assert IMAGE_TOKENS <= grown <= IMAGE_TOKENS + 2, grown
    counted = engine.count(with_image(files)).tokens
    assert abs(counted - with_picture.stats["prompt_tokens"]) <= 1


def test_second_turn_reuses_the_cache_past_the_image(
    engine: LocalEngine, files: dict[str, Path]
) -> None:
    engine.load(LoadSpec(str(files["model"]), n_ctx=512, mmproj=str(files["mmproj"])))
    first = engine.generate(with_image(files), SAMPLING)
    turn = [
        *with_image(files),
        {"role": "assistant", "content": first.text},
        {"role": "user", "content": "and the cat?"},
    ]
    second = engine.generate(turn, SAMPLING)
    assert second.stats["prompt_tokens_reused"] > IMAGE_TOKENS
    assert second.stats["cache_strategy"] == "prefix"


def test_a_projector_for_another_model_is_one_line(
    engine: LocalEngine, files: dict[str, Path]
) -> None:
    with pytest.raises(EngineError) as info:
        engine.load(LoadSpec(str(files["model"]), n_ctx=512, mmproj=str(files["wide"])))
    assert info.value.kind == "load_failed"
    assert info.value.message.count("\n") == 0 and "another model" in info.value.message


def test_a_damaged_projector_is_one_line_and_no_crash(
    engine: LocalEngine, files: dict[str, Path]
) -> None:
    with pytest.raises(EngineError) as info:
        engine.load(LoadSpec(str(files["model"]), n_ctx=512, mmproj=str(files["cut"])))
    assert info.value.kind == "load_failed" and "lacks the tensor" in info.value.message
    assert engine.client.is_running  # refused before llama.cpp could crash on it


def test_not_a_projector_file(engine: LocalEngine, files: dict[str, Path]) -> None:
    with pytest.raises(EngineError, match="not a vision projector"):
        engine.load(LoadSpec(str(files["model"]), n_ctx=512, mmproj=str(files["model"])))


def test_a_model_without_projector_refuses_a_new_image(
    engine: LocalEngine, files: dict[str, Path]
) -> None:
    engine.load(LoadSpec(str(files["model"]), n_ctx=512))
    with pytest.raises(EngineError) as info:
        engine.generate(with_image(files), SAMPLING)
    assert info.value.kind == "unsupported" and "cannot see images" in info.value.message
    # Images earlier in the conversation are left out; the text still goes.
    history = [
        *with_image(files),
        {"role": "assistant", "content": "a cat"},
        {"role": "user", "content": "hello"},
    ]
    assert engine.generate(history, SAMPLING).stats["prompt_tokens"] > 0
    assert engine.count(with_image(files)).tokens > 0
