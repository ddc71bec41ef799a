"""One generation pass on the loaded model: the prompt's prefill (with the KV cache's reuse),
then sampling and decoding, streamed in batches at most ``FLUSH_INTERVAL_S`` apart."""

from __future__ import annotations

import codecs
import random
import time
from collections.abc import Callable, Iterator
from typing import Any

import llama_cpp
import llama_cpp.llama_cpp as llama_c
import numpy as np

from chatapp.runtime import protocol as p
from chatapp.runtime.host_types import HostError, Loaded, Pass, vision_error
from chatapp.runtime.kv_cache import prefill, reuse_cache
from chatapp.runtime.spec_sampling import sampled_tokens
from chatapp.runtime.speculative import Penalty, SpecStats, greedy_tokens
from chatapp.runtime.stop_strings import StopScanner
from chatapp.runtime.vision import VisionError, VisionPrompt

# Streamed text is sent in batches at most this far apart (the first token goes at once):
# fewer wake-ups of the GUI process, which shares the cores with the decoding threads.
FLUSH_INTERVAL_S = 0.03


def run_pass(
    m: Loaded,
    rendered: Any,
    s: p.Sampling,
    emit: Callable[[str, int], None] | None,
    cancelled: Callable[[], bool],
    *,
    grammar: llama_cpp.LlamaGrammar | None = None,
    max_tokens: int | None = None,
    visible: Callable[[str], str] | None = None,
) -> Pass:
    """One generation from a rendered prompt. ``emit`` None: nothing is streamed;
    ``visible`` filters what is streamed (a tool call is held back)."""
    t0 = time.perf_counter()
    prompt = rendered.tokens
    if len(prompt) >= m.n_ctx:
        raise HostError(
            "too_long",
            f"the conversation needs {len(prompt)} tokens but the context holds {m.n_ctx}",
        )
    llm = m.llm
    if isinstance(rendered, VisionPrompt) and m.vision is not None:
        try:  # a context shift would move image positions: only the prefix is reused
            cache, finished = m.vision.prefill(
                llm, rendered, lambda lm, t: reuse_cache(lm, t, False), cancelled
            )
        except VisionError as exc:
            raise vision_error(exc) from None
        finally:
            rendered.close()
    else:
        cache, finished = prefill(llm, prompt, cancelled, m.request.kv_shift)
    limit = max_tokens or s.max_tokens  # a tool call has its own limit
    allowed = min(limit, m.n_ctx - len(prompt))
    scanner = StopScanner([*rendered.stop_strings, *s.stop])
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    vocab = llm._model.vocab
    text_parts: list[str] = []
    pending: list[str] = []
    pending_tokens = 0
    n_generated = 0
    t_first = t_last = 0.0
    last_flush = 0.0
    reason = p.STOP_CANCELLED if not finished else p.STOP_LENGTH

    def flush(now: float) -> None:
        nonlocal pending_tokens, last_flush
        if pending:
            chunk = "".join(pending)
            pending.clear()
            text_parts.append(chunk)
            shown = visible(chunk) if visible is not None else chunk
            if emit is not None and shown:
                emit(shown, pending_tokens)
        pending_tokens = 0
        last_flush = now

    def is_end(token: int) -> bool:
        return token in rendered.stop_token_ids or bool(llama_c.llama_vocab_is_eog(vocab, token))

    # A greedy reply with speculative decoding on: the same tokens, fewer evaluations.
    spec = m.spec if m.spec is not None and m.spec.applies(grammar, rendered) else None
    spec_stats = SpecStats()
    method: Callable[[], str] = lambda: ""  # noqa: E731
    policy = None
    if spec is not None:
        policy, method = spec.policy(s)
    tokens: Iterator[int] | None = None
    if finished and spec is not None and policy is not None:
        finished = spec.prepare(policy, prompt, cancelled)
        if not finished:
            reason = p.STOP_CANCELLED
        elif s.temperature == 0:
            penalty = Penalty(s.repeat_penalty, llm.last_n_tokens_size)
            tokens = greedy_tokens(
                llm, prompt, policy, is_end=is_end, penalty=penalty, stats=spec_stats
            )
        else:
            rng = np.random.default_rng(s.seed)  # None: fresh entropy, like a plain reply
            tokens = sampled_tokens(
                llm, prompt, policy, s, is_end=is_end, rng=rng, stats=spec_stats
            )
    elif finished:
        llm.set_seed(s.seed if s.seed is not None else random.getrandbits(32))
        tokens = llm.generate(
            prompt,
            top_k=s.top_k,
            top_p=s.top_p,
            min_p=s.min_p,
            temp=s.temperature,
            repeat_penalty=s.repeat_penalty,
            reset=True,
            grammar=grammar,
        )
    if tokens is not None:
        try:
            for token in tokens:
                now = time.perf_counter()
                if n_generated == 0:
                    t_first = now
                t_last = now
                if is_end(token):
                    reason = p.STOP_EOS
                    break
                n_generated += 1
                pending_tokens += 1
                piece = scanner.feed(decoder.decode(llm.detokenize([token])))
                if piece:
                    pending.append(piece)
                if scanner.hit is not None:
                    reason = p.STOP_STRING
                    break
                if n_generated == 1 or now - last_flush >= FLUSH_INTERVAL_S:
                    flush(now)
                if cancelled():
                    reason = p.STOP_CANCELLED
                    break
                if n_generated >= allowed:
                    reason = p.STOP_LENGTH if allowed == limit else p.STOP_CONTEXT_FULL
                    break
            else:  # only the speculative loop ends by itself: the context is full
                reason = p.STOP_CONTEXT_FULL
        except RuntimeError:  # llama_decode returned 2: aborted by a cancel
            if not cancelled():
                raise
            reason = p.STOP_CANCELLED
        finally:
            close = getattr(tokens, "close", None)
            if close is not None:
                close()
            if spec is not None:
                spec.finish()
    # Bytes of a character the last token did not finish are dropped (a reply cut off by the
    # token limit would otherwise end in a replacement mark).
    tail = scanner.flush()
    if tail:
        pending.append(tail)
    flush(time.perf_counter())
    text = "".join(text_parts)
    return Pass(
        text,
        reason,
        len(prompt),
        cache,
        n_generated,
        t0,
        t_first,
        t_last,
        method(),
        spec_stats.drafted,
        spec_stats.accepted,
        spec.plain_rate() if spec is not None else 0.0,
    )
