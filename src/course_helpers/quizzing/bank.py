"""Load and validate question banks from YAML, reporting every problem as `file:LINE: question 'id': what`.

PyYAML is used only to compose the node tree (so every value keeps its line number and duplicate keys
can be caught); pydantic then checks the values against `course_helpers.quizzing.model`.
"""

from __future__ import annotations

import difflib
import hashlib
import math
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from course_helpers.coding.codes.normalize import check_cm_format, check_pcs_format
from course_helpers.data import YamlLoader, load_yaml
from course_helpers.errors import CourseInputError
from course_helpers.package_files import is_learners_build, shipped_folder
from course_helpers.quizzing.exam_pool import check_pool
from course_helpers.quizzing.model import QUESTION_CLASSES, QUESTION_TYPES, Bank, Draw
from course_helpers.quizzing.withheld import WithheldBank

QUIZZES_ENV = "COURSE_QUIZZES_DIR"
_Loader = YamlLoader


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a bank, located by file and line."""

    path: str
    line: int
    question: str | None
    message: str

    def __str__(self) -> str:
        where = f"question '{self.question}'" if self.question else "bank"
        return f"{self.path}:{self.line}: {where}: {self.message}"


class BankError(CourseInputError):
    """A bank could not be loaded; `problems` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = str(problems[0]) if problems else "unknown problem"
        more = f" (and {len(problems) - 1} more; run `course-helpers validate`)" if len(problems) > 1 else ""
        super().__init__(first + more)


@dataclass(frozen=True)
class LoadedBank:
    """A valid bank with where it came from and a hash of the exact text (recorded with each attempt)."""

    bank: Bank
    path: Path
    version_hash: str
    question_lines: dict[str, int] = field(default_factory=dict)


# --------------------------------------------------------------------------- locating banks


def quizzes_dir() -> Path:
    """Where the banks live: $COURSE_QUIZZES_DIR when set, else the banks shipped inside the package.

    In a checkout, `src/course_helpers/quizzes` is a link to the top-level `quizzes/` folder authors edit,
    so an editable install reads the authors' files and a wheel carries a copy of them.
    """
    override = os.environ.get(QUIZZES_ENV)
    if override:
        return Path(override).expanduser()
    return shipped_folder("quizzes")


def bank_paths(directory: Path | None = None) -> list[Path]:
    """Every bank file in the directory, sorted by name."""
    return sorted((directory or quizzes_dir()).glob("*.yaml"))


@lru_cache(maxsize=1)
def guide_sections() -> tuple[str, ...]:
    """The career guide's top-level headings, as listed in data/guide_sections.yaml."""
    return tuple(load_yaml("guide_sections.yaml")["sections"])


# --------------------------------------------------------------------------- YAML with line numbers

Path_ = tuple[Any, ...]


class _Tree:
    """Plain Python values built from a YAML node tree, with the line of every key and item."""

    def __init__(self, display_path: str) -> None:
        self.display_path = display_path
        self.lines: dict[Path_, int] = {}
        self.problems: list[Problem] = []
        self._loader = yaml.SafeLoader("")
        self._seen: set[int] = set()

    def build(self, node: yaml.Node, at: Path_ = ()) -> Any:
        # An alias (*name) makes one node appear twice: refused, so an alias bomb (a few hundred bytes that
        # expand to gigabytes) or a recursive alias can never be expanded.
        if id(node) in self._seen:
            raise _AliasError(node.start_mark.line + 1)
        self._seen.add(id(node))
        self.lines.setdefault(at, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            self._loader.flatten_mapping(node)
            result: dict[Any, Any] = {}
            first_line: dict[Any, int] = {}
            for key_node, value_node in node.value:
                key = self.build_scalar_key(key_node)
                line = key_node.start_mark.line + 1
                if key in result:
                    self.problems.append(
                        Problem(
                            self.display_path,
                            line,
                            self._question_of(at, result),
                            f"key '{key}' appears twice (first on line {first_line[key]}); keep one",
                        )
                    )
                    continue
                first_line[key] = line
                self.lines[(*at, key)] = line
                result[key] = self.build(value_node, (*at, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*at, index)) for index, item in enumerate(node.value)]
        return self._loader.construct_object(node, deep=True)

    def build_scalar_key(self, node: yaml.Node) -> Any:
        if isinstance(node, yaml.ScalarNode):
            return self._loader.construct_object(node)
        return f"<{node.id} key>"

    def _question_of(self, at: Path_, partial: dict[Any, Any]) -> str | None:
        if len(at) >= 2 and at[0] == "questions" and isinstance(at[1], int):
            qid = partial.get("id") if len(at) == 2 else None
            return str(qid) if qid else f"#{at[1] + 1}"
        return None

    def line_for(self, at: Path_) -> int:
        """The line of the longest known prefix of `at`."""
        for end in range(len(at), -1, -1):
            if at[:end] in self.lines:
                return self.lines[at[:end]]
        return 1


