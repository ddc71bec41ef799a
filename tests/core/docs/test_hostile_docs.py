"""Documents made to exhaust the extractor: bounded by what really inflates, measured in a
child process (its peak RSS), and honest large files still read in full."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from chatapp.core.docs.extract import ExtractError, Limits, clean, extract
from tests.support.documents import write_docx
from tests.support.hostile_docs import (
    CONTENT_TYPES,
    HEAD,
    RELS,
    TAIL,
    paragraph,
    write_honest_big_docx,
    write_pdf_bomb,
    write_underdeclared_docx,
)

ROOT = Path(__file__).resolve().parents[3]
CHILD = """
import json, sys
from pathlib import Path
from chatapp.core.docs.extract import ExtractError, extract
try:
    doc = extract(Path(sys.argv[1]))
    out = {"kind": "ok", "chars": len(doc.text), "head": doc.text[:60]}
except ExtractError as exc:
    out = {"kind": exc.kind, "message": exc.message}
# VmHWM, not ru_maxrss: the latter keeps the pytest parent's size across fork and exec
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM:")][0]
out["peak_mb"] = int(hwm.split()[1]) // 1024
print(json.dumps(out))
"""


def extract_in_child(path: Path) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_a_docx_part_that_lies_about_its_size_stops_at_the_stated_size(tmp_path: Path) -> None:
    # 1 GiB of XML declared as 50 KB: the old check trusted the directory; RSS went to 2.1 GB.
    path = write_underdeclared_docx(tmp_path / "liar.docx", real_mb=1024)
    with zipfile.ZipFile(path) as z:
        assert z.getinfo("word/document.xml").file_size == 50_000
    out = extract_in_child(path)
    assert out["kind"] == "zip_bomb", out
    assert "more than its zip directory says" in str(out["message"])
    assert int(str(out["peak_mb"])) < 150, out


def test_a_pdf_whose_stream_inflates_to_a_gigabyte_is_refused(tmp_path: Path) -> None:
    path = write_pdf_bomb(tmp_path / "bomb.pdf", inflated_mb=1024)
    assert path.stat().st_size < 2 << 20
    out = extract_in_child(path)
    assert out["kind"] == "zip_bomb", out
    assert "decompression bomb" in str(out["message"])
    assert int(str(out["peak_mb"])) < 400, out


def test_an_honest_large_docx_is_read_whole_with_memory_following_the_text(
    tmp_path: Path,
) -> None:
    # 40 MB of Word XML (python-docx's object model needed ~10x its XML in memory).
    path = write_honest_big_docx(tmp_path / "big.docx", xml_mb=40)
    out = extract_in_child(path)
    assert out["kind"] == "ok", out
    assert int(str(out["chars"])) > 15_000_000
    assert int(str(out["peak_mb"])) < 400, out


def test_the_streaming_reader_gives_what_python_docx_gives(tmp_path: Path) -> None:
    import docx
    from docx.table import Table

    path = write_docx(
        tmp_path / "r.docx",
        ["Report", "First paragraph.", "日本語の段落。", "a tab\there"],
        [["a", "b"], ["", "c"]],
    )
    document = docx.Document(str(path))
    blocks: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                blocks.append(" | ".join(c.text.strip() for c in row.cells if c.text.strip()))
        else:
            blocks.append(item.text)
    assert extract(path).text == clean("\n\n".join(b for b in blocks if b.strip()))


def _docx_with_body(path: Path, body: str) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", body)
    return path


def test_entity_expansion_is_refused(tmp_path: Path) -> None:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "lol">'
        + "".join(f'<!ENTITY {c} "&{p};&{p};&{p};&{p};&{p};&{p};&{p};&{p};">'
                  for p, c in zip("abcdefgh", "bcdefghi", strict=True))
        + "]>" + HEAD.split("?>", 1)[1] + paragraph("&i;") + TAIL
    )  # fmt: skip
    with pytest.raises(ExtractError) as info:
        extract(_docx_with_body(tmp_path / "laughs.docx", laughs))
    assert info.value.kind == "corrupt"
    assert "DTD" in info.value.message


def test_a_part_with_a_wrong_crc_is_damaged(tmp_path: Path) -> None:
    path = _docx_with_body(tmp_path / "crc.docx", HEAD + paragraph("hello") + TAIL)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("word/document.xml")
    at = data.find(b"PK\x01\x02")
    while data[at + 46 : at + 46 + 17] != b"word/document.xml":
        at = data.find(b"PK\x01\x02", at + 4)
    data[at + 16 : at + 20] = (info.CRC ^ 1).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    with pytest.raises(ExtractError) as info_:
        extract(path)
    assert info_.value.kind == "corrupt"
    assert "CRC" in info_.value.message


def test_a_zip_of_many_thousand_parts_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "parts.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr("word/document.xml", HEAD + TAIL)
        for i in range(10_001):
            z.writestr(f"x/{i}", b"")
    with pytest.raises(ExtractError) as info:
        extract(path)
    assert info.value.kind == "zip_bomb"
    assert "10,002 parts" in info.value.message


def test_text_past_the_cap_is_too_large(tmp_path: Path) -> None:
    path = _docx_with_body(tmp_path / "t.docx", HEAD + paragraph("word " * 1000) * 50 + TAIL)
    assert len(extract(path).text) > 200_000
    with pytest.raises(ExtractError) as info:
        extract(path, Limits(text_chars=100_000))
    assert info.value.kind == "too_large"
    assert "100,000 characters" in info.value.message


def test_not_a_zip_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "fake.docx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    with pytest.raises(ExtractError) as info:
        extract(path)
    assert info.value.kind == "corrupt"
