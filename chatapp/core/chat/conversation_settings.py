"""Per-conversation settings: system prompt, sampling, context length, overflow policy, tools."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

POLICIES = ("summarize", "rolling", "stop")
DEFAULT_SYSTEM_PROMPT = "You are a helpful assistant."
DEFAULT_TOOLS = ("calculator", "clock")
MAX_TOOL_STEPS = 16
MAX_AGENT_STEPS = 64  # as core/agent/budget.py (MAX_STEPS)


@dataclass(frozen=True)
class SamplingSettings:
    temperature: float = 0.8
    top_p: float = 0.95
    top_k: int = 40
    min_p: float = 0.05
    repeat_penalty: float = 1.1
    seed: int | None = None
    max_tokens: int = 512


@dataclass(frozen=True)
class ConversationSettings:
    system_prompt: str = DEFAULT_SYSTEM_PROMPT
    sampling: SamplingSettings = field(default_factory=SamplingSettings)
    n_ctx: int = 4096
    policy: str = "summarize"
    reply_reserve: int = 512
    high_water: float = 0.85
    low_water: float = 0.50
    documents: tuple[str, ...] = ()  # names of the document collections the chat uses
    # Tools the model may call in this conversation (see chatapp.core.tools): the built-in ones
    # are on in a new chat; settings stored before that (no key) keep tools off.
    tools_enabled: bool = True
    tools: tuple[str, ...] = DEFAULT_TOOLS  # which tools, by name
    tools_always_allowed: tuple[str, ...] = ()  # calls of these run without asking again
    max_tool_steps: int = 4  # tool rounds in one reply before the model must answer
    # Agent mode (chatapp/core/agent): a reply plans, acts and observes over the tools, the
    # conversation's documents and earlier chats until it answers or a budget ends.
    agent: bool = False
    agent_steps: int = 8  # the agent's step budget (core/agent/budget.py)
    # Lessons (core/agent/lessons.py): after an answer the user marks as failed, the model
    # writes one lesson, offered to later tasks of this conversation. Opt-in.
    agent_lessons: bool = False

    def validate(self) -> None:
        if self.policy not in POLICIES:
            raise ValueError(f"overflow policy must be one of {', '.join(POLICIES)}")
        if not 64 <= self.n_ctx <= 1 << 20:
            raise ValueError("context length must be between 64 and 1048576 tokens")
        if not 0 < self.reply_reserve < self.n_ctx:
            raise ValueError("the reply reserve must be smaller than the context length")
        if not 0 < self.low_water < self.high_water <= 1:
            raise ValueError("the low-water mark must be below the high-water mark")
        if not 1 <= self.max_tool_steps <= MAX_TOOL_STEPS:
            raise ValueError(f"tool steps must be between 1 and {MAX_TOOL_STEPS}")
        if not 1 <= self.agent_steps <= MAX_AGENT_STEPS:
            raise ValueError(f"agent steps must be between 1 and {MAX_AGENT_STEPS}")
        if not isinstance(self.agent_lessons, bool):
            raise ValueError("lessons must be on or off")
        for names in (self.tools, self.tools_always_allowed):
            if not all(isinstance(n, str) and n for n in names):
                raise ValueError("tool names must be text")

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str | None) -> ConversationSettings:
        """Tolerant: unknown keys are ignored, bad values fall back to the defaults."""
        try:
            data = json.loads(text or "{}")
        except (TypeError, ValueError):
            return cls(tools_enabled=False)
        if not isinstance(data, dict):
            return cls(tools_enabled=False)
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ConversationSettings:
        known = {f.name for f in fields(cls)} - {"sampling", "documents"}
        values: dict[str, Any] = {k: v for k, v in data.items() if k in known}
        values.setdefault("tools_enabled", False)  # stored before tools were on by default
        for key in ("tools", "tools_always_allowed"):  # JSON keeps tuples as lists
            if isinstance(values.get(key), list):
                values[key] = tuple(values[key])
            elif key in values:
                del values[key]
        documents = data.get("documents")
        if isinstance(documents, (list, tuple)):
            values["documents"] = tuple(d for d in documents if isinstance(d, str) and d)
        sampling_data = data.get("sampling")
        sampling = SamplingSettings()
        if isinstance(sampling_data, dict):
            names = {f.name for f in fields(SamplingSettings)}
            try:
                sampling = replace(
                    sampling, **{k: v for k, v in sampling_data.items() if k in names}
                )
            except TypeError:
                sampling = SamplingSettings()
        try:
            settings = cls(sampling=sampling, **values)
            settings.validate()
        except (TypeError, ValueError):
            base = cls(sampling=sampling, tools_enabled=False)
            return cls._value_by_value(base, values)
        return settings

    @staticmethod
    def _value_by_value(
        settings: ConversationSettings, values: dict[str, Any]
    ) -> ConversationSettings:
        """Keep every value that is valid on its own; two rounds, as some depend on others."""
        for _round in range(2):
            for key, value in values.items():
                try:
                    candidate = replace(settings, **{key: value})
                    candidate.validate()
                except (TypeError, ValueError):
                    continue
                settings = candidate
        return settings
