"""Real documents for the tests, written here: PDF (English and Japanese pages), DOCX,
Markdown, and hostile files (encrypted and corrupt PDFs, a DOCX zip bomb, a 1 GB sparse text
file, binary data named .txt).

The PDF is written by hand: English in Helvetica, Japanese in a Type0 font with Adobe's
predefined UniJIS-UCS2-H encoding (the text is UTF-16 codes) and a ToUnicode map, as Japanese
PDFs without embedded fonts are made. No font file is needed to write or to read it.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Sequence
from pathlib import Path


def _pdf_string(line: str) -> tuple[str, str]:
    """(font, operand) for one line: ASCII in Helvetica, anything else in the CJK font."""
    if line.isascii():
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return "F1", f"({escaped})"
    return "F2", "<" + line.encode("utf-16-be").hex().upper() + ">"


def _to_unicode_cmap() -> bytes:
    ranges = [
        f"<{hi:02X}00> <{hi:02X}FF> <{hi:02X}00>" for hi in range(256) if not 0xD8 <= hi <= 0xDF
    ]
    blocks = []
    for i in range(0, len(ranges), 100):
        part = ranges[i : i + 100]
        blocks.append(f"{len(part)} beginbfrange\n" + "\n".join(part) + "\nendbfrange")
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        + "\n".join(blocks)
        + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode("ascii")


def write_pdf(path: Path, pages: Sequence[Sequence[str]]) -> Path:
    """A PDF with one page per entry, each a list of lines."""
    objects: list[bytes] = []  # object n is objects[n - 1]

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(data: bytes, extra: str = "") -> bytes:
        return f"<< /Length {len(data)}{extra} >>\nstream\n".encode() + data + b"\nendstream"

    catalog = add(b"")  # filled in below
    pages_obj = add(b"")
    helvetica = add(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    descriptor = add(
        b"<< /Type /FontDescriptor /FontName /HeiseiKakuGo-W5 /Flags 4"
        b" /FontBBox [-92 -250 1010 922] /ItalicAngle 0 /Ascent 880 /Descent -120"
        b" /CapHeight 737 /StemV 69 >>"
    )
    cid = add(
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /HeiseiKakuGo-W5"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 2 >>"
        + f" /FontDescriptor {descriptor} 0 R /DW 1000 >>".encode()
    )
    to_unicode = add(stream(_to_unicode_cmap()))
    japanese = add(
        f"<< /Type /Font /Subtype /Type0 /BaseFont /HeiseiKakuGo-W5 /Encoding /UniJIS-UCS2-H"
        f" /DescendantFonts [{cid} 0 R] /ToUnicode {to_unicode} 0 R >>".encode()
    )
    kids = []
    for lines in pages:
        ops = ["BT"]
        y = 760
        for line in lines:
            font, operand = _pdf_string(line)
            ops.append(f"/{font} 11 Tf 1 0 0 1 56 {y} Tm {operand} Tj")
            y -= 16
        ops.append("ET")
        content = add(stream("\n".join(ops).encode("ascii")))
        kids.append(
            add(
                f"<< /Type /Page /Parent {pages_obj} 0 R /MediaBox [0 0 595 842]"
                f" /Resources << /Font << /F1 {helvetica} 0 R /F2 {japanese} 0 R >> >>"
                f" /Contents {content} 0 R >>".encode()
            )
        )
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages_obj} 0 R >>".encode()
    refs = " ".join(f"{k} 0 R" for k in kids)
    objects[pages_obj - 1] = f"<< /Type /Pages /Kids [{refs}] /Count {len(kids)} >>".encode()
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root {catalog} 0 R >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path


def write_encrypted_pdf(path: Path, source: Path, password: str = "secret") -> Path:
    import pypdf

    writer = pypdf.PdfWriter(clone_from=source)
    writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="RC4-128")
    with path.open("wb") as f:
        writer.write(f)
    return path


def write_corrupt_pdf(path: Path, source: Path) -> Path:
    """A PDF cut off after its header and first object, with garbage after it."""
    data = source.read_bytes()
    path.write_bytes(data[:200] + os.urandom(300))
    return path


def write_docx(path: Path, paragraphs: Sequence[str], table: Sequence[Sequence[str]] = ()) -> Path:
    import docx

    document = docx.Document()
    for i, text in enumerate(paragraphs):
        if i == 0:
            document.add_heading(text, level=1)
        else:
            document.add_paragraph(text)
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                t.cell(r, c).text = cell
    document.save(str(path))
    return path


def write_docx_bomb(path: Path, inflated_mb: int = 64) -> Path:
    """A .docx whose document part inflates ~1000 times: zeros, compressed."""
    block = b"\0" * (1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            for _ in range(inflated_mb):
                f.write(block)
    return path


def write_huge_text(path: Path, size: int = 1 << 30) -> Path:
    """A sparse text file of ``size`` bytes: a line at the start and at the end, a hole between
    (it takes almost no disk)."""
    with path.open("wb") as f:
        f.write(b"The beginning of a very large text file.\n")
        f.seek(size - 32)
        f.write(b"The end of the large text file.\n")
    return path


def write_binary_txt(path: Path, size: int = 64 * 1024) -> Path:
    path.write_bytes(os.urandom(size))
    return path
