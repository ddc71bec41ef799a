"""What real servers send, replayed byte for byte by a scripted server on 127.0.0.1."""

from __future__ import annotations

import json
import threading
import time

import pytest

from chatapp.core.engine import EngineError, GenerationRequest, GenerationResult
from chatapp.remote.engine import RemoteEngine
from tests.support.scripted_sse import HANG, Script, ScriptedServer, delta, sse

MESSAGES = [{"role": "user", "content": "hello"}]
USAGE = {"id": "x", "choices": [], "usage": {"prompt_tokens": 11, "completion_tokens": 3}}


def run(engine: RemoteEngine) -> tuple[GenerationResult, list[str]]:
    pieces: list[str] = []
    result = engine.generate(MESSAGES, GenerationRequest(), pieces.append)
    return result, pieces


def test_role_only_first_chunk_content_and_a_usage_chunk_without_choices(
    engine: RemoteEngine, scripted: ScriptedServer
) -> None:
    scripted.add(Script(sse(
        delta(role="assistant"), delta("Hel"), delta("lo"), delta("!", finish="stop"), USAGE,
    )))  # fmt: skip
    result, pieces = run(engine)
    assert pieces == ["Hel", "lo", "!"]
    assert result.text == "Hello!"
    assert result.stop_reason == "eos"
    assert result.stats["prompt_tokens"] == 11
    assert result.stats["completion_tokens"] == 3
    assert result.stats["usage_reported"] is True
    body = scripted.chat_requests()[0].body
    assert body["stream"] is True
    assert body["stream_options"] == {"include_usage": True}
    assert body["model"] == "scripted"


def test_crlf_ping_comments_and_events_split_anywhere(
    engine: RemoteEngine, scripted: ScriptedServer
) -> None:
    raw = b"".join(
        [
            b": ping - 2026-11-29\r\n\r\n",
            *sse(
                delta(role="assistant"), delta("猫は"), delta("魚を"), newline=b"\r\n", done=False
            ),
            b":\r\n\r\n",
            *sse(delta("食べる", finish="stop"), newline=b"\r\n"),
        ]
    )
    # Cut the bytes into 7-byte parts: lines, CRLF pairs and UTF-8 characters all get split.
    parts: list[bytes | float | str] = [raw[i : i + 7] for i in range(0, len(raw), 7)]
    scripted.add(Script(parts))
    result, pieces = run(engine)
    assert result.text == "猫は魚を食べる"
    assert pieces == ["猫は", "魚を", "食べる"]
    assert result.stop_reason == "eos"
    assert result.stats["usage_reported"] is False
    assert result.stats["completion_tokens"] == 3  # counted from the deltas


def test_an_error_object_after_200_keeps_what_came_before(
    engine: RemoteEngine, scripted: ScriptedServer
) -> None:
    scripted.add(Script(sse(
        delta("Part of"), delta(" a reply"),
        {"error": {"message": "CUDA out of memory", "type": "server_error"}},
    )))  # fmt: skip
    pieces: list[str] = []
    with pytest.raises(EngineError) as info:
        engine.generate(MESSAGES, GenerationRequest(), pieces.append)
    assert info.value.kind == "server"
    assert "CUDA out of memory" in info.value.message
    assert "".join(pieces) == "Part of a reply"


def test_an_error_event(engine: RemoteEngine, scripted: ScriptedServer) -> None:
    body = b'data: {"choices":[{"index":0,"delta":{"content":"a"}}]}\n\n'
    body += b'event: error\ndata: {"message": "model unloaded"}\n\n'
    scripted.add(Script([body]))
    with pytest.raises(EngineError, match="model unloaded") as info:
        run(engine)
    assert info.value.kind == "server"


