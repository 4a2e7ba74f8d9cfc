"""The time-axis view (v): the same rows drawn as bars on a shared axis, read off the screen:
Operation Channel (since 2003) over its 2018 stages, labels that follow the zoom and the
pan, the cursor's event kept in view, LANG=C and NO_COLOR, filters and search."""

from __future__ import annotations

import re

import pytest
from textual.pilot import Pilot

from csto_tui.ui.app import CstoApp

from .conftest import browser, press, ready, type_text
from .screen import line_with, screen_cells, screen_lines, screen_text

OPERATION = "Operation Channel: annu"  # 2003-operation-channel, "2003/.."
STAGE = "Operation Channel 2018: f"  # the final stage, 2018-05-28/2018-06-01
BAR = set("━▶◀◆┅◇─├┤")


def axis_labels(app: CstoApp) -> list[str]:
    """The words of the axis line: the timeline's top line, right of its year rule."""
    lines = timeline_lines(app)
    title = next(i for i, line in enumerate(lines) if "Time axis (" in line)
    for line in lines[title + 1 :]:
        found = re.match(r"[─-]{2} .+? [─-]+ (.*)$", line)
        if found:
            return found.group(1).split()
    raise AssertionError(f"no axis line:\n{screen_text(app)}")


def timeline_lines(app: CstoApp) -> list[str]:
    """The screen's lines, each cut to the timeline pane when the sidebar is beside it."""
    return [line.split("▕", 1)[1].split("▏", 1)[0] if "▕" in line else line
            for line in screen_lines(app)]  # fmt: skip


def row(app: CstoApp, header: str, k: int) -> str:
    """The `k`-th line under the year header `header` (titles are cut to fit: the 2018
    stages all begin 'Operation Channel 2018')."""
    lines = timeline_lines(app)
    at = next((i for i, line in enumerate(lines) if re.match(rf"[─-]+ {header} ", line)), None)
    assert at is not None, screen_text(app)
    return lines[at + k]


def marked(line: str, chars: set[str] = BAR) -> set[int]:
    """The columns of a line drawn with the axis' characters."""
    return {i for i, ch in enumerate(line) if ch in chars}


def columns(app: CstoApp, needle: str, chars: set[str] = BAR) -> set[int]:
    """The columns of the row showing `needle` drawn with the axis' characters."""
    return marked(line_with(app, needle), chars)


def zoom_name(app: CstoApp) -> str:
    found = re.search(r"Time axis \((\w+)\)", screen_text(app))
    assert found, screen_text(app)
    return found.group(1)


async def on_axis(pilot: Pilot, app: CstoApp, *moves: str, zoom: int = 0) -> None:
    """Ready, the cursor moved by `moves`, the axis shown and zoomed in `zoom` times."""
    await ready(app, pilot)
    await press(pilot, *moves, "v", *["plus"] * zoom)


async def test_v_shows_the_time_axis_and_the_list_again() -> None:
    app = browser()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        assert "Zoom in" not in screen_lines(app)[-1]
        await press(pilot, "v")
        assert zoom_name(app) == "decade"
        assert {"2000", "2010", "2020"} <= set(axis_labels(app))
        assert "2003→" not in screen_text(app)  # no date column: the bars say it
        assert "Zoom in" in screen_lines(app)[-1]  # its keys in the footer, while shown
        await press(pilot, "v")
        assert "Time axis" not in screen_text(app)
        assert "2003→" in line_with(app, OPERATION)
        assert "Zoom in" not in screen_lines(app)[-1]


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_operation_channel_overlaps_its_2018_stages(size: tuple[int, int]) -> None:
    app = browser()
    async with app.run_test(size=size) as pilot:
        await on_axis(pilot, app, "5", "j")  # the cursor on the final stage
        for zoom in ("decade", "year", "month", "day"):
            assert zoom_name(app) == zoom
            operation = marked(row(app, "2003", 1))
            for k in (1, 2):  # the stage in Saratov (2018), the final stage
                stage = marked(row(app, "2018", k))
                assert stage and stage <= operation, (zoom, screen_text(app))
            await press(pilot, "plus")
        # Zoomed in to the day, the five days of the stage are a bar, 2003's goes on.
        assert len(marked(row(app, "2018", 2), {"━"})) > 5
        assert row(app, "2003", 1).rstrip("▏ ").endswith("▶")


async def test_zoom_changes_the_axis_labels() -> None:
    app = browser()
    async with app.run_test(size=(80, 24)) as pilot:
        await on_axis(pilot, app, "5", "j")
        shapes = {"decade": r"\d{3}0", "year": r"\d{4}", "month": r"\d{4}-\d\d",
                  "day": r"\d\d-\d\d"}  # fmt: skip
        seen = []
        for key in ("", "plus", "plus", "plus", "minus"):
            if key:
                await press(pilot, key)
            words = axis_labels(app)
            assert len(words) >= 2, screen_text(app)
            assert all(re.fullmatch(shapes[zoom_name(app)], w) for w in words), words
            seen.append(zoom_name(app))
        assert seen == ["decade", "year", "month", "day", "month"]
        assert "2018-05" in axis_labels(app)  # centred on the cursor's event
        await press(pilot, "equals_sign")  # = zooms in too (+ without shift)
        assert zoom_name(app) == "day"


