"""Pilot tests: every key of the browser, asserting on app state and on screen text."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from csto_tui.loader.bundled import bundled_data_path
from csto_tui.model.records import Event
from csto_tui.ui.app import CstoApp
from csto_tui.ui.screens.help import HelpScreen
from csto_tui.ui.widgets.detail import Detail
from csto_tui.ui.widgets.sidebar import FacetList
from csto_tui.ui.widgets.timeline import Timeline

from .conftest import ready, screen_text

SIZES = [(80, 24), (120, 36)]
DATA = [bundled_data_path()]


def app_on(paths=DATA, **options) -> CstoApp:  # type: ignore[no-untyped-def]
    return CstoApp(paths, options)


def current(app: CstoApp) -> Event:
    event = app.query_one(Timeline).current
    assert event is not None
    return event


def channel_final(bundled) -> Event:  # type: ignore[no-untyped-def]
    """The Operation Channel 2018 final stage: the event with the opium figure."""
    return next(e for e in bundled.events if any(f.item == "opium" for f in e.figures))


@pytest.mark.parametrize("size", SIZES)
async def test_startup_shows_timeline_header_and_detail(size, bundled) -> None:
    app = app_on()
    async with app.run_test(size=size) as pilot:
        await ready(app, pilot)
        text = screen_text(app)
        n = len(bundled.events)
        assert f"{n} of {n} events" in text
        assert "all events" in text
        first = bundled.events[0]
        assert current(app).id == first.id
        assert first.title[:20] in text
        assert "── 2018 " in text and "── 2025 " in text
        assert isinstance(app.focused, Timeline)


@pytest.mark.parametrize("size", SIZES)
async def test_cursor_keys_move_and_detail_follows(size, bundled) -> None:
    app = app_on()
    evs = bundled.events
    async with app.run_test(size=size) as pilot:
        await ready(app, pilot)
        await pilot.press("j")
        assert current(app).id == evs[1].id
        await pilot.press("down", "down")
        assert current(app).id == evs[3].id
        await pilot.press("k")
        assert current(app).id == evs[2].id
        await pilot.press("up")
        assert current(app).id == evs[1].id
        await pilot.press("G")
        assert current(app).id == evs[-1].id
        await pilot.pause()
        assert evs[-1].title[:30] in screen_text(app)
        await pilot.press("g")
        assert current(app).id == evs[0].id
        await pilot.press("end")
        assert current(app).id == evs[-1].id
        await pilot.press("home")
        assert current(app).id == evs[0].id
        await pilot.press("k")  # stays at the top
        assert current(app).id == evs[0].id


async def test_paging_keys(bundled) -> None:
    app = app_on()
    n = len(bundled.events)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        timeline = app.query_one(Timeline)
        page = timeline.scrollable_content_region.height - 1
        await pilot.press("pagedown")
        assert timeline.cursor == min(n - 1, page)
        await pilot.press("pageup")
        assert timeline.cursor == 0
        await pilot.press("ctrl+d")
        assert timeline.cursor == min(n - 1, page // 2)
        await pilot.press("ctrl+u")
        assert timeline.cursor == 0


async def test_year_keys_jump_between_year_groups(bundled) -> None:
    app = app_on()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)

        def year() -> int | None:
            lower = current(app).date.lower
            return lower.year if lower else None

        starts = [e.date.lower.year if e.date.lower else None for e in bundled.events]
        groups = list(dict.fromkeys(starts))
        await pilot.press("right_square_bracket")
        assert year() == groups[1]
        await pilot.press("right_square_bracket")
        assert year() == groups[2]
        await pilot.press("left_square_bracket")
        assert year() == groups[1]
        first_of_group = starts.index(groups[1])
        assert app.query_one(Timeline).cursor == first_of_group


async def test_jump_to_date_prompt(bundled) -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await pilot.press("t")
        assert app.focused is not None and app.focused.id == "jump"
        await pilot.press(*"2025-06-30", "enter")
        await pilot.pause()
        ev = current(app)
        assert ev.date.lower is not None and ev.date.lower.isoformat() == "2025-06-30"
        assert isinstance(app.focused, Timeline)
        assert not app.query_one("#jumpbar").display
        # A bad date keeps the prompt open and says why.
        await pilot.press("t", *"2018-13", "enter")
        await pilot.pause()
        assert app.query_one("#jumpbar").display
        await pilot.press("escape")
        assert not app.query_one("#jumpbar").display


async def test_enter_opens_detail_full_screen_when_narrow(bundled) -> None:
    final = channel_final(bundled)
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        app.query_one(Timeline).move_to_id(final.id)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.focused, Detail)
        assert isinstance(app.screen.maximized, Detail)
        text = screen_text(app)
        assert "opium" in text and "4,753 kg" in text
        assert "between 28 May and 1 June 2018" in text
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.maximized is None
        assert isinstance(app.focused, Timeline)


async def test_enter_focuses_detail_side_by_side_when_wide(bundled) -> None:
    app = app_on()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        await pilot.press("enter")
        assert isinstance(app.focused, Detail)
        assert app.screen.maximized is None
        assert "-wide" in app.screen.classes


async def test_related_event_jump(bundled) -> None:
    final = channel_final(bundled)
    target = final.related[0].id
    app = app_on()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        app.query_one(Timeline).move_to_id(final.id)
        await pilot.pause()
        related = app.query_one("#related")
        related.focus()
        related.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        assert current(app).id == target
        assert isinstance(app.focused, Timeline)


async def test_tab_cycles_timeline_detail_sidebar() -> None:
    app = app_on()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        seen = []
        for _ in range(6):
            await pilot.press("tab")
            seen.append(app.focused)
        kinds = [type(w).__name__ for w in seen]
        assert kinds[0] == "Detail"
        assert "FacetList" in kinds
        assert "Timeline" in kinds[1:]
        await pilot.press("shift+tab")
        assert app.focused is seen[-2]


async def test_search_filters_as_you_type_and_highlights(bundled) -> None:
    expected = {e.id for e in bundled.events if "channel" in (e.title + " ".join(e.tags)).lower()}
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await pilot.press("slash")
        assert app.focused is not None and app.focused.id == "search"
        await pilot.press(*"chan")
        await pilot.pause()
        shown = {e.id for e in app.query_one(Timeline).events}
        assert expected <= shown
        assert len(shown) < len(bundled.events)
        text = screen_text(app)
        assert f"{len(shown)} of {len(bundled.events)} events" in text
        assert "search “chan”" in text
        # Enter returns to the timeline keeping the search.
        await pilot.press("enter")
        assert isinstance(app.focused, Timeline)
        assert app.active_query.text == "chan"
        # Matches are styled (bold underline) in the timeline.
        timeline = app.query_one(Timeline)
        i = next(i for i, e in enumerate(timeline.events) if "Chan" in e.title)
        timeline.move_to(i)
        strip = timeline.render_line(timeline.row_of[i] - int(timeline.scroll_y))
        styled = [s for s in strip if s.style and s.style.underline and "Chan" in s.text]
        assert styled, "the matched prefix is underlined"
        # Escape clears it.
        await pilot.press("escape")
        await pilot.pause()
        assert app.active_query.text == ""
        assert len(app.query_one(Timeline).events) == len(bundled.events)


async def test_search_accent_and_case_insensitive(bundled) -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await pilot.press("slash", *"CHOLPÓN", "enter")
        await pilot.pause()
        titles = [e.title for e in app.query_one(Timeline).events]
        assert titles and all("Cholpon" in t or "Japarov" in t for t in titles)


async def test_highlight_mode_next_previous_match(bundled) -> None:
    app = app_on()
    n_all = len(bundled.events)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        await pilot.press("slash", *"opium", "enter", "h")
        await pilot.pause()
        assert app.highlight_only
        assert len(app.query_one(Timeline).events) == n_all  # nothing filtered
        assert app.matches
        await pilot.press("n")
        await pilot.pause()
        cursor = app.query_one(Timeline).cursor
        assert cursor == app.matches[0]
        assert "opium" in (current(app).summary + str(current(app).figures)).lower()
        n = len(app.matches)
        assert f"1 of {n} {'match' if n == 1 else 'matches'}" in screen_text(app)
        await pilot.press("N")
        assert app.query_one(Timeline).cursor == app.matches[-1]
        n_matches = len(app.matches)
        await pilot.press("h")
        assert not app.highlight_only
        assert len(app.query_one(Timeline).events) == n_matches


async def test_sidebar_toggle_values_counts_and_clear(bundled) -> None:
    kg = [e for e in bundled.events if "KG" in e.all_countries]
    app = app_on()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        await pilot.press("f")
        facets = app.query_one(FacetList)
        assert app.focused is facets
        facets.highlighted = facets.get_option_index("country:KG")
        await pilot.press("space")
        await pilot.pause()
        assert app.active_query.countries == {"KG"}
        assert len(app.query_one(Timeline).events) == len(kg)
        assert f"{len(kg)} of {len(bundled.events)} events" in screen_text(app)
        assert "Kyrgyzstan" in screen_text(app).splitlines()[0]
        # Counts of another facet now reflect the country filter.
        kinds = {v.value: v.count for v in app.engine.facets(app.active_query)["kind"]}
        assert kinds.get("meeting") == sum(1 for e in kg if e.kind == "meeting")
        # x clears the section under the cursor.
        await pilot.press("x")
        await pilot.pause()
        assert app.active_query.countries == frozenset()
        # Enter also toggles.
        facets.highlighted = facets.get_option_index("kind:operation")
        await pilot.press("enter")
        await pilot.pause()
        assert app.active_query.kinds == {"operation"}
        assert all(e.kind == "operation" for e in app.query_one(Timeline).events)
        # "clear all filters"
        facets.highlighted = facets.get_option_index("clear:all")
        await pilot.press("enter")
        await pilot.pause()
        assert not app.active_query.is_filtered


async def test_sidebar_date_inputs_and_year_shortcut(bundled) -> None:
    app = app_on()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        date_from = app.query_one("#date-from")
        date_from.focus()
        await pilot.press(*"2025")
        await pilot.pause()
        events = app.query_one(Timeline).events
        assert events and all(e.date.upper is None or e.date.upper.year >= 2025 for e in events)
        facets = app.query_one(FacetList)
        facets.focus()
        facets.highlighted = facets.get_option_index("year:2018")
        await pilot.press("space")
        await pilot.pause()
        overlapping = [e for e in bundled.events if e.date.overlaps(*_year(2018))]
        assert [e.id for e in app.query_one(Timeline).events] == [e.id for e in overlapping]
        assert "in 2018" in screen_text(app)


def _year(y: int):  # type: ignore[no-untyped-def]
    from datetime import date

    return date(y, 1, 1), date(y, 12, 31)


async def test_filter_by_value_under_cursor(bundled) -> None:
    final = channel_final(bundled)
    app = app_on()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        app.query_one(Timeline).move_to_id(final.id)
        await pilot.press("c")
        await pilot.pause()
        assert app.active_query.countries == set(final.all_countries)
        assert current(app).id == final.id
        await pilot.press("b")
        await pilot.pause()
        assert app.active_query.bodies == {b.id for b in final.bodies}


async def test_sidebar_toggle_and_reverse(bundled) -> None:
    app = app_on()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        sidebar = app.query_one("#sidebar")
        assert sidebar.display and sidebar.region.width > 0
        await pilot.press("s")
        await pilot.pause()
        assert app.query_one("#sidebar").region.width == 0
        await pilot.press("s")
        await pilot.pause()
        assert app.query_one("#sidebar").region.width > 0
        await pilot.press("r")
        await pilot.pause()
        ids = [e.id for e in app.query_one(Timeline).events]
        assert ids == [e.id for e in reversed(bundled.events)]
        assert "newest first" in screen_text(app)


async def test_sidebar_hidden_when_narrow_until_asked() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        assert app.query_one("#sidebar").region.width == 0
        await pilot.press("s")
        await pilot.pause()
        assert app.query_one("#sidebar").region.width > 0
        await pilot.press("escape")
        await pilot.pause()
        assert app.query_one("#sidebar").region.width == 0


async def test_copy_event_as_markdown(bundled) -> None:
    final = channel_final(bundled)
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        app.query_one(Timeline).move_to_id(final.id)
        await pilot.press("y")
        await pilot.pause()
        assert app.clipboard.startswith(f"## {final.title}")
        assert "| seized | opium | exact 4,753 kg |" in app.clipboard
        assert any("OSC 52" in n.message for n in app._notifications)


@pytest.mark.parametrize("key", ["question_mark", "f1"])
async def test_help_lists_live_bindings(key) -> None:
    app = app_on()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        help_screen = app.screen
        idents = [ident for _keys, _label, ident in help_screen.rows]
        for ident in ("timeline.next", "timeline.next_year", "app.search", "app.jump_date",
                      "app.copy", "app.quit", "app.help", "app.filter_country"):  # fmt: skip
            assert ident in idents
        # The focused widget's keys come first and are on screen.
        assert idents[0].startswith("timeline.")
        text = screen_text(app)
        assert "Keys for Timeline and the app" in text
        assert "timeline.first" in text and "Half page down" in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_command_palette_filters_by_country(bundled) -> None:
    app = app_on()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"country: kyrgyz")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.active_query.countries == {"KG"}


async def test_quit_keys_and_escape_first() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await pilot.press("slash", "x")
        await pilot.press("escape")  # closes the search, does not quit
        assert app.is_running
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    app2 = app_on()
    async with app2.run_test(size=(80, 24)) as pilot:
        await ready(app2, pilot)
        await pilot.press("slash")
        await pilot.press("ctrl+q")  # works even while typing
        await pilot.pause()
    assert not app2.is_running


async def test_too_small_terminal_shows_notice() -> None:
    app = app_on()
    async with app.run_test(size=(50, 12)) as pilot:
        await ready(app, pilot)
        text = screen_text(app)
        assert "too small" in text
        assert "of 12 events" not in text
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert "too small" not in screen_text(app)


async def test_initial_filters_from_options(bundled) -> None:
    app = app_on(country=["Kyrgyzstan"], search="channel")
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        ids = {e.id for e in app.query_one(Timeline).events}
        assert ids and all("KG" in bundled.event(i).all_countries for i in ids)
        assert app.active_query.text == "channel"


async def test_data_errors_show_banner_and_valid_events(tmp_path: Path) -> None:
    bad = tmp_path / "events.yaml"
    bad.write_text(
        "events:\n"
        "  - {id: good-one, date: '2018', title: Good event, summary: s, kind: meeting,"
        " sources: [{title: t}]}\n"
        "  - {id: bad-one, date: '2018-13', title: Bad event, summary: s, kind: meeting,"
        " sources: [{title: t}]}\n",
        encoding="utf-8",
    )
    app = app_on([bad])
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        text = screen_text(app)
        assert "1 data error" in text
        assert "events.yaml:3:" in text
        assert [e.id for e in app.query_one(Timeline).events] == ["good-one"]


async def test_hostile_text_is_shown_inert(tmp_path: Path) -> None:
    data = tmp_path / "events.yaml"
    data.write_text(
        "events:\n"
        "  - id: hostile\n"
        "    date: '2018'\n"
        '    title: "[bold red]markup[/] \\e[31mred \\u202eevil"\n'
        "    summary: '[link=x]click[/link]'\n"
        "    kind: meeting\n"
        "    sources: [{title: t}]\n",
        encoding="utf-8",
    )
    app = app_on([data])
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        text = screen_text(app)
        assert "[bold red]markup[/]" in text
        assert "[link=x]click[/link]" in text
        assert "\x1b" not in text and "\u202e" not in text
        assert "␛[31mred" in text


# --- regressions found in review --------------------------------------------------------


async def test_typed_and_data_text_in_notifications_is_not_markup(tmp_path: Path) -> None:
    data = tmp_path / "events.yaml"
    data.write_text(
        "events:\n"
        "  - {id: a, date: '2018', title: 'a [/] b [@click=app.quit]x[/]', summary: s,"
        " kind: meeting, sources: [{title: t}]}\n",
        encoding="utf-8",
    )
    app = app_on([data])
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await pilot.press("t", *"[/]", "enter")
        await pilot.pause()
        await pilot.press("escape", "y")
        await pilot.pause()
        assert app.is_running
        messages = [n.message for n in app._notifications]
        assert any("'[/]'" in m for m in messages)
        assert any("a [/] b [@click=app.quit]x[/]" in m for m in messages)
        assert "a [/] b" in screen_text(app)


async def test_duplicate_related_link_is_an_error_and_does_not_crash(tmp_path: Path) -> None:
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
    app = app_on([data])
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        # e1 repeats a link (an error); e2 links e3 twice with different types (allowed).
        assert "1 data error" in screen_text(app)
        assert "listed twice" in screen_text(app)
        assert [e.id for e in app.query_one(Timeline).events] == ["e2", "e3"]
        await pilot.press("j", "k")  # e2's two options to e3 must not clash
        assert app.is_running
        assert len(app.query_one("#related").options) == 2


async def test_idle_app_does_no_work_at_80x24(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing repaints while idle: no relabelling loop in the hidden sidebar."""
    from csto_tui.ui.widgets.sidebar import Sidebar

    calls: list[int] = []
    original = Sidebar.update_facets

    def counting(self, *args):  # type: ignore[no-untyped-def]
        calls.append(1)
        return original(self, *args)

    monkeypatch.setattr(Sidebar, "update_facets", counting)
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await pilot.pause(0.3)
        calls.clear()
        await pilot.pause(1.0)
        assert calls == []


