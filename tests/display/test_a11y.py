"""Every interactive course view carries the keyboard helper, and the quiz marks the parts its script uses."""

from __future__ import annotations

import pytest

from course_helpers.display.a11y import ROOT_CLASS, KeyboardSupport, keyboard_support, with_keyboard_support


def _views():
    from course_helpers.career.entry_path_view import action_checklist, path_timeline
    from course_helpers.career.skills_view import skills_self_check
    from course_helpers.coding.views.case_player_view import CasePlayer
    from course_helpers.coding.views.lookup_view import code_lookup
    from course_helpers.coding.views.whatif_view import drg_whatif
    from course_helpers.salary.calculators_view import productivity_calculator
    from course_helpers.workplace.inpatient_status_view import status_checker
    from course_helpers.workplace.stakes_view import stakes_explorer

    return {
        "timeline": path_timeline,
        "checklist": action_checklist,
        "skills": skills_self_check,
        "case player": lambda: CasePlayer(record=False).widget,
        "look-up": code_lookup,
        "what-if": drg_whatif,
        "productivity": productivity_calculator,
        "status": status_checker,
        "stakes": stakes_explorer,
    }


@pytest.mark.parametrize("name", sorted(_views()))
def test_view_has_the_keyboard_helper(name: str) -> None:
    root = _views()[name]()
    assert ROOT_CLASS in root._dom_classes
    assert any(isinstance(child, KeyboardSupport) for child in root.children)


def test_helper_is_shared_and_added_once() -> None:
    import ipywidgets as widgets

    box = widgets.VBox([widgets.Label("x")])
    with_keyboard_support(box)
    with_keyboard_support(box)
    assert box.children[-1] is keyboard_support() and len(box.children) == 2


def test_calculator_chart_has_a_text_alternative() -> None:
    from course_helpers.salary.calculators_view import certification_payback

    calc = certification_payback()
    assert calc.chart_alt().startswith("Chart: Certification payback. Cost $")
    assert "Break-even" in calc.chart_alt() and "<b>" not in calc.chart_alt()
    assert f'alt="{calc.chart_alt()}"' in calc.chart.value and "data:image/png;base64," in calc.chart.value
