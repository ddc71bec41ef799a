"""A reply cut off by the token limit in the middle of a character keeps no replacement mark."""

from __future__ import annotations

from pathlib import Path

from chatapp.runtime import protocol as p
from chatapp.runtime.client import RuntimeClient

QUESTION = [{"role": "user", "content": "富士山について日本語で一文で説明してください。"}]


def test_a_cut_inside_a_character_drops_its_bytes(client: RuntimeClient, smollm2: Path) -> None:
    # SmolLM2's byte-level tokenizer writes most Japanese characters as two or three tokens, so
    # some of these limits end a reply inside one (as the summary in a screenshot did: "小�").
    client.load(smollm2, 1024)
    texts = []
    for limit in range(1, 13):
        greedy = p.Sampling(seed=0, max_tokens=limit, temperature=0.0)
        done = client.generate(QUESTION, greedy)
        assert done.stats.completion_tokens == limit
        texts.append(done.text)
    assert all("\ufffd" not in t for t in texts), texts
    assert any(ord(ch) > 0x3000 for ch in texts[-1]), texts  # it did write Japanese
