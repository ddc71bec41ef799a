"""Extraction from real files the tests write; hostile files each give one clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from chatapp.core.docs.extract import ExtractError, Limits, extract, html_text
from tests.core.docs.conftest import GUIDE_PAGES
from tests.support.documents import (
    write_binary_txt,
    write_corrupt_pdf,
    write_docx,
    write_docx_bomb,
    write_encrypted_pdf,
    write_huge_text,
)


def test_pdf_keeps_pages_in_english_and_japanese(guide_pdf: Path) -> None:
    doc = extract(guide_pdf)
    assert doc.kind == "pdf"
    assert [p.number for p in doc.pages] == [1, 2, 3]
    assert "first lit in the spring of 1889" in doc.pages[1].text
    assert "漁師たちが毎朝四時に港を出る" in doc.pages[2].text
    assert doc.pages[2].text.splitlines()[0] == GUIDE_PAGES[2][0]


def test_docx_paragraphs_and_tables(tmp_path: Path) -> None:
    path = write_docx(
        tmp_path / "r.docx", ["Report", "First paragraph.", "日本語の段落。"], [["a", "b"]]
    )
    doc = extract(path)
    assert doc.pages[0].number is None
    assert doc.text.split("\n\n") == ["Report", "First paragraph.", "日本語の段落。", "a | b"]


def test_markdown_shift_jis_and_utf16(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# 見出し\n\n本文です。", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes("シフトJISの文章です。".encode("cp932"))
    (tmp_path / "c.txt").write_text("UTF-16 の文章", encoding="utf-16")
    assert extract(tmp_path / "a.md").text == "# 見出し\n\n本文です。"
    assert extract(tmp_path / "b.txt").text == "シフトJISの文章です。"
    assert extract(tmp_path / "c.txt").text == "UTF-16 の文章"


def test_html_skips_scripts_and_keeps_blocks(tmp_path: Path) -> None:
    source = (
        "<html><head><title>T</title><style>p{}</style><script>alert(1)</script></head>"
        "<body><h1>Heading</h1><p>One &amp; two.</p><p>三つ目。</p></body></html>"
    )
    assert html_text(source).split() == ["T", "Heading", "One", "&", "two.", "三つ目。"]
    (tmp_path / "p.html").write_text(source, encoding="utf-8")
    assert extract(tmp_path / "p.html").text == "T\n\nHeading\n\nOne & two.\n\n三つ目。"


@pytest.mark.parametrize(
    ("name", "kind", "words"),
    [
        ("locked.pdf", "encrypted", "password"),
        ("broken.pdf", "corrupt", "damaged"),
        ("bomb.docx", "zip_bomb", "zip bomb"),
        ("huge.txt", "too_large", "1,024 MB"),
        ("photo.txt", "binary", "not text"),
        ("notes.rtf", "unsupported", "not supported"),
        ("empty.md", "empty", "no text"),
        ("gone.txt", "missing", "gone"),
    ],
)
def test_hostile_files_get_one_clear_error(
    tmp_path: Path, guide_pdf: Path, name: str, kind: str, words: str
) -> None:
    path = tmp_path / name
    makers = {
        "locked.pdf": lambda: write_encrypted_pdf(path, guide_pdf),
        "broken.pdf": lambda: write_corrupt_pdf(path, guide_pdf),
        "bomb.docx": lambda: write_docx_bomb(path),
        "huge.txt": lambda: write_huge_text(path),
        "photo.txt": lambda: write_binary_txt(path),
        "notes.rtf": lambda: path.write_text("{\\rtf1 hello}"),
        "empty.md": lambda: path.write_text("  \n\n "),
        "gone.txt": lambda: None,
    }
    makers[name]()
    with pytest.raises(ExtractError) as info:
        extract(path)
    assert info.value.kind == kind
    assert words in info.value.message


def test_a_huge_text_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = write_huge_text(tmp_path / "huge.txt")
    assert path.stat().st_blocks * 512 < 1 << 20  # sparse: the test writes almost nothing
    with pytest.raises(ExtractError) as info:
        extract(path, Limits(text_bytes=1 << 20))
    assert info.value.kind == "too_large"


def test_a_pdf_with_an_empty_user_password_opens(tmp_path: Path, guide_pdf: Path) -> None:
    path = write_encrypted_pdf(tmp_path / "open.pdf", guide_pdf, password="")
    assert extract(path).pages[1].number == 2
