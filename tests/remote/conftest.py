"""Fixtures for the remote engine: a scripted server and an engine pointed at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from chatapp.core.engine import LoadSpec
from chatapp.remote.engine import RemoteEngine
from tests.support.scripted_sse import ScriptedServer


@pytest.fixture
def scripted() -> Iterator[ScriptedServer]:
    server = ScriptedServer().start()
    yield server
    server.stop()


@pytest.fixture
def engine(scripted: ScriptedServer) -> Iterator[RemoteEngine]:
    e = RemoteEngine(scripted.url)
    e.load(LoadSpec("scripted", n_ctx=2048))
    yield e
    e.close()
