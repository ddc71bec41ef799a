"""A realistic chat for the UI benchmarks: questions, and answers made of paragraphs, lists,
code blocks, tables and quotes, some in Japanese. Deterministic (a seeded generator)."""

from __future__ import annotations

import random

SENTENCES = [
    "The short answer is that it depends on how large the input is and how often it changes.",
    "A list keeps its items in order, and you can change it after you create it.",
    "If you only need to read the values once, a generator saves memory.",
    "Most of the time the simplest version is also the fastest one to read later.",
    "Keep the function small: one job, a clear name, and a test that shows what it does.",
    "When the file is large, read it line by line instead of all at once.",
    "The error means the key is missing from the dictionary; check the spelling first.",
    "You can measure it with a quick benchmark before deciding which way to go.",
    "Rain forms when water vapour cools and condenses around tiny particles in the air.",
    "A good email says what you need in the first sentence and why in the second.",
]
JAPANESE = [
    "東京タワーは1958年に完成した電波塔で、高さは333メートルです。",
    "猫は一日の大半を寝て過ごしますが、夕方になると活発に動き回ります。",
    "まずは小さな例から試して、うまくいったら少しずつ広げていくのがおすすめです。",
]
QUESTIONS = [
    "How do I reverse a list in Python?",
    "Why does my script fail with a KeyError?",
    "Can you write a short email asking to move our meeting?",
    "What is the difference between a list and a tuple?",
    "東京タワーについて教えてください。",
    "Give me three ideas for a rainy afternoon.",
    "How do I read a large file without running out of memory?",
]
CODE = {
    "python": "def read_lines(path):\n    with open(path, encoding='utf-8') as f:\n"
    "        for line in f:\n            yield line.rstrip('\\n')\n\n"
    "for n, line in enumerate(read_lines('data.txt')):\n    print(n, line)\n",
    "javascript": "const items = [3, 1, 2];\nconst sorted = [...items].sort((a, b) => a - b);\n"
    "console.log(sorted);  // [1, 2, 3]\n",
    "bash": "find . -name '*.log' -mtime +7 -print0 | xargs -0 rm -v\n",
}
TABLE = (
    "| Way | Copies? | Speed |\n|:--|:--:|--:|\n| `items[::-1]` | yes | fast |\n"
    "| `reversed(items)` | no | fast |\n| `items.reverse()` | in place | fastest |\n"
)


def _paragraph(rng: random.Random) -> str:
    if rng.random() < 0.15:
        return "".join(rng.sample(JAPANESE, 2))
    return " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(2, 5)))


def answer(rng: random.Random) -> str:
    parts = [_paragraph(rng)]
    for _ in range(rng.randint(1, 4)):
        kind = rng.random()
        if kind < 0.3:
            language = rng.choice(list(CODE))
            parts.append(f"```{language}\n{CODE[language]}```")
        elif kind < 0.55:
            parts.append("\n".join(f"- {rng.choice(SENTENCES)}" for _ in range(rng.randint(3, 6))))
        elif kind < 0.65:
            parts.append(TABLE)
        elif kind < 0.72:
            parts.append(f"> {rng.choice(SENTENCES)}")
        else:
            parts.append(_paragraph(rng))
    return "\n\n".join(parts)


def messages(count: int, seed: int = 500) -> list[tuple[str, str]]:
    """``count`` messages, (role, text), a question then an answer."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        if i % 2 == 0:
            question = rng.choice(QUESTIONS)
            out.append(
                ("user", question if rng.random() < 0.7 else question + " " + _paragraph(rng))
            )
        else:
            out.append(("assistant", answer(rng)))
    return out
