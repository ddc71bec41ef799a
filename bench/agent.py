"""Group ``agent``: what an agent step costs besides generating and running its tools.

``agent_step_overhead_ms``: a few-step task (``AgentRun``, the calculator, a three-step budget)
on SmolLM2-135M through the real runtime process (the tiny generated model when SmolLM2 is not
installed), greedy. A step's wall time runs from the start of its generation to the start of
the next one (storing the step, the call's thread, its result stored, the next step planned and
counted); its generation is timed around ``Engine.generate`` (the pipe to the runtime included)
and its tools by their own stored durations. Median and worst over every tool step of
``ROUNDS`` tasks.

The raw baseline is the same steps by hand with llama-cpp-python in this process: the same
ReAct instruction and grammar (runtime/react_step.py), the calculator called directly, the
step and its result appended to a list; its overhead is the same difference, the floor of any
loop. Both generations' medians are reported beside it.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.common import BENCH_THREADS, median
from chatapp.core.agent.budget import AgentBudget
from chatapp.core.agent.loop import AgentRun
from chatapp.core.chat import meta as mk
from chatapp.core.chat.conversation_settings import ConversationSettings, SamplingSettings
from chatapp.core.chat.session import ChatSession
from chatapp.core.chat.store import Store
from chatapp.core.engine import GenerationRequest, GenerationResult, PromptMessage, TextCallback
from chatapp.core.tools.builtin import default_registry
from chatapp.core.tools.calculator import CalcError, calculate
from chatapp.core.tools.tool_calls import HERMES, parse_tool_calls
from chatapp.runtime.client import RuntimeClient
from chatapp.runtime.cpu_variant import ensure_cpu_code
from chatapp.runtime.local_engine import LocalEngine
from chatapp.runtime.react_step import (
    STEP_MAX_TOKENS,
    react_examples,
    react_grammar,
    react_instruction,
    split_step,
)
from chatapp.runtime.tool_prompt import with_instruction

ROUNDS = 5
STEPS = 3
N_CTX = 2048
TASK = "What is 354 * 139?"
GREEDY = SamplingSettings(temperature=0.0, seed=0, max_tokens=48)


class TimedEngine(LocalEngine):
    """The local engine, noting when each generation began and how long it took."""

    def __init__(self, client: RuntimeClient) -> None:
        super().__init__(client=client)
        self.generations: list[tuple[float, float]] = []  # (start, seconds)

    def generate(
        self,
        messages: Sequence[PromptMessage],
        request: GenerationRequest,
        on_text: TextCallback | None = None,
    ) -> GenerationResult:
        t0 = time.perf_counter()
        try:
            return super().generate(messages, request, on_text)
        finally:
            self.generations.append((t0, time.perf_counter() - t0))


def step_overheads(
    generations: list[tuple[float, float]], tool_s: list[float]
) -> tuple[list[float], list[float]]:
    """(overhead ms, generation ms) of each tool step: its wall time to the next generation's
    start, less its generation and its tools' own time."""
    overheads, generated = [], []
    for n, own in enumerate(tool_s):
        (start, seconds), (next_start, _) = generations[n], generations[n + 1]
        overheads.append((next_start - start - seconds - own) * 1000)
        generated.append(seconds * 1000)
    return overheads, generated


def kotoba_steps(model: Path) -> tuple[list[float], list[float], list[float]]:
    """(overheads, generations, task starts) in ms over ROUNDS tasks through AgentRun."""
    client = RuntimeClient()
    with tempfile.TemporaryDirectory(prefix="kotoba-bench-agent-") as tmp:
        store = Store(Path(tmp) / "bench.sqlite3")
        try:
            client.load(model, N_CTX, n_threads=BENCH_THREADS)
            engine = TimedEngine(client)
            engine._model = LocalEngine.adopt(client).model
            registry = default_registry()
            settings = ConversationSettings(
                sampling=GREEDY, n_ctx=N_CTX, tools_enabled=True, tools=("calculator",)
            )
            overheads: list[float] = []
            generated: list[float] = []
            starts: list[float] = []
            for _ in range(ROUNDS):
                cid = store.create_conversation(settings=settings)
                store.add_message(cid, "user", TASK)
                session = ChatSession(store, engine, cid, tools=registry)
                engine.generations.clear()
                t0 = time.perf_counter()
                result = AgentRun(session, AgentBudget(steps=STEPS)).run()
                assert result.steps, f"the model answered without a step: {result.text!r}"
                assert len(engine.generations) == len(result.steps) + 1, result.reason
                tool_s = [
                    sum(
                        float(mk.get(store.message(i).meta, mk.TOOL_DURATION_MS, 0.0))
                        for i in step.result_ids
                    )
                    / 1000
                    for step in result.steps
                ]
                o, g = step_overheads(engine.generations, tool_s)
                overheads += o
                generated += g
                starts.append((engine.generations[0][0] - t0) * 1000)
            return overheads, generated, starts
        finally:
            store.close()
            client.shutdown()


