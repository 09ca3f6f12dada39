"""Item quality: patterns that let a learner pass without knowing the content, and a test-wise learner.

Pure: loaded banks in, findings out (no printing, no files except `data_numbers_by_file`, which reads the
course's data files once). `course-helpers validate` prints the findings as warnings (errors with
`--strict`); see docs/authoring.md for each rule.

The rules, each named in its finding:

- `longest-key`: in a bank, the keyed answer is the longest option in more than 40% of the single-choice
  items; and an item whose key is longer than every distractor by a clear margin.
- `key-position`: in an unshuffled bank, one position holds more than half the single-choice keys.
- `tf-balance`: true/false keys lopsided in a bank, or over every bank.
- `few-wrong-options`: a multiple-select item with fewer than two wrong options.
- `tick-all`: ticking every box of a multiple-select item reaches the bank's pass mark.
- `answer-in-prompt`: the answer (choice text, a code, a short text) is printed in the prompt.
- `above-option`: an "all of the above" / "none of the above" option.
- `absolute-words`: dropping the options with absolute words (always, never, only...) leaves only the key.
- `numeric-source`: a numeric answer missing from its own explanation; a stated fact (a numeric item not
  tagged `application`) that names no data file stating it (tag `source:data:<file>`, e.g. `source:data:bls.yaml`,
  or the file's name in the explanation) and no other owner (`source:guideline:`, `source:codeset:`...); or a
  named data file that does not state the answer.
- `test-wise`: the simulated test-wise learner comes within 20 points of the pass mark.
- `near-duplicate`: an exam item's stem shares most of its wording with a practice item's (word-bigram Jaccard
  of the normalized prompts at least `NEAR_DUPLICATE`): exam items are written for the exam, not copied.
- `same-fact` (a note, not a warning): two exam items tagged with the same `fact:`. Parallel forms of one fact
  are allowed (the exam-item guide asks for a shared id); the draw never puts both on one paper, so the pool is
  smaller than it looks, and `validate` lists them so an author sees it.
- `exam-tags`: an exam item without a `domain:` (naming a lesson bank), `fact:` or `source:` tag.
"""

from __future__ import annotations

import random
import re
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from course_helpers.data import data_file, parse_yaml
from course_helpers.quizzing.exam_pool import DOMAIN_TAG, FACT_TAG, item_fact
from course_helpers.quizzing.grading import AnyQuestion, grade, normalize_code, normalize_text
from course_helpers.quizzing.model import Bank
from course_helpers.quizzing.session import display_order
from course_helpers.quizzing.source_tags import data_file_of, source_tags

LONGEST_KEY_SHARE = 0.40
"""A bank is flagged when the key is the longest option in more than this share of its single-choice items."""
CLEAR_MARGIN = 1.25
"""An item is flagged when its key is at least this many times as long as its longest distractor..."""
CLEAR_MARGIN_CHARS = 10
"""...and at least this many characters longer."""
TEST_WISE_GAP = 20
"""The test-wise learner must stay more than this many points below the pass mark."""

ABSOLUTE_WORDS = ("always", "never", "only", "all", "none", "every", "guaranteed", "must", "cannot", "nothing")
_ABSOLUTE = re.compile(r"\b(" + "|".join(ABSOLUTE_WORDS) + r")\b", re.IGNORECASE)
_ABOVE = re.compile(r"\b(all|none|both|neither) of (the )?(above|these|them)\b", re.IGNORECASE)
_NUMBER_IN_TEXT = re.compile(r"(?<![\w.])[-+]?\$?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?")
_CODE_TOKEN = re.compile(r"\b[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?\b|\b[0-9A-HJ-NP-Z]{7}\b")


@dataclass(frozen=True)
class Finding:
    """One item-quality warning, located like a validation problem."""

    path: str
    line: int
    question: str | None
    rule: str
    message: str

    def __str__(self) -> str:
        where = f"question '{self.question}'" if self.question else "bank"
        return f"{self.path}:{self.line}: {where}: [{self.rule}] {self.message}"


@dataclass(frozen=True)
class BankInput:
    """What the checks need of one bank: the bank, the file it came from and each question's line."""

    bank: Bank
    path: str
    lines: dict[str, int]

    def line(self, question_id: str | None) -> int:
        return self.lines.get(question_id, 1) if question_id else 1


