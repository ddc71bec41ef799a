"""``chatapp ask "question"``: a headless one-shot chat that streams the reply to stdout.

The same turn as in the window (context planner, chat template, engine), without the window and
without touching the user's conversations. Greedy by default, so a script gets the same answer
each time. Errors: one line on stderr, exit 1.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from chatapp.cli.ask_agent import AgentError, add_agent_arguments, split_tool_names
from chatapp.cli.ask_tools import (
    AskTools,
    ToolChoiceError,
    add_tool_arguments,
    open_tools,
    tool_names_given,
)
from chatapp.core.chat.conversation_settings import ConversationSettings, SamplingSettings
from chatapp.core.chat.language import system_prompt_for, text_language
from chatapp.core.chat.meta import NO_ANSWER, SOURCES
from chatapp.core.chat.meta import get as get_meta
from chatapp.core.chat.planner import ContextError
from chatapp.core.chat.session import ChatSession, ContextProvider, TurnEvents
from chatapp.core.chat.store import Store
from chatapp.core.engine import Engine, EngineError, LoadSpec
from chatapp.core.images.header import ImageError
from chatapp.core.images.prepare import PreparedImage, prepare_image
from chatapp.core.paths import AppPaths
from chatapp.core.settings import load_settings


class AskError(Exception):
    """A problem worth one line on stderr."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="chatapp ask", description="Ask a model one question")
    parser.add_argument("question")
    parser.add_argument("--model", help="a .gguf file (default: the demo model)")
    parser.add_argument("--ctx", type=int, default=None, help="context length")
    parser.add_argument(
        "--system", default=None, help="the system prompt (default: the one for the question's "
        "language, which asks for answers in the user's language)",
    )  # fmt: skip
    parser.add_argument("--temperature", type=float, default=0.0, help="0 is greedy (default)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-tokens", type=int, default=512)
    parser.add_argument("--chat-format", default=None, help="override the chat template")
    parser.add_argument(
        "--engine", metavar="URL", help="ask a model on an OpenAI-compatible server instead "
        "(API key from KOTOBA_API_KEY)"
    )  # fmt: skip
    parser.add_argument(
        "--engine-model", metavar="NAME", help="the server's model (default: its first)"
    )
    parser.add_argument(
        "--docs", action="append", default=[], metavar="NAME", help="answer from a collection"
    )
    parser.add_argument(
        "--image", action="append", default=[], metavar="FILE",
        help="attach an image (PNG, JPEG, WebP, GIF); repeat for more",
    )  # fmt: skip
    parser.add_argument(
        "--mmproj", metavar="FILE", help="the vision projector (mmproj-*.gguf) for --model"
    )
    add_tool_arguments(parser)
    add_agent_arguments(parser)
    return parser


def default_model(paths: AppPaths) -> Path:
    from chatapp.core.models.demo_model import demo_model_path

    path = demo_model_path(paths.models_dir)
    if path is None:
        raise AskError("no model given and the demo model is not installed: use --model FILE")
    return path


def local_engine(paths: AppPaths, args: argparse.Namespace) -> Engine:
    from chatapp.runtime.local_engine import LocalEngine

    model = Path(args.model).expanduser() if args.model else default_model(paths)
    if not model.is_file():
        raise AskError(f"no model file at {model}")
    settings = load_settings(paths.config_dir)
    engine = LocalEngine(log_path=paths.runtime_log, cpu_state_path=paths.runtime_cpu_state)
    spec = LoadSpec(
        str(model),
        args.ctx,
        n_threads=settings.threads or None,
        n_gpu_layers=settings.gpu_layers,
        chat_format=args.chat_format,
        flash_attn=settings.flash_attn,
        kv_cache_type=settings.kv_cache_type,
        mmproj=str(Path(args.mmproj).expanduser()) if args.mmproj else None,
    )
    try:
        engine.load(spec)
    except EngineError:
        engine.close()
        raise
    return engine


def remote_engine(args: argparse.Namespace) -> Engine:
    """A model on a server (``--engine URL``); the key comes from the environment only."""
    from chatapp.remote.engine import RemoteEngine

    try:
        engine = RemoteEngine(args.engine, os.environ.get("KOTOBA_API_KEY", ""))
    except ValueError as exc:
        raise AskError(str(exc)) from None
    try:
        engine.load(LoadSpec(args.engine_model or "", args.ctx))
    except EngineError:
        engine.close()
        raise
    return engine


