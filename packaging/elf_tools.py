"""What the .deb build does to the bundle's ELF files (packaging/build_deb.py).

PyInstaller copies shared objects as pip and the build Python left them: with their symbol
tables, executable bits, and, for Python's own extension modules, a RUNPATH naming the build
machine's Python (``/root/.pyenv/versions/3.11.7/lib``), a folder that an installed package must
never search. This module reads the few ELF fields that matter (64-bit little-endian, amd64),
removes search paths outside the bundle in place, and strips symbol tables (``STRIPPERS``),
keeping a file's original when no stripped one loads.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

ELF_MAGIC = b"\x7fELF"
ET_DYN = 3
PT_LOAD, PT_DYNAMIC, PT_INTERP = 1, 2, 3
SHT_SYMTAB = 2
DT_NULL, DT_STRTAB, DT_SONAME, DT_RPATH, DT_RUNPATH = 0, 5, 14, 15, 29
DYN_ENTRY = struct.Struct("<qQ")


class NotElf64(ValueError):
    """Not a 64-bit little-endian ELF file."""


@dataclass(frozen=True)
class Segment:
    kind: int
    offset: int
    vaddr: int
    filesz: int


@dataclass(frozen=True)
class ElfInfo:
    shared_library: bool  # ET_DYN with a soname or without an interpreter (not a PIE program)
    unstripped: bool  # has a .symtab or .debug_* section
    search_paths: tuple[tuple[int, int, str], ...]  # (entry offset, string offset, value)


def _segments(data: bytes) -> list[Segment]:
    phoff = struct.unpack_from("<Q", data, 32)[0]
    phentsize, phnum = struct.unpack_from("<HH", data, 54)
    out = []
    for i in range(phnum):
        kind, _flags, offset, vaddr, _paddr, filesz = struct.unpack_from(
            "<IIQQQQ", data, phoff + i * phentsize
        )
        out.append(Segment(kind, offset, vaddr, filesz))
    return out


def _file_offset(segments: list[Segment], vaddr: int) -> int:
    for s in segments:
        if s.kind == PT_LOAD and s.vaddr <= vaddr < s.vaddr + s.filesz:
            return vaddr - s.vaddr + s.offset
    raise NotElf64(f"address {vaddr:#x} is in no loaded segment")


def _unstripped(data: bytes) -> bool:
    shoff = struct.unpack_from("<Q", data, 40)[0]
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 58)
    if shoff == 0 or shnum == 0 or shoff + shnum * shentsize > len(data):
        return False
    names_offset = struct.unpack_from("<Q", data, shoff + shstrndx * shentsize + 24)[0]
    for i in range(shnum):
        name, kind = struct.unpack_from("<II", data, shoff + i * shentsize)
        end = data.index(b"\0", names_offset + name)
        if kind == SHT_SYMTAB or data[names_offset + name : end].startswith(b".debug_"):
            return True
    return False


def read_elf(path: Path) -> ElfInfo:
    data = path.read_bytes()
    if data[:4] != ELF_MAGIC or data[4] != 2 or data[5] != 1:
        raise NotElf64(str(path))
    kind = struct.unpack_from("<H", data, 16)[0]
    segments = _segments(data)
    interp = any(s.kind == PT_INTERP for s in segments)
    paths: list[tuple[int, int, str]] = []
    soname = False
    dynamic = next((s for s in segments if s.kind == PT_DYNAMIC), None)
    if dynamic is not None:
        entries = [
            (dynamic.offset + i, *DYN_ENTRY.unpack_from(data, dynamic.offset + i))
            for i in range(0, dynamic.filesz, DYN_ENTRY.size)
        ]
        soname = any(t == DT_SONAME for _, t, _ in entries)
        strtab = next((v for _, t, v in entries if t == DT_STRTAB), None)
        if strtab is not None:
            base = _file_offset(segments, strtab)
            for at, tag, value in entries:
                if tag in (DT_RPATH, DT_RUNPATH):
                    start = base + value
                    text = data[start : data.index(b"\0", start)].decode()
                    paths.append((at, start, text))
    return ElfInfo(kind == ET_DYN and (soname or not interp), _unstripped(data), tuple(paths))


def is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(4) == ELF_MAGIC
    except OSError:
        return False


def inside_bundle(entry: str) -> bool:
    """A search path relative to the file ($ORIGIN) stays; an absolute one goes."""
    return entry.startswith(("$ORIGIN", "${ORIGIN}"))


def drop_outside_search_paths(path: Path) -> list[str]:
    """Remove the RPATH/RUNPATH entries that leave the bundle; returns the entries removed.

    An entry with some paths kept is rewritten in place (the string gets shorter); an entry with
    none kept is taken out of the dynamic section, the entries after it moving up one (the
    section ends in DT_NULL entries, so its size stays the same).
    """
    info = read_elf(path)
    data = bytearray(path.read_bytes())
    removed: list[str] = []
    # from the last entry to the first, so that the offsets of earlier ones stay right
    for at, start, text in sorted(info.search_paths, reverse=True):
        parts = text.split(":")
        kept = [p for p in parts if inside_bundle(p)]
        if kept == parts:
            continue
        removed += [p for p in parts if not inside_bundle(p)]
        if kept:
            new = ":".join(kept).encode()
            data[start : start + len(text)] = new + b"\0" * (len(text) - len(new))
            continue
        dynamic = next(s for s in _segments(bytes(data)) if s.kind == PT_DYNAMIC)
        end = dynamic.offset + dynamic.filesz
        data[at : end - DYN_ENTRY.size] = data[at + DYN_ENTRY.size : end]
        data[end - DYN_ENTRY.size : end] = DYN_ENTRY.pack(DT_NULL, 0)
    if removed:
        path.write_bytes(bytes(data))
    return removed


LOADS = "import ctypes, os, sys\nctypes.CDLL(sys.argv[1], mode=os.RTLD_LAZY | os.RTLD_LOCAL)\n"


def loads(path: Path, python: str = sys.executable) -> bool:
    """Whether the dynamic linker maps ``path`` and its libraries in a fresh process.

    Python's extension modules find their Python symbols in that process (the build Python is
    the bundle's Python), Qt's libraries their neighbours through ``$ORIGIN``.
    """
    done = subprocess.run([python, "-c", LOADS, str(path)], capture_output=True, timeout=60)
    return done.returncode == 0


# binutils' strip first; elfutils' eu-strip when strip's output does not load (strip breaks the
# page alignment of some libraries that auditwheel's patchelf rewrote, e.g. numpy's OpenBLAS:
# "ELF load command address/offset not page-aligned")
STRIPPERS: tuple[tuple[str, ...], ...] = (("strip", "--strip-unneeded"), ("eu-strip",))


@dataclass
class StripResult:
    stripped: dict[Path, str]  # file -> the tool whose output loads
    kept: list[Path]  # left unstripped: no tool's output loaded


def strip_libraries(
    files: Iterable[Path],
    strippers: Iterable[tuple[str, ...]] = STRIPPERS,
    check: Callable[[Path], bool] = loads,
) -> StripResult:
    """Strip each unstripped shared library with the first of ``strippers`` (those installed)
    whose output still loads; the original is put back when none does."""
    tools = [t for t in strippers if shutil.which(t[0])]
    result = StripResult({}, [])
    for path in files:
        info = read_elf(path)
        if not (info.shared_library and info.unstripped):
            continue
        backup = path.with_name(path.name + ".unstripped")
        shutil.copy2(path, backup)
        for tool in tools:
            done = subprocess.run([*tool, str(path)], capture_output=True)
            if done.returncode == 0 and not read_elf(path).unstripped and check(path):
                backup.unlink()
                result.stripped[path] = tool[0]
                break
            shutil.copy2(backup, path)
        else:
            backup.replace(path)
            result.kept.append(path)
    return result
