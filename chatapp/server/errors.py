"""Refusals as OpenAI's error shape: ``{"error": {"message", "type", "param", "code"}}``."""

from __future__ import annotations

from typing import Any

STATUS_TYPES = {
    400: "invalid_request_error",
    401: "invalid_request_error",
    403: "permission_error",
    404: "invalid_request_error",
    405: "invalid_request_error",
    408: "timeout_error",
    411: "invalid_request_error",
    413: "invalid_request_error",
    414: "invalid_request_error",
    415: "invalid_request_error",
    429: "rate_limit_error",
    431: "invalid_request_error",
}


class ApiError(Exception):
    """A request refused with ``status``; the message goes back to the client.

    ``headers`` are sent with the refusal (``Retry-After``, ``Allow``).
    """

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        param: str | None = None,
        kind: str | None = None,
        headers: tuple[tuple[str, str], ...] = (),
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.param = param
        self.kind = kind or STATUS_TYPES.get(status, "server_error" if status >= 500 else
                                             "invalid_request_error")  # fmt: skip
        self.headers = headers

    def body(self) -> dict[str, Any]:
        return error_body(self.message, self.kind, self.code, self.param)


class BadRequest(ApiError):
    """A body this server cannot take (400), naming the field at fault."""

    def __init__(self, message: str, param: str | None = None, code: str | None = None) -> None:
        super().__init__(400, message, code=code or "invalid_value", param=param)


def error_body(message: str, kind: str = "invalid_request_error", code: str | None = None,
               param: str | None = None) -> dict[str, Any]:  # fmt: skip
    return {"error": {"message": message, "type": kind, "param": param, "code": code}}


def shown(value: Any, limit: int = 40) -> str:
    """A short rendering of a client's value for an error message (never the whole of it)."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