def make_engine(paths: AppPaths, args: argparse.Namespace) -> Engine:
    return remote_engine(args) if args.engine else local_engine(paths, args)


def run(paths: AppPaths, args: argparse.Namespace) -> int:
    args.agent_tools = []
    if args.system is None:
        args.system = system_prompt_for(text_language(args.question))
    if args.agent:  # its own tools (documents, chats) are not the tool service's
        args.tools, args.agent_tools = split_tool_names(args.tools)
    else:
        args.tools = tool_names_given(args.tools)
    tools = open_tools(paths, args)
    try:
        return run_with(paths, args, tools)
    finally:
        tools.close()


def read_images(files: list[str]) -> list[tuple[str, PreparedImage]]:
    """Each ``--image`` checked and prepared before any model is loaded."""
    out = []
    for name in files:
        path = Path(name).expanduser()
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise AskError(f"cannot read the image {path}: {exc.strerror}") from None
        try:
            out.append((path.name, prepare_image(data)))
        except ImageError as exc:
            raise AskError(f"{path.name}: {exc.message}") from None
    return out


def run_with(paths: AppPaths, args: argparse.Namespace, tools: AskTools) -> int:
    pictures = read_images(args.image)
    if pictures and not args.engine and not args.mmproj:
        raise AskError("--image needs a vision model: give its projector with --mmproj FILE")
    engine = make_engine(paths, args)
    with tempfile.TemporaryDirectory(prefix="kotoba-ask-") as tmp:
        store = Store(Path(tmp) / "ask.sqlite3")
        try:
            model = engine.model
            assert model is not None
            sampling = replace(
                SamplingSettings(),
                temperature=args.temperature,
                seed=args.seed,
                max_tokens=args.max_tokens,
            )
            settings = ConversationSettings(
                system_prompt=args.system,
                sampling=sampling,
                n_ctx=model.n_ctx,
                reply_reserve=min(args.max_tokens, model.n_ctx // 2),
                documents=tuple(args.docs),
            )
            if args.agent:
                from chatapp.cli.ask_agent import run_in

                return run_in(paths, args, tools, store, engine, settings)
            conversation = store.create_conversation(settings=tools.settings(settings))
            providers, docs = documents(paths, args, store, engine)
            session = ChatSession(store, engine, conversation, providers, tools=tools.registry)
            events = TurnEvents(on_text=lambda text: print(text, end="", flush=True))
            events = tools.events(events, store)
            try:
                images = [store.images.put(p, name) for name, p in pictures]
                result = session.send(args.question, events, images)
            finally:
                if docs is not None:
                    docs.close()
            print(flush=True)
            if result.error is not None:
                raise AskError(result.error.message)
            reply = store.message(result.message_id)
            no_answer = get_meta(reply.meta, NO_ANSWER)
            if no_answer:  # the reply is a sentence saying so (it did not stream)
                print(reply.content, flush=True)
                n = no_answer["rounds"]
                why = f"the tool-round limit ({n})" if no_answer["reason"] == "tool_steps" else (
                    f"a repeated call after {n} tool rounds"
                )  # fmt: skip
                raise AskError(f"no answer: {why} ended the reply and the model gave none")
            print_sources(reply.meta)
        finally:
            store.close()
            engine.close()
    return 0


def documents(
    paths: AppPaths, args: argparse.Namespace, store: Store, engine: Engine
) -> tuple[list[ContextProvider], Any]:
    """``--docs NAME``: the documents provider, and the service to close after the turn."""
    if not args.docs:
        return [], None
    from chatapp.cli.docs import documents_provider
    from chatapp.core.docs.index import IndexError_

    try:
        provider, service = documents_provider(paths, args.docs, store, engine)
    except IndexError_ as exc:
        raise AskError(str(exc)) from None
    return [provider], service


def print_sources(meta: dict[str, Any] | None) -> None:
    for source in get_meta(meta, SOURCES, []):
        page = f", page {source['page']}" if source.get("page") is not None else ""
        print(f"[{source['n']}] {source['path']}{page}")


def main(paths: AppPaths, argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    try:
        return run(paths, args)
    except (AskError, AgentError, EngineError, ContextError, ToolChoiceError) as exc:
        print(f"chatapp ask: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("chatapp ask: interrupted", file=sys.stderr)
        return 1
