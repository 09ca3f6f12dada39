"""The gradebook's counted responses as numpy score matrices, for item analysis of a large class.

`analyse_gradebook` on 10,000 learners x 200 questions spent most of its time turning two million rows into
Python objects (the raw answer, the choice and the time as text, then pandas sorts and joins on strings).
Here SQLite packs each response into two integers in one `group_concat` string, which numpy parses at C
speed; only what needs text goes through Python:

- the learner names, bank names and question ids (small tables);
- choice counts, grouped by SQLite (`GROUP BY item_id, exam, choice`);
- responses given more than once to a question (retries), fetched with their times to apply the policy.

The result is the same as `item_analysis.analyse_items` on `gradebook.responses_frame` (a test holds the two
paths equal): one response per learner and question by the same policy (latest: the last by `submitted_at`,
then by row; best: the highest score, ties to the latest; first: the first by `submitted_at`);
answers in finished exam sittings analysed under the exam; unanswered items score 0. `bank_matrices` returns
None when the gradebook has more than one exam bank (answers would need their sitting's bank); the caller then
takes the row-by-row path.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from course_helpers.instructor.gradebook import PACK_SCALE, Gradebook, Policy

BankMatrix = tuple[str, np.ndarray, np.ndarray, list[str], list[dict[str, object]]]
"""One bank's input to the statistics: name, learners x items points, item maxima, item ids, choice rows."""


def chosen_options(value: object) -> list[object]:
    """The options one response picked: a list, a JSON list (multiple select in the gradebook), or one text."""
    if isinstance(value, list | tuple | set):
        return list(value)
    if isinstance(value, str) and value.startswith("["):
        try:
            parsed = json.loads(value)
        except ValueError:
            return [value]
        return list(parsed) if isinstance(parsed, list) else [value]
    return [value]

_CHUNK = 1_000_000  # rows per string (about 20 MB of text; SQLite's own limit on one string is 1 GB)


def bank_matrices(
    path: Path | str,
    policy: Policy = "latest",
    options: Mapping[str, Sequence[str]] | None = None,
    keys: Mapping[str, Iterable[str]] | None = None,
) -> list[BankMatrix] | None:
    """Per analysed bank (sorted by name): learners x items points, maxima, item ids and choice rows."""
    options, keys = options or {}, keys or {}
    book = Gradebook(path)
    banks = book.bank_rows()
    exam_banks = banks.index[banks["mode"] == "exam"]
    if len(exam_banks) > 1:
        return None
    exam_bank = int(exam_banks[0]) if len(exam_banks) else 0
    items = book.item_rows()
    learners = book.learner_names()
    if not book.ids_fit_packing():  # more than the packing holds (never in a real class)
        return None
    if (items["max_points"] <= 0).any():
        return None  # the row-by-row path says what is wrong
    parts = [np.fromstring(text, sep=",", dtype=np.int64) for text in book.packed_responses(_CHUNK)]
    if not parts:
        return []
    packed = np.concatenate(parts).reshape(-1, 2)
    del parts
    grouped = book.choice_counts()
    code = packed[:, 0]
    learner_id, item_id, exam = code >> 20, (code >> 2) & 0xFFFF, (code >> 1) & 1
    score = packed[:, 1] / PACK_SCALE
    del packed, code

    # lookups by item id: its bank, its question (as a code shared by every bank), its maximum points
    size = int(items.index.max()) + 1
    item_bank = np.zeros(size, dtype=np.int64)
    item_bank[items.index] = items["bank_id"].to_numpy()
    question_codes, question_ids = pd.factorize(items["question"], sort=True)
    item_question = np.zeros(size, dtype=np.int64)
    item_question[items.index] = question_codes
    item_max = np.zeros(size)
    item_max[items.index] = items["max_points"].to_numpy(dtype=float)

    bank_of = np.where(exam == 1, exam_bank, item_bank[item_id])
    question = item_question[item_id]
    n_questions = len(question_ids)
    n_banks = int(banks.index.max()) + 1
    key = (learner_id * n_banks + bank_of) * n_questions + question
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    repeated = np.zeros(len(key), dtype=bool)
    same = sorted_key[1:] == sorted_key[:-1]
    repeated[order[1:][same]] = True
    repeated[order[:-1][same]] = True
    keep = ~repeated
    dropped_choices = pd.DataFrame(columns=["item_id", "exam", "choice"])
    extra = None
    if repeated.any():
        extra, dropped_choices = _resolve_repeats(
            book, learner_id[repeated], item_id[repeated], policy, exam_bank, item_bank, item_question, n_banks,
            n_questions,
        )
    rows = {
        "learner_id": learner_id[keep],
        "item_id": item_id[keep],
        "bank_id": bank_of[keep],
        "question": question[keep],
        "score": score[keep],
    }
    if extra is not None:
        rows = {name: np.concatenate([values, extra[name]]) for name, values in rows.items()}
    rows["max_points"] = item_max[rows["item_id"]]
    choices = _choice_counts(grouped, dropped_choices, items, exam_bank, question_ids)

    out: list[BankMatrix] = []
    names = banks["bank"]
    for bank_id in sorted(np.unique(rows["bank_id"]), key=lambda b: names[b]):
        mask = rows["bank_id"] == bank_id
        learner_codes, learner_ids = pd.factorize(learners.reindex(rows["learner_id"][mask]).to_numpy(), sort=True)
        q_codes, q_present = np.unique(rows["question"][mask], return_inverse=True)
        points = np.zeros((len(learner_ids), len(q_codes)))
        points[learner_codes, q_present] = rows["score"][mask]
        maxima = np.zeros(len(q_codes))
        np.maximum.at(maxima, q_present, rows["max_points"][mask])
        questions = [str(question_ids[c]) for c in q_codes]
        bank = str(names[bank_id])
        out.append((bank, points, maxima, questions, _choice_rows(bank, choices.get(int(bank_id), {}), options, keys)))
    return out


