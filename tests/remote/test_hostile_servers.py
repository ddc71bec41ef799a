"""A remote server that is hostile or careless with the key: it echoes the key in its error,
redirects elsewhere, or is given a URL with the key in it. The key never reaches the log or
the error shown, and never leaves for another host."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from chatapp.core import diagnostics
from chatapp.core.engine import EngineError, GenerationRequest, LoadSpec
from chatapp.remote.engine import RemoteEngine
from tests.support.scripted_sse import Script, ScriptedServer, delta, sse

SECRET = "sk-hostile-Q9x7Lm2Pz"
URL_SECRET = "pw-in-the-url-8Jd3"
HI = [{"role": "user", "content": "hi"}]


@pytest.fixture
def debug_log(tmp_path: Path) -> Iterator[Path]:
    path = diagnostics.setup_logging(tmp_path / "logs")
    root = logging.getLogger()
    old = root.level
    root.setLevel(logging.DEBUG)  # every line the HTTP client would write
    yield path
    root.setLevel(old)
    for handler in list(root.handlers):
        if getattr(handler, "baseFilename", None) == str(path):
            root.removeHandler(handler)
            handler.close()


class Recorder:
    """A plain server on 127.0.0.1 that redirects (``target``) or records what reaches it."""

    def __init__(self, target: str = "", only: str = "") -> None:
        self.seen: list[dict[str, str]] = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _any(self) -> None:
                recorder.seen.append({"path": self.path, **dict(self.headers.items())})
                if target and only in self.path:
                    self.send_response(307)
                    self.send_header("Location", target + self.path)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body = json.dumps({"object": "list", "data": [{"id": "m"}]}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _any

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.root = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def test_a_key_the_server_echoes_in_its_401_is_masked(debug_log: Path) -> None:
    scripted = ScriptedServer().start()
    engine = RemoteEngine(scripted.url, SECRET)
    echo = {"error": {"message": f"Incorrect API key provided: {SECRET}. Find yours at…"}}
    try:
        engine.load(LoadSpec("scripted"))
        scripted.add(Script([json.dumps(echo).encode()], status=401,
                            content_type="application/json"))  # fmt: skip
        with pytest.raises(EngineError) as info:
            engine.generate(HI, GenerationRequest())
    finally:
        engine.close()
        scripted.stop()
    assert info.value.kind == "auth"
    assert SECRET not in str(info.value)
    assert "Incorrect API key provided: ***" in str(info.value)
    assert SECRET not in debug_log.read_text(encoding="utf-8")


def test_a_key_in_the_url_stays_out_of_the_log_and_the_errors(debug_log: Path) -> None:
    scripted = ScriptedServer().start()
    url = scripted.url.replace("http://", f"http://me:{URL_SECRET}@")
    engine = RemoteEngine(url)
    messages = []
    try:
        engine.load(LoadSpec("scripted"))
        scripted.add(Script(sse(delta("fine", finish="stop"))))
        assert engine.generate(HI, GenerationRequest()).text == "fine"
        scripted.add(Script([b'{"error": {"message": "nope"}}'], status=500,
                            content_type="application/json"))  # fmt: skip
        with pytest.raises(EngineError) as info:
            engine.generate(HI, GenerationRequest())
        messages.append(str(info.value))
    finally:
        engine.close()
        scripted.stop()
    with pytest.raises(EngineError) as gone:  # the server is stopped: a connection error
        RemoteEngine(url).list_models()
    messages.append(str(gone.value))
    assert scripted.requests[0].headers.get("Authorization", "").startswith("Basic ")
    logged = debug_log.read_text(encoding="utf-8")
    assert "127.0.0.1" in logged  # the client's DEBUG lines were written
    for text in (logged, repr(engine), *messages):
        assert URL_SECRET not in text


@pytest.mark.parametrize("path", ["models", "chat"])
def test_a_redirect_to_another_host_is_not_followed_and_the_key_stays(
    debug_log: Path, path: str
) -> None:
    elsewhere = Recorder()
    redirector = Recorder(target=elsewhere.root, only="" if path == "models" else "/chat")
    engine = RemoteEngine(redirector.root + "/v1", SECRET)
    try:
        with pytest.raises(EngineError) as info:
            if path == "models":
                engine.list_models()
            else:
                engine.load(LoadSpec("m"))
                engine.generate(HI, GenerationRequest())
    finally:
        engine.close()
        redirector.stop()
        elsewhere.stop()
    assert redirector.seen and redirector.seen[-1]["Authorization"] == f"Bearer {SECRET}"
    assert path in redirector.seen[-1]["path"]
    assert elsewhere.seen == []  # neither the request nor the key went on
    message = str(info.value)
    assert "redirect" in message and elsewhere.root in message, message
    assert SECRET not in message
