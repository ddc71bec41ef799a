"""Score GGUF chat models on the demo question set, through the app's own runtime.

Each model is loaded by :class:`RuntimeClient` (the same separate process, chat-format choice
and prompt rendering the app uses) and asked every question once, greedily, with the system
prompt from the question file. A reply passes when it contains one of the question's expected
keywords; see ``matches``. Used to choose the bundled demo model (docs/demo-model.md).

    python scripts/score_demo_models.py MODEL.gguf [MODEL.gguf ...] [--chat-format chatml]
        [--json results.json] [--lang en|ja]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    # Score with the app of this checkout, not whichever copy the environment has installed.
    sys.path.insert(0, str(ROOT))

import chatapp  # noqa: E402
from chatapp.runtime import protocol as p  # noqa: E402
from chatapp.runtime.client import RuntimeClient, RuntimeError_  # noqa: E402

DEFAULT_QUESTIONS = ROOT / "tests" / "data" / "demo_questions.json"
DEFAULT_SYSTEM_PROMPT = "You are a helpful assistant."
# Reasoning models may think aloud first; a keyword inside the thinking is not an answer.
_THINKING = re.compile(r"<think>.*?(</think>|$)", re.DOTALL)


@dataclass(frozen=True)
class Question:
    id: str
    lang: str
    question: str
    expected: tuple[str, ...]


@dataclass
class Answer:
    id: str
    lang: str
    question: str
    reply: str
    passed: bool
    completion_tokens: int
    stop_reason: str


@dataclass
class ModelScore:
    path: str
    chat_format: str | None
    format_used: str = ""
    load_s: float = 0.0
    tokens_per_s: float = 0.0
    error: str | None = None
    answers: list[Answer] = field(default_factory=list)

    def tally(self, lang: str | None = None) -> tuple[int, int]:
        chosen = [a for a in self.answers if lang is None or a.lang == lang]
        return sum(a.passed for a in chosen), len(chosen)


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def matches(reply: str, expected: tuple[str, ...]) -> bool:
    """Any keyword in the reply, ignoring case and full/half width.

    A keyword that starts with an ASCII letter or digit must start a word ("ice" is not found in
    "nice", "7" not in "17"); other keywords (Japanese) match anywhere.
    """
    text = normalize(_THINKING.sub("", reply))
    for keyword in expected:
        key = normalize(keyword)
        if key[:1].isascii() and key[:1].isalnum():
            if re.search(rf"(?<![a-z0-9]){re.escape(key)}", text):
                return True
        elif key in text:
            return True
    return False


def load_questions(path: Path, lang: str | None) -> tuple[str, list[Question]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    questions = [
        Question(q["id"], q["lang"], q["question"], tuple(q["expected"]))
        for q in data["questions"]
        if lang is None or q["lang"] == lang
    ]
    for q in questions:
        # Small models often repeat the question; that must never count as an answer.
        echoed = [k for k in q.expected if matches(q.question, (k,))]
        if echoed:
            raise ValueError(f"{q.id}: the question itself contains {echoed}")
    return data.get("system_prompt", DEFAULT_SYSTEM_PROMPT), questions


def one_line(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def score_model(
    client: RuntimeClient,
    path: Path,
    chat_format: str | None,
    system_prompt: str,
    questions: list[Question],
    sampling: p.Sampling,
    n_ctx: int,
    n_threads: int | None,
) -> ModelScore:
    result = ModelScore(str(path), chat_format)
    try:
        loaded = client.load(path, n_ctx=n_ctx, chat_format=chat_format, n_threads=n_threads)
    except RuntimeError_ as exc:
        result.error = str(exc)
        return result
    result.load_s = round(loaded.load_s, 2)
    info = loaded.info
    result.format_used = f"{info.get('chat_format', '?')} ({info.get('chat_format_source', '?')})"
    speeds: list[float] = []
    print(f"\n== {path.name}  (chat format: {result.format_used}, load {result.load_s:.2f} s)")
    for q in questions:
        messages = [
            {"role": "system", "content": system_prompt},
            {"role": "user", "content": q.question},
        ]
        try:
            done = client.generate(messages, sampling)
        except RuntimeError_ as exc:
            reply, tokens, stop = f"[error: {exc}]", 0, "error"
        else:
            reply, tokens, stop = done.text, done.stats.completion_tokens, done.stats.stop_reason
            if done.stats.tokens_per_s > 0:
                speeds.append(done.stats.tokens_per_s)
        answer = Answer(q.id, q.lang, q.question, reply, matches(reply, q.expected), tokens, stop)
        result.answers.append(answer)
        mark = "PASS" if answer.passed else "fail"
        print(f"{mark}  {q.id:<22} {one_line(reply, 70)}", flush=True)
    result.tokens_per_s = round(sum(speeds) / len(speeds), 1) if speeds else 0.0
    return result


def print_summary(scores: list[ModelScore]) -> None:
    print("\n" + f"{'model':<48} {'EN':>7} {'JA':>7} {'total':>7} {'tok/s':>6}")
    for s in scores:
        name = one_line(Path(s.path).name, 48)
        if s.error:
            print(f"{name:<48} error: {one_line(s.error, 60)}")
            continue
        cells = []
        for lang in ("en", "ja", None):
            ok, n = s.tally(lang)
            cells.append(f"{ok}/{n}" if n else "-")
        print(f"{name:<48} {cells[0]:>7} {cells[1]:>7} {cells[2]:>7} {s.tokens_per_s:>6}")


def write_report(
    path: Path,
    questions: Path,
    system_prompt: str,
    sampling: p.Sampling,
    n_ctx: int,
    scores: list[ModelScore],
) -> None:
    report = {
        "date": time.strftime("%Y-%m-%d"),
        "runtime": str(Path(chatapp.__file__).parent),
        "questions": str(questions),
        "system_prompt": system_prompt,
        "sampling": asdict(sampling),
        "n_ctx": n_ctx,
        "models": [asdict(s) for s in scores],
    }
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("models", nargs="+", type=Path, help="GGUF files to score")
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    parser.add_argument(
        "--chat-format",
        help="override the chat format for every model (default: what the app would choose)",
    )
    parser.add_argument("--lang", choices=("en", "ja"), help="only this language's questions")
    parser.add_argument("--n-ctx", type=int, default=2048)
    parser.add_argument("--max-tokens", type=int, default=128)
    parser.add_argument(
        "--threads", type=int, help="decode threads (default: the app's); 1 helps on a busy machine"
    )
    parser.add_argument("--json", type=Path, help="also write the full results here")
    parser.add_argument(
        "--system", choices=("file", "app"), default="file",
        help="the question file's system prompt, or the app's default for the language",
    )  # fmt: skip
    args = parser.parse_args(argv)

    system_prompt, questions = load_questions(args.questions, args.lang)
    if args.system == "app":
        from chatapp.core.chat.language import system_prompt_for

        system_prompt = system_prompt_for(args.lang or "en")
    print(f"runtime: {Path(chatapp.__file__).parent}")
    sampling = p.Sampling(temperature=0.0, max_tokens=args.max_tokens, seed=0)
    client = RuntimeClient()
    scores: list[ModelScore] = []
    try:
        for path in args.models:
            scores.append(
                score_model(
                    client,
                    path,
                    args.chat_format,
                    system_prompt,
                    questions,
                    sampling,
                    args.n_ctx,
                    args.threads,
                )
            )
            if args.json:  # after every model, so that a long run keeps what it has done
                write_report(args.json, args.questions, system_prompt, sampling, args.n_ctx, scores)
    finally:
        client.shutdown()
    print_summary(scores)
    return 1 if any(s.error for s in scores) else 0


if __name__ == "__main__":
    sys.exit(main())
