"""Problems talking to the Hub, as structured values.

``HubError.kind`` says what happened and ``action``/``subject`` what was being done; the GUI
words them in the user's language, while ``str()`` gives one English sentence for the command
line and the logs.
"""

from __future__ import annotations

from email.utils import parsedate_to_datetime
from typing import Any

# kind -> the English sentence after "<what>: " ({status}, {retry_after}, {detail} filled in)
SENTENCES = {
    "gated": "this repository is gated or private. Accept its terms on the Hub and add an access "
    "token.",
    "not_found": "not found on the Hub (HTTP 404).",
    "server": "the Hub had a problem (HTTP {status}). Try again later.",
    "http": "the Hub answered HTTP {status}.",
    "rate_limited": "rate limited, try again in {retry_after} s.",
    "rate_limited_later": "rate limited, try again later.",
    "unreachable": "the Hub cannot be reached (offline?).",
    "timeout": "the Hub did not answer in time; try again.",
    "invalid_repo": "not a valid repository id (expected owner/name).",
    "no_such_model": "there is no model named {detail!r} in this repository.",
    "no_name": "no file name given.",
    "refused_name": "refusing this file name: {detail}.",
    "bad_header": "the model header cannot be read: {detail}",
    "header_too_large": "the model header is too large to read.",
    "other": "{detail}",
}
REFUSALS = {
    "outside": "it points outside the models folder",
    "not_gguf": "it is not a .gguf file",
    "bad_name": "it contains characters a file name cannot have",
}


class HubError(Exception):
    """A problem talking to the Hub.

    kind: one of ``SENTENCES``; action: "search", "list", "read", "token" or "download";
    subject: the repository or file concerned; status: the HTTP status if there was one;
    retry_after: seconds the Hub asked us to wait (429); detail: more, in English.
    """

    def __init__(
        self,
        kind: str,
        action: str = "",
        subject: str = "",
        *,
        status: int | None = None,
        retry_after: int | None = None,
        detail: str = "",
    ) -> None:
        self.kind, self.action, self.subject = kind, action, subject
        self.status, self.retry_after, self.detail = status, retry_after, detail
        super().__init__(self.english())

    def english(self) -> str:
        kind = self.kind
        if kind == "rate_limited" and self.retry_after is None:
            kind = "rate_limited_later"
        detail = REFUSALS.get(self.detail, self.detail) if kind == "refused_name" else self.detail
        sentence = SENTENCES.get(kind, "{detail}").format(
            status=self.status, retry_after=self.retry_after, detail=detail
        )
        what = {
            "search": "Searching the Hub",
            "list": f"Listing {self.subject}",
            "read": f"Reading {self.subject}",
            "token": "Saving the access token",
        }.get(self.action, self.subject)
        return f"{what}: {sentence}" if what else sentence


def retry_after_seconds(value: str | None) -> int | None:
    """Retry-After as seconds: a number, or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return int(value)
    try:
        import datetime as dt

        when = parsedate_to_datetime(value)
        return max(0, round((when - dt.datetime.now(dt.UTC)).total_seconds()))
    except (TypeError, ValueError, OverflowError):
        return None


def explain(exc: BaseException, action: str, subject: str = "") -> HubError:
    """Turn any exception from the network into a HubError."""
    if isinstance(exc, HubError):
        return exc
    import huggingface_hub.errors as hf_errors

    response: Any = getattr(exc, "response", None)
    status = getattr(response, "status_code", None)

    def error(kind: str, retry_after: int | None = None, detail: str = "") -> HubError:
        return HubError(
            kind, action, subject, status=status, retry_after=retry_after, detail=detail
        )

    if status == 429:
        headers = getattr(response, "headers", {}) or {}
        return error("rate_limited", retry_after_seconds(headers.get("Retry-After")))
    if isinstance(exc, hf_errors.GatedRepoError) or status in (401, 403):
        return error("gated")
    if isinstance(exc, hf_errors.RepositoryNotFoundError) or status == 404:
        return error("not_found")
    if status is not None and status >= 500:
        return error("server")
    if status is not None:
        return error("http")
    name = type(exc).__name__
    # A connect timeout means nothing answered at all; any other timeout means a server that
    # is there but slow, which is not "offline".
    if "Timeout" in name and "Connect" not in name:
        return error("timeout")
    if "Timeout" in name or "Connect" in name or isinstance(exc, (ConnectionError, TimeoutError)):
        return error("unreachable")
    return error("other", detail=str(exc) or name)
