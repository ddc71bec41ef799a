"""What a person wants to know about a model file, read from its GGUF header alone."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import gguf

from chatapp.core.models.gguf_header import ArraySummary, GGUFHeader, read_gguf_header
from chatapp.core.models.templates import (
    ChatFormatChoice,
    choose_chat_format,
    renders_reasoning,
)


@dataclass(frozen=True)
class ModelInfo:
    path: str
    name: str
    architecture: str
    size_label: str
    n_params: int
    quantization: str
    bits_per_weight: float
    file_size: int
    context_length: int
    n_layer: int
    n_embd: int
    n_head: int
    n_head_kv: int
    key_length: int
    value_length: int
    chat_format: str
    chat_format_source: str  # "file", "architecture" or "override"
    renders_reasoning: bool = False  # the chat template shows earlier reasoning itself
    n_vocab: int = 0  # tokens in the vocabulary (0: unknown)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def quantization_label(file_type: object) -> str:
    """``general.file_type`` as the usual label: 15 -> "Q4_K_M", 7 -> "Q8_0"."""
    if not isinstance(file_type, int):
        return "unknown"
    try:
        name = gguf.LlamaFileType(file_type).name
    except ValueError:
        return f"type {file_type}"
    return name.removeprefix("MOSTLY_").removeprefix("ALL_")


def format_params(n: int) -> str:
    for unit, scale in (("B", 1e9), ("M", 1e6), ("K", 1e3)):
        if n >= scale:
            return f"{n / scale:.3g}{unit}"
    return str(n)


def describe(header: GGUFHeader, chat_format_override: str | None = None) -> ModelInfo:
    n_params = sum(t.n_elements for t in header.tensors)
    n_bytes = sum(t.n_bytes for t in header.tensors)
    n_embd = int(header.arch_value("embedding_length", 0) or 0)
    n_head = int(header.arch_value("attention.head_count", 0) or 0)
    n_head_kv = header.arch_value("attention.head_count_kv", n_head)
    if isinstance(n_head_kv, list):  # some architectures store one value per layer
        n_head_kv = max(n_head_kv) if n_head_kv else n_head
    head_dim = n_embd // n_head if n_head else 0
    choice: ChatFormatChoice = choose_chat_format(header, chat_format_override)
    name = header.get("general.name") or header.path.stem
    return ModelInfo(
        path=str(header.path),
        name=str(name),
        architecture=header.architecture,
        size_label=str(header.get("general.size_label") or format_params(n_params)),
        n_params=n_params,
        quantization=quantization_label(header.get("general.file_type")),
        bits_per_weight=round(n_bytes * 8 / n_params, 2) if n_params else 0.0,
        file_size=header.file_size,
        context_length=int(header.arch_value("context_length", 0) or 0),
        n_layer=int(header.arch_value("block_count", 0) or 0),
        n_embd=n_embd,
        n_head=n_head,
        n_head_kv=int(n_head_kv or 0),
        key_length=int(header.arch_value("attention.key_length", head_dim) or 0),
        value_length=int(header.arch_value("attention.value_length", head_dim) or 0),
        chat_format=choice.name,
        chat_format_source=choice.source,
        renders_reasoning=renders_reasoning(choice.template),
        n_vocab=vocabulary_size(header),
    )


def vocabulary_size(header: GGUFHeader) -> int:
    tokens = header.get("tokenizer.ggml.tokens")
    if isinstance(tokens, ArraySummary):
        return tokens.count
    if isinstance(tokens, list):
        return len(tokens)
    return int(header.arch_value("vocab_size", 0) or 0)


def read_model_info(path: str | Path, chat_format_override: str | None = None) -> ModelInfo:
    return describe(read_gguf_header(path), chat_format_override)
