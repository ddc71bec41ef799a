"""The Hub client against a local Hub that misbehaves: hostile names, rate limits, stalls."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from chatapp.core.models import hub as hubmod
from chatapp.core.models.downloads import DownloadError, DownloadJob, Downloads
from tests.support.fake_hub import FakeHub

HOSTILE = ["../evil.gguf", "/abs/evil2.gguf", "sub/../../evil3.gguf", "~/evil4.gguf"]


def test_hostile_names_are_refused_and_the_rest_of_the_repo_works(
    hub: FakeHub, tiny_repo: str, tmp_path: Path
) -> None:
    for name in HOSTILE:
        hub.add_file(tiny_repo, name, b"GGUF tiny and hostile")  # smaller than any real file
    hub.add_file(tiny_repo, "deep/dir/fine.Q4_K_M.gguf", hub.repos[tiny_repo].files[
        "tiny-chat.Q4_0.gguf"].read(0, 10**9))  # fmt: skip
    models = {m.first.path: m for m in hubmod.list_models(tiny_repo)}
    assert {p for p, m in models.items() if m.refused} == set(HOSTILE)
    assert all(models[p].refused == "outside" for p in HOSTILE)
    usable = [m for m in models.values() if not m.refused]
    assert {m.first.path for m in usable} == {
        "tiny-chat.Q4_0.gguf", "tiny-chat.Q8_0.gguf", "deep/dir/fine.Q4_K_M.gguf",
    }  # fmt: skip
    # The header comes from the smallest usable file, never from a refused one.
    source = hubmod.header_source(list(models.values()))
    assert source is not None and not source.refused
    assert hubmod.remote_model_info(source).architecture == "llama"
    with pytest.raises(hubmod.HubError) as refused:
        hubmod.remote_model_info(models["../evil.gguf"])
    assert refused.value.kind == "refused_name"
    hub.requests.clear()
    downloads = Downloads(tmp_path / "staging", tmp_path / "models")
    with pytest.raises(DownloadError) as info:
        downloads.run(DownloadJob.for_model(models["/abs/evil2.gguf"]))
    assert info.value.kind == "refused_name" and not info.value.resumable
    assert hub.requests == []  # refused before any request
    assert not (tmp_path / "evil2.gguf").exists() and not Path("/abs/evil2.gguf").exists()


def test_header_read_asks_no_more_than_the_file_holds(hub: FakeHub, tiny_repo: str) -> None:
    """A server that does not clamp ranges promises 4 MB of a 76 KB file, then hangs."""
    f = hub.repos[tiny_repo].files["tiny-chat.Q4_0.gguf"]
    f.clamp_range = False
    model = next(m for m in hubmod.list_models(tiny_repo) if m.first.path == f.path)
    t0 = time.monotonic()
    info = hubmod.remote_model_info(model)
    assert info.quantization == "Q4_0"
    assert time.monotonic() - t0 < 2.0  # not the 8 s timeout


def test_a_timeout_on_a_reachable_server_is_not_called_offline(
    hub: FakeHub, tiny_repo: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(hubmod, "TIMEOUT_S", 0.5)
    model = next(m for m in hubmod.list_models(tiny_repo) if m.quantization == "Q4_0")
    hub.repos[tiny_repo].files[model.first.path].stall_s = 5
    with pytest.raises(hubmod.HubError) as info:
        hubmod.remote_model_info(model)
    assert info.value.kind == "timeout"
    assert "did not answer" in str(info.value) and "offline" not in str(info.value)


def test_offline_is_still_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    import huggingface_hub.constants

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{port}")
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)
    with pytest.raises(hubmod.HubError) as info:
        hubmod.search("anything")
    assert info.value.kind == "unreachable" and "cannot be reached" in str(info.value)


def test_rate_limited_says_when_to_try_again(hub: FakeHub, tiny_repo: str, tmp_path: Path) -> None:
    hub.api_status, hub.api_retry_after = 429, "17"
    with pytest.raises(hubmod.HubError) as info:
        hubmod.search("tiny")
    assert info.value.kind == "rate_limited" and info.value.retry_after == 17
    assert "rate limited, try again in 17 s" in str(info.value)
    hub.api_status = 200
    model = next(m for m in hubmod.list_models(tiny_repo) if m.quantization == "Q4_0")
    f = hub.repos[tiny_repo].files[model.first.path]
    f.status, f.retry_after = 429, "5"
    with pytest.raises(DownloadError) as failed:
        Downloads(tmp_path / "s", tmp_path / "m").run(DownloadJob.for_model(model))
    assert failed.value.resumable and "rate limited, try again in 5 s" in str(failed.value)


@pytest.mark.parametrize("repo_id", ["../../etc", "", "a/b/c", "a b/c", "..", "a/..", "a/.x/"])
def test_repository_ids_are_checked_before_any_request(hub: FakeHub, repo_id: str) -> None:
    with pytest.raises(hubmod.HubError) as info:
        hubmod.list_models(repo_id)
    assert info.value.kind == "invalid_repo"
    assert hub.requests == []


def test_fit_warns_when_the_context_is_above_the_trained_one(hub: FakeHub, tiny_repo: str) -> None:
    model = next(m for m in hubmod.list_models(tiny_repo) if m.quantization == "Q4_0")
    info = hubmod.remote_model_info(model)
    trained = info.context_length
    assert trained > 0
    assert not hubmod.estimate_fit(info, trained, available=1 << 40).over_trained_context
    above = hubmod.estimate_fit(info, trained * 2, available=1 << 40)
    assert above.over_trained_context
    assert f"above the model's trained context ({trained})" in above.describe()
