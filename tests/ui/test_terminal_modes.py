"""LANG=C, NO_COLOR and small terminals: the app's own drawing stays readable in each."""

from __future__ import annotations

import pytest

from .conftest import browser, press, ready, type_text
from .screen import screen_lines, screen_text, styled

# Every state a user reaches in a few keys, from the start of the app.
STATES = {
    "main": (),
    "sidebar": ("f", "j"),
    "detail": ("j", "j", "j", "j", "j", "j", "enter"),
    "detail-bottom": ("enter", "G"),
    "help": ("question_mark",),
    "help-bottom": ("question_mark", "G"),
    "palette": ("ctrl+p",),
    "palette-typed": ("ctrl+p", "e", "x", "p"),
    "search-highlight": ("h", "slash", "c", "h", "a", "n", "enter"),
    "date-prompt": ("t",),
    "bad-date": ("t", "x", "enter"),
    "export": ("ctrl+p", "e", "x", "p", "o", "r", "t", "space", "t", "h", "e", "enter"),
}


@pytest.fixture
def ascii_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """A C locale with no UTF-8 anywhere, as `LANG=C LC_ALL=C csto-tui` has."""
    monkeypatch.setenv("LANG", "C")
    monkeypatch.setenv("LC_ALL", "C")
    monkeypatch.delenv("PYTHONUTF8", raising=False)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
@pytest.mark.parametrize("state", STATES, ids=STATES.keys())
async def test_under_lang_c_every_cell_on_screen_is_ascii(
    ascii_terminal: None, state: str, size: tuple[int, int]
) -> None:
    app = browser()
    async with app.run_test(size=size, notifications=True) as pilot:
        await ready(app, pilot)
        await press(pilot, *STATES[state])
        text = screen_text(app)
        wrong = sorted({ch for ch in text if not ch.isascii()})
        assert not wrong, f"{wrong} in state {state}:\n{text}"


async def test_under_lang_c_the_marks_keep_their_meaning(ascii_terminal: None) -> None:
    app = browser()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        text = screen_text(app)
        assert "-- 2018 ---" in text
        assert "...\n" in text or "..." in text  # cut titles
        assert "~\n" not in text.replace("-", "")  # '~' only ever means approximate
        assert "Enter Open" in screen_lines(app)[-1]  # the footer's keys in words
        assert "> Timeline" in text


async def test_matches_are_bold_and_underlined_without_colour(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = browser(search="channel")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        cells = styled(app, "Channel")
        assert all(c.bold and c.underline for c in cells)


async def test_too_small_terminal_shows_a_notice_on_the_browser_only() -> None:
    app = browser()
    async with app.run_test(size=(50, 12)) as pilot:
        await ready(app, pilot)
        text = screen_text(app)
        assert "too small" in text and "of 12 events" not in text
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert "too small" not in screen_text(app)
        await press(pilot, "question_mark")
        await pilot.resize_terminal(50, 12)
        await pilot.pause()
        await press(pilot, "escape")
        assert "too small" in screen_text(app)  # the notice is on the browser, as it should
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert "too small" not in screen_text(app)


async def test_idle_app_repaints_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Over SSH every repaint costs: with nothing typed, no widget draws a line."""
    from textual.widget import Widget
    from textual.widgets import OptionList

    drawn: list[str] = []
    for cls in (Widget, OptionList):
        original = cls.render_lines

        def counting(self, crop, _original=original):  # type: ignore[no-untyped-def]
            drawn.append(type(self).__name__)
            return _original(self, crop)

        monkeypatch.setattr(cls, "render_lines", counting)
    app = browser()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await pilot.pause(0.3)
        assert drawn  # the counter sees paints
        drawn.clear()
        await pilot.pause(1.0)
        assert drawn == []
        await press(pilot, "j")
        assert drawn  # and a key does paint


async def test_hostile_text_is_shown_inert(tmp_path) -> None:  # type: ignore[no-untyped-def]
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
    app = browser(data)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        text = screen_text(app)
        assert "[bold red]markup[/]" in text
        assert "[link=x]click[/link]" in text
        assert "\x1b" not in text and "\u202e" not in text
        assert "␛[31mred" in text


async def test_typed_and_data_text_in_notifications_is_not_markup(tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "events.yaml"
    data.write_text(
        "events:\n"
        "  - {id: a, date: '2018', title: 'a [/] b [@click=app.quit]x[/]', summary: s,"
        " kind: meeting, sources: [{title: t}]}\n",
        encoding="utf-8",
    )
    app = browser(data)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(app, pilot)
        await press(pilot, "t")
        await type_text(pilot, "[/]")
        await press(pilot, "enter")
        assert app.is_running
        assert "'[/]'" in screen_text(app)
        await press(pilot, "escape", "y")
        assert app.is_running
        assert "a [/] b [@click=app.quit]x[/]" in " ".join(screen_text(app).split())
