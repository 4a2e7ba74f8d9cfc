"""The query worker: views built off the UI thread arrive as ViewReady messages; only the
newest query's is shown, and a late one says "searching" meanwhile.

The bundled data is small enough to be built at once (BrowserScreen.SYNC_BELOW); these
tests lower the threshold to take the worker's path, and slow the query layer down
(`QueryEngine.select`) for chosen searches.
"""

from __future__ import annotations

import threading
import time

import pytest
from textual.message import Message

from csto_tui.query import Query, QueryEngine
from csto_tui.ui.messages import ApplyQuery, ExportRequested, ViewReady
from csto_tui.ui.screens.browser import BrowserScreen

from .conftest import browser, counted, ready, wait_for
from .screen import screen_lines, screen_text


@pytest.fixture
def worker_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(BrowserScreen, "SYNC_BELOW", 0)


class SlowSearches:
    """Patches `QueryEngine.select` to sleep for the searches named; `started` is set
    once the slow call is under way."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, seconds: float, *texts: str) -> None:
        self.started = threading.Event()
        original = QueryEngine.select

        def select(engine: QueryEngine, query: Query) -> tuple[int, list[int]]:
            if query.text in texts:
                self.started.set()
                time.sleep(seconds)
            return original(engine, query)

        monkeypatch.setattr(QueryEngine, "select", select)


def matching(text: str) -> int:
    """How many bundled events the search `text` finds, from the engine itself."""
    from csto_tui.loader import load_dataset
    from csto_tui.loader.bundled import bundled_data_path

    return len(QueryEngine(load_dataset([bundled_data_path()])).run(Query(text=text)))


async def test_a_stale_view_is_dropped_when_it_comes_after_a_newer_one(
    worker_path: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """'o' is slow, 'op' fast: typed in a row, the answer for 'op' comes first, the one for
    'o' after it, and the screen keeps showing 'op'."""
    slow = SlowSearches(monkeypatch, 0.6, "o")
    expected = matching("op")
    assert expected != matching("o")  # else the test could not tell them apart
    seen: list[Message] = []
    app = browser()
    async with app.run_test(size=(120, 36), message_hook=seen.append) as pilot:
        await ready(app, pilot)
        await wait_for(pilot, lambda: "events" in screen_lines(app)[0], "the first view")
        await pilot.press("slash", "o")
        await wait_for(pilot, slow.started.is_set, "the slow search to start")
        await pilot.press("p")

        def views() -> list[int]:
            return [m.generation for m in seen if isinstance(m, ViewReady)]

        await wait_for(pilot, lambda: len(views()) >= 3, "both searches' answers")
        *_, newer, older = views()
        assert older < newer  # the slow, older answer came last
        await pilot.pause(0.1)
        assert counted(app)[0] == expected
        assert 'search "op"' in screen_lines(app)[0] or "search “op”" in screen_lines(app)[0]


async def test_searching_shows_only_while_a_view_is_late(
    worker_path: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    SlowSearches(monkeypatch, 0.8, "opium")
    shown: list[bool] = []
    app = browser()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        await wait_for(pilot, lambda: "events" in screen_lines(app)[0], "the first view")
        screen = app.screen
        screen.watch(screen, "searching", lambda value: shown.append(value), init=False)
        # A fast search: its view is in before the timer ends; nothing says "searching".
        app.screen.post_message(ApplyQuery(Query(text="channel")))
        await wait_for(pilot, lambda: counted(app)[0] == matching("channel"), "'channel'")
        await pilot.pause(BrowserScreen.SEARCHING_AFTER * 2)
        assert shown == [] and "searching" not in screen_text(app)
        # A slow one: after a frame or so the header and the search bar say so ...
        app.screen.post_message(ApplyQuery(Query(text="opium")))
        await wait_for(pilot, lambda: "searching…" in screen_text(app), "'searching…'")
        assert shown == [True]
        lines = [line for line in screen_lines(app) if "searching…" in line]
        assert len(lines) == 2  # the header (beside the count shown) and the search bar
        assert counted(app)[0] == matching("channel")  # still the view shown
        # ... until its view comes.
        await wait_for(pilot, lambda: counted(app)[0] == 1, "the slow view")
        assert shown == [True, False] and "searching" not in screen_text(app)


async def test_searching_is_written_in_ascii_under_lang_c(
    worker_path: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "C")
    monkeypatch.setenv("LC_ALL", "C")
    monkeypatch.delenv("PYTHONUTF8", raising=False)
    SlowSearches(monkeypatch, 0.8, "opium")
    app = browser()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        await wait_for(pilot, lambda: "events" in screen_lines(app)[0], "the first view")
        app.screen.post_message(ApplyQuery(Query(text="opium")))
        await wait_for(pilot, lambda: "searching..." in screen_text(app), "'searching...'")
        assert all(ch.isascii() for ch in screen_text(app))


async def test_an_export_asked_for_while_searching_exports_the_new_view(
    worker_path: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    slow = SlowSearches(monkeypatch, 0.5, "opium")
    app = browser()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        await wait_for(pilot, lambda: "events" in screen_lines(app)[0], "the first view")
        app.screen.post_message(ApplyQuery(Query(text="opium")))
        await wait_for(pilot, slow.started.is_set, "the slow search to start")
        app.screen.post_message(ExportRequested())
        await wait_for(pilot, lambda: "Export the" in screen_text(app), "the export dialog")
        assert "Export the 1 event shown" in screen_text(app)


async def test_a_failing_query_says_so_and_the_next_one_shows(
    worker_path: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = QueryEngine.select

    def select(engine: QueryEngine, query: Query) -> tuple[int, list[int]]:
        if query.text == "boom":
            time.sleep(BrowserScreen.SEARCHING_AFTER * 2)  # late enough to say "searching"
            raise RuntimeError("index on fire")
        return original(engine, query)

    monkeypatch.setattr(QueryEngine, "select", select)
    app = browser()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        await wait_for(pilot, lambda: "events" in screen_lines(app)[0], "the first view")
        app.screen.post_message(ApplyQuery(Query(text="boom")))
        await wait_for(pilot, lambda: "query failed: index on fire" in screen_text(app), "it")
        await pilot.pause(0.05)
        assert "searching" not in screen_text(app)
        app.screen.post_message(ApplyQuery(Query(text="opium")))
        await wait_for(pilot, lambda: counted(app)[0] == 1, "the next search's view")
