"""Build dist/kotoba_<version>_amd64.deb and dist/kotoba-demo-model_<version>_all.deb.

``python packaging/build_deb.py BUNDLE [--out dist] [--no-model]``: BUNDLE is the PyInstaller
folder (``KOTOBA_DEB=1 pyinstaller packaging/kotoba.spec``). Staging trees are written under
build/deb/ and packed with ``dpkg-deb --root-owner-group``. See packaging/README.md.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "packaging"))
from deb_depends import depends_field, measure  # noqa: E402
from elf_tools import drop_outside_search_paths, is_elf, read_elf, strip_libraries  # noqa: E402

from chatapp.core.models import demo_model as demo  # noqa: E402

MAINTAINER = "Kotoba developers <kotoba@users.noreply.github.com>"
PACKAGING = ROOT / "packaging" / "debian"
DESKTOP_ID = "kotoba.desktop"
METAINFO = "io.github.kotoba.Kotoba.metainfo.xml"


def version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return str(tomllib.load(f)["project"]["version"])


def write(path: Path, text: str, mode: int = 0o644) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)


def doc_files(stage: Path, package: str, ver: str, copyright_text: str) -> None:
    doc = stage / "usr" / "share" / "doc" / package
    write(doc / "copyright", copyright_text)
    entry = (
        f"{package} ({ver}) unstable; urgency=medium\n\n"
        "  * Built from the Kotoba repository (make package).\n\n"
        f" -- {MAINTAINER}  Sat, 05 Dec 2026 00:00:00 +0000\n"
    )
    with gzip.GzipFile(doc / "changelog.gz", "wb", compresslevel=9, mtime=0) as f:
        f.write(entry.encode())
    (doc / "changelog.gz").chmod(0o644)


def desktop_entry() -> str:
    text = (ROOT / "resources" / "kotoba.desktop").read_text(encoding="utf-8")
    return text.replace("Exec=chatapp", "Exec=kotoba")


def metainfo() -> str:
    text = (ROOT / "resources" / METAINFO).read_text(encoding="utf-8")
    return text.replace("<binary>chatapp</binary>", "<binary>kotoba</binary>")


def normalise(stage: Path) -> None:
    """Debian's modes: directories 755, files 644 unless executable (then 755); shared
    libraries and Python's extension modules are loaded, never run: 644."""
    for p in stage.rglob("*"):
        if p.is_symlink() or p.parts[len(stage.parts)] == "DEBIAN":
            continue
        if p.is_dir():
            p.chmod(0o755)
        elif is_elf(p) and read_elf(p).shared_library:
            p.chmod(0o644)
        else:
            p.chmod(0o755 if p.stat().st_mode & 0o111 else 0o644)


def fix_elf_files(bundle: Path) -> str:
    """Search paths outside the bundle removed, symbol tables stripped (packaging/elf_tools.py);
    returns one line saying what was done."""
    files = [p for p in sorted(bundle.rglob("*")) if p.is_file() and not p.is_symlink()]
    files = [p for p in files if is_elf(p)]
    paths = sum(1 for p in files if drop_outside_search_paths(p))
    result = strip_libraries(files)
    tools = sorted(set(result.stripped.values()))
    kept = ", ".join(str(p.relative_to(bundle)) for p in result.kept) or "none"
    return (
        f"ELF files: {len(files)}; search paths outside the bundle removed from {paths}; "
        f"stripped {len(result.stripped)} ({', '.join(tools) or '-'}); left unstripped: {kept}"
    )


