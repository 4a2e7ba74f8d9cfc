"""The detail: full screen below 120 columns with the header kept, keys of less, links."""

from __future__ import annotations

import re
from pathlib import Path

from csto_tui.model.dataset import Dataset

from .conftest import browser, channel_final, counted, position, press, ready, type_text
from .screen import screen_lines, screen_text


async def open_final(pilot, bundled: Dataset) -> None:  # type: ignore[no-untyped-def]
    """The cursor on Operation Channel 2018's final stage, its detail open."""
    await type_text(pilot, str(bundled.events.index(channel_final(bundled)) + 1))
    await press(pilot, "G", "enter")


async def test_enter_opens_the_detail_full_screen_under_the_header(bundled: Dataset) -> None:
    app = browser()
    n = len(bundled.events)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await open_final(pilot, bundled)
        text = screen_text(app)
        assert "4,753 kg" in text and "opium" in text
        assert "▶ Detail" in text and "Timeline" not in text
        assert counted(app) == (n, n)  # the header stays: filters change in plain sight
        assert re.search(rf"Detail\s+{bundled.events.index(channel_final(bundled)) + 1} of {n}",
                         text)  # fmt: skip
        await press(pilot, "c")
        assert counted(app)[0] < n
        assert "countries" in screen_lines(app)[0] or "Armenia" in screen_lines(app)[0]


async def test_q_closes_the_full_screen_detail_and_then_quits(bundled: Dataset) -> None:
    app = browser()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await open_final(pilot, bundled)
        await press(pilot, "q")
        assert app.is_running
        assert "▶ Timeline" in screen_text(app)
        await press(pilot, "q")
    assert app.return_code == 0


async def test_less_keys_scroll_the_detail_and_j_k_change_event(bundled: Dataset) -> None:
    app = browser()
    final = channel_final(bundled)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await open_final(pilot, bundled)
        top = screen_lines(app)[2]
        assert final.title[:30] in top
        await press(pilot, "G")
        assert final.title[:30] not in screen_text(app)
        assert final.id in screen_text(app)  # the last lines: id and file:line
        await press(pilot, "g")
        assert screen_lines(app)[2] == top
        for key in ("space", "ctrl+d", "ctrl+f", "pagedown"):
            await press(pilot, "g", key)
            assert screen_lines(app)[2] != top, key
        await press(pilot, "ctrl+b")
        assert screen_lines(app)[2] == top
        here = position_in_title(app)
        await press(pilot, "J")
        assert position_in_title(app) == here + 1
        await press(pilot, "K", "K")
        assert position_in_title(app) == here - 1
        assert "▶ Detail" in screen_text(app)


def position_in_title(app) -> int:  # type: ignore[no-untyped-def]
    found = re.search(r"Detail\s+(\d+) of \d+", screen_text(app))
    assert found, screen_text(app)
    return int(found.group(1))


async def test_file_and_line_never_break_in_a_narrow_detail(tmp_path: Path, bundled) -> None:
    """A long path: its start gives way ('…'), the file name and the line stay whole."""
    deep = tmp_path / ("a-rather-long-folder-name-" * 4) / "events.yaml"
    deep.parent.mkdir(parents=True)
    from csto_tui.loader.bundled import bundled_data_path

    deep.write_bytes(bundled_data_path().read_bytes())
    app = browser(deep)
    final = channel_final(bundled)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await open_final(pilot, bundled)
        await press(pilot, "G")
        lines = screen_lines(app)
        line = next(x for x in lines if "events.yaml:" in x)
        assert re.search(r"…\S*/events\.yaml:\d+$", line.strip()), line
        found = re.search(r"events\.yaml:(\d+)", line)
        assert found and int(found.group(1)) > 1
        assert not any(re.fullmatch(r"\s*\d+\s*", x) for x in lines[2:-1])  # no lone digits
        assert any(x.strip() == final.id for x in lines)


async def test_following_a_related_link_and_going_back(bundled: Dataset) -> None:
    """Enter on a related event jumps there, clearing a search that hid it; ctrl+o comes
    back with the search restored."""
    final = channel_final(bundled)
    assert final.related
    target = bundled.event(final.related[0].id)
    assert target is not None
    app = browser()
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(app, pilot)
        await press(pilot, "slash")
        await type_text(pilot, "opium")
        await press(pilot, "enter")
        assert counted(app)[0] == 1
        await press(pilot, "enter", "tab")  # the detail, then its related list
        await press(pilot, "enter")
        assert "Filters cleared to show the related event" in screen_text(app)
        n = len(bundled.events)
        assert counted(app) == (n, n)
        assert position(app)[0] == bundled.events.index(target) + 1
        await press(pilot, "ctrl+o")
        assert counted(app)[0] == 1
        assert "search “opium”" in screen_lines(app)[0]
        assert "/ opium" in screen_text(app)


async def test_enter_at_120_columns_focuses_the_detail_beside_the_timeline() -> None:
    app = browser()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        await press(pilot, "enter")
        text = screen_text(app)
        assert "▶ Detail" in text and "  Timeline" in text
        await press(pilot, "q")  # not full screen: q quits
    assert app.return_code == 0
