"""Group ``tools``: the exact calculator's speed, and what a tool turn costs besides generating.

``calc_eval_us``: p95 over a fixed set of expressions (plain, decimal, full-width, big powers,
fractions) of ``calculate``; the raw baseline is Python's own ``eval`` of the same expressions
in ASCII (unsafe, binary floats), run in the same process.

``tool_turn_overhead_ms``: a whole tool turn through ``ChatSession`` (plan, store, the call, the
result stored, plan again) on the real runtime process with a tiny model, minus the wall time of
its two generations (measured around ``Engine.generate``, pipe included) and the tool's own
time. The first step is made to call the clock (``tool_choice``) and the second to answer, so
every round is the same turn. The baseline is the same without tools: a plain turn minus its
one generation.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench.common import median, p95
from chatapp.core.chat import meta as mk
from chatapp.core.chat.conversation_settings import ConversationSettings, SamplingSettings
from chatapp.core.chat.session import ChatSession
from chatapp.core.chat.store import Store
from chatapp.core.engine import GenerationRequest, GenerationResult, PromptMessage, TextCallback
from chatapp.core.tools.builtin import default_registry
from chatapp.core.tools.calculator import calculate
from chatapp.runtime.client import RuntimeClient
from chatapp.runtime.local_engine import LocalEngine

EXPRESSIONS = [
    "354 * 139", "0.1 + 0.2", "1/3 + 1/6", "(2 + 3) * 4 - 5 / 7", "2**64", "3**200 % 1000007",
    "３５４×１３９", "１，２３４，５６７ ÷ ８", "200 * 15%", "-2**2 + (8 - 3)**2", "1.5e-3 * 2",
    "((((1 + 2) * 3) - 4) / 5)", "123456789 * 987654321", "7 // 2 + 7 % 2", "2^0.5",
    "99999999999999999999 + 1", "1/7", "10 ÷ 4", "(1.25 + 2.75) * 1,000", "5³ - 4²",
]  # fmt: skip
RAW = {
    "３５４×１３９": "354 * 139", "１，２３４，５６７ ÷ ８": "1234567 / 8",
    "200 * 15%": "200 * 15 / 100", "2^0.5": "2 ** 0.5", "10 ÷ 4": "10 / 4",
    "(1.25 + 2.75) * 1,000": "(1.25 + 2.75) * 1000", "5³ - 4²": "5**3 - 4**2",
}  # fmt: skip
REPEATS = 200
ROUNDS = 8
FAST = SamplingSettings(temperature=0.0, seed=1, max_tokens=8)


def timed_us(fn: Any, expressions: Sequence[str]) -> list[float]:
    out = []
    for expression in expressions:
        for _ in range(REPEATS):
            t0 = time.perf_counter()
            fn(expression)
            out.append((time.perf_counter() - t0) * 1e6)
    return out


class TimedEngine(LocalEngine):
    """The local engine, timing each generation; the first request of a turn must call the
    clock and the second must answer, so every measured turn is alike."""

    def __init__(self, client: RuntimeClient) -> None:
        super().__init__(client=client)
        self.generate_s: list[float] = []
        self.forced: list[str] = []

    def generate(
        self,
        messages: Sequence[PromptMessage],
        request: GenerationRequest,
        on_text: TextCallback | None = None,
    ) -> GenerationResult:
        if self.forced and request.tools:
            request = replace(request, tool_choice=self.forced.pop(0))
        t0 = time.perf_counter()
        try:
            return super().generate(messages, request, on_text)
        finally:
            self.generate_s.append(time.perf_counter() - t0)


def turn_overheads(model: Path) -> tuple[list[float], list[float], list[float]]:
    client = RuntimeClient()
    with tempfile.TemporaryDirectory(prefix="kotoba-bench-tools-") as tmp:
        store = Store(Path(tmp) / "bench.sqlite3")
        try:
            client.load(model, 2048)
            engine = TimedEngine(client)
            engine._model = LocalEngine.adopt(client).model
            registry = default_registry()
            tools_on = ConversationSettings(sampling=FAST, n_ctx=2048, tools_enabled=True)
            plain: list[float] = []
            tool: list[float] = []
            tool_ms: list[float] = []
            for _ in range(ROUNDS):
                s = ChatSession(
                    store, engine, store.create_conversation(settings=tools_on), tools=registry
                )
                engine.generate_s.clear()
                engine.forced = ["clock", "none"]
                t0 = time.perf_counter()
                result = s.send("What day is it?")
                wall = time.perf_counter() - t0
                ran = [store.message(i).meta or {} for i in result.tool_message_ids]
                own = sum(float(m.get(mk.TOOL_DURATION_MS, 0.0)) for m in ran) / 1000
                assert ran and len(engine.generate_s) == 2, "the turn must call the tool once"
                tool.append((wall - sum(engine.generate_s) - own) * 1000)
                tool_ms.append(own * 1000)
                off = store.create_conversation(settings=replace(tools_on, tools_enabled=False))
                s = ChatSession(store, engine, off, tools=registry)
                engine.generate_s.clear()
                t0 = time.perf_counter()
                s.send("What day is it?")
                plain.append((time.perf_counter() - t0 - sum(engine.generate_s)) * 1000)
            return tool, plain, tool_ms
        finally:
            store.close()
            client.shutdown()


def run() -> dict[str, object]:
    from tests.support.tiny_models import write_tiny_model

    ours = timed_us(calculate, EXPRESSIONS)
    raw = timed_us(eval, [RAW.get(e, e) for e in EXPRESSIONS])  # the unsafe baseline
    with tempfile.TemporaryDirectory(prefix="kotoba-bench-model-") as tmp:
        tool, plain, tool_ms = turn_overheads(write_tiny_model(Path(tmp) / "tiny.gguf"))
    return {
        "calc_eval_us": round(p95(ours), 1),
        "calc_eval_us_median": round(median(ours), 1),
        "raw_python_eval_us": round(p95(raw), 1),
        "calc_vs_raw_eval_p95": round(p95(ours) / p95(raw), 2),
        "tool_turn_overhead_ms": round(median(tool), 1),
        "tool_turn_overhead_ms_p95": round(p95(tool), 1),
        "plain_turn_overhead_ms": round(median(plain), 1),
        "tool_own_time_ms": round(median(tool_ms), 2),
        "limits": "calc_eval_us <= 1000, tool_turn_overhead_ms <= 50",
    }
