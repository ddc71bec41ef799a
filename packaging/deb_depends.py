"""Measure the Debian packages a PyInstaller bundle needs at run time.

Every ELF file in the bundle (the executable, Python's extensions, Qt's libraries and plugins,
llama.cpp's libraries and CPU variants) is given to ``ldd``; each library it loads from outside
the bundle is looked up with ``dpkg -S`` (the package that installed it), and each library the
system lacks is named by ``chatapp.qt_check.package_for`` (the Debian name of that library).
A library the bundle carries itself is not a dependency, wherever ldd would have found it.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from chatapp.qt_check import package_for

ELF_MAGIC = b"\x7fELF"
LINE = re.compile(r"^\s*(\S+)\s+=>\s+(not found|\S+)")
# Nothing in the bundle is left out of the measurement: the .deb build leaves the plugins it does
# not want out of the bundle instead (packaging/kotoba.spec, KOTOBA_DEB=1).


@dataclass
class Measured:
    packages: dict[str, set[str]] = field(default_factory=dict)  # package -> sonames
    missing: dict[str, str] = field(default_factory=dict)  # soname -> package (not on this system)


def is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(4) == ELF_MAGIC
    except OSError:
        return False


def elf_files(bundle: Path) -> list[Path]:
    return sorted(p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink() and is_elf(p))


def ldd(files: list[Path]) -> dict[str, str]:
    """soname -> resolved path (or "not found") over all ``files``."""
    found: dict[str, str] = {}
    for start in range(0, len(files), 50):
        out = subprocess.run(
            ["ldd", *map(str, files[start : start + 50])],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        for line in out.splitlines():
            match = LINE.match(line)
            if match and found.get(match[1], "not found") == "not found":
                found[match[1]] = match[2]
    return found


def dpkg_owner(path: str) -> str | None:
    """The package that installed ``path`` (merged /usr: tried with and without the /usr)."""
    candidates = [path, str(Path(path).resolve())]
    candidates += [
        c.removeprefix("/usr") if c.startswith("/usr/") else "/usr" + c for c in candidates
    ]
    for candidate in dict.fromkeys(candidates):
        out = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True, check=False)
        if out.returncode == 0 and ":" in out.stdout:
            return out.stdout.split(":")[0].strip()
    return None


def measure(bundle: Path) -> Measured:
    result = Measured()
    files = elf_files(bundle)
    carried = {p.name for p in bundle.rglob("*")}
    bundle_root = str(bundle.resolve())
    for soname, where in sorted(ldd(files).items()):
        if soname in carried or where.startswith(bundle_root):
            continue
        owner = None if where == "not found" else dpkg_owner(where)
        if owner is None:
            owner = package_for(soname)
            result.missing[soname] = owner
        result.packages.setdefault(owner.split(":")[0], set()).add(soname)
    return result


def depends_field(measured: Measured) -> str:
    return ", ".join(sorted(measured.packages))


if __name__ == "__main__":
    m = measure(Path(sys.argv[1]))
    for package, sonames in sorted(m.packages.items()):
        note = " (not installed here)" if any(s in m.missing for s in sonames) else ""
        print(f"{package}: {', '.join(sorted(sonames))}{note}")
