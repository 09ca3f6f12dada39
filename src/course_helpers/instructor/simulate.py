"""The class generator (the one the tests, the benchmark and the instructor notebook use): learners of
different abilities answer every bank of a key, some sit the exam, and a few files are damaged or tampered with.

Each learner has an ability and each question a difficulty (both standard normal, from the seed); a learner
answers a question right with the Rasch probability 1 / (1 + exp(difficulty - ability)). A wrong answer is
a plausible wrong one of the question's kind: on a choice question the wrong picks are spread unevenly over
its distractors, as in real classes (each question's distractor shares are drawn from a Dirichlet(0.6)
distribution: usually one popular distractor and one nobody picks); other kinds get a reversed order or a
different code. `miskeyed` names a question answered as if its key were wrong: the stronger the learner,
the likelier they pick its first distractor (the answer a wrong key would mark wrong), the weaker ones pick
the key, so the item analysis has a negative discrimination to find, clear of chance at a class of 30.
The file records the score the learner saw: the grade for a practice bank, "saved" (0 points) for a graded one.
`made_up_class()` releases the course into a temporary folder and writes a class there, for the notebook.
"""

from __future__ import annotations

import atexit
import bisect
import copy
import itertools
import json
import math
import os
import random
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from course_helpers.errors import CourseInputError
from course_helpers.instructor.release import Key, load_key, release
from course_helpers.quizzing.grading import AnyQuestion, correct_response, grade
from course_helpers.records.submission import FORMAT

TAMPER_KINDS = (
    "edited score",
    "edited answer",
    "copied file",
    "renamed copy",
    "truncated",
    "other course",
    "wrong version",
    "unknown bank version",
    "unknown question",
    "exported twice",
)

MISKEYED = "role-facility-codes"
"""The question `made_up_class` answers as if it were miskeyed (its best learners pick a distractor)."""

ALL_MISSED = "codes-two-claims"
"""The question `made_up_class` has everyone miss (p = 0: a wrong key, or a lesson that never taught it)."""

RETRY_BOOST = 1.0
"""How much easier (in logits) a practice question is on the retry, after the learner saw "incorrect"."""

MADE_UP_RETRIES = 0.6
"""In `made_up_class`, the chance a learner retries a practice question they got wrong."""

MISKEY_SLOPE = 3.0
"""How steeply the chance of picking a miskeyed question's first distractor rises with ability (logistic).
At 3 the planted miskey's item-rest r is about -0.55 and its 95% interval lies below 0 in a class of 30 (34 of 40
seeds, against 16 of 40 at the former 2 with 30% of the other learners sent to the last distractor); a real
question's chance negative r at that size has an interval spanning 0."""

DISTRACTOR_CONCENTRATION = 0.6
"""Dirichlet concentration of the distractor shares: below 1, wrong picks bunch on one or two distractors."""


@dataclass
class ClassFiles:
    """What the generator wrote: the folder, each learner's file, and the tampering done (kind -> files)."""

    folder: Path
    files: dict[str, Path] = field(default_factory=dict)
    tampered: dict[str, list[str]] = field(default_factory=dict)
    abilities: dict[str, float] = field(default_factory=dict)
    key_path: Path | None = None  # set by `made_up_class`: the instructor key the class answered

    @property
    def untouched(self) -> list[str]:
        """Learners whose file was left exactly as the course wrote it."""
        touched = {name for names in self.tampered.values() for name in names}
        return [name for name in self.files if name not in touched]


def wrong_response(question: AnyQuestion) -> Any:
    """A plausible wrong answer of the right kind (the first of `wrong_responses`)."""
    return wrong_responses(question)[0]


