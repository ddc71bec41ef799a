"""Web pages and keys: Origin and Host checks, CORS for allowed origins, the API key.

A real ``chatapp serve`` on 127.0.0.1; the allowed-origin case goes through the real
``openai`` client (sending the Origin header a browser would add).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openai
import pytest

from chatapp.core.web_origins import normalize_origin, parse_origins
from chatapp.server.browser import BrowserGuard, split_host
from tests.support.serve_process import Served, exchange, request, start_serve, stop

HELLO = [{"role": "user", "content": "hello"}]
ALLOWED = "http://localhost:5173"
KEY = "sk-kotoba-test-7f3a91c2"


@pytest.fixture(scope="module")
def served(tiny_q4: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    s = start_serve(tiny_q4, tmp_path_factory.mktemp("cors"), "--allow-origin", ALLOWED)
    yield s
    stop(s)


@pytest.fixture(scope="module")
def keyed(tiny_q4: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    s = start_serve(tiny_q4, tmp_path_factory.mktemp("keyed"), key=KEY)
    yield s
    stop(s)


def chat_body() -> bytes:
    return b'{"messages": [{"role": "user", "content": "hi"}], "max_tokens": 2}'


def test_an_allowed_origin_works_through_the_openai_client(served: Served) -> None:
    with openai.OpenAI(
        base_url=served.url, api_key="x", max_retries=0, default_headers={"Origin": ALLOWED}
    ) as client:
        raw = client.chat.completions.with_raw_response.create(
            model="tiny-q4_0", messages=HELLO, max_tokens=4
        )
        assert raw.headers["access-control-allow-origin"] == ALLOWED
        assert "Origin" in raw.headers["vary"]
        assert raw.parse().choices[0].message.content
        stream = client.chat.completions.with_raw_response.create(
            model="tiny-q4_0", messages=HELLO, max_tokens=4, stream=True
        )
        assert stream.headers["access-control-allow-origin"] == ALLOWED
        assert [c for c in stream.parse() if c.choices]
        models = client.models.with_raw_response.list()
        assert models.headers["access-control-allow-origin"] == ALLOWED


def test_an_origin_not_allowed_is_refused_without_cors(served: Served) -> None:
    with (
        openai.OpenAI(
            base_url=served.url,
            api_key="x",
            max_retries=0,
            default_headers={"Origin": "http://localhost:5174"},  # another port: another origin
        ) as client,
        pytest.raises(openai.PermissionDeniedError, match="origin"),
    ):
        client.chat.completions.create(model="tiny-q4_0", messages=HELLO, max_tokens=2)
    answer = exchange(served.port, request(served.port, "GET", "/v1/models",
                                           headers={"Origin": "https://evil.example"}))  # fmt: skip
    assert answer is not None and answer.status == 403
    assert "access-control-allow-origin" not in answer.headers


def test_a_preflight_is_answered_for_the_allowed_origin_only(served: Served) -> None:
    asked = {
        "Origin": ALLOWED,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type, x-stainless-os",
    }
    answer = exchange(served.port, request(served.port, "OPTIONS", headers=asked))
    assert answer is not None and answer.status == 204
    assert answer.headers["access-control-allow-origin"] == ALLOWED
    assert "POST" in answer.headers["access-control-allow-methods"]
    assert "x-stainless-os" in answer.headers["access-control-allow-headers"]
    asked["Origin"] = "http://evil.example"
    answer = exchange(served.port, request(served.port, "OPTIONS", headers=asked))
    assert answer is not None and answer.status == 403
    assert "access-control-allow-origin" not in answer.headers
    answer = exchange(served.port, request(served.port, "OPTIONS"))  # no Origin: not a browser
    assert answer is not None and answer.status == 204
    assert "access-control-allow-origin" not in answer.headers


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("127.0.0.1:{port}", 200),
        ("localhost:{port}", 200),
        ("LOCALHOST:{port}", 200),
        ("[::1]:{port}", 200),
        ("evil.example:{port}", 403),
        ("127.0.0.1.evil.example:{port}", 403),
        ("localhost.evil.example:{port}", 403),
        ("127.0.0.1", 403),  # port 80 is another server
        ("127.0.0.1:{port}0", 403),
        ("192.168.1.20:{port}", 403),
        ("[::1", 403),
        ("", 403),
    ],
)
def test_the_host_header_must_name_this_server(served: Served, host: str, status: int) -> None:
    sent = request(served.port, body=chat_body(), host=host.format(port=served.port))
    answer = exchange(served.port, sent)
    assert answer is not None and answer.status == status, answer and answer.body[:200]
    if status == 403:
        assert answer.json()["error"]["code"] == "host_not_allowed"


def test_a_rebound_name_is_refused_even_from_its_own_origin(served: Served) -> None:
    """After DNS rebinding the page is same-origin with the name it used."""
    name = f"evil.example:{served.port}"
    headers = {"Origin": f"http://{name}"}
    answer = exchange(served.port, request(served.port, body=chat_body(), host=name,
                                           headers=headers))  # fmt: skip
    assert answer is not None and answer.status == 403


def test_every_endpoint_but_health_needs_the_key(keyed: Served) -> None:
    port = keyed.port
    answer = exchange(port, request(port, "GET", "/health"))
    assert answer is not None and answer.status == 200
    wrong = [
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": f"Bearer {KEY}x"},
        {"Authorization": f"Basic {KEY}"},
        {"Authorization": KEY},
        {"Authorization": f"Bearer {KEY[:-1]}"},
        [("Authorization", f"Bearer {KEY}"), ("Authorization", "Bearer other")],
    ]
    for path, method, body in [
        ("/v1/models", "GET", None),
        ("/v1/chat/completions", "POST", chat_body()),
        ("/v1/embeddings", "POST", b'{"input": "x"}'),
        ("/v1/nothing", "GET", None),
    ]:
        for headers in wrong:
            answer = exchange(port, request(port, method, path, body=body, headers=headers))
            assert answer is not None and answer.status == 401, (path, headers)
            assert answer.json()["error"]["code"] == "invalid_api_key"
    answer = exchange(port, request(port, "GET", f"/v1/models?api_key={KEY}"))
    assert answer is not None and answer.status == 401  # a key in the URL is not a key
    answer = exchange(port, request(port, "GET", "/v1/models",
                                    headers={"Authorization": f"bearer {KEY}"}))  # fmt: skip
    assert answer is not None and answer.status == 200
    with openai.OpenAI(base_url=keyed.url, api_key=KEY, max_retries=0) as client:
        assert client.chat.completions.create(model="x", messages=HELLO, max_tokens=2).choices
    with (
        openai.OpenAI(base_url=keyed.url, api_key="wrong", max_retries=0) as client,
        pytest.raises(openai.AuthenticationError),
    ):
        client.models.list()
    assert KEY not in keyed.log()
    assert KEY not in keyed.stderr()


def test_origins_are_normalized_and_bad_ones_named() -> None:
    assert normalize_origin("HTTP://LocalHost:80") == "http://localhost"
    assert normalize_origin("https://app.example:443/") == "https://app.example"
    assert normalize_origin("http://[::1]:3000") == "http://[::1]:3000"
    for bad in ("null", "localhost:3000", "http://a/b", "http://u:p@a", "http://a?x", "ftp:"):
        assert normalize_origin(bad) is None, bad
    assert parse_origins("http://a:1, http://b:2 http://a:1") == ("http://a:1", "http://b:2")
    with pytest.raises(ValueError, match="not a web origin"):
        parse_origins("http://ok:1, evil")


def test_the_guard_reads_host_headers() -> None:
    assert split_host("[::1]:8080") == ("[::1]", 8080)
    assert split_host("localhost.:8080") == ("localhost", 8080)
    assert split_host("a:b") is None and split_host("a:99999999") is None
    guard = BrowserGuard("127.0.0.1", 8080)
    assert guard.host_allowed("localhost:8080") and not guard.host_allowed("localhost:8081")
    assert not guard.host_allowed("10.0.0.5:8080")
    wide = BrowserGuard("0.0.0.0", 8080, extra_hosts=("kotoba.lan",))
    assert wide.host_allowed("10.0.0.5:8080") and wide.host_allowed("kotoba.lan:8080")
    assert not wide.host_allowed("evil.example:8080")
    assert BrowserGuard("127.0.0.1", 80).host_allowed("localhost")
    assert BrowserGuard("127.0.0.1", 1, ("*",)).origin_allowed("https://any.example")
