"""Auto speculative decoding (``runtime.spec_auto``): calibration on real replies gives the
plain greedy tokens, decides per kind, and is kept per model and machine in a JSON file."""

from __future__ import annotations

from pathlib import Path

import pytest
from llama_cpp import Llama

from chatapp.runtime.prompt_lookup import PromptLookup
from chatapp.runtime.spec_auto import (
    CALIBRATION_TOKENS,
    AutoPolicy,
    Calibration,
    Throttle,
    request_kind,
)
from chatapp.runtime.speculative import (
    DraftModel,
    Fixed,
    greedy_tokens,
)
from tests.runtime.test_speculative import PROMPTS
from tests.support.tiny_models import write_tiny_model


def _open(path: Path) -> Llama:
    return Llama(str(path), n_ctx=512, n_threads=1, verbose=False)


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> tuple[Llama, Llama]:
    root = tmp_path_factory.mktemp("auto")
    target = _open(write_tiny_model(root / "target.gguf", "Q8_0"))
    draft = _open(write_tiny_model(root / "draft.gguf", "Q8_0", seed=99, layers=1))
    return target, draft


def _reply(llm: Llama, prompt: list[int], policy: object, n: int) -> list[int]:
    llm.reset()
    llm.eval(prompt)
    eos = llm.token_eos()
    out: list[int] = []
    tokens = greedy_tokens(llm, prompt, policy, is_end=lambda t: t == eos)  # type: ignore[arg-type]
    for token in tokens:
        if token == eos:
            break
        out.append(token)
        if len(out) >= n:
            break
    tokens.close()
    return out


def test_auto_calibrates_decides_and_keeps_plain_tokens(
    models: tuple[Llama, Llama], tmp_path: Path
) -> None:
    target, draft = models
    state = tmp_path / "speculative.json"
    calibration = Calibration.load(state, "tiny|machine")
    drafters = {"lookup": PromptLookup(), "draft": DraftModel(draft)}
    for text in PROMPTS:
        prompt = target.tokenize(text.encode(), add_bos=True)
        plain = _reply(target, prompt, Fixed(None), 40)
        auto = _reply(target, prompt, AutoPolicy(calibration, "chat", drafters), 40)
        assert auto == plain, text
    for method in ("plain", "lookup", "draft"):
        assert calibration.measured("chat", method) >= CALIBRATION_TOKENS
    decided = calibration.decision("chat", ["plain", "lookup", "draft"])
    assert decided in ("plain", "lookup", "draft")
    calibration.save()
    again = Calibration.load(state, "tiny|machine")
    assert again.decision("chat", ["plain", "lookup", "draft"]) == decided
    assert Calibration.load(state, "other|machine").rates == {}


def test_request_kind_and_throttle() -> None:
    assert request_kind([{"role": "user", "content": "hi"}]) == "chat"
    assert request_kind([{"role": "user", "content": "x" * 900}]) == "paste"
    throttle = Throttle(0.5, window=2, pause=10)
    throttle.record(5, 6, 0)
    throttle.record(6, 6, 1)
    assert not throttle.allow(7) and throttle.allow(16)


def test_auto_that_measured_plain_fastest_decodes_on_the_plain_path(tmp_path: Path) -> None:
    from chatapp.runtime import protocol as p
    from chatapp.runtime.spec_host import SpecHost

    calibration = Calibration.load(tmp_path / "speculative.json", "tiny|machine")
    for method, seconds in (("plain", 1.0), ("lookup", 2.0)):
        calibration.add("chat", method, CALIBRATION_TOKENS, seconds)
    calibration.add("paste", "plain", CALIBRATION_TOKENS, 2.0)
    calibration.add("paste", "lookup", CALIBRATION_TOKENS, 1.0)
    host = SpecHost("auto", None, calibration)
    for temperature in (0.0, 0.8):
        host.begin([{"role": "user", "content": "hi"}])
        policy, method = host.policy(p.Sampling(temperature=temperature))
        assert policy is None and method() == "auto:plain"
        host.begin([{"role": "user", "content": "x" * 900}])  # lookup measured faster here
        policy, method = host.policy(p.Sampling(temperature=temperature))
        assert policy is not None and method() == "auto:lookup"


def test_prompt_lookup_alone_measures_plain_rounds_for_the_status_bar(
    models: tuple[Llama, Llama], tmp_path: Path
) -> None:
    from chatapp.runtime import protocol as p
    from chatapp.runtime.spec_host import SpecHost

    target, _ = models
    calibration = Calibration.load(tmp_path / "speculative.json", "tiny|-|machine")
    host = SpecHost("lookup", None, calibration)
    host.begin([{"role": "user", "content": "hi"}])
    assert host.plain_rate() == 0.0  # nothing measured yet: no comparison shown
    for text in PROMPTS[:6]:
        prompt = target.tokenize(text.encode(), add_bos=True)
        policy, method = host.policy(p.Sampling(temperature=0.0))
        assert policy is not None and method() == "lookup"
        assert _reply(target, prompt, policy, 40) == _reply(target, prompt, Fixed(None), 40)
    assert calibration.measured("chat", "plain") >= CALIBRATION_TOKENS
    assert host.plain_rate() > 0
    assert calibration.measured("chat", "lookup") == 0  # its own rounds are not plain ones
    host.finish()
    again = Calibration.load(tmp_path / "speculative.json", "tiny|-|machine")
    assert again.measured("chat", "plain") == calibration.measured("chat", "plain")


def test_auto_calibrates_on_sampled_replies_too(
    models: tuple[Llama, Llama], tmp_path: Path
) -> None:
    import numpy as np

    from chatapp.runtime import protocol as p
    from chatapp.runtime.spec_host import SpecHost
    from chatapp.runtime.spec_sampling import sampled_tokens

    target, draft = models
    calibration = Calibration.load(tmp_path / "speculative.json", "tiny|draft|machine")
    host = SpecHost("auto", draft, calibration)
    host.begin([{"role": "user", "content": "hi"}])
    sampling = p.Sampling(temperature=0.8, seed=3)
    eos = target.token_eos()
    for i, text in enumerate(PROMPTS):
        policy, method = host.policy(sampling)
        if i == 0:
            assert isinstance(policy, AutoPolicy) and method() == "auto:calibrating"
        if policy is None or not isinstance(policy, AutoPolicy):
            break  # decided: plain's own path or the chosen method
        prompt = target.tokenize(text.encode(), add_bos=True)
        target.reset()
        target.eval(prompt)
        rng = np.random.default_rng(i)
        tokens = sampled_tokens(
            target, prompt, policy, sampling, is_end=lambda t: t == eos, rng=rng
        )
        for n, _ in enumerate(tokens):
            if n >= 40:
                break
        tokens.close()
    decided = calibration.decision("chat", ["plain", "lookup", "draft"])
    assert decided in ("plain", "lookup", "draft")
    policy, method = host.policy(sampling)
    assert method() == f"auto:{decided}"
