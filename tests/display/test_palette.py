"""The course's text colours meet WCAG AA (4.5:1) and its focus ring 3:1; the formula matches WCAG's."""

from __future__ import annotations

import re

import pytest

from course_helpers.display import palette
from tests.paths import REPO


def test_contrast_formula_matches_known_values() -> None:
    assert palette.contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert palette.contrast_ratio("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    # the values the accessibility review measured for the old text colours
    assert palette.contrast_ratio("#009E73") == pytest.approx(3.4, abs=0.05)
    assert palette.contrast_ratio("#D55E00") == pytest.approx(3.9, abs=0.05)
    assert palette.contrast_ratio("#767676") == pytest.approx(4.54, abs=0.01)  # the usual AA grey
    assert palette.contrast_ratio("#0072B2", "#FFFFFF") == palette.contrast_ratio("#FFFFFF", "#0072B2")


def test_bad_colour_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="not a #RRGGBB colour"):
        palette.contrast_ratio("green")


@pytest.mark.parametrize("background", sorted(palette.BACKGROUNDS.values()))
@pytest.mark.parametrize("name", sorted(palette.TEXT))
def test_every_text_shade_reads_at_aa(name: str, background: str) -> None:
    assert palette.contrast_ratio(palette.TEXT[name], background) >= palette.AA_TEXT


def test_text_shades_keep_their_okabe_ito_hue() -> None:
    assert set(palette.TEXT) == set(palette.OKABE_ITO)
    import colorsys

    for name, chart in palette.OKABE_ITO.items():
        if name == "black":
            continue
        rgb = [tuple(int(c[i : i + 2], 16) / 255 for i in (1, 3, 5)) for c in (chart, palette.TEXT[name])]
        hue = [colorsys.rgb_to_hsv(*channels)[0] for channels in rgb]
        assert min(abs(hue[0] - hue[1]), 1 - abs(hue[0] - hue[1])) < 0.05, name


def test_named_text_colours_and_focus_ring() -> None:
    for colour in (palette.OK_TEXT, palette.ERROR_TEXT, palette.WARNING_TEXT, palette.INFO_TEXT, palette.MUTED_TEXT):
        assert palette.contrast_ratio(colour) >= palette.AA_TEXT, colour
    assert palette.contrast_ratio(palette.FOCUS_RING) >= palette.AA_NON_TEXT
    assert palette.contrast_ratio(palette.FOCUS_RING, palette.BACKGROUNDS["jupyterlab_layout"]) >= palette.AA_NON_TEXT


# Text colours written as literals in the views: every one must read at 4.5:1 on white.
_TEXT_COLOUR = re.compile(r"(?<![-\w])color\s*:\s*(#[0-9A-Fa-f]{6})\b")


def test_no_view_writes_text_in_a_low_contrast_colour() -> None:
    low = []
    for path in sorted((REPO / "src" / "course_helpers").rglob("*.py")):
        for colour in _TEXT_COLOUR.findall(path.read_text(encoding="utf-8")):
            if palette.contrast_ratio(colour) < palette.AA_TEXT:
                low.append(f"{path.name}: {colour} ({palette.contrast_ratio(colour):.2f}:1)")
    assert low == [], low
