"""Release the course's banks to learners with graded banks' answers kept back, and write the instructor's key.

`release(out)` writes two folders under `out`:

- `out/learner/quizzes/`: the banks learners get. A practice bank is copied byte for byte, so its
  `bank_hash` stays the authoring one: the exam has its own pool, so nothing is taken out of the lessons. A
  graded bank is written as a withheld copy (`answers_withheld: true`): no answers, explanations, per-choice
  feedback, accepted variants, tolerances or `fact:`/`source:` tags, and its choices in a new order (seeded,
  recorded in the key as `choice_seed`) that puts the key at each position about equally often. A graded exam
  that draws from its pool is drawn now, one paper per allowed attempt (`papers`: attempt N sits paper N,
  each with the same blueprint), and only the questions on those papers are written.
- `out/learner/course_helpers-X+learners-py3-none-any.whl`: the course built with those banks
  (`instructor/learners_build.py`). Install it in a learners' image, on TLJH or on a laptop, so no graded
  answer sits in a learner's environment. `out/learner/notebooks/`: the lessons alone, to publish as the
  learners' repository for an nbgitpuller link (the course's own repository carries every bank's answers).
- `out/instructor/key.json` (in a folder made 0700, the file created 0600 before its first byte): every bank
  with its answers (a drawn exam's whole pool), the bank hashes a learner's file may name, and a drawn
  exam's papers. Keep it off the learners' machines: `course-helpers grade --key` regrades from it.

Nothing learner-side holds a secret: there is no signature or HMAC, because a key inside the learner's
environment can be read by the learner and used to forge one. Integrity comes from regrading every answer
from the key; authenticity from the channel the file arrives by (a hub collection service, an LMS upload).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from course_helpers import __version__
from course_helpers.errors import CourseInputError
from course_helpers.instructor.learners_build import write_learner_lessons, write_learners_wheel
from course_helpers.output_files import write_text
from course_helpers.quizzing.assemble import exam_papers
from course_helpers.quizzing.bank import BankError, LoadedBank, bank_paths, load_all, validate
from course_helpers.quizzing.grading import AnyQuestion
from course_helpers.quizzing.model import Question
from course_helpers.quizzing.session import QuizError

KEY_FORMAT = "inpatient-coder-course/key"
KEY_SCHEMA_VERSION = 1
LEARNER_DIR = Path("learner") / "quizzes"
KEY_FILE = Path("instructor") / "key.json"

# fields a withheld copy drops from every question (the rest is what a learner needs to answer)
_SECRET_FIELDS = ("answer", "explanation", "feedback", "accept", "tolerance")
# tags a withheld copy drops: the fact an item tests and the source its key rests on are hints
_SECRET_TAGS = ("fact:", "source:")

_QUESTION = TypeAdapter(Question)


class ReleaseError(CourseInputError):
    """The release cannot be written; the message says why."""


class KeyFileError(CourseInputError):
    """A key file that cannot be used; the message says which and why."""


@dataclass
class KeyBank:
    """One bank as the key knows it."""

    id: str
    title: str
    mode: str
    graded: bool
    pass_mark: float
    attempts_allowed: int | None
    hashes: list[str]
    questions: list[AnyQuestion]
    papers: list[list[str]] = field(default_factory=list)  # a drawn exam's papers, one per allowed attempt
    earlier: list[str] = field(default_factory=list)
    """Hashes of versions an earlier release of this key had (also in `hashes`): answers to them still grade,
    and a regrade says once per bank that they were regraded with the fixed version."""
    authoring_hash: str = ""  # the unreleased copy's hash: a graded bank answered under it was sat with answers

    @property
    def max_score(self) -> float:
        """Points available: the bank's questions, or for a drawn exam one paper (every paper is worth the same)."""
        if self.papers:
            points = {q.id: q.points for q in self.questions}
            return float(sum(points[q] for q in self.papers[0] if q in points))
        return float(sum(q.points for q in self.questions))


