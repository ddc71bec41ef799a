"""The language a text is written in, as far as the default system prompt needs to know, and
the default system prompt for each language the app speaks."""

from __future__ import annotations

import unicodedata

# Said in the language itself: small models follow an instruction in the language of the
# conversation best, and the last sentence is what makes a Japanese question get 東京, not Tokyo.
SYSTEM_PROMPTS = {
    "en": "You are a helpful assistant. Reply in the same language as the user's message.",
    "ja": "あなたは親切なアシスタントです。ユーザーのメッセージと同じ言語で答えてください。",
}
LANGUAGES = tuple(SYSTEM_PROMPTS)


def japanese_share(text: str) -> float:
    """Kana and kanji among the letters of ``text`` (0 when it has none)."""
    japanese = latin = 0
    for ch in unicodedata.normalize("NFKC", text):
        if "\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf":
            japanese += 1
        elif ch.isascii() and ch.isalpha():
            latin += 1
    total = japanese + latin
    return japanese / total if total else 0.0


def text_language(text: str, default: str = "en") -> str:
    """ "ja" for a text mostly in kana and kanji, "en" for one in Latin letters, else
    ``default`` (digits and signs only: "３５４×１３９" says nothing of the writer's language;
    full-width digits lean Japanese)."""
    letters = any(ch.isalpha() for ch in text)
    if not letters:
        return "ja" if any("\uff10" <= ch <= "\uff5e" for ch in text) else default
    return "ja" if japanese_share(text) >= 0.3 else "en"


def system_prompt_for(language: str) -> str:
    """The default system prompt for a UI language ("ja", "ja_JP", "en_US", …)."""
    return SYSTEM_PROMPTS.get(language.split("_")[0].lower()[:2], SYSTEM_PROMPTS["en"])


_WIDE_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_WIDE_SIGNS = {"，": ",", "、": ",", "．": ".", "＋": "+", "－": "-", "＊": "*", "／": "/",
               "％": "%", "＝": "="}  # fmt: skip


def fold_digits(text: str) -> str:
    """Full-width digits as ASCII, and the full-width signs between them (３５４×１３９ → 354×139,
    １２，３４５ → 12,345): the model sees numbers in the form its tokenizer splits well and
    copies into a calculator call right. Everything else stays as written (、 and ， between
    words, ？, （…）)."""
    text = text.translate(_WIDE_DIGITS)
    if not any(ch in _WIDE_SIGNS for ch in text):
        return text
    out = list(text)
    for i, ch in enumerate(out):
        if ch not in _WIDE_SIGNS:
            continue
        before = out[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if ch in "，、．":
            joined = before.isdigit() and after.isdigit()
        else:
            joined = before.isdigit() or after.isdigit() or after in "(（"
        if joined:
            out[i] = _WIDE_SIGNS[ch]
    return "".join(out)