async def test_panning_moves_the_labels_and_comes_back() -> None:
    app = browser()
    async with app.run_test(size=(80, 24)) as pilot:
        await on_axis(pilot, app, "5", "j", zoom=1)  # years
        before = axis_labels(app)
        await press(pilot, "right")
        later = axis_labels(app)
        assert int(later[-1]) > int(before[-1]), (before, later)
        await press(pilot, "left")
        assert axis_labels(app) == before
        await press(pilot, "less_than_sign")
        assert int(axis_labels(app)[0]) < int(before[0])
        await press(pilot, "full_stop")  # centred on the cursor again
        assert axis_labels(app) == before


async def test_the_cursors_event_stays_in_view() -> None:
    app = browser()
    async with app.run_test(size=(80, 24)) as pilot:
        await on_axis(pilot, app, "5", "j", zoom=3)  # the stage, by day
        assert "05-28" in axis_labels(app)
        await press(pilot, "G")  # 2025-07-04, far off this window: the window goes to it
        assert not any(w.startswith("05-") for w in axis_labels(app)), axis_labels(app)
        assert marked(line_with(app, "CSTO Secretariat delegation"), {"◆"})
        await press(pilot, "minus")  # zoomed out around it
        assert "2025-07" in axis_labels(app)
        assert marked(line_with(app, "CSTO Secretariat delegation"), {"◆"})
        await press(pilot, "g")  # the first event, open until 2018-06-02
        assert "2018-06" in axis_labels(app)
        assert line_with(app, "UNODC support for synth").split("…")[1].strip().startswith("◀━")


async def test_under_lang_c_the_axis_is_ascii(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "C")
    monkeypatch.setenv("LC_ALL", "C")
    monkeypatch.delenv("PYTHONUTF8", raising=False)
    app = browser()
    async with app.run_test(size=(80, 24)) as pilot:
        await on_axis(pilot, app, "5", "j", zoom=2)
        text = screen_text(app)
        assert text.isascii(), text
        operation = line_with(app, "Operation Channel: an")
        assert operation.rstrip().endswith("=>")  # open: to the edge, an arrow
        assert "<==" in line_with(app, "UNODC support for syn")  # open start
        assert "=" in row(app, "2018", 2)  # the final stage's five days


async def test_under_no_color_uncertain_and_open_dates_still_differ(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = browser()
    async with app.run_test(size=(80, 24)) as pilot:
        await on_axis(pilot, app)
        assert line_with(app, OPERATION).rstrip().endswith("▶")  # open: an arrow
        assert "◀━" in line_with(app, "UNODC support for synth")
        # The OSCE side-event, 2025-06-19?/2025-06-30? (uncertain), by month.
        await press(pilot, "8", "j", "plus", "plus")
        uncertain = "CSTO at OSCE side-event"
        assert columns(app, uncertain, {"┅"}) and not columns(app, uncertain, {"━"})
        assert columns(app, "XIX meeting of the Council", {"◆"})  # 2025-06-19, known
        cells = screen_cells(app)
        line = next(r for r in cells if uncertain in "".join(c.char for c in r))
        assert all(c.italic for c in line if c.char == "┅")  # and a lighter style


async def test_a_search_and_a_filter_apply_on_the_axis() -> None:
    app = browser()
    async with app.run_test(size=(80, 24)) as pilot:
        await on_axis(pilot, app)
        await press(pilot, "slash")
        await type_text(pilot, "saratov")
        await press(pilot, "enter")
        assert zoom_name(app) == "decade"
        assert re.search(r"Time axis \(decade\)\s+1 of 1\b", screen_text(app))
        assert columns(app, "Operation Channel 2018: p", {"◆"})
        assert OPERATION not in screen_text(app)
        await press(pilot, "escape", "c")  # the countries of the event under the cursor
        assert "Time axis (decade)" in screen_text(app)
        assert OPERATION not in screen_text(app)  # it names no country


async def test_the_help_lists_the_axis_keys_and_marks_only_while_it_is_shown() -> None:
    app = browser()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        await press(pilot, "question_mark", "G")
        assert "timeline.zoom_in" not in screen_text(app)
        assert "On the time axis" not in screen_text(app)
        await press(pilot, "escape", "v", "question_mark")
        assert "timeline.zoom_in" in screen_text(app)
        assert "timeline.pan_left" in screen_text(app)
        await press(pilot, "G")  # the end: the marks
        assert "On the time axis" in screen_text(app)
        assert "an open end (2003/..)" in line_with(app, "━━━▶")
