"""Speculative decoding in the runtime process: the draft model loaded beside the chat model,
which method guesses a reply (the load's mode: Prompt lookup, Draft model or Auto), and Auto's
figures kept between loads.

A greedy reply gives the plain greedy tokens with every method (``speculative.greedy_tokens``);
a sampled one follows the plain sampling distribution (``spec_sampling.sampled_tokens``), with
the method Auto chose (Auto measures on greedy and, until it has decided, on sampled
replies). A reply that follows a grammar or shows the model an image decodes plainly.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import llama_cpp
import llama_cpp.llama_cpp as llama_c

from chatapp.runtime import protocol as p
from chatapp.runtime.host_types import HostError
from chatapp.runtime.llama_hooks import abortable
from chatapp.runtime.memory_report import capture_memory_report
from chatapp.runtime.prompt_lookup import PromptLookup
from chatapp.runtime.spec_auto import (
    CALIBRATION_TOKENS,
    AutoPolicy,
    Calibration,
    MeasuredFixed,
    machine_key,
    request_kind,
)
from chatapp.runtime.speculative import Drafter, DraftModel, Fixed, Policy
from chatapp.runtime.vision import VisionPrompt


def vocab_difference(main: llama_cpp.Llama, draft: llama_cpp.Llama) -> str:
    """Why ``draft``'s guesses could not be checked by ``main`` token for token ("" if they
    can): the same number of tokens, each with the same text, and the same BOS and EOS."""
    a, b = main._model.vocab, draft._model.vocab
    n_a, n_b = llama_c.llama_vocab_n_tokens(a), llama_c.llama_vocab_n_tokens(b)
    if n_a != n_b:
        return f"{n_b} tokens against {n_a}"
    for name, get in (("BOS", llama_c.llama_vocab_bos), ("EOS", llama_c.llama_vocab_eos)):
        if get(a) != get(b):
            return f"a different {name} token ({get(b)} against {get(a)})"
    for token in range(n_a):
        if llama_c.llama_vocab_get_text(a, token) != llama_c.llama_vocab_get_text(b, token):
            text = llama_c.llama_vocab_get_text(b, token).decode("utf-8", "replace")
            return f"token {token} is {text!r} in the draft model, not the same in the chat model"
    return ""


def _file_key(path: str) -> str:
    try:
        size = os.stat(path).st_size
    except OSError:
        size = 0
    return f"{os.path.basename(path)}:{size}"


class SpecHost:
    """The speculative side of a loaded chat model: its mode, the draft model (or None) and,
    for Auto, the calibration of this model, draft and machine."""

    def __init__(
        self, mode: str, draft: llama_cpp.Llama | None, calibration: Calibration | None
    ) -> None:
        self.mode = mode
        self.draft = draft
        self.calibration = calibration
        self.drafters: dict[str, Drafter] = {"lookup": PromptLookup()}
        if draft is not None:
            self.drafters["draft"] = DraftModel(draft)
        self.kind = "chat"  # the kind of the request being answered (spec_auto.request_kind)

    @classmethod
    def load(
        cls, req: p.LoadRequest, llm: llama_cpp.Llama, n_ctx: int, threads: int, cpu_variant: str
    ) -> SpecHost | None:
        """None for mode "off"; a HostError when the draft cannot be loaded or does not share
        the chat model's vocabulary."""
        mode = req.speculative
        if mode not in p.SPECULATIVE_MODES:
            raise HostError(
                "bad_request", f"speculative must be one of {', '.join(p.SPECULATIVE_MODES)}"
            )
        if mode == "off":
            return None
        if mode == "draft" and not req.draft_path:
            raise HostError("bad_request", "speculative decoding by a draft model needs its file")
        draft_path = req.draft_path if mode != "lookup" else ""
        draft = _load_draft(draft_path, llm, n_ctx, threads) if draft_path else None
        # Every mode measures (Prompt lookup and Draft model: their plain rounds, for the
        # status bar's comparison); Auto also decides by it.
        key = "|".join(
            (
                _file_key(req.path),
                _file_key(draft_path) if draft_path else "-",
                machine_key(threads, cpu_variant),
            )
        )
        state = Path(req.speculative_state) if req.speculative_state else None
        return cls(mode, draft, Calibration.load(state, key))

    def close(self) -> None:
        if self.draft is not None:
            self.draft.close()
            self.draft = None

    def begin(self, messages: Sequence[dict[str, Any]]) -> None:
        self.kind = request_kind(messages)

    @staticmethod
    def applies(grammar: object, rendered: object) -> bool:
        return grammar is None and not isinstance(rendered, VisionPrompt)

    def policy(self, s: p.Sampling) -> tuple[Policy | None, Callable[[], str]]:
        """This reply's policy (None: decode it plainly) and, for its figures, the name of what
        it used."""
        if self.mode == "auto" and self.calibration is not None:
            decided = self.calibration.decision(self.kind, ["plain", *self.drafters])
            if decided == "plain":
                # Measured slower here: the very path plain decoding takes, not the guessing
                # loop without guesses (Auto then costs nothing against Off).
                return None, lambda: "auto:plain"
            if s.temperature > 0 and decided is not None and decided in self.drafters:
                return Fixed(self.drafters[decided]), lambda: f"auto:{decided}"
            # Not decided yet: sampled replies calibrate too (their rounds take turns the
            # same way), so a conversation that always samples gets a decision as well.
            auto = AutoPolicy(self.calibration, self.kind, self.drafters)
            return auto, lambda: f"auto:{auto.decided or 'calibrating'}"
        fixed = MeasuredFixed(self.drafters.get(self.mode), self.calibration, self.kind)
        return fixed, lambda: self.mode

    def prepare(self, policy: Policy, prompt: list[int], cancelled: Callable[[], bool]) -> bool:
        """Bring the draft model's cache to the prompt when this reply may ask it (chunked,
        with the context shift); False when cancelled."""
        drafter = self.drafters.get("draft")
        if not isinstance(drafter, DraftModel):
            return True
        if isinstance(policy, AutoPolicy) and policy.decided not in (None, "draft"):
            return True
        if isinstance(policy, Fixed) and policy.use is not drafter:
            return True
        try:
            return drafter.prepare(prompt, cancelled)
        except RuntimeError:  # aborted by a cancel
            if cancelled():
                return False
            raise

    def plain_rate(self) -> float:
        """Plain decoding's tokens/s measured here for this kind of request, 0 if unknown."""
        if self.calibration is None:
            return 0.0
        if self.calibration.measured(self.kind, "plain") < CALIBRATION_TOKENS:
            return 0.0  # a few plain rounds are too few to compare with
        return self.calibration.rate(self.kind, "plain")

    def finish(self) -> None:
        if self.calibration is not None:
            self.calibration.save()

    @contextlib.contextmanager
    def abortable(
        self, flag: ctypes.Array[ctypes.c_char] | None, cancelled: Callable[[], bool]
    ) -> Iterator[None]:
        """A cancel stops the draft model within a decode too (``llama_hooks.abortable``)."""
        if self.draft is None:
            yield
            return
        with abortable(self.draft, flag, cancelled):
            yield


def _load_draft(path: str, llm: llama_cpp.Llama, n_ctx: int, threads: int) -> llama_cpp.Llama:
    name = os.path.basename(path)
    if not os.path.isfile(path):
        raise HostError("load_failed", f"no draft model at {path}", file=name)
    try:
        with capture_memory_report() as memory:
            draft = llama_cpp.Llama(
                model_path=path,
                n_ctx=n_ctx,
                n_batch=512,
                n_threads=threads,
                n_threads_batch=threads,
                verbose=False,
            )
    except (ValueError, RuntimeError) as exc:
        why = memory.errors[-1] if memory.errors else str(exc)
        raise HostError(
            "load_failed", f"llama.cpp could not load the draft model {name}: {why}", file=name
        ) from None
    why = vocab_difference(llm, draft)
    if why:
        draft.close()
        raise HostError(
            "load_failed",
            f"the draft model {name} does not share the chat model's vocabulary ({why}): "
            "choose a smaller model of the same family",
            file=name,
            detail=why,
        )
    return draft
