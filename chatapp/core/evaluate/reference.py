"""The reference file: a model's top-k log-probabilities at every scored token of a text.

One compressed NumPy archive (``.npz``) holding ``ids`` (int32, tokens × k, most likely first),
``logp`` (float32, the same shape) and ``meta`` (UTF-8 JSON). About 256 bytes a token at k = 32,
where llama.cpp's full-vocabulary logits file needs 2 bytes × the vocabulary (512 KB a token
for a 262k vocabulary). Another quantization of the same model is compared against it only if it
scored the very same tokens (same tokenizer, text, context length and windows).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

FORMAT = "kotoba-reference"
VERSION = 1
SUFFIX = ".kref.npz"


class ReferenceError(ValueError):
    """The reference file cannot be used; the message says why, for a person."""


@dataclass(frozen=True)
class ReferenceMeta:
    model_name: str  # the reference model's file name
    quantization: str
    n_ctx: int
    n_vocab: int
    top_k: int
    text_name: str
    # One short sha256 per window of tokens: the same text, tokenizer and windows.
    window_digests: tuple[str, ...]

    @property
    def n_chunks(self) -> int:
        return len(self.window_digests)


def window_digest(window: npt.NDArray[np.integer]) -> str:
    return hashlib.sha256(np.asarray(window, dtype=np.int64).tobytes()).hexdigest()[:16]


@dataclass
class Reference:
    meta: ReferenceMeta
    ids: npt.NDArray[np.int32]
    logp: npt.NDArray[np.float32]

    def save(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        header = {"format": FORMAT, "version": VERSION, **asdict(self.meta)}
        partial = path.with_name(path.name + ".part")
        with partial.open("wb") as fh:
            np.savez_compressed(
                fh,
                ids=self.ids.astype(np.int32),
                logp=self.logp.astype(np.float32),
                meta=np.frombuffer(json.dumps(header).encode("utf-8"), dtype=np.uint8),
            )
        partial.replace(path)
        return path

    def check_matches(self, n_ctx: int, n_vocab: int, digests: list[str]) -> None:
        m = self.meta
        if m.n_vocab != n_vocab:
            raise ReferenceError(
                f"the reference {m.model_name} has a vocabulary of {m.n_vocab} tokens, this model "
                f"{n_vocab}: compare quantizations of the same model"
            )
        if m.n_ctx != n_ctx:
            raise ReferenceError(
                f"the reference was made at a context of {m.n_ctx}; evaluate at the same context"
            )
        if list(m.window_digests[: len(digests)]) != digests:
            raise ReferenceError(
                f"the reference {m.model_name} scored a different text ({m.text_name}) or "
                "tokenized it differently: compare quantizations of the same model on the same text"
            )

    def rows(self, start: int, stop: int) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float32]]:
        return self.ids[start:stop], self.logp[start:stop]

    @property
    def scored_per_chunk(self) -> int:
        return self.meta.n_ctx - 1 - self.meta.n_ctx // 2


def load_reference(path: Path) -> Reference:
    try:
        with np.load(path, allow_pickle=False) as data:
            header: dict[str, Any] = json.loads(bytes(data["meta"]).decode("utf-8"))
            ids, logp = data["ids"], data["logp"]
    except (OSError, ValueError, KeyError) as exc:
        raise ReferenceError(f"{path.name} is not a reference file: {exc}") from None
    if header.get("format") != FORMAT or header.get("version") != VERSION:
        raise ReferenceError(f"{path.name} is not a reference file of this version")
    names = set(ReferenceMeta.__dataclass_fields__)
    values = {k: v for k, v in header.items() if k in names}
    values["window_digests"] = tuple(values.get("window_digests", ()))
    try:
        meta = ReferenceMeta(**values)
    except TypeError as exc:
        raise ReferenceError(f"{path.name} is damaged: {exc}") from None
    if ids.shape != logp.shape or ids.ndim != 2 or ids.shape[1] != meta.top_k:
        raise ReferenceError(f"{path.name} is damaged: its arrays do not match")
    return Reference(meta, ids.astype(np.int32), logp.astype(np.float32))
