"""The generated tiny projector in llama.cpp's own multimodal library: it loads, a real PNG is
evaluated into the KV cache, the next turn reuses the cache past the image, and broken
projectors end in one clear line (llama-cpp-python 0.3.36's libmtmd, in this process)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import llama_cpp
import pytest

from chatapp.core.images.projector import ProjectorError, image_tokens, read_projector
from chatapp.runtime.kv_cache import reuse_cache
from chatapp.runtime.vision import ImagePart, VisionError, VisionModel, with_markers
from tests.support.tiny_models import write_tiny_model
from tests.support.tiny_projector import IMAGE_TOKENS, png_bytes, write_tiny_projector


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    d = tmp_path_factory.mktemp("vision")
    model = write_tiny_model(d / "tiny.gguf", "Q8_0")
    projector = write_tiny_projector(d / "mmproj-tiny.gguf")
    image = d / "photo.png"
    image.write_bytes(png_bytes(40, 30))
    return model, projector, image


@pytest.fixture(scope="module")
def llm(pair: tuple[Path, Path, Path]) -> llama_cpp.Llama:
    model = llama_cpp.Llama(str(pair[0]), n_ctx=512, verbose=False)
    yield model
    model.close()


def part(path: Path) -> ImagePart:
    data = path.read_bytes()
    return ImagePart(str(path), hashlib.sha256(data).hexdigest(), 40, 30)


def test_projector_header(pair: tuple[Path, Path, Path]) -> None:
    info = read_projector(pair[1])
    assert (info.projector_type, info.image_size, info.patch_size, info.output_dim) == (
        "mlp", 32, 8, 64,
    )  # fmt: skip
    assert image_tokens(info, 40, 30) == IMAGE_TOKENS == 16


def test_an_image_is_evaluated_and_the_cache_reused(
    pair: tuple[Path, Path, Path], llm: llama_cpp.Llama
) -> None:
    vision = VisionModel(llm, read_projector(pair[1]), "llama")
    image = part(pair[2])
    [msg] = with_markers(
        [{"role": "user", "content": "what?", "images": [vars(image)]}], vision.marker, False
    )
    assert msg["content"] == f"{vision.marker}\nwhat?" and "images" not in msg
    text = f"<|im_start|>user\n{msg['content']}<|im_end|>\n<|im_start|>assistant\n"
    prompt = vision.tokenize(text, [image], True, [], frozenset())
    assert prompt.image_tokens == IMAGE_TOKENS == vision.image_tokens(image)
    text_only = llm.tokenize(text.replace(vision.marker, "").encode(), add_bos=True, special=True)
    # The image's 16 positions, and the marker's text is gone.
    assert len(prompt.tokens) >= len(text_only) + IMAGE_TOKENS - 2
    use, finished = vision.prefill(
        llm, prompt, lambda m, t: reuse_cache(m, t, False), lambda: False
    )
    assert finished and use.reused == 0 and llm.n_tokens == len(prompt.tokens)
    stream = llm.generate(prompt.tokens, reset=True, temp=0.0)
    tokens = [next(stream) for _ in range(4)]
    assert len(tokens) == 4
    prompt.close()
    again = vision.tokenize(text, [image], True, [], frozenset())
    use, finished = vision.prefill(llm, again, lambda m, t: reuse_cache(m, t, False), lambda: False)
    assert finished and use.reused == len(again.tokens) - 1  # past the image, up to the last token
    again.close()


def test_a_changed_image_file_is_refused(
    pair: tuple[Path, Path, Path], llm: llama_cpp.Llama, tmp_path: Path
) -> None:
    vision = VisionModel(llm, read_projector(pair[1]), "llama")
    copy = tmp_path / "x.png"
    copy.write_bytes(pair[2].read_bytes())
    image = part(copy)
    copy.write_bytes(png_bytes(40, 30, seed=3))
    with pytest.raises(VisionError, match="changed"):
        vision.tokenize(f"{vision.marker} hi", [image], True, [], frozenset())


def test_projector_for_another_width_is_one_line(
    pair: tuple[Path, Path, Path], llm: llama_cpp.Llama, tmp_path: Path
) -> None:
    bad = write_tiny_projector(tmp_path / "mmproj-wide.gguf", broken="width")
    with pytest.raises(VisionError) as info:
        VisionModel(llm, read_projector(bad), "llama")
    assert info.value.kind == "load_failed"
    assert "128-wide" in info.value.message and "takes 64" in info.value.message


def test_unknown_projector_type_gives_llama_cpps_reason(
    llm: llama_cpp.Llama, tmp_path: Path
) -> None:
    bad = write_tiny_projector(tmp_path / "mmproj-odd.gguf", broken="type")
    with pytest.raises(VisionError) as info:
        VisionModel(llm, read_projector(bad), "llama")
    assert "unknown projector type: no-such-projector" in info.value.message
    assert "\n" not in info.value.message


def test_missing_tensors_are_caught_before_llama_cpp(tmp_path: Path) -> None:
    # llama.cpp's LLaVA graph would dereference the missing weights and crash the process.
    bad = write_tiny_projector(tmp_path / "mmproj-cut.gguf", broken="tensors")
    with pytest.raises(ProjectorError, match=r"lacks the tensor mm\.0\.weight"):
        read_projector(bad)


def test_a_text_model_is_not_a_projector(pair: tuple[Path, Path, Path]) -> None:
    with pytest.raises(ProjectorError, match="not a vision projector"):
        read_projector(pair[0])
