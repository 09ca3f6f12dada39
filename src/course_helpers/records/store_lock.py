"""A lock shared by every process that opens the same progress store: a sidecar file `<store>.lock`.

Opening, creating, and moving a damaged store aside happen under the exclusive lock, so exactly one
process moves a file aside and the others wait, then open what it left. Each write takes the shared
lock, so a store is never moved aside in the middle of someone's write.

POSIX (Linux, macOS): `fcntl.flock`, released by the kernel when a process dies (kill -9 included).
Windows: `msvcrt.locking` on the lock file's first byte, also released when the process exits; it has
no shared mode, so there every holder is exclusive (writes are serialised, which is still correct).
The lock file is never deleted (deleting it would let two processes hold "the" lock on different files).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
    import msvcrt


class LockTimeout(OSError):
    """The store's lock was not granted in time (another process holds it)."""


def lock_path(store: Path) -> Path:
    """The sidecar lock file of a store."""
    return store.with_name(store.name + ".lock")


@contextmanager
def store_lock(store: Path, *, exclusive: bool, timeout: float) -> Iterator[None]:
    """Hold the store's lock (exclusive or shared) for the block; raise LockTimeout after `timeout` seconds."""
    fd = os.open(lock_path(store), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        delay = 0.002
        while True:
            try:
                if fcntl is not None:
                    fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
                else:  # pragma: no cover - Windows
                    os.lseek(fd, 0, os.SEEK_SET)
                    msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
                break
            except OSError as exc:
                if time.monotonic() >= deadline:
                    raise LockTimeout(f"another program has held {lock_path(store).name} for {timeout:g} s") from exc
                time.sleep(delay)
                delay = min(delay * 2, 0.05)
        try:
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_UN)
            else:  # pragma: no cover - Windows
                os.lseek(fd, 0, os.SEEK_SET)
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    finally:
        os.close(fd)