def wrong_responses(question: AnyQuestion) -> list[Any]:
    """Every plausible wrong answer the generator uses: one per distractor for a choice question, else one."""
    match question.type:
        case "single_choice":
            return [c for c in question.choices if c != question.answer]  # type: ignore[union-attr]
        case "multiple_select":
            wrong = [c for c in question.choices if c not in question.answer]  # type: ignore[union-attr]
            if wrong:  # the right set plus one distractor
                return [[*question.answer, d] for d in wrong]  # type: ignore[union-attr]
            return [list(question.answer[:-1])]  # type: ignore[union-attr]
        case "true_false":
            return [not question.answer]  # type: ignore[union-attr]
        case "numeric":
            return [float(question.answer) + question.tolerance + 1 + abs(float(question.answer))]  # type: ignore
        case "short_text":
            return ["not sure"]
        case "code":
            return ["Z0000" if str(question.answer).upper().replace(".", "") != "Z0000" else "A0000"]
        case "ordering":
            return [list(reversed(question.answer))]  # type: ignore[arg-type]
    raise ValueError(question.type)


def distractor_shares(count: int, rng: random.Random, concentration: float = DISTRACTOR_CONCENTRATION) -> list[float]:
    """`count` shares summing to 1, drawn from a symmetric Dirichlet (uneven when concentration < 1)."""
    draws = [rng.gammavariate(concentration, 1.0) for _ in range(count)]
    total = sum(draws)
    return [d / total for d in draws] if total > 0 else [1 / count] * count


def _difficulty(question_id: str, seed: int) -> float:
    return random.Random(f"{seed}:{question_id}").gauss(0, 1)


