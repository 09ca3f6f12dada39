"""The course's colours: the Okabe-Ito palette for charts, darker shades of it for text, and WCAG contrast.

Okabe and Ito's eight colours ("Color Universal Design", 2002/2008) stay distinguishable with the common
colour-vision deficiencies, so charts use them. Several are too light for text on white (bluish green
#009E73 is 3.4:1, vermillion #D55E00 3.9:1), and WCAG 2.2 SC 1.4.3 asks 4.5:1 for normal text, so text
uses the darker shade of the same hue in ``TEXT``. Focus rings and other non-text marks need 3:1
(SC 1.4.11). ``contrast_ratio`` is the WCAG 2 formula; tests/display/test_palette.py checks every pair.
"""

from __future__ import annotations

# Okabe-Ito, for chart marks (bars, lines, points): never for text on white.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

# The same hues darkened until text on white (and on JupyterLab's light grey panels) reads at >= 4.5:1.
TEXT: dict[str, str] = {
    "black": "#000000",
    "orange": "#8A5A00",
    "sky_blue": "#005F8F",
    "bluish_green": "#006D4F",
    "yellow": "#6F6A00",
    "blue": "#0072B2",
    "vermillion": "#A84500",
    "reddish_purple": "#A0377A",
}

# Meanings the course gives colours in text, always with a word or symbol as well (never colour alone).
OK_TEXT = TEXT["bluish_green"]  # "valid, billable", "Correct"
ERROR_TEXT = TEXT["vermillion"]  # one-line "what to fix" messages
WARNING_TEXT = TEXT["orange"]
INFO_TEXT = "#1F4E79"
MUTED_TEXT = "#555555"  # banners and notes (7.5:1)
FOCUS_RING = "#1F4E79"  # 2 px focus outline: 8.7:1 on white (>= 3:1 asked)

# Backgrounds text is drawn on: the notebook (white) and JupyterLab's light-theme panels.
BACKGROUNDS: dict[str, str] = {"white": "#FFFFFF", "jupyterlab_layout": "#F5F5F5"}

AA_TEXT = 4.5
AA_NON_TEXT = 3.0


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a "#RRGGBB" colour (0 black to 1 white)."""
    text = colour.strip().lstrip("#")
    if len(text) != 6 or any(ch not in "0123456789abcdefABCDEF" for ch in text):
        raise ValueError(f"not a #RRGGBB colour: {colour!r}")
    r, g, b = (_channel(int(text[i : i + 2], 16)) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(foreground: str, background: str = "#FFFFFF") -> float:
    """WCAG 2 contrast ratio between two colours, from 1 (none) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
