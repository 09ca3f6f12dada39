"""Read what can still be read from a damaged progress store, without SQLite and without the `sqlite3` CLI.

SQLite refuses a truncated or partly overwritten file as a whole ("database disk image is malformed"),
even when most of its pages are intact. This module walks the file (and its `-wal`, whose frames hold the
newest pages) page by page, decodes every table leaf cell it can, and keeps the rows shaped like the
store's own tables. It is the row-by-row copy that SQLite's `.recover` does, reduced to our three tables.
A row is kept only if every column has the type the store writes; anything else is skipped and counted.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_HEADER = b"SQLite format 3\x00"
_LEAF_TABLE = 0x0D

# Column shapes of the store's tables (see store._SCHEMA); the INTEGER PRIMARY KEY is stored as NULL.
# An attempt written before store version 2 has no `graded` value on disk (SQLite reads its default, 1).
_ATTEMPT_V1_TYPES = (type(None), str, str, str, str, int, (int, float), (int, float), str, (str, type(None)), str)
_ATTEMPT_TYPES = (*_ATTEMPT_V1_TYPES, int)
_SESSION_TYPES = (str, str, str, (int, float), (int, float), int, str)
_SETTING_TYPES = (str, str)


@dataclass
class Recovered:
    """Rows read back from a damaged store, keyed so that a newer copy of a page (from the WAL) wins."""

    attempts: dict[int, tuple[Any, ...]] = field(default_factory=dict)
    sessions: dict[int, tuple[Any, ...]] = field(default_factory=dict)
    settings: dict[int, tuple[Any, ...]] = field(default_factory=dict)
    skipped: int = 0

    @property
    def rows(self) -> int:
        """How many rows were recovered."""
        return len(self.attempts) + len(self.sessions) + len(self.settings)


def _varint(buf: bytes, pos: int) -> tuple[int, int]:
    value = 0
    for i in range(8):
        byte = buf[pos + i]
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, pos + i + 1
    return (value << 8) | buf[pos + 8], pos + 9


def _decode_record(payload: bytes) -> tuple[Any, ...]:
    header_len, pos = _varint(payload, 0)
    types = []
    while pos < header_len:
        serial, pos = _varint(payload, pos)
        types.append(serial)
    values: list[Any] = []
    pos = header_len
    for serial in types:
        if serial == 0:
            values.append(None)
        elif 1 <= serial <= 6:
            size = (1, 2, 3, 4, 6, 8)[serial - 1]
            chunk = payload[pos : pos + size]
            if len(chunk) != size:
                raise ValueError("record cut short")
            values.append(int.from_bytes(chunk, "big", signed=True))
            pos += size
        elif serial == 7:
            values.append(struct.unpack(">d", payload[pos : pos + 8])[0])
            pos += 8
        elif serial in (8, 9):
            values.append(serial - 8)
        elif serial >= 12:
            size = (serial - 12) // 2
            chunk = payload[pos : pos + size]
            if len(chunk) != size:
                raise ValueError("record cut short")
            values.append(chunk.decode("utf-8") if serial % 2 else bytes(chunk))
            pos += size
        else:
            raise ValueError("reserved serial type")
    return tuple(values)


class _Pages:
    def __init__(self, pages: dict[int, bytes], page_size: int, usable: int) -> None:
        self.pages = pages
        self.page_size = page_size
        self.usable = usable


def _read_pages(path: Path) -> _Pages | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    page_size = 4096
    reserved = 0
    if data.startswith(_HEADER) and len(data) >= 100:
        (raw,) = struct.unpack(">H", data[16:18])
        candidate = 65536 if raw == 1 else raw
        if candidate >= 512 and candidate & (candidate - 1) == 0:
            page_size = candidate
        reserved = data[20]
    pages = {n + 1: data[n * page_size : (n + 1) * page_size] for n in range(len(data) // page_size)}
    wal = path.with_name(path.name + "-wal")
    try:
        frames = wal.read_bytes()
    except OSError:
        frames = b""
    if len(frames) >= 32:
        (wal_page_size,) = struct.unpack(">I", frames[8:12])
        if wal_page_size == page_size:
            step = 24 + page_size
            for start in range(32, len(frames) - step + 1, step):
                (number,) = struct.unpack(">I", frames[start : start + 4])
                if number:
                    pages[number] = frames[start + 24 : start + step]  # later frames are newer
    return _Pages(pages, page_size, page_size - reserved)


def _payload(pages: _Pages, page: bytes, pos: int, size: int) -> bytes:
    usable = pages.usable
    max_local = usable - 35
    if size <= max_local:
        return page[pos : pos + size]
    min_local = ((usable - 12) * 32 // 255) - 23
    local = min_local + (size - min_local) % (usable - 4)
    if local > max_local:
        local = min_local
    out = bytearray(page[pos : pos + local])
    (next_page,) = struct.unpack(">I", page[pos + local : pos + local + 4])
    seen: set[int] = set()
    while len(out) < size and next_page and next_page not in seen:
        seen.add(next_page)
        overflow = pages.pages.get(next_page)
        if overflow is None:
            raise ValueError("overflow page missing")
        out += overflow[4:usable]
        (next_page,) = struct.unpack(">I", overflow[:4])
    if len(out) < size:
        raise ValueError("overflow chain cut short")
    return bytes(out[:size])


def _fits(values: tuple[Any, ...], shape: tuple[Any, ...]) -> bool:
    return len(values) == len(shape) and all(
        isinstance(v, t) and not isinstance(v, bool) for v, t in zip(values, shape, strict=True)
    )


def recover_rows(path: Path) -> Recovered:
    """Every row of the store's tables that can still be decoded from `path` (and `path-wal`)."""
    found = Recovered()
    pages = _read_pages(path)
    if pages is None:
        return found
    for number, page in pages.pages.items():
        offset = 100 if number == 1 else 0
        if len(page) < offset + 8 or page[offset] != _LEAF_TABLE:
            continue
        (cells,) = struct.unpack(">H", page[offset + 3 : offset + 5])
        for i in range(cells):
            try:
                (pointer,) = struct.unpack(">H", page[offset + 8 + 2 * i : offset + 10 + 2 * i])
                size, pos = _varint(page, pointer)
                rowid, pos = _varint(page, pos)
                values = _decode_record(_payload(pages, page, pos, size))
            except (ValueError, IndexError, struct.error, UnicodeDecodeError):
                found.skipped += 1
                continue
            if _fits(values, _ATTEMPT_V1_TYPES) and values[5] in (0, 1):
                found.attempts[rowid] = (*values, 1)
            elif _fits(values, _ATTEMPT_TYPES) and values[5] in (0, 1) and values[11] in (0, 1):
                found.attempts[rowid] = values
            elif _fits(values, _SESSION_TYPES) and values[5] in (0, 1):
                found.sessions[rowid] = values
            elif _fits(values, _SETTING_TYPES) and not values[0].startswith("exam-draft:"):
                # an exam draft may belong to a sitting finished since; a stale one must not come back
                found.settings[rowid] = values
            elif len(values) != 5:  # 5 columns: SQLite's own schema rows, not data
                found.skipped += 1
    return found
