"""Feedback a learner reads, and hand-in downloads: readable, distinct file names; blank answers are "not
answered" (not problems); scores rounded as the LMS shows them."""

from __future__ import annotations

import json
from pathlib import Path

from course_helpers.classroom import hand_in_files as hub_collect
from course_helpers.cli import main
from course_helpers.instructor import gradebook as gb
from course_helpers.instructor.release import load_key
from course_helpers.instructor.simulate import simulate_class

NAMES = ["zoë", "zoé", "élise", "lise", "José Núñez"]


def test_feedback_names_blanks_and_rounding(course_key, tmp_path: Path, capsys) -> None:
    made = simulate_class(load_key(course_key), tmp_path / "raw", len(NAMES), seed=5, tamper=False)
    folder = tmp_path / "subs"
    folder.mkdir()
    for n, (name, path) in enumerate(zip(NAMES, made.files.values(), strict=True)):
        doc = json.loads(path.read_text(encoding="utf-8"))
        doc["learner"] = name
        if name == "élise":  # she left two questions blank
            for attempt in [a for a in doc["attempts"] if a["bank"] == "01_the_role"][:2]:
                attempt["answer"] = None if attempt is doc["attempts"][0] else ""
        (folder / f"hand-in-{n}.json").write_text(json.dumps(doc), encoding="utf-8")
    book = tmp_path / "gradebook.sqlite3"
    assert main(["grade", str(folder), "--key", str(course_key), "-o", str(book), "--no-progress"]) == 0
    assert "invalid answer" not in capsys.readouterr().out  # a blank is not a problem
    assert main(["feedback", "--gradebook", str(book), "--key", str(course_key), "-o", str(tmp_path / "fb")]) == 0
    assert "Wrote 5 feedback file(s)" in capsys.readouterr().out
    files = sorted(p.name for p in (tmp_path / "fb").iterdir())
    assert files == sorted(f"{name}.md" for name in NAMES)  # readable, and five learners give five files
    elise = (tmp_path / "fb" / "élise.md").read_text(encoding="utf-8")
    assert "Not answered: 2 question(s) in" in elise
    assert "`None`" not in elise and "``" not in elise
    totals = gb.learner_totals(book).set_index(["learner", "bank"])
    for name in NAMES:
        text = (tmp_path / "fb" / f"{name}.md").read_text(encoding="utf-8")
        row = totals.loc[(name, "01_the_role")]
        assert f"| {round(row.score, 2):g} / {row.max_score:g} |" in text
        answers = gb.responses_frame(book, "latest").query("learner == @name")
        missed = answers[~answers["correct"] & ~answers["answer"].isin(["null", '""'])]
        missed = missed[missed["bank"] != "13_final_exam"]  # one sitting of two: the exam's key stays back
        assert text.count("- Your answer:") == len(missed)  # the missed and partly right ones, not all 202


def test_hand_in_download_never_merges_two_hub_users(tmp_path: Path, monkeypatch) -> None:
    receipts = [{"id": i + 1, "hub_user": name, "version": 1, "received_at": "2026-03-09T12:00:00Z",
                 "size_bytes": 10} for i, name in enumerate(["zoë", "zoé", "élise", "lise", "Ana", "ana"])]
    monkeypatch.setattr(hub_collect, "list_submissions", lambda url, token, user=None, latest=False: receipts)
    monkeypatch.setattr(hub_collect, "download_submission_text", lambda url, token, sid: f'{{"n": {sid}}}')
    saved = hub_collect.download("https://hub.example/services/s/", "tok", tmp_path / "out")
    assert len(saved) == 6 and sum(s.written for s in saved) == 6
    assert len(list((tmp_path / "out").iterdir())) == 6
    assert {p.name for p in (tmp_path / "out").iterdir()} >= {"zoë.v1.json", "zoé.v1.json", "élise.v1.json",
                                                              "lise.v1.json"}
    again = hub_collect.download("https://hub.example/services/s/", "tok", tmp_path / "out")
    assert sum(s.written for s in again) == 0  # the same bytes are already there: nothing overwritten
