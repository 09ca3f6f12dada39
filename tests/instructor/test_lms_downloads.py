"""A Canvas submissions zip and a Moodle assignment download, graded and exported back: each learner's own
score lands under the LMS's own id for that learner.

The fixtures follow each LMS's own code, not this course's writer:

- Canvas "Download Submissions": canvas-lms `lib/content_zipper.rb` (`get_filename`: `[sortable name,
  "LATE" if late, user id].join("_")` with non-word characters removed, the name lower-cased; then
  `add_upload_submission`: `_<attachment id>_<file name>`). A second upload of `results.json` is stored by
  Canvas as `results-1.json`.
- Canvas gradebook export / import: canvas-lms `app/models/gradebook_importer.rb` (header `Student, ID, SIS
  User ID, SIS Login ID, Section, <Title> (<id>)`; an optional `Points Possible` row; `process_student`
  finds the student by `ID` first, then SIS User ID, then SIS Login ID; `no_score?`: a blank cell changes
  nothing; scores compared at 2 decimals).
- Moodle "Download all submissions": mod/assign/locallib.php `download_submissions` (`<full name>_<participant
  id>_assignsubmission_file_<file>`, or a folder of that prefix); the grading worksheet: mod/assign
  `gradingtable.php` (`Identifier` = get_string('hiddenuser') . uniqueid = "Participant 4400", `Full name`,
  `Email address`, `Status`, `Grade`, ...) and mod/assign/feedback/offline/importgradeslib.php (which strips
  "Participant " to find the user); the grade import: grade/import/csv/classes/load_data.php
  (`check_user_exists` maps one column to id / idnumber / email / username, and one row it cannot map aborts
  the whole import; `''` or `-` is "no grade").
"""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from course_helpers.cli import main
from course_helpers.instructor import gradebook as gb
from course_helpers.instructor.release import load_key
from course_helpers.instructor.simulate import simulate_class
from course_helpers.quizzing.grading import grade

EXAM = "13_final_exam"


def _class(course_key: Path, tmp_path: Path, n: int) -> tuple[list[dict[str, Any]], Any]:
    key = load_key(course_key)
    made = simulate_class(key, tmp_path / "raw", n, seed=11, exam_share=1.0, tamper=False)
    docs = [json.loads(path.read_text(encoding="utf-8")) for path in made.files.values()]
    return docs, key


def _exam_score(doc: dict[str, Any], key: Any) -> float:
    """The exam score computed straight from one learner's own file (the key's questions, the file's answers)."""
    questions = {q.id: q for bank in key.banks.values() for q in bank.questions}
    sessions = {s["session"] for s in doc["sessions"] if s["bank"] == EXAM}
    return sum(grade(questions[a["question"]], a["answer"]).points for a in doc["attempts"] if a["session"] in sessions)


def _never_sat(doc: dict[str, Any]) -> dict[str, Any]:
    return {**doc, "attempts": [a for a in doc["attempts"] if a["session"] is None], "sessions": []}


def _write_zip(path: Path, members: list[tuple[str, dict[str, Any]]]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, doc in members:
            archive.writestr(zipfile.ZipInfo(name, (2026, 3, 9, 12, 0, 0)), json.dumps(doc))
    return path


# --------------------------------------------------------------------------- Canvas

CANVAS_PEOPLE = [  # (Student as Canvas shows it, sortable name in the zip, Canvas user id, SIS User ID, SIS Login)
    ("Sam Rivera", "riverasam", "4101", "S-1001", "srivera"),
    ("José Núñez", "núñezjosé", "4102", "S-1002", "jnunez"),
    ("Dia Nguyen", "nguyendia", "4103", "S-1003", "dnguyen"),
    ("Ann Lee", "leeann", "4104", "S-1004", "alee"),
    ("Ben Ortiz", "ortizben", "4105", "S-1005", "bortiz"),
    ("Kim Park", "parkkim", "4106", "S-1006", "kpark"),
    ("Kim Park", "parkkim", "4107", "S-1007", "kpark2"),  # two students of the same name
    ("Never Handed-In", "handedinnever", "4108", "S-1008", "nhandedin"),
]


def _canvas_roster(path: Path, people: list[tuple[str, ...]] = CANVAS_PEOPLE) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:  # Grades > Export > Export Entire Gradebook
        writer = csv.writer(handle)
        writer.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Final exam (7001)",
                         "Current Score", "Final Score"])
        writer.writerow(["    Points Possible", "", "", "", "", "40", "(read only)", "(read only)"])
        for student, _, user_id, sis_user, sis_login in people:
            writer.writerow([student, user_id, sis_user, sis_login, "HIM 210 Section 1", "", "", ""])
        writer.writerow(["Student, Test", "9999", "", "", "HIM 210 Section 1", "", "", ""])
    return path


