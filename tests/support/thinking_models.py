"""Scripted tiny models that reason first (``<think>…</think>``), with their chat templates."""

from __future__ import annotations

from pathlib import Path

from tests.support.tiny_models import write_scripted_model

REASONING = "the cat is on a mat"
ANSWER = "hello world."
THINKING_REPLY = ["<think>", "▁the", "▁cat", "▁is", "▁on", "▁a", "▁mat", "</think>", "▁hello",
                  "▁world", "."]  # fmt: skip
# DeepSeek-R1 keeps only what follows </think> of earlier replies.
DROPPING_TEMPLATE = (
    "{% for m in messages %}<|im_start|>{{ m['role'] }}\n"
    "{% if m['role'] == 'assistant' %}{{ m['content'].split('</think>')[-1] }}"
    "{% else %}{{ m['content'] }}{% endif %}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)
# A template that writes the reasoning of earlier replies back itself.
RENDERING_TEMPLATE = (
    "{% for m in messages %}<|im_start|>{{ m['role'] }}\n"
    "{% if m.get('reasoning_content') %}<think>{{ m['reasoning_content'] }}</think>{% endif %}"
    "{{ m['content'] }}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)


def write_thinking_model(path: Path, template: str = DROPPING_TEMPLATE) -> Path:
    """A model whose every reply is "<think> the cat is on a mat</think> hello world."."""
    return write_scripted_model(path, THINKING_REPLY, chat_template=template, name="Tiny Thinker")
