"""The chart palette reads on the site's light and dark pages alike."""

from __future__ import annotations

import pytest

from bookkit import theme


@pytest.mark.parametrize("colour", theme.OKABE_ITO)
def test_every_palette_colour_stands_out_on_light_and_dark_pages(colour):
    for background in (theme.LIGHT_BACKGROUND, theme.DARK_BACKGROUND):
        assert theme.contrast(colour, background) >= theme.MIN_GRAPHIC_CONTRAST, (colour, background)


def test_palette_colours_are_distinct():
    assert len({colour.lower() for colour in theme.OKABE_ITO}) == len(theme.OKABE_ITO)


def test_contrast_matches_wcag_reference_values():
    assert theme.contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert theme.contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_text_inks_are_readable_on_white():
    assert theme.contrast(theme.TEXT, theme.LIGHT_BACKGROUND) >= 4.5
    assert theme.contrast(theme.MUTED, theme.LIGHT_BACKGROUND) >= 4.5
