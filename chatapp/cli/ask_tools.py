"""``chatapp ask --tools calc,clock``: the tools part of the one-shot chat.

Tool calls and results go to stderr, one line each, so stdout stays the reply. Tools that need
approval (MCP tools) are declined unless ``--approve-tools`` is given: nobody is there to ask.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, replace
from typing import TextIO

from chatapp.core.chat import meta as mk
from chatapp.core.chat.conversation_settings import MAX_TOOL_STEPS, ConversationSettings
from chatapp.core.chat.session import TurnEvents
from chatapp.core.chat.store import Store
from chatapp.core.paths import AppPaths
from chatapp.core.tools.approval import ALLOW_ONCE, DENY, ApprovalRequest
from chatapp.core.tools.builtin import resolve_names
from chatapp.core.tools.registry import ToolRegistry
from chatapp.core.tools.service import ToolService

DEFAULT_TOOL_STEPS = 4
# What a new chat in the window offers: the built-in tools, which run nothing outside the
# process and need no approval. ``--tools none`` turns them off.
DEFAULT_ASK_TOOLS = "calc,clock"
NO_TOOLS = ("none", "off", "")


class ToolChoiceError(Exception):
    pass


def add_tool_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--tools",
        default=None,
        help=f"tools the model may call: calc, clock or MCP tool names ({DEFAULT_ASK_TOOLS} "
        "when not given; none: no tools)",
    )
    parser.add_argument(
        "--approve-tools",
        action="store_true",
        help="run tools that ask for approval (MCP tools) without asking",
    )
    parser.add_argument(
        "--tool-steps",
        type=int,
        default=None,
        help=f"tool rounds before answering (1-{MAX_TOOL_STEPS}, 4; with --agent 1-64, 8)",
    )


@dataclass
class AskTools:
    service: ToolService | None
    names: tuple[str, ...]
    steps: int
    approve: bool
    err: TextIO = sys.stderr

    @property
    def registry(self) -> ToolRegistry | None:
        return self.service.registry if self.service is not None else None

    def settings(self, settings: ConversationSettings) -> ConversationSettings:
        if not self.names:
            return settings
        return replace(settings, tools_enabled=True, tools=self.names, max_tool_steps=self.steps)

    def events(self, events: TurnEvents, store: Store) -> TurnEvents:
        if not self.names:
            return events

        def on_calls(message_id: int) -> None:
            for call in mk.get(store.message(message_id).meta, mk.TOOL_CALLS, []):
                function = call.get("function", {})
                print(
                    f"[tool call] {function.get('name')} {function.get('arguments')}", file=self.err
                )

        def on_result(message_id: int) -> None:
            meta = store.message(message_id).meta or {}
            print(f"[tool] {meta.get(mk.TOOL_DISPLAY, '')}", file=self.err, flush=True)

        def on_approval(request: ApprovalRequest) -> str:
            if self.approve:
                return ALLOW_ONCE
            print(f"[tool] {request.tool}: declined (use --approve-tools)", file=self.err)
            return DENY

        return replace(
            events, on_tool_calls=on_calls, on_tool_result=on_result, on_approval=on_approval
        )

    def close(self) -> None:
        if self.service is not None:
            self.service.close()


def tool_names_given(text: str | None) -> str:
    """``--tools`` as names to resolve: the built-in tools when not given, none for "none"."""
    if text is None:
        return DEFAULT_ASK_TOOLS
    return "" if text.strip().lower() in NO_TOOLS else text


def open_tools(paths: AppPaths, args: argparse.Namespace) -> AskTools:
    """The tools ``--tools`` names; MCP servers start only when a name is not built in."""
    names = resolve_names(tool_names_given(args.tools))
    steps = DEFAULT_TOOL_STEPS if args.tool_steps is None else args.tool_steps
    if not names:
        return AskTools(None, (), steps, args.approve_tools)
    if not getattr(args, "agent", False) and not 1 <= steps <= MAX_TOOL_STEPS:
        raise ToolChoiceError(f"--tool-steps must be between 1 and {MAX_TOOL_STEPS}")
    service = ToolService(paths.config_dir, paths.log_dir)
    if any(service.registry.get(n) is None for n in names):
        service.start()
        service.mcp.wait_ready()
    missing = [n for n in names if service.registry.get(n) is None]
    if missing:
        known = ", ".join(service.registry.names)
        service.close()
        raise ToolChoiceError(f"unknown tool {missing[0]!r} (tools: {known})")
    return AskTools(service, tuple(names), steps, args.approve_tools)
