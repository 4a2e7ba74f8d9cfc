"""The filter sidebar: values with counts, dates that say what is wrong, c/b/x/s/r."""

from __future__ import annotations

import re
from datetime import date

from csto_tui.model.countries import country_name
from csto_tui.model.dataset import Dataset
from csto_tui.query import Query, QueryEngine

from .conftest import browser, channel_final, counted, press, ready, type_text
from .screen import line_with, screen_lines, screen_text


def count_on_row(app, label: str) -> int:  # type: ignore[no-untyped-def]
    """The count at the end of the sidebar row '[ ] label   N'."""
    line = line_with(app, f"] {label}")
    found = re.search(rf"\] {re.escape(label)}\s+(\d+)", line)
    assert found, line
    return int(found.group(1))


def rows_in_order(dataset: Dataset) -> list[str]:
    """The sidebar's value rows top to bottom (headers are skipped by the cursor)."""
    facets = QueryEngine(dataset).facets(Query())
    return [v.label for facet in ("country", "body", "year", "kind", "tag")
            for v in facets.get(facet, [])]  # fmt: skip


async def move_to(pilot, dataset: Dataset, label: str) -> None:  # type: ignore[no-untyped-def]
    """From the sidebar's first row down to `label`, and toggle it."""
    for _ in range(rows_in_order(dataset).index(label)):
        await press(pilot, "j")
    await press(pilot, "space")


async def test_counts_match_the_engine_and_follow_other_filters(bundled: Dataset) -> None:
    engine = QueryEngine(bundled)
    app = browser()
    kg = [e for e in bundled.events if "KG" in e.all_countries]
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        for v in engine.facets(Query())["country"]:
            assert count_on_row(app, v.label) == v.count
        await press(pilot, "f")
        await move_to(pilot, bundled, "Kyrgyzstan")
        assert counted(app) == (len(kg), len(bundled.events))
        assert "Kyrgyzstan" in screen_lines(app)[0]
        assert count_on_row(app, "meeting") == sum(1 for e in kg if e.kind == "meeting")
        await press(pilot, "x")  # clears the section under the cursor
        assert "[x]" not in screen_text(app)
        assert counted(app)[0] == len(bundled.events)


async def test_year_rows_count_and_filter_by_overlap(bundled: Dataset) -> None:
    app = browser()
    lo, hi = date(2018, 1, 1), date(2018, 12, 31)
    overlapping = [e for e in bundled.events if e.date.overlaps(lo, hi)]
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        assert count_on_row(app, "2018") == len(overlapping)
        await press(pilot, "f")
        await move_to(pilot, bundled, "2018")
        assert counted(app)[0] == len(overlapping)
        assert "in 2018" in screen_lines(app)[0]
        assert re.search(r"from\s+2018\s+to\s+2018|2018\s+2018", screen_lines(app)[2])


async def test_date_fields_filter_and_say_what_is_wrong(bundled: Dataset) -> None:
    app = browser()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        await press(pilot, "f", "shift+tab", "shift+tab")  # from the list up to 'from'
        await type_text(pilot, "2025")
        later = [e for e in bundled.events if e.date.upper is None or e.date.upper.year >= 2025]
        assert counted(app)[0] == len(later)
        await press(pilot, "tab")
        await type_text(pilot, "2018")
        text = screen_text(app)
        assert "'to' is before 'from'" in text
        assert counted(app)[0] == len(later)  # the last valid range stays
        for _ in range(4):
            await press(pilot, "backspace")
        await type_text(pilot, "2018-13")
        assert "to: " in screen_text(app) and "month" in screen_text(app).lower()
        for _ in range(7):
            await press(pilot, "backspace")
        assert "is before" not in screen_text(app) and "to: " not in screen_text(app)


async def test_c_and_b_filter_to_the_event_under_the_cursor(bundled: Dataset) -> None:
    final = channel_final(bundled)
    app = browser()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        await type_text(pilot, str(bundled.events.index(final) + 1))
        await press(pilot, "G", "c")
        engine = QueryEngine(bundled)
        q = engine.parse(countries=list(final.all_countries))
        assert counted(app)[0] == len(engine.run(q))
        assert final.title[:30] in screen_text(app)
        for code in final.all_countries:
            assert f"[x] {country_name(code)}" in screen_text(app)
        await press(pilot, "b")
        q = engine.parse(countries=list(final.all_countries), bodies=[b.id for b in final.bodies])
        assert counted(app)[0] == len(engine.run(q))
        await press(pilot, "x")
        assert counted(app)[0] == len(bundled.events)


async def test_s_shows_and_hides_the_sidebar_and_r_reverses(bundled: Dataset) -> None:
    app = browser()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        assert "Filters" in screen_lines(app)[1]
        await press(pilot, "s")
        assert "Filters" not in screen_lines(app)[1]
        await press(pilot, "s")
        assert "Filters" in screen_lines(app)[1]
        await press(pilot, "r")
        assert "newest first" in screen_lines(app)[0]
        assert bundled.events[-1].title[:20] in screen_text(app).split("Detail")[1]


async def test_narrow_sidebar_appears_on_s_and_escape_hides_it() -> None:
    app = browser()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        assert "Filters" not in screen_lines(app)[1]
        await press(pilot, "s")
        assert "Filters" in screen_lines(app)[1]
        await press(pilot, "escape")
        assert "Filters" not in screen_lines(app)[1]
        await press(pilot, "f", "escape", "s")  # f then Escape then s: shown, hidden, shown
        assert "Filters" in screen_lines(app)[1]


async def test_x_and_space_on_clear_all_clear_every_filter(bundled: Dataset) -> None:
    app = browser(countries=["KG"], search="channel")
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        assert counted(app)[0] < len(bundled.events)
        await press(pilot, "f", "x")  # the cursor starts on 'clear all filters'
        assert counted(app)[0] == len(bundled.events)
        assert "all events" in screen_lines(app)[0]
        final = channel_final(bundled)
        await press(pilot, "escape", *str(bundled.events.index(final) + 1), "G", "c")
        assert counted(app)[0] < len(bundled.events)
        await press(pilot, "f", "g", "space")  # Space on it does the same
        assert counted(app)[0] == len(bundled.events)


async def test_a_hidden_sidebar_shows_the_counts_of_the_current_view(bundled: Dataset) -> None:
    """Narrow, the sidebar is hidden and not rebuilt while the view changes: shown again,
    its counts are those of the view shown, not of the view it last drew."""
    engine = QueryEngine(bundled)
    app = browser()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await press(pilot, "slash")
        await type_text(pilot, "channel")
        await press(pilot, "enter", "f")
        expected = engine.facets(Query(text="channel"))["country"]
        for v in expected:
            assert count_on_row(app, v.label) == v.count
