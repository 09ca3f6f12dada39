"""MathJax-safe tables: dollar amounts are wrapped in the ignore class, captions are escaped."""

from __future__ import annotations

import pandas as pd

from course_helpers.display.html import NO_MATH_CLASS
from course_helpers.display.tables import show_table


def test_table_html_is_wrapped_and_keeps_every_value() -> None:
    frame = pd.DataFrame({"Role": ["Supervisor"], "Band": ["$72,000–$88,000"]})
    out = show_table(frame, caption="Bands <unverified>")._repr_html_()
    assert out.startswith(f'<div class="{NO_MATH_CLASS}"><style>')
    assert 'class="dataframe course-table"' in out
    assert "$72,000–$88,000" in out
    assert "<caption>Bands &lt;unverified&gt;</caption>" in out
    assert out.index("<table") < out.index("<caption>") < out.index("<thead")


def test_text_form_is_the_frame_text() -> None:
    frame = pd.DataFrame({"a": [1, 2]})
    assert repr(show_table(frame)) == frame.to_string(index=False)
    assert "<caption>" not in show_table(frame)._repr_html_()


def test_meaningful_index_is_kept_and_plain_index_dropped() -> None:
    plain = pd.DataFrame({"a": ["x"]})
    named = plain.set_index(pd.Index(["Median"], name="Percentile"))
    assert "<th>0</th>" not in show_table(plain)._repr_html_()
    assert "Median" in show_table(named)._repr_html_() and "Percentile" in repr(show_table(named))