def _resolve_repeats(
    book: Gradebook,
    learner_ids: np.ndarray,
    item_ids: np.ndarray,
    policy: Policy,
    exam_bank: int,
    item_bank: np.ndarray,
    item_question: np.ndarray,
    n_banks: int,
    n_questions: int,
) -> tuple[dict[str, np.ndarray], pd.DataFrame]:
    """Apply the policy to questions answered more than once: (the kept rows, the dropped rows' choices)."""
    pairs = np.unique(np.stack([learner_ids, item_ids], axis=1), axis=0)
    frame = book.responses_of(pairs.tolist())
    frame["bank_id"] = np.where(frame["exam"] == 1, exam_bank, item_bank[frame["item_id"].to_numpy()])
    frame["question"] = item_question[frame["item_id"].to_numpy()]
    frame["key"] = (frame["learner_id"] * n_banks + frame["bank_id"]) * n_questions + frame["question"]
    order = ["score", "submitted_at", "id"] if policy == "best" else ["submitted_at", "id"]
    frame = frame.sort_values(order, kind="stable")
    last = ~frame.duplicated("key", keep="first" if policy == "first" else "last")
    kept, dropped = frame[last], frame[~last]
    rows = {
        "learner_id": kept["learner_id"].to_numpy(),
        "item_id": kept["item_id"].to_numpy(),
        "bank_id": kept["bank_id"].to_numpy(),
        "question": kept["question"].to_numpy(),
        "score": kept["score"].to_numpy(dtype=float),
    }
    return rows, dropped.loc[dropped["choice"].notna(), ["item_id", "exam", "choice"]]


def _choice_counts(
    grouped: pd.DataFrame, dropped: pd.DataFrame, items: pd.DataFrame, exam_bank: int, question_ids: pd.Index
) -> dict[int, dict[str, tuple[dict[str, int], int, set[str]]]]:
    """bank id -> question id -> (picks per option, responses with a choice, options graded correct)."""
    if not dropped.empty:
        minus = dropped.groupby(["item_id", "exam", "choice"]).size().rename("minus").reset_index()
        grouped = grouped.merge(minus, on=["item_id", "exam", "choice"], how="left")
        grouped["n"] = grouped["n"] - grouped["minus"].fillna(0).astype(int)
        grouped = grouped[grouped["n"] > 0]
    out: dict[int, dict[str, tuple[dict[str, int], int, set[str]]]] = {}
    bank_ids = items["bank_id"]
    questions = items["question"]
    for item_id, exam, choice, n, correct in grouped[["item_id", "exam", "choice", "n", "correct"]].itertuples(
        index=False
    ):
        bank_id = exam_bank if exam == 1 else int(bank_ids[item_id])
        question = str(questions[item_id])
        picks, answered, right = out.setdefault(bank_id, {}).get(question, ({}, 0, set()))
        many = not isinstance(choice, str) or choice.startswith("[")
        chosen = [str(x) for x in chosen_options(choice)] if many else [choice]
        for option in chosen:
            picks[option] = picks.get(option, 0) + int(n)
            if correct:
                right.add(option)
        out[bank_id][question] = (picks, answered + int(n), right)
    return out


def _choice_rows(
    bank: str,
    counted: Mapping[str, tuple[dict[str, int], int, set[str]]],
    options: Mapping[str, Sequence[str]],
    keys: Mapping[str, Iterable[str]],
) -> list[dict[str, object]]:
    """Rows as `item_analysis._choice_rows` gives them: listed options first, then others picked, sorted."""
    out: list[dict[str, object]] = []
    for question in sorted(counted):
        picks, total, right = counted[question]
        listed = list(options.get(question, ()))
        key = set(map(str, keys.get(question, ()))) or right
        for option in [*listed, *sorted(set(picks) - set(listed))]:
            count = int(picks.get(option, 0))
            out.append(
                {"bank": bank, "question": question, "choice": option, "is_key": option in key, "count": count,
                 "share": count / total}
            )
    return out
