"""Token counts for a remote model: the server's tokenizer where it has one, else an estimate.

llama.cpp's server has ``POST /tokenize`` (and ``/apply-template``, which makes prompt counts
exact); llama-cpp-python's server has ``POST /extras/tokenize/count``. Without either, counts
are estimated from the characters and marked as estimates (the planner then keeps a margin).
Prompt counts without a template endpoint add a per-message overhead that is calibrated from
the ``usage`` figures the server reports.
"""

from __future__ import annotations

import json
import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from chatapp.core.engine import EngineError, PromptMessage
from chatapp.core.images.prompt_images import IMAGE_TOKEN_ESTIMATE

# (path, JSON body) -> the decoded JSON answer; raises EngineError (kind "server" for a 404).
Post = Callable[[str, dict[str, Any]], Any]

# Template tokens around each message (ChatML: "<|im_start|>", the role, "\n", "<|im_end|>",
# "\n") and around the whole prompt (BOS, the assistant's opening), before any calibration.
DEFAULT_PER_MESSAGE = 6
PROMPT_FIXED = 4
CHARS_PER_TOKEN = 3.5  # English text with a modern BPE vocabulary; other scripts count 1 a char


def estimate_tokens(text: str) -> int:
    """A deliberately generous estimate: ASCII at 3.5 characters a token, others 1 each."""
    if not text:
        return 0
    other = 0 if text.isascii() else sum(1 for ch in text if ord(ch) > 127)
    return math.ceil((len(text) - other) / CHARS_PER_TOKEN + other)


def message_text(message: PromptMessage) -> str:
    """The text of a message that the model reads (content, and tool calls as JSON)."""
    text = message.get("content") or ""
    if not isinstance(text, str):  # content parts: keep the text ones
        text = " ".join(p.get("text", "") for p in text if isinstance(p, dict))
    if message.get("tool_calls"):
        text += json.dumps(message["tool_calls"], ensure_ascii=False)
    return text


class RemoteTokenizer:
    """Counts with whatever the server offers; ``kind`` says which."""

    def __init__(self, post: Post, model: str, kind: str = "estimate") -> None:
        self._post = post
        self._model = model
        self.kind = kind  # "llama.cpp", "llama-cpp-python" or "estimate"
        self.has_template = False  # llama.cpp's /apply-template: prompt counts are exact
        self.per_message = DEFAULT_PER_MESSAGE
        self._baseline = 0  # tokens the endpoint adds to every text (a BOS)
        self._cache: OrderedDict[str, int] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def exact(self) -> bool:
        """Prompt counts come from the model's own template and tokenizer."""
        return self.kind == "llama.cpp" and self.has_template

    # --- finding out ---------------------------------------------------------------------

    def probe(self) -> None:
        """Find the server's tokenize endpoint (one request or two, at load time)."""
        try:
            answer = self._post("/tokenize", {"content": "hello", "add_special": False})
            if isinstance(answer, dict) and isinstance(answer.get("tokens"), list):
                self.kind = "llama.cpp"
                self.has_template = self._probe_template()
                return
        except EngineError as exc:
            if exc.kind in ("auth", "connection"):
                raise
        try:
            answer = self._post("/extras/tokenize/count", {"input": "", "model": self._model})
            if isinstance(answer, dict) and isinstance(answer.get("count"), int):
                self.kind = "llama-cpp-python"
                self._baseline = int(answer["count"])
                return
        except EngineError as exc:
            if exc.kind in ("auth", "connection"):
                raise
        self.kind = "estimate"

    def _probe_template(self) -> bool:
        try:
            answer = self._post(
                "/apply-template", {"messages": [{"role": "user", "content": "hi"}]}
            )
        except EngineError as exc:
            if exc.kind in ("auth", "connection"):
                raise
            return False
        return isinstance(answer, dict) and isinstance(answer.get("prompt"), str)

    # --- counting ------------------------------------------------------------------------

    def count_text(self, text: str) -> int:
        if not text or self.kind == "estimate":
            return estimate_tokens(text)
        with self._lock:
            cached = self._cache.get(text)
            if cached is not None:
                self._cache.move_to_end(text)
                return cached
        n = self._ask(text)
        with self._lock:
            self._cache[text] = n
            while len(self._cache) > 4096:
                self._cache.popitem(last=False)
        return n

    def _ask(self, text: str) -> int:
        if self.kind == "llama.cpp":
            answer = self._post("/tokenize", {"content": text, "add_special": False})
            return len(answer["tokens"])
        answer = self._post("/extras/tokenize/count", {"input": text, "model": self._model})
        return max(0, int(answer["count"]) - self._baseline)

    def count_prompt(self, messages: Sequence[PromptMessage]) -> int:
        # Images are counted at the estimate: a server's tokenizer sees only the text.
        images = sum(len(m.get("images") or ()) for m in messages) * IMAGE_TOKEN_ESTIMATE
        messages = [{k: v for k, v in m.items() if k != "images"} for m in messages]
        if self.exact:
            prompt = self._post("/apply-template", {"messages": list(messages)})["prompt"]
            answer = self._post("/tokenize", {"content": prompt, "add_special": True})
            return len(answer["tokens"]) + images
        texts = [message_text(m) for m in messages]
        return sum(self.count_text(t) for t in texts) + self.overhead(len(messages)) + images

    def overhead(self, n_messages: int) -> int:
        return PROMPT_FIXED + self.per_message * n_messages

    def calibrate(self, messages: Sequence[PromptMessage], prompt_tokens: int) -> None:
        """Learn the template's per-message cost from a prompt count the server reported."""
        if self.exact or self.kind == "estimate" or not messages or prompt_tokens <= 0:
            return
        texts = sum(self.count_text(message_text(m)) for m in messages)
        per_message = math.ceil(max(0, prompt_tokens - texts - PROMPT_FIXED) / len(messages))
        self.per_message = min(per_message, 64)
