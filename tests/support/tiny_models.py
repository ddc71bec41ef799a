"""Tiny random-weight GGUF models for fast, real llama.cpp tests.

A llama-architecture model with 2 layers, 64-wide embeddings and a ~300-token SentencePiece-style
vocabulary (specials, the 256 byte tokens, a few words). Weights are random; the output rows of
the special tokens are set so that end-of-sequence is either never chosen (``eos="never"``, for
tests that need long generations) or always chosen (``eos="always"``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import gguf
import numpy as np

N_EMBD = 64
N_FF = 128
N_HEAD = 4
N_HEAD_KV = 2
N_LAYER = 2
CONTEXT_LENGTH = 2048
WORDS = [
    "▁hello", "▁world", "▁the", "▁a", "▁cat", "▁dog", "▁is", "▁on", "▁mat", "▁and",
    "▁user", "▁assistant", "▁system", "▁you", "▁are", "▁helpful", "▁こんにちは", "▁猫",
]  # fmt: skip
CHATML_TEMPLATE = (
    "{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n"
    "{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)
SPECIALS = ["<unk>", "<s>", "</s>", "<|im_start|>", "<|im_end|>"]
EOS_ID = 2

QUANTS = {
    "Q4_0": (gguf.GGMLQuantizationType.Q4_0, gguf.LlamaFileType.MOSTLY_Q4_0),
    "Q8_0": (gguf.GGMLQuantizationType.Q8_0, gguf.LlamaFileType.MOSTLY_Q8_0),
    # Unquantized 16-bit weights: a source for llama.cpp's own quantization.
    "F16": (gguf.GGMLQuantizationType.F16, gguf.LlamaFileType.MOSTLY_F16),
}
Quant = Literal["Q4_0", "Q8_0", "F16"]


def vocabulary() -> tuple[list[str], list[float], list[int]]:
    tokens = list(SPECIALS)
    types = [int(gguf.TokenType.UNKNOWN)] + [int(gguf.TokenType.CONTROL)] * (len(SPECIALS) - 1)
    for b in range(256):
        tokens.append(f"<0x{b:02X}>")
        types.append(int(gguf.TokenType.BYTE))
    # Single characters make the SentencePiece tokenizer map spaces and letters to real pieces;
    # the words are unreachable by merging but give the random model readable output.
    pieces = ["▁", *"abcdefghijklmnopqrstuvwxyz.,!?", *WORDS]
    for piece in pieces:
        tokens.append(piece)
        types.append(int(gguf.TokenType.NORMAL))
    scores = [0.0] * len(SPECIALS) + [-1000.0] * 256 + [-float(i) for i in range(len(pieces))]
    return tokens, scores, types


def write_tiny_model(
    path: Path,
    quant: Quant = "Q4_0",
    *,
    chat_template: str | None = CHATML_TEMPLATE,
    eos: Literal["never", "always"] = "never",
    seed: int = 1234,
    name: str = "Kotoba Tiny Test",
    context_length: int = CONTEXT_LENGTH,
    tokens_as_numbers: bool = False,  # a damaged file: the vocabulary stored as int32s
    logit_scale: float = 1.0,  # below 1: flatter predictions (a perplexity in the hundreds)
    layers: int = N_LAYER,
) -> Path:
    """Write a tiny model to ``path`` and return it. Takes a fraction of a second."""
    rng = np.random.default_rng(seed)
    qtype, file_type = QUANTS[quant]
    tokens, scores, types = vocabulary()
    n_vocab = len(tokens)

    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_name(name)
    writer.add_size_label("tiny")
    writer.add_file_type(int(file_type))
    writer.add_context_length(context_length)
    writer.add_embedding_length(N_EMBD)
    writer.add_block_count(layers)
    writer.add_feed_forward_length(N_FF)
    writer.add_head_count(N_HEAD)
    writer.add_head_count_kv(N_HEAD_KV)
    writer.add_layer_norm_rms_eps(1e-5)
    writer.add_rope_dimension_count(N_EMBD // N_HEAD)
    writer.add_vocab_size(n_vocab)
    writer.add_tokenizer_model("llama")
    if tokens_as_numbers:
        writer.add_array("tokenizer.ggml.tokens", list(range(len(tokens))))
    else:
        writer.add_token_list(tokens)
    writer.add_token_scores(scores)
    writer.add_token_types(types)
    writer.add_bos_token_id(1)
    writer.add_eos_token_id(EOS_ID)
    writer.add_unk_token_id(0)
    writer.add_add_bos_token(True)
    writer.add_add_eos_token(False)
    if chat_template is not None:
        writer.add_chat_template(chat_template)

    def add(name: str, shape: tuple[int, ...], scale: float = 0.2) -> None:
        data = (rng.standard_normal(shape) * scale).astype(np.float32)
        q = gguf.quants.quantize(data, qtype)
        writer.add_tensor(name, q, raw_shape=q.shape, raw_dtype=qtype)

    def add_f32(name: str, data: np.ndarray) -> None:
        writer.add_tensor(name, data.astype(np.float32))

    add("token_embd.weight", (n_vocab, N_EMBD), scale=1.0)
    head_dim = N_EMBD // N_HEAD
    for i in range(layers):
        add_f32(f"blk.{i}.attn_norm.weight", np.ones(N_EMBD))
        add(f"blk.{i}.attn_q.weight", (N_EMBD, N_EMBD))
        add(f"blk.{i}.attn_k.weight", (N_HEAD_KV * head_dim, N_EMBD))
        add(f"blk.{i}.attn_v.weight", (N_HEAD_KV * head_dim, N_EMBD))
        add(f"blk.{i}.attn_output.weight", (N_EMBD, N_EMBD))
        add_f32(f"blk.{i}.ffn_norm.weight", np.ones(N_EMBD))
        add(f"blk.{i}.ffn_gate.weight", (N_FF, N_EMBD))
        add(f"blk.{i}.ffn_up.weight", (N_FF, N_EMBD))
        add(f"blk.{i}.ffn_down.weight", (N_EMBD, N_FF))
    add_f32("output_norm.weight", np.ones(N_EMBD))

    # The output matrix decides which tokens can win. Normal rows are large random vectors, so
    # their logits spread widely; special rows are zero (logit 0, never chosen) except that
    # with eos="always" the end-of-sequence row dominates every other.
    out = rng.standard_normal((n_vocab, N_EMBD)).astype(np.float32) * 2.0 * logit_scale
    out[: len(SPECIALS)] = 0.0
    out[len(SPECIALS) + 256 :] *= 3.0  # favour whole words over raw bytes: readable output
    if eos == "always":
        out[:] = 0.0
        out[EOS_ID] = 50.0
    q = gguf.quants.quantize(out, qtype)
    writer.add_tensor("output.weight", q, raw_shape=q.shape, raw_dtype=qtype)

    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def write_scripted_model(
    path: Path,
    script: list[str],
    *,
    chat_template: str | None = CHATML_TEMPLATE,
    name: str = "Kotoba Scripted Test",
) -> Path:
    """A tiny model that answers every prompt with the pieces of ``script``, then stops.

    Attention and feed-forward outputs are zero, so the hidden state is the current token's
    embedding: a bigram model. The embeddings of the last prompt token (the newline after
    "assistant") and of each scripted piece are orthogonal, and each piece's output row points
    at its predecessor, so the next piece wins by a wide margin at any usual temperature.
    Pieces missing from the vocabulary (``<think>``, ``</think>``) are added to it; each piece
    may appear once.
    """
    if len(set(script)) != len(script) or len(script) + 1 >= N_EMBD:
        raise ValueError("script pieces must be distinct, and fewer than the embedding width")
    tokens, scores, types = vocabulary()
    for piece in script:
        if piece not in tokens:
            tokens.append(piece)
            scores.append(-float(len(tokens)))
            types.append(int(gguf.TokenType.NORMAL))
    n_vocab = len(tokens)
    qtype, file_type = QUANTS["Q8_0"]
    chain = [tokens.index("<0x0A>"), *[tokens.index(p) for p in script], EOS_ID]
    rng = np.random.default_rng(7)
    basis, _ = np.linalg.qr(rng.standard_normal((N_EMBD, N_EMBD)))
    embd = rng.standard_normal((n_vocab, N_EMBD)).astype(np.float32) * 0.1
    out = np.zeros((n_vocab, N_EMBD), dtype=np.float32)
    for i, token in enumerate(chain[:-1]):
        direction = basis[i] * np.sqrt(N_EMBD)  # RMS 1: unchanged by the RMS norms
        embd[token] = direction
        out[chain[i + 1]] = direction * (40.0 / N_EMBD)  # a logit of 40 for the next piece

    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_name(name)
    writer.add_size_label("tiny")
    writer.add_file_type(int(file_type))
    writer.add_context_length(CONTEXT_LENGTH)
    writer.add_embedding_length(N_EMBD)
    writer.add_block_count(N_LAYER)
    writer.add_feed_forward_length(N_FF)
    writer.add_head_count(N_HEAD)
    writer.add_head_count_kv(N_HEAD_KV)
    writer.add_layer_norm_rms_eps(1e-5)
    writer.add_rope_dimension_count(N_EMBD // N_HEAD)
    writer.add_vocab_size(n_vocab)
    writer.add_tokenizer_model("llama")
    writer.add_token_list(tokens)
    writer.add_token_scores(scores)
    writer.add_token_types(types)
    writer.add_bos_token_id(1)
    writer.add_eos_token_id(EOS_ID)
    writer.add_unk_token_id(0)
    writer.add_add_bos_token(True)
    writer.add_add_eos_token(False)
    if chat_template is not None:
        writer.add_chat_template(chat_template)

    def add_q(name: str, data: np.ndarray) -> None:
        q = gguf.quants.quantize(data.astype(np.float32), qtype)
        writer.add_tensor(name, q, raw_shape=q.shape, raw_dtype=qtype)

    add_q("token_embd.weight", embd)
    head_dim = N_EMBD // N_HEAD
    for i in range(N_LAYER):
        writer.add_tensor(f"blk.{i}.attn_norm.weight", np.ones(N_EMBD, dtype=np.float32))
        add_q(f"blk.{i}.attn_q.weight", rng.standard_normal((N_EMBD, N_EMBD)) * 0.2)
        add_q(f"blk.{i}.attn_k.weight", rng.standard_normal((N_HEAD_KV * head_dim, N_EMBD)) * 0.2)
        add_q(f"blk.{i}.attn_v.weight", rng.standard_normal((N_HEAD_KV * head_dim, N_EMBD)) * 0.2)
        add_q(f"blk.{i}.attn_output.weight", np.zeros((N_EMBD, N_EMBD)))
        writer.add_tensor(f"blk.{i}.ffn_norm.weight", np.ones(N_EMBD, dtype=np.float32))
        add_q(f"blk.{i}.ffn_gate.weight", rng.standard_normal((N_FF, N_EMBD)) * 0.2)
        add_q(f"blk.{i}.ffn_up.weight", rng.standard_normal((N_FF, N_EMBD)) * 0.2)
        add_q(f"blk.{i}.ffn_down.weight", np.zeros((N_EMBD, N_FF)))
    writer.add_tensor("output_norm.weight", np.ones(N_EMBD, dtype=np.float32))
    add_q("output.weight", out)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path
