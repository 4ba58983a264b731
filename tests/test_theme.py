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


TABLES = {**{f"entity {k}": v for k, v in theme.ENTITIES.items()}, **{f"verdict {k}": v for k, v in theme.VERDICTS.items()}}


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_semantic_colour_stands_out_on_its_page(name):
    ink = TABLES[name]
    assert theme.contrast(ink.light, theme.LIGHT_BACKGROUND) >= theme.MIN_GRAPHIC_CONTRAST, (name, ink.light)
    assert theme.contrast(ink.dark, theme.DARK_BACKGROUND) >= theme.MIN_GRAPHIC_CONTRAST, (name, ink.dark)


@pytest.mark.parametrize("ink", theme.SERIES)
def test_every_series_colour_has_a_dark_edition_that_stands_out(ink):
    assert theme.contrast(ink.dark, theme.DARK_BACKGROUND) >= theme.MIN_GRAPHIC_CONTRAST, ink


def test_entities_and_verdicts_each_have_their_own_colour():
    for table in (theme.ENTITIES, theme.VERDICTS):
        lights = [ink.light.lower() for ink in table.values()]
        assert len(set(lights)) == len(lights), table


def test_a_light_colour_has_one_dark_edition():
    editions: dict[str, set[str]] = {}
    for ink in [*theme.INKS.values(), *theme.ENTITIES.values(), *theme.VERDICTS.values(), *theme.SERIES]:
        editions.setdefault(ink.light.lower(), set()).add(ink.dark.lower())
    assert {light: darks for light, darks in editions.items() if len(darks) > 1} == {}
    assert theme.dark_inks()[theme.TEXT.lower()] == theme.INKS["text"].dark.lower()


def test_labels_find_their_table_entry():
    assert theme.semantic_name("Turkey (with the UN for grain)") == "Türkiye"
    assert theme.semantic_name("US") == "United States"
    assert theme.semantic_name("Not found") == "not_found"
    assert theme.semantic_name("Refugees recorded in Europe") is None
    assert theme.semantic_ink(None) is None


def test_text_inks_are_readable_on_the_dark_page():
    for name in ("text", "muted"):
        assert theme.contrast(theme.INKS[name].dark, theme.DARK_BACKGROUND) >= 4.5, name
