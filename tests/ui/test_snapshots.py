"""SVG snapshots of the browser's main screens (pytest-textual-snapshot).

Update after an intended change with `pytest tests/ui/test_snapshots.py --snapshot-update`,
then look at the new files in tests/ui/__snapshots__/ (e.g. `rsvg-convert -o x.png x.svg`).
"""

from __future__ import annotations

import shutil
from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot

from csto_tui.loader.bundled import bundled_data_path
from csto_tui.ui.app import CstoApp
from csto_tui.ui.widgets.timeline import Timeline

from .conftest import ready

Setup = Callable[[Pilot], Awaitable[None]]


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Colours and Unicode glyphs whatever the runner's terminal and locale are.

    conftest.py sets LANG=C.UTF-8. Under a C locale (a bare CI container) Python also runs in
    UTF-8 mode, which the app takes for an ASCII terminal unless PYTHONUTF8 says it was asked.
    """
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("PYTHONUTF8", "1")
    # The detail shows where a record stands (file:line): the same relative name in every
    # checkout, whether the package runs from the source tree or from site-packages.
    shutil.copy(bundled_data_path(), tmp_path / "events.yaml")
    monkeypatch.chdir(tmp_path)


def browser() -> CstoApp:
    return CstoApp(["events.yaml"], {})


async def settle(pilot: Pilot) -> None:
    """The data loaded (the worker), the Inputs' cursors steady, the layout done."""
    await ready(pilot.app, pilot)  # type: ignore[arg-type]
    await pilot.pause()  # the sidebar relabels itself once its width is known


def on_channel_final(then: tuple[str, ...] = ()) -> Setup:
    """Put the cursor on Operation Channel 2018's final stage (the opium seizure)."""

    async def setup(pilot: Pilot) -> None:
        await settle(pilot)
        app = pilot.app
        assert isinstance(app, CstoApp) and app.dataset is not None
        final = next(e for e in app.dataset.events if any(f.item == "opium" for f in e.figures))
        assert app.query_one(Timeline).move_to_id(final.id)
        await pilot.pause()
        await pilot.press(*then)
        await pilot.pause()

    return setup


@pytest.mark.parametrize("size", [(120, 36), (80, 24)], ids=["120x36", "80x24"])
def test_main_view(snap_compare, size: tuple[int, int]) -> None:
    assert snap_compare(browser(), terminal_size=size, run_before=settle)


def test_search_channel_highlights_80x24(snap_compare) -> None:
    assert snap_compare(
        browser(), press=["slash", *"channel", "enter"], terminal_size=(80, 24), run_before=settle
    )


def test_detail_channel_2018_full_screen_80x24(snap_compare) -> None:
    assert snap_compare(
        browser(), terminal_size=(80, 24), run_before=on_channel_final(then=("enter",))
    )


def test_detail_channel_2018_side_by_side_120x36(snap_compare) -> None:
    assert snap_compare(
        browser(), terminal_size=(120, 36), run_before=on_channel_final(then=("enter",))
    )


def test_help_120x36(snap_compare) -> None:
    assert snap_compare(
        browser(), press=["question_mark"], terminal_size=(120, 36), run_before=settle
    )


def test_sidebar_open_80x24(snap_compare) -> None:
    assert snap_compare(browser(), press=["s"], terminal_size=(80, 24), run_before=settle)


def test_too_small_notice_50x12(snap_compare) -> None:
    assert snap_compare(browser(), terminal_size=(50, 12), run_before=settle)
