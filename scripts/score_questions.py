"""Score a model on the everyday tool question set, the way a new chat answers them.

Each question is a new conversation in a temporary store, answered by the app's own
``ChatSession`` (context planner, tool loop, built-in calculator and clock) on the model loaded
once in the runtime process, greedily. ``--tools off`` asks the same with tools off (to compare
the no-tool questions), ``--system en`` uses one system prompt for every question (default:
the prompt of the question's language, as a UI in that language has), ``--system old`` the
seed's "You are a helpful assistant.".

    python scripts/score_questions.py [--model FILE] [--chat-format chatml] [--tools on|off]
        [--system lang|en|ja|old] [--json out.json] [--only ID,ID]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import asdict, replace
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from chatapp.core.chat import meta as mk  # noqa: E402
from chatapp.core.chat.conversation_settings import (  # noqa: E402
    DEFAULT_TOOLS,
    ConversationSettings,
    SamplingSettings,
)
from chatapp.core.chat.language import system_prompt_for  # noqa: E402
from chatapp.core.chat.session import ChatSession  # noqa: E402
from chatapp.core.chat.store import Store  # noqa: E402
from chatapp.core.engine import LoadSpec  # noqa: E402
from chatapp.core.evaluate.tool_questions import (  # noqa: E402
    Outcome,
    Tally,
    ToolQuestion,
    check,
    load_questions,
)
from chatapp.core.paths import AppPaths  # noqa: E402
from chatapp.core.tools.builtin import default_registry  # noqa: E402
from chatapp.core.tools.clock import local_zone  # noqa: E402

QUESTIONS = ROOT / "tests" / "data" / "tool_questions.json"
OLD_PROMPT = "You are a helpful assistant."


def prompt_for(question: ToolQuestion, system: str) -> str:
    if system == "old":
        return OLD_PROMPT
    return system_prompt_for(question.lang if system == "lang" else system)


def ask_all(
    model: Path, questions: list[ToolQuestion], tools: bool, system: str, chat_format: str | None
) -> tuple[list[Outcome], str]:
    from chatapp.runtime.local_engine import LocalEngine

    engine = LocalEngine()
    engine.load(LoadSpec(str(model), 4096, chat_format=chat_format))
    info = engine.model
    assert info is not None
    registry = default_registry()
    zone = local_zone()
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="kotoba-score-") as tmp:
        store = Store(Path(tmp) / "score.sqlite3")
        try:
            for question in questions:
                settings = ConversationSettings(
                    system_prompt=prompt_for(question, system),
                    sampling=replace(SamplingSettings(), temperature=0.0, seed=0),
                    n_ctx=info.n_ctx,
                    tools_enabled=tools,
                    tools=DEFAULT_TOOLS,
                )
                conversation = store.create_conversation(settings=settings)
                session = ChatSession(store, engine, conversation, tools=registry)
                before = datetime.now(zone)
                t0 = time.perf_counter()
                result = session.send(question.question)
                seconds = time.perf_counter() - t0
                after = datetime.now(zone)
                reply = store.message(result.message_id).content
                calls = []
                for message in store.branch(conversation):
                    for call in mk.get(message.meta, mk.TOOL_CALLS, []):
                        function = call.get("function", {})
                        calls.append(
                            {"name": function.get("name"), "arguments": function.get("arguments")}
                        )
                outcome = Outcome(question, reply, calls, check(question, reply, before, after))
                outcome.seconds = seconds
                outcomes.append(outcome)
                mark = "ok " if outcome.verdict and outcome.verdict.right else "BAD"
                why = outcome.verdict.why if outcome.verdict else ""
                args = ";".join(f"{c['name']}{c['arguments']}" for c in calls) or "-"
                line = f"{mark} {question.id:18} {args[:60]:40} "
                print(line + f"{reply.strip()[:90]!r} {why}", file=sys.stderr, flush=True)
        finally:
            store.close()
            engine.close()
    return outcomes, info.chat_format if hasattr(info, "chat_format") else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, help="a .gguf file (default: the demo model)")
    parser.add_argument("--chat-format", default=None, help="chatml: the grammar path")
    parser.add_argument("--tools", choices=("on", "off"), default="on")
    parser.add_argument("--system", choices=("lang", "en", "ja", "old"), default="lang")
    parser.add_argument("--only", default="", help="comma-separated question ids")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    model = args.model
    if model is None:
        from chatapp.core.models.demo_model import demo_model_path

        model = demo_model_path(AppPaths.default().models_dir)
        if model is None:
            parser.error("the demo model is not installed: give --model FILE")
    questions = load_questions(QUESTIONS)
    if args.only:
        wanted = set(args.only.split(","))
        questions = [q for q in questions if q.id in wanted]
    outcomes, _ = ask_all(model, questions, args.tools == "on", args.system, args.chat_format)
    tally = Tally.of(outcomes)
    print(json.dumps(asdict(tally)))
    if args.json:
        rows = [
            {
                "id": o.question.id,
                "lang": o.question.lang,
                "tool": o.question.tool,
                "called": o.calls,
                "reply": o.reply,
                "right": bool(o.verdict and o.verdict.right),
                "why": o.verdict.why if o.verdict else "",
                "seconds": round(o.seconds, 2),
            }
            for o in outcomes
        ]
        meta = {"model": str(model), "chat_format": args.chat_format, "tools": args.tools}
        meta["system"] = args.system
        args.json.write_text(
            json.dumps({"run": meta, "tally": asdict(tally), "answers": rows}, ensure_ascii=False,
                       indent=1),
            encoding="utf-8",
        )  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
