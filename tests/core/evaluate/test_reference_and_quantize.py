"""The reference-file format, and what may be quantized into which file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from chatapp.core.evaluate.quantize import (
    QUANT_TYPES,
    QuantizeRefused,
    check_source,
    output_path,
    parse_progress,
)
from chatapp.core.evaluate.reference import (
    Reference,
    ReferenceError,
    ReferenceMeta,
    load_reference,
    window_digest,
)
from chatapp.core.evaluate.texts import BUNDLED, TextError, load_text
from tests.support.tiny_models import write_tiny_model


def make_reference(tmp_path: Path) -> tuple[Path, list[str]]:
    windows = [np.arange(i, i + 64) for i in range(3)]
    digests = [window_digest(w) for w in windows]
    meta = ReferenceMeta("m-F16.gguf", "F16", 64, 300, 4, "en", tuple(digests))
    rng = np.random.default_rng(0)
    ref = Reference(meta, rng.integers(0, 300, (93, 4)).astype(np.int32),
                    rng.normal(size=(93, 4)).astype(np.float32))  # fmt: skip
    return ref.save(tmp_path / "r.kref.npz"), digests


def test_reference_round_trip_and_checks(tmp_path: Path) -> None:
    path, digests = make_reference(tmp_path)
    ref = load_reference(path)
    assert ref.meta.n_chunks == 3 and ref.ids.shape == (93, 4) and ref.scored_per_chunk == 31
    ref.check_matches(64, 300, digests)
    ref.check_matches(64, 300, digests[:2])  # fewer windows of the same text
    with pytest.raises(ReferenceError, match="vocabulary"):
        ref.check_matches(64, 301, digests)
    with pytest.raises(ReferenceError, match="context"):
        ref.check_matches(128, 300, digests)
    with pytest.raises(ReferenceError, match="different text"):
        ref.check_matches(64, 300, [digests[1]])


def test_a_damaged_reference_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.kref.npz"
    bad.write_bytes(b"not a zip")
    with pytest.raises(ReferenceError, match="not a reference file"):
        load_reference(bad)


def test_only_unquantized_files_are_quantized_unless_the_user_insists(tmp_path: Path) -> None:
    f16 = write_tiny_model(tmp_path / "tiny-F16.gguf", "F16")
    q8 = write_tiny_model(tmp_path / "tiny-Q8_0.gguf", "Q8_0")
    assert check_source(f16, "Q4_K_M").quantization == "F16"
    with pytest.raises(QuantizeRefused) as refused:
        check_source(q8, "Q4_0")
    assert refused.value.kind == "already_quantized"
    assert check_source(q8, "Q4_0", allow_requantize=True).quantization == "Q8_0"
    with pytest.raises(QuantizeRefused, match="unknown quantization"):
        check_source(f16, "Q9_9")
    assert list(QUANT_TYPES)[:2] == ["Q8_0", "Q6_K"]


def test_output_names_and_progress_lines() -> None:
    lib = Path("/lib")
    assert (
        output_path(Path("/x/gemma-3-270m-F16.gguf"), "Q4_K_M", lib)
        == lib / "gemma-3-270m-Q4_K_M.gguf"
    )
    assert output_path(Path("/x/model.bf16.gguf"), "Q8_0", lib) == lib / "model-Q8_0.gguf"
    assert output_path(Path("/x/model.gguf"), "Q6_K", lib) == lib / "model-Q6_K.gguf"
    line = "[  12/ 291]                  blk.1.attn_q.weight - [ 640, 1024], type = f16, converting"
    assert parse_progress(line) == (12, 291, "blk.1.attn_q.weight")
    assert parse_progress("llama_model_loader: - kv 0") is None


def test_bundled_texts_load_and_a_bad_file_is_refused(tmp_path: Path) -> None:
    name, text = load_text("en")
    assert name == "en" and "Alice" in text and len(text) > 50_000
    name, text = load_text("ja")
    assert name == "ja" and "坊っちゃん" in text and "《" not in text
    assert set(BUNDLED) == {"en", "ja"}
    binary = tmp_path / "x.txt"
    binary.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(TextError):
        load_text(str(binary))
    with pytest.raises(TextError):
        load_text(str(tmp_path / "missing.txt"))
