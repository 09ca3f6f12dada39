"""The instructor's side of the collection service: list hand-ins and save them as files.

`course-helpers submissions list|download --service URL` calls these. The token is the instructor's hub
token (`JUPYTERHUB_API_TOKEN` in a terminal on the hub, or a file from the hub's token page); the service
decides what it may see (the instructor group sees everyone's, a learner only their own).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from course_helpers.classroom.client import HandInError, download_submission_text, list_submissions, read_token
from course_helpers.display.file_names import file_stems
from course_helpers.instructor.collect import CollectError


def resolve_token(token_file: Path | str | None = None, env: dict[str, str] | None = None) -> str:
    """The hub token (see `client.read_token`, the one reader): a CollectError with one line when missing."""
    try:
        return read_token(token_file, env)
    except HandInError as exc:
        raise CollectError(str(exc)) from None


def normalise_service_url(url: str) -> str:
    """The service's base URL ending in '/'; a one-line error for anything that is not http(s)."""
    url = url.strip()
    if not re.match(r"^https?://[^/\s]+", url):
        raise CollectError(
            f"--service should be the service's http(s) URL, e.g. https://HUB/services/course-submissions/; got {url!r}"
        )
    return url if url.endswith("/") else url + "/"


def receipts(url: str, token: str, *, user: str | None = None, latest: bool = False) -> list[dict[str, Any]]:
    """The receipts the token may see, oldest first."""
    return list_submissions(normalise_service_url(url), token, user=user, latest=latest)


def receipts_table(items: list[dict[str, Any]]) -> str:
    """A plain-text table of receipts for a terminal."""
    header = ("id", "hub user", "version", "received (service clock)", "bytes", "claimed learner")
    rows = [
        (
            str(r["id"]),
            str(r["hub_user"]),
            str(r["version"]),
            str(r["received_at"]),
            f"{r['size_bytes']:,}",
            str((r.get("claims") or {}).get("learner") or ""),
        )
        for r in items
    ]
    widths = [max(len(h), *(len(row[i]) for row in rows)) if rows else len(h) for i, h in enumerate(header)]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip() for line in (header, *rows)
    ]
    return "\n".join(lines)


@dataclass(frozen=True)
class SavedHandIn:
    """One hand-in and the file it is in; `written` is False when that exact file was already there."""

    receipt: dict[str, Any]
    path: Path
    written: bool = True


def download(
    url: str,
    token: str,
    folder: Path | str,
    *,
    user: str | None = None,
    every_version: bool = False,
    ids: list[int] | None = None,
) -> list[SavedHandIn]:
    """Save hand-ins as `FOLDER/<hub user>.v<version>.json`, each byte for byte as the learner sent it.

    By default each learner's newest version; `every_version` saves all; `ids` saves just those. File names
    follow the course's one rule (`display.file_names`): readable, and never the same for two hub users.
    A file is never overwritten: one that already holds the same bytes is kept (`written` False); one that
    differs stops the download with a one-line message.
    """
    base = normalise_service_url(url)
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise CollectError(f"{folder} exists and is not a folder")
    wanted = receipts(base, token, user=user, latest=not (every_version or ids))
    if ids:
        by_id = {int(r["id"]): r for r in wanted}
        missing = [i for i in ids if i not in by_id]
        if missing:
            raise CollectError(f"no submission {', '.join(map(str, missing))} among those this token may see")
        wanted = [by_id[i] for i in ids]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CollectError(f"cannot create {folder}: {exc.strerror or exc}") from None
    saved = []
    stems = file_stems(str(r["hub_user"]) for r in wanted)
    for receipt in wanted:
        data = download_submission_text(base, token, int(receipt["id"])).encode("utf-8")
        path = folder / f"{stems[str(receipt['hub_user'])]}.v{int(receipt['version'])}.json"
        try:
            with path.open("xb") as handle:  # exclusive: never replaces a file
                handle.write(data)
        except FileExistsError:
            if path.is_file() and path.read_bytes() == data:
                saved.append(SavedHandIn(receipt, path, written=False))
                continue
            raise CollectError(f"{path} exists with other contents; download into an empty folder") from None
        except OSError as exc:
            raise CollectError(f"cannot write {path}: {exc.strerror or exc}") from None
        saved.append(SavedHandIn(receipt, path))
    return saved
