"""Images in the runtime process: a vision projector loaded with the model, and prompts of text
and images evaluated into the KV cache through llama.cpp's multimodal library (libmtmd).

The projector is loaded by the llama-cpp-python multimodal chat handler its family needs
(``vision_handlers.py``); its mtmd context is then used directly, so that a reply with images
streams, stops and reports like any other: the chat template is rendered by the host with
llama.cpp's media marker where the images go, ``mtmd_tokenize`` splits the text into text and
image chunks, text chunks go through ``Llama.eval`` and image chunks through
``mtmd_helper_eval_chunk_single``. An image's positions in the cached token list hold
placeholder ids derived from its sha256, so the next turn reuses the cache past an unchanged
image just as it does past unchanged text.
"""

from __future__ import annotations

import ctypes
import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import llama_cpp
import llama_cpp.llama_cpp as llama_c
from llama_cpp import _logger
from llama_cpp import mtmd_cpp as mtmd

from chatapp.core.images.header import ImageError
from chatapp.core.images.prepare import check_limits
from chatapp.core.images.projector import ProjectorInfo, image_tokens
from chatapp.runtime import vision_handlers

PREFILL_CHUNK = 128  # prompt tokens per step between two looks at a cancel request
_WARN, _ERROR = 3, 4  # ggml log levels (GGML_LOG_LEVEL_WARN, _ERROR)
Message = dict[str, Any]


