"""Markdown to safe HTML for prompts and explanations: raw HTML in a bank is shown as text, never run."""

from __future__ import annotations

import html
from functools import lru_cache

from markdown_it import MarkdownIt


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # html=False escapes any raw HTML (a <script> shows as text); markdown-it also refuses javascript: links.
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def markdown_html(text: str) -> str:
    """Render Markdown as HTML with raw HTML escaped."""
    return _parser().render(text)


def inline_html(text: str) -> str:
    """Render one line of Markdown without the surrounding paragraph."""
    return _parser().renderInline(text)


def escape(text: str) -> str:
    """Escape plain text for HTML."""
    return html.escape(text, quote=True)