class _AliasError(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


MAX_BANK_BYTES = 2_000_000
"""The largest bank file read (the biggest lesson bank is well under 100 kB)."""


def _read_text(path: Path, display: str) -> tuple[str | None, list[Problem]]:
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a FIFO or device named *.yaml would block or never end
            return None, [Problem(display, 1, None, "is not a regular file (a FIFO, device or folder); remove it")]
        if info.st_size > MAX_BANK_BYTES:
            return None, [Problem(display, 1, None, f"is {info.st_size:,} bytes; a bank is at most {MAX_BANK_BYTES:,}")]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(display, 1, None, f"cannot be read: {exc.strerror or exc}")]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Problem(display, line, None, f"is not UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8")
        ]


# --------------------------------------------------------------------------- pydantic errors -> problems

_ROOT_HINT = "a bank is a mapping with schema_version, id, title, guide_section and questions"


def _allowed_fields(model: type[BaseModel]) -> list[str]:
    return list(model.model_fields)


def _model_for(loc: Path_, data: Any) -> type[BaseModel] | None:
    if not loc:
        return Bank
    if loc[0] == "draw":
        return Draw
    if loc[0] == "questions" and len(loc) >= 3 and loc[2] in QUESTION_TYPES:
        return QUESTION_CLASSES[loc[2]]
    return None


