"""Packaging's fast pieces: the Qt start-up check, the system demo model, the desktop file."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from chatapp import qt_check
from chatapp.core.models import demo_model

ROOT = Path(__file__).resolve().parents[1]


def broken_plugin_dir(tmp_path: Path) -> Path:
    """A copy of Qt's xcb plugin whose libxcb-cursor dependency names a library no system has."""
    real = qt_check.xcb_plugin({"QT_QPA_PLATFORM": "xcb"})
    assert real is not None
    data = real.read_bytes()
    assert b"libxcb-cursor.so.0" in data
    target = tmp_path / "plugins" / "platforms" / "libqxcb.so"
    target.parent.mkdir(parents=True)
    target.write_bytes(data.replace(b"libxcb-cursor.so.0", b"libxcb-cursor.so.9"))
    return tmp_path / "plugins"


def test_package_names_follow_the_table_then_debians_rule():
    assert qt_check.package_for("libxcb-icccm.so.4") == "libxcb-icccm4"
    assert qt_check.package_for("libxkbcommon-x11.so.0") == "libxkbcommon-x11-0"
    assert qt_check.package_for("libxcb-cursor.so.9") == "libxcb-cursor9"


def test_app_names_the_missing_package_and_exits_2(tmp_path):
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "xcb",
        "QT_PLUGIN_PATH": str(broken_plugin_dir(tmp_path)),
    }
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [sys.executable, "-m", "chatapp", "--temp-data-dir"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert "libxcb-cursor.so.9" in done.stderr and "apt-get install libxcb-cursor9" in done.stderr


def test_system_deps_script_names_the_package(tmp_path):
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "xcb",
        "QT_PLUGIN_PATH": str(broken_plugin_dir(tmp_path)),
    }
    env["PY"] = sys.executable
    env["PATH"] = "/usr/bin:/bin"
    # as a user who may not install: the script prints the packages instead
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "id").write_text("#!/bin/sh\necho 1000\n")
    (fake / "sudo").write_text("#!/bin/sh\nexit 1\n")
    for f in fake.iterdir():
        f.chmod(0o755)
    env["PATH"] = f"{fake}:{env['PATH']}"
    done = subprocess.run(
        ["bash", str(ROOT / "scripts" / "system_deps.sh"), "qt"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert "libxcb-cursor9" in done.stderr


def test_a_system_wide_demo_model_is_used_in_place(tmp_path, monkeypatch):
    folder = tmp_path / "system"
    folder.mkdir()
    model = folder / demo_model.DEMO_FILE_NAME
    with model.open("wb") as f:
        f.truncate(demo_model.DEMO_SIZE)  # sparse: only the size is checked at lookup
    monkeypatch.setenv(demo_model.SYSTEM_MODELS_ENV, str(folder))
    user_models = tmp_path / "user"
    assert demo_model.demo_model_path(user_models) == model
    assert not (user_models / demo_model.DEMO_FILE_NAME).exists()  # no per-user copy
    assert demo_model.demo_available()


def test_a_truncated_system_demo_model_is_ignored(tmp_path, monkeypatch):
    (tmp_path / demo_model.DEMO_FILE_NAME).write_bytes(b"GGUF")
    monkeypatch.setenv(demo_model.SYSTEM_MODELS_ENV, str(tmp_path))
    monkeypatch.setattr(demo_model, "SYSTEM_MODELS_DIR", tmp_path / "none")
    assert demo_model.system_demo_path() is None


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils")
def test_packaged_desktop_entry_validates(tmp_path):
    sys.path.insert(0, str(ROOT / "packaging"))
    import build_deb

    entry = tmp_path / "kotoba.desktop"
    entry.write_text(build_deb.desktop_entry())
    assert "Exec=kotoba" in entry.read_text()
    done = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True)
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout
