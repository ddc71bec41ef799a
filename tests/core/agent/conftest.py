"""Fixtures for the agent tests: a scripted server on 127.0.0.1 that tokenizes as llama.cpp's
server does, the real remote engine on it, the generated tiny model in the real runtime process,
and a real SQLite store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from chatapp.core.chat.store import Store
from chatapp.core.engine import LoadSpec
from chatapp.remote.engine import RemoteEngine
from chatapp.runtime.local_engine import LocalEngine
from tests.support.scripted_remote import engine_on, scripted_server
from tests.support.scripted_sse import ScriptedServer


@pytest.fixture
def scripted() -> Iterator[ScriptedServer]:
    with scripted_server(tokenizer="llama.cpp") as server:
        yield server


@pytest.fixture
def engine(scripted: ScriptedServer) -> Iterator[RemoteEngine]:
    with engine_on(scripted, n_ctx=4096) as e:
        yield e


@pytest.fixture
def tiny_engine(tiny_q4: Path) -> Iterator[LocalEngine]:
    e = LocalEngine()
    e.load(LoadSpec(str(tiny_q4), 2048, n_threads=1))
    yield e
    e.close()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "conversations.sqlite3")
    yield s
    s.close()
