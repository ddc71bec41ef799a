"""Saved servers and their API keys: keyring or a private file, never in logs or diagnostics."""

from __future__ import annotations

import json
import logging
import stat
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError, PasswordDeleteError

from chatapp.core import diagnostics
from chatapp.core.engine import EngineError, GenerationRequest, LoadSpec
from chatapp.remote.keys import KeyStore
from chatapp.remote.servers import ServerList
from tests.support.scripted_sse import Script, ScriptedServer, delta, sse

SECRET = "sk-kotoba-SECRET-7f3a9c"


class MemoryKeyring(KeyringBackend):
    """A keyring backend that keeps passwords in memory (as a desktop keyring would)."""

    priority = 5  # type: ignore[assignment]

    def __init__(self, broken: bool = False) -> None:
        super().__init__()
        self.broken = broken
        self.saved: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        if self.broken:
            raise KeyringError("locked")
        return self.saved.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        if self.broken:
            raise KeyringError("locked")
        self.saved[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.saved:
            raise PasswordDeleteError("not there")
        del self.saved[(service, username)]


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_without_a_keyring_keys_go_to_a_file_only_the_user_can_read(tmp_path: Path) -> None:
    store = KeyStore(tmp_path, use_keyring=False)
    assert store.set("abc", SECRET) == "file"
    mode = stat.S_IMODE(store.path.stat().st_mode)
    assert mode == 0o600
    assert store.get("abc") == SECRET
    store.delete("abc")
    assert store.get("abc") == ""


def test_keyrings_fail_backend_means_the_file(tmp_path: Path) -> None:
    # What keyring chooses on a headless Linux box without a Secret Service (this machine).
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        store = KeyStore(tmp_path)
        assert store.where == "file"
        assert store.set("abc", SECRET) == "file"
        assert store.get("abc") == SECRET
    finally:
        keyring.set_keyring(previous)


def test_with_a_keyring_the_key_goes_there(tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    store = KeyStore(tmp_path)
    assert store.where == "keyring"
    assert store.set("abc", SECRET) == "keyring"
    assert memory_keyring.saved == {("Kotoba", "abc"): SECRET}
    assert not store.path.exists()
    assert store.get("abc") == SECRET
    store.delete("abc")
    assert memory_keyring.saved == {}


def test_a_locked_keyring_falls_back_to_the_file(tmp_path: Path) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring(broken=True))
    try:
        store = KeyStore(tmp_path)
        assert store.set("abc", SECRET) == "file"
        assert store.get("abc") == SECRET
    finally:
        keyring.set_keyring(previous)


def test_servers_json_holds_no_key(tmp_path: Path) -> None:
    servers = ServerList(tmp_path, KeyStore(tmp_path, use_keyring=False))
    saved = servers.add("http://127.0.0.1:9/", "llama-70b", SECRET, n_ctx=8192)
    assert saved.base_url == "http://127.0.0.1:9/v1"
    assert SECRET not in servers.path.read_text()
    assert servers.all() == [saved]
    assert saved.label == "llama-70b @ 127.0.0.1:9/v1"
    assert SECRET not in repr(saved)
    servers.remove(saved.id)
    assert servers.all() == []
    assert servers.keys.get(saved.id) == ""


def test_a_damaged_entry_does_not_lose_the_others(tmp_path: Path) -> None:
    servers = ServerList(tmp_path, KeyStore(tmp_path, use_keyring=False))
    good = servers.add("http://127.0.0.1:9", "m")
    data = json.loads(servers.path.read_text())
    data["servers"].append({"id": "x", "base_url": "ftp://nope"})
    data["servers"].append({"no": "id"})
    servers.path.write_text(json.dumps(data))
    assert servers.all() == [good]


def test_the_key_is_sent_but_never_logged_or_reported(tmp_path: Path) -> None:
    log_path = diagnostics.setup_logging(tmp_path / "logs")
    root = logging.getLogger()
    old_level = root.level
    root.setLevel(logging.DEBUG)  # everything httpx2 and httpcore2 would say
    scripted = ScriptedServer(tokenizer="llama-cpp-python").start()
    servers = ServerList(tmp_path, KeyStore(tmp_path, use_keyring=False))
    saved = servers.add(scripted.url, "scripted", SECRET)
    engine = servers.engine_for(saved)
    messages: list[str] = []
    try:
        model = engine.load(LoadSpec("scripted"))
        scripted.add(Script(sse(delta("fine", finish="stop"))))
        assert engine.generate([{"role": "user", "content": "hi"}], GenerationRequest()).text
        scripted.add(Script(sse(delta("cut"), done=False), drop=True))
        scripted.add(Script([b'{"error": {"message": "bad key"}}'], status=401,
                            content_type="application/json"))  # fmt: skip
        for _ in range(2):
            with pytest.raises(EngineError) as info:
                engine.generate([{"role": "user", "content": "hi"}], GenerationRequest())
            messages.append(str(info.value))
        report = diagnostics.report("6.x", dict(model.details), log_path)
    finally:
        engine.close()
        scripted.stop()
        root.setLevel(old_level)
        for handler in list(root.handlers):
            if getattr(handler, "baseFilename", None) == str(log_path):
                root.removeHandler(handler)
                handler.close()
    sent = [r.headers.get("Authorization") for r in scripted.requests]
    assert sent and all(h == f"Bearer {SECRET}" for h in sent)  # it did travel
    logged = log_path.read_text(encoding="utf-8")
    assert "HTTP Request" in logged or "send_request_headers" in logged  # DEBUG lines were kept
    for text in (logged, report, repr(engine), repr(model), *messages):
        assert SECRET not in text
