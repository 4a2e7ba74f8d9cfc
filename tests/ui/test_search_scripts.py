"""The browser's `/` across scripts: a Cyrillic query finds the bundled data's Latin
spelling, and the highlight covers the letters the query matched."""

from __future__ import annotations

from csto_tui.model.dataset import Dataset
from csto_tui.query.index import search_fields

from .conftest import browser, counted, press, ready, type_text
from .screen import screen_cells, screen_text


def spelled(bundled: Dataset, word: str) -> int:
    """Events whose searched texts hold `word` as written (a plain substring search)."""
    return sum(
        any(word in text for text in search_fields(e, bundled.registry).values())
        for e in bundled.events
    )


def marked(app, word: str) -> list[bool]:  # type: ignore[no-untyped-def]
    """Bold and underline (the highlight, visible without colour) per cell of the first
    row where `word` shows, over `word` and the cell after it."""
    for row in screen_cells(app):
        text = "".join(c.char for c in row)
        at = text.find(word)
        if at >= 0:
            return [c.bold and c.underline for c in row[at : at + len(word) + 1]]
    raise AssertionError(f"{word!r} is not on screen:\n{screen_text(app)}")


async def test_a_cyrillic_search_finds_japarov_and_highlights_the_matched_letters(
    bundled: Dataset,
) -> None:
    expected = spelled(bundled, "Japarov")
    assert expected >= 1
    app = browser()
    n = len(bundled.events)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        await press(pilot, "slash")
        await type_text(pilot, "Жап")
        await press(pilot, "enter")
        assert counted(app) == (expected, n)
        assert "Japarov" in screen_text(app)
        # 'Жап' is 'Jap': three letters lit, the 'a' after them not.
        assert marked(app, "Japa") == [True, True, True, False, False]
        await press(pilot, "escape", "slash")
        await type_text(pilot, "Жапаров")
        await press(pilot, "enter")
        assert counted(app) == (expected, n)
        assert all(marked(app, "Japarov")[:7])


async def test_a_latin_search_in_another_romanisation_finds_the_event(bundled: Dataset) -> None:
    expected = spelled(bundled, "Japarov")
    app = browser()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        await press(pilot, "slash")
        await type_text(pilot, "Zhaparov")
        await press(pilot, "enter")
        assert counted(app)[0] == expected
        assert all(marked(app, "Japarov")[:7])
