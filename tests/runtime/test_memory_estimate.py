"""The memory estimate against what llama.cpp itself reports allocating (its buffer log lines)."""

from __future__ import annotations

from pathlib import Path

import pytest

from chatapp.core.models.memory import kv_cache_bytes, llama_buffers
from chatapp.core.models.model_info import read_model_info
from chatapp.runtime import protocol as p
from chatapp.runtime.client import RuntimeClient, RuntimeError_
from tests.support.tiny_models import write_tiny_model


def within(estimate: int, reported: int, share: float = 0.10) -> bool:
    return abs(estimate - reported) <= share * reported


@pytest.mark.gemma
def test_q8_0_kv_cache_with_flash_attention_matches_llama_cpp(
    client: RuntimeClient, gemma_path: Path
) -> None:
    n_ctx = 4096
    info = client.load(gemma_path, n_ctx, flash_attn=True, kv_cache_type="q8_0").info
    assert (info["flash_attn"], info["kv_cache_type"]) == (True, "q8_0")
    reported, estimated = info["memory_reported"], info["memory_estimated"]
    model = read_model_info(gemma_path)
    assert estimated == llama_buffers(model, n_ctx, "q8_0", flash_attn=True)
    # llama.cpp: "KV buffer size = 6.38 MiB" (3 global layers) + "31.88 MiB" (15 sliding ones)
    assert within(estimated["kv_cache"], reported["kv_cache"])
    assert within(sum(estimated.values()), sum(reported.values()))
    # Q8_0 (34 bytes per 32 values) takes 53 % of an f16 cache
    assert within(kv_cache_bytes(model, n_ctx, "f16") * 34 // 64, reported["kv_cache"], 0.01)
    # And it works: a reply from the quantized cache
    done = client.generate([{"role": "user", "content": "The sea is"}], p.Sampling(max_tokens=8))
    assert done.stats.completion_tokens > 0


@pytest.mark.parametrize("flash_attn", [False, True])
def test_compute_buffer_with_and_without_flash_attention(
    client: RuntimeClient, tmp_path: Path, flash_attn: bool
) -> None:
    """A long context on a small model: the attention scores dominate llama.cpp's compute
    buffer (160 MiB at 16,384 tokens), unless flash attention leaves them out (17 MiB)."""
    n_ctx = 16384
    model = write_tiny_model(tmp_path / "long.gguf", "Q8_0", context_length=n_ctx)
    info = client.load(model, n_ctx, flash_attn=flash_attn).info
    reported, estimated = info["memory_reported"], info["memory_estimated"]
    assert within(estimated["kv_cache"], reported["kv_cache"], 0.01)
    assert within(estimated["compute"], reported["compute"])
    assert (reported["compute"] < 20 * 2**20) is flash_attn


def test_a_q8_0_cache_for_heads_it_cannot_hold_is_refused_clearly(
    client: RuntimeClient, tiny_q4: Path
) -> None:
    """The tiny model's heads are 16 values: llama.cpp would fail with "Failed to create
    llama_context"; the runtime says why before it tries."""
    with pytest.raises(RuntimeError_) as caught:
        client.load(tiny_q4, 256, flash_attn=True, kv_cache_type="q8_0")
    event = caught.value.event
    assert isinstance(event, p.ErrorEvent) and event.kind == "bad_request"
    assert "heads of 16 values, which a Q8_0 KV cache cannot hold" in event.message


def test_a_quantized_cache_without_flash_attention_is_refused_clearly(
    client: RuntimeClient, tiny_q4: Path
) -> None:
    with pytest.raises(RuntimeError_) as caught:
        client.load(tiny_q4, 256, flash_attn=False, kv_cache_type="q8_0")
    assert "needs flash attention" in caught.value.event.message
    assert client.load(tiny_q4, 256).info["kv_cache_type"] == "f16"  # still works
