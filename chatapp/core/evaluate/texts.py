"""The texts an evaluation reads: two bundled public-domain works, or a file of the user's.

Sources and licences: ``resources/eval_texts/README.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

TEXT_DIR = Path(__file__).resolve().parents[3] / "resources" / "eval_texts"


@dataclass(frozen=True)
class BundledText:
    key: str
    file: str
    title: str
    language: str


BUNDLED: dict[str, BundledText] = {
    t.key: t
    for t in (
        BundledText("en", "en-alice.txt", "Alice's Adventures in Wonderland (Lewis Carroll)", "en"),
        BundledText("ja", "ja-bocchan.txt", "坊っちゃん (夏目漱石)", "ja"),
    )
}


class TextError(ValueError):
    pass


def load_text(choice: str) -> tuple[str, str]:
    """``choice`` is "en", "ja" or a path to a UTF-8 text file; returns (name, text)."""
    bundled = BUNDLED.get(choice)
    path = TEXT_DIR / bundled.file if bundled else Path(choice).expanduser()
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise TextError(f"{path.name} is not UTF-8 text") from None
    except OSError as exc:
        raise TextError(f"cannot read {path}: {exc.strerror}") from None
    if not text.strip():
        raise TextError(f"{path.name} is empty")
    return (bundled.key if bundled else path.name), text
