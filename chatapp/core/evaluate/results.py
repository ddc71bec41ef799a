"""What an evaluation or a quantization is asked to do, what it reports while running, and what
it returns. Plain frozen dataclasses: they cross the pipe to the runtime process."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

DEFAULT_CONTEXT = 512  # what llama.cpp's perplexity tool uses for published figures
DEFAULT_TOP_K = 32  # log-probabilities kept per scored token in a reference file


@dataclass(frozen=True)
class EvaluationSpec:
    """Evaluate ``model_path`` on ``text`` (the text itself, not a path)."""

    model_path: str
    text: str
    text_name: str = "text"
    n_ctx: int = DEFAULT_CONTEXT
    n_threads: int | None = None  # None: one per physical core
    reference: str | None = None  # a reference file to compare against (KLD, top-1)
    save_reference: str | None = None  # write this model's top-k log-probabilities here
    max_chunks: int | None = None  # evaluate at most this many windows (None: the whole text)
    speed: bool = True  # also measure prompt and generation speed
    top_k: int = DEFAULT_TOP_K


@dataclass(frozen=True)
class EvaluationProgress:
    phase: str  # "load", "perplexity" or "speed"
    done: int  # tokens so far in this phase
    total: int
    perplexity: float | None = None  # the running estimate

    @property
    def fraction(self) -> float:
        return min(1.0, self.done / self.total) if self.total else 0.0


@dataclass(frozen=True)
class EvaluationResult:
    path: str
    name: str  # the file's name
    quantization: str
    bits_per_weight: float
    file_size: int
    n_params: int
    n_ctx: int
    n_threads: int
    text_name: str
    n_chunks: int  # windows evaluated
    n_scored: int  # tokens whose probability counts
    perplexity: float
    perplexity_error: float  # one standard error, as llama.cpp reports it
    weights_bytes: int
    kv_bytes: int
    peak_rss_bytes: int  # the runtime process's peak resident memory during the evaluation
    eval_seconds: float  # the perplexity phase
    n_evaluated: int  # tokens decoded in the perplexity phase
    prompt_tps: float | None = None
    generation_tps: float | None = None
    reference_name: str | None = None
    kld_mean: float | None = None
    kld_error: float | None = None
    kld_p99: float | None = None
    top1_agreement: float | None = None  # fraction of scored tokens with the reference's top token
    top1_error: float | None = None

    @property
    def memory_bytes(self) -> int:
        """Weights plus the KV cache at this context."""
        return self.weights_bytes + self.kv_bytes

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["memory_bytes"] = self.memory_bytes
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EvaluationResult:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass(frozen=True)
class QuantizeSpec:
    source: str
    output: str
    quant_type: str  # a name from chatapp.core.evaluate.quantize.QUANT_TYPES
    n_threads: int | None = None
    allow_requantize: bool = False  # the user insists on quantizing an already-quantized file


@dataclass(frozen=True)
class QuantizeProgress:
    done: int  # tensors written
    total: int
    tensor: str = ""

    @property
    def fraction(self) -> float:
        return min(1.0, self.done / self.total) if self.total else 0.0


@dataclass(frozen=True)
class QuantizeResult:
    output: str
    quant_type: str
    size: int
    seconds: float
