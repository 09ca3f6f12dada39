"""What the instructor guide's "When the progress file is damaged" section promises is what the store does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from course_helpers.cli import main
from course_helpers.records.store import ProgressStore
from tests.attacks.corpus_stores import wrecked_pages
from tests.paths import REPO

GUIDE = (REPO / "docs" / "instructor-guide.md").read_text(encoding="utf-8")
ASIDE = re.compile(r"progress\.sqlite3\.corrupt-\d{8}T\d{6}Z-\d+-[0-9a-f]{6}")


def test_the_documented_aside_name_and_message_are_what_a_damaged_store_gets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    example = ASIDE.search(GUIDE)
    assert example, "the guide shows an example aside name"
    path = tmp_path / "progress.sqlite3"
    wrecked_pages(path)
    original = path.read_bytes()
    (tmp_path / "progress.sqlite3-wal").write_bytes(b"")
    monkeypatch.setenv("COURSE_PROGRESS_DB", str(path))
    monkeypatch.chdir(tmp_path)
    assert main(["progress"]) == 1  # the read-only command moves nothing ...
    assert "open any quiz" in capsys.readouterr().err and path.read_bytes() == original
    with pytest.warns(RuntimeWarning) as caught:
        store = ProgressStore(path)  # ... opening it for a quiz does the move and the recovery
    store.close()
    names = sorted(p.name for p in tmp_path.iterdir())
    (aside,) = [n for n in names if ASIDE.fullmatch(n)]
    assert f"{aside}-wal" in names and (tmp_path / aside).read_bytes() == original  # kept whole, -wal with it
    message = str(caught[0].message)
    documented = re.search(r'"(The progress file .*?)"', GUIDE, re.S)
    assert documented, "the guide quotes the message"
    words = re.sub(r"\s+", " ", documented.group(1))
    for fragment in re.split(r"\.\.\.|\(\.\.\.\)|\d+", words):  # the parts the guide does not elide match
        fragment = fragment.strip(" ,.()")
        if len(fragment) > 8:
            assert fragment in message, (fragment, message)
