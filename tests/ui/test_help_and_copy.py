"""Help names where the user is and lists what works there; the copy says what it copied."""

from __future__ import annotations

import pytest

from csto_tui.model.dataset import Dataset

from .conftest import browser, channel_final, press, ready, type_text
from .screen import screen_lines, screen_text


@pytest.mark.parametrize("key", ["question_mark", "f1"])
async def test_help_names_the_focused_pane_in_words_and_lists_its_keys(key: str) -> None:
    app = browser()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        await press(pilot, key)
        text = screen_text(app)
        assert "Keys for the timeline and the browser" in text
        assert "Timeline(" not in text and "FacetList" not in text
        assert "timeline.next" in text  # ids are shown when there is room
        await press(pilot, "space")  # the second page
        text += screen_text(app)
        for words in ("Next event", "Jump to a date", "Copy the event as Markdown", "Quit"):
            assert words in text, words
        await press(pilot, "G")
        text = screen_text(app)
        assert "Marks" in text and "an open end" in text
        await press(pilot, "escape", "f", key)
        assert "Keys for the filter sidebar and the browser" in screen_text(app)
        assert "Toggle this value" in screen_text(app)


async def test_help_leaves_out_keys_that_do_nothing_here() -> None:
    """No search yet: n/N would do nothing, so help does not offer them; after a search it does."""
    app = browser()
    async with app.run_test(size=(120, 70)) as pilot:
        await ready(app, pilot)
        await press(pilot, "question_mark")
        assert "Next match" not in screen_text(app)
        assert "Jump back" not in screen_text(app)
        await press(pilot, "escape", "slash")
        await type_text(pilot, "channel")
        await press(pilot, "enter", "question_mark")
        assert "Next match" in screen_text(app)


async def test_help_at_60_columns_gives_the_action_column_the_room() -> None:
    app = browser()
    async with app.run_test(size=(60, 70)) as pilot:
        await ready(app, pilot)
        await press(pilot, "question_mark")
        text = screen_text(app)
        assert "timeline.next" not in text  # no id column at this width
        line = next(x for x in screen_lines(app) if "Jump to a date" in x)
        assert "Jump to a date or period" in line  # not squeezed onto several lines


async def test_y_copies_markdown_worded_as_the_detail_and_says_so_whole(
    bundled: Dataset,
) -> None:
    final = channel_final(bundled)
    app = browser()
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(app, pilot)
        await type_text(pilot, str(bundled.events.index(final) + 1))
        await press(pilot, "G", "y")
        await pilot.pause()  # the notification is drawn a moment later
        assert app.clipboard.startswith(f"## {final.title}")
        assert "4,753 kg" in app.clipboard and "exact 4,753" not in app.clipboard
        assert "4,753 kg" in screen_text(app)  # the detail says the same
        text = screen_text(app)  # the notice: a title cut inside its quotes, which close
        assert f"Copied “{final.title[:20]}" in text and "…” as" in text
        assert "Markdown via OSC 52" in text
