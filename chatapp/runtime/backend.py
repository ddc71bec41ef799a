"""``ModelBackend`` on top of the runtime client: what the conversation logic talks to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict

from chatapp.core.backend import BackendError, ChatMessage, GenerationResult
from chatapp.core.conversation_settings import SamplingSettings
from chatapp.runtime import protocol as p
from chatapp.runtime.client import RuntimeClient, RuntimeError_


class RuntimeBackend:
    """Blocking calls; use from a worker thread. The model must be loaded in ``client``."""

    def __init__(self, client: RuntimeClient) -> None:
        self.client = client
        self._current = 0

    def _info(self) -> dict[str, object]:
        info = self.client.loaded_info
        if info is None:
            raise BackendError("not_loaded", "no model is loaded")
        return info

    @property
    def model_key(self) -> str:
        info = self._info()
        return f"{info['name']}|{info['file_size']}|{info['chat_format']}"

    @property
    def model_name(self) -> str:
        return str(self._info()["name"])

    @property
    def n_ctx(self) -> int:
        return int(self._info()["n_ctx"])  # type: ignore[call-overload]

    def _call(self, request: p.Request) -> object:
        try:
            event = self.client.call(request)
        except RuntimeError_ as exc:
            kind = exc.event.kind if isinstance(exc.event, p.ErrorEvent) else "crashed"
            raise BackendError(kind, exc.event.message) from None
        assert isinstance(event, p.Result)
        return event.value

    def count_prompt(self, messages: list[ChatMessage]) -> int:
        return int(self._call(p.CountPromptRequest(self.client.next_id(), tuple(messages))))  # type: ignore[call-overload]

    def count_texts(self, texts: list[str]) -> list[int]:
        return list(self._call(p.CountTokensRequest(self.client.next_id(), tuple(texts))))  # type: ignore[call-overload]

    def generate(
        self,
        messages: list[ChatMessage],
        sampling: SamplingSettings,
        on_text: Callable[[str], None] | None = None,
    ) -> GenerationResult:
        request = self.client.generate_request(messages, p.Sampling(**asdict(sampling)))
        self._current = request.request_id
        try:
            for event in self.client.stream(request):
                if isinstance(event, p.Tokens) and on_text is not None:
                    on_text(event.text)
                elif isinstance(event, p.GenerationDone):
                    return GenerationResult(
                        event.text, event.stats.stop_reason, asdict(event.stats)
                    )
                elif isinstance(event, p.ErrorEvent):
                    raise BackendError(event.kind, event.message)
                elif isinstance(event, p.RuntimeCrashed):
                    raise BackendError("crashed", event.message)
        finally:
            self._current = 0
        raise BackendError("internal", "the runtime ended the reply without a result")

    def cancel(self) -> None:
        if self._current:
            self.client.cancel(self._current)