def test_a_stream_that_ends_without_finish_reason_was_interrupted(
    engine: RemoteEngine, scripted: ScriptedServer
) -> None:
    # What llama-cpp-python's server sends when another client's request interrupts this one.
    scripted.add(Script(sse(delta(role="assistant"), delta("Half a"), delta(" sentence"))))
    pieces: list[str] = []
    with pytest.raises(EngineError) as info:
        engine.generate(MESSAGES, GenerationRequest(), pieces.append)
    assert info.value.kind == "interrupted"
    assert "part received is kept" in info.value.message
    assert "".join(pieces) == "Half a sentence"


def test_a_dropped_connection_is_one_clear_error(
    engine: RemoteEngine, scripted: ScriptedServer
) -> None:
    scripted.add(Script(sse(delta("Some"), delta(" words"), done=False), drop=True))
    pieces: list[str] = []
    with pytest.raises(EngineError) as info:
        engine.generate(MESSAGES, GenerationRequest(), pieces.append)
    assert info.value.kind == "connection"
    assert "lost during the reply" in info.value.message
    assert "".join(pieces) == "Some words"


@pytest.mark.parametrize("field", ["reasoning_content", "reasoning"])
def test_reasoning_fields_are_kept_apart(
    engine: RemoteEngine, scripted: ScriptedServer, field: str
) -> None:
    scripted.add(Script(sse(
        delta(role="assistant"), delta(**{field: "The user greets. "}),
        delta(**{field: "Greet back."}), delta("Hi there", finish="stop"),
    )))  # fmt: skip
    result, pieces = run(engine)
    assert result.reasoning == "The user greets. Greet back."
    assert result.text == "Hi there"
    assert pieces == ["Hi there"]
    assert result.stats["reasoning_s"] >= 0


def test_inline_think_tags_split_across_chunks(
    engine: RemoteEngine, scripted: ScriptedServer
) -> None:
    scripted.add(Script(sse(
        delta("\n<thi"), delta("nk>Count the"), delta(" letters.</th"), delta("ink>\n\nThere are "),
        delta("<think> tags </think> in text", finish="stop"),
    )))  # fmt: skip
    result, pieces = run(engine)
    assert result.reasoning == "Count the letters."
    assert result.text == "There are <think> tags </think> in text"
    assert "".join(pieces) == result.text


def test_tool_call_deltas_by_index_with_fragmented_arguments(
    engine: RemoteEngine, scripted: ScriptedServer
) -> None:
    def call(index: int, **fields: object) -> dict[str, object]:
        return {"index": index, **fields}

    scripted.add(Script(sse(
        delta(role="assistant", content=None),
        delta(tool_calls=[call(0, id="call_a", type="function",
                               function={"name": "calculator", "arguments": ""})]),
        delta(tool_calls=[call(0, function={"arguments": '{"expr'})]),
        delta(tool_calls=[call(1, id="call_b", type="function",
                               function={"name": "clock", "arguments": "{}"})]),
        delta(tool_calls=[call(0, function={"arguments": 'ession": "354*139"}'})]),
        delta(finish="tool_calls"),
    )))  # fmt: skip
    request = GenerationRequest(tools=({"type": "function", "function": {"name": "calculator"}},))
    result = engine.generate(MESSAGES, request)
    assert result.stop_reason == "tool_calls"
    assert [(c.id, c.name) for c in result.tool_calls] == [
        ("call_a", "calculator"),
        ("call_b", "clock"),
    ]
    assert json.loads(result.tool_calls[0].arguments) == {"expression": "354*139"}
    assert result.tool_calls[1].arguments == "{}"
    assert result.text == ""
    body = scripted.chat_requests()[0].body
    assert body["tools"][0]["function"]["name"] == "calculator"
    assert body["tool_choice"] == "auto"


def test_stop_closes_the_stream_at_once(engine: RemoteEngine, scripted: ScriptedServer) -> None:
    scripted.add(Script([*sse(delta("Start"), done=False), HANG]))
    pieces: list[str] = []
    first = threading.Event()
    results: list[GenerationResult] = []

    def on_text(text: str) -> None:
        pieces.append(text)
        first.set()

    worker = threading.Thread(
        target=lambda: results.append(engine.generate(MESSAGES, GenerationRequest(), on_text))
    )
    worker.start()
    assert first.wait(10)
    t0 = time.perf_counter()
    engine.cancel()
    worker.join(5)
    elapsed = time.perf_counter() - t0
    assert not worker.is_alive()
    assert elapsed < 0.1
    assert results[0].stop_reason == "cancelled"
    assert results[0].text == "Start"
    assert scripted.disconnected.wait(5)  # the server saw the connection close


