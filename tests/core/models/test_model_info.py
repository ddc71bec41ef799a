from __future__ import annotations

from pathlib import Path

import pytest

from chatapp.core.models.gguf_header import read_gguf_header
from chatapp.core.models.memory import kv_cache_bytes, required_bytes
from chatapp.core.models.model_info import quantization_label, read_model_info
from chatapp.core.models.templates import UnknownChatFormat, by_architecture, choose_chat_format
from tests.support.tiny_models import CHATML_TEMPLATE, N_HEAD, N_HEAD_KV, N_LAYER


def test_quantization_labels() -> None:
    assert quantization_label(15) == "Q4_K_M"
    assert quantization_label(7) == "Q8_0"
    assert quantization_label(2) == "Q4_0"
    assert quantization_label(0) == "F32"
    assert quantization_label(None) == "unknown"


def test_tiny_models_describe_their_quantization(tiny_q4: Path, tiny_q8: Path) -> None:
    q4, q8 = read_model_info(tiny_q4), read_model_info(tiny_q8)
    assert (q4.quantization, q8.quantization) == ("Q4_0", "Q8_0")
    # Q4_0 stores 32 weights in 18 bytes (4.5 bits), Q8_0 in 34 (8.5); norms are F32.
    assert 4.5 <= q4.bits_per_weight < 5.5
    assert 8.5 <= q8.bits_per_weight < 9.5
    assert q4.n_params == q8.n_params > 50_000
    assert (q4.chat_format, q4.chat_format_source) == ("file", "file")
    assert (q8.chat_format, q8.chat_format_source) == ("llama-2", "architecture")


def test_gemma_info(gemma_path: Path) -> None:
    info = read_model_info(gemma_path)
    assert info.architecture == "gemma3"
    assert info.quantization == "Q4_K_M"
    assert info.size_label == "270M"
    assert 250e6 < info.n_params < 300e6
    assert info.context_length == 32768
    # The demo GGUF has no template: it must get the gemma format, not llama-2.
    assert (info.chat_format, info.chat_format_source) == ("gemma", "architecture")


def test_kv_cache_estimate_by_hand(tiny_q4: Path) -> None:
    info = read_model_info(tiny_q4)
    head_dim = 64 // N_HEAD
    # layers x kv heads x (key + value) x f16 bytes, per token
    assert kv_cache_bytes(info, 1000) == N_LAYER * N_HEAD_KV * 2 * head_dim * 2 * 1000
    assert required_bytes(info, 1000) > info.file_size + kv_cache_bytes(info, 1000)


def test_chat_format_choice(tiny_q4: Path, tiny_q8: Path) -> None:
    with_template, without = read_gguf_header(tiny_q4), read_gguf_header(tiny_q8)
    assert choose_chat_format(with_template).template == CHATML_TEMPLATE
    assert choose_chat_format(with_template, "gemma").source == "override"
    assert choose_chat_format(without, "chatml").name == "chatml"
    with pytest.raises(UnknownChatFormat, match="no chat template"):
        choose_chat_format(without, "file")
    with pytest.raises(UnknownChatFormat, match="unknown chat format"):
        choose_chat_format(without, "klingon")
    assert by_architecture("qwen2", "gpt2") == ("chatml", "architecture")
    assert by_architecture("llama", "gpt2") == ("llama-3", "architecture")
    assert by_architecture("phi3", None) == ("phi-3", "architecture")
    assert by_architecture("mystery", None) == ("chatml", "default")
