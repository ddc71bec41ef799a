"""Screenshots of images in the chat (issue 27): a message with a picture in the transcript,
and pictures waiting above the composer.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots_images.py docs/screenshots

English and Japanese, light theme, 1280×800; each language in its own process. The model is
the tests' tiny model with the generated projector (tests/support/tiny_projector.py), loaded
for real, so the attach button and the pairing are the real ones; its weights are random and
cannot describe a picture, so the reply in the first picture is written into the store by
this script (the words a vision model gave for such a chart are not the point here).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

from surface_screenshots import pump  # noqa: E402

WORDS = {
    "en": {
        "title": "Quarterly chart",
        "ask": "What does this chart show? Which quarter was best?",
        "answer": "It is a bar chart of sales by quarter. Sales grow from Q1 to Q3 and dip in "
        "Q4; **Q3** is the best quarter, about twice Q1.",
        "next": "Describe the photo too",
        "bars": ("Q1", "Q2", "Q3", "Q4"),
        "chart": "Sales by quarter",
    },
    "ja": {
        "title": "四半期のグラフ",
        "ask": "このグラフは何を示していますか？いちばん良かったのはどの四半期？",
        "answer": "四半期ごとの売上の棒グラフです。第1四半期から第3四半期まで伸び、第4四半期で"
        "少し下がっています。いちばん良いのは**第3四半期**で、第1四半期の約2倍です。",
        "next": "写真のほうも説明して",
        "bars": ("第1", "第2", "第3", "第4"),
        "chart": "四半期ごとの売上",
    },
}


def chart_png(t: dict[str, object], path: Path) -> None:
    """A bar chart drawn with Qt: the kind of picture people ask about."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QImage, QPainter

    image = QImage(640, 400, QImage.Format.Format_RGB32)
    image.fill(QColor("#ffffff"))
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont()
    font.setPixelSize(24)
    p.setFont(font)
    p.setPen(QColor("#202124"))
    p.drawText(QRectF(0, 12, 640, 40), Qt.AlignmentFlag.AlignCenter, str(t["chart"]))
    values = (40, 62, 81, 70)
    colors = ("#3c8ed8", "#3caa6e", "#d8a03c", "#8e6cd8")
    for i, (value, color, label) in enumerate(zip(values, colors, t["bars"], strict=True)):  # type: ignore[call-overload]
        x = 90 + i * 130
        height = value * 3.2
        p.fillRect(QRectF(x, 350 - height, 80, height), QColor(color))
        p.drawText(QRectF(x - 20, 355, 120, 36), Qt.AlignmentFlag.AlignCenter, str(label))
    p.setPen(QColor("#9aa0a6"))
    p.drawLine(60, 350, 600, 350)
    p.end()
    image.save(str(path))


def photo_png(path: Path) -> None:
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter, QPolygonF

    image = QImage(480, 320, QImage.Format.Format_RGB32)
    p = QPainter(image)
    sky = QLinearGradient(0, 0, 0, 320)
    sky.setColorAt(0, QColor("#7fb3e6"))
    sky.setColorAt(1, QColor("#f4d9a6"))
    p.fillRect(image.rect(), sky)
    p.setBrush(QColor("#f6c453"))
    p.setPen(QColor("#f6c453"))
    p.drawEllipse(QPointF(370, 90), 34, 34)
    p.setBrush(QColor("#4d6b53"))
    p.setPen(QColor("#4d6b53"))
    p.drawPolygon(QPolygonF([QPointF(0, 320), QPointF(160, 130), QPointF(300, 320)]))
    p.setBrush(QColor("#3b5440"))
    p.drawPolygon(QPolygonF([QPointF(180, 320), QPointF(340, 160), QPointF(480, 320)]))
    p.end()
    image.save(str(path))


def shoot(out: Path, language: str) -> None:
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QApplication

    from chatapp.core.images.prepare import prepare_image
    from chatapp.core.paths import AppPaths
    from chatapp.ui.app.i18n import install_translations
    from chatapp.ui.launch import build_window
    from tests.support.tiny_models import write_tiny_model
    from tests.support.tiny_projector import write_tiny_projector

    app = QApplication([])
    QLocale.setDefault(QLocale("ja_JP" if language == "ja" else "en_US"))
    install_translations(app, language)
    t = WORDS[language]
    with tempfile.TemporaryDirectory() as tmp:
        paths = AppPaths.under(tmp).ensure()
        model = write_tiny_model(paths.models_dir / "tiny-vision-Q8_0.gguf", "Q8_0")
        write_tiny_projector(paths.models_dir / "mmproj-tiny-vision-f32.gguf")
        chart, photo = Path(tmp) / "chart.png", Path(tmp) / "photo.png"
        chart_png(t, chart)
        photo_png(photo)
        w = build_window(paths, None)
        w.resize(1280, 800)
        w.show()
        w.set_theme("light")
        c = w.controller
        c.load_model(str(model))
        deadline = time.monotonic() + 60
        while c.model is None and time.monotonic() < deadline:
            pump(0.05)
        store = c.store
        conv = c.new_conversation()
        image = store.images.put(prepare_image(chart.read_bytes()), chart.name)
        store.add_message(conv, "user", str(t["ask"]), images=[image])
        store.add_message(conv, "assistant", str(t["answer"]))
        store.rename(conv, str(t["title"]))
        c.open_conversation(conv)
        pump(1.0)
        w.grab().save(str(out / f"image-chat-{language}.png"))
        w.images.strip.add_files([photo])
        w.composer.setPlainText(str(t["next"]))
        deadline = time.monotonic() + 10
        while not w.images.strip.items and time.monotonic() < deadline:
            pump(0.05)
        pump(0.5)
        w.grab().save(str(out / f"image-attach-{language}.png"))
        w.close()
        w.shutdown_runtime()


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    if len(sys.argv) > 2:  # a child: one language
        shoot(out, sys.argv[2])
        return
    out.mkdir(parents=True, exist_ok=True)
    for language in ("en", "ja"):
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        args = [sys.executable, __file__, str(out), language]
        subprocess.run(args, check=True, env=env, cwd=ROOT)


if __name__ == "__main__":
    main()
