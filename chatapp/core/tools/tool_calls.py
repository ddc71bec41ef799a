"""Tool calls in a model's own words: find them in the text, and keep them out of the stream.

Models trained for tools write their calls in one of a few formats:

- ``hermes`` (Hermes, Qwen 2.5/3, SmolLM and many others)::

      <tool_call>
      {"name": "calculator", "arguments": {"expression": "354 * 139"}}
      </tool_call>

  (one block per call, or one block holding a JSON list of calls);
- ``llama3`` (Llama 3.1–3.3): a JSON object ``{"name": …, "parameters": {…}}`` as the whole
  reply, optionally after ``<|python_tag|>``;
- ``mistral``: ``[TOOL_CALLS][{"name": …, "arguments": {…}}]`` or, in newer tokenizers,
  ``[TOOL_CALLS]name[ARGS]{…}``.

Names are cleaned of the stray characters small models add (a trailing colon, quotes), a
quirk also seen in llama-cpp-python's ``chatml-function-calling`` handler.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any

from chatapp.core.engine import ToolCall

HERMES = "hermes"
LLAMA3 = "llama3"
MISTRAL = "mistral"
STYLES = (HERMES, LLAMA3, MISTRAL)

HERMES_OPEN, HERMES_CLOSE = "<tool_call>", "</tool_call>"
PYTHON_TAG = "<|python_tag|>"
MISTRAL_CALLS, MISTRAL_ARGS = "[TOOL_CALLS]", "[ARGS]"
MARKERS = {HERMES: (HERMES_OPEN,), LLAMA3: (PYTHON_TAG,), MISTRAL: (MISTRAL_CALLS,)}


@dataclass(frozen=True)
class ParsedReply:
    text: str  # what the model said besides its calls
    calls: tuple[ToolCall, ...]


def detect_style(template: str | None) -> str | None:
    """The call format a chat template teaches its model, from the template's source."""
    if not template:
        return None
    if HERMES_OPEN in template:
        return HERMES
    if MISTRAL_CALLS in template:
        return MISTRAL
    if PYTHON_TAG in template or "ipython" in template:
        return LLAMA3
    return None


def new_call_id() -> str:
    return "call_" + uuid.uuid4().hex[:12]


def clean_name(name: object) -> str:
    """``"calculator:"`` → ``"calculator"``: what small models and some handlers leave around."""
    text = str(name or "").strip()
    text = text.strip("`'\" \t\n")
    return text.rstrip(":").strip()


def _arguments_text(value: Any) -> str:
    if value is None:
        return "{}"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _call_from(obj: Any) -> ToolCall | None:
    if not isinstance(obj, dict):
        return None
    function = obj.get("function")
    if isinstance(function, dict) and "name" in function:  # the OpenAI shape
        obj = {**function, "id": obj.get("id")}
    name = clean_name(obj.get("name"))
    if not name:
        return None
    arguments = obj.get("arguments", obj.get("parameters"))
    call_id = obj.get("id")
    return ToolCall(str(call_id) if call_id else new_call_id(), name, _arguments_text(arguments))


def _calls_from_json(text: str) -> list[ToolCall] | None:
    """Calls from a JSON object or list; None when the text is not JSON of that shape."""
    try:
        value = json.loads(text)
    except ValueError:
        return None
    items = value if isinstance(value, list) else [value]
    calls = [_call_from(item) for item in items]
    if any(call is None for call in calls):
        return None
    return [c for c in calls if c is not None]


def _json_values(text: str) -> Iterator[tuple[Any, int]]:
    """Consecutive JSON values in ``text`` (separated by whitespace, commas or semicolons)."""
    decoder = json.JSONDecoder()
    i = 0
    while i < len(text):
        while i < len(text) and text[i] in " \t\r\n,;":
            i += 1
        if i >= len(text):
            return
        value, end = decoder.raw_decode(text, i)
        yield value, end
        i = end


def _parse_hermes(text: str) -> ParsedReply | None:
    start = text.find(HERMES_OPEN)
    if start < 0:
        return None
    calls: list[ToolCall] = []
    rest = text[start:]
    for block in re.finditer(
        re.escape(HERMES_OPEN) + r"(.*?)(?:" + re.escape(HERMES_CLOSE) + r"|$)", rest, re.S
    ):
        body = block.group(1).strip()
        if not body:
            continue
        found = _calls_from_json(body)
        if found is None:
            return None
        calls.extend(found)
    return ParsedReply(text[:start].strip(), tuple(calls))


def _parse_mistral(text: str) -> ParsedReply | None:
    start = text.find(MISTRAL_CALLS)
    if start < 0:
        return None
    body = text[start + len(MISTRAL_CALLS) :].strip()
    if MISTRAL_ARGS in body:  # [TOOL_CALLS]name[ARGS]{…}[TOOL_CALLS]name[ARGS]{…}
        calls: list[ToolCall] = []
        for part in body.split(MISTRAL_CALLS):
            name, _, arguments = part.partition(MISTRAL_ARGS)
            if not clean_name(name):
                return None
            try:
                json.loads(arguments)
            except ValueError:
                return None
            calls.append(ToolCall(new_call_id(), clean_name(name), arguments.strip()))
        return ParsedReply(text[:start].strip(), tuple(calls))
    found = _calls_from_json(body)
    if found is None:
        return None
    return ParsedReply(text[:start].strip(), tuple(found))


