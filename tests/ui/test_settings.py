"""The browser applies the settings file: keymap, theme, and says what the file got wrong.

The app is built as `csto-tui` builds it (`cli.browse_setup` from the command line's words
and the settings file named by CSTO_TUI_CONFIG), so these tests go the user's way in.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from csto_tui.cli import browse_setup, build_parser
from csto_tui.ui.app import CstoApp

from .conftest import press, ready, wait_for
from .screen import line_with, screen_cells, screen_text


def app_from(
    words: list[str], config: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> CstoApp:
    path = tmp_path / "config.toml"
    path.write_text(config, encoding="utf-8")
    monkeypatch.setenv("CSTO_TUI_CONFIG", str(path))
    options, settings, problems = browse_setup(build_parser().parse_args(["browse", *words]))
    return CstoApp(options, settings=settings, problems=problems)


async def test_a_keymap_override_changes_the_key_in_the_help_and_what_it_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_from([], '[keymap]\n"browser.search" = "ctrl+g"\n', tmp_path, monkeypatch)
    async with app.run_test(size=(120, 80)) as pilot:  # tall: the whole help on screen
        await ready(app, pilot)
        assert "^g Search" in screen_text(app).splitlines()[-1]  # the footer
        await press(pilot, "question_mark")
        await wait_for(pilot, lambda: "browser.search" in screen_text(app), "the help")
        row = line_with(app, "browser.search")
        assert row.split()[2:4] == ["^g", "Search:"], row
        await press(pilot, "escape", "slash")  # `/` does nothing now
        assert "search: words" not in screen_text(app)
        await press(pilot, "ctrl+g")
        await wait_for(pilot, lambda: "search: words" in screen_text(app), "the search bar")


async def test_an_invalid_config_starts_with_a_notice_and_the_rest_applies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = 'theme = "csto-high-contrast"\nwatch = "yes"\n[keymap]\n"browser.serch" = "z"\n'
    app = app_from([], config, tmp_path, monkeypatch)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(app, pilot)
        await wait_for(pilot, lambda: "watch:expected" in toasts(app), "the notice")
        text = toasts(app)
        assert "config.toml:2:1:error:watch:expectedtrueorfalse" in text
        assert 'not"yes";usingtrue' in text
        await wait_for(pilot, lambda: "nobinding'browser.serch'" in toasts(app),
                       "the keymap's notice")  # fmt: skip
        assert "didyoumean'browser.search'?" in toasts(app)
        # The theme, a valid key, is in effect: the year rules in its accent (cyan).
        rule = next(row for row in screen_cells(app) if "── 2018" in "".join(c.char for c in row))
        assert {c.color for c in rule if c.char == "2"} == {"#00ffff"}


def toasts(app: CstoApp) -> str:
    """The text of the notices titled Settings, their lines joined without spaces (a
    notice wraps its lines anywhere, even inside a word)."""
    lines = screen_text(app).splitlines()
    out = []
    for i, line in enumerate(lines):
        if line.rstrip().endswith("Settings"):
            column = line.rindex("Settings")
            for below in lines[i + 1 :]:
                part = below[column:].strip()
                if not part:
                    break
                out.append(part)
    return "".join("".join(out).split())


def header_colours(app: CstoApp) -> set[str]:
    """The colours of the timeline's year headers on screen."""
    colours = set()
    for row in screen_cells(app):
        line = "".join(c.char for c in row)
        if "── 20" in line:
            start = line.index("── 20")
            colours |= {c.color for c in row[start + 3 : start + 7]}
    return colours


async def test_a_theme_switch_repaints_the_timeline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_from([], 'theme = "textual-dark"\n', tmp_path, monkeypatch)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        before = header_colours(app)
        assert before and "#00ffff" not in before
        app.theme = "csto-high-contrast"  # what the palette's "Change theme" does
        await pilot.pause()
        await pilot.pause()
        assert header_colours(app) == {"#00ffff"}  # every header, none left in the old colour
        app.theme = "nord"
        await pilot.pause()
        await pilot.pause()
        assert header_colours(app) not in ({"#00ffff"}, before)


async def test_the_high_contrast_theme_is_seven_to_one() -> None:
    from textual.color import Color

    from csto_tui.ui.themes import CSTO_HIGH_CONTRAST

    colours = CSTO_HIGH_CONTRAST.to_color_system().generate()

    def luminance(text: str) -> float:  # WCAG 2's relative luminance
        def linear(c: int) -> float:
            v = c / 255
            return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

        r, g, b = Color.parse(text).rgb
        return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)

    def ratio(name: str) -> float:
        a, b = luminance(colours[name]), luminance(colours["background"])
        return (max(a, b) + 0.05) / (min(a, b) + 0.05)

    for name in ("foreground", "text-muted", "accent", "warning", "error", "success"):
        assert ratio(name) >= 7, (name, ratio(name))


async def test_clipboard_off_says_so_and_copies_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_from([], 'clipboard = "off"\n', tmp_path, monkeypatch)
    copied: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(app, pilot)
        await press(pilot, "y")
        await wait_for(pilot, lambda: "clipboard" in screen_text(app), "the notice")
        assert 'clipboard = "off"' in screen_text(app)
        assert copied == []


async def test_date_style_words_writes_the_timeline_dates_in_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_from([], 'date_style = "words"\n', tmp_path, monkeypatch)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        rows = [line for line in screen_text(app).splitlines() if " ops Operation Channel" in line]
        assert any("28 May→1 Jun 2018  ops" in row for row in rows), rows
        assert not any("2018-05-28" in row.split(" ops ")[0] for row in rows)
        assert "19 Jun 2025" in screen_text(app)


@pytest.mark.parametrize("theme", ["csto-16", "csto-high-contrast"])
async def test_our_themes_start_and_draw_the_timeline(
    theme: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_from([], f'theme = "{theme}"\n', tmp_path, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        assert "── 2018" in screen_text(app) and "of 12 events" in screen_text(app)