@dataclass
class Key:
    """The instructor's key: every bank with answers, in course order."""

    banks: dict[str, KeyBank]
    released_at: str
    package_version: str
    sha256: str = ""

    def question_index(self) -> dict[str, tuple[str, AnyQuestion]]:
        """Question id -> (bank, question)."""
        return {q.id: (bank.id, q) for bank in self.banks.values() for q in bank.questions}

    def max_score(self, bank_id: str) -> float:
        """Points available in a bank (for a drawn exam: one paper)."""
        return self.banks[bank_id].max_score


@dataclass
class ReleaseResult:
    """What `release` wrote."""

    learner_dir: Path
    wheel: Path
    key_path: Path
    graded: list[str]
    practice: list[str]
    papers: dict[str, int] = field(default_factory=dict)
    """Papers written per drawn graded exam (one per allowed attempt)."""


# --------------------------------------------------------------------------- writing


def _question_dict(question: AnyQuestion) -> dict[str, Any]:
    return question.model_dump(mode="json", exclude_defaults=True) | {"type": question.type, "id": question.id}


def _withheld_question(question: AnyQuestion, rng: random.Random, used: dict[int, int]) -> dict[str, Any]:
    """A question without its secrets; choices reordered so the key's position tells nothing (`used` counts
    how often each position already holds a key in this bank, and the next key goes to the least used one)."""
    data = {k: v for k, v in _question_dict(question).items() if k not in _SECRET_FIELDS}
    if "tags" in data:
        data["tags"] = [t for t in data["tags"] if not t.startswith(_SECRET_TAGS)]
        if not data["tags"]:
            del data["tags"]
    if question.type == "ordering":
        data["items"] = sorted(question.answer, key=str.casefold)  # type: ignore[union-attr]
    choices = list(getattr(question, "choices", None) or [])
    if choices:
        others = [c for c in choices if c != getattr(question, "answer", None)]
        rng.shuffle(others)
        if question.type == "single_choice":
            least = min(used.get(i, 0) for i in range(len(choices)))
            position = rng.choice([i for i in range(len(choices)) if used.get(i, 0) == least])
            used[position] = used.get(position, 0) + 1
            others.insert(position, question.answer)  # type: ignore[union-attr]
        data["choices"] = others
    return data


def _withheld_questions(questions: list[AnyQuestion], papers: list[list[str]],
                        rng: random.Random) -> dict[str, dict[str, Any]]:
    """Every question withheld, paper by paper: a paper's keys go to its least-used positions, so "always the
    first" scores chance on each paper a learner sits, not only over the whole bank."""
    by_id = {q.id: q for q in questions}
    written: dict[str, dict[str, Any]] = {}
    for paper in papers:
        used: dict[int, int] = {}
        for qid in paper:  # keys already placed by an earlier paper count toward this one's balance
            if qid in written and by_id[qid].type == "single_choice":
                place = written[qid]["choices"].index(by_id[qid].answer)
                used[place] = used.get(place, 0) + 1
        for qid in paper:
            if qid not in written:
                written[qid] = _withheld_question(by_id[qid], rng, used)
    return written


def key_positions(questions: Iterable[Any]) -> list[int]:
    """Where each single-choice question's key stands among its choices (0 = first), as a learner sees the file."""
    return [list(q.choices).index(q.answer) for q in questions if q.type == "single_choice"]


def _bank_header(loaded: LoadedBank) -> dict[str, Any]:
    bank = loaded.bank
    data = bank.model_dump(mode="json", exclude_defaults=True, exclude={"questions", "draw"})
    return {"schema_version": bank.schema_version, "id": bank.id, **data}


class _Dumper(yaml.SafeDumper):
    """Writes text with line breaks as `|` blocks, as an author would."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value and not value.endswith((" ", "\t")) and " \n" not in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def _dump(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110)


def _atomic_write(path: Path, text: str, mode: int | None = None) -> None:
    """Through `output_files` (a private temp file, renamed; never a device or link; removed on failure)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text(path, text, force=True, mode=mode)


