"""The demo model on lookup-and-calculate tasks, with and without agent mode (docs/agents.md).

Writes a small collection (a price list in English, a community centre's fees in Japanese)
into a fresh data folder, then asks each question with ``chatapp ask --docs`` and with
``chatapp ask --agent --docs`` and prints a Markdown table: whether the right total is in the
answer, whether it cites a passage, the steps and the time. Greedy, so a run is repeatable on
one machine; it takes a few minutes on 2 cores.

    python scripts/agent_demo.py [--model FILE] [--keep DIR]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from chatapp.core.evaluate.agent_tasks import QUESTIONS, write_demo_docs  # noqa: E402


def chatapp(data: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "chatapp", "--data-dir", str(data), *args],
        capture_output=True, text=True, cwd=ROOT, timeout=900,
    )  # fmt: skip
    return done, time.perf_counter() - started


def digits(text: str) -> str:
    return re.sub(r"(?<=\d)[,，](?=\d{3})", "", text)


def row(
    question: str, mode: str, right: str, done: subprocess.CompletedProcess[str], s: float
) -> str:
    answer = " ".join(done.stdout.split("\n[1]")[0].split())
    ok = right in re.findall(r"\d+", digits(answer))
    cited = "[1]" in done.stdout or bool(re.search(r"\[\d\]", answer))
    steps = done.stderr.count("[step ")
    calls = [line.removeprefix("[tool call] ") for line in done.stderr.splitlines()
             if line.startswith("[tool call] ")]  # fmt: skip
    shown = answer[:90].replace("|", "/")
    cells = [question, mode, "right" if ok else "wrong", "yes" if cited else "no", str(steps),
             f"{s:.0f} s", shown, "; ".join(calls)[:120].replace("|", "/")]  # fmt: skip
    return "| " + " | ".join(cells) + " |"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="a .gguf file (default: the demo model)")
    parser.add_argument("--keep", type=Path, help="use this data folder and keep it")
    parser.add_argument(
        "--modes", default="agent,plain", help="which modes to run, comma-separated (agent,plain)"
    )
    args = parser.parse_args()
    modes = [m for m in args.modes.split(",") if m]
    if not modes or any(m not in ("agent", "plain") for m in modes):
        parser.error("--modes takes agent, plain or both")
    data = args.keep or Path(tempfile.mkdtemp(prefix="kotoba-agent-demo-"))
    docs = write_demo_docs(data / "demo-docs")
    added, _ = chatapp(data, "docs", "add", "--collection", "demo", str(docs))
    if added.returncode != 0:
        print(added.stderr, file=sys.stderr)
        return 1
    model = ["--model", args.model] if args.model else []
    print("| question | mode | right | cited | steps | time | answer | calls |")
    print("|---|---|---|---|---|---|---|---|")
    for question, right in QUESTIONS:
        for mode in modes:
            flags = ["--agent"] if mode == "agent" else []
            done, s = chatapp(data, "ask", *model, *flags, "--docs", "demo", question)
            print(row(question, mode, right, done, s), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