def raw_calculator(arguments: str) -> str:
    try:
        return calculate(str(json.loads(arguments or "{}").get("expression", ""))).text
    except (CalcError, ValueError, AttributeError) as exc:  # the result, as in the app
        return f"Error: {exc}"


def raw_steps(model: Path) -> tuple[list[float], list[float]]:
    """(overheads, generations) in ms of the same steps by hand with llama-cpp-python."""
    import llama_cpp

    ensure_cpu_code()  # llama.cpp's CPU code for this process (docs/cpu-variants.md)
    schemas = [t.schema() for t in default_registry().tools(["calculator"])]
    llm = llama_cpp.Llama(
        model_path=str(model), n_ctx=N_CTX, n_threads=BENCH_THREADS,
        n_threads_batch=BENCH_THREADS, verbose=False,
    )  # fmt: skip
    grammar = llama_cpp.LlamaGrammar.from_string(react_grammar(schemas), verbose=False)
    overheads: list[float] = []
    generated: list[float] = []
    for _ in range(ROUNDS):
        user = [{"role": "user", "content": TASK}]
        messages: list[Any] = with_instruction(
            user, react_instruction(schemas), react_examples(schemas)
        )
        generations: list[tuple[float, float]] = []
        tool_s: list[float] = []
        for _step in range(STEPS + 1):
            t0 = time.perf_counter()
            out = llm.create_chat_completion(
                messages, grammar=grammar, max_tokens=STEP_MAX_TOKENS, temperature=0.0, seed=0
            )
            generations.append((t0, time.perf_counter() - t0))
            text = str(out["choices"][0]["message"]["content"] or "")  # type: ignore[index]
            _thought, action = split_step(text)
            calls = parse_tool_calls(action, HERMES).calls
            if not calls or len(tool_s) == STEPS:
                break
            t1 = time.perf_counter()
            results = [raw_calculator(c.arguments) for c in calls]
            tool_s.append(time.perf_counter() - t1)
            messages.append({"role": "assistant", "content": text})
            response = "\n".join(f"<tool_response>{r}</tool_response>" for r in results)
            messages.append({"role": "user", "content": response})
        o, g = step_overheads(generations, tool_s[: len(generations) - 1])
        overheads += o
        generated += g
    return overheads, generated


def bench_model() -> tuple[Path, str, tempfile.TemporaryDirectory[str] | None]:
    from chatapp.core.models.demo_model import smollm2_path

    path = smollm2_path()
    if path is not None:
        return path, "SmolLM2-135M-Instruct Q4_1", None
    from tests.support.tiny_models import write_tiny_model

    tmp = tempfile.TemporaryDirectory(prefix="kotoba-bench-model-")
    return write_tiny_model(Path(tmp.name) / "tiny.gguf"), "tiny generated model", tmp


def run() -> dict[str, object]:
    model, name, tmp = bench_model()
    try:
        ours, generated, starts = kotoba_steps(model)
        raw, raw_generated = raw_steps(model)
    finally:
        if tmp is not None:
            tmp.cleanup()
    return {
        "agent_step_overhead_ms": round(median(ours), 1),
        "agent_step_overhead_ms_worst": round(max(ours), 1),
        "agent_steps_measured": len(ours),
        "agent_step_generation_ms": round(median(generated), 1),
        "agent_task_start_ms": round(median(starts), 1),
        "raw_loop_step_overhead_ms": round(median(raw), 3) if raw else "no raw step",
        "raw_loop_step_overhead_ms_worst": round(max(raw), 3) if raw else "no raw step",
        "raw_loop_steps_measured": len(raw),
        "raw_step_generation_ms": round(median(raw_generated), 1) if raw else "no raw step",
        "model": name,
        "limits": "agent_step_overhead_ms <= 30",
    }
