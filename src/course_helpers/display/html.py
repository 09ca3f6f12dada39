"""Shared rules for HTML the course shows in notebook outputs.

JupyterLab runs MathJax over text/html outputs, so "$55,000-$72,000" would be typeset as mathematics.
MathJax 3 skips anything inside an element with class `mathjax_ignore` (measured in JupyterLab 4.6 in
Chromium; the older `tex2jax_ignore` alone did not work there). ipywidgets' HTML widget is not typeset.
"""

from __future__ import annotations

NO_MATH_CLASS = "tex2jax_ignore mathjax_ignore"


def no_math(html: str, tag: str = "div") -> str:
    """Wrap HTML so MathJax leaves dollar signs alone."""
    return f'<{tag} class="{NO_MATH_CLASS}">{html}</{tag}>'
