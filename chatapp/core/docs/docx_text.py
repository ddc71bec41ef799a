"""The text of a Word (.docx) file, read as a stream: memory follows the text, not the XML.

A document object model of a large file takes ten times its XML in memory (python-docx
needed 2.6 GB and 28 s for a 21 MB file with 200 MB of XML); here the main part is inflated
64 KB at a time (zip_parts.py) straight into expat, and only the text is kept. Paragraphs
become blocks; a table row becomes its cells joined with " | ". Deleted text, field codes and
text boxes are left out, as python-docx left them. A DTD or entity declaration is refused.
"""

from __future__ import annotations

import posixpath
import xml.parsers.expat
from pathlib import Path

from chatapp.core.docs.zip_parts import Budget, ZipParts, ZipProblem

WORD_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",  # strict OOXML
)
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
MAIN_DOCUMENT = "/officeDocument"  # the end of the relationship type that names the body
RELS_CAP = 1 << 20
INLINE = {"tab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "-"}
SKIPPED = {"txbxContent", "delText", "instrText"}


class TooMuchText(Exception):
    pass


def _refuse_dtd(*_args: object) -> None:
    raise ZipProblem("corrupt", "the document declares a DTD or entities, which Word never does")


def _parser() -> xml.parsers.expat.XMLParserType:
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return parser


def main_part(parts: ZipParts) -> str:
    """The part ``_rels/.rels`` names as the document (``word/document.xml`` usually)."""
    if "_rels/.rels" not in parts.infos:
        return "word/document.xml"
    targets: list[str] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        if name.endswith(" Relationship") and attrs.get("Type", "").endswith(MAIN_DOCUMENT):
            targets.append(attrs.get("Target", ""))

    parser = _parser()
    parser.StartElementHandler = start
    parser.Parse(parts.read_all("_rels/.rels", RELS_CAP), True)
    if not targets:
        return "word/document.xml"
    return posixpath.normpath(targets[0].lstrip("/"))


class _Body:
    """The expat handlers: blocks of text from paragraphs and table rows."""

    def __init__(self, max_chars: int) -> None:
        self.blocks: list[str] = []
        self.chars = 0
        self.max_chars = max_chars
        self._text: list[str] = []  # the paragraph being read
        self._paragraph = 0  # depth of w:p
        self._in_t = False
        self._skip = 0  # inside a part whose text is left out
        self._tables = 0
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def _keep(self, text: str) -> None:
        self.chars += len(text)
        if self.chars > self.max_chars:
            raise TooMuchText()

    def start(self, name: str, _attrs: dict[str, str]) -> None:
        uri, _, local = name.rpartition(" ")
        if self._skip or (uri == MC and local == "Fallback") or local in SKIPPED:
            self._skip += 1
            return
        if uri not in WORD_NAMESPACES:
            return
        if local == "p":
            self._paragraph += 1
        elif local == "t" and self._paragraph:
            self._in_t = True
        elif local in INLINE and self._paragraph:
            self._text.append(INLINE[local])
        elif local == "tbl":
            self._tables += 1
        elif local == "tr" and self._tables == 1:
            self._row = []
        elif local == "tc" and self._tables == 1:
            self._cell = []

    def end(self, name: str) -> None:
        if self._skip:
            self._skip -= 1
            return
        uri, _, local = name.rpartition(" ")
        if uri not in WORD_NAMESPACES:
            return
        if local == "t":
            self._in_t = False
        elif local == "p" and self._paragraph:
            self._paragraph -= 1
            if not self._paragraph:
                text = "".join(self._text)
                self._text.clear()
                if self._cell is not None:
                    self._cell.append(text)
                elif text.strip():
                    self.blocks.append(text)
        elif local == "tc" and self._tables == 1 and self._cell is not None:
            if self._row is not None:
                self._row.append("\n".join(self._cell).strip())
            self._cell = None
        elif local == "tr" and self._tables == 1 and self._row is not None:
            line = " | ".join(c for c in self._row if c)
            if line:
                self.blocks.append(line)
            self._row = None
        elif local == "tbl":
            self._tables = max(0, self._tables - 1)

    def data(self, text: str) -> None:
        if self._in_t and not self._skip:
            self._keep(text)
            self._text.append(text)


def docx_blocks(path: Path, budget: Budget, max_chars: int) -> list[str]:
    """The document's text blocks; raises ZipProblem, or TooMuchText past ``max_chars``."""
    with ZipParts(path, budget) as parts:
        try:
            name = main_part(parts)
            body = _Body(max_chars)
            parser = _parser()
            parser.StartElementHandler = body.start
            parser.EndElementHandler = body.end
            parser.CharacterDataHandler = body.data
            for piece in parts.read(name):
                parser.Parse(piece, False)
            parser.Parse(b"", True)
        except xml.parsers.expat.ExpatError as exc:
            raise ZipProblem("corrupt", f"its XML is damaged ({str(exc)[:100]})") from None
    return body.blocks
