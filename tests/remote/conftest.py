"""Fixtures for the remote engine: a scripted server and an engine pointed at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from chatapp.remote.engine import RemoteEngine
from tests.support.scripted_remote import engine_on, scripted_server
from tests.support.scripted_sse import ScriptedServer


@pytest.fixture
def scripted() -> Iterator[ScriptedServer]:
    with scripted_server() as server:
        yield server


@pytest.fixture
def engine(scripted: ScriptedServer) -> Iterator[RemoteEngine]:
    with engine_on(scripted, n_ctx=2048) as e:
        yield e
