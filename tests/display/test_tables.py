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


def test_every_header_cell_has_text_and_a_captioned_table_is_a_named_keyboard_region() -> None:
    import re

    frame = pd.DataFrame({"01_the_role": [61.5], "overall %": [70.0]}, index=pd.Index(["ana"], name="learner"))
    out = show_table(frame, caption="The class table")._repr_html_()
    headers = re.findall(r"<th[^>]*>(.*?)</th>", out)
    assert headers == ["learner", "01_the_role", "overall %", "ana"], headers
    assert '<th scope="col">learner</th>' in out and '<th scope="row">ana</th>' in out
    region = re.search(r'<div class="course-table-scroll"([^>]*)>', out).group(1)
    assert 'role="region"' in region and 'tabindex="0"' in region and 'aria-label="The class table"' in region
    assert "data-lm-suppress-shortcuts" in region  # JupyterLab leaves the arrow keys to it
    unnamed = show_table(frame.rename_axis(None))._repr_html_()
    assert "<th></th>" not in unnamed and "role=" not in unnamed  # no caption: no region to name
