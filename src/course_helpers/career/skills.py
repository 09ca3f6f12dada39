"""The skills checklist (data/skills.yaml) and a study plan from a learner's self-ratings. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from pydantic import model_validator

from course_helpers.data import StrictModel, Verified, load_yaml
from course_helpers.errors import CourseInputError

RATING_MIN, RATING_MAX = 1, 5


class SkillRatingError(CourseInputError):
    """Raised for an unknown skill id or a rating outside 1-5."""


class Skill(StrictModel):
    """One skill, where the course teaches it (or, when it does not, where to learn it and the source that
    recommends it), and the guide's wording when the course corrected it."""

    id: str
    category: str
    skill: str
    lesson: str | None = None
    outside_course: str | None = None
    source: str | None = None
    guide_wording: str | None = None
    fact_check: str | None = None
    verified: Verified | None = None
    """primary: checked on the owner's own page or file; secondary: only through a page that reports it."""

    @model_validator(mode="after")
    def _taught_here_or_elsewhere(self) -> Skill:
        if (self.lesson is None) == (self.outside_course is None):
            raise ValueError(f"skill {self.id!r}: give either the lesson that teaches it or outside_course, not both")
        if self.outside_course is not None and not self.source:
            raise ValueError(f"skill {self.id!r}: outside_course needs the source that recommends it")
        return self


@dataclass(frozen=True)
class PlanItem:
    """A skill to work on, with the learner's rating and the lesson to revisit."""

    skill: Skill
    rating: int


@lru_cache(maxsize=1)
def load_skills() -> tuple[tuple[str, ...], tuple[Skill, ...]]:
    """The skill categories (in order) and the skills shipped with the package."""
    data = load_yaml("skills.yaml")
    return tuple(data["categories"]), tuple(Skill.model_validate(s) for s in data["skills"])


def skill_plan(ratings: dict[str, int], below: int = 3) -> list[PlanItem]:
    """Skills rated under `below` (1 = new to me, 5 = confident), weakest first, then in checklist order."""
    categories, skills = load_skills()
    by_id = {s.id: s for s in skills}
    for skill_id, rating in ratings.items():
        if skill_id not in by_id:
            raise SkillRatingError(f"Unknown skill {skill_id!r}; the checklist ids are: {', '.join(by_id)}.")
        if not isinstance(rating, int) or not RATING_MIN <= rating <= RATING_MAX:
            raise SkillRatingError(f"Rate {skill_id!r} from {RATING_MIN} (new to me) to {RATING_MAX} (confident).")
    order = {s.id: i for i, s in enumerate(skills)}
    weak = [PlanItem(by_id[k], r) for k, r in ratings.items() if r < below]
    return sorted(weak, key=lambda item: (item.rating, order[item.skill.id]))


def category_averages(ratings: dict[str, int]) -> dict[str, float]:
    """The mean rating per category, over the skills rated."""
    categories, skills = load_skills()
    skill_plan(ratings)  # validates
    sums: dict[str, list[int]] = {c: [] for c in categories}
    for skill in skills:
        if skill.id in ratings:
            sums[skill.category].append(ratings[skill.id])
    return {c: sum(v) / len(v) for c, v in sums.items() if v}
