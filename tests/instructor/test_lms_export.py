"""LMS exports: each file is read back with pandas and checked against the LMS's column rules."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from course_helpers.errors import CourseInputError
from course_helpers.instructor.lms_export import CanvasRoster, export_frames, questions_path, read_canvas_roster

TRICKY = 'O\'Brien, Ana "Annie"\nJr.'  # a comma, quotes and a line break in one name
TITLES = {"01_the_role": "Lesson one, the role", "13_final_exam": "Final exam"}


def _totals() -> pd.DataFrame:
    rows = [
        ("ana", "01_the_role", 8.0, 10.0, True),
        ("ana", "13_final_exam", 30.5, 40.0, True),
        ("ben", "01_the_role", 5.0, 10.0, False),
        ("ben", "13_final_exam", 35.0, 40.0, True),
        ("cara", "01_the_role", 10.0, 10.0, True),
        ("cara", "13_final_exam", 20.0, 40.0, False),
        ("zed", "01_the_role", 7.0, 10.0, True),
        ("zed", "13_final_exam", 28.0, 40.0, True),
    ]
    frame = pd.DataFrame(rows, columns=["learner", "bank", "score", "max_score", "passed"])
    frame["percent"] = 100 * frame["score"] / frame["max_score"]
    return frame[["learner", "bank", "score", "max_score", "percent", "passed"]]


def _responses() -> pd.DataFrame:
    rows = [
        ("ana", "ana_login", "01_the_role", "q1", '=HYPERLINK("x")', '=HYPERLINK("x")', 1.0, 1.0, True),
        ("ben", "ben_login", "01_the_role", "q1", "B, then C", "B, then C", 0.0, 1.0, False),
        ("cara", "Cara_Login", "01_the_role", "q1", "A", "A", 1.0, 1.0, True),
        ("zed", "zed_login", "13_final_exam", "q9", ["A", "C"], '["A", "C"]', 2.0, 2.0, True),
    ]
    frame = pd.DataFrame(
        rows, columns=["learner", "lms_id", "bank", "question", "answer", "choice", "score", "max_points", "correct"]
    )
    frame["submitted_at"] = "2026-11-20T10:00:00Z"
    return frame


def _roster(tmp_path: Path) -> Path:
    path = tmp_path / "canvas-export.csv"
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Lesson one, the role (101)"])
        writer.writerow(["    Points Possible", "", "", "", "", "10"])
        writer.writerow([TRICKY, "9001", "S-1", "ana_login", "Section A"])
        writer.writerow(["Ben Ng", "9002", "S-2", "ben_login", "Section B"])
        writer.writerow(["Cara Diaz", "9003", "S-3", "cara_login", "Section B"])
        writer.writerow(["Student, Test", "9999", "", "", ""])
    return path


def test_roster_reads_students_and_assignment_ids(tmp_path: Path) -> None:
    roster = read_canvas_roster(_roster(tmp_path))
    assert [e.sis_login_id for e in roster.entries] == ["ana_login", "ben_login", "cara_login"]
    assert roster.entries[0].student == TRICKY
    assert roster.assignments == {"Lesson one, the role": "101"}


def test_canvas_layout_points_possible_and_unknown_learners(tmp_path: Path) -> None:
    out = tmp_path / "canvas.csv"
    result = export_frames(
        _totals(), _responses(), "canvas", out, titles=TITLES, roster=_roster(tmp_path),
        create_assignments=True, skip_unmatched=True,
    )
    table = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(table.columns) == [
        "Student",
        "ID",
        "SIS User ID",
        "SIS Login ID",
        "Section",
        "Lesson one, the role (101)",
        "Final exam",
    ]
    assert table.iloc[0].tolist() == ["Points Possible", "", "", "", "", "10", "40"]
    students = table.iloc[1:].set_index("SIS Login ID")
    assert list(students.index) == ["ana_login", "ben_login"]  # cara's id differs in case: not guessed
    assert students.loc["ana_login", "Student"] == TRICKY
    assert students.loc["ana_login", "ID"] == "9001"
    assert students.loc["ana_login", "Final exam"] == "30.5"
    assert students.loc["ben_login", "Lesson one, the role (101)"] == "5"
    assert result.learners == 2
    assert len(result.unknown) == 2
    assert result.unknown[0].startswith("cara: id 'Cara_Login' is not a Canvas ID, SIS User ID or SIS Login ID")
    assert "'cara_login'" in result.unknown[0]
    assert result.unknown[1].startswith("zed: id 'zed_login' is not")
    assert result.missing == ["Cara Diaz (ID 9003)"]  # enrolled, no grade in the gradebook: listed
    assert len(result.warnings) == 1 and "creates a NEW assignment" in result.warnings[0]


def test_canvas_refuses_new_assignments_and_unmatched_learners(tmp_path: Path) -> None:
    out = tmp_path / "canvas.csv"
    with pytest.raises(CourseInputError, match="'Final exam' .13_final_exam. have no Canvas assignment id"):
        export_frames(_totals(), _responses(), "canvas", out, titles=TITLES, roster=_roster(tmp_path))
    with pytest.raises(CourseInputError, match="2 learner.s. in the gradebook are not in the Canvas roster"):
        export_frames(_totals(), _responses(), "canvas", out, titles=TITLES, roster=_roster(tmp_path),
                      assignment_ids={"13_final_exam": "202"})
    assert not out.exists()


def test_canvas_assignment_id_given_and_no_points_row(tmp_path: Path) -> None:
    out = tmp_path / "canvas.csv"
    result = export_frames(
        _totals(),
        _responses(),
        "canvas",
        out,
        titles=TITLES,
        roster=_roster(tmp_path),
        assignment_ids={"13_final_exam": "202"},
        banks=["13_final_exam"],
        points_possible=False,
        skip_unmatched=True,
    )
    table = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(table.columns)[5:] == ["Final exam (202)"]
    assert table["Student"].iloc[0] == TRICKY
    assert result.warnings == []


def test_canvas_needs_a_roster_and_a_real_one(tmp_path: Path) -> None:
    with pytest.raises(CourseInputError, match="needs --roster"):
        export_frames(_totals(), _responses(), "canvas", tmp_path / "c.csv", titles=TITLES)
    bad = tmp_path / "bad.csv"
    bad.write_text("name,score\nana,1\n", encoding="utf-8")
    with pytest.raises(CourseInputError, match="not a Canvas gradebook export .no Student, ID, Section"):
        export_frames(_totals(), _responses(), "canvas", tmp_path / "c.csv", roster=bad)


def test_moodle_user_list_identifier_column_and_real_columns(tmp_path: Path) -> None:
    roster = tmp_path / "moodle-users.csv"
    roster.write_text(
        "First name,Last name,ID number,Email address\nAna,X,ana_login,ana@example.edu\n"
        "Ben,Y,ben_login,ben@example.edu\nCara,Z,Cara_Login,cara@example.edu\nZed,W,zed_login,zed@example.edu\n",
        encoding="utf-8",
    )
    out = tmp_path / "moodle.csv"
    result = export_frames(_totals(), _responses(), "moodle", out, titles=TITLES, identifier="idnumber", roster=roster)
    table = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(table.columns) == ["ID number", "Lesson one, the role (Real)", "Final exam (Real)"]
    assert table["ID number"].tolist() == ["ana_login", "ben_login", "Cara_Login", "zed_login"]
    assert table.set_index("ID number").loc["zed_login", "Final exam (Real)"] == "28"
    assert result.unknown == []


def test_moodle_refuses_learners_the_roster_lacks(tmp_path: Path) -> None:
    responses = _responses()
    responses["lms_id"] = ["ana@example.edu", "ben@example.edu", "cara", "zed@example.edu"]
    roster = tmp_path / "moodle-users.csv"
    roster.write_text("First name,Last name,Email address\nAna,X,ana@example.edu\nBen,Y,ben@example.edu\n")
    out = tmp_path / "moodle.csv"
    with pytest.raises(CourseInputError, match="Moodle would abort the whole import"):
        export_frames(_totals(), responses, "moodle", out, identifier="email", roster=roster)
    assert not out.exists()
    result = export_frames(_totals(), responses, "moodle", out, identifier="email", roster=roster,
                           skip_unmatched=True)
    table = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert table["Email address"].tolist() == ["ana@example.edu", "ben@example.edu"]
    assert [line.split(":")[0] for line in result.unknown] == ["cara", "zed"]


def test_plain_csv_wide_and_long_files(tmp_path: Path) -> None:
    out = tmp_path / "grades.csv"
    totals = _totals()
    totals.loc[totals["learner"] == "ana", "learner"] = TRICKY
    responses = _responses()
    responses.loc[responses["learner"] == "ana", "learner"] = TRICKY
    result = export_frames(totals, responses, "csv", out)
    assert result.files == [out, questions_path(out)]
    wide = pd.read_csv(out, keep_default_na=False)
    assert list(wide.columns) == [
        "learner",
        "lms_id",
        "01_the_role score",
        "01_the_role max",
        "01_the_role percent",
        "01_the_role passed",
        "13_final_exam score",
        "13_final_exam max",
        "13_final_exam percent",
        "13_final_exam passed",
        "total score",
        "total max",
        "total percent",
        "passed",
    ]
    rows = wide.set_index("learner")
    assert rows.loc[TRICKY, "total score"] == 38.5
    assert rows.loc[TRICKY, "total max"] == 50
    assert rows.loc[TRICKY, "total percent"] == 77
    assert rows.loc[TRICKY, "passed"] == "pass"
    assert rows.loc["ben", "passed"] == "fail"  # failed lesson 01, passed the exam: not every bank passed
    assert rows.loc["cara", "13_final_exam passed"] == "fail"
    long = pd.read_csv(questions_path(out), keep_default_na=False)
    assert list(long.columns) == [
        "learner",
        "lms_id",
        "bank",
        "question",
        "answer",
        "choice",
        "score",
        "max_points",
        "correct",
        "submitted_at",
    ]
    assert len(long) == 4
    assert long["learner"].iloc[0] == TRICKY
    assert long["answer"].iloc[0] == '\'=HYPERLINK("x")'  # a formula is defused for spreadsheets
    assert long["answer"].iloc[1] == "B, then C"
    assert long["answer"].iloc[3] == '["A", "C"]'


def test_nothing_is_overwritten_without_force(tmp_path: Path) -> None:
    out = tmp_path / "grades.csv"
    out.write_text("keep me", encoding="utf-8")
    with pytest.raises(CourseInputError, match="exists; pass --force"):
        export_frames(_totals(), _responses(), "csv", out)
    assert out.read_text(encoding="utf-8") == "keep me"
    export_frames(_totals(), _responses(), "csv", out, force=True)
    assert out.read_text(encoding="utf-8").startswith("learner,lms_id,")


def test_unknown_bank_and_target_are_named(tmp_path: Path) -> None:
    with pytest.raises(CourseInputError, match="no bank '02_x' in the gradebook; banks: 01_the_role, 13_final_exam"):
        export_frames(_totals(), _responses(), "csv", tmp_path / "g.csv", banks=["02_x"])
    with pytest.raises(CourseInputError, match="unknown export target 'blackboard'"):
        export_frames(_totals(), _responses(), "blackboard", tmp_path / "g.csv")


def test_plain_csv_leaves_a_bank_never_sat_blank(tmp_path: Path) -> None:
    totals = _totals().assign(attempted=True)
    totals.loc[(totals["learner"] == "ben") & (totals["bank"] == "13_final_exam"), ["score", "percent", "passed",
                                                                                  "attempted"]] = [0.0, 0.0, False,
                                                                                                   False]
    out = tmp_path / "grades.csv"
    export_frames(totals, _responses(), "csv", out)
    ben = pd.read_csv(out, keep_default_na=False, dtype=str).set_index("learner").loc["ben"]
    assert ben["13_final_exam score"] == "" and ben["13_final_exam passed"] == "not taken"
    assert ben["total max"] == "10"  # the bank never sat adds nothing to the totals


def test_a_download_id_never_matches_a_sis_id_or_id_number_by_its_digits(tmp_path: Path) -> None:
    """A number from a download's file names is the Canvas user id (or the Moodle participant number): a
    student whose SIS id holds the same digits is another person."""
    from course_helpers.instructor.lms_export import (
        MoodleEntry,
        MoodleRoster,
        RosterEntry,
        _canvas_match,
        _moodle_match,
    )

    canvas = CanvasRoster((RosterEntry("Other Person", "9100", "4101", "4101", "A"),))
    assert _canvas_match("riverasam", "4101", canvas) == (None, "")  # Canvas user 4101 is not enrolled
    assert _canvas_match("4101", "4101", canvas)[1] == "SIS User ID"  # a hub user named 4101: a SIS id
    users = MoodleRoster((MoodleEntry("", "Other Person", "o@x.edu", "4400", "4400"),), False,
                         ("Email address", "Username", "ID number"))
    assert _moodle_match("Sam Rivera", "4400", users) is None  # participant 4400 is not user 4400
