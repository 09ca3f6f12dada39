"""The exam's own pool and its blueprint: which questions a paper takes, the same shape for every seed and attempt.

Pure: a bank's questions in, ids out (no store, no files). An exam bank lists its own `questions` (items written
for the exam, never lesson items) and a `draw` block. Every exam item is tagged with

- its kind: `coding-work` (a code to enter, a sequence, a POA, a query, a grouping), else `application`
  (a rule applied to a scenario), else none (recall);
- `domain:NN_bank`, the lesson bank whose content it tests;
- `fact:<id>`, the one fact or rule it tests (items testing the same fact share the id);
- one or more `source:` tags (checked by `item_quality`).

The blueprint is how many items each (domain, kind) cell gives a paper: it depends on the pool's sizes only,
never on a seed, so any two papers are comparable. At least a third of a paper's points are coding work, and
every domain gives at least `per_domain_min` items. A paper never holds two items with the same fact: the
choice within the cells is a bipartite matching of cell places to facts (`draw_paper`), so a pool that cannot
fill its blueprint without repeating a fact is refused by `course-helpers validate`, never at the learner.
Each attempt gets its own paper (`attempt_seed`), preferring items the earlier attempts did not show.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Sequence
from typing import Any

from course_helpers.errors import CourseInputError

CODING_WORK = "coding-work"
APPLICATION = "application"
KINDS = (CODING_WORK, APPLICATION, "recall")
"""The kinds a paper is stratified by: coding work, applying a rule to a scenario, recalling a fact."""
CODING_SHARE = 1 / 3
"""The least share of a paper's points that is coding work: the job and the CCS exam are mostly coding."""
DOMAIN_TAG = "domain:"
FACT_TAG = "fact:"
NO_DOMAIN = "(no domain)"
Cell = tuple[str, str]


class DrawError(CourseInputError):
    """An exam's pool cannot fill its blueprint (too few items, too little coding work, a fact repeated)."""


def item_kind(question: Any) -> str:
    """A question's kind for the blueprint: coding-work, application or recall (by its tags)."""
    if CODING_WORK in question.tags:
        return CODING_WORK
    return APPLICATION if APPLICATION in question.tags else "recall"


def _tag(question: Any, prefix: str) -> str | None:
    for tag in question.tags:
        if tag.startswith(prefix) and tag[len(prefix):].strip():
            return tag[len(prefix):].strip()
    return None


def item_domain(question: Any) -> str:
    """The lesson bank an exam item tests (`domain:NN_bank`), or "(no domain)"."""
    return _tag(question, DOMAIN_TAG) or NO_DOMAIN


def item_fact(question: Any) -> str:
    """The fact an exam item tests (`fact:<id>`); an untagged item is its own fact."""
    return _tag(question, FACT_TAG) or f"(untagged) {question.id}"


def cell_of(question: Any) -> Cell:
    """The (domain, kind) cell of the blueprint an item fills."""
    return item_domain(question), item_kind(question)


def apportion(total: int, sizes: dict[Any, int], floor: dict[Any, int] | None = None) -> dict[Any, int]:
    """Split `total` over the keys in proportion to `sizes` (largest remainder, ties by key), never above a
    size and at least `floor` where the size allows. The result depends on the sizes only, never on a seed."""
    floor = floor or {}
    share = {k: min(floor.get(k, 0), sizes[k]) for k in sizes}
    left = min(total, sum(sizes.values())) - sum(share.values())
    while left > 0:
        room = {k: sizes[k] - share[k] for k in sizes if sizes[k] > share[k]}
        weight = sum(room.values())
        exact = {k: left * room[k] / weight for k in room}
        whole = {k: min(room[k], int(exact[k])) for k in room}
        if sum(whole.values()) == 0:  # hand out the remainders one at a time, largest first
            k = sorted(room, key=lambda k: (-(exact[k] - int(exact[k])), str(k)))[0]
            whole = {k: 1}
        for k, n in whole.items():
            share[k] += n
        left -= sum(whole.values())
    return share


def _cell_points(pool: Sequence[Any]) -> dict[Cell, float]:
    """Each cell's points per item; a cell whose items differ in points is refused (papers must be equal)."""
    points: dict[Cell, set[float]] = {}
    for q in pool:
        points.setdefault(cell_of(q), set()).add(float(q.points))
    uneven = {c: p for c, p in points.items() if len(p) > 1}
    if uneven:
        (domain, kind), values = sorted(uneven.items())[0]
        shown = ", ".join(f"{v:g}" for v in sorted(values))
        raise DrawError(f"the {kind} items of {domain} carry different points ({shown}); give every item of one "
                        "domain and kind the same points, so every paper is worth the same")
    return {c: next(iter(p)) for c, p in points.items()}


