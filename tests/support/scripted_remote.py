"""A scripted OpenAI-compatible server on 127.0.0.1 and the real remote engine loaded on it, for
the fixtures of the tests that drive the remote engine (tests/remote, tests/core/agent)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from chatapp.core.engine import LoadSpec
from chatapp.remote.engine import RemoteEngine
from tests.support.scripted_sse import ScriptedServer


@contextmanager
def scripted_server(tokenizer: str | None = None) -> Iterator[ScriptedServer]:
    """A started server (``tokenizer`` as in ScriptedServer), stopped at the end."""
    server = ScriptedServer(tokenizer=tokenizer).start()
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def engine_on(server: ScriptedServer, n_ctx: int) -> Iterator[RemoteEngine]:
    """A remote engine with the server's model "scripted" loaded at ``n_ctx``, closed at the end."""
    engine = RemoteEngine(server.url)
    engine.load(LoadSpec("scripted", n_ctx=n_ctx))
    try:
        yield engine
    finally:
        engine.close()
