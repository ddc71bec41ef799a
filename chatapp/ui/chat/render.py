"""Model output to safe rich text for the transcript: Markdown (markdown-it-py) + Pygments.

Model output is untrusted. Raw HTML is shown as text (``html=False``), images are not rendered
(their Markdown becomes a link), and only http/https links survive as links — everything else
(``javascript:``, ``file:``, ``data:``, our own ``action:`` scheme) is shown as plain text, so a
reply cannot forge one of the transcript's own action links. The documents that show the result
load no resource at all (``message_layout.SafeDocument``).

A reply is cut into segments: rich text, and top-level code blocks, which the transcript draws
on their own (a header bar with the language and a copy button, horizontal scrolling instead of
wrapping). Code inside lists and quotes stays in the rich text.
"""

from __future__ import annotations

import functools
import html
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import TextLexer, get_lexer_by_name
from pygments.util import ClassNotFound

ACTION_SCHEME = "action"
SAFE_SCHEMES = ("http://", "https://")


def is_safe_link(url: str) -> bool:
    return url.strip().lower().startswith(SAFE_SCHEMES)


@dataclass(frozen=True)
class Segment:
    kind: str  # "text" (rich text) or "code" (a top-level code block)
    html: str
    code: str = ""  # the code as written (what "copy" copies)
    language: str = ""
    index: int = 0  # the code block's number in the message (for copy actions)


@dataclass
class Rendered:
    segments: list[Segment]
    code_blocks: list[str] = field(default_factory=list)  # every code block, in order

    @property
    def html(self) -> str:
        return "".join(
            s.html if s.kind == "text" else f"<pre>{s.html}</pre>" for s in self.segments
        )


@dataclass(frozen=True)
class Palette:
    text: str
    muted: str
    code_background: str
    code_header: str
    border: str
    accent: str
    link: str
    user_card: str
    highlight: str  # a message that was jumped to (a search hit)
    pygments_style: str
    dark: bool = False

    @classmethod
    def for_theme(cls, dark: bool) -> Palette:
        if dark:
            return cls(
                text="#e3e3e3",
                muted="#9aa0a6",
                code_background="#1b1c1f",
                code_header="#2a2b2f",
                border="#3c4043",
                accent="#8ab4f8",
                link="#8ab4f8",
                user_card="#2b2f36",
                highlight="#4d4420",
                pygments_style="monokai",
                dark=True,
            )
        return cls(
            text="#1f2328",
            muted="#5f6670",
            code_background="#f6f8fa",
            code_header="#eaeef2",
            border="#d0d7de",
            accent="#1a73e8",
            link="#0b57d0",
            user_card="#eef2f8",
            highlight="#fff3bf",
            pygments_style="friendly",
        )


def document_css(p: Palette) -> str:
    """The style sheet of every message document (Qt's rich-text subset of CSS)."""
    return (
        f"body {{ color: {p.text}; }}"
        "p { margin-top: 0px; margin-bottom: 8px; }"
        "ul, ol { margin-top: 0px; margin-bottom: 8px; }"
        "li { margin-bottom: 2px; }"
        "h1, h2, h3, h4 { margin-top: 6px; margin-bottom: 6px; }"
        f"a {{ color: {p.link}; text-decoration: none; }}"
        f"code {{ background-color: {p.code_background}; }}"
        f"pre {{ background-color: {p.code_background}; margin-top: 4px; margin-bottom: 8px; }}"
        f"th {{ background-color: {p.code_header}; font-weight: bold; }}"
    )


@functools.lru_cache(maxsize=64)
def _lexer(language: str) -> Lexer:
    """One lexer per language, kept: finding one by name scans Pygments' table and building it
    compiles its rules (a few to 30 ms each), too slow to repeat for every code block."""
    try:
        return get_lexer_by_name(language) if language else TextLexer()
    except ClassNotFound:
        return TextLexer()


