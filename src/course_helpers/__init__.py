"""Course helpers: the one public surface the lesson notebooks use.

Every name a lesson calls is listed here and imported lazily, so `import course_helpers` stays fast
(pandas, matplotlib, ipywidgets and the code sets load only when a lesson first needs them) and modules
can move without touching a lesson. Notebooks import only `from course_helpers import ...`.
"""

from __future__ import annotations

import importlib

__version__ = "0.2.0"

# public name -> module that defines it, grouped by the package that does the job
_PUBLIC: dict[str, str] = {
    # quizzes, progress and the learner (quizzing/, records/)
    "quiz": "course_helpers.quizzing.api",
    "review": "course_helpers.quizzing.api",
    "set_learner": "course_helpers.records.learner",
    "current_learner": "course_helpers.records.learner",
    "learner_name_form": "course_helpers.records.learner_view",
    "progress_dashboard": "course_helpers.course.progress_view",
    # handing in on JupyterHub (classroom/)
    "submit": "course_helpers.classroom.client",
    # an instructor-led live session on JupyterHub: join it, answer the room's poll (classroom/)
    "live": "course_helpers.classroom.live_client",
    "poll": "course_helpers.classroom.live_client",
    "class_view": "course_helpers.classroom.live_view",
    # the course itself (course/)
    "course_map": "course_helpers.course.course_map_view",
    "fact_check": "course_helpers.course.fact_checks_view",
    "fact_check_table": "course_helpers.course.fact_checks_view",
    "exam_blueprint": "course_helpers.course.exam_blueprint",
    "exam_settings": "course_helpers.course.exam_blueprint",
    # shared display (display/)
    "show_table": "course_helpers.display.tables",
    # pay (salary/)
    "salary_calculator": "course_helpers.salary.calculators_view",
    "career_path_projector": "course_helpers.salary.calculators_view",
    "certification_payback": "course_helpers.salary.calculators_view",
    "productivity_calculator": "course_helpers.salary.calculators_view",
    "Profile": "course_helpers.salary.estimate",
    "estimate": "course_helpers.salary.estimate",
    "default_payback": "course_helpers.salary.payback",
    "default_productivity": "course_helpers.salary.accuracy_value",
    "bands_table": "course_helpers.salary.report",
    "describe_payback": "course_helpers.salary.report",
    "describe_productivity": "course_helpers.salary.report",
    "format_estimate": "course_helpers.salary.report",
    "states_table": "course_helpers.salary.report",
    "growth_table": "course_helpers.salary.market",
    "wage_table": "course_helpers.salary.market",
    "state_pay_explorer": "course_helpers.salary.market_view",
    "state_pay_chart": "course_helpers.salary.market_view",
    "growth_chart": "course_helpers.salary.market_view",
    # the way in and up (career/)
    "path_timeline": "course_helpers.career.entry_path_view",
    "path_steps": "course_helpers.career.entry_path_view",
    "action_checklist": "course_helpers.career.entry_path_view",
    "remote_readiness": "course_helpers.workplace.settings_view",
    "related_careers_table": "course_helpers.career.entry_path",
    "ladder_table": "course_helpers.career.ladder",
    "careers_table": "course_helpers.career.ladder",
    "credential_table": "course_helpers.career.credentials",
    "credential_explorer": "course_helpers.career.credentials_view",
    "skills_self_check": "course_helpers.career.skills_view",
    # the job (workplace/)
    "status_checker": "course_helpers.workplace.inpatient_status_view",
    "settings_table": "course_helpers.workplace.settings",
    "update_timeline": "course_helpers.workplace.update_calendar_view",
    "update_finder": "course_helpers.workplace.update_calendar_view",
    "productivity_benchmarks": "course_helpers.workplace.audit_view",
    "audit_accuracy_explorer": "course_helpers.workplace.audit_view",
    "missed_secondary_cost": "course_helpers.workplace.stakes",
    "stakes_explorer": "course_helpers.workplace.stakes_view",
    # the coding lab (coding/)
    "FISCAL_YEAR": "course_helpers.coding.codes.code_set_year",
    "lookup_code": "course_helpers.coding.codes.lookup",
    "search_codes": "course_helpers.coding.codes.lookup",
    "group_case": "course_helpers.coding.drg.grouper",
    "code_lookup": "course_helpers.coding.views.lookup_view",
    "drg_whatif": "course_helpers.coding.views.whatif_view",
    "pcs_explainer": "course_helpers.coding.views.pcs_explainer_view",
    "pcs_table_builder": "course_helpers.coding.views.pcs_builder_view",
    "pcs_axes_table": "course_helpers.coding.views.lab_view",
    "case_overview": "course_helpers.coding.views.lab_view",
    "case_player": "course_helpers.coding.views.case_player_view",
    "practice_mode": "course_helpers.coding.views.practice_view",
    "coverage_topics": "course_helpers.coding.cases.coverage",
    # the instructor's side: a made-up class, grading, the class, its questions
    "PASS_MARK": "course_helpers.data",
    "made_up_class": "course_helpers.instructor.simulate",
    "grade_submissions": "course_helpers.instructor.regrade",
    "problems_frame": "course_helpers.instructor.gradebook",
    "class_table": "course_helpers.instructor.class_report",
    "analyse_gradebook": "course_helpers.instructor.item_analysis",
    "flagged_items": "course_helpers.instructor.item_analysis",
    "compare_policies": "course_helpers.instructor.item_analysis",
    "score_distribution": "course_helpers.instructor.gradebook_view",
    "mastery_heatmap": "course_helpers.instructor.gradebook_view",
    "item_map": "course_helpers.instructor.gradebook_view",
}


def __getattr__(name: str) -> object:
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