def _describe(error: dict[str, Any], field_path: list[str], model: type[BaseModel] | None) -> str:
    kind = error["type"]
    field = ".".join(field_path)
    message = str(error["msg"]).removeprefix("Value error, ")
    got = error.get("input")
    if kind == "missing":
        return f"missing field '{field}'"
    if kind == "extra_forbidden":
        name = field_path[-1] if field_path else "?"
        allowed = _allowed_fields(model) if model else []
        close = difflib.get_close_matches(str(name), allowed, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else f"; allowed: {', '.join(allowed)}" if allowed else ""
        return f"unknown field '{name}'{hint}"
    if kind == "union_tag_invalid":
        return f"unknown type {error['ctx']['tag']!r}; use one of: {', '.join(QUESTION_TYPES)}"
    if kind == "union_tag_not_found":
        return f"missing field 'type' (one of: {', '.join(QUESTION_TYPES)})"
    if kind == "model_type" or kind == "model_attributes_type":
        return f"{field or 'this'} must be a mapping of fields (got {type(got).__name__})"
    if kind == "string_type" and isinstance(got, bool):
        return f"{field}: expected text but YAML read {got!r}: put the value in quotes"
    if kind == "literal_error" and field_path and field_path[-1] == "schema_version":
        return f"schema_version {got!r} is not supported; this package reads schema_version 1"
    prefix = f"{field}: " if field else ""
    return prefix + message


def _problems_from_validation(exc: ValidationError, data: Any, tree: _Tree) -> list[Problem]:
    problems: list[Problem] = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        question: str | None = None
        field_path: list[str] = []
        clean_loc: list[Any] = []
        model: type[BaseModel] | None = Bank
        if loc and loc[0] == "questions" and len(loc) >= 2 and isinstance(loc[1], int):
            index = loc[1]
            raw = data.get("questions", [])[index] if isinstance(data, dict) else None
            qid = raw.get("id") if isinstance(raw, dict) else None
            question = str(qid) if qid else f"#{index + 1}"
            model = _model_for(loc, data) if len(loc) >= 3 else None
            rest = loc[3:] if len(loc) >= 3 and loc[2] in QUESTION_TYPES else loc[2:]
            clean_loc = ["questions", index, *rest]
            field_path = [str(part) for part in rest if not isinstance(part, int)] or [str(part) for part in rest]
            if len(rest) >= 2 and isinstance(rest[1], int):  # e.g. choices.2
                field_path = [f"{rest[0]}[{rest[1] + 1}]"]
        else:
            clean_loc = list(loc)
            field_path = [str(part) for part in loc]
            model = _model_for(loc[:1], data) if loc else Bank
        if not field_path and question and error["type"] == "value_error":
            # a whole-question check (e.g. "answer 'x' is not one of the choices"): point at the field it names
            named = str(error["msg"]).removeprefix("Value error, ").split(" ", 1)[0]
            if named in ("answer", "feedback", "choices"):
                clean_loc = [*clean_loc, named]
        if error["type"] == "union_tag_invalid":
            clean_loc = [*clean_loc, "type"]
        line = tree.line_for(tuple(clean_loc))
        problems.append(Problem(tree.display_path, line, question, _describe(error, field_path, model)))
    return problems


# --------------------------------------------------------------------------- reading one bank


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def read_bank(path: Path) -> tuple[LoadedBank | None, list[Problem]]:
    """Read one bank file; return the bank (or None) and every problem found."""
    display = display_path(path)
    text, problems = _read_text(path, display)
    if text is None:
        return None, problems
    if not text.strip():
        return None, [Problem(display, 1, None, f"the file is empty; {_ROOT_HINT}")]
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else 1
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, [Problem(display, line, None, f"YAML syntax error: {reason}")]
    if node is None:
        return None, [Problem(display, 1, None, f"the file holds no data; {_ROOT_HINT}")]
    tree = _Tree(display)
    try:
        data = tree.build(node)
    except _AliasError as exc:
        return None, [
            Problem(display, exc.line, None, "YAML aliases (*name) and merge keys are not allowed; write the value out")
        ]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return None, [Problem(display, mark.line + 1 if mark else 1, None, f"YAML error: {exc}")]
    problems = list(tree.problems)
    if isinstance(data, dict):
        problems.extend(_duplicate_ids(data, tree))
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"{type(data).__name__} {str(data)[:40]!r}"
        return None, [*problems, Problem(display, 1, None, f"the file is {kind}, not a mapping; {_ROOT_HINT}")]
    try:
        # a learner's released copy of a graded bank has its answers kept back (quizzing/withheld.py)
        bank = (WithheldBank if data.get("answers_withheld") is True else Bank).model_validate(data)
    except ValidationError as exc:
        found = _problems_from_validation(exc, data, tree)
        if any("appears twice" in p.message or "used twice" in p.message for p in problems):
            found = [p for p in found if "is used twice in this bank" not in p.message]
        return None, [*problems, *found]
    problems.extend(_content_problems(bank, path, tree, display))
    if bank.graded and not isinstance(bank, WithheldBank) and is_learners_build():
        # a learners' build never grades with answers at hand: only the released copy of a graded bank opens
        problems.append(Problem(display, tree.line_for(("graded",)), None,
                                "is a graded bank with its answers, and this course is a learners' build: use the "
                                f"released copy (unset {QUIZZES_ENV}, or point it at a release's learner/quizzes)"))
    if problems:
        return None, problems
    version = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    lines = {q.id: tree.line_for(("questions", i)) for i, q in enumerate(bank.questions)}
    return LoadedBank(bank=bank, path=path, version_hash=version, question_lines=lines), []


def _duplicate_ids(data: dict[Any, Any], tree: _Tree) -> list[Problem]:
    """Question ids used twice in one bank, reported at the second use."""
    seen: dict[str, int] = {}
    problems: list[Problem] = []
    questions = data.get("questions")
    for index, raw in enumerate(questions if isinstance(questions, list) else []):
        qid = raw.get("id") if isinstance(raw, dict) else None
        if not isinstance(qid, str):
            continue
        line = tree.line_for(("questions", index))
        if qid in seen:
            problems.append(
                Problem(
                    tree.display_path, line, qid, f"question id is used twice in this bank (first on line {seen[qid]})"
                )
            )
        else:
            seen[qid] = line
    return problems


def _content_problems(bank: Bank, path: Path, tree: _Tree, display: str) -> list[Problem]:
    """Checks that need more than the schema: file name, guide headings."""
    problems: list[Problem] = []
    if bank.id != path.stem:
        problems.append(
            Problem(display, tree.line_for(("id",)), None, f"id '{bank.id}' must match the file name '{path.stem}'")
        )
    sections = guide_sections()

    def check_section(value: str, at: Path_, question: str | None) -> None:
        if value not in sections:
            close = difflib.get_close_matches(value, sections, n=1, cutoff=0.5)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(
                Problem(
                    display,
                    tree.line_for(at),
                    question,
                    f"guide_section '{value}' is not a heading of the career guide{hint}",
                )
            )

    check_section(bank.guide_section, ("guide_section",), None)
    if bank.draw is not None:  # the same answer for every seed: a pool that cannot fill a paper is refused here
        why = check_pool(bank.questions, bank.draw.count, bank.draw.per_domain_min)
        if why is not None:
            problems.append(Problem(display, tree.line_for(("draw",)), None, f"draw: {why}"))
    for index, question in enumerate(bank.questions):
        check_section(question.guide_section, ("questions", index, "guide_section"), question.id)
        for name, message in _impossible_values(question):
            problems.append(Problem(display, tree.line_for(("questions", index, name)), question.id, message))
    return problems


def _impossible_values(question: Any) -> list[tuple[str, str]]:
    """Values that pass the schema but can never work: NaN or infinite numbers, a code answer that is no code."""

    found: list[tuple[str, str]] = []
    for name in ("points", "answer", "tolerance"):
        value = getattr(question, name, None)
        if isinstance(value, float) and not math.isfinite(value):
            found.append((name, f"{name} is {value}; give a finite number"))
    if question.type == "code":
        check = check_cm_format if question.system == "icd10cm" else check_pcs_format
        given = [("answer", question.answer), *(("accept", c) for c in question.accept)]
        for name, code in given:
            if code is None:  # a released graded bank keeps its answers back (quizzing/withheld.py)
                continue
            try:
                check(code)
            except CourseInputError as exc:
                found.append((name, f"{name} {code!r} is not a code: {exc}"))
    return found


# --------------------------------------------------------------------------- many banks


def validate(paths: Iterable[Path]) -> tuple[list[LoadedBank], list[Problem]]:
    """Validate bank files together: each on its own (an exam's pool against its blueprint), then ids across
    banks."""
    loaded: list[LoadedBank] = []
    problems: list[Problem] = []
    for path in paths:
        bank, found = read_bank(path)
        problems.extend(found)
        if bank is not None:
            loaded.append(bank)
    owner: dict[str, str] = {}
    for item in loaded:
        display = display_path(item.path)
        if item.bank.id in owner:
            problems.append(
                Problem(display, 1, None, f"bank id '{item.bank.id}' is also used by {owner[item.bank.id]}")
            )
        owner.setdefault(item.bank.id, display)
    first_seen: dict[str, str] = {}
    for item in loaded:
        display = display_path(item.path)
        lines = item.question_lines
        for question in item.bank.questions:
            where = f"{display}:{lines.get(question.id, 1)}"
            if question.id in first_seen:
                problems.append(
                    Problem(
                        display,
                        lines.get(question.id, 1),
                        question.id,
                        f"question id is also used at {first_seen[question.id]}",
                    )
                )
            else:
                first_seen[question.id] = where
    return loaded, problems


def load_banks(directory: Path | None = None) -> dict[str, Bank]:
    """Every valid bank in the quizzes directory, by id (invalid ones raise BankError)."""
    return {bank_id: item.bank for bank_id, item in load_all(directory).items()}


def load_all(directory: Path | None = None) -> dict[str, LoadedBank]:
    """Every bank with its path and version hash; raises BankError if any bank is invalid."""
    loaded, problems = validate(bank_paths(directory))
    if problems:
        raise BankError(problems)
    return {item.bank.id: item for item in loaded}


def load_bank(bank_id: str, directory: Path | None = None) -> LoadedBank:
    """One bank by id; an unknown id raises BankError naming the banks that exist."""
    folder = directory or quizzes_dir()
    path = folder / f"{bank_id}.yaml"
    if not path.is_file():
        names = [p.stem for p in bank_paths(folder)]
        close = difflib.get_close_matches(bank_id, names, n=1, cutoff=0.4)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise BankError(
            [Problem(str(path), 0, None, f"no such quiz; {hint}quizzes here: {', '.join(names) or 'none'}")]
        )
    bank, problems = read_bank(path)
    if bank is None:
        raise BankError(problems)
    return bank
