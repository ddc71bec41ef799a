"""``chatapp models quantize`` and ``chatapp models evaluate`` in a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.support.tiny_models import write_tiny_model


def run(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "chatapp", "--data-dir", str(data), "models", *args],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_quantize_into_the_library_then_compare_against_the_f16_reference(tmp_path: Path) -> None:
    data = tmp_path / "data"
    f16 = write_tiny_model(tmp_path / "tiny-F16.gguf", "F16", logit_scale=0.1)
    made = run(data, "quantize", str(f16), "--type", "Q4_0", "--threads", "1")
    assert made.returncode == 0, made.stderr
    assert "tensor 21/21" in made.stderr
    listed = run(data, "list")
    assert "tiny-Q4_0.gguf" in listed.stdout and "Q4_0" in listed.stdout
    text = tmp_path / "text.txt"
    text.write_text("the cat is on the mat and the dog is on the mat. " * 40, encoding="utf-8")
    got = run(
        data, "evaluate", "tiny-Q4_0.gguf", "--reference", str(f16), "--text", str(text),
        "--ctx", "128", "--threads", "1", "--json",
    )  # fmt: skip
    assert got.returncode == 0, got.stderr
    rows = [json.loads(line) for line in got.stdout.splitlines()]
    assert [r["quantization"] for r in rows] == ["F16", "Q4_0"]
    reference, q4 = rows
    assert reference["kld_mean"] is None and q4["kld_mean"] > 0
    assert 0 <= q4["top1_agreement"] <= 1 and q4["reference_name"] == "tiny-F16.gguf"
    for r in rows:
        assert r["perplexity"] > 1 and r["perplexity_error"] > 0 and r["n_ctx"] == 128
        assert r["prompt_tps"] > 0 and r["generation_tps"] > 0
        assert r["memory_bytes"] == r["weights_bytes"] + r["kv_bytes"]
    table = run(data, "evaluate", str(f16), "--text", str(text), "--ctx", "128", "--threads", "1",
                "--no-speed")  # fmt: skip
    assert table.returncode == 0, table.stderr
    assert "Perplexity" in table.stdout and "F16" in table.stdout


def test_a_quantized_source_is_refused_unless_insisted(tmp_path: Path) -> None:
    q8 = write_tiny_model(tmp_path / "tiny-Q8_0.gguf", "Q8_0")
    refused = run(tmp_path / "d", "quantize", str(q8), "--type", "Q4_0")
    assert refused.returncode == 1 and "already quantized (Q8_0)" in refused.stderr
    out = tmp_path / "again.gguf"
    forced = run(tmp_path / "d", "quantize", str(q8), "--type", "Q4_0", "--out", str(out),
                 "--allow-requantize", "--threads", "1")  # fmt: skip
    assert forced.returncode == 0, forced.stderr
    assert out.exists()
    short = run(tmp_path / "d", "evaluate", str(q8), "--text", "ja", "--ctx", "8192")
    assert short.returncode == 1 and "error:" in short.stderr
