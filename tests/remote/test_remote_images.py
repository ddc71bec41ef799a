"""Images through remote engines: ``image_url`` parts with ``data:`` URLs whose bytes are the
file's, a server that refuses images in one clear line (the message stays), and a real reply
from llama-cpp-python's own server running the tiny model with the generated projector."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest

from chatapp.core.chat.conversation_settings import SamplingSettings
from chatapp.core.chat.session import ChatSession
from chatapp.core.chat.store import Store
from chatapp.core.engine import EngineError, GenerationRequest, LoadSpec
from chatapp.core.images.prepare import prepare_image
from chatapp.remote.engine import RemoteEngine
from tests.support.llama_server import LlamaServer, start_llama_server
from tests.support.scripted_sse import Script, ScriptedServer, delta, sse
from tests.support.tiny_models import write_tiny_model
from tests.support.tiny_projector import png_bytes, write_tiny_projector


def picture(tmp_path: Path, seed: int = 1) -> tuple[dict[str, object], bytes]:
    data = png_bytes(40, 30, seed)
    path = tmp_path / f"p{seed}.png"
    path.write_bytes(data)
    sha = hashlib.sha256(data).hexdigest()
    image = {"sha256": sha, "format": "png", "width": 40, "height": 30, "path": str(path)}
    return image, data


def test_images_arrive_as_image_url_parts_with_the_files_bytes(
    engine: RemoteEngine, scripted: ScriptedServer, tmp_path: Path
) -> None:
    scripted.add(Script(sse(delta("A red square."), delta(finish="stop"))))
    first, first_bytes = picture(tmp_path, 1)
    second, second_bytes = picture(tmp_path, 2)
    messages = [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "What is this?", "images": [first, second]},
    ]
    result = engine.generate(messages, GenerationRequest())
    assert result.text == "A red square."
    body = [r for r in scripted.requests if r.path == "/v1/chat/completions"][-1].body
    system, user = body["messages"]
    assert system == {"role": "system", "content": "Be brief."}  # no parts where no images
    assert user["content"][0] == {"type": "text", "text": "What is this?"}
    urls = [p["image_url"]["url"] for p in user["content"][1:]]
    assert all(u.startswith("data:image/png;base64,") for u in urls)
    assert [base64.b64decode(u.split(",", 1)[1]) for u in urls] == [first_bytes, second_bytes]
    assert "images" not in user


def test_a_server_that_refuses_images_is_one_line_and_the_message_stays(
    engine: RemoteEngine, scripted: ScriptedServer, tmp_path: Path
) -> None:
    refusal = b'{"error": {"message": "This model does not support images", "code": 400}}'
    for _ in range(2):  # the engine asks once more without its extra settings
        scripted.add(Script([refusal], status=400, content_type="application/json"))
    store = Store(tmp_path / "c.sqlite3")
    conv = store.create_conversation()
    image = store.images.put(prepare_image(png_bytes(40, 30, 5)), "p.png")
    store.add_message(conv, "user", "What is in it?", images=[image])
    turn = ChatSession(store, engine, conv).reply()
    error = turn.error
    assert isinstance(error, EngineError) and error.kind == "unsupported"
    assert "does not take images" in error.message and "\n" not in error.message
    [kept] = [m for m in store.branch(conv) if m.role == "user"]
    assert kept.content == "What is in it?" and kept.meta and kept.meta["images"]
    store.close()


# --- llama-cpp-python's own server with the tiny vision pair ----------------------------------


@pytest.fixture(scope="module")
def vision_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LlamaServer]:
    d = tmp_path_factory.mktemp("vision-server")
    model = write_tiny_model(d / "tiny-vl.gguf", "Q8_0")
    projector = write_tiny_projector(d / "mmproj-tiny-vl.gguf")
    extra = ("--chat_format", "llava-1-5", "--clip_model_path", str(projector))
    s = start_llama_server(model, d / "server.log", n_ctx=1024, extra=extra)
    yield s
    s.stop()


def test_llama_cpp_server_answers_about_an_image(
    vision_server: LlamaServer, tmp_path: Path
) -> None:
    engine = RemoteEngine(vision_server.url)
    engine.load(LoadSpec("", n_ctx=1024))
    image, _ = picture(tmp_path, 3)
    pieces: list[str] = []
    request = GenerationRequest(sampling=SamplingSettings(max_tokens=8, temperature=0.0))
    messages = [{"role": "user", "content": "What is this?", "images": [image]}]
    result = engine.generate(messages, request, pieces.append)
    assert result.text and "".join(pieces) == result.text
    # The server evaluated the picture: asked the same without streaming (its usage is only
    # reported then), its prompt holds the 16 image tokens.
    usage = []
    with_image = engine.chat_body(messages, request, stream=False)
    text_part = with_image["messages"][0]["content"][:1]
    without = {**with_image, "messages": [{"role": "user", "content": text_part}]}
    for body in (with_image, without):
        body = {**body, "max_tokens": 1}
        answer = httpx2.post(vision_server.url + "/chat/completions", json=body, timeout=60)
        usage.append(answer.json()["usage"]["prompt_tokens"])
    engine.close()
    assert 16 <= usage[0] - usage[1] <= 17, usage  # 16 image tokens (and a separator)
