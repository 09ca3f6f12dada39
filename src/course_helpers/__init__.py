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
    "set_learner": "course_helpers.learner",
    "learner_name_form": "course_helpers.learner",
    "current_learner": "course_helpers.learner",
    "progress_dashboard": "course_helpers.dashboard",
    # lesson helpers
    "fact_check": "course_helpers.lesson.fact_checks",
    "fact_check_table": "course_helpers.lesson.fact_checks",
    "course_map": "course_helpers.lesson.course_map",
    "salary_calculator": "course_helpers.salary.widgets",
    "career_path_projector": "course_helpers.salary.widgets",
    "certification_payback": "course_helpers.salary.widgets",
    "productivity_calculator": "course_helpers.salary.widgets",
    "case_player": "course_helpers.coding.case_player",
    "code_lookup": "course_helpers.coding.widgets",
    "drg_whatif": "course_helpers.coding.widgets",
    "pcs_explainer": "course_helpers.coding.widgets",
    "lookup_code": "course_helpers.coding.lookup",
    "search_codes": "course_helpers.coding.lookup",
    "group_case": "course_helpers.coding.grouper",
    "practice_mode": "course_helpers.coding.practice_view",
    "path_timeline": "course_helpers.lesson.path_widgets",
    "action_checklist": "course_helpers.lesson.path_widgets",
    "remote_readiness": "course_helpers.lesson.path_widgets",
    "state_pay_explorer": "course_helpers.lesson.job_market",
    "state_pay_chart": "course_helpers.lesson.job_market",
    "growth_chart": "course_helpers.lesson.job_market",
    "status_checker": "course_helpers.lesson.status_widget",
    "path_steps": "course_helpers.lesson.path_widgets",
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
