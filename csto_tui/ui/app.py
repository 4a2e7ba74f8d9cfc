"""The app: settings, terminal modes (NO_COLOR, ASCII), quitting, help; the browser screen
owns everything the user browses."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import CommandPalette, SearchIcon
from textual.scrollbar import ScrollBar, ScrollBarRender

from csto_tui.model.dataset import Dataset
from csto_tui.ui.commands import BrowserCommands
from csto_tui.ui.glyphs import glyphs
from csto_tui.ui.options import BrowseOptions
from csto_tui.ui.safe import unicode_ok
from csto_tui.ui.screens.browser import BrowserScreen
from csto_tui.ui.screens.help import HelpScreen, binding_rows

# Key names Textual shows as symbols; under LANG=C they are words.
ASCII_KEYS = {"⏎": "Enter", "↑": "Up", "↓": "Down", "←": "Left", "→": "Right", "⇥": "Tab",
              "⌫": "Backspace", "␣": "Space", "⇞": "PgUp", "⇟": "PgDn", "⎋": "Esc"}  # fmt: skip


class PlainScrollBarRender(ScrollBarRender):
    """A scrollbar of spaces: the thumb in reverse video, no eighth-block glyphs, so it
    shows under NO_COLOR and stays ASCII under LANG=C."""

    VERTICAL_BARS: ClassVar[list[str]] = [" "] * 8
    HORIZONTAL_BARS: ClassVar[list[str]] = [" "] * 8


class Palette(CommandPalette):
    """The command palette, its search icon in ASCII on terminals without UTF-8."""

    def on_mount(self) -> None:
        if not unicode_ok():
            self.query_one(SearchIcon).icon = ">"


class CstoApp(App[int]):
    """Browse CSTO events with the given options (paths and starting filters)."""

    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses live elsewhere
    TITLE = "csto-tui"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {BrowserCommands}
    ESCAPE_TO_MINIMIZE = False  # Escape is ours: it closes whatever is open, one thing at a time

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "help", "Help", id="app.help", key_display="?",
                tooltip="Help: the keys that work here"),
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("ctrl+q", "quit", "Quit", id="app.force_quit", show=False, priority=True),
        # Ctrl+C copies selected text (Textual's screen binding) and quits otherwise.
        Binding("ctrl+c", "quit", "Quit", id="app.interrupt", show=False),
    ]  # fmt: skip

    def __init__(self, options: BrowseOptions, dataset: Dataset | None = None) -> None:
        # NO_COLOR: Textual strips colours only for ANSI themes; for the others it emits
        # greys (and the colour codes with them). Native ANSI colours make it strip them all.
        super().__init__(ansi_color=True if "NO_COLOR" in os.environ else None)
        self.options = options
        self.dataset = dataset
        self.ascii = not unicode_ok()
        self.error_message = ""  # printed after the screen is restored
        self.animation_level = "none"  # nothing moves or repaints by itself over SSH
        self.set_class(self.ascii, "-ascii")

    def get_default_screen(self) -> BrowserScreen:
        return BrowserScreen(self.options, self.dataset)

    def on_mount(self) -> None:
        # Class-wide in Textual: set by every app for its own terminal.
        plain = self.ascii or self.no_color
        ScrollBar.renderer = PlainScrollBarRender if plain else ScrollBarRender
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGHUP):  # SIGHUP: a dropped SSH connection
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, self.exit, None, 128 + sig)

    def notify(self, message: str, *, markup: bool = False, **kwargs) -> None:  # type: ignore[no-untyped-def,override]
        """Notifications quote data and typed text: never read them as markup."""
        super().notify(message, markup=markup, **kwargs)

    def fail(self, message: str, code: int = 2) -> None:
        """Quit with `message` for stderr (a filter value that names nothing)."""
        self.error_message = message
        self.exit(return_code=code)

    def get_key_display(self, binding: Binding) -> str:
        shown = super().get_key_display(binding)
        if self.ascii:
            return "".join(ASCII_KEYS.get(ch, ch if ch.isascii() else "?") for ch in shown)
        return shown

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            dots = glyphs().ellipsis
            self.push_screen(Palette(placeholder=f"Search for commands{dots}",
                                     id="--command-palette"))  # fmt: skip

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        focused = self.focused
        where = getattr(focused, "HELP_NAME", "") if focused else ""
        rows = binding_rows(self.screen.active_bindings.values(), self.get_key_display)
        title = f"Keys for {where} and the browser" if where else "Keys"
        self.push_screen(HelpScreen(rows, title))
