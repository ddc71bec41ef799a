"""Model output to safe HTML for the transcript: Markdown (markdown-it-py) + Pygments.

Model output is untrusted. Raw HTML is shown as text (``html=False``), images are not rendered
(their Markdown becomes a link), and only http/https links survive as links — everything else
(``javascript:``, ``file:``, ``data:``, our own ``action:`` scheme) is shown as plain text, so a
reply cannot forge one of the transcript's own action links. The view adds its own guards.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import TextLexer, get_lexer_by_name
from pygments.util import ClassNotFound

ACTION_SCHEME = "action"
SAFE_SCHEMES = ("http://", "https://")


def is_safe_link(url: str) -> bool:
    return url.strip().lower().startswith(SAFE_SCHEMES)


@dataclass
class Rendered:
    html: str
    code_blocks: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Palette:
    text: str
    muted: str
    code_background: str
    pygments_style: str

    @classmethod
    def for_theme(cls, dark: bool) -> Palette:
        if dark:
            return cls("#e6e6e6", "#9aa0a6", "#1e1f22", "monokai")
        return cls("#1f2328", "#656d76", "#f3f4f6", "friendly")


class MarkdownRenderer:
    def __init__(self, palette: Palette) -> None:
        self.palette = palette
        self._md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
        self._md.enable(["table", "strikethrough"])
        self._md.disable("image")
        self._md.validateLink = is_safe_link  # type: ignore[method-assign]

        # markdown-it binds render rules to its renderer, so hand it a plain function.
        def fence(_renderer: Any, tokens: Any, idx: int, _options: Any, env: Any) -> str:
            return self._fence(tokens[idx], env)

        self._md.add_render_rule("fence", fence)
        self._md.add_render_rule("code_block", fence)
        self._formatter = HtmlFormatter(noclasses=True, nowrap=True, style=palette.pygments_style)

    def render(self, text: str, message_id: int) -> Rendered:
        env: dict[str, Any] = {"codes": [], "message_id": message_id}
        body = self._md.render(text, env)
        return Rendered(body, env["codes"])

    def _fence(self, token: Any, env: dict[str, Any]) -> str:
        code: str = token.content
        language = (token.info or "").strip().split(" ")[0] if token.type == "fence" else ""
        env["codes"].append(code)
        index = len(env["codes"]) - 1
        try:
            lexer = get_lexer_by_name(language) if language else TextLexer()
        except ClassNotFound:
            lexer = TextLexer()
        body = highlight(code, lexer, self._formatter).rstrip("\n")
        label = html.escape(language) if language else "code"
        href = f"{ACTION_SCHEME}:copycode/{env['message_id']}/{index}"
        p = self.palette
        return (
            f'<table width="100%" cellspacing="0" cellpadding="6" bgcolor="{p.code_background}">'
            f'<tr><td><span style="color:{p.muted}">{label}</span> &nbsp; '
            f'<a href="{href}">Copy code</a>'
            f'<pre style="font-family:monospace">{body}</pre></td></tr></table>'
        )