def from_loaded(loaded: Iterable[Any], display: Any = str) -> list[BankInput]:
    """Adapt `bank.LoadedBank`s (their path shown with `display`)."""
    return [BankInput(item.bank, display(item.path), dict(item.question_lines)) for item in loaded]


# --------------------------------------------------------------------------- helpers


def _distractors(question: Any) -> list[str]:
    keys = set(question.answer) if isinstance(question.answer, list) else {question.answer}
    return [c for c in question.choices if c not in keys]


def _longest(options: Sequence[str]) -> str:
    """The longest option (the first one on a tie)."""
    return max(options, key=len)


def _plain(text: str) -> str:
    """Prompt text without Markdown emphasis or code marks, normalized."""
    return normalize_text(re.sub(r"[*_`]", "", text))


def _contains_phrase(haystack: str, needle: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", haystack) is not None


def _fraction(question: AnyQuestion, response: Any) -> float:
    result = grade(question, response)
    return result.points / result.max_points


# --------------------------------------------------------------------------- per-item rules


def longest_key_margin(question: Any) -> bool:
    """The key is longer than every distractor by a clear margin."""
    others = _distractors(question)
    if not others:
        return False
    key, longest_other = len(question.answer), max(len(d) for d in others)
    return key >= CLEAR_MARGIN * longest_other and key - longest_other >= CLEAR_MARGIN_CHARS


def few_wrong_options(question: Any) -> bool:
    return question.type == "multiple_select" and len(_distractors(question)) < 2


def tick_all_passes(question: Any, pass_mark: float) -> bool:
    """Ticking every box earns at least the pass mark on this item."""
    return question.type == "multiple_select" and _fraction(question, list(question.choices)) * 100 + 1e-9 >= pass_mark


def answer_in_prompt(question: Any) -> str | None:
    """The answer as printed in the prompt, or None."""
    prompt = _plain(question.prompt)
    if question.type == "single_choice":
        key = normalize_text(question.answer)
        if len(key) >= 3 and _contains_phrase(prompt, key):
            if not any(_contains_phrase(prompt, normalize_text(d)) for d in _distractors(question)):
                return question.answer
    elif question.type == "multiple_select":
        keys = [normalize_text(a) for a in question.answer]
        if all(len(k) >= 3 and _contains_phrase(prompt, k) for k in keys):
            if not any(_contains_phrase(prompt, normalize_text(d)) for d in _distractors(question)):
                return "; ".join(question.answer)
    elif question.type == "short_text":
        for text in [question.answer, *question.accept]:
            if len(text) >= 3 and _contains_phrase(prompt, normalize_text(text)):
                return text
    elif question.type == "code":
        # the prompt squeezed like a code (no spaces or dots, upper case), so "I50.21" is found in any spelling
        squeezed = re.sub(r"[\s.*_`,;:()\[\]]", "", question.prompt).upper()
        for code in [question.answer, *question.accept]:
            if normalize_code(code) in squeezed:
                return code
        spelled = _spelled_characters(question.prompt)
        for code in [question.answer, *question.accept]:
            target = normalize_code(code)
            if len(target) >= 5 and _is_subsequence(target, spelled):
                return code
    return None


def _spelled_characters(prompt: str) -> str:
    """Single characters the prompt singles out (`0`, **D**, "T"), in order: how a code gets spelled out."""
    return "".join(re.findall(r"(?:`|\*\*|\")([0-9A-Z])(?:`|\*\*|\")", prompt))


def _is_subsequence(target: str, text: str) -> bool:
    chars = iter(text)
    return all(ch in chars for ch in target)


def above_options(question: Any) -> list[str]:
    return [c for c in getattr(question, "choices", []) if _ABOVE.search(c)]


def absolute_words_give_away(question: Any) -> bool:
    """Dropping every option with an absolute word (always, never, only...) leaves the key alone."""
    if question.type != "single_choice":
        return False
    others = _distractors(question)
    if len(others) < 2 or _ABSOLUTE.search(question.answer):
        return False
    return all(_ABSOLUTE.search(d) for d in others)


def _numbers_in(text: str) -> set[float]:
    found: set[float] = set()
    for whole, frac in _NUMBER_IN_TEXT.findall(text):
        try:
            found.add(float(whole.replace(",", "") + (frac or "")))
        except ValueError:
            continue
    return found


SOURCE_TAG = "source:data:"
"""A tag naming the data file that owns a question's figure: `source:data:bls.yaml` (quizzing/source_tags.py)."""
_DATA_FILE_NAME = re.compile(r"(?<![\w/.-])(?:data/)?((?:[a-z0-9_]+/)?[a-z0-9_]+\.(?:yaml|json))\b")


def named_data_files(question: Any) -> list[str]:
    """The data files a question names: `source:` tags, then file names its explanation cites (data/bls.yaml)."""
    names = [data_file_of(value) for kind, value in source_tags(question.tags) if kind == "data"]
    names += _DATA_FILE_NAME.findall(question.explanation)
    return list(dict.fromkeys(n.removeprefix("data/") for n in names))


def numeric_source_problem(question: Any, data: Mapping[str, set[float]]) -> str | None:
    """Why a numeric answer is not sourced, or None when it is.

    The answer must appear in the question's own explanation; and a stated fact (any numeric item not
    tagged `application`, whose answer is worked out in the explanation) must name a data file, in `data`,
    that states it, so a correction made in that file can be checked against the bank.
    """
    if question.type != "numeric":
        return None
    answer, tolerance = float(question.answer), max(question.tolerance, 1e-9)

    def states(numbers: Iterable[float]) -> bool:
        return any(abs(answer - n) <= tolerance for n in numbers)

    if not states(_numbers_in(question.explanation)):
        return f"the answer {answer:g} is not in the explanation; state it there with its source"
    named = named_data_files(question)
    missing = [n for n in named if n not in data]
    if missing:
        return f"names {', '.join(missing)}, which is not a data file; known: {', '.join(sorted(data))}"
    wrong = [n for n in named if not states(data[n])]
    if wrong:
        return f"names {', '.join(wrong)}, which does not state {answer:g}; correct the bank or the data file"
    owned_elsewhere = any(kind != "data" for kind, _ in source_tags(question.tags))  # a guideline, code set...
    if not named and "application" not in question.tags and not owned_elsewhere:
        return (
            f"a stated figure ({answer:g}) with no data file behind it; tag it '{SOURCE_TAG}<file>' naming the "
            "data file that owns it (or tag the item 'application' if the explanation works it out)"
        )
    return None


def numeric_unsourced(question: Any, data: Mapping[str, set[float]]) -> bool:
    """True when `numeric_source_problem` finds a problem."""
    return numeric_source_problem(question, data) is not None


def _walk_numbers(value: Any, numbers: set[float]) -> None:
    if isinstance(value, bool):
        return
    if isinstance(value, int | float):
        numbers.add(float(value))
    elif isinstance(value, str):
        numbers.update(_numbers_in(value))
    elif isinstance(value, dict):
        for item in value.values():
            _walk_numbers(item, numbers)
    elif isinstance(value, list):
        for item in value:
            _walk_numbers(item, numbers)


def data_numbers_by_file(folder: Path | None = None) -> dict[str, set[float]]:
    """The numbers each data file states, by its path under `course_helpers/data/` ('bls.yaml',
    'coding/pcs_axes.json'); YAML and JSON files, cases excluded."""
    root = Path(str(data_file(""))) if folder is None else folder
    found: dict[str, set[float]] = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if path.suffix not in (".yaml", ".json") or relative.startswith("cases/"):
            continue
        numbers: set[float] = set()
        _walk_numbers(parse_yaml(path.read_text(encoding="utf-8")), numbers)  # JSON is YAML
        found[relative] = numbers
    return found


def data_numbers(folder: Path | None = None) -> set[float]:
    """Every number stated in any of the course's data files (the union of `data_numbers_by_file`)."""
    return set().union(*data_numbers_by_file(folder).values())


# --------------------------------------------------------------------------- the test-wise learner


def _numeric_guess(question: Any) -> float:
    """The middle of the numbers the prompt mentions (a guesser's anchor), else 0."""
    numbers = sorted(_numbers_in(question.prompt))
    return statistics.median_low(numbers) if numbers else 0.0


def _text_guess(question: Any) -> str:
    """A phrase the prompt stresses (bold, code or quoted), else the prompt's last word."""
    stressed = re.findall(r"\*\*([^*]+)\*\*|`([^`]+)`|\"([^\"]+)\"", question.prompt)
    for groups in reversed(stressed):
        for text in groups:
            if text.strip():
                return text
    words = re.findall(r"\w+", question.prompt)
    return words[-1] if words else "x"


def _code_guess(question: Any) -> str:
    """A code printed in the prompt, else a spelled-out one, else a common code."""
    codes = _CODE_TOKEN.findall(question.prompt)
    if codes:
        return codes[-1]
    spelled = _spelled_characters(question.prompt)
    if len(spelled) >= 3:
        return spelled
    return "I10" if question.system == "icd10cm" else "0DTJ4ZZ"


def test_wise_choice(question: Any, position: int | None = None) -> str:
    """A single-choice pick: the longest option once options with absolute words are set aside.

    With `position` the learner instead picks the option in that place (for unshuffled banks).
    """
    if position is not None:
        return question.choices[min(position, len(question.choices) - 1)]
    plausible = [c for c in question.choices if not _ABSOLUTE.search(c)] or list(question.choices)
    return _longest(plausible)


def test_wise_response(question: Any, *, tf: bool = False, position: int | None = None) -> Any:
    """What a learner who knows nothing, but knows the tricks, answers."""
    match question.type:
        case "single_choice":
            return test_wise_choice(question, position)
        case "multiple_select":
            return list(question.choices)
        case "true_false":
            return tf
        case "numeric":
            return _numeric_guess(question)
        case "short_text":
            return _text_guess(question)
        case "code":
            return _code_guess(question)
        case "ordering":
            return list(display_order(question, random.Random(question.id).shuffle))
    raise ValueError(f"unknown question type {question.type!r}")


@dataclass(frozen=True)
class TestWiseScore:
    """The best a test-wise learner does on a set of questions, and with which tricks."""

    __test__ = False  # not a pytest class

    percent: float
    pass_mark: float
    strategy: str

    @property
    def gap(self) -> float:
        """Points below the pass mark (negative: the learner passes)."""
        return self.pass_mark - self.percent

    @property
    def too_close(self) -> bool:
        return self.gap <= TEST_WISE_GAP


def _score(questions: Sequence[Any], **tricks: Any) -> float:
    total = sum(q.points for q in questions)
    if not total:
        return 0.0
    earned = 0.0
    for question in questions:
        try:
            earned += grade(question, test_wise_response(question, **tricks)).points
        except ValueError:
            continue  # a guess of the wrong kind scores nothing
    return 100 * earned / total


def test_wise_score(questions: Sequence[Any], pass_mark: float, *, positional: bool = False) -> TestWiseScore:
    """The test-wise learner's best score over its tricks: every true/false answered "true", or every one "false";
    single choice by longest plausible option (or, if `positional`, always the same place)."""
    best = TestWiseScore(-1.0, pass_mark, "")
    positions: list[int | None] = [None, *(range(4) if positional else [])]
    for tf in (False, True):
        for position in positions:
            percent = _score(questions, tf=tf, position=position)
            pick = "longest plausible option" if position is None else f"always option {position + 1}"
            strategy = f"{pick}, true/false all {'true' if tf else 'false'}, every box ticked"
            if percent > best.percent:
                best = TestWiseScore(round(percent, 1), pass_mark, strategy)
    return best


def bank_test_wise_score(bank: Bank) -> TestWiseScore:
    """The test-wise learner on one lesson bank (positional tricks count where choices are not shuffled)."""
    return test_wise_score(bank.questions, bank.pass_mark, positional=not bank.shuffle)


# --------------------------------------------------------------------------- the whole check


def check_bank(item: BankInput, data: Mapping[str, set[float]] | None = None) -> list[Finding]:
    """Every finding for one bank (the bank-wide true/false balance over all banks is in `check`)."""
    bank, path = item.bank, item.path
    found: list[Finding] = []

    def add(qid: str | None, rule: str, message: str) -> None:
        found.append(Finding(path, item.line(qid), qid, rule, message))

    singles = [q for q in bank.questions if q.type == "single_choice"]
    longest = [q for q in singles if len(q.answer) > max((len(d) for d in _distractors(q)), default=0)]
    if len(singles) >= 3 and len(longest) / len(singles) > LONGEST_KEY_SHARE:
        add(
            None,
            "longest-key",
            f"the key is the longest option in {len(longest)} of {len(singles)} single-choice items "
            f"(over {LONGEST_KEY_SHARE:.0%}); lengthen distractors or shorten keys",
        )
    if not bank.shuffle and len(singles) >= 4:
        places = [q.choices.index(q.answer) for q in singles]
        common = max(set(places), key=places.count)
        if places.count(common) / len(places) > 0.5:
            add(
                None,
                "key-position",
                f"choices are not shuffled and option {common + 1} is the key in {places.count(common)} of "
                f"{len(places)} single-choice items; vary the key's place or set shuffle: true",
            )
    tfs = [q.answer for q in bank.questions if q.type == "true_false"]
    if tf_unbalanced(tfs):
        add(None, "tf-balance", f"true/false keys are {tfs.count(True)} true to {tfs.count(False)} false; balance them")
    for question in bank.questions:
        qid = question.id
        if question.type == "single_choice" and longest_key_margin(question):
            add(qid, "longest-key", "the key is much longer than every distractor; its length gives it away")
        if few_wrong_options(question):
            add(
                qid,
                "few-wrong-options",
                f"{len(_distractors(question))} wrong option(s); give at least two plausible wrong options",
            )
        if tick_all_passes(question, bank.pass_mark):
            add(qid, "tick-all", f"ticking every box scores at least the pass mark ({bank.pass_mark:g}%)")
        shown = answer_in_prompt(question)
        if shown is not None:
            add(qid, "answer-in-prompt", f"the prompt prints the answer ({shown!r})")
        for option in above_options(question):
            add(qid, "above-option", f"option {option!r}: write real options instead")
        if absolute_words_give_away(question):
            add(qid, "absolute-words", "every distractor has an absolute word (always, never...) and the key none")
        problem = numeric_source_problem(question, data) if data is not None else None
        if problem is not None:
            add(qid, "numeric-source", problem)
    if bank.draw is None and bank.questions:
        score = bank_test_wise_score(bank)
        if score.too_close:
            add(
                None,
                "test-wise",
                f"a learner who knows nothing scores {score.percent:g}% ({score.strategy}); "
                f"pass mark {bank.pass_mark:g}%, so keep it more than {TEST_WISE_GAP} points below",
            )
    return found


# --------------------------------------------------------------------------- the exam's own pool

NOTE_RULES = frozenset({"same-fact"})
"""Rules whose findings are notes: listed by `validate`, never a warning, never an error under `--strict`."""
NEAR_DUPLICATE = 0.5
"""Word-bigram Jaccard similarity of two normalized stems at which an exam item is flagged as a near-copy of a
practice item. Measured on the shipped banks (docs/authoring.md): the closest exam stem to a practice stem scores
0.32; a 31-word practice stem with three words changed still scores 0.69."""
_WORD = re.compile(r"[a-z0-9]+(?:[.'][a-z0-9]+)*")


def stem_shingles(prompt: str) -> frozenset[tuple[str, ...]]:
    """The word bigrams of a prompt, normalized (case, Markdown marks and punctuation dropped)."""
    words = _WORD.findall(re.sub(r"[*_`]", " ", prompt).casefold())
    if len(words) < 2:
        return frozenset({tuple(words)})
    return frozenset(zip(words, words[1:], strict=False))


def stem_similarity(a: str, b: str) -> float:
    """Jaccard similarity of two prompts' word bigrams: 1.0 for the same wording, 0.0 for none shared."""
    x, y = stem_shingles(a), stem_shingles(b)
    return len(x & y) / len(x | y) if x | y else 0.0


def near_duplicates(exam: Sequence[Any], practice: Sequence[Any],
                    threshold: float = NEAR_DUPLICATE) -> list[tuple[Any, Any, float]]:
    """(exam item, practice item, similarity) for every exam item whose stem is at least `threshold` like a
    practice item's, the closest practice item first for each exam item."""
    shingles = [(q, stem_shingles(q.prompt)) for q in practice]
    found = []
    for item in exam:
        mine = stem_shingles(item.prompt)
        close = [(len(mine & s) / len(mine | s), q) for q, s in shingles if mine | s]
        close = [(j, q) for j, q in close if j >= threshold]
        for j, q in sorted(close, key=lambda pair: -pair[0]):
            found.append((item, q, j))
    return found


def exam_tag_problems(question: Any, lessons: Iterable[str]) -> list[str]:
    """What an exam item's tags lack: a `domain:` naming a lesson bank, a `fact:`, a `source:`."""
    problems = []
    domains = [t.removeprefix(DOMAIN_TAG) for t in question.tags if t.startswith(DOMAIN_TAG)]
    if not domains:
        problems.append(f"no '{DOMAIN_TAG}NN_bank' tag (the lesson bank it tests)")
    elif any(d not in lessons for d in domains) or len(domains) > 1:
        problems.append(f"'{DOMAIN_TAG}' must name one lesson bank (got {', '.join(domains)})")
    if not any(t.startswith(FACT_TAG) and len(t) > len(FACT_TAG) for t in question.tags):
        problems.append(f"no '{FACT_TAG}<id>' tag (the one fact it tests)")
    if not source_tags(question.tags):
        problems.append("no 'source:' tag (the primary source its key rests on)")
    return problems


def check_exam_pool(banks: Sequence[BankInput]) -> list[Finding]:
    """The exam's own pool against the practice banks: near-copied stems, facts tested twice, missing tags."""
    exams = [b for b in banks if b.bank.draw is not None]
    practice = [q for b in banks if b.bank.draw is None for q in b.bank.questions]
    lessons = {b.bank.id for b in banks if b.bank.draw is None}
    home = {q.id: b.bank.id for b in banks if b.bank.draw is None for q in b.bank.questions}
    found: list[Finding] = []
    for exam in exams:
        pool = exam.bank.questions
        for question in pool:
            for problem in exam_tag_problems(question, lessons):
                found.append(Finding(exam.path, exam.line(question.id), question.id, "exam-tags", problem))
        for item, copy, j in near_duplicates(pool, practice):
            found.append(Finding(exam.path, exam.line(item.id), item.id, "near-duplicate",
                                 f"the stem is {j:.0%} like practice item '{copy.id}' ({home[copy.id]}); write a new "
                                 "scenario, not a copy (word-bigram Jaccard, flagged at "
                                 f"{NEAR_DUPLICATE:.0%})"))
        by_fact: dict[str, list[str]] = {}
        for question in pool:
            if any(t.startswith(FACT_TAG) for t in question.tags):
                by_fact.setdefault(item_fact(question), []).append(question.id)
        for fact, ids in sorted(by_fact.items()):
            for qid in ids[1:]:
                found.append(Finding(exam.path, exam.line(qid), qid, "same-fact",
                                     f"tests fact '{fact}' as '{ids[0]}' does: the two are never on one paper, so the "
                                     "pool holds one item less than it seems"))
    return found


def tf_unbalanced(keys: Sequence[bool]) -> bool:
    """True/false keys lopsided: the two counts differ by more than one and the rarer is under 40%."""
    trues, falses = keys.count(True), keys.count(False)
    return abs(trues - falses) > 1 and min(trues, falses) / len(keys) < 0.4


def check(banks: Sequence[BankInput], data: Mapping[str, set[float]] | None = None) -> list[Finding]:
    """Every finding for every bank, then the true/false balance over all of them. `data` is
    `data_numbers_by_file()`; without it the numeric-source rule is skipped."""
    found = [f for item in banks for f in check_bank(item, data)]
    found += check_exam_pool(banks)
    keys = [q.answer for item in banks for q in item.bank.questions if q.type == "true_false"]
    if keys and tf_unbalanced(keys):
        found.append(
            Finding(
                "(all banks)",
                0,
                None,
                "tf-balance",
                f"over every bank, true/false keys are {keys.count(True)} true to {keys.count(False)} false",
            )
        )
    return found
