"""The instructor's verbs run for real: release -> learners answer -> grade -> feedback."""

from __future__ import annotations

import csv
import subprocess
import sys

import pytest

from course_helpers.cli import main
from course_helpers.instructor.gradebook import learner_totals, problems_frame, responses_frame
from course_helpers.instructor.release import load_key
from course_helpers.instructor.simulate import simulate_class


@pytest.fixture(scope="module")
def cycle(tmp_path_factory):
    root = tmp_path_factory.mktemp("cycle")
    assert main(["release", "--out", str(root / "rel")]) == 0
    key = root / "rel/instructor/key.json"
    made = simulate_class(load_key(key), root / "subs", 12, seed=5)
    return root, key, made


def test_grade_command_reports_problems_and_writes_gradebook(cycle, capsys):
    root, key, made = cycle
    out = root / "g.sqlite3"
    code = main(["grade", str(made.folder), "--key", str(key), "-o", str(out), "--problems", str(root / "p.csv")])
    printed = capsys.readouterr().out
    assert code == 0
    lines = [line for line in printed.splitlines() if line.startswith("problem: ")]
    assert len(lines) == len(problems_frame(out)) >= 9
    with (root / "p.csv").open(encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == len(lines)
    assert "Graded 8 learner(s)" in printed  # 12 + 1 earlier export - truncated, other course, version, copy
    assert len(learner_totals(out)) == 8 * len(load_key(key).banks)
    # a second run refuses to overwrite, then replaces with --force
    assert main(["grade", str(made.folder), "--key", str(key), "-o", str(out)]) == 1
    assert "exists; pass --force" in capsys.readouterr().err
    assert main(["grade", str(made.folder), "--key", str(key), "-o", str(out), "--force"]) == 0


def test_grade_command_bad_inputs_one_line(cycle, tmp_path, capsys):
    root, key, made = cycle
    assert main(["grade", str(tmp_path / "nothing"), "--key", str(key), "-o", str(tmp_path / "g")]) == 1
    assert capsys.readouterr().err.strip().endswith("no such file or folder")
    bad_key = tmp_path / "key.json"
    bad_key.write_text("{}", encoding="utf-8")
    assert main(["grade", str(made.folder), "--key", str(bad_key), "-o", str(tmp_path / "g")]) == 1
    err = capsys.readouterr().err.strip()
    assert "is not a key file" in err and len(err.splitlines()) == 1


def test_feedback_command(cycle, capsys):
    root, key, made = cycle
    out = root / "g2.sqlite3"
    assert main(["grade", str(made.folder), "--key", str(key), "-o", str(out), "--no-progress"]) == 0
    totals = learner_totals(out)
    sat = set(totals.query("bank == '13_final_exam' and attempted")["learner"])
    learner = sorted(sat)[0]
    assert main(["feedback", "--gradebook", str(out), "--key", str(key), "-o", str(root / "fb")]) == 0
    text = (root / "fb" / f"{learner}.md").read_text(encoding="utf-8")
    summary, _, details = text.partition("## Questions to look at again")
    assert "## Summary" in summary and "**What to review**" in summary and "](notebooks/" in summary
    mine = totals.query("learner == @learner and bank == '13_final_exam'").iloc[0]
    assert f"| Final exam | {round(mine.score, 2):g} / {mine.max_score:g} |" in summary
    answers = responses_frame(out, "latest").query("learner == @learner")
    questions = {q.id: q for b in load_key(key).banks.values() for q in b.questions}
    right = answers[answers["correct"]]
    wrong = answers[~answers["correct"] & (answers["bank"] != "13_final_exam")]  # an attempt left: exam key kept
    assert details.count("- Your answer:") == len(wrong)  # only what was missed or partly right
    assert "Its questions and right answers are shown once you have no attempt left" in summary
    assert all(" ".join(questions[q].prompt.split()) not in details for q in right["question"])
    assert "None" not in details
    assert main(["feedback", "--gradebook", str(out), "--key", str(key), "-o", str(root / "fb")]) == 1
    assert "pass --force" in capsys.readouterr().err
    assert main(["feedback", "--gradebook", str(out), "--key", str(key), "-o", str(root / "fb2"),
                 "--learner", "nobody"]) == 1
    assert "no learner 'nobody'" in capsys.readouterr().err


def test_console_script_runs(cycle):
    root, key, made = cycle
    done = subprocess.run(
        [sys.executable, "-m", "course_helpers.cli", "grade", str(made.folder), "--key", str(key), "-o",
         str(root / "g3.sqlite3")],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "grading" not in done.stderr  # no progress bar when not on a terminal
