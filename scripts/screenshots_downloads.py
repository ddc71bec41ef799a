"""Save screenshots of the model manager's Downloads tab in each state, against the tests' local
Hub with faults, in English or Japanese.

QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots_downloads.py docs/screenshots en
QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots_downloads.py docs/screenshots ja
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"

from PySide6.QtWidgets import QApplication, QMessageBox

from chatapp.core.paths import AppPaths
from chatapp.core.settings import load_settings, save_settings
from tests.support.fake_hub import FakeHub
from tests.support.tiny_models import write_tiny_model

REPO = "kotoba-test/Example-7B-GGUF"
MB = 1 << 20


def pump(app: QApplication, until: Callable[[], bool], limit: float = 30) -> None:
    deadline = time.monotonic() + limit
    while not until() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    if not until():
        import inspect

        raise SystemExit(f"timed out: {inspect.getsource(until).strip()}")


def settle(app: QApplication, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)


def main(out: Path, lang: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    hub = FakeHub().start()
    os.environ["HF_ENDPOINT"] = hub.url
    os.environ["HF_HUB_OFFLINE"] = "0"
    app = QApplication([])
    from chatapp.ui.app.i18n import install_translations
    from chatapp.ui.launch import build_window

    install_translations(app, lang)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        tiny = write_tiny_model(folder / "q4.gguf", "Q4_0", name="Example")
        blob = os.urandom(24 * MB)
        hub.add_file(REPO, "example-7b.Q4_0.gguf", tiny)
        hub.add_file(REPO, "example-7b.Q8_0.gguf", write_tiny_model(folder / "q8.gguf", "Q8_0"),
                     digests=False)  # fmt: skip
        hub.add_file(REPO, "example-7b.Q2_K.gguf", blob[: 3 * MB], corrupt=True)
        hub.add_file(REPO, "example-7b.Q3_K_M.gguf", blob, drop_after=9 * MB)
        for name in ("Q4_K_M", "Q5_K_M", "Q6_K"):
            hub.add_file(REPO, f"example-7b.{name}.gguf", blob, chunk_size=64 << 10,
                         delay_per_chunk=0.03)  # fmt: skip
        restarted = hub.repos[REPO].files["example-7b.Q6_K.gguf"]
        restarted.drop_after, restarted.ignore_range = 5 * MB, True
        paths = AppPaths.under(folder / "kotoba").ensure()
        settings = load_settings(paths.config_dir)
        save_settings(paths.config_dir, replace(settings, language=lang))
        w = build_window(paths)
        w.resize(1180, 640)
        w.show()
        w.show_models(True)
        pane = w.model_manager
        view = pane.downloads_view
        pane.tabs.setCurrentIndex(2)
        pump(app, lambda: view.empty.isVisible(), 5)
        w.grab().save(str(out / f"downloads-empty-{lang}.png"))

        hub.add_file(REPO, "../evil.gguf", b"GGUF")  # a hostile name: listed, refused
        pane.open_repository(REPO)
        pump(app, lambda: pane.files_table.rowCount() == 8)
        pane.files_table.scrollToBottom()
        settle(app, 0.3)
        w.grab().save(str(out / f"discover-refused-{lang}.png"))

        def row(name: str):  # type: ignore[no-untyped-def]
            return next(r for r in view.rows.values() if r.job.name == name)

        def get(name: str) -> None:
            model = next(m for m in pane.discover.remote if m.name == name)
            pane.discover.download_model(model)

        for quant in ("Q4_0", "Q8_0", "Q2_K", "Q3_K_M"):
            get(f"example-7b.{quant}.gguf")
        pump(app, lambda: row("example-7b.Q4_0.gguf").state == "done")
        pump(app, lambda: row("example-7b.Q8_0.gguf").state == "done")
        pump(app, lambda: row("example-7b.Q2_K.gguf").state == "failed")
        pump(app, lambda: row("example-7b.Q3_K_M.gguf").state == "failed")
        get("example-7b.Q6_K.gguf")
        pump(app, lambda: row("example-7b.Q6_K.gguf").state == "failed")
        view.toggle(row("example-7b.Q6_K.gguf").job.job_id)  # resume: the server starts over
        get("example-7b.Q4_K_M.gguf")
        get("example-7b.Q5_K_M.gguf")
        pump(app, lambda: row("example-7b.Q4_K_M.gguf").bar.value() > 350)
        view.toggle(row("example-7b.Q4_K_M.gguf").job.job_id)  # pause
        pump(app, lambda: row("example-7b.Q5_K_M.gguf").bar.value() > 450)
        view.signals[row("example-7b.Q5_K_M.gguf").job.job_id].request("quit")
        pump(app, lambda: row("example-7b.Q4_K_M.gguf").state == "paused")
        pump(app, lambda: row("example-7b.Q5_K_M.gguf").state == "interrupted")
        pump(app, lambda: row("example-7b.Q6_K.gguf").bar.value() > 300)
        settle(app, 0.3)
        w.grab().save(str(out / f"downloads-states-{lang}.png"))

        box_shot: list[QMessageBox] = []

        def show_box(box: QMessageBox) -> int:
            box.show()
            pump(app, lambda: box.isVisible(), 2)
            box.grab().save(str(out / f"downloads-quit-{lang}.png"))
            box_shot.append(box)
            box.button(QMessageBox.StandardButton.No).click()
            return 0

        QMessageBox.exec = show_box  # type: ignore[method-assign]
        w.close()
        view.stop_all("pause")
        pump(app, lambda: view.active_count() == 0)
        pane.tabs.setCurrentIndex(0)
        settle(app, 0.5)
        w.grab().save(str(out / f"installed-{lang}.png"))
        w.shutdown_runtime()
    hub.stop()


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "en")