def test_a_canvas_download_is_graded_and_exported_under_canvas_ids(course_key, tmp_path: Path, capsys) -> None:
    docs, key = _class(course_key, tmp_path, 7)
    sam, jose, dia, ann, ben, kim, lou = docs
    sam["learner"], jose["learner"], dia["learner"] = "Sam Rivera", "jose", "dia.nguyen"
    ben["learner"] = "ben"
    kim["learner"] = lou["learner"] = "student"  # two lab machines, both left as "student"
    # Ann hands in her own answers under Ben's name, with a date in the future: it stays Ann's
    ann_claims_ben = {**ann, "learner": "ben", "exported_at": "2099-01-01T00:00:00Z"}
    jose_first = _never_sat(jose)  # José's first upload had no exam; he uploaded again (Canvas: results-1.json)
    lou = _never_sat(lou)  # Lou never sat the exam
    zip_path = _write_zip(tmp_path / "him210-final-exam submissions.zip", [
        ("riverasam_4101_99001_results.json", sam),
        ("núñezjosé_4102_99002_results.json", jose_first),
        ("núñezjosé_4102_99010_results-1.json", jose),
        ("nguyendia_LATE_4103_99003_results.json", dia),
        ("leeann_4104_99004_results.json", ann_claims_ben),
        ("ortizben_4105_99005_results.json", ben),
        ("parkkim_4106_99006_results.json", kim),
        ("parkkim_4107_99007_results.json", lou),
    ])
    book = tmp_path / "gradebook.sqlite3"
    assert main(["grade", str(zip_path), "--key", str(course_key), "-o", str(book), "--no-progress"]) == 0
    graded = capsys.readouterr().out
    assert "Graded 7 learner(s)" in graded  # Kim and Lou are not merged; José's two uploads are one learner
    assert "the file says learner 'ben', but the Canvas download names 'leeann' (id 4104)" in graded
    assert "two different learners use the name 'parkkim' (canvas 4106 and canvas 4107)" in graded

    out = tmp_path / "canvas-import.csv"
    roster = _canvas_roster(tmp_path / "canvas-export.csv")
    code = main(["gradebook", "export", str(book), "--to", "canvas", "--roster", str(roster), "-o", str(out),
                 "--assignment", f"{EXAM}=7001"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "Wrote 7 learner(s)" in captured.out
    assert "Never Handed-In (ID 4108)" in captured.err  # enrolled, no grade: listed
    table = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(table.columns) == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Final exam (7001)"]
    assert table.iloc[0]["Student"] == "Points Possible"  # default: the graded bank only, no new assignment
    rows = table.iloc[1:].set_index("ID")["Final exam (7001)"]
    own = {"4101": sam, "4102": jose, "4103": dia, "4104": ann, "4105": ben, "4106": kim}
    for canvas_id, doc in own.items():
        assert float(rows[canvas_id]) == pytest.approx(round(_exam_score(doc, key), 2)), canvas_id
    assert rows["4107"] == ""  # Lou never sat the exam: blank leaves Canvas's cell alone, never 0
    assert "4108" not in rows.index and "9999" not in rows.index


def test_a_canvas_export_that_matches_no_one_writes_nothing_and_fails(course_key, tmp_path: Path, capsys) -> None:
    docs, _ = _class(course_key, tmp_path, 2)
    zip_path = _write_zip(tmp_path / "subs.zip", [("riverasam_4101_99001_results.json", docs[0]),
                                                  ("leeann_4104_99004_results.json", docs[1])])
    book = tmp_path / "gradebook.sqlite3"
    assert main(["grade", str(zip_path), "--key", str(course_key), "-o", str(book), "--no-progress"]) == 0
    other = _canvas_roster(tmp_path / "other-course.csv", [("Zed Z", "zedz", "5001", "", "zz")])
    out = tmp_path / "canvas-import.csv"
    args = ["gradebook", "export", str(book), "--to", "canvas", "--roster", str(other), "-o", str(out),
            "--assignment", f"{EXAM}=7001"]
    assert main(args) == 1
    assert "not in the Canvas roster" in capsys.readouterr().err
    assert main([*args, "--skip-unmatched"]) == 1
    assert "no learner in the gradebook matches the Canvas roster (0 rows)" in capsys.readouterr().err
    assert not out.exists()


# --------------------------------------------------------------------------- Moodle

MOODLE_PEOPLE = [  # (full name, participant number of this assignment, e-mail)
    ("Sam Rivera", "4400", "sam.rivera@example.edu"),
    ("José Núñez", "4401", "jose.nunez@example.edu"),
    ("Kim Park", "4402", "kim.park@example.edu"),
    ("Lou Fox", "4403", "lou.fox@example.edu"),
    ("Never Handed-In", "4404", "never@example.edu"),
]


def _moodle_worksheet(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:  # View all submissions > Download grading worksheet
        writer = csv.writer(handle)
        writer.writerow(["Identifier", "Full name", "Email address", "Status", "Grade", "Maximum grade",
                         "Grade can be changed", "Last modified (submission)", "File submissions",
                         "Last modified (grade)", "Feedback comments"])
        for name, participant, email in MOODLE_PEOPLE:
            writer.writerow([f"Participant {participant}", name, email, "Submitted for grading - Not graded", "",
                             "40.00", "Yes", "Monday, 9 March 2026, 12:00 PM", "results.json", "-", ""])
    return path


def test_a_moodle_download_is_graded_and_exported_by_email(course_key, tmp_path: Path, capsys) -> None:
    docs, key = _class(course_key, tmp_path, 4)
    sam, jose, kim, lou = docs
    sam["learner"], jose["learner"] = "sam", "José Núñez"
    kim["learner"] = lou["learner"] = "student"
    zip_path = _write_zip(tmp_path / "HIM210-Final exam-4400.zip", [
        ("Sam Rivera_4400_assignsubmission_file_/results.json", sam),  # "Download submissions in folders"
        ("José Núñez_4401_assignsubmission_file_results.json", jose),  # the flat form
        ("Kim Park_4402_assignsubmission_file_/results.json", kim),
        ("Lou Fox_4403_assignsubmission_file_/results.json", lou),
    ])
    book = tmp_path / "gradebook.sqlite3"
    assert main(["grade", str(zip_path), "--key", str(course_key), "-o", str(book), "--no-progress"]) == 0
    assert "Graded 4 learner(s)" in capsys.readouterr().out
    learners = gb.learner_totals(book)
    assert learners["learner"].nunique() == 4

    out = tmp_path / "moodle-import.csv"
    worksheet = _moodle_worksheet(tmp_path / "Grades-HIM210-Final exam-4400.csv")
    code = main(["gradebook", "export", str(book), "--to", "moodle", "--roster", str(worksheet), "-o", str(out)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "Never Handed-In (Participant 4404)" in captured.err
    table = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(table.columns) == ["Email address", "Final exam (Real)"]  # default: the graded bank only
    rows = table.set_index("Email address")["Final exam (Real)"]
    own = {"sam.rivera@example.edu": sam, "jose.nunez@example.edu": jose, "kim.park@example.edu": kim,
           "lou.fox@example.edu": lou}
    assert set(rows.index) == set(own)  # never a participant number, which Moodle would map to other users
    for email, doc in own.items():
        assert float(rows[email]) == pytest.approx(round(_exam_score(doc, key), 2)), email


def test_moodle_refuses_a_learner_the_worksheet_lacks(course_key, tmp_path: Path, capsys) -> None:
    docs, _ = _class(course_key, tmp_path, 2)
    zip_path = _write_zip(tmp_path / "subs.zip", [
        ("Sam Rivera_4400_assignsubmission_file_/results.json", docs[0]),
        ("Dropped Out_4499_assignsubmission_file_/results.json", docs[1]),
    ])
    book = tmp_path / "gradebook.sqlite3"
    assert main(["grade", str(zip_path), "--key", str(course_key), "-o", str(book), "--no-progress"]) == 0
    out = tmp_path / "moodle-import.csv"
    worksheet = _moodle_worksheet(tmp_path / "worksheet.csv")
    args = ["gradebook", "export", str(book), "--to", "moodle", "--roster", str(worksheet), "-o", str(out)]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "participant 4499 is not in the Moodle roster" in err and "abort the whole import" in err
    assert not out.exists()
    assert main([*args, "--skip-unmatched"]) == 0
    assert pd.read_csv(out)["Email address"].tolist() == ["sam.rivera@example.edu"]
