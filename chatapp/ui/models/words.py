"""The model manager's words for what core reports as values: Hub and download errors, the
memory fit, download progress and states, in the user's language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from chatapp.core.models.download_parts import Progress
from chatapp.core.models.downloads import DownloadError, Stopped
from chatapp.core.models.gguf_header import GGUFError
from chatapp.core.models.hub import Fit, HubError
from chatapp.core.models.memory import format_bytes

translate = QCoreApplication.translate


def refusal(reason: str | None) -> str:
    return {
        "outside": translate("ModelWords", "it points outside the models folder"),
        "not_gguf": translate("ModelWords", "it is not a .gguf file"),
        "bad_name": translate("ModelWords", "it contains characters a file name cannot have"),
    }.get(reason or "", translate("ModelWords", "the name is not safe"))


def hub_error(err: HubError) -> str:
    what = {
        "search": translate("ModelWords", "Searching the Hub"),
        "list": translate("ModelWords", "Reading %1"),
        "read": translate("ModelWords", "Reading %1"),
        "token": translate("ModelWords", "Saving the access token"),
    }.get(err.action, "%1")
    status = str(err.status or "")
    sentence = {
        "gated": translate(
            "ModelWords",
            "this repository is gated or private. Accept its terms on the Hub and add an "
            "access token.",
        ),
        "not_found": translate("ModelWords", "not found on the Hub (HTTP 404)."),
        "server": translate("ModelWords", "the Hub had a problem (HTTP %1). Try again later."),
        "http": translate("ModelWords", "the Hub answered HTTP %1."),
        "rate_limited": translate("ModelWords", "rate limited, try again in %1 s.")
        if err.retry_after is not None
        else translate("ModelWords", "rate limited, try again later."),
        "unreachable": translate("ModelWords", "the Hub cannot be reached (offline?)."),
        "timeout": translate("ModelWords", "the Hub did not answer in time; try again."),
        "invalid_repo": translate("ModelWords", "not a valid repository id (expected owner/name)."),
        "no_such_model": translate("ModelWords", "there is no model of that name here."),
        "no_name": translate("ModelWords", "no file name given."),
        "refused_name": translate("ModelWords", "refusing this file name: %1.").replace(
            "%1", refusal(err.detail)
        ),
        "bad_header": translate("ModelWords", "the model header cannot be read."),
        "header_too_large": translate("ModelWords", "the model header is too large to read."),
    }.get(err.kind)
    if sentence is None:
        sentence = err.detail or err.kind
    sentence = sentence.replace(
        "%1", str(err.retry_after) if err.kind == "rate_limited" else status
    )
    return what.replace("%1", err.subject) + ": " + sentence


def download_error(err: DownloadError) -> str:
    if err.kind == "hub" and err.hub_error is not None:
        return hub_error(err.hub_error)
    text = {
        "refused_name": translate("ModelWords", "Refusing the file name %1: %2."),
        "already_installed": translate("ModelWords", "%1 is already in the library."),
        "busy": translate("ModelWords", "%1 is still stopping; try again in a moment."),
        "disk_space": translate("ModelWords", "Not enough disk space: %3 needed, %2 free."),
        "disk_full": translate(
            "ModelWords", "The disk is full; free some space, then resume the download."
        ),
        "dropped": translate(
            "ModelWords", "The connection dropped at %2 of %3; resume to continue."
        ),
        "incomplete": translate(
            "ModelWords", "%1 arrived incomplete (%2 of %3); resume to continue."
        ),
        "too_much_data": translate("ModelWords", "%1: the server sent more than %3."),
        "corrupt": translate(
            "ModelWords",
            "%1 is corrupt: its checksum does not match the Hub's. It was deleted; download it "
            "again.",
        ),
    }.get(err.kind)
    if text is None:
        return str(err)
    detail = refusal(err.detail) if err.kind == "refused_name" else format_bytes(err.done)
    return text.replace("%1", err.name).replace("%2", detail).replace("%3", format_bytes(err.size))


def failure(exc: BaseException) -> str:
    """Any failure from the model manager's background work, worded for the user."""
    if isinstance(exc, HubError):
        return hub_error(exc)
    if isinstance(exc, DownloadError):
        return download_error(exc)
    if isinstance(exc, Stopped):
        return translate("ModelWords", "Stopped.")
    if isinstance(exc, FileExistsError):
        return translate("ModelWords", "a model of that name is already in the library")
    if isinstance(exc, GGUFError):
        return translate("ModelWords", "not a usable GGUF model file (%1)").replace("%1", str(exc))
    return str(exc) or type(exc).__name__


def fit_verdict(verdict: str) -> str:
    return {
        "fits": translate("ModelWords", "fits"),
        "tight": translate("ModelWords", "tight fit"),
        "too_big": translate("ModelWords", "will not fit"),
    }.get(verdict, "?")


def fit(f: Fit) -> str:
    text = (
        translate("ModelWords", "%1 (%2 of %3)")
        .replace("%1", fit_verdict(f.verdict))
        .replace("%2", format_bytes(f.needed))
        .replace("%3", format_bytes(f.available))
    )
    if f.over_trained_context:
        text += " ⚠"
    return text


def over_trained_context(f: Fit) -> str:
    """The warning when the chosen context is longer than the model was trained for."""
    trained = f.info.context_length if f.info is not None else 0
    return translate("ModelWords", "%1 is above the model's trained context (%2)").replace(
        "%1", str(f.n_ctx)
    ).replace("%2", str(trained))  # fmt: skip


def duration(seconds: float) -> str:
    if seconds < 90:
        return translate("ModelWords", "%1 s").replace("%1", str(round(seconds)))
    if seconds < 90 * 60:
        return translate("ModelWords", "%1 min").replace("%1", str(round(seconds / 60)))
    return translate("ModelWords", "%1 h").replace("%1", f"{seconds / 3600:.1f}")


def progress(p: Progress) -> str:
    text = (
        translate("ModelWords", "%1 of %2 · %3/s")
        .replace("%1", format_bytes(p.done))
        .replace("%2", format_bytes(p.total))
        .replace("%3", format_bytes(p.bytes_per_s))
    )
    if p.eta_s is not None:
        text += " · " + translate("ModelWords", "%1 left").replace("%1", duration(p.eta_s))
    if p.restarted:
        text += " — " + translate(
            "ModelWords", "the server restarted the download from the beginning"
        )
    return text


def paused(done: int, total: int, reason: str = "pause") -> str:
    text = (
        translate("ModelWords", "Paused at %1 of %2")
        if reason == "pause"
        else translate("ModelWords", "Stopped when the app quit, at %1 of %2")
    )
    return text.replace("%1", format_bytes(done)).replace("%2", format_bytes(total))
