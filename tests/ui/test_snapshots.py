"""SVG snapshots of the browser's screens (pytest-textual-snapshot), in every colour mode.

Update after an intended change with `pytest tests/ui/test_snapshots.py --snapshot-update`,
then look at the new files in tests/ui/__snapshots__/ (e.g. `rsvg-convert -o x.png x.svg`).

A snapshot is drawn in true colour. For TERM=xterm the app runs with a line filter that
maps every colour to the nearest of the 16 ANSI colours, as the terminal does: the SVG then
shows what a 16-colour terminal shows (the tmux tests check the real escape codes).
"""

from __future__ import annotations

import shutil
from collections.abc import Awaitable, Callable, Sequence

import pytest
from rich.color import ColorSystem
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import LineFilter
from textual.pilot import Pilot

from csto_tui.loader.bundled import bundled_data_path
from csto_tui.ui.app import CstoApp
from csto_tui.ui.options import BrowseOptions

from .conftest import press, ready

Setup = Callable[[Pilot], Awaitable[None]]


class SixteenColours(LineFilter):
    """What TERM=xterm does to colours: each one becomes the nearest standard ANSI colour."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        out = []
        for text, style, control in segments:
            if style is not None:
                style = style + Style(
                    color=style.color.downgrade(ColorSystem.STANDARD) if style.color else None,
                    bgcolor=(style.bgcolor.downgrade(ColorSystem.STANDARD)
                             if style.bgcolor else None),
                )  # fmt: skip
            out.append(Segment(text, style, control))
        return out


class XtermApp(CstoApp):
    def get_line_filters(self) -> Sequence[LineFilter]:
        return [*super().get_line_filters(), SixteenColours()]


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


def browser(cls: type[CstoApp] = CstoApp) -> CstoApp:
    return cls(BrowseOptions(paths=("events.yaml",)))


def after(*keys: str) -> Setup:
    """Wait for the data, then press `keys` one at a time."""

    async def setup(pilot: Pilot) -> None:
        await ready(pilot.app, pilot)  # type: ignore[arg-type]
        await press(pilot, *("space" if k == " " else k for k in keys))
        await pilot.pause()

    return setup


def on_channel_final(*then: str) -> Setup:
    """The cursor on Operation Channel 2018's final stage (the opium seizure), then keys."""
    from csto_tui.loader import load_dataset

    events = load_dataset([bundled_data_path()]).events
    index = next(i for i, e in enumerate(events) if any(f.item == "opium" for f in e.figures))
    return after(*str(index + 1), "G", *then)


SIZES = pytest.mark.parametrize("size", [(120, 36), (80, 24)], ids=["120x36", "80x24"])


@SIZES
def test_main_view(snap_compare, size: tuple[int, int]) -> None:
    assert snap_compare(browser(), terminal_size=size, run_before=after())


def test_search_channel_highlights_80x24(snap_compare) -> None:
    keys = ("h", "slash", *"channel", "enter")
    assert snap_compare(browser(), terminal_size=(80, 24), run_before=after(*keys))


def test_detail_channel_2018_full_screen_80x24(snap_compare) -> None:
    assert snap_compare(browser(), terminal_size=(80, 24), run_before=on_channel_final("enter"))


def test_detail_channel_2018_side_by_side_120x36(snap_compare) -> None:
    assert snap_compare(browser(), terminal_size=(120, 36), run_before=on_channel_final("enter"))


def test_help_120x36(snap_compare) -> None:
    assert snap_compare(browser(), terminal_size=(120, 36), run_before=after("question_mark"))


def test_sidebar_open_80x24(snap_compare) -> None:
    assert snap_compare(browser(), terminal_size=(80, 24), run_before=after("f", "j", "j"))


def test_export_dialog_80x24(snap_compare) -> None:
    keys = ("ctrl+p", *"export the view", "enter")
    assert snap_compare(browser(), terminal_size=(80, 24), run_before=after(*keys))


def test_too_small_notice_50x12(snap_compare) -> None:
    assert snap_compare(browser(), terminal_size=(50, 12), run_before=after())


# -- focus and cursors without colour, and in 16 colours ---------------------------------


@SIZES
def test_no_color_sidebar_focused(snap_compare, monkeypatch, size) -> None:  # type: ignore[no-untyped-def]
    """NO_COLOR: the focused pane's title and the sidebar's cursor row in reverse video,
    the timeline's cursor marked (▸) and bold."""
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(browser(), terminal_size=size, run_before=after("j", "j", "f", "j"))


@SIZES
def test_no_color_timeline_focused(snap_compare, monkeypatch, size) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(browser(), terminal_size=size, run_before=on_channel_final())


@SIZES
def test_xterm_16_colours_sidebar_focused(snap_compare, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(browser(XtermApp), terminal_size=size, run_before=after("j", "f", "j"))


@SIZES
def test_xterm_16_colours_detail_focused(snap_compare, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(browser(XtermApp), terminal_size=size, run_before=on_channel_final("tab"))


def test_lang_c_ascii_80x24(snap_compare, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("LANG", "C")
    monkeypatch.setenv("LC_ALL", "C")
    monkeypatch.delenv("PYTHONUTF8", raising=False)
    assert snap_compare(browser(), terminal_size=(80, 24), run_before=after("j", "f"))


# -- the histogram strip ------------------------------------------------------------------


@SIZES
def test_histogram_cursor_on_2018(snap_compare, size) -> None:  # type: ignore[no-untyped-def]
    """The strip above the timeline: 2018's bin lit and marked (^2018) under the cursor."""
    assert snap_compare(browser(), terminal_size=size, run_before=on_channel_final())


def test_histogram_per_month_80x24(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """--country RU --from 2025: a span of two months, drawn per month."""
    app = CstoApp(BrowseOptions(paths=("events.yaml",), countries=("RU",), date_from="2025"))
    assert snap_compare(app, terminal_size=(80, 24), run_before=after("G"))


def test_no_color_histogram_80x24(snap_compare, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """NO_COLOR: the cursor's bin in reverse video, the mark and its label bold."""
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(browser(), terminal_size=(80, 24), run_before=on_channel_final())


# -- the time axis (v) ----------------------------------------------------------------------


def test_time_axis_by_year_80x24(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """Operation Channel's bar (2003, open: an arrow) over its 2018 stages, by year."""
    assert snap_compare(browser(), terminal_size=(80, 24), run_before=on_channel_final("v", "plus"))


def test_time_axis_by_decade_120x36(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """Every event on one axis of decades beside the sidebar and the detail."""
    assert snap_compare(browser(), terminal_size=(120, 36), run_before=on_channel_final("v"))


def test_no_color_time_axis_80x24(snap_compare, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """NO_COLOR, by month: the uncertain 2025 side-event (┅), the cursor row reversed."""
    monkeypatch.setenv("NO_COLOR", "1")
    keys = after("8", "j", "v", "plus", "plus")
    assert snap_compare(browser(), terminal_size=(80, 24), run_before=keys)


def test_lang_c_time_axis_80x24(snap_compare, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("LANG", "C")
    monkeypatch.setenv("LC_ALL", "C")
    monkeypatch.delenv("PYTHONUTF8", raising=False)
    assert snap_compare(browser(), terminal_size=(80, 24), run_before=on_channel_final("v", "plus"))
