"""The documents window in the real main window, offscreen: collections, indexing with
progress and per-file errors, attaching a collection to the chat, a reply's sources."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from chatapp.core.docs.indexer import IndexProgress
from chatapp.ui.docs.open_source import source_of, source_url
from tests.core.docs.conftest import GUIDE_PAGES
from tests.support.documents import write_binary_txt, write_docx, write_pdf
from tests.ui.conftest import WindowFactory


def papers(folder: Path) -> Path:
    folder.mkdir()
    write_pdf(folder / "guide.pdf", GUIDE_PAGES)
    write_docx(folder / "trams.docx", ["Trams", "A day pass costs 700 yen."])
    write_binary_txt(folder / "photo.txt")
    return folder


def test_add_a_folder_index_it_and_use_it_in_the_chat(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    os.environ["KOTOBA_EMBED_THREADS"] = "1"
    w = make_window()
    w.chat.new_chat()
    cid = w.controller.conversation_id
    assert cid is not None
    dialog = w.documents.show_dialog()
    assert dialog.isVisible()
    assert dialog.controller.create("papers")
    assert dialog.current_name() == "papers"
    with qtbot.waitSignal(dialog.controller.finished, timeout=180_000) as done:
        dialog.add_paths([papers(tmp_path / "papers")])
    report = done.args[0]
    assert (report.indexed, len(report.failures)) == (2, 1)
    rows = {
        dialog.file_table.item(r, 0).text(): [
            dialog.file_table.item(r, c).text() for c in range(1, 5)
        ]
        for r in range(dialog.file_table.rowCount())
    }
    assert rows["guide.pdf"][0:2] == ["Indexed", "3"]
    assert rows["photo.txt"] == ["Error", "", "", "Not a text file"]
    assert "2 files indexed" in dialog.message_label.text()
    assert "papers — 3 files" in dialog.collection_list.item(0).text()

    item = dialog.collection_list.item(0)
    item.setCheckState(Qt.CheckState.Checked)
    assert w.controller.store.conversation(cid).settings.documents == ("papers",)
    item.setCheckState(Qt.CheckState.Unchecked)
    assert w.controller.store.conversation(cid).settings.documents == ()

    progress = IndexProgress("papers", 1, 3, 4, 9, 2.5, 75.0, "/x/guide.pdf")
    assert dialog.progress_text(progress) == (
        "papers: file 2 of 3 · 4 pages · 9 chunks · 2.5 chunks/s · about 1:15 left"
    )
    dialog.grab().save(str(tmp_path / "documents.png"))
    if os.environ.get("KOTOBA_SCREENSHOTS"):
        dialog.grab().save(os.environ["KOTOBA_SCREENSHOTS"] + "/documents.png")


def test_another_embedder_rebuilds_the_collection(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, tiny_q8: Path
) -> None:
    os.environ["KOTOBA_EMBED_THREADS"] = "1"
    w = make_window()
    controller = w.documents.controller
    with qtbot.waitSignal(controller.finished, timeout=180_000):
        controller.add_paths("notes", [papers(tmp_path / "papers")])
    with qtbot.waitSignal(controller.finished, timeout=180_000) as done:
        controller.set_embedder("notes", str(tiny_q8))
    assert done.args[0].rebuilt and done.args[0].indexed == 2
    (collection,) = controller.collections()
    assert collection.embedder == str(tiny_q8) and collection.embedder_id.startswith("gguf/")


def test_unfinished_indexing_resumes_when_the_app_starts(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, app_paths: object
) -> None:
    os.environ["KOTOBA_EMBED_THREADS"] = "1"
    from chatapp.runtime.embedding import DOCUMENTS_FILE, DocumentService

    folder = papers(tmp_path / "papers")
    service = DocumentService(app_paths.data_dir / DOCUMENTS_FILE)  # type: ignore[attr-defined]
    collection = service.collection("later")
    service.index.add_roots(collection.id, [folder])
    service.index.add_files(collection.id, [folder / "guide.pdf"])  # known, never indexed
    service.close()
    w = make_window()
    with qtbot.waitSignal(w.documents.controller.finished, timeout=180_000) as done:
        pass
    assert done.args[0].collection == "later" and done.args[0].indexed == 2
    assert w.documents.controller.collections()[0].pending == 0


def test_a_source_opens_at_its_page() -> None:
    meta = {"sources": [{"n": 1, "path": "/docs/guide.pdf", "page": 3, "title": "guide.pdf"}]}
    source = source_of(meta, 1)
    assert source is not None and source_of(meta, 2) is None and source_of(None, 1) is None
    url = source_url(source)
    assert url.isLocalFile() and url.toLocalFile() == "/docs/guide.pdf"
    assert url.fragment() == "page=3"
    assert source_url({"path": "/docs/notes.md", "page": None}).fragment() == ""
