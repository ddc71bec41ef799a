"""One measurement for the ``cpu`` group, in a fresh process (a process loads one CPU variant).

    python -m bench.cpu_child MODEL THREADS PROMPT_TOKENS DECODE_TOKENS   -> one JSON line

``KOTOBA_CPU_VARIANT`` chooses the variant as it does for the runtime; unset, the runtime's
automatic choice. Speeds are given per second of wall time and per CPU-second of this process:
with one thread, the second is what the work costs, whatever else the machine runs.
"""

from __future__ import annotations

import json
import sys
import time

TEXT = (
    "The lighthouse keeper climbed the stairs each evening, counted the ships on the horizon, "
    "wrote the weather in a worn notebook and listened to the sea against the rocks below. "
)


WINDOW = 32


def cpu_seconds() -> float:
    """This process's CPU time, all threads, at the clock's full resolution (``os.times`` counts
    in 10 ms ticks: 1 % of a one-second measurement)."""
    return time.process_time()


def main() -> None:
    model, threads, n_prompt, n_decode = sys.argv[1], *map(int, sys.argv[2:5])
    import llama_cpp

    from chatapp.runtime import cpu_variant

    variant = cpu_variant.activate().variant
    llm = llama_cpp.Llama(
        model, n_ctx=n_prompt + n_decode + 64, n_batch=512, n_threads=threads,
        n_threads_batch=threads, verbose=False,
    )  # fmt: skip
    text = llm.tokenize((TEXT * ((n_prompt + n_decode) // 20)).encode())
    prompt, following = text[:n_prompt], text[n_prompt : n_prompt + n_decode]
    assert len(prompt) == n_prompt and len(following) == n_decode, len(text)
    c0, t0 = cpu_seconds(), time.perf_counter()
    llm.eval(prompt)
    prompt_wall, prompt_cpu = time.perf_counter() - t0, cpu_seconds() - c0
    # Decoding one token at a time, the text's own next tokens (the sampler, the same Python
    # for both CPU codes over Gemma's 262,144-token vocabulary, would dilute the comparison),
    # in windows of WINDOW tokens: a neighbour on the machine disturbs some windows (memory
    # bandwidth is what decoding waits on); the least disturbed one is the code's speed.
    walls, cpus = [], []
    for w in range(max(1, n_decode // WINDOW)):
        c0, t0 = cpu_seconds(), time.perf_counter()
        for token in following[w * WINDOW : (w + 1) * WINDOW]:
            llm.eval([token])
        walls.append(time.perf_counter() - t0)
        cpus.append(cpu_seconds() - c0)
    print(json.dumps({
        "variant": variant,
        "prompt_tps": n_prompt / prompt_wall,
        "prompt_cpu_tps": n_prompt / prompt_cpu,
        "decode_tps": WINDOW / min(walls),
        "decode_cpu_tps": WINDOW / min(cpus),
        "decode_cpu_tps_mean": WINDOW * len(cpus) / sum(cpus),
        "system_info": llama_cpp.llama_print_system_info().decode().strip(),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
