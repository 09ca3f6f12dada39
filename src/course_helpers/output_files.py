"""Writing a file for people without ever destroying what was there: `replacing(path)` and `write_text`.

Every output of a command (a gradebook, a problems CSV, an LMS export, feedback, a schema, a release's
files) goes through here:

- only a regular file (or nothing) is replaced: a device node (`-o /dev/null --force` as root), a FIFO, a
  socket, a folder or a symbolic link at the path is refused with one line, `--force` or not;
- an existing file is replaced only with `force`;
- one run at a time per output: an exclusive lock on a hidden sidecar (`.NAME.lock`, removed afterwards) for
  the whole write, so two `grade --force` runs on one gradebook cannot interleave;
- the new content goes to a private temporary file in the target's folder (a unique `.NAME.*.partial`, mode
  0600 while written), is flushed to disk and then renamed over the target: a crash or a full disk leaves
  the old file whole, and the error is one line (OutputError).
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from course_helpers.errors import CourseInputError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]
    import msvcrt

_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


class OutputError(CourseInputError):
    """An output cannot be written (not a regular file, exists without --force, locked, disk full)."""


def refuse_special(path: Path | str) -> None:
    """Raise OutputError when `path` is a symbolic link, device, FIFO, socket or folder (what no output replaces)."""
    target = Path(path)
    try:
        info = target.lstat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputError(f"cannot use {target}: {exc.strerror or exc}") from None
    kind = _kind(info.st_mode)
    if kind is not None:
        raise OutputError(f"{target} is {kind}; give the name of a regular file (nothing was written)")


def _kind(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file (a socket?)"


def check_output(path: Path | str, *, force: bool) -> Path:
    """The output path, checked before any work: a regular file or nothing; an existing one only with `force`."""
    target = Path(path)
    refuse_special(target)
    if target.exists() and not force:
        raise OutputError(f"{target} exists; pass --force to replace it (nothing was changed)")
    if not target.parent.is_dir():
        raise OutputError(f"cannot write {target}: the folder {target.parent} does not exist")
    return target


def _mode_for(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)  # replacing keeps the old file's permissions
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def one_line(target: Path, exc: OSError) -> OutputError:
    """An OSError met while writing `target`, as one line that says the old file is unchanged."""
    if exc.errno in _FULL:
        return OutputError(f"cannot write {target}: the disk is full ({exc.strerror}); the old file is unchanged")
    return OutputError(f"cannot write {target}: {exc.strerror or exc}; the old file is unchanged")


@contextmanager
def locked(target: Path) -> Iterator[None]:
    """Hold the output's exclusive lock for the block; OutputError at once if another run holds it.

    The lock is a hidden sidecar `.NAME.lock`, removed when the block ends: after taking it, the file at the
    path must still be the one locked (else another run removed it in between: try again)."""
    lock = target.with_name(f".{target.name}.lock")
    busy = OutputError(f"another run is writing {target} now; wait for it to finish (nothing was changed)")
    for _ in range(20):
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise one_line(target, exc) from None
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            else:  # pragma: no cover - Windows
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            os.close(fd)
            raise busy from None
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(lock))
        except OSError:
            same = False
        if same:
            break
        os.close(fd)  # removed by the run that held it just before: lock the new one
    else:  # pragma: no cover - twenty runs racing on one output
        raise busy
    try:
        yield
    finally:
        if fcntl is not None:
            lock.unlink(missing_ok=True)  # while still held: the next run makes a fresh one
        os.close(fd)


@contextmanager
def replacing(path: Path | str, *, force: bool, mode: int | None = None) -> Iterator[Path]:
    """Yield a private temporary path beside `path`; when the block ends without error, put it in place.

    The target is checked (`check_output`) and locked first; on any error the temporary file is removed and
    the old file stays whole (an OSError becomes one OutputError line)."""
    target = check_output(path, force=force)
    with locked(target):
        check_output(target, force=force)  # again, under the lock: another run may have just written it
        final_mode = _mode_for(target) if mode is None else mode
        try:
            fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
        except OSError as exc:
            raise one_line(target, exc) from None
        os.close(fd)
        tmp = Path(name)
        try:
            yield tmp
            with open(tmp, "rb+") as handle:
                os.fsync(handle.fileno())
            os.chmod(tmp, final_mode)
            refuse_special(target)
            os.replace(tmp, target)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise one_line(target, exc) from None
        except sqlite3.OperationalError as exc:  # a gradebook written with sqlite3: "database or disk is full"
            tmp.unlink(missing_ok=True)
            if "full" not in str(exc) and "disk I/O error" not in str(exc):
                raise
            raise OutputError(f"cannot write {target}: {exc} (is the disk full?); the old file is unchanged") from None
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise


def write_bytes(path: Path | str, data: bytes, *, force: bool, mode: int | None = None) -> Path:
    """Write `data` to `path` through a temporary file and a rename (see the module doc)."""
    with replacing(path, force=force, mode=mode) as tmp:
        with open(tmp, "wb") as handle:
            handle.write(data)
    return Path(path)


def write_text(path: Path | str, text: str, *, force: bool, mode: int | None = None) -> Path:
    """Write `text` as UTF-8 to `path` through a temporary file and a rename (see the module doc)."""
    return write_bytes(path, text.encode("utf-8"), force=force, mode=mode)
