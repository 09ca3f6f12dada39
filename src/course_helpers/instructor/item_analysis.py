"""Classical item analysis of a class's regraded responses: which questions work and which are broken.

Pure numpy/pandas (a model: no widgets, no plots). Input is the gradebook's long responses frame
(`instructor.gradebook.responses_frame`: learner, bank, question, choice, score, max_points, correct,
submitted_at, ...); one score per learner and question is kept (the latest or the best attempt).

Statistics, per bank (formulas and sources in docs/instructor-guide.md, "Reading the item analysis"):

* difficulty p: the mean of score / max_points (the share correct for right/wrong items);
* item-rest correlation: Pearson r between the item score and the learner's total on the OTHER items
  of the bank (the corrected point-biserial for right/wrong items);
* upper-lower index D: p in the top 27% of learners by bank total minus p in the bottom 27%;
* choice counts: how many learners picked each option of a choice question;
* KR-20 (Kuder & Richardson 1937), which for partial-credit items is computed as coefficient alpha
  (Cronbach 1951), its generalization; the two are equal for right/wrong items.

A learner who answered some of a bank's questions but not others scores 0 on the ones not answered
(an omitted item counts as wrong), so every learner in a bank has a score on every item.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from course_helpers.errors import CourseInputError
from course_helpers.instructor.gradebook import ITEM_POLICY, POLICIES, Policy
from course_helpers.instructor.gradebook_arrays import BankMatrix, bank_matrices, chosen_options

MIN_LEARNERS = 20
"""Below this many learners a bank's flags are held back (statistics shown): too unstable to act on. "Check
the key" (nobody right, or negative discrimination) is shown at any size: one such question is worth a look."""
HARD, EASY = 0.20, 0.90
LOW_DISCRIMINATION = 0.20
RARE_DISTRACTOR = 0.05
RARE_MIN_COUNT = 2
"""A distractor is rare when picked by fewer than max(RARE_MIN_COUNT, 5% of takers) learners: at n = 28,
5% is one person, so a count (not a share) is the floor."""
RARE_MIN_WRONG = 10
"""... and only when at least this many learners answered the question wrong: an easy question's
distractors cannot show whether they work."""
Z95 = 1.959963984540054
"""The normal quantile for a two-sided 95% interval."""


