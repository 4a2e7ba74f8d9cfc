"""Which pane has focus, and where each list's cursor is, shown in every colour mode."""

from __future__ import annotations

import pytest

from csto_tui.model.dataset import Dataset

from .conftest import browser, position, press, ready, type_text
from .screen import reversed_lines, screen_lines, screen_text, styled


def focused_panes(app) -> list[str]:  # type: ignore[no-untyped-def]
    """The pane titles drawn with the focus mark."""
    text = screen_text(app)
    return [name for name in ("Timeline", "Detail", "Filters") if f"▶ {name}" in text]


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
async def test_exactly_one_pane_title_is_marked_and_it_follows_tab(size) -> None:
    app = browser()
    async with app.run_test(size=size) as pilot:
        await ready(app, pilot)
        assert focused_panes(app) == ["Timeline"]
        await press(pilot, "tab")
        assert focused_panes(app) == ["Detail"]
        if size[0] >= 120:  # the sidebar is on screen: Tab reaches it
            await press(pilot, "shift+tab", "shift+tab")
            assert focused_panes(app) == ["Filters"]
        await press(pilot, "escape")
        assert focused_panes(app) == ["Timeline"]
        title = styled(app, "▶ Timeline")
        assert all(c.bold for c in title if c.char.strip())


async def test_the_timeline_cursor_row_is_marked_when_another_pane_has_focus() -> None:
    """Without focus the timeline's cursor row keeps a mark (▸) and bold, not reverse."""
    app = browser()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        await press(pilot, "j")
        assert not [line for line in screen_lines(app) if "▸" in line]
        await press(pilot, "tab")
        marked = [line for line in screen_lines(app) if "▸" in line]
        assert len(marked) == 1
        assert position(app)[0] == 2


@pytest.mark.parametrize("no_color", [False, True], ids=["colour", "NO_COLOR"])
async def test_the_sidebar_cursor_is_on_a_row_from_the_moment_it_has_focus(
    monkeypatch: pytest.MonkeyPatch, bundled: Dataset, no_color: bool
) -> None:
    """f then Space ticks the first value at once; j moves the cursor, Space ticks that."""
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    app = browser()
    countries = sorted({c for e in bundled.events for c in e.all_countries})
    from csto_tui.model.countries import country_name

    names = sorted(country_name(c) for c in countries)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await press(pilot, "f", "space")
        assert f"[x] {names[0]}" in screen_text(app)
        await press(pilot, "space", "j", "j", "space")
        assert f"[x] {names[2]}" in screen_text(app)
        assert f"[ ] {names[0]}" in screen_text(app)


async def test_under_no_color_focus_and_cursors_are_reverse_video(
    monkeypatch: pytest.MonkeyPatch, bundled: Dataset
) -> None:
    """With no colours at all: the focused pane's title and the focused list's cursor row
    are the reversed lines, and they move with focus."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = browser()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        rev = [line for line in reversed_lines(app) if line]
        assert rev[0].startswith("▶ Timeline")
        assert any(bundled.events[0].title[:20] in line for line in rev)  # the cursor row
        await press(pilot, "f")
        rev = [line for line in reversed_lines(app) if line]
        assert rev[0].startswith("▶ Filters")
        assert any("Afghanistan" in line for line in rev), rev  # the sidebar's cursor
        assert not any(bundled.events[0].title[:20] in line for line in rev)
        await press(pilot, "j")
        rev = [line for line in reversed_lines(app) if line]
        assert any("Armenia" in line for line in rev) and not any("Afghan" in x for x in rev)


async def shown_focus(app) -> str:  # type: ignore[no-untyped-def]
    """The one pane marked as focused (AssertionError when none or several are)."""
    marked = focused_panes(app)
    assert len(marked) == 1, screen_text(app)
    return marked[0]


async def test_focus_never_stays_on_a_pane_the_layout_hides() -> None:
    app = browser()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await press(pilot, "enter", "s")  # full-screen detail, then the sidebar
        assert await shown_focus(app) in ("Filters", "Timeline")
        await press(pilot, "escape", "tab", "s")  # the detail has focus; s hides it
        assert await shown_focus(app) in ("Filters", "Timeline")
        await press(pilot, "j")
        assert "Timeline" in screen_text(app) or "[ ]" in screen_text(app)


async def test_focus_comes_back_after_a_resize_hides_its_pane() -> None:
    app = browser()
    async with app.run_test(size=(130, 36)) as pilot:
        await ready(app, pilot)
        await press(pilot, "f")
        assert await shown_focus(app) == "Filters"
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert await shown_focus(app) == "Timeline"
        await pilot.resize_terminal(50, 12)
        await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert await shown_focus(app) == "Timeline"
        await press(pilot, "question_mark")
        await pilot.resize_terminal(50, 12)
        await pilot.pause()
        await press(pilot, "escape")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert await shown_focus(app) == "Timeline"
        await type_text(pilot, "2018")  # keys go to the timeline, not a hidden date field
        assert "from 2018" not in screen_text(app).splitlines()[0]


async def test_under_a_dialog_no_pane_looks_focused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = browser()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        await press(pilot, "question_mark")
        assert "▶ Timeline" not in screen_text(app)
        assert not any("Timeline" in line for line in reversed_lines(app))
        await press(pilot, "escape")
        assert "▶ Timeline" in screen_text(app)


async def test_footer_names_what_q_does_in_the_detail() -> None:
    app = browser()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        await press(pilot, "tab")
        assert "q Quit" in screen_lines(app)[-1] and "q Close" not in screen_lines(app)[-1]
    app = browser()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await press(pilot, "enter")
        assert "q Close" in screen_lines(app)[-1]
