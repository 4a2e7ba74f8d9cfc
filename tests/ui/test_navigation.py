"""Moving through the timeline: keys users know from less, vi and tig, read off the screen."""

from __future__ import annotations

import pytest

from csto_tui.model.dataset import Dataset

from .conftest import browser, channel_final, counted, position, press, ready, renamed, type_text
from .screen import screen_lines, screen_text

SIZES = [(80, 24), (120, 36)]


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x36"])
async def test_startup_shows_header_timeline_and_detail(size, bundled: Dataset) -> None:
    app = browser()
    async with app.run_test(size=size, notifications=True) as pilot:
        await ready(app, pilot)
        text = screen_text(app)
        n = len(bundled.events)
        assert counted(app) == (n, n)
        assert "all events" in text
        assert position(app) == (1, n)
        assert text.count(bundled.events[0].title[:20]) >= 2  # the row and the detail
        assert "── 2003 " in text and "── 2018 " in text  # (2025's is below at 80x24)
        assert "▶ Timeline" in text  # the timeline has focus


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x36"])
async def test_cursor_keys_move_and_the_detail_follows(size, bundled: Dataset) -> None:
    app = browser()
    evs = bundled.events
    n = len(evs)
    async with app.run_test(size=size, notifications=True) as pilot:
        await ready(app, pilot)
        for keys, expected in [
            (("j",), 2), (("down", "down"), 4), (("k",), 3), (("up",), 2),
            (("G",), n), (("g",), 1), (("end",), n), (("home",), 1), (("k",), 1),
        ]:  # fmt: skip
            await press(pilot, *keys)
            assert position(app) == (expected, n), keys
        await press(pilot, "G")
        assert evs[-1].title[:30] in screen_text(app)


async def test_a_count_before_a_motion_repeats_it(bundled: Dataset) -> None:
    """5j moves five events, 10G goes to the tenth, 3k back three; the count shows while typed."""
    app = browser()
    n = len(bundled.events)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(app, pilot)
        await press(pilot, "5")
        assert "count 5" in screen_text(app)
        await press(pilot, "j")
        assert position(app) == (6, n)
        assert "count 5" not in screen_text(app)
        await press(pilot, "1", "0", "G")
        assert position(app) == (10, n)
        await press(pilot, "3", "k")
        assert position(app) == (7, n)
        await press(pilot, "2", "g")
        assert position(app) == (2, n)
        await press(pilot, "9", "9", "j")  # past the end: the last event
        assert position(app) == (n, n)
        await press(pilot, "4", "slash")  # another key drops a half-typed count
        await press(pilot, "escape", "k")
        assert position(app) == (n - 1, n)


async def test_paging_keys_of_less(bundled: Dataset) -> None:
    app = browser()
    n = len(bundled.events)
    async with app.run_test(size=(80, 40), notifications=True) as pilot:
        await ready(app, pilot)
        for key in ("pagedown", "space", "ctrl+f"):
            await press(pilot, "g", key)
            moved = position(app)[0]
            assert moved > 2, key
            await press(pilot, "pageup")
            assert position(app)[0] == 1, key
            await press(pilot, key, "ctrl+b")
            assert position(app)[0] == 1, key
        await press(pilot, "ctrl+d")
        half = position(app)[0]
        assert 1 < half < n
        await press(pilot, "ctrl+u")
        assert position(app)[0] == 1


async def test_year_keys_jump_between_year_groups(bundled: Dataset) -> None:
    app = browser()
    starts = [e.date.lower.year if e.date.lower else None for e in bundled.events]
    groups = list(dict.fromkeys(starts))
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(app, pilot)
        await press(pilot, "right_square_bracket")
        assert position(app)[0] == starts.index(groups[1]) + 1
        await press(pilot, "right_square_bracket")
        assert position(app)[0] == starts.index(groups[2]) + 1
        await press(pilot, "left_square_bracket")
        assert position(app)[0] == starts.index(groups[1]) + 1
        await press(pilot, "2", "right_square_bracket")  # counts work here too
        assert position(app)[0] == starts.index(groups[3]) + 1


