"""Text out of files: plain text, Markdown, PDF (page by page), DOCX and HTML.

Every file is untrusted. Sizes are checked before anything is read and reads are capped; a
DOCX is inflated a piece at a time and counted as it inflates (zip_parts.py), its XML read as
a stream (docx_text.py); a PDF's streams stop at pypdf's limits. Each failure becomes one
``ExtractError`` with a ``kind`` the UI words: "unsupported", "too_large", "binary",
"encrypted", "corrupt", "zip_bomb", "empty", "unreadable", "missing".
"""

from __future__ import annotations

import html.parser
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from chatapp.core.docs.docx_text import TooMuchText, docx_blocks
from chatapp.core.docs.zip_parts import Budget, ZipProblem

KINDS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".pdf": "pdf",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
}


class ExtractError(Exception):
    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


@dataclass(frozen=True)
class Limits:
    text_bytes: int = 32 << 20  # a text, Markdown or HTML file larger than this is refused
    file_bytes: int = 512 << 20  # a PDF or DOCX larger than this is refused
    unzipped_bytes: int = 256 << 20  # what a DOCX may inflate to, all parts together
    zip_ratio: int = 200  # a part inflating more than this many times is a bomb
    pages: int = 5000
    text_chars: int = 128 << 20  # the text a PDF or DOCX may hold (an honest 21 MB DOCX: 87 M)
    bomb_pages: int = 3  # a PDF with this many pages that inflate past pypdf's limit is a bomb


@dataclass(frozen=True)
class Page:
    number: int | None  # 1-based for paged formats (PDF); None where a file has no pages
    text: str


@dataclass(frozen=True)
class Extracted:
    kind: str
    pages: list[Page]

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.pages)


def file_kind(path: Path) -> str | None:
    return KINDS.get(path.suffix.lower())


def extract(path: Path, limits: Limits = Limits()) -> Extracted:
    kind = file_kind(path)
    if kind is None:
        raise ExtractError("unsupported", f"{path.suffix or 'this'} files are not supported")
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ExtractError("missing", "the file is gone") from None
    except OSError as exc:
        raise ExtractError("unreadable", f"cannot read the file ({exc.strerror})") from None
    cap = limits.text_bytes if kind in ("text", "markdown", "html") else limits.file_bytes
    if size > cap:
        raise ExtractError(
            "too_large", f"the file is {_mib(size)}; files up to {_mib(cap)} are indexed"
        )
    try:
        if kind in ("text", "markdown"):
            pages = [Page(None, decode_text(read_capped(path, cap)))]
        elif kind == "html":
            pages = [Page(None, html_text(decode_text(read_capped(path, cap))))]
        elif kind == "pdf":
            pages = pdf_pages(path, limits)
        else:
            pages = [Page(None, docx_text(path, limits))]
    except OSError as exc:
        raise ExtractError("unreadable", f"cannot read the file ({exc.strerror or exc})") from None
    pages = [Page(p.number, clean(p.text)) for p in pages]
    pages = [p for p in pages if p.text]
    if not pages:
        detail = " (a scanned PDF has no text layer)" if kind == "pdf" else ""
        raise ExtractError("empty", f"no text was found in the file{detail}")
    return Extracted(kind, pages)


def _mib(n: int) -> str:
    return f"{n / (1 << 20):,.0f} MB" if n >= 1 << 20 else f"{n:,} bytes"


def read_capped(path: Path, cap: int) -> bytes:
    """At most ``cap`` bytes; a file that grew past the cap since its size was checked fails."""
    with path.open("rb") as f:
        data = f.read(cap + 1)
    if len(data) > cap:
        raise ExtractError("too_large", f"the file is larger than {_mib(cap)}")
    return data


