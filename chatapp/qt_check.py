"""Before Qt starts: are the system libraries of Qt's X11 platform plugin installed?

Without them Qt aborts with its own message (and a core dump) that names no Debian package. This
module imports no Qt: it finds the plugin file Qt would load, asks ``ldd`` which of its libraries
cannot be found, and names the package that has each. ``python -m chatapp.qt_check`` prints the
missing packages, one line (``scripts/system_deps.sh qt`` and ``make run`` use it).
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

# The Debian package of each library Qt's xcb plugin loads (ldd of libqxcb.so on Debian 12); a
# library not listed is named by Debian's rule for library packages (``package_for``).
PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
}
NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)


def package_for(soname: str) -> str:
    """The Debian package that ships ``soname``: the table, else Debian's naming rule
    (libfoo.so.1 is in libfoo1, libfoo-bar.so.0 … a name ending in a digit gets a hyphen)."""
    if soname in PACKAGES:
        return PACKAGES[soname]
    stem, _, version = soname.partition(".so.")
    stem = stem.lower()
    if not version:
        return stem
    major = version.split(".")[0]
    return f"{stem}-{major}" if stem[-1:].isdigit() else f"{stem}{major}"


def _plugin_dirs(env: Mapping[str, str]) -> list[Path]:
    dirs = [Path(d) for d in env.get("QT_PLUGIN_PATH", "").split(os.pathsep) if d]
    bundle = getattr(sys, "_MEIPASS", None)  # the PyInstaller app carries PySide6 inside it
    if bundle:
        dirs.append(Path(bundle) / "PySide6" / "Qt" / "plugins")
    spec = importlib.util.find_spec("PySide6")  # finds the folder without loading Qt
    for location in (spec.submodule_search_locations or []) if spec else []:
        dirs.append(Path(location) / "Qt" / "plugins")
    return dirs


def xcb_plugin(env: Mapping[str, str] | None = None) -> Path | None:
    """The xcb platform plugin Qt would load, or None when none is there."""
    for folder in _plugin_dirs(os.environ if env is None else env):
        candidate = folder / "platforms" / "libqxcb.so"
        if candidate.is_file():
            return candidate
    return None


def uses_xcb(env: Mapping[str, str]) -> bool:
    """Whether Qt will try the xcb plugin: asked for, or the default outside a Wayland session."""
    if not sys.platform.startswith("linux"):
        return False
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.split(";")[0].split(":")[0] == "xcb"
    return not env.get("WAYLAND_DISPLAY")


def missing_libraries(plugin: Path, env: Mapping[str, str] | None = None) -> list[str]:
    """Libraries ``plugin`` needs that the dynamic linker cannot find (``ldd``'s "not found")."""
    try:
        out = subprocess.run(
            ["ldd", str(plugin)],
            capture_output=True,
            text=True,
            timeout=20,
            env=dict(os.environ if env is None else env),
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):  # no ldd: let Qt try and speak for itself
        return []
    # Qt's own libraries come with PySide6, next to the plugin; they are never a system package
    return [lib for lib in dict.fromkeys(NOT_FOUND.findall(out)) if not lib.startswith("libQt6")]


def missing_packages(env: Mapping[str, str] | None = None) -> tuple[list[str], list[str]]:
    """(missing libraries, their packages) of the xcb plugin; empty when nothing is missing or
    Qt will not use xcb."""
    env = os.environ if env is None else env
    if not uses_xcb(env):
        return [], []
    plugin = xcb_plugin(env)
    if plugin is None:
        return [], []
    libraries = missing_libraries(plugin, env)
    return libraries, list(dict.fromkeys(package_for(lib) for lib in libraries))


def message(libraries: list[str], packages: list[str]) -> str:
    return (
        "Kotoba cannot open its window: Qt's X11 plugin needs "
        f"{', '.join(libraries)}, which this system does not have. "
        f"Install with: sudo apt-get install {' '.join(packages)}"
    )


def check_before_qt() -> int | None:
    """Exit code 2 with one sentence on stderr when Qt's window plugin cannot load; else None."""
    libraries, packages = missing_packages()
    if not libraries:
        return None
    print(message(libraries, packages), file=sys.stderr)
    return 2


if __name__ == "__main__":
    print(" ".join(missing_packages()[1]))