def _at(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


Seen = tuple[Any, bool, float]  # an answer, and the verdict and points the course showed for it


class _Answers:
    """Per question: the right answer, the wrong ones with their cumulative shares, and the points (computed once)."""

    def __init__(self, key: Key, seed: int) -> None:
        self.table: dict[tuple[str, str], tuple[Seen, list[Seen], list[float], float]] = {}
        for bank in key.banks.values():
            for q in bank.questions:
                right = correct_response(q)
                rg = grade(q, right)
                wrongs = []
                for wrong in wrong_responses(q):
                    wg = grade(q, wrong)
                    wrongs.append((wrong, wg.correct, wg.points))
                shares = distractor_shares(len(wrongs), random.Random(f"{seed}:distractors:{bank.id}:{q.id}"))
                cumulative = list(itertools.accumulate(shares))
                self.table[(bank.id, q.id)] = ((right, rg.correct, rg.points), wrongs, cumulative, q.points)


def simulate_class(
    key: Key,
    folder: Path | str,
    learners: int,
    *,
    seed: int = 0,
    exam_share: float = 0.6,
    tamper: bool = True,
    start: datetime | None = None,
    miskeyed: str | None = None,
    all_missed: str | None = None,
    retries: float = 0.0,
) -> ClassFiles:
    """Write `learners` submission files into `folder` (plus, with `tamper`, the damaged ones).

    `miskeyed` (a question id) is answered as if its key were wrong: a learner picks its first distractor
    with chance 1 / (1 + exp(-MISKEY_SLOPE * ability)), so the strongest learners "miss" it; the others pick
    the key. `all_missed` (a question id) is answered wrong by everyone. `retries` is
    the chance that a learner told "incorrect" on a practice question tries it again at once (the retry is
    right with the Rasch chance one logit easier), as learners do when retries are unlimited.
    """
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    begin = start or datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    answers = _Answers(key, seed)
    for option, question in (("miskeyed", miskeyed), ("all_missed", all_missed)):
        if question is not None and not any(q == question for _, q in answers.table):
            raise CourseInputError(f"{option}: the key has no question {question!r}")
    difficulty = {q: _difficulty(q[1], seed) for q in answers.table}
    # learners sit the released copy: a graded bank's answers carry its released hash, never the authoring one
    hashes = {b.id: next((h for h in b.hashes if h != b.authoring_hash), b.hashes[0]) for b in key.banks.values()}
    exams = [b for b in key.banks.values() if b.mode == "exam" and b.questions]
    practice = [b for b in key.banks.values() if b.mode != "exam"]
    result = ClassFiles(out)
    for n in range(learners):
        name = f"learner-{n + 1:05d}"
        ability = rng.gauss(0, 1)
        result.abilities[name] = ability
        now = begin + timedelta(minutes=n)
        attempts: list[dict[str, Any]] = []
        sessions: list[dict[str, Any]] = []

        def answer(
            bank_id: str,
            question_id: str,
            graded: bool,
            session: str | None,
            moment: datetime,
            ability: float = ability,
            attempts: list[dict[str, Any]] = attempts,
        ) -> None:
            right, wrongs, cumulative, points = answers.table[(bank_id, question_id)]
            p = 1 / (1 + math.exp(difficulty[(bank_id, question_id)] - ability))
            knows = rng.random() < p
            if question_id == miskeyed:  # the stronger the learner, the likelier the "wrong" first distractor
                lured = rng.random() < 1 / (1 + math.exp(-MISKEY_SLOPE * ability))
                pick = wrongs[0] if lured else right
            elif knows and question_id != all_missed:
                pick = right
            elif len(wrongs) == 1:
                pick = wrongs[0]
            else:
                pick = wrongs[min(bisect.bisect_right(cumulative, rng.random() * cumulative[-1]), len(wrongs) - 1)]
            value, correct, earned = pick
            if graded:  # the learner saw "saved", no verdict
                correct, earned = False, 0.0
            attempts.append(
                {"bank": bank_id, "question": question_id, "answer": value, "correct": correct, "points": earned,
                 "max_points": points, "bank_hash": hashes[bank_id], "session": session, "at": _at(moment)}
            )
            special = question_id in (miskeyed, all_missed)
            if retries and session is None and not graded and not correct and not special and rng.random() < retries:
                # told "incorrect", the learner tries again: the feedback helps (one logit easier)
                again = rng.random() < 1 / (1 + math.exp(difficulty[(bank_id, question_id)] - ability - RETRY_BOOST))
                value, correct, earned = right if again else pick
                attempts.append(
                    {"bank": bank_id, "question": question_id, "answer": value, "correct": correct, "points": earned,
                     "max_points": points, "bank_hash": hashes[bank_id], "session": None,
                     "at": _at(moment + timedelta(seconds=8))}
                )

        for bank in practice:
            for q in bank.questions:
                now += timedelta(seconds=20)
                answer(bank.id, q.id, bank.graded, None, now)
        for bank in exams:
            if rng.random() >= exam_share:
                continue
            sid = f"{n:05d}{bank.id}"
            # a drawn exam's learner sits its first paper (the key holds the whole pool)
            for qid in bank.papers[0] if bank.papers else [q.id for q in bank.questions]:
                now += timedelta(seconds=30)
                answer(bank.id, qid, bank.graded, sid, now)
            now += timedelta(seconds=5)
            sessions.append({"bank": bank.id, "session": sid, "score": 0.0, "max_score": key.max_score(bank.id),
                             "passed": False, "finished_at": _at(now)})
        document = {
            "format": FORMAT,
            "schema_version": 1,
            "learner": name,
            "exported_at": _at(now + timedelta(minutes=1)),
            "package_version": "0.1.0",
            "attempts": attempts,
            "sessions": sessions,
            "summary": [],
        }
        path = out / f"{name}.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        result.files[name] = path
    if tamper:
        _tamper(result, key, rng)
    return result


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _save(path: Path, document: dict[str, Any]) -> None:
    path.write_text(json.dumps(document), encoding="utf-8")


def _tamper(result: ClassFiles, key: Key, rng: random.Random) -> None:
    """Damage one learner's file per kind (needs at least 10 learners)."""
    names = list(result.files)
    if len(names) < len(TAMPER_KINDS) + 2:
        raise ValueError(f"tampering needs at least {len(TAMPER_KINDS) + 2} learners")
    victims = dict(zip(TAMPER_KINDS, rng.sample(names, len(TAMPER_KINDS)), strict=True))
    live = {b.id for b in key.banks.values() if not b.graded}

    def mark(kind: str, name: str) -> None:
        result.tampered.setdefault(kind, []).append(name)

    # an edited score: a wrong practice answer claims full marks
    name = victims["edited score"]
    doc = _load(result.files[name])
    row = next((a for a in doc["attempts"] if a["bank"] in live and not a["correct"]), doc["attempts"][0])
    row["points"], row["correct"] = row["max_points"] + 1, True
    _save(result.files[name], doc)
    mark("edited score", name)

    # an edited answer: an answer that is not one of the choices
    name = victims["edited answer"]
    doc = _load(result.files[name])
    index = {(b.id, q.id): q for b in key.banks.values() for q in b.questions}
    row = next(a for a in doc["attempts"] if index[(a["bank"], a["question"])].type == "single_choice")
    row["answer"] = "an answer typed into the file by hand"
    _save(result.files[name], doc)
    mark("edited answer", name)

    # a copied file: someone hands in another learner's file under their own name
    name = victims["copied file"]
    donor = next(n for n in names if n != name and n not in victims.values())
    result.files[name].write_bytes(result.files[donor].read_bytes())
    mark("copied file", name)
    mark("copied file", donor)

    # a renamed copy: another learner's file with the learner id changed to the copier's
    name = victims["renamed copy"]
    doc = _load(result.files[donor])
    doc["learner"] = name
    _save(result.files[name], doc)
    mark("renamed copy", name)

    # a truncated file
    name = victims["truncated"]
    data = result.files[name].read_bytes()
    result.files[name].write_bytes(data[: len(data) // 2])
    mark("truncated", name)

    # a file from a different course: same format, no question this key knows
    name = victims["other course"]
    doc = _load(result.files[name])
    for a in doc["attempts"]:
        a["bank"], a["question"] = "01_intro_to_python", f"py-{a['question']}"
    doc["sessions"] = []
    _save(result.files[name], doc)
    mark("other course", name)

    # a newer layout this grader does not read
    name = victims["wrong version"]
    doc = _load(result.files[name])
    doc["schema_version"] = 2
    _save(result.files[name], doc)
    mark("wrong version", name)

    # answers recorded against a bank version the key does not know (an edited bank)
    name = victims["unknown bank version"]
    doc = _load(result.files[name])
    first_bank = doc["attempts"][0]["bank"]
    for a in doc["attempts"]:
        if a["bank"] == first_bank:
            a["bank_hash"] = "0123456789ab"
    _save(result.files[name], doc)
    mark("unknown bank version", name)

    # an answer to a question that does not exist
    name = victims["unknown question"]
    doc = _load(result.files[name])
    extra = copy.deepcopy(doc["attempts"][0])
    extra["question"] = "no-such-question"
    doc["attempts"].append(extra)
    _save(result.files[name], doc)
    mark("unknown question", name)

    # the same learner exported twice: an older export with fewer answers sits beside the newer one
    name = victims["exported twice"]
    doc = _load(result.files[name])
    older = {**doc, "attempts": doc["attempts"][:5], "sessions": [],
             "exported_at": _at(datetime(2026, 3, 1, 8, 0, tzinfo=UTC))}
    earlier = result.folder / f"{name} (earlier).json"
    _save(earlier, older)
    received = result.files[name].stat().st_mtime - 86400  # the platform received the earlier one a day before
    os.utime(earlier, (received, received))
    mark("exported twice", name)


def made_up_class(
    learners: int = 30, *, seed: int = 2026, miskeyed: str | None = MISKEYED, all_missed: str | None = ALL_MISSED
) -> ClassFiles:
    """Release the course into a new temporary folder and write a class of `learners` there (with a few
    damaged files, a miskeyed question, one everyone misses, and retries of practice questions missed); the
    result's `folder` holds the submissions
    and `key_path` the instructor key. The folder is removed when the Python process (the notebook's
    kernel) exits."""
    if learners < len(TAMPER_KINDS) + 2:
        raise CourseInputError(f"a made-up class needs at least {len(TAMPER_KINDS) + 2} learners (got {learners})")
    root = Path(tempfile.mkdtemp(prefix="made-up-class-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)  # gone when the kernel stops
    released = release(root / "release")
    made = simulate_class(
        load_key(released.key_path), root / "submissions", learners, seed=seed, miskeyed=miskeyed,
        all_missed=all_missed, retries=MADE_UP_RETRIES,
    )
    made.key_path = released.key_path
    return made