def test_stop_before_the_first_byte(engine: RemoteEngine, scripted: ScriptedServer) -> None:
    scripted.add(Script([HANG]))
    results: list[GenerationResult] = []
    worker = threading.Thread(
        target=lambda: results.append(engine.generate(MESSAGES, GenerationRequest()))
    )
    worker.start()
    time.sleep(0.3)  # connected, headers sent, waiting for the first token
    t0 = time.perf_counter()
    engine.cancel()
    worker.join(5)
    assert time.perf_counter() - t0 < 0.1
    assert results[0].stop_reason == "cancelled"


def test_a_dead_server_is_one_clear_message(scripted: ScriptedServer) -> None:
    from chatapp.core.engine import LoadSpec

    engine = RemoteEngine(scripted.url)
    engine.load(LoadSpec("scripted"))
    scripted.stop()
    try:
        with pytest.raises(EngineError) as info:
            run(engine)
        assert info.value.kind == "connection"
        assert "Cannot reach the server at http://127.0.0.1" in info.value.message
        assert "refused" in info.value.message
    finally:
        engine.close()


def test_a_json_answer_to_a_stream_request(engine: RemoteEngine, scripted: ScriptedServer) -> None:
    answer = {
        "choices": [{"index": 0, "message": {"role": "assistant", "content": "Whole"},
                     "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 5, "completion_tokens": 1},
    }  # fmt: skip
    scripted.add(Script([json.dumps(answer).encode()], content_type="application/json"))
    result, pieces = run(engine)
    assert result.text == "Whole"
    assert pieces == ["Whole"]
    assert result.stats["prompt_tokens"] == 5


def test_refused_extra_settings_are_dropped_and_remembered(
    engine: RemoteEngine, scripted: ScriptedServer
) -> None:
    refusal = json.dumps({"error": {"message": "Unrecognized request argument: top_k"}})
    scripted.add(
        Script([refusal.encode()], status=400, content_type="application/json"),
        Script(sse(delta("ok", finish="stop"))),
        Script(sse(delta("again", finish="stop"))),
    )
    assert run(engine)[0].text == "ok"
    assert run(engine)[0].text == "again"
    bodies = [r.body for r in scripted.chat_requests()]
    assert "top_k" in bodies[0]
    assert "top_k" not in bodies[1] and "top_k" not in bodies[2]


@pytest.mark.parametrize(
    ("status", "message", "kind"),
    [
        (401, "Invalid API key", "auth"),
        (400, "the request exceeds the available context size", "too_long"),
        (503, "Loading model", "server"),
    ],
)
def test_http_errors(
    engine: RemoteEngine, scripted: ScriptedServer, status: int, message: str, kind: str
) -> None:
    body = json.dumps({"error": {"message": message}}).encode()
    scripted.add(Script([body], status=status, content_type="application/json"))
    scripted.add(Script([body], status=status, content_type="application/json"))
    with pytest.raises(EngineError) as info:
        run(engine)
    assert info.value.kind == kind
    assert message in info.value.message


def test_continuing_an_unfinished_reply(engine: RemoteEngine, scripted: ScriptedServer) -> None:
    scripted.add(Script(sse(delta(" and the rest.", finish="stop"))))
    messages = [*MESSAGES, {"role": "assistant", "content": "The first half"}]
    result = engine.generate(messages, GenerationRequest(continue_last=True))
    assert result.text == " and the rest."
    body = scripted.chat_requests()[0].body
    assert body["messages"][-1] == {"role": "assistant", "content": "The first half"}
    assert body["continue_final_message"] is True and body["add_generation_prompt"] is False
