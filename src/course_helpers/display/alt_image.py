"""Show a matplotlib figure as an image with alt text (JupyterLab gives plain PNG outputs no alt text)."""

from __future__ import annotations

import base64
import html
import io
from typing import Any


class AltImage:
    """A figure rendered once to PNG and displayed as `<img alt=...>` with a visible caption."""

    def __init__(self, figure: Any, alt: str, caption: str | None = None) -> None:
        if not alt.strip():
            raise ValueError("every figure needs alt text: describe what the figure shows")
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=100, bbox_inches="tight", metadata={"Software": None})
        self.figure = figure
        self.png = buffer.getvalue()
        self.alt = alt.strip()
        self.caption = caption

    def _repr_html_(self) -> str:
        data = base64.b64encode(self.png).decode("ascii")
        caption = f"<figcaption>{html.escape(self.caption)}</figcaption>" if self.caption else ""
        return (
            f'<figure class="tex2jax_ignore mathjax_ignore" style="margin:0.5em 0">'
            f'<img src="data:image/png;base64,{data}" '
            f'alt="{html.escape(self.alt)}" style="max-width:100%"/>{caption}</figure>'
        )

    def __repr__(self) -> str:
        return f"[Figure: {self.alt}]"