async def test_the_year_header_stays_on_top_while_scrolling(tmp_path, bundled: Dataset) -> None:
    """Forty events in one year: scrolled deep into it, the top line still names the year."""
    from csto_tui.export import render

    many = [renamed(e, f"{e.id}-{i}") for i in range(4) for e in bundled.events]
    path = tmp_path / "many.yaml"
    text = render("yaml", many, bundled)
    path.write_text(text, encoding="utf-8")
    app = browser(path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(app, pilot)
        await press(pilot, "G")
        lines = screen_lines(app)
        timeline = lines[4]  # under the header, the timeline's title and the histogram
        assert timeline.startswith("── 2025 "), lines[:5]
        await press(pilot, "2", "0", "G")
        assert screen_lines(app)[4].startswith("── 2018 "), screen_lines(app)[:5]


async def test_jump_to_a_date_lands_on_events_in_progress(bundled: Dataset) -> None:
    """`t 2018-05-29` lands on the final stage of Operation Channel 2018, under way since
    the day before (not on the stage dated only "2018"), and says so; a date between events
    says where the next one is."""
    app = browser()
    final = channel_final(bundled)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(app, pilot)
        await press(pilot, "t")
        assert "date:" in screen_text(app)
        await type_text(pilot, "2018-05-29")
        await press(pilot, "enter")
        text = screen_text(app)
        assert "date:" not in text
        shown = list(bundled.events)
        assert shown[position(app)[0] - 1].id == final.id
        assert "2018-05-29 falls during" in text
        await press(pilot, "t")
        await type_text(pilot, "2020")
        await press(pilot, "enter")
        later = [i for i, e in enumerate(shown) if e.date.lower and e.date.lower.year > 2020]
        first_2025 = later[0]
        assert position(app)[0] == first_2025 + 1
        assert "Nothing on 2020; the next event is 19 June 2025." in screen_text(app)


async def test_jump_to_a_date_when_reversed(bundled: Dataset) -> None:
    app = browser(reverse=True)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(app, pilot)
        assert "newest first" in screen_text(app)
        await press(pilot, "t")
        await type_text(pilot, "2018")
        await press(pilot, "enter")
        shown = list(reversed(bundled.events))
        landed = shown[position(app)[0] - 1]
        assert landed.date.lower and landed.date.lower.year == 2018
        assert all(e.date.lower is None or e.date.lower.year > 2018
                   for e in shown[: position(app)[0] - 1])  # fmt: skip


async def test_the_date_prompt_takes_a_period_and_explains_a_bad_date(bundled: Dataset) -> None:
    app = browser()
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(app, pilot)
        await press(pilot, "t")
        await type_text(pilot, "2025-06-19/2025-06-30")
        await press(pilot, "enter")
        landed = bundled.events[position(app)[0] - 1]
        assert landed.date.lower.isoformat() == "2025-06-19"
        await press(pilot, "t")
        await type_text(pilot, "2018-13")
        await press(pilot, "enter")
        text = screen_text(app)
        assert "Not a date" in text and "date: 2018-13" in text  # the prompt stays open


async def test_ctrl_o_goes_back_after_a_jump(bundled: Dataset) -> None:
    app = browser()
    n = len(bundled.events)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(app, pilot)
        await press(pilot, "j", "j")
        await press(pilot, "t")
        await type_text(pilot, "2025")
        await press(pilot, "enter")
        assert position(app)[0] > 3
        await press(pilot, "ctrl+o")
        assert position(app) == (3, n)
        await press(pilot, "t")
        await type_text(pilot, "2025")
        await press(pilot, "enter", "backspace")
        assert position(app) == (3, n)


async def test_a_smaller_terminal_keeps_the_cursor_in_view(tmp_path, bundled: Dataset) -> None:  # type: ignore[no-untyped-def]
    from csto_tui.export import render

    many = [renamed(e, f"{e.id}-{i}") for i in range(5) for e in bundled.events]
    path = tmp_path / "many.yaml"
    path.write_text(render("yaml", many, bundled), encoding="utf-8")
    app = browser(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        await type_text(pilot, "30")
        await press(pilot, "j")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        index = position(app)[0] - 1
        title = sorted(many, key=lambda e: (*e.date.sort_key[:2], e.id))[index].title
        timeline = screen_lines(app)[2 : screen_lines(app).index(
            next(x for x in screen_lines(app) if x.strip() == "Detail"))]  # fmt: skip
        assert any(title[:25] in line for line in timeline), timeline


async def test_t_with_nothing_shown_says_so(bundled: Dataset) -> None:
    app = browser(countries=["KG"], kinds=["exercise"])
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(app, pilot)
        await press(pilot, "t")
        await type_text(pilot, "2018")
        await press(pilot, "enter")
        await pilot.pause()
        assert "No events are shown to jump between" in screen_text(app)