def wilson_interval(p: float, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for a proportion p observed on n learners (Wilson 1927); (nan, nan) for n = 0.

    Unlike p ± z·SE it stays inside [0, 1] and is not zero-width at p = 0 or 1: 0 of 28 gives 0 to 0.12.
    """
    if n <= 0 or p != p:
        return float("nan"), float("nan")
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    low = 0.0 if p <= 0 else max(0.0, centre - half)  # exact at the edges (no rounding residue)
    high = 1.0 if p >= 1 else min(1.0, centre + half)
    return float(low), float(high)
LOW_RELIABILITY = 0.60
GROUP_SHARE = 0.27
"""Kelley's (1939) 27%: the share of learners in each of the upper and lower groups."""

REQUIRED = ("learner", "bank", "question", "score", "max_points")


class ItemAnalysisError(CourseInputError):
    """The responses cannot be analysed as given (missing columns, bad policy, bad scores)."""


@dataclass(frozen=True)
class ItemAnalysis:
    """The result: one row per item, per bank and per choice, plus why flags were held back."""

    items: pd.DataFrame
    """bank, question, learners, difficulty (with its 95% Wilson interval difficulty_low/high), item_rest_r,
    upper_lower_d, flags (tuple of short reasons)."""
    banks: pd.DataFrame
    """bank, learners, items, mean_percent, sd_percent, kr20, flags, held_back (reason, or '' when shown)."""
    choices: pd.DataFrame
    """bank, question, choice, is_key, count, share (of learners who answered the question)."""

    def flagged(self) -> pd.DataFrame:
        """The items with at least one flag, worst first: "check the key" items (nobody right first, then by
        item-rest r), then the rest."""
        items = self.items[self.items["flags"].map(len) > 0].copy()
        if items.empty:
            return items
        items["_key"] = items["flags"].map(lambda f: any(x.endswith("check the key") for x in f))
        items["_zero"] = items["difficulty"] <= 0
        items["_n"] = items["flags"].map(len)
        items = items.sort_values(
            ["_key", "_zero", "item_rest_r", "_n", "bank", "question"],
            ascending=[False, False, True, False, True, True],
            na_position="last",
        )
        return items.drop(columns=["_key", "_zero", "_n"]).reset_index(drop=True)


def one_score_per_item(responses: pd.DataFrame, policy: Policy = "latest") -> pd.DataFrame:
    """Keep one response per learner and question: the latest submitted, the best scored, or the first."""
    missing = [c for c in REQUIRED if c not in responses.columns]
    if missing:
        raise ItemAnalysisError(
            f"the responses lack the column(s) {', '.join(missing)}; expected {', '.join(REQUIRED)}"
        )
    if policy not in POLICIES:
        raise ItemAnalysisError(f"unknown policy {policy!r}; use one of: {', '.join(POLICIES)}")
    frame = responses.reset_index(drop=True)
    frame = frame.assign(_row=np.arange(len(frame)))
    if policy == "best":
        order = ["score", "_row"]
    elif "submitted_at" in frame.columns:
        order = ["submitted_at", "_row"]
    else:
        order = ["_row"]
    frame = frame.sort_values(order, kind="stable")
    kept = frame.drop_duplicates(["learner", "bank", "question"], keep="first" if policy == "first" else "last")
    return kept.drop(columns="_row").sort_values(["bank", "learner", "question"]).reset_index(drop=True)


def score_matrix(responses: pd.DataFrame, bank: str | None = None) -> tuple[pd.DataFrame, pd.Series]:
    """Learners x items points for one bank (0 where not answered), and each item's maximum points.

    `responses` holds one row per learner and question (see `one_score_per_item`); with `bank`, only
    that bank's rows are used.
    """
    rows = responses if bank is None else responses[responses["bank"] == bank]
    learner_codes, learners = pd.factorize(rows["learner"], sort=True)
    question_codes, questions = pd.factorize(rows["question"], sort=True)
    points = np.zeros((len(learners), len(questions)))
    points[learner_codes, question_codes] = rows["score"].to_numpy(dtype=float)
    maxima = np.zeros(len(questions))
    np.maximum.at(maxima, question_codes, rows["max_points"].to_numpy(dtype=float))
    scores = pd.DataFrame(
        points, index=pd.Index(learners, name="learner"), columns=pd.Index(questions, name="question")
    )
    return scores, pd.Series(maxima, index=scores.columns)


def _corr(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Column-wise Pearson correlation of x[:, j] with y[:, j]; NaN where either has no variance."""
    xc = x - x.mean(axis=0)
    yc = y - y.mean(axis=0)
    num = (xc * yc).sum(axis=0)
    den = np.sqrt((xc**2).sum(axis=0) * (yc**2).sum(axis=0))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)


def kr20(scores: np.ndarray) -> float:
    """KR-20 / coefficient alpha of a learners x items matrix: k/(k-1) * (1 - sum item variances / total variance).

    With 0/1 items the item variance is p*q, which is KR-20 exactly; NaN with fewer than two items or
    no spread in the totals.
    """
    scores = np.asarray(scores, dtype=float)
    if scores.ndim != 2 or scores.shape[1] < 2 or scores.shape[0] < 2:
        return float("nan")
    k = scores.shape[1]
    total_var = scores.sum(axis=1).var()
    if total_var <= 0:
        return float("nan")
    return float(k / (k - 1) * (1 - scores.var(axis=0).sum() / total_var))


def item_rest_r(scores: np.ndarray) -> np.ndarray:
    """Corrected item-total correlation: each item against the total of the other items."""
    scores = np.asarray(scores, dtype=float)
    rest = scores.sum(axis=1, keepdims=True) - scores
    return _corr(scores, rest)


def upper_lower_index(proportions: np.ndarray, totals: np.ndarray, share: float = GROUP_SHARE) -> np.ndarray:
    """Mean item proportion in the top `share` of learners by total minus the bottom `share` (ties by order)."""
    proportions = np.asarray(proportions, dtype=float)
    n = proportions.shape[0]
    group = max(1, int(round(share * n)))
    if 2 * group > n:
        return np.full(proportions.shape[1], np.nan)
    # rounded first: partial-credit totals summed in another column order differ in the last bits, and a
    # tie must break the same way (by learner order) whichever path built the matrix
    order = np.argsort(np.round(np.asarray(totals, dtype=float), 9), kind="stable")
    lower, upper = order[:group], order[-group:]
    return proportions[upper].mean(axis=0) - proportions[lower].mean(axis=0)


def correlation_interval(r: float, n: int, z: float = Z95) -> tuple[float, float]:
    """The 95% interval of a correlation r on n learners by Fisher's z (Fisher 1921); (nan, nan) for n < 4."""
    if n < 4 or r != r or abs(r) >= 1:
        return float("nan"), float("nan")
    centre, half = float(np.arctanh(r)), z / float(np.sqrt(n - 3))
    return float(np.tanh(centre - half)), float(np.tanh(centre + half))


def _key_flags(p: float, r: float, d: float, n: int = 0) -> tuple[str, ...]:
    """"Check the key" reasons, raised at any class size: nobody right, or the stronger learners doing worse
    (item-rest r below 0; its interval is shown, so a small class's chance negatives read as such)."""
    if p <= 0:
        return ("nobody answered it right (p = 0): check the key",)
    if not np.isnan(r) and r < 0:
        low, high = correlation_interval(r, n)
        interval = f", 95% interval {low:.2f} to {high:.2f}" if low == low else ""
        return (f"negative discrimination (r={r:.3f}{interval}; D={d:.3f}): check the key",)
    return ()


def _item_flags(p: float, r: float, d: float, n: int = 0) -> tuple[str, ...]:
    flags = list(_key_flags(p, r, d, n))
    low, high = wilson_interval(p, n) if n else (float("nan"), float("nan"))
    interval = f" (95% interval {low:.2f}-{high:.2f})" if n else ""
    if p < HARD:
        flags.append(f"hard: difficulty {p:.3f}{interval} < {HARD:.2f}")
    elif p > EASY:
        flags.append(f"easy: difficulty {p:.3f}{interval} > {EASY:.2f}")
    if not flags or not flags[0].startswith("negative"):
        if not np.isnan(r) and r < LOW_DISCRIMINATION:
            flags.append(f"low discrimination: item-rest r {r:.3f} < {LOW_DISCRIMINATION:.2f}")
    return tuple(flags)


def _choice_rows(
    rows: pd.DataFrame, options: Mapping[str, Sequence[str]], keys: Mapping[str, Iterable[str]]
) -> list[dict[str, object]]:
    """Count picks per option; options never picked count 0 when the bank's option list is given."""
    out: list[dict[str, object]] = []
    if "choice" not in rows.columns or rows.empty:
        return out
    picked = rows.loc[
        rows["choice"].notna(), ["question", "choice", "correct"] if "correct" in rows else ["question", "choice"]
    ]
    if picked.empty:
        return out
    text = picked["choice"].map(lambda v: v if isinstance(v, str) else None)
    many = ~text.notna() | text.str.startswith("[", na=False)  # lists, or JSON lists (multiple select)
    single = picked.loc[~many.to_numpy()].assign(choice=text[~many.to_numpy()])
    if many.any():
        spread = picked.loc[many.to_numpy()].copy()
        spread["choice"] = spread["choice"].map(lambda v: [str(x) for x in chosen_options(v)])
        single = pd.concat([single, spread.explode("choice")], ignore_index=True)
    answered = picked.groupby("question", sort=True).size()
    counts = single.groupby(["question", "choice"], sort=True).size()
    inferred: dict[str, set[str]] = {}
    if "correct" in single.columns:
        right = single.loc[single["correct"].astype(bool), ["question", "choice"]].drop_duplicates()
        for question, choice in right.itertuples(index=False):
            inferred.setdefault(str(question), set()).add(str(choice))
    bank = rows["bank"].iloc[0]
    for question, total in answered.items():
        picks = counts.loc[question].to_dict() if question in counts.index.get_level_values(0) else {}
        listed = list(options.get(str(question), ()))
        key = set(map(str, keys.get(str(question), ()))) or inferred.get(str(question), set())
        for option in [*listed, *sorted(set(picks) - set(listed))]:
            count = int(picks.get(option, 0))
            out.append(
                {
                    "bank": bank,
                    "question": question,
                    "choice": option,
                    "is_key": option in key,
                    "count": count,
                    "share": count / total,
                }
            )
    return out


def analyse_items(
    responses: pd.DataFrame,
    *,
    policy: Policy = "latest",
    options: Mapping[str, Sequence[str]] | None = None,
    keys: Mapping[str, Iterable[str]] | None = None,
    min_learners: int = MIN_LEARNERS,
) -> ItemAnalysis:
    """Item analysis of every bank in a responses frame.

    `options` (question id -> every option text) lets options nobody picked count as 0 picks; `keys`
    (question id -> correct option texts) marks the key (otherwise inferred from correct responses).
    Banks with fewer than `min_learners` learners get statistics but no flags, with the reason shown.
    """
    kept = one_score_per_item(responses, policy)
    if kept["max_points"].le(0).any():
        raise ItemAnalysisError("a response has max_points of 0 or less; every question is worth more than 0")
    options = options or {}
    keys = keys or {}
    banks = []
    for bank, group_rows in kept.groupby("bank", sort=True):
        scores, maxima = score_matrix(group_rows)
        choices = _choice_rows(group_rows, options, keys)
        banks.append((bank, scores.to_numpy(), maxima.to_numpy(), list(scores.columns), choices))
    return analysis_from_matrices(banks, min_learners=min_learners)




def analysis_from_matrices(banks: Iterable[BankMatrix], *, min_learners: int = MIN_LEARNERS) -> ItemAnalysis:
    """The statistics and flags of banks given as score matrices (see `analyse_items`, which builds them)."""
    item_rows: list[dict[str, object]] = []
    bank_rows: list[dict[str, object]] = []
    choice_rows: list[dict[str, object]] = []
    for bank, points, maxima, questions, bank_choices in banks:
        proportions = points / maxima
        totals = points.sum(axis=1)
        n = points.shape[0]
        held_back = (
            f"only {n} learner{'s' if n != 1 else ''} took {bank}; flags need at least {min_learners}"
            if n < min_learners
            else ""
        )
        p = proportions.mean(axis=0)
        r = item_rest_r(points)
        d = upper_lower_index(proportions, totals)
        rare: dict[object, list[str]] = {}
        wrong = {q: n * (1 - p[j]) for j, q in enumerate(questions)}
        for row in bank_choices:
            takers = row["count"] / row["share"] if row["share"] else n
            floor = max(RARE_MIN_COUNT, RARE_DISTRACTOR * takers)
            is_rare = (
                not row["is_key"] and row["share"] == row["share"] and row["count"] < floor
                and wrong.get(row["question"], 0) >= RARE_MIN_WRONG
            )
            if is_rare:
                rare.setdefault(row["question"], []).append(str(row["choice"]))
            row["flag"] = "rare distractor" if is_rare and not held_back else ""
        choice_rows.extend(bank_choices)
        for j, question in enumerate(questions):
            low, high = wilson_interval(float(p[j]), n)
            if held_back:
                flags = _key_flags(p[j], r[j], d[j], n)  # shown at any size
            else:
                flags = _item_flags(p[j], r[j], d[j], n)
                if question in rare:
                    shown = "; ".join(repr(c) for c in rare[question][:3])
                    more = f" and {len(rare[question]) - 3} more" if len(rare[question]) > 3 else ""
                    flags += (f"distractor chosen by fewer than {RARE_MIN_COUNT} learners (and < "
                              f"{RARE_DISTRACTOR:.0%}): {shown}{more}",)
            item_rows.append(
                {
                    "bank": bank,
                    "question": question,
                    "learners": n,
                    "max_points": float(maxima[j]),
                    "difficulty": float(p[j]),
                    "difficulty_low": low,
                    "difficulty_high": high,
                    "item_rest_r": float(r[j]),
                    "upper_lower_d": float(d[j]),
                    "flags": flags,
                }
            )
        reliability = kr20(points)
        bank_flags: tuple[str, ...] = ()
        if not held_back and reliability == reliability and reliability < LOW_RELIABILITY:
            bank_flags = (f"low reliability: KR-20 {reliability:.3f} < {LOW_RELIABILITY:.2f}",)
        percent = 100 * totals / maxima.sum()
        bank_rows.append(
            {
                "bank": bank,
                "learners": n,
                "items": points.shape[1],
                "mean_percent": float(percent.mean()),
                "sd_percent": float(percent.std()),
                "kr20": reliability,
                "flags": bank_flags,
                "held_back": held_back,
            }
        )
    items = pd.DataFrame(
        item_rows,
        columns=[
            "bank", "question", "learners", "max_points", "difficulty", "difficulty_low", "difficulty_high",
            "item_rest_r", "upper_lower_d", "flags",
        ],
    )
    banks_frame = pd.DataFrame(
        bank_rows, columns=["bank", "learners", "items", "mean_percent", "sd_percent", "kr20", "flags", "held_back"]
    )
    choices = pd.DataFrame(choice_rows, columns=["bank", "question", "choice", "is_key", "count", "share", "flag"])
    return ItemAnalysis(items=items, banks=banks_frame, choices=choices)


def bank_options(banks: Iterable[object]) -> tuple[dict[str, list[str]], dict[str, set[str]]]:
    """Option lists and keys of every choice question in loaded banks (quizzing.model.Bank objects)."""
    options: dict[str, list[str]] = {}
    keys: dict[str, set[str]] = {}
    for bank in banks:
        for question in getattr(bank, "questions", ()):
            kind = getattr(question, "type", "")
            if kind in ("single_choice", "multiple_select"):
                options[question.id] = list(question.choices)
                answer = question.answer
                keys[question.id] = set(answer if isinstance(answer, list) else [answer])
    return options, keys


def flagged_items(source: ItemAnalysis | Path | str, policy: Policy = ITEM_POLICY) -> pd.DataFrame:
    """The flagged items as a table (worst first) with their reasons as text; takes an analysis or a gradebook."""
    analysis = source if isinstance(source, ItemAnalysis) else analyse_gradebook(source, policy=policy)
    table = analysis.flagged()
    table = table.assign(reasons=table["flags"].map("; ".join)).drop(columns=["flags"])
    return table.round(
        {"difficulty": 2, "difficulty_low": 2, "difficulty_high": 2, "item_rest_r": 2, "upper_lower_d": 2}
    )


def format_flagged(analysis: ItemAnalysis) -> str:
    """Plain text: the banks' reliability (or why flags are held back) and every flagged item with its reasons."""
    lines: list[str] = []
    for bank in analysis.banks.itertuples(index=False):
        kr = "n/a" if bank.kr20 != bank.kr20 else f"{bank.kr20:.2f}"
        line = f"{bank.bank}: {bank.learners} learners, {bank.items} items, mean {bank.mean_percent:.0f}%, KR-20 {kr}"
        lines.append(line)
        if bank.held_back:
            lines.append(f"  flags held back: {bank.held_back} (small groups give unstable statistics; "
                         "'check the key' is still shown)")
        for flag in bank.flags:
            lines.append(f"  {flag}")
    flagged = analysis.flagged()
    lines.append("")
    if flagged.empty:
        lines.append("No flagged items.")
        return "\n".join(lines)
    lines.append(f"{len(flagged)} flagged item{'s' if len(flagged) != 1 else ''}:")
    for item in flagged.itertuples(index=False):
        stats = (f"p={item.difficulty:.2f} [{item.difficulty_low:.2f}-{item.difficulty_high:.2f}] "
                 f"r={item.item_rest_r:.2f} D={item.upper_lower_d:.2f}")
        lines.append(f"{item.bank} / {item.question}: {stats}")
        for flag in item.flags:
            lines.append(f"  - {flag}")
    return "\n".join(lines)


def exam_responses(gradebook: Path | str) -> pd.DataFrame:
    """Answers given inside finished exam sittings, filed under the exam (`Gradebook.exam_responses`)."""
    from course_helpers.instructor.gradebook import Gradebook

    return Gradebook(gradebook).exam_responses()


def analyse_gradebook(
    gradebook: Path | str, *, policy: Policy = ITEM_POLICY, min_learners: int = MIN_LEARNERS, fast_path: bool = True
) -> ItemAnalysis:
    """Item analysis of a gradebook file: each lesson bank (practice answers) and each exam as one test.

    By default each learner's FIRST answer to each question counts (`ITEM_POLICY`): practice retries are
    unlimited, so the latest answers measure retrying as much as the question; pass `policy="latest"` or
    `"best"` to see the bank as it is graded.

    Option lists and keys come from the course's banks where a question id matches (so options nobody
    picked are counted); otherwise the key is read off the correct answers. `fast_path=False` takes the
    row-by-row pandas path (the reference the fast one is tested against).
    """
    from course_helpers.instructor import gradebook as book
    from course_helpers.quizzing.bank import load_banks

    if policy not in POLICIES:
        raise ItemAnalysisError(f"unknown policy {policy!r}; use one of: {', '.join(POLICIES)}")
    try:
        options, keys = bank_options(load_banks().values())
    except CourseInputError:
        options, keys = {}, {}
    fast = bank_matrices(gradebook, policy, options, keys) if fast_path else None
    if fast is not None:  # numpy on packed integers (gradebook_arrays); the same result as the path below
        return analysis_from_matrices(fast, min_learners=min_learners)
    responses = book.responses_frame(gradebook, "all")
    exams = exam_responses(gradebook)
    if not exams.empty:
        in_exam = responses.merge(
            exams[["learner", "question", "submitted_at"]].drop_duplicates(),
            on=["learner", "question", "submitted_at"],
            how="left",
            indicator=True,
        )["_merge"].eq("both")
        responses = pd.concat([responses[~in_exam.to_numpy()], exams], ignore_index=True)
    return analyse_items(responses, policy=policy, options=options, keys=keys, min_learners=min_learners)


def compare_policies(
    gradebook: Path | str, *, policies: Sequence[str] = POLICIES, min_learners: int = MIN_LEARNERS
) -> pd.DataFrame:
    """Each bank under each scoring policy, side by side: mean difficulty and how many questions are flagged easy.

    A practice bank allows retries, so its latest (or best) answers measure retrying as much as knowing;
    the `first` columns show the bank as the class first met it.
    """
    columns: dict[str, pd.Series] = {}
    for policy in policies:
        items = analyse_gradebook(gradebook, policy=policy, min_learners=min_learners).items  # type: ignore[arg-type]
        by_bank = items.groupby("bank", sort=False)
        columns[f"mean p ({policy})"] = by_bank["difficulty"].mean().round(2)
        easy = items["flags"].map(lambda flags: any(x.startswith("easy") for x in flags))
        columns[f"easy ({policy})"] = easy.groupby(items["bank"], sort=False).sum()
    table = pd.DataFrame(columns)
    table.index.name = "bank"
    return table
