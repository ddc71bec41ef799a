"""Which chat format a model speaks.

The GGUF's own ``tokenizer.chat_template`` wins (rendered later by llama-cpp-python's sandboxed
Jinja formatter). A file without one gets a format chosen by its architecture, from the names in
llama-cpp-python's chat-format registry, plus a few templates of ours for families the registry
lacks. A per-model override beats both. This module only decides; it imports no native code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chatapp.core.models.gguf_header import GGUFHeader

FILE_TEMPLATE = "file"

# Formats from llama-cpp-python's registry we offer (name -> its formatter function's name).
REGISTRY_FORMATS: dict[str, str] = {
    "gemma": "format_gemma",
    "llama-3": "format_llama3",
    "llama-2": "format_llama2",
    "chatml": "format_chatml",
    "qwen": "format_qwen",
    "mistral-instruct": "format_mistral_instruct",
    "zephyr": "format_zephyr",
    "vicuna": "format_vicuna",
    "alpaca": "format_alpaca",
    "openchat": "format_openchat",
    "chatglm3": "format_chatglm3",
}

# Families whose format the registry does not have, as Jinja templates (rendered sandboxed).
BUILTIN_TEMPLATES: dict[str, str] = {
    "phi-3": (
        "{% for m in messages %}<|{{ m['role'] }}|>\n{{ m['content'] }}<|end|>\n{% endfor %}"
        "{% if add_generation_prompt %}<|assistant|>\n{% endif %}"
    ),
}

# Formats whose models have no system role: the system prompt is folded into the first user turn.
NO_SYSTEM_ROLE = frozenset({"gemma"})

KNOWN_FORMATS = (FILE_TEMPLATE, *REGISTRY_FORMATS, *BUILTIN_TEMPLATES)

_BY_ARCHITECTURE: dict[str, str] = {
    "gemma": "gemma",
    "gemma2": "gemma",
    "gemma3": "gemma",
    "gemma3n": "gemma",
    "qwen": "chatml",
    "qwen2": "chatml",
    "qwen2moe": "chatml",
    "qwen3": "chatml",
    "qwen3moe": "chatml",
    "phi3": "phi-3",
    "phi2": "phi-3",
    "mistral": "mistral-instruct",
    "mistral3": "mistral-instruct",
    "chatglm": "chatglm3",
    "glm4": "chatglm3",
}
DEFAULT_FORMAT = "chatml"


@dataclass(frozen=True)
class ChatFormatChoice:
    name: str  # a KNOWN_FORMATS name
    source: str  # "file", "architecture", "default" or "override"
    template: str | None = None  # the Jinja source when name == "file"


class UnknownChatFormat(ValueError):
    pass


def by_architecture(architecture: str, tokenizer_model: str | None) -> tuple[str, str]:
    if architecture in _BY_ARCHITECTURE:
        return _BY_ARCHITECTURE[architecture], "architecture"
    if architecture == "llama":
        # Llama 3 has a byte-level BPE ("gpt2") vocabulary; Llama 2 and Mistral SentencePiece.
        return ("llama-3" if tokenizer_model == "gpt2" else "llama-2"), "architecture"
    return DEFAULT_FORMAT, "default"


def choose_chat_format(header: GGUFHeader, override: str | None = None) -> ChatFormatChoice:
    template = header.get("tokenizer.chat_template")
    has_template = isinstance(template, str) and template.strip() != ""
    if override:
        if override not in KNOWN_FORMATS:
            raise UnknownChatFormat(
                f"unknown chat format {override!r}; choose one of: {', '.join(KNOWN_FORMATS)}"
            )
        if override == FILE_TEMPLATE and not has_template:
            raise UnknownChatFormat("this model file has no chat template of its own")
        return ChatFormatChoice(
            override, "override", template if override == FILE_TEMPLATE else None
        )
    if has_template:
        return ChatFormatChoice(FILE_TEMPLATE, "file", template)
    tokenizer_model = header.get("tokenizer.ggml.model")
    name, source = by_architecture(header.architecture, tokenizer_model)
    return ChatFormatChoice(name, source)
