"""Collect submission files: single files, folders of them, or an LMS bulk-download zip.

A zip is never extracted to disk: each member is read into memory, so no member name can write outside a
folder. A member whose name is absolute or climbs out with `..` is refused all the same (a sign the archive
was made to attack an unzipper), and so is a member (or a file) over `MAX_MEMBER` (the submission size limit,
5 MB) or an archive whose members would expand past `MAX_TOTAL` or beyond `MAX_RATIO` times their compressed
size (a zip bomb). Sizes are checked while reading, not taken from the zip's own header, which an attacker
writes. Only regular files are read: a FIFO or a device in a folder is refused (reading one would hang).

The collector's receive time is recorded for each file: the file's modification time on the instructor's
disk, or a zip member's date (an LMS stamps it when it builds the download; zip dates carry no time zone and
are read as UTC); never a time the learner wrote.
"""

from __future__ import annotations

import re
import stat
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from course_helpers.errors import CourseInputError
from course_helpers.records.submission import MAX_SUBMISSION_BYTES

MAX_MEMBER = MAX_SUBMISSION_BYTES  # larger files are refused before they are read
MAX_TOTAL = 4 << 30  # a zip may not expand past 4 GB in all
MAX_RATIO = 200  # nor expand more than 200 times its compressed size (past 1 MB)
SUFFIXES = (".json",)


class CollectError(CourseInputError):
    """A submissions argument that cannot be read at all (a missing path, a broken zip)."""


@dataclass(frozen=True)
class Received:
    """One file as received: where it came from, its bytes, the LMS's name for it, the receive time.

    `learner` is set when the channel vouches for who sent it (the hub user a hand-in service recorded):
    the grader then uses it instead of the learner id written in the file.
    """

    source: str
    data: bytes
    name: str
    received_at: datetime
    learner: str | None = None


@dataclass(frozen=True)
class Refused:
    """A file or zip member that was not read, and why."""

    source: str
    kind: str
    message: str


def _when(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, UTC)


def _unsafe(name: str) -> bool:
    path = PurePosixPath(name.replace("\\", "/"))
    return path.is_absolute() or ".." in path.parts or bool(re.match(r"^[A-Za-z]:", name))