class MarkdownRenderer:
    def __init__(self, palette: Palette) -> None:
        self.palette = palette
        self._md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
        self._md.enable(["table", "strikethrough"])
        self._md.disable("image")
        self._md.validateLink = is_safe_link  # type: ignore[method-assign]
        p = palette

        # markdown-it binds render rules to its renderer, so hand it plain functions.
        def fence(_r: Any, tokens: list[Token], idx: int, _o: Any, env: Any) -> str:
            return self._nested_code(tokens[idx], env)

        def table_open(_r: Any, _t: Any, _i: int, _o: Any, _e: Any) -> str:
            return (
                f'<table border="1" cellspacing="0" cellpadding="6" '
                f'style="border-collapse: collapse; border-color: {p.border}; '
                'border-style: solid; margin-bottom: 8px;">'
            )

        def quote_open(_r: Any, _t: Any, _i: int, _o: Any, _e: Any) -> str:
            return (
                '<table cellspacing="0" cellpadding="0" style="margin-bottom: 8px;"><tr>'
                f'<td width="3" bgcolor="{p.border}"></td><td width="12"></td>'
                f'<td style="color: {p.muted};">'
            )

        def quote_close(_r: Any, _t: Any, _i: int, _o: Any, _e: Any) -> str:
            return "</td></tr></table>"

        self._md.add_render_rule("fence", fence)
        self._md.add_render_rule("code_block", fence)
        self._md.add_render_rule("table_open", table_open)
        self._md.add_render_rule("blockquote_open", quote_open)
        self._md.add_render_rule("blockquote_close", quote_close)
        self._formatter = HtmlFormatter(noclasses=True, nowrap=True, style=palette.pygments_style)

    def render(self, text: str, message_id: int, split_code: bool = True) -> Rendered:
        """``text`` as segments; with ``split_code`` false, code blocks stay in the rich text."""
        env: dict[str, Any] = {"codes": [], "message_id": message_id}
        tokens = self._md.parse(text, env)
        segments: list[Segment] = []
        run: list[Token] = []

        def flush() -> None:
            if run:
                body = self._md.renderer.render(run, self._md.options, env)
                segments.append(Segment("text", body))
                run.clear()

        for token in tokens:
            if split_code and token.level == 0 and token.type in ("fence", "code_block"):
                flush()
                segments.append(self._code_segment(token, env))
            else:
                run.append(token)
        flush()
        return Rendered(segments, env["codes"])

    def highlighted(self, code: str, language: str) -> str:
        return highlight(code, _lexer(language.lower()), self._formatter).rstrip("\n")

    @staticmethod
    def _language(token: Token) -> str:
        return (token.info or "").strip().split(" ")[0] if token.type == "fence" else ""

    def _code_segment(self, token: Token, env: dict[str, Any]) -> Segment:
        code: str = token.content
        language = self._language(token)
        env["codes"].append(code)
        index = len(env["codes"]) - 1
        return Segment("code", self.highlighted(code, language), code, language, index)

    def _nested_code(self, token: Token, env: dict[str, Any]) -> str:
        """A code block inside a list or a quote: in the rich text, with its own copy link."""
        code: str = token.content
        language = self._language(token)
        env["codes"].append(code)
        index = len(env["codes"]) - 1
        href = f"{ACTION_SCHEME}:copycode/{env['message_id']}/{index}"
        p = self.palette
        label = html.escape(language) if language else "code"
        return (
            f'<table width="100%" cellspacing="0" cellpadding="6" bgcolor="{p.code_background}">'
            f'<tr><td><span style="color:{p.muted}">{label}</span> &nbsp; '
            f'<a href="{href}">Copy code</a>'
            f'<pre style="font-family:monospace">{self.highlighted(code, language)}</pre>'
            "</td></tr></table>"
        )

    def stable_length(self, text: str) -> int:
        """How much of a growing reply is settled: the text before its last top-level block.

        New text can only change the last block (a paragraph that goes on, a list that gets
        another item); the blocks before it render the same whatever follows.
        """
        tokens = self._md.parse(text, {"codes": [], "message_id": 0})
        starts = [t.map[0] for t in tokens if t.level == 0 and t.nesting >= 0 and t.map]
        if len(starts) < 2:
            return 0
        last_line = starts[-1]
        offset = 0
        for _ in range(last_line):
            newline = text.find("\n", offset)
            if newline < 0:
                return 0
            offset = newline + 1
        return offset
