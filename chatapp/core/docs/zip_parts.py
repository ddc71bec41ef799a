"""Zip parts read in pieces, bounded by what really inflates, never by what the zip says.

A zip's directory states each part's size, but nothing makes it true: a part that says
50 KB can inflate to gigabytes, and ``zipfile`` inflates a whole part in one call before it
compares. Here a part's raw bytes are inflated 64 KB at a time, counted as they come; more
than the part declared, more than the caps, or a CRC that does not match ends the read.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

PIECE = 1 << 16
MAX_ENTRIES = 10_000  # a Word file has dozens of parts; the directory is read whole


class ZipProblem(Exception):
    """``kind``: "corrupt", "zip_bomb" or "encrypted"; the message says why."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


@dataclass(frozen=True)
class Budget:
    total_bytes: int  # what all parts read may inflate to together
    ratio: int  # a part inflating more than this many times its stored size is a bomb
    ratio_floor: int = 1 << 20  # small parts may compress very well (XML boilerplate)


def entry_count(f: BinaryIO) -> int | None:
    """The number of parts the end-of-directory record states (None: no record found)."""
    f.seek(0, 2)
    size = f.tell()
    tail_len = min(size, 22 + 0xFFFF)
    f.seek(size - tail_len)
    tail = f.read(tail_len)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        return None
    count = int(struct.unpack_from("<H", tail, at + 10)[0])
    if count == 0xFFFF and at >= 20 and tail[at - 20 : at - 16] == b"PK\x06\x07":
        zip64_at = int(struct.unpack_from("<Q", tail, at - 12)[0])
        f.seek(zip64_at)
        record = f.read(56)
        if len(record) == 56 and record[:4] == b"PK\x06\x06":
            count = int(struct.unpack_from("<Q", record, 32)[0])
    return count


class ZipParts:
    """The parts of one zip file, each read through ``read`` within ``budget``."""

    def __init__(self, path: Path, budget: Budget) -> None:
        self.budget = budget
        self.inflated = 0
        self._file = path.open("rb")
        try:
            count = entry_count(self._file)
            if count is None:
                raise ZipProblem("corrupt", "it is not a zip file")
            if count > MAX_ENTRIES:
                raise ZipProblem("zip_bomb", f"it holds {count:,} parts (a zip bomb)")
            self._file.seek(0)
            self._zip = zipfile.ZipFile(self._file)
            self.infos = {i.filename: i for i in self._zip.infolist()}
        except (zipfile.BadZipFile, ValueError, EOFError, OSError, struct.error) as exc:
            self._file.close()
            raise ZipProblem("corrupt", f"it is damaged ({str(exc)[:100]})") from None
        except BaseException:
            self._file.close()
            raise

    def __enter__(self) -> ZipParts:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()
        self._file.close()

    def read_all(self, name: str, cap: int) -> bytes:
        """A small part whole (at most ``cap`` bytes)."""
        out = bytearray()
        for piece in self.read(name):
            out += piece
            if len(out) > cap:
                raise ZipProblem("corrupt", f"the part {name} is far larger than it should be")
        return bytes(out)

    def read(self, name: str) -> Iterator[bytes]:
        """The part's bytes, inflated a piece at a time; raises ZipProblem."""
        info = self.infos.get(name)
        if info is None:
            raise ZipProblem("corrupt", f"the part {name} is missing")
        if info.flag_bits & 0x1:
            raise ZipProblem("encrypted", "the document is protected by a password")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ZipProblem("corrupt", f"the part {name} uses an unknown compression")
        raw = self._raw(info)
        inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
        crc = 0
        produced = 0
        for data in raw:
            while data:
                if inflater is None:
                    piece, data = data, b""
                else:
                    piece = inflater.decompress(data, PIECE)
                    data = inflater.unconsumed_tail
                produced += len(piece)
                self._count(name, info, produced, len(piece))
                crc = zlib.crc32(piece, crc)
                if piece:
                    yield piece
                elif inflater is not None and inflater.eof:
                    break  # bytes after the end of the stream: not part of the part
        if inflater is not None:
            rest = inflater.flush()
            produced += len(rest)
            self._count(name, info, produced, len(rest))
            crc = zlib.crc32(rest, crc)
            if rest:
                yield rest
        if produced != info.file_size or crc != info.CRC:
            raise ZipProblem("corrupt", f"the part {name} is damaged (its size or CRC is wrong)")

    def _count(self, name: str, info: zipfile.ZipInfo, produced: int, grew: int) -> None:
        self.inflated += grew
        if produced > info.file_size:
            raise ZipProblem(
                "zip_bomb",
                f"the part {name} inflates to more than its zip directory says "
                f"({info.file_size:,} bytes): a zip bomb",
            )
        if self.inflated > self.budget.total_bytes:
            raise ZipProblem("zip_bomb", "the document would unpack to far more than its size")
        if produced > self.budget.ratio_floor and produced > self.budget.ratio * max(
            1, info.compress_size
        ):
            raise ZipProblem("zip_bomb", f"the part {name} inflates like a zip bomb")

    def _raw(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
        """The part's stored bytes, from its local header on, ``compress_size`` of them."""
        f = self._file
        f.seek(info.header_offset)
        header = f.read(30)
        if len(header) < 30 or header[:4] != b"PK\x03\x04":
            raise ZipProblem("corrupt", f"the part {info.filename} is damaged (no header)")
        name_len, extra_len = struct.unpack_from("<HH", header, 26)
        f.seek(info.header_offset + 30 + name_len + extra_len)
        left = info.compress_size
        while left > 0:
            data = f.read(min(PIECE, left))
            if not data:
                raise ZipProblem("corrupt", f"the part {info.filename} is cut short")
            left -= len(data)
            yield data
