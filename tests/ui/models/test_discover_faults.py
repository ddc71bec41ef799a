"""Discover against a misbehaving Hub and odd input: refused names, rate limits, bad ids, words."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.support.fake_hub import FakeHub
from tests.support.manager_driver import download, open_repo, row_of
from tests.ui.conftest import WindowFactory


def test_hostile_names_are_shown_refused_and_the_rest_works(
    qtbot: QtBot, make_window: WindowFactory, hub: FakeHub, repo: str
) -> None:
    hub.add_file(repo, "../evil.gguf", b"GGUF small and hostile")
    hub.add_file(repo, "/abs/evil2.gguf", b"GGUF small and hostile too")
    w = make_window()
    pane = w.model_manager
    open_repo(qtbot, pane, repo, rows=4)
    table = pane.files_table
    for name in ("../evil.gguf", "/abs/evil2.gguf"):
        r = row_of(pane, name)
        assert "refused" in table.item(r, 0).text()
        assert "outside the models folder" in table.item(r, 0).toolTip()
        assert not table.item(r, 0).flags() & Qt.ItemFlag.ItemIsEnabled  # cannot be chosen
    fine = [r for r in range(4) if "refused" not in table.item(r, 0).text()]
    assert all("fits" in table.item(r, 3).text() for r in fine)  # header from a valid file
    row = download(qtbot, pane, "tiny-chat.Q4_0.gguf")
    qtbot.waitUntil(lambda: row.state == "done", timeout=10_000)
    assert not (w.paths.models_dir.parent / "evil.gguf").exists()


def test_header_from_a_server_that_does_not_clamp_ranges(
    qtbot: QtBot, make_window: WindowFactory, hub: FakeHub, repo: str
) -> None:
    for f in hub.repos[repo].files.values():
        f.clamp_range = False
    w = make_window()
    pane = w.model_manager
    open_repo(qtbot, pane, repo)
    qtbot.waitUntil(lambda: "fits" in pane.files_table.item(0, 3).text(), timeout=4_000)


def test_counts_and_empty_results_read_well(
    qtbot: QtBot, make_window: WindowFactory, hub: FakeHub, repo: str
) -> None:
    w = make_window()
    pane = w.model_manager
    pane.tabs.setCurrentIndex(1)
    pane.search_box.setText("tiny")
    pane.search()
    qtbot.waitUntil(lambda: pane.search_button.isEnabled(), timeout=10_000)
    assert pane.status.text() == "1 repository"
    pane.search_box.setText("zzz")
    pane.search()
    qtbot.waitUntil(lambda: pane.search_button.isEnabled(), timeout=10_000)
    assert pane.status.text() == "No models found for “zzz”."
    hub.add_file("solo/one-GGUF", "one.Q4_0.gguf", hub.repos[repo].files[
        "tiny-chat.Q4_0.gguf"].read(0, 10**9))  # fmt: skip
    open_repo(qtbot, pane, "solo/one-GGUF")
    qtbot.waitUntil(lambda: "model" in pane.status.text(), timeout=10_000)
    assert pane.status.text() == "solo/one-GGUF: 1 model"


def test_bad_repository_ids_and_rate_limits_are_worded(
    qtbot: QtBot, make_window: WindowFactory, hub: FakeHub, repo: str
) -> None:
    w = make_window()
    pane = w.model_manager
    pane.open_repository("../../etc")
    qtbot.waitUntil(lambda: "not a valid repository id" in pane.status.text(), timeout=5_000)
    assert hub.requests == []
    hub.api_status, hub.api_retry_after = 429, "17"
    pane.search_box.setText("tiny")
    pane.search()
    qtbot.waitUntil(lambda: "rate limited" in pane.status.text(), timeout=10_000)
    assert "try again in 17 s" in pane.status.text()


def test_memory_estimate_warns_above_the_trained_context(
    qtbot: QtBot, make_window: WindowFactory, hub: FakeHub, repo: str
) -> None:
    w = make_window()
    pane = w.model_manager
    open_repo(qtbot, pane, repo)
    qtbot.waitUntil(lambda: "fits" in pane.files_table.item(0, 3).text(), timeout=5_000)
    trained = pane.discover.base_info.context_length
    warning = pane.discover.ctx_warning
    pane.ctx_spin.setValue(trained)
    assert not warning.isVisible() and "⚠" not in pane.files_table.item(0, 3).text()
    pane.ctx_spin.setValue(trained * 4)
    assert warning.isVisible() and "⚠" in pane.files_table.item(0, 3).text()
    assert f"{trained * 4} is above the model's trained context ({trained})" in warning.text()


def test_long_status_text_does_not_widen_the_window(
    qtbot: QtBot, make_window: WindowFactory, hub: FakeHub, repo: str
) -> None:
    long_name = "a-very-long-model-file-name-" * 8 + "Q4_0.gguf"
    hub.add_file(repo, long_name, hub.repos[repo].files["tiny-chat.Q4_0.gguf"].read(0, 10**9),
                 status=503)  # fmt: skip
    w = make_window()
    w.resize(1100, 720)
    pane = w.model_manager
    w.show_models(True)
    open_repo(qtbot, pane, repo)
    row = download(qtbot, pane, long_name)
    qtbot.waitUntil(lambda: row.state == "failed", timeout=10_000)
    pane.discover.status.setText("x" * 400)
    pane.open_repository(repo + "-" * 300)
    qtbot.wait(200)
    QApplication.processEvents()
    assert w.width() == 1100, w.width()
    assert w.minimumSizeHint().width() <= 1100
    assert row.info.toolTip()  # the whole message is still there to read


def test_download_of_a_refused_name_is_not_silent(
    qtbot: QtBot, make_window: WindowFactory, hub: FakeHub, repo: str
) -> None:
    hub.add_file(repo, "../evil.gguf", b"GGUF")
    w = make_window()
    pane = w.model_manager
    open_repo(qtbot, pane, repo, rows=3)
    refused = next(m for m in pane.discover.remote if m.refused)
    pane.discover.download_model(refused)  # what Download does with a chosen model
    assert "refusing this file name" in pane.status.text()
    assert "outside the models folder" in pane.status.text()
    assert pane.job_rows == {}