def _parse_llama3(text: str) -> ParsedReply | None:
    start = text.find(PYTHON_TAG)
    body = text[start + len(PYTHON_TAG) :] if start >= 0 else text
    before = text[:start].strip() if start >= 0 else ""
    body = body.strip()
    if not body.startswith(("{", "[")):
        return None
    calls: list[ToolCall] = []
    try:
        for value, _end in _json_values(body):
            items = value if isinstance(value, list) else [value]
            for item in items:
                call = _call_from(item)
                if call is None or not isinstance(item, dict):
                    return None
                if "arguments" not in item and "parameters" not in item:
                    return None  # a JSON answer, not a call
                calls.append(call)
    except ValueError:
        return None
    return ParsedReply(before, tuple(calls)) if calls else None


_PARSERS = {HERMES: _parse_hermes, MISTRAL: _parse_mistral, LLAMA3: _parse_llama3}


_FENCE = re.compile(r"^```[a-zA-Z]*\s*\n(.*?)\n?```$", re.S)


def _parse_bare(text: str, names: Collection[str]) -> ParsedReply | None:
    """A reply that is nothing but a call as JSON (bare or in a code fence), naming an offered
    tool: what some tool-trained models write instead of their template's format."""
    body = text.strip()
    fenced = _FENCE.match(body)
    if fenced:
        body = fenced.group(1).strip()
    if not body.startswith(("{", "[")):
        return None
    found = _calls_from_json(body)
    if not found or any(c.name not in names for c in found):
        return None
    return ParsedReply("", tuple(found))


def parse_tool_calls(
    text: str, style: str | None = None, names: Collection[str] = ()
) -> ParsedReply:
    """The calls in ``text`` (in ``style``, or in any known format when None). With ``names``
    (the tools offered), a reply that is only a JSON call of one of them counts too."""
    styles = [style] if style in _PARSERS else list(STYLES)
    for name in styles:
        parsed = _PARSERS[name](text)
        if parsed is not None and parsed.calls:
            return parsed
    bare = _parse_bare(text, names) if names else None
    return bare if bare is not None else ParsedReply(text, ())


def _may_be_fenced_call(text: str) -> bool:
    """``text`` is, or may grow into, a code fence whose content starts a JSON object or list
    (some tool-trained models write their calls so)."""
    body = text.lstrip()
    if not body:
        return False
    if len(body) < 3:
        return "```".startswith(body)
    if not body.startswith("```"):
        return False
    newline = body.find("\n")
    if newline < 0:  # the info string so far: json, or nothing yet
        return body[3:].strip().lower() in ("", "j", "js", "jso", "json")
    return body[newline + 1 :].lstrip()[:1] in ("", "{", "[")


class CallHider:
    """Streams a reply's text but holds back what may be a tool call.

    Text is passed on as it comes until a call marker may be starting; from a marker on,
    nothing more is shown (it is a call). A reply that starts with ``{`` or ``[`` may be a
    JSON call (Llama 3): it is held to the end. ``finish`` returns what was held back and
    turned out not to be a call.
    """

    def __init__(self, style: str | None = None) -> None:
        self.markers = [m for s in ([style] if style else STYLES) for m in MARKERS.get(s, ())]
        self._json_start = style in (None, LLAMA3)
        self._text: list[str] = []
        self._shown = 0
        self.in_call = False

    @property
    def text(self) -> str:
        return "".join(self._text)

    def feed(self, piece: str) -> str:
        self._text.append(piece)
        if self.in_call:
            return ""
        full = self.text
        if self._json_start and full.lstrip()[:1] in ("{", "["):
            self.in_call = True
            return ""
        if self._shown == 0 and _may_be_fenced_call(full):
            return ""  # a call in a code fence, or the start of one: held to the end
        for marker in self.markers:
            at = full.find(marker, self._shown)
            if at >= 0:
                self.in_call = True
                return self._release(at)
        hold = 0  # the longest tail that could still grow into a marker
        for marker in self.markers:
            for n in range(min(len(marker) - 1, len(full) - self._shown), 0, -1):
                if full.endswith(marker[:n]):
                    hold = max(hold, n)
                    break
        if self._json_start and not full.strip():
            hold = len(full) - self._shown  # only whitespace so far: a JSON call may follow
        return self._release(len(full) - hold)

    def _release(self, upto: int) -> str:
        full = self.text
        out = full[self._shown : upto] if upto > self._shown else ""
        self._shown = max(self._shown, upto)
        return out

    def finish(self, parsed: ParsedReply) -> str:
        """What is left to show once the reply is complete and parsed."""
        if parsed.calls:
            return ""
        return self._release(len(self.text))
