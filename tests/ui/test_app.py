"""The app around the screen: start-up filters, data errors, quitting, messages, workers."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from textual.message import Message
from textual.worker import WorkerCancelled

from csto_tui.model.dataset import Dataset
from csto_tui.ui.messages import ApplyQuery, ExportRequested, RunAction

from .conftest import browser, counted, position, press, ready, type_text
from .screen import screen_lines, screen_text, styled


async def test_filters_from_the_command_line_are_applied(bundled: Dataset) -> None:
    app = browser(countries=["Kyrgyzstan"], search="channel")
    kg_channel = [e for e in bundled.events if "KG" in e.all_countries and "hannel" in (
        e.title + e.summary)]  # fmt: skip
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        assert counted(app) == (len(kg_channel), len(bundled.events))
        header = screen_lines(app)[0]
        assert "Kyrgyzstan" in header and "search “channel”" in header
        assert "/ channel" in screen_text(app)  # the search bar shows what filters


async def test_an_unknown_tag_from_the_command_line_exits_2() -> None:
    app = browser(tags=["bogus"])
    async with app.run_test(size=(80, 24)) as pilot:
        with contextlib.suppress(WorkerCancelled):
            await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code == 2
    assert app.error_message.startswith("csto-tui: error: unknown tag 'bogus'")


async def test_data_errors_show_a_banner_and_the_valid_events(tmp_path: Path) -> None:
    bad = tmp_path / "events.yaml"
    bad.write_text(
        "events:\n"
        "  - {id: good-one, date: '2018', title: Good event, summary: s, kind: meeting,"
        " sources: [{title: t}]}\n"
        "  - {id: bad-one, date: '2018-13', title: Bad event, summary: s, kind: meeting,"
        " sources: [{title: t}]}\n",
        encoding="utf-8",
    )
    app = browser(bad)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        text = screen_text(app)
        assert "1 data error; showing the 1 valid event." in " ".join(text.split())
        assert "events.yaml:3:" in text
        assert counted(app) == (1, 1) and "Good event" in text


async def test_a_failing_load_is_shown_not_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    import csto_tui.session.live

    def broken(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(csto_tui.session.live, "load_dataset", broken)
    app = browser()
    async with app.run_test(size=(80, 24)) as pilot:
        with contextlib.suppress(Exception):
            await app.workers.wait_for_complete()
        await pilot.pause()
        text = screen_text(app)
        assert "load failed: the disk went away" in text
        assert "Nothing loaded" in text
        assert app.is_running and "Traceback" not in text


async def test_a_duplicate_related_link_is_an_error_and_does_not_crash(tmp_path: Path) -> None:
    data = tmp_path / "events.yaml"
    data.write_text(
        "events:\n"
        "  - {id: e1, date: '2018', title: One event, summary: s, kind: meeting,"
        " sources: [{title: t}], related: [{id: e2, type: part-of}, {id: e2, type: part-of}]}\n"
        "  - {id: e2, date: '2019', title: Two event, summary: s, kind: meeting,"
        " sources: [{title: t}], related: [{id: e3, type: see-also}, {id: e3, type: follows}]}\n"
        "  - {id: e3, date: '2020', title: Three event, summary: s, kind: meeting,"
        " sources: [{title: t}]}\n",
        encoding="utf-8",
    )
    app = browser(data)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        # e1 repeats a link (an error); e2 links e3 twice with different types (allowed).
        text = screen_text(app)
        assert "1 data error" in text and "listed twice" in text
        assert counted(app) == (2, 2)
        await press(pilot, "j", "k")
        assert "see-also: Three event" in screen_text(app)
        assert "follows: Three event" in screen_text(app)


async def test_quit_keys_escape_first_and_ctrl_q_while_typing() -> None:
    app = browser()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await press(pilot, "slash", "x", "escape")  # closes the search, does not quit
        assert app.is_running
        await press(pilot, "q")
    assert app.return_code == 0
    app2 = browser()
    async with app2.run_test(size=(80, 24)) as pilot:
        await ready(app2, pilot)
        await press(pilot, "slash", "ctrl+q")
    assert not app2.is_running


@pytest.mark.parametrize("keys", [("ctrl+c",), ("slash", "a", "ctrl+c")])
async def test_ctrl_c_quits_when_nothing_is_selected(keys) -> None:  # type: ignore[no-untyped-def]
    app = browser()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await press(pilot, *keys)
    assert not app.is_running
    assert app.return_code == 0


async def test_prompts_close_the_full_screen_detail() -> None:
    app = browser()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await press(pilot, "enter")
        assert "Timeline" not in screen_text(app)
        await press(pilot, "slash")
        assert "Timeline" in screen_text(app) and "/ search: words" in screen_text(app)


async def test_x_clears_every_filter_and_says_how_when_nothing_matches(
    bundled: Dataset,
) -> None:
    app = browser(countries=["KG"], kinds=["exercise"])
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        assert counted(app)[0] == 0
        assert "x clears all filters" in screen_text(app)
        await press(pilot, "x")
        assert counted(app)[0] == len(bundled.events)


async def test_the_palette_posts_messages_to_the_screen(bundled: Dataset) -> None:
    """Palette commands are messages the screen handles, with what they carry."""
    seen: list[Message] = []
    app = browser()
    async with app.run_test(size=(120, 36), message_hook=seen.append) as pilot:
        await ready(app, pilot)
        await press(pilot, "ctrl+p")
        await type_text(pilot, "by country kyrgyz")
        await press(pilot, "enter")
        applied = [m for m in seen if isinstance(m, ApplyQuery)]
        assert len(applied) == 1 and applied[0].query.countries == {"KG"}
        assert "Kyrgyzstan" in screen_lines(app)[0]
        await press(pilot, "ctrl+p")
        await type_text(pilot, "reverse order")
        await press(pilot, "enter")
        assert [m.action for m in seen if isinstance(m, RunAction)] == ["reverse"]
        assert "newest first" in screen_lines(app)[0]
        await press(pilot, "ctrl+p")
        await type_text(pilot, "export the view as ics")
        await press(pilot, "enter")
        assert [m.fmt for m in seen if isinstance(m, ExportRequested)] == ["ics"]
        assert "csto-tui-view.ics" in screen_text(app)


def test_palette_names_from_data_are_plain_text() -> None:
    from textual.fuzzy import Matcher

    from csto_tui.ui.commands import _highlight

    name = "Filter by body: Council [CFM] [/] x"
    assert _highlight(Matcher("council"), name).plain == name


async def test_a_theme_change_repaints_the_timeline_in_the_new_colours() -> None:
    app = browser()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        before = styled(app, "── 2018")[3].color
        app.theme = "nord"  # another accent: the year headers are drawn in it
        await pilot.pause()
        after = styled(app, "── 2018")[3].color
        assert before and after and before != after


async def test_tab_cycles_timeline_detail_and_sidebar() -> None:
    app = browser()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        seen = []
        for _ in range(6):
            await press(pilot, "tab")
            text = screen_text(app)
            seen.append(next(p for p in ("Timeline", "Detail", "Filters") if f"▶ {p}" in text))
        compact = [p for i, p in enumerate(seen) if i == 0 or seen[i - 1] != p]
        assert compact[:3] == ["Detail", "Filters", "Timeline"], seen
        assert position(app)[0] == 1