class VisionError(Exception):
    """``kind`` "load_failed" (the projector), "bad_request" (an image), "unsupported"."""

    def __init__(self, kind: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.params = params


@dataclass(frozen=True)
class ImagePart:
    """One image of a message, as the runtime gets it: a file of the image store."""

    path: str
    sha256: str
    width: int
    height: int

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImagePart:
        try:
            return cls(
                str(data["path"]), str(data["sha256"]), int(data["width"]), int(data["height"])
            )
        except (KeyError, TypeError, ValueError):
            raise VisionError("bad_request", "an image of the message has no file") from None


def message_images(messages: Sequence[Message]) -> list[ImagePart]:
    return [ImagePart.from_dict(i) for m in messages for i in (m.get("images") or ())]


def text_only(messages: Sequence[Message]) -> list[Message]:
    """For a model without a projector: earlier images are left out (their text stays); an
    image in the newest user message is refused, since the question is about it."""
    users = [i for i, m in enumerate(messages) if m.get("role") == "user"]
    if users and messages[users[-1]].get("images"):
        raise VisionError(
            "unsupported",
            "this model cannot see images: load it with its vision projector (mmproj file), "
            "or choose a vision model",
        )
    return [{k: v for k, v in m.items() if k != "images"} for m in messages]


def with_markers(messages: Sequence[Message], marker: str, as_parts: bool) -> list[Message]:
    """The messages for the chat template: each image becomes llama.cpp's media marker before
    the message's text. ``as_parts``: content as OpenAI-style parts (what the handlers' own
    templates iterate); otherwise one string, which every template renders."""
    out: list[Message] = []
    for original in messages:
        m = {k: v for k, v in original.items() if k != "images"}
        n = len(original.get("images") or ())
        text = str(m.get("content") or "")
        if n and as_parts:
            parts: list[dict[str, Any]] = [
                {"type": "image_url", "image_url": {"url": marker}} for _ in range(n)
            ]
            m["content"] = [*parts, {"type": "text", "text": text}]
        elif n:
            m["content"] = marker * n + "\n" + text
        elif as_parts and m.get("role") == "user":
            m["content"] = [{"type": "text", "text": text}]
        out.append(m)
    return out


@dataclass
class _Segment:
    start: int  # position in the token list
    tokens: list[int]  # text tokens, or an image's placeholder ids
    chunk: Any = None  # the mtmd chunk of an image (None: text)


@dataclass
class VisionPrompt:
    """A rendered prompt with images, for ``ModelHost.run_pass``: the token list (placeholders
    where images go) and what evaluating it needs."""

    tokens: list[int]
    stop_strings: list[str]
    stop_token_ids: frozenset[int]
    segments: list[_Segment] = field(default_factory=list)
    chunks: Any = None  # mtmd input chunks, freed by ``close``
    image_tokens: int = 0

    def extend(self, tokens: list[int]) -> VisionPrompt:
        """The same prompt with text tokens after it (a reply being continued)."""
        if tokens:
            self.segments.append(_Segment(len(self.tokens), list(tokens)))
            self.tokens = [*self.tokens, *tokens]
        return self

    def close(self) -> None:
        if self.chunks is not None:
            mtmd.mtmd_input_chunks_free(self.chunks)
            self.chunks = None


def _placeholders(sha256: str, n: int) -> list[int]:
    """Negative ids (no real token has one), the same for the same image, different for others."""
    seed = int(sha256[:8], 16)
    return [-(1 + (seed + i) % 0x3FFFFFFF) for i in range(n)]


class _LogCapture:
    """llama.cpp's mtmd and CLIP log lines while loading: the reason a projector is refused."""

    def __init__(self) -> None:
        self.errors: list[str] = []

        @llama_cpp.llama_log_callback  # type: ignore[misc]
        def listen(level: int, text: bytes, _user: ctypes.c_void_p) -> None:
            line = text.decode("utf-8", "replace").strip()
            if level == _ERROR and line:
                self.errors.append(line)

        self._callback = listen

    def reason(self) -> str:
        """The first error line, without the function name llama.cpp puts before it."""
        for line in self.errors:
            text = re.sub(r"failed to load model '[^']*': ", "", line)
            text = re.sub(r"^(\w+: )+", "", text)  # the functions llama.cpp names first
            if text:
                return text.removeprefix("error: ").rstrip(".")
        return ""

    def __enter__(self) -> _LogCapture:
        mtmd.mtmd_log_set(self._callback, ctypes.c_void_p(0))
        return self

    def __exit__(self, *_exc: object) -> None:
        mtmd.mtmd_log_set(_logger.llama_log_callback, ctypes.c_void_p(0))


class VisionModel:
    """A projector loaded for ``llm``; lives as long as the model (freed by ``llm.close``)."""

    def __init__(self, llm: llama_cpp.Llama, info: ProjectorInfo, text_arch: str) -> None:
        name = Path(info.path).name
        if info.output_dim and info.output_dim != llm.n_embd():
            raise VisionError(
                "load_failed",
                f"the projector {name} makes {info.output_dim}-wide embeddings but the model "
                f"takes {llm.n_embd()}: it belongs to another model",
                file=name,
                projector_dim=info.output_dim,
                model_dim=llm.n_embd(),
            )
        self.info = info
        self.handler_class = vision_handlers.handler_class(info, text_arch)
        handler = self.handler_class(clip_model_path=info.path, verbose=False)
        with _LogCapture() as log:
            try:
                handler._init_mtmd_context(llm)
            except (ValueError, RuntimeError, OSError) as exc:
                why = log.reason() or str(exc)
                raise VisionError(
                    "load_failed",
                    f"llama.cpp could not load the projector {name}: {why}",
                    file=name,
                    detail=why,
                ) from None
        self._handler = handler
        self.ctx = handler.mtmd_ctx
        self.marker = mtmd.mtmd_default_marker().decode("utf-8")
        self.template = vision_handlers.handler_template(self.handler_class)
        self._counts: dict[str, int] = {}  # exact image token counts seen, by sha256

    # --- counting -------------------------------------------------------------------------

    def image_tokens(self, image: ImagePart) -> int:
        """What the image costs in the prompt: measured when it was used, else the projector's
        rule (``core.images.projector.image_tokens``)."""
        return self._counts.get(image.sha256) or image_tokens(self.info, image.width, image.height)

    # --- prompts --------------------------------------------------------------------------

    def render(
        self, prompter: Any, messages: Sequence[Message], tools: Sequence[dict[str, Any]] | None
    ) -> VisionPrompt:
        """Render ``messages`` (some with images) with ``prompter`` (a ChatPrompter) and split
        the text into chunks. A handler's own template takes content as parts."""
        from chatapp.runtime.chat_prompt import TemplateFailed

        images = message_images(messages)
        as_parts = prompter.choice.source == "handler"
        try:
            text, add_bos, stops = prompter.render_text(
                with_markers(messages, self.marker, as_parts), tools
            )
        except TemplateFailed:
            raise
        return self.tokenize(text, images, add_bos, stops, prompter.stop_token_ids)

    def count(self, prompter: Any, messages: Sequence[Message]) -> int:
        """Prompt tokens without preparing the images: the text around the markers plus what
        each image costs (``image_tokens``)."""
        images = message_images(messages)
        text, add_bos, _ = prompter.render_text(
            with_markers(messages, self.marker, prompter.choice.source == "handler")
        )
        llm = prompter._llm
        tokens = llm.tokenize(text.replace(self.marker, "").encode("utf-8"), add_bos, True)
        return len(tokens) + sum(self.image_tokens(i) for i in images)

    def _bitmap(self, image: ImagePart) -> Any:
        try:
            data = Path(image.path).read_bytes()
        except OSError as exc:
            raise VisionError(
                "bad_request", f"the image {image.sha256[:12]} cannot be read: {exc.strerror}"
            ) from None
        if hashlib.sha256(data).hexdigest() != image.sha256:
            raise VisionError("bad_request", f"the image {image.sha256[:12]} has changed on disk")
        try:
            check_limits(data)  # the file is ours, but stb_image must never see a bomb
        except ImageError as exc:
            raise VisionError("bad_request", exc.message) from None
        try:
            bitmap = self._handler._create_bitmap_from_bytes(data)
        except ValueError:
            raise VisionError("bad_request", "llama.cpp could not decode an image") from None
        mtmd.mtmd_bitmap_set_id(bitmap, image.sha256.encode())
        return bitmap

    def tokenize(
        self, text: str, images: Sequence[ImagePart], add_special: bool, stops: list[str],
        stop_ids: frozenset[int],
    ) -> VisionPrompt:  # fmt: skip
        """Split the rendered ``text`` (one media marker per image, in order) into chunks."""
        if text.count(self.marker) != len(images):
            raise VisionError("bad_request", "the chat template lost an image of the message")
        bitmaps = [self._bitmap(i) for i in images]
        chunks = mtmd.mtmd_input_chunks_init()
        try:
            inp = mtmd.mtmd_input_text()
            raw = text.encode("utf-8")
            inp.text, inp.text_len = raw, len(raw)
            inp.add_special, inp.parse_special = add_special, True
            array = (mtmd.mtmd_bitmap_p_ctypes * len(bitmaps))(*bitmaps)
            if mtmd.mtmd_tokenize(self.ctx, chunks, ctypes.byref(inp), array, len(bitmaps)) != 0:
                mtmd.mtmd_input_chunks_free(chunks)
                raise VisionError("bad_request", "llama.cpp could not prepare the images")
        finally:
            for b in bitmaps:
                mtmd.mtmd_bitmap_free(b)
        prompt = VisionPrompt([], stops, stop_ids, chunks=chunks)
        image_iter = iter(images)
        for i in range(mtmd.mtmd_input_chunks_size(chunks)):
            chunk = mtmd.mtmd_input_chunks_get(chunks, i)
            kind = mtmd.mtmd_input_chunk_get_type(chunk)
            start = len(prompt.tokens)
            if kind == mtmd.MTMD_INPUT_CHUNK_TYPE_TEXT:
                n = ctypes.c_size_t()
                ptr = mtmd.mtmd_input_chunk_get_tokens_text(chunk, ctypes.byref(n))
                ids = [int(ptr[j]) for j in range(n.value)]
                prompt.segments.append(_Segment(start, ids))
            else:
                image = next(image_iter)
                n_tokens = int(mtmd.mtmd_input_chunk_get_n_tokens(chunk))
                self._counts[image.sha256] = n_tokens
                prompt.image_tokens += n_tokens
                n_pos = int(mtmd.mtmd_input_chunk_get_n_pos(chunk))
                ids = _placeholders(image.sha256, n_pos)
                prompt.segments.append(_Segment(start, ids, chunk))
            prompt.tokens.extend(ids)
        return prompt

    def prefill(
        self,
        llm: llama_cpp.Llama,
        prompt: VisionPrompt,
        reuse: Callable[[llama_cpp.Llama, list[int]], Any],
        cancelled: Callable[[], bool],
    ) -> tuple[Any, bool]:
        """Evaluate what the cache does not hold; returns (the cache use, finished)."""
        use = reuse(llm, prompt.tokens)
        kept = use.reused
        for seg in prompt.segments:  # an image is evaluated whole or not at all
            if seg.chunk is not None and seg.start < kept < seg.start + len(seg.tokens):
                llm._ctx.kv_cache_seq_rm(-1, seg.start, -1)
                llm.n_tokens = kept = seg.start
                use = type(use)(kept, use.shifted, use.strategy)
        for seg in prompt.segments:
            end = seg.start + len(seg.tokens)
            if end <= kept:
                continue
            if seg.chunk is None:
                for at in range(max(kept, seg.start), end, PREFILL_CHUNK):
                    if cancelled():
                        return use, False
                    try:
                        llm.eval(
                            seg.tokens[at - seg.start : min(end, at + PREFILL_CHUNK) - seg.start]
                        )
                    except RuntimeError:  # aborted by a cancel (llama_hooks.abortable)
                        if cancelled():
                            return use, False
                        raise
                continue
            if cancelled():
                return use, False
            llm._ctx.kv_cache_seq_rm(-1, llm.n_tokens, -1)
            new_past = llama_c.llama_pos(0)
            status = mtmd.mtmd_helper_eval_chunk_single(
                self.ctx, llm._ctx.ctx, seg.chunk, llama_c.llama_pos(llm.n_tokens),
                llama_c.llama_seq_id(0), llm.n_batch, False, ctypes.byref(new_past),
            )  # fmt: skip
            if status != 0:
                if cancelled():
                    return use, False
                raise VisionError("internal", f"llama.cpp could not evaluate an image ({status})")
            if new_past.value != end:  # positions as llama.cpp counted them, and ours disagree
                raise VisionError("internal", "llama.cpp placed an image unexpectedly")
            llm.input_ids[seg.start : end] = seg.tokens
            llm.n_tokens = end
        return use, True
