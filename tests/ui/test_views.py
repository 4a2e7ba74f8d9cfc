"""Saved views (ctrl+s, --view, the palette), the last view restored, the search history:
each survives a restart (a new app on the same settings directory)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from csto_tui.cli import browse_setup, build_parser
from csto_tui.ui.app import CstoApp

from .conftest import counted, press, ready, type_text, wait_for
from .screen import screen_text


def started(*words: str) -> CstoApp:
    """The app as `csto-tui WORDS` builds it, with the test's own settings directory."""
    options, settings, problems = browse_setup(build_parser().parse_args(["browse", *words]))
    return CstoApp(options, settings=settings, problems=problems)


def views_file() -> Path:
    return Path(os.environ["CSTO_TUI_CONFIG_DIR"]) / "views.json"


async def test_a_view_saved_with_ctrl_s_comes_back_after_a_restart() -> None:
    app = started("--country", "KG", "--search", "channel")
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(app, pilot)
        shown = counted(app)
        assert shown[0] < shown[1]
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: "Save the view" in screen_text(app), "the dialog")
        assert "--country KG --search channel" in screen_text(app)
        await type_text(pilot, "kg channel")
        await press(pilot, "enter")
        await wait_for(pilot, lambda: "Saved the view 'kg channel'" in screen_text(app),
                       "the notice")  # fmt: skip
    saved = json.loads(views_file().read_text())["views"]
    assert saved == {"kg channel": {"countries": ["KG"], "search": "channel"}}

    again = started("--view", "kg channel")  # a restart: a new app, the same files
    async with again.run_test(size=(120, 36)) as pilot:
        await ready(again, pilot)
        assert counted(again) == shown
        assert "channel" in screen_text(again)

    # and from the palette of a browser started without filters
    plain = started()
    async with plain.run_test(size=(120, 36)) as pilot:
        await ready(plain, pilot)
        assert counted(plain)[0] == counted(plain)[1]
        await press(pilot, "ctrl+p")
        await type_text(pilot, "open view")
        await wait_for(pilot, lambda: "Open view: kg channel" in screen_text(plain), "the hit")
        await press(pilot, "enter")
        await wait_for(pilot, lambda: counted(plain) == shown, "the view's events")


async def test_saving_over_a_taken_name_asks_first() -> None:
    views_file().parent.mkdir(parents=True, exist_ok=True)
    views_file().write_text(json.dumps({"version": 1, "views": {"Mine": {"countries": ["RU"]}}}))
    app = started("--country", "KG")
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(app, pilot)
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: "Saved views: Mine" in screen_text(app), "the dialog")
        await type_text(pilot, "mine")
        await press(pilot, "enter")
        await wait_for(pilot, lambda: "exists: Enter replaces it" in screen_text(app), "asking")
        assert json.loads(views_file().read_text())["views"]["Mine"] == {"countries": ["RU"]}
        await press(pilot, "enter")
        await wait_for(pilot, lambda: "Saved the view 'mine'" in screen_text(app), "saved")
    assert json.loads(views_file().read_text())["views"] == {"mine": {"countries": ["KG"]}}


async def test_a_blank_name_is_refused_in_the_dialog() -> None:
    app = started()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: "Save the view" in screen_text(app), "the dialog")
        await press(pilot, "space", "enter")
        await wait_for(pilot, lambda: "A view needs a name." in screen_text(app), "refused")
        await press(pilot, "escape")
        await wait_for(pilot, lambda: "Save the view" not in screen_text(app), "closed")
    assert not views_file().exists()


@pytest.fixture
def restoring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.toml"
    config.write_text("restore_last_view = true\n")
    monkeypatch.setenv("CSTO_TUI_CONFIG", str(config))


async def test_the_last_view_is_restored_on_start_when_the_settings_say_so(
    restoring: None,
) -> None:
    app = started()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        await press(pilot, "slash")
        await type_text(pilot, "saratov")
        await press(pilot, "enter", "r")
        seen = counted(app)
        assert seen[0] < seen[1]
    again = started()
    async with again.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(again, pilot)
        assert counted(again) == seen
        await wait_for(pilot, lambda: "Restored the last view" in screen_text(again), "notice")
        assert "newest first" in screen_text(again).splitlines()[0]
    # Filters on the command line win over the last view.
    explicit = started("--country", "RU")
    async with explicit.run_test(size=(120, 36)) as pilot:
        await ready(explicit, pilot)
        assert "saratov" not in screen_text(explicit).splitlines()[0]


async def test_without_the_setting_the_last_view_is_neither_kept_nor_restored() -> None:
    app = started()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        await press(pilot, "slash")
        await type_text(pilot, "saratov")
        await press(pilot, "enter")
    assert not views_file().exists()
    again = started()
    async with again.run_test(size=(120, 36)) as pilot:
        await ready(again, pilot)
        assert counted(again)[0] == counted(again)[1]


async def test_up_on_an_empty_search_recalls_the_searches_of_earlier_sessions() -> None:
    first = started()
    async with first.run_test(size=(120, 36)) as pilot:
        await ready(first, pilot)
        for words in ("saratov", "channel"):
            await press(pilot, "slash")
            await type_text(pilot, words)
            await press(pilot, "enter", "escape")
    again = started()
    async with again.run_test(size=(120, 36)) as pilot:
        await ready(again, pilot)
        total = counted(again)[1]
        await press(pilot, "slash", "up")
        await wait_for(pilot, lambda: "channel" in screen_text(again).splitlines()[-2], "newest")
        assert counted(again)[0] < total  # the recalled search filters at once
        await press(pilot, "up")
        await wait_for(pilot, lambda: "saratov" in screen_text(again).splitlines()[-2], "older")
        await press(pilot, "down")
        await wait_for(pilot, lambda: "channel" in screen_text(again).splitlines()[-2], "newer")
        await press(pilot, "down")  # past the newest: empty again, every event
        await wait_for(pilot, lambda: counted(again)[0] == total, "all events")
        # Once typed into, up/down move through the results again.
        await type_text(pilot, "operation")
        before = screen_text(again)
        await press(pilot, "down")
        assert "operation" in screen_text(again).splitlines()[-2]
        assert screen_text(again) != before  # the cursor moved, the search stayed
