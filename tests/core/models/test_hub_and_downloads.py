"""Search, list, fit, download, verify and install against a real local Hub server."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import pytest

from chatapp.core.models import hub as hubmod
from chatapp.core.models.downloads import (
    DownloadError,
    DownloadJob,
    Downloads,
    Stopped,
    safe_file_name,
)
from chatapp.core.models.library import Library
from chatapp.core.models.memory import RUNTIME_OVERHEAD_BYTES
from chatapp.core.models.model_info import read_model_info
from tests.support.fake_hub import FakeHub
from tests.support.tiny_models import N_HEAD, N_HEAD_KV, N_LAYER


@pytest.fixture
def downloads(tmp_path: Path) -> Downloads:
    return Downloads(tmp_path / "staging", tmp_path / "models")


def model_of(repo: str, quant: str) -> hubmod.RemoteModel:
    return next(m for m in hubmod.list_models(repo) if m.quantization == quant)


def test_search_lists_gguf_repositories(hub: FakeHub, tiny_repo: str, tiny_files) -> None:  # type: ignore[no-untyped-def]
    hub.add_file("someone/not-gguf", "model.safetensors", b"x")
    hub.add_file("other/tiny-chat-GGUF", "a.Q4_K_M.gguf", tiny_files["Q4_0"])
    found = hubmod.search("tiny-chat", sort="downloads")
    assert [r.repo_id for r in found] == [tiny_repo, "other/tiny-chat-GGUF"]
    assert found[0].downloads == 100


def test_files_with_quantization_size_and_split_models(hub: FakeHub, tiny_repo: str) -> None:
    hub.add_file(tiny_repo, "big-Q4_K_M-00001-of-00002.gguf", b"a" * 100)
    hub.add_file(tiny_repo, "big-Q4_K_M-00002-of-00002.gguf", b"b" * 50)
    hub.add_file(tiny_repo, "broken-Q8_0-00001-of-00003.gguf", b"c" * 10)  # parts missing
    models = {m.name: m for m in hubmod.list_models(tiny_repo)}
    assert set(models) == {"tiny-chat.Q4_0.gguf", "tiny-chat.Q8_0.gguf", "big-Q4_K_M"}
    split = models["big-Q4_K_M"]
    assert split.quantization == "Q4_K_M" and split.size == 150 and len(split.parts) == 2
    q4 = models["tiny-chat.Q4_0.gguf"]
    assert q4.quantization == "Q4_0" and q4.first.sha256 and q4.size > 0


def test_fit_estimate_from_the_remote_header_matches_hand_computation(
    hub: FakeHub,
    tiny_repo: str,
    tiny_files,  # type: ignore[no-untyped-def]
) -> None:
    model = model_of(tiny_repo, "Q8_0")
    info = hubmod.remote_model_info(model)
    assert info.quantization == "Q8_0" and info.n_layer == N_LAYER
    assert any(r.startswith("GET") and "resolve" in r for r in hub.requests)
    n_ctx = 4096
    head_dim = 64 // N_HEAD
    kv = N_LAYER * N_HEAD_KV * 2 * head_dim * 2 * n_ctx  # layers x kv heads x (K+V) x f16
    # llama.cpp's compute buffer: 512-token micro-batches of attention scores (f32, each head
    # and the mask) outgrow the logits of a 310-token vocabulary; plus one row of logits
    compute, output = 512 * n_ctx * (N_HEAD + 1) * 4, info.n_vocab * 4
    file_size = tiny_files["Q8_0"].stat().st_size
    expected = file_size + kv + compute + output + RUNTIME_OVERHEAD_BYTES
    fit = hubmod.estimate_fit(info, n_ctx, available=10 * expected)
    assert fit.needed == expected and fit.verdict == "fits"
    # A Q8_0 cache (34 bytes per 32 values) with flash attention (only an f16 mask)
    q8_fa = file_size + kv * 34 // 64 + 512 * n_ctx * 2 + output + RUNTIME_OVERHEAD_BYTES
    assert hubmod.estimate_fit(info, n_ctx, None, "q8_0", True).needed == q8_fa
    assert hubmod.estimate_fit(info, n_ctx, available=int(expected * 1.1)).verdict == "tight"
    assert hubmod.estimate_fit(info, n_ctx, available=expected // 2).verdict == "too_big"


def test_recommendation_prefers_q4_k_m_then_q8_when_plentiful() -> None:
    def model(q: str, size: int) -> hubmod.RemoteModel:
        return hubmod.RemoteModel(
            "r", f"m.{q}.gguf", (hubmod.RemoteFile(f"m.{q}.gguf", size, None),), q
        )

    models = [model("Q4_K_M", 4), model("Q8_0", 8), model("F16", 16)]
    fits = {
        "m.Q4_K_M.gguf": hubmod.Fit("fits", 5, 100), "m.Q8_0.gguf": hubmod.Fit("fits", 9, 100),
        "m.F16.gguf": hubmod.Fit("too_big", 170, 100),
    }  # fmt: skip
    assert hubmod.recommend(fits, models).quantization == "Q8_0"  # 9 <= 40 % of 100
    fits["m.Q8_0.gguf"] = hubmod.Fit("fits", 60, 100)
    assert hubmod.recommend(fits, models).quantization == "Q4_K_M"


def test_download_verifies_and_installs_atomically(
    hub: FakeHub, tiny_repo: str, downloads: Downloads
) -> None:
    model = model_of(tiny_repo, "Q4_0")
    seen: list[float] = []
    installed = downloads.run(DownloadJob.for_model(model), lambda p: seen.append(p.fraction))
    assert [p.name for p in installed] == ["tiny-chat.Q4_0.gguf"]
    assert read_model_info(installed[0]).quantization == "Q4_0"
    assert seen and seen[-1] == pytest.approx(1.0)
    assert list(downloads.staging.iterdir()) == []  # nothing left behind
    with pytest.raises(DownloadError, match="already in the library"):
        downloads.run(DownloadJob.for_model(model))


def test_dropped_connection_then_resume(hub: FakeHub, tiny_repo: str, downloads: Downloads) -> None:
    model = model_of(tiny_repo, "Q8_0")
    hub.repos[tiny_repo].files[model.first.path].drop_after = 50_000
    job = DownloadJob.for_model(model)
    with pytest.raises(DownloadError, match="connection dropped") as info:
        downloads.run(job)
    assert info.value.resumable
    assert not (downloads.models_dir / model.first.path).exists()  # nothing unverified installed
    assert 0 < downloads.bytes_done(job) < model.size
    assert [j.state for j in downloads.jobs()] == ["failed"]
    hub.requests.clear()
    installed = downloads.run(downloads.jobs()[0])
    assert any("GET" in r for r in hub.requests)
    assert installed[0].read_bytes() == hub.repos[tiny_repo].files[model.first.path].read(
        0, model.size
    )


def test_server_that_ignores_range_restarts_cleanly(
    hub: FakeHub, tiny_repo: str, downloads: Downloads
) -> None:
    model = model_of(tiny_repo, "Q8_0")
    f = hub.repos[tiny_repo].files[model.first.path]
    f.drop_after, f.ignore_range = 40_000, True
    job = DownloadJob.for_model(model)
    with pytest.raises(DownloadError):
        downloads.run(job)
    installed = downloads.run(job)
    assert hashlib.sha256(installed[0].read_bytes()).hexdigest() == f.sha256


def test_corrupt_body_of_the_right_size_is_rejected(
    hub: FakeHub, tiny_repo: str, downloads: Downloads
) -> None:
    model = model_of(tiny_repo, "Q4_0")
    hub.repos[tiny_repo].files[model.first.path].corrupt = True
    with pytest.raises(DownloadError, match="sha256 does not match") as info:
        downloads.run(DownloadJob.for_model(model))
    assert not info.value.resumable
    assert list(downloads.models_dir.iterdir()) == [] and list(downloads.staging.iterdir()) == []


@pytest.mark.parametrize(
    ("status", "words", "resumable"),
    [(404, "not found", False), (500, "HTTP 500", True), (503, "HTTP 503", True),
     (401, "gated or private", False), (403, "gated or private", False)],
)  # fmt: skip
def test_http_errors_are_clear(
    hub: FakeHub, tiny_repo: str, downloads: Downloads, status: int, words: str, resumable: bool
) -> None:
    model = model_of(tiny_repo, "Q4_0")
    hub.repos[tiny_repo].files[model.first.path].status = status
    with pytest.raises(DownloadError, match=words) as info:
        downloads.run(DownloadJob.for_model(model))
    assert info.value.resumable is resumable
    assert list(downloads.models_dir.iterdir()) == []


@pytest.mark.parametrize(
    "name", ["../evil.gguf", "/etc/evil.gguf", "a/../../b.gguf", "..\\x.gguf", "notes.txt", ""]
)
def test_hostile_file_names_are_refused(name: str) -> None:
    with pytest.raises(DownloadError, match="refusing"):
        safe_file_name(name)
    assert safe_file_name("sub/dir/model.Q4_0.gguf") == "model.Q4_0.gguf"


def test_pause_and_resume_after_a_restart(hub: FakeHub, tiny_repo: str, tmp_path: Path) -> None:
    model = model_of(tiny_repo, "Q8_0")
    hub.repos[tiny_repo].files[model.first.path].delay_per_chunk = 0.02
    first = Downloads(tmp_path / "staging", tmp_path / "models")
    job = DownloadJob.for_model(model)
    stop = threading.Event()
    progress: list[int] = []

    def on_progress(p) -> None:  # type: ignore[no-untyped-def]
        progress.append(p.done)
        if p.done > 30_000:
            stop.set()

    with pytest.raises(Stopped):
        first.run(job, on_progress, stop.is_set)
    # A new session (the app restarted) finds the paused job and finishes it.
    hub.repos[tiny_repo].files[model.first.path].delay_per_chunk = 0
    again = Downloads(tmp_path / "staging", tmp_path / "models")
    (resumed,) = again.jobs()
    assert resumed.state == "paused" and again.bytes_done(resumed) > 30_000
    installed = again.run(resumed)
    assert read_model_info(installed[0]).quantization == "Q8_0"


def test_cancel_leaves_nothing(hub: FakeHub, tiny_repo: str, downloads: Downloads) -> None:
    model = model_of(tiny_repo, "Q8_0")
    hub.repos[tiny_repo].files[model.first.path].drop_after = 20_000
    job = DownloadJob.for_model(model)
    with pytest.raises(DownloadError):
        downloads.run(job)
    downloads.cancel(job)
    assert list(downloads.staging.iterdir()) == [] and downloads.jobs() == []


def test_split_model_installs_only_when_every_part_is_verified(
    hub: FakeHub,
    tiny_repo: str,
    downloads: Downloads,
    tiny_files,  # type: ignore[no-untyped-def]
) -> None:
    data = tiny_files["Q4_0"].read_bytes()
    hub.add_file(tiny_repo, "split-Q4_0-00001-of-00002.gguf", data)
    second = hub.add_file(tiny_repo, "split-Q4_0-00002-of-00002.gguf", data, corrupt=True)
    model = next(m for m in hubmod.list_models(tiny_repo) if m.name == "split-Q4_0")
    with pytest.raises(DownloadError, match="sha256"):
        downloads.run(DownloadJob.for_model(model))
    assert list(downloads.models_dir.iterdir()) == []  # not even the good first part
    second.corrupt = False
    installed = downloads.run(DownloadJob.for_model(model))
    assert sorted(p.name for p in installed) == [
        "split-Q4_0-00001-of-00002.gguf", "split-Q4_0-00002-of-00002.gguf",
    ]  # fmt: skip


def test_offline_gives_a_clear_error_quickly(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket
    import time

    import huggingface_hub.constants

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{port}")
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)
    t0 = time.monotonic()
    with pytest.raises(hubmod.HubError, match="cannot be reached"):
        hubmod.search("anything")
    assert time.monotonic() - t0 < 10


def test_library_scan_cache_import_and_remove(tmp_path: Path, tiny_files) -> None:  # type: ignore[no-untyped-def]
    lib = Library(tmp_path / "models", tmp_path / "cache", tmp_path / "data")
    copied = lib.import_file(tiny_files["Q4_0"])
    lib.import_file(tiny_files["Q8_0"], copy=False)
    (tmp_path / "models" / "junk.gguf").write_bytes(b"not a model, just some text here")
    models = {m.name: m for m in lib.scan()}
    assert models["tiny-chat.Q4_0.gguf"].info.quantization == "Q4_0"
    assert models["tiny-chat.Q8_0.gguf"].in_place
    assert "does not start with 'GGUF'" in models["junk.gguf"].error
    assert lib.cache_file.exists()
    again = {m.name: m for m in lib.scan()}  # from the cache
    assert again["tiny-chat.Q4_0.gguf"].info == models["tiny-chat.Q4_0.gguf"].info
    with pytest.raises(FileExistsError):
        lib.import_file(tiny_files["Q4_0"])
    lib.remove(models["tiny-chat.Q8_0.gguf"])
    assert tiny_files["Q8_0"].exists()  # in-place imports are forgotten, not deleted
    lib.remove(models["tiny-chat.Q4_0.gguf"])
    assert not copied.exists()
    assert {m.name for m in lib.scan()} == {"junk.gguf"}


def test_gated_repository_with_a_saved_token(
    hub: FakeHub, tiny_repo: str, downloads: Downloads, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    import huggingface_hub.constants

    monkeypatch.setattr(huggingface_hub.constants, "HF_TOKEN_PATH", str(tmp_path / "hf" / "token"))
    monkeypatch.setattr(
        huggingface_hub.constants, "HF_STORED_TOKENS_PATH", str(tmp_path / "hf" / "stored_tokens")
    )
    hub.repos[tiny_repo].status, hub.repos[tiny_repo].token = 401, "hf_secret"
    model = model_of(tiny_repo, "Q4_0")
    with pytest.raises(DownloadError, match="gated or private"):
        downloads.run(DownloadJob.for_model(model))
    with pytest.raises(hubmod.HubError, match="Saving the access token"):
        hubmod.save_token("not-a-token")
    hubmod.save_token("hf_secret")
    assert (tmp_path / "hf" / "token").read_text().strip() == "hf_secret"
    assert hubmod.saved_token()
    installed = downloads.run(DownloadJob.for_model(model))  # the stored token opens the door
    assert installed[0].exists()