_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, or Shift_JIS; binary data is refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ExtractError("binary", "the file is not text") from None
    head = data[:65536]
    if b"\x00" in head or len(_CONTROL.findall(head)) > max(8, len(head) // 100):
        raise ExtractError("binary", "the file is not text (it looks like binary data)")
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ExtractError("binary", "the file is not text in UTF-8, UTF-16 or Shift_JIS")


_SPACES = re.compile(r"[ \t\r\f\v\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n\s*")


def clean(text: str) -> str:
    text = text.replace("\x00", "")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


# --- PDF -----------------------------------------------------------------------------------


def pdf_pages(path: Path, limits: Limits) -> list[Page]:
    import pypdf
    from pypdf.errors import (
        DependencyError,
        FileNotDecryptedError,
        LimitReachedError,
        PdfReadError,
    )

    try:
        reader = pypdf.PdfReader(path, strict=False)
        if reader.is_encrypted:
            try:  # many "protected" PDFs open without a password
                opened = int(reader.decrypt(""))
            except (DependencyError, NotImplementedError):
                opened = 0
            if not opened:
                raise ExtractError("encrypted", "the PDF is protected by a password")
        n = len(reader.pages)
    except ExtractError:
        raise
    except FileNotDecryptedError:
        raise ExtractError("encrypted", "the PDF is protected by a password") from None
    except LimitReachedError:
        raise _pdf_bomb() from None
    except (PdfReadError, ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        raise ExtractError("corrupt", f"the PDF is damaged ({_short(exc)})") from None
    if n > limits.pages:
        raise ExtractError("too_large", f"the PDF has {n:,} pages; up to {limits.pages:,}")
    pages: list[Page] = []
    failed = bombs = chars = 0
    for i in range(n):
        try:
            text = reader.pages[i].extract_text() or ""
        except LimitReachedError:  # pypdf stops inflating a stream at 75 MB
            bombs += 1
            if bombs >= limits.bomb_pages or bombs == n:
                raise _pdf_bomb() from None
            failed += 1
            continue
        except Exception:  # noqa: BLE001 - one broken page must not lose the others
            failed += 1
            continue
        chars += len(text)
        if chars > limits.text_chars:
            raise _too_much_text(limits)
        pages.append(Page(i + 1, text))
    if n and failed == n:
        raise ExtractError("corrupt", "no page of the PDF could be read")
    return pages


def _pdf_bomb() -> ExtractError:
    return ExtractError(
        "zip_bomb",
        "the PDF's pages would unpack to far more than their size (a decompression bomb); "
        "not opened",
    )


def _short(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "…"


# --- DOCX ----------------------------------------------------------------------------------


def check_zip(path: Path, limits: Limits) -> None:
    """Refuse a zip whose declared sizes already say bomb (what really inflates is counted
    again while reading: docx_text.py)."""
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise ExtractError("corrupt", f"the document is damaged ({_short(exc)})") from None
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(1, info.compress_size)
        if total > limits.unzipped_bytes or (ratio > limits.zip_ratio and info.file_size > 1 << 20):
            raise ExtractError(
                "zip_bomb",
                "the document would unpack to far more than its size (a zip bomb); not opened",
            )


def docx_text(path: Path, limits: Limits) -> str:
    budget = Budget(limits.unzipped_bytes, limits.zip_ratio)
    check_zip(path, limits)
    try:
        blocks = docx_blocks(path, budget, limits.text_chars)
    except ZipProblem as exc:
        if exc.kind == "zip_bomb":
            raise ExtractError("zip_bomb", f"{exc.message}; not opened") from None
        raise ExtractError(exc.kind, f"the document is damaged: {exc.message}") from None
    except TooMuchText:
        raise _too_much_text(limits) from None
    return "\n\n".join(blocks)


def _too_much_text(limits: Limits) -> ExtractError:
    return ExtractError(
        "too_large", f"the file holds more than {limits.text_chars:,} characters of text"
    )


# --- HTML ----------------------------------------------------------------------------------

_BLOCKS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "section", "article", "header", "footer", "blockquote", "pre", "title", "dd", "dt", "hr",
}  # fmt: skip
_SKIP = {"script", "style", "noscript", "template", "svg"}


class _TextParser(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data.replace("\n", " "))


def html_text(source: str) -> str:
    parser = _TextParser()
    parser.feed(source)
    parser.close()
    return "".join(parser.parts)
