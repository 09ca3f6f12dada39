"""A scratch folder per document, holding what its commands expect to find, as a reader's folder would.

The instructor guide and the submission format page work on a class: here a made-up class of 12 learners
(the course's own generator, from a key released into a hidden folder), as a Canvas submissions download
(`submissions.zip`, Canvas's file naming), `late/`, `submissions/` and `collected/`, and the Canvas gradebook
export (`canvas-export.csv`) in Canvas's own layout (Student, ID, SIS User ID, SIS Login ID, Section, then one
column per assignment as `Title (assignment id)`, and the `Points Possible` row).
"""

from __future__ import annotations

import csv
import os
import shutil
import sys
import zipfile
from pathlib import Path

CLASS_SIZE = 12


def environment(scratch: Path) -> dict[str, str]:
    """What a reader's shell has: the course's command on PATH, and a home, progress file and plots of its own."""
    home = scratch / ".home"
    home.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "COURSE_QUIZZES_DIR"}}
    env.update(
        PATH=os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "/usr/bin:/bin")]),
        HOME=str(home),
        COURSE_PROGRESS_DB=str(scratch / ".progress.sqlite3"),
        MPLBACKEND="Agg",
        JUPYTER_PLATFORM_DIRS="1",
    )
    return env


def prepare(doc_name: str, scratch: Path) -> None:
    """Fill `scratch` with what the document's blocks expect to exist before the first of them runs."""
    if doc_name == "submission-format.md":
        _learner_with_answers(scratch, "Sam Rivera")
    if doc_name not in {"instructor-guide.md", "submission-format.md"}:
        return
    from course_helpers.instructor.release import load_key, release
    from course_helpers.instructor.simulate import simulate_class

    hidden = scratch / ".fixture-release"
    release(hidden)
    made = simulate_class(load_key(hidden / "instructor" / "key.json"), scratch / "submissions", CLASS_SIZE,
                          seed=5, tamper=False)
    files = sorted((scratch / "submissions").glob("*.json"))
    assert len(files) == CLASS_SIZE, made
    # As Canvas's "Download Submissions" names them (canvas-lms content_zipper.rb):
    # <sortable name>_<user id>_<attachment id>_<file name>; the user id is the roster's ID column.
    with zipfile.ZipFile(scratch / "submissions.zip", "w") as archive:
        for number, path in enumerate(files[:-2], start=1):
            archive.write(path, f"{path.stem.replace('-', '')}_{4400 + number}_{90000 + number}_results.json")
    (scratch / "late").mkdir()
    for path in files[-2:]:
        shutil.copy(path, scratch / "late" / path.name)
    shutil.copytree(scratch / "submissions", scratch / "collected")
    with (scratch / "canvas-export.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Final exam (12345)"])
        writer.writerow(["    Points Possible", "", "", "", "", "40"])
        for number, path in enumerate(files, start=1):
            learner = path.stem
            writer.writerow([f"Learner, {number}", str(4400 + number), f"S{number:05d}", learner, "Spring 2026", ""])


def _learner_with_answers(scratch: Path, learner: str) -> None:
    """A learner who has answered lesson 01's quiz, in the scratch folder's own progress file."""
    import subprocess

    script = (
        "from course_helpers import quiz\n"
        "from course_helpers.quizzing.grading import correct_response\n"
        f"q = quiz('01_the_role', learner={learner!r})\n"
        "for item in q.session.items[:5]:\n"
        "    q.answer(item.question.id, correct_response(item.question))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=scratch, env=environment(scratch),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