def blueprint(pool: Sequence[Any], count: int, per_domain_min: int = 1) -> dict[Cell, int]:
    """How many items each (domain, kind) cell gives a paper: the same for every seed and attempt.

    Coding work gets the fewest items that make at least a third of the paper's points, spread over the
    domains in proportion to their coding items; the rest goes to the other items in proportion, with at least
    `per_domain_min` items from each domain in all; within a domain, application and recall in proportion.
    Raises DrawError when the pool cannot fill it.
    """
    if count > len(pool):
        raise DrawError(f"the exam draws {count} questions a paper but its pool holds only {len(pool)}")
    points = _cell_points(pool)
    sizes = Counter(cell_of(q) for q in pool)
    domains = sorted({d for d, _ in sizes})
    coding_sizes = {d: sizes[(d, CODING_WORK)] for d in domains}
    other_sizes = {d: sizes[(d, APPLICATION)] + sizes[(d, "recall")] for d in domains}
    for coding_count in range(math.ceil(count * CODING_SHARE - 1e-9), count + 1):
        coding = apportion(coding_count, coding_sizes)
        if sum(coding.values()) < coding_count or count - coding_count > sum(other_sizes.values()):
            break
        other = apportion(count - coding_count, other_sizes,
                          {d: max(0, per_domain_min - coding[d]) for d in domains})
        plan = {(d, CODING_WORK): coding[d] for d in domains}
        for d in domains:
            plan.update(apportion(other[d], {(d, k): sizes[(d, k)] for k in (APPLICATION, "recall")}))
        plan = {c: n for c, n in plan.items() if n}
        total = sum(points[c] * n for c, n in plan.items())
        if sum(points[c] * n for c, n in plan.items() if c[1] == CODING_WORK) >= total * CODING_SHARE - 1e-9:
            return plan
    coding_items = sum(coding_sizes.values())
    raise DrawError(f"a paper of {count} needs at least a third of its points from coding work, but the pool's "
                    f"{coding_items} coding-work item(s) cannot give it; write more coding items or draw fewer")


def _match(slots: list[Cell], options: dict[Cell, list[list[Any]]], rng: random.Random,
           allowed: Any) -> dict[int, tuple[str, Any]]:
    """Kuhn's augmenting paths: each slot (a cell place) gets a distinct fact, among the `allowed` items.

    `options[cell]` lists the cell's items grouped by fact; returns slot -> (fact, item)."""
    holder: dict[str, int] = {}  # fact -> slot
    chosen: dict[int, tuple[str, Any]] = {}

    def candidates(slot: int) -> list[tuple[str, Any]]:
        found = []
        for group in options[slots[slot]]:
            usable = [q for q in group if allowed(q)]
            if usable:
                found.append((item_fact(usable[0]), usable[0]))
        return found

    def augment(slot: int, seen: set[str]) -> bool:
        for fact, item in candidates(slot):
            if fact in seen:
                continue
            seen.add(fact)
            if fact not in holder or augment(holder[fact], seen):
                holder[fact] = slot
                chosen[slot] = (fact, item)
                return True
        return False

    order = list(range(len(slots)))
    rng.shuffle(order)
    for slot in order:
        augment(slot, set())
    return chosen


def draw_paper(pool: Sequence[Any], plan: dict[Cell, int], rng: random.Random,
               shown: Counter[str] | None = None) -> list[Any]:
    """One paper by the blueprint `plan`: no two items with the same fact, items `shown` least often first.

    Raises DrawError naming the cells it could not fill with distinct facts."""
    shown = shown or Counter()
    options: dict[Cell, list[list[Any]]] = {}
    for cell in plan:
        by_fact: dict[str, list[Any]] = {}
        for q in pool:
            if cell_of(q) == cell:
                by_fact.setdefault(item_fact(q), []).append(q)
        groups = list(by_fact.values())
        for group in groups:
            rng.shuffle(group)
            group.sort(key=lambda q: shown[q.id])  # stable: the shuffle breaks ties
        rng.shuffle(groups)
        groups.sort(key=lambda g: shown[g[0].id])
        options[cell] = groups
    slots = [cell for cell in sorted(plan) for _ in range(plan[cell])]
    chosen: dict[int, tuple[str, Any]] = {}
    for tier in sorted({0, *(shown[q.id] for q in pool)}):  # unseen items first, then the least shown
        partial = _match(slots, options, rng, lambda q, tier=tier: shown[q.id] <= tier)
        if len(partial) >= len(chosen):
            chosen = partial
        if len(chosen) == len(slots):
            break
    if len(chosen) < len(slots):
        short = Counter(slots[s] for s in range(len(slots)) if s not in chosen)
        cells = ", ".join(f"{n} {kind} from {domain}" for (domain, kind), n in sorted(short.items()))
        raise DrawError(f"the pool cannot fill a paper without two items on the same fact (short: {cells}); "
                        "write items on other facts for these cells, or draw fewer")
    return [chosen[s][1] for s in range(len(slots))]


def attempt_seed(seed: int, attempt: int) -> str:
    """The seed of attempt N's paper (1-based): each attempt its own paper with the same blueprint."""
    return f"exam:{seed}:attempt:{attempt}"


def draw_papers(pool: Sequence[Any], count: int, per_domain_min: int, seed: int, attempts: int) -> list[list[Any]]:
    """The papers of attempts 1..`attempts`, each shuffled into the order learners see it; a later attempt
    prefers the items no earlier attempt showed. Raises DrawError when the pool cannot fill the blueprint."""
    plan = blueprint(pool, count, per_domain_min)
    shown: Counter[str] = Counter()
    papers = []
    for attempt in range(1, attempts + 1):
        rng = random.Random(attempt_seed(seed, attempt))
        paper = draw_paper(pool, plan, rng, shown)
        rng.shuffle(paper)
        shown.update(q.id for q in paper)
        papers.append(paper)
    return papers


def check_pool(pool: Sequence[Any], count: int, per_domain_min: int) -> str | None:
    """Why the pool cannot fill its blueprint without repeating a fact, or None (the same for every seed)."""
    try:
        draw_papers(pool, count, per_domain_min, 0, 1)
    except DrawError as exc:
        return str(exc)
    return None