def _private_folder(folder: Path) -> None:
    """Make `folder` (and its parents) and leave it 0700: no one else may list or enter it (the key file itself
    is written 0600 from its first byte by `output_files`)."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    try:
        folder.mkdir(mode=0o700)
    except FileExistsError:
        pass
    os.chmod(folder, 0o700)  # an existing folder, or a umask that took bits from the owner


def release(
    out: Path | str,
    *,
    quizzes: Path | None = None,
    graded: Iterable[str] = (),
    force: bool = False,
    now: datetime | None = None,
) -> ReleaseResult:
    """Write the learner's banks and the instructor's key under `out` (see the module docstring)."""
    target = Path(out)
    learner_dir = target / LEARNER_DIR
    key_path = target / KEY_FILE
    if (learner_dir.exists() or key_path.exists()) and not force:
        raise ReleaseError(f"{target} already holds a release; pass --force to replace it")
    try:
        banks = load_all(quizzes)
    except BankError as exc:
        raise ReleaseError(f"the banks are not valid, so nothing was released: {exc}") from exc
    extra = set(graded)
    unknown = sorted(extra - set(banks))
    if unknown:
        raise ReleaseError(f"--graded names no bank: {', '.join(unknown)}; banks are: {', '.join(sorted(banks))}")
    graded_ids = [b for b in banks if banks[b].bank.graded or b in extra]

    # a graded exam that draws from its pool is drawn now: one paper per allowed attempt, the same blueprint
    papers: dict[str, list[list[AnyQuestion]]] = {}
    for bank_id in graded_ids:
        loaded = banks[bank_id]
        if loaded.bank.draw is not None:
            try:
                papers[bank_id] = exam_papers(loaded, loaded.bank.attempts_allowed or 1)
            except QuizError as exc:
                raise ReleaseError(f"{bank_id}: {exc}; nothing was released") from exc
            worth = {sum(q.points for q in paper) for paper in papers[bank_id]}
            if len(worth) > 1:  # exam_pool gives every cell's items the same points, so this cannot happen
                raise ReleaseError(f"{bank_id}: its papers are worth different points ({sorted(worth)})")

    texts: dict[str, str] = {}
    choice_seeds = {b: _choice_seed(banks[b].bank) for b in graded_ids}
    for bank_id, loaded in banks.items():
        bank = loaded.bank
        if bank_id in graded_ids:
            if bank_id in papers:  # only the questions on a paper leave the instructor's machine
                on_paper = {q.id for paper in papers[bank_id] for q in paper}
                questions = [q for q in bank.questions if q.id in on_paper]
            else:
                questions = list(bank.questions)
            data = _bank_header(loaded) | {"graded": True, "answers_withheld": True}
            sets = [[q.id for q in paper] for paper in papers.get(bank_id, [])] or [[q.id for q in questions]]
            written = _withheld_questions(questions, sets, random.Random(choice_seeds[bank_id]))
            data["questions"] = [written[q.id] for q in questions]
            if bank_id in papers:
                data["papers"] = [[q.id for q in paper] for paper in papers[bank_id]]
            texts[bank_id] = _dump(data)
        else:
            texts[bank_id] = loaded.path.read_text(encoding="utf-8")  # byte for byte: same bank_hash

    staging = target / ".release-staging"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        for bank_id, text in texts.items():
            _atomic_write(staging / f"{bank_id}.yaml", text)
    except BaseException:  # a full disk: nothing half-written is left behind, the earlier release stays
        shutil.rmtree(staging, ignore_errors=True)
        raise
    released, problems = validate(bank_paths(staging))
    if problems:
        shutil.rmtree(staging, ignore_errors=True)
        raise ReleaseError(f"the learner's copy would not load ({problems[0]}); nothing was released")
    released_hashes = {item.bank.id: item.version_hash for item in released}
    before: dict[str, set[str]] = {}
    if key_path.exists():  # a re-release (a fixed bank): answers to the earlier versions must still grade
        try:
            before = {b.id: set(b.hashes) for b in load_key(key_path).banks.values()}
        except KeyFileError:
            before = {}

    key_banks = []
    for bank_id, loaded in banks.items():
        bank = loaded.bank
        key_banks.append(
            {
                "id": bank_id,
                "title": bank.title,
                "mode": bank.mode,
                "graded": bank_id in graded_ids,
                "pass_mark": bank.pass_mark,
                "attempts_allowed": bank.attempts_allowed,
                "hashes": sorted({loaded.version_hash, released_hashes[bank_id], *before.get(bank_id, ())}),
                "earlier_hashes": sorted(
                    before.get(bank_id, set()) - {loaded.version_hash, released_hashes[bank_id]}
                ),
                # the authoring copy's hash: a graded bank's answers made under it were sat in the unreleased
                # course (with answers and verdicts at hand); the gradebook flags them
                "authoring_hash": loaded.version_hash,
                "choice_seed": choice_seeds.get(bank_id),
                # a drawn exam's whole pool: an answer to any paper, released or drawn in the unreleased course,
                # regrades
                "questions": [_question_dict(q) for q in bank.questions],
                "papers": [[q.id for q in paper] for paper in papers.get(bank_id, [])],
            }
        )
    key = {
        "format": KEY_FORMAT,
        "schema_version": KEY_SCHEMA_VERSION,
        "released_at": (now or datetime.now(UTC)).isoformat(),
        "package_version": __version__,
        "banks": key_banks,
    }
    try:  # the key first (private from its first byte): a full disk stops the release before anything moves
        _private_folder(key_path.parent)  # 0700: no one else may even list the instructor's folder
        _atomic_write(key_path, json.dumps(key, indent=1, ensure_ascii=False) + "\n", mode=0o600)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if learner_dir.exists():
        shutil.rmtree(learner_dir)
    learner_dir.parent.mkdir(parents=True, exist_ok=True)
    os.replace(staging, learner_dir)
    for old in learner_dir.parent.glob("*.whl"):
        old.unlink()
    shutil.rmtree(learner_dir.parent / "notebooks", ignore_errors=True)
    write_learner_lessons(learner_dir.parent)
    wheel = write_learners_wheel(learner_dir, learner_dir.parent, released_hashes)
    return ReleaseResult(
        learner_dir=learner_dir,
        wheel=wheel,
        key_path=key_path,
        graded=graded_ids,
        practice=[b for b in banks if b not in graded_ids],
        papers={b: len(p) for b, p in papers.items()},
    )


def _choice_seed(bank: Any) -> int:
    """The seed that orders a graded bank's released choices: the exam's draw seed, else one from its id."""
    if bank.draw is not None:
        return int(bank.draw.seed)
    return int.from_bytes(hashlib.sha256(bank.id.encode()).digest()[:4], "big")


# --------------------------------------------------------------------------- reading the key


def load_key(path: Path | str) -> Key:
    """Read an instructor key written by `release`; one-line errors for a wrong or damaged file."""
    source = Path(path)
    try:
        raw = source.read_bytes()
    except OSError as exc:
        raise KeyFileError(f"{source}: cannot read the key ({exc.strerror or exc})") from exc
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise KeyFileError(f"{source}: is not a key file (not JSON: {exc})") from exc
    if not isinstance(data, dict) or data.get("format") != KEY_FORMAT:
        raise KeyFileError(f"{source}: is not a key file (format must be {KEY_FORMAT!r}; write one with `release`)")
    if data.get("schema_version") != KEY_SCHEMA_VERSION:
        raise KeyFileError(f"{source}: key schema_version {data.get('schema_version')!r} is not {KEY_SCHEMA_VERSION}")
    banks: dict[str, KeyBank] = {}
    try:
        for entry in data["banks"]:
            questions = [_QUESTION.validate_python(q) for q in entry["questions"]]
            banks[entry["id"]] = KeyBank(
                id=entry["id"],
                title=entry["title"],
                mode=entry["mode"],
                graded=bool(entry["graded"]),
                pass_mark=float(entry["pass_mark"]),
                attempts_allowed=entry.get("attempts_allowed"),
                hashes=list(entry["hashes"]),
                questions=questions,
                papers=[list(p) for p in entry.get("papers") or []],
                earlier=list(entry.get("earlier_hashes") or []),
                authoring_hash=str(entry.get("authoring_hash") or ""),
            )
    except (KeyError, TypeError, ValidationError) as exc:
        raise KeyFileError(f"{source}: the key is damaged ({str(exc).splitlines()[0]})") from exc
    return Key(
        banks=banks,
        released_at=str(data.get("released_at", "")),
        package_version=str(data.get("package_version", "")),
        sha256=hashlib.sha256(raw).hexdigest(),
    )
