"""Evaluation results as table cells and CSV, for the command line and the Compare view."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from chatapp.core.evaluate.results import EvaluationResult
from chatapp.core.models.memory import format_bytes

# (key, English heading); the Compare view words the headings itself.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", "File"),
    ("quantization", "Quant"),
    ("bpw", "Bits/weight"),
    ("size", "Size"),
    ("memory", "Memory"),
    ("perplexity", "Perplexity"),
    ("kld", "KLD mean"),
    ("kld_p99", "KLD p99"),
    ("top1", "Same top token"),
    ("prompt_tps", "Prompt tok/s"),
    ("generation_tps", "Generation tok/s"),
)


def _num(value: float | None, digits: int) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def cells(r: EvaluationResult) -> dict[str, str]:
    """Each column's text for one result ("—" where there is no figure)."""
    return {
        "name": r.name,
        "quantization": r.quantization,
        "bpw": f"{r.bits_per_weight:.2f}",
        "size": format_bytes(r.file_size),
        "memory": format_bytes(r.memory_bytes),
        "perplexity": f"{r.perplexity:.4f} ± {r.perplexity_error:.4f}",
        "kld": "—" if r.kld_mean is None else f"{r.kld_mean:.5f} ± {r.kld_error or 0:.5f}",
        "kld_p99": _num(r.kld_p99, 4),
        "top1": "—" if r.top1_agreement is None else f"{100 * r.top1_agreement:.2f} %",
        "prompt_tps": _num(r.prompt_tps, 1),
        "generation_tps": _num(r.generation_tps, 1),
    }


CSV_FIELDS = (
    "name", "quantization", "bits_per_weight", "file_size", "memory_bytes", "weights_bytes",
    "kv_bytes", "peak_rss_bytes", "n_ctx", "n_threads", "text_name", "n_chunks", "n_scored",
    "perplexity", "perplexity_error", "reference_name", "kld_mean", "kld_error", "kld_p99",
    "top1_agreement", "top1_error", "prompt_tps", "generation_tps", "path",
)  # fmt: skip


def to_csv(results: Sequence[EvaluationResult]) -> str:
    """Raw figures (bytes, fractions), one row per file, for a spreadsheet."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for r in results:
        writer.writerow({k: ("" if v is None else v) for k, v in r.to_dict().items()})
    return out.getvalue()


def text_table(results: Sequence[EvaluationResult]) -> str:
    """A plain-text table with aligned columns (the command line's output)."""
    rows = [[heading for _key, heading in COLUMNS]]
    rows += [[cells(r)[key] for key, _heading in COLUMNS] for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows
    )
