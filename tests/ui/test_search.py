"""Search: filtering as you type, highlight mode marking every match, n/N and the header."""

from __future__ import annotations

import re

from csto_tui.model.dataset import Dataset
from csto_tui.query import QueryEngine

from .conftest import browser, channel_final, counted, position, press, ready, type_text
from .screen import screen_lines, screen_text, styled


def matches(bundled: Dataset, text: str) -> list[int]:
    engine = QueryEngine(bundled)
    return engine.run(engine.parse(search=text)).indices


async def test_search_filters_as_you_type_and_enter_keeps_it(bundled: Dataset) -> None:
    app = browser()
    n = len(bundled.events)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(app, pilot)
        await press(pilot, "slash")
        assert re.search(r"^ / search: words", screen_text(app), re.M)
        for i, ch in enumerate("channel", 1):
            await press(pilot, ch)
            assert counted(app) == (len(matches(bundled, "channel"[:i])), n)
        await press(pilot, "enter")
        assert "▶ Timeline" in screen_text(app)
        assert "search “channel”" in screen_lines(app)[0]
        title = styled(app, "Channel")
        assert all(c.bold and c.underline for c in title)  # visible without colour too


async def test_arrow_keys_move_through_results_while_typing(bundled: Dataset) -> None:
    app = browser()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await press(pilot, "slash")
        await type_text(pilot, "channel")
        shown = counted(app)[0]
        await press(pilot, "down", "down")
        assert position(app) == (3, shown)
        await press(pilot, "up")
        assert position(app) == (2, shown)
        await press(pilot, "h")  # still typing: h goes into the field
        assert "/ channelh" in screen_text(app)


async def test_highlight_mode_marks_every_matching_row_whatever_field_matched(
    bundled: Dataset,
) -> None:
    """`h`, `/channel`: every event the search finds is marked (•), including those that
    match in their summary or bodies only, which also say where they matched."""
    app = browser()
    hits = set(matches(bundled, "channel"))
    title_only = {i for i, e in enumerate(bundled.events) if "channel" in e.title.lower()}
    assert hits - title_only, "the data must have matches outside titles for this test"
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        await press(pilot, "h", "slash")
        await type_text(pilot, "channel")
        await press(pilot, "enter")
        n = len(bundled.events)
        assert counted(app) == (n, n)
        assert f"1 of {len(hits)} matches" in screen_text(app) or f" {len(hits)} matches" in (
            screen_text(app)
        )
        marked = [line for line in screen_lines(app) if "•" in line]
        assert len(marked) == len(hits)
        assert any("(in " in line for line in marked)  # where a summary-only match matched


async def test_n_moves_between_matches_and_says_when_it_wraps(bundled: Dataset) -> None:
    app = browser()
    hits = matches(bundled, "channel")
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(app, pilot)
        await press(pilot, "h", "slash")
        await type_text(pilot, "channel")
        await press(pilot, "enter", "G", "n")
        assert position(app)[0] == hits[0] + 1
        assert "Search wrapped to the top." in screen_text(app)
        assert f"1 of {len(hits)} matches" in screen_text(app)
        await press(pilot, "n")
        assert position(app)[0] == hits[1] + 1
        assert f"2 of {len(hits)} matches" in screen_text(app)
        await press(pilot, "N", "N")
        assert position(app)[0] == hits[-1] + 1


async def test_n_after_a_filtering_search_moves_to_the_next_row(bundled: Dataset) -> None:
    app = browser()
    shown = len(matches(bundled, "channel"))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(app, pilot)
        await press(pilot, "slash")
        await type_text(pilot, "channel")
        await press(pilot, "enter", "n")
        assert position(app) == (2, shown)
        await press(pilot, "G", "n")
        assert position(app) == (1, shown)
        assert "Search wrapped to the top." in screen_text(app)


async def test_search_finds_ids_and_figures_as_written_or_plain(bundled: Dataset) -> None:
    final = channel_final(bundled)
    app = browser()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        for text in (final.id, "4753", "4,753"):
            await press(pilot, "slash")
            await type_text(pilot, text)
            await press(pilot, "enter")
            assert counted(app)[0] >= 1, text
            assert final.title[:25] in screen_text(app), text
            await press(pilot, "escape")


async def test_the_header_keeps_the_count_when_the_filter_words_are_long(
    bundled: Dataset,
) -> None:
    """At 80x24, `c` on an event with ten countries: the header says '10 countries' and
    keeps 'N of M events' whole."""
    final = channel_final(bundled)
    app = browser()
    n = len(bundled.events)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await type_text(pilot, str(bundled.events.index(final) + 1))
        await press(pilot, "G", "c")
        header = screen_lines(app)[0]
        assert f"{len(final.all_countries)} countries" in header
        assert re.search(rf"\d+ of {n} events$", header), header


async def test_search_folds_case_and_accents_and_escape_clears_it(bundled: Dataset) -> None:
    app = browser()
    n = len(bundled.events)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await press(pilot, "slash")
        await type_text(pilot, "CHOLPÓN")
        await press(pilot, "enter")
        expected = matches(bundled, "cholpon")
        assert expected and counted(app) == (len(expected), n)
        assert "Cholpon" in screen_text(app)
        await press(pilot, "escape")
        assert counted(app) == (n, n)
        assert "/ " not in screen_lines(app)[-2]


async def test_keys_typed_in_a_burst_act_on_the_view_they_see(bundled: Dataset) -> None:
    """h then n at once: n moves to the first match of the view h just made."""
    hits = matches(bundled, "channel")
    app = browser(search="channel")
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(app, pilot)
        await press(pilot, "G")
        await pilot.press("h", "n")  # no pause between them
        await pilot.pause()
        assert position(app)[0] == hits[0] + 1
        assert "No event matches" not in screen_text(app)


async def test_the_highlight_mark_survives_a_long_header(bundled: Dataset) -> None:
    final = channel_final(bundled)
    app = browser()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await type_text(pilot, str(bundled.events.index(final) + 1))
        await press(pilot, "G", "c", "b", "h", "slash")
        await type_text(pilot, "channel")
        await press(pilot, "enter")
        header = screen_lines(app)[0]
        assert "(highlight)" in header and re.search(r"\d+ of \d+ events$", header), header


async def test_a_search_of_punctuation_finds_no_matches_to_mark(bundled: Dataset) -> None:
    app = browser()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await press(pilot, "h", "slash", "left_parenthesis", "enter")
        assert not [line for line in screen_lines(app) if "•" in line]
        assert "0 matches" in screen_text(app)


async def test_a_filtering_search_says_where_it_found_a_row(bundled: Dataset) -> None:
    """Every row of a filtering search matched; one whose title shows nothing says where."""
    app = browser(search="channel")
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        assert any("(in " in line for line in screen_lines(app))


async def test_a_highlight_view_from_the_command_line_highlights_instead_of_filtering() -> None:
    app = browser(search="channel", highlight=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        shown, total = counted(app)
        assert shown == total  # every event stays; the matches are only marked
        assert "•" in screen_text(app)