def source_text(text: str) -> str:
    """A file name as valid Unicode (a name of undecodable bytes holds lone surrogates; they become U+FFFD)."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace") if not text.isascii() else text


def _read_zip(path: Path) -> Iterator[Received | Refused]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:  # ValueError: a member name that is not UTF-8
        raise CollectError(f"{source_text(str(path))}: is not a readable zip ({exc})") from exc
    total = 0
    with archive:
        for info in archive.infolist():
            source = source_text(f"{path.name}:{info.filename}")
            if info.is_dir():
                continue
            if _unsafe(info.filename):
                yield Refused(source, "unsafe path", "member path escapes the folder (absolute or '..'); not read")
                continue
            if not info.filename.lower().endswith(SUFFIXES):
                continue
            if info.file_size > MAX_MEMBER:
                yield Refused(
                    source, "too large", f"member is {info.file_size:,} bytes; files over {MAX_MEMBER:,} are refused"
                )
                continue
            limit = min(MAX_MEMBER, MAX_TOTAL - total, max(1 << 20, info.compress_size * MAX_RATIO))
            try:
                with archive.open(info) as handle:
                    data = handle.read(limit + 1)
            except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
                yield Refused(source, "unreadable", f"zip member cannot be read ({exc})")
                continue
            if len(data) > limit:
                yield Refused(
                    source,
                    "zip bomb",
                    f"member expands past {limit:,} bytes (over {MAX_MEMBER:,}, the 4 GB total, or {MAX_RATIO}x its "
                    "compressed size); refused as a zip bomb",
                )
                continue
            total += len(data)
            yield Received(source, data, info.filename, _when(datetime(*info.date_time, tzinfo=UTC).timestamp()))


def _read_file(path: Path, source: str) -> Received | Refused:
    source = source_text(source)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return Refused(source, "not a file", "is a FIFO, device or socket, not a regular file; not read")
        if info.st_size > MAX_MEMBER:
            return Refused(
                source, "too large", f"file is {info.st_size:,} bytes; files over {MAX_MEMBER:,} are refused"
            )
        with path.open("rb") as handle:
            data = handle.read(MAX_MEMBER + 1)
        if len(data) > MAX_MEMBER:
            return Refused(source, "too large", f"file grew past {MAX_MEMBER:,} bytes while read; refused")
        return Received(source, data, source_text(path.name), _when(info.st_mtime))
    except OSError as exc:
        return Refused(source, "unreadable", f"cannot be read ({exc.strerror or exc})")


def gather(paths: list[Path]) -> Iterator[Received | Refused]:
    """Every submission file named, found in a named folder (recursively), or inside a named zip."""
    for path in paths:
        if not path.exists():
            raise CollectError(f"{source_text(str(path))}: no such file or folder")
        if not path.is_dir() and not path.is_file():
            raise CollectError(f"{source_text(str(path))}: is a FIFO, device or socket, not a file or folder; not read")
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() == ".zip":
                    yield from _read_zip(child)
                elif child.suffix.lower() in SUFFIXES and not child.is_dir():
                    yield _read_file(child, str(child.relative_to(path.parent)))
        elif path.suffix.lower() == ".zip":
            yield from _read_zip(path)
        else:
            yield _read_file(path, str(path))


def count_files(paths: list[Path]) -> int:
    """How many submission files `gather` will look at (for the progress bar and the worker count)."""
    count = 0
    for path in paths:
        found = sorted(path.rglob("*")) if path.is_dir() else [path]
        for item in found:
            suffix = item.suffix.lower()
            if suffix == ".zip" and item.is_file():
                try:
                    with zipfile.ZipFile(item) as archive:
                        count += sum(1 for i in archive.infolist() if i.filename.lower().endswith(SUFFIXES))
                except (zipfile.BadZipFile, OSError, ValueError):
                    count += 1
            elif suffix in SUFFIXES and item.is_file():
                count += 1
    return count


# --------------------------------------------------------------------------- the LMS's file names

# Canvas "Download Submissions" (canvas-lms lib/content_zipper.rb, `get_filename` and `add_upload_submission`):
# `[sortable name, "LATE" if late, user id].join("_")` with every non-word character removed, then
# `_<attachment id>_<file name>`. The sortable name is lower-cased and keeps letters of any script
# ("núñezjosé"). A learner's second upload of the same name is stored by Canvas as `results-1.json`.
# An anonymous assignment writes `anon_<anonymous id>` instead of the name and the user id.
_CANVAS = re.compile(r"^(?P<name>\w+?)(?P<late>_LATE)?_(?P<id>\d+)_(?P<att>\d+)_(?P<rest>.+)$", re.IGNORECASE)
_CANVAS_ANON = re.compile(r"^anon_(?P<anon>[A-Za-z0-9]+)_(?P<att>\d+)_(?P<rest>.+)$")
# Moodle "Download all submissions" (mod/assign/locallib.php, `download_submissions`): the full name with
# `_` turned into spaces, `_<participant id>_`, then `assignsubmission_file_` and the file name (or a folder
# of that prefix holding the file, "Download submissions in folders"). The participant id is the
# assignment's own number for the learner (the grading worksheet's "Participant N"), not a user id.
_MOODLE = re.compile(r"^(?P<name>[^_/]+?)_(?P<id>\d+)_assign(?:submission|feedback)_[a-z]+_(?P<rest>.*)$")


@dataclass(frozen=True)
class LmsName:
    """Who the LMS says sent a file: a name (as the LMS wrote it) and the LMS's id for the learner, when known.

    `platform` is "canvas" or "moodle" (None for a file named by anyone else); `lms_id` is the Canvas user id
    or the Moodle participant id; `order` is Canvas's attachment id (a later upload has a larger one);
    `late` is Canvas's LATE mark.
    """

    name: str
    lms_id: str | None
    platform: str | None = None
    order: int = 0
    late: bool = False


def lms_name(member_name: str) -> LmsName:
    """Read the learner's name and LMS id from a file name as Canvas or Moodle writes it in a bulk download.

    Canvas: `riverasam_12345_67890_results.json` (sortable name, user id, attachment id, original name;
    `_LATE` may follow the name). Moodle: `Sam Rivera_4411_assignsubmission_file_results.json`, or a folder
    `Sam Rivera_4411_assignsubmission_file_/results.json`. Any other file: its stem is the name, no LMS id.
    """
    parts = PurePosixPath(member_name.replace("\\", "/")).parts
    for folder in reversed(parts[:-1]):
        match = _MOODLE.match(folder)
        if match:
            return LmsName(match["name"], match["id"], "moodle")
    stem = parts[-1]
    match = _MOODLE.match(stem)
    if match and match["rest"]:
        return LmsName(match["name"], match["id"], "moodle")
    match = _CANVAS.match(stem)
    if match:
        return LmsName(match["name"], match["id"], "canvas", int(match["att"]), bool(match["late"]))
    match = _CANVAS_ANON.match(stem)
    if match:  # anonymous grading hides the user id: the learner id in the file is all there is
        return LmsName(PurePosixPath(match["rest"]).stem, None, "canvas", int(match["att"]))
    return LmsName(PurePosixPath(stem).stem, None)


def _tokens(text: str) -> list[str]:
    """Lower-case words with accents dropped, so 'núñezjosé' (Canvas's sortable name) holds 'jose'."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))
    return [t for t in re.split(r"[^0-9a-z]+", plain) if t]


def names_agree(learner: str, name: str) -> bool:
    """True when every word of the learner id appears in the LMS's name, or the other way round.

    'Sam Rivera' agrees with Canvas's 'riverasam' and with 'sam-rivera.json'; 'ana' does not agree with 'ben'.
    """
    learner_words, name_words = _tokens(learner), _tokens(name)
    if not learner_words or not name_words:
        return False
    joined_name, joined_learner = "".join(name_words), "".join(learner_words)
    return all(w in joined_name for w in learner_words) or all(w in joined_learner for w in name_words)
