"""Course helpers: the small public surface the lesson notebooks use.

Everything is imported lazily so `import course_helpers` stays fast: pandas, matplotlib,
ipywidgets and the code sets load only when a lesson first needs them.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# public name -> module that defines it
_PUBLIC: dict[str, str] = {
    # quizzes and progress
    "quiz": "course_helpers.quizzing.api",
    "review": "course_helpers.quizzing.api",
    "set_learner": "course_helpers.records.learner",
    "learner_name_form": "course_helpers.records.learner",
    "current_learner": "course_helpers.records.learner",
    "progress_dashboard": "course_helpers.records.report",
    # lesson helpers
    "fact_check": "course_helpers.course.fact_checks_view",
    "fact_check_table": "course_helpers.course.fact_checks_view",
    "course_map": "course_helpers.course.course_map",
    "salary_calculator": "course_helpers.salary.calculators_view",
    "career_path_projector": "course_helpers.salary.calculators_view",
    "certification_payback": "course_helpers.salary.calculators_view",
    "productivity_calculator": "course_helpers.salary.calculators_view",
    "case_player": "course_helpers.coding.views.case_player_view",
    "code_lookup": "course_helpers.coding.views.lookup_view",
    "drg_whatif": "course_helpers.coding.views.lookup_view",
    "pcs_explainer": "course_helpers.coding.views.lookup_view",
    "lookup_code": "course_helpers.coding.codes.lookup",
    "search_codes": "course_helpers.coding.codes.lookup",
    "group_case": "course_helpers.coding.drg.grouper",
    "practice_mode": "course_helpers.coding.views.practice_view",
    "path_timeline": "course_helpers.career.entry_path_view",
    "action_checklist": "course_helpers.career.entry_path_view",
    "remote_readiness": "course_helpers.career.entry_path_view",
    "state_pay_explorer": "course_helpers.salary.market_view",
    "state_pay_chart": "course_helpers.salary.market_view",
    "growth_chart": "course_helpers.salary.market_view",
    "status_checker": "course_helpers.workplace.inpatient_status_view",
    "path_steps": "course_helpers.career.entry_path_view",
    # the instructor's side: the class, its questions, a demo class
    "write_demo_gradebook": "course_helpers.instructor.demo_class",
    "class_table": "course_helpers.instructor.class_report",
    "analyse_gradebook": "course_helpers.instructor.item_analysis",
    "flagged_items": "course_helpers.instructor.item_analysis",
    "score_distribution": "course_helpers.instructor.gradebook_view",
    "mastery_heatmap": "course_helpers.instructor.gradebook_view",
    "item_map": "course_helpers.instructor.gradebook_view",
}


def __getattr__(name: str) -> Any:
    """Load a public helper on first use."""
    module_name = _PUBLIC.get(name)
    if module_name is None:
        raise AttributeError(f"module 'course_helpers' has no attribute {name!r}")
    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_PUBLIC])


__all__ = sorted(_PUBLIC)
