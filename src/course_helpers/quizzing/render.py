"""Markdown to safe HTML for prompts and explanations: raw HTML in a bank is shown as text, never run."""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt

_REMOTE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")


def _image(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    """A remote image becomes a link (a course page never fetches from the network on its own)."""
    token = tokens[idx]
    src = token.attrGet("src") or ""
    if not _REMOTE.match(src):
        return self.image(tokens, idx, options, env)  # an image the course ships (a relative path)
    alt = self.renderInlineAsText(token.children or [], options, env) or "image"
    return f'<a href="{html.escape(src, quote=True)}">{html.escape(alt)} (image link)</a>'


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # html=False escapes any raw HTML (a <script> shows as text); markdown-it also refuses javascript: links.
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
    parser.add_render_rule("image", _image)
    return parser


def markdown_html(text: str) -> str:
    """Render Markdown as HTML with raw HTML escaped."""
    return _parser().render(text)


def inline_html(text: str) -> str:
    """Render one line of Markdown without the surrounding paragraph."""
    return _parser().renderInline(text)


def escape(text: str) -> str:
    """Escape plain text for HTML."""
    return html.escape(text, quote=True)