@pytest.mark.parametrize("size", SIZES)
async def test_f_then_escape_then_s_hides_the_sidebar(size) -> None:
    app = app_on()
    async with app.run_test(size=size) as pilot:
        await ready(app, pilot)
        await pilot.press("f")
        await pilot.pause()
        assert app.query_one("#sidebar").region.width > 0
        assert isinstance(app.focused, FacetList)
        if size[0] >= 120:
            await pilot.press("escape", "s")
        else:
            await pilot.press("escape")
        await pilot.pause()
        assert app.query_one("#sidebar").region.width == 0


async def test_jump_to_date_when_reversed(bundled) -> None:
    app = app_on(reverse=True)
    newest_2025 = max(
        (e for e in bundled.events if e.date.lower and e.date.lower.year == 2025),
        key=lambda e: (e.date.sort_key[:2], e.id),
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await pilot.press("G", "t", *"2025", "enter")
        await pilot.pause()
        assert current(app).id == newest_2025.id
        await pilot.press("t", *"2018-05", "enter")
        await pilot.pause()
        lower = current(app).date.lower
        assert lower is not None and (lower.year, lower.month) == (2018, 5)


async def test_prompts_close_the_full_screen_detail() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.maximized is not None
        await pilot.press("slash")
        await pilot.pause()
        assert app.screen.maximized is None
        assert app.focused is not None and app.focused.id == "search"


async def test_related_jump_to_a_filtered_out_event_clears_every_filter(bundled) -> None:
    final = channel_final(bundled)
    target = final.related[0].id
    app = app_on(search="opium")
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        assert target not in {e.id for e in app.query_one(Timeline).events}
        app.query_one(Timeline).move_to_id(final.id)
        await pilot.pause()
        related = app.query_one("#related")
        related.focus()
        related.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        assert current(app).id == target
        assert not app.active_query.is_filtered
        assert app.query_one("#search").value == ""
        assert not app.query_one("#searchbar").display


async def test_x_clears_all_filters_from_the_timeline(bundled) -> None:
    app = app_on(country=["KG"], kind=["exercise"])
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        assert app.query_one(Timeline).events == []
        assert "x clears all filters" in screen_text(app)
        await pilot.press("x")
        await pilot.pause()
        assert len(app.query_one(Timeline).events) == len(bundled.events)


async def test_unknown_tag_from_the_command_line_exits_2() -> None:
    from textual.worker import WorkerCancelled

    app = app_on(tag=["bogus"])
    async with app.run_test(size=(80, 24)) as pilot:
        with contextlib.suppress(WorkerCancelled):
            await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code == 2
    assert app.error_message.startswith("csto-tui: error: unknown tag 'bogus'")


async def test_tab_order_is_timeline_detail_sidebar() -> None:
    app = app_on()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        order = []
        for _ in range(6):
            await pilot.press("tab")
            order.append(type(app.focused).__name__)
        # The detail's related list, when shown, sits between detail and sidebar.
        compact = [name for name in order if name != "RelatedList"]
        assert compact[:4] == ["Detail", "Input", "Input", "FacetList"]
        assert compact[4] == "Timeline"


def test_palette_shows_data_names_as_plain_text() -> None:
    from textual.fuzzy import Matcher

    from csto_tui.ui.commands import _highlight

    name = "Filter by body: Council [CFM] [/] x"
    content = _highlight(Matcher("council"), name)
    assert content.plain == name


@pytest.mark.parametrize("keys", [("ctrl+c",), ("slash", "a", "ctrl+c")])
async def test_ctrl_c_quits_when_nothing_is_selected(keys) -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await pilot.press(*keys)
        await pilot.pause()
    assert not app.is_running
    assert app.return_code == 0
