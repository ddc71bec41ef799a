"""How the loaded model takes tools: probed once at load (model_host.py), used when a reply may
call tools (tool_generation.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from chatapp.core.models.templates import FILE_TEMPLATE
from chatapp.core.tools.tool_calls import detect_style
from chatapp.runtime.chat_prompt import ChatPrompter, TemplateFailed
from chatapp.runtime.tool_prompt import PROBE_TOOL, for_native_template, for_plain_template

PROBE = ({"role": "system", "content": "probe"}, {"role": "user", "content": "hello"})


@dataclass(frozen=True)
class ToolSupport:
    """How the loaded model takes tools."""

    native: bool  # its chat template takes a list of tools
    style: str | None  # the call format the template teaches (None: unknown, try them all)

    def prepare(self, messages: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        """Past calls and results in terms this model's template renders."""
        return for_native_template(messages) if self.native else for_plain_template(messages)


def probe_tool_support(prompter: ChatPrompter) -> ToolSupport:
    """Native when rendering with a tool changes the prompt (the template uses ``tools``)."""
    if prompter.choice.name != FILE_TEMPLATE:
        return ToolSupport(False, None)
    try:
        plain = prompter.render(PROBE).tokens
        with_tools = prompter.render(PROBE, [PROBE_TOOL]).tokens
    except TemplateFailed:
        return ToolSupport(False, None)
    if plain == with_tools:
        return ToolSupport(False, None)
    return ToolSupport(True, detect_style(prompter.choice.template))
