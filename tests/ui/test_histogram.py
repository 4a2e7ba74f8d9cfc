"""The histogram strip above the timeline: it follows the filters, marks the cursor's
period, hides on H and on short terminals, and reads under LANG=C and NO_COLOR."""

from __future__ import annotations

import pytest

from .conftest import browser, counted, press, ready
from .screen import reversed_lines, screen_lines, screen_text

BLOCKS = set("▁▂▃▄▅▆▇█")


def strip(app: object) -> tuple[str, str]:
    """The two lines under the timeline's title (80 columns: the pane is the width)."""
    lines = screen_lines(app)  # type: ignore[arg-type]
    title = next(i for i, line in enumerate(lines) if "Timeline" in line)
    return lines[title + 1], lines[title + 2]


def shown(app: object) -> bool:
    bars, _axis = strip(app)
    return bool(set(bars) & BLOCKS) or bool(set(bars) & set(".:-=+*#@"))


async def test_the_bars_follow_a_filter() -> None:
    app = browser()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        bars, axis = strip(app)
        assert axis.split()[0] == "2003" and axis.split()[-1] == "2025"
        assert set(bars) & BLOCKS
        await press(pilot, "j", "j", "j", "j")  # the Saratov stage of 2018: Russia
        await press(pilot, "c")
        assert counted(app) == (5, 12)
        after, axis_after = strip(app)
        assert after != bars
        ends = axis_after.split()
        assert ends[0] == "^2018" and ends[-1] == "2025"  # the cursor's label at the left
        await press(pilot, "x")  # cleared: the first bars again
        assert strip(app)[0] == bars


async def test_a_span_under_three_years_is_drawn_per_month() -> None:
    app = browser(countries=["RU"], date_from="2025")  # June and July 2025
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        assert strip(app)[1].split() == ["^2025-06", "2025-07"]  # the cursor's month first
        await press(pilot, "G")
        assert strip(app)[1].split() == ["2025-06", "^2025-07"]


async def test_the_cursors_period_is_marked_and_moves_with_it() -> None:
    app = browser()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        assert "^" not in strip(app)[1]  # the first event has an open start: in no bin
        await press(pilot, "j", "j")  # Operation Channel, 2003
        first = strip(app)[1]
        assert "^2003" in first.split()
        await press(pilot, "G")  # the last event, July 2025
        last = strip(app)[1]
        assert last.split()[-1] == "^2025"  # its label runs on past the bars
        assert last.index("^") > first.index("^")
        assert last.split()[0] == "2003"


async def test_h_hides_and_shows_the_strip() -> None:
    app = browser()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        assert shown(app)
        await press(pilot, "H")
        assert not shown(app)
        assert "open start" in strip(app)[0]  # the timeline's rows take its lines
        await press(pilot, "H")
        assert shown(app)


async def test_a_short_terminal_hides_it_and_a_taller_one_brings_it_back() -> None:
    app = browser()
    async with app.run_test(size=(80, 19)) as pilot:
        await ready(app, pilot)
        assert not shown(app)
        await pilot.resize_terminal(80, 20)
        await pilot.pause()
        assert shown(app)
        await pilot.resize_terminal(80, 19)
        await pilot.pause()
        assert not shown(app)


async def test_it_starts_hidden_when_the_settings_say_so() -> None:
    from csto_tui.config.settings import Settings
    from csto_tui.ui.app import CstoApp

    options = browser().options
    app = CstoApp(options, settings=Settings(histogram=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        assert not shown(app)
        await press(pilot, "H")
        assert shown(app)


async def test_under_lang_c_the_strip_is_ascii(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "C")
    monkeypatch.setenv("LC_ALL", "C")
    monkeypatch.delenv("PYTHONUTF8", raising=False)
    app = browser()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await press(pilot, "G")
        bars, axis = strip(app)
        assert bars.isascii() and axis.isascii(), screen_text(app)
        assert "@" in bars  # the tallest bin, 2025
        assert axis.split()[-1] == "^2025"


async def test_under_no_color_the_cursors_bin_is_reverse_video(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = browser()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        lines = screen_lines(app)
        row = next(i for i, line in enumerate(lines) if "Timeline" in line) + 1
        assert reversed_lines(app)[row] == ""  # an open start: no bin is the cursor's
        await press(pilot, "G")  # 2025: the tallest bin
        assert reversed_lines(app)[row] == "███"
        await press(pilot, "k", "k", "k", "k", "k", "k")  # Saratov, 2018
        assert reversed_lines(app)[row] == "▅▅▅"
        assert "^2018" in strip(app)[1].split()


async def test_a_theme_change_repaints_the_bars() -> None:
    from .screen import screen_cells

    app = browser()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)

        def bar_colours() -> set[str]:
            lines = screen_lines(app)
            row = next(i for i, line in enumerate(lines) if "Timeline" in line) + 1
            return {c.color for c in screen_cells(app)[row] if c.char in BLOCKS}

        before = bar_colours()
        app.theme = "nord"
        await pilot.pause()
        after = bar_colours()
        assert before and after and before != after