def control(stage: Path, fields: dict[str, str], description: str) -> None:
    size_kb = sum(p.stat().st_size for p in stage.rglob("*") if p.is_file() and not p.is_symlink())
    fields = {**fields, "Installed-Size": str(size_kb // 1024 + 1)}
    body = "".join(f"{k}: {v}\n" for k, v in fields.items()) + f"Description: {description}\n"
    write(stage / "DEBIAN" / "control", body)
    sums = []
    for p in sorted(stage.rglob("*")):
        if p.is_file() and not p.is_symlink() and "DEBIAN" not in p.relative_to(stage).parts:
            sums.append(f"{hashlib.md5(p.read_bytes()).hexdigest()}  {p.relative_to(stage)}\n")
    write(stage / "DEBIAN" / "md5sums", "".join(sums))


def pack(stage: Path, out: Path, level: str) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    cmd = [
        "dpkg-deb",
        "--root-owner-group",
        "-Zgzip",
        f"-z{level}",
        "--build",
        str(stage),
        str(out),
    ]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return out


def build_app(
    bundle: Path, out_dir: Path, ver: str, stage: Path | None = None, level: str = "9"
) -> tuple[Path, str]:
    stage = stage or ROOT / "build" / "deb" / "kotoba"
    shutil.rmtree(stage, ignore_errors=True)
    shutil.copytree(bundle, stage / "opt" / "kotoba", symlinks=True)
    print(fix_elf_files(stage / "opt" / "kotoba"))
    write(stage / "usr" / "bin" / "kotoba", '#!/bin/sh\nexec /opt/kotoba/kotoba "$@"\n', 0o755)
    share = stage / "usr" / "share"
    write(share / "applications" / DESKTOP_ID, desktop_entry())
    write(share / "metainfo" / METAINFO, metainfo())
    icons = share / "icons" / "hicolor"
    (icons / "scalable" / "apps").mkdir(parents=True)
    shutil.copyfile(ROOT / "resources" / "icons" / "kotoba.svg", icons / "scalable/apps/kotoba.svg")
    from chatapp.desktop_entry import render_pngs

    render_pngs(ROOT / "resources" / "icons" / "kotoba.svg", icons)
    write(share / "man" / "man1" / "kotoba.1.gz", "")  # replaced below with the gzipped page
    with gzip.GzipFile(share / "man/man1/kotoba.1.gz", "wb", compresslevel=9, mtime=0) as f:
        f.write((PACKAGING / "kotoba.1").read_bytes())
    write(
        share / "lintian" / "overrides" / "kotoba",
        (PACKAGING / "kotoba.lintian-overrides").read_text(),
    )
    doc_files(stage, "kotoba", ver, (PACKAGING / "copyright").read_text())
    normalise(stage)
    depends = depends_field(measure(stage / "opt" / "kotoba"))
    fields = {
        "Package": "kotoba",
        "Version": ver,
        "Architecture": "amd64",
        "Maintainer": MAINTAINER,
        "Section": "utils",
        "Priority": "optional",
        "Depends": depends,
        "Recommends": f"kotoba-demo-model (= {ver})",
        "Homepage": "https://github.com/kotoba/kotoba",
    }
    control(stage, fields, (PACKAGING / "description.txt").read_text().rstrip("\n"))
    return pack(stage, out_dir / f"kotoba_{ver}_amd64.deb", level), depends


def build_model(out_dir: Path, ver: str) -> Path:
    stage = ROOT / "build" / "deb" / "kotoba-demo-model"
    shutil.rmtree(stage, ignore_errors=True)
    target = stage / str(demo.SYSTEM_MODELS_DIR).lstrip("/") / demo.DEMO_FILE_NAME
    target.parent.mkdir(parents=True)
    demo.join_demo_parts(target)  # the parts of the demo extra, refused unless the sha256 matches
    doc_files(stage, "kotoba-demo-model", ver, (PACKAGING / "copyright-demo-model").read_text())
    normalise(stage)
    fields = {
        "Package": "kotoba-demo-model",
        "Version": ver,
        "Architecture": "all",
        "Maintainer": MAINTAINER,
        "Section": "misc",
        "Priority": "optional",
        "Enhances": "kotoba",
        "Homepage": "https://huggingface.co/Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF",
    }
    description = (
        "demo language model for Kotoba (Qwen2.5-Coder 1.5B Instruct, Q4_K_M)\n"
        " The GGUF file Qwen publishes (sha256 " + demo.DEMO_SHA256[:16] + "...), installed\n"
        " once for every user of the machine; Kotoba uses it in place."
    )
    control(stage, fields, description)
    return pack(stage, out_dir / f"kotoba-demo-model_{ver}_all.deb", "1")  # GGUF barely shrinks


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument("--no-model", action="store_true")
    args = parser.parse_args()
    if not (args.bundle / "kotoba").is_file():
        parser.error(f"{args.bundle} is not a built app folder (no kotoba in it); run `make app`")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    ver = version()
    app, depends = build_app(args.bundle, args.out, ver)
    print(f"{app} ({app.stat().st_size / 1e6:.1f} MB)\nDepends: {depends}")
    if not args.no_model:
        model = build_model(args.out, ver)
        print(f"{model} ({model.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
